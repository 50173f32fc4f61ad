//! Recommendations to the city and pact endorsements: a facilitator sends a motion
//! adopted by a closed vote to an office, once per office; the office's officials, the
//! coordinating office's and administrators answer once (reasons to reject); the queue
//! flags those waiting past the city's days; a body's endorsement shows on the pact's
//! page; the ledger holds ids, codes and hashes, no person and no typed text.

use crate::support::in_tx;
use chrono::Duration;
use pactum::assemblies::model::motion::NewMotion;
use pactum::assemblies::service::motions;
use pactum::assemblies::service::recommendations::{Letters, endorse_in, send_in};
use pactum::kit::actor::Who;
use pactum::kit::roles::Role;
use pactum::pacts::procedure::PactState;
use pactum::voting::api::Choice;
use pactum::web::forms::Refusal;

use crate::builders::{
    BodyBuilder, CommonsBuilder, OfficeBuilder, PactBuilder, UserBuilder, closed_vote,
    open_yes_no_vote,
};
use crate::client;
use crate::support::TestApp;

fn who(id: i64) -> Who {
    Who {
        id,
        roles: vec![Role::Citizen],
        verified: true,
    }
}

fn letters() -> Letters {
    Letters {
        base_url: "http://localhost:8080".into(),
        city: "Testville".into(),
    }
}

/// A city with three offices (green coordinating), an official in each, an
/// administrator, and an assembly run by Fabio with three members.
struct City {
    app: TestApp,
    roads: i64,
    heritage: i64,
    fabio: i64,
    members: Vec<i64>,
    stranger: i64,
    slug: String,
}

fn city() -> City {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let roads = OfficeBuilder::new("Roads").build(&app);
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    UserBuilder::new("rita").official_in(roads).build(&app);
    UserBuilder::new("ugo").official_in(heritage).build(&app);
    UserBuilder::new("gina").official_in(green).build(&app);
    UserBuilder::new("ada").admin().build(&app);
    let fabio = UserBuilder::new("fabio").build(&app);
    let stranger = UserBuilder::new("stella").build(&app);
    let members: Vec<i64> = ["anna", "bruno", "carla"]
        .iter()
        .map(|h| UserBuilder::new(h).build(&app))
        .collect();
    let slug = BodyBuilder::assembly("Assemblea del Navile")
        .facilitator(fabio)
        .members(&members)
        .build(&app);
    City {
        app,
        roads,
        heritage,
        fabio,
        members,
        stranger,
        slug,
    }
}

impl City {
    fn motion(&self, title: &str) -> i64 {
        let mut conn = self.app.state.db.get().unwrap();
        let m = NewMotion::validate(title, "The assembly asks the city for it.", "").unwrap();
        in_tx(&mut conn, |cx| {
            motions::table_in(
                cx,
                &who(self.members[0]),
                &self.slug,
                &m,
                pactum::util::now(),
            )
        })
        .unwrap()
    }

    /// A motion adopted by a closed vote.
    fn adopted(&self, title: &str) -> i64 {
        let m = self.motion(title);
        closed_vote(
            &self.app,
            &self.slug,
            self.fabio,
            &self.members,
            Some(m),
            Choice::Yes,
        );
        m
    }

    fn send(&self, by: i64, motion: i64, office: i64, days_ago: i64) -> Result<i64, Refusal> {
        let mut conn = self.app.state.db.get().unwrap();
        in_tx(&mut conn, |cx| {
            send_in(
                cx,
                &letters(),
                &who(by),
                &self.slug,
                &motion.to_string(),
                &office.to_string(),
                pactum::util::now() - Duration::days(days_ago),
            )
        })
    }
}

fn field(r: Result<i64, Refusal>) -> (&'static str, &'static str) {
    match r {
        Err(Refusal::Form(e)) => {
            let f = e.fields()[0];
            (f, e.get(f))
        }
        Err(Refusal::App(e)) => panic!("an app error, not a field: {e}"),
        Ok(id) => panic!("accepted: {id}"),
    }
}

fn forbidden(r: Result<i64, Refusal>) -> bool {
    matches!(
        r,
        Err(Refusal::App(
            pactum::error::AppError::Forbidden | pactum::error::AppError::ForbiddenBecause(_)
        ))
    )
}

