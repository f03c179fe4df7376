//! Findings about the settings (which integration kind has which TLS option) and about where
//! the host points. API Gateway logs none of these: they are our checks, and say so.

use std::net::IpAddr;

use crate::apigw;
use crate::case::{ip_literal, without_brackets, Integration};
use crate::hostname::{self, HostType};

use super::describe::{kind_name, quoted_list, url_with_host, CertNames, Located};
use super::{Code, Context, Finding};
use crate::trust::Origin;

/// The label every address finding carries.
const OURS: &str = "(apigw-tls check; API Gateway logs no such message)";

/// insecureSkipVerification / serverNameToVerify on kinds that lack them, an unknown kind, and
/// the skip-verification model marker.
pub fn settings_findings(ctx: &Context<'_>) -> Vec<Finding> {
    let s = &ctx.case.settings;
    let mut out = Vec::new();
    let kind = s.integration;
    if s.skip_verification {
        if let Some(kind) = kind.filter(|k| !apigw::supports_skip_verification(*k)) {
            out.push(
                Finding::new(
                    Code::SkipVerificationUnsupported,
                    "insecureSkipVerification does not exist for this integration kind",
                    format!(
                        "{OURS} AWS documents tlsConfig.insecureSkipVerification as supported only for REST APIs, on HTTP and HTTP_PROXY integrations (public or private through a VPC link; {}); a {} cannot be configured with it, so API Gateway validates the chain in full — and so does the verdict above, which ignores the setting.",
                        apigw::SKIP_VERIFICATION_DOC,
                        kind_name(kind)
                    ),
                )
                .fix(format!(
                    "drop insecureSkipVerification and serve a certificate for `{}` from a CA in API Gateway's list (an ACM public certificate works)",
                    ctx.host
                )),
            );
        }
        if ctx.verdict.skip_verification_model.is_some() {
            out.push(Finding::new(
            Code::SkipVerificationModel,
            "This verdict follows a model of insecureSkipVerification",
            format!(
                "{OURS} With insecureSkipVerification the CA need not be one API Gateway trusts, but expiry, the hostname and a root CA at the top of the chain (CA:TRUE with keyCertSign) are still required, as API Gateway documents ({}: supported only for REST APIs, on HTTP and HTTP_PROXY integrations, which REST private integrations through a VPC link also are). How exactly API Gateway checks them is not observable: this verdict is our model ({}), not observed Java behaviour.",
                apigw::SKIP_VERIFICATION_DOC,
                ctx.verdict.skip_verification_model.as_deref().unwrap_or("unconfirmed")
            ),
        ));
        }
    }
    if let Some(name) = &s.server_name_to_verify {
        if let Some(kind) = kind.filter(|k| !apigw::supports_server_name_to_verify(*k)) {
            let url_host = &ctx.case.host;
            out.push(
                Finding::new(
                    Code::ServerNameToVerifyUnsupported,
                    "serverNameToVerify does not exist for this integration kind",
                    format!(
                        "{OURS} Only HTTP API private integrations have tlsConfig.serverNameToVerify; a {} cannot be configured with it, so API Gateway checks the certificate against `{url_host}`, not `{name}` — and so does the verdict above.",
                        kind_name(kind)
                    ),
                )
                .fix(format!(
                    "drop serverNameToVerify and use `{}` as the integration URL, with `{name}` resolving to the backend (a Route 53 private hosted zone for an NLB)",
                    url_with_host(ctx.case, name)
                )),
            );
        }
    }
    out
}

/// True for addresses the internet does not route: RFC 1918, CGNAT (RFC 6598), loopback,
/// link-local, unique-local (fc00::/7), unspecified.
pub fn is_non_public(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_non_public(&IpAddr::V4(v4));
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
        }
    }
}

/// The addresses in their order, each once.
fn distinct(list: &[IpAddr]) -> Vec<IpAddr> {
    let mut ips: Vec<IpAddr> = Vec::with_capacity(list.len());
    for ip in list {
        if !ips.contains(ip) {
            ips.push(*ip)
        }
    }
    ips
}

fn join(ips: &[IpAddr]) -> String {
    quoted_list(&ips.iter().map(|i| i.to_string()).collect::<Vec<_>>())
}

