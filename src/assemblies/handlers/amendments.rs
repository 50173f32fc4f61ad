//! Amendments on a motion's page: the form to propose one (prefilled with the motion's
//! current text), and the buttons to accept, decline and withdraw one. The list, the
//! differences and the versions are part of the motion's page (`motions.rs`); an
//! amendment's vote opens through the vote form (`votes.rs`, `?amendment=`).

use super::*;
use crate::assemblies::model::amendment::AmendmentState;
use crate::assemblies::service::amendments;

/// The amendment form as the motion's page shows it: its messages and its values.
#[derive(Debug, Clone)]
pub struct AmendDraft {
    pub errors: FormErrors,
    pub text: String,
    pub reasons: String,
}

impl AmendDraft {
    /// An empty form, its text the motion's current one.
    pub fn new(current: &str) -> AmendDraft {
        AmendDraft {
            errors: FormErrors::new(),
            text: current.to_string(),
            reasons: String::new(),
        }
    }
}

#[derive(Deserialize)]
pub struct AmendForm {
    #[serde(default)]
    text: String,
    #[serde(default)]
    reasons: String,
}

/// `POST /assemblies/{slug}/motions/{id}/amendments` (members).
pub async fn propose_amendment(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    form: web::Form<AmendForm>,
) -> Res {
    let (slug, id) = path.into_inner();
    let who = user.who();
    let f = form.into_inner();
    let proposed =
        amendments::propose(&state, &who, &slug, id, f.text.clone(), f.reasons.clone()).await;
    match proposed {
        Ok(a) => {
            push_flash(&session, FlashLevel::Success, "amendment-proposed");
            Ok(see_other(&format!(
                "/assemblies/{slug}/motions/{id}#amendment-{a}"
            )))
        }
        Err(Refusal::Form(errors)) => {
            let mut show = super::motions::motion_show(
                ctx,
                &state,
                Some(who),
                &slug,
                id,
                FormErrors::new(),
                String::new(),
            )
            .await?;
            show.amend = AmendDraft {
                errors,
                text: f.text,
                reasons: f.reasons,
            };
            Ok(invalid(&show))
        }
        Err(Refusal::App(e)) => Err(e),
    }
}

async fn decide(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    to: AmendmentState,
    flash: &'static str,
) -> Res {
    let (slug, id) = path.into_inner();
    let motion = amendments::decide(&state, &user.who(), &slug, id, to).await?;
    push_flash(&session, FlashLevel::Success, flash);
    Ok(see_other(&format!(
        "/assemblies/{slug}/motions/{motion}#amendment-{id}"
    )))
}

/// `POST /assemblies/{slug}/amendments/{id}/accept` (the motion's author).
pub async fn accept_amendment(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let to = AmendmentState::Accepted;
    decide(session, user, state, path, to, "amendment-accepted").await
}

/// `POST /assemblies/{slug}/amendments/{id}/decline` (the motion's author).
pub async fn decline_amendment(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let to = AmendmentState::Rejected;
    decide(session, user, state, path, to, "amendment-declined").await
}

/// `POST /assemblies/{slug}/amendments/{id}/withdraw` (the amendment's author).
pub async fn withdraw_amendment(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let to = AmendmentState::Withdrawn;
    decide(session, user, state, path, to, "amendment-withdrawn").await
}
