//! Account use-cases, one file per group: registration and e-mail verification,
//! sign-in and sessions, passwords, profile, e-mail changes, account deletion, the
//! admin area (`admin`: roles, offices) and groups (`groups`: founding, invitations,
//! referent). Each owns its transaction and asks `accounts::policy`. This file holds
//! what they share: the rate limits, the registration form, password hashing and the
//! action e-mails.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::models::{self, UserRow};
use crate::accounts::roles::Role;
use crate::accounts::tokens::{self, Purpose, TokenProblem};
use crate::accounts::validate::{DisplayName, EmailAddress, NewPassword};
use crate::accounts::{CurrentUser, password, sessions};
use crate::db::AnyConnection;
use crate::db::schema::{
    email_tokens, group_members, office_members, role_audit, user_roles, users,
};
use crate::error::AppError;
use crate::mail::{self, ActionMail};
use crate::ports::Ports;
use crate::util::now;
use crate::web::forms::{FormErrors, Refusal};
use crate::web::i18n::Lang;
use crate::web::rate_limit::Limit;

pub const REGISTER_PER_IP: Limit = Limit::new(10, 3600);
pub const REGISTER_PER_ACCOUNT: Limit = Limit::new(3, 3600);
/// Sign-in attempts from one client, whatever the account.
pub const SIGNIN_PER_IP: Limit = Limit::new(30, 900);
/// Sign-in attempts from one client at one account: what locks a guesser out without
/// locking out the owner, who signs in from elsewhere.
pub const SIGNIN_PER_IP_ACCOUNT: Limit = Limit::new(8, 900);
/// Sign-in attempts at one account from everywhere: more than one client can make
/// (`SIGNIN_PER_IP` allows 120 an hour), so it takes many clients to reach it.
pub const SIGNIN_PER_ACCOUNT: Limit = Limit::new(200, 3600);
/// Password checks of a signed-in account (e-mail change, password change, deletion).
pub const PASSWORD_CHECKS_PER_ACCOUNT: Limit = Limit::new(10, 900);
pub const RESET_PER_IP: Limit = Limit::new(10, 3600);
pub const RESET_PER_ACCOUNT: Limit = Limit::new(3, 3600);
pub const RESEND_PER_ACCOUNT: Limit = Limit::new(3, 3600);

async fn limited(state: &Ports, key: &str, limit: Limit) -> Result<(), AppError> {
    state.limiter.check(key, limit).await
}

fn account_key(email: &str) -> String {
    crate::util::sha256_hex(email.trim().to_lowercase().as_bytes())
}

/// A registration that passed validation.
pub struct Registration {
    pub email: EmailAddress,
    pub name: DisplayName,
    pub password: NewPassword,
}

impl Registration {
    pub fn parse(
        email: &str,
        name: &str,
        password: &str,
        confirm: &str,
    ) -> Result<Registration, FormErrors> {
        let mut errors = FormErrors::new();
        let email = EmailAddress::parse(email)
            .map_err(|k| errors.add("email", k))
            .ok();
        let name = DisplayName::parse(name)
            .map_err(|k| errors.add("name", k))
            .ok();
        let pw = NewPassword::parse(password, email.as_ref().map(|e| e.as_str()))
            .map_err(|k| errors.add("password", k))
            .ok();
        if password != confirm {
            errors.add("password_confirm", "field-password-mismatch");
        }
        match (email, name, pw) {
            (Some(email), Some(name), Some(password)) if errors.is_empty() => Ok(Registration {
                email,
                name,
                password,
            }),
            _ => Err(errors),
        }
    }
}

async fn hash_password(state: &Ports, pw: &NewPassword) -> Result<String, AppError> {
    let cost = state.config.hash_cost;
    let pw = pw.as_str().to_string();
    actix_web::web::block(move || password::hash(&pw, cost))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(AppError::Internal)
}

fn action_mail(
    state: &Ports,
    lang: Lang,
    prefix: &str,
    to: &str,
    name: &str,
    path: &str,
) -> Result<mail::Email, AppError> {
    let url = state.config.absolute_url(path);
    mail::compose_action(
        lang,
        &state.config.city_name,
        &ActionMail {
            prefix,
            to,
            name,
            url: &url,
            args: &[],
        },
    )
    .map_err(|e| AppError::internal(format!("e-mail template: {e}")))
}

pub mod absences;
pub mod admin;
mod deletion;
mod email;
pub mod groups;
pub mod oidc;
mod passwords;
mod profile;
mod register;
mod signin;

pub use deletion::*;
pub use email::*;
pub use oidc::*;
pub use passwords::*;
pub use profile::*;
pub use register::*;
pub use signin::*;
