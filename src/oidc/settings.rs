//! `PACTUM_OIDC_*`: the city's identity provider as configured, checked at start. Each
//! bad value is refused with one line naming its variable; without `PACTUM_OIDC_ISSUER`
//! (and no other `PACTUM_OIDC_*`), there is no provider and sign-in is by password only.

use std::collections::HashMap;

use super::keys::ClientKey;

/// How Pactum authenticates itself at the provider's token endpoint.
#[derive(Clone)]
pub enum ClientAuth {
    /// `client_secret_basic`.
    Secret(String),
    /// `private_key_jwt`: a signed assertion; the public half is at `/oidc/jwks.json`.
    Key(Box<ClientKey>),
}

impl std::fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientAuth::Secret(_) => f.write_str("Secret(..)"),
            ClientAuth::Key(k) => write!(f, "Key({})", k.kid()),
        }
    }
}

/// The provider's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The issuer exactly as the provider names itself (no trailing slash added).
    pub issuer: url::Url,
    pub client_id: String,
    pub auth: ClientAuth,
    /// Send every authorization request as a signed request object (RFC 9101).
    pub request_objects: bool,
    /// Scopes, `openid` first.
    pub scopes: Vec<String>,
    /// The `claims` request parameter, as JSON text.
    pub claims: Option<String>,
    /// The levels of assurance accepted, lowest first; empty: none asked for.
    pub acr_values: Vec<String>,
    /// The provider's name on the button.
    pub name: String,
    /// Whether the provider's identities count as verified residents.
    pub verified_residents: bool,
    /// The claim with a stable resident id, used instead of `sub`.
    pub resident_claim: Option<String>,
    /// The claim listing groups, and which value makes someone an official of which
    /// office (by slug).
    pub office_claim: Option<String>,
    pub offices: Vec<(String, String)>,
    /// Start with password sign-in when the provider cannot be reached at start.
    pub optional: bool,
}

