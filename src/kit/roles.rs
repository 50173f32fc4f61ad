//! Roles a person can hold (DOMAIN.md). Every area reads them (the kit's actor carries
//! them); only accounts grants them, an admin acting, and every grant and revocation is
//! audited there.

use crate::kit::codes::code_enum;

code_enum! {
    /// A role; its name's translation key is `role-<code>`.
    Role {
        Citizen => "citizen",
        Official => "official",
        Signatory => "signatory",
        Facilitator => "facilitator",
        Verifier => "verifier",
        Admin => "admin",
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
            assert_eq!(Role::parse(r.code()), Some(*r));
        }
        assert_eq!(Role::parse("mayor"), None);
    }
}
