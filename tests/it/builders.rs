//! Fixture builders: people, offices, groups, districts, commons and pacts in any
//! state, made through the real use-cases (the services' functions the tests called by
//! hand before), in the style of crates.io's test builders:
//!
//! ```ignore
//! let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
//! let marco = UserBuilder::new("marco").official_in(green).build(&app);
//! let chiara = UserBuilder::new("chiara").named("Chiara Romano").build(&app);
//! let group = GroupBuilder::new("Amici del parco", chiara).member(mario).build(&app);
//! let orto = CommonsBuilder::new(&app).proposed_by(chiara).for_group(group)
//!     .recognised_by(marco).build();
//! let pact = PactBuilder::new(&app).proposed_by(chiara).on(orto)
//!     .until(PactState::Signed).build();
//! ```
//!
//! Every field is a method, so a misspelt one does not compile; what a fixture cannot
//! do without (a commons' or a pact's proposer) fails loudly at `build`, as does a step
//! the use-cases refuse. Builders return ids. [`ProposalForm`] is the pact form as the
//! web page sends it, built from typed values for the same reason.

#![allow(dead_code)] // each test file uses the builders it needs

use crate::support::in_tx;
use diesel::prelude::*;
use pactum::accounts::Role;
use pactum::accounts::admin::{
    assign_official_unchecked, create_office_unchecked, set_coordinating_office_unchecked,
};
use pactum::accounts::api::CurrentUser;
use pactum::accounts::groups::{NewGroup, add_member, create_group_unchecked};
use pactum::commons::districts::{self, DistrictShape};
use pactum::commons::model::{CommonsInput, NewCommons};
use pactum::commons::service::{self, Decision, PhotoUpload, decide_unchecked, insert_unchecked};
use pactum::db::AnyConnection;
use pactum::pacts::procedure::{Intensity, Opinion, PactState, PactType, Transition};
use pactum::pacts::service::{
    self as pact_service, By, Evaluation, Extra, Party, ReportInput, Terms,
};
use pactum::pacts::store::{Env, Who};
use pactum::pacts::text::TextInput;

use crate::support::TestApp;

/// A person: `UserBuilder::new("chiara")` is chiara@example.org, named "Chiara",
/// a verified citizen.
pub struct UserBuilder {
    handle: String,
    name: Option<String>,
    roles: Vec<Role>,
    offices: Vec<i64>,
    unverified: bool,
}

impl UserBuilder {
    pub fn new(handle: &str) -> UserBuilder {
        UserBuilder {
            handle: handle.to_string(),
            name: None,
            roles: Vec::new(),
            offices: Vec::new(),
            unverified: false,
        }
    }

    /// An account whose e-mail address is not verified yet.
    pub fn unverified(mut self) -> UserBuilder {
        self.unverified = true;
        self
    }

    /// The display name (else the handle, capitalised).
    pub fn named(mut self, name: &str) -> UserBuilder {
        self.name = Some(name.to_string());
        self
    }

    /// A role besides citizen.
    pub fn role(mut self, role: Role) -> UserBuilder {
        if !self.roles.contains(&role) {
            self.roles.push(role);
        }
        self
    }

    pub fn official(self) -> UserBuilder {
        self.role(Role::Official)
    }

    pub fn admin(self) -> UserBuilder {
        self.role(Role::Admin)
    }

    /// An official working in `office` (the admin's assignment use-case).
    pub fn official_in(mut self, office: i64) -> UserBuilder {
        self.offices.push(office);
        self.official()
    }

    pub fn email(&self) -> String {
        format!("{}@example.org", self.handle)
    }

    pub fn build(self, app: &TestApp) -> i64 {
        let name = self.name.clone().unwrap_or_else(|| {
            let mut c = self.handle.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        });
        let id = app.user(&self.email(), &name, &self.roles);
        let mut conn = app.state.db.get().expect("conn");
        for office in self.offices {
            in_tx(&mut conn, |cx| {
                assign_official_unchecked(cx, None, office, id)
            })
            .expect("assign official");
        }
        if self.unverified {
            app.execute(&format!(
                "UPDATE users SET email_verified_at = NULL WHERE id = {id}"
            ));
        }
        id
    }
}

/// An office of the city.
pub struct OfficeBuilder {
    name: String,
    coordinating: bool,
}

impl OfficeBuilder {
    pub fn new(name: &str) -> OfficeBuilder {
        OfficeBuilder {
            name: name.to_string(),
            coordinating: false,
        }
    }

    /// The office that coordinates pacts.
    pub fn coordinating(mut self) -> OfficeBuilder {
        self.coordinating = true;
        self
    }

    pub fn build(self, app: &TestApp) -> i64 {
        let mut conn = app.state.db.get().expect("conn");
        let id =
            in_tx(&mut conn, |cx| create_office_unchecked(cx, &self.name)).expect("create office");
        if self.coordinating {
            in_tx(&mut conn, |cx| {
                set_coordinating_office_unchecked(cx, Some(id))
            })
            .expect("coordinating");
        }
        id
    }
}

/// A group, founded by its referent.
pub struct GroupBuilder {
    name: String,
    kind: &'static str,
    description: String,
    referent: i64,
    members: Vec<i64>,
}

impl GroupBuilder {
    pub fn new(name: &str, referent: i64) -> GroupBuilder {
        GroupBuilder {
            name: name.to_string(),
            kind: "informal_group",
            description: String::new(),
            referent,
            members: Vec::new(),
        }
    }

    /// The kind's code (`informal_group`, `association`, ...).
    pub fn kind(mut self, kind: &'static str) -> GroupBuilder {
        self.kind = kind;
        self
    }

    pub fn described(mut self, description: &str) -> GroupBuilder {
        self.description = description.to_string();
        self
    }

    pub fn member(mut self, user: i64) -> GroupBuilder {
        self.members.push(user);
        self
    }

    pub fn build(self, app: &TestApp) -> i64 {
        let mut conn = app.state.db.get().expect("conn");
        let new = NewGroup::parse(&self.name, self.kind, &self.description).expect("group");
        let id = in_tx(&mut conn, |cx| {
            create_group_unchecked(cx, self.referent, &new)
        })
        .expect("create group");
        for m in self.members {
            add_member(&mut conn, id, m).expect("add member");
        }
        id
    }
}

/// A district: a rectangle of the city, `[west, south, east, north]` in degrees.
pub struct DistrictBuilder {
    slug: String,
    name: String,
    bounds: [f64; 4],
}

/// A district as built: its id, and a point inside it.
#[derive(Debug, Clone, Copy)]
pub struct District {
    pub id: i64,
    pub lat: f64,
    pub lng: f64,
}

impl DistrictBuilder {
    pub fn new(slug: &str, name: &str) -> DistrictBuilder {
        DistrictBuilder {
            slug: slug.to_string(),
            name: name.to_string(),
            bounds: [11.30, 44.48, 11.36, 44.52],
        }
    }

    pub fn bounds(mut self, west: f64, south: f64, east: f64, north: f64) -> DistrictBuilder {
        self.bounds = [west, south, east, north];
        self
    }

