//! Groups: one's groups, creating one, its page, invitations, referent and leaving.

use super::*;
use crate::accounts::groups;

#[derive(Template)]
#[template(path = "groups/index.html")]
pub(super) struct GroupsPage {
    ctx: PageCtx,
    groups: Vec<GroupSummary>,
}

pub async fn my_groups(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let groups = groups::mine(&state, &user).await?;
    Ok(render(&GroupsPage { ctx, groups }))
}

#[derive(Template)]
#[template(path = "groups/new.html")]
pub(super) struct NewGroupPage {
    ctx: PageCtx,
    errors: FormErrors,
    name: String,
    kind: String,
    description: String,
    kinds: Vec<(&'static str, String)>,
}

pub(super) fn kinds() -> Vec<(&'static str, String)> {
    GroupKind::ALL
        .iter()
        .map(|k| (k.code(), k.label_key()))
        .collect()
}

pub async fn new_group_form(ctx: PageCtx, user: CurrentUser) -> Res {
    policy::may(&user.who(), &Object::Platform, Action::OpenGroupForm)?;
    Ok(render(&NewGroupPage {
        ctx,
        errors: FormErrors::new(),
        name: String::new(),
        kind: String::new(),
        description: String::new(),
        kinds: kinds(),
    }))
}

#[derive(Deserialize, Default)]
pub struct GroupForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    description: String,
}

pub async fn create_group(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<GroupForm>,
) -> Res {
    let f = form.into_inner();
    match NewGroup::parse(&f.name, &f.kind, &f.description) {
        Err(errors) => Ok(invalid(&NewGroupPage {
            ctx,
            errors,
            name: f.name,
            kind: f.kind,
            description: f.description,
            kinds: kinds(),
        })),
        Ok(g) => {
            let id = groups::create_group(&state, &user, g).await?;
            push_flash(&session, FlashLevel::Success, "group-created");
            Ok(see_other(&format!("/groups/{id}")))
        }
    }
}

#[derive(Template)]
#[template(path = "groups/show.html")]
pub(super) struct GroupPage {
    ctx: PageCtx,
    group: GroupSummary,
    viewer: Option<Who>,
    errors: FormErrors,
    email: String,
}

impl GroupPage {
    /// The group's buttons, from accounts' policy.
    fn may(&self, action: Action) -> bool {
        policy::allowed(self.viewer.as_ref(), &self.group.as_object(), action)
    }
}

pub async fn show_group(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let group = groups::show(&state, id.into_inner()).await?;
    Ok(render(&GroupPage {
        ctx,
        group,
        viewer: user.0.as_ref().map(CurrentUser::who),
        errors: FormErrors::new(),
        email: String::new(),
    }))
}

pub async fn invite(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<ForgotForm>,
) -> Res {
    let gid = id.into_inner();
    let f = form.into_inner();
    match groups::invite(&state, &user, gid, &f.email).await {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "group-invited");
            Ok(see_other(&format!("/groups/{gid}")))
        }
        Err(Refusal::Form(errors)) => {
            let group = groups::show(&state, gid).await?;
            Ok(invalid(&GroupPage {
                ctx,
                group,
                viewer: Some(user.who()),
                errors,
                email: f.email,
            }))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

pub async fn leave_group(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    groups::leave(&state, &user, id.into_inner()).await?;
    push_flash(&session, FlashLevel::Info, "group-left");
    Ok(see_other("/groups"))
}

#[derive(Deserialize)]
pub struct ReferentForm {
    member: i64,
}

pub async fn set_referent(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<ReferentForm>,
) -> Res {
    let gid = id.into_inner();
    groups::set_referent(&state, &user, gid, form.member).await?;
    push_flash(&session, FlashLevel::Success, "group-referent-changed");
    Ok(see_other(&format!("/groups/{gid}")))
}

#[derive(Template)]
#[template(path = "groups/invitation.html")]
pub(super) struct InvitationPage {
    ctx: PageCtx,
    inv: Invitation,
    token: String,
    /// Signed in with an address other than the invited one.
    for_someone_else: bool,
}

pub async fn show_invitation(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Res {
    let token = token.into_inner();
    let inv = groups::invitation(&state, token.clone()).await?;
    let for_someone_else = user
        .0
        .as_ref()
        .is_some_and(|u| !groups::invited_address_matches(&inv.email, u));
    Ok(render(&InvitationPage {
        ctx,
        inv,
        token,
        for_someone_else,
    }))
}

pub async fn accept_invitation(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Res {
    let gid = groups::accept(&state, &user, token.into_inner()).await?;
    push_flash(&session, FlashLevel::Success, "group-joined");
    Ok(see_other(&format!("/groups/{gid}")))
}
