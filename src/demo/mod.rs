//! The demo city: a few districts, the city's offices, an admin, officials, a
//! signatory, two verifiers, citizens and their groups, 60 commons, a dozen pacts in
//! every state of the procedure, an Assembly and a Chamber of the Commons with their
//! members and meetings, and a decarbonisation programme with its claims, civic fund
//! and wallets. Later areas add their own data.

use diesel::prelude::*;

pub mod assemblies;
pub mod pacts;
pub mod tokens;
mod translations;
pub mod voters;

use crate::accounts::groups::{GroupKind, NewGroup, add_member, create_group_unchecked};
use crate::accounts::service::create_verified_user;
use crate::accounts::validate::{DisplayName, EmailAddress};
use crate::accounts::{Role, admin, password};
use crate::commons::districts::{self, DistrictShape};
use crate::config::HashCost;
use crate::db::AnyConnection;
use crate::db::schema::users;
use crate::error::AppError;
use crate::web::i18n::Lang;

/// The demo city's name, used by `pactum serve --demo` when `PACTUM_CITY_NAME` is unset.
pub const CITY_NAME: &str = "Valdora";

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "commons-demo-2026";
pub const ADMIN_EMAIL: &str = "admin@demo.pactum.example.org";

pub struct DemoPerson {
    pub email: &'static str,
    pub name: &'static str,
    pub roles: &'static [Role],
    pub lang: Lang,
}

pub const PEOPLE: &[DemoPerson] = &[
    DemoPerson {
        email: ADMIN_EMAIL,
        name: "Anna Marchetti",
        roles: &[Role::Admin],
        lang: Lang::En,
    },
    DemoPerson {
        email: "marco.bianchi@demo.pactum.example.org",
        name: "Marco Bianchi",
        roles: &[Role::Official],
        lang: Lang::It,
    },
    DemoPerson {
        email: "sara.conti@demo.pactum.example.org",
        name: "Sara Conti",
        roles: &[Role::Official],
        lang: Lang::It,
    },
    DemoPerson {
        email: "luca.ferri@demo.pactum.example.org",
        name: "Luca Ferri",
        roles: &[Role::Official, Role::Signatory],
        lang: Lang::It,
    },
    DemoPerson {
        email: "elena.russo@demo.pactum.example.org",
        name: "Elena Russo",
        roles: &[Role::Verifier],
        lang: Lang::En,
    },
    DemoPerson {
        email: "giulia.rossi@demo.pactum.example.org",
        name: "Giulia Rossi",
        roles: &[Role::Facilitator],
        lang: Lang::It,
    },
    DemoPerson {
        email: "paolo.esposito@demo.pactum.example.org",
        name: "Paolo Esposito",
        roles: &[],
        lang: Lang::It,
    },
    DemoPerson {
        email: "chiara.romano@demo.pactum.example.org",
        name: "Chiara Romano",
        roles: &[],
        lang: Lang::It,
    },
    DemoPerson {
        email: "ahmed.benali@demo.pactum.example.org",
        name: "Ahmed Benali",
        roles: &[],
        lang: Lang::Fr,
    },
    DemoPerson {
        email: "sofie.devries@demo.pactum.example.org",
        name: "Sofie De Vries",
        roles: &[],
        lang: Lang::Nl,
    },
    DemoPerson {
        email: "davide.moretti@demo.pactum.example.org",
        name: "Davide Moretti",
        roles: &[Role::Verifier],
        lang: Lang::It,
    },
    // Heads the culture office and signs its pacts for the city.
    DemoPerson {
        email: "giorgio.lodi@demo.pactum.example.org",
        name: "Giorgio Lodi",
        roles: &[Role::Official, Role::Signatory],
        lang: Lang::It,
    },
    // Sara's colleague in the culture office (her substitute when she is away).
    DemoPerson {
        email: "valentina.greco@demo.pactum.example.org",
        name: "Valentina Greco",
        roles: &[Role::Official],
        lang: Lang::It,
    },
];

