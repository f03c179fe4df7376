//! One connection: TCP connect to one address (bounded by a timeout), then the TLS handshake of
//! [`super::tls`]. The probe connects only to addresses it resolved or was given.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use super::failure::ProbeFailure;
use super::legacy;
use super::tls::{self, SignatureCheck};
use crate::verdict::Verdict;

/// How an address came to be probed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressSource {
    /// An answer of the URL host's DNS lookup.
    Dns,
    /// The URL's host is this address.
    IpLiteral,
    /// A `--connect-to` override (its address, or an answer of its name's lookup).
    ConnectTo,
}

/// How the chain was obtained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChainSource {
    /// From the probe's own handshake.
    Handshake,
    /// From the server's plaintext TLS 1.2 flight, answering the JDK's own ClientHello (TLS 1.3
    /// and 1.2): the server chose TLS 1.2 with something rustls cannot speak (DHE, CBC, ...),
    /// which a JDK client can. See [`super::legacy`].
    Tls12ServerFlight {
        /// Why the probe's own handshake failed.
        probe_failure: ProbeFailure,
    },
}

/// What one address did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConnectionReport {
    /// The address and port connected to.
    pub address: SocketAddr,
    /// Why this address.
    pub source: AddressSource,
    /// The SNI name sent (None: no SNI, as the JDK does for IP literals and dotless names).
    pub sni: Option<String>,
    /// The negotiated TLS version ("1.2" / "1.3").
    pub tls_version: Option<String>,
    /// The negotiated cipher suite.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cipher_suite: Option<String>,
    /// The chain exactly as the server presented it, leaf first, as DER. The JSON report writes
    /// it as PEM under `chain_pem` ([`ConnectionReport::chain_pem`]): text only at the edge.
    #[serde(rename = "chain_pem", serialize_with = "serialize_pem")]
    pub chain: Vec<Vec<u8>>,
    /// How the chain was obtained (None when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain_source: Option<ChainSource>,
    /// True when the handshake finished.
    pub handshake_complete: bool,
    /// Whether the server proved possession of the leaf's key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handshake_signature: Option<SignatureCheck>,
    /// Why the connection or handshake failed.
    pub error: Option<ProbeFailure>,
    /// Time for connect and handshake.
    pub elapsed_ms: u64,
    /// API Gateway's verdict on this chain (None when no chain was presented).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// The server's request for a client certificate, when it sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_certificate_request: Option<crate::case::ClientCertificateRequest>,
    /// What the server wanted instead, when it refused the JDK's ClientHello (found with a
    /// wider ClientHello on another connection, see [`legacy::Offer::wide`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal_cause: Option<crate::diagnose::RefusalCause>,
    /// The JSSE auth type of the negotiated suite (for the verdict).
    #[serde(skip)]
    pub auth_type: Option<String>,
    /// A TLS 1.2 DHE server: the bit length of its ServerKeyExchange prime.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dh_prime_bits: Option<usize>,
}

impl ConnectionReport {
    /// The presented chain as PEM blocks, leaf first (what the JSON report carries).
    pub fn chain_pem(&self) -> Vec<String> {
        self.chain
            .iter()
            .map(|der| crate::pem::der_to_pem(der))
            .collect()
    }
}

/// The chain as PEM text in the JSON report, where people read and paste it.
fn serialize_pem<S: serde::Serializer>(chain: &[Vec<u8>], out: S) -> Result<S::Ok, S::Error> {
    out.collect_seq(chain.iter().map(|der| crate::pem::der_to_pem(der)))
}

/// Connects to `address` and runs the handshake.
pub(crate) async fn probe_address(
    address: SocketAddr,
    source: AddressSource,
    sni: Option<&str>,
    connect_timeout: Duration,
    handshake_timeout: Duration,
) -> ConnectionReport {
    let start = Instant::now();
    let mut report = ConnectionReport {
        address,
        source,
        sni: sni.map(str::to_string),
        tls_version: None,
        cipher_suite: None,
        chain: vec![],
        chain_source: None,
        handshake_complete: false,
        handshake_signature: None,
        error: None,
        elapsed_ms: 0,
        verdict: None,
        client_certificate_request: None,
        refusal_cause: None,
        auth_type: None,
        dh_prime_bits: None,
    };
    let mut stream = match tokio::time::timeout(connect_timeout, TcpStream::connect(address)).await
    {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            report.error = Some(match ProbeFailure::from_connect_error(&e) {
                ProbeFailure::ConnectTimeout { .. } => ProbeFailure::ConnectTimeout {
                    after_ms: connect_timeout.as_millis() as u64,
                },
                other => other,
            });
            report.elapsed_ms = start.elapsed().as_millis() as u64;
            return report;
        }
        Err(_) => {
            report.error = Some(ProbeFailure::ConnectTimeout {
                after_ms: connect_timeout.as_millis() as u64,
            });
            report.elapsed_ms = start.elapsed().as_millis() as u64;
            return report;
        }
    };
    let _ = stream.set_nodelay(true);
    let hs = tls::handshake(&mut stream, sni, handshake_timeout).await;
    drop(stream);
    if hs.chain.is_empty() && hs.error.as_ref().is_some_and(worth_a_tls12_flight) {
        if let Some(failure) = hs.error.clone() {
            if let Some(mut done) =
                tls12_flight(&mut report, failure, connect_timeout, handshake_timeout).await
            {
                refusal(&mut done, connect_timeout, handshake_timeout).await;
                done.elapsed_ms = start.elapsed().as_millis() as u64;
                return done;
            }
        }
    }
    report.chain_source = (!hs.chain.is_empty()).then_some(ChainSource::Handshake);
    report.auth_type = hs.auth_type();
    report.tls_version = hs.tls_version;
    report.cipher_suite = hs.cipher_suite;
    report.chain = hs.chain.iter().map(|c| c.as_ref().to_vec()).collect();
    report.handshake_complete = hs.completed;
    report.handshake_signature = hs.signature;
    report.client_certificate_request = hs.client_certificate_request;
    report.error = hs.error;
    refusal(&mut report, connect_timeout, handshake_timeout).await;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    report
}

