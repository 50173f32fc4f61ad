//! The life of a pact after signature, from its page: notices, exclusions, leaving,
//! and the conciliation committee (suspension, resumption and revocation are steps of
//! the procedure, posted to `/pacts/{id}/transition`).

use actix_session::Session;
use actix_web::{HttpRequest, web};

use super::{Reply, Res};
use crate::accounts::api::CurrentUser;
use crate::error::AppError;
use crate::pacts::service::{self, Aftercare};
use crate::pacts::store::Who;
use crate::ports::AppState;
use crate::web::forms::FormData;
use crate::web::page::PageCtx;

/// The step a path asks for, from the form's fields.
fn step_of(path: &str, f: &FormData) -> Result<(Aftercare, &'static str, &'static str), AppError> {
    let v = |k: &str| f.get(k).to_string();
    let tail = path.rsplit_once("/pacts/").map(|x| x.1).unwrap_or("");
    let tail = tail.split_once('/').map(|x| x.1).unwrap_or("");
    Ok(match tail {
        "notice" => (
            Aftercare::GiveNotice {
                reasons: v("notice_reasons"),
                answer_days: v("answer_days"),
            },
            "pact-done-notice",
            "#notice",
        ),
        "notice/answer" => (
            Aftercare::AnswerNotice {
                answer: v("notice_answer"),
            },
            "pact-done-notice-answered",
            "#notice",
        ),
        "notice/dismiss" => (
            Aftercare::DismissNotice {
                reasons: v("dismiss_reasons"),
            },
            "pact-done-notice-dismissed",
            "#notice",
        ),
        "exclude" => (
            Aftercare::Exclude {
                adherent: f
                    .get("exclude_adherent")
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| AppError::BadRequest("error-bad-request"))?,
                reasons: v("exclude_reasons"),
            },
            "pact-done-excluded",
            "#adherents",
        ),
        "leave" => (Aftercare::Leave, "pact-done-left", "#adherents"),
        "conciliation" => (
            Aftercare::OpenConciliation {
                subject: v("conciliation_subject"),
            },
            "pact-done-conciliation",
            "#conciliation",
        ),
        "conciliation/members" => (
            Aftercare::NameConciliators {
                member: v("conciliation_member"),
                joint: v("conciliation_joint"),
            },
            "pact-done-conciliators",
            "#conciliation",
        ),
        "conciliation/sessions" => (
            Aftercare::RecordSession {
                held_on: v("session_held_on"),
                minutes: v("session_minutes"),
            },
            "pact-done-conciliation-session",
            "#conciliation",
        ),
        "conciliation/proposal" => (
            Aftercare::RecordProposal {
                proposal: v("conciliation_proposal"),
            },
            "pact-done-conciliation-proposal",
            "#conciliation",
        ),
        _ => return Err(AppError::NotFound),
    })
}

/// `POST /pacts/{id}/notice`, `/notice/answer`, `/notice/dismiss`, `/exclude`,
/// `/leave`, `/conciliation`, `/conciliation/members`, `/conciliation/sessions` and
/// `/conciliation/proposal`: one step after signature.
pub async fn aftercare(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let (step, done, anchor) = step_of(req.path(), &f)?;
    let result = service::aftercare(&state, &Who::from(&user), id, step).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, done, anchor)
        .await
}
