//! Cross-site request forgery protection for every unsafe method, and the first bound
//! on request bodies.
//!
//! Two independent checks, both must pass:
//! 1. Fetch metadata and origin: `Sec-Fetch-Site`, when the browser sends it, must be
//!    `same-origin` or `none`; `Origin`, when sent, must be this site: the configured
//!    base URL's origin, or the one a reverse proxy forwarded when its headers are
//!    trusted (`PACTUM_TRUST_PROXY_HEADERS`).
//! 2. The synchroniser token: the session's token, masked per page (see
//!    `session::mask_token`), must come back in the form field `csrf_token`
//!    (urlencoded or multipart body) or the `X-CSRF-Token` header.
//!
//! Bodies are refused by their `Content-Length` before anything is read: a form over
//! [`forms::MAX_FORM_BYTES`], a multipart body over the largest upload any route takes.
//! A urlencoded form is read whole (at most the form limit, also without a length),
//! checked well-formed (UTF-8 text, no undeclared repeated field) and handed on. Of a
//! multipart body only a prefix is read, until the `csrf_token` part has been seen (the
//! pages put it first), at most [`MULTIPART_PREFIX`]; the handler gets that prefix
//! chained with the rest of the stream, which its reader bounds by the route's limit.

use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes, BytesMut};
use futures_util::StreamExt;
use subtle::ConstantTimeEq;

use super::forms::{self, FormData};
use super::multipart;
use crate::error::AppError;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// The most of a multipart body read while looking for the token.
pub const MULTIPART_PREFIX: usize = 64 * 1024;
/// How much a multipart prefix grows between two looks for the token.
const RESCAN_EVERY: usize = 8 * 1024;
/// The longest boundary RFC 2046 allows.
const MAX_BOUNDARY: usize = 70;

/// The site's own origin (`scheme://host[:port]`) and whether the origin a reverse
/// proxy forwards may be believed, configured by the app.
#[derive(Clone, Debug)]
pub struct SiteOrigin {
    pub origin: String,
    pub trust_proxy_headers: bool,
}

impl SiteOrigin {
    pub fn new(origin: String, trust_proxy_headers: bool) -> SiteOrigin {
        SiteOrigin {
            origin,
            trust_proxy_headers,
        }
    }
}

