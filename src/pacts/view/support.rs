//! The support ledger's read models: the pact page's section (each line of the signed
//! text with its promised value and what was delivered against it), the public totals
//! per district, office and year, and the rows of the support export.
//!
//! The pacts counted are those signed and not withdrawn: in force, suspended or
//! concluded. Promised is the sum of their signed lines' estimated values; delivered
//! the sum of their deliveries. The database sums (both backends: PostgreSQL's own sum
//! of a BIGINT is a NUMERIC, hence the cast); the page and the export read the same
//! rows, in a fixed number of queries whatever the number of pacts.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::accounts::api as accounts;
use crate::db::AnyConnection;
use crate::db::schema::{pact_support, pact_support_deliveries, pact_versions, pacts};
use crate::error::AppError;
use crate::kit::money;
use crate::pacts::procedure::{PactState, PactType, SupportKind};
use crate::pacts::store::{Pact, Version};
use crate::pacts::support::{Totals, insurance_short};

/// The states whose pacts the ledger counts: signed, and not withdrawn.
pub const LEDGER_STATES: [PactState; 4] = [
    PactState::Signed,
    PactState::Monitoring,
    PactState::Suspended,
    PactState::Concluded,
];

fn ledger_states() -> [&'static str; 4] {
    LEDGER_STATES.map(PactState::code)
}

/// `SUM(column)` in cents as a BIGINT, 0 over no rows, on both backends.
fn cents_sum(column: &'static str) -> diesel::expression::SqlLiteral<diesel::sql_types::BigInt> {
    diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
        "CAST(COALESCE(SUM({column}), 0) AS BIGINT)"
    ))
}

/// One line of the text the section shows, with its value and what was delivered.
#[derive(Debug, Clone)]
pub struct LedgerLine {
    /// Its position in the text (0 for the first).
    pub position: i64,
    pub kind: SupportKind,
    pub description: String,
    pub quantity: String,
    pub period: String,
    /// The estimated value when promised, if one was given.
    pub promised: Option<i64>,
    pub delivered: i64,
}

impl LedgerLine {
    pub fn kind_label_key(&self) -> String {
        self.kind.label_key()
    }

    pub fn number(&self) -> i64 {
        self.position + 1
    }

    pub fn promised_eur(&self) -> String {
        self.promised.map(money::euros).unwrap_or_default()
    }

    pub fn delivered_eur(&self) -> String {
        money::euros(self.delivered)
    }
}

/// One delivery, as recorded.
#[derive(Debug, Clone)]
pub struct DeliveryLine {
    pub id: i64,
    /// The line's position in the signed text it was recorded against.
    pub position: i64,
    /// The signed version it was recorded under.
    pub version: i64,
    /// The line's kind when recorded (a code).
    pub kind: String,
    pub what: String,
    pub delivered_on: NaiveDate,
    pub value_cents: i64,
    pub recorded_at: NaiveDateTime,
    pub ledger_index: Option<i64>,
}

impl DeliveryLine {
    pub fn number(&self) -> i64 {
        self.position + 1
    }

    pub fn value_eur(&self) -> String {
        money::euros(self.value_cents)
    }

    /// The label key of the line's kind (`pact-support-kind-...`).
    pub fn kind_label_key(&self) -> String {
        SupportKind::parse(&self.kind)
            .map(SupportKind::label_key)
            .unwrap_or_default()
    }
}

/// The pact page's "Support: promised and delivered" section.
#[derive(Debug, Clone, Default)]
pub struct SupportSection {
    /// The pact is signed: the lines are the signed text's, and deliveries count.
    pub signed: bool,
    /// The version whose lines are shown: the signed one, else the current.
    pub version: i64,
    pub lines: Vec<LedgerLine>,
    pub totals: Totals,
    /// Lines without an estimated value (the promised total leaves them out).
    pub unvalued: i64,
    /// Every delivery, by day.
    pub deliveries: Vec<DeliveryLine>,
    /// The current version's values, in its lines' order (for the edit form).
    pub current_values: Vec<Option<i64>>,
    /// The insurance the shown text names expires on this day, before the pact ends.
    pub insurance_short: Option<NaiveDate>,
}

impl SupportSection {
    /// Deliveries recorded against a position the shown text no longer has (an
    /// amendment removed the line): counted in the totals, listed apart.
    pub fn unmatched(&self) -> Vec<&DeliveryLine> {
        self.deliveries
            .iter()
            .filter(|d| !self.lines.iter().any(|l| l.position == d.position))
            .collect()
    }
}

