//! Pactum in a real browser: Debian's Chromium, headless, driven through chromedriver
//! (WebDriver, with the fantoccini client) against a `pactum serve --demo` started on a
//! loopback port. Screenshots of each step land in `target/e2e/<test>/`.
//!
//! Without chromedriver the tests say so and pass, except under CI (`CI` set), where
//! `.ci/run` installs it and a missing browser is a failure.

use crate::support::in_tx;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::cli::url_of;

mod assemblies;
mod city;
mod identity;
mod registry;
mod tokens;
use crate::support::{TestDb, test_database};

/// The flags that let Chromium run on a closed network, without a sandbox (as root in
/// CI) and without a GPU.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for_port(port: u16, what: &str) {
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{what} did not listen on port {port} within a minute"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn program(env: &str, default: &str) -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var(env).unwrap_or_else(|_| default.to_string()));
    p.is_file().then_some(p)
}

fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules/axe-core/axe.min.js")
}

/// A child process killed when dropped.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A Pactum server with the demo city, on its own data dir and database.
pub struct Site {
    pub base: String,
    _process: Process,
    db: TestDb,
    dir: tempfile::TempDir,
}

impl Site {
    pub fn start() -> Site {
        Site::start_with(free_port(), &[])
    }

    /// The demo on `port`, with more configuration (the city's identity provider).
    pub fn start_with(port: u16, env: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().expect("data dir");
        let db = test_database(dir.path());
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pactum"));
        cmd.env_clear()
            .env("PACTUM_DATA_DIR", dir.path())
            .env("PACTUM_DATABASE_URL", url_of(&db))
            .env("PACTUM_BIND", format!("127.0.0.1:{port}"))
            .env("PACTUM_BASE_URL", format!("http://127.0.0.1:{port}"))
            .env("PACTUM_LOG", "warn");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .args(["serve", "--demo"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pactum");
        let process = Process(child);
        wait_for_port(port, "pactum");
        Site {
            base: format!("http://127.0.0.1:{port}"),
            _process: process,
            db,
            dir,
        }
    }

    /// Lets `days` pass for the votes: those closing by then are closed and counted,
    /// as the closing job would.
    pub fn close_votes_after_days(&self, days: i64) {
        let db = pactum::db::Db::connect(&self.db.url, 1).expect("the site's database");
        let mut conn = db.get().expect("a connection");
        let later = pactum::util::now() + chrono::Duration::days(days);
        in_tx(&mut conn, |cx| {
            pactum::assemblies::service::votes::close_due_in(cx, later)
        })
        .expect("close the votes");
    }

    /// Lets time pass until the day after pact `pact`'s end date and runs the deadline
    /// job then, as the server's job would on that day.
    pub fn pass_end_date(&self, pact: i64) {
        let db = pactum::db::Db::connect(&self.db.url, 1).expect("the site's database");
        let mut conn = db.get().expect("a connection");
        let end = pactum::pacts::store::load(&mut conn, pact)
            .expect("the pact")
            .end_date
            .expect("a pact in force has an end date");
        let now = pactum::util::now();
        let env = pactum::pacts::store::Env {
            base_url: self.base.clone(),
            city: "Valdora".into(),
            rules: pactum::pacts::deadlines::DeadlineRules::default(),
            now: end.and_time(now.time()) + chrono::Duration::days(1),
        };
        in_tx(&mut conn, |cx| {
            pactum::pacts::service::run_deadlines(cx, &env)
        })
        .expect("the deadline job");
    }

    /// Registers commons `of` a second time (as its proposer did, and recognised by
    /// the demo's first official): the duplicate a registry office finds and merges.
    pub fn duplicate_commons(&self, of: i64) -> i64 {
        let db = pactum::db::Db::connect(&self.db.url, 1).expect("the site's database");
        let mut conn = db.get().expect("a connection");
        let c = pactum::commons::service::load(&mut conn, of).expect("the commons");
        let mut fields = c.fields();
        fields.name = format!("{} (bis)", c.name);
        let id = in_tx(&mut conn, |cx| {
            pactum::commons::service::insert_unchecked(cx, c.proposer_id, &fields)
        })
        .expect("the duplicate");
        in_tx(&mut conn, |cx| {
            pactum::commons::service::decide_unchecked(
                cx,
                2,
                id,
                pactum::commons::service::Decision::Recognise,
                "",
            )
        })
        .expect("recognised")
        .expect("recognisable");
        id
    }

    /// Lets days pass for a pact: its observation period ends now.
    pub fn end_observation_period(&self, pact: i64) {
        use diesel::prelude::*;
        use pactum::db::schema::pacts;
        let db = pactum::db::Db::connect(&self.db.url, 1).expect("the site's database");
        let mut conn = db.get().expect("a connection");
        let past = pactum::util::now() - chrono::Duration::minutes(1);
        diesel::update(pacts::table.find(pact))
            .set(pacts::observation_closes_at.eq(Some(past)))
            .execute(&mut *conn)
            .expect("end the observation period");
    }

    /// Waits for the newest e-mail to `to` in the outbox (`.eml` files; the mail job
    /// delivers every few seconds) and returns its text part.
    pub fn mail_to(&self, to: &str, subject_has: &str) -> String {
        let outbox = self.dir.path().join("outbox");
        let start = Instant::now();
        loop {
            let mut found: Vec<(PathBuf, String)> = Vec::new();
            for entry in std::fs::read_dir(&outbox).into_iter().flatten().flatten() {
                let raw = std::fs::read(entry.path()).unwrap_or_default();
                let Ok(mail) = mailparse::parse_mail(&raw) else {
                    continue;
                };
                let header = |name: &str| {
                    mail.headers
                        .iter()
                        .find(|h| h.get_key().eq_ignore_ascii_case(name))
                        .map(|h| h.get_value())
                        .unwrap_or_default()
                };
                if header("To").contains(to) && header("Subject").contains(subject_has) {
                    let text = std::iter::once(&mail)
                        .chain(mail.subparts.iter())
                        .find(|p| p.ctype.mimetype == "text/plain")
                        .and_then(|p| p.get_body().ok())
                        .unwrap_or_default();
                    found.push((entry.path(), text));
                }
            }
            found.sort();
            if let Some((_, text)) = found.pop() {
                return text;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no e-mail to {to} about \"{subject_has}\" within a minute"
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

/// The first link to this site in a text.
fn link_in(text: &str, base: &str) -> String {
    let start = text.find(base).expect("a link to the site");
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '>' || c == '"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// What kind of browser a test needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 1280×900, JavaScript on.
    Desktop,
    /// The same with JavaScript turned off.
    NoScript,
    /// A 360×740 phone screen with touch.
    Phone,
}

/// A headless Chromium session.
pub struct Browser {
    pub client: Client,
    shots: PathBuf,
    step: usize,
    _driver: Process,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a desktop browser; `None` (after saying why) when there is
    /// no chromedriver outside CI.
    pub async fn start(test: &str) -> Option<Browser> {
        Browser::start_with(test, Kind::Desktop).await
    }

    pub async fn start_with(test: &str, kind: Kind) -> Option<Browser> {
        let (Some(driver), Some(chromium), true) = (
            program("PACTUM_CHROMEDRIVER", "/usr/bin/chromedriver"),
            program("PACTUM_CHROMIUM", "/usr/bin/chromium"),
            axe_path().is_file(),
        ) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI needs chromium, chromium-driver and tests/browser/node_modules \
                 (.ci/run installs them)"
            );
            eprintln!(
                "skipped: needs chromium and chromium-driver (apt-get install chromium-driver) \
                 and axe-core (npm ci --prefix tests/browser)"
            );
            return None;
        };
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Process(child);
        wait_for_port(port, "chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push("--lang=en".into());
        let mut options = json!({ "binary": chromium, "args": args });
        match kind {
            Kind::Desktop => {}
            Kind::NoScript => {
                options["prefs"] =
                    json!({ "profile.managed_default_content_settings.javascript": 2 });
            }
            Kind::Phone => {
                options["mobileEmulation"] = json!({
                    "deviceMetrics": { "width": 360, "height": 740, "pixelRatio": 2.0, "touch": true }
                });
            }
        }
        if let (true, Some(a)) = (kind != Kind::Phone, options["args"].as_array_mut()) {
            a.push(json!("--window-size=1280,900"));
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a browser session");
        let shots = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target")
            .join("e2e")
            .join(test);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        Some(Browser {
            client,
            shots,
            step: 0,
            _driver: driver,
            _profile: profile,
        })
    }

    /// Saves a screenshot of the page as `NN-name.png`. A screenshot is a record, not
    /// a check: under load Chromium now and then times out taking one ("aborted by
    /// navigation: not attached to an active page"), so it is tried three times and
    /// then skipped with a note, never failing the test it illustrates.
    pub async fn shot(&mut self, name: &str) {
        self.step += 1;
        let file = self.shots.join(format!("{:02}-{name}.png", self.step));
        let mut last = String::new();
        for attempt in 0..3 {
            if attempt > 0 {
                tokio_sleep(500).await;
            }
            match self.client.screenshot().await {
                Ok(png) => {
                    std::fs::write(&file, png).expect("write the screenshot");
                    return;
                }
                Err(e) => last = e.to_string(),
            }
        }
        eprintln!("note: no screenshot {}: {last}", file.display());
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    pub async fn text_of(&self, css: &str) -> String {
        self.find(css).await.text().await.expect("text")
    }

    /// Runs axe-core on the page and returns the WCAG 2.x A/AA violations, each as
    /// "rule: target html, target html (help)".
    pub async fn axe(&self) -> Vec<String> {
        let source = std::fs::read_to_string(axe_path()).expect("axe-core");
        self.client
            .execute(&source, vec![])
            .await
            .expect("inject axe-core");
        // Map markers are left out of the target-size rule only: WCAG 2.5.8 excepts
        // targets whose function another control on the page offers at full size, and
        // every marker's commons is a link in the list under the map.
        let script = r#"
            const done = arguments[arguments.length - 1];
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
            const show = r => r.violations.map(v =>
                v.id + ': ' + v.nodes.map(n => n.target.join(' ') + ' ' + n.html.slice(0, 90)).join(', ')
                    + ' (' + v.help + ')');
            (async () => {
                const all = await axe.run(document, {
                    runOnly: { type: 'tag', values: tags },
                    rules: { 'target-size': { enabled: false } },
                    resultTypes: ['violations'],
                });
                const size = await axe.run({ include: [['html']], exclude: [['.leaflet-marker-pane']] }, {
                    runOnly: { type: 'rule', values: ['target-size'] },
                    resultTypes: ['violations'],
                });
                return show(all).concat(show(size));
            })().then(done).catch(e => done(['axe failed: ' + e]));
        "#;
        let out = self
            .client
            .execute_async(script, vec![])
            .await
            .expect("run axe-core");
        match out {
            Value::Array(items) => items
                .into_iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect(),
            other => vec![format!("unexpected axe result: {other}")],
        }
    }

    /// The first element matching `css`, waiting up to 15 s for it (a page after a
    /// form may still be arriving).
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// Types into a field (emptied first).
    pub async fn fill(&self, name: &str, value: &str) {
        let e = self.find(&format!("[name={name}]")).await;
        e.clear()
            .await
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        e.send_keys(value)
            .await
            .unwrap_or_else(|err| panic!("{name}: {err}"));
    }

    pub async fn choose(&self, name: &str, value: &str) {
        self.find(&format!("select[name={name}]"))
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("{name}={value}: {e}"));
    }

    /// Clicks (a radio button, a checkbox, the map).
    pub async fn click(&self, css: &str) {
        self.find(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Clicks a link or a submit button and waits until the next page has loaded: the
    /// old page's root element goes stale (this works with JavaScript turned off too).
    pub async fn submit(&self, css: &str) {
        let old = self.find("html").await;
        self.click(css).await;
        let start = Instant::now();
        while old.tag_name().await.is_ok() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no new page after clicking {css}"
            );
            tokio_sleep(50).await;
        }
        // The new document is there; WebDriver's find waits for it to be ready.
        self.find("body").await;
    }

    /// Submits the form of a procedure step on a pact page, after `before` filled it.
    pub async fn step(&self, transition: &str) {
        self.submit(&format!(
            "form:has(input[name=transition][value={transition}]) button[type=submit]"
        ))
        .await;
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("the URL");
        let mut p = url.path().to_string();
        if let Some(q) = url.query() {
            p.push('?');
            p.push_str(q);
        }
        p
    }

    /// The page's main text, for assertions that explain.
    pub async fn body(&self) -> String {
        self.text_of("main").await
    }

    /// Asserts that the page says `key` in a flash message, in whichever language the
    /// signed-in person reads.
    pub async fn says(&self, key: &str) {
        let wanted: Vec<String> = pactum::web::i18n::Lang::ALL
            .iter()
            .map(|l| pactum::web::i18n::catalog().t(*l, key))
            .collect();
        // The page after a form may still be on its way: look for a few seconds.
        let start = Instant::now();
        let mut flashes = Vec::new();
        while start.elapsed() < Duration::from_secs(10) {
            flashes.clear();
            for f in self
                .client
                .find_all(Locator::Css(".flash"))
                .await
                .unwrap_or_default()
            {
                let text = f.prop("textContent").await.ok().flatten();
                flashes.push(text.unwrap_or_default());
            }
            if flashes
                .iter()
                .any(|f| wanted.iter().any(|w| f.trim() == w.trim()))
            {
                return;
            }
            tokio_sleep(100).await;
        }
        panic!(
            "expected {key}, the page says {flashes:?}: {}",
            self.body().await
        );
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }
}

#[actix_web::test]
async fn the_home_page_renders_in_chromium_and_passes_axe() {
    let Some(mut b) = Browser::start("home").await else {
        return;
    };
    let site = Site::start();
    b.goto(&format!("{}/", site.base)).await;
    assert!(b.text_of("h1").await.contains("commons"));
    b.shot("home").await;
    let violations = b.axe().await;
    b.close().await;
    assert!(violations.is_empty(), "{violations:#?}");
}

#[actix_web::test]
async fn axe_reports_what_it_should() {
    let Some(b) = Browser::start("axe-sanity").await else {
        return;
    };
    // A page with an image without alternative text and an unlabelled input.
    b.goto("data:text/html,<html lang=en><title>t</title><main><img src=x><input></main>")
        .await;
    let violations = b.axe().await;
    b.close().await;
    assert!(
        violations.iter().any(|v| v.starts_with("image-alt:")),
        "{violations:#?}"
    );
    assert!(
        violations.iter().any(|v| v.starts_with("label:")),
        "{violations:#?}"
    );
}

/// Signs in through the form, as a person would (signing out whoever was in).
async fn sign_in(b: &Browser, base: &str, email: &str) {
    b.client.delete_all_cookies().await.expect("sign out");
    b.goto(&format!("{base}/signin")).await;
    b.fill("email", email).await;
    b.fill("password", pactum::demo::DEMO_PASSWORD).await;
    b.submit("main form button[type=submit]").await;
}

/// How a page type is visited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    /// Signed out.
    Anonymous,
    /// Signed out, its form sent empty: the error summary and the fields' messages.
    AnonymousFormSent,
    /// Signed in as the demo admin.
    Admin,
    /// Signed in as the demo admin, its form sent empty.
    AdminFormSent,
}

/// Every page type the browser audits look at (axe, phone screens): a name for the
/// screenshot, the path, and how it is visited. Signed-out visits come first.
const PAGE_TYPES: &[(&str, &str, Visit)] = &[
    ("home", "/", Visit::Anonymous),
    ("commons-list", "/commons", Visit::Anonymous),
    ("commons-map", "/commons/map", Visit::Anonymous),
    // Issue 16, item 7: Ghent's map of initiatives, by sector and by category.
    ("commons-sectors", "/commons/sectors", Visit::Anonymous),
    (
        "commons-categories",
        "/commons/sectors?by=category",
        Visit::Anonymous,
    ),
    ("commons-page", "/commons/1", Visit::Anonymous),
    // Issue 16: a retired commons, the edit form, the page as the city sees it.
    ("commons-retired", "/commons/61", Visit::Anonymous),
    (
        "commons-near-address",
        "/commons?near=Via+del+Canale+40&radius=300",
        Visit::Anonymous,
    ),
    ("search", "/search?q=garden", Visit::Anonymous),
    ("pacts-list", "/pacts", Visit::Anonymous),
    ("pact-page", "/pacts/5", Visit::Anonymous),
    // Issue 15: a short proposal drafted in co-design from the city's template, and
    // the calls.
    ("pact-drafted", "/pacts/4", Visit::Anonymous),
    ("calls", "/calls", Visit::Anonymous),
    ("call-page", "/calls/4", Visit::Anonymous),
    ("pact-monitoring", "/pacts/1", Visit::Anonymous),
    ("pact-awaiting-signatures", "/pacts/3", Visit::Anonymous),
    ("pact-co-design", "/pacts/4", Visit::Anonymous),
    (
        "pact-compare",
        "/pacts/4?from=1&to=2#compare",
        Visit::Anonymous,
    ),
    ("pact-concluded", "/pacts/12", Visit::Anonymous),
    ("pact-print", "/pacts/5/print", Visit::Anonymous),
    ("pact-stats", "/pacts/stats", Visit::Anonymous),
    ("assemblies", "/assemblies", Visit::Anonymous),
    (
        "assembly",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora",
        Visit::Anonymous,
    ),
    (
        "chamber-members",
        "/assemblies/camera-dei-beni-comuni-di-valdora/members",
        Visit::Anonymous,
    ),
    (
        "meeting",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/meetings/1",
        Visit::Anonymous,
    ),
    (
        "motion",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/motions/1",
        Visit::Anonymous,
    ),
    // --- added by amend ---
    (
        "motion-amendments",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/motions/2#amendments-heading",
        Visit::Anonymous,
    ),
    (
        "vote-result",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/votes/1",
        Visit::Anonymous,
    ),
    (
        "vote-open",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/votes/2",
        Visit::Anonymous,
    ),
    (
        "moderation-log",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/moderation",
        Visit::Anonymous,
    ),
    // --- added by recs ---
    (
        "recommendations",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/recommendations",
        Visit::Anonymous,
    ),
    (
        "recommendation",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/recommendations/1",
        Visit::Anonymous,
    ),
    // --- added by tokens (pages only their people see: browser/tokens.rs) ---
    ("tokens", "/tokens", Visit::Anonymous),
    (
        "token-programme",
        "/tokens/valdora-decarbonisation-rewards",
        Visit::Anonymous,
    ),
    (
        "token-methodology",
        "/tokens/methodologies/PV01/1",
        Visit::Anonymous,
    ),
    ("ledger", "/ledger", Visit::Anonymous),
    ("ledger-entry", "/ledger/entries/0", Visit::Anonymous),
    ("sign-in", "/signin", Visit::Anonymous),
    ("register", "/register", Visit::Anonymous),
    ("forgot-password", "/password/forgot", Visit::Anonymous),
    ("not-found", "/no/such/page", Visit::Anonymous),
    ("register-errors", "/register", Visit::AnonymousFormSent),
    ("sign-in-errors", "/signin", Visit::AnonymousFormSent),
    ("new-commons-errors", "/commons/new", Visit::AdminFormSent),
    ("new-pact-errors", "/pacts/new", Visit::AdminFormSent),
    ("account", "/account", Visit::Admin),
    ("account-delete", "/account/delete", Visit::Admin),
    ("groups", "/groups", Visit::Admin),
    ("group-new", "/groups/new", Visit::Admin),
    ("admin", "/admin", Visit::Admin),
    ("admin-users", "/admin/users", Visit::Admin),
    ("admin-user", "/admin/users/2", Visit::Admin),
    ("admin-offices", "/admin/offices", Visit::Admin),
    ("admin-audit", "/admin/audit", Visit::Admin),
    ("official", "/official", Visit::Admin),
    ("official-commons", "/official/commons", Visit::Admin),
    ("official-pacts", "/official/pacts", Visit::Admin),
    ("new-commons", "/commons/new", Visit::Admin),
    ("commons-edit", "/commons/1/edit", Visit::Admin),
    (
        "commons-edit-errors",
        "/commons/1/edit",
        Visit::AdminFormSent,
    ),
    ("commons-page-city", "/commons/14", Visit::Admin),
    // Issue 16, item 5: the translations forms (the demo's first commons and pacts have
    // translations), and the form sent empty.
    (
        "commons-translations",
        "/commons/1/translations",
        Visit::Admin,
    ),
    (
        "commons-translations-errors",
        "/commons/1/translations",
        Visit::AdminFormSent,
    ),
    ("pact-translations", "/pacts/1/translations", Visit::Admin),
    (
        "office-translations",
        "/admin/offices/1/translations",
        Visit::Admin,
    ),
    (
        "district-translations",
        "/admin/districts/1/translations",
        Visit::Admin,
    ),
    // Issue 16, item 1: the import page, and the form sent without a file.
    ("admin-import", "/admin/import", Visit::Admin),
    ("admin-import-errors", "/admin/import", Visit::AdminFormSent),
    ("new-pact", "/pacts/new?commons=1", Visit::Admin),
    ("pact-co-design-edit", "/pacts/4/edit", Visit::Admin),
    ("answer-call", "/pacts/new?call=5", Visit::Admin),
    ("call-answers", "/calls/4/answers", Visit::Admin),
    ("call-new", "/calls/new", Visit::Admin),
    ("call-new-errors", "/calls/new", Visit::AdminFormSent),
    ("pact-templates", "/pacts/templates", Visit::Admin),
    ("pact-template", "/pacts/templates/green_area", Visit::Admin),
    ("my-pacts", "/pacts/mine", Visit::Admin),
    ("body-new", "/assemblies/new", Visit::Admin),
    ("body-new-errors", "/assemblies/new", Visit::AdminFormSent),
    (
        "chamber",
        "/assemblies/camera-dei-beni-comuni-di-valdora",
        Visit::Admin,
    ),
    (
        "assembly-members",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/members",
        Visit::Admin,
    ),
    (
        "vote-ballot",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/votes/2",
        Visit::Admin,
    ),
    (
        "vote-new",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/votes/new",
        Visit::Admin,
    ),
    (
        "body-edit",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/edit",
        Visit::Admin,
    ),
    // --- added by recs ---
    (
        "recommendations-facilitator",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/recommendations",
        Visit::Admin,
    ),
    (
        "recommendation-answer",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/recommendations/1",
        Visit::Admin,
    ),
    (
        "recommendation-answer-errors",
        "/assemblies/assemblea-dei-beni-comuni-di-valdora/recommendations/1",
        Visit::AdminFormSent,
    ),
    // --- added by tokens ---
    (
        "token-programme-signed-in",
        "/tokens/valdora-decarbonisation-rewards",
        Visit::Admin,
    ),
    (
        "token-claim-choose",
        "/tokens/valdora-decarbonisation-rewards/claim",
        Visit::Admin,
    ),
    (
        "token-claim-form",
        "/tokens/valdora-decarbonisation-rewards/claim?methodology=PV01%401",
        Visit::Admin,
    ),
    ("token-claim-admin", "/tokens/claims/1", Visit::Admin),
    ("token-programme-new", "/tokens/new", Visit::Admin),
    (
        "token-programme-new-errors",
        "/tokens/new",
        Visit::AdminFormSent,
    ),
    (
        "token-methodology-new",
        "/tokens/methodologies/new",
        Visit::Admin,
    ),
    (
        "token-methodology-new-errors",
        "/tokens/methodologies/new",
        Visit::AdminFormSent,
    ),
    (
        "token-programme-admin",
        "/tokens/valdora-decarbonisation-rewards/admin",
        Visit::Admin,
    ),
    (
        "token-programme-admin-errors",
        "/tokens/valdora-decarbonisation-rewards/admin",
        Visit::AdminFormSent,
    ),
    (
        "token-fund",
        "/tokens/valdora-decarbonisation-rewards/fund",
        Visit::Admin,
    ),
    ("token-vouchers", "/tokens/vouchers", Visit::Admin),
    (
        "token-vouchers-errors",
        "/tokens/vouchers",
        Visit::AdminFormSent,
    ),
];

/// The page types to audit: all of them, or those named in `PACTUM_PAGE_TYPES`
/// (comma-separated names, to audit a new page alone while working on it).
fn page_types() -> Vec<(&'static str, &'static str, Visit)> {
    let only = std::env::var("PACTUM_PAGE_TYPES").unwrap_or_default();
    let only: Vec<&str> = only
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    PAGE_TYPES
        .iter()
        .copied()
        .filter(|(name, _, _)| only.is_empty() || only.contains(name))
        .collect()
}

/// Opens one of [`PAGE_TYPES`] as its visit says, signing in the first time a visit
/// needs it; returns how the page is named in reports.
async fn open_page_type(
    b: &Browser,
    base: &str,
    path: &str,
    visit: Visit,
    signed_in: &mut bool,
) -> String {
    let admin = matches!(visit, Visit::Admin | Visit::AdminFormSent);
    assert!(
        admin || !*signed_in,
        "{path}: PAGE_TYPES lists signed-out visits first"
    );
    if admin && !*signed_in {
        sign_in(b, base, pactum::demo::ADMIN_EMAIL).await;
        *signed_in = true;
    }
    b.goto(&format!("{base}{path}")).await;
    let form = match visit {
        Visit::AnonymousFormSent => "main form button[type=submit]",
        Visit::AdminFormSent => "main form.form button[type=submit]",
        Visit::Anonymous | Visit::Admin => return path.to_string(),
    };
    b.submit(form).await;
    b.find(".error-summary").await;
    format!("{path} (errors)")
}

#[actix_web::test]
async fn every_page_type_passes_axe() {
    let Some(mut b) = Browser::start("axe").await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    let mut signed_in = false;
    let mut failures = Vec::new();
    for (name, path, visit) in page_types() {
        let page = open_page_type(&b, &base, path, visit, &mut signed_in).await;
        b.shot(name).await;
        for v in b.axe().await {
            failures.push(format!("{page}: {v}"));
        }
    }
    b.close().await;
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A citizen's first visit, in the browser: she registers, confirms her address from the
/// e-mail, proposes a commons with its place picked on the map, then a pact for it, and
/// sends the pact to the city.
#[actix_web::test]
async fn a_citizen_registers_and_proposes_a_commons_and_a_pact() {
    citizen_journey(Kind::Desktop, "journey-citizen").await;
}

/// The same journey with JavaScript turned off: the place is typed as coordinates.
#[actix_web::test]
async fn a_citizen_registers_and_proposes_without_javascript() {
    citizen_journey(Kind::NoScript, "journey-citizen-noscript").await;
}

async fn citizen_journey(kind: Kind, name: &str) {
    let Some(mut b) = Browser::start_with(name, kind).await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    let email = "nora.weber@example.org";

    b.goto(&format!("{base}/register")).await;
    b.fill("name", "Nora Weber").await;
    b.fill("email", email).await;
    b.fill("password", "a long walk in the park").await;
    b.fill("password_confirm", "a long walk in the park").await;
    b.shot("register").await;
    b.submit("main form button[type=submit]").await;
    b.shot("registered").await;

    let mail = site.mail_to(email, "");
    let link = link_in(&mail, &base);
    b.goto(&link).await;
    b.shot("address-confirmed").await;

    b.goto(&format!("{base}/signin")).await;
    b.fill("email", email).await;
    b.fill("password", "a long walk in the park").await;
    b.submit("main form button[type=submit]").await;

    // From the pact form to the commons form and back, in one flow.
    b.goto(&format!("{base}/pacts/new")).await;
    b.submit("main a[href='/commons/new?then=pact']").await;
    assert_eq!(b.path().await, "/commons/new?then=pact");
    b.fill("name", "Orto del Cortile Nord").await;
    b.fill(
        "description",
        "A courtyard garden the building shares with its street.",
    )
    .await;
    b.click("#kind-tangible").await;
    b.choose("category", "green_area").await;
    b.choose("owner", "city").await;
    b.fill("why", "The neighbours grow food here together.")
        .await;
    if kind == Kind::NoScript {
        let maps = b.client.find_all(Locator::Css(".leaflet-container")).await;
        assert!(
            maps.unwrap_or_default().is_empty(),
            "JavaScript is off: no map"
        );
        b.fill("lat", "44.4949").await;
        b.fill("lng", "11.3426").await;
    } else {
        pick_on_the_map(&b).await;
    }
    b.shot("commons-form").await;
    b.submit("main form button[type=submit]").await;
    let path = b.path().await;
    assert!(
        path.starts_with("/pacts/new?commons="),
        "{path}: {}",
        b.body().await
    );
    b.shot("pact-form").await;

    // The short proposal: what, where (already named), who, and what is asked.
    b.fill("title", "Weeding the courtyard beds").await;
    b.fill("objectives", "Keep the beds tidy and open.").await;
    b.fill("participants", "Six neighbours of the courtyard.")
        .await;
    b.fill("ask", "Gloves and hoes.").await;
    b.submit("main form button[type=submit]").await;
    let path = b.path().await;
    assert!(
        path.starts_with("/pacts/") && !path.contains("new"),
        "{path}: {}",
        b.body().await
    );
    b.shot("draft").await;
    b.step("submit").await;
    b.shot("submitted").await;
    b.says("pact-done-submit").await;
    b.close().await;
}

async fn tokio_sleep(ms: u64) {
    actix_web::rt::time::sleep(Duration::from_millis(ms)).await;
}

/// The city's side, then the parties', in the browser: an official admits and publishes a
/// citizen's proposal, closes the observation period, asks for and gives the technical
/// opinion, runs co-design and freezes the text; the proposer and the city's signatory
/// sign; the proposer sends the first monitoring report.
#[actix_web::test]
async fn an_official_takes_a_proposal_to_signature_and_the_citizen_reports() {
    official_journey(Kind::Desktop, "journey-official").await;
}

#[actix_web::test]
async fn an_official_takes_a_proposal_to_signature_without_javascript() {
    official_journey(Kind::NoScript, "journey-official-noscript").await;
}

async fn official_journey(kind: Kind, name: &str) {
    let Some(mut b) = Browser::start_with(name, kind).await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    // Demo pact 8: Sofie's ordinary proposal, just submitted.
    let pact = format!("{base}/pacts/8");
    sign_in(&b, &base, "marco.bianchi@demo.pactum.example.org").await;
    b.goto(&format!("{base}/official/pacts")).await;
    b.shot("queue").await;
    b.goto(&pact).await;
    b.shot("submitted").await;
    // The coordinating office routes the proposal to its lead office, then admits it.
    b.choose("office", "1").await;
    b.submit("form[action$='/route'] button[type=submit]").await;
    b.says("pact-done-routed").await;
    b.step("publish").await;
    b.says("pact-done-publish").await;
    b.shot("published").await;

    site.end_observation_period(8);
    b.goto(&pact).await;
    b.step("close_observation").await;
    b.says("pact-done-close-observation").await;
    b.click("#ask-office-1").await;
    b.submit("form[action$='/opinions/request'] button[type=submit]")
        .await;
    b.says("pact-opinions-requested").await;
    b.click("#opinion-1-favourable_with_conditions").await;
    b.fill("opinion_text", "Use only hand tools near the trees.")
        .await;
    b.submit("form[action$='/opinions'] button[type=submit]")
        .await;
    b.says("pact-opinion-given").await;
    b.shot("reviewed").await;
    b.step("start_co_design").await;
    b.shot("co-design").await;
    b.step("freeze_text").await;
    b.says("pact-done-freeze-text").await;
    b.shot("frozen").await;

    for (email, party) in [
        ("sofie.devries@demo.pactum.example.org", "proposer"),
        ("luca.ferri@demo.pactum.example.org", "city"),
    ] {
        sign_in(&b, &base, email).await;
        b.goto(&pact).await;
        b.click(&format!("#confirm-{party}")).await;
        b.fill("password", pactum::demo::DEMO_PASSWORD).await;
        b.shot(&format!("sign-{party}")).await;
        b.submit(&format!(
            "form:has(input[name=party][value={party}]) button[type=submit]"
        ))
        .await;
        b.says("pact-signed-by-you").await;
    }
    b.shot("signed").await;

    sign_in(&b, &base, "sofie.devries@demo.pactum.example.org").await;
    b.goto(&pact).await;
    b.fill("objectives", "The beds are weeded every week.")
        .await;
    b.fill("actions", "Twelve Saturday mornings.").await;
    b.fill("results", "No weeds; two new neighbours joined.")
        .await;
    b.fill("resources", "The gloves and hoes the city lent.")
        .await;
    b.fill("volunteer_hours", "48").await;
    b.submit("form[action$='/reports'] button[type=submit]")
        .await;
    b.says("pact-report-submitted").await;
    b.shot("reported").await;
    b.close().await;
}

/// A click on the map picker fills in the coordinates (the map needs a moment to load).
async fn pick_on_the_map(b: &Browser) {
    b.find(".map-picker").await;
    let start = Instant::now();
    loop {
        b.click(".map-picker").await;
        let lat = b
            .find("input[name=lat]")
            .await
            .prop("value")
            .await
            .expect("lat")
            .unwrap_or_default();
        if !lat.is_empty() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the map picker never set the place"
        );
        tokio_sleep(300).await;
    }
}

/// On a 360×740 phone screen no page (every type the axe audit looks at) scrolls
/// sideways, and every link, button and field a finger uses is at least 24×24 CSS
/// pixels (or, inline in a sentence, is text: WCAG 2.5.8 excepts those).
#[actix_web::test]
async fn every_page_type_fits_a_phone_screen() {
    let Some(mut b) = Browser::start_with("phone", Kind::Phone).await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    let mut signed_in = false;
    let mut problems = Vec::new();
    for (name, path, visit) in page_types() {
        let path = open_page_type(&b, &base, path, visit, &mut signed_in).await;
        b.shot(name).await;
        for p in fits_a_phone(&b).await {
            problems.push(format!("{path}: {p}"));
        }
    }
    b.close().await;
    assert!(problems.is_empty(), "{problems:#?}");
}

/// What does not fit a phone on the open page: sideways scrolling on a 360-pixel
/// screen, targets under 24×24 CSS pixels (inline links in running text and the dots
/// of the statistics map, whose list links every pact, excepted). Used by
/// `every_page_type_fits_a_phone_screen` and the token pages' own check.
pub(crate) async fn fits_a_phone(b: &Browser) -> Vec<String> {
    let r = b
        .client
        .execute(
            r#"
            const doc = document.documentElement;
            const out = { width: window.innerWidth, scroll: doc.scrollWidth, small: [] };
            for (const e of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
                const r = e.getBoundingClientRect();
                if (r.width === 0 || r.height === 0) continue;
                const style = getComputedStyle(e);
                if (style.visibility === 'hidden') continue;
                const inline = e.tagName === 'A' && style.display === 'inline'
                    && e.parentElement
                    && e.parentElement.closest('p, li, td, dd, figcaption, .leaflet-control-attribution');
                if (inline || e.closest('.dot-map')) continue;
                if (e.type === 'hidden') continue;
                if (r.width < 24 || r.height < 24) {
                    out.small.push(e.tagName.toLowerCase() + ' "' + (e.textContent || e.name || '').trim().slice(0, 40)
                        + '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
                }
            }
            doc.style.width = '360px';
            const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                + [...e.classList].map(c => '.' + c).join('');
            const out_of_page = e => e.getBoundingClientRect().right > 361;
            out.wide = [...document.querySelectorAll('body *')]
                .filter(e => out_of_page(e) && ![...e.children].some(out_of_page))
                .slice(0, 5)
                .map(e => name(e) + ' (to ' + Math.round(e.getBoundingClientRect().right) + ' px)');
            doc.style.width = '';
            return out;
            "#,
            vec![],
        )
        .await
        .expect("measure the page");
    let mut problems = Vec::new();
    let width = r["width"].as_i64().unwrap_or_default();
    let scroll = r["scroll"].as_i64().unwrap_or_default();
    if width != 360 || scroll > width {
        problems.push(format!(
            "does not fit ({scroll} px wide, viewport {width} px, not 360); sticking out: {}",
            r["wide"]
        ));
    }
    for small in r["small"].as_array().into_iter().flatten() {
        problems.push(format!("small target {}", small.as_str().unwrap_or("")));
    }
    problems
}

/// The home page and the commons list each weigh under 200 KB, as a first visit
/// transfers them (page, styles, scripts, images; map tiles, which come from the tile
/// server, left out). The numbers are printed for the record.
#[actix_web::test]
async fn first_visits_stay_under_the_page_weight_budget() {
    const BUDGET: i64 = 200 * 1024;
    let site = Site::start();
    let mut over = Vec::new();
    for (name, path) in [("home", "/"), ("commons-list", "/commons")] {
        // A new browser each time: nothing cached from the page before.
        let Some(b) = Browser::start(&format!("weight-{name}")).await else {
            return;
        };
        b.goto(&format!("{}{path}", site.base)).await;
        let r = b
            .client
            .execute(
                r#"
                const own = location.origin;
                const size = e => e.transferSize > 0 ? e.transferSize : e.encodedBodySize;
                const nav = performance.getEntriesByType('navigation')[0];
                let total = size(nav), count = 1;
                for (const e of performance.getEntriesByType('resource')) {
                    if (!e.name.startsWith(own)) continue;
                    total += size(e);
                    count += 1;
                }
                return { total, count };
                "#,
                vec![],
            )
            .await
            .expect("measure the transfer");
        b.close().await;
        let total = r["total"].as_i64().unwrap_or(i64::MAX);
        println!(
            "page weight {path}: {total} bytes in {} requests",
            r["count"]
        );
        if total >= BUDGET {
            over.push(format!("{path}: {total} bytes"));
        }
    }
    assert!(over.is_empty(), "over 200 KB: {over:?}");
}

const TAB: &str = "\u{e004}";
const ENTER: &str = "\u{e007}";

/// What has the focus: tag, name, a short label, whether a focus ring shows, whether it
/// is in the main content, and whether it is the proposal form's submit button.
const FOCUS: &str = r#"
    const e = document.activeElement;
    if (!e || e === document.body) return { tag: 'body' };
    const s = getComputedStyle(e);
    const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    const r = e.getBoundingClientRect();
    return {
        tag: e.tagName.toLowerCase(),
        name: e.getAttribute('name') || '',
        label: (e.textContent || e.id || '').trim().slice(0, 40),
        ring,
        shown: r.width > 0 && r.height > 0,
        main: !!e.closest('main'),
        skip: e.classList.contains('skip-link'),
        submit: e.matches('form[action="/pacts/new"] button[type=submit]'),
    };
"#;

/// The pact proposal with the keyboard alone: the first Tab reaches the skip link, which
/// leads into the main content; every stop shows a focus ring; Tab goes through the whole
/// page and back to the top (no trap); the form is filled and sent with keys only.
#[actix_web::test]
async fn a_pact_can_be_proposed_with_the_keyboard_alone() {
    let Some(mut b) = Browser::start("keyboard").await else {
        return;
    };
    let site = Site::start();
    let base = site.base.clone();
    sign_in(&b, &base, "chiara.romano@demo.pactum.example.org").await;
    b.goto(&format!("{base}/pacts/new?commons=1")).await;
    let client = b.client.clone();
    // A key sent to the focused element; in a date field, pressed on the keyboard
    // (WebDriver actions) instead: typed into a date field, it becomes its value and
    // the focus never moves on.
    let press = |key: &'static str| {
        let c = client.clone();
        async move {
            use fantoccini::actions::{InputSource, KeyAction, KeyActions};
            let el = c.active_element().await.expect("a focused element");
            if el.attr("type").await.ok().flatten().as_deref() == Some("date") {
                let mut keys = KeyActions::new("keyboard".into());
                for value in key.chars() {
                    keys = keys
                        .then(KeyAction::Down { value })
                        .then(KeyAction::Up { value });
                }
                c.perform_actions(keys).await.expect("a key");
            } else {
                el.send_keys(key).await.expect("a key");
            }
        }
    };
    let focus = || {
        let c = client.clone();
        async move { c.execute(FOCUS, vec![]).await.expect("the focus") }
    };

    // The whole page, Tab after Tab: a ring at every stop, and back to the top.
    press(TAB).await;
    let first = focus().await;
    assert_eq!(
        first["skip"], true,
        "the first Tab reaches the skip link: {first}"
    );
    assert_eq!(first["shown"], true, "the skip link shows when focused");
    let mut stops = 0;
    let mut seen = Vec::new();
    loop {
        press(TAB).await;
        let f = focus().await;
        if f["tag"] == "body" || f["skip"] == true {
            break;
        }
        stops += 1;
        seen.push(format!("{} {}", f["tag"], f["name"]));
        assert_eq!(f["ring"], true, "no visible focus on {f}");
        assert!(
            stops < 400,
            "Tab never leaves the page: a keyboard trap near {f} after {:?}",
            &seen[seen.len().saturating_sub(30)..]
        );
    }
    assert!(
        stops > 20,
        "only {stops} stops: the form is not reachable by Tab"
    );
    b.shot("tabbed-through").await;

    // Again from the top: skip to the content and fill the form with keys.
    b.goto(&format!("{base}/pacts/new?commons=1")).await;
    press(TAB).await;
    press(ENTER).await;
    let values: &[(&str, &str)] = &[
        ("title", "Reading corner by keyboard"),
        ("objectives", "Keep the corner open on Sundays."),
        (
            "participants",
            "Two retired librarians and their neighbours.",
        ),
        ("ask", "Shelves for the books."),
    ];
    let mut typed = Vec::new();
    for _ in 0..400 {
        press(TAB).await;
        let f = focus().await;
        assert_eq!(
            f["main"], true,
            "after the skip link, focus stays in the content: {f}"
        );
        if f["submit"] == true {
            b.shot("filled").await;
            let old = b.find("html").await;
            press(ENTER).await;
            let start = Instant::now();
            while old.tag_name().await.is_ok() && start.elapsed() < Duration::from_secs(30) {
                tokio_sleep(50).await;
            }
            break;
        }
        let name = f["name"].as_str().unwrap_or_default();
        if let Some((_, v)) = values.iter().find(|(n, _)| *n == name)
            && !typed.contains(&name.to_string())
        {
            press_text(&b, v).await;
            typed.push(name.to_string());
        }
    }
    assert_eq!(
        typed.len(),
        values.len(),
        "every field was reached: {typed:?}"
    );
    b.says("pact-draft-saved").await;
    b.shot("saved").await;
    b.close().await;
}

/// Types text into whatever has the focus.
async fn press_text(b: &Browser, text: &str) {
    b.client
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(text)
        .await
        .expect("typing");
}
