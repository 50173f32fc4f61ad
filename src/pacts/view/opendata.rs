//! Read models of the open data and the statistics: support-line counts and themes of
//! many pacts at once (a query each, whatever the number of pacts), and the public
//! statistics.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::lists::{ItemRow, ListItem, item_columns, items};
use crate::db::AnyConnection;
use crate::db::schema::{pact_commons, pact_support, pact_versions, pacts};
use crate::error::AppError;
use crate::pacts::procedure::PactState;

/// Number of city-support lines of each pact's signed (or current) version.
pub fn support_counts(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    let rows: Vec<(i64, i64, Option<i64>, i64)> = pacts::table
        .inner_join(pact_versions::table.on(pact_versions::pact_id.eq(pacts::id)))
        .filter(pacts::id.eq_any(ids))
        .select((
            pacts::id,
            pacts::version,
            pacts::signed_version,
            pact_versions::id,
        ))
        .filter(
            pact_versions::number
                .nullable()
                .eq(pacts::signed_version)
                .or(pacts::signed_version
                    .is_null()
                    .and(pact_versions::number.eq(pacts::version))),
        )
        .load(conn)?;
    let version_ids: Vec<i64> = rows.iter().map(|r| r.3).collect();
    let lines: Vec<i64> = pact_support::table
        .filter(pact_support::version_id.eq_any(&version_ids))
        .select(pact_support::version_id)
        .load(conn)?;
    Ok(rows
        .iter()
        .map(|r| (r.0, lines.iter().filter(|v| **v == r.3).count() as i64))
        .collect())
}

/// What the Italian columns of `/pacts.csv` add to a pact beyond its list item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CsvDetails {
    /// The objectives of the signed (or current) version: the pact's description.
    pub objectives: String,
    pub start_date: Option<chrono::NaiveDate>,
    /// The published reasons of the pact's state (a suspension's, a rejection's).
    pub state_reasons: Option<String>,
    /// Public observations received.
    pub observations: i64,
    /// Citizens who joined the signed pact.
    pub adherents: i64,
    /// The address of a photo of one of its commons, from the site's root.
    pub photo: Option<String>,
    /// Its commons' ids (the `commons` column, which an import reads back).
    pub commons: Vec<i64>,
}

