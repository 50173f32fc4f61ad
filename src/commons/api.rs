//! What other areas may ask of the registry: who may see a commons, the names of the
//! commons a reader may see (the same rule as the commons page), which commons a
//! person may name in a proposal, whether the city may offer one in a call, where a
//! commons is, the categories of commons, and the city's districts (their list, one by
//! id or slug, the map's extent). Nothing else of `commons` is for other areas
//! (ARCHITECTURE.md, "Dependency rules"); these functions run inside the caller's
//! connection or transaction, each in one query.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{commons, commons_photos, districts};
use crate::error::AppError;

pub use super::districts::{
    District, DistrictTree, extent as district_extent, list as districts, list_in as districts_in,
    tree as district_tree,
};
use super::districts::{district_columns, to_district};
pub use super::service::{Viewer, visible_names};

/// Of `ids`, those `uid` may name in a proposal: listed commons (recognised or
/// dormant), and the ones `uid` proposed and are still under review.
pub fn nameable_by(conn: &mut AnyConnection, ids: &[i64], uid: i64) -> Result<Vec<i64>, AppError> {
    Ok(commons::table
        .filter(commons::id.eq_any(ids))
        .filter(commons::listed.eq(true).or(commons::proposer_id.eq(uid)))
        .select(commons::id)
        .load(conn)?)
}

/// Of `ids`, the listed ones (recognised or dormant: those the open data lists), in
/// one query.
pub fn listed(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<i64>, AppError> {
    Ok(commons::table
        .filter(commons::id.eq_any(ids))
        .filter(commons::listed.eq(true))
        .select(commons::id)
        .load(conn)?)
}

/// Whether a commons may be offered in a call of the city (`pacts`' calls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offerable {
    /// Listed (recognised or dormant) and owned by the city.
    Yes,
    /// No such commons, or one still under review or declined (not listed).
    Unknown,
    /// Listed, but not the city's (another public body's, or private with consent).
    NotTheCitys,
}

/// Whether the city may offer commons `id` in a call, in one query.
pub fn offerable(conn: &mut AnyConnection, id: i64) -> Result<Offerable, AppError> {
    let row: Option<(String, bool)> = commons::table
        .find(id)
        .select((commons::owner, commons::listed))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((_, false)) | None => Offerable::Unknown,
        Some((owner, true)) if owner == super::model::Owner::City.code() => Offerable::Yes,
        Some(_) => Offerable::NotTheCitys,
    })
}

/// Where a commons is: its point, address and district.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub lat: f64,
    pub lng: f64,
    pub address: String,
    pub district: Option<i64>,
}

/// Where a commons is, if it exists.
pub fn place(conn: &mut AnyConnection, id: i64) -> Result<Option<Place>, AppError> {
    let row: Option<(f64, f64, String, Option<i64>)> = commons::table
        .find(id)
        .select((
            commons::lat,
            commons::lng,
            commons::address,
            commons::district_id,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(lat, lng, address, district)| Place {
        lat,
        lng,
        address,
        district,
    }))
}

/// Every commons category's code, in the registry's order (for what other areas key
/// by category: the pact templates).
pub fn category_codes() -> impl Iterator<Item = &'static str> {
    super::model::Category::ALL.iter().map(|c| c.code())
}

/// The category label key of a category code (`commons-category-...`), if it is one.
pub fn category_label_key(code: &str) -> Option<String> {
    super::model::Category::parse(code).map(|c| c.label_key())
}

/// The category code of each of `ids`, (id, category); unknown ids are left out.
pub fn categories(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, String)>, AppError> {
    Ok(commons::table
        .filter(commons::id.eq_any(ids))
        .select((commons::id, commons::category))
        .load(conn)?)
}

/// One district by id.
pub fn district(conn: &mut AnyConnection, id: i64) -> Result<Option<District>, AppError> {
    let row = districts::table
        .find(id)
        .select(district_columns!())
        .first(conn)
        .optional()?;
    Ok(row.map(to_district))
}

