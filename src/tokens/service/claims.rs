//! Claims (DOMAIN.md, "Claim"): a person, or a member for their group, claims the
//! avoided emissions of an asset or meter for a finished period under a published
//! methodology version. The reduction is computed from the activity data (shown before
//! submitting: [`preview_in`]); evidence files are cleaned of their metadata and stored
//! by hash, never put on the ledger. The same asset cannot be claimed twice under the
//! same methodology (any version) for periods that share a day: the check runs inside
//! the claim's transaction under the ledger's lock, which every token write takes
//! first, so two racing claims are decided one after the other and the second refused.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::requests::{self, Receipt};
use crate::accounts::api::{self as accounts, Who};
use crate::db::AnyConnection;
use crate::db::schema::{
    token_assets, token_claims, token_evidence, token_methodologies, token_reviews,
};
use crate::error::AppError;
use crate::kit::refusal::FormErrors;
use crate::tokens::model::claim::{ClaimInput, ClaimPeriod};
use crate::tokens::model::methodology::{self, ComputeError, Document, Reduction};
use crate::tokens::model::review::{self, ClaimState, Decision};
use crate::tokens::policy::{self, Action, ClaimFacts, Object};
use crate::tokens::store;
use crate::web::forms::Refusal;

/// Evidence files one claim may hold.
pub const MAX_EVIDENCE: i64 = 10;

/// A claim as typed: its identity and period, for whom, and the activity data by
/// input name.
#[derive(Debug, Clone, Default)]
pub struct ClaimForm {
    pub input: ClaimInput,
    /// A group's id, when claiming for a group.
    pub group: String,
    pub activity: Vec<(String, String)>,
    pub idempotency_key: String,
}

/// A published methodology as stored.
#[derive(Debug, Clone)]
pub struct MethodologyRow {
    pub id: i64,
    pub document: Document,
    pub sha256: String,
    pub published_at: NaiveDateTime,
}

type MethRow = (i64, String, String, NaiveDateTime);

fn meth(r: MethRow) -> Result<MethodologyRow, AppError> {
    let document: Document = serde_json::from_str(&r.1)
        .map_err(|e| AppError::internal(format!("methodology {}: {e}", r.0)))?;
    Ok(MethodologyRow {
        id: r.0,
        document,
        sha256: r.2,
        published_at: r.3,
    })
}

/// A published methodology by code and version.
pub fn methodology(
    conn: &mut AnyConnection,
    code: &str,
    version: u32,
) -> Result<Option<MethodologyRow>, AppError> {
    let r: Option<MethRow> = token_methodologies::table
        .filter(token_methodologies::code.eq(code))
        .filter(token_methodologies::version.eq(i64::from(version)))
        .select((
            token_methodologies::id,
            token_methodologies::document,
            token_methodologies::document_sha256,
            token_methodologies::published_at,
        ))
        .first(conn)
        .optional()?;
    r.map(meth).transpose()
}

/// Every published methodology, by code then version (a registry ships a few dozen).
pub fn methodologies(conn: &mut AnyConnection) -> Result<Vec<MethodologyRow>, AppError> {
    let rows: Vec<MethRow> = token_methodologies::table
        .order((
            token_methodologies::code.asc(),
            token_methodologies::version.asc(),
        ))
        .limit(500)
        .select((
            token_methodologies::id,
            token_methodologies::document,
            token_methodologies::document_sha256,
            token_methodologies::published_at,
        ))
        .load(conn)?;
    rows.into_iter().map(meth).collect()
}

/// A claim checked and computed, not yet written.
#[derive(Debug, Clone)]
pub struct Checked {
    pub period: ClaimPeriod,
    pub methodology: MethodologyRow,
    pub reduction: Reduction,
    /// The activity data, only the methodology's inputs, trimmed.
    pub activity: Vec<(String, String)>,
}