fn is_unsafe(m: &Method) -> bool {
    !matches!(
        *m,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Server-to-server endpoints a browser never posts to: they carry no cookie and
/// their body proves itself (the identity provider's back-channel logout token is a
/// JWT signed by the provider, checked by its handler).
pub const SERVER_TO_SERVER: &[&str] = &["/oidc/backchannel-logout"];

pub async fn protect(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    if is_unsafe(req.method())
        && !SERVER_TO_SERVER.contains(&req.path())
        && let Err(e) = check(&mut req).await
    {
        // A response, not an error: the error-page layer outside renders it.
        return Ok(req.error_response(e).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// What kind of body a request announces.
enum BodyKind {
    Form,
    Multipart(String),
    Other,
}

fn body_kind(req: &ServiceRequest) -> Result<BodyKind, AppError> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let starts = |prefix: &str| {
        ctype
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if starts(forms::FORM_CONTENT_TYPE) {
        return Ok(BodyKind::Form);
    }
    if !starts(multipart::CONTENT_TYPE) {
        return Ok(BodyKind::Other);
    }
    let boundary = ctype
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .filter(|b| !b.is_empty() && b.len() <= MAX_BOUNDARY)
        .ok_or(AppError::BadRequest("error-bad-request-body"))?;
    Ok(BodyKind::Multipart(boundary))
}

/// Whether the request has a body at all (a length above zero, or chunked).
fn has_body(req: &ServiceRequest) -> bool {
    match multipart::declared_length(req.headers()) {
        Some(n) => n > 0,
        None => req.headers().contains_key(header::TRANSFER_ENCODING),
    }
}

async fn check(req: &mut ServiceRequest) -> Result<(), AppError> {
    check_origin(req)?;
    let kind = body_kind(req)?;
    // Refused by its length, before any of it is read.
    let length = multipart::declared_length(req.headers());
    match kind {
        BodyKind::Form if length.is_some_and(|n| n > forms::MAX_FORM_BYTES) => {
            return Err(AppError::TooLarge {
                limit: forms::MAX_FORM_BYTES,
            });
        }
        BodyKind::Multipart(_) if length.is_some_and(|n| n > multipart::LARGEST_BODY) => {
            return Err(AppError::TooLarge {
                limit: super::uploads::MAX_PHOTO_BYTES,
            });
        }
        BodyKind::Other if has_body(req) => {
            return Err(AppError::UnsupportedType(forms::FORM_CONTENT_TYPE));
        }
        _ => {}
    }
    let expected: Option<String> = req.get_session().get(super::session::CSRF).ok().flatten();
    let Some(expected) = expected else {
        return Err(AppError::Csrf("no token in session"));
    };
    let header = header_token(req);
    match kind {
        BodyKind::Form => {
            let body = read_limited(req, forms::MAX_FORM_BYTES).await?;
            let presented = header.or_else(|| form_urlencoded_token(&body));
            verify(presented, &expected)?;
            FormData::parse_strict(&body, forms::multi_valued(req.path()))?;
            req.set_payload(Payload::from(body));
            Ok(())
        }
        BodyKind::Multipart(boundary) if header.is_none() => {
            let presented = read_multipart_prefix(req, &boundary).await?;
            verify(presented, &expected)
        }
        _ => verify(header, &expected),
    }
}

fn verify(presented: Option<String>, expected: &str) -> Result<(), AppError> {
    let ok = presented
        .and_then(|p| super::session::unmask_token(&p))
        .map(|p| bool::from(p.as_bytes().ct_eq(expected.as_bytes())))
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(AppError::Csrf("token missing or wrong"))
    }
}

fn check_origin(req: &ServiceRequest) -> Result<(), AppError> {
    if let Some(site) = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Err(AppError::Csrf("cross-site Sec-Fetch-Site"));
    }
    if let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        let site = req.app_data::<web::Data<SiteOrigin>>();
        let configured = site.is_some_and(|s| s.origin == origin);
        // Host, X-Forwarded-Host and Forwarded are the client's to choose unless a
        // trusted proxy sets them.
        let forwarded = site.is_some_and(|s| s.trust_proxy_headers) && {
            let conn = req.connection_info();
            origin == format!("{}://{}", conn.scheme(), conn.host())
        };
        if !configured && !forwarded {
            return Err(AppError::Csrf("foreign Origin"));
        }
    }
    Ok(())
}

fn header_token(req: &ServiceRequest) -> Option<String> {
    req.headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Reads the whole body, refusing it (413) as soon as it goes past `limit`.
async fn read_limited(req: &mut ServiceRequest, limit: usize) -> Result<Bytes, AppError> {
    let mut payload = req.parts_mut().1.take();
    let mut buf = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest("error-bad-request-body"))?;
        if buf.len() + chunk.len() > limit {
            return Err(AppError::TooLarge { limit });
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// Reads a multipart body until its `csrf_token` part is complete (at most
/// [`MULTIPART_PREFIX`] and one chunk), then gives the request back a payload that is
/// what was read followed by the rest of the stream. Returns the token, if seen.
async fn read_multipart_prefix(
    req: &mut ServiceRequest,
    boundary: &str,
) -> Result<Option<String>, AppError> {
    let mut payload = req.parts_mut().1.take();
    let mut buf = BytesMut::new();
    let mut scanned = 0;
    let token = loop {
        if buf.len() >= MULTIPART_PREFIX {
            break find_multipart_token(&buf, boundary, false);
        }
        match payload.next().await {
            Some(chunk) => {
                let chunk = chunk.map_err(|_| AppError::BadRequest("error-bad-request-body"))?;
                buf.extend_from_slice(&chunk);
                if buf.len() - scanned >= RESCAN_EVERY {
                    scanned = buf.len();
                    if let Some(t) = find_multipart_token(&buf, boundary, false) {
                        break Some(t);
                    }
                }
            }
            None => break find_multipart_token(&buf, boundary, true),
        }
    };
    let prefix = buf.freeze();
    let chained: std::pin::Pin<
        Box<dyn futures_util::Stream<Item = Result<Bytes, actix_web::error::PayloadError>>>,
    > = Box::pin(futures_util::stream::once(async move { Ok(prefix) }).chain(payload));
    req.set_payload(Payload::from(chained));
    Ok(token)
}

pub fn form_urlencoded_token(body: &[u8]) -> Option<String> {
    ::url::form_urlencoded::parse(body)
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned())
}

/// Finds the `csrf_token` part of a whole multipart body without a full parser.
pub fn multipart_token(body: &[u8], boundary: &str) -> Option<String> {
    find_multipart_token(body, boundary, true)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The token from the parts of `body` (a whole body when `complete`, else a prefix
/// whose last, possibly cut, part is not looked at).
fn find_multipart_token(body: &[u8], boundary: &str, complete: bool) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let delimiter = delimiter.as_bytes();
    let mut rest = &body[find(body, delimiter)? + delimiter.len()..];
    loop {
        let end = find(rest, delimiter);
        let part = match end {
            Some(e) => &rest[..e],
            None if complete => rest,
            None => return None,
        };
        if let Some(token) = token_in_part(part) {
            return Some(token);
        }
        rest = &rest[end? + delimiter.len()..];
    }
}

fn token_in_part(part: &[u8]) -> Option<String> {
    let split = find(part, b"\r\n\r\n")?;
    let head = std::str::from_utf8(&part[..split]).ok()?;
    let named = head.lines().any(|l| {
        l.to_ascii_lowercase().starts_with("content-disposition")
            && l.contains(&format!("name=\"{FIELD}\""))
    });
    if !named {
        return None;
    }
    let value = std::str::from_utf8(&part[split + 4..]).ok()?;
    Some(value.trim_end_matches("\r\n").trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_found_in_urlencoded_bodies() {
        assert_eq!(
            form_urlencoded_token(b"a=1&csrf_token=abc%2Bd&b=2"),
            Some("abc+d".into())
        );
        assert_eq!(form_urlencoded_token(b"a=1"), None);
    }

    #[test]
    fn token_is_found_in_multipart_bodies() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHi\r\n--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\ntok123\r\n--XyZ--\r\n";
        assert_eq!(
            multipart_token(body.as_bytes(), "XyZ"),
            Some("tok123".into())
        );
        assert_eq!(multipart_token(b"--XyZ--", "XyZ"), None);
        // In a prefix, a part not yet followed by a delimiter may be cut short.
        let cut = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\ntok1";
        assert_eq!(find_multipart_token(cut.as_bytes(), "XyZ", false), None);
        let mut first = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\ntok123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n\r\n".to_vec();
        first.push(0xff);
        assert_eq!(
            find_multipart_token(&first, "XyZ", false),
            Some("tok123".into())
        );
    }
}
