//! Everything made from the one clap definition, kept honest: the committed completion
//! scripts and man page are what the code renders now, the man page passes mandoc's lint,
//! the bash script completes in a real bash, and `--help` of every command and the main
//! error messages match their snapshots under tests/snapshots/.
//!
//! ONE command regenerates every generated file and snapshot (run it after adding or
//! changing a command or a flag, and read the diff):
//!
//!     UPDATE_GENERATED=1 cargo test --test generated

mod common;

use std::path::Path;

use clap::CommandFactory;
use snapbox::assert::Action;
use snapbox::{Assert, Data};

const REGENERATE: &str = "UPDATE_GENERATED=1 cargo test --test generated";

fn updating() -> bool {
    std::env::var_os("UPDATE_GENERATED").is_some_and(|v| !v.is_empty() && v != "0")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the snapshot at `path` (rewriting it when updating), with a diff
/// and the regeneration command on failure.
#[track_caller]
fn snapshot(path: &Path, actual: String) {
    let action = if updating() {
        Action::Overwrite
    } else {
        Action::Verify
    };
    let expected = Data::read_from(path, None).raw();
    if let Err(error) =
        Assert::new()
            .action(action)
            .try_eq(Some(&"actual"), Data::text(actual).raw(), expected)
    {
        panic!(
            "{error}\nstale snapshot {}; regenerate with: {REGENERATE}",
            path.display()
        );
    }
}

#[test]
fn committed_completions_and_man_page_are_fresh() {
    let mut stale = Vec::new();
    for (path, bytes) in peki::cli::generate::artefacts() {
        let file = root().join(path);
        if std::fs::read(&file).ok().as_deref() == Some(&bytes[..]) {
            continue;
        }
        if updating() {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &bytes).unwrap();
        } else {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files: {stale:?}\nregenerate every generated file with: {REGENERATE}"
    );
}

#[test]
fn the_binary_prints_the_committed_artefacts() {
    let home = tempfile::tempdir().unwrap();
    for (args, path) in [
        (&["completions", "bash"][..], "completions/peki.bash"),
        (&["completions", "zsh"], "completions/_peki"),
        (&["man"], "doc/peki.1"),
    ] {
        let mut cmd = common::hermetic(home.path());
        cmd.args(args);
        let out = common::run(cmd);
        out.code(0);
        let committed = std::fs::read_to_string(root().join(path)).unwrap_or_default();
        assert!(
            out.stdout == committed,
            "{path} differs; regenerate with: {REGENERATE}"
        );
    }
}

#[test]
fn the_man_page_passes_mandoc_lint() {
    let page = root().join(peki::cli::generate::MAN_FILE);
    let lint = std::process::Command::new("mandoc")
        .args(["-T", "lint", "-W", "warning"])
        .arg(&page)
        .output();
    let Ok(lint) = lint else {
        eprintln!("skipped: mandoc is not installed (Debian: apt-get install mandoc)");
        return;
    };
    assert!(
        lint.status.success(),
        "mandoc -T lint -W warning {}:\n{}{}",
        page.display(),
        String::from_utf8_lossy(&lint.stdout),
        String::from_utf8_lossy(&lint.stderr)
    );
}

/// What the committed bash script offers for the words of `line` (the last one being
/// completed), in a real bash.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let script = root().join("completions/peki.bash");
    let array = words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let program = format!(
        "source '{}'\nCOMP_WORDS=({array})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _peki peki '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words.get(words.len().wrapping_sub(2)).unwrap_or(&"")
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[cfg(unix)]
#[test]
fn bash_completes_commands_flag_values_and_config_keys() {
    let offered = bash_completes(&["peki", "s"]);
    for command in ["send", "serve", "sign"] {
        assert!(
            offered.iter().any(|o| o == command),
            "{command} not in {offered:?}"
        );
    }
    assert_eq!(
        bash_completes(&["peki", "send", "--output", ""]),
        ["plain", "json"]
    );
    assert!(bash_completes(&["peki", "config", "set", "api_"]).contains(&"api_secret".to_string()));
    assert!(bash_completes(&["peki", "--color", ""]).contains(&"never".to_string()));
}

/// Runs `shell ARGS…`, or `None` (and says so) where that shell is not installed.
fn shell_output(shell: &str, args: &[&str]) -> Option<std::process::Output> {
    match std::process::Command::new(shell)
        .args(args)
        .current_dir(root())
        .output()
    {
        Ok(out) => Some(out),
        Err(_) => {
            eprintln!("skipped: {shell} is not installed");
            None
        }
    }
}

#[cfg(unix)]
#[test]
fn zsh_and_fish_load_their_scripts_where_installed() {
    if let Some(out) = shell_output("zsh", &["-n", "completions/_peki"]) {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let fish = shell_output(
        "fish",
        &[
            "--no-config",
            "-c",
            "source completions/peki.fish; complete -C 'peki s'",
        ],
    );
    if let Some(out) = fish {
        let offered = String::from_utf8_lossy(&out.stdout);
        for command in ["send\t", "serve\t", "sign\t"] {
            assert!(offered.contains(command), "{command:?} not in {offered}");
        }
    }
}

/// Every command's full name, depth first: `[]`, `[send]`, `[config, set]`, …
fn command_paths() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, prefix: Vec<String>, found: &mut Vec<Vec<String>>) {
        found.push(prefix.clone());
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut path = prefix.clone();
            path.push(sub.get_name().to_string());
            walk(sub, path, found);
        }
    }
    let mut found = Vec::new();
    walk(&peki::cli::Cli::command(), Vec::new(), &mut found);
    found
}

