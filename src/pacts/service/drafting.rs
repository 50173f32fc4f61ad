//! From a short proposal to the pact's text: the templates the city keeps per commons
//! category (kept by the coordinating office and administrators), and the draft that
//! opens co-design, written from the template of the pact's first commons (or the
//! city's default template).

use diesel::prelude::*;

use super::{WRITES_PER_HOUR, denied, limit};
use crate::accounts::api as accounts;
use crate::commons::api as commons;
use crate::db::AnyConnection;
use crate::db::schema::{pact_proposals, pact_templates, pacts};
use crate::error::AppError;
use crate::pacts::policy;
use crate::pacts::store::{self, Env, Pact, Who};
use crate::pacts::text::Template;
use crate::ports::Ports;
use crate::web::forms::{FormErrors, Refusal};

/// The default template's key: used for a category without a template of its own.
pub const DEFAULT_TEMPLATE: &str = "";

/// A template as stored: its category, clauses and when it last changed.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = pact_templates)]
struct TemplateRow {
    category: String,
    commitments: String,
    public_use: String,
    risks: String,
    liability: String,
    reporting_months: i64,
    output_licence: String,
    termination: String,
    disputes: String,
    updated_by: Option<i64>,
    updated_at: chrono::NaiveDateTime,
}

/// Every template the city keeps: (category, template, last changed).
fn all_in(
    conn: &mut AnyConnection,
) -> Result<Vec<(String, Template, Option<chrono::NaiveDateTime>)>, AppError> {
    let rows: Vec<TemplateRow> = pact_templates::table
        .select(TemplateRow::as_select())
        .order(pact_templates::category.asc())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let t = Template {
                commitments: r.commitments,
                public_use: r.public_use,
                risks: r.risks,
                liability: r.liability,
                reporting_months: r.reporting_months,
                output_licence: r.output_licence,
                termination: r.termination,
                disputes: r.disputes,
            };
            (r.category, t, Some(r.updated_at))
        })
        .collect())
}

/// Writes the template of `category` (replacing the one kept), as `by` at `at`; the
/// caller has asked the policy (`policy::may_keep_templates`).
pub fn keep_in(
    conn: &mut AnyConnection,
    category: &str,
    t: &Template,
    by: Option<i64>,
    at: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    diesel::delete(pact_templates::table.find(category)).execute(conn)?;
    diesel::insert_into(pact_templates::table)
        .values(TemplateRow {
            category: category.to_string(),
            commitments: t.commitments.clone(),
            public_use: t.public_use.clone(),
            risks: t.risks.clone(),
            liability: t.liability.clone(),
            reporting_months: t.reporting_months,
            output_licence: t.output_licence.clone(),
            termination: t.termination.clone(),
            disputes: t.disputes.clone(),
            updated_by: by,
            updated_at: at,
        })
        .execute(conn)?;
    Ok(())
}

/// The template for a category, else the city's default one, else none.
pub fn template_for(
    conn: &mut AnyConnection,
    category: &str,
) -> Result<Option<Template>, AppError> {
    let all = all_in(conn)?;
    let pick = |key: &str| {
        all.iter()
            .find(|(c, _, _)| c == key)
            .map(|(_, t, _)| t.clone())
    };
    Ok(pick(category).or_else(|| pick(DEFAULT_TEMPLATE)))
}

