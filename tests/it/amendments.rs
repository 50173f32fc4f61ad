//! Amendments to motions through their use-cases and pages: the motion's author
//! accepts or declines one, its author withdraws it, or its own yes/no vote adopts or
//! rejects it at closing; every text the motion had stays as a version, and the
//! motion's vote waits until no amendment is pending and records the version it
//! decides.

use crate::support::in_tx;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use pactum::assemblies::model::amendment::AmendmentState;
use pactum::assemblies::model::motion::{MotionState, NewMotion};
use pactum::assemblies::model::vote::{Ballot, VoteInput, VoteSettings};
use pactum::assemblies::service::amendments::{decide_in, open_vote_in, propose_in};
use pactum::assemblies::service::motions::table_in;
use pactum::assemblies::service::votes::{cast_in, close_in, open_in};
use pactum::db::AnyConnection;
use pactum::db::schema::{motion_amendments as am, motion_versions as mv, motions, votes};
use pactum::kit::actor::Who;
use pactum::kit::roles::Role;
use pactum::voting::api::Choice;
use pactum::web::forms::Refusal;

use crate::builders::{BodyBuilder, UserBuilder};
use crate::client;
use crate::support::TestApp;

fn who(id: i64) -> Who {
    Who {
        id,
        roles: vec![Role::Citizen],
        verified: true,
    }
}

const TEXT: &str = "The Assembly asks the city for two more compost bins near the gate.";

/// An assembly run by fabio with chiara, paolo and ahmed; chiara's motion (open).
struct Scene {
    app: TestApp,
    slug: String,
    fabio: i64,
    chiara: i64,
    paolo: i64,
    ahmed: i64,
    stranger: i64,
    motion: i64,
}

fn scene() -> Scene {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let chiara = UserBuilder::new("chiara")
        .named("Chiara Romano")
        .build(&app);
    let paolo = UserBuilder::new("paolo").named("Paolo Neri").build(&app);
    let ahmed = UserBuilder::new("ahmed").build(&app);
    let stranger = UserBuilder::new("stranger").build(&app);
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .member(chiara)
        .member(paolo)
        .member(ahmed)
        .build(&app);
    let motion = {
        let mut conn = app.state.db.get().unwrap();
        let m = NewMotion::validate("Compost bins", TEXT, "").unwrap();
        in_tx(&mut conn, |cx| {
            table_in(cx, &who(chiara), &slug, &m, pactum::util::now())
        })
        .unwrap()
    };
    Scene {
        app,
        slug,
        fabio,
        chiara,
        paolo,
        ahmed,
        stranger,
        motion,
    }
}

fn field(r: Result<i64, Refusal>) -> &'static str {
    match r {
        Err(Refusal::Form(e)) => e.iter().next().map_or("", |x| x.1),
        Err(Refusal::App(e)) => panic!("not a form refusal: {e:?}"),
        Ok(_) => panic!("accepted"),
    }
}

fn yes_no(opens: chrono::NaiveDateTime, method: &str) -> VoteSettings {
    VoteSettings::validate(&VoteInput {
        question: "Amendment?".into(),
        method: method.into(),
        options: "A\nB".into(),
        secrecy: "secret".into(),
        opens_at: opens.format("%Y-%m-%dT%H:%M").to_string(),
        closes_at: (opens + chrono::Duration::days(1))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        ..VoteInput::default()
    })
    .unwrap_or_else(|e| panic!("{:?}", e.fields()))
}

type Decided = Result<i64, pactum::error::AppError>;

fn accept_in(c: &mut AnyConnection, w: &Who, slug: &str, a: i64, now: NaiveDateTime) -> Decided {
    decide_in(c, w, slug, a, AmendmentState::Accepted, now)
}

fn decline_in(c: &mut AnyConnection, w: &Who, slug: &str, a: i64, now: NaiveDateTime) -> Decided {
    decide_in(c, w, slug, a, AmendmentState::Rejected, now)
}

fn withdraw_in(c: &mut AnyConnection, w: &Who, slug: &str, a: i64, now: NaiveDateTime) -> Decided {
    decide_in(c, w, slug, a, AmendmentState::Withdrawn, now)
}

fn motion_text(s: &Scene) -> String {
    let mut conn = s.app.state.db.get().unwrap();
    motions::table
        .find(s.motion)
        .select(motions::text)
        .first(&mut conn)
        .unwrap()
}

