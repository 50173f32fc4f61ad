//! The token book through its use-cases, on the test database (SQLite, and PostgreSQL
//! when the suite runs there): a claim verified by two verifiers and issued with its
//! serials and buffer share; transfers, a spend and its voucher, an exchange against
//! the civic fund; the overlap refused by the claim's transaction, also when claims
//! race; a verifier kept off their own group's claim; idempotency keys, also when the
//! same request races itself; and random sequences of operations with every invariant
//! checked after each step (`tokens::service::check`, what `pactum tokens check` runs).

use crate::support::in_tx;
use pactum::accounts::api::Who;
use pactum::error::AppError;
use pactum::kit::roles::Role;
use pactum::tokens::model::claim::ClaimInput;
use pactum::tokens::service::check;
use pactum::tokens::service::claims::{self, ClaimForm};
use pactum::tokens::service::programmes::{
    self, DepositForm, MethodologyForm, PointForm, ProgrammeForm,
};
use pactum::tokens::service::requests::Receipt;
use pactum::tokens::service::reviews::{self, ReviewForm};
use pactum::tokens::service::wallet::{self, ExchangeForm, SettleForm, SpendForm, TransferForm};
use pactum::tokens::store::{self, Holder};
use pactum::web::forms::Refusal;

use crate::builders::{GroupBuilder, OfficeBuilder, UserBuilder};
use crate::support::TestApp;

fn who(id: i64, roles: &[Role]) -> Who {
    Who {
        id,
        roles: roles.to_vec(),
        verified: true,
    }
}

fn key() -> String {
    pactum::util::random_token()
}

fn transfer_form(to: impl Into<String>, amount: impl Into<String>) -> TransferForm {
    TransferForm {
        to: to.into(),
        amount: amount.into(),
        group: String::new(),
        idempotency_key: key(),
    }
}

fn spend_form(quantity: impl Into<String>, group: impl Into<String>) -> SpendForm {
    SpendForm {
        point: "swimming-pool-entry".into(),
        quantity: quantity.into(),
        group: group.into(),
        idempotency_key: key(),
    }
}

fn exchange_form(amount: impl Into<String>) -> ExchangeForm {
    ExchangeForm {
        amount: amount.into(),
        group: String::new(),
        idempotency_key: key(),
    }
}

fn settle_form(decision: impl Into<String>, reason: impl Into<String>) -> SettleForm {
    SettleForm {
        decision: decision.into(),
        reason: reason.into(),
        idempotency_key: key(),
    }
}

fn deposit_form(sponsor: impl Into<String>, euros: &str, purpose: &str) -> DepositForm {
    DepositForm {
        sponsor: sponsor.into(),
        euros: euros.into(),
        purpose: purpose.into(),
        idempotency_key: key(),
    }
}

/// A city running the `decarb` programme (5 % buffer, a second verifier above 500
/// tokens, 10 cents per token, transfers allowed) with the three methodologies, two
/// accredited verifiers (Vera belongs to the Solar Co-op), citizens, the co-op, a pool
/// whose vouchers the sports office checks, and the coordinating office's official.
pub(crate) struct City {
    pub(crate) app: TestApp,
    pub(crate) admin: Who,
    pub(crate) vera: Who,
    pub(crate) victor: Who,
    pub(crate) anna: Who,
    pub(crate) bruno: Who,
    pub(crate) coop: i64,
    pub(crate) treasurer: Who,
    pub(crate) sports: Who,
    pub(crate) stranger_official: Who,
}

impl City {
    pub(crate) fn ports(&self) -> &pactum::ports::Ports {
        &self.app.state.ports
    }

    pub(crate) fn checked(&self) {
        let mut conn = self.app.state.db.get().unwrap();
        let broken = check::all_in(&mut conn).unwrap();
        assert!(broken.is_empty(), "invariants broken: {broken:#?}");
    }
}

