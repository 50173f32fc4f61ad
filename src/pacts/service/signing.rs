//! Signing the frozen text (each party, re-authenticated by their password; the last
//! signature puts the pact in force on the ledger), and adhering to a pact in force.

use diesel::prelude::*;

use super::allow;
use super::transition::next_report;
use crate::db::AnyConnection;
use crate::db::schema::{pact_adherents, pact_signatures, pacts};
use crate::error::AppError;
use crate::pacts::notify::{self, notify};
use crate::pacts::policy::{Action, Party};
use crate::pacts::procedure::{self, PactState, Transition};
use crate::pacts::store::{self, Env, Who};
use crate::ports::Ports;
use crate::web::forms::Refusal;
use crate::web::rate_limit::Limit;

/// Signature attempts (each checks the password) per person per hour.
const SIGN_PER_HOUR: Limit = Limit::new(20, 3600);

/// What a signer sends: the party, the hash they were shown, their password, and
/// whether they ticked the confirmation.
#[derive(Debug, Clone)]
pub struct SignInput {
    pub party: Party,
    pub seen_sha256: String,
    pub password: String,
    pub confirmed: bool,
}

/// A party signs the frozen text (the caller has re-authenticated them). `seen_sha256`
/// is the hash the signer was shown: if the text changed meanwhile, nothing is signed.
/// The last signature makes the pact `signed` and puts the signature set with the
/// text's hash on the civic ledger, in this transaction.
pub fn sign_text_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    party: Party,
    seen_sha256: &str,
) -> Result<PactState, Refusal> {
    let p = store::load(conn, id)?;
    let pact_facts = allow(conn, env, &p, Some(who), Action::Sign(party))?;
    // A city signature is for the first signing office the signatory signs for (or
    // on behalf of an absent signatory of it).
    let (office, on_behalf_of) = if party == Party::City {
        let st = crate::pacts::policy::standing(Some(who), &pact_facts);
        match st.sign_for.first() {
            Some((o, b)) => (Some(*o), *b),
            None => return Err(AppError::Forbidden.into()),
        }
    } else {
        (None, None)
    };
    let Some(sha) = p.frozen_sha256.clone() else {
        return Err(AppError::internal("frozen pact without hash").into());
    };
    if seen_sha256.trim() != sha {
        return Err(AppError::Conflict("pact-text-changed").into());
    }
    diesel::insert_into(pact_signatures::table)
        .values((
            pact_signatures::pact_id.eq(id),
            pact_signatures::version.eq(p.version),
            pact_signatures::party.eq(party.code()),
            pact_signatures::user_id.eq(who.id),
            pact_signatures::group_id.eq(if party == Party::Proposer {
                p.group_id
            } else {
                None
            }),
            pact_signatures::text_sha256.eq(&sha),
            pact_signatures::signed_at.eq(env.now),
            pact_signatures::office_id.eq(office),
            pact_signatures::on_behalf_of.eq(on_behalf_of),
        ))
        .execute(conn)?;
    let eid = store::event(
        conn,
        id,
        "signature",
        None,
        None,
        Some(who.id),
        party.code(),
        None,
        Some(p.version),
        None,
        env.now,
    )?;
    store::event_note(conn, eid, on_behalf_of, None)?;
    let facts = store::facts(conn, &p, env)?;
    // Every party of the proposing side and every signing office of the city: then
    // the pact is signed.
    let parties = store::signing_parties(conn, &p)?;
    let offices = store::signing_offices(conn, &p)?;
    let signed: Vec<(String, i64, Option<i64>)> = pact_signatures::table
        .filter(pact_signatures::pact_id.eq(id))
        .filter(pact_signatures::version.eq(p.version))
        .select((
            pact_signatures::party,
            pact_signatures::user_id,
            pact_signatures::office_id,
        ))
        .load(conn)?;
    let complete = !offices.is_empty()
        && offices.iter().all(|o| {
            signed
                .iter()
                .any(|(s, _, so)| s == Party::City.code() && *so == Some(*o))
        })
        && parties
            .iter()
            .all(|(party, uid, _)| signed.iter().any(|(s, u, _)| s == party && u == uid));
    let to = match procedure::check(
        &facts,
        procedure::Actor::System,
        Transition::CompleteSignatures,
        "",
    ) {
        Ok(to) if complete => to,
        _ => return Ok(PactState::AwaitingSignatures),
    };
    let v = store::version(conn, id, p.version)?;
    let mut p = p;
    p.row.signed_version = Some(p.version);
    p.row.signed_sha256 = Some(sha.clone());
    p.row.start_date = Some(v.text.start_date);
    p.row.end_date = Some(v.text.end_date);
    p.row.next_report_due = next_report(&p, p.start_date, p.end_date, None, conn)?;
    let mut signers = Vec::new();
    for (party, uid, office) in &signed {
        // A city signature names its office: `city/<office slug>:<pseudonym>`.
        let party = match office {
            Some(_) => format!(
                "{party}/{}",
                crate::accounts::api::office_slug(conn, *office)?
            ),
            None => party.clone(),
        };
        signers.push(format!(
            "{party}:{}",
            crate::accounts::api::pseudonym(conn, *uid)?
        ));
    }
    signers.sort();
    let mut e = store::ledger_entry(conn, &p, "signed", None, "system")?
        .with("from", p.state.code())
        .with("state", to.code())
        .with("version", p.version)
        .with("signers", signers)
        .with("start_date", v.text.start_date.to_string())
        .with("end_date", v.text.end_date.to_string())
        .with(
            "support_lines",
            i64::try_from(v.text.support.len()).unwrap_or(i64::MAX),
        );
    if let Some(g) = p.group_id {
        e = e.with("group", g);
    }
    let index = store::append(conn, &e)?;
    p.row.signed_ledger_index = Some(index);
    let due = store::due_at(conn, &p, to, env, env.now)?;
    diesel::update(
        pacts::table
            .filter(pacts::id.eq(id))
            .filter(pacts::state.eq(p.state.code())),
    )
    .set((
        pacts::state.eq(to.code()),
        pacts::state_since.eq(env.now),
        pacts::updated_at.eq(env.now),
        pacts::signed_version.eq(p.signed_version),
        pacts::signed_sha256.eq(&p.signed_sha256),
        pacts::signed_ledger_index.eq(Some(index)),
        pacts::signed_at.eq(Some(env.now)),
        pacts::start_date.eq(p.start_date),
        pacts::end_date.eq(p.end_date),
        pacts::next_report_due.eq(p.next_report_due),
        pacts::due_at.eq(due),
        pacts::state_reasons.eq(None::<String>),
    ))
    .execute(conn)?;
    store::event(
        conn,
        id,
        Transition::CompleteSignatures.code(),
        Some(p.state),
        Some(to),
        None,
        "system",
        None,
        Some(p.version),
        Some(index),
        env.now,
    )?;
    let mut parties_ids: Vec<i64> = parties.iter().map(|p| p.1).collect();
    parties_ids.extend(notify::city(conn, &p, env.today())?);
    notify(conn, env, &parties_ids, &p, "signed")?;
    Ok(to)
}

