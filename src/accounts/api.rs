//! What other areas (commons, pacts, and later assemblies and tokens) may ask of
//! accounts: who is acting (`CurrentUser`, `MaybeUser`, turned into the kit's `Who`),
//! roles, the permission rule of accounts' objects, people's public names and
//! pseudonyms, group membership, the offices of officials, notification settings and
//! contact details, and the check of a person's own password before a solemn act.
//! Nothing else of `accounts` is for other areas (ARCHITECTURE.md, "Dependency
//! rules"); these functions run inside the caller's connection or transaction.

use chrono::{NaiveDate, NaiveDateTime};

/// How long sessions last, and how many are live (for the operators' metrics).
pub use super::sessions::{SessionPolicy, count_all_live};
use diesel::prelude::*;

use crate::config::HashCost;
use crate::db::AnyConnection;
use crate::db::schema::{
    absences, group_members, groups, office_members, offices, user_roles, users,
};
use crate::error::AppError;

pub use super::groups::GroupSummary;
pub use super::identity::{CurrentUser, MaybeUser};
pub use super::models::{display_name, roles_of};
pub use super::roles::Role;
pub use crate::kit::actor::Who;

pub use crate::kit::refusal::Denied;

/// The pseudonym of the city's earlier registry: the account imported commons and
/// pacts are recorded under, since the people who proposed and signed them may have
/// no account. It has no e-mail and no password: nobody signs in with it.
pub const REGISTRY_PSEUDONYM: &str = "u_00000000000000000000";
/// Its public name.
pub const REGISTRY_NAME: &str = "Earlier registry (imported)";

/// The registry's account ([`REGISTRY_PSEUDONYM`]), created on first use.
pub fn registry_account(conn: &mut AnyConnection) -> Result<i64, AppError> {
    let found: Option<i64> = users::table
        .filter(users::pseudonym.eq(REGISTRY_PSEUDONYM))
        .select(users::id)
        .first(conn)
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    Ok(diesel::insert_into(users::table)
        .values((
            users::pseudonym.eq(REGISTRY_PSEUDONYM),
            users::display_name.eq(REGISTRY_NAME),
            users::language.eq("en"),
            users::created_at.eq(crate::util::now()),
        ))
        .returning(users::id)
        .get_result(conn)?)
}

/// A person's public pseudonym (the id the ledger uses).
pub fn pseudonym(conn: &mut AnyConnection, uid: i64) -> Result<String, AppError> {
    Ok(users::table
        .find(uid)
        .select(users::pseudonym)
        .first(conn)?)
}

/// Display names of several people in one query ("" for an erased account; unknown
/// ids are left out).
pub fn display_names(
    conn: &mut AnyConnection,
    uids: &[i64],
) -> Result<Vec<(i64, String)>, AppError> {
    let rows: Vec<(i64, String, Option<NaiveDateTime>)> = users::table
        .filter(users::id.eq_any(uids))
        .select((users::id, users::display_name, users::deleted_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, deleted)| {
            (
                id,
                if deleted.is_some() {
                    String::new()
                } else {
                    name
                },
            )
        })
        .collect())
}

/// Whether `uid` belongs to `group`.
pub fn is_group_member(conn: &mut AnyConnection, group: i64, uid: i64) -> Result<bool, AppError> {
    let n: i64 = group_members::table
        .filter(group_members::group_id.eq(group))
        .filter(group_members::user_id.eq(uid))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The ids of the groups `uid` belongs to, in id order.
pub fn groups_of(conn: &mut AnyConnection, uid: i64) -> Result<Vec<i64>, AppError> {
    Ok(group_members::table
        .filter(group_members::user_id.eq(uid))
        .order(group_members::group_id.asc())
        .select(group_members::group_id)
        .load(conn)?)
}

/// The groups `uid` belongs to, (id, name), in id order, in one query.
pub fn group_names_of(conn: &mut AnyConnection, uid: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(group_members::table
        .inner_join(groups::table.on(groups::id.eq(group_members::group_id)))
        .filter(group_members::user_id.eq(uid))
        .order(groups::id.asc())
        .select((groups::id, groups::name))
        .load(conn)?)
}

/// The names of several groups in one query, (id, name); unknown ids are left out.
pub fn group_names(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, String)>, AppError> {
    Ok(groups::table
        .filter(groups::id.eq_any(ids))
        .select((groups::id, groups::name))
        .load(conn)?)
}

/// A group as other areas name it: id, name, kind (a `GroupKind` code) and the
/// referent who speaks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupCard {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub referent: i64,
}

