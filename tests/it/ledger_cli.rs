//! `pactum ledger verify-proof` over the external probes, and `pactum ledger audit`
//! against a running server: it accepts a growing log twice and reports a log whose
//! history was rewritten in the database.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli::{http_get, pactum, text, url_of};
use crate::support::test_database;

#[test]
fn verify_proof_judges_every_probe_as_transparency_dev_expects() {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ledger/transparency-dev");
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p)
            } else if p.extension().is_some_and(|x| x == "json") {
                files.push(p)
            }
        }
    }
    // Every probe of the reference's set: 53 inclusion, 43 consistency.
    assert_eq!(files.len(), 96);
    for f in &files {
        let want_err =
            serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(f).unwrap())
                .unwrap()["wantErr"]
                .as_bool()
                .unwrap();
        let o = pactum(
            dir.path(),
            None,
            &[],
            &["ledger", "verify-proof", f.to_str().unwrap()],
        );
        let expected = if want_err { 1 } else { 0 };
        assert_eq!(
            o.status.code(),
            Some(expected),
            "{}: {:?}",
            f.display(),
            text(&o)
        );
    }
    let garbage = dir.path().join("garbage.json");
    std::fs::write(&garbage, "not json").unwrap();
    assert_eq!(
        pactum(
            dir.path(),
            None,
            &[],
            &["ledger", "verify-proof", garbage.to_str().unwrap()]
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        pactum(
            dir.path(),
            None,
            &[],
            &["ledger", "verify-proof", "/no/such/file"]
        )
        .status
        .code(),
        Some(2)
    );
}

pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The verifier key the server publishes.
    pub fn key(&self) -> String {
        let res = http_get(self.port, "/ledger/key").expect("the key");
        res.split("\r\n\r\n")
            .nth(1)
            .expect("a body")
            .trim()
            .to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn serve(dir: &std::path::Path, db_url: &str, demo: bool) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pactum"));
    cmd.env_clear()
        .env("PACTUM_DATA_DIR", dir)
        .env("PACTUM_DATABASE_URL", db_url)
        .env("PACTUM_BIND", format!("127.0.0.1:{port}"))
        .env("PACTUM_LOG", "warn")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if demo {
        cmd.arg("--demo");
    }
    Server {
        child: cmd.spawn().unwrap(),
        port,
    }
}

/// Waits until the signed checkpoint covers at least `size` entries; returns its size.
pub fn wait_for_checkpoint(port: u16, size: u64) -> u64 {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Some(r) = http_get(port, "/ledger/checkpoint")
            && r.starts_with("HTTP/1.1 200")
            && let Some(body) = r.split("\r\n\r\n").nth(1)
            && let Some(n) = body.lines().nth(1).and_then(|l| l.parse::<u64>().ok())
            && n >= size
        {
            return n;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("no checkpoint of size {size} within 60 s");
}

#[test]
fn the_auditor_accepts_a_growing_log_and_reports_a_rewritten_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let db_url = url_of(&db);
    let server = serve(dir.path(), &db_url, true);
    let first = wait_for_checkpoint(server.port, 1);
    let (base, key) = (server.base(), server.key());
    let state = dir.path().join("audit-state.json");
    let audit = || {
        pactum(
            dir.path(),
            None,
            &[],
            &[
                "ledger",
                "audit",
                "--url",
                &base,
                "--key",
                &key,
                "--state",
                state.to_str().unwrap(),
            ],
        )
    };

    let o = audit();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(
        out.starts_with("OK:") && out.contains(&format!("{first} entries")),
        "{out}"
    );

    // The log grows (a role granted from the command line), and the auditor follows.
    let o = pactum(
        dir.path(),
        Some(&db),
        &[],
        &[
            "user",
            "grant",
            "--email",
            "paolo.esposito@demo.pactum.example.org",
            "--role",
            "verifier",
        ],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let grown = wait_for_checkpoint(server.port, first + 1);
    let o = audit();
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert!(
        out.contains(&format!("{grown} entries"))
            && out.contains(&format!("consistent with the {first} entries seen before")),
        "{out}"
    );

    // Someone edits an old entry directly in the database.
    {
        use diesel::prelude::*;
        use pactum::db::schema::ledger_entries;
        let pactum_db = pactum::db::Db::connect(&db.url, 1).unwrap();
        let mut conn = pactum_db.get().unwrap();
        let body: String = ledger_entries::table
            .find(0i64)
            .select(ledger_entries::body)
            .first(&mut *conn)
            .unwrap();
        let forged = body.replace("\"role\":\"admin\"", "\"role\":\"verifier\"");
        assert_ne!(forged, body);
        diesel::update(ledger_entries::table.find(0i64))
            .set(ledger_entries::body.eq(forged))
            .execute(&mut *conn)
            .unwrap();
    }
    let o = audit();
    let (out, _) = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.starts_with("FAILED:"), "{out}");
    // A fresh auditor with no state notices too: the entries no longer hash to the signed root.
    let o = pactum(
        dir.path(),
        None,
        &[],
        &["ledger", "audit", "--url", &base, "--key", &key],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).0.contains("do not hash to the signed root"));

    // And the export writes one canonical entry per line.
    let o = pactum(dir.path(), Some(&db), &[], &["ledger", "export"]);
    let (out, _) = text(&o);
    assert_eq!(out.lines().count() as u64, grown);
    assert!(out.lines().all(|l| l.starts_with("{\"")));
}

