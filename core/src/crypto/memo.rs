//! The fast path of signature verification: AWS-LC (through `aws-lc-rs`), with a per-thread
//! cache of parsed public keys and a per-thread memo of the verifications that succeeded.
//!
//! Each [`Fast`] algorithm accepts a strict subset of what the JDK accepts for the same
//! signature algorithm (strict DER, exact DigestInfo, key sizes within the JDK's): a `true`
//! here is always the JDK's answer, and the callers decide a `false` with the JDK's exact rules.
//!
//! * The key cache keeps the issuer keys that recur (a CA's key signs every certificate it
//!   issues): AWS-LC then reuses an RSA modulus's Montgomery constants instead of rebuilding
//!   them for each verification, a quarter of an RSA-2048 verification. It holds a fleet's
//!   worth of issuing CAs (a few hundred), looked up by hash.
//! * The memo saves the same verification computed twice: across the cases of a batch (a CA
//!   certificate that many chains present) and between our PKIX checks and the rustls-webpki
//!   second opinion of the same case. It is keyed on every input (the algorithm, the key, the
//!   message and the signature, compared byte for byte), and verification is a pure function
//!   of those inputs, so a hit returns exactly what the call would return. Only successes are
//!   kept; a failure is recomputed (failures are rare and cheap to reach again).
//!
//! Both are first-in first-out and bounded in entries and bytes.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

use aws_lc_rs::signature::{self as aws, ParsedPublicKey, VerificationAlgorithm};

/// The algorithms of the fast path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fast {
    RsaPkcs1Sha1Legacy,
    RsaPkcs1Sha256Legacy,
    RsaPkcs1Sha512Legacy,
    RsaPkcs1Sha256,
    RsaPkcs1Sha384,
    RsaPkcs1Sha512,
    RsaPkcs1Sha384Min3072,
    RsaPssSha256,
    RsaPssSha384,
    RsaPssSha512,
    EcdsaP256Sha256,
    EcdsaP256Sha384,
    EcdsaP384Sha256,
    EcdsaP384Sha384,
    EcdsaP521Sha256,
    EcdsaP521Sha384,
    EcdsaP521Sha512,
    Ed25519,
}

impl Fast {
    fn algorithm(self) -> &'static dyn VerificationAlgorithm {
        match self {
            Fast::RsaPkcs1Sha1Legacy => &aws::RSA_PKCS1_1024_8192_SHA1_FOR_LEGACY_USE_ONLY,
            Fast::RsaPkcs1Sha256Legacy => &aws::RSA_PKCS1_1024_8192_SHA256_FOR_LEGACY_USE_ONLY,
            Fast::RsaPkcs1Sha512Legacy => &aws::RSA_PKCS1_1024_8192_SHA512_FOR_LEGACY_USE_ONLY,
            Fast::RsaPkcs1Sha256 => &aws::RSA_PKCS1_2048_8192_SHA256,
            Fast::RsaPkcs1Sha384 => &aws::RSA_PKCS1_2048_8192_SHA384,
            Fast::RsaPkcs1Sha512 => &aws::RSA_PKCS1_2048_8192_SHA512,
            Fast::RsaPkcs1Sha384Min3072 => &aws::RSA_PKCS1_3072_8192_SHA384,
            Fast::RsaPssSha256 => &aws::RSA_PSS_2048_8192_SHA256,
            Fast::RsaPssSha384 => &aws::RSA_PSS_2048_8192_SHA384,
            Fast::RsaPssSha512 => &aws::RSA_PSS_2048_8192_SHA512,
            Fast::EcdsaP256Sha256 => &aws::ECDSA_P256_SHA256_ASN1,
            Fast::EcdsaP256Sha384 => &aws::ECDSA_P256_SHA384_ASN1,
            Fast::EcdsaP384Sha256 => &aws::ECDSA_P384_SHA256_ASN1,
            Fast::EcdsaP384Sha384 => &aws::ECDSA_P384_SHA384_ASN1,
            Fast::EcdsaP521Sha256 => &aws::ECDSA_P521_SHA256_ASN1,
            Fast::EcdsaP521Sha384 => &aws::ECDSA_P521_SHA384_ASN1,
            Fast::EcdsaP521Sha512 => &aws::ECDSA_P521_SHA512_ASN1,
            Fast::Ed25519 => &aws::ED25519,
        }
    }
}

