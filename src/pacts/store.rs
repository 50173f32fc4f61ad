//! Reading and writing pacts: rows, the text of a version, the viewer's standing in a
//! pact, the facts the procedure needs, history lines and ledger entries. The
//! use-cases in `service` are built from these.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::deadlines::{self, DeadlineRules, DeadlineSettings, Pause};
use super::policy::{PactFacts, Party, StandIn, Ties};
use super::procedure::{
    Facts, Intensity, NoticeStage, PactState, PactType, SupportKind, Transition,
};
use super::text::{Header, PactText, SupportLine};
use crate::accounts::api as accounts;
use crate::db::AnyConnection;
use crate::db::schema::{
    pact_adherents, pact_commons, pact_cosigners, pact_events, pact_observations, pact_opinions,
    pact_reports, pact_signatures, pact_signing_offices, pact_support, pact_versions, pacts,
};
use crate::error::AppError;

pub use crate::kit::actor::Who;

/// What the services need from the configuration, and the time "now" (tests and the
/// deadline job pass their own).
#[derive(Debug, Clone)]
pub struct Env {
    pub base_url: String,
    pub city: String,
    pub rules: DeadlineRules,
    pub now: NaiveDateTime,
}

/// The city's deadline rules, from the plain settings of its configuration.
pub fn rules(config: &crate::config::Config) -> DeadlineRules {
    let c = config.pact_deadlines;
    DeadlineRules::with(DeadlineSettings {
        admissibility_days: c.admissibility,
        observation_days_ordinary: c.observation,
        observation_days_complex: c.observation_complex,
        review_days: c.review,
        report_reminder_days: c.reminder,
        max_duration_years: c.max_years,
    })
}

impl Env {
    /// The environment of a use-case run now, from the ports it was given.
    pub fn from_ports(ports: &crate::ports::Ports) -> Env {
        Env {
            base_url: ports
                .config
                .base_url
                .as_str()
                .trim_end_matches('/')
                .to_string(),
            city: ports.config.city_name.clone(),
            rules: rules(&ports.config),
            now: ports.clock.now(),
        }
    }

    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }

    pub fn pact_url(&self, id: i64) -> String {
        format!("{}/pacts/{id}", self.base_url.trim_end_matches('/'))
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pacts)]
pub struct PactRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub intensity: String,
    pub state: String,
    pub listed: bool,
    pub proposer_id: i64,
    pub group_id: Option<i64>,
    pub office_id: Option<i64>,
    pub act_number: Option<String>,
    pub district_id: Option<i64>,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub address: String,
    pub version: i64,
    pub frozen_sha256: Option<String>,
    pub signed_version: Option<i64>,
    pub signed_sha256: Option<String>,
    pub signed_ledger_index: Option<i64>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub next_report_due: Option<NaiveDate>,
    pub state_reasons: Option<String>,
    pub due_at: Option<NaiveDateTime>,
    pub state_since: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub published_at: Option<NaiveDateTime>,
    pub observation_closes_at: Option<NaiveDateTime>,
    pub signed_at: Option<NaiveDateTime>,
    /// The official responsible for the procedure (of the lead office).
    pub official_id: Option<i64>,
}

/// A pact as the services see it: its row with the codes parsed.
#[derive(Debug, Clone)]
pub struct Pact {
    pub row: PactRow,
    pub state: PactState,
    pub kind: PactType,
    pub intensity: Intensity,
}

impl std::ops::Deref for Pact {
    type Target = PactRow;
    fn deref(&self) -> &PactRow {
        &self.row
    }
}

fn bad(what: &str) -> AppError {
    AppError::internal(format!("unreadable stored pact field: {what}"))
}

