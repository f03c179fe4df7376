//! The one DER writer: a tag, the minimal definite length, the content — what
//! `DerOutputStream.putLength` and `DerValue.toByteArray()` write, and what
//! `DerIndefLenConverter` writes in place of an indefinite length.

/// Appends the minimal definite length octets for `len` content octets.
pub fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// A DER header (tag and minimal length) for `len` content octets.
pub fn header(tag: u8, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(6);
    out.push(tag);
    push_length(&mut out, len);
    out
}

/// One whole TLV: `tag`, the minimal length, `content`.
pub fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    push_length(&mut out, content.len());
    out.extend_from_slice(content);
    out
}

/// The minimal length octets alone (`DerIndefLenConverter` writes them in place of `0x80`).
pub fn length_octets(len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(5);
    push_length(&mut out, len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_lengths() {
        assert_eq!(encode(0x04, &[1]), vec![0x04, 0x01, 0x01]);
        assert_eq!(&encode(0x04, &[0u8; 200])[..3], &[0x04, 0x81, 200]);
        assert_eq!(header(0x30, 0x80), vec![0x30, 0x81, 0x80]);
        assert_eq!(header(0x30, 70000), vec![0x30, 0x83, 0x01, 0x11, 0x70]);
        assert_eq!(length_octets(0), vec![0]);
        assert_eq!(length_octets(256), vec![0x82, 0x01, 0x00]);
    }
}
