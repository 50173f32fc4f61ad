//! A person's profile: display name, notification setting, language.

use super::*;

pub async fn update_profile(
    state: &Ports,
    actor: &CurrentUser,
    name: &str,
    language: &str,
) -> Result<(), Refusal> {
    let mut errors = FormErrors::new();
    let name = DisplayName::parse(name)
        .map_err(|k| errors.add("name", k))
        .ok();
    let lang = Lang::from_code(language);
    if lang.is_none() {
        errors.add("language", "field-language-invalid");
    }
    let (Some(name), Some(lang)) = (name, lang) else {
        return Err(Refusal::Form(errors));
    };
    let uid = actor.id;
    state
        .db
        .run(move |conn| {
            diesel::update(users::table.find(uid))
                .set((
                    users::display_name.eq(name.as_str()),
                    users::language.eq(lang.code()),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// How the signed-in person hears of the pacts they take part in: one e-mail per
/// event, or a daily digest.
pub async fn set_notification_digest(
    state: &Ports,
    actor: &CurrentUser,
    digest: bool,
) -> Result<(), AppError> {
    let uid = actor.id;
    state
        .db
        .run(move |conn| {
            diesel::update(users::table.find(uid))
                .set(users::notify_digest.eq(digest))
                .execute(conn)?;
            Ok(())
        })
        .await
}

/// Sets the language of the signed-in user (from the language switcher).
pub async fn set_language(state: &Ports, actor: &CurrentUser, lang: Lang) -> Result<(), AppError> {
    let uid = actor.id;
    state
        .db
        .run(move |conn| {
            diesel::update(users::table.find(uid))
                .set(users::language.eq(lang.code()))
                .execute(conn)?;
            Ok(())
        })
        .await
}
