//! Findings for HttpClient 4.5.2's hostname check: why each certificate identity fails to
//! match, told apart (load-balancer name in the URL, SAN present but only the CN matches, a
//! wildcard under a public suffix, a trailing dot, CN case), with the fix in the case's names.

use crate::apigw;
use crate::case::Integration;
use crate::hostname::{self, HostType, HostnameFailure, IdentityMatch};
use crate::trust::Origin;

use super::describe::{quoted_list, quoted_subject, url_with_host, CertNames, Located};
use super::{Code, Context, Finding};

/// The hostname failure, when the check ran and failed.
pub fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    let Some(check) = ctx.hostname else {
        return vec![];
    };
    let Some(failure) = &check.failure else {
        return vec![];
    };
    let Some(leaf) = Located::at(Origin::Presented(0), ctx.chain, ctx.store) else {
        return vec![];
    };
    let names = CertNames::of(leaf.cert);
    let host = hostname::verified_host(ctx.host);
    let reference = Some(leaf.reference());

    if let Some(f) = load_balancer_name(ctx, &host, &names) {
        return vec![f.on(reference)];
    }

    let listing = names.listing();
    let base = format!(
        "HttpClient 4.5.2 checks `{host}` against {}, which has {listing}.",
        leaf.label()
    );
    let finding = match failure {
        HostnameFailure::NoCommonName { .. } => Finding::new(
            Code::NoHostIdentity,
            "The certificate names no host at all",
            format!(
                "{base} With no subjectAltName of the host's type and no CN in the subject {}, nothing can match.",
                quoted_subject(leaf.cert)
            ),
        )
        .fix(add_name_fix(ctx, &host)),
        HostnameFailure::JavaRuntimeException { exception, .. } => Finding::new(
            Code::HostnameVerifierException,
            "The hostname verifier throws on this certificate",
            format!("{base} The verifier throws {exception} instead of answering; what API Gateway logs then is not known."),
        )
        .fix(format!("reissue the certificate with plain DNS names (no wildcard overlapping the host, no subnet-masked IP SAN), including `{host}`")),
        HostnameFailure::NoMatchingSubjectAlt { host_type, subject_alts, .. } => {
            no_matching_san(ctx, &host, *host_type, subject_alts, &names, &base)
        }
        HostnameFailure::CommonNameMismatch { .. } => cn_mismatch(ctx, &host, &names, &base),
    };
    vec![finding.on(reference)]
}

/// The incident's second step: the URL names the NLB (or ALB) itself, the certificate names
/// the service. No public CA issues for `*.elb.amazonaws.com`, so the URL must change.
fn load_balancer_name(ctx: &Context<'_>, host: &str, names: &CertNames) -> Option<Finding> {
    if ctx.case.settings.server_name_to_verify.is_some() || !apigw::is_aws_load_balancer_name(host)
    {
        return None;
    }
    let identities = names.dns_identities();
    let name = names.suggested_host().or_else(|| {
        identities
            .iter()
            .find_map(|w| w.strip_prefix("*.").map(|base| format!("api.{base}")))
    })?;
    let url = url_with_host(ctx.case, &name);
    let kind = ctx.case.settings.integration;
    let resolve = match kind {
        Some(Integration::RestHttp) => "make that name resolve to the load balancer (a Route 53 alias record)".to_string(),
        _ => "make that name resolve to the NLB inside the VPC (a Route 53 private hosted zone alias record)".to_string(),
    };
    let server_name = match kind {
        Some(Integration::HttpApiPrivate) => {
            format!(", or set tlsConfig.serverNameToVerify to `{name}` on this HTTP API private integration (no DNS change needed)")
        }
        Some(Integration::RestVpcLink) => {
            "; serverNameToVerify, which would avoid the DNS change, exists only on HTTP API private integrations".to_string()
        }
        Some(Integration::RestHttp) => String::new(),
        None => format!(", or set serverNameToVerify to `{name}` on an HTTP API private integration"),
    };
    Some(
        Finding::new(
            Code::LoadBalancerNameInUrl,
            "The integration URL uses the load balancer's DNS name, the certificate names another host",
            format!(
                "The integration URL's host `{host}` is an AWS load balancer's generated name, and the certificate names {} instead. API Gateway checks the certificate against the URL's host, and no certificate you can get names `{host}`.",
                quoted_list(&identities)
            ),
        )
        .fix(format!("the certificate names `{name}`; use `{url}` in the integration URL and {resolve}{server_name}")),
    )
}

