//! Conditional requests and the rendered-page cache of public pages and open data.
//!
//! The app puts [`cache_page`] or [`cache_data`] in front of the routes it lists
//! (`app::CACHED_PAGES`, HTML; `app::CACHED_DATA`, JSON, CSV, GeoJSON). An anonymous `GET` or `HEAD` of one of them is answered from what was
//! rendered for the same path, query and language at the same data version
//! ([`crate::db::version`]), and, for a route whose answers show the clock, in the same
//! minute:
//! - a request whose `If-None-Match` names the current ETag gets `304 Not Modified`,
//!   and nothing is rendered;
//! - otherwise the body comes from memory when a request rendered it before (up to
//!   `PACTUM_PAGE_CACHE_MB` per instance), else the handler renders it and it is kept.
//!
//! Signed-in users, requests with a flash message to show and every other route go
//! through untouched: their pages name the user, or are not public.
//!
//! Why a kept page is never older than the data:
//! - every write to a table a page can show bumps the version, in the writing
//!   transaction (on PostgreSQL when it commits), whichever instance, command or job
//!   wrote it;
//! - the version is read before the page is rendered, so a page kept under version `v`
//!   shows at least the data of `v`. A request that read `v` is served pages of `v` or
//!   newer; once a write commits, every request reads the new version and misses;
//! - pages that show the clock (open votes, deadlines) are kept for the minute only;
//!   the routes whose answers never read it (the registry's, `app::Freshness::Data`) are kept
//!   until the data changes, so the minute's turn does not make every list render again;
//! - the build is part of the ETag, so an upgrade never answers 304 for an old page.
//!
//! The CSRF token: every page carries the visitor's session token in its forms (the
//! language switch at least). A page is rendered for the cache with a marker in its
//! place, random for the process and so never written by a user; each answer fills it
//! with the visitor's token, masked afresh (`session::mask_token`). A page's ETag is
//! weak (the masks differ) and includes a digest of the visitor's token, so a browser
//! whose session changed is sent the page again rather than a 304 with stale forms.
//!
//! Bounded: a body over [`MAX_ENTRY_BYTES`] is never kept, and when the memory is full
//! new pages are rendered and not kept until the next version or minute empties it.
//! Open data streamed in pages (a filtered download) is kept too when the whole
//! answer comes to at most [`MAX_ENTRY_BYTES`]: the bytes are gathered as they are sent,
//! and dropped as soon as they pass it.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use actix_session::SessionExt;
use actix_web::body::{BodySize, BoxBody, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes, BytesMut};
use actix_web::{HttpMessage, HttpResponse};
use sha2::{Digest, Sha256};

use super::i18n::Lang;
use super::page::{self, UserBadge};
use super::session::{self, Flash};
use crate::db::Db;
use crate::kit::clock::Clock;

/// The largest body kept (a whole-city download is streamed, never kept).
pub const MAX_ENTRY_BYTES: usize = 2 * 1024 * 1024;

/// What a cached page's key and ETag depend on besides the URL and the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Epoch {
    version: i64,
    /// The minute, for a route whose answers show the clock; `None` for one whose
    /// answers never read it (kept until the data changes).
    minute: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// HTML with the visitor's CSRF token in it.
    Page,
    /// Open data: the same bytes for every visitor.
    Data,
}

/// A kept answer: the handler's status and headers, and the body cut where the CSRF
/// token goes (one part for data).
struct Entry {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    parts: Vec<Bytes>,
    size: usize,
    /// Kept for its minute only (its route shows the clock).
    clocked: bool,
}

#[derive(Default)]
struct Kept {
    /// The data version of every entry.
    version: Option<i64>,
    /// The minute of the clocked entries.
    minute: i64,
    entries: HashMap<String, Arc<Entry>>,
    bytes: usize,
}

