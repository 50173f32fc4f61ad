//! Monitoring reports and their evaluation.

use actix_session::Session;
use actix_web::web;

use super::{Reply, Res};
use crate::accounts::api::CurrentUser;
use crate::pacts::service::{self, Evaluation, ReportInput};
use crate::pacts::store::Who;
use crate::ports::AppState;
use crate::web::forms::FormData;
use crate::web::page::PageCtx;

/// `POST /pacts/{id}/reports`: a monitoring report.
pub async fn submit_report(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let input = ReportInput {
        objectives: f.get("objectives").to_string(),
        actions: f.get("actions").to_string(),
        results: f.get("results").to_string(),
        resources: f.get("resources").to_string(),
        volunteer_hours: f.get("volunteer_hours").to_string(),
    };
    let result = service::submit_report(&state, &Who::from(&user), id, input).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-report-submitted", "#monitoring")
        .await
}

/// `POST /pacts/{id}/reports/{rid}/evaluation`: the office evaluates a report.
pub async fn evaluate_report(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    body: web::Bytes,
) -> Res {
    let (id, rid) = path.into_inner();
    let f = FormData::parse(&body);
    let evaluation = Evaluation::parse(f.get("evaluation"));
    let text = f.get("evaluation_text").to_string();
    let result =
        service::evaluate_report(&state, &Who::from(&user), id, rid, evaluation, text).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-report-evaluated", "#monitoring")
        .await
}
