//! Signing in with the city's identity provider: the button's start, the callback,
//! the password page that links an existing account, linking and unlinking from the
//! account page, Pactum's public keys, and the provider's back-channel logout. Without
//! a provider (no `PACTUM_OIDC_*`), every one of these answers 404.

use super::*;
use crate::accounts::service::{Callback, OidcOutcome};
use crate::oidc::Refused;

/// The cookie-session key holding the `state` of the sign-in on its way.
const STATE_KEY: &str = "oidc_state";

fn provider_name(state: &AppState) -> Result<String, AppError> {
    state
        .oidc
        .as_ref()
        .map(|p| p.settings.name.clone())
        .ok_or(AppError::NotFound)
}

fn external(url: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((actix_web::http::header::LOCATION, url))
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .finish()
}

#[derive(Template)]
#[template(path = "accounts/oidc_refused.html")]
struct RefusedPage {
    ctx: PageCtx,
    provider: String,
    reason_key: String,
}

/// A refusal: a clear page (400, or 503 when the provider is down) and a log line.
fn refused(ctx: PageCtx, provider: String, r: &Refused) -> HttpResponse {
    tracing::warn!(reason = r.reason.code(), detail = %r.detail, "OpenID Connect sign-in refused");
    let status = if r.reason == crate::oidc::Reason::Unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::BAD_REQUEST
    };
    render_with_status(
        status,
        &RefusedPage {
            ctx,
            provider,
            reason_key: format!("oidc-refused-{}", r.reason.code()),
        },
    )
}

#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// Starts a sign-in (or a link for `link_for`): the `state` goes into the browser's
/// cookie session, the browser to the provider.
async fn begin(
    req: &HttpRequest,
    ctx: PageCtx,
    session: &Session,
    state: &AppState,
    next: Option<String>,
    link_for: Option<&CurrentUser>,
) -> Res {
    let name = provider_name(state)?;
    match service::oidc_begin(state, &ip(req, state), next, link_for).await? {
        Ok(b) => {
            session
                .insert(STATE_KEY, &b.state)
                .map_err(|e| AppError::internal(e.to_string()))?;
            Ok(external(&b.url))
        }
        Err(r) => Ok(refused(ctx, name, &r)),
    }
}

/// The sign-in button: off to the provider.
pub async fn oidc_start(
    req: HttpRequest,
    ctx: PageCtx,
    session: Session,
    state: web::Data<AppState>,
    q: web::Query<StartQuery>,
) -> Res {
    let next = safe_next(q.next.as_deref());
    begin(&req, ctx, &session, &state, next, None).await
}

