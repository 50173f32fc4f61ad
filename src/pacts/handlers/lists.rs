//! The pact lists: public, mine, and the officials' queue.

use actix_web::{HttpRequest, web};
use askama::Template;

use super::{PAGE, Res, denied, query_of};
use crate::accounts::api::CurrentUser;
use crate::error::AppError;
use crate::pacts::policy;
use crate::pacts::procedure::{PactState, PactType};
use crate::pacts::store::Who;
use crate::pacts::view::{self, Filters, ListItem};
use crate::ports::AppState;
use crate::web::page::PageCtx;
use crate::web::render;

const QUEUE_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "pacts/list.html")]
struct ListPage {
    ctx: PageCtx,
    items: Vec<ListItem>,
    filters: Filters,
    next: Option<i64>,
    states: Vec<(&'static str, String)>,
    kinds: Vec<(&'static str, String)>,
    districts: Vec<(String, String)>,
}

impl ListPage {
    fn next_url(&self) -> String {
        let q = self.filters.query();
        let sep = if q.is_empty() { "" } else { "&" };
        format!("/pacts?{q}{sep}cursor={}", self.next.unwrap_or_default())
    }
    fn state_selected(&self, code: &str) -> bool {
        self.filters.state.is_some_and(|s| s.code() == code)
    }
    fn kind_selected(&self, code: &str) -> bool {
        self.filters.kind.is_some_and(|s| s.code() == code)
    }
    fn district_selected(&self, slug: &str) -> bool {
        self.filters.district.as_deref() == Some(slug)
    }
}

fn public_states() -> Vec<(&'static str, String)> {
    PactState::ALL
        .iter()
        .filter(|s| s.is_public())
        .map(|s| (s.code(), s.label_key()))
        .collect()
}

/// `GET /pacts`: public pacts, newest first, with filters.
pub async fn index(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q).map_err(AppError::BadRequest)?;
    let after = q
        .get("cursor")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|c| *c > 0);
    let f = filters.clone();
    let (districts, (items, next)) = state
        .db
        .run(move |conn| {
            let d = crate::commons::api::districts(conn)?;
            Ok((d, view::list(conn, &f, after, PAGE)?))
        })
        .await?;
    Ok(render(&ListPage {
        ctx,
        items,
        filters,
        next,
        states: public_states(),
        kinds: PactType::ALL
            .iter()
            .map(|k| (k.code(), k.label_key()))
            .collect(),
        districts: districts.into_iter().map(|d| (d.slug, d.name)).collect(),
    }))
}

#[derive(Template)]
#[template(path = "pacts/mine.html")]
struct MinePage {
    ctx: PageCtx,
    items: Vec<ListItem>,
    digest: bool,
}

/// `GET /pacts/mine`: the pacts I take part in, drafts included.
pub async fn mine(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let who = Who::from(&user);
    let (items, digest) = state
        .db
        .run(move |conn| {
            let d = crate::accounts::api::notification_digest(conn, who.id)?;
            Ok((view::mine(conn, &who)?, d))
        })
        .await?;
    Ok(render(&MinePage { ctx, items, digest }))
}

#[derive(Template)]
#[template(path = "pacts/queue.html")]
struct QueuePage {
    ctx: PageCtx,
    items: Vec<ListItem>,
    total: i64,
    offices: Vec<(i64, String)>,
    office: String,
    state_filter: String,
    states: Vec<(&'static str, String)>,
    next_offset: Option<i64>,
    now: chrono::NaiveDateTime,
    /// Recommendations of assemblies and chambers waiting for the viewer's answer.
    recommendations: Vec<crate::assemblies::api::QueueLine>,
    recommendation_days: i64,
}

impl QueuePage {
    fn days(&self, i: &ListItem) -> i64 {
        crate::pacts::deadlines::days_in_state(i.state_since, self.now)
    }
    fn overdue(&self, i: &ListItem) -> bool {
        crate::pacts::deadlines::is_overdue(i.due_at, self.now)
    }
    fn office_name(&self, i: &ListItem) -> String {
        i.office_id
            .and_then(|o| self.offices.iter().find(|x| x.0 == o))
            .map(|x| x.1.clone())
            .unwrap_or_default()
    }
    fn office_selected(&self, id: &i64) -> bool {
        self.office == id.to_string()
    }
    fn next_url(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if !self.office.is_empty() {
            q.append_pair("office", &self.office);
        }
        if !self.state_filter.is_empty() {
            q.append_pair("state", &self.state_filter);
        }
        q.append_pair("offset", &self.next_offset.unwrap_or_default().to_string());
        format!("/official/pacts?{}", q.finish())
    }
}

/// `GET /official/pacts`: the officials' queue, nearest deadline first.
pub async fn queue(
    ctx: PageCtx,
    user: CurrentUser,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Res {
    policy::may_work_for_city(&Who::from(&user)).map_err(denied)?;
    let q = query_of(&req);
    let office_in = q.get("office").trim().to_string();
    let office = match office_in.as_str() {
        "" => None,
        "none" => Some(None),
        o => Some(Some(
            o.parse::<i64>()
                .map_err(|_| AppError::BadRequest("error-bad-filter"))?,
        )),
    };
    let state_in = q.get("state").trim().to_string();
    let st = match state_in.as_str() {
        "" => None,
        s => Some(
            PactState::parse(s)
                .filter(|s| view::QUEUE_STATES.contains(s))
                .ok_or(AppError::BadRequest("error-bad-filter"))?,
        ),
    };
    let offset = q.get("offset").trim().parse::<i64>().unwrap_or(0).max(0);
    let (who, now) = (Who::from(&user), state.clock.now());
    let recommendation_days = state.config.recommendation_answer_days;
    let (items, total, offices, recommendations) = state
        .db
        .run(move |conn| {
            let (items, total) = view::queue(conn, office, st, offset, QUEUE_PAGE)?;
            let offices = crate::accounts::api::office_names(conn)?;
            let recs = crate::assemblies::api::recommendations_to_answer(
                conn,
                &who,
                recommendation_days,
                now,
            )?;
            Ok((items, total, offices, recs))
        })
        .await?;
    let next_offset = (offset + QUEUE_PAGE < total).then_some(offset + QUEUE_PAGE);
    Ok(render(&QueuePage {
        ctx,
        items,
        total,
        offices,
        office: office_in,
        state_filter: state_in,
        states: view::QUEUE_STATES
            .iter()
            .map(|s| (s.code(), s.label_key()))
            .collect(),
        next_offset,
        now,
        recommendations,
        recommendation_days,
    }))
}
