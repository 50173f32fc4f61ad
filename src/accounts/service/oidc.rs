//! Signing in with the city's identity provider (OpenID Connect): starting a sign-in
//! or a link, the callback (one use per `state`), linking to an existing account with
//! its password (never silently), unlinking, the provider's offices, and both ways of
//! signing out at the provider (RP-initiated and back-channel).
//!
//! The protocol is `crate::oidc`'s; what its answers mean for people is decided here.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::*;
use crate::accounts::policy;
use crate::db::schema::{
    offices, oidc_office_grants, oidc_requests, oidc_sessions, sessions, user_identities,
};
use crate::oidc::claims::{self, Expected};
use crate::oidc::{Provider, Reason, Refused};
use crate::web::rate_limit::Limit;

/// Sign-ins started (and callbacks) from one client.
pub const OIDC_PER_IP: Limit = Limit::new(30, 900);
/// Back-channel logout calls from one client.
pub const BACKCHANNEL_PER_IP: Limit = Limit::new(120, 60);
/// How long an authorization request (its `state`) waits for its callback, minutes.
pub const REQUEST_MINUTES: i64 = 10;

/// Where the provider sends the browser back.
pub const CALLBACK_PATH: &str = "/oidc/callback";

fn provider(state: &Ports) -> Result<Arc<Provider>, AppError> {
    state.oidc.clone().ok_or(AppError::NotFound)
}

fn unix(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

/// A sign-in (or link) on its way to the provider.
pub struct Begun {
    /// Where to send the browser.
    pub url: String,
    /// The `state`, for the browser's cookie session: the callback must come back to
    /// the same browser.
    pub state: String,
}

/// Starts a sign-in, or a link of the provider to `link_for`'s account.
pub async fn oidc_begin(
    state: &Ports,
    ip: &str,
    next: Option<String>,
    link_for: Option<&CurrentUser>,
) -> Result<Result<Begun, Refused>, AppError> {
    let p = provider(state)?;
    limited(state, &format!("oidc-ip:{ip}"), OIDC_PER_IP).await?;
    let redirect = state.config.absolute_url(CALLBACK_PATH);
    let t = state.clock.now();
    let auth = match p.blocking(move |p| p.authorize(&redirect, unix(t))).await {
        Ok(a) => a,
        Err(r) => return Ok(Err(r)),
    };
    let link = link_for.map(|u| u.id);
    let row_state = auth.state.clone();
    state
        .db
        .run(move |conn| {
            // Requests never answered are swept here, bounded by the index on time.
            diesel::delete(
                oidc_requests::table
                    .filter(oidc_requests::created_at.lt(t - chrono::Duration::hours(1))),
            )
            .execute(conn)?;
            diesel::insert_into(oidc_requests::table)
                .values((
                    oidc_requests::state_hash.eq(crate::util::sha256_hex(row_state.as_bytes())),
                    oidc_requests::nonce.eq(&auth.nonce),
                    oidc_requests::pkce_verifier.eq(&auth.pkce_verifier),
                    oidc_requests::next_path.eq(next),
                    oidc_requests::link_user_id.eq(link),
                    oidc_requests::created_at.eq(t),
                ))
                .execute(conn)?;
            Ok(())
        })
        .await?;
    Ok(Ok(Begun {
        url: auth.url.to_string(),
        state: auth.state,
    }))
}

/// What the provider's redirect carries.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// What a callback leads to.
#[derive(Debug)]
pub enum OidcOutcome {
    /// Signed in: the session token for the cookie, and where to go.
    SignedIn {
        session_token: String,
        next: Option<String>,
    },
    /// The provider was linked to the signed-in account.
    Linked,
    /// The e-mail belongs to an existing account: its password is needed once.
    NeedsPassword {
        email: String,
    },
    /// The provider identity is already linked to another account.
    LinkedElsewhere,
    Refused(Refused),
}

/// A verified provider identity, as the callback leaves it (and as a pending link
/// keeps it).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Verified {
    issuer: String,
    /// `sub`, or the keyed hash of the resident id.
    subject: String,
    sub: String,
    sid: Option<String>,
    id_token: String,
    email: Option<String>,
    email_verified: bool,
    name: Option<String>,
    groups: Vec<String>,
    resident: bool,
}

