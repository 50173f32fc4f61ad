//! Votes through their use-cases: the electorate is fixed at opening, each member's
//! voter casts once and changes their ballot only with their tracker, and closing
//! counts the ballots with the tally library. A secret ballot row holds no voter.

use crate::support::in_tx;
use pactum::assemblies::model::vote::{Ballot, VoteInput, VoteSettings};
use pactum::assemblies::service::votes::{cast_in, close_in, open_in};
use pactum::kit::actor::Who;
use pactum::kit::roles::Role;

use crate::builders::{BodyBuilder, GroupBuilder, UserBuilder};
use crate::support::TestApp;

fn who(id: i64) -> Who {
    Who {
        id,
        roles: vec![Role::Citizen],
        verified: true,
    }
}

fn settings(method: &str, secrecy: &str, quorum: &str) -> VoteSettings {
    let now = pactum::util::now();
    VoteSettings::validate(&VoteInput {
        question: "Which project first?".into(),
        method: method.into(),
        options: "Compost bins\nSeed library\nRain barrels".into(),
        quorum: quorum.into(),
        secrecy: secrecy.into(),
        max_score: "5".into(),
        opens_at: (now - chrono::Duration::hours(1))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        closes_at: (now + chrono::Duration::days(1))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        ..VoteInput::default()
    })
    .unwrap_or_else(|e| panic!("{:?}", e.fields()))
}

#[test]
fn a_secret_ranked_vote_counts_each_member_once_and_keeps_no_voter() {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let people: Vec<i64> = (0..5)
        .map(|i| UserBuilder::new(&format!("p{i}")).build(&app))
        .collect();
    let outsider = UserBuilder::new("outsider").build(&app);
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .members(&people)
        .build(&app);
    let mut conn = app.state.db.get().unwrap();
    let now = pactum::util::now();
    let s = settings("irv", "secret", "1/2");
    // Only a facilitator opens a vote.
    assert!(
        in_tx(&mut conn, |cx| open_in(
            cx,
            &who(people[0]),
            &slug,
            &s,
            None,
            now
        ))
        .is_err()
    );
    let id = in_tx(&mut conn, |cx| {
        open_in(cx, &who(fabio), &slug, &s, None, now)
    })
    .unwrap_or_else(|_| panic!("open"));
    assert_eq!(app.count("vote_electorate"), 5);

    // Three rank the seed library first, two the compost bins.
    let ranked = |v: &[usize]| Ballot::Ranked(v.to_vec());
    let mut receipts = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let b = if i < 3 {
            ranked(&[1, 0])
        } else {
            ranked(&[0, 2])
        };
        receipts.push(
            in_tx(&mut conn, |cx| {
                cast_in(cx, &who(*p), &slug, id, None, &b, None, now)
            })
            .unwrap(),
        );
    }
    assert!(receipts.iter().all(|r| !r.changed && r.tracker.len() >= 20));
    // Twice without the tracker is refused; a wrong tracker too; nobody outside votes.
    assert!(
        in_tx(&mut conn, |cx| cast_in(
            cx,
            &who(people[0]),
            &slug,
            id,
            None,
            &ranked(&[0]),
            None,
            now
        ))
        .is_err()
    );
    assert!(
        in_tx(&mut conn, |cx| cast_in(
            cx,
            &who(people[0]),
            &slug,
            id,
            None,
            &ranked(&[0]),
            Some("nope"),
            now
        ))
        .is_err()
    );
    assert!(
        in_tx(&mut conn, |cx| cast_in(
            cx,
            &who(outsider),
            &slug,
            id,
            None,
            &ranked(&[0]),
            None,
            now
        ))
        .is_err()
    );
    // With the tracker, one of the three changes to the compost bins: 3 to 2 now.
    let t = receipts[0].tracker.clone();
    let r = in_tx(&mut conn, |cx| {
        cast_in(
            cx,
            &who(people[0]),
            &slug,
            id,
            None,
            &ranked(&[0]),
            Some(&t),
            now,
        )
    })
    .unwrap();
    assert!(r.changed);
    assert_eq!(r.tracker, t);
    assert_eq!(app.count("vote_ballots"), 5);
    assert_eq!(app.count("vote_participation"), 5);

    // No ballot row names a voter, and none carries a tracker in clear.
    {
        use diesel::prelude::*;
        use pactum::db::schema::vote_ballots as vb;
        let rows: Vec<(String, String, String, Option<i64>)> = vb::table
            .select((
                vb::ballot_sha256,
                vb::tracker_sha256,
                vb::ballot,
                vb::member_id,
            ))
            .load(&mut conn)
            .unwrap();
        for (h, th, text, member) in &rows {
            assert!(member.is_none());
            for r in &receipts {
                assert!(
                    !h.contains(&r.tracker)
                        && !th.contains(&r.tracker)
                        && !text.contains(&r.tracker)
                );
            }
        }
    }

    let closed = in_tx(&mut conn, |cx| close_in(cx, id, now)).unwrap();
    assert_eq!(closed.outcome.winners, ["Compost bins"]);
    assert_eq!(closed.ballots, 5);
    assert_eq!(closed.ballots_sha256.len(), 64);
    // The ledger has the result: the list's and the report's hashes, no person.
    let entry: String = {
        use diesel::prelude::*;
        use pactum::db::schema::ledger_entries as le;
        le::table
            .order(le::idx.desc())
            .select(le::body)
            .first(&mut conn)
            .unwrap()
    };
    assert!(entry.contains("vote.closed"), "{entry}");
    assert!(entry.contains(&closed.ballots_sha256) && entry.contains(&closed.report_sha256));
    assert!(entry.contains("\"verdict\":\"decided\""), "{entry}");
    assert!(
        in_tx(&mut conn, |cx| close_in(cx, id, now)).is_err(),
        "closed once"
    );
    assert!(
        in_tx(&mut conn, |cx| cast_in(
            cx,
            &who(people[4]),
            &slug,
            id,
            None,
            &ranked(&[1]),
            Some(&receipts[4].tracker),
            now
        ))
        .is_err()
    );
}

