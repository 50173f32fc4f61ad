//! The co-design table's meetings.

use actix_session::Session;
use actix_web::web;

use super::{Reply, Res};
use crate::accounts::api::CurrentUser;
use crate::pacts::service;
use crate::pacts::store::Who;
use crate::ports::AppState;
use crate::web::forms::FormData;
use crate::web::page::PageCtx;

/// `POST /pacts/{id}/meetings`: a co-design meeting's date, place and minutes.
pub async fn add_meeting(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let held_at = chrono::NaiveDateTime::parse_from_str(f.get("held_at").trim(), "%Y-%m-%dT%H:%M")
        .ok()
        .or_else(|| {
            crate::pacts::text::parse_date(f.get("held_at")).and_then(|d| d.and_hms_opt(0, 0, 0))
        });
    let (place, minutes) = (f.get("place").to_string(), f.get("minutes").to_string());
    let result = service::add_meeting(&state, &Who::from(&user), id, held_at, place, minutes).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-meeting-recorded", "#co-design")
        .await
}
