//! Open data: the read API (JSON), the CSV export and the public statistics.

use actix_web::{HttpRequest, web};
use askama::Template;

use super::{PAGE, Res, query_of};
use crate::accounts::api::MaybeUser;
use crate::error::AppError;
use crate::pacts::store::Env;
use crate::pacts::view::{self, Filters, ListItem, Stats};
use crate::ports::AppState;
use crate::web::opendata::with_licence;
use crate::web::page::PageCtx;
use crate::web::render;

const API_MAX: i64 = 100;

fn iso(t: Option<chrono::NaiveDateTime>) -> serde_json::Value {
    t.map(|t| serde_json::Value::from(t.format("%Y-%m-%dT%H:%M:%SZ").to_string()))
        .unwrap_or(serde_json::Value::Null)
}

fn api_item(base: &str, i: &ListItem, commons: Vec<i64>, support_lines: i64) -> serde_json::Value {
    serde_json::json!({
        "id": i.id,
        "title": i.title,
        "state": i.state.code(),
        "state_label_it": i.state.open_data_label(),
        "type": i.kind.code(),
        "intensity": i.intensity.code(),
        "commons": commons,
        "district": i.district_name,
        "address": i.address,
        "lat": i.lat,
        "lng": i.lng,
        "submitted_at": iso(i.submitted_at),
        "signed_at": iso(i.signed_at),
        "end_date": i.end_date.map(|d| d.to_string()),
        "text_sha256": i.signed_sha256,
        "ledger_index": i.signed_ledger_index,
        "support_lines": support_lines,
        "url": format!("{base}/pacts/{}", i.id),
    })
}

use crate::web::opendata::json_response as json;

/// What the open data adds to some pacts, each list as `(pact id, value)`.
struct Extras {
    /// The commons each pact cares for.
    links: Vec<(i64, i64)>,
    /// How many support lines each pact has.
    counts: Vec<(i64, i64)>,
    /// The themes of each pact's commons.
    themes: Vec<(i64, String)>,
}

/// Commons ids, support-line counts and themes of some pacts, for the open data.
fn extras(conn: &mut crate::db::AnyConnection, ids: &[i64]) -> Result<Extras, AppError> {
    use crate::db::schema::pact_commons;
    use diesel::prelude::*;
    let links: Vec<(i64, i64)> = pact_commons::table
        .filter(pact_commons::pact_id.eq_any(ids))
        .order((pact_commons::pact_id.asc(), pact_commons::commons_id.asc()))
        .select((pact_commons::pact_id, pact_commons::commons_id))
        .load(conn)?;
    Ok(Extras {
        links,
        counts: view::support_counts(conn, ids)?,
        themes: view::themes(conn, ids)?,
    })
}

/// `GET /api/v1/pacts`: public pacts as JSON (`items`, `next`), with the list filters;
/// with `q`, search results, best match first.
pub async fn api_list(req: HttpRequest, user: MaybeUser, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q).map_err(AppError::BadRequest)?;
    let after = q
        .get("cursor")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|c| *c > 0);
    let limit = match q.get("limit").trim() {
        "" => PAGE,
        l => l
            .parse::<i64>()
            .ok()
            .filter(|l| (1..=API_MAX).contains(l))
            .ok_or(AppError::BadRequest("error-bad-filter"))?,
    };
    let base = state.config.absolute_url("");
    let searched = super::lists::api_search(&req, &user, &state, &filters, limit).await?;
    let body = state
        .db
        .run(move |conn| {
            let (items, next) = match searched {
                Some((ids, next)) => (view::lists::by_ids(conn, &ids)?, next),
                None => view::list(conn, &filters, after, limit)?,
            };
            let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
            let Extras { links, counts, .. } = extras(conn, &ids)?;
            let out: Vec<serde_json::Value> = items
                .iter()
                .map(|i| {
                    api_item(
                        &base,
                        i,
                        links.iter().filter(|l| l.0 == i.id).map(|l| l.1).collect(),
                        counts
                            .iter()
                            .find(|c| c.0 == i.id)
                            .map(|c| c.1)
                            .unwrap_or(0),
                    )
                })
                .collect();
            Ok(serde_json::json!({ "items": out, "next": next }))
        })
        .await?;
    Ok(json(&with_licence(body, &state.config.open_data.licence)))
}

