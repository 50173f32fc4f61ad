//! A meeting's validated details and agenda, and its calendar entry (RFC 5545), as
//! plain functions without I/O.
//!
//! Times are the city's local time, as typed in a `datetime-local` field (the calendar
//! entries carry them as floating times, which calendars show as typed). An agenda is
//! one item per line; a line that starts with a pact's, a commons' or a motion's address
//! (`/pacts/12`, `/commons/7`, `/assemblies/<body>/motions/3`, or the full link) links
//! it, and the rest of the line is the item's title (empty: the linked thing's own
//! name). A motion must be one of the meeting's own body: the service checks it.

use chrono::{Duration, NaiveDateTime};

use crate::kit::codes::code_enum;
use crate::kit::refusal::FormErrors;

code_enum! {
    /// What an agenda item is about.
    ItemKind label "agenda-kind" {
        Free => "free",
        Pact => "pact",
        Commons => "commons",
        Motion => "motion",
    }
}

pub const MAX_TITLE: usize = 200;
pub const MAX_PLACE: usize = 300;
pub const MAX_URL: usize = 500;
pub const MAX_ITEMS: usize = 50;
pub const MAX_MINUTES: usize = 50_000;
/// The longest meeting (a day).
pub const MAX_HOURS: i64 = 24;

/// What a facilitator typed into the meeting form, unvalidated.
#[derive(Debug, Clone, Default)]
pub struct MeetingInput {
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub online_url: String,
    pub agenda: String,
}

/// One agenda item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    pub ref_id: Option<i64>,
    pub title: String,
}

/// A validated meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub place: String,
    pub online_url: String,
    pub agenda: Vec<Item>,
}

/// Reads a `datetime-local` value (`2026-12-10T18:30`, seconds optional).
pub fn parse_local(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

/// Reads one agenda line: a linked pact or commons, or a free title.
fn item(line: &str) -> Option<Item> {
    let line = one_line(line);
    if line.is_empty() {
        return None;
    }
    let path = match line.find("://") {
        // A full link: its path.
        Some(i) => line[i + 3..].find('/').map(|j| &line[i + 3 + j..]),
        None => Some(line.as_str()),
    };
    // A motion's address names its body: `/assemblies/<slug>/motions/<id>`.
    let motion = path
        .and_then(|p| p.strip_prefix("/assemblies/"))
        .and_then(|p| p.split_once('/'))
        .filter(|(slug, _)| !slug.is_empty() && !slug.contains(' '))
        .map(|(_, rest)| rest);
    for (rest, prefix, kind) in [
        (path, "/pacts/", ItemKind::Pact),
        (path, "/commons/", ItemKind::Commons),
        (motion, "motions/", ItemKind::Motion),
    ] {
        if let Some(rest) = rest.and_then(|p| p.strip_prefix(prefix)) {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let after = &rest[digits.len()..];
            if let Ok(id) = digits.parse::<i64>()
                && (after.is_empty() || after.starts_with(' '))
            {
                return Some(Item {
                    kind,
                    ref_id: Some(id),
                    title: after.trim().to_string(),
                });
            }
        }
    }
    Some(Item {
        kind: ItemKind::Free,
        ref_id: None,
        title: line,
    })
}

impl NewMeeting {
    /// Validates every field, one message per field. A meeting has a place, a link or
    /// both; it ends after it starts, within a day.
    pub fn validate(input: &MeetingInput) -> Result<NewMeeting, FormErrors> {
        let mut e = FormErrors::new();
        let title = one_line(&input.title);
        if title.is_empty() {
            e.add("title", "field-meeting-title-required");
        } else if title.chars().count() > MAX_TITLE || has_control(&title) {
            e.add("title", "field-meeting-title-invalid");
        }
        let starts_at = parse_local(&input.starts_at);
        if starts_at.is_none() {
            e.add("starts_at", "field-meeting-time-invalid");
        }
        let ends_at = parse_local(&input.ends_at);
        match (starts_at, ends_at) {
            (_, None) => e.add("ends_at", "field-meeting-time-invalid"),
            (Some(s), Some(end)) if end <= s || end - s > Duration::hours(MAX_HOURS) => {
                e.add("ends_at", "field-meeting-end-invalid")
            }
            _ => {}
        }
        let place = one_line(&input.place);
        if place.chars().count() > MAX_PLACE || has_control(&place) {
            e.add("place", "field-meeting-place-invalid");
        }
        let online_url = input.online_url.trim().to_string();
        let url_ok = online_url.is_empty()
            || ((online_url.starts_with("https://") || online_url.starts_with("http://"))
                && online_url.len() <= MAX_URL
                && !online_url
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control()));
        if !url_ok {
            e.add("online_url", "field-meeting-url-invalid");
        } else if place.is_empty() && online_url.is_empty() {
            e.add("place", "field-meeting-where-required");
        }
        let lines: Vec<&str> = input
            .agenda
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect();
        let agenda: Vec<Item> = lines.iter().filter_map(|l| item(l)).collect();
        if agenda.len() > MAX_ITEMS {
            e.add("agenda", "field-meeting-agenda-too-long");
        } else if agenda
            .iter()
            .any(|i| i.title.chars().count() > MAX_TITLE || has_control(&i.title))
        {
            e.add("agenda", "field-meeting-agenda-invalid");
        }
        match (starts_at, ends_at) {
            (Some(starts_at), Some(ends_at)) if e.is_empty() => Ok(NewMeeting {
                title,
                starts_at,
                ends_at,
                place,
                online_url,
                agenda,
            }),
            _ => Err(e),
        }
    }
}

