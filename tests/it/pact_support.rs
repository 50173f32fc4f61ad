//! The support ledger (DOMAIN.md, "Collaboration pacts"): each support line's value
//! when promised, the deliveries the lead office records against the signed text (in
//! the pact's history and on the civic ledger), the public totals per district, office
//! and year, the export in the shape of the Italian tables of economic advantages
//! granted (D.Lgs. 33/2013 art. 26–27), and the insurance alert 30 days before an
//! insurance expires ahead of the pact's end.

use crate::support::in_tx;
use actix_web::http::StatusCode;
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use pactum::db::schema::{pact_versions, pacts};
use pactum::kit::clock::Clock;
use pactum::pacts::procedure::{PactState, SupportKind};
use pactum::pacts::service;
use pactum::pacts::support::DeliveryInput;
use pactum::pacts::text::TextInput;

use crate::builders::{
    CommonsBuilder, District, DistrictBuilder, GroupBuilder, OfficeBuilder, PactBuilder,
    ProposalForm, UserBuilder, env_at, pact_text, who,
};
use crate::client;
use crate::support::{Page, TestApp, readme_columns};

/// The city of these tests: Chiara refers the group Luca is in, Anna proposes alone,
/// Stella is a neighbour; Marco is the official of Green areas (which receives the
/// proposals), Sara of Heritage; Elena signs; Ada administers. Two districts, a
/// recognised commons in each.
struct City {
    app: TestApp,
    green: i64,
    heritage: i64,
    chiara: i64,
    anna: i64,
    marco: i64,
    sara: i64,
    group: i64,
    north: District,
    south: District,
    /// A commons in the north and one in the south.
    commons: i64,
    commons_south: i64,
}

fn city() -> City {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    let person = |handle: &str, name: &str| UserBuilder::new(handle).named(name);
    let chiara = person("chiara", "Chiara Romano").build(&app);
    let luca = person("luca", "Luca Ferri").build(&app);
    let anna = person("anna", "Anna Neri").build(&app);
    person("stella", "Stella Stranger").build(&app);
    let marco = person("marco", "Marco Bianchi")
        .official_in(green)
        .build(&app);
    let sara = person("sara", "Sara Greco")
        .official_in(heritage)
        .build(&app);
    person("elena", "Elena Russo")
        .official_in(green)
        .role(pactum::accounts::Role::Signatory)
        .build(&app);
    person("ada", "Ada Admin").admin().build(&app);
    let group = GroupBuilder::new("Amici della Lunetta", chiara)
        .described("Neighbours.")
        .member(luca)
        .build(&app);
    let north = DistrictBuilder::new("navile", "Navile")
        .bounds(11.30, 44.48, 11.36, 44.52)
        .build(&app);
    let south = DistrictBuilder::new("savena", "Savena")
        .bounds(11.40, 44.48, 11.46, 44.52)
        .build(&app);
    let garden = |name: &str, d: District| {
        CommonsBuilder::new(&app)
            .named(name)
            .described("A garden the neighbours keep.")
            .in_district(d)
            .proposed_by(chiara)
            .recognised_by(marco)
            .build()
    };
    let commons = garden("Orto di via Libia", north);
    let commons_south = garden("Giardino Savena", south);
    City {
        app,
        green,
        heritage,
        chiara,
        anna,
        marco,
        sara,
        group,
        north,
        south,
        commons,
        commons_south,
    }
}

/// Chiara's pact on the north garden, with two lines of support.
fn pact(c: &City) -> PactBuilder<'_> {
    PactBuilder::new(&c.app)
        .proposed_by(c.chiara)
        .on(c.commons)
        .support("materials", "Compost", "20 bags", "2027")
        .support("training", "Pruning course", "1 day", "spring")
}

