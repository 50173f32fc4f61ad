//! The pact pages, forms, files, open data and read API. Handlers extract, call one
//! service or view function in one transaction, and render.

use actix_session::Session;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::procedure::{Intensity, Opinion, PactState, PactType, Transition};
use super::service::{self, By, Evaluation, Extra, Party, ReportInput, StoredFile, Terms};
use super::store::{Env, Who};
use super::text::{Comparison, TextInput};
use super::view::{self, Filters, ListItem, PactPage, Stats};
use crate::accounts::{CurrentUser, MaybeUser, Role};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::ports::AppState;
use crate::web::forms::{FormData, FormErrors, Refusal};
use crate::web::page::PageCtx;
use crate::web::rate_limit::Limit;
use crate::web::session::{FlashLevel, push_flash};
use crate::web::uploads::{self, ImageType};
use crate::web::{render, render_with_status, see_other};

type Res = Result<HttpResponse, AppError>;

const PAGE: i64 = 25;
const API_MAX: i64 = 100;
const QUEUE_PAGE: i64 = 50;
/// Signature attempts (each checks the password) per person per hour.
const SIGN_PER_HOUR: Limit = Limit::new(20, 3600);
/// Proposals and observations per person per hour.
const WRITES_PER_HOUR: Limit = Limit::new(60, 3600);

pub fn env(state: &AppState) -> Env {
    Env {
        base_url: state
            .config
            .base_url
            .as_str()
            .trim_end_matches('/')
            .to_string(),
        city: state.config.city_name.clone(),
        rules: state.config.pact_rules,
        now: crate::util::now(),
    }
}

fn limit(state: &AppState, what: &str, who: i64, l: Limit) -> Result<(), AppError> {
    state
        .limiter
        .hit(&format!("pact-{what}:{who}"), l)
        .map_err(|r| AppError::TooManyRequests {
            retry_after_secs: r.0,
        })
}

fn query_of(req: &HttpRequest) -> FormData {
    FormData::parse(req.query_string().as_bytes())
}