/// Verifications remembered per thread (a case has 2–4, and a batch's CA links recur). A
/// short list scanned in order: larger, the copies it holds cost more in cache misses than
/// the verifications they save (measured on the fleet workload).
const CAPACITY: usize = 64;
/// Parsed keys kept per thread (the issuing CAs of the chains a thread sees recur).
const KEY_CAPACITY: usize = 512;
/// Longer signed data is verified but not remembered, which bounds the memo at about 1 MiB per
/// thread whatever the input (a real TBSCertificate is 1–2 KiB).
const MAX_MESSAGE: usize = 16 * 1024;
/// Longer keys are used but not kept (an RSA-16384 key is about 2 KiB).
const MAX_KEY: usize = 4 * 1024;

struct Entry {
    alg: Fast,
    key: Box<[u8]>,
    message: Box<[u8]>,
    signature: Box<[u8]>,
}

/// A first-in first-out map of at most `capacity` entries.
struct Fifo<K, V> {
    map: HashMap<K, V>,
    order: VecDeque<K>,
}

impl<K: std::hash::Hash + Eq + Clone, V> Fifo<K, V> {
    fn new() -> Self {
        Fifo {
            map: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    fn insert(&mut self, key: K, value: V, capacity: usize) {
        if self.map.contains_key(&key) {
            return;
        }
        if self.order.len() >= capacity {
            if let Some(old) = self.order.pop_front() {
                self.map.remove(&old);
            }
        }
        self.order.push_back(key.clone());
        self.map.insert(key, value);
    }
}

/// Parsed keys by encoding, each with the algorithms it was parsed for (usually one).
type ParsedKeys = Fifo<Box<[u8]>, Vec<(Fast, ParsedPublicKey)>>;

thread_local! {
    static RECENT: RefCell<VecDeque<Entry>> = const { RefCell::new(VecDeque::new()) };
    static KEYS: RefCell<ParsedKeys> = RefCell::new(Fifo::new());
}

/// Does `key` verify `signature` over `message` under `alg`? Memoised; `false` also when the
/// key does not parse for `alg`.
pub(crate) fn verify(alg: Fast, key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let known = RECENT.with(|r| {
        r.borrow().iter().any(|e| {
            e.alg == alg && *e.signature == *signature && *e.key == *key && *e.message == *message
        })
    });
    if known {
        return true;
    }
    let ok = verify_with_cached_key(alg, key, message, signature);
    if ok && message.len() <= MAX_MESSAGE {
        RECENT.with(|r| {
            let mut r = r.borrow_mut();
            if r.len() >= CAPACITY {
                r.pop_front();
            }
            r.push_back(Entry {
                alg,
                key: key.into(),
                message: message.into(),
                signature: signature.into(),
            });
        });
    }
    ok
}

fn verify_with_cached_key(alg: Fast, key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    KEYS.with(|keys| {
        let mut keys = keys.borrow_mut();
        if let Some((_, parsed)) = keys
            .map
            .get(key)
            .and_then(|v| v.iter().find(|e| e.0 == alg))
        {
            return parsed.verify_sig(message, signature).is_ok();
        }
        let Ok(parsed) = ParsedPublicKey::new(alg.algorithm(), key) else {
            return false;
        };
        let ok = parsed.verify_sig(message, signature).is_ok();
        if key.len() <= MAX_KEY {
            match keys.map.get_mut(key) {
                Some(v) => v.push((alg, parsed)),
                None => keys.insert(key.into(), vec![(alg, parsed)], KEY_CAPACITY),
            }
        }
        ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};

    #[test]
    fn memo_answers_like_a_fresh_verification() {
        let pair = Ed25519KeyPair::generate().unwrap();
        let sig = pair.sign(b"tbs").as_ref().to_vec();
        let key = pair.public_key().as_ref();
        assert!(verify(Fast::Ed25519, key, b"tbs", &sig));
        // Now memoised: still true, and a different message, key or algorithm is not.
        assert!(verify(Fast::Ed25519, key, b"tbs", &sig));
        assert!(!verify(Fast::Ed25519, key, b"tbz", &sig));
        let mut bad = sig.clone();
        bad[0] ^= 1;
        assert!(!verify(Fast::Ed25519, key, b"tbs", &bad));
        assert!(!verify(Fast::EcdsaP256Sha256, key, b"tbs", &sig));
        assert!(!verify(Fast::RsaPkcs1Sha256, b"not a key", b"tbs", &sig));
    }
}
