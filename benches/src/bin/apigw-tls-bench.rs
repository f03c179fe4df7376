//! `apigw-tls-bench`: throughput of one workload, measured like the Java oracle's `--bench`
//! (warm-up, then fixed-length runs, median), for `compare.sh`.
//!
//! ```text
//! apigw-tls-bench MODE FILE [--roots PEM] [--threads N] [--warmup S] [--runs R] [--seconds S]
//! ```
//!
//! Modes:
//! * `evaluate`  — `Evaluator::evaluate` on pre-parsed cases (the in-process API);
//! * `line`      — JSON line in, verdict JSON out (`batch::evaluate_line` + serialisation): the
//!   same work the oracle's `--bench` loop does per case;
//! * `many`      — `Evaluator::evaluate_many(whole corpus, --threads)`;
//! * `floor`     — decode + parse the presented certificates and verify the path's signatures,
//!   with our parser and our crypto entry point (AWS-LC underneath, parsed issuer keys cached);
//! * `floor-raw` — the same with the `x509-parser` crate and `aws-lc-rs` called directly;
//! * `signatures` — the signature floor: only the `verify_sig` calls of each case's validated
//!   path, keys parsed and signed data extracted beforehand (the real limit of any validator
//!   that verifies the path; `--roots` as for `evaluate`);
//! * `signatures-keys` — the same, with the key of each presented issuer parsed again per case
//!   (what a validator pays for a CA it has not seen).
//!
//! Before measuring, one pass over the corpus prints how many cases were accepted (or, for the
//! floors, verified), so a broken corpus or a changed verdict shows up in the report.

use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use apigw_tls::{batch, Evaluator, TrustStore};
use apigw_tls_benches::{
    measure, store_from_pem, Corpus, Floor, FloorParser, Plan, SignatureFloor,
};

struct Args {
    mode: String,
    file: PathBuf,
    roots: Option<PathBuf>,
    threads: usize,
    plan: Plan,
}

const USAGE: &str = "usage: apigw-tls-bench evaluate|line|many|floor|floor-raw|signatures|signatures-keys FILE [--roots PEM] [--threads N] [--warmup SECONDS] [--runs N] [--seconds SECONDS]";

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mode = it.next().ok_or(USAGE)?;
    let file = PathBuf::from(it.next().ok_or(USAGE)?);
    let mut args = Args {
        mode,
        file,
        roots: None,
        threads: 0,
        plan: Plan {
            warmup: Duration::from_secs(5),
            runs: 5,
            run: Duration::from_secs(3),
        },
    };
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let secs = || {
            value
                .parse::<f64>()
                .map(Duration::from_secs_f64)
                .map_err(|e| format!("{flag}: {e}"))
        };
        match flag.as_str() {
            "--roots" => args.roots = Some(PathBuf::from(&value)),
            "--threads" => args.threads = value.parse().map_err(|e| format!("--threads: {e}"))?,
            "--warmup" => args.plan.warmup = secs()?,
            "--seconds" => args.plan.run = secs()?,
            "--runs" => args.plan.runs = value.parse().map_err(|e| format!("--runs: {e}"))?,
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    if args.plan.runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    Ok(args)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("apigw-tls-bench: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let corpus = Corpus::load(&args.file).map_err(|e| e.to_string())?;
    let store = match &args.roots {
        Some(p) => store_from_pem(p).map_err(|e| e.to_string())?,
        None => TrustStore::new(),
    };
    let n = corpus.len();
    if args.mode == "signatures" || args.mode == "signatures-keys" {
        let floor = SignatureFloor::prepare(&corpus, store)?;
        let verified: usize = (0..n).map(|i| floor.run(i)).sum();
        println!(
            "corpus: {n} cases, {} path signatures, {verified} verified",
            floor.signatures()
        );
        if verified != floor.signatures() {
            return Err("a path signature did not verify".into());
        }
        let parse_keys = args.mode == "signatures-keys";
        let rates = measure(args.plan, |i| {
            if parse_keys {
                black_box(floor.run_parsing_keys(i % n));
            } else {
                black_box(floor.run(i % n));
            }
            1
        });
        report(&args, &rates);
        return Ok(());
    }
    let evaluator = Evaluator::new(store);
    let cases = &corpus.cases;
    let lines = &corpus.lines;

    let rates = match args.mode.as_str() {
        "evaluate" | "line" | "many" => {
            let accepted = evaluator
                .evaluate_many(cases, 1)
                .iter()
                .filter(|v| v.accepted)
                .count();
            println!(
                "corpus: {n} cases, {accepted} accepted, {} rejected",
                n - accepted
            );
            match args.mode.as_str() {
                "evaluate" => measure(args.plan, |i| {
                    black_box(evaluator.evaluate(&cases[i % n]));
                    1
                }),
                "line" => measure(args.plan, |i| {
                    // The oracle serialises every verdict too.
                    let v = batch::evaluate_line(&evaluator, &lines[i % n]);
                    black_box(serde_json::to_string(&v).ok());
                    1
                }),
                _ => measure(args.plan, |_| {
                    evaluator.evaluate_many(cases, args.threads).len()
                }),
            }
        }
        "floor" | "floor-raw" => {
            let parser = if args.mode == "floor" {
                FloorParser::Ours
            } else {
                FloorParser::Raw
            };
            let floor = Floor::for_corpus(&corpus)?;
            let verified = cases.iter().filter(|c| floor.run(c, parser)).count();
            println!("corpus: {n} cases, {verified} chains verified");
            measure(args.plan, |i| {
                black_box(floor.run(&cases[i % n], parser));
                1
            })
        }
        other => return Err(format!("unknown mode {other}\n{USAGE}")),
    };
    report(&args, &rates);
    Ok(())
}

fn report(args: &Args, rates: &apigw_tls_benches::Rates) {
    for (r, rate) in rates.runs.iter().enumerate() {
        match rates.cpu_runs.get(r) {
            Some(cpu) if args.mode != "many" => println!(
                "run {}: {:.1} cases/s ({:.1} per CPU-second)",
                r + 1,
                rate,
                cpu
            ),
            _ => println!("run {}: {:.1} cases/s", r + 1, rate),
        }
    }
    if let (Some(cpu), false) = (rates.cpu_median(), args.mode == "many") {
        println!("cpu median: {cpu:.1} cases per CPU-second of the measuring thread");
    }
    println!(
        "median: {:.1} cases/s over {} runs (min {:.1}, max {:.1}) [{} {}{}]",
        rates.median(),
        rates.runs.len(),
        rates.min(),
        rates.max(),
        args.mode,
        args.file.display(),
        if args.mode == "many" {
            format!(", threads {}", args.threads)
        } else {
            String::new()
        }
    );
}
