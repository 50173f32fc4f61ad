//! The tokens' replay of the civic ledger (`pactum ledger audit`): from the public
//! entries alone, each programme's book is rebuilt and every rule checked as the
//! entries come, in log order:
//! - a programme is declared once, before its other entries, with its terms;
//! - a claim is issued once, after its approvals (two by different verifiers above the
//!   programme's threshold), with the tokens the verifiers saw, split by the buffer
//!   share as the programme declared it, on the next contiguous serial range;
//! - every movement is one the book allows (no holder below zero, retired never
//!   debited, the exchange hold only from a holder and only back to it or retired);
//! - an exchange is held once and settled once, for the tokens and cents it was held
//!   with, at the programme's rate; the civic fund never pays more than it received;
//! - at the end, the book's invariants (debits equal credits, supply accounted).
//!
//! Entries carry account pseudonyms and amounts, never names.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::model::book::{Account, Book, Transfer};
use super::model::serials;
use crate::ledger::audit::{AreaAuditor, Fetch, Finding};

const KINDS: &[&str] = &[
    "token.programme",
    "token.claim_reviewed",
    "token.issued",
    "token.transferred",
    "token.spent",
    "token.exchange_held",
    "token.exchange_paid",
    "token.exchange_voided",
    "token.fund_deposit",
];

/// What the replay knows of one programme.
#[derive(Default)]
struct Programme {
    buffer_bp: i64,
    threshold: i64,
    rate_cents: i64,
    book: Book,
    holders: BTreeMap<String, i64>,
    serials: i64,
    /// Claim → (tokens reviewed, approving verifiers since the last request for more).
    approvals: BTreeMap<i64, (i64, BTreeSet<String>)>,
    issued: BTreeSet<i64>,
    /// Exchange → (tokens, cents, holder) while held.
    held: BTreeMap<i64, (i64, i64, String)>,
    settled: BTreeSet<i64>,
    deposited: i64,
    paid: i64,
    spent: i64,
    exchanged: i64,
    grams: i64,
}

/// The replay of every programme's entries.
#[derive(Default)]
pub struct TokenAuditor {
    programmes: BTreeMap<String, Programme>,
    /// Where to read each programme's published supply, if comparing.
    fetch: Option<Box<dyn Fetch>>,
    size: u64,
}

fn int(e: &Map<String, Value>, k: &str) -> i64 {
    e.get(k).and_then(Value::as_i64).unwrap_or(-1)
}

fn text<'a>(e: &'a Map<String, Value>, k: &str) -> &'a str {
    e.get(k).and_then(Value::as_str).unwrap_or("")
}

impl Programme {
    fn account(&mut self, name: &str) -> Account {
        match name {
            "issuance" => Account::Issuance,
            "buffer" => Account::Buffer,
            "retired" => Account::Retired,
            "exchange_hold" => Account::ExchangeHold,
            holder => {
                let next = self.holders.len() as i64 + 1;
                Account::Holder(*self.holders.entry(holder.to_string()).or_insert(next))
            }
        }
    }

    fn apply(&mut self, index: u64, from: &str, to: &str, amount: i64) -> Result<(), Finding> {
        let t = Transfer {
            debit: self.account(from),
            credit: self.account(to),
            amount,
        };
        self.book.apply(t).map_err(|r| {
            Finding::at(
                index,
                format!("a movement the book refuses ({from} to {to}, {amount}): {r:?}"),
            )
        })
    }

    fn movement(&mut self, index: u64, e: &Map<String, Value>) -> Result<(), Finding> {
        self.apply(index, text(e, "from"), text(e, "to"), int(e, "amount"))
    }
}

