//! The translation layer: Fluent catalogues for en, it, nl and fr, compiled into the
//! binary. Every UI string, page and e-mail goes through [`I18n::t`].
//!
//! Rules: English is complete and the fallback for a key missing elsewhere; a key
//! missing everywhere renders as the key itself (and a test fails before that ships).
//! Language choice: the user's setting, else `Accept-Language`, else the city default.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language the interface is offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    En,
    It,
    Nl,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::It, Lang::Nl, Lang::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
            Lang::Nl => "nl",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name, as shown in the language switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::It => "Italiano",
            Lang::Nl => "Nederlands",
            Lang::Fr => "Français",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.trim().to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::It => 1,
            Lang::Nl => 2,
            Lang::Fr => 3,
        }
    }

    /// The best supported language in an `Accept-Language` header, honouring q-values.
    pub fn negotiate(header: &str) -> Option<Lang> {
        let mut best: Option<(Lang, f32)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            if let Some(lang) = Lang::from_code(tag)
                && best.is_none_or(|(_, bq)| q > bq)
            {
                best = Some((lang, q));
            }
        }
        best.map(|(l, _)| l)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The catalogue sources, compiled in.
pub const SOURCES: [(Lang, &str); 4] = [
    (Lang::En, include_str!("locales/en.ftl")),
    (Lang::It, include_str!("locales/it.ftl")),
    (Lang::Nl, include_str!("locales/nl.ftl")),
    (Lang::Fr, include_str!("locales/fr.ftl")),
];

pub struct I18n {
    bundles: Vec<FluentBundle<FluentResource>>,
    /// Problems found while loading (syntax errors, duplicate keys); a test keeps it empty.
    pub load_errors: Vec<String>,
}

static CATALOG: LazyLock<I18n> = LazyLock::new(I18n::load);

/// The process-wide catalogue.
pub fn catalog() -> &'static I18n {
    &CATALOG
}

impl I18n {
    fn load() -> I18n {
        let mut load_errors = Vec::new();
        let mut bundles = Vec::new();
        for (lang, source) in SOURCES {
            let resource = match FluentResource::try_new(source.to_string()) {
                Ok(r) => r,
                Err((r, errs)) => {
                    for e in errs {
                        load_errors.push(format!("{lang}.ftl: {e:?}"));
                    }
                    r
                }
            };
            let langid = lang
                .code()
                .parse()
                .unwrap_or_else(|_| unic_langid::langid!("en"));
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks would be invisible noise in HTML and e-mail.
            bundle.set_use_isolating(false);
            if let Err(errs) = bundle.add_resource(resource) {
                for e in errs {
                    load_errors.push(format!("{lang}.ftl: {e:?}"));
                }
            }
            bundles.push(bundle);
        }
        for e in &load_errors {
            tracing::error!("translation catalogue: {e}");
        }
        I18n {
            bundles,
            load_errors,
        }
    }

    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundles[lang.index()].has_message(key)
    }

    /// Message keys defined in one language's catalogue.
    pub fn keys(&self, lang: Lang) -> Vec<String> {
        let source = SOURCES[lang.index()].1;
        source
            .lines()
            .filter_map(|line| {
                let (key, _) = line.split_once('=')?;
                let key = key.trim_end();
                let first = key.chars().next()?;
                (first.is_ascii_alphabetic()
                    && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                .then(|| key.to_string())
            })
            .collect()
    }

    pub fn t(&self, lang: Lang, key: &str) -> String {
        self.format(lang, key, None)
    }

    pub fn t_args(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            fa.set(*k, v.clone());
        }
        self.format(lang, key, Some(&fa))
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        for l in [lang, Lang::En] {
            let bundle = &self.bundles[l.index()];
            if let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let out = bundle.format_pattern(pattern, args, &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(key, lang = %l, ?errors, "translation formatting problem");
                }
                return out.into_owned();
            }
        }
        tracing::warn!(key, lang = %lang, "missing translation key");
        key.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_honours_quality() {
        assert_eq!(Lang::negotiate("it-IT,it;q=0.9,en;q=0.8"), Some(Lang::It));
        assert_eq!(
            Lang::negotiate("de-DE,de;q=0.9,fr;q=0.5,nl;q=0.7"),
            Some(Lang::Nl)
        );
        assert_eq!(Lang::negotiate("de, es"), None);
        assert_eq!(Lang::negotiate("en;q=0, fr"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate(""), None);
    }

    #[test]
    fn catalogues_load_without_errors() {
        assert!(
            catalog().load_errors.is_empty(),
            "{:?}",
            catalog().load_errors
        );
    }

    #[test]
    fn every_catalogue_is_complete() {
        let en = catalog().keys(Lang::En);
        assert!(en.len() > 50);
        for lang in Lang::ALL {
            let missing: Vec<_> = en.iter().filter(|k| !catalog().has(lang, k)).collect();
            assert!(missing.is_empty(), "{lang} is missing {missing:?}");
        }
        for lang in Lang::ALL {
            let extra: Vec<_> = catalog()
                .keys(lang)
                .into_iter()
                .filter(|k| !catalog().has(Lang::En, k))
                .collect();
            assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
        }
    }

    #[test]
    fn missing_keys_fall_back_to_english_then_the_key() {
        assert_eq!(catalog().t(Lang::It, "no-such-key"), "no-such-key");
        assert_eq!(catalog().t(Lang::En, "lang-name"), "English");
        assert_eq!(catalog().t(Lang::It, "lang-name"), "Italiano");
    }
}
