//! The token invariants checked against the database (`pactum tokens check`, and the
//! tests after every operation). Each broken invariant is named in one line:
//! - debits equal credits; issued = held + buffer + retired + in exchange hold; no
//!   account but issuance below zero; the retired account never debited; only the
//!   movements the book allows; every cached balance the one the transfers give;
//! - serial ranges disjoint and complete (the lots cover 1..serials exactly once), and
//!   each account's serials as many as its balance;
//! - one issuance per claim, and an issued claim has one; the issuances' tokens are
//!   what the issuance account gave;
//! - the civic fund never negative, nor below what held exchanges reserve.
//!
//! Balances are summed by the database (grouped by account), so the check's memory
//! does not grow with the number of transfers; the lots are read once per programme.

use std::collections::BTreeMap;

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    token_accounts, token_claims, token_issuances, token_lots, token_transfers,
};
use crate::error::AppError;
use crate::tokens::model::book::{self, Account as BookAccount, Broken, Transfer};
use crate::tokens::model::review::ClaimState;
use crate::tokens::model::serials::{self, Range};
use crate::tokens::store::{self, Account, AccountKind};

fn describe(b: &Broken, name: &dyn Fn(BookAccount) -> String) -> String {
    match b {
        Broken::DebitsNotCredits(sum) => {
            format!("debits do not equal credits: all balances sum to {sum}")
        }
        Broken::SupplyMismatch { issued, accounted } => format!(
            "supply: {issued} issued but {accounted} held, buffered, retired or in exchange hold"
        ),
        Broken::Negative(a, b) => format!("account {} is negative ({b})", name(*a)),
        Broken::CachedBalance(a, cached, derived) => format!(
            "account {}: cached balance {cached}, transfers give {derived}",
            name(*a)
        ),
        Broken::RetiredDebited(amount) => {
            format!("the retired account was debited ({amount} tokens)")
        }
        Broken::NotAllowed(t) => format!(
            "a movement the book does not allow: {} to {} ({} tokens)",
            name(t.debit),
            name(t.credit),
            t.amount
        ),
    }
}

