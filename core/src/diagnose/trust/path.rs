//! One finding per per-certificate failure of the validator (`CertPathValidatorException`
//! reasons), naming the certificate and the change.

use super::*;

/// `issuer` is the certificate whose key the failing checker held (see [`Rejection::issuer`]).
pub(super) fn path_failure(
    ctx: &Context<'_>,
    failure: &PathFailure,
    at: Option<Located<'_>>,
    issuer: Option<Located<'_>>,
) -> Finding {
    let reference = at.map(|l| l.reference());
    let label = at
        .map(|l| l.label())
        .unwrap_or_else(|| "a certificate of the chain".to_string());
    let subject = at
        .map(|l| quoted_subject(l.cert))
        .unwrap_or_else(|| "the certificate".to_string());
    match failure {
        PathFailure::Validity { expired } => validity(ctx, at, *expired, false),
        PathFailure::Signature => match at {
            Some(child) => wrong_key(ctx, child, issuer),
            None => Finding::new(Code::WrongIssuerKey, "A signature in the chain does not verify", "A certificate's signature does not verify with its issuer's key.")
                .fix(format!("serve the chain your CA issued with the certificate for `{}`", ctx.host)),
        },
        PathFailure::NameChaining => Finding::new(
            Code::NameChaining,
            "The chain's names do not link up",
            format!("{label} names an issuer that is not the subject of the certificate above it."),
        )
        .fix(format!("serve the certificate for `{}` followed by its issuer, then that issuer's issuer, in order", ctx.host))
        .on(reference),
        PathFailure::NotCa => match at {
            Some(l) => {
                let child = match l.origin {
                    Origin::Presented(i) if i > 0 => ctx.chain.get(i - 1),
                    _ => None,
                };
                not_ca(l, child.unwrap_or(l.cert))
            }
            None => Finding::new(Code::IntermediateNotCa, "A certificate above the leaf is not a CA", "basic constraints check failed."),
        },
        PathFailure::PathLength => {
            let constrained = constraining_ca(ctx, at, |c| c.extensions.basic_constraints.as_ref().and_then(|b| b.path_len).is_some());
            let n = constrained.and_then(|c| c.cert.extensions.basic_constraints.as_ref().and_then(|b| b.path_len)).unwrap_or(0);
            let limit = constrained
                .map(|c| format!("{} allows only {n} CA certificate(s) below it (pathLenConstraint={n}), and ", c.label()))
                .unwrap_or_default();
            let fix = match constrained {
                Some(c) => format!(
                    "get the certificate for `{}` issued directly by {} (or by a CA it may have below it), or use a CA without this constraint",
                    ctx.host,
                    quoted_subject(c.cert)
                ),
                None => format!("get the certificate for `{}` issued under a CA whose pathLenConstraint allows the chain", ctx.host),
            };
            Finding::new(Code::PathLengthExceeded, "Too many CA certificates below a constrained CA", format!("{limit}{label} is one CA too many on the path."))
                .fix(fix)
                .on(reference)
        }
        PathFailure::CaKeyUsage => match at {
            Some(l) => ca_key_usage(l),
            None => Finding::new(Code::CaWithoutKeyCertSign, "A CA certificate lacks keyCertSign", "CA key usage check failed."),
        },
        PathFailure::NameConstraints => {
            let ca = constraining_ca(ctx, at, |c| c.extensions.name_constraints.is_some());
            let names = at.map(|l| CertNames::of(l.cert).listing()).unwrap_or_default();
            let by = ca.map(|c| format!(" set by {}", c.label())).unwrap_or_default();
            Finding::new(
                Code::NameConstraintsViolated,
                "The certificate's names are outside what its CA may issue for",
                format!("{label} has {names}, which the name constraints{by} do not permit."),
            )
            .fix(format!(
                "issue the certificate for names that {} permits, or from a CA without such constraints; the host `{}` must be among them",
                ca.map(|c| quoted_subject(c.cert)).unwrap_or_else(|| "the constraining CA".to_string()),
                ctx.host
            ))
            .on(reference)
        }
        PathFailure::NameConstraintsError { detail } => Finding::new(
            Code::NameConstraintsError,
            "A name-constraints extension cannot be applied",
            format!("Java could not apply the name constraints while checking {label}: {detail}."),
        )
        .fix(format!("reissue the CA of {subject} with well-formed name constraints, or without them"))
        .on(reference),
        PathFailure::UnrecognizedCriticalExtension => match at {
            Some(l) => critical_extension(l),
            None => Finding::new(Code::UnrecognizedCriticalExtension, "An unknown critical extension", "unrecognized critical extension(s)."),
        },
        PathFailure::IncorrectKeyUsageBits => Finding::new(
            Code::EmptyKeyUsage,
            "A KeyUsage extension with no usable bit",
            format!("{label} has a KeyUsage extension that sets none of the bits Java maps to a use, so its key may not be used at all."),
        )
        .fix(format!("reissue {subject} with the key usages it needs (digitalSignature for a server certificate, keyCertSign for a CA)"))
        .on(reference),
        PathFailure::SignatureAlgorithm { algorithm } => signature_algorithm(ctx, at, issuer, algorithm),
        PathFailure::KeySize { algorithm, bits, subject: holder } => Finding::new(
            Code::KeyTooSmall,
            "A key below Java's size limits",
            format!(
                "`{holder}` has a {bits}-bit {algorithm} key; the JDK refuses RSA and DSA keys under 1024 bits and EC keys under 224 bits (jdk.certpath.disabledAlgorithms)."
            ),
        )
        .fix(format!("reissue `{holder}` with an RSA 2048-bit (or larger) or ECDSA P-256 key"))
        .on(reference),
        PathFailure::KeyAlgorithm { algorithm } => Finding::new(
            Code::KeyAlgorithmDisabled,
            "A key algorithm Java disables for TLS",
            format!(
                "{label} carries a public key under the algorithm identifier {algorithm}, which jdk.tls.disabledAlgorithms disables: the JDK's TLS checker refuses the certificate."
            ),
        )
        .fix(format!("reissue {subject} with an ordinary EC (id-ecPublicKey) or RSA key"))
        .on(reference),
        PathFailure::UsageConstraint { algorithm, subject: holder } => Finding::new(
            Code::Sha1UnderJdkRoot,
            "A SHA-1 signature under a root the JDK itself ships",
            format!(
                "`{holder}` is signed with {algorithm}, and the path ends at a root of the JDK's own cacerts, under which JDK 17 refuses SHA-1 for TLS servers (jdk.certpath.disabledAlgorithms: SHA1 jdkCA & usage TLSServer). Under a root the JDK does not ship, SHA-1 would pass."
            ),
        )
        .fix(format!("get `{holder}` reissued with a SHA-256 signature (every public CA issues SHA-256 today)"))
        .on(reference),
        PathFailure::NoTrustAnchor => {
            let issuer = at.map(|l| quoted_issuer(l.cert)).unwrap_or_else(|| "its issuer".to_string());
            Finding::new(
                Code::NoMatchingTrustAnchor,
                "The trusted root of that name is not the one that issued the chain",
                format!(
                    "{label} is issued by {issuer}, a name the trust store holds, but no trusted certificate of that name has the key identifier the chain refers to: the chain was issued under another generation (or a cross-signed version) of that root."
                ),
            )
            .fix(format!(
                "serve the chain that leads to the version of {issuer} in API Gateway's list (your CA publishes the current chain), or get the certificate for `{}` reissued",
                ctx.host
            ))
            .on(reference)
        }
        PathFailure::Policy { failure } => crate::diagnose::policy::finding(ctx, failure, at),
        PathFailure::UncheckedJavaException { detail } => Finding::new(
            Code::JavaException,
            "Java's validator throws on this chain",
            format!(
                "While checking {label}, the JDK validator throws {detail}. The handshake fails; the exact message API Gateway logs is unknown."
            ),
        )
        .fix(format!("reissue the certificates of the chain for `{}` without the constructs that trigger it (see the detail)", ctx.host))
        .on(reference),
    }
}

