//! Districts (Bologna *quartieri*, Ghent *wijken*), in levels (a district may have a
//! parent: *circoscrizione* > *quartiere* > *zona*): polygons from GeoJSON, the import
//! with its checks, the tree of levels, and the point-in-polygon rule that places a
//! commons or pact in the deepest district containing it.

use std::collections::HashMap;

use diesel::prelude::*;
use geo::BoundingRect;

use crate::db::AnyConnection;
use crate::db::schema::districts;
use crate::error::AppError;
use crate::kit::translations::Subject;

use super::model::levels::{ImportLink, check_import_links, depths};
pub use super::model::shape::{DistrictShape, MAX_POSITIONS, ShapeError};

pub use super::model::levels::{District, DistrictTree};

/// Adds a top-level district.
pub fn insert(
    conn: &mut AnyConnection,
    slug: &str,
    name: &str,
    shape: &DistrictShape,
) -> Result<i64, AppError> {
    insert_under(conn, slug, name, shape, None, "")
}

/// Adds a district below `parent` (which the caller knows exists), at the level
/// `level_name`; its depth is its parent's plus one.
pub fn insert_under(
    conn: &mut AnyConnection,
    slug: &str,
    name: &str,
    shape: &DistrictShape,
    parent: Option<i64>,
    level_name: &str,
) -> Result<i64, AppError> {
    let bbox = shape
        .shape
        .bounding_rect()
        .ok_or(AppError::Invalid("district-empty"))?;
    let depth = match parent {
        Some(p) => {
            districts::table
                .find(p)
                .select(districts::depth)
                .first::<i64>(conn)?
                + 1
        }
        None => 0,
    };
    Ok(diesel::insert_into(districts::table)
        .values((
            districts::slug.eq(slug),
            districts::name.eq(name),
            districts::geometry.eq(shape.to_geojson()),
            districts::min_lon.eq(bbox.min().x),
            districts::min_lat.eq(bbox.min().y),
            districts::max_lon.eq(bbox.max().x),
            districts::max_lat.eq(bbox.max().y),
            districts::parent_id.eq(parent),
            districts::depth.eq(depth),
            districts::level_name.eq(level_name),
        ))
        .returning(districts::id)
        .get_result(conn)?)
}

type Row = (i64, String, String, Option<i64>, i64, String);

macro_rules! district_columns {
    () => {
        (
            districts::id,
            districts::slug,
            districts::name,
            districts::parent_id,
            districts::depth,
            districts::level_name,
        )
    };
}
pub(crate) use district_columns;

pub(crate) fn to_district((id, slug, name, parent_id, depth, level_name): Row) -> District {
    District {
        id,
        slug,
        name,
        parent_id,
        depth,
        level_name,
    }
}

/// Every district, by name (one query).
pub fn list(conn: &mut AnyConnection) -> Result<Vec<District>, AppError> {
    let rows: Vec<Row> = districts::table
        .order((districts::name.asc(), districts::id.asc()))
        .select(district_columns!())
        .load(conn)?;
    Ok(rows.into_iter().map(to_district).collect())
}

/// Every district, each named in the reader's language `reader` when it has a name in
/// it (two queries: the districts, their translations), for lists and filters.
pub fn list_in(
    conn: &mut AnyConnection,
    reader: &'static str,
    default: &'static str,
) -> Result<Vec<District>, AppError> {
    let mut all = list(conn)?;
    let ids: Vec<i64> = all.iter().map(|d| d.id).collect();
    let texts = crate::db::translations::load(conn, &[(Subject::District, &ids)])?;
    for d in &mut all {
        if let Some(t) = texts.get(Subject::District, d.id) {
            let shown = crate::web::translations::shown(
                reader,
                default,
                crate::kit::translations::Original::title_only(&d.name),
                Some(t),
            );
            d.name = shown.title.text;
        }
    }
    Ok(all)
}

