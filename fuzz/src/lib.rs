//! Fuzz targets for apigw-tls, shared by two engines:
//!
//! * libFuzzer through `cargo fuzz` (nightly; coverage-guided, AddressSanitizer and
//!   LeakSanitizer): `fuzz_targets/*.rs` call the functions in [`targets`];
//! * the stable smoke fuzzer `fuzz-smoke` (any toolchain; a seeded mutation loop over the
//!   committed corpus, with a per-input hang watchdog and a memory ceiling), which is what the
//!   test command runs when no nightly toolchain is present.
//!
//! Every target must return normally on every input: a panic anywhere — even one the library
//! itself contains with `catch_unwind` — is a bug.

#![forbid(unsafe_code)]

pub mod input;
pub mod mutate;
pub mod targets;

/// A fuzz target: a name (also the corpus directory), the function, and the largest input
/// worth generating for it.
#[derive(Clone, Copy)]
pub struct Target {
    /// Corpus directory name under `fuzz/corpus/` and the `cargo fuzz` target name.
    pub name: &'static str,
    /// The function under test.
    pub run: fn(&[u8]),
    /// Upper bound on generated input sizes (libFuzzer's `-max_len`).
    pub max_len: usize,
    /// Which structure-aware mutations apply.
    pub kind: mutate::Kind,
}

/// Every target, in the order the smoke run visits them.
pub const TARGETS: &[Target] = &[
    Target {
        name: "pem_der",
        run: targets::pem_der,
        max_len: 16 * 1024,
        kind: mutate::Kind::Der,
    },
    Target {
        name: "evaluate_chain",
        run: targets::evaluate_chain,
        max_len: 64 * 1024,
        kind: mutate::Kind::Chain,
    },
    Target {
        name: "hostname",
        run: targets::hostname,
        max_len: 4 * 1024,
        kind: mutate::Kind::Text,
    },
    Target {
        name: "batch_line",
        run: targets::batch_line,
        max_len: 64 * 1024,
        kind: mutate::Kind::Text,
    },
    Target {
        name: "export_scan",
        run: targets::export_scan,
        max_len: 64 * 1024,
        kind: mutate::Kind::Text,
    },
];

/// The target called `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}
