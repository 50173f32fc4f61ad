//! The tokens area's rows in and out: programmes, accounts (system and holders, made on
//! first need), and the few facts the policy reads. Use-cases live in `service/`.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::book::Account as BookAccount;
use crate::db::AnyConnection;
use crate::db::schema::{token_accounts, token_programmes, token_verifiers};
use crate::error::AppError;
use crate::kit::codes::code_enum;

code_enum! {
    /// What an account of the book is.
    AccountKind label "token-account" {
        Issuance => "issuance",
        Buffer => "buffer",
        Retired => "retired",
        ExchangeHold => "exchange_hold",
        Holder => "holder",
    }
}

/// A programme as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    pub id: i64,
    pub slug: String,
    pub code: String,
    pub name: String,
    pub description: String,
    pub buffer_bp: i64,
    pub second_verifier_tokens: i64,
    pub rate_cents: i64,
    pub transferable: bool,
    /// The last serial issued.
    pub serials: i64,
}

type ProgrammeRow = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    bool,
    i64,
);

macro_rules! programme_columns {
    () => {
        (
            token_programmes::id,
            token_programmes::slug,
            token_programmes::code,
            token_programmes::name,
            token_programmes::description,
            token_programmes::buffer_bp,
            token_programmes::second_verifier_tokens,
            token_programmes::rate_cents,
            token_programmes::transferable,
            token_programmes::serials,
        )
    };
}

fn programme(r: ProgrammeRow) -> Programme {
    Programme {
        id: r.0,
        slug: r.1,
        code: r.2,
        name: r.3,
        description: r.4,
        buffer_bp: r.5,
        second_verifier_tokens: r.6,
        rate_cents: r.7,
        transferable: r.8,
        serials: r.9,
    }
}

pub fn programme_by_slug(conn: &mut AnyConnection, slug: &str) -> Result<Programme, AppError> {
    token_programmes::table
        .filter(token_programmes::slug.eq(slug))
        .select(programme_columns!())
        .first::<ProgrammeRow>(conn)
        .optional()?
        .map(programme)
        .ok_or(AppError::NotFound)
}

pub fn programme_by_id(conn: &mut AnyConnection, id: i64) -> Result<Programme, AppError> {
    token_programmes::table
        .find(id)
        .select(programme_columns!())
        .first::<ProgrammeRow>(conn)
        .optional()?
        .map(programme)
        .ok_or(AppError::NotFound)
}

/// Every programme, by name (a city runs a handful).
pub fn programmes(conn: &mut AnyConnection) -> Result<Vec<Programme>, AppError> {
    let rows: Vec<ProgrammeRow> = token_programmes::table
        .order(token_programmes::name.asc())
        .limit(100)
        .select(programme_columns!())
        .load(conn)?;
    Ok(rows.into_iter().map(programme).collect())
}

/// An account of the book as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub programme_id: i64,
    pub kind: AccountKind,
    pub user_id: Option<i64>,
    pub group_id: Option<i64>,
    pub pseudonym: String,
    pub balance: i64,
}

impl Account {
    /// The account as the pure book names it.
    pub fn book(&self) -> BookAccount {
        match self.kind {
            AccountKind::Issuance => BookAccount::Issuance,
            AccountKind::Buffer => BookAccount::Buffer,
            AccountKind::Retired => BookAccount::Retired,
            AccountKind::ExchangeHold => BookAccount::ExchangeHold,
            AccountKind::Holder => BookAccount::Holder(self.id),
        }
    }

    /// The account's name on the civic ledger: a holder's pseudonym, or the system
    /// account's code.
    pub fn ledger_name(&self) -> &str {
        match self.kind {
            AccountKind::Holder => &self.pseudonym,
            k => k.code(),
        }
    }
}

type AccountRow = (i64, i64, String, Option<i64>, Option<i64>, String, i64);

macro_rules! account_columns {
    () => {
        (
            token_accounts::id,
            token_accounts::programme_id,
            token_accounts::kind,
            token_accounts::user_id,
            token_accounts::group_id,
            token_accounts::pseudonym,
            token_accounts::balance,
        )
    };
}

fn account(r: AccountRow) -> Result<Account, AppError> {
    Ok(Account {
        id: r.0,
        programme_id: r.1,
        kind: AccountKind::parse(&r.2)
            .ok_or_else(|| AppError::internal(format!("token account {}: kind {:?}", r.0, r.2)))?,
        user_id: r.3,
        group_id: r.4,
        pseudonym: r.5,
        balance: r.6,
    })
}

pub fn account_by_id(conn: &mut AnyConnection, id: i64) -> Result<Account, AppError> {
    let r: AccountRow = token_accounts::table
        .find(id)
        .select(account_columns!())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    account(r)
}

