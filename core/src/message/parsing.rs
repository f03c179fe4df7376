//! The JDK's texts when `CertificateFactory` refuses a certificate or one of its extensions:
//! `X509CertImpl`, the extension classes, `X500Name`, the `GeneralName` forms, `java.net.URI`.
//!
//! The parsers (`cert`, `name`, `general_name`, `name_constraints`) decide *that* the JDK
//! throws and return typed errors or these constants; the words live here alone, beside the
//! verdict's messages in the parent module. A text reaches a user through the diagnosis
//! ("malformed for Java's CertificateFactory (…)") or inside a validator message
//! (`java.io.IOException: …` for a name constraint the JDK cannot apply).

use std::fmt;

use crate::cert::CertError;
use crate::general_name::{
    DnsSyntaxError, GeneralNameError, IpError, NameForm, OidError, UriError,
};
use crate::name::NameError;
use crate::name_constraints::NameConstraintsError;


// `X509CertImpl`, `X509CertInfo` and the extensions it decodes itself (`BasicConstraintsExtension`, `AuthorityKeyIdentifierExtension`); `DerValue`'s own texts.

pub(crate) const INVALID_DER_ENCODED_CERTIFICATE_DATA: &str = "invalid DER-encoded certificate data";
pub(crate) const SIGNED_OVERRUN: &str = "signed overrun";
pub(crate) const SIGNED_FIELDS_INVALID: &str = "signed fields invalid";
pub(crate) const SIGNATURE_IS_NOT_A_BIT_STRING: &str = "signature is not a BIT STRING";
pub(crate) const EMPTY_SIGNATURE: &str = "empty signature";
pub(crate) const SIGNATURE_IS_NOT_AN_OCTET_ALIGNED_BIT: &str = "signature is not an octet-aligned BIT STRING";
pub(crate) const CERTIFICATE_VERSION_IS_NOT_AN_INTEGER: &str = "certificate version is not an INTEGER";
pub(crate) const UNSUPPORTED_CERTIFICATE_VERSION: &str = "unsupported certificate version";
pub(crate) const INVALID_SERIAL_NUMBER: &str = "invalid serial number";
pub(crate) const SIGNATURE_ALGORITHM_MISMATCH: &str = "Signature algorithm mismatch";
pub(crate) const EMPTY_ISSUER_DN_NOT_ALLOWED_IN_X509CERTIFICATES: &str = "Empty issuer DN not allowed in X509Certificates";
pub(crate) const INVALID_VALIDITY: &str = "invalid validity";
pub(crate) const EMPTY_SUBJECT_DN_NOT_ALLOWED_IN_V1: &str = "Empty subject DN not allowed in v1 certificate";
pub(crate) const INVALID_SUBJECTPUBLICKEYINFO: &str = "invalid subjectPublicKeyInfo";
pub(crate) const NO_MORE_DATA_ALLOWED_FOR_VERSION_1: &str = "no more data allowed for version 1 certificate";
pub(crate) const EXTENSIONS_NOT_ALLOWED_IN_V2_CERTIFICATE: &str = "Extensions not allowed in v2 certificate";
pub(crate) const INVALID_ENCODING_FOR_CERTIFICATEVALIDITY: &str = "Invalid encoding for CertificateValidity";
pub(crate) const INCOMPLETE_NO_SUBJECT_NO_EXTENSIONS: &str = "X.509 Certificate is incomplete: subject field is empty, and certificate has no extensions";
pub(crate) const INCOMPLETE_NO_SUBJECT_NO_SAN: &str = "X.509 Certificate is incomplete: subject field is empty, and SubjectAlternativeName extension is absent";
pub(crate) const INCOMPLETE_NO_SUBJECT_EMPTY_SAN: &str = "X.509 Certificate is incomplete: subject field is empty, and SubjectAlternativeName extension is empty";
pub(crate) const INCOMPLETE_NO_SUBJECT_SAN_NOT_CRITICAL: &str = "X.509 Certificate is incomplete: SubjectAlternativeName extension MUST be marked critical when subject field is empty";
pub(crate) const EXTENSIONS_NOT_THE_CORRECT_TAG: &str = "extensions: Not the correct tag";
pub(crate) const TOO_MANY_EXTENSIONS: &str = "too many extensions";
pub(crate) const NOT_THE_CORRECT_TAG: &str = "Not the correct tag";
pub(crate) const INVALID_ENCODING_OF_BASICCONSTRAINTS: &str = "Invalid encoding of BasicConstraints";
pub(crate) const DUPLICATE_KEYIDENTIFIER_IN_AUTHORITYKEYIDENTIFIER: &str = "Duplicate KeyIdentifier in AuthorityKeyIdentifier.";
pub(crate) const DUPLICATE_GENERALNAMES_IN_AUTHORITYKEYIDENTIFIER: &str = "Duplicate GeneralNames in AuthorityKeyIdentifier.";
pub(crate) const NO_DATA_IN_DER_VALUE: &str = "No data available in passed DER encoded value.";
pub(crate) const DUPLICATE_SERIALNUMBER_IN_AUTHORITYKEYIDENTIFIER: &str = "Duplicate SerialNumber in AuthorityKeyIdentifier.";
pub(crate) const INVALID_ENCODING_ZERO_LENGTH_INT_VALUE: &str = "Invalid encoding: zero length Int value";
pub(crate) const INVALID_ENCODING_OF_AUTHORITYKEYIDENTIFIEREXTENSION: &str = "Invalid encoding of AuthorityKeyIdentifierExtension.";

