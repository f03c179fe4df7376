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
use std::fmt;
use std::sync::OnceLock;

use base64::Engine as _;
use sha2::{Digest, Sha256};

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

/// Why a PEM bundle could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PemError {
    /// The text holds no PEM block at all (empty, or not PEM: e.g. DER or a JKS file read as
    /// text).
    NoPemData,
    /// A `-----BEGIN …-----` line with no matching `-----END …-----` before the text ends or
    /// before the next BEGIN line.
    Unterminated {
        /// The block's label, e.g. `CERTIFICATE`.
        label: String,
        /// 1-based line of the BEGIN line.
        line: usize,
    },
    /// An `-----END …-----` line outside any block.
    UnexpectedEnd {
        /// 1-based line of the END line.
        line: usize,
    },
    /// An END line whose label differs from its BEGIN line's.
    MismatchedEnd {
        /// The BEGIN line's label.
        begin: String,
        /// The END line's label.
        end: String,
        /// 1-based line of the END line.
        line: usize,
    },
    /// A certificate block whose body is not valid base64.
    InvalidBase64 {
        /// 1-based line of the block's BEGIN line.
        line: usize,
    },
    /// A certificate block that decodes to something other than one DER SEQUENCE.
    NotDer {
        /// 1-based line of the block's BEGIN line.
        line: usize,
    },
}

impl fmt::Display for PemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PemError::NoPemData => {
                f.write_str("no PEM data found (expected -----BEGIN CERTIFICATE----- blocks)")
            }
            PemError::Unterminated { label, line } => {
                write!(
                    f,
                    "PEM block \"{label}\" starting at line {line} has no matching END line"
                )
            }
            PemError::UnexpectedEnd { line } => {
                write!(f, "PEM END line at line {line} without a BEGIN line")
            }
            PemError::MismatchedEnd { begin, end, line } => write!(
                f,
                "PEM END line at line {line} says \"{end}\" but the block began as \"{begin}\""
            ),
            PemError::InvalidBase64 { line } => {
                write!(
                    f,
                    "PEM certificate starting at line {line} is not valid base64"
                )
            }
            PemError::NotDer { line } => write!(
                f,
                "PEM certificate starting at line {line} does not hold a DER certificate"
            ),
        }
    }
}

impl std::error::Error for PemError {}

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

/// Parse PEM text (bundle) into DER certificates; non-certificate PEM blocks ignored; garbage ->
/// error with a clear message.
///
/// Accepts the labels `CERTIFICATE`, `X509 CERTIFICATE` and OpenSSL's `TRUSTED CERTIFICATE`
/// (whose trailing trust settings are dropped). Text outside blocks is ignored, as OpenSSL does,
/// so comments and `subject=` lines are fine.
///
/// # Errors
///
/// [`PemError`] when the text holds no PEM block at all, when a block is not closed or closed
/// with another label, or when a certificate block is not base64 of exactly one DER SEQUENCE.
pub fn pem_certificates(text: &str) -> Result<Vec<Vec<u8>>, PemError> {
    let mut certs = Vec::new();
    let mut saw_block = false;
    // (label, BEGIN line number, base64 body so far)
    let mut open: Option<(&str, usize, String)> = None;
    for (index, raw_line) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw_line.trim();
        if let Some(label) = boundary(line, "-----BEGIN ") {
            if let Some((open_label, open_line, _)) = open {
                return Err(PemError::Unterminated {
                    label: open_label.to_owned(),
                    line: open_line,
                });
            }
            open = Some((label, number, String::new()));
        } else if let Some(label) = boundary(line, "-----END ") {
            let Some((begin, begin_line, body)) = open.take() else {
                return Err(PemError::UnexpectedEnd { line: number });
            };
            if begin != label {
                return Err(PemError::MismatchedEnd {
                    begin: begin.to_owned(),
                    end: label.to_owned(),
                    line: number,
                });
            }
            saw_block = true;
            if let Some(trailing_allowed) = certificate_label(begin) {
                certs.push(decode_certificate(&body, begin_line, trailing_allowed)?);
            }
        } else if let Some((_, _, body)) = open.as_mut() {
            body.push_str(line);
        }
    }
    if let Some((label, line, _)) = open {
        return Err(PemError::Unterminated {
            label: label.to_owned(),
            line,
        });
    }
    if !saw_block {
        return Err(PemError::NoPemData);
    }
    Ok(certs)
}

