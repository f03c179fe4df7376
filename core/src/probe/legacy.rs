//! Hand-built ClientHellos whose plaintext answers the probe reads, for what its rustls client
//! cannot show:
//!
//! * [`Offer::jdk`] — exactly what the JDK 17.0.21 client offers (TLS 1.3 and 1.2, its suites,
//!   groups, signature schemes and key shares). When rustls cannot finish a handshake with a
//!   server (DHE key exchange, CBC suites), this shows which version the server picks for the
//!   JDK: TLS 1.2, and its ServerHello and Certificate travel unencrypted, so the chain the JDK
//!   would receive is read from them; TLS 1.3, and there is nothing to read — the JDK would
//!   negotiate TLS 1.3 and meet what rustls met, so no TLS 1.2 reading may replace it.
//! * [`Offer::wide`] — the JDK's offer plus what it disables or lacks (TLS 1.0 / 1.1, TLS_RSA_*,
//!   CCM suites, brainpool groups and schemes), sent only after a server refused the JDK's
//!   offer, to tell which of these the server wanted (the diagnosis's `RefusalCause`).
//!
//! The probe closes each of these connections after the server's first flight: it never
//! completes these handshakes, and it never decides trust from them (the verdict comes from the
//! model, as for every chain).

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use super::failure::{not_tls, ProbeFailure};
use super::tls::{JDK_SIGNATURE_SCHEMES, MAX_HANDSHAKE_BYTES};
use crate::diagnose::RefusalCause;

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

/// The TLS 1.3 suites JDK 17.0.21 enables, in its order (it has no CCM suite).
pub const JDK_TLS13_SUITES: &[(u16, &str)] = &[
    (0x1302, "TLS_AES_256_GCM_SHA384"),
    (0x1301, "TLS_AES_128_GCM_SHA256"),
    (0x1303, "TLS_CHACHA20_POLY1305_SHA256"),
];

