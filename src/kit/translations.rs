//! Content in several languages: the rules every area shares for the titles,
//! summaries and descriptions of its objects (commons, pacts, offices, districts)
//! given in more than one of the site's languages.
//!
//! Rules:
//! - An object's own text is in its *original* language (the city's default unless
//!   its people said otherwise); a translation is in another of the site's languages,
//!   never the original's, at most one per language.
//! - A translation needs a title; its summary and description are optional, and only
//!   exist where the object has such a field; each is bounded by the same cap as the
//!   original field.
//! - A reader gets, field by field, the version in their language when there is one,
//!   else the original, marked with the language it is in (the page sets `lang` on it).
//!
//! Pure: languages are their codes (`en`, `it`, `nl`, `fr`), as the web layer names them.

use crate::kit::refusal::FormErrors;

/// The site's languages, by code.
pub const SITE_LANGS: [&str; 4] = ["en", "it", "nl", "fr"];

/// The site language with this code (surrounding spaces ignored), as a `'static` code.
pub fn site_lang(code: &str) -> Option<&'static str> {
    SITE_LANGS.iter().copied().find(|l| *l == code.trim())
}

crate::kit::codes::code_enum! {
    /// The kinds of object whose texts may be translated, as `content_translations`
    /// names them.
    Subject {
        Commons => "commons",
        Pact => "pact",
        Office => "office",
        District => "district",
    }
}

/// The caps of a subject's texts, in characters: `None` where it has no such field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    pub title: usize,
    pub summary: Option<usize>,
    pub description: Option<usize>,
}

impl Subject {
    /// The same caps as the original fields: a commons' name (120) and description
    /// (4,000); a pact's title (200), objectives and activities (20,000 each); an
    /// office's name (100); a district's name (120).
    pub fn caps(self) -> Caps {
        match self {
            Subject::Commons => Caps {
                title: 120,
                summary: None,
                description: Some(4_000),
            },
            Subject::Pact => Caps {
                title: 200,
                summary: Some(20_000),
                description: Some(20_000),
            },
            Subject::Office => Caps {
                title: 100,
                summary: None,
                description: None,
            },
            Subject::District => Caps {
                title: 120,
                summary: None,
                description: None,
            },
        }
    }
}

/// One language version of an object's texts (a translation as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub lang: &'static str,
    pub title: String,
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// A translation as typed in the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TranslationInput {
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub description: String,
}

impl From<&Translation> for TranslationInput {
    fn from(t: &Translation) -> TranslationInput {
        TranslationInput {
            lang: t.lang.to_string(),
            title: t.title.clone(),
            summary: t.summary.clone().unwrap_or_default(),
            description: t.description.clone().unwrap_or_default(),
        }
    }
}

fn field(
    e: &mut FormErrors,
    name: &'static str,
    value: &str,
    cap: usize,
    required: bool,
) -> Option<String> {
    let v = value.trim();
    if v.is_empty() {
        if required {
            e.add(name, "field-translation-title-required");
        }
        return None;
    }
    if v.chars().count() > cap {
        e.add(name, "field-text-too-long");
    } else if v
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        e.add(name, "field-text-invalid");
    }
    Some(v.replace("\r\n", "\n"))
}

impl TranslationInput {
    /// Checks a translation of a `subject` whose original is in `original`: a site
    /// language other than the original, a title, every text within its cap (fields
    /// the subject lacks are dropped). One message per field.
    pub fn validate(&self, subject: Subject, original: &str) -> Result<Translation, FormErrors> {
        let mut e = FormErrors::new();
        let lang = match site_lang(&self.lang) {
            None => {
                e.add("lang", "field-translation-lang-invalid");
                ""
            }
            Some(l) if l == original => {
                e.add("lang", "field-translation-lang-original");
                l
            }
            Some(l) => l,
        };
        let caps = subject.caps();
        let title = field(&mut e, "title", &self.title, caps.title, true);
        let summary = caps
            .summary
            .and_then(|cap| field(&mut e, "summary", &self.summary, cap, false));
        let description = caps
            .description
            .and_then(|cap| field(&mut e, "description", &self.description, cap, false));
        e.into_result(Translation {
            lang,
            title: title.unwrap_or_default(),
            summary,
            description,
        })
    }
}

