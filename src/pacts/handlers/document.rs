//! The signed pact as a PDF, and the form where the lead office records the number
//! the city's register gave it.

use actix_session::Session;
use actix_web::http::header;
use actix_web::{HttpResponse, web};

use super::{Reply, Res};
use crate::accounts::api::{CurrentUser, MaybeUser};
use crate::pacts::service::document::{self, ProtocolNumber};
use crate::pacts::store::Who;
use crate::ports::AppState;
use crate::web::forms::FormData;
use crate::web::page::PageCtx;

/// `GET /pacts/{id}/signed.pdf`: the signed text with its parties, signatures, hash,
/// ledger entry and protocol number, in the reader's language (404 unless the pact
/// is visible to them and was signed).
pub async fn signed_pdf(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let id = id.into_inner();
    let who = user.0.as_ref().map(Who::from);
    let pdf = document::signed_pdf(&state, who.as_ref(), id, ctx.lang).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/pdf"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"pact-{id}.pdf\""),
        ))
        // The protocol number may come later: always ask again.
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header(("Content-Security-Policy", "default-src 'none'"))
        .body(pdf))
}

/// `POST /pacts/{id}/protocol`: the lead office records (or corrects) the signed
/// pact's protocol number.
pub async fn register_protocol(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let number = ProtocolNumber::parse(f.get("protocol_number"));
    let result = document::register_protocol(&state, &Who::from(&user), id, number).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pactdoc-protocol-registered", "#document")
        .await
}
