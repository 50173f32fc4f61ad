//! Fixture builders: people, offices, groups, districts and commons in any state, made
//! through the real use-cases (the services' functions the tests called by hand
//! before), in the style of crates.io's test builders:
//!
//! ```ignore
//! let green = OfficeBuilder::new("Green areas").coordinating().build(&app);
//! let marco = UserBuilder::new("marco").official_in(green).build(&app);
//! let chiara = UserBuilder::new("chiara").named("Chiara Romano").build(&app);
//! let group = GroupBuilder::new("Amici del parco", chiara).member(mario).build(&app);
//! let orto = CommonsBuilder::new(&app).proposed_by(chiara).for_group(group)
//!     .recognised_by(marco).build();
//! ```
//!
//! Every field is a method, so a misspelt one does not compile; what a fixture cannot
//! do without (a commons' proposer) fails loudly at `build`. Builders return ids.

#![allow(dead_code)] // each test file uses the builders it needs

use pactum::accounts::Role;
use pactum::accounts::admin::{
    assign_official_unchecked, create_office_unchecked, set_coordinating_office_unchecked,
};
use pactum::accounts::api::CurrentUser;
use pactum::accounts::groups::{NewGroup, add_member, create_group_unchecked};
use pactum::commons::districts::{self, DistrictShape};
use pactum::commons::model::{CommonsInput, NewCommons};
use pactum::commons::service::{self, Decision, PhotoUpload, decide_unchecked, insert_unchecked};

use crate::support::TestApp;

/// A person: `UserBuilder::new("chiara")` is chiara@example.org, named "Chiara",
/// a verified citizen.
pub struct UserBuilder {
    handle: String,
    name: Option<String>,
    roles: Vec<Role>,
    offices: Vec<i64>,
}

impl UserBuilder {
    pub fn new(handle: &str) -> UserBuilder {
        UserBuilder {
            handle: handle.to_string(),
            name: None,
            roles: Vec::new(),
            offices: Vec::new(),
        }
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
            assign_official_unchecked(&mut conn, None, office, id).expect("assign official");
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
        let id = create_office_unchecked(&mut conn, &self.name).expect("create office");
        if self.coordinating {
            set_coordinating_office_unchecked(&mut conn, Some(id)).expect("coordinating");
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
        let id = create_group_unchecked(&mut conn, self.referent, &new).expect("create group");
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
        let id = insert_unchecked(&mut conn, proposer, &new).expect("propose");
        for Step::Decide(official, decision, reasons) in &self.steps {
            decide_unchecked(&mut conn, *official, id, *decision, reasons)
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
