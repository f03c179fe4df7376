//! `EndEntityChecker.checkTLSServer`: what the leaf must allow once a path is found.
//!
//! It runs only when the validated path has more than one certificate (a leaf that is itself
//! trusted skips it), in the order KeyUsage, ExtendedKeyUsage, Netscape cert type.

use crate::cert::Certificate;
use crate::message::EndEntityFailure;

const KU_DIGITAL_SIGNATURE: usize = 0;
const KU_KEY_ENCIPHERMENT: usize = 2;
const KU_KEY_AGREEMENT: usize = 4;

const EKU_SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
const EKU_ANY: &str = "2.5.29.37.0";
/// Server-Gated-Cryptography EKUs the JDK still accepts in place of serverAuth.
const EKU_MS_SGC: &str = "1.3.6.1.4.1.311.10.3.3";
const EKU_NS_SGC: &str = "2.16.840.1.113730.4.1";
/// Netscape cert type bit for an SSL server.
const NSCT_SSL_SERVER: usize = 1;

/// Key exchanges whose server key signs (needs digitalSignature). TLS 1.3 passes `UNKNOWN`.
const KX_SIGNATURE: &[&str] = &[
    "DHE_DSS",
    "DHE_RSA",
    "ECDHE_ECDSA",
    "ECDHE_RSA",
    "RSA_EXPORT",
    "UNKNOWN",
];
/// Key exchanges whose server key encrypts the premaster secret (needs keyEncipherment).
const KX_ENCRYPTION: &[&str] = &["RSA"];
/// Static (EC)DH key exchanges (need keyAgreement).
const KX_KEY_AGREEMENT: &[&str] = &["DH_DSS", "DH_RSA", "ECDH_ECDSA", "ECDH_RSA"];

/// Whether JSSE can pass `auth_type` to the trust manager (any other value is rejected by
/// `EndEntityChecker` as unknown): the CLI refuses other values as a usage error.
pub fn is_known_auth_type(auth_type: &str) -> bool {
    KX_SIGNATURE.contains(&auth_type)
        || KX_ENCRYPTION.contains(&auth_type)
        || KX_KEY_AGREEMENT.contains(&auth_type)
}

/// The auth types [`is_known_auth_type`] accepts, for messages.
pub fn known_auth_types() -> Vec<&'static str> {
    [KX_SIGNATURE, KX_ENCRYPTION, KX_KEY_AGREEMENT].concat()
}

/// Checks the leaf for TLS server use under `auth_type`.
pub fn check_tls_server(leaf: &Certificate, auth_type: &str) -> Result<(), EndEntityFailure> {
    let allows = |bit: usize| leaf.key_usage_bit(bit).unwrap_or(true);
    if KX_ENCRYPTION.contains(&auth_type) {
        if !allows(KU_KEY_ENCIPHERMENT) {
            return Err(EndEntityFailure::KeyUsageNoKeyEncipherment);
        }
    } else if KX_SIGNATURE.contains(&auth_type) {
        if !allows(KU_DIGITAL_SIGNATURE) {
            return Err(EndEntityFailure::KeyUsageNoDigitalSignature);
        }
    } else if KX_KEY_AGREEMENT.contains(&auth_type) {
        if !allows(KU_KEY_AGREEMENT) {
            return Err(EndEntityFailure::KeyUsageNoKeyAgreement);
        }
    } else {
        return Err(EndEntityFailure::UnknownAuthType {
            auth_type: auth_type.to_string(),
        });
    }
    if let Some(eku) = &leaf.extensions.extended_key_usage {
        let permits = |o: &str| eku.iter().any(|e| e == o || e == EKU_ANY);
        if !permits(EKU_SERVER_AUTH) && !permits(EKU_MS_SGC) && !permits(EKU_NS_SGC) {
            return Err(EndEntityFailure::ExtendedKeyUsage);
        }
    }
    // An unparseable (non-critical) value was dropped by the parser and reads as absent.
    if let Some(bits) = &leaf.extensions.netscape_cert_type {
        if !bits.get(NSCT_SSL_SERVER).copied().unwrap_or(false) {
            return Err(EndEntityFailure::NetscapeCertType);
        }
    }
    Ok(())
}

/// The auth type the JSSE client passes to the trust manager: `UNKNOWN` under TLS 1.3; under
/// TLS 1.2 the ECDHE suite matching the leaf key (JDK 17.0.21 disables `TLS_RSA_*`).
pub fn default_auth_type(tls: crate::constraints::TlsVersion, leaf: &Certificate) -> &'static str {
    use crate::crypto::PublicKeyKind;
    match tls {
        crate::constraints::TlsVersion::Tls13 => "UNKNOWN",
        crate::constraints::TlsVersion::Tls12 => match leaf.key {
            PublicKeyKind::Rsa { .. } | PublicKeyKind::RsaPss { .. } => "ECDHE_RSA",
            PublicKeyKind::Dsa { .. } => "DHE_DSS",
            _ => "ECDHE_ECDSA",
        },
    }
}
