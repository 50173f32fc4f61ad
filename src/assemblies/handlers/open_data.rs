//! Open data of assemblies and chambers, shaped like the pacts' and the commons': the
//! read API under `/api/v1/assemblies` (JSON with stable English keys and codes) and
//! CSV exports (`web::csv`: BOM, CRLF, typed text defused) whose column headings and
//! labels follow the reader's language, with each coded value also as its code.
//!
//! Lists page by id: `cursor` (the `next` of the previous page; 0 or none for the
//! first) and `limit` (JSON: 1 to 100, 25 by default, as the other read APIs; CSV: 1
//! to 1,000, all of them by default, the next page named in a `Link` header). Anything
//! else is refused (400), never clamped silently. What may be published is decided in
//! `service::open_data`.

use actix_web::HttpRequest;
use actix_web::http::header;
use chrono::NaiveDateTime;

use super::*;
use crate::assemblies::service::open_data::{
    self as od, BodyRecord, MeetingRecord, MotionRecord, Paging, VoteRecord,
};
use crate::web::csv::Cell::{Text, Value};
use crate::web::csv::Table;

/// Rows of a JSON page when `limit` is not given, and the most it may ask.
pub const API_PAGE: i64 = 25;
pub const API_MAX: i64 = 100;
/// The most rows of one CSV file (and the default): the size of the pages the pacts'
/// export reads in.
pub const CSV_MAX: i64 = 1_000;

fn paging(req: &HttpRequest, default: i64, max: i64) -> Result<Paging, AppError> {
    let q = FormData::parse(req.query_string().as_bytes());
    let after = match q.get("cursor").trim() {
        "" => 0,
        c => c
            .parse::<i64>()
            .ok()
            .filter(|c| *c >= 0)
            .ok_or(AppError::BadRequest("error-bad-cursor"))?,
    };
    let bad_limit = if max == API_MAX {
        "error-bad-limit"
    } else {
        "error-bad-csv-limit"
    };
    let limit = match q.get("limit").trim() {
        "" => default,
        l => l
            .parse::<i64>()
            .ok()
            .filter(|l| (1..=max).contains(l))
            .ok_or(AppError::BadRequest(bad_limit))?,
    };
    Ok(Paging { after, limit })
}

fn base(state: &AppState) -> String {
    state
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_string()
}

