//! Backups and moves between databases: `pactum backup` (an online SQLite copy),
//! `pactum export-db` / `import-db` (a portable dump, SQLite and PostgreSQL both ways),
//! and `pg_dump` / `pg_restore`; after each restore the civic ledger still passes
//! `pactum ledger audit` against a served copy.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Output;

use diesel::prelude::*;
use pactum::db::backup::{SELF_REFERENCES, TABLES};
use pactum::db::{AnyConnection, DatabaseUrl, Db};

use crate::cli::{pactum, text, url_of};
use crate::ledger_cli::{Server, serve, wait_for_checkpoint};
use crate::support::{on_postgres, test_database};

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

#[derive(QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    from: String,
}

fn migrated(url: &DatabaseUrl) -> Db {
    let db = Db::connect(url, 1).unwrap();
    db.migrate().unwrap();
    db
}

/// The tables a migrated database holds (diesel's bookkeeping left out).
/// The tables the migrations created, but for diesel's own and the data version (a
/// cache key, not data: the triggers bump it as an import writes rows).
pub(crate) fn database_tables(conn: &mut AnyConnection) -> BTreeSet<String> {
    let sql = match conn.backend() {
        pactum::db::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        pactum::db::Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        }
    };
    diesel::sql_query(sql)
        .load::<Name>(conn)
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .filter(|n| n != "__diesel_schema_migrations" && n != pactum::db::version::TABLE)
        .collect()
}

#[test]
fn the_dump_lists_every_table_in_foreign_key_order() {
    // Every `table!` of schema.rs: a table added there and not to the dump fails here.
    let schema =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/db/schema.rs")).unwrap();
    let in_schema: BTreeSet<String> = schema
        .split("diesel::table! {")
        .skip(1)
        .map(|rest| rest.split_whitespace().next().unwrap().to_string())
        .collect();
    let listed: BTreeSet<String> = TABLES.iter().map(|t| t.to_string()).collect();
    assert_eq!(listed.len(), TABLES.len(), "a table listed twice");
    assert_eq!(
        in_schema.difference(&listed).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "tables of schema.rs missing from the dump's list (src/db/backup.rs)"
    );
    assert_eq!(in_schema, listed);

    // ... and every table the migrations create, on the suite's backend.
    let dir = tempfile::tempdir().unwrap();
    let suite = test_database(dir.path());
    let db = migrated(&suite.url);
    assert_eq!(database_tables(&mut db.get().unwrap()), listed);

    // Foreign keys point only to tables listed earlier (SQLite tells them; the
    // PostgreSQL migrations are the twins), or to the table itself through a column
    // of SELF_REFERENCES.
    let sqlite = migrated(&DatabaseUrl::Sqlite(dir.path().join("fk.db")));
    let mut conn = sqlite.get().unwrap();
    let mut self_refs = BTreeSet::new();
    for (i, table) in TABLES.iter().enumerate() {
        let keys = diesel::sql_query(format!(
            "SELECT \"table\", \"from\" FROM pragma_foreign_key_list('{table}')"
        ))
        .load::<ForeignKey>(&mut *conn)
        .unwrap();
        for fk in keys {
            if fk.table == *table {
                self_refs.insert((fk.table.clone(), fk.from.clone()));
                continue;
            }
            let at = TABLES.iter().position(|t| *t == fk.table);
            assert!(
                at.is_some_and(|at| at < i),
                "{table}.{} points to {}, which the dump lists later",
                fk.from,
                fk.table
            );
        }
    }
    let declared: BTreeSet<(String, String)> = SELF_REFERENCES
        .iter()
        .map(|(t, c)| (t.to_string(), c.to_string()))
        .collect();
    assert_eq!(self_refs, declared);
}

fn ok(o: &Output) -> String {
    let (out, err) = text(o);
    assert!(
        o.status.success(),
        "exit {:?}\n{out}\n{err}",
        o.status.code()
    );
    out
}

/// `pactum ledger audit` against a server: its output.
fn audit(dir: &Path, server: &Server, key: &str) -> String {
    ok(&pactum(
        dir,
        None,
        &[],
        &["ledger", "audit", "--url", &server.base(), "--key", key],
    ))
}

fn copy_keys(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for key in ["ledger.key", "secret.key"] {
        if from.join(key).exists() {
            std::fs::copy(from.join(key), to.join(key)).unwrap();
        }
    }
}

