//! URLs as `peki` takes them: the API's base URL (https, or plain http to loopback only),
//! a file to attach, a proxy; and any URL made fit to show, its credentials masked.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ureq::http::Uri;

use super::BotId;

/// The API's base URL: http(s), with a host, no query. Plain `http://` only for loopback
/// hosts, so that a signed request never crosses a network in clear text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and authority, e.g. `https://api.peki.ai`.
    origin: String,
    /// The base path without a trailing slash, e.g. `/api` (empty for the root).
    path: String,
    scheme: String,
    host: String,
}

pub const DEFAULT_BASE_URL: &str = "https://api.peki.ai/api";

impl BaseUrl {
    /// The path that is requested and signed for `bot`'s message endpoint.
    pub fn message_path(&self, bot: &BotId) -> String {
        format!("{}/Dev/{bot}/message", self.path)
    }

    /// The full URL of `bot`'s message endpoint.
    pub fn message_url(&self, bot: &BotId) -> String {
        format!("{}{}", self.origin, self.message_path(bot))
    }

    /// Scheme and authority: `https://api.peki.ai`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The host, without port (IPv6 in brackets).
    pub fn host(&self) -> &str {
        &self.host
    }
}

impl FromStr for BaseUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // Raw non-ASCII bytes in a request line are invalid HTTP, and a proxy that
        // percent-encoded them would change the signed path.
        // Errors show the URL with any credentials in it masked.
        let shown = redact_url(s);
        if !s.chars().all(|c| c.is_ascii_graphic()) {
            return Err(format!(
                "invalid base URL '{}': use ASCII only (percent-encode the path, punycode the host)",
                shown.escape_debug()
            ));
        }
        let uri: Uri = s
            .parse()
            .map_err(|e| format!("invalid base URL '{shown}': {e}"))?;
        let scheme = uri.scheme_str().unwrap_or("");
        let Some(authority) = uri.authority() else {
            return Err(format!(
                "invalid base URL '{shown}': expected an absolute URL such as {DEFAULT_BASE_URL}"
            ));
        };
        if uri.query().is_some() {
            return Err(format!(
                "invalid base URL '{shown}': a query string is not allowed"
            ));
        }
        if authority.as_str().contains('@') {
            return Err(format!(
                "invalid base URL '{shown}': credentials in the URL are not allowed \
                 (the API authenticates with the key and a signature)"
            ));
        }
        let loopback = is_loopback_host(authority.host());
        match scheme {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(format!(
                    "refusing plain http:// for '{}': signed requests go over https:// \
                     (plain http is allowed only for loopback hosts such as the sandbox)",
                    authority.host()
                ));
            }
            other => {
                return Err(format!(
                    "invalid base URL '{shown}': the scheme must be https (not '{other}')"
                ));
            }
        }
        Ok(BaseUrl {
            origin: format!("{scheme}://{authority}"),
            path: uri.path().trim_end_matches('/').to_string(),
            scheme: scheme.to_string(),
            host: authority.host().to_string(),
        })
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin, self.path)
    }
}

/// A URL fit to show: its user info masked, as `curl -v` and gh do. With a password, the
/// user stays and the password becomes `***` (`http://bob:***@proxy:3128`); a user part
/// alone is often a token, so it is masked whole (`https://***@host`). Text that is not a
/// URL is masked the same way around its last `@`.
pub fn redact_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (&url[..scheme.len() + 3], rest),
        None => ("", url),
    };
    // The user info ends at the last `@` before the host. (An `@` in the path is rare in
    // a base or proxy URL; masking too much there is the safe mistake.)
    match rest.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) if !user.is_empty() && !user.contains('/') => {
                format!("{scheme}{user}:***@{host}")
            }
            _ => format!("{scheme}***@{host}"),
        },
        None => url.to_string(),
    }
}

