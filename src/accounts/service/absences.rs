//! Officials' absences and their substitutes (DOMAIN.md, "Office"). An official who
//! will be away names a colleague of the same office who acts for them meanwhile; the
//! pact area asks [`crate::accounts::api::substitutions_of`] who stands in for whom on
//! a day, and its history says "on behalf of". An absence can be cancelled (it stays
//! in the table, marked), never edited: a new one is recorded instead.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::accounts::models;
use crate::accounts::policy::{self, Action, Object};
use crate::accounts::roles::Role;
use crate::db::AnyConnection;
use crate::db::schema::{absences, office_members, offices, users};
use crate::error::AppError;
use crate::kit::actor::Who;
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};

/// The longest absence recorded at once (a year and a day).
pub const MAX_DAYS: i64 = 366;

/// Most absences one official may have recorded ahead (current and future).
pub const MAX_AHEAD: i64 = 20;

/// An absence as typed into the form (dates as `YYYY-MM-DD`).
#[derive(Debug, Clone, Default)]
pub struct AbsenceInput {
    /// Who is away (the person recording, unless an administrator records it).
    pub absent: i64,
    pub office: i64,
    pub substitute: i64,
    pub starts_on: String,
    pub ends_on: String,
}

/// A recorded absence, with names, for the desk.
#[derive(Debug, Clone)]
pub struct AbsenceLine {
    pub id: i64,
    pub absent: i64,
    pub absent_name: String,
    pub office_name: String,
    pub substitute_name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Under way today.
    pub current: bool,
}

/// An office and the officials who work in it (for the substitute's choice).
#[derive(Debug, Clone)]
pub struct Colleagues {
    pub office: i64,
    pub office_name: String,
    pub people: Vec<(i64, String)>,
}

/// What the desk shows about absences.
#[derive(Debug, Clone, Default)]
pub struct AbsenceDesk {
    /// The viewer's own absences, current and ahead.
    pub mine: Vec<AbsenceLine>,
    /// Absences in which the viewer stands in, current and ahead.
    pub covering: Vec<AbsenceLine>,
    /// The viewer's offices and their officials.
    pub colleagues: Vec<Colleagues>,
}

fn date(errors: &mut FormErrors, field: &'static str, v: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, "field-date-invalid");
            None
        }
    }
}

fn works_in(conn: &mut AnyConnection, office: i64, uid: i64) -> Result<bool, AppError> {
    let n: i64 = office_members::table
        .filter(office_members::office_id.eq(office))
        .filter(office_members::user_id.eq(uid))
        .count()
        .get_result(conn)?;
    Ok(n > 0 && models::roles_of(conn, uid)?.contains(&Role::Official))
}

