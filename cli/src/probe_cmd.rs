//! The live subcommands: `probe`, `probe-many`, `scan`, `demo` (feature `probe`). Argument
//! parsing and output only; the network work and every decision are the library's.

use super::ExitCode;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use apigw_tls::probe::many::{self, ManyOutcome, ManyResult};
use apigw_tls::probe::{
    self, scan, ConnectTo, DnsReport, Nameserver, Outcome, ProbeOptions, ProbeReport, ProbeRequest,
    Severity, Timeouts,
};
use apigw_tls::Evaluator;
use apigw_tls::Integration;

use super::input::{self, CliResult};
use crate::demo;

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

// ---------------------------------------------------------------------------------------------
// text output

struct Style {
    bold: &'static str,
    dim: &'static str,
    red: &'static str,
    green: &'static str,
    yellow: &'static str,
    reset: &'static str,
}

impl Style {
    fn for_stdout() -> Style {
        if input::color_stdout() {
            Style {
                bold: "\x1b[1m",
                dim: "\x1b[2m",
                red: "\x1b[31m",
                green: "\x1b[32m",
                yellow: "\x1b[33m",
                reset: "\x1b[0m",
            }
        } else {
            Style {
                bold: "",
                dim: "",
                red: "",
                green: "",
                yellow: "",
                reset: "",
            }
        }
    }
}

fn print_step(out: &mut impl Write, step: &demo::DemoStep, s: &Style) -> io::Result<()> {
    writeln!(
        out,
        "{}Step {}: {}{}",
        s.bold, step.number, step.title, s.reset
    )?;
    for line in &step.setup {
        writeln!(out, "  • {line}")?;
    }
    writeln!(out)?;
    print_report(out, &step.report, s)?;
    if let Some(fix) = &step.fix {
        writeln!(out, "  {}fix{}: {fix}", s.bold, s.reset)?;
    }
    writeln!(out)
}

