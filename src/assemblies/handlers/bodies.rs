//! The list of bodies, a body's page, and the settings form (new and edit), and the
//! facilitators an administrator names.

use super::*;

#[derive(Template)]
#[template(path = "assemblies/index.html")]
pub(super) struct IndexPage {
    ctx: PageCtx,
    bodies: Vec<BodyCard>,
    may_create: bool,
}

/// `GET /assemblies`: every assembly and chamber.
pub async fn index(ctx: PageCtx, user: MaybeUser, state: web::Data<AppState>) -> Res {
    let bodies = service::list(&state).await?;
    let who = user.0.as_ref().map(CurrentUser::who);
    let may_create = policy::allowed(who.as_ref(), &Object::Platform, Action::Create);
    Ok(render(&IndexPage {
        ctx,
        bodies,
        may_create,
    }))
}

#[derive(Template)]
#[template(path = "assemblies/form.html")]
pub(super) struct FormPage {
    ctx: PageCtx,
    errors: FormErrors,
    input: BodyInput,
    /// The body being edited (its slug), or none for a new one.
    editing: Option<String>,
    districts: Vec<(i64, String)>,
}

impl FormPage {
    fn kinds(&self) -> &'static [BodyKind] {
        BodyKind::ALL
    }
    fn joinings(&self) -> &'static [Joining] {
        Joining::ALL
    }
    fn org_kinds(&self) -> &'static [OrgKind] {
        OrgKind::ALL
    }
    fn action(&self) -> String {
        match &self.editing {
            Some(slug) => format!("/assemblies/{slug}/edit"),
            None => "/assemblies/new".to_string(),
        }
    }
}

async fn form_page(
    ctx: PageCtx,
    state: &AppState,
    errors: FormErrors,
    input: BodyInput,
    editing: Option<String>,
) -> Result<FormPage, AppError> {
    // Each district under its parent (a quartiere's zones).
    let districts = state
        .db
        .run(crate::commons::api::district_tree)
        .await?
        .id_options();
    Ok(FormPage {
        ctx,
        errors,
        input,
        editing,
        districts,
    })
}

fn input_of(f: &FormData) -> BodyInput {
    BodyInput {
        kind: f.get("kind").to_string(),
        name: f.get("name").to_string(),
        charter: f.get("charter").to_string(),
        district: f.get("district").to_string(),
        theme: f.get("theme").to_string(),
        joining: f.get("joining").to_string(),
        admits: f.all("admits").into_iter().map(str::to_string).collect(),
        motion_threshold: f.get("motion_threshold").to_string(),
    }
}

/// `GET /assemblies/new` (administrators).
pub async fn new_form(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    policy::may(Some(&user.who()), &Object::Platform, Action::Create)?;
    let input = BodyInput {
        kind: BodyKind::Assembly.code().to_string(),
        joining: Joining::Open.code().to_string(),
        motion_threshold: "3".to_string(),
        ..BodyInput::default()
    };
    Ok(render(
        &form_page(ctx, &state, FormErrors::new(), input, None).await?,
    ))
}

