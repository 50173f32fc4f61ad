//! Form validation results: per-field messages (translation keys) that templates show
//! next to each field and in the error summary at the top of the form; strict decoding
//! of submitted forms.

use crate::error::AppError;

pub use crate::kit::refusal::FormErrors;

/// Why a form-backed service call did not succeed: field messages to show on the
/// re-rendered form, or an application error (forbidden, rate limited, ...).
#[derive(Debug)]
pub enum Refusal {
    Form(FormErrors),
    App(crate::error::AppError),
}

impl From<crate::error::AppError> for Refusal {
    fn from(e: crate::error::AppError) -> Self {
        Refusal::App(e)
    }
}

impl From<crate::kit::refusal::Denied> for Refusal {
    fn from(d: crate::kit::refusal::Denied) -> Refusal {
        Refusal::App(d.into())
    }
}

impl From<diesel::result::Error> for Refusal {
    fn from(e: diesel::result::Error) -> Self {
        Refusal::App(e.into())
    }
}

impl From<FormErrors> for Refusal {
    fn from(e: FormErrors) -> Self {
        Refusal::Form(e)
    }
}

impl Refusal {
    /// A refusal with one field message.
    pub fn field(field: &'static str, key: &'static str) -> Refusal {
        let mut e = FormErrors::new();
        e.add(field, key);
        Refusal::Form(e)
    }
}

/// Largest urlencoded form body accepted, and the most any layer buffers of one.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

/// The content type every form without a file is sent as.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The fields of the proposal form that legitimately repeat: co-signers (a checkbox
/// group) and the rows of the support table.
const PACT_FORM_REPEATS: &[&str] = &[
    "cosigners",
    "support_kind",
    "support_description",
    "support_quantity",
    "support_period",
    "support_value",
];

/// The fields that may repeat, per form (its route in the route table). Any other
/// field sent twice makes the form malformed.
pub const MULTI_VALUED: &[(&str, &[&str])] = &[
    ("/commons/new", &["provisioning"]),
    ("/pacts/new", PACT_FORM_REPEATS),
    ("/pacts/{id}/edit", PACT_FORM_REPEATS),
    ("/pacts/{id}/opinions/request", &["offices"]),
    ("/assemblies/new", &["admits"]),
    ("/assemblies/{slug}/edit", &["admits"]),
    ("/assemblies/{slug}/meetings/{id}/attendance", &["present"]),
    ("/assemblies/{slug}/votes/{id}/ballot", &["approve"]),
];

/// The fields that may repeat in the form posted to `path`.
pub fn multi_valued(path: &str) -> &'static [&'static str] {
    MULTI_VALUED
        .iter()
        .find(|(pattern, _)| path_matches(pattern, path))
        .map(|(_, fields)| *fields)
        .unwrap_or(&[])
}

/// Whether a request path matches a route pattern (`{param}` matches one segment).
fn path_matches(pattern: &str, path: &str) -> bool {
    let mut p = pattern.split('/');
    let mut a = path.split('/');
    loop {
        match (p.next(), a.next()) {
            (None, None) => return true,
            (Some(ps), Some(s)) if ps.starts_with('{') && ps.ends_with('}') && !s.is_empty() => {}
            (Some(ps), Some(s)) if ps == s => {}
            _ => return false,
        }
    }
}

/// Why a form is malformed: a name or value that is not UTF-8 once decoded, or a field
/// sent twice that may not repeat. Both are refused (400), never repaired.
pub fn invalid_text() -> AppError {
    AppError::BadRequest("error-form-invalid-text")
}

pub fn repeated_field() -> AppError {
    AppError::BadRequest("error-form-repeated-field")
}

/// Checks that a list of fields repeats only the fields in `may_repeat`.
fn check_repeats<'a>(
    names: impl Iterator<Item = &'a str>,
    may_repeat: &[&str],
) -> Result<(), AppError> {
    let mut seen = std::collections::HashSet::new();
    for name in names {
        if !seen.insert(name) && !may_repeat.contains(&name) {
            return Err(repeated_field());
        }
    }
    Ok(())
}

