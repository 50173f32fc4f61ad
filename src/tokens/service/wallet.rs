//! A holder's tokens moving (DOMAIN.md, "Spending", "Exchange"): transfers to another
//! holder where the programme allows them; spending at an acceptance point, which
//! retires the tokens and gives a voucher the service checks once; exchange for euros
//! from the civic fund at the published rate, in two phases (the tokens are held; the
//! coordinating office or an administrator pays, retiring them, or voids, returning
//! them), and the fund never pays more than it holds: an exchange is accepted only
//! while deposits minus payouts minus exchanges awaiting payout cover it.
//!
//! A holder acts for their own account, or for their group's as its referent.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::post::{self, TransferCode};
use super::requests::{self, Receipt};
use crate::accounts::api::{self as accounts, Who};
use crate::db::AnyConnection;
use crate::db::schema::{token_exchanges, token_fund_deposits, token_points, token_spends};
use crate::error::AppError;
use crate::ledger::entry::Entry;
use crate::tokens::policy::{self, AccountFacts, Action, CityFacts, Object};
use crate::tokens::store::{self, Account, AccountKind, Holder, Programme};
use crate::web::forms::Refusal;

/// The most tokens one request moves.
pub const MAX_AMOUNT: i64 = 1_000_000_000;

/// Which account a holder acts for: theirs, or a group's (`group` is its id).
fn acting_account(
    conn: &mut AnyConnection,
    who: &Who,
    p: &Programme,
    group: &str,
    action: Action,
    now: NaiveDateTime,
) -> Result<Account, Refusal> {
    let (holder, owner) = match group.trim() {
        "" => (Holder::Person(who.id), true),
        g => {
            let g = g
                .parse::<i64>()
                .map_err(|_| Refusal::field("group", "field-token-group-invalid"))?;
            let referent = accounts::group_referent(conn, g).ok();
            (Holder::Group(g), referent == Some(who.id))
        }
    };
    policy::may(
        Some(who),
        &Object::Account(AccountFacts {
            owner,
            transferable: p.transferable,
        }),
        action,
    )?;
    Ok(store::open_holder_account(conn, p.id, holder, now)?)
}

fn amount(s: &str) -> Result<i64, Refusal> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|a| (1..=MAX_AMOUNT).contains(a))
        .ok_or_else(|| Refusal::field("amount", "field-token-amount-invalid"))
}

/// A transfer as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct TransferForm {
    /// The recipient's account pseudonym (`t_…`, shown on their wallet).
    pub to: String,
    pub amount: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub idempotency_key: String,
}

pub fn transfer_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    f: &TransferForm,
    index: i64,
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    let p = store::programme_by_slug(conn, slug)?;
    let from = acting_account(conn, who, &p, &f.group, Action::Transfer, now)?;
    let amount = amount(&f.amount)?;
    let Some(to) = store::account_by_pseudonym(conn, p.id, &f.to)? else {
        return Err(Refusal::field("to", "field-token-recipient-unknown"));
    };
    if to.id == from.id {
        return Err(Refusal::field("to", "field-token-recipient-self"));
    }
    let t = post::post(conn, &from, &to, amount, TransferCode::Transfer, index, now)?;
    let entry = Entry::new("token.transferred")
        .with("programme", p.slug.as_str())
        .with("transfer", t)
        .with("from", from.ledger_name())
        .with("to", to.ledger_name())
        .with("amount", amount);
    post::appended(conn, &entry, index)?;
    Ok(Receipt::new("transfer", t))
}

/// A spend as typed: the acceptance point and how many of its service.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SpendForm {
    pub point: String,
    #[serde(default)]
    pub quantity: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub idempotency_key: String,
}

/// A voucher code: 12 characters a person can read out (no 0/O, 1/I), in groups of 4.
fn voucher_code() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = crate::util::random_bytes::<12>();
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

