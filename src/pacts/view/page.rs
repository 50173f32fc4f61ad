//! The pact page's read model: the pact, its texts, every section, and what the viewer
//! may do there, decided by the pact policy (the same answers the services enforce).
//!
//! It loads in a fixed number of queries whatever the pact's size: one per section,
//! the people named anywhere on the page in one more, and the texts shown in two
//! (tests/it/query_counts.rs holds it to that).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::sections::{
    Attachment, EventLine, Meeting, Names, Observation, OpinionLine, PendingParty, Report, Rows,
    Signature, VersionLine,
};
use crate::accounts::api as accounts;
use crate::db::AnyConnection;
use crate::db::schema::{pact_adherents, pact_cosigners};
use crate::error::AppError;
use crate::kit::actor::Who;
use crate::pacts::deadlines;
use crate::pacts::policy::{self, Action, Denial, PactFacts, Party, Standing};
use crate::pacts::procedure::{PactState, Transition};
use crate::pacts::store::{self, Env, Pact, Version};
use crate::pacts::text::{self, Comparison};

/// What the viewer may do on the page, as the policy answers (the forms and buttons
/// shown).
#[derive(Debug, Clone)]
pub struct Allowed {
    pub edit: Result<(), Denial>,
    /// Give the pact's texts in other languages.
    pub translate: bool,
    /// The city's working notes: days in state, deadlines, warnings.
    pub follow_deadlines: bool,
    pub request_opinions: bool,
    /// Offices whose opinion form the viewer may fill in.
    pub answer_for: Vec<i64>,
    /// May route the pact (the coordinating office, before signature).
    pub route: bool,
    /// May register the signed pact's protocol number.
    pub register_protocol: bool,
    pub reply: bool,
    pub observe: bool,
    /// Observations are open, but the viewer must sign in (or be verified) first.
    pub observe_sign_in: bool,
    pub meet: bool,
    pub join: bool,
    pub join_sign_in: bool,
    pub report: bool,
    pub evaluate: bool,
    pub attach: bool,
    pub attach_to_report: bool,
    /// May record a delivery of the city's support (the lead office, once signed).
    pub record_delivery: bool,
}

impl Allowed {
    fn of(viewer: Option<&Who>, f: &PactFacts, all_offices: &[(i64, String)]) -> Allowed {
        let may = |a: Action| policy::may(viewer, f, a);
        let ok = |a: Action| may(a).is_ok();
        let offices = |a: fn(i64) -> Action| -> Vec<i64> {
            // (offices whose form the viewer may fill in)
            all_offices
                .iter()
                .map(|o| o.0)
                .filter(|o| ok(a(*o)))
                .collect()
        };
        let observe = may(Action::Observe);
        let join = may(Action::Join);
        Allowed {
            edit: may(Action::Edit),
            translate: ok(Action::Translate),
            follow_deadlines: ok(Action::FollowDeadlines),
            request_opinions: ok(Action::RequestOpinions),
            answer_for: offices(Action::GiveOpinion),
            route: ok(Action::Route),
            register_protocol: ok(Action::RegisterProtocol),
            reply: ok(Action::Reply),
            observe: observe.is_ok(),
            observe_sign_in: observe == Err(Denial::Unverified),
            meet: ok(Action::Meet),
            join: join.is_ok(),
            join_sign_in: join == Err(Denial::Unverified),
            report: ok(Action::Report),
            evaluate: ok(Action::Evaluate),
            attach: ok(Action::Attach),
            attach_to_report: ok(Action::AttachToReport),
            record_delivery: ok(Action::RecordDelivery),
        }
    }
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
    pub allowed: Allowed,
    /// Transitions the viewer may fire from the page.
    pub actions: Vec<Transition>,
    /// Parties the viewer may sign for now.
    pub can_sign_as: Vec<&'static str>,
    pub all_offices: Vec<(i64, String)>,
    pub due: Option<NaiveDateTime>,
    pub overdue: bool,
    pub days_in_state: i64,
    /// The assemblies and chambers that endorse the pact, with the vote that decided.
    pub endorsements: Vec<crate::assemblies::api::Endorsement>,
    /// The responsible official's name ("" for none).
    pub official: String,
    /// The number the city's register gave the signed pact ("" for none yet).
    pub protocol_number: String,
    /// How the pact is routed, for the officials concerned and administrators.
    pub routing: Option<RoutingPanel>,
    /// The support ledger: each line's promised value and what was delivered.
    pub support: super::support::SupportSection,
    /// Its life after signature (notices, conciliation, exclusions), for the parties,
    /// the city and administrators.
    pub aftercare: Option<super::aftercare::AftercareView>,
    /// Who takes part, what they ask of the city, the call answered.
    pub proposal: store::ShortProposal,
    /// Whether the viewer writes the legal clauses (the office, in co-design).
    pub writes_legal: bool,
    /// For a pact imported from the city's earlier registry: when and by whom it was
    /// signed outside Pactum.
    pub imported: Option<super::super::imports::Imported>,
}

