//! The stable fuzzer's mutator: generic byte mutations plus a few that know the shape of the
//! input (DER TLVs, chain records, text tokens), because without coverage feedback blind bit
//! flips rarely get past the first length field.

use crate::input::ChainInput;

/// Which structure-aware mutations apply to a target's inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// DER / PEM bytes.
    Der,
    /// [`ChainInput`] records holding DER.
    Chain,
    /// Text (hostnames, JSON lines).
    Text,
}

/// xorshift64*: small, fast, reproducible from the seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is mapped to a fixed non-zero state).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 {
            0x9e37_79b9_7f4a_7c15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability 1/n.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

const INTERESTING_BYTES: &[u8] = &[
    0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0xff, 0x30, 0x31, 0x02, 0x03, 0x04, 0x05,
    0x06, 0x0c, 0x13, 0x14, 0x16, 0x17, 0x18, 0x1e, 0x1c, 0xa0, 0xa3, 0x80, 0x87, 0x88, 0x2e, 0x2a,
    0x0a,
];

const TOKENS: &[&str] = &[
    "*",
    ".",
    "..",
    "*.",
    ".*",
    "xn--",
    "[",
    "]",
    ":",
    "::",
    "%",
    "%25",
    "\\",
    "\"",
    "\u{0}",
    "\u{130}",
    "\u{131}",
    "\u{df}",
    "\u{ff0e}",
    "\u{3002}",
    "\u{200b}",
    "\u{fffd}",
    "\u{10ffff}",
    "K",
    "\u{212a}",
    "-",
    "_",
    "@",
    "/",
    "0x7f.1",
    "127.0.0.1",
    "::ffff:1.2.3.4",
    "[::1]",
    "2001:db8::1",
    "1.2.3",
    "255.255.255.256",
    "com",
    "co.uk",
    "amazonaws.com",
    "s3.amazonaws.com",
    "github.io",
    "a",
    "A",
    "é",
    " ",
    "\t",
    "\r",
    "\n",
    "\\u0000",
    "\\ud800",
    "{",
    "}",
    ",",
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "1e999",
    "-0",
    "\"chain\":",
    "\"roots\":",
    "\"host\":",
    "\"time\":",
    "\"tls_version\":",
    "\"skip_verification\":",
    "\"url\":",
    "\"id\":",
    "\"server_name_to_verify\":",
    "\"auth_type\":",
    "-----BEGIN CERTIFICATE-----",
    "-----END CERTIFICATE-----",
    "-----BEGIN",
    "-----END",
    "MII",
    "=",
    "==",
    "openapi: 3.0.1\n",
    "swagger: \"2.0\"\n",
    "paths:\n",
    "  /p:\n    get:\n",
    "&a ",
    "*a",
    "&b [*a, *a, *a]",
    "<<: *a",
    "!!binary ",
    "? ",
    "- ",
    "\n  ",
    "${stageVariables.host}",
    "${stageVariables.self}",
    "${stageVariables.",
    "x-amazon-apigateway-integration",
    "\"$ref\": \"#/paths\"",
    "$ref: \"#\"",
    "type: http_proxy",
    "uri: https://",
    "connectionType: VPC_LINK",
    "tlsConfig:",
    "serverNameToVerify",
    "insecureSkipVerification: true",
    "x-amazon-apigateway-importexport-version",
];

/// Mutates `data` in place: 1 to 6 stacked mutations, result cut to `max_len`. `other` is
/// another corpus entry for splicing.
pub fn mutate(data: &mut Vec<u8>, kind: Kind, other: &[u8], rng: &mut Rng, max_len: usize) {
    let rounds = 1 + rng.below(6);
    for _ in 0..rounds {
        let structured = match kind {
            Kind::Der => rng.one_in(2) && mutate_der(data, rng),
            Kind::Chain => rng.one_in(2) && mutate_chain(data, other, rng, max_len),
            Kind::Text => rng.one_in(2) && mutate_text(data, rng),
        };
        if !structured {
            mutate_bytes(data, other, rng);
        }
    }
    data.truncate(max_len);
}

