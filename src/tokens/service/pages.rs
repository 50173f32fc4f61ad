//! What the tokens' pages read, each in a bounded number of queries: the programmes'
//! public figures (supply, the civic fund and its coverage, by month), a claim's page,
//! the verifiers' queue, and a holder's wallet.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::claims::{self, Claim};
use super::wallet::{self, Fund};
use crate::accounts::api::{self as accounts, Who};
use crate::db::AnyConnection;
use crate::db::schema::{
    token_assets, token_claims, token_evidence, token_exchanges, token_issuances,
    token_methodologies, token_points, token_reviews, token_spends, token_transfers,
};
use crate::error::AppError;
use crate::tokens::model::review::{ClaimState, Decision};
use crate::tokens::policy::{self, Action, ClaimFacts, Object};
use crate::tokens::store::{self, Account, AccountKind, Holder, Programme};

/// Lines on a list (queue, history, claims).
pub const ON_LIST: i64 = 100;

/// A programme's public figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Supply {
    /// Verified avoided emissions behind the issued tokens, in whole kilograms.
    pub verified_kg: i64,
    pub issued: i64,
    pub buffer: i64,
    pub spent: i64,
    pub exchanged: i64,
    pub in_exchange: i64,
    /// Held by citizens and groups.
    pub held: i64,
    /// Issued and not retired (held, buffered, in exchange).
    pub outstanding: i64,
    pub fund_cents: i64,
    pub fund_reserved_cents: i64,
    /// What the holders' tokens would cost the fund at the published rate.
    pub liability_cents: i64,
}

impl Supply {
    /// The fund's coverage of the holders' tokens, in whole percent (100 when nothing
    /// is owed).
    pub fn coverage_percent(&self) -> i64 {
        if self.liability_cents <= 0 {
            100
        } else {
            i64::try_from(
                i128::from(self.fund_cents - self.fund_reserved_cents).max(0) * 100
                    / i128::from(self.liability_cents),
            )
            .unwrap_or(i64::MAX)
        }
    }
}

/// One month's movements.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Month {
    /// `2026-03`.
    pub month: String,
    pub issued: i64,
    pub retired: i64,
}

/// What a programme's page shows.
#[derive(Debug, Clone)]
pub struct ProgrammePage {
    pub programme: Programme,
    pub supply: Supply,
    pub months: Vec<Month>,
    pub points: Vec<Point>,
    pub methodologies: Vec<(String, String)>,
    pub sponsors: Vec<Sponsor>,
    pub districts: Vec<DistrictLine>,
}

/// A district's share of the verified reductions ("" for claims that name none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictLine {
    pub name: String,
    pub issued: i64,
    pub verified_kg: i64,
}

/// Issued tokens and verified kilograms by the district of the claims (two queries).
pub fn districts_in(
    conn: &mut AnyConnection,
    p: &Programme,
) -> Result<Vec<DistrictLine>, AppError> {
    let rows: Vec<(Option<i64>, i64, i64)> = token_issuances::table
        .inner_join(token_claims::table.on(token_claims::id.eq(token_issuances::claim_id)))
        .filter(token_issuances::programme_id.eq(p.id))
        .group_by(token_claims::district_id)
        .select((
            token_claims::district_id,
            store::sum_of("token_issuances.holder_tokens + token_issuances.buffer_tokens"),
            store::sum_of("token_issuances.avoided_grams"),
        ))
        .load(conn)?;
    let names = crate::commons::api::districts(conn)?;
    let mut out: Vec<DistrictLine> = rows
        .into_iter()
        .map(|(d, issued, grams)| DistrictLine {
            name: d
                .and_then(|id| names.iter().find(|n| n.id == id))
                .map(|n| n.name.clone())
                .unwrap_or_default(),
            issued,
            verified_kg: grams / 1000,
        })
        .collect();
    out.sort_by(|a, b| b.issued.cmp(&a.issued).then(a.name.cmp(&b.name)));
    Ok(out)
}

/// An acceptance point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub price: i64,
}

/// A deposit into the civic fund, as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sponsor {
    pub name: String,
    pub by_city: bool,
    pub cents: i64,
    pub purpose: String,
    pub on: NaiveDate,
}

