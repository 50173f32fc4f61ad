//! Open data: the registry as GeoJSON (its CSV, which counts pacts, is the wiring's:
//! `crate::opendata`).

use super::*;
use crate::commons::exports;

pub(super) fn geojson_response(body: String, cacheable: bool) -> HttpResponse {
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

pub(super) fn bad_filters() -> AppError {
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
    let config = state.config.clone();
    let body = web::block(move || {
        let at = exports::Published {
            base_url: config.base_url.as_str(),
            licence: &config.open_data.licence,
        };
        exports::feature_collection(&ctx, &items, &at)
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(geojson_response(body, true))
}
