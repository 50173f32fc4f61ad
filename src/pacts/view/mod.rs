//! Read models: the pact page (`page`, built from its `sections`), the lists (public,
//! mine, the officials' queue), the open data built from them, the support ledger's
//! (`support`: the page's section, the totals, the export), and the calls' (`calls`:
//! their list and page). Read-only; every "may the viewer ..." on a page is the pact
//! policy's (or the calls policy's) answer.

pub mod aftercare;
pub mod calls;
pub mod lists;
pub mod opendata;
pub mod page;
pub mod sections;
pub mod support;

pub use lists::{Filters, ListItem, QUEUE_STATES, all_public, list, mine, officials_of, queue};
pub use opendata::{CsvDetails, Stats, csv_details, median, stats, support_counts, themes};
pub use page::{Allowed, Editing, PactPage, compare, editing, page};
pub use sections::{
    Attachment, EventLine, Meeting, Observation, OpinionLine, PendingParty, Report, Signature,
    VersionLine,
};
