//! The vocabulary of assemblies and chambers and the rules of a body's settings and
//! membership (DOMAIN.md, "Assemblies and Chambers of the Commons"), as plain types
//! without I/O.
//!
//! An assembly's members are people and anyone may join (or ask to, where a facilitator
//! admits each request); a chamber's members are groups of the kinds it admits, each
//! admitted by a facilitator and voting through its referent or a named delegate.

pub mod amendment;
pub mod chart;
pub mod meeting;
pub mod motion;
pub mod recommendation;
pub mod vote;

use crate::kit::codes::code_enum;
use crate::kit::refusal::FormErrors;
use crate::kit::text::slugify;

code_enum! {
    /// Whether the body's members are people (assembly) or organisations (chamber).
    BodyKind label "body-kind" {
        Assembly => "assembly",
        Chamber => "chamber",
    }
}

code_enum! {
    /// How one becomes a member of an assembly.
    Joining label "body-joining" {
        Open => "open",
        Approval => "approval",
    }
}

code_enum! {
    /// Where a membership stands; `pending` and `member` are current, the others closed.
    MemberStatus label "member-status" {
        Pending => "pending",
        Member => "member",
        Refused => "refused",
        Left => "left",
    }
}

code_enum! {
    /// The kinds of organisation a chamber may admit (the codes of accounts' group
    /// kinds; a test checks they match).
    OrgKind label "group-kind" {
        Association => "association",
        Cooperative => "cooperative",
        SocialEnterprise => "social_enterprise",
        InformalGroup => "informal_group",
    }
}

/// The most supporters a body may ask of a motion before it goes to a vote.
pub const MAX_MOTION_THRESHOLD: i64 = 1_000;
pub const MAX_NAME: usize = 120;
pub const MAX_CHARTER: usize = 20_000;
pub const MAX_THEME: usize = 120;
pub const MAX_REASON: usize = 2_000;
/// Slugs taken by the area's own pages (`/assemblies/new`).
pub const RESERVED_SLUGS: &[&str] = &["new"];

/// What an administrator typed into the body form, unvalidated (kept to refill it).
#[derive(Debug, Clone, Default)]
pub struct BodyInput {
    pub kind: String,
    pub name: String,
    pub charter: String,
    /// A district id, or "" for the whole city.
    pub district: String,
    pub theme: String,
    pub joining: String,
    pub admits: Vec<String>,
    pub motion_threshold: String,
}

impl BodyInput {
    pub fn admits(&self, code: &str) -> bool {
        self.admits.iter().any(|a| a == code)
    }
}

/// A body's validated settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodySettings {
    pub kind: BodyKind,
    pub name: String,
    pub slug: String,
    pub charter: String,
    pub district: Option<i64>,
    pub theme: String,
    pub joining: Joining,
    /// Sorted, without repeats; empty for an assembly.
    pub admits: Vec<OrgKind>,
    pub motion_threshold: i64,
}

