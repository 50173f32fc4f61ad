//! Who may do what with decarbonisation tokens: the one place the area's permissions
//! are decided. Services enforce it inside their use-cases; pages show their buttons
//! from it. Pure: the actor is the kit's `Who`, the objects the few facts the rules read.
//!
//! - Administrators run programmes: create them, publish methodologies, accredit
//!   verifiers, set up acceptance points, record deposits into the civic fund.
//! - A verified person claims for themselves, or for a group they belong to.
//! - An accredited verifier of the claim's programme reviews it, unless they filed it
//!   or belong to the claimant group; the second approval comes from another verifier.
//! - A holder moves their own tokens: a person their account, a group's referent the
//!   group's. Transfers only where the programme allows them.
//! - The city's money moves by the coordinating office's officials or an
//!   administrator (payouts of exchanges); a voucher is checked by the acceptance
//!   point's office, the coordinating office, or an administrator.

use super::model::review::ClaimState;
use crate::kit::actor::Who;
use crate::kit::roles::Role;

pub use crate::kit::refusal::Denied;

/// What someone may ask of the tokens area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Create a programme, publish a methodology, accredit a verifier, set up
    /// acceptance points (administrators).
    Administer,
    /// Record a deposit into the civic fund (administrators, coordinating office).
    Deposit,
    /// File a claim: for oneself, or for a group one belongs to.
    Claim {
        for_group: Option<bool>,
    },
    /// Read a claim's details and evidence.
    See,
    /// Decide on a claim as a verifier.
    Review,
    /// Answer a request for more information (the claimant's side).
    Answer,
    /// Withdraw a claim not yet decided (the claimant's side).
    Withdraw,
    /// Move tokens out of an account: transfer, spend, exchange.
    Transfer,
    Spend,
    Exchange,
    /// Approve or void an exchange's payout (coordinating office, administrators).
    Pay,
    /// Check and use a voucher once (the point's office, coordinating office, admins).
    Redeem,
}

/// A claim, and the actor's ties to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimFacts {
    pub state: ClaimState,
    /// The actor filed it.
    pub filed: bool,
    /// The actor belongs to the group it was filed for.
    pub group_member: bool,
    /// The actor is an accredited verifier of the claim's programme.
    pub accredited: bool,
    /// The actor has already approved it (the first of two approvals).
    pub approved_once: bool,
}

/// A token account, and the actor's tie to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountFacts {
    /// The actor speaks for the account: it is theirs, or their group's and they are
    /// its referent.
    pub owner: bool,
    /// The programme lets holders transfer to one another.
    pub transferable: bool,
}

/// The city's side of an exchange or a voucher, and the actor's offices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityFacts {
    /// The actor is an official of the coordinating office.
    pub coordinating: bool,
    /// The actor is an official of the office the acceptance point belongs to.
    pub point_office: bool,
}

/// What the action is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    Programme,
    Claim(ClaimFacts),
    Account(AccountFacts),
    City(CityFacts),
}

fn allow(ok: bool) -> Result<(), Denied> {
    if ok { Ok(()) } else { Err(Denied) }
}

/// Whether `who` may do `action` on `object`.
pub fn may(who: Option<&Who>, object: &Object, action: Action) -> Result<(), Denied> {
    let Some(w) = who else {
        return Err(Denied);
    };
    let admin = w.has(Role::Admin);
    match (object, action) {
        (Object::Programme, Action::Administer) => allow(admin),
        (Object::Programme, Action::Claim { for_group }) => {
            allow(w.verified && for_group != Some(false))
        }
        (Object::Claim(c), Action::See) => {
            allow(admin || c.filed || c.group_member || (c.accredited && w.has(Role::Verifier)))
        }
        (Object::Claim(c), Action::Review) => allow(
            w.has(Role::Verifier)
                && c.accredited
                && !c.filed
                && !c.group_member
                && !c.approved_once
                && c.state.in_queue(),
        ),
        (Object::Claim(c), Action::Answer) => {
            allow((c.filed || c.group_member) && c.state == ClaimState::InfoRequested)
        }
        (Object::Claim(c), Action::Withdraw) => allow(
            (c.filed || c.group_member)
                && matches!(c.state, ClaimState::Submitted | ClaimState::InfoRequested),
        ),
        (Object::Account(a), Action::Transfer) => allow(a.owner && a.transferable),
        (Object::Account(a), Action::Spend | Action::Exchange) => allow(a.owner),
        (Object::City(c), Action::Deposit | Action::Pay) => {
            allow(admin || (w.has(Role::Official) && c.coordinating))
        }
        (Object::City(c), Action::Redeem) => {
            allow(admin || (w.has(Role::Official) && (c.coordinating || c.point_office)))
        }
        _ => Err(Denied),
    }
}

#[cfg(test)]
mod tests;
