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

/// A CSV download: UTF-8, an attachment named `filename`, CORS open.
pub fn csv_response(filename: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(body)
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
