//! The command line's one input-validation layer: every option with a closed set of values, a
//! time, a timeout or certificates is read here, so that each subcommand refuses bad input the
//! same way (a usage error, exit status 2, with a message naming the option and the value).
//! Reading and conversion only; what the values mean is the library's.

use std::fmt;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::SystemTime;

use apigw_tls::{Integration, TlsVersion};

/// Why a subcommand stopped.
#[derive(Debug)]
pub enum CliError {
    /// Bad input or a usage error: printed, exit status 2.
    Usage(String),
    /// Writing the output failed. A closed pipe (`apigw-tls trust-store | head -1`) ends the
    /// command quietly; any other I/O error is printed, exit status 2.
    Output(io::Error),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(m) => f.write_str(m),
            CliError::Output(e) => write!(f, "cannot write the output: {e}"),
        }
    }
}

impl From<String> for CliError {
    fn from(m: String) -> Self {
        CliError::Usage(m)
    }
}

impl From<&str> for CliError {
    fn from(m: &str) -> Self {
        CliError::Usage(m.to_string())
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        CliError::Output(e)
    }
}

impl From<serde_json::Error> for CliError {
    fn from(e: serde_json::Error) -> Self {
        match e.io_error_kind() {
            Some(kind) => CliError::Output(io::Error::new(kind, e)),
            None => CliError::Usage(format!("cannot serialise the output: {e}")),
        }
    }
}

/// What every subcommand returns: its exit status, or why it stopped.
pub type CliResult = Result<super::ExitCode, CliError>;

// ---------------------------------------------------------------------------------------------
// Colour

/// `--color`: when to colour the text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless the `NO_COLOR` environment variable is set (and not empty).
    Auto,
    /// Always, even into a pipe or with `NO_COLOR`.
    Always,
    /// Never.
    Never,
}

// Not a OnceLock: `run` may be called more than once in one process (a binding's `run_cli`),
// and each run has its own `--color`.
static COLOR: AtomicU8 = AtomicU8::new(0);

/// Records `--color` for the run (`run` calls it once, before any subcommand).
pub fn set_color(choice: ColorChoice) {
    let v = match choice {
        ColorChoice::Auto => 0,
        ColorChoice::Always => 1,
        ColorChoice::Never => 2,
    };
    COLOR.store(v, Ordering::Relaxed);
}

/// Whether standard output gets colour: `--color`, else `NO_COLOR` (https://no-color.org) and
/// whether stdout is a terminal.
pub fn color_stdout() -> bool {
    match COLOR.load(Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Closed sets and values (clap value parsers: a bad value is a usage error naming the option)

/// `--integration`: `rest-http`, `rest-vpc-link` or `http-api-private`.
pub fn parse_integration(s: &str) -> Result<Integration, String> {
    s.parse::<Integration>().map_err(|e| e.to_string())
}

/// `--tls`: `1.2` or `1.3`.
pub fn parse_tls_version(s: &str) -> Result<TlsVersion, String> {
    match s {
        "1.2" | "1.3" => TlsVersion::parse(s).ok_or_else(|| format!("unknown TLS version {s:?}")),
        _ => Err(format!("unknown TLS version {s:?}: expected 1.2 or 1.3")),
    }
}

/// `--auth-type`: a key-exchange auth type JSSE passes to the trust manager.
pub fn parse_auth_type(s: &str) -> Result<String, String> {
    if apigw_tls::is_known_auth_type(s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "unknown auth type {s:?}: expected one of {}",
            apigw_tls::known_auth_types().join(", ")
        ))
    }
}

/// `--at`: an RFC 3339 time (`2026-06-01T00:00:00Z`) or a date (`2026-06-01`, midnight UTC).
pub fn parse_time(s: &str) -> Result<SystemTime, String> {
    let text = if s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') && !s.contains('T') {
        format!("{s}T00:00:00Z")
    } else {
        s.to_string()
    };
    apigw_tls::parse_time(&text).map_err(|_| {
        format!(
            "{s:?} is not a time: expected a date (2026-06-01) or RFC 3339 (2026-06-01T12:00:00Z)"
        )
    })
}

/// The largest `--timeout`, the same as the Python and Node packages' (one hour).
pub const MAX_TIMEOUT_SECONDS: f64 = 3600.0;

/// `--timeout`: seconds, more than 0 and at most [`MAX_TIMEOUT_SECONDS`].
pub fn parse_timeout(s: &str) -> Result<f64, String> {
    let t: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if t.is_finite() && t > 0.0 && t <= MAX_TIMEOUT_SECONDS {
        Ok(t)
    } else {
        Err(format!(
            "must be more than 0 and at most {MAX_TIMEOUT_SECONDS} seconds, not {s}"
        ))
    }
}

/// `--max-addresses`: 1 to 64, as in the Python and Node packages.
pub fn parse_max_addresses(s: &str) -> Result<usize, String> {
    bounded(s, 1, 64)
}

/// `--concurrency`: at least one probe in flight.
pub fn parse_concurrency(s: &str) -> Result<usize, String> {
    bounded(s, 1, 1024)
}

fn bounded(s: &str, low: usize, high: usize) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (low..=high).contains(&n) => Ok(n),
        _ => Err(format!(
            "must be a whole number from {low} to {high}, not {s}"
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Files and certificates

/// The bytes of `path`, or of standard input for `-`.
pub fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// How a file is named in messages (`-` is standard input).
fn display(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".into()
    } else {
        path.display().to_string()
    }
}

/// Certificates from a file's bytes (the library's certificate-file reader: DER, or PEM with a
/// combined file's key skipped), as case entries; a file holding a key, a CSR or another PEM
/// type instead of certificates is refused by name.
pub fn certificate_entries(bytes: &[u8], path: &Path) -> Result<Vec<Vec<u8>>, String> {
    apigw_tls::certificate_file(bytes).map_err(|e| format!("{}: {e}", display(path)))
}

/// Certificate files from paths, a directory contributing its files in name order.
pub fn expand_dirs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file())
                .collect();
            entries.sort();
            files.extend(entries);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

/// The `--ca` certificates (PEM bundles, DER files, directories of them) as case entries.
pub fn ca_entries(paths: &[PathBuf]) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    for f in expand_dirs(paths)? {
        let bytes = read_input(&f)?;
        out.extend(certificate_entries(&bytes, &f).map_err(|e| format!("--ca {e}"))?);
    }
    Ok(out)
}

/// The trust store of `check`, `probe`, `probe-many` and `scan`: API Gateway's CAs plus
/// `--ca`, or only `--ca` with `--ca-only` (clap makes `--ca-only` require `--ca`).
pub fn trust_store(ca: &[PathBuf], ca_only: bool) -> Result<apigw_tls::TrustStore, String> {
    let extra = ca_entries(ca)?;
    apigw_tls::trust_store_with(&extra, !ca_only).map_err(|e| format!("--ca: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_dates() {
        let day = apigw_tls::parse_time("2026-06-01T00:00:00Z").unwrap();
        assert_eq!(parse_time("2026-06-01").unwrap(), day);
        assert_eq!(
            parse_time("2026-06-01T12:00:00+02:00").unwrap(),
            day + std::time::Duration::from_secs(10 * 3600)
        );
        assert!(parse_time("2026-13-01").is_err());
        assert!(parse_time("yesterday").is_err());
    }

    #[test]
    fn timeouts() {
        assert!(parse_timeout("0").is_err());
        assert_eq!(parse_timeout("3600").unwrap(), 3600.0);
        assert!(parse_timeout("3601").is_err());
        assert!(parse_timeout("nan").is_err());
    }
}
