//! Proposing a commons: a verified person, as themself or for one of their groups.

use super::*;

/// Inserts a validated commons as `proposed` by `proposer` (and its group), with its
/// district, provisioning systems, history line and search update. No checks.
pub fn insert_unchecked(
    conn: &mut AnyConnection,
    proposer: i64,
    c: &NewCommons,
) -> Result<i64, AppError> {
    let district = districts::locate(conn, c.location.lon, c.location.lat)?;
    let t = crate::util::now();
    let id: i64 = diesel::insert_into(commons::table)
        .values((
            (
                commons::name.eq(&c.name),
                commons::description.eq(&c.description),
                commons::kind.eq(c.kind.code()),
                commons::category.eq(c.category.code()),
                commons::owner.eq(c.owner.code()),
                commons::address.eq(&c.address),
                commons::why.eq(&c.why),
                commons::rules.eq(&c.rules),
                commons::licence.eq(&c.licence),
                commons::lat.eq(c.location.lat),
                commons::lng.eq(c.location.lon),
            ),
            (
                commons::site.eq(c.site.as_deref()),
                commons::district_id.eq(district.map(|d| d.id)),
                commons::status.eq(Status::Proposed.code()),
                commons::listed.eq(false),
                commons::proposer_id.eq(proposer),
                commons::group_id.eq(c.group),
                commons::created_at.eq(t),
                commons::updated_at.eq(t),
            ),
            (
                commons::asset_code.eq(&c.asset_code),
                commons::condition.eq(c.condition.code()),
                commons::restrictions.eq(&c.restrictions),
            ),
        ))
        .returning(commons::id)
        .get_result(conn)?;
    for p in &c.provisioning {
        diesel::insert_into(commons_provisioning::table)
            .values((
                commons_provisioning::commons_id.eq(id),
                commons_provisioning::provisioning.eq(p.code()),
            ))
            .execute(conn)?;
    }
    event(conn, id, "proposed", Some(proposer), c.group, None, None)?;
    search_sync::enqueue(conn, id)?;
    Ok(id)
}

/// A verified citizen proposes a commons, as themself or for one of their groups.
pub async fn propose(state: &Ports, actor: &CurrentUser, new: NewCommons) -> Result<i64, Refusal> {
    may_on_registry(actor, Action::Propose)?;
    state
        .limiter
        .check(&format!("commons-propose:{}", actor.id), PROPOSALS_PER_HOUR)
        .await?;
    let uid = actor.id;
    state
        .db
        .transaction(move |conn| {
            if let Some(g) = new.group
                && !accounts::is_group_member(conn, g, uid)?
            {
                return Ok(Err(Refusal::field("group", "field-commons-group-invalid")));
            }
            Ok(Ok(insert_unchecked(conn, uid, &new)?))
        })
        .await?
}
