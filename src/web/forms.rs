//! Form validation results: per-field messages (translation keys) that templates show
//! next to each field and in the error summary at the top of the form.

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FormErrors {
    entries: Vec<(&'static str, &'static str)>,
}

impl FormErrors {
    pub fn new() -> FormErrors {
        FormErrors::default()
    }

    /// Records a message for a field (the field's `id` in the form).
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        if !self.entries.iter().any(|(f, _)| *f == field) {
            self.entries.push((field, key));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The message for a field, if it has one ("" otherwise, for templates).
    pub fn get(&self, field: &str) -> &'static str {
        self.entries
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, k)| *k)
            .unwrap_or("")
    }

    pub fn has(&self, field: &str) -> bool {
        !self.get(field).is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, &'static str)> {
        self.entries.iter()
    }

    pub fn fields(&self) -> Vec<&'static str> {
        self.entries.iter().map(|(f, _)| *f).collect()
    }

    /// `Ok(value)` when there are no errors.
    pub fn into_result<T>(self, value: T) -> Result<T, FormErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_message_per_field_wins() {
        let mut e = FormErrors::new();
        assert!(e.is_empty());
        e.add("email", "a");
        e.add("email", "b");
        e.add("name", "c");
        assert_eq!(e.get("email"), "a");
        assert_eq!(e.get("other"), "");
        assert_eq!(e.fields(), vec!["email", "name"]);
        assert!(e.into_result(()).is_err());
    }
}

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

/// A submitted urlencoded form (or query string) keeping repeated fields, as checkbox
/// groups send them. Unknown fields are ignored by whoever reads it.
#[derive(Debug, Default, Clone)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn parse(body: &[u8]) -> FormData {
        FormData(
            ::url::form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
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
}
