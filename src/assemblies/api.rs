//! What the rest of the application may ask of assemblies and chambers: the
//! background job that closes and counts votes at their closing time, and the ledger
//! auditor that recounts them (the wiring registers both). Nothing else of `assemblies` is for other areas (ARCHITECTURE.md,
//! "Dependency rules").

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
