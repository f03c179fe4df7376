'use strict';
/**
 * apigw-tls: will Amazon API Gateway accept this HTTPS backend?
 *
 * Reproduces, byte for byte, what API Gateway's Java client (JDK 17 PKIX validation and Apache
 * HttpClient 4.5.2's hostname check) decides about a backend's certificate chain, and the
 * exact message API Gateway logs when it rejects it.
 *
 * This file only converts arguments (to the JSON-lines case format) and results (to typed
 * objects); every decision is made by the Rust core in the native addon.
 */

const { X509Certificate } = require('node:crypto');

// ---------------------------------------------------------------------------------------------
// Errors

/** Base class of every error apigw-tls throws besides argument errors. `code`: ERR_APIGW_TLS. */
class ApigwTlsError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'ApigwTlsError';
    this.code = 'ERR_APIGW_TLS';
  }
}

/**
 * The input cannot be evaluated: a certificate that is neither PEM nor DER, a bad `roots`
 * entry, a time that is not RFC 3339, an unknown TLS version. For a chain entry that is not a
 * certificate, `verdict` holds the verdict API Gateway reaches when a server presents such
 * bytes. `code`: ERR_APIGW_TLS_PARSE.
 */
class ParseError extends ApigwTlsError {
  constructor(message, verdict = null) {
    super(message);
    this.name = 'ParseError';
    this.code = 'ERR_APIGW_TLS_PARSE';
    this.verdict = verdict;
  }
}

/**
 * A live probe could not start (the URL is not https://, a `connectTo`, `nlb` or `nameserver`
 * entry is malformed). Network failures once the probe runs are in the report, not thrown.
 * `code`: ERR_APIGW_TLS_PROBE.
 */
class ProbeError extends ApigwTlsError {
  constructor(message) {
    super(message);
    this.name = 'ProbeError';
    this.code = 'ERR_APIGW_TLS_PROBE';
  }
}

/** A bug in apigw-tls (a contained Rust panic). `code`: ERR_APIGW_TLS_INTERNAL. */
class InternalError extends ApigwTlsError {
  constructor(message) {
    super(message);
    this.name = 'InternalError';
    this.code = 'ERR_APIGW_TLS_INTERNAL';
  }
}

/** An argument of the wrong type (a TypeError, `code`: ERR_INVALID_ARG_TYPE, as Node's own). */
class InvalidArgumentTypeError extends TypeError {
  constructor(message) {
    super(message);
    this.name = 'InvalidArgumentTypeError';
    this.code = 'ERR_INVALID_ARG_TYPE';
  }
}

/** An argument with a value out of range (a RangeError, `code`: ERR_INVALID_ARG_VALUE). */
class InvalidArgumentValueError extends RangeError {
  constructor(message) {
    super(message);
    this.name = 'InvalidArgumentValueError';
    this.code = 'ERR_INVALID_ARG_VALUE';
  }
}

// ---------------------------------------------------------------------------------------------
// The native addon

let native;
try {
  // native.js: a source build, else the platform package (optional dependency apigw-tls-<platform>).
  native = require('./native.js');
} catch (e) {
  if (e.code !== 'ERR_APIGW_TLS_NOT_BUILT') {
    const err = new ApigwTlsError(`apigw-tls: the native addon cannot be loaded (${e.message})`, { cause: e });
    err.code = 'ERR_APIGW_TLS_NOT_BUILT';
    throw err;
  }
  const err = new ApigwTlsError(e.message, { cause: e.cause });
  err.code = e.code;
  err.platformPackage = e.platformPackage;
  throw err;
}

/** Maps the addon's tagged errors ("probe: ...", "internal: ...") to the classes above. */
function nativeError(e) {
  const message = e && typeof e.message === 'string' ? e.message : String(e);
  if (message.startsWith('probe: ')) return new ProbeError(message.slice(7));
  if (message.startsWith('parse: ')) return new ParseError(message.slice(7));
  if (message.startsWith('internal: ')) return new InternalError(message.slice(10));
  return new InternalError(message);
}

function callNative(fn, ...args) {
  try {
    return fn(...args);
  } catch (e) {
    throw nativeError(e);
  }
}

// ---------------------------------------------------------------------------------------------
// Argument conversion

