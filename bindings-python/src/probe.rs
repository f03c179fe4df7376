//! `_native.probe`: the live probe, blocking, with the GIL released (`probe_async` runs it in
//! an executor thread on the Python side).

use pyo3::prelude::*;

use apigw_tls::probe::{self as core_probe, ProbeJson, ProbeJsonError};

use apigw_tls::Evaluator;

use crate::{contained, error, evaluator};

/// Why a probe did not produce a report.
enum Failure {
    /// The request cannot start (raised as `ProbeError`).
    Probe(String),
    /// A bug (raised as `InternalError`).
    Internal(String),
}

/// Probes one target: `request_json` is `{"case": {...}, "connect_to": [...], "timeout_ms": N,
/// "max_addresses": N, "nameserver": "ADDR[:PORT]"}` (read by the core's `ProbeJson`); returns
/// the report as JSON.
#[pyfunction]
pub fn probe(py: Python<'_>, request_json: String) -> PyResult<String> {
    probe_with(py, evaluator(), request_json)
}

/// [`probe`] with the given evaluator (a `TrustStore`'s).
pub fn probe_with(py: Python<'_>, evaluator: &Evaluator, request_json: String) -> PyResult<String> {
    let out = py.detach(|| {
        contained(|| -> Result<String, Failure> {
            // The request format and its checks are the core's (`ProbeJson`), shared with Node.
            let (request, options) = ProbeJson::parse(&request_json).map_err(|e| match e {
                // The Python side builds this JSON: a malformed one is a bug, not the caller's
                // input.
                ProbeJsonError::Malformed(_) => Failure::Internal(e.to_string()),
                _ => Failure::Probe(e.to_string()),
            })?;
            let report = core_probe::probe(&request, &options, evaluator)
                .map_err(|e| Failure::Probe(e.to_string()))?;
            serde_json::to_string(&report)
                .map_err(|e| Failure::Internal(format!("cannot serialise the report: {e}")))
        })
    });
    match out {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(Failure::Probe(m))) => Err(error(py, "ProbeError", m)),
        Ok(Err(Failure::Internal(m))) | Err(m) => Err(error(py, "InternalError", m)),
    }
}