/// Where the host points: unresolvable, private addresses on a public integration, not the
/// NLB; and hosts written as IP addresses.
pub fn address_findings(ctx: &Context<'_>) -> Vec<Finding> {
    let case = ctx.case;
    let mut out = Vec::new();
    let url_host = case.host.as_str();
    let kind = case.settings.integration;
    let private_kind = matches!(
        kind,
        Some(Integration::RestVpcLink | Integration::HttpApiPrivate)
    );
    if hostname::host_type(&hostname::verified_host(url_host)) != HostType::Dns
        || ip_literal(url_host).is_some()
    {
        // The leaf's names are read only for this finding's fix.
        let cert_name = Located::at(Origin::Presented(0), ctx.chain, ctx.store)
            .and_then(|l| CertNames::of(l.cert).suggested_host());
        let bare = without_brackets(url_host);
        let instead = match &cert_name {
            Some(n) => format!("use `{}` (a name the certificate has) and make it resolve to `{bare}`", url_with_host(case, n)),
            None => format!("use a DNS name in the integration URL, put it in the certificate's subjectAltName and make it resolve to `{bare}`"),
        };
        out.push(
            Finding::new(
                Code::IpLiteralHost,
                "The integration URL's host is an IP address",
                format!(
                    "{OURS} With the host `{url_host}` the JDK sends no SNI (a server with several certificates shows its default one), and the certificate must carry `{bare}` as an IP subjectAltName; public CAs rarely issue those, and the address may change."
                ),
            )
            .fix(instead),
        );
    }

    let nlb = case
        .nlb_addresses
        .as_deref()
        .map(distinct)
        .unwrap_or_default();
    let Some(resolved) = case.resolved.as_deref().map(distinct) else {
        return out;
    };

    if resolved.is_empty() {
        let hint = if private_kind {
            "make it resolve to the NLB inside the VPC (a Route 53 private hosted zone, associated with the VPC, with an alias record to the NLB)"
        } else {
            "create a public A / AAAA (or alias) record pointing at the backend"
        };
        out.push(
            Finding::new(
                Code::HostDoesNotResolve,
                "The integration URL's host does not resolve",
                format!(
                    "{OURS} `{url_host}` resolves to no address{}.",
                    if private_kind { " from the VPC" } else { "" }
                ),
            )
            .fix(format!("check the spelling of `{url_host}`, then {hint}")),
        );
        return out;
    }

    out.extend(resolution_findings(url_host, &resolved, &nlb, kind));
    out
}

/// Where a resolving host points, against the integration: only non-public addresses on a
/// public integration, none of the NLB's addresses. The offline diagnosis (a case's `resolved`)
/// and the live probe (what DNS answered) both ask this.
pub fn resolution_findings(
    url_host: &str,
    resolved: &[IpAddr],
    nlb: &[IpAddr],
    kind: Option<Integration>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if kind == Some(Integration::RestHttp) && resolved.iter().all(is_non_public) {
        out.push(
            Finding::new(
                Code::PublicIntegrationPrivateAddresses,
                "A public integration whose host resolves only to private addresses",
                format!(
                    "{OURS} `{url_host}` resolves only to {} (private, loopback or link-local), but a REST HTTP integration reaches its backend over the internet, where these addresses lead nowhere.",
                    join(resolved)
                ),
            )
            .fix(format!(
                "reach the backend through a private integration (a VPC link to an NLB in front of {}), or point `{url_host}` at a public endpoint",
                join(resolved)
            )),
        );
    }

    if !nlb.is_empty() && !resolved.iter().any(|a| nlb.contains(a)) {
        out.push(
            Finding::new(
                Code::ResolvesElsewhereThanNlb,
                "The host resolves, but not to the NLB",
                format!(
                    "{OURS} `{url_host}` resolves to {}, none of which is an address of the NLB ({}): the name does not lead to the backend the VPC link serves.",
                    join(resolved),
                    join(nlb)
                ),
            )
            .fix(format!(
                "make `{url_host}` resolve to the NLB inside the VPC: a Route 53 private hosted zone associated with the VPC, with an alias record `{url_host}` → the NLB"
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_public_addresses() {
        for a in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.1",
            "100.64.0.1",
            "169.254.1.1",
            "fd00::1",
            "fe80::1",
            "::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_non_public(&a.parse().unwrap()), "{a}");
        }
        for a in ["8.8.8.8", "100.128.0.1", "2001:4860::8888", "13.112.0.1"] {
            assert!(!is_non_public(&a.parse().unwrap()), "{a}");
        }
    }

    #[test]
    fn addresses_parse_with_brackets() {
        assert_eq!(ip_literal("[2001:db8::1]"), "2001:db8::1".parse().ok());
        assert_eq!(ip_literal(" 10.0.0.1 "), "10.0.0.1".parse().ok());
        assert_eq!(ip_literal("nlb.example"), None);
    }
}
