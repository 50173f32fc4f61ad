//! The public review: observations and their replies while the pact is published,
//! and the offices' technical opinions.

use diesel::prelude::*;

use super::{WRITES_PER_HOUR, allow, body, denied, limit};
use crate::db::AnyConnection;
use crate::db::schema::{pact_observations, pact_opinions};
use crate::error::AppError;
use crate::pacts::notify::{self, notify};
use crate::pacts::policy::{self, Action};
use crate::pacts::procedure::Opinion;
use crate::pacts::store::{self, Env, Who};
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};

/// The admitting official asks offices for their technical opinion.
pub fn request_opinions_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    office_ids: &[i64],
) -> Result<usize, Refusal> {
    let p = store::load(conn, id)?;
    allow(conn, env, &p, Some(who), Action::RequestOpinions)?;
    if office_ids.is_empty() {
        return Err(Refusal::field("offices", "field-pact-office-required"));
    }
    let known = crate::accounts::api::office_names_of(conn, office_ids)?;
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
pub fn give_opinion_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    office: i64,
    opinion: Option<Opinion>,
    text: &str,
) -> Result<(), Refusal> {
    let p = store::load(conn, id)?;
    allow(conn, env, &p, Some(who), Action::GiveOpinion(office))?;
    let previous: Option<String> = pact_opinions::table
        .filter(pact_opinions::pact_id.eq(id))
        .filter(pact_opinions::office_id.eq(office))
        .select(pact_opinions::opinion)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten();
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
pub fn observe_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    text: &str,
) -> Result<i64, Refusal> {
    let p = store::load(conn, id)?;
    allow(conn, env, &p, Some(who), Action::Observe)?;
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
    tell.extend(notify::city(conn, &p, env.today())?);
    tell.retain(|u| *u != who.id);
    notify(conn, env, &tell, &p, "observation")?;
    Ok(oid)
}

/// The proposer or the city replies to an observation, or marks it taken into account.
pub fn reply_in(
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
    let facts = allow(conn, env, &p, Some(who), Action::Reply)?;
    let proposer = facts.ties.proposer;
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
        if proposer { "proposer" } else { "official" },
        None,
        None,
        None,
        env.now,
    )?;
    Ok(pact_id)
}

/// The admitting official asks offices for their opinion (see [`request_opinions_in`]).
pub async fn request_opinions(
    ports: &Ports,
    who: &Who,
    id: i64,
    office_ids: Vec<i64>,
) -> Result<usize, Refusal> {
    policy::may_work_for_city(who).map_err(denied)?;
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| request_opinions_in(conn, &env, &who, id, &office_ids))
        .await
}

/// An office gives its opinion (see [`give_opinion_in`]); `office` as the form named
/// it (`None`: unreadable).
pub async fn give_opinion(
    ports: &Ports,
    who: &Who,
    id: i64,
    office: Option<i64>,
    opinion: Option<Opinion>,
    text: String,
) -> Result<(), Refusal> {
    policy::may_work_for_city(who).map_err(denied)?;
    let office = office.ok_or(AppError::BadRequest("error-bad-request"))?;
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| give_opinion_in(conn, &env, &who, id, office, opinion, &text))
        .await
}

/// A citizen comments (see [`observe_in`]).
pub async fn observe(ports: &Ports, who: &Who, id: i64, text: String) -> Result<i64, Refusal> {
    limit(ports, "write", who.id, WRITES_PER_HOUR).await?;
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| observe_in(conn, &env, &who, id, &text))
        .await
}

/// A reply to observation `observation` of pact `id` (see [`reply_in`]).
pub async fn reply(
    ports: &Ports,
    who: &Who,
    id: i64,
    observation: i64,
    text: String,
    taken_into_account: bool,
) -> Result<i64, Refusal> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| {
            let of: i64 = pact_observations::table
                .find(observation)
                .select(pact_observations::pact_id)
                .first(conn)?;
            if of != id {
                return Err(AppError::NotFound.into());
            }
            reply_in(conn, &env, &who, observation, &text, taken_into_account)
        })
        .await
}
