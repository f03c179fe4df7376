//! An owned, parsed X.509 certificate, read the way the JDK's `X509CertImpl` reads it.
//!
//! What the JDK's parser rejects we reject (so the caller can report `Failed to parse server
//! certificates`), and what it silently drops we drop: a non-critical extension the JDK cannot
//! parse is ignored, a critical one makes the whole certificate unparseable.

mod decoded;
mod policies;

use crate::message::parsing;

pub use policies::{
    CertificatePolicies, PolicyConstraints, PolicyMapping, ANY_POLICY,
};

use crate::crypto::{self, PublicKeyKind, SignatureAlgorithm};
use crate::der::{self, jdk, tag, OidBound, Reader, Strictness};
use crate::general_name::{self, GeneralName};
use crate::name::Name;
use crate::name_constraints::NameConstraints;
use crate::time::{self, Millis};

/// Extension OIDs the validator knows by name.
pub mod oid {
    pub const SUBJECT_KEY_ID: &str = "2.5.29.14";
    pub const KEY_USAGE: &str = "2.5.29.15";
    pub const SUBJECT_ALT_NAME: &str = "2.5.29.17";
    pub const BASIC_CONSTRAINTS: &str = "2.5.29.19";
    pub const NAME_CONSTRAINTS: &str = "2.5.29.30";
    pub const CERTIFICATE_POLICIES: &str = "2.5.29.32";
    pub const POLICY_MAPPINGS: &str = "2.5.29.33";
    pub const AUTHORITY_KEY_ID: &str = "2.5.29.35";
    pub const POLICY_CONSTRAINTS: &str = "2.5.29.36";
    pub const EXTENDED_KEY_USAGE: &str = "2.5.29.37";
    pub const INHIBIT_ANY_POLICY: &str = "2.5.29.54";
    pub const NETSCAPE_CERT_TYPE: &str = "2.16.840.1.113730.1.1";
}

/// Why a certificate could not be parsed (the JDK would throw a `CertificateException`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertError {
    /// Not PEM, not DER, or base64 that does not decode.
    Encoding(String),
    /// The DER structure is broken.
    Der(der::DerError),
    /// A structural rule of `X509CertImpl` / `X509CertInfo` (the JDK's wording where it has one).
    Invalid(&'static str),
    /// The same extension twice (`Duplicate extensions not allowed`).
    DuplicateExtension(String),
    /// A critical extension whose value the JDK cannot parse.
    BadCriticalExtension {
        /// The extension's OID.
        oid: String,
        /// Why its value does not parse.
        reason: String,
    },
    /// A name the JDK's `X500Name` rejects.
    Name(String),
    /// A public key the JDK's key factory rejects.
    Key(String),
    /// A validity time the JDK rejects.
    Time(time::TimeError),
    /// The certificate exceeds a documented size limit.
    TooLarge {
        /// The certificate's size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
}

impl std::error::Error for CertError {}

impl From<der::DerError> for CertError {
    fn from(e: der::DerError) -> Self {
        CertError::Der(e)
    }
}

/// Largest certificate we accept (a real one is a few KiB; this bounds hostile input).
pub const MAX_CERT_SIZE: usize = 64 * 1024;

/// basicConstraints as the JDK exposes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BasicConstraints {
    pub ca: bool,
    /// `pathLenConstraint`; None when absent (unbounded).
    pub path_len: Option<i64>,
}

/// authorityKeyIdentifier fields used for anchor selection.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuthorityKeyId {
    pub key_id: Option<Vec<u8>>,
    pub serial: Option<Vec<u8>>,
}

/// One extension as encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawExtension {
    pub oid: String,
    pub critical: bool,
    pub value: Vec<u8>,
}

