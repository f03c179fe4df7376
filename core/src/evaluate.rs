//! The pure function: one case in, API Gateway's verdict out.
//!
//! Order (the first failure decides `gateway_message`): negotiation, trust (PKIX validator, then
//! end-entity checks), hostname (HttpClient 4.5.2). No I/O: the trust store is passed in, the
//! time comes from the case (or the caller's clock when the case has none).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::apigw;
use crate::case::{Case, CaseError};
use crate::cert::{CertError, Certificate};
use crate::pem::{decode_certificate_input, pem_blocks};
use crate::constraints::{self, TlsVersion};
use crate::crypto::{Curve, PublicKeyKind};
use crate::diagnose::{self, TrustOutcome};
use crate::end_entity;
use crate::general_name::GeneralName;
use crate::hostname::{self, SubjectAltName};
use crate::message::{self, Failure, TrustFailure};
use crate::time::{self, Millis};
use crate::trust::{self, Budget, Context, Origin, Rejection, Route, TrustStore};
use crate::verdict::{CertificateRef, Rule, Stage, Verdict};

/// The oracle's marker on insecureSkipVerification verdicts.
pub const SKIP_VERIFICATION_MODEL: &str =
    "leaf X509Certificate.checkValidity only (unconfirmed model)";

/// Largest chain we evaluate (a real server sends 2–4 certificates).
pub const MAX_CHAIN_LEN: usize = 64;
/// Largest trust store given inline in one case.
pub const MAX_CASE_ROOTS: usize = 4096;

/// Evaluates cases against a default trust store, caching parsed per-case trust stores.
pub struct Evaluator {
    default_store: Arc<TrustStore>,
    budget: Budget,
    path_certificates: bool,
    jsse_limits: bool,
    roots_cache: Mutex<HashMap<[u8; 32], Arc<TrustStore>>>,
}

/// How many distinct inline trust stores the evaluator keeps parsed.
const ROOTS_CACHE_SIZE: usize = 16;

impl Evaluator {
    /// An evaluator whose default trust store (for cases without `roots`) is `default_store`.
    pub fn new(default_store: TrustStore) -> Self {
        Evaluator {
            default_store: Arc::new(default_store),
            budget: Budget::default(),
            path_certificates: false,
            jsse_limits: true,
            roots_cache: Mutex::new(HashMap::new()),
        }
    }

    /// Replaces the work budget.
    pub fn with_budget(mut self, budget: Budget) -> Self {
        self.budget = budget;
        self
    }

    /// Also returns the validated path's certificates (`Verdict::validated_path_der`), for
    /// callers that hand the path out as certificates rather than subjects. Off by default:
    /// it copies each path certificate's encoding.
    pub fn with_path_certificates(mut self, on: bool) -> Self {
        self.path_certificates = on;
        self
    }

    /// Applies JSSE's handshake limits on the Certificate message (on by default, as the JDK
    /// client does). Off, the verdict is the trust manager's and HttpClient's alone — what the
    /// oracle computes by calling the validator directly — for checking the trust step on
    /// chains over those limits.
    pub fn with_jsse_handshake_limits(mut self, on: bool) -> Self {
        self.jsse_limits = on;
        self
    }

    /// The default trust store.
    pub fn default_store(&self) -> &TrustStore {
        &self.default_store
    }

    /// Evaluates one case. Never panics; bad input gives a verdict with `error` set.
    pub fn evaluate(&self, case: &Case) -> Verdict {
        match self.try_evaluate(case) {
            Ok(v) => v,
            Err(e) => Verdict::input_error(None, e.to_string()),
        }
    }

    fn store_for(&self, case: &Case) -> Result<Arc<TrustStore>, CaseError> {
        let Some(roots) = &case.roots else {
            return Ok(self.default_store.clone());
        };
        let mut h = Sha256::new();
        for r in roots {
            h.update(r);
            h.update([0]);
        }
        let key: [u8; 32] = h.finalize().into();
        if let Some(s) = self
            .roots_cache
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned())
        {
            return Ok(s);
        }
        let store = Arc::new(parse_roots(roots)?);
        if let Ok(mut cache) = self.roots_cache.lock() {
            if cache.len() >= ROOTS_CACHE_SIZE {
                cache.clear();
            }
            cache.insert(key, store.clone());
        }
        Ok(store)
    }

    fn try_evaluate(&self, case: &Case) -> Result<Verdict, CaseError> {
        if case.chain.len() > MAX_CHAIN_LEN {
            return Err(CaseError::ChainTooLong(case.chain.len()));
        }
        let settings = &case.settings;
        let integration = settings.integration;
        // serverNameToVerify replaces the URL's host for SNI and the hostname check — on the
        // integrations that have the setting (HTTP API private); elsewhere it is refused (a
        // finding says so) and the URL's host is verified.
        let host = match &settings.server_name_to_verify {
            Some(name) if integration.is_none_or(apigw::supports_server_name_to_verify) => {
                name.clone()
            }
            _ => case.host.clone(),
        };
        let now = case
            .time
            .map(crate::jsonl::millis)
            .unwrap_or_else(now_millis);
        // insecureSkipVerification exists only on REST HTTP / HTTP_PROXY integrations (public or
        // private through a VPC link): on HTTP APIs it is refused (a finding says so) and the
        // chain is verified normally.
        let skip =
            settings.skip_verification && integration.is_none_or(apigw::supports_skip_verification);
        let inputs = Inputs {
            host,
            now,
            tls: case.tls_version,
            auth_type: case.auth_type.clone(),
            skip,
            case,
            path_certificates: self.path_certificates,
            jsse_limits: self.jsse_limits,
        };
        // The trust store is read only once the chain parsed, as the oracle (and JSSE) does:
        // an unparseable chain is reported as such whatever the roots hold.
        evaluate_parsed(&case.chain, &|| self.store_for(case), &inputs, self.budget)
    }
}