/// Suites the JDK disables or lacks, offered only by [`Offer::wide`] to name what a server
/// that refused the JDK wanted: TLS_RSA_* (in `jdk.tls.disabledAlgorithms` since 17.0.x), the
/// TLS 1.3 and TLS 1.2 CCM suites, and 3DES.
const OTHER_SUITES: &[(u16, &str)] = &[
    (0x1304, "TLS_AES_128_CCM_SHA256"),
    (0x1305, "TLS_AES_128_CCM_8_SHA256"),
    (0x009D, "TLS_RSA_WITH_AES_256_GCM_SHA384"),
    (0x009C, "TLS_RSA_WITH_AES_128_GCM_SHA256"),
    (0x003D, "TLS_RSA_WITH_AES_256_CBC_SHA256"),
    (0x003C, "TLS_RSA_WITH_AES_128_CBC_SHA256"),
    (0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"),
    (0x002F, "TLS_RSA_WITH_AES_128_CBC_SHA"),
    (0xC0AD, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"),
    (0xC0AC, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"),
    (0xC09F, "TLS_DHE_RSA_WITH_AES_256_CCM"),
    (0xC09E, "TLS_DHE_RSA_WITH_AES_128_CCM"),
    (0xC09D, "TLS_RSA_WITH_AES_256_CCM"),
    (0xC09C, "TLS_RSA_WITH_AES_128_CCM"),
    (0xC012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"),
    (0x000A, "SSL_RSA_WITH_3DES_EDE_CBC_SHA"),
];

/// Groups the JDK does not offer, for [`Offer::wide`]: brainpool (RFC 7027 and RFC 8734),
/// secp256k1, secp224r1.
const OTHER_GROUPS: &[u16] = &[
    0x001a, 0x001b, 0x001c, 0x001f, 0x0020, 0x0021, 0x0016, 0x0015,
];

/// Signature schemes the JDK does not offer, for [`Offer::wide`]: the TLS 1.3 brainpool ECDSA
/// schemes (RFC 8734).
const OTHER_SCHEMES: &[u16] = &[0x081a, 0x081b, 0x081c];

const TLS13: u16 = 0x0304;
const TLS12: u16 = 0x0303;

/// What a hand-built ClientHello offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// `supported_versions`, most preferred first.
    pub versions: Vec<u16>,
    /// Cipher suites, in order.
    pub suites: Vec<u16>,
    /// Named groups, in order.
    pub groups: Vec<u16>,
    /// Signature schemes, in order.
    pub schemes: Vec<u16>,
}

impl Offer {
    /// The JDK 17.0.21 client's offer.
    pub fn jdk() -> Offer {
        Offer {
            versions: vec![TLS13, TLS12],
            suites: JDK_TLS13_SUITES
                .iter()
                .chain(JDK_TLS12_SUITES)
                .map(|(c, _)| *c)
                .collect(),
            groups: super::kx::JDK_GROUP_CODES.to_vec(),
            schemes: JDK_SIGNATURE_SCHEMES
                .iter()
                .map(|s| u16::from(*s))
                .collect(),
        }
    }

    /// The JDK's offer, then what it disables or lacks: TLS 1.1 and 1.0, the suites, groups
    /// and schemes above. Never used to read a chain.
    pub fn wide() -> Offer {
        let mut o = Offer::jdk();
        o.versions.extend_from_slice(&[0x0302, 0x0301]);
        o.suites.extend(OTHER_SUITES.iter().map(|(c, _)| *c));
        o.groups.extend_from_slice(OTHER_GROUPS);
        o.schemes.extend_from_slice(OTHER_SCHEMES);
        o
    }
}

/// What the server showed of a TLS 1.2 handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyCapture {
    /// The suite the server chose (JDK name, or hex when unknown).
    pub cipher_suite: String,
    /// The chain, leaf first, as sent.
    pub chain: Vec<Vec<u8>>,
    /// A DHE suite: the bit length of the prime of its ServerKeyExchange.
    pub dh_prime_bits: Option<usize>,
}

/// The server's first answer to a hand-built ClientHello.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerAnswer {
    /// The version it chose (`supported_versions`, else the ServerHello's).
    pub version: u16,
    /// The suite it chose.
    pub suite: u16,
    /// TLS 1.3: the group of its key share, or the one its HelloRetryRequest asks for; TLS
    /// 1.2: the named curve of its ServerKeyExchange, when it reached one.
    pub group: Option<u16>,
    /// TLS 1.2: the chain of its Certificate message.
    pub chain: Option<Vec<Vec<u8>>>,
    /// TLS 1.2 with a DHE suite: the bit length of the prime `p` of its ServerKeyExchange
    /// (`dh_p`, leading zero octets not counted, as `BigInteger.bitLength()` counts).
    pub dh_prime_bits: Option<usize>,
}

impl ServerAnswer {
    /// The version's JDK name (`TLSv1.2`).
    pub fn version_name(&self) -> String {
        version_name(self.version)
    }

    /// The suite's IANA / JDK name.
    pub fn suite_name(&self) -> String {
        suite_name(self.suite)
    }
}

/// A ClientHello with `offer`'s versions, suites, groups and schemes, SNI when given, and (when
/// TLS 1.3 is offered) the `key_shares` (group, public key), as the JDK sends them.
pub fn client_hello(
    offer: &Offer,
    sni: Option<&str>,
    random: &[u8; 32],
    key_shares: &[(u16, Vec<u8>)],
) -> Vec<u8> {
    let mut body = vec![0x03, 0x03];
    body.extend_from_slice(random);
    // The JDK (jdk.tls.client.useCompatibilityMode) sends a 32-byte session id; the random
    // serves as one.
    body.push(32);
    body.extend_from_slice(random);
    let mut suites: Vec<u8> = offer.suites.iter().flat_map(|c| c.to_be_bytes()).collect();
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
    let groups: Vec<u8> = offer.groups.iter().flat_map(|g| g.to_be_bytes()).collect();
    let mut data = Vec::new();
    push_u16_prefixed(&mut data, &groups);
    push_ext(&mut ext, 0x000a, &data);
    push_ext(&mut ext, 0x000b, &[1, 0]); // ec_point_formats: uncompressed
    let schemes: Vec<u8> = offer.schemes.iter().flat_map(|s| s.to_be_bytes()).collect();
    let mut data = Vec::new();
    push_u16_prefixed(&mut data, &schemes);
    push_ext(&mut ext, 0x000d, &data); // signature_algorithms
    push_ext(&mut ext, 0x0032, &data); // signature_algorithms_cert
    push_ext(&mut ext, 0x0017, &[]); // extended_master_secret
    let versions: Vec<u8> = offer
        .versions
        .iter()
        .flat_map(|v| v.to_be_bytes())
        .collect();
    let mut data = vec![versions.len() as u8];
    data.extend_from_slice(&versions);
    push_ext(&mut ext, 0x002b, &data); // supported_versions
    if offer.versions.contains(&TLS13) {
        push_ext(&mut ext, 0x002d, &[1, 1]); // psk_key_exchange_modes: psk_dhe_ke
        let mut shares = Vec::new();
        for (group, key) in key_shares {
            shares.extend_from_slice(&group.to_be_bytes());
            push_u16_prefixed(&mut shares, key);
        }
        let mut data = Vec::new();
        push_u16_prefixed(&mut data, &shares);
        push_ext(&mut ext, 0x0033, &data); // key_share
    }
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

/// A version's JDK name (`ProtocolVersion.name`).
fn version_name(v: u16) -> String {
    match v {
        0x0300 => "SSLv3".into(),
        0x0301 => "TLSv1".into(),
        0x0302 => "TLSv1.1".into(),
        TLS12 => "TLSv1.2".into(),
        TLS13 => "TLSv1.3".into(),
        other => format!("protocol version 0x{other:04x}"),
    }
}

/// A suite's name as the JDK names it (`CipherSuite.nameOf`: the IANA name, `SSL_` for a few
/// old ones), or hex for one outside the probe's tables.
pub fn suite_name(code: u16) -> String {
    JDK_TLS13_SUITES
        .iter()
        .chain(JDK_TLS12_SUITES)
        .chain(OTHER_SUITES)
        .find(|(c, _)| *c == code)
        .map_or_else(|| format!("0x{code:04X}"), |(_, n)| n.to_string())
}

/// Whether the JDK 17.0.21 client offers this suite.
pub fn jdk_offers_suite(code: u16) -> bool {
    JDK_TLS13_SUITES
        .iter()
        .chain(JDK_TLS12_SUITES)
        .any(|(c, _)| *c == code)
}

/// The key shares the JDK's first ClientHello carries: x25519 and secp256r1 (see
/// [`super::kx`]), freshly generated.
fn jdk_key_shares() -> Result<Vec<(u16, Vec<u8>)>, ProbeFailure> {
    use rustls::crypto::aws_lc_rs::kx_group;
    [kx_group::X25519, kx_group::SECP256R1]
        .iter()
        .map(|g| {
            let kx = g.start().map_err(|e| ProbeFailure::Tls {
                detail: format!("cannot make a key share: {e}"),
            })?;
            Ok((u16::from(g.name()), kx.pub_key().to_vec()))
        })
        .collect()
}

/// Sends the JDK's ClientHello on `stream` and reads the server's answer, bounded by `timeout`
/// and [`MAX_HANDSHAKE_BYTES`]: Some(chain) when the server chose TLS 1.2 (read from its
/// Certificate message), None when it chose TLS 1.3 — what the JDK negotiates with it, so
/// nothing read under TLS 1.2 may stand for it.
pub(crate) async fn capture<S>(
    stream: &mut S,
    sni: Option<&str>,
    timeout: Duration,
) -> Result<Option<LegacyCapture>, ProbeFailure>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    // On to the ServerKeyExchange: JSSE checks a DHE server's prime against
    // jdk.tls.disabledAlgorithms there, after the trust manager has seen the chain.
    let answer = ask(stream, &Offer::jdk(), sni, timeout, true).await?;
    if answer.version < TLS12 {
        return Err(old_version(&answer));
    }
    if answer.version != TLS12 {
        return Ok(None);
    }
    Ok(answer.chain.map(|chain| LegacyCapture {
        cipher_suite: suite_name(answer.suite),
        chain,
        dh_prime_bits: answer.dh_prime_bits,
    }))
}

/// What a server's answer to [`Offer::wide`] says it wanted that the JDK does not offer: the
/// first of version, suite and group that is not the JDK's; all three the JDK's, its
/// certificate's signature scheme.
pub fn refusal_cause(answer: &ServerAnswer) -> RefusalCause {
    if answer.version < TLS12 {
        return RefusalCause::ProtocolVersion {
            version: answer.version_name(),
        };
    }
    if !jdk_offers_suite(answer.suite) {
        return RefusalCause::CipherSuite {
            suite: answer.suite_name(),
            tls13: answer.version == TLS13,
        };
    }
    match answer.group {
        Some(g) if !super::kx::JDK_GROUP_CODES.contains(&g) => RefusalCause::Group {
            group: super::kx::group_name(g),
        },
        _ => RefusalCause::SignatureScheme,
    }
}

/// The failure of a server that chose a version the JDK 17 client disables.
pub(crate) fn old_version(answer: &ServerAnswer) -> ProbeFailure {
    ProbeFailure::Incompatible {
        detail: format!(
            "the server chose {}, which the JDK 17 client refuses as well",
            answer.version_name()
        ),
        legacy_version: true,
        chosen_version: Some(answer.version_name()),
        // JSSE reads the suite before it checks the version.
        improper_suite: (!jdk_offers_suite(answer.suite)).then(|| answer.suite_name()),
    }
}

/// Sends a ClientHello with `offer` and reads the server's first flight: up to its ServerHello
/// (TLS 1.3, TLS 1.1 and older), or up to its Certificate (TLS 1.2; with `key_exchange`, on to
/// its ServerKeyExchange for the group).
pub(crate) async fn ask<S>(
    stream: &mut S,
    offer: &Offer,
    sni: Option<&str>,
    timeout: Duration,
    key_exchange: bool,
) -> Result<ServerAnswer, ProbeFailure>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut random = [0u8; 32];
    rustls::crypto::aws_lc_rs::default_provider()
        .secure_random
        .fill(&mut random)
        .map_err(|_| ProbeFailure::Tls {
            detail: "no randomness for the ClientHello".into(),
        })?;
    let hello = client_hello(offer, sni, &random, &jdk_key_shares()?);
    let mut reader = Reader {
        key_exchange,
        ..Reader::default()
    };
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
    /// Read on to the ServerKeyExchange (TLS 1.2).
    key_exchange: bool,
    answer: Option<ServerAnswer>,
}

