//! The pact lists: the public list with its filters, "my pacts", and the officials'
//! queue. Each loads its rows in one query and their names in one query per kind of
//! name, whatever the number of rows.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::accounts::api as accounts;
use crate::db::AnyConnection;
use crate::db::schema::{pact_commons, pacts};
use crate::db::translations;
use crate::error::AppError;
use crate::kit::actor::Who;
use crate::kit::translations::{Subject, Texts};
use crate::pacts::policy::QueueScope;
use crate::pacts::procedure::{Intensity, PactState, PactType};

/// A row of the lists, the queue and the open data.
#[derive(Debug, Clone)]
pub struct ListItem {
    pub id: i64,
    pub title: String,
    pub kind: PactType,
    pub intensity: Intensity,
    pub state: PactState,
    pub proposer_name: String,
    pub group_name: Option<String>,
    pub district_name: Option<String>,
    pub office_id: Option<i64>,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub submitted_at: Option<NaiveDateTime>,
    pub signed_at: Option<NaiveDateTime>,
    pub end_date: Option<NaiveDate>,
    pub signed_sha256: Option<String>,
    pub signed_ledger_index: Option<i64>,
    pub due_at: Option<NaiveDateTime>,
    pub state_since: NaiveDateTime,
    /// Its title in other languages, if it has any (loaded for the whole list at once).
    pub texts: Option<Texts>,
    /// Its district's name in other languages likewise.
    pub district_texts: Option<Texts>,
}

impl ListItem {
    pub fn state_key(&self) -> String {
        self.state.label_key()
    }
    pub fn kind_key(&self) -> String {
        self.kind.label_key()
    }
}

/// The list filters (from a query string).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub state: Option<PactState>,
    pub kind: Option<PactType>,
    pub district: Option<String>,
    pub office: Option<i64>,
    pub commons: Option<i64>,
}

impl Filters {
    pub fn from_form(f: &crate::web::forms::FormData) -> Result<Filters, &'static str> {
        let opt = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
        let state = match opt(f.get("state")) {
            Some(s) => Some(
                PactState::parse(&s)
                    .filter(|s| s.is_public())
                    .ok_or("error-bad-filter")?,
            ),
            None => None,
        };
        let kind = match opt(f.get("type")) {
            Some(s) => Some(PactType::parse(&s).ok_or("error-bad-filter")?),
            None => None,
        };
        let num = |s: Option<String>| -> Result<Option<i64>, &'static str> {
            s.map(|v| v.parse::<i64>().map_err(|_| "error-bad-filter"))
                .transpose()
        };
        Ok(Filters {
            state,
            kind,
            district: opt(f.get("district")),
            office: num(opt(f.get("office")))?,
            commons: num(opt(f.get("commons")))?,
        })
    }

    /// The filters that are set, as `(field, value)` pairs of the query string. The
    /// pacts' search index has filter fields of the same names and values
    /// (`search_sync::SPEC`), so these are its filters too.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("state", self.state.map(|s| s.code().to_string())),
            ("type", self.kind.map(|k| k.code().to_string())),
            ("district", self.district.clone()),
            ("office", self.office.map(|o| o.to_string())),
            ("commons", self.commons.map(|c| c.to_string())),
        ]
        .into_iter()
        .filter_map(|(field, value)| Some((field, value?)))
        .collect()
    }

    pub fn query(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (field, value) in self.pairs() {
            q.append_pair(field, &value);
        }
        q.finish()
    }
}

pub(super) type ItemRow = (
    (
        i64,
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        String,
    ),
    (
        Option<f64>,
        Option<f64>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        Option<NaiveDate>,
        Option<String>,
        Option<i64>,
        Option<NaiveDateTime>,
        NaiveDateTime,
    ),
);

