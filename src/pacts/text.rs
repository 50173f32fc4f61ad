//! The text of a pact: every clause of DOMAIN.md as its own field, the city's support
//! as typed lines, validation of what a form sends, the canonical rendering whose
//! SHA-256 the parties sign, and the clause-by-clause difference between versions.
//! Pure: no I/O.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::deadlines::{DeadlineRules, max_end};
use super::procedure::SupportKind;
use crate::kit::refusal::FormErrors;
use crate::web::forms::FormData;

/// The longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest clause, in characters.
pub const MAX_CLAUSE: usize = 20_000;
/// The most city-support lines a version may have.
pub const MAX_SUPPORT_LINES: usize = 30;
/// Extra blank support rows the form offers (it works without JavaScript).
pub const BLANK_SUPPORT_ROWS: usize = 3;

/// One line of what the city commits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportLine {
    pub kind: SupportKind,
    pub description: String,
    /// Quantity or value ("20 bags", "EUR 500").
    pub quantity: String,
    /// When or how long ("2027", "every spring").
    pub period: String,
}

impl SupportLine {
    pub fn kind_label_key(&self) -> String {
        self.kind.label_key()
    }
}

/// A pact's text: one version of its clauses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PactText {
    pub title: String,
    pub objectives: String,
    pub activities: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// Roles and commitments of each party.
    pub commitments: String,
    /// How the public may use the commons.
    pub public_use: String,
    pub risks: String,
    pub insurance_policy: String,
    pub insurer: String,
    pub insurance_expiry: Option<NaiveDate>,
    pub liability: String,
    /// A report every this many months (and a final one at the end).
    pub reporting_months: i64,
    pub output_licence: String,
    pub termination: String,
    pub disputes: String,
    pub support: Vec<SupportLine>,
}

/// The clauses, in the order of the text: (code, label key).
pub const CLAUSES: &[(&str, &str)] = &[
    ("title", "pact-clause-title"),
    ("objectives", "pact-clause-objectives"),
    ("activities", "pact-clause-activities"),
    ("dates", "pact-clause-dates"),
    ("commitments", "pact-clause-commitments"),
    ("public_use", "pact-clause-public-use"),
    ("risks", "pact-clause-risks"),
    ("insurance", "pact-clause-insurance"),
    ("liability", "pact-clause-liability"),
    ("support", "pact-clause-support"),
    ("reporting", "pact-clause-reporting"),
    ("output_licence", "pact-clause-output-licence"),
    ("termination", "pact-clause-termination"),
    ("disputes", "pact-clause-disputes"),
];

impl PactText {
    /// Each clause as plain text, in the order of [`CLAUSES`]: what the canonical
    /// rendering and the version comparison use.
    pub fn clauses(&self) -> Vec<(&'static str, &'static str, String)> {
        let support = self
            .support
            .iter()
            .map(|l| {
                let mut s = format!("{}: {} ({})", l.kind.code(), l.description, l.quantity);
                if !l.period.is_empty() {
                    s.push_str(&format!(", {}", l.period));
                }
                s
            })
            .collect::<Vec<_>>()
            .join("\n");
        let insurance = if self.insurance_policy.is_empty() {
            String::new()
        } else {
            format!(
                "{}\n{}\n{}",
                self.insurance_policy,
                self.insurer,
                self.insurance_expiry
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            )
        };
        let values = [
            self.title.clone(),
            self.objectives.clone(),
            self.activities.clone(),
            format!("{} / {}", self.start_date, self.end_date),
            self.commitments.clone(),
            self.public_use.clone(),
            self.risks.clone(),
            insurance,
            self.liability.clone(),
            support,
            self.reporting_months.to_string(),
            self.output_licence.clone(),
            self.termination.clone(),
            self.disputes.clone(),
        ];
        CLAUSES
            .iter()
            .zip(values)
            .map(|((code, key), v)| (*code, *key, v))
            .collect()
    }
}

