//! What a domain rule answers when input is refused: a message key per field, in the
//! order found, the first per field. Pure: the web layer renders it next to the fields
//! and in the error summary.

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

    /// Records `other`'s messages too (a field keeps its first message).
    pub fn absorb(&mut self, other: &FormErrors) {
        for (field, key) in other.iter() {
            self.add(field, key);
        }
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

/// What a policy answers when an actor may not act: the web layer answers 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Denied;

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
