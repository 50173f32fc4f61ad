//! Deleting an account: its personal data is erased, its public history stays.

use super::*;
use crate::db::schema::groups;

/// How the person confirms it is them before their account is erased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletionCheck {
    /// With the account's password.
    Password,
    /// An account without a password, in a session the identity provider started
    /// moments ago: that sign-in is the confirmation.
    RecentProviderSignIn,
    /// An account without a password whose session is older: sign in again first.
    SignInAgain,
}

/// How recent a provider sign-in must be to erase an account without a password.
pub const RECENT_SIGNIN_MINUTES: i64 = 15;

pub async fn deletion_check(state: &Ports, actor: &CurrentUser) -> Result<DeletionCheck, AppError> {
    let (uid, sid) = (actor.id, actor.session_id);
    let t = state.clock.now();
    state
        .db
        .run(move |conn| {
            use crate::db::schema::{oidc_sessions, sessions};
            let has_password = users::table
                .find(uid)
                .select(users::password_hash)
                .first::<Option<String>>(conn)?
                .is_some();
            if has_password {
                return Ok(DeletionCheck::Password);
            }
            let recent: i64 = sessions::table
                .inner_join(oidc_sessions::table)
                .filter(sessions::id.eq(sid))
                .filter(
                    sessions::created_at.gt(t - chrono::Duration::minutes(RECENT_SIGNIN_MINUTES)),
                )
                .count()
                .get_result(conn)?;
            Ok(if recent > 0 {
                DeletionCheck::RecentProviderSignIn
            } else {
                DeletionCheck::SignInAgain
            })
        })
        .await
}

/// Erases an account's personal data. The row stays with its pseudonym so history
/// that names it (audits, groups, later pacts and ledger entries) keeps its meaning.
pub async fn delete_account(state: &Ports, actor: &CurrentUser, pw: &str) -> Result<(), Refusal> {
    match deletion_check(state, actor).await? {
        DeletionCheck::Password => {
            if !check_password(state, actor.id, pw).await? {
                return Err(Refusal::field("password", "field-password-wrong"));
            }
        }
        DeletionCheck::RecentProviderSignIn => {}
        DeletionCheck::SignInAgain => {
            return Err(Refusal::field("password", "delete-sign-in-again"));
        }
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
        crate::accounts::admin::record_on_ledger(conn, "role.revoked", Some(uid), uid, role)?;
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
    // Links to the identity provider go (their sessions end below).
    diesel::delete(
        crate::db::schema::user_identities::table
            .filter(crate::db::schema::user_identities::user_id.eq(uid)),
    )
    .execute(conn)?;
    diesel::delete(
        crate::db::schema::oidc_office_grants::table
            .filter(crate::db::schema::oidc_office_grants::user_id.eq(uid)),
    )
    .execute(conn)?;
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
