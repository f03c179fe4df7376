//! Helpers shared by the integration tests.

use apigw_tls::diagnose::{Code, Finding};
use apigw_tls::Verdict;

/// The verdict's finding of `code` (the test fails without one).
pub fn find(v: &Verdict, code: Code) -> &Finding {
    v.findings
        .iter()
        .find(|f| f.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", v.findings))
}
