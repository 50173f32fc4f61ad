//! Calls (*avvisi*) on the commons the city owns (DOMAIN.md, "Collaboration pacts"):
//! the pure rules. An office publishes a call for a city-owned commons or for a theme,
//! with criteria, a deadline and the support it offers; citizens answer with proposals
//! until the end of the deadline's day (the city's day: the app clock's date); after
//! it, the office compares the answers and chooses one, with reasons, or cancels the
//! call before a choice. Publishing a complex pact opens a call of kind `competition`
//! for its commons until its observation period closes, where the pact itself is one
//! of the answers.
//!
//! Here: the vocabulary ([`CallKind`], [`CallStatus`]), the deadline rule
//! ([`accepts_answers`]), the call form's validation ([`NewCall::validate`]), how an
//! answer not chosen is closed ([`closes_with`]) and who may do what to a call
//! ([`may`], the one decision the services enforce and the pages follow).
//!
//! Pure: no database, no web; it uses the kit, the procedure and the text rules.

use chrono::{Months, NaiveDate};

use super::policy::Denial;
use super::procedure::{PactState, Transition};
use crate::kit::actor::Who;
use crate::kit::codes::code_enum;
use crate::kit::refusal::FormErrors;
use crate::kit::roles::Role;

code_enum! {
    /// `call`: published by an office; `competition`: opened by a complex pact's
    /// publication, for competing proposals on its commons.
    CallKind label "call-kind" {
        Call => "call",
        Competition => "competition",
    }
}

code_enum! {
    /// Where a call stands on a given day: `open` (answers may be submitted, until the
    /// end of the deadline's day), `closed` (the deadline has passed: the office
    /// compares the answers and chooses), `decided` (an answer was chosen, with
    /// reasons), `cancelled` (withdrawn by the office before a choice, with reasons).
    CallStatus label "call-status" {
        Open => "open",
        Closed => "closed",
        Decided => "decided",
        Cancelled => "cancelled",
    }
}

/// The longest title of a call, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest theme (one line), in characters.
pub const MAX_THEME: usize = 200;
/// The longest description, criteria, support offered or reasons, in characters.
pub const MAX_TEXT: usize = 10_000;
/// How far ahead a deadline may be, in months.
pub const MAX_AHEAD_MONTHS: u32 = 24;

/// Whether a call with this deadline still takes answers on `today`: until the end of
/// the deadline's day.
pub fn accepts_answers(deadline: NaiveDate, today: NaiveDate) -> bool {
    today <= deadline
}

/// Where a call stands on `today`: a cancellation or a choice settles it; else the
/// deadline decides whether answers are still taken.
pub fn status(deadline: NaiveDate, today: NaiveDate, decided: bool, cancelled: bool) -> CallStatus {
    if cancelled {
        CallStatus::Cancelled
    } else if decided {
        CallStatus::Decided
    } else if accepts_answers(deadline, today) {
        CallStatus::Open
    } else {
        CallStatus::Closed
    }
}

/// The step that closes an answer not chosen, from its state: a rejection where the
/// procedure allows one, else a withdrawal; none for a draft (not an answer yet), a
/// pact already closed, or one already signed (decided otherwise).
pub fn closes_with(state: PactState) -> Option<Transition> {
    if state == PactState::Draft || state.is_terminal() || state.after_signature() {
        return None;
    }
    [Transition::Reject, Transition::Withdraw]
        .into_iter()
        .find(|t| t.target(state).is_some())
}

/// Where a call is: a commons the city owns, or a theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Commons(i64),
    Theme(String),
}

/// What the call form sends, kept as typed so a refused form shows it again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallInput {
    /// The office the call is published for (an id).
    pub office: String,
    pub title: String,
    pub description: String,
    /// A commons id (`#12` or `12`), or empty for a theme.
    pub commons: String,
    pub theme: String,
    pub criteria: String,
    pub support_offered: String,
    /// `YYYY-MM-DD`.
    pub deadline: String,
}

/// A call as the form validated it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCall {
    pub office: i64,
    pub title: String,
    pub description: String,
    pub place: Place,
    pub criteria: String,
    pub support_offered: String,
    pub deadline: NaiveDate,
}

