//! The registry's use-cases, one file per group: propose, review (recognise, decline,
//! dormant, revive), show, photos. Each owns its transaction and asks
//! `commons::policy` whether its actor may act. This file holds what they share: the
//! commons' read model and loader, the policy's actor, and the history writer.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::api::{self as accounts, CurrentUser, Role, Who};
use crate::commons::model::{
    Category, CommonsInput, CommonsKind, Condition, Location, NewCommons, Owner, Provisioning,
    Status, Transition, TransitionError,
};
use crate::commons::policy::{self, Action, Actor, Denied, Facts, Object};
use crate::commons::{districts, search_sync};
use crate::db::AnyConnection;
use crate::db::schema::{
    commons, commons_events, commons_photos, commons_provisioning, districts as districts_t,
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
    /// The district's id, for its name in the reader's language.
    pub district_id: Option<i64>,
    pub status: Status,
    pub status_reasons: Option<String>,
    pub proposer_id: i64,
    pub proposer_name: String,
    pub group: Option<(i64, String)>,
    pub provisioning: Vec<Provisioning>,
    pub created_at: NaiveDateTime,
    pub recognised_at: Option<NaiveDateTime>,
    pub asset_code: String,
    pub condition: Condition,
    pub restrictions: String,
    /// The commons a duplicate was merged into.
    pub merged_into: Option<i64>,
    pub retired_at: Option<NaiveDateTime>,
    /// When the record last changed (the edit form's check that nobody changed it
    /// in between).
    pub updated_at: NaiveDateTime,
}

impl Commons {
    /// The editable fields as they stand (what an edit starts from and is compared
    /// with).
    pub fn fields(&self) -> NewCommons {
        NewCommons {
            name: self.name.clone(),
            description: self.description.clone(),
            kind: self.kind,
            category: self.category,
            provisioning: self.provisioning.clone(),
            location: self.location,
            site: self.site.clone(),
            address: self.address.clone(),
            owner: self.owner,
            why: self.why.clone(),
            rules: self.rules.clone(),
            licence: self.licence.clone(),
            group: self.group.as_ref().map(|g| g.0),
            asset_code: self.asset_code.clone(),
            condition: self.condition,
            restrictions: self.restrictions.clone(),
        }
    }

    /// The fields as the edit form shows them.
    pub fn input(&self) -> CommonsInput {
        let f = self.fields();
        CommonsInput {
            name: f.name,
            description: f.description,
            kind: f.kind.code().into(),
            category: f.category.code().into(),
            provisioning: f.provisioning.iter().map(|p| p.code().into()).collect(),
            lat: format!("{:.6}", f.location.lat),
            lng: format!("{:.6}", f.location.lon),
            site: f.site.unwrap_or_default(),
            address: f.address,
            owner: f.owner.code().into(),
            why: f.why,
            rules: f.rules,
            licence: f.licence,
            group: f.group.map(|g| g.to_string()).unwrap_or_default(),
            asset_code: f.asset_code,
            condition: f.condition.code().into(),
            restrictions: f.restrictions,
        }
    }

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
    /// What an edit changed, field by field (empty for other events).
    pub changes: Vec<FieldChange>,
}

/// One field an edit changed, as stored.
#[derive(Debug, Clone)]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

impl FieldChange {
    /// The translation key of the field's name.
    pub fn label_key(&self) -> String {
        format!("commons-field-{}", self.field.replace('_', "-"))
    }
}

impl HistoryEvent {
    /// How many fields an edit changed.
    pub fn changes_count(&self) -> i64 {
        i64::try_from(self.changes.len()).unwrap_or(i64::MAX)
    }

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
    pub uploader: Option<i64>,
    /// The thumbnails' hashes (JPEG), when they were made.
    pub small: Option<String>,
    pub medium: Option<String>,
    /// Why the city hid it (only the city sees hidden photos).
    pub hidden_reason: Option<String>,
    /// Whether the viewer may delete it.
    pub can_delete: bool,
}

impl Photo {
    /// The photo as uploaded (cleaned of its metadata).
    pub fn url(&self) -> String {
        format!("/files/{}.{}", self.hash, self.file_type)
    }

    /// The small thumbnail for lists, or the photo when there is none.
    pub fn small_url(&self) -> String {
        self.small
            .as_ref()
            .map(|h| format!("/files/{h}.jpg"))
            .unwrap_or_else(|| self.url())
    }

    /// The medium thumbnail for the page, or the photo when there is none.
    pub fn medium_url(&self) -> String {
        self.medium
            .as_ref()
            .map(|h| format!("/files/{h}.jpg"))
            .unwrap_or_else(|| self.url())
    }

    pub fn is_hidden(&self) -> bool {
        self.hidden_reason.is_some()
    }
}

/// One line of a commons' stewardship timeline: a line of its own history, or a
/// moment of one of its pacts or calls.
#[derive(Debug, Clone)]
pub struct TimelineItem {
    pub at: NaiveDateTime,
    pub event: Option<HistoryEvent>,
    pub moment: Option<crate::pacts::api::Moment>,
}

