//! Monitoring a pact in force: the proposing side's reports and the office's
//! evaluation of each.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::transition::{By, Extra, fire_in, next_report};
use super::{allow, body, denied};
use crate::db::AnyConnection;
use crate::db::schema::{pact_reports, pacts};
use crate::error::AppError;
use crate::pacts::notify::{self, notify};
use crate::pacts::policy::{self, Action};
use crate::pacts::procedure::{PactState, Transition};
use crate::pacts::store::{self, Env, Who};
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};

/// A monitoring report as typed.
#[derive(Debug, Clone, Default)]
pub struct ReportInput {
    pub objectives: String,
    pub actions: String,
    pub results: String,
    pub resources: String,
    pub volunteer_hours: String,
}

/// The proposing side reports (the four reporting elements and volunteer hours); the
/// pact goes to `monitoring` until the office evaluates.
pub fn submit_report_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    input: &ReportInput,
) -> Result<i64, Refusal> {
    let p = store::load(conn, id)?;
    allow(conn, env, &p, Some(who), Action::Report)?;
    let mut e = FormErrors::new();
    let objectives = body(&mut e, "objectives", &input.objectives, true);
    let actions = body(&mut e, "actions", &input.actions, true);
    let results = body(&mut e, "results", &input.results, true);
    let resources = body(&mut e, "resources", &input.resources, true);
    let hours = match input.volunteer_hours.trim().parse::<i64>() {
        Ok(h) if (0..=1_000_000).contains(&h) => h,
        _ => {
            e.add("volunteer_hours", "field-pact-hours-invalid");
            0
        }
    };
    if !e.is_empty() {
        return Err(Refusal::Form(e));
    }
    let rid = diesel::insert_into(pact_reports::table)
        .values((
            pact_reports::pact_id.eq(id),
            pact_reports::due_on.eq(p.next_report_due),
            pact_reports::objectives.eq(&objectives),
            pact_reports::actions.eq(&actions),
            pact_reports::results.eq(&results),
            pact_reports::resources.eq(&resources),
            pact_reports::volunteer_hours.eq(hours),
            pact_reports::author_id.eq(Some(who.id)),
            pact_reports::submitted_at.eq(env.now),
        ))
        .returning(pact_reports::id)
        .get_result(conn)?;
    let entry = store::ledger_entry(conn, &p, "report_submitted", Some(who.id), "proposer")?
        .with("report", rid)
        .with("volunteer_hours", hours);
    let index = store::append(conn, &entry)?;
    diesel::update(pact_reports::table.find(rid))
        .set(pact_reports::ledger_index.eq(Some(index)))
        .execute(conn)?;
    store::event(
        conn,
        id,
        "report",
        None,
        None,
        Some(who.id),
        "proposer",
        None,
        None,
        Some(index),
        env.now,
    )?;
    if p.state == PactState::Signed {
        fire_in(
            conn,
            env,
            By::System,
            id,
            Transition::OpenReport,
            "",
            &Extra::default(),
        )?;
    }
    let o = notify::city(conn, &p, env.today())?;
    notify(conn, env, &o, &p, "report-submitted")?;
    Ok(rid)
}

/// How the office judged a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    Approved,
    ApprovedWithRemarks,
    NotApproved,
}

impl Evaluation {
    pub const ALL: [Evaluation; 3] = [
        Evaluation::Approved,
        Evaluation::ApprovedWithRemarks,
        Evaluation::NotApproved,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Evaluation::Approved => "approved",
            Evaluation::ApprovedWithRemarks => "approved_with_remarks",
            Evaluation::NotApproved => "not_approved",
        }
    }

    pub fn parse(s: &str) -> Option<Evaluation> {
        Evaluation::ALL.into_iter().find(|e| e.code() == s.trim())
    }

    pub fn label_key(self) -> String {
        format!("pact-evaluation-{}", self.code().replace('_', "-"))
    }
}

/// The assigned office evaluates the open report: on the ledger; the pact is back to
/// `signed` with the next report date.
pub fn evaluate_report_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    report: i64,
    evaluation: Option<Evaluation>,
    text: &str,
) -> Result<i64, Refusal> {
    let (pact_id, due_on, evaluated, hours): (
        i64,
        Option<NaiveDate>,
        Option<chrono::NaiveDateTime>,
        i64,
    ) = pact_reports::table
        .find(report)
        .select((
            pact_reports::pact_id,
            pact_reports::due_on,
            pact_reports::evaluated_at,
            pact_reports::volunteer_hours,
        ))
        .first(conn)?;
    let p = store::load(conn, pact_id)?;
    allow(conn, env, &p, Some(who), Action::Evaluate)?;
    if evaluated.is_some() {
        return Err(AppError::Conflict("pact-report-evaluated").into());
    }
    let mut e = FormErrors::new();
    let Some(evaluation) = evaluation else {
        e.add("evaluation", "field-required");
        return Err(Refusal::Form(e));
    };
    let text = body(
        &mut e,
        "evaluation_text",
        text,
        evaluation != Evaluation::Approved,
    );
    if !e.is_empty() {
        return Err(Refusal::Form(e));
    }
    let entry = store::ledger_entry(conn, &p, "report_evaluated", Some(who.id), "official")?
        .with("report", report)
        .with("evaluation", evaluation.code())
        .with("volunteer_hours", hours);
    let index = store::append(conn, &entry)?;
    diesel::update(pact_reports::table.find(report))
        .set((
            pact_reports::evaluation.eq(Some(evaluation.code())),
            pact_reports::evaluation_body.eq(Some(&text)),
            pact_reports::evaluated_by.eq(Some(who.id)),
            pact_reports::evaluated_at.eq(Some(env.now)),
            pact_reports::ledger_index.eq(Some(index)),
        ))
        .execute(conn)?;
    let next = next_report(
        &p,
        p.start_date,
        p.end_date,
        due_on.or(Some(env.today())),
        conn,
    )?;
    diesel::update(pacts::table.find(pact_id))
        .set(pacts::next_report_due.eq(next))
        .execute(conn)?;
    if p.state == PactState::Monitoring {
        fire_in(
            conn,
            env,
            By::Person(who),
            pact_id,
            Transition::CloseReport,
            "",
            &Extra::default(),
        )?;
    }
    Ok(pact_id)
}

/// The proposing side reports (see [`submit_report_in`]).
pub async fn submit_report(
    ports: &Ports,
    who: &Who,
    id: i64,
    input: ReportInput,
) -> Result<i64, Refusal> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| submit_report_in(conn, &env, &who, id, &input))
        .await
}

/// The office evaluates report `report` of pact `id` (see [`evaluate_report_in`]).
pub async fn evaluate_report(
    ports: &Ports,
    who: &Who,
    id: i64,
    report: i64,
    evaluation: Option<Evaluation>,
    text: String,
) -> Result<(), Refusal> {
    policy::may_work_for_city(who).map_err(denied)?;
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| {
            let of = evaluate_report_in(conn, &env, &who, report, evaluation, &text)?;
            if of != id {
                return Err(AppError::NotFound.into());
            }
            Ok(())
        })
        .await
}
