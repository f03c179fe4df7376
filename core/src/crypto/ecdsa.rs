//! EC keys and ECDSA signatures with SunEC's rules.
//!
//! JDK 17's SunEC has pure-Java arithmetic for P-256, P-384 and P-521 only
//! (the native library with the other curves was removed in JDK 16), so an
//! issuer key on any other curve cannot verify anything ("signature check
//! failed") even though the key itself parses.
//!
//! All of it runs on AWS-LC, in two steps:
//!
//! * the fast path ([`super::memo`]) verifies P-256 and P-384 with SHA-256/384 and P-521 with
//!   SHA-256/384/512 from the message and the DER signature, with cached keys;
//! * every other curve and digest pair the JDK accepts (SHA-1, SHA-224, SHA-512 on P-256,
//!   SHA3-* …), and every signature the fast path refuses (it refuses encodings Java
//!   tolerates, such as negative INTEGERs), is decided here with Java's own signature decoding
//!   and a digest we compute, handed to AWS-LC as a pre-computed digest ([`verify_prehashed`]).
//!   AWS-LC offers ECDSA only for some curve and digest pairs, but a pre-computed digest
//!   verifies the same for any of them: see [`native_digest`].

use aws_lc_rs::digest as aws_digest;
use aws_lc_rs::signature::{self as aws, EcdsaVerificationAlgorithm, UnparsedPublicKey};

use super::memo::{self, Fast};

use crate::der::{self, tag, OidBound, Reader, Strictness};
use super::hash::Digest;
use super::oids::{self, CurveInfo};
use super::{CryptoError, KeyProblem};

const P256_OID: &str = "1.2.840.10045.3.1.7";
const P384_OID: &str = "1.3.132.0.34";
const P521_OID: &str = "1.3.132.0.35";

/// An EC public key as `ECPublicKeyImpl` accepts it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EcKey<'a> {
    /// The named curve.
    pub(crate) curve: &'static CurveInfo,
    /// Uncompressed point `04 || X || Y`, exactly as long as the field needs.
    point: &'a [u8],
}

/// Parses the SPKI parameters (a named curve OID) and the point.
///
/// The JDK only supports named curves from its CurveDB ("Only named
/// ECParameters supported", "Unknown named curve") and uncompressed points
/// ("Only uncompressed point format supported"); other keys make the whole
/// certificate unparseable for it.
pub(crate) fn parse_key<'a>(
    params: Option<&[u8]>,
    key_bits: &'a [u8],
) -> Result<EcKey<'a>, CryptoError> {
    let params = params.ok_or(CryptoError::MalformedKey(KeyProblem::EcParameters))?;
    let tlv = der::single(params, Strictness::BerDefinite)
        .map_err(|_| CryptoError::MalformedKey(KeyProblem::EcParameters))?;
    if tlv.tag != tag::OID {
        return Err(CryptoError::MalformedKey(KeyProblem::EcParameters));
    }
    let oid = der::oid_to_string(tlv.content, OidBound::Arcs128)
        .map_err(|_| CryptoError::MalformedKey(KeyProblem::EcParameters))?;
    let curve = oids::curve_by_oid(&oid)
        .ok_or(CryptoError::MalformedKey(KeyProblem::UnknownCurve { oid }))?;
    // ECUtil.decodePoint: 0x04 first, and (len - 1) / 2 must be the field size
    // in octets; Java ignores a stray last octet, so do we.
    let field_len = curve.field_bits.div_ceil(8) as usize;
    if key_bits.first() != Some(&4) || (key_bits.len().saturating_sub(1)) / 2 != field_len {
        return Err(CryptoError::MalformedKey(KeyProblem::EcPoint));
    }
    let point = key_bits
        .get(..1 + 2 * field_len)
        .ok_or(CryptoError::MalformedKey(KeyProblem::EcPoint))?;
    Ok(EcKey { curve, point })
}

