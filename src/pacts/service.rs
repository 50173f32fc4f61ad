//! The pact use-cases. Each runs inside one transaction, checks who may act (services
//! authorise, whatever the page showed), asks the procedure whether a transition is
//! allowed, and records the outcome: the history line, the ledger entry where the
//! public must be able to verify it, and the notifications.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::deadlines;
use super::notify::{self, notify};
use super::procedure::{self, Intensity, Opinion, PactState, PactType, Transition};
use super::store::{self, Env, Pact, Who};
use super::text::PactText;
use crate::accounts::Role;
use crate::db::AnyConnection;
use crate::db::schema::{
    commons, group_members, groups, offices, pact_adherents, pact_commons, pact_cosigners,
    pact_meetings, pact_observations, pact_opinions, pact_reports, pact_signatures, pact_versions,
    pacts,
};
use crate::error::AppError;
use crate::web::forms::{FormErrors, Refusal};

/// Most commons one pact may cover.
pub const MAX_COMMONS: usize = 20;
/// Most co-signers.
pub const MAX_COSIGNERS: usize = 20;
/// The longest observation, reply, opinion, minutes or report field.
pub const MAX_BODY: usize = 10_000;

/// What a proposal says besides its text.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    pub kind: Option<PactType>,
    pub intensity: Option<Intensity>,
    pub group: Option<i64>,
    pub commons: Vec<i64>,
    pub cosigners: Vec<i64>,
}

fn refused(r: procedure::Refused) -> Refusal {
    match r {
        procedure::Refused::ReasonsRequired => Refusal::field("reasons", r.key()),
        procedure::Refused::ActNumberRequired => Refusal::field("act_number", r.key()),
        other => Refusal::field("transition", other.key()),
    }
}

fn body(errors: &mut FormErrors, field: &'static str, v: &str, required: bool) -> String {
    let v = super::text::normalise(v);
    if required && v.is_empty() {
        errors.add(field, "field-required");
    } else if v.chars().count() > MAX_BODY {
        errors.add(field, "field-text-too-long");
    }
    v
}

/// Checks the terms of a proposal against the database: the commons exist and may be
/// named (recognised or dormant, or proposed by this person), the group is the
/// proposer's and they are its referent, co-signers are members of that group.
fn check_terms(
    conn: &mut AnyConnection,
    who: &Who,
    t: &Terms,
    errors: &mut FormErrors,
) -> Result<(), AppError> {
    if t.kind.is_none() {
        errors.add("kind", "field-required");
    }
    if t.intensity.is_none() {
        errors.add("intensity", "field-required");
    }
    if t.commons.is_empty() {
        errors.add("commons", "field-pact-commons-required");
    } else if t.commons.len() > MAX_COMMONS {
        errors.add("commons", "field-pact-commons-too-many");
    } else {
        let found: Vec<(i64, bool, i64)> = commons::table
            .filter(commons::id.eq_any(&t.commons))
            .select((commons::id, commons::listed, commons::proposer_id))
            .load(conn)?;
        let ok = t.commons.iter().all(|c| {
            found
                .iter()
                .any(|(id, listed, proposer)| id == c && (*listed || *proposer == who.id))
        });
        if !ok {
            errors.add("commons", "field-pact-commons-unknown");
        }
    }
    match t.group {
        Some(g) => {
            let referent: Option<i64> = groups::table
                .find(g)
                .select(groups::referent_id)
                .first(conn)
                .optional()?;
            if referent != Some(who.id) {
                errors.add("group", "field-pact-group-referent");
            } else if t.cosigners.len() > MAX_COSIGNERS {
                errors.add("cosigners", "field-pact-cosigners-invalid");
            } else {
                for c in &t.cosigners {
                    if *c == who.id || !store::is_group_member(conn, g, *c)? {
                        errors.add("cosigners", "field-pact-cosigners-invalid");
                    }
                }
            }
        }
        None if !t.cosigners.is_empty() => errors.add("cosigners", "field-pact-cosigners-invalid"),
        None => {}
    }
    Ok(())
}

