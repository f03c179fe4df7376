//! The key-exchange groups of the JDK 17.0.21 client, in its order, for the probe's rustls
//! client: rustls's AWS-LC provider has x25519, secp256r1 and secp384r1; the others are added
//! here through rustls's crypto-provider interface (`SupportedKxGroup` / `ActiveKeyExchange`),
//! each on a well-kept crate already among the dependencies — no curve or bignum arithmetic of
//! our own:
//!
//! | group | arithmetic | why that crate |
//! |---|---|---|
//! | x25519, secp256r1, secp384r1 | aws-lc-rs (rustls's provider) | rustls ships them |
//! | secp521r1 | aws-lc-rs `agreement::ECDH_P521` | the same backend, constant-time; rustls's provider does not offer the group |
//! | x448 | ed448-goldilocks `MontgomeryPoint` (RFC 7748) | AWS-LC has no X448; ed448-goldilocks is already used for Ed448 signatures |
//! | ffdhe2048 … ffdhe8192 | num-bigint `modpow` over rustls's RFC 7919 `ffdhe_groups` parameters | no provider crate exposes finite-field DH; num-bigint is already a dependency |
//!
//! The probe's keys are ephemeral and protect nothing (no application data is sent), so the
//! variable-time `modpow` costs nothing that matters.
//!
//! Which key shares the first ClientHello carries mirrors `sun.security.ssl.KeyShareExtension`:
//! the JDK walks its named groups in order and sends a share for the first group of each kind
//! (XDH, then ECDHE), so x25519 and secp256r1; a server that wants another group (secp384r1,
//! secp521r1, x448, an ffdhe group) answers with a HelloRetryRequest, as it does to the JDK.
//! rustls sends a share for its first group only, plus the "classical component" of a hybrid
//! group when that group is listed too; [`X25519WithP256`] uses that hook to send the JDK's
//! pair of shares.

use std::fmt;

use num_bigint::BigUint;
use rustls::crypto::{ActiveKeyExchange, SharedSecret, SupportedKxGroup};
use rustls::ffdhe_groups::{self, FfdheGroup};
use rustls::{Error, NamedGroup};

/// The JDK 17.0.21 client's default named groups (`SupportedGroupsExtension`'s default list),
/// in its order, as the probe offers them.
pub fn jdk_groups() -> Vec<&'static dyn SupportedKxGroup> {
    use rustls::crypto::aws_lc_rs::kx_group;
    vec![
        &X25519WithP256,
        kx_group::SECP256R1,
        kx_group::SECP384R1,
        &SECP521R1,
        &X448,
        &FFDHE2048,
        &FFDHE3072,
        &FFDHE4096,
        &FFDHE6144,
        &FFDHE8192,
    ]
}

/// The JDK's group code points, in its order (for the probe's hand-built ClientHellos).
pub const JDK_GROUP_CODES: &[u16] = &[
    0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104,
];

/// The JDK name of a group code point (`NamedGroup.name`), or hex.
pub fn group_name(code: u16) -> String {
    let known = match code {
        0x0017 => "secp256r1",
        0x0018 => "secp384r1",
        0x0019 => "secp521r1",
        0x001a => "brainpoolP256r1",
        0x001b => "brainpoolP384r1",
        0x001c => "brainpoolP512r1",
        0x001d => "x25519",
        0x001e => "x448",
        0x0100 => "ffdhe2048",
        0x0101 => "ffdhe3072",
        0x0102 => "ffdhe4096",
        0x0103 => "ffdhe6144",
        0x0104 => "ffdhe8192",
        0x0015 => "secp224r1",
        0x0016 => "secp256k1",
        0x001f => "brainpoolP256r1tls13",
        0x0020 => "brainpoolP384r1tls13",
        0x0021 => "brainpoolP512r1tls13",
        0x11ec => "X25519MLKEM768",
        other => return format!("0x{other:04x}"),
    };
    known.to_string()
}

fn random(out: &mut [u8]) -> Result<(), Error> {
    rustls::crypto::aws_lc_rs::default_provider()
        .secure_random
        .fill(out)
        .map_err(|_| Error::FailedToGetRandomBytes)
}

