//! Cross-site request forgery protection for every unsafe method.
//!
//! Two independent checks, both must pass:
//! 1. Fetch metadata and origin: `Sec-Fetch-Site`, when the browser sends it, must be
//!    `same-origin` or `none`; `Origin`, when sent, must be this site.
//! 2. The synchroniser token: the session's token, masked per page (see
//!    `session::mask_token`), must come back in the form field `csrf_token`
//!    (urlencoded or multipart body) or the `X-CSRF-Token` header.
//!
//! The body is read here (bounded) and handed on unchanged to the handler.

use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes, BytesMut};
use futures_util::StreamExt;
use subtle::ConstantTimeEq;

use crate::error::AppError;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";
/// Largest body the check buffers; bigger uploads must send the header.
const MAX_BUFFERED: usize = 64 * 1024 * 1024;

/// The site's own origin (`scheme://host[:port]`), configured by the app.
#[derive(Clone, Debug)]
pub struct SiteOrigin(pub String);

fn is_unsafe(m: &Method) -> bool {
    !matches!(
        *m,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

pub async fn protect(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    if is_unsafe(req.method())
        && let Err(e) = check(&mut req).await
    {
        // A response, not an error: the error-page layer outside renders it.
        return Ok(req.error_response(e).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

async fn check(req: &mut ServiceRequest) -> Result<(), AppError> {
    check_origin(req)?;
    let expected: Option<String> = req.get_session().get(super::session::CSRF).ok().flatten();
    let Some(expected) = expected else {
        return Err(AppError::Csrf("no token in session"));
    };
    let presented = match header_token(req) {
        Some(t) => Some(t),
        None => {
            let body = read_body(req).await?;
            let token = body_token(req, &body);
            req.set_payload(Payload::from(body));
            token
        }
    };
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
        let configured = req.app_data::<web::Data<SiteOrigin>>().map(|o| o.0.clone());
        let conn = req.connection_info();
        let from_host = format!("{}://{}", conn.scheme(), conn.host());
        let allowed = configured.as_deref() == Some(origin) || origin == from_host;
        if !allowed {
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

async fn read_body(req: &mut ServiceRequest) -> Result<Bytes, AppError> {
    let mut payload = req.parts_mut().1.take();
    let mut buf = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest("error-bad-request-body"))?;
        if buf.len() + chunk.len() > MAX_BUFFERED {
            return Err(AppError::BadRequest("error-bad-request-too-large"));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

fn body_token(req: &ServiceRequest, body: &[u8]) -> Option<String> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if ctype.starts_with("application/x-www-form-urlencoded") {
        form_urlencoded_token(body)
    } else if ctype.starts_with("multipart/form-data") {
        let boundary = ctype.split("boundary=").nth(1)?.trim_matches('"');
        multipart_token(body, boundary)
    } else {
        None
    }
}

pub fn form_urlencoded_token(body: &[u8]) -> Option<String> {
    ::url::form_urlencoded::parse(body)
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.into_owned())
}

/// Finds the `csrf_token` part of a multipart body without a full parser.
pub fn multipart_token(body: &[u8], boundary: &str) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let text = String::from_utf8_lossy(body);
    text.split(delimiter.as_str()).find_map(|part| {
        let (head, value) = part.split_once("\r\n\r\n")?;
        let named = head.lines().any(|l| {
            l.to_ascii_lowercase().starts_with("content-disposition")
                && l.contains(&format!("name=\"{FIELD}\""))
        });
        named.then(|| value.trim_end_matches("\r\n").trim().to_string())
    })
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
    }
}
