//! Criterion benchmarks of `Evaluator::evaluate` on the bench corpora (see make_corpora.py),
//! the floor (parse + signature verification only), and the batch at 1 and 2 threads.
//!
//! `cargo bench -p apigw-tls-benches` (after `python3 benches/make_corpora.py`). Each iteration
//! evaluates the next case of the corpus, so every iteration sees certificates it has not seen
//! for 2,000 iterations, as a stream of distinct backends would.

use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use apigw_tls::{batch, Evaluator, TrustStore};
use apigw_tls_benches::{
    data_dir, store_from_pem, Corpus, Floor, FloorParser, DEFAULT_STORE_PEM, WORKLOADS,
};

fn load(file: &str) -> Corpus {
    Corpus::workload(file).unwrap_or_else(|e| panic!("{e}"))
}

fn evaluate(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    group.throughput(Throughput::Elements(1));
    for &(name, file) in WORKLOADS {
        let corpus = load(file);
        let store = if name == "default_store" {
            store_from_pem(&data_dir().join(DEFAULT_STORE_PEM)).unwrap_or_else(|e| panic!("{e}"))
        } else {
            TrustStore::new()
        };
        let evaluator = Evaluator::new(store);
        let n = corpus.len();
        let mut i = 0usize;
        group.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % n;
                black_box(evaluator.evaluate(&corpus.cases[i]))
            })
        });
    }
    group.finish();
}

fn floor(c: &mut Criterion) {
    let mut group = c.benchmark_group("floor");
    group.throughput(Throughput::Elements(1));
    for (name, file) in [
        ("rsa2048", "bench3_rsa2048.jsonl"),
        ("p256", "bench3_p256.jsonl"),
    ] {
        let corpus = load(file);
        let floor = Floor::for_corpus(&corpus).unwrap_or_else(|e| panic!("{e}"));
        for (suffix, parser) in [("", FloorParser::Ours), ("_raw", FloorParser::Raw)] {
            let n = corpus.len();
            let mut i = 0usize;
            group.bench_function(format!("{name}{suffix}"), |b| {
                b.iter(|| {
                    i = (i + 1) % n;
                    black_box(floor.run(&corpus.cases[i], parser))
                })
            });
        }
    }
    group.finish();
}

/// The JSON-lines batch over the whole RSA corpus held in memory (no process start-up, no pipe).
fn batch_threads(c: &mut Criterion) {
    let corpus = load("bench3_rsa2048.jsonl");
    let input = corpus.lines.join("\n").into_bytes();
    let evaluator = Evaluator::new(TrustStore::new());
    let mut group = c.benchmark_group("batch_rsa2048");
    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.sample_size(10);
    for threads in [1usize, 2] {
        group.bench_function(format!("threads_{threads}"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(corpus.len() * 512);
                let n = batch::run(&evaluator, Cursor::new(&input), &mut out, threads).unwrap_or(0);
                black_box((n, out.len()))
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(5));
    targets = evaluate, floor, batch_threads
}
criterion_main!(benches);
