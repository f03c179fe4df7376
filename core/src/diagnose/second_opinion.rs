//! A second opinion from a strict modern verifier: rustls-webpki, with the same trust anchors,
//! time and host, EKU serverAuth. It tells a user when a chain passes API Gateway but would
//! fail elsewhere (SHA-1, RSA-1024, CN-only, v1 certificates, …), and when API Gateway's
//! refusal is specific to its Java client.

use std::time::Duration;

use crate::crypto::memo::Fast;
use rustls_pki_types::{
    AlgorithmIdentifier, CertificateDer, InvalidSignature, ServerName,
    SignatureVerificationAlgorithm, UnixTime,
};
use webpki::{EndEntityCert, Error, KeyUsage};

use crate::crypto::{Digest, PublicKeyKind};

use super::describe::{date, quoted_subject};
use super::{Code, Context, Finding, TrustOutcome};

/// The second opinion, when it differs from API Gateway's verdict in an interesting way.
pub fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    // The skip-verification model has no trust store to compare with; an unparsed chain has
    // nothing to verify.
    if matches!(
        ctx.trust,
        TrustOutcome::NotParsed(_) | TrustOutcome::SkipModel(_)
    ) {
        return vec![];
    }
    let Some(store) = ctx.store else {
        return vec![];
    };
    let host = ctx.host.trim_start_matches('[').trim_end_matches(']');
    let result = verify(ctx, store, host);
    match (ctx.verdict.accepted, result) {
        (true, Err(e)) => vec![Finding::new(
            Code::StrictClientRejects,
            "A strict modern client would reject this chain",
            format!(
                "API Gateway accepts it, but rustls-webpki (the verifier of rustls, with the same trust anchors, time and host, requiring serverAuth) rejects it: {}.{}",
                describe_error(ctx, &e),
                culprits(ctx)
            ),
        )
        .fix(format!(
            "serve the certificate for `{host}` from a current public CA: SHA-256 signatures, RSA 2048+ or ECDSA P-256/P-384 keys, the host as a subjectAltName, the intermediates in order"
        ))],
        (false, Ok(())) => vec![Finding::new(
            Code::StrictClientAccepts,
            "Other clients accept this chain",
            format!(
                "rustls-webpki accepts this chain for `{host}` with the same trust anchors and time: the rejection is specific to API Gateway's Java client (JDK 17 and HttpClient 4.5.2), which is why browsers and curl may show no problem."
            ),
        )],
        _ => vec![],
    }
}

fn verify(ctx: &Context<'_>, store: &crate::trust::TrustStore, host: &str) -> Result<(), Error> {
    let Some(leaf) = ctx.chain.first() else {
        return Err(Error::BadDer);
    };
    // An anchor webpki cannot read is one it cannot use: left out, as a client would.
    let anchors = store.webpki_anchors();
    let intermediates: Vec<CertificateDer<'_>> = ctx
        .chain
        .iter()
        .skip(1)
        .map(|c| CertificateDer::from(c.der()))
        .collect();
    let leaf_der = CertificateDer::from(leaf.der());
    let ee = EndEntityCert::try_from(&leaf_der)?;
    let time =
        UnixTime::since_unix_epoch(Duration::from_millis(u64::try_from(ctx.now).unwrap_or(0)));
    ee.verify_for_usage(
        MEMOIZED_ALGS,
        anchors,
        &intermediates,
        time,
        KeyUsage::server_auth(),
        None,
        None,
    )?;
    let name = ServerName::try_from(host).map_err(|_| Error::MalformedDnsIdentifier)?;
    ee.verify_is_valid_for_subject_name(&name)
}

/// One of webpki's algorithms with the equivalent fast-path algorithm (the same padding,
/// digest, curve and key-size range as the AWS-LC algorithm it calls, rustls-webpki 0.103
/// `aws_lc_rs_algs.rs`), verified through [`crate::crypto::memo`]: a signature our PKIX checks
/// have just verified is not verified a second time.
#[derive(Debug)]
struct Memoized {
    webpki: &'static dyn SignatureVerificationAlgorithm,
    fast: Fast,
}

impl SignatureVerificationAlgorithm for Memoized {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        if crate::crypto::memo::verify(self.fast, public_key, message, signature) {
            Ok(())
        } else {
            Err(InvalidSignature)
        }
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.webpki.public_key_alg_id()
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.webpki.signature_alg_id()
    }
}

