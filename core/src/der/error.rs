//! The one error type of the DER readers.

use std::borrow::Cow;
use std::fmt;

/// Why a DER value could not be read.
///
/// Each variant names the condition the JDK's `DerValue` / `DerInputStream` throws on, so one
/// enum serves every reader. Two wordings exist because two families of output already carry
/// them and must not change:
/// * [`Display`](fmt::Display) is the certificate parser's short wording ("truncated DER",
///   "invalid DER length", …), which coarsens the JDK's conditions into six texts; it is what
///   [`CertError::Der`](crate::CertError::Der) and the extension decoders print;
/// * [`DerError::jdk_message`] is the JDK's own exception message, which the GeneralName and
///   NameConstraints parsers print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerError {
    /// Fewer than two octets where a value should start (`Too short`).
    TooShort,
    /// A tag octet whose low five bits are all set: a multi-octet tag number, which the JDK
    /// does not support (`Tag number over 30 is not supported`).
    TagNumberOver30,
    /// The indefinite length form where the strictness in force refuses it (`allowBER =
    /// false`: `Indefinite length encoding not supported with DER`).
    IndefiniteLength,
    /// The indefinite length form on a primitive value (`Indefinite length encoding not
    /// supported with non-constructed data`).
    IndefinitePrimitive,
    /// An indefinite length whose end-of-contents octets are never found (`not enough data to
    /// resolve indef len BER`).
    IndefiniteUnresolved,
    /// End-of-contents octets with no indefinite length open before them (`DerIndefLenConverter`:
    /// `EOC does not have matching indefinite-length tag`).
    UnmatchedEndOfContents,
    /// More than four length octets (`Invalid lenByte`).
    InvalidLenByte,
    /// The length octets run past the end (`Not enough length bytes`).
    NotEnoughLengthBytes,
    /// DER only: a long-form length whose first octet is zero (`Redundant length bytes
    /// found`).
    RedundantLengthBytes,
    /// A length of 2^31 or more, negative as a Java `int` (`Invalid length bytes`).
    InvalidLengthBytes,
    /// DER only: a long-form length below 128 (`Should use short form for length`).
    ShortFormLength,
    /// The content runs past the end (`not enough content`).
    NotEnoughContent,
    /// Octets follow the one value that was expected (`extra data at the end`).
    ExtraData,
    /// A tag other than the one the structure requires.
    UnexpectedTag {
        /// The tag the structure requires.
        expected: u8,
        /// The tag found.
        found: u8,
    },
    /// Content that is not valid for its type (an empty INTEGER, a BOOLEAN of two octets, an
    /// OBJECT IDENTIFIER the JDK's `ObjectIdentifier` refuses, too deep a constructed OCTET
    /// STRING, …).
    BadValue,
    /// More values in one constructed value than the hostile-input bound allows.
    TooManyValues,
}

impl DerError {
    /// The JDK's exception message for this condition (what the GeneralName and
    /// NameConstraints parsers print); conditions that are not the JDK reader's own fall back
    /// to the [`Display`](fmt::Display) wording.
    pub fn jdk_message(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            DerError::TooShort => "Too short",
            DerError::TagNumberOver30 => "Tag number over 30 is not supported",
            DerError::IndefiniteLength => "Indefinite length encoding not supported with DER",
            DerError::IndefinitePrimitive => {
                "Indefinite length encoding not supported with non-constructed data"
            }
            DerError::IndefiniteUnresolved => "not enough data to resolve indef len BER",
            DerError::UnmatchedEndOfContents => "EOC does not have matching indefinite-length tag",
            DerError::InvalidLenByte => "Invalid lenByte",
            DerError::NotEnoughLengthBytes => "Not enough length bytes",
            DerError::RedundantLengthBytes => "Redundant length bytes found",
            DerError::InvalidLengthBytes => "Invalid length bytes",
            DerError::ShortFormLength => "Should use short form for length",
            DerError::NotEnoughContent => "not enough content",
            DerError::ExtraData => "extra data at the end",
            DerError::UnexpectedTag { .. } | DerError::BadValue | DerError::TooManyValues => {
                return Cow::Owned(self.to_string())
            }
        })
    }
}

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DerError::TooShort
            | DerError::NotEnoughLengthBytes
            | DerError::NotEnoughContent
            | DerError::IndefiniteUnresolved => "truncated DER",
            DerError::TagNumberOver30 => "unsupported DER tag",
            DerError::IndefiniteLength
            | DerError::IndefinitePrimitive
            | DerError::UnmatchedEndOfContents
            | DerError::InvalidLenByte
            | DerError::RedundantLengthBytes
            | DerError::InvalidLengthBytes
            | DerError::ShortFormLength
            | DerError::TooManyValues => "invalid DER length",
            DerError::ExtraData => "trailing data after DER value",
            DerError::BadValue => "invalid DER value",
            DerError::UnexpectedTag { expected, found } => {
                return write!(
                    f,
                    "unexpected DER tag 0x{found:02x} (expected 0x{expected:02x})"
                )
            }
        })
    }
}

impl std::error::Error for DerError {}