impl BodySettings {
    /// Validates every field, one message per field. A chamber admits at least one kind
    /// of organisation and always by approval; an assembly admits none.
    pub fn validate(input: &BodyInput) -> Result<BodySettings, FormErrors> {
        let mut e = FormErrors::new();
        let kind = BodyKind::parse(&input.kind);
        if kind.is_none() {
            e.add("kind", "field-body-kind-invalid");
        }
        let name = clean(&input.name);
        let slug = slugify(&name);
        if name.is_empty() {
            e.add("name", "field-body-name-required");
        } else if name.chars().count() > MAX_NAME
            || has_control(&name)
            || slug.is_empty()
            || RESERVED_SLUGS.contains(&slug.as_str())
        {
            e.add("name", "field-body-name-invalid");
        }
        let charter = input.charter.trim().replace("\r\n", "\n");
        if charter.chars().count() > MAX_CHARTER {
            e.add("charter", "field-text-too-long");
        } else if has_control(&charter.replace(['\n', '\t'], " ")) {
            e.add("charter", "field-text-invalid");
        }
        let district = match input.district.trim() {
            "" => None,
            d => match d.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    e.add("district", "field-body-district-invalid");
                    None
                }
            },
        };
        let theme = clean(&input.theme);
        if theme.chars().count() > MAX_THEME || has_control(&theme) {
            e.add("theme", "field-body-theme-invalid");
        }
        let joining = Joining::parse(&input.joining);
        if joining.is_none() {
            e.add("joining", "field-body-joining-invalid");
        }
        let mut admits = Vec::new();
        for a in &input.admits {
            match OrgKind::parse(a) {
                Some(k) => admits.push(k),
                None => e.add("admits", "field-body-admits-invalid"),
            }
        }
        admits.sort();
        admits.dedup();
        match kind {
            Some(BodyKind::Chamber) => {
                if admits.is_empty() && !e.has("admits") {
                    e.add("admits", "field-body-admits-required");
                }
                if joining == Some(Joining::Open) {
                    e.add("joining", "field-body-chamber-approval");
                }
            }
            Some(BodyKind::Assembly) if !admits.is_empty() => {
                e.add("admits", "field-body-admits-assembly")
            }
            _ => {}
        }
        let motion_threshold = match input.motion_threshold.trim().parse::<i64>() {
            Ok(n) if (1..=MAX_MOTION_THRESHOLD).contains(&n) => n,
            _ => {
                e.add("motion_threshold", "field-body-threshold-invalid");
                0
            }
        };
        match (kind, joining) {
            (Some(kind), Some(joining)) if e.is_empty() => Ok(BodySettings {
                kind,
                name,
                slug,
                charter,
                district,
                theme,
                joining,
                admits,
                motion_threshold,
            }),
            _ => Err(e),
        }
    }

    /// The admitted kinds as stored (comma-separated codes).
    pub fn admits_codes(&self) -> String {
        codes(&self.admits)
    }
}

/// Comma-separated codes of organisation kinds.
pub fn codes(kinds: &[OrgKind]) -> String {
    kinds.iter().map(|k| k.code()).collect::<Vec<_>>().join(",")
}

/// The organisation kinds stored as comma-separated codes (unknown codes skipped).
pub fn parse_codes(s: &str) -> Vec<OrgKind> {
    s.split(',').filter_map(OrgKind::parse).collect()
}

