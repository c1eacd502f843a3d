//! The reply cache: `--cache TTL` on send (batch has its own tests), hits, misses, expiry,
//! corrupt entries, failures never stored, `peki cache path/clear`, and no secret on disk.

mod common;

use std::path::{Path, PathBuf};

use common::{Canned, FakeApi, SECRET, Test, run};

const OK: &str = r#"{"data":"fresh reply","error":null,"totalItems":0,"pageSize":0,"currentPage":0,"totalPages":0}"#;

fn ok_api() -> FakeApi {
    FakeApi::start(Canned::new(200, OK))
}

/// Every cache entry under `home`.
fn entries(home: &Path) -> Vec<PathBuf> {
    let root = home.join("xdg-cache/peki/replies");
    let mut found = Vec::new();
    for shard in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(shard.path()).unwrap().flatten() {
            if file.file_name().to_string_lossy().ends_with(".json") {
                found.push(file.path());
            }
        }
    }
    found
}

#[test]
fn a_second_send_with_cache_is_answered_from_it_and_sends_nothing() {
    let api = ok_api();
    let home = tempfile::tempdir().unwrap();
    let first = api.send(home.path(), &["--cache", "10m", "--json"]);
    first.code(0);
    assert_eq!(first.json()["cached"], false);
    let second = api.send(home.path(), &["--cache", "10m", "--json"]);
    let object = second.code(0).json();
    assert_eq!(object["cached"], true);
    assert_eq!(object["reply"], "fresh reply");
    assert_eq!(object["attempts"], 0);
    assert_eq!(object["rate_limit"], serde_json::Value::Null);
    assert_eq!(api.hits(), 1);
    // Plain output is the same reply.
    api.send(home.path(), &["--cache", "1h"])
        .code(0)
        .stdout_is("fresh reply\n");
    // Without --cache, it is sent.
    api.send(home.path(), &[]).code(0);
    assert_eq!(api.hits(), 2);
}

#[test]
fn a_different_message_user_or_bot_is_a_miss() {
    let api = ok_api();
    let home = tempfile::tempdir().unwrap();
    api.send(home.path(), &["--cache", "1d"]).code(0);
    api.send(home.path(), &["--cache", "1d", "--user-id", "someone-else"])
        .code(0);
    api.send(home.path(), &["--cache", "1d", "--user-name", "Bo"])
        .code(0);
    let mut other_bot = api.command(home.path());
    other_bot.args(["send", "--cache", "1d", "--bot", "fromenv", "hi"]);
    run(other_bot).code(0);
    let mut other_text = api.command(home.path());
    other_text.args(["send", "--cache", "1d", "--bot", "support", "hi!"]);
    run(other_text).code(0);
    assert_eq!(api.hits(), 5);
    assert_eq!(entries(home.path()).len(), 5);
}

#[test]
fn an_entry_older_than_the_ttl_is_a_miss_and_is_refreshed() {
    let api = ok_api();
    let home = tempfile::tempdir().unwrap();
    api.send(home.path(), &["--cache", "10m"]).code(0);
    let [entry] = entries(home.path()).try_into().unwrap();
    let mut stored: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&entry).unwrap()).unwrap();
    stored["stored_at"] = (peki::clock::unix_now() - 3600).into();
    std::fs::write(&entry, stored.to_string()).unwrap();
    // An hour old: fresh enough for 2h, not for 10m.
    let hit = api.send(home.path(), &["--cache", "2h", "--json"]);
    assert_eq!(hit.json()["cached"], true);
    assert_eq!(api.hits(), 1);
    let miss = api.send(home.path(), &["--cache", "10m", "--json"]);
    assert_eq!(miss.json()["cached"], false);
    assert_eq!(api.hits(), 2);
    // The fresh reply replaced the old entry.
    let hit = api.send(home.path(), &["--cache", "10m", "--json"]);
    assert_eq!(hit.json()["cached"], true);
    assert_eq!(api.hits(), 2);
}

#[test]
fn a_corrupt_entry_is_ignored_and_replaced() {
    let api = ok_api();
    let home = tempfile::tempdir().unwrap();
    api.send(home.path(), &["--cache", "1d"]).code(0);
    let [entry] = entries(home.path()).try_into().unwrap();
    for junk in [
        &b"{\"version\":1,\"key\""[..],
        b"\xff\x00garbage",
        b"[]",
        b"",
    ] {
        std::fs::write(&entry, junk).unwrap();
        let out = api.send(home.path(), &["--cache", "1d", "--json"]);
        out.code(0);
        assert_eq!(out.json()["cached"], false);
        assert_eq!(out.stderr, "", "a corrupt entry is not an error");
        let stored: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&entry).unwrap()).unwrap();
        assert_eq!(stored["response"]["data"], "fresh reply");
    }
    assert_eq!(api.hits(), 5);
}

