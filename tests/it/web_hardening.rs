//! The web kit under abuse (issue 11, items 2, 3, 6, 12, 17 and 21): request bodies are
//! refused by their length before they are read and never buffered past the route's
//! limit; multipart forms have a total size and a number of fields and files; malformed
//! forms are refused, not repaired; every page answers HEAD; the data directory and its
//! files are private; the Origin check believes forwarded headers only when told to.

use crate::support::in_tx;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::task::Poll;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use actix_web::web::Bytes;
use pactum::accounts::Role;
use pactum::app::ROUTES;
use pactum::commons::model::{CommonsInput, NewCommons};
use pactum::commons::service::{Decision, decide_unchecked, insert_unchecked};
use pactum::web::i18n::{Lang, catalog};

use crate::client;
use crate::support::TestApp;

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;
const BOUNDARY: &str = "----pactumhardeningboundary";
/// A 1×1 PNG.
const PNG_B64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

fn t(key: &str) -> String {
    catalog().t(Lang::En, key)
}

fn png() -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(PNG_B64)
        .unwrap()
}

/// A request body that yields `prefix`, then `then` bytes of filler in 16 KiB chunks,
/// counting in `read` every byte the server pulled.
fn body_stream(prefix: Vec<u8>, then: usize, read: Rc<Cell<usize>>) -> Payload {
    let chunk = Bytes::from(vec![b'a'; 16 * KIB]);
    let mut first = Some(Bytes::from(prefix));
    let mut left = then;
    let s = futures_util::stream::poll_fn(move |_| {
        let next = match first.take() {
            Some(p) => Some(p),
            None if left == 0 => None,
            None => {
                let n = left.min(chunk.len());
                left -= n;
                Some(chunk.slice(..n))
            }
        };
        if let Some(b) = &next {
            read.set(read.get() + b.len());
        }
        Poll::Ready(next.map(Ok))
    });
    let boxed: actix_http::BoxedPayloadStream = Box::pin(s);
    Payload::from(boxed)
}

fn part(name: &str, value: &[u8]) -> Vec<u8> {
    let mut out =
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n")
            .into_bytes();
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
    out
}

fn file_part_head(name: &str, filename: &str) -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes()
}

fn file_part(name: &str, filename: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = file_part_head(name, filename);
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
    out
}

fn closing() -> Vec<u8> {
    format!("--{BOUNDARY}--\r\n").into_bytes()
}

fn multipart_request(path: &str) -> TestRequest {
    TestRequest::post().uri(path).insert_header((
        "content-type",
        format!("multipart/form-data; boundary={BOUNDARY}"),
    ))
}

fn form_request(path: &str, body: impl Into<Vec<u8>>) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body.into())
}

/// An app with a citizen (Chiara) and a recognised commons; returns the commons id.
fn commons_world() -> (TestApp, i64) {
    let app = TestApp::new();
    let citizen = app.user("chiara@example.org", "Chiara Romano", &[]);
    let official = app.user("marco@example.org", "Marco Bianchi", &[Role::Official]);
    let mut conn = app.state.db.get().unwrap();
    let input = CommonsInput {
        name: "Giardino".into(),
        description: "Giardino: a place the neighbourhood looks after.".into(),
        kind: "tangible".into(),
        category: "green_area".into(),
        provisioning: vec!["care".into()],
        lat: "44.49".into(),
        lng: "11.33".into(),
        owner: "city".into(),
        why: "It is shared and cared for by neighbours.".into(),
        ..CommonsInput::default()
    };
    let new = NewCommons::validate(&input).unwrap();
    let id = in_tx(&mut conn, |cx| insert_unchecked(cx, citizen, &new)).unwrap();
    in_tx(&mut conn, |cx| {
        decide_unchecked(cx, official, id, Decision::Recognise, "")
    })
    .unwrap()
    .unwrap();
    drop(conn);
    (app, id)
}

fn display_name(app: &TestApp, email: &str) -> String {
    use diesel::prelude::*;
    use pactum::db::schema::users::dsl;
    let mut conn = app.state.db.get().unwrap();
    dsl::users
        .filter(dsl::email.eq(email))
        .select(dsl::display_name)
        .first::<String>(&mut *conn)
        .unwrap()
}

// ---- Item 2: bodies are refused by their length, and never buffered past the limit --

