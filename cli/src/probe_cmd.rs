//! The live subcommands: `probe`, `probe-many`, `scan`, `demo` (feature `probe`). Argument
//! parsing and output only; the network work and every decision are the library's.

use super::ExitCode;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use apigw_tls::probe::many::{self, ManyOutcome};
use apigw_tls::probe::{
    self, scan, ConnectTo, Nameserver, Outcome, ProbeOptions, ProbeRequest, Timeouts,
};
use apigw_tls::Evaluator;
use apigw_tls::Integration;

use super::input::{self, CliResult};
use crate::demo;
use crate::render::*;

/// `--connect-to`, for `probe`, `probe-many` and `scan`.
#[derive(clap::Args, Debug, Clone)]
pub struct ConnectToArgs {
    /// Connect to ADDR:PORT (a name or an address) instead of what DNS says for HOST:PORT, as
    /// API Gateway reaches an NLB while verifying another name; as curl's --connect-to, HOST is
    /// then not looked up. Empty HOST or PORT match any. Repeatable.
    #[arg(long = "connect-to", value_name = "HOST:PORT:ADDR:PORT", value_parser = parse_connect_to)]
    connect_to: Vec<ConnectTo>,
}

fn parse_connect_to(s: &str) -> Result<ConnectTo, String> {
    ConnectTo::parse(s).map_err(|e| e.to_string())
}

/// Options shared by the live subcommands.
#[derive(clap::Args, Debug, Clone)]
pub struct NetArgs {
    /// Resolve with this nameserver (ADDR or ADDR:PORT, e.g. the VPC resolver 10.0.0.2)
    /// instead of the system configuration.
    #[arg(long, value_name = "ADDR[:PORT]")]
    dns: Option<String>,
    /// Timeout of each network step (DNS lookup, TCP connect, TLS handshake), in seconds:
    /// more than 0, at most 3600 (as in the Python and Node packages).
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS", value_parser = input::parse_timeout)]
    timeout: f64,
    /// Probe at most this many addresses per target (1 to 64).
    #[arg(long, default_value_t = 8, value_parser = input::parse_max_addresses)]
    max_addresses: usize,
    /// Extra trusted certificates: PEM bundle or DER file, or a directory of them.
    #[arg(long = "ca", value_name = "FILE")]
    ca: Vec<PathBuf>,
    /// Use only the --ca certificates as the trust store.
    #[arg(long, requires = "ca")]
    ca_only: bool,
    /// Validation time: a date (2026-06-01, midnight UTC) or RFC 3339; default now.
    #[arg(long = "at", value_name = "TIME", value_parser = input::parse_time)]
    at: Option<std::time::SystemTime>,
}

/// Options describing the integration.
#[derive(clap::Args, Debug, Clone)]
pub struct IntegrationArgs {
    /// The integration kind: rest-http, rest-vpc-link, http-api-private.
    #[arg(long, value_parser = input::parse_integration)]
    integration: Option<Integration>,
    /// HTTP API tlsConfig.serverNameToVerify (sent as SNI and verified instead of the host).
    #[arg(long = "server-name", value_name = "NAME")]
    server_name: Option<String>,
    /// REST tlsConfig.insecureSkipVerification.
    #[arg(long)]
    skip_verification: bool,
    /// The NLB's addresses (private integrations), for the address checks.
    #[arg(long = "nlb", value_name = "ADDR", num_args = 1..)]
    nlb: Vec<std::net::IpAddr>,
    /// API Gateway presents a client certificate to the backend (a REST API stage with a
    /// client certificate configured): a server that requires one goes on with the handshake.
    #[arg(long)]
    client_certificate: bool,
}

