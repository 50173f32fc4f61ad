//! The street gazetteer: the city's house numbers with their points, imported from
//! its open "numeri civici" file (`pactum addresses import`), so that every place
//! field accepts a typed address with no outside service. Suggestions match the
//! start of the normalised address, with or without the street's type; a form
//! without JavaScript resolves a typed address by the same match ([`resolve_place`]).
//! Every lookup is a few indexed queries with a limit.

use std::collections::HashMap;

use diesel::prelude::*;

pub use super::model::gazetteer::{
    Columns, GazetteerRow, MAX_QUERY_CHARS, ParsedGazetteer, name_key, normalise, parse_csv,
};
use crate::db::AnyConnection;
use crate::db::schema::addresses;
use crate::error::AppError;
use crate::kit::refusal::FormErrors;

/// The most suggestions (and candidates of an ambiguous address) given.
pub const MAX_SUGGESTIONS: usize = 10;
/// The fewest characters of a normalised query suggestions answer.
pub const MIN_QUERY_CHARS: usize = 2;

/// One house number of the gazetteer.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Address {
    #[serde(skip)]
    pub id: i64,
    pub street: String,
    pub house_number: String,
    pub lat: f64,
    pub lng: f64,
    #[serde(skip)]
    pub district_id: Option<i64>,
}

impl Address {
    /// "Via Zamboni 33".
    pub fn label(&self) -> String {
        format!("{} {}", self.street, self.house_number)
    }
    pub fn lat_text(&self) -> String {
        format!("{:.6}", self.lat)
    }
    pub fn lng_text(&self) -> String {
        format!("{:.6}", self.lng)
    }
}

type Row = (i64, String, String, f64, f64, Option<i64>);

fn to_address((id, street, house_number, lat, lng, district_id): Row) -> Address {
    Address {
        id,
        street,
        house_number,
        lat,
        lng,
        district_id,
    }
}

macro_rules! address_columns {
    () => {
        (
            addresses::id,
            addresses::street,
            addresses::house_number,
            addresses::lat,
            addresses::lng,
            addresses::district_id,
        )
    };
}

/// Whether the city has imported a gazetteer.
pub fn has_any(conn: &mut AnyConnection) -> Result<bool, AppError> {
    Ok(addresses::table
        .select(addresses::id)
        .first::<i64>(conn)
        .optional()?
        .is_some())
}

/// How many addresses the gazetteer holds.
pub fn count(conn: &mut AnyConnection) -> Result<i64, AppError> {
    Ok(addresses::table.count().get_result(conn)?)
}

/// Saves a parsed gazetteer in one transaction: a street and number already known
/// gets the new spelling and point, new ones are added; each is placed in the
/// deepest district containing it. Returns (added, updated).
pub fn save_import(
    conn: &mut AnyConnection,
    items: &[GazetteerRow],
) -> Result<(usize, usize), AppError> {
    crate::db::write_transaction(conn, |conn| {
        let locator = super::districts::Locator::load(conn)?;
        let known: HashMap<String, i64> = addresses::table
            .select((addresses::search_key, addresses::id))
            .load::<(String, i64)>(conn)?
            .into_iter()
            .collect();
        let mut fresh = Vec::new();
        let mut updated = 0;
        for r in items {
            let district = locator.locate(r.lng, r.lat);
            match known.get(&r.search_key) {
                Some(id) => {
                    diesel::update(addresses::table.find(id))
                        .set((
                            addresses::street.eq(&r.street),
                            addresses::house_number.eq(&r.house_number),
                            addresses::name_key.eq(&r.name_key),
                            addresses::lat.eq(r.lat),
                            addresses::lng.eq(r.lng),
                            addresses::district_id.eq(district),
                        ))
                        .execute(conn)?;
                    updated += 1;
                }
                None => fresh.push((
                    addresses::street.eq(&r.street),
                    addresses::house_number.eq(&r.house_number),
                    addresses::search_key.eq(&r.search_key),
                    addresses::name_key.eq(&r.name_key),
                    addresses::lat.eq(r.lat),
                    addresses::lng.eq(r.lng),
                    addresses::district_id.eq(district),
                )),
            }
        }
        // One statement per row: batch inserts do not go through the connection
        // that serves both backends; inside one transaction this stays fast.
        for row in &fresh {
            diesel::insert_into(addresses::table)
                .values(*row)
                .execute(conn)?;
        }
        Ok((fresh.len(), updated))
    })
}

