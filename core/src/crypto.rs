//! Verify one X.509 signature with one public key, as JDK 17 does.
//!
//! This module answers two questions for the trust layer:
//!
//! * what a key or a signature algorithm *is*, in the JDK's words
//!   ([`PublicKeyKind::java_algorithm`], [`SignatureAlgorithm::java_name`],
//!   key sizes as `sun.security.util.KeyUtil.getKeySize` computes them), and
//! * whether `X509Certificate.verify(issuerKey)` succeeds
//!   ([`verify_signature`]).
//!
//! Every algorithm a JDK 17.0.21 provider verifies in a certificate is
//! covered: RSASSA-PKCS1-v1_5 with MD2, MD5, SHA-1, SHA-2 and SHA-3 digests;
//! RSASSA-PSS with any parameters (keys under `rsaEncryption` or
//! `id-RSASSA-PSS`); ECDSA on P-256, P-384 and P-521; DSA; Ed25519; Ed448;
//! ML-DSA. Keys of any size the provider can load verify here: key-size
//! policy (`jdk.certpath.disabledAlgorithms`) belongs to the constraints
//! layer, not to this one.
//!
//! The JDK maps every failure of `verify` to the same PKIX reason
//! ("signature check failed"); [`CryptoError`] keeps the finer reason for
//! diagnostics.
//!
//! # Which crate computes what
//!
//! One backend, AWS-LC (through `aws-lc-rs`), does everything it can do the JDK's way: the
//! signature fast path with its key cache (`memo`), the digests, the certificate
//! fingerprints, and, outside this module, the probe's rustls (its AWS-LC provider, and the
//! secp521r1 key exchange rustls's provider lacks) and the second opinion's rustls-webpki. Any
//! other crate is there for one reason only: an algorithm the JDK accepts that AWS-LC does not
//! offer, or semantics of the JDK's that AWS-LC refuses to have.
//!
//! | algorithm | crate | why |
//! |---|---|---|
//! | RSA PKCS#1 v1.5 with SHA-1, SHA-256 or SHA-512 and keys of 1024 to 8192 bits, or SHA-384 and 2048 to 8192 bits; RSA-PSS with SHA-256/384/512, MGF1 over the same digest, a salt of its length and keys of 2048 to 8192 bits | aws-lc-rs (fast path) | the common certificates, with parsed keys cached |
//! | every other RSA signature the JDK verifies: keys under 1024 bits (down to the JDK's 512) and over 8192 (up to 16384), MD2, MD5, SHA-224, SHA-512/224, SHA-512/256 and SHA3 DigestInfo, DigestInfo without its NULL parameter, PSS with any digest, MGF1 digest and salt length, exponents AWS-LC refuses | num-bigint (`modpow`) and the JDK's checks transcribed (`rsa`) | AWS-LC refuses these keys, digests and encodings, and exposes no raw RSA public operation to build them on |
//! | ECDSA on P-256, P-384 and P-521 with SHA-1, SHA-2 and SHA3 | aws-lc-rs (fast path for its own pairs; a pre-computed digest otherwise) | AWS-LC offers some curve and digest pairs only, but a digest re-cut to the curve's own digest length stands for the same integer (`ecdsa`) |
//! | Ed25519 | aws-lc-rs (fast path) | plus the one check of SunEC's it lacks, a reduced key y coordinate |
//! | Ed448 | ed448-goldilocks (with the `signature` trait) | AWS-LC has no Ed448 (the probe's x448 is ed448-goldilocks too) |
//! | ML-DSA-44/65/87 (pure, empty context) | aws-lc-rs | |
//! | DSA | num-bigint | AWS-LC has no DSA verification; the JDK's lenient decoding (signed INTEGERs forced positive, any key sizes) is transcribed |
//! | SHA-1, SHA-224, SHA-256, SHA-384, SHA-512, SHA-512/256, SHA3-256/384/512; SHA-256 fingerprints | aws-lc-rs `digest` | |
//! | SHA-512/224, SHA3-224, MD5, MD2 | sha2, sha3, md-5, md2 | the JDK verifies with them, AWS-LC's digest API lacks them |

mod dsa;
mod ecdsa;
mod eddsa;
mod hash;
pub(crate) mod memo;
mod mldsa;
mod oids;
mod rsa;
mod work;

use core::fmt;

pub use hash::Digest;
pub(crate) use hash::{sha256, sha256_parts};
pub use work::verification_work;

use crate::der::{self, tag, OidBound, Reader, Strictness};
use oids::{KeyAlg, SigKind};

