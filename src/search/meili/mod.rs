//! The Meilisearch backend, for several stateless instances sharing one index.
//!
//! The SDK is async; this backend owns a small current-thread tokio runtime and blocks on
//! each call, so it must only be called from blocking threads. Every write waits for its
//! task (at most [`TASK_TIMEOUT`]) and reports a failed task with Meilisearch's message.
//! Highlights come back wrapped in private-use characters (stripped from documents before
//! indexing), which are turned into `<mark>` after escaping.
//!
//! Differences from the embedded backend: Meilisearch does not stem (its typo tolerance
//! covers most plurals), string filters ignore case, and `total` is an estimate.

use std::future::Future;
use std::time::Duration;

use meilisearch_sdk::client::Client;
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::search::Selectors;
use meilisearch_sdk::settings::{Settings, TypoToleranceSettings};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    GeoPoint, IndexSpec, MeiliConfig, SearchDoc, SearchError, SearchHit, SearchIndex, SearchQuery,
    SearchResults, haversine_m, markers_to_html, snippet_html, strip_markers, validate_doc,
    validate_query,
};

/// How long a write may take, task processing included.
const TASK_TIMEOUT: Duration = Duration::from_secs(30);
/// How often a pending task is polled.
const TASK_POLL: Duration = Duration::from_millis(50);
/// How long a search may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Snippet length, in words.
const CROP_WORDS: usize = 30;
const PRE_TAG: &str = "\u{E000}";
const POST_TAG: &str = "\u{E001}";

/// The stored fields a hit brings back.
#[derive(Deserialize)]
struct StoredDoc {
    id: i64,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(rename = "_geo", default)]
    geo: Option<StoredPoint>,
    #[serde(rename = "_geoDistance", default)]
    geo_distance: Option<f64>,
}

#[derive(Deserialize)]
struct StoredPoint {
    lat: f64,
    lng: f64,
}

/// A Meilisearch index.
pub(crate) struct MeiliIndex {
    spec: IndexSpec,
    /// Always `Some` until dropped (taken out so it can shut down without blocking).
    runtime: Option<tokio::runtime::Runtime>,
    client: Client,
    index: Index,
}

