//! The stable finding codes and their default severities.
//!
//! Codes are part of the output contract (scripts match on them): a code is never renamed or
//! reused for another meaning. `docs/findings.md` documents every one (a test checks it).

use serde::{Serialize, Serializer};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// API Gateway rejects the backend because of it (or cannot reach it).
    Error,
    /// API Gateway accepts, but the setup is fragile or other clients would refuse it.
    Warning,
    /// Worth knowing.
    Info,
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $text:literal, $severity:ident; )+) => {
        /// A stable, machine-readable kind of finding (serialised as its snake_case text).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )+ ];

            /// The stable snake_case text.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )+ }
            }

            /// The severity a finding of this kind has unless the situation says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )+ }
            }
        }
    };
}

codes! {
    // -- the handshake
    /// The leaf's EC key is on a curve the JDK client does not offer.
    UnsupportedLeafCurve = "unsupported_leaf_curve", Error;
    /// A TLS 1.2 DHE server's prime is under 1024 bits, which the JDK client refuses.
    DhPrimeTooSmall = "dh_prime_too_small", Error;
    /// The server requires a client certificate and the integration presents none.
    ClientCertificateRequired = "client_certificate_required", Error;
    /// The server asks for a client certificate (optional, or the integration presents one).
    ClientCertificateRequested = "client_certificate_requested", Info;
    /// The server refused the JDK's ClientHello: it wants a TLS version the JDK disables.
    ProtocolVersionDisabled = "protocol_version_disabled", Error;
    /// The server refused the JDK's ClientHello: no cipher suite in common.
    NoCommonCipherSuite = "no_common_cipher_suite", Error;
    /// The server refused the JDK's ClientHello: no key-exchange group in common.
    NoCommonGroup = "no_common_group", Error;
    /// The server refused the JDK's ClientHello: no signature scheme its certificate can use.
    NoCommonSignatureScheme = "no_common_signature_scheme", Error;
    /// The server refused the JDK's ClientHello for a reason the probe could not tell.
    HandshakeRefused = "handshake_refused", Error;

    // -- the chain as received
    /// The server sent no certificate.
    EmptyChain = "empty_chain", Error;
    /// A presented certificate the JDK cannot parse.
    UnparseableCertificate = "unparseable_certificate", Error;

    // -- no path (the builder's generic message, told apart)
    /// A self-signed leaf that the trust store does not hold.
    SelfSignedCertificate = "self_signed_certificate", Error;
    /// The leaf's issuer is neither presented nor trusted.
    MissingIntermediate = "missing_intermediate", Error;
    /// The chain leads to a CA the trust store does not hold.
    PrivateCa = "private_ca", Error;
    /// No valid path, for a reason the other codes do not name (the builder's note says what).
    NoValidPath = "no_valid_path", Error;

    // -- per-certificate checks
    /// A certificate of the path has expired.
    CertificateExpired = "certificate_expired", Error;
    /// A certificate of the path is not valid yet.
    CertificateNotYetValid = "certificate_not_yet_valid", Error;
    /// A certificate's signature does not verify with the key of the issuer of that name.
    WrongIssuerKey = "wrong_issuer_key", Error;
    /// A certificate signed with an EC key on a curve the JDK cannot verify.
    UnsupportedIssuerCurve = "unsupported_issuer_curve", Error;
    /// Issuer and subject names do not chain.
    NameChaining = "name_chaining", Error;
    /// A certificate above the leaf is not a CA.
    IntermediateNotCa = "intermediate_not_ca", Error;
    /// A pathLenConstraint is exceeded.
    PathLengthExceeded = "path_length_exceeded", Error;
    /// A CA certificate whose KeyUsage lacks keyCertSign.
    CaWithoutKeyCertSign = "ca_without_key_cert_sign", Error;
    /// A name outside a CA's name constraints.
    NameConstraintsViolated = "name_constraints_violated", Error;
    /// The name constraints cannot be applied at all.
    NameConstraintsError = "name_constraints_error", Error;
    /// A critical extension the JDK does not handle.
    UnrecognizedCriticalExtension = "unrecognized_critical_extension", Error;
    /// A KeyUsage extension with no usable bit.
    EmptyKeyUsage = "empty_key_usage", Error;
    /// A signature algorithm the JDK disables (MD5, MD2).
    DisabledSignatureAlgorithm = "disabled_signature_algorithm", Error;
    /// A signature algorithm the client does not offer for this TLS version.
    SignatureAlgorithmNotOffered = "signature_algorithm_not_offered", Error;
    /// The key that signed a certificate is below the JDK's size limits.
    IssuerKeyTooSmall = "issuer_key_too_small", Error;
    /// A certificate's own key is below the JDK's size limits.
    KeyTooSmall = "key_too_small", Error;
    /// A certificate key whose algorithm jdk.tls.disabledAlgorithms disables (ECDH).
    KeyAlgorithmDisabled = "key_algorithm_disabled", Error;
    /// A SHA-1 signature under a root of the JDK's own cacerts (`SHA1 jdkCA & usage TLSServer`).
    Sha1UnderJdkRoot = "sha1_under_jdk_root", Error;
    /// The issuer is a trusted name, but no trusted certificate of that name has the right key.
    NoMatchingTrustAnchor = "no_matching_trust_anchor", Error;
    /// A Java runtime exception escapes the validator.
    JavaException = "java_exception", Error;
    /// A CA requires an explicit certificate policy (requireExplicitPolicy) and the path
    /// carries none it permits.
    ExplicitPolicyRequired = "explicit_policy_required", Error;
    /// A critical certificatePolicies extension with policy qualifiers.
    CriticalPolicyQualifiers = "critical_policy_qualifiers", Error;
    /// A policyMappings entry from or to anyPolicy.
    AnyPolicyMapping = "any_policy_mapping", Error;
    /// The trust anchor of the path is not a CA certificate.
    TrustAnchorNotCa = "trust_anchor_not_ca", Error;
    /// The trust anchor's KeyUsage lacks keyCertSign.
    TrustAnchorWithoutKeyCertSign = "trust_anchor_without_key_cert_sign", Error;
    /// The evaluation ran out of its work budget.
    BudgetExceeded = "budget_exceeded", Error;

    // -- end-entity checks
    /// The leaf's KeyUsage lacks digitalSignature.
    LeafKeyUsageNoDigitalSignature = "leaf_key_usage_no_digital_signature", Error;
    /// The leaf's KeyUsage lacks keyEncipherment (RSA key exchange).
    LeafKeyUsageNoKeyEncipherment = "leaf_key_usage_no_key_encipherment", Error;
    /// The leaf's KeyUsage lacks keyAgreement (static ECDH / DH key exchange).
    LeafKeyUsageNoKeyAgreement = "leaf_key_usage_no_key_agreement", Error;
    /// The key exchange's auth type is unknown to the end-entity checker.
    UnknownAuthType = "unknown_auth_type", Error;
    /// The leaf's ExtendedKeyUsage does not allow TLS server authentication.
    LeafEkuNotServerAuth = "leaf_eku_not_server_auth", Error;
    /// The leaf's Netscape cert type does not allow SSL server use.
    LeafNetscapeCertType = "leaf_netscape_cert_type", Error;

    // -- the hostname
    /// The URL names an AWS load balancer while the certificate names another host.
    LoadBalancerNameInUrl = "load_balancer_name_in_url", Error;
    /// The certificate does not name the host.
    HostnameMismatch = "hostname_mismatch", Error;
    /// Only the CN names the host, and a SAN of the host's type exists (the CN is then ignored).
    HostOnlyInCommonName = "host_only_in_common_name", Error;
    /// A wildcard that would match, but whose base is a public suffix for HttpClient.
    WildcardPublicSuffix = "wildcard_public_suffix", Error;
    /// The names differ only by a trailing dot.
    TrailingDot = "trailing_dot", Error;
    /// The CN differs from the host only in letter case (4.5.2 compares CNs case-sensitively).
    CommonNameCase = "common_name_case", Error;
    /// The certificate has neither a SAN of the host's type nor a CN.
    NoHostIdentity = "no_host_identity", Error;
    /// A Java runtime exception escapes the hostname verifier.
    HostnameVerifierException = "hostname_verifier_exception", Error;

    // -- settings
    /// insecureSkipVerification on an integration kind that does not have it.
    SkipVerificationUnsupported = "skip_verification_unsupported", Error;
    /// The verdict follows our model of insecureSkipVerification.
    SkipVerificationModel = "skip_verification_model", Info;
    /// insecureSkipVerification requires a root CA certificate at the top of the chain.
    SkipVerificationNoRootCa = "skip_verification_no_root_ca", Error;
    /// serverNameToVerify on an integration kind that does not have it.
    ServerNameToVerifyUnsupported = "server_name_to_verify_unsupported", Error;

    // -- addresses
    /// The host resolves to no address.
    HostDoesNotResolve = "host_does_not_resolve", Error;
    /// A public integration whose host resolves only to non-public addresses.
    PublicIntegrationPrivateAddresses = "public_integration_private_addresses", Error;
    /// The host resolves, but to none of the NLB's addresses.
    ResolvesElsewhereThanNlb = "resolves_elsewhere_than_nlb", Warning;
    /// The integration URL's host is an IP address.
    IpLiteralHost = "ip_literal_host", Warning;

    // -- the live probe's network observations (before any chain)
    /// The name does not exist for the resolver (NXDOMAIN).
    HostNotFound = "host_not_found", Error;
    /// The name exists but has no A / AAAA record.
    HostHasNoAddress = "host_has_no_address", Error;
    /// The resolver answered SERVFAIL.
    DnsServerFailure = "dns_server_failure", Error;
    /// The resolver refused to answer (REFUSED or another error code).
    DnsRefused = "dns_refused", Error;
    /// No DNS answer in time.
    DnsTimeout = "dns_timeout", Error;
    /// The lookup could not be made.
    DnsFailed = "dns_failed", Error;
    /// The host gets no SNI from the JDK (dotless name or not a legal SNI host name).
    NoSni = "no_sni", Info;
    /// One address could not be reached or did not complete a handshake.
    ConnectionFailed = "connection_failed", Error;
    /// The chain arrived but the handshake did not finish.
    HandshakeIncomplete = "handshake_incomplete", Warning;
    /// Addresses of the same name present different chains.
    ChainsDiffer = "chains_differ", Warning;
    /// More addresses than the probe connects to.
    AddressesNotProbed = "addresses_not_probed", Info;
    /// The chain came from the server's TLS 1.2 flight: the probe could not finish a handshake.
    ChainFromServerFlight = "chain_from_server_flight", Info;
    /// The server signed the handshake with SHA-1, which JDK 17.0.21 refuses.
    Sha1HandshakeSignature = "sha1_handshake_signature", Error;

    // -- accepted, but
    /// A certificate of the path expires within 30 days.
    ExpiresSoon = "expires_soon", Warning;
    /// A certificate of the path is signed with SHA-1.
    Sha1Signature = "sha1_signature", Warning;
    /// A certificate of the path has an RSA key under 2048 bits.
    RsaKeyUnder2048 = "rsa_key_under_2048", Warning;
    /// The host matched the CN only (no SAN).
    CommonNameOnly = "common_name_only", Warning;
    /// Accepted only because the leaf itself is trusted (no checks applied).
    AcceptedAsTrustedLeaf = "accepted_as_trusted_leaf", Warning;
    /// Accepted only thanks to the JDK path builder (order or extra certificates).
    DependsOnPathBuilder = "depends_on_path_builder", Warning;
    /// A CA in API Gateway's list that the bundled trust store lacks.
    ListedCaNotBundled = "listed_ca_not_bundled", Info;
    /// A chain signed with an algorithm the client does not offer: the server may refuse it.
    ServerDependentSignature = "server_dependent_signature", Warning;
    /// The server sends more certificates than JSSE's `jdk.tls.maxCertificateChainLength`.
    ChainOverJsseLengthLimit = "chain_over_jsse_length_limit", Error;
    /// The server's Certificate message is larger than JSSE's `jdk.tls.maxHandshakeMessageSize`.
    CertificateMessageOverJsseSizeLimit = "certificate_message_over_jsse_size_limit", Error;
    /// A strict modern client (rustls-webpki) would reject the chain API Gateway accepts.
    StrictClientRejects = "strict_client_rejects", Warning;
    /// A strict modern client (rustls-webpki) accepts the chain API Gateway rejects.
    StrictClientAccepts = "strict_client_accepts", Info;
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{s}"
            );
            assert!(
                !s.starts_with('_') && !s.ends_with('_') && !s.contains("__"),
                "{s}"
            );
        }
    }

    #[test]
    fn serialises_as_text() {
        assert_eq!(
            serde_json::to_string(&Code::MissingIntermediate).unwrap(),
            "\"missing_intermediate\""
        );
        assert_eq!(Code::ExpiresSoon.default_severity(), Severity::Warning);
    }

    #[test]
    fn every_code_is_documented() {
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/findings.md"))
                .expect("docs/findings.md");
        for code in Code::ALL {
            assert!(
                doc.contains(&format!("`{}`", code.as_str())),
                "{} is not in docs/findings.md",
                code.as_str()
            );
        }
    }
}
