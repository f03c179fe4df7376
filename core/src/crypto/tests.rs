//! Fixture tests: every algorithm against what JDK 17 decided.
//!
//! `tests/data/crypto` holds certificate pairs made by `gen_fixtures.py`
//! (issuer key under test + a leaf it signed), `cases.tsv` with the outcome
//! we must produce, and `java.tsv` with what `X509Certificate.verify` did on
//! JDK 17.0.21 (`JavaVerify.java`). Each case is checked against both, and
//! every accepted signature is checked to fail once tampered with.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::der::{self, tag, Reader, Strictness};
use super::*;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/crypto")
}

fn read_tsv(name: &str) -> Vec<Vec<String>> {
    let text =
        std::fs::read_to_string(data_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

/// The parts of a certificate the verifier needs.
struct CertParts {
    tbs: Vec<u8>,
    sig_alg: Vec<u8>,
    signature: Vec<u8>,
    spki: Vec<u8>,
}

fn split_certificate(cert: &[u8]) -> CertParts {
    let outer = der::single(cert, Strictness::BerDefinite).unwrap();
    let mut r = Reader::new(outer.content, Strictness::BerDefinite);
    let tbs = r.read().unwrap();
    let sig_alg = r.read().unwrap();
    let bits = r.expect(tag::BIT_STRING).unwrap().content;
    let mut t = Reader::new(tbs.content, Strictness::BerDefinite);
    let mut first = t.read().unwrap();
    if first.tag == 0xa0 {
        first = t.read().unwrap(); // serial
    }
    let _ = first;
    let _inner_alg = t.read().unwrap();
    let _issuer = t.read().unwrap();
    let _validity = t.read().unwrap();
    let _subject = t.read().unwrap();
    let spki = t.read().unwrap();
    assert_eq!(spki.tag, tag::SEQUENCE);
    CertParts {
        tbs: tbs.raw.to_vec(),
        sig_alg: sig_alg.raw.to_vec(),
        signature: bits[1..].to_vec(),
        spki: spki.raw.to_vec(),
    }
}

fn load_case(name: &str) -> (CertParts, CertParts) {
    let read =
        |suffix: &str| std::fs::read(data_dir().join(format!("{name}.{suffix}.der"))).unwrap();
    (
        split_certificate(&read("leaf")),
        split_certificate(&read("issuer")),
    )
}

/// Our outcome in the vocabulary of `cases.tsv`.
fn outcome(leaf: &CertParts, issuer_spki: &[u8]) -> String {
    let alg = match SignatureAlgorithm::from_der(&leaf.sig_alg) {
        Ok(a) => a,
        Err(_) => return "alg".into(),
    };
    if let Err(e) = parse_public_key(issuer_spki) {
        return label(&e);
    }
    match verify_signature(&alg, issuer_spki, &leaf.tbs, &leaf.signature) {
        Ok(()) => "ok".into(),
        Err(e) => label(&e),
    }
}

fn label(e: &CryptoError) -> String {
    match e {
        CryptoError::MalformedKey(p) => {
            let d = format!("{p:?}");
            format!("key:{}", d.split([' ', '(', '{']).next().unwrap_or(""))
        }
        other => format!("{other:?}")
            .split([' ', '(', '{'])
            .next()
            .unwrap_or("")
            .to_owned(),
    }
}

#[test]
fn fixtures_match_expectations_and_the_jdk() {
    let expected = read_tsv("cases.tsv");
    let java: HashMap<String, Vec<String>> = read_tsv("java.tsv")
        .into_iter()
        .map(|row| (row[0].clone(), row))
        .collect();
    assert!(expected.len() >= 100, "fixtures missing");
    let mut failures = Vec::new();
    for row in &expected {
        let (name, want) = (&row[0], &row[1]);
        let (leaf, issuer) = load_case(name);
        let got = outcome(&leaf, &issuer.spki);
        if &got != want {
            failures.push(format!("{name}: expected {want}, got {got}"));
        }
        let Some(j) = java.get(name) else {
            failures.push(format!("{name}: no JDK result"));
            continue;
        };
        let consistent = match j[1].as_str() {
            "ok" => got == "ok",
            "fail" => got != "ok" && got != "alg" && !got.starts_with("key:"),
            "issuer-unparseable" => got.starts_with("key:"),
            "leaf-unparseable" => got == "alg",
            other => panic!("unknown JDK outcome {other}"),
        };
        if !consistent {
            failures.push(format!(
                "{name}: JDK says {} ({}), we say {got}",
                j[1],
                j.get(2).map_or("", |s| s)
            ));
        }
        // Names: "<getSigAlgName> <getAlgorithm>" for ok rows, "<getSigAlgName> ..." for fail rows.
        if let (Some(detail), Ok(alg)) = (j.get(2), SignatureAlgorithm::from_der(&leaf.sig_alg)) {
            if j[1] == "ok" || j[1] == "fail" {
                let java_sig = detail.split(' ').next().unwrap_or("");
                if alg.java_name() != java_sig {
                    failures.push(format!(
                        "{name}: sig alg name {} vs JDK {java_sig}",
                        alg.java_name()
                    ));
                }
            }
            if j[1] == "ok" {
                let java_key = detail.split(' ').nth(1).unwrap_or("");
                let ours = parse_public_key(&issuer.spki)
                    .map(|k| k.java_algorithm_name())
                    .unwrap_or_default();
                if ours != java_key {
                    failures.push(format!("{name}: key alg name {ours} vs JDK {java_key}"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn tampering_breaks_every_accepted_signature() {
    let mut checked = 0;
    for row in read_tsv("cases.tsv") {
        if row[1] != "ok" {
            continue;
        }
        let (leaf, issuer) = load_case(&row[0]);
        let alg = SignatureAlgorithm::from_der(&leaf.sig_alg).unwrap();
        // A flipped bit in the middle of the signed data.
        let mut tbs = leaf.tbs.clone();
        let mid = tbs.len() / 2;
        tbs[mid] ^= 0x01;
        assert_eq!(
            verify_signature(&alg, &issuer.spki, &tbs, &leaf.signature),
            Err(CryptoError::BadSignature),
            "{}: tampered message",
            row[0]
        );
        // A flipped bit in the signature value (past any DER header).
        let mut sig = leaf.signature.clone();
        let at = sig.len() - 3;
        sig[at] ^= 0x10;
        assert!(
            verify_signature(&alg, &issuer.spki, &leaf.tbs, &sig).is_err(),
            "{}: tampered signature",
            row[0]
        );
        // Truncated and empty signatures.
        assert!(
            verify_signature(&alg, &issuer.spki, &leaf.tbs, &leaf.signature[1..]).is_err(),
            "{}",
            row[0]
        );
        assert!(
            verify_signature(&alg, &issuer.spki, &leaf.tbs, &[]).is_err(),
            "{}",
            row[0]
        );
        checked += 1;
    }
    assert!(checked >= 80, "only {checked} accepted fixtures");
}

#[test]
fn key_kinds_and_sizes() {
    let kind = |name: &str| parse_public_key(&load_case(name).1.spki).unwrap();
    assert_eq!(kind("rsa2048-sha256"), PublicKeyKind::Rsa { bits: 2048 });
    assert_eq!(kind("rsa505-sha1"), PublicKeyKind::Rsa { bits: 505 });
    assert_eq!(kind("rsa512-sha1").bits(), Some(512));
    assert_eq!(
        kind("pss-key-no-params"),
        PublicKeyKind::RsaPss { bits: 2048 }
    );
    assert_eq!(kind("pss-key-no-params").java_algorithm(), "RSASSA-PSS");
    assert_eq!(
        kind("ecdsa-p256-sha256"),
        PublicKeyKind::Ec {
            curve: Curve::P256,
            bits: 256
        }
    );
    assert_eq!(
        kind("ecdsa-p384-sha384"),
        PublicKeyKind::Ec {
            curve: Curve::P384,
            bits: 384
        }
    );
    assert_eq!(
        kind("ecdsa-p521-sha512"),
        PublicKeyKind::Ec {
            curve: Curve::P521,
            bits: 521
        }
    );
    assert_eq!(
        kind("ecdsa-p224-sha256"),
        PublicKeyKind::Ec {
            curve: Curve::P224,
            bits: 224
        }
    );
    assert_eq!(
        kind("ecdsa-secp256k1-sha256"),
        PublicKeyKind::Ec {
            curve: Curve::Secp256k1,
            bits: 256
        }
    );
    let bp = kind("ecdsa-brainpoolp256r1-sha256");
    assert_eq!(
        bp,
        PublicKeyKind::Ec {
            curve: Curve::Other("brainpoolP256r1".into()),
            bits: 256
        }
    );
    if let PublicKeyKind::Ec { curve, .. } = &bp {
        assert_eq!(curve.oid(), "1.3.36.3.3.2.8.1.1.7");
        assert!(!curve.is_jdk_supported());
    }
    assert_eq!(kind("ecdsa-p256-sha256").java_algorithm(), "EC");
    assert_eq!(kind("dsa2048-sha256"), PublicKeyKind::Dsa { bits: 2048 });
    assert_eq!(
        kind("dsa1024-key-without-params"),
        PublicKeyKind::Dsa { bits: 0 }
    );
    assert_eq!(kind("dsa1024-key-without-params").bits(), None);
    assert_eq!(kind("ed25519"), PublicKeyKind::Ed25519);
    assert_eq!(kind("ed25519").bits(), Some(255));
    assert_eq!(kind("ed448").bits(), Some(448));
    assert_eq!(kind("ed448").java_algorithm(), "EdDSA");
    assert_eq!(
        kind("mldsa65"),
        PublicKeyKind::MlDsa {
            parameter_set: MlDsaParameterSet::MlDsa65
        }
    );
    let unknown = kind("unknown-key-oid");
    assert_eq!(
        unknown,
        PublicKeyKind::Unknown {
            oid: "1.2.3.4.6".into()
        }
    );
    assert_eq!(unknown.bits(), None);
    assert_eq!(unknown.java_algorithm_name(), "1.2.3.4.6");
}

#[test]
fn signature_algorithm_names_and_digests() {
    let alg = |name: &str| SignatureAlgorithm::from_der(&load_case(name).0.sig_alg).unwrap();
    assert_eq!(alg("rsa2048-sha256").java_name(), "SHA256withRSA");
    assert_eq!(alg("rsa2048-sha256").digest(), Some(Digest::Sha256));
    assert_eq!(alg("rsa2048-sha256").params_der(), None);
    assert_eq!(alg("rsa2048-md2").digest(), Some(Digest::Md2));
    assert_eq!(alg("rsa2048-sha512-224").java_name(), "SHA512/224withRSA");
    assert_eq!(alg("pss-sha256-mgf1-salt32").java_name(), "RSASSA-PSS");
    assert_eq!(
        alg("pss-sha256-mgf1-salt32").scheme(),
        &SignatureScheme::RsaPss(PssParameters {
            hash: Some(Digest::Sha256),
            hash_oid: "2.16.840.1.101.3.4.2.1".into(),
            mgf1_hash: Digest::Sha1,
            salt_len: 32,
        })
    );
    assert_eq!(alg("pss-defaults").digest(), Some(Digest::Sha1));
    assert_eq!(alg("ecdsa-p256-sha3-256").java_name(), "SHA3-256withECDSA");
    assert_eq!(alg("ecdsa-specified").java_name(), "SHA256withECDSA");
    assert_eq!(alg("ecdsa-specified").digest(), Some(Digest::Sha256));
    assert_eq!(alg("dsa2048-sha224").java_name(), "SHA224withDSA");
    assert_eq!(alg("dsa1024-sha1-oiw").java_name(), "SHA1withDSA");
    assert_eq!(alg("ed25519").digest(), None);
    assert_eq!(alg("mldsa44").java_name(), "ML-DSA-44");
    assert_eq!(alg("unknown-sig-oid").java_name(), "1.2.3.4.5");
    assert_eq!(alg("rsa-encryption-as-sig-oid").java_name(), "RSA");
}

#[test]
fn algorithm_identifier_parsing() {
    // sha256WithRSAEncryption, with NULL, absent, and bad variants.
    let with_null = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
    ];
    let absent = [
        0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
    ];
    assert!(same_algorithm(&with_null, &absent));
    assert_eq!(
        SignatureAlgorithm::from_der(&with_null),
        SignatureAlgorithm::from_der(&absent)
    );
    let mut bad_null = with_null.to_vec();
    bad_null[1] = 0x0e;
    bad_null[14] = 0x01;
    bad_null.push(0x00);
    assert_eq!(
        SignatureAlgorithm::from_der(&bad_null),
        Err(CryptoError::MalformedAlgorithmIdentifier)
    );
    let mut trailing = with_null.to_vec();
    trailing[1] = 0x0f;
    trailing.extend([0x05, 0x00]);
    assert_eq!(
        SignatureAlgorithm::from_der(&trailing),
        Err(CryptoError::MalformedAlgorithmIdentifier)
    );
    let ecdsa256 = [
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
    ];
    assert!(!same_algorithm(&absent, &ecdsa256));
    assert!(!same_algorithm(&absent, &[0x30]));
    // RSASSA-PSS with an empty SEQUENCE takes every default.
    let pss_defaults = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x00,
    ];
    let alg = SignatureAlgorithm::from_der(&pss_defaults).unwrap();
    assert_eq!(alg.digest(), Some(Digest::Sha1));
    assert_eq!(alg.params_der(), Some(&[0x30, 0x00][..]));
}

#[test]
fn garbage_never_panics() {
    let (leaf, issuer) = load_case("rsa2048-sha256");
    let alg = SignatureAlgorithm::from_der(&leaf.sig_alg).unwrap();
    let samples: Vec<Vec<u8>> = vec![
        vec![],
        vec![0x30],
        vec![0x30, 0x80],
        vec![0x30, 0x84, 0xff, 0xff, 0xff, 0xff],
        vec![0x30, 0x03, 0x06, 0x01, 0x00],
        issuer.spki[..issuer.spki.len() / 2].to_vec(),
        leaf.sig_alg[..leaf.sig_alg.len() - 1].to_vec(),
    ];
    for s in &samples {
        let _ = SignatureAlgorithm::from_der(s);
        let _ = parse_public_key(s);
        let _ = verify_signature(&alg, s, &leaf.tbs, &leaf.signature);
    }
    // Every prefix and a byte-flipped copy of every fixture's key and algorithm.
    for row in read_tsv("cases.tsv") {
        let (leaf, issuer) = load_case(&row[0]);
        for data in [&issuer.spki, &leaf.sig_alg] {
            for cut in 0..data.len().min(40) {
                let _ = parse_public_key(&data[..cut]);
                let _ = SignatureAlgorithm::from_der(&data[..cut]);
            }
            for i in (0..data.len()).step_by(7) {
                let mut m = data.clone();
                m[i] ^= 0xa5;
                let _ = parse_public_key(&m);
                if let Ok(a) = SignatureAlgorithm::from_der(&m) {
                    let _ = verify_signature(&a, &issuer.spki, &leaf.tbs, &leaf.signature);
                }
            }
        }
    }
}

#[test]
fn errors_display() {
    assert_eq!(
        CryptoError::BadSignature.to_string(),
        "signature does not verify"
    );
    assert_eq!(
        CryptoError::MalformedKey(KeyProblem::RsaModulusSize { bits: 504 }).to_string(),
        "RSA modulus of 504 bits is outside 512..16384"
    );
    assert_eq!(
        CryptoError::UnsupportedCurve {
            curve: "secp256k1".into()
        }
        .to_string(),
        "curve not supported for signatures: secp256k1"
    );
}

#[test]
fn dsa_parameters_can_be_inherited() {
    let (leaf, bare) = load_case("dsa1024-key-without-params");
    let (_, with_params) = load_case("dsa1024-sha1");
    let alg = SignatureAlgorithm::from_der(&leaf.sig_alg).unwrap();
    assert_eq!(
        verify_signature(&alg, &bare.spki, &leaf.tbs, &leaf.signature),
        Err(CryptoError::MissingDsaParameters)
    );
    let completed = inherit_dsa_parameters(&bare.spki, &with_params.spki).unwrap();
    // Same key, same parameters: the same SubjectPublicKeyInfo.
    assert_eq!(completed, with_params.spki);
    assert_eq!(
        verify_signature(&alg, &completed, &leaf.tbs, &leaf.signature),
        Ok(())
    );
    assert_eq!(
        inherit_dsa_parameters(&bare.spki, &bare.spki),
        Err(CryptoError::MissingDsaParameters)
    );
    let (_, rsa) = load_case("rsa2048-sha256");
    assert_eq!(
        inherit_dsa_parameters(&bare.spki, &rsa.spki),
        Err(CryptoError::KeyAlgorithmMismatch)
    );
}

#[test]
fn sha256_fingerprint() {
    assert_eq!(sha256(b"abc")[..4], [0xba, 0x78, 0x16, 0xbf],);
}
