//! Account use-cases: registration, e-mail verification, sign-in, password reset,
//! profile changes and account deletion.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::models::{self, UserRow};
use super::roles::Role;
use super::tokens::{self, Purpose, TokenProblem};
use super::validate::{DisplayName, EmailAddress, NewPassword};
use super::{CurrentUser, password, sessions};
use crate::db::AnyConnection;
use crate::db::schema::{
    email_tokens, group_members, groups, office_members, role_audit, user_roles, users,
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

fn limited(state: &Ports, key: &str, limit: Limit) -> Result<(), AppError> {
    state
        .limiter
        .hit(key, limit)
        .map_err(|r| AppError::TooManyRequests {
            retry_after_secs: r.0,
        })
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

/// Registers an account and sends the verification e-mail. When the address already
/// has an account, that owner gets a "you already have an account" e-mail instead, so
/// the page never reveals which addresses are registered.
pub async fn register(
    state: &Ports,
    ip: &str,
    reg: Registration,
    lang: Lang,
) -> Result<(), AppError> {
    limited(state, &format!("register-ip:{ip}"), REGISTER_PER_IP)?;
    let hash = hash_password(state, &reg.password).await?;
    let st = state.clone();
    state
        .db
        .transaction(move |conn| {
            if let Some(existing) = models::find_active_by_email(conn, reg.email.as_str())? {
                let m = action_mail(
                    &st,
                    existing.lang(),
                    "email-exists",
                    reg.email.as_str(),
                    &existing.display_name,
                    "/signin",
                )?;
                mail::enqueue(conn, &m)?;
                return Ok(());
            }
            let t = now();
            let id: i64 = diesel::insert_into(users::table)
                .values((
                    users::pseudonym.eq(models::new_pseudonym()),
                    users::email.eq(Some(reg.email.as_str())),
                    users::display_name.eq(reg.name.as_str()),
                    users::password_hash.eq(Some(hash)),
                    users::language.eq(lang.code()),
                    users::created_at.eq(t),
                ))
                .returning(users::id)
                .get_result(conn)?;
            let token = tokens::issue(conn, id, Purpose::Verify)?;
            let m = action_mail(
                &st,
                lang,
                "email-verify",
                reg.email.as_str(),
                reg.name.as_str(),
                &format!("/verify-email?token={token}"),
            )?;
            mail::enqueue(conn, &m)?;
            Ok(())
        })
        .await
}

/// Creates an account directly (CLI and demo): verified, with the given roles.
pub fn create_verified_user(
    conn: &mut AnyConnection,
    email: &EmailAddress,
    name: &DisplayName,
    password_hash: &str,
    lang: Lang,
    roles: &[Role],
) -> Result<i64, AppError> {
    conn.transaction(|conn| {
        let t = now();
        let id: i64 = diesel::insert_into(users::table)
            .values((
                users::pseudonym.eq(models::new_pseudonym()),
                users::email.eq(Some(email.as_str())),
                users::display_name.eq(name.as_str()),
                users::password_hash.eq(Some(password_hash)),
                users::language.eq(lang.code()),
                users::email_verified_at.eq(Some(t)),
                users::created_at.eq(t),
            ))
            .returning(users::id)
            .get_result(conn)?;
        let mut all = vec![Role::Citizen];
        all.extend_from_slice(roles);
        for role in all {
            super::admin::grant_role_unchecked(conn, None, id, role)?;
        }
        Ok(id)
    })
}

/// The result of following an e-mail link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyOutcome {
    Verified,
    EmailChanged,
    EmailTaken,
    /// An e-mail change is confirmed only from a session of the account that asked
    /// for it: sign in (again) and follow the link.
    SignInToConfirm,
    Invalid(TokenProblem),
}

pub async fn verify_email(
    state: &Ports,
    actor: Option<&CurrentUser>,
    token: String,
) -> Result<VerifyOutcome, AppError> {
    let actor = actor.map(|a| (a.id, a.session_id));
    let st = state.clone();
    state
        .db
        .transaction(move |conn| {
            match tokens::consume(conn, &token, Purpose::Verify)? {
                Ok(uid) => {
                    mark_verified(conn, uid)?;
                    return Ok(VerifyOutcome::Verified);
                }
                Err(TokenProblem::Unknown) => {}
                Err(p) => return Ok(VerifyOutcome::Invalid(p)),
            }
            let (uid, keep) = match (tokens::peek(conn, &token, Purpose::ChangeEmail)?, actor) {
                (Err(p), _) => return Ok(VerifyOutcome::Invalid(p)),
                (Ok(uid), Some((actor, keep))) if actor == uid => (uid, keep),
                (Ok(_), _) => return Ok(VerifyOutcome::SignInToConfirm),
            };
            if let Err(p) = tokens::consume(conn, &token, Purpose::ChangeEmail)? {
                return Ok(VerifyOutcome::Invalid(p));
            }
            let Some(user) = models::find_by_id(conn, uid)? else {
                return Ok(VerifyOutcome::Invalid(TokenProblem::Unknown));
            };
            let Some(new_email) = user.pending_email.clone() else {
                return Ok(VerifyOutcome::Invalid(TokenProblem::Used));
            };
            if models::find_active_by_email(conn, &new_email)?.is_some() {
                return Ok(VerifyOutcome::EmailTaken);
            }
            diesel::update(users::table.find(uid))
                .set((
                    users::email.eq(Some(new_email.as_str())),
                    users::pending_email.eq(None::<String>),
                ))
                .execute(conn)?;
            mark_verified(conn, uid)?;
            // Links sent to the old address (a reset, say) no longer hold.
            tokens::revoke(conn, uid, Purpose::Reset)?;
            sessions::end_all(conn, uid, Some(keep))?;
            if let Some(old) = user.email.as_deref() {
                let undo = tokens::issue_about(conn, uid, Purpose::UndoEmail, Some(old))?;
                let m = mail::compose_action(
                    user.lang(),
                    &st.config.city_name,
                    &ActionMail {
                        prefix: "email-changed",
                        to: old,
                        name: &user.display_name,
                        url: &st
                            .config
                            .absolute_url(&format!("/account/email/undo?token={undo}")),
                        args: &[("new", mask_email(&new_email).into())],
                    },
                )
                .map_err(|e| AppError::internal(format!("e-mail template: {e}")))?;
                mail::enqueue(conn, &m)?;
            }
            Ok(VerifyOutcome::EmailChanged)
        })
        .await
}

fn mark_verified(conn: &mut AnyConnection, uid: i64) -> Result<(), AppError> {
    diesel::update(
        users::table
            .find(uid)
            .filter(users::email_verified_at.is_null()),
    )
    .set(users::email_verified_at.eq(Some(now())))
    .execute(conn)?;
    if !models::roles_of(conn, uid)?.contains(&Role::Citizen) {
        super::admin::grant_role_unchecked(conn, None, uid, Role::Citizen)?;
    }
    Ok(())
}

/// A successful sign-in: the server-side session's token for the cookie.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user_id: i64,
    pub session_token: String,
}