pub(crate) async fn city() -> City {
    let app = TestApp::new();
    let coordinating = OfficeBuilder::new("Commons office")
        .coordinating()
        .build(&app);
    let sports_office = OfficeBuilder::new("Sports").build(&app);
    let elsewhere = OfficeBuilder::new("Roads").build(&app);
    let admin = who(UserBuilder::new("ada").admin().build(&app), &[Role::Admin]);
    let vera = who(
        UserBuilder::new("vera").role(Role::Verifier).build(&app),
        &[Role::Verifier],
    );
    let victor = who(
        UserBuilder::new("victor").role(Role::Verifier).build(&app),
        &[Role::Verifier],
    );
    let anna = who(UserBuilder::new("anna").build(&app), &[]);
    let bruno = who(UserBuilder::new("bruno").build(&app), &[]);
    let coop = GroupBuilder::new("Solar Co-op", bruno.id)
        .member(vera.id)
        .build(&app);
    let treasurer = who(
        UserBuilder::new("tina")
            .official_in(coordinating)
            .build(&app),
        &[Role::Official],
    );
    let sports = who(
        UserBuilder::new("sam")
            .official_in(sports_office)
            .build(&app),
        &[Role::Official],
    );
    let stranger_official = who(
        UserBuilder::new("rob").official_in(elsewhere).build(&app),
        &[Role::Official],
    );
    let now = pactum::util::now();
    {
        let mut conn = app.state.db.get().unwrap();
        in_tx(&mut conn, |cx| {
            programmes::create_in(
                cx,
                &admin,
                &ProgrammeForm {
                    name: "Decarb".into(),
                    code: "decarb".into(),
                    description: "Verified decarbonisation, rewarded.".into(),
                    buffer_percent: "5".into(),
                    second_verifier_tokens: "500".into(),
                    rate_euros: "0.10".into(),
                    transferable: Some("on".into()),
                },
                now,
            )
        })
        .unwrap();
        let table = pactum::tokens::shipped_factors().unwrap();
        for (formula, factors) in [
            ("rooftop_pv", vec![("grid", "electricity_be_2022")]),
            (
                "ebike_for_car",
                vec![("fuel", "petrol_e10"), ("ebike", "ebike_use")],
            ),
            (
                "heat_pump_for_gas",
                vec![
                    ("gas", "natural_gas_fr_2022"),
                    ("grid", "electricity_be_2022"),
                ],
            ),
        ] {
            in_tx(&mut conn, |cx| {
                programmes::publish_in(
                    cx,
                    &admin,
                    &MethodologyForm {
                        formula: formula.into(),
                        title: format!("Methodology {formula}"),
                        applicability: "Assets in the city.".into(),
                        factors: factors
                            .iter()
                            .map(|(r, k)| (r.to_string(), k.to_string(), "2022".to_string()))
                            .collect(),
                    },
                    &table,
                    now,
                )
            })
            .unwrap();
        }
        for v in [&vera, &victor] {
            in_tx(&mut conn, |cx| {
                programmes::accredit_in(
                    cx,
                    &admin,
                    "decarb",
                    &format!(
                        "{}@example.org",
                        if v.id == vera.id { "vera" } else { "victor" }
                    ),
                    now,
                )
            })
            .unwrap();
        }
        in_tx(&mut conn, |cx| {
            programmes::create_point_in(
                cx,
                &admin,
                "decarb",
                &PointForm {
                    name: "Swimming pool entry".into(),
                    description: "One entry to the city pool.".into(),
                    price_tokens: "20".into(),
                    office: sports_office.to_string(),
                },
                now,
            )
        })
        .unwrap();
    }
    City {
        app,
        admin,
        vera,
        victor,
        anna,
        bruno,
        coop,
        treasurer,
        sports,
        stranger_official,
    }
}

fn pv_claim(asset: &str, from: &str, to: &str, kwp: &str, group: Option<i64>) -> ClaimForm {
    ClaimForm {
        input: ClaimInput {
            methodology: "PV01@1".into(),
            asset: asset.into(),
            starts_on: from.into(),
            ends_on: to.into(),
        },
        group: group.map(|g| g.to_string()).unwrap_or_default(),
        activity: vec![
            ("pv_kwp".into(), kwp.into()),
            ("yield_kwh_per_kwp".into(), "1300".into()),
        ],
        idempotency_key: key(),
    }
}

fn field_of<T: std::fmt::Debug>(r: Result<T, Refusal>) -> &'static str {
    match r {
        Err(Refusal::Form(e)) => e.get(e.fields()[0]),
        other => panic!("not a form refusal: {other:?}"),
    }
}

fn forbidden<T: std::fmt::Debug>(r: Result<T, Refusal>) {
    assert!(
        matches!(
            r,
            Err(Refusal::App(
                AppError::Forbidden | AppError::ForbiddenBecause(_)
            ))
        ),
        "not forbidden: {r:?}"
    );
}

async fn decide(
    c: &City,
    v: &Who,
    claim: i64,
    decision: &str,
    reason: &str,
) -> Result<Receipt, Refusal> {
    reviews::review(
        c.ports(),
        v,
        claim,
        ReviewForm {
            decision: decision.into(),
            reason: reason.into(),
            idempotency_key: key(),
        },
    )
    .await
}

