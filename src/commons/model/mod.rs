//! The commons' vocabulary and lifecycle (DOMAIN.md), as plain types without I/O.
//!
//! Lifecycle: `proposed` → `recognised` (by an official) or `declined` (with reasons);
//! a `recognised` commons can fall `dormant` and be recognised again when its
//! community returns; a declined one can be reconsidered (back to `proposed`); a
//! listed one can be `retired` (it stays visible as such); a duplicate is `merged`
//! into another commons. Citizens and groups propose; the city recognises and enables.

use geo::BoundingRect;

pub mod gazetteer;
pub mod levels;
pub mod map_view;
pub mod sectors;
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
    /// The provisioning systems (sectors) of the Ghent Commons Transition Plan
    /// (Bauwens and Onzia, 2017), by which its map of some 500 initiatives was counted:
    /// food, housing and space (`shelter`, its first code, kept), energy, mobility,
    /// health and care, knowledge and education, inclusion and social cohesion,
    /// culture, work and economy, materials (repair, reuse, waste), nature and water.
    /// Codes are stable (database, URLs, exports, search filters); only labels change.
    Provisioning {
        Food => "food",
        Energy => "energy",
        Shelter => "shelter",
        Mobility => "mobility",
        Care => "care",
        Knowledge => "knowledge",
        Inclusion => "inclusion",
        Culture => "culture",
        Work => "work",
        Materials => "materials",
        Nature => "nature",
    }
}

code_enum! {
    /// Who owns the place or resource.
    Owner {
        City => "city",
        OtherPublic => "other_public",
        PrivateWithConsent => "private_with_consent",
        Unknown => "unknown",
    }
}

code_enum! {
    /// The state of repair a commons office records.
    Condition {
        Good => "good",
        Fair => "fair",
        Poor => "poor",
        Unusable => "unusable",
        Unknown => "unknown",
    }
}

code_enum! {
    /// Where a commons is in its lifecycle.
    Status {
        Proposed => "proposed",
        Recognised => "recognised",
        Declined => "declined",
        Dormant => "dormant",
        Retired => "retired",
        Merged => "merged",
    }
}

/// What can happen to a commons (merging is not a transition of its own status
/// alone: see [`merge_check`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Recognise,
    Decline,
    MarkDormant,
    Revive,
    /// A listed commons that no longer exists or is no longer cared for as a commons.
    Retire,
    /// A declined proposal is looked at again (it is `proposed` once more).
    Reconsider,
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
        let needs_reasons = matches!(
            t,
            Transition::Decline
                | Transition::MarkDormant
                | Transition::Retire
                | Transition::Reconsider
        );
        if needs_reasons && reasons.trim().chars().count() < 10 {
            return Err(TransitionError::ReasonsRequired);
        }
        match (self, t) {
            (Status::Proposed, Transition::Recognise) => Ok(Status::Recognised),
            (Status::Proposed, Transition::Decline) => Ok(Status::Declined),
            (Status::Recognised, Transition::MarkDormant) => Ok(Status::Dormant),
            (Status::Dormant, Transition::Revive) => Ok(Status::Recognised),
            (Status::Recognised | Status::Dormant, Transition::Retire) => Ok(Status::Retired),
            (Status::Declined, Transition::Reconsider) => Ok(Status::Proposed),
            (from, transition) => Err(TransitionError::NotAllowed { from, transition }),
        }
    }

    /// Whether everyone may see the commons' page (a retired one stays visible).
    pub fn is_public(self) -> bool {
        matches!(self, Status::Recognised | Status::Dormant | Status::Retired)
    }

    /// Whether the commons is listed: on the map, in lists, search and open data, and
    /// open to new pacts (recognised or dormant).
    pub fn is_listed(self) -> bool {
        matches!(self, Status::Recognised | Status::Dormant)
    }

    /// Whether its record may still change (a merged commons is only a redirect).
    pub fn is_editable(self) -> bool {
        self != Status::Merged
    }
}

/// Why a merge of a duplicate into another commons is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeError {
    /// A commons cannot be merged into itself.
    SameCommons,
    /// The duplicate was already merged.
    AlreadyMerged,
    /// The commons kept is merged or declined: it cannot take another's place.
    TargetUnfit,
    ReasonsRequired,
}

