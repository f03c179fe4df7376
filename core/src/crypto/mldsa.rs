//! Pure ML-DSA (FIPS 204) signatures, which JDK 17.0.21's SUN provider
//! verifies in certificates (empty context string).

use ml_dsa::{
    EncodedSignature, EncodedVerifyingKey, MlDsa44, MlDsa65, MlDsa87, MlDsaParams, Signature,
    VerifyingKey,
};

use super::{CryptoError, KeyProblem, MlDsaParameterSet};

/// Verifies `signature` over `message` with a raw ML-DSA public key.
pub(crate) fn verify(
    set: MlDsaParameterSet,
    key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    match set {
        MlDsaParameterSet::MlDsa44 => verify_with::<MlDsa44>(key, message, signature),
        MlDsaParameterSet::MlDsa65 => verify_with::<MlDsa65>(key, message, signature),
        MlDsaParameterSet::MlDsa87 => verify_with::<MlDsa87>(key, message, signature),
    }
}

/// Checks the raw key length for the parameter set.
pub(crate) fn check_key(set: MlDsaParameterSet, key: &[u8]) -> Result<(), CryptoError> {
    let ok = match set {
        MlDsaParameterSet::MlDsa44 => EncodedVerifyingKey::<MlDsa44>::try_from(key).is_ok(),
        MlDsaParameterSet::MlDsa65 => EncodedVerifyingKey::<MlDsa65>::try_from(key).is_ok(),
        MlDsaParameterSet::MlDsa87 => EncodedVerifyingKey::<MlDsa87>::try_from(key).is_ok(),
    };
    if ok {
        Ok(())
    } else {
        Err(CryptoError::MalformedKey(KeyProblem::Encoding))
    }
}

fn verify_with<P: MlDsaParams>(
    key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    let enc_key = EncodedVerifyingKey::<P>::try_from(key)
        .map_err(|_| CryptoError::MalformedKey(KeyProblem::Encoding))?;
    let vk = VerifyingKey::<P>::decode(&enc_key);
    let enc_sig =
        EncodedSignature::<P>::try_from(signature).map_err(|_| CryptoError::MalformedSignature)?;
    let sig = Signature::<P>::decode(&enc_sig).ok_or(CryptoError::MalformedSignature)?;
    if vk.verify_with_context(message, &[], &sig) {
        Ok(())
    } else {
        Err(CryptoError::BadSignature)
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
}
