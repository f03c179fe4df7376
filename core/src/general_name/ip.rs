//! IP addresses as `sun.security.x509.IPAddressName` and `sun.net.util.IPAddressUtil` see them.
//!
//! Two entry points matter: the DER form (an iPAddress GeneralName, in a SAN or a name
//! constraint) and the text form, which the JDK uses for a subject CN that looks like an IP
//! literal (`NameConstraintsExtension.verify`) and for bracketed URI hosts (`URIName`).


/// Why `IPAddressName` refused an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpError {
    /// The octet string is not 4, 8, 16 or 32 bytes long ("Invalid IPAddressName").
    InvalidLength(usize),
    /// A 32-byte IPv4-mapped subnet whose mask does not start with 96 one bits.
    NotIpv4MappedMask,
}

/// `IPAddressName(byte[])`: 4 (IPv4), 8 (IPv4 + mask), 16 (IPv6) or 32 (IPv6 + mask) bytes.
/// An IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) becomes the plain IPv4 address, and a mapped
/// subnet becomes an IPv4 subnet, as the JDK 17 `IPAddressName` does.
pub(crate) fn ip_from_octets(octets: &[u8]) -> Result<Vec<u8>, IpError> {
    match octets.len() {
        4 | 8 => Ok(octets.to_vec()),
        16 => Ok(unmap(octets).map_or_else(|| octets.to_vec(), |v4| v4.to_vec())),
        32 => {
            let (address, mask) = octets.split_at(16);
            match unmap(address) {
                None => Ok(octets.to_vec()),
                Some(v4) => {
                    let mut out = v4.to_vec();
                    out.extend_from_slice(&ipv4_mask_from_ipv6_mask(mask)?);
                    Ok(out)
                }
            }
        }
        n => Err(IpError::InvalidLength(n)),
    }
}

/// `IPAddressUtil.convertFromIPv4MappedAddress`.
fn unmap(address: &[u8]) -> Option<[u8; 4]> {
    match address {
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, a, b, c, d] => Some([*a, *b, *c, *d]),
        _ => None,
    }
}

fn ipv4_mask_from_ipv6_mask(mask: &[u8]) -> Result<[u8; 4], IpError> {
    match mask {
        [head @ .., a, b, c, d] if head.len() == 12 && head.iter().all(|o| *o == 0xFF) => {
            Ok([*a, *b, *c, *d])
        }
        _ => Err(IpError::NotIpv4MappedMask),
    }
}

/// ASCII digit value (`IPAddressUtil.parseAsciiDigit`: the JDK no longer accepts non-ASCII
/// digits in address literals).
fn ascii_digit(c: char, radix: u32) -> Option<u32> {
    if c.is_ascii() {
        c.to_digit(radix)
    } else {
        None
    }
}

/// `IPAddressUtil.textToNumericFormatV4`: "a.b.c.d", and also the short forms "a.b.c" (c is 16
/// bits), "a.b" (b is 24 bits) and "a" (32 bits), all decimal; at most 15 characters.
pub(crate) fn text_to_v4(src: &str) -> Option<[u8; 4]> {
    let len: usize = src.chars().map(char::len_utf16).sum();
    if len == 0 || len > 15 {
        return None;
    }
    let mut res = [0u8; 4];
    let mut value: u64 = 0;
    let mut filled = 0usize;
    let mut new_octet = true;
    for c in src.chars() {
        if c == '.' {
            if new_octet || value > 0xFF || filled == 3 {
                return None;
            }
            res[filled] = value as u8;
            filled += 1;
            value = 0;
            new_octet = true;
        } else {
            value = value * 10 + u64::from(ascii_digit(c, 10)?);
            new_octet = false;
        }
    }
    let bits = (4 - filled) * 8;
    if new_octet || value >= (1u64 << bits) {
        return None;
    }
    for (i, slot) in res.iter_mut().enumerate().skip(filled) {
        *slot = (value >> (8 * (3 - i))) as u8;
    }
    Some(res)
}

