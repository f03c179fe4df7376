//! The native addon under the `apigw-tls` npm package (`index.js` is the public API).
//!
//! Thin on purpose: cases cross the boundary in the JSON-lines case format and verdicts come
//! back as the exact JSON `apigw-tls batch` prints, so the Node result, the Python result and
//! the CLI line are the same. Every decision is the core's; this addon only parses the JSON,
//! runs the slow calls on libuv worker threads, contains panics and tags errors for
//! `index.js` to map to its error classes.

// Under `cargo test` napi's registration is compiled out, so the exported items look unused.
#![cfg_attr(test, allow(dead_code))]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};

use napi::bindgen_prelude::*;
use napi_derive::napi;

use apigw_tls::{batch, Evaluator, Verdict};

mod probe;

/// An evaluator as the bindings use it: the validated path comes back as certificates too.
fn new_evaluator(store: apigw_tls::TrustStore) -> Arc<Evaluator> {
    Arc::new(Evaluator::new(store).with_path_certificates(true))
}

/// The evaluator behind the module-level calls: API Gateway's bundled CAs as the default trust
/// store, parsed once per process (cases with `roots` use their own store).
pub(crate) fn evaluator() -> Arc<Evaluator> {
    static EVALUATOR: OnceLock<Arc<Evaluator>> = OnceLock::new();
    EVALUATOR
        .get_or_init(|| new_evaluator(apigw_tls::default_trust_store()))
        .clone()
}

/// The error kinds `index.js` maps to its classes: the reason starts with `"<kind>: "`.
pub(crate) enum Kind {
    /// `ProbeError`.
    Probe,
    /// `InternalError`.
    Internal,
}

/// A JS error carrying its kind for `index.js`.
pub(crate) fn error(kind: Kind, message: impl std::fmt::Display) -> Error {
    let tag = match kind {
        Kind::Probe => "probe",
        Kind::Internal => "internal",
    };
    Error::new(Status::GenericFailure, format!("{tag}: {message}"))
}

/// Runs `f` with a panic turned into an internal error (a panic must never unwind into Node).
pub(crate) fn contained<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(error(
            Kind::Internal,
            format!("internal error in apigw-tls: {detail}"),
        ))
    })
}

fn to_json(v: &Verdict) -> Result<String> {
    serde_json::to_string(v)
        .map_err(|e| error(Kind::Internal, format!("cannot serialise the verdict: {e}")))
}

/// What `evaluateJson` returns.
/// Runs the `apigw-tls` command line (`argv[0]` is the program name) on the process's standard
/// streams and returns its exit status: the same code as the Rust binary (`apigw_tls_cli::run`), so
/// `npx apigw-tls` prints exactly what the binary prints. Blocks until the command ends (it is
/// the whole process: bin/apigw-tls.js).
#[napi]
pub fn run_cli(argv: Vec<String>) -> u32 {
    // A panic has already printed its message (the default hook), as in the binary; its status
    // is the one the binary's runtime gives a panicking main.
    catch_unwind(AssertUnwindSafe(|| {
        u32::from(apigw_tls_cli::run(argv).code())
    }))
    .unwrap_or(101)
}

#[napi(object)]
pub struct EvaluateOutput {
    /// The verdict as JSON (exactly `apigw-tls batch`'s line).
    pub verdict: String,
    /// The first chain entry's encoding error (text that is not PEM), if any.
    pub chain_error: Option<String>,
    /// The validated path's certificates (DER), leaf first, when the chain is trusted.
    pub path_der: Option<Vec<Buffer>>,
}

fn path_buffers(der: Option<Vec<Vec<u8>>>) -> Option<Vec<Buffer>> {
    der.map(|v| v.into_iter().map(Buffer::from).collect())
}

fn evaluate_with(evaluator: &Evaluator, case_json: &str) -> Result<EvaluateOutput> {
    contained(|| {
        let (verdict, chain_error) = batch::evaluate_line_checked(evaluator, case_json);
        Ok(EvaluateOutput {
            verdict: to_json(&verdict)?,
            chain_error,
            path_der: path_buffers(verdict.validated_path_der),
        })
    })
}

/// Evaluates one case given as a JSON object in the JSON-lines case format (bad input gives a
/// verdict with `error`).
#[napi]
pub fn evaluate_json(case_json: String) -> Result<EvaluateOutput> {
    evaluate_with(&evaluator(), &case_json)
}

/// One verdict of `evaluateManyJson`.
#[napi(object)]
pub struct ManyOutput {
    /// The verdict as JSON.
    pub verdict: String,
    /// The validated path's certificates (DER).
    pub path_der: Option<Vec<Buffer>>,
}