/// A programme's supply figures now: as every ledger entry written so far gives them
/// (the cached balances are checked against the same transfers by `tokens check`).
pub fn supply_in(conn: &mut AnyConnection, p: &Programme) -> Result<Supply, AppError> {
    supply_at(conn, p, i64::MAX)
}

/// The last twelve months' issuance and retirement, oldest first (rows of those
/// months only).
pub fn months_in(
    conn: &mut AnyConnection,
    p: &Programme,
    today: NaiveDate,
) -> Result<Vec<Month>, AppError> {
    let first = NaiveDate::from_ymd_opt(today.year() - 1, today.month(), 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .ok_or_else(|| AppError::internal("a month out of range"))?;
    let since = first.and_hms_opt(0, 0, 0).unwrap_or_default();
    let mut months: BTreeMap<String, Month> = BTreeMap::new();
    let mut d = first;
    for _ in 0..12 {
        let key = d.format("%Y-%m").to_string();
        months.insert(
            key.clone(),
            Month {
                month: key,
                ..Month::default()
            },
        );
        d = d
            .checked_add_months(chrono::Months::new(1))
            .ok_or_else(|| AppError::internal("a month out of range"))?;
    }
    let issued: Vec<(NaiveDateTime, i64, i64)> = token_issuances::table
        .filter(token_issuances::programme_id.eq(p.id))
        .filter(token_issuances::issued_at.ge(since))
        .select((
            token_issuances::issued_at,
            token_issuances::holder_tokens,
            token_issuances::buffer_tokens,
        ))
        .load(conn)?;
    for (at, h, b) in issued {
        if let Some(m) = months.get_mut(&at.format("%Y-%m").to_string()) {
            m.issued += h + b;
        }
    }
    let retired: Vec<(NaiveDateTime, i64)> = token_transfers::table
        .filter(token_transfers::programme_id.eq(p.id))
        .filter(token_transfers::code.eq_any(["spend", "exchange_pay"]))
        .filter(token_transfers::created_at.ge(since))
        .select((token_transfers::created_at, token_transfers::amount))
        .load(conn)?;
    for (at, a) in retired {
        if let Some(m) = months.get_mut(&at.format("%Y-%m").to_string()) {
            m.retired += a;
        }
    }
    Ok(months.into_values().collect())
}

pub fn programme_in(
    conn: &mut AnyConnection,
    slug: &str,
    today: NaiveDate,
) -> Result<ProgrammePage, AppError> {
    let p = store::programme_by_slug(conn, slug)?;
    let supply = supply_in(conn, &p)?;
    let months = months_in(conn, &p, today)?;
    let points = points_in(conn, p.id)?;
    let methodologies: Vec<(String, i64, String)> = token_methodologies::table
        .order((
            token_methodologies::code.asc(),
            token_methodologies::version.desc(),
        ))
        .limit(ON_LIST)
        .select((
            token_methodologies::code,
            token_methodologies::version,
            token_methodologies::title,
        ))
        .load(conn)?;
    let sponsors = sponsors_in(conn, p.id)?;
    let districts = districts_in(conn, &p)?;
    Ok(ProgrammePage {
        programme: p,
        supply,
        months,
        points,
        methodologies: methodologies
            .into_iter()
            .map(|(c, v, t)| (format!("{c}@{v}"), t))
            .collect(),
        sponsors,
        districts,
    })
}

/// The civic fund's latest deposits.
pub fn sponsors_in(conn: &mut AnyConnection, programme: i64) -> Result<Vec<Sponsor>, AppError> {
    use crate::db::schema::token_fund_deposits as d;
    let rows: Vec<(String, bool, i64, String, NaiveDateTime)> = d::table
        .filter(d::programme_id.eq(programme))
        .order(d::id.desc())
        .limit(ON_LIST)
        .select((d::sponsor, d::by_city, d::cents, d::purpose, d::created_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|s| Sponsor {
            name: s.0,
            by_city: s.1,
            cents: s.2,
            purpose: s.3,
            on: s.4.date(),
        })
        .collect())
}

/// The active acceptance points of a programme, by price.
pub fn points_in(conn: &mut AnyConnection, programme: i64) -> Result<Vec<Point>, AppError> {
    let rows: Vec<(String, String, String, i64)> = token_points::table
        .filter(token_points::programme_id.eq(programme))
        .filter(token_points::active.eq(true))
        .order((token_points::price_tokens.asc(), token_points::name.asc()))
        .limit(ON_LIST)
        .select((
            token_points::slug,
            token_points::name,
            token_points::description,
            token_points::price_tokens,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Point {
            slug: r.0,
            name: r.1,
            description: r.2,
            price: r.3,
        })
        .collect())
}

/// One step of a claim's history.
#[derive(Debug, Clone)]
pub struct Step {
    pub decision: Decision,
    pub by: String,
    pub reason: String,
    pub at: NaiveDateTime,
}

/// An evidence file's line.
#[derive(Debug, Clone)]
pub struct EvidenceLine {
    pub sha256: String,
    pub mime: String,
    pub bytes: i64,
    pub label: String,
}

/// What a claim's page shows to those who may see it.
#[derive(Debug, Clone)]
pub struct ClaimPage {
    pub claim: Claim,
    pub programme: Programme,
    pub methodology: String,
    pub methodology_title: String,
    pub asset: String,
    pub activity: Vec<(String, String)>,
    pub claimant: String,
    pub group: Option<String>,
    pub steps: Vec<Step>,
    pub evidence: Vec<EvidenceLine>,
    pub facts: ClaimFacts,
    /// The issuance, once issued: batch, serials, holder's and buffer's tokens.
    pub issuance: Option<(String, i64, i64, i64, i64)>,
}

pub fn claim_in(conn: &mut AnyConnection, who: &Who, id: i64) -> Result<ClaimPage, AppError> {
    let claim = claims::load(conn, id)?;
    let facts = claims::facts(conn, &claim, Some(who))?;
    policy::may(Some(who), &Object::Claim(facts.clone()), Action::See)?;
    let programme = store::programme_by_id(conn, claim.programme_id)?;
    let (code, version, title): (String, i64, String) = token_methodologies::table
        .find(claim.methodology_id)
        .select((
            token_methodologies::code,
            token_methodologies::version,
            token_methodologies::title,
        ))
        .first(conn)?;
    let asset: String = token_assets::table
        .find(claim.asset_id)
        .select(token_assets::asset)
        .first(conn)?;
    let activity: Vec<(String, String)> =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&claim.activity)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
            .collect();
    let rows: Vec<(String, i64, String, NaiveDateTime)> = token_reviews::table
        .filter(token_reviews::claim_id.eq(id))
        .order(token_reviews::id.asc())
        .limit(ON_LIST)
        .select((
            token_reviews::decision,
            token_reviews::user_id,
            token_reviews::reason,
            token_reviews::created_at,
        ))
        .load(conn)?;
    let mut people: Vec<i64> = rows.iter().map(|r| r.1).collect();
    people.push(claim.claimant_id);
    let names: BTreeMap<i64, String> = accounts::display_names(conn, &people)?
        .into_iter()
        .collect();
    let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
    let steps = rows
        .into_iter()
        .filter_map(|r| {
            Some(Step {
                decision: Decision::parse(&r.0)?,
                by: name(r.1),
                reason: r.2,
                at: r.3,
            })
        })
        .collect();
    let evidence: Vec<(String, String, i64, String)> = token_evidence::table
        .filter(token_evidence::claim_id.eq(id))
        .order(token_evidence::id.asc())
        .select((
            token_evidence::sha256,
            token_evidence::mime,
            token_evidence::bytes,
            token_evidence::label,
        ))
        .load(conn)?;
    let group = match claim.group_id {
        Some(g) => accounts::group_names(conn, &[g])?
            .into_iter()
            .next()
            .map(|g| g.1),
        None => None,
    };
    let issuance: Option<(String, i64, i64, i64, i64)> = token_issuances::table
        .filter(token_issuances::claim_id.eq(id))
        .select((
            token_issuances::batch,
            token_issuances::serial_first,
            token_issuances::serial_last,
            token_issuances::holder_tokens,
            token_issuances::buffer_tokens,
        ))
        .first(conn)
        .optional()?;
    Ok(ClaimPage {
        claimant: name(claim.claimant_id),
        claim,
        programme,
        methodology: format!("{code}@{version}"),
        methodology_title: title,
        asset,
        activity,
        group,
        steps,
        evidence: evidence
            .into_iter()
            .map(|e| EvidenceLine {
                sha256: e.0,
                mime: e.1,
                bytes: e.2,
                label: e.3,
            })
            .collect(),
        facts,
        issuance,
    })
}

