//! Regenerates the committed seed corpus (`fuzz/corpus/TARGET/`) from the conformance cases
//! (`tests/conformance/*.jsonl`). Deterministic: the same cases give the same files.
//!
//! ```text
//! fuzz-seeds [CONFORMANCE_DIR] [CORPUS_DIR]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use apigw_tls::cert::{oid, Certificate};
use apigw_tls::general_name::GeneralName;
use apigw_tls::hostname::HostnameCn;
use apigw_tls::CaseJson as Case;
use apigw_tls_fuzz::input::{encode_hostname, pem, ChainInput, HostnameItem};

/// Of the 1,500 hostname cases, every STRIDE-th becomes a hostname seed (they differ only in
/// host, SANs and CN), and every CHAIN_STRIDE-th a chain / batch seed.
const STRIDE: usize = 4;
const CHAIN_STRIDE: usize = 30;

fn hash(data: &[u8]) -> String {
    let h = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{h:016x}")
}

#[derive(Default)]
struct Corpus {
    targets: BTreeMap<&'static str, BTreeMap<String, Vec<u8>>>,
}

impl Corpus {
    fn add(&mut self, target: &'static str, data: Vec<u8>) {
        self.targets
            .entry(target)
            .or_default()
            .insert(hash(&data), data);
    }
}

fn read_cases(path: &Path) -> Result<Vec<(String, Case)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str::<Case>(l)
                .map(|c| (l.to_string(), c))
                .map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

fn leaf(case: &Case) -> Option<Certificate> {
    let first = case.chain.as_ref()?.first()?;
    apigw_tls::decode_certificate_input(first.as_bytes())
        .ok()
        .and_then(|d| Certificate::from_der(&d).ok())
}

fn hostname_seed(case: &Case) -> Option<Vec<u8>> {
    let c = leaf(case)?;
    let mut items: Vec<HostnameItem> = c
        .extensions
        .subject_alt_names
        .iter()
        .flatten()
        .map(|gn| match gn {
            GeneralName::Dns(s) => HostnameItem::Dns(s.as_bytes().to_vec()),
            GeneralName::Ip(b) => HostnameItem::Ip(b.clone()),
            GeneralName::Rfc822(s) => HostnameItem::Email(s.as_bytes().to_vec()),
            _ => HostnameItem::Other,
        })
        .collect();
    match c.subject.hostname_cn() {
        Some(HostnameCn::Text(t)) => items.push(HostnameItem::Cn(t.into_bytes())),
        Some(HostnameCn::Binary) => items.push(HostnameItem::BinaryCn),
        None => {}
    }
    let host = case.host.clone().unwrap_or_default();
    // Newlines separate items; the few SANs holding one are left out of the seeds.
    if items.iter().any(|i| matches!(i, HostnameItem::Dns(v) | HostnameItem::Cn(v) | HostnameItem::Email(v) if v.contains(&b'\n'))) {
        return None;
    }
    Some(encode_hostname(host.as_bytes(), &items))
}

/// An export whose integrations call `host`, in one of three shapes.
fn export_seed(i: usize, host: &str) -> String {
    match i % 3 {
        0 => format!(
            "openapi: \"3.0.1\"\ninfo: {{ title: \"seed {i}\" }}\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration:\n        type: http_proxy\n        uri: \"https://{host}/a\"\n        tlsConfig: {{ insecureSkipVerification: true }}\n    post:\n      x-amazon-apigateway-integration:\n        type: http\n        uri: \"https://${{stageVariables.host}}:${{stageVariables.port}}/\"\n        connectionType: VPC_LINK\n  /m:\n    x-amazon-apigateway-any-method:\n      x-amazon-apigateway-integration: {{ type: mock }}\n"
        ),
        1 => serde_json::json!({
            "openapi": "3.0.1",
            "x-amazon-apigateway-importexport-version": "1.0",
            "info": {"title": format!("seed {i}")},
            "paths": {
                "/a": {"get": {"x-amazon-apigateway-integration": {"$ref": "#/components/x-amazon-apigateway-integrations/i"}}},
                "/b": {"put": {"x-amazon-apigateway-integration": {"type": "http_proxy", "uri": "arn:aws:elasticloadbalancing:us-east-1:1:listener/net/n/x/y", "connectionType": "VPC_LINK"}}}
            },
            "components": {"x-amazon-apigateway-integrations": {"i": {
                "type": "http_proxy", "connectionType": "VPC_LINK", "uri": format!("https://{host}/"),
                "tlsConfig": {"serverNameToVerify": "${stageVariables.self}"}
            }}}
        })
        .to_string(),
        _ => serde_json::json!({
            "swagger": "2.0",
            "paths": {"/x": {"get": {"x-amazon-apigateway-integration": {"type": "HTTP", "uri": format!("HTTPS://{host}/x")}}}}
        })
        .to_string(),
    }
}