/// A subject public key as the JDK sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKeyKind {
    /// `rsaEncryption` key; `bits` is the modulus length.
    Rsa {
        /// Modulus bit length.
        bits: u32,
    },
    /// `id-RSASSA-PSS` key; `bits` is the modulus length.
    RsaPss {
        /// Modulus bit length.
        bits: u32,
    },
    /// EC key on a named curve the JDK knows.
    Ec {
        /// The named curve.
        curve: Curve,
        /// The size `KeyUtil.getKeySize` reports: the bit length of the
        /// curve's order (equal to the field size for the NIST P-curves,
        /// brainpool and secp256k1).
        bits: u32,
    },
    /// Ed25519 key.
    Ed25519,
    /// Ed448 key.
    Ed448,
    /// DSA key; `bits` is the length of `p`, or 0 when the key carries no
    /// parameters and inherits them from its issuer (RFC 3279).
    Dsa {
        /// Bit length of `p`; 0 when the parameters are inherited.
        bits: u32,
    },
    /// ML-DSA key (FIPS 204), which JDK 17.0.21 supports.
    MlDsa {
        /// The parameter set.
        parameter_set: MlDsaParameterSet,
    },
    /// Any other algorithm: the JDK keeps it as an opaque `X509Key`.
    Unknown {
        /// Dotted OID of the key algorithm.
        oid: String,
    },
}

impl PublicKeyKind {
    /// `PublicKey.getAlgorithm()`: "RSA", "RSASSA-PSS", "EC", "DSA", "ML-DSA",
    /// and "EdDSA" for both Ed25519 and Ed448 keys (SunEC's `EdDSAPublicKeyImpl`
    /// reports the family, not the curve). For an unknown key this is the JDK's name for
    /// the OID when it has one ("X25519", "DiffieHellman", …) and "UNKNOWN"
    /// otherwise; [`PublicKeyKind::java_algorithm_name`] gives the dotted OID
    /// there, as Java prints it.
    pub fn java_algorithm(&self) -> &'static str {
        match self {
            PublicKeyKind::Rsa { .. } => "RSA",
            PublicKeyKind::RsaPss { .. } => "RSASSA-PSS",
            PublicKeyKind::Ec { .. } => "EC",
            PublicKeyKind::Ed25519 | PublicKeyKind::Ed448 => "EdDSA",
            PublicKeyKind::Dsa { .. } => "DSA",
            PublicKeyKind::MlDsa { .. } => "ML-DSA",
            PublicKeyKind::Unknown { oid } => oids::java_name_of(oid).unwrap_or("UNKNOWN"),
        }
    }

    /// `PublicKey.getAlgorithm()` exactly, including the dotted OID Java
    /// prints for keys it has no name for.
    pub fn java_algorithm_name(&self) -> String {
        match self {
            PublicKeyKind::Unknown { oid } if oids::java_name_of(oid).is_none() => oid.clone(),
            other => other.java_algorithm().to_owned(),
        }
    }

    /// `KeyUtil.getKeySize`: modulus bits for RSA, order bits for EC, `p`
    /// bits for DSA, 255 / 448 for Ed25519 / Ed448; `None` where the JDK
    /// reports -1 (unknown keys, ML-DSA, DSA keys with inherited parameters).
    pub fn bits(&self) -> Option<u32> {
        match self {
            PublicKeyKind::Rsa { bits }
            | PublicKeyKind::RsaPss { bits }
            | PublicKeyKind::Ec { bits, .. } => Some(*bits),
            PublicKeyKind::Dsa { bits } => (*bits != 0).then_some(*bits),
            PublicKeyKind::Ed25519 => Some(255),
            PublicKeyKind::Ed448 => Some(448),
            PublicKeyKind::MlDsa { .. } | PublicKeyKind::Unknown { .. } => None,
        }
    }
}

/// A named elliptic curve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Curve {
    /// secp256r1 / NIST P-256.
    P256,
    /// secp384r1 / NIST P-384.
    P384,
    /// secp521r1 / NIST P-521.
    P521,
    /// secp224r1 / NIST P-224.
    P224,
    /// secp256k1.
    Secp256k1,
    /// Any other curve of the JDK's CurveDB, by its JDK standard name
    /// (`"secp192r1"`, `"brainpoolP256r1"`, `"sect283k1"`, `"X9.62 c2tnb191v1"`, …).
    Other(String),
}

