//! The JSON-lines batch: one case per input line, one verdict per output line, in order,
//! streaming with bounded memory, using every core.
//!
//! A bad line (not JSON, over the size limit, missing fields) yields a verdict with an `error`
//! field and the batch goes on.

use std::io::{self, BufRead, Write};
use std::sync::mpsc;

use crate::case::Case;
use crate::evaluate::Evaluator;
use crate::jsonl::CaseJson;
use crate::verdict::Verdict;

/// Longest input line accepted (a case with a long chain and its roots is well under 1 MiB).
pub const MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

/// Cases evaluated per work unit; bounds memory at roughly `threads * 2 * CHUNK` lines.
const CHUNK: usize = 64;

/// One input line as a typed case, with the `id` its verdict echoes.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseLine {
    /// The line's `id` (any JSON value).
    pub id: Option<serde_json::Value>,
    /// The case.
    pub case: Case,
}

/// Parses one input line into a case, or the error verdict for it.
// The error is the verdict written for the line (its output, not a failure to propagate), so
// it is as large as any verdict; boxing it would only add an allocation per bad line.
#[allow(clippy::result_large_err)]
pub fn parse_line(line: &str) -> Result<CaseLine, Verdict> {
    let mut json = parse_json(line)?;
    let id = json.id.take();
    match Case::try_from(json) {
        Ok(case) => Ok(CaseLine { id, case }),
        Err(e) => Err(Verdict::input_error(id, e.to_string())),
    }
}

/// The line as the wire type, or the error verdict for a line that is not a JSON case object.
#[allow(clippy::result_large_err)] // see parse_line
fn parse_json(line: &str) -> Result<CaseJson, Verdict> {
    // Fast path: an object parsed straight into a case. Whatever it rejects (duplicate fields,
    // wrong types, not JSON) goes the slow way below, which decides the error message; what it
    // accepts, the slow way would have turned into the same case.
    if line.trim_start().starts_with('{') {
        if let Ok(case) = serde_json::from_str::<CaseJson>(line) {
            return Ok(case);
        }
    }
    let value: serde_json::Value = serde_json::from_str(line)
        .map_err(|e| Verdict::input_error(None, format!("line is not JSON: {e}")))?;
    let id = value.get("id").cloned();
    if !value.is_object() {
        return Err(Verdict::input_error(id, "line is not a JSON object"));
    }
    serde_json::from_value::<CaseJson>(value)
        .map_err(|e| Verdict::input_error(id, format!("invalid case: {e}")))
}

/// Evaluates one input line.
///
/// A line is a case in the Java oracle's JSON format ([`crate::CaseJson`]); the verdict
/// carries the line's `id`. A line that is not a case gives a verdict with `error` set.
///
/// ```
/// use apigw_tls::{batch, default_trust_store, Evaluator};
///
/// let evaluator = Evaluator::new(default_trust_store());
/// let verdict = batch::evaluate_line(&evaluator, r#"{"id": 7, "host": "api.example.com", "chain": []}"#);
/// assert_eq!(verdict.id, Some(serde_json::json!(7)));
/// assert!(!verdict.accepted);
///
/// let bad = batch::evaluate_line(&evaluator, r#"{"id": 8, "host": "h", "chain": [], "resolved": ["x"]}"#);
/// assert_eq!(bad.error.as_deref(), Some(r#"resolved[0]: "x" is not an IPv4 or IPv6 address"#));
/// ```
pub fn evaluate_line(evaluator: &Evaluator, line: &str) -> Verdict {
    match parse_line(line) {
        // A panic inside the evaluation is a bug; contain it to this line.
        Ok(CaseLine { id, case }) => {
            let mut verdict = evaluator.evaluate_contained(&case);
            verdict.id = id;
            verdict
        }
        Err(v) => v,
    }
}

/// Evaluates one input line for a language binding's single-case `evaluate`: the verdict, and
/// the chain entry that is not even PEM or DER ([`Case::chain_encoding_error`]), which a
/// binding raises as an argument error rather than returning the JDK's parse failure.
pub fn evaluate_line_checked(evaluator: &Evaluator, line: &str) -> (Verdict, Option<String>) {
    match parse_line(line) {
        Ok(CaseLine { id, case }) => {
            let mut verdict = evaluator.evaluate_contained(&case);
            verdict.id = id;
            (verdict, case.chain_encoding_error())
        }
        Err(v) => (v, None),
    }
}

