//! Euros as integer cents (ARCHITECTURE.md, "Data": money is integers), read from what
//! a person types and written back. Every area that takes an amount uses these, so an
//! amount reads the same in a token programme and in a pact's support ledger. Pure.

/// The most a single amount may be: ten million euros.
pub const MAX_CENTS: i64 = 1_000_000_000;

/// Reads an amount of euros (`1234`, `1234.5`, `1234,50`, `1 234,50`) as cents; `None`
/// for anything else, more than two decimals, zero or negative, or above [`MAX_CENTS`].
pub fn parse_euros(s: &str) -> Option<i64> {
    let s: String = s
        .trim()
        .chars()
        .filter(|c| *c != ' ' && *c != '\u{a0}')
        .collect();
    let (whole, frac) = match s.split_once(['.', ',']) {
        Some((w, f)) => (w.to_string(), f.to_string()),
        None => (s.clone(), String::new()),
    };
    let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    let separated = s.contains(['.', ',']);
    if !digits(&whole) || whole.len() > 10 || (separated && !digits(&frac)) || frac.len() > 2 {
        return None;
    }
    let cents = whole.parse::<i64>().ok()? * 100
        + match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().ok()? * 10,
            _ => frac.parse::<i64>().ok()?,
        };
    (cents > 0 && cents <= MAX_CENTS).then_some(cents)
}

/// Cents as euros with two decimals and a point (`1234.50`); a page formats it for
/// its language.
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{}.{:02}", c / 100, c % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_read_as_cents_exactly() {
        assert_eq!(parse_euros("1234"), Some(123_400));
        assert_eq!(parse_euros("1234.5"), Some(123_450));
        assert_eq!(parse_euros(" 1 234,05 "), Some(123_405));
        assert_eq!(parse_euros("0.01"), Some(1));
        for bad in [
            "",
            "0",
            "-5",
            "1.234",
            "12e3",
            "abc",
            "1.",
            ".5",
            "99999999999",
        ] {
            assert_eq!(parse_euros(bad), None, "{bad:?}");
        }
        assert_eq!(parse_euros("10000000"), Some(MAX_CENTS));
        assert_eq!(parse_euros("10000000.01"), None);
        assert_eq!(euros(123_405), "1234.05");
        assert_eq!(euros(-5), "-0.05");
    }
}
