//! The tokens' pages: the programmes and their public figures, the claim form (with
//! the computed reduction shown before submitting), a claim's page with the
//! verifiers' and claimants' forms, the verifiers' queue, and a holder's wallet with
//! its forms and receipts. Handlers extract, call one service and render; buttons
//! come from `tokens::policy`. Every mutating form carries an idempotency key made
//! when the form is shown, so a form sent twice (a double click, a retry after a
//! timeout) does what it asks once.

use actix_session::Session;
use actix_web::{HttpResponse, http::StatusCode, web};
use askama::Template;

use crate::accounts::api::{CurrentUser, Who};
use crate::error::AppError;
use crate::ports::AppState;
use crate::web::forms::{FormData, FormErrors, Refusal};
use crate::web::page::PageCtx;
use crate::web::session::{FlashLevel, push_flash};
use crate::web::{render, render_with_status, see_other};

mod admin;
mod claims;
mod public;
mod wallet;

pub use admin::*;
pub use claims::*;
pub use public::*;
pub use wallet::*;

type Res = Result<HttpResponse, AppError>;

fn invalid<T: Template>(tpl: &T) -> HttpResponse {
    render_with_status(StatusCode::UNPROCESSABLE_ENTITY, tpl)
}

/// A fresh idempotency key for a form about to be shown.
pub(crate) fn fresh_key() -> String {
    crate::util::random_token()
}

/// Whole euros and cents for display (`1234.05 €` becomes `1,234.05` by language
/// later; today a point and two decimals).
pub(crate) fn euros(cents: impl std::borrow::Borrow<i64>) -> String {
    crate::tokens::model::money::euros(*cents.borrow())
}
