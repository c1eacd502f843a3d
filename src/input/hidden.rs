//! A line typed on the terminal without echo, for a secret. On Unix it is read here rather
//! than by a library, so that no way out leaves the terminal mute: echo and the signal keys
//! are off while it is typed (Ctrl-C arrives as a byte and cancels; Ctrl-D on an empty line
//! cancels), termination signals from elsewhere wait, and the terminal is restored by a
//! guard on every return.

use std::io::{Read, Write};

/// What a hidden prompt came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    Typed(String),
    /// Ctrl-C, Ctrl-D on an empty line, or the end of input.
    Cancelled,
}

/// Asks `question` on the terminal and reads the answer without echo.
#[cfg(unix)]
pub fn ask(question: &str) -> std::io::Result<Answer> {
    use std::os::fd::AsRawFd;
    let mut tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")?;
    let fd = tty.as_raw_fd();
    // Signals wait until the terminal is itself again (the guards drop in reverse order).
    let _held = crate::signals::hold();
    let _restore = Mute::on(fd)?;
    tty.write_all(question.as_bytes())?;
    tty.flush()?;
    let answer = read_line(&mut tty);
    let _ = tty.write_all(b"\n");
    answer
}

#[cfg(not(unix))]
pub fn ask(question: &str) -> std::io::Result<Answer> {
    match rpassword::prompt_password(question) {
        Ok(answer) => Ok(Answer::Typed(answer)),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(Answer::Cancelled),
        Err(e) => Err(e),
    }
}

/// A line from raw bytes: Enter ends it, Backspace and Ctrl-U edit it, Ctrl-C cancels,
/// Ctrl-D cancels an empty line; other control bytes are ignored.
pub fn read_line(input: &mut impl Read) -> std::io::Result<Answer> {
    let mut line: Vec<u8> = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        if input.read(&mut byte)? == 0 {
            return Ok(if line.is_empty() {
                Answer::Cancelled
            } else {
                typed(line)?
            });
        }
        match byte[0] {
            b'\r' | b'\n' => return typed(line),
            0x03 => return Ok(Answer::Cancelled),
            0x04 if line.is_empty() => return Ok(Answer::Cancelled),
            0x04 => return typed(line),
            0x7f | 0x08 => {
                // One character, not one byte: drop UTF-8 continuation bytes with it.
                while let Some(last) = line.pop() {
                    if last & 0xc0 != 0x80 {
                        break;
                    }
                }
            }
            0x15 => line.clear(),
            b if b < 0x20 => {}
            b => line.push(b),
        }
    }
}

fn typed(line: Vec<u8>) -> std::io::Result<Answer> {
    String::from_utf8(line).map(Answer::Typed).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the answer is not UTF-8 text",
        )
    })
}

/// The terminal with echo, line editing and the signal keys off, until dropped.
#[cfg(unix)]
struct Mute {
    fd: std::os::fd::RawFd,
    original: libc::termios,
}

#[cfg(unix)]
impl Mute {
    fn on(fd: std::os::fd::RawFd) -> std::io::Result<Mute> {
        // SAFETY: termios is plain data filled by tcgetattr; fd is an open terminal.
        unsafe {
            let mut original: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(fd, &mut original) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let mut mute = original;
            mute.c_lflag &= !(libc::ECHO | libc::ICANON | libc::ISIG);
            mute.c_cc[libc::VMIN] = 1;
            mute.c_cc[libc::VTIME] = 0;
            if libc::tcsetattr(fd, libc::TCSAFLUSH, &mute) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(Mute { fd, original })
        }
    }
}

#[cfg(unix)]
impl Drop for Mute {
    fn drop(&mut self) {
        // SAFETY: restores the settings read from this same descriptor in `on`.
        unsafe {
            libc::tcsetattr(self.fd, libc::TCSANOW, &self.original);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(bytes: &[u8]) -> Answer {
        read_line(&mut &bytes[..]).unwrap()
    }

    #[test]
    fn keys_edit_end_and_cancel_the_line() {
        assert_eq!(line(b"sk_abc\r"), Answer::Typed("sk_abc".into()));
        assert_eq!(line(b"sk_abx\x7fc\n"), Answer::Typed("sk_abc".into()));
        assert_eq!(
            line("sé\x7f\x7fok\n".as_bytes()),
            Answer::Typed("ok".into())
        );
        assert_eq!(line(b"junk\x15sk_x\n"), Answer::Typed("sk_x".into()));
        assert_eq!(line(b"sk_\x03more"), Answer::Cancelled);
        assert_eq!(line(b"\x04"), Answer::Cancelled);
        assert_eq!(line(b"sk_x\x04"), Answer::Typed("sk_x".into()));
        assert_eq!(line(b""), Answer::Cancelled);
        assert_eq!(line(b"sk_\x1b[Ax\n"), Answer::Typed("sk_[Ax".into()));
        assert!(read_line(&mut &b"\xff\xfe\n"[..]).is_err());
    }
}