/// One line of a list of claims.
#[derive(Debug, Clone)]
pub struct ClaimLine {
    pub id: i64,
    pub methodology: String,
    pub tokens: i64,
    pub state: ClaimState,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub submitted_at: NaiveDateTime,
}

fn lines(conn: &mut AnyConnection, rows: Vec<Claim>) -> Result<Vec<ClaimLine>, AppError> {
    let ids: Vec<i64> = rows.iter().map(|c| c.methodology_id).collect();
    let names: Vec<(i64, String, i64)> = token_methodologies::table
        .filter(token_methodologies::id.eq_any(&ids))
        .select((
            token_methodologies::id,
            token_methodologies::code,
            token_methodologies::version,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|c| ClaimLine {
            id: c.id,
            methodology: names
                .iter()
                .find(|n| n.0 == c.methodology_id)
                .map(|n| format!("{}@{}", n.1, n.2))
                .unwrap_or_default(),
            tokens: c.tokens,
            state: c.state,
            starts_on: c.starts_on,
            ends_on: c.ends_on,
            submitted_at: c.submitted_at,
        })
        .collect())
}

/// The claims awaiting a decision in a programme, oldest first, that `who` may
/// review (their own and their groups' left out), for an accredited verifier.
pub fn queue_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
) -> Result<(Programme, Vec<ClaimLine>), AppError> {
    let p = store::programme_by_slug(conn, slug)?;
    if !(who.has(crate::kit::roles::Role::Verifier) && store::accredited(conn, p.id, who.id)?) {
        return Err(AppError::Forbidden);
    }
    let mine = accounts::groups_of(conn, who.id)?;
    let rows: Vec<_> = token_claims::table
        .filter(token_claims::programme_id.eq(p.id))
        .filter(token_claims::state.eq_any([
            ClaimState::Submitted.code(),
            ClaimState::SecondReview.code(),
        ]))
        .filter(token_claims::claimant_id.ne(who.id))
        .order(token_claims::submitted_at.asc())
        .limit(ON_LIST * 2)
        .select(claims::claim_columns!())
        .load(conn)?;
    let rows: Vec<Claim> = rows
        .into_iter()
        .map(claims::claim)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|c| c.group_id.is_none_or(|g| !mine.contains(&g)))
        .take(ON_LIST as usize)
        .collect();
    Ok((p, lines(conn, rows)?))
}

