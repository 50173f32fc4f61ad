//! Assemblies and chambers through the web: an administrator creates a body and names
//! its facilitator; people join an open assembly or ask to join one that admits by
//! approval; a facilitator admits, refuses with a reason and removes; a group's
//! referent asks for it to join a chamber, names its delegate and takes it out; the
//! member list shows to whom the rules say. Every membership keeps its dates.

use crate::builders::{BodyBuilder, DistrictBuilder, GroupBuilder, UserBuilder};
use crate::client;
use crate::support::TestApp;
use crate::support::in_tx;

#[test]
fn a_chamber_admits_kinds_that_accounts_knows() {
    use pactum::accounts::groups::GroupKind;
    use pactum::assemblies::model::OrgKind;
    for k in OrgKind::ALL {
        assert!(GroupKind::parse(k.code()).is_some(), "{k:?}");
        assert_eq!(
            k.label_key(),
            GroupKind::parse(k.code()).unwrap().label_key()
        );
    }
}

#[actix_web::test]
async fn an_administrator_creates_an_assembly_and_names_its_facilitator() {
    let app = TestApp::new();
    UserBuilder::new("ada")
        .named("Ada Admin")
        .admin()
        .build(&app);
    let fabio = UserBuilder::new("fabio")
        .named("Fabio Facilitatore")
        .build(&app);
    let district = DistrictBuilder::new("navile", "Navile").build(&app);
    let mut admin = client!(app);
    admin.sign_in("ada@example.org").await;

    // Every bad field is named, and nothing is saved.
    let p = admin
        .post(
            "/assemblies/new",
            &[
                ("kind", "chamber"),
                ("name", ""),
                ("joining", "open"),
                ("motion_threshold", "0"),
                ("district", "999999"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    let summary = p.texts(".error-summary li");
    assert_eq!(summary.len(), 4, "{summary:?}");
    assert!(p.has("#name-error") && p.has("#motion_threshold-error"));
    assert_eq!(app.count("bodies"), 0);
    // A district that does not exist is refused by the service too.
    let p = admin
        .post(
            "/assemblies/new",
            &[
                ("kind", "assembly"),
                ("name", "Assemblea del Navile"),
                ("joining", "open"),
                ("motion_threshold", "3"),
                ("district", "999999"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.has("#district-error"));

    let d = district.id.to_string();
    let p = admin
        .post(
            "/assemblies/new",
            &[
                ("kind", "assembly"),
                ("name", "Assemblea del Navile"),
                ("charter", "We care for the commons of Navile."),
                ("district", d.as_str()),
                ("theme", "Green areas"),
                ("joining", "open"),
                ("motion_threshold", "5"),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    assert_eq!(p.location(), "/assemblies/assemblea-del-navile");
    // The same name again is refused by name.
    let p = admin
        .post(
            "/assemblies/new",
            &[
                ("kind", "assembly"),
                ("name", "Assemblea  del Navile"),
                ("joining", "open"),
                ("motion_threshold", "5"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.body.contains("Another body already has this name"));

    let p = admin.get("/assemblies/assemblea-del-navile").await;
    assert_eq!(p.status, 200);
    assert!(p.body.contains("We care for the commons of Navile."));
    assert!(p.body.contains("Navile") && p.body.contains("Green areas"));
    assert!(p.body.contains("None named yet."));
    let p = admin
        .post(
            "/assemblies/assemblea-del-navile/facilitators",
            &[("email", "nobody@example.org")],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.has("#email-error"));
    let p = admin
        .post(
            "/assemblies/assemblea-del-navile/facilitators",
            &[("email", " Fabio@Example.org ")],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = admin.get("/assemblies/assemblea-del-navile").await;
    assert!(p.body.contains("Fabio Facilitatore"));

    // The facilitator changes the settings; the kind stays.
    let mut f = client!(app);
    f.sign_in("fabio@example.org").await;
    let p = f.get("/assemblies/assemblea-del-navile/edit").await;
    assert_eq!(p.status, 200);
    assert_eq!(
        p.attr("input[name=name]", "value").as_deref(),
        Some("Assemblea del Navile")
    );
    let p = f
        .post(
            "/assemblies/assemblea-del-navile/edit",
            &[
                ("kind", "chamber"),
                ("name", "Assemblea del Navile"),
                ("joining", "approval"),
                ("admits", "association"),
                ("motion_threshold", "5"),
            ],
        )
        .await;
    assert_eq!(p.status, 422);
    assert!(p.has("#kind-error"));
    let p = f
        .post(
            "/assemblies/assemblea-del-navile/edit",
            &[
                ("kind", "assembly"),
                ("name", "Assemblea del Navile"),
                ("charter", "A new charter."),
                ("joining", "approval"),
                ("motion_threshold", "2"),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = f.get("/assemblies/assemblea-del-navile").await;
    assert!(p.body.contains("A new charter."));
    assert!(p.body.contains("2 supporters"));
    assert!(p.body.contains("A facilitator admits each request"));

    // The list shows it; the administrator removes the facilitator.
    let p = client!(app).get("/assemblies").await;
    assert_eq!(p.texts(".card h2"), ["Assemblea del Navile"]);
    let path = format!("/assemblies/assemblea-del-navile/facilitators/{fabio}/remove");
    assert_eq!(admin.post(&path, &[]).await.status, 303);
    assert_eq!(
        f.get("/assemblies/assemblea-del-navile/edit").await.status,
        403
    );
}

#[actix_web::test]
async fn people_join_an_open_assembly_and_ask_to_join_one_by_approval() {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let chiara = UserBuilder::new("chiara")
        .named("Chiara Romano")
        .build(&app);
    UserBuilder::new("luca").named("Luca Bianchi").build(&app);
    UserBuilder::new("unverified").unverified().build(&app);
    let open = BodyBuilder::assembly("Assemblea aperta")
        .facilitator(fabio)
        .build(&app);
    let closed = BodyBuilder::assembly("Assemblea su richiesta")
        .by_approval()
        .facilitator(fabio)
        .build(&app);

    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    assert_eq!(
        c.post(&format!("/assemblies/{open}/join"), &[])
            .await
            .status,
        303
    );
    let p = c.get(&format!("/assemblies/{open}")).await;
    assert!(p.body.contains("You are a member."));
    assert!(p.body.contains("One member"));
    // Twice is refused, not doubled.
    assert_eq!(
        c.post(&format!("/assemblies/{open}/join"), &[])
            .await
            .status,
        403
    );
    assert_eq!(app.count("body_members"), 1);
    // The member list is for members.
    assert_eq!(
        c.get(&format!("/assemblies/{open}/members")).await.status,
        200
    );
    assert_eq!(
        client!(app)
            .get(&format!("/assemblies/{open}/members"))
            .await
            .status,
        403
    );

    // By approval: a request waits; the facilitator refuses it with a reason.
    let mut l = client!(app);
    l.sign_in("luca@example.org").await;
    assert_eq!(
        l.post(&format!("/assemblies/{closed}/join"), &[])
            .await
            .status,
        303
    );
    let p = l.get(&format!("/assemblies/{closed}")).await;
    assert!(p.body.contains("You asked to join"));
    assert_eq!(
        l.get(&format!("/assemblies/{closed}/members")).await.status,
        403
    );
    let mut f = client!(app);
    f.sign_in("fabio@example.org").await;
    let p = f.get(&format!("/assemblies/{closed}")).await;
    assert!(p.body.contains("One request waiting"));
    let p = f.get(&format!("/assemblies/{closed}/requests")).await;
    assert_eq!(p.texts("tbody td:first-child"), ["Luca Bianchi"]);
    let form = p.attr("tbody form", "action").expect("a decision form");
    let long = "x".repeat(2_001);
    let p = f
        .post(&form, &[("decision", "refuse"), ("reason", long.as_str())])
        .await;
    assert_eq!(p.status, 422);
    assert!(
        p.has("#reason-error") || p.body.contains("too long"),
        "{}",
        p.body
    );
    let p = f
        .post(
            &form,
            &[("decision", "refuse"), ("reason", "Not from Navile.")],
        )
        .await;
    assert_eq!(p.status, 303);
    // Decided once: a second decision conflicts.
    assert_eq!(f.post(&form, &[("decision", "admit")]).await.status, 409);
    let (status, reason): (String, String) = {
        let mut conn = app.state.db.get().unwrap();
        use diesel::prelude::*;
        use pactum::db::schema::body_members as m;
        m::table
            .filter(m::reason.eq("Not from Navile."))
            .select((m::status, m::reason))
            .first(&mut conn)
            .unwrap()
    };
    assert_eq!(
        (status.as_str(), reason.as_str()),
        ("refused", "Not from Navile.")
    );
    // Refused, one may ask again; this time the facilitator admits.
    assert_eq!(
        l.post(&format!("/assemblies/{closed}/join"), &[])
            .await
            .status,
        303
    );
    let p = f.get(&format!("/assemblies/{closed}/requests")).await;
    let form = p.attr("tbody form", "action").unwrap();
    assert_eq!(f.post(&form, &[("decision", "admit")]).await.status, 303);
    let p = l.get(&format!("/assemblies/{closed}/members")).await;
    assert_eq!(p.texts("tbody td:first-child"), ["Luca Bianchi"]);

    // The facilitator removes a member with a reason; the person may leave themself.
    let member = form.rsplit('/').next().unwrap().to_string();
    let remove = format!("/assemblies/{closed}/members/{member}/remove");
    assert_eq!(f.post(&remove, &[("reason", "")]).await.status, 422);
    assert_eq!(
        f.post(&remove, &[("reason", "Asked us to.")]).await.status,
        303
    );
    assert_eq!(
        l.post(&format!("/assemblies/{closed}/leave"), &[])
            .await
            .status,
        403
    );
    assert_eq!(
        c.post(&format!("/assemblies/{open}/leave"), &[])
            .await
            .status,
        303
    );
    // Rows keep their dates: three memberships of Luca and Chiara, none current.
    assert_eq!(app.count("body_members"), 3);
    let current: i64 = {
        let mut conn = app.state.db.get().unwrap();
        use diesel::prelude::*;
        use pactum::db::schema::body_members as m;
        m::table
            .filter(m::status.eq_any(["member", "pending"]))
            .count()
            .get_result(&mut conn)
            .unwrap()
    };
    assert_eq!(current, 0);

    // An unverified account may not join.
    let mut u = client!(app);
    u.sign_in("unverified@example.org").await;
    assert_eq!(
        u.post(&format!("/assemblies/{open}/join"), &[])
            .await
            .status,
        403
    );
    let _ = chiara;
}

#[actix_web::test]
async fn a_referent_brings_a_group_into_a_chamber_and_names_its_delegate() {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let rita = UserBuilder::new("rita").named("Rita Referente").build(&app);
    let dario = UserBuilder::new("dario")
        .named("Dario Delegato")
        .build(&app);
    let outsider = UserBuilder::new("outsider").build(&app);
    let coop = GroupBuilder::new("Coop Orti", rita)
        .kind("cooperative")
        .member(dario)
        .build(&app);
    let school = GroupBuilder::new("Scuola Pascoli", rita)
        .kind("school")
        .build(&app);
    let chamber = BodyBuilder::chamber("Camera dei Beni Comuni", &["cooperative", "association"])
        .facilitator(fabio)
        .build(&app);

    let mut r = client!(app);
    r.sign_in("rita@example.org").await;
    let p = r.get(&format!("/assemblies/{chamber}")).await;
    // People do not join a chamber; the referent asks for an admitted kind only.
    assert!(!p.has(&format!("form[action='/assemblies/{chamber}/join']")));
    assert!(p.has(&format!(
        "form[action='/assemblies/{chamber}/groups/{coop}/join']"
    )));
    assert!(!p.has(&format!(
        "form[action='/assemblies/{chamber}/groups/{school}/join']"
    )));
    assert_eq!(
        r.post(&format!("/assemblies/{chamber}/join"), &[])
            .await
            .status,
        403
    );
    assert_eq!(
        r.post(&format!("/assemblies/{chamber}/groups/{school}/join"), &[])
            .await
            .status,
        403
    );
    let mut o = client!(app);
    o.sign_in("outsider@example.org").await;
    assert_eq!(
        o.post(&format!("/assemblies/{chamber}/groups/{coop}/join"), &[])
            .await
            .status,
        403
    );
    assert_eq!(
        r.post(&format!("/assemblies/{chamber}/groups/{coop}/join"), &[])
            .await
            .status,
        303
    );
    // Not admitted yet: no delegate.
    let delegate = format!("/assemblies/{chamber}/groups/{coop}/delegate");
    let d = dario.to_string();
    assert_eq!(
        r.post(&delegate, &[("delegate", d.as_str())]).await.status,
        403
    );
    let mut f = client!(app);
    f.sign_in("fabio@example.org").await;
    let p = f.get(&format!("/assemblies/{chamber}/requests")).await;
    assert_eq!(p.texts("tbody td:first-child"), ["Coop Orti"]);
    let form = p.attr("tbody form", "action").unwrap();
    assert_eq!(f.post(&form, &[("decision", "admit")]).await.status, 303);

    // The member list of a chamber is public, with who votes for each organisation.
    let p = client!(app)
        .get(&format!("/assemblies/{chamber}/members"))
        .await;
    assert_eq!(p.status, 200);
    assert_eq!(p.texts("tbody td:first-child"), ["Coop Orti"]);
    assert_eq!(p.texts("tbody td:nth-child(2)"), ["Rita Referente"]);
    // A delegate must be a member of the group.
    let o_id = outsider.to_string();
    assert_eq!(
        r.post(&delegate, &[("delegate", o_id.as_str())])
            .await
            .status,
        303
    );
    let p = client!(app)
        .get(&format!("/assemblies/{chamber}/members"))
        .await;
    assert_eq!(p.texts("tbody td:nth-child(2)"), ["Rita Referente"]);
    assert_eq!(
        r.post(&delegate, &[("delegate", d.as_str())]).await.status,
        303
    );
    let p = client!(app)
        .get(&format!("/assemblies/{chamber}/members"))
        .await;
    assert_eq!(p.texts("tbody td:nth-child(2)"), ["Dario Delegato"]);
    let p = r.get(&format!("/assemblies/{chamber}")).await;
    assert_eq!(
        p.attr(&format!("#delegate-{coop} option[selected]"), "value")
            .as_deref(),
        Some(d.as_str())
    );

    // The referent takes the group out; a member who is not the referent cannot.
    let mut dd = client!(app);
    dd.sign_in("dario@example.org").await;
    let leave = format!("/assemblies/{chamber}/groups/{coop}/leave");
    assert_eq!(dd.post(&leave, &[]).await.status, 403);
    assert_eq!(r.post(&leave, &[]).await.status, 303);
    let p = client!(app)
        .get(&format!("/assemblies/{chamber}/members"))
        .await;
    assert!(p.body.contains("No members yet."));
}

#[actix_web::test]
async fn the_pages_speak_four_languages() {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .member(fabio)
        .build(&app);
    for (lang, words) in [
        ("en", "Assemblies and Chambers of the Commons"),
        ("it", "Assemblee e Camere dei Beni Comuni"),
        ("nl", "Assemblees en Kamers van de Commons"),
        ("fr", "Assemblées et Chambres des Communs"),
    ] {
        let mut c = client!(app);
        let req = actix_web::test::TestRequest::get()
            .uri("/assemblies")
            .insert_header(("accept-language", lang));
        let p = c.send(req).await;
        assert!(p.body.contains(words), "{lang}");
        let req = actix_web::test::TestRequest::get()
            .uri(&format!("/assemblies/{slug}"))
            .insert_header(("accept-language", lang));
        let p = c.send(req).await;
        assert_eq!(p.status, 200);
        assert!(!p.body.contains("body-"), "{lang}: an untranslated key");
    }
}

#[actix_web::test]
async fn a_facilitator_plans_a_meeting_takes_attendance_and_publishes_the_minutes() {
    use crate::builders::CommonsBuilder;
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let chiara = UserBuilder::new("chiara")
        .named("Chiara Romano")
        .build(&app);
    let luca = UserBuilder::new("luca").named("Luca Bianchi").build(&app);
    let marco = UserBuilder::new("marco").official().build(&app);
    let orto = CommonsBuilder::new(&app)
        .named("Orto Navile")
        .described("A garden.")
        .at(44.5, 11.34)
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .member(chiara)
        .member(luca)
        .build(&app);
    let mut f = client!(app);
    f.sign_in("fabio@example.org").await;
    let new = format!("/assemblies/{slug}/meetings/new");
    assert_eq!(f.get(&new).await.status, 200);
    let fields = |agenda: &'static str| {
        vec![
            ("title", "Winter assembly"),
            ("starts_at", "2030-01-15T18:30"),
            ("ends_at", "2030-01-15T20:00"),
            ("place", "Biblioteca Lame"),
            ("online_url", "https://meet.example/navile"),
            ("agenda", agenda),
        ]
    };
    // A link to a pact that does not exist is refused, by field.
    let p = f.post(&new, &fields("Welcome\n/pacts/999")).await;
    assert_eq!(p.status, 422);
    assert!(p.has("#agenda-error"));
    let agenda: &'static str = Box::leak(format!("Welcome\n/commons/{orto}\n").into_boxed_str());
    let p = f.post(&new, &fields(agenda)).await;
    assert_eq!(p.status, 303, "{}", p.body);
    let page_path = p.location();
    let id: i64 = page_path.rsplit('/').next().unwrap().parse().unwrap();

    // Everyone reads it; the commons is named from the registry.
    let p = client!(app).get(&page_path).await;
    assert_eq!(p.status, 200);
    assert_eq!(p.texts("ol li a"), ["Orto Navile"]);
    assert!(p.body.contains("Attendance not taken yet"));
    assert!(
        !p.has("input[name=present]"),
        "only facilitators take attendance"
    );
    let body = client!(app).get(&format!("/assemblies/{slug}")).await;
    assert!(body.body.contains("Winter assembly"));

    // Its calendar file and the body's feed.
    let ics = client!(app).get(&format!("{page_path}/meeting.ics")).await;
    assert_eq!(ics.status, 200);
    assert!(
        ics.headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(ics.body.contains("SUMMARY:Winter assembly"));
    assert!(ics.body.contains("DTSTART:20300115T183000"));
    assert!(
        ics.body
            .contains(&format!("/assemblies/{slug}/meetings/{id}"))
    );
    let feed = client!(app)
        .get(&format!("/assemblies/{slug}/calendar.ics"))
        .await;
    assert_eq!(feed.body.matches("BEGIN:VEVENT").count(), 1);

    // Attendance: the members ticked; someone not a member is refused.
    let p = f.get(&page_path).await;
    let boxes: Vec<String> = {
        let sel = scraper::Selector::parse("input[name=present]").unwrap();
        p.html()
            .select(&sel)
            .filter_map(|e| e.value().attr("value").map(str::to_string))
            .collect()
    };
    assert_eq!(boxes.len(), 2);
    let att = format!("{page_path}/attendance");
    assert_eq!(f.post(&att, &[("present", "999999")]).await.status, 400);
    assert_eq!(
        f.post(&att, &[("present", boxes[0].as_str())]).await.status,
        303
    );
    let p = f.get(&page_path).await;
    assert!(p.body.contains("One member present"));
    // A member sees who was present; the public sees the count.
    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    let p = c.get(&page_path).await;
    assert_eq!(p.texts("#present-heading + ul li").len(), 1);
    let p = client!(app).get(&page_path).await;
    assert!(!p.has("#present-heading"));

    // Minutes, then cancelling stops further changes.
    let minutes = format!("{page_path}/minutes");
    assert_eq!(f.post(&minutes, &[("minutes", " ")]).await.status, 422);
    assert_eq!(
        f.post(&minutes, &[("minutes", "We agreed to weed on Sundays.")])
            .await
            .status,
        303
    );
    let p = client!(app).get(&page_path).await;
    assert!(p.body.contains("We agreed to weed on Sundays."));
    assert_eq!(
        c.post(&minutes, &[("minutes", "Forged.")]).await.status,
        403
    );
    assert_eq!(
        f.post(&format!("{page_path}/cancel"), &[]).await.status,
        303
    );
    assert_eq!(f.post(&att, &[]).await.status, 409);
    let ics = client!(app).get(&format!("{page_path}/meeting.ics")).await;
    assert!(ics.body.contains("STATUS:CANCELLED"));
    let _ = luca;
}

#[actix_web::test]
async fn members_table_support_and_discuss_a_motion_that_goes_to_a_vote() {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio")
        .named("Fabio Facilitatore")
        .build(&app);
    let chiara = UserBuilder::new("chiara")
        .named("Chiara Romano")
        .build(&app);
    let luca = UserBuilder::new("luca").named("Luca Bianchi").build(&app);
    let sara = UserBuilder::new("sara").named("Sara Neri").build(&app);
    UserBuilder::new("outsider").build(&app);
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .member(chiara)
        .member(luca)
        .member(sara)
        .motion_threshold(2)
        .build(&app);
    let mut c = client!(app);
    c.sign_in("chiara@example.org").await;
    let new = format!("/assemblies/{slug}/motions/new");
    let p = c.post(&new, &[("title", ""), ("text", "")]).await;
    assert_eq!(p.status, 422);
    assert_eq!(p.texts(".error-summary li").len(), 2);
    let p = c
        .post(
            &new,
            &[
                ("title", "Two more compost bins"),
                (
                    "text",
                    "The assembly asks the city for two compost bins at the park.",
                ),
                ("reasons", "The one bin overflows every week."),
            ],
        )
        .await;
    assert_eq!(p.status, 303, "{}", p.body);
    let motion = p.location();
    let p = client!(app).get(&motion).await;
    assert!(p.body.contains("tabled by Chiara Romano"));
    assert!(p.body.contains("gathering support"));
    // The author's own support is the tabling; others support once each.
    assert!(
        !c.get(&motion)
            .await
            .has(&format!("form[action='{motion}/support']"))
    );
    let mut l = client!(app);
    l.sign_in("luca@example.org").await;
    assert_eq!(l.post(&format!("{motion}/support"), &[]).await.status, 303);
    assert_eq!(l.post(&format!("{motion}/support"), &[]).await.status, 403);
    let mut o = client!(app);
    o.sign_in("outsider@example.org").await;
    assert_eq!(o.post(&format!("{motion}/support"), &[]).await.status, 403);
    assert_eq!(o.get(&new).await.status, 403);
    let mut s = client!(app);
    s.sign_in("sara@example.org").await;
    assert_eq!(s.post(&format!("{motion}/support"), &[]).await.status, 303);
    let p = client!(app).get(&motion).await;
    assert!(
        p.body.contains("going to a vote"),
        "the threshold of two was reached"
    );

    // Discussion: tagged comments, a reply, a hidden comment with its public reason.
    let comments = format!("{motion}/comments");
    let p = l.post(&comments, &[("body", " "), ("tag", "for")]).await;
    assert_eq!(p.status, 422);
    assert!(p.has("#body-error"));
    assert_eq!(
        l.post(&comments, &[("body", "x"), ("tag", "maybe")])
            .await
            .status,
        422
    );
    let p = l
        .post(
            &comments,
            &[("body", "Yes, and a sign too."), ("tag", "for")],
        )
        .await;
    assert_eq!(p.status, 303);
    let first: i64 = p
        .location()
        .rsplit("comment-")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let p = s
        .post(
            &comments,
            &[("body", "Who empties them?"), ("tag", "question")],
        )
        .await;
    let rude: i64 = p
        .location()
        .rsplit("comment-")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let parent = first.to_string();
    let p = c
        .post(
            &comments,
            &[
                ("body", "Thanks!"),
                ("tag", "none"),
                ("parent", parent.as_str()),
            ],
        )
        .await;
    assert_eq!(p.status, 303);
    let reply: i64 = p
        .location()
        .rsplit("comment-")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    // A reply to a reply is refused (one level deep).
    let r = reply.to_string();
    assert_eq!(
        c.post(&comments, &[("body", "Deeper"), ("parent", r.as_str())])
            .await
            .status,
        400
    );
    assert_eq!(
        o.post(&comments, &[("body", "Spam"), ("tag", "none")])
            .await
            .status,
        403
    );
    let hide = format!("/assemblies/{slug}/comments/{rude}/hide");
    assert_eq!(s.post(&hide, &[("reason", "Mine.")]).await.status, 403);
    let mut f = client!(app);
    f.sign_in("fabio@example.org").await;
    assert_eq!(f.post(&hide, &[("reason", " ")]).await.status, 400);
    assert_eq!(
        f.post(&hide, &[("reason", "Personal attack.")])
            .await
            .status,
        303
    );
    assert_eq!(f.post(&hide, &[("reason", "Again.")]).await.status, 409);
    let p = client!(app).get(&motion).await;
    assert!(p.body.contains("Hidden by a facilitator: Personal attack."));
    assert!(!p.body.contains("Who empties them?"));
    assert!(p.body.contains("Yes, and a sign too.") && p.body.contains("Thanks!"));
    assert_eq!(p.texts(".replies li").len(), 1);
    let log = client!(app)
        .get(&format!("/assemblies/{slug}/moderation"))
        .await;
    assert_eq!(log.texts("tbody td:nth-child(4)"), ["Personal attack."]);
    assert_eq!(log.texts("tbody td:nth-child(3)"), ["Fabio Facilitatore"]);

    // The author withdraws it; then nobody comments.
    assert_eq!(l.post(&format!("{motion}/withdraw"), &[]).await.status, 403);
    assert_eq!(c.post(&format!("{motion}/withdraw"), &[]).await.status, 303);
    assert_eq!(
        c.post(&comments, &[("body", "Late"), ("tag", "none")])
            .await
            .status,
        403
    );
    let body = client!(app).get(&format!("/assemblies/{slug}")).await;
    assert!(body.body.contains("Two more compost bins"));
    assert!(body.body.contains("withdrawn"));
    let _ = (luca, sara);
}

#[actix_web::test]
async fn in_a_chamber_the_voter_of_an_organisation_tables_in_its_name() {
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let rita = UserBuilder::new("rita").named("Rita Referente").build(&app);
    let dario = UserBuilder::new("dario").build(&app);
    let coop = GroupBuilder::new("Coop Orti", rita)
        .kind("cooperative")
        .member(dario)
        .build(&app);
    let slug = BodyBuilder::chamber("Camera", &["cooperative"])
        .facilitator(fabio)
        .member_group(coop, rita)
        .build(&app);
    let mut d = client!(app);
    d.sign_in("dario@example.org").await;
    let new = format!("/assemblies/{slug}/motions/new");
    assert_eq!(
        d.get(&new).await.status,
        403,
        "a member who does not vote for it"
    );
    let mut r = client!(app);
    r.sign_in("rita@example.org").await;
    let p = r
        .post(
            &new,
            &[("title", "Seed library"), ("text", "Open a seed library.")],
        )
        .await;
    assert_eq!(p.status, 303);
    let p = client!(app).get(&p.location()).await;
    assert!(p.body.contains("tabled by Coop Orti (Rita Referente)"));
}

#[test]
fn an_agenda_links_a_motion_of_its_own_body_only() {
    use pactum::assemblies::model::meeting::{MeetingInput, NewMeeting};
    use pactum::assemblies::model::motion::NewMotion;
    use pactum::assemblies::service::meetings::plan_in;
    use pactum::assemblies::service::motions::table_in;
    use pactum::assemblies::store;
    let app = TestApp::new();
    let fabio = UserBuilder::new("fabio").build(&app);
    let chiara = UserBuilder::new("chiara").build(&app);
    let slug = BodyBuilder::assembly("Assemblea")
        .facilitator(fabio)
        .member(chiara)
        .build(&app);
    let other = BodyBuilder::assembly("Altra").member(chiara).build(&app);
    let now = pactum::util::now();
    let mut conn = app.state.db.get().unwrap();
    let chiara_who = pactum::kit::actor::Who {
        id: chiara,
        roles: vec![pactum::kit::roles::Role::Citizen],
        verified: true,
    };
    let motion = |conn: &mut pactum::db::AnyConnection, slug: &str, title: &str| {
        let m = NewMotion {
            title: title.into(),
            text: "The text.".into(),
            reasons: String::new(),
        };
        in_tx(conn, |cx| table_in(cx, &chiara_who, slug, &m, now)).unwrap()
    };
    let ours = motion(&mut conn, &slug, "Two more compost bins");
    let theirs = motion(&mut conn, &other, "Another body's motion");
    let b = store::by_slug(&mut conn, &slug).unwrap();
    let plan = |conn: &mut pactum::db::AnyConnection, agenda: String| {
        let m = NewMeeting::validate(&MeetingInput {
            title: "Winter assembly".into(),
            starts_at: "2030-01-15T18:30".into(),
            ends_at: "2030-01-15T20:00".into(),
            place: "Biblioteca Lame".into(),
            agenda,
            ..MeetingInput::default()
        })
        .unwrap();
        in_tx(conn, |cx| plan_in(cx, b.id, fabio, m, now))
    };
    assert!(
        plan(
            &mut conn,
            format!("https://city.example/assemblies/{other}/motions/{theirs}")
        )
        .is_err(),
        "another body's motion"
    );
    let id = plan(&mut conn, format!("/assemblies/{slug}/motions/{ours}"))
        .unwrap_or_else(|_| panic!("planned"));
    drop(conn);
    let page = actix_web::rt::System::new()
        .block_on(pactum::assemblies::service::meetings::page(
            &app.state, None, &slug, id,
        ))
        .unwrap();
    assert_eq!(page.agenda.len(), 1);
    assert_eq!(page.agenda[0].title, "Two more compost bins");
    assert_eq!(page.agenda[0].ref_id, Some(ours));
}
