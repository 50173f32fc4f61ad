//! `/pacts.csv`: the columns Italian cities publish for their collaboration pacts
//! (id, title, proposer, district, address, coordinates, state label in the Italian
//! open-data vocabulary, dates, themes, link to the signed text), then Pactum's own
//! (state code, type, text hash, ledger index, number of city-support lines).

use super::view::ListItem;
use crate::commons::exports::cell;

pub const HEADER: &str = "id,titolo,proponente,quartiere,indirizzo,lat,lng,stato,\
data_presentazione,data_sottoscrizione,data_scadenza,temi,testo_sottoscritto,\
state,type,text_sha256,ledger_index,support_lines,url";

fn date(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// UTF-8 with a byte-order mark, CRLF line ends, formula-like text defused.
pub fn write(
    base_url: &str,
    items: &[ListItem],
    support_counts: &[(i64, i64)],
    themes: &[(i64, String)],
) -> String {
    let base = base_url.trim_end_matches('/');
    let mut out = String::with_capacity(256 + items.len() * 300);
    out.push('\u{FEFF}');
    out.push_str(HEADER);
    out.push_str("\r\n");
    for i in items {
        let proposer = match &i.group_name {
            Some(g) => g.clone(),
            None => i.proposer_name.clone(),
        };
        let mut t: Vec<&str> = themes
            .iter()
            .filter(|x| x.0 == i.id)
            .map(|x| x.1.as_str())
            .collect();
        t.sort_unstable();
        t.dedup();
        let signed_text = match i.signed_sha256 {
            Some(_) => format!("{base}/pacts/{}/print", i.id),
            None => String::new(),
        };
        let line = [
            i.id.to_string(),
            cell(&i.title, true),
            cell(&proposer, true),
            cell(i.district_name.as_deref().unwrap_or(""), true),
            cell(&i.address, true),
            i.lat.map(|v| format!("{v:.6}")).unwrap_or_default(),
            i.lng.map(|v| format!("{v:.6}")).unwrap_or_default(),
            cell(i.state.open_data_label().unwrap_or(""), true),
            date(i.submitted_at),
            date(i.signed_at),
            i.end_date.map(|d| d.to_string()).unwrap_or_default(),
            cell(&t.join(";"), true),
            signed_text,
            i.state.code().to_string(),
            i.kind.code().to_string(),
            i.signed_sha256.clone().unwrap_or_default(),
            i.signed_ledger_index
                .map(|x| x.to_string())
                .unwrap_or_default(),
            support_counts
                .iter()
                .find(|c| c.0 == i.id)
                .map(|c| c.1)
                .unwrap_or(0)
                .to_string(),
            format!("{base}/pacts/{}", i.id),
        ]
        .join(",");
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out
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
        );
        assert!(csv.starts_with("\u{FEFF}id,titolo,proponente,"));
        let row = csv.lines().nth(1).unwrap();
        assert!(row.starts_with("3,\"'=Orto, \"\"bello\"\"\",Amici del parco,Centro,Via Roma 1,44.500000,11.250000,Proroga e/o Monitoraggio e valutazione dei risultati,2027-01-05,2027-01-05,2029-01-04,building;green_area,https://city.example/pacts/3/print,monitoring,complex,"));
        assert!(row.ends_with(",17,2,https://city.example/pacts/3"));
        assert!(csv.ends_with("\r\n"));
    }
}
