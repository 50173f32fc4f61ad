//! Turns every error response into a translated page (or JSON under `/api/`) that
//! says what kind of problem happened and nothing internal: handler errors, middleware
//! errors (CSRF), and actix's own plain-text errors (bad form data, unknown routes).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::page::PageCtx;
use crate::error::{ErrorDetail, ErrorPageKind};

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage<'a> {
    ctx: PageCtx,
    title_key: String,
    body_key: String,
    status: u16,
    detail: &'a str,
}

pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Inner layers answer with responses (not errors), so the request is still here.
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    if !status.is_client_error() && !status.is_server_error() && status != StatusCode::SEE_OTHER {
        return Ok(res);
    }
    let kind = res.response().extensions().get::<ErrorPageKind>().copied();
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/plain"));
    let kind = match kind {
        Some(k) => k,
        None if status == StatusCode::SEE_OTHER || !plain => return Ok(res),
        None => kind_for_status(status),
    };
    let detail = res
        .response()
        .extensions()
        .get::<ErrorDetail>()
        .map(|d| d.0);
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let (req, _) = res.into_parts();
    let mut response = build(&req, status, kind, detail);
    if let Some(v) = retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    Ok(ServiceResponse::new(req, response))
}

fn kind_for_status(status: StatusCode) -> ErrorPageKind {
    match status.as_u16() {
        400 | 411 | 413 | 415 => ErrorPageKind::BadRequest,
        401 => ErrorPageKind::SignInRequired,
        403 => ErrorPageKind::Forbidden,
        404 | 405 => ErrorPageKind::NotFound,
        409 => ErrorPageKind::Conflict,
        422 => ErrorPageKind::Invalid,
        429 => ErrorPageKind::TooManyRequests,
        503 => ErrorPageKind::Unavailable,
        _ if status.is_client_error() => ErrorPageKind::BadRequest,
        _ => ErrorPageKind::Internal,
    }
}

fn build(
    req: &HttpRequest,
    status: StatusCode,
    kind: ErrorPageKind,
    detail: Option<&str>,
) -> HttpResponse {
    if kind == ErrorPageKind::SignInRequired && !req.path().starts_with("/api/") {
        let next = if req.method() == actix_web::http::Method::GET {
            req.uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_string())
                .unwrap_or_else(|| "/".into())
        } else {
            "/".to_string()
        };
        let target = format!(
            "/signin?next={}",
            percent_encoding::utf8_percent_encode(&next, percent_encoding::NON_ALPHANUMERIC)
        );
        return super::see_other(&target);
    }
    let status = if kind == ErrorPageKind::SignInRequired {
        StatusCode::UNAUTHORIZED
    } else {
        status
    };
    let ctx = PageCtx::for_request(req);
    if req.path().starts_with("/api/") || wants_json(req) {
        let mut body = serde_json::json!({
            "error": kind.slug(),
            "message": ctx.t(format!("error-{}-title", kind.slug())),
        });
        // What exactly was wrong, when the error says (e.g. which bound a search broke).
        if let Some(key) = detail {
            body["detail"] = serde_json::Value::String(ctx.t(key));
        }
        return HttpResponse::build(status).json(body);
    }
    let page = ErrorPage {
        title_key: format!("error-{}-title", kind.slug()),
        body_key: format!("error-{}-body", kind.slug()),
        status: status.as_u16(),
        detail: detail.unwrap_or(""),
        ctx,
    };
    let mut res = super::render_with_status(status, &page);
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    res
}

/// Whether the client asked for JSON (`Accept: application/json`).
pub fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"))
}
