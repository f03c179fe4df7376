//! GeneralName / GeneralNames as JDK 17's `sun.security.x509` parses them.
//!
//! Why this matters: the JDK parses an extension when it parses the certificate. If the
//! subjectAltName value does not parse, a *non-critical* SAN is silently dropped
//! (`getSubjectAlternativeNames()` returns null, so HttpClient falls back to the CN and name
//! constraints treat the certificate as having no SAN), while a *critical* one makes the whole
//! certificate unparseable. So [`parse_general_names`] accepts exactly what
//! `SubjectAlternativeNameExtension` accepts and says why it refuses the rest.
//!
//! What the JDK 17.0.21 checks while parsing, per name form:
//! * otherName: a valid OID, then any one value; the OID must not be one of the extension OIDs
//!   the JDK knows (its `OIDMap`): for those it tries to build a name class and fails.
//! * rfc822Name: not empty, not ending with '@', domain part not just ".".
//! * dNSName: **nothing** (an empty name, spaces, a trailing dot and wildcards are all kept).
//! * directoryName: an X.500 Name (a legacy fallback also accepts the RDNs without the
//!   SEQUENCE wrapper).
//! * uniformResourceIdentifier: `java.net.URI` syntax, a scheme, and a host that is an IPv6
//!   literal, a valid DNS name or an IPv4 literal (no host at all is fine).
//! * iPAddress: 4, 8, 16 or 32 bytes; IPv4-mapped IPv6 addresses become IPv4.
//! * registeredID: a valid OID. x400Address: anything. ediPartyName: one or two fields.
//! * Every element must be context-specific with the right primitive/constructed form, and
//!   the SEQUENCE must not be empty.

mod dns;
mod ip;
mod oid;
mod uri;


use crate::der::{self, DerError, Reader, Strictness, Value};
use crate::name::Name;

#[cfg(test)]
pub(crate) use crate::der::encode as encode_tlv;
pub(crate) use dns::{check_dns_syntax, DnsSyntaxError};
pub(crate) use ip::{ip_from_text, text_to_v4, text_to_v6};
pub(crate) use uri::{parse_uri_constraint, parse_uri_name, UriHost};

pub use ip::IpError;
pub use oid::OidError;
pub use uri::UriError;

/// One GeneralName (RFC 5280 4.2.1.6), as the JDK keeps it after parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GeneralName {
    /// otherName: the type id (dotted OID) and the DER of the `[0]` value as the JDK
    /// re-encodes it (tag, minimal length, content).
    OtherName {
        /// Dotted form of the type-id OID, as `ObjectIdentifier.toString()` prints it.
        type_id: String,
        /// DER encoding of the explicitly tagged value.
        value_der: Vec<u8>,
    },
    /// rfc822Name (IA5 text; bytes above 0x7F read as U+FFFD, as the JDK's US-ASCII decoder
    /// does).
    Rfc822(String),
    /// dNSName (IA5 text, unchecked).
    Dns(String),
    /// x400Address: the content octets of the `[3]` element.
    X400(Vec<u8>),
    /// directoryName.
    Directory(Name),
    /// ediPartyName: the content octets of the `[5]` element.
    EdiParty(Vec<u8>),
    /// uniformResourceIdentifier (IA5 text).
    Uri(String),
    /// iPAddress: 4 or 16 bytes; 8 or 32 bytes = address and mask (meant for name
    /// constraints, but the JDK accepts them in a SAN too). IPv4-mapped IPv6 values are already
    /// converted to IPv4, as `getSubjectAlternativeNames()` reports them.
    Ip(Vec<u8>),
    /// registeredID (dotted OID).
    RegisteredId(String),
}

/// The GeneralName forms, for error reports (the JDK's own wording of each).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameForm {
    /// `[0]` otherName.
    OtherName,
    /// `[1]` rfc822Name.
    Rfc822,
    /// `[2]` dNSName.
    Dns,
    /// `[3]` x400Address.
    X400,
    /// `[4]` directoryName.
    Directory,
    /// `[5]` ediPartyName.
    EdiParty,
    /// `[6]` uniformResourceIdentifier.
    Uri,
    /// `[7]` iPAddress.
    Ip,
    /// `[8]` registeredID.
    RegisteredId,
}

