//! Keeping the registry clean: editing a commons (every change kept, with who and
//! why), merging a duplicate into another commons, and removing or hiding photos.
//! Retiring and reconsidering are decisions (`review.rs`).

use super::*;
use crate::commons::model::{Change, MergeError, check_edit_reason, merge_check};
use crate::db::schema::commons_changes;

/// Edits per person per hour.
const EDITS_PER_HOUR: Limit = Limit::new(60, 3600);

/// An edit as submitted: the new fields, the reason, and the `updated_at` the form
/// was made from (so an edit made on a stale form is refused, not silently merged).
pub struct Edit {
    pub fields: NewCommons,
    pub reason: String,
    pub seen: String,
}

/// How the edit form carries the record's version.
pub fn version_of(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// Applies an edit in the caller's transaction: checks the policy, the reason and
/// the version, saves the changed fields, places the commons again if it moved, and
/// writes one "edited" history line with a row per changed field. Returns the
/// changes (none: nothing is written).
pub fn edit_unchecked(
    conn: &mut AnyConnection,
    who: Who,
    id: i64,
    edit: Edit,
) -> Result<Result<Vec<Change>, Refusal>, AppError> {
    let c = load(conn, id)?;
    let uid = who.id;
    let actor = actor(conn, Some(who))?;
    if !visible_to(&c, actor.as_ref()) {
        return Err(AppError::NotFound);
    }
    policy::may(actor.as_ref(), &c.as_object(), Action::Edit)?;
    let before = c.fields();
    let mut after = edit.fields;
    after.group = before.group;
    if !policy::allowed(actor.as_ref(), &c.as_object(), Action::EditOfficeFields) {
        after = after.keeping_office_fields(&before);
    }
    let reason = match check_edit_reason(&edit.reason) {
        Ok(r) => r,
        Err(key) => return Ok(Err(Refusal::field("reason", key))),
    };
    if edit.seen.trim() != version_of(c.updated_at) {
        return Err(AppError::Conflict("error-commons-edited-meanwhile"));
    }
    let changes = before.changes(&after);
    if changes.is_empty() {
        return Ok(Ok(changes));
    }
    let district = if after.location == before.location {
        None
    } else {
        Some(districts::locate(conn, after.location.lon, after.location.lat)?.map(|d| d.id))
    };
    let t = crate::util::now();
    let mut update = diesel::update(
        commons::table
            .filter(commons::id.eq(id))
            .filter(commons::updated_at.eq(c.updated_at)),
    )
    .set((
        (
            commons::name.eq(&after.name),
            commons::description.eq(&after.description),
            commons::kind.eq(after.kind.code()),
            commons::category.eq(after.category.code()),
            commons::owner.eq(after.owner.code()),
            commons::address.eq(&after.address),
            commons::why.eq(&after.why),
            commons::rules.eq(&after.rules),
            commons::licence.eq(&after.licence),
            commons::lat.eq(after.location.lat),
            commons::lng.eq(after.location.lon),
            commons::site.eq(after.site.as_deref()),
        ),
        (
            commons::asset_code.eq(&after.asset_code),
            commons::condition.eq(after.condition.code()),
            commons::restrictions.eq(&after.restrictions),
            commons::updated_at.eq(t),
        ),
    ))
    .execute(conn)?;
    if let Some(d) = district {
        update += diesel::update(commons::table.find(id))
            .set(commons::district_id.eq(d))
            .execute(conn)?;
    }
    if update == 0 {
        return Err(AppError::Conflict("error-commons-edited-meanwhile"));
    }
    if after.provisioning != before.provisioning {
        diesel::delete(commons_provisioning::table.filter(commons_provisioning::commons_id.eq(id)))
            .execute(conn)?;
        for p in &after.provisioning {
            diesel::insert_into(commons_provisioning::table)
                .values((
                    commons_provisioning::commons_id.eq(id),
                    commons_provisioning::provisioning.eq(p.code()),
                ))
                .execute(conn)?;
        }
    }
    let event_id = event(conn, id, "edited", Some(uid), None, Some(&reason), None)?;
    for ch in &changes {
        diesel::insert_into(commons_changes::table)
            .values((
                commons_changes::event_id.eq(event_id),
                commons_changes::field.eq(ch.field),
                commons_changes::old_value.eq(&ch.old),
                commons_changes::new_value.eq(&ch.new),
            ))
            .execute(conn)?;
    }
    search_sync::enqueue(conn, id)?;
    Ok(Ok(changes))
}

/// Someone edits a commons (its people while it is proposed, the city always).
pub async fn edit(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
    edit: Edit,
) -> Result<Vec<Change>, Refusal> {
    state
        .limiter
        .check(&format!("commons-edit:{}", actor.id), EDITS_PER_HOUR)
        .await?;
    let who = actor.who();
    state
        .db
        .transaction(move |conn| edit_unchecked(conn, who, id, edit))
        .await?
}

/// What an edit form needs: the commons, whether the office's fields are the
/// editor's, and the version to send back.
pub struct EditForm {
    pub commons: Commons,
    pub office_fields: bool,
    pub version: String,
}

/// The commons as its edit form starts, if `actor` may edit it.
pub async fn edit_form(state: &Ports, actor: &CurrentUser, id: i64) -> Result<EditForm, AppError> {
    let who = actor.who();
    state
        .db
        .run(move |conn| {
            let c = load(conn, id)?;
            let actor = self::actor(conn, Some(who))?;
            if !visible_to(&c, actor.as_ref()) {
                return Err(AppError::NotFound);
            }
            policy::may(actor.as_ref(), &c.as_object(), Action::Edit)?;
            Ok(EditForm {
                office_fields: policy::allowed(
                    actor.as_ref(),
                    &c.as_object(),
                    Action::EditOfficeFields,
                ),
                version: version_of(c.updated_at),
                commons: c,
            })
        })
        .await
}

/// Merges the duplicate `from` into `into` in the caller's transaction: pacts,
/// calls and photos move to `into`, which gains `from`'s provisioning systems; `from`
/// becomes `merged` (its page redirects); both histories say so and the ledger
/// records it. No policy check.
pub fn merge_unchecked(
    conn: &mut AnyConnection,
    official: i64,
    from: i64,
    into: i64,
    reasons: &str,
) -> Result<Result<(), Refusal>, AppError> {
    let a = load(conn, from)?;
    let b = match load(conn, into) {
        Ok(b) => b,
        Err(AppError::NotFound) => {
            return Ok(Err(Refusal::field("into", "field-commons-merge-unknown")));
        }
        Err(e) => return Err(e),
    };
    if let Err(e) = merge_check((a.id, a.status), (b.id, b.status), reasons) {
        let (field, key) = match e {
            MergeError::SameCommons => ("into", "field-commons-merge-same"),
            MergeError::TargetUnfit => ("into", "field-commons-merge-unfit"),
            MergeError::ReasonsRequired => ("merge-reasons", "field-reasons-required"),
            MergeError::AlreadyMerged => return Err(AppError::Conflict("error-commons-merged")),
        };
        return Ok(Err(Refusal::field(field, key)));
    }
    let reasons = reasons.trim();
    let t = crate::util::now();
    let changed = diesel::update(
        commons::table
            .filter(commons::id.eq(from))
            .filter(commons::merged_into.is_null()),
    )
    .set((
        commons::status.eq(Status::Merged.code()),
        commons::listed.eq(false),
        commons::merged_into.eq(Some(into)),
        commons::status_reasons.eq(Some(reasons)),
        commons::updated_at.eq(t),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(AppError::Conflict("error-commons-merged"));
    }
    diesel::update(commons::table.find(into))
        .set(commons::updated_at.eq(t))
        .execute(conn)?;
    crate::pacts::api::move_commons(conn, from, into)?;
    diesel::update(commons_photos::table.filter(commons_photos::commons_id.eq(from)))
        .set(commons_photos::commons_id.eq(into))
        .execute(conn)?;
    let gained: Vec<&Provisioning> = a
        .provisioning
        .iter()
        .filter(|p| !b.provisioning.contains(p))
        .collect();
    for p in gained {
        diesel::insert_into(commons_provisioning::table)
            .values((
                commons_provisioning::commons_id.eq(into),
                commons_provisioning::provisioning.eq(p.code()),
            ))
            .execute(conn)?;
    }
    let entry = crate::ledger::entry::Entry::new("commons.merged")
        .with("commons", from)
        .with("into", into)
        .with("by", accounts::pseudonym(conn, official)?);
    let index = crate::ledger::kinds::append(conn, &entry)?;
    event(
        conn,
        from,
        "merged_into",
        Some(official),
        None,
        Some(reasons),
        Some(index),
    )?;
    event(
        conn,
        into,
        "merged_from",
        Some(official),
        None,
        Some(reasons),
        Some(index),
    )?;
    search_sync::enqueue(conn, from)?;
    search_sync::enqueue(conn, into)?;
    Ok(Ok(()))
}

/// An official merges a duplicate into the commons it duplicates.
pub async fn merge(
    state: &Ports,
    actor: &CurrentUser,
    from: i64,
    into: i64,
    reasons: String,
) -> Result<(), Refusal> {
    may_on_registry(actor, Action::Review)?;
    let uid = actor.id;
    state
        .db
        .transaction(move |conn| merge_unchecked(conn, uid, from, into, &reasons))
        .await?
}

/// A photo's commons and the photo as the policy sees it.
fn photo_object(conn: &mut AnyConnection, photo: i64) -> Result<(Commons, Object), AppError> {
    let (commons_id, uploader): (i64, Option<i64>) = commons_photos::table
        .find(photo)
        .select((commons_photos::commons_id, commons_photos::uploaded_by))
        .first(conn)?;
    let c = load(conn, commons_id)?;
    let Object::Commons(facts) = c.as_object() else {
        return Err(AppError::internal("a commons is not a commons object"));
    };
    Ok((
        c,
        Object::Photo {
            commons: facts,
            uploader,
        },
    ))
}

/// Checks `action` on photo `photo` of commons `commons_id` (404 when the photo is
/// not that commons' or the commons is hidden from `who`).
fn photo_checked(
    conn: &mut AnyConnection,
    who: Who,
    commons_id: i64,
    photo: i64,
    action: Action,
) -> Result<(), AppError> {
    let (c, object) = photo_object(conn, photo)?;
    let actor = actor(conn, Some(who.clone()))?;
    if c.id != commons_id || !visible_to(&c, actor.as_ref()) {
        return Err(AppError::NotFound);
    }
    Ok(policy::may(actor.as_ref(), &object, action)?)
}

/// Deletes a photo (its uploader, or the city). The stored files stay: another
/// photo may share them (files are stored once by content hash) and they are no
/// longer served once no visible photo names them.
pub async fn delete_photo(
    state: &Ports,
    actor: &CurrentUser,
    commons_id: i64,
    photo: i64,
) -> Result<(), AppError> {
    let who = actor.who();
    state
        .db
        .transaction(move |conn| {
            photo_checked(conn, who.clone(), commons_id, photo, Action::DeletePhoto)?;
            diesel::delete(commons_photos::table.find(photo)).execute(conn)?;
            event(
                conn,
                commons_id,
                "photo_deleted",
                Some(who.id),
                None,
                None,
                None,
            )?;
            Ok(())
        })
        .await
}

/// Hides a photo with reasons (moderation by the city), or shows it again
/// (`hide`: `None` is a malformed request, refused after the permission check).
pub async fn moderate_photo(
    state: &Ports,
    actor: &CurrentUser,
    commons_id: i64,
    photo: i64,
    hide: Option<bool>,
    reasons: String,
) -> Result<(), Refusal> {
    let who = actor.who();
    state
        .db
        .transaction(move |conn| {
            photo_checked(conn, who.clone(), commons_id, photo, Action::ModeratePhoto)?;
            let hide = hide.ok_or(AppError::BadRequest("error-bad-request"))?;
            let reasons = reasons.trim().to_string();
            if hide && reasons.chars().count() < 10 {
                return Ok(Err(Refusal::field("photos", "field-reasons-required")));
            }
            if reasons.chars().count() > 1000 {
                return Ok(Err(Refusal::field("photos", "field-text-too-long")));
            }
            let t = crate::util::now();
            diesel::update(commons_photos::table.find(photo))
                .set((
                    commons_photos::hidden_reason.eq(hide.then_some(reasons.as_str())),
                    commons_photos::hidden_by.eq(hide.then_some(who.id)),
                    commons_photos::hidden_at.eq(hide.then_some(t)),
                ))
                .execute(conn)?;
            let (kind, why) = if hide {
                ("photo_hidden", Some(reasons.as_str()))
            } else {
                ("photo_shown", None)
            };
            event(conn, commons_id, kind, Some(who.id), None, why, None)?;
            Ok(Ok(()))
        })
        .await?
}
