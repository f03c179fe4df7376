//! One connection: TCP connect to one address (bounded by a timeout), then the TLS handshake of
//! [`super::tls`]. The probe connects only to addresses it resolved or was given.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::net::TcpStream;

use super::failure::ProbeFailure;
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
    /// The chain exactly as the server presented it, leaf first, as PEM.
    pub chain_pem: Vec<String>,
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
    /// The JSSE auth type of the negotiated suite (for the verdict).
    #[serde(skip)]
    pub auth_type: Option<String>,
}

/// Connects to `address` and runs the handshake.
pub async fn probe_address(address: SocketAddr, source: AddressSource, sni: Option<&str>, connect_timeout: Duration, handshake_timeout: Duration) -> ConnectionReport {
    let start = Instant::now();
    let mut report = ConnectionReport {
        address,
        source,
        sni: sni.map(str::to_string),
        tls_version: None,
        cipher_suite: None,
        chain_pem: vec![],
        handshake_complete: false,
        handshake_signature: None,
        error: None,
        elapsed_ms: 0,
        verdict: None,
        auth_type: None,
    };
    let mut stream = match tokio::time::timeout(connect_timeout, TcpStream::connect(address)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            report.error = Some(match ProbeFailure::from_connect_error(&e) {
                ProbeFailure::ConnectTimeout { .. } => ProbeFailure::ConnectTimeout { after_ms: connect_timeout.as_millis() as u64 },
                other => other,
            });
            report.elapsed_ms = start.elapsed().as_millis() as u64;
            return report;
        }
        Err(_) => {
            report.error = Some(ProbeFailure::ConnectTimeout { after_ms: connect_timeout.as_millis() as u64 });
            report.elapsed_ms = start.elapsed().as_millis() as u64;
            return report;
        }
    };
    let _ = stream.set_nodelay(true);
    let hs = tls::handshake(&mut stream, sni, handshake_timeout).await;
    report.auth_type = hs.auth_type();
    report.tls_version = hs.tls_version;
    report.cipher_suite = hs.cipher_suite;
    report.chain_pem = hs.chain.iter().map(|c| tls::to_pem(c.as_ref())).collect();
    report.handshake_complete = hs.completed;
    report.handshake_signature = hs.signature;
    report.error = hs.error;
    report.elapsed_ms = start.elapsed().as_millis() as u64;
    report
}
