//! Embeds every file under `static/` into the binary, so one file deploys, and lists
//! the Fluent catalogues `src/web/locales/<lang>/<area>.ftl` for `web::i18n` (a new
//! area's file is picked up without touching the loader).
use std::path::Path;

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, root, out);
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// `locale_files.rs`: `(language, area, source)` for every catalogue file, sorted.
fn locales(out_dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web/locales");
    println!("cargo:rerun-if-changed=src/web/locales");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut code = String::from("pub static LOCALE_FILES: &[(&str, &str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=src/web/locales/{f}");
        let Some((lang, area)) = f.strip_suffix(".ftl").and_then(|s| s.split_once('/')) else {
            panic!("src/web/locales/{f}: catalogues are <lang>/<area>.ftl");
        };
        code.push_str(&format!(
            "    ({lang:?}, {area:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/web/locales/{f}\"))),\n"
        ));
    }
    code.push_str("];\n");
    let out = out_dir.join("locale_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

fn main() {
    let out_dir = std::env::var("OUT_DIR").unwrap_or_default();
    locales(Path::new(&out_dir));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    println!("cargo:rerun-if-changed=static");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut code = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=static/{f}");
        code.push_str(&format!(
            "    ({f:?}, include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/static/{f}\"))),\n"
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&out_dir).join("static_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
