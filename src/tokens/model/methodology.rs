//! Methodologies: how a claim's activity data becomes avoided emissions, in exact
//! decimal arithmetic (DOMAIN.md, "Decarbonisation tokens").
//!
//! A methodology (`PV01@1`) names its typed inputs (unit and bounds), the emission
//! factors it reads (each bound to one row of the factor table, with its source and
//! vintage) and its formula: baseline emissions minus project emissions. The result is
//! floored to whole grams, then to whole kilograms: 1 token = 1 kg CO2e. Flooring at
//! each step is conservative: a claim never gets a gram it did not avoid. A result
//! below zero (the project emits more than the baseline) avoids nothing.
//!
//! The three methodologies Pactum ships:
//! - `PV01` rooftop photovoltaics: `pv_kwp × yield_kwh_per_kwp` kWh of generation,
//!   each displacing a kWh of the grid's mix;
//! - `BIKE01` e-bike kilometres replacing car kilometres: the car's fuel
//!   (`km × car_l_per_100km / 100` litres) minus the e-bike's use per km;
//! - `HP01` a heat pump replacing a gas boiler: the boiler's gas (`gas_kwh`) minus the
//!   heat pump's electricity (`heat_pump_kwh`) from the grid.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// One emission factor of the table (`emission-factors.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    pub key: String,
    pub value: Decimal,
    pub unit: String,
    pub scope: String,
    pub source: String,
}

/// Reads the factor table: a header `key,value,unit,scope,source`, then one factor per
/// row, its value an exact decimal. Names the line of the first bad row.
pub fn read_factors(text: &str) -> Result<Vec<Factor>, String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = r
        .headers()
        .map_err(|e| format!("line 1: {e}"))?
        .iter()
        .collect::<Vec<_>>()
        .join(",");
    if header != "key,value,unit,scope,source" {
        return Err(format!(
            "line 1: the header must be key,value,unit,scope,source, not {header}"
        ));
    }
    let mut out: Vec<Factor> = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() != 5 {
            return Err(format!("line {line}: a factor has five cells"));
        }
        let value = Decimal::from_str_exact(&rec[1])
            .ok()
            .filter(|v| *v >= Decimal::ZERO)
            .ok_or_else(|| format!("line {line}: \"{}\" is not a decimal number", &rec[1]))?;
        if rec[0].is_empty() || out.iter().any(|f| f.key == rec[0]) {
            return Err(format!("line {line}: the key is empty or repeated"));
        }
        out.push(Factor {
            key: rec[0].to_string(),
            value,
            unit: rec[2].to_string(),
            scope: rec[3].to_string(),
            source: rec[4].to_string(),
        });
    }
    Ok(out)
}

/// One typed input of a methodology.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InputSpec {
    pub name: &'static str,
    pub unit: &'static str,
    /// Inclusive bounds, as exact decimals written as text.
    pub min: &'static str,
    pub max: &'static str,
}

/// Which formula a methodology applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    RooftopPv,
    EbikeForCar,
    HeatPumpForGas,
}

/// A published methodology: code, version, inputs, and the factor table rows its
/// formula reads (by role: `grid`, `fuel`, `ebike`, `gas`).
#[derive(Debug, Clone, PartialEq)]
pub struct Methodology {
    pub code: &'static str,
    pub version: u32,
    pub formula: Formula,
    pub inputs: &'static [InputSpec],
    /// (role, factor key).
    pub factors: Vec<(&'static str, String)>,
}

const PV_INPUTS: &[InputSpec] = &[
    InputSpec {
        name: "pv_kwp",
        unit: "kWp",
        min: "0.1",
        max: "100",
    },
    InputSpec {
        name: "yield_kwh_per_kwp",
        unit: "kWh/kWp",
        min: "1",
        max: "2000",
    },
];

const BIKE_INPUTS: &[InputSpec] = &[
    InputSpec {
        name: "km",
        unit: "km",
        min: "1",
        max: "20000",
    },
    InputSpec {
        name: "car_l_per_100km",
        unit: "l/100 km",
        min: "2",
        max: "20",
    },
];

const HEAT_PUMP_INPUTS: &[InputSpec] = &[
    InputSpec {
        name: "gas_kwh",
        unit: "kWh",
        min: "1",
        max: "200000",
    },
    InputSpec {
        name: "heat_pump_kwh",
        unit: "kWh",
        min: "0",
        max: "100000",
    },
];

impl Methodology {
    /// Rooftop PV displacing the grid whose factor is `grid`.
    pub fn rooftop_pv(version: u32, grid: &str) -> Methodology {
        Methodology {
            code: "PV01",
            version,
            formula: Formula::RooftopPv,
            inputs: PV_INPUTS,
            factors: vec![("grid", grid.to_string())],
        }
    }

