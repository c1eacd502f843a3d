//! The canonical signing payload and its HMAC-SHA256 signature: pure functions, no I/O.
//!
//! `payload = METHOD \n PATH \n BODY \n TIMESTAMP`, signed with the API secret as the key and
//! encoded as standard base64 with padding. Client and sandbox both use this module, so they
//! cannot disagree about the bytes.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What a signature covers. `body` is the exact byte string sent on the wire.
#[derive(Debug, Clone, Copy)]
pub struct SignedParts<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub body: &'a [u8],
    pub timestamp: &'a str,
}

impl SignedParts<'_> {
    /// The signing payload as bytes, for display and debugging (the signature is computed
    /// without building this copy).
    pub fn payload(&self) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(self.method.len() + self.path.len() + self.body.len() + 16);
        for part in self.pieces() {
            out.extend_from_slice(part);
        }
        out
    }

    fn pieces(&self) -> [&[u8]; 7] {
        [
            self.method.as_bytes(),
            b"\n",
            self.path.as_bytes(),
            b"\n",
            self.body,
            b"\n",
            self.timestamp.as_bytes(),
        ]
    }

    fn mac(&self, secret: &str) -> HmacSha256 {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = HmacSha256::new_from_slice(secret.as_bytes())
            .expect("HMAC-SHA256 accepts keys of any length");
        for part in self.pieces() {
            mac.update(part);
        }
        mac
    }
}

/// `base64(HMAC-SHA256(key = secret, msg = payload))`.
pub fn sign(secret: &str, parts: &SignedParts<'_>) -> String {
    STANDARD.encode(parts.mac(secret).finalize().into_bytes())
}

/// Checks a base64 signature in constant time. Anything that is not valid base64 of the
/// right length is simply a mismatch.
pub fn verify(secret: &str, parts: &SignedParts<'_>, signature_b64: &str) -> bool {
    match STANDARD.decode(signature_b64.trim()) {
        Ok(raw) => parts.mac(secret).verify_slice(&raw).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_BODY: &str =
        r#"{"user":{"id":"user_123","name":"John Doe"},"message":{"content":"Hello"}}"#;

    fn seed() -> SignedParts<'static> {
        SignedParts {
            method: "POST",
            path: "/api/Dev/chatbot_123/message",
            body: SEED_BODY.as_bytes(),
            timestamp: "1672531200",
        }
    }

    #[test]
    fn payload_joins_parts_with_real_newlines() {
        let expected = format!("POST\n/api/Dev/chatbot_123/message\n{SEED_BODY}\n1672531200");
        assert_eq!(seed().payload(), expected.as_bytes());
    }

    #[test]
    fn seed_example_signature() {
        assert_eq!(
            sign("sk_your_api_secret", &seed()),
            "DuUINLt0/k8xQKDexbQdBHN0w5R+G6w980uiS5pbw28="
        );
    }

    #[test]
    fn verify_accepts_own_signature_and_rejects_tampering() {
        let sig = sign("sk_a", &seed());
        assert!(verify("sk_a", &seed(), &sig));
        assert!(!verify("sk_b", &seed(), &sig));
        let tampered = SignedParts {
            timestamp: "1672531201",
            ..seed()
        };
        assert!(!verify("sk_a", &tampered, &sig));
        assert!(!verify("sk_a", &seed(), "not base64!"));
        assert!(!verify("sk_a", &seed(), ""));
    }
}
