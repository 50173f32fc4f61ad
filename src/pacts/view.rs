//! Read models: the pact page, the lists (public, mine, the officials' queue), and the
//! open data built from them. Read-only.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::deadlines;
use super::procedure::{self, Intensity, PactState, PactType, Transition};
use super::service::Evaluation;
use super::store::{self, Env, Pact, Standing, Version, Who};
use super::text::{self, Comparison};
use crate::db::AnyConnection;
use crate::db::schema::{
    districts, groups, offices, pact_adherents, pact_attachments, pact_commons, pact_events,
    pact_meetings, pact_observations, pact_opinions, pact_reports, pact_signatures, pact_support,
    pact_versions, pacts, users,
};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct EventLine {
    pub id: i64,
    pub kind: String,
    pub to_state: Option<PactState>,
    pub actor_name: String,
    pub role: String,
    pub reasons: Option<String>,
    pub version: Option<i64>,
    pub ledger_index: Option<i64>,
    pub at: NaiveDateTime,
    /// The files sent with this step: (name, URL).
    pub files: Vec<(String, String)>,
}

impl EventLine {
    pub fn label_key(&self) -> String {
        format!("pact-event-{}", self.kind.replace('_', "-"))
    }
    pub fn role_key(&self) -> String {
        format!("pact-role-{}", self.role)
    }
}

#[derive(Debug, Clone)]
pub struct Observation {
    pub id: i64,
    pub author_name: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub reply: Option<String>,
    pub taken_into_account: bool,
    pub replied_by: String,
    pub replied_at: Option<NaiveDateTime>,
}

impl Observation {
    pub fn answered(&self) -> bool {
        self.reply.is_some() || self.taken_into_account
    }
}

#[derive(Debug, Clone)]
pub struct OpinionLine {
    pub office_id: i64,
    pub office_name: String,
    pub opinion: Option<procedure::Opinion>,
    pub body: String,
    pub given_by: String,
    pub given_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub held_at: NaiveDateTime,
    pub place: String,
    pub minutes: String,
}

#[derive(Debug, Clone)]
pub struct Signature {
    pub version: i64,
    pub party: String,
    pub name: String,
    pub group_name: Option<String>,
    pub sha: String,
    pub signed_at: NaiveDateTime,
}

impl Signature {
    pub fn party_key(&self) -> String {
        format!("pact-party-{}", self.party)
    }
}

/// A party still to sign the frozen text (shown as "waiting for").
#[derive(Debug, Clone)]
pub struct PendingParty {
    pub party: &'static str,
    pub name: String,
}

impl PendingParty {
    pub fn party_key(&self) -> String {
        format!("pact-party-{}", self.party)
    }
}

#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: i64,
    pub url: String,
    pub name: String,
    pub file_type: String,
    pub byte_size: i64,
    pub report_id: Option<i64>,
    /// The step of the procedure the file was sent with, once that step is taken.
    pub event_id: Option<i64>,
    pub state: String,
    pub uploaded_by: String,
    pub created_at: NaiveDateTime,
}

impl Attachment {
    pub fn is_photo(&self) -> bool {
        self.file_type != "pdf"
    }
    pub fn state_key(&self) -> String {
        PactState::parse(&self.state)
            .map(|s| s.label_key())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone)]
pub struct Report {
    pub id: i64,
    pub due_on: Option<NaiveDate>,
    pub objectives: String,
    pub actions: String,
    pub results: String,
    pub resources: String,
    pub volunteer_hours: i64,
    pub author: String,
    pub submitted_at: NaiveDateTime,
    pub evaluation: Option<Evaluation>,
    pub evaluation_body: String,
    pub evaluated_at: Option<NaiveDateTime>,
    pub ledger_index: Option<i64>,
    pub photos: Vec<Attachment>,
}

