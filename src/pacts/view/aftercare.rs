//! The pact page's section on its life after signature: the notices of breach and
//! their answers, the conciliation committee, the adherents the city may exclude, and
//! what the viewer may do there. Shown to the proposing side, the city and
//! administrators (the public sees the steps in the history and on the ledger).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    pact_adherents, pact_conciliation_sessions, pact_conciliations, pact_notices,
};
use crate::error::AppError;
use crate::kit::actor::Who;
use crate::pacts::policy::{self, Action, PactFacts};

#[derive(Debug, Clone)]
pub struct NoticeLine {
    pub reasons: String,
    pub issued_at: NaiveDateTime,
    pub answer_due: NaiveDate,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    /// `revoked` or `dismissed`.
    pub decision: Option<String>,
    pub decision_reasons: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
}

impl NoticeLine {
    pub fn decision_key(&self) -> String {
        format!("pact-notice-{}", self.decision.as_deref().unwrap_or("open"))
    }
}

#[derive(Debug, Clone)]
pub struct ConciliationView {
    pub subject: String,
    pub opened_at: NaiveDateTime,
    pub proposers_member: String,
    pub city_member: String,
    pub joint_member: String,
    pub joint_agreed_by_proposers: bool,
    pub joint_agreed_by_city: bool,
    pub sessions: Vec<(NaiveDate, String)>,
    pub proposal: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
}

/// The section, and what the viewer may do in it.
#[derive(Debug, Clone, Default)]
pub struct AftercareView {
    pub notices: Vec<NoticeLine>,
    pub conciliation: Option<ConciliationView>,
    /// The adherents, (id, name), for the city's exclusion form.
    pub adherents: Vec<(i64, String)>,
    pub give_notice: bool,
    pub answer_notice: bool,
    pub dismiss_notice: bool,
    pub exclude: bool,
    pub leave: bool,
    pub open_conciliation: bool,
    pub name_conciliator: bool,
    pub record_conciliation: bool,
    /// The viewer names the committee's member for the city (else for the proposers).
    pub names_for_city: bool,
}

type NoticeRow = (
    (
        String,
        NaiveDateTime,
        NaiveDate,
        Option<String>,
        Option<NaiveDateTime>,
    ),
    (Option<String>, Option<String>, Option<NaiveDateTime>),
);

type ConciliationRow = (
    (i64, String, NaiveDateTime, String, String, String),
    (bool, bool, Option<String>, Option<NaiveDateTime>),
);

/// The section for `viewer`, or `None` when they are not a party, the city or an
/// administrator, or the pact was never signed: a fixed number of queries.
pub fn aftercare(
    conn: &mut AnyConnection,
    pact: i64,
    viewer: Option<&Who>,
    facts: &PactFacts,
    signed: bool,
) -> Result<Option<AftercareView>, AppError> {
    let st = policy::standing(viewer, facts);
    let ok = |a: Action| policy::may(viewer, facts, a).is_ok();
    let leave = ok(Action::Leave);
    if !signed || !(st.member || st.cosigner || st.city || st.admin || leave) {
        return Ok(None);
    }
    let notices: Vec<NoticeRow> = pact_notices::table
        .filter(pact_notices::pact_id.eq(pact))
        .order(pact_notices::id.asc())
        .select((
            (
                pact_notices::reasons,
                pact_notices::issued_at,
                pact_notices::answer_due,
                pact_notices::answer,
                pact_notices::answered_at,
            ),
            (
                pact_notices::decision,
                pact_notices::decision_reasons,
                pact_notices::decided_at,
            ),
        ))
        .load(conn)?;
    let conciliation: Option<ConciliationRow> = pact_conciliations::table
        .filter(pact_conciliations::pact_id.eq(pact))
        .order(pact_conciliations::id.desc())
        .select((
            (
                pact_conciliations::id,
                pact_conciliations::subject,
                pact_conciliations::opened_at,
                pact_conciliations::proposers_member,
                pact_conciliations::city_member,
                pact_conciliations::joint_member,
            ),
            (
                pact_conciliations::joint_agreed_by_proposers,
                pact_conciliations::joint_agreed_by_city,
                pact_conciliations::proposal,
                pact_conciliations::closed_at,
            ),
        ))
        .first(conn)
        .optional()?;
    let sessions: Vec<(NaiveDate, String)> = match &conciliation {
        Some(c) => pact_conciliation_sessions::table
            .filter(pact_conciliation_sessions::conciliation_id.eq(c.0.0))
            .order(pact_conciliation_sessions::held_on.asc())
            .select((
                pact_conciliation_sessions::held_on,
                pact_conciliation_sessions::minutes,
            ))
            .load(conn)?,
        None => vec![],
    };
    let exclude = ok(Action::Exclude);
    let adherents = if exclude {
        let ids: Vec<i64> = pact_adherents::table
            .filter(pact_adherents::pact_id.eq(pact))
            .select(pact_adherents::user_id)
            .load(conn)?;
        crate::accounts::api::display_names(conn, &ids)?
    } else {
        vec![]
    };
    Ok(Some(AftercareView {
        notices: notices
            .into_iter()
            .map(|(a, b)| NoticeLine {
                reasons: a.0,
                issued_at: a.1,
                answer_due: a.2,
                answer: a.3,
                answered_at: a.4,
                decision: b.0,
                decision_reasons: b.1,
                decided_at: b.2,
            })
            .collect(),
        conciliation: conciliation.map(|(a, b)| ConciliationView {
            subject: a.1,
            opened_at: a.2,
            proposers_member: a.3,
            city_member: a.4,
            joint_member: a.5,
            joint_agreed_by_proposers: b.0,
            joint_agreed_by_city: b.1,
            sessions,
            proposal: b.2,
            closed_at: b.3,
        }),
        adherents,
        give_notice: ok(Action::GiveNotice),
        answer_notice: ok(Action::AnswerNotice),
        dismiss_notice: ok(Action::DismissNotice),
        exclude,
        leave,
        open_conciliation: ok(Action::OpenConciliation),
        name_conciliator: ok(Action::NameConciliator),
        record_conciliation: ok(Action::RecordConciliation),
        names_for_city: st.for_city(),
    }))
}
