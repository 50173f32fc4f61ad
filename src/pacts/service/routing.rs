//! How a proposal reaches the right office (DOMAIN.md, "Office"): the coordinating
//! office screens admissibility and routes each pact to a lead office, contributing
//! offices (asked for their technical opinion) and, if it chooses, the official
//! responsible for the procedure; it confirms or changes the type the citizen proposed
//! until publication, says whether the district council signs too, and may move the
//! pact to another lead office until the text is frozen for signature, with reasons
//! kept in the history.

use diesel::prelude::*;

use super::{MAX_BODY, allow};
use crate::accounts::api as accounts;
use crate::db::AnyConnection;
use crate::db::schema::{pact_opinions, pact_signing_offices, pacts};
use crate::error::AppError;
use crate::kit::roles::Role;
use crate::pacts::notify::{self, notify};
use crate::pacts::policy::Action;
use crate::pacts::procedure::{self, PactType};
use crate::pacts::store::{self, Env, Pact, Who};
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};

/// Most contributing offices of one pact.
pub const MAX_CONTRIBUTING: usize = 10;

/// What the coordinating office decides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routing {
    /// The lead office (required).
    pub lead: Option<i64>,
    /// Offices asked for their technical opinion besides the lead.
    pub contributing: Vec<i64>,
    /// The official responsible for the procedure, of the lead office (none: any
    /// official of the lead office acts).
    pub official: Option<i64>,
    /// The district council signs for the city too.
    pub council_signs: bool,
    /// The type confirmed or changed (before publication only).
    pub kind: Option<PactType>,
}

