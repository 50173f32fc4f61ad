//! Full-text, filter and geo search, shared by every domain area and knowing none.
//!
//! A domain area describes its documents as [`SearchDoc`]s (a title, a free-text body in
//! any of English, Italian, Dutch or French, `(field, value)` filter pairs, an optional
//! point and a tie-break rank) and asks [`SearchIndex::search`] for [`SearchHit`]s.
//!
//! Two backends implement [`SearchIndex`]:
//! - the embedded one (tantivy, on disk under `<data_dir>/search/<name>/`), the default;
//! - Meilisearch, when a [`MeiliConfig`] is given, for several stateless instances.
//!
//! [`sync`] keeps an area's index in step with the database through the outbox (the
//! area describes its index as a [`sync::Source`]); [`request`] runs one search for a
//! person (their budget of searches, the errors a page shows).
//!
//! Rules:
//! - The trait is synchronous: call it from blocking threads (`web::block`, the job worker).
//! - `title_html` and `snippet_html` are HTML-escaped text whose only markup is
//!   `<mark>`/`</mark>` around matches, so pages may insert them raw.
//! - The index is derived data: it can always be rebuilt with `pactum reindex`. The
//!   embedded backend therefore recreates an incompatible or corrupt index empty (and logs
//!   a warning saying to reindex) rather than refusing to start.

mod embedded;
mod meili;
pub mod request;
pub mod sync;

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// A point on the Earth, in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    /// Latitude, -90..=90.
    pub lat: f64,
    /// Longitude, -180..=180.
    pub lng: f64,
}

/// One document to index.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    /// Unique id within the index; upserting the same id replaces the document.
    pub id: i64,
    /// Short title, searched and highlighted.
    pub title: String,
    /// Long free text (description, rules...), searched; the snippet comes from it.
    pub body: String,
    /// `(field, value)` pairs; a field may repeat (multi-valued). Fields must be listed in
    /// the index's [`IndexSpec::filter_fields`].
    pub filters: Vec<(String, String)>,
    /// Where the document is, if anywhere.
    pub geo: Option<GeoPoint>,
    /// Tie-break sort key, larger is better (e.g. a timestamp).
    pub rank: i64,
}

/// Longest search text, in characters (after trimming).
pub const MAX_QUERY_CHARS: usize = 200;
/// Most words in a search text (a word is a run of letters and digits).
pub const MAX_QUERY_WORDS: usize = 10;
/// Only the first this many words are matched with typos (fuzzy matching is the costly
/// part of a query).
pub const FUZZY_WORDS: usize = 3;
/// Deepest result a page or an API may ask for (as an offset): past it, results are
/// not worth their cost.
pub const MAX_OFFSET: usize = 10_000;

/// Search text within the bounds: at most [`MAX_QUERY_CHARS`] characters and
/// [`MAX_QUERY_WORDS`] words. [`SearchText::parse`] is the only way to build one, so no
/// backend can be handed an unbounded query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchText(String);

/// Why a search text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SearchTextError {
    /// More than [`MAX_QUERY_CHARS`] characters.
    #[error("the search text is longer than {MAX_QUERY_CHARS} characters")]
    TooLong,
    /// More than [`MAX_QUERY_WORDS`] words.
    #[error("the search text has more than {MAX_QUERY_WORDS} words")]
    TooManyWords,
}

impl SearchTextError {
    /// The translation key of the message for the person searching.
    pub fn message_key(self) -> &'static str {
        match self {
            SearchTextError::TooLong => "search-error-too-long",
            SearchTextError::TooManyWords => "search-error-too-many-words",
        }
    }
}

impl SearchText {
    /// Trims `raw` and checks the bounds; the work done is bounded whatever `raw` holds.
    pub fn parse(raw: &str) -> Result<SearchText, SearchTextError> {
        let text = raw.trim();
        // A character is at most 4 bytes: longer input is refused without reading it.
        if text.len() > MAX_QUERY_CHARS * 4 || text.chars().nth(MAX_QUERY_CHARS).is_some() {
            return Err(SearchTextError::TooLong);
        }
        if words(text).nth(MAX_QUERY_WORDS).is_some() {
            return Err(SearchTextError::TooManyWords);
        }
        Ok(SearchText(text.to_string()))
    }

