//! `peki config`: init, set, get, unset, list, path, profiles, use, check. Reads with
//! `config::file`, writes with `config::edit`, prints through `output`.

mod check;
mod init;

use std::path::Path;

use crate::cli::{ConfigCommand, GlobalArgs};
use crate::config::edit::Editor;
use crate::config::keys::Key;
use crate::config::{self, ConfigFile, Overrides};
use crate::error::Error;
use crate::input::{self, Prompter, TerminalPrompter};
use crate::output;
use crate::values::{mask, show_api_key};

pub fn run(global: &GlobalArgs, command: &ConfigCommand) -> Result<(), Error> {
    let overrides = Overrides {
        config: global.config.clone(),
        profile: global.profile.clone(),
        ..Default::default()
    };
    let env = &config::process_env;
    config::check_env_encoding()?;
    let path = config::locate(&overrides, env).0.ok_or_else(|| {
        Error::config("cannot find a config directory: pass --config FILE or set PEKI_CONFIG")
    })?;
    let read =
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
            init::init(&path, &overrides, &mut TerminalPrompter)?;
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
                (Key::ApiSecret, _) => mask(raw.trim()),
                (Key::ApiKey, Some(text)) => show_api_key(text),
                (_, Some(text)) => text.to_string(),
                (_, None) => value.to_string().trim().to_string(),
            };
            let mut editor = Editor::open(&path)?;
            let profile = profile_of(editor.file())?;
            set_key(&mut editor, &profile, key, value);
            editor.save()?;
            output::diagnostic(&format!(
                "set {key} = {shown} in profile '{profile}' ({})",
                path.display()
            ));
        }
        ConfigCommand::Get { key, reveal } => {
            let key: Key = key.parse()?;
            let file = read()?;
            let name = profile_of(&file)?;
            let profile = existing_profile(&file, &name, &path)?;
            let value = key
                .shown(profile, *reveal)
                .ok_or_else(|| Error::config(format!("{key} is not set in profile '{name}'")))?;
            output::print_lines(&[value]);
        }
        ConfigCommand::Unset { key } => {
            let key: Key = key.parse()?;
            let mut editor = Editor::open(&path)?;
            let profile = profile_of(editor.file())?;
            if editor.unset(&profile, key) {
                editor.save()?;
                output::diagnostic(&format!("removed {key} from profile '{profile}'"));
            } else {
                output::diagnostic(&format!("{key} was not set in profile '{profile}'"));
            }
        }
        ConfigCommand::List => {
            let file = read()?;
            let profile = existing_profile(&file, &profile_of(&file)?, &path)?;
            let lines: Vec<String> = Key::ALL
                .into_iter()
                .filter_map(|key| key.shown(profile, false).map(|v| format!("{key} = {v}")))
                .collect();
            output::print_lines(&lines);
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
            output::print_lines(&lines);
        }
        ConfigCommand::Use { profile } => {
            config::check_profile_name(profile).map_err(Error::Usage)?;
            let mut editor = Editor::open(&path)?;
            existing_profile(editor.file(), profile, &path)
                .map_err(|e| Error::usage(e.to_string()))?;
            editor.set_default_profile(profile);
            editor.save()?;
            output::diagnostic(&format!("default profile is now '{profile}'"));
        }
        ConfigCommand::Check(args) => check::check(global, args)?,
    }
    Ok(())
}

/// Sets `key`; a secret and a secret command exclude each other, so setting one removes
/// the other.
pub(super) fn set_key(editor: &mut Editor, profile: &str, key: Key, value: toml_edit::Value) {
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

/// `config set KEY -`: the value from stdin, or typed (without echo for the secret).
fn read_value(key: Key) -> Result<String, Error> {
    if !input::stdin_is_terminal() {
        return input::read_stdin(std::io::stdin().lock());
    }
    let question = format!("{key}: ");
    let answer = if key == Key::ApiSecret {
        TerminalPrompter.ask_secret(&question)?
    } else {
        TerminalPrompter.ask(&question)?
    };
    answer.ok_or_else(|| Error::usage("cancelled; nothing was written"))
}

/// The named profile of the file, or a configuration error listing the profiles there.
fn existing_profile<'f>(
    file: &'f ConfigFile,
    name: &str,
    path: &Path,
) -> Result<&'f config::Profile, Error> {
    file.profiles.get(name).ok_or_else(|| {
        config::missing_profile(&format!("'{name}'"), file, &path.display().to_string())
    })
}
