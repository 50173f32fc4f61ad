//! The life of a pact after signature (DOMAIN.md, "Collaboration pacts"): the written
//! notice that opens a revocation's due process, its answer and its dismissal (the
//! revocation itself is a step of the procedure, `Transition::Revoke`), the exclusion
//! of an adherent, an adherent leaving, and the conciliation committee for disputes.
//!
//! Every step is a history line, a ledger entry (ids, codes, dates and the SHA-256 of
//! what people wrote, never the text) and an e-mail to the parties.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::{allow, body};
use crate::db::AnyConnection;
use crate::db::schema::{
    pact_adherents, pact_conciliation_sessions, pact_conciliations, pact_notices,
};
use crate::error::AppError;
use crate::ledger::kinds::typed;
use crate::pacts::notify::{self, notify};
use crate::pacts::policy::{self, Action, PactFacts};
use crate::pacts::store::{self, Env, Pact, Who};
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};

/// The period to answer a notice, in days: the city chooses within these bounds.
pub const ANSWER_DAYS_DEFAULT: i64 = 15;
pub const ANSWER_DAYS_MIN: i64 = 10;
pub const ANSWER_DAYS_MAX: i64 = 60;

/// The longest name of a committee member.
const MAX_NAME: usize = 120;

/// The role a person acts in, for the history and the ledger.
fn role(who: &Who, facts: &PactFacts) -> &'static str {
    let st = policy::standing(Some(who), facts);
    if st.official {
        "official"
    } else if st.admin {
        "admin"
    } else if st.proposer {
        "proposer"
    } else {
        "citizen"
    }
}

/// The proposing side and the city's acting officials: who hears of every step.
pub(super) fn parties(conn: &mut AnyConnection, env: &Env, p: &Pact) -> Result<Vec<i64>, AppError> {
    let mut out = vec![store::proposer_party(conn, p)?];
    out.extend(store::cosigners(conn, p.id)?);
    out.extend(notify::city(conn, p, env.today())?);
    Ok(out)
}

/// Writes the history line and the ledger entry of one step, and tells the parties.
#[allow(clippy::too_many_arguments)]
fn record(
    conn: &mut AnyConnection,
    env: &Env,
    p: &Pact,
    who: &Who,
    role: &str,
    kind: &str,
    ledger: crate::ledger::entry::Entry,
    mail: &'static str,
    also: &[i64],
) -> Result<(), Refusal> {
    let index = store::append(conn, &ledger)?;
    // The public history names the step; what people wrote stays with the parties
    // (on the page's after-signature section), and its hash on the ledger.
    store::event(
        conn,
        p.id,
        kind,
        None,
        None,
        Some(who.id),
        role,
        None,
        None,
        Some(index),
        env.now,
    )?;
    let mut to = parties(conn, env, p)?;
    to.extend_from_slice(also);
    to.retain(|u| *u != who.id);
    notify(conn, env, &to, p, mail)?;
    Ok(())
}

/// Loads the pact and asks the policy: the start of every step here.
fn open(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    action: Action,
) -> Result<(Pact, PactFacts), Refusal> {
    let p = store::load(conn, id)?;
    let facts = allow(conn, env, &p, Some(who), action)?;
    Ok((p, facts))
}

/// One required text of a step (`reasons`: written reasons, of a minimum length).
fn text(field: &'static str, v: &str, reasons: bool) -> Result<String, Refusal> {
    let mut errors = FormErrors::new();
    let v = if reasons {
        reasons_of(&mut errors, field, v)
    } else {
        body(&mut errors, field, v, true)
    };
    if errors.is_empty() {
        Ok(v)
    } else {
        Err(errors.into())
    }
}

fn reasons_of(errors: &mut FormErrors, field: &'static str, v: &str) -> String {
    let v = body(errors, field, v, true);
    if !v.is_empty() && v.chars().count() < crate::pacts::procedure::MIN_REASONS_CHARS {
        errors.add(field, "field-reasons-required");
    }
    v
}

