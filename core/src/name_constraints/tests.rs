//! Unit tests of parse / merge / verify, with DER built by hand.

use super::*;

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    crate::general_name::encode_tlv(tag, content)
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn subtree(base: Vec<u8>) -> Vec<u8> {
    seq(&[base])
}

fn dns(name: &str) -> Vec<u8> {
    tlv(0x82, name.as_bytes())
}

fn email(name: &str) -> Vec<u8> {
    tlv(0x81, name.as_bytes())
}

fn ip(bytes: &[u8]) -> Vec<u8> {
    tlv(0x87, bytes)
}

fn uri(text: &str) -> Vec<u8> {
    tlv(0x86, text.as_bytes())
}

fn nc(permitted: &[Vec<u8>], excluded: &[Vec<u8>]) -> NameConstraints {
    let mut fields = Vec::new();
    if !permitted.is_empty() {
        let trees: Vec<Vec<u8>> = permitted.iter().cloned().map(subtree).collect();
        fields.push(tlv(0xA0, &trees.concat()));
    }
    if !excluded.is_empty() {
        let trees: Vec<Vec<u8>> = excluded.iter().cloned().map(subtree).collect();
        fields.push(tlv(0xA1, &trees.concat()));
    }
    NameConstraints::from_der(&seq(&fields)).unwrap()
}

const OID_CN: [u8; 5] = [0x06, 0x03, 0x55, 0x04, 0x03];
const OID_O: [u8; 5] = [0x06, 0x03, 0x55, 0x04, 0x0A];
const OID_EMAIL: [u8; 11] = [
    0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01,
];

fn rdn(oid: &[u8], tag: u8, value: &str) -> Vec<u8> {
    tlv(0x31, &seq(&[oid.to_vec(), tlv(tag, value.as_bytes())]))
}

fn name(rdns: &[Vec<u8>]) -> Name {
    Name::from_der(&seq(rdns)).unwrap()
}

fn cn(value: &str) -> Name {
    // Note: a CN that is a valid DNS name takes part in DNS checks when there is no DNS SAN.
    name(&[rdn(&OID_CN, 0x0C, value)])
}

fn sans(names: &[Vec<u8>]) -> Vec<GeneralName> {
    crate::general_name::parse_general_names(&seq(names)).unwrap()
}

fn check(
    nc: &NameConstraints,
    subject: &Name,
    san: &[Vec<u8>],
) -> Result<bool, NameConstraintsError> {
    if san.is_empty() {
        nc.verify(subject, None)
    } else {
        nc.verify(subject, Some(&sans(san)))
    }
}

#[test]
fn dns_permitted() {
    let c = nc(&[dns("example.com")], &[]);
    let s = cn("ignored");
    assert_eq!(check(&c, &s, &[dns("example.com")]), Ok(true));
    assert_eq!(check(&c, &s, &[dns("API.Example.com")]), Ok(true));
    assert_eq!(check(&c, &s, &[dns("badexample.com")]), Ok(false));
    assert_eq!(check(&c, &s, &[dns("example.org")]), Ok(false));
    assert_eq!(check(&c, &s, &[dns("*.example.com")]), Ok(true));
    // Names of other forms are not constrained by a DNS-only constraint...
    assert_eq!(check(&c, &cn("not a host"), &[ip(&[1, 2, 3, 4])]), Ok(true));
    // ...but with no DNS SAN, a CN that looks like a host name is checked as one.
    assert_eq!(check(&c, &s, &[ip(&[1, 2, 3, 4])]), Ok(false));
    // One bad name among good ones fails the certificate.
    assert_eq!(
        check(&c, &s, &[dns("a.example.com"), dns("b.example.org")]),
        Ok(false)
    );
}

#[test]
fn dns_leading_dot() {
    let c = nc(&[dns(".example.com")], &[]);
    let s = cn("x");
    assert_eq!(check(&c, &s, &[dns("www.example.com")]), Ok(true));
    assert_eq!(check(&c, &s, &[dns("example.com")]), Ok(false));
}