fn versions(s: &Scene) -> Vec<(i64, String, Option<i64>)> {
    let mut conn = s.app.state.db.get().unwrap();
    mv::table
        .filter(mv::motion_id.eq(s.motion))
        .order(mv::version.asc())
        .select((mv::version, mv::source, mv::amendment_id))
        .load(&mut conn)
        .unwrap()
}

fn state_of(s: &Scene, a: i64) -> (String, Option<i64>) {
    let mut conn = s.app.state.db.get().unwrap();
    am::table
        .find(a)
        .select((am::state, am::decided_by))
        .first(&mut conn)
        .unwrap()
}

#[test]
fn the_motions_author_accepts_an_amendment_and_the_text_gets_a_new_version() {
    let s = scene();
    let now = pactum::util::now();
    let mut conn = s.app.state.db.get().unwrap();
    let three = TEXT.replace("two", "three");
    let a1 = in_tx(&mut conn, |cx| {
        propose_in(cx, &who(s.paolo), &s.slug, s.motion, &three, "More.", now)
    })
    .unwrap_or_else(|_| panic!("propose"));
    let sign = TEXT.replace("gate.", "gate, with a sign.");
    let a2 = in_tx(&mut conn, |cx| {
        propose_in(cx, &who(s.ahmed), &s.slug, s.motion, &sign, "", now)
    })
    .unwrap_or_else(|_| panic!("propose"));
    // Only the motion's author accepts; the amendment's author cannot, nor a facilitator.
    assert!(
        in_tx(&mut conn, |cx| accept_in(
            cx,
            &who(s.paolo),
            &s.slug,
            a1,
            now
        ))
        .is_err()
    );
    assert!(
        in_tx(&mut conn, |cx| accept_in(
            cx,
            &who(s.fabio),
            &s.slug,
            a1,
            now
        ))
        .is_err()
    );
    assert_eq!(motion_text(&s), TEXT);
    assert!(
        versions(&s).is_empty(),
        "no version while the text never changed"
    );

    assert_eq!(
        in_tx(&mut conn, |cx| accept_in(
            cx,
            &who(s.chiara),
            &s.slug,
            a1,
            now
        ))
        .unwrap(),
        s.motion
    );
    assert_eq!(motion_text(&s), three);
    assert_eq!(
        versions(&s),
        [
            (1, "tabled".to_string(), None),
            (2, "amendment".to_string(), Some(a1))
        ]
    );
    assert_eq!(state_of(&s, a1), ("accepted".into(), Some(s.chiara)));
    // Once decided, nobody acts on it again.
    assert!(
        in_tx(&mut conn, |cx| accept_in(
            cx,
            &who(s.chiara),
            &s.slug,
            a1,
            now
        ))
        .is_err()
    );
    assert!(
        in_tx(&mut conn, |cx| withdraw_in(
            cx,
            &who(s.paolo),
            &s.slug,
            a1,
            now
        ))
        .is_err()
    );
    // The other amendment stays proposed, written on version 1; a new one on version 2.
    let base: Vec<(i64, i64)> = am::table
        .order(am::id.asc())
        .select((am::id, am::base_version))
        .load(&mut conn)
        .unwrap();
    assert_eq!(base, [(a1, 1), (a2, 1)]);
    assert_eq!(state_of(&s, a2).0, "proposed");
    let a3 = in_tx(&mut conn, |cx| {
        propose_in(cx, &who(s.ahmed), &s.slug, s.motion, TEXT, "", now)
    })
    .unwrap_or_else(|_| panic!("propose the old text back"));
    let b3: i64 = am::table
        .find(a3)
        .select(am::base_version)
        .first(&mut conn)
        .unwrap();
    assert_eq!(b3, 2);
}