impl Kept {
    /// Brings what is kept up to `epoch`: a newer version empties it, a newer minute
    /// drops the clocked entries. Whether `epoch` is current: a request that read an
    /// older version or minute is neither served nor kept.
    fn advance(&mut self, epoch: Epoch) -> bool {
        if self.version.is_none_or(|v| v < epoch.version) {
            *self = Kept {
                version: Some(epoch.version),
                minute: epoch.minute.unwrap_or(self.minute),
                ..Kept::default()
            };
        }
        if self.version != Some(epoch.version) {
            return false;
        }
        match epoch.minute {
            None => true,
            Some(m) if m > self.minute => {
                self.entries.retain(|_, e| !e.clocked);
                self.bytes = self.entries.values().map(|e| e.size).sum();
                self.minute = m;
                true
            }
            Some(m) => m == self.minute,
        }
    }
}

/// The pages kept by this instance, shared by its workers.
pub struct PageCache {
    max_bytes: usize,
    /// Stands for the CSRF token in kept pages: random for the process.
    slot: String,
    /// The build, in every ETag.
    build: String,
    kept: Mutex<Kept>,
    /// One render at a time per missed key: the others wait for it and are served
    /// what it kept, rather than all rendering the same page at once (when a write or
    /// the minute empties the cache under load).
    renders: Mutex<HashMap<String, Arc<futures_util::lock::Mutex<()>>>>,
}

/// A request's turn to render a missed key: the gate's lock, and the gate forgotten
/// once nobody else holds or waits for it.
struct Turn {
    held: Option<futures_util::lock::OwnedMutexGuard<()>>,
    cache: Arc<PageCache>,
    key: String,
}

impl Drop for Turn {
    fn drop(&mut self) {
        self.held.take();
        let mut renders = self.cache.renders.lock().unwrap_or_else(|e| e.into_inner());
        // Only the map's own reference is left: nobody holds or waits for the gate.
        if renders
            .get(&self.key)
            .is_some_and(|g| Arc::strong_count(g) == 1)
        {
            renders.remove(&self.key);
        }
    }
}

/// Placed in a request's extensions while a page is rendered for the cache: the page
/// context writes it where the masked CSRF token goes.
#[derive(Debug, Clone)]
pub struct CsrfSlot(pub String);

impl PageCache {
    /// A cache of at most `max_bytes` of bodies (0: none kept; ETags still answered).
    pub fn new(max_bytes: usize) -> PageCache {
        PageCache {
            max_bytes,
            slot: format!("pactum-csrf-slot-{}", crate::util::random_token()),
            build: build_id(),
            kept: Mutex::new(Kept::default()),
            renders: Mutex::new(HashMap::new()),
        }
    }

    /// The number of answers kept and their bytes (for tests and metrics).
    pub fn usage(&self) -> (usize, usize) {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        (kept.entries.len(), kept.bytes)
    }

    fn get(&self, epoch: Epoch, key: &str) -> Option<Arc<Entry>> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if !kept.advance(epoch) {
            return None;
        }
        kept.entries
            .get(key)
            .filter(|e| e.clocked == epoch.minute.is_some())
            .cloned()
    }

    /// Waits for `key`'s turn to render (see `renders`); the turn ends when dropped,
    /// even when the request is given up on midway.
    async fn turn(self: &Arc<Self>, key: &str) -> Turn {
        let gate = {
            let mut renders = self.renders.lock().unwrap_or_else(|e| e.into_inner());
            renders.entry(key.to_string()).or_default().clone()
        };
        Turn {
            held: Some(gate.lock_owned().await),
            cache: self.clone(),
            key: key.to_string(),
        }
    }

    /// The largest body this cache keeps.
    fn max_entry(&self) -> usize {
        MAX_ENTRY_BYTES.min(self.max_bytes)
    }

    fn put(&self, epoch: Epoch, key: String, entry: Entry) {
        if entry.size > self.max_entry() || entry.clocked != epoch.minute.is_some() {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if !kept.advance(epoch) || kept.bytes + entry.size > self.max_bytes {
            return;
        }
        kept.bytes += entry.size;
        if let Some(old) = kept.entries.insert(key, Arc::new(entry)) {
            kept.bytes -= old.size;
        }
    }
}