    pub fn build(self, app: &TestApp) -> District {
        let [w, s, e, n] = self.bounds;
        let geojson = format!(
            r#"{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}"#
        );
        let shape = DistrictShape::from_geojson(&geojson).expect("district shape");
        let mut conn = app.state.db.get().expect("conn");
        let id = districts::insert(&mut conn, &self.slug, &self.name, &shape).expect("district");
        District {
            id,
            lat: (s + n) / 2.0,
            lng: (w + e) / 2.0,
        }
    }
}

/// What an official has decided about a commons, in order.
enum Step {
    Decide(i64, Decision, String),
}

/// A commons, proposed and then taken through the officials' decisions.
pub struct CommonsBuilder<'a> {
    app: &'a TestApp,
    input: CommonsInput,
    proposer: Option<i64>,
    steps: Vec<Step>,
    photos: usize,
}

impl<'a> CommonsBuilder<'a> {
    pub fn new(app: &'a TestApp) -> CommonsBuilder<'a> {
        CommonsBuilder {
            app,
            input: CommonsInput {
                name: "Orto condiviso".into(),
                description: "A shared vegetable garden kept by the neighbours.".into(),
                kind: "tangible".into(),
                category: "green_area".into(),
                provisioning: vec!["food".into()],
                lat: "44.49".into(),
                lng: "11.33".into(),
                owner: "city".into(),
                why: "Neighbours care for it together.".into(),
                ..CommonsInput::default()
            },
            proposer: None,
            steps: Vec::new(),
            photos: 0,
        }
    }

    pub fn named(mut self, name: &str) -> Self {
        self.input.name = name.to_string();
        self
    }

    pub fn described(mut self, description: &str) -> Self {
        self.input.description = description.to_string();
        self
    }

    /// The category's code (`green_area`, `building`, ...).
    pub fn category(mut self, category: &str) -> Self {
        self.input.category = category.to_string();
        self
    }

    /// Provisioning systems' codes (`food`, `care`, ...), replacing the default.
    pub fn provisioning(mut self, codes: &[&str]) -> Self {
        self.input.provisioning = codes.iter().map(|c| c.to_string()).collect();
        self
    }

    pub fn at(mut self, lat: f64, lng: f64) -> Self {
        self.input.lat = lat.to_string();
        self.input.lng = lng.to_string();
        self
    }

    /// Inside a district (at its centre).
    pub fn in_district(self, district: District) -> Self {
        self.at(district.lat, district.lng)
    }

    pub fn proposed_by(mut self, user: i64) -> Self {
        self.proposer = Some(user);
        self
    }

    /// Who owns it (`city` by default; `other_public`, `private_with_consent`).
    pub fn owned_by(mut self, owner: &str) -> Self {
        self.input.owner = owner.to_string();
        self
    }

    /// Proposed for a group (its proposer must be a member).
    pub fn for_group(mut self, group: i64) -> Self {
        self.input.group = group.to_string();
        self
    }

    pub fn recognised_by(mut self, official: i64) -> Self {
        self.steps
            .push(Step::Decide(official, Decision::Recognise, String::new()));
        self
    }

    pub fn declined_by(mut self, official: i64, reasons: &str) -> Self {
        self.steps.push(Step::Decide(
            official,
            Decision::Decline,
            reasons.to_string(),
        ));
        self
    }

    pub fn dormant_by(mut self, official: i64, reasons: &str) -> Self {
        self.steps.push(Step::Decide(
            official,
            Decision::MarkDormant,
            reasons.to_string(),
        ));
        self
    }

    pub fn revived_by(mut self, official: i64) -> Self {
        self.steps
            .push(Step::Decide(official, Decision::Revive, String::new()));
        self
    }

    /// `n` photos added by the proposer (the photo use-case: checked, cleaned, stored).
    pub fn with_photos(mut self, n: usize) -> Self {
        self.photos = n;
        self
    }

    /// Proposes and decides synchronously; photos need `build_async`.
    pub fn build(self) -> i64 {
        assert_eq!(
            self.photos, 0,
            "photos go through an async use-case: use build_async"
        );
        self.insert()
    }

    pub async fn build_async(self) -> i64 {
        let (app, proposer, photos) = (self.app, self.proposer, self.photos);
        let id = self.insert();
        if photos > 0 {
            let who = current_user(app, proposer.expect("proposer"));
            for i in 0..photos {
                let upload = PhotoUpload {
                    bytes: PNG.to_vec(),
                    alt_text: format!("Photo {i} of the commons"),
                };
                service::add_photo(&app.state, &who, id, upload)
                    .await
                    .unwrap_or_else(|e| panic!("add photo {i}: {e:?}"));
            }
        }
        id
    }

    fn insert(self) -> i64 {
        let proposer = self
            .proposer
            .expect("a commons needs its proposer: call proposed_by(user)");
        let new = NewCommons::validate(&self.input)
            .unwrap_or_else(|e| panic!("invalid commons fixture: {:?}", e.fields()));
        let mut conn = self.app.state.db.get().expect("conn");
        let id = in_tx(&mut conn, |cx| insert_unchecked(cx, proposer, &new)).expect("propose");
        for Step::Decide(official, decision, reasons) in &self.steps {
            in_tx(&mut conn, |cx| {
                decide_unchecked(cx, *official, id, *decision, reasons)
            })
            .expect("decide")
            .unwrap_or_else(|e| panic!("decision refused: {e:?}"));
        }
        id
    }
}

/// A person as the services see them when signed in (for use-cases called directly).
pub fn current_user(app: &TestApp, uid: i64) -> CurrentUser {
    let mut conn = app.state.db.get().expect("conn");
    let u = pactum::accounts::models::find_by_id(&mut conn, uid)
        .expect("load user")
        .expect("user exists");
    CurrentUser {
        id: u.id,
        pseudonym: u.pseudonym.clone(),
        email: u.email.clone().unwrap_or_default(),
        display_name: u.display_name.clone(),
        language: u.lang(),
        verified: u.email_verified_at.is_some(),
        roles: pactum::accounts::api::roles_of(&mut conn, uid).expect("roles"),
        session_id: 0,
    }
}

/// A valid 1x1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x64, 0x60, 0xF8, 0x5F,
    0x0F, 0x00, 0x02, 0x87, 0x01, 0x80, 0xEB, 0x47, 0xBA, 0x92, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

// ---------------------------------------------------------------------------------
// Pacts
// ---------------------------------------------------------------------------------

/// The services' environment at `days_ahead` days from now (the deadline job and the
/// fixtures pass their own "now").
pub fn env_at(app: &TestApp, days_ahead: i64) -> Env {
    Env {
        base_url: "http://localhost:8080".into(),
        city: "Testville".into(),
        rules: pactum::pacts::store::rules(&app.state.config),
        now: pactum::util::now() + chrono::Duration::days(days_ahead),
    }
}

/// A person as the pact services see them (for use-cases called directly).
pub fn who(app: &TestApp, uid: i64) -> Who {
    let mut conn = app.state.db.get().expect("conn");
    who_on(&mut conn, uid)
}

fn who_on(conn: &mut AnyConnection, uid: i64) -> Who {
    Who {
        id: uid,
        roles: pactum::accounts::api::roles_of(conn, uid).expect("roles"),
        verified: true,
    }
}

/// The text of an ordinary pact, starting on `today`: a short care of flower beds,
/// with a report every month (so reports fall due within a test's horizon).
pub fn pact_text(today: chrono::NaiveDate) -> TextInput {
    let mut text = TextInput::starting(today);
    text.title = "Weeding the Lunetta beds".into();
    text.objectives = "Keep the beds tidy.".into();
    text.activities = "Weeding on Saturdays.".into();
    text.commitments = "We weed; the city lends tools.".into();
    text.public_use = "Open to all.".into();
    text.liability = "Covered by the city.".into();
    text.termination = "Either party, any time.".into();
    text.disputes = "Mediation.".into();
    text.reporting_months = "1".into();
    text
}

/// The proposal form (`POST /pacts/new`, `/pacts/{id}/edit`) as the page sends it,
/// built from typed values: a misspelt field does not compile.
#[derive(Debug, Clone)]
pub struct ProposalForm {
    /// Ids, comma-separated, as the form's `commons` field.
    pub commons: String,
    /// The group's id, or empty.
    pub group: String,
    /// A co-signer's id, or empty.
    pub cosigners: String,
    /// `ordinary` or `complex`.
    pub kind: &'static str,
    /// An intensity's code.
    pub intensity: &'static str,
    pub text: TextInput,
    /// Who takes part, and what they ask of the city (the short proposal).
    pub participants: String,
    pub ask: String,
    /// What changed (the edit form's note), if anything.
    pub change_note: Option<String>,
}

impl ProposalForm {
    /// An ordinary proposal of `text` on `commons`, by one person.
    pub fn new(commons: &str, text: TextInput) -> ProposalForm {
        ProposalForm {
            commons: commons.to_string(),
            group: String::new(),
            cosigners: String::new(),
            kind: PactType::Ordinary.code(),
            intensity: Intensity::OccasionalCare.code(),
            text,
            participants: "Neighbours of the garden.".into(),
            ask: String::new(),
            change_note: None,
        }
    }