/// Opens co-design on a short proposal: the clauses it left empty are written from
/// the template of its first commons' category, as a new version by `author` (the
/// official who opened co-design), once in the pact's life. Nothing happens when the
/// city keeps no template or the text already says everything the template would.
pub(super) fn draft_in(
    conn: &mut AnyConnection,
    env: &Env,
    p: &Pact,
    author: i64,
) -> Result<Option<i64>, AppError> {
    let drafted: Option<Option<chrono::NaiveDateTime>> = pact_proposals::table
        .find(p.id)
        .select(pact_proposals::drafted_at)
        .first(conn)
        .optional()?;
    if drafted.flatten().is_some() {
        return Ok(None);
    }
    let first = store::commons_of(conn, p.id)?.into_iter().next();
    let category = match first {
        Some(c) => commons::categories(conn, &[c])?
            .pop()
            .map(|(_, cat)| cat)
            .unwrap_or_default(),
        None => String::new(),
    };
    // Marked drafted even when nothing changes: co-design writes the text from now on.
    mark_drafted(conn, p.id, env.now)?;
    let Some(template) = template_for(conn, &category)? else {
        return Ok(None);
    };
    let current = store::version(conn, p.id, p.version)?;
    let filled = template.fill(&current.text);
    if filled == current.text {
        return Ok(None);
    }
    let n = p.version + 1;
    let version = store::write_version(
        conn,
        store::Slot::New {
            pact: p.id,
            number: n,
            at: env.now,
        },
        &filled,
        "",
        author,
    )?;
    let values = super::support::values_of(conn, current.id)?;
    super::support::write_values(conn, version, &values)?;
    diesel::update(pacts::table.find(p.id))
        .set((pacts::version.eq(n), pacts::updated_at.eq(env.now)))
        .execute(conn)?;
    store::event(
        conn,
        p.id,
        "drafted",
        None,
        None,
        Some(author),
        "official",
        None,
        Some(n),
        None,
        env.now,
    )?;
    Ok(Some(n))
}

fn mark_drafted(
    conn: &mut AnyConnection,
    pact: i64,
    at: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    let updated = diesel::update(pact_proposals::table.find(pact))
        .set(pact_proposals::drafted_at.eq(Some(at)))
        .execute(conn)?;
    if updated == 0 {
        // A pact proposed before short proposals existed.
        diesel::insert_into(pact_proposals::table)
            .values((
                pact_proposals::pact_id.eq(pact),
                pact_proposals::drafted_at.eq(Some(at)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The templates page: every commons category and the default, each with its
/// template (empty when the city keeps none) and when it last changed.
pub struct TemplateDesk {
    pub templates: Vec<(String, Template, Option<chrono::NaiveDateTime>)>,
}

fn may_keep(conn: &mut AnyConnection, who: &Who) -> Result<(), Refusal> {
    let offices = accounts::offices_of(conn, who.id)?;
    let coordinating = accounts::coordinating_office(conn)?;
    policy::may_keep_templates(who, &offices, coordinating).map_err(denied)
}

/// The category codes a template may be kept for: the default and each category.
pub fn template_keys() -> Vec<&'static str> {
    std::iter::once(DEFAULT_TEMPLATE)
        .chain(commons::category_codes())
        .collect()
}

/// The templates, for those who keep them.
pub async fn templates(ports: &Ports, who: &Who) -> Result<TemplateDesk, Refusal> {
    let who = who.clone();
    ports
        .db
        .try_transaction(move |conn| {
            may_keep(conn, &who)?;
            let kept = all_in(conn)?;
            let templates = template_keys()
                .into_iter()
                .map(|k| {
                    kept.iter()
                        .find(|(c, _, _)| c == k)
                        .cloned()
                        .unwrap_or_else(|| (k.to_string(), Template::default(), None))
                })
                .collect();
            Ok(TemplateDesk { templates })
        })
        .await
}

/// Writes the template of `category` (a category code, or the default's `""`).
pub async fn save_template(
    ports: &Ports,
    who: &Who,
    category: String,
    template: Result<Template, FormErrors>,
) -> Result<(), Refusal> {
    let who = who.clone();
    let now = ports.clock.now();
    if !template_keys().contains(&category.as_str()) {
        return Err(AppError::NotFound.into());
    }
    limit(ports, "write", who.id, WRITES_PER_HOUR).await?;
    ports
        .db
        .try_transaction(move |conn| {
            may_keep(conn, &who)?;
            let t = template.map_err(Refusal::Form)?;
            keep_in(conn, &category, &t, Some(who.id), now)?;
            Ok(())
        })
        .await
}
