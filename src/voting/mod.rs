//! Counting votes: the tally library of assemblies and chambers (DOMAIN.md, "Votes").
//!
//! Pure: no I/O, no database, no web; it depends on the kit and std-like crates only
//! (a test checks it), so the app, `pactum tally` and anyone recounting published
//! ballots run the same code. Every method returns a report with its inputs, every
//! step (rounds, quotas, transfers; pairwise and strongest-path matrices) and the rule
//! that decided, serialisable as JSON.
//!
//! Ties are never broken by storage order: each method documents its rule, ending in
//! the order of the options as fixed when the vote opened (the order of the
//! candidates in a BLT file), which the app draws and publishes before anyone votes.

pub mod blt;
pub mod stv;

/// A group of identical ranked ballots: how many (`weight`) and the preferences, most
/// preferred first, as 0-based option indexes without repeats. An empty ranking is a
/// blank ballot: it counts for participation and for nobody.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ranked {
    pub weight: u64,
    pub prefs: Vec<usize>,
}

/// A ranked election as a BLT file holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RankedElection {
    pub title: String,
    /// The options (candidates) in their fixed order, which is also the last tie-break.
    pub candidates: Vec<String>,
    pub seats: usize,
    /// Options withdrawn before counting (0-based); ballots skip them.
    pub withdrawn: Vec<usize>,
    pub ballots: Vec<Ranked>,
}

impl RankedElection {
    /// The number of ballots (the sum of the weights).
    pub fn total(&self) -> u64 {
        self.ballots.iter().map(|b| b.weight).sum()
    }
}