/// Writes the estimated values of the lines of the pact's signed (else current) text.
fn set_values(app: &TestApp, pact: i64, values: &[Option<i64>]) {
    let mut conn = app.state.db.get().unwrap();
    let p = pactum::pacts::store::load(&mut conn, pact).unwrap();
    let number = p.signed_version.unwrap_or(p.version);
    let version: i64 = pact_versions::table
        .filter(pact_versions::pact_id.eq(pact))
        .filter(pact_versions::number.eq(number))
        .select(pact_versions::id)
        .first(&mut *conn)
        .unwrap();
    service::write_values(&mut conn, version, values).unwrap();
}

fn signed_on(app: &TestApp, pact: i64) -> NaiveDate {
    let mut conn = app.state.db.get().unwrap();
    pactum::pacts::store::load(&mut conn, pact)
        .unwrap()
        .signed_at
        .expect("a signed pact")
        .date()
}

/// The office records a delivery through the use-case, `days` days from now.
fn deliver(app: &TestApp, by: i64, pact: i64, days: i64, line: i64, on: NaiveDate, euros: &str) {
    let mut conn = app.state.db.get().unwrap();
    let input = DeliveryInput {
        line: line.to_string(),
        what: format!("Delivered on {on}"),
        delivered_on: on.to_string(),
        value: euros.into(),
    };
    in_tx(&mut conn, |cx| {
        service::record_delivery_in(cx, &env_at(app, days), &who(app, by), pact, &input)
    })
    .unwrap_or_else(|e| panic!("delivery refused: {e:?}"));
}

/// The app's clock at noon, `days` after `day`.
fn clock_at(app: &mut TestApp, day: NaiveDate, days: i64) {
    let t = (day + Duration::days(days)).and_hms_opt(12, 0, 0).unwrap();
    app.state.ports.clock = Clock::Fixed(t);
}

/// A form's fields as the client posts them.
fn refs<'a>(f: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    f.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn deliveries(app: &TestApp) -> i64 {
    app.count("pact_support_deliveries")
}

