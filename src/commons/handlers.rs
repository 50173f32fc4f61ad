//! The registry's pages, open data and read API. Handlers extract, call one service
//! or query function, and render.

use actix_session::Session;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::model::{
    Category, CommonsInput, CommonsKind, Location, NewCommons, Owner, Provisioning, Status,
    parse_location,
};
use super::policy::Action;
use super::queries::{self, Filters, ListItem, QueueItem};
use super::service::{self, CommonsPage, Decision, PhotoUpload};
use super::{districts, exports};
use crate::accounts::api::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::ports::AppState;
use crate::search::{GeoPoint, SearchQuery, SearchText};
use crate::web::forms::{FormData, FormErrors, Refusal};
use crate::web::page::PageCtx;
use crate::web::rate_limit::Limit;
use crate::web::session::{FlashLevel, push_flash};
use crate::web::uploads::{self, ImageType};
use crate::web::{client_ip, render, render_with_status, see_other};

type Res = Result<HttpResponse, AppError>;

/// Commons per list page.
const PAGE: i64 = 25;
/// Commons per API page (at most).
const API_MAX: i64 = 100;
/// Default and largest radius of "near this place", in metres.
const NEAR_DEFAULT_M: f64 = 2_000.0;
const NEAR_MAX_M: f64 = 50_000.0;
/// Deepest search result a page or the API may ask for (as an offset).
const SEARCH_MAX_OFFSET: usize = 10_000;
/// Searches per client address and minute, without an account.
pub const SEARCHES_PER_CLIENT: Limit = Limit::new(30, 60);
/// Searches per account and minute, signed in.
pub const SEARCHES_PER_ACCOUNT: Limit = Limit::new(120, 60);

/// What a map needs: tiles, attribution, a starting view.
#[derive(Debug, Clone)]
pub struct MapView {
    pub tile_url: String,
    pub attribution: String,
    pub center: String,
    pub zoom: u8,
}

async fn map_view(state: &AppState) -> Result<MapView, AppError> {
    let extent = state.db.run(districts::extent).await?;
    let center = match extent {
        Some([a, b, c, d]) => format!("{:.5},{:.5}", (b + d) / 2.0, (a + c) / 2.0),
        None => "45.0,10.0".to_string(),
    };
    Ok(MapView {
        tile_url: state.config.map_tile_url.clone(),
        attribution: state.config.map_attribution.clone(),
        zoom: if extent.is_some() { 13 } else { 5 },
        center,
    })
}

/// The choices of the filter form, as (code, label key) pairs.
pub struct FilterChoices {
    pub categories: Vec<(&'static str, String)>,
    pub statuses: Vec<(&'static str, String)>,
    pub provisioning: Vec<(&'static str, String)>,
    pub kinds: Vec<(&'static str, String)>,
    pub owners: Vec<(&'static str, String)>,
    pub districts: Vec<(String, String)>,
}

async fn choices(state: &AppState) -> Result<FilterChoices, AppError> {
    Ok(choices_with(state.db.run(districts::list).await?))
}

fn choices_with(districts: Vec<districts::District>) -> FilterChoices {
    FilterChoices {
        categories: Category::ALL
            .iter()
            .map(|c| (c.code(), c.label_key()))
            .collect(),
        statuses: Status::ALL
            .iter()
            .filter(|s| s.is_public())
            .map(|s| (s.code(), s.label_key()))
            .collect(),
        provisioning: Provisioning::ALL
            .iter()
            .map(|p| (p.code(), p.label_key()))
            .collect(),
        kinds: CommonsKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_key()))
            .collect(),
        owners: Owner::ALL
            .iter()
            .map(|o| (o.code(), o.label_key()))
            .collect(),
        districts: districts.into_iter().map(|d| (d.slug, d.name)).collect(),
    }
}

fn query_of(req: &HttpRequest) -> FormData {
    FormData::parse(req.query_string().as_bytes())
}

fn cursor(f: &FormData) -> Option<i64> {
    f.get("cursor")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|c| *c > 0)
}

/// "Near this place" from the query: `near_lat`, `near_lng`, `radius` (metres).
struct Near {
    at: Location,
    radius_m: f64,
}

fn near_of(f: &FormData) -> Result<Option<Near>, &'static str> {
    let (lat, lng) = (f.get("near_lat"), f.get("near_lng"));
    if lat.trim().is_empty() && lng.trim().is_empty() {
        return Ok(None);
    }
    let at = parse_location(lat, lng)?;
    let radius_m = match f.get("radius").trim() {
        "" => NEAR_DEFAULT_M,
        r => r
            .parse::<f64>()
            .ok()
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| r.min(NEAR_MAX_M))
            .ok_or("field-radius-invalid")?,
    };
    Ok(Some(Near { at, radius_m }))
}

