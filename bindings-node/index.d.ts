/**
 * apigw-tls: will Amazon API Gateway accept this HTTPS backend?
 *
 * Reproduces, byte for byte, what API Gateway's Java client (JDK 17 PKIX validation and Apache
 * HttpClient 4.5.2's hostname check) decides about a backend's certificate chain, and the exact
 * message API Gateway logs when it rejects it.
 */

// These typings stand alone: they need neither @types/node nor the DOM library. Node's own
// types fit the structural ones below (a Buffer is a Uint8Array, a crypto.X509Certificate has
// `raw`, an AbortSignal has `aborted` and `addEventListener`).

/** What the package reads of a `crypto.X509Certificate`. */
export interface X509CertificateLike {
  readonly raw: Uint8Array;
}
/** What the package reads of an `AbortSignal`. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * One certificate: PEM text, DER (or PEM) bytes (a Buffer is a Uint8Array), a
 * `crypto.X509Certificate`, a {@link Certificate} of a store or a path, or a `file:` URL. A
 * string is certificate text, never a file name (one that looks like a path is refused).
 */
export type CertificateInput = string | Uint8Array | ArrayBuffer | X509CertificateLike | Certificate | FileUrl;
/** A `file:` URL (`new URL('file:///etc/ssl/chain.pem')`, `pathToFileURL(path)`): the file is read. */
export interface FileUrl {
  readonly protocol: string;
  readonly href: string;
  readonly pathname: string;
}
/** Certificates: an array of {@link CertificateInput}, one of them, or one PEM bundle / DER blob. */
export type CertificatesInput = readonly CertificateInput[] | CertificateInput;
/** Any JSON value (echoed as `id`). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** The integration kinds. */
export type IntegrationKind = 'rest-http' | 'rest-vpc-link' | 'http-api-private';
/** The TLS versions the handshake may negotiate. */
export type TlsVersion = '1.2' | '1.3';
/** How serious a finding is. */
export type Severity = 'error' | 'warning' | 'info';
/** Which step of API Gateway's client decided a rejection. */
export type Stage = 'input' | 'negotiation' | 'trust' | 'end_entity' | 'skip_verification' | 'hostname';
/** Where a finding comes from: the message API Gateway logs, the next one, or our own check. */
export type Source = 'gateway_message' | 'next_failure' | 'apigw_tls';
/** Where a referenced certificate comes from. */
export type Origin = 'presented' | 'anchor';
/** How the trust decision was reached. */
export type Route = 'trusted_leaf' | 'trusted_in_chain' | 'as_presented' | 'builder';
/** A live probe's overall result. */
export type Outcome = 'accepted' | 'rejected' | 'some_addresses_failed' | 'no_chain';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Only these CAs as the trust store; absent = API Gateway's bundled CAs. */
  roots?: CertificatesInput | null;
  /** A TrustStore built once (e.g. `TrustStore.bundled(privateRoot)`); not with `roots`. */
  trustStore?: TrustStore | null;
  /** The validation time (a Date or RFC 3339 text); absent = now. */
  at?: Date | string | null;
  /** The TLS version the handshake negotiates (default "1.3"). */
  tlsVersion?: TlsVersion | null;
  /** How API Gateway reaches the backend. */
  integration?: IntegrationKind | null;
  /** REST `tlsConfig.insecureSkipVerification`. */
  skipVerification?: boolean | null;
  /** HTTP API `tlsConfig.serverNameToVerify` (verified instead of the host). */
  serverName?: string | null;
  /** The addresses the host resolves to (as API Gateway sees them). */
  resolved?: string[] | null;
  /** The NLB's addresses (private integrations). */
  nlb?: string[] | null;
  /** The key-exchange auth type JSSE passes to the trust manager (derived when absent). */
  authType?: string | null;
  /** Echoed as the verdict's `id`. */
  id?: JsonValue;
}

/**
 * A case of {@link evaluateMany}: the JSON-lines case format (snake_case, as in the corpus
 * files); {@link EvaluateOptions}' names are accepted too. Other keys are ignored.
 */
export interface CaseInput {
  id?: JsonValue;
  chain?: CertificatesInput;
  roots?: CertificatesInput | null;
  host?: string;
  url?: string;
  time?: Date | string;
  at?: Date | string;
  tls_version?: string;
  tlsVersion?: string;
  auth_type?: string;
  authType?: string;
  skip_verification?: boolean;
  skipVerification?: boolean;
  server_name_to_verify?: string;
  serverName?: string;
  serverNameToVerify?: string;
  integration?: string;
  resolved?: string[];
  nlb_addresses?: string[];
  nlb?: string[];
  nlbAddresses?: string[];
  [other: string]: unknown;
}

/** Options of {@link evaluateMany}. */
export interface EvaluateManyOptions {
  /** Worker threads (default: one per core). */
  threads?: number;
}

