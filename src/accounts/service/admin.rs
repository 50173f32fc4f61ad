//! The admin area's use-cases: granting and revoking roles (audited), offices and the
//! officials assigned to them, and the lists admins need.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::CurrentUser;
use crate::accounts::models::{self, UserRow};
use crate::accounts::policy::{self, Action, Object};
use crate::accounts::roles::Role;
use crate::db::AnyConnection;
use crate::db::schema::{office_members, offices, role_audit, user_roles, users};
use crate::error::AppError;
use crate::kit::text::slugify;
use crate::ports::Ports;
use crate::util::now;
use crate::web::forms::Refusal;
use crate::web::pagination::Pagination;

/// Grants a role and writes the audit row; `actor` is `None` for the system (CLI,
/// e-mail verification). Granting a role someone already has changes nothing.
pub fn grant_role_unchecked(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    target: i64,
    role: Role,
) -> Result<bool, AppError> {
    if models::roles_of(conn, target)?.contains(&role) {
        return Ok(false);
    }
    let t = now();
    diesel::insert_into(user_roles::table)
        .values((
            user_roles::user_id.eq(target),
            user_roles::role.eq(role.code()),
            user_roles::granted_by.eq(actor),
            user_roles::granted_at.eq(t),
        ))
        .execute(conn)?;
    audit(conn, actor, target, role, "grant", t)?;
    record_on_ledger(conn, "role.granted", actor, target, role)?;
    Ok(true)
}

/// Puts a role change on the civic ledger (pseudonyms only). The automatic citizen
/// role is not a public-interest event and stays off the ledger.
pub fn record_on_ledger(
    conn: &mut AnyConnection,
    kind: &str,
    actor: Option<i64>,
    target: i64,
    role: Role,
) -> Result<(), AppError> {
    if role == Role::Citizen {
        return Ok(());
    }
    let pseudonym = |conn: &mut AnyConnection, id: i64| -> Result<String, AppError> {
        Ok(users::table.find(id).select(users::pseudonym).first(conn)?)
    };
    let by = match actor {
        Some(a) => pseudonym(conn, a)?,
        None => "system".to_string(),
    };
    let entry = crate::ledger::entry::Entry::new(kind)
        .with("user", pseudonym(conn, target)?)
        .with("role", role.code())
        .with("by", by);
    crate::ledger::kinds::append(conn, &entry)?;
    Ok(())
}