type CardRow = (i64, String, String, i64);

fn cards(rows: Vec<CardRow>) -> Vec<GroupCard> {
    rows.into_iter()
        .map(|(id, name, kind, referent)| GroupCard {
            id,
            name,
            kind,
            referent,
        })
        .collect()
}

/// Several groups with their referents, in one query; unknown ids are left out.
pub fn group_cards(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<GroupCard>, AppError> {
    let rows: Vec<CardRow> = groups::table
        .filter(groups::id.eq_any(ids))
        .select((groups::id, groups::name, groups::kind, groups::referent_id))
        .load(conn)?;
    Ok(cards(rows))
}

/// The groups `uid` speaks for, by name, in one query.
pub fn group_cards_led_by(conn: &mut AnyConnection, uid: i64) -> Result<Vec<GroupCard>, AppError> {
    let rows: Vec<CardRow> = groups::table
        .filter(groups::referent_id.eq(uid))
        .order(groups::name.asc())
        .select((groups::id, groups::name, groups::kind, groups::referent_id))
        .load(conn)?;
    Ok(cards(rows))
}

/// The account with this e-mail address (compared case-insensitively), unless erased.
pub fn person_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<i64>, AppError> {
    let found = super::models::find_active_by_email(conn, &email.trim().to_lowercase())?;
    Ok(found.map(|u| u.id))
}

/// The groups `uid` speaks for (is the referent of), (id, name), by name.
pub fn groups_led_by(conn: &mut AnyConnection, uid: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(groups::table
        .filter(groups::referent_id.eq(uid))
        .order(groups::name.asc())
        .select((groups::id, groups::name))
        .load(conn)?)
}

/// A group's members with an account, (id, display name), by name.
pub fn group_members(conn: &mut AnyConnection, group: i64) -> Result<Vec<(i64, String)>, AppError> {
    Ok(group_members::table
        .inner_join(users::table)
        .filter(group_members::group_id.eq(group))
        .filter(users::deleted_at.is_null())
        .order(users::display_name.asc())
        .select((users::id, users::display_name))
        .load(conn)?)
}

/// The members with an account of several groups, (group, id, display name), by name,
/// in one query.
pub fn members_of_groups(
    conn: &mut AnyConnection,
    groups: &[i64],
) -> Result<Vec<(i64, i64, String)>, AppError> {
    Ok(group_members::table
        .inner_join(users::table)
        .filter(group_members::group_id.eq_any(groups))
        .filter(users::deleted_at.is_null())
        .order((users::display_name.asc(), users::id.asc()))
        .select((group_members::group_id, users::id, users::display_name))
        .load(conn)?)
}

/// How many members with an account each of these groups has, (group, count), in
/// one query (a chamber's double majority weighs organisations by it).
pub fn group_sizes(conn: &mut AnyConnection, groups: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    Ok(group_members::table
        .inner_join(users::table)
        .filter(group_members::group_id.eq_any(groups))
        .filter(users::deleted_at.is_null())
        .group_by(group_members::group_id)
        .select((group_members::group_id, diesel::dsl::count_star()))
        .load(conn)?)
}

/// A group's referent (the member who speaks for it).
pub fn group_referent(conn: &mut AnyConnection, group: i64) -> Result<i64, AppError> {
    Ok(groups::table
        .find(group)
        .select(groups::referent_id)
        .first(conn)?)
}

/// The offices an official works in.
pub fn offices_of(conn: &mut AnyConnection, uid: i64) -> Result<Vec<i64>, AppError> {
    Ok(office_members::table
        .filter(office_members::user_id.eq(uid))
        .select(office_members::office_id)
        .load(conn)?)
}

/// The officials working in an office.
pub fn officials_of(conn: &mut AnyConnection, office: i64) -> Result<Vec<i64>, AppError> {
    Ok(office_members::table
        .filter(office_members::office_id.eq(office))
        .select(office_members::user_id)
        .load(conn)?)
}

/// Everyone holding a role.
pub fn holders_of(conn: &mut AnyConnection, role: Role) -> Result<Vec<i64>, AppError> {
    Ok(user_roles::table
        .filter(user_roles::role.eq(role.code()))
        .select(user_roles::user_id)
        .load(conn)?)
}

/// An office's (id, name), if it exists.
pub fn office(conn: &mut AnyConnection, id: i64) -> Result<Option<(i64, String)>, AppError> {
    Ok(offices::table
        .find(id)
        .select((offices::id, offices::name))
        .first(conn)
        .optional()?)
}

/// Every office, (id, name), by name.
pub fn office_names(conn: &mut AnyConnection) -> Result<Vec<(i64, String)>, AppError> {
    Ok(offices::table
        .order(offices::name.asc())
        .select((offices::id, offices::name))
        .load(conn)?)
}

/// The names of several offices in one query, (id, name), by name; unknown ids are
/// left out.
pub fn office_names_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(offices::table
        .filter(offices::id.eq_any(ids))
        .order(offices::name.asc())
        .select((offices::id, offices::name))
        .load(conn)?)
}

