//! Issuance's arithmetic and naming, as plain functions: the buffer share withheld
//! from a claim's tokens, the batch a claim is issued in, and the serial numbers of
//! its tokens (the discipline of carbon registries: every token has one serial, no
//! serial is issued twice, and the ranges together cover every token issued).
//!
//! - The buffer share is in basis points (500 = 5 %) and is rounded **up**: the holder
//!   gets the floor, so rounding never gives a holder a token the buffer should keep.
//! - A batch is named `<CITY>-<PROGRAMME>-<YEAR>-<METHOD>-<BATCH>`, each part upper-case
//!   letters and digits (`VALDORA-DECARB-2026-PV01-0007`).
//! - Serials run from 1 within a programme; an issuance takes the next contiguous range.

/// The holder's and the buffer's tokens of a claim of `tokens` with a buffer share of
/// `share_bp` basis points (0 to 10,000). `None` for a share out of range or a negative
/// amount.
pub fn split(tokens: i64, share_bp: i64) -> Option<(i64, i64)> {
    if tokens < 0 || !(0..=10_000).contains(&share_bp) {
        return None;
    }
    let buffer =
        i64::try_from((i128::from(tokens) * i128::from(share_bp) + 9_999) / 10_000).ok()?;
    Some((tokens - buffer, buffer))
}

/// A batch's name from its parts; `None` unless each part is upper-case ASCII letters
/// and digits (the year four digits, the batch number from 1).
pub fn batch_name(
    city: &str,
    programme: &str,
    year: i32,
    method: &str,
    batch: u32,
) -> Option<String> {
    let part = |s: &str| {
        !s.is_empty()
            && s.len() <= 24
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    let valid =
        part(city) && part(programme) && part(method) && (1000..=9999).contains(&year) && batch > 0;
    valid.then(|| format!("{city}-{programme}-{year}-{method}-{batch:04}"))
}

/// A contiguous range of serials, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Range {
    pub first: i64,
    pub last: i64,
}

impl Range {
    pub fn len(&self) -> i64 {
        self.last - self.first + 1
    }

    pub fn is_empty(&self) -> bool {
        self.last < self.first
    }
}

/// The range an issuance of `amount` tokens takes after `issued` serials were given
/// (`None` for no tokens: an issuance of zero takes no serial).
pub fn next_range(issued: i64, amount: i64) -> Option<Range> {
    (amount > 0 && issued >= 0).then(|| Range {
        first: issued + 1,
        last: issued + amount,
    })
}

/// What is wrong with a programme's ranges given `issued` tokens in all: ranges that
/// overlap, gaps, or a total that differs. Empty when they are disjoint and complete.
pub fn check_ranges(ranges: &[Range], issued: i64) -> Vec<String> {
    let mut sorted: Vec<Range> = ranges.to_vec();
    sorted.sort();
    let mut problems = Vec::new();
    let mut next = 1;
    for r in &sorted {
        if r.is_empty() {
            problems.push(format!("the range {}–{} is empty", r.first, r.last));
            continue;
        }
        if r.first < next {
            problems.push(format!(
                "serials {}–{} are issued twice",
                r.first,
                r.last.min(next - 1)
            ));
        } else if r.first > next {
            problems.push(format!("serials {next}–{} were never issued", r.first - 1));
        }
        next = next.max(r.last + 1);
    }
    if next - 1 != issued {
        problems.push(format!(
            "the ranges cover serials 1–{} but {issued} tokens were issued",
            next - 1
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_buffer_is_rounded_up_and_the_holder_gets_the_rest() {
        assert_eq!(split(686, 500), Some((651, 35)), "5 % of 686 is 34.3: 35");
        assert_eq!(split(100, 500), Some((95, 5)));
        assert_eq!(
            split(1, 500),
            Some((0, 1)),
            "one token: the buffer keeps it"
        );
        assert_eq!(split(0, 500), Some((0, 0)));
        assert_eq!(split(159, 0), Some((159, 0)));
        assert_eq!(split(10, 10_000), Some((0, 10)));
        assert_eq!(split(10, 10_001), None);
        assert_eq!(split(-1, 500), None);
    }

    #[test]
    fn batches_are_named_from_checked_parts() {
        assert_eq!(
            batch_name("VALDORA", "DECARB", 2026, "PV01", 7).as_deref(),
            Some("VALDORA-DECARB-2026-PV01-0007")
        );
        assert_eq!(batch_name("valdora", "DECARB", 2026, "PV01", 7), None);
        assert_eq!(batch_name("VALDORA", "DE-CARB", 2026, "PV01", 7), None);
        assert_eq!(batch_name("VALDORA", "DECARB", 26, "PV01", 7), None);
        assert_eq!(batch_name("VALDORA", "DECARB", 2026, "PV01", 0), None);
        assert_eq!(batch_name("", "DECARB", 2026, "PV01", 1), None);
    }

    #[test]
    fn overlaps_gaps_and_wrong_totals_are_named() {
        let r = |first, last| Range { first, last };
        assert!(check_ranges(&[r(1, 10), r(11, 12)], 12).is_empty());
        assert!(check_ranges(&[], 0).is_empty());
        let twice = check_ranges(&[r(1, 10), r(8, 12)], 12);
        assert_eq!(twice, ["serials 8–10 are issued twice"]);
        let gap = check_ranges(&[r(1, 10), r(13, 15)], 13);
        assert_eq!(
            gap,
            [
                "serials 11–12 were never issued",
                "the ranges cover serials 1–15 but 13 tokens were issued"
            ]
        );
        assert_eq!(check_ranges(&[r(5, 4)], 0), ["the range 5–4 is empty"]);
        assert_eq!(next_range(12, 0), None);
        assert_eq!(next_range(12, 3), Some(r(13, 15)));
        assert_eq!(r(13, 15).len(), 3);
    }

    proptest! {
        #[test]
        fn issuances_in_turn_give_disjoint_complete_ranges(
            amounts in proptest::collection::vec(0i64..1000, 0..50)
        ) {
            let (mut issued, mut ranges) = (0, Vec::new());
            for a in amounts {
                if let Some(r) = next_range(issued, a) {
                    prop_assert_eq!(r.len(), a);
                    ranges.push(r);
                    issued += a;
                }
            }
            prop_assert!(check_ranges(&ranges, issued).is_empty());
        }
    }
}