impl NewCall {
    /// Checks the form on `today`: a title (one line, at most [`MAX_TITLE`]), a
    /// description, criteria and support of at most [`MAX_TEXT`], exactly one of a
    /// commons or a theme, and a deadline from today to [`MAX_AHEAD_MONTHS`] ahead.
    /// Every problem is reported next to its field.
    pub fn validate(input: &CallInput, today: NaiveDate) -> Result<NewCall, FormErrors> {
        let mut e = FormErrors::new();
        let office = match input.office.trim().parse::<i64>() {
            Ok(o) if o > 0 => o,
            _ => {
                e.add("office", "field-call-office-required");
                0
            }
        };
        let title = super::text::one_line(&input.title);
        if title.is_empty() {
            e.add("title", "field-required");
        } else if title.chars().count() > MAX_TITLE {
            e.add("title", "field-text-too-long");
        }
        let description = text(&mut e, "description", &input.description, true);
        let criteria = text(&mut e, "criteria", &input.criteria, false);
        let support_offered = text(&mut e, "support_offered", &input.support_offered, false);
        let theme = super::text::one_line(&input.theme);
        if theme.chars().count() > MAX_THEME {
            e.add("theme", "field-text-too-long");
        }
        let commons = match input.commons.trim().trim_start_matches('#') {
            "" => None,
            c => match c.parse::<i64>() {
                Ok(c) if c > 0 => Some(c),
                _ => {
                    e.add("commons", "field-call-commons-unknown");
                    None
                }
            },
        };
        let place = match (commons, theme.is_empty()) {
            (Some(c), true) => Some(Place::Commons(c)),
            (None, false) => Some(Place::Theme(theme)),
            (Some(_), false) => {
                e.add("commons", "field-call-place-both");
                None
            }
            (None, true) => {
                if !e.has("commons") {
                    e.add("commons", "field-call-place-required");
                }
                None
            }
        };
        let deadline = super::text::parse_date(&input.deadline);
        match deadline {
            None => e.add("deadline", "field-date-invalid"),
            Some(d) if d < today => e.add("deadline", "field-call-deadline-past"),
            Some(d) if Some(d) > today.checked_add_months(Months::new(MAX_AHEAD_MONTHS)) => {
                e.add("deadline", "field-call-deadline-far")
            }
            Some(_) => {}
        }
        match (place, deadline) {
            (Some(place), Some(deadline)) if e.is_empty() => Ok(NewCall {
                office,
                title,
                description,
                place,
                criteria,
                support_offered,
                deadline,
            }),
            _ => Err(e),
        }
    }

    pub fn commons(&self) -> Option<i64> {
        match self.place {
            Place::Commons(c) => Some(c),
            Place::Theme(_) => None,
        }
    }

    pub fn theme(&self) -> &str {
        match &self.place {
            Place::Commons(_) => "",
            Place::Theme(t) => t,
        }
    }
}

/// A text of the form: normalised, required or not, at most [`MAX_TEXT`].
fn text(e: &mut FormErrors, field: &'static str, v: &str, required: bool) -> String {
    let v = super::text::normalise(v);
    if required && v.is_empty() {
        e.add(field, "field-required");
    } else if v.chars().count() > MAX_TEXT {
        e.add(field, "field-text-too-long");
    }
    v
}

/// Everything a person may try to do to a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallAction {
    /// Publish a call for the office of the facts.
    Publish,
    /// Read the call, its decision and its public answers (and the list of calls).
    See,
    /// Compare every submitted answer side by side.
    Compare,
    /// Choose one answer, with reasons (after the deadline).
    Choose,
    /// Cancel the call, with reasons (before a choice).
    Cancel,
}

/// One call as the policy sees it, with the actor's offices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallFacts {
    /// The call's office (for [`CallAction::Publish`]: the office it would be for).
    pub office: i64,
    /// The city's coordinating office, if one is set.
    pub coordinating: Option<i64>,
    /// Where the call stands today (a call about to be published is open).
    pub status: CallStatus,
    /// The offices the actor belongs to (looked at for officials only).
    pub my_offices: Vec<i64>,
}

