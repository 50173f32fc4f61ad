//! `/admin/import`: an administrator uploads a file of commons or pacts, sees what it
//! would do (every bad row by line and column, or the counts to create and update),
//! then confirms. The checked file is kept in the data directory under its SHA-256
//! (the confirmation's token) until it is imported; the confirmation checks it again
//! and saves it in one transaction.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Checked, Counts, Refused, What};
use crate::accounts::api::{CurrentUser, Role};
use crate::error::AppError;
use crate::ports::AppState;
use crate::web::forms::FormErrors;
use crate::web::page::PageCtx;
use crate::web::session::{FlashLevel, push_flash};
use crate::web::uploads::MAX_PHOTO_BYTES;
use crate::web::{render, render_with_status, see_other};

type Res = Result<HttpResponse, AppError>;

/// One bad cell, as the page shows it.
pub struct BadRow {
    pub line: usize,
    pub column: String,
    pub problem: String,
}

#[derive(Template)]
#[template(path = "admin/import.html")]
pub struct ImportPage {
    ctx: PageCtx,
    errors: FormErrors,
    what: String,
    /// Why the whole file was refused ("" when it was not).
    file_refused: String,
    bad: Vec<BadRow>,
    /// The dry run of a correct file, and the token to confirm it.
    planned: Option<Counts>,
    token: String,
    /// After the import: what it did.
    done: String,
}

impl ImportPage {
    fn new(ctx: PageCtx) -> ImportPage {
        ImportPage {
            ctx,
            errors: FormErrors::new(),
            what: String::new(),
            file_refused: String::new(),
            bad: Vec::new(),
            planned: None,
            token: String::new(),
            done: String::new(),
        }
    }

    fn max_mb(&self) -> usize {
        MAX_PHOTO_BYTES / (1024 * 1024)
    }

    fn is_what(&self, code: &str) -> bool {
        self.what == code
    }
}

/// Only administrators import (the route table says so too).
fn admin_only(user: &CurrentUser) -> Result<(), AppError> {
    if user.has_role(Role::Admin) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Where a checked upload waits for its confirmation.
fn pending_path(state: &AppState, token: &str) -> Option<std::path::PathBuf> {
    let well_formed = token.len() == 64
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    well_formed.then(|| {
        state
            .config
            .data_dir
            .join("imports")
            .join(format!("{token}.txt"))
    })
}

/// `GET /admin/import`: the upload form.
pub async fn form(ctx: PageCtx, user: CurrentUser) -> Res {
    admin_only(&user)?;
    Ok(render(&ImportPage::new(ctx)))
}

/// Checks a file against the database in a blocking thread.
async fn check_text(
    state: &AppState,
    what: What,
    text: String,
) -> Result<Result<(Checked, Counts), Refused>, AppError> {
    state
        .db
        .run(move |conn| {
            Ok(match super::check(conn, what, &text, None) {
                Ok(checked) => super::plan(conn, &checked).map(|p| Ok((checked, p)))?,
                Err(Refused::App(e)) => return Err(e),
                Err(r) => Err(r),
            })
        })
        .await
}

/// The page for a refused file: the whole file's reason, or every bad row.
fn refused_page(mut page: ImportPage, refused: Refused) -> Res {
    match refused {
        Refused::File(e) => {
            page.file_refused = page.ctx.t1("import-file-refused", "why", e);
        }
        Refused::Rows(rows) => {
            page.bad = rows
                .into_iter()
                .map(|r| BadRow {
                    line: r.line,
                    column: r.column,
                    problem: page.ctx.t1(r.problem.key(), "value", r.problem.value()),
                })
                .collect();
        }
        Refused::App(e) => return Err(e),
    }
    Ok(render_with_status(
        actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        &page,
    ))
}

/// `POST /admin/import` (multipart: `what`, `file`): the dry run.
pub async fn check(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Res {
    admin_only(&user)?;
    let upload = crate::web::multipart::read(&req, payload, "file", MAX_PHOTO_BYTES).await?;
    let mut page = ImportPage::new(ctx);
    page.what = upload.fields.get("what").trim().to_string();
    let what = What::parse(&page.what);
    if what.is_none() {
        page.errors.add("what", "field-import-what");
    }
    if upload.bytes.is_empty() {
        page.errors.add("file", "field-import-file-missing");
    }
    let Some(what) = what.filter(|_| page.errors.is_empty()) else {
        return Ok(render_with_status(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            &page,
        ));
    };
    let token = crate::util::sha256_hex(&upload.bytes);
    let text = match super::text_of(upload.bytes) {
        Ok(t) => t,
        Err(e) => return refused_page(page, Refused::File(e)),
    };
    let kept = text.clone();
    match check_text(&state, what, text).await? {
        Err(refused) => refused_page(page, refused),
        Ok((_, planned)) => {
            let path = pending_path(&state, &token).ok_or(AppError::internal("token"))?;
            web::block(move || -> std::io::Result<()> {
                if let Some(dir) = path.parent() {
                    crate::util::create_private_dir(dir)?;
                }
                std::fs::write(&path, kept)
            })
            .await
            .map_err(|e| AppError::internal(e.to_string()))?
            .map_err(|e| AppError::internal(format!("keeping the upload: {e}")))?;
            page.planned = Some(planned);
            page.token = token;
            Ok(render(&page))
        }
    }
}

/// Both fields default to empty, so that who may confirm is decided before what was
/// sent is looked at.
#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    what: String,
    #[serde(default)]
    token: String,
}

/// `POST /admin/import/confirm` (`what`, `token`): checks the kept file again and
/// imports it in one transaction.
pub async fn confirm(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<ConfirmForm>,
) -> Res {
    admin_only(&user)?;
    let f = form.into_inner();
    let what = What::parse(&f.what).ok_or(AppError::BadRequest("error-bad-request-body"))?;
    let Some(path) = pending_path(&state, &f.token) else {
        return Err(AppError::BadRequest("error-bad-request-body"));
    };
    let read = path.clone();
    let text = web::block(move || std::fs::read_to_string(read))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    let Ok(text) = text else {
        push_flash(&session, FlashLevel::Error, "import-expired");
        return Ok(see_other("/admin/import"));
    };
    let by = user.id;
    let done = state
        .db
        .run(move |conn| {
            Ok(match super::check(conn, what, &text, None) {
                Ok(checked) => Ok(super::save(conn, &checked, Some(by), &|_| {})?),
                Err(Refused::App(e)) => return Err(e),
                Err(r) => Err(r),
            })
        })
        .await?;
    let mut page = ImportPage::new(ctx);
    page.what = f.what;
    match done {
        // The database changed since the dry run (a district or commons went away).
        Err(refused) => refused_page(page, refused),
        Ok(counts) => {
            let _ = web::block(move || std::fs::remove_file(path)).await;
            page.done = page.ctx.t2(
                "import-done",
                ("created", &counts.created.to_string()),
                ("updated", &counts.updated.to_string()),
            );
            Ok(render(&page))
        }
    }
}