impl Curve {
    fn from_info(info: &oids::CurveInfo) -> Curve {
        match info.oid {
            "1.2.840.10045.3.1.7" => Curve::P256,
            "1.3.132.0.34" => Curve::P384,
            "1.3.132.0.35" => Curve::P521,
            "1.3.132.0.33" => Curve::P224,
            "1.3.132.0.10" => Curve::Secp256k1,
            _ => Curve::Other(info.name.to_owned()),
        }
    }

    /// Dotted OID of the curve (for `Other`, looked up by name; a name the
    /// JDK does not know is returned as is).
    pub fn oid(&self) -> &str {
        match self {
            Curve::P256 => "1.2.840.10045.3.1.7",
            Curve::P384 => "1.3.132.0.34",
            Curve::P521 => "1.3.132.0.35",
            Curve::P224 => "1.3.132.0.33",
            Curve::Secp256k1 => "1.3.132.0.10",
            Curve::Other(name) => oids::CURVES
                .iter()
                .find(|c| c.name == name)
                .map_or(name.as_str(), |c| c.oid),
        }
    }

    /// The JDK's standard name: `secp256r1`, `secp384r1`, `secp521r1`,
    /// `secp224r1`, `secp256k1`, or the `Other` name.
    pub fn java_name(&self) -> &str {
        match self {
            Curve::P256 => "secp256r1",
            Curve::P384 => "secp384r1",
            Curve::P521 => "secp521r1",
            Curve::P224 => "secp224r1",
            Curve::Secp256k1 => "secp256k1",
            Curve::Other(name) => name,
        }
    }

    /// The name messages use: NIST's for P-224, the JDK's for the rest.
    pub fn display_name(&self) -> &str {
        match self {
            Curve::P224 => "P-224",
            other => other.java_name(),
        }
    }

    /// Whether JDK 17's SunEC can verify signatures made with a key on this
    /// curve (and whether the TLS client offers it).
    pub fn is_jdk_supported(&self) -> bool {
        matches!(self, Curve::P256 | Curve::P384 | Curve::P521)
    }
}

/// ML-DSA parameter sets (FIPS 204).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MlDsaParameterSet {
    /// ML-DSA-44.
    MlDsa44,
    /// ML-DSA-65.
    MlDsa65,
    /// ML-DSA-87.
    MlDsa87,
}

/// Why a key cannot be loaded by the JDK. A certificate carrying such a key
/// fails to parse in the JDK ("Failed to parse server certificates").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// The SubjectPublicKeyInfo or the key inside it is not valid DER.
    Encoding,
    /// RSA modulus outside 512..=16384 bits (after rounding up to octets).
    RsaModulusSize {
        /// The modulus bit length.
        bits: u32,
    },
    /// RSA public exponent below 3, not below the modulus, or over 64 bits
    /// with a modulus over 3072 bits.
    RsaExponent,
    /// EC parameters are missing or explicit ("Only named ECParameters supported").
    EcParameters,
    /// A named curve the JDK's CurveDB does not have.
    UnknownCurve {
        /// Dotted OID of the curve.
        oid: String,
    },
    /// EC point compressed or of the wrong length for the curve.
    EcPoint,
    /// DSA parameters unusable for arithmetic (p or q at most 1).
    DsaParameters,
    /// `id-RSASSA-PSS` key parameters the JDK cannot parse.
    PssParameters,
}