#[test]
fn dns_excluded_with_wildcards() {
    let c = nc(&[], &[dns("bad.example.com")]);
    let s = cn("x");
    assert_eq!(check(&c, &s, &[dns("good.example.com")]), Ok(true));
    assert_eq!(check(&c, &s, &[dns("bad.example.com")]), Ok(false));
    assert_eq!(check(&c, &s, &[dns("x.bad.example.com")]), Ok(false));
    // The wildcard SAN could stand for the excluded name.
    assert_eq!(check(&c, &s, &[dns("*.example.com")]), Ok(false));
    // In permitted subtrees no wildcard matching happens.
    let p = nc(&[dns("good.example.com")], &[]);
    assert_eq!(check(&p, &s, &[dns("*.example.com")]), Ok(false));
}

#[test]
fn empty_dns_names_throw() {
    let c = nc(&[dns("example.com")], &[]);
    assert_eq!(
        check(&c, &cn("x"), &[dns("")]),
        Err(NameConstraintsError::Unchecked(
            UncheckedException::StringIndexOutOfBounds("String index out of range: 0")
        ))
    );
    let c = nc(&[], &[dns("")]);
    assert!(matches!(
        check(&c, &cn("x"), &[dns("a.com")]),
        Err(NameConstraintsError::Unchecked(_))
    ));
    assert_eq!(check(&c, &cn("x"), &[dns("")]), Ok(false));
}

#[test]
fn cn_fallback() {
    let c = nc(&[dns("example.com")], &[]);
    // No SAN: the CN is checked as a DNS name.
    assert_eq!(check(&c, &cn("www.example.com"), &[]), Ok(true));
    assert_eq!(check(&c, &cn("www.example.org"), &[]), Ok(false));
    assert_eq!(check(&c, &cn("*.example.org"), &[]), Ok(false));
    // Not a valid DNS name: not checked.
    assert_eq!(check(&c, &cn("Example Org"), &[]), Ok(true));
    // A DNS SAN present: the CN is not checked.
    assert_eq!(
        check(&c, &cn("www.example.org"), &[dns("www.example.com")]),
        Ok(true)
    );
    // Only an IP SAN: the CN still counts as the DNS name.
    assert_eq!(
        check(&c, &cn("www.example.org"), &[ip(&[1, 2, 3, 4])]),
        Ok(false)
    );
    // The last CN in encoding order is the most specific.
    let two = name(&[
        rdn(&OID_CN, 0x0C, "www.example.com"),
        rdn(&OID_CN, 0x0C, "www.example.org"),
    ]);
    assert_eq!(check(&c, &two, &[]), Ok(false));
}

#[test]
fn cn_ip_fallback() {
    let c = nc(&[ip(&[10, 0, 0, 0, 255, 0, 0, 0])], &[]);
    assert_eq!(check(&c, &cn("10.1.2.3"), &[]), Ok(true));
    assert_eq!(check(&c, &cn("11.1.2.3"), &[]), Ok(false));
    // Short IPv4 forms count as literals.
    assert_eq!(check(&c, &cn("10.258"), &[]), Ok(true));
    // A bare number is a literal that IPAddressName refuses: nothing is checked.
    assert_eq!(check(&c, &cn("12345"), &[]), Ok(true));
    assert_eq!(check(&c, &cn("::ffff:11.1.2.3"), &[]), Ok(false));
    let v6 = nc(
        &[ip(&[
            [0x20, 0x01, 0x0d, 0xb8].as_slice(),
            &[0; 12],
            &[0xFF; 4],
            &[0; 12],
        ]
        .concat())],
        &[],
    );
    assert_eq!(check(&v6, &cn("2001:db8::1"), &[]), Ok(true));
    assert_eq!(check(&v6, &cn("2001:db9::1"), &[]), Ok(false));
}