fn write_terms(
    conn: &mut AnyConnection,
    pact: i64,
    t: &Terms,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    diesel::delete(pact_commons::table.filter(pact_commons::pact_id.eq(pact))).execute(conn)?;
    for c in &t.commons {
        diesel::insert_into(pact_commons::table)
            .values((
                pact_commons::pact_id.eq(pact),
                pact_commons::commons_id.eq(c),
            ))
            .execute(conn)?;
    }
    diesel::delete(pact_cosigners::table.filter(pact_cosigners::pact_id.eq(pact))).execute(conn)?;
    for c in &t.cosigners {
        diesel::insert_into(pact_cosigners::table)
            .values((
                pact_cosigners::pact_id.eq(pact),
                pact_cosigners::user_id.eq(c),
                pact_cosigners::added_at.eq(now),
            ))
            .execute(conn)?;
    }
    // The pact is placed where its first commons is.
    let place: Option<(f64, f64, String, Option<i64>)> = match t.commons.first() {
        Some(c) => commons::table
            .find(c)
            .select((
                commons::lat,
                commons::lng,
                commons::address,
                commons::district_id,
            ))
            .first(conn)
            .optional()?,
        None => None,
    };
    let (lat, lng, address, district) = match place {
        Some((a, b, c, d)) => (Some(a), Some(b), c, d),
        None => (None, None, String::new(), None),
    };
    diesel::update(pacts::table.find(pact))
        .set((
            pacts::kind.eq(t.kind.unwrap_or(PactType::Ordinary).code()),
            pacts::intensity.eq(t.intensity.unwrap_or(Intensity::OccasionalCare).code()),
            pacts::group_id.eq(t.group),
            pacts::lat.eq(lat),
            pacts::lng.eq(lng),
            pacts::address.eq(address),
            pacts::district_id.eq(district),
            pacts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A verified citizen (or a group's referent) starts a proposal as a private draft.
pub fn create(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    terms: &Terms,
    text: Result<PactText, FormErrors>,
) -> Result<i64, Refusal> {
    if !who.verified {
        return Err(AppError::Forbidden.into());
    }
    let mut errors = text.as_ref().err().cloned().unwrap_or_default();
    check_terms(conn, who, terms, &mut errors)?;
    let text = match text {
        Ok(t) if errors.is_empty() => t,
        _ => return Err(Refusal::Form(errors)),
    };
    let id: i64 = diesel::insert_into(pacts::table)
        .values((
            pacts::title.eq(&text.title),
            pacts::kind.eq(PactType::Ordinary.code()),
            pacts::intensity.eq(Intensity::OccasionalCare.code()),
            pacts::state.eq(PactState::Draft.code()),
            pacts::listed.eq(false),
            pacts::proposer_id.eq(who.id),
            pacts::version.eq(1i64),
            pacts::state_since.eq(env.now),
            pacts::created_at.eq(env.now),
            pacts::updated_at.eq(env.now),
        ))
        .returning(pacts::id)
        .get_result(conn)?;
    write_terms(conn, id, terms, env.now)?;
    store::write_version(
        conn,
        store::Slot::New {
            pact: id,
            number: 1,
            at: env.now,
        },
        &text,
        "",
        who.id,
    )?;
    store::event(
        conn,
        id,
        "created",
        None,
        Some(PactState::Draft),
        Some(who.id),
        "proposer",
        None,
        Some(1),
        None,
        env.now,
    )?;
    Ok(id)
}

/// Edits the text: in a draft or while integrating, the proposer rewrites the current
/// version; in co-design, the proposer or the city adds a new numbered version with a
/// note on what changed. A frozen or signed text cannot be edited.
pub fn edit(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    terms: Option<&Terms>,
    text: Result<PactText, FormErrors>,
    note: &str,
) -> Result<i64, Refusal> {
    let p = store::load(conn, id)?;
    let st = store::standing(conn, &p, Some(who))?;
    if !st.involved() {
        return Err(AppError::NotFound.into());
    }
    let co_design = p.state == PactState::CoDesign;
    let allowed = if co_design {
        st.proposer || st.for_city()
    } else {
        st.proposer
    };
    if !p.state.text_editable() {
        return Err(AppError::Conflict("pact-text-frozen").into());
    }
    if !allowed {
        return Err(AppError::Forbidden.into());
    }
    let mut errors = text.as_ref().err().cloned().unwrap_or_default();
    let note = super::text::normalise(note);
    if co_design && note.is_empty() {
        errors.add("change_note", "field-pact-change-note-required");
    } else if note.chars().count() > MAX_BODY {
        errors.add("change_note", "field-text-too-long");
    }
    // The terms (commons, group, co-signers) are settled before submission.
    let terms = terms.filter(|_| p.state == PactState::Draft);
    if let Some(t) = terms {
        check_terms(conn, who, t, &mut errors)?;
    }
    let text = match text {
        Ok(t) if errors.is_empty() => t,
        _ => return Err(Refusal::Form(errors)),
    };
    if let Some(t) = terms {
        write_terms(conn, id, t, env.now)?;
    }
    let number = if co_design {
        let current = store::version(conn, id, p.version)?;
        if current.text == text {
            return Err(Refusal::field("change_note", "field-pact-no-change"));
        }
        let n = p.version + 1;
        store::write_version(
            conn,
            store::Slot::New {
                pact: id,
                number: n,
                at: env.now,
            },
            &text,
            &note,
            who.id,
        )?;
        store::event(
            conn,
            id,
            "version",
            None,
            None,
            Some(who.id),
            if st.proposer { "proposer" } else { "official" },
            Some(&note).filter(|n| !n.is_empty()).map(|n| n.as_str()),
            Some(n),
            None,
            env.now,
        )?;
        n
    } else {
        let current = store::version(conn, id, p.version)?;
        store::write_version(conn, store::Slot::Replace(current.id), &text, &note, who.id)?;
        p.version
    };
    diesel::update(pacts::table.find(id))
        .set((
            pacts::title.eq(&text.title),
            pacts::version.eq(number),
            pacts::updated_at.eq(env.now),
        ))
        .execute(conn)?;
    Ok(number)
}

/// What some transitions need besides reasons.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    pub act_number: String,
    pub office: Option<i64>,
    pub new_end: Option<NaiveDate>,
}

/// Who fires a transition: a person, or the platform (the deadline job).
#[derive(Debug, Clone)]
pub enum By<'a> {
    Person(&'a Who),
    System,
}

/// Fires a transition: checked by the procedure, recorded with actor, role, time and
/// reasons, on the ledger where it matters, and announced to whoever acts next.
pub fn fire(
    conn: &mut AnyConnection,
    env: &Env,
    by: By<'_>,
    id: i64,
    t: Transition,
    reasons: &str,
    extra: &Extra,
) -> Result<PactState, Refusal> {
    let p = store::load(conn, id)?;
    let (actor, who_id, st) = match &by {
        By::Person(w) => {
            let st = store::standing(conn, &p, Some(w))?;
            if !p.state.is_public() && !st.member {
                return Err(AppError::NotFound.into());
            }
            let actor = st.actor_for(t);
            // An official who is not of the pact's office (or, before one is assigned,
            // of the coordinating office) is told why, not just refused.
            if actor == procedure::Actor::Other
                && st.city
                && procedure::may_fire(procedure::Actor::AssignedOfficial, t)
            {
                return Err(AppError::ForbiddenBecause(if p.office_id.is_some() {
                    "pact-refused-other-office"
                } else {
                    "pact-refused-not-coordinating"
                })
                .into());
            }
            (actor, Some(w.id), st)
        }
        By::System => (procedure::Actor::System, None, store::Standing::default()),
    };
    if t == Transition::CompleteSignatures {
        // Only the last signature completes a pact (see `sign`).
        return Err(refused(procedure::Refused::NotAllowed));
    }
    let mut facts = store::facts(conn, &p, env)?;
    let reasons = super::text::normalise(reasons);
    // Publication records the act number and the office in the same step.
    let act = extra.act_number.trim().to_string();
    if t == Transition::Publish && !act.is_empty() {
        facts.has_act_number = true;
    }
    let to = procedure::check(&facts, actor, t, &reasons).map_err(refused)?;
    if reasons.chars().count() > MAX_BODY {
        return Err(Refusal::field("reasons", "field-text-too-long"));
    }
    let mut p = p;
    let now = env.now;
    match t {
        Transition::Publish => {
            if act.chars().count() > 60 {
                return Err(Refusal::field("act_number", "field-text-too-long"));
            }
            let office = match (extra.office, p.office_id) {
                (Some(o), _) => Some(o),
                (None, existing) => existing,
            };
            let Some(office) = office else {
                return Err(Refusal::field("office", "field-pact-office-required"));
            };
            let exists: i64 = offices::table.find(office).count().get_result(conn)?;
            if exists == 0 || !(st.admin || st.my_offices.contains(&office)) {
                return Err(Refusal::field("office", "field-pact-office-invalid"));
            }
            p.row.office_id = Some(office);
            if !act.is_empty() {
                p.row.act_number = Some(act.clone());
            }
            p.row.published_at = Some(now);
            p.row.observation_closes_at =
                Some(deadlines::observation_closes(&env.rules, p.kind, now));
        }
        Transition::Submit => p.row.submitted_at = Some(now),
        Transition::Extend => {
            let end = p.end_date.unwrap_or(now.date());
            let Some(new_end) = extra.new_end else {
                return Err(Refusal::field("new_end", "field-date-invalid"));
            };
            if new_end <= end {
                return Err(Refusal::field("new_end", "field-pact-extension-earlier"));
            }
            if new_end > deadlines::max_end(&env.rules, end) {
                return Err(Refusal::field("new_end", "field-pact-too-long"));
            }
            p.row.end_date = Some(new_end);
            p.row.next_report_due = next_report(&p, p.start_date, Some(new_end), None, conn)?;
        }
        Transition::Conclude => {
            let early = p.end_date.is_some_and(|e| env.today() < e);
            if early && reasons.chars().count() < procedure::MIN_REASONS_CHARS {
                return Err(Refusal::field("reasons", "pact-conclude-reasons"));
            }
        }
        Transition::Withdraw
            if actor != procedure::Actor::Proposer
                && reasons.chars().count() < procedure::MIN_REASONS_CHARS =>
        {
            return Err(Refusal::field("reasons", "field-reasons-required"));
        }
        Transition::FreezeText => {
            // After an amendment, only a new version can be signed again.
            if p.signed_version == Some(p.version) {
                return Err(Refusal::field("transition", "field-pact-no-change"));
            }
            let h = store::header(conn, &p, p.version)?;
            let v = store::version(conn, p.id, p.version)?;
            let sha = super::text::text_sha256(&h, &v.text);
            diesel::update(pact_versions::table.find(v.id))
                .set(pact_versions::text_sha256.eq(Some(&sha)))
                .execute(conn)?;
            p.row.frozen_sha256 = Some(sha);
        }
        Transition::Reopen => {
            // Signatures of a text that will change mean nothing: they are set aside
            // (the history keeps who had signed).
            diesel::delete(
                pact_signatures::table
                    .filter(pact_signatures::pact_id.eq(p.id))
                    .filter(pact_signatures::version.eq(p.version)),
            )
            .execute(conn)?;
            p.row.frozen_sha256 = None;
        }
        _ => {}
    }
    let role = actor.code();
    let due = store::due_at(conn, &p, to, env, now)?;
    let changed = diesel::update(
        pacts::table
            .filter(pacts::id.eq(p.id))
            .filter(pacts::state.eq(p.state.code())),
    )
    .set((
        (
            pacts::state.eq(to.code()),
            pacts::listed.eq(to.is_public()),
            pacts::state_since.eq(if to == p.state { p.state_since } else { now }),
            pacts::updated_at.eq(now),
            pacts::due_at.eq(due),
            pacts::state_reasons.eq(Some(&reasons).filter(|r| !r.is_empty())),
        ),
        (
            pacts::office_id.eq(p.office_id),
            pacts::act_number.eq(&p.act_number),
            pacts::submitted_at.eq(p.submitted_at),
            pacts::published_at.eq(p.published_at),
            pacts::observation_closes_at.eq(p.observation_closes_at),
            pacts::frozen_sha256.eq(&p.frozen_sha256),
            pacts::end_date.eq(p.end_date),
            pacts::next_report_due.eq(p.next_report_due),
        ),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(AppError::Conflict("pact-changed-meanwhile").into());
    }
    let ledger_index = if t.on_ledger() {
        let mut e = store::ledger_entry(conn, &p, t.code(), who_id, role)?
            .with("from", p.state.code())
            .with("state", to.code())
            .with("version", p.version);
        if let (Transition::Extend, Some(end)) = (t, p.end_date) {
            e = e.with("end_date", end.to_string());
        }
        // The act number was typed by an official: the ledger holds its hash only
        // (anyone holding the act can check it against the entry).
        if let Some(a) = p.act_number.as_deref().filter(|a| !a.is_empty()) {
            e = e.with("act_sha256", crate::ledger::kinds::typed(a));
        }
        Some(store::append(conn, &e)?)
    } else {
        None
    };
    let eid = store::event(
        conn,
        p.id,
        t.code(),
        Some(p.state),
        Some(to),
        who_id,
        role,
        Some(&reasons).filter(|r| !r.is_empty()).map(|r| r.as_str()),
        Some(p.version),
        ledger_index,
        now,
    )?;
    // The files this person added in the state just left go with this step (the
    // documents sent with an integration, the act with a publication, ...).
    if let Some(uid) = who_id {
        use crate::db::schema::pact_attachments as a;
        diesel::update(
            a::table
                .filter(a::pact_id.eq(p.id))
                .filter(a::event_id.is_null())
                .filter(a::report_id.is_null())
                .filter(a::state.eq(p.state.code()))
                .filter(a::uploaded_by.eq(uid)),
        )
        .set(a::event_id.eq(eid))
        .execute(conn)?;
    }
    p.row.state = to.code().to_string();
    p.state = to;
    announce(conn, env, &p, t)?;
    Ok(to)
}

/// Who hears of a transition.
fn announce(conn: &mut AnyConnection, env: &Env, p: &Pact, t: Transition) -> Result<(), AppError> {
    let proposer = store::proposer_party(conn, p)?;
    let mut parties = vec![proposer];
    parties.extend(store::cosigners(conn, p.id)?);
    match t {
        Transition::Submit | Transition::Integrate => {
            let o = notify::officials(conn, p.office_id)?;
            notify(
                conn,
                env,
                &o,
                p,
                if t == Transition::Submit {
                    "submitted"
                } else {
                    "integrated"
                },
            )
        }
        Transition::RequestIntegration => {
            notify(conn, env, &[proposer], p, "integration-requested")
        }
        Transition::Publish => notify(conn, env, &parties, p, "published"),
        Transition::StartCoDesign | Transition::Amend => {
            notify(conn, env, &parties, p, "co-design")
        }
        Transition::FreezeText => {
            let mut all = parties.clone();
            all.extend(notify::signatories(conn)?);
            notify(conn, env, &all, p, "awaiting-signatures")
        }
        Transition::OpenReport => notify(conn, env, &[proposer], p, "report-due"),
        Transition::CloseReport => notify(conn, env, &[proposer], p, "report-evaluated"),
        Transition::Extend => notify(conn, env, &parties, p, "extended"),
        Transition::Reject | Transition::Withdraw | Transition::Conclude => {
            notify(conn, env, &parties, p, "closed")
        }
        Transition::CloseObservation | Transition::Reopen | Transition::CompleteSignatures => {
            Ok(())
        }
    }
}

/// The first report date after `after` (or the first at all) in the pact's schedule.
fn next_report(
    p: &Pact,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    after: Option<NaiveDate>,
    conn: &mut AnyConnection,
) -> Result<Option<NaiveDate>, AppError> {
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(None);
    };
    let months = store::version(conn, p.id, p.signed_version.unwrap_or(p.version))?
        .text
        .reporting_months;
    let months = u32::try_from(months.max(1)).unwrap_or(12);
    Ok(deadlines::report_dates(start, end, months)
        .into_iter()
        .find(|d| after.is_none_or(|a| *d > a)))
}

/// The admitting official asks offices for their technical opinion.
pub fn request_opinions(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    office_ids: &[i64],
) -> Result<usize, Refusal> {
    let p = store::load(conn, id)?;
    let st = store::standing(conn, &p, Some(who))?;
    if !st.for_city() || p.office_id.is_none() && !st.admin {
        return Err(AppError::Forbidden.into());
    }
    if !matches!(
        p.state,
        PactState::Submitted | PactState::Published | PactState::InReview
    ) {
        return Err(refused(procedure::Refused::NotFromState));
    }
    if office_ids.is_empty() {
        return Err(Refusal::field("offices", "field-pact-office-required"));
    }
    let known: Vec<i64> = offices::table
        .filter(offices::id.eq_any(office_ids))
        .select(offices::id)
        .load(conn)?;
    if known.len() != office_ids.len() {
        return Err(Refusal::field("offices", "field-pact-office-invalid"));
    }
    let mut added = 0;
    for o in office_ids {
        let exists: i64 = pact_opinions::table
            .filter(pact_opinions::pact_id.eq(id))
            .filter(pact_opinions::office_id.eq(o))
            .count()
            .get_result(conn)?;
        if exists > 0 {
            continue;
        }
        diesel::insert_into(pact_opinions::table)
            .values((
                pact_opinions::pact_id.eq(id),
                pact_opinions::office_id.eq(o),
                pact_opinions::requested_by.eq(Some(who.id)),
                pact_opinions::requested_at.eq(env.now),
            ))
            .execute(conn)?;
        let members = notify::officials(conn, Some(*o))?;
        notify(conn, env, &members, &p, "opinion-requested")?;
        added += 1;
    }
    store::event(
        conn,
        id,
        "opinions_requested",
        None,
        None,
        Some(who.id),
        "official",
        None,
        None,
        None,
        env.now,
    )?;
    Ok(added)
}

/// An official of an office asked gives its opinion (only members of that office).
pub fn give_opinion(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    office: i64,
    opinion: Option<Opinion>,
    text: &str,
) -> Result<(), Refusal> {
    let p = store::load(conn, id)?;
    if !who.has(Role::Official) || !store::offices_of(conn, who.id)?.contains(&office) {
        return Err(AppError::Forbidden.into());
    }
    let asked: Option<Option<String>> = pact_opinions::table
        .filter(pact_opinions::pact_id.eq(id))
        .filter(pact_opinions::office_id.eq(office))
        .select(pact_opinions::opinion)
        .first(conn)
        .optional()?;
    let Some(previous) = asked else {
        return Err(AppError::Forbidden.into());
    };
    if !matches!(p.state, PactState::InReview | PactState::CoDesign) {
        return Err(refused(procedure::Refused::NotFromState));
    }
    let mut errors = FormErrors::new();
    let Some(opinion) = opinion else {
        errors.add("opinion", "field-required");
        return Err(Refusal::Form(errors));
    };
    let needs_text = opinion != Opinion::Favourable;
    let text = body(&mut errors, "opinion_text", text, needs_text);
    if !errors.is_empty() {
        return Err(Refusal::Form(errors));
    }
    diesel::update(
        pact_opinions::table
            .filter(pact_opinions::pact_id.eq(id))
            .filter(pact_opinions::office_id.eq(office)),
    )
    .set((
        pact_opinions::opinion.eq(Some(opinion.code())),
        pact_opinions::body.eq(Some(&text)),
        pact_opinions::given_by.eq(Some(who.id)),
        pact_opinions::given_at.eq(Some(env.now)),
    ))
    .execute(conn)?;
    store::event(
        conn,
        id,
        if previous.is_some() {
            "opinion_revised"
        } else {
            "opinion"
        },
        None,
        None,
        Some(who.id),
        "official",
        Some(opinion.code()),
        None,
        None,
        env.now,
    )?;
    Ok(())
}

/// Any verified citizen comments while the pact is open for observations.
pub fn observe(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    text: &str,
) -> Result<i64, Refusal> {
    let p = store::load(conn, id)?;
    if !p.state.is_public() {
        return Err(AppError::NotFound.into());
    }
    if !who.verified {
        return Err(AppError::Forbidden.into());
    }
    if p.state != PactState::Published {
        return Err(Refusal::field("observation", "pact-observation-closed"));
    }
    let mut errors = FormErrors::new();
    let text = body(&mut errors, "observation", text, true);
    if !errors.is_empty() {
        return Err(Refusal::Form(errors));
    }
    let oid = diesel::insert_into(pact_observations::table)
        .values((
            pact_observations::pact_id.eq(id),
            pact_observations::author_id.eq(who.id),
            pact_observations::body.eq(&text),
            pact_observations::created_at.eq(env.now),
        ))
        .returning(pact_observations::id)
        .get_result(conn)?;
    let mut tell = vec![store::proposer_party(conn, &p)?];
    tell.extend(notify::officials(conn, p.office_id)?);
    tell.retain(|u| *u != who.id);
    notify(conn, env, &tell, &p, "observation")?;
    Ok(oid)
}

/// The proposer or the city replies to an observation, or marks it taken into account.
pub fn reply(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    observation: i64,
    text: &str,
    taken_into_account: bool,
) -> Result<i64, Refusal> {
    let pact_id: i64 = pact_observations::table
        .find(observation)
        .select(pact_observations::pact_id)
        .first(conn)?;
    let p = store::load(conn, pact_id)?;
    let st = store::standing(conn, &p, Some(who))?;
    if !(st.proposer || st.for_city()) {
        return Err(AppError::Forbidden.into());
    }
    if !matches!(
        p.state,
        PactState::Published | PactState::InReview | PactState::CoDesign
    ) {
        return Err(refused(procedure::Refused::NotFromState));
    }
    let mut errors = FormErrors::new();
    let text = body(&mut errors, "reply", text, !taken_into_account);
    if !errors.is_empty() {
        return Err(Refusal::Form(errors));
    }
    diesel::update(pact_observations::table.find(observation))
        .set((
            pact_observations::reply.eq(Some(&text).filter(|t| !t.is_empty())),
            pact_observations::taken_into_account.eq(taken_into_account),
            pact_observations::replied_by.eq(Some(who.id)),
            pact_observations::replied_at.eq(Some(env.now)),
        ))
        .execute(conn)?;
    store::event(
        conn,
        pact_id,
        "observation_reply",
        None,
        None,
        Some(who.id),
        if st.proposer { "proposer" } else { "official" },
        None,
        None,
        None,
        env.now,
    )?;
    Ok(pact_id)
}

/// A co-design meeting with its date, place and minutes.
pub fn add_meeting(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    held_at: Option<chrono::NaiveDateTime>,
    place: &str,
    minutes: &str,
) -> Result<i64, Refusal> {
    let p = store::load(conn, id)?;
    let st = store::standing(conn, &p, Some(who))?;
    if !(st.proposer || st.for_city()) {
        return Err(AppError::Forbidden.into());
    }
    if !matches!(
        p.state,
        PactState::InReview | PactState::CoDesign | PactState::AwaitingSignatures
    ) {
        return Err(refused(procedure::Refused::NotFromState));
    }
    let mut errors = FormErrors::new();
    if held_at.is_none() {
        errors.add("held_at", "field-date-invalid");
    }
    let place = body(&mut errors, "place", place, true);
    if place.chars().count() > 200 {
        errors.add("place", "field-text-too-long");
    }
    let minutes = body(&mut errors, "minutes", minutes, true);
    let (Some(held_at), true) = (held_at, errors.is_empty()) else {
        return Err(Refusal::Form(errors));
    };
    Ok(diesel::insert_into(pact_meetings::table)
        .values((
            pact_meetings::pact_id.eq(id),
            pact_meetings::held_at.eq(held_at),
            pact_meetings::place.eq(&place),
            pact_meetings::minutes.eq(&minutes),
            pact_meetings::recorded_by.eq(Some(who.id)),
            pact_meetings::created_at.eq(env.now),
        ))
        .returning(pact_meetings::id)
        .get_result(conn)?)
}

/// Which party a signature is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Proposer,
    Cosigner,
    City,
}

impl Party {
    pub fn code(self) -> &'static str {
        match self {
            Party::Proposer => "proposer",
            Party::Cosigner => "cosigner",
            Party::City => "city",
        }
    }

    pub fn parse(s: &str) -> Option<Party> {
        [Party::Proposer, Party::Cosigner, Party::City]
            .into_iter()
            .find(|p| p.code() == s)
    }
}

/// A party signs the frozen text (the caller has re-authenticated them). `seen_sha256`
/// is the hash the signer was shown: if the text changed meanwhile, nothing is signed.
/// The last signature makes the pact `signed` and puts the signature set with the
/// text's hash on the civic ledger, in this transaction.
pub fn sign(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    party: Party,
    seen_sha256: &str,
) -> Result<PactState, Refusal> {
    let p = store::load(conn, id)?;
    let st = store::standing(conn, &p, Some(who))?;
    if !p.state.is_public() && !st.member {
        return Err(AppError::NotFound.into());
    }
    let allowed = match party {
        Party::City => st.signatory,
        Party::Proposer => st.proposer,
        Party::Cosigner => st.cosigner,
    };
    if !allowed {
        return Err(AppError::Forbidden.into());
    }
    if p.state != PactState::AwaitingSignatures {
        return Err(refused(procedure::Refused::NotFromState));
    }
    let Some(sha) = p.frozen_sha256.clone() else {
        return Err(AppError::internal("frozen pact without hash").into());
    };
    if seen_sha256.trim() != sha {
        return Err(AppError::Conflict("pact-text-changed").into());
    }
    let already: i64 = pact_signatures::table
        .filter(pact_signatures::pact_id.eq(id))
        .filter(pact_signatures::version.eq(p.version))
        .filter(pact_signatures::party.eq(party.code()))
        .filter(pact_signatures::user_id.eq(who.id))
        .count()
        .get_result(conn)?;
    let city_signed: i64 = pact_signatures::table
        .filter(pact_signatures::pact_id.eq(id))
        .filter(pact_signatures::version.eq(p.version))
        .filter(pact_signatures::party.eq(Party::City.code()))
        .count()
        .get_result(conn)?;
    if already > 0 || (party == Party::City && city_signed > 0) {
        return Err(AppError::Conflict("pact-already-signed").into());
    }
    diesel::insert_into(pact_signatures::table)
        .values((
            pact_signatures::pact_id.eq(id),
            pact_signatures::version.eq(p.version),
            pact_signatures::party.eq(party.code()),
            pact_signatures::user_id.eq(who.id),
            pact_signatures::group_id.eq(if party == Party::Proposer {
                p.group_id
            } else {
                None
            }),
            pact_signatures::text_sha256.eq(&sha),
            pact_signatures::signed_at.eq(env.now),
        ))
        .execute(conn)?;
    store::event(
        conn,
        id,
        "signature",
        None,
        None,
        Some(who.id),
        party.code(),
        None,
        Some(p.version),
        None,
        env.now,
    )?;
    let facts = store::facts(conn, &p, env)?;
    // Every party of the proposing side and the city: then the pact is signed.
    let parties = store::signing_parties(conn, &p)?;
    let signed: Vec<(String, i64)> = pact_signatures::table
        .filter(pact_signatures::pact_id.eq(id))
        .filter(pact_signatures::version.eq(p.version))
        .select((pact_signatures::party, pact_signatures::user_id))
        .load(conn)?;
    let complete = signed.iter().any(|(party, _)| party == Party::City.code())
        && parties
            .iter()
            .all(|(party, uid, _)| signed.iter().any(|(s, u)| s == party && u == uid));
    let to = match procedure::check(
        &facts,
        procedure::Actor::System,
        Transition::CompleteSignatures,
        "",
    ) {
        Ok(to) if complete => to,
        _ => return Ok(PactState::AwaitingSignatures),
    };
    let v = store::version(conn, id, p.version)?;
    let mut p = p;
    p.row.signed_version = Some(p.version);
    p.row.signed_sha256 = Some(sha.clone());
    p.row.start_date = Some(v.text.start_date);
    p.row.end_date = Some(v.text.end_date);
    p.row.next_report_due = next_report(&p, p.start_date, p.end_date, None, conn)?;
    let mut signers = Vec::new();
    for (party, uid) in &signed {
        signers.push(format!("{party}:{}", store::pseudonym(conn, *uid)?));
    }
    signers.sort();
    let mut e = store::ledger_entry(conn, &p, "signed", None, "system")?
        .with("from", p.state.code())
        .with("state", to.code())
        .with("version", p.version)
        .with("signers", signers)
        .with("start_date", v.text.start_date.to_string())
        .with("end_date", v.text.end_date.to_string())
        .with(
            "support_lines",
            i64::try_from(v.text.support.len()).unwrap_or(i64::MAX),
        );
    if let Some(g) = p.group_id {
        e = e.with("group", g);
    }
    let index = store::append(conn, &e)?;
    p.row.signed_ledger_index = Some(index);
    let due = store::due_at(conn, &p, to, env, env.now)?;
    diesel::update(
        pacts::table
            .filter(pacts::id.eq(id))
            .filter(pacts::state.eq(p.state.code())),
    )
    .set((
        pacts::state.eq(to.code()),
        pacts::state_since.eq(env.now),
        pacts::updated_at.eq(env.now),
        pacts::signed_version.eq(p.signed_version),
        pacts::signed_sha256.eq(&p.signed_sha256),
        pacts::signed_ledger_index.eq(Some(index)),
        pacts::signed_at.eq(Some(env.now)),
        pacts::start_date.eq(p.start_date),
        pacts::end_date.eq(p.end_date),
        pacts::next_report_due.eq(p.next_report_due),
        pacts::due_at.eq(due),
        pacts::state_reasons.eq(None::<String>),
    ))
    .execute(conn)?;
    store::event(
        conn,
        id,
        Transition::CompleteSignatures.code(),
        Some(p.state),
        Some(to),
        None,
        "system",
        None,
        Some(p.version),
        Some(index),
        env.now,
    )?;
    let mut parties_ids: Vec<i64> = parties.iter().map(|p| p.1).collect();
    parties_ids.extend(notify::officials(conn, p.office_id)?);
    notify(conn, env, &parties_ids, &p, "signed")?;
    Ok(to)
}

/// A citizen joins a pact in force, accepting the signed text (recorded with its hash).
pub fn join(conn: &mut AnyConnection, env: &Env, who: &Who, id: i64) -> Result<(), Refusal> {
    let p = store::load(conn, id)?;
    if !p.state.is_public() {
        return Err(AppError::NotFound.into());
    }
    if !who.verified {
        return Err(AppError::Forbidden.into());
    }
    let (Some(v), Some(sha), true) = (
        p.signed_version,
        p.signed_sha256.clone(),
        p.state.in_force(),
    ) else {
        return Err(refused(procedure::Refused::NotFromState));
    };
    let n: i64 = pact_adherents::table
        .filter(pact_adherents::pact_id.eq(id))
        .filter(pact_adherents::user_id.eq(who.id))
        .count()
        .get_result(conn)?;
    if n > 0 {
        return Err(AppError::Conflict("pact-already-joined").into());
    }
    diesel::insert_into(pact_adherents::table)
        .values((
            pact_adherents::pact_id.eq(id),
            pact_adherents::user_id.eq(who.id),
            pact_adherents::version.eq(v),
            pact_adherents::text_sha256.eq(&sha),
            pact_adherents::joined_at.eq(env.now),
        ))
        .execute(conn)?;
    store::event(
        conn,
        id,
        "adherent",
        None,
        None,
        Some(who.id),
        "citizen",
        None,
        Some(v),
        None,
        env.now,
    )?;
    Ok(())
}

/// A monitoring report as typed.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub objectives: String,
    pub actions: String,
    pub results: String,
    pub resources: String,
    pub volunteer_hours: String,
}

