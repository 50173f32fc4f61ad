//! The context every page template gets: language, city, signed-in user, CSRF token,
//! flash messages, and the helpers templates call (`t`, `t1`, `asset`, `date`,
//! `datetime`).

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use chrono::NaiveDateTime;
use fluent_bundle::FluentValue;

use super::dates::{self, AsDate, AsDateTime};
use super::i18n::{Lang, catalog};
use super::session::{self, Flash};

/// Site-wide facts pages need, registered as app data.
#[derive(Debug, Clone)]
pub struct SiteInfo {
    pub city_name: String,
    pub default_language: Lang,
}

/// What the layout knows of the signed-in user (placed in request extensions by the
/// accounts middleware; the web kit never loads users itself).
#[derive(Debug, Clone)]
pub struct UserBadge {
    pub id: i64,
    pub display_name: String,
    pub language: Lang,
    pub roles: Vec<String>,
}

impl UserBadge {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

#[derive(Debug, Clone)]
pub struct PageCtx {
    pub lang: Lang,
    /// The city's default language: the language of texts nobody said otherwise of.
    pub default_lang: Lang,
    pub city_name: String,
    pub user: Option<UserBadge>,
    /// The session's CSRF token, masked afresh for this page.
    pub csrf_token: String,
    pub flashes: Vec<Flash>,
    /// Path and query of this request, for "come back here" links.
    pub current_path: String,
}

/// The language of the page for a request: the signed-in user's, else the one chosen
/// in this session, else the browser's `Accept-Language`, else the city's default.
pub fn request_language(req: &HttpRequest) -> Lang {
    let default = req
        .app_data::<web::Data<SiteInfo>>()
        .map(|s| s.default_language)
        .unwrap_or(Lang::En);
    let user = req.extensions().get::<UserBadge>().map(|u| u.language);
    resolve_language(
        user,
        req.get_session()
            .get::<String>(session::LANG)
            .ok()
            .flatten()
            .as_deref(),
        req.headers()
            .get(actix_web::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
        default,
    )
}

impl PageCtx {
    /// Builds the context for a request (also used by the error-page renderer).
    pub fn for_request(req: &HttpRequest) -> PageCtx {
        let site = req
            .app_data::<web::Data<SiteInfo>>()
            .map(|s| s.get_ref().clone())
            .unwrap_or(SiteInfo {
                city_name: "Pactum".to_string(),
                default_language: Lang::En,
            });
        let session = req.get_session();
        let user = req.extensions().get::<UserBadge>().cloned();
        let lang = request_language(req);
        let current_path = match req.uri().query() {
            Some(q) => format!("{}?{}", req.path(), q),
            None => req.path().to_string(),
        };
        PageCtx {
            lang,
            default_lang: site.default_language,
            city_name: site.city_name,
            user,
            csrf_token: {
                let token = session::csrf_token(&session);
                // Rendered for the page cache: the marker each answer fills.
                match req.extensions().get::<super::page_cache::CsrfSlot>() {
                    Some(slot) => slot.0.clone(),
                    None => session::mask_token(&token),
                }
            },
            flashes: session::take_flashes(&session),
            current_path,
        }
    }

    /// A name (an object's title) in the reader's language, or the original marked
    /// (`texts`: the object's language versions, if it has any).
    pub fn shown_title(
        &self,
        title: &str,
        texts: Option<&crate::kit::translations::Texts>,
    ) -> crate::kit::translations::Shown {
        crate::web::translations::shown(
            self.lang.code(),
            self.default_lang.code(),
            crate::kit::translations::Original::title_only(title),
            texts,
        )
        .title
    }

    pub fn t(&self, key: impl AsRef<str>) -> String {
        catalog().t(self.lang, key.as_ref())
    }

    /// A message with one named argument.
    pub fn t1(&self, key: impl AsRef<str>, name: &str, value: impl std::fmt::Display) -> String {
        catalog().t_args(
            self.lang,
            key.as_ref(),
            &[(name, FluentValue::from(value.to_string()))],
        )
    }

    /// A message with two named arguments.
    pub fn t2(&self, key: &str, a: (&str, &str), b: (&str, &str)) -> String {
        catalog().t_args(
            self.lang,
            key,
            &[
                (a.0, FluentValue::from(a.1.to_string())),
                (b.0, FluentValue::from(b.1.to_string())),
            ],
        )
    }

    /// A message with a number (for plurals).
    pub fn tn(&self, key: &str, name: &str, n: impl std::borrow::Borrow<i64>) -> String {
        catalog().t_args(self.lang, key, &[(name, FluentValue::from(*n.borrow()))])
    }

    /// A day in the page's language (`17 Nov 2025`, `17/11/2025`, `17-11-2025`); a
    /// moment shows its day; `None` shows nothing.
    pub fn date(&self, d: impl AsDate) -> String {
        d.as_date()
            .map(|d| dates::date(self.lang, d))
            .unwrap_or_default()
    }

    /// A moment to the minute in the page's language (`17 Nov 2025, 14:30`,
    /// `17/11/2025 14:30`), in UTC as stored; `None` shows nothing.
    pub fn datetime(&self, t: impl AsDateTime) -> String {
        self.moment(t, dates::datetime)
    }

    /// As [`PageCtx::datetime`], with the seconds.
    pub fn datetime_seconds(&self, t: impl AsDateTime) -> String {
        self.moment(t, dates::datetime_seconds)
    }

    /// The hour and minute of a moment (`14:30`); `None` shows nothing.
    pub fn time(&self, t: impl AsDateTime) -> String {
        self.moment(t, dates::time)
    }

    fn moment(&self, t: impl AsDateTime, show: fn(Lang, NaiveDateTime) -> String) -> String {
        t.as_datetime()
            .map(|t| show(self.lang, t))
            .unwrap_or_default()
    }

    pub fn asset(&self, path: &str) -> String {
        super::assets::url(path)
    }

    pub fn languages(&self) -> &'static [Lang] {
        &Lang::ALL
    }

    /// Whether the operator named the city (otherwise pages speak of Pactum only).
    pub fn named_city(&self) -> bool {
        self.city_name != crate::config::DEFAULT_CITY_NAME
    }

    pub fn has_role(&self, role: &str) -> bool {
        self.user.as_ref().is_some_and(|u| u.has_role(role))
    }

    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }

