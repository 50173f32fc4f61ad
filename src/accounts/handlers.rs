//! Account, group, official and admin pages. Handlers extract, call one service
//! function and render; authorisation lives in the services.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, http::StatusCode, web};
use askama::Template;
use serde::Deserialize;

use super::admin::{self, AuditLine, Office, Overview, UserDetail, UserListItem};
use super::groups::{self, GroupKind, GroupSummary, Invitation, NewGroup};
use super::roles::Role;
use super::service::{self, Registration, VerifyOutcome};
use super::policy::{self, Action, Object};
use super::{CurrentUser, MaybeUser};
use crate::kit::actor::Who;
use crate::error::AppError;
use crate::ports::AppState;
use crate::web::forms::{FormErrors, Refusal};
use crate::web::i18n::Lang;
use crate::web::page::PageCtx;
use crate::web::pagination::Pagination;
use crate::web::session::{self, FlashLevel, push_flash};
use crate::web::{client_ip, render, render_with_status, safe_next, see_other};

type Res = Result<HttpResponse, AppError>;

fn ip(req: &HttpRequest, state: &AppState) -> String {
    client_ip(req, state.config.trust_proxy_headers)
}

fn invalid<T: Template>(tpl: &T) -> HttpResponse {
    render_with_status(StatusCode::UNPROCESSABLE_ENTITY, tpl)
}

// ---------- registration ----------

#[derive(Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    ctx: PageCtx,
    errors: FormErrors,
    email: String,
    name: String,
}

#[derive(Template)]
#[template(path = "accounts/message.html")]
struct MessagePage {
    ctx: PageCtx,
    title: &'static str,
    body: &'static str,
    link: &'static str,
    link_label: &'static str,
}

pub async fn register_form(ctx: PageCtx) -> HttpResponse {
    render(&RegisterPage {
        ctx,
        errors: FormErrors::new(),
        email: String::new(),
        name: String::new(),
    })
}