/// `(variable, message)`: what is wrong, for one line at start.
pub type SettingsError = (&'static str, String);

fn err(var: &'static str, m: impl Into<String>) -> SettingsError {
    (var, m.into())
}

/// Whether a URL may be used for the provider: https, or http on a loopback host (a
/// provider on the same machine, as in the tests).
pub fn acceptable_url(u: &url::Url) -> bool {
    match u.scheme() {
        "https" => u.host_str().is_some(),
        "http" => {
            matches!(
                u.host(),
                Some(url::Host::Domain("localhost"))
                    | Some(url::Host::Ipv4(_))
                    | Some(url::Host::Ipv6(_))
            ) && match u.host() {
                Some(url::Host::Ipv4(a)) => a.is_loopback(),
                Some(url::Host::Ipv6(a)) => a.is_loopback(),
                _ => true,
            }
        }
        _ => false,
    }
}

fn bool_var(v: Option<&str>, var: &'static str) -> Result<bool, SettingsError> {
    match v.map(|s| s.to_ascii_lowercase()) {
        None => Ok(false),
        Some(s) if matches!(s.as_str(), "1" | "true" | "yes" | "on") => Ok(true),
        Some(s) if matches!(s.as_str(), "0" | "false" | "no" | "off") => Ok(false),
        Some(_) => Err(err(var, "must be true or false")),
    }
}

/// A claim name or a scope: printable ASCII without spaces or quotes, 1 to 100 bytes.
fn token_ok(s: &str) -> bool {
    (1..=100).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
}

/// Reads `PACTUM_OIDC_*` from the variables (`get` gives a trimmed, non-empty value).
pub fn parse<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
) -> Result<Option<Settings>, SettingsError> {
    let Some(issuer_text) = get("PACTUM_OIDC_ISSUER") else {
        for var in VARS {
            if get(var).is_some() {
                return Err(err(var, "is set but PACTUM_OIDC_ISSUER is not"));
            }
        }
        return Ok(None);
    };
    let issuer = url::Url::parse(issuer_text).map_err(|e| {
        err(
            "PACTUM_OIDC_ISSUER",
            format!("\"{issuer_text}\" is not a URL ({e})"),
        )
    })?;
    if !acceptable_url(&issuer) || issuer.query().is_some() || issuer.fragment().is_some() {
        return Err(err(
            "PACTUM_OIDC_ISSUER",
            "must be an https:// URL without query or fragment (http:// only on a loopback host)",
        ));
    }
    let client_id = get("PACTUM_OIDC_CLIENT_ID")
        .ok_or_else(|| {
            err(
                "PACTUM_OIDC_CLIENT_ID",
                "is required with PACTUM_OIDC_ISSUER",
            )
        })?
        .to_string();
    if client_id.len() > 255 || client_id.chars().any(char::is_control) {
        return Err(err(
            "PACTUM_OIDC_CLIENT_ID",
            "at most 255 printable characters",
        ));
    }
    let auth = match (
        get("PACTUM_OIDC_CLIENT_SECRET"),
        get("PACTUM_OIDC_CLIENT_KEY"),
    ) {
        (Some(_), Some(_)) => {
            return Err(err(
                "PACTUM_OIDC_CLIENT_KEY",
                "set either PACTUM_OIDC_CLIENT_SECRET or PACTUM_OIDC_CLIENT_KEY, not both",
            ));
        }
        (Some(s), None) => ClientAuth::Secret(s.to_string()),
        (None, Some(k)) => {
            let pem = if k.starts_with("-----BEGIN") {
                k.replace("\\n", "\n")
            } else {
                std::fs::read_to_string(k).map_err(|e| {
                    err(
                        "PACTUM_OIDC_CLIENT_KEY",
                        format!("cannot read the key file {k}: {e}"),
                    )
                })?
            };
            ClientAuth::Key(Box::new(
                ClientKey::from_pem(&pem).map_err(|m| err("PACTUM_OIDC_CLIENT_KEY", m))?,
            ))
        }
        (None, None) => {
            return Err(err(
                "PACTUM_OIDC_CLIENT_SECRET",
                "PACTUM_OIDC_CLIENT_SECRET or PACTUM_OIDC_CLIENT_KEY is required with PACTUM_OIDC_ISSUER",
            ));
        }
    };
    let request_objects = bool_var(
        get("PACTUM_OIDC_REQUEST_OBJECTS"),
        "PACTUM_OIDC_REQUEST_OBJECTS",
    )?;
    if request_objects && !matches!(auth, ClientAuth::Key(_)) {
        return Err(err(
            "PACTUM_OIDC_REQUEST_OBJECTS",
            "signed request objects need PACTUM_OIDC_CLIENT_KEY",
        ));
    }
    let mut scopes = vec!["openid".to_string()];
    for s in get("PACTUM_OIDC_SCOPES")
        .unwrap_or("openid email profile")
        .split_whitespace()
    {
        if !token_ok(s) {
            return Err(err("PACTUM_OIDC_SCOPES", format!("\"{s}\" is not a scope")));
        }
        if !scopes.iter().any(|x| x == s) {
            scopes.push(s.to_string());
        }
    }
    if scopes.len() > 20 {
        return Err(err("PACTUM_OIDC_SCOPES", "at most 20 scopes"));
    }
    let claims = match get("PACTUM_OIDC_CLAIMS") {
        Some(v) => {
            let parsed: serde_json::Value = serde_json::from_str(v)
                .map_err(|e| err("PACTUM_OIDC_CLAIMS", format!("not JSON ({e})")))?;
            if !parsed.is_object() || v.len() > 4000 {
                return Err(err(
                    "PACTUM_OIDC_CLAIMS",
                    "must be a JSON object such as {\"userinfo\":{\"fiscal_number\":{\"essential\":true}}} (at most 4000 bytes)",
                ));
            }
            Some(parsed.to_string())
        }
        None => None,
    };
    let acr_values: Vec<String> = get("PACTUM_OIDC_ACR_VALUES")
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if acr_values.len() > 10 || acr_values.iter().any(|a| !token_ok(a)) {
        return Err(err(
            "PACTUM_OIDC_ACR_VALUES",
            "at most 10 levels separated by spaces, lowest first",
        ));
    }
    let name = get("PACTUM_OIDC_NAME")
        .map(str::to_string)
        .unwrap_or_else(|| issuer.host_str().unwrap_or_default().to_string());
    if name.chars().count() > 60 {
        return Err(err("PACTUM_OIDC_NAME", "at most 60 characters"));
    }
    let claim_var = |var: &'static str| -> Result<Option<String>, SettingsError> {
        match get(var) {
            Some(c) if token_ok(c) => Ok(Some(c.to_string())),
            Some(c) => Err(err(var, format!("\"{c}\" is not a claim name"))),
            None => Ok(None),
        }
    };
    let resident_claim = claim_var("PACTUM_OIDC_RESIDENT_CLAIM")?;
    let office_claim = claim_var("PACTUM_OIDC_OFFICE_CLAIM")?;
    let offices = match get("PACTUM_OIDC_OFFICES") {
        Some(v) => parse_offices(v).map_err(|m| err("PACTUM_OIDC_OFFICES", m))?,
        None => Vec::new(),
    };
    if offices.is_empty() != office_claim.is_none() {
        return Err(err(
            "PACTUM_OIDC_OFFICES",
            "PACTUM_OIDC_OFFICE_CLAIM and PACTUM_OIDC_OFFICES go together",
        ));
    }
    Ok(Some(Settings {
        issuer,
        client_id,
        auth,
        request_objects,
        scopes,
        claims,
        acr_values,
        name,
        verified_residents: bool_var(
            get("PACTUM_OIDC_VERIFIED_RESIDENTS"),
            "PACTUM_OIDC_VERIFIED_RESIDENTS",
        )?,
        resident_claim,
        office_claim,
        offices,
        optional: bool_var(get("PACTUM_OIDC_OPTIONAL"), "PACTUM_OIDC_OPTIONAL")?,
    }))
}