const PEM_BLOCK = /-----BEGIN [^\r\n]*?-----[\s\S]*?-----END [^\r\n]*?-----/g;

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an instance of ${(v.constructor && v.constructor.name) || 'Object'}`;
  if (typeof v === 'function') return 'a function';
  return `type ${typeof v} (${String(v).slice(0, 40)})`;
}

function derToPem(der) {
  // The core reads PEM text (the JDK's CertificateFactory accepts both); DER is wrapped
  // unchanged, so the certificate the core parses is byte for byte the one given.
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

function bytesOf(v) {
  if (Buffer.isBuffer(v)) return v;
  if (ArrayBuffer.isView(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  return null;
}

function looksLikePem(buf) {
  return buf.toString('latin1', 0, Math.min(buf.length, 64)).trimStart().startsWith('-----BEGIN');
}

function splitBundle(text) {
  const blocks = text.match(PEM_BLOCK);
  // No complete block: hand the text over as it is; the core says why it is not a certificate.
  return blocks ? blocks : [text];
}

// File names people pass by mistake as certificate text.
const CERT_SUFFIXES = ['.pem', '.crt', '.cer', '.der', '.key', '.p7b', '.ca-bundle'];

/** A string that reads as a file name rather than certificate text is refused with a hint. */
function checkNotAPath(text, where) {
  if (text.includes('-----BEGIN') || text.includes('\n') || !text.trim() || text.length > 4096) return;
  const lower = text.toLowerCase();
  let isFile = false;
  try {
    isFile = require('node:fs').statSync(text).isFile();
  } catch {
    // not a file: the suffix decides
  }
  if (isFile || CERT_SUFFIXES.some((s) => lower.endsWith(s))) {
    throw new ParseError(
      `${where} is a string that looks like a file path (${JSON.stringify(text)}), not PEM text: ` +
        `pass fs.readFileSync(${JSON.stringify(text)}) or new URL('file://...') to read the file`,
    );
  }
}

/** A `file:` URL's bytes (a URL is how Node's own APIs take a path that is not text). */
function readFileUrl(v, where) {
  if (v.protocol !== 'file:') {
    throw new InvalidArgumentValueError(`${where} must be a file: URL; received ${v.protocol} URL`);
  }
  try {
    return require('node:fs').readFileSync(v);
  } catch (e) {
    throw new ParseError(`${where}: cannot read ${v.href}: ${e.message}`);
  }
}

/** One certificate: PEM string, DER (or PEM) bytes, or a crypto.X509Certificate. */
function certificate(v, where) {
  if (v instanceof URL) v = readFileUrl(v, where);
  if (typeof v === 'string') {
    checkNotAPath(v, where);
    return v;
  }
  if (v instanceof X509Certificate) return derToPem(v.raw);
  if (v instanceof Certificate) {
    if (v.der === null) throw new InvalidArgumentValueError(`${where}: the certificate ${JSON.stringify(v.subject)} has no encoding (it was read back from JSON)`);
    return derToPem(v.der);
  }
  const b = bytesOf(v);
  if (b) return looksLikePem(b) ? b.toString('utf8') : derToPem(b);
  throw new InvalidArgumentTypeError(
    `${where} must be a PEM string, a Buffer/Uint8Array of DER or a crypto.X509Certificate; received ${describe(v)}`,
  );
}

/** A chain or trust store: an array of certificates, or one PEM bundle / DER blob. */
function certificates(v, where) {
  if (v instanceof URL) v = readFileUrl(v, where);
  if (typeof v === 'string') {
    checkNotAPath(v, where);
    return splitBundle(v);
  }
  const b = bytesOf(v);
  if (b) return looksLikePem(b) ? splitBundle(b.toString('utf8')) : [derToPem(b)];
  if (v instanceof X509Certificate || v instanceof Certificate) return [certificate(v, where)];
  if (!Array.isArray(v)) {
    throw new InvalidArgumentTypeError(
      `${where} must be an array of certificates (PEM strings, Buffers of DER or crypto.X509Certificate) or one PEM string; received ${describe(v)}`,
    );
  }
  return v.map((c, i) => certificate(c, `${where}[${i}]`));
}

function optionalString(v, where) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  throw new InvalidArgumentTypeError(`${where} must be a string; received ${describe(v)}`);
}

function boolean(v, where) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  throw new InvalidArgumentTypeError(`${where} must be a boolean; received ${describe(v)}`);
}

/** A Date or an RFC 3339 string, as RFC 3339 text; undefined = now. */
function time(v, where) {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new InvalidArgumentValueError(`${where} is an invalid Date`);
    return v.toISOString();
  }
  throw new InvalidArgumentTypeError(`${where} must be a Date or an RFC 3339 string; received ${describe(v)}`);
}

function addresses(v, where) {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    throw new InvalidArgumentTypeError(`${where} must be an array of IP address strings; received ${describe(v)}`);
  }
  return v.map((a, i) => {
    if (typeof a !== 'string') {
      throw new InvalidArgumentTypeError(`${where}[${i}] must be an IP address string; received ${describe(a)}`);
    }
    return a;
  });
}

function jsonValue(v, where) {
  if (v === undefined) return undefined;
  let text;
  try {
    text = JSON.stringify(v);
  } catch (e) {
    throw new InvalidArgumentTypeError(`${where} must be a JSON value: ${e.message}`);
  }
  if (text === undefined) throw new InvalidArgumentTypeError(`${where} must be a JSON value; received ${describe(v)}`);
  return JSON.parse(text);
}

function plainObject(v, where) {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new InvalidArgumentTypeError(`${where} must be an object; received ${describe(v)}`);
  }
  return v;
}

function checkKeys(obj, allowed, where) {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      throw new InvalidArgumentTypeError(`${where} has an unknown option ${JSON.stringify(k)} (known: ${allowed.join(', ')})`);
    }
  }
}

function put(obj, key, value) {
  if (value !== undefined) obj[key] = value;
}

const EVALUATE_OPTIONS = [
  'roots', 'trustStore', 'at', 'tlsVersion', 'integration', 'skipVerification', 'serverName', 'resolved', 'nlb', 'authType', 'id',
];

function caseFromArguments(host, chain, options) {
  if (typeof host !== 'string') {
    throw new InvalidArgumentTypeError(`host must be a string (a host name, an IP address or an https:// URL); received ${describe(host)}`);
  }
  const o = plainObject(options, 'options');
  checkKeys(o, EVALUATE_OPTIONS, 'options');
  const c = {};
  put(c, 'id', jsonValue(o.id, 'options.id'));
  c.chain = certificates(chain, 'chain');
  if (o.roots !== undefined && o.roots !== null) c.roots = certificates(o.roots, 'options.roots');
  // The integration URL itself may be given: the core takes its host as java.net.URI does.
  c[host.includes('://') ? 'url' : 'host'] = host;
  put(c, 'time', time(o.at, 'options.at'));
  put(c, 'tls_version', optionalString(o.tlsVersion, 'options.tlsVersion'));
  put(c, 'auth_type', optionalString(o.authType, 'options.authType'));
  put(c, 'skip_verification', boolean(o.skipVerification, 'options.skipVerification'));
  put(c, 'server_name_to_verify', optionalString(o.serverName, 'options.serverName'));
  put(c, 'integration', optionalString(o.integration, 'options.integration'));
  put(c, 'resolved', addresses(o.resolved, 'options.resolved'));
  put(c, 'nlb_addresses', addresses(o.nlb, 'options.nlb'));
  return c;
}

