//! A signed request shown instead of sent (`send --dry-run`, `peki sign --curl`): its parts
//! as text, and a curl command that sends exactly it, quoted for a POSIX shell (shlex).
//! Pure: renders text from a `Preview`, never prints, never holds the secret.
//!
//! The whole rendering is a shell script: the request is in `#` comment lines and the curl
//! command is the one command, so `peki send --dry-run hi | sh` sends it.

use std::path::PathBuf;

/// Bodies up to this size go on curl's command line (`--data-raw`); larger ones through
/// the shell's built-in printf and a pipe (`--data-binary @-`), since one argument of an
/// executed command may hold at most 128 KiB on Linux.
pub const INLINE_BODY_MAX: usize = 64 * 1024;

/// One request, signed and ready, as it would go on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub method: &'static str,
    pub url: String,
    /// In the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The exact bytes sent and signed.
    pub body: Vec<u8>,
    /// The string that was signed: `METHOD\nPATH\nBODY\nTIMESTAMP`.
    pub signed: Vec<u8>,
    /// CA certificates the request trusts on top of the built-in roots (`--cacert`).
    pub ca_cert: Option<PathBuf>,
}

/// Why a request cannot be written as a shell command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreviewError {
    #[error(
        "the {what} holds a NUL byte, which no shell command can carry; send it from a file \
         with curl --data-binary @FILE"
    )]
    Nul { what: &'static str },
    #[error(
        "the body is not UTF-8 text, which a shell command would not send byte for byte; \
         send it from a file with curl --data-binary @FILE"
    )]
    NotUtf8,
}

impl Preview {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The request line, the headers, the body, the signed string, then the curl command.
pub fn render(preview: &Preview) -> Result<String, PreviewError> {
    let mut out = format!("# {} {}\n", preview.method, preview.url);
    for (name, value) in &preview.headers {
        out.push_str(&format!("# {name}: {value}\n"));
    }
    out.push_str("#\n");
    for line in String::from_utf8_lossy(&preview.body).split('\n') {
        out.push_str(&format!("# {line}\n"));
    }
    out.push_str("#\n");
    out.push_str(&format!(
        "# signed string (METHOD\\nPATH\\nBODY\\nTIMESTAMP), as JSON: {}\n",
        signed_as_json(&preview.signed)
    ));
    out.push_str("# the same request with curl (its signature is valid for 5 minutes):\n");
    out.push_str(&curl(preview)?);
    out.push('\n');
    Ok(out)
}

/// The signed string as a JSON string: one line, every newline and control visible.
pub fn signed_as_json(signed: &[u8]) -> String {
    serde_json::Value::String(String::from_utf8_lossy(signed).into_owned()).to_string()
}

/// A curl command that sends exactly this request, one argument a line.
pub fn curl(preview: &Preview) -> Result<String, PreviewError> {
    let quote = |text: &str, what: &'static str| {
        shlex::try_quote(text)
            .map(|quoted| quoted.into_owned())
            .map_err(|_| PreviewError::Nul { what })
    };
    // Text with U+FFFD in place of bad bytes would not match the signature.
    let body = std::str::from_utf8(&preview.body).map_err(|_| PreviewError::NotUtf8)?;
    let inline = preview.body.len() <= INLINE_BODY_MAX;
    let mut lines = Vec::new();
    let mut first = String::new();
    if !inline {
        // printf is built into every POSIX shell: no argument-size limit applies.
        first.push_str(&format!("printf '%s' {} | ", quote(body, "body")?));
    }
    first.push_str(&format!(
        "curl --silent --show-error --write-out '\\n' --request {} {}",
        preview.method,
        quote(&preview.url, "URL")?
    ));
    lines.push(first);
    if let Some(ca) = &preview.ca_cert {
        lines.push(format!(
            "--cacert {}",
            quote(&ca.to_string_lossy(), "CA file name")?
        ));
    }
    for (name, value) in &preview.headers {
        lines.push(format!(
            "--header {}",
            quote(&format!("{name}: {value}"), "header")?
        ));
    }
    lines.push(if inline {
        // --data-raw sends the text as it is (no @file, no stripping of newlines).
        format!("--data-raw {}", quote(body, "body")?)
    } else {
        "--data-binary @-".to_string()
    });
    Ok(lines.join(" \\\n  "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preview(body: &str) -> Preview {
        Preview {
            method: "POST",
            url: "http://127.0.0.1:8787/api/Dev/b/message".into(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("X-Signature".into(), "a+b/c=".into()),
            ],
            body: body.as_bytes().to_vec(),
            signed: format!("POST\n/api/Dev/b/message\n{body}\n1").into_bytes(),
            ca_cert: None,
        }
    }

    #[test]
    fn everything_but_the_curl_command_is_a_comment() {
        let text = render(&preview("{\"a\":1}\nsecond line")).unwrap();
        let commands: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert!(commands[0].starts_with("curl "), "{text}");
        assert!(text.contains("# second line\n"), "{text}");
        assert!(
            text.contains(r#"as JSON: "POST\n/api/Dev/b/message\n{\"a\":1}\nsecond line\n1""#),
            "{text}"
        );
    }

    #[test]
    fn shell_metacharacters_are_quoted() {
        let command = curl(&preview("it's $(rm -rf ~) `x` \"q\" \\ ; | & !")).unwrap();
        let args = shlex::split(&command.replace(" \\\n  ", " ")).unwrap();
        assert_eq!(
            args.last().unwrap(),
            "it's $(rm -rf ~) `x` \"q\" \\ ; | & !"
        );
        assert!(
            args.contains(&"X-Signature: a+b/c=".to_string()),
            "{args:?}"
        );
    }

    #[test]
    fn large_bodies_go_through_printf_and_a_pipe() {
        let big = "x".repeat(INLINE_BODY_MAX + 1);
        let command = curl(&preview(&big)).unwrap();
        assert!(command.starts_with("printf '%s' "), "{}", &command[..40]);
        assert!(command.ends_with("--data-binary @-"));
    }

    #[test]
    fn a_nul_byte_cannot_be_written_as_a_command() {
        assert_eq!(
            curl(&preview("a\0b")),
            Err(PreviewError::Nul { what: "body" })
        );
    }
}
