//! Importing the pacts a city signed before Pactum: the inverse of `/pacts.csv`
//! (`csv.rs`, with the Bologna, Palermo and Bari column names). [`parse`] checks every
//! row and returns the rows to write or every problem (line, column, what); [`save`]
//! writes them in one transaction, keyed by each row's external id in `pact_imports`
//! (the pacts table has no column left), so that importing again updates.
//!
//! An imported pact keeps its dates, its state and its parties as text (the people
//! may have no account); it is recorded under the registry's account, its history
//! says "imported", and its page says it was signed outside Pactum. A scanned PDF
//! given with it is attached like other files, and its SHA-256 goes on the civic
//! ledger as `pact.imported` (no personal data: ids, codes, the hash, the date).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::procedure::{Intensity, PactState, PactType};
use crate::commons::api::DistrictTree;
use crate::commons::api::imports::{Checker, CommonsIndex, missing_columns, row_district};
use crate::db::AnyConnection;
use crate::db::schema::{
    pact_attachments, pact_commons, pact_events, pact_imports, pact_versions, pacts,
};
use crate::error::AppError;
use crate::web::csv_read::{Problem, RowError, Sheet};
use crate::web::i18n::{Lang, catalog};

/// The names of each field, the export's own first.
pub mod columns {
    pub const EXTERNAL_ID: &[&str] = &["external_id", "url", "id"];
    pub const TITLE: &[&str] = &["title", "titolo", "oggetto"];
    /// Pactum's state code; else [`STATO`], the Italian open-data label.
    pub const STATE: &[&str] = &["state"];
    pub const STATO: &[&str] = &["stato"];
    pub const TYPE: &[&str] = &["type", "tipo_patto"];
    pub const PROPOSER: &[&str] = &["parties", "proponente", "soggetti_firmatari"];
    pub const REPRESENTATIVE: &[&str] = &["rappresentante"];
    pub const ADDRESS: &[&str] = &["address", "indirizzo"];
    pub const SUBMITTED: &[&str] = &["submitted_on", "data_presentazione"];
    pub const SIGNED: &[&str] = &["signed_on", "data_sottoscrizione"];
    pub const START: &[&str] = &["start_date", "data_inizio_patto", "data_inizio"];
    pub const END: &[&str] = &["end_date", "data_scadenza", "data_fine_patto"];
    pub const DESCRIPTION: &[&str] = &["description", "descrizione", "objectives"];
    /// The pact's commons: their external ids (or URLs) or names, `;`-separated.
    pub const COMMONS: &[&str] = &["commons", "beni_comuni"];
    /// A scanned PDF: a path relative to the CSV file (command line only).
    pub const PDF: &[&str] = &["pdf"];
}

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 10_000;

/// One pact to write, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct PactImportRow {
    pub line: usize,
    pub external_id: String,
    pub title: String,
    pub kind: PactType,
    pub state: PactState,
    /// Who signed, as the file names them.
    pub parties: String,
    pub district: Option<i64>,
    pub address: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub submitted_on: Option<NaiveDate>,
    pub signed_on: Option<NaiveDate>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub description: String,
    pub commons: Vec<i64>,
    /// The scanned PDF's path as written in the file.
    pub pdf: Option<String>,
}

/// A state from the Italian open-data label (`stato`, as `/pacts.csv` writes it), or
/// from the state's name in English or Italian.
pub fn state_from_label(label: &str) -> Option<PactState> {
    let v = label.trim().to_lowercase();
    let by_open_data = match v.as_str() {
        "istruttoria in corso" => Some(PactState::InReview),
        "in attesa di integrazione" => Some(PactState::AwaitingIntegration),
        "respinta" => Some(PactState::Rejected),
        "patto stipulato" => Some(PactState::Signed),
        "archiviata" => Some(PactState::Concluded),
        _ if v.starts_with("proroga") => Some(PactState::Monitoring),
        _ => None,
    };
    by_open_data.or_else(|| {
        let i18n = catalog();
        PactState::ALL.iter().copied().find(|s| {
            s.code() == v.replace(' ', "_")
                || [Lang::En, Lang::It]
                    .iter()
                    .any(|l| i18n.t(*l, &s.label_key()).to_lowercase() == v)
        })
    })
}

