//! One case through API Gateway's client, step by step: parse the chain as JSSE's
//! `CertificateFactory` does, JSSE's handshake limits, the trust manager (or the
//! insecureSkipVerification model), the end-entity checks, HttpClient's hostname verifier, a
//! server that requires a client certificate; the first failure decides, then the diagnosis.

use std::sync::Arc;

use super::SKIP_VERIFICATION_MODEL;
use crate::case::{Case, CaseError};
use crate::cert::{CertError, Certificate};
use crate::constraints::{self, TlsVersion};
use crate::crypto::{Curve, PublicKeyKind};
use crate::diagnose::{self, TrustOutcome};
use crate::end_entity;
use crate::general_name::GeneralName;
use crate::hostname::{self, SubjectAltName};
use crate::message::{self, Failure, TrustFailure};
use crate::pem::decode_certificate_input;
use crate::time::{self, Millis};
use crate::trust::{self, Budget, Context, Origin, Rejection, TrustStore};
use crate::verdict::{CertificateRef, Rule, Stage, Verdict};

/// The checked inputs of one case.
pub(super) struct Inputs<'a> {
    pub(super) host: &'a str,
    pub(super) now: Millis,
    pub(super) tls: TlsVersion,
    pub(super) skip: bool,
    /// The case itself: API Gateway settings, addresses and what the prober saw, for the
    /// handshake model and the diagnosis.
    pub(super) case: &'a Case,
    /// Fill `Verdict::validated_path_der`.
    pub(super) path_certificates: bool,
    /// Apply JSSE's handshake limits.
    pub(super) jsse_limits: bool,
}

