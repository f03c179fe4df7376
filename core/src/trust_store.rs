//! The default trust store: the certificate authorities API Gateway publishes as supported.
//!
//! API Gateway's developer guide lists the CAs it trusts for HTTP, HTTP proxy and private
//! integrations as keystore aliases with fingerprints, not as certificates. We embed that list
//! (`data/trust-store/apigw-supported-cas.tsv`) and the certificates we could match to it by
//! SHA-256 from well-kept root stores (`data/trust-store/bundled.pem`, built by
//! `tools/build_trust_store.py`; its README says where each one came from). A listed CA that is
//! not bundled cannot anchor a path here, so callers report it instead of guessing.
//!
//! This module also owns PEM bundle parsing, because a user replaces or extends the default
//! store with a PEM bundle of their own.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::pem::pem_certificates;

/// The certificates matched to the published list, one PEM block per distinct certificate.
const BUNDLED_PEM: &str = include_str!("../data/trust-store/bundled.pem");

/// API Gateway's published list: `alias<TAB>sha1<TAB>sha256`, fingerprints as `AA:BB:…`.
const LISTED_TSV: &str = include_str!("../data/trust-store/apigw-supported-cas.tsv");

/// One CA in API Gateway's published list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ListedCa {
    /// The keystore alias the list names it by (one certificate may have several aliases).
    pub alias: String,
    /// SHA-1 of the DER certificate, lowercase hex without separators.
    pub sha1: String,
    /// SHA-256 of the DER certificate, lowercase hex without separators.
    pub sha256: String,
    /// Whether the certificate itself is in the bundled trust store.
    pub bundled: bool,
}

/// The bundled certificates (DER), parsed lazily once (`OnceLock`) from the embedded PEM.
#[must_use]
pub fn bundled_der() -> &'static [Vec<u8>] {
    static BUNDLED: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    // The embedded bundle is generated and checked by this module's tests; were it ever
    // unreadable, an empty store (every listed CA reported as not bundled) is the honest answer.
    BUNDLED.get_or_init(|| pem_certificates(BUNDLED_PEM).unwrap_or_default())
}

/// The published list with a `bundled` flag for each (dedupe by SHA-256; the TSV may list one
/// cert under several aliases — keep all aliases).
///
/// One entry per alias, in the list's order; entries sharing a certificate share `sha256`.
#[must_use]
pub fn listed() -> &'static [ListedCa] {
    static LISTED: OnceLock<Vec<ListedCa>> = OnceLock::new();
    LISTED.get_or_init(|| {
        let bundled: HashSet<String> = bundled_der().iter().map(|der| sha256_hex(der)).collect();
        let mut seen_aliases = HashSet::new();
        parse_listed(LISTED_TSV)
            .filter(|row| seen_aliases.insert(row.alias.clone()))
            .map(|mut row| {
                row.bundled = bundled.contains(&row.sha256);
                row
            })
            .collect()
    })
}

/// The aliases API Gateway's published list gives the certificate whose SHA-256 fingerprint (hex,
/// as [`crate::Anchor::fingerprint`] writes it) is `sha256`; none for a certificate
/// that is not on the list.
#[must_use]
pub fn aliases_of(sha256: &str) -> Vec<String> {
    listed()
        .iter()
        .filter(|c| c.sha256 == sha256)
        .map(|c| c.alias.clone())
        .collect()
}

/// (bundled, listed) counts of distinct certificates.
///
/// "Bundled" counts distinct listed certificates that are in the bundle, so the first number
/// never exceeds the second.
#[must_use]
pub fn coverage() -> (usize, usize) {
    let mut all = HashSet::new();
    let mut bundled = HashSet::new();
    for ca in listed() {
        all.insert(ca.sha256.as_str());
        if ca.bundled {
            bundled.insert(ca.sha256.as_str());
        }
    }
    (bundled.len(), all.len())
}

/// Lowercase hex SHA-256 of `der`.
fn sha256_hex(der: &[u8]) -> String {
    hex::encode(crate::crypto::sha256(der))
}

/// The list's rows (with `bundled` unset), skipping comments and the header. A fingerprint is
/// normalised to lowercase hex so that it compares with a computed digest.
fn parse_listed(tsv: &str) -> impl Iterator<Item = ListedCa> + '_ {
    tsv.lines()
        .filter(|line| {
            !line.trim().is_empty() && !line.starts_with('#') && !line.starts_with("alias\t")
        })
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let alias = fields.next()?.trim();
            let sha1 = normalise_fingerprint(fields.next()?)?;
            let sha256 = normalise_fingerprint(fields.next()?)?;
            Some(ListedCa {
                alias: alias.to_owned(),
                sha1,
                sha256,
                bundled: false,
            })
        })
}

fn normalise_fingerprint(text: &str) -> Option<String> {
    let hex: String = text.trim().chars().filter(|c| *c != ':').collect();
    (!hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| hex.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Listed rows and distinct certificates in the embedded 2022 list.
    const LISTED_ROWS: usize = 398;
    const LISTED_DISTINCT: usize = 247;
    /// What `tools/build_trust_store.py` matched (see `data/trust-store/README.md`).
    const BUNDLED_DISTINCT: usize = 231;

    #[test]
    fn every_bundled_certificate_is_listed() {
        let listed: HashSet<&str> = listed().iter().map(|ca| ca.sha256.as_str()).collect();
        assert_eq!(bundled_der().len(), BUNDLED_DISTINCT);
        for der in bundled_der() {
            let digest = sha256_hex(der);
            assert!(
                listed.contains(digest.as_str()),
                "bundled certificate {digest} is not listed"
            );
        }
    }

    #[test]
    fn bundled_certificates_are_distinct() {
        let digests: HashSet<String> = bundled_der().iter().map(|der| sha256_hex(der)).collect();
        assert_eq!(digests.len(), bundled_der().len());
    }

    #[test]
    fn coverage_numbers() {
        assert_eq!(coverage(), (BUNDLED_DISTINCT, LISTED_DISTINCT));
    }

    #[test]
    fn list_keeps_every_alias() {
        assert_eq!(listed().len(), LISTED_ROWS);
        let find = |alias: &str| listed().iter().find(|ca| ca.alias == alias).cloned();
        let (Some(a), Some(b)) = (find("amazon1"), find("amazonrootca1")) else {
            panic!("aliases amazon1 / amazonrootca1 missing");
        };
        assert_eq!(a.sha256, b.sha256);
        assert!(a.bundled && b.bundled);
        assert_eq!(
            a.sha256,
            "8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e"
        );
        assert_eq!(a.sha1, "8da7f965ec5efc37910f1c6e59fdc1cc6a6ede16");
    }

    #[test]
    fn amazon_internal_cas_are_listed_but_not_bundled() {
        let ca = listed().iter().find(|ca| ca.alias == "amzninternalrootca");
        assert!(matches!(ca, Some(ListedCa { bundled: false, .. })));
    }

    #[test]
    fn bundled_flag_agrees_with_bundle() {
        let bundled: HashSet<String> = bundled_der().iter().map(|der| sha256_hex(der)).collect();
        for ca in listed() {
            assert_eq!(ca.bundled, bundled.contains(&ca.sha256), "{}", ca.alias);
        }
    }
}