fn audit(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    target: i64,
    role: Role,
    action: &str,
    at: NaiveDateTime,
) -> Result<(), AppError> {
    diesel::insert_into(role_audit::table)
        .values((
            role_audit::actor_id.eq(actor),
            role_audit::target_user_id.eq(target),
            role_audit::role.eq(role.code()),
            role_audit::action.eq(action),
            role_audit::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn revoke_role_unchecked(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    target: i64,
    role: Role,
) -> Result<bool, AppError> {
    let n = diesel::delete(
        user_roles::table
            .filter(user_roles::user_id.eq(target))
            .filter(user_roles::role.eq(role.code())),
    )
    .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    if role == Role::Official {
        diesel::delete(office_members::table.filter(office_members::user_id.eq(target)))
            .execute(conn)?;
    }
    audit(conn, actor, target, role, "revoke", now())?;
    record_on_ledger(conn, "role.revoked", actor, target, role)?;
    Ok(true)
}

fn active_target(conn: &mut AnyConnection, target: i64) -> Result<UserRow, AppError> {
    models::find_by_id(conn, target)?
        .filter(UserRow::is_active)
        .ok_or(AppError::NotFound)
}

pub async fn grant_role(
    state: &Ports,
    actor: &CurrentUser,
    target: i64,
    role: &str,
) -> Result<(), Refusal> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    let role = Role::parse(role).ok_or_else(|| Refusal::field("role", "field-role-invalid"))?;
    let aid = actor.id;
    state
        .db
        .transaction(move |conn| {
            active_target(conn, target)?;
            grant_role_unchecked(conn, Some(aid), target, role)
        })
        .await?;
    Ok(())
}

pub async fn revoke_role(
    state: &Ports,
    actor: &CurrentUser,
    target: i64,
    role: &str,
) -> Result<(), Refusal> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    let role = Role::parse(role).ok_or_else(|| Refusal::field("role", "field-role-invalid"))?;
    let aid = actor.id;
    state
        .db
        .transaction(move |conn| {
            active_target(conn, target)?;
            if role == Role::Admin {
                let admins: i64 = user_roles::table
                    .filter(user_roles::role.eq(Role::Admin.code()))
                    .count()
                    .get_result(conn)?;
                if admins <= 1 {
                    return Err(AppError::Conflict("admin-last-admin"));
                }
            }
            revoke_role_unchecked(conn, Some(aid), target, role)
        })
        .await?;
    Ok(())
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// A user as the admin list shows them.
#[derive(Debug, Clone)]
pub struct UserListItem {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub verified: bool,
    pub roles: Vec<Role>,
    pub created_at: NaiveDateTime,
}

pub async fn list_users(
    state: &Ports,
    actor: &CurrentUser,
    query: Option<String>,
    page: Option<i64>,
) -> Result<(Vec<UserListItem>, Pagination), AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    state
        .db
        .run(move |conn| {
            let pattern = query
                .as_deref()
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(|q| format!("%{}%", q.to_lowercase().replace(['%', '_'], "")));
            let filtered = || {
                let mut q = users::table
                    .filter(users::deleted_at.is_null())
                    .into_boxed();
                if let Some(p) = &pattern {
                    q = q.filter(
                        users::email
                            .like(p.clone())
                            .or(users::display_name.like(p.clone())),
                    );
                }
                q
            };
            let total: i64 = filtered().count().get_result(conn)?;
            let pg = Pagination::new(page, 50, total);
            let rows: Vec<UserRow> = filtered()
                .order(users::id.asc())
                .limit(pg.per_page)
                .offset(pg.offset())
                .select(UserRow::as_select())
                .load(conn)?;
            let mut items = Vec::with_capacity(rows.len());
            let ids: Vec<i64> = rows.iter().map(|u| u.id).collect();
            let role_rows: Vec<(i64, String)> = user_roles::table
                .filter(user_roles::user_id.eq_any(&ids))
                .select((user_roles::user_id, user_roles::role))
                .load(conn)?;
            for u in rows {
                let mut roles: Vec<Role> = role_rows
                    .iter()
                    .filter(|(id, _)| *id == u.id)
                    .filter_map(|(_, r)| Role::parse(r))
                    .collect();
                roles.sort();
                items.push(UserListItem {
                    id: u.id,
                    display_name: u.display_name,
                    email: u.email.unwrap_or_default(),
                    verified: u.email_verified_at.is_some(),
                    roles,
                    created_at: u.created_at,
                });
            }
            Ok((items, pg))
        })
        .await
}

/// One audit line, with names resolved for the admin screen.
#[derive(Debug, Clone)]
pub struct AuditLine {
    pub at: NaiveDateTime,
    pub actor: Option<String>,
    pub target_id: i64,
    pub target: String,
    pub role: String,
    pub action: String,
}

impl AuditLine {
    pub fn action_key(&self) -> String {
        format!("admin-audit-action-{}", self.action)
    }
}

#[derive(Debug, Clone)]
pub struct UserDetail {
    pub user: UserListItem,
    pub pseudonym: String,
    pub offices: Vec<String>,
    pub audit: Vec<AuditLine>,
}

fn load_audit(
    conn: &mut AnyConnection,
    target: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditLine>, AppError> {
    let mut q = role_audit::table.into_boxed();
    if let Some(t) = target {
        q = q.filter(role_audit::target_user_id.eq(t));
    }
    let rows: Vec<(NaiveDateTime, Option<i64>, i64, String, String)> = q
        .order(role_audit::id.desc())
        .limit(limit)
        .select((
            role_audit::at,
            role_audit::actor_id,
            role_audit::target_user_id,
            role_audit::role,
            role_audit::action,
        ))
        .load(conn)?;
    let mut ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.1, Some(r.2)])
        .flatten()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let names: Vec<(i64, String, String)> = users::table
        .filter(users::id.eq_any(&ids))
        .select((users::id, users::display_name, users::pseudonym))
        .load(conn)?;
    let name = |id: i64| {
        names
            .iter()
            .find(|(i, _, _)| *i == id)
            .map(|(_, n, p)| if n.is_empty() { p.clone() } else { n.clone() })
            .unwrap_or_default()
    };
    Ok(rows
        .into_iter()
        .map(|(at, actor, target, role, action)| AuditLine {
            at,
            actor: actor.map(name),
            target_id: target,
            target: name(target),
            role,
            action,
        })
        .collect())
}