    /// The text, trimmed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text has no word (empty, or punctuation only).
    pub fn is_empty(&self) -> bool {
        words(&self.0).next().is_none()
    }
}

/// The words of a text: runs of letters and digits (as the embedded index's tokenizer
/// splits them).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A search request.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// Free text; empty means filters/geo only, ordered by distance when `near` is set,
    /// else by rank (descending).
    pub text: SearchText,
    /// AND across fields, OR within a field's values. A field with no values is ignored.
    pub filters: Vec<(String, Vec<String>)>,
    /// Only documents within this many metres of this point.
    pub near: Option<(GeoPoint, f64)>,
    /// Page size; 0 only counts.
    pub limit: usize,
    /// Number of hits to skip.
    pub offset: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        SearchQuery {
            text: SearchText::default(),
            filters: Vec::new(),
            near: None,
            limit: 20,
            offset: 0,
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The document's id.
    pub id: i64,
    /// The escaped title with matches in `<mark>`.
    pub title_html: String,
    /// About 160 escaped characters of the body around the best match, matches in `<mark>`.
    pub snippet_html: String,
    /// Distance from the query's `near` point, when one was given.
    pub distance_m: Option<f64>,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// The hits of the requested page.
    pub hits: Vec<SearchHit>,
    /// Total number of matches (Meilisearch gives an estimate).
    pub total: usize,
}

/// What an index is called and which fields can be filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexSpec {
    /// Index name: lowercase ASCII letters, digits, `_` and `-`.
    pub name: &'static str,
    /// Filterable fields: lowercase ASCII letters, digits and `_`, not starting with `_`,
    /// and none of `id`, `title`, `body`, `rank`.
    pub filter_fields: &'static [&'static str],
}

/// Where the Meilisearch server is.
#[derive(Clone, PartialEq, Eq)]
pub struct MeiliConfig {
    /// Base URL, e.g. `http://127.0.0.1:7700`.
    pub url: String,
    /// API key (sent as a bearer token), if the server needs one.
    pub api_key: Option<String>,
}

impl fmt::Debug for MeiliConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MeiliConfig")
            .field("url", &self.url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Why a search operation failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The backend cannot be reached.
    #[error("search backend unavailable: {0}")]
    Unavailable(String),
    /// The backend did not answer or finish in time.
    #[error("search backend timed out: {0}")]
    Timeout(String),
    /// The backend refused a request or a task failed; carries the backend's message.
    #[error("search task failed: {0}")]
    TaskFailed(String),
    /// The query cannot be run (unknown filter field, impossible coordinates...).
    #[error("bad search query: {0}")]
    BadQuery(String),
    /// A document cannot be indexed.
    #[error("invalid search document {id}: {reason}")]
    InvalidDocument {
        /// The document's id.
        id: i64,
        /// What is wrong with it.
        reason: String,
    },
    /// The index spec or the backend configuration is invalid.
    #[error("invalid search configuration: {0}")]
    Config(String),
    /// Reading or writing the on-disk index failed.
    #[error("search index I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The embedded index engine failed.
    #[error("search index error: {0}")]
    Index(String),
}

/// A search index: documents in, ranked and highlighted hits out.
pub trait SearchIndex: Send + Sync {
    /// Adds or replaces documents by id, in one commit.
    fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError>;
    /// Removes documents by id; unknown ids are ignored.
    fn delete(&self, ids: &[i64]) -> Result<(), SearchError>;
    /// Removes every document (before a full reindex).
    fn clear(&self) -> Result<(), SearchError>;
    /// Runs a query.
    fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError>;
    /// `"embedded"` or `"meilisearch"`.
    fn backend_name(&self) -> &'static str;
}