/// Why the JDK would refuse a GeneralNames value (and so the SAN / IAN extension holding it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GeneralNameError {
    /// The BER/DER structure itself is broken (truncated, bad length, trailing bytes…).
    Encoding(DerError),
    /// The extension value is not a SEQUENCE.
    NotASequence,
    /// The SEQUENCE is empty ("No data available in passed DER encoded value.").
    Empty,
    /// An element has an unknown tag number (9 to 30).
    UnrecognizedTag(u8),
    /// An element has the wrong class or the wrong primitive/constructed form for its tag.
    InvalidEncoding(NameForm),
    /// An rfc822Name that is empty.
    Rfc822Empty,
    /// An rfc822Name ending with '@'.
    Rfc822EndsWithAt,
    /// An rfc822Name whose domain part is just ".".
    Rfc822DomainDot,
    /// A uniformResourceIdentifier that `URIName` refuses.
    Uri(UriError),
    /// An iPAddress that `IPAddressName` refuses.
    Ip(IpError),
    /// An OBJECT IDENTIFIER (otherName type id or registeredID) the JDK refuses.
    Oid(OidError),
    /// An otherName whose type id is not an OBJECT IDENTIFIER.
    OtherNameNotOid,
    /// An otherName whose type id is an extension OID of the JDK's `OIDMap` (the JDK then
    /// fails with "Instantiation error").
    OtherNameReservedOid(String),
    /// A directoryName the X.500 name parser refuses (its message).
    Directory(String),
    /// An ediPartyName without exactly one or two fields, or with a repeated field.
    EdiParty(&'static str),
}

impl std::error::Error for GeneralNameError {}

impl From<DerError> for GeneralNameError {
    fn from(e: DerError) -> Self {
        GeneralNameError::Encoding(e)
    }
}

/// Parses a subjectAltName / issuerAltName extension value (the GeneralNames SEQUENCE) the way
/// `SubjectAlternativeNameExtension(Boolean, Object)` does. `Err` = the JDK cannot parse the
/// extension: dropped if it is non-critical, certificate unparseable if it is critical.
pub fn parse_general_names(der: &[u8]) -> Result<Vec<GeneralName>, GeneralNameError> {
    let outer = der::single_value(der)?;
    if outer.tag != der::tag::SEQUENCE {
        return Err(GeneralNameError::NotASequence);
    }
    let mut reader = outer.reader();
    if reader.is_empty() {
        return Err(GeneralNameError::Empty);
    }
    let mut names = Vec::new();
    while !reader.is_empty() {
        let element = reader.read_value()?;
        names.push(parse_general_name(&element, false)?);
    }
    Ok(names)
}

/// `new GeneralName(DerValue, nameConstraint)`: one element. With `name_constraint`, a URI is
/// read as a URI name constraint (a host or ".domain", see [`parse_uri_constraint`]).
pub(crate) fn parse_general_name(
    element: &Value<'_>,
    name_constraint: bool,
) -> Result<GeneralName, GeneralNameError> {
    let form = match element.tag_number() {
        0 => NameForm::OtherName,
        1 => NameForm::Rfc822,
        2 => NameForm::Dns,
        3 => NameForm::X400,
        4 => NameForm::Directory,
        5 => NameForm::EdiParty,
        6 => NameForm::Uri,
        7 => NameForm::Ip,
        8 => NameForm::RegisteredId,
        other => return Err(GeneralNameError::UnrecognizedTag(other)),
    };
    let constructed = matches!(
        form,
        NameForm::OtherName | NameForm::X400 | NameForm::Directory | NameForm::EdiParty
    );
    if !element.is_context_specific() || element.is_constructed() != constructed {
        return Err(GeneralNameError::InvalidEncoding(form));
    }
    let content: &[u8] = &element.content;
    Ok(match form {
        NameForm::OtherName => parse_other_name(content)?,
        NameForm::Rfc822 => {
            let name = ia5_text(content);
            check_rfc822(&name)?;
            GeneralName::Rfc822(name)
        }
        NameForm::Dns => GeneralName::Dns(ia5_text(content)),
        NameForm::X400 => GeneralName::X400(content.to_vec()),
        NameForm::Directory => GeneralName::Directory(parse_directory_name(content)?),
        NameForm::EdiParty => {
            check_edi_party(content)?;
            GeneralName::EdiParty(content.to_vec())
        }
        NameForm::Uri => {
            let text = ia5_text(content);
            if name_constraint {
                parse_uri_constraint(&text).map_err(GeneralNameError::Uri)?;
            } else {
                parse_uri_name(&text).map_err(GeneralNameError::Uri)?;
            }
            GeneralName::Uri(text)
        }
        NameForm::Ip => GeneralName::Ip(ip::ip_from_octets(content).map_err(GeneralNameError::Ip)?),
        NameForm::RegisteredId => {
            GeneralName::RegisteredId(oid::parse_oid(content).map_err(GeneralNameError::Oid)?)
        }
    })
}