impl ListItem {
    pub fn category_label_key(&self) -> String {
        self.category.label_key()
    }
    pub fn status_label_key(&self) -> String {
        self.status.label_key()
    }
    pub fn district_label(&self) -> &str {
        self.district_name.as_deref().unwrap_or("")
    }
    /// The distance as whole metres, or "".
    pub fn distance_label(&self) -> String {
        self.distance_m
            .map(|d| format!("{}", d.round() as i64))
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "commons/list.html")]
struct ListPage {
    ctx: PageCtx,
    items: Vec<ListItem>,
    filters: Filters,
    choices: FilterChoices,
    next: Option<i64>,
    first_page: bool,
    near: Option<(String, String, String)>,
    near_error: &'static str,
}

impl ListPage {
    fn next_url(&self) -> String {
        let q = self.filters.query();
        let sep = if q.is_empty() { "" } else { "&" };
        format!("/commons?{q}{sep}cursor={}", self.next.unwrap_or_default())
    }
    fn filter_query(&self) -> String {
        self.filters.query()
    }
}

/// `GET /commons`: the list with filters and keyset pagination, or "near this place".
pub async fn index(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q);
    let after = cursor(&q);
    let (near, near_error) = match near_of(&q) {
        Ok(n) => (n, ""),
        Err(key) => (None, key),
    };
    let near_echo = near.as_ref().map(|n| {
        (
            format!("{:.6}", n.at.lat),
            format!("{:.6}", n.at.lon),
            format!("{}", n.radius_m.round() as i64),
        )
    });
    let f = filters.clone();
    // One trip to the database for the page: the districts and the commons.
    let (districts, (items, next)) = state
        .db
        .run(move |conn| {
            let districts = districts::list(conn)?;
            let page = match near {
                Some(n) => (queries::near(conn, &f, n.at, n.radius_m, 100)?, None),
                None => queries::list(conn, &f, after, PAGE)?,
            };
            Ok((districts, page))
        })
        .await?;
    Ok(render(&ListPage {
        ctx,
        items,
        filters,
        choices: choices_with(districts),
        next,
        first_page: after.is_none(),
        near: near_echo,
        near_error,
    }))
}

#[derive(Template)]
#[template(path = "commons/map.html")]
struct MapPage {
    ctx: PageCtx,
    map: MapView,
    items: Vec<ListItem>,
    filters: Filters,
    choices: FilterChoices,
    next: Option<i64>,
}

impl MapPage {
    fn data_url(&self) -> String {
        let q = self.filters.query();
        if q.is_empty() {
            "/commons.geojson".to_string()
        } else {
            format!("/commons.geojson?{q}")
        }
    }
    fn filter_query(&self) -> String {
        self.filters.query()
    }
}

/// `GET /commons/map`: the interactive map, with the same commons as a list below.
pub async fn map(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q);
    let f = filters.clone();
    let (items, next) = state
        .db
        .run(move |conn| queries::list(conn, &f, None, PAGE))
        .await?;
    Ok(render(&MapPage {
        ctx,
        map: map_view(&state).await?,
        items,
        filters,
        choices: choices(&state).await?,
        next,
    }))
}

#[derive(Template)]
#[template(path = "commons/new.html")]
struct NewPage {
    ctx: PageCtx,
    errors: FormErrors,
    input: CommonsInput,
    choices: FilterChoices,
    groups: Vec<(i64, String)>,
    map: MapView,
    /// The proposer came from the pact form and goes back to it afterwards.
    then_pact: bool,
}

impl NewPage {
    fn group_selected(&self, id: &i64) -> bool {
        self.input.group.trim() == id.to_string()
    }
}

async fn new_page(
    ctx: PageCtx,
    state: &AppState,
    user: &CurrentUser,
    input: CommonsInput,
    errors: FormErrors,
    then_pact: bool,
) -> Result<NewPage, AppError> {
    Ok(NewPage {
        then_pact,
        ctx,
        errors,
        input,
        choices: choices(state).await?,
        groups: service::groups_of(state, user).await?,
        map: map_view(state).await?,
    })
}

