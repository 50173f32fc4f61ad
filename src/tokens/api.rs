//! What the rest of Pactum may ask of the tokens area.

/// The tokens' ledger auditor, for `pactum ledger audit` (the ledger knows no area).
pub fn ledger_auditor() -> Box<dyn crate::ledger::audit::AreaAuditor> {
    super::audit::ledger_auditor()
}

/// The tokens' ledger auditor that also compares each programme's replayed supply with
/// what the site behind `fetch` publishes for the same log size.
pub fn ledger_auditor_of(
    fetch: Box<dyn crate::ledger::audit::Fetch>,
) -> Box<dyn crate::ledger::audit::AreaAuditor> {
    super::audit::ledger_auditor_of(fetch)
}

/// Every token invariant every programme breaks (one line each), and how many
/// programmes were checked: what `pactum tokens check` prints.
pub fn check(
    conn: &mut crate::db::AnyConnection,
) -> Result<(usize, Vec<String>), crate::error::AppError> {
    let programmes = super::store::programmes(conn)?.len();
    Ok((programmes, super::service::check::all_in(conn)?))
}

/// When the programmes' open data last changed: the latest programme created or
/// issuance made (its serials), for the catalogue (two aggregate queries).
pub fn last_modified(
    conn: &mut crate::db::AnyConnection,
) -> Result<Option<chrono::NaiveDateTime>, crate::error::AppError> {
    use crate::db::schema::{token_issuances, token_programmes};
    use diesel::prelude::*;
    let created: Option<chrono::NaiveDateTime> = token_programmes::table
        .select(diesel::dsl::max(token_programmes::created_at))
        .first(conn)?;
    let issued: Option<chrono::NaiveDateTime> = token_issuances::table
        .select(diesel::dsl::max(token_issuances::issued_at))
        .first(conn)?;
    Ok(created.max(issued))
}
