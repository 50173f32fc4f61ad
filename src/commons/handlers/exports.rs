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

/// Commons per page of the streamed GeoJSON.
const GEOJSON_PAGE: i64 = 1000;

/// `GET /commons.geojson`: every public commons matching the filters (open data and
/// the map's data), streamed a page at a time in id order.
pub async fn geojson(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let filters = Filters::from_form(&query_of(&req));
    if filters.invalid {
        return Err(bad_filters());
    }
    let labels = exports::Labels::new(&ctx);
    let base_url = state.config.base_url.to_string();
    let page: std::sync::Arc<crate::web::opendata::PageFn> =
        std::sync::Arc::new(move |conn, after| {
            let items = queries::export_page(conn, &filters, after, GEOJSON_PAGE)?;
            Ok(crate::web::opendata::Chunk {
                next: (items.len() as i64 == GEOJSON_PAGE)
                    .then(|| items.last().map(|i| i.id))
                    .flatten(),
                text: exports::features(&labels, &items, &base_url),
            })
        });
    let body = crate::web::opendata::paged_stream(
        state.db.clone(),
        exports::COLLECTION_HEAD.to_string(),
        page,
        ",",
        exports::collection_tail(&state.config.open_data.licence),
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/geo+json"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .streaming(body))
}