#[test]
fn ip_subnets() {
    let c = nc(
        &[ip(&[192, 168, 0, 0, 255, 255, 0, 0])],
        &[ip(&[192, 168, 1, 0, 255, 255, 255, 0])],
    );
    let s = cn("x");
    assert_eq!(check(&c, &s, &[ip(&[192, 168, 2, 1])]), Ok(true));
    assert_eq!(check(&c, &s, &[ip(&[192, 168, 1, 1])]), Ok(false));
    assert_eq!(check(&c, &s, &[ip(&[10, 0, 0, 1])]), Ok(false));
    // An IPv6 address is of the same form: not permitted by an IPv4-only list.
    assert_eq!(check(&c, &s, &[ip(&[0x20; 16])]), Ok(false));
    // ...but an IPv4-mapped IPv6 SAN is read as IPv4.
    let mapped = [[0u8; 10].as_slice(), &[0xFF, 0xFF], &[192, 168, 2, 1]].concat();
    assert_eq!(check(&c, &s, &[ip(&mapped)]), Ok(true));
}

#[test]
fn email_forms() {
    let s = cn("x");
    let host = nc(&[email("example.com")], &[]);
    assert_eq!(check(&host, &s, &[email("a@example.com")]), Ok(true));
    assert_eq!(check(&host, &s, &[email("a@www.example.com")]), Ok(false));
    let domain = nc(&[email(".example.com")], &[]);
    assert_eq!(check(&domain, &s, &[email("a@www.example.com")]), Ok(true));
    assert_eq!(check(&domain, &s, &[email("a@example.com")]), Ok(false));
    let mailbox = nc(&[email("a@example.com")], &[]);
    assert_eq!(check(&mailbox, &s, &[email("A@EXAMPLE.COM")]), Ok(true));
    assert_eq!(check(&mailbox, &s, &[email("b@example.com")]), Ok(false));
}

#[test]
fn subject_email_without_san() {
    let c = nc(&[email("example.com")], &[]);
    let good = name(&[
        rdn(&OID_EMAIL, 0x16, "a@example.com"),
        rdn(&OID_CN, 0x0C, "x"),
    ]);
    let bad = name(&[
        rdn(&OID_EMAIL, 0x16, "a@example.org"),
        rdn(&OID_CN, 0x0C, "x"),
    ]);
    assert_eq!(check(&c, &good, &[]), Ok(true));
    assert_eq!(check(&c, &bad, &[]), Ok(false));
    // With a SAN the subject's email is ignored.
    assert_eq!(check(&c, &bad, &[dns("x.com")]), Ok(true));
    // An invalid RFC822 value is skipped.
    let invalid = name(&[rdn(&OID_EMAIL, 0x16, "a@"), rdn(&OID_CN, 0x0C, "x")]);
    assert_eq!(check(&c, &invalid, &[]), Ok(true));
    // A value that is not a string type makes the JDK throw.
    let octets = name(&[rdn(&OID_EMAIL, 0x04, "a@example.com")]);
    assert_eq!(
        check(&c, &octets, &[]),
        Err(NameConstraintsError::Unchecked(
            UncheckedException::Runtime("AVA string is null")
        ))
    );
    assert_eq!(check(&c, &octets, &[dns("x.com")]), Ok(true));
}

#[test]
fn most_specific_cn_is_first_of_last_rdn() {
    let c = nc(&[dns("example.com")], &[]);
    let multi = |a: &str, b: &str| {
        let avas = [
            seq(&[OID_CN.to_vec(), tlv(0x0C, a.as_bytes())]),
            seq(&[OID_CN.to_vec(), tlv(0x0C, b.as_bytes())]),
        ];
        let mut sorted = avas.to_vec();
        sorted.sort();
        name(&[tlv(0x31, &sorted.concat())])
    };
    // Within one RDN (a SET, DER-sorted) the JDK takes the first CN.
    let n = multi("www.example.com", "www.example.org");
    let first_is_com = n.rdns()[0].avas()[0].value_bytes() == b"www.example.com";
    assert_eq!(check(&c, &n, &[]), Ok(first_is_com));
    // A CN that is not a string is no CN.
    let bin = name(&[
        rdn(&OID_CN, 0x0C, "www.example.org"),
        rdn(&OID_CN, 0x04, "www.example.org"),
    ]);
    assert_eq!(check(&c, &bin, &[]), Ok(true));
}

