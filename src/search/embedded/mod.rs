//! The embedded backend: a tantivy index on disk, for a single instance.
//!
//! Title and body go into one text field per language (en, it, nl, fr), each with its own
//! stemmer, and into a plain field (lower-cased, ASCII-folded) for exact, fuzzy and prefix
//! matching. Every query term must match in some field; the best field wins its score.
//! Typos: edit distance 1 for terms of 5-8 characters, 2 from 9, scored below exact matches,
//! for the first [`FUZZY_WORDS`] terms only (the text itself is bounded by [`SearchText`]);
//! the last term also matches as a prefix (from 3 characters). Filters are raw-string
//! fields, compared exactly (case-sensitive). Geo: f64 fast fields, a bounding-box
//! prefilter, then the exact haversine distance.
//!
//! An index whose schema differs from this code's, or that cannot be read, is recreated
//! empty with a warning: it is derived data and `pactum reindex` refills it. A writer lock
//! held by another process is an error, never a reason to wipe.
//!
//! Why one file of about 740 lines: the schema, the document writer and the query
//! builder read the same field list and change together (a field added to one and not
//! the others breaks search silently); split, they would only import each other. The
//! tests are in `tests.rs`.

use std::ops::{Bound, Range};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::directory::error::OpenReadError;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery,
    Occur, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenStream,
};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader,
    TantivyDocument, TantivyError, Term,
};

#[cfg(doc)]
use super::SearchText;
use super::{
    EARTH_RADIUS_M, FUZZY_WORDS, GeoPoint, IndexSpec, SearchDoc, SearchError, SearchHit,
    SearchIndex, SearchQuery, SearchResults, haversine_m, mark_ranges, snippet_html, validate_doc,
    validate_query,
};

/// The stemmed languages: field suffix and stemmer.
const LANGUAGES: [(&str, Language); 4] = [
    ("en", Language::English),
    ("it", Language::Italian),
    ("nl", Language::Dutch),
    ("fr", Language::French),
];
/// Indexing memory budget of the single writer thread.
const WRITER_MEMORY_BYTES: usize = 50_000_000;
/// Longer tokens (hashes, URLs) are not indexed.
const MAX_TOKEN_BYTES: usize = 64;
/// Score multipliers: an exact (unstemmed) match beats a stemmed one, which beats typos.
const EXACT_BOOST: Score = 1.5;
const PREFIX_BOOST: Score = 0.5;
const FUZZY_BOOST: Score = 0.3;
/// A little of the other fields' scores, so a term matching in several forms ranks higher.
const TIE_BREAKER: Score = 0.1;
/// The last query term matches as a prefix from this many characters.
const MIN_PREFIX_CHARS: usize = 3;
const PLAIN_TOKENIZER: &str = "pactum_plain";

/// Schema fields.
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    plain: Field,
    /// One per entry of [`LANGUAGES`], same order.
    stemmed: Vec<Field>,
    rank: Field,
    lat: Field,
    lng: Field,
    filters: Vec<(&'static str, Field)>,
}

/// The analyzers of the plain and stemmed fields (cloned per search: they need `&mut`).
#[derive(Clone)]
struct Analyzers {
    plain: TextAnalyzer,
    stemmed: Vec<TextAnalyzer>,
}

impl Analyzers {
    fn new() -> Self {
        Analyzers {
            plain: TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
            stemmed: LANGUAGES
                .iter()
                .map(|(_, lang)| {
                    TextAnalyzer::builder(SimpleTokenizer::default())
                        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
                        .filter(LowerCaser)
                        .filter(AsciiFoldingFilter)
                        .filter(Stemmer::new(*lang))
                        .build()
                })
                .collect(),
        }
    }
}

/// Tokens of `text` with their byte ranges in it.
fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(Range<usize>, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        out.push((token.offset_from..token.offset_to, token.text.clone()));
    }
    out
}

fn stemmed_tokenizer(lang: &str) -> String {
    format!("pactum_{lang}")
}

