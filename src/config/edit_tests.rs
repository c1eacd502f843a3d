//! Unit tests of config edits: comments kept, private modes, symlinks, the lock, and no
//! temp file left behind.

use super::*;

const COMMENTED: &str = "\
# my peki settings
default_profile = \"prod\"   # the one I use

[profiles.prod]
# production bot
bot = \"support\"  # keep
api_key = \"pk_old\"
";

fn edited(text: &str, edit: impl FnOnce(&mut Editor)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let mut editor = Editor::open(&path).unwrap();
    edit(&mut editor);
    editor.save().unwrap();
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn comments_and_other_keys_survive_an_edit() {
    let text = edited(COMMENTED, |e| {
        e.set("prod", Key::Bot, "sales".into());
        e.set("staging", Key::Timeout, 5.into());
        e.set_default_profile("staging");
    });
    assert!(text.starts_with("# my peki settings\n"), "{text}");
    assert!(
        text.contains("default_profile = \"staging\"   # the one I use"),
        "{text}"
    );
    assert!(
        text.contains("# production bot\nbot = \"sales\"  # keep\n"),
        "{text}"
    );
    assert!(text.contains("api_key = \"pk_old\""), "{text}");
    assert!(text.contains("[profiles.staging]\ntimeout = 5\n"), "{text}");
    assert!(!text.contains("[profiles]\n"), "{text}");
}

#[test]
fn unset_removes_only_that_key() {
    let text = edited(COMMENTED, |e| {
        assert!(e.unset("prod", Key::ApiKey));
        assert!(!e.unset("prod", Key::ApiKey));
        assert!(!e.unset("nope", Key::Bot));
    });
    assert!(!text.contains("api_key"), "{text}");
    assert!(text.contains("bot = \"support\"  # keep"), "{text}");
}

#[test]
fn inline_profile_tables_are_expanded_not_a_panic() {
    for source in [
        "profiles = { default = { bot = \"x\" } }\n",
        "[profiles]\ndefault = { bot = \"x\" }\n",
    ] {
        let text = edited(source, |e| e.set("default", Key::ApiKey, "pk_new".into()));
        let file = parse_config(Path::new("c.toml"), &text).unwrap();
        let profile = &file.profiles["default"];
        assert_eq!(profile[&Key::Bot].value.as_str(), Some("x"), "{text}");
        assert_eq!(
            profile[&Key::ApiKey].value.as_str(),
            Some("pk_new"),
            "{text}"
        );
    }
}

#[cfg(unix)]
#[test]
fn new_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new/peki/config.toml");
    let mut editor = Editor::open(&path).unwrap();
    editor.set("default", Key::ApiSecret, "sk_x".into());
    editor.save().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
}

#[cfg(unix)]
#[test]
fn saves_write_through_symlinks_even_dangling_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("dotfiles")).unwrap();
    let link = dir.path().join("config.toml");
    std::os::unix::fs::symlink("dotfiles/peki.toml", &link).unwrap();
    for bot in ["first", "second"] {
        let mut editor = Editor::open(&link).unwrap();
        editor.set("default", Key::Bot, bot.into());
        editor.save().unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        let text = std::fs::read_to_string(dir.path().join("dotfiles/peki.toml")).unwrap();
        assert!(text.contains(&format!("bot = \"{bot}\"")), "{text}");
    }
}

#[test]
fn malformed_files_are_not_edited() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "profiles = 5\n").unwrap();
    let err = Editor::open(&path).err().unwrap();
    assert!(
        matches!(&err, ConfigError::Parse { at, .. } if at.line == 1),
        "{err}"
    );
}

#[test]
fn a_second_editor_waits_for_the_first_to_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let mut first = Editor::open(&path).unwrap();
    let waiter = {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut second = Editor::open(&path).unwrap();
            second.set("b", Key::Bot, "two".into());
            second.save().unwrap();
        })
    };
    // The second editor cannot have read the file yet: it would lose this edit.
    std::thread::sleep(Duration::from_millis(50));
    first.set("a", Key::Bot, "one".into());
    first.save().unwrap();
    drop(first);
    waiter.join().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("[profiles.a]") && text.contains("[profiles.b]"),
        "{text}"
    );
}

#[test]
fn temp_files_left_by_a_killed_edit_are_removed_and_never_look_like_configs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let stale = dir.path().join(format!("{}abc123.tmp", temp_prefix(&path)));
    assert_eq!(stale.file_name().unwrap(), ".config.toml.write-abc123.tmp");
    std::fs::write(&stale, "api_secret = \"sk_left_behind\"").unwrap();
    let other = dir.path().join(".other.toml.write-xyz.tmp");
    std::fs::write(&other, "").unwrap();
    let mut editor = Editor::open(&path).unwrap();
    editor.set("default", Key::Bot, "x".into());
    editor.save().unwrap();
    assert!(!stale.exists());
    assert!(
        other.exists(),
        "temp files of other configs are not ours to remove"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".tmp") && n.contains("config.toml")),
        "{names:?}"
    );
}
