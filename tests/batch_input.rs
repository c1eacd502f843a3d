//! `peki batch` fed lines written to hurt: an id must come back exactly as it went in.

mod common;

use common::{Test, run_with};

#[test]
fn an_id_comes_back_as_it_went_in_or_the_line_is_refused() {
    let t = Test::new();
    let input = concat!(
        "{\"content\":\"a\",\"id\":18446744073709551615}\n",
        "{\"content\":\"b\",\"id\":-9223372036854775808}\n",
        "{\"content\":\"c\",\"id\":123456789012345678901234567890}\n",
        "{\"content\":\"d\",\"id\":2.5}\n",
    );
    let mut cmd = t.peki();
    cmd.args(["batch", "--bot", "support"]);
    let out = run_with(cmd, Some(input.as_bytes()));
    out.code(2);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(
        lines[0].starts_with("{\"line\":1,\"id\":18446744073709551615,\"ok\":true"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("{\"line\":2,\"id\":-9223372036854775808,\"ok\":true"),
        "{}",
        lines[1]
    );
    // Past 64 bits a JSON number is read as a float and would lose its last digits.
    assert!(
        lines[2].starts_with("{\"line\":3,\"id\":null,\"ok\":false"),
        "{}",
        lines[2]
    );
    assert!(lines[2].contains("give it as a string"), "{}", lines[2]);
    assert!(
        lines[3].starts_with("{\"line\":4,\"id\":2.5,\"ok\":true"),
        "{}",
        lines[3]
    );
}
