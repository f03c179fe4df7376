//! Many probes with bounded concurrency: `apigw-tls probe-many FILE` and the scan of an exported
//! API. Input lines are URLs or JSON-lines cases; results keep their input index.

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use super::{probe_async, runtime, ProbeError, ProbeOptions, ProbeReport, ProbeRequest};
use crate::evaluate::Evaluator;
use crate::jsonl::CaseJson;

/// Longest input line accepted (a case with a long chain and roots fits easily).
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// One input line that is not a usable target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineError {
    /// 1-based line number.
    pub line: usize,
    /// Why.
    pub error: String,
}

/// Reads targets: one URL per line, or one JSON object (a case) per line. Blank lines and lines
/// starting with `#` are skipped. `template` supplies the settings of URL lines.
pub fn parse_targets(
    text: &str,
    template: &ProbeRequest,
) -> Vec<Result<(usize, ProbeRequest), LineError>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if l.len() > MAX_LINE_BYTES {
            out.push(Err(LineError {
                line,
                error: format!("line longer than {MAX_LINE_BYTES} bytes"),
            }));
            continue;
        }
        let parsed = if l.starts_with('{') {
            serde_json::from_str::<CaseJson>(l)
                .map_err(|e| e.to_string())
                .and_then(|c| ProbeRequest::from_case(&c).map_err(|e| e.to_string()))
        } else {
            let mut r = template.clone();
            r.url = l.to_string();
            Ok(r)
        };
        out.push(
            parsed
                .map(|r| (line, r))
                .map_err(|error| LineError { line, error }),
        );
    }
    out
}

/// The result of one target of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ManyResult {
    /// Position in the input (0-based, in the order given to [`probe_many`]).
    pub index: usize,
    /// The URL probed.
    pub url: String,
    /// The report, or why the probe could not start.
    #[serde(flatten)]
    pub result: ManyOutcome,
}

/// A report or an error.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ManyOutcome {
    /// The probe ran.
    Report(Box<ProbeReport>),
    /// It could not start (bad URL, ...).
    Error {
        /// Why.
        error: String,
    },
}

/// Probes `requests` with at most `concurrency` in flight (blocking). `on_done` is called for
/// each result in input order (a finished probe waits for the ones before it, so streamed
/// JSON lines come out in input order); the returned vector is in input order too.
pub fn probe_many(
    requests: &[ProbeRequest],
    options: &ProbeOptions,
    evaluator: &Evaluator,
    concurrency: usize,
    mut on_done: impl FnMut(&ManyResult),
) -> Result<Vec<ManyResult>, ProbeError> {
    let rt = runtime()?;
    let results = rt.block_on(async {
        let mut pending = stream::iter(requests.iter().enumerate())
            .map(|(index, r)| async move {
                let result = match probe_async(r, options, evaluator).await {
                    Ok(report) => ManyOutcome::Report(Box::new(report)),
                    Err(e) => ManyOutcome::Error {
                        error: e.to_string(),
                    },
                };
                ManyResult {
                    index,
                    url: r.url.clone(),
                    result,
                }
            })
            .buffered(concurrency.max(1));
        let mut done = Vec::with_capacity(requests.len());
        while let Some(r) = pending.next().await {
            on_done(&r);
            done.push(r);
        }
        done
    });
    let mut results = results;
    results.sort_by_key(|r| r.index);
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_cases() {
        let mut template = ProbeRequest::new("");
        template.skip_verification = true;
        let text = "# targets\nhttps://a.example/\n\n{\"id\":7,\"host\":\"b.example\",\"integration\":\"rest-vpc-link\",\"nlb_addresses\":[\"10.0.0.1\"]}\n{\"id\":8}\n{not json\n";
        let parsed = parse_targets(text, &template);
        assert_eq!(parsed.len(), 4);
        let (line, a) = parsed[0].clone().unwrap();
        assert_eq!(
            (line, a.url.as_str(), a.skip_verification),
            (2, "https://a.example/", true)
        );
        let (line, b) = parsed[1].clone().unwrap();
        assert_eq!((line, b.url.as_str()), (4, "https://b.example/"));
        assert_eq!(b.id, Some(serde_json::json!(7)));
        assert_eq!(b.integration, Some(crate::case::Integration::RestVpcLink));
        assert_eq!(
            b.nlb_addresses,
            vec!["10.0.0.1".parse::<std::net::IpAddr>().unwrap()]
        );
        assert!(!b.skip_verification);
        assert_eq!(parsed[2].clone().unwrap_err().line, 5);
        assert_eq!(parsed[3].clone().unwrap_err().line, 6);
    }

    #[test]
    fn bad_urls_become_error_results_in_order() {
        let reqs = vec![
            ProbeRequest::new("http://plain.example/"),
            ProbeRequest::new("https:///"),
        ];
        let ev = Evaluator::new(crate::trust::TrustStore::new());
        let mut seen = 0;
        let out = probe_many(&reqs, &ProbeOptions::default(), &ev, 4, |_| seen += 1).unwrap();
        assert_eq!(seen, 2);
        assert_eq!(out.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 1]);
        assert!(out
            .iter()
            .all(|r| matches!(r.result, ManyOutcome::Error { .. })));
    }
}
