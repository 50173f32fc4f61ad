//! The text of a pact: every clause of DOMAIN.md as its own field, the city's support
//! as typed lines, and the canonical rendering whose SHA-256 the parties sign; `input`
//! validates what a form sends, `values` the support lines' estimated values (kept
//! beside the text, not hashed), `compare` finds the clause-by-clause difference
//! between versions. Pure: no I/O, nothing of the web or the database (the kit's
//! `FormErrors` is the refusal).

use chrono::NaiveDate;

use super::procedure::SupportKind;

mod compare;
mod input;
mod template;
mod values;

pub use compare::{ClauseChange, CompareLimits, Comparison, Line, changes, changes_within};
pub use input::{TextInput, parse_date};
pub use template::{TEMPLATE_CLAUSES, Template, TemplateInput};
pub use values::{MAX_SUPPORT_CENTS, SupportRow, parse_support_euros, typed_values};

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

/// The clauses a text must have before it is frozen for signature (codes of
/// [`CLAUSES`]); the title and the objectives a short proposal already has.
pub const REQUIRED_FOR_SIGNATURE: &[&str] = &[
    "objectives",
    "activities",
    "commitments",
    "public_use",
    "liability",
    "output_licence",
    "termination",
    "disputes",
];

/// The legal clauses: drafted and kept by the city's office (from its template), never
/// by the proposers.
pub const LEGAL_CLAUSES: &[&str] = &["liability", "termination", "disputes"];

impl PactText {
    /// The clauses still empty that a text must have before it is frozen for
    /// signature, as (code, label key), in the order of the text.
    pub fn missing(&self) -> Vec<(&'static str, &'static str)> {
        self.clauses()
            .into_iter()
            .filter(|(code, _, v)| REQUIRED_FOR_SIGNATURE.contains(code) && v.trim().is_empty())
            .map(|(code, key, _)| (code, key))
            .collect()
    }

    /// This text with its legal clauses taken from `other` (a proposer's edit keeps
    /// the office's legal clauses as they stand).
    pub fn with_legal_clauses_of(mut self, other: &PactText) -> PactText {
        self.liability = other.liability.clone();
        self.termination = other.termination.clone();
        self.disputes = other.disputes.clone();
        self
    }

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
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests;
