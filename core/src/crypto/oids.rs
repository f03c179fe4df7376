//! OID tables mirroring the JDK's `KnownOIDs` and `CurveDB`.
//!
//! Names are the JDK 17 standard names, so what we print is what
//! `X509Certificate.getSigAlgName()` and `PublicKey.getAlgorithm()` print.

use super::hash::Digest;
use super::MlDsaParameterSet;

/// What a signature algorithm OID means to the JDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SigKind {
    /// `<digest>withRSA`, RSASSA-PKCS1-v1_5.
    RsaPkcs1(Digest),
    /// `RSASSA-PSS`; the parameters say the rest.
    RsaPss,
    /// `<digest>withECDSA`.
    Ecdsa(Digest),
    /// `ecdsa-with-Specified`: Java names it from the digest in its
    /// parameters and verifies it when that name is a registered engine.
    EcdsaSpecified,
    /// `<digest>withDSA`.
    Dsa(Digest),
    /// Pure Ed25519.
    Ed25519,
    /// Pure Ed448.
    Ed448,
    /// Pure ML-DSA (FIPS 204), present in JDK 17.0.21's SUN provider.
    MlDsa(MlDsaParameterSet),
    /// A name Java knows (a key or digest OID) but no signature engine.
    NameOnly,
}

/// One signature algorithm row: dotted OID, JDK standard name, meaning.
pub(crate) struct SigEntry {
    pub(crate) oid: &'static str,
    pub(crate) name: &'static str,
    pub(crate) kind: SigKind,
}

const fn sig(oid: &'static str, name: &'static str, kind: SigKind) -> SigEntry {
    SigEntry { oid, name, kind }
}

use Digest::*;
use SigKind::*;