#[actix_web::test]
async fn an_oversized_form_is_refused_by_its_length_before_it_is_read() {
    let (app, _) = commons_world();
    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    c.get("/account").await;
    let token = c.csrf.clone().unwrap();

    // 300 KiB announced: refused before one byte of the body is read.
    let read = Rc::new(Cell::new(0));
    let prefix = format!("csrf_token={token}&language=en&name=").into_bytes();
    let total = 300 * KIB;
    let filler = total - prefix.len();
    let p = c
        .send_streaming(
            TestRequest::post()
                .uri("/account")
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .insert_header(("content-length", total.to_string())),
            Some(body_stream(prefix.clone(), filler, read.clone())),
        )
        .await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(read.get(), 0, "the body was read before it was refused");
    // The page says which limit applies.
    assert!(p.body.contains("256 KiB"), "{}", p.body);

    // Without a length (chunked), the body is cut at the form limit.
    let read = Rc::new(Cell::new(0));
    let p = c
        .send_streaming(
            TestRequest::post()
                .uri("/account")
                .insert_header(("content-type", "application/x-www-form-urlencoded")),
            Some(body_stream(prefix, 4 * MIB, read.clone())),
        )
        .await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        read.get() <= 256 * KIB + 16 * KIB,
        "{} bytes were read",
        read.get()
    );
    assert_eq!(display_name(&app, "chiara@example.org"), "Chiara Romano");
}

#[actix_web::test]
async fn a_multipart_body_over_the_route_limit_is_refused_without_being_read() {
    let (app, id) = commons_world();
    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    c.get(&format!("/commons/{id}")).await;
    let token = c.csrf.clone().unwrap();
    let path = format!("/commons/{id}/photos");

    // 65 MiB announced, the token first as the page's form sends it.
    let mut prefix = part("csrf_token", token.as_bytes());
    prefix.extend(part("alt_text", b"Huge"));
    prefix.extend(file_part_head("photo", "huge.jpg"));
    let read = Rc::new(Cell::new(0));
    let total = 65 * MIB;
    let p = c
        .send_streaming(
            multipart_request(&path).insert_header(("content-length", total.to_string())),
            Some(body_stream(
                prefix.clone(),
                total - prefix.len(),
                read.clone(),
            )),
        )
        .await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(read.get() <= 64 * KIB, "{} bytes were read", read.get());
    assert!(p.body.contains("10 MB"), "{}", p.body);

    // The same without a length: reading stops just past the route's limit.
    let read = Rc::new(Cell::new(0));
    let p = c
        .send_streaming(
            multipart_request(&path),
            Some(body_stream(prefix.clone(), 30 * MIB, read.clone())),
        )
        .await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        read.get() <= 10 * MIB + 128 * KIB,
        "{} bytes were read",
        read.get()
    );

    // A file just over the limit with an honest length: refused, and says the limit.
    let mut body = part("csrf_token", token.as_bytes());
    body.extend(file_part("photo", "big.png", &vec![0u8; 10 * MIB + 1]));
    body.extend(closing());
    let p = c.send(multipart_request(&path).set_payload(body)).await;
    assert_eq!(p.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(p.body.contains("10 MB"), "{}", p.body);
    assert_eq!(app.count("commons_photos"), 0);

    // Without a valid token, no more than a small prefix is read before refusing.
    let read = Rc::new(Cell::new(0));
    let mut prefix = file_part_head("photo", "huge.jpg");
    prefix.extend_from_slice(b"no token before the file");
    let p = c
        .send_streaming(
            multipart_request(&path).insert_header(("content-length", (8 * MIB).to_string())),
            Some(body_stream(
                prefix.clone(),
                8 * MIB - prefix.len(),
                read.clone(),
            )),
        )
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(
        read.get() <= 64 * KIB + 16 * KIB,
        "{} bytes were read",
        read.get()
    );
    assert_eq!(app.count("commons_photos"), 0);

    // An honest upload still works, with the token read from the body.
    let mut body = part("csrf_token", token.as_bytes());
    body.extend(part("alt_text", b"Neighbours at the raised beds"));
    body.extend(file_part("photo", "beds.png", &png()));
    body.extend(closing());
    let p = c.send(multipart_request(&path).set_payload(body)).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(app.count("commons_photos"), 1);
}

// ---- Item 3: multipart has a number of fields and files; fields are text ----------