// The extensions the JDK decodes without using them for trust (`CRLDistributionPointsExtension`, `AuthorityInfoAccessExtension`, `IssuingDistributionPointExtension`, `PrivateKeyUsageExtension`, `CRLNumberExtension`, …).

pub(crate) const INVALID_ENCODING_FOR_GENERAL_NAMES: &str = "Invalid encoding for GeneralNames.";
pub(crate) const INVALID_ENCODING_FOR_DISTRIBUTIONPOINTNAME: &str = "Invalid encoding for DistributionPointName";
pub(crate) const INVALID_ENCODING_OF_DISTRIBUTIONPOINT: &str = "Invalid encoding of DistributionPoint.";
pub(crate) const DUPLICATE_DISTRIBUTIONPOINTNAME_IN_DISTRIBUTIONPOINT: &str = "Duplicate DistributionPointName in DistributionPoint.";
pub(crate) const INVALID_DISTRIBUTIONPOINTNAME_IN_DISTRIBUTIONPOINT: &str = "Invalid DistributionPointName in DistributionPoint";
pub(crate) const DUPLICATE_REASONS_IN_DISTRIBUTIONPOINT: &str = "Duplicate Reasons in DistributionPoint.";
pub(crate) const DUPLICATE_CRLISSUER_IN_DISTRIBUTIONPOINT: &str = "Duplicate CRLIssuer in DistributionPoint.";
pub(crate) const DISTRIBUTION_POINT_EMPTY: &str = "One of fullName, relativeName,  and crlIssuer has to be set";
pub(crate) const INVALID_ENCODING_FOR_CRLDISTRIBUTIONPOINTS_EXTENSION: &str = "Invalid encoding for CRLDistributionPoints extension.";
pub(crate) const INVALID_ENCODING_FOR_INFOACCESSEXTENSION: &str = "Invalid encoding for InfoAccessExtension.";
pub(crate) const NOT_AN_OID: &str = "DerValue.getOID, not an OID";
pub(crate) const INVALID_ENCODING_FOR_ISSUINGDISTRIBUTIONPOINTEXTENSION: &str = "Invalid encoding for IssuingDistributionPointExtension.";
pub(crate) const INVALID_ENCODING_OF_ISSUINGDISTRIBUTIONPOINT: &str = "Invalid encoding of IssuingDistributionPoint";
pub(crate) const SEQUENCE_TAG_ERROR: &str = "Sequence tag error";
pub(crate) const INVALID_ENCODING_OF_PRIVATEKEYUSAGEEXTENSION: &str = "Invalid encoding of PrivateKeyUsageExtension";
pub(crate) const DUPLICATE_TIME_IN_PRIVATEKEYUSAGE: &str = "Duplicate time in PrivateKeyUsage.";
pub(crate) const INVALID_ENCODING_OF_CRL_NUMBER: &str = "Invalid encoding of CRL number";
pub(crate) const NOT_AN_ENUMERATED: &str = "DerValue.getEnumerated, not an ENUMERATED";