/// The city gives the proposing side written notice of a serious breach; they have
/// `answer_days` days to answer before the city may decide.
pub fn give_notice_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    reasons: &str,
    answer_days: &str,
) -> Result<NaiveDate, Refusal> {
    let (p, facts) = open(conn, env, who, id, Action::GiveNotice)?;
    let mut errors = FormErrors::new();
    let reasons = reasons_of(&mut errors, "notice_reasons", reasons);
    let days = match answer_days.trim() {
        "" => ANSWER_DAYS_DEFAULT,
        d => d.parse::<i64>().unwrap_or(0),
    };
    if !(ANSWER_DAYS_MIN..=ANSWER_DAYS_MAX).contains(&days) {
        errors.add("answer_days", "field-notice-days");
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let due = env.today() + chrono::Duration::days(days);
    let nid: i64 = diesel::insert_into(pact_notices::table)
        .values((
            pact_notices::pact_id.eq(id),
            pact_notices::reasons.eq(&reasons),
            pact_notices::issued_by.eq(Some(who.id)),
            pact_notices::issued_at.eq(env.now),
            pact_notices::answer_due.eq(due),
        ))
        .returning(pact_notices::id)
        .get_result(conn)?;
    let role = role(who, &facts);
    let e = store::ledger_entry(conn, &p, "notice", Some(who.id), role)?
        .with("notice", nid)
        .with("answer_due", due.to_string())
        .with("reasons_sha256", typed(&reasons));
    record(conn, env, &p, who, role, "notice", e, "notice", &[])?;
    Ok(due)
}

/// The proposing side answers the notice.
pub fn answer_notice_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    answer: &str,
) -> Result<(), Refusal> {
    let (p, facts) = open(conn, env, who, id, Action::AnswerNotice)?;
    let answer = text("notice_answer", answer, false)?;
    let Some(n) = store::open_notice(conn, id)? else {
        return Err(AppError::Conflict("pact-notice-none").into());
    };
    diesel::update(pact_notices::table.find(n.id))
        .set((
            pact_notices::answer.eq(Some(&answer)),
            pact_notices::answered_by.eq(Some(who.id)),
            pact_notices::answered_at.eq(Some(env.now)),
        ))
        .execute(conn)?;
    let role = role(who, &facts);
    let e = store::ledger_entry(conn, &p, "notice_answered", Some(who.id), role)?
        .with("notice", n.id)
        .with("answer_sha256", typed(&answer));
    record(
        conn,
        env,
        &p,
        who,
        role,
        "notice_answered",
        e,
        "notice-answered",
        &[],
    )
}

/// The city closes the notice without revoking the pact, with reasons.
pub fn dismiss_notice_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    reasons: &str,
) -> Result<(), Refusal> {
    let (p, facts) = open(conn, env, who, id, Action::DismissNotice)?;
    let reasons = text("dismiss_reasons", reasons, true)?;
    let Some(n) = store::open_notice(conn, id)? else {
        return Err(AppError::Conflict("pact-notice-none").into());
    };
    diesel::update(pact_notices::table.find(n.id))
        .set((
            pact_notices::decision.eq(Some("dismissed")),
            pact_notices::decision_reasons.eq(Some(&reasons)),
            pact_notices::decided_by.eq(Some(who.id)),
            pact_notices::decided_at.eq(Some(env.now)),
        ))
        .execute(conn)?;
    let role = role(who, &facts);
    let e = store::ledger_entry(conn, &p, "notice_dismissed", Some(who.id), role)?
        .with("notice", n.id)
        .with("reasons_sha256", typed(&reasons));
    record(
        conn,
        env,
        &p,
        who,
        role,
        "notice_dismissed",
        e,
        "notice-dismissed",
        &[],
    )
}

/// The city excludes an adherent from the pact, with reasons.
pub fn exclude_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    adherent: i64,
    reasons: &str,
) -> Result<(), Refusal> {
    let (p, facts) = open(conn, env, who, id, Action::Exclude)?;
    let reasons = text("exclude_reasons", reasons, true)?;
    let removed = diesel::delete(
        pact_adherents::table
            .filter(pact_adherents::pact_id.eq(id))
            .filter(pact_adherents::user_id.eq(adherent)),
    )
    .execute(conn)?;
    if removed == 0 {
        return Err(Refusal::field(
            "exclude_adherent",
            "field-pact-not-adherent",
        ));
    }
    let role = role(who, &facts);
    let e = store::ledger_entry(conn, &p, "participant_excluded", Some(who.id), role)?
        .with(
            "participant",
            crate::accounts::api::pseudonym(conn, adherent)?,
        )
        .with("reasons_sha256", typed(&reasons));
    record(
        conn,
        env,
        &p,
        who,
        role,
        "participant_excluded",
        e,
        "excluded",
        &[adherent],
    )
}