/// IA5String content as the JDK decodes it: `new String(bytes, US_ASCII)`, which maps every
/// byte above 0x7F to U+FFFD.
pub(crate) fn ia5_text(content: &[u8]) -> String {
    content
        .iter()
        .map(|b| {
            if b.is_ascii() {
                char::from(*b)
            } else {
                '\u{FFFD}'
            }
        })
        .collect()
}

/// `RFC822Name.parseName`: not empty, something after the first '@', and a domain part that
/// is not just ".".
pub(crate) fn check_rfc822(name: &str) -> Result<(), GeneralNameError> {
    if name.is_empty() {
        return Err(GeneralNameError::Rfc822Empty);
    }
    let domain = name.split_once('@').map_or(name, |(_, domain)| domain);
    if domain.is_empty() {
        return Err(GeneralNameError::Rfc822EndsWithAt);
    }
    if domain == "." {
        return Err(GeneralNameError::Rfc822DomainDot);
    }
    Ok(())
}

/// Extension OIDs in the JDK's `OIDMap`. An otherName with one of these type ids makes the JDK
/// look for a name class with a one-argument constructor, which none of them has.
const OIDMAP_OIDS: [&str; 24] = [
    "2.5.29.14",
    "2.5.29.15",
    "2.5.29.16",
    "2.5.29.17",
    "2.5.29.18",
    "2.5.29.19",
    "2.5.29.20",
    "2.5.29.21",
    "2.5.29.30",
    "2.5.29.33",
    "2.5.29.35",
    "2.5.29.36",
    "2.16.840.1.113730.1.1",
    "2.5.29.32",
    "2.5.29.37",
    "2.5.29.54",
    "2.5.29.31",
    "2.5.29.29",
    "1.3.6.1.5.5.7.1.11",
    "1.3.6.1.5.5.7.1.1",
    "2.5.29.28",
    "2.5.29.27",
    "2.5.29.46",
    "1.3.6.1.5.5.7.48.1.5",
];

/// `OtherName(DerValue)`: an OID, then one value of any tag (the JDK does not check that it
/// is `[0]`); anything after that value is ignored.
fn parse_other_name(content: &[u8]) -> Result<GeneralName, GeneralNameError> {
    let mut reader = Reader::new(content, Strictness::Ber);
    let id = reader.read_value()?;
    if id.tag != der::tag::OID {
        return Err(GeneralNameError::OtherNameNotOid);
    }
    let type_id = oid::parse_oid(&id.content).map_err(GeneralNameError::Oid)?;
    let value = reader.read_value()?;
    if OIDMAP_OIDS.contains(&type_id.as_str()) {
        return Err(GeneralNameError::OtherNameReservedOid(type_id));
    }
    Ok(GeneralName::OtherName {
        type_id,
        value_der: value.encode_with_tag(value.tag),
    })
}

/// `new X500Name(DerInputStream)` over the `[4]` content: the first value if it is a SEQUENCE
/// of well-formed values; otherwise (legacy encoders that put the RDNs directly in the tag)
/// all the content wrapped in a SEQUENCE.
fn parse_directory_name(content: &[u8]) -> Result<Name, GeneralNameError> {
    let sequence_content: Vec<u8> = match first_sequence(content) {
        Some(inner) => inner,
        None => {
            let mut reader = Reader::new(content, Strictness::Ber);
            while !reader.is_empty() {
                reader.read_value()?;
            }
            content.to_vec()
        }
    };
    let name_der = der::encode(der::tag::SEQUENCE, &sequence_content);
    Name::from_der(&name_der).map_err(|e| GeneralNameError::Directory(e.to_string()))
}

/// `in.getSequence(5)`: the content of the first value when it is a SEQUENCE whose content
/// splits into values; `None` where the JDK's attempt throws.
fn first_sequence(content: &[u8]) -> Option<Vec<u8>> {
    let mut reader = Reader::new(content, Strictness::Ber);
    let first = reader.read_value().ok()?;
    if first.tag != der::tag::SEQUENCE {
        return None;
    }
    let mut inner = first.reader();
    while !inner.is_empty() {
        inner.read_value().ok()?;
    }
    Some(first.content.into_owned())
}

