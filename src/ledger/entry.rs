//! Ledger entries: canonical JSON with sorted keys, integers only (no floats), UTF-8,
//! at most 65,535 bytes, and only pseudonymous ids, codes and hashes as strings — no
//! names, e-mails or text a person typed. The string rule is mechanical: a string
//! value is a token of at most 128 characters from `A-Z a-z 0-9 _ . : @ + / = -`, so
//! free text (which has spaces) and e-mail addresses cannot slip in.

use std::collections::BTreeMap;

use serde_json::Value;

pub const MAX_ENTRY_BYTES: usize = 65_535;
pub const FORMAT_VERSION: i64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EntryError {
    #[error("field name {0:?} is not lower_snake_case of at most 40 characters, or is reserved")]
    BadKey(String),
    #[error("field {0:?} holds a string that is not an id, code or hash")]
    NotAToken(String),
    #[error("field {0:?} holds a number that is not an integer")]
    NotAnInteger(String),
    #[error("field {0:?} holds null")]
    Null(String),
    #[error("the entry is {0} bytes, more than 65,535")]
    TooLarge(usize),
    #[error("the kind {0:?} is not a dotted lower-case code")]
    BadKind(String),
}

/// An entry before it is written: a kind and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub kind: String,
    fields: BTreeMap<String, Value>,
}

fn is_token(s: &str) -> bool {
    // `@` is allowed for versions (`PV01@1`), never in an e-mail's shape.
    let email_like = s
        .split_once('@')
        .is_some_and(|(_, domain)| domain.contains('.'));
    !s.is_empty()
        && s.len() <= 128
        && !email_like
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.:@+/=-".contains(c))
}

fn is_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 40
        && k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

const RESERVED: [&str; 3] = ["kind", "t", "v"];

impl Entry {
    pub fn new(kind: &str) -> Entry {
        Entry {
            kind: kind.to_string(),
            fields: BTreeMap::new(),
        }
    }

    /// Adds a field (ids, codes and hashes as strings; integers; lists and objects of them).
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Entry {
        self.fields.insert(key.to_string(), value.into());
        self
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.get(key)
    }

    /// The fields, by name.
    pub fn fields(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.fields.iter()
    }

    /// The canonical bytes of the entry at time `t` (RFC 3339, UTC, whole seconds).
    pub fn canonical(&self, t: chrono::DateTime<chrono::Utc>) -> Result<String, EntryError> {
        let kind_ok = !self.kind.is_empty()
            && self.kind.len() <= 64
            && self
                .kind
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        if !kind_ok {
            return Err(EntryError::BadKind(self.kind.clone()));
        }
        let mut top = BTreeMap::new();
        for (k, v) in &self.fields {
            if RESERVED.contains(&k.as_str()) || !is_key(k) {
                return Err(EntryError::BadKey(k.clone()));
            }
            check_value(k, v)?;
            top.insert(k.clone(), v.clone());
        }
        top.insert("kind".into(), Value::String(self.kind.clone()));
        top.insert(
            "t".into(),
            Value::String(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
        );
        top.insert("v".into(), Value::from(FORMAT_VERSION));
        let mut out = String::new();
        write_canonical(&Value::Object(top.into_iter().collect()), &mut out);
        if out.len() > MAX_ENTRY_BYTES {
            return Err(EntryError::TooLarge(out.len()));
        }
        Ok(out)
    }
}

fn check_value(key: &str, v: &Value) -> Result<(), EntryError> {
    match v {
        Value::Null => Err(EntryError::Null(key.into())),
        Value::Bool(_) => Ok(()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(()),
        Value::Number(_) => Err(EntryError::NotAnInteger(key.into())),
        Value::String(s) if is_token(s) => Ok(()),
        Value::String(_) => Err(EntryError::NotAToken(key.into())),
        Value::Array(items) => items.iter().try_for_each(|i| check_value(key, i)),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            if is_key(k) {
                check_value(k, v)
            } else {
                Err(EntryError::BadKey(k.clone()))
            }
        }),
    }
}

/// JSON with object keys sorted by their UTF-8 bytes and no whitespace. Written by hand
/// so no serde_json feature (such as `preserve_order`) can change the bytes.
pub fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t() -> chrono::DateTime<chrono::Utc> {
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 22, 6, 40, 0)
            .unwrap()
    }

    #[test]
    fn canonical_json_sorts_keys_and_has_no_spaces() {
        let e = Entry::new("role.granted")
            .with("user", "u_ab12")
            .with("role", "official")
            .with("by", "u_cd34")
            .with("n", 3);
        assert_eq!(
            e.canonical(t()).unwrap(),
            r#"{"by":"u_cd34","kind":"role.granted","n":3,"role":"official","t":"2026-11-22T06:40:00Z","user":"u_ab12","v":1}"#
        );
    }

    #[test]
    fn free_text_floats_and_reserved_keys_are_refused() {
        assert_eq!(
            Entry::new("x").with("name", "Giulia Rossi").canonical(t()),
            Err(EntryError::NotAToken("name".into()))
        );
        assert_eq!(
            Entry::new("x")
                .with("e", "giulia.rossi@example.org")
                .canonical(t()),
            Err(EntryError::NotAToken("e".into()))
        );
        assert!(
            Entry::new("x")
                .with("method", "PV01@1")
                .canonical(t())
                .is_ok()
        );
        assert_eq!(
            Entry::new("x").with("kg", 1.5).canonical(t()),
            Err(EntryError::NotAnInteger("kg".into()))
        );
        assert_eq!(
            Entry::new("x").with("t", "1").canonical(t()),
            Err(EntryError::BadKey("t".into()))
        );
        assert_eq!(
            Entry::new("x").with("Bad", 1).canonical(t()),
            Err(EntryError::BadKey("Bad".into()))
        );
        assert_eq!(
            Entry::new("Role Granted").canonical(t()),
            Err(EntryError::BadKind("Role Granted".into()))
        );
        let nested = serde_json::json!({"ok": ["a1", 2], "bad": {"x": "two words"}});
        assert!(Entry::new("x").with("o", nested).canonical(t()).is_err());
    }

    #[test]
    fn entries_are_bounded() {
        let big: Vec<Value> = (0..3000)
            .map(|i| Value::String(format!("h{i:0>20}")))
            .collect();
        assert!(matches!(
            Entry::new("x").with("list", big).canonical(t()),
            Err(EntryError::TooLarge(_))
        ));
    }
}
