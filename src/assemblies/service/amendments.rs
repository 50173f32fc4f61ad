//! Amendments to motions: a member proposes a changed text, written on the motion's
//! current version; the motion's author accepts it (the motion takes its text, as a new
//! version) or declines it (`rejected`); its author withdraws it; or a facilitator puts
//! it to its own yes/no vote, whose closing adopts it (new version) or rejects it. While
//! an amendment is proposed its motion cannot go to its own vote, and that vote records
//! the version of the text it decides. Every text a motion had stays in
//! `motion_versions`: version 1 as tabled (written when the text first changes).

use std::time::Instant;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::motions::{self, Motion};
use super::{store, votes};
use crate::accounts::api::{self as accounts, Who};
use crate::assemblies::model::amendment::{self, AmendmentState, NewAmendment, Piece};
use crate::assemblies::model::vote::VoteSettings;
use crate::assemblies::policy::{Action, AmendTarget, AmendmentFacts, Object, may};
use crate::db::AnyConnection;
use crate::db::schema::{motion_amendments as am, motion_versions as mv, votes as v};
use crate::error::AppError;
use crate::ports::Ports;
use crate::voting::api::{Method, Outcome, Verdict};
use crate::web::forms::Refusal;
use crate::web::rate_limit::Limit;

/// Amendments per person per hour.
const AMENDMENTS_PER_HOUR: Limit = Limit::new(20, 3600);
/// Amendments on a motion's page (the oldest first).
pub const ON_PAGE: i64 = 100;
/// Versions on a motion's page (the latest first).
pub const VERSIONS: i64 = 100;
/// How long all the differences of one page may take together.
const PAGE_DIFF_TIME: std::time::Duration = std::time::Duration::from_millis(300);

