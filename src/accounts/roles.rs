//! Roles a person can hold (DOMAIN.md). Only an admin grants them; every grant and
//! revocation is audited.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Citizen,
    Official,
    Signatory,
    Facilitator,
    Verifier,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Citizen,
        Role::Official,
        Role::Signatory,
        Role::Facilitator,
        Role::Verifier,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Official => "official",
            Role::Signatory => "signatory",
            Role::Facilitator => "facilitator",
            Role::Verifier => "verifier",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s.trim())
    }

    /// Translation key of the role's name.
    pub fn label_key(self) -> String {
        format!("role-{}", self.code())
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("mayor"), None);
    }
}
