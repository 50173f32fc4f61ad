//! A claim's validated form, as a plain function: which methodology version, which
//! asset or meter, which finished period (DOMAIN.md, "Claim").
//!
//! Periods are calendar days, both ends included, as a meter reading or an invoice
//! gives them. A claim is for a finished period (it ends before today), at most
//! [`MAX_DAYS`] long. Two periods of the same asset under the same methodology that
//! share a day overlap, and the second claim is refused; the database refuses it too
//! (the form's check is for the message, not the guarantee).

use chrono::NaiveDate;

use crate::kit::refusal::FormErrors;

/// The longest period one claim covers (a year, a leap day included).
pub const MAX_DAYS: i64 = 366;
/// The longest asset or meter id.
pub const MAX_ASSET: usize = 64;

/// What a claimant typed, unvalidated.
#[derive(Debug, Clone, Default)]
pub struct ClaimInput {
    /// `PV01@1`.
    pub methodology: String,
    pub asset: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: String,
}

/// A validated claim's identity and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimPeriod {
    pub methodology: String,
    pub version: u32,
    /// The asset id, trimmed and upper-cased (so `it-001` and `IT-001` are one asset).
    pub asset: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl ClaimPeriod {
    /// Validates every field, one message per field; `today` decides what is finished.
    pub fn validate(i: &ClaimInput, today: NaiveDate) -> Result<ClaimPeriod, FormErrors> {
        let mut e = FormErrors::new();
        let id = i.methodology.trim().split_once('@').and_then(|(code, v)| {
            let code_ok = !code.is_empty()
                && code.len() <= 16
                && code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            let version = v.parse::<u32>().ok().filter(|v| *v >= 1);
            code_ok
                .then_some(())
                .and(version)
                .map(|v| (code.to_string(), v))
        });
        if id.is_none() {
            e.add("methodology", "field-claim-methodology-invalid");
        }
        let asset = i.asset.trim().to_uppercase();
        if asset.is_empty()
            || asset.chars().count() > MAX_ASSET
            || !asset
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        {
            e.add("asset", "field-claim-asset-invalid");
        }
        let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let starts_on = date(&i.starts_on);
        if starts_on.is_none() {
            e.add("starts_on", "field-claim-date-invalid");
        }
        let ends_on = date(&i.ends_on);
        match (starts_on, ends_on) {
            (_, None) => e.add("ends_on", "field-claim-date-invalid"),
            (_, Some(end)) if end >= today => e.add("ends_on", "field-claim-not-finished"),
            (Some(start), Some(end)) if end < start => {
                e.add("ends_on", "field-claim-ends-before-start")
            }
            (Some(start), Some(end)) if (end - start).num_days() + 1 > MAX_DAYS => {
                e.add("ends_on", "field-claim-too-long")
            }
            _ => {}
        }
        match (id, starts_on, ends_on) {
            (Some((methodology, version)), Some(starts_on), Some(ends_on)) if e.is_empty() => {
                Ok(ClaimPeriod {
                    methodology,
                    version,
                    asset,
                    starts_on,
                    ends_on,
                })
            }
            _ => Err(e),
        }
    }

    /// The period's length in days, both ends counted.
    pub fn days(&self) -> i64 {
        (self.ends_on - self.starts_on).num_days() + 1
    }

    /// Whether two claims are of the same asset under the same methodology (any
    /// version: a new version does not let a period be claimed again) for periods that
    /// share at least one day.
    pub fn overlaps(&self, other: &ClaimPeriod) -> bool {
        self.methodology == other.methodology
            && self.asset == other.asset
            && self.starts_on <= other.ends_on
            && other.starts_on <= self.ends_on
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn input(m: &str, asset: &str, from: &str, to: &str) -> ClaimInput {
        ClaimInput {
            methodology: m.into(),
            asset: asset.into(),
            starts_on: from.into(),
            ends_on: to.into(),
        }
    }

    fn claim(asset: &str, from: &str, to: &str) -> ClaimPeriod {
        ClaimPeriod::validate(&input("PV01@1", asset, from, to), day("2026-12-04")).unwrap()
    }

    #[test]
    fn a_finished_period_of_an_asset_is_a_claim() {
        let c = claim(" it-001 ", "2025-01-01", "2025-12-31");
        assert_eq!((c.methodology.as_str(), c.version), ("PV01", 1));
        assert_eq!(c.asset, "IT-001");
        assert_eq!(c.days(), 365);
        // A leap year fits too.
        assert_eq!(claim("A", "2024-01-01", "2024-12-31").days(), 366);
    }

    #[test]
    fn each_bad_field_gets_its_message() {
        let today = day("2026-12-04");
        let fields = |i: ClaimInput| ClaimPeriod::validate(&i, today).unwrap_err();
        let e = fields(input("pv01", "", "yesterday", "2026-12-04"));
        assert_eq!(e.fields(), ["methodology", "asset", "starts_on", "ends_on"]);
        assert_eq!(e.get("ends_on"), "field-claim-not-finished");
        for m in ["PV01", "PV01@0", "PV01@x", "@1", "PV 01@1"] {
            let e = fields(input(m, "A", "2025-01-01", "2025-01-31"));
            assert_eq!(e.fields(), ["methodology"], "{m}");
        }
        let e = fields(input("PV01@1", "A", "2025-02-01", "2025-01-31"));
        assert_eq!(e.get("ends_on"), "field-claim-ends-before-start");
        let e = fields(input("PV01@1", "A", "2024-01-01", "2025-01-01"));
        assert_eq!(e.get("ends_on"), "field-claim-too-long");
        let e = fields(input("PV01@1", "meter <1>", "2025-01-01", "2025-01-31"));
        assert_eq!(e.fields(), ["asset"]);
    }

    #[test]
    fn periods_sharing_a_day_of_one_asset_and_methodology_overlap() {
        let year = claim("A", "2025-01-01", "2025-12-31");
        assert!(year.overlaps(&claim("A", "2025-12-31", "2026-01-31")));
        assert!(year.overlaps(&claim("A", "2025-03-01", "2025-03-31")));
        assert!(!year.overlaps(&claim("A", "2026-01-01", "2026-01-31")));
        assert!(!year.overlaps(&claim("B", "2025-03-01", "2025-03-31")));
        // Another version of the same methodology does not let a period be claimed again.
        let v2 = ClaimPeriod::validate(
            &input("PV01@2", "A", "2025-06-01", "2025-06-30"),
            day("2026-12-04"),
        )
        .unwrap();
        assert!(year.overlaps(&v2));
        let other = ClaimPeriod::validate(
            &input("HP01@1", "A", "2025-06-01", "2025-06-30"),
            day("2026-12-04"),
        )
        .unwrap();
        assert!(!year.overlaps(&other));
    }
}
