//! A commons' page as its viewer may see it, with its photos, history and pacts.

use std::collections::HashMap;

use super::*;
use crate::kit::translations::Subject;

/// A commons page, or where a merged duplicate now lives.
pub enum Shown {
    Page(Box<CommonsPage>),
    /// The commons was merged into this one, which the viewer may see.
    MergedInto(i64),
}

/// A commons page as `viewer` may see it: public commons for everyone, proposed and
/// declined ones only for the people involved and the city (others get 404). A
/// merged duplicate's page is not found; see [`show_or_moved`].
pub async fn show(
    state: &Ports,
    viewer: Option<CurrentUser>,
    id: i64,
) -> Result<CommonsPage, AppError> {
    match show_or_moved(state, viewer, id).await? {
        Shown::Page(p) => Ok(*p),
        Shown::MergedInto(_) => Err(AppError::NotFound),
    }
}

/// [`show`], except that a merged duplicate answers with the commons it was merged
/// into when the viewer may see that one.
pub async fn show_or_moved(
    state: &Ports,
    viewer: Option<CurrentUser>,
    id: i64,
) -> Result<Shown, AppError> {
    state
        .db
        .run(move |conn| {
            let c = load(conn, id)?;
            let actor = actor(conn, viewer.as_ref().map(CurrentUser::who))?;
            if let Some(into) = c.merged_into {
                let target = load(conn, into)?;
                return if visible_to(&target, actor.as_ref()) {
                    Ok(Shown::MergedInto(into))
                } else {
                    Err(AppError::NotFound)
                };
            }
            if !visible_to(&c, actor.as_ref()) {
                return Err(AppError::NotFound);
            }
            let object = c.as_object();
            let Object::Commons(facts) = object else {
                return Err(AppError::internal("a commons is not a commons object"));
            };
            let city = policy::allowed(
                actor.as_ref(),
                &Object::Photo {
                    commons: facts,
                    uploader: None,
                },
                Action::ModeratePhoto,
            );
            let mut photos = photos(conn, id, city)?;
            for p in &mut photos {
                p.can_delete = policy::allowed(
                    actor.as_ref(),
                    &Object::Photo {
                        commons: facts,
                        uploader: p.uploader,
                    },
                    Action::DeletePhoto,
                );
            }
            let history = history(conn, id)?;
            let pacts = crate::pacts::api::public_pacts_of_commons(conn, id)?;
            let moments = crate::pacts::api::stewardship(conn, id)?;
            let volunteer_hours = moments.iter().filter_map(|m| m.hours).sum();
            let pact_ids: Vec<i64> = pacts.iter().map(|p| p.id).collect();
            let texts = crate::db::translations::load(
                conn,
                &[
                    (Subject::Commons, &[id]),
                    (Subject::District, c.district_id.as_slice()),
                    (Subject::Pact, &pact_ids),
                ],
            )?;
            Ok(Shown::Page(Box::new(CommonsPage {
                timeline: timeline(&history, &moments),
                volunteer_hours,
                pacts,
                can_review: policy::allowed(actor.as_ref(), &Object::Registry, Action::Review),
                can_add_photo: policy::allowed(actor.as_ref(), &object, Action::AddPhoto),
                can_edit: policy::allowed(actor.as_ref(), &object, Action::Edit),
                can_moderate: city,
                commons: c,
                photos,
                texts,
            })))
        })
        .await
}

/// The photos of commons `id`, in the order they came; hidden ones only when
/// `with_hidden` (for the city, who moderate).
pub(super) fn photos(
    conn: &mut AnyConnection,
    id: i64,
    with_hidden: bool,
) -> Result<Vec<Photo>, AppError> {
    type Row = (
        i64,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let mut q = commons_photos::table
        .filter(commons_photos::commons_id.eq(id))
        .into_boxed();
    if !with_hidden {
        q = q.filter(commons_photos::hidden_at.is_null());
    }
    let rows: Vec<Row> = q
        .order(commons_photos::id.asc())
        .select((
            commons_photos::id,
            commons_photos::file_hash,
            commons_photos::file_type,
            commons_photos::alt_text,
            commons_photos::uploaded_by,
            commons_photos::small_hash,
            commons_photos::medium_hash,
            commons_photos::hidden_reason,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, hash, file_type, alt_text, uploader, small, medium, hidden_reason)| Photo {
                id,
                hash,
                file_type,
                alt_text,
                uploader,
                small,
                medium,
                hidden_reason,
                can_delete: false,
            },
        )
        .collect())
}

pub(super) fn history(conn: &mut AnyConnection, id: i64) -> Result<Vec<HistoryEvent>, AppError> {
    type Row = (
        i64,
        String,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<i64>,
        NaiveDateTime,
    );
    let rows: Vec<Row> = commons_events::table
        .filter(commons_events::commons_id.eq(id))
        .order(commons_events::id.asc())
        .select((
            commons_events::id,
            commons_events::kind,
            commons_events::actor_id,
            commons_events::group_id,
            commons_events::reasons,
            commons_events::ledger_index,
            commons_events::at,
        ))
        .load(conn)?;
    // Names in two queries whatever the history's length.
    let event_ids: Vec<i64> = rows
        .iter()
        .filter(|r| r.1 == "edited")
        .map(|r| r.0)
        .collect();
    let mut people: Vec<i64> = rows.iter().filter_map(|r| r.2).collect();
    people.sort_unstable();
    people.dedup();
    let mut group_ids: Vec<i64> = rows.iter().filter_map(|r| r.3).collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    let names: HashMap<i64, String> = accounts::display_names(conn, &people)?
        .into_iter()
        .collect();
    let group_names: HashMap<i64, String> = accounts::group_names(conn, &group_ids)?
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    let mut changes = changes_of(conn, &event_ids)?;
    for (event_id, kind, actor, group, reasons, ledger_index, at) in rows {
        out.push(HistoryEvent {
            changes: changes.remove(&event_id).unwrap_or_default(),
            kind,
            actor_name: actor
                .and_then(|a| names.get(&a).cloned())
                .filter(|n| !n.is_empty()),
            group_name: group.and_then(|g| group_names.get(&g).cloned()),
            reasons,
            ledger_index,
            at,
        });
    }
    Ok(out)
}

/// The field changes of the edits among `events`, by event, in one query (asked even
/// when there is no edit, so a page costs the same whatever its history).
fn changes_of(
    conn: &mut AnyConnection,
    events: &[i64],
) -> Result<HashMap<i64, Vec<FieldChange>>, AppError> {
    let rows: Vec<(i64, String, String, String)> = crate::db::schema::commons_changes::table
        .filter(crate::db::schema::commons_changes::event_id.eq_any(events))
        .order(crate::db::schema::commons_changes::id.asc())
        .select((
            crate::db::schema::commons_changes::event_id,
            crate::db::schema::commons_changes::field,
            crate::db::schema::commons_changes::old_value,
            crate::db::schema::commons_changes::new_value,
        ))
        .load(conn)?;
    let mut out: HashMap<i64, Vec<FieldChange>> = HashMap::new();
    for (event, field, old, new) in rows {
        out.entry(event)
            .or_default()
            .push(FieldChange { field, old, new });
    }
    Ok(out)
}
