//! RSA keys and signatures (PKCS#1 v1.5 and PSS) with SunRsaSign's rules.
//!
//! AWS-LC ([`super::memo`]) verifies the common cases quickly. It is stricter than the JDK
//! in a few corners (DigestInfo without the NULL parameter, key sizes and
//! exponents outside its ranges, MD5, SHA-224, arbitrary PSS parameters), so
//! when it does not accept a signature we decide with a direct transcription
//! of the JDK's checks on top of a big-integer modular exponentiation. A
//! signature that AWS-LC accepts is always one the JDK accepts: the JDK's own
//! key and parameter checks run before AWS-LC is asked.

use num_bigint::BigUint;

use crate::der::{self, tag, Reader, Strictness};
use super::hash::Digest;
use super::memo::{self, Fast};
use super::{CryptoError, KeyProblem, PssParameters};

/// `RSAKeyFactory.MIN_MODLEN`: the provider refuses smaller keys outright.
const MIN_MODULUS_BITS: u32 = 512;
/// `RSAKeyFactory.MAX_MODLEN`.
const MAX_MODULUS_BITS: u32 = 16384;
/// `RSAKeyFactory.MAX_MODLEN_RESTRICT_EXP` / `MAX_RESTRICTED_EXPLEN`.
const RESTRICT_EXP_ABOVE_BITS: u32 = 3072;
const MAX_RESTRICTED_EXP_BITS: u32 = 64;

/// An RSA public key as SunRsaSign accepts it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RsaKey<'a> {
    /// Modulus magnitude, no leading zeros.
    n: &'a [u8],
    /// Public exponent magnitude, no leading zeros.
    e: &'a [u8],
    /// Modulus bit length.
    pub(crate) bits: u32,
    /// The `RSAPublicKey` DER as found in the key's BIT STRING.
    der: &'a [u8],
}

impl RsaKey<'_> {
    /// Bit length of the public exponent.
    pub(crate) fn exponent_bits(&self) -> u32 {
        bit_len(self.e)
    }
}

/// Parses an `RSAPublicKey` (the SPKI's BIT STRING content) and applies the
/// checks `RSAPublicKeyImpl` makes; a key failing them makes the JDK unable
/// to parse the certificate at all.
pub(crate) fn parse_key(key_bits: &[u8]) -> Result<RsaKey<'_>, CryptoError> {
    let malformed = |_| CryptoError::MalformedKey(KeyProblem::Encoding);
    let seq = der::single(key_bits, Strictness::BerDefinite).map_err(malformed)?;
    if seq.tag != tag::SEQUENCE {
        return Err(CryptoError::MalformedKey(KeyProblem::Encoding));
    }
    let mut r = Reader::new(seq.content, Strictness::BerDefinite);
    // getPositiveBigInteger: the octets are a magnitude even if the sign bit is set.
    let n = der::unsigned_magnitude(r.read_integer().map_err(malformed)?);
    let e = der::unsigned_magnitude(r.read_integer().map_err(malformed)?);
    r.finish().map_err(malformed)?;

    let bits = bit_len(n);
    let rounded = bits.div_ceil(8) * 8;
    if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&rounded) {
        return Err(CryptoError::MalformedKey(KeyProblem::RsaModulusSize {
            bits,
        }));
    }
    if rounded > RESTRICT_EXP_ABOVE_BITS && bit_len(e) > MAX_RESTRICTED_EXP_BITS {
        return Err(CryptoError::MalformedKey(KeyProblem::RsaExponent));
    }
    if cmp_magnitude(e, n).is_ge() || cmp_magnitude(e, &[3]).is_lt() {
        return Err(CryptoError::MalformedKey(KeyProblem::RsaExponent));
    }
    Ok(RsaKey {
        n,
        e,
        bits,
        der: key_bits,
    })
}

/// RSASSA-PKCS1-v1_5 verification as `sun.security.rsa.RSASignature`.
pub(crate) fn verify_pkcs1(
    key: &RsaKey<'_>,
    digest: Digest,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    let k = key.n.len();
    // RSASignature.initCommon: "Key is too short for this signature algorithm".
    let encoded_len = digest_info(digest, &[], true).len() + digest.output_len();
    if encoded_len + 11 > k {
        return Err(CryptoError::KeyTooSmallForAlgorithm);
    }
    if signature.len() != k {
        return Err(CryptoError::MalformedSignature);
    }
    if let Some(alg) = fast_pkcs1(digest, key.bits) {
        if memo::verify(alg, key.der, message, signature) {
            return Ok(());
        }
    }
    let em = public_op(key, signature).ok_or(CryptoError::BadSignature)?;
    let hash = digest.hash(&[message]);
    // Java tries the DigestInfo with a NULL parameter first, then without it
    // ("Some vendors might omit the NULL params").
    for with_null in [true, false] {
        let t = digest_info(digest, &hash, with_null);
        if pkcs1_type1_matches(&em, &t) {
            return Ok(());
        }
    }
    Err(CryptoError::BadSignature)
}

