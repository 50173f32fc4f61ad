//! The commons' vocabulary and lifecycle (DOMAIN.md), as plain types without I/O.
//!
//! Lifecycle: `proposed` → `recognised` (by an official) or `declined` (with reasons);
//! a `recognised` commons can fall `dormant` and be recognised again when its
//! community returns. Citizens and groups propose; the city recognises and enables.

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
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

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.code() == s.trim())
            }

            /// The translation key of the value's name.
            pub fn label_key(self) -> String {
                format!("{}-{}", stringify!($name).to_lowercase(), self.code().replace('_', "-"))
            }
        }
    };
}

vocabulary! {
    /// Tangible, intangible or digital (Bologna Regulation art. 2).
    CommonsKind {
        Tangible => "tangible",
        Intangible => "intangible",
        Digital => "digital",
    }
}

vocabulary! {
    /// What sort of place or resource it is.
    Category {
        GreenArea => "green_area",
        SquareStreet => "square_street",
        Building => "building",
        SchoolSpace => "school_space",
        WallArt => "wall_art",
        DigitalService => "digital_service",
        Cultural => "cultural",
        Food => "food",
        Energy => "energy",
        Mobility => "mobility",
        Care => "care",
    }
}

vocabulary! {
    /// The provisioning systems of the Ghent Commons Transition Plan.
    Provisioning {
        Food => "food",
        Energy => "energy",
        Shelter => "shelter",
        Mobility => "mobility",
        Care => "care",
        Knowledge => "knowledge",
    }
}

vocabulary! {
    /// Who owns the place or resource.
    Owner {
        City => "city",
        OtherPublic => "other_public",
        PrivateWithConsent => "private_with_consent",
    }
}

vocabulary! {
    /// Where a commons is in its lifecycle.
    Status {
        Proposed => "proposed",
        Recognised => "recognised",
        Declined => "declined",
        Dormant => "dormant",
    }
}

/// What can happen to a commons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Recognise,
    Decline,
    MarkDormant,
    Revive,
}

/// Why a transition is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionError {
    /// Not possible from this status.
    NotAllowed {
        from: Status,
        transition: Transition,
    },
    /// Declining (and marking dormant) needs written reasons.
    ReasonsRequired,
}

impl Status {
    /// The status after `t`, if `t` is allowed; `reasons` is the written explanation.
    pub fn apply(self, t: Transition, reasons: &str) -> Result<Status, TransitionError> {
        let needs_reasons = matches!(t, Transition::Decline | Transition::MarkDormant);
        if needs_reasons && reasons.trim().chars().count() < 10 {
            return Err(TransitionError::ReasonsRequired);
        }
        match (self, t) {
            (Status::Proposed, Transition::Recognise) => Ok(Status::Recognised),
            (Status::Proposed, Transition::Decline) => Ok(Status::Declined),
            (Status::Recognised, Transition::MarkDormant) => Ok(Status::Dormant),
            (Status::Dormant, Transition::Revive) => Ok(Status::Recognised),
            (from, transition) => Err(TransitionError::NotAllowed { from, transition }),
        }
    }

    /// Whether the public sees the commons on the map, in search and in open data.
    pub fn is_public(self) -> bool {
        matches!(
            self,
            Status::Recognised | Status::Dormant | Status::Proposed
        )
    }
}

/// A location: WGS84 longitude and latitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Location {
    pub lon: f64,
    pub lat: f64,
}

/// Why typed coordinates are refused (a translation key for the field message).
pub fn parse_location(lat: &str, lon: &str) -> Result<Location, &'static str> {
    let parse = |s: &str| {
        s.trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    };
    let (Some(lat), Some(lon)) = (parse(lat), parse(lon)) else {
        return Err("field-location-not-numbers");
    };
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err("field-location-outside-world");
    }
    Ok(Location { lon, lat })
}

/// The great-circle distance in metres (haversine), for "near this place" lists.
pub fn distance_m(a: Location, b: Location) -> f64 {
    let r = 6_371_008.8;
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = (b.lat - a.lat).to_radians();
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_name_their_labels() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(*c));
        }
        assert_eq!(Category::GreenArea.label_key(), "category-green-area");
        assert_eq!(
            Owner::PrivateWithConsent.label_key(),
            "owner-private-with-consent"
        );
        assert_eq!(Status::parse("recognised"), Some(Status::Recognised));
        assert_eq!(CommonsKind::parse("physical"), None);
    }

    #[test]
    fn the_lifecycle_allows_exactly_the_domain_transitions() {
        use Status::*;
        use Transition::*;
        let reasons = "The building is unsafe and closed.";
        assert_eq!(Proposed.apply(Recognise, ""), Ok(Recognised));
        assert_eq!(Proposed.apply(Decline, reasons), Ok(Declined));
        assert_eq!(
            Proposed.apply(Decline, "no"),
            Err(TransitionError::ReasonsRequired)
        );
        assert_eq!(Recognised.apply(MarkDormant, reasons), Ok(Dormant));
        assert_eq!(Dormant.apply(Revive, ""), Ok(Recognised));
        let allowed = [
            (Proposed, Recognise),
            (Proposed, Decline),
            (Recognised, MarkDormant),
            (Dormant, Revive),
        ];
        for from in Status::ALL {
            for t in [Recognise, Decline, MarkDormant, Revive] {
                let ok = from.apply(t, reasons).is_ok();
                assert_eq!(ok, allowed.contains(&(*from, t)), "{from:?} {t:?}");
            }
        }
        assert!(!Declined.is_public());
    }

    #[test]
    fn typed_coordinates_are_checked() {
        assert_eq!(
            parse_location("44,4949", " 11.3426 "),
            Ok(Location {
                lat: 44.4949,
                lon: 11.3426
            })
        );
        assert_eq!(
            parse_location("91", "11"),
            Err("field-location-outside-world")
        );
        assert_eq!(
            parse_location("44", "-181"),
            Err("field-location-outside-world")
        );
        assert_eq!(
            parse_location("north", "11"),
            Err("field-location-not-numbers")
        );
        assert_eq!(
            parse_location("NaN", "11"),
            Err("field-location-not-numbers")
        );
    }

    #[test]
    fn distances_are_great_circle_metres() {
        let bologna = Location {
            lat: 44.4949,
            lon: 11.3426,
        };
        let ghent = Location {
            lat: 51.0543,
            lon: 3.7174,
        };
        let d = distance_m(bologna, ghent);
        // About 924.5 km (checked with an independent haversine).
        assert!((d - 924_537.0).abs() < 10.0, "{d}");
        assert_eq!(distance_m(bologna, bologna), 0.0);
    }
}