/// Why [`verify_signature`] (or a parse function) failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// The AlgorithmIdentifier is not valid DER (the JDK cannot parse the
    /// certificate).
    MalformedAlgorithmIdentifier,
    /// RSASSA-PSS parameters the JDK's `PSSParameters` refuses (the JDK
    /// cannot parse the certificate).
    MalformedPssParameters,
    /// The key cannot be loaded; see [`KeyProblem`].
    MalformedKey(KeyProblem),
    /// No JDK 17 signature engine verifies this algorithm (unknown OID,
    /// `ecdsa-with-Specified`, a PSS digest outside SHA-1/2/3, …).
    UnsupportedAlgorithm {
        /// Dotted OID of the offending algorithm.
        oid: String,
    },
    /// An EC key on a curve SunEC cannot compute with (anything but P-256,
    /// P-384, P-521).
    UnsupportedCurve {
        /// JDK name of the curve.
        curve: String,
    },
    /// The key's algorithm does not fit the signature algorithm (an RSA key
    /// for ECDSA, an `id-RSASSA-PSS` key with parameters for PKCS#1 v1.5, …).
    KeyAlgorithmMismatch,
    /// Signature algorithm parameters the engine refuses: present where none
    /// are allowed, EC parameters of another curve, PSS parameters that the
    /// key's own PSS parameters forbid.
    IncompatibleParameters,
    /// The key is too small for the digest and padding (PKCS#1 DigestInfo or
    /// PSS `hLen + sLen + 2`).
    KeyTooSmallForAlgorithm,
    /// A DSA key without parameters: they must come from the issuer.
    MissingDsaParameters,
    /// The signature value is not well formed for the algorithm (wrong
    /// length, bad DER, values out of range).
    MalformedSignature,
    /// The signature does not verify.
    BadSignature,
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CryptoError::MalformedAlgorithmIdentifier => {
                f.write_str("malformed algorithm identifier")
            }
            CryptoError::MalformedPssParameters => f.write_str("malformed RSASSA-PSS parameters"),
            CryptoError::MalformedKey(p) => match p {
                KeyProblem::Encoding => f.write_str("malformed public key"),
                KeyProblem::RsaModulusSize { bits } => {
                    write!(f, "RSA modulus of {bits} bits is outside 512..16384")
                }
                KeyProblem::RsaExponent => f.write_str("RSA public exponent out of range"),
                KeyProblem::EcParameters => f.write_str("only named EC parameters are supported"),
                KeyProblem::UnknownCurve { oid } => write!(f, "unknown named curve: {oid}"),
                KeyProblem::EcPoint => {
                    f.write_str("EC point is not an uncompressed point of the curve's size")
                }
                KeyProblem::DsaParameters => f.write_str("unusable DSA parameters"),
                KeyProblem::PssParameters => f.write_str("malformed RSASSA-PSS key parameters"),
            },
            CryptoError::UnsupportedAlgorithm { oid } => {
                write!(f, "unsupported signature algorithm {oid}")
            }
            CryptoError::UnsupportedCurve { curve } => {
                write!(f, "curve not supported for signatures: {curve}")
            }
            CryptoError::KeyAlgorithmMismatch => {
                f.write_str("key does not match the signature algorithm")
            }
            CryptoError::IncompatibleParameters => {
                f.write_str("signature parameters incompatible with the key")
            }
            CryptoError::KeyTooSmallForAlgorithm => {
                f.write_str("key is too short for this signature algorithm")
            }
            CryptoError::MissingDsaParameters => f.write_str("DSA public key lacks parameters"),
            CryptoError::MalformedSignature => f.write_str("malformed signature value"),
            CryptoError::BadSignature => f.write_str("signature does not verify"),
        }
    }
}

impl std::error::Error for CryptoError {}

/// RSASSA-PSS parameters (RFC 4055 `RSASSA-PSS-params`) after the JDK's
/// defaults are applied (SHA-1, MGF1 with SHA-1, salt 20, trailer 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PssParameters {
    /// The message digest, if it is one we know.
    pub hash: Option<Digest>,
    /// Dotted OID of the message digest.
    pub hash_oid: String,
    /// The digest used by MGF1.
    pub mgf1_hash: Digest,
    /// Salt length in octets.
    pub salt_len: u32,
}

/// What a signature algorithm asks of the verifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureScheme {
    /// RSASSA-PKCS1-v1_5 with the digest.
    RsaPkcs1(Digest),
    /// RSASSA-PSS with explicit parameters.
    RsaPss(PssParameters),
    /// RSASSA-PSS without parameters: the JDK refuses to verify it
    /// ("Parameters required for RSASSA-PSS signatures").
    RsaPssWithoutParameters,
    /// ECDSA with the digest.
    Ecdsa(Digest),
    /// DSA with the digest.
    Dsa(Digest),
    /// Pure Ed25519.
    Ed25519,
    /// Pure Ed448.
    Ed448,
    /// Pure ML-DSA.
    MlDsa(MlDsaParameterSet),
    /// Nothing in JDK 17 verifies it.
    Unsupported,
}

/// Signature algorithm of a certificate, from its AlgorithmIdentifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureAlgorithm {
    oid: String,
    params: Option<Vec<u8>>,
    java_name: String,
    scheme: SignatureScheme,
}