/// `apigw-tls probe`.
#[derive(clap::Args, Debug)]
pub struct ProbeArgs {
    /// The integration URL, https://HOST[:PORT]/PATH.
    url: String,
    #[command(flatten)]
    connect: ConnectToArgs,
    #[command(flatten)]
    integration: IntegrationArgs,
    #[command(flatten)]
    net: NetArgs,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// `apigw-tls probe-many`.
#[derive(clap::Args, Debug)]
pub struct ProbeManyArgs {
    /// A file of targets: one URL per line, or JSON-lines cases (url/host, integration,
    /// server_name_to_verify, skip_verification, nlb_addresses, roots, time). `-` = stdin.
    file: PathBuf,
    /// Probes in flight at once (at least 1).
    #[arg(long, default_value_t = 16, value_parser = input::parse_concurrency)]
    concurrency: usize,
    /// Output format (default: table on a terminal, JSON lines otherwise). JSON lines are
    /// written as results come and not kept (memory does not grow with the number of
    /// targets); the table keeps one short row per target and prints at the end.
    #[arg(long, value_parser = ["jsonl", "table"])]
    format: Option<String>,
    /// The order of the JSON lines: `input` (default; a finished probe waits for the ones
    /// before it, at most --concurrency of them) or `completion` (each line as its probe
    /// finishes; the `index` field gives the input position).
    #[arg(long, value_parser = ["input", "completion"], default_value = "input")]
    order: String,
    #[command(flatten)]
    connect: ConnectToArgs,
    #[command(flatten)]
    integration: IntegrationArgs,
    #[command(flatten)]
    net: NetArgs,
}

/// `apigw-tls scan`.
#[derive(clap::Args, Debug)]
pub struct ScanArgs {
    /// What to scan: an exported OpenAPI 3 / Swagger 2 definition, a CloudFormation or SAM
    /// template (JSON or YAML), a CDK cloud assembly (the cdk.out directory), or the output of
    /// `terraform show -json` (plan or state).
    input: PathBuf,
    /// The input's format, when detection is not wanted: openapi, cloudformation, cdk, terraform.
    #[arg(long = "input-format", value_name = "FORMAT", value_parser = parse_scan_format)]
    input_format: Option<scan::ScanFormat>,
    /// A value the template leaves to deploy time, NAME=VALUE (repeatable): a parameter, a
    /// pseudo parameter (AWS::Region), a resource's physical id (LogicalId), an attribute
    /// (LogicalId.Attribute, e.g. Nlb.DNSName), an export (the Fn::ImportValue name).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    param: Vec<String>,
    /// A stage variable used in integration URIs, NAME=VALUE (repeatable).
    #[arg(long = "stage-var", value_name = "NAME=VALUE")]
    stage_var: Vec<String>,
    /// Check offline with the chain a host presents: HOST=FILE (PEM, leaf first, or DER), or a
    /// directory of HOST.pem files (repeatable). Without it, every backend is probed.
    #[arg(long = "chain", value_name = "HOST=FILE|DIR")]
    chain: Vec<String>,
    #[command(flatten)]
    connect: ConnectToArgs,
    /// Probes in flight at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// The NLB's addresses (private integrations), for the address checks.
    #[arg(long = "nlb", value_name = "ADDR", num_args = 1..)]
    nlb: Vec<std::net::IpAddr>,
    #[command(flatten)]
    net: NetArgs,
    /// Output on stdout: a table (default), JSON lines (one result per integration), or a
    /// SARIF 2.1.0 log for code scanning.
    #[arg(long, value_parser = ["table", "jsonl", "sarif"])]
    format: Option<String>,
    /// Same as --format jsonl.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Also write the SARIF log to this file (with the table or JSON lines on stdout).
    #[arg(long, value_name = "FILE")]
    sarif: Option<PathBuf>,
}

/// `apigw-tls demo`.
#[derive(clap::Args, Debug)]
pub struct DemoArgs {
    /// Print the steps as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_scan_format(s: &str) -> Result<scan::ScanFormat, String> {
    scan::ScanFormat::parse(s).ok_or_else(|| {
        format!("unknown input format {s:?} (openapi, cloudformation, cdk, terraform)")
    })
}

fn options(net: &NetArgs) -> Result<ProbeOptions, String> {
    let nameserver = match &net.dns {
        Some(s) => probe::dns::parse_nameserver(s)
            .ok_or_else(|| format!("--dns {s:?}: expected ADDR or ADDR:PORT"))?,
        None => Nameserver::System,
    };
    Ok(ProbeOptions {
        nameserver,
        timeouts: Timeouts::uniform(Duration::from_secs_f64(net.timeout)),
        max_addresses: net.max_addresses,
    })
}

/// The evaluator: API Gateway's CAs (the bundled store) plus --ca, or only --ca with --ca-only.
fn evaluator(net: &NetArgs) -> Result<Evaluator, String> {
    Ok(Evaluator::new(input::trust_store(&net.ca, net.ca_only)?))
}

fn template(integration: &IntegrationArgs, net: &NetArgs) -> ProbeRequest {
    ProbeRequest {
        integration: integration.integration,
        server_name_to_verify: integration.server_name.clone(),
        skip_verification: integration.skip_verification,
        client_certificate: integration.client_certificate,
        nlb_addresses: integration.nlb.clone(),
        time: net.at,
        ..ProbeRequest::default()
    }
}

fn exit_code(outcome: Outcome) -> ExitCode {
    match outcome {
        Outcome::Accepted => ExitCode::SUCCESS,
        Outcome::Rejected => ExitCode::from(1),
        Outcome::SomeAddressesFailed | Outcome::NoChain => ExitCode::from(3),
    }
}

/// `apigw-tls probe URL`: exit 0 accepted, 1 rejected, 3 no chain from some or all addresses,
/// 2 usage error.
pub fn probe(args: ProbeArgs) -> CliResult {
    let options = options(&args.net)?;
    let evaluator = evaluator(&args.net)?;
    let mut request = template(&args.integration, &args.net);
    request.url = args.url.clone();
    request.connect_to = args.connect.connect_to.clone();
    let report = probe::probe(&request, &options, &evaluator).map_err(|e| e.to_string())?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_report(&mut out, &report, &Style::for_stdout())?;
    }
    Ok(exit_code(report.outcome))
}

