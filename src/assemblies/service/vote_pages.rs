//! What the public reads of votes: a body's list of votes, a vote's page (with the
//! viewer's seats and, after closing, the result and its hashes), the published
//! anonymous ballots and their hashes, and the check of a tracker.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::store;
use super::votes::{Vote, load};
use crate::accounts::api::Who;
use crate::assemblies::model::vote::{self, Ballot, parse_canonical};
use crate::db::AnyConnection;
use crate::db::schema::{vote_ballots, vote_electorate, vote_participation, votes};
use crate::error::AppError;

/// A vote in a body's list.
#[derive(Debug, Clone)]
pub struct VoteCard {
    pub id: i64,
    pub question: String,
    pub open: bool,
    pub closes_at: NaiveDateTime,
}

/// A body's latest votes (one query).
pub fn cards(conn: &mut AnyConnection, body: i64) -> Result<Vec<VoteCard>, AppError> {
    let rows: Vec<(i64, String, String, NaiveDateTime)> = votes::table
        .filter(votes::body_id.eq(body))
        .order(votes::id.desc())
        .limit(50)
        .select((votes::id, votes::question, votes::state, votes::closes_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, question, state, closes_at)| VoteCard {
            id,
            question,
            open: state == "open",
            closes_at,
        })
        .collect())
}

/// Everything a vote's page shows, for one viewer.
#[derive(Debug, Clone)]
pub struct VotePage {
    pub slug: String,
    pub body_name: String,
    pub vote: Vote,
    /// The memberships the viewer casts a ballot for, and whether each has voted.
    pub seats: Vec<(i64, bool)>,
    pub participation: i64,
    /// After closing: the winners, the report, the hashes and the ledger entry.
    pub result: Option<VoteResult>,
    /// The motion (or amendment) it decides, if any.
    pub decides: Option<Decides>,
}

/// A closed vote's published result.
#[derive(Debug, Clone)]
pub struct VoteResult {
    pub winners: Vec<String>,
    pub failed_quorum: bool,
    pub report: serde_json::Value,
    pub ballots_sha256: String,
    pub report_sha256: String,
    pub ledger_index: Option<i64>,
}

/// A vote's stored result, its hashes and its ledger entry.
type Stored = (Option<String>, Option<String>, Option<String>, Option<i64>);
/// What a vote decides: its motion, amendment and the motion's version.
type Target = (Option<i64>, Option<i64>, Option<i64>);

/// What a vote on a motion decides: the motion at one version of its text, or one of
/// its amendments.
#[derive(Debug, Clone)]
pub struct Decides {
    pub motion: i64,
    pub amendment: Option<i64>,
    /// The version of the motion's text a motion's vote decides (recorded at opening).
    pub version: Option<i64>,
}