/// Text with every `scheme://user:pass@host` in it masked as `redact_url` does: for
/// messages that quote what the user typed (clap's "invalid value '…'").
pub fn redact_urls_in(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (before, from_scheme) = rest.split_at(at + 3);
        out.push_str(before);
        // The authority and path end at the first quote, space or end of the text.
        let end = from_scheme
            .find(|c: char| c.is_whitespace() || matches!(c, '\'' | '"' | '`'))
            .unwrap_or(from_scheme.len());
        let (url, after) = from_scheme.split_at(end);
        let masked = redact_url(&format!("x://{url}"));
        out.push_str(masked.strip_prefix("x://").unwrap_or(&masked));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A proxy URL: `http://` or `https://`, a host and a numeric port, optional user info, no
/// path. Shown (`Display`, errors) with its credentials masked.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxyUrl(String);

impl ProxyUrl {
    /// The URL with its credentials, for the transport only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl FromStr for ProxyUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let invalid = |why: &str| format!("invalid proxy URL '{}': {why}", redact_url(s));
        if !s.chars().all(|c| c.is_ascii_graphic()) {
            return Err(invalid("use ASCII without spaces"));
        }
        // A bare `host:port`, as curl and the *_PROXY variables allow, means http.
        let full = if s.contains("://") {
            s.to_string()
        } else {
            format!("http://{s}")
        };
        let (scheme, rest) = full.split_once("://").unwrap_or(("", &full));
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err(invalid(
                "peki speaks to http:// and https:// proxies only (not SOCKS)",
            ));
        }
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, rest),
        };
        // RFC 3986 user info: unreserved, sub-delims, ':' and %HH. Anything else ends the
        // authority early in a URL parser (ureq's included), which would then reach
        // another host than the one shown.
        if let Some(bad) = userinfo.and_then(|u| {
            u.chars()
                .find(|c| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:%".contains(*c)))
        }) {
            return Err(invalid(&format!(
                "the user name or password holds {bad:?}: percent-encode it (%{:02X})",
                u32::from(bad)
            )));
        }
        let hostport = hostport.strip_suffix('/').unwrap_or(hostport);
        if hostport.contains(['/', '?', '#']) {
            return Err(invalid("a proxy URL has no path"));
        }
        let uri: Uri = format!("http://{hostport}")
            .parse()
            .map_err(|_| invalid("expected http://[user:password@]host:port"))?;
        if uri.host().is_none_or(str::is_empty) {
            return Err(invalid("it names no host"));
        }
        // `host:` or `host:port` with a port that is not a number.
        let has_port = hostport
            .rsplit_once(':')
            .is_some_and(|(_, tail)| !tail.contains(']'));
        if has_port && uri.port_u16().is_none() {
            return Err(invalid("the port must be a number"));
        }
        Ok(ProxyUrl(full))
    }
}

impl fmt::Display for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_url(&self.0))
    }
}

impl fmt::Debug for ProxyUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProxyUrl({self})")
    }
}

/// `localhost`, `127.0.0.0/8` and `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The optional attachment URL of a message: absolute http(s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileUrl(String);

impl FileUrl {
    pub fn into_string(self) -> String {
        self.0
    }
}

