//! The sections of the pact page as read models (history, observations, opinions,
//! meetings, signatures, files, reports, versions), and their loaders. Each section
//! loads in one query whatever its length; the people named in it are looked up
//! afterwards with everyone else on the page, in one query ([`Names`]).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{
    pact_attachments, pact_events, pact_meetings, pact_observations, pact_opinions, pact_reports,
    pact_signatures, pact_versions,
};
use crate::error::AppError;
use crate::pacts::procedure::{self, PactState};
use crate::pacts::service::Evaluation;

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
    /// The absent official on whose behalf a substitute acted ("" for none).
    pub on_behalf_of: String,
    /// What a routing step assigned.
    pub routing: Option<RoutingNote>,
}

/// What a routing step assigned, with names (from the history line's detail).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutingNote {
    pub lead: String,
    /// The previous lead office, when the pact moved.
    pub from: String,
    pub contributing: Vec<String>,
    pub official: String,
    pub council: String,
    /// The type, when it changed: (from, to) codes.
    pub kind: Option<(String, String)>,
}

impl RoutingNote {
    /// The ids a detail names: (offices, people).
    fn ids(detail: &str) -> (Vec<i64>, Vec<i64>) {
        let (mut offices, mut people) = (vec![], vec![]);
        for (k, v) in detail.split(';').filter_map(|p| p.split_once('=')) {
            let ids = v.split(',').filter_map(|x| x.parse::<i64>().ok());
            match k {
                "official" => people.extend(ids),
                "lead" | "from" | "contributing" | "council" => offices.extend(ids),
                _ => {}
            }
        }
        (offices, people)
    }

    /// A detail (`lead=3;from=2;contributing=4,5;official=12;council=7;type=a>b`)
    /// with names.
    pub fn parse(detail: &str, offices: &[(i64, String)], names: &Names) -> RoutingNote {
        let office = |v: &str| {
            v.parse::<i64>()
                .ok()
                .and_then(|o| offices.iter().find(|x| x.0 == o))
                .map(|x| x.1.clone())
                .unwrap_or_default()
        };
        let mut n = RoutingNote::default();
        for (k, v) in detail.split(';').filter_map(|p| p.split_once('=')) {
            match k {
                "lead" => n.lead = office(v),
                "from" => n.from = office(v),
                "contributing" => n.contributing = v.split(',').map(office).collect(),
                "official" => n.official = names.of(v.parse::<i64>().ok()),
                "council" => n.council = office(v),
                "type" => {
                    n.kind = v
                        .split_once('>')
                        .map(|(a, b)| (a.to_string(), b.to_string()))
                }
                _ => {}
            }
        }
        n
    }

    pub fn kind_keys(&self) -> Option<(String, String)> {
        self.kind
            .as_ref()
            .map(|(a, b)| (format!("pacttype-{a}"), format!("pacttype-{b}")))
    }
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
    pub user_id: i64,
    pub name: String,
    pub group_name: Option<String>,
    pub sha: String,
    pub signed_at: NaiveDateTime,
    /// The office a city signature is for ("" for other parties).
    pub office_name: String,
    /// The absent signatory on whose behalf a substitute signed ("" for none).
    pub on_behalf_of: String,
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

/// Display names of the people a page names, looked up together.
#[derive(Debug, Default)]
pub struct Names {
    ids: Vec<i64>,
    found: Vec<(i64, String)>,
}

impl Names {
    /// Notes a person to name (none for `None`).
    pub fn want(&mut self, uid: Option<i64>) {
        if let Some(u) = uid {
            self.ids.push(u);
        }
    }

    /// Looks every noted person up in one query; an erased account has no name.
    pub fn load(&mut self, conn: &mut AnyConnection) -> Result<(), AppError> {
        self.ids.sort_unstable();
        self.ids.dedup();
        self.found = crate::accounts::api::display_names(conn, &self.ids)?;
        Ok(())
    }

