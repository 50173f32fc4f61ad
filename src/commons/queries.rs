//! Read-side queries of the registry: the filtered list with keyset pagination, "near
//! this place", the open-data export and the officials' review queue. Every query uses
//! an index (status, category, district, kind, or the lat/lng box), never a full scan
//! per page, and loads districts in the same query (no N+1).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::map_view::MapView;
use super::model::{Category, CommonsKind, Location, Provisioning, Status, distance_m};
use crate::accounts::api as accounts;
use crate::db::AnyConnection;
use crate::db::schema::{commons, commons_provisioning, districts};
use crate::error::AppError;
use crate::kit::translations::{Original, Shown, Subject};
use crate::web::forms::FormData;
use crate::web::translations::{TranslatedText, shown, translated_texts};

/// The list's filters, as in the URL: `category`, `district` (slug), `status`,
/// `provisioning`, `kind`. Only public statuses can be asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    pub category: Option<Category>,
    pub district: Option<String>,
    pub status: Option<Status>,
    pub provisioning: Option<Provisioning>,
    pub kind: Option<CommonsKind>,
    /// Some value could not be read (the API answers 400; pages ignore it).
    pub invalid: bool,
}

fn pick<T>(raw: &str, parse: impl Fn(&str) -> Option<T>, invalid: &mut bool) -> Option<T> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let v = parse(raw);
    if v.is_none() {
        *invalid = true;
    }
    v
}

impl Filters {
    pub fn from_form(f: &FormData) -> Filters {
        let mut invalid = false;
        let category = pick(f.get("category"), Category::parse, &mut invalid);
        let status = pick(
            f.get("status"),
            |s| Status::parse(s).filter(|s| s.is_listed()),
            &mut invalid,
        );
        let provisioning = pick(f.get("provisioning"), Provisioning::parse, &mut invalid);
        let kind = pick(f.get("kind"), CommonsKind::parse, &mut invalid);
        let district = pick(
            f.get("district"),
            |s| {
                (s.len() <= 120 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                    .then(|| s.to_string())
            },
            &mut invalid,
        );
        Filters {
            category,
            district,
            status,
            provisioning,
            kind,
            invalid,
        }
    }

    /// The filters as URL query pairs (empty ones left out).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(c) = self.category {
            out.push(("category", c.code().to_string()));
        }
        if let Some(d) = &self.district {
            out.push(("district", d.clone()));
        }
        if let Some(s) = self.status {
            out.push(("status", s.code().to_string()));
        }
        if let Some(p) = self.provisioning {
            out.push(("provisioning", p.code().to_string()));
        }
        if let Some(k) = self.kind {
            out.push(("kind", k.code().to_string()));
        }
        out
    }

    /// The filters as an urlencoded query string (no leading `?`).
    pub fn query(&self) -> String {
        let mut s = ::url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.pairs() {
            s.append_pair(k, &v);
        }
        s.finish()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs().is_empty()
    }

    pub fn category_code(&self) -> &str {
        self.category.map(|c| c.code()).unwrap_or("")
    }
    pub fn status_code(&self) -> &str {
        self.status.map(|c| c.code()).unwrap_or("")
    }
    pub fn provisioning_code(&self) -> &str {
        self.provisioning.map(|c| c.code()).unwrap_or("")
    }
    pub fn kind_code(&self) -> &str {
        self.kind.map(|c| c.code()).unwrap_or("")
    }
    pub fn district_slug(&self) -> &str {
        self.district.as_deref().unwrap_or("")
    }
}

/// One line of a list, a map marker, an export row.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ListItem {
    pub id: i64,
    pub name: String,
    #[serde(serialize_with = "code")]
    pub category: Category,
    #[serde(serialize_with = "code")]
    pub status: Status,
    #[serde(serialize_with = "code")]
    pub kind: CommonsKind,
    pub district: Option<String>,
    pub district_name: Option<String>,
    pub lat: f64,
    pub lng: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_m: Option<f64>,
    #[serde(skip)]
    pub district_id: Option<i64>,
    /// Its other language versions, `{lang: {title, description}}` (the read API's).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<&'static str, TranslatedText>,
    /// The name in the reader's language, or the original (see [`translate_items`]).
    #[serde(skip)]
    pub shown_name: Option<Shown>,
    /// The district's name likewise.
    #[serde(skip)]
    pub shown_district: Option<Shown>,
}

