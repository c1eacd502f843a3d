//! Unit tests of settings resolution.

use std::path::Path;
use std::time::Duration;

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
    parse_config(Path::new("config.toml"), text).unwrap()
}

fn resolved(
    overrides: &Overrides,
    env: &dyn Fn(&str) -> Option<String>,
    text: &str,
) -> Result<Settings, ConfigError> {
    resolve(overrides, env, &file(text))
}

#[test]
fn defaults_apply_when_nothing_is_set() {
    let env = env_of(&[("USER", "ada")]);
    let s = resolved(&Overrides::default(), &env, "").unwrap();
    assert_eq!(s.base_url().to_string(), crate::values::DEFAULT_BASE_URL);
    assert_eq!(s.get(Key::BaseUrl).unwrap().source, Source::Default);
    assert_eq!((s.user_id(), s.user_name()), ("ada", "ada"));
    assert_eq!(s.timeout(), Duration::from_secs(60));
    assert_eq!(s.retries(), 3);
    assert_eq!(s.retry_delay(), Duration::from_millis(500));
    assert_eq!(s.max_wait(), Duration::from_secs(60));
    assert_eq!(s.roots().unwrap(), Roots::Builtin);
    assert!(s.get(Key::ApiKey).is_none() && s.secret_spec().is_none() && s.bot().is_none());
    assert!(matches!(s.require_bot(), Err(ConfigError::MissingBot)));
    assert!(matches!(
        s.require_credentials(),
        Err(ConfigError::MissingApiKey)
    ));
}

#[test]
fn every_setting_with_a_default_is_always_resolved() {
    let s = resolved(&Overrides::default(), &env_of(&[]), "").unwrap();
    for setting in &SETTINGS {
        let expected = setting.default != table::Default::None;
        assert_eq!(s.get(setting.key).is_some(), expected, "{}", setting.key);
    }
}

#[test]
fn each_layer_overrides_the_next() {
    let text = "[profiles.default]\nuser_name = \"file\"\ntimeout = 5\napi_secret = \"sk_f\"\n";
    let env = env_of(&[("PEKI_USER_NAME", "env"), ("USER", "login")]);
    let s = resolved(&Overrides::default(), &env, text).unwrap();
    assert_eq!(s.user_name(), "env");
    assert_eq!(
        s.get(Key::UserName).unwrap().source,
        Source::Env("PEKI_USER_NAME")
    );
    assert_eq!(s.timeout(), Duration::from_secs(5));
    assert_eq!(
        s.get(Key::Timeout).unwrap().source,
        Source::Profile("default".into())
    );
    assert_eq!(
        s.secret_spec().unwrap().source,
        Source::Profile("default".into())
    );
    let flags = Overrides {
        values: [
            (Key::UserName, Value::Text("flag".into())),
            (Key::Timeout, Value::Duration(Duration::from_millis(2500))),
        ]
        .into(),
        ..Overrides::default()
    };
    let s = resolved(&flags, &env, text).unwrap();
    assert_eq!(s.user_name(), "flag");
    assert_eq!(
        s.get(Key::UserName).unwrap().source,
        Source::Flag("--user-name")
    );
    assert_eq!(s.timeout(), Duration::from_millis(2500));
}

