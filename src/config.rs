//! Typed configuration from `PACTUM_*` environment variables, validated at start.
//!
//! Every variable has a default that gives a working single-machine instance; an
//! invalid value stops the process with one line naming the variable.
//!
//! Over 700 lines with its tests: the variables' table, their parsing and a test per
//! rule belong together, and the table is the one list `--help` and the README follow.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::Duration;

use crate::db::DatabaseUrl;
use crate::web::i18n::Lang;

/// The city name when `PACTUM_CITY_NAME` is not set.
pub const DEFAULT_CITY_NAME: &str = "Pactum";

/// The legal basis of the support a city gives through its pacts, as the support
/// export states it when `PACTUM_SUPPORT_LEGAL_BASIS` is not set.
pub const DEFAULT_SUPPORT_LEGAL_BASIS: &str = "Regolamento sulla collaborazione tra cittadini e amministrazione per la cura e la rigenerazione dei beni comuni urbani";

/// How expensive password hashing is. Production always uses `Strong`; the test
/// suite builds its configuration in code and picks `Fast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashCost {
    Strong,
    Fast,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// `None` means "the default SQLite file in the data dir".
    pub database_url: Option<DatabaseUrl>,
    pub base_url: ::url::Url,
    /// Hex-encoded 64-byte key; `None` means "generated into the data dir".
    pub secret_key: Option<Vec<u8>>,
    pub city_name: String,
    pub default_language: Lang,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// The ledger's signing key in signed-note form; `None`: `<data dir>/ledger.key`.
    pub ledger_key: Option<String>,
    pub trust_proxy_headers: bool,
    pub db_pool_size: u32,
    /// Memory for rendered public pages (`PACTUM_PAGE_CACHE_MB`), in bytes; 0: off.
    pub page_cache_bytes: usize,
    pub hash_cost: HashCost,
    /// Seconds between background worker passes.
    pub worker_interval_secs: u64,
    /// Map tile URL template (`{z}`, `{x}`, `{y}`, optional `{s}`); https or http.
    pub map_tile_url: String,
    /// Attribution shown on maps (plain text).
    pub map_attribution: String,
    /// Meilisearch base URL; `None`: the embedded index in the data dir.
    pub meili_url: Option<String>,
    pub meili_key: Option<String>,
    /// How long sign-in sessions last.
    pub session: SessionPolicy,
    /// The city's deadlines for the pact procedure, as set (the pact area builds its
    /// rules from them; unset ones keep the procedure's defaults).
    pub pact_deadlines: PactDeadlines,
    /// Days the city has to answer a body's recommendation before it is flagged
    /// overdue on the officials' queue (`PACTUM_RECOMMENDATION_ANSWER_DAYS`).
    pub recommendation_answer_days: i64,
    /// The legal basis (the city's regulation) the support export names for the
    /// support given through pacts (`PACTUM_SUPPORT_LEGAL_BASIS`).
    pub support_legal_basis: String,
    /// What every open-data file and the catalogue say about reuse and who publishes
    /// them (`PACTUM_OPEN_DATA_*`).
    pub open_data: OpenData,
    /// The city's OpenID Connect provider (`PACTUM_OIDC_*`); `None`: password only.
    pub oidc: Option<crate::oidc::settings::Settings>,
    /// How logs are written (`PACTUM_LOG_FORMAT`).
    pub log_format: LogFormat,
    /// Where the Prometheus metrics are served (`PACTUM_METRICS_BIND`); `None`: off.
    pub metrics_bind: Option<MetricsBind>,
}

/// The open data's licence and publisher, as every export and `/catalog.jsonld` state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenData {
    pub licence: Licence,
    /// The publisher's code in the Italian index of public administrations (IPA),
    /// which DCAT-AP_IT asks of a publisher; `None` outside Italy.
    pub publisher_id: Option<String>,
    /// The e-mail address the catalogue gives as every dataset's contact point.
    pub contact_email: String,
}

/// A licence: an SPDX id with its title and address, or an address alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Licence {
    /// The SPDX identifier (`CC-BY-4.0`), or the address for a licence SPDX lacks.
    pub id: String,
    pub title: String,
    pub url: String,
}

