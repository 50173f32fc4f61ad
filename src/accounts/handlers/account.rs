//! The signed-in person's account: profile, e-mail, password, notifications,
//! sessions, deletion.

use super::*;

#[derive(Template)]
#[template(path = "accounts/account.html")]
pub(super) struct AccountPage {
    ctx: PageCtx,
    user: CurrentUser,
    errors: FormErrors,
    name: String,
    language: String,
    new_email: String,
    /// Open sessions of the account, this one included.
    sessions: i64,
    /// The identity provider's name, when the city has one.
    provider: Option<String>,
    identities: Vec<service::LinkedIdentity>,
    has_password: bool,
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
        let provider = state.oidc.as_ref().map(|p| p.settings.name.clone());
        let (identities, has_password) = match provider {
            Some(_) => service::linked_identities(state, &user).await?,
            None => (Vec::new(), true),
        };
        let (name, language) = (user.display_name.clone(), user.language.code().to_string());
        Ok(AccountPage {
            ctx,
            user,
            errors,
            name,
            language,
            new_email: String::new(),
            sessions,
            provider,
            identities,
            has_password,
        })
    }
}

impl AccountPage {
    /// Whether a provider link may go: another way to sign in must remain (the policy
    /// decides; the service asks it again).
    fn may_unlink(&self) -> bool {
        let other_ways = i64::from(self.has_password) + self.identities.len() as i64 - 1;
        !self.identities.is_empty()
            && policy::may(
                &self.user.who(),
                &Object::Identity {
                    owner: self.user.id,
                    other_ways,
                },
                Action::Unlink,
            )
            .is_ok()
    }

    fn linked_text(&self, since: &chrono::NaiveDateTime) -> String {
        let name = self.provider.clone().unwrap_or_default();
        self.ctx.t2(
            "oidc-account-linked",
            ("provider", &name),
            ("since", &self.ctx.date(*since)),
        )
    }

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
pub(super) struct UndoEmailPage {
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
            service::UndoOutcome::Invalid(crate::accounts::tokens::TokenProblem::Unknown),
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

pub(super) fn undo_message(ctx: PageCtx, outcome: service::UndoOutcome) -> HttpResponse {
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
pub(super) struct DeletePage {
    ctx: PageCtx,
    errors: FormErrors,
    /// The account has a password to confirm with.
    with_password: bool,
    /// An account without a password whose provider sign-in is too old.
    sign_in_again: bool,
}

impl DeletePage {
    async fn new(
        ctx: PageCtx,
        state: &AppState,
        user: &CurrentUser,
        errors: FormErrors,
    ) -> Result<DeletePage, AppError> {
        let check = service::deletion_check(state, user).await?;
        Ok(DeletePage {
            ctx,
            errors,
            with_password: check == service::DeletionCheck::Password,
            sign_in_again: check == service::DeletionCheck::SignInAgain,
        })
    }
}

pub async fn delete_form(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    Ok(render(
        &DeletePage::new(ctx, &state, &user, FormErrors::new()).await?,
    ))
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
        Err(Refusal::Form(errors)) => {
            Ok(invalid(&DeletePage::new(ctx, &state, &user, errors).await?))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}