struct RequestRow {
    nonce: String,
    verifier: String,
    next: Option<String>,
    link_user: Option<i64>,
}

/// Takes the request of `state` once: unknown, used, expired or another browser's
/// `state` gives `None`.
fn take_request(
    conn: &mut AnyConnection,
    state_param: &str,
    now: NaiveDateTime,
) -> Result<Option<RequestRow>, AppError> {
    let hash = crate::util::sha256_hex(state_param.as_bytes());
    let fresh = now - chrono::Duration::minutes(REQUEST_MINUTES);
    let n = diesel::update(
        oidc_requests::table
            .filter(oidc_requests::state_hash.eq(&hash))
            .filter(oidc_requests::used_at.is_null())
            .filter(oidc_requests::created_at.gt(fresh)),
    )
    .set(oidc_requests::used_at.eq(Some(now)))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    let (nonce, verifier, next, link_user) = oidc_requests::table
        .filter(oidc_requests::state_hash.eq(&hash))
        .select((
            oidc_requests::nonce,
            oidc_requests::pkce_verifier,
            oidc_requests::next_path,
            oidc_requests::link_user_id,
        ))
        .first::<(String, String, Option<String>, Option<i64>)>(conn)?;
    Ok(Some(RequestRow {
        nonce,
        verifier,
        next,
        link_user,
    }))
}

