//! The TLS client: rustls configured to send what the JDK 17 client sends where it changes the
//! server's answer, with a certificate verifier that records the chain exactly as presented and
//! trusts nothing itself (the verdict comes from [`crate::Evaluator`]).
//!
//! What is mirrored from JSSE 17 (`sun.security.ssl`):
//! * versions TLS 1.3 and 1.2 (1.0 / 1.1 are disabled in `jdk.tls.disabledAlgorithms`);
//! * SNI only for names [`super::target::jdk_sni_name`] accepts (never for IP literals);
//! * the `signature_algorithms` list in the JDK's order (`SignatureScheme` defaults), which is
//!   what makes a server with several certificates pick the one a Java client gets;
//! * every named group the JDK offers, in its order, with its two key shares (x25519 and
//!   secp256r1), see [`super::kx`];
//! * the TLS 1.3 suites and the ECDHE AEAD TLS 1.2 suites the JDK offers, in its order. A TLS 1.2
//!   server that only speaks JDK suites rustls lacks (DHE key exchange, CBC) has its chain read
//!   from its plaintext flight ([`super::legacy`]); one that speaks nothing the JDK offers ends
//!   in a classified failure, see [`super::failure`].
//!
//! Nothing is resumed (every probe is a full handshake that shows the chain) and no application
//! data is sent.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::Resumption;
use rustls::crypto::{aws_lc_rs, CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, SubjectPublicKeyInfoDer, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme};
use serde::Serialize;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::failure::{not_tls, ProbeFailure};

/// Most bytes read from a server during one handshake (a real chain is a few KiB; the TLS 1.3
/// Certificate message alone may legally be 16 MiB, which a probe need not accept).
pub const MAX_HANDSHAKE_BYTES: u64 = 512 * 1024;

/// How many leading bytes are kept to recognise a server that does not speak TLS.
const FIRST_BYTES: usize = 64;

/// The `signature_algorithms` the JDK 17.0.21 client sends when it offers TLS 1.3 and 1.2, in
/// its order (`SignatureScheme` enum order, minus `rsa_md5`, which `jdk.tls.disabledAlgorithms`
/// removes). DSA and SHA-224 schemes have no rustls constant and go by code point.
pub const JDK_SIGNATURE_SCHEMES: &[SignatureScheme] = &[
    SignatureScheme::ECDSA_NISTP256_SHA256,
    SignatureScheme::ECDSA_NISTP384_SHA384,
    SignatureScheme::ECDSA_NISTP521_SHA512,
    SignatureScheme::ED25519,
    SignatureScheme::ED448,
    SignatureScheme::RSA_PSS_SHA256,
    SignatureScheme::RSA_PSS_SHA384,
    SignatureScheme::RSA_PSS_SHA512,
    // rsa_pss_pss_sha256/384/512
    SignatureScheme::Unknown(0x0809),
    SignatureScheme::Unknown(0x080a),
    SignatureScheme::Unknown(0x080b),
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
    // dsa_sha256, ecdsa_sha224, rsa_sha224, dsa_sha224
    SignatureScheme::Unknown(0x0402),
    SignatureScheme::Unknown(0x0303),
    SignatureScheme::Unknown(0x0301),
    SignatureScheme::Unknown(0x0302),
    SignatureScheme::ECDSA_SHA1_Legacy,
    SignatureScheme::RSA_PKCS1_SHA1,
    // dsa_sha1
    SignatureScheme::Unknown(0x0202),
];

/// The crypto provider (rustls's AWS-LC one) with the JDK's cipher-suite order (as far as rustls
/// has them) and all of its named groups.
pub fn jdk_like_provider() -> CryptoProvider {
    use aws_lc_rs::cipher_suite as cs;
    CryptoProvider {
        cipher_suites: vec![
            cs::TLS13_AES_256_GCM_SHA384,
            cs::TLS13_AES_128_GCM_SHA256,
            cs::TLS13_CHACHA20_POLY1305_SHA256,
            cs::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            cs::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            cs::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            cs::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            cs::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        ],
        kx_groups: super::kx::jdk_groups(),
        ..aws_lc_rs::default_provider()
    }
}

