//! Wording shared by the finding builders: how a certificate, a date, a name list, the
//! integration URL and the insecureSkipVerification alternative are written.

use crate::apigw;
use crate::case::Integration;
use crate::cert::Certificate;
use crate::general_name::GeneralName;
use crate::hostname::{jdk_ip_san_text, HostnameCn};
use crate::time::{self, Millis};
use crate::trust::{Origin, TrustStore};
use crate::verdict::CertificateRef;

use crate::case::Case;

/// A certificate of the case: where it comes from and the certificate itself.
#[derive(Clone, Copy)]
pub struct Located<'a> {
    pub origin: Origin,
    pub cert: &'a Certificate,
}

impl<'a> Located<'a> {
    /// The certificate at `origin`, if it exists.
    pub fn at(
        origin: Origin,
        chain: &'a [Certificate],
        store: Option<&'a TrustStore>,
    ) -> Option<Located<'a>> {
        let cert = origin.certificate(chain, store)?;
        Some(Located { origin, cert })
    }

    /// The reference put on a finding.
    pub fn reference(&self) -> CertificateRef {
        CertificateRef {
            origin: self.origin,
            subject: self.cert.subject_string(),
        }
    }

    /// "the leaf `CN=…`", "the intermediate `CN=…` (certificate [1] as presented)", "the
    /// trusted certificate `CN=…`".
    pub fn label(&self) -> String {
        let subject = quoted_subject(self.cert);
        match self.origin {
            Origin::Presented(0) => format!("the leaf {subject}"),
            Origin::Presented(i) if is_ca(self.cert) => {
                format!("the CA certificate {subject} (certificate [{i}] as presented)")
            }
            Origin::Presented(i) => format!("{subject} (certificate [{i}] as presented)"),
            Origin::Anchor(_) => format!("the trusted certificate {subject}"),
        }
    }
}

/// True for a certificate that asserts CA:TRUE.
pub fn is_ca(cert: &Certificate) -> bool {
    cert.java_basic_constraints() != -1
}

/// The subject in backquotes, `()` spelled out when empty.
pub fn quoted_subject(cert: &Certificate) -> String {
    let s = cert.subject_string();
    if s.is_empty() {
        "(a certificate with an empty subject)".to_string()
    } else {
        format!("`{s}`")
    }
}

/// The issuer name in backquotes.
pub fn quoted_issuer(cert: &Certificate) -> String {
    format!("`{}`", cert.issuer.to_java_string())
}

/// A date for people (UTC, RFC 3339).
pub fn date(ms: Millis) -> String {
    time::to_rfc3339(ms)
}

/// The names a certificate gives for hostname checks.
#[derive(Debug, Default)]
pub struct CertNames {
    /// dNSName SANs.
    pub dns: Vec<String>,
    /// iPAddress SANs, as the JDK prints them.
    pub ips: Vec<String>,
    /// The CN HttpClient would compare (text only).
    pub cn: Option<String>,
}

impl CertNames {
    /// The names of `cert`.
    pub fn of(cert: &Certificate) -> CertNames {
        let mut names = CertNames::default();
        for gn in cert.extensions.subject_alt_names.as_deref().unwrap_or(&[]) {
            match gn {
                GeneralName::Dns(d) => names.dns.push(d.clone()),
                GeneralName::Ip(b) => {
                    if let Ok(t) = jdk_ip_san_text(b) {
                        names.ips.push(t)
                    }
                }
                _ => {}
            }
        }
        names.cn = match cert.subject.hostname_cn() {
            Some(HostnameCn::Text(t)) => Some(t),
            _ => None,
        };
        names
    }

    /// The DNS names a client can use: the DNS SANs, or the CN when there is none.
    pub fn dns_identities(&self) -> Vec<String> {
        if !self.dns.is_empty() {
            return self.dns.clone();
        }
        self.cn
            .iter()
            .filter(|c| !c.is_empty() && looks_like_dns_name(c))
            .cloned()
            .collect()
    }

    /// The name to suggest in an integration URL: the first DNS identity without a wildcard.
    pub fn suggested_host(&self) -> Option<String> {
        // A dNSName holding an address text is never compared with an IP host: not a name to use.
        self.dns_identities()
            .into_iter()
            .find(|n| !n.contains('*') && n.parse::<std::net::IpAddr>().is_err())
    }