fn cert_seeds(corpus: &mut Corpus, case: &Case, pem_text: bool) {
    for entry in case
        .chain
        .iter()
        .flatten()
        .chain(case.roots.iter().flatten())
    {
        let Ok(der) = apigw_tls::decode_certificate_input(entry.as_bytes()) else {
            continue;
        };
        if pem_text {
            corpus.add("pem_der", entry.as_bytes().to_vec());
        }
        if let Ok(c) = Certificate::from_der(&der) {
            corpus.add("pem_der", c.subject.der().to_vec());
            for e in &c.extensions.all {
                if e.oid == oid::SUBJECT_ALT_NAME || e.oid == oid::NAME_CONSTRAINTS {
                    corpus.add("pem_der", e.value.clone());
                }
            }
        }
        corpus.add("pem_der", der);
    }
}

fn run(conformance: &Path, out: &Path) -> Result<(), String> {
    let basic = read_cases(&conformance.join("basic.jsonl"))?;
    let hostname = read_cases(&conformance.join("hostname.jsonl"))?;
    let mut corpus = Corpus::default();

    for (i, (line, case)) in basic.iter().enumerate() {
        corpus.add("evaluate_chain", ChainInput::from_case(case).encode());
        corpus.add("batch_line", line.as_bytes().to_vec());
        cert_seeds(&mut corpus, case, i % 10 == 0);
        if let Some(h) = hostname_seed(case) {
            corpus.add("hostname", h);
        }
    }
    for (i, (line, case)) in hostname.iter().enumerate() {
        if i % STRIDE == 0 {
            if let Some(h) = hostname_seed(case) {
                corpus.add("hostname", h);
            }
        }
        if i % CHAIN_STRIDE == 0 {
            corpus.add("evaluate_chain", ChainInput::from_case(case).encode());
            corpus.add("batch_line", line.as_bytes().to_vec());
            cert_seeds(&mut corpus, case, false);
        }
    }

    // The reader's edge cases: a stream of several lines (blank ones skipped, CRLF), and lines
    // that are not cases.
    let stream: Vec<&str> = basic.iter().take(3).map(|(l, _)| l.as_str()).collect();
    corpus.add(
        "batch_line",
        format!("{}\n\n{}\r\n  \n{}", stream[0], stream[1], stream[2]).into_bytes(),
    );
    for edge in [
        "{}",
        "[]",
        "null",
        "not json",
        "{\"id\": 1}",
        "{\"id\": [1], \"chain\": []}",
        "{\"chain\": [], \"host\": \"a\"}",
        "{\"chain\": [\"\"], \"url\": \"https://[::1]:8443/x\"}",
        "{\"chain\": [\"x\"], \"url\": \"https:///\"}",
        "{\"chain\": [], \"host\": \"h\", \"time\": \"2026-13-01T00:00:00Z\"}",
        "{\"chain\": [], \"host\": \"h\", \"tls_version\": \"1.1\"}",
        "{\"chain\": [], \"server_name_to_verify\": \"h\", \"roots\": [\"junk\"]}",
        "{\"chain\": [], \"host\": \"h\", \"skip_verification\": true, \"integration\": \"rest-vpc-link\", \"resolved\": [\"10.0.0.1\"], \"nlb_addresses\": [\"10.0.0.2\"]}",
    ] {
        corpus.add("batch_line", edge.as_bytes().to_vec());
    }
    // A chain presented as raw base64 (no PEM armour) and as PEM with junk around it.
    if let Some((_, case)) = basic.first() {
        if let Some(first) = case.chain.as_ref().and_then(|c| c.first()) {
            if let Ok(der) = apigw_tls::decode_certificate_input(first.as_bytes()) {
                let armoured = pem(&der);
                let body: String = armoured
                    .lines()
                    .filter(|l| !l.starts_with("-----"))
                    .collect();
                corpus.add("pem_der", body.into_bytes());
                corpus.add(
                    "pem_der",
                    format!("junk\r\n{armoured}trailer\n{armoured}").into_bytes(),
                );
            }
        }
    }

    // Exports (the conformance cases hold none): one REST YAML, one HTTP API JSON with a $ref,
    // one Swagger 2 per conformance host, plus YAML alias bombs and deep nesting.
    for (i, (_, case)) in basic.iter().enumerate().filter(|(i, _)| i % 4 == 0) {
        let host = case.host.clone().unwrap_or_default();
        corpus.add("export_scan", export_seed(i, &host).into_bytes());
    }
    corpus.add(
        "export_scan",
        b"openapi: 3.0.1\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\npaths: {}\n".to_vec(),
    );
    corpus.add(
        "export_scan",
        format!(
            "{{\"openapi\":\"3\",\"paths\":{}{}}}",
            "[".repeat(200),
            "]".repeat(200)
        )
        .into_bytes(),
    );
    corpus.add(
        "export_scan",
        format!(
            "openapi: 3\npaths: {}{}\n",
            "[".repeat(200),
            "]".repeat(200)
        )
        .into_bytes(),
    );

    for (target, files) in &corpus.targets {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for (name, data) in files {
            std::fs::write(dir.join(name), data).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        eprintln!("{target}: {} seeds", files.len());
    }
    Ok(())
}

fn main() -> ExitCode {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut args = std::env::args().skip(1);
    let conformance = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| here.join("../tests/conformance"));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| here.join("corpus"));
    match run(&conformance, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("fuzz-seeds: {e}");
            ExitCode::FAILURE
        }
    }
}