/// `GET /commons/new`: the proposal form (works without JavaScript); `?then=pact`
/// comes from the pact form and leads back to it with the new commons.
pub async fn new_form(
    ctx: PageCtx,
    user: CurrentUser,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Res {
    service::may_on_registry(&user, Action::Propose)?;
    let then_pact = query_of(&req).get("then") == "pact";
    let input = CommonsInput {
        kind: CommonsKind::Tangible.code().to_string(),
        owner: Owner::City.code().to_string(),
        ..CommonsInput::default()
    };
    Ok(render(
        &new_page(ctx, &state, &user, input, FormErrors::new(), then_pact).await?,
    ))
}

/// `POST /commons/new`: files a proposal.
pub async fn create(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Res {
    service::may_on_registry(&user, Action::Propose)?;
    let form = FormData::parse(&body);
    let then_pact = form.get("then") == "pact";
    let input = CommonsInput::from_form(&form);
    let result = match NewCommons::validate(&input) {
        Ok(new) => service::propose(&state, &user, new).await,
        Err(errors) => Err(Refusal::Form(errors)),
    };
    match result {
        Ok(id) => {
            push_flash(&session, FlashLevel::Success, "commons-proposed");
            Ok(see_other(&if then_pact {
                format!("/pacts/new?commons={id}")
            } else {
                format!("/commons/{id}")
            }))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_page(ctx, &state, &user, input, errors, then_pact).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "commons/show.html")]
struct ShowPage {
    ctx: PageCtx,
    page: CommonsPage,
    map: MapView,
    errors: FormErrors,
    reasons: String,
    alt_text: String,
    max_photo_mb: usize,
}

impl ShowPage {
    fn status_code(&self) -> &str {
        self.page.commons.status.code()
    }
    fn rules_lines(&self) -> Vec<&str> {
        self.page
            .commons
            .rules
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
    fn osm_url(&self) -> String {
        let l = self.page.commons.location;
        format!(
            "https://www.openstreetmap.org/?mlat={:.6}&mlon={:.6}#map=18/{:.6}/{:.6}",
            l.lat, l.lon, l.lat, l.lon
        )
    }
    fn lat(&self) -> String {
        format!("{:.6}", self.page.commons.location.lat)
    }
    fn lng(&self) -> String {
        format!("{:.6}", self.page.commons.location.lon)
    }
    /// The decisions an official can take now: (form value, label key).
    fn decisions(&self) -> Vec<(&'static str, &'static str)> {
        match self.page.commons.status {
            Status::Proposed => vec![
                ("recognise", "commons-decision-recognise"),
                ("decline", "commons-decision-decline"),
            ],
            Status::Recognised => vec![("dormant", "commons-decision-dormant")],
            Status::Dormant => vec![("revive", "commons-decision-revive")],
            Status::Declined => vec![],
        }
    }
}

async fn show_page(
    ctx: PageCtx,
    state: &AppState,
    viewer: Option<CurrentUser>,
    id: i64,
    errors: FormErrors,
    reasons: String,
    alt_text: String,
) -> Result<ShowPage, AppError> {
    Ok(ShowPage {
        ctx,
        page: service::show(state, viewer, id).await?,
        map: map_view(state).await?,
        errors,
        reasons,
        alt_text,
        max_photo_mb: uploads::MAX_PHOTO_BYTES / (1024 * 1024),
    })
}

/// `GET /commons/{id}`: the commons page.
pub async fn show(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let page = show_page(
        ctx,
        &state,
        user.0,
        id.into_inner(),
        FormErrors::new(),
        String::new(),
        String::new(),
    )
    .await?;
    Ok(render(&page))
}

/// `GET /commons/{id}.geojson`: the commons' point and site outline, for its map.
pub async fn show_geojson(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let page = service::show(&state, user.0, id.into_inner()).await?;
    Ok(geojson_response(
        exports::commons_feature_collection(&ctx, &page.commons),
        false,
    ))
}

/// `POST /commons/{id}/decision`: an official's decision (with reasons when needed).
pub async fn decide(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    service::may_on_registry(&user, Action::Review)?;
    let id = id.into_inner();
    let form = FormData::parse(&body);
    let decision =
        Decision::parse(form.get("decision")).ok_or(AppError::BadRequest("error-bad-request"))?;
    let reasons = form.get("reasons").to_string();
    match service::decide(&state, &user, id, decision, reasons.clone()).await {
        Ok(status) => {
            push_flash(
                &session,
                FlashLevel::Success,
                match status {
                    Status::Recognised => "commons-recognised",
                    Status::Declined => "commons-declined",
                    Status::Dormant => "commons-marked-dormant",
                    Status::Proposed => "commons-proposed",
                },
            );
            Ok(see_other(&format!("/commons/{id}")))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(ctx, &state, Some(user), id, errors, reasons, String::new()).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// Whether a file name's extension, if it has one, is an image's. The type is decided
/// by the content; a name like `photo.exe` is refused so a mix-up shows.
fn name_looks_like_image(filename: &str) -> bool {
    match filename.rsplit_once('.') {
        None => true,
        Some((_, ext)) => ["jpg", "jpeg", "png", "webp", "jfif"]
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e)),
    }
}

/// `POST /commons/{id}/photos`: adds a photo (multipart form).
pub async fn add_photo(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    req: HttpRequest,
    payload: web::Payload,
) -> Res {
    let id = id.into_inner();
    let form =
        crate::web::multipart::read(&req, payload, "photo", uploads::MAX_PHOTO_BYTES).await?;
    let filename = form.filename;
    let upload = PhotoUpload {
        bytes: form.bytes,
        alt_text: form.fields.get("alt_text").to_string(),
    };
    let alt = upload.alt_text.clone();
    let result = if !name_looks_like_image(&filename) {
        Err(Refusal::field("photo", "field-photo-name-not-image"))
    } else {
        service::add_photo(&state, &user, id, upload).await
    };
    match result {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "commons-photo-added");
            Ok(see_other(&format!("/commons/{id}#photos")))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(ctx, &state, Some(user), id, errors, String::new(), alt).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `GET /files/{hash}.{ext}`: a stored photo, if its commons is visible to the viewer.
pub async fn file(user: MaybeUser, state: web::Data<AppState>, name: web::Path<String>) -> Res {
    let name = name.into_inner();
    let (hash, ext) = name.split_once('.').ok_or(AppError::NotFound)?;
    let kind = ImageType::parse_extension(ext).ok_or(AppError::NotFound)?;
    let path =
        uploads::stored_path(&state.config.data_dir, hash, kind).ok_or(AppError::NotFound)?;
    let public = service::photo_visible(&state, user.0.clone(), hash.to_string(), kind).await?;
    if !public {
        return Err(AppError::NotFound);
    }
    let bytes = web::block(move || std::fs::read(path))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|_| AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, kind.mime()))
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400"))
        .insert_header(("Content-Security-Policy", "default-src 'none'"))
        .body(bytes))
}

#[derive(Template)]
#[template(path = "commons/review.html")]
struct ReviewPage {
    ctx: PageCtx,
    items: Vec<QueueItem>,
    next: Option<i64>,
    waiting: i64,
}

/// `GET /official/commons`: proposals waiting for recognition, oldest first.
pub async fn review_queue(
    ctx: PageCtx,
    user: CurrentUser,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Res {
    service::may_on_registry(&user, Action::Review)?;
    let after = cursor(&query_of(&req));
    let ((items, next), waiting) = state
        .db
        .run(move |conn| {
            Ok((
                queries::review_queue(conn, after, 50)?,
                queries::queue_length(conn)?,
            ))
        })
        .await?;
    Ok(render(&ReviewPage {
        ctx,
        items,
        next,
        waiting,
    }))
}

fn geojson_response(body: String, cacheable: bool) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/geo+json"))
        .insert_header((
            header::CACHE_CONTROL,
            if cacheable {
                "public, max-age=60"
            } else {
                "private, no-cache"
            },
        ))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .body(body)
}

fn bad_filters() -> AppError {
    AppError::BadRequest("error-bad-filter")
}

/// `GET /commons.geojson`: every public commons matching the filters (open data and
/// the map's data).
pub async fn geojson(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let filters = Filters::from_form(&query_of(&req));
    if filters.invalid {
        return Err(bad_filters());
    }
    let items = state
        .db
        .run(move |conn| queries::export(conn, &filters))
        .await?;
    let body = web::block(move || exports::feature_collection(&ctx, &items))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(geojson_response(body, true))
}

/// `GET /commons.csv`: the same as CSV (UTF-8 with BOM).
pub async fn csv(req: HttpRequest, state: web::Data<AppState>) -> Res {
    let filters = Filters::from_form(&query_of(&req));
    if filters.invalid {
        return Err(bad_filters());
    }
    let base = state.config.base_url.to_string();
    let items = state
        .db
        .run(move |conn| queries::export(conn, &filters))
        .await?;
    let body = web::block(move || exports::csv(&base, &items))
        .await
        .map_err(|e| AppError::internal(e.to_string()))??;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"commons.csv\"",
        ))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .body(body))
}