/// Evaluates an already-split case: the chain entries, where to get the trust store (not
/// consulted under insecureSkipVerification), and the inputs.
pub(super) fn evaluate_parsed(
    pems: &[Vec<u8>],
    store: &dyn Fn() -> Result<Arc<TrustStore>, CaseError>,
    inputs: &Inputs,
    budget: Budget,
) -> Result<Verdict, CaseError> {
    let mut v = Verdict {
        negotiation_ok: true,
        ..Verdict::default()
    };
    let verified_host = hostname::verified_host(inputs.host);
    if verified_host != inputs.host {
        v.verified_host = Some(verified_host.clone());
    }

    // -- parse the chain as the JSSE client does (CertificateFactory per entry)
    if pems.is_empty() {
        return Ok(reject_before_parse(
            v,
            TrustFailure::EmptyChain,
            None,
            inputs,
            None,
        ));
    }
    let decoded: Vec<Result<Vec<u8>, CertError>> = pems
        .iter()
        .map(|pem| decode_certificate_input(pem))
        .collect();
    // -- JSSE's handshake limits, checked on the Certificate message before any entry is
    // parsed (so before a parse failure, the trust manager and the hostname check)
    let lengths: Option<Vec<usize>> = decoded
        .iter()
        .map(|d| d.as_ref().ok().map(Vec::len))
        .collect();
    let jsse_limit = inputs
        .jsse_limits
        .then(|| {
            constraints::jsse_limit_failure(
                pems.len(),
                lengths.as_deref(),
                inputs.case.handshake.certificate_message_size,
                inputs.tls,
            )
        })
        .flatten();
    let mut chain = Vec::with_capacity(pems.len());
    for (index, der) in decoded.into_iter().enumerate() {
        match der.and_then(|d| Certificate::from_der(&d)) {
            Ok(c) => chain.push(c),
            Err(e) => {
                let failure = TrustFailure::Unparseable {
                    index,
                    detail: e.to_string(),
                };
                let detail = Some(format!("certificate {index}: {e}"));
                let before = jsse_limit.map(|l| (l, pems.len()));
                return Ok(reject_before_parse(v, failure, detail, inputs, before));
            }
        }
    }
    let leaf = &chain[0];

    // -- trust
    // The checkers' signature cache and budget. The diagnosis verifies nothing: what it needs
    // of signatures is in the rejection (its issuer, the builder's search record).
    let mut checks = Context::new(inputs.now, inputs.tls, budget);
    // The trust manager's failure and its rule, when it rejected the chain.
    let mut trust_rejection: Option<(TrustFailure, Rule)> = None;
    // What the diagnosis needs of the trust step (the store is not consulted under skip).
    let mut outcome = TrustOutcome::SkipModel(None);
    let mut diagnosis_store: Option<Arc<TrustStore>> = None;
    if inputs.skip {
        v.skip_verification_model = Some(SKIP_VERIFICATION_MODEL.to_string());
        match skip_verification(&chain, inputs.now) {
            Ok(()) => v.trusted = Some(true),
            Err((failure, origin)) => {
                outcome = TrustOutcome::SkipModel(Some((failure.clone(), origin)));
                trust_rejection = Some(reject(
                    &mut v,
                    failure,
                    Stage::SkipVerification,
                    origin,
                    &chain,
                    None,
                    None,
                ));
            }
        }
    } else {
        let store_arc = store()?;
        diagnosis_store = Some(store_arc.clone());
        let store = store_arc.as_ref();
        let auth_type = inputs
            .case
            .auth_type
            .clone()
            .unwrap_or_else(|| end_entity::default_auth_type(inputs.tls, leaf).to_string());
        v.auth_type = Some(auth_type.clone());
        let decision = trust::decide(&chain, store, &mut checks);
        outcome = TrustOutcome::from_decision(&decision);
        match decision {
            Ok(path) => {
                v.route = Some(path.route);
                // Validator.validate: the end-entity checks run when the path has more than the leaf.
                let ee = if path.path.len() > 1 {
                    end_entity::check_tls_server(leaf, &auth_type)
                } else {
                    Ok(())
                };
                match ee {
                    Ok(()) => {
                        v.trusted = Some(true);
                        // The builder's and validator's paths name only certificates they read.
                        let path_certs = || {
                            path.path
                                .iter()
                                .filter_map(|o| o.certificate(&chain, Some(store)))
                        };
                        v.validated_path =
                            Some(path_certs().map(Certificate::subject_string).collect());
                        if inputs.path_certificates {
                            v.validated_path_der =
                                Some(path_certs().map(|c| c.der().to_vec()).collect());
                        }
                    }
                    Err(failure) => {
                        outcome.set_end_entity(failure.clone());
                        let failure = TrustFailure::EndEntity { failure };
                        trust_rejection = Some(reject(
                            &mut v,
                            failure,
                            Stage::EndEntity,
                            Some(Origin::Presented(0)),
                            &chain,
                            Some(store),
                            None,
                        ));
                    }
                }
            }
            Err(Rejection {
                route,
                failure,
                certificate,
                search,
                issuer: _,
            }) => {
                // The rule's detail is the builder's note, rendered from its typed dead ends.
                let note = search.map(|s| s.note(&chain).to_string());
                v.route = Some(route);
                trust_rejection = Some(reject(
                    &mut v,
                    failure,
                    Stage::Trust,
                    certificate,
                    &chain,
                    Some(store),
                    note,
                ));
            }
        }
    }

    // -- hostname (HttpClient runs it after the handshake; always reported)
    let sans: Vec<SubjectAltName> = leaf
        .extensions
        .subject_alt_names
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|gn| match gn {
            GeneralName::Dns(s) => SubjectAltName::Dns(s.clone()),
            GeneralName::Ip(b) => SubjectAltName::Ip(b.clone()),
            GeneralName::Rfc822(s) => SubjectAltName::Email(s.clone()),
            _ => SubjectAltName::Other,
        })
        .collect();
    let cn = leaf.subject.hostname_cn();
    let check = hostname::verify(&verified_host, &sans, cn.as_ref());
    v.hostname_ok = Some(check.ok);
    v.hostname_error = check.error.clone();
    if !check.ok {
        v.hostname_peer_error = Some(message::hostname_peer_error(
            &verified_host,
            &leaf.subject_string(),
        ));
    }

    // -- negotiation: the JDK client offers ECDSA only on P-256/384/521 (the server cannot
    // even send this leaf), then JSSE's limits on the Certificate message it sends
    let unsupported_curve = matches!(&leaf.key, PublicKeyKind::Ec { curve, .. }
        if !matches!(curve, Curve::P256 | Curve::P384 | Curve::P521));
    if unsupported_curve {
        set_negotiation_failure(&mut v, message::NEGOTIATION_HANDSHAKE_FAILURE.to_string());
    } else if let Some(limit) = jsse_limit {
        set_negotiation_failure(&mut v, limit.java_message());
    }
    v.server_dependent_warning = server_dependent_warning(&chain, inputs.tls);

    // -- a server that requires a client certificate API Gateway does not present
    let client_certificate_refusal = client_certificate_refusal(inputs);

    // -- the first failure decides
    let leaf_ref = || CertificateRef {
        origin: Origin::Presented(0),
        subject: leaf.subject_string(),
    };
    let (failure, decided) = if unsupported_curve {
        let failure = Failure::UnsupportedLeafCurve;
        let rule = Rule {
            stage: Stage::Negotiation,
            code: failure.code(),
            certificate: Some(leaf_ref()),
            detail: Some(format!(
                "the leaf key is on {}, which the JDK client does not offer",
                match &leaf.key {
                    PublicKeyKind::Ec { curve, .. } => curve.display_name(),
                    _ => "an unsupported curve",
                }
            )),
        };
        (Some(failure), Some(rule))
    } else if let Some(limit) = jsse_limit {
        (
            Some(Failure::JsseLimit(limit)),
            Some(jsse_limit_rule(limit, chain.len())),
        )
    } else if v.trusted != Some(true) {
        match trust_rejection {
            Some((failure, rule)) => (Some(Failure::Trust(failure)), Some(rule)),
            None => (None, None),
        }
    } else if let (Some(bits), TlsVersion::Tls12) = (
        inputs.case.handshake.dh_prime_bits.filter(|b| *b < 1024),
        inputs.tls,
    ) {
        // TLS 1.2 DHE: JSSE reads the ServerKeyExchange after the trust manager accepted the
        // chain, and refuses a DH key under 1024 bits before HttpClient sees the host.
        let failure = Failure::WeakDhPrime { bits };
        set_negotiation_failure(&mut v, failure.java_message());
        let rule = Rule {
            stage: Stage::Negotiation,
            code: failure.code(),
            certificate: None,
            detail: Some(format!(
                "the server's DHE prime has {bits} bits; jdk.tls.disabledAlgorithms refuses DH keys under 1024 bits"
            )),
        };
        (Some(failure), Some(rule))
    } else if let (Some((failure, rule)), TlsVersion::Tls12) =
        (&client_certificate_refusal, inputs.tls)
    {
        // TLS 1.2: the server's alert answers the client's flight, inside startHandshake,
        // before HttpClient verifies the hostname.
        (Some(failure.clone()), Some(rule.clone()))
    } else if !check.ok {
        let failure = Failure::HostnameMismatch {
            host: verified_host.clone(),
            subject: leaf.subject_string(),
        };
        let rule = Rule {
            stage: Stage::Hostname,
            code: failure.code(),
            certificate: Some(leaf_ref()),
            detail: v.hostname_error.clone(),
        };
        (Some(failure), Some(rule))
    } else {
        // TLS 1.3: the client's handshake ends with its Finished; the server's alert arrives
        // with the first read after HttpClient's hostname check.
        match client_certificate_refusal {
            Some((failure, rule)) => (Some(failure), Some(rule)),
            None => (None, None),
        }
    };
    v.gateway_message = failure
        .as_ref()
        .map(|f| message::gateway_message(&f.java_message()));
    v.accepted = failure.is_none();
    v.failure = failure;
    v.rule = decided;
    v.findings = diagnose::diagnose(&diagnose::Context {
        chain: &chain,
        store: diagnosis_store.as_deref(),
        verdict: &v,
        trust: &outcome,
        hostname: Some(&check),
        host: inputs.host,
        now: inputs.now,
        tls: inputs.tls,
        case: inputs.case,
        jsse_limit: jsse_limit.map(|l| (l, chain.len())),
    });
    Ok(v)
}

