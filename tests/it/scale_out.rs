//! Three `pactum serve` processes on one PostgreSQL database and one shared data dir,
//! as ARCHITECTURE.md's scale-out describes (a reverse proxy in front spreads the
//! requests; here the test does, round-robin). It shows that sessions and sign-out
//! hold across instances, that rate limits are counted once for all of them, that
//! uploads are visible from each, that each background job runs on one instance (one
//! e-mail per message, one lease holder per job), that ledger appends from all three
//! interleave into one log the auditors accept (`pactum ledger audit`, and the
//! independent `tlog-audit` from ../shared when it is there), and that an instance with
//! another ledger key refuses to start.
//!
//! PostgreSQL only: on the SQLite run the test says so and passes. Meilisearch when
//! `PACTUM_TEST_MEILI_URL` names one (a search made on one instance finds what another
//! one wrote); otherwise that part says it is skipped, and the three share the embedded
//! index in the data dir (written by the holder of the sync job's lease).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel::prelude::*;

use crate::cli::{pactum, url_of, wait_for_answer};
use crate::ledger_cli::wait_for_checkpoint;
use crate::support::{on_postgres, test_database};

struct Instance {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Instance {
    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The environment every instance shares (the city's configuration).
fn shared_env(data: &Path, db_url: &str) -> Vec<(String, String)> {
    let mut env = vec![
        ("PACTUM_DATA_DIR".to_string(), data.display().to_string()),
        ("PACTUM_DATABASE_URL".to_string(), db_url.to_string()),
        // The address the proxy serves; the test talks to the instances directly.
        (
            "PACTUM_BASE_URL".to_string(),
            "http://pactum.test/".to_string(),
        ),
        (
            "PACTUM_LOG".to_string(),
            "info,actix_server=warn".to_string(),
        ),
    ];
    if let Some(meili) = meili() {
        env.push(("PACTUM_MEILI_URL".to_string(), meili));
        if let Ok(key) = std::env::var("PACTUM_TEST_MEILI_KEY") {
            env.push(("PACTUM_MEILI_KEY".to_string(), key));
        }
    }
    env
}

fn meili() -> Option<String> {
    std::env::var("PACTUM_TEST_MEILI_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

fn start(env: &[(String, String)], logs: &Path, n: usize) -> Instance {
    let port = free_port();
    let log = logs.join(format!("instance-{n}.log"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pactum"));
    cmd.env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env("PACTUM_BIND", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap());
    Instance {
        child: cmd.spawn().unwrap(),
        port,
        log,
    }
}

/// A browser talking to whichever instance it is sent to (cookies and CSRF by hand).
struct Visitor {
    agent: ureq::Agent,
    cookie: Option<String>,
    csrf: Option<String>,
}

struct Answer {
    status: u16,
    body: String,
}

impl Visitor {
    fn new() -> Visitor {
        Visitor {
            agent: ureq::Agent::config_builder()
                .max_redirects(0)
                .http_status_as_error(false)
                .build()
                .into(),
            cookie: None,
            csrf: None,
        }
    }

    fn take(&mut self, mut res: ureq::http::Response<ureq::Body>) -> Answer {
        if let Some(c) = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("pactum_session="))
        {
            let pair = c.split(';').next().unwrap();
            // A removal (an empty value) ends the cookie, as a browser would.
            self.cookie = (pair != "pactum_session=").then(|| pair.to_string());
        }
        let status = res.status().as_u16();
        let body = res
            .body_mut()
            .with_config()
            .limit(20 << 20)
            .read_to_string()
            .unwrap_or_default();
        let marker = "name=\"csrf_token\" value=\"";
        if let Some(at) = body.find(marker) {
            let token = body[at + marker.len()..].split('"').next().unwrap();
            self.csrf = Some(token.to_string());
        }
        Answer { status, body }
    }

    fn get(&mut self, port: u16, path: &str) -> Answer {
        let mut req = self.agent.get(format!("http://127.0.0.1:{port}{path}"));
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c);
        }
        let res = req.call().unwrap();
        self.take(res)
    }

    fn post(&mut self, port: u16, path: &str, fields: &[(&str, &str)]) -> Answer {
        let token = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        let mut req = self
            .agent
            .post(format!("http://127.0.0.1:{port}{path}"))
            .header("content-type", "application/x-www-form-urlencoded");
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c);
        }
        let res = req
            .send(serde_urlencoded::to_string(&all).unwrap())
            .unwrap();
        self.take(res)
    }

    fn post_file(
        &mut self,
        port: u16,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> Answer {
        let boundary = "pactum-scale-out-boundary";
        let token = self.csrf.clone().unwrap_or_default();
        let mut body = Vec::new();
        for (k, v) in fields.iter().chain([("csrf_token", token.as_str())].iter()) {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                file.0, file.1
            )
            .as_bytes(),
        );
        body.extend_from_slice(file.2);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let mut req = self
            .agent
            .post(format!("http://127.0.0.1:{port}{path}"))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            );
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c);
        }
        let res = req.send(&body[..]).unwrap();
        self.take(res)
    }

    fn sign_in(&mut self, port: u16, email: &str, password: &str) -> Answer {
        self.get(port, "/signin");
        self.post(port, "/signin", &[("email", email), ("password", password)])
    }
}

