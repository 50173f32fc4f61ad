//! Who is making the request: the middleware that loads the signed-in user once per
//! request, and the extractors handlers use (`CurrentUser`, `MaybeUser`).
//!
//! The session cookie carries a server-side session's token (`sessions`): a session
//! that was ended (sign-out, password or e-mail change, "sign out everywhere",
//! account deletion) or timed out is refused at once, whatever the cookie says.

use std::future::{Ready, ready};

use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use super::roles::Role;
use super::{models, sessions};
use crate::error::AppError;
use crate::ports::AppState;
use crate::web::i18n::Lang;
use crate::web::page::UserBadge;
use crate::web::session;

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub pseudonym: String,
    pub email: String,
    pub display_name: String,
    pub language: Lang,
    pub verified: bool,
    pub roles: Vec<Role>,
    /// The server-side session this request belongs to.
    pub session_id: i64,
}

impl CurrentUser {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Refuses (403) unless the user holds `role`.
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.has_role(role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Refuses (403) unless the user's e-mail is verified.
    pub fn require_verified(&self) -> Result<(), AppError> {
        if self.verified {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The actor every area's policy and services read.
    pub fn who(&self) -> crate::kit::actor::Who {
        crate::kit::actor::Who::from(self)
    }

    fn badge(&self) -> UserBadge {
        UserBadge {
            id: self.id,
            display_name: self.display_name.clone(),
            language: self.language,
            roles: self.roles.iter().map(|r| r.code().to_string()).collect(),
        }
    }
}

impl From<&CurrentUser> for crate::kit::actor::Who {
    fn from(u: &CurrentUser) -> crate::kit::actor::Who {
        crate::kit::actor::Who {
            id: u.id,
            roles: u.roles.clone(),
            verified: u.verified,
        }
    }
}

/// Loads the signed-in user (one query) and puts it in the request extensions.
pub async fn load_user(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let session = req.get_session();
    if let Some(token) = session::session_token(&session)
        && let Some(state) = req.app_data::<web::Data<AppState>>().cloned()
    {
        let policy = state.config.session;
        let found = match state
            .db
            .run(move |conn| {
                let Some((live, user)) =
                    sessions::resolve(conn, &token, policy, crate::util::now())?
                else {
                    return Ok(None);
                };
                if !user.is_active() {
                    return Ok(None);
                }
                let roles = models::roles_of(conn, user.id)?;
                Ok(Some(CurrentUser {
                    id: user.id,
                    pseudonym: user.pseudonym.clone(),
                    email: user.email.clone().unwrap_or_default(),
                    display_name: user.display_name.clone(),
                    language: user.lang(),
                    verified: user.email_verified_at.is_some(),
                    roles,
                    session_id: live.id,
                }))
            })
            .await
        {
            Ok(found) => found,
            Err(e) => return Ok(req.error_response(e).map_into_right_body()),
        };
        match found {
            Some(user) => {
                req.extensions_mut().insert(user.badge());
                req.extensions_mut().insert(user);
            }
            None => session::sign_out(&session),
        }
    }
    Ok(next.call(req).await?.map_into_left_body())
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = Ready<Result<CurrentUser, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            req.extensions()
                .get::<CurrentUser>()
                .cloned()
                .ok_or(AppError::SignInRequired),
        )
    }
}

/// The signed-in user, if any.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequest for MaybeUser {
    type Error = AppError;
    type Future = Ready<Result<MaybeUser, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(MaybeUser(
            req.extensions().get::<CurrentUser>().cloned(),
        )))
    }
}
