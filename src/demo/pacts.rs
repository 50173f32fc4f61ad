//! The demo city's collaboration pacts: one or more in every state, walked through the
//! real use-cases (with the clock set back) so their reviews, versions, signatures,
//! reports and ledger entries are what the procedure makes.

use chrono::{Duration, NaiveDateTime};

use diesel::prelude::*;

use crate::accounts::Role;
use crate::db::AnyConnection;
use crate::db::schema::commons;
use crate::error::AppError;
use crate::pacts::api::{Template, TextInput};
use crate::pacts::deadlines::DeadlineRules;
use crate::pacts::procedure::{Intensity, Opinion, PactState, PactType, Transition};
use crate::pacts::service::{self, By, Evaluation, Extra, Party, ReportInput, Terms};
use crate::pacts::store::{self, Env, Who};

/// Who proposes a demo pact: a person (index in `PEOPLE`) or a group (index in the
/// demo groups, proposed by its referent).
enum Proposer {
    Person(usize),
    Group(usize, &'static [usize]),
}

struct DemoPact {
    title: &'static str,
    proposer: Proposer,
    /// Index among the recognised demo commons (one the pact fits).
    commons: usize,
    /// The lead office, by index in the demo's offices.
    office: usize,
    /// How many days before now the proposal was drafted: chosen so that every pact
    /// is still in its state after the deadline job's first run (an observation
    /// period still open, no report or end date passed unless meant), and so that the
    /// officials' queue shows a few overdue items among many on time.
    days_ago: i64,
    kind: PactType,
    intensity: Intensity,
    goal: PactState,
    objectives: &'static str,
    activities: &'static str,
    /// Who takes part, and what they ask of the city (the short proposal).
    participants: &'static str,
    ask: &'static str,
    /// (kind, description, quantity, estimated value in euro cents).
    support: &'static [(&'static str, &'static str, &'static str, Option<i64>)],
}

