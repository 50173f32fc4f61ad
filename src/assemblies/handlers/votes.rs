//! Votes: the form a facilitator opens one with, the vote's page (the ballot form for
//! its voters, the result after closing), the receipt shown once after casting, the
//! tracker check, and the published ballots and their hashes.

use super::*;
use crate::assemblies::model::vote::{self, Secrecy, VoteInput, VoteSettings};
use crate::assemblies::service::amendments;
use crate::assemblies::service::vote_pages::{self, VotePage};
use crate::assemblies::service::votes::{self as votes_svc, Receipt};
use crate::voting::api::Method;

#[derive(Template)]
#[template(path = "assemblies/vote_form.html")]
pub(super) struct VoteFormPage {
    ctx: PageCtx,
    slug: String,
    name: String,
    motion: Option<i64>,
    /// The amendment the vote decides, if it is an amendment's own vote.
    amendment: Option<i64>,
    /// The body's meetings a vote may be held in (not cancelled), as (id, label).
    meetings: Vec<(String, String)>,
    errors: FormErrors,
    input: VoteInput,
}

/// The meetings of a body's page a vote may be held in: not cancelled, soonest first,
/// labelled with their start in the page's language.
fn meeting_choices(ctx: &PageCtx, page: &service::BodyPage) -> Vec<(String, String)> {
    page.upcoming
        .iter()
        .chain(page.past.iter())
        .filter(|m| m.cancelled_at.is_none())
        .map(|m| {
            (
                m.id.to_string(),
                format!("{} · {}", ctx.datetime(m.starts_at), m.title),
            )
        })
        .collect()
}

impl VoteFormPage {
    fn methods(&self) -> Vec<&'static str> {
        Method::ALL.iter().map(|m| m.name()).collect()
    }
    fn secrecies(&self) -> &'static [Secrecy] {
        Secrecy::ALL
    }
}

#[derive(Deserialize, Default)]
pub struct MotionQuery {
    #[serde(default)]
    motion: Option<i64>,
    #[serde(default)]
    amendment: Option<i64>,
}

/// `GET /assemblies/{slug}/votes/new` (facilitators; `?motion=` a scheduled motion,
/// `?amendment=` a proposed amendment).
pub async fn vote_form(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<MotionQuery>,
) -> Res {
    let who = user.who();
    let page = service::page(&state, Some(&who), &slug).await?;
    policy::may(Some(&who), &Object::Body(&page.facts), Action::OpenVote)?;
    let now = state.clock.now();
    let amendment_question = match q.amendment {
        Some(a) => Some(ctx.t1(
            "amendment-vote-question",
            "title",
            amendments::motion_title(&state, &slug, a).await?,
        )),
        None => None,
    };
    let input = VoteInput {
        method: "yes_no_abstain".into(),
        secrecy: "secret".into(),
        majority: "simple".into(),
        opens_at: now.format("%Y-%m-%dT%H:%M").to_string(),
        closes_at: (now + chrono::Duration::days(7))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        question: amendment_question
            .or_else(|| {
                q.motion
                    .and_then(|m| page.motions.iter().find(|x| x.id == m))
                    .map(|m| m.title.clone())
            })
            .unwrap_or_default(),
        ..VoteInput::default()
    };
    let meetings = meeting_choices(&ctx, &page);
    Ok(render(&VoteFormPage {
        ctx,
        meetings,
        slug: page.body.slug,
        name: page.body.name,
        motion: q.motion.filter(|_| q.amendment.is_none()),
        amendment: q.amendment,
        errors: FormErrors::new(),
        input,
    }))
}