/// The proposing side reports (the four reporting elements and volunteer hours); the
/// pact goes to `monitoring` until the office evaluates.
pub fn submit_report(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    input: &ReportInput,
) -> Result<i64, Refusal> {
    let p = store::load(conn, id)?;
    let st = store::standing(conn, &p, Some(who))?;
    if !st.member {
        return Err(AppError::Forbidden.into());
    }
    if !p.state.in_force() {
        return Err(refused(procedure::Refused::NotFromState));
    }
    let open: i64 = pact_reports::table
        .filter(pact_reports::pact_id.eq(id))
        .filter(pact_reports::evaluated_at.is_null())
        .count()
        .get_result(conn)?;
    if open > 0 {
        return Err(Refusal::field("objectives", "pact-report-pending"));
    }
    let mut e = FormErrors::new();
    let objectives = body(&mut e, "objectives", &input.objectives, true);
    let actions = body(&mut e, "actions", &input.actions, true);
    let results = body(&mut e, "results", &input.results, true);
    let resources = body(&mut e, "resources", &input.resources, true);
    let hours = match input.volunteer_hours.trim().parse::<i64>() {
        Ok(h) if (0..=1_000_000).contains(&h) => h,
        _ => {
            e.add("volunteer_hours", "field-pact-hours-invalid");
            0
        }
    };
    if !e.is_empty() {
        return Err(Refusal::Form(e));
    }
    let rid = diesel::insert_into(pact_reports::table)
        .values((
            pact_reports::pact_id.eq(id),
            pact_reports::due_on.eq(p.next_report_due),
            pact_reports::objectives.eq(&objectives),
            pact_reports::actions.eq(&actions),
            pact_reports::results.eq(&results),
            pact_reports::resources.eq(&resources),
            pact_reports::volunteer_hours.eq(hours),
            pact_reports::author_id.eq(Some(who.id)),
            pact_reports::submitted_at.eq(env.now),
        ))
        .returning(pact_reports::id)
        .get_result(conn)?;
    let entry = store::ledger_entry(conn, &p, "report_submitted", Some(who.id), "proposer")?
        .with("report", rid)
        .with("volunteer_hours", hours);
    let index = store::append(conn, &entry)?;
    diesel::update(pact_reports::table.find(rid))
        .set(pact_reports::ledger_index.eq(Some(index)))
        .execute(conn)?;
    store::event(
        conn,
        id,
        "report",
        None,
        None,
        Some(who.id),
        "proposer",
        None,
        None,
        Some(index),
        env.now,
    )?;
    if p.state == PactState::Signed {
        fire(
            conn,
            env,
            By::System,
            id,
            Transition::OpenReport,
            "",
            &Extra::default(),
        )?;
    }
    let o = notify::officials(conn, p.office_id)?;
    notify(conn, env, &o, &p, "report-submitted")?;
    Ok(rid)
}

