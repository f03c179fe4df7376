#!/usr/bin/env node
'use strict';
// `npx apigw-tls ...`: the Rust command line compiled into the native addon (apigw_tls_cli::run), the
// very code of the `apigw-tls` binary, so commands, output and exit statuses are the binary's.

let native;
try {
  native = require('../native.js');
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(2);
}
// The program name is the command's however it was started (clap prints it in usage lines).
// The command writes to file descriptors 1 and 2 itself and returns when it is done.
process.exitCode = native.runCli(['apigw-tls', ...process.argv.slice(2)]);