type DeliveryRow = (
    i64,
    i64,
    i64,
    String,
    String,
    NaiveDate,
    i64,
    NaiveDateTime,
    Option<i64>,
);

/// The pact page's support section, in two queries: the values of the lines shown
/// (and of the current version's), and the pact's deliveries.
pub fn section(
    conn: &mut AnyConnection,
    p: &Pact,
    current: &Version,
    signed: Option<&Version>,
) -> Result<SupportSection, AppError> {
    let shown = match (p.signed_version, signed) {
        (Some(_), Some(s)) => s,
        _ => current,
    };
    let values: Vec<(i64, i64, Option<i64>)> = pact_support::table
        .filter(pact_support::version_id.eq_any([current.id, shown.id]))
        .select((
            pact_support::version_id,
            pact_support::position,
            pact_support::value_cents,
        ))
        .load(conn)?;
    let value_of = |version: i64, position: i64| {
        values
            .iter()
            .find(|v| v.0 == version && v.1 == position)
            .and_then(|v| v.2)
    };
    let rows: Vec<DeliveryRow> = pact_support_deliveries::table
        .filter(pact_support_deliveries::pact_id.eq(p.id))
        .order((
            pact_support_deliveries::delivered_on.asc(),
            pact_support_deliveries::id.asc(),
        ))
        .select((
            pact_support_deliveries::id,
            pact_support_deliveries::position,
            pact_support_deliveries::version,
            pact_support_deliveries::kind,
            pact_support_deliveries::what,
            pact_support_deliveries::delivered_on,
            pact_support_deliveries::value_cents,
            pact_support_deliveries::recorded_at,
            pact_support_deliveries::ledger_index,
        ))
        .load(conn)?;
    let deliveries: Vec<DeliveryLine> = rows
        .into_iter()
        .map(|r| DeliveryLine {
            id: r.0,
            position: r.1,
            version: r.2,
            kind: r.3,
            what: r.4,
            delivered_on: r.5,
            value_cents: r.6,
            recorded_at: r.7,
            ledger_index: r.8,
        })
        .collect();
    let is_signed = p.signed_version.is_some();
    let lines: Vec<LedgerLine> = shown
        .text
        .support
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let position = i64::try_from(i).unwrap_or(i64::MAX);
            LedgerLine {
                position,
                kind: l.kind,
                description: l.description.clone(),
                quantity: l.quantity.clone(),
                period: l.period.clone(),
                promised: value_of(shown.id, position),
                delivered: deliveries
                    .iter()
                    .filter(|d| is_signed && d.position == position)
                    .map(|d| d.value_cents)
                    .sum(),
            }
        })
        .collect();
    let totals = Totals {
        promised: lines.iter().filter_map(|l| l.promised).sum(),
        delivered: deliveries.iter().map(|d| d.value_cents).sum(),
    };
    let end = if is_signed {
        p.end_date
    } else {
        Some(shown.text.end_date)
    };
    let expiry = shown.text.insurance_expiry;
    Ok(SupportSection {
        signed: is_signed,
        version: shown.number,
        unvalued: lines
            .iter()
            .filter(|l| l.promised.is_none())
            .count()
            .try_into()
            .unwrap_or(i64::MAX),
        totals,
        deliveries,
        current_values: (0..current.text.support.len())
            .map(|i| value_of(current.id, i64::try_from(i).unwrap_or(i64::MAX)))
            .collect(),
        insurance_short: expiry.filter(|_| insurance_short(expiry, end)),
        lines,
    })
}

/// Promised against delivered, overall and per district, office and year (of the
/// signature for promised, of the delivery for delivered).
#[derive(Debug, Clone, Default)]
pub struct SupportTotals {
    pub overall: Totals,
    /// By district name ("" for pacts outside the districts), in the districts' order.
    pub by_district: Vec<(String, Totals)>,
    /// By lead office name ("" for none), in the offices' order.
    pub by_office: Vec<(String, Totals)>,
    pub by_year: Vec<(i32, Totals)>,
    /// The pacts counted, their support lines, and the lines without a value.
    pub pacts: i64,
    pub lines: i64,
    pub unvalued: i64,
}

/// A signed pact as the totals and the export group it.
#[derive(Debug, Clone, Queryable)]
struct SignedPact {
    id: i64,
    kind: String,
    state: String,
    proposer_id: i64,
    group_id: Option<i64>,
    office_id: Option<i64>,
    official_id: Option<i64>,
    act_number: Option<String>,
    district_id: Option<i64>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    signed_at: Option<NaiveDateTime>,
}

