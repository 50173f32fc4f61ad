//! The demo city's pacts convince (issue 15, item 10): each sits on a commons it fits,
//! they spread over the four districts and several offices, every state is still there
//! after the deadline job's first run, the officials' queue shows a few overdue items
//! among many on time, support lines carry values and deliveries, and one pact
//! concluded at its end date by the deadline job.

use crate::support::in_tx;
use diesel::prelude::*;
use pactum::db::schema::{pact_events, pact_support, pact_support_deliveries, pacts};
use pactum::pacts::procedure::PactState;

use crate::support::TestApp;

fn demo() -> TestApp {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    assert!(pactum::demo::load(&mut conn, pactum::config::HashCost::Fast).unwrap());
    app
}

#[test]
fn the_demo_pacts_keep_their_states_through_the_first_deadline_run() {
    let app = demo();
    let mut conn = app.state.db.get().unwrap();
    let before: Vec<(i64, String)> = pacts::table
        .order(pacts::id.asc())
        .select((pacts::id, pacts::state))
        .load(&mut conn)
        .unwrap();
    // The first minute of a running server: the deadline job runs.
    let env = pactum::pacts::store::Env {
        base_url: "http://localhost:8080".into(),
        city: "Valdora".into(),
        rules: pactum::pacts::store::rules(&app.state.config),
        now: pactum::util::now() + chrono::Duration::minutes(1),
    };
    let report = in_tx(&mut conn, |cx| {
        pactum::pacts::service::run_deadlines(cx, &env)
    })
    .unwrap();
    assert_eq!(
        (
            report.closed_observations,
            report.reports_due,
            report.concluded
        ),
        (0, 0, 0),
        "the job moved a demo pact: {report:?}"
    );
    let after: Vec<(i64, String)> = pacts::table
        .order(pacts::id.asc())
        .select((pacts::id, pacts::state))
        .load(&mut conn)
        .unwrap();
    assert_eq!(before, after);
    for s in PactState::ALL {
        assert!(
            after.iter().any(|(_, code)| code == s.code()),
            "no demo pact is {}",
            s.code()
        );
    }
}

