//! A pact in several languages: the translations form (`service::translate` decides
//! who may use it: `policy::Action::Translate`).

use actix_web::web;

use super::*;
use crate::kit::translations::{Subject, TranslationInput};
use crate::pacts::store::Who;
use crate::web::forms::FormErrors;
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
    let form = match service::translations_form(state, &Who::from(user), id).await {
        Ok(f) => f,
        Err(Refusal::App(e)) => return Err(e),
        Err(Refusal::Form(_)) => return Err(AppError::Forbidden),
    };
    let about = Subjected {
        subject: Subject::Pact,
        back: format!("/pacts/{id}"),
        action: format!("/pacts/{id}/translations"),
        own: OwnTexts {
            title: form.title.clone(),
            summary: Some(form.objectives),
            description: Some(form.activities),
        },
        name: form.title,
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

/// `GET /pacts/{id}/translations`: the pact's translations and the form (filled with
/// the one in `?lang=` when asked).
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

/// `POST /pacts/{id}/translations`: adds, changes or removes a translation, or sets
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
    let result = service::translate(&state, &Who::from(&user), id, change.clone()).await;
    let url = format!("/pacts/{id}/translations");
    answer(&session, &url, change, result, |typed, errors| {
        translations_page(ctx, &state, &user, id, typed, None, errors)
    })
    .await
}
