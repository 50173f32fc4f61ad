//! The token book: double entry with integer amounts, as plain functions (DOMAIN.md,
//! "Accounting"; the discipline of financial ledgers such as TigerBeetle).
//!
//! Every movement is a [`Transfer`] of a positive whole number of tokens from a debit
//! account to a credit account; balances are derived from the transfers (credits
//! minus debits). Transfers are never changed or removed: a correction is a new
//! transfer. The rules a transfer must keep, checked before it is applied:
//! - the issuance account is the only one that may go negative (tokens come from it);
//! - the retired account is never debited (spent and exchanged tokens are gone);
//! - no holder, the buffer or the exchange hold goes below zero;
//! - tokens reach the buffer only from issuance, and the exchange hold only from a
//!   holder, and leave it only to be retired (paid out) or returned to that holder
//!   (voided).
//!
//! [`Book::invariants`] checks the whole book at once, as `pactum tokens check` will
//! against a database: debits equal credits; issued = held + buffer + retired + in
//! exchange hold; no account but issuance below zero; every cached balance is the one
//! the transfers give.

use std::collections::BTreeMap;

/// An account of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Account {
    /// Where issued tokens come from: its balance is minus the tokens ever issued.
    Issuance,
    /// The share of each issuance withheld for later reversals (never transferable).
    Buffer,
    /// Spent and exchanged tokens: credited only, never debited.
    Retired,
    /// Tokens held while an exchange for euros awaits its payout.
    ExchangeHold,
    /// A holder: a person's or a group's wallet, by its account id.
    Holder(i64),
}

/// Why a transfer is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// An amount of zero (or one that does not fit).
    Amount,
    /// The same account on both sides.
    SameAccount,
    /// The debit would take the account below zero.
    Insufficient(Account),
    /// The retired account is never debited.
    RetiredDebited,
    /// This pair of accounts is not a movement the book allows.
    NotAllowed(Account, Account),
}

/// One immutable movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer {
    pub debit: Account,
    pub credit: Account,
    pub amount: i64,
}

/// An invariant the book breaks (none, in a sound book).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// The sum of all balances is not zero.
    DebitsNotCredits(i64),
    /// Issued differs from held + buffer + retired + exchange hold.
    SupplyMismatch { issued: i64, accounted: i64 },
    /// An account other than issuance is below zero.
    Negative(Account, i64),
    /// A cached balance that is not what the transfers give: (cached, derived).
    CachedBalance(Account, i64, i64),
    /// The retired account was debited (by this amount).
    RetiredDebited(i64),
    /// A movement the book does not allow, or of no tokens.
    NotAllowed(Transfer),
}

/// The book's transfers and the balances they give.
#[derive(Debug, Clone, Default)]
pub struct Book {
    transfers: Vec<Transfer>,
    balances: BTreeMap<Account, i64>,
}

/// Whether a movement from `debit` to `credit` is one the book allows.
fn allowed(debit: Account, credit: Account) -> bool {
    use Account::*;
    matches!(
        (debit, credit),
        // Issuance to a holder and its buffer share.
        (Issuance, Holder(_)) | (Issuance, Buffer)
        // A reversal from the buffer or from a holder back to issuance.
        | (Buffer, Issuance) | (Holder(_), Issuance)
        // Holder to holder; spending retires; an exchange holds first.
        | (Holder(_), Holder(_)) | (Holder(_), Retired) | (Holder(_), ExchangeHold)
        // An exchange paid out retires its tokens; a voided one returns them.
        | (ExchangeHold, Retired) | (ExchangeHold, Holder(_))
    )
}

impl Book {
    pub fn new() -> Book {
        Book::default()
    }

    /// An account's balance: credits minus debits.
    pub fn balance(&self, a: Account) -> i64 {
        self.balances.get(&a).copied().unwrap_or(0)
    }

    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    /// Checks a transfer against the rules and the balances, without applying it.
    pub fn check(&self, t: &Transfer) -> Result<(), Refused> {
        check_transfer(t, self.balance(t.debit), self.balance(t.credit))
    }

    /// Applies a transfer the rules allow; a refused one changes nothing.
    pub fn apply(&mut self, t: Transfer) -> Result<(), Refused> {
        self.check(&t)?;
        *self.balances.entry(t.debit).or_insert(0) -= t.amount;
        *self.balances.entry(t.credit).or_insert(0) += t.amount;
        self.transfers.push(t);
        Ok(())
    }