/// A person's own claims (and their groups'), latest first.
pub fn my_claims_in(
    conn: &mut AnyConnection,
    who: &Who,
    programme: i64,
) -> Result<Vec<ClaimLine>, AppError> {
    let mine = accounts::groups_of(conn, who.id)?;
    let rows: Vec<_> = token_claims::table
        .filter(token_claims::programme_id.eq(programme))
        .filter(
            token_claims::claimant_id
                .eq(who.id)
                .or(token_claims::group_id.eq_any(&mine)),
        )
        .order(token_claims::id.desc())
        .limit(ON_LIST)
        .select(claims::claim_columns!())
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(claims::claim)
        .collect::<Result<Vec<_>, _>>()?;
    lines(conn, rows)
}

/// One operation in a wallet's history, with the ledger entry that records it.
#[derive(Debug, Clone)]
pub struct Movement {
    pub transfer: i64,
    pub code: String,
    /// Positive for tokens in, negative for tokens out.
    pub amount: i64,
    pub ledger_index: i64,
    pub at: NaiveDateTime,
    /// The spend it paid for (its voucher page), if any.
    pub spend: Option<i64>,
}

/// An exchange waiting for its payout.
#[derive(Debug, Clone)]
pub struct Pending {
    pub id: i64,
    pub tokens: i64,
    pub cents: i64,
}

/// What a wallet page shows.
#[derive(Debug, Clone)]
pub struct WalletPage {
    pub programme: Programme,
    pub account: Account,
    /// The group the wallet is of, with its name, if any.
    pub group: Option<(i64, String)>,
    pub owner: bool,
    pub history: Vec<Movement>,
    pub points: Vec<Point>,
    pub claims: Vec<ClaimLine>,
    /// Exchanges waiting for their payout.
    pub pending: Vec<Pending>,
    /// The groups `who` speaks for (their wallets).
    pub groups: Vec<(i64, String)>,
    pub fund: Fund,
    /// The latest signed checkpoint's size: entries below it have an inclusion proof.
    pub signed: i64,
}

