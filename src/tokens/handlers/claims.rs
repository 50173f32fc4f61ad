//! Claims: the form (choose a methodology, then its activity data, with the reduction
//! computed and shown before submitting, and an evidence file), a claim's page with
//! its history and the forms its viewer may use (a verifier's decision, the
//! claimant's answer or withdrawal), the verifiers' queue, and evidence downloads.

use super::*;
use crate::tokens::model::claim::ClaimInput;
use crate::tokens::model::methodology::Reduction;
use crate::tokens::model::review::{ClaimState, Decision};
use crate::tokens::policy::{self, Action, Object};
use crate::tokens::service::claims::{self as claim_service, ClaimForm, Evidence, MethodologyRow};
use crate::tokens::service::pages::{self, ClaimLine, ClaimPage};
use crate::tokens::service::reviews::{self, ReviewForm};
use crate::tokens::store::Programme;
use crate::web::uploads::{self, ImageType};

#[derive(Template)]
#[template(path = "tokens/claim_form.html")]
struct ClaimFormPage {
    ctx: PageCtx,
    programme: Programme,
    methodologies: Vec<MethodologyRow>,
    /// The chosen methodology, once chosen.
    chosen: Option<MethodologyRow>,
    groups: Vec<(i64, String)>,
    /// (id, label), each district under its parent.
    districts: Vec<(i64, String)>,
    errors: FormErrors,
    echo: FormData,
    preview: Option<Reduction>,
}

impl ClaimFormPage {
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
    fn chosen_id(&self) -> String {
        self.chosen
            .as_ref()
            .map(|m| m.document.id())
            .unwrap_or_default()
    }
    fn key(&self) -> String {
        fresh_key()
    }
    fn input_label(&self, name: &str) -> String {
        format!("claim-input-{}", name.replace('_', "-"))
    }
    fn kg(&self, grams: &i64) -> String {
        format!("{}.{:03}", grams / 1000, grams % 1000)
    }
}

// A page built again after a refusal takes what the request carried: many arguments.
#[allow(clippy::too_many_arguments)]
async fn claim_form_page(
    ctx: PageCtx,
    state: &AppState,
    who: &Who,
    slug: &str,
    chosen: &str,
    errors: FormErrors,
    echo: FormData,
    preview: Option<Reduction>,
) -> Result<ClaimFormPage, AppError> {
    let (slug, chosen, uid) = (slug.to_string(), chosen.trim().to_string(), who.id);
    let (programme, methodologies, groups, districts) = state
        .db
        .run(move |conn| {
            Ok((
                crate::tokens::store::programme_by_slug(conn, &slug)?,
                claim_service::methodologies(conn)?,
                crate::accounts::api::group_names_of(conn, uid)?,
                crate::commons::api::district_tree(conn)?.id_options(),
            ))
        })
        .await?;
    let chosen = methodologies
        .iter()
        .find(|m| m.document.id() == chosen)
        .cloned();
    Ok(ClaimFormPage {
        ctx,
        programme,
        methodologies,
        chosen,
        groups,
        districts,
        errors,
        echo,
        preview,
    })
}

#[derive(serde::Deserialize)]
pub struct Chosen {
    #[serde(default)]
    methodology: String,
}

/// `GET /tokens/{slug}/claim[?methodology=PV01@1]`: the claim form.
pub async fn claim_form(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<Chosen>,
) -> Res {
    let who = user.who();
    let mut echo = FormData::default();
    if !q.methodology.is_empty() {
        echo = FormData::from_pairs(vec![("methodology".into(), q.methodology.clone())], &[])?;
    }
    Ok(render(
        &claim_form_page(
            ctx,
            &state,
            &who,
            &slug,
            &q.methodology,
            FormErrors::new(),
            echo,
            None,
        )
        .await?,
    ))
}

/// Cleans and stores an evidence file (a photo re-encoded without its metadata, or a
/// PDF with its metadata blanked), refusing it by name on the `evidence` field.
pub(super) async fn store_evidence(
    state: &AppState,
    bytes: Vec<u8>,
    filename: &str,
) -> Result<Option<Evidence>, Refusal> {
    if bytes.is_empty() {
        return Ok(None);
    }
    let (kind, bytes) = if bytes.starts_with(b"%PDF-") {
        uploads::clean_pdf(&bytes)
            .map(|b| (ImageType::Pdf, b))
            .map_err(|e| Refusal::field("file", e.key()))?
    } else {
        uploads::clean_photo(&bytes).map_err(|e| Refusal::field("file", e.key()))?
    };
    let size = i64::try_from(bytes.len()).map_err(|_| AppError::internal("size"))?;
    let dir = state.config.data_dir.clone();
    let hash = web::block(move || uploads::store(&dir, kind, &bytes))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|e| AppError::internal(format!("cannot store evidence: {e}")))?;
    let label: String = filename
        .chars()
        .filter(|c| !c.is_control() && *c != '/' && *c != '\\')
        .take(120)
        .collect();
    Ok(Some(Evidence {
        sha256: hash,
        mime: kind.mime().to_string(),
        bytes: size,
        label: if label.trim().is_empty() {
            kind.extension().to_string()
        } else {
            label
        },
    }))
}

