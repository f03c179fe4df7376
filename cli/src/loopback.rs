//! Real servers on 127.0.0.1 for the demo and the end-to-end tests: a DNS server (hickory-server
//! with in-memory zones, playing a Route 53 private hosted zone), TLS servers (rustls, serving a
//! given chain and key), and misbehaving servers (silent, reset, plain HTTP, ...).
//!
//! Everything binds to 127.0.0.1 on a port the OS picks, and runs on one background runtime
//! owned by [`Loopback`]; dropping it stops every server.

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hickory_server::net::runtime::TokioRuntimeProvider;
use hickory_server::proto::rr::rdata::{A, AAAA, CNAME, SOA};
use hickory_server::proto::rr::{LowerName, Name, RData, Record};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneHandler, ZoneType};
use hickory_server::Server;
use rustls::crypto::aws_lc_rs;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{ServerConfig, ServerConnection};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream, UdpSocket};

/// Why a loopback server could not start.
#[derive(Debug, thiserror::Error)]
pub enum LoopbackError {
    /// Binding or runtime setup failed.
    #[error("I/O: {0}")]
    Io(#[from] io::Error),
    /// A zone or record name is not a DNS name.
    #[error("bad DNS name {name:?}: {detail}")]
    BadName {
        /// The name.
        name: String,
        /// Why.
        detail: String,
    },
    /// No zone holds a record's name.
    #[error("no zone for {0:?}")]
    NoZone(String),
    /// The chain or key is not PEM the server can read.
    #[error("bad PEM: {0}")]
    BadPem(String),
    /// rustls cannot sign with this key (Ed448, DSA, RSA below 2048 bits, ...).
    #[error("a rustls server cannot use this key: {0}")]
    UnsupportedKey(String),
    /// The server configuration was refused.
    #[error("TLS server configuration: {0}")]
    Config(String),
}

/// One record of a zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneRecord {
    /// An A record.
    A(String, Ipv4Addr),
    /// An AAAA record.
    Aaaa(String, Ipv6Addr),
    /// A CNAME record (name → target).
    Cname(String, String),
}

impl ZoneRecord {
    fn name(&self) -> &str {
        match self {
            ZoneRecord::A(n, _) | ZoneRecord::Aaaa(n, _) | ZoneRecord::Cname(n, _) => n,
        }
    }
}

/// A zone: its origin (e.g. `tak1wa.com`) and records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The zone apex.
    pub origin: String,
    /// Its records (names are absolute, written without the trailing dot).
    pub records: Vec<ZoneRecord>,
}

/// TLS versions a test server accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerVersions {
    /// TLS 1.2 and 1.3.
    Both,
    /// TLS 1.2 only.
    Tls12,
    /// TLS 1.3 only.
    Tls13,
}

/// How a misbehaving server misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Accepts, reads, never writes.
    Silent,
    /// Reads the ClientHello, then resets the connection (RST).
    Reset,
    /// Answers like an HTTP server does to TLS bytes.
    PlainHttp,
    /// Reads the ClientHello, then closes (FIN) without a word.
    CloseAfterHello,
    /// Answers the ClientHello with a fatal alert of this code (40 = handshake_failure).
    Alert(u8),
    /// Answers with a TLS 1.0 ServerHello (a server that speaks nothing newer).
    Tls10ServerHello,
}

/// How a misbehaving DNS server misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DnsFault {
    /// Never answers (UDP and TCP).
    Silent,
    /// Answers every query with SERVFAIL.
    ServFail,
}

/// A running DNS server.
pub struct DnsServer {
    address: SocketAddr,
    zones: Vec<(LowerName, Arc<InMemoryZoneHandler<TokioRuntimeProvider>>)>,
}