/// What the signed text is about besides its clauses: fixed when it is frozen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub pact_id: i64,
    pub version: i64,
    pub kind: &'static str,
    pub intensity: &'static str,
    pub commons: Vec<i64>,
    /// Pseudonyms of the proposer and the co-signers; the group's id, if any.
    pub proposer: String,
    pub group: Option<i64>,
    pub cosigners: Vec<String>,
    /// The office (slug) that followed the pact for the city.
    pub office: String,
    pub act_number: String,
}

/// The canonical rendering of a version, as UTF-8 text with `\n` line ends: a fixed
/// header, then each clause as `## code` and its text. Anyone holding the printed text
/// can recompute its SHA-256 (the page offers it as a `.txt` file).
pub fn canonical(h: &Header, text: &PactText) -> String {
    let mut commons = h.commons.clone();
    commons.sort_unstable();
    let mut cosigners = h.cosigners.clone();
    cosigners.sort();
    let mut out = String::new();
    out.push_str("PACTUM COLLABORATION PACT 1\n");
    out.push_str(&format!("pact: {}\n", h.pact_id));
    out.push_str(&format!("version: {}\n", h.version));
    out.push_str(&format!("type: {}\n", h.kind));
    out.push_str(&format!("intensity: {}\n", h.intensity));
    out.push_str(&format!(
        "commons: {}\n",
        commons
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(",")
    ));
    out.push_str(&format!("proposer: {}\n", h.proposer));
    if let Some(g) = h.group {
        out.push_str(&format!("group: {g}\n"));
    }
    out.push_str(&format!("cosigners: {}\n", cosigners.join(",")));
    out.push_str(&format!("office: {}\n", h.office));
    if !h.act_number.is_empty() {
        out.push_str(&format!("act: {}\n", h.act_number));
    }
    for (code, _, value) in text.clauses() {
        out.push_str(&format!("\n## {code}\n"));
        if !value.is_empty() {
            out.push_str(&value);
            out.push('\n');
        }
    }
    out
}

/// The SHA-256 of the canonical rendering, as lower-case hex.
pub fn text_sha256(h: &Header, text: &PactText) -> String {
    crate::util::sha256_hex(canonical(h, text).as_bytes())
}

/// A typed text normalised for storage and hashing: `\r\n` and `\r` become `\n`, each
/// line loses its trailing spaces, and blank lines at both ends go.
pub fn normalise(s: &str) -> String {
    let unified = s.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines[a..=b].join("\n"),
        _ => String::new(),
    }
}