#[test]
fn declining_and_withdrawing_leave_the_text_and_refuse_others() {
    let s = scene();
    let now = pactum::util::now();
    let mut conn = s.app.state.db.get().unwrap();
    let p = |c: &mut AnyConnection, by: i64, t: &str| {
        propose_in(c, &who(by), &s.slug, s.motion, t, "", now).unwrap_or_else(|_| panic!("p"))
    };
    let a1 = p(&mut conn, s.paolo, "Four bins.");
    let a2 = p(&mut conn, s.paolo, "Five bins.");
    // Declining: the motion's author only.
    assert!(
        in_tx(&mut conn, |cx| decline_in(
            cx,
            &who(s.ahmed),
            &s.slug,
            a1,
            now
        ))
        .is_err()
    );
    in_tx(&mut conn, |cx| {
        decline_in(cx, &who(s.chiara), &s.slug, a1, now)
    })
    .unwrap();
    assert_eq!(state_of(&s, a1), ("rejected".into(), Some(s.chiara)));
    // Withdrawing: the amendment's author only.
    assert!(
        in_tx(&mut conn, |cx| withdraw_in(
            cx,
            &who(s.chiara),
            &s.slug,
            a2,
            now
        ))
        .is_err()
    );
    assert!(
        in_tx(&mut conn, |cx| withdraw_in(
            cx,
            &who(s.stranger),
            &s.slug,
            a2,
            now
        ))
        .is_err()
    );
    in_tx(&mut conn, |cx| {
        withdraw_in(cx, &who(s.paolo), &s.slug, a2, now)
    })
    .unwrap();
    assert_eq!(state_of(&s, a2).0, "withdrawn");
    assert_eq!(motion_text(&s), TEXT);
    assert!(versions(&s).is_empty());
    // An amendment of another body's motion is not found there.
    let other = BodyBuilder::assembly("Altra")
        .member(s.chiara)
        .build(&s.app);
    assert!(
        in_tx(&mut conn, |cx| decline_in(
            cx,
            &who(s.chiara),
            &other,
            a1,
            now
        ))
        .is_err()
    );
}

#[test]
fn strangers_and_bad_texts_are_refused() {
    let s = scene();
    let now = pactum::util::now();
    let mut conn = s.app.state.db.get().unwrap();
    let p = |c: &mut AnyConnection, by: i64, t: &str| {
        propose_in(c, &who(by), &s.slug, s.motion, t, "", now)
    };
    assert!(matches!(
        p(&mut conn, s.stranger, "Other text."),
        Err(Refusal::App(pactum::error::AppError::Forbidden))
    ));
    assert!(
        matches!(p(&mut conn, s.fabio, "Other text."), Err(Refusal::App(_))),
        "a facilitator who is no member"
    );
    assert_eq!(
        field(p(&mut conn, s.paolo, "  ")),
        "field-amendment-text-required"
    );
    assert_eq!(
        field(p(&mut conn, s.paolo, TEXT)),
        "field-amendment-text-unchanged"
    );
    assert_eq!(
        field(p(&mut conn, s.paolo, &"x".repeat(20_001))),
        "field-text-too-long"
    );
    assert_eq!(s.app.count("motion_amendments"), 0);
    // A withdrawn motion takes no amendment.
    drop(conn);
    let mut conn = s.app.state.db.get().unwrap();
    diesel::update(motions::table.find(s.motion))
        .set(motions::state.eq(MotionState::Withdrawn.code()))
        .execute(&mut conn)
        .unwrap();
    assert!(matches!(
        p(&mut conn, s.paolo, "Other."),
        Err(Refusal::App(_))
    ));
}

