//! Rate limits kept in the database hold across instances: counted by one upsert per
//! attempt, never lost to a race, forgotten on reset, swept when their window ends. On
//! PostgreSQL the application counts there; on SQLite (one process) in memory.

use pactum::db::Db;
use pactum::error::AppError;
use pactum::web::rate_limit::{Limit, RateLimiter};

use crate::support::{TestApp, on_postgres};

fn instance_pool(app: &TestApp) -> Db {
    let url = app.state.config.database_url.clone().expect("database url");
    Db::connect(&url, 4).expect("connect")
}

#[actix_web::test]
async fn a_limit_in_the_database_holds_whichever_instance_counts() {
    let app = TestApp::new();
    let (a, b) = (
        RateLimiter::in_database(instance_pool(&app)),
        RateLimiter::in_database(instance_pool(&app)),
    );
    let limit = Limit::new(5, 600);
    for i in 0..5 {
        let on = if i % 2 == 0 { &a } else { &b };
        on.check("signin-ip:203.0.113.9", limit)
            .await
            .unwrap_or_else(|e| panic!("attempt {i}: {e}"));
    }
    for on in [&a, &b] {
        match on.check("signin-ip:203.0.113.9", limit).await {
            Err(AppError::TooManyRequests { retry_after_secs }) => {
                assert!(
                    (590..=600).contains(&retry_after_secs),
                    "{retry_after_secs}"
                )
            }
            other => panic!("the sixth attempt passed: {other:?}"),
        }
    }
    // Other keys have their own windows.
    assert!(a.check("signin-ip:203.0.113.10", limit).await.is_ok());
    // Forgotten on one instance, forgotten on all.
    b.reset("signin-ip:203.0.113.9").await;
    assert!(a.check("signin-ip:203.0.113.9", limit).await.is_ok());
    // A window that ended starts again at one, and the sweep deletes ended windows.
    app.execute("UPDATE rate_limits SET window_ends_at = '2000-01-01 00:00:00'");
    for _ in 0..5 {
        assert!(b.check("signin-ip:203.0.113.10", limit).await.is_ok());
    }
    assert!(b.check("signin-ip:203.0.113.10", limit).await.is_err());
    let mut conn = app.state.db.get().unwrap();
    let swept = pactum::web::rate_limit::shared::sweep(&mut conn, pactum::util::now()).unwrap();
    assert_eq!(
        swept, 1,
        "the ended window of .9 is swept, the live one of .10 kept"
    );
    assert_eq!(app.count("rate_limits"), 1);
}

#[actix_web::test]
async fn attempts_racing_on_three_instances_are_each_counted() {
    let app = TestApp::new();
    let limit = Limit::new(25, 600);
    let mut racers = Vec::new();
    for _ in 0..3 {
        let limiter = RateLimiter::in_database(instance_pool(&app));
        racers.push(actix_web::rt::spawn(async move {
            let mut passed = 0;
            for _ in 0..20 {
                match limiter.check("search-ip:198.51.100.7", limit).await {
                    Ok(()) => passed += 1,
                    Err(AppError::TooManyRequests { .. }) => {}
                    Err(e) => panic!("{e}"),
                }
            }
            passed
        }));
    }
    let mut passed = 0;
    for r in racers {
        passed += r.await.expect("racer");
    }
    assert_eq!(passed, 25, "60 attempts, a limit of 25");
}

#[actix_web::test]
async fn the_server_counts_in_postgresql_and_in_memory_on_sqlite() {
    let app = TestApp::new();
    assert_eq!(app.state.limiter.is_shared(), on_postgres());
    let mut client = crate::client!(app);
    let answer = client
        .post(
            "/signin",
            &[
                ("email", "nobody@example.org"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_ne!(answer.status.as_u16(), 303, "not signed in");
    let rows = app.count("rate_limits");
    if on_postgres() {
        assert!(rows >= 2, "per address and per account: {rows}");
    } else {
        assert_eq!(rows, 0);
    }
}