#[derive(serde::Serialize)]
struct ApiPage {
    items: Vec<ListItem>,
    next: Option<String>,
}

fn json(v: &impl serde::Serialize) -> Res {
    let body = serde_json::to_string(v).map_err(|e| AppError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .body(body))
}

/// Runs a search: text, filters and radius; returns the hits and whether more follow.
async fn run_search(
    state: &AppState,
    text: SearchText,
    filters: &Filters,
    near: Option<&Near>,
    offset: usize,
    limit: usize,
) -> Result<(Vec<(ListItem, String, String)>, usize), AppError> {
    let query = SearchQuery {
        text,
        filters: filters
            .pairs()
            .into_iter()
            .map(|(k, v)| (k.to_string(), vec![v]))
            .collect(),
        near: near.map(|n| {
            (
                GeoPoint {
                    lat: n.at.lat,
                    lng: n.at.lon,
                },
                n.radius_m,
            )
        }),
        limit,
        offset,
    };
    let index = state.search.clone();
    let results = web::block(move || index.search(&query))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|e| {
            tracing::warn!("search failed: {e}");
            AppError::Unavailable(e.to_string())
        })?;
    let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
    let items = state
        .db
        .run(move |conn| queries::by_ids(conn, &ids))
        .await?;
    let mut out = Vec::with_capacity(items.len());
    for hit in results.hits {
        if let Some(mut item) = items.iter().find(|i| i.id == hit.id).cloned() {
            item.distance_m = hit.distance_m;
            out.push((item, hit.title_html, hit.snippet_html));
        }
    }
    Ok((out, results.total))
}