// Keys of a case object: the JSON-lines case format, plus evaluate()'s option names.
const CASE_KEYS = {
  id: 'id', chain: 'chain', roots: 'roots', host: 'host', url: 'url',
  time: 'time', at: 'time',
  tls_version: 'tls_version', tlsVersion: 'tls_version',
  auth_type: 'auth_type', authType: 'auth_type',
  skip_verification: 'skip_verification', skipVerification: 'skip_verification',
  server_name_to_verify: 'server_name_to_verify', serverName: 'server_name_to_verify', serverNameToVerify: 'server_name_to_verify',
  integration: 'integration',
  resolved: 'resolved',
  nlb_addresses: 'nlb_addresses', nlb: 'nlb_addresses', nlbAddresses: 'nlb_addresses',
};

function caseFromObject(v, where) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    throw new InvalidArgumentTypeError(`${where} must be an object (a case in the JSON-lines case format); received ${describe(v)}`);
  }
  const items = {};
  for (const [k, value] of Object.entries(v)) {
    const name = Object.prototype.hasOwnProperty.call(CASE_KEYS, k) ? CASE_KEYS[k] : undefined;
    if (name === undefined) continue; // other keys are ignored, like "desc" in the corpus files
    if (Object.prototype.hasOwnProperty.call(items, name)) {
      throw new InvalidArgumentTypeError(`${where} gives ${JSON.stringify(name)} twice (as ${JSON.stringify(k)} and under another name)`);
    }
    items[name] = value;
  }
  const w = (k) => `${where}.${k}`;
  const c = {};
  put(c, 'id', jsonValue(items.id, w('id')));
  if (items.chain !== undefined && items.chain !== null) c.chain = certificates(items.chain, w('chain'));
  if (items.roots !== undefined && items.roots !== null) c.roots = certificates(items.roots, w('roots'));
  for (const k of ['host', 'url', 'tls_version', 'auth_type', 'server_name_to_verify', 'integration']) {
    put(c, k, optionalString(items[k], w(k)));
  }
  put(c, 'time', time(items.time, w('time')));
  put(c, 'skip_verification', boolean(items.skip_verification, w('skip_verification')));
  put(c, 'resolved', addresses(items.resolved, w('resolved')));
  put(c, 'nlb_addresses', addresses(items.nlb_addresses, w('nlb_addresses')));
  return c;
}

