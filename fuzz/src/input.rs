//! The byte encodings the structured targets read, and their encoders (used to turn the
//! conformance cases into seeds).
//!
//! Both decoders accept *every* byte string: a fuzzer mutates lengths and tags freely, so a
//! short or inconsistent record is truncated or reinterpreted, never rejected.

// The JSON-lines shape: the structured input stands for a line of the case format.
use apigw_tls::CaseJson as Case;

/// Validation times the chain encoding can select (conformance time first, then edges of the
/// UTCTime / GeneralizedTime switch and of the epoch).
pub const TIMES: [&str; 8] = [
    "2026-06-01T00:00:00Z",
    "2020-01-01T00:00:00Z",
    "2049-12-31T23:59:59Z",
    "2050-01-01T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "2100-01-01T00:00:00Z",
    "2035-01-01T00:00:00Z",
    "1999-12-31T23:59:59Z",
];

/// Auth types the chain encoding can select (None = derived from the leaf).
pub const AUTH_TYPES: [Option<&str>; 4] = [None, Some("RSA"), Some("ECDHE_ECDSA"), Some("UNKNOWN")];

/// Record tags of the chain encoding.
pub mod tag {
    /// A presented certificate, DER (sent as PEM).
    pub const CHAIN_DER: u8 = 0;
    /// A trusted certificate, DER (sent as PEM).
    pub const ROOT_DER: u8 = 1;
    /// A presented entry given as raw text (PEM or base64 as the user wrote it).
    pub const CHAIN_TEXT: u8 = 2;
    /// A trusted entry given as raw text.
    pub const ROOT_TEXT: u8 = 3;
}

/// A decoded chain input: everything `Evaluator::evaluate` reads.
///
/// Layout: `flags`, `host_len`, `host`, then records of `tag`, `len` (u16 big-endian), bytes.
/// Flags: bit 0 TLS 1.2, bit 1 skip verification, bit 2 default (bundled) trust store instead
/// of the inline roots, bits 3-5 index into [`TIMES`], bits 6-7 index into [`AUTH_TYPES`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainInput {
    pub flags: u8,
    pub host: Vec<u8>,
    pub records: Vec<(u8, Vec<u8>)>,
}

impl ChainInput {
    /// Decodes any byte string (short fields are truncated).
    pub fn decode(data: &[u8]) -> ChainInput {
        let mut out = ChainInput::default();
        let Some((&flags, rest)) = data.split_first() else {
            return out;
        };
        out.flags = flags;
        let Some((&host_len, rest)) = rest.split_first() else {
            return out;
        };
        let (host, mut rest) = rest.split_at((host_len as usize).min(rest.len()));
        out.host = host.to_vec();
        while let Some((&t, r)) = rest.split_first() {
            let len = match r {
                [a, b, ..] => u16::from_be_bytes([*a, *b]) as usize,
                [a] => *a as usize,
                [] => 0,
            };
            let r = r.get(2..).unwrap_or(&[]);
            let (body, next) = r.split_at(len.min(r.len()));
            out.records.push((t % 4, body.to_vec()));
            rest = next;
        }
        out
    }

    /// Encodes (records longer than 65535 bytes are cut; the decoder would cut them too).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![self.flags];
        let host = &self.host[..self.host.len().min(255)];
        out.push(host.len() as u8);
        out.extend_from_slice(host);
        for (t, body) in &self.records {
            let body = &body[..body.len().min(u16::MAX as usize)];
            out.push(*t);
            out.extend_from_slice(&(body.len() as u16).to_be_bytes());
            out.extend_from_slice(body);
        }
        out
    }

    /// The case this input stands for.
    pub fn to_case(&self) -> Case {
        let entry = |t: u8, body: &[u8]| match t {
            tag::CHAIN_DER | tag::ROOT_DER => pem(body),
            _ => String::from_utf8_lossy(body).into_owned(),
        };
        let chain = self
            .records
            .iter()
            .filter(|(t, _)| *t == tag::CHAIN_DER || *t == tag::CHAIN_TEXT)
            .map(|(t, b)| entry(*t, b))
            .collect();
        let roots: Vec<String> = self
            .records
            .iter()
            .filter(|(t, _)| *t == tag::ROOT_DER || *t == tag::ROOT_TEXT)
            .map(|(t, b)| entry(*t, b))
            .collect();
        Case {
            id: Some(serde_json::json!("fuzz")),
            chain: Some(chain),
            roots: if self.flags & 4 != 0 {
                None
            } else {
                Some(roots)
            },
            host: Some(String::from_utf8_lossy(&self.host).into_owned()),
            time: Some(TIMES[((self.flags >> 3) & 7) as usize].to_string()),
            tls_version: Some(if self.flags & 1 != 0 { "1.2" } else { "1.3" }.to_string()),
            auth_type: AUTH_TYPES[(self.flags >> 6) as usize].map(str::to_string),
            skip_verification: Some(self.flags & 2 != 0),
            ..Case::default()
        }
    }

    /// The encoding of a conformance case (certificates that are not PEM-decodable are kept as
    /// text records).
    pub fn from_case(case: &Case) -> ChainInput {
        let mut flags = 0u8;
        if case.tls_version.as_deref() == Some("1.2") {
            flags |= 1;
        }
        if case.skip_verification == Some(true) {
            flags |= 2;
        }
        if case.roots.is_none() {
            flags |= 4;
        }
        let t = case
            .time
            .as_deref()
            .and_then(|t| TIMES.iter().position(|x| *x == t))
            .unwrap_or(0);
        flags |= (t as u8) << 3;
        let a = AUTH_TYPES
            .iter()
            .position(|x| *x == case.auth_type.as_deref())
            .unwrap_or(0);
        flags |= (a as u8) << 6;
        let record =
            |der_tag: u8, text_tag: u8, s: &String| match apigw_tls::decode_certificate_input(
                s.as_bytes(),
            ) {
                Ok(der) => (der_tag, der),
                Err(_) => (text_tag, s.as_bytes().to_vec()),
            };
        let mut records: Vec<(u8, Vec<u8>)> = case
            .chain
            .iter()
            .flatten()
            .map(|s| record(tag::CHAIN_DER, tag::CHAIN_TEXT, s))
            .collect();
        records.extend(
            case.roots
                .iter()
                .flatten()
                .map(|s| record(tag::ROOT_DER, tag::ROOT_TEXT, s)),
        );
        ChainInput {
            flags,
            host: case.host.clone().unwrap_or_default().into_bytes(),
            records,
        }
    }
}

