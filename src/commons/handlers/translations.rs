//! A commons in several languages: the translations form (`commons::service::translate`
//! decides who may use it).

use super::*;
use crate::kit::translations::{Original, Subject, TranslationInput};
use crate::web::translations::{OwnTexts, Subjected, TranslationsPage, answer, change_of, show};

async fn translations_page(
    ctx: PageCtx,
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    typed: Option<TranslationInput>,
    edit: Option<String>,
    errors: FormErrors,
) -> Result<TranslationsPage, AppError> {
    let form = service::translations_form(state, user, id).await?;
    let c = form.commons;
    let about = Subjected {
        subject: Subject::Commons,
        back: format!("/commons/{id}"),
        action: format!("/commons/{id}/translations"),
        own: OwnTexts {
            title: c.name.clone(),
            summary: None,
            description: Some(c.description.clone()),
        },
        name: c.name,
    };
    Ok(TranslationsPage::new(
        ctx,
        about,
        state.config.default_language.code(),
        &form.texts,
        typed,
        edit.as_deref(),
        errors,
    ))
}

/// The original texts of a commons, as the reader-facing pages choose from.
pub(super) fn original_of(c: &crate::commons::service::Commons) -> Original<'_> {
    Original {
        title: &c.name,
        summary: None,
        description: Some(&c.description),
    }
}

/// `GET /commons/{id}/translations`: the commons' translations and the form (filled
/// with the one in `?lang=` when asked).
pub async fn translations_form(
    ctx: PageCtx,
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let id = id.into_inner();
    show(req.query_string(), |typed, edit, errors| {
        translations_page(ctx, &state, &user, id, typed, edit, errors)
    })
    .await
}

/// `POST /commons/{id}/translations`: adds, changes or removes a translation, or sets
/// the original's language; a refused form comes back as typed.
pub async fn translate(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let change = change_of(&body);
    let result = service::translate(&state, &user, id, change.clone()).await;
    let url = format!("/commons/{id}/translations");
    answer(&session, &url, change, result, |typed, errors| {
        translations_page(ctx, &state, &user, id, typed, None, errors)
    })
    .await
}

async fn district_page(
    ctx: PageCtx,
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    typed: Option<TranslationInput>,
    edit: Option<String>,
    errors: FormErrors,
) -> Result<TranslationsPage, AppError> {
    let form = service::district_translations_form(state, user, id).await?;
    let about = Subjected {
        subject: Subject::District,
        back: "/commons".to_string(),
        action: format!("/admin/districts/{}/translations", form.id),
        own: OwnTexts {
            title: form.name.clone(),
            summary: None,
            description: None,
        },
        name: form.name,
    };
    Ok(TranslationsPage::new(
        ctx,
        about,
        state.config.default_language.code(),
        &form.texts,
        typed,
        edit.as_deref(),
        errors,
    ))
}

/// `GET /admin/districts/{id}/translations`: a district's name in other languages.
pub async fn district_translations_form(
    ctx: PageCtx,
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let id = id.into_inner();
    show(req.query_string(), |typed, edit, errors| {
        district_page(ctx, &state, &user, id, typed, edit, errors)
    })
    .await
}

/// `POST /admin/districts/{id}/translations`: changes one of its translations.
pub async fn translate_district(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let change = change_of(&body);
    let result = service::translate_district(&state, &user, id, change.clone()).await;
    let url = format!("/admin/districts/{id}/translations");
    answer(&session, &url, change, result, |typed, errors| {
        district_page(ctx, &state, &user, id, typed, None, errors)
    })
    .await
}
