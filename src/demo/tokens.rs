//! The demo city's decarbonisation tokens (DOMAIN.md, "Decarbonisation tokens"): the
//! "Valdora Decarbonisation Rewards" programme with its three methodologies, two
//! accredited verifiers (one a member of the garden cooperative, so he is kept off its
//! claim), three acceptance points, a civic fund with the city's deposit and two
//! sponsors', claims in every state, and the tokens then spent, transferred and
//! exchanged. Everything goes through the area's use-cases, on the civic ledger like
//! real operations; a refused step fails the demo, naming the step.

use chrono::{Duration, NaiveDateTime};

use crate::accounts::api::{self as accounts, Who};
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::tokens::model::claim::ClaimInput;
use crate::tokens::model::methodology::Factor;
use crate::tokens::service::claims::{self, ClaimForm};
use crate::tokens::service::post;
use crate::tokens::service::programmes::{
    self, DepositForm, MethodologyForm, PointForm, ProgrammeForm,
};
use crate::tokens::service::reviews::{self, ReviewForm};
use crate::tokens::service::wallet::{self, ExchangeForm, SettleForm, SpendForm, TransferForm};
use crate::tokens::store::{self, Holder};
use crate::web::forms::Refusal;

/// The programme's slug (from its name).
pub const PROGRAMME: &str = "valdora-decarbonisation-rewards";

/// A refused step as the demo's failure, naming the step.
fn step<T>(what: &str, r: Result<T, Refusal>) -> Result<T, AppError> {
    r.map_err(|e| AppError::Internal(format!("demo tokens, {what}: {e:?}")))
}

/// A request key, as the forms carry (the `_in` use-cases do not keep it).
fn key() -> String {
    crate::util::random_token()
}

/// Who a demo person is, with the roles the database gives them.
fn actor(conn: &mut AnyConnection, id: i64) -> Result<Who, AppError> {
    Ok(Who {
        id,
        roles: accounts::roles_of(conn, id)?,
        verified: true,
    })
}

/// The demo's cast for the tokens, and the city code its batches are named with.
struct Cast {
    city: String,
    admin: Who,
    /// An official of the coordinating office (green areas).
    marco: Who,
    /// An official of the culture office, which runs the pool's vouchers.
    sara: Who,
    elena: Who,
    davide: Who,
    giulia: Who,
    paolo: Who,
    chiara: Who,
    ahmed: Who,
    sofie: Who,
    /// The garden cooperative (Paolo its referent; Ahmed and Davide members).
    orti: i64,
}

/// The demo's clock: `days` before `now`, plus `minutes`, so rows and pages show a
/// history rather than one instant.
fn at(now: NaiveDateTime, days: i64, minutes: i64) -> NaiveDateTime {
    now - Duration::days(days) + Duration::minutes(minutes)
}

/// `people` are the demo's accounts in `PEOPLE` order, `groups` its groups and
/// `offices` its offices (green areas, culture, schools, mobility, heritage, legal).
pub fn load(
    conn: &mut AnyConnection,
    people: &[i64],
    groups: &[i64],
    offices: &[i64],
) -> Result<(), AppError> {
    let now = crate::util::now();
    let person = |i: usize| people.get(i).copied().ok_or(AppError::NotFound);
    let orti = groups.get(1).copied().ok_or(AppError::NotFound)?;
    let davide = person(10)?;
    // Davide, the second verifier, gardens with the cooperative: the policy keeps him
    // off its claim, and Elena verifies it.
    crate::accounts::groups::add_member(conn, orti, davide)?;
    let c = Cast {
        city: crate::tokens::model::money::city_code(super::CITY_NAME),
        admin: actor(conn, person(0)?)?,
        marco: actor(conn, person(1)?)?,
        sara: actor(conn, person(2)?)?,
        elena: actor(conn, person(4)?)?,
        davide: actor(conn, davide)?,
        giulia: actor(conn, person(5)?)?,
        paolo: actor(conn, person(6)?)?,
        chiara: actor(conn, person(7)?)?,
        ahmed: actor(conn, person(8)?)?,
        sofie: actor(conn, person(9)?)?,
        orti,
    };
    let culture = offices.get(1).copied().ok_or(AppError::NotFound)?;
    let mobility = offices.get(3).copied().ok_or(AppError::NotFound)?;
    programme(conn, &c, culture, mobility, at(now, 120, 0))?;
    fund(conn, &c, at(now, 110, 0))?;
    claims_in_every_state(conn, &c, now)?;
    wallets(conn, &c, at(now, 20, 0))
}

