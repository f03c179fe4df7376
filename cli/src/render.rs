//! The text output of the live subcommands (`probe`, `probe-many`, `scan`, `demo`): the
//! reports, tables and the progress line, coloured when asked. Layout only: every fact
//! printed is the library's.

use std::io::{self, IsTerminal, Write};

use apigw_tls::probe::many::{ManyOutcome, ManyResult};
use apigw_tls::probe::{scan, DnsReport, Outcome, ProbeReport, Severity};

use crate::demo;
use crate::input;

pub(crate) struct Style {
    pub(crate) bold: &'static str,
    pub(crate) dim: &'static str,
    pub(crate) red: &'static str,
    pub(crate) green: &'static str,
    pub(crate) yellow: &'static str,
    pub(crate) reset: &'static str,
}

impl Style {
    pub(crate) fn for_stdout() -> Style {
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

pub(crate) fn print_step(out: &mut impl Write, step: &demo::DemoStep, s: &Style) -> io::Result<()> {
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

pub(crate) fn dns_line(d: &DnsReport) -> String {
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

pub(crate) fn subject_of(certificate: &[u8]) -> String {
    apigw_tls::certificate_subject(certificate)
        .unwrap_or_else(|_| "(unparseable certificate)".into())
}

/// The diagnosis of one verdict (its `findings`), read through serde so that this output does
/// not depend on the finding type's layout.
pub(crate) fn print_diagnosis(
    out: &mut impl Write,
    v: &apigw_tls::Verdict,
    s: &Style,
) -> io::Result<()> {
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

pub(crate) fn print_report(out: &mut impl Write, r: &ProbeReport, s: &Style) -> io::Result<()> {
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
    let mut chains_shown: Vec<&Vec<Vec<u8>>> = Vec::new();
    for c in &r.connections {
        write!(out, "  {}{}{}", s.bold, c.address, s.reset)?;
        if let Some(v) = &c.tls_version {
            write!(out, "  TLS {v}")?;
        }
        if let Some(cs) = &c.cipher_suite {
            write!(out, " {cs}")?;
        }
        writeln!(out)?;
        for (i, der) in c.chain.iter().enumerate() {
            writeln!(out, "    {}[{i}]{} {}", s.dim, s.reset, subject_of(der))?;
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
            if !chains_shown.contains(&&c.chain) {
                chains_shown.push(&c.chain);
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

pub(crate) fn outcome_cells(r: &ManyResult) -> (String, String) {
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

pub(crate) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The table of `probe-many`: one (URL, outcome, detail) row per target, in result order.
pub(crate) fn print_many_table(
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

pub(crate) fn print_scan(
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
pub(crate) struct Progress {
    pub(crate) total: usize,
    pub(crate) done: usize,
    pub(crate) on: bool,
}

impl Progress {
    /// A progress line on a terminal; `total` is `None` when the targets come from stdin
    /// (then the line counts without a bar). Off without a known total above one.
    pub(crate) fn new(total: Option<usize>) -> Progress {
        Progress {
            total: total.unwrap_or(0),
            done: 0,
            on: io::stderr().is_terminal() && total.is_none_or(|t| t > 1),
        }
    }

    pub(crate) fn tick(&mut self, last: &str) {
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

    pub(crate) fn finish(&self) {
        if self.on {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
