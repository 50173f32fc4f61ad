//! A commons in several languages: its people (while they may edit it) and the city
//! (always) give its name and description in the site's other languages, under the
//! same rule as editing (`commons::policy`, `Action::Edit`). Every change reindexes
//! the commons, so a search in any language finds it.

use super::*;
use crate::db::translations as texts;
use crate::kit::translations::{Change, Subject, Texts};

/// Translation changes per person per hour.
const TRANSLATIONS_PER_HOUR: Limit = Limit::new(120, 3600);

/// What the translations form of a commons needs.
pub struct TranslationsForm {
    pub commons: Commons,
    pub texts: Texts,
}

/// Loads a commons `actor` may translate, with its texts, in the caller's connection.
fn translatable(
    conn: &mut AnyConnection,
    who: Who,
    id: i64,
) -> Result<(Commons, Option<Actor>), AppError> {
    let c = load(conn, id)?;
    let actor = actor(conn, Some(who))?;
    if !visible_to(&c, actor.as_ref()) {
        return Err(AppError::NotFound);
    }
    policy::may(actor.as_ref(), &c.as_object(), Action::Edit)?;
    Ok((c, actor))
}

/// The commons and its texts, if `actor` may translate it.
pub async fn translations_form(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
) -> Result<TranslationsForm, AppError> {
    let who = actor.who();
    state
        .db
        .run(move |conn| {
            let (commons, _) = translatable(conn, who, id)?;
            let texts = texts::texts_of(conn, Subject::Commons, id)?;
            Ok(TranslationsForm { commons, texts })
        })
        .await
}

/// Someone who may edit a commons adds, changes or removes one of its translations,
/// or says which language its original is in; the commons is reindexed in the same
/// transaction.
pub async fn translate(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
    change: Option<Change>,
) -> Result<(), Refusal> {
    state
        .limiter
        .check(&format!("translate:{}", actor.id), TRANSLATIONS_PER_HOUR)
        .await?;
    let who = actor.who();
    let default = state.config.default_language.code();
    let at = state.clock.now();
    state
        .db
        .try_transaction(move |conn| {
            translatable(conn, who.clone(), id)?;
            match texts::apply(
                conn,
                Subject::Commons,
                id,
                default,
                change.as_ref(),
                Some(who.id),
                at,
            )? {
                Err(e) => Err(Refusal::Form(e)),
                Ok(changed) => {
                    if changed {
                        search_sync::enqueue(conn, id)?;
                    }
                    Ok(())
                }
            }
        })
        .await
}

/// What a district's translations form needs: its name and texts.
pub struct DistrictForm {
    pub id: i64,
    pub name: String,
    pub texts: Texts,
}

fn district_name(conn: &mut AnyConnection, id: i64) -> Result<String, AppError> {
    districts_t::table
        .find(id)
        .select(districts_t::name)
        .first::<String>(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// A district's name and texts, if `actor` may translate it (an admin).
pub async fn district_translations_form(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
) -> Result<DistrictForm, AppError> {
    may_on_registry(actor, Action::TranslateDistrict)?;
    state
        .db
        .run(move |conn| {
            Ok(DistrictForm {
                id,
                name: district_name(conn, id)?,
                texts: texts::texts_of(conn, Subject::District, id)?,
            })
        })
        .await
}

/// An admin adds, changes or removes a translation of a district's name, or says
/// which language it is in.
pub async fn translate_district(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
    change: Option<Change>,
) -> Result<(), Refusal> {
    may_on_registry(actor, Action::TranslateDistrict)?;
    let (uid, default, at) = (
        actor.id,
        state.config.default_language.code(),
        state.clock.now(),
    );
    state
        .db
        .try_transaction(move |conn| {
            district_name(conn, id)?;
            texts::apply(
                conn,
                Subject::District,
                id,
                default,
                change.as_ref(),
                Some(uid),
                at,
            )?
            .map(|_| ())
            .map_err(Refusal::Form)
        })
        .await
}
