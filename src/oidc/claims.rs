//! The rules an ID token's and a logout token's claims must follow (OpenID Connect Core
//! 1.0 §3.1.3.7, Back-Channel Logout 1.0 §2.6), as plain functions over the claims of a
//! token whose signature has already been checked.

use serde_json::Value;

/// Clock skew allowed between Pactum and the provider, in seconds.
pub const SKEW_SECS: i64 = 120;
/// How old an ID token or logout token may be when it arrives, in seconds.
pub const MAX_AGE_SECS: i64 = 600;

/// Why a token or an answer of the provider was refused. Each has a message for the
/// person (`oidc-refused-<code>`) and goes to the log with its detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The provider could not be reached or answered with an error status.
    Unavailable,
    /// The provider said no (`error=access_denied` or another error at the callback).
    Denied,
    /// Something malformed: not JSON, not a JWT, a claim of the wrong type.
    Malformed,
    /// Signed with a key the provider does not publish.
    UnknownKey,
    /// A signature that does not verify, or an algorithm Pactum does not accept.
    BadSignature,
    Issuer,
    Audience,
    Expired,
    /// Issued in the future, or too long ago.
    IssuedAt,
    Nonce,
    /// A lower level of assurance than the city asks for.
    Acr,
    /// The `state` is unknown, used already, expired or from another browser.
    State,
    /// The provider refused the code (used already, or expired).
    Code,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Unavailable => "unavailable",
            Reason::Denied => "denied",
            Reason::Malformed => "malformed",
            Reason::UnknownKey => "unknown-key",
            Reason::BadSignature => "signature",
            Reason::Issuer => "issuer",
            Reason::Audience => "audience",
            Reason::Expired => "expired",
            Reason::IssuedAt => "issued-at",
            Reason::Nonce => "nonce",
            Reason::Acr => "acr",
            Reason::State => "state",
            Reason::Code => "code",
        }
    }

    pub const ALL: [Reason; 13] = [
        Reason::Unavailable,
        Reason::Denied,
        Reason::Malformed,
        Reason::UnknownKey,
        Reason::BadSignature,
        Reason::Issuer,
        Reason::Audience,
        Reason::Expired,
        Reason::IssuedAt,
        Reason::Nonce,
        Reason::Acr,
        Reason::State,
        Reason::Code,
    ];
}

/// A refusal with what the log should say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub reason: Reason,
    pub detail: String,
}

impl Refused {
    pub fn new(reason: Reason, detail: impl Into<String>) -> Refused {
        Refused {
            reason,
            detail: detail.into(),
        }
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.reason.code(), self.detail)
    }
}

/// What the relying party expects of a token.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// What Pactum keeps of a valid ID token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdToken {
    pub sub: String,
    pub sid: Option<String>,
    pub acr: Option<String>,
}

fn str_claim<'a>(c: &'a Value, name: &str) -> Result<Option<&'a str>, Refused> {
    match c.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Refused::new(
            Reason::Malformed,
            format!("{name} is not a string"),
        )),
    }
}

fn time_claim(c: &Value, name: &str) -> Result<Option<i64>, Refused> {
    match c.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .or_else(|| v.as_f64().map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| Refused::new(Reason::Malformed, format!("{name} is not a number"))),
    }
}

/// `iss`, `aud`, `azp`, `iat` and (when present or `need_exp`) `exp`: the checks both
/// token kinds share.
fn common(c: &Value, e: &Expected, need_exp: bool) -> Result<(), Refused> {
    let iss = str_claim(c, "iss")?.unwrap_or_default();
    if iss != e.issuer {
        return Err(Refused::new(
            Reason::Issuer,
            format!("iss {iss:?} is not {:?}", e.issuer),
        ));
    }
    let auds: Vec<&str> = match c.get("aud") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !auds.contains(&e.client_id) {
        return Err(Refused::new(Reason::Audience, format!("aud {auds:?}")));
    }
    let azp = str_claim(c, "azp")?;
    if (auds.len() > 1 && azp.is_none()) || azp.is_some_and(|a| a != e.client_id) {
        return Err(Refused::new(Reason::Audience, format!("azp {azp:?}")));
    }
    match time_claim(c, "exp")? {
        Some(exp) if e.now >= exp + SKEW_SECS => {
            return Err(Refused::new(
                Reason::Expired,
                format!("expired {}s ago", e.now - exp),
            ));
        }
        None if need_exp => return Err(Refused::new(Reason::Malformed, "no exp")),
        _ => {}
    }
    let iat = time_claim(c, "iat")?.ok_or_else(|| Refused::new(Reason::Malformed, "no iat"))?;
    if iat > e.now + SKEW_SECS || iat < e.now - MAX_AGE_SECS - SKEW_SECS {
        return Err(Refused::new(
            Reason::IssuedAt,
            format!("iat is {}s from now", iat - e.now),
        ));
    }
    Ok(())
}