/// The CA above `at` on the presented chain (or the trust store) that carries a constraint.
pub(super) fn constraining_ca<'a>(
    ctx: &Context<'a>,
    at: Option<Located<'a>>,
    has: impl Fn(&Certificate) -> bool,
) -> Option<Located<'a>> {
    let Some(Origin::Presented(i)) = at.map(|l| l.origin) else {
        return None;
    };
    for j in i + 1..ctx.chain.len() {
        if let Some(c) = ctx.chain.get(j) {
            if has(c) {
                return Some(Located {
                    origin: Origin::Presented(j),
                    cert: c,
                });
            }
        }
    }
    let top = ctx.chain.get(i..)?.last()?;
    let store = ctx.store?;
    store
        .with_subject(&top.issuer)
        .find(|(_, a)| has(&a.cert))
        .map(|(k, a)| Located {
            origin: Origin::Anchor(k),
            cert: &a.cert,
        })
}

pub(super) fn validity(
    ctx: &Context<'_>,
    at: Option<Located<'_>>,
    expired: bool,
    via_builder: bool,
) -> Finding {
    let host = ctx.host;
    let now = date(ctx.now);
    let Some(l) = at else {
        let code = if expired {
            Code::CertificateExpired
        } else {
            Code::CertificateNotYetValid
        };
        return Finding::new(
            code,
            "A certificate is outside its validity period",
            format!("validity check failed at {now}."),
        )
        .fix(format!("renew the certificate for `{host}`"));
    };
    let is_leaf = l.origin == Origin::Presented(0);
    let (code, title, when) = if expired {
        (
            Code::CertificateExpired,
            if is_leaf {
                "The server's certificate has expired"
            } else {
                "A certificate of the chain has expired"
            },
            format!("expired on {}", date(l.cert.not_after)),
        )
    } else {
        (
            Code::CertificateNotYetValid,
            if is_leaf {
                "The server's certificate is not valid yet"
            } else {
                "A certificate of the chain is not valid yet"
            },
            format!("is valid only from {}", date(l.cert.not_before)),
        )
    };
    let mut explanation = format!("{} {when} (validation time {now}).", l.label());
    if via_builder && !is_leaf {
        explanation.push_str(" The path builder skips a CA certificate that is not valid now.");
    }
    let fix = match (is_leaf, expired) {
        (true, true) => format!("renew the certificate for `{host}` and install it (with its intermediates) on the listener"),
        (true, false) => format!("install a certificate for `{host}` that is already valid (check the server's clock and the certificate's notBefore)"),
        (false, _) => format!(
            "the server sends {} {when}; replace it on the listener with the CA's current intermediate for the certificate of `{host}`",
            quoted_subject(l.cert)
        ),
    };
    Finding::new(code, title, explanation)
        .fix(fix)
        .on(Some(l.reference()))
}