/// The checked inputs of one case.
struct Inputs<'a> {
    host: String,
    now: Millis,
    tls: TlsVersion,
    auth_type: Option<String>,
    skip: bool,
    /// The case itself: API Gateway settings, addresses and what the prober saw, for the
    /// handshake model and the diagnosis.
    case: &'a Case,
    /// Fill `Verdict::validated_path_der`.
    path_certificates: bool,
    /// Apply JSSE's handshake limits.
    jsse_limits: bool,
}

fn now_millis() -> Millis {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

/// Parses a case's `roots` (each entry may hold several PEM blocks, like `generateCertificates`).
pub fn parse_roots(roots: &[impl AsRef<[u8]>]) -> Result<TrustStore, CaseError> {
    let mut store = TrustStore::new();
    let mut count = 0;
    for (index, entry) in roots.iter().enumerate() {
        let entry = entry.as_ref();
        let text = std::str::from_utf8(entry).ok();
        if let Some(detail) = text.and_then(crate::pem::not_a_certificate) {
            return Err(CaseError::BadRoot { index, detail });
        }
        let ders: Vec<Result<Vec<u8>, CertError>> = match text {
            Some(text) if text.contains("-----BEGIN") => pem_blocks(text),
            _ => vec![decode_certificate_input(entry)],
        };
        for der in ders {
            count += 1;
            if count > MAX_CASE_ROOTS {
                return Err(CaseError::TooManyRoots(count));
            }
            let cert =
                der.and_then(|d| Certificate::from_der(&d))
                    .map_err(|e| CaseError::BadRoot {
                        index,
                        detail: e.to_string(),
                    })?;
            store.add(cert, false);
        }
    }
    Ok(store)
}

/// Evaluates an already-split case: the chain entries, where to get the trust store (not
/// consulted under insecureSkipVerification), and the inputs.
fn evaluate_parsed(
    pems: &[Vec<u8>],
    store: &dyn Fn() -> Result<Arc<TrustStore>, CaseError>,
    inputs: &Inputs,
    budget: Budget,
) -> Result<Verdict, CaseError> {
    let mut v = Verdict {
        negotiation_ok: true,
        ..Verdict::default()
    };
    let verified_host = hostname::verified_host(&inputs.host);
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
    // Its signature cache and budget are the diagnosis's too: what the diagnosis verifies
    // again is free, and what it verifies anew is bounded by what the trust step left.
    let signatures = RefCell::new(Context::new(inputs.now, inputs.tls, budget));
    let mut trust_rule: Option<Rule> = None;
    let mut trust_failure: Option<TrustFailure> = None;
    // What the diagnosis needs of the trust step (the store is not consulted under skip).
    let mut outcome = TrustOutcome::SkipModel(None);
    let mut diagnosis_store: Option<Arc<TrustStore>> = None;
    if inputs.skip {
        v.skip_verification_model = Some(SKIP_VERIFICATION_MODEL.to_string());
        match skip_verification(&chain, inputs.now) {
            Ok(()) => v.trusted = Some(true),
            Err((failure, origin)) => {
                outcome = TrustOutcome::SkipModel(Some((failure.clone(), origin)));
                v.trusted = Some(false);
                v.trust_error = Some(failure.java_message());
                trust_failure = Some(failure.clone());
                trust_rule = Some(rule(
                    Stage::SkipVerification,
                    &failure,
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
            .auth_type
            .clone()
            .unwrap_or_else(|| end_entity::default_auth_type(inputs.tls, leaf).to_string());
        v.auth_type = Some(auth_type.clone());
        let decision = trust::decide(&chain, store, &mut signatures.borrow_mut());
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
                        v.validated_path = Some(
                            path.path
                                .iter()
                                .map(|o| subject_of(*o, &chain, store))
                                .collect(),
                        );
                        if inputs.path_certificates {
                            v.validated_path_der = Some(
                                path.path
                                    .iter()
                                    .map(|o| match *o {
                                        Origin::Presented(i) => chain[i].der().to_vec(),
                                        Origin::Anchor(i) => store.anchors()[i].cert.der().to_vec(),
                                    })
                                    .collect(),
                            );
                        }
                    }
                    Err(failure) => {
                        outcome.set_end_entity(failure.clone());
                        let failure = TrustFailure::EndEntity { failure };
                        v.trusted = Some(false);
                        v.trust_error = Some(failure.java_message());
                        trust_failure = Some(failure.clone());
                        trust_rule = Some(rule(
                            Stage::EndEntity,
                            &failure,
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
                builder_note,
            }) => {
                v.route = Some(route);
                v.trusted = Some(false);
                v.trust_error = Some(failure.java_message());
                trust_failure = Some(failure.clone());
                trust_rule = Some(rule(
                    Stage::Trust,
                    &failure,
                    certificate,
                    &chain,
                    Some(store),
                    builder_note,
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
                curve_name(&leaf.key)
            )),
        };
        (Some(failure), Some(rule))
    } else if let Some(limit) = jsse_limit {
        (
            Some(Failure::JsseLimit(limit)),
            Some(jsse_limit_rule(limit, chain.len())),
        )
    } else if v.trusted != Some(true) {
        (trust_failure.map(Failure::Trust), trust_rule)
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
        host: &inputs.host,
        now: inputs.now,
        tls: inputs.tls,
        case: inputs.case,
        signatures: Some(&signatures),
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
        host: &inputs.host,
        now: inputs.now,
        tls: inputs.tls,
        case: inputs.case,
        signatures: None,
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

fn subject_of(origin: Origin, chain: &[Certificate], store: &TrustStore) -> String {
    match origin {
        Origin::Presented(i) => chain[i].subject_string(),
        Origin::Anchor(i) => store.anchors()[i].cert.subject_string(),
    }
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
        let subject = match o {
            Origin::Presented(i) => chain.get(i)?.subject_string(),
            Origin::Anchor(i) => store?.anchors().get(i)?.cert.subject_string(),
        };
        Some(CertificateRef { origin: o, subject })
    });
    Rule {
        stage,
        code: failure.code(),
        certificate,
        detail,
    }
}

fn curve_name(key: &PublicKeyKind) -> String {
    match key {
        PublicKeyKind::Ec {
            curve: Curve::P224, ..
        } => "P-224".into(),
        PublicKeyKind::Ec {
            curve: Curve::Secp256k1,
            ..
        } => "secp256k1".into(),
        PublicKeyKind::Ec {
            curve: Curve::Other(s),
            ..
        } => s.clone(),
        _ => "an unsupported curve".into(),
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

/// Route of a verdict as text (for reports).
pub fn route_description(route: Route) -> &'static str {
    match route {
        Route::TrustedLeaf => "the leaf itself is in the trust store (accepted without checks)",
        Route::TrustedInChain => "a trusted certificate inside the chain served as anchor",
        Route::AsPresented => "the chain was validated in the order presented",
        Route::Builder => {
            "the JDK path builder searched the presented certificates and the trust store"
        }
    }
}

impl Evaluator {
    /// Evaluates many cases on `threads` worker threads (0 = all cores); results are in input
    /// order. Used by the Python and Node bindings' `evaluate_many`.
    pub fn evaluate_many(&self, cases: &[Case], threads: usize) -> Vec<Verdict> {
        let threads = worker_threads(threads).min(cases.len().max(1));
        if threads <= 1 {
            return cases.iter().map(|c| self.evaluate_contained(c)).collect();
        }
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut slots: Vec<Option<Verdict>> = vec![None; cases.len()];
        let results = Mutex::new(Vec::with_capacity(cases.len()));
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| {
                    let mut local = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(case) = cases.get(i) else { break };
                        local.push((i, self.evaluate_contained(case)));
                    }
                    if let Ok(mut r) = results.lock() {
                        r.extend(local);
                    }
                });
            }
        });
        for (i, v) in results.into_inner().unwrap_or_default() {
            slots[i] = Some(v);
        }
        slots
            .into_iter()
            .map(|v| {
                v.unwrap_or_else(|| {
                    Verdict::input_error(None, "internal error while evaluating this case")
                })
            })
            .collect()
    }

    /// [`Evaluator::evaluate`] with any panic contained to an error verdict, so that no panic
    /// can cross an FFI boundary.
    pub fn evaluate_contained(&self, case: &Case) -> Verdict {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.evaluate(case)))
            .unwrap_or_else(|_| {
                Verdict::input_error(None, "internal error while evaluating this case")
            })
    }
}

/// The number of worker threads for a request of `requested` (0 = one per core), shared by
/// [`Evaluator::evaluate_many`] and the batch reader.
pub(crate) fn worker_threads(requested: usize) -> usize {
    if requested == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    } else {
        requested
    }
}
