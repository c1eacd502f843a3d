//! `peki config`: init, set, get, unset, list, path, profiles, use, check. Reads with
//! `config::file`, writes with `config::edit`, prints through `output`.

use std::path::Path;

use crate::cli::{ConfigCommand, GlobalArgs};
use crate::config::edit::Editor;
use crate::config::keys::Key;
use crate::config::{self, ConfigFile, Overrides, SecretSpec, Settings, Source, Sourced};
use crate::error::Error;
use crate::input::{self, Prompter, TerminalPrompter};
use crate::output;
use crate::values::mask;

pub fn run(global: &GlobalArgs, command: &ConfigCommand) -> Result<(), Error> {
    let overrides = Overrides {
        config: global.config.clone(),
        profile: global.profile.clone(),
        ..Default::default()
    };
    let env = &config::process_env;
    let path = config::locate(&overrides, env).0.ok_or_else(|| {
        Error::config("cannot find a config directory: pass --config FILE or set PEKI_CONFIG")
    })?;
    let file =
        || -> Result<ConfigFile, Error> { Ok(config::read_config(&path)?.unwrap_or_default()) };
    let profile_of = |file: &ConfigFile| config::profile_to_edit(&overrides, env, file);
    match command {
        ConfigCommand::Path => output::print_lines(&[path.display().to_string()]),
        ConfigCommand::Init => {
            if !input::stdin_is_terminal() {
                return Err(Error::usage(
                    "`peki config init` asks questions and needs a terminal; in scripts use \
                     `peki config set KEY VALUE` (and `peki config set api_secret -` with the \
                     secret on stdin)",
                ));
            }
            init(&path, &overrides, &mut TerminalPrompter)?;
        }
        ConfigCommand::Set { key, value } => {
            let key: Key = key.parse()?;
            let raw = if value == "-" {
                read_value(key)?
            } else if key == Key::ApiSecret {
                return Err(Error::usage(
                    "a secret given as an argument lands in your shell history; use \
                     `peki config set api_secret -` and type or pipe it in",
                ));
            } else {
                value.clone()
            };
            let value = key.parse_value(&raw)?;
            let shown = match (key, value.as_str()) {
                (Key::ApiSecret, _) => mask(&raw),
                (_, Some(text)) => text.to_string(),
                (_, None) => value.to_string().trim().to_string(),
            };
            let mut editor = Editor::open(&path)?;
            let profile = profile_of(&file()?);
            set_key(&mut editor, &profile, key, value);
            editor.save()?;
            output::diagnostic(&format!(
                "set {key} = {shown} in profile '{profile}' ({})",
                path.display()
            ));
        }
        ConfigCommand::Get { key, reveal } => {
            let key: Key = key.parse()?;
            let file = file()?;
            let (name, profile) = existing_profile(&file, &profile_of(&file), &path)?;
            let value = key
                .shown(profile, *reveal)
                .ok_or_else(|| Error::config(format!("{key} is not set in profile '{name}'")))?;
            output::print_lines(&[value]);
        }
        ConfigCommand::Unset { key } => {
            let key: Key = key.parse()?;
            let mut editor = Editor::open(&path)?;
            let profile = profile_of(&file()?);
            if editor.unset(&profile, key) {
                editor.save()?;
                output::diagnostic(&format!("removed {key} from profile '{profile}'"));
            } else {
                output::diagnostic(&format!("{key} was not set in profile '{profile}'"));
            }
        }
        ConfigCommand::List => {
            let file = file()?;
            let (_, profile) = existing_profile(&file, &profile_of(&file), &path)?;
            let lines: Vec<String> = Key::ALL
                .into_iter()
                .filter_map(|key| key.shown(profile, false).map(|v| format!("{key} = {v}")))
                .collect();
            output::print_lines(&lines);
        }
        ConfigCommand::Profiles => {
            let file = file()?;
            let lines: Vec<String> = file
                .profiles
                .keys()
                .map(|name| match &file.default_profile {
                    Some(default) if default == name => format!("{name} (default)"),
                    _ => name.clone(),
                })
                .collect();
            output::print_lines(&lines);
        }
        ConfigCommand::Use { profile } => {
            let mut editor = Editor::open(&path)?;
            existing_profile(&file()?, profile, &path).map_err(|e| Error::usage(e.to_string()))?;
            editor.set_default_profile(profile);
            editor.save()?;
            output::diagnostic(&format!("default profile is now '{profile}'"));
        }
        ConfigCommand::Check => check(&overrides)?,
    }
    Ok(())
}

/// Sets `key`; a secret and a secret command exclude each other, so setting one removes
/// the other.
fn set_key(editor: &mut Editor, profile: &str, key: Key, value: toml_edit::Value) {
    let rival = match key {
        Key::ApiSecret => Some(Key::ApiSecretCommand),
        Key::ApiSecretCommand => Some(Key::ApiSecret),
        _ => None,
    };
    if let Some(rival) = rival
        && editor.unset(profile, rival)
    {
        output::diagnostic(&format!("removed {rival} from profile '{profile}'"));
    }
    editor.set(profile, key, value);
}

