//! Unit tests of settings resolution.

use super::*;

/// A fixed environment for unit tests.
pub(crate) fn env_of(
    vars: &'static [(&'static str, &'static str)],
) -> impl Fn(&str) -> Option<String> {
    move |name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    }
}

fn file(text: &str) -> ConfigFile {
    parse_config(text).unwrap()
}

#[test]
fn defaults_apply_when_nothing_is_set() {
    let env = env_of(&[("USER", "ada")]);
    let s = resolve(&Overrides::default(), &env, &ConfigFile::default(), None).unwrap();
    assert_eq!(s.base_url.value.to_string(), DEFAULT_BASE_URL);
    assert_eq!(s.base_url.source, Source::Default);
    assert_eq!(
        (s.user_id.value.as_str(), s.user_name.value.as_str()),
        ("ada", "ada")
    );
    assert_eq!(s.timeout.value, DEFAULT_TIMEOUT);
    assert!(s.api_key.is_none() && s.api_secret.is_none() && s.bot.is_none());
    assert_eq!(s.require_bot().unwrap_err().exit_code(), 2);
    assert_eq!(s.require_credentials().unwrap_err().exit_code(), 3);
}

#[test]
fn each_layer_overrides_the_next() {
    let cfg =
        file("[profiles.default]\nuser_name = \"file\"\ntimeout = 5\napi_secret = \"sk_f\"\n");
    let env = env_of(&[("PEKI_USER_NAME", "env"), ("USER", "login")]);
    let s = resolve(&Overrides::default(), &env, &cfg, None).unwrap();
    assert_eq!(s.user_name.value, "env");
    assert_eq!(s.user_name.source, Source::Env("PEKI_USER_NAME"));
    assert_eq!(s.timeout.value, Duration::from_secs(5));
    assert_eq!(s.timeout.source, Source::Profile("default".into()));
    assert_eq!(
        s.api_secret.unwrap().source,
        Source::Profile("default".into())
    );
    let flags = Overrides {
        user_name: Some("flag".into()),
        timeout: Some("2.5".parse().unwrap()),
        ..Default::default()
    };
    let s = resolve(&flags, &env, &cfg, None).unwrap();
    assert_eq!(s.user_name.value, "flag");
    assert_eq!(s.timeout.value, Duration::from_millis(2500));
}

#[test]
fn bad_values_from_env_or_file_name_their_source() {
    let env = env_of(&[("PEKI_BASE_URL", "http://example.com/api")]);
    let err = resolve(&Overrides::default(), &env, &ConfigFile::default(), None).unwrap_err();
    assert!(err.to_string().contains("from env PEKI_BASE_URL"), "{err}");
    let cfg = file("[profiles.default]\ntimeout = -1\n");
    let err = resolve(&Overrides::default(), &env_of(&[]), &cfg, None).unwrap_err();
    assert_eq!(err.exit_code(), 3);
}

#[test]
fn parse_errors_carry_line_and_column() {
    let err = parse_config("[profiles.a]\nbase_url = \"https://x\n").unwrap_err();
    assert!(err.starts_with("2:"), "{err}");
    let err = parse_config("[profiles.a]\ntimeout = \"ten\"\n").unwrap_err();
    assert!(err.starts_with("2:11:"), "{err}");
}