/// The licences `PACTUM_OPEN_DATA_LICENCE` knows by SPDX id: (id, title, address).
pub const LICENCES: &[(&str, &str, &str)] = &[
    (
        "CC-BY-4.0",
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    (
        "CC-BY-SA-4.0",
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    (
        "CC0-1.0",
        "Creative Commons Zero v1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    (
        "ODbL-1.0",
        "Open Data Commons Open Database License v1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    (
        "PDDL-1.0",
        "Open Data Commons Public Domain Dedication & License 1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
];

impl Licence {
    /// An SPDX id from [`LICENCES`] (any case), or an http(s) address of another
    /// licence.
    pub fn parse(s: &str) -> Result<Licence, String> {
        if let Some((id, title, url)) = LICENCES.iter().find(|l| l.0.eq_ignore_ascii_case(s)) {
            return Ok(Licence {
                id: (*id).to_string(),
                title: (*title).to_string(),
                url: (*url).to_string(),
            });
        }
        let known = LICENCES.iter().map(|l| l.0).collect::<Vec<_>>().join(", ");
        let bad = || format!("\"{s}\" is none of {known}, nor an http(s) address of a licence");
        let u = ::url::Url::parse(s).map_err(|_| bad())?;
        if !matches!(u.scheme(), "http" | "https")
            || u.host_str().is_none()
            || s.contains(['<', '>', '"', ' '])
        {
            return Err(bad());
        }
        Ok(Licence {
            id: s.to_string(),
            title: s.to_string(),
            url: s.to_string(),
        })
    }
}

/// How log lines are written to standard error (`PACTUM_LOG_FORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// One human-readable line per event, spans as `request{id=…}:` prefixes.
    #[default]
    Text,
    /// One JSON object per line: timestamp, level, target, message, the event's
    /// fields, and the open spans' fields (the request id among them).
    Json,
}

impl LogFormat {
    /// `PACTUM_LOG_FORMAT` as the process environment gives it. The logs start before
    /// the rest of the configuration is read, so this is read on its own first (and
    /// again, the same way, by [`Config::from_map`]).
    pub fn from_env() -> Result<LogFormat, ConfigError> {
        let v = std::env::var("PACTUM_LOG_FORMAT").ok();
        LogFormat::parse(v.as_deref().map(str::trim).filter(|v| !v.is_empty()))
    }

    fn parse(value: Option<&str>) -> Result<LogFormat, ConfigError> {
        match value.map(str::to_ascii_lowercase).as_deref() {
            None | Some("text") => Ok(LogFormat::Text),
            Some("json") => Ok(LogFormat::Json),
            Some(_) => Err(err(
                "PACTUM_LOG_FORMAT",
                format!("\"{}\" is neither text nor json", value.unwrap_or_default()),
            )),
        }
    }
}

/// The default address of the metrics endpoint: loopback only.
pub const DEFAULT_METRICS_BIND: &str = "127.0.0.1:9464";

/// Where `/metrics` is served (`PACTUM_METRICS_BIND`), apart from the public site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetricsBind {
    pub addr: SocketAddr,
    /// Whether the address was set rather than the default. A default address that
    /// is taken (another instance on the same machine, a test server) only turns the
    /// metrics off with a warning; an address that was asked for and cannot be had
    /// stops Pactum.
    pub explicit: bool,
}

impl MetricsBind {
    /// Whether the address is reachable only from this machine.
    pub fn is_loopback(&self) -> bool {
        self.addr.ip().is_loopback()
    }
}

/// How long sessions last (from `PACTUM_SESSION_IDLE` and `PACTUM_SESSION_LIFETIME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused for this long has ended.
    pub idle: Duration,
    /// A session older than this has ended, however recently it was used.
    pub lifetime: Duration,
}

impl Default for SessionPolicy {
    fn default() -> SessionPolicy {
        SessionPolicy {
            idle: Duration::hours(8),
            lifetime: Duration::days(14),
        }
    }
}

pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
pub const DEFAULT_ATTRIBUTION: &str = "© OpenStreetMap contributors";

/// `PACTUM_PACT_DEADLINES`: the settings a city named, in days (`max_years`: the
/// longest pact in years); `None` where it kept the default. Plain values: the pact
/// area turns them into its rules.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PactDeadlines {
    pub admissibility: Option<i64>,
    pub observation: Option<i64>,
    pub observation_complex: Option<i64>,
    pub review: Option<i64>,
    pub reminder: Option<i64>,
    pub max_years: Option<i32>,
}

impl PactDeadlines {
    /// Reads `name=value` pairs separated by commas (`admissibility`, `observation`,
    /// `observation_complex`, `review`, `reminder` in days; `max_years`).
    pub fn parse(s: &str) -> Result<PactDeadlines, String> {
        let mut r = PactDeadlines::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("\"{part}\" is not name=value"))?;
            let n: i64 = v
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=3650).contains(n))
                .ok_or_else(|| format!("{} must be a whole number from 1 to 3650", k.trim()))?;
            match k.trim() {
                "admissibility" => r.admissibility = Some(n),
                "observation" => r.observation = Some(n),
                "observation_complex" => r.observation_complex = Some(n),
                "review" => r.review = Some(n),
                "reminder" => r.reminder = Some(n),
                "max_years" if n <= 30 => r.max_years = i32::try_from(n).ok(),
                "max_years" => return Err("max_years must be at most 30".into()),
                other => return Err(format!("unknown deadline \"{other}\"")),
            }
        }
        Ok(r)
    }
}