/// `POST /assemblies/{slug}/votes/new`.
pub async fn open_vote(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    body: web::Bytes,
) -> Res {
    let who = user.who();
    let page = service::page(&state, Some(&who), &slug).await?;
    policy::may(Some(&who), &Object::Body(&page.facts), Action::OpenVote)?;
    let f = FormData::parse(&body);
    let input = VoteInput {
        question: f.get("question").to_string(),
        method: f.get("method").to_string(),
        options: f.get("options").to_string(),
        seats: f.get("seats").to_string(),
        majority: f.get("majority").to_string(),
        quorum: f.get("quorum").to_string(),
        secrecy: f.get("secrecy").to_string(),
        block_is_veto: f.get("block_is_veto") == "on",
        max_score: f.get("max_score").to_string(),
        opens_at: f.get("opens_at").to_string(),
        closes_at: f.get("closes_at").to_string(),
        meeting: f.get("meeting").to_string(),
    };
    let motion = f.get("motion").parse::<i64>().ok();
    let amendment = f.get("amendment").parse::<i64>().ok();
    let result = match (VoteSettings::validate(&input), amendment) {
        (Ok(s), Some(a)) => amendments::open_vote(&state, &who, &slug, s, a).await,
        (Ok(s), None) => votes_svc::open(&state, &who, &slug, s, motion).await,
        (Err(e), _) => Err(Refusal::Form(e)),
    };
    match result {
        Ok(id) => {
            push_flash(&session, FlashLevel::Success, "vote-opened");
            Ok(see_other(&format!("/assemblies/{slug}/votes/{id}")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(&VoteFormPage {
            meetings: meeting_choices(&ctx, &page),
            ctx,
            slug: page.body.slug,
            name: page.body.name,
            motion,
            amendment,
            errors,
            input,
        })),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "assemblies/vote.html")]
pub(super) struct VoteShow {
    ctx: PageCtx,
    page: VotePage,
    now: chrono::NaiveDateTime,
    errors: FormErrors,
    /// The tracker check's answer: the ballot's hash, or "" when not found.
    checked: Option<String>,
}

impl VoteShow {
    fn method(&self) -> &'static str {
        self.page.vote.settings.method.name()
    }
    fn is_open(&self) -> bool {
        let s = &self.page.vote.settings;
        self.page.vote.open && self.now >= s.opens_at && self.now < s.closes_at
    }
    fn ranks(&self) -> Vec<usize> {
        (1..=self.page.vote.settings.options.len()).collect()
    }
    fn scores(&self) -> Vec<u32> {
        (0..=self.page.vote.settings.max_score).collect()
    }
    fn to_cast(&self) -> Vec<i64> {
        self.page
            .seats
            .iter()
            .filter(|s| !s.1)
            .map(|s| s.0)
            .collect()
    }
    fn cast_any(&self) -> bool {
        self.page.seats.iter().any(|s| s.1)
    }
    /// The result's bar chart (SVG, escaped by `chart::svg`), or "" with nothing to
    /// draw.
    fn chart(&self) -> String {
        use crate::assemblies::model::chart;
        let Some(r) = &self.page.result else {
            return String::new();
        };
        let s = &self.page.vote.settings;
        let bars = chart::bars(s.method, &r.report, &r.winners, |code| {
            self.ctx.t(format!("ballot-{code}"))
        });
        if bars.is_empty() {
            return String::new();
        }
        let measure = self
            .ctx
            .t(format!("vote-chart-{}", s.method.name().replace('_', "-")));
        chart::svg(
            &format!("chart-{}", self.page.vote.id),
            &format!("{} · {}", s.question, self.ctx.t("vote-result")),
            &measure,
            &bars,
            &self.ctx.t("vote-chart-won"),
        )
    }
    fn report(&self) -> String {
        self.page
            .result
            .as_ref()
            .and_then(|r| serde_json::to_string_pretty(&r.report).ok())
            .unwrap_or_default()
    }
}

async fn vote_show(
    ctx: PageCtx,
    state: &AppState,
    who: Option<&Who>,
    slug: &str,
    id: i64,
    errors: FormErrors,
    checked: Option<String>,
) -> Result<VoteShow, AppError> {
    let page = vote_pages::page(state, who, slug, id).await?;
    Ok(VoteShow {
        ctx,
        page,
        now: state.clock.now(),
        errors,
        checked,
    })
}

/// `GET /assemblies/{slug}/votes/{id}`.
pub async fn vote(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let (slug, id) = path.into_inner();
    let who = user.0.as_ref().map(CurrentUser::who);
    Ok(render(
        &vote_show(
            ctx,
            &state,
            who.as_ref(),
            &slug,
            id,
            FormErrors::new(),
            None,
        )
        .await?,
    ))
}

#[derive(Template)]
#[template(path = "assemblies/vote_receipt.html")]
pub(super) struct ReceiptPage {
    ctx: PageCtx,
    slug: String,
    id: i64,
    receipt: Receipt,
    /// What became of the receipt the voter asked to be mailed (a message key).
    mailed: Option<&'static str>,
}

/// `POST /assemblies/{slug}/votes/{id}/ballot`: casts (or, with `tracker`, changes) a
/// ballot and shows the receipt once; the tracker is kept nowhere but in the voter's
/// hands (no flash, no redirect).
pub async fn cast(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    body: web::Bytes,
) -> Res {
    let (slug, id) = path.into_inner();
    let who = user.who();
    let f = FormData::parse(&body);
    let page = vote_pages::page(&state, Some(&who), &slug, id).await?;
    let settings = page.vote.settings.clone();
    let ballot = vote::read_ballot(
        &settings,
        |k| f.get(k).to_string(),
        |k| f.all(k).into_iter().map(str::to_string).collect(),
    );
    let ballot = match ballot {
        Ok(b) => b,
        Err(errors) => {
            return Ok(invalid(
                &vote_show(ctx, &state, Some(&who), &slug, id, errors, None).await?,
            ));
        }
    };
    let member = f.get("member").parse::<i64>().ok();
    let tracker = Some(f.get("tracker").trim().to_string()).filter(|t| !t.is_empty());
    let receipt = votes_svc::cast(&state, &who, &slug, id, member, ballot, tracker).await?;
    let mailed = if f.get("mail_receipt") == "on" {
        Some(
            match votes_svc::mail_receipt(&state, &who, &slug, id, &receipt.tracker).await {
                Ok(true) => "vote-receipt-mailed",
                Ok(false) => "vote-receipt-no-address",
                Err(e) => {
                    // The message names no one and holds no tracker.
                    tracing::warn!(vote = id, "{e}");
                    "vote-receipt-mail-failed"
                }
            },
        )
    } else {
        None
    };
    let mut res = render(&ReceiptPage {
        ctx,
        slug,
        id,
        receipt,
        mailed,
    });
    // The tracker is for the voter's eyes only: no cache keeps it.
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

#[derive(Deserialize)]
pub struct TrackerForm {
    #[serde(default)]
    tracker: String,
}

/// `POST /assemblies/{slug}/votes/{id}/check`: is this tracker's ballot counted? (A
/// form, not a query string: trackers stay out of addresses and access logs.)
pub async fn check_tracker(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    form: web::Form<TrackerForm>,
) -> Res {
    let (slug, id) = path.into_inner();
    let who = user.0.as_ref().map(CurrentUser::who);
    let found = vote_pages::find_tracker(&state, &slug, id, &form.tracker).await?;
    Ok(render(
        &vote_show(
            ctx,
            &state,
            who.as_ref(),
            &slug,
            id,
            FormErrors::new(),
            Some(found.unwrap_or_default()),
        )
        .await?,
    ))
}

/// `GET /assemblies/{slug}/votes/{id}/ballots`: the anonymous ballots after closing
/// (BLT for ranked methods, CSV for the others), for `pactum tally`.
pub async fn ballots(state: web::Data<AppState>, path: web::Path<(String, i64)>) -> Res {
    let (slug, id) = path.into_inner();
    let text = vote_pages::published(&state, &slug, id, false).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(text))
}

/// `GET /assemblies/{slug}/votes/{id}/hashes.txt`: the ballot hashes, sorted; their
/// SHA-256 is on the civic ledger.
pub async fn hashes(state: web::Data<AppState>, path: web::Path<(String, i64)>) -> Res {
    let (slug, id) = path.into_inner();
    let text = vote_pages::published(&state, &slug, id, true).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(text))
}
