//! Unit tests of the session: what becomes a request.

use super::*;

#[test]
fn a_blank_message_never_becomes_a_request() {
    let message = |content: &str| Outgoing {
        bot: "support".parse().unwrap(),
        user_id: "u1".into(),
        user_name: "Ada".into(),
        content: content.into(),
        file: None,
    };
    for blank in ["", " ", "\t\n "] {
        let error = message_request(&message(blank)).map(drop).unwrap_err();
        assert!(
            matches!(error, Error::Usage(UsageError::BlankMessage)),
            "{blank:?}: {error}"
        );
    }
    assert!(message_request(&message(" hi ")).is_ok());
}