/// RSASSA-PSS verification as `sun.security.rsa.RSAPSSSignature`.
///
/// `key_params` are the parameters of an `id-RSASSA-PSS` key, if it has any:
/// they restrict which signature parameters the key may be used with.
pub(crate) fn verify_pss(
    key: &RsaKey<'_>,
    key_params: Option<&PssParameters>,
    params: &PssParameters,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    if let Some(kp) = key_params {
        // isCompatible: same digest and MGF, key salt no longer than the signature's.
        let same = kp.hash.is_some() && kp.hash == params.hash && kp.mgf1_hash == params.mgf1_hash;
        if !same || kp.salt_len > params.salt_len {
            return Err(CryptoError::IncompatibleParameters);
        }
    }
    // validateSigParams: only digests in RSAPSSSignature.DIGEST_LENGTHS.
    let digest = match params.hash {
        Some(d) if !matches!(d, Digest::Md2 | Digest::Md5) => d,
        _ => {
            return Err(CryptoError::UnsupportedAlgorithm {
                oid: params.hash_oid.clone(),
            })
        }
    };
    let h_len = digest.output_len() as u64;
    let s_len = u64::from(params.salt_len);
    let k = key.n.len() as u64;
    // checkKeyLength: "Key is too short, need min ... bytes".
    if k < h_len + s_len + 2 {
        return Err(CryptoError::KeyTooSmallForAlgorithm);
    }
    if signature.len() as u64 != k {
        return Err(CryptoError::MalformedSignature);
    }
    if let Some(alg) = fast_pss(digest, params, key.bits) {
        if memo::verify(alg, key.der, message, signature) {
            return Ok(());
        }
    }
    let em = public_op(key, signature).ok_or(CryptoError::BadSignature)?;
    let m_hash = digest.hash(&[message]);
    if pss_decode(
        &em,
        key.bits,
        digest,
        params.mgf1_hash,
        params.salt_len as usize,
        &m_hash,
    ) {
        Ok(())
    } else {
        Err(CryptoError::BadSignature)
    }
}

/// Fast-path algorithms for the PKCS#1 cases they cover. Their size ranges
/// are within the JDK's for these digests, and anything they refuse falls
/// back to the exact path.
fn fast_pkcs1(digest: Digest, bits: u32) -> Option<Fast> {
    if !(1024..=8192).contains(&bits) {
        return None;
    }
    let big = bits >= 2048;
    Some(match digest {
        Digest::Sha1 => Fast::RsaPkcs1Sha1Legacy,
        Digest::Sha256 if big => Fast::RsaPkcs1Sha256,
        Digest::Sha256 => Fast::RsaPkcs1Sha256Legacy,
        Digest::Sha384 if big => Fast::RsaPkcs1Sha384,
        Digest::Sha512 if big => Fast::RsaPkcs1Sha512,
        Digest::Sha512 => Fast::RsaPkcs1Sha512Legacy,
        _ => return None,
    })
}

/// The fast path covers PSS only with MGF1 over the message digest and a
/// salt as long as the digest.
fn fast_pss(digest: Digest, params: &PssParameters, bits: u32) -> Option<Fast> {
    if !(2048..=8192).contains(&bits)
        || params.mgf1_hash != digest
        || params.salt_len as usize != digest.output_len()
    {
        return None;
    }
    Some(match digest {
        Digest::Sha256 => Fast::RsaPssSha256,
        Digest::Sha384 => Fast::RsaPssSha384,
        Digest::Sha512 => Fast::RsaPssSha512,
        _ => return None,
    })
}

/// `RSACore.rsa(sig, publicKey)`: s^e mod n as k octets; `None` when the
/// signature value is not below the modulus ("Message is larger than modulus").
fn public_op(key: &RsaKey<'_>, signature: &[u8]) -> Option<Vec<u8>> {
    let n = BigUint::from_bytes_be(key.n);
    let s = BigUint::from_bytes_be(signature);
    if s >= n {
        return None;
    }
    let m = s.modpow(&BigUint::from_bytes_be(key.e), &n).to_bytes_be();
    let k = key.n.len();
    let mut out = vec![0u8; k.checked_sub(m.len())?];
    out.extend_from_slice(&m);
    Some(out)
}