macro_rules! item_columns {
    () => {
        (
            (
                pacts::id,
                pacts::title,
                pacts::kind,
                pacts::intensity,
                pacts::state,
                pacts::proposer_id,
                pacts::group_id,
                pacts::district_id,
                pacts::office_id,
                pacts::address,
            ),
            (
                pacts::lat,
                pacts::lng,
                pacts::submitted_at,
                pacts::signed_at,
                pacts::end_date,
                pacts::signed_sha256,
                pacts::signed_ledger_index,
                pacts::due_at,
                pacts::state_since,
            ),
        )
    };
}
pub(super) use item_columns;

/// Turns rows into items with names, looking each name up once.
pub(super) fn items(
    conn: &mut AnyConnection,
    rows: Vec<ItemRow>,
) -> Result<Vec<ListItem>, AppError> {
    let mut user_ids: Vec<i64> = rows.iter().map(|r| r.0.5).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let names = accounts::display_names(conn, &user_ids)?;
    let mut group_ids: Vec<i64> = rows.iter().filter_map(|r| r.0.6).collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    let group_names = accounts::group_names(conn, &group_ids)?;
    let districts = crate::commons::api::districts(conn)?;
    // Every language version of the titles and district names: one query.
    let ids: Vec<i64> = rows.iter().map(|r| r.0.0).collect();
    let mut district_ids: Vec<i64> = rows.iter().filter_map(|r| r.0.7).collect();
    district_ids.sort_unstable();
    district_ids.dedup();
    let texts = translations::load(
        conn,
        &[(Subject::Pact, &ids), (Subject::District, &district_ids)],
    )?;
    rows.into_iter()
        .map(|(a, b)| {
            Ok(ListItem {
                id: a.0,
                title: a.1,
                kind: PactType::parse(&a.2).ok_or_else(|| AppError::internal("pact kind"))?,
                intensity: Intensity::parse(&a.3)
                    .ok_or_else(|| AppError::internal("pact intensity"))?,
                state: PactState::parse(&a.4).ok_or_else(|| AppError::internal("pact state"))?,
                proposer_name: names
                    .iter()
                    .find(|n| n.0 == a.5)
                    .map(|n| n.1.clone())
                    .unwrap_or_default(),
                group_name: a
                    .6
                    .and_then(|g| group_names.iter().find(|x| x.0 == g).map(|x| x.1.clone())),
                district_name: a
                    .7
                    .and_then(|d| districts.iter().find(|x| x.id == d).map(|x| x.name.clone())),
                office_id: a.8,
                address: a.9,
                lat: b.0,
                lng: b.1,
                submitted_at: b.2,
                signed_at: b.3,
                end_date: b.4,
                signed_sha256: b.5,
                signed_ledger_index: b.6,
                due_at: b.7,
                state_since: b.8,
                texts: texts.get(Subject::Pact, a.0).cloned(),
                district_texts: a.7.and_then(|d| texts.get(Subject::District, d).cloned()),
            })
        })
        .collect()
}

/// Public pacts, newest first, one keyset page (`after` an id); the next cursor.
pub fn list(
    conn: &mut AnyConnection,
    f: &Filters,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<ListItem>, Option<i64>), AppError> {
    let mut q = pacts::table
        .filter(pacts::listed.eq(true))
        .select(item_columns!())
        .into_boxed();
    if let Some(s) = f.state {
        q = q.filter(pacts::state.eq(s.code()));
    }
    if let Some(k) = f.kind {
        q = q.filter(pacts::kind.eq(k.code()));
    }
    if let Some(d) = &f.district {
        // The district and the districts below it; an unknown one matches nothing.
        let ids = crate::commons::api::district_and_descendants(conn, d)?;
        q = q.filter(pacts::district_id.eq_any(ids));
    }
    if let Some(o) = f.office {
        q = q.filter(pacts::office_id.eq(o));
    }
    if let Some(c) = f.commons {
        q = q.filter(
            pacts::id.eq_any(
                pact_commons::table
                    .filter(pact_commons::commons_id.eq(c))
                    .select(pact_commons::pact_id),
            ),
        );
    }
    if let Some(a) = after {
        q = q.filter(pacts::id.lt(a));
    }
    let mut rows: Vec<ItemRow> = q.order(pacts::id.desc()).limit(limit + 1).load(conn)?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        rows.last().map(|r| r.0.0)
    } else {
        None
    };
    Ok((items(conn, rows)?, next))
}

