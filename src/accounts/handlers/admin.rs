//! The officials' desk and the admin area: users, roles, the role audit, offices.

use super::*;
use crate::accounts::admin;
use crate::accounts::service::absences::{self, AbsenceDesk};

#[derive(Template)]
#[template(path = "official/index.html")]
pub(super) struct OfficialPage {
    ctx: PageCtx,
    offices: Vec<Office>,
    absences: AbsenceDesk,
    errors: FormErrors,
    echo: AbsenceForm,
}

impl OfficialPage {
    fn picked(&self, field: &str, id: &i64) -> bool {
        let v = if field == "office" {
            &self.echo.office
        } else {
            &self.echo.substitute
        };
        v.trim() == id.to_string()
    }
}

async fn official_page(
    ctx: PageCtx,
    user: &CurrentUser,
    state: &AppState,
    errors: FormErrors,
    echo: AbsenceForm,
) -> Result<OfficialPage, AppError> {
    let offices = admin::official_desk(state, user).await?;
    let absences = absences::desk(state, &user.who()).await?;
    Ok(OfficialPage {
        ctx,
        offices,
        absences,
        errors,
        echo,
    })
}

pub async fn official_desk(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let page = official_page(
        ctx,
        &user,
        &state,
        FormErrors::new(),
        AbsenceForm::default(),
    )
    .await?;
    Ok(render(&page))
}

/// The absence form: the office, the colleague standing in, the first and last day.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AbsenceForm {
    #[serde(default)]
    office: String,
    #[serde(default)]
    substitute: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
}