/// How long the probe waits, after a TLS 1.3 handshake in which the server asked for a client
/// certificate, for the server's verdict on the (empty) client Certificate: a server that
/// requires one answers the client's Finished with a `certificate_required` alert.
const CLIENT_AUTH_ALERT_WAIT: Duration = Duration::from_millis(1500);

/// Records the server's CertificateRequest and presents no certificate, as an API Gateway
/// stage without a client certificate does (JSSE then sends an empty Certificate message).
#[derive(Debug, Default)]
struct RecordingClientAuth {
    request: Mutex<Option<crate::case::ClientCertificateRequest>>,
}

impl rustls::client::ResolvesClientCert for RecordingClientAuth {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        sigschemes: &[SignatureScheme],
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        let authorities = root_hint_subjects
            .iter()
            .map(|dn| distinguished_name(dn))
            .collect();
        if let Ok(mut r) = self.request.lock() {
            *r = Some(crate::case::ClientCertificateRequest {
                authorities,
                signature_schemes: sigschemes.iter().map(|s| scheme_name(*s)).collect(),
                refused_with: None,
            });
        }
        None
    }

    fn has_certs(&self) -> bool {
        false
    }
}

/// A DER distinguished name of the CertificateRequest's certificate_authorities (rustls hands
/// the encoded Name; without its SEQUENCE header, it is added) as `X500Principal.toString()`
/// prints it, or hex when it does not parse.
fn distinguished_name(dn: &[u8]) -> String {
    if let Ok(name) = crate::name::Name::from_der(dn) {
        return name.to_java_string();
    }
    let der = crate::der::encode(crate::der::tag::SEQUENCE, dn);
    match crate::name::Name::from_der(&der) {
        Ok(name) => name.to_java_string(),
        Err(_) => hex::encode(dn),
    }
}

/// Whether the server proved it holds the presented leaf's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SignatureCheck {
    /// The handshake signature verifies with the leaf's key.
    Verified {
        /// The TLS signature scheme.
        scheme: String,
    },
    /// The probe cannot verify this scheme or key (Ed448, DSA, P-521, SHA-1, an unparseable
    /// leaf); the handshake went on, the chain is still what the server sent.
    NotVerified {
        /// The TLS signature scheme.
        scheme: String,
        /// Why not.
        reason: String,
    },
    /// The signature does not verify with the leaf's key.
    Invalid {
        /// The TLS signature scheme.
        scheme: String,
    },
}

/// What the verifier saw.
#[derive(Debug, Default)]
struct Seen {
    chain: Vec<CertificateDer<'static>>,
    signature: Option<SignatureCheck>,
}

/// Records the presented chain and checks only the handshake signature.
#[derive(Debug)]
struct CapturingVerifier {
    seen: Mutex<Seen>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl CapturingVerifier {
    fn check_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let check = signature_check(message, cert, dss, &self.algorithms);
        let invalid = matches!(check, SignatureCheck::Invalid { .. });
        if let Ok(mut seen) = self.seen.lock() {
            seen.signature = Some(check);
        }
        if invalid {
            return Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::BadSignature,
            ));
        }
        Ok(HandshakeSignatureValid::assertion())
    }
}

impl ServerCertVerifier for CapturingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // Trust is decided later, by the Java model, on exactly these certificates.
        if let Ok(mut seen) = self.seen.lock() {
            seen.chain = std::iter::once(end_entity)
                .chain(intermediates)
                .map(|c| c.clone().into_owned())
                .collect();
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.check_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.check_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        JDK_SIGNATURE_SCHEMES.to_vec()
    }
}

