//! The busiest pages load in a bounded number of statements: the count is the same
//! whether the city has a handful of rows or many, so a query per row cannot come back.
//! Counted with the pool's statement counter (`Db::statements_sent`), which sees every
//! round trip, transactions and liveness checks included.

use crate::support::in_tx;
use pactum::accounts::Role;
use pactum::commons::model::{CommonsInput, NewCommons};
use pactum::commons::service::{Decision, decide_unchecked, insert_unchecked};

use pactum::pacts::procedure::PactState;

use crate::builders::{CommonsBuilder, GroupBuilder, OfficeBuilder, PactBuilder, UserBuilder};
use crate::client;
use crate::support::TestApp;

/// Adds `n` recognised commons proposed by `proposer`.
fn recognised_commons(app: &TestApp, proposer: i64, official: i64, n: usize) {
    let mut conn = app.state.db.get().expect("conn");
    for i in 0..n {
        let input = CommonsInput {
            name: format!("Orto condiviso {i}"),
            description: "A shared vegetable garden kept by the neighbours.".into(),
            kind: "tangible".into(),
            category: "green_area".into(),
            provisioning: vec!["food".into()],
            lat: format!("44.4{}", i % 10),
            lng: "11.33".into(),
            owner: "city".into(),
            why: "Neighbours care for it together.".into(),
            ..CommonsInput::default()
        };
        let id = in_tx(&mut conn, |cx| {
            insert_unchecked(cx, proposer, &NewCommons::validate(&input).unwrap())
        })
        .unwrap();
        in_tx(&mut conn, |cx| {
            decide_unchecked(cx, official, id, Decision::Recognise, "")
        })
        .unwrap()
        .unwrap();
    }
}

#[actix_web::test]
async fn the_commons_list_costs_the_same_for_two_commons_or_twenty() {
    let app = TestApp::new();
    let chiara = app.user("chiara@example.org", "Chiara Romano", &[]);
    let marco = app.user("marco@example.org", "Marco Bianchi", &[Role::Official]);
    let mut c = client!(app);
    let mut cost = Vec::new();
    for n in [2, 18] {
        recognised_commons(&app, chiara, marco, n);
        // Once to warm the pool (a new connection runs its set-up statements).
        assert_eq!(c.get("/commons").await.status.as_u16(), 200);
        let before = app.statements_sent();
        let page = c.get("/commons").await;
        assert_eq!(page.status.as_u16(), 200);
        cost.push(app.statements_sent() - before);
    }
    eprintln!("commons list statements: {cost:?}");
    assert!(cost[0] > 0, "the counter sees the page's queries");
    assert_eq!(
        cost[0], cost[1],
        "statements for 2 and 20 commons: {cost:?}"
    );
}

/// Ghent's table (`/commons/sectors`, by sector and by category, and its CSV and JSON)
/// is grouped counts: the same statements for 2 commons in 1 district as for 20 in 6.
#[actix_web::test]
async fn the_sector_table_costs_the_same_for_two_commons_or_twenty() {
    use crate::builders::DistrictBuilder;
    let app = TestApp::new();
    let chiara = app.user("chiara@example.org", "Chiara Romano", &[]);
    let marco = app.user("marco@example.org", "Marco Bianchi", &[Role::Official]);
    let mut c = client!(app);
    let paths = [
        "/commons/sectors",
        "/commons/sectors?by=category",
        "/commons/sectors.csv",
        "/commons/sectors.json?level=1",
    ];
    let mut cost: Vec<Vec<u64>> = vec![Vec::new(); paths.len()];
    for (n, districts) in [(2, 1), (18, 5)] {
        for d in 0..districts {
            let slug = format!("d{n}-{d}");
            let w = 11.0 + f64::from(d) * 0.01 + f64::from(u8::try_from(n).unwrap()) * 0.1;
            DistrictBuilder::new(&slug, &slug)
                .bounds(w, 44.0, w + 0.005, 44.1)
                .build(&app);
        }
        recognised_commons(&app, chiara, marco, n);
        for (i, path) in paths.iter().enumerate() {
            assert_eq!(c.get(path).await.status.as_u16(), 200, "{path}");
            let before = app.statements_sent();
            assert_eq!(c.get(path).await.status.as_u16(), 200, "{path}");
            cost[i].push(app.statements_sent() - before);
        }
    }
    eprintln!("sector table statements: {cost:?}");
    for (i, path) in paths.iter().enumerate() {
        assert!(cost[i][0] > 0, "{path}: the counter sees the queries");
        assert_eq!(cost[i][0], cost[i][1], "{path}: {:?}", cost[i]);
    }
}

