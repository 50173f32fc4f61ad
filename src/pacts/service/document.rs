//! The signed pact as a document, and its protocol number.
//!
//! - [`signed_pdf`]: the PDF of the signed version (`pacts::document`), for whoever may
//!   see the pact, in their language; a pact never signed has none (404). Its read
//!   model loads in a fixed number of queries whatever the pact's size.
//! - [`register_protocol`]: the lead office records the number the city's register
//!   (*protocollo*) gave the signed pact. A second registration replaces the first;
//!   the pact's history keeps both.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::allow;
use crate::accounts::api as accounts;
use crate::db::AnyConnection;
use crate::db::schema::{pact_registrations, pact_signatures};
use crate::error::AppError;
use crate::pacts::document::{self, Clause, Labels, SignatureLine, SignedPact};
use crate::pacts::policy::{self, Action};
use crate::pacts::store::{self, Env, Who};
use crate::pacts::text::PactText;
use crate::ports::Ports;
use crate::web::dates;
use crate::web::forms::{FormErrors, Refusal};
use crate::web::i18n::{Lang, catalog};

/// The longest protocol number, in characters.
pub const MAX_PROTOCOL: usize = 40;

/// A protocol number as the register writes it: one line of 1 to [`MAX_PROTOCOL`]
/// characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolNumber(String);

