//! DSA keys and signatures with the SUN provider's rules.
//!
//! AWS-LC, the crate's one crypto backend, offers no DSA verification. The
//! arithmetic is a few modular exponentiations, done here on `num-bigint`
//! so that the JDK's exact decoding rules apply: signed INTEGERs forced
//! positive, digest truncated to `floor(bits(q) / 8)` octets, and no
//! digest-strength check at verification time (JDK 17 checks that only when
//! signing). The `dsa` crate enforces FIPS 186 key-size pairs and a canonical
//! signature decoding, both of which would refuse keys and signatures the JDK
//! verifies.

use num_bigint::BigUint;

use crate::der::{self, tag, Reader, Strictness};
use super::hash::Digest;
use super::{CryptoError, KeyProblem};

/// Largest `p` we compute with (a resource guard against hostile keys).
const MAX_P_BITS: u64 = 16384;

/// A DSA public key. Parameters may be absent: RFC 3279 lets a key inherit
/// them from its issuer, which the JDK's PKIX `BasicChecker` does.
#[derive(Debug, Clone)]
pub(crate) struct DsaKey {
    y: BigUint,
    params: Option<DsaParams>,
}

#[derive(Debug, Clone)]
struct DsaParams {
    p: BigUint,
    q: BigUint,
    g: BigUint,
}

impl DsaKey {
    /// Bit length of `p`, which `KeyUtil.getKeySize` reports; `None` when
    /// the parameters are inherited.
    pub(crate) fn bits(&self) -> Option<u32> {
        self.params
            .as_ref()
            .map(|p| u32::try_from(p.p.bits()).unwrap_or(u32::MAX))
    }

    /// Bit lengths of `p` and `q`, which decide the cost of a verification.
    pub(crate) fn parameter_bits(&self) -> Option<(u64, u64)> {
        self.params.as_ref().map(|p| (p.p.bits(), p.q.bits()))
    }

    /// Whether the key carries its own `Dss-Parms`.
    #[cfg(test)]
    pub(crate) fn has_params(&self) -> bool {
        self.params.is_some()
    }
}

/// Parses `Dss-Parms` (if present) and the `INTEGER y` in the BIT STRING.
pub(crate) fn parse_key(params: Option<&[u8]>, key_bits: &[u8]) -> Result<DsaKey, CryptoError> {
    let malformed = |_| CryptoError::MalformedKey(KeyProblem::Encoding);
    let params = match params {
        None => None,
        Some(p) => {
            let seq = der::single(p, Strictness::BerDefinite).map_err(malformed)?;
            if seq.tag != tag::SEQUENCE {
                return Err(CryptoError::MalformedKey(KeyProblem::Encoding));
            }
            let mut r = Reader::new(seq.content, Strictness::BerDefinite);
            let p = big(r.read_integer().map_err(malformed)?);
            let q = big(r.read_integer().map_err(malformed)?);
            let g = big(r.read_integer().map_err(malformed)?);
            r.finish().map_err(malformed)?;
            Some(DsaParams { p, q, g })
        }
    };
    let y_tlv = der::single(key_bits, Strictness::BerDefinite).map_err(malformed)?;
    if y_tlv.tag != tag::INTEGER || y_tlv.content.is_empty() {
        return Err(CryptoError::MalformedKey(KeyProblem::Encoding));
    }
    Ok(DsaKey {
        y: big(y_tlv.content),
        params,
    })
}

/// DSA verification as `sun.security.provider.DSA.engineVerify`.
pub(crate) fn verify(
    key: &DsaKey,
    digest: Digest,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    let params = key
        .params
        .as_ref()
        .ok_or(CryptoError::MissingDsaParameters)?;
    let (r, s) = decode_signature(signature)?;
    let one = BigUint::from(1u8);
    // Degenerate parameters would make the arithmetic below meaningless (or
    // divide by zero); Java would throw an unchecked exception. Oversized
    // ones are refused as a resource guard (our choice: the JDK has no upper
    // bound, but no real DSA key comes near it).
    if params.p <= one || params.q <= one || params.p.bits() > MAX_P_BITS || params.q > params.p {
        return Err(CryptoError::MalformedKey(KeyProblem::DsaParameters));
    }
    let zero = BigUint::from(0u8);
    if r == zero || s == zero || r >= params.q || s >= params.q {
        // "invalid signature: out of range values"
        return Err(CryptoError::MalformedSignature);
    }
    let w = s.modinv(&params.q).ok_or(CryptoError::BadSignature)?;
    let hash = digest.hash(&[message]);
    // "get the leftmost min(N, outLen) bits": Java counts whole octets only.
    let n_bytes = (params.q.bits() / 8) as usize;
    let z = BigUint::from_bytes_be(hash.get(..n_bytes.min(hash.len())).unwrap_or(&hash));
    let u1 = (&z * &w) % &params.q;
    let u2 = (&r * &w) % &params.q;
    let t1 = params.g.modpow(&u1, &params.p);
    let t2 = key.y.modpow(&u2, &params.p);
    let v = ((t1 * t2) % &params.p) % &params.q;
    if v == r {
        Ok(())
    } else {
        Err(CryptoError::BadSignature)
    }
}

