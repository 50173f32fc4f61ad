//! Drafting a proposal and editing its text (in a draft, while integrating, and in
//! co-design as numbered versions).

use diesel::prelude::*;

use super::{MAX_BODY, MAX_COMMONS, MAX_COSIGNERS, WRITES_PER_HOUR, allow, denied, limit};
use crate::accounts::api as accounts;
use crate::commons::api as commons;
use crate::db::AnyConnection;
use crate::db::schema::{pact_commons, pact_cosigners, pact_proposals, pacts};
use crate::error::AppError;
use crate::pacts::policy::{self, Action};
use crate::pacts::procedure::{Intensity, PactState, PactType};
use crate::pacts::store::{self, Env, Who};
use crate::pacts::text::PactText;
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};

/// What a proposal says besides its text: with the title and the objectives, the
/// short proposal (what, where, who, what they ask of the city) that is enough to
/// submit.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    pub kind: Option<PactType>,
    pub intensity: Option<Intensity>,
    pub group: Option<i64>,
    pub commons: Vec<i64>,
    pub cosigners: Vec<i64>,
    /// Who takes part: the people and groups behind the proposal, in their words.
    pub participants: String,
    /// What they ask of the city (the office turns it into support lines in
    /// co-design); empty when they ask nothing.
    pub ask: String,
    /// The call this proposal answers, if any.
    pub call: Option<i64>,
}

