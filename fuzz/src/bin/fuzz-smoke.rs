//! The stable smoke fuzzer: replays each target's committed corpus, then mutates it for a fixed
//! time. Runs on any toolchain (no libFuzzer, no sanitizer), so the test command can always run
//! it; `cargo fuzz` is the deeper, coverage-guided engine over the same targets.
//!
//! Failures and their exit codes: a panic (even one the library contains) = 1, an input
//! running past the per-input timeout = 3, resident memory above the ceiling = 4. The failing
//! input is written to `ARTIFACTS/TARGET/{crash,timeout,oom}-HASH` and reproduced with
//! `fuzz-smoke --target TARGET --replay FILE`.
//!
//! ```text
//! fuzz-smoke [--target NAME]... [--seconds N] [--timeout N] [--seed N] [--rss-limit-mb N]
//!            [--corpus DIR] [--artifacts DIR] [--replay FILE]... [--save-slowest]
//! ```
//! Defaults: every target, `$FUZZ_SECONDS` or 60 seconds each, 20 s per input, 2048 MiB.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use apigw_tls_fuzz::mutate::{mutate, Rng};
use apigw_tls_fuzz::{target, Target, TARGETS};

struct Options {
    targets: Vec<&'static Target>,
    seconds: u64,
    timeout: u64,
    seed: u64,
    rss_limit_mb: u64,
    corpus: PathBuf,
    artifacts: PathBuf,
    replay: Vec<PathBuf>,
    save_slowest: bool,
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("fuzz-smoke: {msg}");
    eprintln!("usage: fuzz-smoke [--target NAME]... [--seconds N] [--timeout N] [--seed N] [--rss-limit-mb N] [--corpus DIR] [--artifacts DIR] [--replay FILE]... [--save-slowest]");
    eprintln!(
        "targets: {}",
        TARGETS
            .iter()
            .map(|t| t.name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    ExitCode::from(2)
}

fn parse_args() -> Result<Options, String> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let env_secs = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok());
    let mut o = Options {
        targets: Vec::new(),
        seconds: env_secs.unwrap_or(60),
        timeout: 20,
        seed: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
        rss_limit_mb: 2048,
        corpus: here.join("corpus"),
        artifacts: here.join("artifacts"),
        replay: Vec::new(),
        save_slowest: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        let number = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{a}: not a number: {v}"))
        };
        match a.as_str() {
            "--target" => {
                let name = value()?;
                o.targets
                    .push(target(&name).ok_or_else(|| format!("unknown target {name}"))?);
            }
            "--seconds" => o.seconds = number(value()?)?,
            "--timeout" => o.timeout = number(value()?)?,
            "--seed" => o.seed = number(value()?)?,
            "--rss-limit-mb" => o.rss_limit_mb = number(value()?)?,
            "--corpus" => o.corpus = value()?.into(),
            "--artifacts" => o.artifacts = value()?.into(),
            "--replay" => o.replay.push(value()?.into()),
            "--save-slowest" => o.save_slowest = true,
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if o.targets.is_empty() {
        o.targets = TARGETS.iter().collect();
    }
    Ok(o)
}

/// FNV-1a, for artifact names.
fn hash(data: &[u8]) -> String {
    let h = data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{h:016x}")
}

fn rss_mb() -> u64 {
    // statm: size resident ... in pages.
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<u64>().ok())
        })
        .map(|pages| pages * 4096 / (1024 * 1024))
        .unwrap_or(0)
}

/// What the panic hook and the watchdog share with the main loop.
struct Shared {
    panicked: AtomicBool,
    panic_message: Mutex<Option<String>>,
    /// Milliseconds since `epoch` when the current input started; 0 when idle.
    started_ms: AtomicU64,
    current: Mutex<Vec<u8>>,
    target: Mutex<&'static str>,
    epoch: Instant,
}

fn write_artifact(dir: &Path, target: &str, kind: &str, data: &[u8]) -> PathBuf {
    let dir = dir.join(target);
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{kind}-{}", hash(data)));
    let _ = std::fs::write(&path, data);
    path
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    let shared = Arc::new(Shared {
        panicked: AtomicBool::new(false),
        panic_message: Mutex::new(None),
        started_ms: AtomicU64::new(0),
        current: Mutex::new(Vec::new()),
        target: Mutex::new(""),
        epoch: Instant::now(),
    });

    // Every panic is a finding, including those the library catches (evaluate_contained).
    let hook_shared = shared.clone();
    std::panic::set_hook(Box::new(move |info| {
        let bt = std::backtrace::Backtrace::force_capture();
        let msg = format!("{info}\n{bt}");
        if let Ok(mut m) = hook_shared.panic_message.lock() {
            m.get_or_insert(msg);
        }
        hook_shared.panicked.store(true, Ordering::SeqCst);
    }));

    // The watchdog: an input running past the timeout is saved and the process exits.
    let dog = shared.clone();
    let artifacts = o.artifacts.clone();
    let timeout_ms = o.timeout * 1000;
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(250));
        let start = dog.started_ms.load(Ordering::SeqCst);
        let now = dog.epoch.elapsed().as_millis() as u64;
        if start != 0 && now.saturating_sub(start) > timeout_ms {
            let data = dog.current.lock().map(|d| d.clone()).unwrap_or_default();
            let target = dog.target.lock().map(|t| *t).unwrap_or("unknown");
            let path = write_artifact(&artifacts, target, "timeout", &data);
            eprintln!(
                "fuzz-smoke: {target}: an input ran longer than {} s; saved to {}",
                timeout_ms / 1000,
                path.display()
            );
            std::process::exit(3);
        }
    });

    if !o.replay.is_empty() {
        for t in &o.targets {
            for f in &o.replay {
                let data = match std::fs::read(f) {
                    Ok(d) => d,
                    Err(e) => return usage(&format!("{}: {e}", f.display())),
                };
                if let Err(code) = run_one(&shared, t, &data, &o) {
                    return code;
                }
                eprintln!("fuzz-smoke: {}: {} ran clean", t.name, f.display());
            }
        }
        return ExitCode::SUCCESS;
    }

    eprintln!(
        "fuzz-smoke: seed {} ({} s per target, {} s per input)",
        o.seed, o.seconds, o.timeout
    );
    let mut rng = Rng::new(o.seed);
    // A closing line in the plain "N passed, N failed" form the test reports understand.
    for (passed, t) in o.targets.iter().enumerate() {
        if let Err(code) = fuzz_target(&shared, t, &o, &mut rng) {
            eprintln!("fuzz-smoke: target {} failed (seed {})", t.name, o.seed);
            println!("fuzz-smoke: {passed} passed, 1 failed");
            return code;
        }
    }
    println!("fuzz-smoke: {} passed, 0 failed", o.targets.len());
    ExitCode::SUCCESS
}

