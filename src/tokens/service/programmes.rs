//! Running a programme (administrators): create it with its terms, publish
//! methodologies (immutable, versioned, their document's hash on the ledger), accredit
//! verifiers, set up acceptance points; and the civic fund's deposits, by the city or a
//! sponsor (the coordinating office or an administrator records them). Every step
//! that others rely on goes on the civic ledger (ids, codes, pseudonyms and hashes).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::post;
use super::requests::Receipt;
use crate::accounts::api::{self as accounts, Role, Who};
use crate::db::AnyConnection;
use crate::db::schema::{
    token_fund_deposits, token_methodologies, token_points, token_programmes, token_verifiers,
};
use crate::error::AppError;
use crate::kit::refusal::FormErrors;
use crate::kit::text::slugify;
use crate::ledger::entry::Entry;
use crate::tokens::model::methodology::{Document, Factor, Formula};
use crate::tokens::model::money;
use crate::tokens::policy::{self, Action, CityFacts, Object};
use crate::tokens::store::{self, Programme};
use crate::web::forms::Refusal;

/// A programme's terms as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ProgrammeForm {
    pub name: String,
    pub code: String,
    pub description: String,
    /// Percent withheld in the buffer, up to two decimals (`5`, `2.5`).
    pub buffer_percent: String,
    pub second_verifier_tokens: String,
    /// Euros paid per token by the civic fund (`0.10`).
    pub rate_euros: String,
    #[serde(default)]
    pub transferable: Option<String>,
}

/// Reads a percentage with up to two decimals as basis points.
fn basis_points(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('%').trim();
    if s == "0" {
        return Some(0);
    }
    money::parse_euros(s).filter(|bp| *bp <= 10_000)
}

/// Validates a programme's terms.
pub fn validate(f: &ProgrammeForm) -> Result<(String, String, i64, i64, i64), FormErrors> {
    let mut e = FormErrors::new();
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        e.add("name", "field-programme-name-invalid");
    }
    let slug = slugify(name);
    if slug.is_empty() && !name.is_empty() {
        e.add("name", "field-programme-name-invalid");
    }
    let code = f.code.trim().to_ascii_uppercase();
    if code.is_empty()
        || code.len() > 12
        || !code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        e.add("code", "field-programme-code-invalid");
    }
    if f.description.trim().chars().count() > 4000 {
        e.add("description", "field-programme-description-too-long");
    }
    let buffer = basis_points(&f.buffer_percent);
    if buffer.is_none() {
        e.add("buffer_percent", "field-programme-buffer-invalid");
    }
    let threshold = f
        .second_verifier_tokens
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|t| (0..=100_000_000).contains(t));
    if threshold.is_none() {
        e.add(
            "second_verifier_tokens",
            "field-programme-threshold-invalid",
        );
    }
    let rate = match f.rate_euros.trim() {
        "0" => Some(0),
        r => money::parse_euros(r).filter(|c| *c <= 100_000),
    };
    if rate.is_none() {
        e.add("rate_euros", "field-programme-rate-invalid");
    }
    let (Some(buffer), Some(threshold), Some(rate)) = (buffer, threshold, rate) else {
        return Err(e);
    };
    e.into_result((slug, code, buffer, threshold, rate))
}

/// An administrator creates a programme, its system accounts and its ledger entry.
pub fn create_in(
    conn: &mut AnyConnection,
    who: &Who,
    f: &ProgrammeForm,
    now: NaiveDateTime,
) -> Result<Programme, Refusal> {
    policy::may(Some(who), &Object::Programme, Action::Administer)?;
    let (slug, code, buffer, threshold, rate) = validate(f)?;
    let transferable = f.transferable.is_some();
    let inserted = diesel::insert_into(token_programmes::table)
        .values((
            token_programmes::slug.eq(&slug),
            token_programmes::code.eq(&code),
            token_programmes::name.eq(f.name.trim()),
            token_programmes::description.eq(f.description.trim()),
            token_programmes::buffer_bp.eq(buffer),
            token_programmes::second_verifier_tokens.eq(threshold),
            token_programmes::rate_cents.eq(rate),
            token_programmes::transferable.eq(transferable),
            token_programmes::serials.eq(0),
            token_programmes::created_by.eq(who.id),
            token_programmes::created_at.eq(now),
        ))
        .returning(token_programmes::id)
        .get_result::<i64>(conn);
    let id = match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(Refusal::field("code", "field-programme-taken"));
        }
        other => other?,
    };
    store::open_system_accounts(conn, id, now)?;
    let entry = Entry::new("token.programme")
        .with("programme", slug.as_str())
        .with("buffer_bp", buffer)
        .with("second_verifier_tokens", threshold)
        .with("rate_cents", rate)
        .with("transferable", if transferable { "yes" } else { "no" })
        .with("by", accounts::pseudonym(conn, who.id)?.as_str());
    crate::ledger::kinds::append(conn, &entry)?;
    Ok(store::programme_by_id(conn, id)?)
}