/// The extensions the validator and the hostname check read, decoded; `None` = absent or a
/// non-critical value the JDK could not parse (it drops those).
#[derive(Debug, Clone, Default)]
pub struct Extensions {
    pub basic_constraints: Option<BasicConstraints>,
    /// KeyUsage bits, padded to at least 9 like `X509Certificate.getKeyUsage()`.
    pub key_usage: Option<Vec<bool>>,
    pub extended_key_usage: Option<Vec<String>>,
    pub subject_alt_names: Option<Vec<GeneralName>>,
    pub name_constraints: Option<NameConstraints>,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<AuthorityKeyId>,
    pub netscape_cert_type: Option<Vec<bool>>,
    /// certificatePolicies (read by the policy checker).
    pub certificate_policies: Option<CertificatePolicies>,
    /// policyMappings, in encoding order.
    pub policy_mappings: Option<Vec<PolicyMapping>>,
    /// policyConstraints.
    pub policy_constraints: Option<PolicyConstraints>,
    /// inhibitAnyPolicy's SkipCerts (`i32::MAX` for -1); only ever set from a critical extension.
    pub inhibit_any_policy: Option<i32>,
    /// Every extension, in encoding order.
    pub all: Vec<RawExtension>,
}

impl Extensions {
    /// OIDs of the critical extensions (`getCriticalExtensionOIDs()`).
    pub fn critical_oids(&self) -> impl Iterator<Item = &str> {
        self.all
            .iter()
            .filter(|e| e.critical)
            .map(|e| e.oid.as_str())
    }
}

/// A parsed certificate.
#[derive(Debug, Clone)]
pub struct Certificate {
    der: Vec<u8>,
    tbs: std::ops::Range<usize>,
    /// The TBSCertificate as the JDK re-encodes it for signature verification, when that differs
    /// from the presented bytes: `X509CertInfo` keeps `DerValue.toByteArray()`, which writes the
    /// header with a minimal length in front of the original content.
    tbs_reencoded: Option<Vec<u8>>,
    spki: std::ops::Range<usize>,
    /// The SubjectPublicKeyInfo when it is not a part of `der` as presented (it had an
    /// indefinite length, or followed one).
    spki_owned: Option<Vec<u8>>,
    pub version: u8,
    pub serial: Vec<u8>,
    pub signature_algorithm: SignatureAlgorithm,
    pub signature: Vec<u8>,
    pub issuer: Name,
    pub subject: Name,
    pub not_before: Millis,
    pub not_after: Millis,
    pub key: PublicKeyKind,
    pub extensions: Extensions,
    sha256: [u8; 32],
}

impl PartialEq for Certificate {
    /// `X509Certificate.equals`: the same encoding.
    fn eq(&self, other: &Self) -> bool {
        self.der == other.der
    }
}
impl Eq for Certificate {}

impl Certificate {
    /// Parses one DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Certificate, CertError> {
        if der.len() > MAX_CERT_SIZE {
            return Err(CertError::TooLarge {
                size: der.len(),
                limit: MAX_CERT_SIZE,
            });
        }
        // X509CertImpl.parse reads with the JDK's BER reader (der::jdk): indefinite lengths are
        // converted, and a stream goes on where the JDK's goes on after one.
        let outer = jdk::parse_whole(der)?;
        if outer.tag != tag::SEQUENCE {
            return Err(CertError::Invalid(parsing::INVALID_DER_ENCODED_CERTIFICATE_DATA));
        }
        let mut parts = outer.data();
        let tbs = parts.get_der_value()?;
        let outer_alg = parts.get_der_value()?;
        let sig = parts.get_der_value()?;
        if parts.available() != 0 {
            return Err(CertError::Invalid(parsing::SIGNED_OVERRUN));
        }
        if tbs.tag != tag::SEQUENCE {
            return Err(CertError::Invalid(parsing::SIGNED_FIELDS_INVALID));
        }
        if sig.tag != tag::BIT_STRING {
            return Err(CertError::Invalid(parsing::SIGNATURE_IS_NOT_A_BIT_STRING));
        }
        let (&unused, sig_bytes) = sig
            .content()
            .split_first()
            .ok_or(CertError::Invalid(parsing::EMPTY_SIGNATURE))?;
        if unused != 0 {
            return Err(CertError::Invalid(
                parsing::SIGNATURE_IS_NOT_AN_OCTET_ALIGNED_BIT,
            ));
        }