/// A reason given when refusing a request or removing a member: optional, bounded.
pub fn reason(text: &str) -> Result<String, &'static str> {
    let r = text.trim().replace("\r\n", "\n");
    if r.chars().count() > MAX_REASON {
        Err("field-text-too-long")
    } else if has_control(&r.replace(['\n', '\t'], " ")) {
        Err("field-text-invalid")
    } else {
        Ok(r)
    }
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// What a person or group joining becomes: a member at once (an open assembly) or a
/// pending request a facilitator decides.
pub fn status_on_request(kind: BodyKind, joining: Joining) -> MemberStatus {
    match (kind, joining) {
        (BodyKind::Assembly, Joining::Open) => MemberStatus::Member,
        _ => MemberStatus::Pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assembly() -> BodyInput {
        BodyInput {
            kind: "assembly".into(),
            name: "  Assemblea   dei Beni Comuni ".into(),
            charter: "We care.\r\nTogether.".into(),
            district: String::new(),
            theme: String::new(),
            joining: "open".into(),
            admits: Vec::new(),
            motion_threshold: "3".into(),
        }
    }

    fn chamber() -> BodyInput {
        BodyInput {
            kind: "chamber".into(),
            name: "Camera dei Beni Comuni".into(),
            joining: "approval".into(),
            admits: vec![
                "cooperative".into(),
                "association".into(),
                "cooperative".into(),
            ],
            district: "4".into(),
            ..assembly()
        }
    }

    #[test]
    fn a_good_assembly_and_chamber_are_accepted_and_cleaned() {
        let a = BodySettings::validate(&assembly()).unwrap();
        assert_eq!(a.name, "Assemblea dei Beni Comuni");
        assert_eq!(a.slug, "assemblea-dei-beni-comuni");
        assert_eq!(a.charter, "We care.\nTogether.");
        assert_eq!((a.district, a.motion_threshold), (None, 3));
        let c = BodySettings::validate(&chamber()).unwrap();
        assert_eq!(c.admits, [OrgKind::Association, OrgKind::Cooperative]);
        assert_eq!(c.admits_codes(), "association,cooperative");
        assert_eq!(parse_codes(&c.admits_codes()), c.admits);
        assert_eq!(c.district, Some(4));
    }

    #[test]
    fn each_bad_field_gets_its_message() {
        let cases: Vec<(BodyInput, &str, &str)> = vec![
            (
                BodyInput {
                    kind: "club".into(),
                    ..assembly()
                },
                "kind",
                "field-body-kind-invalid",
            ),
            (
                BodyInput {
                    name: " ".into(),
                    ..assembly()
                },
                "name",
                "field-body-name-required",
            ),
            (
                BodyInput {
                    name: "x".repeat(121),
                    ..assembly()
                },
                "name",
                "field-body-name-invalid",
            ),
            (
                BodyInput {
                    name: "!!!".into(),
                    ..assembly()
                },
                "name",
                "field-body-name-invalid",
            ),
            (
                BodyInput {
                    charter: "x".repeat(20_001),
                    ..assembly()
                },
                "charter",
                "field-text-too-long",
            ),
            (
                BodyInput {
                    charter: "a\u{7}b".into(),
                    ..assembly()
                },
                "charter",
                "field-text-invalid",
            ),
            (
                BodyInput {
                    district: "-1".into(),
                    ..assembly()
                },
                "district",
                "field-body-district-invalid",
            ),
            (
                BodyInput {
                    district: "north".into(),
                    ..assembly()
                },
                "district",
                "field-body-district-invalid",
            ),
            (
                BodyInput {
                    theme: "t".repeat(121),
                    ..assembly()
                },
                "theme",
                "field-body-theme-invalid",
            ),
            (
                BodyInput {
                    joining: "free".into(),
                    ..assembly()
                },
                "joining",
                "field-body-joining-invalid",
            ),
            (
                BodyInput {
                    admits: vec!["business".into()],
                    ..chamber()
                },
                "admits",
                "field-body-admits-invalid",
            ),
            (
                BodyInput {
                    admits: vec![],
                    ..chamber()
                },
                "admits",
                "field-body-admits-required",
            ),
            (
                BodyInput {
                    joining: "open".into(),
                    ..chamber()
                },
                "joining",
                "field-body-chamber-approval",
            ),
            (
                BodyInput {
                    admits: vec!["association".into()],
                    ..assembly()
                },
                "admits",
                "field-body-admits-assembly",
            ),
            (
                BodyInput {
                    motion_threshold: "0".into(),
                    ..assembly()
                },
                "motion_threshold",
                "field-body-threshold-invalid",
            ),
            (
                BodyInput {
                    motion_threshold: "1001".into(),
                    ..assembly()
                },
                "motion_threshold",
                "field-body-threshold-invalid",
            ),
            (
                BodyInput {
                    motion_threshold: "three".into(),
                    ..assembly()
                },
                "motion_threshold",
                "field-body-threshold-invalid",
            ),
        ];
        for (input, field, key) in cases {
            let e = BodySettings::validate(&input).unwrap_err();
            assert_eq!(e.get(field), key, "{input:?}");
            assert_eq!(e.fields(), [field], "{input:?}");
        }
    }

    #[test]
    fn only_an_open_assembly_admits_at_once() {
        assert_eq!(
            status_on_request(BodyKind::Assembly, Joining::Open),
            MemberStatus::Member
        );
        assert_eq!(
            status_on_request(BodyKind::Assembly, Joining::Approval),
            MemberStatus::Pending
        );
        assert_eq!(
            status_on_request(BodyKind::Chamber, Joining::Approval),
            MemberStatus::Pending
        );
        assert_eq!(
            status_on_request(BodyKind::Chamber, Joining::Open),
            MemberStatus::Pending
        );
    }

    #[test]
    fn reasons_are_bounded() {
        assert_eq!(
            reason("  not a commons group \r\n "),
            Ok("not a commons group".into())
        );
        assert_eq!(reason(&"r".repeat(2_001)), Err("field-text-too-long"));
        assert_eq!(reason("a\u{0}"), Err("field-text-invalid"));
    }
}