impl TimelineItem {
    /// The translation key of what happened.
    pub fn label_key(&self) -> String {
        match (&self.event, &self.moment) {
            (Some(e), _) => e.label_key(),
            (None, Some(m)) => format!("timeline-{}", m.kind.replace(['.', '_'], "-")),
            (None, None) => String::new(),
        }
    }

    /// The number a pact's moment gives, with its name in the message: a report's
    /// volunteer `hours`, the `count` of people who joined.
    pub fn number(&self) -> Option<(&'static str, i64)> {
        let m = self.moment.as_ref()?;
        m.hours
            .map(|h| ("hours", h))
            .or(m.people.map(|n| ("count", n)))
    }

    /// Whether the line is one of the commons' own history.
    pub fn is_event(&self) -> bool {
        self.event.is_some()
    }
}

/// The commons' history and its pacts' and calls' moments, in the order they
/// happened (the commons' own line first when two share a time).
pub fn timeline(
    history: &[HistoryEvent],
    moments: &[crate::pacts::api::Moment],
) -> Vec<TimelineItem> {
    let mut out: Vec<TimelineItem> = history
        .iter()
        .map(|e| TimelineItem {
            at: e.at,
            event: Some(e.clone()),
            moment: None,
        })
        .chain(moments.iter().map(|m| TimelineItem {
            at: m.at,
            event: None,
            moment: Some(m.clone()),
        }))
        .collect();
    // Stable: the history (already in order) keeps its place before moments at a tie.
    out.sort_by_key(|i| i.at);
    out
}

/// A commons page: the commons, its photos and history, and what the viewer may do.
#[derive(Debug, Clone)]
pub struct CommonsPage {
    pub commons: Commons,
    pub photos: Vec<Photo>,
    pub can_review: bool,
    pub can_add_photo: bool,
    pub can_edit: bool,
    /// The viewer is the city: hidden photos are listed, with what moderation needs.
    pub can_moderate: bool,
    /// The public pacts that cover it, newest first: (id, title, state).
    pub pacts: Vec<crate::pacts::api::PactSummary>,
    /// Its whole life in order: history, pacts, reports, adherents, calls.
    pub timeline: Vec<TimelineItem>,
    /// The volunteer hours its pacts' reports give, in all.
    pub volunteer_hours: i64,
    /// The texts in every language of the commons, its district and its pacts (one
    /// query).
    pub texts: crate::db::translations::Loaded,
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
    (
        String,
        String,
        String,
        Option<i64>,
        Option<NaiveDateTime>,
        NaiveDateTime,
    ),
);

fn bad(what: &str) -> AppError {
    AppError::internal(format!("unreadable stored commons field: {what}"))
}

/// Loads one commons (any status).
pub fn load(conn: &mut AnyConnection, id: i64) -> Result<Commons, AppError> {
    let (a, b, x): CommonsRowTuple = commons::table
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
            (
                commons::asset_code,
                commons::condition,
                commons::restrictions,
                commons::merged_into,
                commons::retired_at,
                commons::updated_at,
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
        Some(g) => accounts::group_names(conn, &[g])?.into_iter().next(),
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
        district_id: b.1,
        status: Status::parse(&b.2).ok_or_else(|| bad("status"))?,
        status_reasons: b.3,
        proposer_id: b.4,
        proposer_name,
        group,
        provisioning,
        created_at: b.6,
        recognised_at: b.7,
        asset_code: x.0,
        condition: Condition::parse(&x.1).ok_or_else(|| bad("condition"))?,
        restrictions: x.2,
        merged_into: x.3,
        retired_at: x.4,
        updated_at: x.5,
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
    let asked: Vec<i64> = ids.iter().take(limit).copied().collect();
    // Two queries (the commons, the viewer's groups) however many are asked.
    let rows: Vec<(i64, String, String, i64, Option<i64>)> = commons::table
        .filter(commons::id.eq_any(&asked))
        .select((
            commons::id,
            commons::name,
            commons::status,
            commons::proposer_id,
            commons::group_id,
        ))
        .load(conn)?;
    let actor = actor(conn, viewer.map(Who::from))?;
    let mut out = Vec::new();
    for id in asked {
        let Some((_, name, status, proposer, group)) = rows.iter().find(|r| r.0 == id) else {
            continue;
        };
        let facts = Facts {
            status: Status::parse(status).ok_or_else(|| bad("status"))?,
            proposer: *proposer,
            group: *group,
        };
        if policy::allowed(actor.as_ref(), &Object::Commons(facts), Action::See) {
            out.push((id, name.clone()));
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
) -> Result<i64, AppError> {
    Ok(diesel::insert_into(commons_events::table)
        .values((
            commons_events::commons_id.eq(commons_id),
            commons_events::kind.eq(kind),
            commons_events::actor_id.eq(actor),
            commons_events::group_id.eq(group),
            commons_events::reasons.eq(reasons),
            commons_events::ledger_index.eq(ledger_index),
            commons_events::at.eq(crate::util::now()),
        ))
        .returning(commons_events::id)
        .get_result(conn)?)
}

mod photos;
mod propose;
mod review;
mod show;
mod translations;
mod upkeep;

pub use photos::*;
pub use propose::*;
pub use review::*;
pub use show::*;
pub use translations::*;
pub use upkeep::*;
