use super::*;

fn lines(input: &[u8], format: Format) -> Vec<ReadLine> {
    let mut reader = Lines::new(input, format);
    let mut out = Vec::new();
    while let Some(line) = reader.next_line().unwrap() {
        out.push(line);
    }
    out
}

fn content(line: &ReadLine) -> &str {
    &line.request.as_ref().unwrap().content
}

#[test]
fn text_lines_are_messages_with_crlf_and_a_bom_dropped() {
    let read = lines(b"\xEF\xBB\xBFhello\r\n  spaced  \nlast", Format::Text);
    assert_eq!(read.len(), 3);
    assert_eq!(content(&read[0]), "hello");
    assert_eq!(content(&read[1]), "  spaced  ");
    assert_eq!(content(&read[2]), "last");
    assert_eq!(
        read.iter()
            .map(|l| (l.number, l.end_offset))
            .collect::<Vec<_>>(),
        [(1, 10), (2, 21), (3, 25)]
    );
    // A final newline does not make an empty last line.
    assert_eq!(lines(b"a\n", Format::Text).len(), 1);
    assert_eq!(lines(b"", Format::Text).len(), 0);
}

#[test]
fn blank_lines_and_bad_bytes_are_bad_lines_and_reading_goes_on() {
    let read = lines(b"one\n\n   \n\xff\xfe\nnul\0inside\ntwo\n", Format::Auto);
    let verdicts: Vec<Result<&str, &str>> = read
        .iter()
        .map(|l| {
            l.request
                .as_ref()
                .map(|r| r.content.as_str())
                .map_err(String::as_str)
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            Ok("one"),
            Err("the message is empty"),
            Err("the message is empty"),
            Err("the line is not valid UTF-8"),
            Ok("nul\0inside"),
            Ok("two"),
        ]
    );
}

#[test]
fn a_line_over_the_bound_is_skipped_whole_without_being_held() {
    let mut input = vec![b'x'; MAX_LINE_BYTES + 10];
    input.extend_from_slice(b"\nafter\n");
    let mut reader = Lines::new(&input[..], Format::Text);
    let long = reader.next_line().unwrap().unwrap();
    assert_eq!(long.request.unwrap_err(), "the line is longer than 1 MiB");
    assert!(reader.buf.capacity() <= 2 * MAX_LINE_BYTES);
    let after = reader.next_line().unwrap().unwrap();
    assert_eq!((after.number, content(&after)), (2, "after"));
    // Exactly at the bound is fine.
    let mut exact = vec![b'y'; MAX_LINE_BYTES];
    exact.push(b'\n');
    assert!(lines(&exact, Format::Text)[0].request.is_ok());
}

#[test]
fn bounded_reads_survive_tiny_buffers() {
    let data = b"abcdef\nghij\n";
    let mut reader = std::io::BufReader::with_capacity(2, &data[..]);
    let mut buf = Vec::new();
    let first = read_bounded(&mut reader, 4, &mut buf).unwrap().unwrap();
    assert_eq!(
        (first, &buf[..]),
        (
            Bounded {
                consumed: 7,
                fits: false
            },
            &b"abcd"[..]
        )
    );
    let second = read_bounded(&mut reader, 4, &mut buf).unwrap().unwrap();
    assert_eq!(
        (second, &buf[..]),
        (
            Bounded {
                consumed: 5,
                fits: true
            },
            &b"ghij"[..]
        )
    );
    assert_eq!(read_bounded(&mut reader, 4, &mut buf).unwrap(), None);
}

#[test]
fn json_lines_carry_every_field() {
    let line = br#"{"content":"Where is my order?","file":"https://x.test/a.pdf","user_id":"u7","user_name":"Ada","bot":"sales","id":"T-1"}"#;
    let request = parse(line, Format::Auto).unwrap();
    assert_eq!(request.content, "Where is my order?");
    assert_eq!(request.file.unwrap().into_string(), "https://x.test/a.pdf");
    assert_eq!(request.user_id.as_deref(), Some("u7"));
    assert_eq!(request.user_name.as_deref(), Some("Ada"));
    assert_eq!(request.bot.unwrap().as_str(), "sales");
    assert_eq!(request.id, Some(Value::from("T-1")));
    let numbered = parse(br#"{"content":"hi","id":42,"file":null}"#, Format::Jsonl).unwrap();
    assert_eq!((numbered.id, numbered.file), (Some(Value::from(42)), None));
}

#[test]
fn auto_takes_a_brace_for_json_and_text_keeps_it() {
    assert!(parse(b"{not json", Format::Auto).is_err());
    assert_eq!(
        parse(b"{not json", Format::Text).unwrap().content,
        "{not json"
    );
    assert!(parse(b"plain", Format::Jsonl).is_err());
}

#[test]
fn bad_json_lines_say_what_is_wrong() {
    let problem = |line: &[u8]| parse(line, Format::Jsonl).unwrap_err();
    assert!(
        problem(b"{\"content\": ").starts_with("not valid JSON: "),
        "{}",
        problem(b"{\"content\": ")
    );
    let unknown = problem(br#"{"contnet":"hi"}"#);
    assert!(unknown.contains("unknown field `contnet`"), "{unknown}");
    assert!(problem(br#""hi""#).contains("expected an object with \"content\""));
    assert_eq!(
        problem(br#"{"content":"  "}"#),
        "the message is empty: \"content\" is missing or blank"
    );
    assert_eq!(
        problem(br#"{"id":1}"#),
        "the message is empty: \"content\" is missing or blank"
    );
    assert!(problem(br#"{"content":"hi","bot":"a b"}"#).starts_with("\"bot\": "));
    assert!(problem(br#"{"content":"hi","file":"ftp://x/y"}"#).starts_with("\"file\": "));
    assert_eq!(
        problem(br#"{"content":"hi","user_id":" "}"#),
        "\"user_id\" must not be blank"
    );
    assert_eq!(
        problem(br#"{"content":"hi","user_name":"a\nb"}"#),
        "\"user_name\" holds a control character"
    );
    assert_eq!(
        problem(br#"{"content":"hi","id":{"a":1}}"#),
        "\"id\" must be a string or a number"
    );
    assert!(problem(br#"{"content":1}"#).starts_with("not a message object: "));
}

#[test]
fn deep_nesting_is_refused_without_a_stack_overflow() {
    let mut line = b"{\"content\":\"hi\",\"id\":".to_vec();
    line.extend(std::iter::repeat_n(b'[', 100_000));
    let problem = parse(&line, Format::Jsonl).unwrap_err();
    assert!(problem.contains("recursion limit"), "{problem}");
}
