//! A request as the HTTP layer read it, before any check: what `verify`, `auth`, `answer`
//! and scripts all read. Plain data; no I/O.

/// Request bodies larger than this get 413: room for the largest message `peki send`
/// takes (1 MiB) once it is escaped into JSON.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// A request as the HTTP layer read it.
#[derive(Debug, Clone)]
pub struct Incoming<'a> {
    pub method: &'a str,
    /// The request target as sent (path and maybe a query).
    pub url: &'a str,
    pub headers: &'a [(String, String)],
    pub body: Result<&'a [u8], BodyError>,
}

/// Why a request body could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Larger than `MAX_BODY_BYTES`.
    TooLarge,
    /// The connection failed or the chunked encoding was broken mid-body.
    Unreadable(String),
}

impl<'a> Incoming<'a> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path of the target, without query or fragment; it lives as long as the request.
    pub fn path(&self) -> &'a str {
        self.url.split(['?', '#']).next().unwrap_or("")
    }
}