/// The version of the running build: the package version and the executable's size
/// and time, so two builds of one version differ too (ETags of pages of every build
/// also change each minute, so a wrong guess costs at most a minute).
fn build_id() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            format!("{}-{time}", m.len())
        })
        .unwrap_or_default();
    format!("{}-{exe}", env!("CARGO_PKG_VERSION"))
}

/// What the middleware needs, registered as app data by the app.
#[derive(Clone)]
pub struct PageCaching {
    pub cache: Arc<PageCache>,
    pub db: Db,
    pub clock: Clock,
}

/// The middleware of a public HTML page's route (see the module): it depends only on
/// the data, the path and query, the language and, when `SHOWS_CLOCK`, the minute.
pub async fn cache_page<const SHOWS_CLOCK: bool>(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static, BoxBody>>, actix_web::Error> {
    serve(Kind::Page, SHOWS_CLOCK, req, next).await
}

/// The middleware of an open-data route: the same bytes for every visitor.
pub async fn cache_data<const SHOWS_CLOCK: bool>(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static, BoxBody>>, actix_web::Error> {
    serve(Kind::Data, SHOWS_CLOCK, req, next).await
}

async fn serve<B: MessageBody + 'static>(
    kind: Kind,
    shows_clock: bool,
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, BoxBody>>, actix_web::Error> {
    let Some(caching) = cacheable(&req) else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let version = {
        let db = caching.db.clone();
        db.run(|c| crate::db::version::current(c).map_err(Into::into))
            .await
    };
    let Ok(version) = version else {
        // The cache must not take a page down: render it as if there were none.
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let epoch = Epoch {
        version,
        minute: shows_clock.then(|| caching.clock.now().and_utc().timestamp().div_euclid(60)),
    };
    let lang = page::request_language(req.request());
    let csrf = match kind {
        Kind::Page => Some(session::csrf_token(&req.get_session())),
        Kind::Data => None,
    };
    let etag = etag(&caching.cache.build, epoch, lang, kind, csrf.as_deref());
    if matches_etag(&req, &etag) {
        let res = not_modified(&etag, kind);
        return Ok(req.into_response(res).map_into_right_body());
    }
    let get = req.method() == Method::GET && caching.cache.max_bytes > 0;
    let key = format!(
        "{}\n{}\n{}",
        kind as u8,
        lang.code(),
        req.uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or(req.path())
    );
    if get && let Some(entry) = caching.cache.get(epoch, &key) {
        let res = answer(&entry, csrf.as_deref(), Some(&etag), kind);
        return Ok(req.into_response(res).map_into_right_body());
    }
    // A miss: wait for a render of the same key already under way, then look again.
    let turn = match get {
        true => Some(caching.cache.turn(&key).await),
        false => None,
    };
    if get && let Some(entry) = caching.cache.get(epoch, &key) {
        let res = answer(&entry, csrf.as_deref(), Some(&etag), kind);
        return Ok(req.into_response(res).map_into_right_body());
    }
    let keep = turn.map(|turn| Keep { epoch, key, turn });
    render(kind, &caching, keep, csrf, &etag, req, next).await
}

/// What a render may keep: under which epoch and key, and the key's render turn, held
/// until the answer is kept or given up.
struct Keep {
    epoch: Epoch,
    key: String,
    turn: Turn,
}

impl Keep {
    /// Keeps `entry` under this epoch and key; the render turn ends with it.
    fn put(self, entry: Entry) {
        self.turn.cache.put(self.epoch, self.key, entry);
    }
}

/// Renders the page through its handler, keeps it when it may, and answers it.
async fn render<B: MessageBody + 'static>(
    kind: Kind,
    caching: &PageCaching,
    keep: Option<Keep>,
    csrf: Option<String>,
    etag: &str,
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, BoxBody>>, actix_web::Error> {
    if kind == Kind::Page {
        req.extensions_mut()
            .insert(CsrfSlot(caching.cache.slot.clone()));
    }
    let res = next.call(req).await?;
    res.request().extensions_mut().remove::<CsrfSlot>();
    let status = res.status();
    let size = match res.response().body().size() {
        BodySize::Sized(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
        BodySize::None => Some(0),
        BodySize::Stream => None,
    };
    let keep = keep.filter(|_| status == StatusCode::OK);
    let max = caching.cache.max_entry();
    // A page's marker must be filled, whatever its status, kept or not.
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    let fill = kind == Kind::Page && html;
    let whole = keep.is_some() && size.is_some_and(|n| n <= max);
    if !(whole || fill) {
        // A stream, a large file, a refusal, a redirect: passed on, with the
        // validators when it is the answer itself. Open data streamed in pages is
        // gathered as it goes, and kept if it ends within the limit.
        let mut res = res;
        if status == StatusCode::OK {
            set_validators(res.headers_mut(), etag, kind);
        }
        return Ok(match keep {
            Some(keep) if kind == Kind::Data && size.is_none() => {
                let headers = kept_headers(res.headers());
                res.map_body(|_, body| {
                    EitherBody::right(BoxBody::new(Gathering {
                        body: BoxBody::new(body),
                        gathered: Some(BytesMut::new()),
                        max,
                        keep: Some((keep, headers)),
                    }))
                })
            }
            _ => res.map_into_left_body(),
        });
    }
    let (http_req, res) = res.into_parts();
    let (mut head, body) = res.into_parts();
    let body = actix_web::body::to_bytes(body).await.map_err(|e| {
        actix_web::error::ErrorInternalServerError(format!("reading a rendered page: {}", e.into()))
    })?;
    let entry = Entry {
        status,
        headers: kept_headers(head.headers()),
        parts: match kind {
            Kind::Page => split_at_slots(&body, caching.cache.slot.as_bytes()),
            Kind::Data => vec![body.clone()],
        },
        size: body.len(),
        clocked: keep.as_ref().is_some_and(|k| k.epoch.minute.is_some()),
    };
    let validated = (status == StatusCode::OK).then_some(etag);
    let mut out = answer(&entry, csrf.as_deref(), validated, kind);
    // What the handler left for the layers outside (the error pages read it).
    *out.extensions_mut() = std::mem::take(&mut *head.extensions_mut());
    if let Some(keep) = keep.filter(|_| whole) {
        keep.put(entry);
    }
    Ok(ServiceResponse::new(http_req, out).map_into_right_body())
}

/// The headers an answer is kept with (never a cookie: that is the visitor's).
fn kept_headers(headers: &actix_web::http::header::HeaderMap) -> Vec<(HeaderName, HeaderValue)> {
    headers
        .iter()
        .filter(|(name, _)| **name != header::SET_COOKIE)
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect()
}

/// A streamed open-data answer passed on chunk by chunk, its bytes gathered as they go:
/// kept once it ends, if it ended well within `max` bytes (dropped as soon as it
/// passes them). The key's render turn is held until then.
struct Gathering {
    body: BoxBody,
    gathered: Option<BytesMut>,
    max: usize,
    keep: Option<(Keep, Vec<(HeaderName, HeaderValue)>)>,
}

impl MessageBody for Gathering {
    type Error = Box<dyn std::error::Error>;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        let this = self.get_mut();
        let next = Pin::new(&mut this.body).poll_next(cx);
        match &next {
            Poll::Pending => {}
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some(g) = &mut this.gathered {
                    if g.len() + chunk.len() > this.max {
                        this.gathered = None;
                        this.keep = None;
                    } else {
                        g.extend_from_slice(chunk);
                    }
                }
            }
            Poll::Ready(Some(Err(_))) => {
                this.gathered = None;
                this.keep = None;
            }
            Poll::Ready(None) => {
                if let (Some(body), Some((keep, headers))) =
                    (this.gathered.take(), this.keep.take())
                {
                    let body = body.freeze();
                    let entry = Entry {
                        status: StatusCode::OK,
                        headers,
                        size: body.len(),
                        parts: vec![body],
                        clocked: keep.epoch.minute.is_some(),
                    };
                    keep.put(entry);
                }
            }
        }
        next
    }
}

/// The caching setup, when this request may be answered from the cache.
fn cacheable(req: &ServiceRequest) -> Option<PageCaching> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return None;
    }
    let caching = req.app_data::<web::Data<PageCaching>>()?.get_ref().clone();
    if req.extensions().contains::<UserBadge>() {
        return None;
    }
    let flashes: Vec<Flash> = req
        .get_session()
        .get(session::FLASH)
        .ok()
        .flatten()
        .unwrap_or_default();
    if !flashes.is_empty() {
        return None;
    }
    Some(caching)
}