/// `EDIPartyName(DerValue)`: one or two values; `[0]` / `[1]` (primitive, holding a whole
/// DirectoryString TLV) may each appear once. Other values are ignored, as in the JDK.
fn check_edi_party(content: &[u8]) -> Result<(), GeneralNameError> {
    let mut reader = Reader::new(content, Strictness::Ber);
    let mut fields = Vec::new();
    while !reader.is_empty() {
        fields.push(reader.read_value()?);
    }
    if fields.is_empty() || fields.len() > 2 {
        return Err(GeneralNameError::EdiParty(
            "Invalid encoding of EDIPartyName",
        ));
    }
    let mut assigner = false;
    let mut party = false;
    for field in fields {
        let mut current = field;
        if current.is_context_specific() && current.tag_number() == 0 && !current.is_constructed() {
            if assigner {
                return Err(GeneralNameError::EdiParty(
                    "Duplicate nameAssigner found in EDIPartyName",
                ));
            }
            let inner = current.reader().read_value()?.into_owned();
            assigner = is_java_string(inner.tag);
            current = inner;
        }
        if current.is_context_specific() && current.tag_number() == 1 && !current.is_constructed() {
            if party {
                return Err(GeneralNameError::EdiParty(
                    "Duplicate partyName found in EDIPartyName",
                ));
            }
            let inner = current.reader().read_value()?;
            party = is_java_string(inner.tag);
        }
    }
    Ok(())
}

