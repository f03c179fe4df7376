//! Message digests named the way the JDK names them, and their OIDs.

use aws_lc_rs::digest as aws;

/// A message digest algorithm used inside a signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Digest {
    /// MD2 (RFC 1319); only `MD2withRSA` uses it.
    Md2,
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// SHA-512/224.
    Sha512_224,
    /// SHA-512/256.
    Sha512_256,
    /// SHA3-224.
    Sha3_224,
    /// SHA3-256.
    Sha3_256,
    /// SHA3-384.
    Sha3_384,
    /// SHA3-512.
    Sha3_512,
}

/// Every digest, for table-driven code and tests.
pub(crate) const ALL_DIGESTS: [Digest; 13] = [
    Digest::Md2,
    Digest::Md5,
    Digest::Sha1,
    Digest::Sha224,
    Digest::Sha256,
    Digest::Sha384,
    Digest::Sha512,
    Digest::Sha512_224,
    Digest::Sha512_256,
    Digest::Sha3_224,
    Digest::Sha3_256,
    Digest::Sha3_384,
    Digest::Sha3_512,
];

impl Digest {
    /// The JDK's standard name (`MessageDigest.getAlgorithm()`), e.g. `"SHA-256"`.
    pub fn java_name(self) -> &'static str {
        match self {
            Digest::Md2 => "MD2",
            Digest::Md5 => "MD5",
            Digest::Sha1 => "SHA-1",
            Digest::Sha224 => "SHA-224",
            Digest::Sha256 => "SHA-256",
            Digest::Sha384 => "SHA-384",
            Digest::Sha512 => "SHA-512",
            Digest::Sha512_224 => "SHA-512/224",
            Digest::Sha512_256 => "SHA-512/256",
            Digest::Sha3_224 => "SHA3-224",
            Digest::Sha3_256 => "SHA3-256",
            Digest::Sha3_384 => "SHA3-384",
            Digest::Sha3_512 => "SHA3-512",
        }
    }

    /// The name as it appears inside a JDK signature algorithm name
    /// (`"SHA256"` in `"SHA256withRSA"`, `"SHA3-256"` in `"SHA3-256withRSA"`).
    pub fn signature_prefix(self) -> &'static str {
        match self {
            Digest::Md2 => "MD2",
            Digest::Md5 => "MD5",
            Digest::Sha1 => "SHA1",
            Digest::Sha224 => "SHA224",
            Digest::Sha256 => "SHA256",
            Digest::Sha384 => "SHA384",
            Digest::Sha512 => "SHA512",
            Digest::Sha512_224 => "SHA512/224",
            Digest::Sha512_256 => "SHA512/256",
            Digest::Sha3_224 => "SHA3-224",
            Digest::Sha3_256 => "SHA3-256",
            Digest::Sha3_384 => "SHA3-384",
            Digest::Sha3_512 => "SHA3-512",
        }
    }

    /// The algorithm's OID in dotted form.
    pub fn oid(self) -> &'static str {
        match self {
            Digest::Md2 => "1.2.840.113549.2.2",
            Digest::Md5 => "1.2.840.113549.2.5",
            Digest::Sha1 => "1.3.14.3.2.26",
            Digest::Sha256 => "2.16.840.1.101.3.4.2.1",
            Digest::Sha384 => "2.16.840.1.101.3.4.2.2",
            Digest::Sha512 => "2.16.840.1.101.3.4.2.3",
            Digest::Sha224 => "2.16.840.1.101.3.4.2.4",
            Digest::Sha512_224 => "2.16.840.1.101.3.4.2.5",
            Digest::Sha512_256 => "2.16.840.1.101.3.4.2.6",
            Digest::Sha3_224 => "2.16.840.1.101.3.4.2.7",
            Digest::Sha3_256 => "2.16.840.1.101.3.4.2.8",
            Digest::Sha3_384 => "2.16.840.1.101.3.4.2.9",
            Digest::Sha3_512 => "2.16.840.1.101.3.4.2.10",
        }
    }

    /// The digest whose OID is `oid`, if any.
    pub fn from_oid(oid: &str) -> Option<Digest> {
        ALL_DIGESTS.into_iter().find(|d| d.oid() == oid)
    }

    /// Output length in octets.
    pub fn output_len(self) -> usize {
        match self {
            Digest::Md2 | Digest::Md5 => 16,
            Digest::Sha1 => 20,
            Digest::Sha224 | Digest::Sha512_224 | Digest::Sha3_224 => 28,
            Digest::Sha256 | Digest::Sha512_256 | Digest::Sha3_256 => 32,
            Digest::Sha384 | Digest::Sha3_384 => 48,
            Digest::Sha512 | Digest::Sha3_512 => 64,
        }
    }

    /// The DER encoding of the digest OID (content octets only).
    pub(crate) fn oid_der(self) -> &'static [u8] {
        match self {
            Digest::Md2 => &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x02],
            Digest::Md5 => &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05],
            Digest::Sha1 => &[0x2b, 0x0e, 0x03, 0x02, 0x1a],
            Digest::Sha256 => &NIST_HASH_1,
            Digest::Sha384 => &NIST_HASH_2,
            Digest::Sha512 => &NIST_HASH_3,
            Digest::Sha224 => &NIST_HASH_4,
            Digest::Sha512_224 => &NIST_HASH_5,
            Digest::Sha512_256 => &NIST_HASH_6,
            Digest::Sha3_224 => &NIST_HASH_7,
            Digest::Sha3_256 => &NIST_HASH_8,
            Digest::Sha3_384 => &NIST_HASH_9,
            Digest::Sha3_512 => &NIST_HASH_10,
        }
    }

    /// Hashes the concatenation of `parts`: AWS-LC for every digest it offers, RustCrypto for
    /// the four the JDK verifies with that AWS-LC does not offer (see the table in
    /// [`crate::crypto`]'s documentation).
    pub(crate) fn hash(self, parts: &[&[u8]]) -> Vec<u8> {
        fn rust_crypto<D: sha2::Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut h = D::new();
            for p in parts {
                h.update(p);
            }
            h.finalize().to_vec()
        }
        let aws_lc = match self {
            Digest::Sha1 => &aws::SHA1_FOR_LEGACY_USE_ONLY,
            Digest::Sha224 => &aws::SHA224,
            Digest::Sha256 => &aws::SHA256,
            Digest::Sha384 => &aws::SHA384,
            Digest::Sha512 => &aws::SHA512,
            Digest::Sha512_256 => &aws::SHA512_256,
            Digest::Sha3_256 => &aws::SHA3_256,
            Digest::Sha3_384 => &aws::SHA3_384,
            Digest::Sha3_512 => &aws::SHA3_512,
            // MD2 and MD5 (MD2withRSA, MD5withRSA), SHA-512/224 and SHA3-224: the JDK verifies
            // with them, AWS-LC's digest API has none of them.
            Digest::Md2 => return rust_crypto::<md2::Md2>(parts),
            Digest::Md5 => return rust_crypto::<md5::Md5>(parts),
            Digest::Sha512_224 => return rust_crypto::<sha2::Sha512_224>(parts),
            Digest::Sha3_224 => return rust_crypto::<sha3::Sha3_224>(parts),
        };
        aws_lc_digest(aws_lc, parts.iter().copied())
            .as_ref()
            .to_vec()
    }
}