#[test]
fn an_amendment_goes_to_its_own_vote_first_and_its_adoption_changes_the_text_at_closing() {
    let s = scene();
    let now = pactum::util::now();
    let mut conn = s.app.state.db.get().unwrap();
    let three = TEXT.replace("two", "three");
    let a = in_tx(&mut conn, |cx| {
        propose_in(cx, &who(s.paolo), &s.slug, s.motion, &three, "", now)
    })
    .unwrap_or_else(|_| panic!("propose"));
    let lost = in_tx(&mut conn, |cx| {
        propose_in(cx, &who(s.ahmed), &s.slug, s.motion, "Nothing.", "", now)
    })
    .unwrap_or_else(|_| panic!("propose"));
    // The motion goes to a vote (a facilitator schedules it), but not while amendments
    // are pending.
    diesel::update(motions::table.find(s.motion))
        .set(motions::state.eq(MotionState::Scheduled.code()))
        .execute(&mut conn)
        .unwrap();
    let opens = now - chrono::Duration::hours(1);
    let settings = yes_no(opens, "yes_no_abstain");
    assert_eq!(
        field(in_tx(&mut conn, |cx| open_in(
            cx,
            &who(s.fabio),
            &s.slug,
            &settings,
            Some(s.motion),
            now
        ))),
        "field-vote-amendments-pending"
    );
    // An amendment's vote is yes/no and opened by a facilitator only.
    assert_eq!(
        field(in_tx(&mut conn, |cx| open_vote_in(
            cx,
            &who(s.fabio),
            &s.slug,
            &yes_no(opens, "approval"),
            a,
            now
        ))),
        "field-vote-amendment-yes-no"
    );
    assert!(
        in_tx(&mut conn, |cx| open_vote_in(
            cx,
            &who(s.chiara),
            &s.slug,
            &settings,
            a,
            now
        ))
        .is_err()
    );
    let va = in_tx(&mut conn, |cx| {
        open_vote_in(cx, &who(s.fabio), &s.slug, &settings, a, now)
    })
    .unwrap_or_else(|_| panic!("amendment vote"));
    let vl = in_tx(&mut conn, |cx| {
        open_vote_in(cx, &who(s.fabio), &s.slug, &settings, lost, now)
    })
    .unwrap_or_else(|_| panic!("amendment vote"));
    // In its vote, nobody accepts, declines or withdraws it, nor opens a second vote.
    assert!(
        in_tx(&mut conn, |cx| accept_in(
            cx,
            &who(s.chiara),
            &s.slug,
            a,
            now
        ))
        .is_err()
    );
    assert!(
        in_tx(&mut conn, |cx| withdraw_in(
            cx,
            &who(s.paolo),
            &s.slug,
            a,
            now
        ))
        .is_err()
    );
    assert_eq!(
        field(in_tx(&mut conn, |cx| open_vote_in(
            cx,
            &who(s.fabio),
            &s.slug,
            &settings,
            a,
            now
        ))),
        "field-vote-amendment-not-pending"
    );
    let cast = |c: &mut AnyConnection, v: i64, p: i64, x: Choice| {
        cast_in(c, &who(p), &s.slug, v, None, &Ballot::YesNo(x), None, now).unwrap();
    };
    cast(&mut conn, va, s.chiara, Choice::Yes);
    cast(&mut conn, va, s.paolo, Choice::Yes);
    cast(&mut conn, va, s.ahmed, Choice::No);
    cast(&mut conn, vl, s.chiara, Choice::No);
    cast(&mut conn, vl, s.paolo, Choice::No);
    cast(&mut conn, vl, s.ahmed, Choice::Yes);
    assert_eq!(motion_text(&s), TEXT, "nothing changes before closing");
    let later = now + chrono::Duration::days(2);
    in_tx(&mut conn, |cx| close_in(cx, va, later)).unwrap();
    assert_eq!(motion_text(&s), three);
    assert_eq!(state_of(&s, a), ("adopted".into(), None));
    assert_eq!(
        versions(&s),
        [
            (1, "tabled".to_string(), None),
            (2, "amendment".to_string(), Some(a))
        ]
    );
    in_tx(&mut conn, |cx| close_in(cx, vl, later)).unwrap();
    assert_eq!(state_of(&s, lost), ("rejected".into(), None));
    assert_eq!(
        motion_text(&s),
        three,
        "a rejected amendment changes nothing"
    );
    // Now the motion's vote opens, and records the version it decides.
    let vm = in_tx(&mut conn, |cx| {
        open_in(cx, &who(s.fabio), &s.slug, &settings, Some(s.motion), now)
    })
    .unwrap_or_else(|_| panic!("motion vote"));
    let (version, amendment): (Option<i64>, Option<i64>) = votes::table
        .find(vm)
        .select((votes::motion_version, votes::amendment_id))
        .first(&mut conn)
        .unwrap();
    assert_eq!((version, amendment), (Some(2), None));
    // Once the motion's vote opened, no amendment is proposed any more.
    assert!(
        in_tx(&mut conn, |cx| propose_in(
            cx,
            &who(s.paolo),
            &s.slug,
            s.motion,
            "Late.",
            "",
            now
        ))
        .is_err()
    );
    // The ledger names what each vote decided: the amendment and its text's hash, then
    // the motion's version 2 by the hash of its text.
    in_tx(&mut conn, |cx| close_in(cx, vm, later)).unwrap();
    let entries: Vec<String> = {
        use pactum::db::schema::ledger_entries as le;
        le::table
            .order(le::idx.asc())
            .select(le::body)
            .load(&mut conn)
            .unwrap()
    };
    let sha = |t: &str| pactum::util::sha256_hex(t.as_bytes());
    let closed: Vec<&String> = entries
        .iter()
        .filter(|e| e.contains("vote.closed"))
        .collect();
    assert_eq!(closed.len(), 3);
    assert!(
        closed[0].contains(&format!("\"amendment\":{a}")),
        "{}",
        closed[0]
    );
    assert!(closed[0].contains(&sha(&three)), "{}", closed[0]);
    assert!(closed[1].contains(&sha("Nothing.")), "{}", closed[1]);
    assert!(!closed[2].contains("\"amendment\""), "{}", closed[2]);
    assert!(
        closed[2].contains(&sha(&three)),
        "the motion's version 2: {}",
        closed[2]
    );
}