/// Runs one input under the hang watchdog; Err(exit code) on a finding.
fn run_one(
    shared: &Shared,
    t: &'static Target,
    data: &[u8],
    o: &Options,
) -> Result<Duration, ExitCode> {
    if let Ok(mut c) = shared.current.lock() {
        c.clear();
        c.extend_from_slice(data);
    }
    if let Ok(mut name) = shared.target.lock() {
        *name = t.name;
    }
    let start = Instant::now();
    shared.started_ms.store(
        shared.epoch.elapsed().as_millis().max(1) as u64,
        Ordering::SeqCst,
    );
    let result = std::panic::catch_unwind(|| (t.run)(data));
    shared.started_ms.store(0, Ordering::SeqCst);
    let took = start.elapsed();
    if result.is_err() || shared.panicked.load(Ordering::SeqCst) {
        let path = write_artifact(&o.artifacts, t.name, "crash", data);
        let msg = shared
            .panic_message
            .lock()
            .ok()
            .and_then(|m| m.clone())
            .unwrap_or_default();
        eprintln!(
            "fuzz-smoke: {}: PANIC; input saved to {}\n{msg}",
            t.name,
            path.display()
        );
        return Err(ExitCode::from(1));
    }
    Ok(took)
}

fn load_corpus(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn fuzz_target(
    shared: &Shared,
    t: &'static Target,
    o: &Options,
    rng: &mut Rng,
) -> Result<(), ExitCode> {
    let seeds = load_corpus(&o.corpus.join(t.name));
    if seeds.is_empty() {
        eprintln!(
            "fuzz-smoke: {}: no corpus in {}",
            t.name,
            o.corpus.join(t.name).display()
        );
        return Err(ExitCode::from(2));
    }
    let started = Instant::now();
    let mut slowest = (Duration::ZERO, Vec::new());
    let mut execs = 0u64;
    let note = |took: Duration, data: &[u8], slowest: &mut (Duration, Vec<u8>)| {
        if took > slowest.0 {
            *slowest = (took, data.to_vec());
        }
    };
    for s in &seeds {
        let took = run_one(shared, t, s, o)?;
        note(took, s, &mut slowest);
        execs += 1;
    }
    let replayed = execs;
    let mut pool: Vec<Vec<u8>> = seeds.clone();
    let deadline = Duration::from_secs(o.seconds);
    let mut data = Vec::new();
    while started.elapsed() < deadline {
        data.clear();
        data.extend_from_slice(&pool[rng.below(pool.len())]);
        let other = &pool[rng.below(pool.len())];
        let other = other.clone();
        mutate(&mut data, t.kind, &other, rng, t.max_len);
        let took = run_one(shared, t, &data, o)?;
        note(took, &data, &mut slowest);
        execs += 1;
        // Keep some mutants, so that mutations stack across iterations (a random walk).
        if rng.one_in(32) {
            if pool.len() < seeds.len() * 4 + 256 {
                pool.push(data.clone());
            } else {
                let i = seeds.len() + rng.below(pool.len() - seeds.len());
                pool[i] = data.clone();
            }
        }
        if execs.is_multiple_of(256) && rss_mb() > o.rss_limit_mb {
            let path = write_artifact(&o.artifacts, t.name, "oom", &data);
            eprintln!(
                "fuzz-smoke: {}: resident memory {} MiB above {} MiB; last input saved to {}",
                t.name,
                rss_mb(),
                o.rss_limit_mb,
                path.display()
            );
            return Err(ExitCode::from(4));
        }
    }
    if o.save_slowest {
        let path = write_artifact(&o.artifacts, t.name, "slowest", &slowest.1);
        eprintln!(
            "fuzz-smoke: {}: slowest input saved to {}",
            t.name,
            path.display()
        );
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "fuzz-smoke: {}: ok — {} seeds replayed, {} mutated inputs in {:.0} s ({:.0}/s), slowest input {:.1} ms ({} bytes), rss {} MiB",
        t.name,
        replayed,
        execs - replayed,
        secs,
        execs as f64 / secs.max(0.001),
        slowest.0.as_secs_f64() * 1000.0,
        slowest.1.len(),
        rss_mb()
    );
    Ok(())
}
