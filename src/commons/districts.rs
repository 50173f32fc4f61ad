//! Districts (Bologna *quartieri*, Ghent *wijken*): polygons from GeoJSON, and the
//! point-in-polygon rule that places a commons or pact in one.

use diesel::prelude::*;
use geo::{BoundingRect, Contains, Geometry, MultiPolygon, Point};

use crate::db::AnyConnection;
use crate::db::schema::districts;
use crate::error::AppError;

/// A district's outline, validated: a (multi)polygon with WGS84 coordinates.
#[derive(Debug, Clone)]
pub struct DistrictShape {
    pub shape: MultiPolygon<f64>,
}

impl DistrictShape {
    /// Parses a GeoJSON geometry (Polygon or MultiPolygon).
    pub fn from_geojson(text: &str) -> Result<DistrictShape, String> {
        let geom: geojson::Geometry = text
            .parse()
            .map_err(|e| format!("not GeoJSON geometry: {e}"))?;
        let polygons: Vec<&geojson::PolygonType> = match &geom.value {
            geojson::GeometryValue::Polygon { coordinates } => vec![coordinates],
            geojson::GeometryValue::MultiPolygon { coordinates } => coordinates.iter().collect(),
            _ => return Err("a district must be a Polygon or MultiPolygon".into()),
        };
        if polygons.is_empty() {
            return Err("the geometry is empty".into());
        }
        for rings in polygons {
            if rings.is_empty() {
                return Err("a polygon needs an outer ring".into());
            }
            for ring in rings {
                if ring.len() < 4 {
                    return Err("a ring needs at least four positions".into());
                }
                if ring.first() != ring.last() {
                    return Err("a ring must be closed (last position equal to the first)".into());
                }
                for pos in ring {
                    let (Some(lon), Some(lat)) = (pos.as_slice().first(), pos.as_slice().get(1))
                    else {
                        return Err("a position needs longitude and latitude".into());
                    };
                    if !(-180.0..=180.0).contains(lon) || !(-90.0..=90.0).contains(lat) {
                        return Err(
                            "coordinates must be longitude -180..180 and latitude -90..90".into(),
                        );
                    }
                }
            }
        }
        let shape = match Geometry::<f64>::try_from(geom)
            .map_err(|e| format!("unsupported geometry: {e}"))?
        {
            Geometry::Polygon(p) => MultiPolygon(vec![p]),
            Geometry::MultiPolygon(m) => m,
            _ => return Err("a district must be a Polygon or MultiPolygon".into()),
        };
        Ok(DistrictShape { shape })
    }

    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        self.shape.contains(&Point::new(lon, lat))
    }

    pub fn to_geojson(&self) -> String {
        geojson::Geometry::from(&self.shape).to_string()
    }
}

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