/// A version in the list of versions.
#[derive(Debug, Clone)]
pub struct VersionLine {
    pub number: i64,
    pub note: String,
    pub author: String,
    pub sha: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Everything the pact page shows, and what the viewer may do there.
#[derive(Debug, Clone)]
pub struct PactPage {
    pub pact: Pact,
    pub current: Version,
    /// The signed version, when another version is current (an amendment under way).
    pub signed: Option<Version>,
    pub versions: Vec<VersionLine>,
    pub commons: Vec<(i64, String)>,
    pub proposer_name: String,
    pub group: Option<(i64, String)>,
    pub cosigners: Vec<String>,
    pub office: Option<(i64, String)>,
    pub district: Option<String>,
    pub events: Vec<EventLine>,
    pub observations: Vec<Observation>,
    pub opinions: Vec<OpinionLine>,
    pub meetings: Vec<Meeting>,
    pub signatures: Vec<Signature>,
    pub pending: Vec<PendingParty>,
    pub adherents: i64,
    pub joined: bool,
    pub reports: Vec<Report>,
    pub attachments: Vec<Attachment>,
    pub standing: Standing,
    /// Transitions the viewer may fire from the page.
    pub actions: Vec<Transition>,
    /// Parties the viewer may sign for now.
    pub can_sign_as: Vec<&'static str>,
    pub all_offices: Vec<(i64, String)>,
    pub due: Option<NaiveDateTime>,
    pub overdue: bool,
    pub days_in_state: i64,
}

impl PactPage {
    pub fn state(&self) -> PactState {
        self.pact.state
    }
}

fn name_of(conn: &mut AnyConnection, uid: Option<i64>) -> Result<String, AppError> {
    match uid {
        Some(u) => store::display_name(conn, u),
        None => Ok(String::new()),
    }
}

/// Whether a viewer may see a pact: everyone once submitted; drafts only the
/// proposing side.
pub fn visible(p: &Pact, st: &Standing) -> bool {
    p.state.is_public() || st.member || st.cosigner
}

fn attachments(conn: &mut AnyConnection, pact: i64) -> Result<Vec<Attachment>, AppError> {
    type Row = (
        i64,
        String,
        String,
        String,
        i64,
        Option<i64>,
        Option<i64>,
        String,
        Option<i64>,
        NaiveDateTime,
    );
    let rows: Vec<Row> = pact_attachments::table
        .filter(pact_attachments::pact_id.eq(pact))
        .order(pact_attachments::id.asc())
        .select((
            pact_attachments::id,
            pact_attachments::file_hash,
            pact_attachments::file_type,
            pact_attachments::file_name,
            pact_attachments::byte_size,
            pact_attachments::report_id,
            pact_attachments::event_id,
            pact_attachments::state,
            pact_attachments::uploaded_by,
            pact_attachments::created_at,
        ))
        .load(conn)?;
    let mut out = Vec::new();
    for (id, hash, file_type, name, byte_size, report_id, event_id, state, by, created_at) in rows {
        out.push(Attachment {
            id,
            url: format!("/pacts/{pact}/files/{hash}.{file_type}"),
            name,
            file_type,
            byte_size,
            report_id,
            event_id,
            state,
            uploaded_by: name_of(conn, by)?,
            created_at,
        });
    }
    Ok(out)
}

/// The pact page as `viewer` may see it (404 for a draft of someone else).
pub fn page(
    conn: &mut AnyConnection,
    env: &Env,
    viewer: Option<&Who>,
    id: i64,
) -> Result<PactPage, AppError> {
    let p = store::load(conn, id)?;
    let st = store::standing(conn, &p, viewer)?;
    if !visible(&p, &st) {
        return Err(AppError::NotFound);
    }
    let current = store::version(conn, id, p.version)?;
    let signed = match p.signed_version {
        Some(v) if v != p.version => Some(store::version(conn, id, v)?),
        _ => None,
    };
    type VersionRow = (i64, String, Option<i64>, Option<String>, NaiveDateTime);
    let vrows: Vec<VersionRow> = pact_versions::table
        .filter(pact_versions::pact_id.eq(id))
        .order(pact_versions::number.asc())
        .select((
            pact_versions::number,
            pact_versions::change_note,
            pact_versions::author_id,
            pact_versions::text_sha256,
            pact_versions::created_at,
        ))
        .load(conn)?;
    let mut versions = Vec::new();
    for (number, note, author, sha, created_at) in vrows {
        versions.push(VersionLine {
            number,
            note,
            author: name_of(conn, author)?,
            sha,
            created_at,
        });
    }
    let group = match p.group_id {
        Some(g) => groups::table
            .find(g)
            .select((groups::id, groups::name))
            .first::<(i64, String)>(conn)
            .optional()?,
        None => None,
    };
    let mut cosigners = Vec::new();
    for c in store::cosigners(conn, id)? {
        cosigners.push(store::display_name(conn, c)?);
    }
    let office = match p.office_id {
        Some(o) => offices::table
            .find(o)
            .select((offices::id, offices::name))
            .first::<(i64, String)>(conn)
            .optional()?,
        None => None,
    };
    let district = match p.district_id {
        Some(d) => districts::table
            .find(d)
            .select(districts::name)
            .first::<String>(conn)
            .optional()?,
        None => None,
    };
    type EvRow = (
        i64,
        String,
        Option<String>,
        Option<i64>,
        String,
        Option<String>,
        Option<i64>,
        Option<i64>,
        NaiveDateTime,
    );
    let erows: Vec<EvRow> = pact_events::table
        .filter(pact_events::pact_id.eq(id))
        .order(pact_events::id.asc())
        .select((
            pact_events::id,
            pact_events::kind,
            pact_events::to_state,
            pact_events::actor_id,
            pact_events::actor_role,
            pact_events::reasons,
            pact_events::version,
            pact_events::ledger_index,
            pact_events::at,
        ))
        .load(conn)?;
    let mut events = Vec::new();
    for (eid, kind, to, actor, role, reasons, version, ledger_index, at) in erows {
        events.push(EventLine {
            id: eid,
            kind,
            to_state: to.as_deref().and_then(PactState::parse),
            actor_name: name_of(conn, actor)?,
            role,
            reasons,
            version,
            ledger_index,
            at,
            files: Vec::new(),
        });
    }
    type ObsRow = (
        i64,
        i64,
        String,
        NaiveDateTime,
        Option<String>,
        bool,
        Option<i64>,
        Option<NaiveDateTime>,
    );
    let orows: Vec<ObsRow> = pact_observations::table
        .filter(pact_observations::pact_id.eq(id))
        .order(pact_observations::id.asc())
        .select((
            pact_observations::id,
            pact_observations::author_id,
            pact_observations::body,
            pact_observations::created_at,
            pact_observations::reply,
            pact_observations::taken_into_account,
            pact_observations::replied_by,
            pact_observations::replied_at,
        ))
        .load(conn)?;
    let mut observations = Vec::new();
    for (oid, author, body, created_at, reply, taken, by, at) in orows {
        observations.push(Observation {
            id: oid,
            author_name: store::display_name(conn, author)?,
            body,
            created_at,
            reply,
            taken_into_account: taken,
            replied_by: name_of(conn, by)?,
            replied_at: at,
        });
    }
    type OpRow = (
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<NaiveDateTime>,
    );
    let oprows: Vec<OpRow> = pact_opinions::table
        .inner_join(offices::table)
        .filter(pact_opinions::pact_id.eq(id))
        .order(offices::name.asc())
        .select((
            offices::id,
            offices::name,
            pact_opinions::opinion,
            pact_opinions::body,
            pact_opinions::given_by,
            pact_opinions::given_at,
        ))
        .load(conn)?;
    let mut opinions = Vec::new();
    for (office_id, office_name, opinion, body, by, at) in oprows {
        opinions.push(OpinionLine {
            office_id,
            office_name,
            opinion: opinion.as_deref().and_then(procedure::Opinion::parse),
            body: body.unwrap_or_default(),
            given_by: name_of(conn, by)?,
            given_at: at,
        });
    }
    let meetings = pact_meetings::table
        .filter(pact_meetings::pact_id.eq(id))
        .order(pact_meetings::held_at.asc())
        .select((
            pact_meetings::held_at,
            pact_meetings::place,
            pact_meetings::minutes,
        ))
        .load::<(NaiveDateTime, String, String)>(conn)?
        .into_iter()
        .map(|(held_at, place, minutes)| Meeting {
            held_at,
            place,
            minutes,
        })
        .collect();
    let srows: Vec<(i64, String, i64, Option<i64>, String, NaiveDateTime)> = pact_signatures::table
        .filter(pact_signatures::pact_id.eq(id))
        .order(pact_signatures::id.asc())
        .select((
            pact_signatures::version,
            pact_signatures::party,
            pact_signatures::user_id,
            pact_signatures::group_id,
            pact_signatures::text_sha256,
            pact_signatures::signed_at,
        ))
        .load(conn)?;
    let mut signatures = Vec::new();
    for (version, party, uid, gid, sha, signed_at) in srows {
        let group_name = match gid {
            Some(g) => groups::table
                .find(g)
                .select(groups::name)
                .first::<String>(conn)
                .optional()?,
            None => None,
        };
        signatures.push(Signature {
            version,
            party,
            name: store::display_name(conn, uid)?,
            group_name,
            sha,
            signed_at,
        });
    }
    // Who still has to sign the frozen text, and for what the viewer may sign.
    let mut pending = Vec::new();
    let mut can_sign_as = Vec::new();
    if p.state == PactState::AwaitingSignatures {
        let signed_rows: Vec<(String, i64)> = pact_signatures::table
            .filter(pact_signatures::pact_id.eq(id))
            .filter(pact_signatures::version.eq(p.version))
            .select((pact_signatures::party, pact_signatures::user_id))
            .load(conn)?;
        for (party, uid, _) in store::signing_parties(conn, &p)? {
            let signed_it = signed_rows.iter().any(|(s, u)| s == party && *u == uid);
            if !signed_it {
                pending.push(PendingParty {
                    party,
                    name: store::display_name(conn, uid)?,
                });
                if viewer.is_some_and(|w| w.id == uid) && !can_sign_as.contains(&party) {
                    can_sign_as.push(party);
                }
            }
        }
        let city_signed = signatures
            .iter()
            .any(|s| s.version == p.version && s.party == "city");
        if !city_signed {
            pending.push(PendingParty {
                party: "city",
                name: String::new(),
            });
            if st.signatory {
                can_sign_as.push("city");
            }
        }
    }
    let adherents: i64 = pact_adherents::table
        .filter(pact_adherents::pact_id.eq(id))
        .count()
        .get_result(conn)?;
    let joined = match viewer {
        Some(w) => {
            pact_adherents::table
                .filter(pact_adherents::pact_id.eq(id))
                .filter(pact_adherents::user_id.eq(w.id))
                .count()
                .get_result::<i64>(conn)?
                > 0
        }
        None => false,
    };
    let atts = attachments(conn, id)?;
    for a in &atts {
        if let Some(e) = events.iter_mut().find(|e| Some(e.id) == a.event_id) {
            e.files.push((a.name.clone(), a.url.clone()));
        }
    }
    type RepRow = (
        (i64, Option<NaiveDate>, String, String, String, String, i64),
        (
            Option<i64>,
            NaiveDateTime,
            Option<String>,
            Option<String>,
            Option<NaiveDateTime>,
            Option<i64>,
        ),
    );
    let rrows: Vec<RepRow> = pact_reports::table
        .filter(pact_reports::pact_id.eq(id))
        .order(pact_reports::id.asc())
        .select((
            (
                pact_reports::id,
                pact_reports::due_on,
                pact_reports::objectives,
                pact_reports::actions,
                pact_reports::results,
                pact_reports::resources,
                pact_reports::volunteer_hours,
            ),
            (
                pact_reports::author_id,
                pact_reports::submitted_at,
                pact_reports::evaluation,
                pact_reports::evaluation_body,
                pact_reports::evaluated_at,
                pact_reports::ledger_index,
            ),
        ))
        .load(conn)?;
    let mut reports = Vec::new();
    for (a, b) in rrows {
        reports.push(Report {
            id: a.0,
            due_on: a.1,
            objectives: a.2,
            actions: a.3,
            results: a.4,
            resources: a.5,
            volunteer_hours: a.6,
            author: name_of(conn, b.0)?,
            submitted_at: b.1,
            evaluation: b.2.as_deref().and_then(Evaluation::parse),
            evaluation_body: b.3.unwrap_or_default(),
            evaluated_at: b.4,
            ledger_index: b.5,
            photos: atts
                .iter()
                .filter(|x| x.report_id == Some(a.0))
                .cloned()
                .collect(),
        });
    }
    let actions = Transition::ALL
        .iter()
        .copied()
        .filter(|t| {
            t.target(p.state).is_some()
                && !matches!(
                    t,
                    Transition::CompleteSignatures
                        | Transition::OpenReport
                        | Transition::CloseReport
                )
                && st.actor_for(*t) != procedure::Actor::Other
        })
        .collect();
    let all_offices = offices::table
        .order(offices::name.asc())
        .select((offices::id, offices::name))
        .load(conn)?;
    Ok(PactPage {
        due: p.due_at,
        overdue: deadlines::is_overdue(p.due_at, env.now),
        days_in_state: deadlines::days_in_state(p.state_since, env.now),
        proposer_name: store::display_name(conn, p.proposer_id)?,
        commons: commons_named_for(conn, id, viewer)?,
        pact: p,
        current,
        signed,
        versions,
        group,
        cosigners,
        office,
        district,
        events,
        observations,
        opinions,
        meetings,
        signatures,
        pending,
        adherents,
        joined,
        reports,
        attachments: atts.into_iter().filter(|a| a.report_id.is_none()).collect(),
        standing: st,
        actions,
        can_sign_as,
        all_offices,
    })
}

/// The commons of a pact, named only where the viewer may see the commons (else the
/// name is empty and the page shows the id alone).
fn commons_named_for(
    conn: &mut AnyConnection,
    pact: i64,
    viewer: Option<&Who>,
) -> Result<Vec<(i64, String)>, AppError> {
    let viewer = viewer.map(|w| crate::commons::api::Viewer {
        id: w.id,
        official: w.has(crate::kit::roles::Role::Official),
    });
    let all = store::commons_of(conn, pact)?;
    let ids: Vec<i64> = all.iter().map(|c| c.0).collect();
    let visible = crate::commons::api::visible_names(conn, &ids, viewer, ids.len())?;
    Ok(all
        .into_iter()
        .map(|(id, name)| {
            let shown = visible.iter().any(|v| v.0 == id);
            (id, if shown { name } else { String::new() })
        })
        .collect())
}

/// The clause-by-clause changes from version `from` to version `to` (bounded: see
/// [`text::changes`]).
pub fn compare(
    conn: &mut AnyConnection,
    id: i64,
    from: i64,
    to: i64,
) -> Result<Comparison, AppError> {
    let a = store::version(conn, id, from)?;
    let b = store::version(conn, id, to)?;
    Ok(text::changes(&a.text, &b.text))
}

/// A row of the lists, the queue and the open data.
#[derive(Debug, Clone)]
pub struct ListItem {
    pub id: i64,
    pub title: String,
    pub kind: PactType,
    pub intensity: Intensity,
    pub state: PactState,
    pub proposer_name: String,
    pub group_name: Option<String>,
    pub district_name: Option<String>,
    pub office_id: Option<i64>,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub submitted_at: Option<NaiveDateTime>,
    pub signed_at: Option<NaiveDateTime>,
    pub end_date: Option<NaiveDate>,
    pub signed_sha256: Option<String>,
    pub signed_ledger_index: Option<i64>,
    pub due_at: Option<NaiveDateTime>,
    pub state_since: NaiveDateTime,
}

impl ListItem {
    pub fn state_key(&self) -> String {
        self.state.label_key()
    }
    pub fn kind_key(&self) -> String {
        self.kind.label_key()
    }
}

/// The list filters (from a query string).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub state: Option<PactState>,
    pub kind: Option<PactType>,
    pub district: Option<String>,
    pub office: Option<i64>,
    pub commons: Option<i64>,
}