/// How the office judged a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    Approved,
    ApprovedWithRemarks,
    NotApproved,
}

impl Evaluation {
    pub const ALL: [Evaluation; 3] = [
        Evaluation::Approved,
        Evaluation::ApprovedWithRemarks,
        Evaluation::NotApproved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Evaluation::Approved => "approved",
            Evaluation::ApprovedWithRemarks => "approved_with_remarks",
            Evaluation::NotApproved => "not_approved",
        }
    }

    pub fn parse(s: &str) -> Option<Evaluation> {
        Evaluation::ALL.into_iter().find(|e| e.code() == s.trim())
    }

    pub fn label_key(self) -> String {
        format!("pact-evaluation-{}", self.code().replace('_', "-"))
    }
}

/// The assigned office evaluates the open report: on the ledger; the pact is back to
/// `signed` with the next report date.
pub fn evaluate_report(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    report: i64,
    evaluation: Option<Evaluation>,
    text: &str,
) -> Result<i64, Refusal> {
    let (pact_id, due_on, evaluated, hours): (
        i64,
        Option<NaiveDate>,
        Option<chrono::NaiveDateTime>,
        i64,
    ) = pact_reports::table
        .find(report)
        .select((
            pact_reports::pact_id,
            pact_reports::due_on,
            pact_reports::evaluated_at,
            pact_reports::volunteer_hours,
        ))
        .first(conn)?;
    let p = store::load(conn, pact_id)?;
    let st = store::standing(conn, &p, Some(who))?;
    if !st.for_city() {
        return Err(AppError::Forbidden.into());
    }
    if evaluated.is_some() {
        return Err(AppError::Conflict("pact-report-evaluated").into());
    }
    let mut e = FormErrors::new();
    let Some(evaluation) = evaluation else {
        e.add("evaluation", "field-required");
        return Err(Refusal::Form(e));
    };
    let text = body(
        &mut e,
        "evaluation_text",
        text,
        evaluation != Evaluation::Approved,
    );
    if !e.is_empty() {
        return Err(Refusal::Form(e));
    }
    let entry = store::ledger_entry(conn, &p, "report_evaluated", Some(who.id), "official")?
        .with("report", report)
        .with("evaluation", evaluation.code())
        .with("volunteer_hours", hours);
    let index = store::append(conn, &entry)?;
    diesel::update(pact_reports::table.find(report))
        .set((
            pact_reports::evaluation.eq(Some(evaluation.code())),
            pact_reports::evaluation_body.eq(Some(&text)),
            pact_reports::evaluated_by.eq(Some(who.id)),
            pact_reports::evaluated_at.eq(Some(env.now)),
            pact_reports::ledger_index.eq(Some(index)),
        ))
        .execute(conn)?;
    let next = next_report(
        &p,
        p.start_date,
        p.end_date,
        due_on.or(Some(env.today())),
        conn,
    )?;
    diesel::update(pacts::table.find(pact_id))
        .set(pacts::next_report_due.eq(next))
        .execute(conn)?;
    if p.state == PactState::Monitoring {
        fire(
            conn,
            env,
            By::Person(who),
            pact_id,
            Transition::CloseReport,
            "",
            &Extra::default(),
        )?;
    }
    Ok(pact_id)
}

