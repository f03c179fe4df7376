//! Name resolution with hickory-resolver: the system configuration, or one given nameserver
//! (the VPC's resolver, a local test server) on any port. A and AAAA are asked separately so
//! that NXDOMAIN, "no data", SERVFAIL and a timeout stay distinguishable, and the CNAME chain the
//! answers carry is kept.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::TokioResolver;
use serde::Serialize;

/// Which resolver answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", content = "address", rename_all = "snake_case")]
pub enum Nameserver {
    /// The operating system's configuration (`/etc/resolv.conf`, and the hosts file).
    #[default]
    System,
    /// One nameserver, over UDP with TCP for truncated answers; the hosts file is not read.
    At(SocketAddr),
}

impl std::fmt::Display for Nameserver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Nameserver::System => f.write_str("the system resolver"),
            Nameserver::At(a) => write!(f, "{a}"),
        }
    }
}

/// Parses `ADDR[:PORT]` (port 53 by default; IPv6 as `[ADDR]:PORT` or bare).
pub fn parse_nameserver(s: &str) -> Option<Nameserver> {
    if let Ok(sa) = s.parse::<SocketAddr>() {
        return Some(Nameserver::At(sa));
    }
    let bare = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(s);
    bare.parse::<IpAddr>()
        .ok()
        .map(|ip| Nameserver::At(SocketAddr::new(ip, 53)))
}

/// The answer to one query type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum DnsAnswer {
    /// Addresses came back.
    Answered {
        /// How many addresses of this type.
        count: usize,
    },
    /// NXDOMAIN: the name does not exist (for this resolver — a private hosted zone name
    /// resolves only inside its VPC).
    NxDomain,
    /// The name exists but has no record of this type (NOERROR, empty answer).
    NoData,
    /// SERVFAIL: the resolver could not get an answer (broken delegation, DNSSEC failure, ...).
    ServFail,
    /// REFUSED: the nameserver will not answer this client.
    Refused,
    /// Another error response code.
    ErrorCode {
        /// The response code's name.
        code: String,
    },
    /// No answer within the timeout.
    Timeout {
        /// The timeout that expired.
        after_ms: u64,
    },
    /// The query could not be made (no configuration, connection refused, bad name).
    Failed {
        /// What went wrong.
        detail: String,
    },
}

/// The overall outcome of resolving a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DnsStatus {
    /// At least one address.
    Resolved,
    /// NXDOMAIN.
    NxDomain,
    /// The name exists but has no A or AAAA record.
    NoData,
    /// SERVFAIL.
    ServFail,
    /// REFUSED or another error code.
    Refused,
    /// No answer within the timeout.
    Timeout,
    /// The query could not be made.
    Failed,
}

/// What DNS said about one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DnsReport {
    /// The name asked (as given, without a trailing dot).
    pub name: String,
    /// Which resolver answered.
    pub nameserver: Nameserver,
    /// Every address, A answers first, in the order received.
    pub addresses: Vec<IpAddr>,
    /// The CNAME chain from `name` to the name that holds the addresses (empty when none).
    pub cname_chain: Vec<String>,
    /// The A query.
    pub a: DnsAnswer,
    /// The AAAA query.
    pub aaaa: DnsAnswer,
    /// Time for both queries.
    pub elapsed_ms: u64,
}

impl DnsReport {
    /// The overall outcome. Without addresses the most telling failure wins: NXDOMAIN, then
    /// SERVFAIL, REFUSED, timeout, failure, and "no data" last (a name with only AAAA records
    /// is fine; one with neither is "no data").
    pub fn status(&self) -> DnsStatus {
        if !self.addresses.is_empty() {
            return DnsStatus::Resolved;
        }
        let rank = |a: &DnsAnswer| match a {
            DnsAnswer::NxDomain => (0, DnsStatus::NxDomain),
            DnsAnswer::ServFail => (1, DnsStatus::ServFail),
            DnsAnswer::Refused | DnsAnswer::ErrorCode { .. } => (2, DnsStatus::Refused),
            DnsAnswer::Timeout { .. } => (3, DnsStatus::Timeout),
            DnsAnswer::Failed { .. } => (4, DnsStatus::Failed),
            DnsAnswer::NoData | DnsAnswer::Answered { .. } => (5, DnsStatus::NoData),
        };
        let (ra, sa) = rank(&self.a);
        let (rb, sb) = rank(&self.aaaa);
        if ra <= rb {
            sa
        } else {
            sb
        }
    }
}

/// A resolver for one probe: no cache shared with other probes, bounded timeouts.
pub(crate) struct Dns {
    resolver: Result<TokioResolver, String>,
    nameserver: Nameserver,
    timeout: Duration,
}