/// Checks minutes: bounded text, line breaks kept.
pub fn minutes(text: &str) -> Result<String, &'static str> {
    let m = text.trim().replace("\r\n", "\n");
    if m.is_empty() {
        Err("field-meeting-minutes-required")
    } else if m.chars().count() > MAX_MINUTES {
        Err("field-text-too-long")
    } else if m.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        Err("field-text-invalid")
    } else {
        Ok(m)
    }
}

/// One meeting as a calendar entry.
#[derive(Debug, Clone)]
pub struct CalendarEntry {
    /// A stable id: the meeting's number and the site's host.
    pub uid: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub location: String,
    pub url: String,
    pub description: String,
    pub cancelled: bool,
}

/// A calendar (RFC 5545) with these entries; `name` names it in calendar apps.
pub fn calendar(name: &str, entries: &[CalendarEntry]) -> String {
    use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
    let mut cal = Calendar::new();
    cal.name(name);
    for m in entries {
        let mut ev = Event::new();
        ev.uid(&m.uid)
            .summary(&m.title)
            .starts(m.starts_at)
            .ends(m.ends_at)
            .url(&m.url)
            .description(&m.description);
        if !m.location.is_empty() {
            ev.location(&m.location);
        }
        if m.cancelled {
            ev.status(EventStatus::Cancelled);
        }
        cal.push(ev.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> MeetingInput {
        MeetingInput {
            title: " Spring  assembly ".into(),
            starts_at: "2026-12-10T18:30".into(),
            ends_at: "2026-12-10T20:00".into(),
            place: "Biblioteca Lame".into(),
            online_url: String::new(),
            agenda: "Welcome\n/pacts/12 Renewal of the garden pact\nhttps://city.example/commons/7\n\n/pacts/x not a link\n/assemblies/valdora/motions/3\n".into(),
        }
    }

    #[test]
    fn a_good_meeting_reads_its_agenda_links() {
        let m = NewMeeting::validate(&good()).unwrap();
        assert_eq!(m.title, "Spring assembly");
        assert_eq!(m.agenda.len(), 5);
        assert_eq!(
            m.agenda[0],
            Item {
                kind: ItemKind::Free,
                ref_id: None,
                title: "Welcome".into()
            }
        );
        assert_eq!(
            m.agenda[1],
            Item {
                kind: ItemKind::Pact,
                ref_id: Some(12),
                title: "Renewal of the garden pact".into()
            }
        );
        assert_eq!(
            m.agenda[2],
            Item {
                kind: ItemKind::Commons,
                ref_id: Some(7),
                title: String::new()
            }
        );
        assert_eq!(m.agenda[3].kind, ItemKind::Free);
        assert_eq!(
            m.agenda[4],
            Item {
                kind: ItemKind::Motion,
                ref_id: Some(3),
                title: String::new(),
            }
        );
        assert!(item("/pacts/12abc").is_some_and(|i| i.kind == ItemKind::Free));
        assert!(item("/assemblies//motions/3").is_some_and(|i| i.kind == ItemKind::Free));
        assert!(item("/assemblies/x/y/motions/3").is_some_and(|i| i.kind == ItemKind::Free));
    }

    #[test]
    fn each_bad_field_gets_its_message() {
        let cases: Vec<(MeetingInput, &str, &str)> = vec![
            (
                MeetingInput {
                    title: " ".into(),
                    ..good()
                },
                "title",
                "field-meeting-title-required",
            ),
            (
                MeetingInput {
                    title: "t".repeat(201),
                    ..good()
                },
                "title",
                "field-meeting-title-invalid",
            ),
            (
                MeetingInput {
                    starts_at: "tomorrow".into(),
                    ..good()
                },
                "starts_at",
                "field-meeting-time-invalid",
            ),
            (
                MeetingInput {
                    ends_at: "2026-12-10T18:30".into(),
                    ..good()
                },
                "ends_at",
                "field-meeting-end-invalid",
            ),
            (
                MeetingInput {
                    ends_at: "2026-12-12T18:30".into(),
                    ..good()
                },
                "ends_at",
                "field-meeting-end-invalid",
            ),
            (
                MeetingInput {
                    place: String::new(),
                    ..good()
                },
                "place",
                "field-meeting-where-required",
            ),
            (
                MeetingInput {
                    place: "p".repeat(301),
                    ..good()
                },
                "place",
                "field-meeting-place-invalid",
            ),
            (
                MeetingInput {
                    online_url: "javascript:alert(1)".into(),
                    ..good()
                },
                "online_url",
                "field-meeting-url-invalid",
            ),
            (
                MeetingInput {
                    online_url: "https://a b".into(),
                    ..good()
                },
                "online_url",
                "field-meeting-url-invalid",
            ),
            (
                MeetingInput {
                    agenda: "x\n".repeat(51),
                    ..good()
                },
                "agenda",
                "field-meeting-agenda-too-long",
            ),
            (
                MeetingInput {
                    agenda: "a".repeat(201),
                    ..good()
                },
                "agenda",
                "field-meeting-agenda-invalid",
            ),
        ];
        for (input, field, key) in cases {
            let e = NewMeeting::validate(&input).unwrap_err();
            assert_eq!(e.fields(), [field], "{input:?}");
            assert_eq!(e.get(field), key, "{input:?}");
        }
        let online = MeetingInput {
            place: String::new(),
            online_url: "https://meet.example/abc".into(),
            ..good()
        };
        assert!(NewMeeting::validate(&online).is_ok());
    }

    #[test]
    fn minutes_are_required_and_bounded() {
        assert_eq!(
            minutes(" We met.\r\nWe agreed. "),
            Ok("We met.\nWe agreed.".into())
        );
        assert_eq!(minutes("  "), Err("field-meeting-minutes-required"));
        assert_eq!(minutes(&"m".repeat(50_001)), Err("field-text-too-long"));
        assert_eq!(minutes("a\u{0}"), Err("field-text-invalid"));
    }

    #[test]
    fn the_calendar_carries_each_meeting_escaped() {
        let at = parse_local("2026-12-10T18:30").unwrap();
        let entry = CalendarEntry {
            uid: "meeting-4@pactum.example".into(),
            title: "Assembly; with, commas".into(),
            starts_at: at,
            ends_at: at + Duration::hours(2),
            location: "Biblioteca Lame".into(),
            url: "https://pactum.example/assemblies/a/meetings/4".into(),
            description: "Agenda:\n1. Welcome".into(),
            cancelled: true,
        };
        let ics = calendar("Assemblea", &[entry]);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
        assert!(ics.contains("UID:meeting-4@pactum.example\r\n"), "{ics}");
        assert!(
            ics.contains("SUMMARY:Assembly\\; with\\, commas\r\n"),
            "{ics}"
        );
        assert!(ics.contains("DTSTART:20261210T183000\r\n"), "{ics}");
        assert!(ics.contains("DTEND:20261210T203000\r\n"), "{ics}");
        assert!(ics.contains("STATUS:CANCELLED\r\n"), "{ics}");
        assert!(
            ics.contains("DESCRIPTION:Agenda:\\n1. Welcome\r\n"),
            "{ics}"
        );
        assert!(ics.trim_end().ends_with("END:VCALENDAR"), "{ics}");
    }
}