// `CertificatePoliciesExtension`, `PolicyInformation`, `PolicyMappingsExtension`, `PolicyConstraintsExtension`, `InhibitAnyPolicyExtension`.

pub(crate) const INVALID_ENCODING_FOR_CERTIFICATEPOLICIESEXTENSION: &str = "Invalid encoding for CertificatePoliciesExtension.";
pub(crate) const INVALID_ENCODING_OF_POLICYINFORMATION: &str = "Invalid encoding of PolicyInformation";
pub(crate) const NO_DATA_AVAILABLE_IN_POLICYQUALIFIERS: &str = "No data available in policyQualifiers";
pub(crate) const INVALID_ENCODING_FOR_POLICYQUALIFIERINFO: &str = "Invalid encoding for PolicyQualifierInfo";
pub(crate) const INVALID_ENCODING_FOR_POLICYMAPPINGSEXTENSION: &str = "Invalid encoding for PolicyMappingsExtension.";
pub(crate) const INVALID_ENCODING_FOR_CERTIFICATEPOLICYMAP: &str = "Invalid encoding for CertificatePolicyMap";
pub(crate) const SEQUENCE_TAG_MISSING_FOR_POLICYCONSTRAINT: &str = "Sequence tag missing for PolicyConstraint.";
pub(crate) const INVALID_ENCODING_OF_POLICYCONSTRAINT: &str = "Invalid encoding of PolicyConstraint";
pub(crate) const DUPLICATE_FIELD_IN_THE_POLICYCONSTRAINTSEXTENSION: &str = "Duplicate field in the PolicyConstraintsExtension";
pub(crate) const CRITICALITY_CANNOT_BE_FALSE_FOR_INHIBITANYPOLICY: &str = "Criticality cannot be false for InhibitAnyPolicy";
pub(crate) const INVALID_ENCODING_OF_INHIBITANYPOLICY_DATA_NOT_INTEGER: &str = "Invalid encoding of InhibitAnyPolicy: data not integer";
pub(crate) const INVALID_VALUE_FOR_SKIPCERTS: &str = "Invalid value for skipCerts";

/// `java.net.URI.Parser`'s reasons (`URISyntaxException.getReason()`), which `URIName` wraps.
pub(crate) mod uri {
    pub(crate) const EXPECTED_IPV4_ADDRESS: &str = "Expected IPv4 address";
    pub(crate) const EXPECTED_AUTHORITY: &str = "Expected authority";
    pub(crate) const EXPECTED_CLOSING_BRACKET_FOR_IPV6_ADDRESS: &str = "Expected closing bracket for IPv6 address";
    pub(crate) const EXPECTED_DIGITS_FOR_AN_IPV6_ADDRESS: &str = "Expected digits for an IPv6 address";
    pub(crate) const EXPECTED_END_OF_URI: &str = "Expected end of URI";
    pub(crate) const EXPECTED_END_OF_AUTHORITY: &str = "Expected end of authority";
    pub(crate) const EXPECTED_HOSTNAME: &str = "Expected hostname";
    pub(crate) const EXPECTED_PORT_NUMBER: &str = "Expected port number";
    pub(crate) const EXPECTED_SCHEME_NAME: &str = "Expected scheme name";
    pub(crate) const EXPECTED_SCHEME_SPECIFIC_PART: &str = "Expected scheme-specific part";
    pub(crate) const IPV6_ADDRESS_TOO_LONG: &str = "IPv6 address too long";
    pub(crate) const IPV6_ADDRESS_TOO_SHORT: &str = "IPv6 address too short";
    pub(crate) const IPV6_HEXADECIMAL_DIGIT_SEQUENCE_TOO_LONG: &str = "IPv6 hexadecimal digit sequence too long";
    pub(crate) const ILLEGAL_CHARACTER_IN_AUTHORITY: &str = "Illegal character in authority";
    pub(crate) const ILLEGAL_CHARACTER_IN_FRAGMENT: &str = "Illegal character in fragment";
    pub(crate) const ILLEGAL_CHARACTER_IN_HOSTNAME: &str = "Illegal character in hostname";
    pub(crate) const ILLEGAL_CHARACTER_IN_OPAQUE_PART: &str = "Illegal character in opaque part";
    pub(crate) const ILLEGAL_CHARACTER_IN_PATH: &str = "Illegal character in path";
    pub(crate) const ILLEGAL_CHARACTER_IN_PORT_NUMBER: &str = "Illegal character in port number";
    pub(crate) const ILLEGAL_CHARACTER_IN_QUERY: &str = "Illegal character in query";
    pub(crate) const ILLEGAL_CHARACTER_IN_SCHEME_NAME: &str = "Illegal character in scheme name";
    pub(crate) const ILLEGAL_CHARACTER_IN_SCOPE_ID: &str = "Illegal character in scope id";
    pub(crate) const ILLEGAL_CHARACTER_IN_USER_INFO: &str = "Illegal character in user info";
    pub(crate) const MALFORMED_IPV4_ADDRESS: &str = "Malformed IPv4 address";
    pub(crate) const MALFORMED_IPV6_ADDRESS: &str = "Malformed IPv6 address";
    pub(crate) const MALFORMED_ESCAPE_PAIR: &str = "Malformed escape pair";
    pub(crate) const MALFORMED_PORT_NUMBER: &str = "Malformed port number";
}

