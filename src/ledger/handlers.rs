//! The ledger's public pages and endpoints (stable URLs, used by outside verifiers).

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::hash::to_base64;
use super::service::{self, BadRequest, Explorer};
use super::store::StoredEntry;
use crate::error::AppError;
use crate::ports::AppState;
use crate::web::error_pages::wants_json;
use crate::web::page::PageCtx;
use crate::web::render;

type Res = Result<HttpResponse, AppError>;

fn bad_request(e: BadRequest) -> HttpResponse {
    HttpResponse::BadRequest().json(serde_json::json!({"error": "bad-request", "message": e.0}))
}

fn plain(body: String, cache: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(body)
}

/// `GET /ledger/checkpoint`: the latest signed checkpoint.
pub async fn checkpoint(state: web::Data<AppState>) -> Res {
    let c = service::latest_checkpoint(&state)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(plain(c.note, "no-cache"))
}

/// `GET /ledger/key`: the verifier key.
pub async fn key(state: web::Data<AppState>) -> HttpResponse {
    plain(
        format!("{}\n", state.ledger_signer.verifier().to_text()),
        "public, max-age=3600",
    )
}

/// `GET /ledger/tile/...`: C2SP tlog-tiles.
pub async fn tile(state: web::Data<AppState>, path: web::Path<String>) -> Res {
    let (tile, bytes) = service::tile(&state, &path)
        .await?
        .ok_or(AppError::NotFound)?;
    let cache = if tile.is_full() {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=60"
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/octet-stream"))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(bytes))
}

/// The translation key a kind's plain-language name must have.
pub fn declared_kind_key(kind: &str) -> String {
    format!("ledger-kind-{}", kind.replace(['.', '_'], "-"))
}

/// Translation key of an entry kind's plain-language name ("other event" for a kind
/// with none: entries written before a kind was declared, or by tests).
pub fn kind_key(kind: &str) -> String {
    let key = declared_kind_key(kind);
    if crate::web::i18n::catalog().has(crate::web::i18n::Lang::En, &key) {
        key
    } else {
        "ledger-kind-other".to_string()
    }
}

pub struct EntryView {
    pub e: StoredEntry,
    pub kind_key: String,
    pub leaf_b64: String,
    pub leaf_hex: String,
    pub pretty: String,
}

impl EntryView {
    fn new(e: StoredEntry) -> EntryView {
        let pretty = serde_json::from_str::<serde_json::Value>(&e.body)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_else(|_| e.body.clone());
        EntryView {
            kind_key: kind_key(&e.kind),
            leaf_b64: to_base64(&e.leaf_hash),
            leaf_hex: crate::util::hex_encode(&e.leaf_hash),
            pretty,
            e,
        }
    }
}

#[derive(Template)]
#[template(path = "ledger/entry.html")]
struct EntryPage {
    ctx: PageCtx,
    v: EntryView,
    signed_size: u64,
}

/// `GET /ledger/entries/{index}`: one entry, HTML or JSON by `Accept`.
pub async fn entry(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    index: web::Path<u64>,
) -> Res {
    let e = service::entry(&state, index.into_inner())
        .await?
        .ok_or(AppError::NotFound)?;
    let signed_size = service::latest_checkpoint(&state)
        .await?
        .map_or(0, |c| c.size);
    if wants_json(&req) {
        let body: serde_json::Value =
            serde_json::from_str(&e.body).unwrap_or(serde_json::Value::Null);
        return Ok(HttpResponse::Ok()
            .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
            .json(serde_json::json!({
                "index": e.index,
                "kind": e.kind,
                "leafHash": to_base64(&e.leaf_hash),
                "entry": body,
                "raw": e.body,
                "inCheckpoint": e.index < signed_size,
            })));
    }
    Ok(render(&EntryPage {
        ctx,
        v: EntryView::new(e),
        signed_size,
    }))
}

pub async fn inclusion(state: web::Data<AppState>, q: web::Query<HashMap<String, String>>) -> Res {
    Ok(
        match service::inclusion(
            &state,
            q.get("index").map(String::as_str),
            q.get("size").map(String::as_str),
        )
        .await?
        {
            Ok(p) => HttpResponse::Ok()
                .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
                .json(p),
            Err(e) => bad_request(e),
        },
    )
}

pub async fn consistency(
    state: web::Data<AppState>,
    q: web::Query<HashMap<String, String>>,
) -> Res {
    Ok(
        match service::consistency(
            &state,
            q.get("size1").map(String::as_str),
            q.get("size2").map(String::as_str),
        )
        .await?
        {
            Ok(p) => HttpResponse::Ok()
                .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
                .json(p),
            Err(e) => bad_request(e),
        },
    )
}

#[derive(Template)]
#[template(path = "ledger/index.html")]
struct ExplorerPage {
    ctx: PageCtx,
    checkpoint_size: Option<u64>,
    checkpoint_root: String,
    checkpoint_note: String,
    newest: Vec<EntryView>,
    searched: bool,
    found: Option<EntryView>,
    q: String,
    vkey: String,
    base: String,
}

impl ExplorerPage {
    /// The list's download in `ext`, with the search when there is one.
    fn download(&self, ext: &str) -> String {
        let q = self.q.trim();
        if q.is_empty() {
            format!("/ledger.{ext}")
        } else {
            let mut s = ::url::form_urlencoded::Serializer::new(String::new());
            s.append_pair("q", q);
            format!("/ledger.{ext}?{}", s.finish())
        }
    }
}

#[derive(serde::Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

/// `GET /ledger`: the explorer.
pub async fn explorer(ctx: PageCtx, state: web::Data<AppState>, q: web::Query<SearchQuery>) -> Res {
    let q = q.into_inner().q;
    let Explorer {
        checkpoint,
        newest,
        found,
    } = service::explorer(&state, q.clone()).await?;
    Ok(render(&ExplorerPage {
        ctx,
        checkpoint_size: checkpoint.as_ref().map(|c| c.size),
        checkpoint_root: checkpoint
            .as_ref()
            .map(|c| to_base64(&c.root))
            .unwrap_or_default(),
        checkpoint_note: checkpoint.map(|c| c.note).unwrap_or_default(),
        newest: newest.into_iter().map(EntryView::new).collect(),
        searched: found.is_some(),
        found: found.flatten().map(EntryView::new),
        q: q.unwrap_or_default(),
        vkey: state.ledger_signer.verifier().to_text(),
        base: state
            .config
            .base_url
            .as_str()
            .trim_end_matches('/')
            .to_string(),
    }))
}

/// The entries' open data: the explorer's list (its search `q` too) with `cursor`
/// (the `next` of the previous page: entries before that index) and `limit` (JSON: 1
/// to 100, the page's 20 by default; CSV: 1 to 1,000, all of them by default).
/// Anything else is refused (400), never clamped silently.
struct EntriesQuery {
    q: Option<String>,
    before: Option<u64>,
    limit: i64,
}

/// The explorer page's length, and the most a JSON page may ask.
const JSON_PAGE: i64 = 20;
const JSON_MAX: i64 = 100;
/// The most entries of one CSV file (and the default).
const CSV_MAX: i64 = 1_000;

fn entries_query(req: &HttpRequest, default: i64, max: i64) -> Result<EntriesQuery, AppError> {
    let f = crate::web::forms::FormData::parse(req.query_string().as_bytes());
    let before = match f.get("cursor").trim() {
        "" => None,
        c => Some(
            c.parse::<u64>()
                .ok()
                .ok_or(AppError::BadRequest("error-bad-cursor"))?,
        ),
    };
    let limit = match f.get("limit").trim() {
        "" => default,
        l => l
            .parse::<i64>()
            .ok()
            .filter(|l| (1..=max).contains(l))
            .ok_or(AppError::BadRequest(if max == JSON_MAX {
                "error-bad-limit"
            } else {
                "error-bad-csv-limit"
            }))?,
    };
    let q: String = f.get("q").trim().chars().take(200).collect();
    Ok(EntriesQuery {
        q: Some(q).filter(|q| !q.is_empty()),
        before,
        limit,
    })
}

/// The address of the next page, keeping the limit.
fn next_link(base: &str, path: &str, next: Option<u64>, limit: i64) -> Option<String> {
    next.map(|n| format!("{base}{path}?cursor={n}&limit={limit}"))
}

fn base_url(state: &AppState) -> String {
    state
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_string()
}

/// `GET /ledger.json`: the explorer's entries: index, kind, time, leaf hash (hex and
/// base64), whether the latest signed checkpoint covers it, its address; `next` and
/// `next_url` name the older page.
pub async fn entries_json(req: HttpRequest, state: web::Data<AppState>) -> Res {
    let p = entries_query(&req, JSON_PAGE, JSON_MAX)?;
    let page = service::entries_page(&state, p.q, p.before, p.limit).await?;
    let base = base_url(&state);
    let items: Vec<serde_json::Value> = page
        .entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "index": e.index,
                "kind": e.kind,
                "created_at": e.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                "leaf_hash_hex": crate::util::hex_encode(&e.leaf_hash),
                "leaf_hash_base64": to_base64(&e.leaf_hash),
                "in_checkpoint": e.index < page.signed_size,
                "url": format!("{base}/ledger/entries/{}", e.index),
            })
        })
        .collect();
    let v = serde_json::json!({
        "items": items,
        "next": page.next,
        "next_url": next_link(&base, "/ledger.json", page.next, p.limit),
        "checkpoint_size": page.signed_size,
        "checkpoint_url": format!("{base}/ledger/checkpoint"),
    });
    let v = crate::web::opendata::with_licence(v, &state.config.open_data.licence);
    Ok(crate::web::opendata::json_response(&v))
}

