//! The dependency rules (ARCHITECTURE.md, "Dependency rules"; README, "Where things
//! are") as a test: it reads every `.rs` file under `src/`, collects the arrows —
//! `use crate::…`, `use super::…`, `use self::…`, uniform paths to child modules, and
//! `crate::…`/`super::…` paths in code — resolves them to modules, and fails on an
//! arrow the rules do not allow, naming file, line and rule. This test, not the prose,
//! is the source of truth.
//!
//! - An area (`accounts`, `commons`, `pacts`, `assemblies`, `tokens`) uses the shared
//!   infrastructure freely, another area only through its `api` module, and never the
//!   wiring (`app`, `cli`, `demo`, `home`, `monitoring`, `opendata`).
//! - The infrastructure (`db`, `web`, `mail`, `oidc`, `search`, `jobs`, `ledger`, `kit`,
//!   `error`, `util`, `config`, `ports`, `state`) knows no area.
//! - `kit` depends on nothing else in the crate.
//! - Pure modules (`*/model.rs` or `*/model/`, `*/procedure.rs`, `pacts/text/`,
//!   `pacts/deadlines.rs`, `pacts/policy.rs`, `pacts/calls.rs`, `pacts/document`,
//!   `voting/`) use only the kit, `util` (hashing, std-like) and other pure modules: no
//!   actix, no diesel, no `web`, `db` or `error`.
//! - The ledger's tree, proof, note, hash, verify and tiles code and all of `voting`
//!   import neither actix nor diesel.
//! - No cycle between the modules of one area.
//! - An area names only its own tables of `db::schema` (and the shared outbox, where
//!   every area queues its own kinds of work), each by name; another area's data it
//!   asks of that area's `api`. Every table has one owner in [`TABLES`].
//!
//! Code under `#[cfg(test)]` is not read: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet, HashMap};

const AREAS: &[&str] = &["accounts", "commons", "pacts", "assemblies", "tokens"];
const INFRA: &[&str] = &[
    "db", "web", "mail", "oidc", "search", "jobs", "ledger", "kit", "error", "util", "config",
    "ports", "state",
];
const WIRING: &[&str] = &[
    "app",
    "cli",
    "demo",
    "home",
    "imports",
    "monitoring",
    "opendata",
];
const EXTERNAL_IMPURE: &[&str] = &["actix", "actix_web", "actix_http", "actix_files", "diesel"];
const LEDGER_PURE: &[&str] = &["tree", "proof_file", "note", "hash", "verify", "tiles"];

/// The owner of each table of `src/db/schema.rs`: an area, the ledger, or `shared`.
const TABLES: &[(&str, &[&str])] = &[
    (
        "accounts",
        &[
            "users",
            "user_roles",
            "role_audit",
            "offices",
            "office_members",
            "groups",
            "group_members",
            "group_invitations",
            "email_tokens",
            "sessions",
            "absences",
            "user_identities",
            "oidc_requests",
            "oidc_sessions",
            "oidc_office_grants",
        ],
    ),
    (
        "commons",
        &[
            "districts",
            "addresses",
            "commons",
            "commons_provisioning",
            "commons_photos",
            "commons_events",
            "commons_changes",
        ],
    ),
    (
        "pacts",
        &[
            "pacts",
            "pact_commons",
            "pact_versions",
            "pact_support",
            "pact_support_deliveries",
            "pact_cosigners",
            "pact_events",
            "pact_attachments",
            "pact_observations",
            "pact_opinions",
            "pact_meetings",
            "pact_signatures",
            "pact_adherents",
            "pact_reports",
            "pact_reminders",
            "notifications",
            "pact_signing_offices",
            "pact_registrations",
            "pact_notices",
            "pact_conciliations",
            "pact_conciliation_sessions",
            "pact_templates",
            "pact_calls",
            "pact_proposals",
            "pact_imports",
        ],
    ),
    (
        "tokens",
        &[
            "token_programmes",
            "token_methodologies",
            "token_verifiers",
            "token_assets",
            "token_claims",
            "token_evidence",
            "token_reviews",
            "token_accounts",
            "token_transfers",
            "token_issuances",
            "token_lots",
            "token_points",
            "token_spends",
            "token_exchanges",
            "token_fund_deposits",
            "token_requests",
        ],
    ),
    (
        "assemblies",
        &[
            "bodies",
            "body_facilitators",
            "body_members",
            "meetings",
            "meeting_items",
            "meeting_attendance",
            "motions",
            "motion_supporters",
            "motion_comments",
            "votes",
            "vote_options",
            "vote_electorate",
            "vote_participation",
            "vote_ballots",
            // --- added by recs ---
            "recommendations",
            "pact_endorsements",
            // --- added by amend ---
            "motion_amendments",
            "motion_versions",
        ],
    ),
    (
        "ledger",
        &[
            "ledger_entries",
            "ledger_hashes",
            "ledger_head",
            "ledger_checkpoints",
        ],
    ),
    // Every area keeps the translations of its own kinds of object (its `subject`).
    (
        "shared",
        &[
            "outbox",
            "content_translations",
            "job_leases",
            "rate_limits",
        ],
    ),
];