const PACTS: &[DemoPact] = &[
    DemoPact {
        title: "Sunday reading corner in the Montagnola",
        proposer: Proposer::Group(0, &[6]),
        commons: 0,
        office: 1,
        days_ago: 290,
        kind: PactType::Ordinary,
        intensity: Intensity::ContinuousCare,
        goal: PactState::Monitoring,
        objectives: "Keep a free reading corner open every Sunday.\nBring neighbours of all ages to the park.",
        activities: "Set up benches and book crates every Sunday morning.\nReadings for children once a month.",
        participants: "About fifteen members of the group, with two retired librarians who lead the readings.",
        ask: "Crates for the books and posters on the city's notice boards.",
        support: &[
            (
                "materials",
                "Weatherproof book crates",
                "6 crates",
                Some(18000),
            ),
            (
                "communication",
                "Posters on the city's notice boards",
                "2 campaigns a year",
                Some(40000),
            ),
        ],
    },
    DemoPact {
        title: "Shared vegetable beds at the Orti del Canale",
        proposer: Proposer::Group(1, &[8]),
        commons: 13,
        office: 0,
        days_ago: 120,
        kind: PactType::Ordinary,
        intensity: Intensity::SharedManagement,
        goal: PactState::Signed,
        objectives: "Grow vegetables together on twelve raised beds.\nKeep a seed library open to all.",
        activities: "Weekly gardening sessions.\nSeed exchange every first Saturday.",
        participants: "Thirty families of the street, the after-school club and two gardeners of the group.",
        ask: "Compost and soil each year, the use of the land without a fee, and a course on organic gardening.",
        support: &[
            (
                "materials",
                "Compost and soil",
                "40 bags a year",
                Some(32000),
            ),
            (
                "fee_exemption",
                "No fee for the use of the land",
                "the whole pact",
                Some(150000),
            ),
            (
                "training",
                "Course on organic gardening",
                "1 day",
                Some(45000),
            ),
        ],
    },
    DemoPact {
        title: "Opening the Longhena school garden after hours",
        proposer: Proposer::Group(2, &[9]),
        commons: 10,
        office: 2,
        days_ago: 100,
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
                None,
            ),
            (
                "insurance",
                "The volunteers' accident insurance",
                "the whole pact",
                Some(60000),
            ),
        ],
    },
    DemoPact {
        title: "Restoring the mural on the river wall",
        proposer: Proposer::Person(8),
        commons: 15,
        office: 4,
        days_ago: 90,
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
            Some(75000),
        )],
    },
    DemoPact {
        title: "Monthly repair afternoons at the Repair Café",
        proposer: Proposer::Person(9),
        commons: 3,
        office: 1,
        days_ago: 70,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::InReview,
        objectives: "Repair small appliances together instead of throwing them away.",
        activities: "One repair afternoon a month in the library hall.",
        participants: "Six volunteers who repair small appliances, and the library's staff.",
        ask: "The library hall one afternoon a month.",
        support: &[(
            "space_use",
            "The library hall",
            "one afternoon a month",
            Some(24000),
        )],
    },
    DemoPact {
        title: "Bicycle repair point in Piazza del Mercato Vecchio",
        proposer: Proposer::Person(6),
        commons: 34,
        office: 3,
        days_ago: 30,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::Published,
        objectives: "A free self-service bicycle repair point.",
        activities: "Install a repair stand and check the tools every week.",
        participants: "Cyclists of the neighbourhood and the bicycle workshop on the square.",
        ask: "A repair stand with tools, fixed to the pavement.",
        support: &[(
            "materials",
            "Repair stand with tools",
            "1 stand",
            Some(85000),
        )],
    },
    DemoPact {
        title: "Winter shelter for the community fridge",
        proposer: Proposer::Person(7),
        commons: 12,
        office: 0,
        days_ago: 20,
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
        title: "Wild flower strips on the Prato delle Rondini",
        proposer: Proposer::Person(9),
        commons: 21,
        office: 0,
        days_ago: 40,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::Submitted,
        objectives: "Sow wild flowers for pollinators along the canal path.",
        activities: "Sowing in spring, mowing once in autumn.",
        participants: "Neighbours of the canal path and a beekeeper.",
        ask: "A seed mix of local wild flowers and one mowing less a year.",
        support: &[("materials", "Wild flower seed mix", "5 kg", Some(9000))],
    },
    DemoPact {
        title: "Neighbourhood tool library",
        proposer: Proposer::Person(8),
        commons: 25,
        office: 1,
        days_ago: 5,
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
        title: "Night market in the old tram depot",
        proposer: Proposer::Person(6),
        commons: 18,
        office: 0,
        days_ago: 150,
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
            Some(360000),
        )],
    },
    DemoPact {
        title: "Summer cinema on the Pratone lawn",
        proposer: Proposer::Group(0, &[]),
        commons: 40,
        office: 1,
        days_ago: 60,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::Withdrawn,
        objectives: "Free outdoor films for the neighbourhood in July.",
        activities: "Eight film nights with a borrowed projector.",
        participants: "The group's members and a film club.",
        ask: "The loan of a projector and a screen.",
        support: &[(
            "materials",
            "Loan of a projector and screen",
            "8 evenings",
            None,
        )],
    },
    DemoPact {
        title: "Birdwatching walks in the Bosco dei Cento Alberi",
        proposer: Proposer::Group(0, &[]),
        commons: 48,
        office: 0,
        days_ago: 200,
        kind: PactType::Ordinary,
        intensity: Intensity::OccasionalCare,
        goal: PactState::Suspended,
        objectives: "Guided birdwatching walks once a month.\nA census of the nesting birds each spring.",
        activities: "Monthly walks with binoculars for loan.\nNest boxes checked in April.",
        participants: "The group's birdwatchers and the park service's guides.",
        ask: "Nest boxes and a course on the canal's wildlife.",
        support: &[
            ("materials", "Twelve nest boxes", "12 boxes", Some(14400)),
            (
                "training",
                "A course on the canal's wildlife by the park service",
                "one day",
                Some(30000),
            ),
        ],
    },
    DemoPact {
        title: "Cleaning the riverside path",
        proposer: Proposer::Group(1, &[]),
        commons: 16,
        office: 0,
        days_ago: 900,
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
                Some(52000),
            ),
            (
                "materials",
                "Waste bags and collection by the city",
                "2 collections",
                Some(38000),
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
        .map(|(k, what, qty, _)| {
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

/// The support lines' estimated values, in the lines' order.
fn values(d: &DemoPact) -> Vec<Option<i64>> {
    d.support.iter().map(|l| l.3).collect()
}

/// The templates the demo city keeps: one for green areas, one for walls, and the
/// default for every other category (the clauses co-design starts from).
const TEMPLATES: &[(&str, [&str; 7])] = &[
    (
        "",
        [
            "The proposers carry out the activities described and keep the place open and tidy.\nThe city provides the support listed and names a contact person in the lead office.",
            "Open to everyone free of charge during the activities.",
            "Ordinary risks of volunteering; no work at height or with power tools without training.",
            "Volunteers are covered by the city's volunteer insurance; each party answers for its own acts (Regulation on the commons, art. 31).",
            "CC BY-SA 4.0",
            "Either party may end the pact with 30 days' written notice; the city may revoke it for serious breach after a written notice and a period to answer.",
            "Disagreements go first to a meeting with the lead office, then to the conciliation committee (Regulation on the commons, art. 34).",
        ],
    ),
    (
        "green_area",
        [
            "The proposers care for the green area as described, with hand tools only near the trees.\nThe city's park service mows, prunes and collects green waste on request.",
            "The area stays open to the public; the activities never close it.",
            "Hand tools only; no pruning above two metres; no chemicals.",
            "Volunteers are covered by the city's volunteer insurance; each party answers for its own acts (Regulation on the commons, art. 31).",
            "CC BY-SA 4.0",
            "Either party may end the pact with 30 days' written notice; the city may revoke it for serious breach after a written notice and a period to answer.",
            "Disagreements go first to a meeting with the green areas office, then to the conciliation committee (Regulation on the commons, art. 34).",
        ],
    ),
    (
        "wall_art",
        [
            "The proposers restore and look after the work as agreed with the heritage office.\nThe city lends scaffolding and removes graffiti within a week of a report.",
            "The work stays visible from the street at all times.",
            "Work on scaffolding only with a trained supervisor; paints without solvents.",
            "The restorer's professional insurance covers the work on the wall; volunteers are covered by the city's volunteer insurance.",
            "CC BY 4.0",
            "Either party may end the pact with 30 days' written notice; the city may revoke it for serious breach after a written notice and a period to answer.",
            "Disagreements go to the conciliation committee (Regulation on the commons, art. 34).",
        ],
    ),
];

fn keep_templates(conn: &mut AnyConnection, by: i64, at: NaiveDateTime) -> Result<(), AppError> {
    for (category, c) in TEMPLATES {
        let t = Template {
            commitments: c[0].into(),
            public_use: c[1].into(),
            risks: c[2].into(),
            liability: c[3].into(),
            reporting_months: 6,
            output_licence: c[4].into(),
            termination: c[5].into(),
            disputes: c[6].into(),
        };
        service::keep_template_in(conn, category, &t, Some(by), at)?;
    }
    Ok(())
}

/// The people and offices the demo pacts are walked by.
pub struct Cast {
    people: Vec<i64>,
    groups: Vec<i64>,
    offices: Vec<i64>,
    marco: Who,
    sara: Who,
    luca: Who,
    giorgio: Who,
    valentina: Who,
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
            giorgio: who(conn, person(people.len().saturating_sub(2))?)?,
            valentina: who(conn, person(people.len().saturating_sub(1))?)?,
            // Elena: a citizen in no group, who proposes nothing.
            observer: who(conn, person(4)?)?,
            offices: offices.to_vec(),
            people: people.to_vec(),
            groups: groups.to_vec(),
        })
    }

    /// The office at `i` in the demo's offices (green areas, culture, schools,
    /// mobility, heritage, legal affairs).
    fn office(&self, i: usize) -> Result<i64, AppError> {
        self.offices.get(i).copied().ok_or(AppError::NotFound)
    }

    /// The official who works a pact led by the office at `i`.
    fn official(&self, i: usize) -> &Who {
        match i {
            1 | 4 => &self.sara,
            2 => &self.valentina,
            5 => &self.luca,
            _ => &self.marco,
        }
    }

    /// The signatory of the office at `i`.
    fn signatory(&self, i: usize) -> &Who {
        match i {
            1 | 2 | 4 => &self.giorgio,
            _ => &self.luca,
        }
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
    let now = crate::util::now();
    keep_templates(conn, cast.marco.id, now - Duration::days(1000))?;
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
            now - Duration::days(d.days_ago),
            n,
        )?;
    }
    calls(conn, &cast, &recognised, now)?;
    Ok(())
}

