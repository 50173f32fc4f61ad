//! The assemblies' pages: the list of bodies, a body's page, its settings form, its
//! members and the requests facilitators decide. Handlers extract, call one service and
//! render; buttons come from `assemblies::policy`.

use actix_session::Session;
use actix_web::{HttpResponse, http::StatusCode, web};
use askama::Template;
use serde::Deserialize;

use crate::accounts::api::{CurrentUser, MaybeUser, Who};
use crate::assemblies::model::{BodyInput, BodyKind, BodySettings, Joining, MemberStatus, OrgKind};
use crate::assemblies::policy::{self, Action, Object};
use crate::assemblies::service::{self, BodyCard, BodyPage, Decision, MemberList};
use crate::error::AppError;
use crate::ports::AppState;
use crate::web::forms::{FormData, FormErrors, Refusal};
use crate::web::page::PageCtx;
use crate::web::session::{FlashLevel, push_flash};
use crate::web::{render, render_with_status, see_other};

mod amendments;
mod bodies;
mod meetings;
mod membership;
mod motions;
mod open_data;
mod recommendations;
mod votes;

pub use amendments::*;
pub use bodies::*;
pub use meetings::*;
pub use membership::*;
pub use motions::*;
pub use open_data::*;
pub use recommendations::*;
pub use votes::*;

type Res = Result<HttpResponse, AppError>;

fn invalid<T: Template>(tpl: &T) -> HttpResponse {
    render_with_status(StatusCode::UNPROCESSABLE_ENTITY, tpl)
}

/// A `?after=` cursor.
#[derive(Deserialize, Default)]
pub struct After {
    #[serde(default)]
    after: Option<i64>,
}
