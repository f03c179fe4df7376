//! The `apigw-tls` command line: argument parsing and output only; every decision is the
//! `apigw-tls` library's.
//!
//! It lives in the library, not in the binary, so that every channel runs the same program:
//! the `apigw-tls` binary (`cargo install`), the Python package's `apigw-tls` script and
//! `python -m apigw_tls`, and the npm package's `npx apigw-tls` all call [`run`].

use std::ffi::OsString;
use std::io::{self, BufReader, Write};
use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use apigw_tls::default_trust_store;
use apigw_tls::route_description;
use apigw_tls::trust_store;
use apigw_tls::{batch, Evaluator, Verdict};
use apigw_tls::{ApiGatewaySettings, Case, Integration, TlsVersion};

use input::{CliError, CliResult, ColorChoice};

pub mod demo;
mod input;
pub mod loopback;
mod probe_cmd;
mod render;

/// The exit statuses, shown by `--help` and in the README.
const EXIT_STATUSES: &str = "Exit status:
  0  accepted (check, probe); every target accepted (probe-many, scan); success (other commands)
  1  rejected (check, probe); some target rejected or failed (probe-many, scan)
  2  usage error or bad input (unknown option value, unreadable file, a key given as a certificate, ...)
  3  probe: no certificate chain from some or all addresses (DNS failure, refused, timeout)
A closed output pipe (`apigw-tls trust-store | head -1`) ends the command quietly.
Colour: --color auto|always|never; auto colours a terminal unless NO_COLOR is set.";

#[derive(Parser)]
#[command(
    name = "apigw-tls",
    version,
    about = "Will Amazon API Gateway accept this HTTPS backend? The exact Java verdict and message, before you deploy.",
    after_help = EXIT_STATUSES
)]
struct Cli {
    /// When to colour the output (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate one certificate chain for one host.
    #[command(after_help = EXIT_STATUSES)]
    Check(CheckArgs),
    /// Evaluate JSON-lines cases from stdin, one verdict line per case on stdout (the oracle's format).
    Batch(BatchArgs),
    /// List the bundled trust store (API Gateway's published CAs) and what is not bundled.
    TrustStore(TrustStoreArgs),
    /// Probe a live HTTPS backend: resolve it, connect to every address, capture each chain and evaluate it.
    Probe(probe_cmd::ProbeArgs),
    /// Probe many backends (URLs or JSON-lines cases) with bounded concurrency.
    ProbeMany(probe_cmd::ProbeManyArgs),
    /// Check every HTTPS integration of a CloudFormation / SAM template, a CDK cloud assembly,
    /// Terraform JSON or an exported OpenAPI definition: probed, or with chains from files.
    Scan(probe_cmd::ScanArgs),
    /// Replay the NLB certificate incident on 127.0.0.1 with a real DNS server and real TLS servers.
    Demo(probe_cmd::DemoArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The integration URL's host (or use --url).
    #[arg(long, required_unless_present = "url", conflicts_with = "url")]
    host: Option<String>,
    /// The integration URL (its host is checked).
    #[arg(long)]
    url: Option<String>,
    /// The chain the backend presents: a PEM file (leaf first) or a DER file; `-` reads
    /// standard input.
    #[arg(long, value_name = "FILE")]
    chain: PathBuf,
    /// Extra trusted certificates: PEM bundle or DER file, or a directory of them.
    #[arg(long = "ca", value_name = "FILE|DIR")]
    ca: Vec<PathBuf>,
    /// Use only the --ca certificates as the trust store (default: API Gateway's CAs plus --ca).
    #[arg(long, requires = "ca")]
    ca_only: bool,
    /// Validation time: a date (2026-06-01, midnight UTC) or RFC 3339; default now.
    #[arg(long = "at", value_name = "TIME", value_parser = input::parse_time)]
    at: Option<std::time::SystemTime>,
    /// TLS version the client negotiates.
    #[arg(long = "tls", default_value = "1.3", value_parser = input::parse_tls_version)]
    tls: TlsVersion,
    /// Key-exchange auth type passed to the trust manager (default: derived as JSSE does):
    /// RSA, ECDHE_RSA, ECDHE_ECDSA, DHE_RSA, UNKNOWN (TLS 1.3), ...
    #[arg(long, value_parser = input::parse_auth_type)]
    auth_type: Option<String>,
    /// Integration kind: rest-http, rest-vpc-link or http-api-private.
    #[arg(long, value_parser = input::parse_integration)]
    integration: Option<Integration>,
    /// REST tlsConfig.insecureSkipVerification (REST HTTP / HTTP_PROXY integrations, public or
    /// private).
    #[arg(long = "skip-verification")]
    skip_verification: bool,
    /// HTTP API tlsConfig.serverNameToVerify (HTTP API private integrations only).
    #[arg(long = "server-name")]
    server_name: Option<String>,
    /// Addresses the URL's host resolves to (where API Gateway resolves it).
    #[arg(long, num_args = 1..)]
    resolved: Vec<IpAddr>,
    /// The NLB's addresses (private integrations).
    #[arg(long, num_args = 1..)]
    nlb: Vec<IpAddr>,
    /// Print the verdict as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct BatchArgs {
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Trust store for cases without "roots": a PEM bundle (default: API Gateway's bundled CAs).
    #[arg(long, value_name = "FILE")]
    roots: Option<PathBuf>,
}

#[derive(clap::Args)]
struct TrustStoreArgs {
    /// Print only the coverage line.
    #[arg(long)]
    summary: bool,
    /// Print as JSON.
    #[arg(long, conflicts_with = "pem")]
    json: bool,
    /// Print the bundled certificates as one PEM bundle (what certifi's `contents()` is), e.g.
    /// `apigw-tls trust-store --pem > apigw-cas.pem`.
    #[arg(long, conflicts_with = "summary")]
    pem: bool,
}

/// A command's exit status (0 to 255). Not `std::process::ExitCode`, whose value cannot be read
/// back: the Python and Node packages return it from their own processes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExitCode(u8);

impl ExitCode {
    pub const SUCCESS: ExitCode = ExitCode(0);

    /// The status as a number, for `std::process::exit` or a binding's return value.
    pub fn code(self) -> u8 {
        self.0
    }
}

impl From<u8> for ExitCode {
    fn from(code: u8) -> Self {
        ExitCode(code)
    }
}

/// Runs the command line `args` (the first item is the program name, as in `std::env::args_os`)
/// with the process's standard streams, and returns the exit status. Unlike clap's `parse`, it
/// never exits the process itself: a host interpreter (Python, Node) ends its own process.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // What clap's `exit()` would print (help and --version on stdout, errors on stderr),
            // with its status (0 for help and --version, 2 for usage errors).
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    input::set_color(cli.color);
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Batch(args) => run_batch(args),
        Command::TrustStore(args) => trust_store_cmd(args),
        Command::Probe(args) => probe_cmd::probe(args),
        Command::ProbeMany(args) => probe_cmd::probe_many(args),
        Command::Scan(args) => probe_cmd::scan(args),
        Command::Demo(args) => probe_cmd::demo(args),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`| head`): nothing more to say, and no one to say it to.
        Err(CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("apigw-tls: {e}");
            ExitCode::from(2)
        }
    }
}