pub(super) fn wrong_key(ctx: &Context<'_>, child: Located<'_>, issuer: Option<Located<'_>>) -> Finding {
    let host = ctx.host;
    // The JDK verifies ECDSA only on P-256/384/521: any other curve fails as a bad signature.
    if let Some(i) = issuer {
        if let PublicKeyKind::Ec { curve, .. } = &i.cert.key {
            if !curve.is_jdk_supported() {
                return Finding::new(
                    Code::UnsupportedIssuerCurve,
                    "A certificate is signed with a key on a curve Java cannot verify",
                    format!(
                        "{} is signed by {}, whose EC key is on {}; JDK 17 verifies ECDSA only on P-256, P-384 and P-521, so the signature check fails.",
                        child.label(),
                        i.label(),
                        curve.display_name()
                    ),
                )
                .fix(format!("reissue {} and the certificates it signed with P-256 or P-384 (or RSA 2048+) keys", quoted_subject(i.cert)))
                .on(Some(i.reference()));
            }
        }
    }
    let (explanation, fix) = match issuer {
        Some(i @ Located { origin: Origin::Presented(_), .. }) => (
            format!(
                "{} has the name of the issuer of {}, but not the key that signed it: the server sends an intermediate from another issuance (or a re-keyed CA).",
                i.label(),
                child.label()
            ),
            format!(
                "send the intermediate that actually issued {} (the chain file delivered with the certificate for `{host}`) instead of {}",
                quoted_subject(child.cert),
                quoted_subject(i.cert)
            ),
        ),
        Some(i) => (
            format!(
                "{} has the same name as the issuer of {}, but a different key: the chain was issued under another root of that name (an older, newer or cross-signed one).",
                i.label(),
                child.label()
            ),
            format!(
                "serve the chain for `{host}` that leads to the version of {} in API Gateway's list, or drop the stale certificate of that name from the chain",
                quoted_subject(i.cert)
            ),
        ),
        None => (
            format!("The signature of {} does not verify with its issuer's key.", child.label()),
            format!("serve the chain your CA issued with the certificate for `{host}`"),
        ),
    };
    Finding::new(
        Code::WrongIssuerKey,
        "A certificate is not signed by the issuer it names",
        explanation,
    )
    .fix(fix)
    .on(Some(issuer.unwrap_or(child).reference()))
}

pub(super) fn not_ca(l: Located<'_>, child: &Certificate) -> Finding {
    let why = if l.cert.version < 3 {
        "is an X.509 v1 certificate, which cannot carry basicConstraints and is not accepted as an intermediate CA"
    } else if l.cert.extensions.basic_constraints.is_none() {
        "has no basicConstraints extension, so it is not a CA"
    } else {
        "has basicConstraints CA:FALSE"
    };
    Finding::new(
        Code::IntermediateNotCa,
        "A certificate used as an intermediate is not a CA",
        format!("{} {why}, yet it is on the path as the issuer of {}.", l.label(), quoted_subject(child)),
    )
    .fix(format!(
        "{} cannot issue certificates: serve the real intermediate CA that issued {} (or have it reissued by a CA certificate with basicConstraints CA:TRUE)",
        quoted_subject(l.cert),
        quoted_subject(child)
    ))
    .on(Some(l.reference()))
}