/// The callback: checks `state` against the browser's, takes the request once,
/// exchanges the code and checks every token, then signs in, links, or asks for a
/// password. `browser_state` is the `state` the browser's cookie session holds.
pub async fn oidc_finish(
    state: &Ports,
    ip: &str,
    cb: Callback,
    browser_state: Option<String>,
    current: Option<&CurrentUser>,
    lang: Lang,
) -> Result<OidcOutcome, AppError> {
    let p = provider(state)?;
    limited(state, &format!("oidc-ip:{ip}"), OIDC_PER_IP).await?;
    let refused = |r: Reason, d: &str| Ok(OidcOutcome::Refused(Refused::new(r, d)));
    let Some(st) = cb.state.clone().filter(|s| s.len() <= 200) else {
        return refused(Reason::State, "no state");
    };
    if browser_state.as_deref() != Some(st.as_str()) {
        return refused(Reason::State, "state is not this browser's");
    }
    let t = state.clock.now();
    let st2 = st.clone();
    let Some(req) = state
        .db
        .run(move |conn| take_request(conn, &st2, t))
        .await?
    else {
        return refused(Reason::State, "state unknown, used or expired");
    };
    if let Some(e) = &cb.error {
        // What the provider (or whoever made the link) wrote goes to the log: printable
        // and short, so it cannot forge log lines.
        let d = cb.error_description.as_deref().unwrap_or_default();
        let text: String = format!("{e} {d}")
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(200)
            .collect();
        return refused(Reason::Denied, &text);
    }
    let Some(code) = cb.code.filter(|c| (1..=2000).contains(&c.len())) else {
        return refused(Reason::Malformed, "no code");
    };
    if req.link_user.is_some() && req.link_user != current.map(|u| u.id) {
        return refused(Reason::State, "a link started by another account");
    }
    let redirect = state.config.absolute_url(CALLBACK_PATH);
    let now = unix(t);
    let verified = p
        .blocking(move |p| verify_callback(p, &code, &req.verifier, &redirect, &req.nonce, now))
        .await;
    let verified = match verified {
        Ok(v) => v,
        Err(r) => return Ok(OidcOutcome::Refused(r)),
    };
    let settings = p.settings.clone();
    let next = req.next;
    let link_user = req.link_user;
    state
        .db
        .transaction(move |conn| {
            let mut verified = verified;
            let existing = identity_owner(conn, &verified)?;
            if let Some(uid) = link_user {
                return match existing {
                    Some((_, owner)) if owner != uid => Ok(OidcOutcome::LinkedElsewhere),
                    Some(_) => Ok(OidcOutcome::Linked),
                    None => {
                        add_identity(conn, uid, &verified, t)?;
                        apply_offices(conn, uid, &verified, &settings)?;
                        Ok(OidcOutcome::Linked)
                    }
                };
            }
            let (identity, uid) = match existing {
                Some(found) => {
                    diesel::update(user_identities::table.find(found.0))
                        .set((
                            user_identities::last_signed_in_at.eq(t),
                            user_identities::resident_verified.eq(verified.resident),
                        ))
                        .execute(conn)?;
                    found
                }
                None => {
                    let taken = match &verified.email {
                        Some(e) => models::find_active_by_email(conn, e)?,
                        None => None,
                    };
                    // An address the provider has not verified proves nothing: it
                    // neither links to nor reveals the account that has it, and the
                    // new account starts without it.
                    if taken.is_some() && !verified.email_verified {
                        verified.email = None;
                    }
                    if let Some(owner) = taken.filter(|_| verified.email.is_some()) {
                        let pending = serde_json::to_string(&verified)
                            .map_err(|e| AppError::internal(e.to_string()))?;
                        diesel::update(oidc_requests::table.filter(
                            oidc_requests::state_hash.eq(crate::util::sha256_hex(st.as_bytes())),
                        ))
                        .set(oidc_requests::pending_link.eq(Some(pending)))
                        .execute(conn)?;
                        return Ok(OidcOutcome::NeedsPassword {
                            email: owner.email.unwrap_or_default(),
                        });
                    }
                    let uid = create_account(conn, &verified, lang, t)?;
                    (add_identity(conn, uid, &verified, t)?, uid)
                }
            };
            apply_offices(conn, uid, &verified, &settings)?;
            let session_token = start_provider_session(conn, uid, identity, &verified, t)?;
            Ok(OidcOutcome::SignedIn {
                session_token,
                next,
            })
        })
        .await
}