fn check(args: CheckArgs) -> CliResult {
    let chain_bytes = input::read_input(&args.chain)?;
    let chain = input::certificate_entries(&chain_bytes, &args.chain)
        .map_err(|e| format!("--chain {e}"))?;
    let store = input::trust_store(&args.ca, args.ca_only)?;
    let list = |v: &Vec<IpAddr>| (!v.is_empty()).then(|| v.clone());
    let case = Case {
        time: args.at,
        tls_version: args.tls,
        auth_type: args.auth_type.clone(),
        settings: ApiGatewaySettings {
            integration: args.integration,
            skip_verification: args.skip_verification,
            server_name_to_verify: args.server_name.clone(),
            client_certificate: false,
        },
        resolved: list(&args.resolved),
        nlb_addresses: list(&args.nlb),
        ..match (&args.host, &args.url) {
            (Some(host), url) => Case {
                url: url.clone(),
                ..Case::new(host.clone(), chain)
            },
            (None, Some(url)) => Case::for_url(url.clone(), chain).map_err(|e| e.to_string())?,
            // clap requires one of them
            (None, None) => return Err("give --host or --url".to_string().into()),
        }
    };
    let evaluator = Evaluator::new(store);
    let verdict = evaluator.evaluate(&case);
    if let Some(e) = &verdict.error {
        return Err(e.clone().into());
    }
    let mut out = io::stdout().lock();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &verdict)
            .map_err(CliError::from)
            .and_then(|()| writeln!(out).map_err(CliError::from))
    } else {
        print_report(&mut out, &verdict, input::color_stdout()).map_err(CliError::from)
    };
    match written {
        // The verdict is the exit status even when the reader stopped reading.
        Err(CliError::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    Ok(if verdict.accepted {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_report(out: &mut impl Write, v: &Verdict, color: bool) -> io::Result<()> {
    let (green, red, bold, dim, reset) = if color {
        ("\x1b[32m", "\x1b[31m", "\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    if v.accepted {
        writeln!(
            out,
            "{bold}{green}ACCEPTED{reset}: API Gateway accepts this backend."
        )?;
    } else {
        writeln!(out, "{bold}{red}REJECTED{reset}: API Gateway will log:")?;
        if let Some(m) = &v.gateway_message {
            writeln!(out, "  {m}")?;
        }
    }
    if let Some(rule) = &v.rule {
        let code = &rule.code;
        let stage = serde_json::to_value(rule.stage)
            .ok()
            .and_then(|s| s.as_str().map(str::to_string))
            .unwrap_or_default();
        write!(out, "{bold}rule{reset}:      {stage} / {code}")?;
        if let Some(c) = &rule.certificate {
            let pos = match c.origin {
                apigw_tls::Origin::Presented(i) => format!("certificate [{i}] as presented"),
                apigw_tls::Origin::Anchor(i) => format!("trust-store certificate #{i}"),
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
        writeln!(
            out,
            "{bold}model{reset}:     insecureSkipVerification — {m}"
        )?;
    }
    print_findings(out, v, color)
}

fn print_findings(out: &mut impl Write, v: &Verdict, color: bool) -> io::Result<()> {
    use apigw_tls::{Severity, Source};
    if v.findings.is_empty() {
        return Ok(());
    }
    let (red, yellow, cyan, green, bold, dim, reset) = if color {
        (
            "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m",
        )
    } else {
        ("", "", "", "", "", "", "")
    };
    writeln!(out)?;
    writeln!(out, "{bold}findings{reset}:")?;
    for f in &v.findings {
        let (label, tint) = match f.severity {
            Severity::Error => ("error", red),
            Severity::Warning => ("warning", yellow),
            Severity::Info => ("info", cyan),
        };
        let origin = match f.source {
            Source::GatewayMessage => "",
            Source::NextFailure => " — reported next, once the above is fixed",
            Source::ApigwTls => " — apigw-tls check, not an API Gateway message",
        };
        writeln!(
            out,
            "  {bold}{tint}{label}{reset} {bold}{}{reset} {dim}[{}]{origin}{reset}",
            f.title, f.code
        )?;
        writeln!(out, "      {}", f.explanation)?;
        if let Some(fix) = &f.fix {
            writeln!(out, "      {bold}{green}fix{reset}: {fix}")?;
        }
    }
    Ok(())
}

fn run_batch(args: BatchArgs) -> CliResult {
    let store = match &args.roots {
        // Only the given certificates, as a case's `roots` would be.
        Some(p) => input::trust_store(std::slice::from_ref(p), true)
            .map_err(|e| e.replacen("--ca", "--roots", 1))?,
        None => default_trust_store(),
    };
    let evaluator = Evaluator::new(store);
    let stdin = io::stdin();
    let input = BufReader::with_capacity(1 << 16, stdin.lock());
    let output = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    batch::run(&evaluator, input, output, args.threads).map_err(|e| {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CliError::Output(e)
        } else {
            CliError::Usage(format!("batch failed: {e}"))
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

fn trust_store_cmd(args: TrustStoreArgs) -> CliResult {
    let (bundled, listed) = trust_store::coverage();
    let mut out = io::stdout().lock();
    let w = CliError::from;
    if args.pem {
        for anchor in default_trust_store().anchors() {
            out.write_all(apigw_tls::der_to_pem(anchor.der()).as_bytes())?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        // Each listed CA, with its subject when it is bundled (the store has the certificate).
        let store = default_trust_store();
        let certificates: Vec<serde_json::Value> = trust_store::listed()
            .iter()
            .map(|ca| {
                let mut entry = serde_json::to_value(ca).unwrap_or_default();
                let subject = store
                    .anchors()
                    .iter()
                    .find(|a| a.fingerprint() == ca.sha256)
                    .map(|a| a.subject());
                if let (Some(obj), Some(subject)) = (entry.as_object_mut(), subject) {
                    obj.insert("subject".into(), subject.into());
                }
                entry
            })
            .collect();
        let v = serde_json::json!({ "bundled": bundled, "listed": listed, "certificates": certificates });
        serde_json::to_writer_pretty(&mut out, &v)?;
        writeln!(out).map_err(w)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "bundled {bundled} of the {listed} distinct certificates API Gateway lists as supported CAs ({} not bundled)",
        listed - bundled
    )
    .map_err(w)?;
    if args.summary {
        return Ok(ExitCode::SUCCESS);
    }
    let store = default_trust_store();
    writeln!(out, "\nBundled:").map_err(w)?;
    for anchor in store.anchors() {
        let fp = anchor.fingerprint();
        let aliases: Vec<&str> = trust_store::listed()
            .iter()
            .filter(|c| c.sha256 == fp)
            .map(|c| c.alias.as_str())
            .collect();
        writeln!(out, "  {:<40} {}", aliases.join(", "), anchor.subject()).map_err(w)?;
    }
    writeln!(
        out,
        "\nListed but not bundled (no well-kept source carries them):"
    )
    .map_err(w)?;
    for ca in trust_store::listed().iter().filter(|c| !c.bundled) {
        writeln!(out, "  {:<40} sha256 {}", ca.alias, ca.sha256).map_err(w)?;
    }
    Ok(ExitCode::SUCCESS)
}