// ---------------------------------------------------------------------------------------------
// Results

const RAW = Symbol('apigw-tls raw JSON');

function attachRaw(obj, data) {
  Object.defineProperty(obj, RAW, { value: data, enumerable: false });
}

function nullable(v) {
  return v === undefined ? null : v;
}

/** A certificate a rule or finding refers to. */
class CertificateRef {
  constructor(data) {
    attachRaw(this, data);
    /** "presented" (a certificate of the chain as given) or "anchor" (a trust-store certificate). */
    this.origin = nullable(data.from);
    /** Position in the chain (0 = leaf) or in the trust store. */
    this.index = nullable(data.index);
    /** The subject as Java's X500Principal.toString() prints it. */
    this.subject = nullable(data.subject);
  }
  /** The core's JSON object. */
  toJSON() {
    return structuredClone(this[RAW]);
  }
}

function certificateRef(v) {
  return v && typeof v === 'object' && !Array.isArray(v) ? new CertificateRef(v) : nullable(v);
}

/** The rule that decided a rejection. */
class Rule {
  constructor(data) {
    attachRaw(this, data);
    this.stage = nullable(data.stage);
    this.code = nullable(data.code);
    this.certificate = certificateRef(data.certificate);
    this.detail = nullable(data.detail);
  }
  /** The core's JSON object. */
  toJSON() {
    return structuredClone(this[RAW]);
  }
}

/** Something worth telling about a verdict, in plain language, with the fix. */
class Finding {
  constructor(data) {
    attachRaw(this, data);
    this.code = nullable(data.code);
    this.severity = nullable(data.severity);
    /** "gateway_message", "next_failure" or "apigw_tls" (our own check). */
    this.source = nullable(data.source);
    this.title = nullable(data.title);
    this.explanation = nullable(data.explanation);
    this.fix = nullable(data.fix);
    this.certificate = certificateRef(data.certificate);
  }
  /** The core's JSON object. */
  toJSON() {
    return structuredClone(this[RAW]);
  }
}

/**
 * A certificate of a trust store or of a validated path: `subject` (as Java prints it), `der`
 * (a Buffer; null only for a path read back with `Verdict.fromJSON`, whose JSON has subjects
 * only), `aliases` (API Gateway's published aliases, for bundled CAs), `pem`, `sha256`.
 */
class Certificate {
  constructor(subject, der = null, aliases = []) {
    this.subject = subject;
    this.der = der === null || der === undefined ? null : Buffer.from(der);
    this.aliases = Array.from(aliases);
    Object.freeze(this.aliases);
  }
  /** The certificate as one PEM block (null without `der`). */
  get pem() {
    return this.der === null ? null : derToPem(this.der);
  }
  /** SHA-256 of the encoding, lowercase hex (null without `der`). */
  get sha256() {
    return this.der === null ? null : require('node:crypto').createHash('sha256').update(this.der).digest('hex');
  }
  /** The certificate as a `crypto.X509Certificate`. */
  toX509() {
    if (this.der === null) throw new InvalidArgumentValueError(`no encoding for ${JSON.stringify(this.subject)} (read back from JSON)`);
    return new X509Certificate(this.der);
  }
  /** The subject. */
  toString() {
    return this.subject;
  }
  /** The subject (as in the verdict's JSON). */
  toJSON() {
    return this.subject;
  }
}

function objects(list, Cls) {
  return Array.isArray(list) ? list.filter((x) => x && typeof x === 'object').map((x) => new Cls(x)) : [];
}

/**
 * API Gateway's verdict on one case. Properties are the camelCase names of the fields of the
 * JSON `apigw-tls batch` prints (absent there = null here; negotiationOk absent = true);
 * `toJSON()` (and so JSON.stringify) gives that JSON exactly.
 */
