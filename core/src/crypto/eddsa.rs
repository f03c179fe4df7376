//! Ed25519 and Ed448 (pure EdDSA, RFC 8032) with SunEC's rules.
//!
//! SunEC checks `S < L`, refuses non-canonical point encodings and then
//! compares `[S]B` with `R + [k]A` (cofactorless). AWS-LC (Ed25519, through
//! [`super::memo`]) and `ed448-goldilocks` (Ed448) do the same, except that
//! AWS-LC does not refuse a public key whose y coordinate is not reduced;
//! that check is done here.

use super::memo::{self, Fast};
use signature::Verifier as _;

use super::{CryptoError, KeyProblem};

/// Ed25519 public key length.
const ED25519_KEY_LEN: usize = 32;
/// Ed448 public key length.
const ED448_KEY_LEN: usize = 57;

/// Checks the raw key length, as `EdDSAPublicKeyImpl` does when parsing.
pub(crate) fn check_key(key: &[u8], ed448: bool) -> Result<(), CryptoError> {
    let want = if ed448 {
        ED448_KEY_LEN
    } else {
        ED25519_KEY_LEN
    };
    if key.len() == want {
        Ok(())
    } else {
        Err(CryptoError::MalformedKey(KeyProblem::Encoding))
    }
}

/// Verifies a pure Ed25519 signature.
pub(crate) fn verify_ed25519(
    key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    check_key(key, false)?;
    if !ed25519_y_is_canonical(key) {
        // EdDSAOperations.decodeAffinePoint: "y value is too large".
        return Err(CryptoError::MalformedKey(KeyProblem::Encoding));
    }
    if signature.len() != 64 {
        return Err(CryptoError::MalformedSignature);
    }
    if memo::verify(Fast::Ed25519, key, message, signature) {
        Ok(())
    } else {
        Err(CryptoError::BadSignature)
    }
}

/// Verifies a pure Ed448 signature (empty context).
pub(crate) fn verify_ed448(
    key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    check_key(key, true)?;
    let key_bytes: &[u8; ED448_KEY_LEN] = key
        .try_into()
        .map_err(|_| CryptoError::MalformedKey(KeyProblem::Encoding))?;
    let vk = ed448_goldilocks::VerifyingKey::from_bytes(key_bytes)
        .map_err(|_| CryptoError::MalformedKey(KeyProblem::Encoding))?;
    let sig = ed448_goldilocks::Signature::from_slice(signature)
        .map_err(|_| CryptoError::MalformedSignature)?;
    vk.verify(message, &sig)
        .map_err(|_| CryptoError::BadSignature)
}

/// Whether the little-endian y (sign bit cleared) is below p = 2^255 - 19.
fn ed25519_y_is_canonical(key: &[u8]) -> bool {
    let Some((&last, rest)) = key.split_last() else {
        return false;
    };
    let Some((&first, middle)) = rest.split_first() else {
        return false;
    };
    // y >= p only when all of bits 8..254 are set and the low octet >= 0xed.
    let top_all_set = last & 0x7f == 0x7f && middle.iter().all(|&b| b == 0xff);
    !(top_all_set && first >= 0xed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_y() {
        let mut key = [0xffu8; 32];
        key[31] = 0x7f;
        key[0] = 0xec; // p - 1
        assert!(ed25519_y_is_canonical(&key));
        key[0] = 0xed; // p
        assert!(!ed25519_y_is_canonical(&key));
        key[31] = 0xff; // sign bit does not matter
        assert!(!ed25519_y_is_canonical(&key));
        assert!(ed25519_y_is_canonical(&[0u8; 32]));
    }

    #[test]
    fn rfc8032_ed25519_test_1() {
        let key = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        let sig = hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assert_eq!(verify_ed25519(&key, b"", &sig), Ok(()));
        assert_eq!(
            verify_ed25519(&key, b"x", &sig),
            Err(CryptoError::BadSignature)
        );
        assert_eq!(
            verify_ed25519(&key, b"", &sig[..63]),
            Err(CryptoError::MalformedSignature)
        );
        assert!(verify_ed25519(&key[..31], b"", &sig).is_err());
    }

    #[test]
    fn rfc8032_ed448_blank() {
        let key = hex("5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180");
        let sig = hex("533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4dbb61149f05a7363268c71d95808ff2e652600");
        assert_eq!(verify_ed448(&key, b"", &sig), Ok(()));
        assert_eq!(
            verify_ed448(&key, b"!", &sig),
            Err(CryptoError::BadSignature)
        );
        assert_eq!(
            verify_ed448(&key, b"", &sig[..113]),
            Err(CryptoError::MalformedSignature)
        );
        assert!(verify_ed448(&[0u8; 57], b"", &sig).is_err());
    }

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }
}