const OFFICES: &[&str] = &[
    "Green areas",
    "Culture",
    "Schools",
    "Mobility",
    "Heritage",
    "Legal affairs",
];

/// House numbers of the demo city (street, number, WGS84 point), in the shape of the
/// open "numeri civici" files `pactum addresses import` reads.
const ADDRESSES: &str = include_str!("addresses.csv");

/// Four districts (quartieri) around a city centre, as rectangles `[west, south,
/// east, north]` in degrees; each has two zones ([`ZONES`]).
const DISTRICTS: &[(&str, &str, [f64; 4])] = &[
    (
        "centro-storico",
        "Centro Storico",
        [11.325, 44.487, 11.357, 44.503],
    ),
    (
        "borgo-fiume",
        "Borgo Fiume",
        [11.310, 44.503, 11.370, 44.540],
    ),
    ("san-vitale", "San Vitale", [11.357, 44.480, 11.420, 44.503]),
    (
        "porta-ovest",
        "Porta Ovest",
        [11.270, 44.470, 11.325, 44.503],
    ),
];

/// Two zones in each district (its western and eastern half), so that the district
/// levels show in filters, statistics and the sector table: (slug, name, the
/// district's slug, west, east). A zone spans its district from south to north.
const ZONES: &[(&str, &str, &str, f64, f64)] = &[
    ("duomo", "Duomo", "centro-storico", 11.325, 11.341),
    ("mercato", "Mercato", "centro-storico", 11.341, 11.357),
    ("canale", "Canale", "borgo-fiume", 11.310, 11.340),
    ("mulino", "Mulino", "borgo-fiume", 11.340, 11.370),
    ("stazione", "Stazione", "san-vitale", 11.357, 11.3885),
    ("rondini", "Rondini", "san-vitale", 11.3885, 11.420),
    ("pratone", "Pratone", "porta-ovest", 11.270, 11.2975),
    ("saragozza", "Saragozza", "porta-ovest", 11.2975, 11.325),
];

/// The districts' levels as the demo city names them.
const DISTRICT_LEVEL: &str = "quartiere";
const ZONE_LEVEL: &str = "zona";

