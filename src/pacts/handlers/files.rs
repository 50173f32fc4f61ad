//! Files of a pact: attaching a document or photo, and downloading one.

use actix_session::Session;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{Reply, Res};
use crate::accounts::api::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::pacts::service::{self, Upload};
use crate::pacts::store::Who;
use crate::ports::AppState;
use crate::web::page::PageCtx;
use crate::web::uploads::{self, ImageType};

/// `POST /pacts/{id}/attachments`: a document (PDF) or photo, optionally for a report.
pub async fn attach(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    req: HttpRequest,
    payload: web::Payload,
) -> Res {
    let id = id.into_inner();
    let crate::web::multipart::Upload {
        bytes,
        filename: name,
        fields,
    } = crate::web::multipart::read(&req, payload, "file", uploads::MAX_PHOTO_BYTES).await?;
    let report = fields.get("report").trim().parse::<i64>().ok();
    let result = service::attach(
        &state,
        &Who::from(&user),
        id,
        report,
        Upload { bytes, name },
    )
    .await;
    let anchor = if report.is_some() {
        "#monitoring"
    } else {
        "#files"
    };
    Reply::new(ctx, &session, &state, &user)
        .after(id, fields, result, "pact-file-added", anchor)
        .await
}

/// `GET /pacts/{id}/files/{hash}.{ext}`: an attached file, to whoever sees the pact.
pub async fn file(
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
) -> Res {
    let (id, name) = path.into_inner();
    let (hash, ext) = name.split_once('.').ok_or(AppError::NotFound)?;
    let kind = ImageType::parse_extension(ext).ok_or(AppError::NotFound)?;
    let stored =
        uploads::stored_path(&state.config.data_dir, hash, kind).ok_or(AppError::NotFound)?;
    let who = user.0.as_ref().map(Who::from);
    let (h, e, today) = (hash.to_string(), kind.extension(), state.clock.now().date());
    let file_name = state
        .db
        .run(move |conn| service::file_visible(conn, today, who.as_ref(), id, &h, e))
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = web::block(move || std::fs::read(stored))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|_| AppError::NotFound)?;
    let disposition = if kind == ImageType::Pdf {
        "attachment"
    } else {
        "inline"
    };
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, kind.mime()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{ascii}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400"))
        .insert_header(("Content-Security-Policy", "default-src 'none'"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}