        // X509CertInfo.parse, field by field from one stream.
        let mut r = tbs.data();
        let mut version = 1u8;
        let mut tmp = r.get_der_value()?;
        if is_context(tmp.tag, 0) {
            // CertificateVersion: the first value inside [0] is a Java int; what follows it
            // inside [0] is never read.
            if tmp.tag & 0x20 != 0 {
                let int = tmp.data().get_der_value()?;
                if int.tag != tag::INTEGER {
                    return Err(CertError::Invalid(parsing::CERTIFICATE_VERSION_IS_NOT_AN_INTEGER));
                }
                version = match der::java_int(int.content())? {
                    0 => 1,
                    1 => 2,
                    2 => 3,
                    _ => return Err(CertError::Invalid(parsing::UNSUPPORTED_CERTIFICATE_VERSION)),
                };
            }
            tmp = r.get_der_value()?;
        }
        // SerialNumber: DerValue.getBigInteger refuses an empty INTEGER.
        if tmp.tag != tag::INTEGER || tmp.content().is_empty() {
            return Err(CertError::Invalid(parsing::INVALID_SERIAL_NUMBER));
        }
        let serial = tmp.content().to_vec();
        let inner_alg = r.get_der_value()?;
        // X509CertImpl: parsing::SIGNATURE_ALGORITHM_MISMATCH when the outer and inner identifiers differ.
        if !crypto::same_algorithm(outer_alg.raw(), inner_alg.raw()) {
            return Err(CertError::Invalid(parsing::SIGNATURE_ALGORITHM_MISMATCH));
        }
        let signature_algorithm = SignatureAlgorithm::from_der(outer_alg.raw())
            .map_err(|e| CertError::Key(e.to_string()))?;
        let issuer = read_name(&mut r)?;
        if issuer.is_empty() {
            return Err(CertError::Invalid(
                parsing::EMPTY_ISSUER_DN_NOT_ALLOWED_IN_X509CERTIFICATES,
            ));
        }
        let validity = r.get_der_value()?;
        if validity.tag != tag::SEQUENCE {
            return Err(CertError::Invalid(parsing::INVALID_VALIDITY));
        }
        let (not_before, not_after) = parse_validity(validity.content())?;
        let subject = read_name(&mut r)?;
        if version == 1 && subject.is_empty() {
            return Err(CertError::Invalid(
                parsing::EMPTY_SUBJECT_DN_NOT_ALLOWED_IN_V1,
            ));
        }
        let spki = r.get_der_value()?;
        if spki.tag != tag::SEQUENCE {
            return Err(CertError::Invalid(parsing::INVALID_SUBJECTPUBLICKEYINFO));
        }
        let key_error = |e: crypto::CryptoError| CertError::Key(e.to_string());
        let (key, spki_as_read) = match crypto::parse_public_key(spki.raw()) {
            Ok(key) => (key, None),
            Err(e) => match spki_as_jdk_reads(spki.raw()) {
                Some(JdkKey::Converted(normalized)) => (
                    crypto::parse_public_key(&normalized).map_err(key_error)?,
                    Some(normalized),
                ),
                // The presented bytes stay the key's: every signature check with them fails.
                Some(JdkKey::Masked(aligned)) => {
                    (crypto::parse_public_key(&aligned).map_err(key_error)?, None)
                }
                None => return Err(key_error(e)),
            },
        };

