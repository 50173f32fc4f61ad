//! Calls (*avvisi*, DOMAIN.md "Collaboration pacts"): an office publishes a call for a
//! commons the city owns or for a theme; proposals answer it until the end of its
//! deadline's day; then the office compares the answers side by side and chooses one
//! with reasons, and every other answer still under way is closed by the platform with
//! those reasons (rejected, or withdrawn where no rejection is possible). The office may
//! cancel a call before a choice. Publishing a complex pact opens a `competition` for
//! its commons until its observation period closes; the pact is one of its answers.
//!
//! The rules are `pacts::calls` (pure); who may do what is its `may`. Publication,
//! choice and cancellation are on the civic ledger (ids, codes, dates and the SHA-256
//! of what the office wrote); the answers' proposers hear of a choice or a cancellation.
//!
//! The hooks the proposal and the procedure call: [`check_answer_in`] (may a proposal
//! answer this call now?), [`open_competition_in`] (at a complex pact's publication)
//! and [`undecided_call_of`] (an answer is published only after the choice).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::transition::{By, Extra, fire_in};
use super::{WRITES_PER_HOUR, denied, limit};
use crate::accounts::api as accounts;
use crate::commons::api::{self as commons, Offerable};
use crate::db::AnyConnection;
use crate::db::schema::{pact_calls, pact_proposals, pact_support, pact_versions, pacts};
use crate::error::AppError;
use crate::kit::roles::Role;
use crate::ledger::entry::Entry;
use crate::ledger::kinds::typed;
use crate::pacts::calls::{
    self, CallAction, CallFacts, CallInput, CallKind, CallStatus, MAX_TEXT, NewCall,
};
use crate::pacts::notify::notify;
use crate::pacts::policy::Denial;
use crate::pacts::procedure::{MIN_REASONS_CHARS, PactState, PactType};
use crate::pacts::store::{self, Env, Pact, Who};
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pact_calls)]
pub struct CallRow {
    pub id: i64,
    pub kind: String,
    pub office_id: i64,
    pub title: String,
    pub description: String,
    pub commons_id: Option<i64>,
    pub theme: String,
    pub criteria: String,
    pub support_offered: String,
    pub deadline: chrono::NaiveDate,
    pub origin_pact_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub chosen_pact_id: Option<i64>,
    pub decision_reasons: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancel_reasons: Option<String>,
}

/// A call as the services see it: its row with its kind parsed.
#[derive(Debug, Clone)]
pub struct Call {
    pub row: CallRow,
    pub kind: CallKind,
}

impl std::ops::Deref for Call {
    type Target = CallRow;
    fn deref(&self) -> &CallRow {
        &self.row
    }
}

impl Call {
    /// Where the call stands on `today`.
    pub fn status(&self, today: chrono::NaiveDate) -> CallStatus {
        calls::status(
            self.deadline,
            today,
            self.decided_at.is_some(),
            self.cancelled_at.is_some(),
        )
    }

    pub fn from_row(row: CallRow) -> Result<Call, AppError> {
        Ok(Call {
            kind: CallKind::parse(&row.kind)
                .ok_or_else(|| AppError::internal("unreadable stored call kind"))?,
            row,
        })
    }
}

/// One call (404 if there is none).
pub fn load_call(conn: &mut AnyConnection, id: i64) -> Result<Call, AppError> {
    let row: CallRow = pact_calls::table
        .find(id)
        .select(CallRow::as_select())
        .first(conn)?;
    Call::from_row(row)
}

/// The policy's facts about a call of `office` standing at `status`, for `who`.
pub fn call_facts(
    conn: &mut AnyConnection,
    who: Option<&Who>,
    office: i64,
    status: CallStatus,
) -> Result<CallFacts, AppError> {
    let my_offices = match who {
        Some(w) if w.has(Role::Official) => accounts::offices_of(conn, w.id)?,
        _ => Vec::new(),
    };
    Ok(CallFacts {
        office,
        coordinating: accounts::coordinating_office(conn)?,
        status,
        my_offices,
    })
}

/// Asks the calls policy whether `who` may do `action` to `call` on `env`'s day.
fn allow(
    conn: &mut AnyConnection,
    env: &Env,
    who: Option<&Who>,
    call: &Call,
    action: CallAction,
) -> Result<(), Refusal> {
    let facts = call_facts(conn, who, call.office_id, call.status(env.today()))?;
    calls::may(who, &facts, action).map_err(denied)
}

