//! What a line typed into `peki chat` on a terminal means: a message, or a /command with
//! its validated arguments; and how replies are written one a line off a terminal. Pure:
//! text in, values out.

use crate::values::{BotId, FileUrl};

/// The /commands, for /help and for completion.
pub const COMMANDS: [(&str, &str); 8] = [
    ("/help", "this list"),
    ("/bot ID", "talk to another chatbot"),
    (
        "/user ID [NAME]",
        "talk as another user (the API keeps a conversation per user)",
    ),
    (
        "/file URL",
        "attach a file (http or https URL) to the next message",
    ),
    ("/limits", "the rate limit of this chatbot, as last seen"),
    ("/retry", "send the last message again"),
    ("/quit", "leave (also /exit, or Ctrl-D)"),
    ("//text", "send a message that starts with '/'"),
];

/// One line typed at the prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Nothing to do (a blank line).
    Nothing,
    Message(String),
    Help,
    Bot(BotId),
    User {
        id: String,
        name: Option<String>,
    },
    File(String),
    Limits,
    Retry,
    Quit,
    /// A /command that cannot be done, and why.
    Invalid(String),
}

impl Input {
    /// Whether the line may be kept in the history file: messages and the /commands that
    /// take no argument. An argument (a file URL with a token in it, say) is not kept.
    pub fn keep_in_history(&self) -> bool {
        matches!(
            self,
            Input::Message(_) | Input::Help | Input::Limits | Input::Retry | Input::Quit
        )
    }
}

/// What `line` asks for. A line that does not start with '/' is a message (`//` sends a
/// leading '/').
pub fn parse(line: &str) -> Input {
    if line.trim().is_empty() {
        return Input::Nothing;
    }
    if let Some(escaped) = line.strip_prefix("//") {
        return Input::Message(format!("/{escaped}"));
    }
    let Some(command) = line.strip_prefix('/') else {
        return Input::Message(line.to_string());
    };
    let command = command.trim();
    let (name, rest) = command
        .split_once(char::is_whitespace)
        .map_or((command, ""), |(name, rest)| (name, rest.trim()));
    let no_argument = |input: Input| {
        if rest.is_empty() {
            input
        } else {
            Input::Invalid(format!("/{name} takes no argument"))
        }
    };
    match name {
        "help" | "h" | "?" => no_argument(Input::Help),
        "quit" | "exit" | "q" => no_argument(Input::Quit),
        "limits" => no_argument(Input::Limits),
        "retry" => no_argument(Input::Retry),
        "bot" => match rest.parse::<BotId>() {
            Ok(bot) => Input::Bot(bot),
            Err(_) if rest.is_empty() => Input::Invalid("usage: /bot ID".into()),
            Err(why) => Input::Invalid(why),
        },
        "user" => {
            let (id, name) = rest
                .split_once(char::is_whitespace)
                .map_or((rest, None), |(id, name)| {
                    (id, Some(name.trim().to_string()))
                });
            if id.is_empty() {
                Input::Invalid("usage: /user ID [NAME]".into())
            } else if id
                .chars()
                .chain(name.iter().flat_map(|n| n.chars()))
                .any(char::is_control)
            {
                Input::Invalid("a user id or name holds no control characters".into())
            } else {
                Input::User {
                    id: id.to_string(),
                    name,
                }
            }
        }
        "file" => match rest.parse::<FileUrl>() {
            Ok(url) => Input::File(url.into_string()),
            Err(_) if rest.is_empty() => Input::Invalid("usage: /file URL".into()),
            Err(why) => Input::Invalid(why),
        },
        _ => Input::Invalid(format!(
            "unknown command /{} (/help lists them; // sends a message starting with /)",
            crate::text::one_line(name, 40)
        )),
    }
}

/// A line typed with a trailing `\` continues on the next: the editor hands over
/// `first\` + newline + `second`, which becomes `first` + newline + `second`.
pub fn join_continued(text: &str) -> String {
    text.replace("\\\n", "\n")
}

/// Whether the editor should wait for another line: the text ends with one `\`.
pub fn continues(text: &str) -> bool {
    text.ends_with('\\') && !text.ends_with("\\\\")
}

/// A reply as one line of output off a terminal: backslashes doubled, line breaks and
/// carriage returns written `\n` and `\r` (`printf '%b'` turns them back).
pub fn one_line_reply(reply: &str) -> String {
    let mut line = String::with_capacity(reply.len());
    for c in reply.chars() {
        match c {
            '\\' => line.push_str("\\\\"),
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            c => line.push(c),
        }
    }
    line
}

/// The /commands that complete `prefix` (a line starting with '/', no space yet).
pub fn completions(prefix: &str) -> Vec<String> {
    COMMANDS
        .iter()
        .map(|(usage, _)| usage.split(' ').next().unwrap_or(usage))
        .chain(["/exit"])
        .filter(|name| name.starts_with(prefix) && *name != "//text")
        .map(ToString::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_messages_unless_they_start_with_a_slash() {
        assert_eq!(parse("hello"), Input::Message("hello".into()));
        assert_eq!(parse("  "), Input::Nothing);
        assert_eq!(parse("//etc/passwd"), Input::Message("/etc/passwd".into()));
        assert_eq!(parse("/quit"), Input::Quit);
        assert_eq!(parse("/exit"), Input::Quit);
        assert_eq!(parse("/help"), Input::Help);
        assert_eq!(
            parse("/retry now"),
            Input::Invalid("/retry takes no argument".into())
        );
    }

    #[test]
    fn command_arguments_are_validated() {
        assert_eq!(parse("/bot sales"), Input::Bot("sales".parse().unwrap()));
        assert!(matches!(parse("/bot a/b"), Input::Invalid(_)));
        assert!(matches!(parse("/bot"), Input::Invalid(why) if why == "usage: /bot ID"));
        assert_eq!(
            parse("/user u42 Ada Lovelace"),
            Input::User {
                id: "u42".into(),
                name: Some("Ada Lovelace".into())
            }
        );
        assert_eq!(
            parse("/user u42"),
            Input::User {
                id: "u42".into(),
                name: None
            }
        );
        assert!(matches!(parse("/file ftp://x"), Input::Invalid(_)));
        assert_eq!(
            parse("/file https://example.com/a.pdf"),
            Input::File("https://example.com/a.pdf".into())
        );
        assert!(matches!(parse("/\x1b[2J"), Input::Invalid(why) if !why.contains('\x1b')));
    }

    #[test]
    fn arguments_stay_out_of_the_history() {
        assert!(parse("hello").keep_in_history());
        assert!(parse("/retry").keep_in_history());
        assert!(!parse("/file https://x.example/a?token=abc").keep_in_history());
        assert!(!parse("/user u1 Ada").keep_in_history());
    }

    #[test]
    fn continued_lines_join_with_a_newline() {
        assert!(continues("first \\") && !continues("escaped \\\\") && !continues("x"));
        assert_eq!(join_continued("a\\\nb\\\nc"), "a\nb\nc");
    }

    #[test]
    fn replies_fold_to_one_reversible_line() {
        assert_eq!(one_line_reply("a\nb\\n\r"), "a\\nb\\\\n\\r");
        assert_eq!(one_line_reply("plain"), "plain");
    }

    #[test]
    fn commands_complete_from_a_prefix() {
        assert_eq!(completions("/q"), ["/quit"]);
        assert_eq!(completions("/re"), ["/retry"]);
        assert!(completions("/").len() >= 7);
    }
}