/// An office's slug ("" for none).
pub fn office_slug(conn: &mut AnyConnection, office: Option<i64>) -> Result<String, AppError> {
    Ok(match office {
        Some(o) => offices::table.find(o).select(offices::slug).first(conn)?,
        None => String::new(),
    })
}

/// The coordinating office, if an administrator has set one.
pub fn coordinating_office(conn: &mut AnyConnection) -> Result<Option<i64>, AppError> {
    Ok(offices::table
        .filter(offices::coordinating.eq(true))
        .select(offices::id)
        .first(conn)
        .optional()?)
}

/// How to reach a person, and whether they want a digest rather than one e-mail per
/// event. `None` for an erased or unknown account.
#[derive(Debug, Clone)]
pub struct Contact {
    pub email: Option<String>,
    pub name: String,
    pub language: String,
    /// Only a verified address is written to.
    pub verified: bool,
    pub digest: bool,
}

/// A person's contact details and notification setting.
pub fn contact(conn: &mut AnyConnection, uid: i64) -> Result<Option<Contact>, AppError> {
    type Row = (
        Option<String>,
        String,
        String,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        bool,
    );
    let row: Option<Row> = users::table
        .find(uid)
        .select((
            users::email,
            users::display_name,
            users::language,
            users::email_verified_at,
            users::deleted_at,
            users::notify_digest,
        ))
        .first(conn)
        .optional()?;
    Ok(
        row.and_then(|(email, name, language, verified, deleted, digest)| {
            deleted.is_none().then_some(Contact {
                email,
                name,
                language,
                verified: verified.is_some(),
                digest,
            })
        }),
    )
}

