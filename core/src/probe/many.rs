//! Many probes with bounded concurrency: `apigw-tls probe-many FILE` and the scan of an exported
//! API. Input lines are URLs or JSON-lines cases; results keep their input index.
//!
//! [`probe_stream`] is the fleet-scale form: targets are read one line at a time
//! ([`TargetReader`]) and each result is handed out as soon as it may be written, then
//! dropped, so memory depends on the concurrency, not on the number of targets. In
//! [`Order::Input`] (the default) a finished probe waits for the ones before it, so at most
//! `concurrency` results are held; in [`Order::Completion`] each is handed out when it finishes.
//! Each probe's work is bounded on its own: every network step has a timeout, the bytes read
//! are bounded ([`super::tls::MAX_HANDSHAKE_BYTES`]) and at most
//! [`super::ProbeOptions::max_addresses`] addresses are tried.

use std::io::BufRead;

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
    text.lines()
        .enumerate()
        .filter_map(|(i, raw)| parse_target(i + 1, raw, template))
        .collect()
}

/// Reads targets from a stream, one line at a time, as [`parse_targets`] reads them from a
/// string: the same skipped lines, the same errors, at most [`MAX_LINE_BYTES`] per line held
/// in memory (a longer line is read through and reported).
pub struct TargetReader<R> {
    input: R,
    template: ProbeRequest,
    line: usize,
    buf: Vec<u8>,
    failed: bool,
}

impl<R: BufRead> TargetReader<R> {
    /// Targets from `input`; `template` supplies the settings of URL lines.
    pub fn new(input: R, template: ProbeRequest) -> TargetReader<R> {
        TargetReader {
            input,
            template,
            line: 0,
            buf: Vec::new(),
            failed: false,
        }
    }

    /// Reads the next line into `buf`; `Ok(None)` at the end, `Ok(Some(false))` when the line
    /// was longer than the limit (its bytes are skipped, not kept).
    fn next_line(&mut self) -> std::io::Result<Option<bool>> {
        self.buf.clear();
        let mut seen = false;
        let mut fits = true;
        loop {
            let available = self.input.fill_buf()?;
            if available.is_empty() {
                return Ok(seen.then_some(fits));
            }
            seen = true;
            let (chunk, end) = match memchr::memchr(b'\n', available) {
                Some(i) => (&available[..i], Some(i + 1)),
                None => (available, None),
            };
            if fits && self.buf.len() + chunk.len() <= MAX_LINE_BYTES {
                self.buf.extend_from_slice(chunk);
            } else {
                fits = false;
                self.buf.clear();
            }
            let consumed = end.unwrap_or(available.len());
            self.input.consume(consumed);
            if end.is_some() {
                return Ok(Some(fits));
            }
        }
    }
}

impl<R: BufRead> Iterator for TargetReader<R> {
    type Item = Result<(usize, ProbeRequest), LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.failed {
            let fits = match self.next_line() {
                Ok(Some(fits)) => fits,
                Ok(None) => return None,
                Err(e) => {
                    // A read error ends the input; it is reported once, on the line it hit.
                    self.failed = true;
                    return Some(Err(LineError {
                        line: self.line + 1,
                        error: format!("cannot read the input: {e}"),
                    }));
                }
            };
            self.line += 1;
            if !fits {
                return Some(Err(LineError {
                    line: self.line,
                    error: format!("line longer than {MAX_LINE_BYTES} bytes"),
                }));
            }
            let text = String::from_utf8_lossy(&self.buf);
            if let Some(parsed) = parse_target(self.line, &text, &self.template) {
                return Some(parsed);
            }
        }
        None
    }
}

/// One line as a target; `None` for a blank or comment line.
fn parse_target(
    line: usize,
    raw: &str,
    template: &ProbeRequest,
) -> Option<Result<(usize, ProbeRequest), LineError>> {
    let l = raw.trim();
    if l.is_empty() || l.starts_with('#') {
        return None;
    }
    if l.len() > MAX_LINE_BYTES {
        return Some(Err(LineError {
            line,
            error: format!("line longer than {MAX_LINE_BYTES} bytes"),
        }));
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
    Some(
        parsed
            .map(|r| (line, r))
            .map_err(|error| LineError { line, error }),
    )
}

/// The order in which [`probe_stream`] hands results out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// Input order: a finished probe waits for the ones before it (at most `concurrency`
    /// results wait).
    #[default]
    Input,
    /// As each probe finishes (`index` gives the input position); a slow target holds
    /// nothing back.
    Completion,
}

