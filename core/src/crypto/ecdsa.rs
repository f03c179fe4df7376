//! EC keys and ECDSA signatures with SunEC's rules.
//!
//! JDK 17's SunEC has pure-Java arithmetic for P-256, P-384 and P-521 only
//! (the native library with the other curves was removed in JDK 16), so an
//! issuer key on any other curve cannot verify anything ("signature check
//! failed") even though the key itself parses. The fast path (AWS-LC,
//! [`super::memo`]) verifies P-256 and P-384 with SHA-256/384 and P-521 with
//! SHA-256/384/512; every other combination, and every signature it does not
//! accept (it refuses encodings Java tolerates, such as negative INTEGERs),
//! is decided by RustCrypto with Java's own signature decoding and digest
//! truncation.

use super::memo::{self, Fast};
use elliptic_curve::sec1::FromSec1Point;

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
    let ok = match key.curve.oid {
        P256_OID => verify_rc::<p256::NistP256>(key.point, r, s, &hash),
        P384_OID => verify_rc::<p384::NistP384>(key.point, r, s, &hash),
        _ => verify_rc::<p521::NistP521>(key.point, r, s, &hash),
    };
    if ok {
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

/// The ECDSA check itself. `ecdsa::hazmat::verify_prehashed` reduces the
/// digest exactly like `ECDSAOperations.verifySignedDigest`: the leftmost
/// octets up to the order's length, read big-endian, then mod n.
fn verify_rc<C>(point: &[u8], r: &[u8], s: &[u8], hash: &[u8]) -> bool
where
    C: ecdsa::EcdsaCurve + elliptic_curve::CurveArithmetic,
    elliptic_curve::AffinePoint<C>: FromSec1Point<C>,
    elliptic_curve::FieldBytesSize<C>: elliptic_curve::sec1::ModulusSize,
{
    // ECUtil.validatePublicKey: coordinates in range and on the curve.
    let Ok(affine) = elliptic_curve::AffinePoint::<C>::from_sec1_bytes(point) else {
        return false;
    };
    let (Some(r), Some(s)) = (field_bytes::<C>(r), field_bytes::<C>(s)) else {
        return false;
    };
    // from_scalars refuses zero and values >= n, as Java does.
    let Ok(sig) = ecdsa::Signature::<C>::from_scalars(r, s) else {
        return false;
    };
    let q = elliptic_curve::ProjectivePoint::<C>::from(affine);
    ecdsa::hazmat::verify_prehashed::<C>(&q, hash, &sig).is_ok()
}

/// Left-pads a magnitude into the curve's scalar width; `None` when too long.
fn field_bytes<C: elliptic_curve::Curve>(
    magnitude: &[u8],
) -> Option<elliptic_curve::FieldBytes<C>> {
    let mut out = elliptic_curve::FieldBytes::<C>::default();
    let offset = out.len().checked_sub(magnitude.len())?;
    out.get_mut(offset..)?.copy_from_slice(magnitude);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let p256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
        let mut point = vec![4u8];
        point.extend([1u8; 64]);
        let key = parse_key(Some(&p256), &point).unwrap();
        assert_eq!(key.curve.name, "secp256r1");
        point.push(9);
        assert_eq!(parse_key(Some(&p256), &point).unwrap().point.len(), 65);
        let mut compressed = vec![2u8];
        compressed.extend([1u8; 32]);
        assert_eq!(
            parse_key(Some(&p256), &compressed).unwrap_err(),
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
        let point = {
            let mut p = vec![4u8];
            p.extend([0xffu8; 132]);
            p
        };
        for sig in [
            &[][..],
            &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01][..],
        ] {
            assert!(!verify_rc::<p521::NistP521>(&point, &[1], &[1], &[0; 20]));
            assert!(
                decode_signature(sig).is_err()
                    || !verify_rc::<p256::NistP256>(&point[..65], &[1], &[1], &[])
            );
        }
        assert!(field_bytes::<p256::NistP256>(&[1; 33]).is_none());
    }
}