/// Every district with the links between levels (one query): for chains of
/// ancestors, descendants and roll-ups by level without a query per row.
pub fn tree(conn: &mut AnyConnection) -> Result<DistrictTree, AppError> {
    Ok(DistrictTree::new(list(conn)?))
}

/// The ids of the district named by `slug` and of every district below it (what a
/// filter by that district covers), in one query; empty for an unknown slug.
pub fn ids_under(conn: &mut AnyConnection, slug: &str) -> Result<Vec<i64>, AppError> {
    let tree = tree(conn)?;
    Ok(tree
        .by_slug(slug)
        .map(|d| tree.descendants(d.id))
        .unwrap_or_default())
}

/// How an import file names its districts and their parents.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The feature property holding the district's name.
    pub name_property: String,
    /// The feature property naming each district's parent by name ("" or absent: none).
    pub parent_property: Option<String>,
    /// The parent of every district of the file (by name), instead of a property.
    pub parent: Option<String>,
    /// The level's name ("quartiere", "zona", "wijk"), for every district of the file.
    pub level_name: String,
}

impl ImportOptions {
    /// Top-level districts named by `name_property`, of no named level.
    pub fn named(name_property: &str) -> ImportOptions {
        ImportOptions {
            name_property: name_property.to_string(),
            parent_property: None,
            parent: None,
            level_name: String::new(),
        }
    }
}

/// A district read from an import file.
#[derive(Debug, Clone)]
pub struct ImportedDistrict {
    pub name: String,
    pub slug: String,
    pub shape: DistrictShape,
    /// The parent's slug, when the file names one.
    pub parent: Option<String>,
    pub level_name: String,
}