#[test]
fn directory_names() {
    let org = |o: &str| name(&[rdn(&OID_O, 0x0C, o)]);
    let dir = |n: &Name| tlv(0xA4, n.der());
    let c = nc(&[dir(&org("Good"))], &[]);
    let inside = name(&[rdn(&OID_O, 0x0C, "Good"), rdn(&OID_CN, 0x0C, "x")]);
    let outside = name(&[rdn(&OID_O, 0x0C, "Bad"), rdn(&OID_CN, 0x0C, "x")]);
    assert_eq!(check(&c, &inside, &[dns("x.com")]), Ok(true));
    assert_eq!(check(&c, &outside, &[dns("x.com")]), Ok(false));
    // An empty subject is not checked.
    assert_eq!(check(&c, &name(&[]), &[dns("x.com")]), Ok(true));
    // A directoryName SAN is checked too.
    assert_eq!(check(&c, &inside, &[dir(&outside)]), Ok(false));
}

#[test]
fn uri_constraints() {
    let s = cn("x");
    let c = nc(&[uri(".example.com")], &[]);
    assert_eq!(check(&c, &s, &[uri("https://www.example.com/x")]), Ok(true));
    assert_eq!(check(&c, &s, &[uri("https://example.com/x")]), Ok(false));
    let host = nc(&[uri("example.com")], &[]);
    assert_eq!(
        check(&host, &s, &[uri("https://EXAMPLE.com:443/")]),
        Ok(true)
    );
    assert_eq!(
        check(&host, &s, &[uri("https://www.example.com/")]),
        Ok(false)
    );
    assert!(matches!(
        check(&host, &s, &[uri("urn:x")]),
        Err(NameConstraintsError::Unchecked(
            UncheckedException::NullPointer(_)
        ))
    ));
}

#[test]
fn excluded_before_permitted() {
    let c = nc(&[dns("example.com")], &[dns("secret.example.com")]);
    let s = cn("x");
    assert_eq!(check(&c, &s, &[dns("www.example.com")]), Ok(true));
    assert_eq!(check(&c, &s, &[dns("a.secret.example.com")]), Ok(false));
}

#[test]
fn base_distance_errors() {
    let with_min = seq(&[tlv(0xA0, &seq(&[dns("a.com"), tlv(0x80, &[1])]))]);
    let c = NameConstraints::from_der(&with_min).unwrap();
    assert_eq!(
        check(&c, &cn("x"), &[dns("a.com")]),
        Err(NameConstraintsError::MinimumBaseDistance)
    );
    let with_max = seq(&[tlv(0xA1, &seq(&[dns("a.com"), tlv(0x81, &[0])]))]);
    let c = NameConstraints::from_der(&with_max).unwrap();
    assert_eq!(
        check(&c, &cn("x"), &[dns("b.com")]),
        Err(NameConstraintsError::MaximumBaseDistance)
    );
    // Explicit defaults (minimum 0, maximum -1) are no error.
    let defaults = seq(&[tlv(
        0xA0,
        &seq(&[dns("a.com"), tlv(0x80, &[0]), tlv(0x81, &[0xFF])]),
    )]);
    let c = NameConstraints::from_der(&defaults).unwrap();
    assert_eq!(check(&c, &cn("x"), &[dns("a.com")]), Ok(true));
}