/// The people and places of a city with pacts: a proposer with a group, officials of
/// several offices (the first, Green areas, receives proposals), a signatory, and
/// citizens who observe and join.
struct City {
    app: TestApp,
    chiara: i64,
    /// Further offices, each with an official of its own.
    reviewing: Vec<i64>,
    members: Vec<i64>,
    citizens: Vec<i64>,
    commons: Vec<i64>,
    group: i64,
}

fn city(people: usize) -> City {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let chiara = UserBuilder::new("chiara")
        .named("Chiara Romano")
        .build(&app);
    let marco = UserBuilder::new("marco")
        .named("Marco Bianchi")
        .official_in(green)
        .build(&app);
    UserBuilder::new("elena")
        .named("Elena Russo")
        .official_in(green)
        .role(Role::Signatory)
        .build(&app);
    let members: Vec<i64> = (0..people)
        .map(|i| UserBuilder::new(&format!("m{i}")).build(&app))
        .collect();
    let citizens: Vec<i64> = (0..people)
        .map(|i| UserBuilder::new(&format!("c{i}")).build(&app))
        .collect();
    let reviewing: Vec<i64> = (0..people)
        .map(|i| {
            let office = OfficeBuilder::new(&format!("Office {i}")).build(&app);
            UserBuilder::new(&format!("r{i}"))
                .official_in(office)
                .build(&app);
            office
        })
        .collect();
    let group = members
        .iter()
        .fold(
            GroupBuilder::new("Amici della Lunetta", chiara).described("Neighbours."),
            |g, m| g.member(*m),
        )
        .build(&app);
    let commons = (0..people)
        .map(|i| {
            CommonsBuilder::new(&app)
                .named(&format!("Giardino {i}"))
                .described("A park the neighbours want to care for.")
                .proposed_by(chiara)
                .recognised_by(marco)
                .build()
        })
        .collect();
    City {
        app,
        chiara,
        reviewing,
        members,
        citizens,
        commons,
        group,
    }
}

/// A pact of the group, with every member as a co-signer, walked to `signed` with as
/// many observations, opinions, versions, meetings, signatures, files, reports and
/// adherents as the city has people. It covers one commons: whether the reader may see
/// each commons is the commons area's question, asked per commons (at most
/// `service::MAX_COMMONS` of them).
fn busy_pact(c: &City) -> i64 {
    let n = c.citizens.len();
    let mut pact = PactBuilder::new(&c.app)
        .proposed_by(c.chiara)
        .for_group(c.group)
        .on(c.commons[0])
        .revisions(n)
        .meetings(n)
        .files(n)
        .reports(n)
        .until(PactState::Signed);
    for m in &c.members {
        pact = pact.cosigner(*m);
    }
    for (i, citizen) in c.citizens.iter().enumerate() {
        pact = pact
            .observation(*citizen, &format!("Observation {i}"))
            .adherent(*citizen);
    }
    for office in &c.reviewing {
        pact = pact.asks_opinion_of(*office);
    }
    pact.build()
}

/// Statements of one GET of `path` by `client`, after a first GET warmed the pool.
macro_rules! cost_of {
    ($app:expr, $client:expr, $path:expr) => {{
        assert_eq!($client.get($path).await.status.as_u16(), 200, "{}", $path);
        let before = $app.statements_sent();
        let page = $client.get($path).await;
        assert_eq!(page.status.as_u16(), 200, "{}", $path);
        $app.statements_sent() - before
    }};
}

#[actix_web::test]
async fn the_pact_page_costs_the_same_for_a_small_pact_or_a_busy_one() {
    let mut cost = Vec::new();
    for people in [1, 5] {
        let c = city(people);
        let id = busy_pact(&c);
        let url = format!("/pacts/{id}");
        let mut anonymous = client!(c.app);
        let mut official = client!(c.app);
        official.sign_in("marco@example.org").await;
        let page = official.get(&url).await;
        assert_eq!(
            page.texts("#observations .observations > li").len(),
            people,
            "the page shows the observations"
        );
        cost.push((
            cost_of!(c.app, anonymous, &url),
            cost_of!(c.app, official, &url),
        ));
    }
    eprintln!("pact page statements (anonymous, official), small then busy: {cost:?}");
    assert!(cost[0].0 > 0 && cost[0].1 > 0);
    assert_eq!(cost[0], cost[1], "small and busy pact: {cost:?}");
}

/// Submits `n` more pacts of Chiara's over the first commons, every other one for the
/// group.
fn submitted_pacts(c: &City, n: usize) {
    for i in 0..n {
        let mut pact = PactBuilder::new(&c.app)
            .proposed_by(c.chiara)
            .on(c.commons[0])
            .titled(&format!("Pact {i}"))
            .until(PactState::Submitted);
        if i % 2 == 0 {
            pact = pact.for_group(c.group);
        }
        pact.build();
    }
}