impl FromStr for FileUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = s
            .parse::<Uri>()
            .ok()
            .filter(|u| matches!(u.scheme_str(), Some("http" | "https")))
            .is_some_and(|u| u.host().is_some_and(|h| !h.is_empty()));
        if ok {
            Ok(FileUrl(s.to_string()))
        } else {
            Err(format!(
                "invalid file URL '{s}': it must be an http:// or https:// URL"
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_path_in_the_signed_path() {
        let bot: BotId = "abc".parse().unwrap();
        let url: BaseUrl = "http://127.0.0.1:8787/peki/api/".parse().unwrap();
        assert_eq!(url.message_path(&bot), "/peki/api/Dev/abc/message");
        assert_eq!(
            url.message_url(&bot),
            "http://127.0.0.1:8787/peki/api/Dev/abc/message"
        );
        let default: BaseUrl = DEFAULT_BASE_URL.parse().unwrap();
        assert_eq!(default.message_path(&bot), "/api/Dev/abc/message");
        assert!(!is_loopback_host(default.host()));
    }

    #[test]
    fn plain_http_only_for_loopback() {
        for ok in [
            "http://localhost:8787/api",
            "http://127.0.0.5/api",
            "http://[::1]:80/api",
        ] {
            assert!(
                is_loopback_host(ok.parse::<BaseUrl>().unwrap().host()),
                "{ok}"
            );
        }
        for bad in ["http://127.0.0.1/\u{e1}pi", "http://127.0.0.1/a pi"] {
            assert!(bad.parse::<BaseUrl>().is_err(), "{bad}");
        }
        let err = "http://api.peki.ai/api".parse::<BaseUrl>().unwrap_err();
        assert!(err.contains("refusing plain http://"), "{err}");
        for bad in [
            "ftp://x/api",
            "api.peki.ai/api",
            "https://x/api?a=1",
            "https://u:p@x/api",
            "not a url",
        ] {
            assert!(bad.parse::<BaseUrl>().is_err(), "{bad}");
        }
    }

    #[test]
    fn credentials_in_urls_are_masked_and_never_echoed() {
        assert_eq!(
            redact_url("http://user:p%40ss@proxy:3128"),
            "http://user:***@proxy:3128"
        );
        assert_eq!(redact_url("http://proxy:3128"), "http://proxy:3128");
        assert_eq!(redact_url("https://ghp_token123@p:1"), "https://***@p:1");
        assert_eq!(redact_url("http://bob:pa:ssWORD@p:1"), "http://bob:***@p:1");
        assert_eq!(redact_url("bob:secret@p:1"), "bob:***@p:1");
        assert_eq!(redact_url("http://bob:pa/ss@host"), "http://bob:***@host");
        assert_eq!(redact_url("http://:tok@host"), "http://***@host");
        let err = "https://ada:hunter2@api.example/api"
            .parse::<BaseUrl>()
            .unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("ada:***@api.example"), "{err}");
    }

    #[test]
    fn urls_quoted_in_a_message_are_masked() {
        assert_eq!(
            redact_urls_in("invalid value 'https://ada:pw@x.example/api' for '--base-url <URL>'"),
            "invalid value 'https://ada:***@x.example/api' for '--base-url <URL>'"
        );
        assert_eq!(
            redact_urls_in("a http://tok@h:1 and https://h/p and ftp://u:p@f"),
            "a http://***@h:1 and https://h/p and ftp://u:***@f"
        );
        assert_eq!(redact_urls_in("nothing here"), "nothing here");
    }

    #[test]
    fn proxy_urls_are_checked_and_shown_masked() {
        let proxy: ProxyUrl = "http://bob:s3cret@proxy.corp:3128".parse().unwrap();
        assert_eq!(proxy.to_string(), "http://bob:***@proxy.corp:3128");
        assert_eq!(
            format!("{proxy:?}"),
            "ProxyUrl(http://bob:***@proxy.corp:3128)"
        );
        assert_eq!(proxy.expose(), "http://bob:s3cret@proxy.corp:3128");
        assert_eq!(
            "127.0.0.1:8080".parse::<ProxyUrl>().unwrap().expose(),
            "http://127.0.0.1:8080"
        );
        for bad in [
            "http://bob:pa/ss@host",
            "socks5://p:1080",
            "http://p:1/path",
            "http://",
            "http://p:",
            "http://p:port",
            "http://a b:1",
        ] {
            let err = bad.parse::<ProxyUrl>().unwrap_err();
            assert!(err.starts_with("invalid proxy URL"), "{bad}: {err}");
            assert!(!err.contains("pa/ss"), "{err}");
        }
    }

    #[test]
    fn file_urls_must_be_http() {
        assert!("https://example.com/doc.pdf".parse::<FileUrl>().is_ok());
        for bad in [
            "file:///etc/passwd",
            "/tmp/x",
            "example.com/doc.pdf",
            "https://",
        ] {
            assert!(bad.parse::<FileUrl>().is_err(), "{bad}");
        }
    }
}
