//! The pure function: one case in, API Gateway's verdict out.
//!
//! Order (the first failure decides `gateway_message`): negotiation, trust (PKIX validator, then
//! end-entity checks), hostname (HttpClient 4.5.2). No I/O: the trust store is passed in, the
//! time comes from the case (or the caller's clock when the case has none). The steps are in
//! `pipeline`; this module holds the evaluator (its trust-store cache, its threads).

mod pipeline;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};


use crate::apigw;
use crate::case::{Case, CaseError};
use crate::cert::{CertError, Certificate};
use crate::pem::{decode_certificate_input, pem_blocks};
use crate::time::Millis;
use crate::trust::{Budget, Route, TrustStore};
use crate::verdict::Verdict;
use pipeline::{evaluate_parsed, Inputs};

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
    ///
    /// A server whose certificate comes from a private CA: API Gateway's trust store rejects
    /// it with the path builder's message; a store that holds the private root accepts it.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use apigw_tls::{certificate_file, default_trust_store, trust_store_with, Case, Evaluator, Failure, TlsVersion};
    ///
    /// // The leaf and its intermediate, as the server presents them (DER, leaf first).
    /// let pem = include_bytes!("../tests/data/examples/api.internal.example.com.pem");
    /// let chain = certificate_file(pem).expect("two certificates");
    /// let mut case = Case::for_url("https://api.internal.example.com/orders", chain)?;
    /// case.time = Some(UNIX_EPOCH + Duration::from_secs(1_800_000_000)); // 2027-01-15
    /// case.tls_version = TlsVersion::Tls12;
    ///
    /// let verdict = Evaluator::new(default_trust_store()).evaluate(&case);
    /// assert!(!verdict.accepted);
    /// assert_eq!(
    ///     verdict.gateway_message.as_deref(),
    ///     Some("Execution failed due to configuration error: PKIX path building failed: \
    ///           sun.security.provider.certpath.SunCertPathBuilderException: \
    ///           unable to find valid certification path to requested target")
    /// );
    /// assert!(matches!(verdict.failure, Some(Failure::Trust(_))));
    /// assert_eq!(verdict.rule.map(|r| r.code), Some("no_path_found"));
    ///
    /// let root = include_bytes!("../tests/data/examples/private-root.pem");
    /// let private = Evaluator::new(trust_store_with(&[root], false)?);
    /// assert!(private.evaluate(&case).accepted);
    /// # Ok::<(), apigw_tls::CaseError>(())
    /// ```
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
        let key = crate::crypto::sha256_parts(roots.iter().flat_map(|r| [&r[..], &[0u8][..]]));
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
            Some(name) if integration.is_none_or(apigw::supports_server_name_to_verify) => name,
            _ => &case.host,
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
    ///
    /// ```
    /// use apigw_tls::{default_trust_store, Case, Evaluator};
    ///
    /// let evaluator = Evaluator::new(default_trust_store());
    /// let cases: Vec<Case> = ["a.example.com", "b.example.com"]
    ///     .into_iter()
    ///     .map(|host| Case::new(host, vec![]))
    ///     .collect();
    /// let verdicts = evaluator.evaluate_many(&cases, 0);
    /// assert_eq!(verdicts.len(), 2);
    /// assert!(verdicts.iter().all(|v| !v.accepted));
    /// ```
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
