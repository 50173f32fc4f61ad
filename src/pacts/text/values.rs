//! What each city-support line is worth: its estimated value in euro cents, typed in
//! the same form row as the line and stored beside it (`pact_support.value_cents`).
//!
//! The value is an estimate made when the support is promised; what the city then
//! delivers is recorded against the signed text's lines (the pact's support ledger).
//! A line may have no value (a loan of a hall has none worth guessing, and lines
//! written before values existed have none). The values are not part of the canonical
//! text whose SHA-256 the parties sign: the text keeps the typed "quantity or value",
//! and a value changes only with a new version of the text, like the rest of it.
//!
//! Pure: the rows as typed in, the cents out.

use super::{BLANK_SUPPORT_ROWS, MAX_SUPPORT_LINES, PactText, TextInput, one_line};
use crate::kit::money;
use crate::kit::refusal::FormErrors;
use crate::pacts::deadlines::DeadlineRules;

/// The most one support line, or one delivery of it, may be worth: one million euros
/// (a collaboration pact's support is counted in hundreds or thousands; a bigger figure
/// is a typing mistake).
pub const MAX_SUPPORT_CENTS: i64 = 100_000_000;

/// An amount of euros as typed (`1234`, `1234,50`, `1 234.50`), as cents, from one cent
/// to [`MAX_SUPPORT_CENTS`].
pub fn parse_support_euros(s: &str) -> Option<i64> {
    money::parse_euros(s).filter(|c| *c <= MAX_SUPPORT_CENTS)
}

/// Values as the form shows them again: euros with two decimals, empty for none.
pub fn typed_values(values: &[Option<i64>]) -> Vec<String> {
    values
        .iter()
        .map(|v| v.map(money::euros).unwrap_or_default())
        .collect()
}

/// A form row the text leaves out: nothing typed but, perhaps, its kind.
fn blank(row: &(String, String, String, String)) -> bool {
    row.1.trim().is_empty() && row.2.trim().is_empty() && row.3.trim().is_empty()
}

impl TextInput {
    /// The value of each line the text keeps (blank rows are skipped, as
    /// [`TextInput::validate`] does), in order: `None` where none was typed. `typed` is
    /// the form's value column, row by row, aligned with `self.support`.
    pub fn support_values(&self, typed: &[String]) -> Result<Vec<Option<i64>>, FormErrors> {
        let mut e = FormErrors::new();
        let mut out = Vec::new();
        for (i, row) in self.support.iter().enumerate() {
            let value = typed.get(i).map(|v| one_line(v)).unwrap_or_default();
            if blank(row) {
                if !value.is_empty() {
                    // A value on an empty line: the line itself is missing.
                    e.add("support", "field-pact-support-incomplete");
                }
                continue;
            }
            out.push(match value.as_str() {
                "" => None,
                v => match parse_support_euros(v) {
                    Some(c) => Some(c),
                    None => {
                        e.add("support", "field-pact-support-value-invalid");
                        None
                    }
                },
            });
        }
        e.into_result(out)
    }

    /// [`TextInput::validate`] with the lines' values: the text, refused with the
    /// values' problems too, and the values (meaningful when the text is accepted).
    pub fn validate_valued(
        &self,
        rules: &DeadlineRules,
        typed: &[String],
    ) -> (Result<PactText, FormErrors>, Vec<Option<i64>>) {
        let text = self.validate(rules);
        match (text, self.support_values(typed)) {
            (Ok(t), Ok(v)) => (Ok(t), v),
            (Ok(_), Err(ve)) => (Err(ve), Vec::new()),
            (Err(mut te), values) => {
                if let Err(ve) = values {
                    te.absorb(&ve);
                }
                (Err(te), Vec::new())
            }
        }
    }

    /// The rows the form shows, each with its value: the typed ones (a row with only a
    /// value stays, to be corrected) and a few blank ones.
    pub fn support_rows_valued(&self, typed: &[String]) -> Vec<SupportRow> {
        let mut rows: Vec<SupportRow> = self
            .support
            .iter()
            .enumerate()
            .map(|(i, r)| SupportRow {
                kind: r.0.clone(),
                description: r.1.clone(),
                quantity: r.2.clone(),
                period: r.3.clone(),
                value: typed.get(i).cloned().unwrap_or_default(),
            })
            .filter(|r| {
                !(r.description.trim().is_empty()
                    && r.quantity.trim().is_empty()
                    && r.period.trim().is_empty()
                    && r.value.trim().is_empty())
            })
            .collect();
        let blanks = BLANK_SUPPORT_ROWS.min(MAX_SUPPORT_LINES.saturating_sub(rows.len()));
        rows.extend((0..blanks).map(|_| SupportRow::default()));
        rows
    }
}

/// One row of the form's support table, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SupportRow {
    pub kind: String,
    pub description: String,
    pub quantity: String,
    pub period: String,
    /// The estimated value in euros.
    pub value: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, description: &str, quantity: &str) -> (String, String, String, String) {
        (
            kind.into(),
            description.into(),
            quantity.into(),
            String::new(),
        )
    }

    fn input(rows: Vec<(String, String, String, String)>) -> TextInput {
        TextInput {
            support: rows,
            ..TextInput::default()
        }
    }

    fn typed(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn values_follow_the_lines_the_text_keeps() {
        let i = input(vec![
            row("materials", "Compost", "20 bags"),
            row("materials", "", ""),
            row("training", "Pruning course", "1 day"),
            row("space_use", "Hall", "monthly"),
        ]);
        let v = i
            .support_values(&typed(&["120,50", "", "1 500", ""]))
            .unwrap();
        assert_eq!(v, vec![Some(12_050), Some(150_000), None]);
        // Fewer typed values than rows: the rest have none.
        assert_eq!(
            i.support_values(&typed(&["3"])).unwrap(),
            vec![Some(300), None, None]
        );
    }

    #[test]
    fn wrong_values_are_refused_next_to_the_support_lines() {
        let i = input(vec![row("materials", "Compost", "20 bags")]);
        for bad in ["abc", "-4", "0", "1.234", "1000000.01"] {
            let e = i.support_values(&typed(&[bad])).unwrap_err();
            assert_eq!(
                e.get("support"),
                "field-pact-support-value-invalid",
                "{bad}"
            );
        }
        assert_eq!(
            i.support_values(&typed(&["1000000"])).unwrap(),
            vec![Some(MAX_SUPPORT_CENTS)]
        );
        // A value on a blank row: the line is missing.
        let blank = input(vec![row("materials", "", "")]);
        let e = blank.support_values(&typed(&["10"])).unwrap_err();
        assert_eq!(e.get("support"), "field-pact-support-incomplete");
    }

    #[test]
    fn the_form_shows_each_row_with_its_value_and_blank_rows_to_fill() {
        let i = input(vec![
            row("materials", "Compost", "20 bags"),
            row("materials", "", ""),
        ]);
        let rows = i.support_rows_valued(&typed(&["12.50", "7"]));
        assert_eq!(
            rows.len(),
            2 + BLANK_SUPPORT_ROWS,
            "a row with a value stays"
        );
        assert_eq!(rows[0].value, "12.50");
        assert_eq!(rows[1].value, "7");
        assert_eq!(typed_values(&[Some(1205), None]), typed(&["12.05", ""]));
    }
}