impl SignatureAlgorithm {
    /// Parses a DER AlgorithmIdentifier (the whole SEQUENCE TLV) the way
    /// `AlgorithmId.parse` does: a NULL parameter counts as absent, anything
    /// after the parameters is an error, and RSASSA-PSS parameters must parse.
    pub fn from_der(alg_id_der: &[u8]) -> Result<SignatureAlgorithm, CryptoError> {
        let (oid, params) = parse_algorithm_identifier(alg_id_der)?;
        let entry = oids::signature_entry(&oid);
        let kind = entry.map_or(SigKind::NameOnly, |e| e.kind);
        let mut java_name = entry.map_or_else(|| oid.clone(), |e| e.name.to_owned());
        let scheme = match kind {
            SigKind::RsaPkcs1(d) => SignatureScheme::RsaPkcs1(d),
            SigKind::RsaPss => match params {
                Some(p) => SignatureScheme::RsaPss(
                    parse_pss_params(p).ok_or(CryptoError::MalformedPssParameters)?,
                ),
                None => SignatureScheme::RsaPssWithoutParameters,
            },
            SigKind::Ecdsa(d) => SignatureScheme::Ecdsa(d),
            SigKind::EcdsaSpecified => {
                // AlgorithmId.getName(): the digest's name without '-' +
                // "withECDSA", and Signature.getInstance(that name) decides;
                // getEncodedParams() hides the digest from the engine.
                let digest_oid = params
                    .and_then(|p| parse_algorithm_identifier(p).ok())
                    .map(|(oid, _)| oid);
                match digest_oid {
                    Some(doid) => {
                        let digest_name =
                            oids::java_name_of(&doid).map_or(doid.clone(), str::to_owned);
                        java_name = format!("{}withECDSA", digest_name.replace('-', ""));
                        match Digest::from_oid(&doid) {
                            Some(
                                d @ (Digest::Sha1
                                | Digest::Sha224
                                | Digest::Sha256
                                | Digest::Sha384
                                | Digest::Sha512),
                            ) => SignatureScheme::Ecdsa(d),
                            _ => SignatureScheme::Unsupported,
                        }
                    }
                    None => SignatureScheme::Unsupported,
                }
            }
            SigKind::Dsa(d) => SignatureScheme::Dsa(d),
            SigKind::Ed25519 => SignatureScheme::Ed25519,
            SigKind::Ed448 => SignatureScheme::Ed448,
            SigKind::MlDsa(set) => SignatureScheme::MlDsa(set),
            SigKind::NameOnly => SignatureScheme::Unsupported,
        };
        Ok(SignatureAlgorithm {
            params: params.map(<[u8]>::to_vec),
            oid,
            java_name,
            scheme,
        })
    }

    /// `X509Certificate.getSigAlgName()`: "SHA256withRSA", "RSASSA-PSS",
    /// "SHA256withECDSA", "Ed25519", "SHA256withDSA", …; the dotted OID for
    /// OIDs the JDK has no name for.
    pub fn java_name(&self) -> String {
        self.java_name.clone()
    }

    /// The message digest the signature is computed over (for PSS, the
    /// parameters' digest); `None` for EdDSA, ML-DSA and unknown algorithms.
    pub fn digest(&self) -> Option<Digest> {
        match &self.scheme {
            SignatureScheme::RsaPkcs1(d) | SignatureScheme::Ecdsa(d) | SignatureScheme::Dsa(d) => {
                Some(*d)
            }
            SignatureScheme::RsaPss(p) => p.hash,
            SignatureScheme::RsaPssWithoutParameters
            | SignatureScheme::Ed25519
            | SignatureScheme::Ed448
            | SignatureScheme::MlDsa(_)
            | SignatureScheme::Unsupported => None,
        }
    }

    /// Dotted OID of the algorithm.
    pub fn oid(&self) -> &str {
        &self.oid
    }

    /// DER of the parameters, `None` when absent or NULL.
    pub fn params_der(&self) -> Option<&[u8]> {
        self.params.as_deref()
    }

    /// What verification will do.
    pub fn scheme(&self) -> &SignatureScheme {
        &self.scheme
    }

    /// The parameters the signature engine sees (`AlgorithmId.getEncodedParams`):
    /// for `ecdsa-with-Specified` they only name the digest and are withheld.
    fn engine_params(&self) -> Option<&[u8]> {
        if self.oid == oids::ECDSA_SPECIFIED_OID {
            None
        } else {
            self.params.as_deref()
        }
    }
}

