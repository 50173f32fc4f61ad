//! Importing a city's earlier registry of commons: the inverse of `/commons.csv`
//! (`exports.rs`) and of the Italian datasets' names for the same fields, from CSV or
//! from a GeoJSON FeatureCollection of Points and Polygons whose properties use the
//! same names. [`parse`] checks every row and returns either the rows to write or
//! every problem (line, column, what); [`save`] writes them in one transaction,
//! keyed by each row's external id so that importing the same file again updates
//! the commons instead of adding them twice. The README's "Importing a registry"
//! lists the columns.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::districts::Locator;
use super::model::levels::DistrictTree;
use super::model::shape::DistrictShape;
use super::model::{
    Category, CommonsKind, Condition, MAX_SITE_POSITIONS, Owner, Provisioning, Status,
};
use crate::db::AnyConnection;
use crate::db::schema::{commons, commons_events, commons_provisioning};
use crate::error::AppError;
use crate::web::csv_read::{
    FileError, Problem, RowError, Sheet, cell, parse_date, parse_number, parse_point,
};
use crate::web::i18n::{Lang, catalog};

/// The names of each field, the export's own first. `external_id` falls back on the
/// export's `url`, then `id`.
pub mod columns {
    pub const EXTERNAL_ID: &[&str] = &["external_id", "url", "id"];
    pub const NAME: &[&str] = &["name", "titolo", "title", "nome", "denominazione"];
    pub const CATEGORY: &[&str] = &["category", "categoria", "tipologia"];
    pub const STATUS: &[&str] = &["status", "stato"];
    pub const KIND: &[&str] = &["kind", "natura"];
    /// The lowest level first: the deepest district named wins.
    pub const DISTRICT: &[&str] = &[
        "zona_di_prossimita",
        "zona",
        "upl",
        "district",
        "quartiere",
        "municipio",
        "circoscrizione",
    ];
    pub const LAT: &[&str] = &["lat", "latitude", "latitudine"];
    pub const LNG: &[&str] = &["lng", "lon", "longitude", "longitudine"];
    pub const POINT: &[&str] = &["geopoint", "geo_point_2d", "coordinate"];
    pub const ADDRESS: &[&str] = &["address", "indirizzo"];
    pub const OWNER: &[&str] = &["owner", "proprieta", "proprietà"];
    pub const DESCRIPTION: &[&str] = &["description", "descrizione"];
    pub const WHY: &[&str] = &["why", "motivazione"];
    pub const RECOGNISED_ON: &[&str] = &["recognised_on", "data_riconoscimento"];
    pub const ASSET_CODE: &[&str] = &["asset_code", "codice_catastale", "codice_bene"];
    pub const CONDITION: &[&str] = &["condition", "stato_conservazione"];
    pub const RESTRICTIONS: &[&str] = &["restrictions", "vincoli"];
    /// The provisioning sectors (Ghent's plan), codes or labels separated by `;`.
    pub const PROVISIONING: &[&str] = &["provisioning", "sectors", "settori"];
    /// A site outline as a GeoJSON Polygon (GeoJSON imports fill it from the feature).
    pub const SITE: &[&str] = &["site"];
}

/// The longest name, and the longest of any other text.
const MAX_NAME: usize = 200;
const MAX_TEXT: usize = 10_000;

/// One commons to write, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CommonsRow {
    pub line: usize,
    pub external_id: String,
    pub name: String,
    pub category: Category,
    pub status: Status,
    pub kind: CommonsKind,
    /// The district named in the file; `None`: placed by its point when saved.
    pub district: Option<i64>,
    pub lat: f64,
    pub lng: f64,
    /// A site outline as normalised GeoJSON.
    pub site: Option<String>,
    pub address: String,
    pub owner: Owner,
    pub description: String,
    pub why: String,
    pub recognised_on: Option<NaiveDate>,
    pub asset_code: String,
    pub condition: Condition,
    pub restrictions: String,
    /// The sectors it serves; `None` when the file has no sectors column (an update
    /// then keeps the ones the commons has).
    pub provisioning: Option<Vec<Provisioning>>,
}

