//! What a failed check reports (status, log verdict, problem detail, field errors), and the
//! small text helpers its details use. Shared by `auth` and `verify`, so neither imports
//! the other.

use std::collections::BTreeMap;

use crate::text::one_line;

/// What a failed check reports: status, log verdict, problem detail, field errors.
pub(super) struct Refusal {
    pub status: u16,
    pub verdict: String,
    pub detail: Option<String>,
    pub errors: BTreeMap<String, Vec<String>>,
}

pub(super) fn refuse(
    status: u16,
    verdict: impl Into<String>,
    detail: impl Into<String>,
) -> Refusal {
    Refusal {
        status,
        verdict: verdict.into(),
        detail: Some(detail.into()),
        errors: BTreeMap::new(),
    }
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A header value fit for a detail: one line, at most 80 characters.
pub(super) fn printable_80(text: &str) -> String {
    one_line(text, 80)
}