impl TokenAuditor {
    fn see_in(&mut self, index: u64, e: &Map<String, Value>) -> Result<(), Finding> {
        let kind = text(e, "kind");
        let slug = text(e, "programme").to_string();
        if kind == "token.programme" {
            if self.programmes.contains_key(&slug) {
                return Err(Finding::at(
                    index,
                    format!("programme {slug} declared twice"),
                ));
            }
            self.programmes.insert(
                slug,
                Programme {
                    buffer_bp: int(e, "buffer_bp"),
                    threshold: int(e, "second_verifier_tokens"),
                    rate_cents: int(e, "rate_cents"),
                    ..Programme::default()
                },
            );
            return Ok(());
        }
        let Some(p) = self.programmes.get_mut(&slug) else {
            return Err(Finding::at(
                index,
                format!("{kind} of the undeclared programme {slug}"),
            ));
        };
        match kind {
            "token.claim_reviewed" => {
                let claim = int(e, "claim");
                let entry = p
                    .approvals
                    .entry(claim)
                    .or_insert((int(e, "tokens"), BTreeSet::new()));
                entry.0 = int(e, "tokens");
                match text(e, "decision") {
                    "approve" => {
                        entry.1.insert(text(e, "verifier").to_string());
                    }
                    _ => entry.1.clear(),
                }
                Ok(())
            }
            "token.issued" => {
                let claim = int(e, "claim");
                if !p.issued.insert(claim) {
                    return Err(Finding::at(index, format!("claim {claim} issued twice")));
                }
                let (holder_tokens, buffer_tokens) =
                    (int(e, "holder_tokens"), int(e, "buffer_tokens"));
                let tokens = holder_tokens + buffer_tokens;
                let (reviewed, approvers) = p.approvals.get(&claim).cloned().unwrap_or_default();
                let needed = if tokens > p.threshold { 2 } else { 1 };
                if approvers.len() < needed {
                    return Err(Finding::at(
                        index,
                        format!(
                            "claim {claim} issued with {} approval(s), {needed} needed",
                            approvers.len()
                        ),
                    ));
                }
                if reviewed != tokens {
                    return Err(Finding::at(
                        index,
                        format!("claim {claim}: {tokens} tokens issued, {reviewed} reviewed"),
                    ));
                }
                if serials::split(tokens, p.buffer_bp) != Some((holder_tokens, buffer_tokens)) {
                    return Err(Finding::at(
                        index,
                        format!("claim {claim}: the buffer share is not the programme's"),
                    ));
                }
                let expected = serials::next_range(p.serials, tokens);
                if expected.map(|r| (r.first, r.last))
                    != Some((int(e, "serial_first"), int(e, "serial_last")))
                {
                    return Err(Finding::at(
                        index,
                        format!("claim {claim}: serials not the next contiguous range"),
                    ));
                }
                p.serials = int(e, "serial_last");
                p.grams += int(e, "avoided_grams");
                let holder = text(e, "holder").to_string();
                if holder_tokens > 0 {
                    p.apply(index, "issuance", &holder, holder_tokens)?;
                }
                if buffer_tokens > 0 {
                    p.apply(index, "issuance", "buffer", buffer_tokens)?;
                }
                Ok(())
            }
            "token.transferred" => p.movement(index, e),
            "token.spent" => {
                p.movement(index, e)?;
                p.spent += int(e, "amount");
                Ok(())
            }
            "token.exchange_held" => {
                let (id, tokens, cents) = (int(e, "exchange"), int(e, "amount"), int(e, "cents"));
                if p.held.contains_key(&id) || p.settled.contains(&id) {
                    return Err(Finding::at(index, format!("exchange {id} held twice")));
                }
                if tokens.checked_mul(p.rate_cents) != Some(cents) {
                    return Err(Finding::at(
                        index,
                        format!("exchange {id}: {cents} cents for {tokens} tokens is not the rate"),
                    ));
                }
                p.movement(index, e)?;
                p.held
                    .insert(id, (tokens, cents, text(e, "from").to_string()));
                Ok(())
            }
            "token.exchange_paid" | "token.exchange_voided" => {
                let id = int(e, "exchange");
                let Some((tokens, cents, holder)) = p.held.remove(&id) else {
                    return Err(Finding::at(
                        index,
                        format!("exchange {id} settled but not held"),
                    ));
                };
                p.settled.insert(id);
                if (tokens, cents) != (int(e, "amount"), int(e, "cents")) {
                    return Err(Finding::at(
                        index,
                        format!("exchange {id} settled for other amounts"),
                    ));
                }
                let paid = kind == "token.exchange_paid";
                let to = if paid { "retired" } else { holder.as_str() };
                if text(e, "to") != to || text(e, "from") != "exchange_hold" {
                    return Err(Finding::at(
                        index,
                        format!("exchange {id} settled to the wrong account"),
                    ));
                }
                p.movement(index, e)?;
                if paid {
                    p.exchanged += tokens;
                    p.paid += cents;
                    if p.paid > p.deposited {
                        return Err(Finding::at(
                            index,
                            format!(
                                "the civic fund paid {} cents but received {}",
                                p.paid, p.deposited
                            ),
                        ));
                    }
                }
                Ok(())
            }
            "token.fund_deposit" => {
                p.deposited += int(e, "cents");
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

impl AreaAuditor for TokenAuditor {
    fn area(&self) -> &'static str {
        "tokens"
    }

    fn kinds(&self) -> &'static [&'static str] {
        KINDS
    }

    fn log_size(&mut self, size: u64) {
        self.size = size;
    }

    fn see(&mut self, index: u64, entry: &Map<String, Value>) -> Result<(), Finding> {
        self.see_in(index, entry)
    }

    fn finish(self: Box<Self>) -> Vec<Finding> {
        let mut out = Vec::new();
        for (slug, p) in &self.programmes {
            for b in p.book.invariants() {
                out.push(Finding {
                    index: None,
                    what: format!("programme {slug}: {b:?}"),
                });
            }
            if let Some(fetch) = &self.fetch {
                out.extend(compare(fetch.as_ref(), slug, p, self.size));
            }
        }
        out
    }
}

/// The supply the replay gives, by the names the site's JSON uses.
fn replayed(p: &Programme) -> Vec<(&'static str, i64)> {
    let issued = -p.book.balance(Account::Issuance);
    let (buffer, retired, hold) = (
        p.book.balance(Account::Buffer),
        p.book.balance(Account::Retired),
        p.book.balance(Account::ExchangeHold),
    );
    let reserved: i64 = p.held.values().map(|h| h.1).sum();
    vec![
        ("verified_kg", p.grams / 1000),
        ("issued", issued),
        ("buffer", buffer),
        ("spent", p.spent),
        ("exchanged", p.exchanged),
        ("in_exchange", hold),
        ("held", issued - buffer - retired - hold),
        ("outstanding", issued - retired),
        ("fund_cents", p.deposited - p.paid),
        ("fund_reserved_cents", reserved),
    ]
}

/// Compares a programme's replayed supply with the site's, for the audited size.
fn compare(fetch: &dyn Fetch, slug: &str, p: &Programme, size: u64) -> Vec<Finding> {
    let at = |what: String| Finding { index: None, what };
    let path = format!("/api/v1/tokens/{slug}?size={size}");
    let body = match fetch.get(&path) {
        Ok(b) => b,
        Err(e) => return vec![at(format!("programme {slug}: {e}"))],
    };
    let Ok(v) = serde_json::from_slice::<Value>(&body) else {
        return vec![at(format!("programme {slug}: {path} is not JSON"))];
    };
    replayed(p)
        .into_iter()
        .filter_map(|(name, mine)| {
            let theirs = v["supply"][name].as_i64();
            (theirs != Some(mine)).then(|| {
                at(format!(
                    "programme {slug}: the site publishes {name} = {} where the ledger gives {mine}",
                    theirs.map_or("nothing".to_string(), |t| t.to_string())
                ))
            })
        })
        .collect()
}

/// The tokens' ledger auditor: each programme's book replayed from the entries alone.
pub fn ledger_auditor() -> Box<dyn AreaAuditor> {
    Box::new(TokenAuditor::default())
}

/// The same, also comparing each programme's replayed supply with what the site
/// behind `fetch` publishes at the audited size (`pactum ledger audit`).
pub fn ledger_auditor_of(fetch: Box<dyn Fetch>) -> Box<dyn AreaAuditor> {
    Box::new(TokenAuditor {
        fetch: Some(fetch),
        ..TokenAuditor::default()
    })
}