/// Signature algorithm OIDs (KnownOIDs entries with a signature engine in
/// SunRsaSign, SUN or SunEC, plus the legacy OIW aliases Java maps to them).
pub(crate) const SIGNATURE_ALGORITHMS: &[SigEntry] = &[
    sig("1.2.840.113549.1.1.2", "MD2withRSA", RsaPkcs1(Md2)),
    sig("1.2.840.113549.1.1.4", "MD5withRSA", RsaPkcs1(Md5)),
    sig("1.2.840.113549.1.1.5", "SHA1withRSA", RsaPkcs1(Sha1)),
    sig("1.2.840.113549.1.1.10", "RSASSA-PSS", RsaPss),
    sig("1.2.840.113549.1.1.11", "SHA256withRSA", RsaPkcs1(Sha256)),
    sig("1.2.840.113549.1.1.12", "SHA384withRSA", RsaPkcs1(Sha384)),
    sig("1.2.840.113549.1.1.13", "SHA512withRSA", RsaPkcs1(Sha512)),
    sig("1.2.840.113549.1.1.14", "SHA224withRSA", RsaPkcs1(Sha224)),
    sig(
        "1.2.840.113549.1.1.15",
        "SHA512/224withRSA",
        RsaPkcs1(Sha512_224),
    ),
    sig(
        "1.2.840.113549.1.1.16",
        "SHA512/256withRSA",
        RsaPkcs1(Sha512_256),
    ),
    sig("1.3.14.3.2.15", "SHA1withRSA", RsaPkcs1(Sha1)),
    sig("1.3.14.3.2.29", "SHA1withRSA", RsaPkcs1(Sha1)),
    sig(
        "2.16.840.1.101.3.4.3.13",
        "SHA3-224withRSA",
        RsaPkcs1(Sha3_224),
    ),
    sig(
        "2.16.840.1.101.3.4.3.14",
        "SHA3-256withRSA",
        RsaPkcs1(Sha3_256),
    ),
    sig(
        "2.16.840.1.101.3.4.3.15",
        "SHA3-384withRSA",
        RsaPkcs1(Sha3_384),
    ),
    sig(
        "2.16.840.1.101.3.4.3.16",
        "SHA3-512withRSA",
        RsaPkcs1(Sha3_512),
    ),
    sig("1.2.840.10045.4.1", "SHA1withECDSA", Ecdsa(Sha1)),
    sig(
        ECDSA_SPECIFIED_OID,
        "SpecifiedSHA2withECDSA",
        EcdsaSpecified,
    ),
    sig("1.2.840.10045.4.3.1", "SHA224withECDSA", Ecdsa(Sha224)),
    sig("1.2.840.10045.4.3.2", "SHA256withECDSA", Ecdsa(Sha256)),
    sig("1.2.840.10045.4.3.3", "SHA384withECDSA", Ecdsa(Sha384)),
    sig("1.2.840.10045.4.3.4", "SHA512withECDSA", Ecdsa(Sha512)),
    sig(
        "2.16.840.1.101.3.4.3.9",
        "SHA3-224withECDSA",
        Ecdsa(Sha3_224),
    ),
    sig(
        "2.16.840.1.101.3.4.3.10",
        "SHA3-256withECDSA",
        Ecdsa(Sha3_256),
    ),
    sig(
        "2.16.840.1.101.3.4.3.11",
        "SHA3-384withECDSA",
        Ecdsa(Sha3_384),
    ),
    sig(
        "2.16.840.1.101.3.4.3.12",
        "SHA3-512withECDSA",
        Ecdsa(Sha3_512),
    ),
    sig("1.2.840.10040.4.3", "SHA1withDSA", Dsa(Sha1)),
    sig("1.3.14.3.2.13", "SHA1withDSA", Dsa(Sha1)),
    sig("1.3.14.3.2.27", "SHA1withDSA", Dsa(Sha1)),
    sig("2.16.840.1.101.3.4.3.1", "SHA224withDSA", Dsa(Sha224)),
    sig("2.16.840.1.101.3.4.3.2", "SHA256withDSA", Dsa(Sha256)),
    sig("2.16.840.1.101.3.4.3.3", "SHA384withDSA", Dsa(Sha384)),
    sig("2.16.840.1.101.3.4.3.4", "SHA512withDSA", Dsa(Sha512)),
    sig("2.16.840.1.101.3.4.3.5", "SHA3-224withDSA", Dsa(Sha3_224)),
    sig("2.16.840.1.101.3.4.3.6", "SHA3-256withDSA", Dsa(Sha3_256)),
    sig("2.16.840.1.101.3.4.3.7", "SHA3-384withDSA", Dsa(Sha3_384)),
    sig("2.16.840.1.101.3.4.3.8", "SHA3-512withDSA", Dsa(Sha3_512)),
    sig("1.3.101.112", "Ed25519", Ed25519),
    sig("1.3.101.113", "Ed448", Ed448),
    sig(
        "2.16.840.1.101.3.4.3.17",
        "ML-DSA-44",
        MlDsa(MlDsaParameterSet::MlDsa44),
    ),
    sig(
        "2.16.840.1.101.3.4.3.18",
        "ML-DSA-65",
        MlDsa(MlDsaParameterSet::MlDsa65),
    ),
    sig(
        "2.16.840.1.101.3.4.3.19",
        "ML-DSA-87",
        MlDsa(MlDsaParameterSet::MlDsa87),
    ),
    // Names Java prints for OIDs that are not signature algorithms.
    sig("1.2.840.113549.1.1.1", "RSA", NameOnly),
    sig("1.2.840.113549.1.1.7", "OAEP", NameOnly),
    sig("1.2.840.113549.1.1.8", "MGF1", NameOnly),
    sig("1.2.840.113549.1.1.9", "PSpecified", NameOnly),
    sig("1.2.840.113549.1.3.1", "DiffieHellman", NameOnly),
    sig("1.2.840.10046.2.1", "DiffieHellman", NameOnly),
    sig("1.2.840.10045.2.1", "EC", NameOnly),
    sig("1.2.840.10040.4.1", "DSA", NameOnly),
    sig("1.3.14.3.2.12", "DSA", NameOnly),
    sig("2.5.8.1.1", "RSA", NameOnly),
    sig("1.3.101.110", "X25519", NameOnly),
    sig("1.3.101.111", "X448", NameOnly),
    sig("1.2.840.113549.2.2", "MD2", NameOnly),
    sig("1.2.840.113549.2.5", "MD5", NameOnly),
    sig("1.3.14.3.2.26", "SHA-1", NameOnly),
    sig("2.16.840.1.101.3.4.2.1", "SHA-256", NameOnly),
    sig("2.16.840.1.101.3.4.2.2", "SHA-384", NameOnly),
    sig("2.16.840.1.101.3.4.2.3", "SHA-512", NameOnly),
    sig("2.16.840.1.101.3.4.2.4", "SHA-224", NameOnly),
    sig("2.16.840.1.101.3.4.2.5", "SHA-512/224", NameOnly),
    sig("2.16.840.1.101.3.4.2.6", "SHA-512/256", NameOnly),
    sig("2.16.840.1.101.3.4.2.7", "SHA3-224", NameOnly),
    sig("2.16.840.1.101.3.4.2.8", "SHA3-256", NameOnly),
    sig("2.16.840.1.101.3.4.2.9", "SHA3-384", NameOnly),
    sig("2.16.840.1.101.3.4.2.10", "SHA3-512", NameOnly),
    sig("2.16.840.1.101.3.4.2.11", "SHAKE128-256", NameOnly),
    sig("2.16.840.1.101.3.4.2.12", "SHAKE256-512", NameOnly),
];