/// One amendment's row.
#[derive(Debug, Clone)]
pub struct Amendment {
    pub id: i64,
    pub motion_id: i64,
    pub member_id: i64,
    pub author_id: i64,
    pub base_version: i64,
    pub text: String,
    pub reasons: String,
    pub state: AmendmentState,
    pub decided_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

type AmendmentRow = (
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    String,
    Option<i64>,
    NaiveDateTime,
);

/// The columns of an [`AmendmentRow`].
type Columns = (
    am::id,
    am::motion_id,
    am::member_id,
    am::author_id,
    am::base_version,
    am::text,
    am::reasons,
    am::state,
    am::decided_by,
    am::created_at,
);

fn columns() -> Columns {
    Columns::default()
}

fn from_row(r: AmendmentRow) -> Result<Amendment, AppError> {
    Ok(Amendment {
        id: r.0,
        motion_id: r.1,
        member_id: r.2,
        author_id: r.3,
        base_version: r.4,
        text: r.5,
        reasons: r.6,
        state: AmendmentState::parse(&r.7).ok_or_else(|| AppError::internal("amendment state"))?,
        decided_by: r.8,
        created_at: r.9,
    })
}

/// An amendment of a motion of the body (404 if none).
fn load(conn: &mut AnyConnection, body: i64, id: i64) -> Result<Amendment, AppError> {
    let r: AmendmentRow = am::table
        .inner_join(crate::db::schema::motions::table)
        .filter(am::id.eq(id))
        .filter(crate::db::schema::motions::body_id.eq(body))
        .select(columns())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    from_row(r)
}

/// The motion's current version: its latest, or 1 (as tabled) when it never changed.
fn current_version(conn: &mut AnyConnection, motion: i64) -> Result<i64, AppError> {
    let v: Option<i64> = mv::table
        .filter(mv::motion_id.eq(motion))
        .select(diesel::dsl::max(mv::version))
        .first(conn)?;
    Ok(v.unwrap_or(1))
}

fn insert_version(
    conn: &mut AnyConnection,
    motion: i64,
    version: i64,
    text: &str,
    amendment: Option<i64>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(mv::table)
        .values((
            mv::motion_id.eq(motion),
            mv::version.eq(version),
            mv::text.eq(text),
            mv::sha256.eq(crate::util::sha256_hex(text.as_bytes())),
            mv::source.eq(if amendment.is_some() {
                "amendment"
            } else {
                "tabled"
            }),
            mv::amendment_id.eq(amendment),
            mv::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The motion takes the amendment's text as its next version (writing version 1, the
/// text as tabled, first if it never changed).
fn carry(conn: &mut AnyConnection, a: &Amendment, now: NaiveDateTime) -> Result<i64, AppError> {
    use crate::db::schema::motions;
    let (text, tabled_at): (String, NaiveDateTime) = motions::table
        .find(a.motion_id)
        .select((motions::text, motions::created_at))
        .first(conn)?;
    let latest: Option<i64> = mv::table
        .filter(mv::motion_id.eq(a.motion_id))
        .select(diesel::dsl::max(mv::version))
        .first(conn)?;
    if latest.is_none() {
        insert_version(conn, a.motion_id, 1, &text, None, tabled_at)?;
    }
    let next = latest.unwrap_or(1) + 1;
    insert_version(conn, a.motion_id, next, &a.text, Some(a.id), now)?;
    diesel::update(motions::table.find(a.motion_id))
        .set((motions::text.eq(&a.text), motions::updated_at.eq(now)))
        .execute(conn)?;
    Ok(next)
}

/// Whether a vote on the motion itself has opened.
fn motion_voted(conn: &mut AnyConnection, motion: i64) -> Result<bool, AppError> {
    let n: i64 = v::table
        .filter(v::motion_id.eq(motion))
        .filter(v::amendment_id.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn facts_of(
    conn: &mut AnyConnection,
    b: &store::Body,
    m: &Motion,
    a: &Amendment,
    who: &Who,
) -> Result<AmendmentFacts, AppError> {
    let seats = store::seats(conn, b, who)?;
    let in_vote: i64 = v::table
        .filter(v::amendment_id.eq(a.id))
        .count()
        .get_result(conn)?;
    Ok(AmendmentFacts {
        state: a.state,
        motion: m.state,
        motion_author: seats.contains(&m.member_id),
        authored: seats.contains(&a.member_id),
        in_vote: in_vote > 0,
    })
}

/// A member proposes an amendment to a motion, in the name of the first membership
/// they speak for, written on the motion's current text.
pub fn propose_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    motion: i64,
    text: &str,
    reasons: &str,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    let b = store::by_slug(conn, slug)?;
    let facts = store::facts(conn, &b, Some(who))?;
    let m = motions::load(conn, b.id, motion)?;
    let target = AmendTarget {
        state: m.state,
        voted: motion_voted(conn, m.id)?,
    };
    may(Some(who), &Object::Body(&facts), Action::Amend(target))?;
    let a = NewAmendment::validate(&m.text, text, reasons)?;
    let seat = *store::seats(conn, &b, who)?
        .first()
        .ok_or(AppError::Forbidden)?;
    let base = current_version(conn, m.id)?;
    Ok(diesel::insert_into(am::table)
        .values((
            am::motion_id.eq(m.id),
            am::member_id.eq(seat),
            am::author_id.eq(who.id),
            am::base_version.eq(base),
            am::text.eq(&a.text),
            am::reasons.eq(&a.reasons),
            am::state.eq(AmendmentState::Proposed.code()),
            am::created_at.eq(now),
        ))
        .returning(am::id)
        .get_result(conn)?)
}

/// The motion's author accepts (`Accepted`: the motion takes its text) or declines
/// (`Rejected`, without a vote), or the amendment's author withdraws (`Withdrawn`) an
/// amendment. Answers its motion.
pub fn decide_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    id: i64,
    to: AmendmentState,
    now: NaiveDateTime,
) -> Result<i64, AppError> {
    let b = store::by_slug(conn, slug)?;
    let facts = store::facts(conn, &b, Some(who))?;
    let a = load(conn, b.id, id)?;
    let m = motions::load(conn, b.id, a.motion_id)?;
    let af = facts_of(conn, &b, &m, &a, who)?;
    let action = match to {
        AmendmentState::Accepted => Action::Accept(af),
        AmendmentState::Rejected => Action::Decline(af),
        AmendmentState::Withdrawn => Action::WithdrawAmendment(af),
        AmendmentState::Proposed | AmendmentState::Adopted => {
            return Err(AppError::BadRequest("error-bad-request"));
        }
    };
    may(Some(who), &Object::Body(&facts), action)?;
    if to == AmendmentState::Accepted {
        carry(conn, &a, now)?;
    }
    set_state(conn, a.id, to, Some(who.id), now)?;
    Ok(a.motion_id)
}

fn set_state(
    conn: &mut AnyConnection,
    id: i64,
    to: AmendmentState,
    by: Option<i64>,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::update(am::table.find(id))
        .set((
            am::state.eq(to.code()),
            am::decided_by.eq(by),
            am::decided_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A facilitator opens an amendment's own vote (yes, no or abstain); its motion is the
/// motion it amends.
pub fn open_vote_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    s: &VoteSettings,
    id: i64,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    let b = store::by_slug(conn, slug)?;
    let facts = store::facts(conn, &b, Some(who))?;
    may(Some(who), &Object::Body(&facts), Action::OpenVote)?;
    let a = load(conn, b.id, id)?;
    let m = motions::load(conn, b.id, a.motion_id)?;
    let af = facts_of(conn, &b, &m, &a, who)?;
    if may(Some(who), &Object::Body(&facts), Action::PutToVote(af)).is_err() {
        return Err(Refusal::field(
            "amendment",
            "field-vote-amendment-not-pending",
        ));
    }
    if s.method != Method::YesNoAbstain {
        return Err(Refusal::field("method", "field-vote-amendment-yes-no"));
    }
    let target = votes::Target {
        motion: Some(m.id),
        amendment: Some(a.id),
        version: None,
    };
    votes::insert(conn, &b, who, s, target, now)
}

/// Before a motion's own vote opens: refused while an amendment of it is proposed
/// (it goes to its own vote, or is accepted, declined or withdrawn, first); else the
/// version of the text the vote decides.
pub(super) fn before_motion_vote(conn: &mut AnyConnection, motion: i64) -> Result<i64, Refusal> {
    let pending: i64 = am::table
        .filter(am::motion_id.eq(motion))
        .filter(am::state.eq(AmendmentState::Proposed.code()))
        .count()
        .get_result(conn)?;
    if pending > 0 {
        return Err(Refusal::field("motion", "field-vote-amendments-pending"));
    }
    Ok(current_version(conn, motion)?)
}

/// What a vote decided, for its ledger entry: the amendment (an amendment's vote) and
/// the SHA-256 of the text it decided (the amendment's text, or the motion's version
/// the vote recorded at opening; none for a free question).
pub(super) fn decided_text(
    conn: &mut AnyConnection,
    vote: i64,
) -> Result<(Option<i64>, Option<String>), AppError> {
    use crate::db::schema::motions;
    let (motion, amendment, version): (Option<i64>, Option<i64>, Option<i64>) = v::table
        .find(vote)
        .select((v::motion_id, v::amendment_id, v::motion_version))
        .first(conn)?;
    let text: Option<String> = match (amendment, motion, version) {
        (Some(a), _, _) => Some(am::table.find(a).select(am::text).first(conn)?),
        (None, Some(m), Some(n)) => {
            let stored: Option<String> = mv::table
                .find((m, n))
                .select(mv::text)
                .first(conn)
                .optional()?;
            match stored {
                Some(t) => Some(t),
                // Version 1 is written only once the text changes: until then it is
                // the motion's text (no amendment changes it once its vote opened).
                None => Some(motions::table.find(m).select(motions::text).first(conn)?),
            }
        }
        _ => None,
    };
    Ok((
        amendment,
        text.map(|t| crate::util::sha256_hex(t.as_bytes())),
    ))
}

/// When a vote closes: if it was an amendment's, a carried `yes` adopts it (its motion
/// takes its text, as a new version) and anything else rejects it, in the closing's
/// transaction.
pub(super) fn on_vote_closed(
    conn: &mut AnyConnection,
    vote: i64,
    outcome: &Outcome,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let target: Option<i64> = v::table.find(vote).select(v::amendment_id).first(conn)?;
    let Some(id) = target else {
        return Ok(());
    };
    let r: AmendmentRow = am::table.find(id).select(columns()).first(conn)?;
    let a = from_row(r)?;
    if a.state != AmendmentState::Proposed {
        return Ok(());
    }
    let adopted = outcome.verdict == Verdict::Decided && outcome.winners == ["yes"];
    if adopted {
        carry(conn, &a, now)?;
        set_state(conn, a.id, AmendmentState::Adopted, None, now)
    } else {
        set_state(conn, a.id, AmendmentState::Rejected, None, now)
    }
}

pub async fn propose(
    ports: &Ports,
    who: &Who,
    slug: &str,
    motion: i64,
    text: String,
    reasons: String,
) -> Result<i64, Refusal> {
    motions::hit(ports, "amendments", who, AMENDMENTS_PER_HOUR).await?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| propose_in(conn, &who, &slug, motion, &text, &reasons, now))
        .await
}

/// Accepts, declines or withdraws an amendment (the web's use-case); answers its
/// motion.
pub async fn decide(
    ports: &Ports,
    who: &Who,
    slug: &str,
    id: i64,
    to: AmendmentState,
) -> Result<i64, AppError> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| decide_in(conn, &who, &slug, id, to, now))
        .await
}

/// Opens an amendment's vote (the web's use-case).
pub async fn open_vote(
    ports: &Ports,
    who: &Who,
    slug: &str,
    s: VoteSettings,
    id: i64,
) -> Result<i64, Refusal> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| open_vote_in(conn, &who, &slug, &s, id, now))
        .await
}

/// The title of the motion an amendment of the body amends (for its vote's question).
pub async fn motion_title(ports: &Ports, slug: &str, id: i64) -> Result<String, AppError> {
    let slug = slug.to_string();
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let a = load(conn, b.id, id)?;
            Ok(motions::load(conn, b.id, a.motion_id)?.title)
        })
        .await
}