/// The label of a `-----BEGIN label-----` / `-----END label-----` line.
/// What a PEM block labelled `label` holds when it is not a certificate, in words for an error
/// message ("a private key", "a certificate signing request", ...); `None` for the certificate
/// labels [`pem_certificates`] reads.
#[must_use]
pub fn pem_label_kind(label: &str) -> Option<String> {
    if certificate_label(label).is_some() {
        return None;
    }
    let kind = match label {
        l if l.ends_with("PRIVATE KEY") => "a private key",
        l if l.ends_with("PUBLIC KEY") => "a public key",
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => "a certificate signing request (CSR)",
        "X509 CRL" => "a certificate revocation list (CRL)",
        "PKCS7" | "CMS" => {
            "a PKCS#7 bundle (extract its certificates with `openssl pkcs7 -print_certs`)"
        }
        "DH PARAMETERS" | "EC PARAMETERS" => "key parameters",
        _ => return Some(format!("a PEM block labelled \"{label}\"")),
    };
    Some(kind.to_string())
}

/// Why `text` given as certificates holds none: its first PEM block is something else. Returns
/// `this is a private key, not a certificate (-----BEGIN PRIVATE KEY-----)` and the like, or
/// `None` when the text has a certificate block (other blocks next to certificates, such as the
/// key of a combined PEM file, are left to the reader) or no PEM block at all.
#[must_use]
pub fn not_a_certificate(text: &str) -> Option<String> {
    let mut first_other = None;
    for line in text.lines() {
        let Some(label) = boundary(line.trim(), "-----BEGIN ") else {
            continue;
        };
        match pem_label_kind(label) {
            None => return None,
            Some(kind) if first_other.is_none() => first_other = Some((label, kind)),
            Some(_) => {}
        }
    }
    first_other
        .map(|(label, kind)| format!("this is {kind}, not a certificate (-----BEGIN {label}-----)"))
}

fn boundary<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)?.strip_suffix("-----")
}

/// For a certificate label, whether data may follow the certificate (OpenSSL's TRUSTED
/// CERTIFICATE appends its trust settings); `None` for any other label.
fn certificate_label(label: &str) -> Option<bool> {
    match label {
        "CERTIFICATE" | "X509 CERTIFICATE" => Some(false),
        "TRUSTED CERTIFICATE" => Some(true),
        _ => None,
    }
}

fn decode_certificate(
    body: &str,
    line: usize,
    trailing_allowed: bool,
) -> Result<Vec<u8>, PemError> {
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| PemError::InvalidBase64 { line })?;
    let len = outer_sequence_len(&der).ok_or(PemError::NotDer { line })?;
    if len != der.len() && !trailing_allowed {
        return Err(PemError::NotDer { line });
    }
    let mut der = der;
    der.truncate(len);
    Ok(der)
}

/// The encoded length of the DER SEQUENCE at the start of `der`, if it is one and fits.
fn outer_sequence_len(der: &[u8]) -> Option<usize> {
    let (&tag, rest) = der.split_first()?;
    if tag != 0x30 {
        return None;
    }
    let (&first, rest) = rest.split_first()?;
    let (content_len, header_len) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let count = usize::from(first & 0x7f);
        // 0x80 is BER's indefinite length, which DER forbids; four bytes is far beyond a
        // certificate.
        if count == 0 || count > 4 {
            return None;
        }
        let bytes = rest.get(..count)?;
        let value = bytes
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        (value, 2 + count)
    };
    let total = header_len.checked_add(content_len)?;
    (total <= der.len()).then_some(total)
}

/// Lowercase hex SHA-256 of `der`.
fn sha256_hex(der: &[u8]) -> String {
    hex(&Sha256::digest(der))
}