/// DER `DigestInfo` for `hash`, with or without the NULL parameter.
fn digest_info(digest: Digest, hash: &[u8], with_null: bool) -> Vec<u8> {
    let oid = digest.oid_der();
    let alg_len = 2 + oid.len() + if with_null { 2 } else { 0 };
    let hash_len = digest.output_len();
    let mut out = Vec::with_capacity(4 + alg_len + hash_len + 2);
    // Every length here is below 128, so short-form lengths suffice.
    out.extend_from_slice(&[tag::SEQUENCE, (2 + alg_len + 2 + hash_len) as u8]);
    out.extend_from_slice(&[tag::SEQUENCE, alg_len as u8, tag::OID, oid.len() as u8]);
    out.extend_from_slice(oid);
    if with_null {
        out.extend_from_slice(&[tag::NULL, 0]);
    }
    out.extend_from_slice(&[tag::OCTET_STRING, hash_len as u8]);
    out.extend_from_slice(hash);
    out
}

/// Whether `em` is exactly `00 01 FF.. 00 || t` (RSAPadding type 1 with at
/// least eight 0xFF octets), compared as Java compares the padded encoding.
fn pkcs1_type1_matches(em: &[u8], t: &[u8]) -> bool {
    let Some(ps_len) = em.len().checked_sub(t.len() + 3) else {
        return false;
    };
    if ps_len < 8 {
        return false;
    }
    let (head, rest) = em.split_at(2);
    let (ps, rest) = rest.split_at(ps_len);
    head == [0, 1]
        && ps.iter().all(|&b| b == 0xff)
        && rest.first() == Some(&0)
        && rest.get(1..) == Some(t)
}

/// EMSA-PSS-VERIFY with a fixed salt length, step by step as
/// `RSAPSSSignature.decodeSignature` does it.
fn pss_decode(
    em_full: &[u8],
    mod_bits: u32,
    digest: Digest,
    mgf: Digest,
    s_len: usize,
    m_hash: &[u8],
) -> bool {
    pss_decode_inner(em_full, mod_bits, digest, mgf, s_len, m_hash).unwrap_or(false)
}

/// `None` stands for an encoding too short for its own fields.
fn pss_decode_inner(
    em_full: &[u8],
    mod_bits: u32,
    digest: Digest,
    mgf: Digest,
    s_len: usize,
    m_hash: &[u8],
) -> Option<bool> {
    let h_len = m_hash.len();
    let em_bits = (mod_bits as usize).checked_sub(1)?;
    let em_len = em_bits.div_ceil(8);
    // When the modulus is 8N+1 bits the encoded message is one octet shorter.
    let em_ofs = em_full.len().checked_sub(em_len)?;
    if em_ofs > 1 || (em_ofs == 1 && em_full.first() != Some(&0)) {
        return Some(false);
    }
    let em = em_full.get(em_ofs..)?;
    if em_len < h_len + s_len + 2 || em.last() != Some(&0xbc) {
        return Some(false);
    }
    let zero_bits = 8 * em_len - em_bits;
    let top_mask: u8 = if zero_bits == 0 {
        0
    } else {
        0xffu8 << (8 - zero_bits)
    };
    if em.first().is_some_and(|b| b & top_mask != 0) {
        return Some(false);
    }
    let db_len = em_len - h_len - 1;
    let (masked_db, rest) = em.split_at_checked(db_len)?;
    let h = rest.get(..h_len)?;
    let mut db = mgf1(mgf, h, db_len);
    for (d, m) in db.iter_mut().zip(masked_db) {
        *d ^= m;
    }
    if let Some(first) = db.first_mut() {
        *first &= !top_mask;
    }
    // DB = PS (zeros) || 0x01 || salt
    let pad_len = db_len - s_len - 1;
    let (ps, rest) = db.split_at_checked(pad_len)?;
    let (separator, salt) = rest.split_first()?;
    if ps.iter().any(|&b| b != 0) || *separator != 0x01 {
        return Some(false);
    }
    Some(digest.hash(&[&[0u8; 8], m_hash, salt]) == h)
}

/// MGF1 (RFC 8017 B.2.1).
fn mgf1(digest: Digest, seed: &[u8], len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + digest.output_len());
    let mut counter: u32 = 0;
    while out.len() < len {
        out.extend_from_slice(&digest.hash(&[seed, &counter.to_be_bytes()]));
        counter = counter.wrapping_add(1);
    }
    out.truncate(len);
    out
}

fn bit_len(magnitude: &[u8]) -> u32 {
    match magnitude.first() {
        None => 0,
        Some(&b) => (magnitude.len() as u32 - 1) * 8 + (8 - b.leading_zeros()),
    }
}

