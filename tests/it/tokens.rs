//! The tokens' methodologies against the shared vectors (`tests/data/tokens`, copied
//! unchanged with their sources): each worked example comes out to the gram and to
//! the token.

use pactum::tokens::model::methodology::{Methodology, compute, read_factors};
use serde_json::Value;

fn data(name: &str) -> String {
    let path = format!("{}/tests/data/tokens/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The methodology an example's activity and name call for: the grid is the one the
/// example names (Belgian or French), the fuel petrol, the gas natural gas.
fn methodology_of(example: &Value) -> Methodology {
    let name = example["name"].as_str().unwrap();
    let grid = if name.contains("French") {
        "electricity_fr_2022"
    } else {
        "electricity_be_2022"
    };
    let activity = example["activity"].as_object().unwrap();
    if activity.contains_key("pv_kwp") {
        Methodology::rooftop_pv(1, grid)
    } else if activity.contains_key("km") {
        Methodology::ebike_for_car(1, "petrol_e10", "ebike_use")
    } else {
        Methodology::heat_pump_for_gas(1, "natural_gas_fr_2022", grid)
    }
}

#[test]
fn the_worked_examples_come_out_exactly() {
    let factors = read_factors(&data("emission-factors.csv")).unwrap();
    assert_eq!(factors.len(), 8);
    let examples: Value = serde_json::from_str(&data("worked-examples.json")).unwrap();
    let examples = examples["examples"].as_array().unwrap();
    assert_eq!(examples.len(), 4);
    for e in examples {
        let m = methodology_of(e);
        let activity: Vec<(String, String)> = e["activity"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        let pairs: Vec<(&str, &str)> = activity
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let r = compute(&m, &factors, &pairs).unwrap_or_else(|err| panic!("{e}: {err:?}"));
        assert_eq!(
            r.avoided_grams,
            e["avoided_grams"].as_i64().unwrap(),
            "{}",
            e["name"]
        );
        assert_eq!(
            r.tokens,
            e["tokens_before_buffer"].as_i64().unwrap(),
            "{}",
            e["name"]
        );
    }
}

#[test]
fn the_shipped_factor_table_is_the_shared_one_unchanged() {
    assert_eq!(
        pactum::tokens::SHIPPED_FACTORS,
        data("emission-factors.csv"),
        "src/tokens/data/emission-factors.csv must stay a copy of the shared table"
    );
    let table = pactum::tokens::shipped_factors().unwrap();
    assert_eq!(table.len(), 8);
    let vintage =
        |key: &str| pactum::tokens::vintage_of(table.iter().find(|f| f.key == key).unwrap());
    assert_eq!(vintage("electricity_be_2022"), "2022");
    assert_eq!(vintage("electricity_uk_2024"), "2024");
    assert_eq!(
        vintage("petrol_e10"),
        "",
        "no year in its key or source: the publisher states it"
    );
}
