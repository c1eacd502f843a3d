//! `peki config`: init, set, get, unset, list, path, profiles, use, check. Reads with
//! `config::file`, writes with `config::edit`, prints through `output`.

use std::path::Path;

use crate::cli::{CheckArgs, ConfigCommand, GlobalArgs};
use crate::config::edit::Editor;
use crate::config::keys::Key;
use crate::config::{self, ConfigFile, Overrides, SecretSpec, Settings, Source, Sourced};
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
        ConfigCommand::Check(args) => check(global, args)?,
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

/// `config init`: asks for each setting (Enter keeps the value in brackets) and writes the
/// profile; when the file names no default yet, the profile becomes it.
fn init(path: &Path, overrides: &Overrides, prompter: &mut dyn Prompter) -> Result<(), Error> {
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

/// `config check`: every setting with its source, then the problems; exit 3 if any.
fn check(global: &GlobalArgs, args: &CheckArgs) -> Result<(), Error> {
    let overrides = super::overrides(global, &args.target, &args.connection);
    let settings = config::load(&overrides, &config::process_env)?;
    output::print_lines(&describe(&settings));
    let mut problems: Vec<String> = settings.warnings.clone();
    if let Err(e) = settings.require_bot() {
        problems.push(e.to_string());
    }
    // Each missing credential on its own line; the full check (running the secret
    // command, the swap test) once both are there.
    if settings.api_key.is_none() {
        problems.push("no API key: set PEKI_API_KEY, pass --api-key, or set `api_key`".into());
    }
    if settings.api_secret.is_none() {
        problems.push(
            "no API secret: set PEKI_API_SECRET, or run `peki config set api_secret -`".into(),
        );
    }
    if settings.api_key.is_some()
        && settings.api_secret.is_some()
        && let Err(e) = settings.require_credentials()
    {
        problems.push(e.to_string());
    }
    if let Some(ca) = &settings.ca_cert
        && let Err(e) = crate::client::load_ca_bundle(&ca.value)
    {
        problems.push(e);
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
            Some(s) => format!("{name:<12} {}  ({})", show(&s.value), s.source),
            None => format!("{name:<12} (not set)"),
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
        format!("{:<12} {config_file}", "config"),
        row("profile", Some(&profile), String::clone),
        row("api_key", settings.api_key.as_ref(), |key| {
            show_api_key(key)
        }),
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
        row("ca_cert", settings.ca_cert.as_ref(), |p| {
            p.display().to_string()
        }),
        row(
            "native_roots",
            Some(&settings.native_roots),
            ToString::to_string,
        ),
    ]
}