/// Percent-decodes one urlencoded name or value (`+` is a space), strictly UTF-8.
fn decode_strict(raw: &[u8]) -> Result<String, AppError> {
    let plus_as_space: Vec<u8> = raw
        .iter()
        .map(|&b| if b == b'+' { b' ' } else { b })
        .collect();
    percent_encoding::percent_decode(&plus_as_space)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| invalid_text())
}

/// A submitted urlencoded form (or query string) keeping repeated fields, as checkbox
/// groups send them. Unknown fields are ignored by whoever reads it.
#[derive(Debug, Default, Clone)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    /// Decodes a form body strictly: every name and value must be UTF-8 once decoded,
    /// and only the fields in `may_repeat` may be sent more than once. The CSRF layer
    /// checks every urlencoded body this way before any handler sees it.
    pub fn parse_strict(body: &[u8], may_repeat: &[&str]) -> Result<FormData, AppError> {
        let mut pairs = Vec::new();
        for pair in body.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(i) => (&pair[..i], &pair[i + 1..]),
                None => (pair, &pair[pair.len()..]),
            };
            pairs.push((decode_strict(name)?, decode_strict(value)?));
        }
        FormData::from_pairs(pairs, may_repeat)
    }

    /// A form from fields already decoded (a multipart form's text fields), refusing
    /// repeats not in `may_repeat`.
    pub fn from_pairs(
        pairs: Vec<(String, String)>,
        may_repeat: &[&str],
    ) -> Result<FormData, AppError> {
        check_repeats(pairs.iter().map(|(k, _)| k.as_str()), may_repeat)?;
        Ok(FormData(pairs))
    }

    /// Decodes a body the CSRF layer has already checked (see [`FormData::parse_strict`]),
    /// or a query string (where malformed text is only ever a failed search).
    pub fn parse(body: &[u8]) -> FormData {
        FormData(
            ::url::form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// Every (name, value) pair, in the order sent.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every value of a field, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

#[cfg(test)]
mod form_data_tests {
    use super::FormData;

    #[test]
    fn repeated_fields_are_kept() {
        let f = FormData::parse(b"a=1&p=food&p=care&n=Caf%C3%A8+b");
        assert_eq!(f.get("a"), "1");
        assert_eq!(f.all("p"), vec!["food", "care"]);
        assert_eq!(f.get("n"), "Cafè b");
        assert_eq!(f.get("missing"), "");
    }

    #[test]
    fn strict_parsing_refuses_bad_text_and_undeclared_repeats() {
        let f = FormData::parse_strict(b"a=1&p=food&p=care&n=Caf%C3%A8+b&&e=", &["p"]).unwrap();
        assert_eq!(f.all("p"), vec!["food", "care"]);
        assert_eq!(f.get("n"), "Cafè b");
        assert_eq!(f.get("e"), "");
        let bad = |body: &[u8]| {
            FormData::parse_strict(body, &["p"])
                .unwrap_err()
                .to_string()
        };
        assert!(bad(b"n=%FF%FE").contains("error-form-invalid-text"));
        assert!(bad(b"n=\xff").contains("error-form-invalid-text"));
        assert!(bad(b"%C3=1").contains("error-form-invalid-text"));
        assert!(bad(b"n=a&n=b").contains("error-form-repeated-field"));
        assert!(bad(b"n=a&p=1&n").contains("error-form-repeated-field"));
    }

    #[test]
    fn repeats_are_declared_per_route_of_the_route_table() {
        assert_eq!(super::multi_valued("/commons/new"), &["provisioning"]);
        assert!(super::multi_valued("/pacts/12/edit").contains(&"support_kind"));
        assert_eq!(
            super::multi_valued("/pacts/12/opinions/request"),
            &["offices"]
        );
        assert!(super::multi_valued("/pacts//edit").is_empty());
        assert!(super::multi_valued("/account").is_empty());
        for (pattern, _) in super::MULTI_VALUED {
            assert!(
                crate::app::ROUTES
                    .iter()
                    .any(|r| r.method == "POST" && r.path == *pattern),
                "{pattern} is not a form route"
            );
        }
    }
}