#[test]
fn parse_errors() {
    use NameConstraintsError as E;
    assert_eq!(
        NameConstraints::from_der(&[0x31, 0x00]).unwrap_err(),
        E::NotASequence
    );
    assert!(NameConstraints::from_der(&[0x30, 0x00]).is_ok());
    let dup = seq(&[tlv(0xA0, &[]), tlv(0xA0, &[])]);
    assert_eq!(
        NameConstraints::from_der(&dup).unwrap_err(),
        E::DuplicatePermitted
    );
    let dup = seq(&[tlv(0xA1, &[]), tlv(0xA1, &[])]);
    assert_eq!(
        NameConstraints::from_der(&dup).unwrap_err(),
        E::DuplicateExcluded
    );
    assert_eq!(
        NameConstraints::from_der(&seq(&[tlv(0x80, &[])])).unwrap_err(),
        E::InvalidEncoding
    );
    assert_eq!(
        NameConstraints::from_der(&seq(&[tlv(0xA2, &[])])).unwrap_err(),
        E::InvalidEncoding
    );
    let not_seq = seq(&[tlv(0xA0, &tlv(0x31, &dns("a")))]);
    assert_eq!(
        NameConstraints::from_der(&not_seq).unwrap_err(),
        E::SubtreeNotASequence
    );
    let bad_field = seq(&[tlv(0xA0, &seq(&[dns("a"), tlv(0x82, &[0])]))]);
    assert_eq!(
        NameConstraints::from_der(&bad_field).unwrap_err(),
        E::SubtreeInvalidEncoding
    );
    let empty_int = seq(&[tlv(0xA0, &seq(&[dns("a"), tlv(0x80, &[])]))]);
    assert_eq!(
        NameConstraints::from_der(&empty_int).unwrap_err(),
        E::SubtreeBadInteger
    );
    let big_int = seq(&[tlv(
        0xA0,
        &seq(&[dns("a"), tlv(0x80, &[0x00, 0x80, 0, 0, 0])]),
    )]);
    assert_eq!(
        NameConstraints::from_der(&big_int).unwrap_err(),
        E::SubtreeBadInteger
    );
    let uri_scheme = seq(&[tlv(0xA0, &seq(&[uri("http://example.com")]))]);
    assert_eq!(
        NameConstraints::from_der(&uri_scheme).unwrap_err(),
        E::Name(GeneralNameError::Uri(
            crate::general_name::UriError::ConstraintHasScheme
        ))
    );
    let bad_email = seq(&[tlv(0xA0, &seq(&[email("a@")]))]);
    assert_eq!(
        NameConstraints::from_der(&bad_email).unwrap_err(),
        E::Name(GeneralNameError::Rfc822EndsWithAt)
    );
    // A subtree with no base name.
    assert_eq!(
        NameConstraints::from_der(&seq(&[tlv(0xA0, &seq(&[]))])).unwrap_err(),
        E::Encoding(DerError::TooShort)
    );
}

#[test]
fn java_int_values() {
    assert_eq!(java_int(&[0x00]), Ok(0));
    assert_eq!(java_int(&[0xFF]), Ok(-1));
    assert_eq!(java_int(&[0x00, 0x00, 0x00, 0x00, 0x05]), Ok(5));
    assert_eq!(java_int(&[0x7F, 0xFF, 0xFF, 0xFF]), Ok(i32::MAX));
    assert_eq!(java_int(&[0x80, 0x00, 0x00, 0x00]), Ok(i32::MIN));
    assert_eq!(java_int(&[0xFF, 0x80, 0x00, 0x00, 0x00]), Ok(i32::MIN));
    assert_eq!(
        java_int(&[0xFF, 0x7F, 0xFF, 0xFF, 0xFF]),
        Err(NameConstraintsError::SubtreeBadInteger)
    );
}

#[test]
fn merge_intersects_permitted_and_unites_excluded() {
    let mut first = nc(&[dns("example.com")], &[dns("a.example.com")]);
    let second = nc(&[dns("api.example.com")], &[dns("b.example.com")]);
    first.merge(&second).unwrap();
    let s = cn("x");
    assert_eq!(check(&first, &s, &[dns("x.api.example.com")]), Ok(true));
    assert_eq!(check(&first, &s, &[dns("www.example.com")]), Ok(false));
    assert_eq!(check(&first, &s, &[dns("a.example.com")]), Ok(false));
    assert_eq!(check(&first, &s, &[dns("b.example.com")]), Ok(false));
}

#[test]
fn merge_disjoint_dns_throws() {
    let mut first = nc(&[dns("example.com")], &[]);
    let second = nc(&[dns("example.org")], &[]);
    assert_eq!(
        first.merge(&second),
        Err(NameConstraintsError::Unchecked(
            UncheckedException::Runtime(
                "Unexpected error: java.io.IOException: DNSName must not be null or empty"
            )
        ))
    );
}

#[test]
fn merge_with_only_excluded_or_only_permitted() {
    let mut first = nc(&[], &[dns("bad.com")]);
    first.merge(&nc(&[dns("good.com")], &[])).unwrap();
    let s = cn("x");
    assert_eq!(check(&first, &s, &[dns("good.com")]), Ok(true));
    assert_eq!(check(&first, &s, &[dns("bad.com")]), Ok(false));
    assert_eq!(check(&first, &s, &[dns("other.com")]), Ok(false));
}

