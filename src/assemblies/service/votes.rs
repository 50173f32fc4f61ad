//! Votes: a facilitator opens one (on a motion or a free question) and its electorate
//! is fixed from the members at that moment; each member's voter casts a ballot and
//! may change it until closing with the tracker they were given; at closing the
//! ballots are counted by `crate::voting`.
//!
//! Secret ballots keep no link to the voter: participation (who voted) and ballots are
//! separate tables; a ballot row holds only the vote, its hash, the hash of its
//! tracker and its canonical text. Nothing here logs a voter with a ballot.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{allow, store};
use crate::accounts::api::{self as accounts, Who};
use crate::assemblies::model::motion::MotionState;
use crate::assemblies::model::vote::{
    self, Ballot, Secrecy, VoteSettings, ballot_hash, canonical, parse_canonical,
};
use crate::assemblies::model::{BodyKind, MemberStatus};
use crate::assemblies::policy::Action;
use crate::db::AnyConnection;
use crate::db::schema::{
    body_members, meeting_attendance, meetings, motions, vote_ballots, vote_electorate,
    vote_options, vote_participation, votes,
};
use crate::error::AppError;
use crate::voting::api::Majority;
use crate::voting::api::{Method, Quorum};
use crate::web::forms::Refusal;

/// The largest electorate a vote snapshots.
pub const MAX_ELECTORATE: i64 = 100_000;

fn quorum_code(q: Quorum) -> String {
    match q {
        Quorum::None => String::new(),
        Quorum::Count(n) => n.to_string(),
        Quorum::Fraction(f) => format!("{}/{}", f.p, f.q),
    }
}

/// Who casts the ballot of each current member, and its weight: the person
/// (assembly, weight 1), or the organisation's delegate, else its referent (chamber,
/// weighing the members it has on Pactum). Bounded by [`MAX_ELECTORATE`].
fn electorate(conn: &mut AnyConnection, b: &store::Body) -> Result<Vec<(i64, i64, i64)>, AppError> {
    let (rows, more) =
        store::memberships(conn, b.id, &[MemberStatus::Member], None, MAX_ELECTORATE)?;
    if more.is_some() {
        return Err(AppError::Conflict("vote-electorate-too-large"));
    }
    let groups: Vec<i64> = rows.iter().filter_map(|m| m.group_id).collect();
    let (cards, sizes) = match b.kind {
        BodyKind::Chamber => (
            accounts::group_cards(conn, &groups)?,
            accounts::group_sizes(conn, &groups)?,
        ),
        BodyKind::Assembly => (Vec::new(), Vec::new()),
    };
    Ok(rows
        .iter()
        .filter_map(|m| {
            let voter = match (m.user_id, m.delegate_id, m.group_id) {
                (Some(u), _, _) => Some(u),
                (None, Some(d), _) => Some(d),
                (None, None, Some(g)) => cards.iter().find(|c| c.id == g).map(|c| c.referent),
                _ => None,
            };
            let weight = m
                .group_id
                .map_or(1, |g| sizes.iter().find(|s| s.0 == g).map_or(0, |s| s.1));
            voter.map(|v| (m.id, v, weight))
        })
        .collect())
}

/// A facilitator opens a vote, on a motion going to a vote or on a free question; the
/// electorate is the body's members at this moment. (An amendment's own vote opens
/// through `amendments::open_vote_in`.)
pub fn open_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    s: &VoteSettings,
    motion: Option<i64>,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    let (b, _) = allow(conn, slug, Some(who), Action::OpenVote)?;
    let mut version = None;
    if let Some(m) = motion {
        let state: Option<String> = motions::table
            .filter(motions::id.eq(m))
            .filter(motions::body_id.eq(b.id))
            .select(motions::state)
            .first(conn)
            .optional()?;
        if state.as_deref() != Some(MotionState::Scheduled.code()) {
            return Err(Refusal::field("motion", "field-vote-motion-not-scheduled"));
        }
        // Amendments go to their votes first; the vote records the text it decides.
        version = Some(super::amendments::before_motion_vote(conn, m)?);
    }
    insert(
        conn,
        &b,
        who,
        s,
        Target {
            motion,
            amendment: None,
            version,
        },
        now,
    )
}

/// What a vote decides: a motion (at one version of its text), an amendment of it, or
/// nothing stored (a free question).
pub(super) struct Target {
    pub motion: Option<i64>,
    pub amendment: Option<i64>,
    pub version: Option<i64>,
}