/// The programme, its methodologies, verifiers and acceptance points.
fn programme(
    conn: &mut AnyConnection,
    c: &Cast,
    culture: i64,
    mobility: i64,
    t: NaiveDateTime,
) -> Result<(), AppError> {
    let p = step(
        "programme",
        programmes::create_in(
            conn,
            &c.admin,
            &ProgrammeForm {
                name: "Valdora Decarbonisation Rewards".into(),
                code: "DECARB".into(),
                description: "Valdora rewards residents and groups for emissions they \
                    verifiably avoid: one token for each kilogram of CO2e, computed by a \
                    published methodology and checked by an accredited verifier. Tokens \
                    pay for city services (bus passes, the pool, the bike workshop) or \
                    are exchanged for euros from the civic fund. Sponsors of the fund \
                    are thanked publicly; they never claim the residents' reductions as \
                    their own."
                    .into(),
                buffer_percent: "5".into(),
                second_verifier_tokens: "500".into(),
                rate_euros: "0.10".into(),
                transferable: Some("on".into()),
            },
            t,
        ),
    )?;
    if p.slug != PROGRAMME {
        return Err(AppError::internal(format!(
            "demo tokens: programme slug {}",
            p.slug
        )));
    }
    let table = crate::tokens::shipped_factors().map_err(AppError::Internal)?;
    for (formula, title, applicability, factors) in [
        (
            "rooftop_pv",
            "Rooftop solar panels displacing grid electricity",
            "Who may claim: the owner or tenant of a rooftop photovoltaic installation \
             in Valdora connected to the grid, or a group for an installation on its \
             premises. Evidence: the connection certificate giving the peak power (kWp) \
             and the inverter's or the production meter's readings at the start and end \
             of the period. Period: a finished period of up to one year; a year's yield \
             above 1,300 kWh per kWp needs the meter's readings. The same installation \
             is claimed once for any day.",
            &[("grid", "electricity_be_2022")][..],
        ),
        (
            "ebike_for_car",
            "Trips by e-bike instead of a petrol car",
            "Who may claim: a resident who replaced trips made by their own petrol car \
             with an electric-assist bicycle (commuting, school runs, errands). \
             Evidence: the e-bike's odometer photographed at the start and end of the \
             period, and the car's registration document giving its consumption \
             (litres per 100 km). Period: a finished period of up to one year; \
             leisure rides that replaced no car trip are not claimed.",
            &[("fuel", "petrol_e10"), ("ebike", "ebike_use")][..],
        ),
        (
            "heat_pump_for_gas",
            "Heat pump replacing a gas boiler",
            "Who may claim: the household or group heating a home or building in \
             Valdora whose gas boiler was replaced by an electric heat pump. Evidence: \
             the gas bills of the last full year before the change (the baseline, in \
             kWh) and the heat pump's electricity meter readings for the period. \
             Period: a finished heating period of up to one year after the \
             installation; the boiler may not be kept as the main heating.",
            &[
                ("gas", "natural_gas_fr_2022"),
                ("grid", "electricity_be_2022"),
            ][..],
        ),
    ] {
        let factors = factors
            .iter()
            .map(|(role, k)| {
                Ok((
                    role.to_string(),
                    k.to_string(),
                    vintage(&table, k)
                        .ok_or_else(|| AppError::internal(format!("demo tokens: no factor {k}")))?,
                ))
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        step(
            formula,
            programmes::publish_in(
                conn,
                &c.admin,
                &MethodologyForm {
                    formula: formula.into(),
                    title: title.into(),
                    applicability: applicability.into(),
                    factors,
                },
                &table,
                t,
            ),
        )?;
    }
    // Elena and Davide, the demo's verifiers (`PEOPLE` 4 and 10).
    for i in [4, 10] {
        let email = super::PEOPLE.get(i).ok_or(AppError::NotFound)?.email;
        step(
            "accreditation",
            programmes::accredit_in(conn, &c.admin, PROGRAMME, email, t),
        )?;
    }
    for (name, description, price, office) in [
        (
            "Day bus pass",
            "A day's unlimited travel on Valdora's buses and trams, valid on the day it \
             is first stamped. Show the voucher to the driver or at the ticket office.",
            "30",
            mobility,
        ),
        (
            "Swimming pool entry",
            "One entry to the municipal pool in Via dello Sport, any session. The \
             culture and sport desk checks the voucher at the entrance.",
            "20",
            culture,
        ),
        (
            "Bike repair workshop voucher",
            "A repair session at the Ciclofficina's workshop: labour and small parts \
             (brake pads, a chain, inner tubes) for one bicycle.",
            "50",
            mobility,
        ),
    ] {
        step(
            name,
            programmes::create_point_in(
                conn,
                &c.admin,
                PROGRAMME,
                &PointForm {
                    name: name.into(),
                    description: description.into(),
                    price_tokens: price.into(),
                    office: office.to_string(),
                },
                t,
            ),
        )?;
    }
    Ok(())
}

/// A shipped factor's vintage; the ADEME figures without a year in their key are the
/// 2022 ones Nos Gestes Climat's 2022 model uses.
fn vintage(table: &[Factor], key: &str) -> Option<String> {
    let f = table.iter().find(|f| f.key == key)?;
    let v = crate::tokens::vintage_of(f);
    Some(if v.is_empty() { "2022".into() } else { v })
}

/// The civic fund: the city's budget and two sponsors, thanked for it (they claim no
/// one's reduction).
fn fund(conn: &mut AnyConnection, c: &Cast, t: NaiveDateTime) -> Result<(), AppError> {
    for (who, sponsor, euros, purpose) in [
        (
            &c.marco,
            "",
            "5000",
            "Decarbonisation budget 2026: the city's yearly allocation for exchanging \
             residents' tokens.",
        ),
        (
            &c.admin,
            "Valdora Tram Company",
            "1500",
            "Sponsorship of the civic fund, recognised on the programme's page. The \
             company supports residents' own reductions and claims none of them.",
        ),
        (
            &c.admin,
            "Cooperativa Energia Verde",
            "800",
            "Support for the rooftop solar rewards of 2026, with public thanks. A \
             contribution to the fund, not a purchase of anyone's reduction.",
        ),
    ] {
        let index = post::begin(conn)?;
        step(
            "deposit",
            programmes::deposit_in(
                conn,
                who,
                PROGRAMME,
                &DepositForm {
                    sponsor: sponsor.into(),
                    euros: euros.into(),
                    purpose: purpose.into(),
                    idempotency_key: key(),
                },
                index,
                t,
            ),
        )?;
    }
    Ok(())
}

/// A claim as its form would send it.
fn claim_form(
    methodology: &str,
    asset: &str,
    period: (&str, &str),
    group: Option<i64>,
    activity: &[(&str, &str)],
) -> ClaimForm {
    ClaimForm {
        input: ClaimInput {
            methodology: methodology.into(),
            asset: asset.into(),
            starts_on: period.0.into(),
            ends_on: period.1.into(),
        },
        group: group.map(|g| g.to_string()).unwrap_or_default(),
        activity: activity
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        idempotency_key: key(),
    }
}

fn submit(
    conn: &mut AnyConnection,
    who: &Who,
    f: &ClaimForm,
    t: NaiveDateTime,
) -> Result<i64, AppError> {
    post::begin(conn)?;
    let what = format!("claim {}", f.input.asset);
    // The assets are spread over the city's districts (by their ids' length, so the
    // demo is the same every time), for the programme's figures by district.
    let districts = crate::commons::api::districts(conn)?;
    let district = match districts.len() {
        0 => String::new(),
        n => districts[f.input.asset.len() % n].id.to_string(),
    };
    let made = claims::submit_located_in(conn, who, PROGRAMME, f, &district, &[], t);
    Ok(step(&what, made)?.id)
}

fn review(
    conn: &mut AnyConnection,
    c: &Cast,
    who: &Who,
    claim: i64,
    decision: &str,
    reason: &str,
    t: NaiveDateTime,
) -> Result<(), AppError> {
    let index = post::begin(conn)?;
    let f = ReviewForm {
        decision: decision.into(),
        reason: reason.into(),
        idempotency_key: key(),
    };
    step(
        &format!("{decision} claim {claim}"),
        reviews::review_in(conn, who, claim, &f, &c.city, index, t),
    )?;
    Ok(())
}

/// Claims in every state, five of them issued: tokens for Chiara, Sofie, Ahmed,
/// Giulia and the cooperative.
fn claims_in_every_state(
    conn: &mut AnyConnection,
    c: &Cast,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let year = ("2025-01-01", "2025-12-31");
    // Chiara's 3 kWp roof for 2025: 3,900 kWh, 686 tokens, above the threshold: Elena
    // and Davide both approve.
    let pv = claim_form(
        "PV01@1",
        "VAL-PV-0012",
        year,
        None,
        &[("pv_kwp", "3"), ("yield_kwh_per_kwp", "1300")],
    );
    let chiara_pv = submit(conn, &c.chiara, &pv, at(now, 100, 0))?;
    review(conn, c, &c.elena, chiara_pv, "approve", "", at(now, 98, 0))?;
    review(conn, c, &c.davide, chiara_pv, "approve", "", at(now, 97, 0))?;
    // Sofie rode 1,000 km instead of driving her 6 l/100 km car: 159 tokens.
    let bike = claim_form(
        "BIKE01@1",
        "VAL-EBIKE-0207",
        ("2025-03-01", "2025-08-31"),
        None,
        &[("km", "1000"), ("car_l_per_100km", "6")],
    );
    let sofie_bike = submit(conn, &c.sofie, &bike, at(now, 95, 0))?;
    review(
        conn,
        c,
        &c.davide,
        sofie_bike,
        "approve",
        "",
        at(now, 93, 0),
    )?;
    // Ahmed files for the garden cooperative's shed roof (2 kWp, 457 tokens): Davide
    // is a member, so Elena verifies; she asks for the inverter's reading first.
    let shed = claim_form(
        "PV01@1",
        "VAL-PV-0031",
        year,
        Some(c.orti),
        &[("pv_kwp", "2"), ("yield_kwh_per_kwp", "1300")],
    );
    let orti_pv = submit(conn, &c.ahmed, &shed, at(now, 92, 0))?;
    review(
        conn,
        c,
        &c.elena,
        orti_pv,
        "ask",
        "Please add the inverter's reading on 31 December 2025: the certificate gives the \
         peak power but not the year's production.",
        at(now, 90, 0),
    )?;
    step(
        "answer",
        claims::answer_in(
            conn,
            &c.ahmed,
            orti_pv,
            "The inverter read 2,655 kWh on 31 December 2025; the photo is in the \
             cooperative's folder at the garden.",
            &[],
            at(now, 88, 0),
        ),
    )?;
    review(conn, c, &c.elena, orti_pv, "approve", "", at(now, 86, 0))?;
    // Ahmed's winter of commuting by e-bike: 2,400 km instead of a 7 l/100 km car.
    let commute = claim_form(
        "BIKE01@1",
        "VAL-EBIKE-0112",
        ("2025-09-01", "2026-02-28"),
        None,
        &[("km", "2400"), ("car_l_per_100km", "7")],
    );
    let ahmed_bike = submit(conn, &c.ahmed, &commute, at(now, 80, 0))?;
    review(
        conn,
        c,
        &c.davide,
        ahmed_bike,
        "approve",
        "",
        at(now, 78, 0),
    )?;
    // Giulia claimed the whole year, then saw the panels were connected in April: she
    // withdraws and claims April to December (668 tokens, two approvals).
    let early = claim_form(
        "PV01@1",
        "VAL-PV-0047",
        year,
        None,
        &[("pv_kwp", "4"), ("yield_kwh_per_kwp", "1250")],
    );
    let withdrawn = submit(conn, &c.giulia, &early, at(now, 76, 0))?;
    step(
        "withdraw",
        claims::withdraw_in(conn, &c.giulia, withdrawn, at(now, 75, 0)),
    )?;
    let late = claim_form(
        "PV01@1",
        "VAL-PV-0047",
        ("2025-04-01", "2025-12-31"),
        None,
        &[("pv_kwp", "4"), ("yield_kwh_per_kwp", "950")],
    );
    let giulia_pv = submit(conn, &c.giulia, &late, at(now, 75, 30))?;
    review(conn, c, &c.davide, giulia_pv, "approve", "", at(now, 72, 0))?;
    review(conn, c, &c.elena, giulia_pv, "approve", "", at(now, 71, 0))?;
    // Paolo's heat pump: 12,000 kWh of gas replaced by 3,600 kWh of electricity,
    // 1,946 tokens; Elena approved, the second verifier has yet to look.
    let hp = claim_form(
        "HP01@1",
        "PDR-0418-2291-07",
        year,
        None,
        &[("gas_kwh", "12000"), ("heat_pump_kwh", "3600")],
    );
    let paolo_hp = submit(conn, &c.paolo, &hp, at(now, 60, 0))?;
    review(conn, c, &c.elena, paolo_hp, "approve", "", at(now, 55, 0))?;
    // Paolo's June on the e-bike: the kilometres do not match the odometer.
    let june = claim_form(
        "BIKE01@1",
        "VAL-EBIKE-0033",
        ("2025-06-01", "2025-06-30"),
        None,
        &[("km", "4800"), ("car_l_per_100km", "8")],
    );
    let paolo_bike = submit(conn, &c.paolo, &june, at(now, 58, 0))?;
    review(
        conn,
        c,
        &c.davide,
        paolo_bike,
        "reject",
        "4,800 km in June is 160 km a day, and the odometer photos show 1,212 km and \
         1,692 km: 480 km. Please file the month again with 480 km.",
        at(now, 54, 0),
    )?;
    // Sofie's new balcony panels for the first quarter of 2026: Davide asks for more.
    let balcony = claim_form(
        "PV01@1",
        "VAL-PV-0058",
        ("2026-01-01", "2026-03-31"),
        None,
        &[("pv_kwp", "1.5"), ("yield_kwh_per_kwp", "210")],
    );
    let sofie_pv = submit(conn, &c.sofie, &balcony, at(now, 40, 0))?;
    review(
        conn,
        c,
        &c.davide,
        sofie_pv,
        "ask",
        "The meter photo has no date. Please add the distribution operator's reading \
         for 31 March 2026, or a dated photo of the production meter.",
        at(now, 38, 0),
    )?;
    // Chiara's heat pump for the 2025-26 heating season, waiting for a verifier.
    let winter = claim_form(
        "HP01@1",
        "PDR-0877-4471-12",
        ("2025-10-01", "2026-03-31"),
        None,
        &[("gas_kwh", "7800"), ("heat_pump_kwh", "2300")],
    );
    submit(conn, &c.chiara, &winter, at(now, 30, 0))?;
    Ok(())
}

/// The account pseudonym a holder gives to receive tokens.
fn account_of(
    conn: &mut AnyConnection,
    holder: Holder,
    t: NaiveDateTime,
) -> Result<String, AppError> {
    let p = store::programme_by_slug(conn, PROGRAMME)?;
    Ok(store::open_holder_account(conn, p.id, holder, t)?.pseudonym)
}

/// Spends at the points (two vouchers checked), a transfer, and three exchanges: one
/// paid, one voided, one awaiting its payout.
fn wallets(conn: &mut AnyConnection, c: &Cast, t: NaiveDateTime) -> Result<(), AppError> {
    let mut minute = 0;
    let mut tick = || {
        minute += 37;
        t + Duration::minutes(minute)
    };
    // Chiara gives Paolo 40 tokens: he has none yet, and swims with them.
    let to = account_of(conn, Holder::Person(c.paolo.id), t)?;
    let index = post::begin(conn)?;
    step(
        "transfer",
        wallet::transfer_in(
            conn,
            &c.chiara,
            PROGRAMME,
            &TransferForm {
                to,
                amount: "40".into(),
                group: String::new(),
                idempotency_key: key(),
            },
            index,
            tick(),
        ),
    )?;
    let mut vouchers = Vec::new();
    for (who, point, quantity, group) in [
        (&c.chiara, "day-bus-pass", "2", None),
        (&c.chiara, "swimming-pool-entry", "1", None),
        (&c.sofie, "bike-repair-workshop-voucher", "1", None),
        (&c.sofie, "swimming-pool-entry", "1", None),
        (&c.ahmed, "day-bus-pass", "1", None),
        (&c.giulia, "swimming-pool-entry", "2", None),
        (&c.paolo, "swimming-pool-entry", "1", None),
        // Paolo, the cooperative's referent, spends its tokens on its bicycles.
        (&c.paolo, "bike-repair-workshop-voucher", "2", Some(c.orti)),
    ] {
        let index = post::begin(conn)?;
        let r = step(
            point,
            wallet::spend_in(
                conn,
                who,
                PROGRAMME,
                &SpendForm {
                    point: point.into(),
                    quantity: quantity.into(),
                    group: group.map(|g| g.to_string()).unwrap_or_default(),
                    idempotency_key: key(),
                },
                index,
                tick(),
            ),
        )?;
        vouchers.push(r.id);
    }
    // The pool's desk (culture office) checks Chiara's entry; the coordinating
    // office checks Sofie's repair voucher.
    for (spend, official) in [(vouchers[1], &c.sara), (vouchers[2], &c.marco)] {
        let code: String = {
            use crate::db::schema::token_spends;
            use diesel::prelude::*;
            token_spends::table
                .find(spend)
                .select(token_spends::voucher)
                .first(conn)?
        };
        step("redeem", wallet::redeem_in(conn, official, &code, tick()))?;
    }
    // Exchanges for euros: Giulia's is paid, Ahmed's voided, Chiara's awaits payout.
    let mut exchange = |who: &Who, amount: &str| -> Result<i64, AppError> {
        let index = post::begin(conn)?;
        Ok(step(
            "exchange",
            wallet::exchange_in(
                conn,
                who,
                PROGRAMME,
                &ExchangeForm {
                    amount: amount.into(),
                    group: String::new(),
                    idempotency_key: key(),
                },
                index,
                tick(),
            ),
        )?
        .id)
    };
    let paid = exchange(&c.giulia, "300")?;
    let voided = exchange(&c.ahmed, "200")?;
    exchange(&c.chiara, "250")?;
    for (id, who, decision, reason) in [
        (paid, &c.marco, "pay", "Paid by bank transfer."),
        (
            voided,
            &c.admin,
            "void",
            "Ahmed asked to cancel: he will spend the tokens on bus passes instead.",
        ),
    ] {
        let index = post::begin(conn)?;
        step(
            decision,
            wallet::settle_in(
                conn,
                who,
                id,
                &SettleForm {
                    decision: decision.into(),
                    reason: reason.into(),
                    idempotency_key: key(),
                },
                index,
                t + Duration::days(1),
            ),
        )?;
    }
    Ok(())
}