fn iso(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn iso_or_null(t: Option<NaiveDateTime>) -> serde_json::Value {
    t.map(|t| serde_json::Value::from(iso(t)))
        .unwrap_or(serde_json::Value::Null)
}

/// A JSON answer with the open data's licence as its `license` member, readable from
/// any site, cached a minute as the commons' open data.
fn json(state: &AppState, v: serde_json::Value) -> HttpResponse {
    let v = crate::web::opendata::with_licence(v, &state.config.open_data.licence);
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(v.to_string())
}

fn page_json(state: &AppState, items: Vec<serde_json::Value>, next: Option<i64>) -> HttpResponse {
    json(state, serde_json::json!({ "items": items, "next": next }))
}

/// A CSV file in the reader's language (so caches keep one per language), with the
/// address of the next page, if any, in a `Link` header.
fn csv_file(
    req: &HttpRequest,
    name: &str,
    body: String,
    p: Paging,
    next: Option<i64>,
) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"))
        .insert_header((header::VARY, "Accept-Language, Cookie"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
    if let Some(n) = next {
        res.insert_header((
            header::LINK,
            format!(
                "<{}?cursor={n}&limit={}>; rel=\"next\"",
                req.path(),
                p.limit
            ),
        ));
    }
    res.body(body)
}

/// A CSV table whose headings are these keys in the reader's language.
fn table(ctx: &PageCtx, keys: &[&str]) -> Result<Table, AppError> {
    let header: Vec<String> = keys.iter().map(|k| ctx.t(k)).collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    Table::new(&header)
}

fn yes_no(ctx: &PageCtx, b: bool) -> String {
    ctx.t(if b { "odata-yes" } else { "odata-no" })
}

// --- bodies ---

fn body_json(base: &str, b: &BodyRecord) -> serde_json::Value {
    serde_json::json!({
        "id": b.id,
        "slug": b.slug,
        "kind": b.kind.code(),
        "name": b.name,
        "district": b.district,
        "theme": b.theme,
        "joining": b.joining.code(),
        "admits": b.admits.iter().map(|k| k.code()).collect::<Vec<_>>(),
        "motion_threshold": b.motion_threshold,
        "members": b.members,
        "created_at": iso(b.created_at),
        "url": format!("{base}/assemblies/{}", b.slug),
        "api_url": format!("{base}/api/v1/assemblies/{}", b.slug),
    })
}

/// `GET /api/v1/assemblies`: the bodies, a page at a time.
pub async fn api_bodies(req: HttpRequest, state: web::Data<AppState>) -> Res {
    let p = paging(&req, API_PAGE, API_MAX)?;
    let (list, next) = od::bodies(&state, p).await?;
    let base = base(&state);
    Ok(page_json(
        &state,
        list.iter().map(|b| body_json(&base, b)).collect(),
        next,
    ))
}

/// `GET /api/v1/assemblies/{slug}`: one body, its charter, its counts and the
/// addresses of its lists.
pub async fn api_body(state: web::Data<AppState>, slug: web::Path<String>) -> Res {
    let (b, facilitators) = od::body(&state, &slug).await?;
    let base = base(&state);
    let mut v = body_json(&base, &b);
    let at = |list: &str| format!("{base}/api/v1/assemblies/{}/{list}", b.slug);
    let csv = |list: &str| format!("{base}/assemblies/{}/{list}.csv", b.slug);
    if let Some(o) = v.as_object_mut() {
        o.insert("charter".into(), b.charter.clone().into());
        o.insert("facilitators".into(), facilitators.into());
        for list in ["meetings", "motions", "votes", "recommendations"] {
            o.insert(format!("{list}_url"), at(list).into());
            o.insert(format!("{list}_csv_url"), csv(list).into());
        }
        // Only a chamber's members (organisations) are public.
        if b.kind == crate::assemblies::model::BodyKind::Chamber {
            o.insert("members_url".into(), at("members").into());
            o.insert("members_csv_url".into(), csv("members").into());
        }
    }
    Ok(json(&state, v))
}

const BODY_COLUMNS: &[&str] = &[
    "odata-col-id",
    "odata-col-slug",
    "odata-col-name",
    "odata-col-kind",
    "odata-col-kind-code",
    "odata-col-district",
    "odata-col-theme",
    "odata-col-joining",
    "odata-col-joining-code",
    "odata-col-admits",
    "odata-col-motion-threshold",
    "odata-col-members",
    "odata-col-created",
    "odata-col-url",
];

/// `GET /assemblies.csv`: the bodies.
pub async fn bodies_csv(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let p = paging(&req, CSV_MAX, CSV_MAX)?;
    let (list, next) = od::bodies(&state, p).await?;
    let base = base(&state);
    let mut t = table(&ctx, BODY_COLUMNS)?;
    for b in &list {
        let admits: Vec<&str> = b.admits.iter().map(|k| k.code()).collect();
        t.row(&[
            Value(b.id.to_string()),
            Value(b.slug.clone()),
            Text(&b.name),
            Value(ctx.t(b.kind.label_key())),
            Value(b.kind.code().to_string()),
            Text(b.district.as_deref().unwrap_or("")),
            Text(&b.theme),
            Value(ctx.t(b.joining.label_key())),
            Value(b.joining.code().to_string()),
            Value(admits.join(";")),
            Value(b.motion_threshold.to_string()),
            Value(b.members.to_string()),
            Value(iso(b.created_at)),
            Value(format!("{base}/assemblies/{}", b.slug)),
        ])?;
    }
    Ok(csv_file(&req, "assemblies.csv", t.finish()?, p, next))
}

// --- meetings ---

fn meeting_urls(base: &str, slug: &str, m: &MeetingRecord) -> (String, Option<String>) {
    let url = format!("{base}/assemblies/{slug}/meetings/{}", m.id);
    // The minutes are on the meeting's page once published.
    let minutes = m.minutes_published_at.map(|_| url.clone());
    (url, minutes)
}

/// `GET /api/v1/assemblies/{slug}/meetings`: a body's meetings, a page at a time.
pub async fn api_meetings(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let p = paging(&req, API_PAGE, API_MAX)?;
    let (list, next) = od::meetings(&state, &slug, p).await?;
    let base = base(&state);
    let items = list
        .iter()
        .map(|m| {
            let (url, minutes_url) = meeting_urls(&base, &slug, m);
            serde_json::json!({
                "id": m.id,
                "title": m.title,
                "starts_at": iso(m.starts_at),
                "ends_at": iso(m.ends_at),
                "place": m.place,
                "online": !m.online_url.is_empty(),
                "online_url": m.online_url,
                "state": m.state.code(),
                "agenda": m.agenda.iter().map(|a| serde_json::json!({
                    "kind": a.kind.code(),
                    "title": a.title,
                    "ref_id": a.ref_id,
                })).collect::<Vec<_>>(),
                "attendance": m.attendance,
                "minutes_published": m.minutes_published_at.is_some(),
                "minutes_published_at": iso_or_null(m.minutes_published_at),
                "minutes_url": minutes_url,
                "url": url,
            })
        })
        .collect();
    Ok(page_json(&state, items, next))
}

const MEETING_COLUMNS: &[&str] = &[
    "odata-col-id",
    "odata-col-title",
    "odata-col-starts",
    "odata-col-ends",
    "odata-col-place",
    "odata-col-online-url",
    "odata-col-state",
    "odata-col-state-code",
    "odata-col-agenda-items",
    "odata-col-agenda",
    "odata-col-attendance",
    "odata-col-minutes-published",
    "odata-col-minutes-url",
    "odata-col-url",
];

/// `GET /assemblies/{slug}/meetings.csv`: a body's meetings.
pub async fn meetings_csv(
    ctx: PageCtx,
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let p = paging(&req, CSV_MAX, CSV_MAX)?;
    let (list, next) = od::meetings(&state, &slug, p).await?;
    let base = base(&state);
    let mut t = table(&ctx, MEETING_COLUMNS)?;
    for m in &list {
        let (url, minutes_url) = meeting_urls(&base, &slug, m);
        // One item a line: agenda lines hold no line break.
        let agenda: Vec<&str> = m.agenda.iter().map(|a| a.title.as_str()).collect();
        t.row(&[
            Value(m.id.to_string()),
            Text(&m.title),
            Value(iso(m.starts_at)),
            Value(iso(m.ends_at)),
            Text(&m.place),
            Text(&m.online_url),
            Value(ctx.t(m.state.label_key())),
            Value(m.state.code().to_string()),
            Value(m.agenda.len().to_string()),
            Text(&agenda.join("\n")),
            Value(m.attendance.to_string()),
            Value(yes_no(&ctx, m.minutes_published_at.is_some())),
            Value(minutes_url.unwrap_or_default()),
            Value(url),
        ])?;
    }
    let name = format!("{slug}-meetings.csv");
    Ok(csv_file(&req, &name, t.finish()?, p, next))
}

// --- motions ---

/// `GET /api/v1/assemblies/{slug}/motions`: a body's motions, a page at a time.
pub async fn api_motions(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let p = paging(&req, API_PAGE, API_MAX)?;
    let (list, next) = od::motions(&state, &slug, p).await?;
    let base = base(&state);
    let items = list
        .iter()
        .map(|m: &MotionRecord| {
            serde_json::json!({
                "id": m.id,
                "title": m.title,
                "state": m.state.code(),
                "supporters": m.supporters,
                "tabled_by": m.tabled_by,
                "created_at": iso(m.created_at),
                "votes": m.votes,
                "url": format!("{base}/assemblies/{slug}/motions/{}", m.id),
            })
        })
        .collect();
    Ok(page_json(&state, items, next))
}

const MOTION_COLUMNS: &[&str] = &[
    "odata-col-id",
    "odata-col-title",
    "odata-col-state",
    "odata-col-state-code",
    "odata-col-supporters",
    "odata-col-tabled-by",
    "odata-col-created",
    "odata-col-votes",
    "odata-col-url",
];

/// `GET /assemblies/{slug}/motions.csv`: a body's motions.
pub async fn motions_csv(
    ctx: PageCtx,
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let p = paging(&req, CSV_MAX, CSV_MAX)?;
    let (list, next) = od::motions(&state, &slug, p).await?;
    let base = base(&state);
    let mut t = table(&ctx, MOTION_COLUMNS)?;
    for m in &list {
        let votes: Vec<String> = m.votes.iter().map(i64::to_string).collect();
        t.row(&[
            Value(m.id.to_string()),
            Text(&m.title),
            Value(ctx.t(m.state.label_key())),
            Value(m.state.code().to_string()),
            Value(m.supporters.to_string()),
            Text(&m.tabled_by),
            Value(iso(m.created_at)),
            Value(votes.join(";")),
            Value(format!("{base}/assemblies/{slug}/motions/{}", m.id)),
        ])?;
    }
    let name = format!("{slug}-motions.csv");
    Ok(csv_file(&req, &name, t.finish()?, p, next))
}

// --- votes ---

/// The addresses of a vote's page, its ballots file and its hashes.
struct VoteUrls {
    url: String,
    ballots: String,
    hashes: String,
}

fn vote_urls(base: &str, slug: &str, v: &VoteRecord) -> VoteUrls {
    let url = format!("{base}/assemblies/{slug}/votes/{}", v.id);
    VoteUrls {
        ballots: format!("{url}/ballots"),
        hashes: format!("{url}/hashes.txt"),
        url,
    }
}

/// A vote as JSON: the settings and turnout always; the result, its hashes, the ledger
/// entry and the published files once closed (null before).
fn vote_json(base: &str, slug: &str, v: &VoteRecord) -> serde_json::Value {
    let u = vote_urls(base, slug, v);
    let o = v.outcome.as_ref();
    serde_json::json!({
        "id": v.id,
        "motion_id": v.motion_id,
        "question": v.question,
        "method": v.method.name(),
        "options": v.options,
        "seats": v.seats,
        "majority": v.majority,
        "quorum": Some(&v.quorum).filter(|q| !q.is_empty()),
        "secrecy": v.secrecy.code(),
        "block_is_veto": v.block_is_veto,
        "max_score": v.max_score,
        "opens_at": iso(v.opens_at),
        "closes_at": iso(v.closes_at),
        "electorate": v.electorate,
        "state": if v.open { "open" } else { "closed" },
        "ballots_cast": v.ballots_cast,
        "closed_at": iso_or_null(o.and_then(|o| o.closed_at)),
        "verdict": o.map(|o| o.verdict.as_str()),
        "winners": o.map(|o| &o.winners),
        "result": o.map(|o| &o.result),
        "result_json": o.map(|o| o.result_json.as_str()),
        "report_sha256": o.map(|o| o.report_sha256.as_str()),
        "ballots_sha256": o.map(|o| o.ballots_sha256.as_str()),
        "ledger_index": o.and_then(|o| o.ledger_index),
        "ledger_url": o.and_then(|o| o.ledger_index).map(|i| format!("{base}/ledger/entries/{i}")),
        "ballots_format": o.map(|_| if v.method.is_ranked() { "blt" } else { "csv" }),
        "ballots_url": o.map(|_| u.ballots.as_str()),
        "hashes_url": o.map(|_| u.hashes.as_str()),
        "url": u.url,
    })
}

/// `GET /api/v1/assemblies/{slug}/votes`: a body's votes, a page at a time.
pub async fn api_votes(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let p = paging(&req, API_PAGE, API_MAX)?;
    let (list, next) = od::votes(&state, &slug, p, None).await?;
    let base = base(&state);
    Ok(page_json(
        &state,
        list.iter().map(|v| vote_json(&base, &slug, v)).collect(),
        next,
    ))
}

/// `GET /api/v1/assemblies/{slug}/votes/{id}`: one vote.
pub async fn api_vote(state: web::Data<AppState>, path: web::Path<(String, i64)>) -> Res {
    let (slug, id) = path.into_inner();
    let one = Paging { after: 0, limit: 1 };
    let (list, _) = od::votes(&state, &slug, one, Some(id)).await?;
    let v = list.first().ok_or(AppError::NotFound)?;
    Ok(json(&state, vote_json(&base(&state), &slug, v)))
}

const VOTE_COLUMNS: &[&str] = &[
    "odata-col-id",
    "odata-col-motion",
    "odata-col-question",
    "odata-col-method",
    "odata-col-method-code",
    "odata-col-options",
    "odata-col-seats",
    "odata-col-majority",
    "odata-col-quorum",
    "odata-col-secrecy",
    "odata-col-secrecy-code",
    "odata-col-opens",
    "odata-col-closes",
    "odata-col-electorate",
    "odata-col-state",
    "odata-col-state-code",
    "odata-col-ballots-cast",
    "odata-col-verdict",
    "odata-col-verdict-code",
    "odata-col-winners",
    "odata-col-report-sha256",
    "odata-col-ballots-sha256",
    "odata-col-ledger-index",
    "odata-col-ballots-url",
    "odata-col-hashes-url",
    "odata-col-url",
];

/// A verdict's name in the reader's language.
fn verdict_label(ctx: &PageCtx, code: &str) -> String {
    match code {
        "decided" => ctx.t("odata-verdict-decided"),
        "failed_quorum" => ctx.t("odata-verdict-failed-quorum"),
        other => other.to_string(),
    }
}

/// `GET /assemblies/{slug}/votes.csv`: a body's votes and their results.
pub async fn votes_csv(
    ctx: PageCtx,
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let p = paging(&req, CSV_MAX, CSV_MAX)?;
    let (list, next) = od::votes(&state, &slug, p, None).await?;
    let base = base(&state);
    let mut t = table(&ctx, VOTE_COLUMNS)?;
    for v in &list {
        let u = vote_urls(&base, &slug, v);
        let o = v.outcome.as_ref();
        let state = if v.open { "open" } else { "closed" };
        let state_label = ctx.t(if v.open {
            "vote-state-open"
        } else {
            "vote-state-closed"
        });
        let method_label = ctx.t(format!("vote-method-{}", v.method.name().replace('_', "-")));
        // One option (or winner) a line: options hold no line break.
        let winners = o.map(|o| o.winners.join("\n")).unwrap_or_default();
        t.row(&[
            Value(v.id.to_string()),
            Value(v.motion_id.map(|m| m.to_string()).unwrap_or_default()),
            Text(&v.question),
            Value(method_label),
            Value(v.method.name().to_string()),
            Text(&v.options.join("\n")),
            Value(v.seats.to_string()),
            Value(v.majority.clone()),
            Value(v.quorum.clone()),
            Value(ctx.t(v.secrecy.label_key())),
            Value(v.secrecy.code().to_string()),
            Value(iso(v.opens_at)),
            Value(iso(v.closes_at)),
            Value(v.electorate.to_string()),
            Value(state_label),
            Value(state.to_string()),
            Value(v.ballots_cast.to_string()),
            Value(
                o.map(|o| verdict_label(&ctx, &o.verdict))
                    .unwrap_or_default(),
            ),
            Value(o.map(|o| o.verdict.clone()).unwrap_or_default()),
            Text(&winners),
            Value(o.map(|o| o.report_sha256.clone()).unwrap_or_default()),
            Value(o.map(|o| o.ballots_sha256.clone()).unwrap_or_default()),
            Value(
                o.and_then(|o| o.ledger_index)
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
            ),
            Value(o.map(|_| u.ballots.clone()).unwrap_or_default()),
            Value(o.map(|_| u.hashes.clone()).unwrap_or_default()),
            Value(u.url),
        ])?;
    }
    let name = format!("{slug}-votes.csv");
    Ok(csv_file(&req, &name, t.finish()?, p, next))
}

// --- members ---

fn member_json(base: &str, m: &od::MemberRecord) -> serde_json::Value {
    serde_json::json!({
        "id": m.id,
        "kind": if m.organisation.is_some() { "organisation" } else { "person" },
        "organisation": m.organisation.as_ref().map(|o| &o.1),
        "organisation_kind": Some(&m.organisation_kind).filter(|k| !k.is_empty()),
        "organisation_url": m.organisation.as_ref().map(|o| format!("{base}/groups/{}", o.0)),
        "joined_at": iso_or_null(m.joined_at),
    })
}

/// `GET /api/v1/assemblies/{slug}/members`: a chamber's member organisations, a page
/// at a time (an assembly's members are not public: refused as its page is).
pub async fn api_members(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let p = paging(&req, API_PAGE, API_MAX)?;
    let (list, next) = od::members(&state, &slug, p).await?;
    let base = base(&state);
    Ok(page_json(
        &state,
        list.iter().map(|m| member_json(&base, m)).collect(),
        next,
    ))
}

const MEMBER_COLUMNS: &[&str] = &[
    "odata-col-id",
    "odata-col-member-kind",
    "odata-col-organisation",
    "odata-col-organisation-kind",
    "odata-col-joined",
    "odata-col-url",
];

/// `GET /assemblies/{slug}/members.csv`: a chamber's member organisations.
pub async fn members_csv(
    ctx: PageCtx,
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let p = paging(&req, CSV_MAX, CSV_MAX)?;
    let (list, next) = od::members(&state, &slug, p).await?;
    let base = base(&state);
    let mut t = table(&ctx, MEMBER_COLUMNS)?;
    for m in &list {
        t.row(&[
            Value(m.id.to_string()),
            Value(ctx.t(if m.organisation.is_some() {
                "odata-member-organisation"
            } else {
                "odata-member-person"
            })),
            Text(m.organisation.as_ref().map_or("", |o| o.1.as_str())),
            Value(m.organisation_kind.clone()),
            Value(m.joined_at.map(iso).unwrap_or_default()),
            Value(
                m.organisation
                    .as_ref()
                    .map(|o| format!("{base}/groups/{}", o.0))
                    .unwrap_or_default(),
            ),
        ])?;
    }
    let name = format!("{slug}-members.csv");
    Ok(csv_file(&req, &name, t.finish()?, p, next))
}

// --- recommendations ---

fn recommendation_json(base: &str, slug: &str, r: &od::RecommendationRecord) -> serde_json::Value {
    let at = format!("{base}/assemblies/{slug}");
    serde_json::json!({
        "id": r.id,
        "title": r.title,
        "text": r.text,
        "text_sha256": r.text_sha256,
        "office": r.office,
        "sent_at": iso(r.sent_at),
        "answer": r.answer.map(|a| a.code()),
        "answer_text": Some(&r.answer_text).filter(|t| !t.is_empty()),
        "answered_at": iso_or_null(r.answered_at),
        "pact_url": r.answer_pact.map(|p| format!("{base}/pacts/{p}")),
        "motion_url": format!("{at}/motions/{}", r.motion_id),
        "vote_url": format!("{at}/votes/{}", r.vote_id),
        "url": format!("{at}/recommendations/{}", r.id),
    })
}

/// Refuses paging parameters on a list that has none: the recommendations' page shows
/// the newest ones, as many as it ever shows, on one page.
fn no_paging(req: &HttpRequest) -> Result<(), AppError> {
    let q = FormData::parse(req.query_string().as_bytes());
    if !q.get("cursor").trim().is_empty() || !q.get("limit").trim().is_empty() {
        return Err(AppError::BadRequest("error-bad-cursor"));
    }
    Ok(())
}

/// `GET /api/v1/assemblies/{slug}/recommendations`: what a body sent to the city and
/// the answers, as its list shows them (the newest 200, newest first).
pub async fn api_recommendations(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    no_paging(&req)?;
    let list = od::recommendations(&state, &slug).await?;
    let base = base(&state);
    Ok(page_json(
        &state,
        list.iter()
            .map(|r| recommendation_json(&base, &slug, r))
            .collect(),
        None,
    ))
}

const RECOMMENDATION_COLUMNS: &[&str] = &[
    "odata-col-id",
    "odata-col-title",
    "odata-col-office",
    "odata-col-sent",
    "odata-col-answer",
    "odata-col-answer-code",
    "odata-col-answered",
    "odata-col-answer-text",
    "odata-col-pact-url",
    "odata-col-motion-url",
    "odata-col-vote-url",
    "odata-col-text-sha256",
    "odata-col-url",
];

/// `GET /assemblies/{slug}/recommendations.csv`: the same as CSV.
pub async fn recommendations_csv(
    ctx: PageCtx,
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    no_paging(&req)?;
    let list = od::recommendations(&state, &slug).await?;
    let base = base(&state);
    let at = format!("{base}/assemblies/{slug}");
    let mut t = table(&ctx, RECOMMENDATION_COLUMNS)?;
    for r in &list {
        t.row(&[
            Value(r.id.to_string()),
            Text(&r.title),
            Text(&r.office),
            Value(iso(r.sent_at)),
            Value(ctx.t(match r.answer {
                Some(a) => a.label_key(),
                None => "recommendation-waiting".into(),
            })),
            Value(r.answer.map(|a| a.code().to_string()).unwrap_or_default()),
            Value(r.answered_at.map(iso).unwrap_or_default()),
            Text(&r.answer_text),
            Value(
                r.answer_pact
                    .map(|p| format!("{base}/pacts/{p}"))
                    .unwrap_or_default(),
            ),
            Value(format!("{at}/motions/{}", r.motion_id)),
            Value(format!("{at}/votes/{}", r.vote_id)),
            Value(r.text_sha256.clone()),
            Value(format!("{at}/recommendations/{}", r.id)),
        ])?;
    }
    let name = format!("{slug}-recommendations.csv");
    let p = Paging {
        after: 0,
        limit: CSV_MAX,
    };
    Ok(csv_file(&req, &name, t.finish()?, p, None))
}