#[test]
fn a_missed_quorum_fails_and_an_open_vote_names_its_voters() {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let a = UserBuilder::new("a").build(&app);
    let b = UserBuilder::new("b").build(&app);
    let c = UserBuilder::new("c").build(&app);
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .member(a)
        .member(b)
        .member(c)
        .build(&app);
    let mut conn = app.state.db.get().unwrap();
    let now = pactum::util::now();
    let s = settings("yes_no_abstain", "open", "3");
    let id = in_tx(&mut conn, |cx| {
        open_in(cx, &who(fabio), &slug, &s, None, now)
    })
    .unwrap_or_else(|_| panic!("open"));
    use pactum::voting::yes_no::Choice;
    in_tx(&mut conn, |cx| {
        cast_in(
            cx,
            &who(a),
            &slug,
            id,
            None,
            &Ballot::YesNo(Choice::Yes),
            None,
            now,
        )
    })
    .unwrap();
    in_tx(&mut conn, |cx| {
        cast_in(
            cx,
            &who(b),
            &slug,
            id,
            None,
            &Ballot::YesNo(Choice::Yes),
            None,
            now,
        )
    })
    .unwrap();
    let named: i64 = {
        use diesel::prelude::*;
        use pactum::db::schema::vote_ballots as vb;
        vb::table
            .filter(vb::member_id.is_not_null())
            .count()
            .get_result(&mut conn)
            .unwrap()
    };
    assert_eq!(named, 2, "an open vote keeps whose ballot it is");
    let closed = in_tx(&mut conn, |cx| close_in(cx, id, now)).unwrap();
    assert!(
        closed.outcome.winners.is_empty(),
        "two of three is under a quorum of 3"
    );
}

