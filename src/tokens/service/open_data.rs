//! The tokens' open data: every issuance (batch, serial range, claim, methodology, the
//! holder's account pseudonym, the verified grams) and every retirement (spent at a
//! service or exchanged for euros), each with its ledger entry; and a serial's story
//! (which account holds it, pseudonymously, or when and why it was retired). Names
//! never appear: accounts are their pseudonyms, as on the civic ledger.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    token_accounts, token_claims, token_issuances, token_lots, token_methodologies, token_points,
    token_spends, token_transfers,
};
use crate::error::AppError;
use crate::tokens::store::{self, AccountKind, Programme};

/// The most rows one open-data file holds, newest first; `?before=` pages further.
pub const PAGE: i64 = 5_000;

/// One issuance as published.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Issuance {
    pub batch: String,
    pub claim: i64,
    pub methodology: String,
    pub serial_first: i64,
    pub serial_last: i64,
    pub holder: String,
    pub holder_tokens: i64,
    pub buffer_tokens: i64,
    pub avoided_grams: i64,
    pub issued_on: String,
    pub ledger_index: i64,
    #[serde(skip)]
    pub id: i64,
}

/// The latest issuances of a programme (before the issuance id `before`, if given).
pub fn issuances_in(
    conn: &mut AnyConnection,
    p: &Programme,
    before: Option<i64>,
) -> Result<Vec<Issuance>, AppError> {
    let mut q = token_issuances::table
        .inner_join(token_claims::table.on(token_claims::id.eq(token_issuances::claim_id)))
        .inner_join(
            token_methodologies::table.on(token_methodologies::id.eq(token_claims::methodology_id)),
        )
        .filter(token_issuances::programme_id.eq(p.id))
        .order(token_issuances::id.desc())
        .limit(PAGE)
        .select((
            token_issuances::id,
            token_issuances::batch,
            token_issuances::claim_id,
            token_methodologies::code,
            token_methodologies::version,
            token_issuances::serial_first,
            token_issuances::serial_last,
            token_issuances::holder_tokens,
            token_issuances::buffer_tokens,
            token_issuances::avoided_grams,
            token_issuances::issued_at,
            token_issuances::ledger_index,
            token_claims::claimant_id,
            token_claims::group_id,
        ))
        .into_boxed();
    if let Some(b) = before {
        q = q.filter(token_issuances::id.lt(b));
    }
    type Row = (
        i64,
        String,
        i64,
        String,
        i64,
        i64,
        i64,
        i64,
        i64,
        i64,
        NaiveDateTime,
        i64,
        i64,
        Option<i64>,
    );
    let rows: Vec<Row> = q.load(conn)?;
    // The holders' pseudonyms, in one query.
    let people: Vec<i64> = rows
        .iter()
        .filter(|r| r.13.is_none())
        .map(|r| r.12)
        .collect();
    let groups: Vec<i64> = rows.iter().filter_map(|r| r.13).collect();
    let accounts: Vec<(Option<i64>, Option<i64>, String)> = token_accounts::table
        .filter(token_accounts::programme_id.eq(p.id))
        .filter(
            token_accounts::user_id
                .eq_any(&people)
                .or(token_accounts::group_id.eq_any(&groups)),
        )
        .select((
            token_accounts::user_id,
            token_accounts::group_id,
            token_accounts::pseudonym,
        ))
        .load(conn)?;
    let holder = |person: i64, group: Option<i64>| -> String {
        accounts
            .iter()
            .find(|a| match group {
                Some(g) => a.1 == Some(g),
                None => a.0 == Some(person),
            })
            .map(|a| a.2.clone())
            .unwrap_or_default()
    };
    Ok(rows
        .into_iter()
        .map(|r| Issuance {
            id: r.0,
            batch: r.1,
            claim: r.2,
            methodology: format!("{}@{}", r.3, r.4),
            serial_first: r.5,
            serial_last: r.6,
            holder_tokens: r.7,
            buffer_tokens: r.8,
            avoided_grams: r.9,
            issued_on: r.10.date().to_string(),
            ledger_index: r.11,
            holder: holder(r.12, r.13),
        })
        .collect())
}

/// One retirement as published: tokens spent at a service or exchanged for euros.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Retirement {
    pub transfer: i64,
    pub reason: String,
    /// The acceptance point, for a spend.
    pub point: Option<String>,
    pub account: String,
    pub tokens: i64,
    pub retired_on: String,
    pub ledger_index: i64,
}

