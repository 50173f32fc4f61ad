//! The procedure's steps: fired by a person from the pact page, or by the platform
//! (the deadline job); checked by the policy and the procedure, recorded with actor,
//! role, time and reasons, on the ledger where it matters, and announced.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::routing::Routing;
use super::{MAX_BODY, allow, denied, refused};
use crate::db::AnyConnection;
use crate::db::schema::{pact_signatures, pact_versions, pacts};
use crate::error::AppError;
use crate::pacts::deadlines;
use crate::pacts::notify::{self, notify};
use crate::pacts::policy::{self, Action};
use crate::pacts::procedure::{self, PactState, Transition};
use crate::pacts::store::{self, Env, Pact, Who};
use crate::ports::Ports;
use crate::web::forms::Refusal;

/// What some transitions need besides reasons.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    pub act_number: String,
    /// Publication routes the pact in the same step (unless it was routed already).
    pub routing: Option<Routing>,
    pub new_end: Option<NaiveDate>,
    /// No e-mail for this step: the caller tells the parties itself (a call's choice
    /// closes the other answers and says why in its own message).
    pub quiet: bool,
}

/// Who fires a transition: a person, or the platform (the deadline job).
#[derive(Debug, Clone)]
pub enum By<'a> {
    Person(&'a Who),
    System,
}

