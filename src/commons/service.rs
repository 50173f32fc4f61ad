//! The registry's use-cases: propose, review (recognise, decline, dormant, revive),
//! show, and add photos. Each owns its transaction and its authorisation.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{
    Category, CommonsKind, Location, NewCommons, Owner, Provisioning, Status, Transition,
    TransitionError,
};
use super::policy::{self, Action, Actor, Denied, Facts, Object};
use super::{districts, search_sync};
use crate::accounts::api::{self as accounts, CurrentUser, Role, Who};
use crate::db::AnyConnection;
use crate::db::schema::{
    commons, commons_events, commons_photos, commons_provisioning, districts as districts_t,
    groups, users,
};
use crate::error::AppError;
use crate::ports::Ports;
use crate::web::forms::Refusal;
use crate::web::rate_limit::Limit;
use crate::web::uploads::{self, ImageType};

/// Proposals per person per hour.
const PROPOSALS_PER_HOUR: Limit = Limit::new(20, 3600);
/// Photos per person per hour.
const PHOTOS_PER_HOUR: Limit = Limit::new(60, 3600);
/// Photos per commons.
pub const MAX_PHOTOS: i64 = 20;

/// One commons, everything its page shows.
#[derive(Debug, Clone)]
pub struct Commons {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub kind: CommonsKind,
    pub category: Category,
    pub owner: Owner,
    pub address: String,
    pub why: String,
    pub rules: String,
    pub licence: String,
    pub location: Location,
    pub site: Option<String>,
    pub district: Option<(String, String)>,
    pub status: Status,
    pub status_reasons: Option<String>,
    pub proposer_id: i64,
    pub proposer_name: String,
    pub group: Option<(i64, String)>,
    pub provisioning: Vec<Provisioning>,
    pub created_at: NaiveDateTime,
    pub recognised_at: Option<NaiveDateTime>,
}

impl Commons {
    /// The district's name, or "".
    pub fn district_name(&self) -> &str {
        self.district.as_ref().map(|d| d.1.as_str()).unwrap_or("")
    }

    pub fn district_slug(&self) -> &str {
        self.district.as_ref().map(|d| d.0.as_str()).unwrap_or("")
    }

    /// The commons as the registry's policy sees it.
    pub fn as_object(&self) -> Object {
        Object::Commons(Facts {
            status: self.status,
            proposer: self.proposer_id,
            group: self.group.as_ref().map(|g| g.0),
        })
    }
}

/// A line of a commons' public history.
#[derive(Debug, Clone)]
pub struct HistoryEvent {
    pub kind: String,
    pub actor_name: Option<String>,
    pub group_name: Option<String>,
    pub reasons: Option<String>,
    pub ledger_index: Option<i64>,
    pub at: NaiveDateTime,
}

impl HistoryEvent {
    pub fn label_key(&self) -> String {
        format!("commons-event-{}", self.kind.replace('_', "-"))
    }
}

#[derive(Debug, Clone)]
pub struct Photo {
    pub id: i64,
    pub hash: String,
    pub file_type: String,
    pub alt_text: String,
}

impl Photo {
    pub fn url(&self) -> String {
        format!("/files/{}.{}", self.hash, self.file_type)
    }
}

/// A commons page: the commons, its photos and history, and what the viewer may do.
#[derive(Debug, Clone)]
pub struct CommonsPage {
    pub commons: Commons,
    pub photos: Vec<Photo>,
    pub history: Vec<HistoryEvent>,
    pub can_review: bool,
    pub can_add_photo: bool,
    /// The public pacts that cover it, newest first: (id, title, state).
    pub pacts: Vec<crate::pacts::api::PactSummary>,
}

type CommonsRowTuple = (
    (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        f64,
        f64,
    ),
    (
        Option<String>,
        Option<i64>,
        String,
        Option<String>,
        i64,
        Option<i64>,
        NaiveDateTime,
        Option<NaiveDateTime>,
    ),
);

fn bad(what: &str) -> AppError {
    AppError::internal(format!("unreadable stored commons field: {what}"))
}