/// AWS-LC's digest of the concatenation of `parts`.
fn aws_lc_digest<'a>(
    algorithm: &'static aws::Algorithm,
    parts: impl IntoIterator<Item = &'a [u8]>,
) -> aws::Digest {
    let mut h = aws::Context::new(algorithm);
    for p in parts {
        h.update(p);
    }
    h.finish()
}

/// SHA-256 of `data`: certificate fingerprints and cache keys.
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    sha256_parts([data])
}

/// SHA-256 of the concatenation of `parts`.
pub(crate) fn sha256_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(aws_lc_digest(&aws::SHA256, parts).as_ref());
    out
}

const fn nist_hash(last: u8) -> [u8; 9] {
    [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, last]
}
const NIST_HASH_1: [u8; 9] = nist_hash(1);
const NIST_HASH_2: [u8; 9] = nist_hash(2);
const NIST_HASH_3: [u8; 9] = nist_hash(3);
const NIST_HASH_4: [u8; 9] = nist_hash(4);
const NIST_HASH_5: [u8; 9] = nist_hash(5);
const NIST_HASH_6: [u8; 9] = nist_hash(6);
const NIST_HASH_7: [u8; 9] = nist_hash(7);
const NIST_HASH_8: [u8; 9] = nist_hash(8);
const NIST_HASH_9: [u8; 9] = nist_hash(9);
const NIST_HASH_10: [u8; 9] = nist_hash(10);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::der::{oid_to_string, OidBound};

    #[test]
    fn oid_tables_agree() {
        for d in ALL_DIGESTS {
            assert_eq!(
                oid_to_string(d.oid_der(), OidBound::Arcs128).unwrap(),
                d.oid(),
                "{d:?}"
            );
            assert_eq!(Digest::from_oid(d.oid()), Some(d));
        }
        assert_eq!(Digest::from_oid("1.2.3"), None);
    }

    #[test]
    fn output_lengths_match_implementations() {
        for d in ALL_DIGESTS {
            assert_eq!(d.hash(&[b"abc"]).len(), d.output_len(), "{d:?}");
        }
    }

    #[test]
    fn known_answers() {
        // (digest, input in parts, digest of "abc")
        let cases: [(Digest, &[&[u8]], &str); 8] = [
            (Digest::Md2, &[b"abc"], "da853b0d3f88d99b30283a69e6ded6bb"),
            (Digest::Md5, &[b"a", b"bc"], "900150983cd24fb0d6963f7d28e17f72"),
            (Digest::Sha256, &[b"abc"], "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            // The RustCrypto ones (FIPS 180-4 and FIPS 202 examples).
            (Digest::Sha512_224, &[b"abc"], "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa"),
            (Digest::Sha3_224, &[b"abc"], "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf"),
            // The AWS-LC ones agree with the independent implementations for every length class.
            (Digest::Sha1, &[b"abc"], "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (Digest::Sha512_256, &[b"ab", b"c"], "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"),
            (Digest::Sha3_256, &[b"abc"], "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
        ];
        for (digest, parts, expected) in cases {
            assert_eq!(hex::encode(digest.hash(parts)), expected, "{digest:?}");
        }
        assert_eq!(sha256_parts([&b"a"[..], b"bc"]), sha256(b"abc"));
    }
}