/// Whether `who` may do `action` to `call` now (for pages deciding what to offer).
pub fn may(
    conn: &mut AnyConnection,
    env: &Env,
    who: Option<&Who>,
    call: &Call,
    action: CallAction,
) -> Result<bool, AppError> {
    let facts = call_facts(conn, who, call.office_id, call.status(env.today()))?;
    Ok(calls::may(who, &facts, action).is_ok())
}

/// A denial as an error page (the reads here have no form to show it next to).
fn denied_page(d: Denial) -> AppError {
    match denied(d) {
        Refusal::App(e) => e,
        Refusal::Form(_) => AppError::Forbidden,
    }
}

/// The offices `who` may publish calls for, (id, name), by name: each as the policy
/// answers for it. Empty for anyone who may publish none.
pub fn publishing_offices(
    conn: &mut AnyConnection,
    who: &Who,
) -> Result<Vec<(i64, String)>, AppError> {
    if !(who.has(Role::Official) || who.has(Role::Admin)) {
        return Ok(Vec::new());
    }
    let facts = call_facts(conn, Some(who), 0, CallStatus::Open)?;
    Ok(accounts::office_names(conn)?
        .into_iter()
        .filter(|(o, _)| {
            let f = CallFacts {
                office: *o,
                ..facts.clone()
            };
            calls::may(Some(who), &f, CallAction::Publish).is_ok()
        })
        .collect())
}

/// A ledger entry about a call: its id, kind and office, and who acted (if a person).
fn entry(
    conn: &mut AnyConnection,
    what: &str,
    call: i64,
    kind: CallKind,
    office: i64,
    by: Option<i64>,
) -> Result<Entry, AppError> {
    let mut e = Entry::new(&format!("call.{what}"))
        .with("call", call)
        .with("call_kind", kind.code())
        .with("office", accounts::office_slug(conn, Some(office))?);
    if let Some(b) = by {
        e = e.with("by", accounts::pseudonym(conn, b)?);
    }
    Ok(e)
}

/// The SHA-256 of what the office wrote in a call, for the ledger.
fn text_sha256(
    title: &str,
    description: &str,
    theme: &str,
    criteria: &str,
    support: &str,
) -> String {
    typed(&serde_json::json!([title, description, theme, criteria, support]).to_string())
}

/// Written reasons: at least [`MIN_REASONS_CHARS`], at most [`MAX_TEXT`].
fn reasons_of(field: &'static str, v: &str) -> Result<String, Refusal> {
    let v = crate::pacts::text::normalise(v);
    let n = v.chars().count();
    if n < MIN_REASONS_CHARS {
        Err(Refusal::field(field, "field-reasons-required"))
    } else if n > MAX_TEXT {
        Err(Refusal::field(field, "field-text-too-long"))
    } else {
        Ok(v)
    }
}

/// An official publishes a call for their office (an administrator for any office):
/// on a commons the city owns (listed in the registry), or on a theme. Returns its id.
pub fn publish_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    input: &CallInput,
) -> Result<i64, Refusal> {
    if publishing_offices(conn, who)?.is_empty() {
        return Err(denied(Denial::NotYours));
    }
    let new = NewCall::validate(input, env.today())?;
    allow_publish(conn, who, new.office)?;
    if accounts::office(conn, new.office)?.is_none() {
        return Err(Refusal::field("office", "field-call-office-required"));
    }
    if let Some(c) = new.commons() {
        match commons::offerable(conn, c)? {
            Offerable::Yes => {}
            Offerable::Unknown => {
                return Err(Refusal::field("commons", "field-call-commons-unknown"));
            }
            Offerable::NotTheCitys => {
                return Err(Refusal::field("commons", "field-call-commons-not-city"));
            }
        }
    }
    let id: i64 = diesel::insert_into(pact_calls::table)
        .values((
            (
                pact_calls::kind.eq(CallKind::Call.code()),
                pact_calls::office_id.eq(new.office),
                pact_calls::title.eq(&new.title),
                pact_calls::description.eq(&new.description),
                pact_calls::commons_id.eq(new.commons()),
                pact_calls::theme.eq(new.theme()),
            ),
            (
                pact_calls::criteria.eq(&new.criteria),
                pact_calls::support_offered.eq(&new.support_offered),
                pact_calls::deadline.eq(new.deadline),
                pact_calls::created_by.eq(Some(who.id)),
                pact_calls::created_at.eq(env.now),
            ),
        ))
        .returning(pact_calls::id)
        .get_result(conn)?;
    let mut e = entry(
        conn,
        "published",
        id,
        CallKind::Call,
        new.office,
        Some(who.id),
    )?
    .with("deadline", new.deadline.to_string())
    .with(
        "text_sha256",
        text_sha256(
            &new.title,
            &new.description,
            new.theme(),
            &new.criteria,
            &new.support_offered,
        ),
    );
    if let Some(c) = new.commons() {
        e = e.with("commons", c);
    }
    crate::ledger::kinds::append(conn, &e)?;
    Ok(id)
}

