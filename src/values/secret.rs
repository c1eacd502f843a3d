//! Secrets and credentials: a `Secret` that never formats in full, masks for text that
//! may be one, and the API key as logs may show it.

use std::fmt;

/// What a signed request needs: the API key (a public identifier) and the secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub api_key: String,
    pub api_secret: Secret,
}

/// A secret whose `Debug` and `Display` show only a mask (`sk_…3f9a`), so that no log line
/// or error can print it by accident. `expose` is the one way to the text.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Self {
        Secret(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.masked())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// `sk_…3f9a`: the prefix and, for long enough values, the last four characters.
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let prefix: String = if text.starts_with("sk_") || text.starts_with("pk_") {
        chars[..3].iter().collect()
    } else {
        String::new()
    };
    if chars.len() >= 12 {
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{prefix}…{tail}")
    } else {
        format!("{prefix}…")
    }
}

/// Whether text looks like a secret: `sk_…`, or a long token of letters and digits that is
/// not an API key. Such text is masked wherever a value is quoted in a message.
pub fn looks_secret(text: &str) -> bool {
    let token = text.len() >= 24
        && !text.starts_with("pk_")
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_+/=.".contains(c))
        && text.chars().any(|c| c.is_ascii_digit())
        && text.chars().any(|c| c.is_ascii_alphabetic());
    text.starts_with("sk_") || token
}

/// Text with every `sk_…` token in it masked (`sk_…3f9a`): a secret pasted where a URL, a
/// chatbot id or a path was expected must not reach a message. Tokens run over letters,
/// digits and `_-+=.`; other text is kept as it is.
pub fn mask_secret_tokens(text: &str) -> String {
    let mut out = text.to_string();
    for token in secret_tokens(text) {
        out = out.replace(token, &mask(token));
    }
    out
}

/// The `sk_…` tokens of `text`, longest first (so that replacing them one by one never
/// cuts a longer one), leaving out ones already masked (`sk_…3f9a`).
pub fn secret_tokens(text: &str) -> Vec<&str> {
    let token = |c: char| c.is_ascii_alphanumeric() || "_-+=.".contains(c);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("sk_").map(|i| from + i) {
        let starts_token = text[..at].chars().next_back().is_none_or(|c| !token(c));
        let end = text[at..]
            .find(|c: char| !token(c))
            .map_or(text.len(), |i| at + i);
        let masked = text[end..].starts_with('…');
        if starts_token && !masked {
            found.push(&text[at..end]);
        }
        from = end.max(at + 3);
    }
    found.sort_by_key(|t| std::cmp::Reverse(t.len()));
    found.dedup();
    found
}

/// An API key as shown in logs and `--verbose`: in full when it looks like a key (keys are
/// public identifiers), masked otherwise, since it could be a secret in the wrong place.
pub fn show_api_key(key: &str) -> String {
    if key.starts_with("pk_") && key.len() <= 80 && key.chars().all(|c| c.is_ascii_graphic()) {
        key.to_string()
    } else {
        mask(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_looking_text_is_recognised() {
        for secret in ["sk_x", "sk_live_abc", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA=="] {
            assert!(looks_secret(secret), "{secret}");
        }
        for plain in [
            "pk_live_0123456789abcdefghijklmnop",
            "ada",
            "ten",
            "https://example.com/api",
        ] {
            assert!(!looks_secret(plain), "{plain}");
        }
    }

    #[test]
    fn secret_tokens_in_a_message_are_masked() {
        assert_eq!(
            mask_secret_tokens("invalid chatbot id 'sk_live_0123456789abcd/x': '/' is not allowed"),
            "invalid chatbot id 'sk_…abcd/x': '/' is not allowed"
        );
        assert_eq!(
            mask_secret_tokens("cannot use /home/u/sk_live_0123456789abcd as a CA bundle"),
            "cannot use /home/u/sk_…abcd as a CA bundle"
        );
        assert_eq!(
            mask_secret_tokens("task_sk_x and risk_free"),
            "task_sk_x and risk_free"
        );
        assert_eq!(mask_secret_tokens("no secrets"), "no secrets");
        assert_eq!(
            mask_secret_tokens("already 'sk_…cdef'"),
            "already 'sk_…cdef'"
        );
    }

    #[test]
    fn secrets_never_format_in_full() {
        let secret = Secret::new("sk_live_0123456789abcdef3f9a");
        assert_eq!(secret.to_string(), "sk_…3f9a");
        assert_eq!(format!("{secret:?}"), "Secret(sk_…3f9a)");
        assert_eq!(mask("sk_short"), "sk_…");
        assert_eq!(mask("hunter2"), "…");
    }
}