/// When the server refused the JDK's ClientHello the way the JDK would see it (an alert, a
/// disabled version), asks it once more with [`legacy::Offer::wide`] on a new connection and
/// records what it wanted instead; the alert's hint then says it.
async fn refusal(report: &mut ConnectionReport, connect_timeout: Duration, timeout: Duration) {
    use crate::diagnose::RefusalCause;
    let Some(error) = report.error.clone() else {
        return;
    };
    if !report.chain.is_empty() || error.java_message().is_none() {
        return;
    }
    let cause = match &error {
        ProbeFailure::Incompatible {
            chosen_version: Some(version),
            ..
        } => RefusalCause::ProtocolVersion {
            version: version.clone(),
        },
        _ => {
            let answer =
                match tokio::time::timeout(connect_timeout, TcpStream::connect(report.address))
                    .await
                {
                    Ok(Ok(mut stream)) => {
                        let a = legacy::ask(
                            &mut stream,
                            &legacy::Offer::wide(),
                            report.sni.as_deref(),
                            timeout,
                            true,
                        )
                        .await;
                        let _ = tokio::time::timeout(Duration::from_millis(200), stream.shutdown())
                            .await;
                        a.ok()
                    }
                    _ => None,
                };
            answer.map_or(RefusalCause::Unknown, |a| legacy::refusal_cause(&a))
        }
    };
    // An unexplained refusal keeps the alert's own hint (unrecognized_name: no certificate for
    // the SNI name, ...).
    report.error = Some(match cause {
        RefusalCause::Unknown => error,
        _ => error.with_hint(cause.hint()),
    });
    report.refusal_cause = Some(cause);
}

/// Failures after which the server may still speak TLS 1.2 with a suite or group the JDK
/// offers and rustls does not.
fn worth_a_tls12_flight(f: &ProbeFailure) -> bool {
    match f {
        ProbeFailure::AlertReceived { alert, .. } => matches!(
            alert.as_str(),
            "handshake_failure" | "insufficient_security" | "illegal_parameter"
        ),
        // The JDK's own ClientHello shows which old version the server chose.
        ProbeFailure::Incompatible { .. } => true,
        _ => false,
    }
}

/// A second connection to the same address for the server's TLS 1.2 flight. Some(report) when
/// it yields a chain or a more precise failure; None to keep the first failure.
async fn tls12_flight(
    report: &mut ConnectionReport,
    failure: ProbeFailure,
    connect_timeout: Duration,
    handshake_timeout: Duration,
) -> Option<ConnectionReport> {
    let mut stream = tokio::time::timeout(connect_timeout, TcpStream::connect(report.address))
        .await
        .ok()?
        .ok()?;
    let captured = legacy::capture(&mut stream, report.sni.as_deref(), handshake_timeout).await;
    let _ = tokio::time::timeout(Duration::from_millis(200), stream.shutdown()).await;
    match captured {
        // The server chose TLS 1.3 for the JDK's ClientHello: the JDK meets what the probe met
        // (no TLS 1.2 reading may stand in for it).
        Ok(None) => None,
        Ok(Some(c)) => {
            let mut r = report.clone();
            r.tls_version = Some("1.2".into());
            r.auth_type = tls::Handshake {
                tls_version: r.tls_version.clone(),
                cipher_suite: Some(c.cipher_suite.clone()),
                ..tls::Handshake::default()
            }
            .auth_type();
            r.cipher_suite = Some(c.cipher_suite);
            r.dh_prime_bits = c.dh_prime_bits;
            r.chain = c.chain;
            r.chain_source = Some(ChainSource::Tls12ServerFlight {
                probe_failure: failure,
            });
            r.error = None;
            Some(r)
        }
        // The server refuses TLS 1.2 itself: that is the failure the JDK would see.
        Err(
            e @ ProbeFailure::Incompatible {
                legacy_version: true,
                ..
            },
        ) => {
            let mut r = report.clone();
            r.error = Some(e);
            Some(r)
        }
        Err(_) => None,
    }
}