/// `GET /api/v1/pacts/{id}`: one pact as JSON (404 for drafts).
pub async fn api_show(state: web::Data<AppState>, id: web::Path<i64>) -> Res {
    let id = id.into_inner();
    let base = state.config.absolute_url("");
    let env = Env::from_ports(&state);
    let default = state.config.default_language.code();
    let body = state
        .db
        .run(move |conn| {
            let page = view::page(conn, &env, None, id)?;
            let p = &page.pact;
            let v = page.signed.as_ref().unwrap_or(&page.current);
            let counts = extras(conn, &[id])?.counts;
            let texts = crate::db::translations::texts_of(
                conn,
                crate::kit::translations::Subject::Pact,
                id,
            )?;
            let signatures: Vec<serde_json::Value> = page
                .signatures
                .iter()
                .filter(|s| Some(s.version) == p.signed_version)
                .map(|s| {
                    serde_json::json!({
                        "party": s.party,
                        "signed_at": iso(Some(s.signed_at)),
                        "text_sha256": s.sha,
                    })
                })
                .collect();
            Ok(serde_json::json!({
                "id": p.id,
                "title": p.title,
                // The language of the pact's own text, and its other language versions.
                "language": texts.original_lang(default),
                "translations": crate::web::translations::translated_texts(&texts),
                "state": p.state.code(),
                "state_label_it": p.state.open_data_label(),
                "type": p.kind.code(),
                "intensity": p.intensity.code(),
                "commons": page.commons.iter().map(|c| c.0).collect::<Vec<_>>(),
                "office": page.office.as_ref().map(|o| o.1.clone()),
                "district": page.district,
                "act_number": p.act_number,
                "version": p.version,
                "signed_version": p.signed_version,
                "text_sha256": p.signed_sha256,
                "ledger_index": p.signed_ledger_index,
                "submitted_at": iso(p.submitted_at),
                "published_at": iso(p.published_at),
                "signed_at": iso(p.signed_at),
                "start_date": p.start_date.map(|d| d.to_string()),
                "end_date": p.end_date.map(|d| d.to_string()),
                "next_report_due": p.next_report_due.map(|d| d.to_string()),
                "support_lines": counts.first().map(|c| c.1).unwrap_or(0),
                "support": v.text.support.iter().enumerate().map(|(i, l)| {
                    let ledger = page.support.lines.get(i);
                    serde_json::json!({
                        "kind": l.kind.code(),
                        "description": l.description,
                        "quantity": l.quantity,
                        "period": l.period,
                        "value_cents": ledger.and_then(|x| x.promised),
                        "delivered_cents": ledger.map(|x| x.delivered),
                    })
                }).collect::<Vec<_>>(),
                "support_promised_cents": page.support.totals.promised,
                "support_delivered_cents": page.support.totals.delivered,
                "signatures": signatures,
                "adherents": page.adherents,
                "reports": page.reports.len(),
                "text_url": format!("{base}/pacts/{}/versions/{}.txt", p.id, p.signed_version.unwrap_or(p.version)),
                "url": format!("{base}/pacts/{}", p.id),
            }))
        })
        .await?;
    Ok(json(&with_licence(body, &state.config.open_data.licence)))
}

/// `GET /pacts.csv`: every public pact matching the list's filters, with the columns
/// Italian cities publish and ours. Pacts are read 1,000 at a time and their extras
/// 500 at a time: a fixed number of queries per 500 pacts, none per row.
pub async fn csv(req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q).map_err(AppError::BadRequest)?;
    let base = state.config.absolute_url("");
    let body = state
        .db
        .run(move |conn| {
            let items = view::all_public(conn, &filters)?;
            let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
            let mut counts = Vec::new();
            let mut themes = Vec::new();
            let mut details = std::collections::HashMap::new();
            for chunk in ids.chunks(500) {
                let e = extras(conn, chunk)?;
                counts.extend(e.counts);
                themes.extend(e.themes);
                details.extend(view::csv_details(conn, chunk)?);
            }
            let labels = theme_labels_it();
            let tree = crate::commons::api::district_tree(conn)?;
            let chains: std::collections::HashMap<String, Vec<String>> = tree
                .all()
                .iter()
                .map(|d| {
                    let chain = tree.chain(d.id).iter().map(|a| a.name.clone()).collect();
                    (d.name.clone(), chain)
                })
                .collect();
            crate::pacts::csv::write(
                &base,
                &items,
                &crate::pacts::csv::Extras {
                    support_counts: &counts,
                    themes: &themes,
                    theme_labels_it: &labels,
                    details: &details,
                    district_chains: &chains,
                },
            )
        })
        .await?;
    Ok(crate::web::opendata::csv_response("pacts.csv", body))
}

