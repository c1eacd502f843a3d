//! The settings table: every setting declared once, with its config key, flag, environment
//! variable, kind, default and help. Resolution, provenance, the command-line flags,
//! `peki config set/get/list/check` and the README's settings table are all driven by it.
//! How a value of each kind is parsed and shown is `value`'s.

use std::fmt;

pub use super::value::{Kind, Value};

/// A setting: one row of `SETTINGS`. Its name is the config key (`api_key`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Key {
    ApiKey,
    ApiSecret,
    ApiSecretCommand,
    Bot,
    BaseUrl,
    UserId,
    UserName,
    Timeout,
    ConnectTimeout,
    Retries,
    RetryDelay,
    MaxWait,
    CaCert,
    NativeRoots,
    Proxy,
    Cache,
}

/// Where a setting's default comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    None,
    /// This text, parsed by the setting's kind (a unit test parses every one).
    Text(&'static str),
    /// The login name (`USER`, `LOGNAME`, `USERNAME`).
    Login,
}

/// A command-line flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    /// With its dashes: `--bot`.
    pub long: &'static str,
    pub short: Option<char>,
}

/// One setting.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub key: Key,
    pub kind: Kind,
    pub flag: Option<Flag>,
    pub env: Option<&'static str>,
    pub default: Default,
    /// One line for `--help` and the README.
    pub about: &'static str,
}

const fn flag(long: &'static str) -> Option<Flag> {
    Some(Flag { long, short: None })
}

/// Every setting a profile, a flag or the environment can give, in the order the docs show.
pub const SETTINGS: [Setting; 16] = [
    Setting {
        key: Key::ApiKey,
        kind: Kind::ApiKey,
        flag: flag("--api-key"),
        env: Some("PEKI_API_KEY"),
        default: Default::None,
        about: "API key (the secret comes only from PEKI_API_SECRET or the config file)",
    },
    Setting {
        key: Key::ApiSecret,
        kind: Kind::Secret,
        flag: None,
        env: Some("PEKI_API_SECRET"),
        default: Default::None,
        about: "API secret (never on the command line)",
    },
    Setting {
        key: Key::ApiSecretCommand,
        kind: Kind::Command,
        flag: None,
        env: None,
        default: Default::None,
        about: "A command that prints the API secret (instead of api_secret)",
    },
    Setting {
        key: Key::Bot,
        kind: Kind::Bot,
        flag: Some(Flag {
            long: "--bot",
            short: Some('b'),
        }),
        env: Some("PEKI_BOT"),
        default: Default::None,
        about: "Chatbot id",
    },
    Setting {
        key: Key::BaseUrl,
        kind: Kind::BaseUrl,
        flag: flag("--base-url"),
        env: Some("PEKI_BASE_URL"),
        default: Default::Text(crate::values::DEFAULT_BASE_URL),
        about: "API base URL",
    },
    Setting {
        key: Key::UserId,
        kind: Kind::Text,
        flag: flag("--user-id"),
        env: Some("PEKI_USER_ID"),
        default: Default::Login,
        about: "User id sent with the message",
    },
    Setting {
        key: Key::UserName,
        kind: Kind::Text,
        flag: flag("--user-name"),
        env: Some("PEKI_USER_NAME"),
        default: Default::Login,
        about: "User display name",
    },
    Setting {
        key: Key::Timeout,
        kind: Kind::Timeout,
        flag: flag("--timeout"),
        env: None,
        default: Default::Text("60"),
        about: "Seconds the whole request may take, retries and waits included",
    },
    Setting {
        key: Key::ConnectTimeout,
        kind: Kind::Timeout,
        flag: flag("--connect-timeout"),
        env: None,
        default: Default::Text("10"),
        about: "Seconds a connection (TCP, proxy, TLS) may take, within --timeout",
    },
    Setting {
        key: Key::Retries,
        kind: Kind::Count { max: 100 },
        flag: flag("--retries"),
        env: None,
        default: Default::Text("3"),
        about: "Retries on connect failures, resets, timeouts, 429 and 500/502/503/504",
    },
    Setting {
        key: Key::RetryDelay,
        kind: Kind::Delay { max: 3600 },
        flag: flag("--retry-delay"),
        env: None,
        default: Default::Text("0.5"),
        about: "Seconds of the first backoff step; doubled each retry up to 30, with full jitter",
    },
    Setting {
        key: Key::MaxWait,
        kind: Kind::Delay { max: 86_400 },
        flag: flag("--max-wait"),
        env: None,
        default: Default::Text("60"),
        about: "Longest wait in seconds for a rate-limit window before giving up with exit 6",
    },
    Setting {
        key: Key::CaCert,
        kind: Kind::CaBundle,
        flag: flag("--ca-cert"),
        env: Some("PEKI_CA_CERT"),
        default: Default::None,
        about: "PEM file of CA certificates trusted on top of the built-in roots",
    },
    Setting {
        key: Key::NativeRoots,
        kind: Kind::Switch,
        flag: flag("--native-roots"),
        env: None,
        default: Default::Text("false"),
        about: "Trust the operating system's certificate store instead of the built-in roots",
    },
    Setting {
        key: Key::Proxy,
        kind: Kind::Proxy,
        flag: flag("--proxy"),
        env: None,
        default: Default::None,
        about: "Proxy URL (http://[user:pass@]host:port); else HTTPS_PROXY, ALL_PROXY apply",
    },
    Setting {
        key: Key::Cache,
        kind: Kind::Ttl,
        flag: flag("--cache"),
        env: Some("PEKI_CACHE"),
        default: Default::None,
        about: "Reuse a stored reply at most this old (10m, 2h, 1d; 0 is off) and store new ones",
    },
];