fn signed_pacts(conn: &mut AnyConnection) -> Result<Vec<SignedPact>, AppError> {
    Ok(pacts::table
        .filter(pacts::state.eq_any(ledger_states()))
        .filter(pacts::signed_version.is_not_null())
        .filter(pacts::listed.eq(true))
        .order(pacts::id.asc())
        .select((
            pacts::id,
            pacts::kind,
            pacts::state,
            pacts::proposer_id,
            pacts::group_id,
            pacts::office_id,
            pacts::official_id,
            pacts::act_number,
            pacts::district_id,
            pacts::start_date,
            pacts::end_date,
            pacts::signed_at,
        ))
        .load(conn)?)
}

/// The public totals: five queries whatever the number of pacts.
pub fn totals(conn: &mut AnyConnection) -> Result<SupportTotals, AppError> {
    let signed = signed_pacts(conn)?;
    // Per pact: the signed lines' values, the number of lines, of valued lines.
    let promised: Vec<(i64, i64, i64, i64)> = pact_support::table
        .inner_join(pact_versions::table.on(pact_versions::id.eq(pact_support::version_id)))
        .inner_join(
            pacts::table.on(pacts::id
                .eq(pact_versions::pact_id)
                .and(pacts::signed_version.eq(pact_versions::number.nullable()))),
        )
        .filter(pacts::state.eq_any(ledger_states()))
        .filter(pacts::listed.eq(true))
        .group_by(pacts::id)
        .select((
            pacts::id,
            cents_sum("pact_support.value_cents"),
            diesel::dsl::count_star(),
            diesel::dsl::count(pact_support::value_cents),
        ))
        .load(conn)?;
    // Per pact and day: what was delivered.
    let delivered: Vec<(i64, NaiveDate, i64)> = pact_support_deliveries::table
        .inner_join(pacts::table.on(pacts::id.eq(pact_support_deliveries::pact_id)))
        .filter(pacts::state.eq_any(ledger_states()))
        .filter(pacts::signed_version.is_not_null())
        .filter(pacts::listed.eq(true))
        .group_by((
            pact_support_deliveries::pact_id,
            pact_support_deliveries::delivered_on,
        ))
        .select((
            pact_support_deliveries::pact_id,
            pact_support_deliveries::delivered_on,
            cents_sum("pact_support_deliveries.value_cents"),
        ))
        .load(conn)?;
    let districts = crate::commons::api::districts(conn)?;
    let offices = accounts::office_names(conn)?;
    let by_id: HashMap<i64, &SignedPact> = signed.iter().map(|p| (p.id, p)).collect();
    let mut district: HashMap<Option<i64>, Totals> = HashMap::new();
    let mut office: HashMap<Option<i64>, Totals> = HashMap::new();
    let mut year: BTreeMap<i32, Totals> = BTreeMap::new();
    let mut out = SupportTotals {
        pacts: i64::try_from(signed.len()).unwrap_or(i64::MAX),
        ..SupportTotals::default()
    };
    for p in &signed {
        // Every counted pact has its rows, even with nothing promised.
        district.entry(p.district_id).or_default();
        office.entry(p.office_id).or_default();
    }
    for (id, cents, lines, valued) in promised {
        let Some(p) = by_id.get(&id) else { continue };
        out.overall.promised += cents;
        out.lines += lines;
        out.unvalued += lines - valued;
        district.entry(p.district_id).or_default().promised += cents;
        office.entry(p.office_id).or_default().promised += cents;
        if let Some(at) = p.signed_at {
            year.entry(at.year()).or_default().promised += cents;
        }
    }
    for (id, on, cents) in delivered {
        let Some(p) = by_id.get(&id) else { continue };
        out.overall.delivered += cents;
        district.entry(p.district_id).or_default().delivered += cents;
        office.entry(p.office_id).or_default().delivered += cents;
        year.entry(on.year()).or_default().delivered += cents;
    }
    out.by_district = districts
        .iter()
        .filter_map(|d| district.get(&Some(d.id)).map(|t| (d.name.clone(), *t)))
        .chain(district.get(&None).map(|t| (String::new(), *t)))
        .collect();
    out.by_office = offices
        .iter()
        .filter_map(|(id, name)| office.get(&Some(*id)).map(|t| (name.clone(), *t)))
        .chain(office.get(&None).map(|t| (String::new(), *t)))
        .collect();
    out.by_year = year.into_iter().collect();
    Ok(out)
}