/// The owner of a table, if it has one.
fn owner_of(table: &str) -> Option<&'static str> {
    TABLES
        .iter()
        .find(|(_, tables)| tables.contains(&table))
        .map(|(owner, _)| *owner)
}

/// Tolerated violations, each `(file or area, target)`: empty since the restructure.
/// Should a change ever need one for a while, it is listed here with its reason; a
/// violation not listed fails the test, and so does a listed one that no longer occurs
/// (the list can only shrink). For a cycle, the file is the area and the target its
/// modules in the cycle.
const KNOWN: &[(&str, &str)] = &[];

/// One arrow: `file:line` uses `to` (module path; `::name` for an external crate).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Arrow {
    file: String,
    line: usize,
    to: Vec<String>,
    /// The whole path, down to the item (`db::schema::users::table`).
    path: Vec<String>,
    external: bool,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Violation {
    file: String,
    line: usize,
    target: String,
    rule: &'static str,
    /// For a cycle, its arrows.
    detail: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.detail.is_empty() {
            write!(
                f,
                "{}:{}: {} ({})",
                self.file, self.line, self.target, self.rule
            )
        } else {
            write!(
                f,
                "{}: {} ({}: {})",
                self.file, self.target, self.rule, self.detail
            )
        }
    }
}

/// The module path of a file under `src/` (`commons/service.rs` → `commons::service`,
/// `pacts/mod.rs` → `pacts`, `lib.rs` → the crate root).
fn module_of(file: &str) -> Vec<String> {
    let path = file.trim_start_matches("src/").trim_end_matches(".rs");
    let mut segs: Vec<String> = path.split('/').map(str::to_string).collect();
    if matches!(
        segs.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        segs.pop();
    }
    segs
}

/// The source without comments and without `#[cfg(test)]` items, line by line.
fn code_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut skip_depth: Option<i64> = None;
    let mut pending_cfg_test = false;
    for line in text.lines() {
        let code = strip_comment(line);
        let t = code.trim();
        if let Some(depth) = skip_depth.as_mut() {
            *depth += brace_balance(t);
            out.push(String::new());
            if *depth <= 0 && t.contains('}') {
                skip_depth = None;
            }
            continue;
        }
        if t.starts_with("#[cfg(test)]") {
            pending_cfg_test = true;
            out.push(String::new());
            continue;
        }
        if pending_cfg_test && !t.is_empty() && !t.starts_with("#[") {
            pending_cfg_test = false;
            let b = brace_balance(t);
            if b > 0 {
                skip_depth = Some(b);
            }
            // A one-line item (`use …;`, `mod x;`) ends here.
            out.push(String::new());
            continue;
        }
        out.push(code.to_string());
    }
    out
}

fn brace_balance(s: &str) -> i64 {
    s.chars()
        .map(|c| match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        })
        .sum()
}