/// [`CsvDetails`] of some pacts, keyed by pact id: six queries whatever their number.
pub fn csv_details(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, CsvDetails>, AppError> {
    use crate::db::schema::{pact_adherents, pact_observations};
    use std::collections::HashMap;
    let texts: Vec<(i64, String, Option<chrono::NaiveDate>, Option<String>)> = pacts::table
        .inner_join(pact_versions::table.on(pact_versions::pact_id.eq(pacts::id)))
        .filter(pacts::id.eq_any(ids))
        .filter(
            pact_versions::number
                .nullable()
                .eq(pacts::signed_version)
                .or(pacts::signed_version
                    .is_null()
                    .and(pact_versions::number.eq(pacts::version))),
        )
        .select((
            pacts::id,
            pact_versions::objectives,
            pacts::start_date,
            pacts::state_reasons,
        ))
        .load(conn)?;
    let observations: Vec<i64> = pact_observations::table
        .filter(pact_observations::pact_id.eq_any(ids))
        .select(pact_observations::pact_id)
        .load(conn)?;
    let adherents: Vec<i64> = pact_adherents::table
        .filter(pact_adherents::pact_id.eq_any(ids))
        .select(pact_adherents::pact_id)
        .load(conn)?;
    let links: Vec<(i64, i64)> = pact_commons::table
        .filter(pact_commons::pact_id.eq_any(ids))
        .order((pact_commons::pact_id.asc(), pact_commons::commons_id.asc()))
        .select((pact_commons::pact_id, pact_commons::commons_id))
        .load(conn)?;
    let mut commons: Vec<i64> = links.iter().map(|l| l.1).collect();
    commons.sort_unstable();
    commons.dedup();
    let photos: HashMap<i64, String> = crate::commons::api::public_photo_paths(conn, &commons)?
        .into_iter()
        .collect();
    let listed: std::collections::HashSet<i64> = crate::commons::api::listed(conn, &commons)?
        .into_iter()
        .collect();
    let mut out: HashMap<i64, CsvDetails> = HashMap::new();
    for (id, objectives, start_date, state_reasons) in texts {
        out.insert(
            id,
            CsvDetails {
                objectives,
                start_date,
                state_reasons,
                ..CsvDetails::default()
            },
        );
    }
    for id in observations {
        out.entry(id).or_default().observations += 1;
    }
    for id in adherents {
        out.entry(id).or_default().adherents += 1;
    }
    for (pact, c) in links {
        let d = out.entry(pact).or_default();
        if listed.contains(&c) {
            d.commons.push(c);
        }
        if d.photo.is_none() {
            d.photo = photos.get(&c).cloned();
        }
    }
    Ok(out)
}

/// The themes of each pact: the categories of its commons (codes).
pub fn themes(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, String)>, AppError> {
    let links: Vec<(i64, i64)> = pact_commons::table
        .filter(pact_commons::pact_id.eq_any(ids))
        .select((pact_commons::pact_id, pact_commons::commons_id))
        .load(conn)?;
    let mut commons: Vec<i64> = links.iter().map(|l| l.1).collect();
    commons.sort_unstable();
    commons.dedup();
    let categories = crate::commons::api::categories(conn, &commons)?;
    let mut out: Vec<(i64, String)> = links
        .iter()
        .filter_map(|(pact, c)| {
            let category = categories.iter().find(|x| x.0 == *c)?;
            Some((*pact, category.1.clone()))
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Public statistics: pacts by state and by district, and the median days from
/// submission to signature.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub by_state: Vec<(PactState, i64)>,
    pub by_district: Vec<(String, i64)>,
    pub median_days_to_signature: Option<i64>,
    pub signed_count: i64,
    pub active: Vec<ListItem>,
    pub total: i64,
    /// The city's support: promised against delivered, overall, per district, office
    /// and year.
    pub support: super::support::SupportTotals,
}

/// The statistics, with pacts by district grouped at the district level `level`
/// (0: the top level; a pact in a *zona* counts in its *quartiere*).
pub fn stats(conn: &mut AnyConnection, level: i64) -> Result<Stats, AppError> {
    let per_state: Vec<(String, i64)> = pacts::table
        .filter(pacts::listed.eq(true))
        .group_by(pacts::state)
        .select((pacts::state, diesel::dsl::count_star()))
        .load(conn)?;
    let by_state = PactState::ALL
        .iter()
        .filter(|s| s.is_public())
        .map(|s| {
            let n = per_state.iter().find(|x| x.0 == s.code()).map(|x| x.1);
            (*s, n.unwrap_or(0))
        })
        .collect();
    let per_district: Vec<(Option<i64>, i64)> = pacts::table
        .filter(pacts::listed.eq(true))
        .group_by(pacts::district_id)
        .select((pacts::district_id, diesel::dsl::count_star()))
        .load(conn)?;
    // Rolled up to the chosen level of districts (the top one by default).
    let by_district = crate::commons::api::district_tree(conn)?.roll_up(&per_district, level);
    let spans: Vec<(NaiveDateTime, NaiveDateTime)> = pacts::table
        .filter(pacts::submitted_at.is_not_null())
        .filter(pacts::signed_at.is_not_null())
        .select((
            pacts::submitted_at.assume_not_null(),
            pacts::signed_at.assume_not_null(),
        ))
        .load(conn)?;
    let mut days: Vec<i64> = spans.iter().map(|(a, b)| (*b - *a).num_days()).collect();
    days.sort_unstable();
    let median = median(&days);
    let active_rows: Vec<ItemRow> = pacts::table
        .filter(pacts::state.eq_any([PactState::Signed.code(), PactState::Monitoring.code()]))
        .filter(pacts::lat.is_not_null())
        .order(pacts::id.desc())
        .limit(2000)
        .select(item_columns!())
        .load(conn)?;
    Ok(Stats {
        support: super::support::totals(conn)?,
        total: per_state.iter().map(|x| x.1).sum(),
        by_state,
        by_district,
        signed_count: days.len() as i64,
        median_days_to_signature: median,
        active: items(conn, active_rows)?,
    })
}

/// The median of sorted whole numbers (the lower middle of an even count, rounded
/// towards the mean of the two middles).
pub fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5));
        assert_eq!(median(&[1, 3, 10]), Some(3));
        assert_eq!(median(&[1, 3, 9, 10]), Some(6));
    }
}