/// An office, by id and name, and its officials: (user, name).
pub type OfficeOfficials = (i64, String, Vec<(i64, String)>);

/// How a pact is routed, and what the routing form offers.
#[derive(Debug, Clone, Default)]
pub struct RoutingPanel {
    /// The offices asked for an opinion (the contributing offices): (id, name).
    pub contributing: Vec<(i64, String)>,
    /// The offices signing for the city besides the lead: (id, name).
    pub council_signs: Option<String>,
    /// The district council that could sign, if the pact's district has one.
    pub council: Option<(i64, String)>,
    /// The officials of each office, for the responsible official's choice.
    pub officials: Vec<OfficeOfficials>,
    /// The type may still be confirmed or changed (before publication).
    pub type_open: bool,
}

impl PactPage {
    pub fn state(&self) -> PactState {
        self.pact.state
    }
}

/// The pact page as `viewer` may see it (404 for a draft of someone else).
pub fn page(
    conn: &mut AnyConnection,
    env: &Env,
    viewer: Option<&Who>,
    id: i64,
) -> Result<PactPage, AppError> {
    let p = store::load(conn, id)?;
    let facts = store::pact_facts(conn, &p, viewer, env.today())?;
    if policy::may(viewer, &facts, Action::See).is_err() {
        return Err(AppError::NotFound);
    }
    let st = policy::standing(viewer, &facts);
    // The current text, and the signed one while an amendment is under way.
    let mut numbers = vec![p.version];
    if let Some(v) = p.signed_version.filter(|v| *v != p.version) {
        numbers.push(v);
    }
    let mut texts = store::versions(conn, id, &numbers)?.into_iter();
    let current = texts.next().ok_or(AppError::NotFound)?;
    let signed = texts.next();
    let support = super::support::section(conn, &p, &current, signed.as_ref())?;
    let rows = Rows::load(conn, id)?;
    let cosigner_ids: Vec<i64> = pact_cosigners::table
        .filter(pact_cosigners::pact_id.eq(id))
        .order(pact_cosigners::user_id.asc())
        .select(pact_cosigners::user_id)
        .load(conn)?;
    // The proposing side's acting person (the group's referent) and the group, with
    // the groups signatures name, in one query.
    let mut group_ids = rows.signature_groups();
    group_ids.extend(p.group_id);
    let groups = accounts::group_cards(conn, &group_ids)?;
    let group = p
        .group_id
        .and_then(|g| groups.iter().find(|x| x.id == g))
        .map(|x| (x.id, x.name.clone()));
    let proposer_party = match p.group_id {
        Some(g) => groups
            .iter()
            .find(|x| x.id == g)
            .map(|x| x.referent)
            .ok_or(AppError::NotFound)?,
        None => p.proposer_id,
    };
    let office = match p.office_id {
        Some(o) => accounts::office(conn, o)?,
        None => None,
    };
    let district = match p.district_id {
        Some(d) => crate::commons::api::district(conn, d)?.map(|d| d.name),
        None => None,
    };
    let adherents: i64 = pact_adherents::table
        .filter(pact_adherents::pact_id.eq(id))
        .count()
        .get_result(conn)?;
    let all_offices = accounts::office_names(conn)?;
    let mut names = Names::default();
    rows.want_names(&mut names);
    names.want(Some(p.proposer_id));
    names.want(Some(proposer_party));
    cosigner_ids.iter().for_each(|c| names.want(Some(*c)));
    names.load(conn)?;
    let group_names: Vec<(i64, String)> = groups.iter().map(|g| (g.id, g.name.clone())).collect();
    let sections = rows.named(id, &names, &group_names, &all_offices);
    // Who still has to sign the frozen text, and for what the viewer may sign.
    let mut pending = Vec::new();
    let mut can_sign_as = Vec::new();
    if p.state == PactState::AwaitingSignatures {
        let signed_now = |party: &str, uid: Option<i64>| {
            sections.signatures.iter().any(|s| {
                s.version == p.version && s.party == party && uid.is_none_or(|u| s.user_id == u)
            })
        };
        let mut parties = vec![(Party::Proposer, Some(proposer_party))];
        parties.extend(cosigner_ids.iter().map(|c| (Party::Cosigner, Some(*c))));
        for (party, uid) in parties {
            if !signed_now(party.code(), uid) {
                pending.push(PendingParty {
                    party: party.code(),
                    name: names.of(uid),
                });
            }
        }
        // The city signs once for each signing office (the lead, a district council).
        for o in facts
            .signing_offices
            .iter()
            .filter(|o| !facts.signed_offices.contains(o))
        {
            pending.push(PendingParty {
                party: Party::City.code(),
                name: all_offices
                    .iter()
                    .find(|x| x.0 == *o)
                    .map(|x| x.1.clone())
                    .unwrap_or_default(),
            });
        }
        can_sign_as = Party::ALL
            .into_iter()
            .filter(|party| policy::may(viewer, &facts, Action::Sign(*party)).is_ok())
            .map(Party::code)
            .collect();
    }
    let routing = if st.concerned || st.admin {
        Some(routing_panel(conn, &p, &facts, &all_offices)?)
    } else {
        None
    };
    let official = match p.official_id {
        Some(o) => accounts::display_names(conn, &[o])?
            .into_iter()
            .next()
            .map(|x| x.1)
            .unwrap_or_default(),
        None => String::new(),
    };
    let aftercare =
        super::aftercare::aftercare(conn, id, viewer, &facts, p.signed_version.is_some())?;
    let protocol_number = if p.signed_version.is_some() {
        crate::pacts::service::document::protocol_number(conn, id)?.unwrap_or_default()
    } else {
        String::new()
    };
    Ok(PactPage {
        imported: super::super::imports::imported(conn, id)?,
        proposal: store::short_proposal(conn, id)?,
        writes_legal: policy::writes_legal_clauses(viewer, &facts),
        protocol_number,
        aftercare,
        official,
        routing,
        support,
        endorsements: crate::assemblies::api::endorsements_of_pact(conn, id)?,
        due: p.due_at,
        overdue: deadlines::is_overdue(p.due_at, env.now),
        days_in_state: deadlines::days_in_state(p.state_since, env.now),
        proposer_name: names.of(Some(p.proposer_id)),
        commons: commons_named_for(conn, id, viewer)?,
        cosigners: cosigner_ids.iter().map(|c| names.of(Some(*c))).collect(),
        allowed: Allowed::of(viewer, &facts, &all_offices),
        actions: policy::page_steps(viewer, &facts),
        joined: facts.ties.joined,
        pact: p,
        current,
        signed,
        versions: sections.versions,
        group,
        office,
        district,
        events: sections.events,
        observations: sections.observations,
        opinions: sections.opinions,
        meetings: sections.meetings,
        signatures: sections.signatures,
        pending,
        adherents,
        reports: sections.reports,
        attachments: sections
            .attachments
            .into_iter()
            .filter(|a| a.report_id.is_none())
            .collect(),
        standing: st,
        can_sign_as,
        all_offices,
    })
}

