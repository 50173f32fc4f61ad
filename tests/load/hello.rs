//! A bare actix-web "hello" server: the baseline of the load benchmark
//! (`BASELINE=1 tests/load/run.sh`), what this machine serves with no templates,
//! database, sessions or middleware at all:
//!
//!     cargo run --release --example hello -- 127.0.0.1:18100
//!
//! It answers `GET /` with `Hello, world!` on the address of its first argument
//! (127.0.0.1:8080 by default), with actix-web's default number of workers.

use actix_web::{App, HttpServer, web};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let bind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    HttpServer::new(|| App::new().route("/", web::get().to(|| async { "Hello, world!" })))
        .bind(bind.as_str())?
        .run()
        .await
}