/// Loads one commons (any status).
pub fn load(conn: &mut AnyConnection, id: i64) -> Result<Commons, AppError> {
    let (a, b): CommonsRowTuple = commons::table
        .find(id)
        .select((
            (
                commons::id,
                commons::name,
                commons::description,
                commons::kind,
                commons::category,
                commons::owner,
                commons::address,
                commons::why,
                commons::rules,
                commons::licence,
                commons::lat,
                commons::lng,
            ),
            (
                commons::site,
                commons::district_id,
                commons::status,
                commons::status_reasons,
                commons::proposer_id,
                commons::group_id,
                commons::created_at,
                commons::recognised_at,
            ),
        ))
        .first(conn)?;
    let district = match b.1 {
        Some(d) => districts_t::table
            .find(d)
            .select((districts_t::slug, districts_t::name))
            .first::<(String, String)>(conn)
            .optional()?,
        None => None,
    };
    let proposer_name = accounts::display_name(conn, b.4)?;
    let group = match b.5 {
        Some(g) => groups::table
            .find(g)
            .select((groups::id, groups::name))
            .first::<(i64, String)>(conn)
            .optional()?,
        None => None,
    };
    let provisioning = commons_provisioning::table
        .filter(commons_provisioning::commons_id.eq(id))
        .select(commons_provisioning::provisioning)
        .load::<String>(conn)?
        .iter()
        .filter_map(|p| Provisioning::parse(p))
        .collect();
    Ok(Commons {
        id: a.0,
        name: a.1,
        description: a.2,
        kind: CommonsKind::parse(&a.3).ok_or_else(|| bad("kind"))?,
        category: Category::parse(&a.4).ok_or_else(|| bad("category"))?,
        owner: Owner::parse(&a.5).ok_or_else(|| bad("owner"))?,
        address: a.6,
        why: a.7,
        rules: a.8,
        licence: a.9,
        location: Location {
            lat: a.10,
            lon: a.11,
        },
        site: b.0,
        district,
        status: Status::parse(&b.2).ok_or_else(|| bad("status"))?,
        status_reasons: b.3,
        proposer_id: b.4,
        proposer_name,
        group,
        provisioning,
        created_at: b.6,
        recognised_at: b.7,
    })
}

/// Who looks at a commons, as other areas name them: a signed-in person and whether
/// they are an official (the groups they belong to are looked up when needed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub id: i64,
    pub official: bool,
}

impl From<&CurrentUser> for Viewer {
    fn from(u: &CurrentUser) -> Viewer {
        Viewer {
            id: u.id,
            official: u.has_role(Role::Official),
        }
    }
}

impl From<Viewer> for Who {
    fn from(v: Viewer) -> Who {
        Who {
            id: v.id,
            roles: if v.official {
                vec![Role::Official]
            } else {
                Vec::new()
            },
            // Seeing needs no verified address.
            verified: false,
        }
    }
}

/// The actor of the registry's policy: `who` and the groups they belong to (one
/// query), or `None` when nobody is signed in.
pub fn actor(conn: &mut AnyConnection, who: Option<Who>) -> Result<Option<Actor>, AppError> {
    who.map(|who| {
        Ok(Actor {
            groups: accounts::groups_of(conn, who.id)?,
            who,
        })
    })
    .transpose()
}

impl Actor {
    /// The actor of a registry-wide action (proposing, reviewing), whose rules do not
    /// read groups, so none are loaded.
    pub fn on_registry(u: &CurrentUser) -> Actor {
        Actor {
            who: u.who(),
            groups: Vec::new(),
        }
    }
}

/// Whether a signed-in person may do a registry-wide `action` (propose, review).
pub fn may_on_registry(u: &CurrentUser, action: Action) -> Result<(), Denied> {
    policy::may(Some(&Actor::on_registry(u)), &Object::Registry, action)
}

/// The groups a person may propose for: theirs, (id, name).
pub async fn groups_of(state: &Ports, actor: &CurrentUser) -> Result<Vec<(i64, String)>, AppError> {
    let uid = actor.id;
    state
        .db
        .run(move |conn| accounts::group_names_of(conn, uid))
        .await
}

/// Whether `actor` may see a commons: a public one everyone; a proposed or declined one
/// only its proposer, its group's members and officials (the registry's policy).
pub fn visible_to(c: &Commons, actor: Option<&Actor>) -> bool {
    policy::allowed(actor, &c.as_object(), Action::See)
}

