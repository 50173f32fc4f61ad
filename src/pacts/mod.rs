//! Collaboration pacts (*patti di collaborazione*): the Bologna procedure from
//! proposal to monitoring. `procedure` is the state machine as a pure type; `deadlines`
//! computes the procedure's clocks (paused while the city waits for documents).

pub mod deadlines;
pub mod procedure;
pub mod text;