fn allow_publish(conn: &mut AnyConnection, who: &Who, office: i64) -> Result<(), Refusal> {
    let facts = call_facts(conn, Some(who), office, CallStatus::Open)?;
    calls::may(Some(who), &facts, CallAction::Publish).map_err(denied)
}

/// Publishes a call (see [`publish_in`]); counts against the person's writes.
pub async fn publish(ports: &Ports, who: &Who, input: CallInput) -> Result<i64, Refusal> {
    limit(ports, "write", who.id, WRITES_PER_HOUR).await?;
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| publish_in(conn, &env, &who, &input))
        .await
}

/// One answer to a call, as the comparison shows it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub pact: i64,
    pub title: String,
    pub state: PactState,
    /// Public (published): anyone sees it.
    pub listed: bool,
    pub proposer_name: String,
    pub group_name: Option<String>,
    /// Who takes part, and what they ask of the city (the short proposal's fields;
    /// empty when the pact has none).
    pub participants: String,
    pub ask: String,
    /// The objectives of the current version.
    pub objectives: String,
    /// The estimated value of the city's support in the current version, in cents
    /// (none when no line has a value).
    pub support_cents: Option<i64>,
    pub submitted_at: Option<NaiveDateTime>,
    /// The pact whose publication opened the competition.
    pub origin: bool,
}

impl Answer {
    pub fn state_key(&self) -> String {
        self.state.label_key()
    }

    /// Still under way: it may be chosen, and is closed if another one is.
    pub fn open(&self) -> bool {
        !self.state.is_terminal()
    }

    /// The support's estimated value in euros (`1234.50`), or "" when none.
    pub fn support_eur(&self) -> String {
        self.support_cents
            .map(crate::kit::money::euros)
            .unwrap_or_default()
    }
}

type AnswerRow = (
    i64,
    String,
    String,
    bool,
    i64,
    Option<i64>,
    Option<NaiveDateTime>,
);

