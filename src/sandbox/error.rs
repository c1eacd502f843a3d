//! Everything that can stop the sandbox from starting or from finishing cleanly, with the
//! cause kept as a `source`. The command layer maps each to an exit code via `blame`; this
//! module knows nothing of exit codes and prints nothing.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Why the sandbox could not start, or did not finish cleanly.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error(
        "cannot listen on {addr}: the address is already in use (another peki serve?); \
         choose another --addr, or port 0 for any free port"
    )]
    AddrInUse { addr: SocketAddr },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: io::Error,
    },
    #[error("cannot serve HTTPS with --tls-cert/--tls-key: {problem}")]
    Tls {
        problem: String,
        #[source]
        source: Option<rustls::Error>,
    },
    #[error("cannot read {}: {source}", path.display())]
    BotsFileUnreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}:{message}", path.display())]
    BotsFile { path: PathBuf, message: String },
    #[error("cannot read the script {}: {source}", path.display())]
    ScriptUnreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Script {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot open the journal {}: {source}", path.display())]
    JournalOpen {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "{failed} journal line(s) could not be written to {}: {source}",
        path.display()
    )]
    JournalWrite {
        path: PathBuf,
        failed: u64,
        #[source]
        source: io::Error,
    },
    /// Options that do not fit together (`--admin` off loopback without a token, …).
    #[error("{0}")]
    Options(String),
    /// The runtime or its thread could not be started: out of threads or descriptors.
    #[error("cannot start the sandbox: {0}")]
    Runtime(#[source] io::Error),
}

/// Whose fix a `SandboxError` needs, for the exit code the command layer gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blame {
    /// A flag, a file given on the command line, a port in use: exit 2.
    Usage,
    /// The accounts file: exit 3, like other settings files.
    Config,
    /// The machine or a bug: exit 1.
    Internal,
}

impl SandboxError {
    pub fn blame(&self) -> Blame {
        match self {
            SandboxError::AddrInUse { .. }
            | SandboxError::Tls { .. }
            | SandboxError::ScriptUnreadable { .. }
            | SandboxError::Script { .. }
            | SandboxError::JournalOpen { .. }
            | SandboxError::Options(_) => Blame::Usage,
            // An address this machine does not have is a bad flag; anything else is not.
            SandboxError::Bind { source, .. } => match source.kind() {
                io::ErrorKind::AddrNotAvailable | io::ErrorKind::PermissionDenied => Blame::Usage,
                _ => Blame::Internal,
            },
            SandboxError::BotsFileUnreadable { .. } | SandboxError::BotsFile { .. } => {
                Blame::Config
            }
            SandboxError::JournalWrite { .. } | SandboxError::Runtime(_) => Blame::Internal,
        }
    }
}
