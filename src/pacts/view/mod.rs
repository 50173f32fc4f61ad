//! Read models: the pact page (`page`, built from its `sections`), the lists (public,
//! mine, the officials' queue) and the open data built from them. Read-only; every
//! "may the viewer ..." on a page is the pact policy's answer.

pub mod lists;
pub mod opendata;
pub mod page;
pub mod sections;

pub use lists::{Filters, ListItem, QUEUE_STATES, all_public, list, mine, officials_of, queue};
pub use opendata::{Stats, median, stats, support_counts, themes};
pub use page::{Allowed, PactPage, compare, page};
pub use sections::{
    Attachment, EventLine, Meeting, Observation, OpinionLine, PendingParty, Report, Signature,
    VersionLine,
};
