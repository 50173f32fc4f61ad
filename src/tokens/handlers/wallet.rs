//! A holder's wallet: balance, account id (what others transfer to), history with a
//! ledger receipt per operation (the entry and its inclusion proof), the forms to
//! spend at an acceptance point, transfer and exchange, and a spend's voucher page.

use super::*;
use crate::tokens::service::pages::{self, SpendPage, WalletPage};
use crate::tokens::service::wallet::{
    self as wallet_service, ExchangeForm, SpendForm, TransferForm,
};

#[derive(Template)]
#[template(path = "tokens/wallet.html")]
struct WalletView {
    ctx: PageCtx,
    page: WalletPage,
    errors: FormErrors,
    echo: FormData,
    /// Which form was refused (`spend`, `transfer`, `exchange`), to show its errors.
    refused: String,
}

impl WalletView {
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
    fn group_field(&self) -> String {
        self.page
            .group
            .as_ref()
            .map(|g| g.0.to_string())
            .unwrap_or_default()
    }
    fn euros(&self, cents: impl std::borrow::Borrow<i64>) -> String {
        euros(cents)
    }
    fn code_key(&self, code: &str) -> String {
        format!("token-transfer-{}", code.replace('_', "-"))
    }
    fn signed(&self, n: &i64) -> String {
        if *n > 0 {
            format!("+{n}")
        } else {
            n.to_string()
        }
    }
    fn rate(&self) -> String {
        euros(self.page.programme.rate_cents)
    }
}

#[derive(serde::Deserialize, Default)]
pub struct GroupQuery {
    #[serde(default)]
    group: Option<i64>,
}

#[allow(clippy::too_many_arguments)]
async fn wallet_view(
    ctx: PageCtx,
    state: &AppState,
    who: Who,
    slug: &str,
    group: Option<i64>,
    errors: FormErrors,
    echo: FormData,
    refused: &str,
) -> Result<WalletView, AppError> {
    let (slug, now) = (slug.to_string(), state.clock.now());
    let page = state
        .db
        .transaction(move |conn| pages::wallet_in(conn, &who, &slug, group, now))
        .await?;
    Ok(WalletView {
        ctx,
        page,
        errors,
        echo,
        refused: refused.to_string(),
    })
}

/// `GET /tokens/{slug}/wallet[?group=G]`: the signed-in person's wallet, or a group's.
pub async fn wallet(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<GroupQuery>,
) -> Res {
    Ok(render(
        &wallet_view(
            ctx,
            &state,
            user.who(),
            &slug,
            q.group,
            FormErrors::new(),
            FormData::default(),
            "",
        )
        .await?,
    ))
}

fn group_of(s: &str) -> Option<i64> {
    s.trim().parse().ok()
}

fn wallet_url(slug: &str, group: &str) -> String {
    match group_of(group) {
        Some(g) => format!("/tokens/{slug}/wallet?group={g}"),
        None => format!("/tokens/{slug}/wallet"),
    }
}

/// Where a wallet form leads: the receipt or wallet, or the wallet with the errors.
#[allow(clippy::too_many_arguments)]
async fn after(
    ctx: PageCtx,
    session: &Session,
    state: &AppState,
    who: Who,
    slug: &str,
    group: String,
    result: Result<crate::tokens::service::requests::Receipt, Refusal>,
    echo: Vec<(String, String)>,
    form: &str,
) -> Res {
    match result {
        Ok(r) if r.kind == "spend" => {
            push_flash(session, FlashLevel::Success, "token-spent");
            Ok(see_other(&format!("/tokens/spends/{}", r.id)))
        }
        Ok(r) => {
            push_flash(
                session,
                FlashLevel::Success,
                if r.kind == "exchange" {
                    "token-exchange-held"
                } else {
                    "token-transferred"
                },
            );
            Ok(see_other(&wallet_url(slug, &group)))
        }
        Err(Refusal::Form(refused)) => {
            // Each form's own field ids: the amount of a spend is its quantity, the
            // exchange's amount has an id of its own on a page with three forms.
            let to = match form {
                "spend" => "quantity",
                "exchange" => "exchange_amount",
                _ => "amount",
            };
            let mut errors = FormErrors::new();
            for (field, key) in refused.iter() {
                errors.add(if *field == "amount" { to } else { field }, key);
            }
            let echo = FormData::from_pairs(echo, &[])?;
            Ok(invalid(
                &wallet_view(ctx, state, who, slug, group_of(&group), errors, echo, form).await?,
            ))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `POST /tokens/{slug}/wallet/spend`: spends tokens at an acceptance point.
pub async fn spend(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<SpendForm>,
) -> Res {
    let (who, f) = (user.who(), form.into_inner());
    let group = f.group.clone();
    let echo = vec![
        ("point".into(), f.point.clone()),
        ("quantity".into(), f.quantity.clone()),
    ];
    let result = wallet_service::spend(&state, &who, &slug, f).await;
    after(
        ctx, &session, &state, who, &slug, group, result, echo, "spend",
    )
    .await
}

/// `POST /tokens/{slug}/wallet/transfer`: gives tokens to another account.
pub async fn transfer(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<TransferForm>,
) -> Res {
    let (who, f) = (user.who(), form.into_inner());
    let group = f.group.clone();
    let echo = vec![
        ("to".into(), f.to.clone()),
        ("amount".into(), f.amount.clone()),
    ];
    let result = wallet_service::transfer(&state, &who, &slug, f).await;
    after(
        ctx, &session, &state, who, &slug, group, result, echo, "transfer",
    )
    .await
}

/// `POST /tokens/{slug}/wallet/exchange`: asks the civic fund for euros.
pub async fn exchange(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<ExchangeForm>,
) -> Res {
    let (who, f) = (user.who(), form.into_inner());
    let group = f.group.clone();
    let echo = vec![("exchange_amount".into(), f.amount.clone())];
    let result = wallet_service::exchange(&state, &who, &slug, f).await;
    after(
        ctx, &session, &state, who, &slug, group, result, echo, "exchange",
    )
    .await
}

#[derive(Template)]
#[template(path = "tokens/spend.html")]
struct SpendView {
    ctx: PageCtx,
    page: SpendPage,
}

/// `GET /tokens/spends/{id}`: a spend's voucher, to its holder side.
pub async fn spend_receipt(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let (who, id) = (user.who(), id.into_inner());
    let page = state
        .db
        .run(move |conn| pages::spend_in(conn, &who, id))
        .await?;
    Ok(render(&SpendView { ctx, page }))
}