pub async fn register(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<RegisterForm>,
) -> Res {
    let f = form.into_inner();
    match Registration::parse(&f.email, &f.name, &f.password, &f.password_confirm) {
        Err(errors) => Ok(invalid(&RegisterPage {
            ctx,
            errors,
            email: f.email,
            name: f.name,
        })),
        Ok(reg) => {
            service::register(&state, &ip(&req, &state), reg, ctx.lang).await?;
            Ok(render(&MessagePage {
                ctx,
                title: "register-done-title",
                body: "register-done-body",
                link: "/signin",
                link_label: "nav-signin",
            }))
        }
    }
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub async fn verify_email(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    q: web::Query<TokenQuery>,
) -> Res {
    let token = q.into_inner().token;
    let outcome = service::verify_email(&state, user.0.as_ref(), token.clone()).await?;
    let (title, body, status) = match outcome {
        VerifyOutcome::Verified => ("verify-ok-title", "verify-ok-body", StatusCode::OK),
        VerifyOutcome::EmailChanged => (
            "verify-changed-title",
            "verify-changed-body",
            StatusCode::OK,
        ),
        VerifyOutcome::EmailTaken => (
            "verify-failed-title",
            "verify-taken-body",
            StatusCode::CONFLICT,
        ),
        VerifyOutcome::SignInToConfirm if user.0.is_none() => {
            let next = format!("/verify-email?token={token}");
            return Ok(see_other(&format!("/signin?next={}", urlencode(&next))));
        }
        VerifyOutcome::SignInToConfirm => (
            "verify-failed-title",
            "verify-other-account-body",
            StatusCode::FORBIDDEN,
        ),
        VerifyOutcome::Invalid(_) => (
            "verify-failed-title",
            "verify-failed-body",
            StatusCode::BAD_REQUEST,
        ),
    };
    let (link, link_label) = if ctx.signed_in() {
        ("/account", "nav-account")
    } else {
        ("/signin", "nav-signin")
    };
    Ok(render_with_status(
        status,
        &MessagePage {
            ctx,
            title,
            body,
            link,
            link_label,
        },
    ))
}

fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

// ---------- sign in / out ----------

#[derive(Deserialize, Default)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "accounts/signin.html")]
struct SignInPage {
    ctx: PageCtx,
    errors: FormErrors,
    email: String,
    next: String,
}

pub async fn signin_form(ctx: PageCtx, q: web::Query<NextQuery>) -> HttpResponse {
    let next = safe_next(q.next.as_deref()).unwrap_or_default();
    render(&SignInPage {
        ctx,
        errors: FormErrors::new(),
        email: String::new(),
        next,
    })
}

pub async fn signin(
    req: HttpRequest,
    ctx: PageCtx,
    session: Session,
    state: web::Data<AppState>,
    form: web::Form<SignInForm>,
) -> Res {
    let f = form.into_inner();
    let next = safe_next(f.next.as_deref());
    match service::sign_in(&state, &ip(&req, &state), &f.email, &f.password).await? {
        Ok(s) => {
            session::sign_in(&session, &s.session_token)
                .map_err(|e| AppError::internal(e.to_string()))?;
            push_flash(&session, FlashLevel::Success, "signin-welcome");
            Ok(see_other(next.as_deref().unwrap_or("/account")))
        }
        Err(()) => {
            let mut errors = FormErrors::new();
            errors.add("email", "signin-failed");
            Ok(invalid(&SignInPage {
                ctx,
                errors,
                email: f.email,
                next: next.unwrap_or_default(),
            }))
        }
    }
}

pub async fn signout(session: Session, state: web::Data<AppState>) -> Res {
    if let Some(token) = session::session_token(&session) {
        service::sign_out(&state, token).await?;
    }
    session::sign_out(&session);
    push_flash(&session, FlashLevel::Info, "signout-done");
    Ok(see_other("/"))
}

/// "Sign out everywhere": every session of the account ends, this one included.
pub async fn signout_everywhere(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Res {
    service::sign_out_everywhere(&state, &user).await?;
    session::sign_out(&session);
    push_flash(&session, FlashLevel::Info, "signout-everywhere-done");
    Ok(see_other("/signin"))
}

// ---------- language ----------

#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    next: Option<String>,
}

pub async fn set_language(
    session: Session,
    user: MaybeUser,
    state: web::Data<AppState>,
    form: web::Form<LanguageForm>,
) -> Res {
    let f = form.into_inner();
    let lang = Lang::from_code(&f.lang).ok_or(AppError::BadRequest("field-language-invalid"))?;
    session
        .insert(session::LANG, lang.code())
        .map_err(|e| AppError::internal(e.to_string()))?;
    if let Some(u) = user.0 {
        service::set_language(&state, &u, lang).await?;
    }
    Ok(see_other(
        &safe_next(f.next.as_deref()).unwrap_or_else(|| "/".into()),
    ))
}

// ---------- password reset ----------

#[derive(Deserialize, Default)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    ctx: PageCtx,
    errors: FormErrors,
}

pub async fn forgot_form(ctx: PageCtx) -> HttpResponse {
    render(&ForgotPage {
        ctx,
        errors: FormErrors::new(),
    })
}

pub async fn forgot(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<ForgotForm>,
) -> Res {
    service::request_password_reset(&state, &ip(&req, &state), &form.email).await?;
    Ok(render(&MessagePage {
        ctx,
        title: "forgot-done-title",
        body: "forgot-done-body",
        link: "/signin",
        link_label: "nav-signin",
    }))
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    ctx: PageCtx,
    errors: FormErrors,
    token: String,
}

pub async fn reset_form(
    ctx: PageCtx,
    state: web::Data<AppState>,
    q: web::Query<TokenQuery>,
) -> Res {
    let token = q.into_inner().token;
    match service::check_reset_token(&state, token.clone()).await? {
        Ok(()) => Ok(render(&ResetPage {
            ctx,
            errors: FormErrors::new(),
            token,
        })),
        Err(_) => Ok(render_with_status(
            StatusCode::BAD_REQUEST,
            &MessagePage {
                ctx,
                title: "reset-invalid-title",
                body: "reset-link-invalid",
                link: "/password/forgot",
                link_label: "forgot-title",
            },
        )),
    }
}

#[derive(Deserialize, Default)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

