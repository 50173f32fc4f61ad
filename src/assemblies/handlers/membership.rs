//! Joining and leaving (a person, or a group through its referent), naming a group's
//! delegate, the member list, and the requests facilitators admit or refuse.

use super::*;

fn back(slug: &str) -> HttpResponse {
    see_other(&format!("/assemblies/{slug}"))
}

/// `POST /assemblies/{slug}/join`.
pub async fn join(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let status = service::membership::join(&state, &user.who(), &slug).await?;
    let key = match status {
        MemberStatus::Member => "body-joined",
        _ => "body-requested",
    };
    push_flash(&session, FlashLevel::Success, key);
    Ok(back(&slug))
}

/// `POST /assemblies/{slug}/leave`.
pub async fn leave(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    service::membership::leave(&state, &user.who(), &slug).await?;
    push_flash(&session, FlashLevel::Success, "body-left");
    Ok(back(&slug))
}

/// `POST /assemblies/{slug}/groups/{group}/join`: a referent asks for their group.
pub async fn join_for(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let (slug, group) = path.into_inner();
    service::membership::join_for(&state, &user.who(), &slug, group).await?;
    push_flash(&session, FlashLevel::Success, "body-requested");
    Ok(back(&slug))
}

/// `POST /assemblies/{slug}/groups/{group}/leave`.
pub async fn leave_for(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let (slug, group) = path.into_inner();
    service::membership::leave_for(&state, &user.who(), &slug, group).await?;
    push_flash(&session, FlashLevel::Success, "body-left");
    Ok(back(&slug))
}

#[derive(Deserialize)]
pub struct DelegateForm {
    #[serde(default)]
    delegate: String,
}

/// `POST /assemblies/{slug}/groups/{group}/delegate`: "" gives the vote back to the
/// referent.
pub async fn delegate(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    form: web::Form<DelegateForm>,
) -> Res {
    let (slug, group) = path.into_inner();
    let delegate = match form.delegate.trim() {
        "" => None,
        d => Some(
            d.parse::<i64>()
                .map_err(|_| AppError::BadRequest("field-body-delegate-invalid"))?,
        ),
    };
    match service::membership::name_delegate(&state, &user.who(), &slug, group, delegate).await {
        Ok(()) => push_flash(&session, FlashLevel::Success, "body-delegate-saved"),
        Err(Refusal::Form(_)) => {
            push_flash(&session, FlashLevel::Error, "field-body-delegate-invalid")
        }
        Err(Refusal::App(e)) => return Err(e),
    }
    Ok(back(&slug))
}

#[derive(Template)]
#[template(path = "assemblies/members.html")]
pub(super) struct MembersPage {
    ctx: PageCtx,
    slug: String,
    name: String,
    list: MemberList,
    /// The requests page (facilitators) rather than the member list.
    requests: bool,
    errors: FormErrors,
}

async fn members_page(
    ctx: PageCtx,
    state: &AppState,
    who: Option<&Who>,
    slug: &str,
    after: Option<i64>,
    requests: bool,
    errors: FormErrors,
) -> Result<MembersPage, AppError> {
    let list = match (requests, who) {
        (true, Some(w)) => service::membership::requests(state, w, slug, after).await?,
        (true, None) => return Err(AppError::SignInRequired),
        (false, _) => service::membership::members(state, who, slug, after).await?,
    };
    Ok(MembersPage {
        ctx,
        slug: list.slug.clone(),
        name: list.name.clone(),
        list,
        requests,
        errors,
    })
}

/// `GET /assemblies/{slug}/members`.
pub async fn members(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<After>,
) -> Res {
    let who = user.0.as_ref().map(CurrentUser::who);
    Ok(render(
        &members_page(
            ctx,
            &state,
            who.as_ref(),
            &slug,
            q.after,
            false,
            FormErrors::new(),
        )
        .await?,
    ))
}

/// `GET /assemblies/{slug}/requests` (facilitators).
pub async fn requests(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<After>,
) -> Res {
    let who = user.who();
    Ok(render(
        &members_page(
            ctx,
            &state,
            Some(&who),
            &slug,
            q.after,
            true,
            FormErrors::new(),
        )
        .await?,
    ))
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /assemblies/{slug}/requests/{member}`: admit or refuse (with a reason).
pub async fn decide(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    form: web::Form<DecisionForm>,
) -> Res {
    let (slug, member) = path.into_inner();
    let f = form.into_inner();
    let d = match f.decision.as_str() {
        "admit" => Decision::Admit,
        "refuse" => Decision::Refuse(f.reason),
        _ => return Err(AppError::BadRequest("error-bad-request")),
    };
    let who = user.who();
    match service::membership::decide(&state, &who, &slug, member, d).await {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "body-decided");
            Ok(see_other(&format!("/assemblies/{slug}/requests")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &members_page(ctx, &state, Some(&who), &slug, None, true, errors).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    reason: String,
}

/// `POST /assemblies/{slug}/members/{member}/remove` (facilitators, with a reason).
pub async fn remove(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    form: web::Form<RemoveForm>,
) -> Res {
    let (slug, member) = path.into_inner();
    let who = user.who();
    match service::membership::remove(&state, &who, &slug, member, &form.reason).await {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "body-member-removed");
            Ok(see_other(&format!("/assemblies/{slug}/members")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &members_page(ctx, &state, Some(&who), &slug, None, false, errors).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}