/// Verifies a handshake signature against the leaf's public key, read by the engine's own
/// certificate parser: JSSE reads the key from the leaf as `CertificateFactory` parsed it, and a
/// leaf it cannot parse fails the handshake before any signature is checked.
fn signature_check(
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
    algorithms: &WebPkiSupportedAlgorithms,
) -> SignatureCheck {
    let scheme = scheme_name(dss.scheme);
    let not_verified = |reason: &str| SignatureCheck::NotVerified {
        scheme: scheme.clone(),
        reason: reason.to_string(),
    };
    let Ok(parsed) = crate::cert::Certificate::from_der(cert.as_ref()) else {
        return not_verified("the leaf certificate cannot be parsed");
    };
    let spki = SubjectPublicKeyInfoDer::from(parsed.spki());
    let Ok(key) = webpki::RawPublicKeyEntity::try_from(&spki) else {
        return not_verified("the leaf's public key cannot be read");
    };
    let Some((_, algs)) = algorithms.mapping.iter().find(|(s, _)| *s == dss.scheme) else {
        return not_verified("the probe has no verifier for this signature scheme");
    };
    let mut wrong_signature = false;
    for alg in algs.iter() {
        match key.verify_signature(*alg, message, dss.signature()) {
            Ok(()) => return SignatureCheck::Verified { scheme },
            Err(webpki::Error::InvalidSignatureForPublicKey) => wrong_signature = true,
            Err(_) => {}
        }
    }
    if wrong_signature {
        SignatureCheck::Invalid { scheme }
    } else {
        not_verified("the probe cannot verify this key type with this scheme")
    }
}

/// The scheme's RFC 8446 name.
fn scheme_name(s: SignatureScheme) -> String {
    let known = match s {
        SignatureScheme::ECDSA_NISTP256_SHA256 => "ecdsa_secp256r1_sha256",
        SignatureScheme::ECDSA_NISTP384_SHA384 => "ecdsa_secp384r1_sha384",
        SignatureScheme::ECDSA_NISTP521_SHA512 => "ecdsa_secp521r1_sha512",
        SignatureScheme::ED25519 => "ed25519",
        SignatureScheme::ED448 => "ed448",
        SignatureScheme::RSA_PSS_SHA256 => "rsa_pss_rsae_sha256",
        SignatureScheme::RSA_PSS_SHA384 => "rsa_pss_rsae_sha384",
        SignatureScheme::RSA_PSS_SHA512 => "rsa_pss_rsae_sha512",
        SignatureScheme::RSA_PKCS1_SHA256 => "rsa_pkcs1_sha256",
        SignatureScheme::RSA_PKCS1_SHA384 => "rsa_pkcs1_sha384",
        SignatureScheme::RSA_PKCS1_SHA512 => "rsa_pkcs1_sha512",
        SignatureScheme::ECDSA_SHA1_Legacy => "ecdsa_sha1",
        SignatureScheme::RSA_PKCS1_SHA1 => "rsa_pkcs1_sha1",
        other => match u16::from(other) {
            0x0809 => "rsa_pss_pss_sha256",
            0x080a => "rsa_pss_pss_sha384",
            0x080b => "rsa_pss_pss_sha512",
            0x0402 => "dsa_sha256",
            0x0303 => "ecdsa_sha224",
            0x0301 => "rsa_sha224",
            0x0302 => "dsa_sha224",
            0x0202 => "dsa_sha1",
            code => return format!("0x{code:04x}"),
        },
    };
    known.to_string()
}

/// The result of one handshake attempt.
#[derive(Debug, Clone, Default)]
pub struct Handshake {
    /// The chain as presented, leaf first (empty when the server sent none).
    pub chain: Vec<CertificateDer<'static>>,
    /// "1.2" or "1.3" once the server chose.
    pub tls_version: Option<String>,
    /// The negotiated cipher suite (JDK / IANA name).
    pub cipher_suite: Option<String>,
    /// The handshake-signature check.
    pub signature: Option<SignatureCheck>,
    /// True when the handshake finished.
    pub completed: bool,
    /// Why it did not finish.
    pub error: Option<ProbeFailure>,
    /// Bytes received from the server.
    pub received_bytes: u64,
    /// The server's CertificateRequest, when it sent one (with the alert it sent when the
    /// probe, like API Gateway without a client certificate, presented none).
    pub client_certificate_request: Option<crate::case::ClientCertificateRequest>,
}

