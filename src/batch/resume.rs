//! `--resume FILE`: the results of an earlier run, so that a line that succeeded then is
//! not sent again. A line is skipped when FILE holds a result with `"ok": true` for the same
//! line number and the same `input_hash` (the SHA-256 of the chatbot, user id, user name,
//! content and file the line became); its earlier result is copied to the output, marked
//! `"resumed": true`. Only line numbers, hashes and offsets are kept in memory; a copied
//! result is read back from FILE when its turn comes.
//!
//! Several earlier outputs may be concatenated into one FILE. A result line cut off by a
//! killed run (the last line, without its newline) is ignored; any other line that is not
//! a batch result makes FILE unusable, before anything is sent.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::lines::read_bounded;
use crate::config::file::open_regular;
use crate::error::{Error, UsageError};

/// The longest result line read: a reply and a response of 64 MiB each, escaped.
const MAX_RESULT_BYTES: usize = 256 * 1024 * 1024;

/// Where an earlier success is in FILE.
#[derive(Debug, Clone)]
struct Done {
    input_hash: String,
    offset: u64,
    len: usize,
}

/// What a result line must have to be matched; the rest is skipped unread.
#[derive(Deserialize)]
struct Head {
    line: u64,
    ok: bool,
    input_hash: Option<String>,
}

/// An earlier run's successes.
#[derive(Debug)]
pub struct Earlier {
    path: PathBuf,
    file: File,
    done: HashMap<u64, Done>,
    /// The last line was cut off and ignored.
    pub torn_tail: bool,
    /// Lines whose number had an earlier success for another message (another input?).
    pub mismatched: u64,
}

fn unusable(path: &Path, reason: String) -> Error {
    UsageError::CommandLine(format!("--resume {}: {reason}", path.display())).into()
}

impl Earlier {
    /// Reads FILE's successes; an unreadable FILE, or one that is not batch output, is a
    /// usage error.
    pub fn load(path: &Path) -> Result<Earlier, Error> {
        // Streamed line by line below, whatever its size; a FIFO or a device would block or
        // never end, so only a regular file is opened.
        let Some(file) = open_regular(path).map_err(|e| unusable(path, e.to_string()))? else {
            return Err(unusable(
                path,
                "not a regular file (give the output file of an earlier run)".into(),
            ));
        };
        let mut reader = BufReader::new(
            file.try_clone()
                .map_err(|e| unusable(path, e.to_string()))?,
        );
        let (mut done, mut offset, mut number) = (HashMap::new(), 0u64, 0u64);
        let mut torn_tail = false;
        let mut buf = Vec::new();
        while let Some(read) = read_bounded(&mut reader, MAX_RESULT_BYTES, &mut buf)
            .map_err(|e| unusable(path, e.to_string()))?
        {
            number += 1;
            let start = offset;
            offset += read.consumed;
            let complete = buf.len() as u64 + 1 == read.consumed;
            if buf.iter().all(u8::is_ascii_whitespace) && read.fits {
                continue;
            }
            let head = match serde_json::from_slice::<Head>(&buf) {
                Ok(head) if read.fits => head,
                // Cut off by a killed run: the last line, with no newline.
                _ if !complete && read.fits => {
                    torn_tail = true;
                    continue;
                }
                _ => {
                    return Err(unusable(
                        path,
                        format!("line {number} is not a result of peki batch"),
                    ));
                }
            };
            if let (true, Some(input_hash)) = (head.ok, head.input_hash) {
                done.entry(head.line).or_insert(Done {
                    input_hash,
                    offset: start,
                    len: buf.len(),
                });
            }
        }
        Ok(Earlier {
            path: path.to_path_buf(),
            file,
            done,
            torn_tail,
            mismatched: 0,
        })
    }

    /// How many earlier successes there are.
    pub fn successes(&self) -> usize {
        self.done.len()
    }

