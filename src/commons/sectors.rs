//! The counts behind Ghent's map of initiatives (see `model::sectors`): public commons
//! (listed: recognised or dormant, what `/commons` lists; retired and merged ones are
//! left out) grouped by sector or category and district, each axis in one grouped
//! statement whatever the number of commons, districts and sectors; and the sector
//! facets of the `/commons` list.

use diesel::prelude::*;

use super::districts;
use super::model::sectors::{self, Axis, Matrix};
use super::queries::Filters;
use crate::db::AnyConnection;
use crate::db::schema::{commons, commons_provisioning};
use crate::error::AppError;

type Grouped = Vec<(Option<String>, Option<i64>, i64)>;

/// Public commons by sector and district, one row per pair: commons without a sector
/// come with none (a left join).
fn by_sector(conn: &mut AnyConnection) -> Result<Grouped, AppError> {
    use diesel::dsl::sql;
    use diesel::sql_types::{BigInt, Nullable, Text};
    // Grouped by columns of two tables, which diesel's checked group-by does not
    // pair: the grouped columns are named as SQL (both backends spell them alike).
    let sector = || sql::<Nullable<Text>>("commons_provisioning.provisioning");
    let district = || sql::<Nullable<BigInt>>("commons.district_id");
    Ok(commons::table
        .left_join(commons_provisioning::table)
        .filter(commons::listed.eq(true))
        .group_by((sector(), district()))
        .select((sector(), district(), diesel::dsl::count_star()))
        .load(conn)?)
}

/// Public commons by category and district.
fn by_category(conn: &mut AnyConnection) -> Result<Grouped, AppError> {
    let rows: Vec<(String, Option<i64>, i64)> = commons::table
        .filter(commons::listed.eq(true))
        .group_by((commons::category, commons::district_id))
        .select((
            commons::category,
            commons::district_id,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(c, d, n)| (Some(c), d, n)).collect())
}

/// The table of counts by `axis` with districts at level `depth` as columns, and the
/// district levels the city has ((depth, the level's name)): three statements (the
/// districts, the counts by category, and by sector when the rows are sectors), and
/// one more for the districts' names in the reader's language when `names_in` gives
/// it (the reader's language, the city's default); open data keeps the originals.
pub fn matrix(
    conn: &mut AnyConnection,
    axis: Axis,
    depth: i64,
    names_in: Option<(&'static str, &'static str)>,
) -> Result<(Matrix, Vec<(i64, String)>), AppError> {
    let tree = match names_in {
        Some((reader, default)) => {
            districts::DistrictTree::new(districts::list_in(conn, reader, default)?)
        }
        None => districts::tree(conn)?,
    };
    let categories = by_category(conn)?;
    let cells = match axis {
        Axis::Sector => by_sector(conn)?,
        Axis::Category => categories.clone(),
    };
    let m = sectors::matrix(&tree, axis, depth, &cells, &categories);
    Ok((m, tree.levels()))
}

/// The `/commons` list's sector facets: how many public commons matching the other
/// filters (not the sector) serve each sector, in one grouped statement. `district`
/// is the ids the district filter covers (none: no district filter).
pub fn facets(
    conn: &mut AnyConnection,
    f: &Filters,
    district: Option<&[i64]>,
) -> Result<Vec<(String, i64)>, AppError> {
    let mut q = commons_provisioning::table
        .inner_join(commons::table)
        .filter(commons::listed.eq(true))
        .group_by(commons_provisioning::provisioning)
        .select((
            commons_provisioning::provisioning,
            diesel::dsl::count_star(),
        ))
        .into_boxed();
    if let Some(s) = f.status {
        q = q.filter(commons::status.eq(s.code()));
    }
    if let Some(c) = f.category {
        q = q.filter(commons::category.eq(c.code()));
    }
    if let Some(k) = f.kind {
        q = q.filter(commons::kind.eq(k.code()));
    }
    if let Some(ids) = district {
        q = q.filter(commons::district_id.eq_any(ids.to_vec()));
    }
    Ok(q.load(conn)?)
}
