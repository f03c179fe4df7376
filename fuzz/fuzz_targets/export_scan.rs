//! libFuzzer entry point for [`apigw_tls_fuzz::targets::export_scan`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    apigw_tls_fuzz::targets::export_scan(data);
});