/// Checks a claim's form and computes its reduction (what the preview shows).
pub fn preview_in(
    conn: &mut AnyConnection,
    f: &ClaimForm,
    today: NaiveDate,
) -> Result<Checked, FormErrors> {
    let period = ClaimPeriod::validate(&f.input, today);
    let m = match &period {
        Ok(p) => methodology(conn, &p.methodology, p.version).ok().flatten(),
        Err(_) => None,
    };
    let mut e = period.clone().err().unwrap_or_default();
    let Some(m) = m else {
        e.add("methodology", "field-claim-methodology-invalid");
        return Err(e);
    };
    let Some((model, table)) = m.document.methodology() else {
        e.add("methodology", "field-claim-methodology-invalid");
        return Err(e);
    };
    let activity: Vec<(String, String)> = model
        .inputs
        .iter()
        .map(|i| {
            let v = f
                .activity
                .iter()
                .find(|(k, _)| k == i.name)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default();
            (i.name.to_string(), v)
        })
        .collect();
    let pairs: Vec<(&str, &str)> = activity
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let reduction = match methodology::compute(&model, &table, &pairs) {
        Ok(r) => Some(r),
        Err(ComputeError::Input(name)) => {
            e.add(name, "field-claim-activity-invalid");
            None
        }
        Err(_) => {
            e.add("methodology", "field-claim-methodology-invalid");
            None
        }
    };
    if reduction.as_ref().is_some_and(|r| r.tokens == 0) {
        e.add("activity", "field-claim-too-small");
    }
    match (period, reduction) {
        (Ok(period), Some(reduction)) if e.is_empty() => Ok(Checked {
            period,
            methodology: m,
            reduction,
            activity,
        }),
        _ => Err(e),
    }
}

/// An evidence file already cleaned and stored under its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub sha256: String,
    pub mime: String,
    pub bytes: i64,
    pub label: String,
}

fn add_evidence(
    conn: &mut AnyConnection,
    claim: i64,
    who: i64,
    files: &[Evidence],
    now: NaiveDateTime,
) -> Result<(), Refusal> {
    let held: i64 = token_evidence::table
        .filter(token_evidence::claim_id.eq(claim))
        .count()
        .get_result(conn)?;
    if held + files.len() as i64 > MAX_EVIDENCE {
        return Err(Refusal::field("file", "field-claim-evidence-too-many"));
    }
    for f in files {
        let inserted = diesel::insert_into(token_evidence::table)
            .values((
                token_evidence::claim_id.eq(claim),
                token_evidence::sha256.eq(&f.sha256),
                token_evidence::mime.eq(&f.mime),
                token_evidence::bytes.eq(f.bytes),
                token_evidence::label.eq(&f.label),
                token_evidence::uploaded_by.eq(who),
                token_evidence::uploaded_at.eq(now),
            ))
            .execute(conn);
        match inserted {
            Err(e) if crate::db::is_unique_violation(&e) => {}
            other => {
                other?;
            }
        }
    }
    Ok(())
}

/// The asset's row for a methodology code, made on first claim.
fn asset_row(conn: &mut AnyConnection, code: &str, asset: &str) -> Result<i64, AppError> {
    let find = |conn: &mut AnyConnection| -> Result<Option<i64>, AppError> {
        Ok(token_assets::table
            .filter(token_assets::methodology_code.eq(code))
            .filter(token_assets::asset.eq(asset))
            .select(token_assets::id)
            .first(conn)
            .optional()?)
    };
    if let Some(id) = find(conn)? {
        return Ok(id);
    }
    diesel::insert_into(token_assets::table)
        .values((
            token_assets::methodology_code.eq(code),
            token_assets::asset.eq(asset),
        ))
        .execute(conn)?;
    find(conn)?.ok_or_else(|| AppError::internal("an asset row just made is missing"))
}

/// Claims of the asset still standing (not rejected or withdrawn) whose period shares
/// a day with `starts_on..=ends_on`.
pub fn overlapping(
    conn: &mut AnyConnection,
    asset: i64,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Result<i64, AppError> {
    Ok(token_claims::table
        .filter(token_claims::asset_id.eq(asset))
        .filter(
            token_claims::state.ne_all([ClaimState::Rejected.code(), ClaimState::Withdrawn.code()]),
        )
        .filter(token_claims::starts_on.le(ends_on))
        .filter(token_claims::ends_on.ge(starts_on))
        .count()
        .get_result(conn)?)
}

/// Files a claim in the programme `slug` (under the ledger's lock: see the module),
/// without a district.
pub fn submit_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    f: &ClaimForm,
    files: &[Evidence],
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    submit_located_in(conn, who, slug, f, "", files, now)
}