async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut S,
    hello: &[u8],
    r: &mut Reader,
) -> Result<ServerAnswer, ProbeFailure> {
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

/// The ServerHello.random of a HelloRetryRequest (RFC 8446 4.1.3).
const HRR_RANDOM: [u8; 32] = [
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
];

fn malformed(what: &str) -> ProbeFailure {
    ProbeFailure::Tls {
        detail: format!("malformed server flight: {what}"),
    }
}

/// A ServerHello body: its version (supported_versions first), suite and key-share group.
fn parse_server_hello(body: &[u8]) -> Option<ServerAnswer> {
    let legacy = u16::from_be_bytes([*body.first()?, *body.get(1)?]);
    let hrr = body.get(2..34)? == HRR_RANDOM;
    let sid_len = *body.get(34)? as usize;
    let at = 35 + sid_len;
    let suite = u16::from_be_bytes([*body.get(at)?, *body.get(at + 1)?]);
    let mut answer = ServerAnswer {
        version: legacy,
        suite,
        ..ServerAnswer::default()
    };
    // Extensions follow the compression method, when present.
    let mut rest = match body.get(at + 3..at + 5) {
        Some(len) => {
            let n = u16::from_be_bytes([len[0], len[1]]) as usize;
            body.get(at + 5..at + 5 + n)?
        }
        None => &[][..],
    };
    while rest.len() >= 4 {
        let kind = u16::from_be_bytes([rest[0], rest[1]]);
        let n = u16::from_be_bytes([rest[2], rest[3]]) as usize;
        let data = rest.get(4..4 + n)?;
        match kind {
            0x002b if n == 2 => answer.version = u16::from_be_bytes([data[0], data[1]]),
            0x0033 if n >= 2 => answer.group = Some(u16::from_be_bytes([data[0], data[1]])),
            _ => {}
        }
        rest = rest.get(4 + n..)?;
    }
    if hrr && answer.version < TLS13 {
        // A HelloRetryRequest without supported_versions: JSSE rejects it; call it TLS 1.3.
        answer.version = TLS13;
    }
    Some(answer)
}

impl Reader {
    /// Consumes complete records; Some once the answer is complete.
    fn advance(&mut self) -> Result<Option<ServerAnswer>, ProbeFailure> {
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
                // A TLS 1.3 server's ChangeCipherSpec (middlebox compatibility) and encrypted
                // records come after its ServerHello, which has ended the reading.
                _ => {
                    return Err(malformed(
                        "a non-handshake record before the server's first flight ended",
                    ))
                }
            }
            while let Some((t, body)) = self.next_message() {
                match (t, &mut self.answer) {
                    (2, None) => {
                        let answer = parse_server_hello(&body)
                            .ok_or_else(|| malformed("short ServerHello"))?;
                        if answer.version != TLS12 {
                            return Ok(Some(answer));
                        }
                        self.answer = Some(answer);
                    }
                    (_, None) => return Err(malformed("a handshake message before ServerHello")),
                    (11, Some(a)) => {
                        a.chain = Some(
                            parse_certificate_list(&body)
                                .ok_or_else(|| malformed("bad Certificate message"))?,
                        );
                        if !self.key_exchange {
                            return Ok(self.answer.take());
                        }
                    }
                    (12, Some(a)) => {
                        if suite_name(a.suite).contains("_DHE_") {
                            // DHE: dh_p, dh_g, dh_Ys, each with a 2-octet length.
                            a.dh_prime_bits = Some(
                                dh_prime_bits(&body)
                                    .ok_or_else(|| malformed("bad DH ServerKeyExchange"))?,
                            );
                        } else if body.first() == Some(&3) {
                            // ECDHE: curve_type named_curve (3), then the group.
                            a.group = body.get(1..3).map(|g| u16::from_be_bytes([g[0], g[1]]));
                        }
                        return Ok(self.answer.take());
                    }
                    (14, Some(_)) => return Ok(self.answer.take()),
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

/// The bit length of `dh_p` in a DHE ServerKeyExchange body, as `BigInteger.bitLength()` of
/// the unsigned value counts it.
fn dh_prime_bits(body: &[u8]) -> Option<usize> {
    let len = usize::from(u16::from_be_bytes([*body.first()?, *body.get(1)?]));
    let p = body.get(2..2 + len)?;
    let p = &p[p.iter().take_while(|&&b| b == 0).count()..];
    Some(match p.first() {
        None => 0,
        Some(&top) => p.len() * 8 - top.leading_zeros() as usize,
    })
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
        let shares = vec![(0x001d, vec![9; 32])];
        let h = client_hello(&Offer::jdk(), Some("api.example.com"), &[7; 32], &shares);
        assert_eq!(h[..3], [22, 3, 1]);
        assert_eq!(u16::from_be_bytes([h[3], h[4]]) as usize, h.len() - 5);
        let suites = offered_suites(&h).unwrap();
        assert_eq!(
            suites.len(),
            JDK_TLS13_SUITES.len() + JDK_TLS12_SUITES.len() + 1
        );
        assert_eq!(suites[0], 0x1302);
        assert_eq!(suites[3], 0xC02C);
        let tls_rsa = [0x000A, 0x002F, 0x0035, 0x003C, 0x003D, 0x009C, 0x009D];
        assert!(
            !suites.iter().any(|s| tls_rsa.contains(s)),
            "TLS_RSA_* are disabled in JDK 17.0.21"
        );
        assert!(h.windows(15).any(|w| w == b"api.example.com"));
        // supported_versions: TLS 1.3, 1.2
        assert!(h
            .windows(9)
            .any(|w| w == [0x00, 0x2b, 0x00, 0x05, 4, 3, 4, 3, 3]));
        let no_sni = client_hello(&Offer::jdk(), None, &[7; 32], &shares);
        assert!(!no_sni.windows(7).any(|w| w == b"example"));
        let wide = client_hello(&Offer::wide(), None, &[7; 32], &shares);
        let suites = offered_suites(&wide).unwrap();
        assert!(suites.contains(&0x009C) && suites.contains(&0x1304));
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
        assert_eq!(got.chain, Some(chain));
        assert_eq!(got.version, TLS12);
        assert_eq!(got.suite_name(), "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
    }

    #[test]
    fn dh_primes_are_measured_as_java_counts_bits() {
        let ske = |p: &[u8]| {
            let mut body = (p.len() as u16).to_be_bytes().to_vec();
            body.extend_from_slice(p);
            body.extend_from_slice(&[0, 1, 2, 0, 1, 5]);
            body
        };
        assert_eq!(dh_prime_bits(&ske(&[0x80; 128])), Some(1024));
        assert_eq!(dh_prime_bits(&ske(&[0x7f; 128])), Some(1023));
        assert_eq!(dh_prime_bits(&ske(&[0, 0, 0xff, 1])), Some(16));
        assert_eq!(dh_prime_bits(&ske(&[0xc0; 96])), Some(768));
        assert_eq!(dh_prime_bits(&[0, 9, 1]), None);
    }

    #[test]
    fn a_tls13_answer_ends_the_reading() {
        // ServerHello: legacy version 1.2, supported_versions 1.3, key_share secp521r1.
        let mut sh = vec![0x03, 0x03];
        sh.extend_from_slice(&HRR_RANDOM);
        sh.push(0);
        sh.extend_from_slice(&[0x13, 0x02, 0]);
        let ext = [0x00, 0x2b, 0, 2, 3, 4, 0x00, 0x33, 0, 2, 0x00, 0x19];
        sh.extend_from_slice(&(ext.len() as u16).to_be_bytes());
        sh.extend_from_slice(&ext);
        let mut rec = vec![22, 3, 3];
        rec.extend_from_slice(&((sh.len() + 4) as u16).to_be_bytes());
        rec.push(2);
        rec.extend_from_slice(&u24(sh.len()));
        rec.extend_from_slice(&sh);
        let mut r = Reader::default();
        r.records.extend_from_slice(&rec);
        let a = r.advance().unwrap().unwrap();
        assert_eq!(a.version, TLS13);
        assert_eq!(a.group, Some(0x0019));
        assert_eq!(a.chain, None);
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
        let a = r.advance().unwrap().unwrap();
        assert_eq!(a.version_name(), "TLSv1");
        assert!(
            matches!(old_version(&a), ProbeFailure::Incompatible { legacy_version: true, detail, .. } if detail.contains("TLSv1,"))
        );
        assert_eq!(parse_certificate_list(&[0, 0, 5, 0, 0, 9]), None);
    }
}
