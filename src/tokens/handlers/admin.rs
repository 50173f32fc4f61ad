//! Running a programme: an administrator creates programmes, publishes methodologies
//! (each version's page is public), accredits verifiers and sets up acceptance
//! points; the coordinating office's officials (or an administrator) record deposits
//! into the civic fund and pay or void exchanges; the offices that run acceptance
//! points check vouchers once. Every form carries an idempotency key.

use super::*;
use crate::tokens::model::methodology::{Factor, Formula};
use crate::tokens::policy::{self, Action, Object};
use crate::tokens::service::claims::{self as claim_service, MethodologyRow};
use crate::tokens::service::pages::{self, AdminPage, FundDesk};
use crate::tokens::service::programmes::{
    self as programme_service, DepositForm, MethodologyForm, PointForm, ProgrammeForm,
};
use crate::tokens::service::wallet::{self as wallet_service, SettleForm};

/// Turns a refused form's values back into a form to show.
fn echo_of(pairs: Vec<(&str, String)>) -> Result<FormData, AppError> {
    FormData::from_pairs(
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        &[],
    )
}

#[derive(Template)]
#[template(path = "tokens/programme_form.html")]
struct ProgrammeFormPage {
    ctx: PageCtx,
    errors: FormErrors,
    echo: FormData,
}

impl ProgrammeFormPage {
    fn key(&self) -> String {
        fresh_key()
    }
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
}

/// Refuses whoever may not run programmes.
fn administer(user: &CurrentUser) -> Result<(), AppError> {
    Ok(policy::may(
        Some(&user.who()),
        &Object::Programme,
        Action::Administer,
    )?)
}

/// `GET /tokens/new` (administrators).
pub async fn new_programme(ctx: PageCtx, user: CurrentUser) -> Res {
    administer(&user)?;
    let echo = echo_of(vec![
        ("buffer_percent", "5".into()),
        ("second_verifier_tokens", "500".into()),
        ("rate_euros", "0.10".into()),
        ("transferable", "on".into()),
    ])?;
    Ok(render(&ProgrammeFormPage {
        ctx,
        errors: FormErrors::new(),
        echo,
    }))
}

#[derive(serde::Deserialize)]
pub struct ProgrammeFields {
    #[serde(flatten)]
    form: ProgrammeForm,
    #[serde(default)]
    idempotency_key: String,
}

