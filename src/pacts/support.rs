//! The support ledger's rules: what the city promised in a pact's support lines, what
//! its lead office delivered, and when the proposers' insurance needs a warning.
//!
//! - A delivery is recorded against one line of the signed text, by its position
//!   (a new version of the text gets new line rows, so a row id would not survive an
//!   amendment; the position and a copy of the line's kind do). It says what was
//!   delivered, on which day (not in the future, not before the signature) and its
//!   value in euros (from a cent to [`MAX_SUPPORT_CENTS`]).
//! - Promised is the sum of the signed lines' estimated values; delivered is the sum of
//!   the deliveries. Both are public, per pact and in the statistics.
//! - An insurance that expires before the pact ends is shown to the city and the
//!   proposers on the pact page, and an alert goes to both [`INSURANCE_ALERT_DAYS`]
//!   days before it expires.
//!
//! Pure: no database, no web.

use chrono::NaiveDate;

use crate::kit::money;
use crate::kit::refusal::FormErrors;
use crate::pacts::procedure::SupportKind;
use crate::pacts::text::{MAX_SUPPORT_CENTS, MAX_TITLE, one_line, parse_date, parse_support_euros};

/// Days before the insurance's expiry the alert goes out.
pub const INSURANCE_ALERT_DAYS: i64 = 30;

/// A delivery as the office typed it (kept to show the form again).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryInput {
    /// The line's position in the signed text (0 for the first).
    pub line: String,
    pub what: String,
    pub delivered_on: String,
    /// Euros.
    pub value: String,
}

/// A delivery that may be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    pub position: i64,
    pub kind: SupportKind,
    pub what: String,
    pub delivered_on: NaiveDate,
    pub value_cents: i64,
}

/// Checks a delivery against the signed text's lines (their kinds, in order), the day
/// of the signature and today. Each problem is reported next to its field.
pub fn parse_delivery(
    input: &DeliveryInput,
    lines: &[SupportKind],
    signed_on: NaiveDate,
    today: NaiveDate,
) -> Result<NewDelivery, FormErrors> {
    let mut e = FormErrors::new();
    let line = input
        .line
        .trim()
        .parse::<usize>()
        .ok()
        .and_then(|i| lines.get(i).map(|k| (i, *k)));
    if line.is_none() {
        e.add("delivery_line", "field-pact-delivery-line");
    }
    let what = one_line(&input.what);
    if what.is_empty() {
        e.add("delivery_what", "field-required");
    } else if what.chars().count() > MAX_TITLE {
        e.add("delivery_what", "field-text-too-long");
    }
    let on = parse_date(&input.delivered_on);
    match on {
        None => e.add("delivery_on", "field-date-invalid"),
        Some(d) if d > today => e.add("delivery_on", "field-pact-delivery-future"),
        Some(d) if d < signed_on => e.add("delivery_on", "field-pact-delivery-before-signature"),
        Some(_) => {}
    }
    let value = parse_support_euros(&input.value);
    if value.is_none() {
        e.add(
            "delivery_value",
            if money::parse_euros(&input.value).is_some() {
                "field-pact-delivery-value-too-high"
            } else {
                "field-pact-delivery-value"
            },
        );
    }
    match (line, on, value) {
        (Some((position, kind)), Some(delivered_on), Some(value_cents)) if e.is_empty() => {
            Ok(NewDelivery {
                position: i64::try_from(position).unwrap_or(i64::MAX),
                kind,
                what,
                delivered_on,
                value_cents,
            })
        }
        _ => Err(e),
    }
}

/// Promised against delivered, in euro cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub promised: i64,
    pub delivered: i64,
}

impl Totals {
    pub fn promised_eur(&self) -> String {
        money::euros(self.promised)
    }

    pub fn delivered_eur(&self) -> String {
        money::euros(self.delivered)
    }

    /// Delivered as a whole percentage of promised (`None` when nothing was promised).
    pub fn share(&self) -> Option<i64> {
        (self.promised > 0).then(|| {
            let p = i128::from(self.delivered) * 100 / i128::from(self.promised);
            i64::try_from(p).unwrap_or(i64::MAX)
        })
    }
}