/// A methodology to publish, as typed: the formula, its texts, and for each of the
/// formula's factor roles the factor's key in the shipped table and its vintage.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct MethodologyForm {
    pub formula: String,
    pub title: String,
    pub applicability: String,
    /// (role, factor key, vintage year).
    #[serde(skip)]
    pub factors: Vec<(String, String, String)>,
}

/// The methodology code and version a document was published as, and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub id: i64,
    pub code: String,
    pub version: u32,
    pub sha256: String,
}

/// An administrator publishes the next version of a methodology, with its factors
/// taken from `table`; its document's SHA-256 goes on the ledger.
pub fn publish_in(
    conn: &mut AnyConnection,
    who: &Who,
    f: &MethodologyForm,
    table: &[Factor],
    now: NaiveDateTime,
) -> Result<Published, Refusal> {
    policy::may(Some(who), &Object::Programme, Action::Administer)?;
    let Some(formula) = Formula::parse(&f.formula) else {
        return Err(Refusal::field(
            "formula",
            "field-methodology-formula-invalid",
        ));
    };
    let latest: Option<i64> = token_methodologies::table
        .filter(token_methodologies::code.eq(formula.methodology_code()))
        .select(diesel::dsl::max(token_methodologies::version))
        .first(conn)?;
    let version = u32::try_from(latest.unwrap_or(0) + 1)
        .map_err(|_| AppError::internal("methodology version overflow"))?;
    let chosen: Vec<(&str, &str, &str)> = f
        .factors
        .iter()
        .map(|(r, k, v)| (r.as_str(), k.as_str(), v.as_str()))
        .collect();
    let doc = Document::new(formula, version, &f.title, &f.applicability, table, &chosen).map_err(
        |field| {
            let key = match field.as_str() {
                "title" => ("title", "field-methodology-title-invalid"),
                "applicability" => ("applicability", "field-methodology-applicability-invalid"),
                f if f.starts_with("vintage") => ("factors", "field-methodology-vintage-invalid"),
                _ => ("factors", "field-methodology-factor-invalid"),
            };
            Refusal::field(key.0, key.1)
        },
    )?;
    let text = doc
        .canonical()
        .map_err(|e| AppError::internal(format!("a methodology document: {e}")))?;
    let sha256 = crate::util::sha256_hex(text.as_bytes());
    let inserted = diesel::insert_into(token_methodologies::table)
        .values((
            token_methodologies::code.eq(&doc.code),
            token_methodologies::version.eq(i64::from(version)),
            token_methodologies::formula.eq(&doc.formula),
            token_methodologies::title.eq(&doc.title),
            token_methodologies::document.eq(&text),
            token_methodologies::document_sha256.eq(&sha256),
            token_methodologies::published_by.eq(who.id),
            token_methodologies::published_at.eq(now),
        ))
        .returning(token_methodologies::id)
        .get_result::<i64>(conn);
    let id = match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(AppError::Conflict("methodology-version-taken").into());
        }
        other => other?,
    };
    let entry = Entry::new("token.methodology_published")
        .with("methodology", doc.id().as_str())
        .with("document_sha256", sha256.as_str())
        .with("by", accounts::pseudonym(conn, who.id)?.as_str());
    crate::ledger::kinds::append(conn, &entry)?;
    Ok(Published {
        id,
        code: doc.code,
        version,
        sha256,
    })
}

/// An administrator accredits a person holding the verifier role to a programme.
pub fn accredit_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    email: &str,
    now: NaiveDateTime,
) -> Result<(), Refusal> {
    policy::may(Some(who), &Object::Programme, Action::Administer)?;
    let p = store::programme_by_slug(conn, slug)?;
    let Some(uid) = accounts::person_by_email(conn, email.trim())? else {
        return Err(Refusal::field("email", "field-verifier-unknown"));
    };
    if !accounts::roles_of(conn, uid)?.contains(&Role::Verifier) {
        return Err(Refusal::field("email", "field-verifier-not-verifier"));
    }
    let inserted = diesel::insert_into(token_verifiers::table)
        .values((
            token_verifiers::programme_id.eq(p.id),
            token_verifiers::user_id.eq(uid),
            token_verifiers::accredited_by.eq(who.id),
            token_verifiers::accredited_at.eq(now),
        ))
        .execute(conn);
    match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => {
            return Err(Refusal::field("email", "field-verifier-already"));
        }
        other => other?,
    };
    let entry = Entry::new("token.verifier_accredited")
        .with("programme", p.slug.as_str())
        .with("verifier", accounts::pseudonym(conn, uid)?.as_str())
        .with("by", accounts::pseudonym(conn, who.id)?.as_str());
    crate::ledger::kinds::append(conn, &entry)?;
    Ok(())
}

