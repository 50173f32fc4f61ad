//! The support ledger's use-cases (rules in `pacts::support`): the estimated value of
//! each support line, written with the text it belongs to; the deliveries the lead
//! office records against the signed text, each in the pact's history and on the civic
//! ledger; and the deadline job's insurance alert.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::allow;
use crate::db::AnyConnection;
use crate::db::schema::{
    pact_reminders, pact_support, pact_support_deliveries, pact_versions, pacts,
};
use crate::error::AppError;
use crate::pacts::notify::notify;
use crate::pacts::policy::{self, Action};
use crate::pacts::procedure::PactState;
use crate::pacts::store::{self, Env, Who};
use crate::pacts::support::{DeliveryInput, INSURANCE_ALERT_DAYS, insurance_short, parse_delivery};
use crate::ports::Ports;
use crate::web::forms::Refusal;

/// The notification (and reminder) kind of the insurance alert.
pub const INSURANCE_ALERT: &str = "insurance-expiring";

/// Writes the estimated values of a version's support lines, in the lines' order
/// (`None`: no value). The lines themselves are written with the text.
pub fn write_values(
    conn: &mut AnyConnection,
    version_id: i64,
    values: &[Option<i64>],
) -> Result<(), AppError> {
    for (i, v) in values.iter().enumerate() {
        let position = i64::try_from(i).unwrap_or(i64::MAX);
        diesel::update(
            pact_support::table
                .filter(pact_support::version_id.eq(version_id))
                .filter(pact_support::position.eq(position)),
        )
        .set(pact_support::value_cents.eq(*v))
        .execute(conn)?;
    }
    Ok(())
}

/// The estimated values of a version's support lines, in the lines' order.
pub fn values_of(conn: &mut AnyConnection, version_id: i64) -> Result<Vec<Option<i64>>, AppError> {
    Ok(pact_support::table
        .filter(pact_support::version_id.eq(version_id))
        .order(pact_support::position.asc())
        .select(pact_support::value_cents)
        .load(conn)?)
}

/// The id of a pact's version row `number`.
pub fn version_id(conn: &mut AnyConnection, pact: i64, number: i64) -> Result<i64, AppError> {
    Ok(pact_versions::table
        .filter(pact_versions::pact_id.eq(pact))
        .filter(pact_versions::number.eq(number))
        .select(pact_versions::id)
        .first(conn)?)
}

/// The lead office's acting official (or an administrator) records what the city
/// delivered against a line of the signed text: in the pact's history and on the
/// civic ledger (ids, codes, the amount and the day; what was delivered only as its
/// SHA-256). Returns the delivery's id.
pub fn record_delivery_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    input: &DeliveryInput,
) -> Result<i64, Refusal> {
    let p = store::load(conn, id)?;
    let facts = allow(conn, env, &p, Some(who), Action::RecordDelivery)?;
    let (Some(version), Some(signed_at)) = (p.signed_version, p.signed_at) else {
        return Err(AppError::Conflict("pact-support-not-signed").into());
    };
    let kinds: Vec<_> = store::version(conn, id, version)?
        .text
        .support
        .iter()
        .map(|l| l.kind)
        .collect();
    let d = parse_delivery(input, &kinds, signed_at.date(), env.today()).map_err(Refusal::Form)?;
    let role = if policy::standing(Some(who), &facts).official {
        "official"
    } else {
        "admin"
    };
    let delivery: i64 = diesel::insert_into(pact_support_deliveries::table)
        .values((
            pact_support_deliveries::pact_id.eq(id),
            pact_support_deliveries::version.eq(version),
            pact_support_deliveries::position.eq(d.position),
            pact_support_deliveries::kind.eq(d.kind.code()),
            pact_support_deliveries::what.eq(&d.what),
            pact_support_deliveries::delivered_on.eq(d.delivered_on),
            pact_support_deliveries::value_cents.eq(d.value_cents),
            pact_support_deliveries::recorded_by.eq(Some(who.id)),
            pact_support_deliveries::recorded_at.eq(env.now),
        ))
        .returning(pact_support_deliveries::id)
        .get_result(conn)?;
    let entry = store::ledger_entry(conn, &p, "support_delivered", Some(who.id), role)?
        .with("delivery", delivery)
        .with("line", d.position)
        .with("support_kind", d.kind.code())
        .with("value_cents", d.value_cents)
        .with("delivered_on", d.delivered_on.to_string())
        .with("what_sha256", crate::ledger::kinds::typed(&d.what));
    let index = store::append(conn, &entry)?;
    diesel::update(pact_support_deliveries::table.find(delivery))
        .set(pact_support_deliveries::ledger_index.eq(Some(index)))
        .execute(conn)?;
    let note = format!(
        "{} · {} € · {}",
        d.what,
        crate::kit::money::euros(d.value_cents),
        d.delivered_on
    );
    store::event(
        conn,
        id,
        "support_delivered",
        None,
        None,
        Some(who.id),
        role,
        Some(&note),
        Some(version),
        Some(index),
        env.now,
    )?;
    Ok(delivery)
}

/// Records a delivery (see [`record_delivery_in`]).
pub async fn record_delivery(
    ports: &Ports,
    who: &Who,
    id: i64,
    input: DeliveryInput,
) -> Result<i64, Refusal> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| record_delivery_in(conn, &env, &who, id, &input))
        .await
}

/// The deadline job's insurance alert: for each pact in force (or suspended) whose
/// signed text names an insurance that expires before the pact ends, the proposing
/// side and whoever acts for the city are told once, from
/// [`INSURANCE_ALERT_DAYS`] days before the expiry. Returns the alerts sent.
pub fn insurance_alerts(conn: &mut AnyConnection, env: &Env) -> Result<usize, AppError> {
    let today = env.today();
    let horizon = today + chrono::Duration::days(INSURANCE_ALERT_DAYS);
    let states = [
        PactState::Signed.code(),
        PactState::Monitoring.code(),
        PactState::Suspended.code(),
    ];
    let due: Vec<(i64, NaiveDate, Option<NaiveDate>)> = pacts::table
        .inner_join(
            pact_versions::table.on(pact_versions::pact_id
                .eq(pacts::id)
                .and(pact_versions::number.nullable().eq(pacts::signed_version))),
        )
        .filter(pacts::state.eq_any(states))
        .filter(pact_versions::insurance_expiry.le(horizon))
        .filter(pact_versions::insurance_expiry.ge(today))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            pact_reminders::table
                .filter(pact_reminders::pact_id.eq(pacts::id))
                .filter(pact_reminders::kind.eq(INSURANCE_ALERT))
                .filter(
                    pact_reminders::due_on
                        .nullable()
                        .eq(pact_versions::insurance_expiry),
                ),
        )))
        .order(pacts::id.asc())
        .select((
            pacts::id,
            pact_versions::insurance_expiry.assume_not_null(),
            pacts::end_date,
        ))
        .load(conn)?;
    let mut sent = 0;
    for (id, expiry, end) in due {
        if !insurance_short(Some(expiry), end) {
            continue;
        }
        if !super::jobs::remember(conn, env, id, expiry, INSURANCE_ALERT)? {
            continue;
        }
        let p = store::load(conn, id)?;
        let mut to = super::aftercare::parties(conn, env, &p)?;
        to.push(p.proposer_id);
        notify(conn, env, &to, &p, INSURANCE_ALERT)?;
        sent += 1;
    }
    Ok(sent)
}
