//! The pact page (one section per partial of `templates/pacts/show/`), a version's
//! canonical text, and the printable pact.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::{Res, query_of};
use crate::accounts::api::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::kit::translations::{Original, Shown, Subject, Version};
use crate::pacts::policy::{self, Action};
use crate::pacts::procedure::Actor;
use crate::pacts::procedure::{Opinion, Transition};
use crate::pacts::service::Evaluation;
use crate::pacts::store::{self, Env, Who};
use crate::pacts::text::Comparison;
use crate::pacts::view::{self, PactPage};
use crate::ports::AppState;
use crate::web::forms::{FormData, FormErrors};
use crate::web::page::PageCtx;
use crate::web::render;
use crate::web::translations::shown;
use crate::web::uploads;

#[derive(Template)]
#[template(path = "pacts/show.html")]
pub(super) struct ShowPage {
    ctx: PageCtx,
    page: PactPage,
    errors: FormErrors,
    /// The last form's values, shown again after a refusal.
    echo: FormData,
    compare: Option<(i64, i64, Comparison)>,
    evaluations: Vec<(&'static str, String)>,
    opinions: Vec<(&'static str, String)>,
    /// The title, objectives and activities in the reader's language, or the original.
    version: Version,
    /// Its commons', office's and district's names likewise.
    commons_names: Vec<(i64, Option<Shown>)>,
    office_name: Option<Shown>,
    district_name: Option<Shown>,
    /// The language of the pact's own text (the legal text stays in it).
    original_lang: &'static str,
}

impl ShowPage {
    fn original_lang_key(&self) -> String {
        format!("translation-lang-{}", self.original_lang)
    }
    fn state_code(&self) -> &str {
        self.page.pact.state.code()
    }
    fn action_key(&self, t: &Transition) -> String {
        format!("pact-action-{}", t.code().replace('_', "-"))
    }
    fn action_code(&self, t: &Transition) -> &'static str {
        t.code()
    }
    fn action_needs_reasons(&self, t: &Transition) -> bool {
        t.needs_reasons()
            || matches!(t, Transition::Conclude)
            || (matches!(t, Transition::Withdraw)
                && policy::actor_for(&self.page.standing, *t) != Actor::Proposer)
    }
    fn is_publish(&self, t: &Transition) -> bool {
        *t == Transition::Publish
    }
    fn is_extend(&self, t: &Transition) -> bool {
        *t == Transition::Extend
    }
    fn is_danger(&self, t: &Transition) -> bool {
        matches!(
            t,
            Transition::Reject | Transition::Withdraw | Transition::Suspend | Transition::Revoke
        )
    }
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
    /// The echoed value of a routing field after a refusal, else the pact's own.
    fn routed(&self, field: &str) -> Vec<String> {
        if !self.echo.get("office").is_empty() {
            return self.echo.all(field).iter().map(|v| v.to_string()).collect();
        }
        let p = &self.page.pact;
        match field {
            "office" => p.office_id.map(|o| o.to_string()).into_iter().collect(),
            "official" => p.official_id.map(|o| o.to_string()).into_iter().collect(),
            "contributing" => self
                .page
                .routing
                .iter()
                .flat_map(|r| r.contributing.iter().map(|c| c.0.to_string()))
                .collect(),
            "council" => self
                .page
                .routing
                .iter()
                .filter(|r| r.council_signs.is_some())
                .map(|_| "1".to_string())
                .collect(),
            "type" => vec![p.kind.code().to_string()],
            _ => vec![],
        }
    }
    fn is_routed(&self, field: &str, value: &str) -> bool {
        self.routed(field).iter().any(|v| v == value)
    }
    fn type_codes(&self) -> Vec<(&'static str, String)> {
        crate::pacts::procedure::PactType::ALL
            .iter()
            .map(|k| (k.code(), k.label_key()))
            .collect()
    }
    /// The offices asked whose opinion the viewer may give.
    fn my_opinions(&self) -> Vec<&view::OpinionLine> {
        self.page
            .opinions
            .iter()
            .filter(|o| self.page.allowed.answer_for.contains(&o.office_id))
            .collect()
    }
    /// "Imported from the city's earlier registry; signed outside Pactum on <date> by
    /// <parties>" (empty for a pact made in Pactum).
    fn imported_note(&self) -> String {
        match &self.page.imported {
            Some(i) => self.ctx.t2(
                match i.signed_on {
                    Some(_) => "pact-imported-note",
                    None => "pact-imported-note-undated",
                },
                ("date", &self.ctx.date(i.signed_on)),
                ("parties", &i.parties),
            ),
            None => String::new(),
        }
    }
    fn no_support_warning(&self) -> bool {
        self.page.allowed.follow_deadlines && self.page.current.text.support.is_empty()
    }
    fn signatures_of(&self, version: i64) -> Vec<&view::Signature> {
        self.page
            .signatures
            .iter()
            .filter(|s| s.version == version)
            .collect()
    }
    fn max_file_mb(&self) -> usize {
        uploads::MAX_PHOTO_BYTES / (1024 * 1024)
    }
    fn party_key(&self, party: &str) -> String {
        format!("pact-party-{party}")
    }
    /// The version whose signatures the page lists: the signed one, else the current.
    fn sig_version(&self) -> i64 {
        self.page
            .pact
            .signed_version
            .unwrap_or(self.page.pact.version)
    }
    fn versions_desc(&self) -> Vec<&view::VersionLine> {
        self.page.versions.iter().rev().collect()
    }
}

pub(super) async fn show_page(
    ctx: PageCtx,
    state: &AppState,
    viewer: Option<&CurrentUser>,
    id: i64,
    errors: FormErrors,
    echo: FormData,
    compare: Option<(i64, i64)>,
) -> Result<ShowPage, AppError> {
    let env = Env::from_ports(state);
    let who = viewer.map(Who::from);
    let (page, changes, texts) = state
        .db
        .run(move |conn| {
            let page = view::page(conn, &env, who.as_ref(), id)?;
            let changes = match compare {
                Some((a, b)) => {
                    let max = page.pact.version;
                    if a < 1 || b < 1 || a > max || b > max {
                        return Err(AppError::NotFound);
                    }
                    Some((a, b, view::compare(conn, id, a, b)?))
                }
                None => None,
            };
            let commons: Vec<i64> = page.commons.iter().map(|c| c.0).collect();
            let texts = crate::db::translations::load(
                conn,
                &[
                    (Subject::Pact, &[id]),
                    (Subject::Commons, &commons),
                    (
                        Subject::Office,
                        page.office
                            .as_slice()
                            .iter()
                            .map(|o| o.0)
                            .collect::<Vec<_>>()
                            .as_slice(),
                    ),
                    (Subject::District, page.pact.district_id.as_slice()),
                ],
            )?;
            Ok((page, changes, texts))
        })
        .await?;
    let (reader, default) = (ctx.lang.code(), state.config.default_language.code());
    let name = |subject: Subject, id: i64, text: &str| {
        shown(
            reader,
            default,
            Original::title_only(text),
            texts.get(subject, id),
        )
        .title
    };
    let commons_names = page
        .commons
        .iter()
        .map(|(cid, cname)| {
            (
                *cid,
                (!cname.is_empty()).then(|| name(Subject::Commons, *cid, cname)),
            )
        })
        .collect();
    let office_name = page
        .office
        .as_ref()
        .map(|(oid, oname)| name(Subject::Office, *oid, oname));
    let district_name = match (page.pact.district_id, &page.district) {
        (Some(did), Some(dname)) => Some(name(Subject::District, did, dname)),
        _ => None,
    };
    let own = texts.get(Subject::Pact, id);
    let version = shown(
        reader,
        default,
        Original {
            title: &page.pact.title,
            summary: Some(&page.current.text.objectives),
            description: Some(&page.current.text.activities),
        },
        own,
    );
    let original_lang = own.map(|t| t.original_lang(default)).unwrap_or(default);
    Ok(ShowPage {
        version,
        commons_names,
        office_name,
        district_name,
        original_lang,
        ctx,
        page,
        errors,
        echo,
        compare: changes,
        evaluations: Evaluation::ALL
            .iter()
            .map(|e| (e.code(), e.label_key()))
            .collect(),
        opinions: Opinion::ALL
            .iter()
            .map(|o| (o.code(), o.label_key()))
            .collect(),
    })
}

/// `GET /pacts/{id}` (`?from=N&to=M` compares two versions clause by clause).
pub async fn show(
    ctx: PageCtx,
    user: MaybeUser,
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let q = query_of(&req);
    let compare = match (q.get("from").parse::<i64>(), q.get("to").parse::<i64>()) {
        (Ok(a), Ok(b)) => Some((a, b)),
        _ => None,
    };
    let page = show_page(
        ctx,
        &state,
        user.0.as_ref(),
        id.into_inner(),
        FormErrors::new(),
        FormData::default(),
        compare,
    )
    .await?;
    Ok(render(&page))
}

/// `GET /pacts/{id}/versions/{n}.txt`: a version's canonical text, whose SHA-256 is
/// the one signed (for frozen and signed versions).
pub async fn version_text(
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
) -> Res {
    let (id, file) = path.into_inner();
    let n = file
        .strip_suffix(".txt")
        .and_then(|n| n.parse::<i64>().ok())
        .ok_or(AppError::NotFound)?;
    let who = user.0.as_ref().map(Who::from);
    let today = state.clock.now().date();
    let text = state
        .db
        .run(move |conn| {
            let p = store::load(conn, id)?;
            let facts = store::pact_facts(conn, &p, who.as_ref(), today)?;
            if policy::may(who.as_ref(), &facts, Action::See).is_err() || n < 1 || n > p.version {
                return Err(AppError::NotFound);
            }
            store::canonical(conn, &p, n)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/plain; charset=utf-8"))
        .insert_header(("Content-Security-Policy", "default-src 'none'"))
        .body(text))
}

#[derive(Template)]
#[template(path = "pacts/print.html")]
struct PrintPage {
    ctx: PageCtx,
    page: PactPage,
    version: store::Version,
    signatures: Vec<view::Signature>,
    ledger_index: Option<i64>,
}

/// `GET /pacts/{id}/print`: the signed text (or the current one) for A4 paper.
pub async fn print(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let id = id.into_inner();
    let env = Env::from_ports(&state);
    let who = user.0.as_ref().map(Who::from);
    let page = state
        .db
        .run(move |conn| view::page(conn, &env, who.as_ref(), id))
        .await?;
    let number = page.pact.signed_version.unwrap_or(page.pact.version);
    let version = match &page.signed {
        Some(v) => v.clone(),
        None => page.current.clone(),
    };
    let signatures = page
        .signatures
        .iter()
        .filter(|s| s.version == number)
        .cloned()
        .collect();
    Ok(render(&PrintPage {
        ctx,
        ledger_index: page.pact.signed_ledger_index,
        page,
        version,
        signatures,
    }))
}
