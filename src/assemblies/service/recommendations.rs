//! Recommendations to the city and pact endorsements: a facilitator sends a motion the
//! body adopted (its closed vote carried) to an office, once per motion and office,
//! with its text kept as sent; the office's officials, the coordinating office's and
//! administrators answer once, and the answer, who gave it and when are final. The
//! sending and the answer go on the civic ledger (ids, codes and hashes only) and are
//! told by e-mail: to the office's officials, then to the body's facilitators.
//!
//! A facilitator also records that the body endorses a public pact, citing the closed,
//! adopted vote of the body that decided it; the pact's page shows it (through
//! `assemblies::api`). What the pages read is in `recommendation_pages`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{allow, motions, store};
use crate::accounts::api::{self as accounts, Who};
use crate::assemblies::model::recommendation::{self, Answer, NewAnswer};
use crate::assemblies::policy::{self, Action, Object, RecommendationFacts};
use crate::db::AnyConnection;
use crate::db::schema::{pact_endorsements, recommendations, votes};
use crate::error::AppError;
use crate::mail::{ActionMail, compose_action, enqueue};
use crate::pacts::api as pacts;
use crate::voting::api::Method;
use crate::web::forms::Refusal;
use crate::web::i18n::Lang;

/// Lines on a body's list, and on the officials' queue.
pub const ON_LIST: i64 = 200;

/// What the e-mails need of the configuration.
#[derive(Debug, Clone)]
pub struct Letters {
    pub base_url: String,
    pub city: String,
}

impl Letters {
    pub fn from_ports(ports: &crate::ports::Ports) -> Letters {
        Letters {
            base_url: ports.config.absolute_url(""),
            city: ports.config.city_name.clone(),
        }
    }
}

/// One recommendation as stored.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub id: i64,
    pub body_id: i64,
    pub motion_id: i64,
    pub vote_id: i64,
    pub office_id: i64,
    pub title: String,
    pub text: String,
    pub text_sha256: String,
    pub sent_at: NaiveDateTime,
    pub answer: Option<Answer>,
    pub answer_text: String,
    pub answer_pact: Option<i64>,
    pub answered_at: Option<NaiveDateTime>,
}

type RecRow = (
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    String,
    NaiveDateTime,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<NaiveDateTime>,
);

macro_rules! rec_columns {
    () => {
        (
            recommendations::id,
            recommendations::body_id,
            recommendations::motion_id,
            recommendations::vote_id,
            recommendations::office_id,
            recommendations::title,
            recommendations::text,
            recommendations::text_sha256,
            recommendations::sent_at,
            recommendations::answer,
            recommendations::answer_text,
            recommendations::answer_pact_id,
            recommendations::answered_at,
        )
    };
}

fn rec(r: RecRow) -> Recommendation {
    Recommendation {
        id: r.0,
        body_id: r.1,
        motion_id: r.2,
        vote_id: r.3,
        office_id: r.4,
        title: r.5,
        text: r.6,
        text_sha256: r.7,
        sent_at: r.8,
        answer: r.9.as_deref().and_then(Answer::parse),
        answer_text: r.10.unwrap_or_default(),
        answer_pact: r.11,
        answered_at: r.12,
    }
}

/// A body's latest recommendations (`body`), or a motion's oldest first (`motion`);
/// at most [`ON_LIST`], in one query.
pub(super) fn rows(
    conn: &mut AnyConnection,
    body: Option<i64>,
    motion: Option<i64>,
) -> Result<Vec<Recommendation>, AppError> {
    let mut q = recommendations::table
        .select(rec_columns!())
        .limit(ON_LIST)
        .into_boxed();
    if let Some(b) = body {
        q = q
            .filter(recommendations::body_id.eq(b))
            .order(recommendations::id.desc());
    }
    if let Some(m) = motion {
        q = q
            .filter(recommendations::motion_id.eq(m))
            .order(recommendations::id.asc());
    }
    let r: Vec<RecRow> = q.load(conn)?;
    Ok(r.into_iter().map(rec).collect())
}

pub(super) fn load(
    conn: &mut AnyConnection,
    body: i64,
    id: i64,
) -> Result<Recommendation, AppError> {
    let r: RecRow = recommendations::table
        .filter(recommendations::id.eq(id))
        .filter(recommendations::body_id.eq(body))
        .select(rec_columns!())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    Ok(rec(r))
}

