//! Euros as integer cents (the kit's `money`, shared with the pacts' support ledger)
//! and the city's code in batch names. Pure.

pub use crate::kit::money::{MAX_CENTS, euros, parse_euros};

/// The city's part of batch names: its name's ASCII letters and digits, upper-case,
/// at most 12 (`Valdora` → `VALDORA`, `Reggio nell'Emilia` → `REGGIONELLEM`), or
/// `CITY` when none are left.
pub fn city_code(name: &str) -> String {
    let code: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .take(12)
        .collect();
    if code.is_empty() { "CITY".into() } else { code }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_city_code_keeps_ascii_letters_and_digits() {
        assert_eq!(city_code("Valdora"), "VALDORA");
        assert_eq!(city_code("Reggio nell'Emilia"), "REGGIONELLEM");
        assert_eq!(city_code("Ñ"), "CITY");
    }
}
