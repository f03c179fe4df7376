//! The probe against real TLS servers on 127.0.0.1 (Debian's `openssl s_server`), in the
//! configurations of issue 14, asserting the verdict and the gateway message.
//!
//! Every expected message below was confirmed once against a real JDK 17.0.21 + Apache
//! HttpClient client (the oracle's `RealHandshake`, trusting the same root) on the same server
//! configuration; JDK 17.0.21 adds an `(alert) ` prefix to alert messages, which API Gateway's
//! JVM does not (see `message::received_fatal_alert`), and no prefix to JSSE's limit messages.
//!
//! Needs the `openssl` command (`scripts/install-real-server-deps.sh` installs it on Debian);
//! without it the test fails and says so.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use apigw_tls::probe::{self, ConnectTo, Outcome, ProbeOptions, ProbeRequest, Timeouts};
use apigw_tls::{Evaluator, TrustStore};

const HOST: &str = "api.example.com";

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the `openssl` command is needed: run scripts/install-real-server-deps.sh");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A root, an intermediate, a leaf for HOST, a leaf with 1,400 names (~38 KB), and unrelated
/// self-signed certificates to pad chains with.
fn pki() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apigw-tls-real-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let w = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    w(
        "ca.ext",
        "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n",
    );
    w(
        "leaf.ext",
        &format!("subjectAltName=DNS:{HOST}\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"),
    );
    let names: Vec<String> = (0..1400)
        .map(|i| format!("DNS:name-{i:04}.{HOST}"))
        .collect();
    w(
        "big.ext",
        &format!("subjectAltName=DNS:{HOST},{}\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n", names.join(",")),
    );
    let d = &dir;
    openssl(
        d,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "root.key",
            "-out",
            "root.pem",
            "-days",
            "3650",
            "-subj",
            "/CN=Real Server Root",
            "-addext",
            "basicConstraints=critical,CA:true",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    openssl(
        d,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "int.key",
            "-out",
            "int.csr",
            "-subj",
            "/CN=Real Server Intermediate",
        ],
    );
    openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            "int.csr",
            "-CA",
            "root.pem",
            "-CAkey",
            "root.key",
            "-set_serial",
            "2",
            "-out",
            "int.pem",
            "-days",
            "3000",
            "-extfile",
            "ca.ext",
        ],
    );
    openssl(
        d,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            &format!("/CN={HOST}"),
        ],
    );
    openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "int.pem",
            "-CAkey",
            "int.key",
            "-set_serial",
            "3",
            "-out",
            "leaf.pem",
            "-days",
            "365",
            "-extfile",
            "leaf.ext",
        ],
    );
    openssl(
        d,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "int.pem",
            "-CAkey",
            "int.key",
            "-set_serial",
            "4",
            "-out",
            "bigleaf.pem",
            "-days",
            "365",
            "-extfile",
            "big.ext",
        ],
    );
    let int = std::fs::read_to_string(dir.join("int.pem")).unwrap();
    let mut chain = int.clone();
    for i in 0..10 {
        let name = format!("x{i}.pem");
        openssl(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "x.key",
                "-out",
                &name,
                "-days",
                "365",
                "-subj",
                &format!("/CN=Unrelated {i}"),
            ],
        );
        chain.push_str(&std::fs::read_to_string(dir.join(&name)).unwrap());
        // chainN.pem: the intermediates sent after the leaf, for N certificates in all.
        w(&format!("chain{}.pem", i + 3), &chain);
    }
    w("chain2.pem", &int);
    dir
}

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `openssl s_server` on 127.0.0.1 with the leaf `cert` and `chain`, plus `extra` options.
fn s_server(dir: &Path, cert: &str, chain: &str, extra: &[&str]) -> Server {
    let port = free_port();
    let accept = format!("127.0.0.1:{port}");
    let mut args = vec![
        "s_server",
        "-accept",
        &accept,
        "-cert",
        cert,
        "-key",
        "leaf.key",
        "-cert_chain",
        chain,
        "-www",
        "-quiet",
    ];
    args.extend_from_slice(extra);
    let child = Command::new("openssl")
        .args(&args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "s_server did not start: {args:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Server { child, port }
}

fn run_probe(dir: &Path, server: &Server, client_certificate: bool) -> probe::ProbeReport {
    let mut req = ProbeRequest::new(format!("https://{HOST}:{}/", server.port));
    req.connect_to = vec![ConnectTo::parse("::127.0.0.1:").unwrap()];
    req.roots = Some(vec![std::fs::read(dir.join("root.pem")).unwrap()]);
    req.client_certificate = client_certificate;
    let options = ProbeOptions {
        timeouts: Timeouts::uniform(Duration::from_secs(10)),
        ..ProbeOptions::default()
    };
    probe::probe(&req, &options, &Evaluator::new(TrustStore::new())).unwrap()
}

fn message(r: &probe::ProbeReport) -> Option<String> {
    r.verdict.as_ref().and_then(|v| v.gateway_message.clone())
}

const PREFIX: &str = "Execution failed due to configuration error: ";

#[test]
fn jsse_limits_and_client_certificates_on_real_servers() {
    let dir = pki();
    let chain_length = format!(
        "{PREFIX}The certificate chain length (11) exceeds the maximum allowed length (10)"
    );

    // Chains of 10 / 11 / 12 certificates (TLS 1.3), and 12 under TLS 1.2. RealHandshake: 10
    // gives HTTP 200; 11, 12 and 12 over TLS 1.2 `SSLProtocolException: The certificate chain
    // length (11) exceeds the maximum allowed length (10)`.
    for (chain, extra, want) in [
        ("chain10.pem", &[][..], None),
        ("chain11.pem", &[][..], Some(chain_length.clone())),
        ("chain12.pem", &[][..], Some(chain_length.clone())),
        ("chain12.pem", &["-tls1_2"][..], Some(chain_length.clone())),
    ] {
        let s = s_server(&dir, "leaf.pem", chain, extra);
        let r = run_probe(&dir, &s, false);
        assert_eq!(message(&r), want, "{chain} {extra:?}: {:#?}", r.connections);
        let expected = if want.is_some() {
            Outcome::Rejected
        } else {
            Outcome::Accepted
        };
        assert_eq!(r.outcome, expected, "{chain} {extra:?}");
    }

    // A 38 KB leaf: RealHandshake `SSLProtocolException: The size of the handshake message
    // (N) exceeds the maximum allowed size (32768)`, N the TLS 1.3 Certificate message's body
    // (39469 for the scratch PKI it was confirmed with; the body formula is checked in
    // tests/diagnose.rs against that figure).
    let s = s_server(&dir, "bigleaf.pem", "chain2.pem", &[]);
    let r = run_probe(&dir, &s, false);
    let m = message(&r).unwrap();
    assert!(
        m.starts_with(&format!("{PREFIX}The size of the handshake message (")),
        "{m}"
    );
    assert!(
        m.ends_with(") exceeds the maximum allowed size (32768)"),
        "{m}"
    );

    // Client certificate required. RealHandshake: TLS 1.3 `(certificate_required) Received
    // fatal alert: certificate_required`, TLS 1.2 `(handshake_failure) Received fatal alert:
    // handshake_failure`; `-verify 1` (requested, not required) gives HTTP 200.
    for (extra, alert) in [
        (
            &["-Verify", "1", "-CAfile", "root.pem"][..],
            "certificate_required",
        ),
        (
            &["-Verify", "1", "-CAfile", "root.pem", "-tls1_2"][..],
            "handshake_failure",
        ),
    ] {
        let s = s_server(&dir, "leaf.pem", "chain2.pem", extra);
        let r = run_probe(&dir, &s, false);
        assert_eq!(
            message(&r),
            Some(format!("{PREFIX}Received fatal alert: {alert}")),
            "{extra:?}: {:#?}",
            r.connections
        );
        let v = r.verdict.as_ref().unwrap();
        assert_eq!(v.rule.as_ref().unwrap().code, "client_certificate_required");
        let request = r.connections[0]
            .client_certificate_request
            .as_ref()
            .unwrap();
        assert_eq!(request.refused_with.as_deref(), Some(alert));
        assert_eq!(request.authorities, vec!["CN=Real Server Root".to_string()]);
        assert!(v
            .findings
            .iter()
            .any(|f| f.code.as_str() == "client_certificate_required"));
        // With the stage's client certificate, the handshake is modelled as going on.
        let r = run_probe(&dir, &s, true);
        assert_eq!(message(&r), None, "{extra:?}");
        assert_eq!(r.outcome, Outcome::Accepted);
        let v = r.verdict.as_ref().unwrap();
        assert!(v
            .findings
            .iter()
            .any(|f| f.code.as_str() == "client_certificate_requested"));
    }
    let s = s_server(
        &dir,
        "leaf.pem",
        "chain2.pem",
        &["-verify", "1", "-CAfile", "root.pem"],
    );
    let r = run_probe(&dir, &s, false);
    assert_eq!(message(&r), None);
    assert!(r.connections[0]
        .client_certificate_request
        .as_ref()
        .unwrap()
        .refused_with
        .is_none());
    let _ = std::fs::remove_dir_all(&dir);
}