/// Opens the index: Meilisearch when `meili` is given, else the embedded index under
/// `<data_dir>/search/<spec.name>/` (created if missing).
pub fn open(
    spec: IndexSpec,
    data_dir: &Path,
    meili: Option<MeiliConfig>,
) -> Result<Arc<dyn SearchIndex>, SearchError> {
    validate_spec(&spec)?;
    match meili {
        Some(config) => Ok(Arc::new(meili::MeiliIndex::open(spec, &config)?)),
        None => {
            let dir = data_dir.join("search").join(spec.name);
            Ok(Arc::new(embedded::EmbeddedIndex::open(spec, &dir)?))
        }
    }
}

/// Field names the backends use themselves.
const RESERVED_FIELDS: [&str; 4] = ["id", "title", "body", "rank"];

/// Target length of a snippet, in characters.
const SNIPPET_CHARS: usize = 160;

/// Highlight markers used with Meilisearch (Unicode private use, stripped from documents).
const MARK_START: char = '\u{E000}';
const MARK_END: char = '\u{E001}';

fn validate_spec(spec: &IndexSpec) -> Result<(), SearchError> {
    let name_ok = !spec.name.is_empty()
        && spec.name.len() <= 64
        && spec
            .name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !name_ok {
        return Err(SearchError::Config(format!(
            "index name {:?} must be 1-64 characters of a-z, 0-9, _ and -",
            spec.name
        )));
    }
    for (i, field) in spec.filter_fields.iter().enumerate() {
        let ok = !field.is_empty()
            && !field.starts_with('_')
            && field
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && !RESERVED_FIELDS.contains(field);
        if !ok {
            return Err(SearchError::Config(format!(
                "filter field {field:?} of index {:?} must be a-z, 0-9 and _, not start with _, \
                 and not be one of {RESERVED_FIELDS:?}",
                spec.name
            )));
        }
        if spec.filter_fields[..i].contains(field) {
            return Err(SearchError::Config(format!(
                "filter field {field:?} is listed twice in index {:?}",
                spec.name
            )));
        }
    }
    Ok(())
}

/// Checks a document against the spec before any backend sees it.
fn validate_doc(spec: &IndexSpec, doc: &SearchDoc) -> Result<(), SearchError> {
    let invalid = |reason: String| SearchError::InvalidDocument { id: doc.id, reason };
    for (field, _) in &doc.filters {
        if !spec.filter_fields.contains(&field.as_str()) {
            return Err(invalid(format!(
                "filter field {field:?} is not one of {:?}",
                spec.filter_fields
            )));
        }
    }
    if let Some(point) = doc.geo
        && !valid_point(point)
    {
        return Err(invalid(format!("coordinates {point:?} are out of range")));
    }
    Ok(())
}

/// Checks a query against the spec.
fn validate_query(spec: &IndexSpec, q: &SearchQuery) -> Result<(), SearchError> {
    for (field, _) in &q.filters {
        if !spec.filter_fields.contains(&field.as_str()) {
            return Err(SearchError::BadQuery(format!(
                "cannot filter on {field:?}: filterable fields are {:?}",
                spec.filter_fields
            )));
        }
    }
    if let Some((point, radius)) = q.near {
        if !valid_point(point) {
            return Err(SearchError::BadQuery(format!(
                "coordinates {point:?} are out of range"
            )));
        }
        if !radius.is_finite() || radius < 0.0 {
            return Err(SearchError::BadQuery(format!(
                "radius {radius} must be a finite, non-negative number of metres"
            )));
        }
    }
    Ok(())
}

fn valid_point(p: GeoPoint) -> bool {
    p.lat.is_finite()
        && p.lng.is_finite()
        && (-90.0..=90.0).contains(&p.lat)
        && (-180.0..=180.0).contains(&p.lng)
}

/// Mean Earth radius in metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle distance in metres (haversine).
fn haversine_m(a: GeoPoint, b: GeoPoint) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlng = (b.lng - a.lng).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Escapes text for HTML element content and attribute values.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            MARK_START | MARK_END => {}
            c => out.push(c),
        }
    }
}