/// An adherent leaves the pact.
pub fn leave_in(conn: &mut AnyConnection, env: &Env, who: &Who, id: i64) -> Result<(), Refusal> {
    let (p, _) = open(conn, env, who, id, Action::Leave)?;
    diesel::delete(
        pact_adherents::table
            .filter(pact_adherents::pact_id.eq(id))
            .filter(pact_adherents::user_id.eq(who.id)),
    )
    .execute(conn)?;
    let e = store::ledger_entry(conn, &p, "adherent_left", Some(who.id), "citizen")?.with(
        "participant",
        crate::accounts::api::pseudonym(conn, who.id)?,
    );
    let index = store::append(conn, &e)?;
    store::event(
        conn,
        id,
        "adherent_left",
        None,
        None,
        Some(who.id),
        "citizen",
        None,
        None,
        Some(index),
        env.now,
    )?;
    Ok(())
}

/// Either side takes a dispute to a conciliation committee.
pub fn open_conciliation_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    subject: &str,
) -> Result<i64, Refusal> {
    let (p, facts) = open(conn, env, who, id, Action::OpenConciliation)?;
    let subject = text("conciliation_subject", subject, false)?;
    let cid: i64 = diesel::insert_into(pact_conciliations::table)
        .values((
            pact_conciliations::pact_id.eq(id),
            pact_conciliations::subject.eq(&subject),
            pact_conciliations::opened_by.eq(Some(who.id)),
            pact_conciliations::opened_at.eq(env.now),
        ))
        .returning(pact_conciliations::id)
        .get_result(conn)?;
    let role = role(who, &facts);
    let e = store::ledger_entry(conn, &p, "conciliation_opened", Some(who.id), role)?
        .with("conciliation", cid)
        .with("subject_sha256", typed(&subject));
    record(
        conn,
        env,
        &p,
        who,
        role,
        "conciliation_opened",
        e,
        "conciliation",
        &[],
    )?;
    Ok(cid)
}

/// A side names its member of the committee and the joint member (or agrees to the
/// joint member the other side named: naming the same person). Naming a different
/// joint member withdraws the other side's agreement.
pub fn name_conciliators_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    member: &str,
    joint: &str,
) -> Result<(), Refusal> {
    let (_, facts) = open(conn, env, who, id, Action::NameConciliator)?;
    let st = policy::standing(Some(who), &facts);
    let Some(c) = store::open_conciliation(conn, id)? else {
        return Err(AppError::Conflict("pact-conciliation-none").into());
    };
    let clean = |v: &str| crate::pacts::text::normalise(v).replace('\n', " ");
    let (member, joint) = (clean(member), clean(joint));
    let mut errors = FormErrors::new();
    if member.is_empty() {
        errors.add("conciliation_member", "field-required");
    } else if member.chars().count() > MAX_NAME {
        errors.add("conciliation_member", "field-text-too-long");
    }
    if joint.chars().count() > MAX_NAME {
        errors.add("conciliation_joint", "field-text-too-long");
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    use pact_conciliations as t;
    let city = st.for_city();
    let joint_changed = !joint.is_empty() && joint != c.joint_member;
    let joint_member = if joint.is_empty() {
        c.joint_member.clone()
    } else {
        joint.clone()
    };
    let agrees = !joint_member.is_empty();
    let (agreed_p, agreed_c) = match (city, joint_changed) {
        (true, true) => (false, agrees),
        (false, true) => (agrees, false),
        (true, false) => (c.joint_agreed_by_proposers, agrees),
        (false, false) => (agrees, c.joint_agreed_by_city),
    };
    let (proposers_member, city_member) = if city {
        (c.proposers_member.clone(), member)
    } else {
        (member, c.city_member.clone())
    };
    diesel::update(t::table.find(c.id))
        .set((
            t::proposers_member.eq(&proposers_member),
            t::city_member.eq(&city_member),
            t::joint_member.eq(&joint_member),
            t::joint_agreed_by_proposers.eq(agreed_p),
            t::joint_agreed_by_city.eq(agreed_c),
        ))
        .execute(conn)?;
    store::event(
        conn,
        id,
        "conciliators_named",
        None,
        None,
        Some(who.id),
        role(who, &facts),
        None,
        None,
        None,
        env.now,
    )?;
    Ok(())
}

/// The city records a session of the committee (its date and minutes).
pub fn record_session_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    held_on: &str,
    minutes: &str,
) -> Result<(), Refusal> {
    let (p, facts) = open(conn, env, who, id, Action::RecordConciliation)?;
    let mut errors = FormErrors::new();
    let held = crate::pacts::text::parse_date(held_on);
    match held {
        None => errors.add("session_held_on", "field-date-invalid"),
        Some(d) if d > env.today() => errors.add("session_held_on", "field-date-future"),
        _ => {}
    }
    let minutes = body(&mut errors, "session_minutes", minutes, true);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (Some(held), Some(c)) = (held, store::open_conciliation(conn, id)?) else {
        return Err(AppError::Conflict("pact-conciliation-none").into());
    };
    diesel::insert_into(pact_conciliation_sessions::table)
        .values((
            pact_conciliation_sessions::conciliation_id.eq(c.id),
            pact_conciliation_sessions::held_on.eq(held),
            pact_conciliation_sessions::minutes.eq(&minutes),
            pact_conciliation_sessions::recorded_by.eq(Some(who.id)),
            pact_conciliation_sessions::recorded_at.eq(env.now),
        ))
        .execute(conn)?;
    let role = role(who, &facts);
    let e = store::ledger_entry(conn, &p, "conciliation_session", Some(who.id), role)?
        .with("conciliation", c.id)
        .with("held_on", held.to_string())
        .with("minutes_sha256", typed(&minutes));
    record(
        conn,
        env,
        &p,
        who,
        role,
        "conciliation_session",
        e,
        "conciliation",
        &[],
    )
}