/// The ids in a list field, without repeats. It stops after one more than any list may
/// hold (the services then refuse "too many"), so a long list costs nothing.
fn ids(values: Vec<&str>) -> Result<Vec<i64>, AppError> {
    let most = service::MAX_COMMONS.max(service::MAX_COSIGNERS) + 1;
    let mut out = Vec::new();
    for v in values.iter().flat_map(|v| v.split([',', ' '])) {
        if out.len() >= most {
            break;
        }
        let v = v.trim().trim_start_matches('#');
        if v.is_empty() {
            continue;
        }
        let id = v
            .parse::<i64>()
            .map_err(|_| AppError::BadRequest("error-bad-request"))?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// What the proposal form sends besides the text.
#[derive(Debug, Clone, Default)]
pub struct TermsInput {
    pub kind: String,
    pub intensity: String,
    pub group: String,
    pub commons: String,
    pub cosigners: Vec<String>,
}

impl TermsInput {
    fn from_form(f: &FormData) -> TermsInput {
        TermsInput {
            kind: f.get("kind").to_string(),
            intensity: f.get("intensity").to_string(),
            group: f.get("group").to_string(),
            commons: f.all("commons").join(","),
            cosigners: f.all("cosigners").iter().map(|s| s.to_string()).collect(),
        }
    }

    fn terms(&self) -> Result<Terms, FormErrors> {
        let mut e = FormErrors::new();
        let group = match self.group.trim() {
            "" => None,
            g => match g.parse::<i64>() {
                Ok(g) => Some(g),
                Err(_) => {
                    e.add("group", "field-pact-group-referent");
                    None
                }
            },
        };
        let commons = match ids(vec![&self.commons]) {
            Ok(c) => c,
            Err(_) => {
                e.add("commons", "field-pact-commons-unknown");
                vec![]
            }
        };
        let cosigners = match ids(self.cosigners.iter().map(|s| s.as_str()).collect()) {
            Ok(c) => c,
            Err(_) => {
                e.add("cosigners", "field-pact-cosigners-invalid");
                vec![]
            }
        };
        e.into_result(Terms {
            kind: PactType::parse(&self.kind),
            intensity: Intensity::parse(&self.intensity),
            group,
            commons,
            cosigners,
        })
    }

    pub fn has_cosigner(&self, id: &i64) -> bool {
        self.cosigners.iter().any(|c| c.trim() == id.to_string())
    }

    pub fn group_is(&self, id: &i64) -> bool {
        self.group.trim() == id.to_string()
    }
}

/// A group the proposer may propose for: id, name, and its other members (id, name).
pub type GroupChoice = (i64, String, Vec<(i64, String)>);

/// The choices of the proposal form.
pub struct FormChoices {
    pub kinds: Vec<(&'static str, String)>,
    pub intensities: Vec<(&'static str, String)>,
    pub support_kinds: Vec<(&'static str, String)>,
    /// Groups the user is the referent of, with their members (co-signer choices).
    pub groups: Vec<GroupChoice>,
    /// The commons named, with their names, for the reader.
    pub commons: Vec<(i64, String)>,
}

async fn form_choices(
    state: &AppState,
    user: &CurrentUser,
    commons_ids: Vec<i64>,
) -> Result<FormChoices, AppError> {
    let uid = user.id;
    let viewer = crate::commons::api::Viewer::from(user);
    let (groups, commons) = state
        .db
        .run(move |conn| {
            use crate::db::schema::groups;
            use diesel::prelude::*;
            let mine: Vec<(i64, String)> = groups::table
                .filter(groups::referent_id.eq(uid))
                .order(groups::name.asc())
                .select((groups::id, groups::name))
                .load(conn)?;
            let mut out = Vec::new();
            for (g, name) in mine {
                let members = service::group_members_of(conn, g)?
                    .into_iter()
                    .filter(|m| m.0 != uid)
                    .collect();
                out.push((g, name, members));
            }
            // Named only if the commons page would show it to this person.
            let named = crate::commons::api::visible_names(
                conn,
                &commons_ids,
                Some(viewer),
                service::MAX_COMMONS,
            )?;
            Ok((out, named))
        })
        .await?;
    Ok(FormChoices {
        kinds: PactType::ALL
            .iter()
            .map(|k| (k.code(), k.label_key()))
            .collect(),
        intensities: Intensity::ALL
            .iter()
            .map(|k| (k.code(), k.label_key()))
            .collect(),
        support_kinds: super::procedure::SupportKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_key()))
            .collect(),
        groups,
        commons,
    })
}

#[derive(Template)]
#[template(path = "pacts/form.html")]
struct FormPage {
    ctx: PageCtx,
    errors: FormErrors,
    terms: TermsInput,
    text: TextInput,
    choices: FormChoices,
    /// `None`: a new proposal; else the pact being edited and its state.
    editing: Option<(i64, PactState)>,
    change_note: String,
}

impl FormPage {
    fn action(&self) -> String {
        match self.editing {
            Some((id, _)) => format!("/pacts/{id}/edit"),
            None => "/pacts/new".to_string(),
        }
    }
    fn terms_editable(&self) -> bool {
        self.editing.is_none_or(|(_, s)| s == PactState::Draft)
    }
    fn co_design(&self) -> bool {
        self.editing.is_some_and(|(_, s)| s == PactState::CoDesign)
    }
    fn support_rows(&self) -> Vec<(usize, (String, String, String, String))> {
        self.text.support_rows().into_iter().enumerate().collect()
    }
}

/// What the proposal form shows back: the input, its problems, the pact being edited.
struct Entered {
    terms: TermsInput,
    text: TextInput,
    errors: FormErrors,
    editing: Option<(i64, PactState)>,
    change_note: String,
}

async fn form_page(
    ctx: PageCtx,
    state: &AppState,
    user: &CurrentUser,
    entered: Entered,
) -> Result<FormPage, AppError> {
    let commons_ids = ids(vec![&entered.terms.commons]).unwrap_or_default();
    Ok(FormPage {
        ctx,
        errors: entered.errors,
        choices: form_choices(state, user, commons_ids).await?,
        terms: entered.terms,
        text: entered.text,
        editing: entered.editing,
        change_note: entered.change_note,
    })
}

/// `GET /pacts/new`: the proposal form (`?commons=ID` names the commons).
pub async fn new_form(
    ctx: PageCtx,
    user: CurrentUser,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Res {
    user.require_verified()?;
    let q = query_of(&req);
    let terms = TermsInput {
        kind: PactType::Ordinary.code().into(),
        intensity: Intensity::OccasionalCare.code().into(),
        commons: q.get("commons").to_string(),
        ..TermsInput::default()
    };
    let text = TextInput::starting(crate::util::now().date());
    Ok(render(
        &form_page(
            ctx,
            &state,
            &user,
            Entered {
                terms,
                text,
                errors: FormErrors::new(),
                editing: None,
                change_note: String::new(),
            },
        )
        .await?,
    ))
}

/// `POST /pacts/new`: saves the proposal as a private draft.
pub async fn create(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Res {
    user.require_verified()?;
    limit(&state, "write", user.id, WRITES_PER_HOUR)?;
    let f = FormData::parse(&body);
    let terms_in = TermsInput::from_form(&f);
    let text_in = TextInput::from_form(&f);
    let env = env(&state);
    let who = Who::from(&user);
    let result = match terms_in.terms() {
        Ok(terms) => {
            let text = text_in.validate(&env.rules);
            state
                .db
                .try_transaction(move |conn| service::create(conn, &env, &who, &terms, text))
                .await
        }
        Err(e) => {
            // Report the text's problems along with the terms'.
            let mut all = e;
            if let Err(te) = text_in.validate(&env.rules) {
                for (f, k) in te.iter() {
                    all.add(f, k);
                }
            }
            Err(Refusal::Form(all))
        }
    };
    Reply::new(ctx, &session, &state, &user)
        .form(result, "pact-draft-saved", |errors| Entered {
            terms: terms_in,
            text: text_in,
            errors,
            editing: None,
            change_note: String::new(),
        })
        .await
}

/// `GET /pacts/{id}/edit`: the text (and, in a draft, the terms) to edit.
pub async fn edit_form(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let id = id.into_inner();
    let env = env(&state);
    let who = Who::from(&user);
    let page = state
        .db
        .run(move |conn| view::page(conn, &env, Some(&who), id))
        .await?;
    let st = &page.standing;
    if !page.state().text_editable() {
        return Err(AppError::Conflict("pact-text-frozen"));
    }
    let may = st.proposer || (page.state() == PactState::CoDesign && st.for_city());
    if !may {
        return Err(AppError::Forbidden);
    }
    let terms = TermsInput {
        kind: page.pact.kind.code().into(),
        intensity: page.pact.intensity.code().into(),
        group: page
            .pact
            .group_id
            .map(|g| g.to_string())
            .unwrap_or_default(),
        commons: page
            .commons
            .iter()
            .map(|c| c.0.to_string())
            .collect::<Vec<_>>()
            .join(","),
        cosigners: {
            let p = page.pact.id;
            state
                .db
                .run(move |conn| super::store::cosigners(conn, p))
                .await?
                .into_iter()
                .map(|c| c.to_string())
                .collect()
        },
    };
    let text = TextInput::of(&page.current.text);
    Ok(render(
        &form_page(
            ctx,
            &state,
            &user,
            Entered {
                terms,
                text,
                errors: FormErrors::new(),
                editing: Some((id, page.state())),
                change_note: String::new(),
            },
        )
        .await?,
    ))
}

/// `POST /pacts/{id}/edit`.
pub async fn edit(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    limit(&state, "write", user.id, WRITES_PER_HOUR)?;
    let f = FormData::parse(&body);
    let terms_in = TermsInput::from_form(&f);
    let text_in = TextInput::from_form(&f);
    let note = f.get("change_note").to_string();
    let env = env(&state);
    let who = Who::from(&user);
    let text = text_in.validate(&env.rules);
    let terms = terms_in.terms();
    let n = note.clone();
    let pact_state = {
        let who = who.clone();
        state
            .db
            .run(move |conn| {
                let p = super::store::load(conn, id)?;
                let st = super::store::standing(conn, &p, Some(&who))?;
                if !view::visible(&p, &st) {
                    return Err(AppError::NotFound);
                }
                Ok(p.state)
            })
            .await?
    };
    let result = match terms {
        Err(e) if pact_state == PactState::Draft => Err(Refusal::Form(e)),
        terms => {
            let terms = terms.ok();
            state
                .db
                .try_transaction(move |conn| {
                    service::edit(conn, &env, &who, id, terms.as_ref(), text, &n)
                })
                .await
        }
    };
    Reply::new(ctx, &session, &state, &user)
        .form(result.map(|_| id), "pact-text-saved", |errors| Entered {
            terms: terms_in,
            text: text_in,
            errors,
            editing: Some((id, pact_state)),
            change_note: note,
        })
        .await
}

#[derive(Template)]
#[template(path = "pacts/show.html")]
struct ShowPage {
    ctx: PageCtx,
    page: PactPage,
    errors: FormErrors,
    /// The last form's values, shown again after a refusal.
    echo: FormData,
    compare: Option<(i64, i64, Comparison)>,
    evaluations: Vec<(&'static str, String)>,
    opinions: Vec<(&'static str, String)>,
}

impl ShowPage {
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
            || (matches!(t, Transition::Withdraw) && !self.page.standing.proposer)
    }
    fn is_publish(&self, t: &Transition) -> bool {
        *t == Transition::Publish
    }
    fn is_extend(&self, t: &Transition) -> bool {
        *t == Transition::Extend
    }
    fn is_danger(&self, t: &Transition) -> bool {
        matches!(t, Transition::Reject | Transition::Withdraw)
    }
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
    /// Offices the viewer may publish for (theirs; all for an admin).
    fn publish_offices(&self) -> Vec<(i64, String)> {
        let st = &self.page.standing;
        self.page
            .all_offices
            .iter()
            .filter(|(id, _)| st.admin || st.my_offices.contains(id))
            .cloned()
            .collect()
    }
    /// Offices the viewer belongs to that were asked and may answer.
    fn my_opinions(&self) -> Vec<&view::OpinionLine> {
        self.page
            .opinions
            .iter()
            .filter(|o| self.page.standing.my_offices.contains(&o.office_id))
            .collect()
    }
    fn may_request_opinions(&self) -> bool {
        self.page.standing.for_city()
            && matches!(
                self.page.pact.state,
                PactState::Submitted | PactState::Published | PactState::InReview
            )
    }
    fn may_answer_opinion(&self) -> bool {
        matches!(
            self.page.pact.state,
            PactState::InReview | PactState::CoDesign
        )
    }
    fn may_edit(&self) -> bool {
        let st = &self.page.standing;
        self.page.pact.state.text_editable()
            && (st.proposer || (self.page.pact.state == PactState::CoDesign && st.for_city()))
    }
    fn may_reply(&self) -> bool {
        let st = &self.page.standing;
        (st.proposer || st.for_city())
            && matches!(
                self.page.pact.state,
                PactState::Published | PactState::InReview | PactState::CoDesign
            )
    }
    fn may_observe(&self) -> bool {
        self.page.pact.state == PactState::Published
    }
    fn may_meet(&self) -> bool {
        let st = &self.page.standing;
        (st.proposer || st.for_city())
            && matches!(
                self.page.pact.state,
                PactState::InReview | PactState::CoDesign | PactState::AwaitingSignatures
            )
    }
    fn may_report(&self) -> bool {
        self.page.standing.member
            && self.page.pact.state.in_force()
            && self.page.reports.iter().all(|r| r.evaluated_at.is_some())
    }
    fn may_evaluate(&self) -> bool {
        self.page.standing.for_city()
    }
    fn may_join(&self) -> bool {
        self.page.pact.state.in_force() && !self.page.joined && !self.page.standing.member
    }
    fn may_attach(&self) -> bool {
        let st = &self.page.standing;
        (st.member || st.for_city()) && !self.page.pact.state.is_terminal()
    }
    fn no_support_warning(&self) -> bool {
        let st = &self.page.standing;
        (st.city || st.admin) && self.page.current.text.support.is_empty()
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

async fn show_page(
    ctx: PageCtx,
    state: &AppState,
    viewer: Option<&CurrentUser>,
    id: i64,
    errors: FormErrors,
    echo: FormData,
    compare: Option<(i64, i64)>,
) -> Result<ShowPage, AppError> {
    let env = env(state);
    let who = viewer.map(Who::from);
    let (page, changes) = state
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
            Ok((page, changes))
        })
        .await?;
    Ok(ShowPage {
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

/// Who a page answers, and with what.
struct Reply<'a> {
    ctx: PageCtx,
    session: &'a Session,
    state: &'a AppState,
    user: &'a CurrentUser,
}

impl<'a> Reply<'a> {
    fn new(ctx: PageCtx, session: &'a Session, state: &'a AppState, user: &'a CurrentUser) -> Self {
        Reply {
            ctx,
            session,
            state,
            user,
        }
    }

    /// After the proposal form: to the pact with a message, or the form again with
    /// its problems.
    async fn form(
        self,
        result: Result<i64, Refusal>,
        done_key: &str,
        entered: impl FnOnce(FormErrors) -> Entered,
    ) -> Res {
        match result {
            Ok(id) => {
                push_flash(self.session, FlashLevel::Success, done_key);
                Ok(see_other(&format!("/pacts/{id}")))
            }
            Err(Refusal::Form(errors)) => Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(self.ctx, self.state, self.user, entered(errors)).await?,
            )),
            Err(Refusal::App(e)) => Err(e),
        }
    }
}

impl Reply<'_> {
    /// Runs a use-case in one transaction as the signed-in user, then answers as
    /// [`Reply::after`] does.
    async fn act<T: Send + 'static>(
        self,
        id: i64,
        anchor: &str,
        echo: FormData,
        done_key: &str,
        run: impl FnOnce(&mut AnyConnection, &Env, &Who) -> Result<T, Refusal> + Send + 'static,
    ) -> Res {
        let env = env(self.state);
        let who = Who::from(self.user);
        let result = self
            .state
            .db
            .try_transaction(move |conn| run(conn, &env, &who).map(|_| ()))
            .await;
        self.after(id, echo, result, done_key, anchor).await
    }

    /// After a form on the pact page: back to the page with a message, or the page again
    /// with the refusal next to the form.
    async fn after(
        self,
        id: i64,
        echo: FormData,
        result: Result<(), Refusal>,
        done_key: &str,
        anchor: &str,
    ) -> Res {
        match result {
            Ok(()) => {
                push_flash(self.session, FlashLevel::Success, done_key);
                Ok(see_other(&format!("/pacts/{id}{anchor}")))
            }
            Err(Refusal::Form(errors)) => Ok(render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &show_page(
                    self.ctx,
                    self.state,
                    Some(self.user),
                    id,
                    errors,
                    echo,
                    None,
                )
                .await?,
            )),
            Err(Refusal::App(e)) => Err(e),
        }
    }
}

/// `POST /pacts/{id}/transition`: a step of the procedure (submit, publish, ...).
pub async fn transition(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let t = Transition::parse(f.get("transition"))
        .filter(|t| !matches!(t, Transition::CompleteSignatures))
        .ok_or(AppError::BadRequest("error-bad-request"))?;
    let extra = Extra {
        act_number: f.get("act_number").to_string(),
        office: f.get("office").trim().parse::<i64>().ok(),
        new_end: super::text::parse_date(f.get("new_end")),
    };
    let reasons = f.get("reasons").to_string();
    let key = format!("pact-done-{}", t.code().replace('_', "-"));
    Reply::new(ctx, &session, &state, &user)
        .act(id, "", f, &key, move |conn, env, who| {
            service::fire(conn, env, By::Person(who), id, t, &reasons, &extra)
        })
        .await
}

/// `POST /pacts/{id}/opinions/request`: the admitting official asks offices.
pub async fn request_opinions(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    user.require(Role::Official)?;
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let offices = ids(f.all("offices"))?;
    Reply::new(ctx, &session, &state, &user)
        .act(
            id,
            "#review",
            f,
            "pact-opinions-requested",
            move |conn, env, who| service::request_opinions(conn, env, who, id, &offices),
        )
        .await
}

/// `POST /pacts/{id}/opinions`: an office's technical opinion.
pub async fn give_opinion(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    user.require(Role::Official)?;
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let office = f
        .get("office")
        .trim()
        .parse::<i64>()
        .map_err(|_| AppError::BadRequest("error-bad-request"))?;
    let opinion = Opinion::parse(f.get("opinion"));
    let text = f.get("opinion_text").to_string();
    Reply::new(ctx, &session, &state, &user)
        .act(
            id,
            "#review",
            f,
            "pact-opinion-given",
            move |conn, env, who| service::give_opinion(conn, env, who, id, office, opinion, &text),
        )
        .await
}

/// `POST /pacts/{id}/observations`: a public observation.
pub async fn observe(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    limit(&state, "write", user.id, WRITES_PER_HOUR)?;
    let f = FormData::parse(&body);
    let text = f.get("observation").to_string();
    Reply::new(ctx, &session, &state, &user)
        .act(
            id,
            "#observations",
            f,
            "pact-observation-posted",
            move |conn, env, who| service::observe(conn, env, who, id, &text),
        )
        .await
}

/// `POST /pacts/{id}/observations/{oid}/reply`.
pub async fn reply(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    body: web::Bytes,
) -> Res {
    let (id, oid) = path.into_inner();
    let f = FormData::parse(&body);
    let text = f.get("reply").to_string();
    let taken = f.get("taken_into_account") == "yes";
    Reply::new(ctx, &session, &state, &user)
        .act(
            id,
            "#observations",
            f,
            "pact-reply-posted",
            move |conn, env, who| {
                let of: i64 = {
                    use crate::db::schema::pact_observations;
                    use diesel::prelude::*;
                    pact_observations::table
                        .find(oid)
                        .select(pact_observations::pact_id)
                        .first(conn)?
                };
                if of != id {
                    return Err(AppError::NotFound.into());
                }
                service::reply(conn, env, who, oid, &text, taken)
            },
        )
        .await
}

/// `POST /pacts/{id}/meetings`: a co-design meeting's date, place and minutes.
pub async fn add_meeting(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let held_at = chrono::NaiveDateTime::parse_from_str(f.get("held_at").trim(), "%Y-%m-%dT%H:%M")
        .ok()
        .or_else(|| super::text::parse_date(f.get("held_at")).and_then(|d| d.and_hms_opt(0, 0, 0)));
    let (place, minutes) = (f.get("place").to_string(), f.get("minutes").to_string());
    Reply::new(ctx, &session, &state, &user)
        .act(
            id,
            "#co-design",
            f,
            "pact-meeting-recorded",
            move |conn, env, who| {
                service::add_meeting(conn, env, who, id, held_at, &place, &minutes)
            },
        )
        .await
}

/// `POST /pacts/{id}/sign`: a party signs the frozen text after typing their password.
pub async fn sign(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    limit(&state, "sign", user.id, SIGN_PER_HOUR)?;
    let f = FormData::parse(&body);
    let party = Party::parse(f.get("party")).ok_or(AppError::BadRequest("error-bad-request"))?;
    let seen = f.get("text_sha256").to_string();
    let password = f.get("password").to_string();
    let uid = user.id;
    let cost = state.config.hash_cost;
    let pw_ok = state
        .db
        .run(move |conn| {
            let u = crate::accounts::models::find_by_id(conn, uid)?;
            Ok(crate::accounts::password::verify(
                &password,
                u.as_ref().and_then(|u| u.password_hash.as_deref()),
                cost,
            ))
        })
        .await?;
    let mut echo = f.clone();
    echo = FormData::parse(
        format!(
            "party={}",
            url::form_urlencoded::byte_serialize(echo.get("party").as_bytes()).collect::<String>()
        )
        .as_bytes(),
    );
    let result = if !pw_ok {
        Err(Refusal::field("password", "pact-sign-password-wrong"))
    } else if f.get("confirm") != "yes" {
        Err(Refusal::field("confirm", "pact-sign-confirm-required"))
    } else {
        let env = env(&state);
        let who = Who::from(&user);
        state
            .db
            .try_transaction(move |conn| {
                service::sign(conn, &env, &who, id, party, &seen).map(|_| ())
            })
            .await
    };
    Reply::new(ctx, &session, &state, &user)
        .after(id, echo, result, "pact-signed-by-you", "#signatures")
        .await
}

/// `POST /pacts/{id}/join`: a citizen adheres to a pact in force.
pub async fn join(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let result = if f.get("accept") != "yes" {
        Err(Refusal::field("accept", "pact-join-accept-required"))
    } else {
        let env = env(&state);
        let who = Who::from(&user);
        state
            .db
            .try_transaction(move |conn| service::join(conn, &env, &who, id))
            .await
    };
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-joined", "#adherents")
        .await
}

/// `POST /pacts/{id}/reports`: a monitoring report.
pub async fn submit_report(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let input = ReportInput {
        objectives: f.get("objectives").to_string(),
        actions: f.get("actions").to_string(),
        results: f.get("results").to_string(),
        resources: f.get("resources").to_string(),
        volunteer_hours: f.get("volunteer_hours").to_string(),
    };
    Reply::new(ctx, &session, &state, &user)
        .act(
            id,
            "#monitoring",
            f,
            "pact-report-submitted",
            move |conn, env, who| service::submit_report(conn, env, who, id, &input),
        )
        .await
}

/// `POST /pacts/{id}/reports/{rid}/evaluation`: the office evaluates a report.
pub async fn evaluate_report(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(i64, i64)>,
    body: web::Bytes,
) -> Res {
    user.require(Role::Official)?;
    let (id, rid) = path.into_inner();
    let f = FormData::parse(&body);
    let evaluation = Evaluation::parse(f.get("evaluation"));
    let text = f.get("evaluation_text").to_string();
    Reply::new(ctx, &session, &state, &user)
        .act(
            id,
            "#monitoring",
            f,
            "pact-report-evaluated",
            move |conn, env, who| {
                let of = service::evaluate_report(conn, env, who, rid, evaluation, &text)?;
                if of != id {
                    return Err(AppError::NotFound.into());
                }
                Ok(())
            },
        )
        .await
}

/// A file name as shown: its last path part, without control characters, at most 120
/// characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() {
        "file".to_string()
    } else {
        cleaned.trim().to_string()
    }
}

/// `POST /pacts/{id}/attachments`: a document (PDF) or photo, optionally for a report.
pub async fn attach(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    req: HttpRequest,
    payload: web::Payload,
) -> Res {
    let id = id.into_inner();
    limit(&state, "write", user.id, WRITES_PER_HOUR)?;
    let crate::web::multipart::Upload {
        bytes,
        filename: name,
        fields,
    } = crate::web::multipart::read(&req, payload, "file", uploads::MAX_PHOTO_BYTES).await?;
    let report = fields.get("report").trim().parse::<i64>().ok();
    let who = Who::from(&user);
    let checked = {
        let who = who.clone();
        state
            .db
            .try_transaction(move |conn| service::may_attach(conn, &who, id, report))
            .await
    };
    let prepared: Result<(ImageType, Vec<u8>), Refusal> = match checked {
        Err(e) => Err(e),
        Ok(()) if bytes.starts_with(b"%PDF-") && report.is_none() => uploads::check_pdf(&bytes)
            .map(|()| (ImageType::Pdf, bytes))
            .map_err(|e| Refusal::field("file", e.key())),
        Ok(()) => uploads::clean_photo(&bytes).map_err(|e| {
            Refusal::field(
                "file",
                if report.is_none() && e == uploads::UploadError::NotAnImage {
                    "field-pact-file-type"
                } else {
                    e.key()
                },
            )
        }),
    };
    let result = match prepared {
        Err(e) => Err(e),
        Ok((kind, bytes)) => {
            let dir = state.config.data_dir.clone();
            let size = i64::try_from(bytes.len()).map_err(|_| AppError::internal("size"))?;
            let hash = web::block(move || uploads::store(&dir, kind, &bytes))
                .await
                .map_err(|e| AppError::internal(e.to_string()))?
                .map_err(|e| AppError::internal(format!("cannot store file: {e}")))?;
            let file = StoredFile {
                hash,
                kind,
                name: clean_name(&name),
                size,
            };
            let env = env(&state);
            state
                .db
                .try_transaction(move |conn| {
                    service::attach(conn, &env, &who, id, report, &file).map(|_| ())
                })
                .await
        }
    };
    let anchor = if report.is_some() {
        "#monitoring"
    } else {
        "#files"
    };
    Reply::new(ctx, &session, &state, &user)
        .after(id, fields, result, "pact-file-added", anchor)
        .await
}

/// `GET /pacts/{id}/files/{hash}.{ext}`: an attached file, to whoever sees the pact.
pub async fn file(
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
) -> Res {
    let (id, name) = path.into_inner();
    let (hash, ext) = name.split_once('.').ok_or(AppError::NotFound)?;
    let kind = ImageType::parse_extension(ext).ok_or(AppError::NotFound)?;
    let stored =
        uploads::stored_path(&state.config.data_dir, hash, kind).ok_or(AppError::NotFound)?;
    let who = user.0.as_ref().map(Who::from);
    let (h, e) = (hash.to_string(), kind.extension());
    let file_name = state
        .db
        .run(move |conn| service::file_visible(conn, who.as_ref(), id, &h, e))
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = web::block(move || std::fs::read(stored))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|_| AppError::NotFound)?;
    let disposition = if kind == ImageType::Pdf {
        "attachment"
    } else {
        "inline"
    };
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, kind.mime()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{ascii}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400"))
        .insert_header(("Content-Security-Policy", "default-src 'none'"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
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
    let text = state
        .db
        .run(move |conn| {
            let p = super::store::load(conn, id)?;
            let st = super::store::standing(conn, &p, who.as_ref())?;
            if !view::visible(&p, &st) || n < 1 || n > p.version {
                return Err(AppError::NotFound);
            }
            super::store::canonical(conn, &p, n)
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
    version: super::store::Version,
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
    let env = env(&state);
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

#[derive(Template)]
#[template(path = "pacts/list.html")]
struct ListPage {
    ctx: PageCtx,
    items: Vec<ListItem>,
    filters: Filters,
    next: Option<i64>,
    states: Vec<(&'static str, String)>,
    kinds: Vec<(&'static str, String)>,
    districts: Vec<(String, String)>,
}

impl ListPage {
    fn next_url(&self) -> String {
        let q = self.filters.query();
        let sep = if q.is_empty() { "" } else { "&" };
        format!("/pacts?{q}{sep}cursor={}", self.next.unwrap_or_default())
    }
    fn state_selected(&self, code: &str) -> bool {
        self.filters.state.is_some_and(|s| s.code() == code)
    }
    fn kind_selected(&self, code: &str) -> bool {
        self.filters.kind.is_some_and(|s| s.code() == code)
    }
    fn district_selected(&self, slug: &str) -> bool {
        self.filters.district.as_deref() == Some(slug)
    }
}

fn public_states() -> Vec<(&'static str, String)> {
    PactState::ALL
        .iter()
        .filter(|s| s.is_public())
        .map(|s| (s.code(), s.label_key()))
        .collect()
}

/// `GET /pacts`: public pacts, newest first, with filters.
pub async fn index(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q).map_err(AppError::BadRequest)?;
    let after = q
        .get("cursor")
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|c| *c > 0);
    let f = filters.clone();
    let (districts, (items, next)) = state
        .db
        .run(move |conn| {
            let d = crate::commons::districts::list(conn)?;
            Ok((d, view::list(conn, &f, after, PAGE)?))
        })
        .await?;
    Ok(render(&ListPage {
        ctx,
        items,
        filters,
        next,
        states: public_states(),
        kinds: PactType::ALL
            .iter()
            .map(|k| (k.code(), k.label_key()))
            .collect(),
        districts: districts.into_iter().map(|d| (d.slug, d.name)).collect(),
    }))
}

#[derive(Template)]
#[template(path = "pacts/mine.html")]
struct MinePage {
    ctx: PageCtx,
    items: Vec<ListItem>,
    digest: bool,
}

/// `GET /pacts/mine`: the pacts I take part in, drafts included.
pub async fn mine(ctx: PageCtx, user: CurrentUser, state: web::Data<AppState>) -> Res {
    let who = Who::from(&user);
    let (items, digest) = state
        .db
        .run(move |conn| {
            let d = crate::accounts::models::find_by_id(conn, who.id)?
                .map(|u| u.notify_digest)
                .unwrap_or(false);
            Ok((view::mine(conn, &who)?, d))
        })
        .await?;
    Ok(render(&MinePage { ctx, items, digest }))
}

#[derive(Template)]
#[template(path = "pacts/queue.html")]
struct QueuePage {
    ctx: PageCtx,
    items: Vec<ListItem>,
    total: i64,
    offices: Vec<(i64, String)>,
    office: String,
    state_filter: String,
    states: Vec<(&'static str, String)>,
    next_offset: Option<i64>,
    now: chrono::NaiveDateTime,
}

impl QueuePage {
    fn days(&self, i: &ListItem) -> i64 {
        super::deadlines::days_in_state(i.state_since, self.now)
    }
    fn overdue(&self, i: &ListItem) -> bool {
        super::deadlines::is_overdue(i.due_at, self.now)
    }
    fn office_name(&self, i: &ListItem) -> String {
        i.office_id
            .and_then(|o| self.offices.iter().find(|x| x.0 == o))
            .map(|x| x.1.clone())
            .unwrap_or_default()
    }
    fn office_selected(&self, id: &i64) -> bool {
        self.office == id.to_string()
    }
    fn next_url(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if !self.office.is_empty() {
            q.append_pair("office", &self.office);
        }
        if !self.state_filter.is_empty() {
            q.append_pair("state", &self.state_filter);
        }
        q.append_pair("offset", &self.next_offset.unwrap_or_default().to_string());
        format!("/official/pacts?{}", q.finish())
    }
}

/// `GET /official/pacts`: the officials' queue, nearest deadline first.
pub async fn queue(
    ctx: PageCtx,
    user: CurrentUser,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Res {
    user.require(Role::Official)?;
    let q = query_of(&req);
    let office_in = q.get("office").trim().to_string();
    let office = match office_in.as_str() {
        "" => None,
        "none" => Some(None),
        o => Some(Some(
            o.parse::<i64>()
                .map_err(|_| AppError::BadRequest("error-bad-filter"))?,
        )),
    };
    let state_in = q.get("state").trim().to_string();
    let st = match state_in.as_str() {
        "" => None,
        s => Some(
            PactState::parse(s)
                .filter(|s| view::QUEUE_STATES.contains(s))
                .ok_or(AppError::BadRequest("error-bad-filter"))?,
        ),
    };
    let offset = q.get("offset").trim().parse::<i64>().unwrap_or(0).max(0);
    let (items, total, offices) = state
        .db
        .run(move |conn| {
            use crate::db::schema::offices;
            use diesel::prelude::*;
            let (items, total) = view::queue(conn, office, st, offset, QUEUE_PAGE)?;
            let offices = offices::table
                .order(offices::name.asc())
                .select((offices::id, offices::name))
                .load(conn)?;
            Ok((items, total, offices))
        })
        .await?;
    let next_offset = (offset + QUEUE_PAGE < total).then_some(offset + QUEUE_PAGE);
    Ok(render(&QueuePage {
        ctx,
        items,
        total,
        offices,
        office: office_in,
        state_filter: state_in,
        states: view::QUEUE_STATES
            .iter()
            .map(|s| (s.code(), s.label_key()))
            .collect(),
        next_offset,
        now: crate::util::now(),
    }))
}

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

fn json(v: &serde_json::Value) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(v.to_string())
}

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

/// `GET /api/v1/pacts`: public pacts as JSON (`items`, `next`), with the list filters.
pub async fn api_list(req: HttpRequest, state: web::Data<AppState>) -> Res {
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
    let base = state
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_string();
    let body = state
        .db
        .run(move |conn| {
            let (items, next) = view::list(conn, &filters, after, limit)?;
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
    Ok(json(&body))
}

/// `GET /api/v1/pacts/{id}`: one pact as JSON (404 for drafts).
pub async fn api_show(state: web::Data<AppState>, id: web::Path<i64>) -> Res {
    let id = id.into_inner();
    let base = state
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_string();
    let env = env(&state);
    let body = state
        .db
        .run(move |conn| {
            let page = view::page(conn, &env, None, id)?;
            let p = &page.pact;
            let v = page.signed.as_ref().unwrap_or(&page.current);
            let counts = extras(conn, &[id])?.counts;
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
                "support": v.text.support.iter().map(|l| serde_json::json!({
                    "kind": l.kind.code(),
                    "description": l.description,
                    "quantity": l.quantity,
                    "period": l.period,
                })).collect::<Vec<_>>(),
                "signatures": signatures,
                "adherents": page.adherents,
                "reports": page.reports.len(),
                "text_url": format!("{base}/pacts/{}/versions/{}.txt", p.id, p.signed_version.unwrap_or(p.version)),
                "url": format!("{base}/pacts/{}", p.id),
            }))
        })
        .await?;
    Ok(json(&body))
}

/// `GET /pacts.csv`: every public pact, with the columns Italian cities publish and ours.
pub async fn csv(req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q).map_err(AppError::BadRequest)?;
    let base = state
        .config
        .base_url
        .as_str()
        .trim_end_matches('/')
        .to_string();
    let body = state
        .db
        .run(move |conn| {
            let items = view::all_public(conn, &filters)?;
            let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
            let mut counts = Vec::new();
            let mut themes = Vec::new();
            for chunk in ids.chunks(500) {
                let e = extras(conn, chunk)?;
                counts.extend(e.counts);
                themes.extend(e.themes);
            }
            super::csv::write(&base, &items, &counts, &themes)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"pacts.csv\"",
        ))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .body(body))
}

#[derive(Template)]
#[template(path = "pacts/stats.html")]
struct StatsPage {
    ctx: PageCtx,
    stats: Stats,
    state_chart: String,
    district_chart: String,
    map_svg: String,
}

impl StatsPage {
    fn median_days(&self) -> i64 {
        self.stats.median_days_to_signature.unwrap_or(0)
    }
}

/// `GET /pacts/stats`: public statistics with server-side SVG charts.
pub async fn stats(ctx: PageCtx, state: web::Data<AppState>) -> Res {
    let (stats, extent) = state
        .db
        .run(|conn| Ok((view::stats(conn)?, crate::commons::districts::extent(conn)?)))
        .await?;
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
        state_chart: super::charts::bars(&state_bars, &ctx.t("pact-stats-by-state")),
        district_chart: super::charts::bars(&district_bars, &ctx.t("pact-stats-by-district")),
        map_svg: super::charts::dot_map(&points, extent, &ctx.t("pact-stats-map")),
        ctx,
        stats,
    }))
}
