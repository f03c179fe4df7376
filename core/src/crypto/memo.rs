//! A per-thread memo of the signatures `ring` has verified, so that the same verification is
//! not computed twice: across the cases of a batch (a CA certificate that many chains present)
//! and between our PKIX checks and the rustls-webpki second opinion of the same case.
//!
//! The memo is keyed on every input of the `ring` call (the algorithm object, the key, the
//! message and the signature, compared byte for byte), and `ring`'s verification is a pure
//! function of those inputs, so a hit returns exactly what the call would return. Only
//! successes are kept; a failure is recomputed (failures are rare and cheap to reach again).

use std::cell::RefCell;
use std::collections::VecDeque;

use ring::signature::{UnparsedPublicKey, VerificationAlgorithm};

/// Verifications remembered per thread (a case has 2–4; a batch's CA links recur).
const CAPACITY: usize = 64;
/// Longer signed data is verified but not remembered, which bounds the memo at about 1 MiB per
/// thread whatever the input (a real TBSCertificate is 1–2 KiB).
const MAX_MESSAGE: usize = 16 * 1024;

struct Entry {
    /// Identity of the algorithm object (`ring`'s algorithms are distinct statics).
    alg: usize,
    key: Box<[u8]>,
    message: Box<[u8]>,
    signature: Box<[u8]>,
}

thread_local! {
    static RECENT: RefCell<VecDeque<Entry>> = const { RefCell::new(VecDeque::new()) };
}

fn alg_id(alg: &'static dyn VerificationAlgorithm) -> usize {
    alg as *const dyn VerificationAlgorithm as *const () as usize
}

/// `UnparsedPublicKey::new(alg, key).verify(message, signature).is_ok()`, memoised.
pub(crate) fn ring_verify(
    alg: &'static dyn VerificationAlgorithm,
    key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> bool {
    let id = alg_id(alg);
    let known = RECENT.with(|r| {
        r.borrow().iter().any(|e| {
            e.alg == id && *e.signature == *signature && *e.key == *key && *e.message == *message
        })
    });
    if known {
        return true;
    }
    let ok = UnparsedPublicKey::new(alg, key)
        .verify(message, signature)
        .is_ok();
    if ok && message.len() <= MAX_MESSAGE {
        RECENT.with(|r| {
            let mut r = r.borrow_mut();
            if r.len() >= CAPACITY {
                r.pop_front();
            }
            r.push_back(Entry {
                alg: id,
                key: key.into(),
                message: message.into(),
                signature: signature.into(),
            });
        });
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::rand::SystemRandom;
    use ring::signature::{self as rs, Ed25519KeyPair, KeyPair};

    #[test]
    fn memo_answers_like_ring() {
        let rng = SystemRandom::new();
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        let sig = pair.sign(b"tbs").as_ref().to_vec();
        let key = pair.public_key().as_ref();
        assert!(ring_verify(&rs::ED25519, key, b"tbs", &sig));
        // Now memoised: still true, and a different message, key or algorithm is not.
        assert!(ring_verify(&rs::ED25519, key, b"tbs", &sig));
        assert!(!ring_verify(&rs::ED25519, key, b"tbz", &sig));
        let mut bad = sig.clone();
        bad[0] ^= 1;
        assert!(!ring_verify(&rs::ED25519, key, b"tbs", &bad));
        assert!(!ring_verify(&rs::ECDSA_P256_SHA256_ASN1, key, b"tbs", &sig));
    }
}