impl Filters {
    pub fn from_form(f: &crate::web::forms::FormData) -> Result<Filters, &'static str> {
        let opt = |s: &str| Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string);
        let state = match opt(f.get("state")) {
            Some(s) => Some(
                PactState::parse(&s)
                    .filter(|s| s.is_public())
                    .ok_or("error-bad-filter")?,
            ),
            None => None,
        };
        let kind = match opt(f.get("type")) {
            Some(s) => Some(PactType::parse(&s).ok_or("error-bad-filter")?),
            None => None,
        };
        let num = |s: Option<String>| -> Result<Option<i64>, &'static str> {
            s.map(|v| v.parse::<i64>().map_err(|_| "error-bad-filter"))
                .transpose()
        };
        Ok(Filters {
            state,
            kind,
            district: opt(f.get("district")),
            office: num(opt(f.get("office")))?,
            commons: num(opt(f.get("commons")))?,
        })
    }

    pub fn query(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        if let Some(s) = self.state {
            q.append_pair("state", s.code());
        }
        if let Some(k) = self.kind {
            q.append_pair("type", k.code());
        }
        if let Some(d) = &self.district {
            q.append_pair("district", d);
        }
        if let Some(o) = self.office {
            q.append_pair("office", &o.to_string());
        }
        if let Some(c) = self.commons {
            q.append_pair("commons", &c.to_string());
        }
        q.finish()
    }
}

