//! The command line as a user meets it: one input-validation layer (usage errors, exit status
//! 2, for every closed set, conflicting options, keys given as certificates), stdin for
//! `--chain -`, dates for `--at`, colour control, a quiet exit on a closed pipe, the documented
//! exit statuses, and the README's `check` example run verbatim from the repository root.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const HOST: &str = "20211114.tak1wa.com";
const NLB: &str = "nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

fn cli() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_apigw-tls"));
    c.current_dir(root()).env_remove("NO_COLOR");
    c
}

fn run(args: &[&str]) -> Output {
    cli().args(args).output().unwrap()
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = cli()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit (a usage error) before it reads its input: a closed pipe here is
    // not the test's failure.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A usage error: exit status 2, nothing on stdout, `wanted` in the message.
fn assert_usage_error(o: &Output, wanted: &str) {
    assert_eq!(
        o.status.code(),
        Some(2),
        "stdout {}\nstderr {}",
        stdout(o),
        stderr(o)
    );
    assert!(stdout(o).is_empty(), "{}", stdout(o));
    assert!(stderr(o).contains(wanted), "{}", stderr(o));
}

fn check_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["check", "--host", HOST, "--at", "2026-06-01T00:00:00Z"];
    v.extend_from_slice(extra);
    v
}

#[test]
fn unknown_integration_is_a_usage_error() {
    let chain = example("backend-chain.pem");
    let o = run(&check_args(&["--chain", &chain, "--integration", "foo"]));
    assert_usage_error(&o, "unknown integration kind \"foo\"");
    let o = run(&check_args(&["--chain", &chain, "--tls", "1.1"]));
    assert_usage_error(&o, "1.1");
    let o = run(&check_args(&["--chain", &chain, "--auth-type", "RSA2"]));
    assert_usage_error(&o, "unknown auth type \"RSA2\": expected one of");
    let o = run(&["probe", "https://127.0.0.1:1/", "--max-addresses", "0"]);
    assert_usage_error(&o, "from 1 to 64");
    let o = run_with_stdin(
        &["probe-many", "-", "--concurrency", "0"],
        b"https://127.0.0.1:1/\n",
    );
    assert_usage_error(&o, "from 1 to 1024");
    let o = run(&["probe", "https://127.0.0.1:1/", "--integration", "soap"]);
    assert_usage_error(&o, "unknown integration kind \"soap\"");
}

#[test]
fn host_and_url_together_are_refused() {
    let chain = example("backend-chain.pem");
    let o = run(&check_args(&[
        "--chain",
        &chain,
        "--url",
        "https://example.com/",
    ]));
    assert_usage_error(&o, "cannot be used with");
}

#[test]
fn ca_only_without_ca_is_refused() {
    let chain = example("backend-chain.pem");
    let o = run(&check_args(&["--chain", &chain, "--ca-only"]));
    assert_usage_error(&o, "--ca");
}

#[test]
fn chain_from_standard_input() {
    let pem = std::fs::read(example("backend-chain.pem")).unwrap();
    let ca = example("private-root.pem");
    let o = run_with_stdin(&check_args(&["--chain", "-", "--ca", &ca]), &pem);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).starts_with("ACCEPTED"), "{}", stdout(&o));
}