fn dns_line(d: &DnsReport) -> String {
    let mut parts = vec![d.name.clone()];
    parts.extend(d.cname_chain.iter().map(|c| format!("CNAME {c}")));
    let answer = if d.addresses.is_empty() {
        format!("{:?}", d.status()).to_lowercase()
    } else {
        d.addresses
            .iter()
            .map(|a| a.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{} → {answer}  (via {}, {} ms)",
        parts.join(" → "),
        d.nameserver,
        d.elapsed_ms
    )
}

fn subject_of(pem: &str) -> String {
    apigw_tls::certificate_subject(pem.as_bytes())
        .unwrap_or_else(|_| "(unparseable certificate)".into())
}

/// The diagnosis of one verdict (its `findings`), read through serde so that this output does
/// not depend on the finding type's layout.
fn print_diagnosis(out: &mut impl Write, v: &apigw_tls::Verdict, s: &Style) -> io::Result<()> {
    let json = serde_json::to_value(v).unwrap_or_default();
    let text = |f: &serde_json::Value, k: &str| {
        f.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
    };
    for f in json
        .get("findings")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
    {
        let color = match text(f, "severity").as_str() {
            "error" => s.red,
            "warning" => s.yellow,
            _ => s.dim,
        };
        writeln!(
            out,
            "    {color}{}{}: {}",
            text(f, "code"),
            s.reset,
            text(f, "title")
        )?;
        let explanation = text(f, "explanation");
        if !explanation.is_empty() {
            writeln!(out, "      {}{explanation}{}", s.dim, s.reset)?;
        }
        let fix = text(f, "fix");
        if !fix.is_empty() {
            writeln!(out, "      fix: {fix}")?;
        }
    }
    Ok(())
}

fn print_report(out: &mut impl Write, r: &ProbeReport, s: &Style) -> io::Result<()> {
    let sni = r
        .sni
        .as_deref()
        .map(|n| format!("SNI {n}"))
        .unwrap_or_else(|| "no SNI".into());
    writeln!(
        out,
        "  {}target{}   {}  (verify {}, {sni})",
        s.bold, s.reset, r.target.url, r.verified_name
    )?;
    if let Some(d) = &r.dns {
        writeln!(out, "  {}dns{}      {}", s.bold, s.reset, dns_line(d))?;
    }
    if let Some(ct) = &r.connect_to {
        writeln!(out, "  {}connect{}  --connect-to {ct}", s.bold, s.reset)?;
        if let Some(d) = &r.connect_to_dns {
            writeln!(out, "           {}", dns_line(d))?;
        }
    }
    let mut chains_shown: Vec<&Vec<String>> = Vec::new();
    for c in &r.connections {
        write!(out, "  {}{}{}", s.bold, c.address, s.reset)?;
        if let Some(v) = &c.tls_version {
            write!(out, "  TLS {v}")?;
        }
        if let Some(cs) = &c.cipher_suite {
            write!(out, " {cs}")?;
        }
        writeln!(out)?;
        for (i, pem) in c.chain_pem.iter().enumerate() {
            writeln!(out, "    {}[{i}]{} {}", s.dim, s.reset, subject_of(pem))?;
        }
        if let Some(v) = &c.verdict {
            match (&v.error, v.accepted, &v.gateway_message) {
                (Some(e), _, _) => writeln!(out, "    {}cannot evaluate{}: {e}", s.red, s.reset)?,
                (None, true, _) => writeln!(out, "    {}{}ACCEPTED{}", s.bold, s.green, s.reset)?,
                (None, false, m) => writeln!(
                    out,
                    "    {}{}REJECTED{}: {}",
                    s.bold,
                    s.red,
                    s.reset,
                    m.as_deref().unwrap_or("")
                )?,
            }
            // The same chain from another address has the same diagnosis: print it once.
            if !chains_shown.contains(&&c.chain_pem) {
                chains_shown.push(&c.chain_pem);
                print_diagnosis(out, v, s)?;
            }
        }
        if let Some(e) = &c.error {
            writeln!(out, "    {}{e}{}", s.yellow, s.reset)?;
        }
    }
    for f in &r.findings {
        let color = match f.severity {
            Severity::Error => s.red,
            Severity::Warning => s.yellow,
            Severity::Info => s.dim,
        };
        let code = serde_json::to_value(f.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        writeln!(out, "  {color}{code}{}: {}", s.reset, f.message)?;
        if let Some(fix) = &f.fix {
            writeln!(out, "    fix: {fix}")?;
        }
    }
    let (word, color) = match r.outcome {
        Outcome::Accepted => ("ACCEPTED: API Gateway accepts this backend", s.green),
        Outcome::Rejected => ("REJECTED", s.red),
        Outcome::SomeAddressesFailed => (
            "PARTLY: the chains received are accepted, but some addresses presented none",
            s.yellow,
        ),
        Outcome::NoChain => (
            "NO CHAIN: no address presented a certificate chain",
            s.yellow,
        ),
    };
    writeln!(out, "  {}{color}{word}{}", s.bold, s.reset)
}

fn outcome_cells(r: &ManyResult) -> (String, String) {
    match &r.result {
        ManyOutcome::Error { error } => ("ERROR".into(), error.clone()),
        ManyOutcome::Report(rep) => match rep.outcome {
            Outcome::Accepted => ("ACCEPTED".into(), String::new()),
            Outcome::SomeAddressesFailed => (
                "PARTLY".into(),
                rep.connections
                    .iter()
                    .find_map(|c| c.error.as_ref().map(|e| format!("{}: {e}", c.address)))
                    .unwrap_or_default(),
            ),
            Outcome::Rejected => (
                "REJECTED".into(),
                rep.verdict
                    .as_ref()
                    .and_then(|v| v.gateway_message.clone())
                    .unwrap_or_default()
                    .replace("Execution failed due to configuration error: ", ""),
            ),
            // The reason there is no chain: a connection's failure, else the DNS finding.
            Outcome::NoChain => (
                "NO CHAIN".into(),
                rep.connections
                    .iter()
                    .find_map(|c| c.error.as_ref().map(|e| e.to_string()))
                    .or_else(|| {
                        rep.findings
                            .iter()
                            .find(|f| f.severity == Severity::Error)
                            .map(|f| f.message.clone())
                    })
                    .unwrap_or_default(),
            ),
        },
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The table of `probe-many`: one (URL, outcome, detail) row per target, in result order.
fn print_many_table(
    out: &mut impl Write,
    results: &[(String, String, String)],
    s: &Style,
) -> io::Result<()> {
    let width = results
        .iter()
        .map(|(url, _, _)| url.chars().count())
        .max()
        .unwrap_or(3)
        .clamp(3, 60);
    writeln!(
        out,
        "{}{:<width$}  {:<9}  detail{}",
        s.bold, "URL", "OUTCOME", s.reset
    )?;
    for (url, outcome, detail) in results {
        writeln!(
            out,
            "{:<width$}  {:<9}  {}",
            truncate(url, width),
            outcome,
            truncate(detail, 120)
        )?;
    }
    Ok(())
}

fn print_scan(
    out: &mut impl Write,
    input: &std::path::Path,
    read: &scan::Scan,
    results: &[scan::ScanResult],
    s: &Style,
) -> io::Result<()> {
    use scan::ScanOutcome;
    let format = match read.format {
        scan::ScanFormat::OpenApi => "OpenAPI definition",
        scan::ScanFormat::CloudFormation => "CloudFormation template",
        scan::ScanFormat::Cdk => "CDK cloud assembly",
        scan::ScanFormat::Terraform => "Terraform JSON",
    };
    let (checked, unchecked): (Vec<&scan::ScanResult>, Vec<&scan::ScanResult>) = results
        .iter()
        .partition(|r| r.outcome != ScanOutcome::NotChecked);
    writeln!(
        out,
        "{}{}{} ({format}): HTTPS integrations: {}, not checked: {}",
        s.bold,
        input.display(),
        s.reset,
        checked.len(),
        unchecked.len()
    )?;
    writeln!(out)?;
    let resource = |r: &scan::ScanResult| {
        r.case
            .location
            .resource
            .clone()
            .unwrap_or_else(|| "-".into())
    };
    let url = |r: &scan::ScanResult| match &r.case.plan {
        scan::CasePlan::Check(req) => req.url.clone(),
        _ => r.case.uri.clone().unwrap_or_default(),
    };
    let rw = checked
        .iter()
        .map(|r| resource(r).chars().count())
        .max()
        .unwrap_or(8)
        .clamp(8, 40);
    let uw = checked
        .iter()
        .map(|r| url(r).chars().count())
        .max()
        .unwrap_or(3)
        .clamp(3, 50);
    writeln!(
        out,
        "{}{:<rw$}  {:<20}  {:<uw$}  {:<9}  detail{}",
        s.bold, "RESOURCE", "ROUTES", "URL", "OUTCOME", s.reset
    )?;
    for r in &checked {
        let (word, detail) = match r.outcome {
            ScanOutcome::Accepted => ("ACCEPTED", String::new()),
            ScanOutcome::Rejected => (
                "REJECTED",
                r.gateway_message()
                    .unwrap_or_default()
                    .replace("Execution failed due to configuration error: ", ""),
            ),
            _ => ("UNDECIDED", r.detail.clone().unwrap_or_default()),
        };
        writeln!(
            out,
            "{:<rw$}  {:<20}  {:<uw$}  {:<9}  {}",
            truncate(&resource(r), rw),
            truncate(&r.case.routes.join(", "), 20),
            truncate(&url(r), uw),
            word,
            truncate(&detail, 100)
        )?;
    }
    // The full message, fix and location of what needs attention.
    for r in checked
        .iter()
        .filter(|r| r.outcome != ScanOutcome::Accepted)
    {
        let loc = &r.case.location;
        let at = match loc.line {
            Some(l) => format!("{}:{l}", loc.file.display()),
            None => loc.file.display().to_string(),
        };
        let color = if r.outcome == ScanOutcome::Rejected {
            s.red
        } else {
            s.yellow
        };
        writeln!(
            out,
            "\n{}{color}{}{} {} {}({at}){}",
            s.bold,
            resource(r),
            s.reset,
            r.case.routes.join(", "),
            s.dim,
            s.reset
        )?;
        match r.gateway_message() {
            Some(m) => writeln!(out, "  API Gateway will log: {m}")?,
            None => writeln!(
                out,
                "  undecided: {}",
                r.detail.as_deref().unwrap_or_default()
            )?,
        }
        if let Some(fix) = r.fix_text() {
            writeln!(out, "  {}fix{}: {fix}", s.bold, s.reset)?;
        }
        if let Some(b) = &r.case.backend {
            writeln!(out, "  {}backend{}: {b}", s.dim, s.reset)?;
        }
    }
    if !unchecked.is_empty() {
        writeln!(out, "\n{}not checked{}", s.bold, s.reset)?;
        for r in &unchecked {
            writeln!(
                out,
                "  {} {}: {}",
                resource(r),
                r.case.routes.join(", "),
                r.detail.as_deref().unwrap_or_default()
            )?;
        }
    }
    if checked.is_empty() {
        return writeln!(
            out,
            "\nnothing to check: no integration calls an HTTPS backend (only those are verified by API Gateway's TLS client)"
        );
    }
    let count = |o: ScanOutcome| checked.iter().filter(|r| r.outcome == o).count();
    writeln!(
        out,
        "\n{} of {} accepted, {} rejected, {} undecided",
        count(ScanOutcome::Accepted),
        checked.len(),
        count(ScanOutcome::Rejected),
        count(ScanOutcome::Undecided)
    )
}

/// A one-line progress bar on stderr, only when stderr is a terminal.
struct Progress {
    total: usize,
    done: usize,
    on: bool,
}

impl Progress {
    /// A progress line on a terminal; `total` is `None` when the targets come from stdin
    /// (then the line counts without a bar). Off without a known total above one.
    fn new(total: Option<usize>) -> Progress {
        Progress {
            total: total.unwrap_or(0),
            done: 0,
            on: io::stderr().is_terminal() && total.is_none_or(|t| t > 1),
        }
    }

    fn tick(&mut self, last: &str) {
        self.done += 1;
        if !self.on {
            return;
        }
        let mut err = io::stderr().lock();
        // An unknown total (a stream of targets) shows the count alone.
        let width = 30;
        match (width * self.done).checked_div(self.total) {
            None => {
                let _ = write!(err, "\r\x1b[2K{} {}", self.done, truncate(last, 50));
            }
            Some(filled) => {
                let filled = filled.min(width);
                let bar: String = "#".repeat(filled) + &"-".repeat(width - filled);
                let _ = write!(
                    err,
                    "\r\x1b[2K[{bar}] {}/{} {}",
                    self.done,
                    self.total,
                    truncate(last, 50)
                );
            }
        }
        let _ = err.flush();
    }

    fn finish(&self) {
        if self.on {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
