//! A scripted reply's text with placeholders (`{content}`, `{user.id}`, `{user.name}`,
//! `{bot}`, `{file}`; `{{` and `}}` for braces), parsed once when the script loads and
//! filled in per request. Pure.

use super::validate::ValidMessage;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Content,
    UserId,
    UserName,
    Bot,
    File,
}

/// A parsed reply text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(Vec<Piece>);

impl Template {
    /// Parses `text`; the error names the placeholder that is not one of ours.
    pub fn parse(text: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find(['{', '}']) {
            literal.push_str(&rest[..at]);
            let tail = &rest[at..];
            if let Some(after) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
                literal.push_str(&tail[..1]);
                rest = after;
                continue;
            }
            if tail.starts_with('}') {
                return Err("a lone '}': write '}}' for a brace".into());
            }
            let Some(end) = tail.find('}') else {
                return Err("a '{' with no closing '}': write '{{' for a brace".into());
            };
            let piece = match &tail[1..end] {
                "content" => Piece::Content,
                "user.id" => Piece::UserId,
                "user.name" => Piece::UserName,
                "bot" => Piece::Bot,
                "file" => Piece::File,
                other => {
                    return Err(format!(
                        "unknown placeholder {{{other}}}; use {{content}}, {{user.id}}, \
                         {{user.name}}, {{bot}} or {{file}}"
                    ));
                }
            };
            if !literal.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut literal)));
            }
            pieces.push(piece);
            rest = &tail[end + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Template(pieces))
    }

    /// The text for `message` to chatbot `bot` (`{file}` is empty without a file).
    pub fn render(&self, bot: &str, message: &ValidMessage) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            out.push_str(match piece {
                Piece::Text(text) => text,
                Piece::Content => &message.content,
                Piece::UserId => &message.user_id,
                Piece::UserName => &message.user_name,
                Piece::Bot => bot,
                Piece::File => message.file.as_deref().unwrap_or(""),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message() -> ValidMessage {
        ValidMessage {
            user_id: "u1".into(),
            user_name: "Ada".into(),
            content: "hi {there}".into(),
            file: None,
        }
    }

    #[test]
    fn placeholders_are_filled_and_braces_escaped() {
        let template = Template::parse("{{{user.name}}} said {content} to {bot}{file}.").unwrap();
        assert_eq!(
            template.render("support", &message()),
            "{Ada} said hi {there} to support."
        );
    }

    #[test]
    fn unknown_or_unbalanced_placeholders_are_refused() {
        for bad in ["{user}", "{", "a } b", "{content"] {
            assert!(Template::parse(bad).is_err(), "{bad}");
        }
        assert!(
            Template::parse("{name}")
                .unwrap_err()
                .contains("unknown placeholder {name}")
        );
    }
}
