//! The shared web kit: page context and layout, sessions and flash messages, CSRF,
//! translations, dates in each language's format, forms, pagination, static assets,
//! security headers, rate limits, error pages, request ids and HTTP metrics. It knows no
//! domain area.

pub mod assets;
pub mod csrf;
pub mod csv;
pub mod csv_read;
pub mod dates;
pub mod error_pages;
pub mod forms;
pub mod headers;
pub mod i18n;
pub mod metrics;
pub mod multipart;
pub mod opendata;
pub mod page;
pub mod page_cache;
pub mod pagination;
pub mod rate_limit;
pub mod request_id;
pub mod session;
pub mod translations;
pub mod uploads;

use actix_web::HttpRequest;

/// The client's IP address, for rate limits. `X-Forwarded-For` is believed only when
/// the operator says a trusted reverse proxy sets it.
pub fn client_ip(req: &HttpRequest, trust_proxy_headers: bool) -> String {
    if trust_proxy_headers && let Some(ip) = req.connection_info().realip_remote_addr() {
        return strip_port(ip);
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string())
}

fn strip_port(addr: &str) -> String {
    match addr.parse::<std::net::SocketAddr>() {
        Ok(sa) => sa.ip().to_string(),
        Err(_) => addr.trim_matches(['[', ']']).to_string(),
    }
}

/// A redirect after a successful form post (303 See Other).
pub fn see_other(location: &str) -> actix_web::HttpResponse {
    actix_web::HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, location))
        .finish()
}

/// Whether a `next` redirect target is a local path (no open redirects).
pub fn safe_next(next: Option<&str>) -> Option<String> {
    let n = next?.trim();
    let ok = n.starts_with('/')
        && !n.starts_with("//")
        && !n.starts_with("/\\")
        && !n.chars().any(|c| c.is_control());
    ok.then(|| n.to_string())
}

/// Renders a template as an HTML response with the given status.
pub fn render_with_status<T: askama::Template>(
    status: actix_web::http::StatusCode,
    tpl: &T,
) -> actix_web::HttpResponse {
    match tpl.render() {
        Ok(html) => actix_web::HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(html),
        Err(e) => {
            tracing::error!("template rendering failed: {e}");
            actix_web::HttpResponse::InternalServerError()
                .content_type("text/plain; charset=utf-8")
                .body("Internal error")
        }
    }
}

/// Renders a template as a 200 HTML response.
pub fn render<T: askama::Template>(tpl: &T) -> actix_web::HttpResponse {
    render_with_status(actix_web::http::StatusCode::OK, tpl)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_targets_must_be_local_paths() {
        assert_eq!(safe_next(Some("/account")), Some("/account".into()));
        assert_eq!(safe_next(Some("//evil.example")), None);
        assert_eq!(safe_next(Some("https://evil.example")), None);
        assert_eq!(safe_next(Some("/\\evil")), None);
        assert_eq!(safe_next(None), None);
    }

    #[test]
    fn ports_are_stripped() {
        assert_eq!(strip_port("10.0.0.1:443"), "10.0.0.1");
        assert_eq!(strip_port("10.0.0.1"), "10.0.0.1");
        assert_eq!(strip_port("[::1]:80"), "::1");
    }
}
