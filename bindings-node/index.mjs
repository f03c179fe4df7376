// ESM entry point: the same API as index.js (`import { evaluate } from 'apigw-tls'`).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const apigwTls = require('./index.js');

export const {
  evaluate,
  evaluateMany,
  probe,
  version,
  Verdict,
  Rule,
  Finding,
  CertificateRef,
  ProbeReport,
  Connection,
  ProbeFinding,
  ApigwTlsError,
  ParseError,
  ProbeError,
  InternalError,
  InvalidArgumentTypeError,
  InvalidArgumentValueError,
} = apigwTls;