/// `city-staff=green-areas,planning=urban-planning`: claim value = office slug.
fn parse_offices(v: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for pair in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (value, slug) = pair
            .split_once('=')
            .map(|(a, b)| (a.trim(), b.trim()))
            .filter(|(a, b)| token_ok(a) && !b.is_empty())
            .ok_or_else(|| format!("\"{pair}\" is not value=office-slug"))?;
        let slug_ok = slug.len() <= 100
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !slug_ok {
            return Err(format!("\"{slug}\" is not an office slug (a-z, 0-9 and -)"));
        }
        out.push((value.to_string(), slug.to_string()));
    }
    if out.len() > 100 {
        return Err("at most 100 pairs".into());
    }
    Ok(out)
}

/// Every `PACTUM_OIDC_*` variable, for `--help`: (name, default, meaning).
pub const VARIABLES: &[(&str, &str, &str)] = &[
    (
        "PACTUM_OIDC_ISSUER",
        "(none: password sign-in only)",
        "the city's OpenID Connect provider (issuer URL); discovery is read at start",
    ),
    (
        "PACTUM_OIDC_CLIENT_ID",
        "(none)",
        "the client id registered at the provider",
    ),
    (
        "PACTUM_OIDC_CLIENT_SECRET",
        "(none)",
        "client secret (client_secret_basic); or PACTUM_OIDC_CLIENT_KEY",
    ),
    (
        "PACTUM_OIDC_CLIENT_KEY",
        "(none)",
        "private key (PEM text or file path; RSA >= 2048 or EC P-256) for private_key_jwt; public JWKS at /oidc/jwks.json",
    ),
    (
        "PACTUM_OIDC_REQUEST_OBJECTS",
        "false",
        "true: send signed request objects (RFC 9101); needs PACTUM_OIDC_CLIENT_KEY",
    ),
    (
        "PACTUM_OIDC_SCOPES",
        "openid email profile",
        "scopes asked for",
    ),
    (
        "PACTUM_OIDC_CLAIMS",
        "(none)",
        "a JSON claims request parameter",
    ),
    (
        "PACTUM_OIDC_ACR_VALUES",
        "(none)",
        "levels of assurance accepted, lowest first, space-separated; the ID token's acr must be one",
    ),
    (
        "PACTUM_OIDC_NAME",
        "the issuer's host",
        "the provider's name on the sign-in button",
    ),
    (
        "PACTUM_OIDC_VERIFIED_RESIDENTS",
        "false",
        "true: the provider's identities count as verified residents",
    ),
    (
        "PACTUM_OIDC_RESIDENT_CLAIM",
        "(none: sub)",
        "the claim with a stable resident id (e.g. fiscal_number); only a keyed hash is kept",
    ),
    (
        "PACTUM_OIDC_OFFICE_CLAIM",
        "(none)",
        "the claim listing groups that make someone an official (with PACTUM_OIDC_OFFICES)",
    ),
    (
        "PACTUM_OIDC_OFFICES",
        "(none)",
        "value=office-slug pairs, comma-separated: who the provider makes official of which office",
    ),
    (
        "PACTUM_OIDC_OPTIONAL",
        "false",
        "true: start with password sign-in when the provider cannot be reached at start",
    ),
];

const VARS: [&str; 13] = [
    "PACTUM_OIDC_CLIENT_ID",
    "PACTUM_OIDC_CLIENT_SECRET",
    "PACTUM_OIDC_CLIENT_KEY",
    "PACTUM_OIDC_REQUEST_OBJECTS",
    "PACTUM_OIDC_SCOPES",
    "PACTUM_OIDC_CLAIMS",
    "PACTUM_OIDC_ACR_VALUES",
    "PACTUM_OIDC_NAME",
    "PACTUM_OIDC_VERIFIED_RESIDENTS",
    "PACTUM_OIDC_RESIDENT_CLAIM",
    "PACTUM_OIDC_OFFICE_CLAIM",
    "PACTUM_OIDC_OFFICES",
    "PACTUM_OIDC_OPTIONAL",
];

