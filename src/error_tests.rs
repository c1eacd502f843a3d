//! Unit tests of the error tree: exit codes, kinds and one-line messages.

use super::*;

fn api(status: u16) -> Error {
    Error::Api(Box::new(ApiFailure {
        status,
        ..Default::default()
    }))
}

fn invalid(origin: Source) -> Error {
    Error::Config(ConfigError::Invalid {
        setting: "timeout",
        origin,
        at: None,
        reason: "no".into(),
    })
}

#[test]
fn statuses_map_to_design_exit_codes() {
    let codes: Vec<u8> = [400, 401, 403, 404, 429, 500, 503, 200]
        .map(|status| api(status).exit_code())
        .to_vec();
    assert_eq!(codes, [2, 4, 4, 5, 6, 7, 7, 7]);
    let net = Error::Network(NetworkError::new(NetworkKind::Timeout, "t"));
    assert_eq!((net.exit_code(), net.kind()), (8, "timeout"));
}

#[test]
fn bad_values_are_usage_errors_from_the_caller_and_config_errors_from_the_file() {
    for origin in [
        Source::Flag("--timeout"),
        Source::Env("PEKI_BOT"),
        Source::Argument,
    ] {
        let error = invalid(origin);
        assert_eq!((error.exit_code(), error.kind()), (2, "usage"));
    }
    for origin in [Source::Profile("p".into()), Source::File("default_profile")] {
        let error = invalid(origin);
        assert_eq!((error.exit_code(), error.kind()), (3, "config"));
    }
    assert_eq!(Error::Config(ConfigError::MissingBot).exit_code(), 2);
    assert_eq!(Error::Config(ConfigError::MissingApiKey).exit_code(), 3);
    let roots = |native_roots| {
        Error::Config(ConfigError::RootsConflict {
            native_roots,
            at: None,
        })
        .exit_code()
    };
    assert_eq!(roots(Source::Flag("--native-roots")), 2);
    assert_eq!(roots(Source::Profile("p".into())), 3);
    assert_eq!(Error::Usage(UsageError::EmptyMessage).exit_code(), 2);
    assert_eq!(Error::Input(InputError::NotUtf8).exit_code(), 2);
}

#[test]
fn a_failed_expectation_exits_9() {
    let error = Error::Expectation {
        failed: 1,
        total: 2,
    };
    assert_eq!((error.exit_code(), error.kind()), (9, "expectation_failed"));
    assert_eq!(error.to_string(), "1 of 2 expectations failed");
}

#[test]
fn lines_a_batch_did_not_send_exit_with_why_it_stopped() {
    let quota = Error::NotSent(Stop::RateLimit {
        reset: None,
        max_wait: None,
    });
    assert_eq!((quota.exit_code(), quota.kind()), (6, "not_sent"));
    assert!(quota.to_string().contains("--resume"), "{quota}");
    let refused = Error::NotSent(Stop::Unauthorized);
    assert_eq!((refused.exit_code(), refused.kind()), (4, "not_sent"));
    let beyond = Stop::RateLimit {
        reset: Some(0),
        max_wait: Some(std::time::Duration::from_secs(60)),
    };
    assert!(
        beyond.to_string().ends_with("beyond --max-wait 60s"),
        "{beyond}"
    );
    let interrupted = Error::Interrupted {
        name: "SIGINT",
        signal: 2,
    };
    assert_eq!(interrupted.exit_code(), 130);
    let bad = Error::Usage(UsageError::BadLine {
        line: 7,
        reason: "not valid UTF-8".into(),
    });
    assert_eq!(
        (bad.exit_code(), bad.to_string().as_str()),
        (2, "line 7: not valid UTF-8")
    );
}

#[test]
fn a_failed_write_of_the_output_is_its_own_failure() {
    let error = Error::Output(std::io::Error::from_raw_os_error(28));
    assert_eq!((error.exit_code(), error.kind()), (1, "output"));
    assert!(
        error.to_string().starts_with("cannot write the output: "),
        "{error}"
    );
}
