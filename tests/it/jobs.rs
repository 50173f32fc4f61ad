//! Background jobs on several instances: leases give each job to one instance at a
//! time, a takeover happens only when a lease ends, a holder that lost its lease has
//! its transactional work undone, and instances racing through their passes do each
//! piece of work exactly once (on PostgreSQL truly in parallel).

use std::sync::Arc;

use pactum::db::Db;
use pactum::jobs::{self, Holder, Job, lease};
use pactum::mail::{self, Email, Transport};
use pactum::pacts::procedure::PactState;

use crate::builders::{CommonsBuilder, OfficeBuilder, PactBuilder, UserBuilder};
use crate::support::TestApp;

/// Another instance's connection pool on the test's database.
fn instance_pool(app: &TestApp) -> Db {
    let url = app.state.config.database_url.clone().expect("database url");
    Db::connect(&url, 4).expect("connect")
}

fn at(secs: i64) -> chrono::NaiveDateTime {
    pactum::util::now() + chrono::Duration::seconds(secs)
}

#[actix_web::test]
async fn each_job_has_one_holder_and_passes_on_only_when_its_lease_ends() {
    let app = TestApp::new();
    let names: &[&'static str] = &["mail", "checkpoint"];
    let (a, b, c) = (
        Holder::named("host-a/10.0.0.1:8080"),
        Holder::named("host-b/10.0.0.2:8080"),
        Holder::named("host-c/10.0.0.3:8080"),
    );
    // Three instances ask at the same moment, each on its own pool: one wins each job.
    let mut askers = Vec::new();
    for h in [a.clone(), b.clone(), c.clone()] {
        let db = instance_pool(&app);
        askers.push(std::thread::spawn(move || {
            let mut conn = db.get().expect("conn");
            let held = lease::take_due(&mut conn, names, &h, at(0)).expect("take");
            (h, held.iter().map(|l| l.name).collect::<Vec<_>>())
        }));
    }
    let results: Vec<(Holder, Vec<&str>)> = askers
        .into_iter()
        .map(|t| t.join().expect("asker"))
        .collect();
    for name in names {
        let holders: Vec<&Holder> = results
            .iter()
            .filter(|(_, held)| held.contains(name))
            .map(|(h, _)| h)
            .collect();
        assert_eq!(holders.len(), 1, "{name} held by {holders:?}");
    }
    let mut conn = app.state.db.get().unwrap();
    let stored = lease::all(&mut conn).unwrap();
    let holder = stored
        .iter()
        .find(|l| l.name == "mail")
        .unwrap()
        .holder
        .clone();
    let (owner, others): (Vec<Holder>, Vec<Holder>) =
        [a, b, c].into_iter().partition(|h| h.name() == holder);
    let owner = &owner[0];
    // Later passes: the holder keeps it, the others still get nothing.
    for h in &others {
        let held = lease::take_due(&mut conn, names, h, at(15)).unwrap();
        assert!(!held.iter().any(|l| l.name == "mail"));
    }
    assert!(
        lease::take_due(&mut conn, names, owner, at(15))
            .unwrap()
            .iter()
            .any(|l| l.name == "mail")
    );
    // The holder goes silent: after its lease ends exactly one other instance takes over.
    let later = at(15 + 21);
    let first = lease::take_due(&mut conn, names, &others[0], later).unwrap();
    let second = lease::take_due(&mut conn, names, &others[1], later).unwrap();
    assert_eq!(
        first.len(),
        2,
        "the first to ask after the end takes both jobs"
    );
    assert!(second.is_empty());
    // A stopping server hands its jobs over at once.
    assert_eq!(lease::release_all(&mut conn, &others[0], later).unwrap(), 2);
    let third = lease::take_due(&mut conn, names, &others[1], later).unwrap();
    assert_eq!(third.len(), 2);
}

#[actix_web::test]
async fn a_holder_whose_lease_ended_has_its_transactional_work_undone() {
    let app = TestApp::new();
    let (a, b) = (Holder::named("a"), Holder::named("b"));
    {
        let mut conn = app.state.db.get().unwrap();
        assert_eq!(
            lease::take_due(&mut conn, &["pact-deadlines"], &a, at(0))
                .unwrap()
                .len(),
            1
        );
        // A stalls past its lease; B takes the job over.
        assert_eq!(
            lease::take_due(&mut conn, &["pact-deadlines"], &b, at(21))
                .unwrap()
                .len(),
            1
        );
    }
    let before = app.count("outbox");
    // A wakes up and runs the job's transaction: the fence refuses and nothing stays.
    let result = app
        .state
        .db
        .transaction(move |conn| {
            mail::enqueue(
                conn,
                &Email {
                    to: "x@example.org".into(),
                    subject: "twice?".into(),
                    text: "-".into(),
                    html: "-".into(),
                },
            )?;
            lease::hold_in(conn, "pact-deadlines", &a, at(22))
        })
        .await;
    assert!(matches!(result, Err(pactum::error::AppError::Conflict(r)) if r == lease::LOST));
    assert_eq!(
        app.count("outbox"),
        before,
        "the stale holder's work was undone"
    );
    // B's own transactions go through.
    let ok = app
        .state
        .db
        .transaction(move |conn| lease::hold_in(conn, "pact-deadlines", &b, at(22)))
        .await;
    assert!(ok.is_ok());
}

/// The jobs one instance runs, as `pactum serve` registers them (the ones with work in
/// this test).
fn instance_jobs(app: &TestApp, outbox: &std::path::Path) -> Vec<Job> {
    let transport =
        Transport::new(None, outbox.to_path_buf(), &app.state.config.mail_from).expect("transport");
    vec![
        pactum::pacts::api::deadlines_job(&app.state.config),
        jobs::mail_job(Arc::new(transport)),
        jobs::checkpoint_job(app.state.ledger_signer.clone()),
    ]
}

#[actix_web::test]
async fn three_instances_racing_through_their_passes_do_each_piece_of_work_once() {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official_in(green).build(&app);
    let commons = CommonsBuilder::new(&app)
        .named("Giardino Lunetta")
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    const PACTS: usize = 6;
    for _ in 0..PACTS {
        PactBuilder::new(&app)
            .proposed_by(chiara)
            .on(commons)
            .until(PactState::Published)
            .build();
    }
    // Every observation window has ended: the deadline job must close each once.
    app.execute("UPDATE pacts SET observation_closes_at = '2000-01-01 00:00:00'");
    // Mail queued before the race, plus what closing the windows queues.
    {
        let mut conn = app.state.db.get().unwrap();
        for i in 0..20 {
            mail::enqueue(
                &mut conn,
                &Email {
                    to: format!("person{i}@example.org"),
                    subject: format!("message {i}"),
                    text: "-".into(),
                    html: "-".into(),
                },
            )
            .unwrap();
        }
    }
    let outbox = tempfile::tempdir().unwrap();
    // Three instances, each with its own pool, jobs and holder name, racing through
    // their passes; between rounds every lease is made to end, so the jobs change
    // hands while work is left.
    for round in 0..4 {
        let mut passes = Vec::new();
        for i in 0..3 {
            let db = instance_pool(&app);
            let jobs = Arc::new(instance_jobs(&app, outbox.path()));
            let holder = Holder::named(&format!("instance-{i}"));
            passes.push(actix_web::rt::spawn(async move {
                for _ in 0..3 {
                    jobs::run_once_as(&db, &jobs, &holder).await;
                }
            }));
        }
        for p in passes {
            p.await.expect("pass");
        }
        app.execute(&format!(
            "UPDATE job_leases SET expires_at = '2000-01-01 00:00:00', \
             last_run_at = NULL -- round {round}"
        ));
    }
    // Each window closed once: one event per pact, all pacts in review.
    assert_eq!(
        app.count("pact_events WHERE kind = 'close_observation'"),
        PACTS as i64
    );
    assert_eq!(
        app.count(&format!(
            "pacts WHERE state = '{}'",
            PactState::InReview.code()
        )),
        PACTS as i64
    );
    // Each message delivered once: as many files as messages, none pending.
    let queued = app.count("outbox WHERE kind = 'email'");
    assert!(queued > 20, "closing the windows queued mail too");
    assert_eq!(
        app.count("outbox WHERE kind = 'email' AND delivered_at IS NULL"),
        0
    );
    let files = std::fs::read_dir(outbox.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .count();
    assert_eq!(files as i64, queued, "no message sent twice");
    // One checkpoint per size, the last one covering the whole log.
    let sizes = app.count("ledger_checkpoints");
    let distinct = app.count("(SELECT DISTINCT size FROM ledger_checkpoints) AS s");
    assert_eq!(sizes, distinct);
    let mut conn = app.state.db.get().unwrap();
    let size = pactum::ledger::store::size(&mut conn).unwrap();
    let last = pactum::ledger::store::latest_checkpoint(&mut conn)
        .unwrap()
        .expect("a checkpoint");
    assert_eq!(last.size, size, "the last checkpoint covers the whole log");
}