type ItemRow = (
    (
        i64,
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        String,
    ),
    (
        Option<f64>,
        Option<f64>,
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        Option<NaiveDate>,
        Option<String>,
        Option<i64>,
        Option<NaiveDateTime>,
        NaiveDateTime,
    ),
);

macro_rules! item_columns {
    () => {
        (
            (
                pacts::id,
                pacts::title,
                pacts::kind,
                pacts::intensity,
                pacts::state,
                pacts::proposer_id,
                pacts::group_id,
                pacts::district_id,
                pacts::office_id,
                pacts::address,
            ),
            (
                pacts::lat,
                pacts::lng,
                pacts::submitted_at,
                pacts::signed_at,
                pacts::end_date,
                pacts::signed_sha256,
                pacts::signed_ledger_index,
                pacts::due_at,
                pacts::state_since,
            ),
        )
    };
}

/// Turns rows into items with names, looking each name up once.
fn items(conn: &mut AnyConnection, rows: Vec<ItemRow>) -> Result<Vec<ListItem>, AppError> {
    let mut user_ids: Vec<i64> = rows.iter().map(|r| r.0.5).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let names: Vec<(i64, String, Option<NaiveDateTime>)> = users::table
        .filter(users::id.eq_any(&user_ids))
        .select((users::id, users::display_name, users::deleted_at))
        .load(conn)?;
    let mut group_ids: Vec<i64> = rows.iter().filter_map(|r| r.0.6).collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    let group_names: Vec<(i64, String)> = groups::table
        .filter(groups::id.eq_any(&group_ids))
        .select((groups::id, groups::name))
        .load(conn)?;
    let district_names: Vec<(i64, String)> = districts::table
        .select((districts::id, districts::name))
        .load(conn)?;
    rows.into_iter()
        .map(|(a, b)| {
            Ok(ListItem {
                id: a.0,
                title: a.1,
                kind: PactType::parse(&a.2).ok_or_else(|| AppError::internal("pact kind"))?,
                intensity: Intensity::parse(&a.3)
                    .ok_or_else(|| AppError::internal("pact intensity"))?,
                state: PactState::parse(&a.4).ok_or_else(|| AppError::internal("pact state"))?,
                proposer_name: names
                    .iter()
                    .find(|n| n.0 == a.5 && n.2.is_none())
                    .map(|n| n.1.clone())
                    .unwrap_or_default(),
                group_name: a
                    .6
                    .and_then(|g| group_names.iter().find(|x| x.0 == g).map(|x| x.1.clone())),
                district_name: a.7.and_then(|d| {
                    district_names
                        .iter()
                        .find(|x| x.0 == d)
                        .map(|x| x.1.clone())
                }),
                office_id: a.8,
                address: a.9,
                lat: b.0,
                lng: b.1,
                submitted_at: b.2,
                signed_at: b.3,
                end_date: b.4,
                signed_sha256: b.5,
                signed_ledger_index: b.6,
                due_at: b.7,
                state_since: b.8,
            })
        })
        .collect()
}