    /// `aria-current="page"` for navigation links to the current section.
    pub fn is_current(&self, prefix: &str) -> bool {
        if prefix == "/" {
            self.current_path == "/"
        } else {
            self.current_path.starts_with(prefix)
        }
    }
}

/// The language rule: the user's setting, else the session's choice, else the
/// browser's `Accept-Language`, else the city default.
pub fn resolve_language(
    user: Option<Lang>,
    session_choice: Option<&str>,
    accept_language: Option<&str>,
    default: Lang,
) -> Lang {
    user.or_else(|| session_choice.and_then(Lang::from_code))
        .or_else(|| accept_language.and_then(Lang::negotiate))
        .unwrap_or(default)
}

impl FromRequest for PageCtx {
    type Error = actix_web::Error;
    type Future = Ready<Result<PageCtx, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(PageCtx::for_request(req)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_rule_order() {
        assert_eq!(
            resolve_language(Some(Lang::Nl), Some("it"), Some("fr"), Lang::En),
            Lang::Nl
        );
        assert_eq!(
            resolve_language(None, Some("it"), Some("fr"), Lang::En),
            Lang::It
        );
        assert_eq!(
            resolve_language(None, None, Some("fr-BE"), Lang::En),
            Lang::Fr
        );
        assert_eq!(
            resolve_language(None, Some("xx"), Some("de"), Lang::It),
            Lang::It
        );
    }
}