#[test]
fn a_date_is_accepted_for_at() {
    let chain = example("backend-chain.pem");
    let ca = example("private-root.pem");
    let o = run(&[
        "check",
        "--host",
        HOST,
        "--chain",
        &chain,
        "--ca",
        &ca,
        "--at",
        "2026-06-01",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    // After the leaf's expiry (2030-01-01) the same chain is rejected: the date was used.
    let o = run(&[
        "check",
        "--host",
        HOST,
        "--chain",
        &chain,
        "--ca",
        &ca,
        "--at",
        "2031-01-01",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let o = run(&[
        "check", "--host", HOST, "--chain", &chain, "--at", "June 1st",
    ]);
    assert_usage_error(&o, "expected a date (2026-06-01) or RFC 3339");
}

// A throwaway P-256 key, generated for this test.
const KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQglNAcbsNnB7Ea740U
YJx3nfigdEt7Su5o5Y6XZT09mtuhRANCAASKA5w8DhLVtT+ggc5ZPKcuRD1VH8nl
O+v7ak9W1NVHgG/AlMkq1VJMnMtdyxHTq1iwQuxDVM5tV0zsS5AaTXw9
-----END PRIVATE KEY-----

";

#[test]
fn a_private_key_given_as_a_certificate_is_named() {
    let o = run_with_stdin(&check_args(&["--chain", "-"]), KEY.as_bytes());
    assert_usage_error(&o, "this is a private key, not a certificate");
    let dir = std::env::temp_dir().join(format!("apigw-tls-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("key.pem");
    std::fs::write(&key, KEY).unwrap();
    let chain = example("backend-chain.pem");
    let o = run(&check_args(&[
        "--chain",
        &chain,
        "--ca",
        key.to_str().unwrap(),
    ]));
    assert_usage_error(&o, "this is a private key, not a certificate");
    let csr = dir.join("req.pem");
    std::fs::write(&csr, KEY.replace("PRIVATE KEY", "CERTIFICATE REQUEST")).unwrap();
    let o = run(&check_args(&["--chain", csr.to_str().unwrap()]));
    assert_usage_error(&o, "certificate signing request");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn timeout_range_is_the_packages_one() {
    let o = run(&["probe", "https://127.0.0.1:1/", "--timeout", "0"]);
    assert_usage_error(&o, "more than 0 and at most 3600 seconds");
    let o = run(&["probe", "https://127.0.0.1:1/", "--timeout", "3601"]);
    assert_usage_error(&o, "more than 0 and at most 3600 seconds");
    // 3600 is allowed (as in Python): the probe runs, port 1 refuses, no chain (exit 3).
    let o = run(&["probe", "https://127.0.0.1:1/", "--timeout", "3600"]);
    assert_eq!(o.status.code(), Some(3), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn colour_follows_color_and_no_color() {
    let chain = example("leaf-only.pem");
    let o = run(&check_args(&["--chain", &chain, "--color", "always"]));
    assert!(stdout(&o).contains("\x1b["), "{}", stdout(&o));
    let o = run(&check_args(&["--chain", &chain, "--color", "never"]));
    assert!(!stdout(&o).contains("\x1b["), "{}", stdout(&o));
    // Not a terminal: no colour by default, with or without NO_COLOR.
    let o = cli()
        .args(check_args(&["--chain", &chain]))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains("\x1b["), "{}", stdout(&o));
    assert_eq!(o.status.code(), Some(1));
}

/// Runs the CLI with `args` whose reader goes away before the first line is written, as
/// `| head -1` does mid-way: the command ends quietly, with status 0.
fn assert_closed_pipe_is_quiet(args: &[&str]) {
    let mut child = cli()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(stderr(&o), "", "{args:?}");
    assert_eq!(o.status.code(), Some(0), "{args:?}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    assert_closed_pipe_is_quiet(&["trust-store"]);
}

#[test]
fn exit_statuses_are_documented() {
    let o = run(&["--help"]);
    let help = stdout(&o);
    for line in [
        "Exit status:",
        "  0  accepted",
        "  1  rejected",
        "  2  usage error",
        "  3  probe",
    ] {
        assert!(help.contains(line), "{line:?} not in\n{help}");
    }
    assert!(stdout(&run(&["check", "--help"])).contains("  3  probe"));
    assert!(std::fs::read_to_string(root().join("README.md"))
        .unwrap()
        .contains("| 3 | `probe`: no certificate chain"));
}

#[test]
fn skip_verification_applies_to_rest_private_integrations() {
    let chain = example("self-signed.pem");
    let o = run(&check_args(&[
        "--chain",
        &chain,
        "--integration",
        "rest-vpc-link",
        "--skip-verification",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["accepted"], true, "{v:#}");
    assert!(v["skip_verification_model"].is_string());
    let model = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "skip_verification_model")
        .unwrap();
    assert!(model["explanation"]
        .as_str()
        .unwrap()
        .contains("docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-extensions-integration-tls-config.html"));
}

#[test]
fn the_builder_detail_names_the_missing_root() {
    let chain = example("backend-chain.pem");
    let o = run(&check_args(&["--chain", &chain]));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("detail:    no certificate named \"CN=Example Private Root CA, O=Example Corp\" (the issuer of \"CN=Example Private Intermediate CA, O=Example Corp\")"),
        "{}",
        stdout(&o)
    );
}

/// The README's `check` example, run verbatim from the repository root (with this build of the
/// binary in place of `./target/release/apigw-tls`), prints exactly what the README shows.
#[test]
fn readme_check_example_runs_verbatim() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme.split("## Check a chain").nth(1).unwrap();
    let mut blocks = section.split("```").skip(1).step_by(2);
    let command = blocks.next().unwrap().strip_prefix("sh\n").unwrap();
    let shown = blocks.next().unwrap().trim_start_matches('\n');
    let command: String = command
        .lines()
        .filter(|l| !l.starts_with("cargo build"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(
            "./target/release/apigw-tls",
            env!("CARGO_BIN_EXE_apigw-tls"),
        );
    assert!(
        command.contains(NLB) && command.contains("examples/"),
        "{command}"
    );
    let o = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), shown);
}

#[test]
fn the_bundled_store_as_a_pem_bundle() {
    let o = run(&["trust-store", "--pem"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let n = text.matches("-----BEGIN CERTIFICATE-----").count();
    assert!(n > 200, "{n}");
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["trust-store", "--json"]).stdout).unwrap();
    let with_subject = json["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["bundled"] == true && c["subject"].is_string())
        .count();
    assert!(with_subject >= n, "{with_subject} < {n}");
    let summary = stdout(&run(&["trust-store", "--summary"]));
    assert!(summary.starts_with(&format!("bundled {n} of")), "{summary}");
}

#[test]
fn a_scan_of_a_document_without_integrations_is_bad_input() {
    let dir = std::env::temp_dir().join(format!("apigw-tls-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let doc = dir.join("openapi.json");
    std::fs::write(
        &doc,
        r#"{"openapi":"3.0.1","info":{"title":"x","version":"1"},"paths":{}}"#,
    )
    .unwrap();
    let o = run(&["scan", doc.to_str().unwrap()]);
    assert_usage_error(&o, "no API Gateway integration found");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_scan_into_a_closed_pipe_ends_quietly() {
    assert_closed_pipe_is_quiet(&[
        "scan",
        "cli/tests/data/scan/sam/template.yaml",
        "--chain",
        "cli/tests/data/scan/chains",
        "--format",
        "jsonl",
    ]);
}

#[test]
fn probe_many_takes_connect_to_and_does_not_look_the_name_up() {
    // Port 1 on loopback refuses: the probe went to the override, not to a DNS answer for a
    // name that does not exist (no "host not found").
    let o = run_with_stdin(
        &[
            "probe-many",
            "-",
            "--connect-to",
            "::127.0.0.1:1",
            "--timeout",
            "2",
            "--format",
            "jsonl",
        ],
        b"https://api.invalid/\n",
    );
    let out = stdout(&o);
    assert!(out.contains("\"address\":\"127.0.0.1:1\""), "{out}");
    assert!(out.contains("\"source\":\"connect_to\""), "{out}");
    assert!(out.contains("\"dns\":null"), "{out}");
    assert!(!out.contains("host_not_found"), "{out}");
}
