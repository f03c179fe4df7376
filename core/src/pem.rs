//! PEM and the certificate encodings a user hands over, in one place: how JSSE's
//! `CertificateFactory` reads one chain entry (DER, or a PEM block whose base64 it decodes
//! leniently, whatever the label), the strict bundle reader for trust stores (line-numbered
//! errors, OpenSSL's labels), the certificate-file reader of the command line and the scan
//! (DER, or PEM with a key beside the certificates skipped, anything else refused by name),
//! and the one PEM writer.

use std::fmt;

use base64::Engine as _;

use crate::cert::CertError;
use crate::der::{tag, Reader, Strictness};

/// Decodes one chain entry the way `CertificateFactory.generateCertificate` accepts it: a PEM
/// block (its base64 read leniently, as the JDK's MIME decoder does) or raw DER.
pub fn decode_certificate_input(input: &[u8]) -> Result<Vec<u8>, CertError> {
    let trimmed = input.trim_ascii_start();
    if trimmed.first() == Some(&0x30) {
        return Ok(trimmed.to_vec());
    }
    let text = std::str::from_utf8(trimmed)
        .map_err(|_| CertError::Encoding("neither PEM nor DER".into()))?;
    let blocks = pem_blocks(text);
    match blocks.into_iter().next() {
        Some(Ok(der)) => Ok(der),
        Some(Err(e)) => Err(e),
        None => Err(CertError::Encoding("no -----BEGIN block".into())),
    }
}

/// A DER certificate as a PEM block (the case format carries PEM strings).
pub fn der_to_pem(der: &[u8]) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 64);
    out.push_str("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// Every PEM block in `text` (any label, as the JDK's X509Factory does not check it), decoded.
pub fn pem_blocks(text: &str) -> Vec<Result<Vec<u8>, CertError>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN") {
        let after = &rest[start..];
        let Some(header_end) = after
            .find('\n')
            .or_else(|| after[10..].find("-----").map(|i| i + 15))
        else {
            out.push(Err(CertError::Encoding("unterminated PEM header".into())));
            break;
        };
        let body = &after[header_end.min(after.len())..];
        let Some(end) = body.find("-----END") else {
            out.push(Err(CertError::Encoding(
                "PEM block without -----END".into(),
            )));
            break;
        };
        out.push(decode_base64_lenient(&body[..end]));
        rest = &body[end + 8..];
    }
    out
}

/// The bytes of the base64 alphabet (padding excluded: `=` is dropped with the rest).
const BASE64_ALPHABET: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
        b += 1;
    }
    table
};

/// `Base64.getMimeDecoder()`: characters outside the alphabet are ignored.
fn decode_base64_lenient(body: &str) -> Result<Vec<u8>, CertError> {
    use base64::Engine;
    // Byte-wise: a non-ASCII character's UTF-8 bytes are all >= 0x80, so they are skipped
    // exactly as the character would be.
    let mut clean = vec![0u8; body.len()];
    let mut kept = 0;
    // Branch-free: every byte is copied and the cursor only advances over alphabet bytes (a
    // PEM body is the bulk of a case's input, and the branchy filter showed in profiles).
    for &b in body.as_bytes() {
        if let Some(slot) = clean.get_mut(kept) {
            *slot = b;
        }
        kept += usize::from(BASE64_ALPHABET[usize::from(b)]);
    }
    clean.truncate(kept);
    base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(&clean)
        .map_err(|e| CertError::Encoding(format!("bad base64: {e}")))
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

/// The encoded length of the DER SEQUENCE at the start of `der`, if it is one and fits (read
/// with BER lengths, the indefinite form refused: `CertificateFactory` hands the entry to
/// `X509CertImpl`, which reads it so; bytes after it are the caller's business).
fn outer_sequence_len(der: &[u8]) -> Option<usize> {
    let tlv = Reader::new(der, Strictness::BerDefinite).read().ok()?;
    (tlv.tag == tag::SEQUENCE).then_some(tlv.raw.len())
}


/// Why a certificate file cannot be read as certificates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateFileError {
    /// Neither DER nor UTF-8 text.
    #[error("neither PEM text nor a DER certificate")]
    NotText,
    /// PEM text whose blocks are something else (a key, a CSR, …): why, in words.
    #[error("{0}")]
    NotCertificates(String),
    /// No PEM block at all.
    #[error("no PEM certificate found (expected -----BEGIN CERTIFICATE----- blocks or a DER file)")]
    NoCertificate,
    /// A certificate block that does not decode (1-based block number).
    #[error("PEM block {block}: {reason}")]
    BadBlock {
        /// The block's position among the file's PEM blocks, from 1.
        block: usize,
        /// Why it does not decode.
        reason: String,
    },
}