/// The answers to a call: the pacts that name it in their proposal, and the origin of
/// a competition; never drafts. `public_only`: only those the public sees. The origin
/// comes first, then by submission. Seven queries however many answers.
pub fn answers(
    conn: &mut AnyConnection,
    call: &Call,
    public_only: bool,
) -> Result<Vec<Answer>, AppError> {
    let mut ids: Vec<i64> = pact_proposals::table
        .filter(pact_proposals::call_id.eq(call.id))
        .select(pact_proposals::pact_id)
        .load(conn)?;
    ids.extend(call.origin_pact_id);
    let mut q = pacts::table
        .filter(pacts::id.eq_any(&ids))
        .filter(pacts::state.ne(PactState::Draft.code()))
        .select((
            pacts::id,
            pacts::title,
            pacts::state,
            pacts::listed,
            pacts::proposer_id,
            pacts::group_id,
            pacts::submitted_at,
        ))
        .into_boxed();
    if public_only {
        q = q.filter(pacts::listed.eq(true));
    }
    let rows: Vec<AnswerRow> = q.load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let proposals: Vec<(i64, String, String)> = pact_proposals::table
        .filter(pact_proposals::pact_id.eq_any(&ids))
        .select((
            pact_proposals::pact_id,
            pact_proposals::participants,
            pact_proposals::ask,
        ))
        .load(conn)?;
    // The current version of each: the one whose number is the pact's version.
    let versions: Vec<(i64, i64, String)> = pact_versions::table
        .inner_join(
            pacts::table.on(pacts::id
                .eq(pact_versions::pact_id)
                .and(pacts::version.eq(pact_versions::number))),
        )
        .filter(pact_versions::pact_id.eq_any(&ids))
        .select((
            pact_versions::pact_id,
            pact_versions::id,
            pact_versions::objectives,
        ))
        .load(conn)?;
    let version_ids: Vec<i64> = versions.iter().map(|v| v.1).collect();
    let values: Vec<(i64, Option<i64>)> = pact_support::table
        .filter(pact_support::version_id.eq_any(&version_ids))
        .select((pact_support::version_id, pact_support::value_cents))
        .load(conn)?;
    let mut people: Vec<i64> = rows.iter().map(|r| r.4).collect();
    people.sort_unstable();
    people.dedup();
    let names = accounts::display_names(conn, &people)?;
    let mut groups: Vec<i64> = rows.iter().filter_map(|r| r.5).collect();
    groups.sort_unstable();
    groups.dedup();
    let group_names = accounts::group_names(conn, &groups)?;
    let mut out = rows
        .into_iter()
        .map(
            |(id, title, state, listed, proposer, group, submitted_at)| {
                let proposal = proposals.iter().find(|p| p.0 == id);
                let version = versions.iter().find(|v| v.0 == id);
                let cents: Vec<i64> = version
                    .map(|v| {
                        values
                            .iter()
                            .filter(|l| l.0 == v.1)
                            .filter_map(|l| l.1)
                            .collect()
                    })
                    .unwrap_or_default();
                Ok(Answer {
                    pact: id,
                    title,
                    state: PactState::parse(&state)
                        .ok_or_else(|| AppError::internal("unreadable stored pact state"))?,
                    listed,
                    proposer_name: names
                        .iter()
                        .find(|n| n.0 == proposer)
                        .map(|n| n.1.clone())
                        .unwrap_or_default(),
                    group_name: group
                        .and_then(|g| group_names.iter().find(|n| n.0 == g).map(|n| n.1.clone())),
                    participants: proposal.map(|p| p.1.clone()).unwrap_or_default(),
                    ask: proposal.map(|p| p.2.clone()).unwrap_or_default(),
                    objectives: version.map(|v| v.2.clone()).unwrap_or_default(),
                    support_cents: (!cents.is_empty()).then(|| cents.iter().sum()),
                    submitted_at,
                    origin: call.origin_pact_id == Some(id),
                })
            },
        )
        .collect::<Result<Vec<_>, AppError>>()?;
    out.sort_by_key(|a| (!a.origin, a.submitted_at, a.pact));
    Ok(out)
}

/// The answers side by side, and what the viewer may do with them.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub call: Call,
    pub status: CallStatus,
    /// Empty while the call is open: answers are compared once the deadline passed.
    pub answers: Vec<Answer>,
    pub may_choose: bool,
}

impl Comparison {
    /// The deadline has not passed: nothing to compare yet.
    pub fn too_early(&self) -> bool {
        self.status == CallStatus::Open
    }
}

/// The call's office, the coordinating office or an administrator compares every
/// submitted answer, once the deadline has passed (before, the answers stay sealed and
/// the comparison says when it opens).
pub fn compare_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
) -> Result<Comparison, AppError> {
    let call = load_call(conn, id)?;
    let status = call.status(env.today());
    let facts = call_facts(conn, Some(who), call.office_id, status)?;
    calls::may(Some(who), &facts, CallAction::Compare).map_err(denied_page)?;
    let answers = if status == CallStatus::Open {
        Vec::new()
    } else {
        answers(conn, &call, false)?
    };
    Ok(Comparison {
        may_choose: calls::may(Some(who), &facts, CallAction::Choose).is_ok(),
        call,
        status,
        answers,
    })
}

/// Compares the answers (see [`compare_in`]).
pub async fn compare(ports: &Ports, who: &Who, id: i64) -> Result<Comparison, AppError> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .run(move |conn| compare_in(conn, &env, &who, id))
        .await
}