impl Config {
    /// The origin of the tile server, for the Content-Security-Policy's `img-src`.
    pub fn tile_origin(&self) -> Option<String> {
        let probe = self
            .map_tile_url
            .replace("{s}", "a")
            .replace(['{', '}'], "");
        let u = ::url::Url::parse(&probe).ok()?;
        let host = self
            .map_tile_url
            .split("://")
            .nth(1)?
            .split('/')
            .next()?
            .replace("{s}", "*");
        Some(format!("{}://{}", u.scheme(), host))
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid configuration: {var}: {message}")]
pub struct ConfigError {
    pub var: &'static str,
    pub message: String,
}

fn err(var: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        var,
        message: message.into(),
    }
}

/// The pool size when `PACTUM_DB_POOL_SIZE` is not set: twice the CPUs plus one, from 3
/// to 10. More connections than the CPUs can keep busy only queue in the database:
/// measured on 2 CPUs shared with PostgreSQL at 32 connections, a pool of 10 answered
/// the list's p99 in 400 ms where 4 or 5 answered it in 10 to 15 ms (README,
/// "Performance"). A database on its own machine with more cores wants the variable.
pub fn default_pool_size(cpus: usize) -> u32 {
    u32::try_from(cpus.saturating_mul(2).saturating_add(1))
        .unwrap_or(u32::MAX)
        .clamp(3, 10)
}

/// The variables Pactum reads, with their meaning, for `--help` and the README.
pub const VARIABLES: &[(&str, &str, &str)] = &[
    (
        "PACTUM_BIND",
        "127.0.0.1:8080",
        "address and port to listen on",
    ),
    (
        "PACTUM_DATA_DIR",
        "./pactum-data",
        "folder for the SQLite database, keys, outgoing mail and files",
    ),
    (
        "PACTUM_DATABASE_URL",
        "sqlite://<data dir>/pactum.db",
        "postgres://user:pass@host/db or sqlite://PATH",
    ),
    (
        "PACTUM_BASE_URL",
        "http://<bind>",
        "public URL of the site, used in e-mail links and origin checks",
    ),
    (
        "PACTUM_SECRET_KEY",
        "generated into <data dir>/secret.key",
        "128 hex characters (64 bytes) for cookie signing and encryption",
    ),
    (
        "PACTUM_CITY_NAME",
        "Pactum",
        "the city's name as shown on every page",
    ),
    (
        "PACTUM_DEFAULT_LANGUAGE",
        "en",
        "en, it, nl or fr: used when neither the user nor the browser chooses",
    ),
    (
        "PACTUM_SMTP_URL",
        "(none: mail is written to <data dir>/outbox)",
        "smtp://user:pass@host:587?tls=required (STARTTLS) or smtps://host:465",
    ),
    (
        "PACTUM_MAIL_FROM",
        "Pactum <noreply@localhost>",
        "sender address of outgoing mail",
    ),
    (
        "PACTUM_TRUST_PROXY_HEADERS",
        "false",
        "true behind a reverse proxy that sets X-Forwarded-For (rate limits) and X-Forwarded-Host (Origin check)",
    ),
    (
        "PACTUM_DB_POOL_SIZE",
        "2 x CPUs + 1, from 3 to 10",
        "database connections per instance",
    ),
    (
        "PACTUM_PAGE_CACHE_MB",
        "64",
        "memory per instance for rendered public pages, kept until the data or the minute changes (0: none; ETags and 304 answers stay)",
    ),
    (
        "PACTUM_LEDGER_KEY",
        "generated into <data dir>/ledger.key",
        "the civic ledger's Ed25519 signing key as a signed-note key PRIVATE+KEY+<name>+<hash>+<key>",
    ),
    (
        "PACTUM_MAP_TILE_URL",
        DEFAULT_TILE_URL,
        "map tile URL template with {z} {x} {y} (and optional {s}); the CSP allows its host",
    ),
    (
        "PACTUM_MAP_ATTRIBUTION",
        DEFAULT_ATTRIBUTION,
        "attribution text shown on maps, as the tile provider requires",
    ),
    (
        "PACTUM_MEILI_URL",
        "(none: an embedded index in <data dir>/search)",
        "Meilisearch URL such as http://127.0.0.1:7700 for search at scale",
    ),
    ("PACTUM_MEILI_KEY", "(none)", "Meilisearch API key"),
    (
        "PACTUM_PACT_DEADLINES",
        "admissibility=30,observation=15,observation_complex=30,review=30,reminder=14,max_years=3",
        "the city's pact deadlines in days (max_years: longest pact); any subset",
    ),
    (
        "PACTUM_RECOMMENDATION_ANSWER_DAYS",
        "60",
        "days the city has to answer an assembly's recommendation before the officials' queue flags it overdue (1 to 3650)",
    ),
    (
        "PACTUM_SUPPORT_LEGAL_BASIS",
        DEFAULT_SUPPORT_LEGAL_BASIS,
        "the legal basis of the support given through pacts, as the support export (/pacts/support.csv) states it: the city's regulation, with its act if wished (at most 500 characters)",
    ),
    (
        "PACTUM_OPEN_DATA_LICENCE",
        "CC-BY-4.0",
        "the licence of every open-data export and of the catalogue: CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODbL-1.0, PDDL-1.0, or the http(s) address of another licence",
    ),
    (
        "PACTUM_OPEN_DATA_PUBLISHER_ID",
        "(none)",
        "the city's code in the Italian index of public administrations (IPA, such as c_a944), which the DCAT-AP_IT catalogue gives as the publisher's identifier",
    ),
    (
        "PACTUM_OPEN_DATA_CONTACT",
        "the address of PACTUM_MAIL_FROM",
        "the e-mail address the open-data catalogue names as every dataset's contact point",
    ),
    (
        "PACTUM_SESSION_IDLE",
        "8h",
        "a signed-in session unused this long ends (30m, 8h, 2d: minutes, hours, days)",
    ),
    (
        "PACTUM_SESSION_LIFETIME",
        "14d",
        "a signed-in session ends this long after sign-in, however active",
    ),
    (
        "PACTUM_LOG",
        "info,actix_server=warn",
        "log filter (tracing EnvFilter syntax); logs go to standard error",
    ),
    (
        "PACTUM_LOG_FORMAT",
        "text",
        "text (one readable line per event) or json (one JSON object per line, the request id as a field)",
    ),
    (
        "PACTUM_METRICS_BIND",
        DEFAULT_METRICS_BIND,
        "address and port of the Prometheus /metrics endpoint, or off; never a public address",
    ),
];

/// A duration such as `30m`, `8h` or `14d` (minutes, hours, days), from 5 minutes to
/// 365 days; `None` gives the default, in minutes.
fn duration_var(
    value: Option<&str>,
    var: &'static str,
    default_minutes: i64,
) -> Result<chrono::Duration, ConfigError> {
    let Some(v) = value else {
        return Ok(chrono::Duration::minutes(default_minutes));
    };
    let bad = || {
        err(
            var,
            format!("\"{v}\" is not a duration such as 30m, 8h or 14d (5 minutes to 365 days)"),
        )
    };
    let (number, unit) = v.split_at(v.len().saturating_sub(1));
    let n: i64 = number.parse().map_err(|_| bad())?;
    let minutes = match unit {
        "m" => Some(n),
        "h" => n.checked_mul(60),
        "d" => n.checked_mul(24 * 60),
        _ => None,
    }
    .ok_or_else(bad)?;
    if !(5..=365 * 24 * 60).contains(&minutes) {
        return Err(bad());
    }
    Ok(chrono::Duration::minutes(minutes))
}

/// `PACTUM_METRICS_BIND`: `off`, or an address and port other than the site's.
fn metrics_bind(value: Option<&str>, site: SocketAddr) -> Result<Option<MetricsBind>, ConfigError> {
    const VAR: &str = "PACTUM_METRICS_BIND";
    let Some(v) = value else {
        return Ok(Some(MetricsBind {
            addr: DEFAULT_METRICS_BIND
                .parse()
                .map_err(|_| err(VAR, "the default address does not parse"))?,
            explicit: false,
        }));
    };
    if v.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let addr: SocketAddr = v.parse().map_err(|_| {
        err(
            VAR,
            format!("\"{v}\" is neither off nor an address:port such as {DEFAULT_METRICS_BIND}"),
        )
    })?;
    if addr == site && addr.port() != 0 {
        return Err(err(
            VAR,
            format!("{addr} is PACTUM_BIND's address: the metrics need a port of their own"),
        ));
    }
    Ok(Some(MetricsBind {
        addr,
        explicit: true,
    }))
}

/// `PACTUM_OPEN_DATA_*`: the licence (CC BY 4.0 unless set), the publisher's IPA code
/// and the catalogue's contact address (the sender's address unless set).
fn open_data<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
    mail_from: &str,
) -> Result<OpenData, ConfigError> {
    let licence = Licence::parse(get("PACTUM_OPEN_DATA_LICENCE").unwrap_or("CC-BY-4.0"))
        .map_err(|m| err("PACTUM_OPEN_DATA_LICENCE", m))?;
    let publisher_id = match get("PACTUM_OPEN_DATA_PUBLISHER_ID") {
        Some(v) => {
            let ok = (1..=32).contains(&v.len())
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
            if !ok {
                return Err(err(
                    "PACTUM_OPEN_DATA_PUBLISHER_ID",
                    format!("\"{v}\" is not a code of 1 to 32 letters, digits, _, - or ."),
                ));
            }
            Some(v.to_string())
        }
        None => None,
    };
    let contact_email = match get("PACTUM_OPEN_DATA_CONTACT") {
        Some(v) => {
            let m = v.parse::<lettre::Address>().map_err(|_| {
                err(
                    "PACTUM_OPEN_DATA_CONTACT",
                    format!("\"{v}\" is not an e-mail address"),
                )
            })?;
            m.to_string()
        }
        None => mail_from
            .parse::<lettre::message::Mailbox>()
            .map(|m| m.email.to_string())
            .map_err(|_| err("PACTUM_MAIL_FROM", "not a mailbox"))?,
    };
    Ok(OpenData {
        licence,
        publisher_id,
        contact_email,
    })
}