fn bad_peer_key() -> Error {
    Error::PeerMisbehaved(rustls::PeerMisbehaved::InvalidKeyShare)
}

/// x25519, with a secp256r1 key share beside it: the JDK's first ClientHello carries both.
#[derive(Debug)]
pub struct X25519WithP256;

impl SupportedKxGroup for X25519WithP256 {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        use rustls::crypto::aws_lc_rs::kx_group;
        Ok(Box::new(X25519WithP256Active {
            x25519: kx_group::X25519.start()?,
            p256: kx_group::SECP256R1.start()?,
        }))
    }

    fn name(&self) -> NamedGroup {
        NamedGroup::X25519
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        None
    }
}

struct X25519WithP256Active {
    x25519: Box<dyn ActiveKeyExchange>,
    p256: Box<dyn ActiveKeyExchange>,
}

impl ActiveKeyExchange for X25519WithP256Active {
    fn complete(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error> {
        self.x25519.complete(peer_pub_key)
    }

    // rustls sends this share after the x25519 one (secp256r1 being in the group list), and
    // completes with it when the server picks secp256r1.
    fn hybrid_component(&self) -> Option<(NamedGroup, &[u8])> {
        Some((NamedGroup::secp256r1, self.p256.pub_key()))
    }

    fn complete_hybrid_component(
        self: Box<Self>,
        peer_pub_key: &[u8],
    ) -> Result<SharedSecret, Error> {
        self.p256.complete(peer_pub_key)
    }

    fn pub_key(&self) -> &[u8] {
        self.x25519.pub_key()
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        None
    }

    fn group(&self) -> NamedGroup {
        NamedGroup::X25519
    }
}

/// An elliptic-curve group rustls's provider lacks: its name, and how to make a key pair
/// (the private half, and the public key as TLS carries it).
#[derive(Debug)]
pub struct EcGroup {
    name: NamedGroup,
    generate: fn() -> Result<KeyPair, Error>,
}

/// A private key and the public key as TLS carries it.
type KeyPair = (Box<dyn Agree>, Vec<u8>);

/// A private key that completes the key exchange with the peer's public key.
trait Agree: Send + Sync {
    fn agree(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error>;
}

/// secp521r1 ECDHE on aws-lc-rs.
pub static SECP521R1: EcGroup = EcGroup {
    name: NamedGroup::secp521r1,
    generate: p521_key,
};

/// X448 (RFC 7748) on ed448-goldilocks.
pub static X448: EcGroup = EcGroup {
    name: NamedGroup::X448,
    generate: x448_key,
};

impl SupportedKxGroup for EcGroup {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        let (key, public) = (self.generate)()?;
        Ok(Box::new(EcActive {
            name: self.name,
            key,
            public,
        }))
    }

