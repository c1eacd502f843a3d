//! Which proxy a request goes through, the way curl users expect: `--proxy` first, else
//! the variable for the target's scheme (`HTTPS_PROXY`, `HTTP_PROXY`, lower case too), else
//! `ALL_PROXY`; `NO_PROXY` (entries trimmed) exempts hosts. Loopback targets never take a
//! proxy from the environment. Pure: the environment is passed in.

use crate::values::is_loopback_host;

/// Where a proxy setting came from: `--proxy`/the profile, or an environment variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProxyChoice<T> {
    Explicit(T),
    /// The variable's name as it was found (`https_proxy`) and its value.
    Env(&'static str, String),
}

/// The proxy to use for `scheme://host`, if any: `explicit` (from `--proxy` or the
/// profile), else the environment's, unless `NO_PROXY` exempts the host.
pub fn choose<T>(
    scheme: &str,
    host: &str,
    explicit: Option<T>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<ProxyChoice<T>> {
    let var = |upper: &'static str, lower: &'static str| {
        env(upper)
            .map(|v| (upper, v))
            .or_else(|| env(lower).map(|v| (lower, v)))
    };
    if var("NO_PROXY", "no_proxy").is_some_and(|(_, list)| exempt(host, &list)) {
        return None;
    }
    if let Some(proxy) = explicit {
        return Some(ProxyChoice::Explicit(proxy));
    }
    if is_loopback_host(host) {
        return None;
    }
    let by_scheme = match scheme {
        "https" => var("HTTPS_PROXY", "https_proxy"),
        "http" => var("HTTP_PROXY", "http_proxy"),
        _ => None,
    };
    by_scheme
        .or_else(|| var("ALL_PROXY", "all_proxy"))
        .map(|(name, value)| ProxyChoice::Env(name, value))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    /// The proxy chosen, as text.
    fn pick(
        scheme: &str,
        host: &str,
        explicit: Option<&str>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Option<String> {
        choose(scheme, host, explicit, env).map(|choice| match choice {
            ProxyChoice::Explicit(url) => url.to_string(),
            ProxyChoice::Env(_, url) => url,
        })
    }

    #[test]
    fn the_variable_follows_the_target_scheme() {
        let env = env_of(&[("HTTPS_PROXY", "http://s:1"), ("http_proxy", "http://p:2")]);
        assert_eq!(
            pick("https", "api.peki.ai", None, &env).as_deref(),
            Some("http://s:1")
        );
        assert_eq!(
            pick("http", "example.com", None, &env).as_deref(),
            Some("http://p:2")
        );
        let all = env_of(&[("all_proxy", "http://a:3")]);
        assert_eq!(
            pick("https", "x.com", None, &all).as_deref(),
            Some("http://a:3")
        );
        assert_eq!(pick("https", "x.com", None, &env_of(&[])), None);
    }

    #[test]
    fn explicit_proxy_wins_and_loopback_skips_the_environment() {
        let env = env_of(&[("HTTPS_PROXY", "http://s:1")]);
        assert_eq!(
            pick("https", "x.com", Some("http://e:9"), &env).as_deref(),
            Some("http://e:9")
        );
        assert_eq!(pick("https", "127.0.0.1", None, &env), None);
        assert_eq!(
            pick("http", "localhost", Some("http://e:9"), &env).as_deref(),
            Some("http://e:9")
        );
    }

    #[test]
    fn no_proxy_entries_are_trimmed_and_match_domains() {
        let env = env_of(&[
            ("HTTPS_PROXY", "http://s:1"),
            ("NO_PROXY", "localhost, .internal.example ,peki.ai:443"),
        ]);
        assert_eq!(pick("https", "api.peki.ai", None, &env), None);
        assert_eq!(pick("https", "a.internal.example", None, &env), None);
        assert_eq!(pick("https", "internal.example", None, &env), None);
        assert!(pick("https", "notpeki.ai", None, &env).is_some());
        assert_eq!(
            pick(
                "https",
                "x.com",
                Some("http://e:9"),
                &env_of(&[("no_proxy", "*")])
            ),
            None
        );
    }
}
