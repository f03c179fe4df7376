//! Message digests named the way the JDK names them, and their OIDs.

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

    /// Hashes the concatenation of `parts`.
    pub(crate) fn hash(self, parts: &[&[u8]]) -> Vec<u8> {
        fn run<D: sha2::Digest>(parts: &[&[u8]]) -> Vec<u8> {
            let mut h = D::new();
            for p in parts {
                h.update(p);
            }
            h.finalize().to_vec()
        }
        match self {
            Digest::Md2 => run::<md2::Md2>(parts),
            Digest::Md5 => run::<md5::Md5>(parts),
            Digest::Sha1 => run::<sha1::Sha1>(parts),
            Digest::Sha224 => run::<sha2::Sha224>(parts),
            Digest::Sha256 => run::<sha2::Sha256>(parts),
            Digest::Sha384 => run::<sha2::Sha384>(parts),
            Digest::Sha512 => run::<sha2::Sha512>(parts),
            Digest::Sha512_224 => run::<sha2::Sha512_224>(parts),
            Digest::Sha512_256 => run::<sha2::Sha512_256>(parts),
            Digest::Sha3_224 => run::<sha3::Sha3_224>(parts),
            Digest::Sha3_256 => run::<sha3::Sha3_256>(parts),
            Digest::Sha3_384 => run::<sha3::Sha3_384>(parts),
            Digest::Sha3_512 => run::<sha3::Sha3_512>(parts),
        }
    }
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
        fn hex(v: &[u8]) -> String {
            v.iter().map(|b| format!("{b:02x}")).collect()
        }
        assert_eq!(
            hex(&Digest::Md2.hash(&[b"abc"])),
            "da853b0d3f88d99b30283a69e6ded6bb"
        );
        assert_eq!(
            hex(&Digest::Md5.hash(&[b"a", b"bc"])),
            "900150983cd24fb0d6963f7d28e17f72"
        );
        assert_eq!(
            hex(&Digest::Sha256.hash(&[b"abc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