/// The size of the latest signed checkpoint (0 before the first).
fn signed_size(conn: &mut AnyConnection) -> Result<i64, AppError> {
    let size = crate::ledger::store::latest_checkpoint(conn)?.map_or(0, |c| c.size);
    Ok(i64::try_from(size).unwrap_or(i64::MAX))
}

pub fn wallet_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    group: Option<i64>,
    now: NaiveDateTime,
) -> Result<WalletPage, AppError> {
    let p = store::programme_by_slug(conn, slug)?;
    let (holder, group) = match group {
        Some(g) => {
            if !accounts::is_group_member(conn, g, who.id)? {
                return Err(AppError::Forbidden);
            }
            let name = accounts::group_names(conn, &[g])?
                .into_iter()
                .next()
                .ok_or(AppError::NotFound)?;
            (Holder::Group(g), Some(name))
        }
        None => (Holder::Person(who.id), None),
    };
    let owner = match group {
        Some((g, _)) => accounts::group_referent(conn, g)? == who.id,
        None => true,
    };
    let account = store::open_holder_account(conn, p.id, holder, now)?;
    let rows: Vec<(i64, i64, i64, i64, String, i64, NaiveDateTime)> = token_transfers::table
        .filter(
            token_transfers::debit_id
                .eq(account.id)
                .or(token_transfers::credit_id.eq(account.id)),
        )
        .order(token_transfers::id.desc())
        .limit(ON_LIST)
        .select((
            token_transfers::id,
            token_transfers::debit_id,
            token_transfers::credit_id,
            token_transfers::amount,
            token_transfers::code,
            token_transfers::ledger_index,
            token_transfers::created_at,
        ))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let spends: Vec<(i64, i64)> = token_spends::table
        .filter(token_spends::transfer_id.eq_any(&ids))
        .select((token_spends::transfer_id, token_spends::id))
        .load(conn)?;
    let history = rows
        .into_iter()
        .map(|r| Movement {
            transfer: r.0,
            code: r.4,
            amount: if r.1 == account.id { -r.3 } else { r.3 },
            ledger_index: r.5,
            at: r.6,
            spend: spends.iter().find(|s| s.0 == r.0).map(|s| s.1),
        })
        .collect();
    let pending: Vec<(i64, i64, i64)> = token_exchanges::table
        .filter(token_exchanges::account_id.eq(account.id))
        .filter(token_exchanges::state.eq("held"))
        .order(token_exchanges::id.asc())
        .limit(ON_LIST)
        .select((
            token_exchanges::id,
            token_exchanges::tokens,
            token_exchanges::cents,
        ))
        .load(conn)?;
    let claims = if group.is_none() {
        my_claims_in(conn, who, p.id)?
    } else {
        Vec::new()
    };
    Ok(WalletPage {
        points: points_in(conn, p.id)?,
        groups: accounts::group_names_of(conn, who.id)?,
        fund: wallet::fund(conn, p.id)?,
        signed: signed_size(conn)?,
        programme: p,
        account,
        group,
        owner,
        history,
        claims,
        pending: pending
            .into_iter()
            .map(|(id, tokens, cents)| Pending { id, tokens, cents })
            .collect(),
    })
}

/// A spend's receipt: the voucher and what it buys (its holder's side only).
#[derive(Debug, Clone)]
pub struct SpendPage {
    pub id: i64,
    pub programme: Programme,
    pub point: String,
    pub tokens: i64,
    pub voucher: String,
    pub at: NaiveDateTime,
    pub redeemed_at: Option<NaiveDateTime>,
    pub ledger_index: i64,
    /// The latest signed checkpoint's size: entries below it have an inclusion proof.
    pub signed: i64,
}