/// The latest retirements of a programme (before the transfer id `before`, if given).
pub fn retirements_in(
    conn: &mut AnyConnection,
    p: &Programme,
    before: Option<i64>,
) -> Result<Vec<Retirement>, AppError> {
    let retired = store::system_account(conn, p.id, AccountKind::Retired)?;
    let mut q = token_transfers::table
        .inner_join(token_accounts::table.on(token_accounts::id.eq(token_transfers::debit_id)))
        .filter(token_transfers::credit_id.eq(retired.id))
        .order(token_transfers::id.desc())
        .limit(PAGE)
        .select((
            token_transfers::id,
            token_transfers::code,
            token_accounts::pseudonym,
            token_accounts::kind,
            token_transfers::amount,
            token_transfers::created_at,
            token_transfers::ledger_index,
        ))
        .into_boxed();
    if let Some(b) = before {
        q = q.filter(token_transfers::id.lt(b));
    }
    let rows: Vec<(i64, String, String, String, i64, NaiveDateTime, i64)> = q.load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    // A payout is debited from the exchange hold: its holder is the exchange's.
    let payers: Vec<(Option<i64>, String)> = crate::db::schema::token_exchanges::table
        .inner_join(
            token_accounts::table
                .on(token_accounts::id.eq(crate::db::schema::token_exchanges::account_id)),
        )
        .filter(crate::db::schema::token_exchanges::settle_transfer_id.eq_any(&ids))
        .select((
            crate::db::schema::token_exchanges::settle_transfer_id,
            token_accounts::pseudonym,
        ))
        .load(conn)?;
    let points: Vec<(i64, String)> = token_spends::table
        .inner_join(token_points::table.on(token_points::id.eq(token_spends::point_id)))
        .filter(token_spends::transfer_id.eq_any(&ids))
        .select((token_spends::transfer_id, token_points::slug))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Retirement {
            transfer: r.0,
            point: points.iter().find(|p| p.0 == r.0).map(|p| p.1.clone()),
            reason: r.1,
            account: if r.3 == AccountKind::Holder.code() {
                r.2
            } else {
                payers
                    .iter()
                    .find(|p| p.0 == Some(r.0))
                    .map(|p| p.1.clone())
                    .unwrap_or(r.3)
            },
            tokens: r.4,
            retired_on: r.5.date().to_string(),
            ledger_index: r.6,
        })
        .collect())
}

/// Where a serial is now.
#[derive(Debug, Clone)]
pub struct SerialStory {
    pub serial: i64,
    pub batch: String,
    /// The account's pseudonym, or the system account's code (`retired`, `buffer`,
    /// `exchange_hold`).
    pub account: String,
    pub kind: AccountKind,
    /// The last movement that put it there: why and when, with its ledger entry.
    pub code: String,
    pub at: NaiveDateTime,
    pub ledger_index: i64,
}

/// The story of one serial of a programme, if it was issued.
pub fn serial_in(
    conn: &mut AnyConnection,
    p: &Programme,
    serial: i64,
) -> Result<Option<SerialStory>, AppError> {
    let lot: Option<(i64, i64, i64, i64)> = token_lots::table
        .filter(token_lots::programme_id.eq(p.id))
        .filter(token_lots::serial_first.le(serial))
        .order(token_lots::serial_first.desc())
        .select((
            token_lots::account_id,
            token_lots::issuance_id,
            token_lots::serial_last,
            token_lots::transfer_id,
        ))
        .first(conn)
        .optional()?;
    let Some((account, issuance, _, transfer)) = lot.filter(|l| l.2 >= serial) else {
        return Ok(None);
    };
    let a = store::account_by_id(conn, account)?;
    let batch: String = token_issuances::table
        .find(issuance)
        .select(token_issuances::batch)
        .first(conn)?;
    let (code, at, ledger_index): (String, NaiveDateTime, i64) = token_transfers::table
        .find(transfer)
        .select((
            token_transfers::code,
            token_transfers::created_at,
            token_transfers::ledger_index,
        ))
        .first(conn)?;
    Ok(Some(SerialStory {
        serial,
        batch,
        account: a.ledger_name().to_string(),
        kind: a.kind,
        code,
        at,
        ledger_index,
    }))
}