    /// E-bike kilometres replacing a car burning the fuel whose factor is `fuel`.
    pub fn ebike_for_car(version: u32, fuel: &str, ebike: &str) -> Methodology {
        Methodology {
            code: "BIKE01",
            version,
            formula: Formula::EbikeForCar,
            inputs: BIKE_INPUTS,
            factors: vec![("fuel", fuel.to_string()), ("ebike", ebike.to_string())],
        }
    }

    /// A heat pump on the grid `grid` replacing a boiler burning the gas `gas`.
    pub fn heat_pump_for_gas(version: u32, gas: &str, grid: &str) -> Methodology {
        Methodology {
            code: "HP01",
            version,
            formula: Formula::HeatPumpForGas,
            inputs: HEAT_PUMP_INPUTS,
            factors: vec![("gas", gas.to_string()), ("grid", grid.to_string())],
        }
    }

    /// `PV01@1`.
    pub fn id(&self) -> String {
        format!("{}@{}", self.code, self.version)
    }
}

/// Why activity data cannot be computed, by input (or factor) name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComputeError {
    /// An input missing, not a decimal, or out of its bounds.
    Input(&'static str),
    /// A factor the methodology names is not in the table.
    Factor(String),
    /// The numbers do not fit (they cannot, within the bounds).
    Overflow,
}

/// What a claim's activity data avoids, step by step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reduction {
    /// Baseline and project emissions, in grams (floored).
    pub baseline_grams: i64,
    pub project_grams: i64,
    /// Baseline minus project, never below zero.
    pub avoided_grams: i64,
    /// Whole kilograms of the avoided grams: the tokens before the buffer share.
    pub tokens: i64,
}

fn grams(kg: Decimal) -> Result<i64, ComputeError> {
    kg.checked_mul(Decimal::from(1000))
        .map(|g| g.floor())
        .and_then(|g| g.to_i64())
        .ok_or(ComputeError::Overflow)
}

/// Computes the reduction of `activity` ((input name, value as typed)) with the
/// methodology's factors from `table`. Every input is required and bounded.
pub fn compute(
    m: &Methodology,
    table: &[Factor],
    activity: &[(&str, &str)],
) -> Result<Reduction, ComputeError> {
    let input = |name: &'static str| -> Result<Decimal, ComputeError> {
        let spec = m
            .inputs
            .iter()
            .find(|s| s.name == name)
            .ok_or(ComputeError::Input(name))?;
        let v = activity
            .iter()
            .find(|(k, _)| *k == name)
            .and_then(|(_, v)| Decimal::from_str_exact(v.trim()).ok())
            .ok_or(ComputeError::Input(name))?;
        let (min, max) = (
            Decimal::from_str_exact(spec.min).map_err(|_| ComputeError::Input(name))?,
            Decimal::from_str_exact(spec.max).map_err(|_| ComputeError::Input(name))?,
        );
        if v < min || v > max {
            return Err(ComputeError::Input(name));
        }
        Ok(v)
    };
    let factor = |role: &str| -> Result<Decimal, ComputeError> {
        let key = m
            .factors
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, k)| k.as_str())
            .ok_or_else(|| ComputeError::Factor(role.to_string()))?;
        table
            .iter()
            .find(|f| f.key == key)
            .map(|f| f.value)
            .ok_or_else(|| ComputeError::Factor(key.to_string()))
    };
    let mul = |a: Decimal, b: Decimal| a.checked_mul(b).ok_or(ComputeError::Overflow);
    let (baseline_kg, project_kg) = match m.formula {
        Formula::RooftopPv => {
            let kwh = mul(input("pv_kwp")?, input("yield_kwh_per_kwp")?)?;
            (mul(kwh, factor("grid")?)?, Decimal::ZERO)
        }
        Formula::EbikeForCar => {
            let km = input("km")?;
            let litres = mul(km, input("car_l_per_100km")?)?
                .checked_div(Decimal::from(100))
                .ok_or(ComputeError::Overflow)?;
            (mul(litres, factor("fuel")?)?, mul(km, factor("ebike")?)?)
        }
        Formula::HeatPumpForGas => (
            mul(input("gas_kwh")?, factor("gas")?)?,
            mul(input("heat_pump_kwh")?, factor("grid")?)?,
        ),
    };
    let (baseline_grams, project_grams) = (grams(baseline_kg)?, grams(project_kg)?);
    let avoided_grams = (baseline_grams - project_grams).max(0);
    Ok(Reduction {
        baseline_grams,
        project_grams,
        avoided_grams,
        tokens: avoided_grams / 1000,
    })
}