/// `ecdsa-with-Specified` (RFC 5758 / X9.62), named after its digest parameter.
pub(crate) const ECDSA_SPECIFIED_OID: &str = "1.2.840.10045.4.3";

/// Looks up a signature algorithm (or any named) OID.
pub(crate) fn signature_entry(oid: &str) -> Option<&'static SigEntry> {
    SIGNATURE_ALGORITHMS.iter().find(|e| e.oid == oid)
}

/// The JDK's name for an OID (`AlgorithmId.getName()`), if it has one.
pub(crate) fn java_name_of(oid: &str) -> Option<&'static str> {
    signature_entry(oid).map(|e| e.name)
}

/// For a key algorithm OID outside [`key_alg`]: false when the JDK has a KeyFactory for it that
/// refuses this key, so that `X509Key.parse` fails the certificate. The factories are
/// DiffieHellman (PKCS#3 and X9.42 OIDs: domain parameters in a SEQUENCE, the key an INTEGER)
/// and XDH (X25519 / X448: no parameters, a 32- or 56-octet u-coordinate). Any other OID has no
/// factory and stays an opaque key.
pub(crate) fn other_key_factory_accepts(oid: &str, params: Option<&[u8]>, key_bits: &[u8]) -> bool {
    let is_tlv = |b: &[u8], tag: u8| {
        let mut r = crate::der::Reader::new(b, crate::der::Strictness::BerDefinite);
        matches!(r.read(), Ok(t) if t.tag == tag) && r.is_empty()
    };
    match oid {
        "1.2.840.113549.1.3.1" | "1.2.840.10046.2.1" => {
            params.is_some_and(|p| is_tlv(p, 0x30)) && is_tlv(key_bits, 0x02)
        }
        "1.3.101.110" => params.is_none() && key_bits.len() == 32,
        "1.3.101.111" => params.is_none() && key_bits.len() == 56,
        _ => true,
    }
}

/// Subject public key algorithms the JDK builds real keys for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyAlg {
    Rsa,
    RsaPss,
    Ec,
    Dsa,
    Ed25519,
    Ed448,
    MlDsa(MlDsaParameterSet),
}