    fn name(&self) -> NamedGroup {
        self.name
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        None
    }
}

struct EcActive {
    name: NamedGroup,
    key: Box<dyn Agree>,
    public: Vec<u8>,
}

impl ActiveKeyExchange for EcActive {
    fn complete(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error> {
        self.key.agree(peer_pub_key)
    }

    fn pub_key(&self) -> &[u8] {
        &self.public
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        None
    }

    fn group(&self) -> NamedGroup {
        self.name
    }
}

struct P521Key(aws_lc_rs::agreement::PrivateKey);

/// A P-521 key pair; the public key as an uncompressed SEC1 point.
fn p521_key() -> Result<KeyPair, Error> {
    use aws_lc_rs::agreement::{PrivateKey, ECDH_P521};
    let key = PrivateKey::generate(&ECDH_P521).map_err(|_| Error::FailedToGetRandomBytes)?;
    let public = key
        .compute_public_key()
        .map_err(|_| Error::General("secp521r1 public key".into()))?
        .as_ref()
        .to_vec();
    Ok((Box::new(P521Key(key)), public))
}

impl Agree for P521Key {
    fn agree(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error> {
        use aws_lc_rs::agreement::{agree, UnparsedPublicKey, ECDH_P521};
        // TLS allows only the uncompressed form (RFC 8446 4.2.8.2).
        if peer_pub_key.first() != Some(&4) {
            return Err(bad_peer_key());
        }
        agree(
            &self.0,
            UnparsedPublicKey::new(&ECDH_P521, peer_pub_key),
            bad_peer_key(),
            |secret| Ok(SharedSecret::from(secret)),
        )
    }
}

struct X448Key([u8; 56]);

/// An X448 key pair: 56 random bytes, and X448(k, 5).
fn x448_key() -> Result<KeyPair, Error> {
    let mut k = [0u8; 56];
    random(&mut k)?;
    let public = x448(&k, &ed448_goldilocks::MontgomeryPoint::GENERATOR.0)
        .ok_or_else(|| Error::General("x448 public key".into()))?;
    Ok((Box::new(X448Key(k)), public.to_vec()))
}

impl Agree for X448Key {
    fn agree(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error> {
        let u: [u8; 56] = peer_pub_key.try_into().map_err(|_| bad_peer_key())?;
        let shared = x448(&self.0, &u).ok_or_else(bad_peer_key)?;
        Ok(SharedSecret::from(&shared[..]))
    }
}

/// RFC 7748's X448(k, u): `k` is clamped (two low bits cleared, bit 447 set) and taken modulo
/// the group order — the same point for every u in the prime-order subgroup, which is where an
/// honest peer's key and the base point lie. None for an all-zero result (a low-order point,
/// which RFC 7748 section 6.2 tells the client to refuse).
fn x448(k: &[u8; 56], u: &[u8; 56]) -> Option<[u8; 56]> {
    use ed448_goldilocks::{EdwardsScalar, EdwardsScalarBytes, MontgomeryPoint};
    let mut clamped = EdwardsScalarBytes::default();
    for (dst, src) in clamped.iter_mut().zip(k.iter()) {
        *dst = *src;
    }
    if let Some(b) = clamped.first_mut() {
        *b &= 0xfc;
    }
    if let Some(b) = clamped.get_mut(55) {
        *b |= 0x80;
    }
    let scalar = EdwardsScalar::from_bytes_mod_order(&clamped);
    // ed448-goldilocks 0.14.0-pre.15's Montgomery ladder omits the final conditional swap, so
    // it answers (s + 1)·P for an odd scalar s. -s (= order - s, the order being odd) is even
    // and gives -(s·P), whose u-coordinate — all X448 uses — is that of s·P.
    let scalar = if scalar.to_bytes()[0] & 1 == 1 {
        -scalar
    } else {
        scalar
    };
    let shared = &MontgomeryPoint(*u) * &scalar;
    (shared.0 != [0u8; 56]).then_some(shared.0)
}

/// An RFC 7919 finite-field group, on num-bigint.
pub struct Ffdhe {
    name: NamedGroup,
    params: FfdheGroup<'static>,
}

impl fmt::Debug for Ffdhe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ffdhe({:?})", self.name)
    }
}

macro_rules! ffdhe_groups {
    ($($name:ident),+) => {$(
        #[doc = concat!("The RFC 7919 group ", stringify!($name), ".")]
        pub static $name: Ffdhe = Ffdhe {
            name: NamedGroup::$name,
            params: ffdhe_groups::$name,
        };
    )+};
}

ffdhe_groups!(FFDHE2048, FFDHE3072, FFDHE4096, FFDHE6144, FFDHE8192);

/// Bytes of the private exponent: 512 bits, over twice the strength of the largest group
/// (RFC 7919 section 5.2 asks for at least twice the security level).
const FFDHE_EXPONENT_BYTES: usize = 64;

impl SupportedKxGroup for Ffdhe {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        let mut x = [0u8; FFDHE_EXPONENT_BYTES];
        random(&mut x)?;
        let x = BigUint::from_bytes_be(&x);
        let p = BigUint::from_bytes_be(self.params.p);
        let g = BigUint::from_bytes_be(self.params.g);
        let public = left_pad(&g.modpow(&x, &p), self.params.p.len());
        Ok(Box::new(FfdheActive {
            name: self.name,
            params: self.params,
            x,
            public,
        }))
    }