/// Whether `actor` (`None`: an anonymous visitor) may do `action` to the call of
/// `facts` now.
///
/// Everyone sees a call and the list of calls. Officials publish calls for their own
/// offices, administrators for any office. The call's office, the coordinating office
/// and administrators compare the answers, choose one (once the deadline has passed,
/// before any choice or cancellation) and cancel the call (before a choice).
pub fn may(actor: Option<&Who>, facts: &CallFacts, action: CallAction) -> Result<(), Denial> {
    use CallStatus as S;
    if action == CallAction::See {
        return Ok(());
    }
    let Some(w) = actor else {
        return Err(Denial::NotYours);
    };
    let official = w.has(Role::Official);
    let admin = w.has(Role::Admin);
    let mine = |o: i64| official && facts.my_offices.contains(&o);
    let yours = |ok: bool| {
        if ok {
            Ok(())
        } else if official {
            Err(Denial::NotYoursBecause("call-refused-other-office"))
        } else {
            Err(Denial::NotYours)
        }
    };
    let decides = admin || mine(facts.office) || facts.coordinating.is_some_and(mine);
    let unsettled = || match facts.status {
        S::Decided => Err(Denial::Conflict("call-refused-decided")),
        S::Cancelled => Err(Denial::Conflict("call-refused-cancelled")),
        S::Open | S::Closed => Ok(()),
    };
    match action {
        CallAction::See => Ok(()),
        CallAction::Publish => yours(admin || mine(facts.office)),
        CallAction::Compare => yours(decides),
        CallAction::Choose => {
            yours(decides)?;
            unsettled()?;
            if facts.status == S::Open {
                Err(Denial::Conflict("call-refused-before-deadline"))
            } else {
                Ok(())
            }
        }
        CallAction::Cancel => {
            yours(decides)?;
            unsettled()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CallAction as A;
    use CallStatus as S;

    const GREEN: i64 = 1;
    const HERITAGE: i64 = 2;
    const COORDINATING: i64 = 3;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn answers_are_taken_until_the_end_of_the_deadlines_day() {
        let deadline = day("2027-03-10");
        assert!(accepts_answers(deadline, day("2027-03-09")));
        assert!(accepts_answers(deadline, deadline));
        assert!(!accepts_answers(deadline, day("2027-03-11")));
        assert_eq!(status(deadline, deadline, false, false), S::Open);
        assert_eq!(status(deadline, day("2027-03-11"), false, false), S::Closed);
        assert_eq!(status(deadline, day("2027-03-11"), true, false), S::Decided);
        assert_eq!(status(deadline, deadline, false, true), S::Cancelled);
        // A cancellation wins over anything else.
        assert_eq!(status(deadline, deadline, true, true), S::Cancelled);
        for k in CallKind::ALL {
            assert_eq!(CallKind::parse(k.code()), Some(*k));
        }
        assert_eq!(S::Closed.label_key(), "call-status-closed");
        assert_eq!(CallKind::Competition.label_key(), "call-kind-competition");
    }

    #[test]
    fn an_answer_not_chosen_is_rejected_or_else_withdrawn() {
        use PactState as P;
        assert_eq!(closes_with(P::Submitted), Some(Transition::Reject));
        assert_eq!(closes_with(P::InReview), Some(Transition::Reject));
        assert_eq!(closes_with(P::CoDesign), Some(Transition::Reject));
        assert_eq!(
            closes_with(P::AwaitingIntegration),
            Some(Transition::Withdraw)
        );
        assert_eq!(closes_with(P::Published), Some(Transition::Withdraw));
        assert_eq!(
            closes_with(P::AwaitingSignatures),
            Some(Transition::Withdraw)
        );
        for s in [
            P::Draft,
            P::Rejected,
            P::Withdrawn,
            P::Concluded,
            P::Signed,
            P::Monitoring,
            P::Suspended,
        ] {
            assert_eq!(closes_with(s), None, "{s:?}");
        }
        // Whatever it answers, the step is one the procedure allows from the state.
        for s in PactState::ALL {
            if let Some(t) = closes_with(*s) {
                assert!(t.target(*s).is_some(), "{s:?} {t:?}");
            }
        }
    }

    fn input() -> CallInput {
        CallInput {
            office: GREEN.to_string(),
            title: "  Care for the  Lunetta garden ".into(),
            description: "The city offers the garden for care.\r\n".into(),
            commons: "#12".into(),
            theme: String::new(),
            criteria: "Experience with gardens.".into(),
            support_offered: "Tools and water.".into(),
            deadline: "2027-03-10".into(),
        }
    }

    fn errors(i: &CallInput, today: &str) -> Vec<(&'static str, &'static str)> {
        match NewCall::validate(i, day(today)) {
            Ok(_) => vec![],
            Err(e) => e.iter().copied().collect(),
        }
    }

    #[test]
    fn a_valid_call_is_read_into_its_parts() {
        let c = NewCall::validate(&input(), day("2027-01-01")).unwrap();
        assert_eq!(c.office, GREEN);
        assert_eq!(c.title, "Care for the Lunetta garden");
        assert_eq!(c.description, "The city offers the garden for care.");
        assert_eq!(c.place, Place::Commons(12));
        assert_eq!(c.commons(), Some(12));
        assert_eq!(c.theme(), "");
        assert_eq!(c.deadline, day("2027-03-10"));
        let themed = CallInput {
            commons: String::new(),
            theme: "Schoolyards open in summer".into(),
            ..input()
        };
        let c = NewCall::validate(&themed, day("2027-01-01")).unwrap();
        assert_eq!(c.place, Place::Theme("Schoolyards open in summer".into()));
        assert_eq!(c.commons(), None);
        // The deadline may be today (answers until tonight).
        assert!(NewCall::validate(&input(), day("2027-03-10")).is_ok());
    }

    #[test]
    fn the_form_is_refused_field_by_field() {
        let today = "2027-01-01";
        let blank = CallInput {
            office: String::new(),
            title: "   ".into(),
            description: "\n".into(),
            commons: String::new(),
            theme: String::new(),
            criteria: String::new(),
            support_offered: String::new(),
            deadline: "tomorrow".into(),
        };
        assert_eq!(
            errors(&blank, today),
            vec![
                ("office", "field-call-office-required"),
                ("title", "field-required"),
                ("description", "field-required"),
                ("commons", "field-call-place-required"),
                ("deadline", "field-date-invalid"),
            ]
        );
        let long = CallInput {
            title: "t".repeat(MAX_TITLE + 1),
            description: "d".repeat(MAX_TEXT + 1),
            criteria: "c".repeat(MAX_TEXT + 1),
            support_offered: "s".repeat(MAX_TEXT + 1),
            ..input()
        };
        assert_eq!(
            errors(&long, today),
            vec![
                ("title", "field-text-too-long"),
                ("description", "field-text-too-long"),
                ("criteria", "field-text-too-long"),
                ("support_offered", "field-text-too-long"),
            ]
        );
        let exactly = CallInput {
            title: "t".repeat(MAX_TITLE),
            description: "d".repeat(MAX_TEXT),
            ..input()
        };
        assert_eq!(errors(&exactly, today), vec![]);
        let both = CallInput {
            theme: "Gardens".into(),
            ..input()
        };
        assert_eq!(
            errors(&both, today),
            vec![("commons", "field-call-place-both")]
        );
        let bad_commons = CallInput {
            commons: "the park".into(),
            ..input()
        };
        assert_eq!(
            errors(&bad_commons, today),
            vec![("commons", "field-call-commons-unknown")]
        );
        assert_eq!(
            errors(&input(), "2027-03-11"),
            vec![("deadline", "field-call-deadline-past")]
        );
        let far = CallInput {
            deadline: "2029-01-02".into(),
            ..input()
        };
        assert_eq!(
            errors(&far, today),
            vec![("deadline", "field-call-deadline-far")]
        );
        let two_years = CallInput {
            deadline: "2029-01-01".into(),
            ..input()
        };
        assert_eq!(errors(&two_years, today), vec![]);
    }

    // ---- The policy, per person and per office -----------------------------------

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Person {
        Anonymous,
        Citizen,
        /// An official of the call's office.
        OwnerOffice,
        /// An official of another office.
        OtherOffice,
        /// An official of the coordinating office.
        Coordinating,
        /// An official of no office.
        NoOffice,
        Admin,
    }
    use Person::*;

    const PEOPLE: [Person; 7] = [
        Anonymous,
        Citizen,
        OwnerOffice,
        OtherOffice,
        Coordinating,
        NoOffice,
        Admin,
    ];

    fn who(p: Person) -> Option<Who> {
        let roles = match p {
            Anonymous => return None,
            Citizen => vec![Role::Citizen],
            Admin => vec![Role::Admin],
            _ => vec![Role::Citizen, Role::Official],
        };
        Some(Who {
            id: 7,
            roles,
            verified: true,
        })
    }

    fn facts(p: Person, status: CallStatus) -> CallFacts {
        CallFacts {
            office: GREEN,
            coordinating: Some(COORDINATING),
            status,
            my_offices: match p {
                OwnerOffice => vec![GREEN],
                OtherOffice => vec![HERITAGE],
                Coordinating => vec![COORDINATING],
                // A citizen's offices are never looked at.
                Citizen => vec![GREEN],
                _ => vec![],
            },
        }
    }

    fn allowed(a: CallAction, status: CallStatus) -> Vec<Person> {
        PEOPLE
            .into_iter()
            .filter(|p| may(who(*p).as_ref(), &facts(*p, status), a).is_ok())
            .collect()
    }

    #[test]
    fn everyone_sees_a_call_whatever_its_status() {
        for s in CallStatus::ALL {
            assert_eq!(allowed(A::See, *s), PEOPLE.to_vec());
        }
    }

    #[test]
    fn officials_publish_for_their_own_office_and_admins_for_any() {
        assert_eq!(allowed(A::Publish, S::Open), vec![OwnerOffice, Admin]);
        // The coordinating office publishes for itself, not for another office.
        let f = facts(Coordinating, S::Open);
        assert_eq!(
            may(who(Coordinating).as_ref(), &f, A::Publish),
            Err(Denial::NotYoursBecause("call-refused-other-office"))
        );
        let own = CallFacts {
            office: COORDINATING,
            ..f
        };
        assert!(may(who(Coordinating).as_ref(), &own, A::Publish).is_ok());
        assert_eq!(
            may(who(Citizen).as_ref(), &facts(Citizen, S::Open), A::Publish),
            Err(Denial::NotYours)
        );
        assert_eq!(
            may(None, &facts(Anonymous, S::Open), A::Publish),
            Err(Denial::NotYours)
        );
    }

    #[test]
    fn the_calls_office_the_coordinating_office_and_admins_decide() {
        let deciders = vec![OwnerOffice, Coordinating, Admin];
        assert_eq!(allowed(A::Compare, S::Open), deciders);
        assert_eq!(allowed(A::Compare, S::Closed), deciders);
        assert_eq!(allowed(A::Compare, S::Decided), deciders);
        assert_eq!(allowed(A::Choose, S::Closed), deciders);
        assert_eq!(allowed(A::Cancel, S::Open), deciders);
        assert_eq!(allowed(A::Cancel, S::Closed), deciders);
        // Others are told why: an official of another office (or none) that the call
        // is not their office's; a citizen just no.
        for a in [A::Compare, A::Choose, A::Cancel] {
            for p in [OtherOffice, NoOffice] {
                assert_eq!(
                    may(who(p).as_ref(), &facts(p, S::Closed), a),
                    Err(Denial::NotYoursBecause("call-refused-other-office")),
                    "{p:?} {a:?}"
                );
            }
            assert_eq!(
                may(who(Citizen).as_ref(), &facts(Citizen, S::Closed), a),
                Err(Denial::NotYours)
            );
            assert_eq!(
                may(None, &facts(Anonymous, S::Closed), a),
                Err(Denial::NotYours)
            );
        }
        // Without a coordinating office, its officials are just another office.
        let mut f = facts(Coordinating, S::Closed);
        f.coordinating = None;
        assert!(may(who(Coordinating).as_ref(), &f, A::Choose).is_err());
    }

    #[test]
    fn a_choice_waits_for_the_deadline_and_settles_the_call() {
        let ask = |a, s| may(who(OwnerOffice).as_ref(), &facts(OwnerOffice, s), a);
        assert_eq!(
            ask(A::Choose, S::Open),
            Err(Denial::Conflict("call-refused-before-deadline"))
        );
        for a in [A::Choose, A::Cancel] {
            assert_eq!(
                ask(a, S::Decided),
                Err(Denial::Conflict("call-refused-decided"))
            );
            assert_eq!(
                ask(a, S::Cancelled),
                Err(Denial::Conflict("call-refused-cancelled"))
            );
        }
        // Admins are held to the same rules.
        assert_eq!(
            may(who(Admin).as_ref(), &facts(Admin, S::Open), A::Choose),
            Err(Denial::Conflict("call-refused-before-deadline"))
        );
    }
}
