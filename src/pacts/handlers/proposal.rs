//! The proposal form: a new draft, and editing the text (and, in a draft, its terms).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};
use askama::Template;

use super::{Res, denied, ids, query_of};
use crate::accounts::api::CurrentUser;
use crate::error::AppError;
use crate::pacts::policy;
use crate::pacts::procedure::{Intensity, PactState, PactType};
use crate::pacts::service::{self, Terms};
use crate::pacts::store::{self, Env, Who};
use crate::pacts::text::{
    BLANK_SUPPORT_ROWS, MAX_SUPPORT_LINES, SupportRow, TextInput, typed_values,
};
use crate::pacts::view;
use crate::ports::AppState;
use crate::web::forms::{FormData, FormErrors, Refusal};
use crate::web::page::PageCtx;
use crate::web::session::{FlashLevel, push_flash};
use crate::web::{render, render_with_status, see_other};

/// What the proposal form sends besides the text.
#[derive(Debug, Clone, Default)]
pub struct TermsInput {
    pub kind: String,
    pub intensity: String,
    pub group: String,
    pub commons: String,
    pub cosigners: Vec<String>,
    pub participants: String,
    pub ask: String,
    /// The call answered, as sent (a hidden field of the form).
    pub call: String,
}

impl TermsInput {
    fn from_form(f: &FormData) -> TermsInput {
        TermsInput {
            kind: f.get("kind").to_string(),
            intensity: f.get("intensity").to_string(),
            group: f.get("group").to_string(),
            commons: f.all("commons").join(","),
            cosigners: f.all("cosigners").iter().map(|s| s.to_string()).collect(),
            participants: f.get("participants").to_string(),
            ask: f.get("ask").to_string(),
            call: f.get("call").to_string(),
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
        let call = match self.call.trim() {
            "" => None,
            c => match c.parse::<i64>() {
                Ok(c) => Some(c),
                Err(_) => {
                    e.add("call", "field-pact-call-unknown");
                    None
                }
            },
        };
        e.into_result(Terms {
            kind: PactType::parse(&self.kind),
            intensity: Intensity::parse(&self.intensity),
            group,
            commons,
            cosigners,
            participants: self.participants.clone(),
            ask: self.ask.clone(),
            call,
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
            let mine = crate::accounts::api::groups_led_by(conn, uid)?;
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
        support_kinds: crate::pacts::procedure::SupportKind::ALL
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
    /// The support lines' estimated values as typed (euros), row by row.
    values: Vec<String>,
    choices: FormChoices,
    /// `None`: a new proposal; else the pact being edited and its state.
    editing: Option<(i64, PactState)>,
    change_note: String,
    /// Whether this person writes the legal clauses (the office, in co-design).
    writes_legal: bool,
    /// The whole text was sent (not the short proposal): shown again whole.
    full: bool,
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
    /// A short proposal (what, where, who, what is asked) until co-design drafts the
    /// whole text.
    fn short(&self) -> bool {
        !self.co_design() && !self.full
    }
    fn support_rows(&self) -> Vec<(usize, SupportRow)> {
        self.text
            .support_rows_valued(&self.values)
            .into_iter()
            .enumerate()
            .collect()
    }
}

/// What the proposal form shows back: the input, its problems, the pact being edited.
struct Entered {
    terms: TermsInput,
    text: TextInput,
    values: Vec<String>,
    errors: FormErrors,
    editing: Option<(i64, PactState)>,
    change_note: String,
    writes_legal: bool,
    full: bool,
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
        values: entered.values,
        editing: entered.editing,
        change_note: entered.change_note,
        writes_legal: entered.writes_legal,
        full: entered.full,
    })
}

/// After the proposal form: to the pact with a message, or the form again with its
/// problems.
async fn after_form(
    ctx: PageCtx,
    session: &Session,
    state: &AppState,
    user: &CurrentUser,
    result: Result<i64, Refusal>,
    done_key: &str,
    entered: impl FnOnce(FormErrors) -> Entered,
) -> Res {
    match result {
        Ok(id) => {
            push_flash(session, FlashLevel::Success, done_key);
            Ok(see_other(&format!("/pacts/{id}")))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(ctx, state, user, entered(errors)).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `GET /pacts/new`: the proposal form (`?commons=ID` names the commons).
pub async fn new_form(
    ctx: PageCtx,
    user: CurrentUser,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Res {
    policy::may_propose(&Who::from(&user)).map_err(denied)?;
    let q = query_of(&req);
    let mut terms = TermsInput {
        kind: PactType::Ordinary.code().into(),
        intensity: Intensity::OccasionalCare.code().into(),
        commons: q.get("commons").to_string(),
        call: q.get("call").to_string(),
        ..TermsInput::default()
    };
    // An answer to a call on a commons names that commons.
    if let (true, Ok(call)) = (terms.commons.is_empty(), terms.call.trim().parse::<i64>()) {
        let c = state
            .db
            .run(move |conn| service::commons_of_call(conn, call))
            .await?;
        terms.commons = c.map(|c| c.to_string()).unwrap_or_default();
    }
    let text = TextInput::starting(state.clock.now().date());
    Ok(render(
        &form_page(
            ctx,
            &state,
            &user,
            Entered {
                terms,
                text,
                values: Vec::new(),
                errors: FormErrors::new(),
                editing: None,
                change_note: String::new(),
                writes_legal: false,
                full: false,
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
    let f = FormData::parse(&body);
    let terms_in = TermsInput::from_form(&f);
    // The page sends the short proposal; a client may still send a whole text.
    let full = f.get("form") != "short";
    let (text_in, values_in) = if !full {
        (
            short_input(&f, TextInput::starting(state.clock.now().date())),
            Vec::new(),
        )
    } else {
        (text_input(&f), support_values(&f))
    };
    let (text, values) =
        text_in.validate_valued(&crate::pacts::store::rules(&state.config), &values_in);
    let result = service::create(&state, &Who::from(&user), terms_in.terms(), text, values).await;
    after_form(
        ctx,
        &session,
        &state,
        &user,
        result,
        "pact-draft-saved",
        |errors| Entered {
            terms: terms_in,
            text: text_in,
            values: values_in,
            errors,
            editing: None,
            change_note: String::new(),
            writes_legal: false,
            full,
        },
    )
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
    let env = Env::from_ports(&state);
    let who = Who::from(&user);
    let (page, cosigners) = state
        .db
        .run(move |conn| {
            let page = view::page(conn, &env, Some(&who), id)?;
            let cosigners = store::cosigners(conn, id)?;
            Ok((page, cosigners))
        })
        .await?;
    page.allowed.edit.map_err(denied)?;
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
        cosigners: cosigners.into_iter().map(|c| c.to_string()).collect(),
        participants: page.proposal.participants.clone(),
        ask: page.proposal.ask.clone(),
        call: page
            .proposal
            .call
            .as_ref()
            .map(|c| c.0.to_string())
            .unwrap_or_default(),
    };
    let text = TextInput::of(&page.current.text);
    let values = typed_values(&page.support.current_values);
    Ok(render(
        &form_page(
            ctx,
            &state,
            &user,
            Entered {
                terms,
                text,
                values,
                errors: FormErrors::new(),
                editing: Some((id, page.state())),
                change_note: String::new(),
                writes_legal: page.writes_legal,
                full: false,
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
    let f = FormData::parse(&body);
    let who = Who::from(&user);
    // The pact as it stands: a short form edits only the short proposal's part of it,
    // and a refused form is shown again as the pact stands.
    let env = Env::from_ports(&state);
    let w = who.clone();
    let now = state
        .db
        .run(move |conn| view::editing(conn, &env, &w, id))
        .await?;
    let terms_in = TermsInput::from_form(&f);
    let full = f.get("form") != "short";
    let (text_in, values_in) = if !full {
        (
            short_input(&f, TextInput::of(&now.text)),
            typed_values(&now.values),
        )
    } else {
        (text_input(&f), support_values(&f))
    };
    let note = f.get("change_note").to_string();
    let (text, values) =
        text_in.validate_valued(&crate::pacts::store::rules(&state.config), &values_in);
    let terms = terms_in.terms().map(Some);
    let result = service::edit(&state, &who, id, terms, text, values, note.clone()).await;
    after_form(
        ctx,
        &session,
        &state,
        &user,
        result.map(|_| id),
        "pact-text-saved",
        |errors| Entered {
            terms: terms_in,
            text: text_in,
            values: values_in,
            errors,
            editing: Some((id, now.state)),
            change_note: note,
            writes_legal: now.writes_legal,
            full,
        },
    )
    .await
}

/// What the proposal form sent as the pact's text (the support lines row by row, at
/// most the lines a text may hold plus the blank rows to fill).
fn text_input(f: &FormData) -> TextInput {
    let kinds = f.all("support_kind");
    let descriptions = f.all("support_description");
    let quantities = f.all("support_quantity");
    let periods = f.all("support_period");
    let rows = kinds
        .len()
        .max(descriptions.len())
        .max(quantities.len())
        .max(periods.len());
    let at = |v: &Vec<&str>, i: usize| v.get(i).copied().unwrap_or("").to_string();
    TextInput {
        title: f.get("title").to_string(),
        objectives: f.get("objectives").to_string(),
        activities: f.get("activities").to_string(),
        start_date: f.get("start_date").to_string(),
        end_date: f.get("end_date").to_string(),
        commitments: f.get("commitments").to_string(),
        public_use: f.get("public_use").to_string(),
        risks: f.get("risks").to_string(),
        insurance_policy: f.get("insurance_policy").to_string(),
        insurer: f.get("insurer").to_string(),
        insurance_expiry: f.get("insurance_expiry").to_string(),
        liability: f.get("liability").to_string(),
        reporting_months: f.get("reporting_months").to_string(),
        output_licence: f.get("output_licence").to_string(),
        termination: f.get("termination").to_string(),
        disputes: f.get("disputes").to_string(),
        support: (0..rows.min(MAX_SUPPORT_LINES + BLANK_SUPPORT_ROWS))
            .map(|i| {
                (
                    at(&kinds, i),
                    at(&descriptions, i),
                    at(&quantities, i),
                    at(&periods, i),
                )
            })
            .collect(),
    }
}

/// What the short proposal form sent over the text as it stands (`base`): its title,
/// what the proposers want to do, and when.
fn short_input(f: &FormData, base: TextInput) -> TextInput {
    TextInput {
        title: f.get("title").to_string(),
        objectives: f.get("objectives").to_string(),
        start_date: f.get("start_date").to_string(),
        end_date: f.get("end_date").to_string(),
        ..base
    }
}

/// The support lines' estimated values the form sent, row by row (as many rows as
/// [`text_input`] reads).
fn support_values(f: &FormData) -> Vec<String> {
    f.all("support_value")
        .into_iter()
        .take(MAX_SUPPORT_LINES + BLANK_SUPPORT_ROWS)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_sends_its_support_lines_row_by_row() {
        let f = FormData::parse(
            b"title=T&support_kind=materials&support_description=Soil&support_quantity=2&support_period=&support_kind=funding&support_description=&support_quantity=&support_period=",
        );
        let i = text_input(&f);
        assert_eq!(i.support.len(), 2);
        assert_eq!(i.support[0].1, "Soil");
        assert_eq!(i.title, "T");
    }
}
