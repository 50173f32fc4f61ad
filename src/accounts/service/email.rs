//! Changing the e-mail address (with its undo link) and resending verification.

use super::*;

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
    limited(state, &format!("resend:{}", actor.id), RESEND_PER_ACCOUNT).await?;
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
    limited(state, &format!("resend:{}", actor.id), RESEND_PER_ACCOUNT).await?;
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