/// ECDSA verification as `sun.security.ec.ECDSASignature`.
///
/// `sig_params` are the signature AlgorithmIdentifier's parameters (NULL
/// already removed): Java reads them as EC parameters and requires the
/// key's curve.
pub(crate) fn verify(
    key: &EcKey<'_>,
    digest: Digest,
    sig_params: Option<&[u8]>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    if let Some(p) = sig_params {
        let same_curve = der::single(p, Strictness::BerDefinite)
            .ok()
            .filter(|t| t.tag == tag::OID)
            .and_then(|t| der::oid_to_string(t.content, OidBound::Arcs128).ok())
            .is_some_and(|oid| oid == key.curve.oid);
        if !same_curve {
            return Err(CryptoError::IncompatibleParameters);
        }
    }
    if !matches!(key.curve.oid, P256_OID | P384_OID | P521_OID) {
        return Err(CryptoError::UnsupportedCurve {
            curve: key.curve.name.to_owned(),
        });
    }
    if let Some(alg) = fast_alg(key.curve.oid, digest) {
        if memo::verify(alg, key.point, message, signature) {
            return Ok(());
        }
    }
    let (r, s) = decode_signature(signature)?;
    let hash = digest.hash(&[message]);
    if verify_prehashed(Prehashed::of(key.curve.oid), key.point, r, s, &hash) {
        Ok(())
    } else {
        Err(CryptoError::BadSignature)
    }
}

/// The curve and digest pairs the fast path covers.
fn fast_alg(curve_oid: &str, digest: Digest) -> Option<Fast> {
    Some(match (curve_oid, digest) {
        (P256_OID, Digest::Sha256) => Fast::EcdsaP256Sha256,
        (P256_OID, Digest::Sha384) => Fast::EcdsaP256Sha384,
        (P384_OID, Digest::Sha256) => Fast::EcdsaP384Sha256,
        (P384_OID, Digest::Sha384) => Fast::EcdsaP384Sha384,
        (P521_OID, Digest::Sha256) => Fast::EcdsaP521Sha256,
        (P521_OID, Digest::Sha384) => Fast::EcdsaP521Sha384,
        (P521_OID, Digest::Sha512) => Fast::EcdsaP521Sha512,
        _ => return None,
    })
}

/// `ECUtil.decodeSignature`: strict DER `SEQUENCE { INTEGER r, INTEGER s }`
/// with nothing after it, each INTEGER read as an unsigned magnitude.
fn decode_signature(signature: &[u8]) -> Result<(&[u8], &[u8]), CryptoError> {
    let bad = |_| CryptoError::MalformedSignature;
    let seq = der::single(signature, Strictness::Der).map_err(bad)?;
    if seq.tag != tag::SEQUENCE {
        return Err(CryptoError::MalformedSignature);
    }
    let mut r = Reader::new(seq.content, Strictness::Der);
    let first = der::unsigned_magnitude(r.read_integer().map_err(bad)?);
    let second = der::unsigned_magnitude(r.read_integer().map_err(bad)?);
    r.finish().map_err(bad)?;
    Ok((first, second))
}

/// What AWS-LC needs to verify a pre-computed digest on one of SunEC's three curves.
#[derive(Clone, Copy)]
struct Prehashed {
    /// The algorithm with the curve's own digest and a fixed-width `r || s` signature.
    algorithm: &'static EcdsaVerificationAlgorithm,
    /// The curve's own digest, which AWS-LC requires the imported digest to be.
    native: &'static aws_digest::Algorithm,
    /// The octets of `r` and of `s` in the fixed-width signature: the order's length.
    scalar_len: usize,
    /// Bit length of the curve's order.
    order_bits: usize,
}

impl Prehashed {
    /// For P-256, P-384 and otherwise P-521 (the caller has refused any other curve).
    fn of(curve_oid: &str) -> Prehashed {
        match curve_oid {
            P256_OID => Prehashed {
                algorithm: &aws::ECDSA_P256_SHA256_FIXED,
                native: &aws_digest::SHA256,
                scalar_len: 32,
                order_bits: 256,
            },
            P384_OID => Prehashed {
                algorithm: &aws::ECDSA_P384_SHA384_FIXED,
                native: &aws_digest::SHA384,
                scalar_len: 48,
                order_bits: 384,
            },
            _ => Prehashed {
                algorithm: &aws::ECDSA_P521_SHA512_FIXED,
                native: &aws_digest::SHA512,
                scalar_len: 66,
                order_bits: 521,
            },
        }
    }
}