pub fn spend_in(conn: &mut AnyConnection, who: &Who, id: i64) -> Result<SpendPage, AppError> {
    let row: (
        i64,
        i64,
        String,
        i64,
        String,
        NaiveDateTime,
        Option<NaiveDateTime>,
        i64,
    ) = token_spends::table
        .inner_join(token_points::table.on(token_points::id.eq(token_spends::point_id)))
        .inner_join(token_transfers::table.on(token_transfers::id.eq(token_spends::transfer_id)))
        .filter(token_spends::id.eq(id))
        .select((
            token_spends::programme_id,
            token_spends::account_id,
            token_points::name,
            token_spends::tokens,
            token_spends::voucher,
            token_spends::created_at,
            token_spends::redeemed_at,
            token_transfers::ledger_index,
        ))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let account = store::account_by_id(conn, row.1)?;
    let mine = match (account.user_id, account.group_id) {
        (Some(u), _) => u == who.id,
        (_, Some(g)) => accounts::is_group_member(conn, g, who.id)?,
        _ => false,
    };
    if !mine {
        return Err(AppError::NotFound);
    }
    Ok(SpendPage {
        id,
        programme: store::programme_by_id(conn, row.0)?,
        point: row.2,
        tokens: row.3,
        voucher: row.4,
        at: row.5,
        redeemed_at: row.6,
        ledger_index: row.7,
        signed: signed_size(conn)?,
    })
}

/// An exchange awaiting its payout, for the city's treasurer.
#[derive(Debug, Clone)]
pub struct Payout {
    pub id: i64,
    pub account: String,
    pub tokens: i64,
    pub cents: i64,
    pub requested_at: NaiveDateTime,
}

/// What the civic fund's desk shows: the deposits, the exchanges awaiting payout, and
/// the fund's figures.
#[derive(Debug, Clone)]
pub struct FundDesk {
    pub programme: Programme,
    pub fund: Fund,
    pub payouts: Vec<Payout>,
    pub deposits: Vec<Sponsor>,
}

pub fn fund_desk_in(conn: &mut AnyConnection, who: &Who, slug: &str) -> Result<FundDesk, AppError> {
    let facts = super::programmes::city_facts(conn, who)?;
    policy::may(Some(who), &Object::City(facts), Action::Pay)?;
    let programme = store::programme_by_slug(conn, slug)?;
    let rows: Vec<(i64, String, i64, i64, NaiveDateTime)> = token_exchanges::table
        .inner_join(
            crate::db::schema::token_accounts::table
                .on(crate::db::schema::token_accounts::id.eq(token_exchanges::account_id)),
        )
        .filter(token_exchanges::programme_id.eq(programme.id))
        .filter(token_exchanges::state.eq("held"))
        .order(token_exchanges::id.asc())
        .limit(ON_LIST)
        .select((
            token_exchanges::id,
            crate::db::schema::token_accounts::pseudonym,
            token_exchanges::tokens,
            token_exchanges::cents,
            token_exchanges::requested_at,
        ))
        .load(conn)?;
    Ok(FundDesk {
        fund: wallet::fund(conn, programme.id)?,
        deposits: sponsors_in(conn, programme.id)?,
        programme,
        payouts: rows
            .into_iter()
            .map(|r| Payout {
                id: r.0,
                account: r.1,
                tokens: r.2,
                cents: r.3,
                requested_at: r.4,
            })
            .collect(),
    })
}

/// What a programme's administration page shows: its verifiers and acceptance points.
#[derive(Debug, Clone)]
pub struct AdminPage {
    pub programme: Programme,
    pub verifiers: Vec<(i64, String)>,
    pub points: Vec<Point>,
    pub offices: Vec<(i64, String)>,
}

pub fn admin_in(conn: &mut AnyConnection, who: &Who, slug: &str) -> Result<AdminPage, AppError> {
    policy::may(Some(who), &Object::Programme, Action::Administer)?;
    let p = store::programme_by_slug(conn, slug)?;
    let ids: Vec<i64> = crate::db::schema::token_verifiers::table
        .filter(crate::db::schema::token_verifiers::programme_id.eq(p.id))
        .limit(ON_LIST)
        .select(crate::db::schema::token_verifiers::user_id)
        .load(conn)?;
    Ok(AdminPage {
        verifiers: accounts::display_names(conn, &ids)?,
        points: points_in(conn, p.id)?,
        offices: accounts::office_names(conn)?,
        programme: p,
    })
}