    /// The fields in the form's order, support lines row by row.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let t = &self.text;
        let mut f = vec![
            ("group", self.group.clone()),
            ("cosigners", self.cosigners.clone()),
            ("commons", self.commons.clone()),
            ("kind", self.kind.to_string()),
            ("intensity", self.intensity.to_string()),
            ("participants", self.participants.clone()),
            ("ask", self.ask.clone()),
            ("title", t.title.clone()),
            ("objectives", t.objectives.clone()),
            ("activities", t.activities.clone()),
            ("start_date", t.start_date.clone()),
            ("end_date", t.end_date.clone()),
            ("commitments", t.commitments.clone()),
            ("public_use", t.public_use.clone()),
            ("risks", t.risks.clone()),
            ("insurance_policy", t.insurance_policy.clone()),
            ("insurer", t.insurer.clone()),
            ("insurance_expiry", t.insurance_expiry.clone()),
            ("liability", t.liability.clone()),
        ];
        for (kind, description, quantity, period) in &t.support {
            f.extend([
                ("support_kind", kind.clone()),
                ("support_description", description.clone()),
                ("support_quantity", quantity.clone()),
                ("support_period", period.clone()),
            ]);
        }
        f.extend([
            ("reporting_months", t.reporting_months.clone()),
            ("output_licence", t.output_licence.clone()),
            ("termination", t.termination.clone()),
            ("disputes", t.disputes.clone()),
        ]);
        if let Some(note) = &self.change_note {
            f.push(("change_note", note.clone()));
        }
        f
    }
}

/// A pact, proposed and walked through the procedure (DOMAIN.md, "Collaboration
/// pacts") to the state asked for, by the synchronous use-cases the web handlers run
/// (`pacts::service::*_in`), each by the person the procedure expects:
///
/// ```ignore
/// let id = PactBuilder::new(&app)
///     .proposed_by(chiara).for_group(group).cosigner(luca).on(commons)
///     .complex().act_number("DG/2027/118")
///     .observation(anna, "Saturdays too, please.")
///     .until(PactState::InReview)
///     .build();
/// ```
///
/// The walk: created (`Draft`); submitted by the proposer (`Submitted`; or the city
/// asks for a document, `AwaitingIntegration`); published by the lead office's
/// official with the act number, observations made (`Published`); the observation
/// window closed by the platform's own step when it is over, opinions asked
/// (`InReview`); observations answered, opinions given, co-design started, revisions
/// and meetings (`CoDesign`); text frozen (`AwaitingSignatures`); every party and the
/// city's signatory sign, adherents join, reports are evaluated, an extension
/// (`Signed`); one more report, not yet evaluated (`Monitoring`); concluded early with
/// reasons (`Concluded`). `Rejected` and `Withdrawn` leave the walk where
/// [`PactBuilder::left_from`] says (by default as soon as they can). Files are
/// attached by the proposer in the last state before such a closing step.
///
/// Defaults: an ordinary pact of occasional care with [`pact_text`]; the lead office
/// is the coordinating office, its first official acts for the city and is asked for
/// the one opinion, and the first signatory signs for the city. What the walk cannot
/// do without (a proposer, a commons, an office, an official, a signatory) fails
/// loudly at `build`, as does any step the procedure refuses. Steps run at "now",
/// those after the observation window at the moment it closed (30 days for complex
/// pacts, 15 for ordinary ones, by default).
pub struct PactBuilder<'a> {
    app: &'a TestApp,
    kind: PactType,
    intensity: Option<Intensity>,
    text: TextInput,
    proposer: Option<i64>,
    group: Option<i64>,
    cosigners: Vec<i64>,
    commons: Vec<i64>,
    office: Option<i64>,
    official: Option<i64>,
    signatory: Option<i64>,
    act_number: Option<String>,
    asked: Vec<i64>,
    observations: Vec<(i64, String)>,
    revisions: usize,
    meetings: usize,
    files: usize,
    adherents: Vec<i64>,
    reports: usize,
    extended_by_days: Option<i64>,
    until: PactState,
    left_from: Option<PactState>,
    deadline_job: bool,
}

/// The procedure's main line, in order (side states hang off it).
const MAIN_LINE: [PactState; 9] = [
    PactState::Draft,
    PactState::Submitted,
    PactState::Published,
    PactState::InReview,
    PactState::CoDesign,
    PactState::AwaitingSignatures,
    PactState::Signed,
    PactState::Monitoring,
    PactState::Concluded,
];

fn rank(s: PactState) -> usize {
    MAIN_LINE
        .iter()
        .position(|m| *m == s)
        .unwrap_or_else(|| panic!("{s:?} is not on the procedure's main line"))
}