/// Checks a routing against the pact and the offices; writes it to `p` and the
/// tables, and returns what the history line records (ids and codes).
pub(super) fn apply(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    p: &mut Pact,
    r: &Routing,
    reasons: &str,
) -> Result<String, Refusal> {
    let mut errors = FormErrors::new();
    let lead = match r.lead {
        None => {
            errors.add("office", "field-pact-office-required");
            0
        }
        Some(o) => {
            if accounts::office(conn, o)?.is_none() {
                errors.add("office", "field-pact-office-invalid");
            }
            o
        }
    };
    let mut contributing: Vec<i64> = r
        .contributing
        .iter()
        .copied()
        .filter(|o| *o != lead)
        .collect();
    contributing.sort_unstable();
    contributing.dedup();
    if contributing.len() > MAX_CONTRIBUTING {
        errors.add("contributing", "field-pact-too-many-offices");
    } else if accounts::office_names_of(conn, &contributing)?.len() != contributing.len() {
        errors.add("contributing", "field-pact-office-invalid");
    }
    if let Some(u) = r.official
        && !(accounts::officials_of(conn, lead)?.contains(&u)
            && accounts::has_role(conn, u, Role::Official)?)
    {
        errors.add("official", "field-pact-official-invalid");
    }
    let council = if r.council_signs {
        let c = match p.district_id {
            Some(d) => accounts::council_of(conn, d)?,
            None => None,
        };
        if c.is_none() {
            errors.add("council", "field-pact-no-council");
        }
        c
    } else {
        None
    };
    let kind = r.kind.unwrap_or(p.kind);
    if kind != p.kind && p.published_at.is_some() {
        errors.add("type", "field-pact-type-fixed");
    }
    let moved = p.office_id.is_some_and(|o| o != lead);
    if moved && reasons.trim().chars().count() < procedure::MIN_REASONS_CHARS {
        errors.add("reasons", "pact-route-reasons");
    }
    if reasons.chars().count() > MAX_BODY {
        errors.add("reasons", "field-text-too-long");
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    // Contributing offices are asked for their opinion; an office no longer
    // contributing is released unless it has already given it.
    let asked: Vec<(i64, bool)> = pact_opinions::table
        .filter(pact_opinions::pact_id.eq(p.id))
        .select((
            pact_opinions::office_id,
            pact_opinions::opinion.is_not_null(),
        ))
        .load(conn)?;
    let released: Vec<i64> = asked
        .iter()
        .filter(|(o, given)| !given && !contributing.contains(o))
        .map(|(o, _)| *o)
        .collect();
    diesel::delete(
        pact_opinions::table
            .filter(pact_opinions::pact_id.eq(p.id))
            .filter(pact_opinions::office_id.eq_any(&released)),
    )
    .execute(conn)?;
    for o in contributing
        .iter()
        .filter(|o| !asked.iter().any(|a| a.0 == **o))
    {
        diesel::insert_into(pact_opinions::table)
            .values((
                pact_opinions::pact_id.eq(p.id),
                pact_opinions::office_id.eq(o),
                pact_opinions::requested_by.eq(Some(who.id)),
                pact_opinions::requested_at.eq(env.now),
            ))
            .execute(conn)?;
        let members = notify::officials(conn, Some(*o))?;
        notify(conn, env, &members, p, "opinion-requested")?;
    }
    diesel::delete(pact_signing_offices::table.filter(pact_signing_offices::pact_id.eq(p.id)))
        .execute(conn)?;
    if let Some(c) = council.filter(|c| *c != lead) {
        diesel::insert_into(pact_signing_offices::table)
            .values((
                pact_signing_offices::pact_id.eq(p.id),
                pact_signing_offices::office_id.eq(c),
            ))
            .execute(conn)?;
    }
    let newly_assigned = p.office_id != Some(lead) || p.official_id != r.official;
    diesel::update(pacts::table.find(p.id))
        .set((
            pacts::office_id.eq(Some(lead)),
            pacts::official_id.eq(r.official),
            pacts::kind.eq(kind.code()),
            pacts::updated_at.eq(env.now),
        ))
        .execute(conn)?;
    let mut detail = format!("lead={lead}");
    if let Some(from) = p.office_id.filter(|o| *o != lead) {
        detail.push_str(&format!(";from={from}"));
    }
    if !contributing.is_empty() {
        let list: Vec<String> = contributing.iter().map(|o| o.to_string()).collect();
        detail.push_str(&format!(";contributing={}", list.join(",")));
    }
    if let Some(u) = r.official {
        detail.push_str(&format!(";official={u}"));
    }
    if let Some(c) = council {
        detail.push_str(&format!(";council={c}"));
    }
    if kind != p.kind {
        detail.push_str(&format!(";type={}>{}", p.kind.code(), kind.code()));
    }
    p.row.office_id = Some(lead);
    p.row.official_id = r.official;
    p.row.kind = kind.code().to_string();
    p.kind = kind;
    if newly_assigned && p.published_at.is_some() {
        let to = notify::city(conn, p, env.today())?;
        notify(conn, env, &to, p, "assigned")?;
    }
    Ok(detail)
}

/// The coordinating office routes (or re-routes) a pact before its text is frozen.
pub fn route_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    r: &Routing,
    reasons: &str,
) -> Result<(), Refusal> {
    let mut p = store::load(conn, id)?;
    allow(conn, env, &p, Some(who), Action::Route)?;
    let reasons = crate::pacts::text::normalise(reasons);
    let detail = apply(conn, env, who, &mut p, r, &reasons)?;
    let eid = store::event(
        conn,
        id,
        "routed",
        None,
        None,
        Some(who.id),
        if who.has(Role::Official) {
            "official"
        } else {
            "admin"
        },
        Some(reasons.as_str()).filter(|r| !r.is_empty()),
        None,
        None,
        env.now,
    )?;
    store::event_note(conn, eid, None, Some(&detail))?;
    Ok(())
}

/// The coordinating office routes a pact (see [`route_in`]).
pub async fn route(
    ports: &Ports,
    who: &Who,
    id: i64,
    r: Routing,
    reasons: String,
) -> Result<(), Refusal> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| route_in(conn, &env, &who, id, &r, &reasons))
        .await
}

/// Parses the routing form's ids (empty: none); a malformed id is a bad request.
pub fn parse_id(v: &str) -> Result<Option<i64>, AppError> {
    match v.trim() {
        "" => Ok(None),
        s => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::BadRequest("error-bad-request")),
    }
}