impl Handshake {
    /// The JSSE auth type the trust manager receives: the key exchange of a TLS 1.2 suite,
    /// `UNKNOWN` under TLS 1.3 (None until a suite is known).
    pub fn auth_type(&self) -> Option<String> {
        let suite = self.cipher_suite.as_deref()?;
        if self.tls_version.as_deref() == Some("1.3") {
            return Some("UNKNOWN".into());
        }
        ["ECDHE_ECDSA", "ECDHE_RSA", "DHE_RSA", "DHE_DSS"]
            .iter()
            .find(|kx| suite.contains(&format!("_{kx}_")))
            .map(|kx| kx.to_string())
    }
}

/// Runs one TLS handshake over `stream` with the JDK-like ClientHello, bounded by `timeout`
/// and [`MAX_HANDSHAKE_BYTES`], then closes the TLS session (close_notify) without sending data.
pub(crate) async fn handshake<S>(stream: &mut S, sni: Option<&str>, timeout: Duration) -> Handshake
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let verifier = Arc::new(CapturingVerifier {
        seen: Mutex::new(Seen::default()),
        algorithms: aws_lc_rs::default_provider().signature_verification_algorithms,
    });
    let client_auth = Arc::new(RecordingClientAuth::default());
    let mut out = Handshake::default();
    let mut conn = match new_connection(verifier.clone(), client_auth.clone(), sni) {
        Ok(c) => c,
        Err(e) => {
            out.error = Some(ProbeFailure::Tls {
                detail: format!("cannot set up the TLS client: {e}"),
            });
            return out;
        }
    };
    let mut io = IoState::default();
    let driven = tokio::time::timeout(timeout, drive(&mut conn, stream, &mut io)).await;
    out.received_bytes = io.received;
    out.tls_version = conn.protocol_version().map(|v| match v {
        rustls::ProtocolVersion::TLSv1_3 => "1.3".to_string(),
        rustls::ProtocolVersion::TLSv1_2 => "1.2".to_string(),
        other => format!("{other:?}"),
    });
    out.cipher_suite = conn
        .negotiated_cipher_suite()
        .map(|s| suite_name(s.suite()));
    if let Ok(seen) = verifier.seen.lock() {
        out.chain = seen.chain.clone();
        out.signature = seen.signature.clone();
    }
    let requested = client_auth.request.lock().ok().and_then(|r| r.clone());
    match driven {
        Ok(Ok(())) => {
            out.completed = true;
            if requested.is_some() && out.tls_version.as_deref() == Some("1.3") {
                // TLS 1.3: the client's handshake is over when its Finished is sent; a server
                // that requires a certificate says so with an alert right after (JSSE reads it
                // with the first response and throws `Received fatal alert: ...`).
                let wait = CLIENT_AUTH_ALERT_WAIT.min(timeout);
                if let Ok(Err(DriveError::Tls(rustls::Error::AlertReceived(alert)))) =
                    tokio::time::timeout(wait, read_after_handshake(&mut conn, stream, &mut io))
                        .await
                {
                    out.client_certificate_request = requested.clone().map(|mut r| {
                        r.refused_with = Some(super::failure::alert_name(alert));
                        r
                    });
                }
                out.received_bytes = io.received;
            }
            conn.send_close_notify();
            // Best effort: the probe is done with this server either way.
            let _ =
                tokio::time::timeout(Duration::from_millis(500), flush(&mut conn, stream)).await;
            let _ = tokio::time::timeout(Duration::from_millis(500), stream.shutdown()).await;
        }
        Ok(Err(e)) => {
            // TLS 1.2: the server answers the client's empty Certificate with its alert.
            if let (Some(r), DriveError::Tls(rustls::Error::AlertReceived(alert))) =
                (&requested, &e)
            {
                let mut r = r.clone();
                r.refused_with = Some(super::failure::alert_name(*alert));
                out.client_certificate_request = Some(r);
            }
            out.error = Some(match e.into_failure(&io, &out.signature) {
                // The alert answers the empty client Certificate, not the ClientHello.
                ProbeFailure::AlertReceived { alert, .. } if requested.is_some() => {
                    ProbeFailure::AlertReceived {
                        alert,
                        hint: Some(super::failure::CLIENT_CERTIFICATE_HINT.into()),
                    }
                }
                other => other,
            });
        }
        Err(_) => {
            out.client_certificate_request = requested.clone();
            out.error = Some(ProbeFailure::HandshakeTimeout {
                after_ms: timeout.as_millis() as u64,
                received_bytes: io.received,
            })
        }
    }
    if out.client_certificate_request.is_none() {
        out.client_certificate_request = requested;
    }
    out
}

