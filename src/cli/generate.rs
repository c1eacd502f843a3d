//! The artefacts made from the one clap definition: shell completion scripts
//! (clap_complete) and the manual page (clap_mangen, one page for every command). `peki
//! completions` and `peki man` print them; `completions/*` and `doc/peki.1` in the source
//! tree are these same bytes, and `tests/generated.rs` fails when they are stale. Pure:
//! renders bytes, writes nothing.

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use super::Cli;
use crate::config::SETTINGS;

/// Each shell and the file its script is committed as.
pub const COMPLETION_FILES: [(Shell, &str); 5] = [
    (Shell::Bash, "completions/peki.bash"),
    (Shell::Zsh, "completions/_peki"),
    (Shell::Fish, "completions/peki.fish"),
    (Shell::PowerShell, "completions/_peki.ps1"),
    (Shell::Elvish, "completions/peki.elv"),
];

/// The man page's path in the source tree.
pub const MAN_FILE: &str = "doc/peki.1";

/// The page's date: fixed, so that the page is the same bytes on every build (a date of
/// the day would make the committed page stale every morning).
const MAN_DATE: &str = "2026-11-25";

/// The preamble every roff rendering starts with; the page needs it once.
const APOSTROPHE_PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// Every generated file: its path in the source tree and its bytes.
pub fn artefacts() -> Vec<(&'static str, Vec<u8>)> {
    let mut files: Vec<_> = COMPLETION_FILES
        .iter()
        .map(|(shell, path)| (*path, completion(*shell)))
        .collect();
    files.push((MAN_FILE, man_page()));
    files
}

/// The completion script for `shell`.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "peki", &mut script);
    script
}

/// The manual page: the top command's sections, then a section for every command (with
/// its synopsis, description, options and examples), then exit status, environment and files.
pub fn man_page() -> Vec<u8> {
    let top = Cli::command();
    let mut page = Vec::new();
    let man = Man::new(top.clone()).date(MAN_DATE).title("PEKI");
    // Writing into a Vec cannot fail.
    let _ = man.render_title(&mut page);
    let _ = man.render_name_section(&mut page);
    let _ = man.render_synopsis_section(&mut page);
    let _ = man.render_description_section(&mut page);
    let _ = man.render_options_section(&mut page);
    page.extend(commands_section(&top).into_bytes());
    page.extend(reference_sections().into_bytes());
    page.extend(literal_section("EXAMPLES", &examples_of(&top)).into_bytes());
    let _ = man.render_version_section(&mut page);
    tidy(&String::from_utf8_lossy(&page)).into_bytes()
}

/// What `mandoc -T lint` would warn about in the pieces put together: the preamble once,
/// and clap_mangen's `.br`, blank line, `.br` (before a list of values) as one `.sp`.
fn tidy(page: &str) -> String {
    let rest = page.replace(APOSTROPHE_PREAMBLE, "");
    let rest = rest.replace(".br\n\n.br\n", ".sp\n");
    format!("{APOSTROPHE_PREAMBLE}{rest}")
}

/// `.SH COMMANDS`: a list of every command, then a subsection each.
fn commands_section(top: &clap::Command) -> String {
    let mut list = Roff::new();
    list.control("SH", ["COMMANDS"]);
    let mut sections = String::new();
    for (name, command) in commands(top, "peki") {
        list.control("TP", []);
        list.text([bold(name.as_str())]);
        if let Some(about) = command.get_about() {
            list.text([roman(about.to_string())]);
        }
        sections.push_str(&command_section(&name, &command));
    }
    list.render() + &sections
}

/// Every command below `parent`, depth first, with its full name (`peki config set`).
fn commands(parent: &clap::Command, prefix: &str) -> Vec<(String, clap::Command)> {
    let mut found = Vec::new();
    for sub in parent.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{prefix} {}", sub.get_name());
        found.push((name.clone(), sub.clone()));
        found.extend(commands(sub, &name));
    }
    found
}

/// `.SS peki send`: synopsis, description, options and examples, each section of the
/// command's own page demoted to a bold heading.
fn command_section(name: &str, command: &clap::Command) -> String {
    // Taken from the unbuilt tree, a command has only its own flags: the global ones are
    // in OPTIONS once.
    let command = command
        .clone()
        .bin_name(name.to_string())
        .disable_help_flag(true);
    let man = Man::new(command.clone());
    let mut roff = Vec::new();
    let _ = man.render_synopsis_section(&mut roff);
    let _ = man.render_description_section(&mut roff);
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        let _ = man.render_options_section(&mut roff);
    }
    let mut section = Roff::new();
    section.control("SS", [name]);
    let mut text = section.render() + &demote_headings(&String::from_utf8_lossy(&roff));
    let examples = examples_of(&command);
    if !examples.is_empty() {
        text.push_str(&literal_block("Examples", &examples));
    }
    text
}

