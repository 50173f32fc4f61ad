//! Registration and e-mail verification.

use super::*;

/// Registers an account and sends the verification e-mail. When the address already
/// has an account, that owner gets a "you already have an account" e-mail instead, so
/// the page never reveals which addresses are registered.
pub async fn register(
    state: &Ports,
    ip: &str,
    reg: Registration,
    lang: Lang,
) -> Result<(), AppError> {
    limited(state, &format!("register-ip:{ip}"), REGISTER_PER_IP).await?;
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
    crate::db::write_transaction(conn, |conn| {
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
            crate::accounts::admin::grant_role_unchecked(conn, None, id, role)?;
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

pub(super) fn mark_verified(conn: &mut AnyConnection, uid: i64) -> Result<(), AppError> {
    diesel::update(
        users::table
            .find(uid)
            .filter(users::email_verified_at.is_null()),
    )
    .set(users::email_verified_at.eq(Some(now())))
    .execute(conn)?;
    if !models::roles_of(conn, uid)?.contains(&Role::Citizen) {
        crate::accounts::admin::grant_role_unchecked(conn, None, uid, Role::Citizen)?;
    }
    Ok(())
}