/// Parse a DER SubjectPublicKeyInfo (the whole SEQUENCE TLV).
///
/// Errors are keys the JDK cannot load, which make it refuse the whole
/// certificate. Unknown algorithms are not errors: the JDK keeps them as
/// opaque keys ([`PublicKeyKind::Unknown`]).
pub fn parse_public_key(spki_der: &[u8]) -> Result<PublicKeyKind, CryptoError> {
    Ok(match load_key(spki_der)? {
        Key::Rsa(k) => PublicKeyKind::Rsa { bits: k.bits },
        Key::RsaPss(k, _) => PublicKeyKind::RsaPss { bits: k.bits },
        Key::Ec(k) => PublicKeyKind::Ec {
            curve: Curve::from_info(k.curve),
            bits: k.curve.order_bits,
        },
        Key::Ed25519(_) => PublicKeyKind::Ed25519,
        Key::Ed448(_) => PublicKeyKind::Ed448,
        Key::Dsa(k) => PublicKeyKind::Dsa {
            bits: k.bits().unwrap_or(0),
        },
        Key::MlDsa(set, _) => PublicKeyKind::MlDsa { parameter_set: set },
        Key::Unknown(oid) => PublicKeyKind::Unknown { oid },
    })
}

/// Verify `signature` over `message` (the TBSCertificate bytes) with the key
/// in `spki_der`, as `X509Certificate.verify(key)` would.
///
/// Errors distinguish unsupported algorithms ([`CryptoError::UnsupportedAlgorithm`],
/// [`CryptoError::UnsupportedCurve`]), key/algorithm mismatches
/// ([`CryptoError::KeyAlgorithmMismatch`], [`CryptoError::IncompatibleParameters`]),
/// malformed keys ([`CryptoError::MalformedKey`]) and bad signatures
/// ([`CryptoError::MalformedSignature`], [`CryptoError::BadSignature`]).
pub fn verify_signature(
    alg: &SignatureAlgorithm,
    spki_der: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), CryptoError> {
    let key = load_key(spki_der)?;
    let unsupported = || CryptoError::UnsupportedAlgorithm {
        oid: alg.oid.clone(),
    };
    // SignatureUtil.getParamSpec: parameters of a name containing "RSA" go to
    // AlgorithmParameters.getInstance(<name>), which only RSASSA-PSS has;
    // ECDSA reads them as EC parameters; any other name refuses them. So
    // beyond PSS and ECDSA, any parameter other than NULL fails.
    let no_params = || {
        if alg.params.is_some() {
            Err(CryptoError::IncompatibleParameters)
        } else {
            Ok(())
        }
    };
    match (&alg.scheme, &key) {
        (SignatureScheme::Unsupported | SignatureScheme::RsaPssWithoutParameters, _) => {
            Err(unsupported())
        }
        (SignatureScheme::RsaPkcs1(d), Key::Rsa(k) | Key::RsaPss(k, None)) => {
            // The PKCS#1 engine accepts any RSA key without PSS parameters.
            no_params()?;
            rsa::verify_pkcs1(k, *d, message, signature)
        }
        (SignatureScheme::RsaPss(p), Key::Rsa(k)) => {
            rsa::verify_pss(k, None, p, message, signature)
        }
        (SignatureScheme::RsaPss(p), Key::RsaPss(k, kp)) => {
            rsa::verify_pss(k, kp.as_ref(), p, message, signature)
        }
        (SignatureScheme::Ecdsa(d), Key::Ec(k)) => {
            ecdsa::verify(k, *d, alg.engine_params(), message, signature)
        }
        (SignatureScheme::Dsa(d), Key::Dsa(k)) => {
            no_params()?;
            dsa::verify(k, *d, message, signature)
        }
        (SignatureScheme::Ed25519, Key::Ed25519(k)) => {
            no_params()?;
            eddsa::verify_ed25519(k, message, signature)
        }
        (SignatureScheme::Ed448, Key::Ed448(k)) => {
            no_params()?;
            eddsa::verify_ed448(k, message, signature)
        }
        (SignatureScheme::MlDsa(set), Key::MlDsa(key_set, k)) if set == key_set => {
            no_params()?;
            mldsa::verify(*set, k, message, signature)
        }
        _ => Err(CryptoError::KeyAlgorithmMismatch),
    }
}