/// An acceptance point as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct PointForm {
    pub name: String,
    pub description: String,
    pub price_tokens: String,
    /// The office that checks its vouchers (an id), if any.
    #[serde(default)]
    pub office: String,
}

/// An administrator sets up an acceptance point: a city service priced in tokens.
pub fn create_point_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    f: &PointForm,
    now: NaiveDateTime,
) -> Result<i64, Refusal> {
    policy::may(Some(who), &Object::Programme, Action::Administer)?;
    let p = store::programme_by_slug(conn, slug)?;
    let mut e = FormErrors::new();
    let name = f.name.trim();
    let point_slug = slugify(name);
    if name.is_empty() || name.chars().count() > 120 || point_slug.is_empty() {
        e.add("name", "field-point-name-invalid");
    }
    if f.description.trim().chars().count() > 2000 {
        e.add("description", "field-point-description-too-long");
    }
    let price = f
        .price_tokens
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|p| (1..=1_000_000).contains(p));
    if price.is_none() {
        e.add("price_tokens", "field-point-price-invalid");
    }
    let office = match f.office.trim() {
        "" => None,
        o => match o.parse::<i64>().ok() {
            Some(id) if accounts::office(conn, id)?.is_some() => Some(id),
            _ => {
                e.add("office", "field-point-office-invalid");
                None
            }
        },
    };
    let Some(price) = price else {
        return Err(e.into());
    };
    if !e.is_empty() {
        return Err(e.into());
    }
    let inserted = diesel::insert_into(token_points::table)
        .values((
            token_points::programme_id.eq(p.id),
            token_points::slug.eq(&point_slug),
            token_points::name.eq(name),
            token_points::description.eq(f.description.trim()),
            token_points::price_tokens.eq(price),
            token_points::office_id.eq(office),
            token_points::active.eq(true),
            token_points::created_at.eq(now),
        ))
        .returning(token_points::id)
        .get_result::<i64>(conn);
    match inserted {
        Err(e) if crate::db::is_unique_violation(&e) => {
            Err(Refusal::field("name", "field-point-taken"))
        }
        other => Ok(other?),
    }
}

/// A deposit into the civic fund as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct DepositForm {
    /// The sponsor's public name; empty for the city itself.
    #[serde(default)]
    pub sponsor: String,
    pub euros: String,
    pub purpose: String,
    #[serde(default)]
    pub idempotency_key: String,
}

/// What a deposit form asks, checked.
fn deposit_terms(f: &DepositForm) -> Result<(String, bool, i64, String), FormErrors> {
    let mut e = FormErrors::new();
    let sponsor = f.sponsor.trim();
    if sponsor.chars().count() > 120 {
        e.add("sponsor", "field-deposit-sponsor-too-long");
    }
    let cents = money::parse_euros(&f.euros);
    if cents.is_none() {
        e.add("euros", "field-deposit-euros-invalid");
    }
    let purpose = f.purpose.trim();
    if purpose.is_empty() || purpose.chars().count() > 500 {
        e.add("purpose", "field-deposit-purpose-invalid");
    }
    let Some(cents) = cents else {
        return Err(e);
    };
    e.into_result((
        sponsor.to_string(),
        sponsor.is_empty(),
        cents,
        purpose.to_string(),
    ))
}

/// Whether `who` may move the city's money (deposits, payouts).
pub(super) fn city_facts(conn: &mut AnyConnection, who: &Who) -> Result<CityFacts, AppError> {
    let coordinating = accounts::coordinating_office(conn)?;
    Ok(CityFacts {
        coordinating: coordinating.is_some_and(|c| {
            accounts::offices_of(conn, who.id).is_ok_and(|mine| mine.contains(&c))
        }),
        point_office: false,
    })
}