/// Whether an object's original language may become `new`: a site language in which
/// it has no translation yet (the translation would be the original's twin).
pub fn check_original(
    new: &str,
    translations: &[Translation],
) -> Result<&'static str, &'static str> {
    match site_lang(new) {
        None => Err("field-translation-lang-invalid"),
        Some(l) if translations.iter().any(|t| t.lang == l) => {
            Err("field-translation-original-taken")
        }
        Some(l) => Ok(l),
    }
}

/// What the translations form asks: add or change the translation in a language,
/// remove one, or say which language the original is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Save(TranslationInput),
    Remove(String),
    Original(String),
}

impl Change {
    /// The change a form's `action` names, with its fields read by `get`; `None` for
    /// an unknown action.
    pub fn from_form<'a>(get: impl Fn(&str) -> &'a str) -> Option<Change> {
        match get("action") {
            "save" => Some(Change::Save(TranslationInput {
                lang: get("lang").to_string(),
                title: get("title").to_string(),
                summary: get("summary").to_string(),
                description: get("description").to_string(),
            })),
            "remove" => Some(Change::Remove(get("lang").to_string())),
            "original" => Some(Change::Original(get("original").to_string())),
            _ => None,
        }
    }

    /// The flash message key of a change made.
    pub fn done_key(&self) -> &'static str {
        match self {
            Change::Save(_) => "translation-saved",
            Change::Remove(_) => "translation-removed",
            Change::Original(_) => "translation-original-saved",
        }
    }
}

/// An object's texts in every language it has: the original and its translations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Texts {
    /// The original's language, when its people said; else the city's default.
    pub original: Option<&'static str>,
    /// The translations, in the order of [`SITE_LANGS`].
    pub translations: Vec<Translation>,
}

impl Texts {
    /// The original's language, `default` when nobody said.
    pub fn original_lang(&self, default: &'static str) -> &'static str {
        self.original.unwrap_or(default)
    }

    /// The translation in `lang`, if there is one.
    pub fn get(&self, lang: &str) -> Option<&Translation> {
        self.translations.iter().find(|t| t.lang == lang)
    }

    /// Every translation's texts, for a search index (title, summary, description of
    /// each language in turn).
    pub fn searchable(&self) -> Vec<String> {
        self.translations
            .iter()
            .flat_map(|t| {
                std::iter::once(t.title.clone())
                    .chain(t.summary.clone())
                    .chain(t.description.clone())
            })
            .collect()
    }
}

/// One text as a reader gets it: the words, the language they are in, and whether
/// that is not the reader's (so the page marks it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub text: String,
    pub lang: &'static str,
    /// The reader's language has no version of this text: it is shown in `lang`.
    pub foreign: bool,
}

impl Shown {
    /// The translation key of the mark next to a text not in the reader's language
    /// ("in Italian: no English version yet"), one per original language.
    pub fn mark_key(&self) -> String {
        format!("translation-missing-{}", self.lang)
    }
}

/// An object's original texts (its own table's fields; `None` where it has none).
#[derive(Debug, Clone, Copy)]
pub struct Original<'a> {
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub description: Option<&'a str>,
}

impl<'a> Original<'a> {
    /// The original of an object that has only a title (a name).
    pub fn title_only(title: &'a str) -> Original<'a> {
        Original {
            title,
            summary: None,
            description: None,
        }
    }
}

/// What a reader gets of one object, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub title: Shown,
    pub summary: Option<Shown>,
    pub description: Option<Shown>,
}

