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
