//! Account, group, official and admin pages, one file per group of pages. Handlers
//! extract, call one service function and render; permissions are decided by
//! `accounts::policy`, which the services enforce and the pages ask for their buttons.
//! This file holds what the pages share (imports, small helpers, the message page).

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::admin::{AuditLine, Office, Overview, UserDetail, UserListItem};
use crate::accounts::groups::{GroupKind, GroupSummary, Invitation, NewGroup};
use crate::accounts::policy::{self, Action, Object};
use crate::accounts::roles::Role;
use crate::accounts::service::{self, Registration, VerifyOutcome};
use crate::accounts::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::kit::actor::Who;
use crate::ports::AppState;
use crate::web::forms::{FormErrors, Refusal};
use crate::web::i18n::Lang;
use crate::web::page::PageCtx;
use crate::web::pagination::Pagination;
use crate::web::session::{self, FlashLevel, push_flash};
use crate::web::{client_ip, render, render_with_status, safe_next, see_other};

type Res = Result<HttpResponse, AppError>;

fn ip(req: &HttpRequest, state: &AppState) -> String {
    client_ip(req, state.config.trust_proxy_headers)
}

fn invalid<T: Template>(tpl: &T) -> HttpResponse {
    render_with_status(StatusCode::UNPROCESSABLE_ENTITY, tpl)
}

#[derive(Template)]
#[template(path = "accounts/message.html")]
/// A page with one message (done, invalid link, ...).
struct MessagePage {
    ctx: PageCtx,
    title: &'static str,
    body: &'static str,
    link: &'static str,
    link_label: &'static str,
}

mod account;
mod admin;
mod groups;
mod oidc;
mod register;
mod signin;
mod translations;

pub use account::*;
pub use admin::*;
pub use groups::*;
pub use oidc::*;
pub use register::*;
pub use signin::*;
pub use translations::*;
