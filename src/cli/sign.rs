//! `peki sign`: what to sign (path or chatbot, body, timestamp) and what to print.

use clap::Args;

use super::SettingFlags;

pub(super) const SIGN_HELP: &str = concat!(
    "Signs METHOD\\nPATH\\nBODY\\nTIMESTAMP with the API secret (HMAC-SHA256, base64) as peki\n",
    "send would, and prints the X-API-Key, X-Timestamp and X-Signature headers and the signed\n",
    "string. The body is signed byte for byte: from stdin, a trailing newline is part of it\n",
    "(use printf, or echo -n). The path is that of --bot's message endpoint under the base\n",
    "URL, or --path.\n",
    "\n",
    "--verify SIGNATURE checks a signature your own code made for the same parts, and says\n",
    "what the sandbox would: which check fails, with the path, body length and SHA-256 and\n",
    "timestamp it verified. It exits 0 when the signature matches, 4 when it does not.\n",
    "\n",
    "Examples:\n",
    "  printf '%s' \"$body\" | peki sign --bot support\n",
    "  peki sign --bot support --body '{\"user\":{\"id\":\"u\",\"name\":\"n\"},\"message\":{\"content\":\"hi\"}}' --curl\n",
    "  peki sign --path /api/Dev/support/message --timestamp 1700000000 --body \"$body\" \\\n",
    "            --verify \"$signature_from_my_code\"\n",
    "\n",
    client_env!(),
    "\n",
    exit_codes!(),
);

#[derive(Debug, Clone, Args)]
pub struct SignArgs {
    /// The request path to sign (e.g. /api/Dev/support/message) instead of --bot's
    #[arg(long, value_name = "PATH", conflicts_with = "bot", value_parser = check_path)]
    pub path: Option<String>,
    /// The body to sign [default: stdin, byte for byte]
    #[arg(long, value_name = "BODY")]
    pub body: Option<String>,
    /// The timestamp, in Unix seconds [default: now]
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(0..=999_999_999_999_999))]
    pub timestamp: Option<u64>,
    /// Print a curl command that sends the signed request instead
    #[arg(long, conflicts_with = "verify")]
    pub curl: bool,
    /// Check SIGNATURE (base64) against these parts, with the sandbox's diagnosis
    #[arg(long, value_name = "SIGNATURE")]
    pub verify: Option<String>,
    #[command(flatten)]
    pub settings: SettingFlags,
}

/// A path as a request line carries it: starting with '/', printable ASCII, no query.
fn check_path(path: &str) -> Result<String, String> {
    if !path.starts_with('/') {
        return Err("the path starts with '/' (e.g. /api/Dev/support/message)".into());
    }
    if !path.chars().all(|c| c.is_ascii_graphic()) {
        return Err("the path is printable ASCII without spaces (percent-encode the rest)".into());
    }
    if path.contains(['?', '#']) {
        return Err("the signed path has no query string or fragment".into());
    }
    Ok(path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_what_a_request_line_carries() {
        assert!(check_path("/api/Dev/b/message").is_ok());
        for bad in ["api/x", "/a b", "/a?x=1", "/é", ""] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }
}