impl DnsServer {
    /// Where it listens (UDP and TCP on the same port).
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

/// A running TLS server.
pub struct TlsServer {
    address: SocketAddr,
    sni_seen: Arc<Mutex<Vec<Option<String>>>>,
}

impl TlsServer {
    /// Where it listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The SNI of every ClientHello received so far (None = no SNI).
    pub fn sni_seen(&self) -> Vec<Option<String>> {
        self.sni_seen.lock().map(|v| v.clone()).unwrap_or_default()
    }
}

/// Owner of the background runtime every loopback server runs on.
pub struct Loopback {
    rt: Option<tokio::runtime::Runtime>,
}

impl Drop for Loopback {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

const SERIAL: u32 = 1;

fn name(s: &str) -> Result<Name, LoopbackError> {
    let fq = if s.ends_with('.') {
        s.to_string()
    } else {
        format!("{s}.")
    };
    Name::from_utf8(&fq).map_err(|e| LoopbackError::BadName {
        name: s.to_string(),
        detail: e.to_string(),
    })
}

fn record(r: &ZoneRecord) -> Result<Record, LoopbackError> {
    let owner = name(r.name())?;
    let data = match r {
        ZoneRecord::A(_, ip) => RData::A(A(*ip)),
        ZoneRecord::Aaaa(_, ip) => RData::AAAA(AAAA(*ip)),
        ZoneRecord::Cname(_, target) => RData::CNAME(CNAME(name(target)?)),
    };
    Ok(Record::from_rdata(owner, 60, data))
}

impl Loopback {
    /// Starts the background runtime (one worker thread).
    pub fn new() -> Result<Loopback, LoopbackError> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("apigw-tls-loopback")
            .enable_all()
            .build()?;
        Ok(Loopback { rt: Some(rt) })
    }

    fn rt(&self) -> Result<&tokio::runtime::Runtime, LoopbackError> {
        self.rt
            .as_ref()
            .ok_or_else(|| LoopbackError::Io(io::Error::other("loopback runtime stopped")))
    }

    /// Starts an authoritative DNS server for `zones` on 127.0.0.1 (UDP and TCP, one port).
    pub fn dns_server(&self, zones: &[Zone]) -> Result<DnsServer, LoopbackError> {
        let rt = self.rt()?;
        let mut catalog = Catalog::new();
        let mut handles = Vec::new();
        for zone in zones {
            let origin = name(&zone.origin)?;
            let mut handler = InMemoryZoneHandler::<TokioRuntimeProvider>::empty(
                origin.clone(),
                ZoneType::Primary,
                AxfrPolicy::Deny,
            );
            let soa = SOA::new(
                name(&format!("ns.{}", zone.origin))?,
                name(&format!("hostmaster.{}", zone.origin))?,
                SERIAL,
                3600,
                600,
                86400,
                60,
            );
            handler.upsert_mut(
                Record::from_rdata(origin.clone(), 60, RData::SOA(soa)),
                SERIAL,
            );
            for r in &zone.records {
                handler.upsert_mut(record(r)?, SERIAL);
            }
            let handler = Arc::new(handler);
            let lower = LowerName::new(&origin);
            catalog.upsert(lower.clone(), vec![handler.clone() as Arc<dyn ZoneHandler>]);
            handles.push((lower, handler));
        }
        let (udp, tcp, address) = bind_udp_and_tcp()?;
        rt.block_on(async {
            let mut server = Server::new(catalog);
            server.register_socket(UdpSocket::from_std(udp)?);
            server.register_listener(TcpListener::from_std(tcp)?, Duration::from_secs(5), 64);
            tokio::spawn(async move {
                let _ = server.block_until_done().await;
            });
            Ok::<(), io::Error>(())
        })?;
        Ok(DnsServer {
            address,
            zones: handles,
        })
    }

    /// Adds a record to a running DNS server's zone (the one whose origin ends the name) — a
    /// record created in the private hosted zone while the demo runs.
    pub fn add_record(&self, server: &DnsServer, r: &ZoneRecord) -> Result<(), LoopbackError> {
        let rt = self.rt()?;
        let owner = LowerName::new(&name(r.name())?);
        let zone = server
            .zones
            .iter()
            .filter(|(origin, _)| origin.zone_of(&owner))
            .max_by_key(|(origin, _)| origin.num_labels())
            .ok_or_else(|| LoopbackError::NoZone(r.name().to_string()))?;
        let rec = record(r)?;
        rt.block_on(zone.1.upsert(rec, SERIAL + 1));
        Ok(())
    }

