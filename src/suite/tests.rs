//! Unit tests of suite loading: the documented format, and every load-time error placed at
//! its line and column.

use std::path::Path;

use super::*;

const EXAMPLE: &str = r#"
[suite]
name = "support bot"
bot = "support"
user_name = "CI"

[vars]
order = "A-1001"

[[case]]
name = "greets"
message = "Hello!"
expect = { contains_any = ["hello", "hi"], ignore_case = true, max_ms = 5000 }

[[case]]
name = "order follow-up"
samples = 5
min_pass = 4
[[case.turn]]
say = "Where is order ${order}?"
expect = { contains = ["${order}"], not_contains = ["error"] }
capture = { eta = 'arrives on (\w+ \d+)' }
[[case.turn]]
say = "Can it come before ${eta}?"
expect = { regex = '(?i)\b(yes|no)\b' }
"#;

fn env(name: &str) -> Option<String> {
    (name == "TOKEN").then(|| "t0k".to_string())
}

fn parse_with(text: &str, overrides: &[(String, String)]) -> Result<Suite, SuiteError> {
    super::parse::parse(
        Path::new("s.toml"),
        text,
        &LoadOptions {
            overrides,
            env: &env,
        },
    )
}

fn parse(text: &str) -> Result<Suite, SuiteError> {
    parse_with(text, &[])
}

fn error_at(text: &str) -> (usize, usize, String) {
    let e = parse(text).unwrap_err();
    (e.line, e.column, e.message)
}

#[test]
fn the_documented_example_loads() {
    let suite = parse(EXAMPLE).unwrap();
    assert_eq!(suite.name, "support bot");
    let [greets, follow_up] = &suite.cases[..] else {
        panic!("two cases: {:?}", suite.cases);
    };
    assert_eq!((greets.name.as_str(), greets.line), ("greets", 10));
    assert_eq!(greets.bot.as_deref(), Some("support"));
    assert_eq!(greets.turns.len(), 1);
    assert!(greets.turns[0].expect.ignore_case);
    assert_eq!((follow_up.samples, follow_up.min_pass), (5, 4));
    assert_eq!(follow_up.turns.len(), 2);
    assert_eq!(follow_up.turns[0].capture[0].0, "eta");
    assert_eq!(follow_up.messages(), 2);
}

#[test]
fn variables_come_from_vars_overrides_env_and_earlier_captures() {
    let suite = parse_with(EXAMPLE, &[("order".into(), "B-7".into())]).unwrap();
    let mut vars = Vars::default();
    vars.set("order", "B-7".into());
    assert_eq!(
        suite.cases[1].turns[0].say.render(&vars).unwrap(),
        "Where is order B-7?"
    );
    let with_env =
        "[vars]\ntoken = \"${env.TOKEN}\"\n[[case]]\nname = \"a\"\nmessage = \"${token}\"\n";
    assert!(parse(with_env).is_ok());
    assert_eq!(
        error_at("[[case]]\nname = \"a\"\nmessage = \"${env.NOPE}\"\n"),
        (
            3,
            11,
            "${env.NOPE}: the environment variable NOPE is not set".into()
        )
    );
    let unknown = error_at("[[case]]\nname = \"a\"\nmessage = \"${nope}\"\n");
    assert_eq!((unknown.0, unknown.1), (3, 11));
    assert!(
        unknown.2.starts_with("${nope} is not a variable"),
        "{}",
        unknown.2
    );
    // A capture is known to the turns after it, not to its own.
    let own = "[[case]]\nname = \"a\"\n[[case.turn]]\nsay = \"${x}\"\ncapture = { x = '(a)' }\n";
    assert!(error_at(own).2.starts_with("${x} is not a variable"));
}

#[test]
fn expectations_resolve_with_captured_text_taken_literally() {
    let suite = parse(EXAMPLE).unwrap();
    let mut vars = Vars::default();
    vars.set("order", "A-1001".into());
    let expectations = suite.cases[1].turns[0].expect.resolve(&vars).unwrap();
    assert_eq!(expectations.checks.len(), 2);
    let regex = "[[case]]\nname = \"r\"\n[[case.turn]]\nsay = \"x\"\ncapture = { c = '(.+)' }\n[[case.turn]]\nsay = \"y\"\nexpect = { regex = '^${c}$' }\n";
    let suite = parse(regex).unwrap();
    let mut captured = Vars::default();
    captured.set("c", "a.b(".into());
    let checks = suite.cases[0].turns[1].expect.resolve(&captured).unwrap();
    let crate::expect::Check::Regex(pattern) = &checks.checks[0] else {
        panic!("a regex check");
    };
    assert_eq!(pattern.source, r"^a\.b\($");
}