/// The certificates of one file, as `--chain`, `--ca` and a scan's `--chain` read it: a DER
/// certificate, or PEM text whose certificate blocks are decoded as `CertificateFactory` reads
/// them (leniently), leaf first. A combined file's key block is skipped (it is not part of the
/// chain); a file with no certificate block but a key, a CSR or another PEM type is refused
/// by name.
pub fn certificate_file(bytes: &[u8]) -> Result<Vec<Vec<u8>>, CertificateFileError> {
    if bytes.first() == Some(&0x30) {
        return Ok(vec![bytes.to_vec()]);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| CertificateFileError::NotText)?;
    if let Some(why) = not_a_certificate(text) {
        return Err(CertificateFileError::NotCertificates(why));
    }
    let blocks: Vec<(String, Result<Vec<u8>, CertError>)> =
        block_labels(text).into_iter().zip(pem_blocks(text)).collect();
    if blocks.is_empty() {
        return Err(CertificateFileError::NoCertificate);
    }
    let mut out = Vec::new();
    for (i, (label, block)) in blocks.into_iter().enumerate() {
        if pem_label_kind(&label).is_some() {
            continue;
        }
        out.push(block.map_err(|e| CertificateFileError::BadBlock {
            block: i + 1,
            reason: e.to_string(),
        })?);
    }
    Ok(out)
}

/// The label of each `-----BEGIN …-----` line, in order: the blocks [`pem_blocks`] decodes.
fn block_labels(text: &str) -> Vec<String> {
    let mut labels = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN") {
        let after = &rest[start + 10..];
        let label_end = after.find("-----").unwrap_or(after.len());
        labels.push(after[..label_end].trim().to_string());
        rest = &after[label_end.min(after.len())..];
        match rest.find("-----END") {
            Some(end) => rest = &rest[end + 8..],
            None => break,
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cert::Certificate;
    use crate::trust_store::bundled_der;

    fn first_bundled_pem() -> String {
        let der = &bundled_der()[0];
        let body = base64::engine::general_purpose::STANDARD.encode(der);
        format!("-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n")
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for input in [
            &b""[..],
            b"\x30",
            b"\x30\x03\x02\x01\x00",
            b"hello",
            b"-----BEGIN CERTIFICATE-----\n!!!\n",
        ] {
            let r = decode_certificate_input(input).and_then(|d| Certificate::from_der(&d));
            assert!(r.is_err(), "{input:?}");
        }
    }

    #[test]
    fn pem_reads_any_label_and_skips_junk() {
        let blocks = pem_blocks("junk\n-----BEGIN X-----\nMAMCAQA=\n-----END X-----\nmore\n");
        assert_eq!(blocks.len(), 1);
        assert_eq!(
            blocks[0].as_ref().unwrap(),
            &vec![0x30, 0x03, 0x02, 0x01, 0x00]
        );
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

    #[test]
    fn pem_lines() {
        let pem = der_to_pem(&[0u8; 100]);
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\nAAAA"));
        assert!(pem.lines().all(|l| l.len() <= 64 || l.starts_with("-----")));
        assert!(pem.ends_with("-----END CERTIFICATE-----\n"));
    }

    #[test]
    fn certificate_files_skip_keys_and_refuse_keys_alone() {
        let cert = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";
        let key = "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n";
        let both = format!("{cert}{key}");
        assert_eq!(
            certificate_file(both.as_bytes()),
            Ok(vec![vec![0x30, 0x03, 0x02, 0x01, 0x00]])
        );
        assert_eq!(
            certificate_file(key.as_bytes()).unwrap_err().to_string(),
            "this is a private key, not a certificate (-----BEGIN PRIVATE KEY-----)"
        );
        assert_eq!(
            certificate_file(b"hello"),
            Err(CertificateFileError::NoCertificate)
        );
        assert_eq!(certificate_file(&[0x30, 0]), Ok(vec![vec![0x30, 0]]));
        assert_eq!(certificate_file(&[0xff]), Err(CertificateFileError::NotText));
    }
}