/// The value of a vocabulary written as its code, or its English or Italian label as
/// the site shows them (any case).
macro_rules! vocabulary {
    ($ty:ty, $value:expr) => {{
        let v = $value.trim().to_lowercase();
        let i18n = catalog();
        <$ty>::ALL.iter().copied().find(|x| {
            x.code() == v.replace(' ', "_")
                || [Lang::En, Lang::It]
                    .iter()
                    .any(|l| i18n.t(*l, &x.label_key()).to_lowercase() == v)
        })
    }};
}

macro_rules! codes {
    ($ty:ty) => {
        <$ty>::ALL
            .iter()
            .map(|x| x.code())
            .collect::<Vec<_>>()
            .join(", ")
    };
}

/// An optional cell of a vocabulary (its codes or labels), `default` when empty.
macro_rules! optional_code {
    ($row:expr, $names:expr, $ty:ty, $default:expr) => {
        vocab_or(
            &mut $row,
            $names,
            $default,
            |v| vocabulary!($ty, v),
            || codes!($ty),
        )
    };
}

/// The district named `value` (its slug or name, any case); a name several districts
/// share is decided by `upper`, the upper level the row also names.
pub fn find_district(tree: &DistrictTree, value: &str, upper: &str) -> Option<i64> {
    let v = value.trim().to_lowercase();
    if let Some(d) = tree.by_slug(&v) {
        return Some(d.id);
    }
    let named: Vec<_> = tree
        .all()
        .iter()
        .filter(|d| d.name.to_lowercase() == v)
        .collect();
    match named.as_slice() {
        [] => None,
        [one] => Some(one.id),
        many => {
            let upper = upper.trim().to_lowercase();
            many.iter()
                .find(|d| {
                    tree.chain(d.id)
                        .iter()
                        .any(|a| a.id != d.id && a.name.to_lowercase() == upper)
                })
                .or(many.iter().max_by_key(|d| d.depth))
                .map(|d| d.id)
        }
    }
}

/// The district of a row: the deepest of the district columns that is filled; its
/// name must be known.
pub fn row_district(
    sheet: &Sheet,
    cells: &[String],
    tree: &DistrictTree,
) -> Result<Option<i64>, (String, Problem)> {
    let filled: Vec<(&str, &str)> = columns::DISTRICT
        .iter()
        .filter_map(|n| {
            let v = cell(cells, sheet.column(&[n]));
            (!v.is_empty()).then_some((*n, v))
        })
        .collect();
    let Some((column, value)) = filled.first() else {
        return Ok(None);
    };
    let upper = filled.get(1).map(|f| f.1).unwrap_or("");
    find_district(tree, value, upper).map(Some).ok_or_else(|| {
        (
            column.to_string(),
            Problem::UnknownDistrict(value.to_string()),
        )
    })
}

/// The cells of one row and the problems found in it.
pub struct Checker<'a> {
    pub sheet: &'a Sheet,
    pub line: usize,
    pub cells: &'a [String],
    pub errors: &'a mut Vec<RowError>,
}