/// Probes every request of `requests` with at most `concurrency` in flight (blocking), handing
/// each result to `on_done` in `order`, and keeps none of them: memory is bounded by the
/// concurrency whatever the number of targets. `requests` is pulled only as probes finish.
/// Returns the number of results handed out.
pub fn probe_stream(
    requests: impl Iterator<Item = ProbeRequest>,
    options: &ProbeOptions,
    evaluator: &Evaluator,
    concurrency: usize,
    order: Order,
    mut on_done: impl FnMut(ManyResult),
) -> Result<usize, ProbeError> {
    let rt = runtime()?;
    let probe = |(index, r): (usize, ProbeRequest)| async move {
        let result = match probe_async(&r, options, evaluator).await {
            Ok(report) => ManyOutcome::Report(Box::new(report)),
            Err(e) => ManyOutcome::Error {
                error: e.to_string(),
            },
        };
        ManyResult {
            index,
            url: r.url,
            result,
        }
    };
    let concurrency = concurrency.max(1);
    Ok(rt.block_on(async {
        let mut count = 0usize;
        let futures = stream::iter(requests.enumerate()).map(probe);
        match order {
            Order::Input => {
                let mut done = futures.buffered(concurrency);
                while let Some(r) = done.next().await {
                    on_done(r);
                    count += 1;
                }
            }
            Order::Completion => {
                let mut done = futures.buffer_unordered(concurrency);
                while let Some(r) = done.next().await {
                    on_done(r);
                    count += 1;
                }
            }
        }
        count
    }))
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
    let mut results = Vec::with_capacity(requests.len());
    probe_stream(
        requests.iter().cloned(),
        options,
        evaluator,
        concurrency,
        Order::Input,
        |r| {
            on_done(&r);
            results.push(r);
        },
    )?;
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
    fn the_reader_reads_what_parse_targets_reads() {
        let template = ProbeRequest::new("");
        let text = "# targets\nhttps://a.example/\n\n  {\"id\":7,\"host\":\"b.example\"}\r\n{\"id\":8}\n{not json\nhttps://c.example/";
        let streamed: Vec<_> =
            TargetReader::new(std::io::Cursor::new(text.as_bytes()), template.clone()).collect();
        assert_eq!(streamed, parse_targets(text, &template));
        assert_eq!(streamed.len(), 5);
        // A line over the limit is read through, reported with its number, and the next line
        // is read normally; nothing of it is kept.
        let long = format!(
            "https://x/\n{}\nhttps://y/\n",
            "a".repeat(MAX_LINE_BYTES + 1)
        );
        let mut reader = TargetReader::new(
            std::io::BufReader::with_capacity(4096, long.as_bytes()),
            template,
        );
        assert_eq!(reader.next().unwrap().unwrap().1.url, "https://x/");
        assert_eq!(reader.next().unwrap().unwrap_err().line, 2);
        // The buffer never grew past the limit by more than a doubling (Vec growth).
        assert!(reader.buf.capacity() <= 2 * MAX_LINE_BYTES);
        assert_eq!(reader.next().unwrap().unwrap().1.url, "https://y/");
        assert!(reader.next().is_none());
    }

    #[test]
    fn stream_hands_out_every_result_once_in_the_order_asked() {
        // Targets that fail before any network I/O (not https, no host): the stream logic alone.
        let urls: Vec<String> = (0..50)
            .map(|i| {
                if i % 2 == 0 {
                    format!("http://plain{i}.example/")
                } else {
                    "https:///".to_string()
                }
            })
            .collect();
        let ev = Evaluator::new(crate::trust::TrustStore::new());
        for (order, concurrency) in [(Order::Input, 7), (Order::Completion, 7), (Order::Input, 1)] {
            let mut seen = Vec::new();
            let n = probe_stream(
                urls.iter().map(ProbeRequest::new),
                &ProbeOptions::default(),
                &ev,
                concurrency,
                order,
                |r| seen.push((r.index, r.url)),
            )
            .unwrap();
            assert_eq!(n, urls.len());
            if order == Order::Input {
                assert_eq!(
                    seen.iter().map(|s| s.0).collect::<Vec<_>>(),
                    (0..50).collect::<Vec<_>>()
                );
            }
            seen.sort();
            assert_eq!(
                seen.iter().map(|s| &s.1).collect::<Vec<_>>(),
                urls.iter().collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn the_stream_pulls_targets_only_as_probes_finish() {
        // With concurrency 2, the source is never more than 2 ahead of the results handed out:
        // the input is not read whole before the first result.
        let pulled = std::cell::Cell::new(0usize);
        let ev = Evaluator::new(crate::trust::TrustStore::new());
        let requests = (0..20).map(|i| {
            pulled.set(pulled.get() + 1);
            ProbeRequest::new(format!("http://h{i}.example/"))
        });
        let mut max_ahead = 0usize;
        let mut done = 0usize;
        probe_stream(
            requests,
            &ProbeOptions::default(),
            &ev,
            2,
            Order::Input,
            |_| {
                done += 1;
                max_ahead = max_ahead.max(pulled.get() - done);
            },
        )
        .unwrap();
        assert_eq!(done, 20);
        assert!(max_ahead <= 2, "{max_ahead}");
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