/// The ECDSA check itself, on AWS-LC, for a digest of any length the JDK uses.
///
/// `ECDSAOperations.verifySignedDigest` reads `r` and `s` as integers (the caller has decoded
/// them as `ECUtil.decodeSignature` does), refuses either outside `1..n`, and reads the digest
/// as the integer of its leftmost octets, at most as many as the order has. AWS-LC refuses
/// zero and values of at least `n` the same way, and the digest it receives is
/// [`native_digest`]'s, which stands for the same integer.
fn verify_prehashed(curve: Prehashed, point: &[u8], r: &[u8], s: &[u8], hash: &[u8]) -> bool {
    let Some(native) = native_digest(hash, curve.native.output_len(), curve.order_bits) else {
        return false;
    };
    let Ok(digest) = aws_digest::Digest::import_less_safe(&native, curve.native) else {
        return false;
    };
    // r || s, each left-padded to the order's length; a magnitude longer than that is at
    // least n, which Java refuses.
    let mut fixed = vec![0u8; 2 * curve.scalar_len];
    let (r_out, s_out) = fixed.split_at_mut(curve.scalar_len);
    if !left_pad_into(r, r_out) || !left_pad_into(s, s_out) {
        return false;
    }
    // ECUtil.validatePublicKey's checks (coordinates in range, point on the curve) are
    // AWS-LC's when it parses the key: a key that fails them verifies nothing.
    UnparsedPublicKey::new(curve.algorithm, point)
        .verify_digest(&digest, &fixed)
        .is_ok()
}

/// `hash` re-cut to `native_len` octets (the curve's own digest length) so that it stands for
/// the same integer in ECDSA (FIPS 186-4 section 6.4: the leftmost bits of the digest, as many
/// as the order has).
///
/// A shorter digest is left-padded with zero octets, which leaves its integer unchanged. A
/// longer one is cut to its leftmost `native_len` octets, which is what both Java and AWS-LC
/// would read of it when the order has exactly that many bits (P-256, P-384). For P-521 (a
/// 521-bit order, native digest SHA-512) no digest the JDK uses is longer than 64 octets;
/// `None` for one that is, which would need a cut inside an octet.
fn native_digest(hash: &[u8], native_len: usize, order_bits: usize) -> Option<Vec<u8>> {
    if hash.len() > native_len && order_bits != 8 * native_len {
        return None;
    }
    if hash.len() >= native_len {
        return hash.get(..native_len).map(<[u8]>::to_vec);
    }
    let mut out = vec![0u8; native_len];
    left_pad_into(hash, &mut out).then_some(out)
}