/// `POST /tokens/{slug}/claim` (multipart: the form and an optional evidence file):
/// `action=preview` shows the computed reduction; `action=submit` files the claim.
pub async fn submit_claim(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> Res {
    let who = user.who();
    let crate::web::multipart::Upload {
        bytes,
        filename,
        fields,
    } = crate::web::multipart::read(&req, payload, "file", uploads::MAX_PHOTO_BYTES).await?;
    let form = ClaimForm {
        input: ClaimInput {
            methodology: fields.get("methodology").to_string(),
            asset: fields.get("asset").to_string(),
            starts_on: fields.get("starts_on").to_string(),
            ends_on: fields.get("ends_on").to_string(),
        },
        group: fields.get("group").to_string(),
        activity: fields
            .pairs()
            .iter()
            .filter(|(k, _)| {
                !matches!(
                    k.as_str(),
                    "csrf_token" | "idempotency_key" | "action" | "district"
                )
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        idempotency_key: fields.get("idempotency_key").to_string(),
    };
    let chosen = form.input.methodology.clone();
    if fields.get("action") == "preview" {
        let (f, today) = (form.clone(), state.clock.now().date());
        let checked = state
            .db
            .run(move |conn| Ok(claim_service::preview_in(conn, &f, today)))
            .await?;
        return match checked {
            Ok(c) => Ok(render(
                &claim_form_page(
                    ctx,
                    &state,
                    &who,
                    &slug,
                    &chosen,
                    FormErrors::new(),
                    fields,
                    Some(c.reduction),
                )
                .await?,
            )),
            Err(errors) => Ok(invalid(
                &claim_form_page(ctx, &state, &who, &slug, &chosen, errors, fields, None).await?,
            )),
        };
    }
    let evidence = match store_evidence(&state, bytes, &filename).await {
        Ok(e) => e,
        Err(Refusal::Form(errors)) => {
            return Ok(invalid(
                &claim_form_page(ctx, &state, &who, &slug, &chosen, errors, fields, None).await?,
            ));
        }
        Err(Refusal::App(e)) => return Err(e),
    };
    let district = fields.get("district").to_string();
    match claim_service::submit_located(
        &state,
        &who,
        &slug,
        form,
        district,
        evidence.into_iter().collect(),
    )
    .await
    {
        Ok(r) => {
            push_flash(&session, FlashLevel::Success, "claim-submitted");
            Ok(see_other(&format!("/tokens/claims/{}", r.id)))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &claim_form_page(ctx, &state, &who, &slug, &chosen, errors, fields, None).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "tokens/claim.html")]
struct ClaimView {
    ctx: PageCtx,
    page: ClaimPage,
    viewer: Who,
    errors: FormErrors,
    echo: FormData,
}

impl ClaimView {
    fn may(&self, action: Action) -> bool {
        policy::may(
            Some(&self.viewer),
            &Object::Claim(self.page.facts.clone()),
            action,
        )
        .is_ok()
    }
    fn may_review(&self) -> bool {
        self.may(Action::Review)
    }
    fn may_answer(&self) -> bool {
        self.may(Action::Answer)
    }
    fn may_withdraw(&self) -> bool {
        self.may(Action::Withdraw)
    }
    fn key(&self) -> String {
        fresh_key()
    }
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
    fn kg(&self) -> String {
        let g = self.page.claim.avoided_grams;
        format!("{}.{:03}", g / 1000, g % 1000)
    }
    fn decisions(&self) -> [Decision; 3] {
        [Decision::Approve, Decision::Ask, Decision::Reject]
    }
    fn needs_two(&self) -> bool {
        self.page.claim.tokens > self.page.programme.second_verifier_tokens
    }
    fn in_second(&self) -> bool {
        self.page.claim.state == ClaimState::SecondReview
    }
    fn input_label(&self, name: &str) -> String {
        format!("claim-input-{}", name.replace('_', "-"))
    }
}

async fn claim_view(
    ctx: PageCtx,
    state: &AppState,
    who: Who,
    id: i64,
    errors: FormErrors,
    echo: FormData,
) -> Result<ClaimView, AppError> {
    let w = who.clone();
    let page = state
        .db
        .run(move |conn| pages::claim_in(conn, &w, id))
        .await?;
    Ok(ClaimView {
        ctx,
        page,
        viewer: who,
        errors,
        echo,
    })
}

/// `GET /tokens/claims/{id}`: a claim, to its claimant side, its verifiers and
/// administrators.
pub async fn claim(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    Ok(render(
        &claim_view(
            ctx,
            &state,
            user.who(),
            id.into_inner(),
            FormErrors::new(),
            FormData::default(),
        )
        .await?,
    ))
}

/// After a claim's form: back to the claim with a flash, or the page with the errors.
#[allow(clippy::too_many_arguments)]
async fn after(
    ctx: PageCtx,
    session: &Session,
    state: &AppState,
    who: Who,
    id: i64,
    result: Result<crate::tokens::service::requests::Receipt, Refusal>,
    echo: FormData,
    done: &str,
) -> Res {
    match result {
        Ok(_) => {
            push_flash(session, FlashLevel::Success, done);
            Ok(see_other(&format!("/tokens/claims/{id}")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &claim_view(ctx, state, who, id, errors, echo).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `POST /tokens/claims/{id}/review`: a verifier's decision.
pub async fn review(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<ReviewForm>,
) -> Res {
    let (who, id, f) = (user.who(), id.into_inner(), form.into_inner());
    let echo = FormData::from_pairs(
        vec![
            ("decision".into(), f.decision.clone()),
            ("reason".into(), f.reason.clone()),
        ],
        &[],
    )?;
    let result = reviews::review(&state, &who, id, f).await;
    after(
        ctx,
        &session,
        &state,
        who,
        id,
        result,
        echo,
        "claim-reviewed",
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    idempotency_key: String,
}

/// `POST /tokens/claims/{id}/withdraw`: the claimant side withdraws.
pub async fn withdraw(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    form: web::Form<WithdrawForm>,
) -> Res {
    let (who, id) = (user.who(), id.into_inner());
    let result = reviews::withdraw(&state, &who, id, form.into_inner().idempotency_key).await;
    after(
        ctx,
        &session,
        &state,
        who,
        id,
        result,
        FormData::default(),
        "claim-withdrawn",
    )
    .await
}

/// `POST /tokens/claims/{id}/answer` (multipart: the reply and an optional file).
pub async fn answer(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> Res {
    let (who, id) = (user.who(), id.into_inner());
    // Whoever may not answer hears so before any file is read.
    let w = who.clone();
    state
        .db
        .run(move |conn| {
            let c = claim_service::load(conn, id)?;
            let facts = claim_service::facts(conn, &c, Some(&w))?;
            Ok(policy::may(
                Some(&w),
                &Object::Claim(facts),
                Action::Answer,
            )?)
        })
        .await?;
    let crate::web::multipart::Upload {
        bytes,
        filename,
        fields,
    } = crate::web::multipart::read(&req, payload, "file", uploads::MAX_PHOTO_BYTES).await?;
    let result = match store_evidence(&state, bytes, &filename).await {
        Ok(files) => {
            reviews::answer(
                &state,
                &who,
                id,
                fields.get("reply").to_string(),
                files.into_iter().collect(),
                fields.get("idempotency_key").to_string(),
            )
            .await
        }
        Err(e) => Err(e),
    };
    after(
        ctx,
        &session,
        &state,
        who,
        id,
        result,
        fields,
        "claim-answered",
    )
    .await
}

#[derive(Template)]
#[template(path = "tokens/queue.html")]
struct QueuePage {
    ctx: PageCtx,
    programme: Programme,
    claims: Vec<ClaimLine>,
}

/// `GET /tokens/{slug}/queue`: the claims an accredited verifier may decide on.
pub async fn queue(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let (who, slug) = (user.who(), slug.into_inner());
    let (programme, claims) = state
        .db
        .run(move |conn| pages::queue_in(conn, &who, &slug))
        .await?;
    Ok(render(&QueuePage {
        ctx,
        programme,
        claims,
    }))
}

/// `GET /tokens/claims/{id}/evidence/{hash}`: an evidence file, to whoever may see
/// the claim.
pub async fn evidence(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(i64, String)>,
) -> Res {
    let (id, hash) = path.into_inner();
    let who = user.who();
    let (h, page) = (hash.clone(), id);
    let found = state
        .db
        .run(move |conn| {
            let p = pages::claim_in(conn, &who, page)?;
            Ok(p.evidence.into_iter().find(|e| e.sha256 == h))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = match found.mime.as_str() {
        "application/pdf" => ImageType::Pdf,
        "image/png" => ImageType::Png,
        "image/webp" => ImageType::Webp,
        _ => ImageType::Jpeg,
    };
    let path =
        uploads::stored_path(&state.config.data_dir, &hash, kind).ok_or(AppError::NotFound)?;
    let bytes = web::block(move || std::fs::read(path))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|_| AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type(kind.mime())
        .insert_header(("Content-Disposition", "attachment"))
        .insert_header(("Cache-Control", "private, no-store"))
        .body(bytes))
}