/// `POST /tokens/new` (administrators).
pub async fn create_programme(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<ProgrammeFields>,
) -> Res {
    let ProgrammeFields {
        form,
        idempotency_key,
    } = form.into_inner();
    let echo = echo_of(vec![
        ("name", form.name.clone()),
        ("code", form.code.clone()),
        ("description", form.description.clone()),
        ("buffer_percent", form.buffer_percent.clone()),
        (
            "second_verifier_tokens",
            form.second_verifier_tokens.clone(),
        ),
        ("rate_euros", form.rate_euros.clone()),
        (
            "transferable",
            form.transferable.clone().unwrap_or_default(),
        ),
    ])?;
    match programme_service::create(&state, &user.who(), form, idempotency_key).await {
        Ok(r) => {
            let slug = state
                .db
                .run(move |conn| Ok(crate::tokens::store::programme_by_id(conn, r.id)?.slug))
                .await?;
            push_flash(&session, FlashLevel::Success, "programme-created");
            Ok(see_other(&format!("/tokens/{slug}/admin")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(&ProgrammeFormPage { ctx, errors, echo })),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "tokens/methodology_form.html")]
struct MethodologyFormPage {
    ctx: PageCtx,
    table: Vec<Factor>,
    errors: FormErrors,
    echo: FormData,
}

impl MethodologyFormPage {
    fn key(&self) -> String {
        fresh_key()
    }
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
    fn formulas(&self) -> &'static [Formula] {
        Formula::ALL
    }
    fn formula_label(&self, f: &Formula) -> String {
        format!("formula-{}", f.code().replace('_', "-"))
    }
    /// Every factor role any formula reads, once.
    fn roles(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for f in Formula::ALL {
            for r in f.roles() {
                if !out.contains(r) {
                    out.push(r);
                }
            }
        }
        out
    }
    fn role_label(&self, role: &str) -> String {
        format!("factor-role-{role}")
    }
    fn vintage(&self, f: &Factor) -> String {
        crate::tokens::vintage_of(f)
    }
}

fn methodology_page(
    ctx: PageCtx,
    errors: FormErrors,
    echo: FormData,
) -> Result<MethodologyFormPage, AppError> {
    Ok(MethodologyFormPage {
        ctx,
        table: crate::tokens::shipped_factors().map_err(AppError::internal)?,
        errors,
        echo,
    })
}

/// `GET /tokens/methodologies/new` (administrators).
pub async fn new_methodology(ctx: PageCtx, user: CurrentUser) -> Res {
    administer(&user)?;
    Ok(render(&methodology_page(
        ctx,
        FormErrors::new(),
        FormData::default(),
    )?))
}

/// `POST /tokens/methodologies/new` (administrators): the formula, its texts, and for
/// each role the formula reads a factor of the shipped table (`factor_<role>`) and
/// its vintage (`vintage_<role>`); roles the formula does not read are ignored.
pub async fn publish_methodology(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Res {
    let fields = FormData::parse(&body);
    let formula = Formula::parse(fields.get("formula"));
    let factors = formula
        .map(|f| {
            f.roles()
                .iter()
                .map(|r| {
                    (
                        r.to_string(),
                        fields.get(&format!("factor_{r}")).to_string(),
                        fields.get(&format!("vintage_{r}")).to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let form = MethodologyForm {
        formula: fields.get("formula").to_string(),
        title: fields.get("title").to_string(),
        applicability: fields.get("applicability").to_string(),
        factors,
    };
    let key = fields.get("idempotency_key").to_string();
    match programme_service::publish(&state, &user.who(), form, key).await {
        Ok(r) => {
            let (code, version) = state
                .db
                .run(move |conn| {
                    use crate::db::schema::token_methodologies as m;
                    use diesel::prelude::*;
                    Ok(m::table
                        .find(r.id)
                        .select((m::code, m::version))
                        .first::<(String, i64)>(conn)?)
                })
                .await?;
            push_flash(&session, FlashLevel::Success, "methodology-published");
            Ok(see_other(&format!(
                "/tokens/methodologies/{code}/{version}"
            )))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(&methodology_page(ctx, errors, fields)?)),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "tokens/methodology.html")]
struct MethodologyView {
    ctx: PageCtx,
    meth: MethodologyRow,
    versions: Vec<u32>,
}

/// `GET /tokens/methodologies/{code}/{version}`: a published methodology, whole.
pub async fn methodology(
    ctx: PageCtx,
    state: web::Data<AppState>,
    path: web::Path<(String, u32)>,
) -> Res {
    let (code, version) = path.into_inner();
    let (meth, versions) = state
        .db
        .run(move |conn| {
            let m = claim_service::methodology(conn, &code, version)?.ok_or(AppError::NotFound)?;
            let versions = claim_service::methodologies(conn)?
                .into_iter()
                .filter(|o| o.document.code == code)
                .map(|o| o.document.version)
                .collect();
            Ok((m, versions))
        })
        .await?;
    Ok(render(&MethodologyView {
        ctx,
        meth,
        versions,
    }))
}

#[derive(Template)]
#[template(path = "tokens/admin.html")]
struct AdminView {
    ctx: PageCtx,
    page: AdminPage,
    errors: FormErrors,
    echo: FormData,
    refused: String,
}

impl AdminView {
    fn key(&self) -> String {
        fresh_key()
    }
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
    fn errors_of(&self, form: &str) -> FormErrors {
        if self.refused == form {
            self.errors.clone()
        } else {
            FormErrors::new()
        }
    }
}

async fn admin_view(
    ctx: PageCtx,
    state: &AppState,
    who: Who,
    slug: &str,
    errors: FormErrors,
    echo: FormData,
    refused: &str,
) -> Result<AdminView, AppError> {
    let slug = slug.to_string();
    let page = state
        .db
        .run(move |conn| pages::admin_in(conn, &who, &slug))
        .await?;
    Ok(AdminView {
        ctx,
        page,
        errors,
        echo,
        refused: refused.to_string(),
    })
}

/// `GET /tokens/{slug}/admin` (administrators): verifiers and acceptance points.
pub async fn admin(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    Ok(render(
        &admin_view(
            ctx,
            &state,
            user.who(),
            &slug,
            FormErrors::new(),
            FormData::default(),
            "",
        )
        .await?,
    ))
}

#[derive(serde::Deserialize)]
pub struct AccreditFields {
    #[serde(default)]
    email: String,
    #[serde(default)]
    idempotency_key: String,
}

/// `POST /tokens/{slug}/verifiers` (administrators).
pub async fn accredit(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<AccreditFields>,
) -> Res {
    let f = form.into_inner();
    let echo = echo_of(vec![("email", f.email.clone())])?;
    match programme_service::accredit(&state, &user.who(), &slug, f.email, f.idempotency_key).await
    {
        Ok(_) => {
            push_flash(&session, FlashLevel::Success, "verifier-accredited");
            Ok(see_other(&format!("/tokens/{slug}/admin")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &admin_view(ctx, &state, user.who(), &slug, errors, echo, "verifier").await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(serde::Deserialize)]
pub struct PointFields {
    #[serde(flatten)]
    form: PointForm,
    #[serde(default)]
    idempotency_key: String,
}

/// `POST /tokens/{slug}/points` (administrators).
pub async fn add_point(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<PointFields>,
) -> Res {
    let PointFields {
        form,
        idempotency_key,
    } = form.into_inner();
    let echo = echo_of(vec![
        ("name", form.name.clone()),
        ("description", form.description.clone()),
        ("price_tokens", form.price_tokens.clone()),
        ("office", form.office.clone()),
    ])?;
    match programme_service::create_point(&state, &user.who(), &slug, form, idempotency_key).await {
        Ok(_) => {
            push_flash(&session, FlashLevel::Success, "point-added");
            Ok(see_other(&format!("/tokens/{slug}/admin")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &admin_view(ctx, &state, user.who(), &slug, errors, echo, "point").await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "tokens/fund.html")]
struct FundView {
    ctx: PageCtx,
    desk: FundDesk,
    errors: FormErrors,
    echo: FormData,
}

impl FundView {
    fn key(&self) -> String {
        fresh_key()
    }
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
    fn euros(&self, cents: impl std::borrow::Borrow<i64>) -> String {
        euros(cents)
    }
}

async fn fund_view(
    ctx: PageCtx,
    state: &AppState,
    who: Who,
    slug: &str,
    errors: FormErrors,
    echo: FormData,
) -> Result<FundView, AppError> {
    let slug = slug.to_string();
    let desk = state
        .db
        .run(move |conn| pages::fund_desk_in(conn, &who, &slug))
        .await?;
    Ok(FundView {
        ctx,
        desk,
        errors,
        echo,
    })
}

/// `GET /tokens/{slug}/fund`: the civic fund's desk (coordinating office, admins).
pub async fn fund(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    Ok(render(
        &fund_view(
            ctx,
            &state,
            user.who(),
            &slug,
            FormErrors::new(),
            FormData::default(),
        )
        .await?,
    ))
}

/// `POST /tokens/{slug}/fund`: records a deposit.
pub async fn deposit(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<DepositForm>,
) -> Res {
    let f = form.into_inner();
    let echo = echo_of(vec![
        ("sponsor", f.sponsor.clone()),
        ("euros", f.euros.clone()),
        ("purpose", f.purpose.clone()),
    ])?;
    match programme_service::deposit(&state, &user.who(), &slug, f).await {
        Ok(_) => {
            push_flash(&session, FlashLevel::Success, "deposit-recorded");
            Ok(see_other(&format!("/tokens/{slug}/fund")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &fund_view(ctx, &state, user.who(), &slug, errors, echo).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `POST /tokens/exchanges/{id}/settle`: pays or voids an exchange.
pub async fn settle(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<SettleForm>,
) -> Res {
    let id = id.into_inner();
    let result = wallet_service::settle(&state, &user.who(), id, form.into_inner()).await;
    let slug = state
        .db
        .run(move |conn| {
            use crate::db::schema::token_exchanges as e;
            use diesel::prelude::*;
            let p: i64 = e::table.find(id).select(e::programme_id).first(conn)?;
            Ok(crate::tokens::store::programme_by_id(conn, p)?.slug)
        })
        .await?;
    match result {
        Ok(_) => push_flash(&session, FlashLevel::Success, "exchange-settled-ok"),
        Err(Refusal::Form(e)) => {
            let key = e
                .iter()
                .next()
                .map(|(_, k)| *k)
                .unwrap_or("error-bad-request");
            push_flash(&session, FlashLevel::Error, key);
        }
        Err(Refusal::App(e)) => return Err(e),
    }
    Ok(see_other(&format!("/tokens/{slug}/fund")))
}

#[derive(Template)]
#[template(path = "tokens/vouchers.html")]
struct VoucherPage {
    ctx: PageCtx,
    errors: FormErrors,
    checked: Option<String>,
}

impl VoucherPage {
    fn key(&self) -> String {
        fresh_key()
    }
}

/// `GET /tokens/vouchers`: the form where a service checks a voucher (officials of
/// an office, administrators).
pub async fn vouchers(ctx: PageCtx, user: CurrentUser) -> Res {
    let anyone = crate::tokens::policy::CityFacts {
        coordinating: true,
        point_office: true,
    };
    policy::may(Some(&user.who()), &Object::City(anyone), Action::Redeem)?;
    Ok(render(&VoucherPage {
        ctx,
        errors: FormErrors::new(),
        checked: None,
    }))
}

#[derive(serde::Deserialize)]
pub struct VoucherFields {
    #[serde(default)]
    voucher: String,
    #[serde(default)]
    idempotency_key: String,
}

/// `POST /tokens/vouchers`: checks and uses a voucher once.
pub async fn redeem(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    form: web::Form<VoucherFields>,
) -> Res {
    let f = form.into_inner();
    let code = f.voucher.trim().to_ascii_uppercase();
    match wallet_service::redeem(&state, &user.who(), f.voucher, f.idempotency_key).await {
        Ok(_) => Ok(render(&VoucherPage {
            ctx,
            errors: FormErrors::new(),
            checked: Some(code),
        })),
        Err(Refusal::Form(errors)) => Ok(invalid(&VoucherPage {
            ctx,
            errors,
            checked: None,
        })),
        Err(Refusal::App(e)) => Err(e),
    }
}