impl ListItem {
    /// The name as the reader gets it.
    pub fn name_shown(&self) -> Shown {
        self.shown_name.clone().unwrap_or_else(|| Shown {
            text: self.name.clone(),
            lang: "",
            foreign: false,
        })
    }

    /// The district's name as the reader gets it, if it is in one.
    pub fn district_shown(&self) -> Option<Shown> {
        self.shown_district.clone().or_else(|| {
            self.district_name.clone().map(|text| Shown {
                text,
                lang: "",
                foreign: false,
            })
        })
    }
}

/// Gives the listed commons and their districts their texts in the reader's language
/// (`reader`; the original in `default` otherwise) and their translations, loaded in
/// one query for the whole page.
pub fn translate_items(
    conn: &mut AnyConnection,
    items: &mut [ListItem],
    reader: &'static str,
    default: &'static str,
) -> Result<(), AppError> {
    if items.is_empty() {
        return Ok(());
    }
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    let mut districts: Vec<i64> = items.iter().filter_map(|i| i.district_id).collect();
    districts.sort_unstable();
    districts.dedup();
    let loaded = crate::db::translations::load(
        conn,
        &[(Subject::Commons, &ids), (Subject::District, &districts)],
    )?;
    for i in items {
        let texts = loaded.get(Subject::Commons, i.id);
        i.shown_name = Some(shown(reader, default, Original::title_only(&i.name), texts).title);
        i.translations = texts.map(translated_texts).unwrap_or_default();
        i.shown_district = match (i.district_id, &i.district_name) {
            (Some(d), Some(name)) => Some(
                shown(
                    reader,
                    default,
                    Original::title_only(name),
                    loaded.get(Subject::District, d),
                )
                .title,
            ),
            _ => None,
        };
    }
    Ok(())
}

/// Serialises a vocabulary value by its code.
pub trait Coded {
    fn code_str(&self) -> &'static str;
}
impl Coded for Category {
    fn code_str(&self) -> &'static str {
        self.code()
    }
}
impl Coded for Status {
    fn code_str(&self) -> &'static str {
        self.code()
    }
}
impl Coded for CommonsKind {
    fn code_str(&self) -> &'static str {
        self.code()
    }
}
fn code<T: Coded, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.code_str())
}

type ItemRow = (
    i64,
    String,
    String,
    String,
    String,
    f64,
    f64,
    Option<String>,
    Option<String>,
    Option<i64>,
);

fn to_item(r: ItemRow) -> Option<ListItem> {
    Some(ListItem {
        id: r.0,
        name: r.1,
        category: Category::parse(&r.2)?,
        status: Status::parse(&r.3)?,
        kind: CommonsKind::parse(&r.4)?,
        lat: r.5,
        lng: r.6,
        district: r.7,
        district_name: r.8,
        distance_m: None,
        district_id: r.9,
        translations: BTreeMap::new(),
        shown_name: None,
        shown_district: None,
    })
}

/// The ids a district filter covers: the district's and every district's below it
/// (a quartiere's zones); none when the slug names no district. One query.
fn district_ids(conn: &mut AnyConnection, slug: &str) -> Result<Vec<i64>, AppError> {
    super::districts::ids_under(conn, slug)
}

macro_rules! filtered {
    ($conn:expr, $f:expr) => {{
        let f: &Filters = $f;
        let mut q = commons::table.left_join(districts::table).into_boxed();
        // `listed` mirrors "recognised or dormant": one equality the indexes lead with.
        q = q.filter(commons::listed.eq(true));
        if let Some(s) = f.status {
            q = q.filter(commons::status.eq(s.code()));
        }
        if let Some(c) = f.category {
            q = q.filter(commons::category.eq(c.code()));
        }
        if let Some(k) = f.kind {
            q = q.filter(commons::kind.eq(k.code()));
        }
        if let Some(slug) = &f.district {
            // An unknown district matches nothing.
            let ids = district_ids($conn, slug)?;
            q = q.filter(commons::district_id.eq_any(ids));
        }
        if let Some(p) = f.provisioning {
            // Correlated EXISTS: the scan in id order stops after one page.
            q = q.filter(diesel::dsl::exists(
                commons_provisioning::table
                    .filter(commons_provisioning::commons_id.eq(commons::id))
                    .filter(commons_provisioning::provisioning.eq(p.code())),
            ));
        }
        q.select((
            commons::id,
            commons::name,
            commons::category,
            commons::status,
            commons::kind,
            commons::lat,
            commons::lng,
            districts::slug.nullable(),
            districts::name.nullable(),
            commons::district_id,
        ))
    }};
}

