//! `api_secret_command`: the secret is the trimmed stdout of a command run through the
//! shell (a password manager, a keychain tool). Its output is never shown, only its name.

use std::process::{Command, Stdio};

use super::error::{CommandFailure, ConfigError};
use crate::values::Secret;

/// Runs `command` and returns its trimmed stdout as the secret.
pub fn run(command: &str) -> Result<Secret, ConfigError> {
    let fail = |failure: CommandFailure| ConfigError::SecretCommand {
        command: command.to_string(),
        failure,
    };
    // stdin is closed: the command must not eat input meant for peki's caller (a `while
    // read` loop); tools that prompt use the terminal directly. stderr passes through.
    let output = shell(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| fail(CommandFailure::Spawn(e)))?;
    if !output.status.success() {
        return Err(fail(match output.status.code() {
            Some(code) => CommandFailure::Exit(code),
            None => CommandFailure::Signal,
        }));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| fail(CommandFailure::NotUtf8))?;
    // The first line, as password managers print it (`pass show` adds metadata lines).
    let secret = text.trim_start().lines().next().unwrap_or("").trim();
    if secret.is_empty() {
        return Err(fail(CommandFailure::Empty));
    }
    if secret.chars().any(char::is_control) {
        return Err(fail(CommandFailure::Control));
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

    fn failure(command: &str) -> CommandFailure {
        match run(command) {
            Err(ConfigError::SecretCommand { failure, .. }) => failure,
            other => panic!("expected a command failure, got {other:?}"),
        }
    }

    #[test]
    fn failures_name_the_command_not_its_output() {
        let err = run("echo leaked-$((40 + 2)); exit 3").unwrap_err();
        let text = err.to_string();
        assert_eq!(
            text,
            "api_secret_command `echo leaked-$((40 + 2)); exit 3` failed with exit code 3"
        );
        assert!(matches!(failure("exit 3"), CommandFailure::Exit(3)));
        assert!(matches!(failure("true"), CommandFailure::Empty));
        assert!(matches!(failure("printf '\\377'"), CommandFailure::NotUtf8));
        assert!(matches!(
            failure("printf 'a\\033b'"),
            CommandFailure::Control
        ));
        assert!(matches!(failure("kill -9 $$"), CommandFailure::Signal));
    }
}