/// The user who acts for an answer's proposing side, and the pact (for the notice).
fn proposer_of(conn: &mut AnyConnection, pact: i64) -> Result<(i64, Pact), AppError> {
    let p = store::load(conn, pact)?;
    Ok((store::proposer_party(conn, &p)?, p))
}

/// After the deadline, the office chooses one submitted answer still under way, with
/// reasons. The choice is recorded and put on the ledger; every other answer still
/// under way is closed by the platform with the same reasons (rejected, or withdrawn
/// where the procedure allows no rejection); the proposers hear of it.
pub fn choose_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    chosen: Option<i64>,
    reasons: &str,
) -> Result<(), Refusal> {
    let call = load_call(conn, id)?;
    allow(conn, env, Some(who), &call, CallAction::Choose)?;
    let mut errors = FormErrors::new();
    let all = answers(conn, &call, false)?;
    let pick = chosen.and_then(|c| all.iter().find(|a| a.pact == c && a.open()));
    match (chosen, pick) {
        (None, _) => errors.add("chosen", "field-call-choice-required"),
        (Some(_), None) => errors.add("chosen", "field-call-choice-invalid"),
        _ => {}
    }
    let reasons = match reasons_of("reasons", reasons) {
        Ok(r) => r,
        Err(Refusal::Form(e)) => {
            errors.absorb(&e);
            String::new()
        }
        Err(other) => return Err(other),
    };
    let Some(pick) = pick.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let chosen = pick.pact;
    let changed = diesel::update(
        pact_calls::table
            .filter(pact_calls::id.eq(id))
            .filter(pact_calls::decided_at.is_null())
            .filter(pact_calls::cancelled_at.is_null()),
    )
    .set((
        pact_calls::chosen_pact_id.eq(Some(chosen)),
        pact_calls::decision_reasons.eq(Some(&reasons)),
        pact_calls::decided_by.eq(Some(who.id)),
        pact_calls::decided_at.eq(Some(env.now)),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(AppError::Conflict("pact-changed-meanwhile").into());
    }
    let e = entry(conn, "chosen", id, call.kind, call.office_id, Some(who.id))?
        .with("chosen", chosen)
        .with("answers", all.iter().map(|a| a.pact).collect::<Vec<_>>())
        .with("reasons_sha256", typed(&reasons));
    crate::ledger::kinds::append(conn, &e)?;
    for a in all.iter().filter(|a| a.pact != chosen) {
        if let Some(t) = calls::closes_with(a.state) {
            fire_in(
                conn,
                env,
                By::System,
                a.pact,
                t,
                &reasons,
                // The proposers hear of the choice itself (`call-not-chosen`), once.
                &Extra {
                    quiet: true,
                    ..Extra::default()
                },
            )?;
        }
    }
    for a in all.iter().filter(|a| a.open()) {
        let (to, p) = proposer_of(conn, a.pact)?;
        let kind = if a.pact == chosen {
            "call-chosen"
        } else {
            "call-not-chosen"
        };
        notify(conn, env, &[to], &p, kind)?;
    }
    Ok(())
}

/// Chooses an answer (see [`choose_in`]); counts against the person's writes.
pub async fn choose(
    ports: &Ports,
    who: &Who,
    id: i64,
    chosen: Option<i64>,
    reasons: String,
) -> Result<(), Refusal> {
    limit(ports, "write", who.id, WRITES_PER_HOUR).await?;
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| choose_in(conn, &env, &who, id, chosen, &reasons))
        .await
}

/// The office cancels the call before a choice, with reasons; the proposers of its
/// answers under way hear of it (their proposals go on as proposals of their own).
pub fn cancel_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    reasons: &str,
) -> Result<(), Refusal> {
    let call = load_call(conn, id)?;
    allow(conn, env, Some(who), &call, CallAction::Cancel)?;
    let reasons = reasons_of("cancel_reasons", reasons)?;
    let changed = diesel::update(
        pact_calls::table
            .filter(pact_calls::id.eq(id))
            .filter(pact_calls::decided_at.is_null())
            .filter(pact_calls::cancelled_at.is_null()),
    )
    .set((
        pact_calls::cancelled_at.eq(Some(env.now)),
        pact_calls::cancel_reasons.eq(Some(&reasons)),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(AppError::Conflict("pact-changed-meanwhile").into());
    }
    let e = entry(
        conn,
        "cancelled",
        id,
        call.kind,
        call.office_id,
        Some(who.id),
    )?
    .with("reasons_sha256", typed(&reasons));
    crate::ledger::kinds::append(conn, &e)?;
    for a in answers(conn, &call, false)?.iter().filter(|a| a.open()) {
        let (to, p) = proposer_of(conn, a.pact)?;
        notify(conn, env, &[to], &p, "call-cancelled")?;
    }
    Ok(())
}

/// Cancels a call (see [`cancel_in`]); counts against the person's writes.
pub async fn cancel(ports: &Ports, who: &Who, id: i64, reasons: String) -> Result<(), Refusal> {
    limit(ports, "write", who.id, WRITES_PER_HOUR).await?;
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| cancel_in(conn, &env, &who, id, &reasons))
        .await
}