/// The fix when the certificate must name the host (or the URL must use a name it has).
fn add_name_fix(ctx: &Context<'_>, host: &str) -> String {
    let names = Located::at(Origin::Presented(0), ctx.chain, ctx.store)
        .map(|l| CertNames::of(l.cert))
        .unwrap_or_default();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    // `[::ffff:a.b.c.d]` is an address to people but a DNS name to HttpClient.
    if host.starts_with('[') {
        if let Ok(v6) = bare.parse::<std::net::Ipv6Addr>() {
            if let (HostType::Dns, Some(v4)) = (hostname::host_type(host), v6.to_ipv4_mapped()) {
                return format!("write the address as plain IPv4 `{v4}` in the integration URL (HttpClient compares `{host}` as a DNS name), or better, use a DNS name the certificate has");
            }
        }
        if hostname::host_type(host) == HostType::Dns {
            return format!("use a DNS name the certificate has (or a plain IP address) in the integration URL: HttpClient does not read `{host}` as an address and no certificate can name it");
        }
    }
    let add = if hostname::host_type(host) == HostType::Dns {
        format!("reissue the certificate with `{host}` as a subjectAltName DNS entry")
    } else {
        format!("reissue the certificate with `IP:{bare}` in its subjectAltName")
    };
    let alternative = match names.suggested_host() {
        Some(n) if ctx.case.settings.server_name_to_verify.is_some() => {
            format!(", or set serverNameToVerify to `{n}`, a name it has")
        }
        Some(n) => format!(
            ", or use `{}` (a name it has) in the integration URL",
            url_with_host(ctx.case, &n)
        ),
        None => String::new(),
    };
    format!("{add}{alternative}")
}

fn no_matching_san(
    ctx: &Context<'_>,
    host: &str,
    host_type: HostType,
    alts: &[String],
    names: &CertNames,
    base: &str,
) -> Finding {
    let fix = add_name_fix(ctx, host);
    if host_type != HostType::Dns {
        return Finding::new(
            Code::HostnameMismatch,
            "The certificate does not name this IP address",
            format!(
                "{base} An IP host is compared only with IP subjectAltNames ({}), and none is `{host}`.{}",
                quoted_list(alts),
                dns_san_holding_ip(host, names)
            ),
        )
        .fix(fix);
    }
    if let Some(a) = alts.iter().find(|a| differs_only_by_trailing_dot(host, a)) {
        return Finding::new(
            Code::TrailingDot,
            "The names differ only by a trailing dot",
            format!("{base} `{host}` and `{a}` differ only by the final dot, and HttpClient compares them as different names."),
        )
        .fix(trailing_dot_fix(host));
    }
    // SANs of the host's type exist: 4.5.2 never looks at the CN then.
    if let Some(cn) = &names.cn {
        if matches!(
            hostname::match_common_name(host, cn),
            IdentityMatch::Match { .. }
        ) {
            return Finding::new(
                Code::HostOnlyInCommonName,
                "Only the CN names the host, and the certificate has subjectAltNames",
                format!(
                    "{base} The CN `{cn}` would match, but a certificate with DNS subjectAltNames is matched on those alone ({}), and none is `{host}`.",
                    quoted_list(alts)
                ),
            )
            .fix(format!("reissue the certificate with `{host}` among its subjectAltName DNS entries (a CN alone is ignored)"));
        }
    }
    let reasons: Vec<(String, IdentityMatch)> = alts
        .iter()
        .map(|a| (a.clone(), hostname::match_dns_san(host, a)))
        .collect();
    if let Some(f) = reasons
        .iter()
        .find_map(|(a, m)| wildcard_public_suffix(host, a, m, base))
    {
        return f;
    }
    let why: Vec<String> = reasons
        .iter()
        .map(|(a, m)| identity_reason(host, a, m))
        .collect();
    let mut explanation = format!(
        "{base} None of the DNS subjectAltNames matches: {}.",
        why.join("; ")
    );
    if host.starts_with('[') {
        explanation.push_str(" HttpClient does not take this bracketed form (an IPv4 address inside IPv6) for an IP address, so it compares it as a DNS name.");
    }
    Finding::new(
        Code::HostnameMismatch,
        "The certificate does not name the host",
        explanation,
    )
    .fix(fix)
}