/// Checks e-mail and password and starts a session. Every failure is the same answer
/// and costs the same time. Attempts are limited per client, per client and account,
/// and (more loosely) per account, so that a guesser elsewhere cannot lock the owner
/// out; a refusal says how long to wait.
pub async fn sign_in(
    state: &Ports,
    ip: &str,
    email: &str,
    pw: &str,
) -> Result<Result<SignedIn, ()>, AppError> {
    let account = account_key(email);
    let pair_key = format!("signin-ip-account:{ip}:{account}");
    limited(state, &format!("signin-ip:{ip}"), SIGNIN_PER_IP)?;
    limited(state, &pair_key, SIGNIN_PER_IP_ACCOUNT)?;
    limited(
        state,
        &format!("signin-account:{account}"),
        SIGNIN_PER_ACCOUNT,
    )?;
    let email = email.trim().to_lowercase();
    let pw = pw.to_string();
    let cost = state.config.hash_cost;
    let user = state
        .db
        .run(move |conn| {
            let user = if email.len() <= 254 {
                models::find_active_by_email(conn, &email)?
            } else {
                None
            };
            let ok = password::verify(
                &pw,
                user.as_ref().and_then(|u| u.password_hash.as_deref()),
                cost,
            );
            Ok(user.filter(|_| ok).map(|u| u.id))
        })
        .await?;
    let Some(user_id) = user else {
        return Ok(Err(()));
    };
    state.limiter.reset(&pair_key);
    let session_token = state
        .db
        .run(move |conn| sessions::start(conn, user_id, now()))
        .await?;
    Ok(Ok(SignedIn {
        user_id,
        session_token,
    }))
}

