//! What the proposal form sends, as typed, and its validation into a [`PactText`]
//! (every problem reported next to its field).

use chrono::NaiveDate;

use super::{
    BLANK_SUPPORT_ROWS, MAX_CLAUSE, MAX_SUPPORT_LINES, MAX_TITLE, PactText, SupportLine, normalise,
    one_line,
};
use crate::kit::refusal::FormErrors;
use crate::pacts::deadlines::{DeadlineRules, max_end};
use crate::pacts::procedure::SupportKind;

/// What the pact form sends, kept as typed so a refused form shows it again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub title: String,
    pub objectives: String,
    pub activities: String,
    pub start_date: String,
    pub end_date: String,
    pub commitments: String,
    pub public_use: String,
    pub risks: String,
    pub insurance_policy: String,
    pub insurer: String,
    pub insurance_expiry: String,
    pub liability: String,
    pub reporting_months: String,
    pub output_licence: String,
    pub termination: String,
    pub disputes: String,
    /// (kind, description, quantity, period) as typed, blank rows included.
    pub support: Vec<(String, String, String, String)>,
}

impl TextInput {
    /// The form's values for a stored text.
    pub fn of(t: &PactText) -> TextInput {
        TextInput {
            title: t.title.clone(),
            objectives: t.objectives.clone(),
            activities: t.activities.clone(),
            start_date: t.start_date.to_string(),
            end_date: t.end_date.to_string(),
            commitments: t.commitments.clone(),
            public_use: t.public_use.clone(),
            risks: t.risks.clone(),
            insurance_policy: t.insurance_policy.clone(),
            insurer: t.insurer.clone(),
            insurance_expiry: t
                .insurance_expiry
                .map(|d| d.to_string())
                .unwrap_or_default(),
            liability: t.liability.clone(),
            reporting_months: t.reporting_months.to_string(),
            output_licence: t.output_licence.clone(),
            termination: t.termination.clone(),
            disputes: t.disputes.clone(),
            support: t
                .support
                .iter()
                .map(|l| {
                    (
                        l.kind.code().to_string(),
                        l.description.clone(),
                        l.quantity.clone(),
                        l.period.clone(),
                    )
                })
                .collect(),
        }
    }

    /// The support rows the form shows: the typed ones and a few blank ones.
    pub fn support_rows(&self) -> Vec<(String, String, String, String)> {
        let mut rows: Vec<_> = self
            .support
            .iter()
            .filter(|r| !(r.1.trim().is_empty() && r.2.trim().is_empty() && r.3.trim().is_empty()))
            .cloned()
            .collect();
        let blanks = BLANK_SUPPORT_ROWS.min(MAX_SUPPORT_LINES.saturating_sub(rows.len()));
        rows.extend((0..blanks).map(|_| Default::default()));
        rows
    }

