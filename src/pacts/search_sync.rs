//! Keeping the pacts' search index in step with the procedure.
//!
//! Every change to a pact writes an outbox row (kind `search.pacts`) in the same
//! transaction ([`enqueue`]: every history line does, through `store::event`, and so
//! does every edit of the text); the shared machinery of [`crate::search::sync`]
//! delivers it (claims with leases, retries with backoff, `pactum reindex`) and opens
//! the index (`SOURCE.open(config)`).
//!
//! What the index holds: public pacts only (`pacts.listed`, as on `/pacts`); a draft
//! is deleted from it (it was never there). A document is the current
//! version's title, objectives and activities, the public commons' names, the address
//! and the district, with the list's filters: `state`, `type`, `district` (slug),
//! `office` and `commons` (ids, as the list's query string has them).
//!
//! This module reads only the pacts' own tables and asks `commons::api` for names, so
//! that `store` may call [`enqueue`] without a cycle.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{pact_commons, pact_versions, pacts};
use crate::error::AppError;
use crate::kit::translations::Subject;
use crate::search::sync::{self, Source};
use crate::search::{GeoPoint, IndexSpec, SearchDoc};

/// The pacts index as the sync machinery sees it: public pacts are the listed ones;
/// the filter fields are the list's, named as its query string names them.
pub const SOURCE: Source = Source {
    outbox_kind: "search.pacts",
    spec: IndexSpec {
        name: "pacts",
        filter_fields: &["state", "type", "district", "office", "commons"],
    },
    documents,
    public_ids: sync::listed_ids!(crate::db::schema::pacts),
};

/// Asks for the pact `id` to be (re)indexed, in the caller's transaction.
pub fn enqueue(conn: &mut AnyConnection, id: i64) -> Result<(), AppError> {
    sync::enqueue(conn, &SOURCE, id)
}

type DocRow = (
    (i64, String, String, String, String),
    (
        Option<i64>,
        Option<i64>,
        Option<f64>,
        Option<f64>,
        String,
        String,
    ),
);

/// The search documents of the public pacts among `ids` (others are left out): a
/// fixed number of queries however many.
pub fn documents(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<SearchDoc>, AppError> {
    let rows: Vec<DocRow> = pacts::table
        .inner_join(pact_versions::table)
        .filter(pacts::id.eq_any(ids))
        .filter(pacts::listed.eq(true))
        .filter(pact_versions::number.eq(pacts::version))
        .select((
            (
                pacts::id,
                pact_versions::title,
                pact_versions::objectives,
                pact_versions::activities,
                pacts::state,
            ),
            (
                pacts::district_id,
                pacts::office_id,
                pacts::lat,
                pacts::lng,
                pacts::kind,
                pacts::address,
            ),
        ))
        .load(conn)?;
    let found: Vec<i64> = rows.iter().map(|r| r.0.0).collect();
    let links: Vec<(i64, i64)> = pact_commons::table
        .filter(pact_commons::pact_id.eq_any(&found))
        .order((pact_commons::pact_id.asc(), pact_commons::commons_id.asc()))
        .select((pact_commons::pact_id, pact_commons::commons_id))
        .load(conn)?;
    let mut commons_ids: Vec<i64> = links.iter().map(|l| l.1).collect();
    commons_ids.sort_unstable();
    commons_ids.dedup();
    // Only names anyone may see: a commons still under review stays out of the index.
    let names: HashMap<i64, String> =
        crate::commons::api::visible_names(conn, &commons_ids, None, commons_ids.len())?
            .into_iter()
            .collect();
    let districts = crate::commons::api::district_tree(conn)?;
    // Every language version is searchable: a search in any language finds it.
    let texts = crate::db::translations::load(conn, &[(Subject::Pact, &found)])?;
    Ok(rows
        .into_iter()
        .map(|(a, b)| {
            let (id, title, objectives, activities, state) = a;
            let (district_id, office, lat, lng, kind, address) = b;
            let district = district_id.and_then(|d| districts.get(d));
            let mut filters = vec![("state".to_string(), state), ("type".to_string(), kind)];
            // A pact in a zona is found by its quartiere too: every level's slug.
            for d in district_id.map(|d| districts.chain(d)).unwrap_or_default() {
                filters.push(("district".to_string(), d.slug.clone()));
            }
            if let Some(o) = office {
                filters.push(("office".to_string(), o.to_string()));
            }
            let mut body = vec![objectives, activities];
            for (_, c) in links.iter().filter(|l| l.0 == id) {
                filters.push(("commons".to_string(), c.to_string()));
                body.extend(names.get(c).cloned());
            }
            body.push(address);
            body.extend(district.map(|d| d.name.clone()));
            body.extend(
                texts
                    .get(Subject::Pact, id)
                    .map(|t| t.searchable())
                    .unwrap_or_default(),
            );
            body.retain(|s| !s.trim().is_empty());
            SearchDoc {
                id,
                title,
                body: body.join("\n\n"),
                filters,
                geo: lat.zip(lng).map(|(lat, lng)| GeoPoint { lat, lng }),
                // Newest first when there is no text to rank by, as on the list.
                rank: id,
            }
        })
        .collect())
}
