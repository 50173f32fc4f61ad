//! What the areas (assemblies today) use of the tally library: the ballot shapes, the
//! settings of a count, the entry point and its outcome, and the writers of published
//! ballot files, and the reader of published ones (a recount). `pactum tally` uses the same
//! functions.

pub use super::ballots::{Ballots, write as write_ballots};
pub use super::blt::write as write_blt;
pub use super::consent::Stance;
pub use super::yes_no::{Choice, Majority};
pub use super::{
    Input, Method, Outcome, Quorum, Ranked, RankedElection, TallyOptions, Verdict, read_input,
    tally,
};