/// What a typed text is looked up by: its key, and whether it names no street type
/// (then the key without the type is searched too: "roma 12" finds "via roma 12").
/// None when the text has too little to look for.
fn keys(text: &str) -> Option<(String, bool)> {
    let key = normalise(text);
    if key.len() < MIN_QUERY_CHARS {
        return None;
    }
    let untyped = name_key(&key) == key;
    Some((key, untyped))
}

/// Addresses whose key (or, for an untyped text, key without the street type)
/// starts with `key`: indexed range scans, each stopping after `limit`; the shortest
/// keys first.
fn starting_with(
    conn: &mut AnyConnection,
    key: &str,
    untyped: bool,
    limit: usize,
) -> Result<Vec<Address>, AppError> {
    // Keys hold only a-z, 0-9 and single spaces: no LIKE wildcard to escape.
    let n = i64::try_from(limit).unwrap_or(10);
    let mut found: Vec<(String, Row)> = addresses::table
        .filter(addresses::search_key.like(format!("{key}%")))
        .order(addresses::search_key.asc())
        .limit(n)
        .select((addresses::search_key, address_columns!()))
        .load(conn)?;
    if untyped {
        let by_name: Vec<(String, Row)> = addresses::table
            .filter(addresses::name_key.like(format!("{key}%")))
            .order(addresses::name_key.asc())
            .limit(n)
            .select((addresses::search_key, address_columns!()))
            .load(conn)?;
        for r in by_name {
            if !found.iter().any(|(k, _)| *k == r.0) {
                found.push(r);
            }
        }
    }
    // Shorter keys first: "via roma 1" before "via roma 10".
    found.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.0.cmp(&b.0)));
    found.truncate(limit);
    Ok(found.into_iter().map(|(_, r)| to_address(r)).collect())
}

/// Addresses whose key is exactly the typed one (at most one: keys are unique), else,
/// for an untyped text, whose key without the street type is.
fn exactly(
    conn: &mut AnyConnection,
    key: &str,
    untyped: bool,
    limit: usize,
) -> Result<Vec<Address>, AppError> {
    let one: Option<Row> = addresses::table
        .filter(addresses::search_key.eq(key))
        .select(address_columns!())
        .first(conn)
        .optional()?;
    if let Some(r) = one {
        return Ok(vec![to_address(r)]);
    }
    if !untyped {
        return Ok(Vec::new());
    }
    let rows: Vec<Row> = addresses::table
        .filter(addresses::name_key.eq(key))
        .order(addresses::search_key.asc())
        .limit(i64::try_from(limit).unwrap_or(10))
        .select(address_columns!())
        .load(conn)?;
    Ok(rows.into_iter().map(to_address).collect())
}

/// Suggestions for what a person is typing: at most [`MAX_SUGGESTIONS`], the
/// shortest matches first; none for fewer than [`MIN_QUERY_CHARS`] characters.
pub fn suggest(conn: &mut AnyConnection, text: &str) -> Result<Vec<Address>, AppError> {
    let Some((key, untyped)) = keys(text) else {
        return Ok(Vec::new());
    };
    let mut out = exactly(conn, &key, untyped, MAX_SUGGESTIONS)?;
    if out.len() < MAX_SUGGESTIONS {
        for a in starting_with(conn, &key, untyped, MAX_SUGGESTIONS)? {
            if out.len() < MAX_SUGGESTIONS && !out.iter().any(|x| x.id == a.id) {
                out.push(a);
            }
        }
    }
    Ok(out)
}

/// What a typed address comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// One address matches.
    One(Address),
    /// Several do: the first [`MAX_SUGGESTIONS`], and whether there are more.
    Several(Vec<Address>, bool),
    /// None does (or the text has nothing to look for).
    None,
}

/// Resolves a typed address by plain text match: an exact match of the whole
/// address (or of it without the street's type) first, else the addresses it is the
/// start of.
pub fn resolve(conn: &mut AnyConnection, text: &str) -> Result<Resolution, AppError> {
    let Some((key, untyped)) = keys(text) else {
        return Ok(Resolution::None);
    };
    let pick = |mut found: Vec<Address>| match found.len() {
        0 => Resolution::None,
        1 => Resolution::One(found.remove(0)),
        n => {
            found.truncate(MAX_SUGGESTIONS);
            Resolution::Several(found, n > MAX_SUGGESTIONS)
        }
    };
    let exact = exactly(conn, &key, untyped, MAX_SUGGESTIONS + 1)?;
    if !exact.is_empty() {
        return Ok(pick(exact));
    }
    Ok(pick(starting_with(
        conn,
        &key,
        untyped,
        MAX_SUGGESTIONS + 1,
    )?))
}