#[test]
fn in_a_chamber_the_delegate_casts_the_organisations_ballot() {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let rita = UserBuilder::new("rita").build(&app);
    let dario = UserBuilder::new("dario").build(&app);
    let coop = GroupBuilder::new("Coop", rita)
        .kind("cooperative")
        .member(dario)
        .build(&app);
    let slug = BodyBuilder::chamber("Camera", &["cooperative"])
        .facilitator(fabio)
        .member_group(coop, rita)
        .build(&app);
    let mut conn = app.state.db.get().unwrap();
    let now = pactum::util::now();
    let id = in_tx(&mut conn, |cx| {
        open_in(
            cx,
            &who(fabio),
            &slug,
            &settings("approval", "secret", ""),
            None,
            now,
        )
    })
    .unwrap_or_else(|_| panic!("open"));
    // No delegate was named: the referent votes; the member does not.
    assert!(
        in_tx(&mut conn, |cx| cast_in(
            cx,
            &who(dario),
            &slug,
            id,
            None,
            &Ballot::Approval(vec![0]),
            None,
            now
        ))
        .is_err()
    );
    in_tx(&mut conn, |cx| {
        cast_in(
            cx,
            &who(rita),
            &slug,
            id,
            None,
            &Ballot::Approval(vec![0, 2]),
            None,
            now,
        )
    })
    .unwrap();
    let closed = in_tx(&mut conn, |cx| close_in(cx, id, now)).unwrap();
    assert_eq!(closed.ballots, 1);
}

#[actix_web::test]
async fn a_member_casts_a_ranked_ballot_changes_it_and_finds_it_counted() {
    use crate::client;
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let chiara = UserBuilder::new("chiara").build(&app);
    let luca = UserBuilder::new("luca").build(&app);
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .member(chiara)
        .member(luca)
        .build(&app);
    let now = pactum::util::now();
    let at = |h: i64| {
        (now + chrono::Duration::hours(h))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let mut f = client!(app);
    f.sign_in("fabio@example.org").await;
    let new = format!("/assemblies/{slug}/votes/new");
    assert_eq!(f.get(&new).await.status, 200);
    let (opens, closes) = (at(-1), at(2));
    let p = f
        .post(
            &new,
            &[
                ("question", "Which project first?"),
                ("method", "irv"),
                ("options", "Compost bins\nSeed library\nRain barrels"),
                ("secrecy", "secret"),
                ("opens_at", opens.as_str()),
                ("closes_at", closes.as_str()),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let vote = p.location();

    // A ranked ballot without JavaScript: one rank select per option.
    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    let page = c.get(&vote).await;
    assert_eq!(page.texts("select[name^=rank-]").len(), 3);
    let ballot = format!("{vote}/ballot");
    let p = c.post(&ballot, &[("rank-1", "1"), ("rank-2", "1")]).await;
    assert_eq!(p.status, 422);
    assert!(
        p.body.contains("Two options have the same rank"),
        "{}",
        p.body
    );
    let p = c.post(&ballot, &[("rank-2", "1"), ("rank-1", "2")]).await;
    assert_eq!(p.status, 200);
    let tracker = p.texts(".receipt code").pop().expect("a tracker");
    assert_eq!(p.headers.get("cache-control").unwrap(), "no-store");
    assert!(tracker.len() >= 20);
    // Voting again without the tracker is refused; with it, the ballot changes.
    assert_eq!(c.post(&ballot, &[("rank-1", "1")]).await.status, 409);
    let p = c
        .post(&ballot, &[("rank-1", "1"), ("tracker", tracker.as_str())])
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("Your ballot is changed"));
    // Luca asks for his receipt by mail: it is sent at once, and never queued, so no
    // table holds his address beside his tracker.
    let mut l = client!(app);
    l.sign_in("luca@example.org").await;
    let queued = app.count("outbox");
    let p = l
        .post(
            &ballot,
            &[("rank-3", "1"), ("rank-1", "2"), ("mail_receipt", "on")],
        )
        .await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("Your tracker was mailed"), "{}", p.body);
    let luca_tracker = p.texts(".receipt code").pop().expect("a tracker");
    assert_eq!(app.count("outbox"), queued, "the receipt is not queued");
    let mails: Vec<_> = app
        .deliver_mail()
        .into_iter()
        .filter(|m| m.text.contains(&luca_tracker))
        .collect();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "luca@example.org");
    assert!(mails[0].subject.contains("Your tracker"));
    assert!(
        mails[0]
            .text
            .contains(&format!("/assemblies/{slug}/votes/"))
    );
    assert_eq!(
        f.post(&ballot, &[("rank-1", "1")]).await.status,
        403,
        "not a member"
    );

    // Closing counts: both rank the compost bins first or second; it wins.
    {
        let mut conn = app.state.db.get().unwrap();
        let later = now + chrono::Duration::hours(3);
        assert_eq!(
            in_tx(&mut conn, |cx| {
                pactum::assemblies::service::votes::close_due_in(cx, later)
            })
            .unwrap(),
            1
        );
    }
    let p = client!(app).get(&vote).await;
    assert!(p.has("#result-heading"));
    // The chart: drawn on the server, labelled for screen readers, the winner starred.
    assert!(p.has("figure.result-chart svg[role=img] title"));
    assert!(p.has("figure.result-chart svg desc"));
    assert!(p.body.contains("★ prevailed"));
    let check = format!("{vote}/check");
    let p = client!(app)
        .post(&check, &[("tracker", tracker.as_str())])
        .await;
    assert!(p.body.contains("Your ballot is counted"), "{}", p.body);
    let p = client!(app).post(&check, &[("tracker", "not-mine")]).await;
    assert!(p.body.contains("No ballot of this vote has this tracker."));
    // The published ballots recount, with pactum tally's code, to the same winner.
    let blt = client!(app).get(&format!("{vote}/ballots")).await;
    assert_eq!(blt.status, 200);
    let args = recount("irv");
    let (status, out) = pactum::cli::tally_text(&args, &blt.body).unwrap();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(status, 0);
    let page = client!(app).get(&vote).await;
    let winner = json["winners"][0].as_str().unwrap().to_string();
    assert!(
        page.texts("#result-heading + ol li").contains(&winner),
        "{winner}"
    );
    // The list of hashes has the voter's ballot, and its hash is on the ledger.
    let hashes = client!(app).get(&format!("{vote}/hashes.txt")).await;
    assert_eq!(hashes.body.lines().count(), 2);
    let list_hash = pactum::util::sha256_hex(hashes.body.as_bytes());
    assert!(page.body.contains(&list_hash));
    let _ = (chiara, luca);
}

