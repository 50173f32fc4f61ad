//! Every route in the route table refuses those who may not use it: anonymous people
//! on non-public routes, signed-in people without the role on role routes. New routes
//! are covered automatically.

use crate::support::in_tx;
use actix_web::http::StatusCode;
use pactum::accounts::Role;
use pactum::app::{Access, ROUTES};

use crate::builders::{
    BodyBuilder, CommonsBuilder, DistrictBuilder, GroupBuilder, OfficeBuilder, UserBuilder,
};
use crate::client;
use crate::support::TestApp;

fn sample_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                in_param = true;
                out.push('1');
            }
            '}' => in_param = false,
            c if !in_param => out.push(c),
            _ => {}
        }
    }
    out
}

#[actix_web::test]
async fn every_protected_route_refuses_anonymous_and_unprivileged_users() {
    let app = TestApp::new();
    app.user("citizen@example.org", "Citizen", &[]);
    let protected: Vec<_> = ROUTES
        .iter()
        .filter(|r| r.access != Access::Public)
        .collect();
    assert!(
        protected.len() >= 20,
        "the route table lists the protected routes"
    );

    let mut anon = client!(app);
    anon.get("/").await;
    for r in &protected {
        let path = sample_path(r.path);
        let p = if r.method == "GET" {
            anon.get(&path).await
        } else {
            anon.post(&path, &[]).await
        };
        let refused = (p.status == StatusCode::SEE_OTHER && p.location().starts_with("/signin"))
            || p.status == StatusCode::UNAUTHORIZED;
        assert!(
            refused,
            "{} {} let an anonymous user through: {}",
            r.method, r.path, p.status
        );
    }

    let mut citizen = client!(app);
    citizen.sign_in("citizen@example.org").await;
    for r in protected
        .iter()
        .filter(|r| matches!(r.access, Access::Role(_)))
    {
        let path = sample_path(r.path);
        let p = if r.method == "GET" {
            citizen.get(&path).await
        } else {
            citizen
                .post(&path, &[("role", "official"), ("user", "1"), ("name", "X")])
                .await
        };
        assert_eq!(
            p.status,
            StatusCode::FORBIDDEN,
            "{} {} let a citizen through",
            r.method,
            r.path
        );
        assert!(p.body.contains("<h1>"), "a 403 page, not a crash");
    }
}

#[actix_web::test]
async fn each_role_route_admits_its_role() {
    let app = TestApp::new();
    for role in [Role::Official, Role::Admin] {
        let email = format!("{}@example.org", role.code());
        app.user(&email, role.code(), &[role]);
        let mut c = client!(app);
        c.sign_in(&email).await;
        for r in ROUTES.iter().filter(|r| {
            r.access == Access::Role(role) && r.method == "GET" && !r.path.contains('{')
        }) {
            assert_eq!(
                c.get(r.path).await.status,
                StatusCode::OK,
                "{} for {role}",
                r.path
            );
        }
    }
}

// ---- Per object and per office ------------------------------------------------------
//
// Every route that takes an id, asked by each kind of person about one concrete
// object: its owner, a member of the owning group, a stranger, an official of the
// office assigned to it, an official of another office, an official of no office, an
// administrator (no other role) and an anonymous visitor. The table says the status
// each must get; `LET` means "let through to the form's own checks" (a 2xx, 303, 400,
// 409 or 422: never 403, 404 or a sign-in redirect).

const LET: u16 = 0;
const SIGNIN: u16 = 1;

/// The askers, in the order of the table's columns.
const ASKERS: [&str; 8] = [
    "anonymous",
    "owner",
    "member",
    "stranger",
    "assigned official",
    "other office",
    "no office",
    "admin",
];

