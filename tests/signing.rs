//! The signing code reproduces every independently computed vector in
//! `tests/fixtures/signing-vectors.json` (copied from the project's shared API notes).

use peki::sign::{SignedParts, sign, verify};

#[test]
fn every_signing_vector_is_reproduced() {
    let file: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/signing-vectors.json")).unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 5, "the fixture lost vectors");
    for v in vectors {
        let field = |name: &str| v[name].as_str().unwrap();
        let parts = SignedParts {
            method: field("method"),
            path: field("path"),
            body: field("body").as_bytes(),
            timestamp: field("timestamp"),
        };
        assert_eq!(
            parts.payload(),
            field("payload").as_bytes(),
            "{}",
            field("name")
        );
        assert_eq!(
            sign(field("secret"), &parts),
            field("signature"),
            "{}",
            field("name")
        );
        assert!(
            verify(field("secret"), &parts, field("signature")),
            "{}",
            field("name")
        );
    }
}