fn help_of(path: &[String]) -> common::Run {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = common::hermetic(home.path());
    cmd.args(path).arg("--help").env("COLUMNS", "100");
    common::run(cmd)
}

#[test]
fn every_command_has_a_description_examples_and_its_environment() {
    for path in command_paths().into_iter().skip(1) {
        let out = help_of(&path);
        out.code(0);
        for needle in ["Examples:\n", "Environment:\n", "Usage: peki "] {
            assert!(
                out.stdout.contains(needle),
                "peki {} --help lacks {needle:?}",
                path.join(" ")
            );
        }
    }
}

#[test]
fn help_matches_its_snapshots() {
    for path in command_paths() {
        let out = help_of(&path);
        out.code(0);
        let name = if path.is_empty() {
            "peki".to_string()
        } else {
            path.join("-")
        };
        snapshot(
            &root().join(format!("tests/snapshots/help/{name}.txt")),
            out.stdout.clone(),
        );
    }
}

/// The main error messages, as a user meets them: each with its command line and exit code.
#[test]
fn error_messages_match_their_snapshot() {
    let t = common::Test::new();
    let cases: [(&[&str], bool); 10] = [
        (&["sned", "hi"], false),
        (&["send", "--ouptut", "json", "hi"], false),
        (&["send", "--output", "jsn", "hi"], false),
        (&["send", "hi"], false),
        (&["send", "--bot", "a/b", "hi"], true),
        (&["send", "--bot", "nope", "--retries", "0", "hi"], true),
        (&["chat"], true),
        (&["sign", "--path", "api", "--body", "x"], true),
        (&["-q", "-v", "send", "hi"], true),
        (&["completions", "tcsh"], false),
    ];
    let mut transcript = String::new();
    for (args, with_credentials) in cases {
        let mut cmd = if with_credentials { t.peki() } else { t.bare() };
        cmd.args(args).env("COLUMNS", "100");
        let out = common::run(cmd);
        let stderr = scrub(&out.stderr, &t.sandbox.base_url());
        transcript.push_str(&format!(
            "$ peki {}\n{stderr}[exit {}]\n\n",
            args.join(" "),
            out.code
        ));
    }
    snapshot(&root().join("tests/snapshots/errors.txt"), transcript);
}

/// Run-specific parts of a message (the sandbox's port, trace ids) made stable.
fn scrub(text: &str, base_url: &str) -> String {
    let text = text.replace(base_url, "http://127.0.0.1:PORT/api");
    let trace = regex::Regex::new(r"00-[0-9a-f]{32}-[0-9a-f]{16}-00").unwrap();
    trace.replace_all(&text, "TRACE-ID").into_owned()
}