#[actix_web::test]
async fn pact_support_a_delivery_is_recorded_on_the_page_the_history_and_the_ledger() {
    let mut c = city();
    let id = pact(&c).until(PactState::Signed).build();
    set_values(&c.app, id, &[Some(12_050), None]);
    let signed = signed_on(&c.app, id);
    clock_at(&mut c.app, signed, 10);
    let url = format!("/pacts/{id}");
    let mut marco = client!(c.app);
    marco.sign_in("marco@example.org").await;
    let page = marco.get(&url).await;
    assert!(page.has("#delivery-form"), "the office may record");
    assert_eq!(page.texts("#support-line-1 .promised"), ["120.50 €"]);
    assert_eq!(page.texts("#support-line-2 .promised"), ["no value given"]);
    assert_eq!(page.texts("#support-delivered"), ["0.00 €"]);

    let on = (signed + Duration::days(3)).to_string();
    let done = marco
        .post(
            &format!("/pacts/{id}/deliveries"),
            &[
                ("delivery_line", "0"),
                ("delivery_what", "20 bags of compost"),
                ("delivery_on", &on),
                ("delivery_value", "45,5"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), format!("/pacts/{id}#support"));
    let page = marco.get(&url).await;
    assert!(page.body.contains("The delivery is recorded."));
    assert_eq!(page.texts("#support-line-1 .delivered"), ["45.50 €"]);
    assert_eq!(page.texts("#support-line-2 .delivered"), ["0.00 €"]);
    assert_eq!(page.texts("#support-promised"), ["120.50 €"]);
    assert_eq!(page.texts("#support-delivered"), ["45.50 €"]);
    let rows = page.texts("#support-deliveries tbody tr");
    assert_eq!(rows.len(), 1);
    assert!(rows[0].contains("20 bags of compost") && rows[0].contains("45.50 €"));
    assert!(
        page.texts("#history li")
            .iter()
            .any(|l| l.contains("Support delivered") && l.contains("20 bags of compost")),
        "the history has it"
    );

    // Anyone sees what was delivered; only the office gets the form.
    let mut anonymous = client!(c.app);
    let public = anonymous.get(&url).await;
    assert_eq!(public.texts("#support-delivered"), ["45.50 €"]);
    assert!(!public.has("#delivery-form"));

    // On the civic ledger: ids, codes, the amount and the day; the text as its hash.
    let mut conn = c.app.state.db.get().unwrap();
    let size = pactum::ledger::store::size(&mut conn).unwrap();
    let e = pactum::ledger::store::entry(&mut conn, size - 1)
        .unwrap()
        .unwrap();
    assert_eq!(e.kind, "pact.support_delivered");
    for piece in [
        format!("\"pact\":{id}"),
        "\"line\":0".to_string(),
        "\"support_kind\":\"materials\"".to_string(),
        "\"value_cents\":4550".to_string(),
        format!("\"delivered_on\":\"{on}\""),
        pactum::util::sha256_hex(b"20 bags of compost"),
    ] {
        assert!(e.body.contains(&piece), "{piece} in {}", e.body);
    }
    assert!(!e.body.contains("compost"), "no typed text: {}", e.body);
    assert_eq!(pactum::ledger::kinds::check_body(&e.body), Ok(()));
    let linked = page.attr("#support-deliveries a", "href");
    assert_eq!(linked, Some(format!("/ledger/entries/{}", size - 1)));
}

#[actix_web::test]
async fn pact_support_refuses_deliveries_from_others_and_wrong_ones() {
    let mut c = city();
    let id = pact(&c).until(PactState::Signed).build();
    set_values(&c.app, id, &[Some(10_000), Some(2_000)]);
    let published = pact(&c).until(PactState::Published).build();
    let signed = signed_on(&c.app, id);
    clock_at(&mut c.app, signed, 10);
    let day = |d: i64| (signed + Duration::days(d)).to_string();
    let path = format!("/pacts/{id}/deliveries");
    let form = |line: &str, on: String, value: &str| -> Vec<(&'static str, String)> {
        vec![
            ("delivery_line", line.to_string()),
            ("delivery_what", "Compost".to_string()),
            ("delivery_on", on),
            ("delivery_value", value.to_string()),
        ]
    };
    let good = form("0", day(1), "10");
    let mut anonymous = client!(c.app);
    let p = anonymous.post(&path, &refs(&good)).await;
    assert!(p.location().starts_with("/signin"), "{}", p.status);
    // The proposer, a neighbour, an official of another office: not theirs.
    for email in ["chiara", "stella", "sara"] {
        let mut other = client!(c.app);
        other.sign_in(&format!("{email}@example.org")).await;
        let p = other.post(&path, &refs(&good)).await;
        assert_eq!(p.status, StatusCode::FORBIDDEN, "{email}");
    }
    // The office, with a wrong delivery: the form again, its problem by the field.
    let mut marco = client!(c.app);
    marco.sign_in("marco@example.org").await;
    for (f, field) in [
        (form("0", day(11), "10"), "delivery_on"),
        (form("0", day(-1), "10"), "delivery_on"),
        (form("0", day(1), "1000000.01"), "delivery_value"),
        (form("0", day(1), "ten"), "delivery_value"),
        (form("2", day(1), "10"), "delivery_line"),
        (form("-1", day(1), "10"), "delivery_line"),
    ] {
        let p = marco.post(&path, &refs(&f)).await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY, "{f:?}");
        assert!(p.has(&format!("#{field}-error")), "{f:?}");
        assert!(p.has("#error-summary"), "{f:?}");
    }
    // Not signed yet: nothing to deliver against.
    let p = marco
        .post(&format!("/pacts/{published}/deliveries"), &refs(&good))
        .await;
    assert_eq!(p.status, StatusCode::CONFLICT);
    assert_eq!(deliveries(&c.app), 0, "nothing was recorded");
    // An administrator may record (late bookkeeping included).
    let mut ada = client!(c.app);
    ada.sign_in("ada@example.org").await;
    let p = ada.post(&path, &refs(&good)).await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(deliveries(&c.app), 1);
}

