//! Open data: the registry as GeoJSON (the `geojson` crate's types) and CSV (`web::csv`).

use std::collections::HashMap;

use geojson::{Feature, FeatureCollection, Geometry, JsonObject, feature::Id};
use serde_json::{Value, json};

use super::model::{Category, Status};
use super::queries::{ExportDetails, ListItem};
use super::service::Commons;
use crate::config::Licence;
use crate::error::AppError;
use crate::web::csv::{Cell, Table};
use crate::web::opendata::licence_json;
use crate::web::page::PageCtx;

/// Rounds a coordinate to 6 decimals (about 10 cm), as GeoJSON recommends.
fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A commons as a Point Feature (its id also as the feature's id).
fn point(id: i64, lng: f64, lat: f64, properties: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(Geometry::new_point([round6(lng), round6(lat)])),
        id: Some(Id::Number(id.into())),
        properties: Some(properties),
        foreign_members: None,
    }
}

/// A commons' site outline (the stored GeoJSON geometry) as a Feature with the role
/// `site`; none if the stored text is not a geometry.
fn site(id: i64, geometry: &str) -> Option<Feature> {
    let geometry: Geometry = geometry.parse().ok()?;
    let mut f = Feature::from(geometry);
    f.set_property("id", id);
    f.set_property("role", "site");
    Some(f)
}

/// The collection as JSON (an empty collection in the unexpected case serde fails;
/// `Display` would panic there), with the open data's licence as its `license`
/// member when given.
fn to_json(features: Vec<Feature>, licence: Option<&Licence>) -> String {
    // Built by hand: `FeatureCollection::new` adds a bbox (empty when there is no
    // feature) that the map does not read and the export never had.
    let collection = FeatureCollection {
        bbox: None,
        features,
        foreign_members: licence.map(|l| {
            let mut m = JsonObject::new();
            m.insert("license".into(), licence_json(l));
            m
        }),
    };
    serde_json::to_string(&collection)
        .unwrap_or_else(|_| "{\"type\":\"FeatureCollection\",\"features\":[]}".to_string())
}

/// Where the GeoJSON is published: the site's address (links are absolute) and the
/// open data's licence (the collection's `license` member).
pub struct Published<'a> {
    pub base_url: &'a str,
    pub licence: &'a Licence,
}

/// The properties every map popup reads: codes and slug (stable), the page's absolute
/// address and the labels in the reader's language.
#[allow(clippy::too_many_arguments)]
fn properties(
    base_url: &str,
    id: i64,
    name: &str,
    category: Category,
    status: Status,
    district: Option<&str>,
    category_label: &str,
    status_label: &str,
) -> JsonObject {
    let v = json!({
        "id": id,
        "name": name,
        "category": category.code(),
        "status": status.code(),
        "district": district,
        "url": format!("{}/commons/{id}", base_url.trim_end_matches('/')),
        "category_label": category_label,
        "status_label": status_label,
    });
    match v {
        Value::Object(o) => o,
        _ => JsonObject::new(),
    }
}

/// The labels a map popup shows, in the reader's language: each category and status
/// translated once, not once per feature.
pub struct Labels {
    categories: HashMap<&'static str, String>,
    statuses: HashMap<&'static str, String>,
}

impl Labels {
    pub fn new(ctx: &PageCtx) -> Labels {
        Labels {
            categories: Category::ALL
                .iter()
                .map(|c| (c.code(), ctx.t(c.label_key())))
                .collect(),
            statuses: Status::ALL
                .iter()
                .map(|s| (s.code(), ctx.t(s.label_key())))
                .collect(),
        }
    }
}

/// The start of the FeatureCollection the features of [`features`] go into.
pub const COLLECTION_HEAD: &str = "{\"type\":\"FeatureCollection\",\"features\":[";

/// The end of that FeatureCollection, with the open data's licence as its `license`.
pub fn collection_tail(licence: &Licence) -> String {
    format!("],\"license\":{}}}", licence_json(licence))
}

/// One Point Feature per commons, as JSON separated by commas (a page of the
/// collection). Properties: `id`, `name`, `category`, `status`, `district` (codes and
/// slug, stable), plus `kind`, `url` and the labels in the reader's language for map
/// popups.
pub fn features(labels: &Labels, items: &[ListItem], base_url: &str) -> String {
    let label =
        |labels: &HashMap<&str, String>, code: &str| labels.get(code).cloned().unwrap_or_default();
    let mut out = String::with_capacity(items.len() * 320);
    for (n, i) in items.iter().enumerate() {
        let mut p = properties(
            base_url,
            i.id,
            &i.name,
            i.category,
            i.status,
            i.district.as_deref(),
            &label(&labels.categories, i.category.code()),
            &label(&labels.statuses, i.status.code()),
        );
        p.insert("kind".into(), i.kind.code().into());
        if n > 0 {
            out.push(',');
        }
        // A feature of plain values always serialises; an empty object never breaks
        // the document should that change.
        out.push_str(
            &serde_json::to_string(&point(i.id, i.lng, i.lat, p)).unwrap_or_else(|_| "{}".into()),
        );
    }
    out
}

