//! The officials' review: decisions on a commons and the review queue.

use super::*;

/// `POST /commons/{id}/decision`: an official's decision (with reasons when needed).
pub async fn decide(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    service::may_on_registry(&user, Action::Review)?;
    let id = id.into_inner();
    let form = FormData::parse(&body);
    let decision =
        Decision::parse(form.get("decision")).ok_or(AppError::BadRequest("error-bad-request"))?;
    let reasons = form.get("reasons").to_string();
    match service::decide(&state, &user, id, decision, reasons.clone()).await {
        Ok(status) => {
            push_flash(
                &session,
                FlashLevel::Success,
                match status {
                    Status::Recognised => "commons-recognised",
                    Status::Declined => "commons-declined",
                    Status::Dormant => "commons-marked-dormant",
                    Status::Retired => "commons-retired",
                    // Only a reconsidered proposal comes back to `proposed`.
                    Status::Proposed => "commons-reconsidered",
                    Status::Merged => "commons-merged",
                },
            );
            Ok(see_other(&format!("/commons/{id}")))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(ctx, &state, Some(user), id, errors, reasons, String::new()).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "commons/review.html")]
pub(super) struct ReviewPage {
    ctx: PageCtx,
    items: Vec<QueueItem>,
    next: Option<i64>,
    waiting: i64,
}

/// `GET /official/commons`: proposals waiting for recognition, oldest first.
pub async fn review_queue(
    ctx: PageCtx,
    user: CurrentUser,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Res {
    let after = cursor(&query_of(&req));
    let service::ReviewQueue {
        items,
        next,
        waiting,
    } = service::review_queue(&state, &user, after).await?;
    Ok(render(&ReviewPage {
        ctx,
        items,
        next,
        waiting,
    }))
}