impl Dns {
    /// Builds the resolver. A configuration error is kept and reported by every lookup, so a
    /// probe of an IP literal still works on a machine without `/etc/resolv.conf`.
    pub(crate) fn new(nameserver: Nameserver, timeout: Duration) -> Dns {
        let mut opts = ResolverOpts::default();
        opts.timeout = timeout;
        // One try per server: the caller's timeout bounds the whole lookup.
        opts.attempts = 0;
        opts.cache_size = 64;
        opts.preserve_intermediates = true;
        opts.ndots = 0;
        let resolver = match nameserver {
            Nameserver::System => TokioResolver::builder_tokio()
                .map_err(|e| format!("cannot read the system DNS configuration: {e}"))
                .and_then(|mut b| {
                    let system = b.options_mut();
                    system.timeout = opts.timeout;
                    system.attempts = opts.attempts;
                    system.preserve_intermediates = true;
                    b.build().map_err(|e| e.to_string())
                }),
            Nameserver::At(addr) => {
                opts.use_hosts_file = ResolveHosts::Never;
                let mut udp = ConnectionConfig::udp();
                udp.port = addr.port();
                let mut tcp = ConnectionConfig::tcp();
                tcp.port = addr.port();
                let server = NameServerConfig::new(addr.ip(), true, vec![udp, tcp]);
                let config = ResolverConfig::from_parts(None, vec![], vec![server]);
                TokioResolver::builder_with_config(config, TokioRuntimeProvider::default())
                    .with_options(opts)
                    .build()
                    .map_err(|e| e.to_string())
            }
        };
        Dns {
            resolver,
            nameserver,
            timeout,
        }
    }

    /// Resolves `name` (A and AAAA in parallel). Never fails: failures are in the report.
    pub(crate) async fn resolve(&self, name: &str) -> DnsReport {
        let start = Instant::now();
        let bare = name.strip_suffix('.').unwrap_or(name);
        let (a, aaaa) = match &self.resolver {
            Ok(r) => {
                // Asked as a fully-qualified name: the search list does not apply (API Gateway
                // resolves the integration host as written).
                let fq = format!("{bare}.");
                let fut_a = query(r, &fq, RecordType::A, self.timeout);
                let fut_aaaa = query(r, &fq, RecordType::AAAA, self.timeout);
                tokio::join!(fut_a, fut_aaaa)
            }
            Err(e) => {
                let f = QueryResult::failed(e.clone());
                (f.clone(), f)
            }
        };
        let mut addresses = a.addresses.clone();
        addresses.extend(aaaa.addresses.iter().copied());
        let cname_chain = if a.cnames.len() >= aaaa.cnames.len() {
            a.cnames
        } else {
            aaaa.cnames
        };
        DnsReport {
            name: bare.to_string(),
            nameserver: self.nameserver,
            addresses,
            cname_chain: follow_cnames(bare, &cname_chain),
            a: a.answer,
            aaaa: aaaa.answer,
            elapsed_ms: start.elapsed().as_millis() as u64,
        }
    }
}

#[derive(Clone)]
struct QueryResult {
    answer: DnsAnswer,
    addresses: Vec<IpAddr>,
    /// (owner, target) pairs in answer order.
    cnames: Vec<(String, String)>,
}

impl QueryResult {
    fn failed(detail: String) -> QueryResult {
        QueryResult {
            answer: DnsAnswer::Failed { detail },
            addresses: vec![],
            cnames: vec![],
        }
    }
}

async fn query(r: &TokioResolver, name: &str, rt: RecordType, timeout: Duration) -> QueryResult {
    let name = match Name::from_utf8(name) {
        Ok(n) => n,
        Err(e) => return QueryResult::failed(format!("not a DNS name: {e}")),
    };
    // The resolver has its own per-request timeout; this bounds the whole lookup (retries over
    // TCP included) with a little slack so the resolver's own timeout is the one normally seen.
    let bound = timeout + timeout / 2 + Duration::from_millis(100);
    let result = match tokio::time::timeout(bound, r.lookup(name, rt)).await {
        Ok(r) => r,
        Err(_) => {
            return QueryResult {
                answer: DnsAnswer::Timeout {
                    after_ms: bound.as_millis() as u64,
                },
                addresses: vec![],
                cnames: vec![],
            }
        }
    };
    match result {
        Ok(lookup) => {
            let mut addresses = Vec::new();
            let mut cnames = Vec::new();
            for record in lookup.answers() {
                match &record.data {
                    RData::A(a) if rt == RecordType::A => addresses.push(IpAddr::V4(a.0)),
                    RData::AAAA(a) if rt == RecordType::AAAA => addresses.push(IpAddr::V6(a.0)),
                    RData::CNAME(c) => cnames.push((
                        trim_dot(&record.name.to_string()),
                        trim_dot(&c.0.to_string()),
                    )),
                    _ => {}
                }
            }
            let answer = if addresses.is_empty() {
                DnsAnswer::NoData
            } else {
                DnsAnswer::Answered {
                    count: addresses.len(),
                }
            };
            QueryResult {
                answer,
                addresses,
                cnames,
            }
        }
        Err(e) => QueryResult {
            answer: classify(&e, timeout),
            addresses: vec![],
            cnames: vec![],
        },
    }
}

