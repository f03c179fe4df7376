//! API Gateway's side of the model: the default trust store (the CAs it publishes as
//! supported), the integration kinds, and which TLS settings each kind accepts.

use std::sync::OnceLock;

use crate::case::CaseError;
use crate::case::Integration;
use crate::cert::Certificate;
use crate::trust::TrustStore;
use crate::trust_store;

/// SHA-256 fingerprints of the bundled CAs that are also in JDK 17.0.21's own `cacerts`: under
/// them `jdk.certpath.disabledAlgorithms`' `SHA1 jdkCA & usage TLSServer` refuses SHA-1 signatures.
const JDK_CACERTS_SHA256: &str = include_str!("../data/trust-store/jdk-cacerts.sha256");

/// True when the certificate with this SHA-256 fingerprint is a root of the JDK's own cacerts.
pub fn is_jdk_ca(fingerprint_hex: &str) -> bool {
    JDK_CACERTS_SHA256
        .lines()
        .any(|l| l.trim() == fingerprint_hex)
}

/// The bundled CAs as a trust store (parsed once per process).
pub fn default_trust_store() -> TrustStore {
    static STORE: OnceLock<TrustStore> = OnceLock::new();
    STORE
        .get_or_init(|| {
            let mut store = TrustStore::new();
            for der in trust_store::bundled_der() {
                // Every bundled certificate parses (a unit test checks it); one that did not
                // would simply be absent, never a panic.
                if let Ok(cert) = Certificate::from_der(der) {
                    let jdk_ca = is_jdk_ca(&cert.fingerprint());
                    store.add(cert, jdk_ca);
                }
            }
            store
        })
        .clone()
}

/// Where AWS documents `insecureSkipVerification`: "Supported only for REST APIs" and
/// "Supported only for HTTP and HTTP_PROXY integrations" (the `tlsConfig` extension and the
/// `TlsConfig` API type). Findings that rest on this rule cite it.
pub const SKIP_VERIFICATION_DOC: &str =
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-extensions-integration-tls-config.html";

/// A trust store built once for many evaluations: API Gateway's bundled CAs plus `extra`
/// (`bundled` = true, as the CLI's `--ca`), or only `extra` (`bundled` = false, as `--ca-only`
/// and a case's `roots`). Each entry of `extra` is read as a case's `roots` entry is (PEM text
/// with one or more certificates, or one DER certificate).
pub fn trust_store_with(
    extra: &[impl AsRef<[u8]>],
    bundled: bool,
) -> Result<TrustStore, CaseError> {
    let given = crate::evaluate::parse_roots(extra)?;
    if !bundled {
        return Ok(given);
    }
    let mut store = default_trust_store();
    for anchor in given.anchors() {
        store.add(anchor.cert.clone(), anchor.jdk_ca);
    }
    Ok(store)
}

/// Whether `insecureSkipVerification` exists for this integration kind: REST API integrations
/// of type HTTP / HTTP_PROXY, which a REST private integration also is (it is an HTTP or
/// HTTP_PROXY integration with connection type VPC_LINK; nothing in [`SKIP_VERIFICATION_DOC`]
/// or the API reference excludes it). HTTP APIs do not have it.
pub fn supports_skip_verification(kind: Integration) -> bool {
    matches!(kind, Integration::RestHttp | Integration::RestVpcLink)
}

/// Whether `serverNameToVerify` exists for this integration kind (HTTP API private only).
pub fn supports_server_name_to_verify(kind: Integration) -> bool {
    kind == Integration::HttpApiPrivate
}

/// True for an AWS load balancer DNS name: an NLB's `<name>.elb.<region>.amazonaws.com` or an
/// ALB's / classic ELB's `<name>.<region>.elb.amazonaws.com`.
pub fn is_aws_load_balancer_name(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = h.split('.').collect();
    let n = labels.len();
    n >= 5
        && labels[n - 2..] == ["amazonaws", "com"]
        && (labels[n - 3] == "elb" || labels[n - 4] == "elb")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_store_parses_completely() {
        let store = default_trust_store();
        assert_eq!(store.len(), trust_store::bundled_der().len());
        assert_eq!(store.len(), trust_store::coverage().0);
    }

    #[test]
    fn jdk_cacerts_roots_are_flagged() {
        let store = default_trust_store();
        let flagged = store.anchors().iter().filter(|a| a.jdk_ca).count();
        assert_eq!(
            flagged,
            JDK_CACERTS_SHA256
                .lines()
                .filter(|l| !l.starts_with('#'))
                .count()
        );
        assert!(flagged > 50);
    }

    #[test]
    fn recognises_load_balancer_names() {
        assert!(is_aws_load_balancer_name(
            "nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com"
        ));
        assert!(is_aws_load_balancer_name(
            "my-alb-123.us-east-1.elb.amazonaws.com"
        ));
        assert!(!is_aws_load_balancer_name(
            "bucket.s3.us-east-1.amazonaws.com"
        ));
        assert!(!is_aws_load_balancer_name("20211114.tak1wa.com"));
    }
}
