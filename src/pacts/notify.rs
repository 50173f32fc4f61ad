//! Notifications: who must act on a pact is told by e-mail through the outbox, in the
//! same transaction as the change, in their language and with a link, or once a day
//! in a digest if they chose so in their account.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::store::{Env, Pact};
use crate::accounts::api::{self as accounts, Contact};
use crate::db::AnyConnection;
use crate::db::schema::notifications;
use crate::error::AppError;
use crate::kit::roles::Role;
use crate::mail::{ActionMail, compose_action, enqueue};
use crate::web::i18n::Lang;

/// The kinds of notification (each has `mail-pact-<kind>-*` messages).
pub const KINDS: &[&str] = &[
    "submitted",
    "integration-requested",
    "integrated",
    "published",
    "observation",
    "opinion-requested",
    "co-design",
    "awaiting-signatures",
    "signed",
    "report-due",
    "report-submitted",
    "report-evaluated",
    "extended",
    "closed",
    "overdue",
    "assigned",
    "suspended",
    "resumed",
    "notice",
    "notice-answered",
    "notice-dismissed",
    "revoked",
    "excluded",
    "conciliation",
    "ending",
    "insurance-expiring",
    "call-chosen",
    "call-not-chosen",
    "call-cancelled",
];

/// How to reach a person: accounts owns the address, the language and the digest choice.
fn recipient(conn: &mut AnyConnection, uid: i64) -> Result<Option<Contact>, AppError> {
    accounts::contact(conn, uid)
}

/// Tells each user (once, whatever the list's repeats) that `pact` needs them.
pub fn notify(
    conn: &mut AnyConnection,
    env: &Env,
    users_to_tell: &[i64],
    pact: &Pact,
    kind: &'static str,
) -> Result<(), AppError> {
    let mut seen = Vec::new();
    for &uid in users_to_tell {
        if seen.contains(&uid) {
            continue;
        }
        seen.push(uid);
        let Some(r) = recipient(conn, uid)? else {
            continue;
        };
        let mailed = if r.digest {
            None
        } else {
            match (&r.email, r.verified) {
                (Some(to), true) => {
                    let lang = Lang::from_code(&r.language).unwrap_or(Lang::En);
                    let url = env.pact_url(pact.id);
                    let mail = compose_action(
                        lang,
                        &env.city,
                        &ActionMail {
                            prefix: &format!("mail-pact-{kind}"),
                            to,
                            name: &r.name,
                            url: &url,
                            args: &[
                                ("title", pact.title.clone().into()),
                                ("id", pact.id.to_string().into()),
                            ],
                        },
                    )
                    .map_err(|e| AppError::internal(e.to_string()))?;
                    enqueue(conn, &mail)?;
                    Some(env.now)
                }
                _ => Some(env.now),
            }
        };
        diesel::insert_into(notifications::table)
            .values((
                notifications::user_id.eq(uid),
                notifications::pact_id.eq(Some(pact.id)),
                notifications::kind.eq(kind),
                notifications::created_at.eq(env.now),
                notifications::mailed_at.eq(mailed),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The officials of an office (all officials while none is assigned).
pub fn officials(conn: &mut AnyConnection, office: Option<i64>) -> Result<Vec<i64>, AppError> {
    match office {
        Some(o) => accounts::officials_of(conn, o),
        None => accounts::holders_of(conn, Role::Official),
    }
}

/// Whoever acts for the city in `p` on `day`: during admissibility the coordinating
/// office's officials; then the responsible official, or, with none named, the lead
/// office's officials. An official away that day is replaced by their substitute, so
/// reminders reach whoever is acting.
pub fn city(conn: &mut AnyConnection, p: &Pact, day: NaiveDate) -> Result<Vec<i64>, AppError> {
    let people = if super::policy::in_admission(p.state, p.office_id) {
        let coordinating = accounts::coordinating_office(conn)?;
        officials(conn, coordinating.or(p.office_id))?
    } else {
        match p.official_id {
            Some(o) => vec![o],
            None => officials(conn, p.office_id)?,
        }
    };
    acting(conn, people, day)
}

/// The people acting for `people` on `day` (each, or their substitute), without repeats.
fn acting(
    conn: &mut AnyConnection,
    people: Vec<i64>,
    day: NaiveDate,
) -> Result<Vec<i64>, AppError> {
    let mut out = Vec::new();
    for u in people {
        let a = accounts::acting_for(conn, u, day)?;
        if !out.contains(&a) {
            out.push(a);
        }
    }
    Ok(out)
}

/// The signatories who sign `p` for the city: those attached to its signing offices
/// (or their substitutes, that day).
pub fn signatories(
    conn: &mut AnyConnection,
    p: &Pact,
    day: NaiveDate,
) -> Result<Vec<i64>, AppError> {
    let all = accounts::holders_of(conn, Role::Signatory)?;
    let mut people = Vec::new();
    for o in super::store::signing_offices(conn, p)? {
        people.extend(
            accounts::officials_of(conn, o)?
                .into_iter()
                .filter(|u| all.contains(u)),
        );
    }
    acting(conn, people, day)
}

/// Sends each digest reader one message for what waited since before today.
pub fn send_digests(conn: &mut AnyConnection, env: &Env) -> Result<usize, AppError> {
    let day_start = env.today().and_hms_opt(0, 0, 0).unwrap_or(env.now);
    let pending: Vec<(i64, i64)> = notifications::table
        .filter(notifications::mailed_at.is_null())
        .filter(notifications::created_at.lt(day_start))
        .select((notifications::id, notifications::user_id))
        .order(notifications::id.asc())
        .load(conn)?;
    let mut by_user: Vec<(i64, Vec<i64>)> = Vec::new();
    for (id, uid) in pending {
        match by_user.iter_mut().find(|(u, _)| *u == uid) {
            Some((_, ids)) => ids.push(id),
            None => by_user.push((uid, vec![id])),
        }
    }
    let mut sent = 0;
    for (uid, ids) in by_user {
        if let Some(r) = recipient(conn, uid)?
            && let (Some(to), true) = (&r.email, r.verified)
        {
            let lang = Lang::from_code(&r.language).unwrap_or(Lang::En);
            let url = format!("{}/pacts/mine", env.base_url.trim_end_matches('/'));
            let mail = compose_action(
                lang,
                &env.city,
                &ActionMail {
                    prefix: "mail-digest",
                    to,
                    name: &r.name,
                    url: &url,
                    args: &[("count", ids.len().into())],
                },
            )
            .map_err(|e| AppError::internal(e.to_string()))?;
            enqueue(conn, &mail)?;
            sent += 1;
        }
        diesel::update(notifications::table.filter(notifications::id.eq_any(&ids)))
            .set(notifications::mailed_at.eq(Some(env.now)))
            .execute(conn)?;
    }
    Ok(sent)
}
