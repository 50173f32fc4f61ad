//! An official's review: recognise, decline, mark dormant, revive; recorded in the
//! commons' history and, except a refusal, on the civic ledger.

use super::*;
use crate::commons::queries::{self, QueueItem};

/// What an official decides about a commons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Recognise,
    Decline,
    MarkDormant,
    Revive,
    Retire,
    Reconsider,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "recognise" => Some(Decision::Recognise),
            "decline" => Some(Decision::Decline),
            "dormant" => Some(Decision::MarkDormant),
            "revive" => Some(Decision::Revive),
            "retire" => Some(Decision::Retire),
            "reconsider" => Some(Decision::Reconsider),
            _ => None,
        }
    }

    fn transition(self) -> Transition {
        match self {
            Decision::Recognise => Transition::Recognise,
            Decision::Decline => Transition::Decline,
            Decision::MarkDormant => Transition::MarkDormant,
            Decision::Revive => Transition::Revive,
            Decision::Retire => Transition::Retire,
            Decision::Reconsider => Transition::Reconsider,
        }
    }

    fn event_kind(self) -> &'static str {
        match self {
            Decision::Recognise => "recognised",
            Decision::Decline => "declined",
            Decision::MarkDormant => "dormant",
            Decision::Revive => "revived",
            Decision::Retire => "retired",
            Decision::Reconsider => "reconsidered",
        }
    }

    /// Whether the decision goes on the civic ledger: a refusal and its
    /// reconsideration stay between the city and the proposers.
    fn on_ledger(self) -> bool {
        !matches!(self, Decision::Decline | Decision::Reconsider)
    }
}

/// Applies an official's decision in one transaction. Recognition, dormancy and
/// revival are appended to the civic ledger with pseudonymous ids only.
pub fn decide_unchecked(
    conn: &mut AnyConnection,
    official: i64,
    id: i64,
    decision: Decision,
    reasons: &str,
) -> Result<Result<Status, Refusal>, AppError> {
    let c = load(conn, id)?;
    let to = match c.status.apply(decision.transition(), reasons) {
        Ok(s) => s,
        Err(TransitionError::ReasonsRequired) => {
            return Ok(Err(Refusal::field("reasons", "field-reasons-required")));
        }
        Err(TransitionError::NotAllowed { .. }) => {
            return Err(AppError::Conflict("error-commons-transition"));
        }
    };
    let t = crate::util::now();
    let reasons = reasons.trim();
    let reasons = (!reasons.is_empty()).then_some(reasons);
    // Optimistic: only the status read above may change, so two officials deciding
    // at once cannot both win.
    let changed = diesel::update(
        commons::table
            .filter(commons::id.eq(id))
            .filter(commons::status.eq(c.status.code())),
    )
    .set((
        commons::status.eq(to.code()),
        commons::listed.eq(to.is_listed()),
        commons::status_reasons.eq(reasons),
        commons::updated_at.eq(t),
        commons::recognised_at.eq(if decision == Decision::Recognise {
            Some(t)
        } else {
            c.recognised_at
        }),
        commons::retired_at.eq(if decision == Decision::Retire {
            Some(t)
        } else {
            c.retired_at
        }),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(AppError::Conflict("error-commons-transition"));
    }
    let ledger_index = if !decision.on_ledger() {
        None
    } else {
        let pseudonym = accounts::pseudonym;
        let mut entry =
            crate::ledger::entry::Entry::new(&format!("commons.{}", decision.event_kind()))
                .with("commons", id)
                .with("category", c.category.code())
                .with("by", pseudonym(conn, official)?)
                .with("proposer", pseudonym(conn, c.proposer_id)?);
        if let Some((g, _)) = c.group {
            entry = entry.with("group", g);
        }
        if let Some((slug, _)) = &c.district {
            entry = entry.with("district", slug.as_str());
        }
        Some(crate::ledger::kinds::append(conn, &entry)?)
    };
    event(
        conn,
        id,
        decision.event_kind(),
        Some(official),
        None,
        reasons,
        ledger_index,
    )?;
    search_sync::enqueue(conn, id)?;
    Ok(Ok(to))
}

/// An official recognises, declines, marks dormant or revives a commons.
pub async fn decide(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
    decision: Decision,
    reasons: String,
) -> Result<Status, Refusal> {
    may_on_registry(actor, Action::Review)?;
    let uid = actor.id;
    state
        .db
        .transaction(move |conn| decide_unchecked(conn, uid, id, decision, &reasons))
        .await?
}

/// A page of the officials' review queue.
pub struct ReviewQueue {
    pub items: Vec<QueueItem>,
    pub next: Option<i64>,
    /// Proposals waiting in all.
    pub waiting: i64,
}

/// Proposals waiting for recognition, oldest first, 50 a page after `after`.
pub async fn review_queue(
    state: &Ports,
    actor: &CurrentUser,
    after: Option<i64>,
) -> Result<ReviewQueue, AppError> {
    may_on_registry(actor, Action::Review)?;
    state
        .db
        .run(move |conn| {
            let (items, next) = queries::review_queue(conn, after, 50)?;
            Ok(ReviewQueue {
                items,
                next,
                waiting: queries::queue_length(conn)?,
            })
        })
        .await
}
