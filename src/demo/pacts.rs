//! The demo city's collaboration pacts: one or more in every state, walked through the
//! real use-cases (with the clock set back) so their reviews, versions, signatures,
//! reports and ledger entries are what the procedure makes.

use chrono::{Duration, NaiveDateTime};

use diesel::prelude::*;

use crate::accounts::Role;
use crate::db::AnyConnection;
use crate::db::schema::commons;
use crate::error::AppError;
use crate::pacts::deadlines::DeadlineRules;
use crate::pacts::procedure::{Intensity, Opinion, PactState, PactType, Transition};
use crate::pacts::service::{self, By, Evaluation, Extra, Party, ReportInput, Terms};
use crate::pacts::store::{self, Env, Who};
use crate::pacts::text::TextInput;

/// Who proposes a demo pact: a person (index in `PEOPLE`) or a group (index in the
/// demo groups, proposed by its referent).
enum Proposer {
    Person(usize),
    Group(usize, &'static [usize]),
}

struct DemoPact {
    title: &'static str,
    proposer: Proposer,
    /// Index among the recognised demo commons.
    commons: usize,
    kind: PactType,
    intensity: Intensity,
    goal: PactState,
    objectives: &'static str,
    activities: &'static str,
    /// Who takes part, and what they ask of the city (the short proposal).
    participants: &'static str,
    ask: &'static str,
    support: &'static [(&'static str, &'static str, &'static str)],
}