/// The line without a `//` comment (one outside a string literal).
fn strip_comment(line: &str) -> &str {
    let mut in_str = false;
    let bytes = line.as_bytes();
    for i in 0..bytes.len() {
        match bytes[i] {
            // A quote that is not escaped and not the char literal '"'.
            b'"' if (i == 0 || bytes[i - 1] != b'\\')
                && !(i > 0 && bytes[i - 1] == b'\'' && bytes.get(i + 1) == Some(&b'\'')) =>
            {
                in_str = !in_str
            }
            b'/' if !in_str && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
    }
    line
}

/// The paths of a use tree (`a::{b, c::{d as e, self}}` → `a::b`, `a::c::d`, `a::c`).
fn expand_use(tree: &str) -> Vec<String> {
    fn split_top(s: &str) -> Vec<&str> {
        let (mut depth, mut start, mut parts) = (0, 0, Vec::new());
        for (i, c) in s.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&s[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&s[start..]);
        parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
    }
    fn walk(prefix: &str, s: &str, out: &mut Vec<String>) {
        for item in split_top(s) {
            let item = item.trim();
            if let Some(open) = item.find('{') {
                let head = item[..open].trim_end_matches("::");
                let inner = &item[open + 1..item.rfind('}').unwrap_or(item.len())];
                walk(&join(prefix, head), inner, out);
            } else {
                let leaf = item.split(" as ").next().unwrap_or("").trim();
                match leaf {
                    "self" => out.push(prefix.to_string()),
                    "*" => out.push(prefix.to_string()),
                    _ => out.push(join(prefix, leaf.trim_end_matches("::*"))),
                }
            }
        }
    }
    fn join(a: &str, b: &str) -> String {
        match (a.is_empty(), b.is_empty()) {
            (true, _) => b.to_string(),
            (_, true) => a.to_string(),
            _ => format!("{a}::{b}"),
        }
    }
    let body = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = body.replace(":: ", "::").replace(" ::", "::");
    let mut out = Vec::new();
    walk("", body.trim_start_matches("::"), &mut out);
    out
}

/// Resolves a path written in module `here` to `(absolute segments, is external)`.
fn resolve(
    here: &[String],
    path: &str,
    modules: &BTreeSet<Vec<String>>,
) -> Option<(Vec<String>, bool)> {
    let segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let first = *segs.first()?;
    let mut base: Vec<String> = match first {
        "crate" => Vec::new(),
        "self" => here.to_vec(),
        "super" => {
            let mut b = here.to_vec();
            let mut rest = &segs[..];
            while rest.first() == Some(&"super") {
                b.pop();
                rest = &rest[1..];
            }
            b.extend(rest.iter().map(|s| s.to_string()));
            return Some((b, false));
        }
        _ => {
            let mut child = here.to_vec();
            child.push(first.to_string());
            if modules.contains(&child) {
                // A uniform path to a child module (`use roles::Role` in a mod.rs).
                here.to_vec()
            } else {
                return Some((segs.iter().map(|s| s.to_string()).collect(), true));
            }
        }
    };
    let skip = usize::from(matches!(first, "crate" | "self"));
    base.extend(segs[skip..].iter().map(|s| s.to_string()));
    Some((base, false))
}

/// Every arrow of every file (`files`: path under the crate, e.g. `src/a/b.rs`, and text).
fn arrows(files: &[(String, String)]) -> Vec<Arrow> {
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .flat_map(|(f, _)| {
            let m = module_of(f);
            (1..=m.len()).map(move |n| m[..n].to_vec())
        })
        .collect();
    let mut raw = Vec::new();
    for (file, text) in files {
        let here = module_of(file);
        let lines = code_lines(text);
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].trim();
            let use_body = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
                .iter()
                .find_map(|p| t.strip_prefix(p));
            if let Some(first) = use_body {
                let start = i;
                let mut stmt = first.to_string();
                while !stmt.contains(';') && i + 1 < lines.len() {
                    i += 1;
                    stmt.push(' ');
                    stmt.push_str(lines[i].trim());
                }
                let stmt = stmt.split(';').next().unwrap_or("");
                for p in expand_use(stmt) {
                    if let Some((to, external)) = resolve(&here, &p, &modules) {
                        raw.push((file.clone(), start + 1, to, external));
                    }
                }
            } else {
                for (start, path) in inline_paths(t) {
                    let _ = start;
                    if let Some((to, external)) = resolve(&here, &path, &modules) {
                        raw.push((file.clone(), i + 1, to, external));
                    }
                }
            }
            i += 1;
        }
    }
    // Names an area root re-exports (`pub use roles::Role` in accounts/mod.rs) resolve to
    // the module that defines them.
    let mut reexports: HashMap<Vec<String>, Vec<String>> = HashMap::new();
    for (file, text) in files {
        if !file.ends_with("/mod.rs") {
            continue;
        }
        let here = module_of(file);
        for line in code_lines(text) {
            if let Some(body) = line.trim().strip_prefix("pub use ") {
                for p in expand_use(body.trim_end_matches(';')) {
                    if let Some((to, false)) = resolve(&here, &p, &modules)
                        && let Some(name) = p.rsplit("::").next()
                    {
                        let mut key = here.clone();
                        key.push(name.to_string());
                        reexports.insert(key, to[..to.len().saturating_sub(1)].to_vec());
                    }
                }
            }
        }
    }
    raw.into_iter()
        .map(|(file, line, to, external)| {
            let path = to.clone();
            let to = if external {
                to
            } else {
                module_part(&to, &modules, &reexports)
            };
            Arrow {
                file,
                line,
                to,
                path,
                external,
            }
        })
        .collect()
}

