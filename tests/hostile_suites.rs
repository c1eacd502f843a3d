//! `peki test` fed suites written to hurt: names that would break out of a shell comment,
//! variables that multiply each other.

mod common;

use common::{Test, run};

fn write(t: &Test, name: &str, text: &str) -> std::path::PathBuf {
    let path = t.home.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_dry_run_piped_to_sh_runs_curl_and_nothing_a_name_in_the_suite_holds() {
    let t = Test::new();
    let marker = t.home.path().join("INJECTED");
    // A capture's name is shown in a `#` comment when a later turn uses it.
    let name = format!("x\\ntouch {} #", marker.display());
    let suite = write(
        &t,
        "s.toml",
        &format!(
            "[[case]]\nname = \"c\"\n\
             [[case.turn]]\nsay = \"hi\"\ncapture = {{ \"{name}\" = 'h(i)' }}\n\
             [[case.turn]]\nsay = \"again ${{{name}}}\"\n"
        ),
    );
    run(t.shell(&format!(
        "\"$PEKI\" test --bot support --dry-run '{}' | sh",
        suite.display()
    )))
    .code(0);
    assert!(
        !marker.exists(),
        "the dry run's output ran a command of the suite's"
    );
}

#[test]
fn a_suite_name_on_more_than_one_line_is_a_bad_suite() {
    let t = Test::new();
    let suite = write(
        &t,
        "s.toml",
        "[suite]\nname = \"x\\ntouch nothing #\"\n[[case]]\nname = \"c\"\nmessage = \"hi\"\n",
    );
    let mut cmd = t.peki();
    cmd.args(["test", "--bot", "support", "--dry-run"])
        .arg(&suite);
    run(cmd)
        .code(2)
        .stderr_has("s.toml:2:8: the suite needs a name on one line");
}
