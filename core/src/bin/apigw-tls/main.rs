//! The `apigw-tls` command line: argument parsing and output only; every decision is the
//! library's.

use std::io::{self, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use apigw_tls::case::Case;
use apigw_tls::evaluate::route_description;
use apigw_tls::{batch, Evaluator, TrustStore, Verdict};

#[derive(Parser)]
#[command(name = "apigw-tls", version, about = "Will Amazon API Gateway accept this HTTPS backend? The exact Java verdict and message, before you deploy.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate one certificate chain for one host.
    Check(CheckArgs),
    /// Evaluate JSON-lines cases from stdin, one verdict line per case on stdout (the oracle's format).
    Batch(BatchArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The integration URL's host (or use --url).
    #[arg(long, required_unless_present = "url")]
    host: Option<String>,
    /// The integration URL (its host is checked).
    #[arg(long)]
    url: Option<String>,
    /// The chain the backend presents: a PEM file (leaf first) or a DER file.
    #[arg(long)]
    chain: PathBuf,
    /// Extra trusted certificates: PEM bundle or DER file, or a directory of them.
    #[arg(long = "ca")]
    ca: Vec<PathBuf>,
    /// Use only the --ca certificates as the trust store.
    #[arg(long)]
    ca_only: bool,
    /// Validation time (RFC 3339); default now.
    #[arg(long = "at")]
    at: Option<String>,
    /// TLS version the client negotiates.
    #[arg(long = "tls", default_value = "1.3", value_parser = ["1.2", "1.3"])]
    tls: String,
    /// Key-exchange auth type passed to the trust manager (default: derived as JSSE does).
    #[arg(long)]
    auth_type: Option<String>,
    /// REST tlsConfig.insecureSkipVerification.
    #[arg(long)]
    skip_verification: bool,
    /// Print the verdict as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct BatchArgs {
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Default trust store for cases without "roots": a PEM bundle (default: empty).
    #[arg(long)]
    roots: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Batch(args) => run_batch(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("apigw-tls: {e}");
            ExitCode::from(2)
        }
    }
}

type CliResult = Result<ExitCode, String>;

fn read_file(path: &PathBuf) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// PEM blocks of a file as strings, or a DER file as base64 text for the case format.
fn chain_entries(bytes: &[u8], path: &PathBuf) -> Result<Vec<String>, String> {
    use base64::Engine;
    if bytes.first() == Some(&0x30) {
        return Ok(vec![base64::engine::general_purpose::STANDARD.encode(bytes)]);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{}: neither PEM text nor DER", path.display()))?;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN") {
        let tail = &rest[start..];
        let Some(end_marker) = tail.find("-----END") else {
            return Err(format!("{}: PEM block without -----END", path.display()));
        };
        let end = tail[end_marker + 8..].find("-----").map(|i| end_marker + 8 + i + 5).unwrap_or(tail.len());
        out.push(tail[..end].to_string());
        rest = &tail[end..];
    }
    if out.is_empty() {
        return Err(format!("{}: no PEM certificate found", path.display()));
    }
    Ok(out)
}

fn ca_entries(paths: &[PathBuf]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file())
                .collect();
            files.sort();
            for f in files {
                out.extend(chain_entries(&read_file(&f)?, &f)?);
            }
        } else {
            out.extend(chain_entries(&read_file(p)?, p)?);
        }
    }
    Ok(out)
}

fn check(args: CheckArgs) -> CliResult {
    let chain = chain_entries(&read_file(&args.chain)?, &args.chain)?;
    let extra = ca_entries(&args.ca)?;
    if args.ca_only && extra.is_empty() {
        return Err("--ca-only needs at least one --ca".into());
    }
    let case = Case {
        id: None,
        chain: Some(chain),
        roots: Some(extra),
        host: args.host.clone(),
        url: args.url.clone(),
        time: args.at.clone(),
        tls_version: Some(args.tls.clone()),
        auth_type: args.auth_type.clone(),
        skip_verification: Some(args.skip_verification),
        ..Case::default()
    };
    let evaluator = Evaluator::new(TrustStore::new());
    let verdict = evaluator.evaluate(&case);
    if let Some(e) = &verdict.error {
        return Err(e.clone());
    }
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &verdict).map_err(|e| e.to_string())?;
        writeln!(out).map_err(|e| e.to_string())?;
    } else {
        print_report(&mut out, &verdict, io::stdout().is_terminal()).map_err(|e| e.to_string())?;
    }
    Ok(if verdict.accepted { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn print_report(out: &mut impl Write, v: &Verdict, color: bool) -> io::Result<()> {
    let (green, red, bold, dim, reset) =
        if color { ("\x1b[32m", "\x1b[31m", "\x1b[1m", "\x1b[2m", "\x1b[0m") } else { ("", "", "", "", "") };
    if v.accepted {
        writeln!(out, "{bold}{green}ACCEPTED{reset}: API Gateway accepts this backend.")?;
    } else {
        writeln!(out, "{bold}{red}REJECTED{reset}: API Gateway will log:")?;
        if let Some(m) = &v.gateway_message {
            writeln!(out, "  {m}")?;
        }
    }
    if let Some(rule) = &v.rule {
        let code = &rule.code;
        let stage = serde_json::to_value(rule.stage).ok().and_then(|s| s.as_str().map(str::to_string)).unwrap_or_default();
        write!(out, "{bold}rule{reset}:      {stage} / {code}")?;
        if let Some(c) = &rule.certificate {
            let pos = match c.origin {
                apigw_tls::trust::Origin::Presented(i) => format!("certificate [{i}] as presented"),
                apigw_tls::trust::Origin::Anchor(i) => format!("trust-store certificate #{i}"),
            };
            write!(out, " on {pos}: {}", c.subject)?;
        }
        writeln!(out)?;
        if let Some(d) = &rule.detail {
            writeln!(out, "{bold}detail{reset}:    {d}")?;
        }
    }
    if let Some(route) = v.route {
        writeln!(out, "{bold}route{reset}:     {}", route_description(route))?;
    }
    if let Some(path) = &v.validated_path {
        writeln!(out, "{bold}path{reset}:")?;
        for (i, s) in path.iter().enumerate() {
            writeln!(out, "  {dim}{i}{reset} {s}")?;
        }
    }
    if let Some(w) = &v.server_dependent_warning {
        writeln!(out, "{bold}warning{reset}:   {w}")?;
    }
    if let Some(m) = &v.skip_verification_model {
        writeln!(out, "{bold}model{reset}:     insecureSkipVerification — {m}")?;
    }
    Ok(())
}

fn run_batch(args: BatchArgs) -> CliResult {
    let mut store = TrustStore::new();
    if let Some(p) = &args.roots {
        let entries = chain_entries(&read_file(p)?, p)?;
        store = apigw_tls::evaluate::parse_roots(&entries).map_err(|e| e.to_string())?;
    }
    let evaluator = Evaluator::new(store);
    let stdin = io::stdin();
    let input = BufReader::with_capacity(1 << 16, stdin.lock());
    let output = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    batch::run(&evaluator, input, output, args.threads).map_err(|e| format!("batch failed: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