/// Reads what the server sends after the handshake until it sends an alert (returned as the
/// error), closes, or the caller's timeout ends the wait. Application data and tickets are
/// discarded; the read is bounded by [`MAX_HANDSHAKE_BYTES`] like the handshake.
async fn read_after_handshake<S: AsyncRead + AsyncWrite + Unpin>(
    conn: &mut ClientConnection,
    stream: &mut S,
    io: &mut IoState,
) -> Result<(), DriveError> {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        receive(conn, stream, io, &mut buf).await?;
    }
}

/// Reads what the server sent next and hands it to rustls: counted (its first bytes kept to
/// recognise a server that does not speak TLS) and bounded by [`MAX_HANDSHAKE_BYTES`].
async fn receive<S: AsyncRead + AsyncWrite + Unpin>(
    conn: &mut ClientConnection,
    stream: &mut S,
    io: &mut IoState,
    buf: &mut [u8],
) -> Result<(), DriveError> {
    let n = stream.read(buf).await.map_err(DriveError::Io)?;
    let Some(data) = buf.get(..n).filter(|d| !d.is_empty()) else {
        return Err(DriveError::Eof);
    };
    io.received += n as u64;
    if io.first.len() < FIRST_BYTES {
        let take = (FIRST_BYTES - io.first.len()).min(data.len());
        io.first
            .extend_from_slice(data.get(..take).unwrap_or_default());
    }
    if io.received > MAX_HANDSHAKE_BYTES {
        return Err(DriveError::TooMuch);
    }
    let mut rest = data;
    while !rest.is_empty() {
        conn.read_tls(&mut rest).map_err(DriveError::Io)?;
        conn.process_new_packets().map_err(DriveError::Tls)?;
    }
    Ok(())
}

fn new_connection(
    verifier: Arc<CapturingVerifier>,
    client_auth: Arc<RecordingClientAuth>,
    sni: Option<&str>,
) -> Result<ClientConnection, rustls::Error> {
    let mut config = ClientConfig::builder_with_provider(Arc::new(jdk_like_provider()))
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_client_cert_resolver(client_auth);
    config.resumption = Resumption::disabled();
    config.enable_sni = sni.is_some();
    // Without SNI the name only keys rustls's (disabled) session cache.
    let name = match sni.map(|s| ServerName::try_from(s.to_string())) {
        Some(Ok(n)) => n,
        _ => ServerName::try_from("no-sni.invalid")
            .map_err(|e| rustls::Error::General(e.to_string()))?,
    };
    ClientConnection::new(Arc::new(config), name)
}

/// rustls names TLS 1.3 suites `TLS13_*`; the JDK and IANA say `TLS_*`.
fn suite_name(s: rustls::CipherSuite) -> String {
    let debug = format!("{s:?}");
    match debug.strip_prefix("TLS13_") {
        Some(rest) => format!("TLS_{rest}"),
        None => debug,
    }
}

#[derive(Default)]
struct IoState {
    received: u64,
    first: Vec<u8>,
}

