//! Routing a pact: the coordinating office's form (also part of the publication form).

use actix_session::Session;
use actix_web::web;

use super::{Reply, Res, ids};
use crate::accounts::api::CurrentUser;
use crate::error::AppError;
use crate::pacts::procedure::PactType;
use crate::pacts::service::{self, Routing};
use crate::pacts::store::Who;
use crate::ports::AppState;
use crate::web::forms::FormData;
use crate::web::page::PageCtx;

/// The routing fields of a form: `office` (lead), `contributing` (repeated or
/// comma-separated), `official`, `council` and `type`.
pub(super) fn routing_of(f: &FormData) -> Result<Routing, AppError> {
    let kind = match f.get("type").trim() {
        "" => None,
        k => Some(PactType::parse(k).ok_or(AppError::BadRequest("error-bad-request"))?),
    };
    Ok(Routing {
        lead: service::parse_id(f.get("office"))?,
        contributing: ids(f.all("contributing"))?,
        official: service::parse_id(f.get("official"))?,
        council_signs: !f.get("council").trim().is_empty(),
        kind,
    })
}

/// `POST /pacts/{id}/route`: the coordinating office routes or re-routes the pact.
pub async fn route(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let r = routing_of(&f)?;
    let reasons = f.get("reasons").to_string();
    let result = service::route(&state, &Who::from(&user), id, r, reasons).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-done-routed", "#routing")
        .await
}
