//! The public review: observations and replies, the offices' opinions.

use actix_session::Session;
use actix_web::web;

use super::{Reply, Res, ids};
use crate::accounts::api::CurrentUser;
use crate::pacts::procedure::Opinion;
use crate::pacts::service;
use crate::pacts::store::Who;
use crate::ports::AppState;
use crate::web::forms::FormData;
use crate::web::page::PageCtx;

/// `POST /pacts/{id}/opinions/request`: the admitting official asks offices.
pub async fn request_opinions(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let offices = ids(f.all("offices"))?;
    let result = service::request_opinions(&state, &Who::from(&user), id, offices).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-opinions-requested", "#review")
        .await
}

/// `POST /pacts/{id}/opinions`: an office's technical opinion.
pub async fn give_opinion(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let office = f.get("office").trim().parse::<i64>().ok();
    let opinion = Opinion::parse(f.get("opinion"));
    let text = f.get("opinion_text").to_string();
    let result = service::give_opinion(&state, &Who::from(&user), id, office, opinion, text).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-opinion-given", "#review")
        .await
}

/// `POST /pacts/{id}/observations`: a public observation.
pub async fn observe(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let text = f.get("observation").to_string();
    let result = service::observe(&state, &Who::from(&user), id, text).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-observation-posted", "#observations")
        .await
}

/// `POST /pacts/{id}/observations/{oid}/reply`.
pub async fn reply(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    body: web::Bytes,
) -> Res {
    let (id, oid) = path.into_inner();
    let f = FormData::parse(&body);
    let text = f.get("reply").to_string();
    let taken = f.get("taken_into_account") == "yes";
    let result = service::reply(&state, &Who::from(&user), id, oid, text, taken).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-reply-posted", "#observations")
        .await
}
