//! Synthetic voters for the ballot load benchmark (`tests/load/ballots.sh`): an
//! assembly of `count` verified people who all joined it, and a secret ranked vote
//! opened by its facilitator, made through the area's own use-cases. Each voter signs
//! in as `voter<N>@load.example` with [`PASSWORD`].

use chrono::Duration;

use crate::accounts::Role;
use crate::accounts::service::create_verified_user;
use crate::accounts::validate::{DisplayName, EmailAddress};
use crate::assemblies::model::vote::{VoteInput, VoteSettings};
use crate::assemblies::model::{BodyInput, BodySettings};
use crate::assemblies::service::{bodies, membership, votes};
use crate::config::HashCost;
use crate::error::AppError;
use crate::kit::actor::Who;
use crate::web::i18n::Lang;

/// Every synthetic voter's password.
pub const PASSWORD: &str = "load-voter-password";

/// A voter's address.
pub fn email(n: usize) -> String {
    format!("voter{n}@load.example")
}

/// What the seeder made: the body's slug and the vote's id.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub slug: String,
    pub vote: i64,
}

/// Seeds `count` voters into a new assembly and opens a secret IRV vote on four
/// options that closes `closes_in` from now. Voter 0 facilitates. One password hash
/// (of [`PASSWORD`], at the configured cost) serves every voter: each has its own
/// salt in no way that matters to a benchmark.
pub fn seed(
    db: &crate::db::Db,
    count: usize,
    closes_in: Duration,
    cost: HashCost,
    progress: &dyn Fn(usize),
) -> Result<Seeded, AppError> {
    if count == 0 {
        return Err(AppError::internal("seed at least one voter"));
    }
    let mut conn = db.get()?;
    let hash = crate::accounts::password::hash(PASSWORD, cost)
        .map_err(|e| AppError::internal(e.to_string()))?;
    let now = crate::util::now();
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let email =
            EmailAddress::parse(&email(n)).map_err(|_| AppError::internal("a voter's address"))?;
        let name = DisplayName::parse(&format!("Voter {n}"))
            .map_err(|_| AppError::internal("a voter's name"))?;
        ids.push(create_verified_user(
            &mut conn,
            &email,
            &name,
            &hash,
            Lang::En,
            &[Role::Citizen],
        )?);
        if (n + 1) % 250 == 0 {
            progress(n + 1);
        }
    }
    let settings = BodySettings::validate(&BodyInput {
        kind: "assembly".into(),
        name: format!("Load assembly {}", now.format("%Y%m%d%H%M%S")),
        charter: "An assembly of synthetic voters for the ballot benchmark.".into(),
        joining: "open".into(),
        motion_threshold: "3".into(),
        ..BodyInput::default()
    })
    .map_err(|e| AppError::internal(format!("body settings: {:?}", e.fields())))?;
    // The assembly, its members and the open vote commit together.
    crate::db::write_transaction(&mut conn, |conn| {
        let body = bodies::create_in(conn, ids[0], &settings, now)
            .map_err(|_| AppError::internal("the load assembly was not created"))?;
        bodies::add_facilitator_in(conn, body, ids[0], None, now)?;
        let who = |id: i64| Who {
            id,
            roles: vec![Role::Citizen],
            verified: true,
        };
        for id in &ids {
            membership::join_in(conn, &who(*id), &settings.slug, now)?;
        }
        let vote = VoteSettings::validate(&VoteInput {
            question: "Which project first?".into(),
            method: "irv".into(),
            options: "Compost bins\nSeed library\nRain barrels\nBench by the river".into(),
            secrecy: "secret".into(),
            opens_at: (now - Duration::minutes(1))
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
            closes_at: (now + closes_in).format("%Y-%m-%dT%H:%M:%S").to_string(),
            ..VoteInput::default()
        })
        .map_err(|e| AppError::internal(format!("vote settings: {:?}", e.fields())))?;
        let id = votes::open_in(conn, &who(ids[0]), &settings.slug, &vote, None, now)
            .map_err(|_| AppError::internal("the load vote was not opened"))?;
        Ok(Seeded {
            slug: settings.slug,
            vote: id,
        })
    })
}
