//! The calls' pages: the public list, the publication form, a call's page (with the
//! cancellation form), and the comparison of its answers (with the choice's form).
//! Who may do what is the calls policy's, asked by the services.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use askama::Template;

use super::{Res, query_of};
use crate::accounts::api::{CurrentUser, MaybeUser};
use crate::commons::api::Viewer;
use crate::error::AppError;
use crate::pacts::calls::CallInput;
use crate::pacts::service::calls::{self as service, Comparison};
use crate::pacts::store::{Env, Who};
use crate::pacts::view::calls::{self as view, CallList, CallPage};
use crate::ports::AppState;
use crate::web::forms::{FormData, FormErrors, Refusal};
use crate::web::page::PageCtx;
use crate::web::session::{FlashLevel, push_flash};
use crate::web::{render, render_with_status, see_other};

#[derive(Template)]
#[template(path = "calls/list.html")]
struct ListPage {
    ctx: PageCtx,
    list: CallList,
    /// Whether the viewer may publish a call (the link to the form).
    may_publish: bool,
}

/// `GET /calls`: open calls first (soonest deadline first), then the others.
pub async fn calls_index(
    ctx: PageCtx,
    req: HttpRequest,
    user: MaybeUser,
    state: web::Data<AppState>,
) -> Res {
    let after = query_of(&req)
        .get("cursor")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|c| *c > 0);
    let env = Env::from_ports(&state);
    let viewer = user.0.as_ref().map(Viewer::from);
    let who = user.0.as_ref().map(Who::from);
    let (list, may_publish) = state
        .db
        .run(move |conn| {
            let list = view::list(conn, env.today(), viewer, after)?;
            let may_publish = match &who {
                Some(w) => !service::publishing_offices(conn, w)?.is_empty(),
                None => false,
            };
            Ok((list, may_publish))
        })
        .await?;
    Ok(render(&ListPage {
        ctx,
        list,
        may_publish,
    }))
}

#[derive(Template)]
#[template(path = "calls/form.html")]
struct FormPage {
    ctx: PageCtx,
    errors: FormErrors,
    input: CallInput,
    /// The offices the person may publish for, (id, name).
    offices: Vec<(i64, String)>,
}

impl FormPage {
    fn office_selected(&self, id: &i64) -> bool {
        self.input.office.trim() == id.to_string()
    }
}

async fn offices_of(state: &AppState, user: &CurrentUser) -> Result<Vec<(i64, String)>, AppError> {
    let who = Who::from(user);
    let offices = state
        .db
        .run(move |conn| service::publishing_offices(conn, &who))
        .await?;
    if offices.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(offices)
}

/// `GET /calls/new`: the publication form (officials for their offices, admins);
/// `?commons=ID` names the commons offered.
pub async fn call_new_form(
    ctx: PageCtx,
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Res {
    let offices = offices_of(&state, &user).await?;
    let q = query_of(&req);
    let input = CallInput {
        office: match offices.as_slice() {
            [(only, _)] => only.to_string(),
            _ => String::new(),
        },
        commons: q.get("commons").trim().chars().take(20).collect(),
        ..CallInput::default()
    };
    Ok(render(&FormPage {
        ctx,
        errors: FormErrors::new(),
        input,
        offices,
    }))
}

fn call_input(f: &FormData) -> CallInput {
    let v = |k: &str| f.get(k).to_string();
    CallInput {
        office: v("office"),
        title: v("title"),
        description: v("description"),
        commons: v("commons"),
        theme: v("theme"),
        criteria: v("criteria"),
        support_offered: v("support_offered"),
        deadline: v("deadline"),
    }
}

/// `POST /calls/new`: publishes the call, or shows the form again with its problems.
pub async fn call_create(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Res {
    let input = call_input(&FormData::parse(&body));
    match service::publish(&state, &Who::from(&user), input.clone()).await {
        Ok(id) => {
            push_flash(&session, FlashLevel::Success, "call-done-published");
            Ok(see_other(&format!("/calls/{id}")))
        }
        Err(Refusal::Form(errors)) => {
            let offices = offices_of(&state, &user).await?;
            Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &FormPage {
                    ctx,
                    errors,
                    input,
                    offices,
                },
            ))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "calls/show.html")]
struct ShowPage {
    ctx: PageCtx,
    p: CallPage,
    errors: FormErrors,
    cancel_reasons: String,
}

async fn show_page(
    ctx: PageCtx,
    state: &AppState,
    user: Option<&CurrentUser>,
    id: i64,
    errors: FormErrors,
    cancel_reasons: String,
) -> Result<ShowPage, AppError> {
    let env = Env::from_ports(state);
    let who = user.map(Who::from);
    let viewer = user.map(Viewer::from);
    let p = state
        .db
        .run(move |conn| view::page(conn, &env, who.as_ref(), viewer, id))
        .await?;
    Ok(ShowPage {
        ctx,
        p,
        errors,
        cancel_reasons,
    })
}

/// `GET /calls/{id}`: the call, its status and decision, its public answers.
pub async fn call_show(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let page = show_page(
        ctx,
        &state,
        user.0.as_ref(),
        id.into_inner(),
        FormErrors::new(),
        String::new(),
    )
    .await?;
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "calls/compare.html")]
struct ComparePage {
    ctx: PageCtx,
    c: Comparison,
    errors: FormErrors,
    chosen: Option<i64>,
    reasons: String,
}

