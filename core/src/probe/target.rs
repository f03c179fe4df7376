//! What the probe connects to: the integration URL split the way the Java client reads it, the
//! `--connect-to` overrides, and the JDK's rule for when a ClientHello carries SNI.

use std::fmt;
use std::net::IpAddr;

use serde::Serialize;

use crate::case::without_brackets;

/// Why a URL or a `--connect-to` value cannot be probed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Only `https://` URLs reach the TLS code (API Gateway's HTTP integrations do no TLS).
    #[error("{0:?} is not an https:// URL")]
    NotHttps(String),
    /// The URL has no host between `//` and the path.
    #[error("{0:?} has no host")]
    NoHost(String),
    /// A port that is not a number in 1..=65535.
    #[error("bad port {0:?}")]
    BadPort(String),
    /// An IPv6 literal without its closing bracket.
    #[error("unterminated IPv6 literal in {0:?}")]
    UnterminatedBracket(String),
    /// `--connect-to` is `HOST:PORT:ADDR:PORT`.
    #[error("--connect-to {0:?} is not HOST:PORT:ADDR:PORT")]
    BadConnectTo(String),
}

/// The integration URL as the probe uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The URL as given.
    pub url: String,
    /// The host as `java.net.URI.getHost()` returns it: case kept, an IPv6 literal still in
    /// brackets. This is what HttpClient verifies the certificate against.
    pub host: String,
    /// The port (443 when the URL has none).
    pub port: u16,
    /// The host as an address when it is an IP literal (then no DNS query is made).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_literal: Option<IpAddr>,
}

impl Target {
    /// Parses `https://HOST[:PORT][/PATH]`. User info is skipped, the path is kept only in
    /// `url` (the probe sends no request).
    pub fn parse(url: &str) -> Result<Target, TargetError> {
        let trimmed = url.trim();
        let rest = match trimmed.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => rest,
            _ => return Err(TargetError::NotHttps(url.to_string())),
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let (host, port) = split_host_port(host_port, url)?;
        if host.is_empty() {
            return Err(TargetError::NoHost(url.to_string()));
        }
        let port = port.unwrap_or(443);
        let ip_literal = parse_ip_literal(&host);
        Ok(Target {
            url: trimmed.to_string(),
            host,
            port,
            ip_literal,
        })
    }

    /// The host without IPv6 brackets: what DNS is asked about and what SNI rules look at.
    pub fn bare_host(&self) -> &str {
        without_brackets(&self.host)
    }
}

/// Splits `host[:port]` / `[v6][:port]`, keeping an IPv6 literal's brackets in the host.
fn split_host_port(s: &str, whole: &str) -> Result<(String, Option<u16>), TargetError> {
    if s.starts_with('[') {
        let end = s
            .find(']')
            .ok_or_else(|| TargetError::UnterminatedBracket(whole.to_string()))?;
        let host = &s[..=end];
        let after = &s[end + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(parse_port(p)?),
            None if after.is_empty() => None,
            None => return Err(TargetError::BadPort(after.to_string())),
        };
        return Ok((host.to_string(), port));
    }
    match s.rsplit_once(':') {
        // java.net.URI treats an empty port ("host:") as no port.
        Some((h, "")) => Ok((h.to_string(), None)),
        Some((h, p)) => Ok((h.to_string(), Some(parse_port(p)?))),
        None => Ok((s.to_string(), None)),
    }
}

fn parse_port(p: &str) -> Result<u16, TargetError> {
    match p.parse::<u16>() {
        Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(TargetError::BadPort(p.to_string())),
    }
}

/// The host as an address when it is an IP literal (one rule with the offline engine's).
pub use crate::case::ip_literal as parse_ip_literal;

