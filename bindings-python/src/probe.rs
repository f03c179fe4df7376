//! `_native.probe`: the live probe, blocking, with the GIL released (`probe_async` runs it in
//! an executor thread on the Python side).

use std::time::Duration;

use pyo3::prelude::*;
use serde::Deserialize;

use apigw_tls::case::Case;
use apigw_tls::probe::{
    self as core_probe, dns, ConnectTo, ProbeError, ProbeOptions, ProbeRequest, Timeouts,
};

use crate::{contained, error, evaluator};

/// What the Python side sends: the case-shaped settings and the network options.
#[derive(Deserialize)]
struct Request {
    /// `url`, `id`, `server_name_to_verify`, `integration`, `nlb_addresses`,
    /// `skip_verification`, `roots`, `time` (the case format, read by `ProbeRequest::from_case`).
    case: Case,
    #[serde(default)]
    connect_to: Vec<String>,
    timeout_ms: Option<u64>,
    max_addresses: Option<usize>,
    nameserver: Option<String>,
}

/// Why a probe did not produce a report.
enum Failure {
    /// The request cannot start (raised as `ProbeError`).
    Probe(String),
    /// A bug (raised as `InternalError`).
    Internal(String),
}

fn request(json: &str) -> Result<(ProbeRequest, ProbeOptions), Failure> {
    let r: Request = serde_json::from_str(json)
        .map_err(|e| Failure::Internal(format!("malformed probe request: {e}")))?;
    let mut request =
        ProbeRequest::from_case(&r.case).map_err(|e| Failure::Probe(e.to_string()))?;
    for c in &r.connect_to {
        let parsed =
            ConnectTo::parse(c).map_err(|e| Failure::Probe(ProbeError::from(e).to_string()))?;
        request.connect_to.push(parsed);
    }
    let mut options = ProbeOptions::default();
    if let Some(ms) = r.timeout_ms {
        options.timeouts = Timeouts::uniform(Duration::from_millis(ms.max(1)));
    }
    if let Some(n) = r.max_addresses {
        options.max_addresses = n.max(1);
    }
    if let Some(ns) = &r.nameserver {
        options.nameserver = dns::parse_nameserver(ns).ok_or_else(|| {
            Failure::Probe(format!(
                "nameserver {ns:?} is not an address (ADDR or ADDR:PORT)"
            ))
        })?;
    }
    Ok((request, options))
}

/// Probes one target: `request_json` is `{"case": {...}, "connect_to": [...], "timeout_ms": N,
/// "max_addresses": N, "nameserver": "ADDR[:PORT]"}`; returns the report as JSON.
#[pyfunction]
pub fn probe(py: Python<'_>, request_json: String) -> PyResult<String> {
    let out = py.detach(|| {
        contained(|| -> Result<String, Failure> {
            let (request, options) = request(&request_json)?;
            let report = core_probe::probe(&request, &options, evaluator())
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