fn signed_in(a: &Answer) -> bool {
    a.status == 200
}

/// Waits until `check` holds (a minute at most).
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("not within 60 s: {what}");
}

fn eml_files_to(outbox: &Path, address: &str) -> usize {
    std::fs::read_dir(outbox)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .filter(|e| {
                    std::fs::read_to_string(e.path())
                        .is_ok_and(|t| t.contains(&format!("To: {address}")))
                })
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn three_instances_on_one_postgresql_behave_as_one_city() {
    if !on_postgres() {
        eprintln!("skipped: three instances need PostgreSQL (PACTUM_TEST_DATABASE_URL)");
        return;
    }
    if meili().is_none() {
        eprintln!(
            "Meilisearch: skipped (set PACTUM_TEST_MEILI_URL to run the shared search part); \
             the instances share the embedded index"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = test_database(dir.path());
    let db_url = url_of(&db);
    let env = shared_env(&data, &db_url);

    // The demo city first (one command), then three instances started at the same
    // moment: they race to migrate (nothing to do) and to create nothing twice.
    let pairs: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let o = pactum(&data, None, &pairs, &["demo"]);
    assert!(o.status.success(), "{:?}", crate::cli::text(&o));
    let fresh_dir = tempfile::tempdir().unwrap();
    let instances: Vec<Instance> = (0..3).map(|n| start(&env, fresh_dir.path(), n)).collect();
    for i in &instances {
        let ready = wait_for_answer(i.port, "/readyz").expect("ready within 60 s");
        assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    }
    let [a, b, c] = [&instances[0], &instances[1], &instances[2]];

    // --- Sessions: signed in on A, known on B and C; signed out on C, gone on A.
    let mut admin = Visitor::new();
    let answer = admin.sign_in(
        a.port,
        pactum::demo::ADMIN_EMAIL,
        pactum::demo::DEMO_PASSWORD,
    );
    assert_eq!(answer.status, 303, "sign-in on A");
    for i in [b, c] {
        assert!(
            signed_in(&admin.get(i.port, "/account")),
            "the session is known on {}",
            i.port
        );
    }
    let mut other = Visitor::new();
    let answer = other.sign_in(
        b.port,
        "chiara.romano@demo.pactum.example.org",
        pactum::demo::DEMO_PASSWORD,
    );
    assert_eq!(answer.status, 303, "sign-in on B");
    assert!(signed_in(&other.get(c.port, "/account")));
    // Someone copied the session cookie before she signs out on C.
    let mut thief = Visitor::new();
    thief.cookie = other.cookie.clone();
    let out = other.post(c.port, "/signout", &[]);
    assert_eq!(out.status, 303);
    for i in [a, b, c] {
        let page = thief.get(i.port, "/account");
        assert!(
            !signed_in(&page),
            "the session ended everywhere ({}: {})",
            i.port,
            page.status
        );
    }

    // --- Rate limits: 8 failed sign-ins per address and account in 15 minutes, counted
    // once for the three instances, not 8 on each.
    let mut guesser = Visitor::new();
    guesser.get(a.port, "/signin");
    let mut refused_at = None;
    for n in 0..12 {
        let at = instances[n % 3].port;
        let r = guesser.post(
            at,
            "/signin",
            &[
                ("email", "giulia.rossi@demo.pactum.example.org"),
                ("password", "not her password"),
            ],
        );
        if r.status == 429 {
            refused_at = Some(n);
            break;
        }
        assert_ne!(r.status, 303, "a wrong password never signs in");
    }
    assert_eq!(
        refused_at,
        Some(8),
        "the ninth attempt is refused, whichever instance"
    );

    // --- Uploads: a photo added through A is served by B and C.
    let commons_list = admin.get(b.port, "/commons");
    let commons = hits_of(&commons_list.body)
        .into_iter()
        .next()
        .expect("a commons in the demo");
    admin.get(a.port, &format!("/commons/{commons}"));
    let up = admin.post_file(
        a.port,
        &format!("/commons/{commons}/photos"),
        &[("alt_text", "The garden in spring")],
        ("photo", "garden.png", crate::builders::PNG),
    );
    assert_eq!(up.status, 303, "photo upload: {}", up.body);
    let page = admin.get(b.port, &format!("/commons/{commons}"));
    let src = scraper::Html::parse_document(&page.body)
        .select(&scraper::Selector::parse("img[src^='/files/']").unwrap())
        .filter_map(|img| img.value().attr("src").map(str::to_string))
        .next()
        .expect("the photo on B's page");
    for i in [b, c] {
        let got = admin.get(i.port, &src);
        assert_eq!(got.status, 200, "{src} from {}", i.port);
    }

    // --- Background jobs: a registration on C mails once, whoever delivers it.
    let mut newcomer = Visitor::new();
    newcomer.get(c.port, "/register");
    let r = newcomer.post(
        c.port,
        "/register",
        &[
            ("name", "Nadia Conti"),
            ("email", "nadia.conti@example.org"),
            ("password", "a long and unusual test phrase"),
            ("password_confirm", "a long and unusual test phrase"),
        ],
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let outbox_dir = data.join("outbox");
    eventually("the verification mail is delivered", || {
        eml_files_to(&outbox_dir, "nadia.conti@example.org") >= 1
    });

    // --- The ledger: role changes on all three at once interleave into one log.
    let mut writers = Vec::new();
    // Demo citizens without the verifier role: Paolo, Ahmed and Sofie.
    for (n, user) in [(0usize, 7i64), (1, 9), (2, 10)] {
        let base_port = instances[n].port;
        let cookie = admin.cookie.clone();
        writers.push(std::thread::spawn(move || {
            let at = base_port;
            let mut v = Visitor::new();
            v.cookie = cookie;
            let mut done = 0;
            for k in 0..10 {
                v.get(at, &format!("/admin/users/{user}"));
                let path = if k % 2 == 0 {
                    format!("/admin/users/{user}/roles")
                } else {
                    format!("/admin/users/{user}/roles/revoke")
                };
                let r = v.post(at, &path, &[("role", "verifier")]);
                assert_eq!(r.status, 303, "role change on {base_port}: {}", r.body);
                done += 1;
            }
            done
        }));
    }
    let changes: usize = writers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(changes, 30);
    let pool = pactum::db::Db::connect(&db.url, 1).unwrap();
    let size = {
        let mut conn = pool.get().unwrap();
        pactum::ledger::store::size(&mut conn).unwrap()
    };
    wait_for_checkpoint(a.port, size);
    let key = crate::cli::http_get(a.port, "/ledger/key")
        .and_then(|r| r.split("\r\n\r\n").nth(1).map(|k| k.trim().to_string()))
        .expect("the key");
    for i in [a, b, c] {
        let o = pactum(
            dir.path(),
            None,
            &[],
            &["ledger", "audit", "--url", &i.base(), "--key", &key],
        );
        let (out, err) = crate::cli::text(&o);
        assert_eq!(o.status.code(), Some(0), "audit of {}: {out}{err}", i.port);
    }
    independent_audit(&b.base());

    // --- Each message was sent once: as many files as delivered rows, none pending.
    {
        use pactum::db::schema::outbox;
        let pending = || {
            let mut conn = pool.get().unwrap();
            outbox::table
                .filter(outbox::kind.eq("email"))
                .filter(outbox::delivered_at.is_null())
                .count()
                .get_result::<i64>(&mut *conn)
                .unwrap()
        };
        eventually("every message is delivered", || pending() == 0);
        let mut conn = pool.get().unwrap();
        let delivered: i64 = outbox::table
            .filter(outbox::kind.eq("email"))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        let files = std::fs::read_dir(&outbox_dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .count();
        assert!(
            delivered > 50,
            "the demo and the test queued mail: {delivered}"
        );
        assert_eq!(files as i64, delivered, "no message sent twice");
        assert_eq!(eml_files_to(&outbox_dir, "nadia.conti@example.org"), 1);
    }

    // --- Each job has one holder, one of the three.
    {
        use pactum::db::schema::job_leases;
        let mut conn = pool.get().unwrap();
        let leases: Vec<(String, String)> = job_leases::table
            .select((job_leases::name, job_leases::holder))
            .load(&mut *conn)
            .unwrap();
        let names: Vec<&str> = leases.iter().map(|l| l.0.as_str()).collect();
        for job in [
            "mail",
            "checkpoint",
            "pact-deadlines",
            "vote-closing",
            "sessions",
        ] {
            assert_eq!(
                names.iter().filter(|n| **n == job).count(),
                1,
                "{job}: {leases:?}"
            );
        }
        let ports: Vec<String> = instances.iter().map(|i| format!(":{}", i.port)).collect();
        for (job, holder) in &leases {
            assert!(
                ports.iter().any(|p| holder.ends_with(p.as_str())),
                "{job} held by {holder}, not one of the instances"
            );
        }
    }

    // --- Search: the instances answer from one index.
    let q = "/search?q=garden";
    for i in [a, b, c] {
        let r = admin.get(i.port, q);
        assert_eq!(r.status, 200, "search on {}", i.port);
    }
    if meili().is_some() {
        let first = admin.get(a.port, q).body;
        for i in [b, c] {
            assert_eq!(hits_of(&admin.get(i.port, q).body), hits_of(&first));
        }
    }

    // --- An instance with its own ledger key refuses to join.
    let stranger_dir = tempfile::tempdir().unwrap();
    let mut stranger_env = env.clone();
    for (k, v) in &mut stranger_env {
        if k == "PACTUM_DATA_DIR" {
            *v = stranger_dir.path().display().to_string();
        }
    }
    let pairs: Vec<(&str, &str)> = stranger_env
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let o = pactum(stranger_dir.path(), None, &pairs, &["serve"]);
    let (_, err) = crate::cli::text(&o);
    assert_ne!(o.status.code(), Some(0));
    assert!(
        err.contains("did not sign the log's latest checkpoint"),
        "{err}"
    );

    // No instance logged an error.
    let logs: Vec<PathBuf> = instances.iter().map(|i| i.log.clone()).collect();
    drop(instances);
    for log in logs {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(
            !text.lines().any(|l| l.contains("ERROR")),
            "{} has an error:\n{text}",
            log.display()
        );
    }
    let _ = &db;
}

/// The commons a results page links, in order.
fn hits_of(page: &str) -> Vec<String> {
    scraper::Html::parse_document(page)
        .select(&scraper::Selector::parse("main a[href^='/commons/']").unwrap())
        .filter_map(|a| a.value().attr("href"))
        .filter_map(|h| h.strip_prefix("/commons/"))
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// The independent auditor from ../shared/tools (written from the RFC and C2SP specs,
/// sharing no code with Pactum), when this checkout has it next to it.
fn independent_audit(base: &str) {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/tlog-audit");
    if !tool.exists() {
        eprintln!("independent audit: skipped ({} not found)", tool.display());
        return;
    }
    let has_crypto = Command::new("python3")
        .args(["-c", "import cryptography"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_crypto {
        eprintln!("independent audit: skipped (python3 has no `cryptography` package)");
        return;
    }
    let o = Command::new("python3")
        .arg(&tool)
        .arg(base)
        .output()
        .unwrap();
    let (out, err) = crate::cli::text(&o);
    assert!(
        o.status.success(),
        "tlog-audit refused the interleaved log:\n{out}{err}"
    );
    eprintln!("independent audit: {}", out.trim());
}