/// Every invariant one programme breaks, one line each.
pub fn programme_in(conn: &mut AnyConnection, programme: i64) -> Result<Vec<String>, AppError> {
    let p = store::programme_by_id(conn, programme)?;
    let ids: Vec<i64> = token_accounts::table
        .filter(token_accounts::programme_id.eq(p.id))
        .select(token_accounts::id)
        .load(conn)?;
    let accounts: Vec<Account> = store::accounts_by_id(conn, &ids)?;
    let by_id: BTreeMap<i64, &Account> = accounts.iter().map(|a| (a.id, a)).collect();
    let name = |a: BookAccount| -> String {
        match a {
            BookAccount::Holder(id) => by_id
                .get(&id)
                .map(|a| a.pseudonym.clone())
                .unwrap_or_else(|| format!("#{id}")),
            other => format!("{other:?}").to_lowercase(),
        }
    };
    // Each (debit, credit) pair's total: enough for every book invariant, summed by
    // the database.
    let pairs: Vec<(i64, i64, i64)> = token_transfers::table
        .filter(token_transfers::programme_id.eq(p.id))
        .group_by((token_transfers::debit_id, token_transfers::credit_id))
        .select((
            token_transfers::debit_id,
            token_transfers::credit_id,
            store::sum_of("amount"),
        ))
        .load(conn)?;
    let mut out = Vec::new();
    let mut transfers = Vec::new();
    for (d, c, amount) in pairs {
        match (by_id.get(&d), by_id.get(&c)) {
            (Some(d), Some(c)) => transfers.push(Transfer {
                debit: d.book(),
                credit: c.book(),
                amount,
            }),
            _ => out.push(format!(
                "a transfer names an account of another programme ({d}, {c})"
            )),
        }
    }
    let cached: BTreeMap<BookAccount, i64> =
        accounts.iter().map(|a| (a.book(), a.balance)).collect();
    out.extend(
        book::invariants(&transfers, &cached)
            .iter()
            .map(|b| describe(b, &name)),
    );

    // Serials: the lots cover 1..serials exactly once, each account's as many as its
    // balance.
    let lots: Vec<(i64, i64, i64)> = token_lots::table
        .filter(token_lots::programme_id.eq(p.id))
        .order(token_lots::serial_first.asc())
        .select((
            token_lots::account_id,
            token_lots::serial_first,
            token_lots::serial_last,
        ))
        .load(conn)?;
    let ranges: Vec<Range> = lots
        .iter()
        .map(|l| Range {
            first: l.1,
            last: l.2,
        })
        .collect();
    out.extend(
        serials::check_ranges(&ranges, p.serials)
            .into_iter()
            .map(|m| format!("serials: {m}")),
    );
    let mut in_lots: BTreeMap<i64, i64> = BTreeMap::new();
    for (account, first, last) in &lots {
        *in_lots.entry(*account).or_insert(0) += last - first + 1;
    }
    for a in &accounts {
        if a.kind == AccountKind::Issuance {
            if in_lots.contains_key(&a.id) {
                out.push("serials: the issuance account holds serials".into());
            }
            continue;
        }
        let held = in_lots.get(&a.id).copied().unwrap_or(0);
        if held != a.balance {
            out.push(format!(
                "serials: account {} holds {held} serials for a balance of {}",
                name(a.book()),
                a.balance
            ));
        }
    }

    // One issuance per claim, and every issued claim issued.
    let issuances: Vec<(i64, i64, i64, i64, i64)> = token_issuances::table
        .filter(token_issuances::programme_id.eq(p.id))
        .select((
            token_issuances::claim_id,
            token_issuances::holder_tokens,
            token_issuances::buffer_tokens,
            token_issuances::serial_first,
            token_issuances::serial_last,
        ))
        .load(conn)?;
    let issued_claims: Vec<i64> = token_claims::table
        .filter(token_claims::programme_id.eq(p.id))
        .filter(token_claims::state.eq(ClaimState::Issued.code()))
        .select(token_claims::id)
        .load(conn)?;
    let mut seen = std::collections::BTreeSet::new();
    for (claim, ..) in &issuances {
        if !seen.insert(*claim) {
            out.push(format!("claim {claim} was issued more than once"));
        }
        if !issued_claims.contains(claim) {
            out.push(format!("claim {claim} has an issuance but is not issued"));
        }
    }
    for c in &issued_claims {
        if !seen.contains(c) {
            out.push(format!("claim {c} is issued but has no issuance"));
        }
    }
    let total: i64 = issuances.iter().map(|i| i.1 + i.2).sum();
    let issuance_balance = accounts
        .iter()
        .find(|a| a.kind == AccountKind::Issuance)
        .map(|a| a.balance)
        .unwrap_or(0);
    if total != -issuance_balance {
        out.push(format!(
            "issuances total {total} tokens but the issuance account gave {}",
            -issuance_balance
        ));
    }
    let mut serial_ranges: Vec<Range> = issuances
        .iter()
        .map(|i| Range {
            first: i.3,
            last: i.4,
        })
        .collect();
    serial_ranges.sort();
    out.extend(
        serials::check_ranges(&serial_ranges, p.serials)
            .into_iter()
            .map(|m| format!("issuance ranges: {m}")),
    );

    // The civic fund.
    let fund = super::wallet::fund(conn, p.id)?;
    if fund.balance() < 0 {
        out.push(format!(
            "the civic fund is negative ({} cents)",
            fund.balance()
        ));
    }
    if fund.available() < 0 {
        out.push(format!(
            "held exchanges reserve {} cents but the fund holds {}",
            fund.reserved,
            fund.balance()
        ));
    }
    Ok(out
        .into_iter()
        .map(|m| format!("{}: {m}", p.slug))
        .collect())
}

/// Every invariant every programme breaks.
pub fn all_in(conn: &mut AnyConnection) -> Result<Vec<String>, AppError> {
    let mut out = Vec::new();
    for p in store::programmes(conn)? {
        out.extend(programme_in(conn, p.id)?);
    }
    Ok(out)
}
