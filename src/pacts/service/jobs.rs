//! The procedure's scheduled work: the deadline job.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::transition::{By, Extra, fire_in};
use crate::db::AnyConnection;
use crate::db::schema::pacts;
use crate::error::AppError;
use crate::pacts::deadlines;
use crate::pacts::notify::{self, notify};
use crate::pacts::procedure::{PactState, Transition};
use crate::pacts::store::{self, Env};
use crate::web::forms::Refusal;

/// Pacts the deadline job moved or reminded about, for its log line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineReport {
    pub closed_observations: usize,
    pub reports_due: usize,
    pub reminders: usize,
    pub overdue: usize,
    pub digests: usize,
    /// Pacts concluded at their end date.
    pub concluded: usize,
}

/// How long before a pact's end date its parties are reminded (days, and the kind
/// of reminder).
pub const TERM_REMINDERS: [(i64, &str); 2] = [(60, "end-60"), (14, "end-14")];

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
        if !remember(conn, env, id, on, kind)? {
            return Ok(false);
        }
        let p = store::load(conn, id)?;
        let to = if kind == "overdue" {
            notify::city(conn, &p, env.today())?
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
    // At its end date a pact concludes, unless it was extended; before it, the
    // parties and the office are reminded (60 and 14 days before, once each per end
    // date: an extension sets new reminders).
    let after = [
        PactState::Signed.code(),
        PactState::Monitoring.code(),
        PactState::Suspended.code(),
    ];
    let ended: Vec<i64> = pacts::table
        .filter(pacts::state.eq_any(after))
        .filter(pacts::end_date.lt(env.today()))
        .select(pacts::id)
        .load(conn)?;
    for id in ended {
        if conn_fire(conn, env, id, Transition::Conclude)? {
            r.concluded += 1;
        }
    }
    for (days, kind) in TERM_REMINDERS {
        let horizon = env.today() + chrono::Duration::days(days);
        let ending: Vec<(i64, NaiveDate)> = pacts::table
            .filter(pacts::state.eq_any(after))
            .filter(pacts::end_date.le(horizon))
            .filter(pacts::end_date.ge(env.today()))
            .filter(diesel::dsl::not(diesel::dsl::exists(
                pact_reminders::table
                    .filter(pact_reminders::pact_id.eq(pacts::id))
                    .filter(pact_reminders::kind.eq(kind))
                    .filter(pact_reminders::due_on.nullable().eq(pacts::end_date)),
            )))
            .select((pacts::id, pacts::end_date.assume_not_null()))
            .load(conn)?;
        for (id, end) in ending {
            // The 60-day reminder is not sent when the 14-day one is due already.
            if kind == "end-60" && end <= env.today() + chrono::Duration::days(14) {
                continue;
            }
            if !remember(conn, env, id, end, kind)? {
                continue;
            }
            let p = store::load(conn, id)?;
            let to = super::aftercare::parties(conn, env, &p)?;
            notify(conn, env, &to, &p, "ending")?;
            r.reminders += 1;
        }
    }
    r.reminders += super::support::insurance_alerts(conn, env)?;
    r.digests = notify::send_digests(conn, env)?;
    Ok(r)
}

/// Records that the `kind` reminder about the date `on` went out for pact `id`; false
/// when it had already (every reminder goes out once).
pub(super) fn remember(
    conn: &mut AnyConnection,
    env: &Env,
    id: i64,
    on: NaiveDate,
    kind: &str,
) -> Result<bool, AppError> {
    use crate::db::schema::pact_reminders;
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
    Ok(true)
}

/// Fires a system transition, treating a refusal (someone acted first) as nothing done.
fn conn_fire(
    conn: &mut AnyConnection,
    env: &Env,
    id: i64,
    t: Transition,
) -> Result<bool, AppError> {
    match fire_in(conn, env, By::System, id, t, "", &Extra::default()) {
        Ok(_) => Ok(true),
        Err(Refusal::Form(_)) => Ok(false),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// The deadline job: runs [`run_deadlines`] at most once a minute.
pub fn job(base_url: String, city: String, rules: deadlines::DeadlineRules) -> crate::jobs::Job {
    crate::jobs::Job {
        name: "pact-deadlines",
        run: Box::new(move |conn| {
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
        every: std::time::Duration::from_secs(60),
    }
}
