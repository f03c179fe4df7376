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
use std::sync::OnceLock;

use napi::bindgen_prelude::*;
use napi_derive::napi;

use apigw_tls::{batch, Evaluator, Verdict};

mod probe;

/// The evaluator behind every call: API Gateway's bundled CAs as the default trust store,
/// parsed once per process (cases with `roots` use their own store).
pub(crate) fn evaluator() -> &'static Evaluator {
    static EVALUATOR: OnceLock<Evaluator> = OnceLock::new();
    EVALUATOR.get_or_init(|| Evaluator::new(apigw_tls::apigw::default_trust_store()))
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
#[napi(object)]
pub struct EvaluateOutput {
    /// The verdict as JSON (exactly `apigw-tls batch`'s line).
    pub verdict: String,
    /// The first chain entry's encoding error (text that is not PEM), if any.
    pub chain_error: Option<String>,
}

/// Evaluates one case given as a JSON object in the JSON-lines case format (bad input gives a
/// verdict with `error`).
#[napi]
pub fn evaluate_json(case_json: String) -> Result<EvaluateOutput> {
    contained(|| {
        let (verdict, chain_error) = match batch::parse_line(&case_json) {
            Ok(case) => (
                evaluator().evaluate_contained(&case),
                case.chain_encoding_error(),
            ),
            Err(v) => (v, None),
        };
        Ok(EvaluateOutput {
            verdict: to_json(&verdict)?,
            chain_error,
        })
    })
}

/// Evaluates many cases on worker threads (off the JS thread).
pub struct EvaluateMany {
    cases: Vec<String>,
    threads: usize,
}

#[napi]
impl Task for EvaluateMany {
    type Output = Vec<String>;
    type JsValue = Vec<String>;

    fn compute(&mut self) -> Result<Vec<String>> {
        let lines = std::mem::take(&mut self.cases);
        let threads = self.threads;
        contained(move || {
            batch::evaluate_lines(evaluator(), &lines, threads)
                .iter()
                .map(to_json)
                .collect()
        })
    }

    fn resolve(&mut self, _env: Env, output: Vec<String>) -> Result<Vec<String>> {
        Ok(output)
    }
}

/// Evaluates many cases (JSON objects in the case format) on `threads` threads (0 = one per
/// core), off the JS thread; resolves to the verdicts (JSON) in input order.
#[napi(ts_return_type = "Promise<string[]>")]
pub fn evaluate_many_json(cases_json: Vec<String>, threads: u32) -> AsyncTask<EvaluateMany> {
    AsyncTask::new(EvaluateMany {
        cases: cases_json,
        threads: threads as usize,
    })
}

/// The version of the core crate this addon was built from.
#[napi]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