/// Chooses, field by field, the version a reader of language `reader` gets: the
/// translation in their language where it has that field, else the original (in
/// `original_lang`), marked foreign when that is not the reader's language.
pub fn choose(
    reader: &str,
    original_lang: &'static str,
    original: Original<'_>,
    translations: &[Translation],
) -> Version {
    let own = || Shown {
        text: String::new(),
        lang: original_lang,
        foreign: original_lang != reader,
    };
    let pick = |orig: &str, translated: Option<&str>| match translated {
        Some(t) if original_lang != reader => Shown {
            text: t.to_string(),
            lang: site_lang(reader).unwrap_or(original_lang),
            foreign: false,
        },
        _ => Shown {
            text: orig.to_string(),
            ..own()
        },
    };
    let t = translations.iter().find(|t| t.lang == reader);
    Version {
        title: pick(original.title, t.map(|t| t.title.as_str())),
        summary: original
            .summary
            .map(|s| pick(s, t.and_then(|t| t.summary.as_deref()))),
        description: original
            .description
            .map(|d| pick(d, t.and_then(|t| t.description.as_deref()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nl() -> Translation {
        Translation {
            lang: "nl",
            title: "Moestuin".into(),
            summary: None,
            description: Some("Een tuin".into()),
        }
    }

    const ORIG: Original<'static> = Original {
        title: "Orto",
        summary: None,
        description: Some("Un orto"),
    };

    #[test]
    fn a_reader_gets_their_language_when_it_exists() {
        let v = choose("nl", "it", ORIG, &[nl()]);
        assert_eq!(
            v.title,
            Shown {
                text: "Moestuin".into(),
                lang: "nl",
                foreign: false
            }
        );
        assert_eq!(v.description.unwrap().text, "Een tuin");
        assert_eq!(v.summary, None);
    }

    #[test]
    fn else_the_original_marked_with_its_language() {
        let v = choose("fr", "it", ORIG, &[nl()]);
        assert_eq!(v.title.text, "Orto");
        assert_eq!(v.title.lang, "it");
        assert!(v.title.foreign);
        assert_eq!(v.title.mark_key(), "translation-missing-it");
        // A reader of the original's language sees it unmarked.
        let v = choose("it", "it", ORIG, &[nl()]);
        assert_eq!(v.title.text, "Orto");
        assert!(!v.title.foreign);
    }

    #[test]
    fn a_field_the_translation_lacks_falls_back_alone() {
        let mut t = nl();
        t.description = None;
        let v = choose("nl", "it", ORIG, &[t]);
        assert_eq!(v.title.lang, "nl");
        let d = v.description.unwrap();
        assert_eq!(
            (d.text.as_str(), d.lang, d.foreign),
            ("Un orto", "it", true)
        );
    }

    #[test]
    fn a_stray_translation_in_the_original_language_is_ignored() {
        let mut t = nl();
        t.lang = "it";
        let v = choose("it", "it", ORIG, &[t]);
        assert_eq!(v.title.text, "Orto");
    }

    fn input(lang: &str, title: &str) -> TranslationInput {
        TranslationInput {
            lang: lang.into(),
            title: title.into(),
            summary: "  riassunto ".into(),
            description: "descr\r\nizione".into(),
        }
    }

    #[test]
    fn validation_checks_language_title_and_caps() {
        let t = input(" nl ", " Tuin ")
            .validate(Subject::Pact, "it")
            .unwrap();
        assert_eq!(t.lang, "nl");
        assert_eq!(t.title, "Tuin");
        assert_eq!(t.summary.as_deref(), Some("riassunto"));
        assert_eq!(t.description.as_deref(), Some("descr\nizione"));
        // Fields the subject lacks are dropped.
        let t = input("nl", "Tuin").validate(Subject::Office, "it").unwrap();
        assert_eq!((t.summary, t.description), (None, None));

        let e = input("it", "")
            .validate(Subject::Commons, "it")
            .unwrap_err();
        assert_eq!(e.get("lang"), "field-translation-lang-original");
        assert_eq!(e.get("title"), "field-translation-title-required");
        let e = input("de", "x")
            .validate(Subject::Commons, "it")
            .unwrap_err();
        assert_eq!(e.get("lang"), "field-translation-lang-invalid");

        let long = "x".repeat(121);
        let e = input("en", &long)
            .validate(Subject::Commons, "it")
            .unwrap_err();
        assert_eq!(e.get("title"), "field-text-too-long");
        assert!(
            input("en", &"x".repeat(120))
                .validate(Subject::Commons, "it")
                .is_ok()
        );
        let mut i = input("en", "ok");
        i.description = "y".repeat(4_001);
        let e = i.validate(Subject::Commons, "it").unwrap_err();
        assert_eq!(e.fields(), vec!["description"]);
        i.description = "bell\u{7}".into();
        assert_eq!(
            i.validate(Subject::Commons, "it")
                .unwrap_err()
                .get("description"),
            "field-text-invalid"
        );
    }

    #[test]
    fn the_original_language_cannot_take_a_translated_one() {
        assert_eq!(check_original("fr", &[nl()]), Ok("fr"));
        assert_eq!(
            check_original("nl", &[nl()]),
            Err("field-translation-original-taken")
        );
        assert_eq!(
            check_original("xx", &[]),
            Err("field-translation-lang-invalid")
        );
    }

    #[test]
    fn subjects_have_codes_and_caps() {
        assert_eq!(Subject::parse("district"), Some(Subject::District));
        assert_eq!(Subject::Pact.caps().summary, Some(20_000));
        assert_eq!(Subject::Commons.code(), "commons");
    }
}