/** Options of {@link probe}. */
export interface ProbeOptions {
  /** Stop waiting when this signal aborts (the promise rejects with its reason). */
  signal?: AbortSignalLike | null;
  /** HTTP API `tlsConfig.serverNameToVerify` (sent as SNI and verified). */
  serverName?: string | null;
  /** How API Gateway reaches the backend. */
  integration?: IntegrationKind | null;
  /** The NLB's addresses (private integrations), for the address findings. */
  nlb?: string[] | null;
  /** `HOST:PORT:ADDR:PORT` overrides (curl's `--connect-to`). */
  connectTo?: string | string[] | null;
  /** REST `tlsConfig.insecureSkipVerification`. */
  skipVerification?: boolean | null;
  /** The trust store; absent = API Gateway's bundled CAs. */
  roots?: CertificatesInput | null;
  /** The validation time; absent = now. */
  at?: Date | string | null;
  /** Milliseconds allowed for each step: DNS lookup, TCP connect, TLS handshake (default 5000). */
  timeout?: number;
  /** At most this many addresses are probed (default 8). */
  maxAddresses?: number;
  /** `ADDR[:PORT]` of the DNS server to ask; absent = the system's resolver. */
  nameserver?: string | null;
  /** Echoed in the report. */
  id?: JsonValue;
}

/** A certificate a rule or finding refers to. */
export declare class CertificateRef {
  /** "presented" (a certificate of the chain as given) or "anchor" (a trust-store certificate). */
  readonly origin: Origin | null;
  /** Position in the chain (0 = leaf) or in the trust store. */
  readonly index: number | null;
  /** The subject as Java's `X500Principal.toString()` prints it. */
  readonly subject: string | null;
  /** The core's JSON object. */
  toJSON(): { from: string; index: number; subject: string };
}

/** The rule that decided a rejection. */
export declare class Rule {
  /** "input", "negotiation", "trust", "end_entity", "skip_verification" or "hostname". */
  readonly stage: Stage;
  /** A stable machine-readable code, e.g. "no_path_found", "hostname_mismatch". */
  readonly code: string;
  /** The certificate the rule looked at. */
  readonly certificate: CertificateRef | null;
  /** Extra explanation. */
  readonly detail: string | null;
  /** The core's JSON object. */
  toJSON(): Record<string, JsonValue>;
}

/** Something worth telling about a verdict, in plain language, with the fix. */
export declare class Finding {
  readonly code: string;
  readonly severity: Severity;
  /**
   * "gateway_message" (it explains the message API Gateway logs), "next_failure" (what API
   * Gateway reports once that is fixed) or "apigw_tls" (our own check).
   */
  readonly source: Source;
  readonly title: string;
  readonly explanation: string;
  readonly fix: string | null;
  readonly certificate: CertificateRef | null;
  /** The core's JSON object. */
  toJSON(): Record<string, JsonValue>;
}

/** The JSON of a verdict, exactly as `apigw-tls batch` prints it. */
export interface VerdictJson {
  id?: JsonValue;
  trusted: boolean | null;
  trust_error: string | null;
  validated_path?: string[];
  auth_type?: string;
  hostname_ok: boolean | null;
  hostname_error: string | null;
  hostname_peer_error: string | null;
  verified_host?: string;
  negotiation_ok: boolean;
  negotiation_error?: string;
  server_dependent_warning?: string;
  gateway_message: string | null;
  skip_verification_model?: string;
  accepted: boolean;
  rule?: Record<string, JsonValue>;
  route?: string;
  findings?: Array<Record<string, JsonValue>>;
  error?: string;
  [other: string]: JsonValue | undefined;
}

/**
 * API Gateway's verdict on one case. Properties are the camelCase names of the JSON fields
 * (absent there = null here; `negotiationOk` absent = true); `JSON.stringify(verdict)` gives
 * the JSON `apigw-tls batch` prints.
 */
