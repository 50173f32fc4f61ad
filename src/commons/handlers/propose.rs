//! Proposing a commons: the form and its submission.

use super::*;

#[derive(Template)]
#[template(path = "commons/new.html")]
pub(super) struct NewPage {
    ctx: PageCtx,
    errors: FormErrors,
    input: CommonsInput,
    choices: FilterChoices,
    groups: Vec<(i64, String)>,
    map: MapView,
    /// The address field (with the candidates of an ambiguous address).
    place: PlaceField,
    /// The proposer came from the pact form and goes back to it afterwards.
    then_pact: bool,
    /// The commons office's fields are only on the edit form.
    office_fields: bool,
}

impl NewPage {
    fn group_selected(&self, id: &i64) -> bool {
        self.input.group.trim() == id.to_string()
    }
}

/// The commons form's address field: it fills the latitude and longitude.
pub(super) fn place_field(input: &CommonsInput) -> PlaceField {
    PlaceField::new(
        "address",
        "field-address",
        "places-address-hint",
        &input.address,
    )
    .filling("lat", "lng")
}

pub(super) async fn new_page(
    ctx: PageCtx,
    state: &AppState,
    user: &CurrentUser,
    place: PlaceField,
    input: CommonsInput,
    errors: FormErrors,
    then_pact: bool,
) -> Result<NewPage, AppError> {
    let reader = ctx.lang.code();
    Ok(NewPage {
        place,
        then_pact,
        office_fields: false,
        ctx,
        errors,
        input,
        choices: choices(state, reader).await?,
        groups: service::groups_of(state, user).await?,
        map: map_view(state).await?,
    })
}

/// `GET /commons/new`: the proposal form (works without JavaScript); `?then=pact`
/// comes from the pact form and leads back to it with the new commons.
pub async fn new_form(
    ctx: PageCtx,
    user: CurrentUser,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Res {
    service::may_on_registry(&user, Action::Propose)?;
    let then_pact = query_of(&req).get("then") == "pact";
    let input = CommonsInput {
        kind: CommonsKind::Tangible.code().to_string(),
        owner: Owner::City.code().to_string(),
        ..CommonsInput::default()
    };
    Ok(render(
        &new_page(
            ctx,
            &state,
            &user,
            place_field(&input),
            input,
            FormErrors::new(),
            then_pact,
        )
        .await?,
    ))
}

/// `POST /commons/new`: files a proposal.
pub async fn create(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Res {
    service::may_on_registry(&user, Action::Propose)?;
    let form = FormData::parse(&body);
    let then_pact = form.get("then") == "pact";
    let mut input = commons_input(&form);
    let (place, mut errors) = placed(&state, &form, &mut input).await?;
    let result = match NewCommons::validate(&input) {
        Ok(new) if errors.is_empty() => service::propose(&state, &user, new).await,
        Ok(_) => Err(Refusal::Form(errors)),
        Err(invalid) => {
            add_invalid(&mut errors, &invalid);
            Err(Refusal::Form(errors))
        }
    };
    match result {
        Ok(id) => {
            push_flash(&session, FlashLevel::Success, "commons-proposed");
            Ok(see_other(&if then_pact {
                format!("/pacts/new?commons={id}")
            } else {
                format!("/commons/{id}")
            }))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_page(ctx, &state, &user, place, input, errors, then_pact).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// Places a commons form: without JavaScript, a typed address with empty coordinates
/// gives its point (one match), its candidates (several) or a field error (none).
/// Returns the address field to show again and the errors so far.
pub(super) async fn placed(
    state: &AppState,
    form: &FormData,
    input: &mut CommonsInput,
) -> Result<(PlaceField, FormErrors), AppError> {
    let (typed, choice) = (
        input.address.clone(),
        form.get("address_choice").to_string(),
    );
    let (lat, lng) = (input.lat.clone(), input.lng.clone());
    let outcome = state
        .db
        .run(move |conn| addresses::resolve_place(conn, &typed, &choice, &lat, &lng))
        .await?;
    let mut place = place_field(input);
    let mut errors = FormErrors::new();
    if let Some(a) = place.settle(outcome, &mut errors) {
        input.lat = a.lat_text();
        input.lng = a.lng_text();
        input.address = a.label();
    }
    Ok((place, errors))
}

/// Adds the model's refusals to the place's errors: the address's own message says
/// why there is no point, so not "required" too.
pub(super) fn add_invalid(errors: &mut FormErrors, invalid: &FormErrors) {
    for (field, key) in invalid.iter() {
        if !(errors.has("address") && *key == "field-location-required") {
            errors.add(field, key);
        }
    }
}

/// What a person typed into the commons form, as the model reads it.
pub(super) fn commons_input(f: &FormData) -> CommonsInput {
    CommonsInput {
        name: f.get("name").to_string(),
        description: f.get("description").to_string(),
        kind: f.get("kind").to_string(),
        category: f.get("category").to_string(),
        provisioning: f
            .all("provisioning")
            .into_iter()
            .map(str::to_string)
            .collect(),
        lat: f.get("lat").to_string(),
        lng: f.get("lng").to_string(),
        site: f.get("site").to_string(),
        address: f.get("address").to_string(),
        owner: f.get("owner").to_string(),
        why: f.get("why").to_string(),
        rules: f.get("rules").to_string(),
        licence: f.get("licence").to_string(),
        group: f.get("group").to_string(),
        asset_code: f.get("asset_code").to_string(),
        condition: f.get("condition").to_string(),
        restrictions: f.get("restrictions").to_string(),
    }
}