impl Key {
    /// Its row of the table.
    pub fn setting(self) -> &'static Setting {
        // The table lists every key once, in declaration order (a unit test checks it).
        &SETTINGS[self as usize]
    }

    /// The config key, as in the file and `peki config set`.
    pub fn name(self) -> &'static str {
        match self {
            Key::ApiKey => "api_key",
            Key::ApiSecret => "api_secret",
            Key::ApiSecretCommand => "api_secret_command",
            Key::Bot => "bot",
            Key::BaseUrl => "base_url",
            Key::UserId => "user_id",
            Key::UserName => "user_name",
            Key::Timeout => "timeout",
            Key::ConnectTimeout => "connect_timeout",
            Key::Retries => "retries",
            Key::RetryDelay => "retry_delay",
            Key::MaxWait => "max_wait",
            Key::CaCert => "ca_cert",
            Key::NativeRoots => "native_roots",
            Key::Proxy => "proxy",
            Key::Cache => "cache",
        }
    }

    pub fn from_name(name: &str) -> Option<Key> {
        SETTINGS.iter().map(|s| s.key).find(|k| k.name() == name)
    }

    /// `api_key, api_secret, …` for messages.
    pub fn names() -> String {
        SETTINGS.map(|s| s.key.name()).join(", ")
    }

    pub fn is_secret(self) -> bool {
        self.setting().kind == Kind::Secret
    }

    /// What `config set` checks beyond the kind: credentials that look swapped are
    /// refused before they are written.
    pub fn check_storable(self, value: &Value) -> Result<(), String> {
        let text = match value {
            Value::Text(text) => text.as_str(),
            Value::Secret(secret) => secret.expose(),
            _ => "",
        };
        if text.chars().any(char::is_control) {
            return Err("it holds a line break or another control character".into());
        }
        match (self, value) {
            (Key::ApiKey, Value::Text(key)) if key.starts_with("sk_") => {
                Err("it starts with sk_, like a secret: are the key and secret swapped?".into())
            }
            (Key::ApiKey, Value::Text(key)) if !key.chars().all(|c| c.is_ascii_graphic()) => {
                Err("an API key is printable ASCII without spaces".into())
            }
            (Key::ApiSecret, Value::Secret(secret)) if secret.expose().starts_with("pk_") => {
                Err("it starts with pk_, like an API key: are the key and secret swapped?".into())
            }
            _ => Ok(()),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The README's settings table, rendered from `SETTINGS` (a test keeps the README equal).
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| config key | flag | environment | default | what it is |\n|---|---|---|---|---|\n",
    );
    for s in &SETTINGS {
        let flag = match s.flag {
            Some(Flag {
                long,
                short: Some(short),
            }) => format!("`{long}`, `-{short}`"),
            Some(Flag { long, short: None }) => format!("`{long}`"),
            None => "—".into(),
        };
        let env = s.env.map_or("—".to_string(), |e| format!("`{e}`"));
        let default = match s.default {
            Default::None => "—".to_string(),
            Default::Text(text) => format!("`{text}`"),
            Default::Login => "login name".to_string(),
        };
        out.push_str(&format!(
            "| `{}` | {flag} | {env} | {default} | {} |\n",
            s.key.name(),
            s.about
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_key_once_in_declaration_order() {
        for (index, setting) in SETTINGS.iter().enumerate() {
            assert_eq!(setting.key as usize, index, "{}", setting.key);
            assert_eq!(Key::from_name(setting.key.name()), Some(setting.key));
            let clap_name = clap::ValueEnum::to_possible_value(&setting.key).unwrap();
            assert_eq!(clap_name.get_name(), setting.key.name());
        }
    }

    #[test]
    fn every_default_parses_by_its_kind() {
        for s in &SETTINGS {
            if let Default::Text(text) = s.default {
                assert!(s.kind.parse(text).is_ok(), "{}", s.key);
            }
        }
    }

    #[test]
    fn swapped_credentials_are_not_stored() {
        let key = Kind::ApiKey.parse("sk_oops").unwrap();
        assert!(Key::ApiKey.check_storable(&key).is_err());
        let secret = Kind::Secret.parse("pk_oops").unwrap();
        assert!(Key::ApiSecret.check_storable(&secret).is_err());
        let fine = Kind::ApiKey.parse("pk_live_1").unwrap();
        assert!(Key::ApiKey.check_storable(&fine).is_ok());
    }
}
