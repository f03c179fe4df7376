//! The JDK's algorithm constraints, as data.
//!
//! Two checkers look at every certificate of a path (see `trust::checks`):
//! * the certification-path checker, driven by `jdk.certpath.disabledAlgorithms`
//!   (`MD2, MD5, SHA1 jdkCA & usage TLSServer, RSA keySize < 1024, DSA keySize < 1024,
//!   EC keySize < 224, SHA1 usage SignedJAR & denyAfter 2019-01-01` in JDK 17.0.21);
//! * the TLS checker JSSE adds (`SSLAlgorithmConstraints`), which allows only the signature
//!   algorithms the client offers in its handshake — a shorter list under TLS 1.3 than 1.2 —
//!   and applies `jdk.tls.disabledAlgorithms` (`MD5withRSA`, `EC keySize < 224`, ...).

use crate::crypto::PublicKeyKind;

/// `jdk.tls.maxCertificateChainLength` (JDK 17.0.21 default): JSSE refuses a server
/// Certificate message listing more certificates, before the trust manager sees the chain.
pub const JSSE_MAX_CERTIFICATE_CHAIN_LENGTH: usize = 10;

/// `jdk.tls.maxHandshakeMessageSize` (JDK 17.0.21 default): JSSE refuses a handshake message
/// whose body is larger, before parsing it.
pub const JSSE_MAX_HANDSHAKE_MESSAGE_SIZE: usize = 32_768;

/// The body size of the server's Certificate handshake message carrying `der_lengths`:
/// RFC 5246 7.4.2 (a 3-byte list length, a 3-byte length per certificate) and RFC 8446 4.4.2
/// (a 1-byte request context, and 2 bytes of empty extensions per entry under TLS 1.3).
pub fn certificate_message_size(
    der_lengths: impl IntoIterator<Item = usize>,
    tls: TlsVersion,
) -> usize {
    let (header, per_entry) = match tls {
        TlsVersion::Tls12 => (3, 3),
        TlsVersion::Tls13 => (1 + 3, 3 + 2),
    };
    header
        + der_lengths
            .into_iter()
            .map(|n| n + per_entry)
            .sum::<usize>()
}

/// The first of JSSE's handshake limits the server's Certificate message breaks, in the order
/// the JDK 17.0.21 client checks them: the message size when its handshake header is read
/// (`SSLSocketInputRecord`), then the entry count while the entries are read
/// (`CertificateMessage`), where JSSE stops at the limit plus one whatever the real length.
/// Both come before any certificate is parsed or validated. `der_lengths` is None when an
/// entry's encoding is unknown (then only the count is checked, unless `measured_size` says
/// what the server sent).
pub fn jsse_limit_failure(
    entries: usize,
    der_lengths: Option<&[usize]>,
    measured_size: Option<usize>,
    tls: TlsVersion,
) -> Option<crate::message::JsseLimitFailure> {
    use crate::message::JsseLimitFailure;
    let size = measured_size
        .or_else(|| der_lengths.map(|l| certificate_message_size(l.iter().copied(), tls)));
    if let Some(size) = size.filter(|s| *s > JSSE_MAX_HANDSHAKE_MESSAGE_SIZE) {
        return Some(JsseLimitFailure::HandshakeMessageSize {
            size,
            limit: JSSE_MAX_HANDSHAKE_MESSAGE_SIZE,
        });
    }
    (entries > JSSE_MAX_CERTIFICATE_CHAIN_LENGTH).then_some(JsseLimitFailure::ChainLength {
        reported: JSSE_MAX_CERTIFICATE_CHAIN_LENGTH + 1,
        limit: JSSE_MAX_CERTIFICATE_CHAIN_LENGTH,
    })
}

/// The TLS version the client negotiates; it selects the signature algorithms it offers.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum TlsVersion {
    /// TLS 1.2.
    #[serde(rename = "1.2")]
    Tls12,
    /// TLS 1.3, the default: what the JDK 17 client negotiates with a server that speaks it.
    #[default]
    #[serde(rename = "1.3")]
    Tls13,
}

impl TlsVersion {
    /// Parses "1.2", "1.3", "TLSv1.2", "TLSv1.3".
    pub fn parse(s: &str) -> Option<TlsVersion> {
        match s {
            "1.2" | "TLSv1.2" => Some(TlsVersion::Tls12),
            "1.3" | "TLSv1.3" => Some(TlsVersion::Tls13),
            _ => None,
        }
    }
}