/// Whether a stored vote is closed and adopted what it asked.
fn adopted(method: &str, state: &str, result: Option<&str>) -> bool {
    let Some(v) = result.and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok()) else {
        return false;
    };
    let winners: Vec<String> = serde_json::from_value(v["winners"].clone()).unwrap_or_default();
    state == "closed"
        && Method::parse(method)
            .is_ok_and(|m| recommendation::adopted(m, v["verdict"] == "failed_quorum", &winners))
}

/// A closed vote of a body that adopted its motion or question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptedVote {
    pub id: i64,
    pub motion: Option<i64>,
    pub question: String,
    pub closed_at: Option<NaiveDateTime>,
}

type VoteRow = (
    i64,
    Option<i64>,
    String,
    String,
    String,
    Option<String>,
    Option<NaiveDateTime>,
);

/// A body's latest closed votes that adopted what they asked (one query).
pub(super) fn adopted_votes(
    conn: &mut AnyConnection,
    body: i64,
) -> Result<Vec<AdoptedVote>, AppError> {
    let rows: Vec<VoteRow> = votes::table
        .filter(votes::body_id.eq(body))
        .filter(votes::state.eq("closed"))
        .order(votes::id.desc())
        .limit(ON_LIST)
        .select((
            votes::id,
            votes::motion_id,
            votes::question,
            votes::method,
            votes::state,
            votes::result,
            votes::closed_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| adopted(&r.3, &r.4, r.5.as_deref()))
        .map(|r| AdoptedVote {
            id: r.0,
            motion: r.1,
            question: r.2,
            closed_at: r.6,
        })
        .collect())
}

/// Mails each of `people` (once) with a link, in their language; only verified
/// addresses are written to.
fn tell(
    conn: &mut AnyConnection,
    letters: &Letters,
    people: &[i64],
    prefix: &str,
    url: &str,
    args: &[(&'static str, String)],
) -> Result<(), AppError> {
    let mut seen = Vec::new();
    for &uid in people {
        if seen.contains(&uid) {
            continue;
        }
        seen.push(uid);
        let Some(c) = accounts::contact(conn, uid)? else {
            continue;
        };
        let (Some(to), true) = (&c.email, c.verified) else {
            continue;
        };
        let lang = Lang::from_code(&c.language).unwrap_or(Lang::En);
        let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> =
            args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        let mail = compose_action(
            lang,
            &letters.city,
            &ActionMail {
                prefix,
                to,
                name: &c.name,
                url,
                args: &args,
            },
        )
        .map_err(|e| AppError::internal(e.to_string()))?;
        enqueue(conn, &mail)?;
    }
    Ok(())
}

/// A facilitator sends the motion `motion`, adopted by the body's latest closed vote
/// on it, to `office`, once per motion and office.
pub fn send_in(
    conn: &mut AnyConnection,
    letters: &Letters,
    who: &Who,
    slug: &str,
    motion: &str,
    office: &str,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    let (b, _) = allow(conn, slug, Some(who), Action::Recommend)?;
    let mut e = crate::web::forms::FormErrors::new();
    let motion = motion.trim().parse::<i64>().ok();
    let office = office.trim().parse::<i64>().ok();
    let m = match motion {
        Some(id) => match motions::load(conn, b.id, id) {
            Ok(m) => Some(m),
            Err(AppError::NotFound) => None,
            Err(other) => return Err(other.into()),
        },
        None => None,
    };
    if m.is_none() {
        e.add("motion", "field-recommendation-motion-invalid");
    }
    let office = match office {
        Some(o) => accounts::office(conn, o)?,
        None => None,
    };
    if office.is_none() {
        e.add("office", "field-recommendation-office-invalid");
    }
    let (Some(m), Some((office, _))) = (m, office) else {
        return Err(e.into());
    };
    // The motion's latest closed vote decides: a later vote that did not carry undoes
    // an earlier one.
    let latest: Option<(i64, String, String, Option<String>)> = votes::table
        .filter(votes::body_id.eq(b.id))
        .filter(votes::motion_id.eq(m.id))
        .filter(votes::state.eq("closed"))
        .order(votes::id.desc())
        .select((votes::id, votes::method, votes::state, votes::result))
        .first(conn)
        .optional()?;
    let Some(vote) = latest
        .filter(|r| adopted(&r.1, &r.2, r.3.as_deref()))
        .map(|r| r.0)
    else {
        return Err(Refusal::field(
            "motion",
            "field-recommendation-motion-not-adopted",
        ));
    };
    let sent: i64 = recommendations::table
        .filter(recommendations::motion_id.eq(m.id))
        .filter(recommendations::office_id.eq(office))
        .count()
        .get_result(conn)?;
    if sent > 0 {
        return Err(Refusal::field(
            "office",
            "field-recommendation-already-sent",
        ));
    }
    let text = format!("{}\n\n{}", m.title, m.text);
    let text_sha256 = crate::util::sha256_hex(text.as_bytes());
    let inserted = diesel::insert_into(recommendations::table)
        .values((
            recommendations::body_id.eq(b.id),
            recommendations::motion_id.eq(m.id),
            recommendations::vote_id.eq(vote),
            recommendations::office_id.eq(office),
            recommendations::title.eq(&m.title),
            recommendations::text.eq(&text),
            recommendations::text_sha256.eq(&text_sha256),
            recommendations::sent_by.eq(who.id),
            recommendations::sent_at.eq(now),
        ))
        .returning(recommendations::id)
        .get_result::<i64>(conn);
    let id = match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(Refusal::field(
                "office",
                "field-recommendation-already-sent",
            ));
        }
        other => other?,
    };
    let office_slug = accounts::office_slug(conn, Some(office))?;
    let entry = crate::ledger::entry::Entry::new("recommendation.sent")
        .with("recommendation", id)
        .with("body", b.slug.as_str())
        .with("office", office_slug.as_str())
        .with("motion", m.id)
        .with("vote", vote)
        .with("text_sha256", text_sha256.as_str());
    crate::ledger::kinds::append(conn, &entry)?;
    let officials = accounts::officials_of(conn, office)?;
    let url = format!(
        "{}/assemblies/{}/recommendations/{id}",
        letters.base_url, b.slug
    );
    tell(
        conn,
        letters,
        &officials,
        "mail-recommendation-sent",
        &url,
        &[("title", m.title.clone()), ("body", b.name.clone())],
    )?;
    Ok(id)
}