#[actix_web::test]
async fn pact_support_values_are_typed_with_the_lines_and_shown_on_the_page() {
    let c = city();
    let mut chiara = client!(c.app);
    chiara.sign_in("chiara@example.org").await;
    let mut text = pact_text(pactum::util::now().date());
    text.support = vec![
        (
            "materials".into(),
            "Compost".into(),
            "20 bags".into(),
            "2027".into(),
        ),
        (
            "training".into(),
            "Pruning course".into(),
            "1 day".into(),
            String::new(),
        ),
    ];
    let post = |form: &ProposalForm, values: &[&str]| {
        let mut f = form.fields();
        f.extend(values.iter().map(|v| ("support_value", v.to_string())));
        f
    };
    let form = ProposalForm::new(&c.commons.to_string(), text);
    let p = chiara
        .post("/pacts/new", &refs(&post(&form, &["12,345", ""])))
        .await;
    assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p.has("#support-error"), "the value is refused by the lines");
    assert_eq!(
        p.attr("#support-value-0", "value").as_deref(),
        Some("12,345")
    );
    assert_eq!(c.app.count("pacts"), 0);

    let p = chiara
        .post("/pacts/new", &refs(&post(&form, &["120,50", ""])))
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let id: i64 = p.location().trim_start_matches("/pacts/").parse().unwrap();
    let page = chiara.get(&format!("/pacts/{id}")).await;
    assert_eq!(page.texts("#support-line-1 .promised"), ["120.50 €"]);
    assert_eq!(page.texts("#support-line-2 .promised"), ["no value given"]);
    assert_eq!(page.texts("#support-promised"), ["120.50 €"]);
    assert!(
        !page.has("#support-delivered"),
        "nothing is delivered before signature"
    );
    // A draft is edited as the short proposal: the support lines are co-design's.
    let edit = chiara.get(&format!("/pacts/{id}/edit")).await;
    assert!(edit.has("#participants") && !edit.has("#support-value-0"));

    // In co-design a new estimate alone is a new version of the text.
    let co = pact(&c).until(PactState::CoDesign).build();
    set_values(&c.app, co, &[Some(1_000), None]);
    let current = {
        let mut conn = c.app.state.db.get().unwrap();
        let p = pactum::pacts::store::load(&mut conn, co).unwrap();
        pactum::pacts::store::version(&mut conn, co, p.version).unwrap()
    };
    let form = ProposalForm {
        change_note: Some("A new estimate of the compost.".into()),
        ..ProposalForm::new(&c.commons.to_string(), TextInput::of(&current.text))
    };
    let edit_path = format!("/pacts/{co}/edit");
    let p = chiara
        .post(&edit_path, &refs(&post(&form, &["10", ""])))
        .await;
    assert_eq!(
        p.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing changed"
    );
    let p = chiara
        .post(&edit_path, &refs(&post(&form, &["15", ""])))
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let mut conn = c.app.state.db.get().unwrap();
    let p = pactum::pacts::store::load(&mut conn, co).unwrap();
    assert_eq!(p.version, current.number + 1);
    let version = pactum::pacts::store::version(&mut conn, co, p.version).unwrap();
    assert_eq!(
        service::values_of(&mut conn, version.id).unwrap(),
        vec![Some(1_500), None]
    );
}

