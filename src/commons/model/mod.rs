//! The commons' vocabulary and lifecycle (DOMAIN.md), as plain types without I/O.
//!
//! Lifecycle: `proposed` → `recognised` (by an official) or `declined` (with reasons);
//! a `recognised` commons can fall `dormant` and be recognised again when its
//! community returns. Citizens and groups propose; the city recognises and enables.

use geo::BoundingRect;

pub mod gazetteer;
pub mod levels;
pub mod shape;

use crate::kit::codes::code_enum;
use crate::kit::refusal::FormErrors;
use shape::DistrictShape;

code_enum! {
    /// Tangible, intangible or digital (Bologna Regulation art. 2).
    CommonsKind {
        Tangible => "tangible",
        Intangible => "intangible",
        Digital => "digital",
    }
}

code_enum! {
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

code_enum! {
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

code_enum! {
    /// Who owns the place or resource.
    Owner {
        City => "city",
        OtherPublic => "other_public",
        PrivateWithConsent => "private_with_consent",
    }
}

code_enum! {
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
        matches!(self, Status::Recognised | Status::Dormant)
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

/// The most positions a commons' site outline may have.
pub const MAX_SITE_POSITIONS: usize = 2_000;
/// How far (metres) a site outline may lie from the commons' location point.
pub const MAX_SITE_DISTANCE_M: f64 = 1_000.0;

/// What a person typed into the commons form, unvalidated (kept to refill the form).
#[derive(Debug, Clone, Default)]
pub struct CommonsInput {
    pub name: String,
    pub description: String,
    pub kind: String,
    pub category: String,
    pub provisioning: Vec<String>,
    pub lat: String,
    pub lng: String,
    pub site: String,
    pub address: String,
    pub owner: String,
    pub why: String,
    pub rules: String,
    pub licence: String,
    /// A group id, or "" to propose as oneself.
    pub group: String,
}

impl CommonsInput {
    pub fn has_provisioning(&self, code: &str) -> bool {
        self.provisioning.iter().any(|p| p == code)
    }
}

/// A validated new commons.
#[derive(Debug, Clone)]
pub struct NewCommons {
    pub name: String,
    pub description: String,
    pub kind: CommonsKind,
    pub category: Category,
    pub provisioning: Vec<Provisioning>,
    pub location: Location,
    /// The site outline as normalised GeoJSON.
    pub site: Option<String>,
    pub address: String,
    pub owner: Owner,
    pub why: String,
    pub rules: String,
    pub licence: String,
    pub group: Option<i64>,
}

fn text(
    e: &mut FormErrors,
    field: &'static str,
    value: &str,
    max: usize,
    required: Option<&'static str>,
) -> String {
    let v = value.trim();
    if v.is_empty() {
        if let Some(key) = required {
            e.add(field, key);
        }
    } else if v.chars().count() > max {
        e.add(field, "field-text-too-long");
    } else if v
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        e.add(field, "field-text-invalid");
    }
    v.replace("\r\n", "\n")
}

/// Checks a site outline: a valid (multi)polygon near the location point.
pub fn validate_site(text: &str, at: Option<Location>) -> Result<String, &'static str> {
    let shape = DistrictShape::parse_limited(text, MAX_SITE_POSITIONS).map_err(|e| e.key())?;
    if let (Some(at), Some(rect)) = (at, shape.shape.bounding_rect()) {
        let nearest = Location {
            lon: at.lon.clamp(rect.min().x, rect.max().x),
            lat: at.lat.clamp(rect.min().y, rect.max().y),
        };
        if distance_m(at, nearest) > MAX_SITE_DISTANCE_M {
            return Err("field-site-far");
        }
    }
    Ok(shape.to_geojson())
}

impl NewCommons {
    /// Validates every field, collecting one message per field.
    pub fn validate(input: &CommonsInput) -> Result<NewCommons, FormErrors> {
        let mut e = FormErrors::new();
        let name = text(
            &mut e,
            "name",
            &input.name,
            120,
            Some("field-commons-name-required"),
        );
        let description = text(
            &mut e,
            "description",
            &input.description,
            4000,
            Some("field-commons-description-required"),
        );
        let kind = CommonsKind::parse(&input.kind);
        if kind.is_none() {
            e.add("kind", "field-commons-kind-invalid");
        }
        let category = Category::parse(&input.category);
        if category.is_none() {
            e.add("category", "field-commons-category-invalid");
        }
        let mut provisioning = Vec::new();
        for p in &input.provisioning {
            match Provisioning::parse(p) {
                Some(p) if !provisioning.contains(&p) => provisioning.push(p),
                Some(_) => {}
                None => e.add("provisioning", "field-commons-provisioning-invalid"),
            }
        }
        provisioning.sort();
        let location = if input.lat.trim().is_empty() && input.lng.trim().is_empty() {
            e.add("lat", "field-location-required");
            None
        } else {
            match parse_location(&input.lat, &input.lng) {
                Ok(l) => Some(l),
                Err(key) => {
                    e.add("lat", key);
                    None
                }
            }
        };
        let site = if input.site.trim().is_empty() {
            None
        } else {
            match validate_site(&input.site, location) {
                Ok(s) => Some(s),
                Err(key) => {
                    e.add("site", key);
                    None
                }
            }
        };
        let address = text(&mut e, "address", &input.address, 200, None);
        let owner = Owner::parse(&input.owner);
        if owner.is_none() {
            e.add("owner", "field-commons-owner-invalid");
        }
        let why = text(
            &mut e,
            "why",
            &input.why,
            4000,
            Some("field-commons-why-required"),
        );
        let rules = text(&mut e, "rules", &input.rules, 8000, None);
        let licence = text(&mut e, "licence", &input.licence, 100, None);
        let group = match input.group.trim() {
            "" => None,
            g => match g.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("group", "field-commons-group-invalid");
                    None
                }
            },
        };
        match (kind, category, location, owner) {
            (Some(kind), Some(category), Some(location), Some(owner)) if e.is_empty() => {
                Ok(NewCommons {
                    name,
                    description,
                    kind,
                    category,
                    provisioning,
                    location,
                    site,
                    address,
                    owner,
                    why,
                    rules,
                    licence,
                    group,
                })
            }
            _ => Err(e),
        }
    }
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
