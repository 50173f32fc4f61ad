//! `/pacts.csv`: the columns Italian cities publish for their collaboration pacts,
//! then Pactum's own (state code, type, text hash, ledger index, number of
//! city-support lines, page).
//!
//! The Italian part is a superset of three cities' open data, with their column names
//! and labels: the first columns (id, title, proposer, district, address, coordinates,
//! state label in the Italian open-data vocabulary, dates, themes, link to the signed
//! text); Bologna's `zona_di_prossimita` and `geopoint` ("lat, lng"); Palermo's
//! `Rappresentante`, `Ambiti` (Italian labels), `UPL`, `Circoscrizione`, `Nota`,
//! `Foto`, `Scarica patto` (the signed PDF); Bari's `descrizione`,
//! `data_inizio_patto`, `data_fine_patto`, `numero_commenti`,
//! `numero_adesioni_ricevute`, `municipio`, `zona`, `latitudine`, `longitudine`. The
//! README maps each column to its source; `tests/data/open-data/` holds each city's
//! list and a test checks the header against them.

use super::view::{CsvDetails, ListItem};
use std::collections::HashMap;

use crate::error::AppError;
use crate::pacts::procedure::PactState;
use crate::web::csv::Cell::{Text, Value};
use crate::web::csv::Table;

pub const HEADER: &str = "id,titolo,proponente,quartiere,indirizzo,lat,lng,stato,\
data_presentazione,data_sottoscrizione,data_scadenza,temi,testo_sottoscritto,\
zona_di_prossimita,geopoint,\
Rappresentante,Ambiti,UPL,Circoscrizione,Nota,Foto,Scarica patto,\
descrizione,data_inizio_patto,data_fine_patto,numero_commenti,numero_adesioni_ricevute,\
municipio,zona,latitudine,longitudine,\
state,type,text_sha256,ledger_index,support_lines,url,commons";

/// A pact's district in the names of each city's levels: the upper level is
/// Bologna's *quartiere*, Palermo's *Circoscrizione*, Bari's *municipio*; the lower
/// one Bologna's *zona di prossimità*, Palermo's *UPL*, Bari's *zona*.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DistrictColumns {
    pub upper: String,
    pub lower: String,
}

/// The district columns of a pact from its district's chain (`[quartiere, zona]`),
/// the city-wide level first; in a city with one level the lower one is empty.
pub fn district_columns(chain: &[&str]) -> DistrictColumns {
    DistrictColumns {
        upper: chain.first().map(|s| s.to_string()).unwrap_or_default(),
        lower: chain.get(1).map(|s| s.to_string()).unwrap_or_default(),
    }
}

/// Palermo's `Nota`: the published reasons of the pact's state, saying so when the
/// pact is suspended (which the `stato` label, as Italian cities publish it, calls
/// stipulated).
fn note(state: PactState, reasons: Option<&str>) -> String {
    let reasons = reasons.map(str::trim).filter(|r| !r.is_empty());
    match (state, reasons) {
        (PactState::Suspended, Some(r)) => format!("Patto sospeso: {r}"),
        (PactState::Suspended, None) => "Patto sospeso".to_string(),
        (_, Some(r)) => r.to_string(),
        (_, None) => String::new(),
    }
}

fn date(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// What the CSV needs beside the list items, each keyed by pact id.
pub struct Extras<'a> {
    /// Number of support lines.
    pub support_counts: &'a [(i64, i64)],
    /// Theme (commons category) codes.
    pub themes: &'a [(i64, String)],
    /// The Italian label of each theme code (for `Ambiti`).
    pub theme_labels_it: &'a HashMap<String, String>,
    pub details: &'a HashMap<i64, CsvDetails>,
    /// Each district's chain of names, the city-wide level first, by district name.
    pub district_chains: &'a HashMap<String, Vec<String>>,
}

