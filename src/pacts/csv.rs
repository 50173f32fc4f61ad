//! `/pacts.csv`: the columns Italian cities publish for their collaboration pacts
//! (id, title, proposer, district, address, coordinates, state label in the Italian
//! open-data vocabulary, dates, themes, link to the signed text), then Pactum's own
//! (state code, type, text hash, ledger index, number of city-support lines).

use super::view::ListItem;
use std::collections::HashMap;

use crate::error::AppError;
use crate::web::csv::Cell::{Text, Value};
use crate::web::csv::Table;

pub const HEADER: &str = "id,titolo,proponente,quartiere,indirizzo,lat,lng,stato,\
data_presentazione,data_sottoscrizione,data_scadenza,temi,testo_sottoscritto,\
state,type,text_sha256,ledger_index,support_lines,url";

fn date(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The pacts as CSV (`web::csv`: BOM, CRLF, typed text defused). Support-line counts
/// and themes come as lists keyed by pact id, looked up once each.
pub fn write(
    base_url: &str,
    items: &[ListItem],
    support_counts: &[(i64, i64)],
    themes: &[(i64, String)],
) -> Result<String, AppError> {
    let base = base_url.trim_end_matches('/');
    let counts: HashMap<i64, i64> = support_counts.iter().copied().collect();
    let mut themes_of: HashMap<i64, Vec<&str>> = HashMap::new();
    for (id, theme) in themes {
        themes_of.entry(*id).or_default().push(theme);
    }
    let header: Vec<&str> = HEADER.split(',').collect();
    let mut table = Table::new(&header)?;
    for i in items {
        let proposer = i.group_name.as_deref().unwrap_or(&i.proposer_name);
        let mut t = themes_of.get(&i.id).cloned().unwrap_or_default();
        t.sort_unstable();
        t.dedup();
        let themes = t.join(";");
        let signed_text = match i.signed_sha256 {
            Some(_) => format!("{base}/pacts/{}/print", i.id),
            None => String::new(),
        };
        table.row(&[
            Value(i.id.to_string()),
            Text(&i.title),
            Text(proposer),
            Text(i.district_name.as_deref().unwrap_or("")),
            Text(&i.address),
            Value(i.lat.map(|v| format!("{v:.6}")).unwrap_or_default()),
            Value(i.lng.map(|v| format!("{v:.6}")).unwrap_or_default()),
            Text(i.state.open_data_label().unwrap_or("")),
            Value(date(i.submitted_at)),
            Value(date(i.signed_at)),
            Value(i.end_date.map(|d| d.to_string()).unwrap_or_default()),
            Text(&themes),
            Value(signed_text),
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
        ])?;
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pacts::procedure::{Intensity, PactState, PactType};

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
        };
        let csv = write(
            "https://city.example/",
            &[item],
            &[(3, 2)],
            &[(3, "green_area".into()), (3, "building".into())],
        )
        .unwrap();
        assert!(csv.starts_with("\u{FEFF}id,titolo,proponente,"));
        let row = csv.lines().nth(1).unwrap();
        assert!(row.starts_with("3,\"'=Orto, \"\"bello\"\"\",Amici del parco,Centro,Via Roma 1,44.500000,11.250000,Proroga e/o Monitoraggio e valutazione dei risultati,2027-01-05,2027-01-05,2029-01-04,building;green_area,https://city.example/pacts/3/print,monitoring,complex,"));
        assert!(row.ends_with(",17,2,https://city.example/pacts/3"));
        assert!(csv.ends_with("\r\n"));
    }
}