/// The variables as a help text for `pactum --help`.
pub fn variables_help() -> String {
    let mut out = String::from("Configuration (environment variables; all optional):\n");
    for (name, default, meaning) in VARIABLES.iter().chain(crate::oidc::settings::VARIABLES) {
        out.push_str(&format!(
            "  {name}\n      {meaning}\n      default: {default}\n"
        ));
    }
    out
}

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> = std::env::vars()
            .filter(|(k, _)| k.starts_with("PACTUM_"))
            .collect();
        Config::from_map(&vars)
    }

    pub fn from_map(vars: &HashMap<String, String>) -> Result<Config, ConfigError> {
        let get = |k: &str| vars.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());

        let bind: SocketAddr = match get("PACTUM_BIND") {
            Some(v) => v.parse().map_err(|_| {
                err(
                    "PACTUM_BIND",
                    format!("\"{v}\" is not an address:port such as 127.0.0.1:8080"),
                )
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let data_dir = PathBuf::from(get("PACTUM_DATA_DIR").unwrap_or("./pactum-data"));
        let database_url = match get("PACTUM_DATABASE_URL") {
            Some(v) => {
                Some(DatabaseUrl::parse(v).map_err(|e| err("PACTUM_DATABASE_URL", e.to_string()))?)
            }
            None => None,
        };
        let base_url = match get("PACTUM_BASE_URL") {
            Some(v) => {
                let u = ::url::Url::parse(v)
                    .map_err(|e| err("PACTUM_BASE_URL", format!("\"{v}\" is not a URL ({e})")))?;
                if u.scheme() != "http" && u.scheme() != "https" {
                    return Err(err(
                        "PACTUM_BASE_URL",
                        "must start with http:// or https://",
                    ));
                }
                if u.host_str().is_none() {
                    return Err(err("PACTUM_BASE_URL", "must name a host"));
                }
                u
            }
            None => ::url::Url::parse(&format!("http://{bind}/"))
                .map_err(|e| err("PACTUM_BIND", e.to_string()))?,
        };
        let secret_key = match get("PACTUM_SECRET_KEY") {
            Some(v) => Some(parse_secret_key(v).map_err(|m| err("PACTUM_SECRET_KEY", m))?),
            None => None,
        };
        let city_name = get("PACTUM_CITY_NAME")
            .unwrap_or(DEFAULT_CITY_NAME)
            .to_string();
        if city_name.chars().count() > 80 {
            return Err(err("PACTUM_CITY_NAME", "at most 80 characters"));
        }
        let default_language = match get("PACTUM_DEFAULT_LANGUAGE") {
            Some(v) => Lang::from_code(v).ok_or_else(|| {
                err(
                    "PACTUM_DEFAULT_LANGUAGE",
                    format!("\"{v}\" is not one of en, it, nl, fr"),
                )
            })?,
            None => Lang::En,
        };
        let smtp_url = match get("PACTUM_SMTP_URL") {
            Some(v) => {
                let u = ::url::Url::parse(v)
                    .map_err(|e| err("PACTUM_SMTP_URL", format!("not a URL ({e})")))?;
                if u.scheme() != "smtp" && u.scheme() != "smtps" {
                    return Err(err(
                        "PACTUM_SMTP_URL",
                        "must start with smtp:// or smtps://",
                    ));
                }
                Some(v.to_string())
            }
            None => None,
        };
        let mail_from = get("PACTUM_MAIL_FROM")
            .unwrap_or("Pactum <noreply@localhost>")
            .to_string();
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(err(
                "PACTUM_MAIL_FROM",
                format!("\"{mail_from}\" is not a mailbox such as City <noreply@city.example>"),
            ));
        }
        let ledger_key = match get("PACTUM_LEDGER_KEY") {
            Some(v) => {
                crate::ledger::note::NoteSigner::parse(v).map_err(|e| {
                    err(
                        "PACTUM_LEDGER_KEY",
                        format!(
                            "not a signed-note signer key PRIVATE+KEY+<name>+<hash>+<key> ({e})"
                        ),
                    )
                })?;
                Some(v.to_string())
            }
            None => None,
        };
        let trust_proxy_headers = match get("PACTUM_TRUST_PROXY_HEADERS") {
            Some(v) => parse_bool(v)
                .ok_or_else(|| err("PACTUM_TRUST_PROXY_HEADERS", "must be true or false"))?,
            None => false,
        };
        let db_pool_size = match get("PACTUM_DB_POOL_SIZE") {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=200).contains(n))
                .ok_or_else(|| {
                    err(
                        "PACTUM_DB_POOL_SIZE",
                        "must be a whole number from 1 to 200",
                    )
                })?,
            None => default_pool_size(
                std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
            ),
        };
        let page_cache_bytes = match get("PACTUM_PAGE_CACHE_MB") {
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= 4096)
                .map(|n| n * 1024 * 1024)
                .ok_or_else(|| {
                    err(
                        "PACTUM_PAGE_CACHE_MB",
                        "must be a whole number of megabytes from 0 to 4096",
                    )
                })?,
            None => 64 * 1024 * 1024,
        };
        let map_tile_url = get("PACTUM_MAP_TILE_URL")
            .unwrap_or(DEFAULT_TILE_URL)
            .to_string();
        let tile_ok = (map_tile_url.starts_with("https://") || map_tile_url.starts_with("http://"))
            && ["{z}", "{x}", "{y}"]
                .iter()
                .all(|p| map_tile_url.contains(p))
            && !map_tile_url
                .chars()
                .any(|c| c.is_whitespace() || c == '"' || c == ';' || c == '\'');
        if !tile_ok {
            return Err(err(
                "PACTUM_MAP_TILE_URL",
                "must be an http(s) URL template containing {z}, {x} and {y}",
            ));
        }
        let map_attribution = get("PACTUM_MAP_ATTRIBUTION")
            .unwrap_or(DEFAULT_ATTRIBUTION)
            .to_string();
        if map_attribution.chars().count() > 300 {
            return Err(err("PACTUM_MAP_ATTRIBUTION", "at most 300 characters"));
        }
        let meili_url = match get("PACTUM_MEILI_URL") {
            Some(v) => {
                let u = ::url::Url::parse(v)
                    .map_err(|e| err("PACTUM_MEILI_URL", format!("not a URL ({e})")))?;
                if u.scheme() != "http" && u.scheme() != "https" {
                    return Err(err(
                        "PACTUM_MEILI_URL",
                        "must start with http:// or https://",
                    ));
                }
                Some(v.trim_end_matches('/').to_string())
            }
            None => None,
        };
        let meili_key = get("PACTUM_MEILI_KEY").map(str::to_string);
        let pact_deadlines = match get("PACTUM_PACT_DEADLINES") {
            Some(v) => PactDeadlines::parse(v).map_err(|m| err("PACTUM_PACT_DEADLINES", m))?,
            None => PactDeadlines::default(),
        };
        let recommendation_answer_days = match get("PACTUM_RECOMMENDATION_ANSWER_DAYS") {
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=3650).contains(n))
                .ok_or_else(|| {
                    err(
                        "PACTUM_RECOMMENDATION_ANSWER_DAYS",
                        "must be a whole number of days from 1 to 3650",
                    )
                })?,
            None => 60,
        };
        let support_legal_basis = get("PACTUM_SUPPORT_LEGAL_BASIS")
            .unwrap_or(DEFAULT_SUPPORT_LEGAL_BASIS)
            .to_string();
        if support_legal_basis.chars().count() > 500 {
            return Err(err("PACTUM_SUPPORT_LEGAL_BASIS", "at most 500 characters"));
        }
        let open_data = open_data(&get, &mail_from)?;
        let session = SessionPolicy {
            idle: duration_var(get("PACTUM_SESSION_IDLE"), "PACTUM_SESSION_IDLE", 8 * 60)?,
            lifetime: duration_var(
                get("PACTUM_SESSION_LIFETIME"),
                "PACTUM_SESSION_LIFETIME",
                14 * 24 * 60,
            )?,
        };
        if session.idle > session.lifetime {
            return Err(err(
                "PACTUM_SESSION_IDLE",
                "must not be longer than PACTUM_SESSION_LIFETIME",
            ));
        }
        let oidc = crate::oidc::settings::parse(&get).map_err(|(var, m)| err(var, m))?;
        let log_format = LogFormat::parse(get("PACTUM_LOG_FORMAT"))?;
        let metrics_bind = metrics_bind(get("PACTUM_METRICS_BIND"), bind)?;
        Ok(Config {
            log_format,
            metrics_bind,
            oidc,
            open_data,
            support_legal_basis,
            session,
            pact_deadlines,
            recommendation_answer_days,
            map_tile_url,
            map_attribution,
            meili_url,
            meili_key,
            bind,
            data_dir,
            database_url,
            base_url,
            secret_key,
            city_name,
            default_language,
            smtp_url,
            mail_from,
            ledger_key,
            trust_proxy_headers,
            db_pool_size,
            page_cache_bytes,
            hash_cost: HashCost::Strong,
            worker_interval_secs: 2,
        })
    }

    /// The database URL in effect: the configured one, else SQLite in the data dir.
    pub fn effective_database_url(&self) -> DatabaseUrl {
        self.database_url
            .clone()
            .unwrap_or_else(|| DatabaseUrl::Sqlite(self.data_dir.join("pactum.db")))
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    pub fn is_https(&self) -> bool {
        self.base_url.scheme() == "https"
    }

    /// An absolute URL for a path on this site (for e-mails).
    pub fn absolute_url(&self, path: &str) -> String {
        let base = self.base_url.as_str().trim_end_matches('/');
        format!("{base}{path}")
    }

    /// Creates the data dir if needed (the default must work with no configuration),
    /// readable only by its owner (0700); an existing one, and the keys and database
    /// files in it, are tightened to 0700 and 0600.
    pub fn ensure_data_dir(&self) -> std::io::Result<()> {
        if let Err(e) = crate::util::create_private_dir(&self.data_dir) {
            if !self.data_dir.is_dir() {
                return Err(e);
            }
            // Someone else's directory we may write to: say so, and carry on.
            tracing::warn!(
                dir = %self.data_dir.display(),
                "cannot make the data directory private (mode 0700): {e}"
            );
        }
        for name in [
            "secret.key",
            "ledger.key",
            "pactum.db",
            "pactum.db-wal",
            "pactum.db-shm",
        ] {
            let path = self.data_dir.join(name);
            if path.is_file() {
                crate::util::restrict(&path, 0o600)?;
            }
        }
        Ok(())
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn parse_secret_key(v: &str) -> Result<Vec<u8>, String> {
    let bytes = crate::util::hex_decode(v).ok_or("must be hexadecimal")?;
    if bytes.len() < 64 {
        return Err(format!(
            "must be at least 128 hex characters (64 bytes), got {}",
            v.len()
        ));
    }
    Ok(bytes)
}

/// Loads the secret key from the data dir, creating it (mode 0600) on first start.
pub fn load_or_create_secret(data_dir: &Path) -> std::io::Result<Vec<u8>> {
    let path = data_dir.join("secret.key");
    if !path.exists() {
        let key = crate::util::random_bytes::<64>();
        if crate::util::create_private_file_once(&path, crate::util::hex_encode(&key).as_bytes())? {
            return Ok(key.to_vec());
        }
        // Another instance sharing the data dir created it first: use that one.
    }
    let text = std::fs::read_to_string(&path)?;
    parse_secret_key(text.trim()).map_err(|m| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {m}", path.display()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pool_grows_with_the_cpus_from_3_to_10() {
        assert_eq!(default_pool_size(1), 3);
        assert_eq!(default_pool_size(2), 5);
        assert_eq!(default_pool_size(4), 9);
        assert_eq!(default_pool_size(64), 10);
        assert_eq!(default_pool_size(usize::MAX), 10);
        let set = cfg(&[("PACTUM_DB_POOL_SIZE", "25")]).unwrap();
        assert_eq!(set.db_pool_size, 25, "the variable wins");
    }

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_map(&map)
    }

    #[test]
    fn defaults_give_a_working_instance() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("./pactum-data"));
        assert_eq!(
            c.effective_database_url(),
            DatabaseUrl::Sqlite(PathBuf::from("./pactum-data/pactum.db"))
        );
        assert_eq!(c.base_url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(c.default_language, Lang::En);
        assert!(!c.is_https());
    }

    #[test]
    fn each_invalid_value_names_its_variable() {
        for (var, value) in [
            ("PACTUM_BIND", "localhost"),
            ("PACTUM_DATABASE_URL", "mysql://x/y"),
            ("PACTUM_BASE_URL", "ftp://city.example"),
            ("PACTUM_SECRET_KEY", "abc"),
            ("PACTUM_DEFAULT_LANGUAGE", "de"),
            ("PACTUM_SMTP_URL", "http://mail"),
            ("PACTUM_MAIL_FROM", "not a mailbox"),
            ("PACTUM_TRUST_PROXY_HEADERS", "perhaps"),
            ("PACTUM_DB_POOL_SIZE", "0"),
            ("PACTUM_PAGE_CACHE_MB", "lots"),
            ("PACTUM_PAGE_CACHE_MB", "5000"),
            ("PACTUM_RECOMMENDATION_ANSWER_DAYS", "0"),
            ("PACTUM_RECOMMENDATION_ANSWER_DAYS", "soon"),
            ("PACTUM_LEDGER_KEY", "PRIVATE+KEY+x+00000000+AAAA"),
            ("PACTUM_SESSION_IDLE", "8 hours"),
            ("PACTUM_SESSION_IDLE", "1m"),
            ("PACTUM_SESSION_LIFETIME", "400d"),
            ("PACTUM_SESSION_IDLE", "20d"),
            ("PACTUM_LOG_FORMAT", "yaml"),
            ("PACTUM_METRICS_BIND", "9464"),
            ("PACTUM_METRICS_BIND", "no"),
        ] {
            let e = cfg(&[(var, value)]).unwrap_err();
            assert_eq!(e.var, var, "{value}");
            assert!(
                e.to_string()
                    .starts_with(&format!("invalid configuration: {var}: "))
            );
        }
    }

    #[test]
    fn logs_are_text_unless_json_is_asked_for() {
        assert_eq!(cfg(&[]).unwrap().log_format, LogFormat::Text);
        for (v, f) in [
            ("text", LogFormat::Text),
            ("json", LogFormat::Json),
            ("JSON", LogFormat::Json),
        ] {
            assert_eq!(cfg(&[("PACTUM_LOG_FORMAT", v)]).unwrap().log_format, f);
        }
        assert_eq!(
            LogFormat::parse(Some("logfmt")).unwrap_err().to_string(),
            "invalid configuration: PACTUM_LOG_FORMAT: \"logfmt\" is neither text nor json"
        );
    }

    #[test]
    fn metrics_listen_on_loopback_unless_moved_or_turned_off() {
        let m = cfg(&[]).unwrap().metrics_bind.unwrap();
        assert_eq!(m.addr.to_string(), DEFAULT_METRICS_BIND);
        assert!(!m.explicit && m.is_loopback());
        assert_eq!(
            cfg(&[("PACTUM_METRICS_BIND", "off")]).unwrap().metrics_bind,
            None
        );
        assert_eq!(
            cfg(&[("PACTUM_METRICS_BIND", "OFF")]).unwrap().metrics_bind,
            None
        );
        let m = cfg(&[("PACTUM_METRICS_BIND", "10.0.0.5:9100")])
            .unwrap()
            .metrics_bind
            .unwrap();
        assert!(m.explicit && !m.is_loopback());
        let e = cfg(&[
            ("PACTUM_BIND", "127.0.0.1:9000"),
            ("PACTUM_METRICS_BIND", "127.0.0.1:9000"),
        ])
        .unwrap_err();
        assert_eq!(e.var, "PACTUM_METRICS_BIND");
    }

    #[test]
    fn the_support_legal_basis_defaults_to_the_regulation() {
        assert_eq!(
            cfg(&[]).unwrap().support_legal_basis,
            DEFAULT_SUPPORT_LEGAL_BASIS
        );
        let own = "Regolamento comunale dei beni comuni, delibera 172/2014";
        let c = cfg(&[("PACTUM_SUPPORT_LEGAL_BASIS", own)]).unwrap();
        assert_eq!(c.support_legal_basis, own);
        let long = "x".repeat(501);
        let e = cfg(&[("PACTUM_SUPPORT_LEGAL_BASIS", long.as_str())]).unwrap_err();
        assert_eq!(e.var, "PACTUM_SUPPORT_LEGAL_BASIS");
    }

    #[test]
    fn the_open_data_licence_defaults_to_cc_by_and_the_contact_to_the_sender() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.open_data.licence.id, "CC-BY-4.0");
        assert_eq!(
            c.open_data.licence.url,
            "https://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(c.open_data.contact_email, "noreply@localhost");
        assert_eq!(c.open_data.publisher_id, None);
        let c = cfg(&[
            ("PACTUM_OPEN_DATA_LICENCE", "cc0-1.0"),
            ("PACTUM_OPEN_DATA_PUBLISHER_ID", "c_a944"),
            ("PACTUM_OPEN_DATA_CONTACT", "opendata@city.example"),
        ])
        .unwrap();
        assert_eq!(c.open_data.licence.id, "CC0-1.0");
        assert_eq!(c.open_data.publisher_id.as_deref(), Some("c_a944"));
        assert_eq!(c.open_data.contact_email, "opendata@city.example");
        let own = "https://www.dati.gov.it/content/italian-open-data-license-v20";
        let c = cfg(&[("PACTUM_OPEN_DATA_LICENCE", own)]).unwrap();
        assert_eq!(
            (
                c.open_data.licence.id.as_str(),
                c.open_data.licence.url.as_str()
            ),
            (own, own)
        );
        for (var, value) in [
            ("PACTUM_OPEN_DATA_LICENCE", "GPL-3.0"),
            ("PACTUM_OPEN_DATA_LICENCE", "ftp://licence.example/"),
            ("PACTUM_OPEN_DATA_PUBLISHER_ID", "c a944"),
            ("PACTUM_OPEN_DATA_CONTACT", "not an address"),
        ] {
            assert_eq!(cfg(&[(var, value)]).unwrap_err().var, var, "{value}");
        }
    }

    #[test]
    fn session_lifetimes_default_and_parse() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.session.idle, chrono::Duration::hours(8));
        assert_eq!(c.session.lifetime, chrono::Duration::days(14));
        let c = cfg(&[
            ("PACTUM_SESSION_IDLE", "30m"),
            ("PACTUM_SESSION_LIFETIME", "2d"),
        ])
        .unwrap();
        assert_eq!(c.session.idle, chrono::Duration::minutes(30));
        assert_eq!(c.session.lifetime, chrono::Duration::days(2));
    }

    #[test]
    fn https_base_url_is_detected() {
        let c = cfg(&[("PACTUM_BASE_URL", "https://commons.city.example")]).unwrap();
        assert!(c.is_https());
        assert_eq!(
            c.absolute_url("/verify?t=1"),
            "https://commons.city.example/verify?t=1"
        );
    }

    #[test]
    fn secret_key_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = load_or_create_secret(dir.path()).unwrap();
        let b = load_or_create_secret(dir.path()).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("secret.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_city_sets_its_own_pact_deadlines() {
        let r = PactDeadlines::parse("observation=20, max_years=5").unwrap();
        assert_eq!(r.observation, Some(20));
        assert_eq!(r.max_years, Some(5));
        assert_eq!(r.admissibility, None);
        assert_eq!(PactDeadlines::parse("").unwrap(), PactDeadlines::default());
        assert!(PactDeadlines::parse("observation").is_err());
        assert!(PactDeadlines::parse("observation=0").is_err());
        assert_eq!(
            PactDeadlines::parse("lunch=30"),
            Err("unknown deadline \"lunch\"".to_string())
        );
        assert!(PactDeadlines::parse("max_years=40").is_err());
    }
}
