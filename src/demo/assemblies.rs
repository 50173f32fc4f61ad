//! The demo city's Assembly of the Commons (open to everyone) and Chamber of the
//! Commons (organisations admitted by a facilitator), with their members and meetings,
//! made through the same functions as the pages.

use chrono::Duration;

use crate::assemblies::model::meeting::{MeetingInput, NewMeeting};
use crate::assemblies::model::{BodyInput, BodySettings};
use crate::assemblies::service::{Decision, bodies, meetings, membership};
use crate::assemblies::store;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::kit::actor::Who;
use crate::kit::roles::Role;

fn bad<E: std::fmt::Debug>(what: &str) -> impl FnOnce(E) -> AppError + '_ {
    move |e| AppError::Internal(format!("demo {what}: {e:?}"))
}

fn person(id: i64) -> Who {
    Who {
        id,
        roles: vec![Role::Citizen],
        verified: true,
    }
}

/// `people` are the demo's accounts in `PEOPLE` order; `groups` its groups (the
/// informal group, the cooperative, the school parents, the bicycle workshop, the
/// reuse social enterprise, the tool library).
pub fn load(conn: &mut AnyConnection, people: &[i64], groups: &[i64]) -> Result<(), AppError> {
    let now = crate::util::now();
    let (admin, giulia, paolo) = (people[0], people[5], people[6]);
    let assembly = BodySettings::validate(&BodyInput {
        kind: "assembly".into(),
        name: "Assemblea dei Beni Comuni di Valdora".into(),
        charter: "The Assembly brings together everyone who cares for Valdora's commons. It meets every month, discusses proposals for the city and endorses collaboration pacts. Decisions are taken by vote after discussion; the minutes are public.".into(),
        joining: "open".into(),
        motion_threshold: "3".into(),
        ..BodyInput::default()
    })
    .map_err(|e| AppError::Internal(format!("demo assembly: {:?}", e.fields())))?;
    let chamber = BodySettings::validate(&BodyInput {
        kind: "chamber".into(),
        name: "Camera dei Beni Comuni di Valdora".into(),
        charter: "The Chamber gathers the associations, cooperatives, social enterprises and informal groups that work for Valdora's commons. Each organisation has one vote, cast by its referent or its delegate.".into(),
        joining: "approval".into(),
        admits: vec![
            "association".into(),
            "cooperative".into(),
            "social_enterprise".into(),
            "informal_group".into(),
        ],
        motion_threshold: "2".into(),
        ..BodyInput::default()
    })
    .map_err(|e| AppError::Internal(format!("demo chamber: {:?}", e.fields())))?;
    let a = bodies::create_in(conn, admin, &assembly, now).map_err(bad("assembly"))?;
    let c = bodies::create_in(conn, admin, &chamber, now).map_err(bad("chamber"))?;
    bodies::add_facilitator_in(conn, a, giulia, Some(admin), now)?;
    // The demo's administrator helps run the assembly, so one sign-in shows every page.
    bodies::add_facilitator_in(conn, a, admin, Some(admin), now)?;
    bodies::add_facilitator_in(conn, c, paolo, Some(admin), now)?;
    // Citizens (and the administrator) join the assembly.
    for p in std::iter::once(&admin).chain(&people[5..11]) {
        membership::join_in(conn, &person(*p), &assembly.slug, now)?;
    }
    // Five organisations join the chamber: the park's friends, the garden
    // cooperative, the bicycle workshop, the reuse social enterprise and the tool
    // library; the facilitator admits them (the school's parents are not a kind it
    // admits).
    for (g, referent) in [
        (groups[0], people[5]),
        (groups[1], people[6]),
        (groups[3], people[7]),
        (groups[4], people[8]),
        (groups[5], people[9]),
    ] {
        membership::join_for_in(conn, &person(referent), &chamber.slug, g, now)?;
        let m = store::current_of(conn, c, None, Some(g))?
            .ok_or_else(|| AppError::internal("demo chamber request"))?;
        membership::decide_in(
            conn,
            &person(paolo),
            &chamber.slug,
            m.id,
            &Decision::Admit,
            now,
        )
        .map_err(bad("admission"))?;
    }
    // A past meeting with its minutes, and the next one.
    let at = |days: i64| {
        (now + Duration::days(days))
            .format("%Y-%m-%dT18:30")
            .to_string()
    };
    let until = |days: i64| {
        (now + Duration::days(days))
            .format("%Y-%m-%dT20:30")
            .to_string()
    };
    let meeting = |title: &str, from: i64, agenda: &str| {
        NewMeeting::validate(&MeetingInput {
            title: title.into(),
            starts_at: at(from),
            ends_at: until(from),
            place: "Biblioteca di quartiere, Via Libia 12".into(),
            online_url: "https://meet.valdora.example/assemblea".into(),
            agenda: agenda.into(),
        })
        .map_err(|e| AppError::Internal(format!("demo meeting: {:?}", e.fields())))
    };
    let past = meetings::plan_in(
        conn,
        a,
        giulia,
        meeting(
            "November assembly",
            -14,
            "Welcome and introductions\nThe winter care of the Montagnola park\nProposals for the city's 2027 budget",
        )?,
        now,
    )
    .map_err(bad("meeting"))?;
    crate::assemblies::service::meetings::minutes_in(
        conn,
        past,
        "Twenty-three people attended. The assembly agreed to ask the city for two more compost bins at the Montagnola and to discuss the 2027 budget proposals at the next meeting.",
        now,
    )?;
    meetings::plan_in(
        conn,
        a,
        giulia,
        meeting(
            "December assembly",
            10,
            "Minutes of the November assembly\nBudget proposals: discussion\nAny other business",
        )?,
        now,
    )
    .map_err(bad("meeting"))?;
    motions(conn, people, &assembly.slug, now)?;
    chamber_vote(conn, people, &chamber.slug, now)?;
    every_method(conn, people, &assembly.slug, now)
}