/// Key algorithm OIDs. `2.5.8.1.1` (X.509's old RSA OID) and
/// `1.3.14.3.2.12` (OIW DSA) are named "RSA" / "DSA" by KnownOIDs, so the
/// JDK's key factories accept them too.
pub(crate) fn key_alg(oid: &str) -> Option<KeyAlg> {
    Some(match oid {
        "1.2.840.113549.1.1.1" | "2.5.8.1.1" => KeyAlg::Rsa,
        "1.2.840.113549.1.1.10" => KeyAlg::RsaPss,
        "1.2.840.10045.2.1" => KeyAlg::Ec,
        "1.2.840.10040.4.1" | "1.3.14.3.2.12" => KeyAlg::Dsa,
        "1.3.101.112" => KeyAlg::Ed25519,
        "1.3.101.113" => KeyAlg::Ed448,
        "2.16.840.1.101.3.4.3.17" => KeyAlg::MlDsa(MlDsaParameterSet::MlDsa44),
        "2.16.840.1.101.3.4.3.18" => KeyAlg::MlDsa(MlDsaParameterSet::MlDsa65),
        "2.16.840.1.101.3.4.3.19" => KeyAlg::MlDsa(MlDsaParameterSet::MlDsa87),
        _ => return None,
    })
}

/// A named curve the JDK's CurveDB knows.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CurveInfo {
    /// Dotted OID.
    pub(crate) oid: &'static str,
    /// JDK standard name (`secp256r1`, `brainpoolP256r1`, `X9.62 c2tnb191v1`).
    pub(crate) name: &'static str,
    /// Field size in bits (decides the encoded point length).
    pub(crate) field_bits: u32,
    /// Bit length of the group order: what `KeyUtil.getKeySize` reports.
    pub(crate) order_bits: u32,
}

const fn curve(
    oid: &'static str,
    name: &'static str,
    field_bits: u32,
    order_bits: u32,
) -> CurveInfo {
    CurveInfo {
        oid,
        name,
        field_bits,
        order_bits,
    }
}