/// One district by slug.
pub fn district_by_slug(
    conn: &mut AnyConnection,
    slug: &str,
) -> Result<Option<District>, AppError> {
    let row = districts::table
        .filter(districts::slug.eq(slug))
        .select(district_columns!())
        .first(conn)
        .optional()?;
    Ok(row.map(to_district))
}

/// A district and its ancestors, the top level first (a *zona*'s chain is
/// circoscrizione, quartiere, zona), in one query; empty for an unknown id. For a
/// list, load [`district_tree`] once and ask it [`DistrictTree::chain`] per row.
pub fn district_chain(conn: &mut AnyConnection, id: i64) -> Result<Vec<District>, AppError> {
    let tree = district_tree(conn)?;
    Ok(tree.chain(id).into_iter().cloned().collect())
}

/// The ids of the district named by `slug` and of every district below it (what a
/// filter by that district covers), in one query; empty for an unknown slug.
pub fn district_and_descendants(
    conn: &mut AnyConnection,
    slug: &str,
) -> Result<Vec<i64>, AppError> {
    super::districts::ids_under(conn, slug)
}

/// The commons search index's source (for `pactum reindex`).
pub const SEARCH: crate::search::sync::Source = super::search_sync::SOURCE;

/// The address (from the site's root) of the first photo of each of `ids` that is
/// public (its commons recognised or dormant), (commons id, address), in one query.
pub fn public_photo_paths(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, AppError> {
    let rows: Vec<(i64, String, String)> = commons_photos::table
        .inner_join(commons::table)
        .filter(commons_photos::commons_id.eq_any(ids))
        .filter(commons::listed.eq(true))
        .order((commons_photos::commons_id.asc(), commons_photos::id.asc()))
        .select((
            commons_photos::commons_id,
            commons_photos::file_hash,
            commons_photos::file_type,
        ))
        .load(conn)?;
    let mut out: Vec<(i64, String)> = Vec::new();
    for (id, hash, ext) in rows {
        if out.last().map(|l| l.0) != Some(id) {
            out.push((id, format!("/files/{hash}.{ext}")));
        }
    }
    Ok(out)
}

/// When the public registry last changed: the latest change of a listed commons.
pub fn last_modified(conn: &mut AnyConnection) -> Result<Option<chrono::NaiveDateTime>, AppError> {
    Ok(commons::table
        .filter(commons::listed.eq(true))
        .select(diesel::dsl::max(commons::updated_at))
        .first(conn)?)
}

/// The district levels as the choices of a "group by level" select: (depth, the
/// level's name, or "Level N" when the districts do not say, whether it is `chosen`);
/// empty when the city has a single level (nothing to choose).
pub fn level_choices(
    ctx: &crate::web::page::PageCtx,
    levels: Vec<(i64, String)>,
    chosen: i64,
) -> Vec<(i64, String, bool)> {
    if levels.len() < 2 {
        return Vec::new();
    }
    levels
        .into_iter()
        .map(|(depth, name)| {
            let label = if name.is_empty() {
                ctx.t1("places-level-n", "level", depth + 1)
            } else {
                name
            };
            (depth, label, depth == chosen)
        })
        .collect()
}

pub use super::exports::{csv as export_csv, csv_header as export_csv_header};
pub use super::queries::Filters;
pub use super::queries::{ExportDetails, export_details, export_page as export_list};

/// Importing a registry of commons (`pactum import commons`, the admin's import page),
/// and what imported pacts need to find their commons and districts.
pub mod imports {
    pub use crate::commons::imports::{
        Checker, CommonsIndex, CommonsRow, Counts, columns, find_district, index, missing_columns,
        parse, plan, read, row_district, save,
    };
}

/// The street gazetteer's import, for `pactum addresses` and the demo.
pub mod gazetteer {
    pub use crate::commons::addresses::{Columns, count, parse_csv, save_import};
}