#[test]
fn bad_values_name_their_source_and_class() {
    let env = env_of(&[("PEKI_BASE_URL", "http://example.com/api")]);
    let err = resolved(&Overrides::default(), &env, "").unwrap_err();
    assert!(
        matches!(
            &err,
            ConfigError::Invalid {
                setting: "base_url",
                origin: Source::Env("PEKI_BASE_URL"),
                ..
            }
        ),
        "{err:?}"
    );
    let err = resolved(
        &Overrides::default(),
        &env_of(&[]),
        "[profiles.default]\n\ntimeout = -1\n",
    )
    .unwrap_err();
    let ConfigError::Invalid { at: Some(at), .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!((at.line, at.column), (3, 11));
}

#[test]
fn a_bad_value_in_the_file_matters_only_when_it_is_used() {
    let text = "[profiles.default]\ntimeout = -1\n[profiles.other]\nbase_url = \"nope\"\n";
    let flags = Overrides {
        values: [(Key::Timeout, Value::Duration(Duration::from_secs(1)))].into(),
        ..Overrides::default()
    };
    assert!(resolved(&flags, &env_of(&[]), text).is_ok());
}

#[test]
fn the_profile_comes_from_flag_env_file_or_the_default_name() {
    let text = "default_profile = \"b\"\n[profiles.a]\n[profiles.b]\n[profiles.default]\n";
    let chosen = |overrides: &Overrides, env: &dyn Fn(&str) -> Option<String>| {
        let profile = resolved(overrides, env, text).unwrap().profile.unwrap();
        (profile.value.to_string(), profile.source)
    };
    let flag = Overrides {
        profile: Some("a".parse().unwrap()),
        ..Overrides::default()
    };
    assert_eq!(
        chosen(&flag, &env_of(&[("PEKI_PROFILE", "b")])),
        ("a".into(), Source::Flag("--profile"))
    );
    assert_eq!(
        chosen(&Overrides::default(), &env_of(&[("PEKI_PROFILE", "a")])),
        ("a".into(), Source::Env("PEKI_PROFILE"))
    );
    assert_eq!(
        chosen(&Overrides::default(), &env_of(&[])),
        ("b".into(), Source::File("default_profile"))
    );
    let implicit = resolve(
        &Overrides::default(),
        &env_of(&[]),
        &file("[profiles.default]\n"),
    )
    .unwrap()
    .profile
    .unwrap();
    assert_eq!(implicit.source, Source::Default);
    let err = resolved(
        &Overrides::default(),
        &env_of(&[("PEKI_PROFILE", "nope")]),
        text,
    )
    .unwrap_err();
    assert!(
        matches!(&err, ConfigError::UnknownProfile { known, .. } if known.len() == 3),
        "{err:?}"
    );
}

#[test]
fn a_secret_and_a_secret_command_in_one_profile_conflict_unless_the_env_decides() {
    let text = "[profiles.default]\napi_secret = \"sk_a\"\napi_secret_command = \"pass x\"\n";
    assert!(matches!(
        resolved(&Overrides::default(), &env_of(&[]), text),
        Err(ConfigError::BothSecrets { .. })
    ));
    let env = env_of(&[("PEKI_API_SECRET", "sk_env")]);
    let s = resolved(&Overrides::default(), &env, text).unwrap();
    assert_eq!(
        s.secret_spec().unwrap().source,
        Source::Env("PEKI_API_SECRET")
    );
}

#[test]
fn swapped_credentials_are_caught_before_any_request() {
    let env = env_of(&[("PEKI_API_KEY", "sk_oops"), ("PEKI_API_SECRET", "pk_oops")]);
    let s = resolved(&Overrides::default(), &env, "").unwrap();
    assert!(matches!(s.require_credentials(), Err(ConfigError::Swapped)));
}

#[test]
fn the_readme_settings_table_is_the_one_the_table_renders() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        readme.contains(&table::markdown_table()),
        "README.md's settings table is stale; it should read:\n{}",
        table::markdown_table()
    );
}

/// A CA bundle and the system store: the one given at the higher level wins; both at one
/// level is an error that says where (the profile's line, or the two flags).
#[test]
fn a_ca_bundle_and_the_system_store_settle_by_level() {
    let flag = |key: Key, value: Value| Overrides {
        values: [(key, value)].into(),
        ..Overrides::default()
    };
    let ca_flag = flag(Key::CaCert, Value::Path("/ca.pem".into()));
    let native_flag = flag(Key::NativeRoots, Value::Switch(true));
    let none = env_of(&[]);
    let ca_env = env_of(&[("PEKI_CA_CERT", "/env.pem")]);
    let native_file = "[profiles.default]\nnative_roots = true\n";
    let ca_file = "[profiles.default]\nca_cert = \"/file.pem\"\n";
    let both_file = "[profiles.default]\nca_cert = \"/file.pem\"\nnative_roots = true\n";
    let roots = |o: &Overrides, env: &dyn Fn(&str) -> Option<String>, text: &str| {
        resolved(o, env, text)
            .unwrap()
            .roots()
            .map(|roots| match roots {
                Roots::Bundle(path, _) => path.display().to_string(),
                other => format!("{other:?}"),
            })
    };
    assert_eq!(roots(&ca_flag, &none, native_file).unwrap(), "/ca.pem");
    assert_eq!(
        roots(&Overrides::default(), &ca_env, native_file).unwrap(),
        "/env.pem"
    );
    assert_eq!(roots(&native_flag, &none, ca_file).unwrap(), "Native");
    assert_eq!(roots(&native_flag, &ca_env, "").unwrap(), "Native");
    assert_eq!(
        roots(
            &Overrides::default(),
            &none,
            "[profiles.default]\nca_cert = \"/f.pem\"\nnative_roots = false\n"
        )
        .unwrap(),
        "/f.pem"
    );

    let err = roots(&Overrides::default(), &none, both_file).unwrap_err();
    assert!(
        matches!(&err, ConfigError::RootsConflict { native_roots: Source::Profile(_), at: Some(at) } if at.line == 3),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "config.toml:3:16: ca_cert and native_roots cannot be combined in profile 'default': \
         remove one (`peki config unset native_roots`: the bundle is trusted on top of the \
         built-in roots)"
    );
    let both_flags = Overrides {
        values: [
            (Key::CaCert, Value::Path("/ca.pem".into())),
            (Key::NativeRoots, Value::Switch(true)),
        ]
        .into(),
        ..Overrides::default()
    };
    let err = roots(&both_flags, &none, "").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("--ca-cert and --native-roots cannot be combined"),
        "{err}"
    );
}