/// Tags `DerValue.getAsString()` decodes (anything else reads as null).
fn is_java_string(tag: u8) -> bool {
    matches!(tag, 0x0C | 0x13 | 0x14 | 0x16 | 0x1C | 0x1E | 0x1B)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        der::encode(tag, content)
    }

    fn san(elements: &[Vec<u8>]) -> Vec<u8> {
        tlv(0x30, &elements.concat())
    }

    fn one(element: Vec<u8>) -> Result<Vec<GeneralName>, GeneralNameError> {
        parse_general_names(&san(&[element]))
    }

    #[test]
    fn dns_names_are_not_checked() {
        // JDK 17.0.21 keeps all of these (checked with the JDK's own classes).
        for text in ["", "a b", "-bad-", "*.*.x", ".lead", "trail."] {
            assert_eq!(
                one(tlv(0x82, text.as_bytes())).unwrap(),
                vec![GeneralName::Dns(text.to_string())]
            );
        }
        assert_eq!(
            one(tlv(0x82, &[0xFF, b'a'])).unwrap(),
            vec![GeneralName::Dns("\u{FFFD}a".to_string())]
        );
    }

    #[test]
    fn rfc822_rules() {
        assert_eq!(one(tlv(0x81, b"")), Err(GeneralNameError::Rfc822Empty));
        assert_eq!(
            one(tlv(0x81, b"@")),
            Err(GeneralNameError::Rfc822EndsWithAt)
        );
        assert_eq!(
            one(tlv(0x81, b"a@")),
            Err(GeneralNameError::Rfc822EndsWithAt)
        );
        assert_eq!(
            one(tlv(0x81, b"a@.")),
            Err(GeneralNameError::Rfc822DomainDot)
        );
        assert_eq!(one(tlv(0x81, b".")), Err(GeneralNameError::Rfc822DomainDot));
        assert!(one(tlv(0x81, b"a@b@")).is_ok());
        assert!(one(tlv(0x81, b"x.com")).is_ok());
        assert!(one(tlv(0x81, b".x.com")).is_ok());
    }

    #[test]
    fn ip_lengths() {
        assert_eq!(
            one(tlv(0x87, &[1, 2, 3, 4])).unwrap(),
            vec![GeneralName::Ip(vec![1, 2, 3, 4])]
        );
        assert_eq!(
            one(tlv(0x87, &[1, 2, 3])),
            Err(GeneralNameError::Ip(IpError::InvalidLength(3)))
        );
        assert_eq!(
            one(tlv(0x87, &[])),
            Err(GeneralNameError::Ip(IpError::InvalidLength(0)))
        );
        assert!(one(tlv(0x87, &[0; 8])).is_ok());
        assert!(one(tlv(0x87, &[0; 32])).is_ok());
    }

    #[test]
    fn uri_names() {
        assert!(one(tlv(0x86, b"http://a_b.com/")).is_ok());
        assert!(one(tlv(0x86, b"urn:x")).is_ok());
        assert_eq!(
            one(tlv(0x86, b"rel/path")),
            Err(GeneralNameError::Uri(UriError::NoScheme))
        );
        assert_eq!(
            one(tlv(0x86, b"http://example.com./")),
            Err(GeneralNameError::Uri(UriError::BadHost))
        );
    }

    #[test]
    fn other_names() {
        let upn = [
            0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x14, 0x02, 0x03,
        ];
        let value = tlv(0xA0, &tlv(0x0C, b"x@y"));
        let parsed = one(tlv(0xA0, &[&upn[..], &value].concat())).unwrap();
        assert_eq!(
            parsed,
            vec![GeneralName::OtherName {
                type_id: "1.3.6.1.4.1.311.20.2.3".into(),
                value_der: value.clone()
            }]
        );
        let san_oid = [0x06, 0x03, 0x55, 0x1D, 0x11];
        assert_eq!(
            one(tlv(0xA0, &[&san_oid[..], &value].concat())),
            Err(GeneralNameError::OtherNameReservedOid("2.5.29.17".into()))
        );
        assert_eq!(
            one(tlv(0xA0, &san_oid)),
            Err(GeneralNameError::Encoding(DerError::TooShort))
        );
        assert_eq!(
            one(tlv(0xA0, &tlv(0x04, b""))),
            Err(GeneralNameError::OtherNameNotOid)
        );
    }

    #[test]
    fn registered_ids() {
        assert_eq!(
            one(tlv(0x88, &[0x2A, 0x03, 0x04])).unwrap(),
            vec![GeneralName::RegisteredId("1.2.3.4".into())]
        );
        assert_eq!(
            one(tlv(0x88, &[0x2A, 0x80, 0x03])),
            Err(GeneralNameError::Oid(OidError::UselessExtraOctet))
        );
    }

    #[test]
    fn directory_names_with_and_without_sequence() {
        let cn = tlv(
            0x31,
            &tlv(
                0x30,
                &[&[0x06, 0x03, 0x55, 0x04, 0x03][..], &tlv(0x0C, b"x")].concat(),
            ),
        );
        let proper = one(tlv(0xA4, &tlv(0x30, &cn))).unwrap();
        let legacy = one(tlv(0xA4, &cn)).unwrap();
        assert_eq!(proper, legacy);
        let empty = one(tlv(0xA4, &[])).unwrap();
        match &empty[..] {
            [GeneralName::Directory(n)] => assert!(n.rdns().is_empty()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn edi_and_x400() {
        assert!(one(tlv(0xA5, &tlv(0x81, &tlv(0x0C, b"party")))).is_ok());
        assert!(matches!(
            one(tlv(0xA5, &[])),
            Err(GeneralNameError::EdiParty(_))
        ));
        let dup = [tlv(0x81, &tlv(0x0C, b"a")), tlv(0x81, &tlv(0x0C, b"b"))].concat();
        assert!(matches!(
            one(tlv(0xA5, &dup)),
            Err(GeneralNameError::EdiParty(_))
        ));
        assert_eq!(
            one(tlv(0xA3, &[])).unwrap(),
            vec![GeneralName::X400(vec![])]
        );
    }

    #[test]
    fn structure_errors() {
        assert_eq!(
            parse_general_names(&[0x30, 0x00]),
            Err(GeneralNameError::Empty)
        );
        assert_eq!(
            parse_general_names(&[0xA0, 0x03, 0x82, 0x01, 0x61]),
            Err(GeneralNameError::NotASequence)
        );
        assert_eq!(
            parse_general_names(&[0x30, 0x03, 0x82, 0x01, 0x61, 0x00]),
            Err(GeneralNameError::Encoding(DerError::ExtraData))
        );
        assert_eq!(
            one(tlv(0x89, b"x")),
            Err(GeneralNameError::UnrecognizedTag(9))
        );
        assert_eq!(
            one(tlv(0x02, b"x")),
            Err(GeneralNameError::InvalidEncoding(NameForm::Dns))
        );
        assert_eq!(
            one(tlv(0xA2, b"")),
            Err(GeneralNameError::InvalidEncoding(NameForm::Dns))
        );
        assert_eq!(
            one(tlv(0x80, b"")),
            Err(GeneralNameError::InvalidEncoding(NameForm::OtherName))
        );
        assert_eq!(
            one(tlv(0x84, b"")),
            Err(GeneralNameError::InvalidEncoding(NameForm::Directory))
        );
        // BER: indefinite length and non-minimal lengths are accepted.
        assert_eq!(
            parse_general_names(&[0x30, 0x80, 0x82, 0x01, 0x61, 0, 0]).unwrap(),
            vec![GeneralName::Dns("a".into())]
        );
        assert_eq!(
            parse_general_names(&[0x30, 0x84, 0, 0, 0, 3, 0x82, 0x01, 0x61]).unwrap(),
            vec![GeneralName::Dns("a".into())]
        );
    }
}
