//! Static files compiled into the binary and served under content-hashed names
//! (`/static/css/site.3f9a2c1b7d.css`) with a one-year immutable cache lifetime.
//! Templates ask for `ctx.asset("css/site.css")` and get the hashed URL.

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpResponse, web};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/static_files.rs"));
}

struct Asset {
    bytes: &'static [u8],
    content_type: &'static str,
}

struct Table {
    /// logical path -> hashed path
    hashed: HashMap<&'static str, String>,
    /// hashed path -> file
    by_hashed: HashMap<String, Asset>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut hashed = HashMap::new();
    let mut by_hashed = HashMap::new();
    for (path, bytes) in embedded::FILES {
        let digest = crate::util::sha256_hex(bytes);
        let short = &digest[..10];
        // The hash goes before the extension of the file name (not of a folder).
        let (dir, file) = match path.rsplit_once('/') {
            Some((d, f)) => (format!("{d}/"), f),
            None => (String::new(), *path),
        };
        let name = match file.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}.{short}.{ext}"),
            _ => format!("{dir}{file}.{short}"),
        };
        hashed.insert(*path, name.clone());
        by_hashed.insert(
            name,
            Asset {
                bytes,
                content_type: content_type(path),
            },
        );
    }
    Table { hashed, by_hashed }
});

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        "json" => "application/json",
        _ if path.ends_with("/LICENSE") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The public URL of a static file; an unknown path is logged and returned as is
/// (so a broken link shows up in tests rather than crashing a page).
pub fn url(path: &str) -> String {
    match TABLE.hashed.get(path) {
        Some(h) => format!("/static/{h}"),
        None => {
            tracing::warn!(path, "unknown static asset");
            format!("/static/{path}")
        }
    }
}

/// Logical paths of every embedded file.
pub fn all() -> Vec<&'static str> {
    embedded::FILES.iter().map(|(p, _)| *p).collect()
}

/// `GET /static/{path}`: hashed names, cached for a year; plain names too (for URLs
/// inside vendored CSS such as Leaflet's `images/layers.png`), cached for an hour.
pub async fn serve(path: web::Path<String>) -> HttpResponse {
    let plain = || {
        embedded::FILES
            .iter()
            .find(|(p, _)| *p == path.as_str())
            .map(|(p, bytes)| Asset {
                bytes,
                content_type: content_type(p),
            })
    };
    let (asset, cache) = match TABLE.by_hashed.get(path.as_str()) {
        Some(a) => (
            Some(Asset {
                bytes: a.bytes,
                content_type: a.content_type,
            }),
            "public, max-age=31536000, immutable",
        ),
        None => (plain(), "public, max-age=3600"),
    };
    match asset {
        Some(asset) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, asset.content_type))
            .insert_header((header::CACHE_CONTROL, cache))
            .body(asset.bytes),
        None => HttpResponse::NotFound()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_a_hashed_url() {
        assert!(!all().is_empty());
        for p in all() {
            let u = url(p);
            assert!(u.starts_with("/static/"));
            assert_ne!(u, format!("/static/{p}"), "{p} is not hashed");
            assert!(
                TABLE
                    .by_hashed
                    .contains_key(u.trim_start_matches("/static/"))
            );
        }
    }
}