/// Hash / algorithm names `jdk.certpath.disabledAlgorithms` disables outright.
const CERTPATH_DISABLED: &[&str] = &["MD2", "MD5"];

/// Signature algorithms the JDK 17.0.21 client lists in `signature_algorithms_cert` (captured
/// from a real JSSE handshake by the oracle), in its TLS 1.2 order, each with whether TLS 1.3
/// offers it too: TLS 1.3 drops the SHA-224 and DSA schemes.
const SIGNATURE_SCHEMES: &[(&str, bool)] = &[
    ("SHA256withECDSA", true),
    ("SHA384withECDSA", true),
    ("SHA512withECDSA", true),
    ("Ed25519", true),
    ("Ed448", true),
    ("RSASSA-PSS", true),
    ("SHA256withRSA", true),
    ("SHA384withRSA", true),
    ("SHA512withRSA", true),
    ("SHA256withDSA", false),
    ("SHA224withECDSA", false),
    ("SHA224withRSA", false),
    ("SHA224withDSA", false),
    ("SHA1withECDSA", true),
    ("SHA1withRSA", true),
    ("SHA1withDSA", false),
];

fn offered(tls: TlsVersion) -> impl Iterator<Item = &'static str> {
    SIGNATURE_SCHEMES
        .iter()
        .filter(move |(_, in13)| tls == TlsVersion::Tls12 || *in13)
        .map(|(n, _)| *n)
}

/// Signature algorithms `jdk.tls.disabledAlgorithms` names.
const TLS_DISABLED_SIGNATURES: &[&str] = &["MD5withRSA"];

/// Key algorithms `jdk.tls.disabledAlgorithms` names outright (its `ECDH` entry), by the OID the
/// certificate's key carries and the name `PublicKey.getAlgorithm()` reports for it.
const TLS_DISABLED_KEY_ALGORITHMS: &[(&str, &str)] = &[("1.3.132.1.12", "ECDH")];

/// The TLS checker refuses a certificate whose key's algorithm `jdk.tls.disabledAlgorithms`
/// disables: the algorithm's name (such a key has no size for the JDK: `-1` bits).
pub fn tls_key_algorithm_disabled(key: &PublicKeyKind) -> Option<&'static str> {
    let PublicKeyKind::Unknown { oid } = key else {
        return None;
    };
    TLS_DISABLED_KEY_ALGORITHMS
        .iter()
        .find(|(o, _)| o == oid)
        .map(|&(_, name)| name)
}

/// Minimum key sizes: (key algorithm as `Key.getAlgorithm()`, minimum bits). The same limits
/// for EC appear in both property lists; RSA and DSA only in the certification-path one.
const CERTPATH_MIN_KEY_BITS: &[(&str, u32)] = &[("RSA", 1024), ("DSA", 1024), ("EC", 224)];

/// `AlgorithmDecomposer.decompose`: the parts of `SHA256withRSA` are `SHA256` and `RSA`
/// (hash names also in their dashed form), which is how `MD5` disables `MD5withRSA`.
fn decompose(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    for piece in name.split(['/', '_']) {
        for sub in piece.split("with").flat_map(|p| p.split("and")) {
            if !sub.is_empty() {
                parts.push(sub.to_ascii_uppercase());
            }
        }
    }
    parts
}

/// True when the certification-path checker refuses `sig_alg` by name (MD2, MD5).
pub fn certpath_signature_disabled(sig_alg: &str) -> bool {
    let upper = sig_alg.to_ascii_uppercase();
    CERTPATH_DISABLED.iter().any(|d| upper == *d)
        || decompose(sig_alg)
            .iter()
            .any(|p| CERTPATH_DISABLED.contains(&p.as_str()))
}

/// True when the signature algorithm's decomposition contains SHA-1 (`SHA1withRSA`, `SHA1withECDSA`, …).
pub fn uses_sha1(sig_alg: &str) -> bool {
    decompose(sig_alg)
        .iter()
        .any(|p| p == "SHA1" || p == "SHA-1")
}