    /// The name of a person ("" for nobody, or an erased account).
    pub fn of(&self, uid: Option<i64>) -> String {
        uid.and_then(|u| self.found.iter().find(|f| f.0 == u))
            .map(|f| f.1.clone())
            .unwrap_or_default()
    }
}

/// The rows of every section of one pact, each loaded in one query, before names.
pub struct Rows {
    versions: Vec<VerRow>,
    events: Vec<EvRow>,
    observations: Vec<ObsRow>,
    opinions: Vec<OpRow>,
    meetings: Vec<(NaiveDateTime, String, String)>,
    signatures: Vec<SigRow>,
    attachments: Vec<AttRow>,
    reports: Vec<RepRow>,
}

type VerRow = (i64, String, Option<i64>, Option<String>, NaiveDateTime);
type SigRow = (
    (i64, String, i64, Option<i64>, String, NaiveDateTime),
    (Option<i64>, Option<i64>),
);
type EvRow = (
    (
        i64,
        String,
        Option<String>,
        Option<i64>,
        String,
        Option<String>,
    ),
    (
        Option<i64>,
        Option<i64>,
        NaiveDateTime,
        Option<i64>,
        Option<String>,
    ),
);
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
type OpRow = (
    i64,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<NaiveDateTime>,
);
type AttRow = (
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

/// The sections, named and ready for the page.
pub struct Sections {
    pub versions: Vec<VersionLine>,
    pub events: Vec<EventLine>,
    pub observations: Vec<Observation>,
    pub opinions: Vec<OpinionLine>,
    pub meetings: Vec<Meeting>,
    pub signatures: Vec<Signature>,
    /// Every file, those of reports included.
    pub attachments: Vec<Attachment>,
    pub reports: Vec<Report>,
}

impl Rows {
    /// Loads the sections of pact `id`: one query per section.
    pub fn load(conn: &mut AnyConnection, id: i64) -> Result<Rows, AppError> {
        let versions = pact_versions::table
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
        let events = pact_events::table
            .filter(pact_events::pact_id.eq(id))
            .order(pact_events::id.asc())
            .select((
                (
                    pact_events::id,
                    pact_events::kind,
                    pact_events::to_state,
                    pact_events::actor_id,
                    pact_events::actor_role,
                    pact_events::reasons,
                ),
                (
                    pact_events::version,
                    pact_events::ledger_index,
                    pact_events::at,
                    pact_events::on_behalf_of,
                    pact_events::detail,
                ),
            ))
            .load(conn)?;
        let observations = pact_observations::table
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
        let opinions = pact_opinions::table
            .filter(pact_opinions::pact_id.eq(id))
            .select((
                pact_opinions::office_id,
                pact_opinions::opinion,
                pact_opinions::body,
                pact_opinions::given_by,
                pact_opinions::given_at,
            ))
            .load(conn)?;
        let meetings = pact_meetings::table
            .filter(pact_meetings::pact_id.eq(id))
            .order(pact_meetings::held_at.asc())
            .select((
                pact_meetings::held_at,
                pact_meetings::place,
                pact_meetings::minutes,
            ))
            .load(conn)?;
        let signatures = pact_signatures::table
            .filter(pact_signatures::pact_id.eq(id))
            .order(pact_signatures::id.asc())
            .select((
                (
                    pact_signatures::version,
                    pact_signatures::party,
                    pact_signatures::user_id,
                    pact_signatures::group_id,
                    pact_signatures::text_sha256,
                    pact_signatures::signed_at,
                ),
                (pact_signatures::office_id, pact_signatures::on_behalf_of),
            ))
            .load(conn)?;
        let attachments = pact_attachments::table
            .filter(pact_attachments::pact_id.eq(id))
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
        let reports = pact_reports::table
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
        Ok(Rows {
            versions,
            events,
            observations,
            opinions,
            meetings,
            signatures,
            attachments,
            reports,
        })
    }

    /// Notes everyone the sections name.
    pub fn want_names(&self, names: &mut Names) {
        self.versions.iter().for_each(|v| names.want(v.2));
        for e in &self.events {
            names.want(e.0.3);
            names.want(e.1.3);
            if let Some(d) = &e.1.4 {
                RoutingNote::ids(d)
                    .1
                    .into_iter()
                    .for_each(|u| names.want(Some(u)));
            }
        }
        for o in &self.observations {
            names.want(Some(o.1));
            names.want(o.6);
        }
        self.opinions.iter().for_each(|o| names.want(o.3));
        for s in &self.signatures {
            names.want(Some(s.0.2));
            names.want(s.1.1);
        }
        self.attachments.iter().for_each(|a| names.want(a.8));
        self.reports.iter().for_each(|r| names.want(r.1.0));
    }

    /// The group ids the signatures name.
    pub fn signature_groups(&self) -> Vec<i64> {
        self.signatures.iter().filter_map(|s| s.0.3).collect()
    }

    /// The sections with names (`groups`: the names of the groups signatures name;
    /// `offices`: every office, by name, which also orders the opinions).
    pub fn named(
        self,
        pact: i64,
        names: &Names,
        groups: &[(i64, String)],
        offices: &[(i64, String)],
    ) -> Sections {
        let versions = self
            .versions
            .into_iter()
            .map(|(number, note, author, sha, created_at)| VersionLine {
                number,
                note,
                author: names.of(author),
                sha,
                created_at,
            })
            .collect();
        let attachments: Vec<Attachment> = self
            .attachments
            .into_iter()
            .map(
                |(
                    id,
                    hash,
                    file_type,
                    name,
                    byte_size,
                    report_id,
                    event_id,
                    state,
                    by,
                    created_at,
                )| {
                    Attachment {
                        id,
                        url: format!("/pacts/{pact}/files/{hash}.{file_type}"),
                        name,
                        file_type,
                        byte_size,
                        report_id,
                        event_id,
                        state,
                        uploaded_by: names.of(by),
                        created_at,
                    }
                },
            )
            .collect();
        let events = self
            .events
            .into_iter()
            .map(
                |(
                    (eid, kind, to, actor, role, reasons),
                    (version, ledger_index, at, behalf, detail),
                )| EventLine {
                    on_behalf_of: names.of(behalf),
                    routing: detail
                        .as_deref()
                        .map(|d| RoutingNote::parse(d, offices, names)),
                    id: eid,
                    kind,
                    to_state: to.as_deref().and_then(PactState::parse),
                    actor_name: names.of(actor),
                    role,
                    reasons,
                    version,
                    ledger_index,
                    at,
                    files: attachments
                        .iter()
                        .filter(|a| a.event_id == Some(eid))
                        .map(|a| (a.name.clone(), a.url.clone()))
                        .collect(),
                },
            )
            .collect();
        let observations = self
            .observations
            .into_iter()
            .map(
                |(oid, author, body, created_at, reply, taken, by, at)| Observation {
                    id: oid,
                    author_name: names.of(Some(author)),
                    body,
                    created_at,
                    reply,
                    taken_into_account: taken,
                    replied_by: names.of(by),
                    replied_at: at,
                },
            )
            .collect();
        // By office name, as the offices come.
        let opinions = offices
            .iter()
            .filter_map(|(oid, name)| {
                let (_, opinion, body, by, at) = self.opinions.iter().find(|o| o.0 == *oid)?;
                Some(OpinionLine {
                    office_id: *oid,
                    office_name: name.clone(),
                    opinion: opinion.as_deref().and_then(procedure::Opinion::parse),
                    body: body.clone().unwrap_or_default(),
                    given_by: names.of(*by),
                    given_at: *at,
                })
            })
            .collect();
        let meetings = self
            .meetings
            .into_iter()
            .map(|(held_at, place, minutes)| Meeting {
                held_at,
                place,
                minutes,
            })
            .collect();
        let signatures = self
            .signatures
            .into_iter()
            .map(
                |((version, party, uid, gid, sha, signed_at), (office, behalf))| Signature {
                    office_name: office
                        .and_then(|o| offices.iter().find(|x| x.0 == o))
                        .map(|x| x.1.clone())
                        .unwrap_or_default(),
                    on_behalf_of: names.of(behalf),
                    version,
                    party,
                    user_id: uid,
                    name: names.of(Some(uid)),
                    group_name: gid
                        .and_then(|g| groups.iter().find(|x| x.0 == g).map(|x| x.1.clone())),
                    sha,
                    signed_at,
                },
            )
            .collect();
        let reports = self
            .reports
            .into_iter()
            .map(|(a, b)| Report {
                id: a.0,
                due_on: a.1,
                objectives: a.2,
                actions: a.3,
                results: a.4,
                resources: a.5,
                volunteer_hours: a.6,
                author: names.of(b.0),
                submitted_at: b.1,
                evaluation: b.2.as_deref().and_then(Evaluation::parse),
                evaluation_body: b.3.unwrap_or_default(),
                evaluated_at: b.4,
                ledger_index: b.5,
                photos: attachments
                    .iter()
                    .filter(|x| x.report_id == Some(a.0))
                    .cloned()
                    .collect(),
            })
            .collect();
        Sections {
            versions,
            events,
            observations,
            opinions,
            meetings,
            signatures,
            attachments,
            reports,
        }
    }
}
