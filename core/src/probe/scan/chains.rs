//! Chains from files, for a scan with no network: `--chain HOST=FILE` and directories of
//! `HOST.pem` files.

use std::collections::BTreeMap;
use std::path::Path;

use super::ScanError;

/// The chain each backend host presents, leaf first, as DER.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChainFiles {
    by_host: BTreeMap<String, Vec<Vec<u8>>>,
}

/// File extensions read from a chain directory (the name before it is the host).
const EXTENSIONS: &[&str] = &["pem", "crt", "cer", "der"];

/// Host names compare without case and without a trailing dot, as DNS does.
fn key(host: &str) -> String {
    host.trim_end_matches('.')
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase()
}

impl ChainFiles {
    /// No chains.
    pub fn new() -> ChainFiles {
        ChainFiles::default()
    }

    /// True when no chain was given (the scan then probes).
    pub fn is_empty(&self) -> bool {
        self.by_host.is_empty()
    }

    /// Adds `HOST=FILE`, or every `HOST.pem` (`.crt`, `.cer`, `.der`) of a directory.
    pub fn add(&mut self, spec: &str) -> Result<(), ScanError> {
        let path = Path::new(spec);
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| ScanError::io(path, e))?;
            let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            let mut found = false;
            for f in files {
                let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
                if !f.is_file() || !EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) {
                    continue;
                }
                if let Some(host) = f.file_stem().and_then(|s| s.to_str()) {
                    self.by_host.insert(key(host), read_chain_file(&f)?);
                    found = true;
                }
            }
            if !found {
                return Err(ScanError::Argument(format!(
                    "--chain {spec}: the directory has no HOST.pem file"
                )));
            }
            return Ok(());
        }
        match spec.split_once('=') {
            Some((host, file)) if !host.is_empty() && !file.is_empty() => {
                self.by_host
                    .insert(key(host), read_chain_file(Path::new(file))?);
                Ok(())
            }
            _ => Err(ScanError::Argument(format!(
                "--chain {spec:?}: expected HOST=FILE or a directory of HOST.pem files"
            ))),
        }
    }

    /// The chain given for `host`.
    pub fn get(&self, host: &str) -> Option<&[Vec<u8>]> {
        self.by_host.get(&key(host)).map(Vec::as_slice)
    }
}

/// A chain file as case entries (the certificate-file reader the command line's `--chain` uses).
pub fn read_chain_file(path: &Path) -> Result<Vec<Vec<u8>>, ScanError> {
    let bytes = std::fs::read(path).map_err(|e| ScanError::io(path, e))?;
    crate::pem::certificate_file(&bytes).map_err(|e| ScanError::io(path, e.to_string()))
}
