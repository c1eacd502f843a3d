//! The values of settings: how a value of each kind is parsed (from a flag, the
//! environment, `config set`, or a TOML value in the file), typed, written back as TOML,
//! and shown (secrets masked). Messages never quote a value that could be a secret.

use std::path::PathBuf;
use std::time::Duration;

use crate::values::{BaseUrl, BotId, ProxyUrl, Seconds, Secret, mask};

/// What a setting holds, and so how its values are checked, stored and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text, not blank (user id and name).
    Text,
    /// The API key: a public identifier, printable ASCII.
    ApiKey,
    /// The API secret: never shown in full, never taken from the command line.
    Secret,
    /// A shell command whose first line of output is the secret.
    Command,
    Bot,
    BaseUrl,
    /// Seconds from 0.001 to 86,400, decimals allowed.
    Timeout,
    /// Seconds from 0 up to `max`, decimals allowed.
    Delay {
        max: u32,
    },
    /// A whole number from 0 to `max`.
    Count {
        max: u32,
    },
    /// A PEM file of CA certificates, stored as an absolute path.
    CaBundle,
    /// On or off; as a flag, present means on.
    Switch,
    Proxy,
    /// An age: whole seconds, or a duration with units (`10m`, `1h30m`, `1d`) up to
    /// `MAX_TTL`; 0 is off.
    Ttl,
}

/// The longest `Kind::Ttl`: a year.
pub const MAX_TTL: Duration = Duration::from_secs(366 * 86_400);

/// A setting's value, typed by its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Secret(Secret),
    Bot(BotId),
    BaseUrl(BaseUrl),
    Duration(Duration),
    Count(u32),
    Path(PathBuf),
    Switch(bool),
    Proxy(ProxyUrl),
}

impl Kind {
    /// Parses text (a flag, an environment variable, `config set`). Errors never quote a
    /// value that could be a secret.
    pub fn parse(self, raw: &str) -> Result<Value, String> {
        let text = raw.trim();
        // Credentials are checked, without being quoted, when a request needs them
        // (`Settings::require_credentials`), as configuration errors.
        let credential = matches!(self, Kind::ApiKey | Kind::Secret);
        if !credential && text.chars().any(char::is_control) {
            return Err("it holds a line break or another control character".into());
        }
        if text.is_empty() {
            return Err("it must not be empty".into());
        }
        match self {
            Kind::Text | Kind::Command => Ok(Value::Text(text.to_string())),
            // Swapped or malformed credentials are caught when a request needs them, with
            // a message that never quotes them (`Settings::require_credentials`).
            Kind::ApiKey => Ok(Value::Text(text.to_string())),
            Kind::Secret => Ok(Value::Secret(Secret::new(text))),
            Kind::Bot => text.parse().map(Value::Bot),
            Kind::BaseUrl => text.parse().map(Value::BaseUrl),
            Kind::Timeout => text.parse::<Seconds>().map(|Seconds(d)| Value::Duration(d)),
            Kind::Delay { max } => parse_delay(text, max).map(Value::Duration),
            Kind::Count { max } => text
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= max)
                .map(Value::Count)
                .ok_or_else(|| format!("{} is not a whole number from 0 to {max}", shown(text))),
            // Stored absolute, so that it names the same file from any directory; it is
            // read (and checked) when a request needs it.
            Kind::CaBundle => std::path::absolute(text)
                .map(Value::Path)
                .map_err(|e| format!("{}: {e}", shown(text))),
            Kind::Switch => match text {
                "true" => Ok(Value::Switch(true)),
                "false" => Ok(Value::Switch(false)),
                _ => Err(format!("{} is not true or false", shown(text))),
            },
            Kind::Proxy => text.parse().map(Value::Proxy),
            Kind::Ttl => parse_ttl(text).map(Value::Duration),
        }
    }

    /// Whether a TOML value has the type this kind stores; the error says what was
    /// expected and what was found, never the value itself.
    pub fn check_toml_type(self, value: &toml::Value) -> Result<(), String> {
        let fits = match self {
            Kind::Timeout | Kind::Delay { .. } => value.is_integer() || value.is_float(),
            Kind::Count { .. } => value.is_integer(),
            Kind::Switch => value.is_bool(),
            Kind::Ttl => value.is_str() || value.is_integer(),
            _ => value.is_str(),
        };
        if fits {
            Ok(())
        } else {
            Err(format!(
                "expected {}, found {}",
                self.expected(),
                value.type_str()
            ))
        }
    }

    /// Checks and types a value from the config file.
    pub fn from_toml(self, value: &toml::Value) -> Result<Value, String> {
        self.check_toml_type(value)?;
        match (self, value) {
            // Numbers are checked as numbers: a message never quotes 300 digits of `1e300`.
            (Kind::Timeout | Kind::Delay { .. } | Kind::Count { .. }, toml::Value::Integer(n)) => {
                self.number(*n as f64)
            }
            (Kind::Timeout | Kind::Delay { .. }, toml::Value::Float(x)) => self.number(*x),
            (Kind::Ttl, toml::Value::Integer(n)) => self.parse(&n.to_string()),
            (Kind::Switch, toml::Value::Boolean(b)) => Ok(Value::Switch(*b)),
            (
                Kind::Text
                | Kind::ApiKey
                | Kind::Secret
                | Kind::Command
                | Kind::Bot
                | Kind::BaseUrl
                | Kind::CaBundle
                | Kind::Proxy
                | Kind::Ttl,
                toml::Value::String(text),
            ) => self.parse(text),
            // `check_toml_type` let only the pairs above through.
            (kind, other) => Err(format!(
                "expected {}, found {}",
                kind.expected(),
                other.type_str()
            )),
        }
    }

    /// A number from the file, checked against this kind's range.
    fn number(self, value: f64) -> Result<Value, String> {
        let (min, max) = match self {
            Kind::Timeout => (0.001, 86_400.0),
            Kind::Delay { max } => (0.0, f64::from(max)),
            Kind::Count { max } => (0.0, f64::from(max)),
            _ => return Err(format!("expected {}", self.expected())),
        };
        if !(value.is_finite() && (min..=max).contains(&value)) {
            return Err(format!("it must be from {min} to {max}"));
        }
        Ok(match self {
            // Whole and within range: exact.
            Kind::Count { .. } => Value::Count(value as u32),
            _ => Value::Duration(std::time::Duration::from_secs_f64(value)),
        })
    }

    /// What a value of this kind looks like, for messages and `--help`.
    pub fn expected(self) -> &'static str {
        match self {
            Kind::Timeout | Kind::Delay { .. } => "a number of seconds",
            Kind::Count { .. } => "a whole number",
            Kind::Switch => "true or false",
            Kind::Ttl => "a duration (10m, 1d) or whole seconds",
            _ => "a string",
        }
    }

    /// The placeholder in `--help` (`--bot <ID>`).
    pub fn value_name(self) -> &'static str {
        match self {
            Kind::Text => "TEXT",
            Kind::ApiKey => "KEY",
            Kind::Secret => "SECRET",
            Kind::Command => "COMMAND",
            Kind::Bot => "ID",
            Kind::BaseUrl | Kind::Proxy => "URL",
            Kind::Timeout | Kind::Delay { .. } => "SECS",
            Kind::Count { .. } => "N",
            Kind::CaBundle => "FILE",
            Kind::Switch => "BOOL",
            Kind::Ttl => "TTL",
        }
    }
}