impl Formula {
    pub const ALL: &'static [Formula] = &[
        Formula::RooftopPv,
        Formula::EbikeForCar,
        Formula::HeatPumpForGas,
    ];

    /// The formula's code in documents and forms.
    pub fn code(self) -> &'static str {
        match self {
            Formula::RooftopPv => "rooftop_pv",
            Formula::EbikeForCar => "ebike_for_car",
            Formula::HeatPumpForGas => "heat_pump_for_gas",
        }
    }

    pub fn parse(s: &str) -> Option<Formula> {
        Formula::ALL.iter().copied().find(|f| f.code() == s.trim())
    }

    /// The methodology code every version of this formula carries.
    pub fn methodology_code(self) -> &'static str {
        match self {
            Formula::RooftopPv => "PV01",
            Formula::EbikeForCar => "BIKE01",
            Formula::HeatPumpForGas => "HP01",
        }
    }

    pub fn inputs(self) -> &'static [InputSpec] {
        match self {
            Formula::RooftopPv => PV_INPUTS,
            Formula::EbikeForCar => BIKE_INPUTS,
            Formula::HeatPumpForGas => HEAT_PUMP_INPUTS,
        }
    }

    /// The factors the formula reads, by role.
    pub fn roles(self) -> &'static [&'static str] {
        match self {
            Formula::RooftopPv => &["grid"],
            Formula::EbikeForCar => &["fuel", "ebike"],
            Formula::HeatPumpForGas => &["gas", "grid"],
        }
    }
}

/// One emission factor as a published methodology states it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocFactor {
    pub role: String,
    pub key: String,
    /// The exact decimal as written in the source table.
    pub value: String,
    pub unit: String,
    pub scope: String,
    pub source: String,
    /// The year the factor describes.
    pub vintage: String,
}

/// One typed input as a published methodology states it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DocInput {
    pub name: String,
    pub unit: String,
    pub min: String,
    pub max: String,
}

/// A methodology's published document: everything a claim's reduction depends on. It
/// is stored as its canonical JSON, whose SHA-256 the civic ledger holds; a published
/// document never changes (a change is a new version).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    pub code: String,
    pub version: u32,
    pub formula: String,
    pub title: String,
    pub applicability: String,
    pub inputs: Vec<DocInput>,
    pub factors: Vec<DocFactor>,
}

/// The longest title and applicability text of a methodology.
pub const MAX_TITLE: usize = 200;
pub const MAX_APPLICABILITY: usize = 4000;