#[test]
fn failures_are_never_stored() {
    let api = FakeApi::sequence(vec![
        Canned::new(500, r#"{"title":"boom","status":500}"#),
        Canned::new(200, OK),
    ]);
    let home = tempfile::tempdir().unwrap();
    api.send(home.path(), &["--cache", "1d", "--retries", "0"])
        .code(7);
    assert!(entries(home.path()).is_empty());
    api.send(home.path(), &["--cache", "1d"]).code(0);
    assert_eq!(api.hits(), 2);
}

#[test]
fn a_cached_reply_still_meets_the_expectations() {
    let api = ok_api();
    let home = tempfile::tempdir().unwrap();
    api.send(home.path(), &["--cache", "1d"]).code(0);
    let out = api.send(
        home.path(),
        &["--cache", "1d", "--json", "--expect-contains", "stale"],
    );
    out.code(9);
    assert_eq!(out.json()["cached"], true);
    assert_eq!(out.json()["error"]["kind"], "expectation_failed");
    assert_eq!(api.hits(), 1);
}

#[test]
fn cache_comes_from_the_environment_and_the_profile_too() {
    let api = ok_api();
    let home = tempfile::tempdir().unwrap();
    let mut env = api.command(home.path());
    env.env("PEKI_CACHE", "1d")
        .args(["send", "--bot", "support", "hi"]);
    run(env).code(0);
    let config = home.path().join("xdg-config/peki");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[profiles.default]\ncache = \"2h\"\n",
    )
    .unwrap();
    let out = api.send(home.path(), &["--json"]);
    assert_eq!(out.json()["cached"], true);
    // `--cache 0` turns a profile's cache off.
    let out = api.send(home.path(), &["--json", "--cache", "0"]);
    assert_eq!(out.json()["cached"], false);
    assert_eq!(api.hits(), 2);
    let mut bad = api.command(home.path());
    bad.args(["send", "--bot", "support", "--cache", "soon", "hi"]);
    run(bad).code(2).stderr_has("not a duration");
}

#[test]
fn cache_files_are_private_and_hold_no_secret() {
    let t = Test::new();
    run(t.send(&["--cache", "1d", "hello"])).code(0);
    let found = entries(t.home.path());
    assert_eq!(found.len(), 1);
    for path in &found {
        let bytes = std::fs::read(path).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains(SECRET));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
    }
}

#[test]
fn cache_path_and_clear() {
    let t = Test::new();
    let mut path = t.bare();
    path.args(["cache", "path"]);
    let expected = t.home.path().join("xdg-cache/peki/replies");
    run(path)
        .code(0)
        .stdout_is(&format!("{}\n", expected.display()));
    let mut clear = t.bare();
    clear.args(["cache", "clear"]);
    run(clear).code(0).stderr_has("removed 0 stored replies");
    for text in ["a", "b"] {
        run(t.send(&["--cache", "1d", text])).code(0);
    }
    let mut clear = t.bare();
    clear.args(["cache", "clear"]);
    run(clear).code(0).stderr_has("removed 2 stored replies");
    assert!(entries(t.home.path()).is_empty());
    let again = run(t.send(&["--cache", "1d", "--json", "a"]));
    assert_eq!(again.json()["cached"], false);
}

#[test]
fn two_batches_filling_the_same_cache_at_once_both_succeed() {
    // Enough quota for all three to send every line: they race to fill the cache.
    let t = Test::with_limit(10_000);
    let input: String = (1..=40).map(|n| format!("question {n}\n")).collect();
    let children: Vec<_> = (0..3)
        .map(|_| {
            let mut cmd = t.peki();
            cmd.args(["batch", "--bot", "support", "--cache", "1h", "-P", "4"])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped());
            let mut child = cmd.spawn().unwrap();
            let mut stdin = child.stdin.take().unwrap();
            std::io::Write::write_all(&mut stdin, input.as_bytes()).unwrap();
            child
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "");
        assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 40);
    }
    assert_eq!(entries(t.home.path()).len(), 40);
    let mut again = t.peki();
    again.args(["batch", "--bot", "support", "--cache", "1h"]);
    let out = common::run_with(again, Some(input.as_bytes()));
    let cached = out
        .stdout
        .lines()
        .filter(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["cached"] == true)
        .count();
    assert_eq!(cached, 40);
}

#[test]
fn a_cache_that_cannot_be_written_is_said_once_and_the_batch_goes_on() {
    let t = Test::new();
    // A file where the cache directory would be: nothing can be stored under it.
    let blocker = t.home.path().join("not-a-dir");
    std::fs::write(&blocker, "").unwrap();
    let mut cmd = t.peki();
    cmd.env("XDG_CACHE_HOME", &blocker)
        .args(["batch", "--bot", "support", "--cache", "1h"]);
    let out = common::run_with(cmd, Some(b"one\ntwo\nthree\n"));
    out.code(0);
    assert_eq!(out.stdout.lines().count(), 3);
    assert_eq!(
        out.stderr
            .matches("cannot store replies in the cache")
            .count(),
        1,
        "{}",
        out.stderr
    );
}