/// Public pacts, newest first, one keyset page (`after` an id); the next cursor.
pub fn list(
    conn: &mut AnyConnection,
    f: &Filters,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<ListItem>, Option<i64>), AppError> {
    let mut q = pacts::table
        .filter(pacts::listed.eq(true))
        .select(item_columns!())
        .into_boxed();
    if let Some(s) = f.state {
        q = q.filter(pacts::state.eq(s.code()));
    }
    if let Some(k) = f.kind {
        q = q.filter(pacts::kind.eq(k.code()));
    }
    if let Some(d) = &f.district {
        let did: Option<i64> = districts::table
            .filter(districts::slug.eq(d))
            .select(districts::id)
            .first(conn)
            .optional()?;
        q = q.filter(pacts::district_id.eq(did.unwrap_or(-1)));
    }
    if let Some(o) = f.office {
        q = q.filter(pacts::office_id.eq(o));
    }
    if let Some(c) = f.commons {
        q = q.filter(
            pacts::id.eq_any(
                pact_commons::table
                    .filter(pact_commons::commons_id.eq(c))
                    .select(pact_commons::pact_id),
            ),
        );
    }
    if let Some(a) = after {
        q = q.filter(pacts::id.lt(a));
    }
    let mut rows: Vec<ItemRow> = q.order(pacts::id.desc()).limit(limit + 1).load(conn)?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        rows.last().map(|r| r.0.0)
    } else {
        None
    };
    Ok((items(conn, rows)?, next))
}

