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

/// One district's bar, in SVG units.
struct DistrictBar {
    label: String,
    issued: i64,
    y: i64,
    text_y: i64,
    width: i64,
}

impl ProgrammeView {
    /// The district chart's height, in SVG units.
    fn district_height(&self) -> i64 {
        i64::try_from(self.page.districts.len()).unwrap_or(0) * 24 + 8
    }

    /// The district chart's bars, scaled to the largest district; an unnamed
    /// district's label is the "not given" text.
    fn district_bars(&self) -> Vec<DistrictBar> {
        let top = self
            .page
            .districts
            .iter()
            .map(|d| d.issued)
            .max()
            .unwrap_or(0)
            .max(1);
        self.page
            .districts
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let y = i64::try_from(i).unwrap_or(0) * 24 + 4;
                DistrictBar {
                    label: if d.name.is_empty() {
                        self.ctx.t("tokens-district-unknown")
                    } else {
                        d.name.clone()
                    },
                    issued: d.issued,
                    y,
                    text_y: y + 14,
                    width: d.issued * 260 / top,
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
    let body = crate::web::opendata::with_licence(body, &state.config.open_data.licence);
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .body(body.to_string()))
}

#[derive(serde::Deserialize)]
pub struct SerialQuery {
    #[serde(default)]
    serial: String,
}

#[derive(Template)]
#[template(path = "tokens/serials.html")]
struct SerialPage {
    ctx: PageCtx,
    programme: Programme,
    asked: String,
    story: Option<crate::tokens::service::open_data::SerialStory>,
    invalid: bool,
}

impl SerialPage {
    fn code_key(&self, code: &str) -> String {
        format!("token-transfer-{}", code.replace('_', "-"))
    }
    fn kind_key(&self) -> String {
        self.story
            .as_ref()
            .map(|s| s.kind.label_key())
            .unwrap_or_default()
    }
}

/// `GET /tokens/{slug}/serials[?serial=N]`: where a serial is, or when and why it was
/// retired.
pub async fn serials(
    ctx: PageCtx,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<SerialQuery>,
) -> Res {
    let slug = slug.into_inner();
    let asked = q.serial.trim().to_string();
    let serial = match asked.as_str() {
        "" => None,
        s => s
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 1)
            .map(Some)
            .unwrap_or(Some(0)),
    };
    let (programme, story) = state
        .db
        .run(move |conn| {
            let p = crate::tokens::store::programme_by_slug(conn, &slug)?;
            let story = match serial {
                Some(n) if n >= 1 => crate::tokens::service::open_data::serial_in(conn, &p, n)?,
                _ => None,
            };
            Ok((p, story))
        })
        .await?;
    Ok(render(&SerialPage {
        ctx,
        programme,
        invalid: serial == Some(0),
        asked,
        story,
    }))
}

#[derive(serde::Deserialize)]
pub struct BeforeQuery {
    #[serde(default)]
    before: Option<i64>,
}

/// An open-data file: the rows as JSON, or as CSV with `header` and each row's cells.
fn open_data<T: serde::Serialize>(
    format: &str,
    rows: &[T],
    header: &[&str],
    cells: impl Fn(&T) -> Vec<String>,
) -> Res {
    use crate::web::csv::{Cell::Value, Table};
    match format {
        "json" => Ok(HttpResponse::Ok().json(rows)),
        "csv" => {
            let mut t = Table::new(header)?;
            for r in rows {
                let row: Vec<_> = cells(r).into_iter().map(Value).collect();
                t.row(&row)?;
            }
            Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .body(t.finish()?))
        }
        _ => Err(AppError::NotFound),
    }
}