/// Escapes `text` and wraps the byte `ranges` (sorted, disjoint) in `<mark>`.
fn mark_ranges(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * 13);
    let mut pos = 0;
    for r in ranges {
        let (Some(before), Some(inside)) = (text.get(pos..r.start), text.get(r.start..r.end))
        else {
            continue;
        };
        push_escaped(&mut out, before);
        out.push_str("<mark>");
        push_escaped(&mut out, inside);
        out.push_str("</mark>");
        pos = r.end;
    }
    push_escaped(&mut out, text.get(pos..).unwrap_or_default());
    out
}

/// Escapes text highlighted with [`MARK_START`]/[`MARK_END`] and turns the markers into
/// balanced `<mark>` tags.
fn markers_to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open = false;
    let mut buf = [0u8; 4];
    for c in text.chars() {
        match c {
            MARK_START if !open => {
                out.push_str("<mark>");
                open = true;
            }
            MARK_END if open => {
                out.push_str("</mark>");
                open = false;
            }
            MARK_START | MARK_END => {}
            c => push_escaped(&mut out, c.encode_utf8(&mut buf)),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

/// Removes the highlight markers from text before it is indexed by Meilisearch.
fn strip_markers(text: &str) -> String {
    text.chars()
        .filter(|c| *c != MARK_START && *c != MARK_END)
        .collect()
}

/// Escaped, highlighted snippet of about [`SNIPPET_CHARS`] characters of `body` around the
/// window with the most matches (or the start of the body when nothing matched).
fn snippet_html(body: &str, matches: &[Range<usize>]) -> String {
    let body = body.trim_end();
    if body.chars().count() <= SNIPPET_CHARS {
        return mark_ranges(body, matches);
    }
    let window_end = |start: usize| byte_after_chars(body, start, SNIPPET_CHARS);
    // The window starting a little before a match that covers the most matches.
    let mut start = 0;
    let mut best = 0;
    for m in matches {
        let lead = byte_before_chars(body, m.start, SNIPPET_CHARS / 4);
        let candidate = word_start(body, lead).min(m.start);
        let end = window_end(candidate);
        let count = matches
            .iter()
            .filter(|o| o.start >= candidate && o.end <= end)
            .count();
        if count > best {
            best = count;
            start = candidate;
        }
    }
    let mut end = window_end(start);
    // End on a word boundary, unless that would cut the window in half.
    if end < body.len()
        && let Some(space) = body
            .get(start..end)
            .and_then(|w| w.rfind(char::is_whitespace))
        && space > (end - start) / 2
    {
        end = start + space;
    }
    let inside: Vec<Range<usize>> = matches
        .iter()
        .filter(|m| m.start >= start && m.end <= end)
        .map(|m| m.start - start..m.end - start)
        .collect();
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&mark_ranges(
        body.get(start..end).unwrap_or_default(),
        &inside,
    ));
    if end < body.len() {
        out.push('…');
    }
    out
}

/// Byte index `n` characters after `from` (or the end).
fn byte_after_chars(text: &str, from: usize, n: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.char_indices().nth(n))
        .map_or(text.len(), |(i, _)| from + i)
}

/// Byte index `n` characters before `to` (or 0).
fn byte_before_chars(text: &str, to: usize, n: usize) -> usize {
    text.get(..to)
        .and_then(|head| head.char_indices().rev().nth(n.saturating_sub(1)))
        .map_or(0, |(i, _)| i)
}

/// Moves `at` forward to the start of the next word, unless it is already at one.
fn word_start(text: &str, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    let starts_word = text
        .get(..at)
        .and_then(|head| head.chars().next_back())
        .is_some_and(char::is_whitespace);
    if starts_word {
        return at;
    }
    text.get(at..)
        .and_then(|rest| rest.char_indices().find(|(_, c)| c.is_whitespace()))
        .map_or(at, |(i, c)| at + i + c.len_utf8())
}

#[cfg(test)]
pub(crate) mod tests;
