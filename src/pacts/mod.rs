//! Collaboration pacts (*patti di collaborazione*): the Bologna procedure from
//! proposal to monitoring. `procedure` is the state machine as a pure type; `deadlines`
//! computes the procedure's clocks (paused while the city waits for documents); `text`
//! holds the clauses, their canonical rendering and the version comparison; `store`
//! reads and writes pacts; `service` holds the use-cases; `notify` tells people;
//! `view` builds the pages' read models; `csv` and `charts` the open data and charts.

pub mod api;
pub mod charts;
pub mod csv;
pub mod deadlines;
pub mod handlers;
pub mod notify;
pub mod policy;
pub mod procedure;
pub mod service;
pub mod store;
pub mod text;
pub mod view;