/// Counts one search against the searcher's limit: per account when signed in, else per
/// client address (the key sign-in uses).
fn count_search(
    req: &HttpRequest,
    state: &AppState,
    user: Option<&CurrentUser>,
) -> Result<(), AppError> {
    let (key, limit) = match user {
        Some(u) => (format!("search-account:{}", u.id), SEARCHES_PER_ACCOUNT),
        None => (
            format!(
                "search-ip:{}",
                client_ip(req, state.config.trust_proxy_headers)
            ),
            SEARCHES_PER_CLIENT,
        ),
    };
    state
        .limiter
        .hit(&key, limit)
        .map_err(|r| AppError::TooManyRequests {
            retry_after_secs: r.0,
        })
}

/// `GET /api/v1/commons`: the list as JSON (`cursor` for the next page); with `q`,
/// search results, best match first.
pub async fn api_list(req: HttpRequest, user: MaybeUser, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q);
    if filters.invalid {
        return Err(bad_filters());
    }
    let limit = match q.get("limit").trim() {
        "" => PAGE,
        l => l
            .parse::<i64>()
            .ok()
            .filter(|l| (1..=API_MAX).contains(l))
            .ok_or(AppError::BadRequest("error-bad-limit"))?,
    };
    let near = near_of(&q).map_err(|_| AppError::BadRequest("error-bad-near"))?;
    let text = SearchText::parse(q.get("q")).map_err(|e| AppError::BadRequest(e.message_key()))?;
    if !text.as_str().is_empty() || near.is_some() {
        let offset = match q.get("cursor").trim() {
            "" => 0,
            c => c
                .parse::<usize>()
                .ok()
                .filter(|c| *c <= SEARCH_MAX_OFFSET)
                .ok_or(AppError::BadRequest("error-bad-cursor"))?,
        };
        count_search(&req, &state, user.0.as_ref())?;
        let limit = usize::try_from(limit).unwrap_or(25);
        let (hits, total) =
            run_search(&state, text, &filters, near.as_ref(), offset, limit).await?;
        let next = (offset + limit < total).then(|| (offset + limit).to_string());
        return json(&ApiPage {
            items: hits.into_iter().map(|h| h.0).collect(),
            next,
        });
    }
    let after = match q.get("cursor").trim() {
        "" => None,
        c => Some(
            c.parse::<i64>()
                .map_err(|_| AppError::BadRequest("error-bad-cursor"))?,
        ),
    };
    let (items, next) = state
        .db
        .run(move |conn| queries::list(conn, &filters, after, limit))
        .await?;
    json(&ApiPage {
        items,
        next: next.map(|n| n.to_string()),
    })
}