class Verdict {
  constructor(data, pathDer = null) {
    attachRaw(this, data);
    this.id = nullable(data.id);
    this.accepted = data.accepted === true;
    this.gatewayMessage = nullable(data.gateway_message);
    this.trusted = nullable(data.trusted);
    this.trustError = nullable(data.trust_error);
    const subjects = data.validated_path;
    if (Array.isArray(subjects)) {
      const ders = Array.isArray(pathDer) && pathDer.length === subjects.length ? pathDer : subjects.map(() => null);
      /** The validated path as Certificate objects, leaf first, up to the trust anchor. */
      this.validatedPath = subjects.map((s, i) => new Certificate(s, ders[i]));
    } else {
      this.validatedPath = null;
    }
    this.authType = nullable(data.auth_type);
    this.hostnameOk = nullable(data.hostname_ok);
    this.hostnameError = nullable(data.hostname_error);
    this.hostnamePeerError = nullable(data.hostname_peer_error);
    this.verifiedHost = nullable(data.verified_host);
    this.negotiationOk = data.negotiation_ok !== false;
    this.negotiationError = nullable(data.negotiation_error);
    this.serverDependentWarning = nullable(data.server_dependent_warning);
    this.skipVerificationModel = nullable(data.skip_verification_model);
    this.rule = data.rule && typeof data.rule === 'object' ? new Rule(data.rule) : null;
    this.route = nullable(data.route);
    this.findings = objects(data.findings, Finding);
    this.error = nullable(data.error);
  }
  /** The core's JSON object (the `apigw-tls batch` line). */
  toJSON() {
    return structuredClone(this[RAW]);
  }
  /**
   * One line for logs: `ACCEPTED`, `REJECTED [stage/code]: <the message API Gateway logs>` or
   * `ERROR: <why the case could not be evaluated>`.
   */
  toString() {
    if (this.error !== null) return `ERROR: ${this.error}`;
    if (this.accepted) return 'ACCEPTED';
    const rule = this.rule ? ` [${this.rule.stage}/${this.rule.code}]` : '';
    return `REJECTED${rule}: ${this.gatewayMessage}`;
  }
  /** The verdict for the JSON `toJSON()` (or `apigw-tls batch`, or `check --json`) gives: an object or its text. */
  static fromJSON(json) {
    const data = typeof json === 'string' ? JSON.parse(json) : structuredClone(json);
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new InvalidArgumentTypeError(`Verdict.fromJSON needs a JSON object or its text; received ${describe(data)}`);
    }
    return new Verdict(data);
  }
}

/** What the network side of a probe found (DNS, addresses, connections). */
class ProbeFinding {
  constructor(data) {
    attachRaw(this, data);
    this.code = nullable(data.code);
    this.severity = nullable(data.severity);
    this.message = nullable(data.message);
    this.fix = nullable(data.fix);
    this.address = nullable(data.address);
  }
  /** The core's JSON object. */
  toJSON() {
    return structuredClone(this[RAW]);
  }
}

/** One address a probe connected to. */
class Connection {
  constructor(data) {
    attachRaw(this, data);
    this.address = nullable(data.address);
    this.sni = nullable(data.sni);
    this.tlsVersion = nullable(data.tls_version);
    this.chainPem = Array.isArray(data.chain_pem) ? data.chain_pem.slice() : [];
    this.handshakeComplete = data.handshake_complete === true;
    this.error = nullable(data.error);
    this.elapsedMs = nullable(data.elapsed_ms);
    this.verdict = data.verdict && typeof data.verdict === 'object' ? new Verdict(data.verdict) : null;
  }
  /** The core's JSON object. */
  toJSON() {
    return structuredClone(this[RAW]);
  }
}

/** Everything one live probe saw and decided. */
class ProbeReport {
  constructor(data) {
    attachRaw(this, data);
    this.id = nullable(data.id);
    /** "accepted", "rejected" or "no_chain". */
    this.outcome = nullable(data.outcome);
    this.accepted = data.outcome === 'accepted';
    this.verdict = data.verdict && typeof data.verdict === 'object' ? new Verdict(data.verdict) : null;
    this.verifiedName = nullable(data.verified_name);
    this.sni = nullable(data.sni);
    this.connections = objects(data.connections, Connection);
    this.findings = objects(data.findings, ProbeFinding);
    this.elapsedMs = nullable(data.elapsed_ms);
  }
  /** The core's JSON object. */
  toJSON() {
    return structuredClone(this[RAW]);
  }
  /** One line for logs: the outcome, the name verified and the deciding verdict. */
  toString() {
    const tail = this.verdict && !this.verdict.accepted ? `: ${this.verdict}` : '';
    return `${String(this.outcome).toUpperCase()} ${this.verifiedName}${tail}`;
  }
  /** The report for its JSON (an object or its text). */
  static fromJSON(json) {
    return new ProbeReport(typeof json === 'string' ? JSON.parse(json) : structuredClone(json));
  }
}

// ---------------------------------------------------------------------------------------------
// Trust stores and evaluators

