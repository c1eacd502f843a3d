//! The control endpoints under `/__peki/` on the API's port: `GET /__peki/health` always;
//! with `--admin`, `GET`/`DELETE /__peki/requests` (the in-memory journal, filtered by
//! `bot`, `status`, `verdict`) and `POST /__peki/reset` (journal, rule counters, daily
//! counts, remembered signatures, fault draws). With `--admin-token`, a Bearer token.

use std::sync::atomic::Ordering;

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use hyper::header::{self, HeaderValue};

use super::app::App;
use super::journal::Filter;
use crate::api::Problem;

pub const PREFIX: &str = "/__peki";

/// Whether `path` is a control endpoint's (and so never an API request).
pub fn is_control(path: &str) -> bool {
    path == PREFIX || path.starts_with("/__peki/")
}

/// The answer to a control request, and a word for the log line.
pub(super) fn answer(
    app: &App,
    method: &str,
    url: &str,
    authorization: Option<&str>,
) -> (Response<Full<Bytes>>, &'static str) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == "/__peki/health" {
        return match method {
            "GET" | "HEAD" => (json(200, health(app)), "health"),
            _ => (not_allowed("GET"), "method not allowed"),
        };
    }
    let known = matches!(path, "/__peki/requests" | "/__peki/reset");
    let Some(admin) = app.admin.as_ref().filter(|_| known) else {
        let detail = if known {
            format!("{path} needs peki serve --admin")
        } else {
            "no such control endpoint: /__peki/health, /__peki/requests, /__peki/reset".into()
        };
        return (problem(404, &detail), "no such control endpoint");
    };
    if !admin.allows(authorization) {
        let mut response = problem(
            401,
            "the admin endpoints need 'Authorization: Bearer TOKEN' with the --admin-token",
        );
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"peki sandbox\""),
        );
        return (response, "admin token refused");
    }
    match (path, method) {
        ("/__peki/requests", "GET") => match filter(query) {
            Ok(filter) => (json(200, app.journal.list(&filter)), "requests listed"),
            Err(detail) => (problem(400, &detail), "bad filter"),
        },
        ("/__peki/requests", "DELETE") => {
            let deleted = app.journal.clear();
            (
                json(200, format!("{{\"deleted\":{deleted}}}")),
                "requests deleted",
            )
        }
        ("/__peki/requests", _) => (not_allowed("GET, DELETE"), "method not allowed"),
        ("/__peki/reset", "POST") => {
            let deleted = app.journal.clear();
            if let Some(script) = &app.script {
                script.reset();
            }
            app.verifier.reset();
            app.dice.reset();
            (
                json(200, format!("{{\"reset\":true,\"deleted\":{deleted}}}")),
                "reset",
            )
        }
        _ => (not_allowed("POST"), "method not allowed"),
    }
}

fn health(app: &App) -> String {
    serde_json::json!({
        "status": "ok",
        "in_flight": app.in_flight.load(Ordering::SeqCst),
        "answered": app.answered.load(Ordering::SeqCst),
        "journaled": app.journal.kept(),
    })
    .to_string()
}

/// `bot=…&status=…&verdict=…` (percent-encoded, `+` for spaces).
fn filter(query: &str) -> Result<Filter, String> {
    let mut filter = Filter::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_encoding::percent_decode_str(&value.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned();
        match name {
            "bot" => filter.bot = Some(value),
            "verdict" => filter.verdict = Some(value),
            "status" => {
                filter.status = Some(value.parse().map_err(|_| {
                    format!(
                        "status must be a number such as 401 (got '{}')",
                        crate::text::one_line(&value, 40)
                    )
                })?);
            }
            other => {
                return Err(format!(
                    "unknown filter '{}': use bot, status or verdict",
                    crate::text::one_line(other, 40)
                ));
            }
        }
    }
    Ok(filter)
}

fn json(status: u16, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or_default();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn problem(status: u16, detail: &str) -> Response<Full<Bytes>> {
    let mut problem = Problem::new(status, crate::api::reason(status));
    problem.detail = Some(detail.to_string());
    // Strings and numbers: serializing cannot fail.
    let mut response = json(status, serde_json::to_string(&problem).unwrap_or_default());
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

fn not_allowed(allow: &'static str) -> Response<Full<Bytes>> {
    let mut response = problem(405, &format!("use {allow} for this endpoint"));
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}
