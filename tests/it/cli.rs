//! The `pactum` command as a city's IT staff use it: configuration errors, migrate,
//! demo, user management, and `serve` answering on both databases.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TestDb, test_database};

pub fn pactum(
    dir: &std::path::Path,
    db: Option<&TestDb>,
    env: &[(&str, &str)],
    args: &[&str],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pactum"));
    cmd.env_clear()
        .env("PACTUM_DATA_DIR", dir)
        .env("PACTUM_LOG", "warn")
        .args(args);
    if let Some(db) = db {
        cmd.env("PACTUM_DATABASE_URL", url_of(db));
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run pactum")
}

pub fn url_of(db: &TestDb) -> String {
    match &db.url {
        pactum::db::DatabaseUrl::Postgres(u) => u.clone(),
        pactum::db::DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
    }
}

/// Runs `pactum ARGS` on a database: (exit code, standard output, standard error).
pub fn run_on(dir: &std::path::Path, db: &TestDb, args: &[&str]) -> (Option<i32>, String, String) {
    let o = pactum(dir, Some(db), &[], args);
    let (out, err) = text(&o);
    (o.status.code(), out, err)
}

pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn invalid_configuration_stops_with_one_line_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    for (var, value) in [
        ("PACTUM_BIND", "everywhere"),
        ("PACTUM_DATABASE_URL", "mysql://db/pactum"),
        ("PACTUM_DATABASE_URL", "/no/such/file.db"),
        ("PACTUM_DEFAULT_LANGUAGE", "klingon"),
        ("PACTUM_OIDC_CLIENT_ID", "pactum"),
        ("PACTUM_OIDC_ISSUER", "http://id.example.org"),
    ] {
        let o = pactum(dir.path(), None, &[(var, value)], &["migrate"]);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(2), "{var}={value}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(var), "{err}");
    }
    assert!(!dir.path().join("pactum.db").exists(), "nothing created");
}

/// A first start on a new SQLite file is quiet: the file is put in WAL mode before the
/// pool opens its connections together (which used to log "database is locked" about
/// one start in three).
#[test]
fn a_first_start_on_a_new_sqlite_file_logs_no_lock_errors() {
    if crate::support::on_postgres() {
        return;
    }
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        let o = pactum(dir.path(), None, &[], &["migrate"]);
        let (_, err) = text(&o);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(!err.contains("locked"), "{err}");
    }
}

#[test]
fn help_explains_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = text(&pactum(dir.path(), None, &[], &["--help"]));
    for cmd in ["serve", "migrate", "demo", "user"] {
        assert!(out.contains(cmd), "{out}");
    }
    assert!(out.contains("PACTUM_DATABASE_URL"));
    for (name, _, _) in pactum::config::VARIABLES
        .iter()
        .chain(pactum::oidc::settings::VARIABLES)
    {
        assert!(out.contains(name), "--help lists {name}");
    }
    let (short, _) = text(&pactum(dir.path(), None, &[], &["-h"]));
    assert!(
        short.contains("see the README"),
        "-h points to the variables"
    );
    let (out, _) = text(&pactum(
        dir.path(),
        None,
        &[],
        &["user", "create", "--help"],
    ));
    assert!(out.contains("--email") && out.contains("--role") && out.contains("--password-stdin"));
}