/// "Link my account" on the account page.
pub async fn oidc_link_account(
    req: HttpRequest,
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Res {
    begin(&req, ctx, &session, &state, None, Some(&user)).await
}

/// The provider sends the browser back here.
pub async fn oidc_callback(
    req: HttpRequest,
    ctx: PageCtx,
    session: Session,
    user: MaybeUser,
    state: web::Data<AppState>,
    q: web::Query<Callback>,
) -> Res {
    let name = provider_name(&state)?;
    let browser_state: Option<String> = session.get(STATE_KEY).ok().flatten();
    let lang = ctx.lang;
    let cb = q.into_inner();
    // A callback with another `state` (a forged or stale link) leaves this browser's
    // sign-in on its way untouched.
    let ours = cb.state.is_some() && cb.state == browser_state;
    let outcome = service::oidc_finish(
        &state,
        &ip(&req, &state),
        cb,
        browser_state,
        user.0.as_ref(),
        lang,
    )
    .await?;
    match outcome {
        OidcOutcome::SignedIn {
            session_token,
            next,
        } => {
            session::sign_in(&session, &session_token)
                .map_err(|e| AppError::internal(e.to_string()))?;
            push_flash(&session, FlashLevel::Success, "signin-welcome");
            Ok(see_other(next.as_deref().unwrap_or("/account")))
        }
        OidcOutcome::Linked => {
            session.remove(STATE_KEY);
            push_flash(&session, FlashLevel::Success, "oidc-linked");
            Ok(see_other("/account"))
        }
        OidcOutcome::LinkedElsewhere => {
            session.remove(STATE_KEY);
            Ok(render_with_status(
                StatusCode::CONFLICT,
                &MessagePage {
                    ctx,
                    title: "oidc-linked-elsewhere-title",
                    body: "oidc-linked-elsewhere-body",
                    link: "/account",
                    link_label: "account-title",
                },
            ))
        }
        // The state stays in the cookie session: it names the pending link.
        OidcOutcome::NeedsPassword { .. } => Ok(see_other("/signin/oidc/link")),
        OidcOutcome::Refused(r) => {
            if ours {
                session.remove(STATE_KEY);
            }
            Ok(refused(ctx, name, &r))
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/oidc_link.html")]
struct LinkPage {
    ctx: PageCtx,
    errors: FormErrors,
    provider: String,
    email: String,
}

impl LinkPage {
    fn body(&self) -> String {
        self.ctx.t2(
            "oidc-link-body",
            ("provider", &self.provider),
            ("email", &self.email),
        )
    }
}

/// The password page that links a provider identity to the account of its e-mail.
pub async fn oidc_link_form(ctx: PageCtx, session: Session, state: web::Data<AppState>) -> Res {
    let provider = provider_name(&state)?;
    let browser_state: Option<String> = session.get(STATE_KEY).ok().flatten();
    match service::oidc_pending_link(&state, browser_state).await? {
        Some(email) => Ok(render(&LinkPage {
            ctx,
            errors: FormErrors::new(),
            provider,
            email,
        })),
        None => Ok(render_with_status(
            StatusCode::BAD_REQUEST,
            &MessagePage {
                ctx,
                title: "oidc-link-expired-title",
                body: "oidc-link-expired-body",
                link: "/signin",
                link_label: "nav-signin",
            },
        )),
    }
}

#[derive(Deserialize, Default)]
pub struct LinkForm {
    #[serde(default)]
    password: String,
}

pub async fn oidc_link(
    req: HttpRequest,
    ctx: PageCtx,
    session: Session,
    state: web::Data<AppState>,
    form: web::Form<LinkForm>,
) -> Res {
    let provider = provider_name(&state)?;
    let browser_state: Option<String> = session.get(STATE_KEY).ok().flatten();
    let pw = form.into_inner().password;
    let token =
        service::oidc_confirm_link(&state, &ip(&req, &state), browser_state.clone(), &pw).await?;
    match token {
        Some(t) => {
            session::sign_in(&session, &t).map_err(|e| AppError::internal(e.to_string()))?;
            push_flash(&session, FlashLevel::Success, "oidc-linked");
            Ok(see_other("/account"))
        }
        None => match service::oidc_pending_link(&state, browser_state).await? {
            Some(email) => {
                let mut errors = FormErrors::new();
                errors.add("password", "signin-failed");
                Ok(invalid(&LinkPage {
                    ctx,
                    errors,
                    provider,
                    email,
                }))
            }
            None => oidc_link_form(ctx, session, state).await,
        },
    }
}

/// Unlinks one of the signed-in person's provider identities.
pub async fn oidc_unlink(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Res {
    provider_name(&state)?;
    service::oidc_unlink(&state, &user, path.into_inner()).await?;
    push_flash(&session, FlashLevel::Success, "oidc-unlinked");
    Ok(see_other("/account"))
}

/// Pactum's public key set, for a provider that authenticates it by `private_key_jwt`.
pub async fn oidc_jwks(state: web::Data<AppState>) -> Res {
    let jwks = state
        .oidc
        .as_ref()
        .and_then(|p| p.client_jwks())
        .ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("application/jwk-set+json")
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=300",
        ))
        .body(jwks.to_string()))
}

#[derive(Deserialize, Default)]
pub struct LogoutTokenForm {
    #[serde(default)]
    logout_token: String,
}

/// The provider's back-channel logout (server to server; no cookie, no CSRF token:
/// the logout token is signed by the provider).
pub async fn oidc_backchannel_logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LogoutTokenForm>,
) -> Res {
    provider_name(&state)?;
    let token = form.into_inner().logout_token;
    let answer = service::oidc_backchannel_logout(&state, &ip(&req, &state), token).await?;
    let mut res = match answer {
        Ok(n) => {
            tracing::info!(sessions = n, "back-channel logout");
            HttpResponse::Ok()
        }
        Err(r) => {
            tracing::warn!(reason = r.reason.code(), detail = %r.detail, "back-channel logout refused");
            HttpResponse::BadRequest()
        }
    };
    Ok(res
        .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
        .finish())
}
