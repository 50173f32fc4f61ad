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