/// The server name the JDK 17 client puts in its ClientHello for `host`, or None when it sends
/// no SNI at all.
///
/// Mirrors `sun.security.ssl.Utilities.rawToSNIHostName`: one trailing dot is dropped; the name
/// must contain a dot that is not its first character, must not end with a dot, must not be an
/// IPv4 or IPv6 literal, and must be a legal `SNIHostName` (IDN.toASCII with STD3 rules: LDH
/// labels only, so `my_host.example.com` gets no SNI). The JDK lower-cases nothing here; TLS
/// servers compare SNI case-insensitively.
pub fn jdk_sni_name(host: &str) -> Option<String> {
    let h = host.strip_suffix('.').unwrap_or(host);
    if h.find('.').is_none_or(|i| i == 0) || h.ends_with('.') {
        return None;
    }
    if parse_ip_literal(h).is_some() {
        return None;
    }
    let ascii = to_ascii_host(h)?;
    if ascii.len() > 255 {
        return None;
    }
    let labels_ok = ascii.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    labels_ok.then_some(ascii)
}

/// IDN.toASCII for the common case: an ASCII name is kept as is, a non-ASCII one goes through
/// IDNA (hickory's implementation of UTS 46). None when IDNA rejects it.
fn to_ascii_host(h: &str) -> Option<String> {
    if h.is_ascii() {
        return Some(h.to_string());
    }
    let name = hickory_resolver::proto::rr::Name::from_utf8(h).ok()?;
    let ascii = name.to_ascii();
    Some(ascii.strip_suffix('.').unwrap_or(&ascii).to_string())
}

/// Where a host:port is reached instead of what DNS says — curl's `--connect-to
/// HOST:PORT:ADDR:PORT`. An empty HOST or PORT matches any; ADDR may be a name (resolved with
/// the same DNS settings) or an address; an empty PORT on the right keeps the URL's port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectTo {
    /// The URL host this applies to (None = any), compared case-insensitively.
    pub from_host: Option<String>,
    /// The URL port this applies to (None = any).
    pub from_port: Option<u16>,
    /// Where to connect instead: a name or an address (no brackets).
    pub to_host: String,
    /// The port to connect to (None = the URL's port).
    pub to_port: Option<u16>,
}

impl ConnectTo {
    /// Parses `HOST:PORT:ADDR:PORT`; IPv6 literals go in brackets.
    pub fn parse(s: &str) -> Result<ConnectTo, TargetError> {
        let bad = || TargetError::BadConnectTo(s.to_string());
        let fields = split_fields(s).ok_or_else(bad)?;
        let [from_host, from_port, to_host, to_port] =
            <[String; 4]>::try_from(fields).map_err(|_| bad())?;
        let port = |p: &str| {
            if p.is_empty() {
                Ok(None)
            } else {
                parse_port(p).map(Some)
            }
        };
        let to_host = without_brackets(&to_host).to_string();
        if to_host.is_empty() {
            return Err(bad());
        }
        Ok(ConnectTo {
            from_host: (!from_host.is_empty()).then(|| without_brackets(&from_host).to_string()),
            from_port: port(&from_port)?,
            to_host,
            to_port: port(&to_port)?,
        })
    }

    /// True when this override applies to `target`.
    pub fn matches(&self, target: &Target) -> bool {
        let host_ok = self
            .from_host
            .as_deref()
            .is_none_or(|h| h.eq_ignore_ascii_case(target.bare_host()));
        let port_ok = self.from_port.is_none_or(|p| p == target.port);
        host_ok && port_ok
    }
}

impl fmt::Display for ConnectTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bracket = |h: &str| {
            if h.contains(':') {
                format!("[{h}]")
            } else {
                h.to_string()
            }
        };
        let opt_port = |p: Option<u16>| p.map(|p| p.to_string()).unwrap_or_default();
        write!(
            f,
            "{}:{}:{}:{}",
            self.from_host.as_deref().map(bracket).unwrap_or_default(),
            opt_port(self.from_port),
            bracket(&self.to_host),
            opt_port(self.to_port)
        )
    }
}