/// A vote's page (a fixed number of queries).
pub async fn page(
    ports: &crate::ports::Ports,
    who: Option<&Who>,
    slug: &str,
    id: i64,
) -> Result<VotePage, AppError> {
    let (who, slug) = (who.cloned(), slug.to_string());
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let vote = load(conn, b.id, id)?;
            let mine: Vec<i64> = match &who {
                Some(w) => vote_electorate::table
                    .filter(vote_electorate::vote_id.eq(id))
                    .filter(vote_electorate::voter_id.eq(w.id))
                    .select(vote_electorate::member_id)
                    .load(conn)?,
                None => Vec::new(),
            };
            let voted: Vec<i64> = vote_participation::table
                .filter(vote_participation::vote_id.eq(id))
                .filter(vote_participation::member_id.eq_any(&mine))
                .select(vote_participation::member_id)
                .load(conn)?;
            let participation: i64 = vote_participation::table
                .filter(vote_participation::vote_id.eq(id))
                .count()
                .get_result(conn)?;
            let (stored, target): (Stored, Target) = votes::table
                .find(id)
                .select((
                    (
                        votes::result,
                        votes::ballots_sha256,
                        votes::report_sha256,
                        votes::ledger_index,
                    ),
                    (votes::motion_id, votes::amendment_id, votes::motion_version),
                ))
                .first(conn)?;
            let result = match stored {
                (Some(r), Some(bh), Some(rh), idx) => {
                    let v: serde_json::Value = serde_json::from_str(&r)
                        .map_err(|e| AppError::internal(format!("vote {id} result: {e}")))?;
                    Some(VoteResult {
                        winners: serde_json::from_value(v["winners"].clone()).unwrap_or_default(),
                        failed_quorum: v["verdict"] == "failed_quorum",
                        report: v["report"].clone(),
                        ballots_sha256: bh,
                        report_sha256: rh,
                        ledger_index: idx,
                    })
                }
                _ => None,
            };
            Ok(VotePage {
                decides: target.0.map(|motion| Decides {
                    motion,
                    amendment: target.1,
                    version: target.2,
                }),
                slug: b.slug,
                body_name: b.name,
                seats: mine.iter().map(|m| (*m, voted.contains(m))).collect(),
                participation,
                result,
                vote,
            })
        })
        .await
}

/// The published files of a closed vote: its ballots (BLT for ranked methods, CSV
/// for the others, in hash order) and the sorted list of ballot hashes.
pub async fn published(
    ports: &crate::ports::Ports,
    slug: &str,
    id: i64,
    hashes: bool,
) -> Result<String, AppError> {
    let slug = slug.to_string();
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            let v = load(conn, b.id, id)?;
            if v.open {
                return Err(AppError::NotFound);
            }
            let rows: Vec<(String, String, Option<i64>)> = vote_ballots::table
                .filter(vote_ballots::vote_id.eq(id))
                .order(vote_ballots::ballot_sha256.asc())
                .select((
                    vote_ballots::ballot_sha256,
                    vote_ballots::ballot,
                    vote_ballots::member_id,
                ))
                .load(conn)?;
            if hashes {
                return Ok(rows
                    .iter()
                    .map(|r| r.0.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"));
            }
            let ballots: Vec<Ballot> = rows
                .iter()
                .filter_map(|(_, t, _)| parse_canonical(&v.settings, t))
                .collect();
            let electorate = u64::try_from(v.electorate).unwrap_or(0);
            let mut input = vote::tally_input(&v.settings, electorate, None, &ballots).0;
            if matches!(
                v.settings.majority,
                crate::voting::api::Majority::Double { .. }
            ) {
                // Each organisation's ballot with the members it represents.
                let members: Vec<Option<i64>> = rows.iter().map(|r| r.2).collect();
                input = super::votes::weigh(conn, id, &ballots, &members)?.0;
            }
            Ok(match input {
                crate::voting::api::Input::Ranked(e) => crate::voting::api::write_blt(&e),
                crate::voting::api::Input::Ballots(bs) => crate::voting::api::write_ballots(&bs)
                    .map_err(|e| AppError::internal(e.to_string()))?,
            })
        })
        .await
}

/// Finds the ballot of a tracker (the voter's check after closing): its hash, which
/// is in the published list. Answers `None` for a tracker of no ballot.
pub async fn find_tracker(
    ports: &crate::ports::Ports,
    slug: &str,
    id: i64,
    tracker: &str,
) -> Result<Option<String>, AppError> {
    let (slug, th) = (
        slug.to_string(),
        crate::util::sha256_hex(tracker.trim().as_bytes()),
    );
    ports
        .db
        .run(move |conn| {
            let b = store::by_slug(conn, &slug)?;
            load(conn, b.id, id)?;
            Ok(vote_ballots::table
                .filter(vote_ballots::vote_id.eq(id))
                .filter(vote_ballots::tracker_sha256.eq(th))
                .select(vote_ballots::ballot_sha256)
                .first(conn)
                .optional()?)
        })
        .await
}
