//! Places: address suggestions from the street gazetteer (what a place field's
//! script asks while a person types) and the district outlines for the map's layer.

use super::*;
use crate::commons::addresses;

/// `GET /addresses/suggest?q=`: at most ten addresses starting with what was typed
/// (accents, case and the street's type do not matter), as JSON
/// `{"items": [{"label", "street", "house_number", "lat", "lng", "district"}]}`.
/// The query is cut to its first hundred characters.
pub async fn suggest_addresses(req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q: String = query_of(&req)
        .get("q")
        .chars()
        .take(addresses::MAX_QUERY_CHARS)
        .collect();
    let (found, tree) = state
        .db
        .run(move |conn| {
            let found = addresses::suggest(conn, &q)?;
            // District names only when some address has one (one more query).
            let tree = if found.iter().any(|a| a.district_id.is_some()) {
                districts::tree(conn)?
            } else {
                districts::DistrictTree::default()
            };
            Ok((found, tree))
        })
        .await?;
    let items: Vec<serde_json::Value> = found
        .iter()
        .map(|a| {
            serde_json::json!({
                "label": a.label(),
                "street": a.street,
                "house_number": a.house_number,
                "lat": a.lat,
                "lng": a.lng,
                "district": a.district_id.and_then(|d| tree.get(d)).map(|d| d.name.clone()),
            })
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(serde_json::json!({ "items": items })))
}

/// `GET /districts.geojson`: every district's outline with its slug, name, depth,
/// level name and parent's slug (open data, and the map's district layer).
pub async fn districts_geojson(state: web::Data<AppState>) -> Res {
    let collection = state.db.run(districts::outlines).await?;
    Ok(super::exports::geojson_response(
        collection.to_string(),
        true,
    ))
}
