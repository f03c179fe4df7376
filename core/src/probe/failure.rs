//! Why a connection to one address produced no (complete) handshake, classified so that a report
//! can say what the server did rather than echo a library's error text.

use std::io;

use serde::Serialize;

/// One connection's failure. Every network step that can go wrong has its own variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProbeFailure {
    /// Nothing listens on the port (TCP RST to the SYN).
    #[error("connection refused")]
    ConnectionRefused,
    /// No answer to the SYN within the timeout (a firewall or security group dropping it).
    #[error("TCP connect timed out after {after_ms} ms")]
    ConnectTimeout {
        /// The timeout that expired.
        after_ms: u64,
    },
    /// No route to the address (network or host unreachable).
    #[error("address unreachable: {detail}")]
    Unreachable {
        /// The operating system's text.
        detail: String,
    },
    /// The peer reset the connection.
    #[error("connection reset by the server during the {during}")]
    ConnectionReset {
        /// Which step the reset interrupted.
        during: Step,
    },
    /// The TCP connection was made but the handshake did not finish in time (a port that
    /// accepts and never speaks, or a very slow server).
    #[error("TLS handshake timed out after {after_ms} ms ({received_bytes} bytes received)")]
    HandshakeTimeout {
        /// The timeout that expired.
        after_ms: u64,
        /// What the server had sent by then.
        received_bytes: u64,
    },
    /// The server closed the connection before the handshake finished, without an alert.
    #[error("the server closed the connection during the TLS handshake ({received_bytes} bytes received)")]
    ClosedDuringHandshake {
        /// What the server had sent before closing.
        received_bytes: u64,
    },
    /// The server answered with something that is not TLS.
    #[error("the server does not speak TLS on this port: it sent \"{preview}\"")]
    NotTls {
        /// What the bytes look like.
        protocol: NonTlsProtocol,
        /// The first bytes, printable ASCII kept and the rest as `\xNN`.
        preview: String,
    },
    /// The server refused the handshake with a TLS alert.
    #[error("the server sent the TLS alert {alert}{}", hint_suffix(.hint))]
    AlertReceived {
        /// The alert's name (`handshake_failure`, `protocol_version`, ...).
        alert: String,
        /// What that alert usually means for a JDK client.
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
    },
    /// The server chose something the probe (rustls) cannot speak: TLS 1.1 or older, or a
    /// parameter the probe did not offer.
    #[error("the server needs something the probe cannot speak: {detail}")]
    Incompatible {
        /// What rustls reported.
        detail: String,
        /// True when the server asked for a TLS version below 1.2 (which the JDK 17 client
        /// refuses too: TLSv1 and TLSv1.1 are in `jdk.tls.disabledAlgorithms`).
        legacy_version: bool,
        /// The version its ServerHello chose (`TLSv1.1`), when the probe read it.
        #[serde(skip_serializing_if = "Option::is_none")]
        chosen_version: Option<String>,
        /// The suite that ServerHello chose, when the JDK did not offer it (as JSSE names it).
        #[serde(skip_serializing_if = "Option::is_none")]
        improper_suite: Option<String>,
    },
    /// The server's CertificateVerify / ServerKeyExchange signature does not verify with the
    /// presented leaf's key: the server does not hold the key of the certificate it sends.
    #[error("the server's handshake signature ({scheme}) does not match the presented certificate's key")]
    BadHandshakeSignature {
        /// The TLS signature scheme the server used.
        scheme: String,
    },
    /// Any other TLS protocol error.
    #[error("TLS error: {detail}")]
    Tls {
        /// rustls's description.
        detail: String,
    },
    /// The server sent more than the probe reads for one handshake.
    #[error("the server sent more than {limit} bytes during the handshake")]
    TooMuchData {
        /// The limit in bytes.
        limit: u64,
    },
    /// Any other I/O error.
    #[error("I/O error during the {during}: {detail}")]
    Io {
        /// Which step failed.
        during: Step,
        /// The operating system's text.
        detail: String,
    },
}

fn hint_suffix(hint: &Option<String>) -> String {
    hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default()
}

