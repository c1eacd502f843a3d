//! `api_secret_command`: the secret is the trimmed stdout of a command run through the
//! shell (a password manager, a keychain tool). Its output is never shown, only its name.

use std::process::{Command, Stdio};

use crate::error::Error;
use crate::values::Secret;

/// Runs `command` and returns its trimmed stdout as the secret.
pub fn run(command: &str) -> Result<Secret, Error> {
    let fail = |why: String| Error::config(format!("api_secret_command `{command}` {why}"));
    // stdin is closed: the command must not eat input meant for peki's caller (a `while
    // read` loop); tools that prompt use the terminal directly. stderr passes through.
    let output = shell(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| fail(format!("could not be started: {e}")))?;
    if !output.status.success() {
        return Err(fail(match output.status.code() {
            Some(code) => format!("failed with exit code {code}"),
            None => "was killed by a signal".to_string(),
        }));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|_| fail("printed something that is not UTF-8 text".into()))?;
    // The first line, as password managers print it (`pass show` adds metadata lines).
    let secret = text.trim_start().lines().next().unwrap_or("").trim();
    if secret.is_empty() {
        return Err(fail("printed nothing".into()));
    }
    if secret.chars().any(char::is_control) {
        return Err(fail("printed control characters".into()));
    }
    Ok(Secret::new(secret))
}

#[cfg(unix)]
fn shell(command: &str) -> Command {
    let mut cmd = Command::new("sh");
    cmd.args(["-c", command]);
    cmd
}

#[cfg(windows)]
fn shell(command: &str) -> Command {
    let mut cmd = Command::new("cmd");
    cmd.args(["/C", command]);
    cmd
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_of_stdout_trimmed_is_the_secret() {
        assert_eq!(
            run("printf '  sk_from_cmd\\n'").unwrap().expose(),
            "sk_from_cmd"
        );
        assert_eq!(
            run("printf 'sk_top\\nlogin: me\\nurl: x\\n'")
                .unwrap()
                .expose(),
            "sk_top"
        );
    }

    #[test]
    fn failures_name_the_command_not_its_output() {
        let err = run("echo leaked-$((40 + 2)); exit 3").unwrap_err();
        assert_eq!(err.exit_code(), 3);
        let text = err.to_string();
        assert!(
            text.contains("`echo leaked-$((40 + 2)); exit 3` failed with exit code 3"),
            "{text}"
        );
        assert!(!text.contains("leaked-42"), "{text}");
        assert!(
            run("true")
                .unwrap_err()
                .to_string()
                .contains("printed nothing")
        );
        assert!(
            run("printf '\\377'")
                .unwrap_err()
                .to_string()
                .contains("not UTF-8")
        );
        assert!(
            run("kill -9 $$")
                .unwrap_err()
                .to_string()
                .contains("killed by a signal")
        );
    }
}