impl Checker<'_> {
    /// The first filled cell among the columns `names` (in their order).
    pub fn get(&self, names: &[&str]) -> &str {
        self.sheet
            .first_filled(self.cells, names)
            .map_or("", |(_, v)| v)
    }

    /// The name of the column a problem with `names` is reported on: the filled one,
    /// else the first the file has, else the first name.
    pub fn column_name(&self, names: &[&'static str]) -> &'static str {
        let filled = self
            .sheet
            .first_filled(self.cells, names)
            .and_then(|(c, _)| {
                names
                    .iter()
                    .copied()
                    .find(|n| self.sheet.column(&[n]) == Some(c))
            });
        filled
            .or_else(|| {
                names
                    .iter()
                    .copied()
                    .find(|n| self.sheet.column(&[n]).is_some())
            })
            .unwrap_or(names[0])
    }

    pub fn bad(&mut self, names: &[&'static str], problem: Problem) {
        let column = self.column_name(names);
        self.errors.push(RowError::new(self.line, column, problem));
    }

    /// The row's external id (required), reported when an earlier row of the file
    /// had it: `seen` holds the line of each id met so far.
    pub fn external_id(
        &mut self,
        names: &[&'static str],
        seen: &mut HashMap<String, usize>,
    ) -> String {
        let id = self.required(names).unwrap_or_default();
        if let Some(first) = seen.get(&id) {
            self.bad(names, Problem::Repeated(*first));
        } else if !id.is_empty() {
            seen.insert(id.clone(), self.line);
        }
        id
    }

    /// A text cell of at most `max` characters, required or not.
    pub fn text(&mut self, names: &[&'static str], max: usize, required: bool) -> String {
        let v = if required {
            self.required(names).unwrap_or_default()
        } else {
            self.get(names).to_string()
        };
        if v.chars().count() > max {
            self.bad(names, Problem::TooLong(max));
        }
        v
    }

    /// A required cell.
    pub fn required(&mut self, names: &[&'static str]) -> Option<String> {
        let v = self.get(names).to_string();
        if v.is_empty() {
            self.bad(names, Problem::Missing);
            None
        } else {
            Some(v)
        }
    }

    /// An optional date.
    pub fn date(&mut self, names: &[&'static str]) -> Option<NaiveDate> {
        let v = self.get(names);
        if v.is_empty() {
            return None;
        }
        let d = parse_date(v);
        if d.is_none() {
            self.bad(names, Problem::NotADate);
        }
        d
    }

    /// The point of the row: `lat` and `lng`, or one "lat, lng" cell.
    pub fn point(&mut self, required: bool) -> Option<(f64, f64)> {
        let (lat, lng) = (
            self.get(columns::LAT).to_string(),
            self.get(columns::LNG).to_string(),
        );
        if lat.is_empty() && lng.is_empty() {
            let p = self.get(columns::POINT).to_string();
            if p.is_empty() {
                if required {
                    self.bad(columns::LAT, Problem::Missing);
                }
                return None;
            }
            let Some((a, o)) = parse_point(&p) else {
                self.bad(columns::POINT, Problem::NotANumber);
                return None;
            };
            return self.in_range(a, o, columns::POINT, columns::POINT);
        }
        let mut number = |names: &[&'static str], v: &str| -> Option<f64> {
            if v.is_empty() {
                self.bad(names, Problem::Missing);
                return None;
            }
            let n = parse_number(v);
            if n.is_none() {
                self.bad(names, Problem::NotANumber);
            }
            n
        };
        let a = number(columns::LAT, &lat);
        let o = number(columns::LNG, &lng);
        self.in_range(a?, o?, columns::LAT, columns::LNG)
    }

    fn in_range(
        &mut self,
        lat: f64,
        lng: f64,
        lat_col: &[&'static str],
        lng_col: &[&'static str],
    ) -> Option<(f64, f64)> {
        let mut ok = true;
        if !(-90.0..=90.0).contains(&lat) {
            self.bad(lat_col, Problem::OutOfRange);
            ok = false;
        }
        if !(-180.0..=180.0).contains(&lng) {
            self.bad(lng_col, Problem::OutOfRange);
            ok = false;
        }
        ok.then_some((lat, lng))
    }
}

/// Reads a CSV or GeoJSON file (GeoJSON when it starts with `{`) into a sheet.
pub fn read(text: &str) -> Result<Sheet, FileError> {
    let trimmed = text.trim_start_matches('\u{FEFF}').trim_start();
    if trimmed.starts_with('{') {
        geojson_sheet(trimmed)
    } else {
        Sheet::read(text)
    }
}

/// A FeatureCollection as a sheet: one row per feature (its number as the line), its
/// properties as cells, a Point's coordinates as `lat`/`lng`, a Polygon as `site`
/// with its centre as `lat`/`lng` (unless the properties give a point).
fn geojson_sheet(text: &str) -> Result<Sheet, FileError> {
    let fc: geojson::FeatureCollection = text
        .parse()
        .map_err(|e: geojson::Error| FileError::Unreadable(format!("not GeoJSON: {e}")))?;
    if fc.features.len() > crate::web::csv_read::MAX_IMPORT_ROWS {
        return Err(FileError::TooManyRows);
    }
    let mut header: Vec<String> = vec!["lat".into(), "lng".into(), "site".into()];
    let mut rows = Vec::with_capacity(fc.features.len());
    let mut maps = Vec::with_capacity(fc.features.len());
    for f in &fc.features {
        let mut cells: HashMap<String, String> = HashMap::new();
        if let Some(id) = &f.id {
            let id = match id {
                geojson::feature::Id::String(s) => s.clone(),
                geojson::feature::Id::Number(n) => n.to_string(),
            };
            cells.insert("id".into(), id);
        }
        for (k, v) in f.properties.iter().flatten() {
            let v = match v {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            cells.insert(k.trim().to_lowercase().replace([' ', '-'], "_"), v);
        }
        match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::Point { coordinates }) if coordinates.len() >= 2 => {
                cells.insert("lat".into(), coordinates[1].to_string());
                cells.insert("lng".into(), coordinates[0].to_string());
            }
            Some(_) => {
                let g = f
                    .geometry
                    .clone()
                    .map(|g| g.to_string())
                    .unwrap_or_default();
                if let Ok(shape) = DistrictShape::parse_limited(&g, MAX_SITE_POSITIONS) {
                    use geo::Centroid;
                    if let Some(c) = shape.shape.centroid()
                        && !cells.contains_key("lat")
                    {
                        cells.insert("lat".into(), c.y().to_string());
                        cells.insert("lng".into(), c.x().to_string());
                    }
                    cells.insert("site".into(), shape.to_geojson());
                } else {
                    cells.insert("site".into(), "!".into());
                }
            }
            None => {}
        }
        for k in cells.keys() {
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
        maps.push(cells);
    }
    for (i, mut cells) in maps.into_iter().enumerate() {
        let row = header
            .iter()
            .map(|h| cells.remove(h).unwrap_or_default())
            .collect();
        rows.push((i + 1, row));
    }
    Ok(Sheet::from_parts(header, rows))
}

/// The header's problems: each of `required` (a field's names, or several fields of
/// which one is enough) the file has no column for, reported on line 1 by the first
/// name.
pub fn missing_columns(sheet: &Sheet, required: &[&[&[&'static str]]]) -> Vec<RowError> {
    required
        .iter()
        .filter(|any| any.iter().all(|names| sheet.column(names).is_none()))
        .map(|any| RowError::new(1, any[0][0], Problem::NoColumn))
        .collect()
}

/// Checks every row of `sheet`: the rows to write, or every problem found.
pub fn parse(sheet: &Sheet, tree: &DistrictTree) -> Result<Vec<CommonsRow>, Vec<RowError>> {
    let mut errors = missing_columns(
        sheet,
        &[
            &[columns::NAME],
            &[columns::CATEGORY],
            &[columns::EXTERNAL_ID],
            &[columns::LAT, columns::POINT],
        ],
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::with_capacity(sheet.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in sheet.rows() {
        let before = errors.len();
        let mut row = Checker {
            sheet,
            line: *line,
            cells,
            errors: &mut errors,
        };
        let external_id = row.external_id(columns::EXTERNAL_ID, &mut seen);
        let name = row.text(columns::NAME, MAX_NAME, true);
        let category = match row.required(columns::CATEGORY) {
            Some(v) => vocabulary!(Category, v).or_else(|| {
                row.bad(
                    columns::CATEGORY,
                    Problem::UnknownValue {
                        value: v,
                        allowed: codes!(Category),
                    },
                );
                None
            }),
            None => None,
        };
        let status = vocab_or(
            &mut row,
            columns::STATUS,
            Status::Recognised,
            |v| vocabulary!(Status, v).filter(|s| *s != Status::Merged),
            || codes!(Status).replace(", merged", ""),
        );
        let kind = optional_code!(row, columns::KIND, CommonsKind, CommonsKind::Tangible);
        let owner = optional_code!(row, columns::OWNER, Owner, Owner::Unknown);
        let condition = optional_code!(row, columns::CONDITION, Condition, Condition::Unknown);
        let point = row.point(true);
        let district = match row_district(sheet, cells, tree) {
            Ok(d) => d,
            Err((column, problem)) => {
                row.errors.push(RowError::new(*line, &column, problem));
                None
            }
        };
        let site = match row.get(columns::SITE) {
            "" => None,
            s => match DistrictShape::parse_limited(s, MAX_SITE_POSITIONS) {
                Ok(shape) => Some(shape.to_geojson()),
                Err(_) => {
                    row.bad(columns::SITE, Problem::BadGeometry);
                    None
                }
            },
        };
        let address = row.text(columns::ADDRESS, MAX_NAME, false);
        let description = row.text(columns::DESCRIPTION, MAX_TEXT, false);
        let why = row.text(columns::WHY, MAX_TEXT, false);
        let asset_code = row.text(columns::ASSET_CODE, MAX_NAME, false);
        let restrictions = row.text(columns::RESTRICTIONS, MAX_TEXT, false);
        let recognised_on = row.date(columns::RECOGNISED_ON);
        let provisioning = sheet
            .column(columns::PROVISIONING)
            .map(|_| sectors(&mut row));
        if errors.len() > before {
            continue;
        }
        let (Some(category), Some((lat, lng))) = (category, point) else {
            continue;
        };
        out.push(CommonsRow {
            line: *line,
            external_id,
            name,
            category,
            status,
            kind,
            district,
            lat,
            lng,
            site,
            address,
            owner,
            description,
            why,
            recognised_on,
            asset_code,
            condition,
            restrictions,
            provisioning,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The row's sectors: codes or labels separated by `;` (or `,`), each known, none
/// twice; an empty cell is none.
fn sectors(row: &mut Checker<'_>) -> Vec<Provisioning> {
    let cell = row.get(columns::PROVISIONING).to_string();
    let mut out = Vec::new();
    for v in cell
        .split([';', ','])
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        match vocabulary!(Provisioning, v) {
            Some(p) if !out.contains(&p) => out.push(p),
            Some(_) => {}
            None => row.bad(
                columns::PROVISIONING,
                Problem::UnknownValue {
                    value: v.to_string(),
                    allowed: codes!(Provisioning),
                },
            ),
        }
    }
    out
}

/// An optional vocabulary cell: `default` when empty, an error when unknown.
fn vocab_or<T: Copy>(
    row: &mut Checker<'_>,
    names: &[&'static str],
    default: T,
    find: impl Fn(&str) -> Option<T>,
    allowed: impl Fn() -> String,
) -> T {
    let v = row.get(names).to_string();
    if v.is_empty() {
        return default;
    }
    find(&v).unwrap_or_else(|| {
        row.bad(
            names,
            Problem::UnknownValue {
                value: v,
                allowed: allowed(),
            },
        );
        default
    })
}

/// How many commons an import creates and updates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
}

/// The ids of the commons already imported, by external id (one query).
fn known(conn: &mut AnyConnection) -> Result<HashMap<String, i64>, AppError> {
    let rows: Vec<(i64, Option<String>)> = commons::table
        .filter(commons::external_id.is_not_null())
        .select((commons::id, commons::external_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, e)| Some((e?, id)))
        .collect())
}

/// What [`save`] would do, without writing (the dry run).
pub fn plan(conn: &mut AnyConnection, rows: &[CommonsRow]) -> Result<Counts, AppError> {
    let known = known(conn)?;
    let updated = rows
        .iter()
        .filter(|r| known.contains_key(&r.external_id))
        .count();
    Ok(Counts {
        created: rows.len() - updated,
        updated,
    })
}

/// Rows inserted per statement (22 values each, well under both databases' limits).
const BATCH: usize = 500;

fn recognised_at(r: &CommonsRow, now: NaiveDateTime) -> Option<NaiveDateTime> {
    match r.status {
        Status::Recognised | Status::Dormant | Status::Retired => Some(
            r.recognised_on
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .unwrap_or(now),
        ),
        _ => None,
    }
}

/// Writes checked rows in one transaction: new external ids are inserted (in batches,
/// proposed by `proposer`, the registry's account), known ones updated; each gets an
/// "imported" line in its history by `by` (`None`: the command line) and goes to the
/// search index. `progress` is told how many rows are done.
pub fn save(
    conn: &mut AnyConnection,
    rows: &[CommonsRow],
    proposer: i64,
    by: Option<i64>,
    progress: &dyn Fn(u64),
) -> Result<Counts, AppError> {
    crate::db::write_transaction(conn, |conn| {
        let known = known(conn)?;
        let locator = if rows.iter().any(|r| r.district.is_none()) {
            Some(Locator::load(conn)?)
        } else {
            None
        };
        let district = |r: &CommonsRow| {
            r.district
                .or_else(|| locator.as_ref().and_then(|l| l.locate(r.lng, r.lat)))
        };
        let now = crate::util::now();
        let mut touched: Vec<i64> = Vec::with_capacity(rows.len());
        // The commons whose sectors the file gives, and those sectors.
        let mut sectors: Vec<(i64, &[Provisioning])> = Vec::new();
        let mut counts = Counts::default();
        let (old, new): (Vec<&CommonsRow>, Vec<&CommonsRow>) = rows
            .iter()
            .partition(|r| known.contains_key(&r.external_id));
        let mut done = 0u64;
        for chunk in new.chunks(BATCH) {
            let values: Vec<_> = chunk
                .iter()
                .map(|r| {
                    (
                        (
                            commons::name.eq(&r.name),
                            commons::description.eq(&r.description),
                            commons::kind.eq(r.kind.code()),
                            commons::category.eq(r.category.code()),
                            commons::owner.eq(r.owner.code()),
                            commons::address.eq(&r.address),
                            commons::why.eq(&r.why),
                            commons::rules.eq(""),
                            commons::licence.eq(""),
                            commons::lat.eq(r.lat),
                            commons::lng.eq(r.lng),
                        ),
                        (
                            commons::site.eq(r.site.as_deref()),
                            commons::district_id.eq(district(r)),
                            commons::status.eq(r.status.code()),
                            commons::listed.eq(r.status.is_listed()),
                            commons::proposer_id.eq(proposer),
                            commons::created_at.eq(now),
                            commons::updated_at.eq(now),
                            commons::recognised_at.eq(recognised_at(r, now)),
                        ),
                        (
                            commons::asset_code.eq(&r.asset_code),
                            commons::condition.eq(r.condition.code()),
                            commons::restrictions.eq(&r.restrictions),
                            commons::retired_at.eq((r.status == Status::Retired).then_some(now)),
                            commons::external_id.eq(Some(&r.external_id)),
                        ),
                    )
                })
                .collect();
            let ids: Vec<(i64, Option<String>)> = crate::insert_rows!(
                conn,
                commons::table,
                values,
                returning(commons::id, commons::external_id)
            )?;
            let by_external: HashMap<Option<String>, i64> =
                ids.into_iter().map(|(id, e)| (e, id)).collect();
            for r in chunk {
                let id = by_external[&Some(r.external_id.clone())];
                touched.push(id);
                if let Some(p) = &r.provisioning {
                    sectors.push((id, p));
                }
            }
            counts.created += chunk.len();
            done += chunk.len() as u64;
            progress(done);
        }
        for r in old {
            let id = known[&r.external_id];
            diesel::update(commons::table.find(id))
                .set((
                    (
                        commons::name.eq(&r.name),
                        commons::description.eq(&r.description),
                        commons::kind.eq(r.kind.code()),
                        commons::category.eq(r.category.code()),
                        commons::owner.eq(r.owner.code()),
                        commons::address.eq(&r.address),
                        commons::why.eq(&r.why),
                        commons::lat.eq(r.lat),
                        commons::lng.eq(r.lng),
                        commons::site.eq(r.site.as_deref()),
                    ),
                    (
                        commons::district_id.eq(district(r)),
                        commons::status.eq(r.status.code()),
                        commons::listed.eq(r.status.is_listed()),
                        commons::updated_at.eq(now),
                        commons::recognised_at.eq(recognised_at(r, now)),
                        commons::asset_code.eq(&r.asset_code),
                        commons::condition.eq(r.condition.code()),
                        commons::restrictions.eq(&r.restrictions),
                    ),
                ))
                .execute(conn)?;
            touched.push(id);
            if let Some(p) = &r.provisioning {
                sectors.push((id, p));
            }
            counts.updated += 1;
            done += 1;
            if done.is_multiple_of(100) {
                progress(done);
            }
        }
        for chunk in sectors.chunks(BATCH) {
            let ids: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
            diesel::delete(
                commons_provisioning::table.filter(commons_provisioning::commons_id.eq_any(&ids)),
            )
            .execute(conn)?;
            let values: Vec<_> = chunk
                .iter()
                .flat_map(|(id, ps)| {
                    ps.iter().map(move |p| {
                        (
                            commons_provisioning::commons_id.eq(*id),
                            commons_provisioning::provisioning.eq(p.code()),
                        )
                    })
                })
                .collect();
            if !values.is_empty() {
                crate::insert_rows!(conn, commons_provisioning::table, values)?;
            }
        }
        for chunk in touched.chunks(BATCH) {
            let events: Vec<_> = chunk
                .iter()
                .map(|id| {
                    (
                        commons_events::commons_id.eq(*id),
                        commons_events::kind.eq("imported"),
                        commons_events::actor_id.eq(by),
                        commons_events::at.eq(now),
                    )
                })
                .collect();
            crate::insert_rows!(conn, commons_events::table, events)?;
            crate::search::sync::enqueue_many(conn, &super::search_sync::SOURCE, chunk)?;
        }
        progress(done);
        Ok(counts)
    })
}

/// The ids and names of every commons with an external id, and of every commons by
/// its name, for linking imported pacts: (by external id, by lower-case name).
pub type CommonsIndex = (HashMap<String, i64>, HashMap<String, i64>);

/// [`CommonsIndex`] in one query.
pub fn index(conn: &mut AnyConnection) -> Result<CommonsIndex, AppError> {
    let rows: Vec<(i64, Option<String>, String)> = commons::table
        .filter(commons::merged_into.is_null())
        .select((commons::id, commons::external_id, commons::name))
        .order(commons::id.asc())
        .load(conn)?;
    let mut by_external = HashMap::new();
    let mut by_name = HashMap::new();
    let mut repeated = HashSet::new();
    for (id, external, name) in rows {
        if let Some(e) = external {
            by_external.insert(e, id);
        }
        let key = name.trim().to_lowercase();
        if by_name.insert(key.clone(), id).is_some() {
            repeated.insert(key);
        }
    }
    // A name two commons share names neither.
    for k in repeated {
        by_name.remove(&k);
    }
    Ok((by_external, by_name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commons::model::levels::District;

    fn tree() -> DistrictTree {
        let d = |id, slug: &str, name: &str, parent, depth| District {
            id,
            slug: slug.into(),
            name: name.into(),
            parent_id: parent,
            depth,
            level_name: String::new(),
        };
        DistrictTree::new(vec![
            d(1, "navile", "Navile", None, 0),
            d(2, "bolognina", "Bolognina", Some(1), 1),
            d(3, "porto", "Porto", None, 0),
            d(4, "centro-navile", "Centro", Some(1), 1),
            d(5, "centro-porto", "Centro", Some(3), 1),
        ])
    }

    #[test]
    fn the_export_and_italian_names_are_read() {
        let csv = format!(
            "\u{FEFF}{}\r\n7,Giardino,green_area,recognised,tangible,navile,44.5,11.3,https://old.example/commons/7,Via Roma 1,city,'-trees,Shade,Amici,2026-03-01,2,Fg. 12,fair,\r\n",
            crate::commons::exports::CSV_HEADER
        );
        let rows = parse(&read(&csv).unwrap(), &tree()).unwrap();
        assert_eq!(rows.len(), 1);
        let r = &rows[0];
        assert_eq!(r.line, 2);
        assert_eq!(r.external_id, "https://old.example/commons/7");
        assert_eq!(r.description, "-trees");
        assert_eq!(r.district, Some(1));
        assert_eq!(r.owner, Owner::City);
        assert_eq!(r.condition, Condition::Fair);
        assert_eq!(r.recognised_on, NaiveDate::from_ymd_opt(2026, 3, 1));

        let it = "id;Titolo;categoria;stato;quartiere;zona;geopoint;motivazione\n\
                  a1;Orto;Area verde;Riconosciuto;Porto;Centro;44.5, 11.3;Cura\n";
        let rows = parse(&read(it).unwrap(), &tree()).unwrap();
        assert_eq!(rows[0].category, Category::GreenArea);
        assert_eq!(rows[0].status, Status::Recognised);
        // "Centro" is in both upper districts: the row's quartiere decides.
        assert_eq!(rows[0].district, Some(5));
        assert_eq!((rows[0].lat, rows[0].lng), (44.5, 11.3));
        assert_eq!(rows[0].why, "Cura");
    }

    #[test]
    fn every_bad_cell_is_named_by_line_and_column() {
        let csv = "id,name,category,lat,lng,district,status,recognised_on\n\
                   1,Good,green_area,44.5,11.3,,,\n\
                   2,,parking,north,11.3,Atlantis,merged,yesterday\n\
                   1,Again,green_area,44.5,200,,,\n";
        let errors = parse(&read(csv).unwrap(), &tree()).unwrap_err();
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            vec![
                "line 3, column `name`: empty, but required",
                "line 3, column `category`: unknown value \"parking\" (one of: green_area, square_street, building, school_space, wall_art, digital_service, cultural, food, energy, mobility, care)",
                "line 3, column `status`: unknown value \"merged\" (one of: proposed, recognised, declined, dormant, retired)",
                "line 3, column `lat`: not a number",
                "line 3, column `district`: no district is called \"Atlantis\"",
                "line 3, column `recognised_on`: not a date (YYYY-MM-DD or DD/MM/YYYY)",
                "line 4, column `id`: the same external id as line 2",
                "line 4, column `lng`: outside the range of coordinates",
            ]
        );
        let missing = parse(&read("title,lat\nx,1\n").unwrap(), &tree()).unwrap_err();
        assert_eq!(
            missing.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec![
                "line 1, column `category`: the file has no such column",
                "line 1, column `external_id`: the file has no such column",
            ]
        );
    }

    #[test]
    fn geojson_points_and_polygons() {
        let gj = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":3,"geometry":{"type":"Point","coordinates":[11.3,44.5]},
             "properties":{"name":"Orto","category":"food","status":"proposed"}},
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[11.0,44.0],[11.2,44.0],[11.2,44.2],[11.0,44.2],[11.0,44.0]]]},
             "properties":{"external_id":"P-9","name":"Parco","category":"green_area","district":"bolognina"}},
            {"type":"Feature","geometry":{"type":"LineString","coordinates":[[11.0,44.0],[11.2,44.0]]},
             "properties":{"external_id":"L","name":"Via","category":"square_street"}}
        ]}"#;
        let errors = parse(&read(gj).unwrap(), &tree()).unwrap_err();
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec![
                "line 3, column `lat`: empty, but required",
                "line 3, column `site`: not a Point or Polygon geometry",
            ]
        );
        let ok = gj
            .replace(r#""LineString""#, r#""Point""#)
            .replace("[[11.0,44.0],[11.2,44.0]]}", "[11.0,44.0]}");
        let rows = parse(&read(&ok).unwrap(), &tree()).unwrap();
        assert_eq!(rows[0].external_id, "3");
        assert_eq!((rows[0].lat, rows[0].lng), (44.5, 11.3));
        assert_eq!(rows[0].status, Status::Proposed);
        assert_eq!(rows[1].district, Some(2));
        assert!(
            rows[1]
                .site
                .as_deref()
                .is_some_and(|s| s.contains("Polygon"))
        );
        assert!((rows[1].lat - 44.1).abs() < 1e-9 && (rows[1].lng - 11.1).abs() < 1e-9);
    }
}
