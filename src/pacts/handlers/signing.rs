//! Signing the frozen text, and adhering to a pact in force.

use actix_session::Session;
use actix_web::web;

use super::{Reply, Res};
use crate::accounts::api::CurrentUser;
use crate::error::AppError;
use crate::pacts::service::{self, Party, SignInput};
use crate::pacts::store::Who;
use crate::ports::AppState;
use crate::web::forms::FormData;
use crate::web::page::PageCtx;

/// `POST /pacts/{id}/sign`: a party signs the frozen text after typing their password
/// (checked by the signing use-case).
pub async fn sign(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let party = Party::parse(f.get("party")).ok_or(AppError::BadRequest("error-bad-request"))?;
    let input = SignInput {
        party,
        seen_sha256: f.get("text_sha256").to_string(),
        password: f.get("password").to_string(),
        confirmed: f.get("confirm") == "yes",
    };
    // Only the party is shown again: never the password.
    let echo = FormData::parse(
        format!(
            "party={}",
            url::form_urlencoded::byte_serialize(f.get("party").as_bytes()).collect::<String>()
        )
        .as_bytes(),
    );
    let result = service::sign_text(&state, &Who::from(&user), id, input).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, echo, result, "pact-signed-by-you", "#signatures")
        .await
}

/// `POST /pacts/{id}/join`: a citizen adheres to a pact in force.
pub async fn join(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let accepted = f.get("accept") == "yes";
    let result = service::join(&state, &Who::from(&user), id, accepted).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-joined", "#adherents")
        .await
}
