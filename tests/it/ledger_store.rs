//! The ledger in the database: appends commit or roll back with their transaction,
//! stored hashes reproduce the tree, concurrent appends serialise, checkpoints are
//! signed only when consistent, and role grants land on the ledger pseudonymously.

use crate::support::in_tx;
use actix_web::http::StatusCode;
use diesel::Connection;
use pactum::accounts::Role;
use pactum::error::AppError;
use pactum::ledger::checkpoint::{self, sign_pending};
use pactum::ledger::entry::Entry;
use pactum::ledger::hash::leaf_hash;
use pactum::ledger::store;
use pactum::ledger::tree::{self, MemoryTree};
use pactum::ledger::verify::{verify_consistency, verify_inclusion};

use crate::client;
use crate::support::TestApp;

fn entry(i: u64) -> Entry {
    Entry::new("test.event")
        .with("n", i)
        .with("ref", format!("h{i:x}"))
}

#[test]
fn an_append_rolls_back_with_its_transaction() {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    let r: Result<(), AppError> = conn.transaction(|c| {
        store::append(c, &entry(1))?;
        Err(AppError::Conflict("abandon"))
    });
    assert!(r.is_err());
    assert_eq!(store::size(&mut conn).unwrap(), 0);
    assert_eq!(app.count("ledger_entries"), 0);
    assert_eq!(app.count("ledger_hashes"), 0);
    let i = conn.transaction(|c| store::append(c, &entry(2))).unwrap();
    assert_eq!(i, 0);
    assert_eq!(store::size(&mut conn).unwrap(), 1);
}

#[test]
fn stored_hashes_reproduce_the_tree_and_its_proofs() {
    let app = TestApp::new();
    let mut conn = app.state.db.get().unwrap();
    for i in 0..45 {
        assert_eq!(
            in_tx(&mut conn, |cx| store::append(cx, &entry(i))).unwrap(),
            i
        );
    }
    let bodies = store::entries(&mut conn, 0, 45).unwrap();
    let mem = MemoryTree::from_leaf_hashes(bodies.iter().map(|e| leaf_hash(e.body.as_bytes())));
    for e in &bodies {
        assert_eq!(e.leaf_hash, leaf_hash(e.body.as_bytes()));
        assert!(e.body.starts_with('{') && e.body.contains("\"kind\":\"test.event\""));
    }
    for size in [1, 2, 3, 16, 17, 44, 45] {
        let root = store::root_at(&mut conn, size).unwrap();
        assert_eq!(root, tree::root(&mem, size).unwrap());
        for index in [0, size / 2, size - 1] {
            let proof = store::inclusion_proof(&mut conn, index, size)
                .unwrap()
                .unwrap();
            verify_inclusion(
                index,
                size,
                &bodies[index as usize].leaf_hash,
                &proof,
                &root,
            )
            .unwrap();
        }
        let proof = store::consistency_proof(&mut conn, size, 45)
            .unwrap()
            .unwrap();
        verify_consistency(
            size,
            45,
            &root,
            &store::root_at(&mut conn, 45).unwrap(),
            &proof,
        )
        .unwrap();
    }
    assert!(store::inclusion_proof(&mut conn, 45, 45).unwrap().is_err());
    assert!(
        store::consistency_proof(&mut conn, 46, 45)
            .unwrap()
            .is_err()
    );
}