/// `.SH TITLE` lines become a paragraph with the title in bold (inside a `.SS`, which
/// starts a paragraph itself: the first needs no `.PP`).
fn demote_headings(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    let mut first = true;
    for line in roff.lines() {
        match line.strip_prefix(".SH ") {
            Some(title) => {
                let title = title.trim_matches('"');
                let mut heading = Roff::new();
                if !first {
                    heading.control("PP", []);
                }
                first = false;
                heading.text([bold(title_case(title))]);
                heading.control("br", []);
                out.push_str(&heading.to_roff());
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// `OPTIONS` -> `Options`, `EXPECTATIONS (EXIT 9 …)` -> `Expectations (exit 9 …)`.
fn title_case(title: &str) -> String {
    let lower = title.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The lines of a command's after-help from `Examples:` up to the next section: the
/// environment and exit codes have their own sections in the page.
fn examples_of(command: &clap::Command) -> Vec<String> {
    let Some(help) = command.get_after_help() else {
        return Vec::new();
    };
    let help = help.to_string();
    let mut lines = help
        .lines()
        .skip_while(|line| *line != "Examples:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .map(|line| line.trim_start().to_string());
    let first = lines.next();
    first.into_iter().chain(lines).collect()
}

/// A bold heading and lines shown as they are (no filling), indented.
fn literal_block(title: &str, lines: &[String]) -> String {
    let mut roff = Roff::new();
    roff.control("PP", []);
    roff.text([bold(title)]);
    roff.control("RS", []);
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(line.as_str())]);
    }
    roff.control("fi", []);
    roff.control("RE", []);
    roff.render()
}

fn literal_section(title: &str, lines: &[String]) -> String {
    let mut roff = Roff::new();
    roff.control("SH", [title]);
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(line.as_str())]);
    }
    roff.control("fi", []);
    roff.render()
}

/// EXIT STATUS, ENVIRONMENT and FILES.
fn reference_sections() -> String {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for line in exit_codes!().lines().skip(1) {
        if let Some((code, meaning)) = line.trim_start().split_once("  ")
            && code
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
        {
            roff.control("TP", []);
            roff.text([bold(code)]);
            roff.text([roman(meaning.trim())]);
        } else {
            roff.text([roman(line.trim())]);
        }
    }
    roff.control("SH", ["ENVIRONMENT"]);
    let mut variables: Vec<(String, String)> = vec![
        (
            "PEKI_CONFIG".into(),
            "The config file (like --config).".into(),
        ),
        (
            "PEKI_PROFILE".into(),
            "The profile in the config file (like --profile).".into(),
        ),
    ];
    for setting in SETTINGS.iter() {
        if let Some(var) = setting.env {
            variables.push((
                var.into(),
                format!("{} (config key {}).", setting.about, setting.key),
            ));
        }
    }
    variables.extend([
        (
            "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY".into(),
            "The proxy, chosen by the target's scheme, when no proxy setting is given (lower case too).".into(),
        ),
        ("NO_COLOR".into(), "Set and not empty: no colour on stderr with --color auto.".into()),
        ("CLICOLOR_FORCE".into(), "Set and not 0: colour on stderr even off a terminal with --color auto.".into()),
        ("HOME, XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_CACHE_HOME".into(), "Where the files below live.".into()),
    ]);
    for (var, about) in variables {
        roff.control("TP", []);
        roff.text([bold(var)]);
        roff.text([roman(about)]);
    }
    roff.control("SH", ["FILES"]);
    for (path, about) in [
        (
            "~/.config/peki/config.toml",
            "The config file: profiles of credentials and defaults, mode 0600 (macOS: ~/Library/Application Support/peki/config.toml; Windows: %APPDATA%\\peki\\config\\config.toml).",
        ),
        (
            "~/.local/share/peki/chat-history",
            "The history of peki chat on a terminal, mode 0600.",
        ),
        (
            "~/.local/state/peki/rate-limits.json",
            "The last rate-limit reading of each chatbot (peki limits).",
        ),
        (
            "~/.cache/peki/replies/",
            "Stored replies of --cache, one file each, mode 0600 (peki cache clear).",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(path)]);
        roff.text([roman(about)]);
    }
    roff.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_covers_every_command_and_the_reference_sections() {
        let page = String::from_utf8(man_page()).unwrap();
        for (name, _) in commands(&Cli::command(), "peki") {
            assert!(
                page.contains(&format!(".SS \"{name}\"")) || page.contains(&format!(".SS {name}")),
                "{name}"
            );
        }
        for section in ["EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES", "OPTIONS"] {
            assert!(page.contains(section), "{section}");
        }
        assert!(page.contains("PEKI_API_SECRET") && page.contains("NO_COLOR"));
    }

    #[test]
    fn every_shell_gets_a_script_naming_every_command() {
        for (shell, _) in COMPLETION_FILES {
            let script = String::from_utf8(completion(shell)).unwrap();
            for command in [
                "send",
                "chat",
                "sign",
                "serve",
                "config",
                "completions",
                "man",
            ] {
                assert!(script.contains(command), "{shell}: {command}");
            }
        }
    }

    #[test]
    fn headings_are_demoted_inside_a_command() {
        let roff = ".SH SYNOPSIS\ntext\n.SH \"EXPECTATIONS (EXIT 9)\"\n";
        let demoted = demote_headings(roff);
        assert!(!demoted.contains(".SH"), "{demoted}");
        assert!(demoted.contains("Synopsis") && demoted.contains("Expectations (exit 9)"));
    }
}