struct Case {
    method: &'static str,
    /// The route, as ROUTES spells it.
    route: &'static str,
    path: String,
    form: Vec<(&'static str, String)>,
    multipart: bool,
    expect: [u16; 8],
}

fn case(
    method: &'static str,
    route: &'static str,
    path: String,
    form: &[(&'static str, &str)],
    expect: [u16; 8],
) -> Case {
    Case {
        method,
        route,
        path,
        form: form.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        multipart: false,
        expect,
    }
}

/// Routes whose `{...}` is not the id of an object someone owns.
const NOT_OBJECTS: &[&str] = &["/static/{path:.*}", "/ledger/tile/{path:.*}"];

#[actix_web::test]
async fn every_route_with_an_id_answers_each_person_as_their_standing_allows() {
    use pactum::pacts::procedure::{Intensity, PactType, Transition};
    use pactum::pacts::service::{self, By, Extra, Terms};
    use pactum::pacts::store::{Env, Who};
    use pactum::pacts::text::TextInput;

    let app = TestApp::new();
    let district = DistrictBuilder::new("centro", "Centre").build(&app).id;
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    let owner = UserBuilder::new("owner").named("Olivia Owner").build(&app);
    let member = UserBuilder::new("member").named("Mario Member").build(&app);
    let stranger = UserBuilder::new("stranger")
        .named("Stella Stranger")
        .build(&app);
    let assigned = UserBuilder::new("assigned")
        .named("Aldo Assigned")
        .official_in(green)
        .build(&app);
    UserBuilder::new("other")
        .named("Otto Other")
        .official_in(heritage)
        .build(&app);
    // The assigned official's colleague, who stands in for them while they are away.
    let deputy = UserBuilder::new("deputy")
        .named("Dora Deputy")
        .official_in(green)
        .build(&app);
    UserBuilder::new("none")
        .named("Nina None")
        .official()
        .build(&app);
    UserBuilder::new("admin")
        .named("Ada Admin")
        .admin()
        .build(&app);
    let group = GroupBuilder::new("Amici del parco", owner)
        .described("Neighbours.")
        .member(member)
        .build(&app);
    // A commons the group proposed (not public yet) and one the city recognised.
    let garden = |name: &str| {
        CommonsBuilder::new(&app)
            .named(name)
            .described("A small garden.")
            .at(44.49, 11.33)
            .proposed_by(owner)
    };
    let proposed = garden("Orto del gruppo").for_group(group).build();
    let public = garden("Giardino pubblico").recognised_by(assigned).build();
    let mut conn = app.state.db.get().unwrap();
    // A photo of the group's proposal, uploaded by the member.
    let photo: i64 = {
        use diesel::prelude::*;
        use pactum::db::schema::commons_photos as cp;
        diesel::insert_into(cp::table)
            .values((
                cp::commons_id.eq(proposed),
                cp::file_hash.eq("a".repeat(64)),
                cp::file_type.eq("jpg"),
                cp::byte_size.eq(10_i64),
                cp::alt_text.eq("The beds in May"),
                cp::uploaded_by.eq(Some(member)),
                cp::created_at.eq(pactum::util::now()),
            ))
            .returning(cp::id)
            .get_result(&mut conn)
            .unwrap()
    };
    // The group's pacts: a private draft, and one published for the green office.
    let env = Env {
        base_url: "http://localhost:8080".into(),
        city: "Testville".into(),
        rules: pactum::pacts::store::rules(&app.state.config),
        now: pactum::util::now(),
    };
    let who = |id: i64, roles: &[Role]| Who {
        id,
        roles: roles.to_vec(),
        verified: true,
    };
    let today = env.now.date();
    let text = TextInput {
        title: "Weeding".into(),
        objectives: "Tidy beds.".into(),
        activities: "Weeding.".into(),
        start_date: today.to_string(),
        end_date: (today + chrono::Duration::days(300)).to_string(),
        commitments: "We weed.".into(),
        public_use: "Open.".into(),
        liability: "Insured.".into(),
        reporting_months: "6".into(),
        output_licence: "CC BY-SA 4.0".into(),
        termination: "30 days notice.".into(),
        disputes: "Mediation.".into(),
        ..TextInput::default()
    };
    let terms = Terms {
        kind: Some(PactType::Ordinary),
        intensity: Some(Intensity::OccasionalCare),
        group: Some(group),
        commons: vec![public],
        cosigners: vec![],
        participants: "Neighbours of the garden.".into(),
        ..Terms::default()
    };
    let o = who(owner, &[Role::Citizen]);
    let draft = in_tx(&mut conn, |cx| {
        service::create_in(cx, &env, &o, &terms, text.validate(&env.rules))
    })
    .unwrap();
    let published = in_tx(&mut conn, |cx| {
        service::create_in(cx, &env, &o, &terms, text.validate(&env.rules))
    })
    .unwrap();
    let fire = |conn: &mut pactum::db::AnyConnection, by: &Who, t: Transition, x: &Extra| {
        in_tx(conn, |cx| {
            service::fire_in(cx, &env, By::Person(by), published, t, "", x)
        })
        .unwrap();
    };
    fire(&mut conn, &o, Transition::Submit, &Extra::default());
    let a = who(assigned, &[Role::Citizen, Role::Official]);
    let publish = Extra {
        routing: Some(pactum::pacts::service::Routing {
            lead: Some(green),
            ..Default::default()
        }),
        ..Extra::default()
    };
    fire(&mut conn, &a, Transition::Publish, &publish);
    in_tx(&mut conn, |cx| {
        service::request_opinions_in(cx, &env, &a, published, &[heritage])
    })
    .unwrap();
    let s = who(stranger, &[Role::Citizen]);
    let observation = in_tx(&mut conn, |cx| {
        service::observe_in(cx, &env, &s, published, "Please keep it open.")
    })
    .unwrap();
    drop(conn);
    // An assembly admitting by approval, run by the member, with the owner in it; a
    // chamber where the group is a member.
    let asm = BodyBuilder::assembly("Assemblea del parco")
        .by_approval()
        .facilitator(member)
        .member(owner)
        .build(&app);
    let chamber = BodyBuilder::chamber("Camera del parco", &["informal_group"])
        .facilitator(member)
        .member_group(group, owner)
        .build(&app);

    let mt = {
        use pactum::assemblies::model::meeting::{MeetingInput, NewMeeting};
        let mut conn = app.state.db.get().unwrap();
        let body = pactum::assemblies::store::by_slug(&mut conn, &asm).unwrap();
        let m = NewMeeting::validate(&MeetingInput {
            title: "Spring meeting".into(),
            starts_at: "2030-04-01T18:00".into(),
            ends_at: "2030-04-01T20:00".into(),
            place: "Library".into(),
            ..MeetingInput::default()
        })
        .unwrap();
        let now = pactum::util::now();
        in_tx(&mut conn, |cx| {
            pactum::assemblies::service::meetings::plan_in(cx, body.id, member, m, now)
        })
        .unwrap_or_else(|_| panic!("meeting"))
    };

    let motion = {
        use pactum::assemblies::model::motion::NewMotion;
        let mut conn = app.state.db.get().unwrap();
        let m = NewMotion::validate("More benches", "The assembly asks for benches.", "").unwrap();
        let o = pactum::kit::actor::Who {
            id: owner,
            roles: vec![Role::Citizen],
            verified: true,
        };
        in_tx(&mut conn, |cx| {
            pactum::assemblies::service::motions::table_in(cx, &o, &asm, &m, pactum::util::now())
        })
        .unwrap()
    };

    // --- added by amend ---
    // Three amendments the owner proposes to their own motion: one to accept, one to
    // decline, one to withdraw.
    let amendments: Vec<i64> = {
        let mut conn = app.state.db.get().unwrap();
        let o = pactum::kit::actor::Who {
            id: owner,
            roles: vec![Role::Citizen],
            verified: true,
        };
        (0..3)
            .map(|i| {
                let text = format!("The assembly asks for {i} benches.");
                in_tx(&mut conn, |cx| {
                    pactum::assemblies::service::amendments::propose_in(
                        cx,
                        &o,
                        &asm,
                        motion,
                        &text,
                        "",
                        pactum::util::now(),
                    )
                })
                .unwrap_or_else(|_| panic!("amendment"))
            })
            .collect()
    };

    let vote = {
        use pactum::assemblies::model::vote::{VoteInput, VoteSettings};
        let mut conn = app.state.db.get().unwrap();
        let now = pactum::util::now();
        let at = |h: i64| {
            (now + chrono::Duration::hours(h))
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        let s = VoteSettings::validate(&VoteInput {
            question: "Benches?".into(),
            method: "yes_no_abstain".into(),
            secrecy: "secret".into(),
            opens_at: at(-1),
            closes_at: at(24),
            ..VoteInput::default()
        })
        .unwrap();
        let f = pactum::kit::actor::Who {
            id: member,
            roles: vec![Role::Citizen],
            verified: true,
        };
        in_tx(&mut conn, |cx| {
            pactum::assemblies::service::votes::open_in(cx, &f, &asm, &s, None, now)
        })
        .unwrap_or_else(|_| panic!("vote"))
    };

    // --- added by recs ---
    // A motion the assembly adopted, sent to the green office; a closed, adopted vote
    // on a free question for endorsements.
    let (recommendation, adopted_vote) = {
        use pactum::assemblies::model::motion::NewMotion;
        let o = pactum::kit::actor::Who {
            id: owner,
            roles: vec![Role::Citizen],
            verified: true,
        };
        let now = pactum::util::now();
        let m = {
            let mut conn = app.state.db.get().unwrap();
            let text = NewMotion::validate("A fountain", "The assembly asks for one.", "").unwrap();
            in_tx(&mut conn, |cx| {
                pactum::assemblies::service::motions::table_in(cx, &o, &asm, &text, now)
            })
            .unwrap()
        };
        use pactum::voting::api::Choice;
        crate::builders::closed_vote(&app, &asm, member, &[owner], Some(m), Choice::Yes);
        let v = crate::builders::closed_vote(&app, &asm, member, &[owner], None, Choice::Yes);
        let mut conn = app.state.db.get().unwrap();
        let f = pactum::kit::actor::Who {
            id: member,
            roles: vec![Role::Citizen],
            verified: true,
        };
        let letters = pactum::assemblies::service::recommendations::Letters {
            base_url: "http://localhost:8080".into(),
            city: "Testville".into(),
        };
        let r = in_tx(&mut conn, |cx| {
            pactum::assemblies::service::recommendations::send_in(
                cx,
                &letters,
                &f,
                &asm,
                &m.to_string(),
                &green.to_string(),
                now,
            )
        })
        .unwrap_or_else(|_| panic!("recommendation"));
        (r, v)
    };
    // Tokens: a programme; the owner's own claim awaiting a verifier, and a claim of
    // the group, verified and issued, whose tokens the owner (its referent) spent.
    let (tc, ts, tx) = {
        use pactum::tokens::model::claim::ClaimInput;
        use pactum::tokens::service::{claims, post, programmes, reviews, wallet};
        let mut conn = app.state.db.get().unwrap();
        let now = pactum::util::now();
        let tw = |id: i64, roles: &[Role]| pactum::kit::actor::Who {
            id,
            roles: roles.to_vec(),
            verified: true,
        };
        let admin_id = pactum::accounts::api::person_by_email(&mut conn, "admin@example.org")
            .unwrap()
            .unwrap();
        let ada = tw(admin_id, &[Role::Admin]);
        let v = UserBuilder::new("vera").role(Role::Verifier).build(&app);
        in_tx(&mut conn, |cx| {
            programmes::create_in(
                cx,
                &ada,
                &programmes::ProgrammeForm {
                    name: "Decarb".into(),
                    code: "DECARB".into(),
                    description: String::new(),
                    buffer_percent: "5".into(),
                    second_verifier_tokens: "10000".into(),
                    rate_euros: "0.10".into(),
                    transferable: Some("on".into()),
                },
                now,
            )
        })
        .unwrap_or_else(|e| panic!("programme: {e:?}"));
        in_tx(&mut conn, |cx| {
            programmes::publish_in(
                cx,
                &ada,
                &programmes::MethodologyForm {
                    formula: "rooftop_pv".into(),
                    title: "Rooftop PV".into(),
                    applicability: "Roofs.".into(),
                    factors: vec![("grid".into(), "electricity_be_2022".into(), "2022".into())],
                },
                &pactum::tokens::shipped_factors().unwrap(),
                now,
            )
        })
        .unwrap_or_else(|e| panic!("methodology: {e:?}"));
        in_tx(&mut conn, |cx| {
            programmes::accredit_in(cx, &ada, "decarb", "vera@example.org", now)
        })
        .unwrap_or_else(|e| panic!("accredit: {e:?}"));
        in_tx(&mut conn, |cx| {
            programmes::create_point_in(
                cx,
                &ada,
                "decarb",
                &programmes::PointForm {
                    name: "Pool".into(),
                    description: String::new(),
                    price_tokens: "5".into(),
                    office: String::new(),
                },
                now,
            )
        })
        .unwrap_or_else(|e| panic!("point: {e:?}"));
        let claim = |asset: &str, group: &str| claims::ClaimForm {
            input: ClaimInput {
                methodology: "PV01@1".into(),
                asset: asset.into(),
                starts_on: "2025-01-01".into(),
                ends_on: "2025-12-31".into(),
            },
            group: group.into(),
            activity: vec![
                ("pv_kwp".into(), "1".into()),
                ("yield_kwh_per_kwp".into(), "1300".into()),
            ],
            idempotency_key: pactum::util::random_token(),
        };
        let o = tw(owner, &[Role::Citizen]);
        let open = in_tx(&mut conn, |cx| {
            claims::submit_in(cx, &o, "decarb", &claim("ROOF-1", ""), &[], now)
        })
        .unwrap_or_else(|e| panic!("claim: {e:?}"));
        let issued = in_tx(&mut conn, |cx| {
            claims::submit_in(
                cx,
                &o,
                "decarb",
                &claim("ROOF-2", &group.to_string()),
                &[],
                now,
            )
        })
        .unwrap_or_else(|e| panic!("claim: {e:?}"));
        let index = post::begin(&mut conn).unwrap();
        let approve = reviews::ReviewForm {
            decision: "approve".into(),
            reason: String::new(),
            idempotency_key: pactum::util::random_token(),
        };
        in_tx(&mut conn, |cx| {
            reviews::review_in(
                cx,
                &tw(v, &[Role::Verifier]),
                issued.id,
                &approve,
                "TESTVILLE",
                index,
                now,
            )
        })
        .unwrap_or_else(|e| panic!("review: {e:?}"));
        let index = post::begin(&mut conn).unwrap();
        let spend = wallet::SpendForm {
            point: "pool".into(),
            quantity: "1".into(),
            group: group.to_string(),
            idempotency_key: pactum::util::random_token(),
        };
        let spent = in_tx(&mut conn, |cx| {
            wallet::spend_in(cx, &o, "decarb", &spend, index, now)
        })
        .unwrap_or_else(|e| panic!("spend: {e:?}"));
        let index = post::begin(&mut conn).unwrap();
        let deposit = programmes::DepositForm {
            sponsor: String::new(),
            euros: "10".into(),
            purpose: "Rewards".into(),
            idempotency_key: pactum::util::random_token(),
        };
        in_tx(&mut conn, |cx| {
            programmes::deposit_in(cx, &ada, "decarb", &deposit, index, now)
        })
        .unwrap_or_else(|e| panic!("deposit: {e:?}"));
        let index = post::begin(&mut conn).unwrap();
        let exchange = wallet::ExchangeForm {
            amount: "5".into(),
            group: group.to_string(),
            idempotency_key: pactum::util::random_token(),
        };
        let held = in_tx(&mut conn, |cx| {
            wallet::exchange_in(cx, &o, "decarb", &exchange, index, now)
        })
        .unwrap_or_else(|e| panic!("exchange: {e:?}"));
        (open.id, spent.id, held.id)
    };
    let absence = {
        use pactum::accounts::service::absences::{AbsenceInput, record_in};
        let mut conn = app.state.db.get().unwrap();
        let now = pactum::util::now();
        let today = now.date();
        let a = pactum::kit::actor::Who {
            id: assigned,
            roles: vec![Role::Citizen, Role::Official],
            verified: true,
        };
        let input = AbsenceInput {
            absent: assigned,
            office: green,
            substitute: deputy,
            starts_on: (today + chrono::Duration::days(10)).to_string(),
            ends_on: (today + chrono::Duration::days(20)).to_string(),
        };
        in_tx(&mut conn, |cx| record_in(cx, &a, today, now, &input))
            .unwrap_or_else(|e| panic!("absence: {e:?}"))
    };
    // A call of the green office (which coordinates) on the recognised commons, open
    // for ten more days.
    let call = {
        let mut conn = app.state.db.get().unwrap();
        let input = pactum::pacts::calls::CallInput {
            office: green.to_string(),
            title: "Care for the public garden".into(),
            description: "The city offers the garden for care.".into(),
            commons: public.to_string(),
            deadline: (pactum::util::now().date() + chrono::Duration::days(10)).to_string(),
            ..Default::default()
        };
        let a = pactum::kit::actor::Who {
            id: assigned,
            roles: vec![Role::Citizen, Role::Official],
            verified: true,
        };
        in_tx(&mut conn, |cx| {
            service::calls::publish_in(cx, &env, &a, &input)
        })
        .unwrap_or_else(|e| panic!("call: {e:?}"))
    };
    let (d, p, c, g) = (draft, published, proposed, group);
    let (n, l, s, f) = (404, LET, 403, SIGNIN);
    let mut cases = vec![
        // Commons: the group's proposal is seen by its people and officials only.
        case(
            "GET",
            "/commons/{id}",
            format!("/commons/{c}"),
            &[],
            [n, 200, 200, n, 200, 200, 200, 200],
        ),
        case(
            "GET",
            "/commons/{id}.geojson",
            format!("/commons/{c}.geojson"),
            &[],
            [n, 200, 200, n, 200, 200, 200, 200],
        ),
        case(
            "GET",
            "/commons/{id}/timeline.json",
            format!("/commons/{c}/timeline.json"),
            &[],
            [n, 200, 200, n, 200, 200, 200, 200],
        ),
        // Its people edit a proposal; the city always (the office's fields only the
        // city: tests/it/commons_upkeep.rs).
        case(
            "GET",
            "/commons/{id}/edit",
            format!("/commons/{c}/edit"),
            &[],
            [f, 200, 200, n, 200, 200, 200, 200],
        ),
        case(
            "POST",
            "/commons/{id}/edit",
            format!("/commons/{c}/edit"),
            &[],
            [f, l, l, n, l, l, l, l],
        ),
        // Translations follow the edit rule for a commons.
        case(
            "GET",
            "/commons/{id}/translations",
            format!("/commons/{c}/translations"),
            &[],
            [f, 200, 200, n, 200, 200, 200, 200],
        ),
        case(
            "POST",
            "/commons/{id}/translations",
            format!("/commons/{c}/translations"),
            &[("action", "save"), ("lang", "it"), ("title", "Il giardino")],
            [f, l, l, n, l, l, l, l],
        ),
        case(
            "POST",
            "/commons/{id}/merge",
            format!("/commons/{c}/merge"),
            &[],
            [f, s, s, s, l, l, l, s],
        ),
        // Moderation is the city's; an unknown action is refused after that check.
        case(
            "POST",
            "/commons/{id}/photos/{photo}/moderation",
            format!("/commons/{c}/photos/{photo}/moderation"),
            &[],
            [f, s, s, n, l, l, l, l],
        ),
        case(
            "POST",
            "/commons/{id}/decision",
            format!("/commons/{c}/decision"),
            &[("decision", "nonsense")],
            [f, s, s, s, l, l, l, s],
        ),
        case(
            "GET",
            "/files/{name}",
            format!("/files/{}.jpg", "0".repeat(64)),
            &[],
            [n; 8],
        ),
        // The draft pact: its group's people only.
        case(
            "GET",
            "/pacts/{id}",
            format!("/pacts/{d}"),
            &[],
            [n, 200, 200, n, n, n, n, n],
        ),
        case(
            "GET",
            "/pacts/{id}/edit",
            format!("/pacts/{d}/edit"),
            &[],
            [f, 200, s, n, n, n, n, n],
        ),
        case(
            "POST",
            "/pacts/{id}/edit",
            format!("/pacts/{d}/edit"),
            &[],
            [f, l, s, n, n, n, n, n],
        ),
        // Translations of a draft: who may edit its text (it is hidden from others).
        case(
            "GET",
            "/pacts/{id}/translations",
            format!("/pacts/{d}/translations"),
            &[],
            [f, 200, s, n, n, n, n, n],
        ),
        case(
            "POST",
            "/pacts/{id}/translations",
            format!("/pacts/{d}/translations"),
            &[("action", "save"), ("lang", "it"), ("title", "Il patto")],
            [f, l, s, n, n, n, n, n],
        ),
        case(
            "GET",
            "/pacts/{id}/versions/{file}",
            format!("/pacts/{d}/versions/1.txt"),
            &[],
            [n, 200, 200, n, n, n, n, n],
        ),
        case(
            "GET",
            "/pacts/{id}/print",
            format!("/pacts/{d}/print"),
            &[],
            [n, 200, 200, n, n, n, n, n],
        ),
        // Never signed: no document, for anyone.
        case(
            "GET",
            "/pacts/{id}/signed.pdf",
            format!("/pacts/{d}/signed.pdf"),
            &[],
            [n; 8],
        ),
        case(
            "GET",
            "/api/v1/pacts/{id}",
            format!("/api/v1/pacts/{d}"),
            &[],
            [n; 8],
        ),
        case(
            "GET",
            "/pacts/{id}/files/{name}",
            format!("/pacts/{d}/files/{}.pdf", "0".repeat(64)),
            &[],
            [n; 8],
        ),
        // The published pact: public; the city's work only for the assigned office.
        case("GET", "/pacts/{id}", format!("/pacts/{p}"), &[], [200; 8]),
        case(
            "POST",
            "/pacts/{id}/transition",
            format!("/pacts/{p}/transition"),
            &[("transition", "start_co_design")],
            [f, l, l, l, l, s, s, l],
        ),
        // Routing: the coordinating office (green) and administrators; others are
        // refused (officials with the reason).
        case(
            "POST",
            "/pacts/{id}/route",
            format!("/pacts/{p}/route"),
            &[("office", "")],
            [f, s, s, s, l, s, s, l],
        ),
        // Life after signature, asked of a pact that is not signed: the parties and
        // the city reach the use-case (which refuses by state), others are refused.
        case(
            "POST",
            "/pacts/{id}/notice",
            format!("/pacts/{p}/notice"),
            &[],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/{id}/notice/answer",
            format!("/pacts/{p}/notice/answer"),
            &[],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/pacts/{id}/notice/dismiss",
            format!("/pacts/{p}/notice/dismiss"),
            &[],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/{id}/exclude",
            format!("/pacts/{p}/exclude"),
            &[("exclude_adherent", "999999")],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/{id}/leave",
            format!("/pacts/{p}/leave"),
            &[],
            [f, s, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/pacts/{id}/conciliation",
            format!("/pacts/{p}/conciliation"),
            &[],
            [f, l, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/{id}/conciliation/members",
            format!("/pacts/{p}/conciliation/members"),
            &[],
            [f, l, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/{id}/conciliation/sessions",
            format!("/pacts/{p}/conciliation/sessions"),
            &[],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/{id}/conciliation/proposal",
            format!("/pacts/{p}/conciliation/proposal"),
            &[],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/{id}/opinions/request",
            format!("/pacts/{p}/opinions/request"),
            &[],
            [f, s, s, s, l, s, s, s],
        ),
        case(
            "POST",
            "/pacts/{id}/opinions",
            format!("/pacts/{p}/opinions"),
            &[("office", &heritage.to_string())],
            [f, s, s, s, s, l, s, s],
        ),
        case(
            "POST",
            "/pacts/{id}/observations",
            format!("/pacts/{p}/observations"),
            &[],
            [f, l, l, l, l, l, l, l],
        ),
        case(
            "POST",
            "/pacts/{id}/observations/{oid}/reply",
            format!("/pacts/{p}/observations/{observation}/reply"),
            &[],
            [f, l, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/{id}/meetings",
            format!("/pacts/{p}/meetings"),
            &[],
            [f, l, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/{id}/sign",
            format!("/pacts/{p}/sign"),
            &[("party", "city")],
            [f, l, l, l, l, l, l, l],
        ),
        case(
            "POST",
            "/pacts/{id}/join",
            format!("/pacts/{p}/join"),
            &[],
            [f, l, l, l, l, l, l, l],
        ),
        case(
            "POST",
            "/pacts/{id}/reports",
            format!("/pacts/{p}/reports"),
            &[],
            [f, l, l, s, s, s, s, s],
        ),
        case(
            "POST",
            "/pacts/{id}/reports/{rid}/evaluation",
            format!("/pacts/{p}/reports/999999/evaluation"),
            &[],
            [f, s, s, s, n, n, n, s],
        ),
        case(
            "GET",
            "/api/v1/pacts/{id}",
            format!("/api/v1/pacts/{p}"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/pacts/{id}/versions/{file}",
            format!("/pacts/{p}/versions/1.txt"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/pacts/{id}/print",
            format!("/pacts/{p}/print"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/pacts/{id}/signed.pdf",
            format!("/pacts/{p}/signed.pdf"),
            &[],
            [n; 8],
        ),
        // The protocol number is the lead office's (or an administrator's) to record;
        // this pact is not signed yet, which the form then says (409).
        case(
            "POST",
            "/pacts/{id}/protocol",
            format!("/pacts/{p}/protocol"),
            &[("protocol_number", "PG/1")],
            [f, s, s, s, l, s, s, l],
        ),
        // Deliveries of support are the lead office's (or an administrator's) to record;
        // this pact is not signed yet, which the form then says (409).
        case(
            "POST",
            "/pacts/{id}/deliveries",
            format!("/pacts/{p}/deliveries"),
            &[("delivery_line", "0")],
            [f, s, s, s, l, s, s, l],
        ),
        // Calls: public pages; the comparison, the choice and the cancellation are
        // the call's office's (here also the coordinating office) and administrators'
        // (before the deadline the comparison and the choice answer 409, an empty
        // cancellation 422).
        case(
            "GET",
            "/calls/{id}",
            format!("/calls/{call}"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/calls/{id}/answers",
            format!("/calls/{call}/answers"),
            &[],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/calls/{id}/choose",
            format!("/calls/{call}/choose"),
            &[("chosen", &p.to_string()), ("reasons", "The best answer.")],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/calls/{id}/cancel",
            format!("/calls/{call}/cancel"),
            &[("cancel_reasons", "")],
            [f, s, s, s, l, s, s, l],
        ),
        // A published text is frozen for everyone (its state is public anyway): the
        // form and its submission get the same answer from the policy.
        case(
            "GET",
            "/pacts/{id}/edit",
            format!("/pacts/{p}/edit"),
            &[],
            [f, 409, 409, 409, 409, 409, 409, 409],
        ),
        case(
            "POST",
            "/pacts/{id}/edit",
            format!("/pacts/{p}/edit"),
            &[],
            [f, 409, 409, 409, 409, 409, 409, 409],
        ),
        // A published pact's text is frozen for its proposer (409); the city (any
        // official) and administrators still translate it.
        case(
            "GET",
            "/pacts/{id}/translations",
            format!("/pacts/{p}/translations"),
            &[],
            [f, 409, s, s, 200, 200, 200, 200],
        ),
        case(
            "POST",
            "/pacts/{id}/translations",
            format!("/pacts/{p}/translations"),
            &[("action", "remove"), ("lang", "it")],
            [f, 409, s, s, l, l, l, l],
        ),
        // Groups and invitations.
        case("GET", "/groups/{id}", format!("/groups/{g}"), &[], [200; 8]),
        case(
            "POST",
            "/groups/{id}/invitations",
            format!("/groups/{g}/invitations"),
            &[("email", "friend@example.org")],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/groups/{id}/referent",
            format!("/groups/{g}/referent"),
            &[("member", &stranger.to_string())],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "GET",
            "/invitations/{token}",
            "/invitations/not-a-token".into(),
            &[],
            [n; 8],
        ),
        case(
            "POST",
            "/invitations/{token}/accept",
            "/invitations/not-a-token/accept".into(),
            &[],
            [f, n, n, n, n, n, n, n],
        ),
        // Administration: administrators only, whoever the object.
        case(
            "GET",
            "/admin/users/{id}",
            format!("/admin/users/{owner}"),
            &[],
            [f, s, s, s, s, s, s, 200],
        ),
        case(
            "POST",
            "/admin/users/{id}/roles",
            format!("/admin/users/{owner}/roles"),
            &[("role", "nonsense")],
            [f, s, s, s, s, s, s, l],
        ),
        case(
            "POST",
            "/admin/users/{id}/roles/revoke",
            format!("/admin/users/{owner}/roles/revoke"),
            &[("role", "nonsense")],
            [f, s, s, s, s, s, s, l],
        ),
        // The city's pact templates: kept by the coordinating office and admins.
        case(
            "GET",
            "/pacts/templates/{category}",
            "/pacts/templates/green_area".into(),
            &[],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/pacts/templates/{category}",
            "/pacts/templates/default".into(),
            &[("reporting_months", "0")],
            [f, s, s, s, l, s, s, l],
        ),
        // An absence: the absent official (or, past the officials' desk, nobody else)
        // cancels it.
        case(
            "POST",
            "/official/absences/{id}/cancel",
            format!("/official/absences/{absence}/cancel"),
            &[],
            [f, s, s, s, l, s, s, s],
        ),
        case(
            "POST",
            "/admin/offices/{id}/members",
            format!("/admin/offices/{green}/members"),
            &[("user", "999999")],
            [f, s, s, s, s, s, s, n],
        ),
        case(
            "POST",
            "/admin/offices/{id}/members/remove",
            format!("/admin/offices/{green}/members/remove"),
            &[("user", "999999")],
            [f, s, s, s, s, s, s, l],
        ),
        // Offices' and districts' names are translated by administrators.
        // A provider link: with no provider configured (this app), nobody's (404);
        // per owner with a provider: tests/it/oidc.rs.
        case(
            "POST",
            "/account/identities/{id}/unlink",
            "/account/identities/1/unlink".to_string(),
            &[],
            [f, 404, 404, 404, 404, 404, 404, 404],
        ),
        case(
            "GET",
            "/admin/offices/{id}/translations",
            format!("/admin/offices/{green}/translations"),
            &[],
            [f, s, s, s, s, s, s, 200],
        ),
        case(
            "POST",
            "/admin/offices/{id}/translations",
            format!("/admin/offices/{green}/translations"),
            &[("action", "save"), ("lang", "it"), ("title", "Aree verdi")],
            [f, s, s, s, s, s, s, l],
        ),
        case(
            "GET",
            "/admin/districts/{id}/translations",
            format!("/admin/districts/{district}/translations"),
            &[],
            [f, s, s, s, s, s, s, 200],
        ),
        case(
            "POST",
            "/admin/districts/{id}/translations",
            format!("/admin/districts/{district}/translations"),
            &[("action", "save"), ("lang", "it"), ("title", "Centro")],
            [f, s, s, s, s, s, s, l],
        ),
        case(
            "GET",
            "/ledger/entries/{index}",
            "/ledger/entries/0".into(),
            &[],
            [200; 8],
        ),
        // Assemblies: the member facilitates, the owner belongs; administrators edit
        // and name facilitators.
        case(
            "GET",
            "/assemblies/{slug}",
            format!("/assemblies/{asm}"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/assemblies/{slug}/edit",
            format!("/assemblies/{asm}/edit"),
            &[],
            [f, s, 200, s, s, s, s, 200],
        ),
        case(
            "POST",
            "/assemblies/{slug}/edit",
            format!("/assemblies/{asm}/edit"),
            &[("name", "")],
            [f, s, l, s, s, s, s, l],
        ),
        case(
            "POST",
            "/assemblies/{slug}/facilitators",
            format!("/assemblies/{asm}/facilitators"),
            &[("email", "nobody@example.org")],
            [f, s, s, s, s, s, s, l],
        ),
        case(
            "POST",
            "/assemblies/{slug}/facilitators/{user}/remove",
            format!("/assemblies/{asm}/facilitators/999999/remove"),
            &[],
            [f, s, s, s, s, s, s, n],
        ),
        case(
            "GET",
            "/assemblies/{slug}/members",
            format!("/assemblies/{asm}/members"),
            &[],
            [s, 200, 200, s, s, s, s, 200],
        ),
        case(
            "GET",
            "/assemblies/{slug}/requests",
            format!("/assemblies/{asm}/requests"),
            &[],
            [f, s, 200, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/requests/{member}",
            format!("/assemblies/{asm}/requests/999999"),
            &[("decision", "admit")],
            [f, s, n, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/members/{member}/remove",
            format!("/assemblies/{asm}/members/999999/remove"),
            &[("reason", "Never came.")],
            [f, s, n, s, s, s, s, s],
        ),
        // Meetings: public, run by the facilitator.
        case(
            "GET",
            "/assemblies/{slug}/calendar.ics",
            format!("/assemblies/{asm}/calendar.ics"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/assemblies/{slug}/meetings/{id}",
            format!("/assemblies/{asm}/meetings/{mt}"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/assemblies/{slug}/meetings/{id}/meeting.ics",
            format!("/assemblies/{asm}/meetings/{mt}/meeting.ics"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/assemblies/{slug}/meetings/new",
            format!("/assemblies/{asm}/meetings/new"),
            &[],
            [f, s, 200, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/meetings/new",
            format!("/assemblies/{asm}/meetings/new"),
            &[("title", "")],
            [f, s, l, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/meetings/{id}/attendance",
            format!("/assemblies/{asm}/meetings/{mt}/attendance"),
            &[],
            [f, s, l, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/meetings/{id}/minutes",
            format!("/assemblies/{asm}/meetings/{mt}/minutes"),
            &[("minutes", "We met.")],
            [f, s, l, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/meetings/{id}/cancel",
            format!("/assemblies/{asm}/meetings/{mt}/cancel"),
            &[],
            [f, s, l, s, s, s, s, s],
        ),
        // Motions: members table, support and comment; the facilitator schedules and
        // hides; the author withdraws.
        case(
            "GET",
            "/assemblies/{slug}/motions/new",
            format!("/assemblies/{asm}/motions/new"),
            &[],
            [f, 200, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/motions/new",
            format!("/assemblies/{asm}/motions/new"),
            &[("title", "")],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "GET",
            "/assemblies/{slug}/motions/{id}",
            format!("/assemblies/{asm}/motions/{motion}"),
            &[],
            [200; 8],
        ),
        case(
            "POST",
            "/assemblies/{slug}/motions/{id}/support",
            format!("/assemblies/{asm}/motions/{motion}/support"),
            &[],
            [f, s, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/motions/{id}/comments",
            format!("/assemblies/{asm}/motions/{motion}/comments"),
            &[("body", "Yes."), ("tag", "for")],
            [f, l, l, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/comments/{id}/hide",
            format!("/assemblies/{asm}/comments/999999/hide"),
            &[("reason", "Off topic.")],
            [f, s, n, s, s, s, s, s],
        ),
        case(
            "GET",
            "/assemblies/{slug}/moderation",
            format!("/assemblies/{asm}/moderation"),
            &[],
            [200; 8],
        ),
        // --- added by amend ---
        // Members propose amendments; the motion's author accepts or declines one;
        // the amendment's author withdraws it.
        case(
            "POST",
            "/assemblies/{slug}/motions/{id}/amendments",
            format!("/assemblies/{asm}/motions/{motion}/amendments"),
            &[("text", "")],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/amendments/{id}/accept",
            format!("/assemblies/{asm}/amendments/{}/accept", amendments[0]),
            &[],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/amendments/{id}/decline",
            format!("/assemblies/{asm}/amendments/{}/decline", amendments[1]),
            &[],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/amendments/{id}/withdraw",
            format!("/assemblies/{asm}/amendments/{}/withdraw", amendments[2]),
            &[],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/motions/{id}/schedule",
            format!("/assemblies/{asm}/motions/{motion}/schedule"),
            &[],
            [f, s, l, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/motions/{id}/withdraw",
            format!("/assemblies/{asm}/motions/{motion}/withdraw"),
            &[],
            [f, l, s, s, s, s, s, s],
        ),
        // Votes: the facilitator opens them; only the electorate (the owner) casts.
        case(
            "GET",
            "/assemblies/{slug}/votes/new",
            format!("/assemblies/{asm}/votes/new"),
            &[],
            [f, s, 200, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/votes/new",
            format!("/assemblies/{asm}/votes/new"),
            &[("question", "")],
            [f, s, l, s, s, s, s, s],
        ),
        case(
            "GET",
            "/assemblies/{slug}/votes/{id}",
            format!("/assemblies/{asm}/votes/{vote}"),
            &[],
            [200; 8],
        ),
        case(
            "POST",
            "/assemblies/{slug}/votes/{id}/ballot",
            format!("/assemblies/{asm}/votes/{vote}/ballot"),
            &[("choice", "yes")],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/votes/{id}/check",
            format!("/assemblies/{asm}/votes/{vote}/check"),
            &[("tracker", "x")],
            [200; 8],
        ),
        case(
            "GET",
            "/assemblies/{slug}/votes/{id}/ballots",
            format!("/assemblies/{asm}/votes/{vote}/ballots"),
            &[],
            [n; 8],
        ),
        case(
            "GET",
            "/assemblies/{slug}/votes/{id}/hashes.txt",
            format!("/assemblies/{asm}/votes/{vote}/hashes.txt"),
            &[],
            [n; 8],
        ),
        // Open data of assemblies (added by odata): public to everyone.
        case(
            "GET",
            "/assemblies/{slug}/meetings.csv",
            format!("/assemblies/{asm}/meetings.csv"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/assemblies/{slug}/motions.csv",
            format!("/assemblies/{asm}/motions.csv"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/assemblies/{slug}/votes.csv",
            format!("/assemblies/{asm}/votes.csv"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/api/v1/assemblies/{slug}",
            format!("/api/v1/assemblies/{asm}"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/api/v1/assemblies/{slug}/meetings",
            format!("/api/v1/assemblies/{asm}/meetings"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/api/v1/assemblies/{slug}/motions",
            format!("/api/v1/assemblies/{asm}/motions"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/api/v1/assemblies/{slug}/votes",
            format!("/api/v1/assemblies/{asm}/votes"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/api/v1/assemblies/{slug}/votes/{id}",
            format!("/api/v1/assemblies/{asm}/votes/{vote}"),
            &[],
            [200; 8],
        ),
        // A chamber's member organisations are open data; an assembly's members are
        // refused to everyone there (open data is what anyone signed out may see).
        case(
            "GET",
            "/assemblies/{slug}/members.csv",
            format!("/assemblies/{chamber}/members.csv"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/api/v1/assemblies/{slug}/members",
            format!("/api/v1/assemblies/{asm}/members"),
            &[],
            [s; 8],
        ),
        case(
            "GET",
            "/assemblies/{slug}/recommendations.csv",
            format!("/assemblies/{asm}/recommendations.csv"),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/api/v1/assemblies/{slug}/recommendations",
            format!("/api/v1/assemblies/{asm}/recommendations"),
            &[],
            [200; 8],
        ),
        // --- added by recs ---
        // Recommendations: public; the facilitator sends and endorses; the addressed
        // (and coordinating) office's official and the administrator answer, once.
        case(
            "GET",
            "/assemblies/{slug}/recommendations",
            format!("/assemblies/{asm}/recommendations"),
            &[],
            [200; 8],
        ),
        case(
            "POST",
            "/assemblies/{slug}/recommendations",
            format!("/assemblies/{asm}/recommendations"),
            &[("motion", "999999"), ("office", &heritage.to_string())],
            [f, s, l, s, s, s, s, s],
        ),
        // Tokens: the figures are public; claims are their claimant side's, the
        // verifiers' (none of these askers is one) and administrators'; a voucher is
        // its holder side's.
        case(
            "GET",
            "/tokens/{slug}",
            "/tokens/decarb".into(),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/api/v1/tokens/{slug}",
            "/api/v1/tokens/decarb".into(),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/tokens/{slug}/claim",
            "/tokens/decarb/claim".into(),
            &[],
            [f, 200, 200, 200, 200, 200, 200, 200],
        ),
        case(
            "GET",
            "/tokens/{slug}/queue",
            "/tokens/decarb/queue".into(),
            &[],
            [f, s, s, s, s, s, s, s],
        ),
        case(
            "GET",
            "/tokens/{slug}/wallet",
            "/tokens/decarb/wallet".into(),
            &[],
            [f, 200, 200, 200, 200, 200, 200, 200],
        ),
        case(
            "POST",
            "/tokens/{slug}/wallet/spend",
            "/tokens/decarb/wallet/spend".into(),
            &[("point", "pool")],
            [f, l, l, l, l, l, l, l],
        ),
        case(
            "POST",
            "/tokens/{slug}/wallet/transfer",
            "/tokens/decarb/wallet/transfer".into(),
            &[("to", "t_00000000000000000000"), ("amount", "1")],
            [f, l, l, l, l, l, l, l],
        ),
        case(
            "POST",
            "/tokens/{slug}/wallet/exchange",
            "/tokens/decarb/wallet/exchange".into(),
            &[("amount", "1")],
            [f, l, l, l, l, l, l, l],
        ),
        case(
            "GET",
            "/tokens/claims/{id}",
            format!("/tokens/claims/{tc}"),
            &[],
            [f, 200, s, s, s, s, s, 200],
        ),
        case(
            "POST",
            "/tokens/claims/{id}/review",
            format!("/tokens/claims/{tc}/review"),
            &[("decision", "approve")],
            [f, s, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/tokens/claims/{id}/withdraw",
            format!("/tokens/claims/{tc}/withdraw"),
            &[],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "GET",
            "/tokens/claims/{id}/evidence/{hash}",
            format!("/tokens/claims/{tc}/evidence/{}", "0".repeat(64)),
            &[],
            [f, n, s, s, s, s, s, n],
        ),
        case(
            "GET",
            "/tokens/spends/{id}",
            format!("/tokens/spends/{ts}"),
            &[],
            [f, 200, 200, n, n, n, n, n],
        ),
        case(
            "GET",
            "/tokens/methodologies/{code}/{version}",
            "/tokens/methodologies/PV01/1".into(),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/tokens/{slug}/serials",
            "/tokens/decarb/serials?serial=1".into(),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/tokens/{slug}/issuances.{format}",
            "/tokens/decarb/issuances.csv".into(),
            &[],
            [200; 8],
        ),
        case(
            "GET",
            "/tokens/{slug}/retirements.{format}",
            "/tokens/decarb/retirements.json".into(),
            &[],
            [200; 8],
        ),
        // The programme's administration is the administrators'; the civic fund's
        // desk the coordinating office's (the assigned official's office) and theirs.
        case(
            "GET",
            "/tokens/{slug}/admin",
            "/tokens/decarb/admin".into(),
            &[],
            [f, s, s, s, s, s, s, 200],
        ),
        case(
            "POST",
            "/tokens/{slug}/verifiers",
            "/tokens/decarb/verifiers".into(),
            &[("email", "x@example.org")],
            [f, s, s, s, s, s, s, l],
        ),
        case(
            "POST",
            "/tokens/{slug}/points",
            "/tokens/decarb/points".into(),
            &[("name", "Bus")],
            [f, s, s, s, s, s, s, l],
        ),
        case(
            "GET",
            "/tokens/{slug}/fund",
            "/tokens/decarb/fund".into(),
            &[],
            [f, s, s, s, 200, s, s, 200],
        ),
        case(
            "POST",
            "/tokens/{slug}/fund",
            "/tokens/decarb/fund".into(),
            &[("euros", "5"), ("purpose", "x")],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/tokens/exchanges/{id}/settle",
            format!("/tokens/exchanges/{tx}/settle"),
            &[("decision", "pay")],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "GET",
            "/assemblies/{slug}/recommendations/{id}",
            format!("/assemblies/{asm}/recommendations/{recommendation}"),
            &[],
            [200; 8],
        ),
        case(
            "POST",
            "/assemblies/{slug}/recommendations/{id}/answer",
            format!("/assemblies/{asm}/recommendations/{recommendation}/answer"),
            &[("answer", "accepted")],
            [f, s, s, s, l, s, s, l],
        ),
        case(
            "POST",
            "/assemblies/{slug}/endorsements",
            format!("/assemblies/{asm}/endorsements"),
            &[
                ("pact", &p.to_string()),
                ("vote", &adopted_vote.to_string()),
            ],
            [f, s, l, s, s, s, s, s],
        ),
        // Only the group's referent acts for it in the chamber.
        case(
            "POST",
            "/assemblies/{slug}/groups/{group}/join",
            format!("/assemblies/{chamber}/groups/{g}/join"),
            &[],
            [f, s, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/groups/{group}/delegate",
            format!("/assemblies/{chamber}/groups/{g}/delegate"),
            &[("delegate", &member.to_string())],
            [f, l, s, s, s, s, s, s],
        ),
        case(
            "POST",
            "/assemblies/{slug}/groups/{group}/leave",
            format!("/assemblies/{chamber}/groups/{g}/leave"),
            &[],
            [f, l, s, s, s, s, s, s],
        ),
        // Joining changes each person's standing: the owner is in already; then all
        // who joined (or asked) may leave.
        case(
            "POST",
            "/assemblies/{slug}/join",
            format!("/assemblies/{asm}/join"),
            &[],
            [f, s, l, l, l, l, l, l],
        ),
        case(
            "POST",
            "/assemblies/{slug}/leave",
            format!("/assemblies/{asm}/leave"),
            &[],
            [f, l, l, l, l, l, l, l],
        ),
        // Near the end, as it deletes the photo: its uploader (the member) may, the
        // proposer may not; after the member, the photo is gone for everyone.
        case(
            "POST",
            "/commons/{id}/photos/{photo}/delete",
            format!("/commons/{c}/photos/{photo}/delete"),
            &[],
            [f, s, l, n, n, n, n, n],
        ),
        // Last, as it changes the group: only a member leaves; the referent must hand
        // over first; a stranger is not in it.
        case(
            "POST",
            "/groups/{id}/leave",
            format!("/groups/{g}/leave"),
            &[],
            [f, l, l, s, s, s, s, s],
        ),
    ];
    let mut photo = case(
        "POST",
        "/commons/{id}/photos",
        format!("/commons/{c}/photos"),
        &[("alt_text", "A photo")],
        [f, l, l, n, l, l, l, l],
    );
    photo.multipart = true;
    cases.insert(3, photo);
    let mut attach = case(
        "POST",
        "/pacts/{id}/attachments",
        format!("/pacts/{d}/attachments"),
        &[],
        [f, l, l, n, n, n, n, n],
    );
    attach.multipart = true;
    cases.insert(4, attach);
    for (route, path) in [
        ("/tokens/{slug}/claim", "/tokens/decarb/claim".to_string()),
        (
            "/tokens/claims/{id}/answer",
            format!("/tokens/claims/{tc}/answer"),
        ),
    ] {
        // Filing is anyone's (the form then checks); answering is the claimant
        // side's, and only when asked (this claim was not).
        let expect = if route.ends_with("answer") {
            [f, s, s, s, s, s, s, s]
        } else {
            [f, l, l, l, l, l, l, l]
        };
        let mut upload = case("POST", route, path, &[], expect);
        upload.multipart = true;
        cases.push(upload);
    }

    // Every route with an id is in the table.
    for r in ROUTES.iter().filter(|r| r.path.contains('{')) {
        assert!(
            NOT_OBJECTS.contains(&r.path)
                || cases
                    .iter()
                    .any(|c| c.route == r.path && c.method == r.method),
            "{} {} has no row in the table",
            r.method,
            r.path
        );
    }

    let emails = [
        None,
        Some("owner@example.org"),
        Some("member@example.org"),
        Some("stranger@example.org"),
        Some("assigned@example.org"),
        Some("other@example.org"),
        Some("none@example.org"),
        Some("admin@example.org"),
    ];
    let mut clients = Vec::new();
    for e in emails {
        let mut c = client!(app);
        if let Some(e) = e {
            c.sign_in(e).await;
        }
        clients.push(c);
    }
    let mut wrong = Vec::new();
    for case in &cases {
        for (i, c) in clients.iter_mut().enumerate() {
            let form: Vec<(&str, &str)> = case.form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let page = match (case.method, case.multipart) {
                ("GET", _) => c.get(&case.path).await,
                (_, true) => {
                    // Each upload route names its own file field.
                    let field = if case.route.ends_with("/photos") {
                        "photo"
                    } else {
                        "file"
                    };
                    c.post_multipart(&case.path, &form, (field, "x.jpg", b"not a file"))
                        .await
                }
                _ => c.post(&case.path, &form).await,
            };
            let got = page.status.as_u16();
            let signin = got == 303 && page.location().starts_with("/signin") || got == 401;
            let ok = match case.expect[i] {
                LET => !signin && ![403, 404].contains(&got) && got < 500,
                SIGNIN => signin,
                code => got == code,
            };
            if !ok {
                wrong.push(format!(
                    "{} {} as {}: expected {}, got {got}",
                    case.method, case.path, ASKERS[i], case.expect[i]
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