/// One page of public commons, newest first, after the cursor (an id); returns the
/// page and the next cursor.
pub fn list(
    conn: &mut AnyConnection,
    f: &Filters,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<ListItem>, Option<i64>), AppError> {
    let mut q = filtered!(conn, f);
    if let Some(a) = after {
        q = q.filter(commons::id.lt(a));
    }
    let rows: Vec<ItemRow> = q.order(commons::id.desc()).limit(limit + 1).load(conn)?;
    let items = rows.into_iter().filter_map(to_item).collect();
    Ok(keyset_page(items, limit, |i| i.id))
}

/// Cuts `limit + 1` fetched rows to one page; the cursor of the next page is the last
/// id shown, when more rows follow.
fn keyset_page<T>(mut items: Vec<T>, limit: i64, id: impl Fn(&T) -> i64) -> (Vec<T>, Option<i64>) {
    let limit = usize::try_from(limit).unwrap_or(0);
    let more = items.len() > limit;
    items.truncate(limit);
    let next = if more { items.last().map(id) } else { None };
    (items, next)
}

/// Public commons within `radius_m` of a place, nearest first (at most `limit`).
pub fn near(
    conn: &mut AnyConnection,
    f: &Filters,
    at: Location,
    radius_m: f64,
    limit: usize,
) -> Result<Vec<ListItem>, AppError> {
    let dlat = radius_m / 111_320.0;
    let dlng = radius_m / (111_320.0 * at.lat.to_radians().cos().abs().max(0.01));
    let rows: Vec<ItemRow> = filtered!(conn, f)
        .filter(commons::lat.between(at.lat - dlat, at.lat + dlat))
        .filter(commons::lng.between(at.lon - dlng, at.lon + dlng))
        .load(conn)?;
    let mut items: Vec<ListItem> = rows
        .into_iter()
        .filter_map(to_item)
        .filter_map(|mut i| {
            let d = distance_m(
                at,
                Location {
                    lat: i.lat,
                    lon: i.lng,
                },
            );
            i.distance_m = Some(d);
            (d <= radius_m).then_some(i)
        })
        .collect();
    items.sort_by(|a, b| {
        a.distance_m
            .unwrap_or(f64::MAX)
            .total_cmp(&b.distance_m.unwrap_or(f64::MAX))
            .then(a.id.cmp(&b.id))
    });
    items.truncate(limit);
    Ok(items)
}

/// Every public commons matching the filters, oldest first (for open data and the map).
pub fn export_page(
    conn: &mut AnyConnection,
    f: &Filters,
    after: i64,
    limit: i64,
) -> Result<Vec<ListItem>, AppError> {
    let rows: Vec<ItemRow> = filtered!(conn, f)
        .filter(commons::id.gt(after))
        .order(commons::id.asc())
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().filter_map(to_item).collect())
}

/// A group of commons in one cell of a map view's grid: how many, and where their
/// centre is (the mean of their positions, so a lone commons stays in place).
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub count: i64,
    pub lat: f64,
    pub lng: f64,
}

/// The filters as SQL conditions on `commons`. Every value is a code of an enum, a
/// district id or a number, never text a reader typed, so they are written in place.
fn filters_sql(conn: &mut AnyConnection, f: &Filters) -> Result<String, AppError> {
    let mut w = vec!["commons.listed = TRUE".to_string()];
    if let Some(s) = f.status {
        w.push(format!("commons.status = '{}'", s.code()));
    }
    if let Some(c) = f.category {
        w.push(format!("commons.category = '{}'", c.code()));
    }
    if let Some(k) = f.kind {
        w.push(format!("commons.kind = '{}'", k.code()));
    }
    if let Some(slug) = &f.district {
        let ids = district_ids(conn, slug)?;
        if ids.is_empty() {
            w.push("1 = 0".to_string());
        } else {
            let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
            w.push(format!("commons.district_id IN ({})", ids.join(",")));
        }
    }
    if let Some(p) = f.provisioning {
        w.push(format!(
            "EXISTS (SELECT 1 FROM commons_provisioning p WHERE p.commons_id = commons.id \
             AND p.provisioning = '{}')",
            p.code()
        ));
    }
    Ok(w.join(" AND "))
}