/// `W/"…"` for a page (its forms' masks differ), `"…"` for data.
fn etag(build: &str, epoch: Epoch, lang: Lang, kind: Kind, csrf: Option<&str>) -> String {
    let mut h = Sha256::new();
    let minute = epoch.minute.map(|m| m.to_string()).unwrap_or_default();
    for part in [
        build,
        &epoch.version.to_string(),
        &minute,
        lang.code(),
        csrf.unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = crate::util::hex_encode(&h.finalize()[..12]);
    match kind {
        Kind::Page => format!("W/\"{digest}\""),
        Kind::Data => format!("\"{digest}\""),
    }
}

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for it).
fn matches_etag(req: &ServiceRequest, etag: &str) -> bool {
    let bare = etag.trim_start_matches("W/");
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == bare)
}

fn set_validators(headers: &mut actix_web::http::header::HeaderMap, etag: &str, kind: Kind) {
    if let Ok(v) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, v);
    }
    if kind == Kind::Page || !headers.contains_key(header::CACHE_CONTROL) {
        // Kept by the browser, asked again each time: a 304 costs one small query.
        let cc = match kind {
            Kind::Page => "private, no-cache",
            Kind::Data => "public, no-cache",
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cc));
    }
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Cookie, Accept-Language"),
    );
}