#[test]
fn a_facilitator_sends_an_adopted_motion_once_per_office() {
    let c = city();
    let benches = c.adopted("More benches on the square");
    // Only a facilitator sends: not a member, not a stranger.
    assert!(forbidden(c.send(c.members[0], benches, c.roads, 0)));
    assert!(forbidden(c.send(c.stranger, benches, c.roads, 0)));
    let id = c.send(c.fabio, benches, c.roads, 0).unwrap();
    assert!(id > 0);
    assert_eq!(
        field(c.send(c.fabio, benches, c.roads, 0)),
        ("office", "field-recommendation-already-sent"),
        "once per motion and office"
    );
    c.send(c.fabio, benches, c.heritage, 0)
        .expect("another office may receive it too");
    assert_eq!(c.app.count("recommendations"), 2);
    // The text is kept as sent, with its hash.
    {
        use diesel::prelude::*;
        use pactum::db::schema::recommendations as r;
        let mut conn = c.app.state.db.get().unwrap();
        let (text, hash): (String, String) = r::table
            .find(id)
            .select((r::text, r::text_sha256))
            .first(&mut conn)
            .unwrap();
        assert!(text.starts_with("More benches on the square\n\n"));
        assert_eq!(hash, pactum::util::sha256_hex(text.as_bytes()));
    }

    // A motion the vote rejected, one whose vote is still open, one never voted.
    let rejected = c.motion("A fountain");
    closed_vote(
        &c.app,
        &c.slug,
        c.fabio,
        &c.members,
        Some(rejected),
        Choice::No,
    );
    let not_adopted = ("motion", "field-recommendation-motion-not-adopted");
    assert_eq!(field(c.send(c.fabio, rejected, c.roads, 0)), not_adopted);
    let open = c.motion("A bike lane");
    open_yes_no_vote(&c.app, &c.slug, c.fabio, Some(open));
    assert_eq!(field(c.send(c.fabio, open, c.roads, 0)), not_adopted);
    let never = c.motion("A library");
    assert_eq!(field(c.send(c.fabio, never, c.roads, 0)), not_adopted);
    assert_eq!(
        field(c.send(c.fabio, benches, 999_999, 0)),
        ("office", "field-recommendation-office-invalid")
    );
    assert_eq!(c.app.count("recommendations"), 2);

    // The officials of the office are told by e-mail, with a link to it.
    let mails = c.app.deliver_mail();
    let to_rita: Vec<_> = mails
        .iter()
        .filter(|m| m.to.contains("rita@example.org"))
        .collect();
    assert_eq!(to_rita.len(), 1, "one mail to the roads office's official");
    assert!(to_rita[0].subject.contains("More benches on the square"));
    assert_eq!(
        to_rita[0].link_path(),
        format!("/assemblies/{}/recommendations/{id}", c.slug)
    );
    assert!(!mails.iter().any(|m| m.to.contains("gina@example.org")));
}