/// Reads one line of at most [`MAX_LINE_BYTES`]; an over-long line is consumed and reported.
fn read_bounded_line(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
) -> io::Result<Option<Result<(), usize>>> {
    buf.clear();
    let mut total = 0usize;
    let mut too_long = false;
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(if total == 0 {
                None
            } else if too_long {
                Some(Err(total))
            } else {
                Some(Ok(()))
            });
        }
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], Some(i + 1)),
            None => (available, None),
        };
        total += chunk.len();
        if !too_long {
            if buf.len() + chunk.len() > MAX_LINE_BYTES {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        let consumed = done.unwrap_or(available.len());
        input.consume(consumed);
        if done.is_some() {
            return Ok(Some(if too_long { Err(total) } else { Ok(()) }));
        }
    }
}

/// The line in `buf` as trimmed text, taking the buffer over when it is valid UTF-8 (the usual
/// case: no copy and no second pass over the bytes); invalid sequences become U+FFFD, so the
/// line still gets its verdict (an error naming what is wrong with it).
fn line_text(buf: &mut Vec<u8>) -> String {
    let capacity = buf.capacity();
    let bytes = std::mem::replace(buf, Vec::with_capacity(capacity));
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let trimmed = text.trim();
    if trimmed.len() == text.len() {
        text
    } else {
        trimmed.to_string()
    }
}

/// Runs a whole batch from `input` to `output` with `threads` workers (0 = all cores).
/// Returns the number of lines processed.
pub fn run(
    evaluator: &Evaluator,
    input: impl BufRead,
    mut output: impl Write,
    threads: usize,
) -> io::Result<usize> {
    let threads = crate::evaluate::worker_threads(threads);
    let mut input = input;
    let mut buf = Vec::new();
    let mut count = 0usize;

    // Read a chunk of lines (empty lines are skipped, like the oracle).
    let mut next_chunk = |input: &mut dyn BufRead| -> io::Result<Vec<Result<String, String>>> {
        let mut lines = Vec::with_capacity(CHUNK);
        while lines.len() < CHUNK {
            match read_bounded_line(input, &mut buf)? {
                None => break,
                Some(Ok(())) => {
                    let text = line_text(&mut buf);
                    if !text.is_empty() {
                        lines.push(Ok(text));
                    }
                }
                Some(Err(len)) => lines.push(Err(format!(
                    "line of {len} bytes exceeds the limit of {MAX_LINE_BYTES} bytes"
                ))),
            }
        }
        Ok(lines)
    };

    let write_verdict = |out: &mut dyn Write, v: &Verdict| -> io::Result<()> {
        serde_json::to_writer(&mut *out, v).map_err(io::Error::other)?;
        out.write_all(b"\n")
    };

    if threads <= 1 {
        loop {
            let lines = next_chunk(&mut input)?;
            if lines.is_empty() {
                break;
            }
            for l in &lines {
                let v = match l {
                    Ok(text) => evaluate_line(evaluator, text),
                    Err(e) => Verdict::input_error(None, e.clone()),
                };
                write_verdict(&mut output, &v)?;
                count += 1;
            }
        }
        output.flush()?;
        return Ok(count);
    }

    // Parallel: chunks go to workers; this thread reads input and writes results in input
    // order. At most 2 * threads chunks are in flight, which bounds memory.
    let max_in_flight = 2 * threads;
    std::thread::scope(|scope| -> io::Result<usize> {
        let (work_tx, work_rx) =
            mpsc::sync_channel::<(usize, Vec<Result<String, String>>)>(max_in_flight);
        let work_rx = std::sync::Arc::new(std::sync::Mutex::new(work_rx));
        // Workers send each chunk's verdicts already serialised, so that this thread, which
        // every line passes through, only copies bytes.
        let (done_tx, done_rx) = mpsc::channel::<(usize, io::Result<(usize, Vec<u8>)>)>();
        for _ in 0..threads {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            scope.spawn(move || loop {
                let job = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((seq, lines)) = job else { return };
                let mut bytes = Vec::with_capacity(lines.len() * 1024);
                let written = lines.iter().try_for_each(|l| {
                    let v = match l {
                        Ok(text) => evaluate_line(evaluator, text),
                        Err(e) => Verdict::input_error(None, e.clone()),
                    };
                    write_verdict(&mut bytes, &v)
                });
                if done_tx
                    .send((seq, written.map(|()| (lines.len(), bytes))))
                    .is_err()
                {
                    return;
                }
            });
        }
        drop(done_tx);
        let mut pending = std::collections::BTreeMap::new();
        let mut next_to_write = 0usize;
        let mut in_flight = 0usize;
        let mut seq = 0usize;
        let accept = |(s, chunk): (usize, io::Result<(usize, Vec<u8>)>),
                      pending: &mut std::collections::BTreeMap<usize, (usize, Vec<u8>)>,
                      next_to_write: &mut usize,
                      out: &mut dyn Write|
         -> io::Result<usize> {
            pending.insert(s, chunk?);
            let mut written = 0;
            while let Some((n, bytes)) = pending.remove(next_to_write) {
                out.write_all(&bytes)?;
                written += n;
                *next_to_write += 1;
            }
            Ok(written)
        };
        loop {
            let lines = next_chunk(&mut input)?;
            if lines.is_empty() {
                break;
            }
            if work_tx.send((seq, lines)).is_err() {
                return Err(io::Error::other("batch workers stopped"));
            }
            seq += 1;
            in_flight += 1;
            while in_flight >= max_in_flight {
                let r = done_rx
                    .recv()
                    .map_err(|_| io::Error::other("batch workers stopped"))?;
                in_flight -= 1;
                count += accept(r, &mut pending, &mut next_to_write, &mut output)?;
            }
            while let Ok(r) = done_rx.try_recv() {
                in_flight -= 1;
                count += accept(r, &mut pending, &mut next_to_write, &mut output)?;
            }
        }
        drop(work_tx);
        while in_flight > 0 {
            let r = done_rx
                .recv()
                .map_err(|_| io::Error::other("batch workers stopped"))?;
            in_flight -= 1;
            count += accept(r, &mut pending, &mut next_to_write, &mut output)?;
        }
        output.flush()?;
        Ok(count)
    })
}