fn hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
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

    fn first_bundled_pem() -> String {
        let der = &bundled_der()[0];
        let body = base64::engine::general_purpose::STANDARD.encode(der);
        format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n")
    }

    #[test]
    fn parses_bundle_with_comments_other_blocks_and_crlf() {
        let cert = first_bundled_pem();
        let text = format!(
            "subject=CN=x\r\n{}\r\n-----BEGIN PRIVATE KEY-----\r\nnot even base64!\r\n-----END PRIVATE KEY-----\r\n{}",
            cert.replace('\n', "\r\n"),
            cert.replace("CERTIFICATE", "X509 CERTIFICATE"),
        );
        let certs = pem_certificates(&text).unwrap();
        assert_eq!(certs.len(), 2);
        assert_eq!(certs[0], bundled_der()[0]);
        assert_eq!(certs[1], bundled_der()[0]);
    }

    #[test]
    fn trusted_certificate_drops_trust_settings() {
        let mut der = bundled_der()[0].clone();
        der.extend_from_slice(&[0x30, 0x03, 0x06, 0x01, 0x00]);
        let body = base64::engine::general_purpose::STANDARD.encode(&der);
        let text = format!(
            "-----BEGIN TRUSTED CERTIFICATE-----\n{body}\n-----END TRUSTED CERTIFICATE-----\n"
        );
        assert_eq!(
            pem_certificates(&text).unwrap(),
            vec![bundled_der()[0].clone()]
        );
    }

    #[test]
    fn only_non_certificate_blocks_is_empty_not_error() {
        let text = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
        assert_eq!(pem_certificates(text), Ok(vec![]));
    }

    #[test]
    fn garbage_is_an_error() {
        assert_eq!(pem_certificates("hello, world\n"), Err(PemError::NoPemData));
        assert_eq!(pem_certificates(""), Err(PemError::NoPemData));
        assert_eq!(
            pem_certificates("-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n"),
            Err(PemError::InvalidBase64 { line: 1 })
        );
        // Valid base64 of bytes that are not a DER SEQUENCE.
        assert_eq!(
            pem_certificates(
                "x\n-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n"
            ),
            Err(PemError::NotDer { line: 2 })
        );
        // A certificate followed by extra bytes is not one certificate.
        let mut der = bundled_der()[0].clone();
        der.push(0);
        let body = base64::engine::general_purpose::STANDARD.encode(&der);
        let text = format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n");
        assert_eq!(pem_certificates(&text), Err(PemError::NotDer { line: 1 }));
    }

    #[test]
    fn broken_structure_is_an_error() {
        let cert = first_bundled_pem();
        let truncated = cert.replace("-----END CERTIFICATE-----\n", "");
        assert_eq!(
            pem_certificates(&truncated),
            Err(PemError::Unterminated {
                label: "CERTIFICATE".into(),
                line: 1
            })
        );
        assert_eq!(
            pem_certificates("-----END CERTIFICATE-----\n"),
            Err(PemError::UnexpectedEnd { line: 1 })
        );
        let mismatched = cert.replace("END CERTIFICATE", "END PUBLIC KEY");
        assert!(matches!(
            pem_certificates(&mismatched),
            Err(PemError::MismatchedEnd { .. })
        ));
        let nested = format!("-----BEGIN CERTIFICATE-----\n{cert}");
        assert!(matches!(
            pem_certificates(&nested),
            Err(PemError::Unterminated { line: 1, .. })
        ));
    }

    #[test]
    fn error_messages_are_clear() {
        assert_eq!(
            PemError::NoPemData.to_string(),
            "no PEM data found (expected -----BEGIN CERTIFICATE----- blocks)"
        );
        assert_eq!(
            PemError::InvalidBase64 { line: 7 }.to_string(),
            "PEM certificate starting at line 7 is not valid base64"
        );
    }

    #[test]
    fn der_length_reader_rejects_malformed_lengths() {
        assert_eq!(outer_sequence_len(&[0x30, 0x00]), Some(2));
        assert_eq!(outer_sequence_len(&[0x30, 0x80]), None);
        assert_eq!(outer_sequence_len(&[0x30, 0x82, 0x01]), None);
        assert_eq!(outer_sequence_len(&[0x30, 0x85, 1, 1, 1, 1, 1]), None);
        assert_eq!(outer_sequence_len(&[0x31, 0x00]), None);
        assert_eq!(outer_sequence_len(&[]), None);
    }
}