/// The key algorithm name a key-size constraint matches (`Key.getAlgorithm()`).
fn key_algorithm(key: &PublicKeyKind) -> Option<&'static str> {
    match key {
        PublicKeyKind::Rsa { .. } => Some("RSA"),
        PublicKeyKind::Dsa { .. } => Some("DSA"),
        PublicKeyKind::Ec { .. } => Some("EC"),
        // An id-RSASSA-PSS key reports "RSASSA-PSS": the "RSA keySize" rule does not match it.
        _ => None,
    }
}

/// A key below the certification-path size limits: `(algorithm, bits)` for the message
/// `<alg> <bits> bit key used with certificate: <subject>`.
pub fn key_too_small(key: &PublicKeyKind) -> Option<(&'static str, u32)> {
    let alg = key_algorithm(key)?;
    let bits = key.bits()?;
    CERTPATH_MIN_KEY_BITS
        .iter()
        .find(|(a, min)| *a == alg && bits < *min)
        .map(|_| (alg, bits))
}

/// True when the TLS checker allows `sig_alg`: offered by the client for this TLS version and
/// not disabled for TLS (`SupportedSignatureAlgorithmConstraints` then `jdk.tls.disabledAlgorithms`).
pub fn tls_signature_permitted(tls: TlsVersion, sig_alg: &str) -> bool {
    // SupportedSignatureAlgorithmConstraints cuts a legacy "...and..." suffix before comparing.
    let base = match sig_alg.find("and") {
        Some(p) if p > 0 => &sig_alg[..p],
        _ => sig_alg,
    };
    offered(tls).any(|a| a.eq_ignore_ascii_case(base))
        && !TLS_DISABLED_SIGNATURES
            .iter()
            .any(|d| d.eq_ignore_ascii_case(sig_alg))
        && !certpath_signature_disabled(sig_alg)
}

/// The signature algorithms the client offers (for reports and the probe's ClientHello).
pub fn offered_signature_algorithms(tls: TlsVersion) -> Vec<&'static str> {
    offered(tls).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::Curve;

    #[test]
    fn certificate_message_sizes() {
        // Two certificates of 1000 and 800 bytes.
        assert_eq!(
            certificate_message_size([1000, 800], TlsVersion::Tls12),
            3 + 1003 + 803
        );
        assert_eq!(
            certificate_message_size([1000, 800], TlsVersion::Tls13),
            4 + 1005 + 805
        );
        assert_eq!(certificate_message_size([], TlsVersion::Tls12), 3);
    }

    #[test]
    fn md5_and_md2_are_disabled_sha1_is_not() {
        assert!(certpath_signature_disabled("MD5withRSA"));
        assert!(certpath_signature_disabled("MD2withRSA"));
        assert!(!certpath_signature_disabled("SHA1withRSA"));
        assert!(!certpath_signature_disabled("SHA256withECDSA"));
    }

    #[test]
    fn sha224_and_dsa_only_under_tls12() {
        assert!(!tls_signature_permitted(TlsVersion::Tls13, "SHA224withRSA"));
        assert!(tls_signature_permitted(TlsVersion::Tls12, "SHA224withRSA"));
        assert!(!tls_signature_permitted(TlsVersion::Tls13, "SHA256withDSA"));
        assert!(tls_signature_permitted(TlsVersion::Tls12, "SHA256withDSA"));
        assert!(!tls_signature_permitted(TlsVersion::Tls12, "SHA384withDSA"));
        assert!(tls_signature_permitted(TlsVersion::Tls13, "RSASSA-PSS"));
        assert!(!tls_signature_permitted(TlsVersion::Tls12, "MD5withRSA"));
    }

    #[test]
    fn key_size_limits() {
        assert_eq!(
            key_too_small(&PublicKeyKind::Rsa { bits: 512 }),
            Some(("RSA", 512))
        );
        assert_eq!(key_too_small(&PublicKeyKind::Rsa { bits: 1024 }), None);
        assert_eq!(
            key_too_small(&PublicKeyKind::Dsa { bits: 768 }),
            Some(("DSA", 768))
        );
        assert_eq!(
            key_too_small(&PublicKeyKind::Ec {
                curve: Curve::P224,
                bits: 224
            }),
            None
        );
        assert_eq!(
            key_too_small(&PublicKeyKind::Ec {
                curve: Curve::Other("secp192r1".into()),
                bits: 192
            }),
            Some(("EC", 192))
        );
        assert_eq!(key_too_small(&PublicKeyKind::RsaPss { bits: 512 }), None);
    }
}