/// Reads a GeoJSON FeatureCollection (or one Feature) of districts, taking each name
/// from the property `name_property`. Every problem is reported with its feature number
/// (1-based, in file order); any problem refuses the whole file. Parents are checked
/// against the file itself by [`check_parents`] once the stored districts are known.
pub fn parse_import(
    text: &str,
    opts: &ImportOptions,
) -> Result<Vec<ImportedDistrict>, Vec<String>> {
    let name_property = opts.name_property.as_str();
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e| vec![format!("the file is not GeoJSON: {e}")])?;
    let features = match gj {
        geojson::GeoJson::FeatureCollection(fc) => fc.features,
        geojson::GeoJson::Feature(f) => vec![f],
        geojson::GeoJson::Geometry(_) => {
            return Err(vec![
                "the file is a bare geometry: districts need a Feature with a name".into(),
            ]);
        }
    };
    if features.is_empty() {
        return Err(vec!["the file has no features".into()]);
    }
    let level_name = opts.level_name.trim().chars().take(60).collect::<String>();
    let mut errors = Vec::new();
    let mut out: Vec<ImportedDistrict> = Vec::new();
    for (i, f) in features.into_iter().enumerate() {
        let n = i + 1;
        let property = |key: &str| {
            f.properties
                .as_ref()
                .and_then(|p| p.get(key))
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let name = property(name_property);
        let Some(name) = name else {
            errors.push(format!(
                "feature {n}: no \"{name_property}\" property with the district's name"
            ));
            continue;
        };
        if name.chars().count() > 120 {
            errors.push(format!(
                "feature {n} ({name}): the name is longer than 120 characters"
            ));
            continue;
        }
        let slug = crate::kit::text::slugify(&name);
        if slug.is_empty() {
            errors.push(format!(
                "feature {n} ({name}): the name has no letters or digits"
            ));
            continue;
        }
        if out.iter().any(|d| d.slug == slug) {
            errors.push(format!(
                "feature {n} ({name}): another feature has the same name"
            ));
            continue;
        }
        let parent_name = opts
            .parent_property
            .as_deref()
            .and_then(property)
            .or_else(|| opts.parent.clone().filter(|p| !p.trim().is_empty()));
        let parent = match parent_name {
            Some(p) => {
                let s = crate::kit::text::slugify(&p);
                if s.is_empty() {
                    errors.push(format!(
                        "feature {n} ({name}): the parent's name \"{p}\" has no letters or digits"
                    ));
                    continue;
                }
                Some(s)
            }
            None => None,
        };
        let Some(geometry) = f.geometry else {
            errors.push(format!("feature {n} ({name}): no geometry"));
            continue;
        };
        match DistrictShape::from_geometry(geometry) {
            Ok(shape) => out.push(ImportedDistrict {
                name,
                slug,
                shape,
                parent,
                level_name: level_name.clone(),
            }),
            Err(e) => errors.push(format!("feature {n} ({name}): {e}")),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Checks the parents of parsed districts against the file and the stored districts:
/// each must exist, and no chain of parents may come back on itself. Messages name
/// the feature by number.
pub fn check_parents(items: &[ImportedDistrict], stored: &DistrictTree) -> Result<(), Vec<String>> {
    let known: Vec<(String, Option<String>)> = stored
        .all()
        .iter()
        .map(|d| {
            (
                d.slug.clone(),
                d.parent_id
                    .and_then(|p| stored.get(p))
                    .map(|p| p.slug.clone()),
            )
        })
        .collect();
    let links: Vec<ImportLink<'_>> = items
        .iter()
        .enumerate()
        .map(|(i, d)| ImportLink {
            feature: i + 1,
            name: &d.name,
            slug: &d.slug,
            parent: d.parent.as_deref(),
        })
        .collect();
    check_import_links(&links, &known)
}

/// Why an import was not saved.
#[derive(Debug)]
pub enum ImportError {
    /// The file's problems, each naming its feature; nothing was saved.
    Refused(Vec<String>),
    App(AppError),
}

impl From<AppError> for ImportError {
    fn from(e: AppError) -> ImportError {
        ImportError::App(e)
    }
}

impl From<diesel::result::Error> for ImportError {
    fn from(e: diesel::result::Error) -> ImportError {
        ImportError::App(e.into())
    }
}

/// Saves imported districts in one transaction: new names are added, known ones get
/// the new outline, parent and level; then every district's depth is recomputed.
/// The parents are checked inside the transaction, against what is stored then.
/// Returns (added, updated).
pub fn save_import(
    conn: &mut AnyConnection,
    items: &[ImportedDistrict],
) -> Result<(usize, usize), ImportError> {
    crate::db::write_transaction(conn, |conn| {
        let stored = tree(conn)?;
        check_parents(items, &stored).map_err(ImportError::Refused)?;
        let (mut added, mut updated) = (0, 0);
        for d in items {
            let bbox = d
                .shape
                .shape
                .bounding_rect()
                .ok_or(AppError::Invalid("district-empty"))?;
            let n = diesel::update(districts::table.filter(districts::slug.eq(&d.slug)))
                .set((
                    districts::name.eq(&d.name),
                    districts::geometry.eq(d.shape.to_geojson()),
                    districts::min_lon.eq(bbox.min().x),
                    districts::min_lat.eq(bbox.min().y),
                    districts::max_lon.eq(bbox.max().x),
                    districts::max_lat.eq(bbox.max().y),
                    districts::level_name.eq(&d.level_name),
                ))
                .execute(conn)?;
            if n == 0 {
                insert_under(conn, &d.slug, &d.name, &d.shape, None, &d.level_name)?;
                added += 1;
            } else {
                updated += 1;
            }
        }
        // Parents by slug, now that every district of the file has a row.
        let ids: HashMap<String, i64> = districts::table
            .select((districts::slug, districts::id))
            .load::<(String, i64)>(conn)?
            .into_iter()
            .collect();
        for d in items {
            let parent = d.parent.as_ref().and_then(|p| ids.get(p)).copied();
            diesel::update(districts::table.filter(districts::slug.eq(&d.slug)))
                .set(districts::parent_id.eq(parent))
                .execute(conn)?;
        }
        renumber_depths(conn)?;
        Ok((added, updated))
    })
}

/// Recomputes every district's depth from the parent links (after an import moved a
/// district, its descendants move too).
fn renumber_depths(conn: &mut AnyConnection) -> Result<(), AppError> {
    let rows: Vec<(i64, Option<i64>, i64)> = districts::table
        .select((districts::id, districts::parent_id, districts::depth))
        .load(conn)?;
    let links: Vec<(i64, Option<i64>)> = rows.iter().map(|r| (r.0, r.1)).collect();
    let depth = depths(&links);
    for (id, _, old) in rows {
        let new = depth.get(&id).copied().unwrap_or(0);
        if new != old {
            diesel::update(districts::table.find(id))
                .set(districts::depth.eq(new))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The box around every district (min lon, min lat, max lon, max lat), to centre maps.
pub fn extent(conn: &mut AnyConnection) -> Result<Option<[f64; 4]>, AppError> {
    use diesel::dsl::{max, min};
    let (a, b, c, d): (Option<f64>, Option<f64>, Option<f64>, Option<f64>) = districts::table
        .select((
            min(districts::min_lon),
            min(districts::min_lat),
            max(districts::max_lon),
            max(districts::max_lat),
        ))
        .first(conn)?;
    Ok(match (a, b, c, d) {
        (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
        _ => None,
    })
}

/// The deepest district containing a point (a *zona* rather than its *quartiere*): a
/// bounding-box query, then exact point-in-polygon.
pub fn locate(conn: &mut AnyConnection, lon: f64, lat: f64) -> Result<Option<District>, AppError> {
    let candidates: Vec<(Row, String)> = districts::table
        .filter(districts::min_lon.le(lon))
        .filter(districts::max_lon.ge(lon))
        .filter(districts::min_lat.le(lat))
        .filter(districts::max_lat.ge(lat))
        .order((districts::depth.desc(), districts::id.asc()))
        .select((district_columns!(), districts::geometry))
        .load(conn)?;
    for (row, geometry) in candidates {
        match DistrictShape::from_geojson(&geometry) {
            Ok(shape) if shape.contains(lon, lat) => return Ok(Some(to_district(row))),
            Ok(_) => {}
            Err(e) => tracing::warn!(district = row.0, "stored geometry unreadable: {e}"),
        }
    }
    Ok(None)
}

/// Every district's outline in memory, to place many points at once (an address
/// import) without a query per point.
pub struct Locator {
    /// Deepest first, then by id: the first containing district is the answer.
    shapes: Vec<(i64, [f64; 4], DistrictShape)>,
}

impl Locator {
    pub fn load(conn: &mut AnyConnection) -> Result<Locator, AppError> {
        let rows: Vec<(i64, f64, f64, f64, f64, String)> = districts::table
            .order((districts::depth.desc(), districts::id.asc()))
            .select((
                districts::id,
                districts::min_lon,
                districts::min_lat,
                districts::max_lon,
                districts::max_lat,
                districts::geometry,
            ))
            .load(conn)?;
        let shapes = rows
            .into_iter()
            .filter_map(
                |(id, a, b, c, d, g)| match DistrictShape::from_geojson(&g) {
                    Ok(s) => Some((id, [a, b, c, d], s)),
                    Err(e) => {
                        tracing::warn!(district = id, "stored geometry unreadable: {e}");
                        None
                    }
                },
            )
            .collect();
        Ok(Locator { shapes })
    }

    /// The deepest district containing the point.
    pub fn locate(&self, lon: f64, lat: f64) -> Option<i64> {
        self.shapes
            .iter()
            .find(|(_, [a, b, c, d], s)| {
                *a <= lon && lon <= *c && *b <= lat && lat <= *d && s.contains(lon, lat)
            })
            .map(|(id, _, _)| *id)
    }
}

/// The most districts `/districts.geojson` serves (cities have a few hundred).
pub const MAX_OUTLINES: i64 = 2_000;

/// Every district's outline with its level and parent, as a GeoJSON FeatureCollection
/// (one query).
pub fn outlines(conn: &mut AnyConnection) -> Result<serde_json::Value, AppError> {
    let rows: Vec<(Row, String)> = districts::table
        .order((districts::depth.asc(), districts::name.asc()))
        .limit(MAX_OUTLINES)
        .select((district_columns!(), districts::geometry))
        .load(conn)?;
    let slugs: HashMap<i64, String> = rows.iter().map(|(r, _)| (r.0, r.1.clone())).collect();
    let features: Vec<serde_json::Value> = rows
        .into_iter()
        .filter_map(|(r, geometry)| {
            let geometry: serde_json::Value = serde_json::from_str(&geometry).ok()?;
            let d = to_district(r);
            Some(serde_json::json!({
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "slug": d.slug,
                    "name": d.name,
                    "depth": d.depth,
                    "level": d.level_name,
                    "parent": d.parent_id.and_then(|p| slugs.get(&p)),
                },
            }))
        })
        .collect();
    Ok(serde_json::json!({ "type": "FeatureCollection", "features": features }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[11.0,44.0],[11.1,44.0],[11.1,44.1],[11.0,44.1],[11.0,44.0]]]}"#;

    #[test]
    fn point_in_polygon() {
        let s = DistrictShape::from_geojson(SQUARE).unwrap();
        assert!(s.contains(11.05, 44.05));
        assert!(!s.contains(11.2, 44.05));
    }

    #[test]
    fn imports_name_every_bad_feature_by_number() {
        let ok = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"nome":"Navile"}},"geometry":{SQUARE}}}]}}"#
        );
        let items = parse_import(&ok, &ImportOptions::named("nome")).unwrap();
        assert_eq!(
            (items[0].name.as_str(), items[0].slug.as_str()),
            ("Navile", "navile")
        );
        assert!(
            parse_import(&ok, &ImportOptions::named("name")).unwrap_err()[0]
                .starts_with("feature 1: no \"name\"")
        );
        let bad = format!(
            r#"{{"type":"FeatureCollection","features":[
                {{"type":"Feature","properties":{{"name":"A"}},"geometry":{SQUARE}}},
                {{"type":"Feature","properties":{{"name":"B"}},"geometry":{{"type":"Polygon","coordinates":[[[11,44],[12,44],[12,45],[11,46]]]}}}},
                {{"type":"Feature","properties":{{"name":"C"}},"geometry":{{"type":"Point","coordinates":[11,44]}}}},
                {{"type":"Feature","properties":{{"name":"a"}},"geometry":{SQUARE}}}
            ]}}"#
        );
        let errors = parse_import(&bad, &ImportOptions::named("name")).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("feature 2 (B): a ring must be closed"));
        assert!(errors[1].starts_with("feature 3 (C)"));
        assert!(errors[2].contains("same name"));
        assert!(parse_import("{}", &ImportOptions::named("name")).is_err());
        assert!(parse_import(SQUARE, &ImportOptions::named("name")).is_err());
    }

    #[test]
    fn invalid_geometry_is_refused() {
        assert!(DistrictShape::from_geojson(r#"{"type":"Point","coordinates":[11,44]}"#).is_err());
        assert!(
            DistrictShape::from_geojson(
                r#"{"type":"Polygon","coordinates":[[[11,44],[12,44],[12,45]]]}"#
            )
            .is_err()
        );
        assert!(
            DistrictShape::from_geojson(
                r#"{"type":"Polygon","coordinates":[[[11,44],[200,44],[12,45],[11,44]]]}"#
            )
            .is_err()
        );
        assert!(DistrictShape::from_geojson("nonsense").is_err());
    }
}
