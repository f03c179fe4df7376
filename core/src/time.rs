//! Instants as Java handles them: milliseconds since the Unix epoch (`java.util.Date`), the JDK's
//! parsing of UTCTime / GeneralizedTime, RFC 3339 case times, and `Date.toString()` in UTC.

use std::fmt;

/// Milliseconds since 1970-01-01T00:00:00Z, like `java.util.Date.getTime()`.
pub type Millis = i64;

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    /// An ASN.1 UTCTime / GeneralizedTime the JDK's `DerValue` would reject.
    Asn1(&'static str),
    /// A case `time` that is not RFC 3339.
    Rfc3339(String),
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeError::Asn1(why) => write!(f, "invalid certificate time: {why}"),
            TimeError::Rfc3339(s) => write!(
                f,
                "invalid time {s:?}: expected RFC 3339, e.g. 2026-06-01T00:00:00Z"
            ),
        }
    }
}

impl std::error::Error for TimeError {}

/// Days from 1970-01-01 to the given proleptic Gregorian date. Like the JDK's lenient calendar,
/// a day past the month's end rolls into the next month (`day` is only checked to be 1..=31).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn digit(b: u8) -> Result<i64, TimeError> {
    if b.is_ascii_digit() {
        Ok(i64::from(b - b'0'))
    } else {
        Err(TimeError::Asn1("non-digit"))
    }
}

/// Parses the content of a UTCTime (`generalized == false`) or GeneralizedTime the way the JDK's
/// `DerValue.getTimeInternal` does: seconds optional, fractional seconds (GeneralizedTime only)
/// kept to the millisecond, `Z` or `+hhmm`/`-hhmm`, UTCTime years 50–99 in the 1900s.
pub fn parse_asn1_time(content: &[u8], generalized: bool) -> Result<Millis, TimeError> {
    let mut s = content;
    let take2 = |s: &mut &[u8]| -> Result<i64, TimeError> {
        if s.len() < 2 {
            return Err(TimeError::Asn1("truncated"));
        }
        let v = digit(s[0])? * 10 + digit(s[1])?;
        *s = &s[2..];
        Ok(v)
    };
    let year = if generalized {
        let hi = take2(&mut s)?;
        hi * 100 + take2(&mut s)?
    } else {
        let yy = take2(&mut s)?;
        if yy < 50 {
            2000 + yy
        } else {
            1900 + yy
        }
    };
    let month = take2(&mut s)?;
    let day = take2(&mut s)?;
    let hour = take2(&mut s)?;
    let minute = take2(&mut s)?;
    let mut second = 0;
    let mut millis = 0;
    // The JDK reads seconds when more than a bare offset remains.
    if s.len() > 2 {
        second = take2(&mut s)?;
        if generalized && matches!(s.first(), Some(b'.') | Some(b',')) {
            s = &s[1..];
            let mut precision = 0;
            while let Some(&b) = s.first() {
                if matches!(b, b'Z' | b'+' | b'-') {
                    break;
                }
                let d = digit(b)?;
                precision += 1;
                match precision {
                    1 => millis += 100 * d,
                    2 => millis += 10 * d,
                    3 => millis += d,
                    _ => {}
                }
                s = &s[1..];
            }
            if precision == 0 || s.is_empty() {
                return Err(TimeError::Asn1("invalid fractional part"));
            }
        }
    }
    if month == 0
        || day == 0
        || month > 12
        || day > 31
        || hour >= 24
        || minute >= 60
        || second >= 60
    {
        return Err(TimeError::Asn1("invalid format"));
    }
    let mut time = ((days_from_civil(year, month, day) * 24 + hour) * 60 + minute) * 60_000
        + second * 1000
        + millis;
    match s {
        [b'Z'] => {}
        [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let hr = digit(*h1)? * 10 + digit(*h2)?;
            let min = digit(*m1)? * 10 + digit(*m2)?;
            if hr >= 24 || min >= 60 {
                return Err(TimeError::Asn1("invalid offset"));
            }
            let offset = (hr * 60 + min) * 60_000;
            time = if *sign == b'+' {
                time - offset
            } else {
                time + offset
            };
        }
        _ => return Err(TimeError::Asn1("invalid offset")),
    }
    Ok(time)
}

/// Parses a case's `time` (RFC 3339, e.g. `2026-06-01T00:00:00Z` or with an offset and fraction).
pub fn parse_rfc3339(s: &str) -> Result<Millis, TimeError> {
    let odt = ::time::OffsetDateTime::parse(s, &::time::format_description::well_known::Rfc3339)
        .map_err(|_| TimeError::Rfc3339(s.to_string()))?;
    let nanos = odt.unix_timestamp_nanos();
    i64::try_from(nanos.div_euclid(1_000_000)).map_err(|_| TimeError::Rfc3339(s.to_string()))
}

/// RFC 3339 rendering (UTC, millisecond precision when needed), for reports.
pub fn to_rfc3339(ms: Millis) -> String {
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, mi, s, frac) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    if frac == 0 {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    } else {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{frac:03}Z")
    }
}

/// `java.util.Date.toString()` with the default time zone UTC: `Fri Jan 01 00:00:00 UTC 2021`.
pub fn java_date_string(ms: Millis) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let month = MONTHS[(m - 1) as usize];
    format!(
        "{weekday} {month} {d:02} {:02}:{:02}:{:02} UTC {y}",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utctime_century_window() {
        let t = parse_asn1_time(b"500101000000Z", false).unwrap();
        assert_eq!(to_rfc3339(t), "1950-01-01T00:00:00Z");
        let t = parse_asn1_time(b"491231235959Z", false).unwrap();
        assert_eq!(to_rfc3339(t), "2049-12-31T23:59:59Z");
    }

    #[test]
    fn generalized_fraction_keeps_millis() {
        let t = parse_asn1_time(b"20260601000000.5Z", true).unwrap();
        assert_eq!(to_rfc3339(t), "2026-06-01T00:00:00.500Z");
        let t = parse_asn1_time(b"20260601000000.1239Z", true).unwrap();
        assert_eq!(to_rfc3339(t), "2026-06-01T00:00:00.123Z");
        assert!(parse_asn1_time(b"20260601000000.Z", true).is_err());
    }

    #[test]
    fn offsets_and_missing_seconds() {
        let z = parse_asn1_time(b"2601010000Z", false).unwrap();
        assert_eq!(to_rfc3339(z), "2026-01-01T00:00:00Z");
        let plus = parse_asn1_time(b"260101010000+0100", false).unwrap();
        assert_eq!(plus, z);
        assert!(parse_asn1_time(b"260101000000", false).is_err());
        assert!(parse_asn1_time(b"261301000000Z", false).is_err());
    }

    #[test]
    fn java_date_rendering() {
        let t = parse_rfc3339("2021-01-01T00:00:00Z").unwrap();
        assert_eq!(java_date_string(t), "Fri Jan 01 00:00:00 UTC 2021");
        let t = parse_rfc3339("2040-01-01T12:34:56.789+00:00").unwrap();
        assert_eq!(java_date_string(t), "Sun Jan 01 12:34:56 UTC 2040");
        assert!(parse_rfc3339("yesterday").is_err());
    }
}