/// `POST /official/absences`: an official records an absence and names a substitute.
pub async fn record_absence(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<AbsenceForm>,
) -> Res {
    let form = form.into_inner();
    let id = |v: &str| v.trim().parse::<i64>().unwrap_or(0);
    let input = absences::AbsenceInput {
        absent: user.id,
        office: id(&form.office),
        substitute: id(&form.substitute),
        starts_on: form.starts_on.clone(),
        ends_on: form.ends_on.clone(),
    };
    match absences::record(&state, &user.who(), input).await {
        Ok(_) => {
            push_flash(&session, FlashLevel::Success, "absence-recorded");
            Ok(see_other("/official#absences"))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &official_page(ctx, &user, &state, errors, form).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `POST /official/absences/{id}/cancel`: the absent official cancels an absence.
pub async fn cancel_absence(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    absences::cancel(&state, &user.who(), id.into_inner()).await?;
    push_flash(&session, FlashLevel::Success, "absence-cancelled");
    Ok(see_other("/official#absences"))
}

#[derive(Template)]
#[template(path = "admin/index.html")]
pub(super) struct AdminPage {
    ctx: PageCtx,
    o: Overview,
}

pub async fn admin_index(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let o = admin::overview(&state, &user).await?;
    Ok(render(&AdminPage { ctx, o }))
}

#[derive(Deserialize)]
pub struct UsersQuery {
    q: Option<String>,
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
pub(super) struct UsersPage {
    ctx: PageCtx,
    users: Vec<UserListItem>,
    pg: Pagination,
    q: String,
}

pub async fn admin_users(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    q: web::Query<UsersQuery>,
) -> Res {
    let q = q.into_inner();
    let (users, pg) = admin::list_users(&state, &user, q.q.clone(), q.page).await?;
    Ok(render(&UsersPage {
        ctx,
        users,
        pg,
        q: q.q.unwrap_or_default(),
    }))
}

#[derive(Template)]
#[template(path = "admin/user.html")]
pub(super) struct UserPage {
    ctx: PageCtx,
    d: UserDetail,
    roles: Vec<(&'static str, String, bool)>,
}

impl UserPage {
    fn audit_lines(&self) -> &[AuditLine] {
        &self.d.audit
    }
}

pub async fn admin_user(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let d = admin::user_detail(&state, &user, id.into_inner()).await?;
    let roles = Role::ALL
        .iter()
        .map(|r| (r.code(), r.label_key(), d.user.roles.contains(r)))
        .collect();
    Ok(render(&UserPage { ctx, d, roles }))
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

pub(super) async fn change_role(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: i64,
    role: &str,
    grant: bool,
) -> Res {
    let r = if grant {
        admin::grant_role(&state, &user, id, role).await
    } else {
        admin::revoke_role(&state, &user, id, role).await
    };
    match r {
        Ok(()) => push_flash(
            &session,
            FlashLevel::Success,
            if grant {
                "admin-role-granted"
            } else {
                "admin-role-revoked"
            },
        ),
        Err(Refusal::Form(_)) => push_flash(&session, FlashLevel::Error, "field-role-invalid"),
        Err(Refusal::App(AppError::Conflict(key))) => push_flash(&session, FlashLevel::Error, key),
        Err(Refusal::App(e)) => return Err(e),
    }
    Ok(see_other(&format!("/admin/users/{id}")))
}

pub async fn grant_role(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<RoleForm>,
) -> Res {
    change_role(session, user, state, id.into_inner(), &form.role, true).await
}

pub async fn revoke_role(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<RoleForm>,
) -> Res {
    change_role(session, user, state, id.into_inner(), &form.role, false).await
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
pub(super) struct AuditPage {
    ctx: PageCtx,
    lines: Vec<AuditLine>,
}

impl AuditPage {
    fn audit_lines(&self) -> &[AuditLine] {
        &self.lines
    }
}

pub async fn admin_audit(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let lines = admin::audit_log(&state, &user).await?;
    Ok(render(&AuditPage { ctx, lines }))
}

#[derive(Template)]
#[template(path = "admin/offices.html")]
pub(super) struct OfficesPage {
    ctx: PageCtx,
    offices: Vec<Office>,
    officials: Vec<(i64, String)>,
    errors: FormErrors,
    name: String,
}

pub async fn admin_offices(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let offices = admin::list_offices(&state, &user).await?;
    let officials = admin::officials(&state, &user).await?;
    Ok(render(&OfficesPage {
        ctx,
        offices,
        officials,
        errors: FormErrors::new(),
        name: String::new(),
    }))
}

#[derive(Deserialize, Default)]
pub struct OfficeForm {
    #[serde(default)]
    name: String,
}

pub async fn create_office(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<OfficeForm>,
) -> Res {
    let f = form.into_inner();
    match admin::create_office(&state, &user, &f.name).await {
        Ok(_) => {
            push_flash(&session, FlashLevel::Success, "admin-office-created");
            Ok(see_other("/admin/offices"))
        }
        Err(Refusal::Form(errors)) => {
            let offices = admin::list_offices(&state, &user).await?;
            let officials = admin::officials(&state, &user).await?;
            Ok(invalid(&OfficesPage {
                ctx,
                offices,
                officials,
                errors,
                name: f.name,
            }))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct MemberForm {
    user: i64,
}

pub async fn assign_official(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<MemberForm>,
) -> Res {
    match admin::assign_official(&state, &user, id.into_inner(), form.user).await {
        Ok(()) => push_flash(&session, FlashLevel::Success, "admin-official-assigned"),
        Err(AppError::Conflict(key)) => push_flash(&session, FlashLevel::Error, key),
        Err(e) => return Err(e),
    }
    Ok(see_other("/admin/offices"))
}

#[derive(Deserialize)]
pub struct CoordinatingForm {
    /// An office id, or empty for none.
    #[serde(default)]
    office: String,
}

/// `POST /admin/offices/coordinating`: which office receives proposals (or none).
pub async fn set_coordinating_office(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<CoordinatingForm>,
) -> Res {
    let office = match form.office.trim() {
        "" => None,
        s => Some(
            s.parse::<i64>()
                .map_err(|_| AppError::BadRequest("error-bad-request"))?,
        ),
    };
    match admin::set_coordinating_office(&state, &user, office).await {
        Ok(()) => push_flash(&session, FlashLevel::Success, "admin-coordinating-set"),
        Err(AppError::NotFound) => return Err(AppError::BadRequest("error-bad-request")),
        Err(e) => return Err(e),
    }
    Ok(see_other("/admin/offices"))
}

pub async fn remove_official(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<MemberForm>,
) -> Res {
    admin::remove_official(&state, &user, id.into_inner(), form.user).await?;
    push_flash(&session, FlashLevel::Info, "admin-official-removed");
    Ok(see_other("/admin/offices"))
}
