//! Pure ML-DSA (FIPS 204) signatures, which JDK 17.0.21's SUN provider
//! verifies in certificates (empty context string), on AWS-LC.
//!
//! AWS-LC's ML-DSA verification (`aws_lc_rs::signature::ML_DSA_44/65/87`, stable API) is pure
//! ML-DSA with an empty context, the JDK's: no pre-hash, nothing bound but the message.

use aws_lc_rs::signature::{self as aws, PqdsaVerificationAlgorithm, UnparsedPublicKey};

use super::{CryptoError, KeyProblem, MlDsaParameterSet};

/// The parameter set's AWS-LC algorithm, public key length and signature length (FIPS 204
/// table 2), in octets.
fn parameters(set: MlDsaParameterSet) -> (&'static PqdsaVerificationAlgorithm, usize, usize) {
    match set {
        MlDsaParameterSet::MlDsa44 => (&aws::ML_DSA_44, 1312, 2420),
        MlDsaParameterSet::MlDsa65 => (&aws::ML_DSA_65, 1952, 3309),
        MlDsaParameterSet::MlDsa87 => (&aws::ML_DSA_87, 2592, 4627),
    }
}

/// Verifies `signature` over `message` with a raw ML-DSA public key.
pub(crate) fn verify(
    set: MlDsaParameterSet,
    key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    check_key(set, key)?;
    let (algorithm, _, signature_len) = parameters(set);
    if signature.len() != signature_len {
        return Err(CryptoError::MalformedSignature);
    }
    // A signature of the right length whose hints are malformed fails here too: like the JDK,
    // which answers false for it as for a signature that does not verify.
    UnparsedPublicKey::new(algorithm, key)
        .verify(message, signature)
        .map_err(|_| CryptoError::BadSignature)
}

/// Checks the raw key length for the parameter set (the JDK's key factory reads any key of
/// that length).
pub(crate) fn check_key(set: MlDsaParameterSet, key: &[u8]) -> Result<(), CryptoError> {
    if key.len() == parameters(set).1 {
        Ok(())
    } else {
        Err(CryptoError::MalformedKey(KeyProblem::Encoding))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_lengths_are_refused() {
        assert!(check_key(MlDsaParameterSet::MlDsa44, &[0u8; 1312]).is_ok());
        assert!(check_key(MlDsaParameterSet::MlDsa44, &[0u8; 1311]).is_err());
        assert!(check_key(MlDsaParameterSet::MlDsa65, &[0u8; 1952]).is_ok());
        assert!(check_key(MlDsaParameterSet::MlDsa87, &[0u8; 2592]).is_ok());
        assert_eq!(
            verify(MlDsaParameterSet::MlDsa44, &[0u8; 1312], b"m", &[0u8; 10]),
            Err(CryptoError::MalformedSignature)
        );
        assert!(verify(MlDsaParameterSet::MlDsa44, &[0u8; 1312], b"m", &[0u8; 2420]).is_err());
    }

    #[test]
    fn pure_signatures_with_an_empty_context_verify() {
        use aws_lc_rs::signature::{KeyPair as _, PqdsaKeyPair};
        for (set, signing) in [
            (MlDsaParameterSet::MlDsa44, &aws::ML_DSA_44_SIGNING),
            (MlDsaParameterSet::MlDsa65, &aws::ML_DSA_65_SIGNING),
            (MlDsaParameterSet::MlDsa87, &aws::ML_DSA_87_SIGNING),
        ] {
            let pair = PqdsaKeyPair::generate(signing).unwrap();
            let key = pair.public_key().as_ref().to_vec();
            let mut sig = vec![0u8; parameters(set).2];
            pair.sign(b"tbs", &mut sig).unwrap();
            assert_eq!(verify(set, &key, b"tbs", &sig), Ok(()), "{set:?}");
            assert_eq!(
                verify(set, &key, b"tbz", &sig),
                Err(CryptoError::BadSignature),
                "{set:?}"
            );
        }
    }
}