/// Every curve registered in JDK 17's `sun.security.util.CurveDB`.
pub(crate) const CURVES: &[CurveInfo] = &[
    curve("1.3.132.0.6", "secp112r1", 112, 112),
    curve("1.3.132.0.7", "secp112r2", 112, 110),
    curve("1.3.132.0.28", "secp128r1", 128, 128),
    curve("1.3.132.0.29", "secp128r2", 128, 126),
    curve("1.3.132.0.9", "secp160k1", 160, 161),
    curve("1.3.132.0.8", "secp160r1", 160, 161),
    curve("1.3.132.0.30", "secp160r2", 160, 161),
    curve("1.3.132.0.31", "secp192k1", 192, 192),
    curve("1.2.840.10045.3.1.1", "secp192r1", 192, 192),
    curve("1.3.132.0.32", "secp224k1", 224, 225),
    curve("1.3.132.0.33", "secp224r1", 224, 224),
    curve("1.3.132.0.10", "secp256k1", 256, 256),
    curve("1.2.840.10045.3.1.7", "secp256r1", 256, 256),
    curve("1.3.132.0.34", "secp384r1", 384, 384),
    curve("1.3.132.0.35", "secp521r1", 521, 521),
    curve("1.2.840.10045.3.1.2", "X9.62 prime192v2", 192, 192),
    curve("1.2.840.10045.3.1.3", "X9.62 prime192v3", 192, 192),
    curve("1.2.840.10045.3.1.4", "X9.62 prime239v1", 239, 239),
    curve("1.2.840.10045.3.1.5", "X9.62 prime239v2", 239, 239),
    curve("1.2.840.10045.3.1.6", "X9.62 prime239v3", 239, 239),
    curve("1.3.132.0.4", "sect113r1", 113, 113),
    curve("1.3.132.0.5", "sect113r2", 113, 113),
    curve("1.3.132.0.22", "sect131r1", 131, 131),
    curve("1.3.132.0.23", "sect131r2", 131, 131),
    curve("1.3.132.0.1", "sect163k1", 163, 163),
    curve("1.3.132.0.2", "sect163r1", 163, 162),
    curve("1.3.132.0.15", "sect163r2", 163, 163),
    curve("1.3.132.0.24", "sect193r1", 193, 193),
    curve("1.3.132.0.25", "sect193r2", 193, 193),
    curve("1.3.132.0.26", "sect233k1", 233, 232),
    curve("1.3.132.0.27", "sect233r1", 233, 233),
    curve("1.3.132.0.3", "sect239k1", 239, 238),
    curve("1.3.132.0.16", "sect283k1", 283, 281),
    curve("1.3.132.0.17", "sect283r1", 283, 282),
    curve("1.3.132.0.36", "sect409k1", 409, 407),
    curve("1.3.132.0.37", "sect409r1", 409, 409),
    curve("1.3.132.0.38", "sect571k1", 571, 570),
    curve("1.3.132.0.39", "sect571r1", 571, 570),
    curve("1.2.840.10045.3.0.5", "X9.62 c2tnb191v1", 191, 191),
    curve("1.2.840.10045.3.0.6", "X9.62 c2tnb191v2", 191, 190),
    curve("1.2.840.10045.3.0.7", "X9.62 c2tnb191v3", 191, 189),
    curve("1.2.840.10045.3.0.11", "X9.62 c2tnb239v1", 239, 238),
    curve("1.2.840.10045.3.0.12", "X9.62 c2tnb239v2", 239, 237),
    curve("1.2.840.10045.3.0.13", "X9.62 c2tnb239v3", 239, 236),
    curve("1.2.840.10045.3.0.18", "X9.62 c2tnb359v1", 359, 353),
    curve("1.2.840.10045.3.0.20", "X9.62 c2tnb431r1", 431, 418),
    curve("1.3.36.3.3.2.8.1.1.1", "brainpoolP160r1", 160, 160),
    curve("1.3.36.3.3.2.8.1.1.3", "brainpoolP192r1", 192, 192),
    curve("1.3.36.3.3.2.8.1.1.5", "brainpoolP224r1", 224, 224),
    curve("1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1", 256, 256),
    curve("1.3.36.3.3.2.8.1.1.9", "brainpoolP320r1", 320, 320),
    curve("1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1", 384, 384),
    curve("1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1", 512, 512),
];

/// Looks up a named curve by OID.
pub(crate) fn curve_by_oid(oid: &str) -> Option<&'static CurveInfo> {
    CURVES.iter().find(|c| c.oid == oid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oids_are_unique() {
        for (i, a) in SIGNATURE_ALGORITHMS.iter().enumerate() {
            for b in SIGNATURE_ALGORITHMS.iter().skip(i + 1) {
                assert_ne!(a.oid, b.oid);
            }
        }
        for (i, a) in CURVES.iter().enumerate() {
            for b in CURVES.iter().skip(i + 1) {
                assert_ne!(a.oid, b.oid);
            }
        }
    }

    #[test]
    fn digest_names_match_digest_table() {
        for d in crate::crypto::hash::ALL_DIGESTS {
            assert_eq!(java_name_of(d.oid()), Some(d.java_name()));
        }
    }

    #[test]
    fn well_known_curves() {
        let p256 = curve_by_oid("1.2.840.10045.3.1.7").unwrap();
        assert_eq!(
            (p256.name, p256.field_bits, p256.order_bits),
            ("secp256r1", 256, 256)
        );
        let p521 = curve_by_oid("1.3.132.0.35").unwrap();
        assert_eq!((p521.field_bits, p521.order_bits), (521, 521));
        let k163 = curve_by_oid("1.3.132.0.1").unwrap();
        assert_eq!((k163.field_bits, k163.order_bits), (163, 163));
        assert!(curve_by_oid("1.3.36.3.3.2.8.1.1.7").is_some());
        assert!(curve_by_oid("1.2.840.10045.3.0.1").is_none());
    }
}
