//! `probeJson`: the live probe on a libuv worker thread (the JS side gets a Promise).

use napi::bindgen_prelude::*;
use napi_derive::napi;

use apigw_tls::probe::{self as core_probe, ProbeJson, ProbeJsonError};

use std::sync::Arc;

use apigw_tls::Evaluator;

use crate::{contained, error, evaluator, Kind};

/// One probe, run on a worker thread.
pub struct Probe {
    evaluator: Arc<Evaluator>,
    request_json: String,
}

/// A probe task against `evaluator`'s trust store.
pub(crate) fn task(evaluator: Arc<Evaluator>, request_json: String) -> AsyncTask<Probe> {
    AsyncTask::new(Probe {
        evaluator,
        request_json,
    })
}

#[napi]
impl Task for Probe {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> Result<String> {
        let json = std::mem::take(&mut self.request_json);
        let evaluator = self.evaluator.clone();
        contained(move || {
            // The request format and its checks are the core's (`ProbeJson`), shared with Python.
            let (request, options) = ProbeJson::parse(&json).map_err(|e| match e {
                // `index.js` builds this JSON: a malformed one is a bug, not the caller's input.
                ProbeJsonError::Malformed(_) => error(Kind::Internal, e),
                _ => error(Kind::Probe, e),
            })?;
            let report = core_probe::probe(&request, &options, &evaluator)
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
/// "max_addresses": N, "nameserver": "ADDR[:PORT]"}` (read by the core's `ProbeJson`);
/// resolves to the report as JSON.
#[napi(ts_return_type = "Promise<string>")]
pub fn probe_json(request_json: String) -> AsyncTask<Probe> {
    task(evaluator(), request_json)
}