export declare class Verdict {
  readonly id: JsonValue;
  /** True when API Gateway accepts the backend. */
  readonly accepted: boolean;
  /** What API Gateway logs ("Execution failed due to configuration error: ..."); null = accepted. */
  readonly gatewayMessage: string | null;
  /** The PKIX trust decision (null when it did not run). */
  readonly trusted: boolean | null;
  /** The Java exception message of the trust failure. */
  readonly trustError: string | null;
  /** The validated path as certificates, leaf first, up to the trust anchor (JSON: subjects). */
  readonly validatedPath: Certificate[] | null;
  /** The key-exchange auth type given to the trust manager. */
  readonly authType: string | null;
  /** HttpClient 4.5.2's hostname decision. */
  readonly hostnameOk: boolean | null;
  /** HttpClient's own message for a mismatch. */
  readonly hostnameError: string | null;
  /** The SSLPeerUnverifiedException message API Gateway logs. */
  readonly hostnamePeerError: string | null;
  /** The host as HttpClient verifies it, when it differs from the input. */
  readonly verifiedHost: string | null;
  /** False when the handshake fails before validation. */
  readonly negotiationOk: boolean;
  readonly negotiationError: string | null;
  /** Set when the server itself may abort the handshake. */
  readonly serverDependentWarning: string | null;
  /** Set under insecureSkipVerification. */
  readonly skipVerificationModel: string | null;
  /** The rule that rejected the backend. */
  readonly rule: Rule | null;
  /** How the trust decision was reached ("trusted_leaf", "trusted_in_chain", "as_presented", "builder"). */
  readonly route: Route | null;
  /** Plain-language findings (empty when there are none). */
  readonly findings: Finding[];
  /** Why the case could not be evaluated (only in {@link evaluateMany} results). */
  readonly error: string | null;
  /** The core's JSON object (the `apigw-tls batch` line). */
  toJSON(): VerdictJson;
  /** `ACCEPTED`, `REJECTED [stage/code]: <message>` or `ERROR: <why>`. */
  toString(): string;
  /** The verdict for its JSON (an object or its text): `Verdict.fromJSON(v.toJSON())`. */
  static fromJSON(json: VerdictJson | string): Verdict;
}

/** A certificate of a trust store or of a validated path. */
export declare class Certificate {
  /** The subject as Java's `X500Principal.toString()` prints it. */
  readonly subject: string;
  /** The encoding (a Buffer); null only for a path read back with `Verdict.fromJSON`. */
  readonly der: Uint8Array | null;
  /** The aliases API Gateway's published CA list gives it (bundled CAs). */
  readonly aliases: readonly string[];
  /** One PEM block (null without `der`). */
  readonly pem: string | null;
  /** SHA-256 of the encoding, lowercase hex (null without `der`). */
  readonly sha256: string | null;
  /** The certificate as a `crypto.X509Certificate`. */
  toX509(): X509CertificateLike & { readonly subject: string };
  /** The subject. */
  toString(): string;
  /** The subject. */
  toJSON(): string;
}

/**
 * A trust store parsed once: API Gateway's bundled CAs plus your own
 * (`TrustStore.bundled(extra)`), or only given CAs (`TrustStore.fromCertificates(certs)`).
 */
export declare class TrustStore implements Iterable<Certificate> {
  constructor(certificates?: CertificatesInput, options?: { bundled?: boolean });
  /** API Gateway's bundled CAs plus `extra`. */
  static bundled(extra?: CertificatesInput): TrustStore;
  /** Only `certificates`. */
  static fromCertificates(certificates: CertificatesInput): TrustStore;
  /** True when API Gateway's CAs are included. */
  readonly bundled: boolean;
  /** The number of certificates. */
  readonly size: number;
  /** Every certificate, in store order. */
  certificates(): Certificate[];
  /** The store as one PEM bundle. */
  pem(): string;
  [Symbol.iterator](): Iterator<Certificate>;
}

/** Evaluates chains against one {@link TrustStore}, built once and reused. */
export declare class Evaluator {
  /** `trustStore` absent = API Gateway's bundled CAs. */
  constructor(trustStore?: TrustStore | null);
  readonly trustStore: TrustStore;
  /** {@link evaluate} against this store. */
  evaluate(host: string, chain: CertificatesInput, options?: Omit<EvaluateOptions, 'roots' | 'trustStore'>): Verdict;
  /** {@link evaluateMany} against this store. */
  evaluateMany(cases: Iterable<CaseInput>, options?: EvaluateManyOptions): Promise<Verdict[]>;
  /** {@link probe} against this store. */
  probe(url: string, options?: ProbeOptions): Promise<ProbeReport>;
}

/** The formats {@link defaultTrustStore} returns. */
export interface DefaultTrustStoreFormats {
  certificate: Certificate;
  pem: string;
  der: Uint8Array;
  x509: X509CertificateLike & { readonly subject: string };
}

/** API Gateway's bundled CAs (the trust store used when none is given), in store order. */
export declare function defaultTrustStore(): Certificate[];
export declare function defaultTrustStore<F extends keyof DefaultTrustStoreFormats>(options: { format: F }): Array<DefaultTrustStoreFormats[F]>;

/** What the network side of a probe found. */
export declare class ProbeFinding {
  readonly code: string | null;
  readonly severity: Severity;
  readonly message: string | null;
  readonly fix: string | null;
  readonly address: string | null;
  toJSON(): Record<string, JsonValue>;
}