/// Fires a transition: checked by the procedure, recorded with actor, role, time and
/// reasons, on the ledger where it matters, and announced to whoever acts next.
pub fn fire_in(
    conn: &mut AnyConnection,
    env: &Env,
    by: By<'_>,
    id: i64,
    t: Transition,
    reasons: &str,
    extra: &Extra,
) -> Result<PactState, Refusal> {
    let p = store::load(conn, id)?;
    let person = match &by {
        By::Person(w) => Some(*w),
        By::System => None,
    };
    let pact_facts = match person {
        Some(w) => allow(conn, env, &p, Some(w), Action::Fire(t))?,
        None => {
            policy::may_system(t).map_err(denied)?;
            store::pact_facts(conn, &p, None, env.today())?
        }
    };
    let (actor, who_id) = match person {
        Some(w) => (
            policy::actor_for(&policy::standing(Some(w), &pact_facts), t),
            Some(w.id),
        ),
        None => (procedure::Actor::System, None),
    };
    let reasons = crate::pacts::text::normalise(reasons);
    let mut p = p;
    // Publication routes the pact (lead and contributing offices, the type confirmed
    // or changed) and records the act number in the same step.
    let mut routed = None;
    if t == Transition::Publish
        && let (Some(r), Some(w)) = (&extra.routing, person)
        && t.target(p.state).is_some()
    {
        routed = Some(super::routing::apply(conn, env, w, &mut p, r, "")?);
    }
    let mut facts = store::facts(conn, &p, env)?;
    let act = extra.act_number.trim().to_string();
    if t == Transition::Publish && !act.is_empty() {
        facts.has_act_number = true;
    }
    let to = procedure::check(&facts, actor, t, &reasons).map_err(refused)?;
    if reasons.chars().count() > MAX_BODY {
        return Err(Refusal::field("reasons", "field-text-too-long"));
    }
    let now = env.now;
    match t {
        Transition::Publish => {
            // The answers to a call wait for the office's choice among them.
            if super::calls::undecided_call_of(conn, p.id)?.is_some() {
                return Err(Refusal::field("transition", "pact-refused-call-undecided"));
            }
            if act.chars().count() > 60 {
                return Err(Refusal::field("act_number", "field-text-too-long"));
            }
            if p.office_id.is_none() {
                return Err(Refusal::field("office", "field-pact-office-required"));
            }
            if !act.is_empty() {
                p.row.act_number = Some(act.clone());
            }
            p.row.published_at = Some(now);
            p.row.observation_closes_at =
                Some(deadlines::observation_closes(&env.rules, p.kind, now));
        }
        Transition::Submit => {
            // An answer to a call is sent before the call's deadline.
            if let Some((call, _)) = store::short_proposal(conn, p.id)?.call {
                let commons = store::commons_of(conn, p.id)?;
                super::calls::check_answer_in(conn, env, call, &commons)?;
            }
            p.row.submitted_at = Some(now);
        }
        Transition::StartCoDesign if super::calls::competition_pending(conn, p.id)? => {
            return Err(Refusal::field(
                "transition",
                "pact-refused-competition-pending",
            ));
        }
        Transition::Extend => {
            let end = p.end_date.unwrap_or(now.date());
            let Some(new_end) = extra.new_end else {
                return Err(Refusal::field("new_end", "field-date-invalid"));
            };
            if new_end <= end {
                return Err(Refusal::field("new_end", "field-pact-extension-earlier"));
            }
            if new_end > deadlines::max_end(&env.rules, end) {
                return Err(Refusal::field("new_end", "field-pact-too-long"));
            }
            p.row.end_date = Some(new_end);
            p.row.next_report_due = next_report(&p, p.start_date, Some(new_end), None, conn)?;
        }
        Transition::Conclude => {
            let early = p.end_date.is_some_and(|e| env.today() < e);
            if early && reasons.chars().count() < procedure::MIN_REASONS_CHARS {
                return Err(Refusal::field("reasons", "pact-conclude-reasons"));
            }
        }
        Transition::Revoke => {
            // The decision closes the notice that opened the due process.
            use crate::db::schema::pact_notices as n;
            let Some(notice) = store::open_notice(conn, p.id)? else {
                return Err(refused(procedure::Refused::NoticeRequired));
            };
            diesel::update(n::table.find(notice.id))
                .set((
                    n::decision.eq(Some("revoked")),
                    n::decision_reasons.eq(Some(&reasons)),
                    n::decided_by.eq(who_id),
                    n::decided_at.eq(Some(now)),
                ))
                .execute(conn)?;
        }
        Transition::Withdraw
            if actor != procedure::Actor::Proposer
                && reasons.chars().count() < procedure::MIN_REASONS_CHARS =>
        {
            return Err(Refusal::field("reasons", "field-reasons-required"));
        }
        Transition::FreezeText => {
            // After an amendment, only a new version can be signed again.
            if p.signed_version == Some(p.version) {
                return Err(Refusal::field("transition", "field-pact-no-change"));
            }
            let h = store::header(conn, &p, p.version)?;
            let v = store::version(conn, p.id, p.version)?;
            let sha = crate::pacts::text::text_sha256(&h, &v.text);
            diesel::update(pact_versions::table.find(v.id))
                .set(pact_versions::text_sha256.eq(Some(&sha)))
                .execute(conn)?;
            p.row.frozen_sha256 = Some(sha);
        }
        Transition::Reopen => {
            // Signatures of a text that will change mean nothing: they are set aside
            // (the history keeps who had signed).
            diesel::delete(
                pact_signatures::table
                    .filter(pact_signatures::pact_id.eq(p.id))
                    .filter(pact_signatures::version.eq(p.version)),
            )
            .execute(conn)?;
            p.row.frozen_sha256 = None;
        }
        _ => {}
    }
    let role = actor.code();
    let due = store::due_at(conn, &p, to, env, now)?;
    let changed = diesel::update(
        pacts::table
            .filter(pacts::id.eq(p.id))
            .filter(pacts::state.eq(p.state.code())),
    )
    .set((
        (
            pacts::state.eq(to.code()),
            pacts::listed.eq(to != PactState::Draft && p.published_at.is_some()),
            pacts::state_since.eq(if to == p.state { p.state_since } else { now }),
            pacts::updated_at.eq(now),
            pacts::due_at.eq(due),
            pacts::state_reasons.eq(Some(&reasons).filter(|r| !r.is_empty())),
        ),
        (
            pacts::office_id.eq(p.office_id),
            pacts::act_number.eq(&p.act_number),
            pacts::submitted_at.eq(p.submitted_at),
            pacts::published_at.eq(p.published_at),
            pacts::observation_closes_at.eq(p.observation_closes_at),
            pacts::frozen_sha256.eq(&p.frozen_sha256),
            pacts::end_date.eq(p.end_date),
            pacts::next_report_due.eq(p.next_report_due),
        ),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(AppError::Conflict("pact-changed-meanwhile").into());
    }
    let ledger_index = if t.on_ledger() {
        let mut e = store::ledger_entry(conn, &p, t.code(), who_id, role)?
            .with("from", p.state.code())
            .with("state", to.code())
            .with("version", p.version);
        if let (Transition::Extend, Some(end)) = (t, p.end_date) {
            e = e.with("end_date", end.to_string());
        }
        // The act number was typed by an official: the ledger holds its hash only
        // (anyone holding the act can check it against the entry).
        if let Some(a) = p.act_number.as_deref().filter(|a| !a.is_empty()) {
            e = e.with("act_sha256", crate::ledger::kinds::typed(a));
        }
        Some(store::append(conn, &e)?)
    } else {
        None
    };
    let eid = store::event(
        conn,
        p.id,
        t.code(),
        Some(p.state),
        Some(to),
        who_id,
        role,
        Some(&reasons).filter(|r| !r.is_empty()).map(|r| r.as_str()),
        Some(p.version),
        ledger_index,
        now,
    )?;
    store::event_note(conn, eid, None, routed.as_deref())?;
    // The files this person added in the state just left go with this step (the
    // documents sent with an integration, the act with a publication, ...).
    if let Some(uid) = who_id {
        use crate::db::schema::pact_attachments as a;
        diesel::update(
            a::table
                .filter(a::pact_id.eq(p.id))
                .filter(a::event_id.is_null())
                .filter(a::report_id.is_null())
                .filter(a::state.eq(p.state.code()))
                .filter(a::uploaded_by.eq(uid)),
        )
        .set(a::event_id.eq(eid))
        .execute(conn)?;
    }
    p.row.state = to.code().to_string();
    p.state = to;
    // Publishing a complex pact opens a competition for its commons until its
    // observation period closes.
    if t == Transition::Publish {
        super::calls::open_competition_in(conn, env, &p)?;
    }
    // A competition closes with the pact it was opened for.
    if to.is_terminal() {
        super::calls::close_with_origin_in(conn, env, p.id)?;
    }
    // Co-design settles an uncontested competition and starts from the city's
    // template for the commons (the short proposal said what, where, who and what it
    // asks).
    if let (Transition::StartCoDesign, Some(uid)) = (t, who_id) {
        super::calls::settle_uncontested_in(conn, env, p.id, who_id)?;
        super::drafting::draft_in(conn, env, &p, uid)?;
    }
    if !extra.quiet {
        announce(conn, env, &p, t)?;
    }
    Ok(to)
}

/// Who hears of a transition.
fn announce(conn: &mut AnyConnection, env: &Env, p: &Pact, t: Transition) -> Result<(), AppError> {
    let proposer = store::proposer_party(conn, p)?;
    let mut parties = vec![proposer];
    parties.extend(store::cosigners(conn, p.id)?);
    match t {
        Transition::Submit | Transition::Integrate => {
            let o = notify::city(conn, p, env.today())?;
            notify(
                conn,
                env,
                &o,
                p,
                if t == Transition::Submit {
                    "submitted"
                } else {
                    "integrated"
                },
            )
        }
        Transition::RequestIntegration => {
            notify(conn, env, &[proposer], p, "integration-requested")
        }
        Transition::Publish => notify(conn, env, &parties, p, "published"),
        Transition::StartCoDesign | Transition::Amend => {
            notify(conn, env, &parties, p, "co-design")
        }
        Transition::FreezeText => {
            let mut all = parties.clone();
            all.extend(notify::signatories(conn, p, env.today())?);
            notify(conn, env, &all, p, "awaiting-signatures")
        }
        Transition::OpenReport => notify(conn, env, &[proposer], p, "report-due"),
        Transition::CloseReport => notify(conn, env, &[proposer], p, "report-evaluated"),
        Transition::Extend => notify(conn, env, &parties, p, "extended"),
        Transition::Reject | Transition::Withdraw | Transition::Conclude => {
            notify(conn, env, &parties, p, "closed")
        }
        Transition::Suspend | Transition::Resume | Transition::Revoke => {
            let mut all = parties.clone();
            all.extend(notify::city(conn, p, env.today())?);
            notify(
                conn,
                env,
                &all,
                p,
                match t {
                    Transition::Suspend => "suspended",
                    Transition::Resume => "resumed",
                    _ => "revoked",
                },
            )
        }
        Transition::CloseObservation | Transition::Reopen | Transition::CompleteSignatures => {
            Ok(())
        }
    }
}

/// The first report date after `after` (or the first at all) in the pact's schedule.
pub(super) fn next_report(
    p: &Pact,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    after: Option<NaiveDate>,
    conn: &mut AnyConnection,
) -> Result<Option<NaiveDate>, AppError> {
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(None);
    };
    let months = store::version(conn, p.id, p.signed_version.unwrap_or(p.version))?
        .text
        .reporting_months;
    let months = u32::try_from(months.max(1)).unwrap_or(12);
    Ok(deadlines::report_dates(start, end, months)
        .into_iter()
        .find(|d| after.is_none_or(|a| *d > a)))
}

/// A person fires a step of the procedure (see [`fire_in`]).
pub async fn fire(
    ports: &Ports,
    who: &Who,
    id: i64,
    t: Transition,
    reasons: String,
    extra: Extra,
) -> Result<PactState, Refusal> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| fire_in(conn, &env, By::Person(&who), id, t, &reasons, &extra))
        .await
}