#[actix_web::test]
async fn concurrent_appends_get_distinct_contiguous_indexes() {
    let app = TestApp::new();
    let mut tasks = Vec::new();
    for t in 0..4u64 {
        let db = app.state.db.clone();
        tasks.push(actix_web::rt::spawn(async move {
            let mut got = Vec::new();
            for i in 0..10u64 {
                let e = entry(t * 100 + i);
                got.push(db.transaction(move |c| store::append(c, &e)).await.unwrap());
            }
            got
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort_unstable();
    assert_eq!(all, (0..40).collect::<Vec<_>>());
    let mut conn = app.state.db.get().unwrap();
    let bodies = store::entries(&mut conn, 0, 40).unwrap();
    let mem = MemoryTree::from_leaf_hashes(bodies.iter().map(|e| leaf_hash(e.body.as_bytes())));
    assert_eq!(
        store::root_at(&mut conn, 40).unwrap(),
        tree::root(&mem, 40).unwrap()
    );
}

#[test]
fn checkpoints_are_signed_for_new_entries_and_never_over_a_rewritten_history() {
    let app = TestApp::new();
    let signer = app.state.ledger_signer.clone();
    let verifier = signer.verifier();
    let mut conn = app.state.db.get().unwrap();
    let first = sign_pending(&mut conn, &signer)
        .unwrap()
        .expect("the empty log gets a checkpoint");
    assert_eq!(first.size, 0);
    assert!(
        sign_pending(&mut conn, &signer).unwrap().is_none(),
        "nothing new"
    );
    for i in 0..5 {
        in_tx(&mut conn, |cx| store::append(cx, &entry(i))).unwrap();
    }
    let c = sign_pending(&mut conn, &signer).unwrap().unwrap();
    let parsed = checkpoint::open(&verifier, &c.note).unwrap();
    assert_eq!(
        (parsed.size, parsed.root, parsed.origin.as_str()),
        (5, c.root, "testville.example/ledger")
    );

    // Someone rewrites entry 1 and, to cover it up, every stored hash above it.
    {
        use diesel::prelude::*;
        use pactum::db::schema::{ledger_entries, ledger_hashes};
        let forged = entry(77).canonical(chrono::Utc::now()).unwrap();
        diesel::update(ledger_entries::table.filter(ledger_entries::idx.eq(1)))
            .set((
                ledger_entries::body.eq(&forged),
                ledger_entries::leaf_hash.eq(leaf_hash(forged.as_bytes()).to_vec()),
            ))
            .execute(&mut *conn)
            .unwrap();
        let bodies = store::entries(&mut conn, 0, 5).unwrap();
        let mem = MemoryTree::from_leaf_hashes(bodies.iter().map(|e| leaf_hash(e.body.as_bytes())));
        for (level, hashes) in mem.levels.iter().enumerate() {
            for (i, h) in hashes.iter().enumerate() {
                diesel::update(
                    ledger_hashes::table
                        .filter(ledger_hashes::level.eq(level as i64))
                        .filter(ledger_hashes::idx.eq(i as i64)),
                )
                .set(ledger_hashes::hash.eq(h.to_vec()))
                .execute(&mut *conn)
                .unwrap();
            }
        }
    }
    in_tx(&mut conn, |cx| store::append(cx, &entry(9))).unwrap();
    let refused = sign_pending(&mut conn, &signer);
    assert!(refused.is_err(), "no checkpoint over a rewritten history");
    assert_eq!(
        store::latest_checkpoint(&mut conn).unwrap().unwrap().size,
        5
    );
}

#[actix_web::test]
async fn role_grants_by_admins_are_on_the_ledger_without_personal_data() {
    let app = TestApp::new();
    app.user("admin@example.org", "Anna Admin", &[Role::Admin]);
    let marco = app.user("marco@example.org", "Marco Bianchi", &[]);
    let before = {
        let mut conn = app.state.db.get().unwrap();
        store::size(&mut conn).unwrap()
    };
    assert_eq!(
        before, 1,
        "the admin role of the fixture (the citizen role stays off)"
    );
    let mut admin = client!(app);
    admin.sign_in("admin@example.org").await;
    let p = admin
        .post(
            &format!("/admin/users/{marco}/roles"),
            &[("role", "signatory")],
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    let mut conn = app.state.db.get().unwrap();
    let entries = store::newest(&mut conn, 10).unwrap();
    let e = &entries[0];
    assert_eq!(e.kind, "role.granted");
    let v: serde_json::Value = serde_json::from_str(&e.body).unwrap();
    assert_eq!(v["role"], "signatory");
    let pseudonym = pactum::accounts::models::find_by_id(&mut conn, marco)
        .unwrap()
        .unwrap()
        .pseudonym;
    assert_eq!(v["user"], pseudonym.as_str());
    assert!(v["by"].as_str().unwrap().starts_with("u_"));
    for e in &entries {
        for secret in [
            "marco@example.org",
            "Marco",
            "Bianchi",
            "admin@example.org",
            "Anna",
        ] {
            assert!(!e.body.contains(secret), "{} leaks {secret}", e.body);
        }
    }
}

#[test]
fn a_new_entry_that_does_not_match_its_hash_is_never_signed() {
    use diesel::prelude::*;
    use pactum::db::schema::ledger_entries;
    let app = TestApp::new();
    let signer = app.state.ledger_signer.clone();
    let mut conn = app.state.db.get().unwrap();
    for i in 0..3 {
        in_tx(&mut conn, |cx| store::append(cx, &entry(i))).unwrap();
    }
    diesel::update(ledger_entries::table.filter(ledger_entries::idx.eq(2)))
        .set(ledger_entries::body.eq("{\"kind\":\"forged\"}"))
        .execute(&mut *conn)
        .unwrap();
    assert!(sign_pending(&mut conn, &signer).is_err());
    assert!(store::latest_checkpoint(&mut conn).unwrap().is_none());
}
