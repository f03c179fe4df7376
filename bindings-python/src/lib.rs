//! `apigw_tls._native`: the extension module under the `apigw_tls` Python package.
//!
//! Thin on purpose: cases cross the boundary in the JSON-lines case format and verdicts come
//! back as the exact JSON `apigw-tls batch` prints, so the Python result, the Node result and
//! the CLI line are the same bytes. Every decision is the core's; this module only parses the
//! JSON, releases the GIL while the core works, contains panics and maps errors to the
//! exception classes of `apigw_tls._errors`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::PyType;

use apigw_tls::{batch, Evaluator, Verdict};

mod probe;

/// The evaluator behind every call: API Gateway's bundled CAs as the default trust store,
/// parsed once per process (cases with `roots` use their own store).
pub(crate) fn evaluator() -> &'static Evaluator {
    static EVALUATOR: OnceLock<Evaluator> = OnceLock::new();
    EVALUATOR.get_or_init(|| Evaluator::new(apigw_tls::apigw::default_trust_store()))
}

/// An exception of `apigw_tls._errors` by class name (falls back to RuntimeError if the Python
/// side is missing, which only happens when the extension is imported on its own).
pub(crate) fn error(py: Python<'_>, class: &str, message: String) -> PyErr {
    let cls = py
        .import("apigw_tls._errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.cast_into::<PyType>().map_err(PyErr::from));
    match cls {
        Ok(cls) => PyErr::from_type(cls, message),
        Err(_) => pyo3::exceptions::PyRuntimeError::new_err(message),
    }
}

/// Runs `f` with a panic turned into `Err` (a panic must never unwind into the interpreter).
pub(crate) fn contained<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        format!("internal error in apigw-tls: {detail}")
    })
}

/// One case to its verdict, as `apigw-tls batch` does it for one line, and the chain's
/// encoding error if there is one.
fn evaluate_line(line: &str) -> (Verdict, Option<String>) {
    match batch::parse_line(line) {
        Ok(case) => (
            evaluator().evaluate_contained(&case),
            case.chain_encoding_error(),
        ),
        Err(verdict) => (verdict, None),
    }
}

fn to_json(v: &Verdict) -> Result<String, String> {
    serde_json::to_string(v).map_err(|e| format!("cannot serialise the verdict: {e}"))
}

/// Evaluates one case given as a JSON object in the JSON-lines case format and returns the
/// verdict as JSON (exactly `apigw-tls batch`'s line; bad input gives a verdict with `error`)
/// and the first chain entry's encoding error (an entry that is not PEM text), if any.
#[pyfunction]
fn evaluate(py: Python<'_>, case_json: String) -> PyResult<(String, Option<String>)> {
    let out = py.detach(|| {
        contained(|| {
            let (verdict, chain_error) = evaluate_line(&case_json);
            to_json(&verdict).map(|json| (json, chain_error))
        })
    });
    match out {
        Ok(Ok(pair)) => Ok(pair),
        Ok(Err(e)) | Err(e) => Err(error(py, "InternalError", e)),
    }
}

/// Evaluates many cases (JSON objects in the case format) on `threads` worker threads
/// (0 = one per core) with the GIL released; verdicts (JSON) are in input order.
#[pyfunction]
fn evaluate_many(py: Python<'_>, cases_json: Vec<String>, threads: usize) -> PyResult<Vec<String>> {
    let out = py.detach(|| {
        contained(|| {
            batch::evaluate_lines(evaluator(), &cases_json, threads)
                .iter()
                .map(to_json)
                .collect::<Result<Vec<String>, String>>()
        })
    });
    match out {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(e)) | Err(e) => Err(error(py, "InternalError", e)),
    }
}

/// The native part of the `apigw_tls` package: import `apigw_tls`, not this module.
#[pymodule(name = "_native")]
mod apigw_tls_native {
    #[pymodule_export]
    use super::evaluate;
    #[pymodule_export]
    use super::evaluate_many;
    #[pymodule_export]
    use super::probe::probe;

    /// The version of the core crate this module was built from.
    #[pymodule_export]
    const CORE_VERSION: &str = env!("CARGO_PKG_VERSION");
}
