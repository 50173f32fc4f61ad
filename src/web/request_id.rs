//! A request id on every response (`X-Request-Id`) and on every log line written while
//! the request is handled (a tracing span around it), so that a person's "it failed at
//! 10:42" and an operator's logs meet. Behind a trusted reverse proxy
//! (`PACTUM_TRUST_PROXY_HEADERS`) the proxy's id is kept when it is a plain token;
//! otherwise, and always for ids a client made up, Pactum draws its own.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use tracing::Instrument;

use super::csrf::SiteOrigin;

pub const HEADER: &str = "x-request-id";

/// Whether an incoming id may be kept: 1 to 64 letters, digits, `-`, `_` or `.` (no
/// spaces or control characters to forge log lines with).
pub fn acceptable(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A new id: 16 random bytes in hex.
pub fn new_id() -> String {
    crate::util::hex_encode(&crate::util::random_bytes::<16>())
}

pub async fn tag(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody + 'static>, actix_web::Error> {
    let trusted = req
        .app_data::<web::Data<SiteOrigin>>()
        .is_some_and(|s| s.trust_proxy_headers);
    let id = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| trusted && acceptable(v))
        .map(str::to_string)
        .unwrap_or_else(new_id);
    let span = tracing::info_span!("request", id = %id);
    let mut res = next.call(req).instrument(span).await?;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(HeaderName::from_static(HEADER), v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_tokens_are_kept() {
        assert!(acceptable("b7f3c2a1-req.42_x"));
        assert!(!acceptable(""));
        assert!(!acceptable("a b"));
        assert!(!acceptable("line\nforged"));
        assert!(!acceptable(&"a".repeat(65)));
        assert_eq!(new_id().len(), 32);
        assert_ne!(new_id(), new_id());
    }
}