#[actix_web::test]
async fn multipart_floods_and_malformed_fields_are_refused() {
    let (app, id) = commons_world();
    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    c.get(&format!("/commons/{id}")).await;
    let token = c.csrf.clone().unwrap();
    let path = format!("/commons/{id}/photos");
    let with_token = |rest: Vec<u8>| {
        let mut body = part("csrf_token", token.as_bytes());
        body.extend(rest);
        body.extend(closing());
        body
    };

    // A flood of small fields.
    let mut flood = Vec::new();
    for i in 0..5000 {
        flood.extend(part(&format!("f{i}"), b"x"));
    }
    flood.extend(file_part("photo", "beds.png", &png()));
    let p = c
        .send(multipart_request(&path).set_payload(with_token(flood)))
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(
        p.body.contains(&t("error-form-too-many-fields")),
        "{}",
        p.body
    );

    // Two files where one is expected.
    let mut two = file_part("photo", "a.png", &png());
    two.extend(file_part("other", "b.png", &png()));
    let p = c
        .send(multipart_request(&path).set_payload(with_token(two)))
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(
        p.body.contains(&t("error-form-too-many-files")),
        "{}",
        p.body
    );

    // A text field that is not UTF-8 is refused, not converted.
    let mut bad = part("alt_text", b"Beds \xff\xfe in bloom");
    bad.extend(file_part("photo", "beds.png", &png()));
    let p = c
        .send(multipart_request(&path).set_payload(with_token(bad)))
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(p.body.contains(&t("error-form-invalid-text")), "{}", p.body);

    // A repeated text field.
    let mut twice = part("alt_text", b"one");
    twice.extend(part("alt_text", b"two"));
    twice.extend(file_part("photo", "beds.png", &png()));
    let p = c
        .send(multipart_request(&path).set_payload(with_token(twice)))
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(
        p.body.contains(&t("error-form-repeated-field")),
        "{}",
        p.body
    );

    // A form sent as something else than multipart.
    let p = c
        .send(
            TestRequest::post()
                .uri(&path)
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(format!("csrf_token={}&alt_text=x", token)),
        )
        .await;
    assert_eq!(p.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(p.body.contains("multipart/form-data"), "{}", p.body);
    assert_eq!(app.count("commons_photos"), 0);
}

// ---- Item 21: malformed forms are refused, not repaired --------------------------

#[actix_web::test]
async fn malformed_forms_are_refused_and_nothing_is_written() {
    let (app, _) = commons_world();
    let mut c = client!(app);
    c.get("/register").await;
    let token = c.csrf.clone().unwrap();
    let users = app.count("users");

    // Percent-encoded invalid UTF-8 in the name.
    let pw = "a+long+and+unusual+test+phrase";
    let body = format!(
        "email=nina%40example.org&name=Nina%FF%FE&password={pw}&password_confirm={pw}&csrf_token={token}"
    );
    let p = c.send(form_request("/register", body)).await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(p.body.contains(&t("error-form-invalid-text")), "{}", p.body);
    // Raw invalid bytes.
    let mut raw = format!(
        "email=nina%40example.org&password={pw}&password_confirm={pw}&csrf_token={token}&name=Nina"
    )
    .into_bytes();
    raw.extend_from_slice(b"\xff\xfe");
    let p = c.send(form_request("/register", raw)).await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.count("users"), users);

    // The account form: nothing changes.
    c.sign_in("chiara@example.org").await;
    c.get("/account").await;
    let token = c.csrf.clone().unwrap();
    let body = format!("name=Chiara%FF%FE&language=en&csrf_token={token}");
    let p = c.send(form_request("/account", body)).await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert_eq!(display_name(&app, "chiara@example.org"), "Chiara Romano");

    // A repeated field is refused, on every kind of form handler.
    let body = format!("name=Alba&name=Bruna&language=en&csrf_token={token}");
    let p = c.send(form_request("/account", body)).await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(
        p.body.contains(&t("error-form-repeated-field")),
        "{}",
        p.body
    );
    assert_eq!(display_name(&app, "chiara@example.org"), "Chiara Romano");

    let commons = app.count("commons");
    let proposal = |name2: Option<&'static str>| {
        let mut f = vec![
            ("name", "Orto di via Libia"),
            (
                "description",
                "A courtyard with raised beds, opened to the neighbourhood every afternoon.",
            ),
            ("kind", "tangible"),
            ("category", "green_area"),
            // Declared multi-valued: a checkbox group.
            ("provisioning", "food"),
            ("provisioning", "care"),
            ("lat", "44.50"),
            ("lng", "11.35"),
            ("address", "Via Libia, 3"),
            ("owner", "city"),
            (
                "why",
                "Neighbours grow vegetables here together and share the harvest.",
            ),
        ];
        if let Some(n) = name2 {
            f.push(("name", n));
        }
        f
    };
    let p = c
        .post("/commons/new", &proposal(Some("Orto segreto")))
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(
        p.body.contains(&t("error-form-repeated-field")),
        "{}",
        p.body
    );
    assert_eq!(app.count("commons"), commons);
    let p = c.post("/commons/new", &proposal(None)).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(app.count("commons"), commons + 1);

    // The 415 page says which content type applies.
    let p = c
        .send(
            TestRequest::post()
                .uri("/account")
                .insert_header(("content-type", "application/json"))
                .insert_header(("x-csrf-token", token.as_str()))
                .set_payload(r#"{"name":"Json"}"#),
        )
        .await;
    assert_eq!(p.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        p.body.contains("application/x-www-form-urlencoded"),
        "{}",
        p.body
    );
    assert_eq!(display_name(&app, "chiara@example.org"), "Chiara Romano");
}