/// Clusters as Point Features separated by commas: `{"cluster": true, "count": N}`.
pub fn cluster_features(clusters: &[super::queries::Cluster]) -> String {
    clusters
        .iter()
        .map(|c| {
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round6(c.lng), round6(c.lat)]},
                "properties": {"cluster": true, "count": c.count},
            })
            .to_string()
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// One commons' point and, if it has one, its site outline.
pub fn commons_feature_collection(ctx: &PageCtx, c: &Commons, at: &Published<'_>) -> String {
    let p = properties(
        at.base_url,
        c.id,
        &c.name,
        c.category,
        c.status,
        c.district.as_ref().map(|d| d.0.as_str()),
        &ctx.t(c.category.label_key()),
        &ctx.t(c.status.label_key()),
    );
    let mut features = vec![point(c.id, c.location.lon, c.location.lat, p)];
    features.extend(c.site.as_deref().and_then(|s| site(c.id, s)));
    to_json(features, Some(at.licence))
}

/// The columns of `/commons.csv`, in order (the README lists them; a test compares).
pub const CSV_HEADER: &str = "id,name,category,status,kind,district,lat,lng,url,\
address,owner,description,why,stewards,recognised_on,pacts,asset_code,condition,restrictions,\
provisioning";

/// [`CSV_HEADER`] as a list.
pub fn csv_header() -> Vec<&'static str> {
    CSV_HEADER.split(',').collect()
}

/// The commons as rows of `t` (`web::csv`: CRLF, typed text defused), every public
/// field: `details` from [`super::queries::export_details`], `pacts` the number of
/// public pacts of each commons (absent: none).
pub fn csv(
    mut t: Table,
    base_url: &str,
    items: &[ListItem],
    details: &HashMap<i64, ExportDetails>,
    pacts: &HashMap<i64, i64>,
) -> Result<String, AppError> {
    let base = base_url.trim_end_matches('/');
    let none = ExportDetails::default();
    for i in items {
        let d = details.get(&i.id).unwrap_or(&none);
        let stewards = d.stewards.join("; ");
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
            Cell::Text(&d.address),
            Cell::Value(d.owner.clone()),
            Cell::Text(&d.description),
            Cell::Text(&d.why),
            Cell::Text(&stewards),
            Cell::Value(
                d.recognised_at
                    .map(|t| t.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ),
            Cell::Value(pacts.get(&i.id).copied().unwrap_or(0).to_string()),
            Cell::Text(&d.asset_code),
            Cell::Value(d.condition.clone()),
            Cell::Text(&d.restrictions),
            Cell::Value(d.provisioning.join("; ")),
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
            district_id: None,
            translations: Default::default(),
            shown_name: None,
            shown_district: None,
        }
    }

    #[test]
    fn features_have_the_shape_the_map_script_reads() {
        let p = properties(
            "https://city.example/",
            7,
            "Giardino",
            Category::GreenArea,
            Status::Recognised,
            Some("navile"),
            "Green area",
            "Recognised",
        );
        let f = serde_json::to_value(point(7, 11.330_100_4, 44.495_099_6, p)).unwrap();
        assert_eq!(
            f,
            json!({
                "type": "Feature",
                "id": 7,
                "geometry": {"type": "Point", "coordinates": [11.3301, 44.4951]},
                "properties": {
                    "id": 7, "name": "Giardino", "category": "green_area",
                    "status": "recognised", "district": "navile", "url": "https://city.example/commons/7",
                    "category_label": "Green area", "status_label": "Recognised",
                },
            })
        );
        let square = r#"{"type":"Polygon","coordinates":[[[11.3,44.4],[11.4,44.4],[11.4,44.5],[11.3,44.4]]]}"#;
        let s = serde_json::to_value(site(7, square).unwrap()).unwrap();
        assert_eq!(
            s,
            json!({
                "type": "Feature",
                "geometry": serde_json::from_str::<Value>(square).unwrap(),
                "properties": {"id": 7, "role": "site"},
            })
        );
        assert!(site(7, "not geojson").is_none());
        let empty = to_json(Vec::new(), None);
        assert_eq!(
            serde_json::from_str::<Value>(&empty).unwrap(),
            json!({"type": "FeatureCollection", "features": []})
        );
    }

    #[test]
    fn csv_has_bom_quotes_and_defuses_formulas() {
        let details = HashMap::from([(
            7,
            ExportDetails {
                address: "Via Roma 1".into(),
                owner: "municipality".into(),
                description: "-trees".into(),
                why: "Shade".into(),
                recognised_at: chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
                    .and_then(|d| d.and_hms_opt(10, 0, 0)),
                stewards: vec!["Amici".into(), "Ada".into()],
                asset_code: "Fg. 12 mapp. 3".into(),
                condition: "fair".into(),
                restrictions: String::new(),
                provisioning: vec!["care".into(), "food".into()],
            },
        )]);
        let out = csv(
            Table::new(&csv_header()).unwrap(),
            "https://city.example/",
            &[item("Giardino \"Già\", sud"), item("=HYPERLINK(1)")],
            &details,
            &HashMap::from([(7, 2)]),
        )
        .unwrap();
        assert!(out.starts_with("\u{FEFF}id,name,"));
        let lines: Vec<&str> = out.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(
            lines[1],
            "7,\"Giardino \"\"Già\"\", sud\",green_area,recognised,tangible,centro-storico,44.494912,11.342600,https://city.example/commons/7,Via Roma 1,municipality,'-trees,Shade,Amici; Ada,2026-03-01,2,Fg. 12 mapp. 3,fair,,care; food"
        );
        assert!(lines[2].starts_with("7,'=HYPERLINK(1),"));
        assert_eq!(lines.len(), 4);
    }
}
