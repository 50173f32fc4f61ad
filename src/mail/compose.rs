//! Translated messages built from the shared e-mail templates (text and HTML).
//! Every account e-mail has the same shape: a greeting, a paragraph, one action link
//! and a closing note; each message names its translation keys.

use askama::Template;

use super::Email;
use crate::web::i18n::{Lang, catalog};

/// The translation keys and link of one "do this" message.
pub struct ActionMail<'a> {
    /// Key prefix: `<prefix>-subject`, `-intro`, `-action`, `-outro` must exist.
    pub prefix: &'a str,
    pub to: &'a str,
    pub name: &'a str,
    pub url: &'a str,
    /// Further arguments of the messages (a pact's title as text, a count as a
    /// number so that plural forms are chosen).
    pub args: &'a [(&'a str, fluent_bundle::FluentValue<'static>)],
}

#[derive(Template)]
#[template(path = "email/action.txt")]
struct ActionText<'a> {
    m: &'a Rendered,
}

#[derive(Template)]
#[template(path = "email/action.html")]
struct ActionHtml<'a> {
    m: &'a Rendered,
}

struct Rendered {
    lang: &'static str,
    city: String,
    greeting: String,
    intro: String,
    action: String,
    url: String,
    outro: String,
    signature: String,
}

pub fn compose_action(
    lang: Lang,
    city: &str,
    mail: &ActionMail<'_>,
) -> Result<Email, askama::Error> {
    let mut args: Vec<(&str, fluent_bundle::FluentValue<'_>)> = vec![
        ("city", city.to_string().into()),
        ("name", mail.name.to_string().into()),
    ];
    args.extend(mail.args.iter().map(|(k, v)| (*k, v.clone())));
    let t = |suffix: &str| catalog().t_args(lang, &format!("{}-{suffix}", mail.prefix), &args);
    let r = Rendered {
        lang: lang.code(),
        city: city.to_string(),
        greeting: catalog().t_args(
            lang,
            "email-greeting",
            &[("name", mail.name.to_string().into())],
        ),
        intro: t("intro"),
        action: t("action"),
        url: mail.url.to_string(),
        outro: t("outro"),
        signature: catalog().t_args(
            lang,
            "email-signature",
            &[("city", city.to_string().into())],
        ),
    };
    Ok(Email {
        to: mail.to.to_string(),
        subject: t("subject"),
        text: ActionText { m: &r }.render()?,
        html: ActionHtml { m: &r }.render()?,
    })
}