/// Copies `magnitude` right-aligned into `out` (zeros before it); false when it is longer.
fn left_pad_into(magnitude: &[u8], out: &mut [u8]) -> bool {
    let Some(offset) = out.len().checked_sub(magnitude.len()) else {
        return false;
    };
    match out.get_mut(offset..) {
        Some(tail) => {
            tail.copy_from_slice(magnitude);
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The namedCurve parameters of SunEC's three curves, as a key's AlgorithmIdentifier has them.
    const P256_PARAMS: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    const P384_PARAMS: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
    const P521_PARAMS: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23];

    #[test]
    fn signature_decoding_is_strict_der_but_accepts_negative_integers() {
        assert_eq!(
            decode_signature(&[0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07]).unwrap(),
            (&[5u8][..], &[7u8][..])
        );
        // Negative INTEGER (no leading zero): Java's getPositiveBigInteger reads the magnitude.
        assert_eq!(
            decode_signature(&[0x30, 0x06, 0x02, 0x01, 0x85, 0x02, 0x01, 0x07])
                .unwrap()
                .0,
            &[0x85]
        );
        // Redundant leading zero, trailing data, a third element, wrong tags.
        assert!(decode_signature(&[0x30, 0x07, 0x02, 0x02, 0x00, 0x05, 0x02, 0x01, 0x07]).is_err());
        assert!(decode_signature(&[0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07, 0x00]).is_err());
        assert!(decode_signature(&[
            0x30, 0x09, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07, 0x02, 0x01, 0x01
        ])
        .is_err());
        assert!(decode_signature(&[0x31, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07]).is_err());
        assert!(decode_signature(&[]).is_err());
    }

    #[test]
    fn key_parsing_follows_ecutil() {
        let p256 = P256_PARAMS;
        let mut point = vec![4u8];
        point.extend([1u8; 64]);
        let key = parse_key(Some(p256), &point).unwrap();
        assert_eq!(key.curve.name, "secp256r1");
        point.push(9);
        assert_eq!(parse_key(Some(p256), &point).unwrap().point.len(), 65);
        let mut compressed = vec![2u8];
        compressed.extend([1u8; 32]);
        assert_eq!(
            parse_key(Some(p256), &compressed).unwrap_err(),
            CryptoError::MalformedKey(KeyProblem::EcPoint)
        );
        assert_eq!(
            parse_key(None, &point).unwrap_err(),
            CryptoError::MalformedKey(KeyProblem::EcParameters)
        );
        let explicit = [0x30, 0x03, 0x02, 0x01, 0x01];
        assert_eq!(
            parse_key(Some(&explicit), &point).unwrap_err(),
            CryptoError::MalformedKey(KeyProblem::EcParameters)
        );
        let unknown = [0x06, 0x03, 0x2a, 0x03, 0x04];
        assert!(matches!(
            parse_key(Some(&unknown), &point).unwrap_err(),
            CryptoError::MalformedKey(KeyProblem::UnknownCurve { .. })
        ));
    }

    #[test]
    fn garbage_never_verifies() {
        let mut point = vec![4u8];
        point.extend([0xffu8; 132]);
        let p521 = Prehashed::of(P521_OID);
        let p256 = Prehashed::of(P256_OID);
        // Coordinates out of range, zero scalars, an empty digest.
        assert!(!verify_prehashed(p521, &point, &[1], &[1], &[0; 20]));
        assert!(!verify_prehashed(p256, &point[..65], &[1], &[1], &[]));
        assert!(!verify_prehashed(p256, &point[..65], &[], &[], &[0; 32]));
        // A scalar longer than the order.
        assert!(!verify_prehashed(p256, &point[..65], &[1; 33], &[1], &[0; 32]));
    }

    #[test]
    fn digests_are_recut_to_the_same_integer() {
        let long: Vec<u8> = (1..=64).collect();
        // P-256: the leftmost 32 octets; P-384: the leftmost 48.
        assert_eq!(native_digest(&long, 32, 256).unwrap(), long[..32]);
        assert_eq!(native_digest(&long, 48, 384).unwrap(), long[..48]);
        // Shorter: left-padded.
        let short = [7u8; 20];
        let padded = native_digest(&short, 48, 384).unwrap();
        assert_eq!(padded[..28], [0u8; 28]);
        assert_eq!(padded[28..], short);
        // P-521: at most 64 octets, padded; a longer one cannot be cut on an octet boundary.
        assert_eq!(native_digest(&long, 64, 521).unwrap(), long);
        assert_eq!(native_digest(&short, 64, 521).unwrap()[44..], short);
        assert!(native_digest(&[1; 65], 64, 521).is_none());
    }

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    /// OpenSSL's signatures for every curve and JDK digest (tests/data/crypto/ecdsa-digests.tsv),
    /// on the fast path and on the pre-computed digest path alike.
    #[test]
    fn every_curve_and_digest_verifies_like_openssl() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/crypto/ecdsa-digests.tsv");
        let text = std::fs::read_to_string(path).unwrap();
        let message = b"tbs for the prehashed ECDSA test";
        let mut checked = 0;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            let (curve_oid, curve_der): (&str, &[u8]) = match f[0] {
                "P-256" => (P256_OID, P256_PARAMS),
                "P-384" => (P384_OID, P384_PARAMS),
                _ => (P521_OID, P521_PARAMS),
            };
            let digest = super::super::hash::ALL_DIGESTS
                .into_iter()
                .find(|d| d.java_name() == f[1])
                .unwrap();
            let point = unhex(f[2]);
            let sig = unhex(f[3]);
            let key = parse_key(Some(curve_der), &point).unwrap();
            let what = format!("{} {}", f[0], f[1]);
            assert_eq!(verify(&key, digest, None, message, &sig), Ok(()), "{what}");
            assert_eq!(
                verify(&key, digest, None, b"another message", &sig),
                Err(CryptoError::BadSignature),
                "{what}"
            );
            // The pre-computed digest path alone, also for the pairs the fast path takes.
            let (r, s) = decode_signature(&sig).unwrap();
            let curve = Prehashed::of(curve_oid);
            assert!(verify_prehashed(curve, &point, r, s, &digest.hash(&[message])), "{what}");
            for other in super::super::hash::ALL_DIGESTS {
                if other != digest {
                    let hash = other.hash(&[message]);
                    assert!(!verify_prehashed(curve, &point, r, s, &hash), "{what} as {other:?}");
                }
            }
            checked += 1;
        }
        assert_eq!(checked, 27);
    }
}