impl<'a> PactBuilder<'a> {
    pub fn new(app: &'a TestApp) -> PactBuilder<'a> {
        PactBuilder {
            app,
            kind: PactType::Ordinary,
            intensity: None,
            text: pact_text(pactum::util::now().date()),
            proposer: None,
            group: None,
            cosigners: Vec::new(),
            commons: Vec::new(),
            office: None,
            official: None,
            signatory: None,
            act_number: None,
            asked: Vec::new(),
            observations: Vec::new(),
            revisions: 0,
            meetings: 0,
            files: 0,
            adherents: Vec::new(),
            reports: 0,
            extended_by_days: None,
            until: PactState::Draft,
            left_from: None,
            deadline_job: false,
        }
    }

    pub fn proposed_by(mut self, user: i64) -> Self {
        self.proposer = Some(user);
        self
    }

    /// Proposed for a group (its proposer must be the referent).
    pub fn for_group(mut self, group: i64) -> Self {
        self.group = Some(group);
        self
    }

    /// A co-signer (a member of the group), who signs for the proposing side too.
    pub fn cosigner(mut self, user: i64) -> Self {
        self.cosigners.push(user);
        self
    }

    /// A commons the pact covers (the first places the pact).
    pub fn on(mut self, commons: i64) -> Self {
        self.commons.push(commons);
        self
    }

    /// A complex pact (regeneration by default; needs an act number to publish).
    pub fn complex(mut self) -> Self {
        self.kind = PactType::Complex;
        self
    }

    pub fn intensity(mut self, intensity: Intensity) -> Self {
        self.intensity = Some(intensity);
        self
    }

    /// The whole text, replacing [`pact_text`].
    pub fn text(mut self, text: TextInput) -> Self {
        self.text = text;
        self
    }

    pub fn titled(mut self, title: &str) -> Self {
        self.text.title = title.to_string();
        self
    }

    /// A line of the city's support (`kind` is its code: `materials`, ...).
    pub fn support(mut self, kind: &str, description: &str, quantity: &str, period: &str) -> Self {
        self.text.support.push((
            kind.to_string(),
            description.to_string(),
            quantity.to_string(),
            period.to_string(),
        ));
        self
    }

    /// The office the pact is assigned to at publication (else the coordinating one).
    pub fn led_by(mut self, office: i64) -> Self {
        self.office = Some(office);
        self
    }

    /// The official who acts for the city (else the lead office's first official).
    pub fn handled_by(mut self, official: i64) -> Self {
        self.official = Some(official);
        self
    }

    /// Who signs for the city (else the first signatory).
    pub fn signed_for_the_city_by(mut self, signatory: i64) -> Self {
        self.signatory = Some(signatory);
        self
    }

    /// The executive act's number, given at publication (complex pacts; by default
    /// `DG/2027/1` for them).
    pub fn act_number(mut self, act: &str) -> Self {
        self.act_number = Some(act.to_string());
        self
    }

    /// An office asked for its opinion in review (replacing the default, the lead
    /// office); its first official gives a favourable one if the walk goes on.
    pub fn asks_opinion_of(mut self, office: i64) -> Self {
        self.asked.push(office);
        self
    }

    /// An observation while the pact is published; the official answers it when the
    /// walk goes past review.
    pub fn observation(mut self, author: i64, text: &str) -> Self {
        self.observations.push((author, text.to_string()));
        self
    }

    /// `n` new versions of the text in co-design, by the proposer.
    pub fn revisions(mut self, n: usize) -> Self {
        self.revisions = n;
        self
    }

    /// `n` co-design meetings, recorded by the official.
    pub fn meetings(mut self, n: usize) -> Self {
        self.meetings = n;
        self
    }

    /// `n` PDF documents attached by the proposer where the walk stops (before the
    /// conclusion, for a concluded pact).
    pub fn files(mut self, n: usize) -> Self {
        self.files = n;
        self
    }

    /// A citizen who joins the pact once it is in force.
    pub fn adherent(mut self, user: i64) -> Self {
        self.adherents.push(user);
        self
    }

    /// `n` reports once in force, each evaluated (approved) by the official.
    pub fn reports(mut self, n: usize) -> Self {
        self.reports = n;
        self
    }

    /// Once in force, the end date moved `days` later (a *proroga*, with reasons).
    pub fn extended_by_days(mut self, days: i64) -> Self {
        self.extended_by_days = Some(days);
        self
    }

    /// The state the walk stops in (`Draft` by default).
    pub fn until(mut self, state: PactState) -> Self {
        self.until = state;
        self
    }

    /// For `Rejected` and `Withdrawn`: the state the pact leaves (by default the first
    /// it can: `Submitted` for a rejection, `Draft` for a withdrawal).
    pub fn left_from(mut self, state: PactState) -> Self {
        self.left_from = Some(state);
        self
    }

    /// The observation window is closed by the whole deadline job (`run_deadlines`,
    /// digests and reminders of every pact included) instead of this pact's own step.
    pub fn observation_closed_by_the_deadline_job(mut self) -> Self {
        self.deadline_job = true;
        self
    }

    /// Walks the pact; returns its id.
    pub fn build(self) -> i64 {
        let goal = self.goal();
        self.check_reachable(goal);
        let mut conn = self.app.state.db.get().expect("conn");
        let mut walk = Walk::propose(&self, &mut conn);
        for stage in &MAIN_LINE[1..=goal.min(rank(PactState::Monitoring))] {
            match stage {
                PactState::Submitted => walk.fire_as_proposer(Transition::Submit, ""),
                PactState::Published => walk.publish(),
                PactState::InReview => walk.close_observation(),
                PactState::CoDesign => walk.co_design(),
                PactState::AwaitingSignatures => walk.fire_as_city(Transition::FreezeText, ""),
                PactState::Signed => walk.sign_and_run(),
                PactState::Monitoring => {
                    walk.report();
                }
                other => unreachable!("{other:?} is not a stage the walk enters"),
            }
        }
        if self.until == PactState::AwaitingIntegration {
            let reasons = "Please attach the floor plan of the place.";
            walk.fire_as_city(Transition::RequestIntegration, reasons);
        }
        for i in 0..self.files {
            walk.attach(i);
        }
        match self.until {
            PactState::Concluded => {
                walk.fire_as_city(Transition::Conclude, "The group handed the place back.")
            }
            PactState::Rejected => {
                walk.fire_as_city(Transition::Reject, "The place is to be sold.")
            }
            PactState::Withdrawn => walk.fire_as_proposer(Transition::Withdraw, ""),
            PactState::Suspended => walk.fire_as_city(
                Transition::Suspend,
                "The path is unsafe after the storm until it is repaired.",
            ),
            _ => {}
        }
        let id = walk.id;
        drop(walk);
        let state = pactum::pacts::store::load(&mut conn, id)
            .expect("load pact")
            .state;
        assert_eq!(state, self.until, "pact fixture: the walk ends where asked");
        id
    }

    /// How far along the main line the walk goes before it stops or turns off it.
    fn goal(&self) -> usize {
        let (from, turn) = match self.until {
            PactState::AwaitingIntegration => {
                (PactState::Submitted, Transition::RequestIntegration)
            }
            PactState::Rejected => (
                self.left_from.unwrap_or(PactState::Submitted),
                Transition::Reject,
            ),
            PactState::Withdrawn => (
                self.left_from.unwrap_or(PactState::Draft),
                Transition::Withdraw,
            ),
            PactState::Suspended => (PactState::Signed, Transition::Suspend),
            s => return rank(s),
        };
        assert!(
            turn.target(from).is_some(),
            "a pact cannot go from {from:?} to {:?}",
            self.until
        );
        rank(from)
    }

    /// What was asked for happens on the way: else the fixture is wrong.
    fn check_reachable(&self, goal: usize) {
        let needs = |what: &str, from: PactState, asked: bool| {
            assert!(
                !asked || goal >= rank(from),
                "{what} needs the walk to reach {from:?}: call until(...)"
            );
        };
        needs(
            "an observation",
            PactState::Published,
            !self.observations.is_empty(),
        );
        needs("a revision", PactState::CoDesign, self.revisions > 0);
        needs("a meeting", PactState::CoDesign, self.meetings > 0);
        needs("an adherent", PactState::Signed, !self.adherents.is_empty());
        needs("a report", PactState::Signed, self.reports > 0);
        needs(
            "an extension",
            PactState::Signed,
            self.extended_by_days.is_some(),
        );
    }
}

/// One pact as it is walked: the builder's choices, the connection, the time of the
/// steps, and the people acting.
struct Walk<'b, 'c> {
    b: &'b PactBuilder<'b>,
    conn: &'c mut AnyConnection,
    env: Env,
    id: i64,
    proposer: Who,
    office: Option<i64>,
    official: Option<Who>,
    asked: Vec<i64>,
    observations: Vec<i64>,
}

impl<'b, 'c> Walk<'b, 'c> {
    /// The proposer drafts the pact (`Draft`).
    fn propose(b: &'b PactBuilder<'b>, conn: &'c mut AnyConnection) -> Walk<'b, 'c> {
        let proposer_id = b
            .proposer
            .expect("a pact needs its proposer: call proposed_by(user)");
        assert!(
            !b.commons.is_empty(),
            "a pact needs a commons: call on(commons)"
        );
        let env = env_at(b.app, 0);
        let proposer = who_on(conn, proposer_id);
        let terms = Terms {
            kind: Some(b.kind),
            intensity: Some(b.intensity.unwrap_or(match b.kind {
                PactType::Ordinary => Intensity::OccasionalCare,
                PactType::Complex => Intensity::Regeneration,
            })),
            group: b.group,
            commons: b.commons.clone(),
            cosigners: b.cosigners.clone(),
            participants: "Neighbours of the garden.".into(),
            ..Terms::default()
        };
        let id = in_tx(conn, |cx| {
            pact_service::create_in(cx, &env, &proposer, &terms, b.text.validate(&env.rules))
        })
        .unwrap_or_else(|e| panic!("pact fixture: the proposal is refused: {e:?}"));
        Walk {
            b,
            conn,
            env,
            id,
            proposer,
            office: b.office,
            official: None,
            asked: Vec::new(),
            observations: Vec::new(),
        }
    }