#[test]
fn the_demo_pacts_spread_over_districts_and_offices_with_a_realistic_queue() {
    let app = demo();
    let mut conn = app.state.db.get().unwrap();
    let districts: Vec<Option<i64>> = pacts::table
        .select(pacts::district_id)
        .distinct()
        .load(&mut conn)
        .unwrap();
    // Pacts lie in the zones of their commons: several zones, and every quartiere.
    assert!(
        districts.iter().flatten().count() > 4,
        "several zones: {districts:?}"
    );
    let tree = pactum::commons::api::district_tree(&mut conn).unwrap();
    let quartieri: std::collections::BTreeSet<String> = districts
        .iter()
        .flatten()
        .filter_map(|d| tree.ancestor_at(*d, 0).map(|q| q.slug.clone()))
        .collect();
    assert_eq!(
        quartieri.len(),
        4,
        "every quartiere: {quartieri:?} of {districts:?}"
    );
    let offices: Vec<Option<i64>> = pacts::table
        .select(pacts::office_id)
        .distinct()
        .load(&mut conn)
        .unwrap();
    assert!(offices.iter().flatten().count() >= 4, "{offices:?}");
    // The queue: pacts with a deadline, a few of them past it.
    let now = pactum::util::now();
    let dues: Vec<chrono::NaiveDateTime> = pacts::table
        .filter(pacts::due_at.is_not_null())
        .select(pacts::due_at.assume_not_null())
        .load(&mut conn)
        .unwrap();
    let overdue = dues.iter().filter(|d| **d < now).count();
    assert!(
        (1..=3).contains(&overdue) && dues.len() > 2 * overdue,
        "{overdue} overdue of {}",
        dues.len()
    );
    // Ordinary pacts carry no executive act.
    let acts: i64 = pacts::table
        .filter(pacts::kind.eq("ordinary"))
        .filter(pacts::act_number.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(acts, 0);
}

#[test]
fn demo_support_has_values_and_deliveries_and_one_pact_ended_at_its_term() {
    let app = demo();
    let mut conn = app.state.db.get().unwrap();
    let valued: i64 = pact_support::table
        .filter(pact_support::value_cents.is_not_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    let lines: i64 = pact_support::table.count().get_result(&mut conn).unwrap();
    assert!(valued * 4 >= lines * 3, "{valued} of {lines} lines valued");
    let delivered: i64 = pact_support_deliveries::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(delivered >= 3, "{delivered} deliveries");
    // Concluded by the platform (the deadline job) the day after its end date.
    let by_system: Vec<(i64, chrono::NaiveDateTime)> = pact_events::table
        .filter(pact_events::kind.eq("conclude"))
        .filter(pact_events::actor_id.is_null())
        .select((pact_events::pact_id, pact_events::at))
        .load(&mut conn)
        .unwrap();
    assert_eq!(by_system.len(), 1);
    let (id, at) = by_system[0];
    let end: Option<chrono::NaiveDate> = pacts::table
        .find(id)
        .select(pacts::end_date)
        .first(&mut conn)
        .unwrap();
    assert_eq!(end.map(|e| e + chrono::Duration::days(1)), Some(at.date()));
}

#[test]
fn the_demo_has_a_call_with_two_competing_answers_to_compare_and_an_open_call() {
    use pactum::db::schema::{pact_calls, pact_proposals};
    let app = demo();
    let mut conn = app.state.db.get().unwrap();
    let today = pactum::util::now().date();
    let calls: Vec<(
        i64,
        String,
        chrono::NaiveDate,
        Option<chrono::NaiveDateTime>,
    )> = pact_calls::table
        .filter(pact_calls::kind.eq("call"))
        .select((
            pact_calls::id,
            pact_calls::title,
            pact_calls::deadline,
            pact_calls::decided_at,
        ))
        .load(&mut conn)
        .unwrap();
    let closed: Vec<_> = calls
        .iter()
        .filter(|c| c.2 < today && c.3.is_none())
        .collect();
    assert_eq!(closed.len(), 1, "{calls:?}");
    let answers: Vec<String> = pact_proposals::table
        .inner_join(pacts::table)
        .filter(pact_proposals::call_id.eq(closed[0].0))
        .select(pacts::state)
        .load(&mut conn)
        .unwrap();
    assert_eq!(answers, ["submitted", "submitted"]);
    assert!(calls.iter().any(|c| c.2 > today), "an open call: {calls:?}");
}

#[test]
fn each_demo_pact_and_call_sits_on_a_commons_it_fits() {
    use pactum::db::schema::{commons, pact_calls, pact_commons};
    let app = demo();
    let mut conn = app.state.db.get().unwrap();
    let placed: Vec<(String, String, String)> = pacts::table
        .inner_join(pact_commons::table.on(pact_commons::pact_id.eq(pacts::id)))
        .inner_join(commons::table.on(commons::id.eq(pact_commons::commons_id)))
        .select((pacts::title, commons::name, commons::category))
        .load(&mut conn)
        .unwrap();
    let on = |title: &str| {
        placed
            .iter()
            .find(|p| p.0 == title)
            .map(|p| (p.1.as_str(), p.2.as_str()))
            .unwrap_or_else(|| panic!("{title} in {placed:?}"))
    };
    assert_eq!(
        on("Restoring the mural on the river wall"),
        ("Murales del Muro dell'Argine", "wall_art")
    );
    assert_eq!(
        on("Shared vegetable beds at the Orti del Canale"),
        ("Orti Urbani del Canale", "food")
    );
    assert_eq!(
        on("Opening the Longhena school garden after hours"),
        ("Cortile della Scuola Longhena", "school_space")
    );
    assert_eq!(
        on("Sunday reading corner in the Montagnola").0,
        "Parco della Montagnola"
    );
    assert_eq!(
        on("Birdwatching walks in the Bosco dei Cento Alberi").0,
        "Bosco Urbano dei Cento Alberi"
    );
    assert_eq!(
        on("Bicycle repair point in Piazza del Mercato Vecchio").0,
        "Piazza del Mercato Vecchio"
    );
    assert_eq!(
        on("Night market in the old tram depot").0,
        "Ex Deposito dei Tram"
    );
    let calls: Vec<(String, Option<String>)> = pact_calls::table
        .left_join(commons::table.on(pact_calls::commons_id.eq(commons::id.nullable())))
        .filter(pact_calls::kind.eq("call"))
        .order(pact_calls::id.asc())
        .select((pact_calls::title, commons::name.nullable()))
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        calls,
        [
            (
                "Who will run the garden room of the Casa di Quartiere?".to_string(),
                Some("Casa di Quartiere Porta Ovest".to_string())
            ),
            (
                "Gardeners for the Giardino di Via dei Mille".to_string(),
                Some("Giardino di Via dei Mille".to_string())
            ),
        ]
    );
}
