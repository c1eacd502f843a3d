//! Unit tests of config edits: comments kept, inline tables, symlinks, malformed files.
//! (Locking, modes and temp files are `store`'s, tested there.)

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
