//! Motions: the form to table one, a motion's page (text, support, comments), the
//! buttons to support, withdraw and schedule it, comments and replies, hiding a
//! comment, and the body's moderation log.

use super::*;
use crate::assemblies::model::motion::{MotionState, NewMotion, Tag};
use crate::assemblies::service::motions::{self, Hidden, MotionPage};

#[derive(Template)]
#[template(path = "assemblies/motion_form.html")]
pub(super) struct MotionFormPage {
    ctx: PageCtx,
    slug: String,
    name: String,
    errors: FormErrors,
    title: String,
    text: String,
    reasons: String,
}

/// `GET /assemblies/{slug}/motions/new` (members).
pub async fn motion_form(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let who = user.who();
    let page = service::page(&state, Some(&who), &slug).await?;
    policy::may(Some(&who), &Object::Body(&page.facts), Action::Table)?;
    Ok(render(&MotionFormPage {
        ctx,
        slug: page.body.slug,
        name: page.body.name,
        errors: FormErrors::new(),
        title: String::new(),
        text: String::new(),
        reasons: String::new(),
    }))
}

#[derive(Deserialize)]
pub struct MotionForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    reasons: String,
}

/// `POST /assemblies/{slug}/motions/new`.
pub async fn table_motion(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<MotionForm>,
) -> Res {
    let who = user.who();
    let page = service::page(&state, Some(&who), &slug).await?;
    policy::may(Some(&who), &Object::Body(&page.facts), Action::Table)?;
    let f = form.into_inner();
    match NewMotion::validate(&f.title, &f.text, &f.reasons) {
        Ok(m) => {
            let id = motions::table(&state, &who, &slug, m).await?;
            push_flash(&session, FlashLevel::Success, "motion-tabled");
            Ok(see_other(&format!("/assemblies/{slug}/motions/{id}")))
        }
        Err(errors) => Ok(invalid(&MotionFormPage {
            ctx,
            slug: page.body.slug,
            name: page.body.name,
            errors,
            title: f.title,
            text: f.text,
            reasons: f.reasons,
        })),
    }
}

#[derive(Template)]
#[template(path = "assemblies/motion.html")]
pub(super) struct MotionShow {
    ctx: PageCtx,
    page: MotionPage,
    viewer: Option<Who>,
    errors: FormErrors,
    comment: String,
    /// The amendment form's text, messages and values.
    pub(super) amend: super::amendments::AmendDraft,
}

impl MotionShow {
    fn may(&self, action: Action) -> bool {
        policy::allowed(
            self.viewer.as_ref(),
            &Object::Body(&self.page.facts),
            action,
        )
    }
    fn may_support(&self) -> bool {
        self.may(Action::Support(self.page.motion_facts))
    }
    fn may_withdraw(&self) -> bool {
        self.may(Action::Withdraw(self.page.motion_facts))
    }
    fn may_schedule(&self) -> bool {
        self.may(Action::Schedule(self.page.motion_facts))
    }
    fn may_comment(&self) -> bool {
        self.may(Action::Comment(self.page.motion_facts))
    }
    fn tags(&self) -> &'static [Tag] {
        Tag::ALL
    }
    fn may_amend(&self) -> bool {
        self.may(Action::Amend(self.page.amendments.target))
    }
}

pub(super) async fn motion_show(
    ctx: PageCtx,
    state: &AppState,
    viewer: Option<Who>,
    slug: &str,
    id: i64,
    errors: FormErrors,
    comment: String,
) -> Result<MotionShow, AppError> {
    let page = motions::page(state, viewer.as_ref(), slug, id).await?;
    let amend = super::amendments::AmendDraft::new(&page.motion.text);
    Ok(MotionShow {
        ctx,
        page,
        viewer,
        errors,
        comment,
        amend,
    })
}

/// `GET /assemblies/{slug}/motions/{id}`.
pub async fn motion(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let (slug, id) = path.into_inner();
    let viewer = user.0.as_ref().map(CurrentUser::who);
    Ok(render(
        &motion_show(
            ctx,
            &state,
            viewer,
            &slug,
            id,
            FormErrors::new(),
            String::new(),
        )
        .await?,
    ))
}

/// `POST /assemblies/{slug}/motions/{id}/support`.
pub async fn support(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let (slug, id) = path.into_inner();
    let scheduled = motions::support(&state, &user.who(), &slug, id).await?;
    let key = if scheduled {
        "motion-supported-scheduled"
    } else {
        "motion-supported"
    };
    push_flash(&session, FlashLevel::Success, key);
    Ok(see_other(&format!("/assemblies/{slug}/motions/{id}")))
}

async fn move_to(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    to: MotionState,
    flash: &'static str,
) -> Res {
    let (slug, id) = path.into_inner();
    motions::decide(&state, &user.who(), &slug, id, to).await?;
    push_flash(&session, FlashLevel::Success, flash);
    Ok(see_other(&format!("/assemblies/{slug}/motions/{id}")))
}

/// `POST /assemblies/{slug}/motions/{id}/withdraw` (its author).
pub async fn withdraw(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    move_to(
        session,
        user,
        state,
        path,
        MotionState::Withdrawn,
        "motion-withdrawn",
    )
    .await
}

/// `POST /assemblies/{slug}/motions/{id}/schedule` (facilitators).
pub async fn schedule(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    move_to(
        session,
        user,
        state,
        path,
        MotionState::Scheduled,
        "motion-scheduled",
    )
    .await
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    tag: String,
    #[serde(default)]
    parent: Option<i64>,
}

/// `POST /assemblies/{slug}/motions/{id}/comments`.
pub async fn comment(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    form: web::Form<CommentForm>,
) -> Res {
    let (slug, id) = path.into_inner();
    let who = user.who();
    let f = form.into_inner();
    match motions::comment(&state, &who, &slug, id, f.parent, &f.body, &f.tag).await {
        Ok(c) => {
            push_flash(&session, FlashLevel::Success, "comment-posted");
            Ok(see_other(&format!(
                "/assemblies/{slug}/motions/{id}#comment-{c}"
            )))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &motion_show(ctx, &state, Some(who), &slug, id, errors, f.body).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct HideForm {
    #[serde(default)]
    reason: String,
}

/// `POST /assemblies/{slug}/comments/{id}/hide` (facilitators, with a reason).
pub async fn hide(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    form: web::Form<HideForm>,
) -> Res {
    let (slug, id) = path.into_inner();
    match motions::hide(&state, &user.who(), &slug, id, &form.reason).await {
        Ok(motion) => {
            push_flash(&session, FlashLevel::Success, "comment-hidden");
            Ok(see_other(&format!(
                "/assemblies/{slug}/motions/{motion}#comment-{id}"
            )))
        }
        Err(Refusal::Form(e)) => Err(AppError::BadRequest(e.get("reason"))),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "assemblies/moderation.html")]
pub(super) struct ModerationPage {
    ctx: PageCtx,
    slug: String,
    name: String,
    lines: Vec<Hidden>,
}

/// `GET /assemblies/{slug}/moderation`: every hidden comment, with who and why.
pub async fn moderation(ctx: PageCtx, state: web::Data<AppState>, slug: web::Path<String>) -> Res {
    let (slug, name, lines) = motions::moderation_log(&state, &slug).await?;
    Ok(render(&ModerationPage {
        ctx,
        slug,
        name,
        lines,
    }))
}