    /// The official publishes for the lead office, with the act number; the
    /// observations are made (`Published`).
    fn publish(&mut self) {
        let office = self.office();
        let act_number = match (&self.b.act_number, self.b.kind) {
            (Some(a), _) => a.clone(),
            (None, PactType::Complex) => "DG/2027/1".into(),
            (None, PactType::Ordinary) => String::new(),
        };
        let extra = Extra {
            act_number,
            routing: Some(pactum::pacts::service::Routing {
                lead: Some(office),
                ..Default::default()
            }),
            new_end: None,
            ..Extra::default()
        };
        // Admissibility is the coordinating office's (the lead's, with none set).
        let by = match coordinating_office(self.conn) {
            Some(c) if c != office && self.b.official.is_none() => {
                let uid = first_official_of(self.conn, c);
                who_on(self.conn, uid)
            }
            _ => self.official(),
        };
        in_tx(self.conn, |cx| {
            pact_service::fire_in(
                cx,
                &self.env,
                By::Person(&by),
                self.id,
                Transition::Publish,
                "",
                &extra,
            )
        })
        .unwrap_or_else(|e| panic!("pact fixture: publish refused: {e:?}"));
        for (author, text) in &self.b.observations {
            let by = who_on(self.conn, *author);
            let oid = in_tx(self.conn, |cx| {
                pact_service::observe_in(cx, &self.env, &by, self.id, text)
            })
            .unwrap_or_else(|e| panic!("pact fixture: observation refused: {e:?}"));
            self.observations.push(oid);
        }
    }

    /// When the window is over the platform closes it (or the whole deadline job
    /// runs); the official asks for the opinions (`InReview`). Later steps happen then.
    fn close_observation(&mut self) {
        let closes = pactum::pacts::store::load(self.conn, self.id)
            .expect("load pact")
            .observation_closes_at
            .expect("a published pact has its observation window");
        self.env.now = closes + chrono::Duration::minutes(1);
        if self.b.deadline_job {
            in_tx(self.conn, |cx| pact_service::run_deadlines(cx, &self.env))
                .expect("deadline job");
        } else {
            in_tx(self.conn, |cx| {
                pact_service::fire_in(
                    cx,
                    &self.env,
                    By::System,
                    self.id,
                    Transition::CloseObservation,
                    "",
                    &Extra::default(),
                )
            })
            .unwrap_or_else(|e| panic!("pact fixture: closing observations: {e:?}"));
        }
        self.asked = if self.b.asked.is_empty() {
            vec![self.office()]
        } else {
            self.b.asked.clone()
        };
        let official = self.official();
        in_tx(self.conn, |cx| {
            pact_service::request_opinions_in(cx, &self.env, &official, self.id, &self.asked)
        })
        .unwrap_or_else(|e| panic!("pact fixture: asking opinions: {e:?}"));
    }

    /// Observations answered, opinions given (favourable, by each office's first
    /// official), the table opened; revisions and meetings (`CoDesign`).
    fn co_design(&mut self) {
        let official = self.official();
        for oid in &self.observations {
            in_tx(self.conn, |cx| {
                pact_service::reply_in(cx, &self.env, &official, *oid, "Thank you.", false)
            })
            .unwrap_or_else(|e| panic!("pact fixture: reply refused: {e:?}"));
        }
        for office in &self.asked {
            let uid = first_official_of(self.conn, *office);
            let by = who_on(self.conn, uid);
            let favourable = Some(Opinion::Favourable);
            in_tx(self.conn, |cx| {
                pact_service::give_opinion_in(cx, &self.env, &by, self.id, *office, favourable, "")
            })
            .unwrap_or_else(|e| panic!("pact fixture: opinion refused: {e:?}"));
        }
        self.fire_as_city(Transition::StartCoDesign, "");
        for i in 0..self.b.revisions {
            let mut text = self.b.text.clone();
            text.activities = format!("{} Round {i}.", self.b.text.activities);
            in_tx(self.conn, |cx| {
                pact_service::edit_in(
                    cx,
                    &self.env,
                    &self.proposer,
                    self.id,
                    Ok(None),
                    text.validate(&self.env.rules),
                    &format!("Round {i}."),
                )
            })
            .unwrap_or_else(|e| panic!("pact fixture: revision refused: {e:?}"));
        }
        for i in 0..self.b.meetings {
            in_tx(self.conn, |cx| {
                pact_service::add_meeting_in(
                    cx,
                    &self.env,
                    &official,
                    self.id,
                    Some(self.env.now),
                    "Greenhouse",
                    &format!("Minutes of meeting {i}."),
                )
            })
            .unwrap_or_else(|e| panic!("pact fixture: meeting refused: {e:?}"));
        }
    }