/// The blocking part of the callback: code exchange, ID token, userinfo.
fn verify_callback(
    p: &Provider,
    code: &str,
    verifier: &str,
    redirect: &str,
    nonce: &str,
    now: i64,
) -> Result<Verified, Refused> {
    let tokens = p.exchange(code, verifier, redirect, now)?;
    let id_claims = p.verify(&tokens.id_token)?;
    let issuer = p.issuer()?;
    let s = &p.settings;
    let expected = Expected {
        issuer: &issuer,
        client_id: &s.client_id,
        now,
    };
    let id = claims::check_id_token(&id_claims, &expected, nonce, &s.acr_values)?;
    let info = p.userinfo(&tokens.access_token, &id.sub)?;
    // Userinfo first, the ID token where userinfo is silent.
    let claim = |name: &str| -> Option<&Value> {
        info.get(name)
            .filter(|v| !v.is_null())
            .or_else(|| id_claims.get(name).filter(|v| !v.is_null()))
    };
    let text = |name: &str| {
        claim(name)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let email = text("email").and_then(|e| crate::accounts::validate::EmailAddress::parse(e).ok());
    let email_verified = matches!(claim("email_verified"), Some(Value::Bool(true)))
        || matches!(claim("email_verified"), Some(Value::String(v)) if v == "true");
    let name = text("name")
        .map(str::to_string)
        .or_else(|| {
            let given = text("given_name").unwrap_or_default();
            let family = text("family_name").unwrap_or_default();
            let full = format!("{given} {family}").trim().to_string();
            (!full.is_empty()).then_some(full)
        })
        .and_then(|n| crate::accounts::validate::DisplayName::parse(&n).ok())
        .map(|n| n.as_str().to_string());
    let subject = match &s.resident_claim {
        Some(c) => match text(c) {
            Some(v) if v.len() <= 200 => p.resident_hash(v),
            _ => {
                return Err(Refused::new(
                    Reason::Malformed,
                    format!("no resident id in the claim {c}"),
                ));
            }
        },
        None => id.sub.clone(),
    };
    let groups = match &s.office_claim {
        Some(c) => {
            let mut all = claims::claim_values(&info, c);
            all.extend(claims::claim_values(&id_claims, c));
            all.sort();
            all.dedup();
            all
        }
        None => Vec::new(),
    };
    Ok(Verified {
        issuer,
        subject,
        sub: id.sub,
        sid: id.sid,
        id_token: tokens.id_token,
        email: email.map(|e| e.as_str().to_string()),
        email_verified,
        name,
        groups,
        resident: s.verified_residents,
    })
}

/// The identity's row and its account, when the identity is linked to an active one.
fn identity_owner(conn: &mut AnyConnection, v: &Verified) -> Result<Option<(i64, i64)>, AppError> {
    let row: Option<(i64, i64, Option<NaiveDateTime>)> = user_identities::table
        .inner_join(users::table)
        .filter(user_identities::issuer.eq(&v.issuer))
        .filter(user_identities::subject.eq(&v.subject))
        .select((user_identities::id, users::id, users::deleted_at))
        .first(conn)
        .optional()?;
    match row {
        Some((id, uid, None)) => Ok(Some((id, uid))),
        // An erased account's link goes with it: the person starts afresh.
        Some((id, _, Some(_))) => {
            diesel::delete(user_identities::table.find(id)).execute(conn)?;
            Ok(None)
        }
        None => Ok(None),
    }
}

fn add_identity(
    conn: &mut AnyConnection,
    uid: i64,
    v: &Verified,
    t: NaiveDateTime,
) -> Result<i64, AppError> {
    Ok(diesel::insert_into(user_identities::table)
        .values((
            user_identities::user_id.eq(uid),
            user_identities::issuer.eq(&v.issuer),
            user_identities::subject.eq(&v.subject),
            user_identities::resident_verified.eq(v.resident),
            user_identities::created_at.eq(t),
            user_identities::last_signed_in_at.eq(t),
        ))
        .returning(user_identities::id)
        .get_result(conn)?)
}

/// A new account for a provider identity: no password; its e-mail verified when the
/// provider asserts it (then, as for every verified person, the citizen role).
fn create_account(
    conn: &mut AnyConnection,
    v: &Verified,
    lang: Lang,
    t: NaiveDateTime,
) -> Result<i64, AppError> {
    let verified_at = (v.email.is_some() && v.email_verified).then_some(t);
    let name = v.name.clone().unwrap_or_else(|| "—".to_string());
    let uid: i64 = diesel::insert_into(users::table)
        .values((
            users::pseudonym.eq(models::new_pseudonym()),
            users::email.eq(v.email.as_deref()),
            users::display_name.eq(name),
            users::password_hash.eq(None::<String>),
            users::language.eq(lang.code()),
            users::email_verified_at.eq(verified_at),
            users::created_at.eq(t),
        ))
        .returning(users::id)
        .get_result(conn)?;
    if verified_at.is_some() || v.resident {
        crate::accounts::admin::grant_role_unchecked(conn, None, uid, Role::Citizen)?;
    }
    Ok(uid)
}

/// Starts a Pactum session (like a password sign-in) and remembers what the provider
/// needs to end it.
fn start_provider_session(
    conn: &mut AnyConnection,
    uid: i64,
    identity: i64,
    v: &Verified,
    t: NaiveDateTime,
) -> Result<String, AppError> {
    let (sid, token) = crate::accounts::sessions::start(conn, uid, t)?;
    diesel::insert_into(oidc_sessions::table)
        .values((
            oidc_sessions::session_id.eq(sid),
            oidc_sessions::identity_id.eq(identity),
            oidc_sessions::provider_sub.eq(&v.sub),
            oidc_sessions::provider_sid.eq(v.sid.as_deref()),
            oidc_sessions::id_token.eq(&v.id_token),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The offices the provider's claim makes the person an official of: granted when the
/// claim holds a configured value, taken back when it no longer does. Only what the
/// provider granted is taken back; every change is audited and on the ledger.
fn apply_offices(
    conn: &mut AnyConnection,
    uid: i64,
    v: &Verified,
    s: &crate::oidc::settings::Settings,
) -> Result<(), AppError> {
    if s.office_claim.is_none() {
        return Ok(());
    }
    let slugs: Vec<&str> = s
        .offices
        .iter()
        .filter(|(value, _)| v.groups.contains(value))
        .map(|(_, slug)| slug.as_str())
        .collect();
    let wanted: Vec<i64> = if slugs.is_empty() {
        Vec::new()
    } else {
        offices::table
            .filter(offices::slug.eq_any(&slugs))
            .select(offices::id)
            .load(conn)?
    };
    if wanted.len() < slugs.len() {
        tracing::warn!(
            ?slugs,
            "PACTUM_OIDC_OFFICES names an office that does not exist"
        );
    }
    let held: Vec<(i64, bool)> = oidc_office_grants::table
        .filter(oidc_office_grants::user_id.eq(uid))
        .select((
            oidc_office_grants::office_id,
            oidc_office_grants::role_granted,
        ))
        .load(conn)?;
    let t = now();
    for office in wanted.iter().filter(|o| !held.iter().any(|(h, _)| h == *o)) {
        let role_granted =
            crate::accounts::admin::grant_role_unchecked(conn, None, uid, Role::Official)?;
        crate::accounts::admin::assign_official_unchecked(conn, None, *office, uid)?;
        diesel::insert_into(oidc_office_grants::table)
            .values((
                oidc_office_grants::user_id.eq(uid),
                oidc_office_grants::office_id.eq(office),
                oidc_office_grants::role_granted.eq(role_granted),
                oidc_office_grants::granted_at.eq(t),
            ))
            .execute(conn)?;
    }
    let gone: Vec<&(i64, bool)> = held.iter().filter(|(h, _)| !wanted.contains(h)).collect();
    if gone.is_empty() {
        return Ok(());
    }
    for (office, _) in &gone {
        diesel::delete(
            office_members::table
                .filter(office_members::office_id.eq(office))
                .filter(office_members::user_id.eq(uid)),
        )
        .execute(conn)?;
        diesel::delete(
            oidc_office_grants::table
                .filter(oidc_office_grants::user_id.eq(uid))
                .filter(oidc_office_grants::office_id.eq(office)),
        )
        .execute(conn)?;
    }
    let role_was_providers = held.iter().any(|(_, granted)| *granted);
    let offices_left: i64 = office_members::table
        .filter(office_members::user_id.eq(uid))
        .count()
        .get_result(conn)?;
    if role_was_providers && offices_left == 0 {
        crate::accounts::admin::revoke_role_unchecked(conn, None, uid, Role::Official)?;
    }
    Ok(())
}

/// The e-mail of the account a pending link waits for (for the password page).
pub async fn oidc_pending_link(
    state: &Ports,
    browser_state: Option<String>,
) -> Result<Option<String>, AppError> {
    provider(state)?;
    let Some(st) = browser_state else {
        return Ok(None);
    };
    let t = state.clock.now();
    state
        .db
        .run(move |conn| {
            Ok(pending(conn, &st, t)?.and_then(|v| v.email).filter(|e| {
                models::find_active_by_email(conn, e)
                    .ok()
                    .flatten()
                    .is_some()
            }))
        })
        .await
}

fn pending(
    conn: &mut AnyConnection,
    st: &str,
    t: NaiveDateTime,
) -> Result<Option<Verified>, AppError> {
    let row: Option<Option<String>> = oidc_requests::table
        .filter(oidc_requests::state_hash.eq(crate::util::sha256_hex(st.as_bytes())))
        .filter(oidc_requests::created_at.gt(t - chrono::Duration::minutes(REQUEST_MINUTES)))
        .select(oidc_requests::pending_link)
        .first(conn)
        .optional()?;
    Ok(row.flatten().and_then(|j| serde_json::from_str(&j).ok()))
}

/// Links a pending provider identity to the account its e-mail names, once that
/// account's password is given, and signs in. `Ok(None)`: wrong password (or nothing
/// pending).
pub async fn oidc_confirm_link(
    state: &Ports,
    ip: &str,
    browser_state: Option<String>,
    pw: &str,
) -> Result<Option<String>, AppError> {
    let p = provider(state)?;
    let Some(st) = browser_state else {
        return Ok(None);
    };
    let t = state.clock.now();
    let st2 = st.clone();
    let Some(v) = state.db.run(move |conn| pending(conn, &st2, t)).await? else {
        return Ok(None);
    };
    let Some(email) = v.email.clone() else {
        return Ok(None);
    };
    // The same limits and the same answer as the password sign-in.
    let Some(uid) = check_credentials(state, ip, &email, pw).await? else {
        return Ok(None);
    };
    let settings = p.settings.clone();
    state
        .db
        .transaction(move |conn| {
            let hash = crate::util::sha256_hex(st.as_bytes());
            let n = diesel::update(
                oidc_requests::table
                    .filter(oidc_requests::state_hash.eq(&hash))
                    .filter(oidc_requests::pending_link.is_not_null()),
            )
            .set(oidc_requests::pending_link.eq(None::<String>))
            .execute(conn)?;
            if n == 0 {
                return Ok(None);
            }
            let identity = match identity_owner(conn, &v)? {
                Some((id, owner)) if owner == uid => id,
                Some(_) => return Ok(None),
                None => add_identity(conn, uid, &v, t)?,
            };
            if v.email_verified {
                mark_verified(conn, uid)?;
            }
            apply_offices(conn, uid, &v, &settings)?;
            Ok(Some(start_provider_session(conn, uid, identity, &v, t)?))
        })
        .await
}

/// One of the account's links to a provider, for the account page.
#[derive(Debug, Clone)]
pub struct LinkedIdentity {
    pub id: i64,
    pub issuer: String,
    pub resident_verified: bool,
    pub created_at: NaiveDateTime,
    pub last_signed_in_at: NaiveDateTime,
}

/// The account's links, and whether it has a password.
pub async fn linked_identities(
    state: &Ports,
    actor: &CurrentUser,
) -> Result<(Vec<LinkedIdentity>, bool), AppError> {
    let uid = actor.id;
    state
        .db
        .run(move |conn| {
            let rows: Vec<(i64, String, bool, NaiveDateTime, NaiveDateTime)> =
                user_identities::table
                    .filter(user_identities::user_id.eq(uid))
                    .order(user_identities::id)
                    .select((
                        user_identities::id,
                        user_identities::issuer,
                        user_identities::resident_verified,
                        user_identities::created_at,
                        user_identities::last_signed_in_at,
                    ))
                    .load(conn)?;
            let has_password = users::table
                .find(uid)
                .select(users::password_hash)
                .first::<Option<String>>(conn)?
                .is_some();
            Ok((
                rows.into_iter()
                    .map(
                        |(id, issuer, resident_verified, created_at, last_signed_in_at)| {
                            LinkedIdentity {
                                id,
                                issuer,
                                resident_verified,
                                created_at,
                                last_signed_in_at,
                            }
                        },
                    )
                    .collect(),
                has_password,
            ))
        })
        .await
}

/// Unlinks one of the actor's identities, while another way to sign in remains (a
/// password or another link). Another person's identity is not found (404).
pub async fn oidc_unlink(
    state: &Ports,
    actor: &CurrentUser,
    identity: i64,
) -> Result<(), AppError> {
    let uid = actor.id;
    let who = actor.who();
    state
        .db
        .transaction(move |conn| {
            let owner: i64 = user_identities::table
                .find(identity)
                .select(user_identities::user_id)
                .first(conn)
                .optional()?
                .ok_or(AppError::NotFound)?;
            let others: i64 = user_identities::table
                .filter(user_identities::user_id.eq(uid))
                .filter(user_identities::id.ne(identity))
                .count()
                .get_result(conn)?;
            let has_password = users::table
                .find(uid)
                .select(users::password_hash)
                .first::<Option<String>>(conn)?
                .is_some();
            policy::may(
                &who,
                &policy::Object::Identity {
                    owner,
                    other_ways: others + i64::from(has_password),
                },
                policy::Action::Unlink,
            )
            .map_err(|_| {
                if owner == uid {
                    AppError::Conflict("oidc-unlink-last-way")
                } else {
                    AppError::NotFound
                }
            })?;
            diesel::delete(user_identities::table.find(identity)).execute(conn)?;
            Ok(())
        })
        .await
}

/// Where to send the browser after signing out, to end the provider's session too:
/// the provider's end-session URL when this session came from it.
pub async fn oidc_logout_url(
    state: &Ports,
    session_token: &str,
) -> Result<Option<String>, AppError> {
    let Some(p) = state.oidc.clone() else {
        return Ok(None);
    };
    let hash = crate::util::sha256_hex(session_token.as_bytes());
    let hint: Option<String> = state
        .db
        .run(move |conn| {
            Ok(oidc_sessions::table
                .inner_join(sessions::table)
                .filter(sessions::token_hash.eq(hash))
                .select(oidc_sessions::id_token)
                .first(conn)
                .optional()?)
        })
        .await?;
    let back = state.config.absolute_url("/");
    Ok(hint.and_then(|h| p.end_session_url(&h, &back).map(|u| u.to_string())))
}

/// The provider's back-channel logout: a signed logout token ends the Pactum sessions
/// of the provider session it names (`sid`), or all of the person's provider sessions
/// (`sub`). Gives how many ended.
pub async fn oidc_backchannel_logout(
    state: &Ports,
    ip: &str,
    logout_token: String,
) -> Result<Result<usize, Refused>, AppError> {
    let p = provider(state)?;
    limited(state, &format!("oidc-backchannel:{ip}"), BACKCHANNEL_PER_IP).await?;
    let now = unix(state.clock.now());
    let checked = p
        .blocking(move |p| {
            let c = p.verify(&logout_token)?;
            let issuer = p.issuer()?;
            let e = Expected {
                issuer: &issuer,
                client_id: &p.settings.client_id,
                now,
            };
            Ok((issuer.clone(), claims::check_logout_token(&c, &e)?))
        })
        .await;
    let (issuer, logout) = match checked {
        Ok(x) => x,
        Err(r) => return Ok(Err(r)),
    };
    state
        .db
        .transaction(move |conn| {
            let mut q = oidc_sessions::table
                .inner_join(user_identities::table)
                .filter(user_identities::issuer.eq(issuer))
                .select(oidc_sessions::session_id)
                .into_boxed();
            if let Some(sid) = &logout.sid {
                q = q.filter(oidc_sessions::provider_sid.eq(sid.clone()));
            }
            if let Some(sub) = &logout.sub {
                q = q.filter(oidc_sessions::provider_sub.eq(sub.clone()));
            }
            let ids: Vec<i64> = q.limit(1000).load(conn)?;
            Ok(Ok(diesel::delete(
                sessions::table.filter(sessions::id.eq_any(ids)),
            )
            .execute(conn)?))
        })
        .await
}