/**
 * A trust store parsed once: API Gateway's bundled CAs, optionally plus your own
 * (`TrustStore.bundled(extra)`, as the CLI's `--ca`), or only given CAs
 * (`TrustStore.fromCertificates(certs)`, as `roots` and `--ca-only`). Immutable; give it to an
 * `Evaluator` (or to `evaluate` as `trustStore`) to evaluate many chains against it.
 */
class TrustStore {
  constructor(certs = [], options) {
    const o = plainObject(options, 'options');
    checkKeys(o, ['bundled'], 'options');
    const bundled = o.bundled === undefined ? false : boolean(o.bundled, 'options.bundled');
    const entries = certificates(certs, 'certificates');
    this[NATIVE] = callNative(() => new native.NativeStore(entries, bundled));
    this.bundled = bundled;
    Object.freeze(this);
  }
  /** API Gateway's bundled CAs plus `extra` (e.g. your private root CA). */
  static bundled(extra = []) {
    return new TrustStore(extra, { bundled: true });
  }
  /** Only `certs` (replacing API Gateway's CAs). */
  static fromCertificates(certs) {
    return new TrustStore(certs, { bundled: false });
  }
  /** The number of certificates. */
  get size() {
    return this[NATIVE].size;
  }
  /** Every certificate, in store order. */
  certificates() {
    return this[NATIVE].certificates().map((c) => new Certificate(c.subject, c.der, c.aliases));
  }
  /** The store as one PEM bundle. */
  pem() {
    return this.certificates().map((c) => c.pem).join('');
  }
  [Symbol.iterator]() {
    return this.certificates()[Symbol.iterator]();
  }
  toString() {
    return `TrustStore(${this.size} certificates${this.bundled ? ", API Gateway's CAs and given ones" : ', given CAs only'})`;
  }
}

const NATIVE = Symbol('apigw-tls native store');
let bundledStore = null;

function defaultStore() {
  if (bundledStore === null) bundledStore = TrustStore.bundled();
  return bundledStore;
}

/**
 * API Gateway's bundled CAs (the trust store used when none is given), in store order.
 *
 * @param {{format?: 'certificate'|'pem'|'der'|'x509'}} [options] `certificate` (default:
 *   Certificate objects), `pem` (strings), `der` (Buffers) or `x509` (crypto.X509Certificate)
 */
function defaultTrustStore(options) {
  const o = plainObject(options, 'options');
  checkKeys(o, ['format'], 'options');
  const format = o.format === undefined ? 'certificate' : o.format;
  const certs = defaultStore().certificates();
  switch (format) {
    case 'certificate': return certs;
    case 'pem': return certs.map((c) => c.pem);
    case 'der': return certs.map((c) => c.der);
    case 'x509': return certs.map((c) => c.toX509());
    default:
      throw new InvalidArgumentValueError(`options.format must be "certificate", "pem", "der" or "x509"; received ${describe(format)}`);
  }
}

/**
 * Evaluates chains against one TrustStore, built once and reused (default: API Gateway's CAs).
 * A case's own `roots` (in evaluateMany) still replace the store for that case.
 */
class Evaluator {
  constructor(trustStore) {
    if (trustStore !== undefined && trustStore !== null && !(trustStore instanceof TrustStore)) {
      throw new InvalidArgumentTypeError(`trustStore must be a TrustStore; received ${describe(trustStore)}`);
    }
    this.trustStore = trustStore || defaultStore();
    Object.freeze(this);
  }
  /** `evaluate` against this evaluator's store (the same options, minus roots and trustStore). */
  evaluate(host, chain, options) {
    const o = plainObject(options, 'options');
    for (const k of ['roots', 'trustStore']) {
      if (o[k] !== undefined && o[k] !== null) throw new InvalidArgumentTypeError(`options.${k} is not an option of Evaluator.evaluate (the evaluator has its store)`);
    }
    return evaluateWith(this.trustStore[NATIVE], caseFromArguments(host, chain, o));
  }
  /** `evaluateMany` against this evaluator's store. */
  evaluateMany(cases, options) {
    return evaluateManyWith(this.trustStore[NATIVE], cases, options);
  }
  /** `probe` against this evaluator's store. */
  probe(url, options) {
    return probeWith(this.trustStore[NATIVE], url, options);
  }
}

// ---------------------------------------------------------------------------------------------
// The API

// The core's message for a contained panic (Verdict::input_error in evaluate_contained).
const INTERNAL_PREFIX = 'internal error';