/// Compares two big-endian magnitudes without leading zeros.
fn cmp_magnitude(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_info_matches_rfc8017_prefixes() {
        // RFC 8017 section 9.2 note 1: SHA-256 prefix.
        let t = digest_info(Digest::Sha256, &[0; 32], true);
        let prefix = [
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ];
        assert_eq!(&t[..19], &prefix);
        let md2 = digest_info(Digest::Md2, &[0; 16], true);
        assert_eq!(&md2[..6], &[0x30, 0x20, 0x30, 0x0c, 0x06, 0x08]);
        let without = digest_info(Digest::Sha1, &[0; 20], false);
        assert_eq!(&without[..4], &[0x30, 0x1f, 0x30, 0x07]);
    }

    #[test]
    fn type1_padding_checks() {
        let t = [9u8; 4];
        let mut em = vec![0, 1];
        em.extend([0xff; 8]);
        em.push(0);
        em.extend(t);
        assert!(pkcs1_type1_matches(&em, &t));
        em[5] = 0xfe;
        assert!(!pkcs1_type1_matches(&em, &t));
        // Fewer than eight 0xFF octets is not a valid type 1 block.
        let mut short = vec![0, 1, 0xff, 0];
        short.extend(t);
        assert!(!pkcs1_type1_matches(&short, &t));
        assert!(!pkcs1_type1_matches(&[], &t));
    }

    #[test]
    fn magnitudes() {
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(bit_len(&[1]), 1);
        assert_eq!(bit_len(&[0x80, 0]), 16);
        assert!(cmp_magnitude(&[1, 0], &[0xff]).is_gt());
        assert!(cmp_magnitude(&[3], &[3]).is_eq());
    }

    #[test]
    fn key_checks_follow_rsa_public_key_impl() {
        fn key(n: &[u8], e: &[u8]) -> Vec<u8> {
            let mut body = vec![0x02];
            push_len(&mut body, n.len() + 1);
            body.push(0);
            body.extend_from_slice(n);
            body.push(0x02);
            push_len(&mut body, e.len());
            body.extend_from_slice(e);
            let mut out = vec![0x30];
            push_len(&mut out, body.len());
            out.extend(body);
            out
        }
        fn push_len(v: &mut Vec<u8>, len: usize) {
            if len < 128 {
                v.push(len as u8);
            } else {
                v.extend([0x82, (len >> 8) as u8, len as u8]);
            }
        }
        let n512 = [0xc5u8; 64];
        assert_eq!(parse_key(&key(&n512, &[1, 0, 1])).unwrap().bits, 512);
        // 505 bits rounds up to 512 and is accepted; 504 is not.
        let mut n505 = vec![0x01];
        n505.extend([0xc5; 63]);
        assert_eq!(parse_key(&key(&n505, &[3])).unwrap().bits, 505);
        let n504 = [0xc5u8; 63];
        assert_eq!(
            parse_key(&key(&n504, &[3])).unwrap_err(),
            CryptoError::MalformedKey(KeyProblem::RsaModulusSize { bits: 504 })
        );
        assert_eq!(
            parse_key(&key(&n512, &[2])).unwrap_err(),
            CryptoError::MalformedKey(KeyProblem::RsaExponent)
        );
        assert_eq!(
            parse_key(&key(&n512, &n512)).unwrap_err(),
            CryptoError::MalformedKey(KeyProblem::RsaExponent)
        );
        // Above 3072 bits the exponent is limited to 64 bits.
        let n4096 = [0xc5u8; 512];
        assert!(parse_key(&key(&n4096, &[1; 8])).is_ok());
        assert!(parse_key(&key(&n4096, &[1; 9])).is_err());
        let n2048 = [0xc5u8; 256];
        assert!(parse_key(&key(&n2048, &[1; 9])).is_ok());
        assert!(parse_key(&[0x30, 0x00]).is_err());
        assert!(parse_key(&[]).is_err());
    }

    #[test]
    fn pss_decode_refuses_garbage_without_panicking() {
        for bits in [512u32, 513, 1023, 1024, 2047, 2048] {
            let k = (bits as usize).div_ceil(8);
            for fill in [0u8, 0xbc, 0xff] {
                let em = vec![fill; k];
                assert!(!pss_decode(
                    &em,
                    bits,
                    Digest::Sha256,
                    Digest::Sha256,
                    32,
                    &[0; 32]
                ));
                assert!(!pss_decode(
                    &em,
                    bits,
                    Digest::Sha512,
                    Digest::Sha1,
                    0,
                    &[0; 64]
                ));
            }
        }
        assert!(!pss_decode(
            &[],
            512,
            Digest::Sha256,
            Digest::Sha256,
            32,
            &[0; 32]
        ));
    }
}