const PACTS: &[DemoPact] = &[
    DemoPact {
        title: "Sunday reading corner in the Montagnola",
        proposer: Proposer::Group(0, &[6]),
        commons: 0,
        kind: PactType::Ordinary,
        intensity: Intensity::ContinuousCare,
        goal: PactState::Monitoring,
        objectives: "Keep a free reading corner open every Sunday.\nBring neighbours of all ages to the park.",
        activities: "Set up benches and book crates every Sunday morning.\nReadings for children once a month.",
        participants: "About fifteen members of the group, with two retired librarians who lead the readings.",
        ask: "Crates for the books and posters on the city's notice boards.",
        support: &[
            ("materials", "Weatherproof book crates", "6 crates"),
            (
                "communication",
                "Posters on the city's notice boards",
                "2 campaigns a year",
            ),
        ],
    },
    DemoPact {
        title: "Shared vegetable beds in Borgo Fiume",
        proposer: Proposer::Group(1, &[8]),
        commons: 1,
        kind: PactType::Ordinary,
        intensity: Intensity::SharedManagement,
        goal: PactState::Signed,
        objectives: "Grow vegetables together on twelve raised beds.\nKeep a seed library open to all.",
        activities: "Weekly gardening sessions.\nSeed exchange every first Saturday.",
        participants: "Thirty families of the street, the after-school club and two gardeners of the group.",
        ask: "Compost and soil each year, the use of the land without a fee, and a course on organic gardening.",
        support: &[
            ("materials", "Compost and soil", "40 bags a year"),
            (
                "fee_exemption",
                "No fee for the use of the land",
                "the whole pact",
            ),
            ("training", "Course on organic gardening", "1 day"),
        ],
    },
    DemoPact {
        title: "Opening the Longhena school garden after hours",
        proposer: Proposer::Group(2, &[9]),
        commons: 2,
        kind: PactType::Complex,
        intensity: Intensity::SharedManagement,
        goal: PactState::AwaitingSignatures,
        objectives: "Open the school garden to families after school hours.",
        activities: "Parents open and close the garden from 16:30 to 19:00 on weekdays.",
        participants: "The parents' association of the Longhena school, on a weekly rota of two parents a day.",
        ask: "The use of the school courtyard after hours and accident insurance for the volunteers.",
        support: &[
            (
                "space_use",
                "Use of the school courtyard and garden",
                "weekdays 16:30-19:00",
            ),
            (
                "insurance",
                "The volunteers' accident insurance",
                "the whole pact",
            ),
        ],
    },
    DemoPact {
        title: "Restoring the mural under the Porta Lame arches",
        proposer: Proposer::Person(8),
        commons: 3,
        kind: PactType::Complex,
        intensity: Intensity::Regeneration,
        goal: PactState::CoDesign,
        objectives: "Restore the 1970s mural and protect it from graffiti.",
        activities: "Cleaning, consolidation and repainting with a restorer.",
        participants: "A painter, a restorer and students of the art school.",
        ask: "The advice of the heritage office and scaffolding for two weeks.",
        support: &[(
            "design_support",
            "Advice of the heritage office",
            "3 visits",
        )],
    },
    DemoPact {
        title: "Repair café at the Navile library",
        proposer: Proposer::Person(9),
        commons: 4,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::InReview,
        objectives: "Repair small appliances together instead of throwing them away.",
        activities: "One repair afternoon a month in the library hall.",
        participants: "Six volunteers who repair small appliances, and the library's staff.",
        ask: "The library hall one afternoon a month.",
        support: &[("space_use", "The library hall", "one afternoon a month")],
    },
    DemoPact {
        title: "Bicycle repair point in Piazza dell'Unità",
        proposer: Proposer::Person(6),
        commons: 5,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::Published,
        objectives: "A free self-service bicycle repair point.",
        activities: "Install a repair stand and check the tools every week.",
        participants: "Cyclists of the neighbourhood and the bicycle workshop on the square.",
        ask: "A repair stand with tools, fixed to the pavement.",
        support: &[("materials", "Repair stand with tools", "1 stand")],
    },
    DemoPact {
        title: "Winter shelter for the community fridge",
        proposer: Proposer::Person(7),
        commons: 6,
        kind: PactType::Ordinary,
        intensity: Intensity::ContinuousCare,
        goal: PactState::AwaitingIntegration,
        objectives: "Keep the community fridge working through the winter.",
        activities: "Daily checks and cleaning by a rota of volunteers.",
        participants: "A rota of twenty volunteers and the shop that hosts the fridge.",
        ask: "Permission to put up a small wooden shelter.",
        support: &[],
    },
    DemoPact {
        title: "Wild flower strips along the canal",
        proposer: Proposer::Person(9),
        commons: 7,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::Submitted,
        objectives: "Sow wild flowers for pollinators along the canal path.",
        activities: "Sowing in spring, mowing once in autumn.",
        participants: "Neighbours of the canal path and a beekeeper.",
        ask: "A seed mix of local wild flowers and one mowing less a year.",
        support: &[("materials", "Wild flower seed mix", "5 kg")],
    },
    DemoPact {
        title: "Neighbourhood tool library",
        proposer: Proposer::Person(8),
        commons: 8,
        kind: PactType::Ordinary,
        intensity: Intensity::SharedManagement,
        goal: PactState::Draft,
        objectives: "Lend tools to neighbours instead of everyone buying their own.",
        activities: "Open the tool library on Saturday mornings.",
        participants: "Neighbours who lend their own tools, with two volunteers on Saturdays.",
        ask: "A room to keep the tools in.",
        support: &[],
    },
    DemoPact {
        title: "Night market in the old slaughterhouse yard",
        proposer: Proposer::Person(6),
        commons: 9,
        kind: PactType::Complex,
        intensity: Intensity::SharedManagement,
        goal: PactState::Rejected,
        objectives: "A monthly night market of local producers.",
        activities: "Stalls, music and food one Friday night a month.",
        participants: "Twenty local producers and a music association.",
        ask: "The yard without a fee on twelve evenings.",
        support: &[(
            "fee_exemption",
            "No fee for the use of the yard",
            "12 evenings",
        )],
    },
    DemoPact {
        title: "Summer cinema on the Lunetta lawn",
        proposer: Proposer::Group(0, &[]),
        commons: 10,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::Withdrawn,
        objectives: "Free outdoor films for the neighbourhood in July.",
        activities: "Eight film nights with a borrowed projector.",
        participants: "The group's members and a film club.",
        ask: "The loan of a projector and a screen.",
        support: &[("materials", "Loan of a projector and screen", "8 evenings")],
    },
    DemoPact {
        title: "Birdwatching walks along the Navile canal",
        proposer: Proposer::Group(0, &[]),
        commons: 2,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::Suspended,
        objectives: "Guided birdwatching walks once a month.\nA census of the nesting birds each spring.",
        activities: "Monthly walks with binoculars for loan.\nNest boxes checked in April.",
        participants: "The group's birdwatchers and the park service's guides.",
        ask: "Nest boxes and a course on the canal's wildlife.",
        support: &[
            ("materials", "Twelve nest boxes", "12 boxes"),
            (
                "training",
                "A course on the canal's wildlife by the park service",
                "one day",
            ),
        ],
    },
    DemoPact {
        title: "Cleaning the Reno riverbank",
        proposer: Proposer::Group(1, &[]),
        commons: 11,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::Concluded,
        objectives: "Clear litter from the riverbank twice a year.",
        activities: "Two clean-up days with sorting of the waste.",
        participants: "Members of the group and pupils of two schools.",
        ask: "Gloves, grabbers and vests, and the collection of the waste.",
        support: &[
            (
                "protective_equipment",
                "Gloves, grabbers and vests",
                "40 sets",
            ),
            (
                "materials",
                "Waste bags and collection by the city",
                "2 collections",
            ),
        ],
    },
];