/** One address a probe connected to. */
export declare class Connection {
  /** "ip:port". */
  readonly address: string | null;
  /** The SNI name sent (null: none, as the JDK does for IP literals). */
  readonly sni: string | null;
  readonly tlsVersion: string | null;
  /** The chain exactly as presented, leaf first, as PEM. */
  readonly chainPem: string[];
  readonly handshakeComplete: boolean;
  /** Why the connection or handshake failed. */
  readonly error: Record<string, JsonValue> | null;
  readonly elapsedMs: number | null;
  /** The verdict on this address's chain (null without a chain). */
  readonly verdict: Verdict | null;
  toJSON(): Record<string, JsonValue>;
}

/** Everything one live probe saw and decided. */
export declare class ProbeReport {
  readonly id: JsonValue;
  readonly outcome: Outcome;
  /** True when every chain received is accepted (and at least one was). */
  readonly accepted: boolean;
  /** The deciding verdict: the first rejected chain's, else the first accepted one's. */
  readonly verdict: Verdict | null;
  /** The name verified (serverNameToVerify when set, else the URL host). */
  readonly verifiedName: string | null;
  readonly sni: string | null;
  readonly connections: Connection[];
  readonly findings: ProbeFinding[];
  readonly elapsedMs: number | null;
  /** The core's JSON object. */
  toJSON(): Record<string, JsonValue>;
  /** The outcome, the name verified and the deciding verdict, on one line. */
  toString(): string;
  /** The report for its JSON. */
  static fromJSON(json: Record<string, JsonValue> | string): ProbeReport;
}

/** Base class of every error apigw-tls throws besides argument errors. `code`: "ERR_APIGW_TLS". */
export declare class ApigwTlsError extends Error {
  code: string;
}
/** The input cannot be evaluated (bad certificate, roots entry, time, TLS version). */
export declare class ParseError extends ApigwTlsError {
  code: 'ERR_APIGW_TLS_PARSE';
  /** For a chain entry that is not a certificate: the verdict API Gateway reaches on such a chain. */
  verdict: Verdict | null;
}
/** A live probe could not start (bad URL, connectTo, nlb or nameserver). */
export declare class ProbeError extends ApigwTlsError {
  code: 'ERR_APIGW_TLS_PROBE';
}
/** A bug in apigw-tls (a contained Rust panic). */
export declare class InternalError extends ApigwTlsError {
  code: 'ERR_APIGW_TLS_INTERNAL';
}
/** An argument of the wrong type. */
export declare class InvalidArgumentTypeError extends TypeError {
  code: 'ERR_INVALID_ARG_TYPE';
}
/** An argument with a value out of range. */
export declare class InvalidArgumentValueError extends RangeError {
  code: 'ERR_INVALID_ARG_VALUE';
}

/**
 * API Gateway's verdict on the chain `chain` presented for `host` (synchronous).
 *
 * @param host the integration URL's host (name or IP address), or the integration URL itself
 * @param chain the chain the backend presents, leaf first
 * @throws {InvalidArgumentTypeError} an argument has the wrong type
 * @throws {ParseError} a certificate, roots entry, time or TLS version cannot be parsed
 */
export declare function evaluate(host: string, chain: CertificatesInput, options?: EvaluateOptions): Verdict;

/**
 * Evaluates many cases in parallel on worker threads; resolves to the verdicts in input order.
 * A case that cannot be evaluated does not reject: its verdict has `error` set.
 */
export declare function evaluateMany(cases: Iterable<CaseInput>, options?: EvaluateManyOptions): Promise<Verdict[]>;

/**
 * Connects to a live backend the way API Gateway would and evaluates what it presents.
 * Network failures are in the report; the promise rejects with {@link ProbeError} only when the
 * probe cannot start.
 */
export declare function probe(url: string, options?: ProbeOptions): Promise<ProbeReport>;

/** The package version. */
export declare const version: string;

/** The whole API, as `import apigw from 'apigw-tls'` (or `require('apigw-tls')`) gives it. */
declare const apigw: {
  evaluate: typeof evaluate;
  evaluateMany: typeof evaluateMany;
  probe: typeof probe;
  defaultTrustStore: typeof defaultTrustStore;
  version: string;
  TrustStore: typeof TrustStore;
  Evaluator: typeof Evaluator;
  Certificate: typeof Certificate;
  Verdict: typeof Verdict;
  Rule: typeof Rule;
  Finding: typeof Finding;
  CertificateRef: typeof CertificateRef;
  ProbeReport: typeof ProbeReport;
  Connection: typeof Connection;
  ProbeFinding: typeof ProbeFinding;
  ApigwTlsError: typeof ApigwTlsError;
  ParseError: typeof ParseError;
  ProbeError: typeof ProbeError;
  InternalError: typeof InternalError;
  InvalidArgumentTypeError: typeof InvalidArgumentTypeError;
  InvalidArgumentValueError: typeof InvalidArgumentValueError;
};
export default apigw;