fn build_schema(spec: &IndexSpec) -> (Schema, Fields) {
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqs),
        )
    };
    let mut builder = Schema::builder();
    let id = builder.add_i64_field("id", INDEXED | STORED | FAST);
    let title = builder.add_text_field("title", STORED);
    let body = builder.add_text_field("body", STORED);
    let plain = builder.add_text_field("text", text(PLAIN_TOKENIZER));
    let stemmed = LANGUAGES
        .iter()
        .map(|(lang, _)| {
            builder.add_text_field(&format!("text_{lang}"), text(&stemmed_tokenizer(lang)))
        })
        .collect();
    let rank = builder.add_i64_field("rank", FAST);
    let lat = builder.add_f64_field("lat", FAST);
    let lng = builder.add_f64_field("lng", FAST);
    let filters = spec
        .filter_fields
        .iter()
        .map(|name| (*name, builder.add_text_field(&format!("f_{name}"), STRING)))
        .collect();
    let fields = Fields {
        id,
        title,
        body,
        plain,
        stemmed,
        rank,
        lat,
        lng,
        filters,
    };
    (builder.build(), fields)
}

fn index_error(e: TantivyError) -> SearchError {
    match e {
        TantivyError::LockFailure(..) => SearchError::Unavailable(format!(
            "the embedded search index is locked by another process \
             (is another pactum instance using this data directory?): {e}"
        )),
        TantivyError::IoError(io) => {
            SearchError::Io(std::io::Error::new(io.kind(), io.to_string()))
        }
        other => SearchError::Index(other.to_string()),
    }
}

/// Opens the index in `dir`, creating it, or recreating it empty when it is unusable.
fn open_or_recreate(dir: &Path, schema: &Schema) -> Result<Index, SearchError> {
    crate::util::create_private_dir(dir)?;
    let directory = MmapDirectory::open(dir).map_err(|e| SearchError::Index(e.to_string()))?;
    let exists = Index::exists(&directory).map_err(|e| SearchError::Index(e.to_string()))?;
    if !exists {
        return Index::create_in_dir(dir, schema.clone()).map_err(index_error);
    }
    let problem = match Index::open(directory) {
        Ok(index) if index.schema() == *schema => return Ok(index),
        Ok(_) => "its schema differs from this version's".to_string(),
        Err(
            e @ (TantivyError::DataCorruption(_)
            | TantivyError::IncompatibleIndex(_)
            | TantivyError::SchemaError(_)
            | TantivyError::DeserializeError(_)
            | TantivyError::OpenReadError(
                OpenReadError::FileDoesNotExist(_) | OpenReadError::IncompatibleIndex(_),
            )),
        ) => format!("it cannot be read ({e})"),
        Err(e) => return Err(index_error(e)),
    };
    tracing::warn!(
        dir = %dir.display(),
        "recreating the search index empty because {problem}; run `pactum reindex` to refill it"
    );
    std::fs::remove_dir_all(dir)?;
    crate::util::create_private_dir(dir)?;
    Index::create_in_dir(dir, schema.clone()).map_err(index_error)
}

/// Edit distance allowed for a query term of `chars` characters.
fn fuzzy_distance(chars: usize) -> u8 {
    match chars {
        0..5 => 0,
        5..9 => 1,
        _ => 2,
    }
}

/// Edit distance allowed for the `i`-th query term: typos only in the first few terms.
fn term_distance(i: usize, plain: &str) -> u8 {
    if i < FUZZY_WORDS {
        fuzzy_distance(plain.chars().count())
    } else {
        0
    }
}

/// One query word in every indexed form.
struct QueryTerm {
    plain: String,
    /// One per entry of [`LANGUAGES`].
    stems: Vec<String>,
}