    /// Starts a DNS server that misbehaves.
    pub fn dns_fault_server(&self, fault: DnsFault) -> Result<SocketAddr, LoopbackError> {
        let rt = self.rt()?;
        let (udp, tcp, address) = bind_udp_and_tcp()?;
        let _guard = rt.enter();
        let udp = UdpSocket::from_std(udp)?;
        let tcp = TcpListener::from_std(tcp)?;
        rt.spawn(async move {
            let mut buf = vec![0u8; 4096];
            while let Ok((n, peer)) = udp.recv_from(&mut buf).await {
                if let (DnsFault::ServFail, Some(q)) = (fault, buf.get(..n)) {
                    if let Some(resp) = servfail_response(q) {
                        let _ = udp.send_to(&resp, peer).await;
                    }
                }
            }
        });
        rt.spawn(async move {
            while let Ok((mut s, _)) = tcp.accept().await {
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 4096];
                    // Read the length-prefixed query; answer (or not) the same way as over UDP.
                    let Ok(n) = s.read(&mut buf).await else {
                        return;
                    };
                    if let (DnsFault::ServFail, Some(q)) = (fault, buf.get(2..n)) {
                        if let Some(resp) = servfail_response(q) {
                            let len = (resp.len() as u16).to_be_bytes();
                            let _ = s.write_all(&len).await;
                            let _ = s.write_all(&resp).await;
                        }
                    }
                    let _ = tokio::time::timeout(Duration::from_secs(30), s.read(&mut buf)).await;
                });
            }
        });
        Ok(address)
    }

    /// Starts a TLS server presenting `chain_pem` (leaf first, sent as is) with `key_pem`.
    pub fn tls_server(
        &self,
        chain_pem: &[String],
        key_pem: &str,
        versions: ServerVersions,
    ) -> Result<TlsServer, LoopbackError> {
        let chain = chain_pem
            .iter()
            .map(|p| {
                CertificateDer::from_pem_slice(p.as_bytes())
                    .map_err(|e| LoopbackError::BadPem(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let key = PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
            .map_err(|e| LoopbackError::BadPem(e.to_string()))?;
        self.tls_server_der(chain, key, versions)
    }

    /// Starts a TLS server from DER.
    pub fn tls_server_der(
        &self,
        chain: Vec<CertificateDer<'static>>,
        key: PrivateKeyDer<'static>,
        versions: ServerVersions,
    ) -> Result<TlsServer, LoopbackError> {
        let provider = Arc::new(aws_lc_rs::default_provider());
        let key_kind = describe_key(key.secret_der());
        let signing = provider
            .key_provider
            .load_private_key(key)
            .map_err(|_| LoopbackError::UnsupportedKey(format!("{key_kind} (rustls on AWS-LC signs with RSA of 2048 to 8192 bits, ECDSA P-256 / P-384 / P-521 and Ed25519)")))?;
        // CertifiedKey::new does not check the chain: malformed and mismatched chains are served
        // as given, which is the point.
        let certified = Arc::new(CertifiedKey::new(chain, signing));
        let sni_seen = Arc::new(Mutex::new(Vec::new()));
        let resolver = Arc::new(FixedCert {
            key: certified,
            sni_seen: sni_seen.clone(),
        });
        let versions: &[&'static rustls::SupportedProtocolVersion] = match versions {
            ServerVersions::Both => &[&rustls::version::TLS13, &rustls::version::TLS12],
            ServerVersions::Tls12 => &[&rustls::version::TLS12],
            ServerVersions::Tls13 => &[&rustls::version::TLS13],
        };
        let config = ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .map_err(|e| LoopbackError::Config(e.to_string()))?
            .with_no_client_auth()
            .with_cert_resolver(resolver);
        let config = Arc::new(config);
        let address = self.serve_each(move |stream| {
            let config = config.clone();
            async move {
                let _ =
                    tokio::time::timeout(Duration::from_secs(10), serve_tls(stream, config)).await;
            }
        })?;
        Ok(TlsServer { address, sni_seen })
    }

    /// Starts a misbehaving TCP server.
    pub fn fault_server(&self, fault: Fault) -> Result<SocketAddr, LoopbackError> {
        self.serve_each(move |stream| misbehave(stream, fault))
    }

    /// Starts a TLS 1.2 server that rustls cannot finish a handshake with: a ClientHello that
    /// offers TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 (the JDK does, rustls does not) gets the
    /// ServerHello, Certificate and ServerHelloDone of that suite, then silence; any other gets a
    /// handshake_failure alert — like a server configured with CBC suites only.
    pub fn cbc_only_tls12_server(&self, chain_pem: &[String]) -> Result<SocketAddr, LoopbackError> {
        let chain = chain_pem
            .iter()
            .map(|p| {
                CertificateDer::from_pem_slice(p.as_bytes())
                    .map(|c| c.to_vec())
                    .map_err(|e| LoopbackError::BadPem(e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.serve_each(move |mut stream| {
            let chain = chain.clone();
            async move {
                let _ = tokio::time::timeout(Duration::from_secs(10), async {
                    let Some(hello) = read_record(&mut stream).await else {
                        return;
                    };
                    const CBC_SUITE: u16 = 0xC027;
                    let reply = match apigw_tls::probe::legacy::offered_suites(&hello) {
                        Some(s) if s.contains(&CBC_SUITE) => {
                            apigw_tls::probe::legacy::server_flight(CBC_SUITE, &chain)
                        }
                        _ => vec![21, 3, 3, 0, 2, 2, 40],
                    };
                    let _ = stream.write_all(&reply).await;
                    let mut buf = [0u8; 512];
                    let _ = stream.read(&mut buf).await;
                })
                .await;
            }
        })
    }

    /// Listens on a free 127.0.0.1 port and runs `handle` on its own task for every connection.
    fn serve_each<F, Fut>(&self, handle: F) -> Result<SocketAddr, LoopbackError>
    where
        F: Fn(TcpStream) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let rt = self.rt()?;
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let address = listener.local_addr()?;
        listener.set_nonblocking(true)?;
        let _guard = rt.enter();
        let listener = TcpListener::from_std(listener)?;
        rt.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(handle(stream));
            }
        });
        Ok(address)
    }

    /// A 127.0.0.1 port with nothing listening (bound, then released).
    pub fn refused_port() -> Result<SocketAddr, LoopbackError> {
        let l = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let a = l.local_addr()?;
        drop(l);
        Ok(a)
    }
}

/// A short description of a PKCS#8 / PKCS#1 / SEC1 private key, for skip reasons.
pub fn describe_key(der: &[u8]) -> String {
    use x509_parser::der_parser::ber::BerObjectContent;
    use x509_parser::der_parser::der::parse_der;
    let Ok((_, top)) = parse_der(der) else {
        return "an unparseable key".into();
    };
    let Ok(items) = top.as_sequence() else {
        return "an unparseable key".into();
    };
    // PKCS#8: version, AlgorithmIdentifier, OCTET STRING.
    let Some(alg) = items.get(1).and_then(|a| a.as_sequence().ok()) else {
        return "a key that is not PKCS#8".into();
    };
    let oid = alg
        .first()
        .and_then(|o| o.as_oid().ok())
        .map(|o| o.to_id_string())
        .unwrap_or_default();
    let param = alg
        .get(1)
        .and_then(|o| o.as_oid().ok())
        .map(|o| o.to_id_string())
        .unwrap_or_default();
    let rsa_bits = || {
        let inner = items.get(2)?.as_slice().ok()?;
        let (_, rsa) = parse_der(inner).ok()?;
        let modulus = rsa.as_sequence().ok()?.get(1)?;
        match &modulus.content {
            BerObjectContent::Integer(bytes) => {
                let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
                let lead = trimmed
                    .first()
                    .map_or(0, |b| 8 - b.leading_zeros() as usize);
                Some(trimmed.len().saturating_sub(1) * 8 + lead)
            }
            _ => None,
        }
    };
    match oid.as_str() {
        "1.2.840.113549.1.1.1" => match rsa_bits() {
            Some(bits) => format!("an RSA {bits}-bit key"),
            None => "an RSA key".into(),
        },
        "1.2.840.113549.1.1.10" => "an RSASSA-PSS key".into(),
        "1.2.840.10040.4.1" => "a DSA key".into(),
        "1.3.101.112" => "an Ed25519 key".into(),
        "1.3.101.113" => "an Ed448 key".into(),
        "1.2.840.10045.2.1" => {
            let curve = match param.as_str() {
                "1.2.840.10045.3.1.7" => "P-256",
                "1.3.132.0.34" => "P-384",
                "1.3.132.0.35" => "P-521",
                "1.3.132.0.33" => "P-224",
                "1.3.132.0.10" => "secp256k1",
                other => other,
            };
            format!("an EC key on {curve}")
        }
        other => format!("a key of algorithm {other}"),
    }
}

#[derive(Debug)]
struct FixedCert {
    key: Arc<CertifiedKey>,
    sni_seen: Arc<Mutex<Vec<Option<String>>>>,
}

impl ResolvesServerCert for FixedCert {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        if let Ok(mut seen) = self.sni_seen.lock() {
            seen.push(hello.server_name().map(str::to_string));
        }
        Some(self.key.clone())
    }
}

/// Serves one TLS connection: handshake, then wait for the client to close.
async fn serve_tls(mut stream: TcpStream, config: Arc<ServerConfig>) {
    let Ok(mut conn) = ServerConnection::new(config) else {
        return;
    };
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        while conn.wants_write() {
            let mut out = Vec::new();
            if conn.write_tls(&mut out).is_err() || stream.write_all(&out).await.is_err() {
                return;
            }
        }
        let n = match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        let mut rest = buf.get(..n).unwrap_or_default();
        while !rest.is_empty() {
            if conn.read_tls(&mut rest).is_err() {
                return;
            }
            if conn.process_new_packets().is_err() {
                // Flush our alert, then stop.
                let mut out = Vec::new();
                let _ = conn.write_tls(&mut out);
                let _ = stream.write_all(&out).await;
                return;
            }
        }
    }
}

/// A UDP socket and a TCP listener on the same 127.0.0.1 port (DNS uses both). The OS picks
/// the UDP port; the TCP one may be taken, so a few ports are tried.
fn bind_udp_and_tcp() -> io::Result<(std::net::UdpSocket, std::net::TcpListener, SocketAddr)> {
    let mut last = io::Error::other("no port");
    for _ in 0..32 {
        let udp = std::net::UdpSocket::bind((Ipv4Addr::LOCALHOST, 0))?;
        let address = udp.local_addr()?;
        match std::net::TcpListener::bind(address) {
            Ok(tcp) => {
                udp.set_nonblocking(true)?;
                tcp.set_nonblocking(true)?;
                return Ok((udp, tcp, address));
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Reads one TLS record (header and payload), bounded by the record size limit.
async fn read_record(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut rec = vec![0u8; 5];
    stream.read_exact(&mut rec).await.ok()?;
    let len = u16::from_be_bytes([rec[3], rec[4]]) as usize;
    if len > 16384 + 2048 {
        return None;
    }
    let mut payload = vec![0u8; len];
    stream.read_exact(&mut payload).await.ok()?;
    rec.extend_from_slice(&payload);
    Some(rec)
}

async fn misbehave(mut stream: TcpStream, fault: Fault) {
    let mut buf = vec![0u8; 4096];
    match fault {
        Fault::Silent => {
            // Hold the connection open without a byte, up to a bound.
            let _ = tokio::time::timeout(Duration::from_secs(60), async {
                while let Ok(n) = stream.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                }
            })
            .await;
        }
        Fault::Reset => {
            let _ = stream.read(&mut buf).await;
            // SO_LINGER 0 turns the close into a RST.
            let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
            drop(stream);
        }
        Fault::PlainHttp => {
            let _ = stream.read(&mut buf).await;
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request").await;
            let _ = stream.shutdown().await;
        }
        Fault::CloseAfterHello => {
            let _ = stream.read(&mut buf).await;
            let _ = stream.shutdown().await;
        }
        Fault::Alert(code) => {
            let _ = stream.read(&mut buf).await;
            let _ = stream.write_all(&[21, 3, 3, 0, 2, 2, code]).await;
            let _ = stream.shutdown().await;
        }
        Fault::Tls10ServerHello => {
            let _ = stream.read(&mut buf).await;
            let _ = stream.write_all(&tls10_server_hello()).await;
            let _ = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf)).await;
        }
    }
}

/// A TLS 1.0 ServerHello choosing TLS_RSA_WITH_AES_128_CBC_SHA, no extensions.
fn tls10_server_hello() -> Vec<u8> {
    let mut body = vec![3, 1];
    body.extend_from_slice(&[0x42; 32]);
    body.push(0); // empty session id
    body.extend_from_slice(&[0x00, 0x2f]);
    body.push(0); // null compression
    let mut hs = vec![2, 0, 0, body.len() as u8];
    hs.extend_from_slice(&body);
    let mut rec = vec![22, 3, 1, 0, hs.len() as u8];
    rec.extend_from_slice(&hs);
    rec
}

/// The query echoed back as a SERVFAIL response (QR=1, RA=1, RCODE=2, no records).
fn servfail_response(query: &[u8]) -> Option<Vec<u8>> {
    if query.len() < 12 {
        return None;
    }
    let mut r = query.to_vec();
    let flags = r.get_mut(2..4)?;
    flags[0] |= 0x80; // QR
    flags[1] = (flags[1] & 0x70) | 0x80 | 0x02; // RA, RCODE=SERVFAIL
                                                // ANCOUNT, NSCOUNT, ARCOUNT = 0 (drops a query's EDNS OPT too, which is allowed).
    for b in r.get_mut(6..12)? {
        *b = 0;
    }
    // Keep only the header and the question section.
    let qend = question_end(query)?;
    r.truncate(qend);
    Some(r)
}

fn question_end(q: &[u8]) -> Option<usize> {
    let qdcount = u16::from_be_bytes([*q.get(4)?, *q.get(5)?]);
    let mut i = 12usize;
    for _ in 0..qdcount {
        loop {
            let len = *q.get(i)? as usize;
            i += 1;
            if len == 0 {
                break;
            }
            i += len;
        }
        i += 4;
    }
    (i <= q.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servfail_keeps_id_and_question() {
        // id 0x1234, RD, one question "a." A IN, plus one additional byte we must drop.
        let q = [
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1, 1, b'a', 0, 0, 1, 0, 1, 0xff,
        ];
        let r = servfail_response(&q).unwrap();
        assert_eq!(&r[..2], &[0x12, 0x34]);
        assert_eq!(r[2] & 0x80, 0x80);
        assert_eq!(r[3] & 0x0f, 2);
        assert_eq!(r.len(), 19);
        assert!(servfail_response(&q[..5]).is_none());
    }

    #[test]
    fn describes_keys() {
        let p256 = rcgen::KeyPair::generate().unwrap();
        assert_eq!(describe_key(&p256.serialize_der()), "an EC key on P-256");
        let ed = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
        assert_eq!(describe_key(&ed.serialize_der()), "an Ed25519 key");
        assert_eq!(describe_key(&[1, 2, 3]), "an unparseable key");
    }

    #[test]
    fn tls10_hello_is_well_formed() {
        let h = tls10_server_hello();
        assert_eq!(h[..3], [22, 3, 1]);
        assert_eq!(h[4] as usize, h.len() - 5);
        assert_eq!(h[8] as usize, h.len() - 9);
    }
}
