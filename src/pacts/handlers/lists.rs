//! The pact lists: public (browsed from the database, or searched in the pacts'
//! index when there is search text), mine, and the officials' queue.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use askama::Template;

use super::{PAGE, Res, denied, query_of};
use crate::accounts::api::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::kit::roles::Role;
use crate::pacts::policy;
use crate::pacts::procedure::{PactState, PactType};
use crate::pacts::store::{self, Who};
use crate::pacts::view::{self, Filters, ListItem};
use crate::ports::AppState;
use crate::search::{MAX_QUERY_CHARS, SearchQuery, SearchText, request};
use crate::web::page::PageCtx;
use crate::web::{client_ip, render, render_with_status};

const QUEUE_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "pacts/list.html")]
struct ListPage {
    ctx: PageCtx,
    items: Vec<ListItem>,
    filters: Filters,
    /// The next page's cursor: an id in the list, an offset in search results.
    next: Option<i64>,
    states: Vec<(&'static str, String)>,
    kinds: Vec<(&'static str, String)>,
    districts: Vec<(String, String)>,
    /// The search text, as typed (cut to what the field accepts).
    q: String,
    /// Why the search text was refused (a translation key), or "".
    q_error: &'static str,
    /// How many pacts the search found, when the text was searched for.
    found: Option<i64>,
    /// The search service did not answer: the page says so instead of "no pact".
    unavailable: bool,
}

impl ListPage {
    fn next_url(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if self.found.is_some() {
            q.append_pair("q", &self.q);
        }
        for (field, value) in self.filters.pairs() {
            q.append_pair(field, &value);
        }
        q.append_pair("cursor", &self.next.unwrap_or_default().to_string());
        format!("/pacts?{}", q.finish())
    }
    fn found_count(&self) -> i64 {
        self.found.unwrap_or(0)
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

/// Asks the pacts index for one page of public pacts matching `text` and the list's
/// filters: their ids, best match first, and how many match. The search service's
/// failures are `Unavailable`.
async fn search_ids(
    state: &AppState,
    text: SearchText,
    filters: &Filters,
    offset: usize,
    limit: usize,
) -> Result<(Vec<i64>, usize), AppError> {
    let query = SearchQuery {
        text,
        filters: filters
            .pairs()
            .into_iter()
            .map(|(field, value)| (field.to_string(), vec![value]))
            .collect(),
        near: None,
        limit,
        offset,
    };
    let results = request::run(state.pact_search.clone(), query).await?;
    Ok((results.hits.iter().map(|h| h.id).collect(), results.total))
}

/// Counts one search against the searcher's budget (shared with every search).
async fn count_search(
    req: &HttpRequest,
    state: &AppState,
    user: &MaybeUser,
) -> Result<(), AppError> {
    request::count_search(&state.limiter, user.0.as_ref().map(|u| u.id), || {
        client_ip(req, state.config.trust_proxy_headers)
    })
    .await
}

/// For the read API, `GET /api/v1/pacts?q=TEXT`: with search text, one page of hits
/// (ids, best first) and the next cursor (an offset); `None` without text, for the
/// database's list. Text past the bounds, or a cursor past the deepest page, is a 400.
pub(super) async fn api_search(
    req: &HttpRequest,
    user: &MaybeUser,
    state: &AppState,
    filters: &Filters,
    limit: i64,
) -> Result<Option<(Vec<i64>, Option<i64>)>, AppError> {
    let q = query_of(req);
    let text = SearchText::parse(q.get("q")).map_err(|e| AppError::BadRequest(e.message_key()))?;
    if text.is_empty() {
        return Ok(None);
    }
    let offset = request::api_offset(q.get("cursor"))?;
    count_search(req, state, user).await?;
    let limit = usize::try_from(limit).unwrap_or(1);
    let (ids, total) = search_ids(state, text, filters, offset, limit).await?;
    let next = (offset + limit < total).then(|| i64::try_from(offset + limit).unwrap_or(0));
    Ok(Some((ids, next)))
}

/// `GET /pacts`: public pacts, newest first, with filters; with `q`, the pacts whose
/// text matches, best first, with the same filters (from the search index). Text past
/// the bounds is refused (400) with the form shown again and the reason; a search
/// service that does not answer is said so (503), never an empty list.
pub async fn index(
    ctx: PageCtx,
    req: HttpRequest,
    user: MaybeUser,
    state: web::Data<AppState>,
) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q).map_err(AppError::BadRequest)?;
    let raw = q.get("q");
    let (text, q_error) = match SearchText::parse(raw) {
        Ok(text) => (text, ""),
        Err(e) => (SearchText::default(), e.message_key()),
    };
    // An id in the database's list, an offset in search results.
    let cursor = q.get("cursor");
    let ctx_lang = ctx.lang.code();
    let mut page = ListPage {
        ctx,
        items: Vec::new(),
        filters,
        next: None,
        states: public_states(),
        kinds: PactType::ALL
            .iter()
            .map(|k| (k.code(), k.label_key()))
            .collect(),
        districts: Vec::new(),
        // The refused text is shown again, cut to what the field accepts.
        q: raw.trim().chars().take(MAX_QUERY_CHARS).collect(),
        q_error,
        found: None,
        unavailable: false,
    };
    let mut status = StatusCode::OK;
    let listed = if !q_error.is_empty() {
        status = StatusCode::BAD_REQUEST;
        None
    } else if text.is_empty() {
        let after = cursor.trim().parse::<i64>().ok().filter(|c| *c > 0);
        Some((after, page.filters.clone()))
    } else {
        count_search(&req, &state, &user).await?;
        let offset = request::page_offset(cursor);
        let page_size = usize::try_from(PAGE).unwrap_or(25);
        match search_ids(&state, text, &page.filters, offset, page_size).await {
            Ok((ids, total)) => {
                page.items = state
                    .db
                    .run(move |conn| view::lists::by_ids(conn, &ids))
                    .await?;
                page.found = Some(i64::try_from(total).unwrap_or(i64::MAX));
                page.next = (offset + page_size < total)
                    .then(|| i64::try_from(offset + page_size).unwrap_or(0));
            }
            Err(AppError::Unavailable(_)) => {
                status = StatusCode::SERVICE_UNAVAILABLE;
                page.unavailable = true;
            }
            Err(e) => return Err(e),
        }
        None
    };
    let (reader, default) = (ctx_lang, state.config.default_language.code());
    let (districts, list) = state
        .db
        .run(move |conn| {
            let d = crate::commons::api::districts_in(conn, reader, default)?;
            let list = match listed {
                Some((after, f)) => Some(view::list(conn, &f, after, PAGE)?),
                None => None,
            };
            Ok((d, list))
        })
        .await?;
    if let Some((items, next)) = list {
        page.items = items;
        page.next = next;
    }
    // Each district under its parent (a quartiere's zones), as in the commons list.
    page.districts = crate::commons::api::DistrictTree::new(districts).options();
    Ok(render_with_status(status, &page))
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
    /// Pacts the viewer is responsible for, or acts on for an absent colleague (whose
    /// name comes with it): (pact, "" or the colleague's name).
    marks: Vec<(i64, String)>,
    /// The queue lists every pact under way (coordinating office, administrators).
    sees_all: bool,
}

impl QueuePage {
    /// The viewer is the pact's responsible official.
    fn yours(&self, i: &ListItem) -> bool {
        self.marks.iter().any(|m| m.0 == i.id && m.1.is_empty())
    }
    /// The absent colleague the viewer acts for on this pact ("" for none).
    fn behalf(&self, i: &ListItem) -> String {
        self.marks
            .iter()
            .find(|m| m.0 == i.id && !m.1.is_empty())
            .map(|m| m.1.clone())
            .unwrap_or_default()
    }
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
    let viewer = Who::from(&user);
    if !(viewer.has(Role::Official) || viewer.has(Role::Admin)) {
        return Err(AppError::Forbidden);
    }
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
    let (items, total, offices, recommendations, marks, sees_all) = state
        .db
        .run(move |conn| {
            let (scope, absent) = store::queue_scope(conn, &who, now.date())?;
            let scope = scope.map_err(denied)?;
            let (items, total) = view::queue(conn, &scope, office, st, offset, QUEUE_PAGE)?;
            let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
            let names = crate::accounts::api::display_names(conn, &absent)?;
            let marks = view::officials_of(conn, &ids)?
                .into_iter()
                .filter_map(|(pact, official)| {
                    if official == who.id {
                        Some((pact, String::new()))
                    } else {
                        names
                            .iter()
                            .find(|n| n.0 == official)
                            .map(|n| (pact, n.1.clone()))
                    }
                })
                .collect::<Vec<_>>();
            let sees_all = scope == policy::QueueScope::All;
            let offices = crate::accounts::api::office_names(conn)?;
            let recs = crate::assemblies::api::recommendations_to_answer(
                conn,
                &who,
                recommendation_days,
                now,
            )?;
            Ok((items, total, offices, recs, marks, sees_all))
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
        marks,
        sees_all,
    }))
}