/// A step of one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The TCP connect.
    Connect,
    /// The TLS handshake.
    Handshake,
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Step::Connect => "TCP connect",
            Step::Handshake => "TLS handshake",
        })
    }
}

/// What a non-TLS answer looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NonTlsProtocol {
    /// An HTTP response (`HTTP/1.x ...`): plain HTTP on the port.
    Http,
    /// An SSH banner.
    Ssh,
    /// Something else.
    Unknown,
}

impl ProbeFailure {
    /// Classifies an I/O error of the TCP connect.
    pub fn from_connect_error(e: &io::Error) -> ProbeFailure {
        match e.kind() {
            io::ErrorKind::ConnectionRefused => ProbeFailure::ConnectionRefused,
            io::ErrorKind::ConnectionReset => ProbeFailure::ConnectionReset {
                during: Step::Connect,
            },
            io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkUnreachable
            | io::ErrorKind::AddrNotAvailable => ProbeFailure::Unreachable {
                detail: e.to_string(),
            },
            io::ErrorKind::TimedOut => ProbeFailure::ConnectTimeout { after_ms: 0 },
            _ => ProbeFailure::Io {
                during: Step::Connect,
                detail: e.to_string(),
            },
        }
    }

    /// Classifies an I/O error during the handshake.
    pub fn from_handshake_io(e: &io::Error, received_bytes: u64) -> ProbeFailure {
        match e.kind() {
            io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                ProbeFailure::ConnectionReset {
                    during: Step::Handshake,
                }
            }
            io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe => {
                ProbeFailure::ClosedDuringHandshake { received_bytes }
            }
            _ => ProbeFailure::Io {
                during: Step::Handshake,
                detail: e.to_string(),
            },
        }
    }

    /// Classifies a rustls error. `first_bytes` is what the server sent first: a server that
    /// does not speak TLS is recognised from it rather than from rustls's decoding error.
    pub fn from_tls_error(e: &rustls::Error, first_bytes: &[u8]) -> ProbeFailure {
        use rustls::{Error, PeerIncompatible as P};
        if let Some(not_tls) = not_tls(first_bytes) {
            return not_tls;
        }
        match e {
            Error::AlertReceived(alert) => {
                let name = alert_name(*alert);
                let hint = alert_hint(&name).map(str::to_string);
                ProbeFailure::AlertReceived { alert: name, hint }
            }
            Error::PeerIncompatible(p) => {
                let legacy_version = matches!(
                    p,
                    P::ServerDoesNotSupportTls12Or13 | P::ServerTlsVersionIsDisabledByOurConfig
                );
                ProbeFailure::Incompatible {
                    detail: format!("{p:?}"),
                    legacy_version,
                    chosen_version: None,
                    improper_suite: None,
                }
            }
            Error::InvalidMessage(m) => ProbeFailure::Tls {
                detail: format!("invalid message from the server: {m:?}"),
            },
            Error::PeerSentOversizedRecord => ProbeFailure::Tls {
                detail: "the server sent an oversized TLS record".into(),
            },
            other => ProbeFailure::Tls {
                detail: other.to_string(),
            },
        }
    }

    /// The message of the exception the JDK 17.0.21 client throws when the server does this to
    /// its handshake, for the failures it meets the same way: a fatal alert answering its
    /// ClientHello, a ServerHello choosing a version it disables. None for the others (network
    /// failures, what only the probe's client cannot speak).
    pub fn java_message(&self) -> Option<String> {
        match self {
            ProbeFailure::AlertReceived { alert, .. } => Some(
                match alert
                    .strip_prefix("unknown(")
                    .and_then(|n| n.strip_suffix(')'))
                    .and_then(|n| n.parse::<u8>().ok())
                {
                    Some(code) => crate::message::unknown_alert_description(code),
                    None => crate::message::received_fatal_alert(alert),
                },
            ),
            // JSSE parses the ServerHello's suite before it checks the version.
            ProbeFailure::Incompatible {
                legacy_version: true,
                improper_suite: Some(suite),
                ..
            } => Some(crate::message::server_selected_improper_suite(suite)),
            ProbeFailure::Incompatible {
                legacy_version: true,
                chosen_version: Some(v),
                ..
            } => Some(crate::message::server_selected_disabled_version(v)),
            _ => None,
        }
    }

    /// Replaces an alert's generic hint with what the probe found out.
    pub fn with_hint(self, hint: String) -> ProbeFailure {
        match self {
            ProbeFailure::AlertReceived { alert, .. } => ProbeFailure::AlertReceived {
                alert,
                hint: Some(hint),
            },
            other => other,
        }
    }

    /// A stable machine-readable code for the failure.
    pub fn code(&self) -> &'static str {
        match self {
            ProbeFailure::ConnectionRefused => "connection_refused",
            ProbeFailure::ConnectTimeout { .. } => "connect_timeout",
            ProbeFailure::Unreachable { .. } => "unreachable",
            ProbeFailure::ConnectionReset { .. } => "connection_reset",
            ProbeFailure::HandshakeTimeout { .. } => "handshake_timeout",
            ProbeFailure::ClosedDuringHandshake { .. } => "closed_during_handshake",
            ProbeFailure::NotTls { .. } => "not_tls",
            ProbeFailure::AlertReceived { .. } => "tls_alert",
            ProbeFailure::Incompatible { .. } => "tls_incompatible",
            ProbeFailure::BadHandshakeSignature { .. } => "bad_handshake_signature",
            ProbeFailure::Tls { .. } => "tls_error",
            ProbeFailure::TooMuchData { .. } => "too_much_data",
            ProbeFailure::Io { .. } => "io_error",
        }
    }
}