impl Document {
    /// A document for `formula` at `version`, its factors taken by key from `table`
    /// (`(role, key, vintage)`). Refused, with the reason, when a role is missing or
    /// repeated, a key is not in the table, or a text is empty or too long.
    pub fn new(
        formula: Formula,
        version: u32,
        title: &str,
        applicability: &str,
        table: &[Factor],
        chosen: &[(&str, &str, &str)],
    ) -> Result<Document, String> {
        let (title, applicability) = (title.trim(), applicability.trim());
        if title.is_empty() || title.chars().count() > MAX_TITLE {
            return Err("title".into());
        }
        if applicability.is_empty() || applicability.chars().count() > MAX_APPLICABILITY {
            return Err("applicability".into());
        }
        if version == 0 {
            return Err("version".into());
        }
        let mut factors = Vec::new();
        for role in formula.roles() {
            let mut of_role = chosen.iter().filter(|(r, _, _)| r == role);
            let (Some((_, key, vintage)), None) = (of_role.next(), of_role.next()) else {
                return Err(format!("factor_{role}"));
            };
            let f = table
                .iter()
                .find(|f| f.key == *key)
                .ok_or_else(|| format!("factor_{role}"))?;
            let vintage = vintage.trim();
            if vintage.len() != 4 || !vintage.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("vintage_{role}"));
            }
            factors.push(DocFactor {
                role: role.to_string(),
                key: f.key.clone(),
                value: f.value.to_string(),
                unit: f.unit.clone(),
                scope: f.scope.clone(),
                source: f.source.clone(),
                vintage: vintage.to_string(),
            });
        }
        if chosen.len() != factors.len() {
            return Err("factors".into());
        }
        Ok(Document {
            code: formula.methodology_code().to_string(),
            version,
            formula: formula.code().to_string(),
            title: title.to_string(),
            applicability: applicability.to_string(),
            inputs: formula
                .inputs()
                .iter()
                .map(|i| DocInput {
                    name: i.name.to_string(),
                    unit: i.unit.to_string(),
                    min: i.min.to_string(),
                    max: i.max.to_string(),
                })
                .collect(),
            factors,
        })
    }

    /// The canonical JSON the ledger's hash is taken of (fields in declaration order,
    /// no spaces).
    pub fn canonical(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string(self)
    }

    /// `PV01@1`.
    pub fn id(&self) -> String {
        format!("{}@{}", self.code, self.version)
    }

    /// The methodology and its factor table, to compute claims with; `None` for a
    /// document that does not hold together (an unknown formula, a missing factor).
    pub fn methodology(&self) -> Option<(Methodology, Vec<Factor>)> {
        let formula = Formula::parse(&self.formula)?;
        if formula.methodology_code() != self.code {
            return None;
        }
        let mut table = Vec::new();
        let mut roles = Vec::new();
        for f in &self.factors {
            let role = formula.roles().iter().find(|r| **r == f.role)?;
            table.push(Factor {
                key: f.key.clone(),
                value: Decimal::from_str_exact(&f.value).ok()?,
                unit: f.unit.clone(),
                scope: f.scope.clone(),
                source: f.source.clone(),
            });
            roles.push((*role, f.key.clone()));
        }
        let m = Methodology {
            code: formula.methodology_code(),
            version: self.version,
            formula,
            inputs: formula.inputs(),
            factors: roles,
        };
        Some((m, table))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "key,value,unit,scope,source\n\
        grid_a,0.176,kgCO2e/kWh,A grid,somewhere\n\
        grid_b,0.0580,kgCO2e/kWh,B grid,somewhere\n\
        petrol,2.7,kgCO2e/l,Petrol,somewhere\n\
        ebike,0.00223,kgCO2e/km,E-bike,somewhere\n\
        gas,0.215,kgCO2e/kWh,Gas,somewhere\n";

    fn table() -> Vec<Factor> {
        read_factors(TABLE).unwrap()
    }

    #[test]
    fn the_factor_table_is_read_exactly_and_bad_rows_are_named() {
        let t = table();
        assert_eq!(t.len(), 5);
        assert_eq!(t[1].value, Decimal::from_str_exact("0.0580").unwrap());
        assert!(read_factors("key,value\n").unwrap_err().contains("line 1"));
        let bad = "key,value,unit,scope,source\ngrid,0.1,u,s,x\nfuel,lots,u,s,x\n";
        assert!(read_factors(bad).unwrap_err().starts_with("line 3"));
        let twice = "key,value,unit,scope,source\ngrid,0.1,u,s,x\ngrid,0.2,u,s,x\n";
        assert!(read_factors(twice).unwrap_err().contains("repeated"));
        let negative = "key,value,unit,scope,source\ngrid,-0.1,u,s,x\n";
        assert!(read_factors(negative).is_err());
    }

    #[test]
    fn grams_are_floored_then_kilograms() {
        let m = Methodology::rooftop_pv(1, "grid_a");
        // 0.1 kWp × 1 kWh = 0.1 kWh × 0.176 = 0.0176 kg = 17.6 g: 17 g, no token.
        let r = compute(
            &m,
            &table(),
            &[("pv_kwp", "0.1"), ("yield_kwh_per_kwp", "1")],
        )
        .unwrap();
        assert_eq!((r.avoided_grams, r.tokens), (17, 0));
        assert_eq!(m.id(), "PV01@1");
    }

    #[test]
    fn inputs_are_required_decimal_and_bounded() {
        let m = Methodology::ebike_for_car(1, "petrol", "ebike");
        let t = table();
        let run = |a: &[(&str, &str)]| compute(&m, &t, a);
        assert_eq!(
            run(&[("km", "100")]),
            Err(ComputeError::Input("car_l_per_100km"))
        );
        assert_eq!(
            run(&[("km", "1e3"), ("car_l_per_100km", "6")]),
            Err(ComputeError::Input("km"))
        );
        assert_eq!(
            run(&[("km", "20001"), ("car_l_per_100km", "6")]),
            Err(ComputeError::Input("km"))
        );
        assert_eq!(
            run(&[("km", "100"), ("car_l_per_100km", "1.9")]),
            Err(ComputeError::Input("car_l_per_100km"))
        );
        let missing = Methodology::ebike_for_car(1, "diesel", "ebike");
        assert_eq!(
            compute(&missing, &t, &[("km", "100"), ("car_l_per_100km", "6")]),
            Err(ComputeError::Factor("diesel".into()))
        );
    }

    #[test]
    fn a_document_states_its_factors_and_computes_like_the_methodology() {
        let doc = Document::new(
            Formula::HeatPumpForGas,
            2,
            "Heat pump replacing a gas boiler",
            "Homes whose gas boiler was replaced.",
            &table(),
            &[("gas", "gas", "2022"), ("grid", "grid_a", "2022")],
        )
        .unwrap();
        assert_eq!(doc.id(), "HP01@2");
        let back: Document = serde_json::from_str(&doc.canonical().unwrap()).unwrap();
        assert_eq!(back, doc);
        let (m, t) = back.methodology().unwrap();
        let activity = [("gas_kwh", "12000"), ("heat_pump_kwh", "3600")];
        assert_eq!(
            compute(&m, &t, &activity),
            compute(
                &Methodology::heat_pump_for_gas(2, "gas", "grid_a"),
                &table(),
                &activity
            )
        );
        let bad = |chosen: &[(&str, &str, &str)]| {
            Document::new(Formula::HeatPumpForGas, 2, "t", "a", &table(), chosen).unwrap_err()
        };
        assert_eq!(bad(&[("gas", "gas", "2022")]), "factor_grid");
        assert_eq!(
            bad(&[("gas", "nope", "2022"), ("grid", "grid_a", "2022")]),
            "factor_gas"
        );
        assert_eq!(
            bad(&[("gas", "gas", "22"), ("grid", "grid_a", "2022")]),
            "vintage_gas"
        );
        assert_eq!(
            bad(&[
                ("gas", "gas", "2022"),
                ("grid", "grid_a", "2022"),
                ("fuel", "petrol", "2022")
            ]),
            "factors"
        );
        let mut tampered = doc.clone();
        tampered.code = "PV01".into();
        assert!(tampered.methodology().is_none());
    }

    #[test]
    fn a_project_that_emits_more_avoids_nothing() {
        let m = Methodology::heat_pump_for_gas(1, "gas", "grid_a");
        let r = compute(
            &m,
            &table(),
            &[("gas_kwh", "100"), ("heat_pump_kwh", "1000")],
        )
        .unwrap();
        assert_eq!((r.avoided_grams, r.tokens), (0, 0));
        assert!(r.project_grams > r.baseline_grams);
    }
}