/// Pacts the deadline job moved or reminded about, for its log line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineReport {
    pub closed_observations: usize,
    pub reports_due: usize,
    pub reminders: usize,
    pub overdue: usize,
    pub digests: usize,
}

/// The scheduled work of the procedure: closes observation windows, opens monitoring
/// when a report falls due, reminds the proposing side before, tells the office of
/// overdue items once, and sends the daily digests.
pub fn run_deadlines(conn: &mut AnyConnection, env: &Env) -> Result<DeadlineReport, AppError> {
    use crate::db::schema::pact_reminders;
    let mut r = DeadlineReport::default();
    let closing: Vec<i64> = pacts::table
        .filter(pacts::state.eq(PactState::Published.code()))
        .filter(pacts::observation_closes_at.le(env.now))
        .select(pacts::id)
        .load(conn)?;
    for id in closing {
        if conn_fire(conn, env, id, Transition::CloseObservation)? {
            r.closed_observations += 1;
        }
    }
    let due: Vec<i64> = pacts::table
        .filter(pacts::state.eq(PactState::Signed.code()))
        .filter(pacts::next_report_due.le(env.today()))
        .select(pacts::id)
        .load(conn)?;
    for id in due {
        if conn_fire(conn, env, id, Transition::OpenReport)? {
            r.reports_due += 1;
        }
    }
    let horizon = env.today() + chrono::Duration::days(env.rules.report_reminder_days);
    let soon: Vec<(i64, NaiveDate)> = pacts::table
        .filter(pacts::state.eq(PactState::Signed.code()))
        .filter(pacts::next_report_due.le(horizon))
        .filter(pacts::next_report_due.gt(env.today()))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            pact_reminders::table
                .filter(pact_reminders::pact_id.eq(pacts::id))
                .filter(pact_reminders::kind.eq("report-due"))
                .filter(pact_reminders::due_on.nullable().eq(pacts::next_report_due)),
        )))
        .select((pacts::id, pacts::next_report_due.assume_not_null()))
        .load(conn)?;
    let remind = |conn: &mut AnyConnection,
                  id: i64,
                  on: NaiveDate,
                  kind: &'static str|
     -> Result<bool, AppError> {
        let sent: i64 = pact_reminders::table
            .filter(pact_reminders::pact_id.eq(id))
            .filter(pact_reminders::due_on.eq(on))
            .filter(pact_reminders::kind.eq(kind))
            .count()
            .get_result(conn)?;
        if sent > 0 {
            return Ok(false);
        }
        diesel::insert_into(pact_reminders::table)
            .values((
                pact_reminders::pact_id.eq(id),
                pact_reminders::due_on.eq(on),
                pact_reminders::kind.eq(kind),
                pact_reminders::sent_at.eq(env.now),
            ))
            .execute(conn)?;
        let p = store::load(conn, id)?;
        let to = if kind == "overdue" {
            notify::officials(conn, p.office_id)?
        } else {
            vec![store::proposer_party(conn, &p)?]
        };
        notify(conn, env, &to, &p, kind)?;
        Ok(true)
    };
    for (id, on) in soon {
        if remind(conn, id, on, "report-due")? {
            r.reminders += 1;
        }
    }
    let overdue: Vec<(i64, chrono::NaiveDateTime)> = pacts::table
        .filter(pacts::due_at.lt(env.now))
        .filter(pacts::state.ne(PactState::Signed.code()))
        // One notice per stay in a state.
        .filter(diesel::dsl::not(diesel::dsl::exists(
            pact_reminders::table
                .filter(pact_reminders::pact_id.eq(pacts::id))
                .filter(pact_reminders::kind.eq("overdue"))
                .filter(pact_reminders::sent_at.ge(pacts::state_since)),
        )))
        .select((pacts::id, pacts::due_at.assume_not_null()))
        .load(conn)?;
    for (id, at) in overdue {
        if remind(conn, id, at.date(), "overdue")? {
            r.overdue += 1;
        }
    }
    r.digests = notify::send_digests(conn, env)?;
    Ok(r)
}