/// A one-line field: trimmed, inner line breaks become spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
    pub fn from_form(f: &FormData) -> TextInput {
        let kinds = f.all("support_kind");
        let descriptions = f.all("support_description");
        let quantities = f.all("support_quantity");
        let periods = f.all("support_period");
        let rows = kinds
            .len()
            .max(descriptions.len())
            .max(quantities.len())
            .max(periods.len());
        let at = |v: &Vec<&str>, i: usize| v.get(i).copied().unwrap_or("").to_string();
        TextInput {
            title: f.get("title").to_string(),
            objectives: f.get("objectives").to_string(),
            activities: f.get("activities").to_string(),
            start_date: f.get("start_date").to_string(),
            end_date: f.get("end_date").to_string(),
            commitments: f.get("commitments").to_string(),
            public_use: f.get("public_use").to_string(),
            risks: f.get("risks").to_string(),
            insurance_policy: f.get("insurance_policy").to_string(),
            insurer: f.get("insurer").to_string(),
            insurance_expiry: f.get("insurance_expiry").to_string(),
            liability: f.get("liability").to_string(),
            reporting_months: f.get("reporting_months").to_string(),
            output_licence: f.get("output_licence").to_string(),
            termination: f.get("termination").to_string(),
            disputes: f.get("disputes").to_string(),
            support: (0..rows.min(MAX_SUPPORT_LINES + BLANK_SUPPORT_ROWS))
                .map(|i| {
                    (
                        at(&kinds, i),
                        at(&descriptions, i),
                        at(&quantities, i),
                        at(&periods, i),
                    )
                })
                .collect(),
        }
    }

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
            end_date: super::deadlines::add_months(today, 12).to_string(),
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
    /// duration (3 years by default).
    pub fn validate(&self, rules: &DeadlineRules) -> Result<PactText, FormErrors> {
        let mut e = FormErrors::new();
        let title = one_line(&self.title);
        if title.is_empty() {
            e.add("title", "field-required");
        } else if title.chars().count() > MAX_TITLE {
            e.add("title", "field-text-too-long");
        }
        let objectives = required(&mut e, "objectives", &self.objectives, MAX_CLAUSE, true);
        let activities = required(&mut e, "activities", &self.activities, MAX_CLAUSE, true);
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
        let commitments = required(&mut e, "commitments", &self.commitments, MAX_CLAUSE, true);
        let public_use = required(&mut e, "public_use", &self.public_use, MAX_CLAUSE, true);
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
        let liability = required(&mut e, "liability", &self.liability, MAX_CLAUSE, true);
        let reporting_months = match self.reporting_months.trim().parse::<i64>() {
            Ok(n) if (1..=36).contains(&n) => n,
            _ => {
                e.add("reporting_months", "field-pact-reporting-invalid");
                0
            }
        };
        let output_licence = one_line(&self.output_licence);
        if output_licence.is_empty() {
            e.add("output_licence", "field-required");
        } else if output_licence.chars().count() > MAX_TITLE {
            e.add("output_licence", "field-text-too-long");
        }
        let termination = required(&mut e, "termination", &self.termination, MAX_CLAUSE, true);
        let disputes = required(&mut e, "disputes", &self.disputes, MAX_CLAUSE, true);
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

/// One line of a clause's difference between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Same(String),
    Removed(String),
    Added(String),
}

impl Line {
    pub fn code(&self) -> &'static str {
        match self {
            Line::Same(_) => "same",
            Line::Removed(_) => "removed",
            Line::Added(_) => "added",
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Line::Same(s) | Line::Removed(s) | Line::Added(s) => s,
        }
    }
}

/// A clause that changed between two versions, line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseChange {
    pub code: &'static str,
    pub label_key: &'static str,
    pub lines: Vec<Line>,
}

/// The most lines both versions may have, over the clauses that changed, for a line by
/// line comparison: beyond it the page says the texts are too different (and links
/// both), without starting the work.
pub const MAX_COMPARE_LINES: usize = 8_000;
/// The most bytes both versions may have, over the clauses that changed.
pub const MAX_COMPARE_BYTES: usize = 256 * 1024;
/// How long one comparison may take before it gives up.
pub const COMPARE_TIME: Duration = Duration::from_millis(250);

/// How far a comparison may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareLimits {
    pub lines: usize,
    pub bytes: usize,
    pub time: Duration,
}

impl Default for CompareLimits {
    fn default() -> Self {
        CompareLimits {
            lines: MAX_COMPARE_LINES,
            bytes: MAX_COMPARE_BYTES,
            time: COMPARE_TIME,
        }
    }
}

/// Two versions compared: clause by clause, or too different to show line by line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    Changes(Vec<ClauseChange>),
    TooDifferent,
}

fn lines_of(s: &str) -> Vec<&str> {
    if s.is_empty() {
        vec![]
    } else {
        s.lines().collect()
    }
}

/// The line difference of two texts (Myers' algorithm, from the `similar` crate), or
/// `None` when `deadline` passed first (the result would only be an approximation).
pub fn diff_lines(old: &str, new: &str, deadline: Instant) -> Option<Vec<Line>> {
    let a = lines_of(old);
    let b = lines_of(new);
    let ops =
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &a, &b, Some(deadline));
    if Instant::now() > deadline {
        return None;
    }
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let removed = || {
            a[old_range.clone()]
                .iter()
                .map(|l| Line::Removed(l.to_string()))
        };
        let added = || {
            b[new_range.clone()]
                .iter()
                .map(|l| Line::Added(l.to_string()))
        };
        match tag {
            similar::DiffTag::Equal => out.extend(
                a[old_range.clone()]
                    .iter()
                    .map(|l| Line::Same(l.to_string())),
            ),
            similar::DiffTag::Delete => out.extend(removed()),
            similar::DiffTag::Insert => out.extend(added()),
            similar::DiffTag::Replace => {
                out.extend(removed());
                out.extend(added());
            }
        }
    }
    Some(out)
}