/// Records a deposit into the civic fund, under the ledger's lock at `index`.
pub fn deposit_in(
    conn: &mut AnyConnection,
    who: &Who,
    slug: &str,
    f: &DepositForm,
    index: i64,
    now: NaiveDateTime,
) -> Result<Receipt, Refusal> {
    let facts = city_facts(conn, who)?;
    policy::may(Some(who), &Object::City(facts), Action::Deposit)?;
    let p = store::programme_by_slug(conn, slug)?;
    let (sponsor, by_city, cents, purpose) = deposit_terms(f)?;
    let id: i64 = diesel::insert_into(token_fund_deposits::table)
        .values((
            token_fund_deposits::programme_id.eq(p.id),
            token_fund_deposits::sponsor.eq(&sponsor),
            token_fund_deposits::by_city.eq(by_city),
            token_fund_deposits::cents.eq(cents),
            token_fund_deposits::purpose.eq(&purpose),
            token_fund_deposits::recorded_by.eq(who.id),
            token_fund_deposits::ledger_index.eq(index),
            token_fund_deposits::created_at.eq(now),
        ))
        .returning(token_fund_deposits::id)
        .get_result(conn)?;
    let entry = Entry::new("token.fund_deposit")
        .with("programme", p.slug.as_str())
        .with("deposit", id)
        .with("cents", cents)
        .with("source", if by_city { "city" } else { "sponsor" })
        .with(
            "sponsor_sha256",
            crate::ledger::kinds::typed(&sponsor).as_str(),
        )
        .with("by", accounts::pseudonym(conn, who.id)?.as_str());
    post::appended(conn, &entry, index)?;
    Ok(Receipt::new("deposit", id))
}

/// A deposit (the web's use-case), once per idempotency key.
pub async fn deposit(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    f: DepositForm,
) -> Result<Receipt, Refusal> {
    let fp = super::requests::fingerprint(&["deposit", slug, &f.sponsor, &f.euros, &f.purpose]);
    let (w, s, now) = (who.clone(), slug.to_string(), ports.clock.now());
    let key = f.idempotency_key.clone();
    super::requests::once(&ports.db, who.id, &key, fp, now, move |conn, index| {
        deposit_in(conn, &w, &s, &f, index, now)
    })
    .await
}

/// Creates a programme (the web's use-case), once per idempotency key.
pub async fn create(
    ports: &crate::ports::Ports,
    who: &Who,
    f: ProgrammeForm,
    key: String,
) -> Result<super::requests::Receipt, Refusal> {
    let fp = super::requests::fingerprint(&[
        "programme",
        &f.name,
        &f.code,
        &f.description,
        &f.buffer_percent,
        &f.second_verifier_tokens,
        &f.rate_euros,
        f.transferable.as_deref().unwrap_or(""),
    ]);
    let (w, now) = (who.clone(), ports.clock.now());
    super::requests::once(&ports.db, who.id, &key, fp, now, move |conn, _| {
        let p = create_in(conn, &w, &f, now)?;
        Ok(super::requests::Receipt::new("programme", p.id))
    })
    .await
}

/// Publishes a methodology (the web's use-case), once per idempotency key: a form
/// sent twice does not publish two versions.
pub async fn publish(
    ports: &crate::ports::Ports,
    who: &Who,
    f: MethodologyForm,
    key: String,
) -> Result<super::requests::Receipt, Refusal> {
    let mut parts = vec![
        "methodology".to_string(),
        f.formula.clone(),
        f.title.clone(),
        f.applicability.clone(),
    ];
    parts.extend(f.factors.iter().map(|(r, k, v)| format!("{r}={k}@{v}")));
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    let fp = super::requests::fingerprint(&refs);
    let table = crate::tokens::shipped_factors().map_err(AppError::internal)?;
    let (w, now) = (who.clone(), ports.clock.now());
    super::requests::once(&ports.db, who.id, &key, fp, now, move |conn, _| {
        let p = publish_in(conn, &w, &f, &table, now)?;
        Ok(super::requests::Receipt::new("methodology", p.id))
    })
    .await
}

/// Accredits a verifier (the web's use-case), once per idempotency key.
pub async fn accredit(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    email: String,
    key: String,
) -> Result<super::requests::Receipt, Refusal> {
    let fp = super::requests::fingerprint(&["accredit", slug, &email]);
    let (w, s, now) = (who.clone(), slug.to_string(), ports.clock.now());
    super::requests::once(&ports.db, who.id, &key, fp, now, move |conn, _| {
        accredit_in(conn, &w, &s, &email, now)?;
        Ok(super::requests::Receipt::new("verifier", 0))
    })
    .await
}

/// Sets up an acceptance point (the web's use-case), once per idempotency key.
pub async fn create_point(
    ports: &crate::ports::Ports,
    who: &Who,
    slug: &str,
    f: PointForm,
    key: String,
) -> Result<super::requests::Receipt, Refusal> {
    let fp = super::requests::fingerprint(&[
        "point",
        slug,
        &f.name,
        &f.description,
        &f.price_tokens,
        &f.office,
    ]);
    let (w, s, now) = (who.clone(), slug.to_string(), ports.clock.now());
    super::requests::once(&ports.db, who.id, &key, fp, now, move |conn, _| {
        let id = create_point_in(conn, &w, &s, &f, now)?;
        Ok(super::requests::Receipt::new("point", id))
    })
    .await
}