/// Ends the session behind a cookie token.
pub async fn sign_out(state: &Ports, session_token: String) -> Result<(), AppError> {
    state
        .db
        .run(move |conn| sessions::end(conn, &session_token))
        .await
}

/// Ends every session of the account, this one included.
pub async fn sign_out_everywhere(state: &Ports, actor: &CurrentUser) -> Result<(), AppError> {
    let uid = actor.id;
    state
        .db
        .run(move |conn| sessions::end_all(conn, uid, None).map(|_| ()))
        .await
}

/// How many sessions of the account are open (this one included).
pub async fn open_sessions(state: &Ports, actor: &CurrentUser) -> Result<i64, AppError> {
    let (uid, policy) = (actor.id, state.config.session);
    state
        .db
        .run(move |conn| sessions::count_live(conn, uid, policy, now()))
        .await
}

/// Checks the signed-in person's password again before a sensitive change. Checks are
/// limited per account, so a stolen session cannot be used to guess the password.
async fn check_password(state: &Ports, uid: i64, pw: &str) -> Result<bool, AppError> {
    limited(
        state,
        &format!("password-check:{uid}"),
        PASSWORD_CHECKS_PER_ACCOUNT,
    )?;
    let pw = pw.to_string();
    let cost = state.config.hash_cost;
    state
        .db
        .run(move |conn| {
            let user = models::find_by_id(conn, uid)?;
            Ok(password::verify(
                &pw,
                user.and_then(|u| u.password_hash).as_deref(),
                cost,
            ))
        })
        .await
}

