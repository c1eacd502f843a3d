//! The keys `peki config` knows: their names, how a value is checked and typed before it
//! is written, and how a stored value is shown (secrets masked).

use std::fmt;

use super::file::Profile;
use crate::error::Error;
use crate::values::{BaseUrl, BotId, Seconds, mask};

/// A key of a `[profiles.NAME]` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    ApiKey,
    ApiSecret,
    ApiSecretCommand,
    Bot,
    BaseUrl,
    UserId,
    UserName,
    Timeout,
    Retries,
    CaCert,
    NativeRoots,
}

impl Key {
    pub const ALL: [Key; 11] = [
        Key::ApiKey,
        Key::ApiSecret,
        Key::ApiSecretCommand,
        Key::Bot,
        Key::BaseUrl,
        Key::UserId,
        Key::UserName,
        Key::Timeout,
        Key::Retries,
        Key::CaCert,
        Key::NativeRoots,
    ];

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
            Key::Retries => "retries",
            Key::CaCert => "ca_cert",
            Key::NativeRoots => "native_roots",
        }
    }

    /// `api_key, api_secret, …` for error messages.
    pub fn names() -> String {
        Key::ALL.map(Key::name).join(", ")
    }

    /// Checks `raw` for this key and gives the TOML value to store.
    pub fn parse_value(self, raw: &str) -> Result<toml_edit::Value, Error> {
        let invalid = |why: String| {
            Error::usage(format!(
                "invalid value for {self}: {why} (valid keys: {})",
                Key::names()
            ))
        };
        let raw = raw.trim();
        if raw.chars().any(char::is_control) {
            return Err(invalid(
                "it holds a line break or another control character".into(),
            ));
        }
        let text = |raw: &str| -> Result<toml_edit::Value, Error> {
            if raw.is_empty() {
                Err(invalid("it must not be empty".into()))
            } else {
                Ok(raw.into())
            }
        };
        match self {
            Key::ApiKey if raw.starts_with("sk_") => Err(invalid(
                "it starts with sk_, like a secret: are the key and secret swapped?".into(),
            )),
            Key::ApiSecret if raw.starts_with("pk_") => Err(invalid(
                "it starts with pk_, like an API key: are the key and secret swapped?".into(),
            )),
            Key::ApiKey | Key::ApiSecret | Key::ApiSecretCommand | Key::UserId | Key::UserName => {
                text(raw)
            }
            Key::Bot => raw.parse::<BotId>().map(|_| raw.into()).map_err(invalid),
            Key::BaseUrl => raw
                .parse::<BaseUrl>()
                .map(|url| url.to_string().into())
                .map_err(invalid),
            Key::Timeout => {
                let Seconds(duration) = raw.parse().map_err(invalid)?;
                let secs = duration.as_secs_f64();
                Ok(if secs.fract() == 0.0 {
                    (secs as i64).into()
                } else {
                    secs.into()
                })
            }
            Key::Retries => raw
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= crate::config::MAX_RETRIES)
                .map(|n| i64::from(n).into())
                .ok_or_else(|| invalid(format!("'{raw}' is not a whole number from 0 to 100"))),
            Key::CaCert => {
                // Stored absolute, so it means the same file from any directory.
                let path = std::path::absolute(raw.trim())
                    .map_err(|e| invalid(format!("'{raw}': {e}")))?;
                crate::client::load_ca_bundle(&path).map_err(invalid)?;
                Ok(path.display().to_string().into())
            }
            Key::NativeRoots => match raw.trim() {
                "true" => Ok(true.into()),
                "false" => Ok(false.into()),
                _ => Err(invalid(format!("'{raw}' is not true or false"))),
            },
        }
    }

    /// The stored value as text; secrets masked unless `reveal`.
    pub fn shown(self, profile: &Profile, reveal: bool) -> Option<String> {
        match self {
            // A key that is really a secret (swapped) must not be printed either.
            Key::ApiKey => profile.api_key.as_deref().map(|k| {
                if reveal {
                    k.to_string()
                } else {
                    crate::values::show_api_key(k)
                }
            }),
            Key::ApiSecret => profile
                .api_secret
                .as_deref()
                .map(|s| if reveal { s.to_string() } else { mask(s) }),
            Key::ApiSecretCommand => profile.api_secret_command.clone(),
            Key::Bot => profile.bot.clone(),
            Key::BaseUrl => profile.base_url.clone(),
            Key::UserId => profile.user_id.clone(),
            Key::UserName => profile.user_name.clone(),
            Key::Timeout => profile.timeout.map(|t| t.to_string()),
            Key::Retries => profile.retries.map(|r| r.to_string()),
            Key::CaCert => profile.ca_cert.clone(),
            Key::NativeRoots => profile.native_roots.map(|b| b.to_string()),
        }
    }
}

impl std::str::FromStr for Key {
    type Err = Error;

    fn from_str(name: &str) -> Result<Self, Error> {
        Key::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                Error::usage(format!(
                    "unknown config key '{name}' (valid keys: {})",
                    Key::names()
                ))
            })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_and_bad_values_are_usage_errors_listing_keys() {
        let err = "api_kye".parse::<Key>().unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string().contains("valid keys: api_key, api_secret"),
            "{err}"
        );
        for (key, bad) in [
            (Key::BaseUrl, "not a url"),
            (Key::BaseUrl, "http://example.com/api"),
            (Key::Timeout, "-1"),
            (Key::Timeout, "soon"),
            (Key::Retries, "-1"),
            (Key::Bot, "a b"),
            (Key::UserName, " "),
            (Key::ApiKey, "sk_oops"),
            (Key::ApiSecret, "pk_oops"),
        ] {
            let err = key.parse_value(bad).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{key} {bad}");
            assert!(err.to_string().contains("valid keys:"), "{err}");
        }
    }

    #[test]
    fn values_are_stored_with_their_type() {
        assert_eq!(
            Key::Timeout.parse_value("30").unwrap().as_integer(),
            Some(30)
        );
        assert_eq!(
            Key::Timeout.parse_value("2.5").unwrap().as_float(),
            Some(2.5)
        );
        assert_eq!(Key::Retries.parse_value("5").unwrap().as_integer(), Some(5));
        assert_eq!(
            Key::BaseUrl
                .parse_value("https://x.example/api/")
                .unwrap()
                .as_str(),
            Some("https://x.example/api")
        );
    }

    #[test]
    fn secrets_are_shown_masked_unless_revealed() {
        let profile = Profile {
            api_secret: Some("sk_live_abcdefgh3f9a".into()),
            ..Default::default()
        };
        assert_eq!(Key::ApiSecret.shown(&profile, false).unwrap(), "sk_…3f9a");
        assert_eq!(
            Key::ApiSecret.shown(&profile, true).unwrap(),
            "sk_live_abcdefgh3f9a"
        );
    }
}
