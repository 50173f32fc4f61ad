//! The part of the map a reader looks at: a bounding box and a zoom level, and the grid
//! its commons are counted in when there are too many to draw one by one.
//!
//! The grid's cells are a quarter of a web-map tile wide (about 64 pixels at any zoom),
//! so clusters keep their size on screen. A view may hold at most [`MAX_CELLS`] cells:
//! whatever the city's size, a view's answer is bounded, and a box far larger than its
//! zoom level shows (a whole continent at street level) is refused before any work.

/// Cells per tile width (256 px tiles: cells of 64 px).
pub const CELLS_PER_TILE: f64 = 4.0;

/// The most grid cells one view may span (64 × 64: a 4096-pixel-wide screen).
pub const MAX_CELLS: u64 = 4096;

/// At most this many commons in view are sent one by one; more are clustered.
pub const MAX_POINTS: i64 = 300;

/// The deepest zoom level a view may name.
pub const MAX_ZOOM: u8 = 20;

/// A bounding box (degrees, west < east, south < north) at a zoom level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapView {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
    pub zoom: u8,
}

/// Why a view is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapViewError {
    /// Not `west,south,east,north` numbers, or not a zoom level from 0 to [`MAX_ZOOM`].
    Malformed,
    /// Outside the globe, or an empty or inverted box.
    OutOfRange,
    /// More than [`MAX_CELLS`] grid cells at that zoom.
    TooLarge,
}

impl MapView {
    /// Reads `bbox=west,south,east,north` and `zoom=N` as a map library sends them.
    pub fn parse(bbox: &str, zoom: &str) -> Result<MapView, MapViewError> {
        if bbox.len() > 200 {
            return Err(MapViewError::Malformed);
        }
        let numbers: Vec<f64> = bbox
            .split(',')
            .map(|n| n.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| MapViewError::Malformed)?;
        let [west, south, east, north] = numbers[..] else {
            return Err(MapViewError::Malformed);
        };
        let zoom = zoom
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|z| *z <= MAX_ZOOM)
            .ok_or(MapViewError::Malformed)?;
        if ![west, south, east, north].iter().all(|v| v.is_finite()) {
            return Err(MapViewError::Malformed);
        }
        let inside = |v: f64, limit: f64| (-limit..=limit).contains(&v);
        if !(inside(west, 180.0)
            && inside(east, 180.0)
            && inside(south, 90.0)
            && inside(north, 90.0))
            || west >= east
            || south >= north
        {
            return Err(MapViewError::OutOfRange);
        }
        let view = MapView {
            west,
            south,
            east,
            north,
            zoom,
        };
        if view.cells() > MAX_CELLS {
            return Err(MapViewError::TooLarge);
        }
        Ok(view)
    }

    /// The side of a grid cell, in degrees.
    pub fn cell_degrees(&self) -> f64 {
        360.0 / 2f64.powi(i32::from(self.zoom)) / CELLS_PER_TILE
    }

    /// How many grid cells the box spans (columns × rows).
    pub fn cells(&self) -> u64 {
        let cell = self.cell_degrees();
        let across = ((self.east - self.west) / cell).ceil().max(1.0);
        let down = ((self.north - self.south) / cell).ceil().max(1.0);
        // Both are at most 2^20 × 4 × 360: the product fits a u64 exactly enough.
        (across * down).min(u64::MAX as f64) as u64
    }

    /// The cell `(column, row)` of a point inside the box (the corner cell for a point
    /// on its east or north edge).
    pub fn cell_of(&self, lat: f64, lng: f64) -> (i64, i64) {
        let cell = self.cell_degrees();
        (
            ((lng - self.west) / cell).floor() as i64,
            ((lat - self.south) / cell).floor() as i64,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_view_parses_and_spans_a_bounded_grid() {
        // Bologna at zoom 12: cells of 360/4096/4 ≈ 0.022°.
        let v = MapView::parse("11.22,44.42,11.45,44.56", "12").unwrap();
        assert_eq!(v.zoom, 12);
        assert!((v.cell_degrees() - 0.021_972_656_25).abs() < 1e-12);
        assert_eq!(v.cells(), 11 * 7);
        assert_eq!(v.cell_of(44.42, 11.22), (0, 0));
        assert_eq!(v.cell_of(44.43, 11.25), (1, 0));
        // Spaces as some clients send them are fine.
        assert!(MapView::parse(" 11.22, 44.42 ,11.45,44.56", " 12 ").is_ok());
    }

    #[test]
    fn malformed_out_of_range_and_too_large_views_are_refused() {
        use MapViewError::*;
        for (bbox, zoom, why) in [
            ("11.2,44.4,11.4", "12", Malformed),
            ("11.2,44.4,11.4,44.5,1", "12", Malformed),
            ("a,44.4,11.4,44.5", "12", Malformed),
            ("NaN,44.4,11.4,44.5", "12", Malformed),
            ("inf,44.4,11.4,44.5", "12", Malformed),
            ("11.2,44.4,11.4,44.5", "21", Malformed),
            ("11.2,44.4,11.4,44.5", "-1", Malformed),
            ("11.2,44.4,11.4,44.5", "", Malformed),
            ("11.4,44.4,11.2,44.5", "12", OutOfRange),
            ("11.2,44.5,11.4,44.5", "12", OutOfRange),
            ("-181,44.4,11.4,44.5", "12", OutOfRange),
            ("11.2,-91,11.4,44.5", "12", OutOfRange),
            // The whole world at street level: millions of cells.
            ("-180,-90,180,90", "16", TooLarge),
        ] {
            assert_eq!(MapView::parse(bbox, zoom), Err(why), "{bbox} at {zoom}");
        }
        assert_eq!(
            MapView::parse(&"1".repeat(300), "3"),
            Err(Malformed),
            "long input is refused before parsing"
        );
        // The whole world fits at the lowest zooms.
        assert!(MapView::parse("-180,-90,180,90", "0").is_ok());
        assert!(MapView::parse("-180,-90,180,90", "4").is_ok());
    }
}