/// A motion that gathered its support and was discussed, and one still open.
fn motions(
    conn: &mut AnyConnection,
    people: &[i64],
    slug: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    use crate::assemblies::model::motion::{NewMotion, Tag};
    use crate::assemblies::service::motions::{NewComment, comment_in, support_in, table_in};
    let (giulia, paolo, chiara, ahmed, sofie) =
        (people[5], people[6], people[7], people[8], people[9]);
    let motion = |title: &str, text: &str, reasons: &str| {
        NewMotion::validate(title, text, reasons)
            .map_err(|e| AppError::Internal(format!("demo motion: {:?}", e.fields())))
    };
    let bins = table_in(
        conn,
        &person(chiara),
        slug,
        &motion(
            "Two more compost bins at the Montagnola",
            "The Assembly asks the city to place two more compost bins at the Montagnola park, near the north gate, before the spring.",
            "The one bin overflows every week since the community garden doubled in size.",
        )?,
        now,
    )?;
    for p in [paolo, ahmed, sofie] {
        support_in(conn, &person(p), slug, bins, now)?;
    }
    let say = |parent: Option<i64>, text: &str, tag: Tag| NewComment {
        parent,
        text: text.to_string(),
        tag,
    };
    let first = comment_in(
        conn,
        &person(ahmed),
        slug,
        bins,
        &say(None, "Yes: and a sign saying what may go in.", Tag::For),
        now,
    )?;
    comment_in(
        conn,
        &person(chiara),
        slug,
        bins,
        &say(
            Some(first),
            "Good idea, I will add it to the text.",
            Tag::None,
        ),
        now,
    )?;
    comment_in(
        conn,
        &person(sofie),
        slug,
        bins,
        &say(None, "Who empties them in August?", Tag::Question),
        now,
    )?;
    let library = table_in(
        conn,
        &person(giulia),
        slug,
        &motion(
            "A seed library in every district library",
            "The Assembly proposes that each district library keeps a shelf of local seeds, run with the garden cooperatives.",
            "",
        )?,
        now,
    )?;
    support_in(conn, &person(paolo), slug, library, now)?;
    amendments(conn, people, slug, library, now)?;
    votes(conn, people, slug, bins, now)
}