/// The message and rule when the server refused the handshake for want of a client certificate
/// and API Gateway presents none. With one, the handshake is modelled as going on.
fn client_certificate_refusal(inputs: &Inputs) -> Option<(Failure, Rule)> {
    if inputs.case.settings.client_certificate {
        return None;
    }
    let request = inputs.case.handshake.client_certificate_request.as_ref()?;
    let alert = request.refused_with.as_deref()?;
    let failure = Failure::ClientCertificateRequired {
        alert: alert.to_string(),
    };
    let rule = Rule {
        stage: Stage::ClientCertificate,
        code: failure.code(),
        certificate: None,
        detail: Some(format!(
            "the server requested a client certificate and sent {alert} when none came; the integration presents none"
        )),
    };
    Some((failure, rule))
}

/// The handshake fails before the trust manager runs.
fn set_negotiation_failure(v: &mut Verdict, java_message: String) {
    v.negotiation_ok = false;
    v.negotiation_error = Some(java_message);
}

/// The rule of a JSSE handshake-limit failure.
fn jsse_limit_rule(limit: message::JsseLimitFailure, entries: usize) -> Rule {
    use message::JsseLimitFailure as L;
    let detail = match limit {
        L::HandshakeMessageSize { size, limit } => format!(
            "the server's Certificate message is {size} bytes, over jdk.tls.maxHandshakeMessageSize ({limit})"
        ),
        L::ChainLength { limit, .. } => format!(
            "the server sends {entries} certificates, over jdk.tls.maxCertificateChainLength ({limit})"
        ),
    };
    Rule {
        stage: Stage::Negotiation,
        code: limit.code(),
        certificate: None,
        detail: Some(detail),
    }
}