impl ComparePage {
    fn is_chosen(&self, id: &i64) -> bool {
        self.chosen == Some(*id)
    }
}

async fn compare_page(
    ctx: PageCtx,
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    errors: FormErrors,
    chosen: Option<i64>,
    reasons: String,
) -> Res {
    let c = service::compare(state, &Who::from(user), id).await?;
    let status = if !errors.is_empty() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else if c.too_early() {
        // The answers stay sealed until the deadline: the page says when they open.
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    Ok(render_with_status(
        status,
        &ComparePage {
            ctx,
            c,
            errors,
            chosen,
            reasons,
        },
    ))
}

/// `GET /calls/{id}/answers`: the answers side by side and the choice's form, for the
/// call's office, the coordinating office and administrators, once the deadline has
/// passed (before, a 409 page says when).
pub async fn call_answers(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    compare_page(
        ctx,
        &state,
        &user,
        id.into_inner(),
        FormErrors::new(),
        None,
        String::new(),
    )
    .await
}

/// `POST /calls/{id}/choose`: the office chooses an answer (`chosen`, a pact id) with
/// `reasons`.
pub async fn call_choose(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let chosen = crate::pacts::service::parse_id(f.get("chosen"))?;
    let reasons = f.get("reasons").to_string();
    match service::choose(&state, &Who::from(&user), id, chosen, reasons.clone()).await {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "call-done-chosen");
            Ok(see_other(&format!("/calls/{id}#decision")))
        }
        Err(Refusal::Form(errors)) => {
            compare_page(ctx, &state, &user, id, errors, chosen, reasons).await
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `POST /calls/{id}/cancel`: the office cancels the call with `cancel_reasons`.
pub async fn call_cancel(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let reasons = f.get("cancel_reasons").to_string();
    match service::cancel(&state, &Who::from(&user), id, reasons.clone()).await {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "call-done-cancelled");
            Ok(see_other(&format!("/calls/{id}")))
        }
        Err(Refusal::Form(errors)) => {
            let page = show_page(ctx, &state, Some(&user), id, errors, reasons).await?;
            Ok(render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

/// The most calls an export holds (a city publishes a few dozen a year).
pub const EXPORT_MAX: usize = 5_000;

/// Every public call as the list shows it to someone not signed in, the list's own
/// pages one after another (open calls first, then the others, newest first), at most
/// [`EXPORT_MAX`]: two queries per page of 25.
async fn all_calls(state: &AppState) -> Result<Vec<view::CallItem>, AppError> {
    let env = Env::from_ports(state);
    state
        .db
        .run(move |conn| {
            let mut out = Vec::new();
            let mut after = None;
            loop {
                let page = view::list(conn, env.today(), None, after)?;
                out.extend(page.open);
                out.extend(page.closed);
                match page.next {
                    Some(n) if out.len() < EXPORT_MAX => after = Some(n),
                    _ => break,
                }
            }
            out.truncate(EXPORT_MAX);
            Ok(out)
        })
        .await
}

/// The columns of `/calls.csv`.
const CALLS_CSV_HEADER: &str = "id,kind,status,title,office,commons_id,commons,theme,deadline,url";

/// `GET /calls.csv`: the calls' list as CSV (absolute links).
pub async fn calls_csv(state: web::Data<AppState>) -> Res {
    use crate::web::csv::Cell::{Text, Value};
    let items = all_calls(&state).await?;
    let base = state.config.absolute_url("");
    let mut t = crate::web::csv::Table::new(&CALLS_CSV_HEADER.split(',').collect::<Vec<_>>())?;
    for c in &items {
        let (commons_id, commons) = c
            .commons
            .as_ref()
            .map(|(id, name)| (id.to_string(), name.as_str()))
            .unwrap_or_default();
        t.row(&[
            Value(c.id.to_string()),
            Value(c.kind.code().to_string()),
            Value(c.status.code().to_string()),
            Text(&c.title),
            Text(&c.office),
            Value(commons_id),
            Text(commons),
            Text(&c.theme),
            Value(c.deadline.to_string()),
            Value(format!("{base}/calls/{}", c.id)),
        ])?;
    }
    Ok(crate::web::opendata::csv_response("calls.csv", t.finish()?))
}

/// `GET /calls.json`: the same as JSON, `{"items": [...], "license"}`.
pub async fn calls_json(state: web::Data<AppState>) -> Res {
    let items = all_calls(&state).await?;
    let base = state.config.absolute_url("");
    let items: Vec<serde_json::Value> = items
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id,
                "kind": c.kind.code(),
                "status": c.status.code(),
                "title": c.title,
                "office": c.office,
                "commons_id": c.commons.as_ref().map(|x| x.0),
                "commons": c.commons.as_ref().map(|x| x.1.clone()),
                "theme": c.theme,
                "deadline": c.deadline.to_string(),
                "url": format!("{base}/calls/{}", c.id),
            })
        })
        .collect();
    Ok(crate::web::opendata::json_response(
        &crate::web::opendata::with_licence(
            serde_json::json!({ "items": items }),
            &state.config.open_data.licence,
        ),
    ))
}
