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

/// `GET /commons/map.json?bbox=west,south,east,north&zoom=N` (and the list's filters):
/// what the map draws for a view. Up to [`MAX_POINTS`] public commons in the view come
/// one by one, as the GeoJSON's features; more come as clusters, one per cell of the
/// view's grid (`{"cluster": true, "count": N}`, placed at their mean position), so a
/// whole-city view answers a bounded document whatever the city's size. The answer also
/// says how many commons are in view (`total`) and whether they were clustered.
pub async fn map_data(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    use crate::commons::model::map_view::{MAX_POINTS, MapView};
    let form = query_of(&req);
    let filters = Filters::from_form(&form);
    if filters.invalid {
        return Err(bad_filters());
    }
    let view = MapView::parse(form.get("bbox"), form.get("zoom"))
        .map_err(|_| AppError::BadRequest("error-bad-map-view"))?;
    let labels = exports::Labels::new(&ctx);
    let base_url = state.config.base_url.to_string();
    let body = state
        .db
        .run(move |conn| {
            let clusters = queries::clusters_in_view(conn, &filters, &view)?;
            let total: i64 = clusters.iter().map(|c| c.count).sum();
            let (features, clustered) = if total <= MAX_POINTS {
                let items = queries::in_view(conn, &filters, &view, MAX_POINTS)?;
                (exports::features(&labels, &items, &base_url), false)
            } else {
                (exports::cluster_features(&clusters), true)
            };
            Ok(format!(
                "{}{features}],\"total\":{total},\"clustered\":{clustered}}}",
                exports::COLLECTION_HEAD
            ))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/geo+json"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .body(body))
}
