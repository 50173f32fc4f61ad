//! Districts (Bologna *quartieri*, Ghent *wijken*): polygons from GeoJSON, and the
//! point-in-polygon rule that places a commons or pact in one.

use diesel::prelude::*;
use geo::BoundingRect;

use crate::db::AnyConnection;
use crate::db::schema::districts;
use crate::error::AppError;

pub use super::model::shape::{DistrictShape, MAX_POSITIONS, ShapeError};

#[derive(Debug, Clone)]
pub struct District {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

pub fn insert(
    conn: &mut AnyConnection,
    slug: &str,
    name: &str,
    shape: &DistrictShape,
) -> Result<i64, AppError> {
    let bbox = shape
        .shape
        .bounding_rect()
        .ok_or(AppError::Invalid("district-empty"))?;
    Ok(diesel::insert_into(districts::table)
        .values((
            districts::slug.eq(slug),
            districts::name.eq(name),
            districts::geometry.eq(shape.to_geojson()),
            districts::min_lon.eq(bbox.min().x),
            districts::min_lat.eq(bbox.min().y),
            districts::max_lon.eq(bbox.max().x),
            districts::max_lat.eq(bbox.max().y),
        ))
        .returning(districts::id)
        .get_result(conn)?)
}

pub fn list(conn: &mut AnyConnection) -> Result<Vec<District>, AppError> {
    let rows: Vec<(i64, String, String)> = districts::table
        .order(districts::name.asc())
        .select((districts::id, districts::slug, districts::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, name)| District { id, slug, name })
        .collect())
}

/// A district read from an import file.
#[derive(Debug, Clone)]
pub struct ImportedDistrict {
    pub name: String,
    pub slug: String,
    pub shape: DistrictShape,
}

/// Reads a GeoJSON FeatureCollection (or one Feature) of districts, taking each name
/// from the property `name_property`. Every problem is reported with its feature number
/// (1-based, in file order); any problem refuses the whole file.
pub fn parse_import(text: &str, name_property: &str) -> Result<Vec<ImportedDistrict>, Vec<String>> {
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
    let mut errors = Vec::new();
    let mut out: Vec<ImportedDistrict> = Vec::new();
    for (i, f) in features.into_iter().enumerate() {
        let n = i + 1;
        let name = f
            .properties
            .as_ref()
            .and_then(|p| p.get(name_property))
            .and_then(|v| v.as_str())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string);
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
        let Some(geometry) = f.geometry else {
            errors.push(format!("feature {n} ({name}): no geometry"));
            continue;
        };
        match DistrictShape::from_geometry(geometry) {
            Ok(shape) => out.push(ImportedDistrict { name, slug, shape }),
            Err(e) => errors.push(format!("feature {n} ({name}): {e}")),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Saves imported districts in one transaction: new names are added, known ones get
/// the new outline. Returns (added, updated).
pub fn save_import(
    conn: &mut AnyConnection,
    items: &[ImportedDistrict],
) -> Result<(usize, usize), AppError> {
    conn.transaction(|conn| {
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
                ))
                .execute(conn)?;
            if n == 0 {
                insert(conn, &d.slug, &d.name, &d.shape)?;
                added += 1;
            } else {
                updated += 1;
            }
        }
        Ok((added, updated))
    })
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

/// The district containing a point: a bounding-box query, then exact point-in-polygon.
pub fn locate(conn: &mut AnyConnection, lon: f64, lat: f64) -> Result<Option<District>, AppError> {
    let candidates: Vec<(i64, String, String, String)> = districts::table
        .filter(districts::min_lon.le(lon))
        .filter(districts::max_lon.ge(lon))
        .filter(districts::min_lat.le(lat))
        .filter(districts::max_lat.ge(lat))
        .order(districts::id.asc())
        .select((
            districts::id,
            districts::slug,
            districts::name,
            districts::geometry,
        ))
        .load(conn)?;
    for (id, slug, name, geometry) in candidates {
        match DistrictShape::from_geojson(&geometry) {
            Ok(shape) if shape.contains(lon, lat) => return Ok(Some(District { id, slug, name })),
            Ok(_) => {}
            Err(e) => tracing::warn!(district = id, "stored geometry unreadable: {e}"),
        }
    }
    Ok(None)
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
        let items = parse_import(&ok, "nome").unwrap();
        assert_eq!(
            (items[0].name.as_str(), items[0].slug.as_str()),
            ("Navile", "navile")
        );
        assert!(parse_import(&ok, "name").unwrap_err()[0].starts_with("feature 1: no \"name\""));
        let bad = format!(
            r#"{{"type":"FeatureCollection","features":[
                {{"type":"Feature","properties":{{"name":"A"}},"geometry":{SQUARE}}},
                {{"type":"Feature","properties":{{"name":"B"}},"geometry":{{"type":"Polygon","coordinates":[[[11,44],[12,44],[12,45],[11,46]]]}}}},
                {{"type":"Feature","properties":{{"name":"C"}},"geometry":{{"type":"Point","coordinates":[11,44]}}}},
                {{"type":"Feature","properties":{{"name":"a"}},"geometry":{SQUARE}}}
            ]}}"#
        );
        let errors = parse_import(&bad, "name").unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("feature 2 (B): a ring must be closed"));
        assert!(errors[1].starts_with("feature 3 (C)"));
        assert!(errors[2].contains("same name"));
        assert!(parse_import("{}", "name").is_err());
        assert!(parse_import(SQUARE, "name").is_err());
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