        let mut extensions = Extensions::default();
        let mut has_extensions = false;
        // After the key come the optional unique identifiers and, for v3, an [3] holding the
        // extensions. Anything else — a value other than [3], bytes after it, a second [3] — is
        // never read. `available()` can be negative after an indefinite length: the JDK then
        // reads on (and fails), it does not stop.
        if r.available() != 0 {
            if version == 1 {
                return Err(CertError::Invalid(
                    parsing::NO_MORE_DATA_ALLOWED_FOR_VERSION_1,
                ));
            }
            let mut next = Some(r.get_der_value()?);
            for unique_id in [1u8, 2] {
                if let Some(v) = next.take_if(|v| is_context(v.tag, unique_id)) {
                    // UniqueIdentity: an implicitly tagged BIT STRING.
                    der::bit_string_bits(v.content())?;
                    next = if r.available() == 0 {
                        None
                    } else {
                        Some(r.get_der_value()?)
                    };
                }
            }
            if let Some(v) = next {
                if version != 3 {
                    return Err(CertError::Invalid(
                        parsing::EXTENSIONS_NOT_ALLOWED_IN_V2_CERTIFICATE,
                    ));
                }
                if v.tag == 0xa3 {
                    extensions = parse_extensions(v.data())?;
                    has_extensions = true;
                }
            }
        }
        verify_subject_presence(&subject, &extensions, has_extensions)?;

        // X509CertInfo keeps DerValue.toByteArray(): the signature is verified over the TBS
        // with a minimal header (and converted content when it had an indefinite length).
        // Only a TBS whose header is not minimal (or that was converted) needs its own copy.
        let minimal_header = der::header(tag::SEQUENCE, tbs.content().len());
        let tbs_range = locate(der, tbs.raw()).filter(|_| {
            !tbs.converted
                && tbs.raw()[..tbs.raw().len() - tbs.content().len()] == minimal_header[..]
        });
        let spki_range = locate(der, spki.raw()).filter(|_| spki_as_read.is_none());
        Ok(Certificate {
            der: der.to_vec(),
            tbs_reencoded: tbs_range.is_none().then(|| tbs.to_der()),
            tbs: tbs_range.unwrap_or(0..0),
            spki_owned: spki_as_read.or_else(|| spki_range.is_none().then(|| spki.raw().to_vec())),
            spki: spki_range.unwrap_or(0..0),
            version,
            serial,
            signature_algorithm,
            signature: sig_bytes.to_vec(),
            issuer,
            subject,
            not_before,
            not_after,
            key,
            extensions,
            sha256: crate::crypto::sha256(der),
        })
    }

    /// The whole encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The bytes the signature is verified over: the TBSCertificate as the JDK re-encodes it
    /// (its header with a minimal length; the content as presented, or as converted from
    /// indefinite lengths).
    pub fn tbs(&self) -> &[u8] {
        self.tbs_reencoded
            .as_deref()
            .unwrap_or(&self.der[self.tbs.clone()])
    }

    /// The SubjectPublicKeyInfo encoding (`PublicKey.getEncoded()`; keys compare by it).
    pub fn spki(&self) -> &[u8] {
        self.spki_owned
            .as_deref()
            .unwrap_or(&self.der[self.spki.clone()])
    }

    /// SHA-256 of the encoding.
    pub fn sha256(&self) -> &[u8; 32] {
        &self.sha256
    }

    /// SHA-256 fingerprint as lowercase hex.
    pub fn fingerprint(&self) -> String {
        hex::encode(self.sha256)
    }

    /// `X509Certificate.getBasicConstraints()`: -1 unless a CA; else the path length or `i64::MAX`.
    pub fn java_basic_constraints(&self) -> i64 {
        match self.extensions.basic_constraints {
            Some(BasicConstraints { ca: true, path_len }) => path_len.unwrap_or(i64::MAX),
            _ => -1,
        }
    }

    /// `X509CertImpl.isSelfIssued`: subject equals issuer.
    pub fn is_self_issued(&self) -> bool {
        self.subject == self.issuer
    }

    /// KeyUsage bit `i` (absent extension = None).
    pub fn key_usage_bit(&self, i: usize) -> Option<bool> {
        self.extensions
            .key_usage
            .as_ref()
            .map(|bits| bits.get(i).copied().unwrap_or(false))
    }

    /// The subject as `X500Principal.toString()` prints it.
    pub fn subject_string(&self) -> String {
        self.subject.to_java_string()
    }
}

