//! The worst-case bench: times every adversarial case (`core/tests/data/adversarial/cases.jsonl`)
//! and the slow-by-design ones (`fuzz/adversarial/bench.jsonl`: anchors with oversized DSA and
//! RSA keys)
//! under the default budget, slowest first, and projects the cost of a whole signature budget
//! spent on the most expensive key seen.
//!
//! ```text
//! cargo run --release --bin worst-case [-- --runs N] [FILE.jsonl ...]
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use apigw_tls::hostname::{self, SubjectAltName};
use apigw_tls::trust::Budget;
use apigw_tls::{CaseJson as Case, Evaluator, TrustStore};

struct Row {
    id: String,
    detail: String,
    best: Duration,
    worst: Duration,
    verdict: String,
    roots: usize,
    presented: usize,
    /// Estimated work of one verification with the first root's key.
    work: u64,
}

/// `crypto::verification_work` of the first inline root's key, 0 without one.
fn first_root_work(case: &Case) -> u64 {
    let Some(pem) = case.roots.as_ref().and_then(|r| r.first()) else {
        return 0;
    };
    apigw_tls::decode_certificate_input(pem.as_bytes())
        .and_then(|d| apigw_tls::cert::Certificate::from_der(&d))
        .map_or(0, |c| apigw_tls::crypto::verification_work(c.spki()))
}

fn main() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut runs = 3usize;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(runs)
                .max(1);
        } else {
            files.push(a.into());
        }
    }
    if files.is_empty() {
        files.push(here.join("../core/tests/data/adversarial/cases.jsonl"));
        files.push(here.join("adversarial/bench.jsonl"));
    }
    let budget = Budget::default();
    println!(
        "budget: {} signature checks, {} units of signature work, {} path-builder steps, {} name-constraint comparisons; {runs} run(s) per case, release build",
        budget.signature_checks, budget.signature_work, budget.build_steps, budget.name_checks
    );

    let mut rows = Vec::new();
    for f in &files {
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("worst-case: {}: {e}", f.display());
                std::process::exit(2);
            }
        };
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let raw: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            let Ok(case) = serde_json::from_str::<Case>(line) else {
                continue;
            };
            let mut best = Duration::MAX;
            let mut worst = Duration::ZERO;
            let mut verdict = String::new();
            for _ in 0..runs {
                // A fresh evaluator per run: no trust-store cache carried over.
                let evaluator = Evaluator::new(TrustStore::new()).with_budget(budget);
                let start = Instant::now();
                let v = apigw_tls::batch::evaluate_line(&evaluator, line);
                let took = start.elapsed();
                best = best.min(took);
                worst = worst.max(took);
                verdict = match (&v.error, &v.gateway_message) {
                    (Some(e), _) => format!("error: {e}"),
                    (None, Some(m)) => m
                        .trim_start_matches("Execution failed due to configuration error: ")
                        .to_string(),
                    (None, None) => "accepted".to_string(),
                };
            }
            rows.push(Row {
                id: case
                    .id
                    .as_ref()
                    .and_then(|v| v.as_str())
                    .unwrap_or("?")
                    .to_string(),
                detail: raw["desc"].as_str().unwrap_or_default().to_string(),
                best,
                worst,
                verdict,
                roots: case.roots.as_ref().map_or(0, Vec::len),
                presented: case.chain.as_ref().map_or(0, Vec::len),
                work: first_root_work(&case),
            });
        }
    }

    // The hostname check on one 64 KiB dNSName (the public-suffix walk; quadratic before the fix).
    let san = "a.".repeat(32 * 1024) + "example.com";
    let start = Instant::now();
    let _ = hostname::verify("api.example.com", &[SubjectAltName::Dns(san)], None);
    let t = start.elapsed();
    rows.push(Row {
        id: "hostname_64k_san".into(),
        detail: "hostname::verify against one 64 KiB dNSName".into(),
        best: t,
        worst: t,
        verdict: "mismatch".into(),
        roots: 0,
        presented: 0,
        work: 0,
    });

    rows.sort_by_key(|r| std::cmp::Reverse(r.worst));
    println!(
        "{:<40} {:>10} {:>10} {:>5} {:>5}  verdict",
        "case", "best ms", "worst ms", "chain", "roots"
    );
    for r in &rows {
        let mut verdict = r.verdict.clone();
        if verdict.len() > 110 {
            verdict.truncate(
                verdict
                    .char_indices()
                    .nth(110)
                    .map_or(verdict.len(), |(i, _)| i),
            );
            verdict.push('…');
        }
        println!(
            "{:<40} {:>10.1} {:>10.1} {:>5} {:>5}  {verdict}",
            r.id,
            r.best.as_secs_f64() * 1000.0,
            r.worst.as_secs_f64() * 1000.0,
            r.presented,
            r.roots
        );
    }

    // Projection: each DSA/RSA bench case makes one verification per anchor (all fail), so its
    // time / anchors is the cost of one verification with that key; a hostile case can spend
    // the whole budget on such keys: as many as both the count and the work allow.
    println!("\nprojected cost of the whole signature budget spent on the slowest keys:");
    for r in rows
        .iter()
        .filter(|r| r.id.starts_with("dsa_") || r.id.starts_with("rsa_"))
    {
        let per = r.best.as_secs_f64() / r.roots.max(1) as f64;
        let checks = u64::from(budget.signature_checks).min(budget.signature_work / r.work.max(1));
        println!(
            "  {:<28} {:>9} units, {:>8.1} ms per verification ({:.2} µs/unit) -> {:>4} checks fit, {:>6.2} s  ({})",
            r.id,
            r.work,
            per * 1000.0,
            per * 1e6 / r.work.max(1) as f64,
            checks,
            per * checks as f64,
            r.detail
        );
    }
    if let Some(w) = rows.first() {
        println!(
            "\nworst case measured: {} — {:.1} ms",
            w.id,
            w.worst.as_secs_f64() * 1000.0
        );
    }
}
