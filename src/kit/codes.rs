//! The one way to declare a vocabulary: an enum whose values have a stable code (used
//! in the database, URLs, exports and the ledger), a list of all values, parsing from
//! the code, and the translation key of each value's name.
//!
//! ```
//! pactum::kit::codes::code_enum! {
//!     /// How a pact is signed.
//!     Signing label "signing-way" {
//!         Paper => "paper",
//!         Online => "online",
//!     }
//! }
//! assert_eq!(Signing::parse(" online "), Some(Signing::Online));
//! assert_eq!(Signing::Paper.label_key(), "signing-way-paper");
//! ```
//!
//! Without `label "…"`, the key's prefix is the type's name in lower case
//! (`PactState::InReview` → `pactstate-in-review`).

#[macro_export]
#[doc(hidden)]
macro_rules! __code_enum {
    (@prefix $name:ident) => {
        stringify!($name).to_lowercase()
    };
    (@prefix $name:ident $prefix:literal) => {
        $prefix.to_string()
    };
    ($(#[$doc:meta])* $name:ident $(label $prefix:literal)? { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code used in the database, URLs, exports and the ledger.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The value with this code (surrounding spaces ignored).
            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == s.trim())
            }

            /// The translation key of the value's name.
            pub fn label_key(self) -> String {
                format!(
                    "{}-{}",
                    $crate::__code_enum!(@prefix $name $($prefix)?),
                    self.code().replace('_', "-")
                )
            }
        }
    };
}

pub use crate::__code_enum as code_enum;

#[cfg(test)]
mod tests {
    use super::code_enum;

    code_enum! {
        /// A test vocabulary.
        Colour {
            DeepRed => "deep_red",
            Blue => "blue",
        }
    }

    code_enum! {
        Shade label "colour-shade" {
            Light => "light",
        }
    }

    #[test]
    fn codes_parse_list_and_name_their_values() {
        assert_eq!(Colour::ALL, &[Colour::DeepRed, Colour::Blue]);
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.code()), Some(*c));
        }
        assert_eq!(Colour::parse(" blue "), Some(Colour::Blue));
        assert_eq!(Colour::parse("green"), None);
        assert_eq!(Colour::DeepRed.label_key(), "colour-deep-red");
        assert_eq!(Shade::parse("light"), Some(Shade::Light));
        assert_eq!(Shade::ALL.len(), 1);
        assert_eq!(Shade::Light.label_key(), "colour-shade-light");
    }
}