/// Changes the password of a signed-in person who knows the current one; every other
/// session of the account ends.
pub async fn change_password(
    state: &Ports,
    actor: &CurrentUser,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), Refusal> {
    // Errors in the order of the form's fields.
    let mut errors = FormErrors::new();
    if !check_password(state, actor.id, current).await? {
        errors.add("current_password", "field-password-wrong");
    }
    let parsed = NewPassword::parse(new, Some(actor.email.as_str()))
        .map_err(|k| errors.add("new_password", k))
        .ok();
    if new != confirm {
        errors.add("new_password_confirm", "field-password-mismatch");
    }
    let Some(parsed) = parsed.filter(|_| errors.is_empty()) else {
        return Err(Refusal::Form(errors));
    };
    let hash = hash_password(state, &parsed).await?;
    let (uid, keep) = (actor.id, actor.session_id);
    state
        .db
        .transaction(move |conn| {
            diesel::update(users::table.find(uid))
                .set(users::password_hash.eq(Some(hash)))
                .execute(conn)?;
            tokens::revoke(conn, uid, Purpose::Reset)?;
            sessions::end_all(conn, uid, Some(keep))?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// Sends a reset link if the address has an account; the answer is the same either way.
pub async fn request_password_reset(state: &Ports, ip: &str, email: &str) -> Result<(), AppError> {
    limited(state, &format!("reset-ip:{ip}"), RESET_PER_IP)?;
    let Ok(email) = EmailAddress::parse(email) else {
        return Ok(());
    };
    if state
        .limiter
        .hit(
            &format!("reset-account:{}", account_key(email.as_str())),
            RESET_PER_ACCOUNT,
        )
        .is_err()
    {
        // Silently: a visible refusal would confirm the account exists.
        return Ok(());
    }
    let st = state.clone();
    state
        .db
        .transaction(move |conn| {
            let Some(user) = models::find_active_by_email(conn, email.as_str())? else {
                return Ok(());
            };
            let token = tokens::issue(conn, user.id, Purpose::Reset)?;
            let m = action_mail(
                &st,
                user.lang(),
                "email-reset",
                email.as_str(),
                &user.display_name,
                &format!("/password/reset?token={token}"),
            )?;
            mail::enqueue(conn, &m)?;
            Ok(())
        })
        .await
}

/// Whether a reset link is still usable (to show the form or explain why not).
pub async fn check_reset_token(
    state: &Ports,
    token: String,
) -> Result<Result<(), TokenProblem>, AppError> {
    state
        .db
        .run(move |conn| Ok(tokens::peek(conn, &token, Purpose::Reset)?.map(|_| ())))
        .await
}

/// Sets a new password from a reset link; signs out every session of the account.
pub async fn reset_password(
    state: &Ports,
    token: String,
    pw: &str,
    confirm: &str,
) -> Result<(), Refusal> {
    let t = token.clone();
    let user = state
        .db
        .run(move |conn| match tokens::peek(conn, &t, Purpose::Reset)? {
            Ok(uid) => models::find_by_id(conn, uid),
            Err(_) => Ok(None),
        })
        .await?;
    let Some(user) = user.filter(UserRow::is_active) else {
        return Err(Refusal::field("password", "reset-link-invalid"));
    };
    let mut errors = FormErrors::new();
    let new = NewPassword::parse(pw, user.email.as_deref())
        .map_err(|k| errors.add("password", k))
        .ok();
    if pw != confirm {
        errors.add("password_confirm", "field-password-mismatch");
    }
    let Some(new) = new.filter(|_| errors.is_empty()) else {
        return Err(Refusal::Form(errors));
    };
    let hash = hash_password(state, &new).await?;
    state
        .db
        .transaction(move |conn| {
            let uid = match tokens::consume(conn, &token, Purpose::Reset)? {
                Ok(uid) => uid,
                Err(_) => return Err(AppError::Conflict("reset-link-invalid")),
            };
            diesel::update(users::table.find(uid))
                .set(users::password_hash.eq(Some(hash)))
                .execute(conn)?;
            sessions::end_all(conn, uid, None)?;
            // The link reached the mailbox, so the address is proven.
            mark_verified(conn, uid)?;
            Ok(())
        })
        .await?;
    Ok(())
}

pub async fn update_profile(
    state: &Ports,
    actor: &CurrentUser,
    name: &str,
    language: &str,
) -> Result<(), Refusal> {
    let mut errors = FormErrors::new();
    let name = DisplayName::parse(name)
        .map_err(|k| errors.add("name", k))
        .ok();
    let lang = Lang::from_code(language);
    if lang.is_none() {
        errors.add("language", "field-language-invalid");
    }
    let (Some(name), Some(lang)) = (name, lang) else {
        return Err(Refusal::Form(errors));
    };
    let uid = actor.id;
    state
        .db
        .run(move |conn| {
            diesel::update(users::table.find(uid))
                .set((
                    users::display_name.eq(name.as_str()),
                    users::language.eq(lang.code()),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// How the signed-in person hears of the pacts they take part in: one e-mail per
/// event, or a daily digest.
pub async fn set_notification_digest(
    state: &Ports,
    actor: &CurrentUser,
    digest: bool,
) -> Result<(), AppError> {
    let uid = actor.id;
    state
        .db
        .run(move |conn| {
            diesel::update(users::table.find(uid))
                .set(users::notify_digest.eq(digest))
                .execute(conn)?;
            Ok(())
        })
        .await
}

/// Sets the language of the signed-in user (from the language switcher).
pub async fn set_language(state: &Ports, actor: &CurrentUser, lang: Lang) -> Result<(), AppError> {
    let uid = actor.id;
    state
        .db
        .run(move |conn| {
            diesel::update(users::table.find(uid))
                .set(users::language.eq(lang.code()))
                .execute(conn)?;
            Ok(())
        })
        .await
}

/// Starts an e-mail change: the person types their password again, and the new
/// address must confirm through a link opened while signed in to this account.
pub async fn change_email(
    state: &Ports,
    actor: &CurrentUser,
    new_email: &str,
    pw: &str,
) -> Result<(), Refusal> {
    let mut errors = FormErrors::new();
    let email = EmailAddress::parse(new_email)
        .map_err(|k| errors.add("new_email", k))
        .ok();
    if email.as_ref().is_some_and(|e| e.as_str() == actor.email) {
        errors.add("new_email", "field-email-unchanged");
    }
    if !check_password(state, actor.id, pw).await? {
        errors.add("password", "field-password-wrong");
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(Refusal::Form(errors));
    };
    limited(state, &format!("resend:{}", actor.id), RESEND_PER_ACCOUNT)?;
    let st = state.clone();
    let actor = actor.clone();
    state
        .db
        .transaction(move |conn| {
            diesel::update(users::table.find(actor.id))
                .set(users::pending_email.eq(Some(email.as_str())))
                .execute(conn)?;
            // Only the newest request can be confirmed.
            tokens::revoke(conn, actor.id, Purpose::ChangeEmail)?;
            let token = tokens::issue(conn, actor.id, Purpose::ChangeEmail)?;
            let m = action_mail(
                &st,
                actor.language,
                "email-change",
                email.as_str(),
                &actor.display_name,
                &format!("/verify-email?token={token}"),
            )?;
            mail::enqueue(conn, &m)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// `a***@example.org`: enough for the owner to recognise, little for anyone else.
pub fn mask_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

/// What an undo link leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UndoOutcome {
    Restored,
    AddressTaken,
    Invalid(TokenProblem),
}

/// Whether an undo link is still usable (to show its confirmation form).
pub async fn check_undo_token(
    state: &Ports,
    token: String,
) -> Result<Result<(), TokenProblem>, AppError> {
    state
        .db
        .run(move |conn| Ok(tokens::peek(conn, &token, Purpose::UndoEmail)?.map(|_| ())))
        .await
}

/// Puts back the address an e-mail change replaced (the link sent to the old address,
/// valid 7 days) and ends every session of the account, since whoever made the change
/// may still be signed in.
pub async fn undo_email_change(state: &Ports, token: String) -> Result<UndoOutcome, AppError> {
    state
        .db
        .transaction(move |conn| {
            let old = tokens::address(conn, &token)?;
            let uid = match tokens::consume(conn, &token, Purpose::UndoEmail)? {
                Ok(uid) => uid,
                Err(p) => return Ok(UndoOutcome::Invalid(p)),
            };
            let Some(old) = old else {
                return Ok(UndoOutcome::Invalid(TokenProblem::Unknown));
            };
            let Some(user) = models::find_by_id(conn, uid)?.filter(UserRow::is_active) else {
                return Ok(UndoOutcome::Invalid(TokenProblem::Unknown));
            };
            if let Some(other) = models::find_active_by_email(conn, &old)?
                && other.id != uid
            {
                return Ok(UndoOutcome::AddressTaken);
            }
            diesel::update(users::table.find(user.id))
                .set((
                    users::email.eq(Some(old.as_str())),
                    users::pending_email.eq(None::<String>),
                ))
                .execute(conn)?;
            mark_verified(conn, uid)?;
            for purpose in [Purpose::ChangeEmail, Purpose::Reset, Purpose::Verify] {
                tokens::revoke(conn, uid, purpose)?;
            }
            sessions::end_all(conn, uid, None)?;
            Ok(UndoOutcome::Restored)
        })
        .await
}

pub async fn resend_verification(state: &Ports, actor: &CurrentUser) -> Result<(), AppError> {
    if actor.verified {
        return Ok(());
    }
    limited(state, &format!("resend:{}", actor.id), RESEND_PER_ACCOUNT)?;
    let st = state.clone();
    let actor = actor.clone();
    state
        .db
        .transaction(move |conn| {
            let token = tokens::issue(conn, actor.id, Purpose::Verify)?;
            let m = action_mail(
                &st,
                actor.language,
                "email-verify",
                &actor.email,
                &actor.display_name,
                &format!("/verify-email?token={token}"),
            )?;
            mail::enqueue(conn, &m)?;
            Ok(())
        })
        .await
}

/// Erases an account's personal data. The row stays with its pseudonym so history
/// that names it (audits, groups, later pacts and ledger entries) keeps its meaning.
pub async fn delete_account(state: &Ports, actor: &CurrentUser, pw: &str) -> Result<(), Refusal> {
    if !check_password(state, actor.id, pw).await? {
        return Err(Refusal::field("password", "field-password-wrong"));
    }
    let uid = actor.id;
    state
        .db
        .transaction(move |conn| erase_user(conn, uid))
        .await?;
    Ok(())
}

pub fn erase_user(conn: &mut AnyConnection, uid: i64) -> Result<(), AppError> {
    let Some(user) = models::find_by_id(conn, uid)? else {
        return Err(AppError::NotFound);
    };
    let t: NaiveDateTime = now();
    // Groups this person represents pass to their longest-standing other member.
    let led: Vec<i64> = groups::table
        .filter(groups::referent_id.eq(uid))
        .select(groups::id)
        .load(conn)?;
    for gid in led {
        let successor: Option<i64> = group_members::table
            .filter(group_members::group_id.eq(gid))
            .filter(group_members::user_id.ne(uid))
            .order(group_members::joined_at.asc())
            .select(group_members::user_id)
            .first(conn)
            .optional()?;
        if let Some(s) = successor {
            diesel::update(groups::table.find(gid))
                .set(groups::referent_id.eq(s))
                .execute(conn)?;
        }
    }
    diesel::delete(group_members::table.filter(group_members::user_id.eq(uid))).execute(conn)?;
    diesel::delete(office_members::table.filter(office_members::user_id.eq(uid))).execute(conn)?;
    for role in models::roles_of(conn, uid)? {
        super::admin::record_on_ledger(conn, "role.revoked", Some(uid), uid, role)?;
        diesel::insert_into(role_audit::table)
            .values((
                role_audit::actor_id.eq(Some(uid)),
                role_audit::target_user_id.eq(uid),
                role_audit::role.eq(role.code()),
                role_audit::action.eq("erase"),
                role_audit::at.eq(t),
            ))
            .execute(conn)?;
    }
    diesel::delete(user_roles::table.filter(user_roles::user_id.eq(uid))).execute(conn)?;
    diesel::delete(email_tokens::table.filter(email_tokens::user_id.eq(uid))).execute(conn)?;
    sessions::end_all(conn, uid, None)?;
    for address in [user.email.as_deref(), user.pending_email.as_deref()]
        .into_iter()
        .flatten()
    {
        mail::erase_recipient(conn, address)?;
    }
    diesel::update(users::table.find(uid))
        .set((
            users::email.eq(None::<String>),
            users::pending_email.eq(None::<String>),
            users::display_name.eq(""),
            users::password_hash.eq(None::<String>),
            users::email_verified_at.eq(None::<NaiveDateTime>),
            users::deleted_at.eq(Some(t)),
        ))
        .execute(conn)?;
    Ok(())
}