/// Several accounts in one query.
pub fn accounts_by_id(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<Account>, AppError> {
    let rows: Vec<AccountRow> = token_accounts::table
        .filter(token_accounts::id.eq_any(ids))
        .select(account_columns!())
        .load(conn)?;
    rows.into_iter().map(account).collect()
}

/// A holder's account of a programme by its public pseudonym.
pub fn account_by_pseudonym(
    conn: &mut AnyConnection,
    programme: i64,
    pseudonym: &str,
) -> Result<Option<Account>, AppError> {
    let r: Option<AccountRow> = token_accounts::table
        .filter(token_accounts::programme_id.eq(programme))
        .filter(token_accounts::pseudonym.eq(pseudonym.trim()))
        .filter(token_accounts::kind.eq(AccountKind::Holder.code()))
        .select(account_columns!())
        .first(conn)
        .optional()?;
    r.map(account).transpose()
}

/// A system account of a programme (made with the programme).
pub fn system_account(
    conn: &mut AnyConnection,
    programme: i64,
    kind: AccountKind,
) -> Result<Account, AppError> {
    let r: AccountRow = token_accounts::table
        .filter(token_accounts::programme_id.eq(programme))
        .filter(token_accounts::kind.eq(kind.code()))
        .select(account_columns!())
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            AppError::internal(format!("programme {programme} has no {kind:?} account"))
        })?;
    account(r)
}

/// Whose tokens a holder account keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    Person(i64),
    Group(i64),
}

/// The holder's account of a programme, if it has one.
pub fn holder_account(
    conn: &mut AnyConnection,
    programme: i64,
    holder: Holder,
) -> Result<Option<Account>, AppError> {
    let q = token_accounts::table
        .filter(token_accounts::programme_id.eq(programme))
        .filter(token_accounts::kind.eq(AccountKind::Holder.code()))
        .select(account_columns!())
        .into_boxed();
    let q = match holder {
        Holder::Person(u) => q.filter(token_accounts::user_id.eq(u)),
        Holder::Group(g) => q.filter(token_accounts::group_id.eq(g)),
    };
    let r: Option<AccountRow> = q.first(conn).optional()?;
    r.map(account).transpose()
}

/// A fresh account pseudonym: `t_` and 20 random hex digits.
fn new_pseudonym() -> String {
    format!(
        "t_{}",
        crate::util::hex_encode(&crate::util::random_bytes::<10>())
    )
}

/// The holder's account of a programme, made if it has none yet.
pub fn open_holder_account(
    conn: &mut AnyConnection,
    programme: i64,
    holder: Holder,
    now: NaiveDateTime,
) -> Result<Account, AppError> {
    if let Some(a) = holder_account(conn, programme, holder)? {
        return Ok(a);
    }
    let (user, group) = match holder {
        Holder::Person(u) => (Some(u), None),
        Holder::Group(g) => (None, Some(g)),
    };
    diesel::insert_into(token_accounts::table)
        .values((
            token_accounts::programme_id.eq(programme),
            token_accounts::kind.eq(AccountKind::Holder.code()),
            token_accounts::user_id.eq(user),
            token_accounts::group_id.eq(group),
            token_accounts::pseudonym.eq(new_pseudonym()),
            token_accounts::balance.eq(0),
            token_accounts::created_at.eq(now),
        ))
        .execute(conn)?;
    holder_account(conn, programme, holder)?
        .ok_or_else(|| AppError::internal("a holder account just made is missing"))
}

/// Makes a programme's four system accounts.
pub fn open_system_accounts(
    conn: &mut AnyConnection,
    programme: i64,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    for kind in [
        AccountKind::Issuance,
        AccountKind::Buffer,
        AccountKind::Retired,
        AccountKind::ExchangeHold,
    ] {
        diesel::insert_into(token_accounts::table)
            .values((
                token_accounts::programme_id.eq(programme),
                token_accounts::kind.eq(kind.code()),
                token_accounts::pseudonym.eq(format!("{}-{programme}", kind.code())),
                token_accounts::balance.eq(0),
                token_accounts::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Whether `uid` is an accredited verifier of the programme.
pub fn accredited(conn: &mut AnyConnection, programme: i64, uid: i64) -> Result<bool, AppError> {
    let n: i64 = token_verifiers::table
        .filter(token_verifiers::programme_id.eq(programme))
        .filter(token_verifiers::user_id.eq(uid))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// `SUM(column)` as a BIGINT, 0 over no rows (both backends: PostgreSQL's own sum of
/// a BIGINT is a NUMERIC).
pub fn sum_of(column: &'static str) -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
    diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
        "CAST(COALESCE(SUM({column}), 0) AS BIGINT)"
    ))
}