/// Files a claim whose asset is in `district` (an id, or empty for none given).
pub fn submit_located_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    f: &ClaimForm,
    district: &str,
    files: &[Evidence],
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    let district = match district.trim() {
        "" => None,
        d => match d.parse::<i64>().ok() {
            Some(id) if crate::commons::api::district(conn, id)?.is_some() => Some(id),
            _ => return Err(Refusal::field("district", "field-claim-district-invalid")),
        },
    };
    let p = store::programme_by_slug(conn, slug)?;
    let group = match f.group.trim() {
        "" => None,
        g => Some(
            g.parse::<i64>()
                .map_err(|_| Refusal::field("group", "field-claim-group-invalid"))?,
        ),
    };
    let for_group = match group {
        Some(g) => Some(accounts::is_group_member(conn, g, who.id)?),
        None => None,
    };
    policy::may(Some(who), &Object::Programme, Action::Claim { for_group })?;
    let c = preview_in(conn, f, now.date())?;
    let asset = asset_row(conn, &c.period.methodology, &c.period.asset)?;
    if overlapping(conn, asset, c.period.starts_on, c.period.ends_on)? > 0 {
        return Err(Refusal::field("starts_on", "field-claim-overlap"));
    }
    let activity: serde_json::Map<String, serde_json::Value> = c
        .activity
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
        .collect();
    let id: i64 = diesel::insert_into(token_claims::table)
        .values((
            token_claims::programme_id.eq(p.id),
            token_claims::methodology_id.eq(c.methodology.id),
            token_claims::asset_id.eq(asset),
            token_claims::claimant_id.eq(who.id),
            token_claims::group_id.eq(group),
            token_claims::starts_on.eq(c.period.starts_on),
            token_claims::ends_on.eq(c.period.ends_on),
            token_claims::activity.eq(serde_json::Value::Object(activity).to_string()),
            token_claims::avoided_grams.eq(c.reduction.avoided_grams),
            token_claims::tokens.eq(c.reduction.tokens),
            token_claims::state.eq(ClaimState::Submitted.code()),
            token_claims::submitted_at.eq(now),
            token_claims::updated_at.eq(now),
            token_claims::district_id.eq(district),
        ))
        .returning(token_claims::id)
        .get_result(conn)?;
    add_evidence(conn, id, who.id, files, now)?;
    Ok(Receipt::new("claim", id))
}

/// A claim as stored.
#[derive(Debug, Clone)]
pub struct Claim {
    pub id: i64,
    pub programme_id: i64,
    pub methodology_id: i64,
    pub asset_id: i64,
    pub claimant_id: i64,
    pub group_id: Option<i64>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub activity: String,
    pub avoided_grams: i64,
    pub tokens: i64,
    pub state: ClaimState,
    pub submitted_at: NaiveDateTime,
}

type ClaimRow = (
    i64,
    i64,
    i64,
    i64,
    i64,
    Option<i64>,
    NaiveDate,
    NaiveDate,
    String,
    i64,
    i64,
    String,
    NaiveDateTime,
);

macro_rules! claim_columns {
    () => {
        (
            token_claims::id,
            token_claims::programme_id,
            token_claims::methodology_id,
            token_claims::asset_id,
            token_claims::claimant_id,
            token_claims::group_id,
            token_claims::starts_on,
            token_claims::ends_on,
            token_claims::activity,
            token_claims::avoided_grams,
            token_claims::tokens,
            token_claims::state,
            token_claims::submitted_at,
        )
    };
}
pub(crate) use claim_columns;

pub(crate) fn claim(r: ClaimRow) -> Result<Claim, AppError> {
    Ok(Claim {
        id: r.0,
        programme_id: r.1,
        methodology_id: r.2,
        asset_id: r.3,
        claimant_id: r.4,
        group_id: r.5,
        starts_on: r.6,
        ends_on: r.7,
        activity: r.8,
        avoided_grams: r.9,
        tokens: r.10,
        state: ClaimState::parse(&r.11)
            .ok_or_else(|| AppError::internal(format!("claim {}: state {:?}", r.0, r.11)))?,
        submitted_at: r.12,
    })
}

pub fn load(conn: &mut AnyConnection, id: i64) -> Result<Claim, AppError> {
    let r: ClaimRow = token_claims::table
        .find(id)
        .select(claim_columns!())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    claim(r)
}

/// Who gave the standing first approval of a claim in second review.
pub fn first_approver(conn: &mut AnyConnection, c: &Claim) -> Result<Option<i64>, AppError> {
    if c.state != ClaimState::SecondReview {
        return Ok(None);
    }
    Ok(token_reviews::table
        .filter(token_reviews::claim_id.eq(c.id))
        .filter(token_reviews::decision.eq(Decision::Approve.code()))
        .order(token_reviews::id.desc())
        .select(token_reviews::user_id)
        .first(conn)
        .optional()?)
}