/**
 * API Gateway's verdict on the chain `chain` presented for `host` (synchronous: one case takes
 * about a millisecond).
 *
 * @param {string} host the integration URL's host (name or IP address), or the URL itself
 * @param {Array<string|Buffer|Uint8Array|X509Certificate>|string|Buffer} chain leaf first
 * @param {object} [options] roots, at, tlsVersion, integration, skipVerification, serverName,
 *   resolved, nlb, authType, id (see index.d.ts)
 * @returns {Verdict}
 */
function evaluate(host, chain, options) {
  const o = plainObject(options, 'options');
  if (o.trustStore !== undefined && o.trustStore !== null) {
    if (!(o.trustStore instanceof TrustStore)) {
      throw new InvalidArgumentTypeError(`options.trustStore must be a TrustStore; received ${describe(o.trustStore)}`);
    }
    if (o.roots !== undefined && o.roots !== null) {
      throw new InvalidArgumentTypeError('give options.roots (only these CAs) or options.trustStore, not both');
    }
    const { trustStore, ...rest } = o;
    return evaluateWith(trustStore[NATIVE], caseFromArguments(host, chain, rest));
  }
  const { trustStore: _unused, ...rest } = o;
  return evaluateWith(native, caseFromArguments(host, chain, rest));
}

/** One case through `target` (the addon, or a NativeStore): the verdict, or the error its input calls for. */
function evaluateWith(target, c) {
  const out = callNative(() => target.evaluateJson(JSON.stringify(c)));
  const verdict = new Verdict(JSON.parse(out.verdict), out.pathDer);
  if (verdict.error !== null) {
    if (verdict.error.startsWith(INTERNAL_PREFIX)) throw new InternalError(verdict.error);
    throw new ParseError(verdict.error);
  }
  if (out.chainError !== null && out.chainError !== undefined) {
    // Not even PEM text: no server sends that, so it is the caller's mistake. The verdict (the
    // JDK's "Failed to parse server certificates") comes with the error.
    throw new ParseError(out.chainError, verdict);
  }
  return verdict;
}

function threadsOption(options) {
  const o = plainObject(options, 'options');
  checkKeys(o, ['threads'], 'options');
  if (o.threads === undefined || o.threads === null) return 0;
  if (typeof o.threads !== 'number' || !Number.isInteger(o.threads)) {
    throw new InvalidArgumentTypeError(`options.threads must be an integer; received ${describe(o.threads)}`);
  }
  if (o.threads < 1) throw new InvalidArgumentValueError(`options.threads must be at least 1 (omit it for one per core); received ${o.threads}`);
  return Math.min(o.threads, 1024);
}

/**
 * Evaluates many cases in parallel on worker threads; resolves to the verdicts in input order.
 * Each case is an object in the JSON-lines case format (snake_case keys as in the corpus
 * files; evaluate()'s option names are accepted too). Like `apigw-tls batch`, a case that
 * cannot be evaluated does not reject: its verdict has `error` set.
 *
 * @param {Iterable<object>} cases
 * @param {{threads?: number}} [options] threads: worker threads (default one per core)
 * @returns {Promise<Verdict[]>}
 */
async function evaluateMany(cases, options) {
  return evaluateManyWith(native, cases, options);
}

async function evaluateManyWith(target, cases, options) {
  const threads = threadsOption(options);
  if (cases === null || typeof cases !== 'object' || typeof cases[Symbol.iterator] !== 'function') {
    throw new InvalidArgumentTypeError(`cases must be an array (or iterable) of case objects; received ${describe(cases)}`);
  }
  const lines = Array.from(cases, (c, i) => JSON.stringify(caseFromObject(c, `cases[${i}]`)));
  let out;
  try {
    out = await target.evaluateManyJson(lines, threads);
  } catch (e) {
    throw nativeError(e);
  }
  return out.map((o) => new Verdict(JSON.parse(o.verdict), o.pathDer));
}

const PROBE_OPTIONS = [
  'signal', 'serverName', 'integration', 'nlb', 'connectTo', 'skipVerification', 'roots', 'at', 'timeout', 'maxAddresses', 'nameserver', 'id',
];