impl ProtocolNumber {
    /// The number typed in the form's `protocol_number` field.
    pub fn parse(typed: &str) -> Result<ProtocolNumber, FormErrors> {
        let v = crate::pacts::text::one_line(typed);
        let mut errors = FormErrors::new();
        if v.is_empty() {
            errors.add("protocol_number", "field-required");
        } else if v.chars().count() > MAX_PROTOCOL {
            errors.add("protocol_number", "pactdoc-protocol-too-long");
        } else if v.chars().any(char::is_control) {
            errors.add("protocol_number", "pactdoc-protocol-invalid");
        }
        if errors.is_empty() {
            Ok(ProtocolNumber(v))
        } else {
            Err(errors)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The PDF of pact `id`'s signed version, in `lang`, if `who` may see the pact and it
/// was ever signed (else 404).
pub async fn signed_pdf(
    ports: &Ports,
    who: Option<&Who>,
    id: i64,
    lang: Lang,
) -> Result<Vec<u8>, AppError> {
    let (env, who) = (Env::from_ports(ports), who.cloned());
    let doc = ports
        .db
        .run(move |conn| signed_pact_in(conn, &env, who.as_ref(), id, lang))
        .await?;
    Ok(document::render(&doc))
}

/// The protocol number registered for pact `id`, if any (for the pact page too).
pub fn protocol_number(conn: &mut AnyConnection, id: i64) -> Result<Option<String>, AppError> {
    Ok(pact_registrations::table
        .find(id)
        .select(pact_registrations::protocol_number)
        .first(conn)
        .optional()?)
}

/// The read model of the signed pact's document (see [`signed_pdf`]).
pub fn signed_pact_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: Option<&Who>,
    id: i64,
    lang: Lang,
) -> Result<SignedPact, AppError> {
    let p = store::load(conn, id)?;
    let facts = store::pact_facts(conn, &p, who, env.today())?;
    if policy::may(who, &facts, Action::See).is_err() {
        return Err(AppError::NotFound);
    }
    let (Some(number), Some(sha), Some(index)) = (
        p.signed_version,
        p.signed_sha256.clone(),
        p.signed_ledger_index,
    ) else {
        return Err(AppError::NotFound);
    };
    let version = store::version(conn, id, number)?;
    type SigRow = (
        String,
        i64,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        NaiveDateTime,
    );
    let signatures: Vec<SigRow> = pact_signatures::table
        .filter(pact_signatures::pact_id.eq(id))
        .filter(pact_signatures::version.eq(number))
        .order(pact_signatures::id.asc())
        .select((
            pact_signatures::party,
            pact_signatures::user_id,
            pact_signatures::group_id,
            pact_signatures::office_id,
            pact_signatures::on_behalf_of,
            pact_signatures::signed_at,
        ))
        .load(conn)?;
    let cosigners = store::cosigners(conn, id)?;
    let commons = store::commons_of(conn, id)?;
    let protocol = protocol_number(conn, id)?;
    // Everyone, every group and every office the document names, one query each.
    let mut people = vec![p.proposer_id];
    people.extend(&cosigners);
    for s in &signatures {
        people.push(s.1);
        people.extend(s.4);
    }
    let names = accounts::display_names(conn, &people)?;
    let mut group_ids: Vec<i64> = signatures.iter().filter_map(|s| s.2).collect();
    group_ids.extend(p.group_id);
    let groups = accounts::group_cards(conn, &group_ids)?;
    let mut office_ids: Vec<i64> = signatures.iter().filter_map(|s| s.3).collect();
    office_ids.extend(p.office_id);
    let offices = accounts::office_names_of(conn, &office_ids)?;
    let viewer = who.map(|w| crate::commons::api::Viewer {
        id: w.id,
        official: w.has(crate::kit::roles::Role::Official),
    });
    let visible = crate::commons::api::visible_names(conn, &commons, viewer, commons.len())?;

    let t = |key: &str| catalog().t(lang, key);
    let name = |uid: i64| {
        names
            .iter()
            .find(|n| n.0 == uid)
            .map(|n| n.1.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "—".to_string())
    };
    let group = |gid: i64| groups.iter().find(|g| g.id == gid).map(|g| g.name.clone());
    let office = |oid: Option<i64>| {
        oid.and_then(|o| offices.iter().find(|x| x.0 == o))
            .map(|x| x.1.clone())
    };
    let lead_office = office(p.office_id).unwrap_or_else(|| t("pact-office-none"));
    let proposer = match p.group_id.and_then(group) {
        Some(g) => format!("{g} ({})", name(p.proposer_id)),
        None => name(p.proposer_id),
    };
    let mut parties = vec![(t("pact-party-proposer"), proposer)];
    parties.extend(
        cosigners
            .iter()
            .map(|c| (t("pact-party-cosigner"), name(*c))),
    );
    parties.push((
        t("pact-party-city"),
        format!("{} · {lead_office}", env.city),
    ));
    let signatures = signatures
        .iter()
        .map(|(party, uid, gid, oid, behalf, at)| {
            let mut signer = name(*uid);
            if let Some(g) = gid.and_then(group) {
                signer.push_str(&format!(" ({g})"));
            }
            if let Some(b) = behalf {
                signer.push_str(&format!(
                    " · {}",
                    t1(lang, "pactdoc-on-behalf-of", "name", &name(*b))
                ));
            }
            let mut party = t(&format!("pact-party-{party}"));
            if let Some(o) = office(*oid) {
                party.push_str(&format!(" · {o}"));
            }
            SignatureLine {
                party,
                signer,
                date: dates::date(lang, at.date()),
            }
        })
        .collect();
    let commons = commons
        .iter()
        .map(|c| match visible.iter().find(|v| v.0 == *c) {
            Some((_, n)) => format!("{n} (#{c})"),
            None => format!("#{c}"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    Ok(SignedPact {
        lang: lang.code().to_string(),
        title: version.text.title.clone(),
        pact_id: id,
        protocol_number: protocol,
        kind: t(&p.kind.label_key()),
        office: lead_office,
        commons,
        act_number: p.act_number.clone().filter(|a| !a.trim().is_empty()),
        version: number,
        signed_on: p
            .signed_at
            .map(|d| dates::date(lang, d.date()))
            .unwrap_or_default(),
        parties,
        clauses: clauses(&version.text, lang),
        signatures,
        text_sha256: sha,
        ledger_index: index,
        ledger_url: format!("{}/ledger/entries/{index}", env.base_url),
        text_url: format!("{}/pacts/{id}/versions/{number}.txt", env.base_url),
        labels: labels(lang, &env.city, id),
    })
}

fn t1(lang: Lang, key: &str, arg: &str, value: &str) -> String {
    catalog().t_args(
        lang,
        key,
        &[(arg, fluent_bundle::FluentValue::from(value.to_string()))],
    )
}

/// The clauses in the order of the text, each as the reader's language writes it.
fn clauses(text: &PactText, lang: Lang) -> Vec<Clause> {
    let t = |key: &str| catalog().t(lang, key);
    let day = |d: chrono::NaiveDate| dates::date(lang, d);
    text.clauses()
        .into_iter()
        .filter(|(code, _, _)| *code != "title")
        .map(|(code, key, value)| {
            let mut items = Vec::new();
            let text = match code {
                "dates" => format!("{} – {}", day(text.start_date), day(text.end_date)),
                "insurance" if text.insurance_policy.is_empty() => t("pact-none"),
                "insurance" => {
                    let mut s = format!("{} · {}", text.insurance_policy, text.insurer);
                    if let Some(d) = text.insurance_expiry {
                        s.push_str(&format!(
                            " · {} {}",
                            t("field-pact-insurance-expiry"),
                            day(d)
                        ));
                    }
                    s
                }
                "risks" if value.is_empty() => t("pact-none"),
                "support" if text.support.is_empty() => t("pact-no-support"),
                "support" => {
                    items = text
                        .support
                        .iter()
                        .map(|l| {
                            let mut s = format!("{}: {}", t(&l.kind.label_key()), l.description);
                            for extra in [&l.quantity, &l.period] {
                                if !extra.is_empty() {
                                    s.push_str(&format!(" · {extra}"));
                                }
                            }
                            s
                        })
                        .collect();
                    String::new()
                }
                "reporting" => catalog().t_args(
                    lang,
                    "pact-reporting-every",
                    &[(
                        "months",
                        fluent_bundle::FluentValue::from(text.reporting_months),
                    )],
                ),
                _ => value,
            };
            Clause {
                heading: t(key),
                text,
                items,
            }
        })
        .collect()
}

fn labels(lang: Lang, city: &str, id: i64) -> Labels {
    let t = |key: &str| catalog().t(lang, key);
    Labels {
        header: format!("{city} · {}", t("pacts-title")),
        pact_number: t1(lang, "pact-number", "id", &id.to_string()),
        protocol: t("pactdoc-protocol"),
        kind: t("pactdoc-type"),
        office: t("pact-office"),
        commons: t("field-pact-commons"),
        act_number: t("field-pact-act-number"),
        version: t("pactdoc-version"),
        signed_on: t("pact-signed-on"),
        parties: t("pact-parties"),
        text: t("pact-text"),
        signatures: t("pact-signatures"),
        party: t("pact-party"),
        signer: t("pact-signer"),
        date: t("pact-signed-on"),
        verification: t("pact-verification"),
        sha256: t("pact-text-hash"),
        ledger: t("pact-ledger-entry"),
        canonical: t("pact-canonical-text"),
        scan: t("pactdoc-scan"),
    }
}

/// The lead office records the signed pact's protocol number (see
/// [`register_protocol`]); a number already there is replaced, and the history
/// keeps the new one with who recorded it.
pub fn register_protocol_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    number: Result<ProtocolNumber, FormErrors>,
) -> Result<(), Refusal> {
    let p = store::load(conn, id)?;
    let facts = allow(conn, env, &p, Some(who), Action::RegisterProtocol)?;
    let number = number?;
    let updated = diesel::update(pact_registrations::table.find(id))
        .set((
            pact_registrations::protocol_number.eq(number.as_str()),
            pact_registrations::registered_by.eq(Some(who.id)),
            pact_registrations::registered_at.eq(env.now),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(pact_registrations::table)
            .values((
                pact_registrations::pact_id.eq(id),
                pact_registrations::protocol_number.eq(number.as_str()),
                pact_registrations::registered_by.eq(Some(who.id)),
                pact_registrations::registered_at.eq(env.now),
            ))
            .execute(conn)?;
    }
    let role = if policy::standing(Some(who), &facts).official {
        "official"
    } else {
        "admin"
    };
    store::event(
        conn,
        id,
        "protocol_registered",
        None,
        None,
        Some(who.id),
        role,
        Some(number.as_str()),
        p.signed_version,
        None,
        env.now,
    )?;
    Ok(())
}

/// The lead office's official (or an administrator) records the protocol number of a
/// signed pact: [`register_protocol_in`] in one transaction.
pub async fn register_protocol(
    ports: &Ports,
    who: &Who,
    id: i64,
    number: Result<ProtocolNumber, FormErrors>,
) -> Result<(), Refusal> {
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| register_protocol_in(conn, &env, &who, id, number))
        .await
}