/// Checks an ID token's claims: the common ones, then `nonce` and `acr` (one of
/// `acr_values` when the city asks for levels).
pub fn check_id_token(
    c: &Value,
    e: &Expected,
    nonce: &str,
    acr_values: &[String],
) -> Result<IdToken, Refused> {
    common(c, e, true)?;
    let got = str_claim(c, "nonce")?;
    if got != Some(nonce) {
        return Err(Refused::new(Reason::Nonce, "nonce does not match"));
    }
    let sub = str_claim(c, "sub")?
        .filter(|s| (1..=255).contains(&s.len()))
        .ok_or_else(|| Refused::new(Reason::Malformed, "no sub"))?;
    let acr = str_claim(c, "acr")?;
    if !acr_values.is_empty() && !acr.is_some_and(|a| acr_values.iter().any(|v| v == a)) {
        return Err(Refused::new(
            Reason::Acr,
            format!("acr {acr:?}, accepted {acr_values:?}"),
        ));
    }
    Ok(IdToken {
        sub: sub.to_string(),
        sid: str_claim(c, "sid")?.map(str::to_string),
        acr: acr.map(str::to_string),
    })
}

/// The event a back-channel logout token must carry.
pub const LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

/// Whom a logout token signs out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logout {
    pub sub: Option<String>,
    pub sid: Option<String>,
}

/// Checks a back-channel logout token's claims.
pub fn check_logout_token(c: &Value, e: &Expected) -> Result<Logout, Refused> {
    common(c, e, false)?;
    if c.get("nonce").is_some() {
        return Err(Refused::new(
            Reason::Malformed,
            "a logout token has no nonce",
        ));
    }
    if !c
        .get("events")
        .and_then(|ev| ev.get(LOGOUT_EVENT))
        .is_some_and(Value::is_object)
    {
        return Err(Refused::new(
            Reason::Malformed,
            "no back-channel logout event",
        ));
    }
    if str_claim(c, "jti")?.is_none() {
        return Err(Refused::new(Reason::Malformed, "no jti"));
    }
    let sub = str_claim(c, "sub")?.map(str::to_string);
    let sid = str_claim(c, "sid")?.map(str::to_string);
    if sub.is_none() && sid.is_none() {
        return Err(Refused::new(Reason::Malformed, "neither sub nor sid"));
    }
    Ok(Logout { sub, sid })
}