pub async fn user_detail(
    state: &Ports,
    actor: &CurrentUser,
    target: i64,
) -> Result<UserDetail, AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    state
        .db
        .run(move |conn| {
            let u = active_target(conn, target)?;
            let roles = models::roles_of(conn, target)?;
            let offices: Vec<String> = office_members::table
                .inner_join(offices::table)
                .filter(office_members::user_id.eq(target))
                .order(offices::name.asc())
                .select(offices::name)
                .load(conn)?;
            let audit = load_audit(conn, Some(target), 100)?;
            Ok(UserDetail {
                pseudonym: u.pseudonym.clone(),
                user: UserListItem {
                    id: u.id,
                    display_name: u.display_name,
                    email: u.email.unwrap_or_default(),
                    verified: u.email_verified_at.is_some(),
                    roles,
                    created_at: u.created_at,
                },
                offices,
                audit,
            })
        })
        .await
}

pub async fn audit_log(state: &Ports, actor: &CurrentUser) -> Result<Vec<AuditLine>, AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    state.db.run(|conn| load_audit(conn, None, 500)).await
}

/// Counts shown on the admin dashboard.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub users: i64,
    pub verified: i64,
    pub offices: i64,
    pub groups: i64,
    pub mail_pending: i64,
    pub mail_failed: i64,
}

pub async fn overview(state: &Ports, actor: &CurrentUser) -> Result<Overview, AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    state
        .db
        .run(|conn| {
            use crate::db::schema::groups;
            let (mail_pending, mail_failed) = crate::mail::queue_counts(conn)?;
            Ok(Overview {
                users: users::table
                    .filter(users::deleted_at.is_null())
                    .count()
                    .get_result(conn)?,
                verified: users::table
                    .filter(users::deleted_at.is_null())
                    .filter(users::email_verified_at.is_not_null())
                    .count()
                    .get_result(conn)?,
                offices: offices::table.count().get_result(conn)?,
                groups: groups::table.count().get_result(conn)?,
                mail_pending,
                mail_failed,
            })
        })
        .await
}

// ---- offices ----

#[derive(Debug, Clone)]
pub struct Office {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub members: Vec<(i64, String)>,
    /// The coordinating office: it receives proposals (at most one is).
    pub coordinating: bool,
}

pub fn create_office_unchecked(conn: &mut AnyConnection, name: &str) -> Result<i64, AppError> {
    let slug = slugify(name);
    Ok(diesel::insert_into(offices::table)
        .values((
            offices::slug.eq(slug),
            offices::name.eq(name.trim()),
            offices::created_at.eq(now()),
        ))
        .returning(offices::id)
        .get_result(conn)?)
}

pub async fn create_office(state: &Ports, actor: &CurrentUser, name: &str) -> Result<i64, Refusal> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    let name = name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 || slugify(&name).is_empty() {
        return Err(Refusal::field("name", "field-office-name-invalid"));
    }
    let r = state
        .db
        .transaction(move |conn| create_office_unchecked(conn, &name))
        .await;
    match r {
        Err(AppError::Conflict(_)) => Err(Refusal::field("name", "field-office-name-taken")),
        other => Ok(other?),
    }
}

pub fn list_offices_with_members(conn: &mut AnyConnection) -> Result<Vec<Office>, AppError> {
    let rows: Vec<(i64, String, String, bool)> = offices::table
        .order(offices::name.asc())
        .select((
            offices::id,
            offices::slug,
            offices::name,
            offices::coordinating,
        ))
        .load(conn)?;
    let members: Vec<(i64, i64, String)> = office_members::table
        .inner_join(users::table)
        .order(users::display_name.asc())
        .select((office_members::office_id, users::id, users::display_name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, name, coordinating)| Office {
            id,
            slug,
            name,
            coordinating,
            members: members
                .iter()
                .filter(|(o, _, _)| *o == id)
                .map(|(_, u, n)| (*u, n.clone()))
                .collect(),
        })
        .collect())
}

pub async fn list_offices(state: &Ports, actor: &CurrentUser) -> Result<Vec<Office>, AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    state.db.run(list_offices_with_members).await
}

/// Officials not yet in an office (for the assignment form).
pub async fn officials(state: &Ports, actor: &CurrentUser) -> Result<Vec<(i64, String)>, AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    state
        .db
        .run(|conn| {
            Ok(user_roles::table
                .inner_join(users::table)
                .filter(user_roles::role.eq(Role::Official.code()))
                .filter(users::deleted_at.is_null())
                .order(users::display_name.asc())
                .select((users::id, users::display_name))
                .load(conn)?)
        })
        .await
}