fn states() -> String {
    PactState::ALL
        .iter()
        .filter(|s| s.is_public())
        .map(|s| s.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The commons a cell names (`;`-separated external ids, URLs or names).
fn commons_of(value: &str, index: &CommonsIndex) -> Result<Vec<i64>, String> {
    let mut out = Vec::new();
    for part in value
        .split([';', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let id = index
            .0
            .get(part)
            .or_else(|| index.1.get(&part.to_lowercase()))
            .copied()
            .ok_or_else(|| part.to_string())?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// Checks every row of `sheet` against the districts and the commons known:
/// the rows to write, or every problem found. `pdfs_allowed`: whether a `pdf` column
/// may be filled (the command line, which can read files beside the CSV).
pub fn parse(
    sheet: &Sheet,
    tree: &DistrictTree,
    commons: &CommonsIndex,
    pdfs_allowed: bool,
) -> Result<Vec<PactImportRow>, Vec<RowError>> {
    let mut errors = missing_columns(
        sheet,
        &[
            &[columns::TITLE],
            &[columns::EXTERNAL_ID],
            &[columns::STATE, columns::STATO],
        ],
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = Vec::with_capacity(sheet.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in sheet.rows() {
        let before = errors.len();
        let mut row = Checker {
            sheet,
            line: *line,
            cells,
            errors: &mut errors,
        };
        let external_id = row.external_id(columns::EXTERNAL_ID, &mut seen);
        let title = row.text(columns::TITLE, MAX_TITLE, true);
        let (code, label) = (row.get(columns::STATE), row.get(columns::STATO));
        let state = match (code.is_empty(), label.is_empty()) {
            (false, _) => PactState::parse(code)
                .filter(|s| s.is_public())
                .ok_or((columns::STATE, code.to_string())),
            (true, false) => state_from_label(label)
                .filter(|s| s.is_public())
                .ok_or((columns::STATO, label.to_string())),
            (true, true) => Err((columns::STATE, String::new())),
        };
        let state = match state {
            Ok(s) => Some(s),
            Err((names, value)) if value.is_empty() => {
                row.bad(names, Problem::Missing);
                None
            }
            Err((names, value)) => {
                row.bad(
                    names,
                    Problem::UnknownValue {
                        value,
                        allowed: states(),
                    },
                );
                None
            }
        };
        let kind = match row.get(columns::TYPE) {
            "" => PactType::Ordinary,
            v => {
                let v = v.to_string();
                PactType::parse(&v.to_lowercase()).unwrap_or_else(|| {
                    row.bad(
                        columns::TYPE,
                        Problem::UnknownValue {
                            value: v,
                            allowed: "ordinary, complex".into(),
                        },
                    );
                    PactType::Ordinary
                })
            }
        };
        let mut parties: Vec<String> = Vec::new();
        for names in [columns::PROPOSER, columns::REPRESENTATIVE] {
            let v = row.get(names).trim().to_string();
            if !v.is_empty() && !parties.contains(&v) {
                parties.push(v);
            }
        }
        let parties = parties.join("; ");
        if parties.chars().count() > MAX_TITLE * 5 {
            row.bad(columns::PROPOSER, Problem::TooLong(MAX_TITLE * 5));
        }
        let point = row.point(false);
        let district = match row_district(sheet, cells, tree) {
            Ok(d) => d,
            Err((column, problem)) => {
                row.errors.push(RowError::new(*line, &column, problem));
                None
            }
        };
        let address = row.text(columns::ADDRESS, MAX_TITLE, false);
        let description = row.text(columns::DESCRIPTION, MAX_TEXT, false);
        let submitted_on = row.date(columns::SUBMITTED);
        let signed_on = row.date(columns::SIGNED);
        let start_date = row.date(columns::START);
        let end_date = row.date(columns::END);
        let linked = match commons_of(row.get(columns::COMMONS), commons) {
            Ok(ids) => ids,
            Err(unknown) => {
                row.bad(columns::COMMONS, Problem::UnknownCommons(unknown));
                Vec::new()
            }
        };
        let pdf = match row.get(columns::PDF) {
            "" => None,
            _ if !pdfs_allowed => {
                row.bad(
                    columns::PDF,
                    Problem::Refused("scanned PDFs are imported from the command line"),
                );
                None
            }
            p => Some(p.to_string()),
        };
        if errors.len() > before {
            continue;
        }
        let Some(state) = state else { continue };
        out.push(PactImportRow {
            line: *line,
            external_id,
            title,
            kind,
            state,
            parties,
            district,
            address,
            lat: point.map(|p| p.0),
            lng: point.map(|p| p.1),
            submitted_on,
            signed_on,
            start_date,
            end_date,
            description,
            commons: linked,
            pdf,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A scanned PDF of a row, already checked and stored under its hash.
#[derive(Debug, Clone)]
pub struct StoredPdf {
    pub hash: String,
    pub size: i64,
    pub name: String,
}

/// How many pacts an import creates and updates, and how many PDFs went on the
/// ledger.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub created: usize,
    pub updated: usize,
    pub pdfs: usize,
}

/// The imported pacts by external id: (pact id, PDF hash), one query.
fn known(conn: &mut AnyConnection) -> Result<HashMap<String, (i64, Option<String>)>, AppError> {
    let rows: Vec<(String, i64, Option<String>)> = pact_imports::table
        .select((
            pact_imports::external_id,
            pact_imports::pact_id,
            pact_imports::pdf_sha256,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|(e, id, h)| (e, (id, h))).collect())
}

/// What [`save`] would do, without writing (the dry run).
pub fn plan(conn: &mut AnyConnection, rows: &[PactImportRow]) -> Result<Counts, AppError> {
    let known = known(conn)?;
    let updated = rows
        .iter()
        .filter(|r| known.contains_key(&r.external_id))
        .count();
    Ok(Counts {
        created: rows.len() - updated,
        updated,
        pdfs: rows.iter().filter(|r| r.pdf.is_some()).count(),
    })
}

fn at_midnight(d: Option<NaiveDate>) -> Option<NaiveDateTime> {
    d.and_then(|d| d.and_hms_opt(0, 0, 0))
}

const BATCH: usize = 500;

/// Writes checked rows in one transaction (see the module's rules). `proposer` is the
/// registry's account; `by` who imports (`None`: the command line, recorded as the
/// system); `pdfs` the stored scans by line. `progress` is told how many rows are done.
pub fn save(
    conn: &mut AnyConnection,
    rows: &[PactImportRow],
    pdfs: &HashMap<usize, StoredPdf>,
    proposer: i64,
    by: Option<i64>,
    progress: &dyn Fn(u64),
) -> Result<Counts, AppError> {
    crate::db::write_transaction(conn, |conn| {
        let known = known(conn)?;
        let now = crate::util::now();
        let today = now.date();
        let role = if by.is_some() { "admin" } else { "system" };
        let mut counts = Counts::default();
        // (pact id, row) of every row written.
        let mut written: Vec<(i64, &PactImportRow)> = Vec::with_capacity(rows.len());
        let mut created: Vec<(i64, &PactImportRow)> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let values = (
                (
                    pacts::title.eq(&r.title),
                    pacts::kind.eq(r.kind.code()),
                    pacts::state.eq(r.state.code()),
                    pacts::listed.eq(r.state.is_public()),
                    pacts::district_id.eq(r.district),
                    pacts::lat.eq(r.lat),
                    pacts::lng.eq(r.lng),
                    pacts::address.eq(&r.address),
                ),
                (
                    pacts::start_date.eq(r.start_date),
                    pacts::end_date.eq(r.end_date),
                    pacts::submitted_at.eq(at_midnight(r.submitted_on)),
                    pacts::signed_at.eq(at_midnight(r.signed_on)),
                    pacts::updated_at.eq(now),
                    // It was public in the earlier registry: published (and listed).
                    pacts::published_at.eq(Some(
                        at_midnight(r.submitted_on.or(r.signed_on)).unwrap_or(now),
                    )),
                ),
            );
            match known.get(&r.external_id) {
                Some((id, _)) => {
                    diesel::update(pacts::table.find(*id))
                        .set(values)
                        .execute(conn)?;
                    let current: i64 = pacts::table.find(*id).select(pacts::version).first(conn)?;
                    diesel::update(
                        pact_versions::table
                            .filter(pact_versions::pact_id.eq(*id))
                            .filter(pact_versions::number.eq(current)),
                    )
                    .set((
                        pact_versions::title.eq(&r.title),
                        pact_versions::objectives.eq(&r.description),
                    ))
                    .execute(conn)?;
                    diesel::update(pact_imports::table.find(*id))
                        .set((
                            pact_imports::parties.eq(&r.parties),
                            pact_imports::signed_on.eq(r.signed_on),
                        ))
                        .execute(conn)?;
                    diesel::delete(pact_commons::table.filter(pact_commons::pact_id.eq(*id)))
                        .execute(conn)?;
                    written.push((*id, r));
                    counts.updated += 1;
                }
                None => {
                    let id: i64 = diesel::insert_into(pacts::table)
                        .values((
                            values,
                            (
                                pacts::intensity.eq(Intensity::OccasionalCare.code()),
                                pacts::proposer_id.eq(proposer),
                                pacts::version.eq(1i64),
                                pacts::state_since.eq(now),
                                pacts::created_at.eq(now),
                            ),
                        ))
                        .returning(pacts::id)
                        .get_result(conn)?;
                    written.push((id, r));
                    created.push((id, r));
                    counts.created += 1;
                }
            }
            if (i + 1).is_multiple_of(100) {
                progress((i + 1) as u64);
            }
        }
        for chunk in created.chunks(BATCH) {
            let versions: Vec<_> = chunk
                .iter()
                .map(|(id, r)| {
                    let start = r
                        .start_date
                        .or(r.signed_on)
                        .or(r.submitted_on)
                        .unwrap_or(today);
                    (
                        (
                            pact_versions::pact_id.eq(*id),
                            pact_versions::number.eq(1i64),
                            pact_versions::title.eq(&r.title),
                            pact_versions::objectives.eq(&r.description),
                            pact_versions::activities.eq(""),
                            pact_versions::start_date.eq(start),
                            pact_versions::end_date.eq(r.end_date.unwrap_or(start)),
                            pact_versions::commitments.eq(""),
                            pact_versions::public_use.eq(""),
                            pact_versions::risks.eq(""),
                        ),
                        (
                            pact_versions::insurance_policy.eq(""),
                            pact_versions::insurer.eq(""),
                            pact_versions::liability.eq(""),
                            pact_versions::reporting_months.eq(12i64),
                            pact_versions::output_licence.eq(""),
                            pact_versions::termination.eq(""),
                            pact_versions::disputes.eq(""),
                            pact_versions::change_note.eq(""),
                            pact_versions::created_at.eq(now),
                        ),
                    )
                })
                .collect();
            crate::insert_rows!(conn, pact_versions::table, versions)?;
            let imports: Vec<_> = chunk
                .iter()
                .map(|(id, r)| {
                    (
                        pact_imports::pact_id.eq(*id),
                        pact_imports::external_id.eq(&r.external_id),
                        pact_imports::parties.eq(&r.parties),
                        pact_imports::signed_on.eq(r.signed_on),
                        pact_imports::imported_at.eq(now),
                    )
                })
                .collect();
            crate::insert_rows!(conn, pact_imports::table, imports)?;
        }
        for chunk in written.chunks(BATCH) {
            let links: Vec<_> = chunk
                .iter()
                .flat_map(|(id, r)| {
                    r.commons.iter().map(move |c| {
                        (
                            pact_commons::pact_id.eq(*id),
                            pact_commons::commons_id.eq(*c),
                        )
                    })
                })
                .collect();
            if !links.is_empty() {
                crate::insert_rows!(conn, pact_commons::table, links)?;
            }
            let events: Vec<_> = chunk
                .iter()
                .map(|(id, r)| {
                    (
                        pact_events::pact_id.eq(*id),
                        pact_events::kind.eq("imported"),
                        pact_events::to_state.eq(Some(r.state.code())),
                        pact_events::actor_id.eq(by),
                        pact_events::actor_role.eq(role),
                        pact_events::version.eq(Some(1i64)),
                        pact_events::at.eq(now),
                    )
                })
                .collect();
            crate::insert_rows!(conn, pact_events::table, events)?;
            let ids: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
            crate::search::sync::enqueue_many(conn, &super::search_sync::SOURCE, &ids)?;
        }
        // Scanned PDFs: attached, and their hash on the ledger when new.
        let mut tree: Option<DistrictTree> = None;
        for (id, r) in &written {
            let Some(pdf) = pdfs.get(&r.line) else {
                continue;
            };
            let before = known.get(&r.external_id).and_then(|k| k.1.as_deref());
            if before == Some(pdf.hash.as_str()) {
                continue;
            }
            diesel::insert_into(pact_attachments::table)
                .values((
                    pact_attachments::pact_id.eq(*id),
                    pact_attachments::file_hash.eq(&pdf.hash),
                    pact_attachments::file_type.eq("pdf"),
                    pact_attachments::file_name.eq(&pdf.name),
                    pact_attachments::byte_size.eq(pdf.size),
                    pact_attachments::state.eq(r.state.code()),
                    pact_attachments::uploaded_by.eq(by),
                    pact_attachments::created_at.eq(now),
                ))
                .execute(conn)?;
            let mut entry = crate::ledger::entry::Entry::new("pact.imported")
                .with("pact", *id)
                .with("type", r.kind.code())
                .with("role", role)
                .with("commons", r.commons.clone())
                .with("state", r.state.code())
                .with("pdf_sha256", pdf.hash.as_str());
            if let Some(d) = r.signed_on {
                entry = entry.with("signed_on", d.format("%Y-%m-%d").to_string());
            }
            if let Some(b) = by {
                entry = entry.with("by", crate::accounts::api::pseudonym(conn, b)?);
            }
            if let Some(d) = r.district {
                if tree.is_none() {
                    tree = Some(crate::commons::api::district_tree(conn)?);
                }
                if let Some(d) = tree.as_ref().and_then(|t| t.get(d)) {
                    entry = entry.with("district", d.slug.clone());
                }
            }
            let index = crate::ledger::kinds::append(conn, &entry)?;
            diesel::update(pact_imports::table.find(*id))
                .set((
                    pact_imports::pdf_sha256.eq(Some(&pdf.hash)),
                    pact_imports::ledger_index.eq(Some(index)),
                ))
                .execute(conn)?;
            counts.pdfs += 1;
        }
        progress(rows.len() as u64);
        Ok(counts)
    })
}

/// What a pact's page says of an imported pact: when it was signed outside Pactum
/// and by whom (as the earlier registry named them), and the scan's ledger entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub signed_on: Option<NaiveDate>,
    pub parties: String,
    pub ledger_index: Option<i64>,
}

/// The import record of pact `id`, if it was imported (one query).
pub fn imported(conn: &mut AnyConnection, id: i64) -> Result<Option<Imported>, AppError> {
    let row: Option<(Option<NaiveDate>, String, Option<i64>)> = pact_imports::table
        .find(id)
        .select((
            pact_imports::signed_on,
            pact_imports::parties,
            pact_imports::ledger_index,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(signed_on, parties, ledger_index)| Imported {
        signed_on,
        parties,
        ledger_index,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commons::api::District;

    fn tree() -> DistrictTree {
        DistrictTree::new(vec![District {
            id: 1,
            slug: "navile".into(),
            name: "Navile".into(),
            parent_id: None,
            depth: 0,
            level_name: String::new(),
        }])
    }

    fn index() -> CommonsIndex {
        (
            HashMap::from([("https://old.example/commons/7".to_string(), 70)]),
            HashMap::from([("giardino".to_string(), 71)]),
        )
    }

    #[test]
    fn italian_columns_and_labels_are_read() {
        let csv = "id,titolo,proponente,quartiere,stato,data_sottoscrizione,data_scadenza,Rappresentante,data_inizio_patto,geopoint,descrizione,commons\n\
                   12,Cura del parco,Amici del parco,Navile,Patto stipulato,2019-05-02,2021-05-01,Ada Rossi,2019-05-03,\"44.5, 11.3\",Tagliare l'erba,https://old.example/commons/7; Giardino\n";
        let sheet = Sheet::read(csv).unwrap();
        let rows = parse(&sheet, &tree(), &index(), false).unwrap();
        let r = &rows[0];
        assert_eq!(r.external_id, "12");
        assert_eq!(r.state, PactState::Signed);
        assert_eq!(r.parties, "Amici del parco; Ada Rossi");
        assert_eq!(r.district, Some(1));
        assert_eq!(r.signed_on, NaiveDate::from_ymd_opt(2019, 5, 2));
        assert_eq!(r.start_date, NaiveDate::from_ymd_opt(2019, 5, 3));
        assert_eq!(r.end_date, NaiveDate::from_ymd_opt(2021, 5, 1));
        assert_eq!((r.lat, r.lng), (Some(44.5), Some(11.3)));
        assert_eq!(r.commons, vec![70, 71]);
        // Pactum's own state code wins over the open-data label.
        let csv = "url,titolo,stato,state\nu1,T,Archiviata,withdrawn\nu2,T,Archiviata,\n";
        let rows = parse(&Sheet::read(csv).unwrap(), &tree(), &index(), false).unwrap();
        assert_eq!(rows[0].state, PactState::Withdrawn);
        assert_eq!(rows[1].state, PactState::Concluded);
        assert_eq!(
            state_from_label("Monitoraggio"),
            Some(PactState::Monitoring)
        );
    }

    #[test]
    fn bad_rows_are_all_named() {
        let csv = "id,title,state,signed_on,commons,pdf,quartiere\n\
                   1,Ok,signed,2020-01-01,,,\n\
                   2,,draft,01.02.2020,Nowhere,scan.pdf,Atlantis\n";
        let errors = parse(&Sheet::read(csv).unwrap(), &tree(), &index(), false).unwrap_err();
        assert_eq!(
            errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
            vec![
                "line 3, column `title`: empty, but required",
                "line 3, column `state`: unknown value \"draft\" (one of: submitted, awaiting_integration, published, in_review, co_design, rejected, awaiting_signatures, signed, monitoring, suspended, concluded, withdrawn)",
                "line 3, column `quartiere`: no district is called \"Atlantis\"",
                "line 3, column `signed_on`: not a date (YYYY-MM-DD or DD/MM/YYYY)",
                "line 3, column `commons`: no commons has the external id or name \"Nowhere\"",
                "line 3, column `pdf`: scanned PDFs are imported from the command line",
            ]
        );
        let csv = "id,title,state,pdf\n1,Ok,signed,scan.pdf\n";
        let rows = parse(&Sheet::read(csv).unwrap(), &tree(), &index(), true).unwrap();
        assert_eq!(rows[0].pdf.as_deref(), Some("scan.pdf"));
    }
}