#[actix_web::test]
async fn the_pact_lists_cost_the_same_for_two_pacts_or_twenty() {
    let c = city(1);
    let mut anonymous = client!(c.app);
    let mut official = client!(c.app);
    official.sign_in("marco@example.org").await;
    let mut cost = Vec::new();
    for n in [2, 18] {
        submitted_pacts(&c, n);
        cost.push((
            cost_of!(c.app, anonymous, "/pacts"),
            cost_of!(c.app, official, "/official/pacts"),
        ));
    }
    eprintln!("pact list and queue statements, 2 then 20 pacts: {cost:?}");
    assert_eq!(
        official
            .get("/official/pacts")
            .await
            .texts("tbody tr")
            .len(),
        20,
        "the queue lists them all"
    );
    assert_eq!(cost[0], cost[1], "2 and 20 pacts: {cost:?}");
}

// ---------------------------------------------------------------------------------
// restr-b: the commons page, the map data, search, the home page, the admin users list
// and the officials' desk, each for a little and a lot of data, anonymous and signed in.
// ---------------------------------------------------------------------------------

/// Statements one GET costs, after one warm-up request (a new pooled connection runs
/// its set-up statements once).
macro_rules! cost {
    ($app:expr, $client:expr, $path:expr) => {{
        let path: &str = $path;
        assert_eq!($client.get(path).await.status.as_u16(), 200, "{path}");
        let before = $app.statements_sent();
        let page = $client.get(path).await;
        assert_eq!(page.status.as_u16(), 200, "{path}");
        $app.statements_sent() - before
    }};
}

/// Asserts each viewer's costs are equal for the little and the big case.
fn same_costs(what: &str, viewers: &[&str], small: &[u64], big: &[u64]) {
    eprintln!("{what} statements: small {small:?}, big {big:?} for {viewers:?}");
    // (The home page costs an anonymous visitor nothing; signed in, the session.)
    assert!(small.iter().any(|n| *n > 0), "the counter sees {what}");
    assert_eq!(small, big, "{what}: statements per viewer {viewers:?}");
}

#[actix_web::test]
async fn a_commons_page_costs_the_same_with_one_photo_or_twelve_and_a_long_history() {
    let app = TestApp::new();
    let chiara = UserBuilder::new("chiara").build(&app);
    let mario = UserBuilder::new("mario").build(&app);
    let green = crate::builders::OfficeBuilder::new("Green areas")
        .coordinating()
        .build(&app);
    let marco = UserBuilder::new("marco").official_in(green).build(&app);
    UserBuilder::new("elena")
        .official()
        .role(pactum::accounts::Role::Signatory)
        .build(&app);
    let group = GroupBuilder::new("Amici dell'orto", chiara)
        .member(mario)
        .build(&app);
    let quiet = CommonsBuilder::new(&app)
        .named("Orto piccolo")
        .proposed_by(chiara)
        .for_group(group)
        .recognised_by(marco)
        .with_photos(1)
        .build_async()
        .await;
    let busy = CommonsBuilder::new(&app)
        .named("Orto grande")
        .proposed_by(chiara)
        .for_group(group)
        .recognised_by(marco)
        .dormant_by(marco, "Nobody came over the winter.")
        .revived_by(marco)
        .dormant_by(marco, "Closed again for works.")
        .revived_by(marco)
        .with_photos(12)
        .build_async()
        .await;
    // Its stewardship: edits, and pacts in force with reports and adherents.
    for i in 0..3 {
        let mut conn = app.state.db.get().unwrap();
        let c = pactum::commons::service::load(&mut conn, busy).unwrap();
        let mut fields = c.fields();
        fields.address = format!("Via dell'Orto, {i}");
        in_tx(&mut conn, |cx| {
            pactum::commons::service::edit_unchecked(
                cx,
                crate::builders::who(&app, marco),
                busy,
                pactum::commons::service::Edit {
                    fields,
                    reason: "The number was wrong.".into(),
                    seen: pactum::commons::service::version_of(c.updated_at),
                },
            )
        })
        .unwrap()
        .unwrap();
    }
    for _ in 0..2 {
        crate::builders::PactBuilder::new(&app)
            .proposed_by(chiara)
            .on(busy)
            .adherent(mario)
            .reports(3)
            .until(pactum::pacts::procedure::PactState::Signed)
            .build();
    }
    let mut anon = client!(app);
    let mut member = client!(app);
    member.sign_in("mario@example.org").await;
    let mut official = client!(app);
    official.sign_in("marco@example.org").await;
    let viewers = ["anonymous", "group member", "official"];
    let mut costs = Vec::new();
    for id in [quiet, busy] {
        let path = format!("/commons/{id}");
        costs.push(vec![
            cost!(app, anon, &path),
            cost!(app, member, &path),
            cost!(app, official, &path),
        ]);
    }
    same_costs("commons page", &viewers, &costs[0], &costs[1]);
}

