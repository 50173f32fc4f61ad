//! The test harness: one application per test, on SQLite (a file in a temp dir) or,
//! when `PACTUM_TEST_DATABASE_URL` names a PostgreSQL server, on a fresh database
//! created for the test and dropped after it.

use std::collections::HashMap;
use std::path::PathBuf;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use diesel::Connection;
use diesel::connection::SimpleConnection;
use pactum::accounts::Role;
use pactum::accounts::service::create_verified_user;
use pactum::accounts::validate::{DisplayName, EmailAddress};
use pactum::app::AppState;
use pactum::config::{Config, HashCost};
use pactum::db::{DatabaseUrl, Db};
use pactum::mail::{self, Transport};
use pactum::web::i18n::Lang;

pub const PASSWORD: &str = "a long and unusual test phrase";

pub struct TestDb {
    pub url: DatabaseUrl,
    pg_drop: Option<(String, String)>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg_drop
            && let Ok(mut c) = diesel::PgConnection::establish(admin)
        {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
    }
}

/// A database for one test, on the backend the environment asks for.
pub fn test_database(dir: &std::path::Path) -> TestDb {
    match std::env::var("PACTUM_TEST_DATABASE_URL")
        .ok()
        .filter(|s| !s.is_empty())
    {
        Some(admin) => {
            let name = format!(
                "pactum_t_{}",
                pactum::util::hex_encode(&pactum::util::random_bytes::<8>())
            );
            let mut c = diesel::PgConnection::establish(&admin)
                .expect("connect to PACTUM_TEST_DATABASE_URL");
            c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .expect("create test database");
            let mut url = url::Url::parse(&admin).expect("admin URL");
            url.set_path(&format!("/{name}"));
            TestDb {
                url: DatabaseUrl::Postgres(url.to_string()),
                pg_drop: Some((admin, name)),
            }
        }
        None => TestDb {
            url: DatabaseUrl::Sqlite(dir.join("test.db")),
            pg_drop: None,
        },
    }
}

pub fn on_postgres() -> bool {
    std::env::var("PACTUM_TEST_DATABASE_URL").is_ok_and(|s| !s.is_empty())
}

pub struct TestApp {
    pub state: AppState,
    _dir: tempfile::TempDir,
    _db: TestDb,
}

impl TestApp {
    pub fn new() -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let tdb = test_database(dir.path());
        let mut config = Config::from_map(&HashMap::new()).expect("default config");
        config.data_dir = dir.path().to_path_buf();
        config.database_url = Some(tdb.url.clone());
        config.hash_cost = HashCost::Fast;
        config.city_name = "Testville".into();
        let db = Db::connect(&tdb.url, 4).expect("connect");
        db.migrate().expect("migrate");
        let signer =
            pactum::ledger::note::NoteSigner::from_seed("testville.example/ledger", &[5u8; 32])
                .expect("signer");
        let search = pactum::commons::api::SEARCH
            .open(&config)
            .expect("search index");
        let pact_search = pactum::pacts::search_sync::SOURCE
            .open(&config)
            .expect("pact search index");
        let mail = Transport::new(None, config.outbox_dir(), &config.mail_from).expect("transport");
        let state = AppState::new(
            db,
            config,
            &[7u8; 64],
            signer,
            search,
            pact_search,
            std::sync::Arc::new(mail),
        );
        TestApp {
            state,
            _dir: dir,
            _db: tdb,
        }
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.state.config.outbox_dir()
    }

    /// Delivers queued mail as .eml files and returns every message written so far.
    pub fn deliver_mail(&self) -> Vec<Mail> {
        let transport = Transport::new(None, self.outbox_dir(), &self.state.config.mail_from)
            .expect("transport");
        let mut conn = self.state.db.get().expect("conn");
        mail::deliver_due(&mut conn, &transport, 100).expect("deliver");
        let mut files: Vec<_> = std::fs::read_dir(self.outbox_dir())
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .map(|p| Mail::parse(&std::fs::read(p).expect("read eml")))
            .collect()
    }

    /// Creates a verified account with the given roles; returns its id.
    pub fn user(&self, email: &str, name: &str, roles: &[Role]) -> i64 {
        let hash = pactum::accounts::password::hash(PASSWORD, HashCost::Fast).expect("hash");
        let mut conn = self.state.db.get().expect("conn");
        create_verified_user(
            &mut conn,
            &EmailAddress::parse(email).expect("email"),
            &DisplayName::parse(name).expect("name"),
            &hash,
            Lang::En,
            roles,
        )
        .expect("create user")
    }

    /// Runs one SQL statement (to age a session, expire a link...).
    pub fn execute(&self, sql: &str) {
        use diesel::RunQueryDsl;
        let mut conn = self.state.db.get().expect("conn");
        diesel::sql_query(sql)
            .execute(&mut *conn)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// Statements the app's pool has sent to the database so far; a page's query
    /// count is the difference across one request.
    pub fn statements_sent(&self) -> u64 {
        self.state.db.statements_sent()
    }

    /// The configured base address, without its final slash (what exports prefix).
    pub fn base(&self) -> String {
        self.state
            .config
            .base_url
            .as_str()
            .trim_end_matches('/')
            .to_string()
    }

    pub fn count(&self, sql_table: &str) -> i64 {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = self.state.db.get().expect("conn");
        diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {sql_table}"))
            .get_result::<N>(&mut *conn)
            .expect("count")
            .n
    }
}

/// A delivered e-mail, decoded.
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