/// Absences of `uid` (not cancelled) that share a day with `from..=to`.
fn overlapping(
    conn: &mut AnyConnection,
    uid: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<i64, AppError> {
    Ok(absences::table
        .filter(absences::user_id.eq(uid))
        .filter(absences::cancelled_at.is_null())
        .filter(absences::starts_on.le(to))
        .filter(absences::ends_on.ge(from))
        .count()
        .get_result(conn)?)
}

/// Records an absence (see the module). `today` bounds the dates: an absence may not
/// lie wholly in the past.
pub fn record_in(
    conn: &mut AnyConnection,
    who: &Who,
    today: NaiveDate,
    now: NaiveDateTime,
    input: &AbsenceInput,
) -> Result<i64, Refusal> {
    policy::may(
        who,
        &Object::Absence {
            absent: input.absent,
        },
        Action::RecordAbsence,
    )?;
    let mut errors = FormErrors::new();
    if !works_in(conn, input.office, input.absent)? {
        errors.add("office", "field-absence-office");
    }
    if input.substitute == input.absent {
        errors.add("substitute", "field-absence-substitute-self");
    } else if !works_in(conn, input.office, input.substitute)? {
        errors.add("substitute", "field-absence-substitute-office");
    }
    let starts = date(&mut errors, "starts_on", &input.starts_on);
    let ends = date(&mut errors, "ends_on", &input.ends_on);
    if let (Some(s), Some(e)) = (starts, ends) {
        if e < s {
            errors.add("ends_on", "field-absence-order");
        } else if e < today {
            errors.add("ends_on", "field-absence-past");
        } else if (e - s).num_days() + 1 > MAX_DAYS {
            errors.add("ends_on", "field-absence-too-long");
        } else if overlapping(conn, input.absent, s, e)? > 0 {
            errors.add("starts_on", "field-absence-overlap");
        } else if overlapping(conn, input.substitute, s, e)? > 0 {
            errors.add("substitute", "field-absence-substitute-away");
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (Some(starts), Some(ends)) = (starts, ends) else {
        return Err(AppError::internal("absence dates checked but missing").into());
    };
    let ahead: i64 = absences::table
        .filter(absences::user_id.eq(input.absent))
        .filter(absences::cancelled_at.is_null())
        .filter(absences::ends_on.ge(today))
        .count()
        .get_result(conn)?;
    if ahead >= MAX_AHEAD {
        return Err(Refusal::field("starts_on", "field-absence-too-many"));
    }
    Ok(diesel::insert_into(absences::table)
        .values((
            absences::user_id.eq(input.absent),
            absences::office_id.eq(input.office),
            absences::substitute_id.eq(input.substitute),
            absences::starts_on.eq(starts),
            absences::ends_on.eq(ends),
            absences::created_by.eq(Some(who.id)),
            absences::created_at.eq(now),
        ))
        .returning(absences::id)
        .get_result(conn)?)
}

/// Cancels an absence that has not ended yet.
pub fn cancel_in(
    conn: &mut AnyConnection,
    who: &Who,
    today: NaiveDate,
    now: NaiveDateTime,
    id: i64,
) -> Result<(), AppError> {
    // Absences are kept on the officials' desk: whoever is not an official is refused
    // before the absence is even looked up.
    policy::may(who, &Object::Platform, Action::UseOfficialDesk)?;
    let (absent, ends, cancelled): (i64, NaiveDate, Option<NaiveDateTime>) = absences::table
        .find(id)
        .select((absences::user_id, absences::ends_on, absences::cancelled_at))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    policy::may(who, &Object::Absence { absent }, Action::CancelAbsence)?;
    if cancelled.is_some() || ends < today {
        return Err(AppError::Conflict("absence-not-cancellable"));
    }
    diesel::update(absences::table.find(id))
        .set(absences::cancelled_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

type LineRow = (i64, i64, i64, i64, NaiveDate, NaiveDate);

fn lines(
    conn: &mut AnyConnection,
    rows: Vec<LineRow>,
    today: NaiveDate,
) -> Result<Vec<AbsenceLine>, AppError> {
    let mut ids: Vec<i64> = rows.iter().flat_map(|r| [r.1, r.3]).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: Vec<(i64, String)> = users::table
        .filter(users::id.eq_any(&ids))
        .select((users::id, users::display_name))
        .load(conn)?;
    let office_ids: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let office_names: Vec<(i64, String)> = offices::table
        .filter(offices::id.eq_any(&office_ids))
        .select((offices::id, offices::name))
        .load(conn)?;
    let name = |list: &[(i64, String)], id: i64| {
        list.iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    Ok(rows
        .into_iter()
        .map(|(id, absent, office, substitute, s, e)| AbsenceLine {
            id,
            absent,
            absent_name: name(&names, absent),
            office_name: name(&office_names, office),
            substitute_name: name(&names, substitute),
            starts_on: s,
            ends_on: e,
            current: s <= today && today <= e,
        })
        .collect())
}

/// The desk's view of absences for `uid`: a fixed number of queries.
pub fn desk_in(
    conn: &mut AnyConnection,
    uid: i64,
    today: NaiveDate,
) -> Result<AbsenceDesk, AppError> {
    let cols = (
        absences::id,
        absences::user_id,
        absences::office_id,
        absences::substitute_id,
        absences::starts_on,
        absences::ends_on,
    );
    let mine: Vec<LineRow> = absences::table
        .filter(absences::user_id.eq(uid))
        .filter(absences::cancelled_at.is_null())
        .filter(absences::ends_on.ge(today))
        .order((absences::starts_on.asc(), absences::id.asc()))
        .limit(MAX_AHEAD)
        .select(cols)
        .load(conn)?;
    let covering: Vec<LineRow> = absences::table
        .filter(absences::substitute_id.eq(uid))
        .filter(absences::cancelled_at.is_null())
        .filter(absences::ends_on.ge(today))
        .order((absences::starts_on.asc(), absences::id.asc()))
        .limit(100)
        .select(cols)
        .load(conn)?;
    let mine_offices: Vec<(i64, String)> = office_members::table
        .inner_join(offices::table)
        .filter(office_members::user_id.eq(uid))
        .order(offices::name.asc())
        .select((offices::id, offices::name))
        .load(conn)?;
    let ids: Vec<i64> = mine_offices.iter().map(|o| o.0).collect();
    let people: Vec<(i64, i64, String)> = office_members::table
        .inner_join(users::table)
        .filter(office_members::office_id.eq_any(&ids))
        .filter(office_members::user_id.ne(uid))
        .filter(users::deleted_at.is_null())
        .order(users::display_name.asc())
        .select((office_members::office_id, users::id, users::display_name))
        .load(conn)?;
    Ok(AbsenceDesk {
        mine: lines(conn, mine, today)?,
        covering: lines(conn, covering, today)?,
        colleagues: mine_offices
            .into_iter()
            .map(|(office, office_name)| Colleagues {
                office,
                office_name,
                people: people
                    .iter()
                    .filter(|(o, _, _)| *o == office)
                    .map(|(_, u, n)| (*u, n.clone()))
                    .collect(),
            })
            .collect(),
    })
}

/// An official records their absence (see [`record_in`]).
pub async fn record(ports: &Ports, who: &Who, input: AbsenceInput) -> Result<i64, Refusal> {
    let (who, now) = (who.clone(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| record_in(conn, &who, now.date(), now, &input))
        .await
}

/// An official cancels their absence (see [`cancel_in`]).
pub async fn cancel(ports: &Ports, who: &Who, id: i64) -> Result<(), AppError> {
    let (who, now) = (who.clone(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| cancel_in(conn, &who, now.date(), now, id))
        .await
}

/// The desk's absences for `who`.
pub async fn desk(ports: &Ports, who: &Who) -> Result<AbsenceDesk, AppError> {
    policy::may(who, &Object::Platform, Action::UseOfficialDesk)?;
    let (uid, today) = (who.id, ports.clock.now().date());
    ports.db.run(move |conn| desk_in(conn, uid, today)).await
}
