//! The README's library example, run as written from the repository root: the block between
//! the README markers below must be the README's ```rust block, character for character.

use std::error::Error;
use std::path::Path;

const BEGIN: &str = "// README:begin\n";
const END: &str = "    // README:end";

fn example() -> Result<(), Box<dyn Error>> {
    // README:begin
    use apigw_tls::{parse_time, pem_certificates, trust_store_with, Case, Evaluator, TlsVersion};

    // Built once: API Gateway's CAs plus a private root CA (the CLI's `--ca`; `false` = only it).
    let root = std::fs::read("examples/private-root.pem")?;
    let evaluator = Evaluator::new(trust_store_with(&[root], true)?);

    // Then any number of chains (an Evaluator is Sync: share it between threads).
    for (host, file) in [
        ("20211114.tak1wa.com", "examples/backend-chain.pem"),
        ("20211114.tak1wa.com", "examples/leaf-only.pem"),
    ] {
        // The chain as the server presents it, leaf first (DER; PEM text works too).
        let chain = pem_certificates(&std::fs::read_to_string(file)?)?;
        let verdict = evaluator.evaluate(&Case {
            time: Some(parse_time("2026-06-01T00:00:00Z")?),
            tls_version: TlsVersion::Tls13,
            ..Case::new(host, chain)
        });
        println!(
            "{file}: accepted {}, {:?}",
            verdict.accepted, verdict.gateway_message
        );
    }
    // README:end
    Ok(())
}

#[test]
fn readme_library_example_is_this_code_and_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let shown = readme
        .split("## Library")
        .nth(1)
        .and_then(|s| s.split("```rust\n").nth(1))
        .and_then(|s| s.split("```").next())
        .unwrap();
    let this = include_str!("readme.rs");
    let start = this.rfind(BEGIN).unwrap() + BEGIN.len();
    let end = this.rfind(END).unwrap();
    let code: String = this[start..end]
        .lines()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(code, shown);
    std::env::set_current_dir(&root).unwrap();
    example().unwrap();
}