/// A signed-in admin talking HTTP to the server (cookies and CSRF by hand).
struct AdminSession {
    base: String,
    agent: ureq::Agent,
    cookie: String,
}

fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a form") + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

fn session_cookie(res: &ureq::http::Response<ureq::Body>) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("pactum_session="))
        .map(|c| c.split(';').next().unwrap().to_string())
}

impl AdminSession {
    fn sign_in(port: u16) -> AdminSession {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let mut res = agent.get(format!("{base}/signin")).call().unwrap();
        let mut cookie = session_cookie(&res).unwrap();
        let token = csrf_of(&res.body_mut().read_to_string().unwrap());
        let form = serde_urlencoded::to_string([
            ("email", pactum::demo::ADMIN_EMAIL),
            ("password", pactum::demo::DEMO_PASSWORD),
            ("csrf_token", &token),
        ])
        .unwrap();
        let res = agent
            .post(format!("{base}/signin"))
            .header("cookie", &cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .send(form)
            .unwrap();
        assert_eq!(res.status(), 303);
        cookie = session_cookie(&res).unwrap();
        AdminSession {
            base,
            agent,
            cookie,
        }
    }

    /// Grants or revokes a role; `None` when the server is gone.
    fn change_role(&mut self, user: i64, role: &str, grant: bool) -> Option<u16> {
        let page = format!("{}/admin/users/{user}", self.base);
        let mut res = self
            .agent
            .get(&page)
            .header("cookie", &self.cookie)
            .call()
            .ok()?;
        if let Some(c) = session_cookie(&res) {
            self.cookie = c;
        }
        let token = csrf_of(&res.body_mut().read_to_string().ok()?);
        let action = if grant {
            format!("{page}/roles")
        } else {
            format!("{page}/roles/revoke")
        };
        let form = serde_urlencoded::to_string([("role", role), ("csrf_token", &token)]).unwrap();
        let res = self
            .agent
            .post(action)
            .header("cookie", &self.cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .send(form)
            .ok()?;
        if let Some(c) = session_cookie(&res) {
            self.cookie = c;
        }
        Some(res.status().as_u16())
    }
}

#[cfg(unix)]
#[test]
fn killing_the_server_mid_stream_never_breaks_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let db = test_database(dir.path());
    let db_url = url_of(&db);
    let mut server = serve(dir.path(), &db_url, true);
    wait_for_checkpoint(server.port, 1);
    let mut admin = AdminSession::sign_in(server.port);
    // A stream of appends: the verifier role of the demo citizen Paolo, on and off.
    let paolo = 7;
    let mut done = 0;
    for i in 0..400 {
        if i == 25 {
            // SIGKILL from another thread while requests are in flight.
            let pid = server.child.id();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(30));
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            });
        }
        match admin.change_role(paolo, "verifier", i % 2 == 0) {
            Some(303) => done += 1,
            Some(other) => panic!("request {i} answered {other}"),
            None => break,
        }
    }
    let _ = server.child.wait();
    assert!(
        done >= 25,
        "the stream ran before the kill ({done} requests)"
    );

    // Restart: every committed role change has its entry and the ledger audits clean.
    let server = serve(dir.path(), &db_url, false);
    let pactum_db = pactum::db::Db::connect(&db.url, 1).unwrap();
    let (changes, entries) = {
        use diesel::prelude::*;
        use pactum::db::schema::{ledger_entries, role_audit};
        let mut conn = pactum_db.get().unwrap();
        let changes: i64 = role_audit::table
            .filter(role_audit::role.ne("citizen"))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        let entries: i64 = ledger_entries::table
            .filter(ledger_entries::kind.like("role.%"))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        (changes, entries)
    };
    assert_eq!(
        changes, entries,
        "every committed role change has exactly its ledger entry"
    );
    let size = {
        let mut conn = pactum_db.get().unwrap();
        pactum::ledger::store::size(&mut conn).unwrap()
    };
    wait_for_checkpoint(server.port, size);
    let (base, key) = (server.base(), server.key());
    let o = pactum(
        dir.path(),
        None,
        &[],
        &["ledger", "audit", "--url", &base, "--key", &key],
    );
    let (out, err) = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
}