/// A claim of `kwp` kWp of rooftop PV for 2025 by `who`, approved by `verifiers`.
async fn issued(c: &City, who: &Who, asset: &str, kwp: &str, verifiers: &[&Who]) -> i64 {
    let claim = claims::submit(
        c.ports(),
        who,
        "decarb",
        pv_claim(asset, "2025-01-01", "2025-12-31", kwp, None),
        vec![],
    )
    .await
    .unwrap();
    for v in verifiers {
        decide(c, v, claim.id, "approve", "").await.unwrap();
    }
    claim.id
}

fn balance(c: &City, holder: Holder) -> i64 {
    let mut conn = c.app.state.db.get().unwrap();
    store::holder_account(&mut conn, 1, holder)
        .unwrap()
        .map(|a| a.balance)
        .unwrap_or(0)
}

fn pseudonym_of(c: &City, holder: Holder) -> String {
    let mut conn = c.app.state.db.get().unwrap();
    store::open_holder_account(&mut conn, 1, holder, pactum::util::now())
        .unwrap()
        .pseudonym
}

#[actix_web::test]
async fn a_claim_is_verified_twice_issued_spent_and_exchanged_and_the_book_stays_sound() {
    let c = city().await;
    c.checked();
    // 3 kWp for a year on the Belgian grid: 686 tokens, over the 500 threshold.
    let claim = claims::submit(
        c.ports(),
        &c.anna,
        "decarb",
        pv_claim("be-pv-0001", "2025-01-01", "2025-12-31", "3", None),
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(claim.kind, "claim");
    let one = decide(&c, &c.vera, claim.id, "approve", "").await.unwrap();
    assert_eq!(one, claim);
    c.checked();
    assert_eq!(
        balance(&c, Holder::Person(c.anna.id)),
        0,
        "one approval of two issues nothing"
    );
    forbidden(decide(&c, &c.vera, claim.id, "approve", "").await);
    forbidden(decide(&c, &c.anna, claim.id, "approve", "").await);
    decide(&c, &c.victor, claim.id, "approve", "")
        .await
        .unwrap();
    c.checked();
    // 5 % of 686 is 34.3: the buffer keeps 35, Anna gets 651.
    assert_eq!(balance(&c, Holder::Person(c.anna.id)), 651);
    {
        let mut conn = c.app.state.db.get().unwrap();
        let buffer = store::system_account(&mut conn, 1, store::AccountKind::Buffer).unwrap();
        assert_eq!(buffer.balance, 35);
    }
    assert_eq!(c.app.count("token_issuances"), 1);
    // A retried decision cannot issue again: the claim is no longer in the queue.
    forbidden(decide(&c, &c.victor, claim.id, "approve", "").await);
    assert_eq!(c.app.count("token_issuances"), 1);

    // Anna gives Bruno 100; he cannot give back more than he has.
    let bruno_account = pseudonym_of(&c, Holder::Person(c.bruno.id));
    let t = wallet::transfer(
        c.ports(),
        &c.anna,
        "decarb",
        transfer_form(bruno_account.clone(), "100"),
    )
    .await
    .unwrap();
    assert_eq!(t.kind, "transfer");
    c.checked();
    let anna_account = pseudonym_of(&c, Holder::Person(c.anna.id));
    let too_much = wallet::transfer(
        c.ports(),
        &c.bruno,
        "decarb",
        transfer_form(anna_account, "101"),
    )
    .await;
    assert_eq!(field_of(too_much), "field-token-amount-insufficient");

    // Bruno swims: 20 tokens retired, a voucher the sports office checks once.
    let spend = wallet::spend(
        c.ports(),
        &c.bruno,
        "decarb",
        spend_form("1", String::new()),
    )
    .await
    .unwrap();
    c.checked();
    assert_eq!(balance(&c, Holder::Person(c.bruno.id)), 80);
    let voucher: String = {
        use diesel::prelude::*;
        use pactum::db::schema::token_spends;
        let mut conn = c.app.state.db.get().unwrap();
        token_spends::table
            .find(spend.id)
            .select(token_spends::voucher)
            .first(&mut conn)
            .unwrap()
    };
    forbidden(wallet::redeem(c.ports(), &c.stranger_official, voucher.clone(), key()).await);
    forbidden(wallet::redeem(c.ports(), &c.bruno, voucher.clone(), key()).await);
    wallet::redeem(c.ports(), &c.sports, voucher.to_lowercase(), key())
        .await
        .unwrap();
    assert_eq!(
        field_of(wallet::redeem(c.ports(), &c.sports, voucher.clone(), key()).await),
        "field-voucher-used"
    );

    // Anna exchanges 300 tokens (30 euros): refused while the fund is short.
    let exchange = |amount: &str| exchange_form(amount);
    assert_eq!(
        field_of(wallet::exchange(c.ports(), &c.anna, "decarb", exchange("300")).await),
        "field-exchange-fund-short"
    );
    let deposit =
        |sponsor: &str, euros: &str| deposit_form(sponsor, euros, "Rewarding decarbonisation");
    forbidden(
        programmes::deposit(c.ports(), &c.stranger_official, "decarb", deposit("", "50")).await,
    );
    programmes::deposit(c.ports(), &c.treasurer, "decarb", deposit("", "20"))
        .await
        .unwrap();
    programmes::deposit(c.ports(), &c.admin, "decarb", deposit("Tram Company", "15"))
        .await
        .unwrap();
    let held = wallet::exchange(c.ports(), &c.anna, "decarb", exchange("300"))
        .await
        .unwrap();
    c.checked();
    // 35 euros deposited, 30 reserved: a second exchange of 100 tokens (10 euros) waits.
    assert_eq!(
        field_of(wallet::exchange(c.ports(), &c.anna, "decarb", exchange("100")).await),
        "field-exchange-fund-short"
    );
    let settle = |decision: &str, reason: &str| settle_form(decision, reason);
    forbidden(wallet::settle(c.ports(), &c.sports, held.id, settle("pay", "")).await);
    forbidden(wallet::settle(c.ports(), &c.anna, held.id, settle("pay", "")).await);
    wallet::settle(c.ports(), &c.treasurer, held.id, settle("pay", ""))
        .await
        .unwrap();
    c.checked();
    assert!(matches!(
        wallet::settle(c.ports(), &c.treasurer, held.id, settle("void", "twice")).await,
        Err(Refusal::App(AppError::Conflict(_)))
    ));
    {
        let mut conn = c.app.state.db.get().unwrap();
        let f = wallet::fund(&mut conn, 1).unwrap();
        assert_eq!((f.deposited, f.paid, f.reserved), (3500, 3000, 0));
    }
    // A voided exchange gives the tokens back.
    let before = balance(&c, Holder::Person(c.anna.id));
    let small = wallet::exchange(c.ports(), &c.anna, "decarb", exchange("10"))
        .await
        .unwrap();
    assert_eq!(balance(&c, Holder::Person(c.anna.id)), before - 10);
    assert_eq!(
        field_of(wallet::settle(c.ports(), &c.treasurer, small.id, settle("void", " ")).await),
        "field-settle-reason-required"
    );
    wallet::settle(
        c.ports(),
        &c.treasurer,
        small.id,
        settle("void", "bank details wrong"),
    )
    .await
    .unwrap();
    assert_eq!(balance(&c, Holder::Person(c.anna.id)), before);
    c.checked();

    // The ledger holds pseudonyms and hashes: no name, e-mail or typed text.
    let bodies: Vec<String> = {
        use diesel::prelude::*;
        use pactum::db::schema::ledger_entries;
        let mut conn = c.app.state.db.get().unwrap();
        ledger_entries::table
            .select(ledger_entries::body)
            .load(&mut conn)
            .unwrap()
    };
    let all = bodies.join("\n");
    for secret in [
        "anna",
        "Anna",
        "example.org",
        "Tram Company",
        "bank details",
        "be-pv-0001",
        "BE-PV-0001",
    ] {
        assert!(!all.contains(secret), "{secret} is on the ledger");
    }
    assert!(
        all.contains("\"batch\":\"TESTVILLE-DECARB-2025-PV01-0001\""),
        "{all}"
    );
    for kind in [
        "token.issued",
        "token.transferred",
        "token.spent",
        "token.exchange_held",
        "token.exchange_paid",
        "token.exchange_voided",
        "token.fund_deposit",
        "token.claim_reviewed",
    ] {
        assert!(all.contains(kind), "no {kind}");
    }
}

#[actix_web::test]
async fn an_overlapping_claim_is_refused_and_a_rejected_one_frees_its_period() {
    let c = city().await;
    let first = claims::submit(
        c.ports(),
        &c.anna,
        "decarb",
        pv_claim("IT-PV-7", "2025-01-01", "2025-06-30", "1", None),
        vec![],
    )
    .await
    .unwrap();
    // The same asset (any case), a shared day: refused, also for someone else.
    for (who, from, to) in [
        (&c.anna, "2025-06-30", "2025-09-30"),
        (&c.bruno, "2024-12-01", "2025-01-01"),
    ] {
        let r = claims::submit(
            c.ports(),
            who,
            "decarb",
            pv_claim("it-pv-7", from, to, "1", None),
            vec![],
        )
        .await;
        assert_eq!(field_of(r), "field-claim-overlap");
    }
    claims::submit(
        c.ports(),
        &c.anna,
        "decarb",
        pv_claim("IT-PV-7", "2025-07-01", "2025-09-30", "1", None),
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(
        field_of(decide(&c, &c.victor, first.id, "reject", " ").await),
        "field-review-reason-required"
    );
    decide(
        &c,
        &c.victor,
        first.id,
        "reject",
        "The meter photo is unreadable.",
    )
    .await
    .unwrap();
    claims::submit(
        c.ports(),
        &c.bruno,
        "decarb",
        pv_claim("IT-PV-7", "2025-03-01", "2025-03-31", "1", None),
        vec![],
    )
    .await
    .unwrap();
    // Too small to earn a token, and an unfinished period, are refused by name.
    let mut tiny = pv_claim("tiny", "2025-01-01", "2025-01-31", "0.1", None);
    tiny.activity[1].1 = "1".into();
    let r = claims::submit(c.ports(), &c.anna, "decarb", tiny, vec![]).await;
    assert_eq!(field_of(r), "field-claim-too-small");
    let today = pactum::util::now().date().to_string();
    let r = claims::submit(
        c.ports(),
        &c.anna,
        "decarb",
        pv_claim("ongoing", "2025-01-01", &today, "1", None),
        vec![],
    )
    .await;
    assert!(
        matches!(&r, Err(Refusal::Form(e)) if e.has("ends_on")),
        "{r:?}"
    );
    c.checked();
}

#[actix_web::test]
async fn racing_overlapping_claims_leave_exactly_one() {
    let c = city().await;
    let mut tasks = Vec::new();
    for i in 0..6 {
        let ports = c.ports().clone();
        let w = if i % 2 == 0 {
            c.anna.clone()
        } else {
            c.bruno.clone()
        };
        let day = format!("2025-0{}-15", 1 + i % 6);
        tasks.push(actix_web::rt::spawn(async move {
            claims::submit(
                &ports,
                &w,
                "decarb",
                pv_claim("RACE-1", &day, "2025-08-31", "1", None),
                vec![],
            )
            .await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert_eq!(field_of::<Receipt>(Err(e)), "field-claim-overlap"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(c.app.count("token_claims"), 1);
}

#[actix_web::test]
async fn a_verifier_cannot_verify_a_claim_of_their_own_group_and_the_group_holds_the_tokens() {
    let c = city().await;
    // Bruno claims for the co-op, to which Vera belongs.
    let claim = claims::submit(
        c.ports(),
        &c.bruno,
        "decarb",
        pv_claim("COOP-ROOF", "2025-01-01", "2025-12-31", "2", Some(c.coop)),
        vec![],
    )
    .await
    .unwrap();
    forbidden(decide(&c, &c.vera, claim.id, "approve", "").await);
    // Anna, not a member, cannot claim for the co-op.
    forbidden(
        claims::submit(
            c.ports(),
            &c.anna,
            "decarb",
            pv_claim("COOP-2", "2025-01-01", "2025-12-31", "2", Some(c.coop)),
            vec![],
        )
        .await,
    );
    // Victor asks for more; the claim pauses until a member answers.
    decide(
        &c,
        &c.victor,
        claim.id,
        "ask",
        "Please add the inverter's yearly reading.",
    )
    .await
    .unwrap();
    forbidden(decide(&c, &c.victor, claim.id, "approve", "").await);
    forbidden(reviews::answer(c.ports(), &c.anna, claim.id, "here".into(), vec![], key()).await);
    reviews::answer(
        c.ports(),
        &c.vera,
        claim.id,
        "Reading attached: 2,610 kWh.".into(),
        vec![],
        key(),
    )
    .await
    .unwrap();
    // 2 kWp: 457 tokens, under the threshold: one approval issues, to the group.
    decide(&c, &c.victor, claim.id, "approve", "")
        .await
        .unwrap();
    assert_eq!(balance(&c, Holder::Group(c.coop)), 457 - 23);
    assert_eq!(balance(&c, Holder::Person(c.bruno.id)), 0);
    // Only the referent moves the group's tokens.
    let spend = |w: &Who| {
        let ports = c.ports().clone();
        let w = w.clone();
        let coop = c.coop;
        async move { wallet::spend(&ports, &w, "decarb", spend_form("2", coop.to_string())).await }
    };
    forbidden(spend(&c.vera).await);
    spend(&c.bruno).await.unwrap();
    assert_eq!(balance(&c, Holder::Group(c.coop)), 457 - 23 - 40);
    c.checked();
}

#[actix_web::test]
async fn a_retried_request_never_moves_tokens_twice() {
    let c = city().await;
    issued(&c, &c.anna, "ROOF-9", "1", &[&c.victor]).await;
    let to = pseudonym_of(&c, Holder::Person(c.bruno.id));
    let form = transfer_form(to.clone(), "7");
    // The client timed out and sends it again: the first result comes back.
    let first = wallet::transfer(c.ports(), &c.anna, "decarb", form.clone())
        .await
        .unwrap();
    let again = wallet::transfer(c.ports(), &c.anna, "decarb", form.clone())
        .await
        .unwrap();
    assert_eq!(first, again);
    let transfers = c.app.count("token_transfers");
    // The same key for another request: a conflict, nothing moves.
    let other = TransferForm {
        amount: "8".into(),
        ..form.clone()
    };
    assert!(matches!(
        wallet::transfer(c.ports(), &c.anna, "decarb", other).await,
        Err(Refusal::App(AppError::Conflict("token-request-key-reused")))
    ));
    // Ten copies of one request racing: one transfer.
    let racing = TransferForm {
        idempotency_key: key(),
        ..form.clone()
    };
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (ports, w, f) = (c.ports().clone(), c.anna.clone(), racing.clone());
        tasks.push(actix_web::rt::spawn(async move {
            wallet::transfer(&ports, &w, "decarb", f).await
        }));
    }
    let mut receipts = Vec::new();
    for t in tasks {
        receipts.push(t.await.unwrap().unwrap());
    }
    receipts.dedup();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert_eq!(c.app.count("token_transfers"), transfers + 1);
    assert_eq!(balance(&c, Holder::Person(c.bruno.id)), 14);
    // A request without a key is refused before anything runs.
    let keyless = TransferForm {
        idempotency_key: "short".into(),
        ..form
    };
    assert!(matches!(
        wallet::transfer(c.ports(), &c.anna, "decarb", keyless).await,
        Err(Refusal::App(AppError::BadRequest(_)))
    ));
    c.checked();
}

/// A small deterministic generator for the random sequences.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[actix_web::test]
async fn random_operation_sequences_keep_every_invariant_after_each_step() {
    let c = city().await;
    let people = [c.anna.clone(), c.bruno.clone()];
    // Some tokens to move about, and money in the fund.
    for (i, p) in people.iter().enumerate() {
        issued(&c, p, &format!("SEED-{i}"), "10", &[&c.vera, &c.victor]).await;
    }
    programmes::deposit(
        c.ports(),
        &c.admin,
        "decarb",
        deposit_form(String::new(), "150", "fund"),
    )
    .await
    .unwrap();
    let accounts: Vec<String> = people
        .iter()
        .map(|p| pseudonym_of(&c, Holder::Person(p.id)))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut held: Vec<i64> = Vec::new();
    let steps = if crate::support::on_postgres() {
        60
    } else {
        120
    };
    let mut done = 0;
    for _ in 0..steps {
        let i = rng.below(2) as usize;
        let amount = (1 + rng.below(80)).to_string();
        let r = match rng.below(5) {
            0 | 1 => {
                wallet::transfer(
                    c.ports(),
                    &people[i],
                    "decarb",
                    TransferForm {
                        to: accounts[1 - i].clone(),
                        amount,
                        group: String::new(),
                        idempotency_key: key(),
                    },
                )
                .await
            }
            2 => {
                wallet::spend(
                    c.ports(),
                    &people[i],
                    "decarb",
                    spend_form((1 + rng.below(3)).to_string(), String::new()),
                )
                .await
            }
            3 => wallet::exchange(
                c.ports(),
                &people[i],
                "decarb",
                ExchangeForm {
                    amount,
                    group: String::new(),
                    idempotency_key: key(),
                },
            )
            .await
            .inspect(|r| held.push(r.id)),
            _ => match held.pop() {
                Some(id) => {
                    wallet::settle(
                        c.ports(),
                        &c.treasurer,
                        id,
                        settle_form(if rng.below(2) == 0 { "pay" } else { "void" }, "checked"),
                    )
                    .await
                }
                None => continue,
            },
        };
        // Refusals are expected (not enough tokens, the fund short); nothing else.
        match r {
            Ok(_) => done += 1,
            Err(e) => assert!(matches!(e, Refusal::Form(_)), "{e:?}"),
        }
        c.checked();
    }
    assert!(
        done > steps / 3,
        "only {done} of {steps} operations went through"
    );
}

#[actix_web::test]
async fn pactum_tokens_check_names_each_broken_invariant() {
    let c = city().await;
    issued(&c, &c.anna, "CHECK-1", "1", &[&c.victor]).await;
    wallet::transfer(
        c.ports(),
        &c.anna,
        "decarb",
        transfer_form(pseudonym_of(&c, Holder::Person(c.bruno.id)), "50"),
    )
    .await
    .unwrap();
    let config = &c.app.state.config;
    let url = match config.database_url.clone().unwrap() {
        pactum::db::DatabaseUrl::Postgres(u) => u,
        pactum::db::DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
    };
    let check = || {
        let o = crate::cli::pactum(
            &config.data_dir,
            None,
            &[("PACTUM_DATABASE_URL", url.as_str())],
            &["tokens", "check"],
        );
        let (out, err) = crate::cli::text(&o);
        (o.status.code(), out, err)
    };
    let (code, out, err) = check();
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.contains("Every token invariant holds (1 programme)"),
        "{out}"
    );
    // A cached balance that lies, and a lost serial range: each named.
    c.app
        .execute("UPDATE token_accounts SET balance = balance + 5 WHERE kind = 'holder'");
    let (code, out, _) = check();
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("cached balance"), "{out}");
    c.app
        .execute("UPDATE token_accounts SET balance = balance - 5 WHERE kind = 'holder'");
    c.app
        .execute("DELETE FROM token_lots WHERE id = (SELECT MIN(id) FROM token_lots)");
    let (code, out, _) = check();
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("decarb: serials:"), "{out}");
    assert!(
        out.lines().filter(|l| l.starts_with("BROKEN ")).count() >= 2,
        "{out}"
    );
}

/// Feeds entries to the tokens' auditor as `pactum ledger audit` does; its findings.
fn replay(entries: &[serde_json::Value]) -> Vec<String> {
    use pactum::ledger::audit::AreaAuditor;
    let mut a: Box<dyn AreaAuditor> = pactum::tokens::api::ledger_auditor();
    let mut found = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let obj = e.as_object().unwrap();
        if a.kinds().contains(&obj["kind"].as_str().unwrap())
            && let Err(f) = a.see(i as u64, obj)
        {
            found.push(f.to_string());
        }
    }
    found.extend(a.finish().into_iter().map(|f| f.to_string()));
    found
}

#[actix_web::test]
async fn the_ledger_alone_replays_the_book_and_a_forged_entry_is_found() {
    let c = city().await;
    issued(&c, &c.anna, "AUDIT-1", "3", &[&c.vera, &c.victor]).await;
    wallet::transfer(
        c.ports(),
        &c.anna,
        "decarb",
        transfer_form(pseudonym_of(&c, Holder::Person(c.bruno.id)), "40"),
    )
    .await
    .unwrap();
    wallet::spend(
        c.ports(),
        &c.bruno,
        "decarb",
        spend_form("1", String::new()),
    )
    .await
    .unwrap();
    programmes::deposit(
        c.ports(),
        &c.treasurer,
        "decarb",
        deposit_form("Tram Company", "30", "Rewards"),
    )
    .await
    .unwrap();
    for decision in ["pay", "void"] {
        let held = wallet::exchange(c.ports(), &c.anna, "decarb", exchange_form("100"))
            .await
            .unwrap();
        wallet::settle(
            c.ports(),
            &c.treasurer,
            held.id,
            settle_form(decision, "checked"),
        )
        .await
        .unwrap();
    }
    let entries: Vec<serde_json::Value> = {
        use diesel::prelude::*;
        use pactum::db::schema::ledger_entries;
        let mut conn = c.app.state.db.get().unwrap();
        ledger_entries::table
            .order(ledger_entries::idx)
            .select(ledger_entries::body)
            .load::<String>(&mut conn)
            .unwrap()
            .iter()
            .map(|b| serde_json::from_str(b).unwrap())
            .collect()
    };
    assert_eq!(replay(&entries), Vec::<String>::new());

    // A transfer of more than its sender holds, an issuance twice, a payout above the
    // fund: each found, naming the entry.
    let at = |kind: &str| entries.iter().position(|e| e["kind"] == kind).unwrap();
    let mut forged = entries.clone();
    forged[at("token.transferred")]["amount"] = 5000.into();
    assert!(
        replay(&forged)
            .iter()
            .any(|f| f.contains("a movement the book refuses")),
        "{:?}",
        replay(&forged)
    );
    let mut twice = entries.clone();
    twice.push(entries[at("token.issued")].clone());
    assert!(replay(&twice).iter().any(|f| f.contains("issued twice")));
    let mut short = entries.clone();
    short[at("token.fund_deposit")]["cents"] = 100.into();
    assert!(
        replay(&short)
            .iter()
            .any(|f| f.contains("the civic fund paid")),
        "{:?}",
        replay(&short)
    );
    let mut unreviewed = entries.clone();
    unreviewed.retain(|e| e["kind"] != "token.claim_reviewed");
    assert!(
        replay(&unreviewed)
            .iter()
            .any(|f| f.contains("approval(s), 2 needed"))
    );
}

#[actix_web::test]
async fn concurrent_random_operations_keep_every_invariant() {
    // Four holders act at once, each a stream of random transfers, spends and
    // exchanges, while the treasurer settles what is held; on PostgreSQL every
    // request has its own connection, so they truly race. After all, the book holds.
    let c = city().await;
    let people = [
        c.anna.clone(),
        c.bruno.clone(),
        c.vera.clone(),
        c.victor.clone(),
    ];
    for (i, p) in people.iter().enumerate() {
        let claim = claims::submit(
            c.ports(),
            p,
            "decarb",
            pv_claim(&format!("RACE-{i}"), "2025-01-01", "2025-12-31", "1", None),
            vec![],
        )
        .await
        .unwrap();
        let verifier = if p.id == c.victor.id {
            &c.vera
        } else {
            &c.victor
        };
        decide(&c, verifier, claim.id, "approve", "").await.unwrap();
    }
    programmes::deposit(
        c.ports(),
        &c.admin,
        "decarb",
        deposit_form(String::new(), "40", "fund"),
    )
    .await
    .unwrap();
    let accounts: Vec<String> = people
        .iter()
        .map(|p| pseudonym_of(&c, Holder::Person(p.id)))
        .collect();
    let mut tasks = Vec::new();
    for (i, p) in people.iter().enumerate() {
        let (ports, p, accounts) = (c.ports().clone(), p.clone(), accounts.clone());
        tasks.push(actix_web::rt::spawn(async move {
            let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ (i as u64 + 1));
            let mut done = 0;
            for _ in 0..25 {
                let amount = (1 + rng.below(40)).to_string();
                let r = match rng.below(4) {
                    0 | 1 => {
                        wallet::transfer(
                            &ports,
                            &p,
                            "decarb",
                            TransferForm {
                                to: accounts[(i + 1 + rng.below(3) as usize) % 4].clone(),
                                amount,
                                group: String::new(),
                                idempotency_key: key(),
                            },
                        )
                        .await
                    }
                    2 => wallet::spend(&ports, &p, "decarb", spend_form("1", String::new())).await,
                    _ => {
                        wallet::exchange(
                            &ports,
                            &p,
                            "decarb",
                            ExchangeForm {
                                amount,
                                group: String::new(),
                                idempotency_key: key(),
                            },
                        )
                        .await
                    }
                };
                match r {
                    Ok(_) => done += 1,
                    Err(Refusal::Form(_)) => {}
                    Err(e) => panic!("{e:?}"),
                }
            }
            done
        }));
    }
    let settler = {
        let (ports, t) = (c.ports().clone(), c.treasurer.clone());
        let app_db = c.app.state.db.clone();
        actix_web::rt::spawn(async move {
            let mut settled = 0;
            for round in 0..20 {
                let held: Vec<i64> = app_db
                    .run(|conn| {
                        use diesel::prelude::*;
                        use pactum::db::schema::token_exchanges as e;
                        Ok(e::table
                            .filter(e::state.eq("held"))
                            .select(e::id)
                            .load(conn)?)
                    })
                    .await
                    .unwrap();
                for id in held {
                    let r = wallet::settle(
                        &ports,
                        &t,
                        id,
                        settle_form(if round % 2 == 0 { "pay" } else { "void" }, "checked"),
                    )
                    .await;
                    if r.is_ok() {
                        settled += 1;
                    }
                }
                actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            settled
        })
    };
    let mut done = 0;
    for t in tasks {
        done += t.await.unwrap();
    }
    let settled = settler.await.unwrap();
    eprintln!("concurrent: {done} of 100 operations went through, {settled} exchanges settled");
    assert!(done > 30, "only {done} went through");
    c.checked();
}