fn mutate_bytes(data: &mut Vec<u8>, other: &[u8], rng: &mut Rng) {
    let len = data.len();
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            data[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            data[i] = INTERESTING_BYTES[rng.below(INTERESTING_BYTES.len())];
        }
        2 if len > 0 => {
            let i = rng.below(len);
            data[i] = data[i].wrapping_add(rng.below(33) as u8).wrapping_sub(16);
        }
        3 => {
            let i = rng.below(len + 1);
            let n = 1 + rng.below(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
            data.splice(i..i, bytes);
        }
        4 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(64));
            data.drain(i..i + n);
        }
        5 if len > 0 => {
            // Duplicate a chunk somewhere else (repeated structures, long runs).
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(256));
            let chunk = data[i..i + n].to_vec();
            let at = rng.below(len + 1);
            let times = if rng.one_in(8) { 1 + rng.below(32) } else { 1 };
            for _ in 0..times {
                data.splice(at..at, chunk.iter().copied());
            }
        }
        6 if !other.is_empty() => {
            // Splice: our head, the other's tail.
            let cut = rng.below(len + 1);
            let from = rng.below(other.len());
            data.truncate(cut);
            data.extend_from_slice(&other[from..]);
        }
        7 if !other.is_empty() && len > 0 => {
            // Overwrite with a chunk of the other input.
            let from = rng.below(other.len());
            let n = 1 + rng.below((other.len() - from).min(128));
            let at = rng.below(len);
            let end = (at + n).min(len);
            data.splice(at..end, other[from..from + n].iter().copied());
        }
        _ if len > 0 => {
            // Truncate.
            data.truncate(rng.below(len));
        }
        _ => data.push(rng.next_u64() as u8),
    }
}

/// A TLV found at some offset: (start, header length, content length).
fn tlv_at(data: &[u8], start: usize) -> Option<(usize, usize, usize)> {
    let first = *data.get(start + 1)?;
    let (hlen, clen) = if first < 0x80 {
        (2, first as usize)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 3 {
            return None;
        }
        let mut l = 0usize;
        for k in 0..n {
            l = (l << 8) | *data.get(start + 2 + k)? as usize;
        }
        (2 + n, l)
    };
    (start + hlen + clen <= data.len()).then_some((start, hlen, clen))
}

/// Mutations on a DER TLV picked at random: change its length, duplicate it, drop it, wrap it,
/// or blow its content up (huge extensions, giant names). False when no TLV was found.
fn mutate_der(data: &mut Vec<u8>, rng: &mut Rng) -> bool {
    if data.len() < 2 {
        return false;
    }
    let mut found = None;
    for _ in 0..16 {
        let s = rng.below(data.len() - 1);
        if let Some(t) = tlv_at(data, s) {
            found = Some(t);
            break;
        }
    }
    let Some((s, h, c)) = found else { return false };
    let whole = data[s..s + h + c].to_vec();
    match rng.below(6) {
        0 => {
            // Off-by-some length (short form only; long forms get a byte tweak).
            let delta = rng.below(5) as i64 - 2;
            data[s + 1] = (data[s + 1] as i64 + delta).clamp(0, 255) as u8;
        }
        1 => {
            let times = if rng.one_in(4) { 2 + rng.below(64) } else { 1 };
            for _ in 0..times {
                data.splice(s..s, whole.iter().copied());
            }
        }
        2 => {
            data.drain(s..s + h + c);
        }
        3 => {
            // Wrap in a SEQUENCE / SET / context tag.
            let tag = [0x30, 0x31, 0xa0, 0xa3, 0x04][rng.below(5)];
            let mut wrapped = vec![tag];
            push_len(&mut wrapped, whole.len());
            wrapped.extend_from_slice(&whole);
            data.splice(s..s + h + c, wrapped);
        }
        4 => {
            // Change the tag.
            data[s] = INTERESTING_BYTES[rng.below(INTERESTING_BYTES.len())];
        }
        _ => {
            // Grow the content by repeating it, and fix the length up.
            let content = data[s + h..s + h + c].to_vec();
            let times = 2 + rng.below(16);
            let mut grown = vec![data[s]];
            push_len(&mut grown, content.len() * times);
            for _ in 0..times {
                grown.extend_from_slice(&content);
            }
            data.splice(s..s + h + c, grown);
        }
    }
    true
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend_from_slice(&[0x81, len as u8]);
    } else if len < 0x10000 {
        out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]);
    } else {
        out.extend_from_slice(&[0x83, (len >> 16) as u8, (len >> 8) as u8, len as u8]);
    }
}

