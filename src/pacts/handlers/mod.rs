//! The pact pages, forms, files, open data and read API, one file per stage of the
//! procedure as in `service/`. Handlers extract, call one service (or view) function,
//! and render; who may do what is the services' and the pact policy's decision.

use actix_session::Session;
use actix_web::HttpRequest;
use actix_web::http::StatusCode;

use crate::accounts::api::CurrentUser;
use crate::error::AppError;
use crate::pacts::policy::Denial;
use crate::pacts::service;
use crate::ports::AppState;
use crate::web::forms::{FormData, Refusal};
use crate::web::page::PageCtx;
use crate::web::session::{FlashLevel, push_flash};
use crate::web::{render_with_status, see_other};

mod aftercare;
mod calls;
mod codesign;
mod document;
mod drafting;
mod files;
mod lists;
mod monitoring;
mod opendata;
mod page;
mod proposal;
mod review;
mod routing;
mod signing;
mod support;
mod transition;
mod translations;

pub use aftercare::aftercare;
pub use calls::{
    call_answers, call_cancel, call_choose, call_create, call_new_form, call_show, calls_csv,
    calls_index, calls_json,
};
pub use codesign::add_meeting;
pub use document::{register_protocol, signed_pdf};
pub use drafting::{save_template, template_form, templates};
pub use files::{attach, file};
pub use lists::{index, mine, queue};
pub use monitoring::{evaluate_report, submit_report};
pub use opendata::{api_list, api_show, csv, json_export, stats};
pub use page::{print, show, version_text};
pub use proposal::{create, edit, edit_form, new_form};
pub use review::{give_opinion, observe, reply, request_opinions};
pub use routing::route;
pub use signing::{join, sign};
pub use support::{record_delivery, support_csv, support_totals_csv};
pub use transition::transition;
pub use translations::{translate, translations_form};

type Res = Result<actix_web::HttpResponse, AppError>;

const PAGE: i64 = 25;

/// A denial of the pact policy as an error page (the denials a page checks before
/// showing a form are never field refusals).
fn denied(d: Denial) -> AppError {
    match service::denied(d) {
        Refusal::App(e) => e,
        Refusal::Form(_) => AppError::Forbidden,
    }
}

fn query_of(req: &HttpRequest) -> FormData {
    FormData::parse(req.query_string().as_bytes())
}

/// The ids in a list field, without repeats. It stops after one more than any list may
/// hold (the services then refuse "too many"), so a long list costs nothing.
fn ids(values: Vec<&str>) -> Result<Vec<i64>, AppError> {
    let most = service::MAX_COMMONS.max(service::MAX_COSIGNERS) + 1;
    let mut out = Vec::new();
    for v in values.iter().flat_map(|v| v.split([',', ' '])) {
        if out.len() >= most {
            break;
        }
        let v = v.trim().trim_start_matches('#');
        if v.is_empty() {
            continue;
        }
        let id = v
            .parse::<i64>()
            .map_err(|_| AppError::BadRequest("error-bad-request"))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// Who a page answers, and with what.
struct Reply<'a> {
    ctx: PageCtx,
    session: &'a Session,
    state: &'a AppState,
    user: &'a CurrentUser,
}

impl<'a> Reply<'a> {
    fn new(ctx: PageCtx, session: &'a Session, state: &'a AppState, user: &'a CurrentUser) -> Self {
        Reply {
            ctx,
            session,
            state,
            user,
        }
    }

    /// After a form on the pact page: back to the page with a message, or the page again
    /// with the refusal next to the form.
    async fn after<T>(
        self,
        id: i64,
        echo: FormData,
        result: Result<T, Refusal>,
        done_key: &str,
        anchor: &str,
    ) -> Res {
        match result {
            Ok(_) => {
                push_flash(self.session, FlashLevel::Success, done_key);
                Ok(see_other(&format!("/pacts/{id}{anchor}")))
            }
            Err(Refusal::Form(errors)) => Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page::show_page(
                    self.ctx,
                    self.state,
                    Some(self.user),
                    id,
                    errors,
                    echo,
                    None,
                )
                .await?,
            )),
            Err(Refusal::App(e)) => Err(e),
        }
    }
}