/// A fresh database for a move: SQLite in `dir` (`url` None: the data dir's default)
/// or a new PostgreSQL database.
struct Target {
    dir: std::path::PathBuf,
    db: Option<crate::support::TestDb>,
}

impl Target {
    fn env(&self) -> Vec<(&str, String)> {
        match &self.db {
            Some(db) => vec![("PACTUM_DATABASE_URL", url_of(db))],
            None => vec![],
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        let env = self.env();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        pactum(&self.dir, None, &env, args)
    }

    fn url(&self) -> String {
        match &self.db {
            Some(db) => url_of(db),
            None => format!("sqlite://{}", self.dir.join("pactum.db").display()),
        }
    }
}

#[test]
fn export_and_import_move_everything_between_backends() {
    let dir = tempfile::tempdir().unwrap();
    let src_dir = dir.path().join("source");
    std::fs::create_dir_all(&src_dir).unwrap();
    let src = test_database(&src_dir);
    let server = serve(&src_dir, &url_of(&src), true);
    let signed = wait_for_checkpoint(server.port, 1);
    let key = server.key();
    let first = dir.path().join("first.jsonl");
    let first_s = first.to_str().unwrap();
    // Online: the server runs while the dump is taken.
    let started = std::time::Instant::now();
    let out = ok(&pactum(
        &src_dir,
        Some(&src),
        &[],
        &["export-db", "--to", first_s],
    ));
    eprintln!(
        "export-db of the demo: {} bytes in {:.2} s: {out}",
        std::fs::metadata(&first).unwrap().len(),
        started.elapsed().as_secs_f64()
    );
    drop(server);
    // Taken after the dump: the server's jobs may have appended entries since.
    let ledger_export = ok(&pactum(&src_dir, Some(&src), &[], &["ledger", "export"]));
    let dump = std::fs::read_to_string(&first).unwrap();
    assert!(dump.starts_with("{\"format\":\"pactum-dump\",\"version\":1,\"schema\":\""));
    assert!(dump.contains("{\"table\":\"ledger_entries\","));
    assert!(dump.ends_with(&format!(
        "{{\"end\":\"pactum-dump\",\"rows\":{}}}\n",
        dump.lines().count() - 2 - 2 * TABLES.len()
    )));
    // Never overwritten.
    let again = pactum(&src_dir, Some(&src), &[], &["export-db", "--to", first_s]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again).1.contains("already exists"),
        "{:?}",
        text(&again)
    );

    // The other backend where the suite has it, then the suite's own: SQLite and
    // PostgreSQL both ways on the PostgreSQL run, SQLite to SQLite on the SQLite run.
    let mut targets = vec![Target {
        dir: dir.path().join("sqlite-target"),
        db: None,
    }];
    if on_postgres() {
        let pg_dir = dir.path().join("pg-target");
        std::fs::create_dir_all(&pg_dir).unwrap();
        let db = test_database(&pg_dir);
        targets.push(Target {
            dir: pg_dir,
            db: Some(db),
        });
    }
    let mut current = first.clone();
    for (n, target) in targets.iter().enumerate() {
        copy_keys(&src_dir, &target.dir);
        let started = std::time::Instant::now();
        ok(&target.run(&["import-db", "--from", current.to_str().unwrap()]));
        eprintln!(
            "import-db into {}: {:.2} s",
            if target.db.is_some() {
                "PostgreSQL"
            } else {
                "SQLite"
            },
            started.elapsed().as_secs_f64()
        );
        let next = dir.path().join(format!("again-{n}.jsonl"));
        ok(&target.run(&["export-db", "--to", next.to_str().unwrap()]));
        let again = std::fs::read_to_string(&next).unwrap();
        assert!(again == dump, "the dump changed through {}", target.url());
        // The same ledger, entry by entry, and the token books balance.
        let moved = ok(&target.run(&["ledger", "export"]));
        assert!(
            moved.lines().count() as u64 >= signed && ledger_export.starts_with(&moved),
            "the moved log is the source's, entry by entry"
        );
        ok(&target.run(&["tokens", "check"]));
        // A second import is refused: the database is no longer empty.
        let o = target.run(&["import-db", "--from", first_s]);
        assert_eq!(o.status.code(), Some(2));
        assert!(text(&o).1.contains("not empty"), "{:?}", text(&o));
        // The copy serves the same log under the same key, and it audits.
        let copy = serve(&target.dir, &target.url(), false);
        wait_for_checkpoint(copy.port, signed);
        assert_eq!(copy.key(), key);
        let report = audit(&target.dir, &copy, &key);
        assert!(report.starts_with("OK:"), "{report}");
        current = next;
    }