/// Splits on ':' outside brackets.
fn split_fields(s: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_bracket = false;
    for c in s.chars() {
        match c {
            '[' if !in_bracket => {
                in_bracket = true;
                cur.push(c);
            }
            ']' if in_bracket => {
                in_bracket = false;
                cur.push(c);
            }
            ':' if !in_bracket => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    if in_bracket {
        return None;
    }
    out.push(cur);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls_like_java_uri() {
        let t = Target::parse("https://API.example.com:8443/prod/x?y").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.ip_literal),
            ("API.example.com", 8443, None)
        );
        let t = Target::parse("https://[2001:db8::1]/").unwrap();
        assert_eq!(t.host, "[2001:db8::1]");
        assert_eq!(t.bare_host(), "2001:db8::1");
        assert_eq!(t.port, 443);
        assert!(t.ip_literal.is_some());
        let t = Target::parse("HTTPS://u:p@10.0.0.5:444").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("10.0.0.5", 444));
        assert_eq!(t.ip_literal, Some("10.0.0.5".parse().unwrap()));
    }

    #[test]
    fn rejects_what_cannot_be_probed() {
        assert!(matches!(
            Target::parse("http://a.example/"),
            Err(TargetError::NotHttps(_))
        ));
        assert!(matches!(
            Target::parse("a.example"),
            Err(TargetError::NotHttps(_))
        ));
        assert!(matches!(
            Target::parse("https:///x"),
            Err(TargetError::NoHost(_))
        ));
        assert!(matches!(
            Target::parse("https://a.example:0/"),
            Err(TargetError::BadPort(_))
        ));
        assert!(matches!(
            Target::parse("https://a.example:99999/"),
            Err(TargetError::BadPort(_))
        ));
        assert!(matches!(
            Target::parse("https://[::1/"),
            Err(TargetError::UnterminatedBracket(_))
        ));
    }

    #[test]
    fn sni_follows_the_jdk() {
        assert_eq!(
            jdk_sni_name("api.example.com").as_deref(),
            Some("api.example.com")
        );
        assert_eq!(
            jdk_sni_name("api.example.com.").as_deref(),
            Some("api.example.com")
        );
        assert_eq!(
            jdk_sni_name("API.Example.COM").as_deref(),
            Some("API.Example.COM")
        );
        // IP literals, dotless names, leading dots and double trailing dots: no SNI.
        assert_eq!(jdk_sni_name("10.0.0.5"), None);
        assert_eq!(jdk_sni_name("2001:db8::1"), None);
        assert_eq!(jdk_sni_name("[2001:db8::1]"), None);
        assert_eq!(jdk_sni_name("localhost"), None);
        assert_eq!(jdk_sni_name(".example.com"), None);
        assert_eq!(jdk_sni_name("example.com.."), None);
        // STD3 rules refuse underscores and hyphens at label ends.
        assert_eq!(jdk_sni_name("my_host.example.com"), None);
        assert_eq!(jdk_sni_name("-a.example.com"), None);
        assert_eq!(
            jdk_sni_name("bücher.example").as_deref(),
            Some("xn--bcher-kva.example")
        );
    }

    #[test]
    fn connect_to_like_curl() {
        let c = ConnectTo::parse("api.example.com:443:nlb.example:8443").unwrap();
        assert_eq!(c.from_host.as_deref(), Some("api.example.com"));
        assert_eq!(
            (c.from_port, c.to_host.as_str(), c.to_port),
            (Some(443), "nlb.example", Some(8443))
        );
        let t = Target::parse("https://API.example.com/").unwrap();
        assert!(c.matches(&t));
        assert!(!c.matches(&Target::parse("https://api.example.com:8443/").unwrap()));
        let any = ConnectTo::parse("::[::1]:").unwrap();
        assert_eq!(
            (
                any.from_host.clone(),
                any.from_port,
                any.to_host.as_str(),
                any.to_port
            ),
            (None, None, "::1", None)
        );
        assert!(any.matches(&t));
        assert_eq!(any.to_string(), "::[::1]:");
        assert!(ConnectTo::parse("a:1:b").is_err());
        assert!(ConnectTo::parse("a:1::2").is_err());
        assert!(ConnectTo::parse("a:x:b:2").is_err());
    }
}