fn analyze_query(analyzers: &mut Analyzers, text: &str) -> Vec<QueryTerm> {
    tokens(&mut analyzers.plain, text)
        .into_iter()
        .map(|(range, plain)| {
            let word = text.get(range).unwrap_or_default();
            let stems = analyzers
                .stemmed
                .iter_mut()
                .map(|a| {
                    tokens(a, word)
                        .into_iter()
                        .next()
                        .map_or_else(|| plain.clone(), |(_, stem)| stem)
                })
                .collect();
            QueryTerm { plain, stems }
        })
        .collect()
}

/// Decides which words of a stored text to highlight, mirroring the query's matching.
struct Matcher {
    /// Plain forms with their allowed edit distance.
    plain: Vec<(String, u8)>,
    /// Stems per language.
    stems: Vec<Vec<String>>,
    prefix: Option<String>,
}

impl Matcher {
    fn new(terms: &[QueryTerm]) -> Self {
        let prefix = terms
            .last()
            .filter(|t| t.plain.chars().count() >= MIN_PREFIX_CHARS)
            .map(|t| t.plain.clone());
        Matcher {
            plain: terms
                .iter()
                .enumerate()
                .map(|(i, t)| (t.plain.clone(), term_distance(i, &t.plain)))
                .collect(),
            stems: (0..LANGUAGES.len())
                .map(|i| {
                    terms
                        .iter()
                        .filter_map(|t| t.stems.get(i).cloned())
                        .collect()
                })
                .collect(),
            prefix,
        }
    }

