//! Registration and e-mail verification pages.

use super::*;

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
pub(super) struct RegisterPage {
    ctx: PageCtx,
    errors: FormErrors,
    email: String,
    name: String,
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
    pub token: String,
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