/// The insurance a text names expires before the pact ends.
pub fn insurance_short(expiry: Option<NaiveDate>, end: Option<NaiveDate>) -> bool {
    matches!((expiry, end), (Some(x), Some(e)) if x < e)
}

/// The day the insurance alert goes out: [`INSURANCE_ALERT_DAYS`] before the expiry.
pub fn insurance_alert_on(expiry: NaiveDate) -> NaiveDate {
    expiry - chrono::Duration::days(INSURANCE_ALERT_DAYS)
}

/// The most a single amount of the support ledger may be, in euros, for messages.
pub fn max_support_euros() -> String {
    money::euros(MAX_SUPPORT_CENTS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn input(line: &str, what: &str, on: &str, value: &str) -> DeliveryInput {
        DeliveryInput {
            line: line.into(),
            what: what.into(),
            delivered_on: on.into(),
            value: value.into(),
        }
    }

    const LINES: [SupportKind; 2] = [SupportKind::Materials, SupportKind::Training];

    fn parse(i: &DeliveryInput) -> Result<NewDelivery, FormErrors> {
        parse_delivery(i, &LINES, day("2027-03-01"), day("2027-04-10"))
    }

    #[test]
    fn a_delivery_names_its_line_day_and_value() {
        let d = parse(&input("1", "  Pruning\n course ", "2027-03-01", "1 250,5")).unwrap();
        assert_eq!(
            d,
            NewDelivery {
                position: 1,
                kind: SupportKind::Training,
                what: "Pruning course".into(),
                delivered_on: day("2027-03-01"),
                value_cents: 125_050,
            }
        );
        assert!(parse(&input("0", "Compost", "2027-04-10", "0.01")).is_ok());
    }

    #[test]
    fn a_wrong_delivery_is_refused_field_by_field() {
        let field = |i: DeliveryInput, f: &str| parse(&i).unwrap_err().get(f).to_string();
        let ok = |line: &str, on: &str, value: &str| input(line, "Compost", on, value);
        assert_eq!(
            field(ok("2", "2027-04-01", "10"), "delivery_line"),
            "field-pact-delivery-line"
        );
        assert_eq!(
            field(ok("x", "2027-04-01", "10"), "delivery_line"),
            "field-pact-delivery-line"
        );
        assert_eq!(
            field(ok("0", "2027-04-11", "10"), "delivery_on"),
            "field-pact-delivery-future"
        );
        assert_eq!(
            field(ok("0", "2027-02-28", "10"), "delivery_on"),
            "field-pact-delivery-before-signature"
        );
        assert_eq!(
            field(ok("0", "10/04/2027", "10"), "delivery_on"),
            "field-date-invalid"
        );
        assert_eq!(
            field(ok("0", "2027-04-01", "abc"), "delivery_value"),
            "field-pact-delivery-value"
        );
        assert_eq!(
            field(ok("0", "2027-04-01", "0"), "delivery_value"),
            "field-pact-delivery-value"
        );
        assert_eq!(
            field(ok("0", "2027-04-01", "1000000.01"), "delivery_value"),
            "field-pact-delivery-value-too-high"
        );
        assert_eq!(
            field(input("0", " \n ", "2027-04-01", "10"), "delivery_what"),
            "field-required"
        );
        assert_eq!(
            field(
                input("0", &"x".repeat(MAX_TITLE + 1), "2027-04-01", "10"),
                "delivery_what"
            ),
            "field-text-too-long"
        );
    }

    #[test]
    fn totals_and_the_insurance_warning() {
        let t = Totals {
            promised: 20_000,
            delivered: 5_050,
        };
        assert_eq!(
            (t.promised_eur(), t.delivered_eur(), t.share()),
            ("200.00".to_string(), "50.50".to_string(), Some(25))
        );
        assert_eq!(Totals::default().share(), None);
        let (x, e) = (day("2027-06-30"), day("2027-12-31"));
        assert!(insurance_short(Some(x), Some(e)));
        assert!(!insurance_short(Some(e), Some(e)));
        assert!(!insurance_short(None, Some(e)));
        assert_eq!(insurance_alert_on(x), day("2027-05-31"));
        assert_eq!(max_support_euros(), "1000000.00");
    }
}
