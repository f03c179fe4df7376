//! Unicode NFKD as `java.text.Normalizer` (Unicode 13.0) computes it, from a table generated
//! out of JDK 17 itself (`data/unicode/nfkd.txt`, see its header).

use std::collections::HashMap;
use std::sync::OnceLock;

const DATA: &str = include_str!("../../data/unicode/nfkd.txt");

struct Tables {
    /// Code point -> full decomposition.
    single: HashMap<u32, Vec<char>>,
    /// (first, count, target): first + i decomposes to target + i.
    runs: Vec<(u32, u32, u32)>,
    /// (first, last, class): canonical combining classes, sorted, non-overlapping.
    classes: Vec<(u32, u32, u8)>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(parse)
}

fn parse() -> Tables {
    let hex = |s: &str| u32::from_str_radix(s, 16).ok();
    let mut t = Tables {
        single: HashMap::new(),
        runs: Vec::new(),
        classes: Vec::new(),
    };
    for line in DATA.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields.as_slice() {
            ["R", from, count, to] => {
                if let (Some(from), Some(count), Some(to)) = (hex(from), hex(count), hex(to)) {
                    t.runs.push((from, count, to));
                }
            }
            ["D", cp, decomposition @ ..] if !decomposition.is_empty() => {
                if let Some(cp) = hex(cp) {
                    let chars = decomposition
                        .iter()
                        .filter_map(|d| hex(d).and_then(char::from_u32));
                    t.single.insert(cp, chars.collect());
                }
            }
            ["C", first, last, class] => {
                if let (Some(first), Some(last), Ok(class)) =
                    (hex(first), hex(last), class.parse::<u8>())
                {
                    t.classes.push((first, last, class));
                }
            }
            _ => {}
        }
    }
    t.runs.sort_unstable();
    t.classes.sort_unstable();
    t
}

/// Canonical combining class of `c` (0 for starters).
fn combining_class(t: &Tables, c: char) -> u8 {
    let cp = u32::from(c);
    let idx = t.classes.partition_point(|(lo, _, _)| *lo <= cp);
    match idx.checked_sub(1).and_then(|i| t.classes.get(i)) {
        Some((_, hi, class)) if cp <= *hi => *class,
        _ => 0,
    }
}

fn decompose(t: &Tables, c: char, out: &mut Vec<char>) {
    let cp = u32::from(c);
    // Hangul syllables (Unicode ch. 3.12).
    const S_BASE: u32 = 0xac00;
    const S_COUNT: u32 = 11172;
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        let parts = [0x1100 + s / 588, 0x1161 + (s % 588) / 28, 0x11a7 + s % 28];
        for (i, p) in parts.into_iter().enumerate() {
            if i < 2 || p != 0x11a7 {
                out.extend(char::from_u32(p));
            }
        }
        return;
    }
    if let Some(d) = t.single.get(&cp) {
        out.extend_from_slice(d);
        return;
    }
    let idx = t.runs.partition_point(|(from, _, _)| *from <= cp);
    if let Some((from, count, to)) = idx.checked_sub(1).and_then(|i| t.runs.get(i)) {
        if cp - from < *count {
            if let Some(mapped) = char::from_u32(to + (cp - from)) {
                out.push(mapped);
                return;
            }
        }
    }
    out.push(c);
}

/// NFKD of `s`: full compatibility decomposition, then canonical ordering.
pub(super) fn normalize(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    let t = tables();
    let mut chars = Vec::with_capacity(s.len());
    for c in s.chars() {
        decompose(t, c, &mut chars);
    }
    // Stable sort of each run of non-starters by combining class.
    let mut keyed: Vec<(u8, char)> = chars
        .into_iter()
        .map(|c| (combining_class(t, c), c))
        .collect();
    let mut start = 0;
    while start < keyed.len() {
        let run = keyed.get(start..).map_or(0, |rest| {
            rest.iter().take_while(|(class, _)| *class != 0).count()
        });
        if run > 1 {
            if let Some(slice) = keyed.get_mut(start..start + run) {
                slice.sort_by_key(|(class, _)| *class);
            }
        }
        start += run.max(1);
    }
    keyed.into_iter().map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_completely() {
        let t = tables();
        let expected_entries = DATA.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(
            t.single.len() + t.runs.len() + t.classes.len(),
            expected_entries
        );
    }

    #[test]
    fn decomposes_like_java() {
        assert_eq!(normalize("é"), "e\u{301}");
        assert_eq!(normalize("ﬁ"), "fi");
        assert_eq!(normalize("Ａ１"), "A1");
        assert_eq!(normalize("한"), "\u{1112}\u{1161}\u{11ab}");
        assert_eq!(normalize("가"), "\u{1100}\u{1161}");
        // Canonical ordering: dot below (220) before circumflex (230).
        assert_eq!(normalize("a\u{302}\u{323}"), "a\u{323}\u{302}");
        assert_eq!(normalize("ễ"), "e\u{302}\u{303}");
    }
}