/// A NotTls failure when the first bytes cannot start a TLS record: a TLS server's first byte
/// is a record content type (20..=24) followed by major version 3.
pub fn not_tls(first_bytes: &[u8]) -> Option<ProbeFailure> {
    let (&b0, rest) = first_bytes.split_first()?;
    let tls_start = (20..=24).contains(&b0) && rest.first().is_none_or(|&v| v == 3);
    if tls_start {
        return None;
    }
    let protocol = if first_bytes.starts_with(b"HTTP/") {
        NonTlsProtocol::Http
    } else if first_bytes.starts_with(b"SSH-") {
        NonTlsProtocol::Ssh
    } else {
        NonTlsProtocol::Unknown
    };
    Some(ProbeFailure::NotTls {
        protocol,
        preview: preview(first_bytes, 64),
    })
}

/// Printable preview of untrusted bytes.
fn preview(bytes: &[u8], max: usize) -> String {
    let mut s = String::new();
    for &b in bytes.iter().take(max) {
        match b {
            b'\r' => s.push_str("\\r"),
            b'\n' => s.push_str("\\n"),
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s
}

/// The alert's name as JSSE gives it (`handshake_failure`, `unrecognized_name`), or
/// `unknown(N)` for a code JSSE does not know.
pub(crate) fn alert_name(alert: rustls::AlertDescription) -> String {
    let code = u8::from(alert);
    crate::message::jsse_alert_description(code)
        .map_or_else(|| format!("unknown({code})"), str::to_string)
}

/// The hint of an alert that answers the client's empty Certificate after a CertificateRequest.
pub const CLIENT_CERTIFICATE_HINT: &str = "the server requires a client certificate: it sent a CertificateRequest and refused the handshake when none came, as it will for API Gateway unless the stage presents one (--client-certificate)";

/// What an alert usually means when it answers the ClientHello.
fn alert_hint(alert: &str) -> Option<&'static str> {
    Some(match alert {
        "handshake_failure" | "insufficient_security" => {
            "no TLS version, cipher suite, group or signature scheme in common with the JDK 17.0.21 client"
        }
        "protocol_version" => "the server does not accept TLS 1.2 or 1.3; the JDK 17 client refuses TLS 1.1 and older as well",
        "unrecognized_name" => "the server has no certificate for the SNI name sent",
        "certificate_required" | "bad_certificate" => "the server asks for a client certificate (mutual TLS)",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_plain_http_and_other_protocols() {
        let f = not_tls(b"HTTP/1.1 400 Bad Request\r\n").unwrap();
        assert!(
            matches!(&f, ProbeFailure::NotTls { protocol: NonTlsProtocol::Http, preview } if preview.starts_with("HTTP/1.1 400 Bad Request\\r\\n"))
        );
        assert!(matches!(
            not_tls(b"SSH-2.0-OpenSSH"),
            Some(ProbeFailure::NotTls {
                protocol: NonTlsProtocol::Ssh,
                ..
            })
        ));
        assert!(matches!(
            not_tls(&[0, 1, 2]),
            Some(ProbeFailure::NotTls {
                protocol: NonTlsProtocol::Unknown,
                ..
            })
        ));
        // A TLS record (handshake, alert) or nothing at all is not "not TLS".
        assert_eq!(not_tls(&[22, 3, 3, 0, 5]), None);
        assert_eq!(not_tls(&[21, 3, 1]), None);
        assert_eq!(not_tls(&[22]), None);
        assert_eq!(not_tls(&[]), None);
        assert!(not_tls(&[22, 9]).is_some());
    }

    #[test]
    fn names_alerts_as_the_rfc_does() {
        assert_eq!(
            alert_name(rustls::AlertDescription::HandshakeFailure),
            "handshake_failure"
        );
        assert_eq!(
            alert_name(rustls::AlertDescription::ProtocolVersion),
            "protocol_version"
        );
        assert_eq!(
            alert_name(rustls::AlertDescription::Unknown(200)),
            "unknown(200)"
        );
        // rustls's British spelling is not the JDK's.
        assert_eq!(
            alert_name(rustls::AlertDescription::UnrecognisedName),
            "unrecognized_name"
        );
        let unknown = ProbeFailure::AlertReceived {
            alert: "unknown(200)".into(),
            hint: None,
        };
        assert_eq!(
            unknown.java_message().as_deref(),
            Some("Unknown alert description (200)")
        );
        // A ServerHello choosing TLS 1.1, confirmed with RealHandshake against a raw server:
        // with a suite the JDK offers, the version message; with one it does not, the suite's
        // (JSSE reads the suite first).
        let old = |suite: Option<&str>| ProbeFailure::Incompatible {
            detail: String::new(),
            legacy_version: true,
            chosen_version: Some("TLSv1.1".into()),
            improper_suite: suite.map(str::to_string),
        };
        assert_eq!(
            old(None).java_message().as_deref(),
            Some("The server selected protocol version TLS11 is not accepted by client preferences [TLS13, TLS12]")
        );
        assert_eq!(
            old(Some("0xC0FF")).java_message().as_deref(),
            Some("Server selected improper ciphersuite UNKNOWN-CIPHER-SUITE(0xC0FF)")
        );
        let f = ProbeFailure::from_tls_error(
            &rustls::Error::AlertReceived(rustls::AlertDescription::HandshakeFailure),
            &[21, 3, 3],
        );
        assert!(
            matches!(&f, ProbeFailure::AlertReceived { alert, hint: Some(_) } if alert == "handshake_failure")
        );
        assert_eq!(f.code(), "tls_alert");
    }

    #[test]
    fn io_errors_by_step() {
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        assert_eq!(
            ProbeFailure::from_connect_error(&refused),
            ProbeFailure::ConnectionRefused
        );
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        assert_eq!(
            ProbeFailure::from_handshake_io(&reset, 0),
            ProbeFailure::ConnectionReset {
                during: Step::Handshake
            }
        );
        let eof = io::Error::from(io::ErrorKind::UnexpectedEof);
        assert_eq!(
            ProbeFailure::from_handshake_io(&eof, 7),
            ProbeFailure::ClosedDuringHandshake { received_bytes: 7 }
        );
        let legacy = ProbeFailure::from_tls_error(
            &rustls::Error::PeerIncompatible(
                rustls::PeerIncompatible::ServerDoesNotSupportTls12Or13,
            ),
            &[22, 3, 1],
        );
        assert!(matches!(
            legacy,
            ProbeFailure::Incompatible {
                legacy_version: true,
                ..
            }
        ));
    }
}
