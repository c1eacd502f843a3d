//! Which proxy a request goes through, the way curl users expect: `--proxy` first, else
//! the variable for the target's scheme (`HTTPS_PROXY`, `HTTP_PROXY`, lower case too), else
//! `ALL_PROXY`; `NO_PROXY` (entries trimmed) exempts hosts. Loopback targets never take a
//! proxy from the environment. Pure: the environment is passed in.

use crate::config::Env;
use crate::values::is_loopback_host;

/// The proxy URL to use for `scheme://host`, if any.
pub fn choose(scheme: &str, host: &str, explicit: Option<&str>, env: Env<'_>) -> Option<String> {
    let var = |upper: &str| env(upper).or_else(|| env(&upper.to_ascii_lowercase()));
    if var("NO_PROXY").is_some_and(|list| exempt(host, &list)) {
        return None;
    }
    if let Some(proxy) = explicit {
        return Some(proxy.to_string());
    }
    if is_loopback_host(host) {
        return None;
    }
    let by_scheme = match scheme {
        "https" => var("HTTPS_PROXY"),
        "http" => var("HTTP_PROXY"),
        _ => None,
    };
    by_scheme.or_else(|| var("ALL_PROXY"))
}

/// Whether `NO_PROXY` exempts `host`: `*`, an exact host, or a domain suffix (`.example.com`
/// or `example.com` both exempt `api.example.com`). Ports in entries are ignored.
fn exempt(host: &str, list: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    list.split(',').map(str::trim).any(|entry| {
        let entry = entry.to_ascii_lowercase();
        let entry = match entry.rsplit_once(':') {
            // `host:port`, but not a bare IPv6 address
            Some((name, port))
                if port.bytes().all(|b| b.is_ascii_digit()) && !name.contains(':') =>
            {
                name.to_string()
            }
            _ => entry,
        };
        let entry = entry.trim_start_matches('[').trim_end_matches(']');
        let domain = entry.trim_start_matches('.');
        entry == "*"
            || (!domain.is_empty() && (host == domain || host.ends_with(&format!(".{domain}"))))
    })
}

/// A proxy URL fit to print: the password replaced by `***`.
pub fn redact(proxy: &str) -> String {
    let (scheme, rest) = match proxy.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), proxy),
    };
    // The user info ends at the last `@` before the host; the password starts at its
    // first `:` (a password may hold `:` itself).
    match rest.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}{user}:***@{host}"),
            None => format!("{scheme}{userinfo}@{host}"),
        },
        None => proxy.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::env_of;

    #[test]
    fn the_variable_follows_the_target_scheme() {
        let env = env_of(&[("HTTPS_PROXY", "http://s:1"), ("http_proxy", "http://p:2")]);
        assert_eq!(
            choose("https", "api.peki.ai", None, &env).as_deref(),
            Some("http://s:1")
        );
        assert_eq!(
            choose("http", "example.com", None, &env).as_deref(),
            Some("http://p:2")
        );
        let all = env_of(&[("all_proxy", "http://a:3")]);
        assert_eq!(
            choose("https", "x.com", None, &all).as_deref(),
            Some("http://a:3")
        );
        assert_eq!(choose("https", "x.com", None, &env_of(&[])), None);
    }

    #[test]
    fn explicit_proxy_wins_and_loopback_skips_the_environment() {
        let env = env_of(&[("HTTPS_PROXY", "http://s:1")]);
        assert_eq!(
            choose("https", "x.com", Some("http://e:9"), &env).as_deref(),
            Some("http://e:9")
        );
        assert_eq!(choose("https", "127.0.0.1", None, &env), None);
        assert_eq!(
            choose("http", "localhost", Some("http://e:9"), &env).as_deref(),
            Some("http://e:9")
        );
    }

    #[test]
    fn no_proxy_entries_are_trimmed_and_match_domains() {
        let env = env_of(&[
            ("HTTPS_PROXY", "http://s:1"),
            ("NO_PROXY", "localhost, .internal.example ,peki.ai:443"),
        ]);
        assert_eq!(choose("https", "api.peki.ai", None, &env), None);
        assert_eq!(choose("https", "a.internal.example", None, &env), None);
        assert_eq!(choose("https", "internal.example", None, &env), None);
        assert!(choose("https", "notpeki.ai", None, &env).is_some());
        assert_eq!(
            choose(
                "https",
                "x.com",
                Some("http://e:9"),
                &env_of(&[("no_proxy", "*")])
            ),
            None
        );
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("http://user:p%40ss@proxy:3128"),
            "http://user:***@proxy:3128"
        );
        assert_eq!(redact("http://proxy:3128"), "http://proxy:3128");
        assert_eq!(redact("user@proxy:3128"), "user@proxy:3128");
        assert_eq!(redact("http://bob:pa:ssWORD@p:1"), "http://bob:***@p:1");
        assert_eq!(redact("bob:secret@p:1"), "bob:***@p:1");
    }
}