fn parse_validity(content: &[u8]) -> Result<(Millis, Millis), CertError> {
    let mut r = Reader::new(content, Strictness::BerDefinite);
    let mut next = || -> Result<Millis, CertError> {
        let t = r.read()?;
        match t.tag {
            0x17 => time::parse_asn1_time(t.content, false).map_err(CertError::Time),
            0x18 => time::parse_asn1_time(t.content, true).map_err(CertError::Time),
            _ => Err(CertError::Invalid(
                parsing::INVALID_ENCODING_FOR_CERTIFICATEVALIDITY,
            )),
        }
    };
    let nb = next()?;
    let na = next()?;
    r.finish()?;
    Ok((nb, na))
}

/// `X509CertInfo.verifyCert`: an empty subject needs a non-empty, critical subjectAltName.
fn verify_subject_presence(
    subject: &Name,
    ext: &Extensions,
    has_extensions: bool,
) -> Result<(), CertError> {
    if !subject.is_empty() {
        return Ok(());
    }
    if !has_extensions {
        return Err(CertError::Invalid(
            parsing::INCOMPLETE_NO_SUBJECT_NO_EXTENSIONS,
        ));
    }
    let san = ext.all.iter().find(|e| e.oid == oid::SUBJECT_ALT_NAME);
    match (san, &ext.subject_alt_names) {
        (None, _) | (Some(_), None) => Err(CertError::Invalid(
            parsing::INCOMPLETE_NO_SUBJECT_NO_SAN,
        )),
        (Some(_), Some(names)) if names.is_empty() => Err(CertError::Invalid(
            parsing::INCOMPLETE_NO_SUBJECT_EMPTY_SAN,
        )),
        (Some(raw), Some(_)) if !raw.critical => Err(CertError::Invalid(
            parsing::INCOMPLETE_NO_SUBJECT_SAN_NOT_CRITICAL,
        )),
        _ => Ok(()),
    }
}

/// Upper bound on extensions per certificate (hostile-input bound; real ones carry about ten).
const MAX_EXTENSIONS: usize = 256;

fn parse_extensions(mut stream: jdk::JdkStream) -> Result<Extensions, CertError> {
    // CertificateExtensions: `in.getSequence(5)`, the first value inside [3] (what follows it
    // is never read), its Extensions as the JDK's stream yields them.
    let seq = stream.get_der_value()?;
    if seq.tag != tag::SEQUENCE {
        return Err(CertError::Invalid(parsing::EXTENSIONS_NOT_THE_CORRECT_TAG));
    }
    let mut ext = Extensions::default();
    for e in seq.data().values()? {
        if ext.all.len() >= MAX_EXTENSIONS {
            return Err(CertError::Invalid(parsing::TOO_MANY_EXTENSIONS));
        }
        // Extension(DerValue): a SEQUENCE or a SET; OID, then a BOOLEAN of exactly one octet
        // when the next value is one, then the OCTET STRING (primitive or constructed). Values
        // after the OCTET STRING are never read, so a critical flag placed after it is ignored.
        if e.tag != tag::SEQUENCE && e.tag != 0x31 {
            return Err(CertError::Der(der::DerError::UnexpectedTag {
                expected: tag::SEQUENCE,
                found: e.tag,
            }));
        }
        let mut er = e.data();
        let oid_v = er.get_der_value()?;
        if oid_v.tag != tag::OID {
            return Err(CertError::Der(der::DerError::UnexpectedTag {
                expected: tag::OID,
                found: oid_v.tag,
            }));
        }
        let oid = der::oid_to_string(oid_v.content(), OidBound::Arcs128)?;
        let mut v = er.get_der_value()?;
        let mut critical = false;
        if v.tag == tag::BOOLEAN {
            critical = der::java_boolean(v.content())?;
            v = er.get_der_value()?;
        }
        let value = v.octet_string()?;
        if ext.all.iter().any(|x| x.oid == oid) {
            return Err(CertError::DuplicateExtension(oid));
        }
        if let Err(reason) = decode_known(&mut ext, &oid, critical, &value) {
            // CertificateExtensions.parseExtension: errors in non-critical extensions are ignored.
            if critical {
                return Err(CertError::BadCriticalExtension { oid, reason });
            }
        }
        ext.all.push(RawExtension {
            oid,
            critical,
            value,
        });
    }
    Ok(ext)
}