// ---- Item 6: HEAD ---------------------------------------------------------------

fn filled(path: &str) -> String {
    // Path parameters filled with objects of the demo city (or any value).
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').map(|e| start + e).unwrap();
        let name = &rest[start + 1..end];
        out.push_str(match name {
            "path:.*" if path.starts_with("/static") => "app.css",
            "path:.*" => "0/000",
            "name" => "0000000000000000000000000000000000000000000000000000000000000000.png",
            "file" => "1.txt",
            "token" => "no-such-invitation",
            "index" => "0",
            _ => "1",
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[actix_web::test]
async fn every_get_route_answers_head_as_it_answers_get() {
    let app = TestApp::new();
    {
        let mut conn = app.state.db.get().unwrap();
        assert!(pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
    }
    let mut anon = client!(app);
    let mut admin = client!(app);
    let p = admin
        .post(
            "/signin",
            &[
                ("email", pactum::demo::ADMIN_EMAIL),
                ("password", pactum::demo::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);

    let mut ok = 0;
    for r in ROUTES.iter().filter(|r| r.method == "GET") {
        let path = filled(r.path);
        for c in [&mut anon, &mut admin] {
            let get = c.get(&path).await;
            let head = c
                .send(
                    TestRequest::default()
                        .method(actix_web::http::Method::HEAD)
                        .uri(&path),
                )
                .await;
            assert_eq!(head.status, get.status, "HEAD {path}");
            assert_eq!(
                head.headers.get("content-type"),
                get.headers.get("content-type"),
                "HEAD {path}"
            );
            if get.status == StatusCode::OK {
                ok += 1;
            }
        }
    }
    assert!(ok >= 50, "only {ok} GET answers were 200");

    // On the wire, HEAD / is 200 with the page's headers and no body.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let state = app.state.clone();
    let server = actix_web::HttpServer::new(move || pactum::build_app(state.clone()))
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let raw = actix_web::web::block(move || {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        s.write_all(b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        out
    })
    .await
    .unwrap();
    handle.stop(true).await;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html"),
        "{head}"
    );
    assert!(body.is_empty(), "HEAD / sent a body: {body}");
}

// ---- Item 12: private files ---------------------------------------------------------

fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[actix_web::test]
async fn the_data_directory_and_its_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // An existing data directory left readable by everyone is tightened at start.
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut config = pactum::config::Config::from_map(&Default::default()).unwrap();
    config.data_dir = data.clone();
    config.database_url = None;
    config.hash_cost = pactum::config::HashCost::Fast;

    let db = pactum::cli::open_database(&config).unwrap();
    {
        let mut conn = db.get().unwrap();
        pactum::mail::enqueue(
            &mut conn,
            &pactum::mail::Email {
                to: "nina@example.org".into(),
                subject: "Reset your password".into(),
                text: "http://127.0.0.1:8080/password/reset?token=secret".into(),
                html: "<p>reset</p>".into(),
            },
        )
        .unwrap();
    }
    pactum::config::load_or_create_secret(&data).unwrap();
    pactum::ledger::checkpoint::load_or_create_key(&data, None, "x.example/ledger").unwrap();
    let transport =
        pactum::mail::Transport::new(None, config.outbox_dir(), &config.mail_from).unwrap();
    {
        let mut conn = db.get().unwrap();
        pactum::mail::deliver_due(&mut conn, &transport, 10).unwrap();
    }
    let hash =
        pactum::web::uploads::store(&data, pactum::web::uploads::ImageType::Png, &png()).unwrap();
    let stored =
        pactum::web::uploads::stored_path(&data, &hash, pactum::web::uploads::ImageType::Png)
            .unwrap();

    assert_eq!(mode(&data), 0o700, "the data directory");
    let db_file = data.join("pactum.db");
    assert_eq!(mode(&db_file), 0o600, "the database");
    for side in ["pactum.db-wal", "pactum.db-shm"] {
        let p = data.join(side);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{side}");
        }
    }
    assert_eq!(mode(&data.join("secret.key")), 0o600);
    assert_eq!(mode(&data.join("ledger.key")), 0o600);
    assert_eq!(mode(&config.outbox_dir()), 0o700, "the outbox");
    let emls: Vec<_> = std::fs::read_dir(config.outbox_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(emls.len(), 1);
    assert_eq!(mode(&emls[0]), 0o600, "an e-mail in the outbox");
    assert_eq!(mode(&stored), 0o600, "an uploaded file");
    assert_eq!(mode(stored.parent().unwrap()), 0o700);
    assert_eq!(mode(&data.join("files")), 0o700);

    // A fresh data directory (and its parents) is created private too.
    let fresh = dir.path().join("new").join("data");
    config.data_dir = fresh.clone();
    drop(db);
    let _db = pactum::cli::open_database(&config).unwrap();
    assert_eq!(mode(&fresh), 0o700);
    assert_eq!(mode(&fresh.join("pactum.db")), 0o600);
}

// ---- Item 17: the Origin check ----------------------------------------------------

#[actix_web::test]
async fn the_origin_is_the_base_url_unless_proxy_headers_are_trusted() {
    let app = TestApp::new();
    let mut c = client!(app);
    c.get("/").await;
    let token = c.csrf.clone().unwrap();
    let post = |origin: &str, extra: Option<(&'static str, &'static str)>| {
        let mut req = form_request("/language", format!("lang=it&csrf_token={token}"))
            .insert_header(("origin", origin.to_string()));
        if let Some(h) = extra {
            req = req.insert_header(h);
        }
        req
    };
    let x_forwarded = Some(("x-forwarded-host", "evil.example"));
    let forwarded = Some(("forwarded", "host=evil.example;proto=http"));

    // Not trusted (the default): only the base URL's origin.
    assert_eq!(
        c.send(post("http://127.0.0.1:8080", None)).await.status,
        StatusCode::SEE_OTHER
    );
    for h in [x_forwarded, forwarded] {
        let p = c.send(post("http://evil.example", h)).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{h:?}");
    }
    // The Host header alone does not make an origin either.
    let p = c
        .send(post("http://evil.example", Some(("host", "evil.example"))))
        .await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);

    // Trusted: the origin the proxy forwarded is this site's too.
    let mut config = (*app.state.config).clone();
    config.trust_proxy_headers = true;
    let mut state = app.state.clone();
    state.ports.config = Arc::new(config);
    let mut c =
        crate::support::Client::new(actix_web::test::init_service(pactum::build_app(state)).await);
    c.get("/").await;
    let token = c.csrf.clone().unwrap();
    let post = |origin: &str, extra: Option<(&'static str, &'static str)>| {
        let mut req = form_request("/language", format!("lang=it&csrf_token={token}"))
            .insert_header(("origin", origin.to_string()));
        if let Some(h) = extra {
            req = req.insert_header(h);
        }
        req
    };
    for h in [x_forwarded, forwarded] {
        let p = c.send(post("http://evil.example", h)).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{h:?}");
    }
    assert_eq!(
        c.send(post("http://127.0.0.1:8080", None)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.send(post("http://elsewhere.example", None)).await.status,
        StatusCode::FORBIDDEN
    );
}