/// For the tests: reads from a map as `Config::from_map` does.
pub fn from_map(vars: &HashMap<String, String>) -> Result<Option<Settings>, SettingsError> {
    let get = |k: &str| vars.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    parse(&get)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn without_an_issuer_there_is_no_provider_and_a_stray_variable_is_named() {
        assert!(from_map(&vars(&[])).unwrap().is_none());
        let e = from_map(&vars(&[("PACTUM_OIDC_CLIENT_ID", "x")])).unwrap_err();
        assert_eq!(e.0, "PACTUM_OIDC_CLIENT_ID");
    }

    #[test]
    fn a_secret_client_with_defaults() {
        let s = from_map(&vars(&[
            ("PACTUM_OIDC_ISSUER", "https://id.city.example/realms/city"),
            ("PACTUM_OIDC_CLIENT_ID", "pactum"),
            ("PACTUM_OIDC_CLIENT_SECRET", "s3cret"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(s.scopes, ["openid", "email", "profile"]);
        assert_eq!(s.name, "id.city.example");
        assert!(matches!(s.auth, ClientAuth::Secret(_)));
        assert!(
            !format!("{:?}", s.auth).contains("s3cret"),
            "secrets stay out of logs"
        );
    }

    #[test]
    fn bad_values_name_their_variable() {
        let base = [
            ("PACTUM_OIDC_ISSUER", "https://id.example"),
            ("PACTUM_OIDC_CLIENT_ID", "pactum"),
            ("PACTUM_OIDC_CLIENT_SECRET", "s"),
        ];
        let with = |extra: (&str, &str)| {
            let mut v = vars(&base);
            v.insert(extra.0.into(), extra.1.into());
            from_map(&v).unwrap_err().0
        };
        assert_eq!(
            with(("PACTUM_OIDC_ISSUER", "http://id.example")),
            "PACTUM_OIDC_ISSUER"
        );
        assert_eq!(
            with(("PACTUM_OIDC_ISSUER", "ftp://x")),
            "PACTUM_OIDC_ISSUER"
        );
        assert_eq!(with(("PACTUM_OIDC_CLAIMS", "[1]")), "PACTUM_OIDC_CLAIMS");
        assert_eq!(with(("PACTUM_OIDC_CLAIMS", "{")), "PACTUM_OIDC_CLAIMS");
        assert_eq!(
            with(("PACTUM_OIDC_REQUEST_OBJECTS", "true")),
            "PACTUM_OIDC_REQUEST_OBJECTS"
        );
        assert_eq!(
            with(("PACTUM_OIDC_CLIENT_KEY", "/nonexistent.pem")),
            "PACTUM_OIDC_CLIENT_KEY"
        );
        assert_eq!(
            with(("PACTUM_OIDC_OFFICES", "staff=Green Areas")),
            "PACTUM_OIDC_OFFICES"
        );
        assert_eq!(
            with(("PACTUM_OIDC_OFFICES", "staff=green")),
            "PACTUM_OIDC_OFFICES"
        );
        assert_eq!(
            with(("PACTUM_OIDC_OPTIONAL", "maybe")),
            "PACTUM_OIDC_OPTIONAL"
        );
        let mut v = vars(&base);
        v.remove("PACTUM_OIDC_CLIENT_SECRET");
        assert_eq!(from_map(&v).unwrap_err().0, "PACTUM_OIDC_CLIENT_SECRET");
    }

    #[test]
    fn loopback_http_is_allowed_for_a_provider_on_the_same_machine() {
        let ok = |s: &str| acceptable_url(&url::Url::parse(s).unwrap());
        assert!(ok("http://127.0.0.1:4000"));
        assert!(ok("http://localhost:4000"));
        assert!(ok("http://[::1]:4000"));
        assert!(ok("https://id.example"));
        assert!(!ok("http://10.0.0.1"));
        assert!(!ok("http://id.example"));
    }

    #[test]
    fn offices_and_acr_levels() {
        let s = from_map(&vars(&[
            ("PACTUM_OIDC_ISSUER", "https://id.example"),
            ("PACTUM_OIDC_CLIENT_ID", "pactum"),
            ("PACTUM_OIDC_CLIENT_SECRET", "s"),
            ("PACTUM_OIDC_OFFICE_CLAIM", "groups"),
            (
                "PACTUM_OIDC_OFFICES",
                "city-staff=green-areas, planning=urban-planning",
            ),
            ("PACTUM_OIDC_ACR_VALUES", "substantial high"),
            ("PACTUM_OIDC_SCOPES", "email openid groups"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(
            s.offices,
            [
                ("city-staff".to_string(), "green-areas".to_string()),
                ("planning".to_string(), "urban-planning".to_string())
            ]
        );
        assert_eq!(s.acr_values, ["substantial", "high"]);
        assert_eq!(s.scopes, ["openid", "email", "groups"]);
    }
}