/// Writes a vote, its options and its electorate (the body's members now).
pub(super) fn insert(
    conn: &mut AnyConnection,
    b: &store::Body,
    who: &Who,
    s: &VoteSettings,
    target: Target,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    if let Some(m) = s.meeting {
        let cancelled: Option<Option<NaiveDateTime>> = meetings::table
            .filter(meetings::id.eq(m))
            .filter(meetings::body_id.eq(b.id))
            .select(meetings::cancelled_at)
            .first(conn)
            .optional()?;
        if !matches!(cancelled, Some(None)) {
            return Err(Refusal::field("meeting", "field-vote-meeting-invalid"));
        }
    }
    if matches!(s.majority, Majority::Double { .. }) {
        // Weighs organisations: only a chamber has them, and a weight on a ballot
        // would name its organisation, so only an open vote may.
        if b.kind != BodyKind::Chamber || s.method != Method::YesNoAbstain {
            return Err(Refusal::field("majority", "field-vote-double-chamber"));
        }
        if s.secrecy != Secrecy::Open {
            return Err(Refusal::field("majority", "field-vote-double-open"));
        }
    }
    let voters = electorate(conn, b)?;
    if voters.is_empty() {
        return Err(Refusal::field("question", "field-vote-no-electorate"));
    }
    let id: i64 = diesel::insert_into(votes::table)
        .values((
            (
                votes::body_id.eq(b.id),
                votes::motion_id.eq(target.motion),
                votes::amendment_id.eq(target.amendment),
                votes::motion_version.eq(target.version),
                votes::meeting_id.eq(s.meeting),
                votes::question.eq(&s.question),
                votes::method.eq(s.method.name()),
                votes::seats.eq(i64::try_from(s.seats).unwrap_or(1)),
                votes::majority.eq(s.majority.code()),
                votes::quorum.eq(quorum_code(s.quorum)),
                votes::secrecy.eq(s.secrecy.code()),
                votes::block_is_veto.eq(s.block_is_veto),
                votes::max_score.eq(i64::from(s.max_score)),
            ),
            (
                votes::opens_at.eq(s.opens_at),
                votes::closes_at.eq(s.closes_at),
                votes::electorate.eq(i64::try_from(voters.len()).unwrap_or(i64::MAX)),
                votes::state.eq("open"),
                votes::created_by.eq(who.id),
                votes::created_at.eq(now),
            ),
        ))
        .returning(votes::id)
        .get_result(conn)?;
    for (i, label) in s.options.iter().enumerate() {
        diesel::insert_into(vote_options::table)
            .values((
                vote_options::vote_id.eq(id),
                vote_options::position.eq(i64::try_from(i).unwrap_or(i64::MAX)),
                vote_options::label.eq(label),
            ))
            .execute(conn)?;
    }
    match b.kind {
        // One statement whatever the assembly's size: its members vote for themselves.
        BodyKind::Assembly => {
            use diesel::sql_types::BigInt;
            diesel::insert_into(vote_electorate::table)
                .values(
                    body_members::table
                        .filter(body_members::body_id.eq(b.id))
                        .filter(body_members::status.eq(MemberStatus::Member.code()))
                        .filter(body_members::user_id.is_not_null())
                        .select((
                            id.into_sql::<BigInt>(),
                            body_members::id,
                            body_members::user_id.assume_not_null(),
                        )),
                )
                .into_columns((
                    vote_electorate::vote_id,
                    vote_electorate::member_id,
                    vote_electorate::voter_id,
                ))
                .execute(conn)?;
        }
        // A chamber's organisations are few: one row each (the backends share no
        // multi-row insert through the one connection type).
        BodyKind::Chamber => {
            for (member, voter, weight) in &voters {
                diesel::insert_into(vote_electorate::table)
                    .values((
                        vote_electorate::vote_id.eq(id),
                        vote_electorate::member_id.eq(member),
                        vote_electorate::voter_id.eq(voter),
                        vote_electorate::weight.eq(weight),
                    ))
                    .execute(conn)?;
            }
        }
    }
    Ok(id)
}

type VoteRow = (
    i64,
    String,
    String,
    i64,
    String,
    String,
    String,
    bool,
    i64,
    NaiveDateTime,
    NaiveDateTime,
    i64,
    String,
    Option<i64>,
);

