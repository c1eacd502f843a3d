//! `peki config`: init, set, get, unset, list, path, profiles, use, check. Reads with
//! `config::file`, writes with `config::edit` (locked, atomic), prints through `output`.
//! Every key and how its values are checked and shown come from the settings table.

mod check;
mod init;

use crate::ca_bundle::CaBundle;
use crate::cli::{ConfigCommand, GlobalArgs};
use crate::config::edit::Editor;
use crate::config::{self, ConfigError, ConfigFile, Key, Kind, Overrides, Source, Value};
use crate::error::{Error, UsageError};
use crate::input::{self, Prompter, TerminalPrompter};
use crate::output;
use crate::values::{self, ProfileName};

pub fn run(global: &GlobalArgs, command: &ConfigCommand) -> Result<(), Error> {
    let overrides = Overrides {
        config: global.config.clone(),
        profile: global.profile.clone(),
        ..Default::default()
    };
    let env = &config::process_env;
    config::check_env_encoding()?;
    let (path, _) = config::locate(&overrides, env)?;
    let read = || -> Result<ConfigFile, Error> {
        Ok(config::read_config(&path)?.unwrap_or_else(|| ConfigFile {
            path: path.clone(),
            ..ConfigFile::default()
        }))
    };
    let profile_of = |file: &ConfigFile| config::profile_to_edit(&overrides, env, file);
    // The profile to read, and where its name came from, for the error when it is missing.
    let profile_to_read = |file: &ConfigFile| -> Result<(ProfileName, Source), Error> {
        Ok(match config::choose_profile(&overrides, env, file)? {
            Some(chosen) => (chosen.value, chosen.source),
            None => (ProfileName::default(), Source::Default),
        })
    };
    match command {
        ConfigCommand::Path => output::print_lines(&[path.display().to_string()])?,
        ConfigCommand::Init => {
            if !input::stdin_is_terminal() {
                return Err(UsageError::NeedsTerminal {
                    command: "config init",
                    instead: "in scripts use `peki config set KEY VALUE` (and \
                              `peki config set api_secret -` with the secret on stdin)",
                }
                .into());
            }
            init::init(&path, &overrides, &mut TerminalPrompter)?;
        }
        ConfigCommand::Set { key, value } => {
            let (raw, origin) = if value == "-" {
                (read_value(*key)?, Source::Stdin)
            } else if *key == Key::ApiSecret {
                return Err(UsageError::SecretAsArgument.into());
            } else {
                (value.clone(), Source::Argument)
            };
            let value = checked_value(*key, &raw, origin)?;
            let mut editor = Editor::open(&path)?;
            let profile = profile_of(editor.file())?;
            set_key(&mut editor, &profile, *key, &value);
            editor.save()?;
            output::note(&format!(
                "set {key} = {} in profile '{profile}' ({})",
                value.shown(),
                path.display()
            ));
        }
        ConfigCommand::Get { key, reveal } => {
            let file = read()?;
            let (name, origin) = profile_to_read(&file)?;
            let profile = config::existing_profile(&file, &name, origin)?;
            let entry = profile.get(key).ok_or_else(|| ConfigError::NotSet {
                setting: key.name(),
                profile: name.to_string(),
            })?;
            output::print_lines(&[stored(*key, &entry.value, *reveal)])?;
        }
        ConfigCommand::Unset { key } => {
            let mut editor = Editor::open(&path)?;
            let profile = profile_of(editor.file())?;
            if editor.unset(profile.as_str(), *key) {
                editor.save()?;
                output::note(&format!("removed {key} from profile '{profile}'"));
            } else {
                output::note(&format!("{key} was not set in profile '{profile}'"));
            }
        }
        ConfigCommand::List => {
            let file = read()?;
            let (name, origin) = profile_to_read(&file)?;
            let profile = config::existing_profile(&file, &name, origin)?;
            let lines: Vec<String> = profile
                .iter()
                .map(|(key, entry)| format!("{key} = {}", stored(*key, &entry.value, false)))
                .collect();
            output::print_lines(&lines)?;
        }
        ConfigCommand::Profiles => {
            let file = read()?;
            let lines: Vec<String> = file
                .profiles
                .keys()
                .map(|name| match &file.default_profile {
                    Some(default) if default == name => format!("{name} (default)"),
                    _ => name.clone(),
                })
                .collect();
            output::print_lines(&lines)?;
        }
        ConfigCommand::Use { name: profile } => {
            let mut editor = Editor::open(&path)?;
            config::existing_profile(editor.file(), profile, Source::Argument)?;
            editor.set_default_profile(profile.as_str());
            editor.save()?;
            output::note(&format!("default profile is now '{profile}'"));
        }
        ConfigCommand::Check(args) => check::check(global, args)?,
    }
    Ok(())
}

/// A value for `key` as `config set` takes it: checked by its kind, and refused when it
/// looks like the other credential.
pub(super) fn checked_value(key: Key, raw: &str, origin: Source) -> Result<Value, ConfigError> {
    let invalid = |reason| ConfigError::Invalid {
        setting: key.name(),
        origin: origin.clone(),
        at: None,
        reason,
    };
    let value = key.setting().kind.parse(raw).map_err(invalid)?;
    key.check_storable(&value).map_err(invalid)?;
    // A CA bundle is read now, so that a wrong file is caught before it is stored.
    if let Value::Path(path) = &value
        && key == Key::CaCert
    {
        CaBundle::load(path).map_err(invalid)?;
    }
    Ok(value)
}

/// A stored value as `get` and `list` show it: as the file has it, but a secret, a key or
/// text that looks like one, and a proxy's credentials masked unless `reveal`.
fn stored(key: Key, value: &toml::Value, reveal: bool) -> String {
    let text = match value {
        toml::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    if reveal {
        return text;
    }
    match key.setting().kind {
        Kind::Secret => values::mask(&text),
        Kind::Proxy | Kind::BaseUrl => values::redact_url(&text),
        _ if values::looks_secret(&text) => values::mask(&text),
        _ => text,
    }
}

/// Sets `key`; a secret and a secret command exclude each other, and so do a CA bundle and
/// the system store (`Settings::roots`): setting one removes the other.
pub(super) fn set_key(editor: &mut Editor, profile: &ProfileName, key: Key, value: &Value) {
    let native_roots_on = editor
        .file()
        .profiles
        .get(profile.as_str())
        .and_then(|p| p.get(&Key::NativeRoots))
        .is_some_and(|entry| entry.value.as_bool() == Some(true));
    let rival = match (key, value) {
        (Key::ApiSecret, _) => Some(Key::ApiSecretCommand),
        (Key::ApiSecretCommand, _) => Some(Key::ApiSecret),
        (Key::CaCert, _) if native_roots_on => Some(Key::NativeRoots),
        (Key::NativeRoots, Value::Switch(true)) => Some(Key::CaCert),
        _ => None,
    };
    if let Some(rival) = rival
        && editor.unset(profile.as_str(), rival)
    {
        output::note(&format!("removed {rival} from profile '{profile}'"));
    }
    editor.set(profile.as_str(), key, value.to_toml());
}

/// `config set KEY -`: the value from stdin, or typed (without echo for the secret).
fn read_value(key: Key) -> Result<String, Error> {
    if !input::stdin_is_terminal() {
        return Ok(input::read_stdin(std::io::stdin().lock())?);
    }
    let question = format!("{key}: ");
    let answer = if key.is_secret() {
        TerminalPrompter.ask_secret(&question)?
    } else {
        TerminalPrompter.ask(&question)?
    };
    answer.ok_or_else(|| UsageError::Cancelled { what: "config set" }.into())
}
