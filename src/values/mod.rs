//! Validated values, parsed once at the edge (flags, env, config file) and trusted after:
//! `BotId`, `ProfileName`, `Seconds`, `Probability` here; URLs in `url`, secrets in
//! `secret`. No I/O.

mod secret;
mod url;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

pub use secret::{
    Credentials, Secret, looks_secret, mask, mask_secret_tokens, secret_tokens, show_api_key,
};
pub use url::{
    BaseUrl, DEFAULT_BASE_URL, FileUrl, ProxyUrl, is_loopback_host, redact_url, redact_urls_in,
};

/// A chatbot id made only of URL-unreserved characters, so that the path we sign is the
/// path we send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotId(String);

impl BotId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for BotId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err("the chatbot id is empty".into());
        }
        match s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')))
        {
            Some(bad) => Err(format!(
                "invalid chatbot id '{}': {:?} is not allowed (use letters, digits, '-', '.', '_', '~')",
                s.escape_debug(),
                bad
            )),
            None if s == "." || s == ".." => Err(format!("invalid chatbot id '{s}'")),
            None => Ok(BotId(s.to_string())),
        }
    }
}

impl fmt::Display for BotId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A profile name fit to print and to find again: not blank, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProfileName(String);

impl ProfileName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ProfileName {
    /// `default`: the profile used when none is named.
    fn default() -> Self {
        ProfileName("default".to_string())
    }
}

impl FromStr for ProfileName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().is_empty() || s.chars().any(|c| c.is_control() || is_bidi(c)) {
            Err(format!(
                "invalid profile name {:?}",
                s.escape_debug().to_string()
            ))
        } else {
            Ok(ProfileName(s.to_string()))
        }
    }
}

impl fmt::Display for ProfileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_bidi(c: char) -> bool {
    crate::text::is_bidi_control(c)
}

/// A positive number of seconds, whole or decimal (`60`, `2.5`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seconds(pub Duration);

impl FromStr for Seconds {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let secs: f64 = s
            .trim()
            .parse()
            .map_err(|_| format!("invalid number of seconds '{s}'"))?;
        Seconds::try_from_f64(secs)
    }
}

impl Seconds {
    pub fn try_from_f64(secs: f64) -> Result<Self, String> {
        if secs.is_finite() && (0.001..=86_400.0).contains(&secs) {
            Ok(Seconds(Duration::from_secs_f64(secs)))
        } else {
            Err("it must be from 0.001 to 86400 seconds".to_string())
        }
    }
}

/// A probability from 0 to 1, such as a fault rate (`0.2`).
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Probability(f64);

impl Probability {
    pub fn value(self) -> f64 {
        self.0
    }
}

impl FromStr for Probability {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().parse::<f64>() {
            Ok(p) if (0.0..=1.0).contains(&p) => Ok(Probability(p)),
            _ => Err(format!("'{s}' is not a probability from 0 to 1 (e.g. 0.2)")),
        }
    }
}

impl fmt::Display for Probability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bot_ids_allow_only_unreserved_characters() {
        for ok in ["sandbox", "bot-42", "a.b_c~D9"] {
            assert!(ok.parse::<BotId>().is_ok(), "{ok}");
        }
        for bad in ["", "a b", "a/b", "a%20b", "ü", "a?b", "..", "."] {
            assert!(bad.parse::<BotId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn profile_names_are_printable() {
        assert_eq!("work".parse::<ProfileName>().unwrap().as_str(), "work");
        for bad in ["", "  ", "a\nb", "x\u{202E}y"] {
            assert!(bad.parse::<ProfileName>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn probabilities_are_from_zero_to_one() {
        assert_eq!("0.25".parse::<Probability>().unwrap().value(), 0.25);
        assert_eq!(" 1 ".parse::<Probability>().unwrap().value(), 1.0);
        for bad in ["-0.1", "1.5", "x", "NaN", ""] {
            assert!(bad.parse::<Probability>().is_err(), "{bad}");
        }
    }

    #[test]
    fn seconds_accept_decimals_and_reject_nonsense() {
        assert_eq!(
            "2.5".parse::<Seconds>().unwrap().0,
            Duration::from_millis(2500)
        );
        for bad in ["0", "0.0000001", "-1", "abc", "inf", "NaN", "100000"] {
            assert!(bad.parse::<Seconds>().is_err(), "{bad}");
        }
    }
}