/// `apigw-tls probe-many FILE`: exit 0 when every target is accepted, 1 otherwise.
///
/// Streams: targets are read a line at a time as probes finish, and each JSON line is written
/// (and dropped) as soon as its turn comes, so 100,000 targets take the memory of
/// `--concurrency` probes.
pub fn probe_many(args: ProbeManyArgs) -> CliResult {
    let options = options(&args.net)?;
    let evaluator = evaluator(&args.net)?;
    let (input, total): (Box<dyn io::BufRead>, Option<usize>) = if args.file.as_os_str() == "-" {
        (Box::new(io::BufReader::new(io::stdin())), None)
    } else {
        let open = || {
            std::fs::File::open(&args.file)
                .map(|f| io::BufReader::with_capacity(1 << 16, f))
                .map_err(|e| format!("cannot read {}: {e}", args.file.display()))
        };
        // A first pass counts the targets for the progress bar (a file, not stdin: it is
        // read twice, a line at a time).
        let total = if io::stderr().is_terminal() {
            Some(many::TargetReader::new(open()?, ProbeRequest::default()).count())
        } else {
            None
        };
        (Box::new(open()?), total)
    };
    let template = template(&args.integration, &args.net);
    let connect_to = &args.connect.connect_to;
    let bad_lines = std::cell::Cell::new(0usize);
    let requests = many::TargetReader::new(input, template).filter_map(|parsed| match parsed {
        Ok((_, mut r)) => {
            if r.connect_to.is_empty() {
                r.connect_to = connect_to.clone();
            }
            Some(r)
        }
        Err(e) => {
            eprintln!("apigw-tls: line {}: {}", e.line, e.error);
            bad_lines.set(bad_lines.get() + 1);
            None
        }
    });
    let table = match args.format.as_deref() {
        Some("table") => true,
        Some(_) => false,
        None => io::stdout().is_terminal(),
    };
    let order = if args.order == "completion" {
        many::Order::Completion
    } else {
        many::Order::Input
    };
    let mut progress = Progress::new(total);
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let mut rows = Vec::new();
    let mut all_accepted = true;
    let mut write_error = None;
    many::probe_stream(
        requests,
        &options,
        &evaluator,
        args.concurrency,
        order,
        |r| {
            all_accepted &=
                matches!(&r.result, ManyOutcome::Report(rep) if rep.outcome == Outcome::Accepted);
            progress.tick(&r.url);
            if table {
                let (outcome, detail) = outcome_cells(&r);
                rows.push((r.url, outcome, detail));
            } else if write_error.is_none() {
                let written = serde_json::to_writer(&mut stdout, &r)
                    .map_err(io::Error::other)
                    .and_then(|()| writeln!(stdout))
                    // Each line reaches the reader as its probe is done, not a buffer later.
                    .and_then(|()| stdout.flush());
                if let Err(e) = written {
                    write_error = Some(e);
                }
            }
        },
    )
    .map_err(|e| e.to_string())?;
    progress.finish();
    if let Some(e) = write_error {
        return Err(e.into());
    }
    if table {
        print_many_table(&mut stdout, &rows, &Style::for_stdout())?;
    }
    stdout.flush()?;
    Ok(if all_accepted && bad_lines.get() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `apigw-tls scan INPUT`: exit 0 when every HTTPS integration is accepted, 1 when any is
/// rejected or cannot be decided (a value unknown before deploy, no chain), 2 on bad input.
pub fn scan(args: ScanArgs) -> CliResult {
    let evaluator = evaluator(&args.net)?;
    let mut options = scan::ScanOptions {
        format: args.input_format,
        template: ProbeRequest {
            nlb_addresses: args.nlb.clone(),
            time: args.net.at,
            connect_to: args.connect.connect_to.clone(),
            ..ProbeRequest::default()
        },
        ..scan::ScanOptions::default()
    };
    for s in &args.param {
        let (k, v) = scan::parse_param(s).map_err(|e| e.to_string())?;
        options.params.insert(k, v);
    }
    for s in &args.stage_var {
        let (k, v) = scan::parse_stage_var(s)
            .ok_or_else(|| format!("--stage-var {s:?}: expected NAME=VALUE"))?;
        options.stage_vars.insert(k, v);
    }
    let mut chains = scan::ChainFiles::new();
    for spec in &args.chain {
        chains.add(spec).map_err(|e| e.to_string())?;
    }
    let read = scan::read(&args.input, &options).map_err(|e| e.to_string())?;
    if read.cases.is_empty() {
        // Most often the wrong file: say so instead of reporting "0 of 0 accepted".
        return Err(format!(
            "{}: no API Gateway integration found (scan reads an OpenAPI / Swagger export with x-amazon-apigateway-integration, a CloudFormation or SAM template, a CDK cloud assembly or `terraform show -json` output)",
            args.input.display()
        )
        .into());
    }
    let results = if chains.is_empty() {
        let net = self::options(&args.net)?;
        let checked = read
            .cases
            .iter()
            .filter(|c| matches!(c.plan, scan::CasePlan::Check(_)))
            .count();
        let mut progress = Progress::new(Some(checked));
        let results = scan::check_live(&read.cases, &net, &evaluator, args.concurrency, |r| {
            progress.tick(&r.url)
        })
        .map_err(|e| e.to_string())?;
        progress.finish();
        results
    } else {
        scan::check_offline(&read.cases, &chains, &evaluator)
    };
    let sarif = || {
        let base = std::env::current_dir().ok();
        let mut text =
            serde_json::to_string_pretty(&scan::sarif::render(&results, base.as_deref()))
                .map_err(|e| e.to_string())?;
        text.push('\n');
        Ok::<String, String>(text)
    };
    if let Some(path) = &args.sarif {
        std::fs::write(path, sarif()?)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    // Output errors stay I/O errors: a closed pipe ends the command quietly.
    let mut out = io::stdout().lock();
    match (args.json, args.format.as_deref()) {
        (true, _) | (_, Some("jsonl")) => {
            for r in &results {
                serde_json::to_writer(&mut out, r)?;
                writeln!(out)?;
            }
        }
        (_, Some("sarif")) => out.write_all(sarif()?.as_bytes())?,
        _ => print_scan(&mut out, &args.input, &read, &results, &Style::for_stdout())?,
    }
    let all_accepted = results.iter().all(|r| {
        matches!(
            r.outcome,
            scan::ScanOutcome::Accepted | scan::ScanOutcome::NotChecked
        )
    });
    Ok(if all_accepted {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `apigw-tls demo`: exit 0 when the replay went as scripted.
pub fn demo(args: DemoArgs) -> CliResult {
    let style = Style::for_stdout();
    let mut out = io::stdout().lock();
    if !args.json {
        let _ = writeln!(out, "{}apigw-tls demo{}: the NLB certificate incident, replayed on 127.0.0.1 with a real DNS server and real TLS servers.", style.bold, style.reset);
        let _ = writeln!(
            out,
            "Nothing leaves this machine; certificates are generated in memory.\n"
        );
    }
    let run = demo::run(|step| {
        if !args.json {
            let _ = print_step(&mut io::stdout().lock(), step, &style);
        }
    })
    .map_err(|e| e.to_string())?;
    if args.json {
        serde_json::to_writer_pretty(&mut out, &run)?;
        writeln!(out)?;
    } else {
        let _ = writeln!(out, "{}note{}: {}", style.dim, style.reset, run.trust_note);
        let _ = writeln!(out, "Next: `apigw-tls probe https://YOUR-BACKEND/ --integration rest-vpc-link` from inside the VPC (or with --dns and --connect-to).");
    }
    Ok(ExitCode::SUCCESS)
}
