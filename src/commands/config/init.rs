//! `peki config init`: the questions on a terminal, each answer checked as `config set`
//! checks it, and one locked write of the profile at the end (the lock is not held while
//! a person types).

use std::path::Path;

use super::{checked_value, set_key};
use crate::config::edit::Editor;
use crate::config::{self, ConfigFile, Key, Overrides, Value};
use crate::error::{Error, UsageError};
use crate::input::Prompter;
use crate::output;
use crate::values::ProfileName;

/// `config init`: asks for each setting (Enter keeps the value in brackets) and writes the
/// profile; when the file names no default yet, the profile becomes it.
pub(super) fn init(
    path: &Path,
    overrides: &Overrides,
    prompter: &mut dyn Prompter,
) -> Result<(), Error> {
    let file = config::read_config(path)?.unwrap_or_else(|| ConfigFile {
        path: path.to_path_buf(),
        ..ConfigFile::default()
    });
    let suggested = config::profile_to_edit(overrides, &config::process_env, &file)?;
    let profile = ask_valid(
        prompter,
        &format!("Profile name [{suggested}]: "),
        false,
        |raw| {
            if raw.is_empty() {
                return Ok(Some(suggested.clone()));
            }
            plain_profile_name(raw).map(Some)
        },
    )?
    .unwrap_or_else(|| suggested.clone());
    let current = |key: Key| {
        file.profiles
            .get(profile.as_str())
            .and_then(|p| p.get(&key))
            .and_then(|entry| key.setting().kind.from_toml(&entry.value).ok())
    };
    let login = Value::Text(config::login_name(&config::process_env));
    // (key, question, what Enter keeps or writes, whether Enter writes it)
    let questions: [(Key, &str, Option<Value>, bool); 5] = [
        (Key::ApiKey, "API key (pk_…)", current(Key::ApiKey), false),
        (
            Key::ApiSecret,
            "API secret (sk_…, not shown)",
            current(Key::ApiSecret),
            false,
        ),
        (Key::Bot, "Chatbot id", current(Key::Bot), false),
        (
            Key::UserId,
            "User id",
            current(Key::UserId).or(Some(login.clone())),
            current(Key::UserId).is_none(),
        ),
        (
            Key::UserName,
            "User name",
            current(Key::UserName).or(Some(login)),
            current(Key::UserName).is_none(),
        ),
    ];
    let has_command = current(Key::ApiSecretCommand).is_some();
    let mut answers: Vec<(Key, Value)> = Vec::new();
    for (key, label, default, enter_writes) in questions {
        let secret = key.is_secret();
        let shown_default = match (&default, secret) {
            (Some(value), true) => format!(" [keep {}]", value.shown()),
            (None, true) if has_command => " [keep api_secret_command]".to_string(),
            (Some(value), false) => format!(" [{}]", value.shown()),
            (None, _) => String::new(),
        };
        let answer = ask_valid(
            prompter,
            &format!("{label}{shown_default}: "),
            secret,
            |raw| {
                if raw.is_empty() {
                    return Ok(None);
                }
                checked_value(key, raw, config::Source::Argument)
                    .map(Some)
                    .map_err(Error::from)
            },
        )?;
        match (answer, default) {
            (Some(value), _) => answers.push((key, value)),
            (None, Some(value)) if enter_writes => answers.push((key, value)),
            _ => {}
        }
    }
    // Only now is the file locked, re-read and written: an edit made while the questions
    // were asked is kept.
    let mut editor = Editor::open(path)?;
    for (key, value) in &answers {
        set_key(&mut editor, &profile, *key, value);
    }
    // Naming a default only when none is in force: a file whose `default` profile is
    // used implicitly keeps using it.
    let now = editor.file();
    if now.default_profile.is_none()
        && (profile.as_str() == config::DEFAULT_PROFILE
            || !now.profiles.contains_key(config::DEFAULT_PROFILE))
    {
        editor.set_default_profile(profile.as_str());
    }
    editor.save()?;
    let written: Vec<&str> = answers.iter().map(|(key, _)| key.name()).collect();
    output::diagnostic(&format!(
        "wrote profile '{profile}' to {} ({})",
        path.display(),
        written.join(", ")
    ));
    let has_secret =
        current(Key::ApiSecret).is_some() || has_command || written.contains(&"api_secret");
    if !has_secret {
        output::diagnostic(
            "no API secret stored: set PEKI_API_SECRET, or run `peki config set api_secret -` \
             or `peki config set api_secret_command \"…\"`",
        );
    }
    Ok(())
}

/// Asks until `accept` takes the answer; an answer it refuses is explained and asked
/// again. `Ok(None)` from `accept` means "keep the default".
fn ask_valid<T>(
    prompter: &mut dyn Prompter,
    question: &str,
    secret: bool,
    accept: impl Fn(&str) -> Result<Option<T>, Error>,
) -> Result<Option<T>, Error> {
    loop {
        let answer = if secret {
            prompter.ask_secret(question)?
        } else {
            prompter.ask(question)?
        };
        let Some(answer) = answer else {
            return Err(UsageError::Cancelled {
                what: "config init",
            }
            .into());
        };
        match accept(&answer) {
            Ok(value) => return Ok(value),
            Err(e) => output::diagnostic(&format!("  {e}")),
        }
    }
}

/// Names typed into `init`: plain ones, easy to pass to `--profile`.
fn plain_profile_name(name: &str) -> Result<ProfileName, Error> {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    match name.parse::<ProfileName>() {
        Ok(profile) if plain => Ok(profile),
        _ => Err(config::ConfigError::Invalid {
            setting: "profile",
            origin: config::Source::Argument,
            at: None,
            reason: "use letters, digits, '-', '_', '.'".into(),
        }
        .into()),
    }
}
