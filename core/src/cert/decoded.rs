//! Extensions the JDK decodes when it parses a certificate although the validator never reads
//! them (`OIDMap`'s classes: privateKeyUsagePeriod, issuerAltName, authority / subject
//! information access, CRL distribution points, freshestCRL, issuingDistributionPoint,
//! cRLNumber, deltaCRLIndicator, reasonCode, certificateIssuer, OCSP no-check).
//!
//! Only their well-formedness matters: a malformed one fails the whole certificate when critical
//! ("Failed to parse server certificates") and is dropped when not; a well-formed critical one
//! is still an *unrecognized* critical extension for the validator. Each check below accepts
//! exactly what the JDK class's constructor accepts (values read as BER, see [`super::policies`]).

use crate::der::{self, tag, OidBound, Reader, Strictness, Tlv};
use crate::general_name;
use crate::name::Name;
use crate::time;
use crate::message::parsing;

const ENUMERATED: u8 = 0x0a;

use super::{extension_value as whole_value, reason};

/// `new GeneralName(DerValue)` on one encoded name.
fn general_name(v: Tlv<'_>) -> Result<(), String> {
    let list = [&der::header(tag::SEQUENCE, v.raw.len())[..], v.raw].concat();
    general_name::parse_general_names(&list)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// `new GeneralNames(DerValue)` on a value whose tag was reset to SEQUENCE: a non-empty list.
fn general_names_content(content: &[u8]) -> Result<(), String> {
    if content.is_empty() {
        return Err(parsing::NO_DATA_IN_DER_VALUE.into());
    }
    let mut r = Reader::new(content, Strictness::Ber);
    while !r.is_empty() {
        general_name(r.read().map_err(reason)?)?;
    }
    Ok(())
}

/// `new GeneralNames(DerValue)`: a SEQUENCE, not empty.
fn general_names(v: Tlv<'_>) -> Result<(), String> {
    if v.tag != tag::SEQUENCE {
        return Err(parsing::INVALID_ENCODING_FOR_GENERAL_NAMES.into());
    }
    general_names_content(v.content)
}

/// `new RDN(DerValue)` with the tag reset to SET: an RDN the name parser accepts.
fn rdn_content(content: &[u8]) -> Result<(), String> {
    let set = [&der::header(0x31, content.len())[..], content].concat();
    let name = [&der::header(tag::SEQUENCE, set.len())[..], &set[..]].concat();
    Name::from_der(&name).map(|_| ()).map_err(|e| e.to_string())
}

/// `DistributionPointName(DerValue)`: [0] fullName or [1] nameRelativeToCRLIssuer.
fn distribution_point_name(v: Tlv<'_>) -> Result<(), String> {
    match v.tag {
        0xa0 => general_names_content(v.content),
        0xa1 => rdn_content(v.content),
        _ => Err(parsing::INVALID_ENCODING_FOR_DISTRIBUTIONPOINTNAME.into()),
    }
}

/// `DistributionPoint(DerValue)`.
fn distribution_point(v: Tlv<'_>) -> Result<(), String> {
    if v.tag != tag::SEQUENCE {
        return Err(parsing::INVALID_ENCODING_OF_DISTRIBUTIONPOINT.into());
    }
    let (mut name, mut reasons, mut issuer) = (false, false, false);
    let mut r = Reader::new(v.content, Strictness::Ber);
    while !r.is_empty() {
        let opt = r.read().map_err(reason)?;
        match opt.tag {
            0xa0 => {
                if name {
                    return Err(parsing::DUPLICATE_DISTRIBUTIONPOINTNAME_IN_DISTRIBUTIONPOINT.into());
                }
                // Only the first value inside [0] is read.
                let inner = Reader::new(opt.content, Strictness::Ber).read().map_err(reason)?;
                match inner.tag {
                    0xa0 => general_names_content(inner.content)?,
                    0xa1 => rdn_content(inner.content)?,
                    _ => return Err(parsing::INVALID_DISTRIBUTIONPOINTNAME_IN_DISTRIBUTIONPOINT.into()),
                }
                name = true;
            }
            0x81 => {
                if reasons {
                    return Err(parsing::DUPLICATE_REASONS_IN_DISTRIBUTIONPOINT.into());
                }
                der::bit_string_bits(opt.content).map_err(reason)?;
                reasons = true;
            }
            0xa2 => {
                if issuer {
                    return Err(parsing::DUPLICATE_CRLISSUER_IN_DISTRIBUTIONPOINT.into());
                }
                general_names_content(opt.content)?;
                issuer = true;
            }
            _ => return Err(parsing::INVALID_ENCODING_OF_DISTRIBUTIONPOINT.into()),
        }
    }
    if !(name || issuer) {
        return Err(parsing::DISTRIBUTION_POINT_EMPTY.into());
    }
    Ok(())
}

/// `CRLDistributionPointsExtension` and `FreshestCRLExtension`.
fn distribution_points(value: &[u8]) -> Result<(), String> {
    let v = whole_value(value)?;
    if v.tag != tag::SEQUENCE {
        return Err(parsing::INVALID_ENCODING_FOR_CRLDISTRIBUTIONPOINTS_EXTENSION.into());
    }
    let mut r = Reader::new(v.content, Strictness::Ber);
    while !r.is_empty() {
        distribution_point(r.read().map_err(reason)?)?;
    }
    Ok(())
}

/// `AuthorityInfoAccessExtension` and `SubjectInfoAccessExtension`: a SEQUENCE of
/// `AccessDescription`s, each read without a tag check as an OID and a GeneralName (anything
/// after them is never read).
fn access_descriptions(value: &[u8]) -> Result<(), String> {
    let v = whole_value(value)?;
    if v.tag != tag::SEQUENCE {
        return Err(parsing::INVALID_ENCODING_FOR_INFOACCESSEXTENSION.into());
    }
    let mut r = Reader::new(v.content, Strictness::Ber);
    while !r.is_empty() {
        let ad = r.read().map_err(reason)?;
        let mut a = Reader::new(ad.content, Strictness::Ber);
        let method = a.read().map_err(reason)?;
        if method.tag != tag::OID {
            return Err(parsing::NOT_AN_OID.into());
        }
        der::oid_to_string(method.content, OidBound::Arcs128).map_err(reason)?;
        general_name(a.read().map_err(reason)?)?;
    }
    Ok(())
}

/// `IssuingDistributionPointExtension`.
fn issuing_distribution_point(value: &[u8]) -> Result<(), String> {
    let v = whole_value(value)?;
    if v.tag != tag::SEQUENCE {
        return Err(parsing::INVALID_ENCODING_FOR_ISSUINGDISTRIBUTIONPOINTEXTENSION.into());
    }
    let mut r = Reader::new(v.content, Strictness::Ber);
    while !r.is_empty() {
        let opt = r.read().map_err(reason)?;
        match opt.tag {
            0xa0 => distribution_point_name(Reader::new(opt.content, Strictness::Ber).read().map_err(reason)?)?,
            0x81 | 0x82 | 0x84 | 0x85 => {
                der::java_boolean(opt.content).map_err(reason)?;
            }
            0x83 => {
                der::bit_string_bits(opt.content).map_err(reason)?;
            }
            _ => return Err(parsing::INVALID_ENCODING_OF_ISSUINGDISTRIBUTIONPOINT.into()),
        }
    }
    Ok(())
}

/// `PrivateKeyUsageExtension`: read through a `DerInputStream` (bytes after the SEQUENCE are
/// never read); [0] notBefore and [1] notAfter as GeneralizedTime, each at most once.
fn private_key_usage(value: &[u8]) -> Result<(), String> {
    let v = Reader::new(value, Strictness::Ber).read().map_err(reason)?;
    if v.tag != tag::SEQUENCE {
        return Err(parsing::SEQUENCE_TAG_ERROR.into());
    }
    let (mut before, mut after) = (false, false);
    let mut r = Reader::new(v.content, Strictness::Ber);
    while !r.is_empty() {
        let opt = r.read().map_err(reason)?;
        let seen = match opt.tag {
            0x80 => &mut before,
            0x81 => &mut after,
            _ => return Err(parsing::INVALID_ENCODING_OF_PRIVATEKEYUSAGEEXTENSION.into()),
        };
        if *seen {
            return Err(parsing::DUPLICATE_TIME_IN_PRIVATEKEYUSAGE.into());
        }
        time::parse_asn1_time(opt.content, true).map_err(|e| e.to_string())?;
        *seen = true;
    }
    Ok(())
}

/// Checks `value` the way the JDK's class for `oid` decodes it; `None` when the JDK keeps the
/// extension opaque (or another module decodes it).
pub(super) fn check(oid: &str, value: &[u8]) -> Option<Result<(), String>> {
    Some(match oid {
        "2.5.29.16" => private_key_usage(value),
        "2.5.29.18" | "2.5.29.29" => whole_value(value).and_then(general_names),
        "1.3.6.1.5.5.7.1.1" | "1.3.6.1.5.5.7.1.11" => access_descriptions(value),
        "2.5.29.31" | "2.5.29.46" => distribution_points(value),
        "2.5.29.28" => issuing_distribution_point(value),
        // cRLNumber, deltaCRLIndicator: DerValue.getBigInteger.
        "2.5.29.20" | "2.5.29.27" => whole_value(value).and_then(|v| {
            if v.tag != tag::INTEGER || v.content.is_empty() {
                Err(parsing::INVALID_ENCODING_OF_CRL_NUMBER.into())
            } else {
                Ok(())
            }
        }),
        // reasonCode: DerValue.getEnumerated (a Java int).
        "2.5.29.21" => whole_value(value).and_then(|v| {
            if v.tag != ENUMERATED {
                return Err(parsing::NOT_AN_ENUMERATED.into());
            }
            der::java_int(v.content).map(|_| ()).map_err(reason)
        }),
        // OCSPNoCheckExtension ignores its value.
        "1.3.6.1.5.5.7.48.1.5" => Ok(()),
        _ => return None,
    })
}