#[actix_web::test]
async fn the_map_data_search_and_home_page_cost_the_same_for_two_commons_or_twenty() {
    let app = TestApp::new();
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official().build(&app);
    let mut anon = client!(app);
    let mut signed_in = client!(app);
    signed_in.sign_in("chiara@example.org").await;
    let viewers = ["anonymous", "signed in"];
    let pages = ["/commons.geojson", "/commons/map", "/search?q=orto", "/"];
    let mut costs: Vec<Vec<Vec<u64>>> = Vec::new();
    for n in [2, 18] {
        recognised_commons(&app, chiara, marco, n);
        {
            let mut conn = app.state.db.get().unwrap();
            let r =
                pactum::commons::search_sync::sync_due(&mut conn, app.state.search.as_ref(), 1000)
                    .unwrap();
            assert_eq!(r.failed, 0);
        }
        let mut round = Vec::new();
        for path in pages {
            round.push(vec![cost!(app, anon, path), cost!(app, signed_in, path)]);
        }
        costs.push(round);
    }
    let hits = anon.get("/search?q=orto").await;
    assert!(
        hits.body.contains("condiviso 17"),
        "search sees the later commons"
    );
    for (k, path) in pages.iter().enumerate() {
        same_costs(path, &viewers, &costs[0][k], &costs[1][k]);
    }
}

#[actix_web::test]
async fn the_admin_users_list_and_the_officials_desk_cost_the_same_for_few_people_or_many() {
    let app = TestApp::new();
    UserBuilder::new("ada").admin().build(&app);
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    UserBuilder::new("marco").official_in(green).build(&app);
    let mut admin = client!(app);
    admin.sign_in("ada@example.org").await;
    let mut official = client!(app);
    official.sign_in("marco@example.org").await;
    let mut costs = Vec::new();
    for round in 0..2 {
        if round == 1 {
            for i in 0..16 {
                let office = if i % 2 == 0 { green } else { heritage };
                UserBuilder::new(&format!("person{i}"))
                    .official_in(office)
                    .build(&app);
                UserBuilder::new(&format!("citizen{i}")).build(&app);
            }
        }
        costs.push(vec![
            cost!(app, admin, "/admin/users"),
            cost!(app, admin, "/admin/offices"),
            cost!(app, official, "/official"),
        ]);
    }
    same_costs(
        "admin users, admin offices, officials' desk",
        &["admin", "admin", "official"],
        &costs[0],
        &costs[1],
    );
}

#[actix_web::test]
async fn the_commons_review_queue_costs_the_same_for_two_proposals_or_twenty() {
    let app = TestApp::new();
    UserBuilder::new("marco").official().build(&app);
    let mut official = client!(app);
    official.sign_in("marco@example.org").await;
    let mut costs = Vec::new();
    for (round, n) in [(0, 2), (1, 18)] {
        for i in 0..n {
            // Each proposal by someone else, half of them for a group.
            let who = UserBuilder::new(&format!("p{round}x{i}")).build(&app);
            let mut b = CommonsBuilder::new(&app)
                .named(&format!("Proposta {round}-{i}"))
                .proposed_by(who);
            if i % 2 == 0 {
                b = b.for_group(GroupBuilder::new(&format!("Gruppo {round}-{i}"), who).build(&app));
            }
            b.build();
        }
        costs.push(vec![cost!(app, official, "/official/commons")]);
    }
    same_costs("review queue", &["official"], &costs[0], &costs[1]);
}

