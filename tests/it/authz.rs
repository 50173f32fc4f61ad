//! Every route in the route table refuses those who may not use it: anonymous people
//! on non-public routes, signed-in people without the role on role routes. New routes
//! are covered automatically.

use actix_web::http::StatusCode;
use pactum::accounts::Role;
use pactum::app::{Access, ROUTES};

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