/// A vote as stored: its id, its body, its settings, its electorate size and state.
#[derive(Debug, Clone)]
pub struct Vote {
    pub id: i64,
    pub settings: VoteSettings,
    pub electorate: i64,
    pub open: bool,
}

/// Loads a vote of a body (404 if none).
pub fn load(conn: &mut AnyConnection, body: i64, id: i64) -> Result<Vote, AppError> {
    let r: VoteRow = votes::table
        .filter(votes::id.eq(id))
        .filter(votes::body_id.eq(body))
        .select((
            votes::id,
            votes::question,
            votes::method,
            votes::seats,
            votes::majority,
            votes::quorum,
            votes::secrecy,
            votes::block_is_veto,
            votes::max_score,
            votes::opens_at,
            votes::closes_at,
            votes::electorate,
            votes::state,
            votes::meeting_id,
        ))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let options: Vec<String> = vote_options::table
        .filter(vote_options::vote_id.eq(id))
        .order(vote_options::position.asc())
        .select(vote_options::label)
        .load(conn)?;
    let bad = |what: &str| AppError::internal(format!("vote {id}: stored {what}"));
    Ok(Vote {
        id: r.0,
        settings: VoteSettings {
            question: r.1,
            method: Method::parse(&r.2).map_err(|_| bad("method"))?,
            options,
            seats: usize::try_from(r.3).map_err(|_| bad("seats"))?,
            majority: Majority::parse(&r.4).map_err(|_| bad("majority"))?,
            quorum: match r.5.as_str() {
                "" => Quorum::None,
                q => Quorum::parse(q).map_err(|_| bad("quorum"))?,
            },
            secrecy: Secrecy::parse(&r.6).ok_or_else(|| bad("secrecy"))?,
            block_is_veto: r.7,
            max_score: u32::try_from(r.8).map_err(|_| bad("max score"))?,
            opens_at: r.9,
            closes_at: r.10,
            meeting: r.13,
        },
        electorate: r.11,
        open: r.12 == "open",
    })
}

/// What a voter gets back: the tracker (shown once) and whether a ballot was replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub tracker: String,
    pub changed: bool,
}

/// A voter casts (or, with their tracker, changes) the ballot of one member they vote
/// for (`member`: which, when they vote for several; else their only one).
#[allow(clippy::too_many_arguments)]
pub fn cast_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    id: i64,
    member: Option<i64>,
    ballot: &Ballot,
    tracker: Option<&str>,
    now: NaiveDateTime,
) -> Result<Receipt, AppError> {
    let b = store::by_slug(conn, slug)?;
    let v = load(conn, b.id, id)?;
    if !v.open || now < v.settings.opens_at || now >= v.settings.closes_at {
        return Err(AppError::Conflict("vote-not-open"));
    }
    let seats: Vec<i64> = vote_electorate::table
        .filter(vote_electorate::vote_id.eq(id))
        .filter(vote_electorate::voter_id.eq(who.id))
        .select(vote_electorate::member_id)
        .load(conn)?;
    let seat = match member {
        Some(m) if seats.contains(&m) => m,
        None if seats.len() == 1 => seats[0],
        _ => return Err(AppError::ForbiddenBecause("vote-not-in-electorate")),
    };
    let voted: i64 = vote_participation::table
        .filter(vote_participation::vote_id.eq(id))
        .filter(vote_participation::member_id.eq(seat))
        .count()
        .get_result(conn)?;
    let open_vote = v.settings.secrecy == Secrecy::Open;
    if voted > 0 {
        // A change: the voter shows the tracker of the ballot they cast.
        let tracker = tracker
            .ok_or(AppError::Conflict("vote-already-cast"))?
            .trim();
        let th = crate::util::sha256_hex(tracker.as_bytes());
        let mut q = diesel::delete(
            vote_ballots::table
                .filter(vote_ballots::vote_id.eq(id))
                .filter(vote_ballots::tracker_sha256.eq(&th)),
        )
        .into_boxed();
        if open_vote {
            q = q.filter(vote_ballots::member_id.eq(seat));
        }
        if q.execute(conn)? != 1 {
            return Err(AppError::ForbiddenBecause("vote-tracker-unknown"));
        }
        insert_ballot(conn, id, tracker, &th, ballot, open_vote.then_some(seat))?;
        return Ok(Receipt {
            tracker: tracker.to_string(),
            changed: true,
        });
    }
    let tracker = crate::util::random_token();
    let th = crate::util::sha256_hex(tracker.as_bytes());
    let inserted = diesel::insert_into(vote_participation::table)
        .values((
            vote_participation::vote_id.eq(id),
            vote_participation::member_id.eq(seat),
        ))
        .execute(conn);
    match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(AppError::Conflict("vote-already-cast"));
        }
        other => other?,
    };
    insert_ballot(conn, id, &tracker, &th, ballot, open_vote.then_some(seat))?;
    Ok(Receipt {
        tracker,
        changed: false,
    })
}