/// PEM armour around DER.
pub fn pem(der: &[u8]) -> String {
    let b64 = base64_encode(der);
    let mut s = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        s.push('\n');
    }
    s.push_str("-----END CERTIFICATE-----\n");
    s
}

fn base64_encode(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One subjectAltName or CN line of the hostname encoding.
#[derive(Debug, Clone, PartialEq)]
pub enum HostnameItem {
    Dns(Vec<u8>),
    Ip(Vec<u8>),
    Email(Vec<u8>),
    Other,
    /// A textual CN (the most specific CN as the JDK would give it).
    Cn(Vec<u8>),
    /// A CN whose value is not a string (`[B@…` in Java).
    BinaryCn,
}

/// The hostname encoding: lines separated by `\n`; the first is the host, each other line
/// starts with a type byte: `d` dNSName, `i` iPAddress (octets in hex), `e` rfc822Name, `o` any
/// other GeneralName, `c` text CN, `b` binary CN. Unknown type bytes read as `d`.
pub fn decode_hostname(data: &[u8]) -> (Vec<u8>, Vec<HostnameItem>) {
    let mut lines = data.split(|&b| b == b'\n');
    let host = lines.next().unwrap_or(&[]).to_vec();
    let items = lines
        .map(|l| {
            let (t, rest) = l
                .split_first()
                .map(|(t, r)| (*t, r.to_vec()))
                .unwrap_or((b'd', Vec::new()));
            match t {
                b'i' => HostnameItem::Ip(unhex(&rest)),
                b'e' => HostnameItem::Email(rest),
                b'o' => HostnameItem::Other,
                b'c' => HostnameItem::Cn(rest),
                b'b' => HostnameItem::BinaryCn,
                _ => HostnameItem::Dns(rest),
            }
        })
        .collect();
    (host, items)
}

/// Hex digits to octets; other characters are skipped, an odd last digit is dropped.
fn unhex(text: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = text
        .iter()
        .filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8))
        .collect();
    digits.chunks_exact(2).map(|p| (p[0] << 4) | p[1]).collect()
}

/// Encodes a host and its items (the inverse of [`decode_hostname`] for items without `\n`).
pub fn encode_hostname(host: &[u8], items: &[HostnameItem]) -> Vec<u8> {
    let mut out = host.to_vec();
    for item in items {
        out.push(b'\n');
        match item {
            HostnameItem::Dns(v) => {
                out.push(b'd');
                out.extend_from_slice(v);
            }
            HostnameItem::Ip(v) => {
                out.push(b'i');
                for b in v {
                    out.extend_from_slice(format!("{b:02x}").as_bytes());
                }
            }
            HostnameItem::Email(v) => {
                out.push(b'e');
                out.extend_from_slice(v);
            }
            HostnameItem::Other => out.push(b'o'),
            HostnameItem::Cn(v) => {
                out.push(b'c');
                out.extend_from_slice(v);
            }
            HostnameItem::BinaryCn => out.push(b'b'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_encoding_round_trips() {
        let c = ChainInput {
            flags: 0b0100_1011,
            host: b"a.example".to_vec(),
            records: vec![(0, vec![0x30, 0]), (1, vec![1, 2, 3])],
        };
        assert_eq!(ChainInput::decode(&c.encode()), c);
        let case = c.to_case();
        assert_eq!(case.chain.as_ref().map(Vec::len), Some(1));
        assert_eq!(case.tls_version.as_deref(), Some("1.2"));
        assert_eq!(case.skip_verification, Some(true));
        assert_eq!(case.auth_type.as_deref(), Some("RSA"));
    }

    #[test]
    fn any_bytes_decode() {
        for data in [
            &b""[..],
            b"\x00",
            b"\xff\xff",
            b"\x00\x05ab",
            b"\x00\x00\x07\xff\xff\x30",
        ] {
            let _ = ChainInput::decode(data).to_case();
            let _ = decode_hostname(data);
        }
    }

    #[test]
    fn pem_matches_a_known_encoding() {
        assert_eq!(base64_encode(b"Man"), "TWFu");
        assert_eq!(base64_encode(b"Ma"), "TWE=");
        assert_eq!(base64_encode(b"M"), "TQ==");
        let der = apigw_tls::decode_certificate_input(pem(&[0x30, 3, 2, 1, 0]).as_bytes()).unwrap();
        assert_eq!(der, vec![0x30, 3, 2, 1, 0]);
    }

    #[test]
    fn hostname_encoding_round_trips() {
        let items = vec![
            HostnameItem::Dns(b"*.a.com".to_vec()),
            HostnameItem::Ip(vec![10, 0, 0, 1]),
            HostnameItem::Cn(b"x".to_vec()),
            HostnameItem::BinaryCn,
            HostnameItem::Other,
        ];
        let enc = encode_hostname(b"host", &items);
        assert_eq!(decode_hostname(&enc), (b"host".to_vec(), items));
    }
}