/// Fires a system transition, treating a refusal (someone acted first) as nothing done.
fn conn_fire(
    conn: &mut AnyConnection,
    env: &Env,
    id: i64,
    t: Transition,
) -> Result<bool, AppError> {
    match fire(conn, env, By::System, id, t, "", &Extra::default()) {
        Ok(_) => Ok(true),
        Err(Refusal::Form(_)) => Ok(false),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// The deadline job: runs [`run_deadlines`] at most once a minute.
pub fn job(base_url: String, city: String, rules: deadlines::DeadlineRules) -> crate::jobs::Job {
    let last = std::sync::Mutex::new(None::<std::time::Instant>);
    crate::jobs::Job {
        name: "pact-deadlines",
        run: Box::new(move |conn| {
            {
                let mut l = last.lock().unwrap_or_else(|p| p.into_inner());
                if l.is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(60)) {
                    return Ok(String::new());
                }
                *l = Some(std::time::Instant::now());
            }
            let env = Env {
                base_url: base_url.clone(),
                city: city.clone(),
                rules,
                now: crate::util::now(),
            };
            let r = run_deadlines(conn, &env)?;
            Ok(if r == DeadlineReport::default() {
                String::new()
            } else {
                format!("{r:?}")
            })
        }),
        transactional: true,
    }
}

/// Marks the members of the proposing group who may be co-signers (for the form).
pub fn group_members_of(
    conn: &mut AnyConnection,
    group: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    use crate::db::schema::users;
    Ok(group_members::table
        .inner_join(users::table)
        .filter(group_members::group_id.eq(group))
        .filter(users::deleted_at.is_null())
        .order(users::display_name.asc())
        .select((users::id, users::display_name))
        .load(conn)?)
}

/// Most files attached to one pact.
pub const MAX_ATTACHMENTS: i64 = 50;

/// A stored file to attach (already checked and written under its hash).
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub hash: String,
    pub kind: crate::web::uploads::ImageType,
    pub name: String,
    pub size: i64,
}