impl Drop for MeiliIndex {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics inside an async context (an actix worker
        // dropping the app state); shutting down in the background never blocks.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn map_error(what: &str, e: MeiliError) -> SearchError {
    match e {
        MeiliError::Timeout => SearchError::Timeout(format!(
            "{what}: meilisearch did not finish the task within {TASK_TIMEOUT:?}"
        )),
        MeiliError::HttpError(e) => SearchError::Unavailable(format!("{what}: {e}")),
        MeiliError::MeilisearchCommunication(e) => SearchError::Unavailable(format!("{what}: {e}")),
        other => SearchError::TaskFailed(format!("{what}: {other}")),
    }
}

/// Quotes a filter value for a Meilisearch filter expression.
fn quote(value: &str) -> Result<String, SearchError> {
    // Meilisearch versions differ in how they unescape backslashes: refuse them rather
    // than guess. Filter values are slugs and codes, never prose.
    if value.contains('\\') || value.chars().any(char::is_control) {
        return Err(SearchError::BadQuery(format!(
            "filter value {value:?} contains a backslash or a control character"
        )));
    }
    Ok(format!("\"{}\"", value.replace('"', "\\\"")))
}

/// The filter expression of a query: `a IN ["x", "y"] AND b IN [...] AND _geoRadius(...)`.
fn filter_expression(q: &SearchQuery) -> Result<Option<String>, SearchError> {
    let mut parts = Vec::new();
    for (field, values) in &q.filters {
        if values.is_empty() {
            continue;
        }
        let quoted = values
            .iter()
            .map(|v| quote(v))
            .collect::<Result<Vec<_>, _>>()?;
        // Field names were checked against the spec: a-z, 0-9 and _ only.
        parts.push(format!("{field} IN [{}]", quoted.join(", ")));
    }
    if let Some((p, radius)) = q.near {
        parts.push(format!("_geoRadius({}, {}, {})", p.lat, p.lng, radius));
    }
    Ok((!parts.is_empty()).then(|| parts.join(" AND ")))
}

impl MeiliIndex {
    /// Connects, creates the index if needed and applies its settings.
    pub(crate) fn open(spec: IndexSpec, config: &MeiliConfig) -> Result<Self, SearchError> {
        let url = config.url.trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(SearchError::Config(format!(
                "meilisearch URL {url:?} must start with http:// or https://"
            )));
        }
        // The SDK panics on a key that is not a valid header value.
        if let Some(key) = &config.api_key
            && (key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()))
        {
            return Err(SearchError::Config(
                "the meilisearch API key must be printable ASCII without spaces".into(),
            ));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let client = Client::new(url, config.api_key.as_deref())
            .map_err(|e| SearchError::Config(format!("meilisearch client: {e}")))?;
        let index = client.index(spec.name);
        let this = MeiliIndex {
            spec,
            runtime: Some(runtime),
            client,
            index,
        };
        let created = this.task(
            "create the meilisearch index",
            this.client.create_index(spec.name, Some("id")),
        )?;
        match created {
            Task::Failed { content }
                if matches!(content.error.error_code, ErrorCode::IndexAlreadyExists) => {}
            other => this.check("create the meilisearch index", other)?,
        }
        let settings = Settings::new()
            .with_searchable_attributes(["title", "body"])
            .with_filterable_attributes(spec.filter_fields.iter().copied().chain(["_geo"]))
            .with_sortable_attributes(["_geo", "rank"])
            .with_typo_tolerance(TypoToleranceSettings {
                enabled: Some(true),
                ..TypoToleranceSettings::default()
            });
        let applied = this.task(
            "apply the meilisearch settings",
            this.index.set_settings(&settings),
        )?;
        this.check("apply the meilisearch settings", applied)?;
        Ok(this)
    }

    /// Runs `future` on the runtime, giving up after `limit`.
    fn block<T>(
        &self,
        what: &str,
        limit: Duration,
        future: impl Future<Output = Result<T, MeiliError>>,
    ) -> Result<T, SearchError> {
        let Some(runtime) = self.runtime.as_ref() else {
            return Err(SearchError::Unavailable(format!(
                "{what}: the meilisearch backend is shut down"
            )));
        };
        // The timer must be created inside the runtime, hence the async block.
        match runtime.block_on(async { tokio::time::timeout(limit, future).await }) {
            Ok(result) => result.map_err(|e| map_error(what, e)),
            Err(_) => Err(SearchError::Timeout(format!(
                "{what}: no answer from meilisearch within {limit:?}"
            ))),
        }
    }

    /// Submits a task and waits until it has succeeded or failed.
    fn task(
        &self,
        what: &str,
        submit: impl Future<Output = Result<TaskInfo, MeiliError>>,
    ) -> Result<Task, SearchError> {
        let waited = async {
            let info = submit.await?;
            info.wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_TIMEOUT))
                .await
        };
        self.block(what, TASK_TIMEOUT + REQUEST_TIMEOUT, waited)
    }

    /// Turns a finished task into `Ok` or the task's failure.
    fn check(&self, what: &str, task: Task) -> Result<(), SearchError> {
        match task {
            Task::Succeeded { .. } => Ok(()),
            Task::Failed { content } => Err(SearchError::TaskFailed(format!(
                "{what} on index {:?}: {}",
                self.spec.name, content.error
            ))),
            Task::Enqueued { .. } | Task::Processing { .. } => Err(SearchError::Timeout(format!(
                "{what}: the task is still pending after {TASK_TIMEOUT:?}"
            ))),
        }
    }

    fn write(
        &self,
        what: &str,
        submit: impl Future<Output = Result<TaskInfo, MeiliError>>,
    ) -> Result<(), SearchError> {
        let task = self.task(what, submit)?;
        self.check(what, task)
    }

    fn document(&self, doc: &SearchDoc) -> Value {
        let mut out = Map::new();
        out.insert("id".into(), json!(doc.id));
        out.insert("title".into(), json!(strip_markers(&doc.title)));
        out.insert("body".into(), json!(strip_markers(&doc.body)));
        out.insert("rank".into(), json!(doc.rank));
        for field in self.spec.filter_fields {
            let values: Vec<&str> = doc
                .filters
                .iter()
                .filter(|(f, _)| f == field)
                .map(|(_, v)| v.as_str())
                .collect();
            out.insert((*field).into(), json!(values));
        }
        if let Some(p) = doc.geo {
            out.insert("_geo".into(), json!({ "lat": p.lat, "lng": p.lng }));
        }
        Value::Object(out)
    }

    /// Deletes the whole index (tests use a throwaway index per run).
    #[cfg(test)]
    pub(crate) fn delete_index(&self) -> Result<(), SearchError> {
        self.write("delete the meilisearch index", self.index.clone().delete())
    }
}

