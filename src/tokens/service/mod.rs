//! The tokens' use-cases, one file per group: `programmes` (programmes, methodologies,
//! verifiers, acceptance points, the civic fund's deposits), `claims` (filing,
//! answering, withdrawing), `reviews` (verification and issuance), `wallet` (transfers,
//! spending, exchange and its payout, vouchers), `check` (the invariants against the
//! database). `post` is the one way tokens move; `requests` makes every mutating
//! request idempotent. Each use-case opens its transaction, asks `tokens::policy`
//! whether its actor may act, applies the model's rule and writes.

pub mod check;
pub mod claims;
pub mod open_data;
pub mod pages;
pub mod post;
pub mod programmes;
pub mod requests;
pub mod reviews;
pub mod wallet;
