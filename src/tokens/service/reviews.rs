//! Verification and issuance (DOMAIN.md, "Verification", "Issuance"): an accredited
//! verifier who did not file the claim and is not of its group approves, rejects with
//! reasons, or asks for more; above the programme's threshold a second, different
//! verifier must agree. Each decision is a ledger entry (pseudonyms and hashes). The
//! approval that completes a claim issues it in the same transaction: whole tokens to
//! the claimant (a group's to the group's account), the buffer share to the buffer, a
//! contiguous serial range in a batch of its own, `<CITY>-<PROGRAMME>-<YEAR>-<METHOD>-<N>`
//! (the year the reduction's period ends). A claim is issued at most once: the
//! issuance's unique claim key refuses a second, whatever the retries or races.

use chrono::{Datelike, NaiveDateTime};
use diesel::prelude::*;

use super::claims::{self, Claim};
use super::post::{self, TransferCode};
use super::requests::{self, Receipt};
use crate::accounts::api::{self as accounts, Who};
use crate::db::AnyConnection;
use crate::db::schema::{token_evidence, token_issuances, token_lots, token_programmes};
use crate::error::AppError;
use crate::ledger::entry::Entry;
use crate::tokens::model::review::{self, Decision, ReviewRefused};
use crate::tokens::model::serials;
use crate::tokens::policy::{self, Action, Object};
use crate::tokens::store::{self, AccountKind, Holder, Programme};
use crate::web::forms::Refusal;

/// The SHA-256 of what a claim says: methodology, asset, period, activity data and the
/// evidence files' hashes (the ledger holds this, never the claim itself).
pub fn claim_sha256(
    conn: &mut AnyConnection,
    c: &Claim,
    methodology: &str,
) -> Result<String, AppError> {
    let mut files: Vec<String> = token_evidence::table
        .filter(token_evidence::claim_id.eq(c.id))
        .select(token_evidence::sha256)
        .load(conn)?;
    files.sort();
    let asset: String = crate::db::schema::token_assets::table
        .find(c.asset_id)
        .select(crate::db::schema::token_assets::asset)
        .first(conn)?;
    let doc = serde_json::json!({
        "methodology": methodology,
        "asset": asset,
        "starts_on": c.starts_on.to_string(),
        "ends_on": c.ends_on.to_string(),
        "activity": serde_json::from_str::<serde_json::Value>(&c.activity).unwrap_or_default(),
        "evidence": files,
    });
    Ok(crate::util::sha256_hex(doc.to_string().as_bytes()))
}

/// A verifier's decision as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub idempotency_key: String,
}

/// A verifier decides on claim `id`; `index` is the ledger index of the decision's
/// entry (the issuance, if any, takes the next).
pub fn review_in(
    conn: &mut AnyConnection,
    who: &Who,
    id: i64,
    f: &ReviewForm,
    city: &str,
    index: i64,
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    let c = claims::load(conn, id)?;
    let facts = claims::facts(conn, &c, Some(who))?;
    policy::may(Some(who), &Object::Claim(facts), Action::Review)?;
    let Some(decision) = Decision::parse(&f.decision).filter(|d| *d != Decision::Answer) else {
        return Err(Refusal::field("decision", "field-review-decision-invalid"));
    };
    if f.reason.chars().count() > 4000 {
        return Err(Refusal::field("reason", "field-review-reason-too-long"));
    }
    let p = store::programme_by_id(conn, c.programme_id)?;
    let first = claims::first_approver(conn, &c)?;
    let outcome = review::decide(
        c.state,
        decision,
        &f.reason,
        c.tokens,
        p.second_verifier_tokens,
        first,
        who.id,
    )
    .map_err(|r| match r {
        ReviewRefused::NoReason => Refusal::field("reason", "field-review-reason-required"),
        ReviewRefused::SameVerifier | ReviewRefused::State => {
            Refusal::App(AppError::Conflict("claim-changed"))
        }
    })?;
    claims::record(conn, id, who.id, decision, &f.reason, now)?;
    claims::set_state(conn, id, c.state, outcome.state, now)?;
    let (code, version): (String, i64) = crate::db::schema::token_methodologies::table
        .find(c.methodology_id)
        .select((
            crate::db::schema::token_methodologies::code,
            crate::db::schema::token_methodologies::version,
        ))
        .first(conn)?;
    let methodology = format!("{code}@{version}");
    let mut entry = Entry::new("token.claim_reviewed")
        .with("programme", p.slug.as_str())
        .with("claim", id)
        .with("methodology", methodology.as_str())
        .with("decision", decision.code())
        .with("verifier", accounts::pseudonym(conn, who.id)?.as_str())
        .with("tokens", c.tokens)
        .with(
            "claim_sha256",
            claim_sha256(conn, &c, &methodology)?.as_str(),
        );
    if !f.reason.trim().is_empty() {
        entry = entry.with(
            "reason_sha256",
            crate::ledger::kinds::typed(f.reason.trim()).as_str(),
        );
    }
    post::appended(conn, &entry, index)?;
    if outcome.issue {
        issue(conn, &p, &c, &code, &methodology, city, index + 1, now)?;
    }
    Ok(Receipt::new("claim", id))
}

