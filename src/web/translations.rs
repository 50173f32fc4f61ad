//! The translations form every area shows for its objects (commons, pacts, offices,
//! districts): the original's language and texts, the translations there are (each
//! to change or remove), one form to add or change a translation, and one to say
//! which language the original is in. Areas decide who may use it (their policy) and
//! save through `db::translations`; this module only shapes the page.
//!
//! Also the reading side's one helper: [`shown`] turns an object's texts into the
//! version a reader gets.

use std::collections::BTreeMap;

use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use crate::error::AppError;
use crate::web::forms::{FormData, Refusal};
use crate::web::session::{FlashLevel, push_flash};
use crate::web::{render_with_status, see_other};

use crate::kit::refusal::FormErrors;
use crate::kit::translations::{
    Change, Original, SITE_LANGS, Subject, Texts, TranslationInput, Version, choose,
};
use crate::web::page::PageCtx;

/// The version of an object's texts a reader of `ctx` gets (see [`choose`]).
pub fn shown(
    lang: &str,
    default: &'static str,
    original: Original<'_>,
    texts: Option<&Texts>,
) -> Version {
    match texts {
        Some(t) => choose(lang, t.original_lang(default), original, &t.translations),
        None => choose(lang, default, original, &[]),
    }
}

/// One language version as the read API and JSON exports give it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TranslatedText {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An object's translations as `{lang: {title, summary, description}}`.
pub fn translated_texts(texts: &Texts) -> BTreeMap<&'static str, TranslatedText> {
    texts
        .translations
        .iter()
        .map(|t| {
            (
                t.lang,
                TranslatedText {
                    title: t.title.clone(),
                    summary: t.summary.clone(),
                    description: t.description.clone(),
                },
            )
        })
        .collect()
}

/// A language to choose, by code, with its name's key.
pub struct LangChoice {
    pub code: &'static str,
    pub name_key: String,
    pub selected: bool,
}

/// One translation as the page lists it.
pub struct Row {
    pub lang: &'static str,
    pub name_key: String,
    pub title: String,
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// The object's own texts, as the page shows them next to the form.
pub struct OwnTexts {
    pub title: String,
    pub summary: Option<String>,
    pub description: Option<String>,
}

#[derive(Template)]
#[template(path = "translations/edit.html")]
pub struct TranslationsPage {
    pub ctx: PageCtx,
    /// The object's name (its original title), for the heading.
    pub name: String,
    /// Where the object's page is.
    pub back: String,
    /// Where the forms post.
    pub action: String,
    pub original_lang: &'static str,
    pub original_name_key: String,
    pub own: OwnTexts,
    pub has_summary: bool,
    pub has_description: bool,
    /// The labels of the summary and description fields for this kind of object.
    pub summary_key: &'static str,
    pub description_key: &'static str,
    pub rows: Vec<Row>,
    /// The add-or-change form's content.
    pub input: TranslationInput,
    pub lang_choices: Vec<LangChoice>,
    pub original_choices: Vec<LangChoice>,
    pub errors: FormErrors,
}

fn name_key(code: &str) -> String {
    format!("translation-lang-{code}")
}

/// What the page is about: one object and where its pages are.
pub struct Subjected {
    pub subject: Subject,
    pub name: String,
    pub back: String,
    pub action: String,
    pub own: OwnTexts,
}

impl TranslationsPage {
    /// The page for an object whose texts are `texts` (original in `default` unless
    /// they say otherwise). The form holds `typed` (a refused submission), else the
    /// translation in `edit` (`?lang=`), else is empty for a new one.
    pub fn new(
        ctx: PageCtx,
        about: Subjected,
        default: &'static str,
        texts: &Texts,
        typed: Option<TranslationInput>,
        edit: Option<&str>,
        errors: FormErrors,
    ) -> TranslationsPage {
        let original_lang = texts.original_lang(default);
        let input = typed.unwrap_or_else(|| {
            edit.and_then(|l| texts.get(l.trim()))
                .map(TranslationInput::from)
                .unwrap_or_default()
        });
        let free = SITE_LANGS.iter().copied().filter(|l| *l != original_lang);
        let first_missing = free.clone().find(|l| texts.get(l).is_none());
        let chosen = if input.lang.is_empty() {
            first_missing.unwrap_or_default().to_string()
        } else {
            input.lang.clone()
        };
        let caps = about.subject.caps();
        let (summary_key, description_key) = match about.subject {
            Subject::Pact => (
                "translation-field-objectives",
                "translation-field-activities",
            ),
            _ => ("translation-field-summary", "translation-field-description"),
        };
        TranslationsPage {
            ctx,
            name: about.name,
            back: about.back,
            action: about.action,
            original_lang,
            original_name_key: name_key(original_lang),
            own: about.own,
            has_summary: caps.summary.is_some(),
            has_description: caps.description.is_some(),
            summary_key,
            description_key,
            rows: texts
                .translations
                .iter()
                .map(|t| Row {
                    lang: t.lang,
                    name_key: name_key(t.lang),
                    title: t.title.clone(),
                    summary: t.summary.clone(),
                    description: t.description.clone(),
                })
                .collect(),
            lang_choices: free
                .map(|code| LangChoice {
                    code,
                    name_key: name_key(code),
                    selected: code == chosen,
                })
                .collect(),
            original_choices: SITE_LANGS
                .iter()
                .map(|code| LangChoice {
                    code,
                    name_key: name_key(code),
                    selected: *code == original_lang,
                })
                .collect(),
            input,
            errors,
        }
    }
}

/// The change a posted translations form asks for (`None`: an unknown action, which
/// the area's service refuses after its policy check).
pub fn change_of(body: &[u8]) -> Option<Change> {
    let form = FormData::parse(body);
    Change::from_form(|k| form.get(k))
}

/// The language whose translation the form opens with (`?lang=`).
pub fn edit_lang(query: &str) -> Option<String> {
    Some(FormData::parse(query.as_bytes()).get("lang").to_string())
}

/// The translations page of a `GET`: the form filled with the translation in the
/// query's `?lang=` when asked, built by `page` (nothing typed, no errors).
pub async fn show<F, Fut>(query: &str, page: F) -> Result<HttpResponse, AppError>
where
    F: FnOnce(Option<TranslationInput>, Option<String>, FormErrors) -> Fut,
    Fut: std::future::Future<Output = Result<TranslationsPage, AppError>>,
{
    Ok(crate::web::render(
        &page(None, edit_lang(query), FormErrors::new()).await?,
    ))
}

/// The answer to a posted translations form: back to the form at `url` with a message
/// when done; the form again (422) with the refusal and what was typed, built by
/// `page`; else the error.
pub async fn answer<F, Fut>(
    session: &Session,
    url: &str,
    change: Option<Change>,
    result: Result<(), Refusal>,
    page: F,
) -> Result<HttpResponse, AppError>
where
    F: FnOnce(Option<TranslationInput>, FormErrors) -> Fut,
    Fut: std::future::Future<Output = Result<TranslationsPage, AppError>>,
{
    match result {
        Ok(()) => {
            let key = change.as_ref().map(Change::done_key).unwrap_or_default();
            push_flash(session, FlashLevel::Success, key);
            Ok(see_other(url))
        }
        Err(Refusal::Form(errors)) => {
            let typed = match change {
                Some(Change::Save(input)) => Some(input),
                _ => None,
            };
            Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(typed, errors).await?,
            ))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}
