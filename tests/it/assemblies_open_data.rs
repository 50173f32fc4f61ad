//! The open data of assemblies and chambers: bodies, meetings, motions and votes as
//! JSON and CSV (headings and labels in the reader's language, codes alongside), paged
//! by id with the other read APIs' limits, 404 for an unknown body, and nothing about
//! members or voters beyond what the public pages show.

use crate::support::in_tx;
use actix_web::test::TestRequest;
use pactum::assemblies::model::meeting::{MeetingInput, NewMeeting};
use pactum::assemblies::model::motion::NewMotion;
use pactum::assemblies::model::vote::{Ballot, VoteInput, VoteSettings};
use pactum::assemblies::service::{meetings, motions, votes};
use pactum::kit::actor::Who;
use pactum::kit::roles::Role;
use pactum::voting::api::Choice;
use serde_json::Value;

use crate::builders::{BodyBuilder, GroupBuilder, UserBuilder};
use crate::client;
use crate::support::{Page, TestApp};

fn who(id: i64) -> Who {
    Who {
        id,
        roles: vec![Role::Citizen],
        verified: true,
    }
}

/// An assembly with a held meeting (agenda, attendance, minutes), a planned one, a
/// motion that went to a secret vote now closed, and an open ranked vote; a chamber
/// where an organisation tabled a motion.
pub struct World {
    pub app: TestApp,
    pub asm: String,
    pub chamber: String,
    pub held: i64,
    pub planned: i64,
    pub motion: i64,
    pub chamber_motion: i64,
    pub closed: i64,
    pub open: i64,
    /// The trackers the closed vote's voters got.
    pub trackers: Vec<String>,
    /// Member names no export may show (only the tabler's is public).
    pub private_names: Vec<String>,
}