pub fn load(conn: &mut AnyConnection, id: i64) -> Result<Pact, AppError> {
    let row: PactRow = pacts::table
        .find(id)
        .select(PactRow::as_select())
        .first(conn)?;
    Ok(Pact {
        state: PactState::parse(&row.state).ok_or_else(|| bad("state"))?,
        kind: PactType::parse(&row.kind).ok_or_else(|| bad("kind"))?,
        intensity: Intensity::parse(&row.intensity).ok_or_else(|| bad("intensity"))?,
        row,
    })
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = pact_versions)]
pub struct VersionRow {
    pub id: i64,
    pub pact_id: i64,
    pub number: i64,
    pub title: String,
    pub objectives: String,
    pub activities: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub commitments: String,
    pub public_use: String,
    pub risks: String,
    pub insurance_policy: String,
    pub insurer: String,
    pub insurance_expiry: Option<NaiveDate>,
    pub liability: String,
    pub reporting_months: i64,
    pub output_licence: String,
    pub termination: String,
    pub disputes: String,
    pub change_note: String,
    pub author_id: Option<i64>,
    pub text_sha256: Option<String>,
    pub created_at: NaiveDateTime,
}

/// One stored version: its number, note, author, hash when frozen, and text.
#[derive(Debug, Clone)]
pub struct Version {
    pub id: i64,
    pub number: i64,
    pub change_note: String,
    pub author_id: Option<i64>,
    pub text_sha256: Option<String>,
    pub created_at: NaiveDateTime,
    pub text: PactText,
}

