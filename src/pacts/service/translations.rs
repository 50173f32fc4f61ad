//! A pact in several languages: its title, objectives and activities in the site's
//! other languages, given by those who may edit its text (while they may) and by the
//! city's officials and admins (always): `policy::Action::Translate`. Every change
//! reindexes the pact, so a search in any language finds it.

use super::*;
use crate::db::translations as texts;
use crate::kit::translations::{Change, Subject, Texts};
use crate::pacts::search_sync;

/// Translation changes per person per hour.
const TRANSLATIONS_PER_HOUR: Limit = Limit::new(120, 3600);

/// What a pact's translations form needs: its original texts and its translations.
pub struct TranslationsForm {
    pub title: String,
    pub objectives: String,
    pub activities: String,
    pub texts: Texts,
}

/// The pact and its texts, if `who` may translate it.
pub async fn translations_form(
    ports: &Ports,
    who: &Who,
    id: i64,
) -> Result<TranslationsForm, Refusal> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| {
            let p = store::load(conn, id)?;
            allow(conn, &env, &p, Some(&who), Action::Translate)?;
            let v = store::version(conn, id, p.version)?;
            Ok(TranslationsForm {
                title: p.title.clone(),
                objectives: v.text.objectives,
                activities: v.text.activities,
                texts: texts::texts_of(conn, Subject::Pact, id)?,
            })
        })
        .await
}

/// Someone who may translate a pact adds, changes or removes a translation, or says
/// which language its original is in; the pact is reindexed in the same transaction.
pub async fn translate(
    ports: &Ports,
    who: &Who,
    id: i64,
    change: Option<Change>,
) -> Result<(), Refusal> {
    limit(ports, "translate", who.id, TRANSLATIONS_PER_HOUR).await?;
    let (env, who) = (Env::from_ports(ports), who.clone());
    let default = ports.config.default_language.code();
    ports
        .db
        .try_transaction(move |conn| {
            let p = store::load(conn, id)?;
            allow(conn, &env, &p, Some(&who), Action::Translate)?;
            let at = env.now;
            match texts::apply(
                conn,
                Subject::Pact,
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
