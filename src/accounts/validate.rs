//! Parsing user input into account types at the edge: e-mail addresses, display
//! names, passwords. Nothing downstream takes a raw string for these.

use std::collections::HashSet;
use std::sync::LazyLock;

/// A syntactically valid, lower-cased e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<EmailAddress, &'static str> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err("field-email-required");
        }
        if s.len() > 254 {
            return Err("field-email-invalid");
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err("field-email-invalid");
        };
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let domain_ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if !local_ok || !domain_ok || s.parse::<lettre::Address>().is_err() {
            return Err("field-email-invalid");
        }
        Ok(EmailAddress(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A display name: 1 to 100 characters, no control characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<DisplayName, &'static str> {
        let s = raw.trim();
        if s.is_empty() {
            return Err("field-name-required");
        }
        if s.chars().count() > 100 || s.chars().any(char::is_control) {
            return Err("field-name-invalid");
        }
        Ok(DisplayName(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_BYTES: usize = 1024;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// A password that meets the policy (length, not common, not the e-mail).
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str, email: Option<&str>) -> Result<NewPassword, &'static str> {
        if raw.chars().count() < MIN_PASSWORD_CHARS {
            return Err("field-password-too-short");
        }
        if raw.len() > MAX_PASSWORD_BYTES {
            return Err("field-password-too-long");
        }
        let lower = raw.to_lowercase();
        let distinct: HashSet<char> = lower.chars().collect();
        let local = email.and_then(|e| e.split('@').next()).unwrap_or("");
        if COMMON.contains(lower.as_str())
            || distinct.len() < 4
            || (local.len() >= 4 && lower.contains(&local.to_lowercase()))
        {
            return Err("field-password-common");
        }
        Ok(NewPassword(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            EmailAddress::parse("  Anna@Example.ORG ").unwrap().as_str(),
            "anna@example.org"
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.org",
            "anna@localhost",
            "a..b@example.org",
            "anna@ex ample.org",
            "anna@-x.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Giulia Rossi ").unwrap().as_str(),
            "Giulia Rossi"
        );
        assert_eq!(DisplayName::parse(" "), Err("field-name-required"));
        assert_eq!(
            DisplayName::parse(&"x".repeat(101)),
            Err("field-name-invalid")
        );
        assert_eq!(DisplayName::parse("a\u{0007}b"), Err("field-name-invalid"));
    }

    #[test]
    fn password_policy() {
        assert_eq!(
            NewPassword::parse("short", None).err(),
            Some("field-password-too-short")
        );
        assert_eq!(
            NewPassword::parse("passwordpassword", None).err(),
            Some("field-password-common")
        );
        assert_eq!(
            NewPassword::parse("aaaaaaaaaaaaaaaa", None).err(),
            Some("field-password-common")
        );
        assert_eq!(
            NewPassword::parse("giulia.rossi-2026!", Some("giulia.rossi@example.org")).err(),
            Some("field-password-common")
        );
        assert_eq!(
            NewPassword::parse(&"ab1!".repeat(300), None).err(),
            Some("field-password-too-long")
        );
        assert!(NewPassword::parse("orto condiviso sul tetto", Some("g@example.org")).is_ok());
    }
}
