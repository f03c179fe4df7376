use super::*;

use Strictness::{Ber, BerDefinite, Der};

#[test]
fn reads_short_and_long_lengths() {
    let mut long = vec![0x04, 0x81, 0x80];
    long.extend(std::iter::repeat_n(0u8, 0x80));
    for s in [Der, Ber, BerDefinite] {
        let tlv = single_of(&long, s, tag::OCTET_STRING).unwrap();
        assert_eq!((tlv.content.len(), tlv.raw.len()), (0x80, 0x83));
    }
    for len in [0usize, 1, 127, 128, 255, 256, 70000] {
        let enc = encode(0x04, &vec![7u8; len]);
        let tlv = single(&enc, Der).unwrap();
        assert_eq!((tlv.tag, tlv.content.len()), (0x04, len));
    }
}

#[test]
fn non_minimal_lengths_pass_only_with_ber() {
    let one = [0x04, 0x81, 0x01, 0xaa];
    assert_eq!(single(&one, Der), Err(DerError::ShortFormLength));
    assert_eq!(single(&one, BerDefinite).unwrap().content, &[0xaa]);
    let padded = [0x04, 0x82, 0x00, 0x01, 0xaa];
    assert_eq!(single(&padded, Der), Err(DerError::RedundantLengthBytes));
    assert_eq!(single(&padded, Ber).unwrap().content, &[0xaa]);
}

#[test]
fn rejections_follow_the_jdk_order() {
    for s in [Der, Ber, BerDefinite] {
        assert_eq!(single(&[], s), Err(DerError::TooShort));
        assert_eq!(single(&[0x04], s), Err(DerError::TooShort));
        assert_eq!(single(&[0x1f], s), Err(DerError::TooShort));
        assert_eq!(single(&[0x1f, 0x00], s), Err(DerError::TagNumberOver30));
        assert_eq!(
            single(&[0x04, 0x85, 0, 0, 0, 0, 1], s),
            Err(DerError::InvalidLenByte)
        );
        assert_eq!(
            single(&[0x04, 0x82, 0x01], s),
            Err(DerError::NotEnoughLengthBytes)
        );
        assert_eq!(
            single(&[0x04, 0x84, 0x80, 0, 0, 0], s),
            Err(DerError::InvalidLengthBytes)
        );
        assert_eq!(single(&[0x04, 0x02, 0], s), Err(DerError::NotEnoughContent));
        assert_eq!(single(&[0x04, 0x00, 0], s), Err(DerError::ExtraData));
    }
    assert_eq!(single(&[0x30, 0x80, 0, 0], Der), Err(DerError::IndefiniteLength));
    assert_eq!(
        single(&[0x30, 0x80, 0, 0], BerDefinite),
        Err(DerError::IndefiniteLength)
    );
    assert_eq!(
        single(&[0x04, 0x80, 0, 0], Ber),
        Err(DerError::IndefinitePrimitive)
    );
    assert_eq!(
        single_value(&[0x30, 0x80, 0x04, 0x00]),
        Err(DerError::IndefiniteUnresolved)
    );
    assert_eq!(
        single(&[0x30, 0x80, 0x05, 0x00], Ber),
        Err(DerError::IndefiniteUnresolved)
    );
}

#[test]
fn messages() {
    // The certificate parser's wording and the JDK's, from one error.
    assert_eq!(DerError::NotEnoughContent.to_string(), "truncated DER");
    assert_eq!(DerError::NotEnoughContent.jdk_message(), "not enough content");
    assert_eq!(DerError::ExtraData.to_string(), "trailing data after DER value");
    assert_eq!(DerError::ExtraData.jdk_message(), "extra data at the end");
    assert_eq!(
        DerError::UnexpectedTag {
            expected: 0x30,
            found: 0x04
        }
        .jdk_message(),
        "unexpected DER tag 0x04 (expected 0x30)"
    );
}

#[test]
fn in_place_delivery_of_indefinite_lengths() {
    // SEQUENCE (indefinite) { SEQUENCE (indefinite) { NULL } } then an INTEGER.
    let input = [
        0x30, 0x80, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x07,
    ];
    let mut r = Reader::new(&input, Ber);
    let outer = r.read().unwrap();
    assert_eq!(outer.content, &[0x30, 0x80, 0x05, 0x00, 0x00, 0x00]);
    let inner = Reader::new(outer.content, Ber).read().unwrap();
    assert_eq!(inner.content, &[0x05, 0x00]);
    assert_eq!(r.read().unwrap().content, &[0x07]);
    assert!(r.is_empty());
}

#[test]
fn converted_delivery_of_indefinite_lengths() {
    // SEQUENCE (indef) { [2] "a", SEQUENCE (indef) { } }
    let v = single_value(&[0x30, 0x80, 0x82, 0x01, 0x61, 0x30, 0x80, 0, 0, 0, 0]).unwrap();
    assert_eq!(&*v.content, &[0x82, 0x01, 0x61, 0x30, 0x00]);
}

#[test]
fn deep_indefinite_nesting_does_not_recurse() {
    let depth = 100_000;
    let mut input = Vec::new();
    for _ in 0..depth {
        input.extend_from_slice(&[0x30, 0x80]);
    }
    for _ in 0..depth {
        input.extend_from_slice(&[0, 0]);
    }
    let v = single_value(&input).unwrap();
    assert_eq!(v.tag, 0x30);
    assert!(v.content.starts_with(&[0x30, 0x83]));
    assert_eq!(single(&input, Ber).unwrap().content.len(), input.len() - 4);
}

#[test]
fn values_walk_and_keep_the_rest() {
    let data = [0x82, 0x01, 0x61, 0x87, 0x00];
    let mut r = Reader::new(&data, Ber);
    assert_eq!(r.read_value().unwrap().tag, 0x82);
    assert_eq!(r.remaining(), &[0x87, 0x00]);
    assert_eq!(r.read_value().unwrap().tag, 0x87);
    assert!(r.is_empty());
    assert_eq!(r.read_value(), Err(DerError::TooShort));
}

#[test]
fn integers_follow_get_big_integer() {
    let padded = [0x02, 0x02, 0x00, 0x7f];
    assert!(Reader::new(&padded, Der).read_integer().is_err());
    assert_eq!(
        Reader::new(&padded, BerDefinite).read_integer().unwrap(),
        &[0x00, 0x7f]
    );
    assert!(Reader::new(&[0x02, 0x02, 0x00, 0x80], Der)
        .read_integer()
        .is_ok());
    assert!(Reader::new(&[0x02, 0x00], BerDefinite)
        .read_integer()
        .is_err());
}