/// The clauses that differ between two versions, in text order, within the default
/// limits.
pub fn changes(old: &PactText, new: &PactText) -> Comparison {
    changes_within(old, new, CompareLimits::default())
}

/// The clauses that differ, line by line, unless both versions together are larger
/// than `limits` allow (checked before any work) or the comparison runs out of time.
pub fn changes_within(old: &PactText, new: &PactText, limits: CompareLimits) -> Comparison {
    let changed: Vec<_> = old
        .clauses()
        .into_iter()
        .zip(new.clauses())
        .filter(|(a, b)| a.2 != b.2)
        .collect();
    let (mut lines, mut bytes) = (0usize, 0usize);
    for ((_, _, a), (_, _, b)) in &changed {
        lines = lines
            .saturating_add(a.lines().count())
            .saturating_add(b.lines().count());
        bytes = bytes.saturating_add(a.len()).saturating_add(b.len());
    }
    if lines > limits.lines || bytes > limits.bytes {
        return Comparison::TooDifferent;
    }
    let deadline = Instant::now() + limits.time;
    let mut out = Vec::with_capacity(changed.len());
    for ((code, label_key, a), (_, _, b)) in changed {
        let Some(lines) = diff_lines(&a, &b, deadline) else {
            return Comparison::TooDifferent;
        };
        out.push(ClauseChange {
            code,
            label_key,
            lines,
        });
    }
    Comparison::Changes(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> TextInput {
        TextInput {
            title: "  Care of the  Giardino\nLunetta ".into(),
            objectives: "Keep the garden open\r\nand clean.  \r\n\r\n".into(),
            activities: "Weekly weeding.".into(),
            start_date: "2027-03-01".into(),
            end_date: "2028-02-28".into(),
            commitments: "We weed; the city lends tools.".into(),
            public_use: "Open to all from dawn to dusk.".into(),
            risks: String::new(),
            insurance_policy: String::new(),
            insurer: String::new(),
            insurance_expiry: String::new(),
            liability: "Volunteers are insured by the city.".into(),
            reporting_months: "6".into(),
            output_licence: "CC BY-SA 4.0".into(),
            termination: "Either party, with 30 days notice.".into(),
            disputes: "Mediation by the district office.".into(),
            support: vec![
                (
                    "materials".into(),
                    "Compost".into(),
                    "20 bags".into(),
                    "2027".into(),
                ),
                (String::new(), String::new(), String::new(), String::new()),
            ],
        }
    }

    fn header() -> Header {
        Header {
            pact_id: 7,
            version: 2,
            kind: "ordinary",
            intensity: "continuous_care",
            commons: vec![9, 4],
            proposer: "u_abc".into(),
            group: Some(3),
            cosigners: vec!["u_z".into(), "u_y".into()],
            office: "green-areas".into(),
            act_number: String::new(),
        }
    }

    #[test]
    fn a_complete_form_is_normalised() {
        let t = input().validate(&DeadlineRules::default()).unwrap();
        assert_eq!(t.title, "Care of the Giardino Lunetta");
        assert_eq!(t.objectives, "Keep the garden open\nand clean.");
        assert_eq!(t.support.len(), 1, "blank rows are ignored");
        assert_eq!(t.support[0].kind, SupportKind::Materials);
        // The form shows it again as it was stored.
        let again = TextInput::of(&t)
            .validate(&DeadlineRules::default())
            .unwrap();
        assert_eq!(again, t);
    }

    #[test]
    fn bad_clauses_are_named() {
        let mut i = input();
        i.objectives = " \n ".into();
        i.end_date = "2027-02-01".into();
        i.reporting_months = "0".into();
        i.insurer = "Mutua".into();
        i.support[1] = ("tools".into(), "Rakes".into(), "5".into(), String::new());
        let e = i.validate(&DeadlineRules::default()).unwrap_err();
        assert_eq!(e.get("objectives"), "field-required");
        assert_eq!(e.get("end_date"), "field-pact-end-before-start");
        assert_eq!(e.get("reporting_months"), "field-pact-reporting-invalid");
        assert_eq!(e.get("insurance_policy"), "field-pact-insurance-incomplete");
        assert_eq!(e.get("insurance_expiry"), "field-pact-insurance-incomplete");
        assert_eq!(e.get("support"), "field-pact-support-kind");
        assert!(!e.has("insurer"));

        let mut i = input();
        i.end_date = "2030-03-01".into();
        i.start_date = "someday".into();
        let e = i.validate(&DeadlineRules::default()).unwrap_err();
        assert_eq!(e.get("start_date"), "field-date-invalid");
        let mut i = input();
        i.end_date = "2030-03-01".into();
        let e = i.validate(&DeadlineRules::default()).unwrap_err();
        assert_eq!(e.get("end_date"), "field-pact-too-long", "over 3 years");
        i.end_date = "2030-02-28".into();
        assert!(i.validate(&DeadlineRules::default()).is_ok());
        let mut i = input();
        i.support[0].2 = String::new();
        let e = i.validate(&DeadlineRules::default()).unwrap_err();
        assert_eq!(e.get("support"), "field-pact-support-incomplete");
    }

    #[test]
    fn canonical_text_is_fixed_and_its_hash_changes_with_any_clause() {
        let t = input().validate(&DeadlineRules::default()).unwrap();
        let c = canonical(&header(), &t);
        assert!(c.starts_with(
            "PACTUM COLLABORATION PACT 1\npact: 7\nversion: 2\ntype: ordinary\n\
             intensity: continuous_care\ncommons: 4,9\nproposer: u_abc\ngroup: 3\n\
             cosigners: u_y,u_z\noffice: green-areas\n\n## title\nCare of the Giardino Lunetta\n"
        ));
        assert!(c.contains("\n## support\nmaterials: Compost (20 bags), 2027\n"));
        assert!(c.contains("\n## risks\n\n## insurance\n\n## liability\n"));
        assert!(!c.contains('\r'));
        let h = text_sha256(&header(), &t);
        assert_eq!(h.len(), 64);
        assert_eq!(h, crate::util::sha256_hex(c.as_bytes()));
        let mut other = t.clone();
        other.support[0].quantity = "21 bags".into();
        assert_ne!(text_sha256(&header(), &other), h);
        let mut h2 = header();
        h2.version = 3;
        assert_ne!(text_sha256(&h2, &t), h);
    }

    #[test]
    fn versions_differ_clause_by_clause_and_line_by_line() {
        let a = input().validate(&DeadlineRules::default()).unwrap();
        let mut b = a.clone();
        b.objectives = "Keep the garden open\nand clean.\nPlant a hedge.".into();
        b.support.push(SupportLine {
            kind: SupportKind::Training,
            description: "Pruning course".into(),
            quantity: "1 day".into(),
            period: String::new(),
        });
        let Comparison::Changes(ch) = changes(&a, &b) else {
            panic!("small versions compare line by line");
        };
        assert_eq!(
            ch.iter().map(|c| c.code).collect::<Vec<_>>(),
            vec!["objectives", "support"]
        );
        assert_eq!(
            ch[0].lines,
            vec![
                Line::Same("Keep the garden open".into()),
                Line::Same("and clean.".into()),
                Line::Added("Plant a hedge.".into()),
            ]
        );
        assert_eq!(changes(&a, &a), Comparison::Changes(vec![]));
        let soon = || Instant::now() + Duration::from_secs(5);
        assert_eq!(
            diff_lines("a\nb\nc", "a\nx\nc", soon()).unwrap(),
            vec![
                Line::Same("a".into()),
                Line::Removed("b".into()),
                Line::Added("x".into()),
                Line::Same("c".into()),
            ]
        );
        assert_eq!(
            diff_lines("", "x", soon()).unwrap(),
            vec![Line::Added("x".into())]
        );
        assert_eq!(
            diff_lines("x", "", soon()).unwrap(),
            vec![Line::Removed("x".into())]
        );
    }

    fn with_objectives(lines: impl Iterator<Item = String>) -> PactText {
        let mut t = input().validate(&DeadlineRules::default()).unwrap();
        t.objectives = lines.collect::<Vec<_>>().join("\n");
        t
    }

    #[test]
    fn two_twenty_thousand_line_clauses_are_refused_before_any_work() {
        let a = with_objectives((0..20_000).map(|i| format!("a{i}")));
        let b = with_objectives((0..20_000).map(|i| format!("b{i}")));
        let started = Instant::now();
        assert_eq!(changes(&a, &b), Comparison::TooDifferent);
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "the cap is checked first: {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn the_deadline_bounds_a_comparison_the_cap_lets_through() {
        let a = with_objectives((0..20_000).map(|i| format!("a{i}")));
        let b = with_objectives((0..20_000).map(|i| format!("b{i}")));
        // No time at all: the deadline, not the cap, refuses (whatever the machine's speed).
        let limits = CompareLimits {
            lines: usize::MAX,
            bytes: usize::MAX,
            time: Duration::ZERO,
        };
        assert_eq!(changes_within(&a, &b, limits), Comparison::TooDifferent);
        // A deadline already passed gives up at once.
        assert_eq!(
            diff_lines(
                "a\nb\nc",
                "x\ny\nz",
                Instant::now() - Duration::from_millis(1)
            ),
            None
        );
    }

    #[test]
    fn long_clauses_under_the_cap_still_diff_exactly() {
        let a = with_objectives((0..3_000).map(|i| format!("line {i}")));
        let b = with_objectives(
            (0..3_000)
                .filter(|i| *i != 10)
                .map(|i| format!("line {i}"))
                .chain(std::iter::once("a new last line".to_string())),
        );
        let Comparison::Changes(ch) = changes(&a, &b) else {
            panic!("under the cap");
        };
        assert_eq!(ch.len(), 1);
        let changed: Vec<&Line> = ch[0]
            .lines
            .iter()
            .filter(|l| !matches!(l, Line::Same(_)))
            .collect();
        assert_eq!(
            changed,
            vec![
                &Line::Removed("line 10".into()),
                &Line::Added("a new last line".into())
            ]
        );
        assert_eq!(ch[0].lines.len(), 3_001);
        // Identical, insertions only, deletions only.
        let soon = || Instant::now() + Duration::from_secs(5);
        assert_eq!(
            diff_lines("a\nb", "a\nb", soon()).unwrap(),
            vec![Line::Same("a".into()), Line::Same("b".into())]
        );
        assert_eq!(
            diff_lines("a\nc", "a\nb\nc\nd", soon()).unwrap(),
            vec![
                Line::Same("a".into()),
                Line::Added("b".into()),
                Line::Same("c".into()),
                Line::Added("d".into()),
            ]
        );
        assert_eq!(
            diff_lines("a\nb\nc\nd", "b\nd", soon()).unwrap(),
            vec![
                Line::Removed("a".into()),
                Line::Same("b".into()),
                Line::Removed("c".into()),
                Line::Same("d".into()),
            ]
        );
        assert_eq!(diff_lines("", "", soon()).unwrap(), vec![]);
    }

    #[test]
    fn the_form_keeps_blank_rows_to_fill() {
        let rows = input().support_rows();
        assert_eq!(rows.len(), 1 + BLANK_SUPPORT_ROWS);
        let f = FormData::parse(
            b"title=T&support_kind=materials&support_description=Soil&support_quantity=2&support_period=&support_kind=funding&support_description=&support_quantity=&support_period=",
        );
        let i = TextInput::from_form(&f);
        assert_eq!(i.support.len(), 2);
        assert_eq!(i.support[0].1, "Soil");
    }
}