/// The algorithms the second opinion accepts, in webpki's order, memoised: those of both of
/// rustls's crypto providers (`webpki::ALL_VERIFICATION_ALGS` of a ring build), so that what it
/// says holds for a strict rustls client whichever provider it runs on. The AWS-LC build's
/// list adds ECDSA with SHA-512 on P-256 and P-384, ECDSA on P-521 and ML-DSA, which a ring
/// client refuses.
static MEMOIZED_ALGS: &[&dyn SignatureVerificationAlgorithm] = {
    use webpki::aws_lc_rs as w;
    &[
        &Memoized {
            webpki: w::ECDSA_P256_SHA256,
            fast: Fast::EcdsaP256Sha256,
        },
        &Memoized {
            webpki: w::ECDSA_P256_SHA384,
            fast: Fast::EcdsaP256Sha384,
        },
        &Memoized {
            webpki: w::ECDSA_P384_SHA256,
            fast: Fast::EcdsaP384Sha256,
        },
        &Memoized {
            webpki: w::ECDSA_P384_SHA384,
            fast: Fast::EcdsaP384Sha384,
        },
        &Memoized {
            webpki: w::ED25519,
            fast: Fast::Ed25519,
        },
        &Memoized {
            webpki: w::RSA_PKCS1_2048_8192_SHA256,
            fast: Fast::RsaPkcs1Sha256,
        },
        &Memoized {
            webpki: w::RSA_PKCS1_2048_8192_SHA384,
            fast: Fast::RsaPkcs1Sha384,
        },
        &Memoized {
            webpki: w::RSA_PKCS1_2048_8192_SHA512,
            fast: Fast::RsaPkcs1Sha512,
        },
        &Memoized {
            webpki: w::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
            fast: Fast::RsaPkcs1Sha256,
        },
        &Memoized {
            webpki: w::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
            fast: Fast::RsaPkcs1Sha384,
        },
        &Memoized {
            webpki: w::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
            fast: Fast::RsaPkcs1Sha512,
        },
        &Memoized {
            webpki: w::RSA_PKCS1_3072_8192_SHA384,
            fast: Fast::RsaPkcs1Sha384Min3072,
        },
        &Memoized {
            webpki: w::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
            fast: Fast::RsaPssSha256,
        },
        &Memoized {
            webpki: w::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
            fast: Fast::RsaPssSha384,
        },
        &Memoized {
            webpki: w::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
            fast: Fast::RsaPssSha512,
        },
    ]
};

fn describe_error(ctx: &Context<'_>, e: &Error) -> String {
    let ms = |t: &UnixTime| {
        date(
            i64::try_from(t.as_secs())
                .unwrap_or(i64::MAX)
                .saturating_mul(1000),
        )
    };
    match e {
        Error::UnknownIssuer => "no path to a trusted root (webpki does not accept a leaf that is itself trusted, nor SHA-1 or small-key links, and fetches no missing intermediate)".into(),
        Error::CertExpired { not_after, .. } => format!("a certificate expired on {}", ms(not_after)),
        Error::CertNotValidYet { not_before, .. } => format!("a certificate is valid only from {}", ms(not_before)),
        Error::CertNotValidForName(_) => format!(
            "the certificate is not valid for `{}` (webpki matches subjectAltNames only and ignores the CN)",
            ctx.host
        ),
        Error::CaUsedAsEndEntity => "the server's certificate is a CA certificate (basicConstraints CA:TRUE)".into(),
        Error::EndEntityUsedAsCa => "a certificate used as an intermediate is not a CA".into(),
        Error::RequiredEkuNotFoundContext(_) => "the leaf's ExtendedKeyUsage lacks serverAuth".into(),
        Error::UnsupportedCertVersion => "an X.509 v1 certificate (webpki accepts only v3 below the root)".into(),
        Error::UnsupportedCriticalExtension => "an unsupported critical extension".into(),
        Error::InvalidSignatureForPublicKey => "a signature does not verify (or its key is outside the accepted sizes, such as RSA under 2048 bits)".into(),
        Error::UnsupportedSignatureAlgorithmContext(_) | Error::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            "a signature algorithm or key it does not accept (it takes SHA-256/384/512 RSA 2048–8192, RSA-PSS, ECDSA P-256/P-384 and Ed25519)".into()
        }
        Error::PathLenConstraintViolated => "a pathLenConstraint is exceeded".into(),
        Error::NameConstraintViolation => "a name outside a CA's name constraints".into(),
        Error::MalformedDnsIdentifier => format!("`{}` is not a valid DNS name or IP address for it", ctx.host),
        Error::MalformedExtensions => "malformed extensions (for instance a DNS name outside the subjectAltName)".into(),
        Error::BadDer | Error::BadDerTime => "a certificate it cannot parse".into(),
        other => format!("{other:?}"),
    }
}

