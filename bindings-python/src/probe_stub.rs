//! Temporary: the core's probe API is not available yet.
use pyo3::prelude::*;
/// Not available in this build.
#[pyfunction]
pub fn probe(py: Python<'_>, request_json: String) -> PyResult<String> {
    let _ = request_json;
    Err(crate::error(py, "ProbeError", "this build has no probe".into()))
}
