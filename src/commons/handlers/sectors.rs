//! Ghent's map of initiatives: `/commons/sectors` shows public commons counted by
//! provisioning sector (or, with `?by=category`, by category) and district (the top
//! level, or `?level=N`), every count linking to the list it counts; the same counts
//! as CSV and JSON (`/commons/sectors.csv`, `.json`).

use super::*;
use crate::commons::model::sectors::{Axis, Column, Matrix};
use crate::commons::sectors as counts;
use crate::web::csv::Cell::{Text, Value};
use crate::web::csv::Table;

/// The table's parameters: `by` (`provisioning`, the default, or `category`; anything
/// else is refused) and `level` (0 to 20, the top level by default).
fn params(req: &HttpRequest) -> Result<(Axis, i64), AppError> {
    let q = query_of(req);
    let axis = Axis::parse(q.get("by")).ok_or(AppError::BadRequest("error-bad-filter"))?;
    let level = match q.get("level").trim() {
        "" => 0,
        l => l
            .parse::<i64>()
            .ok()
            .filter(|l| (0..=20).contains(l))
            .ok_or(AppError::BadRequest("error-bad-filter"))?,
    };
    Ok((axis, level))
}

/// The query string of the table's parameters (none when they are the defaults).
fn params_query(axis: Axis, level: i64) -> String {
    let mut s = ::url::form_urlencoded::Serializer::new(String::new());
    if axis == Axis::Category {
        s.append_pair("by", axis.code());
    }
    if level != 0 {
        s.append_pair("level", &level.to_string());
    }
    s.finish()
}

/// The `/commons` list a count is of: the row's value, the column's district.
fn list_url(axis: Axis, code: Option<&str>, district: Option<&str>) -> String {
    let mut s = ::url::form_urlencoded::Serializer::new(String::new());
    if let Some(c) = code {
        s.append_pair(axis.code(), c);
    }
    if let Some(d) = district {
        s.append_pair("district", d);
    }
    let q = s.finish();
    if q.is_empty() {
        "/commons".into()
    } else {
        format!("/commons?{q}")
    }
}

/// The list a cell counts: the row's value in the column's district, when that list
/// shows exactly what the cell counts ("" otherwise: no value, no district, or a
/// district above the chosen level).
fn cell_url(axis: Axis, code: Option<&str>, c: &Column) -> String {
    match (code, &c.slug, c.linkable) {
        (Some(code), Some(slug), true) => list_url(axis, Some(code), Some(slug)),
        _ => String::new(),
    }
}

/// The list a column counts (its total), or "".
fn column_url(axis: Axis, c: &Column) -> String {
    match (&c.slug, c.linkable) {
        (Some(slug), true) => list_url(axis, None, Some(slug)),
        _ => String::new(),
    }
}

/// A count and the list it links to ("" when no list shows exactly it).
pub struct CellView {
    pub n: i64,
    pub url: String,
}

pub struct RowView {
    pub label: String,
    pub url: String,
    pub cells: Vec<CellView>,
    pub total: CellView,
}

/// The rows of the table with their labels and links (rows without a value, "no
/// sector", and columns without a district link nowhere).
fn rows(ctx: &PageCtx, m: &Matrix) -> Vec<RowView> {
    m.rows
        .iter()
        .map(|r| {
            let row_url = r
                .code
                .map(|c| list_url(m.axis, Some(c), None))
                .unwrap_or_default();
            RowView {
                label: ctx.t(&r.label_key),
                cells: r
                    .cells
                    .iter()
                    .zip(&m.columns)
                    .map(|(n, c)| CellView {
                        n: *n,
                        url: cell_url(m.axis, r.code, c),
                    })
                    .collect(),
                total: CellView {
                    n: r.total,
                    url: row_url.clone(),
                },
                url: row_url,
            }
        })
        .collect()
}