/// The chain's certificates that a strict client typically refuses, as a hint.
fn culprits(ctx: &Context<'_>) -> String {
    let mut hints = Vec::new();
    for c in ctx.chain {
        if matches!(
            c.signature_algorithm.digest(),
            Some(Digest::Sha1 | Digest::Md5 | Digest::Md2 | Digest::Sha224)
        ) && !c.is_self_issued()
        {
            hints.push(format!(
                "{} is signed with {}",
                quoted_subject(c),
                c.signature_algorithm.java_name()
            ));
        }
        if let PublicKeyKind::Rsa { bits } = c.key {
            if bits < 2048 {
                hints.push(format!("{} has an RSA {bits}-bit key", quoted_subject(c)));
            }
        }
        if c.version < 3 && !c.is_self_issued() {
            hints.push(format!("{} is an X.509 v1 certificate", quoted_subject(c)));
        }
    }
    if hints.is_empty() {
        String::new()
    } else {
        format!(" Likely causes: {}.", hints.join("; "))
    }
}

#[cfg(test)]
mod memo_tests {
    use super::*;

    #[test]
    fn memoized_algorithms_are_a_ring_clients_in_webpkis_order() {
        let id = |a: &dyn SignatureVerificationAlgorithm| (a.public_key_alg_id(), a.signature_alg_id());
        let ours: Vec<_> = MEMOIZED_ALGS.iter().map(|a| id(*a)).collect();
        // webpki's list (AWS-LC build) without what ring lacks.
        let ring_lacks = {
            use webpki::aws_lc_rs as w;
            [
                w::ECDSA_P256_SHA512,
                w::ECDSA_P384_SHA512,
                w::ECDSA_P521_SHA256,
                w::ECDSA_P521_SHA384,
                w::ECDSA_P521_SHA512,
                w::ML_DSA_44,
                w::ML_DSA_65,
                w::ML_DSA_87,
            ]
            .map(id)
        };
        let theirs: Vec<_> = webpki::ALL_VERIFICATION_ALGS
            .iter()
            .map(|a| id(*a))
            .filter(|a| !ring_lacks.contains(a))
            .collect();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn memoized_algorithms_decide_like_webpkis() {
        use aws_lc_rs::signature::{self as aws, EcdsaKeyPair, Ed25519KeyPair, KeyPair};
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let ec = EcdsaKeyPair::generate(&aws::ECDSA_P256_SHA256_ASN1_SIGNING).unwrap();
        let ed = Ed25519KeyPair::generate().unwrap();
        let samples = [
            (
                ec.public_key().as_ref().to_vec(),
                ec.sign(&rng, b"tbs").unwrap().as_ref().to_vec(),
            ),
            (
                ed.public_key().as_ref().to_vec(),
                ed.sign(b"tbs").as_ref().to_vec(),
            ),
        ];
        for (key, sig) in &samples {
            for ours in MEMOIZED_ALGS {
                let theirs = webpki::ALL_VERIFICATION_ALGS
                    .iter()
                    .find(|a| {
                        (a.public_key_alg_id(), a.signature_alg_id())
                            == (ours.public_key_alg_id(), ours.signature_alg_id())
                    })
                    .unwrap();
                for msg in [&b"tbs"[..], b"tbz"] {
                    // Twice: the second call may be answered by the memo.
                    for _ in 0..2 {
                        assert_eq!(
                            ours.verify_signature(key, msg, sig).is_ok(),
                            theirs.verify_signature(key, msg, sig).is_ok(),
                            "{theirs:?}"
                        );
                    }
                }
            }
        }
    }
}
