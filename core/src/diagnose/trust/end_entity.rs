//! The end-entity checks' failures (`EndEntityChecker.checkTLSServer`): the leaf's KeyUsage,
//! ExtendedKeyUsage and Netscape cert type.

use super::*;

pub(super) const KEY_USAGE_NAMES: &[&str] = &[
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

pub(super) fn key_usage_listing(cert: &Certificate) -> String {
    match &cert.extensions.key_usage {
        None => "no KeyUsage".to_string(),
        Some(bits) => {
            let set: Vec<&str> = bits
                .iter()
                .zip(KEY_USAGE_NAMES)
                .filter(|(b, _)| **b)
                .map(|(_, n)| *n)
                .collect();
            if set.is_empty() {
                "an empty KeyUsage".to_string()
            } else {
                format!("KeyUsage {}", set.join(", "))
            }
        }
    }
}

pub(super) fn eku_name(oid: &str) -> String {
    match oid {
        "1.3.6.1.5.5.7.3.1" => "serverAuth".into(),
        "1.3.6.1.5.5.7.3.2" => "clientAuth".into(),
        "1.3.6.1.5.5.7.3.3" => "codeSigning".into(),
        "1.3.6.1.5.5.7.3.4" => "emailProtection".into(),
        "1.3.6.1.5.5.7.3.8" => "timeStamping".into(),
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning".into(),
        "2.5.29.37.0" => "anyExtendedKeyUsage".into(),
        other => other.to_string(),
    }
}

pub(super) fn end_entity(ctx: &Context<'_>, failure: &EndEntityFailure) -> Finding {
    let host = ctx.host;
    let Some(leaf) = located(ctx, Origin::Presented(0)) else {
        return Finding::new(
            Code::UnknownAuthType,
            "End-entity check failed",
            failure.java_message(),
        );
    };
    let has = key_usage_listing(leaf.cert);
    let auth = ctx.verdict.auth_type.clone().unwrap_or_default();
    let (code, title, explanation, fix) = match failure {
        EndEntityFailure::KeyUsageNoDigitalSignature => (
            Code::LeafKeyUsageNoDigitalSignature,
            "The server certificate may not make signatures",
            format!(
                "{} has {has} without digitalSignature; with key exchange {auth} (TLS 1.3, or ECDHE / DHE under TLS 1.2) the server signs the handshake with this key, so Java refuses it.",
                leaf.label()
            ),
            format!("reissue the certificate for `{host}` with KeyUsage digitalSignature (plus keyEncipherment for an RSA key)"),
        ),
        EndEntityFailure::KeyUsageNoKeyEncipherment => (
            Code::LeafKeyUsageNoKeyEncipherment,
            "The server certificate may not encrypt keys (RSA key exchange)",
            format!("{} has {has} without keyEncipherment, which RSA key exchange ({auth}) needs.", leaf.label()),
            format!("reissue the certificate for `{host}` with KeyUsage digitalSignature, keyEncipherment (or let the server negotiate ECDHE)"),
        ),
        EndEntityFailure::KeyUsageNoKeyAgreement => (
            Code::LeafKeyUsageNoKeyAgreement,
            "The server certificate may not agree keys (static ECDH / DH)",
            format!("{} has {has} without keyAgreement, which key exchange {auth} needs.", leaf.label()),
            format!("reissue the certificate for `{host}` with KeyUsage keyAgreement, or let the server negotiate ECDHE"),
        ),
        EndEntityFailure::UnknownAuthType { auth_type } => (
            Code::UnknownAuthType,
            "The key exchange's auth type is unknown to Java's end-entity checker",
            format!("Java's checker does not know the auth type `{auth_type}` given for {}.", leaf.label()),
            "give an auth type JSSE uses (UNKNOWN for TLS 1.3; ECDHE_RSA, ECDHE_ECDSA, DHE_RSA, RSA, … for TLS 1.2), or none to derive it".to_string(),
        ),
        EndEntityFailure::ExtendedKeyUsage => {
            let ekus: Vec<String> = leaf.cert.extensions.extended_key_usage.as_deref().unwrap_or(&[]).iter().map(|o| eku_name(o)).collect();
            (
                Code::LeafEkuNotServerAuth,
                "The server certificate is not for TLS servers",
                format!(
                    "{} has ExtendedKeyUsage {} without serverAuth, so it may not authenticate a TLS server.",
                    leaf.label(),
                    if ekus.is_empty() { "(empty)".to_string() } else { ekus.join(", ") }
                ),
                format!("reissue the certificate for `{host}` with ExtendedKeyUsage serverAuth"),
            )
        }
        EndEntityFailure::NetscapeCertType => (
            Code::LeafNetscapeCertType,
            "The server certificate's Netscape cert type excludes SSL servers",
            format!("{} has a Netscape cert type extension without the SSL server bit.", leaf.label()),
            format!("reissue the certificate for `{host}` without the Netscape cert type extension (or with SSL server set)"),
        ),
    };
    Finding::new(code, title, explanation)
        .fix(fix)
        .on(Some(leaf.reference()))
}
