//! The city's pact templates, one per commons category: the list and the form the
//! coordinating office keeps them with.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::web;
use askama::Template as Page;

use super::Res;
use crate::accounts::api::CurrentUser;
use crate::error::AppError;
use crate::pacts::service::{self, DEFAULT_TEMPLATE};
use crate::pacts::store::Who;
use crate::pacts::text::{TEMPLATE_CLAUSES, Template, TemplateInput};
use crate::ports::AppState;
use crate::web::forms::{FormData, FormErrors, Refusal};
use crate::web::page::PageCtx;
use crate::web::session::{FlashLevel, push_flash};
use crate::web::{render, render_with_status, see_other};

/// The label key of a template's category ("" is the city's default template).
fn category_key(category: &str) -> String {
    if category == DEFAULT_TEMPLATE {
        "pact-template-default".into()
    } else {
        crate::commons::api::category_label_key(category)
            .unwrap_or_else(|| "pact-template-default".into())
    }
}

/// The URL key of a category ("default" for the default template).
fn slug(category: &str) -> &str {
    if category == DEFAULT_TEMPLATE {
        "default"
    } else {
        category
    }
}

#[derive(Page)]
#[template(path = "pacts/templates.html")]
struct TemplatesPage {
    ctx: PageCtx,
    rows: Vec<(String, String, Template, Option<chrono::NaiveDateTime>)>,
}

/// `GET /pacts/templates`: every category's template, for those who keep them.
pub async fn templates(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let desk = match service::templates(&state, &Who::from(&user)).await {
        Ok(d) => d,
        Err(Refusal::App(e)) => return Err(e),
        Err(Refusal::Form(_)) => return Err(AppError::Forbidden),
    };
    let rows = desk
        .templates
        .into_iter()
        .map(|(c, t, at)| (slug(&c).to_string(), category_key(&c), t, at))
        .collect();
    Ok(render(&TemplatesPage { ctx, rows }))
}

#[derive(Page)]
#[template(path = "pacts/template_form.html")]
struct TemplateForm {
    ctx: PageCtx,
    slug: String,
    label: String,
    input: TemplateInput,
    errors: FormErrors,
}

impl TemplateForm {
    /// (code, label key, text as typed, on one line, a legal clause) per clause.
    fn clauses(&self) -> Vec<(&'static str, &'static str, &str, bool, bool)> {
        TEMPLATE_CLAUSES
            .iter()
            .zip(&self.input.clauses)
            .map(|((code, key), v)| {
                (
                    *code,
                    *key,
                    v.as_str(),
                    *code == "output_licence",
                    crate::pacts::text::LEGAL_CLAUSES.contains(code),
                )
            })
            .collect()
    }
}

/// The category a URL names (`default` for the default template), if it is one.
fn category_of(slug: &str) -> Result<String, AppError> {
    let category = if slug == "default" {
        DEFAULT_TEMPLATE
    } else {
        slug
    };
    if slug.is_empty() || !service::template_keys().contains(&category) {
        return Err(AppError::NotFound);
    }
    Ok(category.to_string())
}

/// `GET /pacts/templates/{category}`: one template's form.
pub async fn template_form(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Res {
    let category = category_of(&path)?;
    let desk = match service::templates(&state, &Who::from(&user)).await {
        Ok(d) => d,
        Err(Refusal::App(e)) => return Err(e),
        Err(Refusal::Form(_)) => return Err(AppError::Forbidden),
    };
    let t = desk
        .templates
        .into_iter()
        .find(|(c, _, _)| *c == category)
        .map(|(_, t, _)| t)
        .unwrap_or_default();
    let mut input = TemplateInput::of(&t);
    if t.reporting_months == 0 {
        input.reporting_months = "6".into();
    }
    Ok(render(&TemplateForm {
        ctx,
        slug: slug(&category).to_string(),
        label: category_key(&category),
        input,
        errors: FormErrors::new(),
    }))
}

/// `POST /pacts/templates/{category}`: saves one template.
pub async fn save_template(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<String>,
    body: web::Bytes,
) -> Res {
    let category = category_of(&path)?;
    let f = FormData::parse(&body);
    let input = TemplateInput {
        clauses: TEMPLATE_CLAUSES.map(|(code, _)| f.get(code).to_string()),
        reporting_months: f.get("reporting_months").to_string(),
    };
    let result = service::save_template(
        &state,
        &Who::from(&user),
        category.clone(),
        input.validate(),
    )
    .await;
    match result {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "pact-template-saved");
            Ok(see_other("/pacts/templates"))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &TemplateForm {
                ctx,
                slug: slug(&category).to_string(),
                label: category_key(&category),
                input,
                errors,
            },
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}
