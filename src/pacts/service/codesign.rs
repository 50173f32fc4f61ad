//! The co-design table's meetings (the text's versions are edited in `proposal`).

use diesel::prelude::*;

use super::{allow, body};
use crate::db::AnyConnection;
use crate::db::schema::pact_meetings;
use crate::pacts::policy::Action;
use crate::pacts::store::{self, Env, Who};
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};

/// A co-design meeting with its date, place and minutes.
pub fn add_meeting_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    held_at: Option<chrono::NaiveDateTime>,
    place: &str,
    minutes: &str,
) -> Result<i64, Refusal> {
    let p = store::load(conn, id)?;
    allow(conn, env, &p, Some(who), Action::Meet)?;
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

/// Records a co-design meeting (see [`add_meeting_in`]).
pub async fn add_meeting(
    ports: &Ports,
    who: &Who,
    id: i64,
    held_at: Option<chrono::NaiveDateTime>,
    place: String,
    minutes: String,
) -> Result<i64, Refusal> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| {
            add_meeting_in(conn, &env, &who, id, held_at, &place, &minutes)
        })
        .await
}