/// The map view's box as SQL conditions (finite numbers, checked by the view).
fn view_sql(v: &MapView) -> String {
    format!(
        "commons.lat BETWEEN {:.9} AND {:.9} AND commons.lng BETWEEN {:.9} AND {:.9}",
        v.south, v.north, v.west, v.east
    )
}

/// The public commons matching `f` in the view, at most `limit`, oldest first.
pub fn in_view(
    conn: &mut AnyConnection,
    f: &Filters,
    v: &MapView,
    limit: i64,
) -> Result<Vec<ListItem>, AppError> {
    let rows: Vec<ItemRow> = filtered!(conn, f)
        .filter(commons::lat.between(v.south, v.north))
        .filter(commons::lng.between(v.west, v.east))
        .order(commons::id.asc())
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().filter_map(to_item).collect())
}

/// The public commons matching `f` in the view, counted per cell of its grid: one
/// query, one row per cell that holds any (at most [`super::model::map_view::MAX_CELLS`]).
pub fn clusters_in_view(
    conn: &mut AnyConnection,
    f: &Filters,
    v: &MapView,
) -> Result<Vec<Cluster>, AppError> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
        #[diesel(sql_type = diesel::sql_types::Double)]
        lat: f64,
        #[diesel(sql_type = diesel::sql_types::Double)]
        lng: f64,
    }
    let cell = v.cell_degrees();
    // The cell's column and row: floor of a number that is at least 0 inside the box.
    let (column, row) = match conn {
        AnyConnection::Postgresql(_) => (
            format!("floor((commons.lng - ({:.9})) / {cell:e})", v.west),
            format!("floor((commons.lat - ({:.9})) / {cell:e})", v.south),
        ),
        AnyConnection::Sqlite(_) => (
            format!(
                "CAST((commons.lng - ({:.9})) / {cell:e} AS INTEGER)",
                v.west
            ),
            format!(
                "CAST((commons.lat - ({:.9})) / {cell:e} AS INTEGER)",
                v.south
            ),
        ),
    };
    let sql = format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(AVG(commons.lat) AS DOUBLE PRECISION) AS lat, \
         CAST(AVG(commons.lng) AS DOUBLE PRECISION) AS lng FROM commons \
         WHERE {} AND {} GROUP BY {column}, {row}",
        filters_sql(conn, f)?,
        view_sql(v)
    );
    let rows: Vec<Row> = diesel::sql_query(sql).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Cluster {
            count: r.n,
            lat: r.lat,
            lng: r.lng,
        })
        .collect())
}

/// What the open-data CSV adds to a public commons beyond its list item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportDetails {
    pub address: String,
    /// The owner's code (`municipality`, ...).
    pub owner: String,
    pub description: String,
    pub why: String,
    pub recognised_at: Option<NaiveDateTime>,
    /// Who cares for it, as its page lists them: the group, then the proposer's
    /// public name (empty for a deleted account).
    pub stewards: Vec<String>,
    /// What the commons office records: the asset or cadastral code, the condition's
    /// code, heritage or use restrictions.
    pub asset_code: String,
    pub condition: String,
    pub restrictions: String,
    /// The codes of the provisioning sectors it serves (Ghent's plan), in code order.
    pub provisioning: Vec<String>,
}