    /// Sorted, disjoint byte ranges of the matching words of `text`.
    fn ranges(&self, analyzers: &mut Analyzers, text: &str) -> Vec<Range<usize>> {
        if self.plain.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<Range<usize>> = tokens(&mut analyzers.plain, text)
            .into_iter()
            .filter(|(_, token)| {
                self.plain
                    .iter()
                    .any(|(term, d)| term == token || within_distance(term, token, *d))
                    || self.prefix.as_ref().is_some_and(|p| token.starts_with(p))
            })
            .map(|(range, _)| range)
            .collect();
        for (analyzer, stems) in analyzers.stemmed.iter_mut().zip(&self.stems) {
            found.extend(
                tokens(analyzer, text)
                    .into_iter()
                    .filter(|(_, token)| stems.contains(token))
                    .map(|(range, _)| range),
            );
        }
        found.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(found.len());
        for r in found {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }
}

/// Whether `a` and `b` are within `max` edits (insert, delete, substitute, transpose).
fn within_distance(a: &str, b: &str, max: u8) -> bool {
    if max == 0 {
        return a == b;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let max = usize::from(max);
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    // Optimal string alignment distance, three rows.
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            row[j] = d;
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev[b.len()] <= max
}

/// Degrees of latitude and (when bounded) longitude within `radius` metres of `center`,
/// slightly padded: only a prefilter, the exact distance decides.
fn bounding_box(center: GeoPoint, radius: f64) -> ((f64, f64), Option<(f64, f64)>) {
    let angle = radius * 1.01 / EARTH_RADIUS_M + 1e-9;
    let dlat = angle.to_degrees();
    let lat = (center.lat - dlat, center.lat + dlat);
    if lat.0 <= -90.0 || lat.1 >= 90.0 {
        return (lat, None);
    }
    let s = angle.sin() / center.lat.to_radians().cos();
    if !(0.0..1.0).contains(&s) {
        return (lat, None);
    }
    let dlng = s.asin().to_degrees();
    let lng = (center.lng - dlng, center.lng + dlng);
    if lng.0 < -180.0 || lng.1 > 180.0 {
        return (lat, None);
    }
    (lat, Some(lng))
}

/// The tantivy search index.
pub(crate) struct EmbeddedIndex {
    spec: IndexSpec,
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    /// Created on the first write, so read-only users do not take the writer lock.
    writer: Mutex<Option<IndexWriter>>,
    fields: Fields,
    analyzers: Analyzers,
}

impl EmbeddedIndex {
    /// Opens (or creates) the index in `dir`.
    pub(crate) fn open(spec: IndexSpec, dir: &Path) -> Result<Self, SearchError> {
        let (schema, fields) = build_schema(&spec);
        let index = open_or_recreate(dir, &schema)?;
        let analyzers = Analyzers::new();
        index
            .tokenizers()
            .register(PLAIN_TOKENIZER, analyzers.plain.clone());
        for ((lang, _), analyzer) in LANGUAGES.iter().zip(&analyzers.stemmed) {
            index
                .tokenizers()
                .register(&stemmed_tokenizer(lang), analyzer.clone());
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(index_error)?;
        Ok(EmbeddedIndex {
            spec,
            dir: dir.to_path_buf(),
            index,
            reader,
            writer: Mutex::new(None),
            fields,
            analyzers,
        })
    }

    /// Runs `ops` on the writer and commits, or rolls back on error; then reloads the
    /// reader so the next search sees the change.
    fn write(
        &self,
        ops: impl FnOnce(&IndexWriter, &Fields) -> tantivy::Result<()>,
    ) -> Result<(), SearchError> {
        let mut guard = self.writer.lock().unwrap_or_else(|poisoned| {
            // A panic mid-write left uncommitted operations: drop them.
            let mut guard = poisoned.into_inner();
            if let Some(writer) = guard.as_mut() {
                let _ = writer.rollback();
            }
            guard
        });
        if guard.is_none() {
            let writer = self
                .index
                .writer_with_num_threads(1, WRITER_MEMORY_BYTES)
                .map_err(index_error)?;
            *guard = Some(writer);
        }
        let Some(writer) = guard.as_mut() else {
            return Err(SearchError::Index("the index writer is missing".into()));
        };
        if let Err(e) = ops(writer, &self.fields).and_then(|()| writer.commit().map(drop)) {
            if let Err(rollback) = writer.rollback() {
                tracing::error!(dir = %self.dir.display(), "search index rollback failed: {rollback}");
            }
            return Err(index_error(e));
        }
        drop(guard);
        self.reader.reload().map_err(index_error)
    }

    fn document(&self, doc: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut out = TantivyDocument::default();
        out.add_i64(f.id, doc.id);
        out.add_text(f.title, &doc.title);
        out.add_text(f.body, &doc.body);
        for field in std::iter::once(&f.plain).chain(&f.stemmed) {
            out.add_text(*field, &doc.title);
            out.add_text(*field, &doc.body);
        }
        out.add_i64(f.rank, doc.rank);
        if let Some(point) = doc.geo {
            out.add_f64(f.lat, point.lat);
            out.add_f64(f.lng, point.lng);
        }
        for (name, value) in &doc.filters {
            if let Some((_, field)) = f.filters.iter().find(|(n, _)| n == name) {
                out.add_text(*field, value);
            }
        }
        out
    }

    /// The query for one word: any of its forms in any field, the best one scoring.
    fn term_query(&self, term: &QueryTerm, i: usize, last: bool, fuzzy: bool) -> Box<dyn Query> {
        let f = &self.fields;
        let plain = Term::from_field_text(f.plain, &term.plain);
        let mut forms: Vec<Box<dyn Query>> = vec![Box::new(BoostQuery::new(
            Box::new(TermQuery::new(plain.clone(), IndexRecordOption::WithFreqs)),
            EXACT_BOOST,
        ))];
        for (field, stem) in f.stemmed.iter().zip(&term.stems) {
            forms.push(Box::new(TermQuery::new(
                Term::from_field_text(*field, stem),
                IndexRecordOption::WithFreqs,
            )));
        }
        let chars = term.plain.chars().count();
        let distance = term_distance(i, &term.plain);
        if fuzzy && distance > 0 {
            forms.push(Box::new(BoostQuery::new(
                Box::new(FuzzyTermQuery::new(plain.clone(), distance, true)),
                FUZZY_BOOST,
            )));
        }
        if last && chars >= MIN_PREFIX_CHARS {
            forms.push(Box::new(BoostQuery::new(
                Box::new(FuzzyTermQuery::new_prefix(plain, 0, true)),
                PREFIX_BOOST,
            )));
        }
        Box::new(DisjunctionMaxQuery::with_tie_breaker(forms, TIE_BREAKER))
    }

    /// The query: every word must match (exactly, by stem, as a prefix for the last
    /// word, and with `fuzzy` also with typos), within the filters and the radius.
    fn build_query(&self, terms: &[QueryTerm], q: &SearchQuery, fuzzy: bool) -> Box<dyn Query> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            clauses.push((
                Occur::Must,
                self.term_query(term, i, i + 1 == terms.len(), fuzzy),
            ));
        }
        // Filters and geo restrict without scoring.
        let restrict = |query: Box<dyn Query>| -> (Occur, Box<dyn Query>) {
            (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
        };
        for (name, values) in &q.filters {
            let Some((_, field)) = f.filters.iter().find(|(n, _)| n == name) else {
                continue; // validate_query has rejected unknown fields
            };
            if values.is_empty() {
                continue;
            }
            let set = TermSetQuery::new(values.iter().map(|v| Term::from_field_text(*field, v)));
            clauses.push(restrict(Box::new(set)));
        }
        if let Some((center, radius)) = q.near {
            let range = |field: Field, (lo, hi): (f64, f64)| {
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_f64(field, lo)),
                    Bound::Included(Term::from_field_f64(field, hi)),
                ))
            };
            let (lat, lng) = bounding_box(center, radius);
            clauses.push(restrict(range(f.lat, lat)));
            if let Some(lng) = lng {
                clauses.push(restrict(range(f.lng, lng)));
            }
        }
        if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        }
    }

    fn hit(
        &self,
        searcher: &tantivy::Searcher,
        analyzers: &mut Analyzers,
        matcher: &Matcher,
        address: DocAddress,
        distance_m: Option<f64>,
    ) -> Result<SearchHit, SearchError> {
        let doc: TantivyDocument = searcher.doc(address).map_err(index_error)?;
        let text = |field: Field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let id = doc
            .get_first(self.fields.id)
            .and_then(|v| v.as_i64())
            .ok_or_else(|| SearchError::Index("a stored document has no id".into()))?;
        let (title, body) = (text(self.fields.title), text(self.fields.body));
        Ok(SearchHit {
            id,
            title_html: mark_ranges(&title, &matcher.ranges(analyzers, &title)),
            snippet_html: snippet_html(&body, &matcher.ranges(analyzers, &body)),
            distance_m,
        })
    }
}

