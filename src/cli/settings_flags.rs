//! The setting flags (`--bot`, `--timeout`, …), made from the settings table rather than
//! written out: each flag's name, value name, help line, environment variable and default
//! come from its row, and its value is parsed by the row's kind, once, here at the edge.

use std::collections::BTreeMap;

use clap::builder::ValueParser;
use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches, ValueHint};

use crate::config::{Default, Key, Kind, SETTINGS, Setting, Value};

/// The setting flags a command line gave, typed.
#[derive(Debug, Clone, Default)]
pub struct SettingFlags(pub BTreeMap<Key, Value>);

impl SettingFlags {
    pub fn get(&self, key: Key) -> Option<&Value> {
        self.0.get(&key)
    }
}

impl FromArgMatches for SettingFlags {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut flags = SettingFlags::default();
        flags.update_from_arg_matches(matches)?;
        Ok(flags)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        for setting in SETTINGS.iter().filter(|s| s.flag.is_some()) {
            let id = setting.key.name();
            let value = match setting.kind {
                Kind::Switch => matches.get_flag(id).then_some(Value::Switch(true)),
                _ => matches.get_one::<Value>(id).cloned(),
            };
            if let Some(value) = value {
                self.0.insert(setting.key, value);
            }
        }
        Ok(())
    }
}

impl Args for SettingFlags {
    fn augment_args(command: Command) -> Command {
        command.args(SETTINGS.iter().filter_map(flag_arg))
    }

    fn augment_args_for_update(command: Command) -> Command {
        Self::augment_args(command)
    }
}

/// The clap argument of a setting that has a flag; its id is the config key.
fn flag_arg(setting: &'static Setting) -> Option<Arg> {
    let flag = setting.flag?;
    let mut arg = Arg::new(setting.key.name())
        .long(flag.long.trim_start_matches('-'))
        .help(help_line(setting));
    if let Some(short) = flag.short {
        arg = arg.short(short);
    }
    Some(match setting.kind {
        Kind::Switch => arg.action(ArgAction::SetTrue),
        kind => arg
            .value_name(kind.value_name())
            .value_hint(match kind {
                Kind::CaBundle => ValueHint::FilePath,
                Kind::BaseUrl | Kind::Proxy => ValueHint::Url,
                _ => ValueHint::Other,
            })
            .value_parser(ValueParser::new(move |raw: &str| kind.parse(raw))),
    })
}

/// `Chatbot id [env: PEKI_BOT]`, `… [default: 60]`.
fn help_line(setting: &Setting) -> String {
    let mut line = setting.about.to_string();
    if let Some(var) = setting.env {
        line.push_str(&format!(" [env: {var}]"));
    }
    match setting.default {
        Default::None => {}
        Default::Text(text) => line.push_str(&format!(" [default: {text}]")),
        Default::Login => line.push_str(" [default: login name]"),
    }
    line
}
