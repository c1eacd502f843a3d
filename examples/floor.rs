//! The floor `scripts/bench.sh` measures `peki send` against: one signed POST to the
//! Messages API with ureq and the same TLS setup as `peki` (rustls, ring, Mozilla's roots as
//! certificates), the reply printed, nothing else: no flags, no config, no retries.
//!
//! `PEKI_BASE_URL=… PEKI_API_KEY=… PEKI_API_SECRET=… PEKI_BOT=… floor "message"`

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};

fn main() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let (base, key, secret, bot) = (
        var("PEKI_BASE_URL"),
        var("PEKI_API_KEY"),
        var("PEKI_API_SECRET"),
        var("PEKI_BOT"),
    );
    let content = std::env::args().nth(1).unwrap_or_else(|| "hi".into());
    let body = serde_json::to_vec(&serde_json::json!({
        "user": {"id": "bench", "name": "bench"},
        "message": {"content": content},
    }))
    .expect("a JSON object serializes");
    let url = format!("{base}/Dev/{bot}/message");
    let path = &url[url.find("://").map_or(0, |i| i + 3)..];
    let path = &path[path.find('/').unwrap_or(path.len())..];
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs()
        .to_string();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    for part in [
        b"POST".as_slice(),
        b"\n",
        path.as_bytes(),
        b"\n",
        &body,
        b"\n",
        timestamp.as_bytes(),
    ] {
        mac.update(part);
    }
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let roots: Vec<ureq::tls::Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| ureq::tls::Certificate::from_der(der.as_ref()))
        .collect();
    let tls = ureq::tls::TlsConfig::builder()
        .root_certs(ureq::tls::RootCerts::new_with_certs(&roots))
        .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .tls_config(tls)
        .build()
        .into();
    let mut response = agent
        .post(&url)
        .header("Content-Type", "application/json")
        .header("X-API-Key", &key)
        .header("X-Timestamp", &timestamp)
        .header("X-Signature", &signature)
        .send(&body[..])
        .expect("the request is sent");
    let text = response.body_mut().read_to_string().expect("a body");
    let reply: serde_json::Value = serde_json::from_str(&text).expect("a JSON body");
    println!("{}", reply["data"].as_str().unwrap_or(&text));
}