function probeRequest(url, options) {
  if (typeof url !== 'string') {
    throw new InvalidArgumentTypeError(`url must be a string such as "https://api.example.com/"; received ${describe(url)}`);
  }
  const o = plainObject(options, 'options');
  checkKeys(o, PROBE_OPTIONS, 'options');
  const c = { url };
  put(c, 'id', jsonValue(o.id, 'options.id'));
  put(c, 'server_name_to_verify', optionalString(o.serverName, 'options.serverName'));
  put(c, 'integration', optionalString(o.integration, 'options.integration'));
  put(c, 'nlb_addresses', addresses(o.nlb, 'options.nlb'));
  put(c, 'skip_verification', boolean(o.skipVerification, 'options.skipVerification'));
  if (o.roots !== undefined && o.roots !== null) c.roots = certificates(o.roots, 'options.roots');
  put(c, 'time', time(o.at, 'options.at'));
  const request = { case: c };
  if (o.connectTo !== undefined && o.connectTo !== null) {
    const list = typeof o.connectTo === 'string' ? [o.connectTo] : o.connectTo;
    if (!Array.isArray(list)) {
      throw new InvalidArgumentTypeError(`options.connectTo must be a string "HOST:PORT:ADDR:PORT" or an array of them; received ${describe(o.connectTo)}`);
    }
    request.connect_to = list.map((s, i) => {
      if (typeof s !== 'string') throw new InvalidArgumentTypeError(`options.connectTo[${i}] must be a string; received ${describe(s)}`);
      return s;
    });
  }
  const timeout = o.timeout === undefined || o.timeout === null ? 5000 : o.timeout;
  if (typeof timeout !== 'number') throw new InvalidArgumentTypeError(`options.timeout must be a number of milliseconds; received ${describe(timeout)}`);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 3600000) {
    throw new InvalidArgumentValueError(`options.timeout must be more than 0 and at most 3600000 ms; received ${timeout}`);
  }
  request.timeout_ms = Math.max(1, Math.round(timeout));
  const max = o.maxAddresses === undefined || o.maxAddresses === null ? 8 : o.maxAddresses;
  if (typeof max !== 'number' || !Number.isInteger(max)) {
    throw new InvalidArgumentTypeError(`options.maxAddresses must be an integer; received ${describe(max)}`);
  }
  if (max < 1 || max > 64) throw new InvalidArgumentValueError(`options.maxAddresses must be between 1 and 64; received ${max}`);
  request.max_addresses = max;
  put(request, 'nameserver', optionalString(o.nameserver, 'options.nameserver'));
  return request;
}

/**
 * Connects to a live backend the way API Gateway would and evaluates what it presents: resolves
 * the URL's host, connects to every address with a ClientHello shaped like the JDK 17 client's,
 * captures each chain and evaluates it. Sends no HTTP request. Runs on a worker thread.
 * Network failures (DNS, refused, timeouts) are in the report, not rejections.
 *
 * @param {string} url the integration URL, https://HOST[:PORT]/PATH
 * @param {object} [options] serverName, integration, nlb, connectTo, skipVerification, roots,
 *   at, timeout (ms per step, default 5000), maxAddresses (default 8), nameserver, id
 * @returns {Promise<ProbeReport>}
 */
async function probe(url, options) {
  return probeWith(native, url, options);
}

/** An `AbortSignal` option (checked structurally, so any spec-conforming signal works). */
function signalOption(v) {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || typeof v.aborted !== 'boolean' || typeof v.addEventListener !== 'function') {
    throw new InvalidArgumentTypeError(`options.signal must be an AbortSignal; received ${describe(v)}`);
  }
  return v;
}

function abortReason(signal) {
  if (signal.reason !== undefined) return signal.reason;
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  e.code = 'ABORT_ERR';
  return e;
}

async function probeWith(target, url, options) {
  const o = plainObject(options, 'options');
  const signal = signalOption(o.signal);
  const request = probeRequest(url, o);
  if (signal && signal.aborted) throw abortReason(signal);
  let pending;
  try {
    pending = target.probeJson(JSON.stringify(request));
  } catch (e) {
    throw nativeError(e);
  }
  let text;
  if (signal) {
    // The probe on the worker thread ends within its own timeouts; the caller stops waiting now.
    let onAbort;
    const aborted = new Promise((_, reject) => {
      onAbort = () => reject(abortReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    pending.catch(() => {}); // a rejection after the abort is nobody's business
    try {
      text = await Promise.race([pending, aborted]);
    } catch (e) {
      if (signal.aborted) throw e;
      throw nativeError(e);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  } else {
    try {
      text = await pending;
    } catch (e) {
      throw nativeError(e);
    }
  }
  return new ProbeReport(JSON.parse(text));
}

/** The package version (the core crate's version it was built from). */
const version = callNative(native.coreVersion);

module.exports = {
  evaluate,
  evaluateMany,
  probe,
  defaultTrustStore,
  version,
  TrustStore,
  Evaluator,
  Certificate,
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
};
// `import apigw from 'apigw-tls'` (index.mjs) and TypeScript's default import under CommonJS
// interop both find the whole API here.
module.exports.default = module.exports;