/// Checks the terms of a proposal against the database: the commons exist and may be
/// named (recognised or dormant, or proposed by this person), the group is the
/// proposer's and they are its referent, co-signers are members of that group.
fn check_terms(
    conn: &mut AnyConnection,
    env: &Env,
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
        let nameable = commons::nameable_by(conn, &t.commons, who.id)?;
        if !t.commons.iter().all(|c| nameable.contains(c)) {
            errors.add("commons", "field-pact-commons-unknown");
        }
    }
    match t.group {
        Some(g) => {
            let referent = accounts::group_cards(conn, &[g])?.pop().map(|g| g.referent);
            if referent != Some(who.id) {
                errors.add("group", "field-pact-group-referent");
            } else if t.cosigners.len() > MAX_COSIGNERS {
                errors.add("cosigners", "field-pact-cosigners-invalid");
            } else {
                for c in &t.cosigners {
                    if *c == who.id || !accounts::is_group_member(conn, g, *c)? {
                        errors.add("cosigners", "field-pact-cosigners-invalid");
                    }
                }
            }
        }
        None if !t.cosigners.is_empty() => errors.add("cosigners", "field-pact-cosigners-invalid"),
        None => {}
    }
    // A proposal answering a call is sent before its deadline, on its commons.
    if let Some(call) = t.call {
        match super::calls::check_answer_in(conn, env, call, &t.commons) {
            Ok(()) => {}
            Err(Refusal::Form(e)) => errors.absorb(&e),
            Err(Refusal::App(e)) => return Err(e),
        }
    }
    let participants = crate::pacts::text::normalise(&t.participants);
    if participants.is_empty() {
        errors.add("participants", "field-required");
    } else if participants.chars().count() > MAX_BODY {
        errors.add("participants", "field-text-too-long");
    }
    if crate::pacts::text::normalise(&t.ask).chars().count() > MAX_BODY {
        errors.add("ask", "field-text-too-long");
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
    diesel::delete(pact_proposals::table.find(pact)).execute(conn)?;
    diesel::insert_into(pact_proposals::table)
        .values((
            pact_proposals::pact_id.eq(pact),
            pact_proposals::participants.eq(crate::pacts::text::normalise(&t.participants)),
            pact_proposals::ask.eq(crate::pacts::text::normalise(&t.ask)),
            pact_proposals::call_id.eq(t.call),
        ))
        .execute(conn)?;
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
    let place = match t.commons.first() {
        Some(c) => commons::place(conn, *c)?,
        None => None,
    };
    let (lat, lng, address, district) = match place {
        Some(p) => (Some(p.lat), Some(p.lng), p.address, p.district),
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
pub fn create_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    terms: &Terms,
    text: Result<PactText, FormErrors>,
) -> Result<i64, Refusal> {
    policy::may_propose(who).map_err(denied)?;
    let mut errors = text.as_ref().err().cloned().unwrap_or_default();
    check_terms(conn, env, who, terms, &mut errors)?;
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
/// note on what changed. A frozen or signed text cannot be edited. The support lines
/// get no estimated values (the form's [`edit`] writes them).
pub fn edit_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    terms: Result<Option<Terms>, FormErrors>,
    text: Result<PactText, FormErrors>,
    note: &str,
) -> Result<i64, Refusal> {
    edit_valued_in(conn, env, who, id, terms, text, None, note)
}

/// [`edit_in`] with the support lines' estimated values (`None`: none written); in
/// co-design a change of values alone is a new version too.
#[allow(clippy::too_many_arguments)]
fn edit_valued_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    terms: Result<Option<Terms>, FormErrors>,
    text: Result<PactText, FormErrors>,
    values: Option<&[Option<i64>]>,
    note: &str,
) -> Result<i64, Refusal> {
    let p = store::load(conn, id)?;
    let facts = allow(conn, env, &p, Some(who), Action::Edit)?;
    let proposer = facts.ties.proposer;
    let co_design = p.state == PactState::CoDesign;
    // The terms (commons, group, co-signers) are settled before submission: in a draft
    // their problems come first.
    let terms = match terms {
        Err(e) if p.state == PactState::Draft => return Err(Refusal::Form(e)),
        t => t.ok().flatten(),
    };
    let mut errors = text.as_ref().err().cloned().unwrap_or_default();
    let note = crate::pacts::text::normalise(note);
    if co_design && note.is_empty() {
        errors.add("change_note", "field-pact-change-note-required");
    } else if note.chars().count() > MAX_BODY {
        errors.add("change_note", "field-text-too-long");
    }
    let terms = terms.as_ref().filter(|_| p.state == PactState::Draft);
    if let Some(t) = terms {
        check_terms(conn, env, who, t, &mut errors)?;
    }
    let text = match text {
        Ok(t) if errors.is_empty() => t,
        _ => return Err(Refusal::Form(errors)),
    };
    // The legal clauses are the office's: anyone else's edit keeps them as they stand.
    let current = store::version(conn, id, p.version)?;
    let text = if policy::writes_legal_clauses(Some(who), &facts) {
        text
    } else {
        text.with_legal_clauses_of(&current.text)
    };
    if let Some(t) = terms {
        write_terms(conn, id, t, env.now)?;
    }
    let number = if co_design {
        let same_values = match values {
            Some(v) => super::support::values_of(conn, current.id)? == v,
            None => true,
        };
        if current.text == text && same_values {
            return Err(Refusal::field("change_note", "field-pact-no-change"));
        }
        let n = p.version + 1;
        let version = store::write_version(
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
        if let Some(v) = values {
            super::support::write_values(conn, version, v)?;
        }
        store::event(
            conn,
            id,
            "version",
            None,
            None,
            Some(who.id),
            if proposer { "proposer" } else { "official" },
            Some(&note).filter(|n| !n.is_empty()).map(|n| n.as_str()),
            Some(n),
            None,
            env.now,
        )?;
        n
    } else {
        store::write_version(conn, store::Slot::Replace(current.id), &text, &note, who.id)?;
        if let Some(v) = values {
            super::support::write_values(conn, current.id, v)?;
        }
        p.version
    };
    diesel::update(pacts::table.find(id))
        .set((
            pacts::title.eq(&text.title),
            pacts::version.eq(number),
            pacts::updated_at.eq(env.now),
        ))
        .execute(conn)?;
    crate::pacts::search_sync::enqueue(conn, id)?;
    Ok(number)
}

/// Marks the members of the proposing group who may be co-signers (for the form).
pub fn group_members_of(
    conn: &mut AnyConnection,
    group: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    accounts::group_members(conn, group)
}

/// A verified citizen (or a group's referent) starts a proposal as a private draft,
/// with the estimated values of its support lines (in the lines' order).
pub async fn create(
    ports: &Ports,
    who: &Who,
    terms: Result<Terms, FormErrors>,
    text: Result<PactText, FormErrors>,
    values: Vec<Option<i64>>,
) -> Result<i64, Refusal> {
    policy::may_propose(who).map_err(denied)?;
    limit(ports, "write", who.id, WRITES_PER_HOUR).await?;
    let terms = match terms {
        Ok(t) => t,
        Err(mut all) => {
            // The text's problems are reported along with the terms'.
            if let Err(te) = &text {
                all.absorb(te);
            }
            return Err(Refusal::Form(all));
        }
    };
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| {
            let id = create_in(conn, &env, &who, &terms, text)?;
            let version = super::support::version_id(conn, id, 1)?;
            super::support::write_values(conn, version, &values)?;
            Ok(id)
        })
        .await
}

/// Edits the text and its support lines' estimated values (see [`edit_in`]); returns
/// the version number.
pub async fn edit(
    ports: &Ports,
    who: &Who,
    id: i64,
    terms: Result<Option<Terms>, FormErrors>,
    text: Result<PactText, FormErrors>,
    values: Vec<Option<i64>>,
    note: String,
) -> Result<i64, Refusal> {
    limit(ports, "write", who.id, WRITES_PER_HOUR).await?;
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| {
            edit_valued_in(conn, &env, &who, id, terms, text, Some(&values), &note)
        })
        .await
}