/// The columns: (name, link to the district's list or "", total of the column).
fn columns(ctx: &PageCtx, m: &Matrix) -> Vec<(String, String, CellView)> {
    m.columns
        .iter()
        .map(|c| {
            let url = column_url(m.axis, c);
            let name = if c.slug.is_none() {
                ctx.t("commons-sectors-no-district")
            } else {
                c.name.clone()
            };
            (name, url.clone(), CellView { n: c.total, url })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "commons/sectors.html")]
pub(super) struct SectorsPage {
    ctx: PageCtx,
    by_category: bool,
    /// The district levels to choose: (depth, label, chosen); empty with one level.
    levels: Vec<(i64, String, bool)>,
    columns: Vec<(String, String, CellView)>,
    rows: Vec<RowView>,
    total: i64,
    /// The query string of the table's parameters, for the downloads.
    query: String,
    /// The other axis's page.
    other_url: String,
}

impl SectorsPage {
    fn download(&self, ext: &str) -> String {
        if self.query.is_empty() {
            format!("/commons/sectors.{ext}")
        } else {
            format!("/commons/sectors.{ext}?{}", self.query)
        }
    }
}

/// `GET /commons/sectors[?by=category][&level=N]`: the table of counts.
pub async fn sectors(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let (axis, level) = params(&req)?;
    let names_in = Some((ctx.lang.code(), state.config.default_language.code()));
    let (m, levels) = state
        .db
        .run(move |conn| counts::matrix(conn, axis, level, names_in))
        .await?;
    let levels = crate::commons::api::level_choices(&ctx, levels, level);
    let other = match axis {
        Axis::Sector => Axis::Category,
        Axis::Category => Axis::Sector,
    };
    let other_query = params_query(other, level);
    Ok(render(&SectorsPage {
        by_category: axis == Axis::Category,
        levels,
        columns: columns(&ctx, &m),
        rows: rows(&ctx, &m),
        total: m.total,
        query: params_query(axis, level),
        other_url: if other_query.is_empty() {
            "/commons/sectors".into()
        } else {
            format!("/commons/sectors?{other_query}")
        },
        ctx,
    }))
}

fn absolute(base: &str, path: &str) -> Option<String> {
    (!path.is_empty()).then(|| format!("{base}{path}"))
}

/// `GET /commons/sectors.json`: the same counts, with codes, district slugs and
/// absolute links: `columns` (each with its total, commons counted once), `rows` (each
/// with a count per column, in the columns' order, and its total), `total`.
pub async fn sectors_json(req: HttpRequest, state: web::Data<AppState>) -> Res {
    let (axis, level) = params(&req)?;
    let (m, _) = state
        .db
        .run(move |conn| counts::matrix(conn, axis, level, None))
        .await?;
    let base = state.config.base_url.as_str().trim_end_matches('/');
    let columns: Vec<serde_json::Value> = m
        .columns
        .iter()
        .map(|c| {
            let url = column_url(axis, c);
            serde_json::json!({
                "district": c.slug,
                "name": c.slug.as_ref().map(|_| c.name.clone()),
                "total": c.total,
                "url": absolute(base, &url),
            })
        })
        .collect();
    let rows: Vec<serde_json::Value> = m
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<serde_json::Value> = r
                .cells
                .iter()
                .zip(&m.columns)
                .map(|(n, c)| {
                    let url = cell_url(axis, r.code, c);
                    serde_json::json!({
                        "district": c.slug,
                        "count": n,
                        "url": absolute(base, &url),
                    })
                })
                .collect();
            serde_json::json!({
                "code": r.code,
                "total": r.total,
                "url": r.code.and_then(|c| absolute(base, &list_url(axis, Some(c), None))),
                "cells": cells,
            })
        })
        .collect();
    let v = serde_json::json!({
        "by": axis.code(),
        "level": level,
        "total": m.total,
        "columns": columns,
        "rows": rows,
        "url": format!("{base}/commons/sectors{}", {
            let q = params_query(axis, level);
            if q.is_empty() { q } else { format!("?{q}") }
        }),
    });
    let v = crate::web::opendata::with_licence(v, &state.config.open_data.licence);
    Ok(crate::web::opendata::json_response(&v))
}

const CSV_COLUMNS: &[&str] = &[
    "commons-sectors-col-by",
    "commons-sectors-col-code",
    "commons-sectors-col-label",
    "commons-sectors-col-district",
    "commons-sectors-col-district-name",
    "commons-sectors-col-count",
    "commons-sectors-col-url",
];

/// `GET /commons/sectors.csv`: the same counts, one line per cell (the row's code and
/// name, the district's slug and name, the count, the list's address), then each
/// row's total (no district), each column's total (no code: every commons once) and
/// the grand total; headings and names in the reader's language.
pub async fn sectors_csv(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let (axis, level) = params(&req)?;
    let (m, _) = state
        .db
        .run(move |conn| counts::matrix(conn, axis, level, None))
        .await?;
    let base = state.config.base_url.as_str().trim_end_matches('/');
    let header: Vec<String> = CSV_COLUMNS.iter().map(|k| ctx.t(k)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut t = Table::new(&header)?;
    let all_rows = ctx.t(match axis {
        Axis::Sector => "commons-sectors-all-sectors",
        Axis::Category => "commons-sectors-all-categories",
    });
    let all_districts = ctx.t("commons-sectors-all-districts");
    let no_district = ctx.t("commons-sectors-no-district");
    let column_name = |c: &Column| {
        if c.slug.is_some() {
            c.name.clone()
        } else {
            no_district.clone()
        }
    };
    for r in &m.rows {
        let label = ctx.t(&r.label_key);
        for (n, c) in r.cells.iter().zip(&m.columns) {
            let url = cell_url(axis, r.code, c);
            t.row(&[
                Value(axis.code().into()),
                Value(r.code.unwrap_or("").into()),
                Value(label.clone()),
                Value(c.slug.clone().unwrap_or_default()),
                Text(&column_name(c)),
                Value(n.to_string()),
                Value(absolute(base, &url).unwrap_or_default()),
            ])?;
        }
        t.row(&[
            Value(axis.code().into()),
            Value(r.code.unwrap_or("").into()),
            Value(label.clone()),
            Value(String::new()),
            Value(all_districts.clone()),
            Value(r.total.to_string()),
            Value(
                r.code
                    .and_then(|c| absolute(base, &list_url(axis, Some(c), None)))
                    .unwrap_or_default(),
            ),
        ])?;
    }
    for c in &m.columns {
        let url = column_url(axis, c);
        t.row(&[
            Value(axis.code().into()),
            Value(String::new()),
            Value(all_rows.clone()),
            Value(c.slug.clone().unwrap_or_default()),
            Text(&column_name(c)),
            Value(c.total.to_string()),
            Value(absolute(base, &url).unwrap_or_default()),
        ])?;
    }
    t.row(&[
        Value(axis.code().into()),
        Value(String::new()),
        Value(all_rows),
        Value(String::new()),
        Value(all_districts),
        Value(m.total.to_string()),
        Value(format!("{base}/commons")),
    ])?;
    let name = match axis {
        Axis::Sector => "commons-by-sector.csv",
        Axis::Category => "commons-by-category.csv",
    };
    let mut res = crate::web::opendata::csv_response(name, t.finish()?);
    res.headers_mut().insert(
        header::VARY,
        header::HeaderValue::from_static("Accept-Language, Cookie"),
    );
    Ok(res)
}