/// A DER error as the reason an extension decoder gives.
fn reason(e: der::DerError) -> String {
    e.to_string()
}

/// `new DerValue(extensionValue)`: one value, nothing after it (for the decoders in
/// `policies` and `decoded`).
fn extension_value(value: &[u8]) -> Result<der::Tlv<'_>, String> {
    der::single(value, Strictness::Ber).map_err(reason)
}

/// `new DerValue(extensionValue)` that must carry `expected`.
fn whole_value(value: &[u8], expected: u8) -> Result<der::Tlv<'_>, der::DerError> {
    let v = der::single(value, Strictness::Ber)?;
    if v.tag != expected {
        return Err(der::DerError::UnexpectedTag {
            expected,
            found: v.tag,
        });
    }
    Ok(v)
}

/// How the JDK reads a SubjectPublicKeyInfo that our key parser refuses as presented.
enum JdkKey {
    /// The key the JDK builds, as a SubjectPublicKeyInfo we can read: the key octets with an
    /// indefinite length converted (the key factories read them as BER), or with the BIT
    /// STRING's unused bits cleared (`X509Key.parse` reads it unaligned and masks them).
    Converted(Vec<u8>),
    /// A masked key our parser refuses (an EC point the mask moved off the curve; the JDK
    /// decodes it without that check): the SubjectPublicKeyInfo with the unused-bit count
    /// cleared gives the key's kind, and the presented bytes verify nothing, as in Java.
    Masked(Vec<u8>),
}

fn spki_as_jdk_reads(spki: &[u8]) -> Option<JdkKey> {
    let outer = der::single_of(spki, Strictness::BerDefinite, tag::SEQUENCE).ok()?;
    let mut r = Reader::new(outer.content, Strictness::BerDefinite);
    let alg = r.read().ok()?;
    let bits = r.expect(tag::BIT_STRING).ok()?;
    r.finish().ok()?;
    let (&unused, key) = bits.content.split_first()?;
    let rebuild = |unused: u8, key: &[u8]| {
        let mut bit_string = der::header(tag::BIT_STRING, key.len() + 1);
        bit_string.push(unused);
        bit_string.extend_from_slice(key);
        let content = [alg.raw, &bit_string[..]].concat();
        [&der::header(tag::SEQUENCE, content.len())[..], &content[..]].concat()
    };
    if (1..=7).contains(&unused) {
        // BitArray clears the unused bits; when the key so masked still parses, it is the key.
        let mut masked = key.to_vec();
        if let Some(last) = masked.last_mut() {
            *last &= 0xff << unused;
        }
        let masked = rebuild(0, &masked);
        if crypto::parse_public_key(&masked).is_ok() {
            return Some(JdkKey::Converted(masked));
        }
        return Some(JdkKey::Masked(rebuild(0, key)));
    }
    if unused == 0 && key.get(1) == Some(&0x80) {
        let converted = jdk::JdkStream::new(key).get_der_value().ok()?.to_der();
        return Some(JdkKey::Converted(rebuild(0, &converted)));
    }
    None
}

/// Where `part` lies in `whole`, when it is a slice of it.
fn locate(whole: &[u8], part: &[u8]) -> Option<std::ops::Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
    (start + part.len() <= whole.len()).then(|| start..start + part.len())
}