/// Every row of every table, as text (PostgreSQL casts a row to text; on SQLite the
/// database files themselves are read, write-ahead log included).
fn everything_stored(app: &TestApp) -> String {
    use diesel::prelude::*;
    use diesel::sql_types::Text;
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        row: String,
    }
    let mut out = String::new();
    if crate::support::on_postgres() {
        let mut conn = app.state.db.get().unwrap();
        let tables: Vec<Row> = diesel::sql_query(
            "SELECT table_name::text AS row FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
        .load(&mut conn)
        .unwrap();
        for t in tables {
            let rows: Vec<Row> = diesel::sql_query(format!(
                "SELECT CAST(t AS TEXT) AS row FROM \"{}\" t",
                t.row
            ))
            .load(&mut conn)
            .unwrap();
            for r in rows {
                out.push_str(&r.row);
                out.push('\n');
            }
        }
    }
    // The data directory: the SQLite files, the e-mail outbox, uploads.
    let mut dirs = vec![app.state.config.data_dir.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else {
                out.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

/// A writer the test's log lines go to.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[actix_web::test]
async fn two_hundred_secret_ballots_leave_no_trace_of_who_voted_what() {
    use pactum::assemblies::model::vote::ballot_hash;
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let voters: Vec<i64> = (0..200)
        .map(|i| UserBuilder::new(&format!("v{i}")).build(&app))
        .collect();
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .members(&voters)
        .build(&app);
    let log = Captured::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let mut conn = app.state.db.get().unwrap();
    let now = pactum::util::now();
    let (id, cast) = tracing::subscriber::with_default(subscriber, || {
        let id = in_tx(&mut conn, |cx| {
            open_in(
                cx,
                &who(fabio),
                &slug,
                &settings("irv", "secret", "1/2"),
                None,
                now,
            )
        })
        .unwrap_or_else(|_| panic!("open"));
        let mut cast = Vec::new();
        for (i, v) in voters.iter().enumerate() {
            // A spread of rankings over the three options.
            let b = Ballot::Ranked(match i % 5 {
                0 | 1 => vec![1, 0],
                2 => vec![0, 2, 1],
                3 => vec![2, 0],
                _ => vec![0],
            });
            let r = in_tx(&mut conn, |cx| {
                cast_in(cx, &who(*v), &slug, id, None, &b, None, now)
            })
            .unwrap();
            cast.push((*v, r.tracker, b));
        }
        (id, cast)
    });
    drop(conn);
    let closed = {
        let mut conn = app.state.db.get().unwrap();
        in_tx(&mut conn, |cx| close_in(cx, id, now)).unwrap()
    };
    assert_eq!(closed.ballots, 200);

    // No tracker is stored or logged anywhere, and no ballot row names a voter.
    let stored = everything_stored(&app);
    let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    for (_, tracker, _) in &cast {
        assert!(!stored.contains(tracker.as_str()), "a tracker is stored");
        assert!(!logged.contains(tracker.as_str()), "a tracker is logged");
    }
    {
        use diesel::prelude::*;
        use pactum::db::schema::vote_ballots as vb;
        let mut conn = app.state.db.get().unwrap();
        let named: i64 = vb::table
            .filter(vb::member_id.is_not_null())
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(named, 0);
    }
    // Every voter's ballot is in the published list of hashes, whose hash the
    // ledger holds; the published ballots recount to the stored result.
    let hashes = {
        let mut conn = app.state.db.get().unwrap();
        use diesel::prelude::*;
        use pactum::db::schema::vote_ballots as vb;
        let mut h: Vec<String> = vb::table
            .filter(vb::vote_id.eq(id))
            .select(vb::ballot_sha256)
            .load(&mut conn)
            .unwrap();
        h.sort();
        h
    };
    assert_eq!(
        pactum::util::sha256_hex(hashes.join("\n").as_bytes()),
        closed.ballots_sha256
    );
    // Where the rows lie follows their hashes, not the casting order: the table's own
    // order (PostgreSQL: the physical position, ctid; SQLite: the key of a table
    // WITHOUT ROWID) is the sorted list.
    {
        use diesel::prelude::*;
        use diesel::sql_types::Text;
        #[derive(QueryableByName)]
        struct H {
            #[diesel(sql_type = Text)]
            h: String,
        }
        let order = if crate::support::on_postgres() {
            "ORDER BY ctid"
        } else {
            ""
        };
        let mut conn = app.state.db.get().unwrap();
        let stored: Vec<String> = diesel::sql_query(format!(
            "SELECT ballot_sha256 AS h FROM vote_ballots WHERE vote_id = {id} {order}"
        ))
        .load::<H>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|r| r.h)
        .collect();
        assert_eq!(stored, hashes, "rows lie in hash order after closing");
    }
    for (_, tracker, b) in &cast {
        assert!(hashes.binary_search(&ballot_hash(tracker, b)).is_ok());
    }
    // The ballots as published after closing (BLT), not as the test cast them.
    let blt = pactum::assemblies::service::vote_pages::published(&app.state, &slug, id, false)
        .await
        .unwrap();
    assert_eq!(blt.lines().filter(|l| l.starts_with("1 ")).count(), 200);
    let args = pactum::cli::TallyArgs {
        quorum: Some("1/2".into()),
        electorate: Some(200),
        ..recount("irv")
    };
    let (status, out) = pactum::cli::tally_text(&args, &blt).unwrap();
    assert_eq!(status, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["winners"], serde_json::json!(closed.outcome.winners));
}

/// `pactum tally`'s settings for recounting a published ballot file of `method`: the
/// defaults of the command line, a BLT file.
fn recount(method: &str) -> pactum::cli::TallyArgs {
    pactum::cli::TallyArgs {
        method: method.into(),
        seats: None,
        stv: "meek".into(),
        block_is_veto: false,
        majority: "simple".into(),
        max_score: None,
        quorum: None,
        electorate: None,
        present: None,
        electorate_weight: None,
        file: "ballots.blt".into(),
    }
}

/// The last ledger entry's JSON text.
fn last_entry(conn: &mut pactum::db::AnyConnection) -> String {
    use diesel::prelude::*;
    use pactum::db::schema::ledger_entries as le;
    le::table
        .order(le::idx.desc())
        .select(le::body)
        .first(conn)
        .unwrap()
}

#[actix_web::test]
async fn a_vote_held_in_a_meeting_counts_the_members_present_for_its_quorum() {
    use pactum::assemblies::model::meeting::{MeetingInput, NewMeeting};
    use pactum::assemblies::service::meetings::{plan_in, take_attendance};
    use pactum::assemblies::store;
    use pactum::voting::yes_no::Choice;
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let people: Vec<i64> = (0..4)
        .map(|i| UserBuilder::new(&format!("p{i}")).build(&app))
        .collect();
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .members(&people)
        .build(&app);
    let other = BodyBuilder::assembly("Altra")
        .facilitator(fabio)
        .build(&app);
    let now = pactum::util::now();
    let mut conn = app.state.db.get().unwrap();
    let meeting = |conn: &mut pactum::db::AnyConnection, slug: &str| {
        let b = store::by_slug(conn, slug).unwrap();
        let m = NewMeeting::validate(&MeetingInput {
            title: "Winter assembly".into(),
            starts_at: "2030-01-15T18:30".into(),
            ends_at: "2030-01-15T20:00".into(),
            place: "Biblioteca Lame".into(),
            ..MeetingInput::default()
        })
        .unwrap();
        (
            b.id,
            in_tx(conn, |cx| plan_in(cx, b.id, fabio, m, now)).unwrap(),
        )
    };
    let (body_id, held) = meeting(&mut conn, &slug);
    let (_, elsewhere) = meeting(&mut conn, &other);
    // Three of the four members are present.
    let present: Vec<i64> = people[..3]
        .iter()
        .map(|p| {
            store::current_of(&mut conn, body_id, Some(*p), None)
                .unwrap()
                .unwrap()
                .id
        })
        .collect();
    drop(conn);
    take_attendance(&app.state, &who(fabio), &slug, held, present)
        .await
        .unwrap();
    let mut conn = app.state.db.get().unwrap();

    let in_meeting = |quorum: &str, m: i64| {
        let mut s = settings("yes_no_abstain", "open", quorum);
        s.meeting = Some(m);
        s
    };
    // Another body's meeting is refused.
    assert!(
        in_tx(&mut conn, |cx| open_in(
            cx,
            &who(fabio),
            &slug,
            &in_meeting("3", elsewhere),
            None,
            now
        ))
        .is_err()
    );
    let met = in_tx(&mut conn, |cx| {
        open_in(cx, &who(fabio), &slug, &in_meeting("3", held), None, now)
    })
    .unwrap_or_else(|_| panic!("open"));
    let missed = in_tx(&mut conn, |cx| {
        open_in(cx, &who(fabio), &slug, &in_meeting("4", held), None, now)
    })
    .unwrap_or_else(|_| panic!("open"));
    // Two ballots each: under either quorum by ballots, but three members were there.
    for id in [met, missed] {
        for p in &people[..2] {
            in_tx(&mut conn, |cx| {
                cast_in(
                    cx,
                    &who(*p),
                    &slug,
                    id,
                    None,
                    &Ballot::YesNo(Choice::Yes),
                    None,
                    now,
                )
            })
            .unwrap();
        }
    }
    let closed = in_tx(&mut conn, |cx| close_in(cx, met, now)).unwrap();
    assert_eq!(closed.outcome.winners, ["yes"]);
    assert_eq!(closed.outcome.report["quorum"]["basis"], "present");
    assert_eq!(closed.outcome.report["quorum"]["participation"], 3);
    assert!(last_entry(&mut conn).contains("\"present\":3"));
    let closed = in_tx(&mut conn, |cx| close_in(cx, missed, now)).unwrap();
    assert!(
        closed.outcome.winners.is_empty(),
        "three present of four needed"
    );
    assert!(
        closed.outcome.report["decided_by"]
            .as_str()
            .unwrap()
            .contains("3 members present, 4 needed")
    );
}

#[actix_web::test]
async fn a_chamber_decides_by_double_majority_of_organisations_and_their_members() {
    use pactum::assemblies::model::vote::Secrecy;
    use pactum::voting::yes_no::{Choice, Majority};
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    // Three small organisations (the referent alone: 1 member each) and a large one
    // (the referent and six members: 7).
    let mut chamber =
        BodyBuilder::chamber("Camera", &["cooperative", "association"]).facilitator(fabio);
    let mut referents = Vec::new();
    for i in 0..3 {
        let r = UserBuilder::new(&format!("ref{i}")).build(&app);
        let g = GroupBuilder::new(&format!("Coop {i}"), r)
            .kind("cooperative")
            .build(&app);
        chamber = chamber.member_group(g, r);
        referents.push(r);
    }
    let big_referent = UserBuilder::new("big").build(&app);
    let mut big = GroupBuilder::new("Big association", big_referent).kind("association");
    for i in 0..6 {
        big = big.member(UserBuilder::new(&format!("m{i}")).build(&app));
    }
    chamber = chamber.member_group(big.build(&app), big_referent);
    let slug = chamber.build(&app);
    let assembly = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .member(referents[0])
        .build(&app);
    let now = pactum::util::now();
    let mut conn = app.state.db.get().unwrap();
    let mut s = settings("yes_no_abstain", "open", "");
    s.majority = Majority::DOUBLE;
    // Only a chamber, and only in the open: a weight would name a secret ballot.
    assert!(
        in_tx(&mut conn, |cx| open_in(
            cx,
            &who(fabio),
            &assembly,
            &s,
            None,
            now
        ))
        .is_err()
    );
    let mut secret = s.clone();
    secret.secrecy = Secrecy::Secret;
    assert!(
        in_tx(&mut conn, |cx| open_in(
            cx,
            &who(fabio),
            &slug,
            &secret,
            None,
            now
        ))
        .is_err()
    );
    let id = in_tx(&mut conn, |cx| {
        open_in(cx, &who(fabio), &slug, &s, None, now)
    })
    .unwrap_or_else(|_| panic!("open"));
    // The three small organisations say yes (3 of 4 ≥ 55 %), the large one no: they
    // represent 3 of 10 members, under 65 %. One organisation, one vote would carry it.
    for r in &referents {
        let yes = Ballot::YesNo(Choice::Yes);
        in_tx(&mut conn, |cx| {
            cast_in(cx, &who(*r), &slug, id, None, &yes, None, now)
        })
        .unwrap();
    }
    let no = Ballot::YesNo(Choice::No);
    in_tx(&mut conn, |cx| {
        cast_in(cx, &who(big_referent), &slug, id, None, &no, None, now)
    })
    .unwrap();
    let closed = in_tx(&mut conn, |cx| close_in(cx, id, now)).unwrap();
    assert_eq!(closed.outcome.winners, ["no"]);
    let count = &closed.outcome.report["count"];
    assert_eq!(count["weight"]["yes"], 3);
    assert_eq!(count["weight"]["electorate"], 10);
    assert_eq!(count["weight"]["needed"], 7);
    assert!(last_entry(&mut conn).contains("\"electorate_weight\":10"));
    drop(conn);
    // The published CSV carries each organisation's weight and recounts the same way.
    let csv = pactum::assemblies::service::vote_pages::published(&app.state, &slug, id, false)
        .await
        .unwrap();
    assert!(csv.starts_with("vote,weight\n"), "{csv}");
    let args = pactum::cli::TallyArgs {
        majority: "double".into(),
        electorate: Some(4),
        electorate_weight: Some(10),
        ..recount("yes_no_abstain")
    };
    let (status, out) = pactum::cli::tally_text(&args, &csv).unwrap();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!((status, &json["winners"]), (0, &serde_json::json!(["no"])));
    assert_eq!(json["report"], closed.outcome.report);
}