fn tick(env: &mut Env, days: i64) {
    env.now += Duration::days(days);
}

fn who(conn: &mut AnyConnection, id: i64) -> Result<Who, AppError> {
    Ok(Who {
        id,
        roles: crate::accounts::models::roles_of(conn, id)?,
        verified: true,
    })
}

fn fail(what: &str) -> impl Fn(crate::web::forms::Refusal) -> AppError + '_ {
    move |r| AppError::internal(format!("demo pact {what}: {r:?}"))
}

fn text(d: &DemoPact, start: NaiveDateTime) -> TextInput {
    let start = start.date();
    let mut t = TextInput::starting(start);
    t.end_date = (start + Duration::days(730)).to_string();
    t.title = d.title.into();
    t.objectives = d.objectives.into();
    t.activities = d.activities.into();
    t.commitments = "The proposers carry out the activities and keep the place open and tidy.\n\
        The city provides the support listed below and a contact person in the office."
        .into();
    t.public_use = "Open to everyone free of charge during the activities.".into();
    t.risks = "Ordinary risks of outdoor volunteering; no work at height.".into();
    t.liability = "Volunteers are covered by the city's volunteer insurance.".into();
    t.termination = "Either party may end the pact with 30 days' written notice.".into();
    t.disputes = "Disagreements go first to a meeting with the district office.".into();
    t.support = d
        .support
        .iter()
        .map(|(k, what, qty)| {
            (
                k.to_string(),
                what.to_string(),
                qty.to_string(),
                String::new(),
            )
        })
        .collect();
    t
}

/// The people and offices the demo pacts are walked by.
pub struct Cast {
    people: Vec<i64>,
    groups: Vec<i64>,
    green: i64,
    culture: i64,
    marco: Who,
    sara: Who,
    luca: Who,
    observer: Who,
}

impl Cast {
    fn new(
        conn: &mut AnyConnection,
        people: &[i64],
        groups: &[i64],
        offices: &[i64],
    ) -> Result<Cast, AppError> {
        let person = |i: usize| people.get(i).copied().ok_or(AppError::NotFound);
        Ok(Cast {
            marco: who(conn, person(1)?)?,
            sara: who(conn, person(2)?)?,
            luca: who(conn, person(3)?)?,
            // Elena: a citizen in no group, who proposes nothing.
            observer: who(conn, person(4)?)?,
            green: offices.first().copied().ok_or(AppError::NotFound)?,
            culture: offices.get(1).copied().ok_or(AppError::NotFound)?,
            people: people.to_vec(),
            groups: groups.to_vec(),
        })
    }

