//! `probeJson`: the live probe on a libuv worker thread (the JS side gets a Promise).

use std::time::Duration;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde::Deserialize;

use apigw_tls::case::Case;
use apigw_tls::probe::{
    self as core_probe, dns, ConnectTo, ProbeError, ProbeOptions, ProbeRequest, Timeouts,
};

use crate::{contained, error, evaluator, Kind};

/// What `index.js` sends: the case-shaped settings and the network options.
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

fn request(json: &str) -> Result<(ProbeRequest, ProbeOptions)> {
    let r: Request = serde_json::from_str(json)
        .map_err(|e| error(Kind::Internal, format!("malformed probe request: {e}")))?;
    let mut request = ProbeRequest::from_case(&r.case).map_err(|e| error(Kind::Probe, e))?;
    for c in &r.connect_to {
        let parsed = ConnectTo::parse(c).map_err(|e| error(Kind::Probe, ProbeError::from(e)))?;
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
            error(
                Kind::Probe,
                format!("nameserver {ns:?} is not an address (ADDR or ADDR:PORT)"),
            )
        })?;
    }
    Ok((request, options))
}

/// One probe, run on a worker thread.
pub struct Probe {
    request_json: String,
}

#[napi]
impl Task for Probe {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<String> {
        let json = std::mem::take(&mut self.request_json);
        contained(move || {
            let (request, options) = request(&json)?;
            let report = core_probe::probe(&request, &options, evaluator())
                .map_err(|e| error(Kind::Probe, e))?;
            serde_json::to_string(&report)
                .map_err(|e| error(Kind::Internal, format!("cannot serialise the report: {e}")))
        })
    }

    fn resolve(&mut self, _env: Env, output: String) -> Result<String> {
        Ok(output)
    }
}

/// Probes one target: `requestJson` is `{"case": {...}, "connect_to": [...], "timeout_ms": N,
/// "max_addresses": N, "nameserver": "ADDR[:PORT]"}`; resolves to the report as JSON.
#[napi(ts_return_type = "Promise<string>")]
pub fn probe_json(request_json: String) -> AsyncTask<Probe> {
    AsyncTask::new(Probe { request_json })
}
