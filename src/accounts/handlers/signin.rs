//! Signing in and out, the language choice, and password reset pages.

use super::*;

pub(super) fn urlencode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

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
pub(super) struct SignInPage {
    ctx: PageCtx,
    errors: FormErrors,
    email: String,
    next: String,
    /// The city's identity provider's name, for its button.
    provider: Option<String>,
}

fn provider(state: &AppState) -> Option<String> {
    state.oidc.as_ref().map(|p| p.settings.name.clone())
}

pub async fn signin_form(
    ctx: PageCtx,
    state: web::Data<AppState>,
    q: web::Query<NextQuery>,
) -> HttpResponse {
    let next = safe_next(q.next.as_deref()).unwrap_or_default();
    render(&SignInPage {
        ctx,
        errors: FormErrors::new(),
        email: String::new(),
        next,
        provider: provider(&state),
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
                provider: provider(&state),
            }))
        }
    }
}

/// Signs out; a session that came from the identity provider ends there too, when the
/// provider supports it (RP-initiated logout), by sending the browser to it.
pub async fn signout(session: Session, state: web::Data<AppState>) -> Res {
    let mut provider_logout = None;
    if let Some(token) = session::session_token(&session) {
        provider_logout = service::oidc_logout_url(&state, &token).await?;
        service::sign_out(&state, token).await?;
    }
    session::sign_out(&session);
    push_flash(&session, FlashLevel::Info, "signout-done");
    Ok(match provider_logout {
        Some(url) => HttpResponse::SeeOther()
            .insert_header((actix_web::http::header::LOCATION, url))
            .finish(),
        None => see_other("/"),
    })
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

#[derive(Deserialize, Default)]
pub struct ForgotForm {
    #[serde(default)]
    pub email: String,
}

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
pub(super) struct ForgotPage {
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
pub(super) struct ResetPage {
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