    /// The demo city's cast, read from a database the demo was loaded into.
    pub fn of_demo(conn: &mut AnyConnection) -> Result<Cast, AppError> {
        use crate::db::schema::{groups, offices, users};
        let mut people = Vec::new();
        for p in super::PEOPLE {
            people.push(
                users::table
                    .filter(users::email.eq(p.email))
                    .select(users::id)
                    .first::<i64>(conn)?,
            );
        }
        let group_ids: Vec<i64> = groups::table
            .order(groups::id.asc())
            .limit(3)
            .select(groups::id)
            .load(conn)?;
        let office_ids: Vec<i64> = offices::table
            .order(offices::id.asc())
            .select(offices::id)
            .load(conn)?;
        Cast::new(conn, &people, &group_ids, &office_ids)
    }
}

/// Loads the demo pacts (called inside the demo's transaction).
pub fn load(
    conn: &mut AnyConnection,
    people: &[i64],
    groups: &[i64],
    offices: &[i64],
) -> Result<(), AppError> {
    let cast = Cast::new(conn, people, groups, offices)?;
    let recognised = recognised(conn)?;
    let base = crate::util::now() - Duration::days(400);
    for (n, d) in PACTS.iter().enumerate() {
        let commons_id = recognised
            .get(d.commons)
            .copied()
            .ok_or_else(|| AppError::internal("demo pacts: too few recognised commons"))?;
        walk(
            conn,
            &cast,
            d,
            d.title,
            commons_id,
            base + Duration::days(17 * n as i64),
            n,
        )?;
    }
    Ok(())
}

fn recognised(conn: &mut AnyConnection) -> Result<Vec<i64>, AppError> {
    Ok(commons::table
        .filter(commons::listed.eq(true))
        .order(commons::id.asc())
        .select(commons::id)
        .limit(1000)
        .load(conn)?)
}

/// Adds `count` synthetic pacts for load tests: the demo pacts again and again, on
/// every recognised commons in turn, each walked in its own transaction. Returns how
/// many were added.
pub fn seed_synthetic(
    db: &crate::db::Db,
    count: usize,
    progress: &dyn Fn(usize),
) -> Result<usize, AppError> {
    let mut conn = db.get()?;
    let cast = Cast::of_demo(&mut conn)?;
    let recognised = recognised(&mut conn)?;
    if recognised.is_empty() {
        return Err(AppError::internal(
            "no recognised commons: load the demo city first",
        ));
    }
    let start = crate::util::now() - Duration::days(3 * 365);
    for i in 0..count {
        let d = &PACTS[i % PACTS.len()];
        let title = format!("{} ({})", d.title, i + 1);
        let commons_id = recognised[i % recognised.len()];
        // Spread over three years, so deadlines and ages vary.
        let base = start + Duration::minutes((i as i64 * 3 * 365 * 24 * 60) / count.max(1) as i64);
        conn.transaction(|conn| walk(conn, &cast, d, &title, commons_id, base, i))?;
        if (i + 1) % 500 == 0 {
            progress(i + 1);
        }
    }
    Ok(count)
}