#[test]
fn shape_errors_name_line_and_column() {
    assert_eq!(error_at("[[case]]\nname = \"a\"\nmesage = \"hi\"\n").0, 3);
    let (line, _, message) =
        error_at("[[case]]\nname = \"a\"\nmessage = \"hi\"\nexpect = { contain = \"x\" }\n");
    assert_eq!(line, 4);
    assert!(message.contains("unknown field `contain`"), "{message}");
    let (line, column, message) =
        error_at("[[case]]\nname = \"a\"\nmessage = \"hi\"\nexpect = { max_ms = \"soon\" }\n");
    assert_eq!((line, column), (4, 21));
    assert!(message.contains("invalid type"), "{message}");
}

#[test]
fn meaning_errors_name_line_and_column() {
    let case = |body: &str| format!("[[case]]\nname = \"a\"\n{body}\n");
    let bad_regex = error_at(&case("message = \"m\"\nexpect = { regex = '(oops' }"));
    assert_eq!((bad_regex.0, bad_regex.1), (4, 20));
    assert!(
        bad_regex.2.starts_with("regex: invalid regex"),
        "{}",
        bad_regex.2
    );
    let bad_path = error_at(&case(
        "message = \"m\"\nexpect = { json_path = { \"no.dollar\" = 1 } }",
    ));
    assert!(
        bad_path.2.starts_with("json_path: invalid JSONPath"),
        "{}",
        bad_path.2
    );
    let bad_kind = error_at(&case("message = \"m\"\nexpect = { error = \"slow\" }"));
    assert!(
        bad_kind.2.starts_with("error: unknown kind \"slow\""),
        "{}",
        bad_kind.2
    );
    let both = error_at(&case("message = \"m\"\n[[case.turn]]\nsay = \"x\""));
    assert!(both.2.contains("not both"), "{}", both.2);
    let neither = error_at(&case(""));
    assert!(neither.2.contains("needs a message"), "{}", neither.2);
    let samples = error_at(&case("message = \"m\"\nsamples = 0"));
    assert_eq!(samples.2, "samples must be from 1 to 1000");
    let min_pass = error_at(&case("message = \"m\"\nsamples = 3\nmin_pass = 4"));
    assert_eq!(min_pass.2, "min_pass must be from 1 to 3");
    let similar = error_at(&case(
        "message = \"m\"\nexpect = { similar = { to = \"x\", min = 2.0 } }",
    ));
    assert_eq!(similar.2, "similar.min must be from 0 to 1");
    let bot = error_at(&case("message = \"m\"\nbot = \"a b\""));
    assert!(bot.2.starts_with("invalid chatbot id"), "{}", bot.2);
    let twice = error_at(
        "[[case]]\nname = \"a\"\nmessage = \"m\"\n[[case]]\nname = \"a\"\nmessage = \"m\"\n",
    );
    assert_eq!(
        (twice.0, twice.2.as_str()),
        (5, "a second case named \"a\"")
    );
    assert_eq!(
        error_at("[suite]\nname = \"x\"\n").2,
        "the suite has no [[case]]"
    );
}

#[test]
fn folders_run_every_suite_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.toml", "a.toml"] {
        std::fs::write(
            dir.path().join(name),
            "[[case]]\nname = \"x\"\nmessage = \"m\"\n",
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("notes.txt"), "not a suite").unwrap();
    let options = LoadOptions {
        overrides: &[],
        env: &env,
    };
    let suites = load(&[dir.path().to_path_buf()], &options).unwrap();
    let names: Vec<&str> = suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    let empty = tempfile::tempdir().unwrap();
    assert!(load(&[empty.path().to_path_buf()], &options).is_err());
    assert!(load(&[dir.path().join("missing.toml")], &options).is_err());
}

#[test]
fn slugs_are_short_plain_and_never_empty() {
    assert_eq!(slug("Order follow-up: ETA?"), "order-follow-up-eta");
    assert_eq!(slug("Ünïcode!!"), "n-code");
    assert_eq!(slug("!!!"), "case");
    assert!(slug(&"long name ".repeat(20)).len() <= 40);
}

#[test]
fn every_loaded_case_gets_a_user_key_of_its_own() {
    let suite = |names: &[&str]| {
        let text: String = names
            .iter()
            .map(|n| format!("[[case]]\nname = {n:?}\nmessage = \"hi\"\n"))
            .collect();
        parse(&text).unwrap()
    };
    let mut suites = vec![
        suite(&["greets", "Greets!", "greets 2"]),
        suite(&["greets", "返金"]),
    ];
    assign_user_keys(&mut suites);
    let keys: Vec<&str> = suites
        .iter()
        .flat_map(|s| s.cases.iter().map(|c| c.user_key.as_str()))
        .collect();
    assert_eq!(
        keys,
        ["greets", "greets-2", "greets-2-2", "greets-3", "case"]
    );
}
