//! The pact use-cases, one file per stage of the procedure: `proposal` (drafting and
//! editing), `transition` (the procedure's steps), `review` (observations and
//! opinions), `codesign` (meetings), `signing` (signatures, adherents), `monitoring`
//! (reports and their evaluation), `support` (the support ledger: values, deliveries,
//! the insurance alert), `calls` (calls on city-owned commons and competitions, their
//! answers and the office's choice), `files`, and `jobs` (the deadline job).
//!
//! The convention, everywhere: a use-case is one `async fn` taking the [`Ports`] it
//! needs. It opens its transaction, loads what it needs, asks the pact policy
//! (`policy::may`) whether the actor may act, applies the pure rule (`procedure`,
//! `text`, `deadlines`), writes, appends to the ledger and the outbox, and returns a
//! typed outcome. Its synchronous body, `<name>_in(conn, env, ...)`, runs inside that
//! transaction; jobs and tests call it on a connection of their own.

use crate::db::AnyConnection;
use crate::error::AppError;
use crate::pacts::policy::{self, Action, Denial, PactFacts};
use crate::pacts::procedure;
use crate::pacts::store::{self, Pact, Who};
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};
use crate::web::rate_limit::Limit;

mod aftercare;
pub mod calls;
mod codesign;
pub mod document;
mod drafting;
mod files;
mod jobs;
mod monitoring;
mod proposal;
mod review;
mod routing;
mod signing;
mod support;
mod transition;
mod translations;

pub use crate::pacts::calls::CallInput;
pub use crate::pacts::policy::Party;
pub use crate::pacts::store::Env;
pub use crate::pacts::support::DeliveryInput;
pub use aftercare::{
    ANSWER_DAYS_DEFAULT, Aftercare, aftercare, answer_notice_in, dismiss_notice_in, exclude_in,
    give_notice_in, leave_in, name_conciliators_in, open_conciliation_in, record_proposal_in,
    record_session_in,
};
pub use calls::{
    check_answer_in, commons_of_call, competition_pending, open_competition_in, undecided_call_of,
};
pub use codesign::{add_meeting, add_meeting_in};
pub use drafting::{
    DEFAULT_TEMPLATE, TemplateDesk, keep_in as keep_template_in, save_template, template_for,
    template_keys, templates,
};
pub use files::{
    MAX_ATTACHMENTS, StoredFile, Upload, attach, attach_in, file_visible, may_attach_in,
};
pub use jobs::{DeadlineReport, job, run_deadlines};
pub use monitoring::{
    Evaluation, ReportInput, evaluate_report, evaluate_report_in, submit_report, submit_report_in,
};
pub use proposal::{Terms, create, create_in, edit, edit_in, group_members_of};
pub use review::{
    give_opinion, give_opinion_in, observe, observe_in, reply, reply_in, request_opinions,
    request_opinions_in,
};
pub use routing::{MAX_CONTRIBUTING, Routing, parse_id, route, route_in};
pub use signing::{SignInput, join, join_in, sign_text, sign_text_in};
pub use support::{
    INSURANCE_ALERT, insurance_alerts, record_delivery, record_delivery_in, values_of, write_values,
};
pub use transition::{By, Extra, fire, fire_in};
pub use translations::{TranslationsForm, translate, translations_form};

/// Most commons one pact may cover.
pub const MAX_COMMONS: usize = 20;

/// Most co-signers.
pub const MAX_COSIGNERS: usize = 20;

/// The longest observation, reply, opinion, minutes or report field.
pub const MAX_BODY: usize = 10_000;

/// A denial of the policy, as the person is told it.
pub fn denied(d: Denial) -> Refusal {
    match d {
        Denial::Hidden => AppError::NotFound.into(),
        Denial::NotYours | Denial::Unverified => AppError::Forbidden.into(),
        Denial::NotYoursBecause(key) => AppError::ForbiddenBecause(key).into(),
        Denial::Conflict(key) => AppError::Conflict(key).into(),
        Denial::Refused(r) => refused(r),
        Denial::Field(field, key) => Refusal::field(field, key),
    }
}

/// Asks the policy whether `who` may do `action` to pact `p` now; the facts it
/// decided on come back for the use-case.
pub(crate) fn allow(
    conn: &mut AnyConnection,
    env: &store::Env,
    p: &Pact,
    who: Option<&Who>,
    action: Action,
) -> Result<PactFacts, Refusal> {
    let facts = store::pact_facts(conn, p, who, env.today())?;
    policy::may(who, &facts, action).map_err(denied)?;
    Ok(facts)
}

pub(crate) fn refused(r: procedure::Refused) -> Refusal {
    match r {
        procedure::Refused::ReasonsRequired => Refusal::field("reasons", r.key()),
        procedure::Refused::ActNumberRequired => Refusal::field("act_number", r.key()),
        other => Refusal::field("transition", other.key()),
    }
}

pub(crate) fn body(
    errors: &mut FormErrors,
    field: &'static str,
    v: &str,
    required: bool,
) -> String {
    let v = crate::pacts::text::normalise(v);
    if required && v.is_empty() {
        errors.add(field, "field-required");
    } else if v.chars().count() > MAX_BODY {
        errors.add(field, "field-text-too-long");
    }
    v
}

/// Proposals, observations and files per person per hour.
pub(crate) const WRITES_PER_HOUR: Limit = Limit::new(60, 3600);

/// Spends one of the person's `what` budget (`pact-<what>:<user>`).
pub(crate) async fn limit(ports: &Ports, what: &str, who: i64, l: Limit) -> Result<(), AppError> {
    ports.limiter.check(&format!("pact-{what}:{who}"), l).await
}