#[actix_web::test]
async fn the_motion_page_shows_the_difference_word_by_word_and_the_form_its_messages() {
    let s = scene();
    let path = format!("/assemblies/{}/motions/{}", s.slug, s.motion);
    let mut paolo = client!(s.app);
    paolo.sign_in("paolo@example.org").await;
    let page = paolo.get(&path).await;
    assert_eq!(
        page.texts("textarea#text"),
        [TEXT],
        "the form starts from the current text"
    );
    // Bad input: the page again, with its error summary and the text as typed.
    let p = paolo
        .post(
            &format!("{path}/amendments"),
            &[("text", TEXT), ("reasons", "Why not.")],
        )
        .await;
    assert_eq!(p.status.as_u16(), 422);
    assert!(p.has(".error-summary a[href='#text']"));
    assert_eq!(p.texts("textarea#reasons"), ["Why not."]);
    let three = TEXT.replace("two", "three");
    let p = paolo
        .post(
            &format!("{path}/amendments"),
            &[("text", three.as_str()), ("reasons", "")],
        )
        .await;
    assert_eq!(p.status.as_u16(), 303, "{}", p.body);
    let page = paolo.get(&path).await;
    assert_eq!(page.texts(".word-diff del"), ["removed: two"]);
    assert_eq!(page.texts(".word-diff ins"), ["added: three"]);
    assert_eq!(
        page.texts(".word-diff del .visually-hidden"),
        ["removed:"],
        "screen readers hear what changed"
    );
    assert!(
        page.texts(".amendment .badge")
            .iter()
            .any(|t| t == "proposed")
    );
    assert!(
        !page.has(".amendment form[action$='/accept']"),
        "not for paolo"
    );
    assert!(page.has(".amendment form[action$='/withdraw']"));
    // The motion's author sees accept and decline, and accepting adds versions.
    let mut chiara = client!(s.app);
    chiara.sign_in("chiara@example.org").await;
    let page = chiara.get(&path).await;
    let accept = page
        .attr(".amendment form[action$='/accept']", "action")
        .expect("accept button");
    assert!(page.has(".amendment form[action$='/decline']"));
    let stranger_says = {
        let mut x = client!(s.app);
        x.sign_in("stranger@example.org").await;
        x.post(&accept, &[]).await.status.as_u16()
    };
    assert_eq!(stranger_says, 403);
    let p = chiara.post(&accept, &[]).await;
    assert_eq!(p.status.as_u16(), 303);
    let page = client!(s.app).get(&path).await;
    assert!(page.texts(".prewrap").iter().any(|t| t == &three));
    assert_eq!(page.texts(".versions li").len(), 2);
    // A facilitator is offered the amendment's vote while one is pending.
    let p2 = paolo
        .post(
            &format!("{path}/amendments"),
            &[("text", "Another text."), ("reasons", "")],
        )
        .await;
    assert_eq!(p2.status.as_u16(), 303);
    let mut fabio = client!(s.app);
    fabio.sign_in("fabio@example.org").await;
    let page = fabio.get(&path).await;
    let link = page
        .attr(".amendment a[href*='votes/new?amendment=']", "href")
        .expect("a link to open its vote");
    let form = fabio.get(&link).await;
    assert_eq!(form.status.as_u16(), 200);
    assert!(form.has("input[name=amendment]"));
    let amendment = form.attr("input[name=amendment]", "value").expect("its id");
    let field = |name: &str| {
        form.attr(&format!("input[name={name}]"), "value")
            .unwrap_or_default()
    };
    let (question, opens, closes) = (field("question"), field("opens_at"), field("closes_at"));
    assert!(question.contains("Compost bins"), "{question}");
    let p = fabio
        .post(
            &format!("/assemblies/{}/votes/new", s.slug),
            &[
                ("amendment", amendment.as_str()),
                ("question", question.as_str()),
                ("method", "yes_no_abstain"),
                ("majority", "simple"),
                ("secrecy", "secret"),
                ("opens_at", opens.as_str()),
                ("closes_at", closes.as_str()),
            ],
        )
        .await;
    assert_eq!(p.status.as_u16(), 303, "{}", p.body);
    let vote = client!(s.app).get(&p.location()).await;
    assert_eq!(
        vote.attr("dd a[href*='#amendment-']", "href"),
        Some(format!("{path}#amendment-{amendment}"))
    );
    // The motion page offers no second vote on it, and nobody can withdraw it now.
    let page = paolo.get(&path).await;
    assert!(!page.has(".amendment form[action$='/withdraw']"));
}