/// `GET /pacts.json`: every public pact matching the list's filters, as the API's
/// items, `{"items": [...], "license"}` (as `/pacts.csv`: a fixed number of queries
/// per 500 pacts).
pub async fn json_export(req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q).map_err(AppError::BadRequest)?;
    let base = state.config.absolute_url("");
    let body = state
        .db
        .run(move |conn| {
            let items = view::all_public(conn, &filters)?;
            let mut out = Vec::with_capacity(items.len());
            for chunk in items.chunks(500) {
                let ids: Vec<i64> = chunk.iter().map(|i| i.id).collect();
                let Extras { links, counts, .. } = extras(conn, &ids)?;
                let counts: std::collections::HashMap<i64, i64> = counts.into_iter().collect();
                let mut commons_of: std::collections::HashMap<i64, Vec<i64>> =
                    std::collections::HashMap::new();
                for (p, c) in links {
                    commons_of.entry(p).or_default().push(c);
                }
                out.extend(chunk.iter().map(|i| {
                    api_item(
                        &base,
                        i,
                        commons_of.remove(&i.id).unwrap_or_default(),
                        counts.get(&i.id).copied().unwrap_or(0),
                    )
                }));
            }
            Ok(serde_json::json!({ "items": out }))
        })
        .await?;
    Ok(json(&with_licence(body, &state.config.open_data.licence)))
}

/// The Italian label of every theme (commons category) code, for the CSV's `Ambiti`
/// whatever the reader's language: the column is Palermo's, in Italian.
fn theme_labels_it() -> std::collections::HashMap<String, String> {
    let catalog = crate::web::i18n::catalog();
    crate::commons::api::category_codes()
        .filter_map(|code| {
            let key = crate::commons::api::category_label_key(code)?;
            Some((
                code.to_string(),
                catalog.t(crate::web::i18n::Lang::It, &key),
            ))
        })
        .collect()
}

#[derive(Template)]
#[template(path = "pacts/stats.html")]
struct StatsPage {
    ctx: PageCtx,
    stats: std::sync::Arc<Stats>,
    state_chart: String,
    district_chart: String,
    map_svg: String,
    /// The district levels to group by: (depth, label, chosen); empty with one level.
    levels: Vec<(i64, String, bool)>,
}

impl StatsPage {
    fn median_days(&self) -> i64 {
        self.stats.median_days_to_signature.unwrap_or(0)
    }
}

/// `GET /pacts/stats[?level=N]`: public statistics with server-side SVG charts; pacts
/// by district are grouped at the district level N (0, the top level, by default).
pub async fn stats(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let level = query_of(&req)
        .get("level")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|l| (0..=20).contains(l))
        .unwrap_or(0);
    let derived = state.derived.clone();
    let (stats, extent, levels) = state
        .db
        .run(move |conn| {
            Ok((
                // The same for every visitor until the data changes (the page itself
                // is cached only for those not signed in).
                derived.shared(conn, &format!("pacts/stats?level={level}"), |conn| {
                    view::stats(conn, level)
                })?,
                crate::commons::api::district_extent(conn)?,
                crate::commons::api::district_tree(conn)?.levels(),
            ))
        })
        .await?;
    let levels = crate::commons::api::level_choices(&ctx, levels, level);
    let state_bars: Vec<(String, i64)> = stats
        .by_state
        .iter()
        .map(|(s, n)| (ctx.t(s.label_key()), *n))
        .collect();
    let district_bars: Vec<(String, i64)> = stats
        .by_district
        .iter()
        .map(|(d, n)| {
            (
                if d.is_empty() {
                    ctx.t("pact-stats-no-district")
                } else {
                    d.clone()
                },
                *n,
            )
        })
        .collect();
    let points: Vec<(f64, f64, String, i64)> = stats
        .active
        .iter()
        .filter_map(|i| Some((i.lng?, i.lat?, i.title.clone(), i.id)))
        .collect();
    Ok(render(&StatsPage {
        state_chart: crate::pacts::charts::bars(&state_bars, &ctx.t("pact-stats-by-state")),
        district_chart: crate::pacts::charts::bars(
            &district_bars,
            &ctx.t("pact-stats-by-district"),
        ),
        map_svg: crate::pacts::charts::dot_map(&points, extent, &ctx.t("pact-stats-map")),
        ctx,
        stats,
        levels,
    }))
}