/// The facts the policy reads to let `who` answer `r`.
pub(super) fn facts_of(
    conn: &mut AnyConnection,
    r: &Recommendation,
    who: Option<&Who>,
) -> Result<RecommendationFacts, AppError> {
    Ok(RecommendationFacts {
        office: r.office_id,
        coordinating: accounts::coordinating_office(conn)?,
        answered: r.answer.is_some(),
        my_offices: match who {
            Some(w) => accounts::offices_of(conn, w.id)?,
            None => Vec::new(),
        },
    })
}

/// Whether `who` may answer: refused (403) to whoever may never answer it, then a
/// conflict (409) for those who could but it has its answer already.
pub fn may_answer(who: &Who, facts: &RecommendationFacts) -> Result<(), AppError> {
    let waiting = RecommendationFacts {
        answered: false,
        ..facts.clone()
    };
    policy::may(Some(who), &Object::Recommendation(&waiting), Action::Answer)?;
    if facts.answered {
        return Err(AppError::Conflict("recommendation-already-answered"));
    }
    Ok(())
}

/// An official of the addressed office or of the coordinating office, or an
/// administrator, answers a recommendation, once.
pub fn answer_in(
    conn: &mut AnyConnection,
    letters: &Letters,
    who: &Who,
    slug: &str,
    id: i64,
    a: &NewAnswer,
    now: NaiveDateTime,
) -> Result<(), Refusal> {
    let b = store::by_slug(conn, slug)?;
    let r = load(conn, b.id, id)?;
    let facts = facts_of(conn, &r, Some(who))?;
    may_answer(who, &facts)?;
    if let Some(p) = a.pact
        && pacts::public_titles(conn, &[p])?.is_empty()
    {
        return Err(Refusal::field("pact", "field-recommendation-pact-unknown"));
    }
    let text = (!a.text.is_empty()).then_some(a.text.as_str());
    let changed = diesel::update(
        recommendations::table
            .filter(recommendations::id.eq(id))
            .filter(recommendations::answer.is_null()),
    )
    .set((
        recommendations::answer.eq(Some(a.answer.code())),
        recommendations::answer_text.eq(text),
        recommendations::answer_pact_id.eq(a.pact),
        recommendations::answered_by.eq(Some(who.id)),
        recommendations::answered_at.eq(Some(now)),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(AppError::Conflict("recommendation-already-answered").into());
    }
    let office_slug = accounts::office_slug(conn, Some(r.office_id))?;
    let mut entry = crate::ledger::entry::Entry::new("recommendation.answered")
        .with("recommendation", id)
        .with("body", b.slug.as_str())
        .with("office", office_slug.as_str())
        .with("answer", a.answer.code());
    if let Some(t) = text {
        entry = entry.with(
            "answer_sha256",
            crate::util::sha256_hex(t.as_bytes()).as_str(),
        );
    }
    if let Some(p) = a.pact {
        entry = entry.with("pact", p);
    }
    crate::ledger::kinds::append(conn, &entry)?;
    let facilitators: Vec<i64> = store::facilitators(conn, b.id)?
        .into_iter()
        .map(|f| f.0)
        .collect();
    let url = format!(
        "{}/assemblies/{}/recommendations/{id}",
        letters.base_url, b.slug
    );
    tell(
        conn,
        letters,
        &facilitators,
        "mail-recommendation-answered",
        &url,
        &[("title", r.title.clone())],
    )?;
    Ok(())
}

/// A facilitator records that the body endorses the public pact `pact`, citing a
/// closed, adopted vote of the body; once per body and pact.
pub fn endorse_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    pact: &str,
    vote: &str,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    let (b, _) = allow(conn, slug, Some(who), Action::Endorse)?;
    let mut e = crate::web::forms::FormErrors::new();
    let pact = pact.trim().trim_start_matches('#').parse::<i64>().ok();
    let pact = match pact {
        Some(p) if !pacts::public_titles(conn, &[p])?.is_empty() => Some(p),
        _ => None,
    };
    if pact.is_none() {
        e.add("pact", "field-recommendation-pact-unknown");
    }
    let vote = vote.trim().parse::<i64>().ok();
    let row: Option<(i64, String, String, Option<String>)> = match vote {
        Some(v) => votes::table
            .filter(votes::id.eq(v))
            .filter(votes::body_id.eq(b.id))
            .select((votes::id, votes::method, votes::state, votes::result))
            .first(conn)
            .optional()?,
        None => None,
    };
    let vote = row
        .filter(|r| adopted(&r.1, &r.2, r.3.as_deref()))
        .map(|r| r.0);
    if vote.is_none() {
        e.add("vote", "field-endorsement-vote-invalid");
    }
    let (Some(pact), Some(vote)) = (pact, vote) else {
        return Err(e.into());
    };
    let inserted = diesel::insert_into(pact_endorsements::table)
        .values((
            pact_endorsements::body_id.eq(b.id),
            pact_endorsements::pact_id.eq(pact),
            pact_endorsements::vote_id.eq(vote),
            pact_endorsements::created_by.eq(who.id),
            pact_endorsements::created_at.eq(now),
        ))
        .returning(pact_endorsements::id)
        .get_result::<i64>(conn);
    match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => {
            Err(Refusal::field("pact", "field-endorsement-already"))
        }
        other => Ok(other?),
    }
}

/// A facilitator sends a motion to an office (the web's use-case).
pub async fn send(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    motion: String,
    office: String,
) -> Result<i64, Refusal> {
    let (letters, who, slug, now) = (
        Letters::from_ports(ports),
        who.clone(),
        slug.to_string(),
        ports.clock.now(),
    );
    ports
        .db
        .try_transaction(move |conn| send_in(conn, &letters, &who, &slug, &motion, &office, now))
        .await
}

/// An official answers a recommendation (the web's use-case).
pub async fn answer(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    id: i64,
    a: NewAnswer,
) -> Result<(), Refusal> {
    let (letters, who, slug, now) = (
        Letters::from_ports(ports),
        who.clone(),
        slug.to_string(),
        ports.clock.now(),
    );
    ports
        .db
        .try_transaction(move |conn| answer_in(conn, &letters, &who, &slug, id, &a, now))
        .await
}

/// A facilitator records an endorsement (the web's use-case).
pub async fn endorse(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    pact: String,
    vote: String,
) -> Result<i64, Refusal> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| endorse_in(conn, &who, &slug, &pact, &vote, now))
        .await
}