#[actix_web::test]
async fn officials_of_the_office_answer_once_and_a_rejection_needs_reasons() {
    let c = city();
    let benches = c.adopted("More benches");
    let to_roads = c.send(c.fabio, benches, c.roads, 0).unwrap();
    let to_heritage = c.send(c.fabio, benches, c.heritage, 0).unwrap();
    let page = format!("/assemblies/{}/recommendations/{to_roads}", c.slug);
    let answer = format!("{page}/answer");

    // Before: public, waiting, with no form for the public.
    let mut anon = client!(c.app);
    let p = anon.get(&page).await;
    assert_eq!(p.status.as_u16(), 200);
    assert!(p.body.contains("Waiting for an answer"));
    assert!(!p.has("form[action$='/answer']"));

    // Another office's official, the facilitator and a member may not answer.
    for email in ["ugo@example.org", "fabio@example.org", "anna@example.org"] {
        let mut u = client!(c.app);
        u.sign_in(email).await;
        assert!(
            !u.get(&page).await.has("form[action$='/answer']"),
            "{email}"
        );
        let r = u.post(&answer, &[("answer", "accepted")]).await;
        assert_eq!(r.status.as_u16(), 403, "{email}");
    }

    let mut rita = client!(c.app);
    rita.sign_in("rita@example.org").await;
    assert!(rita.get(&page).await.has("form[action$='/answer']"));
    // Rejecting needs reasons: the form comes back with its summary.
    let r = rita
        .post(&answer, &[("answer", "rejected"), ("text", "  ")])
        .await;
    assert_eq!(r.status.as_u16(), 422);
    assert!(r.has(".error-summary a[href='#text']"));
    assert!(r.body.contains("Give the reasons for rejecting it."));
    // A pact answer needs an existing public pact.
    let r = rita
        .post(&answer, &[("answer", "pact"), ("pact", "999999")])
        .await;
    assert_eq!(r.status.as_u16(), 422);
    assert!(r.has(".error-summary a[href='#pact']"));
    let r = rita
        .post(
            &answer,
            &[("answer", "rejected"), ("text", "No budget this year.")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303);
    // Public: the answer, its reasons and its date.
    let p = anon.get(&page).await;
    assert!(p.body.contains("Rejected"));
    assert!(p.body.contains("No budget this year."));
    // Shown as the reader's language writes it; ISO for machines.
    let today = pactum::util::now().date();
    let shown = pactum::web::dates::date(pactum::web::i18n::Lang::En, today);
    assert!(p.texts("#answer-given time").contains(&shown));
    assert_eq!(
        p.attr("#answer-given time", "datetime"),
        Some(today.format("%Y-%m-%d").to_string())
    );
    // The motion's page shows where it went and the answer.
    let mp = anon
        .get(&format!("/assemblies/{}/motions/{benches}", c.slug))
        .await;
    assert!(mp.has(&format!("a[href='{page}']")));
    assert!(mp.body.contains("Rejected") && mp.body.contains("Waiting for an answer"));
    // Once: final, for everyone.
    let again = rita.post(&answer, &[("answer", "accepted")]).await;
    assert_eq!(again.status.as_u16(), 409);
    let mut ada = client!(c.app);
    ada.sign_in("ada@example.org").await;
    assert_eq!(
        ada.post(&answer, &[("answer", "accepted")])
            .await
            .status
            .as_u16(),
        409
    );
    {
        use diesel::prelude::*;
        use pactum::db::schema::recommendations as r;
        let mut conn = c.app.state.db.get().unwrap();
        let (a, by): (Option<String>, Option<i64>) = r::table
            .find(to_roads)
            .select((r::answer, r::answered_by))
            .first(&mut conn)
            .unwrap();
        assert_eq!(a.as_deref(), Some("rejected"));
        assert!(by.is_some(), "who answered is recorded");
    }
    // The facilitators are told.
    let mails = c.app.deliver_mail();
    assert!(
        mails
            .iter()
            .any(|m| m.to.contains("fabio@example.org") && m.subject.contains("More benches"))
    );

    // The coordinating office's official answers for any office.
    let mut gina = client!(c.app);
    gina.sign_in("gina@example.org").await;
    let heritage_answer = format!(
        "/assemblies/{}/recommendations/{to_heritage}/answer",
        c.slug
    );
    let r = gina
        .post(
            &heritage_answer,
            &[("answer", "call"), ("text", "A call for benches.")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303);
    // An administrator answers too.
    let fountain = c.adopted("A fountain");
    let third = c.send(c.fabio, fountain, c.heritage, 0).unwrap();
    let r = ada
        .post(
            &format!("/assemblies/{}/recommendations/{third}/answer", c.slug),
            &[("answer", "accepted")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303);
    // The body's list shows every answer.
    let list = anon
        .get(&format!("/assemblies/{}/recommendations", c.slug))
        .await;
    assert_eq!(list.status.as_u16(), 200);
    let body = list.body.clone();
    assert!(
        body.contains("Rejected")
            && body.contains("Turned into a call")
            && body.contains("Accepted")
    );
}

#[actix_web::test]
async fn the_queue_flags_recommendations_unanswered_past_the_citys_days() {
    let c = city();
    let days = c.app.state.config.recommendation_answer_days;
    assert_eq!(days, 60, "the default");
    let old = c.adopted("Old request");
    let new = c.adopted("New request");
    c.send(c.fabio, old, c.roads, days + 1).unwrap();
    c.send(c.fabio, new, c.roads, days - 1).unwrap();
    c.send(c.fabio, new, c.heritage, 0).unwrap();

    let mut rita = client!(c.app);
    rita.sign_in("rita@example.org").await;
    let q = rita.get("/official/pacts").await;
    assert_eq!(q.status.as_u16(), 200);
    let rows = q.texts("#recommendations tbody tr");
    assert_eq!(rows.len(), 2, "her office's two: {rows:?}");
    assert!(
        rows[0].contains("Old request") && rows[0].contains("Overdue"),
        "{rows:?}"
    );
    assert!(
        rows[1].contains("New request") && !rows[1].contains("Overdue"),
        "{rows:?}"
    );

    // Another office sees its own; the coordinating office and administrators all.
    let mut ugo = client!(c.app);
    ugo.sign_in("ugo@example.org").await;
    assert_eq!(
        ugo.get("/official/pacts")
            .await
            .texts("#recommendations tbody tr")
            .len(),
        1
    );
    let mut gina = client!(c.app);
    gina.sign_in("gina@example.org").await;
    assert_eq!(
        gina.get("/official/pacts")
            .await
            .texts("#recommendations tbody tr")
            .len(),
        3
    );

    // Answered, it leaves the queue.
    let p = rita
        .post(
            &format!("/assemblies/{}/recommendations/1/answer", c.slug),
            &[("answer", "accepted")],
        )
        .await;
    assert_eq!(p.status.as_u16(), 303);
    let rows = rita
        .get("/official/pacts")
        .await
        .texts("#recommendations tbody tr");
    assert_eq!(rows.len(), 1);
    assert!(!rows[0].contains("Overdue"));
}

#[actix_web::test]
async fn an_endorsement_with_its_vote_shows_on_the_pact_page() {
    let c = city();
    let green = {
        use diesel::prelude::*;
        use pactum::db::schema::offices;
        let mut conn = c.app.state.db.get().unwrap();
        offices::table
            .filter(offices::coordinating.eq(true))
            .select(offices::id)
            .first::<i64>(&mut conn)
            .unwrap()
    };
    let marco = UserBuilder::new("marco").official_in(green).build(&c.app);
    let chiara = UserBuilder::new("chiara").build(&c.app);
    let commons = CommonsBuilder::new(&c.app)
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    let public = PactBuilder::new(&c.app)
        .proposed_by(chiara)
        .on(commons)
        .handled_by(marco)
        .until(PactState::Published)
        .build();
    let draft = PactBuilder::new(&c.app)
        .proposed_by(chiara)
        .on(commons)
        .until(PactState::Draft)
        .build();
    let yes = closed_vote(&c.app, &c.slug, c.fabio, &c.members, None, Choice::Yes);
    let no = closed_vote(&c.app, &c.slug, c.fabio, &c.members, None, Choice::No);

    let path = format!("/assemblies/{}/endorsements", c.slug);
    let (p, y, n) = (public.to_string(), yes.to_string(), no.to_string());
    let mut anna = client!(c.app);
    anna.sign_in("anna@example.org").await;
    assert_eq!(
        anna.post(&path, &[("pact", &p), ("vote", &y)])
            .await
            .status
            .as_u16(),
        403,
        "a member does not speak for the body"
    );
    let mut fabio = client!(c.app);
    fabio.sign_in("fabio@example.org").await;
    // A vote that did not carry, and a pact that is not public, are refused by field.
    let r = fabio.post(&path, &[("pact", &p), ("vote", &n)]).await;
    assert_eq!(r.status.as_u16(), 422);
    assert!(r.has(".error-summary a[href='#vote']"));
    let r = fabio
        .post(&path, &[("pact", &draft.to_string()), ("vote", &y)])
        .await;
    assert_eq!(r.status.as_u16(), 422);
    assert!(r.has(".error-summary a[href='#pact']"));
    let r = fabio.post(&path, &[("pact", &p), ("vote", &y)]).await;
    assert_eq!(r.status.as_u16(), 303);
    let r = fabio.post(&path, &[("pact", &p), ("vote", &y)]).await;
    assert_eq!(r.status.as_u16(), 422, "once per body and pact");
    assert_eq!(c.app.count("pact_endorsements"), 1);
    // A vote of another body is not this body's to cite.
    {
        let other = BodyBuilder::assembly("Altra")
            .facilitator(c.fabio)
            .member(c.members[0])
            .build(&c.app);
        let v = closed_vote(&c.app, &other, c.fabio, &c.members[..1], None, Choice::Yes);
        let mut conn = c.app.state.db.get().unwrap();
        let r = in_tx(&mut conn, |cx| {
            endorse_in(
                cx,
                &who(c.fabio),
                &c.slug,
                &p,
                &v.to_string(),
                pactum::util::now(),
            )
        });
        assert_eq!(field(r), ("vote", "field-endorsement-vote-invalid"));
    }

    let mut anon = client!(c.app);
    let page = anon.get(&format!("/pacts/{public}")).await;
    assert_eq!(page.status.as_u16(), 200);
    let lines = page.texts("ul.endorsements li");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("Endorsed by")
            && lines[0].contains("Assemblea del Navile")
            && lines[0].contains(&format!("vote {yes}")),
        "{lines:?}"
    );
    assert!(page.has(&format!(
        "ul.endorsements a[href='/assemblies/{}/votes/{yes}']",
        c.slug
    )));
    // A recommendation the city turns into this pact links to it.
    let benches = c.adopted("Benches by the beds");
    let r = c.send(c.fabio, benches, c.roads, 0).unwrap();
    let rec = format!("/assemblies/{}/recommendations/{r}", c.slug);
    let mut rita = client!(c.app);
    rita.sign_in("rita@example.org").await;
    let a = rita
        .post(
            &format!("{rec}/answer"),
            &[("answer", "pact"), ("pact", &p)],
        )
        .await;
    assert_eq!(a.status.as_u16(), 303);
    let shown = anon.get(&rec).await;
    assert!(shown.body.contains("Turned into a pact"));
    assert!(shown.has(&format!("a[href='/pacts/{public}']")));
    // The body's list shows it too.
    let list = anon
        .get(&format!("/assemblies/{}/recommendations", c.slug))
        .await;
    assert!(list.has(&format!("a[href='/pacts/{public}']")));
}

#[test]
fn the_ledger_holds_ids_codes_and_hashes_and_no_person_or_typed_text() {
    use pactum::assemblies::model::recommendation::NewAnswer;
    use pactum::assemblies::service::recommendations::answer_in;
    let c = city();
    let benches = c.adopted("Benches for Mario Rossi");
    let id = c.send(c.fabio, benches, c.roads, 0).unwrap();
    let rita = {
        use diesel::prelude::*;
        use pactum::db::schema::users;
        let mut conn = c.app.state.db.get().unwrap();
        users::table
            .filter(users::email.eq("rita@example.org"))
            .select(users::id)
            .first::<i64>(&mut conn)
            .unwrap()
    };
    let reasons = "Rita Rossi says: no budget, call 3331234567.";
    let a = NewAnswer::validate("rejected", reasons, "").unwrap();
    let mut conn = c.app.state.db.get().unwrap();
    let official = Who {
        id: rita,
        roles: vec![Role::Citizen, Role::Official],
        verified: true,
    };
    in_tx(&mut conn, |cx| {
        answer_in(
            cx,
            &letters(),
            &official,
            &c.slug,
            id,
            &a,
            pactum::util::now(),
        )
    })
    .unwrap_or_else(|_| panic!("answer"));
    let size = pactum::ledger::store::size(&mut conn).unwrap();
    let entries: Vec<_> = (0..size)
        .map(|i| pactum::ledger::store::entry(&mut conn, i).unwrap().unwrap())
        .filter(|e| e.kind.starts_with("recommendation."))
        .collect();
    let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["recommendation.sent", "recommendation.answered"]);
    let pseudonyms: Vec<String> = [c.fabio, rita]
        .iter()
        .map(|u| pactum::accounts::api::pseudonym(&mut conn, *u).unwrap())
        .collect();
    for e in &entries {
        assert_eq!(
            pactum::ledger::kinds::check_body(&e.body),
            Ok(()),
            "{}",
            e.body
        );
        for piece in ["Mario", "Rossi", "Rita", "3331234567", "budget", "Fabio"] {
            assert!(!e.body.contains(piece), "{piece} in {}", e.body);
        }
        for p in &pseudonyms {
            assert!(!e.body.contains(p.as_str()), "a person in {}", e.body);
        }
        assert!(
            e.body.contains(&format!("\"recommendation\":{id}")),
            "{}",
            e.body
        );
        assert!(e.body.contains("\"office\":\"roads\""), "{}", e.body);
    }
    assert!(entries[0].body.contains(&format!("\"motion\":{benches}")));
    assert!(entries[1].body.contains("\"answer\":\"rejected\""));
    assert!(
        entries[1]
            .body
            .contains(&pactum::util::sha256_hex(reasons.as_bytes())),
        "the reasons as their hash: {}",
        entries[1].body
    );
}

/// A body's recommendations are open data as its list shows them (newest first, the
/// list's cap, no paging to ask for), with the answers, absolute links and the
/// licence, and without who sent or answered them.
#[actix_web::test]
async fn the_recommendations_list_is_open_data_without_who_sent_or_answered() {
    let c = city();
    let benches = c.adopted("More benches on the square");
    let first = c.send(c.fabio, benches, c.roads, 2).unwrap();
    let second = c.send(c.fabio, benches, c.heritage, 1).unwrap();
    c.app.execute(&format!(
        "UPDATE recommendations SET answer = 'rejected', \
         answer_text = 'The square is too narrow for more benches.', \
         answered_by = {}, answered_at = sent_at WHERE id = {first}",
        c.fabio
    ));
    let mut public = client!(c.app);
    let licence = "<https://creativecommons.org/licenses/by/4.0/>; rel=\"license\"";
    let base = c.app.base();

    let page = public
        .get(&format!("/api/v1/assemblies/{}/recommendations", c.slug))
        .await;
    assert_eq!(page.status.as_u16(), 200, "{}", page.body);
    assert!(page.links().iter().any(|l| l == licence));
    let v: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(v["license"]["id"], "CC-BY-4.0");
    let items = v["items"].as_array().unwrap();
    let ids: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [second, first], "newest first, as the page");
    assert_eq!(items[0]["office"], "Heritage");
    assert!(items[0]["answer"].is_null());
    assert_eq!(items[1]["answer"], "rejected");
    assert_eq!(
        items[1]["answer_text"],
        "The square is too narrow for more benches."
    );
    assert_eq!(
        items[1]["url"],
        format!("{base}/assemblies/{}/recommendations/{first}", c.slug)
    );
    assert_eq!(
        items[1]["motion_url"],
        format!("{base}/assemblies/{}/motions/{benches}", c.slug)
    );
    assert!(
        !page.body.contains("Fabio"),
        "who sent or answered: {}",
        page.body
    );
    assert!(!page.body.contains("sent_by") && !page.body.contains("answered_by"));

    let page = public
        .get(&format!("/assemblies/{}/recommendations.csv", c.slug))
        .await;
    assert_eq!(page.status.as_u16(), 200);
    assert!(page.links().iter().any(|l| l == licence));
    let mut r =
        csv::ReaderBuilder::new().from_reader(page.body.trim_start_matches('\u{FEFF}').as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let lines: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(lines.len(), 2);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(lines[1][col("answer code")], "rejected");
    assert_eq!(lines[0][col("answer code")], "");
    assert_eq!(lines[1][col("office")], "Roads");
    assert!(lines[1][col("page")].starts_with(&base));
    assert!(!page.body.contains("Fabio"));

    // The page shows every recommendation it has on one page: nothing to page.
    for path in [
        format!("/assemblies/{}/recommendations.csv?cursor=5", c.slug),
        format!("/api/v1/assemblies/{}/recommendations?limit=5", c.slug),
    ] {
        assert_eq!(public.get(&path).await.status.as_u16(), 400, "{path}");
    }
    assert_eq!(
        public
            .get("/api/v1/assemblies/nowhere/recommendations")
            .await
            .status
            .as_u16(),
        404
    );
    let list = public
        .get(&format!("/assemblies/{}/recommendations", c.slug))
        .await;
    assert!(list.has(&format!(
        "a[href='/assemblies/{}/recommendations.csv']",
        c.slug
    )));
    assert!(list.has(&format!(
        "a[href='/api/v1/assemblies/{}/recommendations']",
        c.slug
    )));
}