    /// Every name, for an explanation: "DNS names `a`, `b`; IP `10.0.0.5`; CN `x`".
    pub fn listing(&self) -> String {
        let mut parts = Vec::new();
        if !self.dns.is_empty() {
            parts.push(format!("DNS {}", quoted_list(&self.dns)));
        }
        if !self.ips.is_empty() {
            parts.push(format!("IP {}", quoted_list(&self.ips)));
        }
        if let Some(cn) = &self.cn {
            parts.push(format!("CN `{cn}`"));
        }
        if parts.is_empty() {
            "no name at all (no subjectAltName, no CN)".to_string()
        } else {
            parts.join("; ")
        }
    }
}

/// A dotted (or single-label) host-name shape, so that a CN like "Oracle Test" is not offered
/// as a host name.
pub fn looks_like_dns_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '*' || c == '_')
        })
}

/// `a`, `b` and `c`.
pub fn quoted_list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!("{} and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// The integration URL with its host replaced by `host` (`https://host/` when no URL was given).
pub fn url_with_host(case: &Case, host: &str) -> String {
    let Some(url) = case.url.as_deref() else {
        return format!("https://{host}/");
    };
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let host_port = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    let port = if host_port.starts_with('[') {
        host_port
            .find(']')
            .map(|i| &host_port[i + 1..])
            .unwrap_or("")
    } else {
        host_port.rfind(':').map(|i| &host_port[i..]).unwrap_or("")
    };
    let port = if port.len() > 1 && port[1..].chars().all(|c| c.is_ascii_digit()) {
        port
    } else {
        ""
    };
    let tail = if tail.is_empty() { "/" } else { tail };
    format!("{scheme}://{host}{port}{tail}")
}

/// The kind as written in messages.
pub fn kind_name(kind: Integration) -> &'static str {
    match kind {
        Integration::RestHttp => "REST HTTP / HTTP_PROXY integration",
        Integration::RestVpcLink => "REST private (VPC link) integration",
        Integration::HttpApiPrivate => "HTTP API private integration",
    }
}

/// The insecureSkipVerification alternative as a clause to append to a fix (it starts with its
/// own connector): available on REST HTTP / HTTP_PROXY integrations, public or private (VPC
/// link), and only useful when the chain ends in
/// a CA with keyCertSign.
pub fn skip_alternative(case: &Case, top: Option<&Certificate>) -> String {
    let availability = match case.settings.integration {
        Some(kind) if !apigw::supports_skip_verification(kind) => format!(
            "; insecureSkipVerification, which accepts any CA, exists only on REST API HTTP / HTTP_PROXY integrations (public or private), not on this {}",
            kind_name(kind)
        ),
        _ => ", or enable insecureSkipVerification on a REST HTTP integration (public, or private through a VPC link)".to_string(),
    };
    match top {
        Some(top) if !(is_ca(top) && top.key_usage_bit(5) != Some(false)) => format!(
            "{availability} (which still requires the chain to end in a root CA: {} would have to be a CA:TRUE certificate with keyCertSign)",
            quoted_subject(top)
        ),
        _ => availability,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_host_replacement_keeps_port_and_path() {
        let s = |url: &str| Case {
            url: Some(url.into()),
            ..Case::default()
        };
        assert_eq!(
            url_with_host(
                &s("https://nlb-1.elb.us-east-1.amazonaws.com/v1/x"),
                "api.example.com"
            ),
            "https://api.example.com/v1/x"
        );
        assert_eq!(
            url_with_host(
                &s("https://nlb-1.elb.us-east-1.amazonaws.com:8443"),
                "api.example.com"
            ),
            "https://api.example.com:8443/"
        );
        assert_eq!(
            url_with_host(&s("https://[2001:db8::1]:444/p"), "a.example"),
            "https://a.example:444/p"
        );
        assert_eq!(
            url_with_host(&Case::default(), "a.example"),
            "https://a.example/"
        );
    }

    #[test]
    fn lists_read_naturally() {
        assert_eq!(quoted_list(&["a".into()]), "`a`");
        assert_eq!(
            quoted_list(&["a".into(), "b".into(), "c".into()]),
            "`a`, `b` and `c`"
        );
        assert!(looks_like_dns_name("20211114.tak1wa.com"));
        assert!(!looks_like_dns_name("Oracle Test"));
    }
}