/// The city records the committee's proposal, which closes the conciliation.
pub fn record_proposal_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    proposal: &str,
) -> Result<(), Refusal> {
    let (p, facts) = open(conn, env, who, id, Action::RecordConciliation)?;
    let proposal = text("conciliation_proposal", proposal, false)?;
    let Some(c) = store::open_conciliation(conn, id)? else {
        return Err(AppError::Conflict("pact-conciliation-none").into());
    };
    diesel::update(pact_conciliations::table.find(c.id))
        .set((
            pact_conciliations::proposal.eq(Some(&proposal)),
            pact_conciliations::proposal_by.eq(Some(who.id)),
            pact_conciliations::closed_at.eq(Some(env.now)),
        ))
        .execute(conn)?;
    let role = role(who, &facts);
    let e = store::ledger_entry(conn, &p, "conciliation_proposal", Some(who.id), role)?
        .with("conciliation", c.id)
        .with("proposal_sha256", typed(&proposal));
    record(
        conn,
        env,
        &p,
        who,
        role,
        "conciliation_proposal",
        e,
        "conciliation",
        &[],
    )
}

/// What a person asks of a pact after its signature, from its page.
#[derive(Debug, Clone)]
pub enum Aftercare {
    GiveNotice {
        reasons: String,
        answer_days: String,
    },
    AnswerNotice {
        answer: String,
    },
    DismissNotice {
        reasons: String,
    },
    Exclude {
        adherent: i64,
        reasons: String,
    },
    Leave,
    OpenConciliation {
        subject: String,
    },
    NameConciliators {
        member: String,
        joint: String,
    },
    RecordSession {
        held_on: String,
        minutes: String,
    },
    RecordProposal {
        proposal: String,
    },
}

/// Runs one of the steps after signature in a transaction (see each `*_in`).
pub async fn aftercare(ports: &Ports, who: &Who, id: i64, step: Aftercare) -> Result<(), Refusal> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| match &step {
            Aftercare::GiveNotice {
                reasons,
                answer_days,
            } => give_notice_in(conn, &env, &who, id, reasons, answer_days).map(|_| ()),
            Aftercare::AnswerNotice { answer } => answer_notice_in(conn, &env, &who, id, answer),
            Aftercare::DismissNotice { reasons } => {
                dismiss_notice_in(conn, &env, &who, id, reasons)
            }
            Aftercare::Exclude { adherent, reasons } => {
                exclude_in(conn, &env, &who, id, *adherent, reasons)
            }
            Aftercare::Leave => leave_in(conn, &env, &who, id),
            Aftercare::OpenConciliation { subject } => {
                open_conciliation_in(conn, &env, &who, id, subject).map(|_| ())
            }
            Aftercare::NameConciliators { member, joint } => {
                name_conciliators_in(conn, &env, &who, id, member, joint)
            }
            Aftercare::RecordSession { held_on, minutes } => {
                record_session_in(conn, &env, &who, id, held_on, minutes)
            }
            Aftercare::RecordProposal { proposal } => {
                record_proposal_in(conn, &env, &who, id, proposal)
            }
        })
        .await
}