/// [`ExportDetails`] of some public commons, keyed by id: four queries whatever
/// their number (the commons, the people's names, the groups' names, the sectors).
pub fn export_details(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, ExportDetails>, AppError> {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        Option<NaiveDateTime>,
        i64,
        Option<i64>,
        (String, String, String),
    );
    let rows: Vec<Row> = commons::table
        .filter(commons::id.eq_any(ids))
        .filter(commons::listed.eq(true))
        .select((
            commons::id,
            commons::address,
            commons::owner,
            commons::description,
            commons::why,
            commons::recognised_at,
            commons::proposer_id,
            commons::group_id,
            (
                commons::asset_code,
                commons::condition,
                commons::restrictions,
            ),
        ))
        .load(conn)?;
    let mut uids: Vec<i64> = rows.iter().map(|r| r.6).collect();
    uids.sort_unstable();
    uids.dedup();
    let names: HashMap<i64, String> = accounts::display_names(conn, &uids)?.into_iter().collect();
    let mut gids: Vec<i64> = rows.iter().filter_map(|r| r.7).collect();
    gids.sort_unstable();
    gids.dedup();
    let groups: HashMap<i64, String> = accounts::group_names(conn, &gids)?.into_iter().collect();
    let mut sectors: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, code) in commons_provisioning::table
        .filter(commons_provisioning::commons_id.eq_any(ids))
        .order((
            commons_provisioning::commons_id.asc(),
            commons_provisioning::provisioning.asc(),
        ))
        .select((
            commons_provisioning::commons_id,
            commons_provisioning::provisioning,
        ))
        .load::<(i64, String)>(conn)?
    {
        sectors.entry(id).or_default().push(code);
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, address, owner, description, why, recognised_at, uid, gid, office)| {
                let stewards = gid
                    .and_then(|g| groups.get(&g).cloned())
                    .into_iter()
                    .chain(names.get(&uid).cloned())
                    .filter(|n| !n.is_empty())
                    .collect();
                (
                    id,
                    ExportDetails {
                        address,
                        owner,
                        description,
                        why,
                        recognised_at,
                        stewards,
                        asset_code: office.0,
                        condition: office.1,
                        restrictions: office.2,
                        provisioning: sectors.remove(&id).unwrap_or_default(),
                    },
                )
            },
        )
        .collect())
}

/// Public commons by id, in the order given (search results); unknown or non-public
/// ids are left out.
pub fn by_ids(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<ListItem>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<ItemRow> = filtered!(conn, &Filters::default())
        .filter(commons::id.eq_any(ids))
        .load(conn)?;
    let mut items: Vec<ListItem> = rows.into_iter().filter_map(to_item).collect();
    items.sort_by_key(|i| ids.iter().position(|x| *x == i.id));
    Ok(items)
}

/// A proposal waiting for an official.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub id: i64,
    pub name: String,
    pub category: Category,
    pub district_name: Option<String>,
    pub proposer_name: String,
    pub group_name: Option<String>,
    pub created_at: NaiveDateTime,
}

impl QueueItem {
    pub fn category_label_key(&self) -> String {
        self.category.label_key()
    }
}

/// Proposed commons, oldest first (the order they are owed an answer), after a cursor.
pub fn review_queue(
    conn: &mut AnyConnection,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<QueueItem>, Option<i64>), AppError> {
    type Row = (
        i64,
        String,
        String,
        Option<String>,
        i64,
        Option<i64>,
        NaiveDateTime,
    );
    let mut q = commons::table
        .left_join(districts::table)
        .filter(commons::status.eq(Status::Proposed.code()))
        .into_boxed();
    if let Some(a) = after {
        q = q.filter(commons::id.gt(a));
    }
    let rows: Vec<Row> = q
        .order(commons::id.asc())
        .limit(limit + 1)
        .select((
            commons::id,
            commons::name,
            commons::category,
            districts::name.nullable(),
            commons::proposer_id,
            commons::group_id,
            commons::created_at,
        ))
        .load(conn)?;
    // People's and groups' names from accounts, one query each for the whole page.
    let people: Vec<i64> = rows.iter().map(|r| r.4).collect();
    let group_ids: Vec<i64> = rows.iter().filter_map(|r| r.5).collect();
    let people: HashMap<i64, String> = accounts::display_names(conn, &people)?
        .into_iter()
        .collect();
    let group_names: HashMap<i64, String> = accounts::group_names(conn, &group_ids)?
        .into_iter()
        .collect();
    let items: Vec<QueueItem> = rows
        .into_iter()
        .filter_map(|r| {
            Some(QueueItem {
                id: r.0,
                name: r.1,
                category: Category::parse(&r.2)?,
                district_name: r.3,
                proposer_name: people.get(&r.4).cloned().unwrap_or_default(),
                group_name: r.5.and_then(|g| group_names.get(&g).cloned()),
                created_at: r.6,
            })
        })
        .collect();
    Ok(keyset_page(items, limit, |i| i.id))
}

/// How many proposals wait for an official.
pub fn queue_length(conn: &mut AnyConnection) -> Result<i64, AppError> {
    Ok(commons::table
        .filter(commons::status.eq(Status::Proposed.code()))
        .count()
        .get_result(conn)?)
}
