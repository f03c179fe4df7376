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
use pyo3::types::{PyBytes, PyType};

use apigw_tls::{batch, Evaluator, Verdict};

mod probe;

/// An evaluator as the bindings use it: the validated path comes back as certificates too.
fn new_evaluator(store: apigw_tls::TrustStore) -> Evaluator {
    Evaluator::new(store).with_path_certificates(true)
}

/// The evaluator behind the module-level calls: API Gateway's bundled CAs as the default trust
/// store, parsed once per process (cases with `roots` use their own store).
pub(crate) fn evaluator() -> &'static Evaluator {
    static EVALUATOR: OnceLock<Evaluator> = OnceLock::new();
    EVALUATOR.get_or_init(|| new_evaluator(apigw_tls::default_trust_store()))
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

/// What one evaluation hands to Python: the verdict JSON, the chain's encoding error, and the
/// DER of the validated path's certificates.
type Evaluated = (String, Option<String>, Option<Vec<Vec<u8>>>);

/// One verdict of a batch: the verdict JSON and the validated path's certificates (DER).
type EvaluatedMany = Vec<(String, Option<Vec<Vec<u8>>>)>;

fn evaluate_with(py: Python<'_>, evaluator: &Evaluator, case_json: &str) -> PyResult<Evaluated> {
    let out = py.detach(|| {
        contained(|| {
            let (verdict, chain_error) = batch::evaluate_line_checked(evaluator, case_json);
            to_json(&verdict).map(|json| (json, chain_error, verdict.validated_path_der))
        })
    });
    match out {
        Ok(Ok(triple)) => Ok(triple),
        Ok(Err(e)) | Err(e) => Err(error(py, "InternalError", e)),
    }
}

fn evaluate_many_with(
    py: Python<'_>,
    evaluator: &Evaluator,
    cases_json: &[String],
    threads: usize,
) -> PyResult<EvaluatedMany> {
    let out = py.detach(|| {
        contained(|| {
            batch::evaluate_lines(evaluator, cases_json, threads)
                .into_iter()
                .map(|v| to_json(&v).map(|json| (json, v.validated_path_der)))
                .collect::<Result<Vec<_>, String>>()
        })
    });
    match out {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(e)) | Err(e) => Err(error(py, "InternalError", e)),
    }
}

/// A trust store parsed once, with the evaluator over it: `apigw_tls.TrustStore` wraps it.
/// Immutable, so one object serves any number of threads (every call releases the GIL).
#[pyclass(frozen, module = "apigw_tls._native")]
pub struct NativeStore {
    evaluator: Evaluator,
}

#[pymethods]
impl NativeStore {
    /// API Gateway's bundled CAs plus `entries` (`bundled` = true), or only `entries`; each
    /// entry is PEM text (one or more certificates) or DER re-armored as PEM.
    #[new]
    fn new(py: Python<'_>, entries: Vec<String>, bundled: bool) -> PyResult<Self> {
        let out = py.detach(|| {
            contained(|| apigw_tls::trust_store_with(&entries, bundled).map_err(|e| e.to_string()))
        });
        match out {
            Ok(Ok(store)) => Ok(NativeStore {
                evaluator: new_evaluator(store),
            }),
            Ok(Err(e)) => Err(error(py, "ParseError", e)),
            Err(e) => Err(error(py, "InternalError", e)),
        }
    }

    fn __len__(&self) -> usize {
        self.evaluator.default_store().len()
    }

    /// Every certificate, in store order: (DER, subject as Java prints it, SHA-256 hex, the
    /// aliases API Gateway's published list gives it).
    fn certificates<'py>(
        &self,
        py: Python<'py>,
    ) -> Vec<(Bound<'py, PyBytes>, String, String, Vec<String>)> {
        self.evaluator
            .default_store()
            .anchors()
            .iter()
            .map(|a| {
                let sha256 = a.fingerprint();
                let aliases = apigw_tls::trust_store::aliases_of(&sha256);
                (PyBytes::new(py, a.der()), a.subject(), sha256, aliases)
            })
            .collect()
    }

    /// `_native.evaluate` against this store.
    fn evaluate(&self, py: Python<'_>, case_json: String) -> PyResult<Evaluated> {
        evaluate_with(py, &self.evaluator, &case_json)
    }

    /// `_native.evaluate_many` against this store.
    fn evaluate_many(
        &self,
        py: Python<'_>,
        cases_json: Vec<String>,
        threads: usize,
    ) -> PyResult<EvaluatedMany> {
        evaluate_many_with(py, &self.evaluator, &cases_json, threads)
    }

    /// `_native.probe` against this store.
    fn probe(&self, py: Python<'_>, request_json: String) -> PyResult<String> {
        probe::probe_with(py, &self.evaluator, request_json)
    }
}

fn to_json(v: &Verdict) -> Result<String, String> {
    serde_json::to_string(v).map_err(|e| format!("cannot serialise the verdict: {e}"))
}

/// Evaluates one case given as a JSON object in the JSON-lines case format and returns the
/// verdict as JSON (exactly `apigw-tls batch`'s line; bad input gives a verdict with `error`),
/// the first chain entry's encoding error (an entry that is not PEM text), if any, and the
/// validated path's certificates (DER).
#[pyfunction]
fn evaluate(py: Python<'_>, case_json: String) -> PyResult<Evaluated> {
    evaluate_with(py, evaluator(), &case_json)
}

/// Evaluates many cases (JSON objects in the case format) on `threads` worker threads
/// (0 = one per core) with the GIL released; verdicts (JSON, with the validated path's DER)
/// are in input order.
#[pyfunction]
fn evaluate_many(
    py: Python<'_>,
    cases_json: Vec<String>,
    threads: usize,
) -> PyResult<EvaluatedMany> {
    evaluate_many_with(py, evaluator(), &cases_json, threads)
}

/// Runs the `apigw-tls` command line (`argv[0]` is the program name) on the process's standard
/// streams and returns its exit status: the same code as the Rust binary (`apigw_tls_cli::run`), so
/// `apigw-tls` from pip and `python -m apigw_tls` print exactly what the binary prints.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<std::ffi::OsString>) -> u8 {
    // Without the GIL: `probe`, `scan` and `demo` run for seconds and block on the network.
    py.detach(|| {
        // A panic has already printed its message (the default hook), as in the binary; its
        // status is the one the binary's runtime gives a panicking main.
        catch_unwind(AssertUnwindSafe(|| apigw_tls_cli::run(argv).code())).unwrap_or(101)
    })
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
    #[pymodule_export]
    use super::run_cli;
    #[pymodule_export]
    use super::NativeStore;

    /// The version of the core crate this module was built from.
    #[pymodule_export]
    const CORE_VERSION: &str = env!("CARGO_PKG_VERSION");
}