pub fn version(conn: &mut AnyConnection, pact: i64, number: i64) -> Result<Version, AppError> {
    versions(conn, pact, &[number])?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Some versions of a pact with their texts, in the order of `numbers` (those that
/// exist): two queries however many.
pub fn versions(
    conn: &mut AnyConnection,
    pact: i64,
    numbers: &[i64],
) -> Result<Vec<Version>, AppError> {
    let rows: Vec<VersionRow> = pact_versions::table
        .filter(pact_versions::pact_id.eq(pact))
        .filter(pact_versions::number.eq_any(numbers))
        .select(VersionRow::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let lines: Vec<(i64, String, String, String, String)> = pact_support::table
        .filter(pact_support::version_id.eq_any(&ids))
        .order((pact_support::version_id.asc(), pact_support::position.asc()))
        .select((
            pact_support::version_id,
            pact_support::kind,
            pact_support::description,
            pact_support::quantity,
            pact_support::period,
        ))
        .load(conn)?;
    let mut out = Vec::new();
    for n in numbers {
        let Some(r) = rows.iter().find(|r| r.number == *n).cloned() else {
            continue;
        };
        let support = lines
            .iter()
            .filter(|l| l.0 == r.id)
            .map(|(_, k, description, quantity, period)| {
                Ok(SupportLine {
                    kind: SupportKind::parse(k).ok_or_else(|| bad("support kind"))?,
                    description: description.clone(),
                    quantity: quantity.clone(),
                    period: period.clone(),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        out.push(Version {
            id: r.id,
            number: r.number,
            change_note: r.change_note,
            author_id: r.author_id,
            text_sha256: r.text_sha256,
            created_at: r.created_at,
            text: PactText {
                title: r.title,
                objectives: r.objectives,
                activities: r.activities,
                start_date: r.start_date,
                end_date: r.end_date,
                commitments: r.commitments,
                public_use: r.public_use,
                risks: r.risks,
                insurance_policy: r.insurance_policy,
                insurer: r.insurer,
                insurance_expiry: r.insurance_expiry,
                liability: r.liability,
                reporting_months: r.reporting_months,
                output_licence: r.output_licence,
                termination: r.termination,
                disputes: r.disputes,
                support,
            },
        });
    }
    Ok(out)
}

/// Where a version's text goes.
pub enum Slot {
    /// A new version `number` of `pact`, written at `at`.
    New {
        pact: i64,
        number: i64,
        at: NaiveDateTime,
    },
    /// Over the version row with this id (a draft's only version, edited).
    Replace(i64),
}

/// Writes a version's text, its change note and author; returns the version row's id.
pub fn write_version(
    conn: &mut AnyConnection,
    slot: Slot,
    text: &PactText,
    note: &str,
    author: i64,
) -> Result<i64, AppError> {
    let values = (
        (
            pact_versions::title.eq(&text.title),
            pact_versions::objectives.eq(&text.objectives),
            pact_versions::activities.eq(&text.activities),
            pact_versions::start_date.eq(text.start_date),
            pact_versions::end_date.eq(text.end_date),
            pact_versions::commitments.eq(&text.commitments),
            pact_versions::public_use.eq(&text.public_use),
            pact_versions::risks.eq(&text.risks),
            pact_versions::insurance_policy.eq(&text.insurance_policy),
            pact_versions::insurer.eq(&text.insurer),
            pact_versions::insurance_expiry.eq(text.insurance_expiry),
            pact_versions::liability.eq(&text.liability),
        ),
        (
            pact_versions::reporting_months.eq(text.reporting_months),
            pact_versions::output_licence.eq(&text.output_licence),
            pact_versions::termination.eq(&text.termination),
            pact_versions::disputes.eq(&text.disputes),
            pact_versions::change_note.eq(note),
            pact_versions::author_id.eq(Some(author)),
        ),
    );
    let id = match slot {
        Slot::Replace(id) => {
            diesel::update(pact_versions::table.find(id))
                .set(values)
                .execute(conn)?;
            diesel::delete(pact_support::table.filter(pact_support::version_id.eq(id)))
                .execute(conn)?;
            id
        }
        Slot::New { pact, number, at } => diesel::insert_into(pact_versions::table)
            .values((
                pact_versions::pact_id.eq(pact),
                pact_versions::number.eq(number),
                pact_versions::created_at.eq(at),
                values,
            ))
            .returning(pact_versions::id)
            .get_result(conn)?,
    };
    for (i, l) in text.support.iter().enumerate() {
        diesel::insert_into(pact_support::table)
            .values((
                pact_support::version_id.eq(id),
                pact_support::position.eq(i64::try_from(i).unwrap_or(i64::MAX)),
                pact_support::kind.eq(l.kind.code()),
                pact_support::description.eq(&l.description),
                pact_support::quantity.eq(&l.quantity),
                pact_support::period.eq(&l.period),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// The ids of a pact's commons, in id order.
pub fn commons_of(conn: &mut AnyConnection, pact: i64) -> Result<Vec<i64>, AppError> {
    Ok(pact_commons::table
        .filter(pact_commons::pact_id.eq(pact))
        .order(pact_commons::commons_id.asc())
        .select(pact_commons::commons_id)
        .load(conn)?)
}

pub fn cosigners(conn: &mut AnyConnection, pact: i64) -> Result<Vec<i64>, AppError> {
    Ok(pact_cosigners::table
        .filter(pact_cosigners::pact_id.eq(pact))
        .order(pact_cosigners::user_id.asc())
        .select(pact_cosigners::user_id)
        .load(conn)?)
}

/// The user who acts for the proposing side: the proposer, or the group's referent.
pub fn proposer_party(conn: &mut AnyConnection, p: &Pact) -> Result<i64, AppError> {
    match p.group_id {
        Some(g) => accounts::group_referent(conn, g),
        None => Ok(p.proposer_id),
    }
}

/// One pact as the policy sees it, with the ties of `who` to it on `today` (who stands
/// in for whom depends on the day): a fixed number of queries whatever the pact's size.
pub fn pact_facts(
    conn: &mut AnyConnection,
    p: &Pact,
    who: Option<&Who>,
    today: NaiveDate,
) -> Result<PactFacts, AppError> {
    let asked: Vec<i64> = pact_opinions::table
        .filter(pact_opinions::pact_id.eq(p.id))
        .select(pact_opinions::office_id)
        .load(conn)?;
    let open_report = pact_reports::table
        .filter(pact_reports::pact_id.eq(p.id))
        .filter(pact_reports::evaluated_at.is_null())
        .count()
        .get_result::<i64>(conn)?
        > 0;
    let signed: Vec<(String, i64, Option<i64>)> = pact_signatures::table
        .filter(pact_signatures::pact_id.eq(p.id))
        .filter(pact_signatures::version.eq(p.version))
        .select((
            pact_signatures::party,
            pact_signatures::user_id,
            pact_signatures::office_id,
        ))
        .load(conn)?;
    let coordinating = accounts::coordinating_office(conn)?;
    let (notice, notice_answered) = notice_stage(conn, p.id, today)?;
    let conciliation = open_conciliation(conn, p.id)?;
    let ties = match who {
        None => Ties::default(),
        Some(w) => {
            let proposer_party = proposer_party(conn, p)?;
            let member = w.id == p.proposer_id
                || match p.group_id {
                    Some(g) => accounts::is_group_member(conn, g, w.id)?,
                    None => false,
                };
            let joined = pact_adherents::table
                .filter(pact_adherents::pact_id.eq(p.id))
                .filter(pact_adherents::user_id.eq(w.id))
                .count()
                .get_result::<i64>(conn)?
                > 0;
            let standing_in = if w.has(crate::kit::roles::Role::Official) {
                standing_in(conn, w.id, today)?
            } else {
                vec![]
            };
            Ties {
                proposer: w.id == proposer_party,
                member,
                cosigner: cosigners(conn, p.id)?.contains(&w.id),
                offices: accounts::offices_of(conn, w.id)?,
                standing_in,
                joined,
                signed: signed
                    .iter()
                    .filter(|(_, u, _)| *u == w.id)
                    .filter_map(|(party, _, _)| Party::parse(party))
                    .collect(),
            }
        }
    };
    Ok(PactFacts {
        state: p.state,
        published: p.published_at.is_some(),
        office: p.office_id,
        coordinating,
        official: p.official_id,
        asked,
        signing_offices: signing_offices(conn, p)?,
        signed_offices: signed
            .iter()
            .filter(|(party, _, _)| party == Party::City.code())
            .filter_map(|(_, _, o)| *o)
            .collect(),
        open_report,
        notice,
        notice_answered,
        conciliation_open: conciliation.is_some(),
        committee_formed: conciliation.as_ref().is_some_and(Conciliation::formed),
        ties,
    })
}

/// The open notice of a pact (not decided yet), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: i64,
    pub answer_due: NaiveDate,
    pub answered: bool,
}

pub fn open_notice(conn: &mut AnyConnection, pact: i64) -> Result<Option<Notice>, AppError> {
    use crate::db::schema::pact_notices as n;
    let row: Option<(i64, NaiveDate, Option<NaiveDateTime>)> = n::table
        .filter(n::pact_id.eq(pact))
        .filter(n::decided_at.is_null())
        .order(n::id.desc())
        .select((n::id, n::answer_due, n::answered_at))
        .first(conn)
        .optional()?;
    Ok(row.map(|(id, answer_due, answered)| Notice {
        id,
        answer_due,
        answered: answered.is_some(),
    }))
}

/// Where the due process stands on `today`, and whether the notice was answered.
pub fn notice_stage(
    conn: &mut AnyConnection,
    pact: i64,
    today: NaiveDate,
) -> Result<(NoticeStage, bool), AppError> {
    Ok(match open_notice(conn, pact)? {
        None => (NoticeStage::None, false),
        Some(n) if n.answered || today > n.answer_due => (NoticeStage::Ripe, n.answered),
        Some(_) => (NoticeStage::Answering, false),
    })
}

/// The open conciliation of a pact, as far as the policy cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conciliation {
    pub id: i64,
    pub proposers_member: String,
    pub city_member: String,
    pub joint_member: String,
    pub joint_agreed_by_proposers: bool,
    pub joint_agreed_by_city: bool,
}

impl Conciliation {
    /// Three members named, the joint one agreed by both sides.
    pub fn formed(&self) -> bool {
        !self.proposers_member.is_empty()
            && !self.city_member.is_empty()
            && !self.joint_member.is_empty()
            && self.joint_agreed_by_proposers
            && self.joint_agreed_by_city
    }
}

pub fn open_conciliation(
    conn: &mut AnyConnection,
    pact: i64,
) -> Result<Option<Conciliation>, AppError> {
    use crate::db::schema::pact_conciliations as c;
    let row: Option<(i64, String, String, String, bool, bool)> = c::table
        .filter(c::pact_id.eq(pact))
        .filter(c::closed_at.is_null())
        .order(c::id.desc())
        .select((
            c::id,
            c::proposers_member,
            c::city_member,
            c::joint_member,
            c::joint_agreed_by_proposers,
            c::joint_agreed_by_city,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(id, p, ci, j, ap, ac)| Conciliation {
        id,
        proposers_member: p,
        city_member: ci,
        joint_member: j,
        joint_agreed_by_proposers: ap,
        joint_agreed_by_city: ac,
    }))
}

/// The absent colleagues `uid` stands in for on `today`, as the policy sees them.
fn standing_in(
    conn: &mut AnyConnection,
    uid: i64,
    today: NaiveDate,
) -> Result<Vec<StandIn>, AppError> {
    Ok(accounts::substitutions_of(conn, uid, today)?
        .into_iter()
        .map(|s| StandIn {
            absent: s.absent,
            office: s.office,
            signatory: s.signatory,
        })
        .collect())
}

/// What the officials' queue shows `who` on `today`, and the colleagues they stand
/// in for (by id).
pub fn queue_scope(
    conn: &mut AnyConnection,
    who: &Who,
    today: NaiveDate,
) -> Result<
    (
        Result<crate::pacts::policy::QueueScope, crate::pacts::policy::Denial>,
        Vec<i64>,
    ),
    AppError,
> {
    let offices = accounts::offices_of(conn, who.id)?;
    let coordinating = accounts::coordinating_office(conn)?;
    let standing_in = standing_in(conn, who.id, today)?;
    let absent = standing_in.iter().map(|s| s.absent).collect();
    Ok((
        crate::pacts::policy::queue_scope(who, &offices, coordinating, &standing_in),
        absent,
    ))
}

/// The offices that sign a pact for the city: its lead office, then the others the
/// pact names (a district council), in id order.
pub fn signing_offices(conn: &mut AnyConnection, p: &Pact) -> Result<Vec<i64>, AppError> {
    let mut out: Vec<i64> = p.office_id.into_iter().collect();
    let more: Vec<i64> = pact_signing_offices::table
        .filter(pact_signing_offices::pact_id.eq(p.id))
        .order(pact_signing_offices::office_id.asc())
        .select(pact_signing_offices::office_id)
        .load(conn)?;
    out.extend(more.into_iter().filter(|o| Some(*o) != p.office_id));
    Ok(out)
}

/// A party who must sign: its role (`proposer`, `cosigner`), the user, the group.
pub type SigningParty = (&'static str, i64, Option<i64>);

/// The parties who must sign a version.
pub fn signing_parties(conn: &mut AnyConnection, p: &Pact) -> Result<Vec<SigningParty>, AppError> {
    let mut out = vec![("proposer", proposer_party(conn, p)?, p.group_id)];
    for c in cosigners(conn, p.id)? {
        out.push(("cosigner", c, None));
    }
    Ok(out)
}

/// A proposal's short form besides its text: who takes part, what they ask of the
/// city, the call it answers (id and title).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShortProposal {
    pub participants: String,
    pub ask: String,
    pub call: Option<(i64, String)>,
}

/// The short proposal of a pact (empty for a pact proposed before short proposals).
pub fn short_proposal(conn: &mut AnyConnection, pact: i64) -> Result<ShortProposal, AppError> {
    use crate::db::schema::{pact_calls, pact_proposals};
    let row: Option<(String, String, Option<i64>, Option<String>)> = pact_proposals::table
        .left_join(pact_calls::table)
        .filter(pact_proposals::pact_id.eq(pact))
        .select((
            pact_proposals::participants,
            pact_proposals::ask,
            pact_proposals::call_id,
            pact_calls::title.nullable(),
        ))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((participants, ask, call, title)) => ShortProposal {
            participants,
            ask,
            call: call.map(|c| (c, title.unwrap_or_default())),
        },
        None => ShortProposal::default(),
    })
}

/// The facts the procedure checks, read from the database.
pub fn facts(conn: &mut AnyConnection, p: &Pact, env: &Env) -> Result<Facts, AppError> {
    let unanswered: i64 = pact_observations::table
        .filter(pact_observations::pact_id.eq(p.id))
        .filter(pact_observations::reply.is_null())
        .filter(pact_observations::taken_into_account.eq(false))
        .count()
        .get_result(conn)?;
    let requested: i64 = pact_opinions::table
        .filter(pact_opinions::pact_id.eq(p.id))
        .count()
        .get_result(conn)?;
    let given: i64 = pact_opinions::table
        .filter(pact_opinions::pact_id.eq(p.id))
        .filter(pact_opinions::opinion.is_not_null())
        .count()
        .get_result(conn)?;
    let needed = signing_parties(conn, p)?.len() + signing_offices(conn, p)?.len().max(1);
    let signed: i64 = pact_signatures::table
        .filter(pact_signatures::pact_id.eq(p.id))
        .filter(pact_signatures::version.eq(p.version))
        .count()
        .get_result(conn)?;
    let v = version(conn, p.id, p.version)?;
    let n = |x: i64| u32::try_from(x.max(0)).unwrap_or(u32::MAX);
    Ok(Facts {
        state: p.state,
        kind: p.kind,
        has_act_number: p
            .act_number
            .as_deref()
            .is_some_and(|a| !a.trim().is_empty()),
        unanswered_observations: n(unanswered),
        opinions_requested: n(requested),
        opinions_given: n(given),
        signatures_needed: u32::try_from(needed).unwrap_or(u32::MAX),
        signatures_given: n(signed),
        observation_over: p.observation_closes_at.is_some_and(|c| env.now >= c),
        proposal_complete: !v.text.objectives.is_empty()
            && pact_commons::table
                .filter(pact_commons::pact_id.eq(p.id))
                .count()
                .get_result::<i64>(conn)?
                > 0,
        text_complete: v.text.missing().is_empty(),
        open_report: pact_reports::table
            .filter(pact_reports::pact_id.eq(p.id))
            .filter(pact_reports::evaluated_at.is_null())
            .count()
            .get_result::<i64>(conn)?
            > 0,
        notice: notice_stage(conn, p.id, env.today())?.0,
    })
}

/// The stretches the pact waited for documents (from its history).
fn pauses(conn: &mut AnyConnection, pact: i64) -> Result<Vec<Pause>, AppError> {
    let rows: Vec<(String, NaiveDateTime)> = pact_events::table
        .filter(pact_events::pact_id.eq(pact))
        .filter(pact_events::kind.eq_any([
            Transition::RequestIntegration.code(),
            Transition::Integrate.code(),
        ]))
        .order(pact_events::id.asc())
        .select((pact_events::kind, pact_events::at))
        .load(conn)?;
    let mut out: Vec<Pause> = Vec::new();
    for (kind, at) in rows {
        if kind == Transition::RequestIntegration.code() {
            out.push(Pause {
                start: at,
                end: None,
            });
        } else if let Some(last) = out.last_mut()
            && last.end.is_none()
        {
            last.end = Some(at);
        }
    }
    Ok(out)
}

/// The next deadline of a pact in `state` (what the officials' queue sorts by).
pub fn due_at(
    conn: &mut AnyConnection,
    p: &Pact,
    state: PactState,
    env: &Env,
    since: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, AppError> {
    let rules = &env.rules;
    Ok(match state {
        PactState::Submitted => match p.submitted_at {
            Some(s) => deadlines::admissibility_due(rules, s, &pauses(conn, p.id)?),
            None => None,
        },
        PactState::Published => p.observation_closes_at,
        PactState::InReview | PactState::Monitoring => Some(deadlines::review_due(rules, since)),
        PactState::Signed => p.next_report_due.and_then(|d| d.and_hms_opt(0, 0, 0)),
        _ => None,
    })
}

/// Appends a line to the pact's history; returns its id.
#[allow(clippy::too_many_arguments)]
pub fn event(
    conn: &mut AnyConnection,
    pact: i64,
    kind: &str,
    from: Option<PactState>,
    to: Option<PactState>,
    actor: Option<i64>,
    role: &str,
    reasons: Option<&str>,
    version: Option<i64>,
    ledger_index: Option<i64>,
    at: NaiveDateTime,
) -> Result<i64, AppError> {
    super::search_sync::enqueue(conn, pact)?;
    // A colleague standing in for the absent responsible official acts on their
    // behalf, and the history says so.
    let on_behalf_of = match actor {
        Some(a) => {
            let official: Option<i64> = pacts::table
                .find(pact)
                .select(pacts::official_id)
                .first(conn)?;
            match official.filter(|o| *o != a) {
                Some(o) if accounts::acting_for(conn, o, at.date())? == a => Some(o),
                _ => None,
            }
        }
        None => None,
    };
    Ok(diesel::insert_into(pact_events::table)
        .values((
            (
                pact_events::pact_id.eq(pact),
                pact_events::kind.eq(kind),
                pact_events::from_state.eq(from.map(|s| s.code())),
                pact_events::to_state.eq(to.map(|s| s.code())),
                pact_events::actor_id.eq(actor),
                pact_events::actor_role.eq(role),
            ),
            (
                pact_events::reasons.eq(reasons),
                pact_events::version.eq(version),
                pact_events::ledger_index.eq(ledger_index),
                pact_events::at.eq(at),
                pact_events::on_behalf_of.eq(on_behalf_of),
            ),
        ))
        .returning(pact_events::id)
        .get_result(conn)?)
}

/// Adds to a history line on whose behalf it was done (a substitute's signature) and
/// what a routing step decided (`detail`: ids and codes).
pub fn event_note(
    conn: &mut AnyConnection,
    event: i64,
    on_behalf_of: Option<i64>,
    detail: Option<&str>,
) -> Result<(), AppError> {
    if let Some(b) = on_behalf_of {
        diesel::update(pact_events::table.find(event))
            .set(pact_events::on_behalf_of.eq(Some(b)))
            .execute(conn)?;
    }
    if let Some(d) = detail {
        diesel::update(pact_events::table.find(event))
            .set(pact_events::detail.eq(Some(d)))
            .execute(conn)?;
    }
    Ok(())
}

/// The fixed header of a version's canonical text.
pub fn header(conn: &mut AnyConnection, p: &Pact, number: i64) -> Result<Header, AppError> {
    let commons = commons_of(conn, p.id)?;
    let mut cos = Vec::new();
    for c in cosigners(conn, p.id)? {
        cos.push(accounts::pseudonym(conn, c)?);
    }
    Ok(Header {
        pact_id: p.id,
        version: number,
        kind: p.kind.code(),
        intensity: p.intensity.code(),
        commons,
        proposer: accounts::pseudonym(conn, p.proposer_id)?,
        group: p.group_id,
        cosigners: cos,
        office: accounts::office_slug(conn, p.office_id)?,
        act_number: p.act_number.clone().unwrap_or_default(),
    })
}

/// The canonical text of a version and its SHA-256.
pub fn canonical(conn: &mut AnyConnection, p: &Pact, number: i64) -> Result<String, AppError> {
    let h = header(conn, p, number)?;
    Ok(super::text::canonical(
        &h,
        &version(conn, p.id, number)?.text,
    ))
}

/// A ledger entry about a pact: ids, codes and hashes only. Once signed, every entry
/// carries the signed text's hash.
pub fn ledger_entry(
    conn: &mut AnyConnection,
    p: &Pact,
    kind: &str,
    by: Option<i64>,
    role: &str,
) -> Result<crate::ledger::entry::Entry, AppError> {
    let mut e = crate::ledger::entry::Entry::new(&format!("pact.{kind}"))
        .with("pact", p.id)
        .with("type", p.kind.code())
        .with("role", role)
        .with("commons", commons_of(conn, p.id)?);
    if let Some(b) = by {
        e = e.with("by", accounts::pseudonym(conn, b)?);
    }
    let office = accounts::office_slug(conn, p.office_id)?;
    if !office.is_empty() {
        e = e.with("office", office);
    }
    if let Some(d) = p.district_id
        && let Some(d) = crate::commons::api::district(conn, d)?
    {
        e = e.with("district", d.slug);
    }
    if let (Some(v), Some(h)) = (p.signed_version, p.signed_sha256.as_deref()) {
        e = e.with("signed_version", v).with("text_sha256", h);
    }
    Ok(e)
}

/// Appends a pact entry (checked against its declaration in `ledger::kinds`).
pub fn append(conn: &mut AnyConnection, e: &crate::ledger::entry::Entry) -> Result<i64, AppError> {
    crate::ledger::kinds::append(conn, e)
}