enum DriveError {
    Io(std::io::Error),
    Eof,
    Tls(rustls::Error),
    TooMuch,
}

impl DriveError {
    fn into_failure(self, io: &IoState, signature: &Option<SignatureCheck>) -> ProbeFailure {
        let first = io.first.as_slice();
        if let Some(f) = not_tls(first) {
            return f;
        }
        let received = io.received;
        match self {
            DriveError::Io(e) => ProbeFailure::from_handshake_io(&e, received),
            DriveError::Eof => ProbeFailure::ClosedDuringHandshake {
                received_bytes: received,
            },
            DriveError::TooMuch => ProbeFailure::TooMuchData {
                limit: MAX_HANDSHAKE_BYTES,
            },
            DriveError::Tls(e) => match signature {
                Some(SignatureCheck::Invalid { scheme }) => ProbeFailure::BadHandshakeSignature {
                    scheme: scheme.clone(),
                },
                _ => ProbeFailure::from_tls_error(&e, first),
            },
        }
    }
}

async fn flush<S: AsyncWrite + Unpin>(
    conn: &mut ClientConnection,
    stream: &mut S,
) -> Result<(), DriveError> {
    while conn.wants_write() {
        let mut buf = Vec::new();
        conn.write_tls(&mut buf).map_err(DriveError::Io)?;
        stream.write_all(&buf).await.map_err(DriveError::Io)?;
    }
    stream.flush().await.map_err(DriveError::Io)
}

async fn drive<S: AsyncRead + AsyncWrite + Unpin>(
    conn: &mut ClientConnection,
    stream: &mut S,
    io: &mut IoState,
) -> Result<(), DriveError> {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        flush(conn, stream).await?;
        if !conn.is_handshaking() {
            return Ok(());
        }
        match receive(conn, stream, io, &mut buf).await {
            // Send our alert the way a real client would, then report.
            Err(DriveError::Tls(e)) => {
                let _ = flush(conn, stream).await;
                return Err(DriveError::Tls(e));
            }
            other => other?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offers_the_jdk_schemes_in_order() {
        let names: Vec<String> = JDK_SIGNATURE_SCHEMES
            .iter()
            .map(|s| scheme_name(*s))
            .collect();
        assert_eq!(
            names.first().map(String::as_str),
            Some("ecdsa_secp256r1_sha256")
        );
        assert_eq!(names.len(), 21);
        assert!(!names.iter().any(|n| n.starts_with("0x") || n == "rsa_md5"));
        let pos = |n: &str| names.iter().position(|x| x == n);
        assert!(pos("ed448") < pos("rsa_pss_rsae_sha256"));
        assert!(pos("rsa_pkcs1_sha512") < pos("dsa_sha256"));
    }

    #[test]
    fn provider_orders_suites_like_the_jdk() {
        let p = jdk_like_provider();
        let names: Vec<String> = p
            .cipher_suites
            .iter()
            .map(|s| suite_name(s.suite()))
            .collect();
        assert_eq!(
            names.first().map(String::as_str),
            Some("TLS_AES_256_GCM_SHA384")
        );
        let rsa_chacha = names
            .iter()
            .position(|n| n == "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        let rsa_aes128 = names
            .iter()
            .position(|n| n == "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assert!(rsa_chacha < rsa_aes128);
    }

    #[test]
    fn auth_type_from_suite() {
        let h = |v: &str, s: &str| Handshake {
            tls_version: Some(v.into()),
            cipher_suite: Some(s.into()),
            ..Handshake::default()
        };
        assert_eq!(
            h("1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                .auth_type()
                .as_deref(),
            Some("ECDHE_RSA")
        );
        assert_eq!(
            h("1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
                .auth_type()
                .as_deref(),
            Some("ECDHE_ECDSA")
        );
        assert_eq!(
            h("1.3", "TLS_AES_256_GCM_SHA384").auth_type().as_deref(),
            Some("UNKNOWN")
        );
        assert_eq!(Handshake::default().auth_type(), None);
    }
}
