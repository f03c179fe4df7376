//! What one signature verification costs, estimated before doing it.
//!
//! The trust layer's budget ([`crate::trust::Budget`]) charges each verification by this
//! estimate, so that a hostile key cannot make one evaluation run for minutes. The JDK puts no
//! upper bound on DSA parameters and allows RSA public exponents as long as the modulus (up to
//! 3072 bits), so one certificate can ask for seconds of modular arithmetic; counting
//! verifications alone would let 512 of them run for half an hour.
//!
//! The unit is 2^20 "bit steps": a modular exponentiation with an `m`-bit modulus and an
//! `e`-bit exponent costs about `m² × e` of them with schoolbook Montgomery multiplication,
//! which is what `num-bigint` (our fallback and DSA arithmetic) does. On the reference machine
//! (README, "Security model") one unit is 0.2–0.5 µs. Curve and lattice schemes have a fixed cost
//! per parameter set, set from measurements of the crates that compute them.

use super::{load_key, Key, MlDsaParameterSet};

/// Units of work charged for a key that does not load: the verification fails at once.
const UNLOADABLE: u64 = 1;

/// Estimated work to verify one signature with the key in `spki_der` (any algorithm).
pub fn verification_work(spki_der: &[u8]) -> u64 {
    match load_key(spki_der) {
        Err(_) => UNLOADABLE,
        Ok(Key::Rsa(k) | Key::RsaPss(k, _)) => {
            // ring first, then (when ring refuses) the JDK transcription on num-bigint: both
            // exponentiate with the public exponent; charge the slower one.
            modexp_work(u64::from(k.bits), u64::from(k.exponent_bits()))
        }
        Ok(Key::Dsa(k)) => match k.parameter_bits() {
            // g^u1 and y^u2 mod p, with u1, u2 < q.
            Some((p, q)) => 2 * modexp_work(p, q),
            None => UNLOADABLE,
        },
        Ok(Key::Ec(k)) => match k.curve.order_bits {
            0..=256 => 100,
            257..=384 => 1_500,
            _ => 4_000,
        },
        Ok(Key::Ed25519(_)) => 100,
        Ok(Key::Ed448(_)) => 2_000,
        Ok(Key::MlDsa(set, _)) => match set {
            MlDsaParameterSet::MlDsa44 => 200,
            MlDsaParameterSet::MlDsa65 => 300,
            MlDsaParameterSet::MlDsa87 => 400,
        },
        Ok(Key::Unknown(_)) => UNLOADABLE,
    }
}

/// `m² × e / 2^20`, at least one unit.
fn modexp_work(modulus_bits: u64, exponent_bits: u64) -> u64 {
    let steps = modulus_bits
        .saturating_mul(modulus_bits)
        .saturating_mul(exponent_bits.max(1));
    (steps >> 20).max(1)
}

#[cfg(test)]
mod tests {
    use super::modexp_work;

    #[test]
    fn rsa_2048_with_f4_is_cheap_and_huge_dsa_is_not() {
        // RSA-2048, e = 65537 (17 bits): 68 units.
        assert_eq!(modexp_work(2048, 17), 68);
        // 16384-bit p and q: millions of units, two exponentiations.
        assert!(2 * modexp_work(16384, 16384) > 8_000_000);
        assert_eq!(modexp_work(0, 0), 1);
    }
}