    /// Every party signs, the city last (`Signed`); then adherents, evaluated reports
    /// and the extension.
    fn sign_and_run(&mut self) {
        let sha = pactum::pacts::store::load(self.conn, self.id)
            .expect("load pact")
            .frozen_sha256
            .clone()
            .expect("a frozen text has its hash");
        let mut signers = vec![(self.proposer.id, Party::Proposer)];
        signers.extend(self.b.cosigners.iter().map(|c| (*c, Party::Cosigner)));
        let signatory = match self.b.signatory {
            Some(s) => s,
            None => first_signatory(self.conn),
        };
        // The city signs through a signatory of the lead office: the fixture attaches
        // its signatory there, as a city names the head of the lead office.
        let office = self.office();
        attach_to_office(self.conn, signatory, office);
        signers.push((signatory, Party::City));
        let mut state = PactState::AwaitingSignatures;
        for (uid, party) in signers {
            let by = who_on(self.conn, uid);
            state = in_tx(self.conn, |cx| {
                pact_service::sign_text_in(cx, &self.env, &by, self.id, party, &sha)
            })
            .unwrap_or_else(|e| panic!("pact fixture: {party:?} signature refused: {e:?}"));
        }
        assert_eq!(state, PactState::Signed, "pact fixture: every party signed");
        for a in &self.b.adherents {
            let by = who_on(self.conn, *a);
            in_tx(self.conn, |cx| {
                pact_service::join_in(cx, &self.env, &by, self.id)
            })
            .unwrap_or_else(|e| panic!("pact fixture: joining refused: {e:?}"));
        }
        for _ in 0..self.b.reports {
            let rid = self.report();
            let official = self.official();
            let approved = Some(Evaluation::Approved);
            in_tx(self.conn, |cx| {
                pact_service::evaluate_report_in(cx, &self.env, &official, rid, approved, "")
            })
            .unwrap_or_else(|e| panic!("pact fixture: evaluation refused: {e:?}"));
        }
        if let Some(days) = self.b.extended_by_days {
            let end = pactum::pacts::store::load(self.conn, self.id)
                .expect("load pact")
                .end_date
                .expect("a pact in force has its end date");
            let extra = Extra {
                new_end: Some(end + chrono::Duration::days(days)),
                ..Extra::default()
            };
            self.fire_with(Transition::Extend, "One more season is needed.", &extra);
        }
    }

    /// The lead office: the one asked for, else the coordinating office.
    fn office(&mut self) -> i64 {
        use pactum::db::schema::offices;
        if let Some(o) = self.office {
            return o;
        }
        let o = offices::table
            .filter(offices::coordinating.eq(true))
            .select(offices::id)
            .first::<i64>(self.conn)
            .optional()
            .expect("offices")
            .expect(
                "a pact past submission needs its lead office: \
                 call led_by(office) or make an office coordinating",
            );
        self.office = Some(o);
        o
    }

    /// Who acts for the city: the one asked for, else the lead office's first official.
    fn official(&mut self) -> Who {
        if let Some(w) = &self.official {
            return w.clone();
        }
        let uid = match self.b.official {
            Some(uid) => uid,
            None => {
                let office = self.office();
                first_official_of(self.conn, office)
            }
        };
        let w = who_on(self.conn, uid);
        self.official = Some(w.clone());
        w
    }

    fn fire_with(&mut self, t: Transition, reasons: &str, extra: &Extra) {
        let by = self.official();
        in_tx(self.conn, |cx| {
            pact_service::fire_in(cx, &self.env, By::Person(&by), self.id, t, reasons, extra)
        })
        .unwrap_or_else(|e| panic!("pact fixture: {} refused: {e:?}", t.code()));
    }

    fn fire_as_city(&mut self, t: Transition, reasons: &str) {
        self.fire_with(t, reasons, &Extra::default());
    }

    fn fire_as_proposer(&mut self, t: Transition, reasons: &str) {
        let by = &self.proposer;
        let none = Extra::default();
        in_tx(self.conn, |cx| {
            pact_service::fire_in(cx, &self.env, By::Person(by), self.id, t, reasons, &none)
        })
        .unwrap_or_else(|e| panic!("pact fixture: {} refused: {e:?}", t.code()));
    }

    /// The proposer reports (`Monitoring` until it is evaluated); returns its id.
    fn report(&mut self) -> i64 {
        let report = ReportInput {
            objectives: "Beds kept.".into(),
            actions: "Weeding.".into(),
            results: "Tidy beds.".into(),
            resources: "Tools.".into(),
            volunteer_hours: "12".into(),
        };
        in_tx(self.conn, |cx| {
            pact_service::submit_report_in(cx, &self.env, &self.proposer, self.id, &report)
        })
        .unwrap_or_else(|e| panic!("pact fixture: report refused: {e:?}"))
    }