#[actix_web::test]
async fn the_assemblies_pages_cost_the_same_for_a_small_body_or_a_big_one() {
    use crate::builders::{BodyBuilder, GroupBuilder, UserBuilder};
    let mut cost = Vec::new();
    for n in [1_usize, 12] {
        let app = TestApp::new();
        let fabio = UserBuilder::new("fabio").build(&app);
        let mut assembly = BodyBuilder::assembly("Assemblea")
            .facilitator(fabio)
            .member(fabio);
        let mut chamber = BodyBuilder::chamber("Camera", &["informal_group"]).facilitator(fabio);
        let mut people = Vec::new();
        for i in 0..n {
            let u = UserBuilder::new(&format!("person{i}")).build(&app);
            people.push(u);
            assembly = assembly.member(u);
            let g = GroupBuilder::new(&format!("Group {i}"), u).build(&app);
            chamber = chamber.member_group(g, u);
            BodyBuilder::assembly(&format!("Other {i}"))
                .member(u)
                .build(&app);
        }
        let a = assembly.build(&app);
        let c = chamber.build(&app);
        let meeting = {
            use pactum::assemblies::model::meeting::{MeetingInput, NewMeeting};
            let mut conn = app.state.db.get().unwrap();
            let body = pactum::assemblies::store::by_slug(&mut conn, &a).unwrap();
            let agenda = (0..n).map(|i| format!("Item {i}\n")).collect::<String>();
            let m = NewMeeting::validate(&MeetingInput {
                title: "Meeting".into(),
                starts_at: "2030-04-01T18:00".into(),
                ends_at: "2030-04-01T20:00".into(),
                place: "Library".into(),
                agenda,
                ..MeetingInput::default()
            })
            .unwrap();
            let now = pactum::util::now();
            in_tx(&mut conn, |cx| {
                pactum::assemblies::service::meetings::plan_in(cx, body.id, fabio, m, now)
            })
            .unwrap_or_else(|_| panic!("meeting"))
        };
        // A motion tabled by fabio; he comments n times below. n amendments by n
        // members, the first accepted (a second version of the text; added by amend).
        let motion = {
            use pactum::assemblies::model::amendment::AmendmentState;
            use pactum::assemblies::model::motion::NewMotion;
            use pactum::assemblies::service::{amendments, motions};
            let mut conn = app.state.db.get().unwrap();
            let who = |id| pactum::kit::actor::Who {
                id,
                roles: vec![Role::Citizen],
                verified: true,
            };
            let now = pactum::util::now();
            let m = NewMotion::validate("Benches", "More benches.", "").unwrap();
            let motion = in_tx(&mut conn, |cx| {
                motions::table_in(cx, &who(fabio), &a, &m, now)
            })
            .unwrap();
            let ids: Vec<i64> = people
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let text = format!("More benches, {i} of them.");
                    in_tx(&mut conn, |cx| {
                        amendments::propose_in(cx, &who(*p), &a, motion, &text, "", now)
                    })
                    .unwrap_or_else(|_| panic!("amendment"))
                })
                .collect();
            let accepted = AmendmentState::Accepted;
            in_tx(&mut conn, |cx| {
                amendments::decide_in(cx, &who(fabio), &a, ids[0], accepted, now)
            })
            .unwrap();
            motion
        };
        let mut anon = client!(app);
        let mut f = client!(app);
        f.sign_in("fabio@example.org").await;
        for i in 0..n {
            let body = format!("Comment {i}");
            let path = format!("/assemblies/{a}/motions/{motion}/comments");
            let p = f
                .post(&path, &[("body", body.as_str()), ("tag", "for")])
                .await;
            assert_eq!(p.status.as_u16(), 303);
        }
        cost.push([
            cost_of!(app, anon, "/assemblies"),
            cost_of!(app, anon, &format!("/assemblies/{a}")),
            cost_of!(app, f, &format!("/assemblies/{a}")),
            cost_of!(app, f, &format!("/assemblies/{a}/members")),
            cost_of!(app, anon, &format!("/assemblies/{c}/members")),
            cost_of!(app, f, &format!("/assemblies/{c}")),
            cost_of!(app, f, &format!("/assemblies/{a}/meetings/{meeting}")),
            cost_of!(app, anon, &format!("/assemblies/{a}/calendar.ics")),
            cost_of!(app, f, &format!("/assemblies/{a}/motions/{motion}")),
            cost_of!(app, anon, &format!("/assemblies/{a}/moderation")),
        ]);
    }
    eprintln!(
        "assemblies statements (list, page anon/facilitator, members, chamber members, chamber page, meeting, feed): {cost:?}"
    );
    assert_eq!(
        cost[0], cost[1],
        "statements for a small body and a big one"
    );
    assert!(cost[1].iter().all(|c| *c <= 24), "{cost:?}");
}

// --- added by odata ---