fn not_modified(etag: &str, kind: Kind) -> HttpResponse {
    let mut res = HttpResponse::NotModified().finish();
    set_validators(res.headers_mut(), etag, kind);
    if kind == Kind::Data {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=60"),
        );
    }
    res
}

/// The answer of a kept entry, its marker filled with the visitor's token.
fn answer(entry: &Entry, csrf: Option<&str>, etag: Option<&str>, kind: Kind) -> HttpResponse {
    let mut res = HttpResponse::build(entry.status);
    for (name, value) in &entry.headers {
        res.append_header((name.clone(), value.clone()));
    }
    let body = match (entry.parts.as_slice(), csrf) {
        ([one], _) => one.clone(),
        (parts, token) => {
            let masked = token.map(session::mask_token).unwrap_or_default();
            let mut out = BytesMut::with_capacity(entry.size + parts.len() * masked.len());
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(masked.as_bytes());
                }
                out.extend_from_slice(part);
            }
            out.freeze()
        }
    };
    let mut res = res.body(body);
    if let Some(etag) = etag {
        set_validators(res.headers_mut(), etag, kind);
    }
    res
}

/// `body` cut at each occurrence of `slot` (the slot left out).
fn split_at_slots(body: &Bytes, slot: &[u8]) -> Vec<Bytes> {
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i + slot.len() <= body.len() {
        if body[i..].starts_with(slot) {
            parts.push(body.slice(start..i));
            i += slot.len();
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(body.slice(start..));
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_cut_at_each_slot() {
        let body = Bytes::from_static(b"<a>SLOT</a><b>SLOT</b>");
        let parts = split_at_slots(&body, b"SLOT");
        assert_eq!(
            parts,
            [&b"<a>"[..], b"</a><b>", b"</b>"].map(Bytes::from_static)
        );
        assert_eq!(
            split_at_slots(&Bytes::from_static(b"none"), b"SLOT"),
            [Bytes::from_static(b"none")]
        );
        assert_eq!(
            split_at_slots(&Bytes::from_static(b"SLOT"), b"SLOT"),
            [Bytes::new(), Bytes::new()]
        );
    }

    #[test]
    fn etags_change_with_each_input_and_pages_are_weak() {
        let e = Epoch {
            version: 7,
            minute: Some(100),
        };
        let base = etag("b1", e, Lang::En, Kind::Page, Some("tok"));
        assert!(base.starts_with("W/\""));
        assert!(etag("b1", e, Lang::En, Kind::Data, None).starts_with('"'));
        for other in [
            etag("b2", e, Lang::En, Kind::Page, Some("tok")),
            etag(
                "b1",
                Epoch { version: 8, ..e },
                Lang::En,
                Kind::Page,
                Some("tok"),
            ),
            etag(
                "b1",
                Epoch {
                    minute: Some(101),
                    ..e
                },
                Lang::En,
                Kind::Page,
                Some("tok"),
            ),
            etag("b1", e, Lang::It, Kind::Page, Some("tok")),
            etag("b1", e, Lang::En, Kind::Page, Some("other")),
            etag(
                "b1",
                Epoch { minute: None, ..e },
                Lang::En,
                Kind::Page,
                Some("tok"),
            ),
        ] {
            assert_ne!(other, base);
        }
        assert_eq!(base, etag("b1", e, Lang::En, Kind::Page, Some("tok")));
    }

    fn entry(n: usize, clocked: bool) -> Entry {
        Entry {
            status: StatusCode::OK,
            headers: vec![],
            parts: vec![Bytes::from(vec![b'x'; n])],
            size: n,
            clocked,
        }
    }

    #[test]
    fn a_newer_epoch_empties_the_cache_and_an_older_one_is_not_served() {
        let cache = PageCache::new(1024);
        let entry = |n: usize| entry(n, true);
        let e1 = Epoch {
            version: 1,
            minute: Some(0),
        };
        let e2 = Epoch {
            version: 2,
            minute: Some(0),
        };
        assert!(cache.get(e1, "a").is_none());
        cache.put(e1, "a".into(), entry(100));
        assert!(cache.get(e1, "a").is_some());
        assert_eq!(cache.usage(), (1, 100));
        // Full: the next one is not kept, the first stays.
        cache.put(e1, "b".into(), entry(1000));
        assert!(cache.get(e1, "b").is_none());
        assert_eq!(cache.usage(), (1, 100));
        // Replacing a key counts its bytes once.
        cache.put(e1, "a".into(), entry(200));
        assert_eq!(cache.usage(), (1, 200));
        assert!(cache.get(e2, "a").is_none(), "a newer version misses");
        assert_eq!(cache.usage(), (0, 0), "and empties the cache");
        cache.put(e1, "a".into(), entry(10));
        assert_eq!(
            cache.usage(),
            (0, 0),
            "a page of an older version is not kept"
        );
        assert!(cache.get(e1, "a").is_none());
        let off = PageCache::new(0);
        off.get(e1, "a");
        off.put(e1, "a".into(), entry(1));
        assert_eq!(off.usage(), (0, 0));
    }

    #[test]
    fn the_minutes_turn_drops_only_the_answers_that_show_the_clock() {
        let cache = PageCache::new(1024);
        let at = |version, minute| Epoch { version, minute };
        cache.put(at(1, None), "free".into(), entry(10, false));
        cache.put(at(1, Some(5)), "clocked".into(), entry(20, true));
        assert_eq!(cache.usage(), (2, 30));
        // An entry is only kept and served the way its route asks for.
        cache.put(at(1, None), "wrong".into(), entry(1, true));
        assert!(cache.get(at(1, Some(5)), "free").is_none());
        assert_eq!(cache.usage(), (2, 30));

        // The next minute: the clocked answer is gone, the other stays.
        assert!(cache.get(at(1, Some(6)), "clocked").is_none());
        assert_eq!(cache.usage(), (1, 10));
        assert!(cache.get(at(1, None), "free").is_some());
        // A request that read the clock before the turn is not served a clocked
        // answer, nor keeps one.
        cache.put(at(1, Some(5)), "clocked".into(), entry(20, true));
        assert!(cache.get(at(1, Some(5)), "clocked").is_none());
        assert_eq!(cache.usage(), (1, 10));

        // A new version empties everything, clock or not.
        assert!(cache.get(at(2, None), "free").is_none());
        assert_eq!(cache.usage(), (0, 0));
        cache.put(at(1, None), "free".into(), entry(10, false));
        assert_eq!(cache.usage(), (0, 0), "an older version is not kept");
    }
}
