//! Temporary: the core's probe API is not available yet.
use napi::bindgen_prelude::*;
use napi_derive::napi;
/// Not available in this build.
#[napi]
pub fn probe_json(request_json: String) -> Result<String> {
    let _ = request_json;
    Err(crate::error(crate::Kind::Probe, "this build has no probe"))
}