/// The public pacts among `ids`, in the order of `ids` (search hits, best first).
pub fn by_ids(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<ListItem>, AppError> {
    let rows: Vec<ItemRow> = pacts::table
        .filter(pacts::id.eq_any(ids))
        .filter(pacts::listed.eq(true))
        .select(item_columns!())
        .load(conn)?;
    let mut out = items(conn, rows)?;
    out.sort_by_key(|i| ids.iter().position(|id| *id == i.id));
    Ok(out)
}

/// Every public pact, oldest first (open data).
pub fn all_public(conn: &mut AnyConnection, f: &Filters) -> Result<Vec<ListItem>, AppError> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let (mut page, next) = list(conn, f, after, 1000)?;
        out.append(&mut page);
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    out.reverse();
    Ok(out)
}

/// The pacts a person takes part in (proposer, group member, co-signer), newest first.
pub fn mine(conn: &mut AnyConnection, who: &Who) -> Result<Vec<ListItem>, AppError> {
    use crate::db::schema::pact_cosigners;
    let groups = accounts::groups_of(conn, who.id)?;
    let rows: Vec<ItemRow> = pacts::table
        .filter(
            pacts::proposer_id
                .eq(who.id)
                .or(pacts::group_id.eq_any(groups))
                .or(pacts::id.eq_any(
                    pact_cosigners::table
                        .filter(pact_cosigners::user_id.eq(who.id))
                        .select(pact_cosigners::pact_id),
                )),
        )
        .order(pacts::id.desc())
        .limit(500)
        .select(item_columns!())
        .load(conn)?;
    items(conn, rows)
}

/// The states on the officials' queue (the procedure is under way).
pub const QUEUE_STATES: &[PactState] = &[
    PactState::Submitted,
    PactState::AwaitingIntegration,
    PactState::Published,
    PactState::InReview,
    PactState::CoDesign,
    PactState::AwaitingSignatures,
    PactState::Monitoring,
];

/// The officials' queue: pacts under way, the nearest deadline first (those without a
/// deadline last), filterable by office (`Some(None)`: not yet assigned) and state.
pub fn queue(
    conn: &mut AnyConnection,
    scope: &QueueScope,
    office: Option<Option<i64>>,
    state: Option<PactState>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ListItem>, i64), AppError> {
    use crate::db::schema::pact_opinions;
    let codes: Vec<&str> = match state {
        Some(s) => vec![s.code()],
        None => QUEUE_STATES.iter().map(|s| s.code()).collect(),
    };
    let base = || {
        let mut q = pacts::table
            .filter(pacts::state.eq_any(codes.clone()))
            .into_boxed();
        if let QueueScope::Mine { offices, people } = scope {
            let contributing = pact_opinions::table
                .filter(pact_opinions::office_id.eq_any(offices.clone()))
                .select(pact_opinions::pact_id);
            q = q.filter(
                pacts::office_id
                    .eq_any(offices.clone())
                    .or(pacts::official_id.eq_any(people.clone()))
                    .or(pacts::id.eq_any(contributing)),
            );
        }
        match office {
            Some(Some(o)) => q = q.filter(pacts::office_id.eq(o)),
            Some(None) => q = q.filter(pacts::office_id.is_null()),
            None => {}
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let rows: Vec<ItemRow> = base()
        .order((
            pacts::due_at.is_null().asc(),
            pacts::due_at.asc(),
            pacts::id.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(item_columns!())
        .load(conn)?;
    Ok((items(conn, rows)?, total))
}

/// The responsible officials of some pacts: (pact, official), for the queue's marks.
pub fn officials_of(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    let rows: Vec<(i64, Option<i64>)> = pacts::table
        .filter(pacts::id.eq_any(ids))
        .select((pacts::id, pacts::official_id))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(p, o)| o.map(|o| (p, o)))
        .collect())
}