pub async fn reset(
    ctx: PageCtx,
    session: Session,
    state: web::Data<AppState>,
    form: web::Form<ResetForm>,
) -> Res {
    let f = form.into_inner();
    match service::reset_password(&state, f.token.clone(), &f.password, &f.password_confirm).await {
        Ok(()) => {
            session::sign_out(&session);
            push_flash(&session, FlashLevel::Success, "reset-done");
            Ok(see_other("/signin"))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(&ResetPage {
            ctx,
            errors,
            token: f.token,
        })),
        Err(Refusal::App(e)) => Err(e),
    }
}

// ---------- account ----------

#[derive(Template)]
#[template(path = "accounts/account.html")]
struct AccountPage {
    ctx: PageCtx,
    user: CurrentUser,
    errors: FormErrors,
    name: String,
    language: String,
    new_email: String,
    /// Open sessions of the account, this one included.
    sessions: i64,
}

impl AccountPage {
    /// The page with the profile as saved, `errors` on the form that was sent.
    async fn new(
        ctx: PageCtx,
        state: &AppState,
        user: CurrentUser,
        errors: FormErrors,
    ) -> Result<AccountPage, AppError> {
        let sessions = service::open_sessions(state, &user).await?;
        let (name, language) = (user.display_name.clone(), user.language.code().to_string());
        Ok(AccountPage {
            ctx,
            user,
            errors,
            name,
            language,
            new_email: String::new(),
            sessions,
        })
    }
}

impl AccountPage {
    fn role_keys(&self) -> Vec<String> {
        self.user.roles.iter().map(|r| r.label_key()).collect()
    }
}

pub async fn account(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    Ok(render(
        &AccountPage::new(ctx, &state, user, FormErrors::new()).await?,
    ))
}

#[derive(Deserialize, Default)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    language: String,
}

