//! The support ledger on the web: the office records a delivery from the pact page;
//! the open data of the support given, line by line in the shape Italian cities
//! publish for economic advantages granted (D.Lgs. 33/2013, art. 26–27), and the
//! public totals.

use actix_session::Session;
use actix_web::web;

use super::{Reply, Res};
use crate::accounts::api::CurrentUser;
use crate::error::AppError;
use crate::kit::money;
use crate::pacts::procedure::PactType;
use crate::pacts::service;
use crate::pacts::store::Who;
use crate::pacts::support::DeliveryInput;
use crate::pacts::view::support::{ExportRow, SupportTotals, export_rows, totals};
use crate::ports::AppState;
use crate::web::csv::Cell::{Text, Value};
use crate::web::csv::Table;
use crate::web::forms::FormData;
use crate::web::i18n::{Lang, catalog};
use crate::web::opendata::csv_response;
use crate::web::page::PageCtx;

/// `POST /pacts/{id}/deliveries`: the lead office records a delivery of its support.
pub async fn record_delivery(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    body: web::Bytes,
) -> Res {
    let id = id.into_inner();
    let f = FormData::parse(&body);
    let input = DeliveryInput {
        line: f.get("delivery_line").to_string(),
        what: f.get("delivery_what").to_string(),
        delivered_on: f.get("delivery_on").to_string(),
        value: f.get("delivery_value").to_string(),
    };
    let result = service::record_delivery(&state, &Who::from(&user), id, input).await;
    Reply::new(ctx, &session, &state, &user)
        .after(id, f, result, "pact-support-delivery-recorded", "#support")
        .await
}

/// The columns of `/pacts/support.csv`: those of the Italian tables of economic
/// advantages granted (beneficiary, tax code, amount, legal basis, office, official
/// responsible, how the beneficiary was chosen, link to the act), then Pactum's own.
pub const SUPPORT_HEADER: &str = "beneficiario,codice_fiscale_partita_iva,importo,\
importo_erogato,norma_titolo_attribuzione,ufficio,responsabile_procedimento,\
modalita_individuazione_beneficiario,link_atto,numero_atto,data_sottoscrizione,\
data_inizio,data_fine,stato,id_patto,riga,tipo_sostegno,descrizione,quantita,periodo,\
state,support_kind";

/// How the beneficiary of a pact's support is chosen, as the export says it.
const CHOSEN_BY: &str = "Patto di collaborazione";

/// The support export (`web::csv`: BOM, CRLF, typed text defused).
fn write_support(base: &str, legal_basis: &str, rows: &[ExportRow]) -> Result<String, AppError> {
    let header: Vec<&str> = SUPPORT_HEADER.split(',').collect();
    let mut table = Table::new(&header)?;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for r in rows {
        // The act: the pact's public page; a complex pact's executive act by number.
        let act = if r.kind == PactType::Complex {
            r.act_number.as_str()
        } else {
            ""
        };
        let kind_it = catalog().t(Lang::It, &r.support_kind.label_key());
        table.row(&[
            Text(&r.beneficiary),
            // Pactum does not hold tax codes.
            Value(String::new()),
            Value(r.promised.map(money::euros).unwrap_or_default()),
            Value(money::euros(r.delivered)),
            Text(legal_basis),
            Text(&r.office),
            Text(&r.official),
            Value(CHOSEN_BY.to_string()),
            Value(format!("{base}/pacts/{}", r.pact)),
            Text(act),
            Value(date(r.signed_on)),
            Value(date(r.start_date)),
            Value(date(r.end_date)),
            Text(r.state.open_data_label().unwrap_or("")),
            Value(r.pact.to_string()),
            Value((r.position + 1).to_string()),
            Text(&kind_it),
            Text(&r.description),
            Text(&r.quantity),
            Text(&r.period),
            Value(r.state.code().to_string()),
            Value(r.support_kind.code().to_string()),
        ])?;
    }
    table.finish()
}

/// The columns of `/pacts/support-totals.csv`.
pub const TOTALS_HEADER: &str = "dimension,name,promised,delivered";

/// The public totals as CSV: one row overall, then per district, office and year.
fn write_totals(t: &SupportTotals) -> Result<String, AppError> {
    let header: Vec<&str> = TOTALS_HEADER.split(',').collect();
    let mut table = Table::new(&header)?;
    let mut row = |dimension: &str, name: &str, x: &crate::pacts::support::Totals| {
        table.row(&[
            Value(dimension.to_string()),
            Text(name),
            Value(x.promised_eur()),
            Value(x.delivered_eur()),
        ])
    };
    row("total", "", &t.overall)?;
    for (d, x) in &t.by_district {
        row("district", d, x)?;
    }
    for (o, x) in &t.by_office {
        row("office", o, x)?;
    }
    for (y, x) in &t.by_year {
        row("year", &y.to_string(), x)?;
    }
    table.finish()
}

/// `GET /pacts/support.csv`: every support line of the signed pacts (in force,
/// suspended or concluded), promised and delivered.
pub async fn support_csv(state: web::Data<AppState>) -> Res {
    let base = state.config.absolute_url("");
    let legal_basis = state.config.support_legal_basis.clone();
    let body = state
        .db
        .run(move |conn| write_support(&base, &legal_basis, &export_rows(conn)?))
        .await?;
    Ok(csv_response("pacts-support.csv", body))
}

/// `GET /pacts/support-totals.csv`: promised against delivered, overall and per
/// district, office and year.
pub async fn support_totals_csv(state: web::Data<AppState>) -> Res {
    let body = state.db.run(|conn| write_totals(&totals(conn)?)).await?;
    Ok(csv_response("pacts-support-totals.csv", body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pacts::procedure::{PactState, SupportKind};

    #[test]
    fn a_support_line_in_the_italian_shape() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let row = ExportRow {
            pact: 4,
            kind: PactType::Complex,
            state: PactState::Monitoring,
            beneficiary: "=Amici del parco".into(),
            office: "Verde pubblico".into(),
            official: "Aldo Rossi".into(),
            act_number: "DG/2027/1".into(),
            start_date: d("2027-01-10"),
            end_date: d("2029-01-09"),
            signed_on: d("2027-01-05"),
            position: 1,
            support_kind: SupportKind::Materials,
            description: "Compost, \"bio\"".into(),
            quantity: "20 bags".into(),
            period: "2027".into(),
            promised: Some(120_050),
            delivered: 5_000,
        };
        let csv = write_support("https://city.example", "Regolamento", &[row]).unwrap();
        assert!(csv.starts_with(&format!("\u{FEFF}{SUPPORT_HEADER}\r\n")));
        let line = csv.lines().nth(1).unwrap();
        assert!(
            line.starts_with(
                "'=Amici del parco,,1200.50,50.00,Regolamento,Verde pubblico,Aldo Rossi,\
Patto di collaborazione,https://city.example/pacts/4,DG/2027/1,2027-01-05,2027-01-10,\
2029-01-09,Proroga e/o Monitoraggio e valutazione dei risultati,4,2,"
            ),
            "{line}"
        );
        assert!(
            line.ends_with(",\"Compost, \"\"bio\"\"\",20 bags,2027,monitoring,materials"),
            "{line}"
        );
    }
}