/// One sum of cents, in SQL.
fn sum(app: &TestApp, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.state.db.get().unwrap();
    diesel::sql_query(sql)
        .get_result::<N>(&mut *conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

const COUNTED: &str = "p.state IN ('signed', 'monitoring', 'suspended', 'concluded')";

/// What was promised to the signed pacts matching `cond`, straight from the tables.
fn promised_where(app: &TestApp, cond: &str) -> i64 {
    sum(
        app,
        &format!(
            "SELECT CAST(COALESCE(SUM(s.value_cents), 0) AS BIGINT) AS n FROM pact_support s \
             JOIN pact_versions v ON v.id = s.version_id \
             JOIN pacts p ON p.id = v.pact_id AND v.number = p.signed_version \
             WHERE {COUNTED} AND {cond}"
        ),
    )
}

/// What was delivered to the signed pacts, deliveries matching `cond`.
fn delivered_where(app: &TestApp, cond: &str) -> i64 {
    sum(
        app,
        &format!(
            "SELECT CAST(COALESCE(SUM(d.value_cents), 0) AS BIGINT) AS n \
             FROM pact_support_deliveries d JOIN pacts p ON p.id = d.pact_id \
             WHERE {COUNTED} AND {cond}"
        ),
    )
}

/// A table of the statistics page: (row heading, promised, delivered).
fn table(page: &Page, id: &str) -> Vec<(String, String, String)> {
    let heads = page.texts(&format!("#{id} tbody th"));
    let promised = page.texts(&format!("#{id} tbody td.promised"));
    let delivered = page.texts(&format!("#{id} tbody td.delivered"));
    heads
        .into_iter()
        .zip(promised)
        .zip(delivered)
        .map(|((h, p), d)| (h, p, d))
        .collect()
}

fn eur(cents: i64) -> String {
    format!("{} €", pactum::kit::money::euros(cents))
}

#[actix_web::test]
async fn pact_support_stats_match_the_database() {
    let c = city();
    // North, green: two valued lines; south, heritage: one; north, heritage, concluded:
    // one valued line of two; a published proposal's values do not count.
    let a = pact(&c).until(PactState::Signed).build();
    set_values(&c.app, a, &[Some(10_000), Some(2_550)]);
    let b = PactBuilder::new(&c.app)
        .proposed_by(c.anna)
        .on(c.commons_south)
        .led_by(c.heritage)
        .support("funding", "Seeds", "EUR 999.99", "")
        .until(PactState::Signed)
        .build();
    set_values(&c.app, b, &[Some(99_999)]);
    let d = pact(&c)
        .led_by(c.heritage)
        .until(PactState::Concluded)
        .build();
    set_values(&c.app, d, &[None, Some(500)]);
    let e = pact(&c).until(PactState::Published).build();
    set_values(&c.app, e, &[Some(77_700), Some(1)]);
    // Deliveries over more than a year (the one after concluding is late bookkeeping).
    let (sa, sb, sd) = (
        signed_on(&c.app, a),
        signed_on(&c.app, b),
        signed_on(&c.app, d),
    );
    deliver(&c.app, c.marco, a, 400, 0, sa, "50");
    deliver(&c.app, c.marco, a, 400, 1, sa + Duration::days(370), "10");
    deliver(&c.app, c.sara, b, 400, 0, sb + Duration::days(5), "300");
    deliver(&c.app, c.sara, d, 400, 1, sd + Duration::days(30), "5");

    let model = {
        let mut conn = c.app.state.db.get().unwrap();
        pactum::pacts::view::support::totals(&mut conn).unwrap()
    };
    // The sums a reader can check by hand, then the database's own, per dimension.
    assert_eq!(model.overall.promised, 10_000 + 2_550 + 99_999 + 500);
    assert_eq!(model.overall.delivered, 5_000 + 1_000 + 30_000 + 500);
    assert_eq!(model.overall.promised, promised_where(&c.app, "1 = 1"));
    assert_eq!(model.overall.delivered, delivered_where(&c.app, "1 = 1"));
    assert_eq!((model.pacts, model.lines, model.unvalued), (3, 5, 1));
    let districts = [("Navile", c.north.id), ("Savena", c.south.id)];
    assert_eq!(model.by_district.len(), 2, "{:?}", model.by_district);
    for (name, id) in districts {
        let (_, t) = model.by_district.iter().find(|x| x.0 == name).unwrap();
        let cond = format!("p.district_id = {id}");
        assert_eq!(t.promised, promised_where(&c.app, &cond), "{name}");
        assert_eq!(t.delivered, delivered_where(&c.app, &cond), "{name}");
    }
    let offices = [("Green areas", c.green), ("Heritage", c.heritage)];
    assert_eq!(model.by_office.len(), 2, "{:?}", model.by_office);
    for (name, id) in offices {
        let (_, t) = model.by_office.iter().find(|x| x.0 == name).unwrap();
        let cond = format!("p.office_id = {id}");
        assert_eq!(t.promised, promised_where(&c.app, &cond), "{name}");
        assert_eq!(t.delivered, delivered_where(&c.app, &cond), "{name}");
    }
    assert!(model.by_year.len() >= 2, "deliveries over two years");
    for (year, t) in &model.by_year {
        let (from, to) = (format!("'{year}-01-01'"), format!("'{}-01-01'", year + 1));
        let signed = format!("p.signed_at >= {from} AND p.signed_at < {to}");
        let delivered = format!("d.delivered_on >= {from} AND d.delivered_on < {to}");
        assert_eq!(t.promised, promised_where(&c.app, &signed), "{year}");
        assert_eq!(t.delivered, delivered_where(&c.app, &delivered), "{year}");
    }
    let by_year: (i64, i64) = model
        .by_year
        .iter()
        .fold((0, 0), |s, (_, t)| (s.0 + t.promised, s.1 + t.delivered));
    assert_eq!(by_year, (model.overall.promised, model.overall.delivered));

    // The page shows the same.
    let mut anonymous = client!(c.app);
    let page = anonymous.get("/pacts/stats").await;
    assert_eq!(page.status, StatusCode::OK);
    let overall = page.texts("#support-overall");
    assert_eq!(
        overall,
        [format!(
            "Promised: {} · Delivered: {}",
            eur(model.overall.promised),
            eur(model.overall.delivered)
        )]
    );
    let expect = |rows: &[(String, pactum::pacts::support::Totals)]| {
        rows.iter()
            .map(|(n, t)| (n.clone(), eur(t.promised), eur(t.delivered)))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        table(&page, "support-by-district"),
        expect(&model.by_district)
    );
    assert_eq!(table(&page, "support-by-office"), expect(&model.by_office));
    let years: Vec<(String, pactum::pacts::support::Totals)> = model
        .by_year
        .iter()
        .map(|(y, t)| (y.to_string(), *t))
        .collect();
    assert_eq!(table(&page, "support-by-year"), expect(&years));

    // And the totals' CSV.
    let csv = anonymous.get("/pacts/support-totals.csv").await;
    let first = csv
        .body
        .trim_start_matches('\u{FEFF}')
        .lines()
        .nth(1)
        .unwrap();
    assert_eq!(
        first,
        format!(
            "total,,{},{}",
            pactum::kit::money::euros(model.overall.promised),
            pactum::kit::money::euros(model.overall.delivered)
        )
    );
}

fn header(page: &Page) -> Vec<String> {
    page.body
        .trim_start_matches('\u{FEFF}')
        .lines()
        .next()
        .unwrap_or("")
        .split(',')
        .map(str::to_string)
        .collect()
}

#[actix_web::test]
async fn pact_support_the_csv_headers_match_the_readme() {
    let app = TestApp::new();
    let mut anonymous = client!(app);
    for (path, heading) in [
        ("/pacts/support.csv", "### Open data: support export\n"),
        ("/pacts.csv", "### Open data: the pacts CSV\n"),
    ] {
        let page = anonymous.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let listed = readme_columns(heading);
        assert!(listed.len() > 10, "{heading}: {listed:?}");
        assert_eq!(header(&page), listed, "{path} against the README");
    }
}

#[actix_web::test]
async fn pact_support_the_export_has_a_row_per_line_of_the_signed_pacts() {
    let c = city();
    let group_pact = PactBuilder::new(&c.app)
        .proposed_by(c.chiara)
        .for_group(c.group)
        .on(c.commons)
        .support("materials", "Compost", "20 bags", "2027")
        .support("space_use", "Hall", "monthly", "")
        .until(PactState::Signed)
        .build();
    set_values(&c.app, group_pact, &[Some(12_050), None]);
    c.app.execute(&format!(
        "UPDATE pacts SET official_id = {} WHERE id = {group_pact}",
        c.marco
    ));
    let on = signed_on(&c.app, group_pact);
    deliver(&c.app, c.marco, group_pact, 40, 0, on, "50");
    let anna_pact = PactBuilder::new(&c.app)
        .proposed_by(c.anna)
        .on(c.commons_south)
        .complex()
        .act_number("DG/2027/9")
        .support("training", "Pruning course", "1 day", "spring")
        .until(PactState::Signed)
        .build();
    set_values(&c.app, anna_pact, &[Some(30_000)]);
    // A proposal is not in the export.
    let proposal = pact(&c).until(PactState::Published).build();
    set_values(&c.app, proposal, &[Some(1), Some(2)]);

    let mut anonymous = client!(c.app);
    let page = anonymous.get("/pacts/support.csv").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.headers
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap().starts_with("text/csv"))
    );
    let body = page.body.trim_start_matches('\u{FEFF}');
    let mut reader = csv::ReaderBuilder::new().from_reader(body.as_bytes());
    let names: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<std::collections::HashMap<String, String>> = reader
        .records()
        .map(|r| {
            names
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 3, "{body}");
    let base = c
        .app
        .state
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_string();
    let dates = |id: i64| {
        let mut conn = c.app.state.db.get().unwrap();
        pacts::table
            .find(id)
            .select((pacts::start_date, pacts::end_date))
            .first::<(Option<NaiveDate>, Option<NaiveDate>)>(&mut *conn)
            .unwrap()
    };
    let (start, end) = dates(group_pact);
    let it = |key: &str| pactum::web::i18n::catalog().t(pactum::web::i18n::Lang::It, key);
    let expect = |pairs: &[(&str, String)], row: &std::collections::HashMap<String, String>| {
        for (k, v) in pairs {
            assert_eq!(row.get(*k), Some(v), "{k} in {row:?}");
        }
    };
    expect(
        &[
            ("beneficiario", "Amici della Lunetta".into()),
            ("codice_fiscale_partita_iva", String::new()),
            ("importo", "120.50".into()),
            ("importo_erogato", "50.00".into()),
            (
                "norma_titolo_attribuzione",
                pactum::config::DEFAULT_SUPPORT_LEGAL_BASIS.into(),
            ),
            ("ufficio", "Green areas".into()),
            ("responsabile_procedimento", "Marco Bianchi".into()),
            (
                "modalita_individuazione_beneficiario",
                "Patto di collaborazione".into(),
            ),
            ("link_atto", format!("{base}/pacts/{group_pact}")),
            ("numero_atto", String::new()),
            ("data_sottoscrizione", on.to_string()),
            ("data_inizio", start.unwrap().to_string()),
            ("data_fine", end.unwrap().to_string()),
            ("stato", "Patto stipulato".into()),
            ("id_patto", group_pact.to_string()),
            ("riga", "1".into()),
            ("tipo_sostegno", it(&SupportKind::Materials.label_key())),
            ("descrizione", "Compost".into()),
            ("quantita", "20 bags".into()),
            ("periodo", "2027".into()),
            ("state", "signed".into()),
            ("support_kind", "materials".into()),
        ],
        &rows[0],
    );
    expect(
        &[
            ("id_patto", group_pact.to_string()),
            ("riga", "2".into()),
            ("importo", String::new()),
            ("importo_erogato", "0.00".into()),
            ("support_kind", "space_use".into()),
        ],
        &rows[1],
    );
    expect(
        &[
            ("beneficiario", "Anna Neri".into()),
            ("responsabile_procedimento", String::new()),
            ("importo", "300.00".into()),
            ("importo_erogato", "0.00".into()),
            ("numero_atto", "DG/2027/9".into()),
            ("link_atto", format!("{base}/pacts/{anna_pact}")),
            ("support_kind", "training".into()),
        ],
        &rows[2],
    );
    assert_eq!(it(&SupportKind::Materials.label_key()), "Materiali");
}

#[actix_web::test]
async fn pact_support_the_insurance_alert_goes_out_once_30_days_before_it_expires() {
    let c = city();
    let today = pactum::util::now().date();
    let expiry = today + Duration::days(100);
    let mut text = pact_text(today);
    text.insurance_policy = "RC-2027-118".into();
    text.insurer = "Mutua Civica".into();
    text.insurance_expiry = expiry.to_string();
    let id = PactBuilder::new(&c.app)
        .proposed_by(c.chiara)
        .on(c.commons)
        .text(text)
        .support("materials", "Compost", "20 bags", "2027")
        .until(PactState::Signed)
        .build();
    // Expiring before the pact's end: the city and the proposers see it on the page.
    let url = format!("/pacts/{id}");
    for (email, sees) in [
        (Some("chiara"), true),
        (Some("marco"), true),
        (Some("stella"), false),
        (None, false),
    ] {
        let mut client = client!(c.app);
        if let Some(e) = email {
            client.sign_in(&format!("{e}@example.org")).await;
        }
        let page = client.get(&url).await;
        assert_eq!(page.has("#insurance-warning"), sees, "{email:?}");
    }

    let alerts = |app: &TestApp| {
        #[derive(diesel::QueryableByName)]
        struct U {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            user_id: i64,
        }
        let mut conn = app.state.db.get().unwrap();
        let mut users: Vec<i64> = diesel::sql_query(format!(
            "SELECT user_id FROM notifications WHERE kind = 'insurance-expiring' AND pact_id = {id}"
        ))
        .load::<U>(&mut *conn)
        .unwrap()
        .into_iter()
        .map(|u| u.user_id)
        .collect();
        users.sort_unstable();
        users
    };
    let run = |days: i64| {
        let mut conn = c.app.state.db.get().unwrap();
        let env = env_at(&c.app, days);
        in_tx(&mut conn, |cx| service::run_deadlines(cx, &env)).unwrap();
    };
    let alert_day = (expiry - today).num_days() - 30;
    run(alert_day - 1);
    assert!(alerts(&c.app).is_empty(), "not before 30 days");
    run(alert_day);
    let mut expected = vec![c.chiara, c.marco];
    // Whoever acts for the city: every official of the lead office (none is named).
    let elena = {
        let mut conn = c.app.state.db.get().unwrap();
        pactum::accounts::api::person_by_email(&mut conn, "elena@example.org")
            .unwrap()
            .unwrap()
    };
    expected.push(elena);
    expected.sort_unstable();
    assert_eq!(
        alerts(&c.app),
        expected,
        "the proposing side and the office"
    );
    run(alert_day);
    run(alert_day + 20);
    assert_eq!(alerts(&c.app), expected, "once");
    let mail = c.app.deliver_mail();
    let sent: Vec<_> = mail
        .iter()
        .filter(|m| m.subject.contains("The insurance of a pact expires soon"))
        .collect();
    assert_eq!(sent.len(), expected.len(), "one mail each");

    // An insurance that covers the whole pact raises nothing.
    let covered = {
        let mut text = pact_text(today);
        text.insurance_policy = "RC-2".into();
        text.insurer = "Mutua Civica".into();
        text.insurance_expiry = (today + Duration::days(800)).to_string();
        PactBuilder::new(&c.app)
            .proposed_by(c.chiara)
            .on(c.commons)
            .text(text)
            .until(PactState::Signed)
            .build()
    };
    let mut anonymous = client!(c.app);
    let page = anonymous.get(&format!("/pacts/{covered}")).await;
    assert!(!page.has("#insurance-warning"));
}