/// The names of the commons among `ids` that `viewer` may see, in the order asked
/// (unknown and hidden ones are left out; at most `limit` are looked at).
pub fn visible_names(
    conn: &mut AnyConnection,
    ids: &[i64],
    viewer: Option<Viewer>,
    limit: usize,
) -> Result<Vec<(i64, String)>, AppError> {
    let actor = actor(conn, viewer.map(Who::from))?;
    let mut out = Vec::new();
    for id in ids.iter().take(limit) {
        match load(conn, *id) {
            Ok(c) if visible_to(&c, actor.as_ref()) => out.push((c.id, c.name)),
            Ok(_) | Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn event(
    conn: &mut AnyConnection,
    commons_id: i64,
    kind: &str,
    actor: Option<i64>,
    group: Option<i64>,
    reasons: Option<&str>,
    ledger_index: Option<i64>,
) -> Result<(), AppError> {
    diesel::insert_into(commons_events::table)
        .values((
            commons_events::commons_id.eq(commons_id),
            commons_events::kind.eq(kind),
            commons_events::actor_id.eq(actor),
            commons_events::group_id.eq(group),
            commons_events::reasons.eq(reasons),
            commons_events::ledger_index.eq(ledger_index),
            commons_events::at.eq(crate::util::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Inserts a validated commons as `proposed` by `proposer` (and its group), with its
/// district, provisioning systems, history line and search update. No checks.
pub fn insert_unchecked(
    conn: &mut AnyConnection,
    proposer: i64,
    c: &NewCommons,
) -> Result<i64, AppError> {
    let district = districts::locate(conn, c.location.lon, c.location.lat)?;
    let t = crate::util::now();
    let id: i64 = diesel::insert_into(commons::table)
        .values((
            (
                commons::name.eq(&c.name),
                commons::description.eq(&c.description),
                commons::kind.eq(c.kind.code()),
                commons::category.eq(c.category.code()),
                commons::owner.eq(c.owner.code()),
                commons::address.eq(&c.address),
                commons::why.eq(&c.why),
                commons::rules.eq(&c.rules),
                commons::licence.eq(&c.licence),
                commons::lat.eq(c.location.lat),
                commons::lng.eq(c.location.lon),
            ),
            (
                commons::site.eq(c.site.as_deref()),
                commons::district_id.eq(district.map(|d| d.id)),
                commons::status.eq(Status::Proposed.code()),
                commons::listed.eq(false),
                commons::proposer_id.eq(proposer),
                commons::group_id.eq(c.group),
                commons::created_at.eq(t),
                commons::updated_at.eq(t),
            ),
        ))
        .returning(commons::id)
        .get_result(conn)?;
    for p in &c.provisioning {
        diesel::insert_into(commons_provisioning::table)
            .values((
                commons_provisioning::commons_id.eq(id),
                commons_provisioning::provisioning.eq(p.code()),
            ))
            .execute(conn)?;
    }
    event(conn, id, "proposed", Some(proposer), c.group, None, None)?;
    search_sync::enqueue(conn, id)?;
    Ok(id)
}

/// A verified citizen proposes a commons, as themself or for one of their groups.
pub async fn propose(state: &Ports, actor: &CurrentUser, new: NewCommons) -> Result<i64, Refusal> {
    may_on_registry(actor, Action::Propose)?;
    state
        .limiter
        .hit(&format!("commons-propose:{}", actor.id), PROPOSALS_PER_HOUR)
        .map_err(|r| AppError::TooManyRequests {
            retry_after_secs: r.0,
        })?;
    let uid = actor.id;
    state
        .db
        .transaction(move |conn| {
            if let Some(g) = new.group
                && !accounts::is_group_member(conn, g, uid)?
            {
                return Ok(Err(Refusal::field("group", "field-commons-group-invalid")));
            }
            Ok(Ok(insert_unchecked(conn, uid, &new)?))
        })
        .await?
}

/// What an official decides about a commons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Recognise,
    Decline,
    MarkDormant,
    Revive,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "recognise" => Some(Decision::Recognise),
            "decline" => Some(Decision::Decline),
            "dormant" => Some(Decision::MarkDormant),
            "revive" => Some(Decision::Revive),
            _ => None,
        }
    }

    fn transition(self) -> Transition {
        match self {
            Decision::Recognise => Transition::Recognise,
            Decision::Decline => Transition::Decline,
            Decision::MarkDormant => Transition::MarkDormant,
            Decision::Revive => Transition::Revive,
        }
    }

    fn event_kind(self) -> &'static str {
        match self {
            Decision::Recognise => "recognised",
            Decision::Decline => "declined",
            Decision::MarkDormant => "dormant",
            Decision::Revive => "revived",
        }
    }
}

/// Applies an official's decision in one transaction. Recognition, dormancy and
/// revival are appended to the civic ledger with pseudonymous ids only.
pub fn decide_unchecked(
    conn: &mut AnyConnection,
    official: i64,
    id: i64,
    decision: Decision,
    reasons: &str,
) -> Result<Result<Status, Refusal>, AppError> {
    let c = load(conn, id)?;
    let to = match c.status.apply(decision.transition(), reasons) {
        Ok(s) => s,
        Err(TransitionError::ReasonsRequired) => {
            return Ok(Err(Refusal::field("reasons", "field-reasons-required")));
        }
        Err(TransitionError::NotAllowed { .. }) => {
            return Err(AppError::Conflict("error-commons-transition"));
        }
    };
    let t = crate::util::now();
    let reasons = reasons.trim();
    let reasons = (!reasons.is_empty()).then_some(reasons);
    // Optimistic: only the status read above may change, so two officials deciding
    // at once cannot both win.
    let changed = diesel::update(
        commons::table
            .filter(commons::id.eq(id))
            .filter(commons::status.eq(c.status.code())),
    )
    .set((
        commons::status.eq(to.code()),
        commons::listed.eq(to.is_public()),
        commons::status_reasons.eq(reasons),
        commons::updated_at.eq(t),
        commons::recognised_at.eq(if decision == Decision::Recognise {
            Some(t)
        } else {
            c.recognised_at
        }),
    ))
    .execute(conn)?;
    if changed != 1 {
        return Err(AppError::Conflict("error-commons-transition"));
    }
    let ledger_index = if decision == Decision::Decline {
        None
    } else {
        let pseudonym = |conn: &mut AnyConnection, uid: i64| -> Result<String, AppError> {
            Ok(users::table
                .find(uid)
                .select(users::pseudonym)
                .first(conn)?)
        };
        let mut entry =
            crate::ledger::entry::Entry::new(&format!("commons.{}", decision.event_kind()))
                .with("commons", id)
                .with("category", c.category.code())
                .with("by", pseudonym(conn, official)?)
                .with("proposer", pseudonym(conn, c.proposer_id)?);
        if let Some((g, _)) = c.group {
            entry = entry.with("group", g);
        }
        if let Some((slug, _)) = &c.district {
            entry = entry.with("district", slug.as_str());
        }
        Some(crate::ledger::kinds::append(conn, &entry)?)
    };
    event(
        conn,
        id,
        decision.event_kind(),
        Some(official),
        None,
        reasons,
        ledger_index,
    )?;
    search_sync::enqueue(conn, id)?;
    Ok(Ok(to))
}

/// An official recognises, declines, marks dormant or revives a commons.
pub async fn decide(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
    decision: Decision,
    reasons: String,
) -> Result<Status, Refusal> {
    may_on_registry(actor, Action::Review)?;
    let uid = actor.id;
    state
        .db
        .transaction(move |conn| decide_unchecked(conn, uid, id, decision, &reasons))
        .await?
}

/// A commons page as `viewer` may see it: public commons for everyone, proposed and
/// declined ones only for the people involved and officials (others get 404).
pub async fn show(
    state: &Ports,
    viewer: Option<CurrentUser>,
    id: i64,
) -> Result<CommonsPage, AppError> {
    state
        .db
        .run(move |conn| {
            let c = load(conn, id)?;
            let actor = actor(conn, viewer.as_ref().map(CurrentUser::who))?;
            if !visible_to(&c, actor.as_ref()) {
                return Err(AppError::NotFound);
            }
            let photos = photos(conn, id)?;
            let history = history(conn, id)?;
            let pacts = crate::pacts::api::public_pacts_of_commons(conn, id)?;
            Ok(CommonsPage {
                pacts,
                can_review: policy::allowed(actor.as_ref(), &Object::Registry, Action::Review),
                can_add_photo: policy::allowed(actor.as_ref(), &c.as_object(), Action::AddPhoto),
                commons: c,
                photos,
                history,
            })
        })
        .await
}

fn photos(conn: &mut AnyConnection, id: i64) -> Result<Vec<Photo>, AppError> {
    let rows: Vec<(i64, String, String, String)> = commons_photos::table
        .filter(commons_photos::commons_id.eq(id))
        .order(commons_photos::id.asc())
        .select((
            commons_photos::id,
            commons_photos::file_hash,
            commons_photos::file_type,
            commons_photos::alt_text,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, hash, file_type, alt_text)| Photo {
            id,
            hash,
            file_type,
            alt_text,
        })
        .collect())
}

fn history(conn: &mut AnyConnection, id: i64) -> Result<Vec<HistoryEvent>, AppError> {
    type Row = (
        String,
        Option<i64>,
        Option<i64>,
        Option<String>,
        Option<i64>,
        NaiveDateTime,
    );
    let rows: Vec<Row> = commons_events::table
        .filter(commons_events::commons_id.eq(id))
        .order(commons_events::id.asc())
        .select((
            commons_events::kind,
            commons_events::actor_id,
            commons_events::group_id,
            commons_events::reasons,
            commons_events::ledger_index,
            commons_events::at,
        ))
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for (kind, actor, group, reasons, ledger_index, at) in rows {
        let actor_name = match actor {
            Some(a) => Some(accounts::display_name(conn, a)?).filter(|n| !n.is_empty()),
            None => None,
        };
        let group_name = match group {
            Some(g) => groups::table
                .find(g)
                .select(groups::name)
                .first::<String>(conn)
                .optional()?,
            None => None,
        };
        out.push(HistoryEvent {
            kind,
            actor_name,
            group_name,
            reasons,
            ledger_index,
            at,
        });
    }
    Ok(out)
}

/// A photo as uploaded: the raw bytes and the alt text typed with it.
pub struct PhotoUpload {
    pub bytes: Vec<u8>,
    pub alt_text: String,
}

/// Adds a photo: checked by content (JPEG, PNG or WebP), size-limited, stripped of
/// location and camera metadata, stored once under its content hash.
pub async fn add_photo(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
    upload: PhotoUpload,
) -> Result<(), Refusal> {
    state
        .limiter
        .hit(&format!("commons-photo:{}", actor.id), PHOTOS_PER_HOUR)
        .map_err(|r| AppError::TooManyRequests {
            retry_after_secs: r.0,
        })?;
    let alt = upload.alt_text.trim().to_string();
    let mut errors = crate::web::forms::FormErrors::new();
    if alt.is_empty() {
        errors.add("alt_text", "field-photo-alt-required");
    } else if alt.chars().count() > 300 {
        errors.add("alt_text", "field-text-too-long");
    }
    let cleaned = match uploads::clean_photo(&upload.bytes) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.add("photo", e.key());
            None
        }
    };
    let (kind, bytes) = match cleaned {
        Some(c) if errors.is_empty() => c,
        _ => return Err(Refusal::Form(errors)),
    };
    let who = actor.who();
    let allowed = state
        .db
        .run(move |conn| {
            let c = load(conn, id)?;
            let actor = self::actor(conn, Some(who))?;
            if !visible_to(&c, actor.as_ref()) {
                return Err(AppError::NotFound);
            }
            let n: i64 = commons_photos::table
                .filter(commons_photos::commons_id.eq(id))
                .count()
                .get_result(conn)?;
            let may = policy::allowed(actor.as_ref(), &c.as_object(), Action::AddPhoto);
            Ok((may, n))
        })
        .await?;
    match allowed {
        (false, _) => return Err(AppError::Forbidden.into()),
        (true, n) if n >= MAX_PHOTOS => {
            return Err(Refusal::field("photo", "field-photo-too-many"));
        }
        _ => {}
    }
    let dir = state.config.data_dir.clone();
    let size = i64::try_from(bytes.len()).map_err(|_| AppError::internal("photo size"))?;
    let hash = actix_web::web::block(move || uploads::store(&dir, kind, &bytes))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|e| AppError::internal(format!("cannot store photo: {e}")))?;
    let uid = actor.id;
    state
        .db
        .transaction(move |conn| {
            diesel::insert_into(commons_photos::table)
                .values((
                    commons_photos::commons_id.eq(id),
                    commons_photos::file_hash.eq(&hash),
                    commons_photos::file_type.eq(kind.extension()),
                    commons_photos::byte_size.eq(size),
                    commons_photos::alt_text.eq(&alt),
                    commons_photos::uploaded_by.eq(Some(uid)),
                    commons_photos::created_at.eq(crate::util::now()),
                ))
                .execute(conn)?;
            event(conn, id, "photo_added", Some(uid), None, None, None)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// Whether a stored file is a photo of a public commons (files are served only then,
/// or to people involved with the commons).
pub async fn photo_visible(
    state: &Ports,
    viewer: Option<CurrentUser>,
    hash: String,
    kind: ImageType,
) -> Result<bool, AppError> {
    state
        .db
        .run(move |conn| {
            let ids: Vec<i64> = commons_photos::table
                .filter(commons_photos::file_hash.eq(&hash))
                .filter(commons_photos::file_type.eq(kind.extension()))
                .select(commons_photos::commons_id)
                .load(conn)?;
            let actor = actor(conn, viewer.as_ref().map(CurrentUser::who))?;
            for id in ids {
                let c = load(conn, id)?;
                if visible_to(&c, actor.as_ref()) {
                    return Ok(true);
                }
            }
            Ok(false)
        })
        .await
}