/// The pacts as CSV (`web::csv`: BOM, CRLF, typed text defused); every address is
/// absolute under `base_url`.
pub fn write(base_url: &str, items: &[ListItem], extras: &Extras<'_>) -> Result<String, AppError> {
    let base = base_url.trim_end_matches('/');
    let counts: HashMap<i64, i64> = extras.support_counts.iter().copied().collect();
    let mut themes_of: HashMap<i64, Vec<&str>> = HashMap::new();
    for (id, theme) in extras.themes {
        themes_of.entry(*id).or_default().push(theme);
    }
    let header: Vec<&str> = HEADER.split(',').collect();
    let mut table = Table::new(&header)?;
    let none = CsvDetails::default();
    for i in items {
        let d = extras.details.get(&i.id).unwrap_or(&none);
        let proposer = i.group_name.as_deref().unwrap_or(&i.proposer_name);
        let mut t = themes_of.get(&i.id).cloned().unwrap_or_default();
        t.sort_unstable();
        t.dedup();
        let themes = t.join(";");
        let ambiti = t
            .iter()
            .map(|c| extras.theme_labels_it.get(*c).map_or(*c, String::as_str))
            .collect::<Vec<_>>()
            .join("; ");
        let signed = i.signed_sha256.is_some();
        let signed_text = if signed {
            format!("{base}/pacts/{}/print", i.id)
        } else {
            String::new()
        };
        let pdf = if signed {
            format!("{base}/pacts/{}/signed.pdf", i.id)
        } else {
            String::new()
        };
        let lat = i.lat.map(|v| format!("{v:.6}")).unwrap_or_default();
        let lng = i.lng.map(|v| format!("{v:.6}")).unwrap_or_default();
        let geopoint = match (i.lat, i.lng) {
            (Some(a), Some(o)) => format!("{a:.6}, {o:.6}"),
            _ => String::new(),
        };
        let district = i.district_name.as_deref().unwrap_or("");
        let levels = match extras.district_chains.get(district) {
            Some(chain) => district_columns(&chain.iter().map(String::as_str).collect::<Vec<_>>()),
            None => district_columns(&[district][..usize::from(!district.is_empty())]),
        };
        let end = i.end_date.map(|d| d.to_string()).unwrap_or_default();
        table.row(&[
            Value(i.id.to_string()),
            Text(&i.title),
            Text(proposer),
            Text(&levels.upper),
            Text(&i.address),
            Value(lat.clone()),
            Value(lng.clone()),
            Text(i.state.open_data_label().unwrap_or("")),
            Value(date(i.submitted_at)),
            Value(date(i.signed_at)),
            Value(end.clone()),
            Text(&themes),
            Value(signed_text),
            // Bologna
            Text(&levels.lower),
            Value(geopoint),
            // Palermo
            Text(&i.proposer_name),
            Text(&ambiti),
            Text(&levels.lower),
            Text(&levels.upper),
            Text(&note(i.state, d.state_reasons.as_deref())),
            Value(
                d.photo
                    .as_ref()
                    .map(|p| format!("{base}{p}"))
                    .unwrap_or_default(),
            ),
            Value(pdf),
            // Bari
            Text(&d.objectives),
            Value(d.start_date.map(|d| d.to_string()).unwrap_or_default()),
            Value(end),
            Value(d.observations.to_string()),
            Value(d.adherents.to_string()),
            Text(&levels.upper),
            Text(&levels.lower),
            Value(lat),
            Value(lng),
            // Pactum
            Value(i.state.code().to_string()),
            Value(i.kind.code().to_string()),
            Value(i.signed_sha256.clone().unwrap_or_default()),
            Value(
                i.signed_ledger_index
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
            ),
            Value(counts.get(&i.id).copied().unwrap_or(0).to_string()),
            Value(format!("{base}/pacts/{}", i.id)),
            Value(
                d.commons
                    .iter()
                    .map(|c| format!("{base}/commons/{c}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        ])?;
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pacts::procedure::{Intensity, PactType};

    #[test]
    fn district_levels_and_notes() {
        assert_eq!(district_columns(&[]), DistrictColumns::default());
        assert_eq!(
            district_columns(&["Navile", "Bolognina"]),
            DistrictColumns {
                upper: "Navile".into(),
                lower: "Bolognina".into()
            }
        );
        assert_eq!(
            note(PactState::Suspended, Some(" works ")),
            "Patto sospeso: works"
        );
        assert_eq!(note(PactState::Suspended, None), "Patto sospeso");
        assert_eq!(note(PactState::Rejected, Some("No")), "No");
        assert_eq!(note(PactState::Signed, Some("  ")), "");
    }

    #[test]
    fn italian_columns_labels_and_defused_cells() {
        let t = chrono::NaiveDate::from_ymd_opt(2027, 1, 5)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let item = ListItem {
            id: 3,
            title: "=Orto, \"bello\"".into(),
            kind: PactType::Complex,
            intensity: Intensity::Regeneration,
            state: PactState::Monitoring,
            proposer_name: "Ada".into(),
            group_name: Some("Amici del parco".into()),
            district_name: Some("Centro".into()),
            office_id: None,
            address: "Via Roma 1".into(),
            lat: Some(44.5),
            lng: Some(11.25),
            submitted_at: Some(t),
            signed_at: Some(t),
            end_date: chrono::NaiveDate::from_ymd_opt(2029, 1, 4),
            signed_sha256: Some("ab".repeat(32)),
            signed_ledger_index: Some(17),
            due_at: None,
            state_since: t,
            texts: None,
            district_texts: None,
        };
        let labels = HashMap::from([("green_area".to_string(), "Area verde".to_string())]);
        let details = HashMap::from([(
            3,
            CsvDetails {
                objectives: "Curare il parco".into(),
                start_date: chrono::NaiveDate::from_ymd_opt(2027, 1, 5),
                state_reasons: None,
                observations: 4,
                adherents: 6,
                photo: Some("/files/ab.jpg".into()),
                commons: vec![4, 9],
            },
        )]);
        let csv = write(
            "https://city.example/",
            &[item],
            &Extras {
                support_counts: &[(3, 2)],
                themes: &[(3, "green_area".into()), (3, "building".into())],
                theme_labels_it: &labels,
                details: &details,
                district_chains: &HashMap::from([("Centro".into(), vec!["Centro".into()])]),
            },
        )
        .unwrap();
        assert!(csv.starts_with("\u{FEFF}id,titolo,proponente,"));
        let row = csv.lines().nth(1).unwrap();
        assert!(row.starts_with("3,\"'=Orto, \"\"bello\"\"\",Amici del parco,Centro,Via Roma 1,44.500000,11.250000,Proroga e/o Monitoraggio e valutazione dei risultati,2027-01-05,2027-01-05,2029-01-04,building;green_area,https://city.example/pacts/3/print,\
,\"44.500000, 11.250000\",\
Ada,building; Area verde,,Centro,,https://city.example/files/ab.jpg,https://city.example/pacts/3/signed.pdf,\
Curare il parco,2027-01-05,2029-01-04,4,6,Centro,,44.500000,11.250000,\
monitoring,complex,"), "{row}");
        assert!(row.ends_with(
            ",17,2,https://city.example/pacts/3,https://city.example/commons/4; https://city.example/commons/9"
        ));
        assert!(csv.ends_with("\r\n"));
    }
}
