//! The assemblies' use-cases, one file per group: `bodies` (create, edit, facilitators,
//! the list and the page) and `membership` (join, leave, requests, delegates). Each
//! opens its transaction, asks `assemblies::policy` whether its actor may act, applies
//! the model's rule and writes.

use crate::accounts::api::Who;
use crate::assemblies::policy::{self, Action, Object};
use crate::assemblies::store::{self, Body};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::ports::Ports;
use crate::web::rate_limit::Limit;

pub mod amendments;
pub mod bodies;
pub mod meetings;
pub mod membership;
pub mod motions;
pub mod open_data;
pub mod recommendation_pages;
pub mod recommendations;
pub mod vote_pages;
pub mod votes;

pub use bodies::{BodyCard, BodyPage, create, edit, list, page};
pub use membership::{Decision, MemberLine, MemberList};

/// Membership changes per person per hour (joining, leaving, asking for a group).
const MEMBERSHIP_PER_HOUR: Limit = Limit::new(30, 3600);

/// Loads a body and its facts for `who`, and refuses unless the policy allows
/// `action`.
fn allow(
    conn: &mut AnyConnection,
    slug: &str,
    who: Option<&Who>,
    action: Action,
) -> Result<(Body, policy::Facts), AppError> {
    let b = store::by_slug(conn, slug)?;
    let facts = store::facts(conn, &b, who)?;
    policy::may(who, &Object::Body(&facts), action).map_err(AppError::from)?;
    Ok((b, facts))
}

async fn limit(ports: &Ports, who: &Who) -> Result<(), AppError> {
    ports
        .limiter
        .check(
            &format!("assemblies-membership:{}", who.id),
            MEMBERSHIP_PER_HOUR,
        )
        .await
}
