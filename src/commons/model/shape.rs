//! A district's or a site's outline read from GeoJSON and validated: a Polygon or
//! MultiPolygon with closed rings and WGS84 coordinates, of bounded size, and the
//! point-in-polygon rule that places a commons or a pact in a district. Pure: the
//! `geojson` and `geo` types only.

use geo::{Contains, Geometry, MultiPolygon, Point};

/// The most positions one district's outline may have.
pub const MAX_POSITIONS: usize = 100_000;

/// A district's outline, validated: a (multi)polygon with WGS84 coordinates.
#[derive(Debug, Clone)]
pub struct DistrictShape {
    pub shape: MultiPolygon<f64>,
}

/// Why a geometry was refused: a message for the command line (`Display`) and a
/// translation key for forms (`key`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShapeError {
    NotGeoJson(String),
    NotPolygon,
    Empty,
    NoOuterRing,
    RingTooShort,
    RingOpen,
    MissingCoordinate,
    OutsideWorld,
    TooManyPositions(usize, usize),
}

impl std::fmt::Display for ShapeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShapeError::NotGeoJson(e) => write!(f, "not GeoJSON geometry: {e}"),
            ShapeError::NotPolygon => f.write_str("the geometry must be a Polygon or MultiPolygon"),
            ShapeError::Empty => f.write_str("the geometry is empty"),
            ShapeError::NoOuterRing => f.write_str("a polygon needs an outer ring"),
            ShapeError::RingTooShort => f.write_str("a ring needs at least four positions"),
            ShapeError::RingOpen => {
                f.write_str("a ring must be closed (last position equal to the first)")
            }
            ShapeError::MissingCoordinate => f.write_str("a position needs longitude and latitude"),
            ShapeError::OutsideWorld => {
                f.write_str("coordinates must be longitude -180..180 and latitude -90..90")
            }
            ShapeError::TooManyPositions(n, max) => {
                write!(f, "the geometry has {n} positions, more than {max}")
            }
        }
    }
}

impl ShapeError {
    /// The translation key of the message shown next to a form field.
    pub fn key(&self) -> &'static str {
        match self {
            ShapeError::NotGeoJson(_) => "field-site-not-geojson",
            ShapeError::NotPolygon | ShapeError::Empty | ShapeError::NoOuterRing => {
                "field-site-not-polygon"
            }
            ShapeError::RingTooShort | ShapeError::RingOpen => "field-site-ring",
            ShapeError::MissingCoordinate | ShapeError::OutsideWorld => "field-site-coordinates",
            ShapeError::TooManyPositions(..) => "field-site-too-large",
        }
    }
}

impl DistrictShape {
    /// Parses a GeoJSON geometry (Polygon or MultiPolygon) of at most [`MAX_POSITIONS`].
    pub fn from_geojson(text: &str) -> Result<DistrictShape, ShapeError> {
        DistrictShape::parse_limited(text, MAX_POSITIONS)
    }

    /// Parses a GeoJSON geometry (or a Feature wrapping one) of at most `max` positions.
    pub fn parse_limited(text: &str, max: usize) -> Result<DistrictShape, ShapeError> {
        let gj: geojson::GeoJson = text
            .parse()
            .map_err(|e: geojson::Error| ShapeError::NotGeoJson(e.to_string()))?;
        let geom = match gj {
            geojson::GeoJson::Geometry(g) => g,
            geojson::GeoJson::Feature(f) => f.geometry.ok_or(ShapeError::Empty)?,
            geojson::GeoJson::FeatureCollection(_) => return Err(ShapeError::NotPolygon),
        };
        DistrictShape::validate(geom, max)
    }

    /// Validates a parsed GeoJSON geometry: a Polygon or MultiPolygon with closed rings
    /// of at least four positions, WGS84 coordinates, at most [`MAX_POSITIONS`].
    pub fn from_geometry(geom: geojson::Geometry) -> Result<DistrictShape, ShapeError> {
        DistrictShape::validate(geom, MAX_POSITIONS)
    }

    fn validate(geom: geojson::Geometry, max: usize) -> Result<DistrictShape, ShapeError> {
        let polygons: Vec<&geojson::PolygonType> = match &geom.value {
            geojson::GeometryValue::Polygon { coordinates } => vec![coordinates],
            geojson::GeometryValue::MultiPolygon { coordinates } => coordinates.iter().collect(),
            _ => return Err(ShapeError::NotPolygon),
        };
        if polygons.is_empty() {
            return Err(ShapeError::Empty);
        }
        let positions: usize = polygons
            .iter()
            .flat_map(|rings| rings.iter())
            .map(Vec::len)
            .sum();
        if positions > max {
            return Err(ShapeError::TooManyPositions(positions, max));
        }
        for rings in polygons {
            if rings.is_empty() {
                return Err(ShapeError::NoOuterRing);
            }
            for ring in rings {
                if ring.len() < 4 {
                    return Err(ShapeError::RingTooShort);
                }
                if ring.first() != ring.last() {
                    return Err(ShapeError::RingOpen);
                }
                for pos in ring {
                    let (Some(lon), Some(lat)) = (pos.as_slice().first(), pos.as_slice().get(1))
                    else {
                        return Err(ShapeError::MissingCoordinate);
                    };
                    if !(-180.0..=180.0).contains(lon) || !(-90.0..=90.0).contains(lat) {
                        return Err(ShapeError::OutsideWorld);
                    }
                }
            }
        }
        let shape = match Geometry::<f64>::try_from(geom)
            .map_err(|e| ShapeError::NotGeoJson(e.to_string()))?
        {
            Geometry::Polygon(p) => MultiPolygon(vec![p]),
            Geometry::MultiPolygon(m) => m,
            _ => return Err(ShapeError::NotPolygon),
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