const ENTRY_COLUMNS: &[&str] = &[
    "ledger-col-index",
    "ledger-col-kind",
    "ledger-col-kind-code",
    "ledger-col-time",
    "ledger-col-leaf-hex",
    "ledger-col-leaf-base64",
    "ledger-col-in-checkpoint",
    "ledger-col-url",
];

/// `GET /ledger.csv`: the same as CSV, headings and kinds in the reader's language;
/// the next (older) page in a `Link` header.
pub async fn entries_csv(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    use crate::web::csv::Cell::Value;
    let p = entries_query(&req, CSV_MAX, CSV_MAX)?;
    let page = service::entries_page(&state, p.q, p.before, p.limit).await?;
    let base = base_url(&state);
    let header: Vec<String> = ENTRY_COLUMNS.iter().map(|k| ctx.t(k)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = crate::web::csv::Table::new(&header)?;
    for e in &page.entries {
        t.row(&[
            Value(e.index.to_string()),
            Value(ctx.t(kind_key(&e.kind))),
            Value(e.kind.clone()),
            Value(e.created_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            Value(crate::util::hex_encode(&e.leaf_hash)),
            Value(to_base64(&e.leaf_hash)),
            Value(ctx.t(if e.index < page.signed_size {
                "odata-yes"
            } else {
                "odata-no"
            })),
            Value(format!("{base}/ledger/entries/{}", e.index)),
        ])?;
    }
    let mut res = crate::web::opendata::csv_response("ledger.csv", t.finish()?);
    res.headers_mut().insert(
        header::VARY,
        header::HeaderValue::from_static("Accept-Language, Cookie"),
    );
    if let Some(link) = next_link(&base, "/ledger.csv", page.next, p.limit)
        && let Ok(v) = header::HeaderValue::from_str(&format!("<{link}>; rel=\"next\""))
    {
        res.headers_mut().append(header::LINK, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::i18n::{Lang, catalog};

    #[test]
    fn every_declared_entry_kind_is_named_in_every_language() {
        let mut missing = Vec::new();
        for k in crate::ledger::kinds::KINDS {
            for lang in Lang::ALL {
                let key = declared_kind_key(k.kind);
                if !catalog().has(lang, &key) {
                    missing.push(format!("{} ({key}) in {}", k.kind, lang.code()));
                }
            }
        }
        assert!(missing.is_empty(), "kinds without a name: {missing:#?}");
    }
}
