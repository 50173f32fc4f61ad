//! An office's name in several languages: the translations form, for admins.

use super::*;
use crate::accounts::admin;
use crate::kit::translations::{Subject, TranslationInput};
use crate::web::translations::{OwnTexts, Subjected, TranslationsPage, answer, change_of, show};

async fn office_page(
    ctx: PageCtx,
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    typed: Option<TranslationInput>,
    edit: Option<String>,
    errors: FormErrors,
) -> Result<TranslationsPage, AppError> {
    let form = admin::office_translations(state, user, id).await?;
    let about = Subjected {
        subject: Subject::Office,
        back: "/admin/offices".to_string(),
        action: format!("/admin/offices/{}/translations", form.id),
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

/// `GET /admin/offices/{id}/translations`: an office's name in other languages.
pub async fn office_translations_form(
    ctx: PageCtx,
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let id = id.into_inner();
    show(req.query_string(), |typed, edit, errors| {
        office_page(ctx, &state, &user, id, typed, edit, errors)
    })
    .await
}

/// `POST /admin/offices/{id}/translations`: changes one of its translations.
pub async fn translate_office(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let change = change_of(&body);
    let result = admin::translate_office(&state, &user, id, change.clone()).await;
    let url = format!("/admin/offices/{id}/translations");
    answer(&session, &url, change, result, |typed, errors| {
        office_page(ctx, &state, &user, id, typed, None, errors)
    })
    .await
}