/// A wildcard identity that would cover the host but for 4.5.2's public-suffix rule.
fn wildcard_public_suffix(
    host: &str,
    identity: &str,
    m: &IdentityMatch,
    base: &str,
) -> Option<Finding> {
    let why = match m {
        IdentityMatch::PublicSuffix => format!("`{identity}` is itself a public suffix pattern"),
        // The registrable domain keeps the `*` as an ordinary label: `*.de`, `*.test`.
        IdentityMatch::OutsideRegistrableDomain { registrable_domain }
            if registrable_domain.contains('*') =>
        {
            format!("its registrable domain is `{registrable_domain}`, the `*` taken literally")
        }
        _ => return None,
    };
    if !identity.contains('*') || !naive_wildcard_match(host, identity) {
        return None;
    }
    Some(
        Finding::new(
            Code::WildcardPublicSuffix,
            "A wildcard at a public suffix never matches",
            format!(
                "{base} `{identity}` would cover `{host}`, but HttpClient 4.5.2 first requires the host to end with the identity's registrable domain under the Public Suffix List's ICANN section, and {why}: a wildcard in or directly above a public suffix (`*.com`, `*.co.uk`, `*.de`) never matches."
            ),
        )
        .fix(format!("reissue the certificate with `{host}` itself (or a wildcard one level below its registrable domain) as a subjectAltName DNS entry")),
    )
}

fn cn_mismatch(ctx: &Context<'_>, host: &str, names: &CertNames, base: &str) -> Finding {
    let fix = add_name_fix(ctx, host);
    let Some(cn) = &names.cn else {
        return Finding::new(
            Code::HostnameMismatch,
            "The certificate does not name the host",
            format!("{base} Its CN cannot match a host name."),
        )
        .fix(fix);
    };
    let ip_note = dns_san_holding_ip(host, names);
    let type_note = match hostname::host_type(host) {
        HostType::Dns if !names.ips.is_empty() => " It has only IP subjectAltNames, so the DNS host falls back to the CN.",
        HostType::Ipv4 | HostType::Ipv6 if !names.dns.is_empty() => {
            " An IP host is compared with IP subjectAltNames; with none, it falls back to the CN (DNS subjectAltNames do not count)."
        }
        _ => "",
    };
    if differs_only_by_trailing_dot(host, cn) {
        return Finding::new(
            Code::TrailingDot,
            "The names differ only by a trailing dot",
            format!("{base} `{host}` and the CN `{cn}` differ only by the final dot.{type_note}"),
        )
        .fix(trailing_dot_fix(host));
    }
    let (host_lower, cn_lower) = (host.to_lowercase(), cn.to_lowercase());
    if matches!(
        hostname::match_common_name(&host_lower, &cn_lower),
        IdentityMatch::Match { .. }
    ) {
        let url = if host_lower != host {
            format!(", or write the host in lower case in the integration URL (`{host_lower}`)")
        } else {
            String::new()
        };
        return Finding::new(
            Code::CommonNameCase,
            "The CN matches only if letter case is ignored",
            format!("{base} HttpClient 4.5.2 compares the CN `{cn}` with `{host}` case-sensitively (subjectAltNames are compared ignoring case).{type_note}"),
        )
        .fix(format!("reissue the certificate with `{host_lower}` as a subjectAltName DNS entry{url}"));
    }
    let m = hostname::match_common_name(host, cn);
    if let Some(f) = wildcard_public_suffix(host, cn, &m, base) {
        return f;
    }
    Finding::new(
        Code::HostnameMismatch,
        "The certificate does not name the host",
        format!("{base} With no subjectAltName of the host's type, only the CN counts: {}.{type_note}{ip_note}", identity_reason(host, cn, &m)),
    )
    .fix(fix)
}