/// The demo's calls: one whose deadline passed five days ago with two competing
/// answers the culture office has yet to compare, and one still open on a garden.
fn calls(
    conn: &mut AnyConnection,
    cast: &Cast,
    recognised: &[i64],
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let commons = |i: usize| {
        recognised
            .get(i)
            .copied()
            .ok_or_else(|| AppError::internal("demo calls: too few recognised commons"))
    };
    let env_on = |at: NaiveDateTime| Env {
        base_url: String::new(),
        city: super::CITY_NAME.into(),
        rules: DeadlineRules::default(),
        now: at,
    };
    let fail = |what: &'static str| move |r| AppError::internal(format!("demo call {what}: {r:?}"));
    let house = commons(44)?;
    let at = now - Duration::days(40);
    let call = service::calls::publish_in(
        conn,
        &env_on(at),
        &cast.sara,
        &service::CallInput {
            office: cast.office(1)?.to_string(),
            title: "Who will run the garden room of the Casa di Quartiere?".into(),
            description: "The city offers the ground-floor garden room of the Casa di Quartiere \
                Porta Ovest, with its small garden, to a group that opens it to the \
                neighbourhood at least three afternoons a week."
                .into(),
            commons: house.to_string(),
            theme: String::new(),
            criteria: "Activities open to everyone, free or at low cost.\n\
                Experience with the neighbourhood's associations.\n\
                A plan for the garden's care."
                .into(),
            support_offered: "The room and the garden without a fee, heating and \
                electricity, and the cleaning of the shared spaces."
                .into(),
            deadline: (now - Duration::days(5)).date().to_string(),
        },
    )
    .map_err(fail("casa di quartiere"))?;
    let answers: [(usize, &str, &str, &str, &str, i64); 2] = [
        (
            6,
            "Afternoons of games and homework in the garden room",
            "Open the room three afternoons a week for board games and homework help.",
            "Paolo and eight parents of the Porta Ovest school.",
            "The room and the garden; shelves for the games.",
            22,
        ),
        (
            7,
            "A neighbourhood kitchen garden and seed room",
            "Turn the garden into raised beds and the room into a seed and tool library.",
            "Chiara and the Amici del Parco, with two gardeners.",
            "The room, water for the garden and a course on composting.",
            12,
        ),
    ];
    for (person, title, objectives, participants, ask, days) in answers {
        let by = who(
            conn,
            cast.people.get(person).copied().ok_or(AppError::NotFound)?,
        )?;
        let env = env_on(now - Duration::days(days));
        let text = TextInput {
            title: title.into(),
            objectives: objectives.into(),
            ..TextInput::starting(env.now.date() + Duration::days(60))
        };
        let terms = Terms {
            kind: Some(PactType::Ordinary),
            intensity: Some(Intensity::SharedManagement),
            commons: vec![house],
            participants: participants.into(),
            ask: ask.into(),
            call: Some(call),
            ..Terms::default()
        };
        let id = service::create_in(conn, &env, &by, &terms, text.validate(&env.rules))
            .map_err(fail("answer"))?;
        let env = env_on(env.now + Duration::days(1));
        service::fire_in(
            conn,
            &env,
            By::Person(&by),
            id,
            Transition::Submit,
            "",
            &Extra::default(),
        )
        .map_err(fail("answer"))?;
    }
    let garden = commons(39)?;
    service::calls::publish_in(
        conn,
        &env_on(now - Duration::days(10)),
        &cast.marco,
        &service::CallInput {
            office: cast.office(0)?.to_string(),
            title: "Gardeners for the Giardino di Via dei Mille".into(),
            description: "The green areas office looks for neighbours who will care for \
                the flower beds and the benches of the Giardino di Via dei Mille."
                .into(),
            commons: garden.to_string(),
            theme: String::new(),
            criteria: "Care at least once a week from April to October.\n\
                The garden stays open to everyone."
                .into(),
            support_offered: "Tools, plants, water and the collection of green waste.".into(),
            deadline: (now + Duration::days(20)).date().to_string(),
        },
    )
    .map_err(fail("giardino"))?;
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
        crate::db::write_transaction(&mut conn, |conn| {
            walk(conn, &cast, d, &title, commons_id, base, i)
        })?;
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
    // Marco (the coordinating office) admits; the lead office's official works the
    // pact after publication, and asks its own and another office for opinions; the
    // lead office's signatory signs for the city.
    let (marco, observer) = (&cast.marco, &cast.observer);
    let lead = cast.office(d.office)?;
    let official = cast.official(d.office);
    let other_at = if d.office == 0 { 1 } else { 0 };
    let other = cast.office(other_at)?;
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
        // The pact still in co-design began as a short proposal: co-design drafts its
        // text from the city's template for walls.
        let short = d.goal == PactState::CoDesign;
        if short {
            t = TextInput {
                title: t.title,
                objectives: t.objectives,
                ..TextInput::starting(t.start_date.parse().unwrap_or(env.now.date()))
            };
        }
        let id = service::create_in(conn, &env, &proposer, &terms, t.validate(&rules))
            .map_err(fail(d.title))?;
        if !short {
            let v = store::version(conn, id, 1)?;
            service::write_values(conn, v.id, &values(d))?;
        }
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
                lead: Some(lead),
                ..Default::default()
            }),
            new_end: None,
            quiet: false,
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
        go(conn, &env, official, Transition::CloseObservation, "")?;
        service::request_opinions_in(conn, &env, official, id, &[lead, other])
            .map_err(fail(d.title))?;
        if d.goal == PactState::InReview {
            return Ok(id);
        }
        if d.goal == PactState::Rejected {
            tick(&mut env, 20);
            go(
                conn,
                &env,
                official,
                Transition::Reject,
                "The yard is closed to the public until its roof is made safe.",
            )?;
            return Ok(id);
        }
        tick(&mut env, 8);
        service::give_opinion_in(
            conn,
            &env,
            official,
            id,
            lead,
            Some(Opinion::Favourable),
            "",
        )
        .map_err(fail(d.title))?;
        tick(&mut env, 4);
        service::give_opinion_in(
            conn,
            &env,
            cast.official(other_at),
            id,
            other,
            Some(Opinion::FavourableWithConditions),
            "Any sign or poster must follow the city's guidelines for public spaces.",
        )
        .map_err(fail(d.title))?;
        go(conn, &env, official, Transition::StartCoDesign, "")?;
        tick(&mut env, 10);
        service::add_meeting_in(
            conn,
            &env,
            official,
            id,
            Some(env.now),
            "District office, meeting room 2",
            "We went through the clauses. The city adds a poster campaign; signs follow the guidelines.",
        )
        .map_err(fail(d.title))?;
        if d.goal == PactState::CoDesign {
            return Ok(id);
        }
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
        let n2 = service::edit_in(
            conn,
            &env,
            official,
            id,
            Ok(None),
            t2.validate(&rules),
            "The other office's condition on signs; the city announces the activities.",
        )
        .map_err(fail(d.title))?;
        let mut v2 = values(d);
        v2.push(Some(20_000));
        let v = store::version(conn, id, n2)?;
        service::write_values(conn, v.id, &v2)?;
        tick(&mut env, 6);
        go(conn, &env, official, Transition::FreezeText, "")?;
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
        let signatory = cast.signatory(d.office);
        if !signatory.roles.contains(&Role::Signatory) {
            return Err(AppError::internal("demo signatory lacks the role"));
        }
        service::sign_text_in(conn, &env, signatory, id, Party::City, &sha)
            .map_err(fail(d.title))?;
        service::join_in(conn, &env, observer, id).map_err(fail(d.title))?;
        // The office records what it delivered of the first valued line.
        if let Some((line, (_, what, _, Some(cents)))) =
            d.support.iter().enumerate().find(|(_, l)| l.3.is_some())
        {
            tick(&mut env, 2);
            let input = service::DeliveryInput {
                line: line.to_string(),
                what: format!("{what}: first delivery"),
                delivered_on: env.now.date().to_string(),
                value: format!("{}.{:02}", cents / 2 / 100, cents / 2 % 100),
            };
            service::record_delivery_in(conn, &env, official, id, &input).map_err(fail(d.title))?;
        }
        if d.goal == PactState::Signed {
            return Ok(id);
        }
        if d.goal == PactState::Suspended {
            tick(&mut env, 40);
            go(
                conn,
                &env,
                official,
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
            official,
            rid,
            Some(Evaluation::ApprovedWithRemarks),
            "Good work; next time please count the visitors too.",
        )
        .map_err(fail(d.title))?;
        // The pact ran to its end date: the next morning the deadline job concludes it.
        let end = store::load(conn, id)?
            .end_date
            .ok_or_else(|| AppError::internal("demo pact without an end date"))?;
        env.now = (end + Duration::days(1))
            .and_hms_opt(6, 0, 0)
            .unwrap_or(env.now);
        service::fire_in(
            conn,
            &env,
            By::System,
            id,
            Transition::Conclude,
            "",
            &Extra::default(),
        )
        .map_err(fail(d.title))?;
        Ok(id)
    }
}