/// Creates one pact and walks it to its goal state through the use-cases.
fn walk(
    conn: &mut AnyConnection,
    cast: &Cast,
    d: &DemoPact,
    title: &str,
    commons_id: i64,
    base: NaiveDateTime,
    n: usize,
) -> Result<i64, AppError> {
    let rules = DeadlineRules::default();
    let person = |i: usize| cast.people.get(i).copied().ok_or(AppError::NotFound);
    let (marco, sara, luca, observer) = (&cast.marco, &cast.sara, &cast.luca, &cast.observer);
    let (green, culture) = (cast.green, cast.culture);
    let groups = &cast.groups;
    {
        let mut env = Env {
            base_url: String::new(),
            city: super::CITY_NAME.into(),
            rules,
            now: base,
        };
        let (proposer_id, group, cosigners) = match d.proposer {
            Proposer::Person(p) => (person(p)?, None, vec![]),
            Proposer::Group(g, members) => {
                let gid = groups.get(g).copied().ok_or(AppError::NotFound)?;
                let referent = crate::accounts::api::group_referent(conn, gid)?;
                let mut cos = Vec::new();
                for m in members {
                    cos.push(person(*m)?);
                }
                (referent, Some(gid), cos)
            }
        };
        let proposer = who(conn, proposer_id)?;
        let terms = Terms {
            kind: Some(d.kind),
            intensity: Some(d.intensity),
            group,
            commons: vec![commons_id],
            cosigners: cosigners.clone(),
            participants: d.participants.into(),
            ask: d.ask.into(),
            call: None,
        };
        let mut t = text(d, env.now + Duration::days(90));
        t.title = title.into();
        let id = service::create_in(conn, &env, &proposer, &terms, t.validate(&rules))
            .map_err(fail(d.title))?;
        if d.goal == PactState::Draft {
            return Ok(id);
        }
        // Only a complex pact needs an executive act; an ordinary one is signed by the
        // responsible official on the standard template.
        let extra = Extra {
            act_number: if d.kind == PactType::Complex {
                format!("DG/{}/{}", env.now.format("%Y"), 100 + n)
            } else {
                String::new()
            },
            routing: Some(service::Routing {
                lead: Some(green),
                ..Default::default()
            }),
            new_end: None,
        };
        let go = |conn: &mut AnyConnection, env: &Env, by: &Who, t: Transition, why: &str| {
            service::fire_in(conn, env, By::Person(by), id, t, why, &extra)
                .map(|_| ())
                .map_err(fail(d.title))
        };
        tick(&mut env, 1);
        go(conn, &env, &proposer, Transition::Submit, "")?;
        if d.goal == PactState::Submitted {
            return Ok(id);
        }
        tick(&mut env, 6);
        go(
            conn,
            &env,
            marco,
            Transition::RequestIntegration,
            "Please attach a plan of the place and the list of volunteers' tasks.",
        )?;
        if d.goal == PactState::AwaitingIntegration {
            return Ok(id);
        }
        tick(&mut env, 9);
        go(conn, &env, &proposer, Transition::Integrate, "")?;
        tick(&mut env, 7);
        go(conn, &env, marco, Transition::Publish, "")?;
        tick(&mut env, 3);
        let obs = service::observe_in(
            conn,
            &env,
            observer,
            id,
            "Could the activities also welcome people with reduced mobility?",
        )
        .map_err(fail(d.title))?;
        if d.goal == PactState::Published {
            return Ok(id);
        }
        if d.goal == PactState::Withdrawn {
            tick(&mut env, 5);
            go(
                conn,
                &env,
                &proposer,
                Transition::Withdraw,
                "We found another place.",
            )?;
            return Ok(id);
        }
        tick(&mut env, 2);
        service::reply_in(
            conn,
            &env,
            &proposer,
            obs,
            "Yes: the paths will be kept clear and one session a month is guided.",
            true,
        )
        .map_err(fail(d.title))?;
        tick(&mut env, 30);
        go(conn, &env, marco, Transition::CloseObservation, "")?;
        service::request_opinions_in(conn, &env, marco, id, &[green, culture])
            .map_err(fail(d.title))?;
        if d.goal == PactState::InReview {
            return Ok(id);
        }
        if d.goal == PactState::Rejected {
            tick(&mut env, 20);
            go(
                conn,
                &env,
                marco,
                Transition::Reject,
                "The yard is closed to the public until its roof is made safe.",
            )?;
            return Ok(id);
        }
        tick(&mut env, 8);
        service::give_opinion_in(conn, &env, marco, id, green, Some(Opinion::Favourable), "")
            .map_err(fail(d.title))?;
        tick(&mut env, 4);
        service::give_opinion_in(
            conn,
            &env,
            sara,
            id,
            culture,
            Some(Opinion::FavourableWithConditions),
            "Any sign or poster must follow the city's guidelines for public spaces.",
        )
        .map_err(fail(d.title))?;
        go(conn, &env, marco, Transition::StartCoDesign, "")?;
        tick(&mut env, 10);
        service::add_meeting_in(
            conn,
            &env,
            marco,
            id,
            Some(env.now),
            "District office, meeting room 2",
            "We went through the clauses. The city adds a poster campaign; signs follow the guidelines.",
        )
        .map_err(fail(d.title))?;
        let mut t2 = text(d, env.now + Duration::days(80));
        t2.title = title.into();
        t2.commitments
            .push_str("\nSigns and posters follow the city's guidelines for public spaces.");
        t2.support.push((
            "communication".into(),
            "Announcements on the city's website".into(),
            "each season".into(),
            String::new(),
        ));
        service::edit_in(
            conn,
            &env,
            marco,
            id,
            Ok(None),
            t2.validate(&rules),
            "The culture office's condition on signs; the city announces the activities.",
        )
        .map_err(fail(d.title))?;
        if d.goal == PactState::CoDesign {
            return Ok(id);
        }
        tick(&mut env, 6);
        go(conn, &env, marco, Transition::FreezeText, "")?;
        if d.goal == PactState::AwaitingSignatures {
            return Ok(id);
        }
        let sha = store::load(conn, id)?
            .frozen_sha256
            .clone()
            .ok_or_else(|| AppError::internal("demo pact without hash"))?;
        tick(&mut env, 3);
        service::sign_text_in(conn, &env, &proposer, id, Party::Proposer, &sha)
            .map_err(fail(d.title))?;
        for c in &cosigners {
            tick(&mut env, 1);
            let c = who(conn, *c)?;
            service::sign_text_in(conn, &env, &c, id, Party::Cosigner, &sha)
                .map_err(fail(d.title))?;
        }
        tick(&mut env, 4);
        if !luca.roles.contains(&Role::Signatory) {
            return Err(AppError::internal("demo signatory lacks the role"));
        }
        service::sign_text_in(conn, &env, luca, id, Party::City, &sha).map_err(fail(d.title))?;
        service::join_in(conn, &env, observer, id).map_err(fail(d.title))?;
        if d.goal == PactState::Signed {
            return Ok(id);
        }
        if d.goal == PactState::Suspended {
            tick(&mut env, 40);
            go(
                conn,
                &env,
                marco,
                Transition::Suspend,
                "A tree fell on the path after the storm: activities stop until the park service makes it safe.",
            )?;
            return Ok(id);
        }
        tick(&mut env, 150);
        let report = ReportInput {
            objectives: "The activities ran as planned.".into(),
            actions: "Twenty sessions with an average of twelve volunteers.".into(),
            results: "More neighbours use the place; no damage reported.".into(),
            resources: "The city's materials as listed; our own small tools.".into(),
            volunteer_hours: "240".into(),
        };
        let rid =
            service::submit_report_in(conn, &env, &proposer, id, &report).map_err(fail(d.title))?;
        if d.goal == PactState::Monitoring {
            return Ok(id);
        }
        tick(&mut env, 10);
        service::evaluate_report_in(
            conn,
            &env,
            marco,
            rid,
            Some(Evaluation::ApprovedWithRemarks),
            "Good work; next time please count the visitors too.",
        )
        .map_err(fail(d.title))?;
        tick(&mut env, 5);
        go(
            conn,
            &env,
            marco,
            Transition::Conclude,
            "The clean-ups continue under a new pact with the district.",
        )?;
        Ok(id)
    }
}