/// The committed fixture: certificate chains run through JDK 17.0.21 (the oracle), each with
/// the JDK's verdict. The path is walked as `ConstraintsChecker` walks it (top down, the trust
/// anchor's own constraints unused, self-issued intermediates not verified, each certificate's
/// constraints merged after its check) and the outcome compared with the JDK's.
mod fixture {
    use super::*;
    use x509_parser::prelude::{FromDer, X509Certificate};

    struct PathCert {
        subject: Name,
        self_issued: bool,
        sans: Option<Vec<GeneralName>>,
        name_constraints: Option<NameConstraints>,
    }

    fn parse_pem(pem: &str) -> PathCert {
        let (_, pem) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).expect("PEM");
        let (_, cert) = X509Certificate::from_der(&pem.contents).expect("certificate");
        let tbs = &cert.tbs_certificate;
        let subject = Name::from_der(tbs.subject.as_raw()).expect("subject");
        let issuer = Name::from_der(tbs.issuer.as_raw()).expect("issuer");
        let mut sans = None;
        let mut name_constraints = None;
        for ext in tbs.extensions() {
            match ext.oid.to_id_string().as_str() {
                // A non-critical SAN the JDK cannot parse is dropped.
                "2.5.29.17" => sans = crate::general_name::parse_general_names(ext.value).ok(),
                "2.5.29.30" => {
                    name_constraints =
                        Some(NameConstraints::from_der(ext.value).expect("name constraints"))
                }
                _ => {}
            }
        }
        PathCert {
            self_issued: subject == issuer,
            subject,
            sans,
            name_constraints,
        }
    }

    #[derive(Debug, PartialEq)]
    enum Outcome {
        Accepted,
        Failed,
        Error(String),
    }

    fn walk(path: &[PathCert]) -> Outcome {
        let mut merged: Option<NameConstraints> = None;
        for (i, cert) in path.iter().enumerate() {
            let is_target = i + 1 == path.len();
            if let Some(nc) = &merged {
                if is_target || !cert.self_issued {
                    match nc.verify(&cert.subject, cert.sans.as_deref()) {
                        Ok(true) => {}
                        Ok(false) => return Outcome::Failed,
                        Err(e) => return Outcome::Error(e.to_string()),
                    }
                }
            }
            if let Some(new) = &cert.name_constraints {
                match &mut merged {
                    None => merged = Some(new.clone()),
                    Some(prev) => {
                        if let Err(e) = prev.merge(new) {
                            return Outcome::Error(e.to_string());
                        }
                    }
                }
            }
        }
        Outcome::Accepted
    }

    fn expected(case: &serde_json::Value) -> Outcome {
        let exp = &case["expected"];
        if let Some(error) = exp["error"].as_str() {
            return Outcome::Error(error.to_string());
        }
        if exp["trusted"].as_bool() == Some(true) {
            return Outcome::Accepted;
        }
        let trust_error = exp["trust_error"].as_str().unwrap_or_default();
        if trust_error.ends_with("name constraints check failed") {
            return Outcome::Failed;
        }
        match trust_error.split_once("java.io.IOException: ") {
            Some((_, detail)) => Outcome::Error(detail.to_string()),
            None => Outcome::Error(format!("unexpected JDK answer: {trust_error}")),
        }
    }

    #[test]
    fn matches_the_jdk() {
        let data = include_str!("../../tests/data/name_constraints.jsonl");
        let mut count = 0;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let case: serde_json::Value = serde_json::from_str(line).expect("JSON");
            let id = case["id"].as_str().unwrap_or_default();
            let mut path: Vec<PathCert> = case["chain"]
                .as_array()
                .expect("chain")
                .iter()
                .map(|p| parse_pem(p.as_str().expect("PEM string")))
                .collect();
            // Presented leaf first; ConstraintsChecker runs from the top down.
            path.reverse();
            assert_eq!(walk(&path), expected(&case), "{id}: {}", case["desc"]);
            count += 1;
        }
        assert!(count >= 50, "fixture has {count} cases");
    }
}