/// One row of the support export: a support line of a signed pact.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub pact: i64,
    pub kind: PactType,
    pub state: PactState,
    /// The proposing group's name, or the proposer's public name.
    pub beneficiary: String,
    pub office: String,
    /// The responsible official's public name ("" for none).
    pub official: String,
    pub act_number: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub signed_on: Option<NaiveDate>,
    pub position: i64,
    pub support_kind: SupportKind,
    pub description: String,
    pub quantity: String,
    pub period: String,
    pub promised: Option<i64>,
    pub delivered: i64,
}

type LineRow = (i64, i64, String, String, String, String, Option<i64>);

/// Every support line of the signed pacts, with what was delivered against it, by
/// pact and position: a fixed number of queries (names in chunks of 500).
pub fn export_rows(conn: &mut AnyConnection) -> Result<Vec<ExportRow>, AppError> {
    let signed = signed_pacts(conn)?;
    let lines: Vec<LineRow> = pact_support::table
        .inner_join(pact_versions::table.on(pact_versions::id.eq(pact_support::version_id)))
        .inner_join(
            pacts::table.on(pacts::id
                .eq(pact_versions::pact_id)
                .and(pacts::signed_version.eq(pact_versions::number.nullable()))),
        )
        .filter(pacts::state.eq_any(ledger_states()))
        .filter(pacts::listed.eq(true))
        .order((pacts::id.asc(), pact_support::position.asc()))
        .select((
            pacts::id,
            pact_support::position,
            pact_support::kind,
            pact_support::description,
            pact_support::quantity,
            pact_support::period,
            pact_support::value_cents,
        ))
        .load(conn)?;
    let delivered: Vec<(i64, i64, i64)> = pact_support_deliveries::table
        .inner_join(pacts::table.on(pacts::id.eq(pact_support_deliveries::pact_id)))
        .filter(pacts::state.eq_any(ledger_states()))
        .filter(pacts::listed.eq(true))
        .group_by((
            pact_support_deliveries::pact_id,
            pact_support_deliveries::position,
        ))
        .select((
            pact_support_deliveries::pact_id,
            pact_support_deliveries::position,
            cents_sum("pact_support_deliveries.value_cents"),
        ))
        .load(conn)?;
    let delivered: HashMap<(i64, i64), i64> =
        delivered.into_iter().map(|(p, l, c)| ((p, l), c)).collect();
    let mut people: Vec<i64> = signed
        .iter()
        .flat_map(|p| [Some(p.proposer_id), p.official_id])
        .flatten()
        .collect();
    people.sort_unstable();
    people.dedup();
    let mut groups: Vec<i64> = signed.iter().filter_map(|p| p.group_id).collect();
    groups.sort_unstable();
    groups.dedup();
    let mut names: HashMap<i64, String> = HashMap::new();
    for chunk in people.chunks(500) {
        names.extend(accounts::display_names(conn, chunk)?);
    }
    let mut group_names: HashMap<i64, String> = HashMap::new();
    for chunk in groups.chunks(500) {
        group_names.extend(
            accounts::group_cards(conn, chunk)?
                .into_iter()
                .map(|g| (g.id, g.name)),
        );
    }
    let offices: HashMap<i64, String> = accounts::office_names(conn)?.into_iter().collect();
    let by_id: HashMap<i64, &SignedPact> = signed.iter().map(|p| (p.id, p)).collect();
    let name = |id: Option<i64>| id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
    let mut out = Vec::new();
    for (pact, position, kind, description, quantity, period, promised) in lines {
        let Some(p) = by_id.get(&pact) else { continue };
        let (Some(kind), Some(state), Some(pact_kind)) = (
            SupportKind::parse(&kind),
            PactState::parse(&p.state),
            PactType::parse(&p.kind),
        ) else {
            return Err(AppError::internal(format!(
                "unreadable stored support line of pact {pact}"
            )));
        };
        out.push(ExportRow {
            pact,
            kind: pact_kind,
            state,
            beneficiary: match p.group_id {
                Some(g) => group_names.get(&g).cloned().unwrap_or_default(),
                None => name(Some(p.proposer_id)),
            },
            office: p
                .office_id
                .and_then(|o| offices.get(&o).cloned())
                .unwrap_or_default(),
            official: name(p.official_id),
            act_number: p.act_number.clone().unwrap_or_default(),
            start_date: p.start_date,
            end_date: p.end_date,
            signed_on: p.signed_at.map(|t| t.date()),
            position,
            support_kind: kind,
            description,
            quantity,
            period,
            promised,
            delivered: delivered.get(&(pact, position)).copied().unwrap_or(0),
        });
    }
    Ok(out)
}