/// A programme's supply as the civic ledger's first `size` entries give it: only the
/// transfers, issuances, deposits and exchange steps written with an entry below
/// `size` (what `pactum ledger audit` compares its replay with, whatever happened on
/// the site since the checkpoint it audits).
pub fn supply_at(conn: &mut AnyConnection, p: &Programme, size: i64) -> Result<Supply, AppError> {
    use crate::db::schema::{token_accounts as a, token_fund_deposits as d};
    let by_kind =
        |conn: &mut AnyConnection, credit: bool| -> Result<Vec<(String, i64)>, AppError> {
            let q = token_transfers::table
                .filter(token_transfers::programme_id.eq(p.id))
                .filter(token_transfers::ledger_index.lt(size));
            Ok(if credit {
                q.inner_join(a::table.on(a::id.eq(token_transfers::credit_id)))
                    .group_by(a::kind)
                    .select((a::kind, store::sum_of("amount")))
                    .load(conn)?
            } else {
                q.inner_join(a::table.on(a::id.eq(token_transfers::debit_id)))
                    .group_by(a::kind)
                    .select((a::kind, store::sum_of("amount")))
                    .load(conn)?
            })
        };
    let (credits, debits) = (by_kind(conn, true)?, by_kind(conn, false)?);
    let net = |kind: AccountKind| -> i64 {
        let of = |rows: &[(String, i64)]| {
            rows.iter()
                .find(|r| r.0 == kind.code())
                .map(|r| r.1)
                .unwrap_or(0)
        };
        of(&credits) - of(&debits)
    };
    let by_code: Vec<(String, i64)> = token_transfers::table
        .filter(token_transfers::programme_id.eq(p.id))
        .filter(token_transfers::ledger_index.lt(size))
        .filter(token_transfers::code.eq_any(["spend", "exchange_pay"]))
        .group_by(token_transfers::code)
        .select((token_transfers::code, store::sum_of("amount")))
        .load(conn)?;
    let of = |code: &str| {
        by_code
            .iter()
            .find(|c| c.0 == code)
            .map(|c| c.1)
            .unwrap_or(0)
    };
    let grams: i64 = token_issuances::table
        .filter(token_issuances::programme_id.eq(p.id))
        .filter(token_issuances::ledger_index.lt(size))
        .select(store::sum_of("avoided_grams"))
        .first(conn)?;
    let deposited: i64 = d::table
        .filter(d::programme_id.eq(p.id))
        .filter(d::ledger_index.lt(size))
        .select(store::sum_of("cents"))
        .first(conn)?;
    // Exchanges' cents by the step that moved them: held (the hold's transfer), then
    // paid or voided (the settling transfer).
    let held_cents: i64 = token_exchanges::table
        .inner_join(
            token_transfers::table.on(token_transfers::id.eq(token_exchanges::hold_transfer_id)),
        )
        .filter(token_exchanges::programme_id.eq(p.id))
        .filter(token_transfers::ledger_index.lt(size))
        .select(store::sum_of("cents"))
        .first(conn)?;
    let settled: Vec<(String, i64)> = token_exchanges::table
        .inner_join(
            token_transfers::table.on(token_transfers::id
                .nullable()
                .eq(token_exchanges::settle_transfer_id)),
        )
        .filter(token_exchanges::programme_id.eq(p.id))
        .filter(token_transfers::ledger_index.lt(size))
        .group_by(token_exchanges::state)
        .select((token_exchanges::state, store::sum_of("cents")))
        .load(conn)?;
    let settled_of = |state: &str| {
        settled
            .iter()
            .find(|s| s.0 == state)
            .map(|s| s.1)
            .unwrap_or(0)
    };
    let paid = settled_of("paid");
    let issued = -net(AccountKind::Issuance);
    let (buffer, retired, in_exchange) = (
        net(AccountKind::Buffer),
        net(AccountKind::Retired),
        net(AccountKind::ExchangeHold),
    );
    let held = issued - buffer - retired - in_exchange;
    Ok(Supply {
        verified_kg: grams / 1000,
        issued,
        buffer,
        spent: of("spend"),
        exchanged: of("exchange_pay"),
        in_exchange,
        held,
        outstanding: issued - retired,
        fund_cents: deposited - paid,
        fund_reserved_cents: held_cents - paid - settled_of("voided"),
        liability_cents: held.saturating_mul(p.rate_cents),
    })
}