/// Whether `who` may attach files now, and to which report: the proposing side and
/// the city while the pact is open (report photos go with the proposing side's own
/// reports). Checked before the file is stored.
pub fn may_attach(
    conn: &mut AnyConnection,
    who: &Who,
    id: i64,
    report: Option<i64>,
) -> Result<(), Refusal> {
    use crate::db::schema::pact_attachments;
    let p = store::load(conn, id)?;
    let st = store::standing(conn, &p, Some(who))?;
    if !super::view::visible(&p, &st) {
        return Err(AppError::NotFound.into());
    }
    if !(st.member || st.for_city()) || p.state.is_terminal() {
        return Err(AppError::Forbidden.into());
    }
    if let Some(r) = report {
        let of: Option<i64> = pact_reports::table
            .find(r)
            .select(pact_reports::pact_id)
            .first(conn)
            .optional()?;
        if of != Some(id) || !st.member {
            return Err(AppError::Forbidden.into());
        }
    }
    let n: i64 = pact_attachments::table
        .filter(pact_attachments::pact_id.eq(id))
        .count()
        .get_result(conn)?;
    if n >= MAX_ATTACHMENTS {
        return Err(Refusal::field("file", "field-pact-too-many-files"));
    }
    Ok(())
}

/// Records an attachment (checked again in this transaction) with the pact's state.
pub fn attach(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    report: Option<i64>,
    file: &StoredFile,
) -> Result<i64, Refusal> {
    use crate::db::schema::pact_attachments;
    may_attach(conn, who, id, report)?;
    let p = store::load(conn, id)?;
    let aid = diesel::insert_into(pact_attachments::table)
        .values((
            pact_attachments::pact_id.eq(id),
            pact_attachments::report_id.eq(report),
            pact_attachments::file_hash.eq(&file.hash),
            pact_attachments::file_type.eq(file.kind.extension()),
            pact_attachments::file_name.eq(&file.name),
            pact_attachments::byte_size.eq(file.size),
            pact_attachments::state.eq(p.state.code()),
            pact_attachments::uploaded_by.eq(Some(who.id)),
            pact_attachments::created_at.eq(env.now),
        ))
        .returning(pact_attachments::id)
        .get_result(conn)?;
    let member = store::standing(conn, &p, Some(who))?.member;
    store::event(
        conn,
        id,
        "attachment",
        None,
        None,
        Some(who.id),
        if member { "proposer" } else { "official" },
        Some(&file.name),
        None,
        None,
        env.now,
    )?;
    Ok(aid)
}

/// Whether a stored file attached to pact `id` may be served to `viewer`.
pub fn file_visible(
    conn: &mut AnyConnection,
    viewer: Option<&Who>,
    id: i64,
    hash: &str,
    ext: &str,
) -> Result<Option<String>, AppError> {
    use crate::db::schema::pact_attachments;
    let p = store::load(conn, id)?;
    let st = store::standing(conn, &p, viewer)?;
    if !super::view::visible(&p, &st) {
        return Ok(None);
    }
    Ok(pact_attachments::table
        .filter(pact_attachments::pact_id.eq(id))
        .filter(pact_attachments::file_hash.eq(hash))
        .filter(pact_attachments::file_type.eq(ext))
        .select(pact_attachments::file_name)
        .first(conn)
        .optional()?)
}
