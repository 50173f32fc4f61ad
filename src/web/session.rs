//! What Pactum keeps in the (signed and encrypted) session cookie, and flash messages.
//! A signed-in cookie carries a session token whose record lives in the database
//! (`accounts::sessions`): the cookie alone never proves a sign-in.

use actix_session::Session;

pub const SESSION_TOKEN: &str = "sid";
pub const CSRF: &str = "csrf";
pub const FLASH: &str = "flash";
pub const LANG: &str = "lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FlashLevel {
    Success,
    Info,
    Error,
}

impl FlashLevel {
    pub fn css(self) -> &'static str {
        match self {
            FlashLevel::Success => "success",
            FlashLevel::Info => "info",
            FlashLevel::Error => "error",
        }
    }
}

/// A message shown once on the next page; `key` is a translation key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Flash {
    pub level: FlashLevel,
    pub key: String,
}

pub fn push_flash(session: &Session, level: FlashLevel, key: &str) {
    let mut list: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
    list.push(Flash {
        level,
        key: key.to_string(),
    });
    if let Err(e) = session.insert(FLASH, list) {
        tracing::warn!("cannot store flash message: {e}");
    }
}

pub fn take_flashes(session: &Session) -> Vec<Flash> {
    let list: Vec<Flash> = session.get(FLASH).ok().flatten().unwrap_or_default();
    if !list.is_empty() {
        session.remove(FLASH);
    }
    list
}

/// The session's CSRF token, created on first use.
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(CSRF) {
        return t;
    }
    let t = crate::util::random_token();
    if let Err(e) = session.insert(CSRF, &t) {
        tracing::warn!("cannot store CSRF token: {e}");
    }
    t
}

/// The token as written into a page: a fresh random pad and the token XOR the pad, so
/// compressed responses never repeat the secret (BREACH) while it stays the same for
/// the session.
pub fn mask_token(token: &str) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let Ok(raw) = b64.decode(token) else {
        return String::new();
    };
    let pad = crate::util::random_bytes::<32>();
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&pad);
    out.extend(raw.iter().zip(pad.iter().cycle()).map(|(t, p)| t ^ p));
    b64.encode(out)
}

/// The session token behind a masked one (`None` if it is not a masked token).
pub fn unmask_token(masked: &str) -> Option<String> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let bytes = b64.decode(masked.trim()).ok()?;
    if bytes.len() != 64 {
        return None;
    }
    let (pad, body) = bytes.split_at(32);
    let raw: Vec<u8> = body.iter().zip(pad).map(|(b, p)| b ^ p).collect();
    Some(b64.encode(raw))
}

/// Signs a user in: a fresh cookie session (no fixation) carrying the server-side
/// session's token, and a new CSRF token.
pub fn sign_in(session: &Session, token: &str) -> Result<(), actix_session::SessionInsertError> {
    let lang: Option<String> = session.get(LANG).ok().flatten();
    // Same state cleared and a new session identity (purge() would drop the inserts).
    session.clear();
    session.renew();
    session.insert(SESSION_TOKEN, token)?;
    session.insert(CSRF, crate::util::random_token())?;
    if let Some(l) = lang {
        session.insert(LANG, l)?;
    }
    Ok(())
}

/// Signs out: a fresh cookie session with nothing of the old one but the language
/// chosen (the server-side session is ended by the caller). Flash messages pushed
/// afterwards are shown on the next page (`purge()` would drop them).
pub fn sign_out(session: &Session) {
    let lang: Option<String> = session.get(LANG).ok().flatten();
    session.clear();
    session.renew();
    if let Some(l) = lang
        && let Err(e) = session.insert(LANG, l)
    {
        tracing::warn!("cannot keep the language across sign-out: {e}");
    }
}

/// The server-side session token the cookie carries, if any.
pub fn session_token(session: &Session) -> Option<String> {
    session.get::<String>(SESSION_TOKEN).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_tokens_differ_each_time_and_unmask_to_the_token() {
        let t = crate::util::random_token();
        let (a, b) = (mask_token(&t), mask_token(&t));
        assert_ne!(a, b);
        assert_eq!(unmask_token(&a).as_deref(), Some(t.as_str()));
        assert_eq!(unmask_token(&b).as_deref(), Some(t.as_str()));
        assert_eq!(
            unmask_token(&t),
            None,
            "a bare token is not accepted as masked"
        );
        assert_eq!(unmask_token("!!"), None);
    }
}