/// Sort key of a hit without geo: relevance (or nothing, for a text-less query), then rank.
fn by_score_then_rank(
    use_score: bool,
) -> impl Fn(&SegmentReader) -> Box<dyn Fn(DocId, Score) -> (Score, i64) + Send + Sync>
+ Send
+ Sync
+ 'static {
    move |segment: &SegmentReader| {
        let rank = segment.fast_fields().i64("rank").ok();
        Box::new(move |doc: DocId, score: Score| {
            let rank = rank.as_ref().and_then(|c| c.first(doc)).unwrap_or(i64::MIN);
            (if use_score { score } else { 0.0 }, rank)
        })
    }
}

/// A candidate of a geo query: relevance, rank and position.
type GeoKey = (Score, i64, Option<f64>, Option<f64>);

fn geo_key()
-> impl Fn(&SegmentReader) -> Box<dyn Fn(DocId, Score) -> GeoKey + Send + Sync> + Send + Sync + 'static
{
    |segment: &SegmentReader| {
        let fast = segment.fast_fields();
        let (rank, lat, lng) = (
            fast.i64("rank").ok(),
            fast.f64("lat").ok(),
            fast.f64("lng").ok(),
        );
        Box::new(move |doc: DocId, score: Score| {
            (
                score,
                rank.as_ref().and_then(|c| c.first(doc)).unwrap_or(i64::MIN),
                lat.as_ref().and_then(|c| c.first(doc)),
                lng.as_ref().and_then(|c| c.first(doc)),
            )
        })
    }
}

