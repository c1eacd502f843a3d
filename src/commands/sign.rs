//! `peki sign`: signs a request by hand as `send` would (the same `sign` module, the same
//! settings), and prints the headers and the signed string, or a curl command; or checks a
//! signature someone else made, with the sandbox's own diagnosis (`sandbox::auth`).

use crate::cli::{GlobalArgs, SignArgs};
use crate::config::{self, Settings};
use crate::error::Error;
use crate::input;
use crate::output;
use crate::preview::{self, Preview};
use crate::sandbox::auth;
use crate::sign::{SignedParts, sign};
use crate::values::Credentials;

/// The largest body `peki sign` reads from stdin: far past any body the API takes, and
/// still a bounded amount of memory.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

pub fn run(global: &GlobalArgs, args: &SignArgs) -> Result<(), Error> {
    let overrides = super::overrides(global, &args.settings);
    let settings = config::load(&overrides, &config::process_env)?;
    for warning in &settings.warnings {
        output::warning(warning);
    }
    let (path, url) = target(&settings, args)?;
    let body = match &args.body {
        Some(body) => body.clone().into_bytes(),
        None => read_body()?,
    };
    let credentials = settings.require_credentials()?;
    let now = crate::clock::unix_now();
    let timestamp = args
        .timestamp
        .map_or_else(|| now.to_string(), |t| t.to_string());
    let parts = SignedParts {
        method: "POST",
        path: &path,
        body: &body,
        timestamp: &timestamp,
    };
    if let Some(signature) = &args.verify {
        return verify(&credentials, &parts, signature, now);
    }
    let signature = sign(credentials.api_secret.expose(), &parts);
    let preview = Preview {
        method: "POST",
        url,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("X-API-Key".into(), credentials.api_key.clone()),
            ("X-Timestamp".into(), timestamp.clone()),
            ("X-Signature".into(), signature),
        ],
        signed: parts.payload(),
        body,
        ca_cert: settings.ca_bundle()?.map(Into::into),
    };
    let text = if args.curl {
        format!(
            "{}\n",
            preview::curl(&preview).map_err(crate::error::UsageError::from)?
        )
    } else {
        headers_and_signed(&preview)
    };
    output::write_escaped(&text)
}

/// The path to sign and the URL it is requested at: `--path` under the base URL's origin,
/// or the message endpoint of the chatbot.
fn target(settings: &Settings, args: &SignArgs) -> Result<(String, String), Error> {
    let base = settings.base_url();
    Ok(match &args.path {
        Some(path) => (path.clone(), format!("{}{path}", base.origin())),
        None => {
            let bot = settings.require_bot()?;
            (base.message_path(&bot), base.message_url(&bot))
        }
    })
}

fn read_body() -> Result<Vec<u8>, Error> {
    if input::stdin_is_terminal() {
        output::note("peki: reading the body from the terminal; end it with Ctrl-D");
    }
    let body = input::read_exact_bytes(std::io::stdin().lock(), MAX_BODY_BYTES)?;
    if body.ends_with(b"\n") {
        output::note(
            "peki: the body from stdin ends with a newline, which is signed too \
             (use printf '%s' or echo -n if your request has none)",
        );
    }
    Ok(body)
}

/// `X-API-Key: …` header lines, then the signed string as a JSON string.
pub fn headers_and_signed(preview: &Preview) -> String {
    let mut text = String::new();
    for name in ["X-API-Key", "X-Timestamp", "X-Signature"] {
        if let Some(value) = preview.header(name) {
            text.push_str(&format!("{name}: {value}\n"));
        }
    }
    text.push_str(&format!(
        "# signed string (METHOD\\nPATH\\nBODY\\nTIMESTAMP), as JSON: {}\n",
        preview::signed_as_json(&preview.signed)
    ));
    text
}

/// Checks `signature` as the sandbox would: the signature itself at the request's own
/// time, then the timestamp window now. A mismatch exits 4 with the sandbox's detail.
fn verify(
    credentials: &Credentials,
    parts: &SignedParts<'_>,
    signature: &str,
    now: i64,
) -> Result<(), Error> {
    // At the request's own time the window passes, so the detail is about the signature.
    let at = parts.timestamp.parse().unwrap_or(now);
    auth::diagnose(
        &credentials.api_key,
        &credentials.api_secret,
        parts,
        signature,
        at,
    )
    .map_err(|detail| {
        let expected = sign(credentials.api_secret.expose(), parts);
        Error::SignatureMismatch(format!(
            "{detail}\nthe signed string: {}\nits signature with this secret: {expected}",
            preview::signed_as_json(&parts.payload())
        ))
    })?;
    output::print_lines(&["signature matches".to_string()])?;
    if let Err(detail) = auth::diagnose(
        &credentials.api_key,
        &credentials.api_secret,
        parts,
        signature,
        now,
    ) {
        output::warning(&format!("the API would refuse it now: {detail}"));
    }
    Ok(())
}
