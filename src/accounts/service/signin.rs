//! Signing in and out, sessions, and the password check other use-cases ask for.

use super::*;

/// A successful sign-in: the server-side session's token for the cookie.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user_id: i64,
    pub session_token: String,
}

/// Checks e-mail and password and starts a session (see [`check_credentials`]).
pub async fn sign_in(
    state: &Ports,
    ip: &str,
    email: &str,
    pw: &str,
) -> Result<Result<SignedIn, ()>, AppError> {
    let Some(user_id) = check_credentials(state, ip, email, pw).await? else {
        return Ok(Err(()));
    };
    let (_, session_token) = state
        .db
        .run(move |conn| sessions::start(conn, user_id, now()))
        .await?;
    Ok(Ok(SignedIn {
        user_id,
        session_token,
    }))
}

/// The active account whose e-mail and password these are. Every failure is the same
/// answer and costs the same time. Attempts are limited per client, per client and
/// account, and (more loosely) per account, so that a guesser elsewhere cannot lock
/// the owner out; a refusal says how long to wait.
pub(super) async fn check_credentials(
    state: &Ports,
    ip: &str,
    email: &str,
    pw: &str,
) -> Result<Option<i64>, AppError> {
    let account = account_key(email);
    let pair_key = format!("signin-ip-account:{ip}:{account}");
    limited(state, &format!("signin-ip:{ip}"), SIGNIN_PER_IP).await?;
    limited(state, &pair_key, SIGNIN_PER_IP_ACCOUNT).await?;
    limited(
        state,
        &format!("signin-account:{account}"),
        SIGNIN_PER_ACCOUNT,
    )
    .await?;
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
    if user.is_some() {
        state.limiter.reset(&pair_key).await;
    }
    Ok(user)
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
pub(super) async fn check_password(state: &Ports, uid: i64, pw: &str) -> Result<bool, AppError> {
    limited(
        state,
        &format!("password-check:{uid}"),
        PASSWORD_CHECKS_PER_ACCOUNT,
    )
    .await?;
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