impl SearchIndex for EmbeddedIndex {
    fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        for doc in docs {
            validate_doc(&self.spec, doc)?;
        }
        let built: Vec<(i64, TantivyDocument)> =
            docs.iter().map(|d| (d.id, self.document(d))).collect();
        self.write(|writer, fields| {
            for (id, doc) in built {
                // Deletes apply to documents added before them: the last duplicate wins.
                writer.delete_term(Term::from_field_i64(fields.id, id));
                writer.add_document(doc)?;
            }
            Ok(())
        })
    }

    fn delete(&self, ids: &[i64]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        self.write(|writer, fields| {
            for id in ids {
                writer.delete_term(Term::from_field_i64(fields.id, *id));
            }
            Ok(())
        })
    }

    fn clear(&self) -> Result<(), SearchError> {
        self.write(|writer, _| writer.delete_all_documents().map(drop))
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        validate_query(&self.spec, q)?;
        let mut analyzers = self.analyzers.clone();
        let terms = analyze_query(&mut analyzers, q.text.as_str());
        let has_text = !terms.is_empty();
        let searcher = self.reader.searcher();
        // Typo tolerance is the fallback: fuzzy matching costs far more than exact and
        // stemmed terms, so it only runs when they do not fill the requested page.
        let mut query = self.build_query(&terms, q, false);
        let mut count = searcher.search(&query, &Count).map_err(index_error)?;
        let could_be_typo = terms
            .iter()
            .enumerate()
            .any(|(i, t)| term_distance(i, &t.plain) > 0);
        if has_text && could_be_typo && count < q.offset.saturating_add(q.limit.max(1)) {
            query = self.build_query(&terms, q, true);
            count = searcher.search(&query, &Count).map_err(index_error)?;
        }

        // (document, distance) of the requested page, and the total.
        let (page, total): (Vec<(DocAddress, Option<f64>)>, usize) = match q.near {
            _ if count == 0 => (Vec::new(), 0),
            None => {
                let wanted = q.limit.min(count.saturating_sub(q.offset));
                if wanted == 0 {
                    (Vec::new(), count)
                } else {
                    let top = TopDocs::with_limit(wanted)
                        .and_offset(q.offset)
                        .tweak_score(by_score_then_rank(has_text));
                    let docs = searcher.search(&query, &top).map_err(index_error)?;
                    (docs.into_iter().map(|(_, a)| (a, None)).collect(), count)
                }
            }
            Some((center, radius)) => {
                let top = TopDocs::with_limit(count).tweak_score(geo_key());
                let mut within: Vec<(Score, i64, f64, DocAddress)> = searcher
                    .search(&query, &top)
                    .map_err(index_error)?
                    .into_iter()
                    .filter_map(|((score, rank, lat, lng), address)| {
                        let point = GeoPoint {
                            lat: lat?,
                            lng: lng?,
                        };
                        let distance = haversine_m(center, point);
                        (distance <= radius).then_some((score, rank, distance, address))
                    })
                    .collect();
                if has_text {
                    within.sort_by(|a, b| {
                        b.0.total_cmp(&a.0)
                            .then(b.1.cmp(&a.1))
                            .then(a.2.total_cmp(&b.2))
                    });
                } else {
                    within.sort_by(|a, b| a.2.total_cmp(&b.2).then(b.1.cmp(&a.1)));
                }
                let total = within.len();
                let page = within
                    .into_iter()
                    .skip(q.offset)
                    .take(q.limit)
                    .map(|(_, _, d, a)| (a, Some(d)))
                    .collect();
                (page, total)
            }
        };

        let matcher = Matcher::new(&terms);
        let hits = page
            .into_iter()
            .map(|(address, distance)| {
                self.hit(&searcher, &mut analyzers, &matcher, address, distance)
            })
            .collect::<Result<_, _>>()?;
        Ok(SearchResults { hits, total })
    }

    fn backend_name(&self) -> &'static str {
        "embedded"
    }
}

#[cfg(test)]
mod tests;