/// The assemblies' open data (JSON and CSV of bodies, meetings, motions and votes)
/// costs the same for a body with one of each as for one with a dozen, each with a
/// dozen agenda items, supporters, options and ballots.
#[actix_web::test]
async fn the_assemblies_open_data_costs_the_same_for_a_small_body_or_a_big_one() {
    use crate::builders::{BodyBuilder, GroupBuilder, UserBuilder};
    use pactum::assemblies::model::meeting::{MeetingInput, NewMeeting};
    use pactum::assemblies::model::motion::NewMotion;
    use pactum::assemblies::model::vote::{Ballot, VoteInput, VoteSettings};
    use pactum::assemblies::service::{meetings, motions, votes};
    let mut cost = Vec::new();
    for n in [1_usize, 12] {
        let app = TestApp::new();
        let who = |id| pactum::kit::actor::Who {
            id,
            roles: vec![Role::Citizen],
            verified: true,
        };
        let fabio = UserBuilder::new("fabio").build(&app);
        let people: Vec<i64> = (0..n)
            .map(|i| UserBuilder::new(&format!("person{i}")).build(&app))
            .collect();
        let mut assembly = BodyBuilder::assembly("Assemblea")
            .motion_threshold(1000)
            .facilitator(fabio);
        let mut chamber = BodyBuilder::chamber("Camera", &["informal_group"]).facilitator(fabio);
        for (i, p) in people.iter().enumerate() {
            assembly = assembly.member(*p);
            let g = GroupBuilder::new(&format!("Group {i}"), *p).build(&app);
            chamber = chamber.member_group(g, *p);
        }
        let a = assembly.build(&app);
        let c = chamber.build(&app);
        let mut conn = app.state.db.get().unwrap();
        let now = pactum::util::now();
        let body = pactum::assemblies::store::by_slug(&mut conn, &a).unwrap();
        for i in 0..n {
            let m = NewMeeting::validate(&MeetingInput {
                title: format!("Meeting {i}"),
                starts_at: "2020-04-01T18:00".into(),
                ends_at: "2020-04-01T20:00".into(),
                place: "Library".into(),
                agenda: (0..n).map(|j| format!("Item {j}\n")).collect(),
                ..MeetingInput::default()
            })
            .unwrap();
            let id = in_tx(&mut conn, |cx| {
                meetings::plan_in(cx, body.id, fabio, m, now)
            })
            .unwrap_or_else(|_| panic!("meeting"));
            in_tx(&mut conn, |cx| {
                meetings::minutes_in(cx, id, "Minutes.", now)
            })
            .unwrap();
        }
        let at = |h: i64| {
            (now + chrono::Duration::hours(h))
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        let options: String = (0..n.max(2)).map(|j| format!("Option {j}\n")).collect();
        let mut vote_ids = Vec::new();
        for (i, p) in people.iter().enumerate() {
            let m = NewMotion::validate(&format!("Motion {i}"), "Text.", "").unwrap();
            let id = in_tx(&mut conn, |cx| motions::table_in(cx, &who(*p), &a, &m, now)).unwrap();
            // Everyone but the author supports it.
            for q in people.iter().filter(|q| *q != p) {
                in_tx(&mut conn, |cx| {
                    motions::support_in(cx, &who(*q), &a, id, now)
                })
                .unwrap();
            }
            let m = NewMotion::validate(&format!("Chamber motion {i}"), "Text.", "").unwrap();
            in_tx(&mut conn, |cx| motions::table_in(cx, &who(*p), &c, &m, now)).unwrap();
            let s = VoteSettings::validate(&VoteInput {
                question: format!("Question {i}"),
                method: "schulze".into(),
                options: options.clone(),
                secrecy: "secret".into(),
                opens_at: at(-1),
                closes_at: at(24),
                ..VoteInput::default()
            })
            .unwrap_or_else(|e| panic!("{:?}", e.fields()));
            let v = in_tx(&mut conn, |cx| {
                votes::open_in(cx, &who(fabio), &a, &s, None, now)
            })
            .unwrap_or_else(|_| panic!("vote"));
            for q in &people {
                let b = Ballot::Ranked(vec![1, 0]);
                in_tx(&mut conn, |cx| {
                    votes::cast_in(cx, &who(*q), &a, v, None, &b, None, now)
                })
                .unwrap();
            }
            in_tx(&mut conn, |cx| votes::close_in(cx, v, now)).unwrap();
            vote_ids.push(v);
        }
        drop(conn);
        let last = vote_ids.last().copied().unwrap_or_default();
        let mut anon = client!(app);
        cost.push([
            cost_of!(app, anon, "/assemblies.csv"),
            cost_of!(app, anon, "/api/v1/assemblies"),
            cost_of!(app, anon, &format!("/api/v1/assemblies/{a}")),
            cost_of!(app, anon, &format!("/assemblies/{a}/meetings.csv")),
            cost_of!(app, anon, &format!("/api/v1/assemblies/{a}/meetings")),
            cost_of!(app, anon, &format!("/assemblies/{a}/motions.csv")),
            cost_of!(app, anon, &format!("/api/v1/assemblies/{a}/motions")),
            cost_of!(app, anon, &format!("/api/v1/assemblies/{c}/motions")),
            cost_of!(app, anon, &format!("/assemblies/{a}/votes.csv")),
            cost_of!(app, anon, &format!("/api/v1/assemblies/{a}/votes")),
            cost_of!(app, anon, &format!("/api/v1/assemblies/{a}/votes/{last}")),
        ]);
    }
    eprintln!("assemblies open data statements: {cost:?}");
    assert_eq!(
        cost[0], cost[1],
        "statements for a small body and a big one"
    );
    assert!(cost[1].iter().all(|c| *c <= 10), "{cost:?}");
}

// --- added by recs ---

#[actix_web::test]
async fn recommendations_the_queue_and_an_endorsed_pact_cost_the_same_for_one_or_many() {
    use crate::builders::{BodyBuilder, closed_vote};
    use pactum::assemblies::model::motion::NewMotion;
    use pactum::assemblies::service::{motions, recommendations};
    use pactum::voting::api::Choice;
    let mut costs = Vec::new();
    for n in [1_usize, 8] {
        let app = TestApp::new();
        let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
        let roads = OfficeBuilder::new("Roads").build(&app);
        UserBuilder::new("rita").official_in(roads).build(&app);
        let marco = UserBuilder::new("marco").official_in(green).build(&app);
        let chiara = UserBuilder::new("chiara").build(&app);
        let fabio = UserBuilder::new("fabio").build(&app);
        let anna = UserBuilder::new("anna").build(&app);
        let commons = CommonsBuilder::new(&app)
            .proposed_by(chiara)
            .recognised_by(marco)
            .build();
        let pact = PactBuilder::new(&app)
            .proposed_by(chiara)
            .on(commons)
            .handled_by(marco)
            .until(PactState::Published)
            .build();
        let mut first = 0;
        let mut bodies = Vec::new();
        for i in 0..n {
            let slug = BodyBuilder::assembly(&format!("Assembly {i}"))
                .facilitator(fabio)
                .member(anna)
                .build(&app);
            let who = |id| pactum::kit::actor::Who {
                id,
                roles: vec![Role::Citizen],
                verified: true,
            };
            let now = pactum::util::now();
            for j in 0..n {
                let m = {
                    let mut conn = app.state.db.get().unwrap();
                    let text = NewMotion::validate(&format!("Motion {j}"), "Text.", "").unwrap();
                    in_tx(&mut conn, |cx| {
                        motions::table_in(cx, &who(anna), &slug, &text, now)
                    })
                    .unwrap()
                };
                let v = closed_vote(&app, &slug, fabio, &[anna], Some(m), Choice::Yes);
                let mut conn = app.state.db.get().unwrap();
                let letters = recommendations::Letters {
                    base_url: String::new(),
                    city: "Testville".into(),
                };
                let id = in_tx(&mut conn, |cx| {
                    recommendations::send_in(
                        cx,
                        &letters,
                        &who(fabio),
                        &slug,
                        &m.to_string(),
                        &roads.to_string(),
                        now,
                    )
                })
                .unwrap_or_else(|_| panic!("send"));
                if j == 0 {
                    in_tx(&mut conn, |cx| {
                        recommendations::endorse_in(
                            cx,
                            &who(fabio),
                            &slug,
                            &pact.to_string(),
                            &v.to_string(),
                            now,
                        )
                    })
                    .unwrap_or_else(|_| panic!("endorse"));
                }
                if i == 0 && j == 0 {
                    first = id;
                }
            }
            bodies.push(slug);
        }
        let mut anon = client!(app);
        let mut rita = client!(app);
        rita.sign_in("rita@example.org").await;
        let mut f = client!(app);
        f.sign_in("fabio@example.org").await;
        let a = &bodies[0];
        let queue = rita.get("/official/pacts").await;
        assert_eq!(queue.texts("#recommendations tbody tr").len(), n * n);
        let page = anon.get(&format!("/pacts/{pact}")).await;
        assert_eq!(page.texts("ul.endorsements li").len(), n);
        costs.push(vec![
            cost!(app, rita, "/official/pacts"),
            cost!(app, anon, &format!("/pacts/{pact}")),
            cost!(app, anon, &format!("/assemblies/{a}/recommendations")),
            cost!(app, f, &format!("/assemblies/{a}/recommendations")),
            cost!(
                app,
                anon,
                &format!("/assemblies/{a}/recommendations/{first}")
            ),
            cost!(
                app,
                rita,
                &format!("/assemblies/{a}/recommendations/{first}")
            ),
        ]);
    }
    same_costs(
        "queue, endorsed pact, recommendations list and page",
        &[
            "queue (official)",
            "pact (anonymous)",
            "list (anonymous)",
            "list (facilitator)",
            "page (anonymous)",
            "page (official)",
        ],
        &costs[0],
        &costs[1],
    );
}

#[actix_web::test]
async fn the_token_pages_cost_the_same_for_one_claim_or_many() {
    use pactum::tokens::model::claim::ClaimInput;
    use pactum::tokens::service::{claims, reviews, wallet};
    let c = crate::token_book::city().await;
    let app = &c.app;
    let key = pactum::util::random_token;
    let mut made = 0;
    let mut add = |n: usize| {
        let ports = c.ports().clone();
        let (anna, bruno, victor) = (c.anna.clone(), c.bruno.clone(), c.victor.clone());
        let first = made;
        made += n;
        async move {
            for i in first..first + n {
                let form = |who: &str, asset: String| claims::ClaimForm {
                    input: ClaimInput {
                        methodology: "PV01@1".into(),
                        asset,
                        starts_on: "2025-01-01".into(),
                        ends_on: "2025-12-31".into(),
                    },
                    group: String::new(),
                    activity: vec![
                        ("pv_kwp".into(), "1".into()),
                        (
                            "yield_kwh_per_kwp".into(),
                            if who == "a" { "1300" } else { "100" }.into(),
                        ),
                    ],
                    idempotency_key: key(),
                };
                let mine =
                    claims::submit(&ports, &anna, "decarb", form("a", format!("A-{i}")), vec![])
                        .await
                        .unwrap();
                let review = reviews::ReviewForm {
                    decision: "approve".into(),
                    reason: String::new(),
                    idempotency_key: key(),
                };
                reviews::review(&ports, &victor, mine.id, review)
                    .await
                    .unwrap();
                // Bruno's claims wait in the verifiers' queue.
                claims::submit(
                    &ports,
                    &bruno,
                    "decarb",
                    form("b", format!("B-{i}")),
                    vec![],
                )
                .await
                .unwrap();
                let spend = wallet::SpendForm {
                    point: "swimming-pool-entry".into(),
                    quantity: "1".into(),
                    group: String::new(),
                    idempotency_key: key(),
                };
                wallet::spend(&ports, &anna, "decarb", spend).await.unwrap();
            }
        }
    };
    let mut anna = client!(app);
    anna.sign_in("anna@example.org").await;
    let mut vera = client!(app);
    vera.sign_in("vera@example.org").await;
    let mut cost: Vec<Vec<u64>> = Vec::new();
    for n in [1, 6] {
        add(n).await;
        let mut row = Vec::new();
        for (verifier, path) in [
            (false, "/tokens/decarb"),
            (false, "/tokens/decarb/wallet"),
            (false, "/tokens/claims/1"),
            (true, "/tokens/decarb/queue"),
            (false, "/tokens/decarb/issuances.csv"),
            (false, "/tokens/decarb/retirements.json"),
            (false, "/api/v1/tokens/decarb?size=1000"),
        ] {
            let client = if verifier { &mut vera } else { &mut anna };
            assert_eq!(client.get(path).await.status.as_u16(), 200, "{path}");
            let before = app.statements_sent();
            let page = client.get(path).await;
            assert_eq!(page.status.as_u16(), 200, "{path}");
            row.push(app.statements_sent() - before);
        }
        cost.push(row);
    }
    eprintln!("token pages statements: {cost:?}");
    assert_eq!(cost[0], cost[1], "1 and 7 claims: {cost:?}");
    assert!(cost[1].iter().all(|n| *n <= 30), "{cost:?}");
}

/// Gives every commons of the registry a Dutch name and every district a Dutch name.
fn translate_everything(app: &TestApp) {
    use pactum::kit::translations::{Subject, Translation};
    let mut conn = app.state.db.get().expect("conn");
    let ids: Vec<i64> = {
        use diesel::prelude::*;
        use pactum::db::schema::commons;
        commons::table.select(commons::id).load(&mut conn).unwrap()
    };
    for id in ids {
        let t = Translation {
            lang: "nl",
            title: format!("Moestuin {id}"),
            summary: None,
            description: Some("Een gedeelde moestuin.".into()),
        };
        // Twice is once: saving again replaces.
        pactum::db::translations::save(
            &mut conn,
            Subject::Commons,
            id,
            &t,
            None,
            pactum::util::now(),
        )
        .unwrap();
    }
}

/// The list with every row translated costs the same for two commons or twenty: the
/// translations of the whole page (and of its districts) come in one query. The list
/// costs one statement more than before translations existed (that query), a fixed
/// amount whatever the number of rows.
#[actix_web::test]
async fn the_commons_list_in_another_language_costs_the_same_for_two_or_twenty() {
    use actix_web::test::TestRequest;
    let app = TestApp::new();
    let chiara = app.user("chiara@example.org", "Chiara Romano", &[]);
    let marco = app.user("marco@example.org", "Marco Bianchi", &[Role::Official]);
    let mut c = client!(app);
    let dutch = || {
        TestRequest::get()
            .uri("/commons")
            .insert_header(("accept-language", "nl"))
    };
    let mut cost = Vec::new();
    for n in [2, 18] {
        recognised_commons(&app, chiara, marco, n);
        translate_everything(&app);
        let warm = c.send(dutch()).await;
        assert_eq!(warm.status.as_u16(), 200);
        assert_eq!(
            warm.texts(".commons-item h3")
                .iter()
                .filter(|t| t.starts_with("Moestuin"))
                .count(),
            if n == 2 { 2 } else { 20 },
            "every row in Dutch"
        );
        let before = app.statements_sent();
        assert_eq!(c.send(dutch()).await.status.as_u16(), 200);
        cost.push(app.statements_sent() - before);
    }
    eprintln!("translated commons list statements: {cost:?}");
    assert_eq!(
        cost[0], cost[1],
        "statements for 2 and 20 translated commons: {cost:?}"
    );
}