    // Refusals leave nothing half-written: a cut dump, then another schema's.
    let fresh = Target {
        dir: dir.path().join("refusals"),
        db: None,
    };
    std::fs::create_dir_all(&fresh.dir).unwrap();
    let cut = dir.path().join("cut.jsonl");
    let lines: Vec<&str> = dump.lines().collect();
    std::fs::write(&cut, lines[..lines.len() - 3].join("\n") + "\n").unwrap();
    let o = fresh.run(&["import-db", "--from", cut.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).1.contains("nothing was imported"),
        "{:?}",
        text(&o)
    );
    let other = dir.path().join("other.jsonl");
    std::fs::write(&other, dump.replacen("\"schema\":\"2", "\"schema\":\"1", 1)).unwrap();
    let o = fresh.run(&["import-db", "--from", other.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).1.contains("the dump is of database schema 1"),
        "{:?}",
        text(&o)
    );
    let o = fresh.run(&["import-db", "--from", "/etc/hostname"]);
    assert_eq!(o.status.code(), Some(2));
    // After the refusals the database is still empty: the whole dump goes in.
    ok(&fresh.run(&["import-db", "--from", first_s]));
}

#[test]
fn an_online_sqlite_backup_restores_and_audits() {
    if on_postgres() {
        eprintln!(
            "SKIPPED on the PostgreSQL run: pactum backup copies SQLite (this test runs on the SQLite run)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src_dir = dir.path().join("live");
    std::fs::create_dir_all(&src_dir).unwrap();
    let db_url = format!("sqlite://{}", src_dir.join("pactum.db").display());
    let server = serve(&src_dir, &db_url, true);
    let first = wait_for_checkpoint(server.port, 1);
    let key = server.key();

    // Role changes (each a ledger entry) keep coming while the backup is taken.
    let writer_dir = src_dir.clone();
    let writer = std::thread::spawn(move || {
        for i in 0..12 {
            let verb = if i % 2 == 0 { "grant" } else { "revoke" };
            let o = pactum(
                &writer_dir,
                None,
                &[],
                &[
                    "user",
                    verb,
                    "--email",
                    "paolo.esposito@demo.pactum.example.org",
                    "--role",
                    "verifier",
                ],
            );
            assert!(o.status.success(), "{:?}", text(&o));
        }
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let copy = dir.path().join("backups").join("pactum.db");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    let out = ok(&pactum(
        &src_dir,
        None,
        &[],
        &["backup", "--to", copy.to_str().unwrap()],
    ));
    writer.join().unwrap();
    let size: u64 = out
        .split("ledger size ")
        .nth(1)
        .and_then(|s| s.split(')').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(size >= first, "{out}");
    let bytes = std::fs::metadata(&copy).unwrap().len();
    assert!(out.contains(&format!("({bytes} bytes")), "{out}");
    // Never over an existing file, and no temporary file left behind.
    let o = pactum(
        &src_dir,
        None,
        &[],
        &["backup", "--to", copy.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("already exists"));
    assert_eq!(
        std::fs::read_dir(copy.parent().unwrap()).unwrap().count(),
        1
    );
    drop(server);

    // Restore: a new data dir with the copy as pactum.db and the keys beside it.
    let restored = dir.path().join("restored");
    copy_keys(&src_dir, &restored);
    // The copy holds exactly the entries the backup counted, the same as the live log's.
    {
        let db = Db::connect(&DatabaseUrl::Sqlite(copy.clone()), 1).unwrap();
        let mut conn = db.get().unwrap();
        use pactum::db::schema::ledger_entries;
        let rows: i64 = ledger_entries::table
            .count()
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(rows as u64, size);
    }
    let live = ok(&pactum(&src_dir, None, &[], &["ledger", "export"]));
    std::fs::copy(&copy, restored.join("pactum.db")).unwrap();
    let r_url = format!("sqlite://{}", restored.join("pactum.db").display());
    let restored_log = ok(&pactum(&restored, None, &[], &["ledger", "export"]));
    assert_eq!(restored_log.lines().count() as u64, size);
    assert!(
        live.starts_with(&restored_log),
        "the copy's entries are the live log's first {size}"
    );
    // Served (its background jobs may append entries of their own), it audits.
    let server = serve(&restored, &r_url, false);
    let signed = wait_for_checkpoint(server.port, size);
    let report = audit(&restored, &server, &key);
    assert!(
        report.starts_with("OK:") && report.contains(&format!("{signed} entries")),
        "{report}"
    );
    ok(&pactum(&restored, None, &[], &["tokens", "check"]));
}

#[test]
fn a_pg_dump_restores_and_audits() {
    if !on_postgres() {
        eprintln!(
            "SKIPPED on the SQLite run: pg_dump and pg_restore need PostgreSQL (the PostgreSQL run does this)"
        );
        return;
    }
    let have = |tool: &str| {
        std::process::Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("pg_dump") || !have("pg_restore") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs pg_dump and pg_restore"
        );
        eprintln!("SKIPPED: pg_dump or pg_restore is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let src_dir = dir.path().join("live");
    std::fs::create_dir_all(&src_dir).unwrap();
    let src = test_database(&src_dir);
    let server = serve(&src_dir, &url_of(&src), true);
    let signed = wait_for_checkpoint(server.port, 1);
    let key = server.key();
    // pactum backup says what to use instead.
    let o = pactum(&src_dir, Some(&src), &[], &["backup", "--to", "x.db"]);
    assert_eq!(o.status.code(), Some(2));
    let (_, err) = text(&o);
    assert!(
        err.contains("pg_dump -Fc") && err.lines().count() == 1,
        "{err}"
    );

    // Taken before the dump: the dump holds at least these entries.
    let ledger_export = ok(&pactum(&src_dir, Some(&src), &[], &["ledger", "export"]));
    let file = dir.path().join("pactum.dump");
    let o = std::process::Command::new("pg_dump")
        .args(["-Fc", "-f", file.to_str().unwrap(), &url_of(&src)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    drop(server);

    let restored = dir.path().join("restored");
    copy_keys(&src_dir, &restored);
    let target = test_database(&restored);
    let o = std::process::Command::new("pg_restore")
        .args([
            "--no-owner",
            "--exit-on-error",
            "-d",
            &url_of(&target),
            file.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{:?}", text(&o));
    let restored_log = ok(&pactum(
        &restored,
        Some(&target),
        &[],
        &["ledger", "export"],
    ));
    assert!(
        restored_log.starts_with(&ledger_export),
        "the restored log holds the live log's entries"
    );
    let server = serve(&restored, &url_of(&target), false);
    wait_for_checkpoint(server.port, signed);
    let report = audit(&restored, &server, &key);
    assert!(report.starts_with("OK:"), "{report}");
    ok(&pactum(&restored, Some(&target), &[], &["tokens", "check"]));
}

/// Dumps a database in-process.
fn dump_of(conn: &mut AnyConnection) -> String {
    let mut out = Vec::new();
    pactum::db::backup::export(conn, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The rows a dump holds of one table.
fn section<'a>(dump: &'a str, table: &str) -> Vec<&'a str> {
    let head = format!("{{\"table\":\"{table}\",");
    dump.lines()
        .skip_while(|l| !l.starts_with(&head))
        .skip(1)
        .take_while(|l| l.starts_with('['))
        .collect()
}

#[test]
fn pages_keys_and_exact_values_survive_the_move() {
    use pactum::db::schema::{districts, ledger_hashes, pact_templates};
    let dir = tempfile::tempdir().unwrap();
    let src = test_database(dir.path());
    let db = migrated(&src.url);
    let mut conn = db.get().unwrap();
    // Doubles that a 15-digit text form would round, and a district whose parent has
    // a larger id (inserted after it by the import).
    let doubles = [0.1 + 0.2, 44.494_887_123_456_78, 1e-300, -11.25];
    for (id, parent) in [(2i64, None), (1, Some(2i64))] {
        diesel::insert_into(districts::table)
            .values((
                districts::id.eq(id),
                districts::slug.eq(format!("d{id}")),
                districts::name.eq(format!("District «{id}» \"quoted\"\n")),
                districts::geometry.eq("{}"),
                districts::min_lon.eq(doubles[0]),
                districts::min_lat.eq(doubles[1]),
                districts::max_lon.eq(doubles[2]),
                districts::max_lat.eq(doubles[3]),
                districts::parent_id.eq(parent),
                districts::depth.eq(i64::from(parent.is_some())),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    // More rows than one page, under a two-column key and under a text key.
    let hashes: Vec<_> = (0..1200i64)
        .map(|i| {
            (
                ledger_hashes::level.eq(i % 3),
                ledger_hashes::idx.eq(i / 3),
                ledger_hashes::hash.eq(vec![(i % 256) as u8, 0, 0xff]),
            )
        })
        .collect();
    pactum::insert_rows!(&mut *conn, ledger_hashes::table, &hashes).unwrap();
    let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
        .unwrap()
        .and_hms_nano_opt(10, 11, 12, 123_456_789)
        .unwrap();
    let categories: Vec<String> = (0..1100)
        .map(|i| format!("c{i:04}"))
        .chain(["", "B", "Z", "a", "é", "ö"].map(String::from))
        .collect();
    let templates: Vec<_> = categories
        .iter()
        .map(|c| {
            (
                pact_templates::category.eq(c.clone()),
                pact_templates::updated_at.eq(at),
            )
        })
        .collect();
    pactum::insert_rows!(&mut *conn, pact_templates::table, &templates).unwrap();

    let dump = dump_of(&mut conn);
    assert_eq!(section(&dump, "ledger_hashes").len(), 1200);
    let keys: Vec<String> = section(&dump, "pact_templates")
        .iter()
        .map(|row| {
            serde_json::from_str::<Vec<serde_json::Value>>(row).unwrap()[0]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut by_bytes = categories.clone();
    by_bytes.sort();
    assert_eq!(keys, by_bytes, "text keys in byte order on both backends");
    assert!(
        dump.contains("\"2026-12-05T10:11:12.123456\"")
            || dump.contains("\"2026-12-05T10:11:12.123457\"")
    );
    assert!(dump.contains("[1,0,\"00ff\"]") || dump.contains("[0,0,\"0000ff\"]"));

    // Into a new SQLite database, then (on the PostgreSQL run) a new PostgreSQL one.
    let mut targets = vec![DatabaseUrl::Sqlite(dir.path().join("target.db"))];
    let pg = on_postgres().then(|| test_database(&dir.path().join("pg")));
    if let Some(pg) = &pg {
        targets.push(pg.url.clone());
    }
    let mut current = dump.clone();
    for url in &targets {
        let target = migrated(url);
        let mut t = target.get().unwrap();
        pactum::db::backup::import(&mut t, &mut current.as_bytes()).unwrap();
        let again = dump_of(&mut t);
        assert!(again == dump, "{url:?}");
        let (parent, lat): (Option<i64>, f64) = districts::table
            .find(1i64)
            .select((districts::parent_id, districts::min_lat))
            .first(&mut *t)
            .unwrap();
        assert_eq!((parent, lat), (Some(2), doubles[1]));
        // New rows continue after the largest imported id.
        let id: i64 = diesel::insert_into(districts::table)
            .values((
                districts::slug.eq("new"),
                districts::name.eq("New"),
                districts::geometry.eq("{}"),
                districts::min_lon.eq(0.0),
                districts::min_lat.eq(0.0),
                districts::max_lon.eq(0.0),
                districts::max_lat.eq(0.0),
            ))
            .returning(districts::id)
            .get_result(&mut *t)
            .unwrap();
        assert_eq!(id, 3);
        current = again;
    }
}

#[test]
fn healthcheck_asks_the_server_at_the_bind_address() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let server = serve(dir.path(), &url_of(&db), false);
    let bind = format!("127.0.0.1:{}", server.port);
    let check = |bind: &str| {
        pactum(
            dir.path(),
            Some(&db),
            &[("PACTUM_BIND", bind)],
            &["healthcheck"],
        )
    };
    let start = std::time::Instant::now();
    while !check(&bind).status.success() {
        assert!(start.elapsed().as_secs() < 60, "{:?}", text(&check(&bind)));
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    // The image binds 0.0.0.0: the check asks the loopback address.
    let any = format!("0.0.0.0:{}", server.port);
    assert!(check(&any).status.success(), "{:?}", text(&check(&any)));
    drop(server);
    let o = check(&bind);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("unhealthy"), "{:?}", text(&o));
}
