//! Changing a password, and resetting a forgotten one.

use super::*;

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
    limited(state, &format!("reset-ip:{ip}"), RESET_PER_IP).await?;
    let Ok(email) = EmailAddress::parse(email) else {
        return Ok(());
    };
    if state
        .limiter
        .check(
            &format!("reset-account:{}", account_key(email.as_str())),
            RESET_PER_ACCOUNT,
        )
        .await
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
