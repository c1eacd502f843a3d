//! `peki config init`: the questions on a terminal, each answer checked as `config set`
//! checks it, and one write of the profile at the end.

use std::path::Path;

use super::set_key;
use crate::config::edit::Editor;
use crate::config::keys::Key;
use crate::config::{self, Overrides};
use crate::error::Error;
use crate::input::Prompter;
use crate::output;
use crate::values::{mask, show_api_key};

/// `config init`: asks for each setting (Enter keeps the value in brackets) and writes the
/// profile; when the file names no default yet, the profile becomes it.
pub(super) fn init(
    path: &Path,
    overrides: &Overrides,
    prompter: &mut dyn Prompter,
) -> Result<(), Error> {
    let mut editor = Editor::open(path)?;
    let file = editor.file().clone();
    let suggested = config::profile_to_edit(overrides, &config::process_env, &file)?;
    let profile = ask_valid(
        prompter,
        &format!("Profile name [{suggested}]: "),
        false,
        |raw| {
            let name = if raw.is_empty() {
                suggested.clone()
            } else {
                raw.to_string()
            };
            validate_profile_name(&name).map(|()| Some(name))
        },
    )?
    .unwrap_or(suggested.clone());
    let current = file.profiles.get(&profile).cloned().unwrap_or_default();
    let login = config::login_name(&config::process_env);
    // (key, question, what Enter keeps or writes, whether Enter writes it)
    let questions: [(Key, &str, Option<String>, bool); 5] = [
        (
            Key::ApiKey,
            "API key (pk_…)",
            current.api_key.clone(),
            false,
        ),
        (
            Key::ApiSecret,
            "API secret (sk_…, not shown)",
            current.api_secret.clone(),
            false,
        ),
        (Key::Bot, "Chatbot id", current.bot.clone(), false),
        (
            Key::UserId,
            "User id",
            current.user_id.clone().or(Some(login.clone())),
            current.user_id.is_none(),
        ),
        (
            Key::UserName,
            "User name",
            current.user_name.clone().or(Some(login)),
            current.user_name.is_none(),
        ),
    ];
    let mut written = Vec::new();
    for (key, label, default, enter_writes) in questions {
        let secret = key == Key::ApiSecret;
        let shown_default = match (&default, secret) {
            (Some(value), true) => format!(" [keep {}]", mask(value)),
            (None, true) if current.api_secret_command.is_some() => {
                " [keep api_secret_command]".to_string()
            }
            (Some(value), false) if key == Key::ApiKey => format!(" [{}]", show_api_key(value)),
            (Some(value), false) => format!(" [{value}]"),
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
                key.parse_value(raw).map(Some)
            },
        )?;
        match (answer, default) {
            (Some(value), _) => {
                set_key(&mut editor, &profile, key, value);
                written.push(key);
            }
            (None, Some(value)) if enter_writes => {
                editor.set(&profile, key, value.as_str().into());
                written.push(key);
            }
            _ => {}
        }
    }
    // Naming a default only when none is in force: a file whose `default` profile is
    // used implicitly keeps using it.
    if file.default_profile.is_none()
        && (profile == config::DEFAULT_PROFILE
            || !file.profiles.contains_key(config::DEFAULT_PROFILE))
    {
        editor.set_default_profile(&profile);
    }
    editor.save()?;
    output::diagnostic(&format!(
        "wrote profile '{profile}' to {} ({})",
        path.display(),
        written
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let has_secret = current.api_secret.is_some()
        || current.api_secret_command.is_some()
        || written.contains(&Key::ApiSecret);
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
            return Err(Error::usage("config init cancelled; nothing was written"));
        };
        match accept(&answer) {
            Ok(value) => return Ok(value),
            Err(e) => output::diagnostic(&format!("  {e}")),
        }
    }
}

/// Names typed into `init`: plain ones, easy to pass to `--profile`.
fn validate_profile_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "invalid profile name '{name}': use letters, digits, '-', '_', '.'"
        )))
    }
}