pub fn assign_official_unchecked(
    conn: &mut AnyConnection,
    actor: Option<i64>,
    office: i64,
    user: i64,
) -> Result<(), AppError> {
    if !models::roles_of(conn, user)?.contains(&Role::Official) {
        return Err(AppError::Conflict("office-needs-official"));
    }
    let exists: i64 = office_members::table
        .filter(office_members::office_id.eq(office))
        .filter(office_members::user_id.eq(user))
        .count()
        .get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(office_members::table)
            .values((
                office_members::office_id.eq(office),
                office_members::user_id.eq(user),
                office_members::assigned_by.eq(actor),
                office_members::assigned_at.eq(now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub async fn assign_official(
    state: &Ports,
    actor: &CurrentUser,
    office: i64,
    user: i64,
) -> Result<(), AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    let aid = actor.id;
    state
        .db
        .transaction(move |conn| {
            offices::table
                .find(office)
                .select(offices::id)
                .first::<i64>(conn)?;
            active_target(conn, user)?;
            assign_official_unchecked(conn, Some(aid), office, user)
        })
        .await
}

/// Makes `office` the coordinating office (the one that receives proposals), or none:
/// at most one office is coordinating.
pub fn set_coordinating_office_unchecked(
    conn: &mut AnyConnection,
    office: Option<i64>,
) -> Result<(), AppError> {
    if let Some(o) = office {
        offices::table
            .find(o)
            .select(offices::id)
            .first::<i64>(conn)?;
    }
    diesel::update(offices::table.filter(offices::coordinating.eq(true)))
        .set(offices::coordinating.eq(false))
        .execute(conn)?;
    if let Some(o) = office {
        diesel::update(offices::table.find(o))
            .set(offices::coordinating.eq(true))
            .execute(conn)?;
    }
    Ok(())
}

/// An administrator sets the coordinating office (or clears it).
pub async fn set_coordinating_office(
    state: &Ports,
    actor: &CurrentUser,
    office: Option<i64>,
) -> Result<(), AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    state
        .db
        .transaction(move |conn| set_coordinating_office_unchecked(conn, office))
        .await
}

pub async fn remove_official(
    state: &Ports,
    actor: &CurrentUser,
    office: i64,
    user: i64,
) -> Result<(), AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    state
        .db
        .run(move |conn| {
            diesel::delete(
                office_members::table
                    .filter(office_members::office_id.eq(office))
                    .filter(office_members::user_id.eq(user)),
            )
            .execute(conn)?;
            Ok(())
        })
        .await
}

/// The official's own desk: their offices and colleagues.
pub async fn official_desk(state: &Ports, actor: &CurrentUser) -> Result<Vec<Office>, AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::UseOfficialDesk)?;
    let uid = actor.id;
    state
        .db
        .run(move |conn| {
            let all = list_offices_with_members(conn)?;
            Ok(all
                .into_iter()
                .filter(|o| o.members.iter().any(|(u, _)| *u == uid))
                .collect())
        })
        .await
}

/// What an office's translations form needs: its name and texts.
pub struct OfficeTexts {
    pub id: i64,
    pub name: String,
    pub texts: crate::kit::translations::Texts,
}

fn office_name(conn: &mut AnyConnection, id: i64) -> Result<String, AppError> {
    offices::table
        .find(id)
        .select(offices::name)
        .first::<String>(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

/// An office's name and its translations, for an admin.
pub async fn office_translations(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
) -> Result<OfficeTexts, AppError> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    state
        .db
        .run(move |conn| {
            Ok(OfficeTexts {
                id,
                name: office_name(conn, id)?,
                texts: crate::db::translations::texts_of(
                    conn,
                    crate::kit::translations::Subject::Office,
                    id,
                )?,
            })
        })
        .await
}

/// An admin adds, changes or removes a translation of an office's name, or says
/// which language it is in.
pub async fn translate_office(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
    change: Option<crate::kit::translations::Change>,
) -> Result<(), Refusal> {
    policy::may(&actor.who(), &Object::Platform, Action::Administer)?;
    let (uid, default, at) = (
        actor.id,
        state.config.default_language.code(),
        state.clock.now(),
    );
    state
        .db
        .try_transaction(move |conn| {
            office_name(conn, id)?;
            crate::db::translations::apply(
                conn,
                crate::kit::translations::Subject::Office,
                id,
                default,
                change.as_ref(),
                Some(uid),
                at,
            )?
            .map(|_| ())
            .map_err(Refusal::Form)
        })
        .await
}