/// `X500Name(DerInputStream)`: the name SEQUENCE and its RDNs as the JDK's stream yields them
/// (`subs`: while `available() > 0`). After an RDN with an indefinite length the stream skips
/// ahead, so later RDNs can be lost; the name is rebuilt from the RDNs actually read.
fn read_name(r: &mut jdk::JdkStream) -> Result<Name, CertError> {
    let v = r.get_der_value()?;
    if v.tag != tag::SEQUENCE {
        return Err(CertError::Name(parsing::NOT_THE_CORRECT_TAG.into()));
    }
    // A name without an indefinite length reads the same either way (our name parser refuses
    // indefinite lengths): parse it as presented, with no copy.
    if !v.converted {
        if let Ok(name) = Name::from_der(v.raw()) {
            return Ok(name);
        }
    }
    let rdns = v.data().values()?;
    let as_read: Vec<&[u8]> = rdns.iter().map(|rdn| rdn.raw()).collect();
    let mut changed = v.converted || as_read.concat() != v.content();
    // RDN(DerValue) reads its AVAs from `new DerInputStream(rdn.toByteArray())`, a fresh
    // buffer, so an indefinite-length AVA is converted without the stream skip.
    let mut rdn_ders = Vec::with_capacity(rdns.len());
    for rdn in &rdns {
        let fresh = rdn.to_der();
        let set = jdk::JdkStream::new(&fresh).get_der_value()?;
        let avas = set.data().values()?;
        changed |= avas.iter().any(|a| a.converted);
        let content: Vec<u8> = avas.iter().flat_map(|a| a.to_der()).collect();
        rdn_ders.push([&der::header(rdn.tag, content.len())[..], &content[..]].concat());
    }
    let name = if changed {
        let content = rdn_ders.concat();
        Name::from_der(&[&der::header(tag::SEQUENCE, content.len())[..], &content[..]].concat())
    } else {
        Name::from_der(v.raw())
    };
    name.map_err(|e| CertError::Name(e.to_string()))
}

/// `DerValue.isContextSpecific(n)`: context class, tag number `n`, either form.
fn is_context(tag: u8, n: u8) -> bool {
    tag & 0xc0 == 0x80 && tag & 0x1f == n
}