/// A note when a DNS subjectAltName holds the IP host's text (never compared with an IP host).
fn dns_san_holding_ip(host: &str, names: &CertNames) -> String {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if names.dns.iter().any(|d| d == bare) {
        format!(" The certificate has `{bare}` as a DNS name, which is never compared with an IP host: it must be an IP subjectAltName.")
    } else {
        String::new()
    }
}

/// The fix for a trailing-dot difference: drop the dot where it is.
fn trailing_dot_fix(host: &str) -> String {
    let plain = host.trim_end_matches('.');
    if host.ends_with('.') {
        format!("write the host without the trailing dot in the integration URL (`{plain}`)")
    } else {
        format!("reissue the certificate with `{plain}` (no trailing dot) as a subjectAltName DNS entry")
    }
}

fn differs_only_by_trailing_dot(a: &str, b: &str) -> bool {
    a.ends_with('.') != b.ends_with('.')
        && a.trim_end_matches('.')
            .eq_ignore_ascii_case(b.trim_end_matches('.'))
}

/// A wildcard match that ignores the public-suffix rule (one label, not the apex).
fn naive_wildcard_match(host: &str, pattern: &str) -> bool {
    let (h, p) = (host.to_ascii_lowercase(), pattern.to_ascii_lowercase());
    let Some((prefix, suffix)) = p.split_once('*') else {
        return false;
    };
    h.len() > prefix.len() + suffix.len()
        && h.starts_with(prefix)
        && h.ends_with(suffix)
        && h.get(prefix.len()..h.len() - suffix.len())
            .is_some_and(|mid| !mid.contains('.'))
}

/// Why one identity does not match the host, in a few words.
fn identity_reason(host: &str, identity: &str, m: &IdentityMatch) -> String {
    match m {
        IdentityMatch::Match { .. } => format!("`{identity}` matches"),
        IdentityMatch::PublicSuffix => {
            format!("`{identity}` is (or covers only) a public suffix, which never matches")
        }
        IdentityMatch::OutsideRegistrableDomain { registrable_domain } => {
            // The domain is lowercased, the host is not: an uppercase host misses a CN's domain.
            let note = if registrable_domain.contains('*') {
                " (the `*` taken literally)"
            } else if host.to_lowercase().ends_with(registrable_domain.as_str()) {
                " (compared case-sensitively)"
            } else {
                ""
            };
            format!("`{identity}` belongs to `{registrable_domain}`, and `{host}` is not under it{note}")
        }
        IdentityMatch::WildcardMismatch => {
            format!("the text around the `*` of `{identity}` does not fit `{host}`")
        }
        IdentityMatch::WildcardSpansLabels => {
            format!("the `*` of `{identity}` stands for exactly one label, and `{host}` needs more")
        }
        IdentityMatch::Mismatch => format!("`{identity}` is another name"),
        IdentityMatch::JavaException(e) => format!("comparing with `{identity}` throws {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_helpers() {
        assert!(naive_wildcard_match("example.com", "*.com"));
        assert!(!naive_wildcard_match("a.b.example.com", "*.example.com"));
        assert!(!naive_wildcard_match("example.com", "*.example.com"));
        assert!(differs_only_by_trailing_dot(
            "api.example.com.",
            "api.example.com"
        ));
        assert!(!differs_only_by_trailing_dot(
            "api.example.com.",
            "api.example.com."
        ));
    }
}