    fn name(&self) -> NamedGroup {
        self.name
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        Some(self.params)
    }
}

/// A big-endian number left-padded with zeros to `len` bytes (RFC 8446 4.2.8.1, 7.4.1).
fn left_pad(n: &BigUint, len: usize) -> Vec<u8> {
    let bytes = n.to_bytes_be();
    let mut out = vec![0u8; len.saturating_sub(bytes.len())];
    out.extend_from_slice(&bytes);
    out
}

struct FfdheActive {
    name: NamedGroup,
    params: FfdheGroup<'static>,
    x: BigUint,
    public: Vec<u8>,
}

impl ActiveKeyExchange for FfdheActive {
    fn complete(self: Box<Self>, peer_pub_key: &[u8]) -> Result<SharedSecret, Error> {
        let p = BigUint::from_bytes_be(self.params.p);
        let y = BigUint::from_bytes_be(peer_pub_key);
        // RFC 7919 section 5.1: 1 < y < p - 1.
        let one = BigUint::from(1u8);
        if y <= one || y >= &p - &one {
            return Err(bad_peer_key());
        }
        Ok(SharedSecret::from(left_pad(
            &y.modpow(&self.x, &p),
            self.params.p.len(),
        )))
    }

    fn pub_key(&self) -> &[u8] {
        &self.public
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        Some(self.params)
    }

    fn group(&self) -> NamedGroup {
        self.name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    #[test]
    fn x448_matches_rfc_7748() {
        // RFC 7748 section 6.2 (checked with `openssl pkeyutl -derive`): public keys and the
        // shared secret. (The section 5.2 vectors' u-coordinates need not lie in the prime-order
        // subgroup, where reducing the scalar modulo the order changes the answer; TLS peers'
        // keys are in the subgroup.)
        let a: [u8; 56] = unhex("9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b").try_into().unwrap();
        let b: [u8; 56] = unhex("1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d").try_into().unwrap();
        let g = ed448_goldilocks::MontgomeryPoint::GENERATOR.0;
        let (pa, pb) = (x448(&a, &g).unwrap(), x448(&b, &g).unwrap());
        assert_eq!(pa.to_vec(), unhex("9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0"));
        assert_eq!(pb.to_vec(), unhex("3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609"));
        let shared = unhex("07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d");
        assert_eq!(x448(&a, &pb).unwrap().to_vec(), shared);
        assert_eq!(x448(&b, &pa).unwrap().to_vec(), shared);
        assert_eq!(x448(&a, &[0; 56]), None);
    }

    #[test]
    fn every_group_agrees_with_itself() {
        for g in jdk_groups() {
            let (a, b) = (g.start().unwrap(), g.start().unwrap());
            let pb = b.pub_key().to_vec();
            let pa = a.pub_key().to_vec();
            let (sa, sb) = (a.complete(&pb).unwrap(), b.complete(&pa).unwrap());
            assert_eq!(sa.secret_bytes(), sb.secret_bytes(), "{:?}", g.name());
            assert!(!sa.secret_bytes().iter().all(|&x| x == 0));
        }
        assert_eq!(
            jdk_groups()
                .iter()
                .map(|g| u16::from(g.name()))
                .collect::<Vec<_>>(),
            JDK_GROUP_CODES
        );
    }

    #[test]
    fn the_first_group_carries_a_secp256r1_share_too() {
        let a = X25519WithP256.start().unwrap();
        let (group, share) = a.hybrid_component().unwrap();
        assert_eq!(group, NamedGroup::secp256r1);
        assert_eq!(share.len(), 65);
        assert_eq!(a.pub_key().len(), 32);
        let b = rustls::crypto::aws_lc_rs::kx_group::SECP256R1
            .start()
            .unwrap();
        let pb = b.pub_key().to_vec();
        let sb = b.complete(share).unwrap();
        assert_eq!(
            a.complete_hybrid_component(&pb).unwrap().secret_bytes(),
            sb.secret_bytes()
        );
    }

    #[test]
    fn bad_peer_keys_are_refused() {
        let f = FFDHE2048.start().unwrap();
        assert!(f.complete(&[1]).is_err());
        let e = SECP521R1.start().unwrap();
        assert!(e.complete(&[4, 1, 2]).is_err());
        let x = X448.start().unwrap();
        assert!(x.complete(&[0; 10]).is_err());
    }
}