/// A rectangle's outline.
fn rectangle([w, s, e, n]: [f64; 4]) -> Result<DistrictShape, AppError> {
    DistrictShape::from_geojson(&format!(
        r#"{{"type":"Polygon","coordinates":[[[{w},{s}],[{e},{s}],[{e},{n}],[{w},{n}],[{w},{s}]]]}}"#
    ))
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// Loads the districts and their zones (a zone is its district cut at the zone's west
/// and east).
fn load_districts(conn: &mut AnyConnection) -> Result<(), AppError> {
    let mut parents = Vec::new();
    for (slug, name, bounds) in DISTRICTS {
        let id =
            districts::insert_under(conn, slug, name, &rectangle(*bounds)?, None, DISTRICT_LEVEL)?;
        parents.push((*slug, id, *bounds));
    }
    for (slug, name, parent, w, e) in ZONES {
        let Some(&(_, id, [_, s, _, n])) = parents.iter().find(|p| p.0 == *parent) else {
            return Err(AppError::Internal(format!(
                "zone {slug}: no district {parent}"
            )));
        };
        districts::insert_under(
            conn,
            slug,
            name,
            &rectangle([*w, s, *e, n])?,
            Some(id),
            ZONE_LEVEL,
        )?;
    }
    Ok(())
}

/// Whether the demo city is already in this database.
pub fn is_loaded(conn: &mut AnyConnection) -> Result<bool, AppError> {
    let n: i64 = users::table
        .filter(users::email.eq(ADMIN_EMAIL))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether the database has no users at all (for `serve --demo`).
pub fn is_empty(conn: &mut AnyConnection) -> Result<bool, AppError> {
    let n: i64 = users::table.count().get_result(conn)?;
    Ok(n == 0)
}

/// Loads the demo city in one transaction. Returns false if it was already there.
pub fn load(conn: &mut AnyConnection, cost: HashCost) -> Result<bool, AppError> {
    if is_loaded(conn)? {
        return Ok(false);
    }
    let hash = password::hash(DEMO_PASSWORD, cost).map_err(AppError::Internal)?;
    crate::db::write_transaction(conn, |conn| {
        load_districts(conn)?;
        // The street gazetteer: the house numbers around the demo's commons, so that
        // place fields and "near this place" accept Valdora's addresses.
        let gazetteer = crate::commons::api::gazetteer::parse_csv(ADDRESSES, &Default::default())
            .map_err(|e| AppError::Internal(e.join("; ")))?;
        crate::commons::api::gazetteer::save_import(conn, &gazetteer.items)?;
        let mut ids = Vec::new();
        for p in PEOPLE {
            let email = EmailAddress::parse(p.email).map_err(|e| AppError::Internal(e.into()))?;
            let name = DisplayName::parse(p.name).map_err(|e| AppError::Internal(e.into()))?;
            ids.push(create_verified_user(
                conn, &email, &name, &hash, p.lang, p.roles,
            )?);
        }
        let mut office_ids = Vec::new();
        for o in OFFICES {
            office_ids.push(admin::create_office_unchecked(conn, o)?);
        }
        // Green areas receives the proposals (the coordinating office).
        admin::set_coordinating_office_unchecked(conn, office_ids.first().copied())?;
        // Marco: green areas and mobility; Sara: culture and heritage; Luca
        // (signatory): green areas, mobility and legal affairs; Giorgio (signatory):
        // culture, schools and heritage; Valentina: culture and schools.
        let (giorgio, valentina) = (PEOPLE.len() - 2, PEOPLE.len() - 1);
        for (office, person) in [
            (0usize, 1usize),
            (1, 2),
            (0, 3),
            (5, 3),
            (1, giorgio),
            (1, valentina),
            (3, 1),
            (3, 3),
            (4, 2),
            (2, giorgio),
            (4, giorgio),
            (2, valentina),
        ] {
            admin::assign_official_unchecked(conn, Some(ids[0]), office_ids[office], ids[person])?;
        }
        let groups = [
            (
                5usize,
                "Amici del Parco della Montagnola",
                GroupKind::InformalGroup,
                "Neighbours who look after the park: weeding, benches, the Sunday reading corner.",
                &[6usize, 7][..],
            ),
            (
                6,
                "Cooperativa Orti Urbani Borgo Fiume",
                GroupKind::Cooperative,
                "A cooperative running shared vegetable gardens and a seed library in Borgo Fiume.",
                &[8][..],
            ),
            (
                7,
                "Genitori della Scuola Longhena",
                GroupKind::School,
                "Parents opening the school garden and courtyard to the neighbourhood after hours.",
                &[9][..],
            ),
            // Three more organisations of the Chamber of the Commons.
            (
                7,
                "Associazione Ciclofficina Valdora",
                GroupKind::Association,
                "A volunteer bicycle workshop that repairs and lends bicycles to the neighbourhood.",
                &[5, 8, 9][..],
            ),
            (
                8,
                "Impresa Sociale Riuso e Lavoro",
                GroupKind::SocialEnterprise,
                "A social enterprise that repairs furniture from the city's reuse centre, with young people in training.",
                &[][..],
            ),
            (
                9,
                "Associazione Biblioteca degli Attrezzi",
                GroupKind::Association,
                "A tool library: members borrow drills, ladders and garden tools instead of buying them.",
                &[6, 7][..],
            ),
        ];
        let mut group_ids = Vec::new();
        for (referent, name, kind, description, members) in groups {
            let g = NewGroup {
                name: name.to_string(),
                kind,
                description: description.to_string(),
            };
            let gid = create_group_unchecked(conn, ids[referent], &g)?;
            for m in members {
                add_member(conn, gid, ids[*m])?;
            }
            group_ids.push(gid);
        }
        load_commons(conn, &ids, &group_ids)?;
        pacts::load(conn, &ids, &group_ids, &office_ids)?;
        assemblies::load(conn, &ids, &group_ids)?;
        tokens::load(conn, &ids, &group_ids, &office_ids)?;
        translations::load(conn, ids[0])?;
        Ok(true)
    })
}

/// One demo commons as written in `commons.json`.
#[derive(serde::Deserialize)]
struct DemoCommons {
    name: String,
    description: String,
    kind: String,
    category: String,
    provisioning: Vec<String>,
    lat: f64,
    lng: f64,
    site: Option<serde_json::Value>,
    address: String,
    owner: String,
    why: String,
    rules: String,
    licence: String,
    status: String,
    status_reasons: String,
    proposer_person: usize,
    proposer_group: Option<usize>,
    /// What the commons office recorded (some of the demo's commons).
    #[serde(default)]
    asset_code: String,
    #[serde(default)]
    condition: String,
    #[serde(default)]
    restrictions: String,
}

/// The demo city's commons, proposed by its citizens and groups and decided by its
/// first official (recognitions go on the civic ledger like real ones).
fn load_commons(conn: &mut AnyConnection, people: &[i64], groups: &[i64]) -> Result<(), AppError> {
    use crate::commons::model::{CommonsInput, NewCommons};
    use crate::commons::service::{Decision, decide_unchecked, insert_unchecked};
    let items: Vec<DemoCommons> = serde_json::from_str(include_str!("commons.json"))
        .map_err(|e| AppError::internal(format!("demo commons: {e}")))?;
    let official = people.get(1).copied().ok_or(AppError::NotFound)?;
    for d in items {
        let input = CommonsInput {
            name: d.name,
            description: d.description,
            kind: d.kind,
            category: d.category,
            provisioning: d.provisioning,
            lat: d.lat.to_string(),
            lng: d.lng.to_string(),
            site: d.site.map(|s| s.to_string()).unwrap_or_default(),
            address: d.address,
            owner: d.owner,
            why: d.why,
            rules: d.rules,
            licence: d.licence,
            group: d
                .proposer_group
                .and_then(|g| groups.get(g))
                .map(i64::to_string)
                .unwrap_or_default(),
            asset_code: d.asset_code,
            condition: d.condition,
            restrictions: d.restrictions,
        };
        let new = NewCommons::validate(&input).map_err(|e| {
            AppError::internal(format!("demo commons {:?}: {:?}", input.name, e.fields()))
        })?;
        let proposer = people
            .get(d.proposer_person)
            .copied()
            .ok_or(AppError::NotFound)?;
        let id = insert_unchecked(conn, proposer, &new)?;
        let steps: &[Decision] = match d.status.as_str() {
            "recognised" => &[Decision::Recognise],
            "declined" => &[Decision::Decline],
            "dormant" => &[Decision::Recognise, Decision::MarkDormant],
            "retired" => &[Decision::Recognise, Decision::Retire],
            _ => &[],
        };
        for step in steps {
            let reasons = if matches!(step, Decision::Recognise) {
                ""
            } else {
                d.status_reasons.as_str()
            };
            decide_unchecked(conn, official, id, *step, reasons)?
                .map_err(|_| AppError::internal(format!("demo commons {id}: decision refused")))?;
        }
    }
    Ok(())
}

/// The sign-in lines printed after loading.
pub fn credentials() -> String {
    let mut out = String::from("Demo accounts (password for all: ");
    out.push_str(DEMO_PASSWORD);
    out.push_str(")\n");
    for p in PEOPLE {
        let roles: Vec<&str> = p.roles.iter().map(|r| r.code()).collect();
        let roles = if roles.is_empty() {
            "citizen".to_string()
        } else {
            format!("citizen, {}", roles.join(", "))
        };
        out.push_str(&format!("  {:<42} {:<16} {}\n", p.email, p.name, roles));
    }
    out
}
