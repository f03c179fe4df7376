// Throughput of the Node package against the native batch, on one bench corpus.
//
//   node benches/bindings/bench.mjs CORPUS.jsonl --cli target/release/apigw-tls [--seconds S] [--runs N]
//
// Prints, single thread, cases per second (median of runs):
//   native     `apigw-tls batch --threads 1` over the corpus (process, JSON lines in and out)
//   many       evaluateMany(cases, { threads: 1 }): objects in, Verdict objects out
//   call       evaluate(host, chain, { roots, at }), one call per case
// and the per-case ratio of each to the native batch, and the overhead of a single call over
// the native per-case time. APIGW_TLS_PACKAGE points at the package (default bindings-node).
import { readFileSync, openSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkg = require(process.env.APIGW_TLS_PACKAGE || path.join(here, '..', '..', 'bindings-node'));

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const corpus = argv[0];
const cli = opt('--cli');
const seconds = Number(opt('--seconds', 3));
const runs = Number(opt('--runs', 5));
if (!corpus || !cli) {
  console.error('usage: bench.mjs CORPUS.jsonl --cli PATH [--seconds S] [--runs N]');
  process.exit(2);
}

const lines = readFileSync(corpus, 'utf8').split('\n').filter((l) => l.trim());
const cases = lines.map((l) => JSON.parse(l));
const n = cases.length;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function rate(fn) {
  await fn(); // warm-up
  const rates = [];
  for (let r = 0; r < runs; r++) {
    let done = 0;
    const start = process.hrtime.bigint();
    let elapsed;
    for (;;) {
      await fn();
      done += n;
      elapsed = Number(process.hrtime.bigint() - start) / 1e9;
      if (elapsed >= seconds) break;
    }
    rates.push(done / elapsed);
  }
  return median(rates);
}

const rNative = await rate(() => {
  const fd = openSync(corpus, 'r');
  try {
    const out = spawnSync(cli, ['batch', '--threads', '1'], { stdio: [fd, 'ignore', 'inherit'] });
    if (out.status !== 0) throw new Error(`${cli} batch failed`);
  } finally {
    closeSync(fd);
  }
});
const rMany = await rate(() => pkg.evaluateMany(cases, { threads: 1 }));
const rCall = await rate(() => {
  for (const c of cases) pkg.evaluate(c.host, c.chain, { roots: c.roots, at: c.time });
});

console.log(`corpus: ${corpus} (${n} cases), apigw-tls ${pkg.version}, Node ${process.version}`);
console.log(`${'what'.padEnd(10)} ${'cases/s'.padStart(10)} ${'µs/case'.padStart(9)} ${'÷ native'.padStart(9)}`);
for (const [name, r] of [['native', rNative], ['many', rMany], ['call', rCall]]) {
  console.log(`${name.padEnd(10)} ${r.toFixed(0).padStart(10)} ${(1e6 / r).toFixed(1).padStart(9)} ${(rNative / r).toFixed(2).padStart(9)}`);
}
console.log(`single-call overhead over the native per-case time: ${(1e6 / rCall - 1e6 / rNative).toFixed(1)} µs`);