/// A search hit as the page shows it.
pub struct Hit {
    pub item: ListItem,
    pub title_html: String,
    pub snippet_html: String,
}

#[derive(Template)]
#[template(path = "commons/search.html")]
struct SearchPage {
    ctx: PageCtx,
    q: String,
    filters: Filters,
    choices: FilterChoices,
    hits: Vec<Hit>,
    total: i64,
    searched: bool,
    offset: usize,
    next_offset: Option<usize>,
    near: (String, String, String),
    near_error: &'static str,
    /// Why the text was refused (a translation key), or "".
    q_error: &'static str,
}

impl SearchPage {
    fn page_url(&self, offset: usize) -> String {
        let mut s = ::url::form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", &self.q);
        for (k, v) in self.filters.pairs() {
            s.append_pair(k, &v);
        }
        if !self.near.0.is_empty() {
            s.append_pair("near_lat", &self.near.0);
            s.append_pair("near_lng", &self.near.1);
            s.append_pair("radius", &self.near.2);
        }
        s.append_pair("cursor", &offset.to_string());
        format!("/search?{}", s.finish())
    }
    fn next_url(&self) -> String {
        self.page_url(self.next_offset.unwrap_or_default())
    }
    fn prev_url(&self) -> String {
        self.page_url(self.offset.saturating_sub(PAGE as usize))
    }
}

/// `GET /search?q=TEXT`: full-text search with filters and a radius; matches marked.
/// Text past the bounds is refused (400) with the form shown again and the reason.
pub async fn search_page(
    ctx: PageCtx,
    req: HttpRequest,
    user: MaybeUser,
    state: web::Data<AppState>,
) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q);
    let raw = q.get("q");
    let (text, q_error) = match SearchText::parse(raw) {
        Ok(text) => (text, ""),
        Err(e) => (SearchText::default(), e.message_key()),
    };
    let offset = q
        .get("cursor")
        .trim()
        .parse::<usize>()
        .unwrap_or(0)
        .min(SEARCH_MAX_OFFSET);
    let (near, near_error) = match near_of(&q) {
        Ok(n) => (n, ""),
        Err(key) => (None, key),
    };
    let near_echo = (
        q.get("near_lat").trim().chars().take(40).collect(),
        q.get("near_lng").trim().chars().take(40).collect(),
        q.get("radius").trim().chars().take(40).collect(),
    );
    let searched =
        q_error.is_empty() && (!text.as_str().is_empty() || near.is_some() || !filters.is_empty());
    let (hits, total) = if searched {
        count_search(&req, &state, user.0.as_ref())?;
        run_search(
            &state,
            text.clone(),
            &filters,
            near.as_ref(),
            offset,
            PAGE as usize,
        )
        .await?
    } else {
        (Vec::new(), 0)
    };
    let next_offset = (offset + (PAGE as usize) < total).then_some(offset + PAGE as usize);
    let page = SearchPage {
        ctx,
        // The refused text is shown again, cut to what the field accepts.
        q: if q_error.is_empty() {
            text.as_str().to_string()
        } else {
            raw.trim()
                .chars()
                .take(crate::search::MAX_QUERY_CHARS)
                .collect()
        },
        filters,
        choices: choices(&state).await?,
        hits: hits
            .into_iter()
            .map(|(item, title_html, snippet_html)| Hit {
                item,
                title_html,
                snippet_html,
            })
            .collect(),
        total: i64::try_from(total).unwrap_or(i64::MAX),
        searched,
        offset,
        next_offset,
        near: near_echo,
        near_error,
        q_error,
    };
    Ok(if q_error.is_empty() {
        render(&page)
    } else {
        render_with_status(StatusCode::BAD_REQUEST, &page)
    })
}