fn insert_ballot(
    conn: &mut AnyConnection,
    vote: i64,
    tracker: &str,
    tracker_sha256: &str,
    ballot: &Ballot,
    member: Option<i64>,
) -> Result<(), AppError> {
    diesel::insert_into(vote_ballots::table)
        .values((
            vote_ballots::vote_id.eq(vote),
            vote_ballots::ballot_sha256.eq(ballot_hash(tracker, ballot)),
            vote_ballots::tracker_sha256.eq(tracker_sha256),
            vote_ballots::ballot.eq(canonical(ballot)),
            vote_ballots::member_id.eq(member),
        ))
        .execute(conn)?;
    Ok(())
}

/// A closed vote's result: the tally's outcome and the hashes that go on the ledger.
#[derive(Debug, Clone)]
pub struct Closed {
    pub outcome: crate::voting::api::Outcome,
    /// SHA-256 of the ballot hashes, sorted, one per line.
    pub ballots_sha256: String,
    /// SHA-256 of the report's JSON.
    pub report_sha256: String,
    pub ballots: usize,
}

/// Counts a vote's ballots, closes it and appends the result to the civic ledger, in
/// the caller's transaction (no checks of time: the job calls it for votes past their
/// closing time).
pub fn close_in(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> Result<Closed, AppError> {
    let (body, motion): (i64, Option<i64>) = votes::table
        .find(id)
        .select((votes::body_id, votes::motion_id))
        .first(conn)?;
    let slug: String = crate::db::schema::bodies::table
        .find(body)
        .select(crate::db::schema::bodies::slug)
        .first(conn)?;
    let v = load(conn, body, id)?;
    if !v.open {
        return Err(AppError::Conflict("vote-closed"));
    }
    let rows = rewrite_in_hash_order(conn, id)?;
    let ballots: Vec<Ballot> = rows
        .iter()
        .map(|(_, text, _)| {
            parse_canonical(&v.settings, text)
                .ok_or_else(|| AppError::internal(format!("vote {id}: a stored ballot")))
        })
        .collect::<Result<_, _>>()?;
    let electorate = u64::try_from(v.electorate).unwrap_or(0);
    // Held in a meeting: the electorate's members recorded present there.
    let present = match v.settings.meeting {
        Some(m) => {
            let n: i64 = meeting_attendance::table
                .inner_join(
                    vote_electorate::table
                        .on(vote_electorate::member_id.eq(meeting_attendance::member_id)),
                )
                .filter(meeting_attendance::meeting_id.eq(m))
                .filter(vote_electorate::vote_id.eq(id))
                .count()
                .get_result(conn)?;
            Some(u64::try_from(n).unwrap_or(0))
        }
        None => None,
    };
    let (mut input, mut options) = vote::tally_input(&v.settings, electorate, present, &ballots);
    let mut weights = None;
    if matches!(v.settings.majority, Majority::Double { .. }) {
        let members: Vec<Option<i64>> = rows.iter().map(|r| r.2).collect();
        let (weighted, total) = weigh(conn, id, &ballots, &members)?;
        input = weighted;
        options.electorate_weight = Some(total);
        weights = Some(total);
    }
    let outcome = crate::voting::api::tally(&input, &options)
        .map_err(|e| AppError::internal(format!("vote {id}: {e}")))?;
    let hashes: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    let ballots_sha256 = crate::util::sha256_hex(hashes.join("\n").as_bytes());
    let verdict = match outcome.verdict {
        crate::voting::api::Verdict::FailedQuorum => "failed_quorum",
        crate::voting::api::Verdict::Decided => "decided",
    };
    let result = vote::result_json(&outcome).map_err(AppError::internal)?;
    let report_sha256 = crate::util::sha256_hex(result.as_bytes());
    let mut entry = crate::ledger::entry::Entry::new("vote.closed")
        .with("vote", id)
        .with("body", slug.as_str())
        .with("method", v.settings.method.name())
        .with("secrecy", v.settings.secrecy.code())
        .with("verdict", verdict)
        .with("electorate", v.electorate)
        .with("ballots", i64::try_from(rows.len()).unwrap_or(i64::MAX))
        .with("ballots_sha256", ballots_sha256.as_str())
        .with("report_sha256", report_sha256.as_str());
    if let Some(m) = motion {
        entry = entry.with("motion", m);
    }
    let (amendment, text_sha256) = super::amendments::decided_text(conn, id)?;
    if let Some(a) = amendment {
        entry = entry.with("amendment", a);
    }
    if let Some(h) = text_sha256 {
        entry = entry.with("text_sha256", h.as_str());
    }
    if let Some(p) = present {
        entry = entry.with("present", i64::try_from(p).unwrap_or(i64::MAX));
    }
    if let Some(w) = weights {
        entry = entry.with("electorate_weight", i64::try_from(w).unwrap_or(i64::MAX));
    }
    let index = crate::ledger::kinds::append(conn, &entry)?;
    diesel::update(votes::table.find(id))
        .set((
            votes::state.eq("closed"),
            votes::result.eq(Some(&result)),
            votes::report_sha256.eq(Some(&report_sha256)),
            votes::ballots_sha256.eq(Some(&ballots_sha256)),
            votes::ledger_index.eq(Some(index)),
            votes::closed_at.eq(Some(now)),
        ))
        .execute(conn)?;
    // An amendment's vote decides it, and may change its motion's text.
    super::amendments::on_vote_closed(conn, id, &outcome, now)?;
    Ok(Closed {
        outcome,
        ballots_sha256,
        report_sha256,
        ballots: rows.len(),
    })
}

/// A vote's ballots as `(ballot hash, canonical text, membership of an open vote)` in
/// hash order, after writing
/// them again in that order. SQLite keeps `vote_ballots` in key order already
/// (`WITHOUT ROWID`); PostgreSQL keeps a table's rows where they were inserted, in
/// casting order, so the closing rewrites them in hash order (the old row versions are
/// dead and go at the next vacuum), and one code path does it on both.
type StoredBallot = (String, String, Option<i64>);

fn rewrite_in_hash_order(conn: &mut AnyConnection, id: i64) -> Result<Vec<StoredBallot>, AppError> {
    let rows: Vec<(String, String, String, Option<i64>)> = vote_ballots::table
        .filter(vote_ballots::vote_id.eq(id))
        .order(vote_ballots::ballot_sha256.asc())
        .select((
            vote_ballots::ballot_sha256,
            vote_ballots::tracker_sha256,
            vote_ballots::ballot,
            vote_ballots::member_id,
        ))
        .load(conn)?;
    diesel::delete(vote_ballots::table.filter(vote_ballots::vote_id.eq(id))).execute(conn)?;
    for (hash, tracker, ballot, member) in &rows {
        diesel::insert_into(vote_ballots::table)
            .values((
                vote_ballots::vote_id.eq(id),
                vote_ballots::ballot_sha256.eq(hash),
                vote_ballots::tracker_sha256.eq(tracker),
                vote_ballots::ballot.eq(ballot),
                vote_ballots::member_id.eq(member),
            ))
            .execute(conn)?;
    }
    Ok(rows.into_iter().map(|(h, _, b, m)| (h, b, m)).collect())
}

/// A double majority's input: each yes / no ballot with its organisation's weight,
/// and the electorate's total weight (as snapshotted at opening). The vote is open,
/// so each ballot names its membership (`members`, in the ballots' order).
pub fn weigh(
    conn: &mut AnyConnection,
    id: i64,
    ballots: &[Ballot],
    members: &[Option<i64>],
) -> Result<(crate::voting::api::Input, u64), AppError> {
    use crate::voting::api::{Ballots, Input};
    let weights: Vec<(i64, i64)> = vote_electorate::table
        .filter(vote_electorate::vote_id.eq(id))
        .select((vote_electorate::member_id, vote_electorate::weight))
        .load(conn)?;
    let weight_of = |m: Option<i64>| {
        m.and_then(|m| weights.iter().find(|w| w.0 == m))
            .and_then(|w| u64::try_from(w.1).ok())
            .ok_or_else(|| AppError::internal(format!("vote {id}: a ballot without a weight")))
    };
    let weighted = ballots
        .iter()
        .zip(members)
        .map(|(b, m)| match b {
            Ballot::YesNo(c) => Ok((*c, weight_of(*m)?)),
            _ => Err(AppError::internal(format!(
                "vote {id}: a double majority of a ballot not yes / no"
            ))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let total = weights
        .iter()
        .map(|w| u64::try_from(w.1).unwrap_or(0))
        .sum();
    Ok((Input::Ballots(Ballots::YesNoWeighted(weighted)), total))
}

/// Closes and counts every vote past its closing time (the background job).
pub fn close_due_in(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<usize, AppError> {
    let due: Vec<i64> = votes::table
        .filter(votes::state.eq("open"))
        .filter(votes::closes_at.le(now))
        .order(votes::id.asc())
        .limit(50)
        .select(votes::id)
        .load(conn)?;
    for id in &due {
        close_in(conn, *id, now)?;
    }
    Ok(due.len())
}

/// The job that closes votes at their closing time (once a minute at most).
pub fn job() -> crate::jobs::Job {
    crate::jobs::Job {
        name: "vote-closing",
        run: Box::new(move |conn| {
            let n = close_due_in(conn, crate::util::now())?;
            Ok(if n == 0 {
                String::new()
            } else {
                format!("{n} votes closed and counted")
            })
        }),
        transactional: true,
        every: std::time::Duration::from_secs(60),
    }
}

/// A facilitator opens a vote (the web's use-case).
pub async fn open(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    s: VoteSettings,
    motion: Option<i64>,
) -> Result<i64, Refusal> {
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .try_transaction(move |conn| open_in(conn, &who, &slug, &s, motion, now))
        .await
}

/// A voter casts or changes a ballot (the web's use-case, rate-limited).
pub async fn cast(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    id: i64,
    member: Option<i64>,
    ballot: Ballot,
    tracker: Option<String>,
) -> Result<Receipt, AppError> {
    ports
        .limiter
        .check(
            &format!("assemblies-ballots:{}", who.id),
            crate::web::rate_limit::Limit::new(30, 3600),
        )
        .await?;
    let (who, slug, now) = (who.clone(), slug.to_string(), ports.clock.now());
    ports
        .db
        .transaction(move |conn| {
            cast_in(
                conn,
                &who,
                &slug,
                id,
                member,
                &ballot,
                tracker.as_deref(),
                now,
            )
        })
        .await
}

/// Mails a voter the receipt they asked for: the tracker and the vote's address.
///
/// The message goes straight to the mail transport, never through the outbox: a queued
/// row would keep the voter's address beside their tracker in the database until
/// delivered, and the tracker finds the ballot. So there is no retry; `Ok(false)`
/// says the voter has no verified address, and an error that sending failed (the page
/// then says so; the receipt is still on it). Nothing here logs the message.
pub async fn mail_receipt(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    id: i64,
    tracker: &str,
) -> Result<bool, AppError> {
    use crate::mail::{ActionMail, compose_action};
    use crate::web::i18n::Lang;
    let (uid, body_slug) = (who.id, slug.to_string());
    let (contact, question) = ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &body_slug)?;
            let question: String = votes::table
                .filter(votes::id.eq(id))
                .filter(votes::body_id.eq(b.id))
                .select(votes::question)
                .first(conn)
                .optional()?
                .ok_or(AppError::NotFound)?;
            Ok((accounts::contact(conn, uid)?, question))
        })
        .await?;
    let Some((to, c)) = contact.and_then(|c| match (&c.email, c.verified) {
        (Some(to), true) => Some((to.clone(), c)),
        _ => None,
    }) else {
        return Ok(false);
    };
    let lang = Lang::from_code(&c.language).unwrap_or(Lang::En);
    let url = format!(
        "{}/assemblies/{slug}/votes/{id}",
        ports.config.base_url.as_str().trim_end_matches('/')
    );
    let mail = compose_action(
        lang,
        &ports.config.city_name,
        &ActionMail {
            prefix: "mail-vote-receipt",
            to: &to,
            name: &c.name,
            url: &url,
            args: &[
                ("question", question.into()),
                ("tracker", tracker.to_string().into()),
            ],
        },
    )
    .map_err(|e| AppError::internal(e.to_string()))?;
    let transport = ports.mail.clone();
    actix_web::web::block(move || transport.send(&mail))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|e| AppError::internal(format!("a vote receipt could not be mailed: {e}")))?;
    Ok(true)
}
