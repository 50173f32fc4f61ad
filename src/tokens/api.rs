//! What the rest of Pactum may ask of the tokens area.

/// The tokens' ledger auditor, for `pactum ledger audit` (the ledger knows no area).
pub fn ledger_auditor() -> Box<dyn crate::ledger::audit::AreaAuditor> {
    super::audit::ledger_auditor()
}
