//! A commons in several languages: the translations form (`commons::service::translate`
//! decides who may use it).

use super::*;
use crate::kit::translations::{Change, Original, Subject, TranslationInput};
use crate::web::translations::{OwnTexts, Subjected, TranslationsPage};

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
    let edit = query_of(&req).get("lang").to_string();
    let page = translations_page(
        ctx,
        &state,
        &user,
        id.into_inner(),
        None,
        Some(edit),
        FormErrors::new(),
    )
    .await?;
    Ok(render(&page))
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
    let form = FormData::parse(&body);
    // An unknown action is refused by the service, after its policy check.
    let change = Change::from_form(|k| form.get(k));
    match service::translate(&state, &user, id, change.clone()).await {
        Ok(()) => {
            push_flash(
                &session,
                FlashLevel::Success,
                change.as_ref().map(Change::done_key).unwrap_or_default(),
            );
            Ok(see_other(&format!("/commons/{id}/translations")))
        }
        Err(Refusal::Form(errors)) => {
            let typed = match change {
                Some(Change::Save(input)) => Some(input),
                _ => None,
            };
            Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &translations_page(ctx, &state, &user, id, typed, None, errors).await?,
            ))
        }
        Err(Refusal::App(e)) => Err(e),
    }
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
    let edit = query_of(&req).get("lang").to_string();
    let page = district_page(
        ctx,
        &state,
        &user,
        id.into_inner(),
        None,
        Some(edit),
        FormErrors::new(),
    )
    .await?;
    Ok(render(&page))
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
    let form = FormData::parse(&body);
    // An unknown action is refused by the service, after its policy check.
    let change = Change::from_form(|k| form.get(k));
    match service::translate_district(&state, &user, id, change.clone()).await {
        Ok(()) => {
            push_flash(
                &session,
                FlashLevel::Success,
                change.as_ref().map(Change::done_key).unwrap_or_default(),
            );
            Ok(see_other(&format!("/admin/districts/{id}/translations")))
        }
        Err(Refusal::Form(errors)) => {
            let typed = match change {
                Some(Change::Save(input)) => Some(input),
                _ => None,
            };
            Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &district_page(ctx, &state, &user, id, typed, None, errors).await?,
            ))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}