/// `config set KEY -`: the value from stdin, or typed without echo for the secret.
fn read_value(key: Key) -> Result<String, Error> {
    let value = if input::stdin_is_terminal() {
        let question = format!("{key}: ");
        let answer = if key == Key::ApiSecret {
            TerminalPrompter.ask_secret(&question)?
        } else {
            TerminalPrompter.ask(&question)?
        };
        answer.unwrap_or_default()
    } else {
        input::read_stdin(std::io::stdin().lock())?
    };
    Ok(value.trim().to_string())
}

/// The named profile of the file, or a configuration error listing the profiles there.
fn existing_profile<'f>(
    file: &'f ConfigFile,
    name: &str,
    path: &Path,
) -> Result<(String, &'f config::Profile), Error> {
    file.profiles
        .get(name)
        .map(|p| (name.to_string(), p))
        .ok_or_else(|| {
            let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
            Error::config(format!(
                "profile '{name}' is not in {}; profiles there: {}",
                path.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ))
        })
}

/// `config init`: asks for each setting (Enter keeps the current value) and writes the
/// profile; the first profile written becomes the default.
fn init(path: &Path, overrides: &Overrides, prompter: &mut dyn Prompter) -> Result<(), Error> {
    let mut editor = Editor::open(path)?;
    let file = config::read_config(path)?.unwrap_or_default();
    let suggested = config::profile_to_edit(overrides, &config::process_env, &file);
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
    let questions: [(Key, &str, Option<String>); 5] = [
        (Key::ApiKey, "API key (pk_…)", current.api_key.clone()),
        (
            Key::ApiSecret,
            "API secret (sk_…, not shown)",
            current.api_secret.clone(),
        ),
        (Key::Bot, "Chatbot id", current.bot.clone()),
        (
            Key::UserId,
            "User id",
            current.user_id.clone().or(Some(login.clone())),
        ),
        (
            Key::UserName,
            "User name",
            current.user_name.clone().or(Some(login)),
        ),
    ];
    let mut written = Vec::new();
    for (key, label, default) in questions {
        let secret = key == Key::ApiSecret;
        let shown_default = match (&default, secret) {
            (Some(value), true) => format!(" [keep {}]", mask(value)),
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
            (None, Some(value)) if current_is_unset(&current, key) => {
                editor.set(&profile, key, value.as_str().into());
                written.push(key);
            }
            _ => {}
        }
    }
    if file.default_profile.is_none() {
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
    if current.api_secret.is_none() && !written.contains(&Key::ApiSecret) {
        output::diagnostic(
            "no API secret stored: set PEKI_API_SECRET, or run `peki config set api_secret -` \
             or `peki config set api_secret_command \"…\"`",
        );
    }
    Ok(())
}

/// Whether the profile lacks `key` (a suggested default such as the login name is then
/// written too).
fn current_is_unset(current: &config::Profile, key: Key) -> bool {
    key.shown(current, true).is_none()
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
        match accept(answer.trim()) {
            Ok(value) => return Ok(value),
            Err(e) => output::diagnostic(&format!("  {e}")),
        }
    }
}

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

/// `config check`: every setting with its source, then the problems; exit 3 if any.
fn check(overrides: &Overrides) -> Result<(), Error> {
    let settings = config::load(overrides, &config::process_env)?;
    output::print_lines(&describe(&settings));
    let mut problems: Vec<String> = settings.warnings.clone();
    if let Err(e) = settings.require_bot() {
        problems.push(e.to_string());
    }
    if let Err(e) = settings.require_credentials() {
        problems.push(e.to_string());
    }
    if problems.is_empty() {
        output::print_lines(&["ok: ready to send".to_string()]);
        return Ok(());
    }
    let mut lines = vec!["problems:".to_string()];
    lines.extend(problems.iter().map(|p| format!("  - {p}")));
    output::print_lines(&lines);
    Err(Error::config(format!(
        "{} problem{} found",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    )))
}

/// `name  value  (source)` for each setting; secrets masked.
fn describe(settings: &Settings) -> Vec<String> {
    fn row<T>(name: &str, value: Option<&Sourced<T>>, show: impl Fn(&T) -> String) -> String {
        match value {
            Some(s) => format!("{name:<11} {}  ({})", show(&s.value), s.source),
            None => format!("{name:<11} (not set)"),
        }
    }
    let config_file = match &settings.config_path {
        Some(path) if path.exists() => format!("{}", path.display()),
        Some(path) => format!("{} (does not exist)", path.display()),
        None => "(none)".to_string(),
    };
    let profile = settings.profile.clone().unwrap_or(Sourced {
        value: "(none)".to_string(),
        source: Source::Default,
    });
    vec![
        format!("{:<11} {config_file}", "config"),
        row("profile", Some(&profile), String::clone),
        row("api_key", settings.api_key.as_ref(), String::clone),
        row(
            "api_secret",
            settings.api_secret.as_ref(),
            |spec| match spec {
                SecretSpec::Value(secret) => secret.masked(),
                SecretSpec::Command(command) => format!("from command `{command}`"),
            },
        ),
        row("bot", settings.bot.as_ref(), ToString::to_string),
        row("base_url", Some(&settings.base_url), ToString::to_string),
        row("user_id", Some(&settings.user_id), String::clone),
        row("user_name", Some(&settings.user_name), String::clone),
        row("timeout", Some(&settings.timeout), |d| {
            format!("{}s", d.as_secs_f64())
        }),
        row("retries", Some(&settings.retries), ToString::to_string),
    ]
}