impl SearchIndex for MeiliIndex {
    fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        for doc in docs {
            validate_doc(&self.spec, doc)?;
        }
        let body: Vec<Value> = docs.iter().map(|d| self.document(d)).collect();
        self.write(
            "add documents",
            self.index.add_or_replace(&body, Some("id")),
        )
    }

    fn delete(&self, ids: &[i64]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        self.write("delete documents", self.index.delete_documents(ids))
    }

    fn clear(&self) -> Result<(), SearchError> {
        self.write("delete all documents", self.index.delete_all_documents())
    }

    fn search(&self, q: &SearchQuery) -> Result<SearchResults, SearchError> {
        validate_query(&self.spec, q)?;
        let filter = filter_expression(q)?;
        let sort: Vec<String> = match q.near {
            _ if !q.text.is_empty() => Vec::new(),
            Some((p, _)) => vec![format!("_geoPoint({}, {}):asc", p.lat, p.lng)],
            None => vec!["rank:desc".to_string()],
        };
        let sort: Vec<&str> = sort.iter().map(String::as_str).collect();
        let mut request = self.index.search();
        request
            .with_query(if q.text.is_empty() {
                ""
            } else {
                q.text.as_str()
            })
            .with_limit(q.limit)
            .with_offset(q.offset)
            .with_attributes_to_highlight(Selectors::Some(&["title", "body"]))
            .with_attributes_to_crop(Selectors::Some(&[("body", Some(CROP_WORDS))]))
            .with_highlight_pre_tag(PRE_TAG)
            .with_highlight_post_tag(POST_TAG);
        if let Some(filter) = filter.as_deref() {
            request.with_filter(filter);
        }
        if !sort.is_empty() {
            request.with_sort(&sort);
        }
        let found = self.block("search", REQUEST_TIMEOUT, request.execute::<StoredDoc>())?;
        let hits = found
            .hits
            .into_iter()
            .map(|hit| {
                let formatted = |name: &str| {
                    hit.formatted_result
                        .as_ref()
                        .and_then(|m| m.get(name))
                        .and_then(Value::as_str)
                        .map(str::to_string)
                };
                let doc = &hit.result;
                let distance_m = q.near.and_then(|(center, _)| {
                    doc.geo_distance.or_else(|| {
                        doc.geo.as_ref().map(|p| {
                            haversine_m(
                                center,
                                GeoPoint {
                                    lat: p.lat,
                                    lng: p.lng,
                                },
                            )
                        })
                    })
                });
                SearchHit {
                    id: doc.id,
                    title_html: markers_to_html(
                        &formatted("title").unwrap_or_else(|| strip_markers(&doc.title)),
                    ),
                    snippet_html: match formatted("body") {
                        Some(cropped) => markers_to_html(&cropped),
                        None => snippet_html(&doc.body, &[]),
                    },
                    distance_m,
                }
            })
            .collect();
        Ok(SearchResults {
            hits,
            total: found.estimated_total_hits.unwrap_or_default(),
        })
    }

    fn backend_name(&self) -> &'static str {
        "meilisearch"
    }
}

#[cfg(test)]
mod tests;