pub fn world() -> World {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio")
        .named("Fabio Facilitatore")
        .build(&app);
    let ada = UserBuilder::new("ada").named("Ada Proponente").build(&app);
    let bruno = UserBuilder::new("bruno")
        .named("Bruno Silenzioso")
        .build(&app);
    let carla = UserBuilder::new("carla")
        .named("Carla Riservata")
        .build(&app);
    let asm = BodyBuilder::assembly("Assemblea del Navile")
        .motion_threshold(2)
        .facilitator(fabio)
        .member(ada)
        .member(bruno)
        .member(carla)
        .build(&app);
    let referent = UserBuilder::new("rita").named("Rita Referente").build(&app);
    let group = GroupBuilder::new("Orti Uniti", referent).build(&app);
    let chamber = BodyBuilder::chamber("Camera del Navile", &["informal_group"])
        .facilitator(fabio)
        .member_group(group, referent)
        .build(&app);

    let mut conn = app.state.db.get().unwrap();
    let now = pactum::util::now();
    let body = pactum::assemblies::store::by_slug(&mut conn, &asm).unwrap();
    let meeting = |title: &str, starts: &str, ends: &str, agenda: &str, online: &str| {
        NewMeeting::validate(&MeetingInput {
            title: title.into(),
            starts_at: starts.into(),
            ends_at: ends.into(),
            place: "Biblioteca Lame".into(),
            online_url: online.into(),
            agenda: agenda.into(),
        })
        .unwrap_or_else(|e| panic!("{:?}", e.fields()))
    };
    let mut conn2 = app.state.db.get().unwrap();
    let held = meetings::plan_in(
        &mut conn2,
        body.id,
        fabio,
        meeting(
            "=Spring meeting",
            "2020-04-01T18:00",
            "2020-04-01T20:00",
            "Benches\nTrees",
            "",
        ),
        now,
    )
    .unwrap_or_else(|_| panic!("meeting"));
    let planned = meetings::plan_in(
        &mut conn2,
        body.id,
        fabio,
        meeting(
            "Autumn meeting",
            "2040-10-01T18:00",
            "2040-10-01T20:00",
            "",
            "https://meet.example/navile",
        ),
        now,
    )
    .unwrap_or_else(|_| panic!("meeting"));
    in_tx(&mut conn, |cx| {
        meetings::minutes_in(cx, held, "We met.", now)
    })
    .unwrap();
    for u in [ada, bruno] {
        let m = pactum::assemblies::store::current_of(&mut conn, body.id, Some(u), None)
            .unwrap()
            .unwrap();
        app.execute(&format!(
            "INSERT INTO meeting_attendance (meeting_id, member_id, recorded_by, recorded_at) \
             VALUES ({held}, {}, {fabio}, '2020-04-01 20:00:00')",
            m.id
        ));
    }

    let m = NewMotion::validate("More benches", "The assembly asks for benches.", "").unwrap();
    let motion = in_tx(&mut conn, |cx| {
        motions::table_in(cx, &who(ada), &asm, &m, now)
    })
    .unwrap();
    in_tx(&mut conn, |cx| {
        motions::support_in(cx, &who(bruno), &asm, motion, now)
    })
    .unwrap();
    assert!(
        in_tx(&mut conn, |cx| motions::support_in(
            cx,
            &who(carla),
            &asm,
            motion,
            now
        ))
        .unwrap()
    );
    let m = NewMotion::validate("Shared tools", "A tool library.", "").unwrap();
    let chamber_motion = in_tx(&mut conn, |cx| {
        motions::table_in(cx, &who(referent), &chamber, &m, now)
    })
    .unwrap();

    let at = |h: i64| {
        (now + chrono::Duration::hours(h))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let settings = |method: &str, secrecy: &str, options: &str| {
        VoteSettings::validate(&VoteInput {
            question: "More benches?".into(),
            method: method.into(),
            options: options.into(),
            secrecy: secrecy.into(),
            opens_at: at(-1),
            closes_at: at(24),
            ..VoteInput::default()
        })
        .unwrap_or_else(|e| panic!("{:?}", e.fields()))
    };
    let s = settings("yes_no_abstain", "secret", "");
    let closed = in_tx(&mut conn, |cx| {
        votes::open_in(cx, &who(fabio), &asm, &s, Some(motion), now)
    })
    .unwrap_or_else(|_| panic!("vote"));
    let mut trackers = Vec::new();
    for (u, c) in [
        (ada, Choice::Yes),
        (bruno, Choice::Yes),
        (carla, Choice::No),
    ] {
        let r = in_tx(&mut conn, |cx| {
            votes::cast_in(
                cx,
                &who(u),
                &asm,
                closed,
                None,
                &Ballot::YesNo(c),
                None,
                now,
            )
        })
        .unwrap();
        trackers.push(r.tracker);
    }
    in_tx(&mut conn, |cx| votes::close_in(cx, closed, now)).unwrap();
    let s = settings("schulze", "open", "North park\nSouth park");
    let open = in_tx(&mut conn, |cx| {
        votes::open_in(cx, &who(fabio), &asm, &s, None, now)
    })
    .unwrap_or_else(|_| panic!("vote"));
    in_tx(&mut conn, |cx| {
        votes::cast_in(
            cx,
            &who(bruno),
            &asm,
            open,
            None,
            &Ballot::Ranked(vec![1, 0]),
            None,
            now,
        )
    })
    .unwrap();
    drop((conn, conn2));
    World {
        app,
        asm,
        chamber,
        held,
        planned,
        motion,
        chamber_motion,
        closed,
        open,
        trackers,
        private_names: vec![
            "Fabio Facilitatore".into(),
            "Bruno Silenzioso".into(),
            "Carla Riservata".into(),
            "Rita Referente".into(),
        ],
    }
}

fn json_of(p: &Page) -> Value {
    assert_eq!(p.status.as_u16(), 200, "{}", p.body);
    assert_eq!(
        p.headers.get("content-type").unwrap().to_str().unwrap(),
        "application/json"
    );
    serde_json::from_str(&p.body).unwrap()
}

/// The CSV's lines (without the byte-order mark), checking the file's headers.
fn csv_lines(p: &Page, file: &str) -> Vec<Vec<String>> {
    assert_eq!(p.status.as_u16(), 200, "{}", p.body);
    let h = |n: &str| p.headers.get(n).unwrap().to_str().unwrap().to_string();
    assert_eq!(h("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        h("content-disposition"),
        format!("attachment; filename=\"{file}\"")
    );
    assert_eq!(h("access-control-allow-origin"), "*");
    assert!(h("vary").contains("Accept-Language"));
    assert!(p.body.starts_with('\u{FEFF}'), "a byte-order mark");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(p.body.trim_start_matches('\u{FEFF}').as_bytes());
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column(lines: &[Vec<String>], row: usize, heading: &str) -> String {
    let i = lines[0]
        .iter()
        .position(|h| h == heading)
        .unwrap_or_else(|| panic!("no column {heading} in {:?}", lines[0]));
    lines[row][i].clone()
}

fn assert_private(w: &World, body: &str) {
    for n in &w.private_names {
        assert!(!body.contains(n.as_str()), "{n} published: {body}");
    }
    for t in &w.trackers {
        assert!(!body.contains(t.as_str()), "a tracker published");
    }
    assert!(!body.contains("tracker"), "{body}");
    assert!(!body.contains("voter"), "{body}");
}

#[actix_web::test]
async fn bodies_as_json_and_csv_with_counts_and_no_members() {
    let w = world();
    let mut c = client!(w.app);
    let list = json_of(&c.get("/api/v1/assemblies").await);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(list["next"], Value::Null);
    let a = items.iter().find(|i| i["slug"] == w.asm.as_str()).unwrap();
    assert_eq!(a["kind"], "assembly");
    assert_eq!(a["name"], "Assemblea del Navile");
    assert_eq!(a["joining"], "open");
    assert_eq!(a["members"], 3);
    assert_eq!(a["district"], Value::Null);
    let ch = items
        .iter()
        .find(|i| i["slug"] == w.chamber.as_str())
        .unwrap();
    assert_eq!(ch["kind"], "chamber");
    assert_eq!(ch["admits"], serde_json::json!(["informal_group"]));
    assert_eq!(ch["members"], 1);

    let one = c.get(&format!("/api/v1/assemblies/{}", w.asm)).await;
    let one_json = json_of(&one);
    assert_eq!(one_json["facilitators"], 1);
    assert_eq!(one_json["members"], 3);
    assert_eq!(one_json["charter"], "The charter of Assemblea del Navile.");
    assert!(
        one_json["votes_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/api/v1/assemblies/{}/votes", w.asm))
    );
    assert_private(&w, &one.body);
    assert_private(&w, &list.to_string());

    let csv = c.get("/assemblies.csv").await;
    let lines = csv_lines(&csv, "assemblies.csv");
    assert_eq!(
        lines[0][..5],
        ["id", "address", "name", "kind", "kind code"]
    );
    assert_eq!(lines.len(), 3);
    let row = lines.iter().position(|l| l[1] == w.asm).unwrap();
    assert_eq!(column(&lines, row, "kind"), "Assembly of the Commons");
    assert_eq!(column(&lines, row, "kind code"), "assembly");
    assert_eq!(column(&lines, row, "members"), "3");
    assert!(column(&lines, row, "page").ends_with(&format!("/assemblies/{}", w.asm)));
    assert_private(&w, &csv.body);
}

#[actix_web::test]
async fn meetings_as_json_and_csv() {
    let w = world();
    let mut c = client!(w.app);
    let page = c
        .get(&format!("/api/v1/assemblies/{}/meetings", w.asm))
        .await;
    let v = json_of(&page);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let held = &items[0];
    assert_eq!(held["id"], w.held);
    assert_eq!(held["title"], "=Spring meeting");
    assert_eq!(held["state"], "held");
    assert_eq!(held["starts_at"], "2020-04-01T18:00:00Z");
    assert_eq!(held["place"], "Biblioteca Lame");
    assert_eq!(held["online"], false);
    assert_eq!(held["attendance"], 2);
    assert_eq!(held["minutes_published"], true);
    assert!(
        held["minutes_url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/assemblies/{}/meetings/{}", w.asm, w.held))
    );
    let agenda: Vec<&str> = held["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(agenda, ["Benches", "Trees"]);
    assert_eq!(held["agenda"][0]["kind"], "free");
    let planned = &items[1];
    assert_eq!(planned["id"], w.planned);
    assert_eq!(planned["state"], "planned");
    assert_eq!(planned["online"], true);
    assert_eq!(planned["attendance"], 0);
    assert_eq!(planned["minutes_published"], false);
    assert_eq!(planned["minutes_url"], Value::Null);
    assert_private(&w, &page.body);

    let file = format!("{}-meetings.csv", w.asm);
    let csv = c.get(&format!("/assemblies/{}/meetings.csv", w.asm)).await;
    let lines = csv_lines(&csv, &file);
    assert_eq!(lines.len(), 3);
    // A title typed as a formula is defused.
    assert_eq!(column(&lines, 1, "title"), "'=Spring meeting");
    assert_eq!(column(&lines, 1, "state"), "held");
    assert_eq!(column(&lines, 1, "state code"), "held");
    assert_eq!(column(&lines, 1, "agenda items"), "2");
    assert_eq!(column(&lines, 1, "agenda"), "Benches\nTrees");
    assert_eq!(column(&lines, 1, "present"), "2");
    assert_eq!(column(&lines, 1, "minutes published"), "yes");
    assert_eq!(column(&lines, 2, "minutes published"), "no");
    assert_eq!(column(&lines, 2, "minutes"), "");
    assert_private(&w, &csv.body);
}

#[actix_web::test]
async fn motions_as_json_and_csv_name_the_tabler_as_their_pages_do() {
    let w = world();
    let mut c = client!(w.app);
    let page = c
        .get(&format!("/api/v1/assemblies/{}/motions", w.asm))
        .await;
    let v = json_of(&page);
    let m = &v["items"][0];
    assert_eq!(m["id"], w.motion);
    assert_eq!(m["title"], "More benches");
    assert_eq!(m["state"], "scheduled");
    assert_eq!(m["supporters"], 2);
    assert_eq!(m["tabled_by"], "Ada Proponente");
    assert_eq!(m["votes"], serde_json::json!([w.closed]));
    assert_private(&w, &page.body);
    // The motion's page names the same person.
    let shown = c
        .get(&format!("/assemblies/{}/motions/{}", w.asm, w.motion))
        .await;
    assert!(shown.body.contains("Ada Proponente"));

    // A chamber's motion is the organisation's.
    let page = c
        .get(&format!("/api/v1/assemblies/{}/motions", w.chamber))
        .await;
    let v = json_of(&page);
    assert_eq!(v["items"][0]["id"], w.chamber_motion);
    assert_eq!(v["items"][0]["tabled_by"], "Orti Uniti");
    assert_eq!(v["items"][0]["votes"], serde_json::json!([]));
    assert_private(&w, &page.body);

    let file = format!("{}-motions.csv", w.asm);
    let csv = c.get(&format!("/assemblies/{}/motions.csv", w.asm)).await;
    let lines = csv_lines(&csv, &file);
    assert_eq!(lines.len(), 2);
    assert_eq!(column(&lines, 1, "state"), "going to a vote");
    assert_eq!(column(&lines, 1, "state code"), "scheduled");
    assert_eq!(column(&lines, 1, "supporters"), "2");
    assert_eq!(column(&lines, 1, "tabled by"), "Ada Proponente");
    assert_eq!(column(&lines, 1, "votes"), w.closed.to_string());
}

#[actix_web::test]
async fn a_closed_secret_vote_publishes_its_result_hashes_and_files_and_nothing_per_voter() {
    let w = world();
    let mut c = client!(w.app);
    let path = format!("/api/v1/assemblies/{}/votes/{}", w.asm, w.closed);
    let page = c.get(&path).await;
    let v = json_of(&page);
    assert_eq!(v["id"], w.closed);
    assert_eq!(v["motion_id"], w.motion);
    assert_eq!(v["question"], "More benches?");
    assert_eq!(v["method"], "yes_no_abstain");
    assert_eq!(v["secrecy"], "secret");
    assert_eq!(v["majority"], "simple");
    assert_eq!(v["quorum"], Value::Null);
    assert_eq!(v["seats"], 1);
    assert_eq!(v["electorate"], 3);
    assert_eq!(v["state"], "closed");
    assert_eq!(v["ballots_cast"], 3);
    assert_eq!(v["verdict"], "decided");
    assert_eq!(v["winners"], serde_json::json!(["yes"]));
    // The stored result, as stored: its SHA-256 is the one on the ledger.
    let text = v["result_json"].as_str().unwrap();
    assert_eq!(
        pactum::util::sha256_hex(text.as_bytes()),
        v["report_sha256"].as_str().unwrap()
    );
    assert_eq!(serde_json::from_str::<Value>(text).unwrap(), v["result"]);
    assert!(v["ledger_index"].as_i64().is_some());
    assert_eq!(v["ballots_format"], "csv");
    // The links lead to the published files, whose hashes match.
    let rel = |k: &str| {
        let u = v[k].as_str().unwrap();
        u[u.find("/assemblies/").unwrap()..].to_string()
    };
    let hashes = c.get(&rel("hashes_url")).await;
    assert_eq!(hashes.status.as_u16(), 200);
    assert_eq!(
        pactum::util::sha256_hex(hashes.body.as_bytes()),
        v["ballots_sha256"].as_str().unwrap()
    );
    assert_eq!(c.get(&rel("ballots_url")).await.status.as_u16(), 200);
    assert_private(&w, &page.body);

    // The same vote in the list, and the open one without a result yet.
    let page = c.get(&format!("/api/v1/assemblies/{}/votes", w.asm)).await;
    let list = json_of(&page);
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    // The document states the licence; its items are the vote as it is alone.
    assert_eq!(list["license"]["id"], "CC-BY-4.0");
    let mut alone = v.clone();
    assert_eq!(
        alone.as_object_mut().unwrap().remove("license").unwrap()["id"],
        "CC-BY-4.0"
    );
    assert_eq!(items[0], alone);
    let open = &items[1];
    assert_eq!(open["id"], w.open);
    assert_eq!(open["state"], "open");
    assert_eq!(open["method"], "schulze");
    assert_eq!(open["secrecy"], "open");
    assert_eq!(
        open["options"],
        serde_json::json!(["North park", "South park"])
    );
    assert_eq!(open["ballots_cast"], 1);
    for k in [
        "verdict",
        "winners",
        "result",
        "report_sha256",
        "ballots_url",
    ] {
        assert_eq!(open[k], Value::Null, "{k}");
    }
    assert_private(&w, &page.body);

    let file = format!("{}-votes.csv", w.asm);
    let csv = c.get(&format!("/assemblies/{}/votes.csv", w.asm)).await;
    let lines = csv_lines(&csv, &file);
    assert_eq!(lines.len(), 3);
    assert_eq!(column(&lines, 1, "method"), "Yes / no / abstain");
    assert_eq!(column(&lines, 1, "method code"), "yes_no_abstain");
    assert_eq!(column(&lines, 1, "ballot"), "Secret");
    assert_eq!(column(&lines, 1, "state code"), "closed");
    assert_eq!(column(&lines, 1, "verdict"), "decided");
    assert_eq!(column(&lines, 1, "winners"), "yes");
    assert_eq!(
        column(&lines, 1, "report SHA-256"),
        v["report_sha256"].as_str().unwrap()
    );
    assert!(column(&lines, 1, "ballots").ends_with("/ballots"));
    assert_eq!(column(&lines, 2, "options"), "North park\nSouth park");
    assert_eq!(column(&lines, 2, "verdict"), "");
    assert_eq!(column(&lines, 2, "ballots"), "");
    assert_private(&w, &csv.body);
}

#[actix_web::test]
async fn csv_headings_and_labels_follow_the_readers_language_json_keeps_codes() {
    let w = world();
    let mut c = client!(w.app);
    let get = |path: String, lang: &'static str| {
        TestRequest::get()
            .uri(&path)
            .insert_header(("Accept-Language", lang))
    };
    let csv = c.send(get("/assemblies.csv".into(), "it")).await;
    let lines = csv_lines(&csv, "assemblies.csv");
    assert_eq!(lines[0][..4], ["id", "indirizzo", "nome", "tipo"]);
    let row = lines.iter().position(|l| l[1] == w.asm).unwrap();
    assert_eq!(column(&lines, row, "tipo"), "Assemblea dei Beni Comuni");
    assert_eq!(column(&lines, row, "codice tipo"), "assembly");

    let csv = c
        .send(get(format!("/assemblies/{}/votes.csv", w.asm), "fr"))
        .await;
    let lines = csv_lines(&csv, &format!("{}-votes.csv", w.asm));
    assert_eq!(column(&lines, 1, "code méthode"), "yes_no_abstain");
    assert_eq!(column(&lines, 1, "issue"), "décidé");
    let csv = c
        .send(get(format!("/assemblies/{}/meetings.csv", w.asm), "nl"))
        .await;
    let lines = csv_lines(&csv, &format!("{}-meetings.csv", w.asm));
    assert_eq!(column(&lines, 1, "status"), "gehouden");
    assert_eq!(column(&lines, 1, "notulen gepubliceerd"), "ja");

    let json = c
        .send(get(format!("/api/v1/assemblies/{}/motions", w.asm), "it"))
        .await;
    let v = json_of(&json);
    assert_eq!(v["items"][0]["state"], "scheduled");
}

#[actix_web::test]
async fn an_unknown_body_or_vote_is_not_found() {
    let w = world();
    let mut c = client!(w.app);
    for path in [
        "/assemblies/nowhere/meetings.csv",
        "/assemblies/nowhere/motions.csv",
        "/assemblies/nowhere/votes.csv",
        "/api/v1/assemblies/nowhere",
        "/api/v1/assemblies/nowhere/meetings",
        "/api/v1/assemblies/nowhere/motions",
        "/api/v1/assemblies/nowhere/votes",
    ] {
        assert_eq!(c.get(path).await.status.as_u16(), 404, "{path}");
    }
    let other = format!("/api/v1/assemblies/{}/votes/{}", w.chamber, w.closed);
    assert_eq!(
        c.get(&other).await.status.as_u16(),
        404,
        "another body's vote"
    );
    let none = format!("/api/v1/assemblies/{}/votes/999999", w.asm);
    assert_eq!(c.get(&none).await.status.as_u16(), 404);
}

#[actix_web::test]
async fn lists_page_by_cursor_and_refuse_a_limit_past_the_cap() {
    let w = world();
    let mut c = client!(w.app);
    let base = format!("/api/v1/assemblies/{}/meetings", w.asm);
    let first = json_of(&c.get(&format!("{base}?limit=1")).await);
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    assert_eq!(first["items"][0]["id"], w.held);
    let next = first["next"].as_i64().unwrap();
    let second = json_of(&c.get(&format!("{base}?limit=1&cursor={next}")).await);
    assert_eq!(second["items"][0]["id"], w.planned);
    assert_eq!(second["next"], Value::Null);
    // A page past the last one is empty.
    let past = json_of(&c.get(&format!("{base}?cursor={}", w.planned)).await);
    assert_eq!(past["items"], serde_json::json!([]));
    assert_eq!(past["next"], Value::Null);
    let full = json_of(&c.get(&format!("{base}?limit=100")).await);
    assert_eq!(full["items"].as_array().unwrap().len(), 2);
    for q in [
        "limit=101",
        "limit=1000000000",
        "limit=0",
        "limit=-1",
        "limit=many",
        "cursor=-1",
        "cursor=x",
    ] {
        for path in [
            format!("{base}?{q}"),
            format!("/api/v1/assemblies?{q}"),
            format!("/api/v1/assemblies/{}/votes?{q}", w.asm),
        ] {
            assert_eq!(c.get(&path).await.status.as_u16(), 400, "{path}");
        }
    }
    // CSV files hold up to 1,000 rows; the next page is named in a Link header.
    let csv_base = format!("/assemblies/{}/motions.csv", w.asm);
    assert_eq!(
        c.get(&format!("{csv_base}?limit=1001"))
            .await
            .status
            .as_u16(),
        400
    );
    assert_eq!(
        c.get(&format!("{csv_base}?limit=1000"))
            .await
            .status
            .as_u16(),
        200
    );
    let page = c.get("/assemblies.csv?limit=1").await;
    let lines = csv_lines(&page, "assemblies.csv");
    assert_eq!(lines.len(), 2);
    let link = page.headers.get("link").unwrap().to_str().unwrap();
    assert_eq!(
        link,
        format!(
            "</assemblies.csv?cursor={}&limit=1>; rel=\"next\"",
            lines[1][0]
        )
    );
    let last = c
        .get(&format!("/assemblies.csv?limit=1&cursor={}", lines[1][0]))
        .await;
    assert_eq!(csv_lines(&last, "assemblies.csv").len(), 2);
    // The last page has no next page (the licence's `Link` stays).
    assert!(
        last.headers
            .get_all("link")
            .all(|v| !v.to_str().unwrap().contains("rel=\"next\"")),
        "{:?}",
        last.headers
    );
}

#[actix_web::test]
async fn the_pages_link_to_the_open_data() {
    let w = world();
    let mut c = client!(w.app);
    let index = c.get("/assemblies").await;
    assert!(index.has("a[href='/assemblies.csv']"));
    assert!(index.has("a[href='/api/v1/assemblies']"));
    let body = c.get(&format!("/assemblies/{}", w.asm)).await;
    for href in [
        format!("/api/v1/assemblies/{}", w.asm),
        format!("/assemblies/{}/meetings.csv", w.asm),
        format!("/api/v1/assemblies/{}/meetings", w.asm),
        format!("/assemblies/{}/motions.csv", w.asm),
        format!("/api/v1/assemblies/{}/motions", w.asm),
        format!("/assemblies/{}/votes.csv", w.asm),
        format!("/api/v1/assemblies/{}/votes", w.asm),
    ] {
        assert!(body.has(&format!("a[href='{href}']")), "{href}");
    }
    let vote = c
        .get(&format!("/assemblies/{}/votes/{}", w.asm, w.closed))
        .await;
    let href = format!("/api/v1/assemblies/{}/votes/{}", w.asm, w.closed);
    assert!(vote.has(&format!("a[href='{href}']")));
}

/// A chamber's member organisations are open data (CSV and JSON, paged and capped as
/// the other lists, with the licence), without the people who vote for them; an
/// assembly's members are not public, so their export is refused even to a member.
#[actix_web::test]
async fn a_chambers_member_organisations_are_open_data_an_assemblys_members_are_not() {
    let w = world();
    let mut c = client!(w.app);
    let licence = "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"";
    let page = c
        .get(&format!("/api/v1/assemblies/{}/members", w.chamber))
        .await;
    let v = json_of(&page);
    assert!(page.links().iter().any(|l| l == licence));
    assert_eq!(v["license"]["id"], "CC-BY-4.0");
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{v}");
    assert_eq!(items[0]["kind"], "organisation");
    assert_eq!(items[0]["organisation"], "Orti Uniti");
    assert!(
        items[0]["organisation_url"]
            .as_str()
            .unwrap()
            .starts_with("http"),
        "absolute: {v}"
    );
    assert!(!items[0]["joined_at"].is_null());
    assert_private(&w, &page.body);

    let page = c
        .get(&format!("/assemblies/{}/members.csv", w.chamber))
        .await;
    assert!(page.links().iter().any(|l| l == licence));
    let lines = csv_lines(&page, &format!("{}-members.csv", w.chamber));
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(column(&lines, 1, "organisation"), "Orti Uniti");
    assert_eq!(column(&lines, 1, "member"), "organisation");
    assert_private(&w, &page.body);

    // The same caps as the other lists.
    for (path, status) in [
        (
            format!("/api/v1/assemblies/{}/members?limit=101", w.chamber),
            400,
        ),
        (
            format!("/api/v1/assemblies/{}/members?limit=100", w.chamber),
            200,
        ),
        (
            format!("/assemblies/{}/members.csv?limit=1001", w.chamber),
            400,
        ),
        (
            format!("/assemblies/{}/members.csv?cursor=x", w.chamber),
            400,
        ),
        ("/api/v1/assemblies/nowhere/members".to_string(), 404),
    ] {
        assert_eq!(c.get(&path).await.status.as_u16(), status, "{path}");
    }
    let page = c.get(&format!("/assemblies/{}/members", w.chamber)).await;
    assert!(page.has(&format!("a[href='/assemblies/{}/members.csv']", w.chamber)));

    // An assembly's members: refused signed out, and to a member too (open data is
    // what anyone may see), and not linked from its page.
    for path in [
        format!("/api/v1/assemblies/{}/members", w.asm),
        format!("/assemblies/{}/members.csv", w.asm),
    ] {
        assert_eq!(c.get(&path).await.status.as_u16(), 403, "{path}");
    }
    let mut ada = client!(w.app);
    ada.sign_in("ada@example.org").await;
    let members_page = ada.get(&format!("/assemblies/{}/members", w.asm)).await;
    assert_eq!(members_page.status.as_u16(), 200);
    assert!(!members_page.body.contains("members.csv"));
    let page = ada.get(&format!("/assemblies/{}/members.csv", w.asm)).await;
    assert_eq!(page.status.as_u16(), 403);
    let v = json_of(&c.get(&format!("/api/v1/assemblies/{}", w.chamber)).await);
    assert!(v["members_url"].as_str().unwrap().ends_with("/members"));
    let v = json_of(&c.get(&format!("/api/v1/assemblies/{}", w.asm)).await);
    assert!(v.get("members_url").is_none(), "{v}");
    assert!(v["recommendations_url"].is_string());
}