/// Record-level mutations of a chain input: duplicate (up to 100+ presented certificates),
/// drop, reorder, move between chain and roots, mutate one certificate's DER, borrow a record
/// from another input, change the flags or host.
fn mutate_chain(data: &mut Vec<u8>, other: &[u8], rng: &mut Rng, max_len: usize) -> bool {
    let mut c = ChainInput::decode(data);
    let n = c.records.len();
    match rng.below(8) {
        0 if n > 0 => {
            let i = rng.below(n);
            let r = c.records[i].clone();
            let times = if rng.one_in(4) { 1 + rng.below(120) } else { 1 };
            for _ in 0..times {
                c.records.insert(rng.below(c.records.len() + 1), r.clone());
            }
        }
        1 if n > 0 => {
            c.records.remove(rng.below(n));
        }
        2 if n > 1 => {
            let (i, j) = (rng.below(n), rng.below(n));
            c.records.swap(i, j);
        }
        3 if n > 0 => {
            let i = rng.below(n);
            c.records[i].0 ^= 1;
        }
        4 if n > 0 => {
            let i = rng.below(n);
            let body = &mut c.records[i].1;
            if !mutate_der(body, rng) {
                mutate_bytes(body, &[], rng);
            }
        }
        5 => {
            let o = ChainInput::decode(other);
            if o.records.is_empty() {
                return false;
            }
            let r = o.records[rng.below(o.records.len())].clone();
            c.records.insert(rng.below(n + 1), r);
        }
        6 => c.flags = rng.next_u64() as u8,
        _ => {
            let tok = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let at = rng.below(c.host.len() + 1);
            c.host.splice(at..at, tok.iter().copied());
        }
    }
    let enc = c.encode();
    if enc.len() > max_len {
        return false;
    }
    *data = enc;
    true
}

/// Token insertion / replacement for text inputs.
fn mutate_text(data: &mut Vec<u8>, rng: &mut Rng) -> bool {
    let tok = TOKENS[rng.below(TOKENS.len())].as_bytes();
    let at = rng.below(data.len() + 1);
    if rng.one_in(3) && at < data.len() {
        let end = (at + 1 + rng.below(8)).min(data.len());
        data.splice(at..end, tok.iter().copied());
    } else {
        data.splice(at..at, tok.iter().copied());
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_respect_max_len_and_are_reproducible() {
        let seed = ChainInput {
            flags: 0,
            host: b"h".to_vec(),
            records: vec![(0, vec![0x30, 3, 2, 1, 0])],
        }
        .encode();
        let run = |s: u64| {
            let mut rng = Rng::new(s);
            let mut outs = Vec::new();
            for kind in [Kind::Der, Kind::Chain, Kind::Text] {
                let mut d = seed.clone();
                for _ in 0..200 {
                    mutate(&mut d, kind, &seed, &mut rng, 4096);
                    assert!(d.len() <= 4096);
                }
                outs.push(d);
            }
            outs
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn tlv_finder_reads_short_and_long_forms() {
        assert_eq!(tlv_at(&[0x30, 0x03, 2, 1, 0], 0), Some((0, 2, 3)));
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(std::iter::repeat(0).take(0x80));
        assert_eq!(tlv_at(&long, 0), Some((0, 3, 0x80)));
        assert_eq!(tlv_at(&[0x30, 0x05, 0], 0), None);
    }
}