#[test]
fn migrate_demo_and_user_commands_work_and_repeat_safely() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let run = |args: &[&str]| {
        let o = pactum(dir.path(), Some(&db), &[], args);
        let (out, err) = text(&o);
        (o.status.code(), out, err)
    };
    let (code, _, err) = run(&["migrate"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(run(&["migrate"]).0, Some(0), "migrate again");

    let (code, out, err) = run(&["demo"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("Loaded the demo city")
            && out.contains(pactum::demo::ADMIN_EMAIL)
            && out.contains(pactum::demo::DEMO_PASSWORD)
    );
    assert!(run(&["demo"]).1.contains("already loaded"));
    // The demo's recognised and dormant commons (50 of 60) go into the search index.
    let (code, out, err) = run(&["reindex"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.starts_with("Indexed 50 public commons") && out.contains("embedded index"),
        "{out}"
    );

    let ops = ["--email", "Ops@City.example.org", "--name", "Ops"];
    let (code, out, err) = run(&[
        &["user", "create"][..],
        &ops,
        &["--role", "official", "--role", "verifier"],
    ]
    .concat());
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("password: "));
    assert_eq!(
        run(&[&["user", "create"][..], &ops].concat()).0,
        Some(2),
        "duplicate refused"
    );
    let grant = |role: &str| {
        run(&[
            "user",
            "grant",
            "--email",
            "ops@city.example.org",
            "--role",
            role,
        ])
    };
    assert!(grant("mayor").2.contains("unknown role"));
    assert!(grant("admin").1.contains("granted admin"));
    assert!(grant("admin").1.contains("already has admin"));

    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .env_clear()
        .env("PACTUM_DATA_DIR", dir.path())
        .env("PACTUM_DATABASE_URL", url_of(&db))
        .args([
            "user",
            "create",
            "--email",
            "stdin@city.example.org",
            "--name",
            "S",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).1.contains("12 characters"));
}

/// A role granted from the command line commits with its audit row and its ledger
/// entry, or not at all: with the ledger's hash insert made to fail, nothing of the
/// grant stays (it once committed statement by statement, and a backup taken in between
/// held an entry the ledger's head did not count).
#[test]
fn a_role_change_from_the_command_line_is_one_transaction() {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use pactum::db::schema::{ledger_entries, user_roles};
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    assert_eq!(run_on(dir.path(), &db, &["migrate"]).0, Some(0));
    let (code, _, err) = run_on(
        dir.path(),
        &db,
        &[
            "user",
            "create",
            "--email",
            "ops@city.example.org",
            "--name",
            "Ops",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let pool = pactum::db::Db::connect(&db.url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    let counts = |conn: &mut pactum::db::AnyConnection| -> (i64, i64) {
        let entries = ledger_entries::table.count().get_result(conn).unwrap();
        let roles = user_roles::table
            .filter(user_roles::role.eq("verifier"))
            .count()
            .get_result(conn)
            .unwrap();
        (entries, roles)
    };
    let before = counts(&mut conn);
    let (refuse, allow) = if matches!(db.url, pactum::db::DatabaseUrl::Postgres(_)) {
        (
            "CREATE FUNCTION t_refuse() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$; \
             CREATE TRIGGER t_refuse BEFORE INSERT ON ledger_hashes \
             FOR EACH ROW EXECUTE FUNCTION t_refuse();",
            "DROP TRIGGER t_refuse ON ledger_hashes; DROP FUNCTION t_refuse();",
        )
    } else {
        (
            "CREATE TRIGGER t_refuse BEFORE INSERT ON ledger_hashes \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
            "DROP TRIGGER t_refuse;",
        )
    };
    conn.batch_execute(refuse).unwrap();
    let grant = |verb: &str| {
        run_on(
            dir.path(),
            &db,
            &[
                "user",
                verb,
                "--email",
                "ops@city.example.org",
                "--role",
                "verifier",
            ],
        )
    };
    let (code, _, err) = grant("grant");
    assert_ne!(code, Some(0));
    assert!(err.contains("refused by the test"), "{err}");
    assert_eq!(
        counts(&mut conn),
        before,
        "nothing of the refused grant stays"
    );
    conn.batch_execute(allow).unwrap();
    let (code, out, err) = grant("grant");
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("granted verifier"), "{out}");
    assert_eq!(counts(&mut conn), (before.0 + 1, before.1 + 1));
    // A revoke the ledger refuses keeps the role.
    conn.batch_execute(refuse).unwrap();
    assert_ne!(grant("revoke").0, Some(0));
    assert_eq!(counts(&mut conn), (before.0 + 1, before.1 + 1));
}

pub fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

/// The first answer of a starting server to `path`, within a minute.
pub fn wait_for_answer(port: u16, path: &str) -> Option<String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Some(r) = http_get(port, path) {
            return Some(r);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    None
}

#[test]
fn serve_starts_migrates_loads_the_demo_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .env_clear()
        .env("PACTUM_DATA_DIR", dir.path())
        .env("PACTUM_DATABASE_URL", url_of(&db))
        .env("PACTUM_BIND", format!("127.0.0.1:{port}"))
        .env("PACTUM_CITY_NAME", "Valdora")
        .env("PACTUM_LOG", "warn")
        .args(["serve", "--demo"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let ready = wait_for_answer(port, "/readyz");
    let home = http_get(port, "/");
    let _ = child.kill();
    let _ = child.wait();
    let ready = ready.expect("the server answered within 60 s");
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    assert!(ready.contains("\"database\":\"ok\""));
    assert!(home.unwrap().contains("Valdora"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("secret.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "secret key is private");
    }
}

/// An identity provider that cannot be reached stops `serve` with one line naming
/// `PACTUM_OIDC_ISSUER`, unless the city lets Pactum start with passwords only.
#[test]
fn an_unreachable_identity_provider_stops_serve_unless_it_is_optional() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    // A port nobody listens on.
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let issuer = format!("http://127.0.0.1:{closed}");
    let oidc = [
        ("PACTUM_OIDC_ISSUER", issuer.as_str()),
        ("PACTUM_OIDC_CLIENT_ID", "pactum"),
        ("PACTUM_OIDC_CLIENT_SECRET", "secret"),
    ];
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let mut env = oidc.to_vec();
    env.push(("PACTUM_BIND", bind.as_str()));
    let o = pactum(dir.path(), Some(&db), &env, &["serve"]);
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("PACTUM_OIDC_ISSUER"), "{err}");
    assert!(err.contains("openid-configuration"), "{err}");

    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pactum"));
    cmd.env_clear()
        .env("PACTUM_DATA_DIR", dir.path())
        .env("PACTUM_DATABASE_URL", url_of(&db))
        .env("PACTUM_LOG", "warn")
        .env("PACTUM_OIDC_OPTIONAL", "true");
    for (k, v) in &env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let signin = wait_for_answer(port, "/signin");
    let button = http_get(port, "/signin/oidc");
    let _ = child.kill();
    let _ = child.wait();
    let signin = signin.expect("started with password sign-in");
    assert!(signin.starts_with("HTTP/1.1 200"), "{signin}");
    assert!(signin.contains("name=\"password\""));
    let button = button.unwrap();
    assert!(button.starts_with("HTTP/1.1 503"), "{button}");
    assert!(button.contains("cannot be reached right now"), "{button}");
}

#[test]
fn districts_import_reports_what_it_imported_and_refuses_invalid_files_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let square = |x: f64| {
        format!(
            r#"{{"type":"Polygon","coordinates":[[[{x},44.0],[{x1},44.0],[{x1},44.1],[{x},44.1],[{x},44.0]]]}}"#,
            x1 = x + 0.1
        )
    };
    let file = dir.path().join("quartieri.geojson");
    std::fs::write(
        &file,
        format!(
            r#"{{"type":"FeatureCollection","features":[
                {{"type":"Feature","properties":{{"NOMEQUART":"Navile"}},"geometry":{}}},
                {{"type":"Feature","properties":{{"NOMEQUART":"Santo Stefano"}},"geometry":{}}}]}}"#,
            square(11.0),
            square(11.2)
        ),
    )
    .unwrap();
    let run = |args: &[&str]| run_on(dir.path(), &db, args);
    let (code, out, err) = run(&[
        "districts",
        "import",
        file.to_str().unwrap(),
        "--name-property",
        "NOMEQUART",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("imported 2 districts")
            && out.contains("2 new, 0 updated")
            && out.contains("Santo Stefano (santo-stefano)"),
        "{out}"
    );
    let (_, out, _) = run(&[
        "districts",
        "import",
        file.to_str().unwrap(),
        "--name-property",
        "NOMEQUART",
    ]);
    assert!(out.contains("0 new, 2 updated"), "{out}");
    assert_eq!(run(&["districts", "list"]).1.lines().count(), 2);

    let bad = dir.path().join("bad.geojson");
    std::fs::write(
        &bad,
        format!(
            r#"{{"type":"FeatureCollection","features":[
                {{"type":"Feature","properties":{{"name":"Borgo"}},"geometry":{}}},
                {{"type":"Feature","properties":{{"name":"Porto"}},"geometry":{{"type":"Polygon","coordinates":[[[11,44],[200,44],[12,45],[11,44]]]}}}}]}}"#,
            square(11.4)
        ),
    )
    .unwrap();
    let (code, _, err) = run(&["districts", "import", bad.to_str().unwrap()]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("feature 2 (Porto)")
            && err.contains("longitude")
            && err.contains("nothing was saved"),
        "{err}"
    );
    assert_eq!(
        run(&["districts", "list"]).1.lines().count(),
        2,
        "nothing saved"
    );
    let (code, _, err) = run(&["districts", "import", "/no/such.geojson"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot read"));
}