impl fmt::Display for CertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertError::Encoding(why) => write!(f, "not a certificate: {why}"),
            CertError::Der(e) => write!(f, "malformed certificate DER: {e}"),
            CertError::Invalid(why) => f.write_str(why),
            CertError::DuplicateExtension(oid) => {
                write!(f, "Duplicate extensions not allowed ({oid})")
            }
            CertError::BadCriticalExtension { oid, reason } => {
                write!(f, "critical extension {oid} cannot be parsed: {reason}")
            }
            CertError::Name(why) => write!(f, "invalid name: {why}"),
            CertError::Key(why) => write!(f, "invalid public key: {why}"),
            CertError::Time(e) => write!(f, "{e}"),
            CertError::TooLarge { size, limit } => {
                write!(
                    f,
                    "certificate of {size} bytes exceeds the limit of {limit} bytes"
                )
            }
        }
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameError::Truncated => "name encoding is truncated",
            NameError::HighTagNumber => "tag number over 30 is not supported",
            NameError::IndefiniteLength => "indefinite length encoding in name",
            NameError::LengthTooLong => "invalid length bytes in name",
            NameError::NotASequence => "name is not a SEQUENCE",
            NameError::RdnNotASet => "X500 RDN is not a SET",
            NameError::AvaNotASequence => "AVA not a sequence",
            NameError::AttributeTypeNotAnOid => "AVA attribute type is not an OID",
            NameError::InvalidOid => "invalid OID encoding in AVA",
            NameError::MissingValue => "AVA has no value",
            NameError::AvaExtraData => "AVA has extra bytes",
            NameError::BmpStringSurrogate => "illegal character in BMPString",
            NameError::TrailingData => "trailing data after name",
        })
    }
}

impl fmt::Display for GeneralNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GeneralNameError::Encoding(e) => f.write_str(&e.jdk_message()),
            GeneralNameError::NotASequence => f.write_str(INVALID_ENCODING_FOR_GENERAL_NAMES),
            GeneralNameError::Empty => {
                f.write_str(NO_DATA_IN_DER_VALUE)
            }
            GeneralNameError::UnrecognizedTag(t) => {
                write!(f, "Unrecognized GeneralName tag, ({t})")
            }
            GeneralNameError::InvalidEncoding(form) => {
                write!(f, "Invalid encoding of {}", form.java_label())
            }
            GeneralNameError::Rfc822Empty => f.write_str("RFC822Name may not be null or empty"),
            GeneralNameError::Rfc822EndsWithAt => f.write_str("RFC822Name may not end with @"),
            GeneralNameError::Rfc822DomainDot => f.write_str("RFC822Name domain may not be just ."),
            GeneralNameError::Uri(e) => write!(f, "{e}"),
            GeneralNameError::Ip(e) => write!(f, "{e}"),
            GeneralNameError::Oid(e) => write!(f, "{e}"),
            GeneralNameError::OtherNameNotOid => f.write_str(NOT_AN_OID),
            GeneralNameError::OtherNameReservedOid(oid) => write!(
                f,
                "Instantiation error: otherName type id {oid} is an extension OID"
            ),
            GeneralNameError::Directory(why) => write!(f, "invalid directoryName: {why}"),
            GeneralNameError::EdiParty(why) => f.write_str(why),
        }
    }
}