// ---- Hooks for the proposal and the procedure -----------------------------------

/// Whether a proposal naming `commons` may answer call `call_id` now (at saving and
/// at submission of a proposal that names the call): the call exists, is neither
/// cancelled nor decided, and `env.today()` is not past its deadline (answers are
/// taken until the end of that day); a call on a commons needs the proposal to name
/// that commons.
///
/// Refusals, next to the form's fields: `call` with `call-refused-unknown`,
/// `call-refused-cancelled`, `call-refused-decided` or `call-refused-deadline` (a call
/// answered after its deadline); `commons` with `field-call-commons-mismatch`.
pub fn check_answer_in(
    conn: &mut AnyConnection,
    env: &Env,
    call_id: i64,
    commons: &[i64],
) -> Result<(), Refusal> {
    let row: Option<CallRow> = pact_calls::table
        .find(call_id)
        .select(CallRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else {
        return Err(Refusal::field("call", "call-refused-unknown"));
    };
    let call = Call::from_row(row)?;
    match call.status(env.today()) {
        CallStatus::Cancelled => Err(Refusal::field("call", "call-refused-cancelled")),
        CallStatus::Decided => Err(Refusal::field("call", "call-refused-decided")),
        CallStatus::Closed => Err(Refusal::field("call", "call-refused-deadline")),
        CallStatus::Open => match call.commons_id {
            Some(c) if !commons.contains(&c) => {
                Err(Refusal::field("commons", "field-call-commons-mismatch"))
            }
            _ => Ok(()),
        },
    }
}

/// At the publication of a complex pact, opens the competition for its commons: a call
/// of kind `competition` on the pact's first commons, for its lead office (else the
/// coordinating office), titled as the pact, open until the day its observation period
/// closes (computed from now if the pact does not carry it yet), with the pact as its
/// origin (and first answer). Returns the new call's id; `None` for an ordinary pact,
/// a pact with no commons or no office to run it, or when the pact already opened one
/// (idempotent). Call it inside the publication's transaction.
pub fn open_competition_in(
    conn: &mut AnyConnection,
    env: &Env,
    pact: &store::Pact,
) -> Result<Option<i64>, AppError> {
    if pact.kind != PactType::Complex {
        return Ok(None);
    }
    let existing: i64 = pact_calls::table
        .filter(pact_calls::origin_pact_id.eq(pact.id))
        .count()
        .get_result(conn)?;
    if existing > 0 {
        return Ok(None);
    }
    let Some(commons) = store::commons_of(conn, pact.id)?.first().copied() else {
        return Ok(None);
    };
    let Some(office) = pact.office_id.or(accounts::coordinating_office(conn)?) else {
        return Ok(None);
    };
    let closes = pact.observation_closes_at.unwrap_or_else(|| {
        crate::pacts::deadlines::observation_closes(
            &env.rules,
            pact.kind,
            pact.published_at.unwrap_or(env.now),
        )
    });
    let deadline = closes.date();
    let id: i64 = diesel::insert_into(pact_calls::table)
        .values((
            pact_calls::kind.eq(CallKind::Competition.code()),
            pact_calls::office_id.eq(office),
            pact_calls::title.eq(&pact.title),
            pact_calls::description.eq(""),
            pact_calls::commons_id.eq(Some(commons)),
            pact_calls::deadline.eq(deadline),
            pact_calls::origin_pact_id.eq(Some(pact.id)),
            pact_calls::created_at.eq(env.now),
        ))
        .returning(pact_calls::id)
        .get_result(conn)?;
    let e = entry(conn, "published", id, CallKind::Competition, office, None)?
        .with("deadline", deadline.to_string())
        .with("text_sha256", text_sha256(&pact.title, "", "", "", ""))
        .with("commons", commons)
        .with("origin", pact.id);
    crate::ledger::kinds::append(conn, &e)?;
    Ok(Some(id))
}

/// The call pact `pact_id` answers (through its proposal's `call_id`) while that call
/// is neither decided nor cancelled: an answer waits for the choice before it is
/// published. `None` for a pact that answers no call, or whose call is settled. (The
/// pact that opened a competition is its origin, not an answer through a proposal: it
/// was published already.)
pub fn undecided_call_of(conn: &mut AnyConnection, pact_id: i64) -> Result<Option<i64>, AppError> {
    Ok(pact_proposals::table
        .inner_join(pact_calls::table)
        .filter(pact_proposals::pact_id.eq(pact_id))
        .filter(pact_calls::decided_at.is_null())
        .filter(pact_calls::cancelled_at.is_null())
        .select(pact_calls::id)
        .first(conn)
        .optional()?)
}

/// Whether the competition this pact's publication opened has rival proposals sent
/// and is not decided yet: co-design waits for the office's choice.
pub fn competition_pending(conn: &mut AnyConnection, pact_id: i64) -> Result<bool, AppError> {
    let rivals: i64 = pact_calls::table
        .inner_join(pact_proposals::table)
        .inner_join(pacts::table.on(pacts::id.eq(pact_proposals::pact_id)))
        .filter(pact_calls::origin_pact_id.eq(pact_id))
        .filter(pact_calls::decided_at.is_null())
        .filter(pact_calls::cancelled_at.is_null())
        .filter(pacts::submitted_at.is_not_null())
        .filter(pacts::state.ne_all([PactState::Rejected.code(), PactState::Withdrawn.code()]))
        .count()
        .get_result(conn)?;
    Ok(rivals > 0)
}

/// The commons a call is about, if it is about one (the answer form names it).
pub fn commons_of_call(conn: &mut AnyConnection, call: i64) -> Result<Option<i64>, AppError> {
    Ok(pact_calls::table
        .find(call)
        .select(pact_calls::commons_id)
        .first::<Option<i64>>(conn)
        .optional()?
        .flatten())
}

/// The competition `pact_id`'s publication opened, while it is neither decided nor
/// cancelled and no rival proposal waits in it.
fn uncontested_competition(
    conn: &mut AnyConnection,
    pact_id: i64,
) -> Result<Option<i64>, AppError> {
    if competition_pending(conn, pact_id)? {
        return Ok(None);
    }
    Ok(pact_calls::table
        .filter(pact_calls::origin_pact_id.eq(pact_id))
        .filter(pact_calls::decided_at.is_null())
        .filter(pact_calls::cancelled_at.is_null())
        .select(pact_calls::id)
        .first(conn)
        .optional()?)
}

/// When co-design opens on a pact whose competition drew no rival proposal, the
/// competition is settled for it: chosen, without reasons (the call's page says no
/// competing proposal came in the notice period).
pub fn settle_uncontested_in(
    conn: &mut AnyConnection,
    env: &Env,
    pact_id: i64,
    by: Option<i64>,
) -> Result<(), AppError> {
    if let Some(id) = uncontested_competition(conn, pact_id)? {
        diesel::update(pact_calls::table.find(id))
            .set((
                pact_calls::chosen_pact_id.eq(Some(pact_id)),
                pact_calls::decided_by.eq(by),
                pact_calls::decided_at.eq(Some(env.now)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// When the pact that opened a competition is rejected or withdrawn before any rival
/// came, its competition closes with it (cancelled, without reasons: the call's page
/// says the pact it was opened for has ended).
pub fn close_with_origin_in(
    conn: &mut AnyConnection,
    env: &Env,
    pact_id: i64,
) -> Result<(), AppError> {
    if let Some(id) = uncontested_competition(conn, pact_id)? {
        diesel::update(pact_calls::table.find(id))
            .set(pact_calls::cancelled_at.eq(Some(env.now)))
            .execute(conn)?;
    }
    Ok(())
}
