//! Rows and queries shared by the account services.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::roles::Role;
use crate::db::AnyConnection;
use crate::db::schema::{user_roles, users};
use crate::error::AppError;
use crate::web::i18n::Lang;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub pseudonym: String,
    pub email: Option<String>,
    pub pending_email: Option<String>,
    pub display_name: String,
    pub password_hash: Option<String>,
    pub language: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub notify_digest: bool,
}

impl UserRow {
    pub fn lang(&self) -> Lang {
        Lang::from_code(&self.language).unwrap_or(Lang::En)
    }

    pub fn is_active(&self) -> bool {
        self.deleted_at.is_none()
    }
}

pub fn find_by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<UserRow>, AppError> {
    Ok(users::table
        .filter(users::id.eq(id))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_active_by_email(
    conn: &mut AnyConnection,
    email: &str,
) -> Result<Option<UserRow>, AppError> {
    Ok(users::table
        .filter(users::email.eq(email))
        .filter(users::deleted_at.is_null())
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// A user's display name as others see it ("" once the account is erased).
pub fn display_name(conn: &mut AnyConnection, uid: i64) -> Result<String, AppError> {
    let (name, deleted): (String, Option<NaiveDateTime>) = users::table
        .find(uid)
        .select((users::display_name, users::deleted_at))
        .first(conn)?;
    Ok(if deleted.is_some() {
        String::new()
    } else {
        name
    })
}

pub fn roles_of(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<Role>, AppError> {
    let codes: Vec<String> = user_roles::table
        .filter(user_roles::user_id.eq(user_id))
        .select(user_roles::role)
        .load(conn)?;
    let mut roles: Vec<Role> = codes.iter().filter_map(|c| Role::parse(c)).collect();
    roles.sort();
    Ok(roles)
}

/// A new random pseudonym: the public, non-personal id used in the ledger and
/// anywhere history must outlive an account.
pub fn new_pseudonym() -> String {
    format!(
        "u_{}",
        &crate::util::hex_encode(&crate::util::random_bytes::<10>())
    )
}