impl Mail {
    fn parse(raw: &[u8]) -> Mail {
        let m = mailparse::parse_mail(raw).expect("parse eml");
        let header = |k: &str| {
            m.headers
                .iter()
                .find(|h| h.get_key().eq_ignore_ascii_case(k))
                .map(|h| h.get_value())
                .unwrap_or_default()
        };
        let mut text = String::new();
        let mut html = String::new();
        for part in m
            .subparts
            .iter()
            .flat_map(|p| std::iter::once(p).chain(p.subparts.iter()))
        {
            match part.ctype.mimetype.as_str() {
                "text/plain" => text = part.get_body().expect("body"),
                "text/html" => html = part.get_body().expect("body"),
                _ => {}
            }
        }
        Mail {
            to: header("To"),
            subject: header("Subject"),
            text,
            html,
        }
    }

    /// The first link to this site in the text body, as a path.
    pub fn link_path(&self) -> String {
        let start = self.text.find("http://").expect("a link");
        let url: String = self.text[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        let u = url::Url::parse(&url).expect("url");
        match u.query() {
            Some(q) => format!("{}?{}", u.path(), q),
            None => u.path().to_string(),
        }
    }
}

/// A response, read.
pub struct Page {
    pub status: StatusCode,
    pub headers: actix_web::http::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn location(&self) -> String {
        self.headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// Text of every element matching a CSS selector.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = scraper::Selector::parse(selector).expect("selector");
        self.html()
            .select(&sel)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    pub fn has(&self, selector: &str) -> bool {
        !self.texts(selector).is_empty()
    }

    /// Every `Link` header of the answer.
    pub fn links(&self) -> Vec<String> {
        self.headers
            .get_all(actix_web::http::header::LINK)
            .filter_map(|v| v.to_str().ok())
            .map(str::to_string)
            .collect()
    }

    pub fn attr(&self, selector: &str, attr: &str) -> Option<String> {
        let sel = scraper::Selector::parse(selector).expect("selector");
        self.html()
            .select(&sel)
            .next()
            .and_then(|e| e.value().attr(attr))
            .map(str::to_string)
    }
}

/// A browser-like client: keeps cookies and the latest CSRF token.
pub struct Client<S> {
    app: S,
    /// The cookie jar (copy it to replay a session from elsewhere).
    pub cookies: HashMap<String, String>,
    pub csrf: Option<String>,
    /// The client's address, as the server sees it.
    pub peer: std::net::SocketAddr,
}

impl<S, B> Client<S>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    pub fn new(app: S) -> Client<S> {
        Client {
            app,
            cookies: HashMap::new(),
            csrf: None,
            peer: "203.0.113.7:5000".parse().expect("addr"),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn send(&mut self, req: TestRequest) -> Page {
        self.send_streaming(req, None).await
    }

    /// Sends a request whose body, when given, is a stream (to see how much is read).
    pub async fn send_streaming(
        &mut self,
        req: TestRequest,
        payload: Option<actix_web::dev::Payload>,
    ) -> Page {
        let req = req
            .peer_addr(self.peer)
            .insert_header(("cookie", self.cookie_header()));
        let mut req = req.to_request();
        if let Some(p) = payload {
            req = req.replace_payload(p).0;
        }
        let res = test::call_service(&self.app, req).await;
        let mut session_changed = false;
        for c in res.response().cookies() {
            session_changed |= c.name() == "pactum_session";
            if c.value().is_empty() {
                self.cookies.remove(c.name());
            } else {
                self.cookies
                    .insert(c.name().to_string(), c.value().to_string());
            }
        }
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = test::read_body(res).await;
        let page = Page {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        match page.attr("input[name=csrf_token]", "value") {
            Some(t) => self.csrf = Some(t),
            // The session may have been renewed (sign-in): fetch a fresh token later.
            None if session_changed => self.csrf = None,
            None => {}
        }
        page
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.send(TestRequest::get().uri(path)).await
    }

    /// Posts a form with the session's CSRF token (fetching a page first if needed).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.csrf.is_none() {
            self.get("/signin").await;
        }
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let token = self.csrf.clone().unwrap_or_default();
        all.push(("csrf_token", &token));
        self.post_raw(path, &all).await
    }

    /// Posts exactly the given fields (no token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(fields).expect("encode");
        self.send(
            TestRequest::post()
                .uri(path)
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(body),
        )
        .await
    }

    /// Posts a multipart form: text fields (plus the CSRF token) and one file.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> Page {
        if self.csrf.is_none() {
            self.get("/signin").await;
        }
        let boundary = "----pactumtestboundary7MA4YWxkTrZu0gW";
        let token = self.csrf.clone().unwrap_or_default();
        let mut body: Vec<u8> = Vec::new();
        for (k, v) in fields
            .iter()
            .chain(std::iter::once(&("csrf_token", token.as_str())))
        {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, filename, bytes) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.send(
            TestRequest::post()
                .uri(path)
                .insert_header((
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                ))
                .set_payload(body),
        )
        .await
    }

    pub async fn sign_in(&mut self, email: &str) -> Page {
        let p = self
            .post("/signin", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(
            p.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email} failed: {}",
            p.body
        );
        p
    }
}

/// Builds the app and a client for it.
#[macro_export]
macro_rules! client {
    ($app:expr) => {
        $crate::support::Client::new(
            actix_web::test::init_service(pactum::build_app($app.state.clone())).await,
        )
    };
}

/// The columns the README lists under `heading`, in its first `text` block (the open
/// data's column lists, which tests compare with the exports' headers).
pub fn readme_columns(heading: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let after = readme
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("the README has {heading:?}"));
    let block = after
        .split("```text\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .unwrap_or_else(|| panic!("a column list under {heading:?}"));
    block
        .trim()
        .split(',')
        .map(|c| c.trim().to_string())
        .collect()
}

/// Runs a service's `_in` function as the server does, in one write transaction (the
/// ledger refuses an entry outside one).
pub use pactum::db::write_transaction as in_tx;