/// One amendment as a motion's page shows it.
#[derive(Debug, Clone)]
pub struct AmendmentLine {
    pub id: i64,
    /// Its number among the motion's amendments, from 1.
    pub number: usize,
    pub author: String,
    pub state: AmendmentState,
    pub reasons: String,
    pub base_version: i64,
    /// From the text it was written on to the text it proposes.
    pub diff: Vec<Piece>,
    pub created_at: NaiveDateTime,
    /// Its vote, if one opened.
    pub vote: Option<i64>,
    /// Whether a person decided it (its motion's author, or its own author
    /// withdrawing) rather than a vote.
    pub decided_by_person: bool,
    pub facts: AmendmentFacts,
    /// Its proposed text (to prefill a counter-proposal).
    pub text: String,
}

/// One version of a motion's text.
#[derive(Debug, Clone)]
pub struct VersionLine {
    pub version: i64,
    /// The number of the amendment it came from; `None`: as tabled.
    pub amendment: Option<usize>,
    pub text: String,
    pub sha256: String,
    pub created_at: NaiveDateTime,
}

/// A motion's amendments and versions as its page shows them, for one viewer.
#[derive(Debug, Clone)]
pub struct AmendmentsView {
    pub lines: Vec<AmendmentLine>,
    /// Latest first; empty while the text never changed.
    pub versions: Vec<VersionLine>,
    pub current_version: i64,
    pub target: AmendTarget,
    /// The motion's own votes and the version of its text each decides.
    pub motion_votes: Vec<(i64, Option<i64>)>,
}

