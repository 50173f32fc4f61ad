//! A commons' page as its viewer may see it, with its photos, history and pacts.

use std::collections::HashMap;

use super::*;

/// A commons page as `viewer` may see it: public commons for everyone, proposed and
/// declined ones only for the people involved and officials (others get 404).
pub async fn show(
    state: &Ports,
    viewer: Option<CurrentUser>,
    id: i64,
) -> Result<CommonsPage, AppError> {
    state
        .db
        .run(move |conn| {
            let c = load(conn, id)?;
            let actor = actor(conn, viewer.as_ref().map(CurrentUser::who))?;
            if !visible_to(&c, actor.as_ref()) {
                return Err(AppError::NotFound);
            }
            let photos = photos(conn, id)?;
            let history = history(conn, id)?;
            let pacts = crate::pacts::api::public_pacts_of_commons(conn, id)?;
            Ok(CommonsPage {
                pacts,
                can_review: policy::allowed(actor.as_ref(), &Object::Registry, Action::Review),
                can_add_photo: policy::allowed(actor.as_ref(), &c.as_object(), Action::AddPhoto),
                commons: c,
                photos,
                history,
            })
        })
        .await
}

pub(super) fn photos(conn: &mut AnyConnection, id: i64) -> Result<Vec<Photo>, AppError> {
    let rows: Vec<(i64, String, String, String)> = commons_photos::table
        .filter(commons_photos::commons_id.eq(id))
        .order(commons_photos::id.asc())
        .select((
            commons_photos::id,
            commons_photos::file_hash,
            commons_photos::file_type,
            commons_photos::alt_text,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, hash, file_type, alt_text)| Photo {
            id,
            hash,
            file_type,
            alt_text,
        })
        .collect())
}

pub(super) fn history(conn: &mut AnyConnection, id: i64) -> Result<Vec<HistoryEvent>, AppError> {
    type Row = (
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
            commons_events::kind,
            commons_events::actor_id,
            commons_events::group_id,
            commons_events::reasons,
            commons_events::ledger_index,
            commons_events::at,
        ))
        .load(conn)?;
    // Names in two queries whatever the history's length.
    let mut people: Vec<i64> = rows.iter().filter_map(|r| r.1).collect();
    people.sort_unstable();
    people.dedup();
    let mut group_ids: Vec<i64> = rows.iter().filter_map(|r| r.2).collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    let names: HashMap<i64, String> = accounts::display_names(conn, &people)?
        .into_iter()
        .collect();
    let group_names: HashMap<i64, String> = accounts::group_names(conn, &group_ids)?
        .into_iter()
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for (kind, actor, group, reasons, ledger_index, at) in rows {
        out.push(HistoryEvent {
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
