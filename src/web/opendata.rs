//! What every open-data answer says about reuse: the licence, in the way each kind of
//! reader looks for it.
//!
//! - Every CSV, GeoJSON, JSON and JSON-LD answer carries an HTTP
//!   `Link: <licence>; rel="license"` header (RFC 8288; `license` is a registered
//!   relation), added by [`licence_header`] around all routes, so no export can forget it
//!   and a CSV, which has no place for metadata inside, still states it.
//! - JSON and GeoJSON documents also carry a top-level `license` member
//!   ([`with_licence`]): `{"id", "title", "url"}`.
//! - The DCAT-AP catalogue (`/catalog.jsonld`) gives it as `dct:license` of every
//!   dataset and distribution: that is what a CKAN harvester reads.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use crate::config::Licence;

/// The open data's licence, as the application's shared data.
#[derive(Debug, Clone)]
pub struct OpenDataLicence(pub Licence);

/// Media types that are data, not pages: their answers carry the licence.
const DATA_TYPES: &[&str] = &[
    "text/csv",
    "application/json",
    "application/geo+json",
    "application/ld+json",
];

/// The `Link` header value naming the licence.
pub fn link_value(l: &Licence) -> String {
    format!("<{}>; rel=\"license\"", l.url)
}

/// Adds the licence's `Link` header to every successful data answer (see the module).
pub async fn licence_header(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let licence = req.app_data::<web::Data<OpenDataLicence>>().cloned();
    let mut res = next.call(req).await?;
    let is_data = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| DATA_TYPES.iter().any(|d| t.starts_with(d)));
    if let Some(l) = licence
        && is_data
        && res.status().is_success()
        && let Ok(v) = HeaderValue::from_str(&link_value(&l.0))
    {
        res.headers_mut().append(header::LINK, v);
    }
    Ok(res)
}

/// The licence as a JSON member's value.
pub fn licence_json(l: &Licence) -> Value {
    json!({ "id": l.id, "title": l.title, "url": l.url })
}

/// A JSON object with the licence as its `license` member (other values unchanged).
pub fn with_licence(mut v: Value, l: &Licence) -> Value {
    if let Value::Object(o) = &mut v {
        o.insert("license".into(), licence_json(l));
    }
    v
}

/// One page of a streamed download: its text, and where the next page starts (none:
/// this was the last).
pub struct Chunk {
    pub text: String,
    pub next: Option<i64>,
}

/// Writes the page of a download that starts after the cursor given.
pub type PageFn = dyn Fn(&mut crate::db::AnyConnection, i64) -> Result<Chunk, crate::error::AppError>
    + Send
    + Sync;

/// A download streamed page by page (a whole city's registry is never held in memory):
/// `head`, then each page [`PageFn`] writes (the first after cursor `i64::MIN`), with
/// `separator` between pages that have text, then `tail`. Each page is read on the
/// blocking pool with a connection of its own, held only while it is read. Pages are
/// read one after the other as the client takes them, so a slow client costs memory
/// for one page. A failure past the head cannot change the status any more: it is
/// logged and the connection is cut, so the client sees an incomplete transfer rather
/// than a short file.
pub fn paged_stream(
    db: crate::db::Db,
    head: String,
    page: std::sync::Arc<PageFn>,
    separator: &'static str,
    tail: String,
) -> impl futures_util::Stream<Item = Result<web::Bytes, actix_web::Error>> + 'static {
    enum Next {
        Head(String),
        Page { after: i64, wrote: bool },
        Tail(String),
        Done,
    }
    futures_util::stream::unfold((Next::Head(head), Some(tail)), move |(state, mut tail)| {
        let (db, page) = (db.clone(), page.clone());
        async move {
            match state {
                Next::Head(h) => Some((
                    Ok(web::Bytes::from(h)),
                    (
                        Next::Page {
                            after: i64::MIN,
                            wrote: false,
                        },
                        tail,
                    ),
                )),
                Next::Page { after, wrote } => match db.run(move |conn| page(conn, after)).await {
                    Ok(chunk) => {
                        let has_text = !chunk.text.is_empty();
                        let mut text = String::new();
                        if wrote && has_text {
                            text.push_str(separator);
                        }
                        text.push_str(&chunk.text);
                        let next = match chunk.next {
                            Some(after) => Next::Page {
                                after,
                                wrote: wrote || has_text,
                            },
                            None => Next::Tail(tail.take().unwrap_or_default()),
                        };
                        Some((Ok(web::Bytes::from(text)), (next, tail)))
                    }
                    Err(e) => {
                        tracing::warn!("download cut short: {e}");
                        Some((
                            Err(actix_web::error::ErrorInternalServerError(
                                "download cut short",
                            )),
                            (Next::Done, tail),
                        ))
                    }
                },
                Next::Tail(t) => Some((Ok(web::Bytes::from(t)), (Next::Done, tail))),
                Next::Done => None,
            }
        }
    })
}

/// The headers of a CSV download: UTF-8, an attachment named `filename`, CORS open.
fn csv_answer(filename: &str) -> actix_web::HttpResponseBuilder {
    let mut answer = HttpResponse::Ok();
    answer
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
    answer
}

/// A CSV download.
pub fn csv_response(filename: &str, body: String) -> HttpResponse {
    csv_answer(filename).body(body)
}

/// A CSV download streamed page by page ([`paged_stream`]).
pub fn csv_stream(
    filename: &str,
    body: impl futures_util::Stream<Item = Result<web::Bytes, actix_web::Error>> + 'static,
) -> HttpResponse {
    csv_answer(filename).streaming(body)
}

/// A JSON answer, CORS open.
pub fn json_response(v: &Value) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cc_by() -> Licence {
        Licence::parse("CC-BY-4.0").unwrap()
    }

    #[test]
    fn the_licence_goes_in_a_link_header_and_a_member() {
        assert_eq!(
            link_value(&cc_by()),
            "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\""
        );
        let v = with_licence(json!({"items": []}), &cc_by());
        assert_eq!(v["license"]["id"], "CC-BY-4.0");
        assert_eq!(v["items"], json!([]));
        assert_eq!(with_licence(json!([1]), &cc_by()), json!([1]));
    }
}
