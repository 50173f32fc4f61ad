//! Collaboration pacts (*patti di collaborazione*): the Bologna procedure from
//! proposal to monitoring. `procedure` is the state machine as a pure type; `deadlines`
//! computes the procedure's clocks (paused while the city waits for documents); `text`
//! holds the clauses, their canonical rendering and the version comparison; `store`
//! reads and writes pacts; `service` holds the use-cases; `notify` tells people.

pub mod deadlines;
pub mod notify;
pub mod procedure;
pub mod service;
pub mod store;
pub mod text;
