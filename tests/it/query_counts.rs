//! The busiest pages load in a bounded number of statements: the count is the same
//! whether the city has a handful of rows or many, so a query per row cannot come back.
//! Counted with the pool's statement counter (`Db::statements_sent`), which sees every
//! round trip, transactions and liveness checks included.

use pactum::accounts::Role;
use pactum::commons::model::{CommonsInput, NewCommons};
use pactum::commons::service::{Decision, decide_unchecked, insert_unchecked};

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
        let id =
            insert_unchecked(&mut conn, proposer, &NewCommons::validate(&input).unwrap()).unwrap();
        decide_unchecked(&mut conn, official, id, Decision::Recognise, "")
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