/// `POST /assemblies/new`.
pub async fn create(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Res {
    // Who may create is answered before what they typed.
    policy::may(Some(&user.who()), &Object::Platform, Action::Create)?;
    let input = input_of(&FormData::parse(&body));
    let result = match BodySettings::validate(&input) {
        Ok(s) => service::create(&state, &user.who(), s).await,
        Err(e) => Err(Refusal::Form(e)),
    };
    match result {
        Ok(slug) => {
            push_flash(&session, FlashLevel::Success, "body-created");
            Ok(see_other(&format!("/assemblies/{slug}")))
        }
        Err(Refusal::Form(errors)) => {
            Ok(invalid(&form_page(ctx, &state, errors, input, None).await?))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `GET /assemblies/{slug}/edit` (its facilitators, administrators).
pub async fn edit_form(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let who = user.who();
    let page = service::page(&state, Some(&who), &slug).await?;
    policy::may(Some(&who), &Object::Body(&page.facts), Action::Edit)?;
    let b = page.body;
    let input = BodyInput {
        kind: b.kind.code().to_string(),
        name: b.name,
        charter: b.charter,
        district: b.district_id.map(|d| d.to_string()).unwrap_or_default(),
        theme: b.theme,
        joining: b.joining.code().to_string(),
        admits: b.admits.iter().map(|k| k.code().to_string()).collect(),
        motion_threshold: b.motion_threshold.to_string(),
    };
    Ok(render(
        &form_page(ctx, &state, FormErrors::new(), input, Some(b.slug)).await?,
    ))
}

/// `POST /assemblies/{slug}/edit`.
pub async fn update(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Res {
    let slug = slug.into_inner();
    // Who may edit is answered before what they typed (the service asks again).
    let page = service::page(&state, Some(&user.who()), &slug).await?;
    policy::may(Some(&user.who()), &Object::Body(&page.facts), Action::Edit)?;
    let input = input_of(&FormData::parse(&body));
    let result = match BodySettings::validate(&input) {
        Ok(s) => service::edit(&state, &user.who(), &slug, s).await,
        Err(e) => Err(Refusal::Form(e)),
    };
    match result {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "body-saved");
            Ok(see_other(&format!("/assemblies/{slug}")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &form_page(ctx, &state, errors, input, Some(slug)).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "assemblies/show.html")]
pub(super) struct ShowPage {
    ctx: PageCtx,
    page: BodyPage,
    viewer: Option<Who>,
    errors: FormErrors,
    email: String,
}

impl ShowPage {
    fn may(&self, action: Action) -> bool {
        policy::allowed(
            self.viewer.as_ref(),
            &Object::Body(&self.page.facts),
            action,
        )
    }
    fn is_assembly(&self) -> bool {
        self.page.body.kind == BodyKind::Assembly
    }
    fn own_pending(&self) -> bool {
        self.page
            .own
            .as_ref()
            .is_some_and(|m| m.status == MemberStatus::Pending)
    }
    fn own_member(&self) -> bool {
        self.page
            .own
            .as_ref()
            .is_some_and(|m| m.status == MemberStatus::Member)
    }
}

async fn show_page(
    ctx: PageCtx,
    user: &MaybeUser,
    state: &AppState,
    slug: &str,
    errors: FormErrors,
    email: String,
) -> Result<ShowPage, AppError> {
    let viewer = user.0.as_ref().map(CurrentUser::who);
    let page = service::page(state, viewer.as_ref(), slug).await?;
    Ok(ShowPage {
        ctx,
        page,
        viewer,
        errors,
        email,
    })
}

/// `GET /assemblies/{slug}`.
pub async fn show(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    Ok(render(
        &show_page(ctx, &user, &state, &slug, FormErrors::new(), String::new()).await?,
    ))
}

#[derive(Deserialize)]
pub struct FacilitatorForm {
    #[serde(default)]
    email: String,
}

/// `POST /assemblies/{slug}/facilitators` (administrators).
pub async fn add_facilitator(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<FacilitatorForm>,
) -> Res {
    let slug = slug.into_inner();
    let email = form.into_inner().email;
    match service::bodies::add_facilitator(&state, &user.who(), &slug, &email).await {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "body-facilitator-added");
            Ok(see_other(&format!("/assemblies/{slug}")))
        }
        Err(Refusal::Form(errors)) => {
            let maybe = MaybeUser(Some(user));
            Ok(invalid(
                &show_page(ctx, &maybe, &state, &slug, errors, email).await?,
            ))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `POST /assemblies/{slug}/facilitators/{user}/remove` (administrators).
pub async fn remove_facilitator(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let (slug, uid) = path.into_inner();
    service::bodies::remove_facilitator(&state, &user.who(), &slug, uid).await?;
    push_flash(&session, FlashLevel::Success, "body-facilitator-removed");
    Ok(see_other(&format!("/assemblies/{slug}")))
}