type VersionRow = (i64, String, String, Option<i64>, NaiveDateTime);

/// A motion's amendments, versions and votes (four queries, five signed in; the
/// differences share one time budget).
pub(super) fn view(
    conn: &mut AnyConnection,
    b: &store::Body,
    m: &Motion,
    who: Option<&Who>,
) -> Result<AmendmentsView, AppError> {
    let rows: Vec<AmendmentRow> = am::table
        .filter(am::motion_id.eq(m.id))
        .order(am::id.asc())
        .limit(ON_PAGE)
        .select(columns())
        .load(conn)?;
    let amendments: Vec<Amendment> = rows.into_iter().map(from_row).collect::<Result<_, _>>()?;
    let versions: Vec<VersionRow> = mv::table
        .filter(mv::motion_id.eq(m.id))
        .order(mv::version.desc())
        .limit(VERSIONS)
        .select((
            mv::version,
            mv::text,
            mv::sha256,
            mv::amendment_id,
            mv::created_at,
        ))
        .load(conn)?;
    let vote_rows: Vec<(i64, Option<i64>, Option<i64>)> = v::table
        .filter(v::motion_id.eq(m.id))
        .order(v::id.asc())
        .select((v::id, v::amendment_id, v::motion_version))
        .load(conn)?;
    let seats = match who {
        Some(w) => store::seats(conn, b, w)?,
        None => Vec::new(),
    };
    let people: Vec<i64> = amendments.iter().map(|a| a.author_id).collect();
    let names = accounts::display_names(conn, &people)?;
    let number = |id: i64| amendments.iter().position(|a| a.id == id).map(|i| i + 1);
    let current_version = versions.first().map_or(1, |r| r.0);
    let deadline = Instant::now() + PAGE_DIFF_TIME;
    let lines = amendments
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let base = versions
                .iter()
                .find(|r| r.0 == a.base_version)
                .map_or(m.text.as_str(), |r| r.1.as_str());
            let vote = vote_rows.iter().find(|r| r.1 == Some(a.id)).map(|r| r.0);
            AmendmentLine {
                id: a.id,
                number: i + 1,
                author: names
                    .iter()
                    .find(|n| n.0 == a.author_id)
                    .map(|n| n.1.clone())
                    .unwrap_or_default(),
                state: a.state,
                reasons: a.reasons.clone(),
                base_version: a.base_version,
                diff: amendment::diff_until(base, &a.text, deadline),
                created_at: a.created_at,
                vote,
                decided_by_person: a.decided_by.is_some(),
                facts: AmendmentFacts {
                    state: a.state,
                    motion: m.state,
                    motion_author: seats.contains(&m.member_id),
                    authored: seats.contains(&a.member_id),
                    in_vote: vote.is_some(),
                },
                text: a.text.clone(),
            }
        })
        .collect();
    let motion_votes: Vec<(i64, Option<i64>)> = vote_rows
        .iter()
        .filter(|r| r.1.is_none())
        .map(|r| (r.0, r.2))
        .collect();
    Ok(AmendmentsView {
        target: AmendTarget {
            state: m.state,
            voted: !motion_votes.is_empty(),
        },
        versions: versions
            .into_iter()
            .map(
                |(version, text, sha256, amendment, created_at)| VersionLine {
                    version,
                    amendment: amendment.and_then(number),
                    text,
                    sha256,
                    created_at,
                },
            )
            .collect(),
        lines,
        current_version,
        motion_votes,
    })
}
