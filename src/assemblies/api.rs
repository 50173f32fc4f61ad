//! What the rest of the application may ask of assemblies and chambers: today, the
//! background job that closes and counts votes at their closing time (the wiring
//! registers it). Nothing else of `assemblies` is for other areas (ARCHITECTURE.md,
//! "Dependency rules").

/// The job that closes votes at their closing time, counts them and puts the result
/// on the civic ledger.
pub fn votes_job() -> crate::jobs::Job {
    super::service::votes::job()
}