/// Decodes the extensions we use into `ext`; Err(reason) when the JDK's parser would fail.
fn decode_known(
    ext: &mut Extensions,
    oid_str: &str,
    critical: bool,
    value: &[u8],
) -> Result<(), String> {
    let e = |e: der::DerError| e.to_string();
    match oid_str {
        oid::BASIC_CONSTRAINTS => {
            // BasicConstraintsExtension: a first value that is not a BOOLEAN means "not a CA"
            // (nothing more is read); the BOOLEAN must be one octet; pathLenConstraint is a Java
            // int, negative values included; anything after it is never read.
            let seq = whole_value(value, tag::SEQUENCE).map_err(e)?;
            let mut r = Reader::new(seq.content, Strictness::Ber);
            let mut bc = BasicConstraints {
                ca: false,
                path_len: None,
            };
            if !r.is_empty() {
                let first = r.read().map_err(e)?;
                if first.tag == tag::BOOLEAN {
                    bc.ca = der::java_boolean(first.content).map_err(e)?;
                    if !r.is_empty() {
                        let n = r.read().map_err(e)?;
                        if n.tag != tag::INTEGER {
                            return Err(parsing::INVALID_ENCODING_OF_BASICCONSTRAINTS.into());
                        }
                        bc.path_len = Some(i64::from(der::java_int(n.content).map_err(e)?));
                    }
                }
            }
            ext.basic_constraints = Some(bc);
        }
        oid::KEY_USAGE => {
            // KeyUsageExtension unwraps a value that is itself an OCTET STRING first.
            let unwrapped;
            let value = if value.first() == Some(&tag::OCTET_STRING) {
                unwrapped = jdk::parse_whole(value)
                    .and_then(|v| v.octet_string())
                    .map_err(e)?;
                &unwrapped[..]
            } else {
                value
            };
            let bits = whole_value(value, tag::BIT_STRING).map_err(e)?;
            let mut bits = der::bit_string_bits(bits.content).map_err(e)?;
            if bits.len() < 9 {
                bits.resize(9, false);
            }
            ext.key_usage = Some(bits);
        }
        oid::EXTENDED_KEY_USAGE => {
            let seq = der::single_of(value, Strictness::BerDefinite, tag::SEQUENCE).map_err(e)?;
            let mut r = Reader::new(seq.content, Strictness::BerDefinite);
            let mut oids = Vec::new();
            while !r.is_empty() {
                oids.push(
                    der::oid_to_string(r.expect(tag::OID).map_err(e)?.content, OidBound::Arcs128)
                        .map_err(e)?,
                );
            }
            ext.extended_key_usage = Some(oids);
        }
        oid::SUBJECT_ALT_NAME => {
            ext.subject_alt_names =
                Some(general_name::parse_general_names(value).map_err(|x| x.to_string())?);
        }
        oid::NAME_CONSTRAINTS => {
            ext.name_constraints =
                Some(NameConstraints::from_der(value).map_err(|x| x.to_string())?);
        }
        oid::SUBJECT_KEY_ID => {
            // KeyIdentifier: DerValue.getOctetString (a constructed OCTET STRING is joined).
            ext.subject_key_id = Some(
                jdk::parse_whole(value)
                    .and_then(|v| v.octet_string())
                    .map_err(e)?,
            );
        }
        oid::AUTHORITY_KEY_ID => {
            // AuthorityKeyIdentifierExtension: [0] keyIdentifier, [1] authorityCertIssuer,
            // [2] serial, in any order, each at most once; anything else fails the extension.
            let seq = whole_value(value, tag::SEQUENCE).map_err(e)?;
            let mut r = Reader::new(seq.content, Strictness::Ber);
            let mut aki = AuthorityKeyId::default();
            let mut names_seen = false;
            while !r.is_empty() {
                let v = r.read().map_err(e)?;
                match v.tag {
                    0x80 => {
                        if aki.key_id.is_some() {
                            return Err(parsing::DUPLICATE_KEYIDENTIFIER_IN_AUTHORITYKEYIDENTIFIER.into());
                        }
                        aki.key_id = Some(v.content.to_vec());
                    }
                    0xa1 => {
                        if names_seen {
                            return Err(parsing::DUPLICATE_GENERALNAMES_IN_AUTHORITYKEYIDENTIFIER.into());
                        }
                        // GeneralNames: a non-empty list of well-formed names.
                        if v.content.is_empty() {
                            return Err(parsing::NO_DATA_IN_DER_VALUE.into());
                        }
                        let list =
                            [&der::header(tag::SEQUENCE, v.content.len())[..], v.content].concat();
                        general_name::parse_general_names(&list).map_err(|x| x.to_string())?;
                        names_seen = true;
                    }
                    0x82 => {
                        if aki.serial.is_some() {
                            return Err(parsing::DUPLICATE_SERIALNUMBER_IN_AUTHORITYKEYIDENTIFIER.into());
                        }
                        if v.content.is_empty() {
                            return Err(parsing::INVALID_ENCODING_ZERO_LENGTH_INT_VALUE.into());
                        }
                        aki.serial = Some(v.content.to_vec());
                    }
                    _ => return Err(parsing::INVALID_ENCODING_OF_AUTHORITYKEYIDENTIFIEREXTENSION.into()),
                }
            }
            ext.authority_key_id = Some(aki);
        }
        oid::CERTIFICATE_POLICIES => {
            ext.certificate_policies = Some(policies::certificate_policies(critical, value)?);
        }
        oid::POLICY_MAPPINGS => ext.policy_mappings = Some(policies::policy_mappings(value)?),
        oid::POLICY_CONSTRAINTS => {
            ext.policy_constraints = Some(policies::policy_constraints(value)?);
        }
        oid::INHIBIT_ANY_POLICY => {
            ext.inhibit_any_policy = Some(policies::inhibit_any_policy(critical, value)?);
        }
        oid::NETSCAPE_CERT_TYPE => {
            let bits = der::single_of(value, Strictness::BerDefinite, tag::BIT_STRING).map_err(e)?;
            ext.netscape_cert_type = Some(der::bit_string_bits(bits.content).map_err(e)?);
        }
        other => {
            if let Some(checked) = decoded::check(other, value) {
                checked?;
            }
        }
    }
    Ok(())
}

/// The subject (`X500Principal.toString()`) of one certificate given as a chain entry is (DER
/// or PEM text), or why the JDK would not parse it.
pub fn certificate_subject(input: &[u8]) -> Result<String, CertError> {
    let der = crate::pem::decode_certificate_input(input)?;
    Certificate::from_der(&der).map(|c| c.subject_string())
}

