//! A batch's input: lines read with a bound on each (a line past it is skipped to its end,
//! never held), and what each line asks for, as text or as a JSON object. Pure: bytes in,
//! a `Request` or the reason it is not one out.

use std::io::{self, BufRead};

use serde::Deserialize;
use serde_json::Value;

use crate::values::{BotId, FileUrl};

/// The longest line taken as a message, as `peki send` takes at most 1 MiB of stdin.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// How lines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A line that starts with `{` is a JSON object, any other is text
    Auto,
    /// Every line is the message text
    Text,
    /// Every line is a JSON object
    Jsonl,
}

/// What one line asks for; what it leaves out comes from the settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub content: String,
    pub file: Option<FileUrl>,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub bot: Option<BotId>,
    /// The caller's own id for the line, echoed in its result: a string or a number.
    pub id: Option<Value>,
}

/// One line as read: its number (from 1), where it ends in the input, and what it asks for.
#[derive(Debug)]
pub struct ReadLine {
    pub number: u64,
    /// Bytes of input consumed up to the end of this line.
    pub end_offset: u64,
    pub request: Result<Request, String>,
}

/// The lines of an input, read one at a time.
pub struct Lines<R> {
    input: R,
    format: Format,
    number: u64,
    offset: u64,
    buf: Vec<u8>,
}

impl<R: BufRead> Lines<R> {
    pub fn new(input: R, format: Format) -> Self {
        Lines {
            input,
            format,
            number: 0,
            offset: 0,
            buf: Vec::new(),
        }
    }

    /// The next line; `None` at the end of the input.
    pub fn next_line(&mut self) -> io::Result<Option<ReadLine>> {
        let Some(read) = read_bounded(&mut self.input, MAX_LINE_BYTES, &mut self.buf)? else {
            return Ok(None);
        };
        self.number += 1;
        self.offset += read.consumed;
        let mut bytes = &self.buf[..];
        // A byte-order mark (Windows editors write one) is not part of the first message.
        if self.number == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let request = if read.fits {
            parse(bytes, self.format)
        } else {
            Err(format!(
                "the line is longer than {} MiB",
                MAX_LINE_BYTES / (1024 * 1024)
            ))
        };
        Ok(Some(ReadLine {
            number: self.number,
            end_offset: self.offset,
            request,
        }))
    }
}

/// A line read by `read_bounded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounded {
    /// Bytes consumed, the newline included.
    pub consumed: u64,
    /// Whether the whole line (without its newline) is in the buffer; a longer one is
    /// consumed to its end but only its first `limit` bytes are kept.
    pub fits: bool,
}

/// Reads one line into `buf` (without the newline), keeping at most `limit` bytes of it and
/// consuming the rest; `None` at the end of the input. Memory stays bounded whatever the
/// line's length: a 10 GB line without a newline costs `limit` bytes.
pub fn read_bounded(
    input: &mut impl BufRead,
    limit: usize,
    buf: &mut Vec<u8>,
) -> io::Result<Option<Bounded>> {
    buf.clear();
    let mut consumed = 0u64;
    let mut fits = true;
    loop {
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((consumed > 0).then_some(Bounded { consumed, fits }));
        }
        let (part, used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(at) => (&chunk[..at], at + 1, true),
            None => (chunk, chunk.len(), false),
        };
        let room = limit.saturating_sub(buf.len());
        if part.len() > room {
            fits = false;
        }
        buf.extend_from_slice(&part[..part.len().min(room)]);
        input.consume(used);
        consumed += used as u64;
        if done {
            return Ok(Some(Bounded { consumed, fits }));
        }
    }
}

/// A JSON line's fields. Unknown fields are refused: a misspelt `contnet` must not pass
/// for a line without content.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object with \"content\"")]
struct Object {
    content: Option<String>,
    file: Option<String>,
    user_id: Option<String>,
    user_name: Option<String>,
    bot: Option<String>,
    id: Option<Value>,
}

/// What a line asks for, in `format`; the error says why it is not a message.
pub fn parse(bytes: &[u8], format: Format) -> Result<Request, String> {
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| "the line is not valid UTF-8".to_string())?;
    let json = match format {
        Format::Text => false,
        Format::Jsonl => true,
        Format::Auto => text.trim_start().starts_with('{'),
    };
    if !json {
        if text.trim().is_empty() {
            return Err("the message is empty".into());
        }
        return Ok(Request {
            content: text.to_string(),
            file: None,
            user_id: None,
            user_name: None,
            bot: None,
            id: None,
        });
    }
    let object: Object = serde_json::from_str(text).map_err(|e| json_problem(&e))?;
    let content = object
        .content
        .filter(|c| !c.trim().is_empty())
        .ok_or("the message is empty: \"content\" is missing or blank")?;
    let id = match object.id {
        None | Some(Value::Null) => None,
        // Past 64 bits an integer is read as a float: echoed, it would have lost digits,
        // and a result joined back to its input by id would find another one.
        Some(Value::Number(n))
            if n.as_f64().is_some_and(|f| {
                n.is_f64() && f.fract() == 0.0 && f.abs() >= 9_007_199_254_740_992.0
            }) =>
        {
            return Err(
                "\"id\" is a number too large to keep every digit of; give it as a string".into(),
            );
        }
        Some(id @ (Value::String(_) | Value::Number(_))) => Some(id),
        Some(_) => return Err("\"id\" must be a string or a number".into()),
    };
    Ok(Request {
        content,
        file: object
            .file
            .map(|f| f.parse().map_err(|e| format!("\"file\": {e}")))
            .transpose()?,
        user_id: object.user_id.map(|u| user("user_id", u)).transpose()?,
        user_name: object.user_name.map(|u| user("user_name", u)).transpose()?,
        bot: object
            .bot
            .map(|b| b.parse().map_err(|e| format!("\"bot\": {e}")))
            .transpose()?,
        id,
    })
}

/// A user id or name: one line, not blank.
fn user(field: &str, value: String) -> Result<String, String> {
    if value.trim().is_empty() {
        Err(format!("\"{field}\" must not be blank"))
    } else if value.chars().any(char::is_control) {
        Err(format!("\"{field}\" holds a control character"))
    } else {
        Ok(value)
    }
}

/// serde_json's message without its position (a line is one line: the column is enough).
fn json_problem(error: &serde_json::Error) -> String {
    let what = match error.classify() {
        serde_json::error::Category::Data => "not a message object",
        _ => "not valid JSON",
    };
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(text, _)| text);
    format!("{what}: {message} (column {})", error.column())
}

#[cfg(test)]
#[path = "lines_tests.rs"]
mod tests;