/// A place field of a form: the typed address and, when it was ambiguous, the
/// addresses to choose from (the template `places/_address.html` shows them).
#[derive(Debug, Clone, Default)]
pub struct PlaceField {
    /// The field's name and id ("address", "near").
    pub name: &'static str,
    /// The ids of the latitude and longitude inputs suggestions fill ("" for none).
    pub lat_id: &'static str,
    pub lng_id: &'static str,
    /// The label's and hint's translation keys.
    pub label: &'static str,
    pub hint: &'static str,
    pub value: String,
    pub candidates: Vec<Address>,
    /// More addresses match than the candidates shown.
    pub more: bool,
}

impl PlaceField {
    pub fn new(
        name: &'static str,
        label: &'static str,
        hint: &'static str,
        value: &str,
    ) -> PlaceField {
        PlaceField {
            name,
            label,
            hint,
            value: value.to_string(),
            ..PlaceField::default()
        }
    }

    /// Suggestions fill these latitude and longitude inputs.
    pub fn filling(mut self, lat_id: &'static str, lng_id: &'static str) -> PlaceField {
        self.lat_id = lat_id;
        self.lng_id = lng_id;
        self
    }

    /// Records what the field came to: the address found (returned, for the form to
    /// take its point), or the candidates to pick from and the field's message.
    pub fn settle(&mut self, outcome: PlaceOutcome, errors: &mut FormErrors) -> Option<Address> {
        if let Some(key) = outcome.error_key() {
            errors.add(self.name, key);
        }
        match outcome {
            PlaceOutcome::Found(a) => {
                self.value = a.label();
                Some(a)
            }
            PlaceOutcome::Ambiguous(c, more) => {
                self.candidates = c;
                self.more = more;
                None
            }
            PlaceOutcome::AsTyped | PlaceOutcome::NotFound => None,
        }
    }

    /// The id of the choice `i` (for labels).
    pub fn choice_id(&self, i: &usize) -> String {
        format!("{}-choice-{i}", self.name)
    }

    /// The name of the radio group of candidates.
    pub fn choice_name(&self) -> String {
        format!("{}_choice", self.name)
    }
}

/// What a place field came to when its form was sent.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceOutcome {
    /// Coordinates were typed (or picked on the map), or nothing was typed at all:
    /// the form's own checks decide.
    AsTyped,
    /// The typed address is this one: its point fills the empty coordinates.
    Found(Address),
    /// Several match: the person picks one (the first ten, and whether more match).
    Ambiguous(Vec<Address>, bool),
    /// No address matches.
    NotFound,
}

impl PlaceOutcome {
    /// The translation key of the field's message, for the two outcomes that stop
    /// the form.
    pub fn error_key(&self) -> Option<&'static str> {
        match self {
            PlaceOutcome::Ambiguous(..) => Some("places-address-several"),
            PlaceOutcome::NotFound => Some("places-address-none"),
            _ => None,
        }
    }
}

/// The one rule every place field follows without JavaScript: a typed address with
/// empty coordinates is resolved through the gazetteer. `choice` is the candidate
/// picked from an earlier ambiguous answer (it wins over the text).
pub fn resolve_place(
    conn: &mut AnyConnection,
    address: &str,
    choice: &str,
    lat: &str,
    lng: &str,
) -> Result<PlaceOutcome, AppError> {
    let typed = if choice.trim().is_empty() {
        address
    } else {
        choice
    };
    if !(lat.trim().is_empty() && lng.trim().is_empty()) || typed.trim().is_empty() {
        return Ok(PlaceOutcome::AsTyped);
    }
    // A city without a gazetteer: the address is only text, the coordinates are asked.
    if !has_any(conn)? {
        return Ok(PlaceOutcome::AsTyped);
    }
    Ok(match resolve(conn, typed)? {
        Resolution::One(a) => PlaceOutcome::Found(a),
        Resolution::Several(c, more) => PlaceOutcome::Ambiguous(c, more),
        Resolution::None => PlaceOutcome::NotFound,
    })
}
