//! Open data: the registry as GeoJSON and CSV.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::model::{Category, Status};
use super::queries::ListItem;
use super::service::Commons;
use crate::error::AppError;
use crate::web::csv::{Cell, Table};
use crate::web::page::PageCtx;

/// Rounds a coordinate to 6 decimals (about 10 cm), as GeoJSON recommends.
fn coord(v: f64) -> Value {
    let r = (v * 1e6).round() / 1e6;
    serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
}

#[derive(serde::Serialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    features: Vec<PointFeature<'a>>,
}

#[derive(serde::Serialize)]
struct PointFeature<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: i64,
    geometry: Point,
    properties: Properties<'a>,
}

#[derive(serde::Serialize)]
struct Point {
    #[serde(rename = "type")]
    kind: &'static str,
    coordinates: [f64; 2],
}

#[derive(serde::Serialize)]
struct Properties<'a> {
    id: i64,
    name: &'a str,
    category: &'static str,
    status: &'static str,
    district: Option<&'a str>,
    kind: &'static str,
    url: String,
    category_label: &'a str,
    status_label: &'a str,
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A FeatureCollection with one Point Feature per commons. Properties: `id`, `name`,
/// `category`, `status`, `district` (codes and slug, stable), plus `kind`, `url` and
/// the labels in the reader's language for map popups.
pub fn feature_collection(ctx: &PageCtx, items: &[ListItem]) -> String {
    // Labels are translated once per value, not once per feature.
    let categories: HashMap<&str, String> = Category::ALL
        .iter()
        .map(|c| (c.code(), ctx.t(c.label_key())))
        .collect();
    let statuses: HashMap<&str, String> = Status::ALL
        .iter()
        .map(|s| (s.code(), ctx.t(s.label_key())))
        .collect();
    let features = items
        .iter()
        .map(|i| PointFeature {
            kind: "Feature",
            id: i.id,
            geometry: Point {
                kind: "Point",
                coordinates: [round6(i.lng), round6(i.lat)],
            },
            properties: Properties {
                id: i.id,
                name: &i.name,
                category: i.category.code(),
                status: i.status.code(),
                district: i.district.as_deref(),
                kind: i.kind.code(),
                url: format!("/commons/{}", i.id),
                category_label: categories.get(i.category.code()).map_or("", String::as_str),
                status_label: statuses.get(i.status.code()).map_or("", String::as_str),
            },
        })
        .collect();
    serde_json::to_string(&Collection {
        kind: "FeatureCollection",
        features,
    })
    .unwrap_or_else(|_| "{\"type\":\"FeatureCollection\",\"features\":[]}".to_string())
}

/// One commons' point and, if it has one, its site outline.
pub fn commons_feature_collection(ctx: &PageCtx, c: &Commons) -> String {
    let properties = json!({
        "id": c.id,
        "name": c.name,
        "category": c.category.code(),
        "status": c.status.code(),
        "district": c.district.as_ref().map(|d| d.0.clone()),
        "url": format!("/commons/{}", c.id),
        "category_label": ctx.t(c.category.label_key()),
        "status_label": ctx.t(c.status.label_key()),
    });
    let mut features = vec![json!({
        "type": "Feature",
        "id": c.id,
        "geometry": {"type": "Point", "coordinates": [coord(c.location.lon), coord(c.location.lat)]},
        "properties": properties,
    })];
    if let Some(site) = c
        .site
        .as_deref()
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
    {
        features.push(json!({
            "type": "Feature",
            "geometry": site,
            "properties": {"id": c.id, "role": "site"},
        }));
    }
    json!({"type": "FeatureCollection", "features": features}).to_string()
}

/// The commons as CSV (`web::csv`: BOM, CRLF, typed text defused).
pub fn csv(base_url: &str, items: &[ListItem]) -> Result<String, AppError> {
    let base = base_url.trim_end_matches('/');
    let mut t = Table::new(&[
        "id", "name", "category", "status", "kind", "district", "lat", "lng", "url",
    ])?;
    for i in items {
        t.row(&[
            Cell::Value(i.id.to_string()),
            Cell::Text(&i.name),
            Cell::Value(i.category.code().to_string()),
            Cell::Value(i.status.code().to_string()),
            Cell::Value(i.kind.code().to_string()),
            Cell::Text(i.district.as_deref().unwrap_or("")),
            Cell::Value(format!("{:.6}", i.lat)),
            Cell::Value(format!("{:.6}", i.lng)),
            Cell::Value(format!("{base}/commons/{}", i.id)),
        ])?;
    }
    t.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commons::model::{Category, CommonsKind, Status};

    fn item(name: &str) -> ListItem {
        ListItem {
            id: 7,
            name: name.into(),
            category: Category::GreenArea,
            status: Status::Recognised,
            kind: CommonsKind::Tangible,
            district: Some("centro-storico".into()),
            district_name: Some("Centro Storico".into()),
            lat: 44.4949123,
            lng: 11.3426,
            distance_m: None,
        }
    }

    #[test]
    fn csv_has_bom_quotes_and_defuses_formulas() {
        let out = csv(
            "https://city.example/",
            &[item("Giardino \"Già\", sud"), item("=HYPERLINK(1)")],
        )
        .unwrap();
        assert!(out.starts_with("\u{FEFF}id,name,"));
        let lines: Vec<&str> = out.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(
            lines[1],
            "7,\"Giardino \"\"Già\"\", sud\",green_area,recognised,tangible,centro-storico,44.494912,11.342600,https://city.example/commons/7"
        );
        assert!(lines[2].starts_with("7,'=HYPERLINK(1),"));
        assert_eq!(lines.len(), 4);
    }
}