/// `GET /tokens/{slug}/issuances.{csv,json}`: every issuance, newest first, a page of
/// [`PAGE`](crate::tokens::service::open_data::PAGE) rows (`?before=` pages on).
pub async fn issuances(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    q: web::Query<BeforeQuery>,
) -> Res {
    use crate::tokens::service::open_data;
    let (slug, format) = path.into_inner();
    let before = q.before;
    let rows = state
        .db
        .run(move |conn| {
            let p = crate::tokens::store::programme_by_slug(conn, &slug)?;
            open_data::issuances_in(conn, &p, before)
        })
        .await?;
    let header = [
        "batch",
        "claim",
        "methodology",
        "serial_first",
        "serial_last",
        "holder",
        "holder_tokens",
        "buffer_tokens",
        "avoided_grams",
        "issued_on",
        "ledger_index",
    ];
    open_data(&format, &rows, &header, |r| {
        vec![
            r.batch.clone(),
            r.claim.to_string(),
            r.methodology.clone(),
            r.serial_first.to_string(),
            r.serial_last.to_string(),
            r.holder.clone(),
            r.holder_tokens.to_string(),
            r.buffer_tokens.to_string(),
            r.avoided_grams.to_string(),
            r.issued_on.clone(),
            r.ledger_index.to_string(),
        ]
    })
}

/// `GET /tokens/{slug}/retirements.{csv,json}`: every retirement (spent or
/// exchanged), newest first, a page at a time (`?before=`).
pub async fn retirements(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    q: web::Query<BeforeQuery>,
) -> Res {
    use crate::tokens::service::open_data;
    let (slug, format) = path.into_inner();
    let before = q.before;
    let rows = state
        .db
        .run(move |conn| {
            let p = crate::tokens::store::programme_by_slug(conn, &slug)?;
            open_data::retirements_in(conn, &p, before)
        })
        .await?;
    let header = [
        "transfer",
        "reason",
        "point",
        "account",
        "tokens",
        "retired_on",
        "ledger_index",
    ];
    open_data(&format, &rows, &header, |r| {
        vec![
            r.transfer.to_string(),
            r.reason.clone(),
            r.point.clone().unwrap_or_default(),
            r.account.clone(),
            r.tokens.to_string(),
            r.retired_on.clone(),
            r.ledger_index.to_string(),
        ]
    })
}

/// The columns of `/tokens.csv`, in order.
const PROGRAMMES_HEADER: [&str; 8] = [
    "slug",
    "code",
    "name",
    "rate_cents",
    "buffer_bp",
    "transferable",
    "serials_issued",
    "url",
];

/// `GET /tokens.csv` and `GET /tokens.json`: the programmes as the list shows them
/// (at most 100, by name), with their open figures and absolute addresses.
pub async fn programmes_export(state: web::Data<AppState>, req: actix_web::HttpRequest) -> Res {
    let programmes = state.db.run(crate::tokens::store::programmes).await?;
    let base = state.config.absolute_url("");
    let url = |slug: &str| format!("{base}/tokens/{slug}");
    if req.path().ends_with(".json") {
        let items: Vec<serde_json::Value> = programmes
            .iter()
            .map(|p| {
                serde_json::json!({
                    "slug": p.slug,
                    "code": p.code,
                    "name": p.name,
                    "description": p.description,
                    "rate_cents": p.rate_cents,
                    "buffer_bp": p.buffer_bp,
                    "transferable": p.transferable,
                    "serials_issued": p.serials,
                    "url": url(&p.slug),
                    "supply_url": format!("{base}/api/v1/tokens/{}", p.slug),
                })
            })
            .collect();
        return Ok(crate::web::opendata::json_response(
            &crate::web::opendata::with_licence(
                serde_json::json!({ "items": items }),
                &state.config.open_data.licence,
            ),
        ));
    }
    use crate::web::csv::{Cell::Text, Cell::Value, Table};
    let mut t = Table::new(&PROGRAMMES_HEADER)?;
    for p in &programmes {
        t.row(&[
            Value(p.slug.clone()),
            Value(p.code.clone()),
            Text(&p.name),
            Value(p.rate_cents.to_string()),
            Value(p.buffer_bp.to_string()),
            Value(p.transferable.to_string()),
            Value(p.serials.to_string()),
            Value(url(&p.slug)),
        ])?;
    }
    Ok(crate::web::opendata::csv_response(
        "tokens.csv",
        t.finish()?,
    ))
}