/// The routing panel: a fixed number of queries.
fn routing_panel(
    conn: &mut AnyConnection,
    p: &Pact,
    facts: &PactFacts,
    all_offices: &[(i64, String)],
) -> Result<RoutingPanel, AppError> {
    let name = |o: i64| {
        all_offices
            .iter()
            .find(|x| x.0 == o)
            .map(|x| x.1.clone())
            .unwrap_or_default()
    };
    let council = match p.district_id {
        Some(d) => accounts::council_of(conn, d)?.map(|c| (c, name(c))),
        None => None,
    };
    let rows = accounts::officials_by_office(conn)?;
    let officials = all_offices
        .iter()
        .map(|(o, oname)| {
            let people = rows
                .iter()
                .filter(|r| r.0 == *o)
                .map(|r| (r.1, r.2.clone()))
                .collect();
            (*o, oname.clone(), people)
        })
        .filter(|(_, _, people): &OfficeOfficials| !people.is_empty())
        .collect();
    Ok(RoutingPanel {
        contributing: facts.asked.iter().map(|o| (*o, name(*o))).collect(),
        council_signs: facts
            .signing_offices
            .iter()
            .find(|o| Some(**o) != p.office_id)
            .map(|o| name(*o)),
        council,
        officials,
        type_open: p.published_at.is_none(),
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
    let ids = store::commons_of(conn, pact)?;
    let visible = crate::commons::api::visible_names(conn, &ids, viewer, ids.len())?;
    Ok(ids
        .into_iter()
        .map(|id| {
            let name = visible.iter().find(|v| v.0 == id).map(|v| v.1.clone());
            (id, name.unwrap_or_default())
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

/// The pact as its edit form needs it: its state, its current text with the support
/// lines' estimated values, and whether the viewer writes the legal clauses.
pub struct Editing {
    pub state: PactState,
    pub text: text::PactText,
    pub values: Vec<Option<i64>>,
    pub writes_legal: bool,
}

/// What [`Editing`] says of pact `id` for `viewer`.
pub fn editing(
    conn: &mut AnyConnection,
    env: &Env,
    viewer: &Who,
    id: i64,
) -> Result<Editing, AppError> {
    let p = store::load(conn, id)?;
    let v = store::version(conn, id, p.version)?;
    let values = crate::pacts::service::values_of(conn, v.id)?;
    let facts = store::pact_facts(conn, &p, Some(viewer), env.today())?;
    Ok(Editing {
        state: p.state,
        text: v.text,
        values,
        writes_legal: policy::writes_legal_clauses(Some(viewer), &facts),
    })
}