/// `0`, `2.5`: seconds from 0 to `max`.
fn parse_delay(text: &str, max: u32) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && (0.0..=f64::from(max)).contains(s))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{} is not a number of seconds from 0 to {max}", shown(text)))
}

/// `3600`, `10m`, `1h30m`, `1d`, `2 days`: whole seconds, or a duration in jiff's friendly
/// format where a day is 24 hours. Months and years are refused (their length varies).
fn parse_ttl(text: &str) -> Result<Duration, String> {
    let bad = || {
        format!(
            "{} is not a duration such as 90 (seconds), 10m, 2h or 1d, up to 366d",
            shown(text)
        )
    };
    let duration = match text.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => {
            let span: jiff::Span = text.parse().map_err(|_| bad())?;
            let signed = span
                .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
                .map_err(|_| bad())?;
            Duration::try_from(signed).map_err(|_| bad())?
        }
    };
    if duration > MAX_TTL {
        return Err(bad());
    }
    Ok(duration)
}

/// A value quoted for a message, masked when it could be a secret pasted in the wrong
/// place (`retries = "sk_live_…"`).
fn shown(text: &str) -> String {
    if crate::values::looks_secret(text) {
        format!("'{}'", mask(text))
    } else {
        format!("'{text}'")
    }
}

impl Value {
    /// The value as stored in the file by `config set`.
    pub fn to_toml(&self) -> toml_edit::Value {
        match self {
            Value::Text(text) => text.as_str().into(),
            Value::Secret(secret) => secret.expose().into(),
            Value::Bot(bot) => bot.as_str().into(),
            Value::BaseUrl(url) => url.to_string().into(),
            Value::Duration(d) => {
                let secs = d.as_secs_f64();
                if secs.fract() == 0.0 && secs < 1e15 {
                    // Whole seconds below 1e15 are exact as i64.
                    (secs as i64).into()
                } else {
                    secs.into()
                }
            }
            Value::Count(n) => i64::from(*n).into(),
            Value::Path(path) => path.display().to_string().into(),
            Value::Switch(on) => (*on).into(),
            Value::Proxy(proxy) => proxy.expose().into(),
        }
    }