/// Maps hickory's error to what the name server said.
fn classify(e: &NetError, timeout: Duration) -> DnsAnswer {
    match e {
        NetError::Dns(DnsError::NoRecordsFound(nr)) => match nr.response_code {
            ResponseCode::NXDomain => DnsAnswer::NxDomain,
            ResponseCode::NoError => DnsAnswer::NoData,
            code => response_code_answer(code),
        },
        NetError::Dns(DnsError::ResponseCode(code)) => response_code_answer(*code),
        NetError::Timeout => DnsAnswer::Timeout {
            after_ms: timeout.as_millis() as u64,
        },
        other => DnsAnswer::Failed {
            detail: other.to_string(),
        },
    }
}

fn response_code_answer(code: ResponseCode) -> DnsAnswer {
    match code {
        ResponseCode::NXDomain => DnsAnswer::NxDomain,
        ResponseCode::ServFail => DnsAnswer::ServFail,
        ResponseCode::Refused => DnsAnswer::Refused,
        ResponseCode::NoError => DnsAnswer::NoData,
        other => DnsAnswer::ErrorCode {
            code: other.to_string(),
        },
    }
}

fn trim_dot(s: &str) -> String {
    s.strip_suffix('.').unwrap_or(s).to_string()
}

/// Orders CNAME records into the chain starting at `start` (case-insensitive; bounded so a
/// loop in hostile answers ends).
fn follow_cnames(start: &str, pairs: &[(String, String)]) -> Vec<String> {
    let mut chain = Vec::new();
    let mut cur = start.to_string();
    for _ in 0..pairs.len() {
        match pairs
            .iter()
            .find(|(owner, _)| owner.eq_ignore_ascii_case(&cur))
        {
            Some((_, target)) => {
                chain.push(target.clone());
                cur = target.clone();
            }
            None => break,
        }
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nameserver_syntax() {
        assert_eq!(
            parse_nameserver("10.0.0.2"),
            Some(Nameserver::At("10.0.0.2:53".parse().unwrap()))
        );
        assert_eq!(
            parse_nameserver("127.0.0.1:5353"),
            Some(Nameserver::At("127.0.0.1:5353".parse().unwrap()))
        );
        assert_eq!(
            parse_nameserver("[::1]:5353"),
            Some(Nameserver::At("[::1]:5353".parse().unwrap()))
        );
        assert_eq!(
            parse_nameserver("::1"),
            Some(Nameserver::At("[::1]:53".parse().unwrap()))
        );
        assert_eq!(parse_nameserver("dns.example"), None);
    }

    #[test]
    fn cname_chain_in_order() {
        let pairs = vec![
            ("b.example".to_string(), "c.example".to_string()),
            ("A.example".to_string(), "b.example".to_string()),
        ];
        assert_eq!(
            follow_cnames("a.example", &pairs),
            vec!["b.example", "c.example"]
        );
        let looped = vec![
            ("a".to_string(), "b".to_string()),
            ("b".to_string(), "a".to_string()),
        ];
        assert_eq!(follow_cnames("a", &looped).len(), 2);
    }

    fn report(a: DnsAnswer, aaaa: DnsAnswer) -> DnsReport {
        DnsReport {
            name: "x".into(),
            nameserver: Nameserver::System,
            addresses: vec![],
            cname_chain: vec![],
            a,
            aaaa,
            elapsed_ms: 0,
        }
    }

    #[test]
    fn status_prefers_the_telling_failure() {
        assert_eq!(
            report(DnsAnswer::NoData, DnsAnswer::NxDomain).status(),
            DnsStatus::NxDomain
        );
        assert_eq!(
            report(DnsAnswer::Timeout { after_ms: 1 }, DnsAnswer::NoData).status(),
            DnsStatus::Timeout
        );
        assert_eq!(
            report(DnsAnswer::ServFail, DnsAnswer::Timeout { after_ms: 1 }).status(),
            DnsStatus::ServFail
        );
        assert_eq!(
            report(DnsAnswer::NoData, DnsAnswer::NoData).status(),
            DnsStatus::NoData
        );
        let mut ok = report(DnsAnswer::Answered { count: 1 }, DnsAnswer::NoData);
        ok.addresses.push("127.0.0.1".parse().unwrap());
        assert_eq!(ok.status(), DnsStatus::Resolved);
    }
}
