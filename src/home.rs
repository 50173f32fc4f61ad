//! The home page and the health endpoints.

use actix_web::{HttpResponse, web};
use askama::Template;

use crate::ports::AppState;
use crate::web::page::PageCtx;
use crate::web::render;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    ctx: PageCtx,
}

pub async fn index(ctx: PageCtx) -> HttpResponse {
    render(&HomePage { ctx })
}

/// The process is up.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({"status": "ok"}))
}

/// The database answers.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db = state.db.ping().await;
    let body = serde_json::json!({
        "status": if db { "ok" } else { "unavailable" },
        "database": if db { "ok" } else { "unreachable" },
        "backend": format!("{:?}", state.db.backend()).to_lowercase(),
    });
    if db {
        HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(body)
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header(("Cache-Control", "no-store"))
            .json(body)
    }
}
