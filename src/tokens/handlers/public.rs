//! The public side: the list of programmes, a programme's figures (supply, the civic
//! fund and its coverage, twelve months of issuance and retirement, sponsors,
//! acceptance points, methodologies), and the same figures as JSON for auditors.

use super::*;
use crate::tokens::service::pages::{self, ProgrammePage};
use crate::tokens::store::Programme;

#[derive(Template)]
#[template(path = "tokens/index.html")]
struct IndexPage {
    ctx: PageCtx,
    programmes: Vec<Programme>,
}

/// `GET /tokens`: the city's programmes.
pub async fn index(ctx: PageCtx, state: web::Data<AppState>) -> Res {
    let programmes = state.db.run(crate::tokens::store::programmes).await?;
    Ok(render(&IndexPage { ctx, programmes }))
}

#[derive(Template)]
#[template(path = "tokens/programme.html")]
struct ProgrammeView {
    ctx: PageCtx,
    page: ProgrammePage,
}

impl ProgrammeView {
    fn euros(&self, cents: impl std::borrow::Borrow<i64>) -> String {
        euros(cents)
    }
    fn rate(&self) -> String {
        euros(self.page.programme.rate_cents)
    }
    fn buffer_percent(&self) -> String {
        euros(self.page.programme.buffer_bp)
    }
    /// The month chart's bars, scaled to the largest month.
    fn bars(&self) -> Vec<Bar> {
        let top = self
            .page
            .months
            .iter()
            .map(|m| m.issued.max(m.retired))
            .max()
            .unwrap_or(0)
            .max(1);
        let h = |n: i64| n * 120 / top;
        self.page
            .months
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let x = i64::try_from(i).unwrap_or(0) * 40;
                Bar {
                    month: m.month.clone(),
                    short: m.month.get(5..).unwrap_or_default().to_string(),
                    issued: m.issued,
                    retired: m.retired,
                    x_issued: x + 4,
                    x_retired: x + 20,
                    x_label: x + 20,
                    y_issued: 130 - h(m.issued),
                    h_issued: h(m.issued),
                    y_retired: 130 - h(m.retired),
                    h_retired: h(m.retired),
                }
            })
            .collect()
    }
}

/// One month of the chart, in SVG units.
struct Bar {
    month: String,
    short: String,
    issued: i64,
    retired: i64,
    x_issued: i64,
    x_retired: i64,
    x_label: i64,
    y_issued: i64,
    h_issued: i64,
    y_retired: i64,
    h_retired: i64,
}

/// `GET /tokens/{slug}`: a programme's public figures.
pub async fn programme(ctx: PageCtx, state: web::Data<AppState>, slug: web::Path<String>) -> Res {
    let today = state.clock.now().date();
    let slug = slug.into_inner();
    let page = state
        .db
        .run(move |conn| pages::programme_in(conn, &slug, today))
        .await?;
    Ok(render(&ProgrammeView { ctx, page }))
}

#[derive(serde::Deserialize)]
pub struct SizeQuery {
    #[serde(default)]
    size: Option<String>,
}

/// `GET /api/v1/tokens/{slug}[?size=N]`: the programme's supply as JSON, now or as
/// the ledger's first N entries give it (what `pactum ledger audit` compares its
/// replay with).
pub async fn api_supply(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<SizeQuery>,
) -> Res {
    let slug = slug.into_inner();
    let size = match q.size.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(
            s.parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .ok_or(AppError::BadRequest("error-bad-request-body"))?,
        ),
    };
    let (p, supply) = state
        .db
        .run(move |conn| {
            let p = crate::tokens::store::programme_by_slug(conn, &slug)?;
            let s = match size {
                Some(n) => pages::supply_at(conn, &p, n)?,
                None => pages::supply_in(conn, &p)?,
            };
            Ok((p, s))
        })
        .await?;
    let body = serde_json::json!({
        "programme": p.slug,
        "name": p.name,
        "unit": "1 token = 1 kg CO2e",
        "buffer_bp": p.buffer_bp,
        "rate_cents": p.rate_cents,
        "transferable": p.transferable,
        "serials": p.serials,
        "ledger_size": size,
        "supply": supply,
        "coverage_percent": supply.coverage_percent(),
    });
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body.to_string()))
}