pub fn spend_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    f: &SpendForm,
    index: i64,
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    let p = store::programme_by_slug(conn, slug)?;
    let from = acting_account(conn, who, &p, &f.group, Action::Spend, now)?;
    let point: Option<(i64, String, i64)> = token_points::table
        .filter(token_points::programme_id.eq(p.id))
        .filter(token_points::slug.eq(f.point.trim()))
        .filter(token_points::active.eq(true))
        .select((
            token_points::id,
            token_points::slug,
            token_points::price_tokens,
        ))
        .first(conn)
        .optional()?;
    let Some((point, point_slug, price)) = point else {
        return Err(Refusal::field("point", "field-spend-point-invalid"));
    };
    let quantity = match f.quantity.trim() {
        "" => 1,
        q => q
            .parse::<i64>()
            .ok()
            .filter(|q| (1..=100).contains(q))
            .ok_or_else(|| Refusal::field("quantity", "field-spend-quantity-invalid"))?,
    };
    let tokens = price * quantity;
    let retired = store::system_account(conn, p.id, AccountKind::Retired)?;
    let t = post::post(
        conn,
        &from,
        &retired,
        tokens,
        TransferCode::Spend,
        index,
        now,
    )?;
    let voucher = voucher_code();
    let id: i64 = diesel::insert_into(token_spends::table)
        .values((
            token_spends::programme_id.eq(p.id),
            token_spends::point_id.eq(point),
            token_spends::account_id.eq(from.id),
            token_spends::tokens.eq(tokens),
            token_spends::voucher.eq(&voucher),
            token_spends::transfer_id.eq(t),
            token_spends::created_at.eq(now),
        ))
        .returning(token_spends::id)
        .get_result(conn)?;
    let entry = Entry::new("token.spent")
        .with("programme", p.slug.as_str())
        .with("transfer", t)
        .with("from", from.ledger_name())
        .with("to", retired.ledger_name())
        .with("amount", tokens)
        .with("point", point_slug.as_str())
        .with("spend", id);
    post::appended(conn, &entry, index)?;
    Ok(Receipt::new("spend", id))
}

/// The civic fund of a programme: deposits, payouts, and what held exchanges reserve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fund {
    pub deposited: i64,
    pub paid: i64,
    pub reserved: i64,
}

impl Fund {
    /// What the fund holds.
    pub fn balance(&self) -> i64 {
        self.deposited - self.paid
    }

    /// What new exchanges may still take.
    pub fn available(&self) -> i64 {
        self.balance() - self.reserved
    }
}

/// The fund's figures (three sums, each done by the database).
pub fn fund(conn: &mut AnyConnection, programme: i64) -> Result<Fund, AppError> {
    let deposited: i64 = token_fund_deposits::table
        .filter(token_fund_deposits::programme_id.eq(programme))
        .select(store::sum_of("cents"))
        .first(conn)?;
    let of = |conn: &mut AnyConnection, state: &str| -> Result<i64, AppError> {
        Ok(token_exchanges::table
            .filter(token_exchanges::programme_id.eq(programme))
            .filter(token_exchanges::state.eq(state))
            .select(store::sum_of("cents"))
            .first(conn)?)
    };
    Ok(Fund {
        deposited,
        paid: of(conn, "paid")?,
        reserved: of(conn, "held")?,
    })
}

/// An exchange as typed: how many tokens to exchange for euros.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ExchangeForm {
    pub amount: String,
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub idempotency_key: String,
}

pub fn exchange_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    f: &ExchangeForm,
    index: i64,
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    let p = store::programme_by_slug(conn, slug)?;
    let from = acting_account(conn, who, &p, &f.group, Action::Exchange, now)?;
    let tokens = amount(&f.amount)?;
    let cents = tokens
        .checked_mul(p.rate_cents)
        .ok_or_else(|| Refusal::field("amount", "field-token-amount-invalid"))?;
    if p.rate_cents == 0 {
        return Err(Refusal::field("amount", "field-exchange-closed"));
    }
    if fund(conn, p.id)?.available() < cents {
        return Err(Refusal::field("amount", "field-exchange-fund-short"));
    }
    let hold = store::system_account(conn, p.id, AccountKind::ExchangeHold)?;
    let t = post::post(
        conn,
        &from,
        &hold,
        tokens,
        TransferCode::ExchangeHold,
        index,
        now,
    )?;
    let id: i64 = diesel::insert_into(token_exchanges::table)
        .values((
            token_exchanges::programme_id.eq(p.id),
            token_exchanges::account_id.eq(from.id),
            token_exchanges::tokens.eq(tokens),
            token_exchanges::cents.eq(cents),
            token_exchanges::state.eq("held"),
            token_exchanges::hold_transfer_id.eq(t),
            token_exchanges::requested_at.eq(now),
        ))
        .returning(token_exchanges::id)
        .get_result(conn)?;
    let entry = Entry::new("token.exchange_held")
        .with("programme", p.slug.as_str())
        .with("transfer", t)
        .with("from", from.ledger_name())
        .with("to", hold.ledger_name())
        .with("amount", tokens)
        .with("exchange", id)
        .with("cents", cents);
    post::appended(conn, &entry, index)?;
    Ok(Receipt::new("exchange", id))
}