/// A citizen joins a pact in force, accepting the signed text (recorded with its hash).
pub fn join_in(conn: &mut AnyConnection, env: &Env, who: &Who, id: i64) -> Result<(), Refusal> {
    let p = store::load(conn, id)?;
    allow(conn, env, &p, Some(who), Action::Join)?;
    let (Some(v), Some(sha)) = (p.signed_version, p.signed_sha256.clone()) else {
        return Err(AppError::internal("pact in force without a signed version").into());
    };
    diesel::insert_into(pact_adherents::table)
        .values((
            pact_adherents::pact_id.eq(id),
            pact_adherents::user_id.eq(who.id),
            pact_adherents::version.eq(v),
            pact_adherents::text_sha256.eq(&sha),
            pact_adherents::joined_at.eq(env.now),
        ))
        .execute(conn)?;
    store::event(
        conn,
        id,
        "adherent",
        None,
        None,
        Some(who.id),
        "citizen",
        None,
        Some(v),
        None,
        env.now,
    )?;
    Ok(())
}

/// A party signs the frozen text: within the rate limit, with their password, having
/// confirmed; then [`sign_text_in`] in one transaction.
///
/// The password is verified here, in the signing use-case, but before its transaction
/// opens (on the blocking pool, like every query): argon2 takes a noticeable time, and
/// on SQLite an open write transaction holds the one writer's lock for as long. Nothing
/// is written until the password matched, and the signature's own checks run again in
/// the transaction.
pub async fn sign_text(
    ports: &Ports,
    who: &Who,
    id: i64,
    input: SignInput,
) -> Result<PactState, Refusal> {
    super::limit(ports, "sign", who.id, SIGN_PER_HOUR).await?;
    let (uid, cost) = (who.id, ports.config.hash_cost);
    let password = input.password;
    let password_ok = ports
        .db
        .run(move |conn| crate::accounts::api::password_matches(conn, uid, &password, cost))
        .await?;
    if !password_ok {
        return Err(Refusal::field("password", "pact-sign-password-wrong"));
    }
    if !input.confirmed {
        return Err(Refusal::field("confirm", "pact-sign-confirm-required"));
    }
    let (env, who, party, seen) = (
        Env::from_ports(ports),
        who.clone(),
        input.party,
        input.seen_sha256,
    );
    ports
        .db
        .try_transaction(move |conn| sign_text_in(conn, &env, &who, id, party, &seen))
        .await
}

/// A citizen adheres to a pact in force, having accepted its terms (see [`join_in`]).
pub async fn join(ports: &Ports, who: &Who, id: i64, accepted: bool) -> Result<(), Refusal> {
    if !accepted {
        return Err(Refusal::field("accept", "pact-join-accept-required"));
    }
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| join_in(conn, &env, &who, id))
        .await
}
