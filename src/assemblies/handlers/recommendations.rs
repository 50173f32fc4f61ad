//! Recommendations to the city and endorsements: a body's list (with the facilitators'
//! forms to send an adopted motion to an office and to endorse a pact), a
//! recommendation's page with its answer (and the officials' answer form).

use super::*;
use crate::assemblies::model::recommendation::{Answer, NewAnswer};
use crate::assemblies::policy::RecommendationFacts;
use crate::assemblies::service::recommendation_pages::{
    self as pages, RecommendationList, RecommendationPage,
};
use crate::assemblies::service::recommendations as recs;

/// The submitted values, shown again next to the refused form.
fn echo<const N: usize>(pairs: [(&str, String); N]) -> FormData {
    let pairs = pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    FormData::from_pairs(pairs, &[]).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "assemblies/recommendations.html")]
pub(super) struct RecommendationsPage {
    ctx: PageCtx,
    list: RecommendationList,
    viewer: Option<Who>,
    /// The form that was refused ("send" or "endorse"), and its errors and values.
    errors: FormErrors,
    echo: FormData,
}

impl RecommendationsPage {
    fn may(&self, action: Action) -> bool {
        policy::allowed(
            self.viewer.as_ref(),
            &Object::Body(&self.list.facts),
            action,
        )
    }
    fn may_recommend(&self) -> bool {
        self.may(Action::Recommend)
    }
    fn may_endorse(&self) -> bool {
        self.may(Action::Endorse)
    }
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
    fn answer_key(&self, a: &Option<Answer>) -> String {
        match a {
            Some(a) => a.label_key(),
            None => "recommendation-waiting".into(),
        }
    }
    /// The motions adopted by a vote (what may be sent), each once, latest first.
    fn motion_votes(&self) -> Vec<(i64, String)> {
        let mut out: Vec<(i64, String)> = Vec::new();
        for v in &self.list.adopted {
            if let Some(m) = v.motion
                && !out.iter().any(|o| o.0 == m)
            {
                out.push((m, v.question.clone()));
            }
        }
        out
    }
}

async fn recommendations_page(
    ctx: PageCtx,
    state: &AppState,
    viewer: Option<Who>,
    slug: &str,
    errors: FormErrors,
    echo: FormData,
) -> Result<RecommendationsPage, AppError> {
    let list = pages::list(state, viewer.as_ref(), slug).await?;
    Ok(RecommendationsPage {
        ctx,
        list,
        viewer,
        errors,
        echo,
    })
}

/// `GET /assemblies/{slug}/recommendations`: what the body sent to the city, the
/// answers, and the pacts it endorses.
pub async fn recommendations(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let viewer = user.0.as_ref().map(CurrentUser::who);
    Ok(render(
        &recommendations_page(
            ctx,
            &state,
            viewer,
            &slug,
            FormErrors::new(),
            FormData::default(),
        )
        .await?,
    ))
}

#[derive(Deserialize)]
pub struct SendForm {
    #[serde(default)]
    motion: String,
    #[serde(default)]
    office: String,
}

/// `POST /assemblies/{slug}/recommendations` (facilitators): sends an adopted motion.
pub async fn send_recommendation(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<SendForm>,
) -> Res {
    let who = user.who();
    let f = form.into_inner();
    match recs::send(&state, &who, &slug, f.motion.clone(), f.office.clone()).await {
        Ok(id) => {
            push_flash(&session, FlashLevel::Success, "recommendation-sent");
            Ok(see_other(&format!(
                "/assemblies/{slug}/recommendations/{id}"
            )))
        }
        Err(Refusal::Form(errors)) => {
            let echo = echo([("motion", f.motion), ("office", f.office)]);
            Ok(invalid(
                &recommendations_page(ctx, &state, Some(who), &slug, errors, echo).await?,
            ))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct EndorseForm {
    #[serde(default)]
    pact: String,
    #[serde(default)]
    vote: String,
}

/// `POST /assemblies/{slug}/endorsements` (facilitators): the body endorses a pact.
pub async fn endorse(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<EndorseForm>,
) -> Res {
    let who = user.who();
    let f = form.into_inner();
    match recs::endorse(&state, &who, &slug, f.pact.clone(), f.vote.clone()).await {
        Ok(_) => {
            push_flash(&session, FlashLevel::Success, "endorsement-recorded");
            Ok(see_other(&format!(
                "/assemblies/{slug}/recommendations#endorsements"
            )))
        }
        Err(Refusal::Form(errors)) => {
            let echo = echo([("pact", f.pact), ("vote", f.vote)]);
            Ok(invalid(
                &recommendations_page(ctx, &state, Some(who), &slug, errors, echo).await?,
            ))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "assemblies/recommendation.html")]
pub(super) struct RecommendationShow {
    ctx: PageCtx,
    page: RecommendationPage,
    viewer: Option<Who>,
    errors: FormErrors,
    echo: FormData,
}

impl RecommendationShow {
    fn may_answer(&self) -> bool {
        let facts: &RecommendationFacts = &self.page.facts;
        policy::allowed(
            self.viewer.as_ref(),
            &Object::Recommendation(facts),
            Action::Answer,
        )
    }
    fn answers(&self) -> &'static [Answer] {
        Answer::ALL
    }
    fn echo(&self, name: &str) -> String {
        self.echo.get(name).to_string()
    }
    fn answer_key(&self) -> String {
        match self.page.rec.answer {
            Some(a) => a.label_key(),
            None => "recommendation-waiting".into(),
        }
    }
}

async fn recommendation_page(
    ctx: PageCtx,
    state: &AppState,
    viewer: Option<Who>,
    slug: &str,
    id: i64,
    errors: FormErrors,
    echo: FormData,
) -> Result<RecommendationShow, AppError> {
    let page = pages::page(state, viewer.as_ref(), slug, id).await?;
    Ok(RecommendationShow {
        ctx,
        page,
        viewer,
        errors,
        echo,
    })
}

/// `GET /assemblies/{slug}/recommendations/{id}`: the recommendation and its answer
/// (public); the answer form for those who may answer.
pub async fn recommendation(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let (slug, id) = path.into_inner();
    let viewer = user.0.as_ref().map(CurrentUser::who);
    Ok(render(
        &recommendation_page(
            ctx,
            &state,
            viewer,
            &slug,
            id,
            FormErrors::new(),
            FormData::default(),
        )
        .await?,
    ))
}

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    answer: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    pact: String,
}

/// `POST /assemblies/{slug}/recommendations/{id}/answer` (officials of the office or
/// of the coordinating office, administrators; once).
pub async fn answer_recommendation(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    form: web::Form<AnswerForm>,
) -> Res {
    let (slug, id) = path.into_inner();
    let who = user.who();
    let f = form.into_inner();
    let result = match NewAnswer::validate(&f.answer, &f.text, &f.pact) {
        Ok(a) => recs::answer(&state, &who, &slug, id, a).await,
        Err(e) => {
            // The policy first: someone who may not answer learns nothing of the form.
            let page = pages::page(&state, Some(&who), &slug, id).await?;
            recs::may_answer(&who, &page.facts)?;
            Err(Refusal::Form(e))
        }
    };
    match result {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "recommendation-answered");
            Ok(see_other(&format!(
                "/assemblies/{slug}/recommendations/{id}"
            )))
        }
        Err(Refusal::Form(errors)) => {
            let echo = echo([("answer", f.answer), ("text", f.text), ("pact", f.pact)]);
            Ok(invalid(
                &recommendation_page(ctx, &state, Some(who), &slug, id, errors, echo).await?,
            ))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}