/// Whether a person wants a daily digest instead of one e-mail per event.
pub fn notification_digest(conn: &mut AnyConnection, uid: i64) -> Result<bool, AppError> {
    Ok(users::table
        .find(uid)
        .select(users::notify_digest)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

/// Checks a person's own password (before a solemn act such as signing). Takes the
/// same time whether or not the account has a password.
pub fn password_matches(
    conn: &mut AnyConnection,
    uid: i64,
    password: &str,
    cost: HashCost,
) -> Result<bool, AppError> {
    let u = super::models::find_by_id(conn, uid)?;
    Ok(super::password::verify(
        password,
        u.as_ref().and_then(|u| u.password_hash.as_deref()),
        cost,
    ))
}

/// Someone standing in for an absent official on a day: for whom, in which office,
/// and whether the absent official signs for the city (their substitute then signs on
/// their behalf).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Substitution {
    pub absent: i64,
    pub office: i64,
    pub signatory: bool,
}

/// The absences in which `uid` stands in for a colleague on `day` (two queries).
pub fn substitutions_of(
    conn: &mut AnyConnection,
    uid: i64,
    day: NaiveDate,
) -> Result<Vec<Substitution>, AppError> {
    let rows: Vec<(i64, i64)> = absences::table
        .filter(absences::substitute_id.eq(uid))
        .filter(absences::cancelled_at.is_null())
        .filter(absences::starts_on.le(day))
        .filter(absences::ends_on.ge(day))
        .select((absences::user_id, absences::office_id))
        .load(conn)?;
    if rows.is_empty() {
        return Ok(vec![]);
    }
    let absent: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let signatories: Vec<i64> = user_roles::table
        .filter(user_roles::user_id.eq_any(&absent))
        .filter(user_roles::role.eq(Role::Signatory.code()))
        .select(user_roles::user_id)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(absent, office)| Substitution {
            absent,
            office,
            signatory: signatories.contains(&absent),
        })
        .collect())
}

/// Who acts for `uid` on `day`: their substitute while they are away, else themselves
/// (reminders go to whoever is acting).
pub fn acting_for(conn: &mut AnyConnection, uid: i64, day: NaiveDate) -> Result<i64, AppError> {
    Ok(absences::table
        .filter(absences::user_id.eq(uid))
        .filter(absences::cancelled_at.is_null())
        .filter(absences::starts_on.le(day))
        .filter(absences::ends_on.ge(day))
        .order(absences::id.desc())
        .select(absences::substitute_id)
        .first(conn)
        .optional()?
        .unwrap_or(uid))
}

/// The district council of a district: the office attached to it, if any.
pub fn council_of(conn: &mut AnyConnection, district: i64) -> Result<Option<i64>, AppError> {
    Ok(offices::table
        .filter(offices::district_id.eq(district))
        .select(offices::id)
        .first(conn)
        .optional()?)
}

/// Every office with the district it is the council of, if any: (id, name, district).
pub fn office_districts(
    conn: &mut AnyConnection,
) -> Result<Vec<(i64, String, Option<i64>)>, AppError> {
    Ok(offices::table
        .order(offices::name.asc())
        .select((offices::id, offices::name, offices::district_id))
        .load(conn)?)
}

/// Makes `office` the council of `district` (or of none). The caller checked that
/// the district exists; a district already with a council is a conflict.
pub fn set_office_district(
    conn: &mut AnyConnection,
    office: i64,
    district: Option<i64>,
) -> Result<(), AppError> {
    if let Some(d) = district
        && council_of(conn, d)?.is_some_and(|o| o != office)
    {
        return Err(AppError::Conflict("office-council-taken"));
    }
    let n = diesel::update(offices::table.find(office))
        .set(offices::district_id.eq(district))
        .execute(conn)?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Whether `uid` holds `role`.
pub fn has_role(conn: &mut AnyConnection, uid: i64, role: Role) -> Result<bool, AppError> {
    Ok(roles_of(conn, uid)?.contains(&role))
}

/// Every official with the offices they work in, by name: (office, user, name), in one
/// query (for choosing a responsible official or a substitute).
pub fn officials_by_office(conn: &mut AnyConnection) -> Result<Vec<(i64, i64, String)>, AppError> {
    Ok(office_members::table
        .inner_join(users::table)
        .inner_join(user_roles::table.on(user_roles::user_id.eq(office_members::user_id)))
        .filter(user_roles::role.eq(Role::Official.code()))
        .filter(users::deleted_at.is_null())
        .order((office_members::office_id.asc(), users::display_name.asc()))
        .select((office_members::office_id, users::id, users::display_name))
        .load(conn)?)
}