/// Evaluates many cases on worker threads (off the JS thread).
pub struct EvaluateMany {
    evaluator: Arc<Evaluator>,
    cases: Vec<String>,
    threads: usize,
}

#[napi]
impl Task for EvaluateMany {
    type Output = Vec<(String, Option<Vec<Vec<u8>>>)>;
    type JsValue = Vec<ManyOutput>;

    fn compute(&mut self) -> Result<Self::Output> {
        let lines = std::mem::take(&mut self.cases);
        let threads = self.threads;
        let evaluator = self.evaluator.clone();
        contained(move || {
            batch::evaluate_lines(&evaluator, &lines, threads)
                .into_iter()
                .map(|v| to_json(&v).map(|json| (json, v.validated_path_der)))
                .collect()
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Vec<ManyOutput>> {
        Ok(output
            .into_iter()
            .map(|(verdict, der)| ManyOutput {
                verdict,
                path_der: path_buffers(der),
            })
            .collect())
    }
}

/// Evaluates many cases (JSON objects in the case format) on `threads` threads (0 = one per
/// core), off the JS thread; resolves to the verdicts (JSON) in input order.
#[napi(ts_return_type = "Promise<ManyOutput[]>")]
pub fn evaluate_many_json(cases_json: Vec<String>, threads: u32) -> AsyncTask<EvaluateMany> {
    AsyncTask::new(EvaluateMany {
        evaluator: evaluator(),
        cases: cases_json,
        threads: threads as usize,
    })
}

/// One certificate of a `NativeStore`.
#[napi(object)]
pub struct StoreCertificate {
    /// The encoding.
    pub der: Buffer,
    /// The subject as Java's `X500Principal.toString()` prints it.
    pub subject: String,
    /// SHA-256 of the encoding, lowercase hex.
    pub sha256: String,
    /// The aliases API Gateway's published CA list gives it.
    pub aliases: Vec<String>,
}

/// A trust store parsed once, with the evaluator over it: `index.js`'s `TrustStore` wraps it.
/// Immutable, so it is shared with the worker threads as it is.
#[napi]
pub struct NativeStore {
    evaluator: Arc<Evaluator>,
}

#[napi]
impl NativeStore {
    /// API Gateway's bundled CAs plus `entries` (`bundled`), or only `entries` (PEM text, one or
    /// more certificates each). Throws `parse: ...` when an entry is not a certificate.
    #[napi(constructor)]
    pub fn new(entries: Vec<String>, bundled: bool) -> Result<Self> {
        let store = contained(|| {
            apigw_tls::trust_store_with(&entries, bundled)
                .map_err(|e| Error::new(Status::InvalidArg, format!("parse: {e}")))
        })?;
        Ok(NativeStore {
            evaluator: new_evaluator(store),
        })
    }

    /// The number of certificates.
    #[napi(getter)]
    pub fn size(&self) -> u32 {
        self.evaluator.default_store().len() as u32
    }

    /// Every certificate, in store order.
    #[napi]
    pub fn certificates(&self) -> Vec<StoreCertificate> {
        self.evaluator
            .default_store()
            .anchors()
            .iter()
            .map(|a| {
                let sha256 = a.fingerprint();
                let aliases = apigw_tls::trust_store::aliases_of(&sha256);
                StoreCertificate {
                    der: Buffer::from(a.der().to_vec()),
                    subject: a.subject(),
                    sha256,
                    aliases,
                }
            })
            .collect()
    }

    /// `evaluateJson` against this store.
    #[napi]
    pub fn evaluate_json(&self, case_json: String) -> Result<EvaluateOutput> {
        evaluate_with(&self.evaluator, &case_json)
    }

    /// `evaluateManyJson` against this store.
    #[napi(ts_return_type = "Promise<ManyOutput[]>")]
    pub fn evaluate_many_json(
        &self,
        cases_json: Vec<String>,
        threads: u32,
    ) -> AsyncTask<EvaluateMany> {
        AsyncTask::new(EvaluateMany {
            evaluator: self.evaluator.clone(),
            cases: cases_json,
            threads: threads as usize,
        })
    }

    /// `probeJson` against this store.
    #[napi(ts_return_type = "Promise<string>")]
    pub fn probe_json(&self, request_json: String) -> AsyncTask<probe::Probe> {
        probe::task(self.evaluator.clone(), request_json)
    }
}

/// The version of the core crate this addon was built from.
#[napi]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