/// Whether the duplicate `from` may be merged into `into` (their statuses), with
/// written reasons.
pub fn merge_check(
    from: (i64, Status),
    into: (i64, Status),
    reasons: &str,
) -> Result<(), MergeError> {
    if from.0 == into.0 {
        return Err(MergeError::SameCommons);
    }
    if from.1 == Status::Merged {
        return Err(MergeError::AlreadyMerged);
    }
    if matches!(into.1, Status::Merged | Status::Declined) {
        return Err(MergeError::TargetUnfit);
    }
    if reasons.trim().chars().count() < 10 {
        return Err(MergeError::ReasonsRequired);
    }
    Ok(())
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
    /// What the commons office records (empty in a citizen's proposal).
    pub asset_code: String,
    pub condition: String,
    pub restrictions: String,
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
    /// The asset or cadastral code.
    pub asset_code: String,
    pub condition: Condition,
    /// Heritage or use restrictions.
    pub restrictions: String,
}

/// One field an edit changed, as text (what the history shows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// The least and most characters of the reason an edit gives.
pub const EDIT_REASON_MIN: usize = 5;
pub const EDIT_REASON_MAX: usize = 1000;

/// Checks the reason given for an edit (a field error key when refused).
pub fn check_edit_reason(reason: &str) -> Result<String, &'static str> {
    let r = reason.trim();
    let n = r.chars().count();
    if n < EDIT_REASON_MIN {
        Err("field-commons-edit-reason-required")
    } else if n > EDIT_REASON_MAX {
        Err("field-text-too-long")
    } else if r
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Err("field-text-invalid")
    } else {
        Ok(r.replace("\r\n", "\n"))
    }
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
        let asset_code = text(&mut e, "asset_code", &input.asset_code, 100, None);
        let condition = match input.condition.trim() {
            "" => Some(Condition::Unknown),
            c => Condition::parse(c),
        };
        if condition.is_none() {
            e.add("condition", "field-commons-condition-invalid");
        }
        let restrictions = text(&mut e, "restrictions", &input.restrictions, 4000, None);
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
        match (kind, category, location, owner, condition) {
            (Some(kind), Some(category), Some(location), Some(owner), Some(condition))
                if e.is_empty() =>
            {
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
                    asset_code,
                    condition,
                    restrictions,
                })
            }
            _ => Err(e),
        }
    }

    /// The fields `after` changes, in the form's order, each as text (the group and
    /// the proposer are not edited).
    pub fn changes(&self, after: &NewCommons) -> Vec<Change> {
        let provisioning = |c: &NewCommons| {
            c.provisioning
                .iter()
                .map(|p| p.code())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let at = |c: &NewCommons| format!("{:.6}, {:.6}", c.location.lat, c.location.lon);
        let pairs: [(&'static str, String, String); 15] = [
            ("name", self.name.clone(), after.name.clone()),
            (
                "description",
                self.description.clone(),
                after.description.clone(),
            ),
            ("kind", self.kind.code().into(), after.kind.code().into()),
            (
                "category",
                self.category.code().into(),
                after.category.code().into(),
            ),
            ("provisioning", provisioning(self), provisioning(after)),
            ("location", at(self), at(after)),
            (
                "site",
                self.site.clone().unwrap_or_default(),
                after.site.clone().unwrap_or_default(),
            ),
            ("address", self.address.clone(), after.address.clone()),
            ("owner", self.owner.code().into(), after.owner.code().into()),
            ("why", self.why.clone(), after.why.clone()),
            ("rules", self.rules.clone(), after.rules.clone()),
            ("licence", self.licence.clone(), after.licence.clone()),
            (
                "asset_code",
                self.asset_code.clone(),
                after.asset_code.clone(),
            ),
            (
                "condition",
                self.condition.code().into(),
                after.condition.code().into(),
            ),
            (
                "restrictions",
                self.restrictions.clone(),
                after.restrictions.clone(),
            ),
        ];
        pairs
            .into_iter()
            .filter(|(_, old, new)| old != new)
            .map(|(field, old, new)| Change { field, old, new })
            .collect()
    }

    /// `self` with the office's fields (asset code, condition, restrictions) taken
    /// from `kept`: what an edit by someone who may not change them saves.
    pub fn keeping_office_fields(mut self, kept: &NewCommons) -> NewCommons {
        self.asset_code = kept.asset_code.clone();
        self.condition = kept.condition;
        self.restrictions = kept.restrictions.clone();
        self
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
            (Recognised, Retire),
            (Dormant, Retire),
            (Declined, Reconsider),
        ];
        for from in Status::ALL {
            for t in [Recognise, Decline, MarkDormant, Revive, Retire, Reconsider] {
                let ok = from.apply(t, reasons).is_ok();
                assert_eq!(ok, allowed.contains(&(*from, t)), "{from:?} {t:?}");
            }
        }
        assert!(!Declined.is_public());
        assert_eq!(
            Recognised.apply(Retire, "gone"),
            Err(TransitionError::ReasonsRequired)
        );
        assert_eq!(
            Declined.apply(Reconsider, ""),
            Err(TransitionError::ReasonsRequired)
        );
        // A retired commons stays visible but leaves the map and the lists.
        assert!(Retired.is_public() && !Retired.is_listed());
        assert!(!Merged.is_public() && !Merged.is_listed() && !Merged.is_editable());
        let listed: Vec<Status> = Status::ALL
            .iter()
            .copied()
            .filter(|s| s.is_listed())
            .collect();
        assert_eq!(listed, vec![Recognised, Dormant]);
    }

    #[test]
    fn a_duplicate_merges_only_into_a_live_other_commons() {
        use Status::*;
        let why = "Registered twice by two neighbours.";
        assert_eq!(merge_check((1, Proposed), (2, Recognised), why), Ok(()));
        assert_eq!(merge_check((1, Recognised), (2, Proposed), why), Ok(()));
        assert_eq!(
            merge_check((1, Proposed), (1, Proposed), why),
            Err(MergeError::SameCommons)
        );
        assert_eq!(
            merge_check((1, Merged), (2, Recognised), why),
            Err(MergeError::AlreadyMerged)
        );
        for unfit in [Merged, Declined] {
            assert_eq!(
                merge_check((1, Proposed), (2, unfit), why),
                Err(MergeError::TargetUnfit)
            );
        }
        assert_eq!(
            merge_check((1, Proposed), (2, Recognised), "dup"),
            Err(MergeError::ReasonsRequired)
        );
    }

    fn valid_input() -> CommonsInput {
        CommonsInput {
            name: "Giardino del Guasto".into(),
            description: "A garden on old ruins.".into(),
            kind: "tangible".into(),
            category: "green_area".into(),
            provisioning: vec!["food".into()],
            lat: "44.4990".into(),
            lng: "11.3490".into(),
            owner: "city".into(),
            why: "Neighbours keep it open.".into(),
            ..CommonsInput::default()
        }
    }

    #[test]
    fn an_edit_lists_exactly_the_fields_it_changes() {
        let before = NewCommons::validate(&valid_input()).unwrap();
        assert!(before.changes(&before).is_empty());
        assert_eq!(before.condition, Condition::Unknown);
        let after = NewCommons::validate(&CommonsInput {
            name: "Giardino del Guasto (Bologna)".into(),
            lat: "44.5".into(),
            condition: "poor".into(),
            asset_code: "FG 12 / 345".into(),
            ..valid_input()
        })
        .unwrap();
        let changes = before.changes(&after);
        let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["name", "location", "asset_code", "condition"]);
        assert_eq!(changes[1].old, "44.499000, 11.349000");
        assert_eq!(changes[1].new, "44.500000, 11.349000");
        assert_eq!(changes[3].old, "unknown");
        assert_eq!(changes[3].new, "poor");
        // Someone who may not change the office's fields keeps them as they were.
        let kept = after.clone().keeping_office_fields(&before);
        let fields: Vec<&str> = before.changes(&kept).iter().map(|c| c.field).collect();
        assert_eq!(fields, ["name", "location"]);
    }

    #[test]
    fn office_fields_are_checked_and_an_edit_needs_a_reason() {
        let bad = NewCommons::validate(&CommonsInput {
            condition: "ruined".into(),
            asset_code: "x".repeat(101),
            ..valid_input()
        })
        .unwrap_err();
        assert!(bad.has("condition") && bad.has("asset_code"));
        assert_eq!(
            check_edit_reason(" typo "),
            Err("field-commons-edit-reason-required")
        );
        assert_eq!(
            check_edit_reason("Fixed the address\r\nas the owner asked."),
            Ok("Fixed the address\nas the owner asked.".to_string())
        );
        assert_eq!(
            check_edit_reason(&"y".repeat(1001)),
            Err("field-text-too-long")
        );
        assert_eq!(
            check_edit_reason("bad \u{0} byte"),
            Err("field-text-invalid")
        );
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
