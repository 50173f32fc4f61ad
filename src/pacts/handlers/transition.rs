//! A step of the procedure, fired from the pact page.

use actix_session::Session;
use actix_web::web;

use super::{Reply, Res};
use crate::accounts::api::CurrentUser;
use crate::error::AppError;
use crate::pacts::procedure::Transition;
use crate::pacts::service::{self, Extra};
use crate::pacts::store::Who;
use crate::ports::AppState;
use crate::web::forms::FormData;
use crate::web::page::PageCtx;

/// `POST /pacts/{id}/transition`: a step of the procedure (submit, publish, ...).
pub async fn transition(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let t = Transition::parse(f.get("transition"))
        .filter(|t| !matches!(t, Transition::CompleteSignatures))
        .ok_or(AppError::BadRequest("error-bad-request"))?;
    let routing = if t == Transition::Publish && !f.get("office").trim().is_empty() {
        Some(super::routing::routing_of(&f)?)
    } else {
        None
    };
    let extra = Extra {
        act_number: f.get("act_number").to_string(),
        routing,
        new_end: crate::pacts::text::parse_date(f.get("new_end")),
        quiet: false,
    };
    let reasons = f.get("reasons").to_string();
    let key = format!("pact-done-{}", t.code().replace('_', "-"));
    let result = service::fire(&state, &Who::from(&user), id, t, reasons, extra).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, &key, "")
        .await
}