    /// The earlier result of line `number` if it succeeded for the same message, marked
    /// `"resumed": true`.
    pub fn take(&mut self, number: u64, input_hash: &str) -> Result<Option<Value>, Error> {
        let Some(done) = self.done.get(&number) else {
            return Ok(None);
        };
        if done.input_hash != input_hash {
            self.mismatched += 1;
            return Ok(None);
        }
        let mut bytes = vec![0; done.len];
        self.file
            .seek(SeekFrom::Start(done.offset))
            .and_then(|_| self.file.read_exact(&mut bytes))
            .map_err(|e| unusable(&self.path, format!("cannot read it again: {e}")))?;
        let mut value: Value = serde_json::from_slice(&bytes).map_err(|_| {
            unusable(
                &self.path,
                format!("line {number}'s result changed while it was read"),
            )
        })?;
        if let Some(object) = value.as_object_mut() {
            object.insert("resumed".into(), Value::Bool(true));
        }
        Ok(Some(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn successes_are_matched_by_line_and_hash_and_copied() {
        let (_dir, path) = write(concat!(
            r#"{"line":1,"ok":true,"reply":"one","input_hash":"aa","resumed":false}"#,
            "\n",
            r#"{"line":2,"ok":false,"reply":null,"input_hash":"bb"}"#,
            "\n\n",
            r#"{"line":3,"ok":true,"reply":"three","input_hash":"cc"}"#,
            "\n",
        ));
        let mut earlier = Earlier::load(&path).unwrap();
        assert_eq!(earlier.successes(), 2);
        let one = earlier.take(1, "aa").unwrap().unwrap();
        assert_eq!(
            (&one["reply"], &one["resumed"]),
            (&"one".into(), &true.into())
        );
        assert_eq!(earlier.take(2, "bb").unwrap(), None, "failed: sent again");
        assert_eq!(earlier.take(3, "other").unwrap(), None, "another message");
        assert_eq!(earlier.mismatched, 1);
        assert_eq!(earlier.take(3, "cc").unwrap().unwrap()["reply"], "three");
        assert_eq!(earlier.take(4, "dd").unwrap(), None);
        assert!(!earlier.torn_tail);
    }

    #[test]
    fn a_line_cut_off_at_the_end_is_ignored_and_any_other_junk_refused() {
        let (_dir, path) =
            write("{\"line\":1,\"ok\":true,\"input_hash\":\"aa\"}\n{\"line\":2,\"ok\":tr");
        let earlier = Earlier::load(&path).unwrap();
        assert!(earlier.torn_tail);
        assert_eq!(earlier.successes(), 1);
        for junk in [
            "hello\n{\"line\":1,\"ok\":true,\"input_hash\":\"aa\"}\n",
            "{\"ok\":true}\n",
            "{\"line\":1,\"ok\":tr\n{\"line\":2,\"ok\":true,\"input_hash\":\"aa\"}\n",
            "\u{0}\u{0}\n",
        ] {
            let (_dir, path) = write(junk);
            let error = Earlier::load(&path).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{junk:?}");
            assert!(
                error.to_string().contains("is not a result of peki batch"),
                "{error}"
            );
        }
    }

    #[test]
    fn concatenated_outputs_keep_the_first_success_of_a_line() {
        let (_dir, path) = write(concat!(
            "{\"line\":1,\"ok\":false,\"input_hash\":\"aa\"}\n",
            "{\"line\":1,\"ok\":true,\"input_hash\":\"aa\",\"reply\":\"first\"}\n",
            "{\"line\":1,\"ok\":true,\"input_hash\":\"aa\",\"reply\":\"second\"}\n",
        ));
        let mut earlier = Earlier::load(&path).unwrap();
        assert_eq!(earlier.take(1, "aa").unwrap().unwrap()["reply"], "first");
    }

    #[test]
    fn only_a_regular_file_will_do() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Earlier::load(dir.path()).unwrap_err().exit_code(), 2);
        assert_eq!(
            Earlier::load(&dir.path().join("absent"))
                .unwrap_err()
                .exit_code(),
            2
        );
    }
}