/// Whether two AlgorithmIdentifiers are equal as `AlgorithmId.equals`
/// sees them: same OID and same parameters, a NULL parameter counting as
/// absent. `X509CertImpl` refuses a certificate whose outer and inner
/// signature algorithms differ ("Signature algorithm mismatch"). Either
/// side failing to parse counts as different.
pub fn same_algorithm(a_der: &[u8], b_der: &[u8]) -> bool {
    match (
        parse_algorithm_identifier(a_der),
        parse_algorithm_identifier(b_der),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Completes a DSA key that has no parameters with those of `from_spki_der`
/// (its issuer's key), as the JDK's PKIX `BasicChecker` does before checking
/// the next signature (RFC 3279 parameter inheritance). Returns the new
/// SubjectPublicKeyInfo DER.
///
/// Errors: either key is not DSA ([`CryptoError::KeyAlgorithmMismatch`]),
/// `from_spki_der` has no parameters ([`CryptoError::MissingDsaParameters`]),
/// or a key does not load.
#[cfg(test)]
pub fn inherit_dsa_parameters(
    spki_der: &[u8],
    from_spki_der: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let (Key::Dsa(_), Key::Dsa(parent)) = (load_key(spki_der)?, load_key(from_spki_der)?) else {
        return Err(CryptoError::KeyAlgorithmMismatch);
    };
    if !parent.has_params() {
        return Err(CryptoError::MissingDsaParameters);
    }
    let (alg_raw, key_bits) = spki_parts(spki_der)?;
    let (parent_alg_raw, _) = spki_parts(from_spki_der)?;
    let (oid_raw, _) = split_algorithm_identifier(alg_raw)?;
    let (_, params_raw) = split_algorithm_identifier(parent_alg_raw)?;
    let alg = der::encode(
        tag::SEQUENCE,
        &[oid_raw, params_raw.unwrap_or_default()].concat(),
    );
    let bits = der::encode(tag::BIT_STRING, &[&[0u8][..], key_bits].concat());
    Ok(der::encode(tag::SEQUENCE, &[alg, bits].concat()))
}

/// A loaded key, borrowing from the SPKI.
enum Key<'a> {
    Rsa(rsa::RsaKey<'a>),
    RsaPss(rsa::RsaKey<'a>, Option<PssParameters>),
    Ec(ecdsa::EcKey<'a>),
    Dsa(dsa::DsaKey),
    Ed25519(&'a [u8]),
    Ed448(&'a [u8]),
    MlDsa(MlDsaParameterSet, &'a [u8]),
    Unknown(String),
}

/// The AlgorithmIdentifier TLV and the key octets of a SubjectPublicKeyInfo.
fn spki_parts(spki_der: &[u8]) -> Result<(&[u8], &[u8]), CryptoError> {
    let malformed = |_| CryptoError::MalformedKey(KeyProblem::Encoding);
    let spki = der::single(spki_der, Strictness::BerDefinite).map_err(malformed)?;
    if spki.tag != tag::SEQUENCE {
        return Err(CryptoError::MalformedKey(KeyProblem::Encoding));
    }
    let mut r = Reader::new(spki.content, Strictness::BerDefinite);
    let alg = r.read().map_err(malformed)?;
    let bit_string = r.expect(tag::BIT_STRING).map_err(malformed)?.content;
    r.finish().map_err(malformed)?;
    // Keys are whole octets; a BIT STRING with unused bits holds no valid key.
    match bit_string.split_first() {
        Some((0, key_bits)) => Ok((alg.raw, key_bits)),
        _ => Err(CryptoError::MalformedKey(KeyProblem::Encoding)),
    }
}

/// `X509Key.parse` followed by the matching `KeyFactory.generatePublic`.
fn load_key(spki_der: &[u8]) -> Result<Key<'_>, CryptoError> {
    let (alg_raw, key_bits) = spki_parts(spki_der)?;
    let (oid, params) = parse_algorithm_identifier(alg_raw)
        .map_err(|_| CryptoError::MalformedKey(KeyProblem::Encoding))?;
    let Some(alg) = oids::key_alg(&oid) else {
        // X509Key.buildX509Key: an algorithm without a JDK KeyFactory stays an opaque key, but
        // one with a factory (DiffieHellman, XDH) must parse, or the certificate does not.
        if !oids::other_key_factory_accepts(&oid, params, key_bits) {
            return Err(CryptoError::MalformedKey(KeyProblem::Encoding));
        }
        return Ok(Key::Unknown(oid));
    };
    Ok(match alg {
        KeyAlg::Rsa => Key::Rsa(rsa::parse_key(key_bits)?),
        KeyAlg::RsaPss => {
            let key_params = match params {
                None => None,
                Some(p) => Some(
                    parse_pss_params(p)
                        .ok_or(CryptoError::MalformedKey(KeyProblem::PssParameters))?,
                ),
            };
            Key::RsaPss(rsa::parse_key(key_bits)?, key_params)
        }
        KeyAlg::Ec => Key::Ec(ecdsa::parse_key(params, key_bits)?),
        KeyAlg::Dsa => Key::Dsa(dsa::parse_key(params, key_bits)?),
        KeyAlg::Ed25519 => {
            eddsa::check_key(key_bits, false)?;
            Key::Ed25519(key_bits)
        }
        KeyAlg::Ed448 => {
            eddsa::check_key(key_bits, true)?;
            Key::Ed448(key_bits)
        }
        KeyAlg::MlDsa(set) => {
            mldsa::check_key(set, key_bits)?;
            Key::MlDsa(set, key_bits)
        }
    })
}

/// `AlgorithmId.parse`: `SEQUENCE { OID, params? }`; a NULL parameter (which
/// must be empty) is dropped; nothing may follow the parameters.
fn parse_algorithm_identifier(der_bytes: &[u8]) -> Result<(String, Option<&[u8]>), CryptoError> {
    let (oid_raw, params) = split_algorithm_identifier(der_bytes)?;
    let oid_tlv = der::single(oid_raw, Strictness::BerDefinite)
        .map_err(|_| CryptoError::MalformedAlgorithmIdentifier)?;
    let oid = der::oid_to_string(oid_tlv.content, OidBound::Arcs128)
        .map_err(|_| CryptoError::MalformedAlgorithmIdentifier)?;
    Ok((oid, params))
}

/// The OID TLV and the parameters TLV (NULL dropped) of an AlgorithmIdentifier.
fn split_algorithm_identifier(der_bytes: &[u8]) -> Result<(&[u8], Option<&[u8]>), CryptoError> {
    let bad = |_| CryptoError::MalformedAlgorithmIdentifier;
    let seq = der::single(der_bytes, Strictness::BerDefinite).map_err(bad)?;
    if seq.tag != tag::SEQUENCE {
        return Err(CryptoError::MalformedAlgorithmIdentifier);
    }
    let mut r = Reader::new(seq.content, Strictness::BerDefinite);
    let oid = r.read().map_err(bad)?;
    if oid.tag != tag::OID {
        return Err(CryptoError::MalformedAlgorithmIdentifier);
    }
    if r.is_empty() {
        return Ok((oid.raw, None));
    }
    let params = r.read().map_err(bad)?;
    r.finish().map_err(bad)?;
    if params.tag == tag::NULL {
        if !params.content.is_empty() {
            return Err(CryptoError::MalformedAlgorithmIdentifier);
        }
        return Ok((oid.raw, None));
    }
    Ok((oid.raw, Some(params.raw)))
}

/// `PSSParameters.engineInit(byte[])`: fields in any order, each an explicit
/// context tag [0]..[3]; MGF must be MGF1 with a SHA-1/2/3 digest; salt
/// length non-negative; trailer field 1.
fn parse_pss_params(params: &[u8]) -> Option<PssParameters> {
    const MGF1_OID: &str = "1.2.840.113549.1.1.8";
    let seq = der::single(params, Strictness::BerDefinite).ok()?;
    if seq.tag != tag::SEQUENCE {
        return None;
    }
    let mut out = PssParameters {
        hash: Some(Digest::Sha1),
        hash_oid: Digest::Sha1.oid().to_owned(),
        mgf1_hash: Digest::Sha1,
        salt_len: 20,
    };
    let mut r = Reader::new(seq.content, Strictness::BerDefinite);
    while !r.is_empty() {
        let field = r.read().ok()?;
        if field.tag & 0xc0 != 0x80 {
            return None;
        }
        // Java reads the first value inside the tag and ignores the rest.
        let inner = Reader::new(field.content, Strictness::BerDefinite).read().ok()?;
        match field.tag & 0x1f {
            0 => {
                let (oid, _) = parse_algorithm_identifier(inner.raw).ok()?;
                out.hash = Digest::from_oid(&oid);
                out.hash_oid = oid;
            }
            1 => {
                let (oid, mgf_params) = parse_algorithm_identifier(inner.raw).ok()?;
                if oid != MGF1_OID {
                    return None;
                }
                let (digest_oid, _) = parse_algorithm_identifier(mgf_params?).ok()?;
                out.mgf1_hash = match Digest::from_oid(&digest_oid)? {
                    Digest::Md2 | Digest::Md5 => return None,
                    d => d,
                };
            }
            2 => {
                if inner.tag != tag::INTEGER {
                    return None;
                }
                out.salt_len = u32::try_from(der::java_int(inner.content).ok()?).ok()?;
            }
            3 => {
                if inner.tag != tag::INTEGER || der::java_int(inner.content).ok()? != 1 {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests;