    /// A new proposal's starting values: sensible defaults a city can change later.
    pub fn starting(today: NaiveDate) -> TextInput {
        TextInput {
            start_date: today.to_string(),
            end_date: crate::pacts::deadlines::add_months(today, 12).to_string(),
            reporting_months: "6".into(),
            output_licence: "CC BY-SA 4.0".into(),
            ..TextInput::default()
        }
    }
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn required(
    errors: &mut FormErrors,
    field: &'static str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    let v = normalise(value);
    if required && v.is_empty() {
        errors.add(field, "field-required");
    } else if v.chars().count() > max {
        errors.add(field, "field-text-too-long");
    }
    v
}

impl TextInput {
    /// Checks every clause; on success the normalised text. `rules` bounds the
    /// duration (3 years by default). Only the title and the objectives are required:
    /// a short proposal is enough to submit, and the rest is drafted in co-design (a
    /// text is complete for signature when [`PactText::missing`] is empty).
    pub fn validate(&self, rules: &DeadlineRules) -> Result<PactText, FormErrors> {
        let mut e = FormErrors::new();
        let title = one_line(&self.title);
        if title.is_empty() {
            e.add("title", "field-required");
        } else if title.chars().count() > MAX_TITLE {
            e.add("title", "field-text-too-long");
        }
        // What a short proposal says is required; the other clauses are drafted in
        // co-design and checked when the text is frozen (`PactText::missing`).
        let objectives = required(&mut e, "objectives", &self.objectives, MAX_CLAUSE, true);
        let activities = required(&mut e, "activities", &self.activities, MAX_CLAUSE, false);
        let start = parse_date(&self.start_date);
        let end = parse_date(&self.end_date);
        if start.is_none() {
            e.add("start_date", "field-date-invalid");
        }
        if end.is_none() {
            e.add("end_date", "field-date-invalid");
        }
        if let (Some(s), Some(en)) = (start, end) {
            if en <= s {
                e.add("end_date", "field-pact-end-before-start");
            } else if en > max_end(rules, s) {
                e.add("end_date", "field-pact-too-long");
            }
        }
        let commitments = required(&mut e, "commitments", &self.commitments, MAX_CLAUSE, false);
        let public_use = required(&mut e, "public_use", &self.public_use, MAX_CLAUSE, false);
        let risks = required(&mut e, "risks", &self.risks, MAX_CLAUSE, false);
        let insurance_policy = one_line(&self.insurance_policy);
        let insurer = one_line(&self.insurer);
        let insurance_expiry = match self.insurance_expiry.trim() {
            "" => None,
            s => match parse_date(s) {
                Some(d) => Some(d),
                None => {
                    e.add("insurance_expiry", "field-date-invalid");
                    None
                }
            },
        };
        if insurance_policy.chars().count() > MAX_TITLE {
            e.add("insurance_policy", "field-text-too-long");
        }
        if insurer.chars().count() > MAX_TITLE {
            e.add("insurer", "field-text-too-long");
        }
        // A policy is named with its insurer and expiry, or not at all.
        let any_insurance = !insurance_policy.is_empty()
            || !insurer.is_empty()
            || !self.insurance_expiry.trim().is_empty();
        if any_insurance {
            if insurance_policy.is_empty() {
                e.add("insurance_policy", "field-pact-insurance-incomplete");
            }
            if insurer.is_empty() {
                e.add("insurer", "field-pact-insurance-incomplete");
            }
            if self.insurance_expiry.trim().is_empty() {
                e.add("insurance_expiry", "field-pact-insurance-incomplete");
            }
        }
        let liability = required(&mut e, "liability", &self.liability, MAX_CLAUSE, false);
        let reporting_months = match self.reporting_months.trim().parse::<i64>() {
            Ok(n) if (1..=36).contains(&n) => n,
            _ => {
                e.add("reporting_months", "field-pact-reporting-invalid");
                0
            }
        };
        let output_licence = one_line(&self.output_licence);
        if output_licence.chars().count() > MAX_TITLE {
            e.add("output_licence", "field-text-too-long");
        }
        let termination = required(&mut e, "termination", &self.termination, MAX_CLAUSE, false);
        let disputes = required(&mut e, "disputes", &self.disputes, MAX_CLAUSE, false);
        let mut support = Vec::new();
        for (kind, description, quantity, period) in &self.support {
            let (description, quantity, period) =
                (one_line(description), one_line(quantity), one_line(period));
            if description.is_empty() && quantity.is_empty() && period.is_empty() {
                continue;
            }
            let Some(kind) = SupportKind::parse(kind) else {
                e.add("support", "field-pact-support-kind");
                continue;
            };
            if description.is_empty() || quantity.is_empty() {
                e.add("support", "field-pact-support-incomplete");
                continue;
            }
            if [&description, &quantity, &period]
                .iter()
                .any(|s| s.chars().count() > MAX_TITLE)
            {
                e.add("support", "field-text-too-long");
                continue;
            }
            support.push(SupportLine {
                kind,
                description,
                quantity,
                period,
            });
        }
        if support.len() > MAX_SUPPORT_LINES {
            e.add("support", "field-pact-support-too-many");
        }
        match (start, end) {
            (Some(start_date), Some(end_date)) if e.is_empty() => Ok(PactText {
                title,
                objectives,
                activities,
                start_date,
                end_date,
                commitments,
                public_use,
                risks,
                insurance_policy,
                insurer,
                insurance_expiry,
                liability,
                reporting_months,
                output_licence,
                termination,
                disputes,
                support,
            }),
            _ => Err(e),
        }
    }
}