    /// A small PDF, stored as the upload use-case stores it, attached by the proposer.
    fn attach(&mut self, i: usize) {
        let bytes =
            format!("%PDF-1.4\n% document {i}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
        let kind = pactum::web::uploads::ImageType::Pdf;
        let data_dir = &self.b.app.state.config.data_dir;
        let hash =
            pactum::web::uploads::store(data_dir, kind, bytes.as_bytes()).expect("store file");
        let file = pact_service::StoredFile {
            hash,
            kind,
            name: format!("document-{i}.pdf"),
            size: i64::try_from(bytes.len()).expect("size"),
        };
        in_tx(self.conn, |cx| {
            pact_service::attach_in(cx, &self.env, &self.proposer, self.id, None, &file)
        })
        .unwrap_or_else(|e| panic!("pact fixture: attaching refused: {e:?}"));
    }
}

fn first_official_of(conn: &mut AnyConnection, office: i64) -> i64 {
    use pactum::db::schema::office_members;
    office_members::table
        .filter(office_members::office_id.eq(office))
        .order(office_members::user_id.asc())
        .select(office_members::user_id)
        .first::<i64>(conn)
        .optional()
        .expect("office members")
        .unwrap_or_else(|| {
            panic!("office {office} has no official: build one with official_in(office)")
        })
}

fn coordinating_office(conn: &mut AnyConnection) -> Option<i64> {
    pactum::accounts::api::coordinating_office(conn).expect("offices")
}

fn attach_to_office(conn: &mut AnyConnection, uid: i64, office: i64) {
    use pactum::db::schema::office_members;
    let n: i64 = office_members::table
        .filter(office_members::office_id.eq(office))
        .filter(office_members::user_id.eq(uid))
        .count()
        .get_result(conn)
        .expect("office members");
    if n == 0 {
        diesel::insert_into(office_members::table)
            .values((
                office_members::office_id.eq(office),
                office_members::user_id.eq(uid),
                office_members::assigned_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .execute(conn)
            .expect("attach to office");
    }
}

fn first_signatory(conn: &mut AnyConnection) -> i64 {
    use pactum::db::schema::user_roles;
    user_roles::table
        .filter(user_roles::role.eq(Role::Signatory.code()))
        .order(user_roles::user_id.asc())
        .select(user_roles::user_id)
        .first::<i64>(conn)
        .optional()
        .expect("roles")
        .expect("signing needs a signatory: build one with role(Role::Signatory)")
}

// ---------------------------------------------------------------------------------
// The builders' own tests
// ---------------------------------------------------------------------------------

/// A city for the pact builder's tests: a coordinating office with its official, a
/// signatory, a proposer, and a recognised commons.
fn pact_city() -> (TestApp, i64, i64) {
    let app = TestApp::new();
    let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official_in(green).build(&app);
    UserBuilder::new("elena")
        .official()
        .role(Role::Signatory)
        .build(&app);
    let commons = CommonsBuilder::new(&app)
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    (app, chiara, commons)
}

fn stored_state(app: &TestApp, id: i64) -> PactState {
    let mut conn = app.state.db.get().expect("conn");
    pactum::pacts::store::load(&mut conn, id)
        .expect("load pact")
        .state
}

#[test]
fn a_pact_is_built_in_every_state_of_the_procedure_ordinary_or_complex() {
    let (app, chiara, commons) = pact_city();
    for complex in [false, true] {
        for state in PactState::ALL {
            let mut b = PactBuilder::new(&app)
                .proposed_by(chiara)
                .on(commons)
                .until(*state);
            if complex {
                b = b.complex();
            }
            let id = b.build();
            assert_eq!(stored_state(&app, id), *state, "complex: {complex}");
        }
    }
    // Rejected and withdrawn later on, too.
    for (state, from, step) in [
        (PactState::Rejected, PactState::InReview, "reject"),
        (PactState::Rejected, PactState::CoDesign, "reject"),
        (
            PactState::Withdrawn,
            PactState::AwaitingSignatures,
            "withdraw",
        ),
    ] {
        let id = PactBuilder::new(&app)
            .proposed_by(chiara)
            .on(commons)
            .until(state)
            .left_from(from)
            .build();
        assert_eq!(stored_state(&app, id), state);
        let events = app.count(&format!(
            "pact_events WHERE pact_id = {id} AND kind = '{step}' AND from_state = '{}'",
            from.code()
        ));
        assert_eq!(events, 1, "{state:?} from {from:?}");
    }
}

#[test]
fn a_pact_in_force_carries_everything_the_builder_was_asked_for() {
    let (app, chiara, commons) = pact_city();
    let heritage = OfficeBuilder::new("Heritage").build(&app);
    UserBuilder::new("sara").official_in(heritage).build(&app);
    let luca = UserBuilder::new("luca").build(&app);
    let anna = UserBuilder::new("anna").build(&app);
    let group = GroupBuilder::new("Amici della Lunetta", chiara)
        .member(luca)
        .build(&app);
    let id = PactBuilder::new(&app)
        .proposed_by(chiara)
        .for_group(group)
        .cosigner(luca)
        .on(commons)
        .complex()
        .act_number("DG/2027/9")
        .support("materials", "Glass panes", "40 panes", "2027")
        .observation(anna, "Saturdays too, please.")
        .asks_opinion_of(heritage)
        .revisions(2)
        .meetings(1)
        .adherent(anna)
        .reports(2)
        .extended_by_days(30)
        .files(1)
        .until(PactState::Signed)
        .build();
    let pact = |cond: &str| app.count(&format!("pacts WHERE id = {id} AND {cond}"));
    assert_eq!(pact("kind = 'complex' AND act_number = 'DG/2027/9'"), 1);
    assert_eq!(pact(&format!("group_id = {group} AND version = 3")), 1);
    let of = |table: &str, cond: &str| app.count(&format!("{table} WHERE pact_id = {id}{cond}"));
    assert_eq!(of("pact_cosigners", &format!(" AND user_id = {luca}")), 1);
    assert_eq!(of("pact_observations", " AND reply IS NOT NULL"), 1);
    assert_eq!(
        of(
            "pact_opinions",
            &format!(" AND office_id = {heritage} AND opinion = 'favourable'")
        ),
        1
    );
    assert_eq!(of("pact_opinions", ""), 1, "only the office asked");
    assert_eq!(of("pact_meetings", ""), 1);
    assert_eq!(of("pact_signatures", ""), 3, "proposer, co-signer, city");
    assert_eq!(of("pact_adherents", &format!(" AND user_id = {anna}")), 1);
    assert_eq!(of("pact_reports", " AND evaluation = 'approved'"), 2);
    assert_eq!(of("pact_attachments", ""), 1);
    assert_eq!(of("pact_events", " AND kind = 'extend'"), 1);
    let text_end = chrono::NaiveDate::parse_from_str(
        &pact_text(pactum::util::now().date()).end_date,
        "%Y-%m-%d",
    )
    .expect("date");
    let mut conn = app.state.db.get().expect("conn");
    let p = pactum::pacts::store::load(&mut conn, id).expect("load pact");
    assert_eq!(p.end_date, Some(text_end + chrono::Duration::days(30)));
    let signed = pactum::pacts::store::version(&mut conn, id, 3).expect("version 3");
    assert_eq!(signed.text.support.len(), 1, "the support line");
    assert!(
        signed.text.activities.ends_with("Round 1."),
        "the revisions"
    );
}

#[test]
#[should_panic(expected = "a pact needs its proposer")]
fn a_pact_without_a_proposer_fails_at_build() {
    let (app, _, commons) = pact_city();
    PactBuilder::new(&app).on(commons).build();
}

#[test]
#[should_panic(expected = "an observation needs the walk to reach Published")]
fn an_observation_on_a_pact_that_is_never_published_fails_at_build() {
    let (app, chiara, commons) = pact_city();
    PactBuilder::new(&app)
        .proposed_by(chiara)
        .on(commons)
        .observation(chiara, "Too early.")
        .until(PactState::Submitted)
        .build();
}

#[test]
#[should_panic(expected = "pact fixture: publish refused")]
fn a_step_the_procedure_refuses_fails_at_build() {
    let (app, chiara, commons) = pact_city();
    // Chiara is no official: she cannot publish.
    PactBuilder::new(&app)
        .proposed_by(chiara)
        .on(commons)
        .handled_by(chiara)
        .until(PactState::Published)
        .build();
}

/// An assembly or a chamber: `BodyBuilder::assembly("Assemblea del Navile")`, with
/// facilitators and members made through the real use-cases (joining, asking for a
/// group, a facilitator admitting). Returns the body's slug.
pub struct BodyBuilder {
    name: String,
    kind: &'static str,
    joining: &'static str,
    admits: Vec<&'static str>,
    threshold: i64,
    facilitators: Vec<i64>,
    people: Vec<i64>,
    groups: Vec<(i64, i64)>,
    pending_people: Vec<i64>,
}

impl BodyBuilder {
    pub fn assembly(name: &str) -> BodyBuilder {
        BodyBuilder {
            name: name.to_string(),
            kind: "assembly",
            joining: "open",
            admits: Vec::new(),
            threshold: 3,
            facilitators: Vec::new(),
            people: Vec::new(),
            groups: Vec::new(),
            pending_people: Vec::new(),
        }
    }

    /// A chamber admitting these group kinds (codes).
    pub fn chamber(name: &str, admits: &[&'static str]) -> BodyBuilder {
        BodyBuilder {
            kind: "chamber",
            joining: "approval",
            admits: admits.to_vec(),
            ..BodyBuilder::assembly(name)
        }
    }

    /// A facilitator admits each request.
    pub fn by_approval(mut self) -> BodyBuilder {
        self.joining = "approval";
        self
    }

    pub fn motion_threshold(mut self, n: i64) -> BodyBuilder {
        self.threshold = n;
        self
    }

    pub fn facilitator(mut self, user: i64) -> BodyBuilder {
        self.facilitators.push(user);
        self
    }

    /// A person who joins (admitted by the first facilitator where joining needs it).
    pub fn member(mut self, user: i64) -> BodyBuilder {
        self.people.push(user);
        self
    }

    /// Several people who join, in order (as [`BodyBuilder::member`] each).
    pub fn members(mut self, users: &[i64]) -> BodyBuilder {
        self.people.extend_from_slice(users);
        self
    }

    /// A person whose request waits.
    pub fn asked_by(mut self, user: i64) -> BodyBuilder {
        self.pending_people.push(user);
        self
    }

    /// A group, asked for by its referent and admitted by the first facilitator.
    pub fn member_group(mut self, group: i64, referent: i64) -> BodyBuilder {
        self.groups.push((group, referent));
        self
    }

    pub fn build(self, app: &TestApp) -> String {
        use pactum::assemblies::model::{BodyInput, BodySettings, MemberStatus};
        use pactum::assemblies::service::{Decision, bodies, membership};
        use pactum::assemblies::store;
        let now = pactum::util::now();
        let input = BodyInput {
            kind: self.kind.into(),
            name: self.name.clone(),
            charter: format!("The charter of {}.", self.name),
            joining: self.joining.into(),
            admits: self.admits.iter().map(|a| a.to_string()).collect(),
            motion_threshold: self.threshold.to_string(),
            ..BodyInput::default()
        };
        let settings = BodySettings::validate(&input)
            .unwrap_or_else(|e| panic!("body {}: {:?}", self.name, e.fields()));
        let slug = settings.slug.clone();
        let mut conn = app.state.db.get().unwrap();
        // The record keeps who created it: the first facilitator (an administrator in
        // the app), or else the first member.
        let creator = *self
            .facilitators
            .first()
            .or(self.people.first())
            .expect("a body needs a facilitator or a member in the builder");
        let id = in_tx(&mut conn, |cx| {
            bodies::create_in(cx, creator, &settings, now)
        })
        .unwrap_or_else(|_| panic!("body {} not created", self.name));
        for f in &self.facilitators {
            in_tx(&mut conn, |cx| {
                bodies::add_facilitator_in(cx, id, *f, None, now)
            })
            .unwrap();
        }
        let person = |id: i64| pactum::kit::actor::Who {
            id,
            roles: vec![pactum::kit::roles::Role::Citizen],
            verified: true,
        };
        let needs_admission = self.joining == "approval" || self.kind == "chamber";
        let admitter = || {
            person(
                *self
                    .facilitators
                    .first()
                    .expect("a body admitting by approval needs a facilitator in the builder"),
            )
        };
        let admit =
            |conn: &mut pactum::db::AnyConnection, user: Option<i64>, group: Option<i64>| {
                let m = store::current_of(conn, id, user, group)
                    .unwrap()
                    .expect("a request");
                if m.status == MemberStatus::Pending {
                    in_tx(conn, |cx| {
                        membership::decide_in(cx, &admitter(), &slug, m.id, &Decision::Admit, now)
                    })
                    .unwrap_or_else(|_| panic!("admitting into {slug}"));
                }
            };
        for u in &self.people {
            in_tx(&mut conn, |cx| {
                membership::join_in(cx, &person(*u), &slug, now)
            })
            .unwrap_or_else(|e| panic!("{u} joining {slug}: {e}"));
            if needs_admission {
                admit(&mut conn, Some(*u), None);
            }
        }
        for u in &self.pending_people {
            in_tx(&mut conn, |cx| {
                membership::join_in(cx, &person(*u), &slug, now)
            })
            .unwrap_or_else(|e| panic!("{u} asking to join {slug}: {e}"));
        }
        for (g, referent) in &self.groups {
            in_tx(&mut conn, |cx| {
                membership::join_for_in(cx, &person(*referent), &slug, *g, now)
            })
            .unwrap_or_else(|e| panic!("group {g} asking to join {slug}: {e}"));
            admit(&mut conn, None, Some(*g));
        }
        slug
    }
}

// --- added by recs ---

/// Opens a yes/no vote of the body `slug` by its facilitator `facilitator`, open for a
/// day: on `motion` (scheduled first when it is still open) or on a free question.
pub fn open_yes_no_vote(app: &TestApp, slug: &str, facilitator: i64, motion: Option<i64>) -> i64 {
    use pactum::assemblies::model::motion::MotionState;
    use pactum::assemblies::model::vote::{VoteInput, VoteSettings};
    use pactum::assemblies::service::{motions, votes};
    let f = pactum::kit::actor::Who {
        id: facilitator,
        roles: vec![Role::Citizen],
        verified: true,
    };
    let now = pactum::util::now();
    let at = |h: i64| {
        (now + chrono::Duration::hours(h))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let mut conn = app.state.db.get().unwrap();
    if let Some(m) = motion {
        // Scheduling twice is refused; a motion with its supporters is scheduled already.
        let _ = in_tx(&mut conn, |cx| {
            motions::decide_in(cx, &f, slug, m, MotionState::Scheduled, now)
        });
    }
    let s = VoteSettings::validate(&VoteInput {
        question: "Shall the body adopt it?".into(),
        method: "yes_no_abstain".into(),
        secrecy: "secret".into(),
        opens_at: at(-1),
        closes_at: at(24),
        ..VoteInput::default()
    })
    .unwrap_or_else(|e| panic!("vote settings: {:?}", e.fields()));
    in_tx(&mut conn, |cx| {
        votes::open_in(cx, &f, slug, &s, motion, now)
    })
    .unwrap_or_else(|_| panic!("opening a vote in {slug}"))
}

/// A yes/no vote opened by [`open_yes_no_vote`] where each of `voters` (members)
/// answers `choice`, then closed and counted; returns its id. `Choice::Yes` from a
/// majority adopts it.
pub fn closed_vote(
    app: &TestApp,
    slug: &str,
    facilitator: i64,
    voters: &[i64],
    motion: Option<i64>,
    choice: pactum::voting::api::Choice,
) -> i64 {
    use pactum::assemblies::model::vote::Ballot;
    use pactum::assemblies::service::votes;
    let id = open_yes_no_vote(app, slug, facilitator, motion);
    let now = pactum::util::now();
    let mut conn = app.state.db.get().unwrap();
    for v in voters {
        let voter = pactum::kit::actor::Who {
            id: *v,
            roles: vec![Role::Citizen],
            verified: true,
        };
        in_tx(&mut conn, |cx| {
            votes::cast_in(
                cx,
                &voter,
                slug,
                id,
                None,
                &Ballot::YesNo(choice),
                None,
                now,
            )
        })
        .unwrap_or_else(|e| panic!("{v} voting in {slug}: {e}"));
    }
    in_tx(&mut conn, |cx| votes::close_in(cx, id, now))
        .unwrap_or_else(|e| panic!("closing vote {id}: {e}"));
    id
}
