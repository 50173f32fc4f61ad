//! Meetings: the planning form, a meeting's page (agenda, attendance, minutes), its
//! calendar file and the body's calendar feed.

use super::*;
use crate::assemblies::model::meeting::{MeetingInput, NewMeeting};
use crate::assemblies::service::meetings::{self, MeetingPage};

#[derive(Template)]
#[template(path = "assemblies/meeting_form.html")]
pub(super) struct MeetingFormPage {
    ctx: PageCtx,
    slug: String,
    name: String,
    errors: FormErrors,
    input: MeetingInput,
}

async fn may_run(state: &AppState, who: &Who, slug: &str) -> Result<BodyPage, AppError> {
    let page = service::page(state, Some(who), slug).await?;
    policy::may(Some(who), &Object::Body(&page.facts), Action::RunMeetings)?;
    Ok(page)
}

/// `GET /assemblies/{slug}/meetings/new` (facilitators).
pub async fn meeting_form(
    ctx: PageCtx,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Res {
    let page = may_run(&state, &user.who(), &slug).await?;
    Ok(render(&MeetingFormPage {
        ctx,
        slug: page.body.slug,
        name: page.body.name,
        errors: FormErrors::new(),
        input: MeetingInput::default(),
    }))
}

/// `POST /assemblies/{slug}/meetings/new`.
pub async fn plan_meeting(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<MeetingForm>,
) -> Res {
    let who = user.who();
    let page = may_run(&state, &who, &slug).await?;
    let f = form.into_inner();
    let input = MeetingInput {
        title: f.title,
        starts_at: f.starts_at,
        ends_at: f.ends_at,
        place: f.place,
        online_url: f.online_url,
        agenda: f.agenda,
    };
    let result = match NewMeeting::validate(&input) {
        Ok(m) => meetings::plan(&state, &who, &slug, m).await,
        Err(e) => Err(Refusal::Form(e)),
    };
    match result {
        Ok(id) => {
            push_flash(&session, FlashLevel::Success, "meeting-planned");
            Ok(see_other(&format!("/assemblies/{slug}/meetings/{id}")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(&MeetingFormPage {
            ctx,
            slug: page.body.slug,
            name: page.body.name,
            errors,
            input,
        })),
        Err(Refusal::App(e)) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct MeetingForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    starts_at: String,
    #[serde(default)]
    ends_at: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    online_url: String,
    #[serde(default)]
    agenda: String,
}

#[derive(Template)]
#[template(path = "assemblies/meeting.html")]
pub(super) struct MeetingShow {
    ctx: PageCtx,
    page: MeetingPage,
    viewer: Option<Who>,
    errors: FormErrors,
    minutes: String,
}

impl MeetingShow {
    fn may(&self, action: Action) -> bool {
        policy::allowed(
            self.viewer.as_ref(),
            &Object::Body(&self.page.facts),
            action,
        )
    }
}

async fn meeting_show(
    ctx: PageCtx,
    state: &AppState,
    viewer: Option<Who>,
    slug: &str,
    id: i64,
    errors: FormErrors,
    minutes: Option<String>,
) -> Result<MeetingShow, AppError> {
    let page = meetings::page(state, viewer.as_ref(), slug, id).await?;
    let minutes = minutes.unwrap_or_else(|| page.meeting.minutes.clone().unwrap_or_default());
    Ok(MeetingShow {
        ctx,
        page,
        viewer,
        errors,
        minutes,
    })
}

/// `GET /assemblies/{slug}/meetings/{id}`.
pub async fn meeting(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let (slug, id) = path.into_inner();
    let viewer = user.0.as_ref().map(CurrentUser::who);
    Ok(render(
        &meeting_show(ctx, &state, viewer, &slug, id, FormErrors::new(), None).await?,
    ))
}

fn ics(text: String, file: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        ))
        .body(text)
}

/// `GET /assemblies/{slug}/meetings/{id}/meeting.ics`.
pub async fn meeting_ics(state: web::Data<AppState>, path: web::Path<(String, i64)>) -> Res {
    let (slug, id) = path.into_inner();
    let text = meetings::calendar(&state, &slug, Some(id)).await?;
    Ok(ics(text, &format!("{slug}-meeting-{id}.ics")))
}

/// `GET /assemblies/{slug}/calendar.ics`: the body's feed.
pub async fn calendar(state: web::Data<AppState>, slug: web::Path<String>) -> Res {
    let text = meetings::calendar(&state, &slug, None).await?;
    Ok(ics(text, &format!("{slug}.ics")))
}

/// `POST /assemblies/{slug}/meetings/{id}/attendance`: the members present (all
/// ticked boxes; none ticked clears the list).
pub async fn attendance(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    body: web::Bytes,
) -> Res {
    let (slug, id) = path.into_inner();
    let form = FormData::parse(&body);
    let present = form
        .all("present")
        .into_iter()
        .map(|v| v.parse::<i64>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| AppError::BadRequest("error-bad-request"))?;
    meetings::take_attendance(&state, &user.who(), &slug, id, present).await?;
    push_flash(&session, FlashLevel::Success, "meeting-attendance-saved");
    Ok(see_other(&format!("/assemblies/{slug}/meetings/{id}")))
}

#[derive(Deserialize)]
pub struct MinutesForm {
    #[serde(default)]
    minutes: String,
}

/// `POST /assemblies/{slug}/meetings/{id}/minutes`.
pub async fn minutes(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    form: web::Form<MinutesForm>,
) -> Res {
    let (slug, id) = path.into_inner();
    let who = user.who();
    let text = form.into_inner().minutes;
    match meetings::publish_minutes(&state, &who, &slug, id, &text).await {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "meeting-minutes-published");
            Ok(see_other(&format!("/assemblies/{slug}/meetings/{id}")))
        }
        Err(Refusal::Form(errors)) => Ok(invalid(
            &meeting_show(ctx, &state, Some(who), &slug, id, errors, Some(text)).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `POST /assemblies/{slug}/meetings/{id}/cancel`.
pub async fn cancel_meeting(
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
) -> Res {
    let (slug, id) = path.into_inner();
    meetings::cancel(&state, &user.who(), &slug, id).await?;
    push_flash(&session, FlashLevel::Success, "meeting-cancelled-done");
    Ok(see_other(&format!("/assemblies/{slug}/meetings/{id}")))
}