pub async fn update_account(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<ProfileForm>,
) -> Res {
    let f = form.into_inner();
    match service::update_profile(&state, &user, &f.name, &f.language).await {
        Ok(()) => {
            if let Some(l) = Lang::from_code(&f.language) {
                let _ = session.insert(session::LANG, l.code());
            }
            push_flash(&session, FlashLevel::Success, "account-saved");
            Ok(see_other("/account"))
        }
        Err(Refusal::Form(errors)) => {
            let mut page = AccountPage::new(ctx, &state, user, errors).await?;
            (page.name, page.language) = (f.name, f.language);
            Ok(invalid(&page))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub struct EmailForm {
    #[serde(default)]
    new_email: String,
    #[serde(default)]
    password: String,
}

pub async fn change_email(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<EmailForm>,
) -> Res {
    let f = form.into_inner();
    match service::change_email(&state, &user, &f.new_email, &f.password).await {
        Ok(()) => {
            push_flash(&session, FlashLevel::Info, "account-email-sent");
            Ok(see_other("/account"))
        }
        Err(Refusal::Form(errors)) => {
            let mut page = AccountPage::new(ctx, &state, user, errors).await?;
            page.new_email = f.new_email;
            Ok(invalid(&page))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    new_password_confirm: String,
}

pub async fn change_password(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<PasswordForm>,
) -> Res {
    let f = form.into_inner();
    match service::change_password(
        &state,
        &user,
        &f.current_password,
        &f.new_password,
        &f.new_password_confirm,
    )
    .await
    {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "account-password-changed");
            Ok(see_other("/account"))
        }
        Err(Refusal::Form(errors)) => {
            Ok(invalid(&AccountPage::new(ctx, &state, user, errors).await?))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "accounts/undo_email.html")]
struct UndoEmailPage {
    ctx: PageCtx,
    token: String,
}

pub async fn undo_email_form(
    ctx: PageCtx,
    state: web::Data<AppState>,
    q: web::Query<TokenQuery>,
) -> Res {
    let token = q.into_inner().token;
    match service::check_undo_token(&state, token.clone()).await? {
        Ok(()) => Ok(render(&UndoEmailPage { ctx, token })),
        Err(_) => Ok(undo_message(
            ctx,
            service::UndoOutcome::Invalid(super::tokens::TokenProblem::Unknown),
        )),
    }
}

#[derive(Deserialize, Default)]
pub struct UndoForm {
    #[serde(default)]
    token: String,
}

pub async fn undo_email(
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<UndoForm>,
) -> Res {
    let outcome = service::undo_email_change(&state, form.into_inner().token).await?;
    Ok(undo_message(ctx, outcome))
}

fn undo_message(ctx: PageCtx, outcome: service::UndoOutcome) -> HttpResponse {
    let (title, body, status) = match outcome {
        service::UndoOutcome::Restored => (
            "undo-email-done-title",
            "undo-email-done-body",
            StatusCode::OK,
        ),
        service::UndoOutcome::AddressTaken => (
            "verify-failed-title",
            "verify-taken-body",
            StatusCode::CONFLICT,
        ),
        service::UndoOutcome::Invalid(_) => (
            "verify-failed-title",
            "undo-email-invalid-body",
            StatusCode::BAD_REQUEST,
        ),
    };
    render_with_status(
        status,
        &MessagePage {
            ctx,
            title,
            body,
            link: "/password/forgot",
            link_label: "forgot-title",
        },
    )
}

#[derive(Deserialize, Default)]
pub struct NotificationsForm {
    #[serde(default)]
    digest: String,
}

/// `POST /account/notifications`: one e-mail per event, or a daily digest (the form
/// is on "My pacts").
pub async fn set_notifications(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<NotificationsForm>,
) -> Res {
    let digest = match form.digest.as_str() {
        "daily" => true,
        "each" => false,
        _ => return Err(AppError::BadRequest("error-bad-request")),
    };
    service::set_notification_digest(&state, &user, digest).await?;
    push_flash(&session, FlashLevel::Success, "pact-notifications-saved");
    Ok(see_other("/pacts/mine"))
}

pub async fn resend_verification(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Res {
    service::resend_verification(&state, &user).await?;
    push_flash(&session, FlashLevel::Info, "account-verification-sent");
    Ok(see_other("/account"))
}

#[derive(Template)]
#[template(path = "accounts/delete.html")]
struct DeletePage {
    ctx: PageCtx,
    errors: FormErrors,
}

pub async fn delete_form(ctx: PageCtx, _user: CurrentUser) -> HttpResponse {
    render(&DeletePage {
        ctx,
        errors: FormErrors::new(),
    })
}

#[derive(Deserialize, Default)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
}

pub async fn delete(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<DeleteForm>,
) -> Res {
    match service::delete_account(&state, &user, &form.password).await {
        Ok(()) => {
            session::sign_out(&session);
            push_flash(&session, FlashLevel::Info, "account-deleted");
            Ok(see_other("/"))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(&DeletePage { ctx, errors })),
        Err(Refusal::App(e)) => Err(e),
    }
}

// ---------- groups ----------

#[derive(Template)]
#[template(path = "groups/index.html")]
struct GroupsPage {
    ctx: PageCtx,
    groups: Vec<GroupSummary>,
}

pub async fn my_groups(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let groups = groups::mine(&state, &user).await?;
    Ok(render(&GroupsPage { ctx, groups }))
}

#[derive(Template)]
#[template(path = "groups/new.html")]
struct NewGroupPage {
    ctx: PageCtx,
    errors: FormErrors,
    name: String,
    kind: String,
    description: String,
    kinds: Vec<(&'static str, String)>,
}

fn kinds() -> Vec<(&'static str, String)> {
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
struct GroupPage {
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
struct InvitationPage {
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

// ---------- officials ----------

#[derive(Template)]
#[template(path = "official/index.html")]
struct OfficialPage {
    ctx: PageCtx,
    offices: Vec<Office>,
}

pub async fn official_desk(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let offices = admin::official_desk(&state, &user).await?;
    Ok(render(&OfficialPage { ctx, offices }))
}

// ---------- admin ----------

#[derive(Template)]
#[template(path = "admin/index.html")]
struct AdminPage {
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
struct UsersPage {
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
struct UserPage {
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

async fn change_role(
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
struct AuditPage {
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
struct OfficesPage {
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