/// The payout decision as typed: `pay` or `void` (with a reason).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct SettleForm {
    pub decision: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub idempotency_key: String,
}

pub fn settle_in(
    conn: &mut AnyConnection,
    who: &Who,
    id: i64,
    f: &SettleForm,
    index: i64,
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    let facts: CityFacts = super::programmes::city_facts(conn, who)?;
    policy::may(Some(who), &Object::City(facts), Action::Pay)?;
    let row: (i64, i64, i64, i64, String) = token_exchanges::table
        .find(id)
        .select((
            token_exchanges::programme_id,
            token_exchanges::account_id,
            token_exchanges::tokens,
            token_exchanges::cents,
            token_exchanges::state,
        ))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    let (programme, account, tokens, cents, state) = row;
    if state != "held" {
        return Err(AppError::Conflict("exchange-settled").into());
    }
    let pay = match f.decision.trim() {
        "pay" => true,
        "void" => false,
        _ => return Err(Refusal::field("decision", "field-settle-decision-invalid")),
    };
    let reason = f.reason.trim();
    if (!pay && reason.is_empty()) || reason.chars().count() > 2000 {
        return Err(Refusal::field("reason", "field-settle-reason-required"));
    }
    let p = store::programme_by_id(conn, programme)?;
    if pay && fund(conn, p.id)?.balance() < cents {
        return Err(Refusal::field("decision", "field-exchange-fund-short"));
    }
    let hold = store::system_account(conn, p.id, AccountKind::ExchangeHold)?;
    let holder = store::account_by_id(conn, account)?;
    let (to, code, kind) = if pay {
        (
            store::system_account(conn, p.id, AccountKind::Retired)?,
            TransferCode::ExchangePay,
            "token.exchange_paid",
        )
    } else {
        (holder, TransferCode::ExchangeVoid, "token.exchange_voided")
    };
    let t = post::post(conn, &hold, &to, tokens, code, index, now)?;
    let n = diesel::update(
        token_exchanges::table
            .filter(token_exchanges::id.eq(id))
            .filter(token_exchanges::state.eq("held")),
    )
    .set((
        token_exchanges::state.eq(if pay { "paid" } else { "voided" }),
        token_exchanges::settle_transfer_id.eq(Some(t)),
        token_exchanges::decided_by.eq(Some(who.id)),
        token_exchanges::decided_at.eq(Some(now)),
        token_exchanges::reason.eq((!reason.is_empty()).then_some(reason)),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(AppError::Conflict("exchange-settled").into());
    }
    let entry = Entry::new(kind)
        .with("programme", p.slug.as_str())
        .with("transfer", t)
        .with("from", hold.ledger_name())
        .with("to", to.ledger_name())
        .with("amount", tokens)
        .with("exchange", id)
        .with("cents", cents)
        .with("by", accounts::pseudonym(conn, who.id)?.as_str());
    post::appended(conn, &entry, index)?;
    Ok(Receipt::new("exchange", id))
}

/// A voucher checked and used once by the service that accepts it.
pub fn redeem_in(
    conn: &mut AnyConnection,
    who: &Who,
    voucher: &str,
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    // Who could never check a voucher hears so before any code is looked up.
    let anyone = CityFacts {
        coordinating: true,
        point_office: true,
    };
    policy::may(Some(who), &Object::City(anyone), Action::Redeem)?;
    let code = voucher.trim().to_ascii_uppercase();
    let row: Option<(i64, i64, Option<NaiveDateTime>, Option<i64>)> = token_spends::table
        .inner_join(token_points::table.on(token_points::id.eq(token_spends::point_id)))
        .filter(token_spends::voucher.eq(&code))
        .select((
            token_spends::id,
            token_spends::point_id,
            token_spends::redeemed_at,
            token_points::office_id,
        ))
        .first(conn)
        .optional()?;
    let Some((id, _point, redeemed, office)) = row else {
        return Err(Refusal::field("voucher", "field-voucher-unknown"));
    };
    let mut facts = super::programmes::city_facts(conn, who)?;
    facts.point_office = match office {
        Some(o) => accounts::offices_of(conn, who.id)?.contains(&o),
        None => false,
    };
    policy::may(Some(who), &Object::City(facts), Action::Redeem)?;
    if redeemed.is_some() {
        return Err(Refusal::field("voucher", "field-voucher-used"));
    }
    let n = diesel::update(
        token_spends::table
            .filter(token_spends::id.eq(id))
            .filter(token_spends::redeemed_at.is_null()),
    )
    .set((
        token_spends::redeemed_at.eq(Some(now)),
        token_spends::redeemed_by.eq(Some(who.id)),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(Refusal::field("voucher", "field-voucher-used"));
    }
    Ok(Receipt::new("redeem", id))
}

/// Runs a wallet operation once per idempotency key (the web's use-cases).
async fn once<F>(
    ports: &crate::ports::Ports,
    who: &Who,
    key: &str,
    fingerprint: String,
    op: F,
) -> Result<Receipt, Refusal>
where
    F: FnOnce(&mut AnyConnection, &Who, i64, NaiveDateTime) -> Result<Receipt, Refusal>
        + Send
        + 'static,
{
    let (w, now) = (who.clone(), ports.clock.now());
    requests::once(
        &ports.db,
        who.id,
        key,
        fingerprint,
        now,
        move |conn, index| op(conn, &w, index, now),
    )
    .await
}

pub async fn transfer(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    f: TransferForm,
) -> Result<Receipt, Refusal> {
    let fp = requests::fingerprint(&["transfer", slug, &f.to, &f.amount, &f.group]);
    let (s, key) = (slug.to_string(), f.idempotency_key.clone());
    once(ports, who, &key, fp, move |conn, w, index, now| {
        transfer_in(conn, w, &s, &f, index, now)
    })
    .await
}

pub async fn spend(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    f: SpendForm,
) -> Result<Receipt, Refusal> {
    let fp = requests::fingerprint(&["spend", slug, &f.point, &f.quantity, &f.group]);
    let (s, key) = (slug.to_string(), f.idempotency_key.clone());
    once(ports, who, &key, fp, move |conn, w, index, now| {
        spend_in(conn, w, &s, &f, index, now)
    })
    .await
}

pub async fn exchange(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    f: ExchangeForm,
) -> Result<Receipt, Refusal> {
    let fp = requests::fingerprint(&["exchange", slug, &f.amount, &f.group]);
    let (s, key) = (slug.to_string(), f.idempotency_key.clone());
    once(ports, who, &key, fp, move |conn, w, index, now| {
        exchange_in(conn, w, &s, &f, index, now)
    })
    .await
}

pub async fn settle(
    ports: &crate::ports::Ports,
    who: &Who,
    id: i64,
    f: SettleForm,
) -> Result<Receipt, Refusal> {
    let id_text = id.to_string();
    let fp = requests::fingerprint(&["settle", &id_text, &f.decision, &f.reason]);
    let key = f.idempotency_key.clone();
    once(ports, who, &key, fp, move |conn, w, index, now| {
        settle_in(conn, w, id, &f, index, now)
    })
    .await
}

pub async fn redeem(
    ports: &crate::ports::Ports,
    who: &Who,
    voucher: String,
    key: String,
) -> Result<Receipt, Refusal> {
    let fp = requests::fingerprint(&["redeem", &voucher]);
    once(ports, who, &key, fp, move |conn, w, _, now| {
        redeem_in(conn, w, &voucher, now)
    })
    .await
}