fn reject_before_parse(
    mut v: Verdict,
    failure: TrustFailure,
    detail: Option<String>,
    inputs: &Inputs,
    jsse_limit: Option<(message::JsseLimitFailure, usize)>,
) -> Verdict {
    v.trusted = Some(false);
    v.trust_error = Some(failure.java_message());
    v.rule = Some(Rule {
        stage: Stage::Trust,
        code: failure.code(),
        certificate: None,
        detail,
    });
    v.failure = Some(Failure::Trust(failure.clone()));
    // JSSE refused the Certificate message before parsing its entries.
    if let Some((limit, entries)) = jsse_limit {
        set_negotiation_failure(&mut v, limit.java_message());
        v.rule = Some(jsse_limit_rule(limit, entries));
        v.failure = Some(Failure::JsseLimit(limit));
    }
    v.gateway_message = v
        .failure
        .as_ref()
        .map(|f| message::gateway_message(&f.java_message()));
    v.findings = diagnose::diagnose(&diagnose::Context {
        chain: &[],
        store: None,
        verdict: &v,
        trust: &TrustOutcome::NotParsed(failure),
        hostname: None,
        host: inputs.host,
        now: inputs.now,
        tls: inputs.tls,
        case: inputs.case,
        jsse_limit,
    });
    v
}

/// The insecureSkipVerification model (SPEC "API Gateway settings"): the top certificate must be
/// a CA with keyCertSign, then the leaf's validity as `X509Certificate.checkValidity` reports it.
// The failure is the verdict's content, made once per case: boxing it would only add an
// allocation.
#[allow(clippy::result_large_err)]
fn skip_verification(
    chain: &[Certificate],
    now: Millis,
) -> Result<(), (TrustFailure, Option<Origin>)> {
    let top_index = chain.len() - 1;
    let top = &chain[top_index];
    let is_root_ca = top.java_basic_constraints() != -1 && top.key_usage_bit(5) != Some(false);
    if !is_root_ca {
        return Err((
            TrustFailure::SkipVerificationNoRootCa {
                subject: top.subject_string(),
            },
            Some(Origin::Presented(top_index)),
        ));
    }
    let leaf = &chain[0];
    if leaf.not_before > now {
        return Err((
            TrustFailure::LeafValidity {
                expired: false,
                date: time::java_date_string(leaf.not_before),
            },
            Some(Origin::Presented(0)),
        ));
    }
    if leaf.not_after < now {
        return Err((
            TrustFailure::LeafValidity {
                expired: true,
                date: time::java_date_string(leaf.not_after),
            },
            Some(Origin::Presented(0)),
        ));
    }
    Ok(())
}

/// The trust manager's rejection (or the end-entity checks', or the skip model's): the
/// verdict's trust fields, and the failure with its rule.
fn reject(
    v: &mut Verdict,
    failure: TrustFailure,
    stage: Stage,
    origin: Option<Origin>,
    chain: &[Certificate],
    store: Option<&TrustStore>,
    detail: Option<String>,
) -> (TrustFailure, Rule) {
    v.trusted = Some(false);
    v.trust_error = Some(failure.java_message());
    let rule = rule(stage, &failure, origin, chain, store, detail);
    (failure, rule)
}

fn rule(
    stage: Stage,
    failure: &TrustFailure,
    origin: Option<Origin>,
    chain: &[Certificate],
    store: Option<&TrustStore>,
    detail: Option<String>,
) -> Rule {
    let certificate = origin.and_then(|o| {
        let subject = o.certificate(chain, store)?.subject_string();
        Some(CertificateRef { origin: o, subject })
    });
    Rule {
        stage,
        code: failure.code(),
        certificate,
        detail,
    }
}

/// A chain signed with an algorithm the client does not offer may be refused by the server
/// itself (OpenSSL will not send it); the oracle flags this as server-dependent.
fn server_dependent_warning(chain: &[Certificate], tls: TlsVersion) -> Option<String> {
    let offered = constraints::offered_signature_algorithms(tls);
    chain.iter().map(|c| c.signature_algorithm.java_name()).find(|alg| !offered.contains(&alg.as_str())).map(|alg| {
        format!(
            "chain signed with {alg}, which the client does not offer; an OpenSSL server may abort with handshake_failure before the client validates the chain"
        )
    })
}