/// `IPAddressUtil.textToNumericFormatV6`: the address bytes, with an IPv4-mapped address
/// returned as 4 bytes. A "%zone" suffix is ignored here (it must not be empty).
pub(crate) fn text_to_v6(src: &str) -> Option<Vec<u8>> {
    let chars: Vec<char> = src.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let end = match chars.iter().position(|c| *c == '%') {
        Some(pc) if pc == chars.len() - 1 => return None,
        Some(pc) => pc,
        None => chars.len(),
    };
    let mut dst = [0u8; 16];
    let mut j = 0usize;
    let mut colonp: Option<usize> = None;
    let mut i = 0usize;
    if chars[0] == ':' {
        i = 1;
        if chars[1] != ':' {
            return None;
        }
    }
    let mut curtok = i;
    let mut saw_xdigit = false;
    let mut val: u32 = 0;
    while i < end {
        let ch = chars[i];
        i += 1;
        if let Some(d) = ascii_digit(ch, 16) {
            val = (val << 4) | d;
            if val > 0xFFFF {
                return None;
            }
            saw_xdigit = true;
            continue;
        }
        if ch == ':' {
            curtok = i;
            if !saw_xdigit {
                if colonp.is_some() {
                    return None;
                }
                colonp = Some(j);
                continue;
            } else if i == end {
                return None;
            }
            if j + 2 > 16 {
                return None;
            }
            dst[j] = (val >> 8) as u8;
            dst[j + 1] = val as u8;
            j += 2;
            saw_xdigit = false;
            val = 0;
            continue;
        }
        if ch == '.' && j + 4 <= 16 {
            let tail: String = chars.get(curtok..end)?.iter().collect();
            if tail.matches('.').count() != 3 {
                return None;
            }
            let v4 = text_to_v4(&tail)?;
            dst[j..j + 4].copy_from_slice(&v4);
            j += 4;
            saw_xdigit = false;
            break;
        }
        return None;
    }
    if saw_xdigit {
        if j + 2 > 16 {
            return None;
        }
        dst[j] = (val >> 8) as u8;
        dst[j + 1] = val as u8;
        j += 2;
    }
    if let Some(cp) = colonp {
        if j == 16 {
            return None;
        }
        let n = j - cp;
        for k in 1..=n {
            dst[16 - k] = dst[cp + n - k];
            dst[cp + n - k] = 0;
        }
        j = 16;
    }
    if j != 16 {
        return None;
    }
    Some(unmap(&dst).map_or_else(|| dst.to_vec(), |v4| v4.to_vec()))
}

/// Interface names that `InetAddress` is assumed to resolve for a "%name" IPv6 zone. The JDK
/// asks the host's network interfaces; these exist on any Linux host with a network.
const KNOWN_INTERFACES: [&str; 2] = ["lo", "eth0"];

/// `InetAddress.getByName(s).getAddress()` for the address literals the callers pass (an IP
/// literal, possibly with a zone). `None` where the JDK throws `UnknownHostException`, and also
/// for anything that is not a literal, which the JDK would resolve through DNS.
fn address_of_literal(s: &str) -> Option<Vec<u8>> {
    let first = s.chars().next()?;
    if ascii_digit(first, 16).is_none() && first != ':' {
        return None;
    }
    if let Some(v4) = text_to_v4(s) {
        return Some(v4.to_vec());
    }
    let zone = s.find('%').map(|pos| &s[pos + 1..]);
    // `InetAddress.checkNumericZone`: all ASCII digits and no int overflow, else an interface.
    let numeric_zone = zone.map(|z| {
        z.chars().all(|c| c.is_ascii_digit())
            && z.trim_start_matches('0').len() <= 10
            && z.parse::<u64>()
                .map_or(z.is_empty(), |v| v <= i32::MAX as u64)
    });
    let addr = text_to_v6(s)?;
    match (addr.len(), zone, numeric_zone) {
        (4, Some(_), _) => None,
        (_, Some(name), Some(false)) if !KNOWN_INTERFACES.contains(&name) => None,
        _ => Some(addr),
    }
}

/// `IPAddressName(String)`: an address, or "address/mask" (IPv4 dotted mask, IPv6 prefix
/// length). `None` where the JDK throws.
pub(crate) fn ip_from_text(name: &str) -> Option<Vec<u8>> {
    if name.is_empty() || name.ends_with('/') {
        return None;
    }
    if name.contains(':') {
        match name.split_once('/') {
            None => address_of_literal(name),
            Some((base, prefix)) => {
                let base = address_of_literal(base)?;
                let mask = ipv6_prefix_mask(prefix)?;
                match base.len() {
                    16 => Some([base.as_slice(), &mask].concat()),
                    4 => {
                        let v4mask = ipv4_mask_from_ipv6_mask(&mask).ok()?;
                        Some([base.as_slice(), &v4mask].concat())
                    }
                    _ => None,
                }
            }
        }
    } else if name.contains('.') {
        match name.split_once('/') {
            None => address_of_literal(name),
            Some((base, mask)) => {
                let mask = address_of_literal(mask)?;
                let base = address_of_literal(base)?;
                let (Some(base4), Some(mask4)) = (base.get(..4), mask.get(..4)) else {
                    return None;
                };
                Some([base4, mask4].concat())
            }
        }
    } else {
        None
    }
}