/// The values of a claim that lists groups: an array of strings, or one string.
pub fn claim_values(c: &Value, name: &str) -> Vec<String> {
    match c.get(name) {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .take(1000)
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_800_000_000;

    fn e() -> Expected<'static> {
        Expected {
            issuer: "https://id.example",
            client_id: "pactum",
            now: NOW,
        }
    }

    fn token() -> Value {
        json!({"iss": "https://id.example", "aud": "pactum", "sub": "alice", "nonce": "n1",
               "iat": NOW - 5, "exp": NOW + 300, "acr": "substantial", "sid": "s1"})
    }

    fn with(k: &str, v: Value) -> Value {
        let mut t = token();
        t[k] = v;
        t
    }

    fn without(k: &str) -> Value {
        let mut t = token();
        t.as_object_mut().unwrap().remove(k);
        t
    }

    fn reason(c: &Value) -> Reason {
        check_id_token(c, &e(), "n1", &["substantial".into(), "high".into()])
            .unwrap_err()
            .reason
    }

    #[test]
    fn a_good_id_token_gives_its_subject_session_and_level() {
        let t = check_id_token(&token(), &e(), "n1", &["substantial".into()]).unwrap();
        assert_eq!(t.sub, "alice");
        assert_eq!(t.sid.as_deref(), Some("s1"));
        assert_eq!(t.acr.as_deref(), Some("substantial"));
    }

    #[test]
    fn each_claim_that_is_wrong_is_refused_for_its_own_reason() {
        assert_eq!(
            reason(&with("iss", json!("https://evil.example"))),
            Reason::Issuer
        );
        assert_eq!(reason(&without("iss")), Reason::Issuer);
        assert_eq!(reason(&with("aud", json!("other"))), Reason::Audience);
        assert_eq!(
            reason(&with("aud", json!(["pactum", "other"]))),
            Reason::Audience,
            "no azp"
        );
        assert!(
            check_id_token(
                &{
                    let mut t = with("aud", json!(["pactum", "other"]));
                    t["azp"] = json!("pactum");
                    t
                },
                &e(),
                "n1",
                &[]
            )
            .is_ok()
        );
        assert_eq!(reason(&with("azp", json!("other"))), Reason::Audience);
        assert_eq!(
            reason(&with("exp", json!(NOW - SKEW_SECS))),
            Reason::Expired
        );
        assert_eq!(reason(&without("exp")), Reason::Malformed);
        assert_eq!(
            reason(&with("iat", json!(NOW + SKEW_SECS + 1))),
            Reason::IssuedAt
        );
        assert_eq!(reason(&with("iat", json!(NOW - 3600))), Reason::IssuedAt);
        assert_eq!(reason(&with("nonce", json!("n2"))), Reason::Nonce);
        assert_eq!(reason(&without("nonce")), Reason::Nonce);
        assert_eq!(reason(&with("acr", json!("low"))), Reason::Acr);
        assert_eq!(reason(&without("acr")), Reason::Acr);
        assert_eq!(reason(&with("sub", json!(""))), Reason::Malformed);
        assert_eq!(reason(&with("sub", json!(7))), Reason::Malformed);
    }

    #[test]
    fn skew_is_tolerated_up_to_two_minutes() {
        assert!(check_id_token(&with("exp", json!(NOW - SKEW_SECS + 1)), &e(), "n1", &[]).is_ok());
        assert!(check_id_token(&with("iat", json!(NOW + SKEW_SECS)), &e(), "n1", &[]).is_ok());
    }

    #[test]
    fn without_levels_asked_any_acr_is_accepted() {
        assert!(check_id_token(&without("acr"), &e(), "n1", &[]).is_ok());
    }

    #[test]
    fn logout_tokens() {
        let good = json!({"iss": "https://id.example", "aud": "pactum", "iat": NOW, "jti": "j",
                          "sid": "s1", "events": {LOGOUT_EVENT: {}}});
        assert_eq!(
            check_logout_token(&good, &e()).unwrap(),
            Logout {
                sub: None,
                sid: Some("s1".into())
            }
        );
        let mut with_nonce = good.clone();
        with_nonce["nonce"] = json!("n");
        assert!(check_logout_token(&with_nonce, &e()).is_err());
        let mut no_event = good.clone();
        no_event["events"] = json!({});
        assert!(check_logout_token(&no_event, &e()).is_err());
        let mut nobody = good.clone();
        nobody.as_object_mut().unwrap().remove("sid");
        assert!(check_logout_token(&nobody, &e()).is_err());
        let mut foreign = good;
        foreign["aud"] = json!("other");
        assert_eq!(
            check_logout_token(&foreign, &e()).unwrap_err().reason,
            Reason::Audience
        );
    }

    #[test]
    fn group_claims_are_a_list_or_one_value() {
        assert_eq!(claim_values(&json!({"g": ["a", 1, "b"]}), "g"), ["a", "b"]);
        assert_eq!(claim_values(&json!({"g": "a"}), "g"), ["a"]);
        assert!(claim_values(&json!({}), "g").is_empty());
    }
}