/// Every public pact, oldest first (open data).
pub fn all_public(conn: &mut AnyConnection, f: &Filters) -> Result<Vec<ListItem>, AppError> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let (mut page, next) = list(conn, f, after, 1000)?;
        out.append(&mut page);
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    out.reverse();
    Ok(out)
}

/// The pacts a person takes part in (proposer, group member, co-signer), newest first.
pub fn mine(conn: &mut AnyConnection, who: &Who) -> Result<Vec<ListItem>, AppError> {
    use crate::db::schema::{group_members, pact_cosigners};
    let rows: Vec<ItemRow> = pacts::table
        .filter(
            pacts::proposer_id
                .eq(who.id)
                .or(pacts::group_id.nullable().eq_any(
                    group_members::table
                        .filter(group_members::user_id.eq(who.id))
                        .select(group_members::group_id.nullable()),
                ))
                .or(pacts::id.eq_any(
                    pact_cosigners::table
                        .filter(pact_cosigners::user_id.eq(who.id))
                        .select(pact_cosigners::pact_id),
                )),
        )
        .order(pacts::id.desc())
        .limit(500)
        .select(item_columns!())
        .load(conn)?;
    items(conn, rows)
}

/// The states on the officials' queue (the procedure is under way).
pub const QUEUE_STATES: &[PactState] = &[
    PactState::Submitted,
    PactState::AwaitingIntegration,
    PactState::Published,
    PactState::InReview,
    PactState::CoDesign,
    PactState::AwaitingSignatures,
    PactState::Monitoring,
];