/// The facts the policy reads about `who` and a claim.
pub fn facts(
    conn: &mut AnyConnection,
    c: &Claim,
    who: Option<&Who>,
) -> Result<ClaimFacts, AppError> {
    let Some(w) = who else {
        return Ok(ClaimFacts {
            state: c.state,
            filed: false,
            group_member: false,
            accredited: false,
            approved_once: false,
        });
    };
    Ok(ClaimFacts {
        state: c.state,
        filed: c.claimant_id == w.id,
        group_member: match c.group_id {
            Some(g) => accounts::is_group_member(conn, g, w.id)?,
            None => false,
        },
        accredited: store::accredited(conn, c.programme_id, w.id)?,
        approved_once: first_approver(conn, c)? == Some(w.id),
    })
}

/// Records a step of the claim's history.
pub(super) fn record(
    conn: &mut AnyConnection,
    claim: i64,
    who: i64,
    decision: Decision,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(token_reviews::table)
        .values((
            token_reviews::claim_id.eq(claim),
            token_reviews::user_id.eq(who),
            token_reviews::decision.eq(decision.code()),
            token_reviews::reason.eq(reason.trim()),
            token_reviews::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Moves a claim from `from` to `to`; a conflict when someone moved it meanwhile.
pub(super) fn set_state(
    conn: &mut AnyConnection,
    claim: i64,
    from: ClaimState,
    to: ClaimState,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let n = diesel::update(
        token_claims::table
            .filter(token_claims::id.eq(claim))
            .filter(token_claims::state.eq(from.code())),
    )
    .set((
        token_claims::state.eq(to.code()),
        token_claims::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(AppError::Conflict("claim-changed"));
    }
    Ok(())
}

/// The claimant side answers a request for more, with more evidence if any: the
/// claim goes back to the verifiers' queue.
pub fn answer_in(
    conn: &mut AnyConnection,
    who: &Who,
    id: i64,
    reply: &str,
    files: &[Evidence],
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    let c = load(conn, id)?;
    policy::may(
        Some(who),
        &Object::Claim(facts(conn, &c, Some(who))?),
        Action::Answer,
    )?;
    if reply.chars().count() > 4000 {
        return Err(Refusal::field("reply", "field-claim-reply-invalid"));
    }
    let to = review::answer(c.state, reply)
        .map_err(|_| Refusal::field("reply", "field-claim-reply-invalid"))?;
    add_evidence(conn, id, who.id, files, now)?;
    record(conn, id, who.id, Decision::Answer, reply, now)?;
    set_state(conn, id, c.state, to, now)?;
    Ok(Receipt::new("claim", id))
}

/// The claimant side withdraws a claim not yet decided.
pub fn withdraw_in(
    conn: &mut AnyConnection,
    who: &Who,
    id: i64,
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    let c = load(conn, id)?;
    policy::may(
        Some(who),
        &Object::Claim(facts(conn, &c, Some(who))?),
        Action::Withdraw,
    )?;
    set_state(conn, id, c.state, ClaimState::Withdrawn, now)?;
    Ok(Receipt::new("claim", id))
}

/// Files a claim (the web's use-case), once per idempotency key, without a district.
pub async fn submit(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    f: ClaimForm,
    files: Vec<Evidence>,
) -> Result<Receipt, Refusal> {
    submit_located(ports, who, slug, f, String::new(), files).await
}

/// Files a claim whose asset is in `district`, once per idempotency key.
pub async fn submit_located(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    f: ClaimForm,
    district: String,
    files: Vec<Evidence>,
) -> Result<Receipt, Refusal> {
    let mut parts = vec![
        district.clone(),
        "claim".to_string(),
        slug.to_string(),
        f.input.methodology.clone(),
        f.input.asset.clone(),
        f.input.starts_on.clone(),
        f.input.ends_on.clone(),
        f.group.clone(),
    ];
    parts.extend(f.activity.iter().map(|(k, v)| format!("{k}={v}")));
    parts.extend(files.iter().map(|e| e.sha256.clone()));
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let fp = requests::fingerprint(&refs);
    let (w, s, now, key) = (
        who.clone(),
        slug.to_string(),
        ports.clock.now(),
        f.idempotency_key.clone(),
    );
    requests::once(&ports.db, who.id, &key, fp, now, move |conn, _| {
        submit_located_in(conn, &w, &s, &f, &district, &files, now)
    })
    .await
}