pub(super) fn ca_key_usage(l: Located<'_>) -> Finding {
    Finding::new(
        Code::CaWithoutKeyCertSign,
        "A CA certificate may not sign certificates",
        format!("{} is a CA, but its KeyUsage lacks keyCertSign, so Java refuses the certificates it signed.", l.label()),
    )
    .fix(format!("reissue {} with KeyUsage keyCertSign (and cRLSign)", quoted_subject(l.cert)))
    .on(Some(l.reference()))
}

pub(super) fn critical_extension(l: Located<'_>) -> Finding {
    let oids: Vec<String> = crate::trust::checks::unrecognized_critical(l.cert)
        .map(str::to_string)
        .collect();
    let list = if oids.is_empty() {
        "an extension".to_string()
    } else {
        quoted_list(&oids)
    };
    Finding::new(
        Code::UnrecognizedCriticalExtension,
        "A critical extension Java does not understand",
        format!("{} marks {list} critical, and no JDK checker handles it; a critical extension that is not understood must fail the path.", l.label()),
    )
    .fix(format!("reissue {} without {list}, or with it marked non-critical", quoted_subject(l.cert)))
    .on(Some(l.reference()))
}

pub(super) fn signature_algorithm(
    ctx: &Context<'_>,
    at: Option<Located<'_>>,
    issuer: Option<Located<'_>>,
    algorithm: &str,
) -> Finding {
    let label = at
        .map(|l| l.label())
        .unwrap_or_else(|| "a certificate of the chain".to_string());
    let subject = at
        .map(|l| quoted_subject(l.cert))
        .unwrap_or_else(|| "it".to_string());
    let reference = at.map(|l| l.reference());
    if constraints::certpath_signature_disabled(algorithm) {
        return Finding::new(
            Code::DisabledSignatureAlgorithm,
            "A certificate is signed with a broken algorithm",
            format!("{label} is signed with {algorithm}, which the JDK disables (jdk.certpath.disabledAlgorithms: MD2, MD5)."),
        )
        .fix(format!("get {subject} reissued with a SHA-256 signature"))
        .on(reference);
    }
    if !constraints::tls_signature_permitted(ctx.tls, algorithm) {
        let tls12 = constraints::tls_signature_permitted(constraints::TlsVersion::Tls12, algorithm);
        let note = if tls12 && ctx.tls == constraints::TlsVersion::Tls13 {
            " Under TLS 1.2 the client offers it, so the verdict depends on the TLS version the server negotiates."
        } else {
            ""
        };
        return Finding::new(
            Code::SignatureAlgorithmNotOffered,
            "A certificate is signed with an algorithm the client does not offer",
            format!("{label} is signed with {algorithm}, which API Gateway's JDK 17 client does not list among its certificate signature algorithms for this TLS version.{note}"),
        )
        .fix(format!("get {subject} reissued with a SHA-256 RSA, RSA-PSS or ECDSA signature"))
        .on(reference);
    }
    // The algorithm itself is fine: the key that made the signature is too small.
    let key = issuer
        .map(|i| key_description(&i.cert.key))
        .unwrap_or_else(|| "a too small key".to_string());
    let issuer_label = issuer
        .map(|i| i.label())
        .unwrap_or_else(|| "its issuer".to_string());
    Finding::new(
        Code::IssuerKeyTooSmall,
        "A certificate is signed with a key below Java's size limits",
        format!("{label} is signed ({algorithm}) by {issuer_label}, whose key is {key}; the JDK refuses signatures made with RSA keys under 1024 bits and EC keys under 224 bits."),
    )
    .fix(format!(
        "use a CA whose key is RSA 2048+ or ECDSA P-256+ to issue {subject}{}",
        issuer.map(|i| format!(" (replace {})", quoted_subject(i.cert))).unwrap_or_default()
    ))
    .on(issuer.map(|i| i.reference()).or(reference))
}

pub(super) fn key_description(key: &PublicKeyKind) -> String {
    match (key.java_algorithm_name(), key.bits()) {
        (alg, Some(bits)) => format!("{alg} {bits} bits"),
        (alg, None) => alg,
    }
}
