//! The one way tokens move: a transfer posted under the civic ledger's lock, checked
//! against the book's rules with the accounts' current balances, written as an
//! immutable row, with the cached balances and the serials' lots following it.
//!
//! Every token write first takes the ledger head's lock ([`begin`]): the write appends
//! its entry under that lock anyway, and taking it first makes the balances it reads
//! current (on PostgreSQL, every instance queues there; SQLite has one writer).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{token_accounts, token_lots, token_transfers};
use crate::error::AppError;
use crate::kit::codes::code_enum;
use crate::tokens::model::book::{self, Refused, Transfer};
use crate::tokens::store::Account;
use crate::web::forms::Refusal;

code_enum! {
    /// Why tokens moved.
    TransferCode label "token-transfer" {
        Issue => "issue",
        Buffer => "buffer",
        Transfer => "transfer",
        Spend => "spend",
        ExchangeHold => "exchange_hold",
        ExchangePay => "exchange_pay",
        ExchangeVoid => "exchange_void",
    }
}

/// Takes the ledger's lock for a token write; returns the index its entry will have.
pub fn begin(conn: &mut AnyConnection) -> Result<i64, AppError> {
    Ok(crate::db::lock_ledger_head(conn)?)
}

/// Checks that the next ledger entry gets the index the write's rows name.
pub fn appended(
    conn: &mut AnyConnection,
    entry: &crate::ledger::entry::Entry,
    index: i64,
) -> Result<(), AppError> {
    let got = crate::ledger::kinds::append(conn, entry)?;
    if got != index {
        return Err(AppError::internal(format!(
            "a token write expected ledger index {index}, got {got}"
        )));
    }
    Ok(())
}

/// Posts `amount` tokens from `debit` to `credit`; returns the transfer's id. The
/// serials move with them, lowest first, unless the debit is the issuance account
/// (issuance makes its serials' lots itself). Refuses, as a form error on `amount`,
/// more tokens than the debit holds.
#[allow(clippy::too_many_arguments)]
pub fn post(
    conn: &mut AnyConnection,
    debit: &Account,
    credit: &Account,
    amount: i64,
    code: TransferCode,
    ledger_index: i64,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    if debit.programme_id != credit.programme_id {
        return Err(AppError::internal("a transfer between two programmes").into());
    }
    let balances: Vec<(i64, i64)> = token_accounts::table
        .filter(token_accounts::id.eq_any([debit.id, credit.id]))
        .select((token_accounts::id, token_accounts::balance))
        .load(conn)?;
    let of = |id: i64| {
        balances
            .iter()
            .find(|b| b.0 == id)
            .map(|b| b.1)
            .unwrap_or(0)
    };
    let t = Transfer {
        debit: debit.book(),
        credit: credit.book(),
        amount,
    };
    match book::check_transfer(&t, of(debit.id), of(credit.id)) {
        Ok(()) => {}
        Err(Refused::Insufficient(_)) => {
            return Err(Refusal::field("amount", "field-token-amount-insufficient"));
        }
        Err(Refused::Amount) => return Err(Refusal::field("amount", "field-token-amount-invalid")),
        Err(other) => {
            return Err(
                AppError::internal(format!("a transfer the book refuses: {other:?}")).into(),
            );
        }
    }
    let id: i64 = diesel::insert_into(token_transfers::table)
        .values((
            token_transfers::programme_id.eq(debit.programme_id),
            token_transfers::debit_id.eq(debit.id),
            token_transfers::credit_id.eq(credit.id),
            token_transfers::amount.eq(amount),
            token_transfers::code.eq(code.code()),
            token_transfers::ledger_index.eq(ledger_index),
            token_transfers::created_at.eq(now),
        ))
        .returning(token_transfers::id)
        .get_result(conn)?;
    diesel::update(token_accounts::table.find(debit.id))
        .set(token_accounts::balance.eq(token_accounts::balance - amount))
        .execute(conn)?;
    diesel::update(token_accounts::table.find(credit.id))
        .set(token_accounts::balance.eq(token_accounts::balance + amount))
        .execute(conn)?;
    if t.debit != book::Account::Issuance {
        move_lots(conn, debit.id, credit.id, amount, id)?;
    }
    Ok(id)
}

/// Moves the debit account's lowest `amount` serials to the credit account, splitting
/// the last lot when it must.
fn move_lots(
    conn: &mut AnyConnection,
    debit: i64,
    credit: i64,
    amount: i64,
    transfer: i64,
) -> Result<(), AppError> {
    let lots: Vec<(i64, i64, i64, i64, i64)> = token_lots::table
        .filter(token_lots::account_id.eq(debit))
        .order(token_lots::serial_first.asc())
        .limit(amount)
        .select((
            token_lots::id,
            token_lots::programme_id,
            token_lots::issuance_id,
            token_lots::serial_first,
            token_lots::serial_last,
        ))
        .load(conn)?;
    let mut left = amount;
    for (id, programme, issuance, first, last) in lots {
        if left == 0 {
            break;
        }
        let len = last - first + 1;
        if len <= left {
            diesel::update(token_lots::table.find(id))
                .set((
                    token_lots::account_id.eq(credit),
                    token_lots::transfer_id.eq(transfer),
                ))
                .execute(conn)?;
            left -= len;
        } else {
            diesel::insert_into(token_lots::table)
                .values((
                    token_lots::programme_id.eq(programme),
                    token_lots::account_id.eq(credit),
                    token_lots::issuance_id.eq(issuance),
                    token_lots::serial_first.eq(first),
                    token_lots::serial_last.eq(first + left - 1),
                    token_lots::transfer_id.eq(transfer),
                ))
                .execute(conn)?;
            diesel::update(token_lots::table.find(id))
                .set(token_lots::serial_first.eq(first + left))
                .execute(conn)?;
            left = 0;
        }
    }
    if left != 0 {
        return Err(AppError::internal(format!(
            "account {debit} holds fewer serials than its balance ({left} missing)"
        )));
    }
    Ok(())
}