/// The officials' queue: pacts under way, the nearest deadline first (those without a
/// deadline last), filterable by office (`Some(None)`: not yet assigned) and state.
pub fn queue(
    conn: &mut AnyConnection,
    office: Option<Option<i64>>,
    state: Option<PactState>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<ListItem>, i64), AppError> {
    let codes: Vec<&str> = match state {
        Some(s) => vec![s.code()],
        None => QUEUE_STATES.iter().map(|s| s.code()).collect(),
    };
    let base = || {
        let mut q = pacts::table
            .filter(pacts::state.eq_any(codes.clone()))
            .into_boxed();
        match office {
            Some(Some(o)) => q = q.filter(pacts::office_id.eq(o)),
            Some(None) => q = q.filter(pacts::office_id.is_null()),
            None => {}
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let rows: Vec<ItemRow> = base()
        .order((
            pacts::due_at.is_null().asc(),
            pacts::due_at.asc(),
            pacts::id.asc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(item_columns!())
        .load(conn)?;
    Ok((items(conn, rows)?, total))
}

/// Number of city-support lines of each pact's signed (or current) version.
pub fn support_counts(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, i64)>, AppError> {
    let rows: Vec<(i64, i64, Option<i64>, i64)> = pacts::table
        .inner_join(pact_versions::table.on(pact_versions::pact_id.eq(pacts::id)))
        .filter(pacts::id.eq_any(ids))
        .select((
            pacts::id,
            pacts::version,
            pacts::signed_version,
            pact_versions::id,
        ))
        .filter(
            pact_versions::number
                .nullable()
                .eq(pacts::signed_version)
                .or(pacts::signed_version
                    .is_null()
                    .and(pact_versions::number.eq(pacts::version))),
        )
        .load(conn)?;
    let version_ids: Vec<i64> = rows.iter().map(|r| r.3).collect();
    let lines: Vec<i64> = pact_support::table
        .filter(pact_support::version_id.eq_any(&version_ids))
        .select(pact_support::version_id)
        .load(conn)?;
    Ok(rows
        .iter()
        .map(|r| (r.0, lines.iter().filter(|v| **v == r.3).count() as i64))
        .collect())
}

/// The themes of each pact: the categories of its commons (codes).
pub fn themes(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<(i64, String)>, AppError> {
    use crate::db::schema::commons;
    Ok(pact_commons::table
        .inner_join(commons::table)
        .filter(pact_commons::pact_id.eq_any(ids))
        .select((pact_commons::pact_id, commons::category))
        .distinct()
        .load(conn)?)
}

/// Public statistics: pacts by state and by district, and the median days from
/// submission to signature.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub by_state: Vec<(PactState, i64)>,
    pub by_district: Vec<(String, i64)>,
    pub median_days_to_signature: Option<i64>,
    pub signed_count: i64,
    pub active: Vec<ListItem>,
    pub total: i64,
}

pub fn stats(conn: &mut AnyConnection) -> Result<Stats, AppError> {
    let per_state: Vec<(String, i64)> = pacts::table
        .filter(pacts::listed.eq(true))
        .group_by(pacts::state)
        .select((pacts::state, diesel::dsl::count_star()))
        .load(conn)?;
    let by_state = PactState::ALL
        .iter()
        .filter(|s| s.is_public())
        .map(|s| {
            let n = per_state.iter().find(|x| x.0 == s.code()).map(|x| x.1);
            (*s, n.unwrap_or(0))
        })
        .collect();
    let per_district: Vec<(Option<i64>, i64)> = pacts::table
        .filter(pacts::listed.eq(true))
        .group_by(pacts::district_id)
        .select((pacts::district_id, diesel::dsl::count_star()))
        .load(conn)?;
    let district_names: Vec<(i64, String)> = districts::table
        .order(districts::name.asc())
        .select((districts::id, districts::name))
        .load(conn)?;
    let mut by_district: Vec<(String, i64)> = district_names
        .iter()
        .map(|(id, name)| {
            (
                name.clone(),
                per_district
                    .iter()
                    .find(|d| d.0 == Some(*id))
                    .map(|d| d.1)
                    .unwrap_or(0),
            )
        })
        .collect();
    let outside = per_district
        .iter()
        .find(|d| d.0.is_none())
        .map(|d| d.1)
        .unwrap_or(0);
    if outside > 0 {
        by_district.push((String::new(), outside));
    }
    let spans: Vec<(NaiveDateTime, NaiveDateTime)> = pacts::table
        .filter(pacts::submitted_at.is_not_null())
        .filter(pacts::signed_at.is_not_null())
        .select((
            pacts::submitted_at.assume_not_null(),
            pacts::signed_at.assume_not_null(),
        ))
        .load(conn)?;
    let mut days: Vec<i64> = spans.iter().map(|(a, b)| (*b - *a).num_days()).collect();
    days.sort_unstable();
    let median = median(&days);
    let active_rows: Vec<ItemRow> = pacts::table
        .filter(pacts::state.eq_any([PactState::Signed.code(), PactState::Monitoring.code()]))
        .filter(pacts::lat.is_not_null())
        .order(pacts::id.desc())
        .limit(2000)
        .select(item_columns!())
        .load(conn)?;
    Ok(Stats {
        total: per_state.iter().map(|x| x.1).sum(),
        by_state,
        by_district,
        signed_count: days.len() as i64,
        median_days_to_signature: median,
        active: items(conn, active_rows)?,
    })
}

/// The median of sorted whole numbers (the lower middle of an even count, rounded
/// towards the mean of the two middles).
pub fn median(sorted: &[i64]) -> Option<i64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5));
        assert_eq!(median(&[1, 3, 10]), Some(3));
        assert_eq!(median(&[1, 3, 9, 10]), Some(6));
    }
}