/// Two amendments to the seed library motion: one its author accepted (the text's
/// second version), one still proposed.
fn amendments(
    conn: &mut AnyConnection,
    people: &[i64],
    slug: &str,
    library: i64,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    use crate::assemblies::model::amendment::AmendmentState;
    use crate::assemblies::service::amendments::{decide_in, propose_in};
    let (giulia, paolo, sofie) = (people[5], people[6], people[9]);
    let accepted = propose_in(
        conn,
        &person(sofie),
        slug,
        library,
        "The Assembly proposes that each district library keeps a shelf of local seeds, run with the garden cooperatives and the schools.",
        "The schools already run seed swaps in spring.",
        now,
    )
    .map_err(bad("amendment"))?;
    decide_in(
        conn,
        &person(giulia),
        slug,
        accepted,
        AmendmentState::Accepted,
        now,
    )?;
    propose_in(
        conn,
        &person(paolo),
        slug,
        library,
        "The Assembly proposes that the central library and two district libraries keep a shelf of local seeds, run with the garden cooperatives and the schools.",
        "Start small, then grow.",
        now,
    )
    .map_err(bad("amendment"))?;
    Ok(())
}

/// A closed vote on the compost bins motion (counted, on the ledger) and an open
/// ranked vote the demo's citizens can cast.
fn votes(
    conn: &mut AnyConnection,
    people: &[i64],
    slug: &str,
    bins: i64,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    use crate::assemblies::model::vote::{Ballot, VoteInput, VoteSettings};
    use crate::assemblies::service::votes::{cast_in, close_in, open_in};
    use crate::voting::api::Choice;
    let giulia = people[5];
    let at = |d: i64| {
        (now + Duration::days(d))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let settings = |question: &str, method: &str, options: &str, from: i64, to: i64| {
        VoteSettings::validate(&VoteInput {
            question: question.into(),
            method: method.into(),
            options: options.into(),
            quorum: "1/3".into(),
            secrecy: "secret".into(),
            opens_at: at(from),
            closes_at: at(to),
            ..VoteInput::default()
        })
        .map_err(|e| AppError::Internal(format!("demo vote: {:?}", e.fields())))
    };
    let closed = settings(
        "Two more compost bins at the Montagnola",
        "yes_no_abstain",
        "",
        -3,
        -1,
    )?;
    let v = open_in(
        conn,
        &person(giulia),
        slug,
        &closed,
        Some(bins),
        now - Duration::days(3),
    )
    .map_err(bad("vote"))?;
    let cast_at = now - Duration::days(2);
    for (p, choice) in [
        (people[5], Choice::Yes),
        (people[6], Choice::Yes),
        (people[7], Choice::Yes),
        (people[8], Choice::Abstain),
        (people[9], Choice::No),
    ] {
        cast_in(
            conn,
            &person(p),
            slug,
            v,
            None,
            &Ballot::YesNo(choice),
            None,
            cast_at,
        )?;
    }
    close_in(conn, v, now)?;
    recommend(conn, giulia, slug, bins, v, now)?;
    let open = settings(
        "Which garden project should the Assembly propose first?",
        "irv",
        "Compost bins\nSeed library\nRain barrels",
        0,
        7,
    )?;
    open_in(conn, &person(giulia), slug, &open, None, now).map_err(bad("vote"))?;
    Ok(())
}

/// The adopted compost bins motion, sent to the first of the city's offices (waiting
/// for its answer), and the assembly's endorsement of the first public pact, citing
/// the same vote.
fn recommend(
    conn: &mut AnyConnection,
    giulia: i64,
    slug: &str,
    bins: i64,
    vote: i64,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    use crate::assemblies::service::recommendations::{Letters, endorse_in, send_in};
    let letters = Letters {
        base_url: String::new(),
        city: crate::config::DEFAULT_CITY_NAME.into(),
    };
    let office = crate::accounts::api::office_names(conn)?
        .first()
        .map(|o| o.0)
        .ok_or_else(|| AppError::internal("demo: no office"))?;
    let by = person(giulia);
    send_in(
        conn,
        &letters,
        &by,
        slug,
        &bins.to_string(),
        &office.to_string(),
        now,
    )
    .map_err(bad("recommendation"))?;
    let candidates: Vec<i64> = (1..=30).collect();
    if let Some((pact, _)) = crate::pacts::api::public_titles(conn, &candidates)?
        .into_iter()
        .min()
    {
        endorse_in(conn, &by, slug, &pact.to_string(), &vote.to_string(), now)
            .map_err(bad("endorsement"))?;
    }
    Ok(())
}

/// A closed vote of `slug`, opened by `by` three days ago with `input`'s settings, cast
/// two days ago by each voter with their ballot, counted now (on the ledger).
fn closed_vote(
    conn: &mut AnyConnection,
    by: i64,
    slug: &str,
    input: crate::assemblies::model::vote::VoteInput,
    ballots: &[(i64, crate::assemblies::model::vote::Ballot)],
    now: chrono::NaiveDateTime,
) -> Result<i64, AppError> {
    use crate::assemblies::model::vote::{VoteInput, VoteSettings};
    use crate::assemblies::service::votes::{cast_in, close_in, open_in};
    let at = |d: i64| {
        (now + Duration::days(d))
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    };
    let settings = VoteSettings::validate(&VoteInput {
        opens_at: at(-3),
        closes_at: at(-1),
        ..input
    })
    .map_err(|e| AppError::Internal(format!("demo vote: {:?}", e.fields())))?;
    let v = open_in(
        conn,
        &person(by),
        slug,
        &settings,
        None,
        now - Duration::days(3),
    )
    .map_err(bad("vote"))?;
    for (p, b) in ballots {
        cast_in(
            conn,
            &person(*p),
            slug,
            v,
            None,
            b,
            None,
            now - Duration::days(2),
        )?;
    }
    close_in(conn, v, now)?;
    Ok(v)
}

/// The chamber's closed vote by double majority: five organisations, each weighing
/// its members on Pactum; an open vote, as a double majority must be.
fn chamber_vote(
    conn: &mut AnyConnection,
    people: &[i64],
    slug: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    use crate::assemblies::model::vote::{Ballot, VoteInput};
    use crate::voting::api::Choice;
    let input = VoteInput {
        question: "Should the Chamber ask for a shared tool shed at the reuse centre?".into(),
        method: "yes_no_abstain".into(),
        majority: "double".into(),
        secrecy: "open".into(),
        ..VoteInput::default()
    };
    // The referents (no delegate named) cast their organisations' ballots.
    let ballots = [
        (people[5], Ballot::YesNo(Choice::Yes)),
        (people[6], Ballot::YesNo(Choice::Yes)),
        (people[7], Ballot::YesNo(Choice::Yes)),
        (people[8], Ballot::YesNo(Choice::No)),
        (people[9], Ballot::YesNo(Choice::Yes)),
    ];
    closed_vote(conn, people[6], slug, input, &ballots, now)?;
    Ok(())
}

/// The assembly's closed votes of every other method, so that each result page, chart
/// and recount can be seen: consent, approval, score, Schulze, IRV and STV.
fn every_method(
    conn: &mut AnyConnection,
    people: &[i64],
    slug: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    use crate::assemblies::model::vote::{Ballot, VoteInput};
    use crate::voting::api::Stance;
    let voters = [
        people[0], people[5], people[6], people[7], people[8], people[9],
    ];
    let giulia = people[5];
    let vote = |question: &str, method: &str, options: &str| VoteInput {
        question: question.into(),
        method: method.into(),
        options: options.into(),
        secrecy: "secret".into(),
        quorum: "1/3".into(),
        ..VoteInput::default()
    };
    let each = |ballots: &[Ballot]| -> Vec<(i64, Ballot)> {
        voters
            .iter()
            .copied()
            .zip(ballots.iter().cloned())
            .collect()
    };
    closed_vote(
        conn,
        giulia,
        slug,
        vote(
            "Do we adopt the Montagnola garden's watering rota for the summer?",
            "consent",
            "",
        ),
        &each(&[
            Ballot::Consent(Stance::Agree),
            Ballot::Consent(Stance::Agree),
            Ballot::Consent(Stance::Agree),
            Ballot::Consent(Stance::Abstain),
            Ballot::Consent(Stance::Object),
            Ballot::Consent(Stance::Agree),
        ]),
        now,
    )?;
    closed_vote(
        conn,
        giulia,
        slug,
        vote(
            "Which evenings suit the monthly assembly?",
            "approval",
            "Monday\nTuesday\nWednesday\nThursday",
        ),
        &each(&[
            Ballot::Approval(vec![0, 2]),
            Ballot::Approval(vec![2]),
            Ballot::Approval(vec![1, 2, 3]),
            Ballot::Approval(vec![0]),
            Ballot::Approval(vec![2, 3]),
            Ballot::Approval(vec![3]),
        ]),
        now,
    )?;
    closed_vote(
        conn,
        giulia,
        slug,
        VoteInput {
            max_score: "5".into(),
            ..vote(
                "How useful would each tool be in the neighbourhood tool library?",
                "score",
                "Ladder\nPressure washer\nHedge trimmer",
            )
        },
        &each(&[
            Ballot::Score(vec![Some(5), Some(2), Some(3)]),
            Ballot::Score(vec![Some(4), Some(1), None]),
            Ballot::Score(vec![Some(3), Some(5), Some(4)]),
            Ballot::Score(vec![Some(5), Some(0), Some(2)]),
            Ballot::Score(vec![None, Some(3), Some(5)]),
            Ballot::Score(vec![Some(4), Some(2), Some(1)]),
        ]),
        now,
    )?;
    closed_vote(
        conn,
        giulia,
        slug,
        vote(
            "Which budget proposal should the Assembly put first?",
            "schulze",
            "Shade trees on Via Libia\nA drinking fountain in the park\nLighting on the canal path",
        ),
        &each(&[
            Ballot::Ranked(vec![0, 2, 1]),
            Ballot::Ranked(vec![2, 0, 1]),
            Ballot::Ranked(vec![1, 2, 0]),
            Ballot::Ranked(vec![0, 1]),
            Ballot::Ranked(vec![2, 1, 0]),
            Ballot::Ranked(vec![0, 2]),
        ]),
        now,
    )?;
    closed_vote(
        conn,
        giulia,
        slug,
        vote(
            "Where should the Assembly hold its summer picnic?",
            "irv",
            "Montagnola park\nCanal path meadow\nSchool courtyard",
        ),
        &each(&[
            Ballot::Ranked(vec![0, 1]),
            Ballot::Ranked(vec![1, 0]),
            Ballot::Ranked(vec![2, 1]),
            Ballot::Ranked(vec![1]),
            Ballot::Ranked(vec![0, 2]),
            Ballot::Ranked(vec![2, 1, 0]),
        ]),
        now,
    )?;
    closed_vote(
        conn,
        giulia,
        slug,
        VoteInput {
            seats: "2".into(),
            ..vote(
                "Who represents the Assembly at the city's commons table? (two seats)",
                "stv",
                "Giulia Rossi\nAhmed Benali\nChiara Romano\nSofie De Vries",
            )
        },
        &each(&[
            Ballot::Ranked(vec![0, 2]),
            Ballot::Ranked(vec![1, 0]),
            Ballot::Ranked(vec![2, 0, 1]),
            Ballot::Ranked(vec![1, 3]),
            Ballot::Ranked(vec![0, 1, 2, 3]),
            Ballot::Ranked(vec![3, 1]),
        ]),
        now,
    )?;
    Ok(())
}