impl fmt::Display for DnsSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DnsSyntaxError::Empty => "DNSName must not be null or empty",
            DnsSyntaxError::Blank => "DNSName with blank labels is not permitted",
            DnsSyntaxError::LeadingOrTrailingDot => "DNSName may not begin or end with a .",
            DnsSyntaxError::TooLong => "DNSName can't be longer than 253 characters",
            DnsSyntaxError::EmptyLabel => "DNSName with empty labels is not permitted",
            DnsSyntaxError::LabelTooLong => "DNSName label can't be longer than 63 characters",
            DnsSyntaxError::Hyphen => "DNSName label may not begin or end with a hyphen",
            DnsSyntaxError::BadCharacter => {
                "DNSName labels must consist of letters, digits, and hyphens"
            }
        })
    }
}

impl fmt::Display for OidError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OidError::TooLong => "ObjectIdentifier encoded length exceeds the restriction in JDK",
            OidError::NotEnded => "ObjectIdentifier() -- Invalid DER encoding, not ended",
            OidError::UselessExtraOctet => {
                "ObjectIdentifier() -- Invalid DER encoding, useless extra octet detected"
            }
        })
    }
}

impl fmt::Display for IpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IpError::InvalidLength(n) => write!(f, "Invalid IPAddressName ({n} bytes)"),
            IpError::NotIpv4MappedMask => {
                f.write_str("Not an IPv4-mapped IPv6 mask: first 96 bits are not set")
            }
        }
    }
}

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UriError::Syntax(why) => write!(f, "invalid URI name: {why}"),
            UriError::NoScheme => f.write_str("URI name must include scheme"),
            UriError::BadHost => f.write_str(
                "invalid URI name (host portion is not a valid DNSName or IPv4 address)",
            ),
            UriError::BadIpv6Host => {
                f.write_str("invalid URI name (host portion is not a valid IPv6 address)")
            }
            UriError::ConstraintHasScheme => {
                f.write_str("invalid URI name constraint (should not include scheme)")
            }
            UriError::ConstraintBadHost => f.write_str("invalid URI name constraint"),
        }
    }
}

impl fmt::Display for NameConstraintsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameConstraintsError::Encoding(e) => f.write_str(&e.jdk_message()),
            NameConstraintsError::NotASequence => {
                f.write_str("Invalid encoding for NameConstraintsExtension.")
            }
            NameConstraintsError::InvalidEncoding => {
                f.write_str("Invalid encoding of NameConstraintsExtension.")
            }
            NameConstraintsError::DuplicatePermitted => {
                f.write_str("Duplicate permitted GeneralSubtrees in NameConstraintsExtension.")
            }
            NameConstraintsError::DuplicateExcluded => {
                f.write_str("Duplicate excluded GeneralSubtrees in NameConstraintsExtension.")
            }
            NameConstraintsError::SubtreeNotASequence => {
                f.write_str("Invalid encoding for GeneralSubtree.")
            }
            NameConstraintsError::SubtreeInvalidEncoding => {
                f.write_str("Invalid encoding of GeneralSubtree.")
            }
            NameConstraintsError::SubtreeBadInteger => {
                f.write_str("Invalid GeneralSubtree minimum or maximum")
            }
            NameConstraintsError::Name(e) => write!(f, "{e}"),
            NameConstraintsError::MinimumBaseDistance => {
                f.write_str("Non-zero minimum BaseDistance in name constraints not supported")
            }
            NameConstraintsError::MaximumBaseDistance => {
                f.write_str("Maximum BaseDistance in name constraints not supported")
            }
            NameConstraintsError::Unchecked(e) => write!(f, "{e}"),
        }
    }
}

impl NameForm {
    /// How `GeneralName`'s constructor names the form in "Invalid encoding of …".
    fn java_label(self) -> &'static str {
        match self {
            NameForm::OtherName => "Other-Name",
            NameForm::Rfc822 => "RFC822 name",
            NameForm::Dns => "DNSName",
            NameForm::X400 => "X400Address name",
            NameForm::Directory => "Directory name",
            NameForm::EdiParty => "EDI name",
            NameForm::Uri => "URI",
            NameForm::Ip => "IP address",
            NameForm::RegisteredId => "OID name",
        }
    }
}
