//! Name resolution for the agent: an IP-literal host (the sandbox's `127.0.0.1`) is answered
//! in place; any other host goes to ureq's resolver. ureq's own starts a thread for every
//! lookup that has a timeout, and glibc reads `/etc/gai.conf`, even for a literal: the
//! costliest part of a loopback `peki send` that does no lookup at all.

use std::net::{IpAddr, SocketAddr};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

#[derive(Debug, Default)]
pub struct LiteralsInPlace(DefaultResolver);

impl Resolver for LiteralsInPlace {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if let Some(addr) = literal(uri) {
            let mut addrs = self.empty();
            addrs.push(addr);
            return Ok(addrs);
        }
        self.0.resolve(uri, config, timeout)
    }
}

/// The socket address of a URI whose host is an IP literal.
fn literal(uri: &Uri) -> Option<SocketAddr> {
    let authority = uri.authority()?;
    let host = authority.host();
    let ip: IpAddr = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
        .parse()
        .ok()?;
    let port = authority.port_u16().or(match uri.scheme_str()? {
        "https" => Some(443),
        "http" => Some(80),
        _ => None,
    })?;
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ip_literals_are_answered_in_place() {
        let at = |u: &str| literal(&u.parse().unwrap());
        assert_eq!(
            at("http://127.0.0.1:8787/api"),
            Some("127.0.0.1:8787".parse().unwrap())
        );
        assert_eq!(at("https://[::1]/api"), Some("[::1]:443".parse().unwrap()));
        assert_eq!(
            at("http://10.0.0.1/x"),
            Some("10.0.0.1:80".parse().unwrap())
        );
        assert_eq!(at("https://api.peki.ai/api"), None);
        assert_eq!(at("http://localhost:1/"), None);
    }
}
