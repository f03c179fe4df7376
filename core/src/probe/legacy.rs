//! The chain of a TLS 1.2 server that the probe's rustls client cannot finish a handshake with
//! (DHE key exchange, CBC suites, or only groups rustls lacks), read from the server's
//! plaintext Certificate message.
//!
//! In TLS 1.2 the server's ServerHello and Certificate travel unencrypted, so a ClientHello
//! offering exactly the JDK 17.0.21 client's TLS 1.2 suites, groups and signature schemes is
//! enough to see the chain the JDK would receive. The probe then closes the connection: it
//! never completes this handshake, and it never decides trust from it (the verdict comes from
//! the model, as for every chain).

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::failure::{not_tls, ProbeFailure};
use super::tls::{JDK_SIGNATURE_SCHEMES, MAX_HANDSHAKE_BYTES};

/// The TLS 1.2 suites JDK 17.0.21 enables, in its order: `CipherSuite` minus
/// `jdk.tls.disabledAlgorithms` (`TLS_RSA_*`, `ECDH`, `3DES_EDE_CBC`, ...).
pub const JDK_TLS12_SUITES: &[(u16, &str)] = &[
    (0xC02C, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"),
    (0xC02B, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
    (0xCCA9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0xC030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
    (0xCCA8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0xC02F, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
    (0x009F, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"),
    (0xCCAA, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"),
    (0x00A3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384"),
    (0x009E, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
    (0x00A2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256"),
    (0xC024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"),
    (0xC028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"),
    (0xC023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"),
    (0xC027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
    (0x006B, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"),
    (0x006A, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256"),
    (0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"),
    (0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256"),
    (0xC00A, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"),
    (0xC014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"),
    (0xC009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
    (0xC013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
    (0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"),
    (0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"),
    (0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"),
    (0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"),
];

/// The JDK's named groups (`SupportedGroupsExtension` defaults).
const JDK_GROUPS: &[u16] = &[
    0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
];

/// What the server showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyCapture {
    /// The suite the server chose (JDK name, or hex when unknown).
    pub cipher_suite: String,
    /// The chain, leaf first, as sent.
    pub chain: Vec<Vec<u8>>,
}

/// A TLS 1.2 ClientHello with the JDK's suites, groups and signature schemes.
pub fn client_hello(sni: Option<&str>, random: &[u8; 32]) -> Vec<u8> {
    let mut body = vec![0x03, 0x03];
    body.extend_from_slice(random);
    body.push(0); // no session id
    let mut suites: Vec<u8> = JDK_TLS12_SUITES
        .iter()
        .flat_map(|(c, _)| c.to_be_bytes())
        .collect();
    suites.extend_from_slice(&[0x00, 0xff]); // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
    push_u16_prefixed(&mut body, &suites);
    body.extend_from_slice(&[1, 0]); // null compression only

    let mut ext = Vec::new();
    if let Some(name) = sni {
        let mut list = vec![0u8]; // host_name
        push_u16_prefixed(&mut list, name.as_bytes());
        let mut data = Vec::new();
        push_u16_prefixed(&mut data, &list);
        push_ext(&mut ext, 0x0000, &data);
    }
    let groups: Vec<u8> = JDK_GROUPS.iter().flat_map(|g| g.to_be_bytes()).collect();
    let mut data = Vec::new();
    push_u16_prefixed(&mut data, &groups);
    push_ext(&mut ext, 0x000a, &data);
    push_ext(&mut ext, 0x000b, &[1, 0]); // ec_point_formats: uncompressed
    let schemes: Vec<u8> = JDK_SIGNATURE_SCHEMES
        .iter()
        .flat_map(|s| u16::from(*s).to_be_bytes())
        .collect();
    let mut data = Vec::new();
    push_u16_prefixed(&mut data, &schemes);
    push_ext(&mut ext, 0x000d, &data);
    push_ext(&mut ext, 0x0017, &[]); // extended_master_secret
    push_u16_prefixed(&mut body, &ext);

    let mut hs = vec![1];
    hs.extend_from_slice(&u24(body.len()));
    hs.extend_from_slice(&body);
    let mut rec = vec![22, 3, 1];
    rec.extend_from_slice(&(hs.len() as u16).to_be_bytes());
    rec.extend_from_slice(&hs);
    rec
}

fn push_u16_prefixed(out: &mut Vec<u8>, data: &[u8]) {
    out.extend_from_slice(&(data.len() as u16).to_be_bytes());
    out.extend_from_slice(data);
}

fn push_ext(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    out.extend_from_slice(&kind.to_be_bytes());
    push_u16_prefixed(out, data);
}

fn u24(n: usize) -> [u8; 3] {
    [(n >> 16) as u8, (n >> 8) as u8, n as u8]
}

fn version_name(v: u16) -> String {
    match v {
        0x0300 => "SSL 3.0".into(),
        0x0301 => "TLS 1.0".into(),
        0x0302 => "TLS 1.1".into(),
        other => format!("protocol version 0x{other:04x}"),
    }
}

fn suite_name(code: u16) -> String {
    JDK_TLS12_SUITES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or_else(|| format!("0x{code:04X}"), |(_, n)| n.to_string())
}

/// Sends the JDK-like TLS 1.2 ClientHello on `stream` and reads up to the server's
/// Certificate message, bounded by `timeout` and [`MAX_HANDSHAKE_BYTES`].
pub(crate) async fn capture<S>(
    stream: &mut S,
    sni: Option<&str>,
    timeout: Duration,
) -> Result<LegacyCapture, ProbeFailure>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut random = [0u8; 32];
    rustls::crypto::ring::default_provider()
        .secure_random
        .fill(&mut random)
        .map_err(|_| ProbeFailure::Tls {
            detail: "no randomness for the ClientHello".into(),
        })?;
    let hello = client_hello(sni, &random);
    let mut reader = Reader::default();
    match tokio::time::timeout(timeout, exchange(stream, &hello, &mut reader)).await {
        Ok(r) => r,
        Err(_) => Err(ProbeFailure::HandshakeTimeout {
            after_ms: timeout.as_millis() as u64,
            received_bytes: reader.received,
        }),
    }
}

#[derive(Default)]
struct Reader {
    received: u64,
    first: Vec<u8>,
    records: Vec<u8>,
    handshake: Vec<u8>,
    suite: Option<u16>,
}

async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    hello: &[u8],
    r: &mut Reader,
) -> Result<LegacyCapture, ProbeFailure> {
    stream
        .write_all(hello)
        .await
        .map_err(|e| ProbeFailure::from_handshake_io(&e, 0))?;
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = stream
            .read(&mut buf)
            .await
            .map_err(|e| ProbeFailure::from_handshake_io(&e, r.received))?;
        let data = buf.get(..n).unwrap_or_default();
        if data.is_empty() {
            return Err(
                not_tls(&r.first).unwrap_or(ProbeFailure::ClosedDuringHandshake {
                    received_bytes: r.received,
                }),
            );
        }
        r.received += n as u64;
        if r.first.len() < 8 {
            r.first.extend(data.iter().take(8 - r.first.len()));
        }
        if let Some(f) = not_tls(&r.first) {
            return Err(f);
        }
        if r.received > MAX_HANDSHAKE_BYTES {
            return Err(ProbeFailure::TooMuchData {
                limit: MAX_HANDSHAKE_BYTES,
            });
        }
        r.records.extend_from_slice(data);
        if let Some(done) = r.advance()? {
            return Ok(done);
        }
    }
}

impl Reader {
    /// Consumes complete records; Some once the Certificate message is in.
    fn advance(&mut self) -> Result<Option<LegacyCapture>, ProbeFailure> {
        let malformed = |what: &str| ProbeFailure::Tls {
            detail: format!("malformed TLS 1.2 server flight: {what}"),
        };
        loop {
            let Some(header) = self.records.get(..5) else {
                return Ok(None);
            };
            let (kind, len) = (
                header[0],
                u16::from_be_bytes([header[3], header[4]]) as usize,
            );
            if len > 16384 + 2048 {
                return Err(malformed("oversized record"));
            }
            let Some(payload) = self.records.get(5..5 + len) else {
                return Ok(None);
            };
            let payload = payload.to_vec();
            self.records.drain(..5 + len);
            match kind {
                21 => {
                    let desc = payload.get(1).copied().unwrap_or(0);
                    return Err(ProbeFailure::from_tls_error(
                        &rustls::Error::AlertReceived(rustls::AlertDescription::from(desc)),
                        &[21, 3],
                    ));
                }
                22 => self.handshake.extend_from_slice(&payload),
                _ => {
                    return Err(malformed(
                        "a non-handshake record before the Certificate message",
                    ))
                }
            }
            while let Some(msg) = self.next_message() {
                let (t, body) = msg;
                match t {
                    2 => {
                        let version = u16::from_be_bytes([
                            *body.first().ok_or_else(|| malformed("short ServerHello"))?,
                            *body.get(1).ok_or_else(|| malformed("short ServerHello"))?,
                        ]);
                        if version < 0x0303 {
                            return Err(ProbeFailure::Incompatible {
                                detail: format!(
                                    "the server chose {}, which the JDK 17 client refuses as well",
                                    version_name(version)
                                ),
                                legacy_version: true,
                            });
                        }
                        let sid_len =
                            *body.get(34).ok_or_else(|| malformed("short ServerHello"))? as usize;
                        let s = body
                            .get(35 + sid_len..37 + sid_len)
                            .ok_or_else(|| malformed("short ServerHello"))?;
                        self.suite = Some(u16::from_be_bytes([s[0], s[1]]));
                    }
                    11 => {
                        let suite = self
                            .suite
                            .ok_or_else(|| malformed("Certificate before ServerHello"))?;
                        let chain = parse_certificate_list(&body)
                            .ok_or_else(|| malformed("bad Certificate message"))?;
                        return Ok(Some(LegacyCapture {
                            cipher_suite: suite_name(suite),
                            chain,
                        }));
                    }
                    14 => {
                        return Err(malformed(
                            "ServerHelloDone without a Certificate (an anonymous or PSK suite)",
                        ))
                    }
                    _ => {}
                }
            }
        }
    }

    fn next_message(&mut self) -> Option<(u8, Vec<u8>)> {
        let t = *self.handshake.first()?;
        let len = u32::from_be_bytes([
            0,
            *self.handshake.get(1)?,
            *self.handshake.get(2)?,
            *self.handshake.get(3)?,
        ]) as usize;
        let body = self.handshake.get(4..4 + len)?.to_vec();
        self.handshake.drain(..4 + len);
        Some((t, body))
    }
}

/// TLS 1.2 `Certificate`: a 3-byte list length, then 3-byte-length-prefixed DER entries.
fn parse_certificate_list(body: &[u8]) -> Option<Vec<Vec<u8>>> {
    let total = u32::from_be_bytes([0, *body.first()?, *body.get(1)?, *body.get(2)?]) as usize;
    let mut rest = body.get(3..3 + total)?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let len = u32::from_be_bytes([0, *rest.first()?, *rest.get(1)?, *rest.get(2)?]) as usize;
        out.push(rest.get(3..3 + len)?.to_vec());
        rest = rest.get(3 + len..)?;
    }
    Some(out)
}

/// A server flight for tests: ServerHello choosing `suite`, Certificate with `chain`, and
/// ServerHelloDone — what a TLS 1.2 server sends before its key exchange.
pub fn server_flight(suite: u16, chain: &[Vec<u8>]) -> Vec<u8> {
    let mut sh = vec![0x03, 0x03];
    sh.extend_from_slice(&[0x5a; 32]);
    sh.push(0);
    sh.extend_from_slice(&suite.to_be_bytes());
    sh.push(0);
    let mut list = Vec::new();
    for c in chain {
        list.extend_from_slice(&u24(c.len()));
        list.extend_from_slice(c);
    }
    let mut cert = u24(list.len()).to_vec();
    cert.extend_from_slice(&list);
    let mut hs = Vec::new();
    for (t, body) in [(2u8, sh), (11u8, cert), (14u8, vec![])] {
        hs.push(t);
        hs.extend_from_slice(&u24(body.len()));
        hs.extend_from_slice(&body);
    }
    let mut out = Vec::new();
    for chunk in hs.chunks(16384) {
        out.extend_from_slice(&[22, 3, 3]);
        out.extend_from_slice(&(chunk.len() as u16).to_be_bytes());
        out.extend_from_slice(chunk);
    }
    out
}

/// The cipher suites a ClientHello offers (for test servers); None when it is not one.
pub fn offered_suites(client_hello: &[u8]) -> Option<Vec<u16>> {
    let body = client_hello.get(9..)?;
    let sid_len = *body.get(34)? as usize;
    let at = 35 + sid_len;
    let n = u16::from_be_bytes([*body.get(at)?, *body.get(at + 1)?]) as usize;
    let list = body.get(at + 2..at + 2 + n)?;
    Some(
        list.chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_offers_the_jdk_suites_and_sni() {
        let h = client_hello(Some("api.example.com"), &[7; 32]);
        assert_eq!(h[..3], [22, 3, 1]);
        assert_eq!(u16::from_be_bytes([h[3], h[4]]) as usize, h.len() - 5);
        let suites = offered_suites(&h).unwrap();
        assert_eq!(suites.len(), JDK_TLS12_SUITES.len() + 1);
        assert_eq!(suites[0], 0xC02C);
        let tls_rsa = [0x000A, 0x002F, 0x0035, 0x003C, 0x003D, 0x009C, 0x009D];
        assert!(
            !suites.iter().any(|s| tls_rsa.contains(s)),
            "TLS_RSA_* are disabled in JDK 17.0.21"
        );
        assert!(h.windows(15).any(|w| w == b"api.example.com"));
        let no_sni = client_hello(None, &[7; 32]);
        assert!(!no_sni.windows(7).any(|w| w == b"example"));
    }

    #[test]
    fn reads_the_chain_from_a_server_flight_in_pieces() {
        let chain = vec![vec![0x30, 1, 2, 3], vec![0x30, 9]];
        let flight = server_flight(0xC027, &chain);
        let mut r = Reader::default();
        // Byte by byte: records and messages split anywhere.
        let mut got = None;
        for b in &flight {
            r.records.push(*b);
            if let Some(c) = r.advance().unwrap() {
                got = Some(c);
                break;
            }
        }
        let got = got.unwrap();
        assert_eq!(got.chain, chain);
        assert_eq!(got.cipher_suite, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
    }

    #[test]
    fn alerts_and_old_versions() {
        let mut r = Reader::default();
        r.records.extend_from_slice(&[21, 3, 3, 0, 2, 2, 40]);
        assert!(
            matches!(r.advance(), Err(ProbeFailure::AlertReceived { alert, .. }) if alert == "handshake_failure")
        );
        let mut old = server_flight(0x002F, &[vec![0x30]]);
        old[10] = 1; // ServerHello version 3.1 (record header 5, handshake header 4, major, minor)
        let mut r = Reader::default();
        r.records.extend_from_slice(&old);
        assert!(
            matches!(r.advance(), Err(ProbeFailure::Incompatible { legacy_version: true, detail }) if detail.contains("TLS 1.0"))
        );
        assert_eq!(parse_certificate_list(&[0, 0, 5, 0, 0, 9]), None);
    }
}