/// Strict DER `SEQUENCE { r, s }`; negative INTEGERs are made positive the
/// way `DSA.engineVerify` does (`new BigInteger(1, r.toByteArray())`).
fn decode_signature(signature: &[u8]) -> Result<(BigUint, BigUint), CryptoError> {
    let bad = |_| CryptoError::MalformedSignature;
    let seq = der::single(signature, Strictness::Der).map_err(bad)?;
    if seq.tag != tag::SEQUENCE {
        return Err(CryptoError::MalformedSignature);
    }
    let mut rd = Reader::new(seq.content, Strictness::Der);
    let r = BigUint::from_bytes_be(der::signed_then_positive(rd.read_integer().map_err(bad)?));
    let s = BigUint::from_bytes_be(der::signed_then_positive(rd.read_integer().map_err(bad)?));
    rd.finish().map_err(bad)?;
    Ok((r, s))
}

/// Domain parameters and `y` are read as magnitudes.
fn big(content: &[u8]) -> BigUint {
    BigUint::from_bytes_be(der::unsigned_magnitude(content))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy group (p = 23, q = 11, g = 4) to exercise the arithmetic and the
    /// range checks; x = 3, y = g^x mod p = 18.
    fn toy_key() -> DsaKey {
        DsaKey {
            y: BigUint::from(18u8),
            params: Some(DsaParams {
                p: BigUint::from(23u8),
                q: BigUint::from(11u8),
                g: BigUint::from(4u8),
            }),
        }
    }

    fn sig(r: u8, s: u8) -> Vec<u8> {
        vec![0x30, 0x06, 0x02, 0x01, r, 0x02, 0x01, s]
    }

    #[test]
    fn toy_group_verifies_only_the_right_signature() {
        let key = toy_key();
        // q has 4 bits, so Java keeps floor(4/8) = 0 octets of the digest: z = 0.
        // With z = 0, k = 2: r = (4^2 mod 23) mod 11 = 16 mod 11 = 5,
        // s = k^-1 (z + x r) = 6 * 15 mod 11 = 2.
        assert_eq!(verify(&key, Digest::Sha1, b"anything", &sig(5, 2)), Ok(()));
        assert_eq!(
            verify(&key, Digest::Sha1, b"anything", &sig(5, 3)),
            Err(CryptoError::BadSignature)
        );
        assert_eq!(
            verify(&key, Digest::Sha1, b"x", &sig(0, 2)),
            Err(CryptoError::MalformedSignature)
        );
        assert_eq!(
            verify(&key, Digest::Sha1, b"x", &sig(11, 2)),
            Err(CryptoError::MalformedSignature)
        );
        assert_eq!(
            verify(&key, Digest::Sha1, b"x", &[0x30, 0x00]),
            Err(CryptoError::MalformedSignature)
        );
    }

    #[test]
    fn inherited_and_degenerate_parameters() {
        let mut key = toy_key();
        key.params = None;
        assert_eq!(key.bits(), None);
        assert_eq!(
            verify(&key, Digest::Sha1, b"x", &sig(5, 2)),
            Err(CryptoError::MissingDsaParameters)
        );
        let huge = DsaKey {
            y: BigUint::from(1u8),
            params: Some(DsaParams {
                p: BigUint::from(1u8) << 20000u32,
                q: BigUint::from(11u8),
                g: BigUint::from(2u8),
            }),
        };
        assert_eq!(
            verify(&huge, Digest::Sha1, b"x", &sig(1, 1)),
            Err(CryptoError::MalformedKey(KeyProblem::DsaParameters))
        );
        let zero = DsaKey {
            y: BigUint::from(1u8),
            params: Some(DsaParams {
                p: BigUint::from(0u8),
                q: BigUint::from(0u8),
                g: BigUint::from(0u8),
            }),
        };
        assert!(verify(&zero, Digest::Sha1, b"x", &sig(1, 1)).is_err());
    }

    #[test]
    fn key_parsing() {
        let params = [0x30, 0x09, 0x02, 0x01, 23, 0x02, 0x01, 11, 0x02, 0x01, 4];
        let key = parse_key(Some(&params), &[0x02, 0x01, 18]).unwrap();
        assert_eq!(key.bits(), Some(5));
        assert!(parse_key(None, &[0x02, 0x01, 18]).unwrap().params.is_none());
        assert!(parse_key(Some(&params), &[0x04, 0x01, 18]).is_err());
        assert!(parse_key(Some(&[0x30, 0x00]), &[0x02, 0x01, 18]).is_err());
    }
}