/// `Integer.parseInt(prefix)` in 0..=128 turned into a 16-byte mask.
fn ipv6_prefix_mask(prefix: &str) -> Option<[u8; 16]> {
    let digits = prefix.strip_prefix('+').unwrap_or(prefix);
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) if !prefix.starts_with('+') => (true, rest),
        _ => (false, digits),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    if trimmed.len() > 3 {
        return None;
    }
    let value: u32 = if trimmed.is_empty() {
        0
    } else {
        trimmed.parse().ok()?
    };
    if value > 128 || (negative && value != 0) {
        return None;
    }
    let mut mask = [0u8; 16];
    for bit in 0..value as usize {
        mask[bit / 8] |= 0x80 >> (bit % 8);
    }
    Some(mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octets_follow_ipaddressname() {
        assert_eq!(ip_from_octets(&[1, 2, 3, 4]).unwrap(), vec![1, 2, 3, 4]);
        assert_eq!(ip_from_octets(&[1, 2, 3]), Err(IpError::InvalidLength(3)));
        assert_eq!(ip_from_octets(&[]), Err(IpError::InvalidLength(0)));
        let mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3, 4];
        assert_eq!(ip_from_octets(&mapped).unwrap(), vec![1, 2, 3, 4]);
        let mut subnet = mapped.to_vec();
        subnet.extend_from_slice(&[0xFF; 16]);
        assert_eq!(
            ip_from_octets(&subnet).unwrap(),
            vec![1, 2, 3, 4, 0xFF, 0xFF, 0xFF, 0xFF]
        );
        let mut bad = mapped.to_vec();
        bad.extend_from_slice(&[0xFF; 11]);
        bad.extend_from_slice(&[0; 5]);
        assert_eq!(ip_from_octets(&bad), Err(IpError::NotIpv4MappedMask));
        assert_eq!(ip_from_octets(&[1; 32]).unwrap(), vec![1; 32]);
    }

    #[test]
    fn v4_literals_include_short_forms() {
        assert_eq!(text_to_v4("1.2.3.4"), Some([1, 2, 3, 4]));
        assert_eq!(text_to_v4("1.2.3"), Some([1, 2, 0, 3]));
        assert_eq!(text_to_v4("1.65536"), Some([1, 1, 0, 0]));
        assert_eq!(text_to_v4("1.16777216"), None);
        assert_eq!(text_to_v4("1.2.256"), Some([1, 2, 1, 0]));
        assert_eq!(text_to_v4("1.2.3.256"), None);
        assert_eq!(text_to_v4("1.65535"), Some([1, 0, 255, 255]));
        assert_eq!(text_to_v4("12345"), Some([0, 0, 48, 57]));
        assert_eq!(text_to_v4("1.2.3.4."), None);
        assert_eq!(text_to_v4("1..3"), None);
        assert_eq!(text_to_v4("256.1.1.1"), None);
        assert_eq!(text_to_v4("1.2.3.4.5"), None);
        assert_eq!(text_to_v4("0x1.2.3.4"), None);
        assert_eq!(text_to_v4("1111111111111111"), None);
    }

    #[test]
    fn v6_literals() {
        let one = text_to_v6("::1").unwrap();
        assert_eq!(one.len(), 16);
        assert_eq!(one[15], 1);
        assert_eq!(text_to_v6("::ffff:1.2.3.4").unwrap(), vec![1, 2, 3, 4]);
        assert_eq!(text_to_v6("::1.2.3.4").unwrap()[12..], [1, 2, 3, 4]);
        assert_eq!(text_to_v6("1:2:3:4:5:6:7:8").unwrap()[14..], [0, 8]);
        assert!(text_to_v6("1:2:3:4:5:6:7:8:9").is_none());
        assert!(text_to_v6("1::2::3").is_none());
        assert!(text_to_v6("1:").is_none());
        assert!(text_to_v6(":1").is_none());
        assert!(text_to_v6("::1%").is_none());
        assert!(text_to_v6("::1%eth0").is_some());
        assert!(text_to_v6("12345::").is_none());
        assert!(text_to_v6("1.2.3.4").is_none());
    }

    #[test]
    fn text_names() {
        assert_eq!(ip_from_text("1.2.3.4").unwrap(), vec![1, 2, 3, 4]);
        assert_eq!(ip_from_text("12345"), None);
        assert_eq!(ip_from_text("::1").unwrap().len(), 16);
        assert_eq!(ip_from_text("::ffff:1.2.3.4").unwrap(), vec![1, 2, 3, 4]);
        assert_eq!(ip_from_text("::ffff:1.2.3.4%1"), None);
        assert_eq!(ip_from_text("fe80::1%1").unwrap().len(), 16);
        assert_eq!(ip_from_text("fe80::1%nosuchif"), None);
        assert_eq!(ip_from_text("::1/"), None);
        let subnet = ip_from_text("::1/64").unwrap();
        assert_eq!(subnet.len(), 32);
        assert_eq!(subnet[16..24], [0xFF; 8]);
        assert_eq!(subnet[24..], [0; 8]);
        assert_eq!(ip_from_text("::1/129"), None);
        assert_eq!(
            ip_from_text("10.0.0.0/255.0.0.0").unwrap(),
            vec![10, 0, 0, 0, 255, 0, 0, 0]
        );
    }
}
