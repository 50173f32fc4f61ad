//! The shared store of `content_translations`: every area keeps the language versions
//! of its own kinds of object here, keyed by [`Subject`] and id (the rules are in
//! [`crate::kit::translations`]). It knows no area: an area passes its own subject.
//!
//! Rules: a page loads the texts of all its objects, of every subject it shows, in
//! one query ([`load`]); writes run in the caller's transaction, so an area reindexes
//! (outbox) in the same one.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::content_translations as ct;
use crate::error::AppError;
use crate::kit::refusal::FormErrors;
use crate::kit::translations::{
    Change, SITE_LANGS, Subject, Texts, Translation, check_original, site_lang,
};

/// The texts of the objects of a page, by subject and id (objects without any row
/// are absent: their original is in the default language, untranslated).
#[derive(Debug, Clone, Default)]
pub struct Loaded(HashMap<(Subject, i64), Texts>);

impl Loaded {
    /// The texts of one object (empty when it has none).
    pub fn texts(&self, subject: Subject, id: i64) -> Texts {
        self.0.get(&(subject, id)).cloned().unwrap_or_default()
    }

    /// The texts of one object, by reference.
    pub fn get(&self, subject: Subject, id: i64) -> Option<&Texts> {
        self.0.get(&(subject, id))
    }
}

type Row = (
    String,
    i64,
    String,
    bool,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Loads, in one query, the texts of every object named in `wanted` (each subject
/// with its ids; the caller bounds them, a page's worth).
pub fn load(conn: &mut AnyConnection, wanted: &[(Subject, &[i64])]) -> Result<Loaded, AppError> {
    let mut out = Loaded::default();
    let subjects: Vec<&str> = wanted
        .iter()
        .filter(|(_, ids)| !ids.is_empty())
        .map(|(s, _)| s.code())
        .collect();
    if subjects.is_empty() {
        return Ok(out);
    }
    let mut ids: Vec<i64> = wanted
        .iter()
        .flat_map(|(_, ids)| ids.iter().copied())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let rows: Vec<Row> = ct::table
        .filter(ct::subject.eq_any(&subjects))
        .filter(ct::subject_id.eq_any(&ids))
        .select((
            ct::subject,
            ct::subject_id,
            ct::lang,
            ct::original,
            ct::title,
            ct::summary,
            ct::description,
        ))
        .load(conn)?;
    for (subject, id, lang, original, title, summary, description) in rows {
        let (Some(subject), Some(lang)) = (Subject::parse(&subject), site_lang(&lang)) else {
            continue;
        };
        // A row of a subject asked for, but for another subject's ids: not asked.
        if !wanted
            .iter()
            .any(|(s, ids)| *s == subject && ids.contains(&id))
        {
            continue;
        }
        let texts = out.0.entry((subject, id)).or_default();
        if original {
            texts.original = Some(lang);
        } else {
            texts.translations.push(Translation {
                lang,
                title: title.unwrap_or_default(),
                summary,
                description,
            });
        }
    }
    for texts in out.0.values_mut() {
        texts
            .translations
            .sort_by_key(|t| SITE_LANGS.iter().position(|l| *l == t.lang));
    }
    Ok(out)
}

/// The texts of one object.
pub fn texts_of(conn: &mut AnyConnection, subject: Subject, id: i64) -> Result<Texts, AppError> {
    Ok(load(conn, &[(subject, &[id])])?.texts(subject, id))
}

/// Saves the translation `t` of an object (adds it, or replaces the one in its
/// language), in the caller's transaction.
pub fn save(
    conn: &mut AnyConnection,
    subject: Subject,
    id: i64,
    t: &Translation,
    by: Option<i64>,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    let changed = diesel::update(
        ct::table
            .filter(ct::subject.eq(subject.code()))
            .filter(ct::subject_id.eq(id))
            .filter(ct::lang.eq(t.lang))
            .filter(ct::original.eq(false)),
    )
    .set((
        ct::title.eq(Some(&t.title)),
        ct::summary.eq(t.summary.as_ref()),
        ct::description.eq(t.description.as_ref()),
        ct::updated_by.eq(by),
        ct::updated_at.eq(at),
    ))
    .execute(conn)?;
    if changed == 0 {
        diesel::insert_into(ct::table)
            .values((
                ct::subject.eq(subject.code()),
                ct::subject_id.eq(id),
                ct::lang.eq(t.lang),
                ct::original.eq(false),
                ct::title.eq(Some(&t.title)),
                ct::summary.eq(t.summary.as_ref()),
                ct::description.eq(t.description.as_ref()),
                ct::updated_by.eq(by),
                ct::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes the translation in `lang` of an object; whether there was one.
pub fn remove(
    conn: &mut AnyConnection,
    subject: Subject,
    id: i64,
    lang: &str,
) -> Result<bool, AppError> {
    Ok(diesel::delete(
        ct::table
            .filter(ct::subject.eq(subject.code()))
            .filter(ct::subject_id.eq(id))
            .filter(ct::lang.eq(lang))
            .filter(ct::original.eq(false)),
    )
    .execute(conn)?
        > 0)
}

/// Records that an object's original text is in `lang`, in the caller's transaction.
pub fn set_original(
    conn: &mut AnyConnection,
    subject: Subject,
    id: i64,
    lang: &'static str,
    by: Option<i64>,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::delete(
        ct::table
            .filter(ct::subject.eq(subject.code()))
            .filter(ct::subject_id.eq(id))
            .filter(ct::original.eq(true)),
    )
    .execute(conn)?;
    diesel::insert_into(ct::table)
        .values((
            ct::subject.eq(subject.code()),
            ct::subject_id.eq(id),
            ct::lang.eq(lang),
            ct::original.eq(true),
            ct::updated_by.eq(by),
            ct::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Makes a change of the translations form to an object whose original is in the
/// default language `default` unless its row says otherwise, in the caller's
/// transaction (after its area's policy said yes): validates (kit rules), then saves,
/// removes or sets the original; a form naming no known change is a bad request.
/// Returns the form's messages when refused; whether anything changed otherwise.
pub fn apply(
    conn: &mut AnyConnection,
    subject: Subject,
    id: i64,
    default: &'static str,
    change: Option<&Change>,
    by: Option<i64>,
    at: NaiveDateTime,
) -> Result<Result<bool, FormErrors>, AppError> {
    let change = change.ok_or(AppError::BadRequest("error-bad-request"))?;
    let texts = texts_of(conn, subject, id)?;
    let original = texts.original_lang(default);
    match change {
        Change::Save(input) => match input.validate(subject, original) {
            Ok(t) => {
                save(conn, subject, id, &t, by, at)?;
                Ok(Ok(true))
            }
            Err(e) => Ok(Err(e)),
        },
        Change::Remove(lang) => Ok(Ok(remove(conn, subject, id, lang.trim())?)),
        Change::Original(lang) => match check_original(lang, &texts.translations) {
            Ok(l) if l == original => Ok(Ok(false)),
            Ok(l) => {
                set_original(conn, subject, id, l, by, at)?;
                Ok(Ok(true))
            }
            Err(key) => {
                let mut e = FormErrors::new();
                e.add("original", key);
                Ok(Err(e))
            }
        },
    }
}
