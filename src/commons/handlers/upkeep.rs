//! Keeping the registry clean: the edit form, merging a duplicate, and deleting and
//! moderating photos.

use super::*;

#[derive(Template)]
#[template(path = "commons/edit.html")]
pub(super) struct EditPage {
    ctx: PageCtx,
    id: i64,
    name: String,
    errors: FormErrors,
    input: CommonsInput,
    choices: FilterChoices,
    map: MapView,
    office_fields: bool,
    reason: String,
    version: String,
    place: PlaceField,
}

async fn edit_page(
    ctx: PageCtx,
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    typed: Option<(CommonsInput, String, PlaceField)>,
    errors: FormErrors,
) -> Result<EditPage, AppError> {
    let form = service::edit_form(state, user, id).await?;
    let (input, reason, place) = typed.unwrap_or_else(|| {
        let input = form.commons.input();
        let place = place_field(&input);
        (input, String::new(), place)
    });
    let reader = ctx.lang.code();
    Ok(EditPage {
        place,
        ctx,
        id,
        name: form.commons.name.clone(),
        errors,
        input,
        choices: choices(state, reader).await?,
        map: map_view(state).await?,
        office_fields: form.office_fields,
        reason,
        version: form.version,
    })
}

/// `GET /commons/{id}/edit`: the edit form, filled with the commons as it stands.
pub async fn edit_form(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let page = edit_page(ctx, &state, &user, id.into_inner(), None, FormErrors::new()).await?;
    Ok(render(&page))
}

/// `POST /commons/{id}/edit`: saves an edit with its reason; a refused form comes
/// back as typed.
pub async fn update(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let form = FormData::parse(&body);
    let mut input = commons_input(&form);
    let reason = form.get("reason").to_string();
    let (place, mut errors) = placed(&state, &form, &mut input).await?;
    if let Err(key) = crate::commons::model::check_edit_reason(&reason) {
        errors.add("reason", key);
    }
    let result = match NewCommons::validate(&input) {
        Ok(fields) if errors.is_empty() => {
            let edit = service::Edit {
                fields,
                reason: reason.clone(),
                seen: form.get("version").to_string(),
            };
            service::edit(&state, &user, id, edit).await
        }
        Ok(_) => Err(Refusal::Form(errors)),
        Err(invalid) => {
            add_invalid(&mut errors, &invalid);
            Err(Refusal::Form(errors))
        }
    };
    match result {
        Ok(changes) => {
            push_flash(
                &session,
                FlashLevel::Success,
                if changes.is_empty() {
                    "commons-edit-nothing"
                } else {
                    "commons-edited"
                },
            );
            Ok(see_other(&format!("/commons/{id}")))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &edit_page(ctx, &state, &user, id, Some((input, reason, place)), errors).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `POST /commons/{id}/merge`: an official merges this duplicate into the commons
/// numbered `into`.
pub async fn merge(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    service::may_on_registry(&user, Action::Review)?;
    let id = id.into_inner();
    let form = FormData::parse(&body);
    let reasons = form.get("merge_reasons").to_string();
    let into = form
        .get("into")
        .trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .filter(|v| *v > 0);
    let result = match into {
        Some(into) => service::merge(&state, &user, id, into, reasons.clone())
            .await
            .map(|()| into),
        None => Err(Refusal::field("into", "field-commons-merge-into-invalid")),
    };
    match result {
        Ok(into) => {
            push_flash(&session, FlashLevel::Success, "commons-merged");
            Ok(see_other(&format!("/commons/{into}")))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(ctx, &state, Some(user), id, errors, reasons, String::new()).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// The ids of `/commons/{id}/photos/{photo}/...`.
#[derive(Debug, serde::Deserialize)]
pub struct PhotoPath {
    id: i64,
    photo: i64,
}

/// `POST /commons/{id}/photos/{photo}/delete`: its uploader or the city deletes a
/// photo.
pub async fn delete_photo(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<PhotoPath>,
) -> Res {
    service::delete_photo(&state, &user, path.id, path.photo).await?;
    push_flash(&session, FlashLevel::Success, "commons-photo-deleted");
    Ok(see_other(&format!("/commons/{}#photos", path.id)))
}

/// `POST /commons/{id}/photos/{photo}/moderation`: the city hides a photo with
/// reasons (`action=hide`) or shows it again (`action=show`).
pub async fn moderate_photo(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<PhotoPath>,
    body: web::Bytes,
) -> Res {
    let form = FormData::parse(&body);
    let hide = match form.get("action") {
        "hide" => Some(true),
        "show" => Some(false),
        _ => None,
    };
    let reasons = form.get("reasons").to_string();
    let (id, photo) = (path.id, path.photo);
    match service::moderate_photo(&state, &user, id, photo, hide, reasons.clone()).await {
        Ok(()) => {
            push_flash(
                &session,
                FlashLevel::Success,
                if hide == Some(true) {
                    "commons-photo-hidden"
                } else {
                    "commons-photo-shown"
                },
            );
            Ok(see_other(&format!("/commons/{id}#photos")))
        }
        // The message names the photos section (the form is one of several).
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(
                ctx,
                &state,
                Some(user),
                id,
                errors,
                String::new(),
                String::new(),
            )
            .await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// Where a merged duplicate's address leads.
pub(super) fn moved(into: i64, suffix: &str) -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((header::LOCATION, format!("/commons/{into}{suffix}")))
        .finish()
}