/// The longest prefix of `path` that is a module (following one re-export).
fn module_part(
    path: &[String],
    modules: &BTreeSet<Vec<String>>,
    reexports: &HashMap<Vec<String>, Vec<String>>,
) -> Vec<String> {
    let n = (0..=path.len())
        .rev()
        .find(|n| *n == 0 || modules.contains(&path[..*n]))
        .unwrap_or(0);
    if n < path.len() {
        let mut key = path[..n].to_vec();
        key.push(path[n].clone());
        if let Some(m) = reexports.get(&key) {
            return m.clone();
        }
    }
    path[..n].to_vec()
}

/// `crate::…`, `super::…` and impure external paths written in code (not in a `use`).
fn inline_paths(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut prefixes = vec!["crate::", "super::"];
    let externals: Vec<String> = EXTERNAL_IMPURE.iter().map(|e| format!("{e}::")).collect();
    prefixes.extend(externals.iter().map(String::as_str));
    for p in prefixes {
        let mut from = 0;
        while let Some(at) = line[from..].find(p) {
            let start = from + at;
            from = start + p.len();
            if start > 0 && (ident(bytes[start - 1]) || matches!(bytes[start - 1], b':' | b'$')) {
                continue;
            }
            let end = line[start..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(line.len(), |e| start + e);
            out.push((start, line[start..end].trim_end_matches(':').to_string()));
        }
    }
    out
}

fn is_pure(file: &str) -> bool {
    let f = file.trim_start_matches("src/");
    f.ends_with("/model.rs")
        || f.contains("/model/")
        || f.ends_with("/procedure.rs")
        || f.starts_with("pacts/text/")
        || f == "pacts/deadlines.rs"
        || f == "pacts/calls.rs"
        || f == "pacts/policy.rs"
        || f == "pacts/document.rs"
        || f.starts_with("pacts/document/")
        || f.starts_with("voting/")
        || f.contains("/voting/")
}

/// What a pure module may use in the crate: the kit, `util` (hashing and hex, std-like)
/// and other pure modules.
fn is_pure_module(m: &[String]) -> bool {
    let file = format!("src/{}.rs", m.join("/"));
    let folder = format!("src/{}/mod.rs", m.join("/"));
    m.first().is_some_and(|s| s == "kit" || s == "util")
        || is_pure(&file)
        || is_pure(&folder)
        || m.iter().any(|s| s == "voting")
}

fn in_list(list: &[&str], s: Option<&String>) -> bool {
    s.is_some_and(|s| list.contains(&s.as_str()))
}

/// The arrows between an area's modules: `(from, to)` → the first `(file, line)`.
type AreaEdges = BTreeMap<(String, String), (String, usize)>;

/// Every broken rule among `arrows`.
fn check(arrows: &[Arrow]) -> Vec<Violation> {
    let mut found = Vec::new();
    let mut edges: BTreeMap<String, AreaEdges> = BTreeMap::new();
    for a in arrows {
        let from = module_of(&a.file);
        let top = from.first();
        let target = if a.external {
            a.to.first().cloned().unwrap_or_default()
        } else if a
            .path
            .starts_with(&["db".to_string(), "schema".to_string()])
        {
            format!("crate::{}", a.path[..a.path.len().min(3)].join("::"))
        } else {
            format!("crate::{}", a.to.join("::"))
        };
        let mut broke = |rule: &'static str| {
            found.push(Violation {
                file: a.file.clone(),
                line: a.line,
                target: target.clone(),
                rule,
                detail: String::new(),
            })
        };
        if a.external {
            let impure = in_list(EXTERNAL_IMPURE, a.to.first());
            let ledger_pure =
                top.is_some_and(|t| t == "ledger") && in_list(LEDGER_PURE, from.get(1));
            if impure && is_pure(&a.file) {
                broke("a pure module imports neither actix nor diesel");
            } else if impure && (ledger_pure || from.iter().any(|s| s == "voting")) {
                broke(
                    "the ledger's tree, proof, note, hash, verify and tiles code and voting import neither actix nor diesel",
                );
            }
            continue;
        }
        let to_top = a.to.first();
        if to_top.is_none() || a.to.starts_with(&from) || from.is_empty() {
            continue; // the crate root, or itself and its children
        }
        let same_top = top == to_top;
        if top.is_some_and(|t| t == "kit") && !same_top {
            broke("kit depends on nothing else in the crate");
        } else if is_pure(&a.file) && !is_pure_module(&a.to) {
            broke("a pure module uses only the kit and pure modules");
        } else if in_list(INFRA, top) && in_list(AREAS, to_top) {
            broke("the infrastructure knows no domain area");
        } else if in_list(AREAS, top)
            && !same_top
            && in_list(AREAS, to_top)
            && a.to.get(1).is_none_or(|m| m != "api")
        {
            broke("an area uses another area only through its api module");
        } else if in_list(AREAS, top) && in_list(WIRING, to_top) {
            broke("an area does not use the wiring (app, cli, demo, home, opendata)");
        } else if in_list(AREAS, top) && a.path.len() >= 2 && a.path[..2] == ["db", "schema"] {
            match a.path.get(2).map(|t| owner_of(t)) {
                None => broke("an area names the tables it uses one by one"),
                Some(None) => broke("every table has an owner in TABLES"),
                Some(Some(owner)) if top.is_some_and(|t| t != owner) && owner != "shared" => {
                    broke("an area names only its own tables; it asks another area's api")
                }
                Some(Some(_)) => {}
            }
        }
        // Arrows between the modules of one area, for the cycle check (the area root,
        // a façade of declarations and re-exports, is not a node).
        if in_list(AREAS, top) && same_top && from.len() > 1 && a.to.len() > 1 && from[1] != a.to[1]
        {
            edges
                .entry(from[0].clone())
                .or_default()
                .entry((from[1].clone(), a.to[1].clone()))
                .or_insert((a.file.clone(), a.line));
        }
    }
    for (area, e) in &edges {
        for group in cycles(e.keys()) {
            let arrows: Vec<String> = e
                .iter()
                .filter(|((a, b), _)| group.contains(a) && group.contains(b))
                .map(|((a, b), (file, line))| format!("{file}:{line} {a} -> {b}"))
                .collect();
            found.push(Violation {
                file: area.clone(),
                line: 0,
                target: group.join(" <-> "),
                rule: "no cycle between the modules of one area",
                detail: arrows.join(", "),
            });
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The strongly connected groups of more than one module, each as a sorted list.
fn cycles<'a>(edges: impl Iterator<Item = &'a (String, String)>) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
        next.entry(b).or_default();
    }
    let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start];
        while let Some(n) = todo.pop() {
            for m in next.get(n).into_iter().flatten() {
                if seen.insert(*m) {
                    todo.push(m);
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&str, BTreeSet<&str>> = next.keys().map(|n| (*n, reach(n))).collect();
    let mut groups = BTreeSet::new();
    for (n, r) in &reached {
        if !r.contains(n) {
            continue;
        }
        let group: Vec<String> = r
            .iter()
            .filter(|m| reached[*m].contains(n))
            .map(|m| m.to_string())
            .collect();
        if group.len() > 1 {
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}

/// `(file, text)` of every `.rs` file under `src/`.
fn sources() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    let mut dirs = vec![root.join("src")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// Whether a known entry `(file, target)` covers a violation (the target or a module
/// under it).
fn covers((file, target): (&str, &str), v: &Violation) -> bool {
    v.file == file && (v.target == target || v.target.starts_with(&format!("{target}::")))
}

/// What the rules say about these files: the violations no `known` entry covers, and
/// the `known` entries that no longer occur.
fn judge(files: &[(String, String)], known: &[(&str, &str)]) -> (Vec<Violation>, Vec<String>) {
    let found = check(&arrows(files));
    let new = found
        .iter()
        .filter(|v| !known.iter().any(|k| covers(*k, v)))
        .cloned()
        .collect();
    let gone = known
        .iter()
        .filter(|k| !found.iter().any(|v| covers(**k, v)))
        .map(|(f, t)| format!("{f} -> {t}"))
        .collect();
    (new, gone)
}

#[test]
fn the_dependency_rules_hold() {
    let files = sources();
    assert!(files.len() > 50, "read the sources");
    let all = arrows(&files);
    assert!(all.len() > 300, "found the arrows: {}", all.len());
    let (new, gone) = judge(&files, KNOWN);
    let mut report = String::new();
    for v in &new {
        report.push_str(&format!("  {v}\n"));
    }
    for g in &gone {
        report.push_str(&format!(
            "  {g}: listed in KNOWN but no longer occurs: remove it from the list\n"
        ));
    }
    assert!(
        report.is_empty(),
        "the dependency rules (tests/it/architecture.rs) are broken:\n{report}"
    );
}

#[test]
fn every_table_has_one_owner() {
    let schema = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db/schema.rs"),
    )
    .unwrap();
    let mut lines = schema.lines();
    let mut tables = Vec::new();
    while let Some(l) = lines.next() {
        if l.trim_start().starts_with("diesel::table!") {
            let name = lines.next().unwrap().trim();
            tables.push(name.split([' ', '(']).next().unwrap().to_string());
        }
    }
    assert!(tables.len() > 30, "read the schema: {tables:?}");
    let unowned: Vec<&String> = tables.iter().filter(|t| owner_of(t).is_none()).collect();
    assert!(
        unowned.is_empty(),
        "tables without an owner in TABLES: {unowned:?}"
    );
    let mut listed: Vec<&str> = TABLES.iter().flat_map(|(_, t)| t.iter().copied()).collect();
    let n = listed.len();
    listed.sort_unstable();
    listed.dedup();
    assert_eq!(listed.len(), n, "a table listed twice in TABLES");
    let stale: Vec<&&str> = listed
        .iter()
        .filter(|t| !tables.iter().any(|x| x == *t))
        .collect();
    assert!(
        stale.is_empty(),
        "TABLES lists tables the schema lacks: {stale:?}"
    );
}

mod checker {
    use super::*;

    fn file(path: &str, text: &str) -> (String, String) {
        (path.to_string(), text.to_string())
    }

    fn rules_broken(files: &[(String, String)]) -> Vec<String> {
        check(&arrows(files))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// A small crate: two areas, infrastructure, a pure module.
    fn city() -> Vec<(String, String)> {
        vec![
            file(
                "src/lib.rs",
                "pub mod commons;\npub mod pacts;\npub mod web;\npub mod kit;\npub mod db;\n",
            ),
            file("src/kit/mod.rs", "pub fn slug() {}\n"),
            file("src/web/mod.rs", "use actix_web::HttpResponse;\n"),
            file(
                "src/commons/mod.rs",
                "pub mod api;\npub mod model;\npub mod service;\npub use service::Commons;\n",
            ),
            file("src/commons/api.rs", "use super::service;\n"),
            file("src/commons/model.rs", "use crate::kit::slug;\n"),
            file(
                "src/commons/service.rs",
                "use crate::web;\nuse super::model::Category;\npub struct Commons;\n",
            ),
            file("src/pacts/mod.rs", "pub mod service;\npub mod store;\n"),
            file(
                "src/pacts/service.rs",
                "use crate::commons::api::{self, visible};\nuse super::store;\nfn f() { crate::kit::slug(); }\n",
            ),
            file(
                "src/pacts/store.rs",
                "use crate::{db, web::{self, page::Ctx as C}};\n",
            ),
            file("src/db/mod.rs", "pub mod schema;\n"),
            file("src/db/schema.rs", "diesel::table! {}\n"),
        ]
    }

    #[test]
    fn right_arrows_pass() {
        assert_eq!(rules_broken(&city()), Vec::<String>::new());
    }

    #[test]
    fn each_wrong_arrow_is_reported_with_its_rule() {
        let mut files = city();
        files[8]
            .1
            .push_str("use crate::commons::service::Commons;\n");
        files[9]
            .1
            .push_str("    let x = crate::commons::Commons;\n");
        files[5]
            .1
            .push_str("use crate::web::forms;\nuse diesel::prelude::*;\n");
        files[2].1.push_str("use crate::pacts::store;\n");
        files[1].1.push_str("use crate::web;\n");
        files[4].1.push_str("use crate::pacts::store::load;\n");
        let broken = rules_broken(&files);
        assert_eq!(
            broken,
            [
                "src/commons/api.rs:2: crate::pacts::store (an area uses another area only through its api module)",
                "src/commons/model.rs:2: crate::web (a pure module uses only the kit and pure modules)",
                "src/commons/model.rs:3: diesel (a pure module imports neither actix nor diesel)",
                "src/kit/mod.rs:2: crate::web (kit depends on nothing else in the crate)",
                "src/pacts/service.rs:4: crate::commons::service (an area uses another area only through its api module)",
                "src/pacts/store.rs:2: crate::commons::service (an area uses another area only through its api module)",
                "src/web/mod.rs:2: crate::pacts::store (the infrastructure knows no domain area)",
            ],
            "{broken:#?}"
        );
    }

    #[test]
    fn an_area_naming_another_areas_table_is_reported() {
        let mut files = city();
        files[9].1.push_str(
            "use crate::db::schema::{pacts, pact_events, outbox, users};\nfn f() { crate::db::schema::commons::table; }\n",
        );
        files[6]
            .1
            .push_str("use crate::db::schema::{self, commons, nowhere};\n");
        assert_eq!(
            rules_broken(&files),
            [
                "src/commons/service.rs:4: crate::db::schema (an area names the tables it uses one by one)",
                "src/commons/service.rs:4: crate::db::schema::nowhere (every table has an owner in TABLES)",
                "src/pacts/store.rs:2: crate::db::schema::users (an area names only its own tables; it asks another area's api)",
                "src/pacts/store.rs:3: crate::db::schema::commons (an area names only its own tables; it asks another area's api)",
            ]
        );
    }

    #[test]
    fn a_cycle_inside_an_area_is_reported() {
        let mut files = city();
        files[9].1.push_str("use super::service::sign;\n");
        assert_eq!(
            rules_broken(&files),
            [
                "pacts: service <-> store (no cycle between the modules of one area: src/pacts/service.rs:2 service -> store, src/pacts/store.rs:2 store -> service)"
            ]
        );
    }

    #[test]
    fn test_code_and_comments_are_not_read() {
        let mut files = city();
        files[5].1.push_str(
            "// use crate::web;\n#[cfg(test)]\nmod tests {\n    use crate::web;\n    fn f() {\n        crate::pacts::store::x();\n    }\n}\nconst URL: &str = \"https://x\"; // crate::web\n",
        );
        assert_eq!(rules_broken(&files), Vec::<String>::new());
    }

    #[test]
    fn known_entries_must_still_occur() {
        let mut files = city();
        files[2].1.push_str("use crate::pacts::store;\n");
        let (new, gone) = judge(&files, &[("src/web/mod.rs", "crate::pacts")]);
        assert!(new.is_empty() && gone.is_empty(), "{new:?} {gone:?}");
        let (new, _) = judge(&files, &[]);
        assert_eq!(new.len(), 1);
        let (_, gone) = judge(&city(), &[("src/web/mod.rs", "crate::pacts")]);
        assert_eq!(gone, ["src/web/mod.rs -> crate::pacts"]);
    }

    #[test]
    fn use_trees_expand() {
        assert_eq!(
            expand_use("crate::{db, web::{self, page::Ctx as C}, a::*}"),
            [
                "crate::db",
                "crate::web",
                "crate::web::page::Ctx",
                "crate::a"
            ]
        );
    }
}

/// A write of more than one statement opens its transaction through the data layer
/// (`db::write_transaction` or `Db::try_transaction`), which takes SQLite's write lock
/// first; a bare `conn.transaction(…)` elsewhere would fail on a busy database, and a
/// write with no transaction at all (a role granted from the command line once was)
/// can leave a ledger entry without the change it records.
#[test]
fn transactions_are_opened_only_by_the_data_layer() {
    let mut found = Vec::new();
    for (file, text) in sources() {
        if file.starts_with("src/db/") {
            continue;
        }
        for (n, line) in code_lines(&text).iter().enumerate() {
            let bare = [
                "conn.transaction(",
                "c.transaction(",
                "connection.transaction(",
            ]
            .iter()
            .any(|p| {
                line.match_indices(p).any(|(at, _)| {
                    at == 0 || !line[..at].ends_with(|ch: char| ch.is_alphanumeric() || ch == '_')
                })
            });
            if bare {
                found.push(format!("  {file}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "use crate::db::write_transaction instead of a bare transaction:\n{}",
        found.join("\n")
    );
}
