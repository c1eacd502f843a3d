//! SHA-256 of a list of text fields, framed so that no two lists share a digest (`"ab","c"`
//! and `"a","bc"` differ; an absent field differs from an empty one): the reply cache's keys
//! and the line hashes `peki batch --resume` matches on. A leaf: pure, imports nothing of ours.

use sha2::{Digest, Sha256};

/// The digest of `fields` under `tag` (which names what is hashed and its version, so that
/// a change of layout never matches an old digest).
pub fn fields(tag: &str, fields: &[Option<&str>]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    frame(&mut hasher, Some(tag));
    for field in fields {
        frame(&mut hasher, *field);
    }
    hasher.finalize().into()
}

/// A present field is `1`, its length in 8 bytes and its bytes; an absent one is `0`.
fn frame(hasher: &mut Sha256, field: Option<&str>) {
    match field {
        Some(text) => {
            hasher.update([1u8]);
            hasher.update((text.len() as u64).to_le_bytes());
            hasher.update(text.as_bytes());
        }
        None => hasher.update([0u8]),
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_keeps_fields_apart() {
        let d = |list: &[Option<&str>]| fields("t", list);
        assert_ne!(d(&[Some("ab"), Some("c")]), d(&[Some("a"), Some("bc")]));
        assert_ne!(d(&[Some("")]), d(&[None]));
        assert_ne!(d(&[Some("a")]), fields("u", &[Some("a")]));
        assert_eq!(d(&[Some("a"), None]), d(&[Some("a"), None]));
    }

    #[test]
    fn hex_is_lower_case_and_complete() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&fields("t", &[])).len(), 64);
    }
}