/// Evaluates JSON-lines cases on `threads` workers (0 = all cores), in input order: a line that
/// is not a case keeps its error verdict, the rest run through [`Evaluator::evaluate_many`].
/// The bindings' `evaluate_many` is this function.
#[allow(clippy::result_large_err)] // see parse_line
pub fn evaluate_lines(evaluator: &Evaluator, lines: &[String], threads: usize) -> Vec<Verdict> {
    let mut ids = Vec::new();
    let mut cases = Vec::new();
    let parsed: Vec<Result<(), Verdict>> = lines
        .iter()
        .map(|l| {
            parse_line(l).map(|line| {
                ids.push(line.id);
                cases.push(line.case);
            })
        })
        .collect();
    let mut verdicts = evaluator.evaluate_many(&cases, threads).into_iter();
    let mut ids = ids.into_iter();
    parsed
        .into_iter()
        .map(|p| match p {
            Ok(()) => {
                let id = ids.next().flatten();
                let mut verdict = verdicts.next().unwrap_or_else(|| {
                    Verdict::input_error(None, "internal error: verdict missing")
                });
                verdict.id = id;
                verdict
            }
            Err(v) => v,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_json` without its fast path: through a `Value`.
    fn via_value(line: &str) -> Result<CaseJson, Option<String>> {
        let value: serde_json::Value = serde_json::from_str(line).map_err(|_| None)?;
        if !value.is_object() {
            return Err(None);
        }
        serde_json::from_value::<CaseJson>(value).map_err(|e| Some(e.to_string()))
    }

    #[test]
    fn fast_path_gives_the_case_the_value_route_gives() {
        let lines = [
            r#"{"id":"a","chain":["x"],"host":"h","time":"2026-06-01T00:00:00Z","desc":"ignored"}"#,
            r#"  {"id":{"n":[1,2.50,null]},"chain":[],"roots":[],"host":"h"}"#,
            r#"{"id":null,"chain":[],"url":"https://h/"}"#,
            r#"{"id":18446744073709551616,"chain":[],"host":"h"}"#,
            r#"{"host":"h","chain":[],"chain":["dup"]}"#,
            r#"{"unknown":1,"unknown":2,"chain":[],"host":"h"}"#,
            r#"{"id":"x","chain":"not a list","host":"h"}"#,
            r#"{"chain":[],"host":"h"} trailing"#,
            r#"["a",["b"]]"#,
            "not json",
        ];
        for line in lines {
            match (parse_json(line), via_value(line)) {
                (Ok(fast), Ok(slow)) => assert_eq!(fast, slow, "{line}"),
                (Err(_), Err(_)) => {}
                (fast, slow) => panic!("{line}: {fast:?} vs {slow:?}"),
            }
        }
        // A duplicated field is refused by the typed parser: the Value route (last one wins)
        // decides, as before the fast path existed.
        let dup = parse_line(r#"{"host":"h","chain":[],"chain":["dup"]}"#).map(|l| l.case.chain);
        assert_eq!(dup.ok(), Some(vec![b"dup".to_vec()]));
    }
}