    /// Every invariant the book breaks, recomputed from the transfers alone (the
    /// cached balances are not trusted).
    pub fn invariants(&self) -> Vec<Broken> {
        invariants(&self.transfers, &self.balances)
    }
}

/// Checks a transfer against the rules, given the debit and credit accounts' current
/// balances: what a database posting checks under its lock.
pub fn check_transfer(
    t: &Transfer,
    debit_balance: i64,
    credit_balance: i64,
) -> Result<(), Refused> {
    if t.amount <= 0 {
        return Err(Refused::Amount);
    }
    if t.debit == t.credit {
        return Err(Refused::SameAccount);
    }
    if t.debit == Account::Retired {
        return Err(Refused::RetiredDebited);
    }
    if !allowed(t.debit, t.credit) {
        return Err(Refused::NotAllowed(t.debit, t.credit));
    }
    if t.debit != Account::Issuance && debit_balance < t.amount {
        return Err(Refused::Insufficient(t.debit));
    }
    if credit_balance.checked_add(t.amount).is_none()
        || debit_balance.checked_sub(t.amount).is_none()
    {
        return Err(Refused::Amount);
    }
    Ok(())
}

/// Every invariant a sequence of transfers breaks, with the `cached` balances beside
/// them (as a database keeps them): debits equal credits, supply accounted, nothing
/// but issuance negative, the retired account never debited, no movement the book does
/// not allow, every cached balance true.
pub fn invariants(transfers: &[Transfer], cached: &BTreeMap<Account, i64>) -> Vec<Broken> {
    let mut derived: BTreeMap<Account, i64> = BTreeMap::new();
    let mut broken = Vec::new();
    for t in transfers {
        if t.debit == Account::Retired {
            broken.push(Broken::RetiredDebited(t.amount));
        } else if t.amount <= 0 || !allowed(t.debit, t.credit) {
            broken.push(Broken::NotAllowed(*t));
        }
        *derived.entry(t.debit).or_insert(0) -= t.amount;
        *derived.entry(t.credit).or_insert(0) += t.amount;
    }
    let sum: i64 = derived.values().sum();
    if sum != 0 {
        broken.push(Broken::DebitsNotCredits(sum));
    }
    let get = |a: Account| derived.get(&a).copied().unwrap_or(0);
    let issued = -get(Account::Issuance);
    let held: i64 = derived
        .iter()
        .filter(|(a, _)| matches!(a, Account::Holder(_)))
        .map(|(_, b)| *b)
        .sum();
    let accounted =
        held + get(Account::Buffer) + get(Account::Retired) + get(Account::ExchangeHold);
    if issued != accounted {
        broken.push(Broken::SupplyMismatch { issued, accounted });
    }
    for (a, b) in &derived {
        if *a != Account::Issuance && *b < 0 {
            broken.push(Broken::Negative(*a, *b));
        }
    }
    for (a, c) in cached {
        let d = derived.get(a).copied().unwrap_or(0);
        if d != *c {
            broken.push(Broken::CachedBalance(*a, *c, d));
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::Account::*;
    use super::*;
    use proptest::prelude::*;

    fn t(debit: Account, credit: Account, amount: i64) -> Transfer {
        Transfer {
            debit,
            credit,
            amount,
        }
    }

    #[test]
    fn an_issuance_a_transfer_a_spend_and_an_exchange_keep_the_book_sound() {
        let mut b = Book::new();
        b.apply(t(Issuance, Holder(1), 686)).unwrap();
        b.apply(t(Issuance, Buffer, 36)).unwrap();
        b.apply(t(Holder(1), Holder(2), 100)).unwrap();
        b.apply(t(Holder(2), Retired, 40)).unwrap();
        b.apply(t(Holder(1), ExchangeHold, 200)).unwrap();
        b.apply(t(ExchangeHold, Retired, 150)).unwrap();
        b.apply(t(ExchangeHold, Holder(1), 50)).unwrap();
        assert_eq!(b.balance(Issuance), -722);
        assert_eq!(b.balance(Holder(1)), 436);
        assert_eq!(b.balance(Holder(2)), 60);
        assert_eq!(b.balance(Retired), 190);
        assert_eq!(b.balance(ExchangeHold), 0);
        assert_eq!(b.invariants(), Vec::new());
    }

    #[test]
    fn the_rules_refuse_what_would_break_the_book() {
        let mut b = Book::new();
        b.apply(t(Issuance, Holder(1), 10)).unwrap();
        assert_eq!(b.apply(t(Holder(1), Holder(2), 0)), Err(Refused::Amount));
        assert_eq!(b.apply(t(Holder(1), Holder(2), -3)), Err(Refused::Amount));
        assert_eq!(
            b.apply(t(Holder(1), Holder(2), 11)),
            Err(Refused::Insufficient(Holder(1)))
        );
        assert_eq!(
            b.apply(t(Holder(1), Holder(1), 1)),
            Err(Refused::SameAccount)
        );
        b.apply(t(Holder(1), Retired, 5)).unwrap();
        assert_eq!(
            b.apply(t(Retired, Holder(1), 1)),
            Err(Refused::RetiredDebited)
        );
        assert_eq!(
            b.apply(t(Holder(1), Buffer, 1)),
            Err(Refused::NotAllowed(Holder(1), Buffer)),
            "the buffer is filled by issuance only"
        );
        assert_eq!(
            b.apply(t(Issuance, Retired, 1)),
            Err(Refused::NotAllowed(Issuance, Retired))
        );
        assert_eq!(
            b.apply(t(ExchangeHold, Retired, 1)),
            Err(Refused::Insufficient(ExchangeHold))
        );
        // Refusals changed nothing.
        assert_eq!(b.transfers().len(), 2);
        assert_eq!(b.invariants(), Vec::new());
    }

    #[test]
    fn the_invariants_name_what_a_forged_book_breaks() {
        // Transfers written past the rules (as a bad migration or a hand-edited
        // database would), and a cached balance that lies.
        let mut b = Book::new();
        b.apply(t(Issuance, Holder(1), 10)).unwrap();
        b.transfers.push(t(Holder(2), Retired, 4));
        b.balances.insert(Holder(1), 99);
        let broken = b.invariants();
        assert!(
            broken.contains(&Broken::Negative(Holder(2), -4)),
            "{broken:?}"
        );
        assert!(
            broken.contains(&Broken::CachedBalance(Holder(1), 99, 10)),
            "{broken:?}"
        );
        // A transfer from nowhere: tokens that were never issued.
        let mut b = Book::new();
        b.transfers.push(Transfer {
            debit: Buffer,
            credit: Holder(1),
            amount: 5,
        });
        let buffer_to_holder = Transfer {
            debit: Buffer,
            credit: Holder(1),
            amount: 5,
        };
        assert_eq!(
            b.invariants(),
            vec![
                Broken::NotAllowed(buffer_to_holder),
                Broken::Negative(Buffer, -5)
            ]
        );
        // Tokens retired that were never anywhere: the sum of balances is not zero.
        let mut b = Book::new();
        b.balances.insert(Retired, 3);
        b.transfers.push(Transfer {
            debit: Retired,
            credit: Retired,
            amount: 0,
        });
        let broken = b.invariants();
        assert!(broken.contains(&Broken::CachedBalance(Retired, 3, 0)));
        assert!(broken.contains(&Broken::RetiredDebited(0)), "{broken:?}");
    }

    /// One random operation: which accounts and how much (many are refused, which is
    /// part of the test: a refusal must leave the book as it was).
    fn account() -> impl Strategy<Value = Account> {
        prop_oneof![
            Just(Issuance),
            Just(Buffer),
            Just(Retired),
            Just(ExchangeHold),
            (1i64..6).prop_map(Holder),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn every_sequence_of_operations_keeps_every_invariant(
            ops in proptest::collection::vec((account(), account(), -5i64..500), 1..60)
        ) {
            let mut b = Book::new();
            for (debit, credit, amount) in ops {
                let before = (b.transfers().len(), b.balance(debit), b.balance(credit));
                match b.apply(t(debit, credit, amount)) {
                    Ok(()) => prop_assert_eq!(b.transfers().len(), before.0 + 1),
                    Err(_) => prop_assert_eq!(
                        (b.transfers().len(), b.balance(debit), b.balance(credit)),
                        before
                    ),
                }
                prop_assert_eq!(b.invariants(), Vec::<Broken>::new());
            }
        }
    }
}