    /// The value for people: secrets masked, a key that looks like a secret masked too,
    /// a proxy's credentials masked.
    pub fn shown(&self) -> String {
        match self {
            Value::Text(text) if crate::values::looks_secret(text) => mask(text),
            Value::Text(text) => text.clone(),
            Value::Secret(secret) => secret.masked(),
            Value::Bot(bot) if crate::values::looks_secret(bot.as_str()) => mask(bot.as_str()),
            Value::Bot(bot) => bot.to_string(),
            Value::BaseUrl(url) => url.to_string(),
            Value::Duration(d) => format!("{}s", d.as_secs_f64()),
            Value::Count(n) => n.to_string(),
            Value::Path(path) => crate::values::mask_secret_tokens(&path.display().to_string()),
            Value::Switch(on) => on.to_string(),
            Value::Proxy(proxy) => proxy.to_string(),
        }
    }

    /// The value in full, for `config get --reveal`.
    pub fn revealed(&self) -> String {
        match self {
            Value::Secret(secret) => secret.expose().to_string(),
            Value::Text(text) => text.clone(),
            Value::Proxy(proxy) => proxy.expose().to_string(),
            other => other.shown(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_and_typed() {
        assert_eq!(
            Kind::Timeout.parse("2.5"),
            Ok(Value::Duration(Duration::from_millis(2500)))
        );
        assert_eq!(Kind::Count { max: 100 }.parse(" 5 "), Ok(Value::Count(5)));
        assert_eq!(
            Kind::Delay { max: 60 }.parse("0"),
            Ok(Value::Duration(Duration::ZERO))
        );
        for (kind, bad) in [
            (Kind::BaseUrl, "not a url"),
            (Kind::BaseUrl, "http://example.com/api"),
            (Kind::Timeout, "-1"),
            (Kind::Timeout, "soon"),
            (Kind::Count { max: 100 }, "-1"),
            (Kind::Count { max: 100 }, "101"),
            (Kind::Delay { max: 60 }, "61"),
            (Kind::Bot, "a b"),
            (Kind::Text, " "),
            (Kind::Text, "a\nb"),
            (Kind::Switch, "yes"),
            (Kind::Proxy, "socks5://p:1"),
            (Kind::Ttl, "-1h"),
            (Kind::Ttl, "1 month"),
            (Kind::Ttl, "367d"),
            (Kind::Ttl, "soon"),
            (Kind::Ttl, "1.5"),
        ] {
            assert!(kind.parse(bad).is_err(), "{kind:?} {bad:?}");
        }
    }

    #[test]
    fn ttls_take_seconds_or_units_with_days_of_24_hours() {
        let secs = |text: &str| match Kind::Ttl.parse(text) {
            Ok(Value::Duration(d)) => d.as_secs(),
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(secs("0"), 0);
        assert_eq!(secs("90"), 90);
        assert_eq!(secs("10m"), 600);
        assert_eq!(secs("1h30m"), 5400);
        assert_eq!(secs("1d"), 86_400);
        assert_eq!(secs("2 days"), 172_800);
        assert_eq!(secs("1w"), 604_800);
        assert_eq!(
            Kind::Ttl.from_toml(&toml::Value::Integer(60)),
            Ok(Value::Duration(Duration::from_secs(60)))
        );
        assert!(Kind::Ttl.from_toml(&toml::Value::Boolean(true)).is_err());
    }

    #[test]
    fn toml_types_are_checked_without_quoting_the_value() {
        let secret = toml::Value::String("sk_live_0123456789abcdef".into());
        for kind in [Kind::Count { max: 100 }, Kind::Timeout, Kind::Switch] {
            let err = kind.from_toml(&secret).unwrap_err();
            assert!(!err.contains("sk_live"), "{err}");
            assert!(err.contains("found string"), "{err}");
        }
        let err = Kind::Count { max: 100 }
            .parse("sk_live_0123456789abcdef")
            .unwrap_err();
        assert!(!err.contains("0123456789"), "{err}");
        assert_eq!(
            Kind::Timeout.from_toml(&toml::Value::Integer(30)),
            Ok(Value::Duration(Duration::from_secs(30)))
        );
    }

    #[test]
    fn stored_values_keep_their_type_and_shown_values_hide_secrets() {
        assert_eq!(
            Value::Duration(Duration::from_secs(30))
                .to_toml()
                .as_integer(),
            Some(30)
        );
        assert_eq!(
            Value::Duration(Duration::from_millis(2500))
                .to_toml()
                .as_float(),
            Some(2.5)
        );
        let secret = Value::Secret(Secret::new("sk_live_abcdefgh3f9a"));
        assert_eq!(secret.shown(), "sk_…3f9a");
        assert_eq!(secret.revealed(), "sk_live_abcdefgh3f9a");
        let key_that_is_a_secret = Value::Text("sk_live_abcdefgh3f9a".into());
        assert_eq!(key_that_is_a_secret.shown(), "sk_…3f9a");
    }
}