/// Issues a verified claim (see the module); its entry has ledger index `index`.
#[allow(clippy::too_many_arguments)]
fn issue(
    conn: &mut AnyConnection,
    p: &Programme,
    c: &Claim,
    method: &str,
    methodology: &str,
    city: &str,
    index: i64,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    // The serial counter, read under the ledger's lock.
    let issued: i64 = token_programmes::table
        .find(p.id)
        .select(token_programmes::serials)
        .first(conn)?;
    let (holder_tokens, buffer_tokens) = serials::split(c.tokens, p.buffer_bp)
        .ok_or_else(|| AppError::internal("a buffer share out of range"))?;
    let range = serials::next_range(issued, c.tokens)
        .ok_or_else(|| AppError::internal("no serial range for an issuance"))?;
    let year = c.ends_on.year();
    let prefix = format!("{city}-{}-{year}-{method}-", p.code);
    let earlier: i64 = token_issuances::table
        .filter(token_issuances::programme_id.eq(p.id))
        .filter(token_issuances::batch.like(format!("{prefix}%")))
        .count()
        .get_result(conn)?;
    let batch = u32::try_from(earlier + 1)
        .ok()
        .and_then(|n| serials::batch_name(city, &p.code, year, method, n))
        .ok_or_else(|| AppError::internal(format!("no batch name from {prefix}")))?;
    let n = diesel::update(
        token_programmes::table
            .filter(token_programmes::id.eq(p.id))
            .filter(token_programmes::serials.eq(issued)),
    )
    .set(token_programmes::serials.eq(range.last))
    .execute(conn)?;
    if n != 1 {
        return Err(AppError::Conflict("claim-changed").into());
    }
    let inserted = diesel::insert_into(token_issuances::table)
        .values((
            token_issuances::programme_id.eq(p.id),
            token_issuances::claim_id.eq(c.id),
            token_issuances::batch.eq(&batch),
            token_issuances::serial_first.eq(range.first),
            token_issuances::serial_last.eq(range.last),
            token_issuances::holder_tokens.eq(holder_tokens),
            token_issuances::buffer_tokens.eq(buffer_tokens),
            token_issuances::avoided_grams.eq(c.avoided_grams),
            token_issuances::ledger_index.eq(index),
            token_issuances::issued_at.eq(now),
        ))
        .returning(token_issuances::id)
        .get_result::<i64>(conn);
    let issuance = match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(AppError::Conflict("claim-already-issued").into());
        }
        other => other?,
    };
    let holder = match c.group_id {
        Some(g) => Holder::Group(g),
        None => Holder::Person(c.claimant_id),
    };
    let holder = store::open_holder_account(conn, p.id, holder, now)?;
    let source = store::system_account(conn, p.id, AccountKind::Issuance)?;
    let buffer = store::system_account(conn, p.id, AccountKind::Buffer)?;
    let mut entry = Entry::new("token.issued")
        .with("programme", p.slug.as_str())
        .with("claim", c.id)
        .with("methodology", methodology)
        .with("batch", batch.as_str())
        .with("serial_first", range.first)
        .with("serial_last", range.last)
        .with("avoided_grams", c.avoided_grams)
        .with("holder", holder.ledger_name())
        .with("holder_tokens", holder_tokens)
        .with("buffer_tokens", buffer_tokens);
    let mut next = range.first;
    for (to, amount, code, field) in [
        (
            &holder,
            holder_tokens,
            TransferCode::Issue,
            "holder_transfer",
        ),
        (
            &buffer,
            buffer_tokens,
            TransferCode::Buffer,
            "buffer_transfer",
        ),
    ] {
        if amount == 0 {
            continue;
        }
        let t = post::post(conn, &source, to, amount, code, index, now)?;
        diesel::insert_into(token_lots::table)
            .values((
                token_lots::programme_id.eq(p.id),
                token_lots::account_id.eq(to.id),
                token_lots::issuance_id.eq(issuance),
                token_lots::serial_first.eq(next),
                token_lots::serial_last.eq(next + amount - 1),
                token_lots::transfer_id.eq(t),
            ))
            .execute(conn)?;
        next += amount;
        entry = entry.with(field, t);
    }
    post::appended(conn, &entry, index)?;
    Ok(issuance)
}

/// A verifier decides (the web's use-case), once per idempotency key.
pub async fn review(
    ports: &crate::ports::Ports,
    who: &Who,
    id: i64,
    f: ReviewForm,
) -> Result<Receipt, Refusal> {
    let fp = requests::fingerprint(&["review", &id.to_string(), &f.decision, &f.reason]);
    let city = crate::tokens::model::money::city_code(&ports.config.city_name);
    let (w, now, key) = (who.clone(), ports.clock.now(), f.idempotency_key.clone());
    requests::once(&ports.db, who.id, &key, fp, now, move |conn, index| {
        review_in(conn, &w, id, &f, &city, index, now)
    })
    .await
}

/// The claimant side answers a request for more (the web's use-case).
pub async fn answer(
    ports: &crate::ports::Ports,
    who: &Who,
    id: i64,
    reply: String,
    files: Vec<claims::Evidence>,
    key: String,
) -> Result<Receipt, Refusal> {
    let mut parts = vec!["answer".to_string(), id.to_string(), reply.clone()];
    parts.extend(files.iter().map(|e| e.sha256.clone()));
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let fp = requests::fingerprint(&refs);
    let (w, now) = (who.clone(), ports.clock.now());
    requests::once(&ports.db, who.id, &key, fp, now, move |conn, _| {
        claims::answer_in(conn, &w, id, &reply, &files, now)
    })
    .await
}

/// The claimant side withdraws a claim (the web's use-case).
pub async fn withdraw(
    ports: &crate::ports::Ports,
    who: &Who,
    id: i64,
    key: String,
) -> Result<Receipt, Refusal> {
    let fp = requests::fingerprint(&["withdraw", &id.to_string()]);
    let (w, now) = (who.clone(), ports.clock.now());
    requests::once(&ports.db, who.id, &key, fp, now, move |conn, _| {
        claims::withdraw_in(conn, &w, id, now)
    })
    .await
}
