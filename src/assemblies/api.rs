//! What the rest of the application may ask of assemblies and chambers: the background
//! job that closes and counts votes at their closing time and the ledger auditor that
//! recounts them (the wiring registers both), the recommendations waiting for the
//! city's answer (the officials' queue) and the bodies that endorse a pact (the pact's
//! page). Nothing else of `assemblies` is for other areas (ARCHITECTURE.md,
//! "Dependency rules").

use chrono::NaiveDateTime;

use crate::accounts::api::Who;
use crate::db::AnyConnection;
use crate::error::AppError;

pub use super::service::recommendation_pages::{Endorsement, QueueLine};

/// The job that closes votes at their closing time, counts them and puts the result
/// on the civic ledger.
pub fn votes_job() -> crate::jobs::Job {
    super::service::votes::job()
}

/// The auditor that recounts every closed vote of the ledger from what the site behind
/// `fetch` publishes (`pactum ledger audit`).
pub fn ledger_auditor(
    fetch: Box<dyn crate::ledger::audit::Fetch>,
) -> Box<dyn crate::ledger::audit::AreaAuditor> {
    Box::new(super::audit::VoteAuditor::new(fetch))
}

/// The unanswered recommendations `who` may answer, oldest first, each flagged
/// overdue after `days` without an answer (a fixed number of queries; officials of
/// the coordinating office and administrators see all).
pub fn recommendations_to_answer(
    conn: &mut AnyConnection,
    who: &Who,
    days: i64,
    now: NaiveDateTime,
) -> Result<Vec<QueueLine>, AppError> {
    super::service::recommendation_pages::queue_in(conn, who, days, now)
}

/// The bodies that endorse a pact, with the vote that decided it (one query).
pub fn endorsements_of_pact(
    conn: &mut AnyConnection,
    pact: i64,
) -> Result<Vec<Endorsement>, AppError> {
    super::service::recommendation_pages::endorsements_of_pact(conn, pact)
}

/// When the public list of bodies last changed: the latest change of a body.
pub fn last_modified(
    conn: &mut crate::db::AnyConnection,
) -> Result<Option<chrono::NaiveDateTime>, crate::error::AppError> {
    use crate::db::schema::bodies;
    use diesel::prelude::*;
    Ok(bodies::table
        .select(diesel::dsl::max(bodies::updated_at))
        .first(conn)?)
}
