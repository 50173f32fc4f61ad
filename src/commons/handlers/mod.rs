//! The registry's pages, open data and read API, one file per use-case (browse,
//! propose, show, review, exports, search). Handlers extract, call one service or query
//! function, and render; permissions come from `commons::policy`. This file holds what
//! they share: imports, limits, the map and filter choices, query-string readers.

use actix_session::Session;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::accounts::api::{CurrentUser, MaybeUser};
use crate::commons::addresses::{self, PlaceField};
use crate::commons::districts;
use crate::commons::model::{
    Category, CommonsInput, CommonsKind, Condition, Location, NewCommons, Owner, Provisioning,
    Status, parse_location,
};
use crate::commons::policy::Action;
use crate::commons::queries::{self, Filters, ListItem, QueueItem};
use crate::commons::service::{self, CommonsPage, Decision, PhotoUpload};
use crate::error::AppError;
use crate::ports::AppState;
use crate::search::{GeoPoint, SearchQuery, SearchText};
use crate::web::forms::{FormData, FormErrors, Refusal};
use crate::web::page::PageCtx;
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
pub use crate::search::request::{SEARCHES_PER_ACCOUNT, SEARCHES_PER_CLIENT};

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
    pub conditions: Vec<(&'static str, String)>,
    pub districts: Vec<(String, String)>,
}

/// The filter choices, districts named in the reader's language `reader`.
async fn choices(state: &AppState, reader: &'static str) -> Result<FilterChoices, AppError> {
    let default = state.config.default_language.code();
    Ok(choices_with(
        state
            .db
            .run(move |conn| districts::list_in(conn, reader, default))
            .await?,
    ))
}

fn choices_with(districts: Vec<districts::District>) -> FilterChoices {
    FilterChoices {
        categories: Category::ALL
            .iter()
            .map(|c| (c.code(), c.label_key()))
            .collect(),
        statuses: Status::ALL
            .iter()
            .filter(|s| s.is_listed())
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
        conditions: Condition::ALL
            .iter()
            .map(|c| (c.code(), c.label_key()))
            .collect(),
        districts: districts::DistrictTree::new(districts).options(),
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
    let radius_m = radius_of(f)?;
    Ok(Some(Near { at, radius_m }))
}

/// The `radius` of "near this place" (metres), capped; the default when absent.
fn radius_of(f: &FormData) -> Result<f64, &'static str> {
    match f.get("radius").trim() {
        "" => Ok(NEAR_DEFAULT_M),
        r => r
            .parse::<f64>()
            .ok()
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| r.min(NEAR_MAX_M))
            .ok_or("field-radius-invalid"),
    }
}

mod browse;
mod exports;
mod places;
mod propose;
mod review;
mod search;
mod sectors;
mod show;
mod translations;
mod upkeep;

pub use browse::*;
pub use exports::*;
pub use places::*;
pub use propose::*;
pub use review::*;
pub use search::*;
pub use sectors::*;
pub use show::*;
pub use translations::*;
pub use upkeep::*;
