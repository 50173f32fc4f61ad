//! The city's pact template for a commons category: its standard clauses, and the
//! legal ones its office keeps. Co-design starts from it: [`Template::fill`] writes
//! each clause a short proposal left empty, and never overwrites what was written.

use super::{MAX_CLAUSE, MAX_TITLE, PactText, normalise, one_line};
use crate::kit::refusal::FormErrors;

/// The clauses a template holds, in the order of the text: (code, label key).
pub const TEMPLATE_CLAUSES: [(&str, &str); 7] = [
    ("commitments", "pact-clause-commitments"),
    ("public_use", "pact-clause-public-use"),
    ("risks", "pact-clause-risks"),
    ("liability", "pact-clause-liability"),
    ("output_licence", "pact-clause-output-licence"),
    ("termination", "pact-clause-termination"),
    ("disputes", "pact-clause-disputes"),
];

/// One template: the standard and legal clauses, and the report interval.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Template {
    pub commitments: String,
    pub public_use: String,
    pub risks: String,
    pub liability: String,
    /// A report every this many months.
    pub reporting_months: i64,
    pub output_licence: String,
    pub termination: String,
    pub disputes: String,
}

impl Template {
    /// Each clause's text, in the order of [`TEMPLATE_CLAUSES`].
    pub fn clauses(&self) -> [&str; 7] {
        [
            &self.commitments,
            &self.public_use,
            &self.risks,
            &self.liability,
            &self.output_licence,
            &self.termination,
            &self.disputes,
        ]
    }

    /// `text` with every clause it left empty taken from the template, and the
    /// template's report interval (a short proposal does not ask for one). Written
    /// clauses stay as they are.
    pub fn fill(&self, text: &PactText) -> PactText {
        let pick = |own: &String, standard: &String| {
            if own.trim().is_empty() {
                standard.clone()
            } else {
                own.clone()
            }
        };
        PactText {
            commitments: pick(&text.commitments, &self.commitments),
            public_use: pick(&text.public_use, &self.public_use),
            risks: pick(&text.risks, &self.risks),
            liability: pick(&text.liability, &self.liability),
            reporting_months: if (1..=36).contains(&self.reporting_months) {
                self.reporting_months
            } else {
                text.reporting_months
            },
            output_licence: pick(&text.output_licence, &self.output_licence),
            termination: pick(&text.termination, &self.termination),
            disputes: pick(&text.disputes, &self.disputes),
            ..text.clone()
        }
    }

    /// Whether the template says anything at all.
    pub fn is_empty(&self) -> bool {
        self.clauses().iter().all(|c| c.trim().is_empty())
    }
}

/// What the template form sends, kept as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateInput {
    pub clauses: [String; 7],
    pub reporting_months: String,
}

impl TemplateInput {
    pub fn of(t: &Template) -> TemplateInput {
        TemplateInput {
            clauses: t.clauses().map(str::to_string),
            reporting_months: t.reporting_months.to_string(),
        }
    }

    /// Checks the form: every clause within the length a clause may have, the report
    /// interval between 1 and 36 months, the licence on one line.
    pub fn validate(&self) -> Result<Template, FormErrors> {
        let mut e = FormErrors::new();
        let mut c: Vec<String> = Vec::with_capacity(7);
        for ((code, _), typed) in TEMPLATE_CLAUSES.iter().zip(&self.clauses) {
            let (v, max) = if *code == "output_licence" {
                (one_line(typed), MAX_TITLE)
            } else {
                (normalise(typed), MAX_CLAUSE)
            };
            if v.chars().count() > max {
                e.add(code, "field-text-too-long");
            }
            c.push(v);
        }
        let reporting_months = match self.reporting_months.trim().parse::<i64>() {
            Ok(n) if (1..=36).contains(&n) => n,
            _ => {
                e.add("reporting_months", "field-pact-reporting-invalid");
                0
            }
        };
        let mut c = c.into_iter();
        let mut next = || c.next().unwrap_or_default();
        let t = Template {
            commitments: next(),
            public_use: next(),
            risks: next(),
            liability: next(),
            reporting_months,
            output_licence: next(),
            termination: next(),
            disputes: next(),
        };
        e.into_result(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pacts::deadlines::DeadlineRules;
    use crate::pacts::text::TextInput;
    use chrono::NaiveDate;

    fn short() -> PactText {
        TextInput {
            title: "Beds".into(),
            objectives: "Grow vegetables.".into(),
            commitments: "We water twice a week.".into(),
            ..TextInput::starting(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap())
        }
        .validate(&DeadlineRules::default())
        .unwrap()
    }

    fn template() -> Template {
        Template {
            commitments: "The citizens care; the city supplies.".into(),
            public_use: "Open to all by day.".into(),
            risks: String::new(),
            liability: "Each party answers for its own acts.".into(),
            reporting_months: 12,
            output_licence: "CC BY 4.0".into(),
            termination: "Either party, with 30 days' notice.".into(),
            disputes: "The conciliation committee, then the court of the city.".into(),
        }
    }

    #[test]
    fn the_template_fills_what_the_proposal_left_empty_and_nothing_else() {
        let filled = template().fill(&short());
        assert_eq!(filled.commitments, "We water twice a week.", "kept");
        assert_eq!(filled.public_use, "Open to all by day.");
        assert_eq!(filled.liability, "Each party answers for its own acts.");
        assert_eq!(filled.reporting_months, 12);
        assert_eq!(
            filled.output_licence, "CC BY-SA 4.0",
            "the proposal's licence"
        );
        assert_eq!(filled.title, "Beds");
        let missing: Vec<_> = filled.missing().into_iter().map(|m| m.0).collect();
        assert_eq!(missing, ["activities"], "the activities are co-design's");
        assert_eq!(Template::default().fill(&short()), {
            let mut t = short();
            t.reporting_months = 6;
            t
        });
    }

    #[test]
    fn the_template_form_is_checked() {
        let mut i = TemplateInput::of(&template());
        assert_eq!(i.validate().unwrap(), template());
        i.clauses[4] = "x".repeat(MAX_TITLE + 1);
        i.reporting_months = "40".into();
        let e = i.validate().unwrap_err();
        assert_eq!(e.get("output_licence"), "field-text-too-long");
        assert_eq!(e.get("reporting_months"), "field-pact-reporting-invalid");
        assert!(!template().is_empty());
        assert!(Template::default().is_empty());
    }
}
