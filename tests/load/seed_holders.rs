//! Seeds token holders for the transfer load benchmark (`tests/load/transfers.sh`):
//!
//!     PACTUM_DATA_DIR=... cargo run --release --example seed_holders -- 100
//!     PACTUM_DATA_DIR=... cargo run --release --example seed_holders -- --balances
//!
//! With a number of holders, it makes, through the tokens area's own use-cases, a
//! transferable programme `bench` (5 % buffer, a threshold no claim reaches, so one
//! verifier's approval issues), the PV01 methodology, an administrator and an
//! accredited verifier, and `HOLDERS` verified people `holder<N>@load.example` (password
//! [`PASSWORD`]), each with one approved rooftop-PV claim: 3 kWp for 2025 (651 tokens
//! after the buffer), except every tenth holder (N = 9, 19, ...), whose 0.2 kWp roof
//! gives a few dozen, so that some transfers are refused for want of tokens. One
//! transaction per holder. Prints JSON: the programme's slug, the password, and each
//! holder's e-mail, account pseudonym and balance.
//!
//! With `--balances`, it prints the programme's book as JSON instead: every holder
//! account's balance by pseudonym, the buffer's balance, the tokens issued (from the
//! issuances, and as the issuance account's negative balance) and the number and sum of
//! the `transfer` rows. The configuration comes from the same `PACTUM_*` variables as
//! `pactum serve`.

use std::time::Instant;

use diesel::prelude::*;
use pactum::accounts::Role;
use pactum::accounts::api::Who;
use pactum::accounts::service::create_verified_user;
use pactum::accounts::validate::{DisplayName, EmailAddress};
use pactum::db::AnyConnection;
use pactum::db::schema::{token_accounts, token_issuances, token_transfers};
use pactum::error::AppError;
use pactum::tokens::model::claim::ClaimInput;
use pactum::tokens::service::claims::{self, ClaimForm};
use pactum::tokens::service::post;
use pactum::tokens::service::programmes::{self, MethodologyForm, ProgrammeForm};
use pactum::tokens::service::reviews::{self, ReviewForm};
use pactum::tokens::store::{self, AccountKind, Holder};
use pactum::web::forms::Refusal;
use pactum::web::i18n::Lang;

/// Every holder's password.
const PASSWORD: &str = "load-holder-password";
/// The programme's slug (from its name).
const PROGRAMME: &str = "bench";

fn email(n: usize) -> String {
    format!("holder{n}@load.example")
}

fn step<T>(what: &str, r: Result<T, Refusal>) -> Result<T, AppError> {
    r.map_err(|e| AppError::Internal(format!("seed_holders, {what}: {e:?}")))
}

fn who(id: i64, roles: &[Role]) -> Who {
    Who {
        id,
        roles: roles.to_vec(),
        verified: true,
    }
}

fn person(
    conn: &mut AnyConnection,
    address: &str,
    name: &str,
    hash: &str,
    roles: &[Role],
) -> Result<i64, AppError> {
    let email = EmailAddress::parse(address).map_err(|_| AppError::internal("a load address"))?;
    let name = DisplayName::parse(name).map_err(|_| AppError::internal("a load name"))?;
    create_verified_user(conn, &email, &name, hash, Lang::En, roles)
}

struct Seeded {
    email: String,
    account: String,
    balance: i64,
}

fn seed(
    db: &pactum::db::Db,
    count: usize,
    config: &pactum::config::Config,
) -> Result<Vec<Seeded>, AppError> {
    let mut conn = db.get()?;
    let hash =
        pactum::accounts::password::hash(PASSWORD, config.hash_cost).map_err(AppError::Internal)?;
    let city = pactum::tokens::model::money::city_code(&config.city_name);
    let now = pactum::util::now();
    let (verifier, programme) = conn.transaction(|conn| {
        let admin = who(
            person(
                conn,
                "bench-admin@load.example",
                "Bench Admin",
                &hash,
                &[Role::Admin],
            )?,
            &[Role::Admin],
        );
        let verifier = who(
            person(
                conn,
                "bench-verifier@load.example",
                "Bench Verifier",
                &hash,
                &[Role::Verifier],
            )?,
            &[Role::Verifier],
        );
        let p = step(
            "programme",
            programmes::create_in(
                conn,
                &admin,
                &ProgrammeForm {
                    name: "Bench".into(),
                    code: "BENCH".into(),
                    description: "Synthetic holders for the transfer benchmark.".into(),
                    buffer_percent: "5".into(),
                    second_verifier_tokens: "100000000".into(),
                    rate_euros: "0.10".into(),
                    transferable: Some("on".into()),
                },
                now,
            ),
        )?;
        if p.slug != PROGRAMME {
            return Err(AppError::internal(format!("programme slug {}", p.slug)));
        }
        let table = pactum::tokens::shipped_factors().map_err(AppError::Internal)?;
        step(
            "methodology",
            programmes::publish_in(
                conn,
                &admin,
                &MethodologyForm {
                    formula: "rooftop_pv".into(),
                    title: "Rooftop solar panels displacing grid electricity".into(),
                    applicability: "Synthetic rooftops of the transfer benchmark.".into(),
                    factors: vec![("grid".into(), "electricity_be_2022".into(), "2022".into())],
                },
                &table,
                now,
            ),
        )?;
        step(
            "accreditation",
            programmes::accredit_in(conn, &admin, PROGRAMME, "bench-verifier@load.example", now),
        )?;
        Ok::<_, AppError>((verifier, p.id))
    })?;
    let mut out = Vec::with_capacity(count);
    for n in 0..count {
        let address = email(n);
        let kwp = if n % 10 == 9 { "0.2" } else { "3" };
        let account = conn.transaction(|conn| {
            let id = person(
                conn,
                &address,
                &format!("Holder {n}"),
                &hash,
                &[Role::Citizen],
            )?;
            let holder = who(id, &[Role::Citizen]);
            let account = store::open_holder_account(conn, programme, Holder::Person(id), now)?;
            post::begin(conn)?;
            let claim = step(
                "claim",
                claims::submit_in(
                    conn,
                    &holder,
                    PROGRAMME,
                    &ClaimForm {
                        input: ClaimInput {
                            methodology: "PV01@1".into(),
                            asset: format!("BENCH-PV-{n:05}"),
                            starts_on: "2025-01-01".into(),
                            ends_on: "2025-12-31".into(),
                        },
                        group: String::new(),
                        activity: vec![
                            ("pv_kwp".into(), kwp.into()),
                            ("yield_kwh_per_kwp".into(), "1300".into()),
                        ],
                        idempotency_key: pactum::util::random_token(),
                    },
                    &[],
                    now,
                ),
            )?;
            let index = post::begin(conn)?;
            step(
                "approval",
                reviews::review_in(
                    conn,
                    &verifier,
                    claim.id,
                    &ReviewForm {
                        decision: "approve".into(),
                        reason: String::new(),
                        idempotency_key: pactum::util::random_token(),
                    },
                    &city,
                    index,
                    now,
                ),
            )?;
            Ok::<_, AppError>((account.pseudonym, id))
        })?;
        let (account, id) = account;
        let balance = store::holder_account(&mut conn, programme, Holder::Person(id))?
            .map(|a| a.balance)
            .unwrap_or(0);
        out.push(Seeded {
            email: address,
            account,
            balance,
        });
        if (n + 1) % 25 == 0 {
            eprintln!("  {} holders", n + 1);
        }
    }
    Ok(out)
}

/// The programme's book as JSON (see the module).
fn balances(db: &pactum::db::Db) -> Result<serde_json::Value, AppError> {
    let mut conn = db.get()?;
    let p = store::programme_by_slug(&mut conn, PROGRAMME)?;
    let holders: Vec<(String, i64)> = token_accounts::table
        .filter(token_accounts::programme_id.eq(p.id))
        .filter(token_accounts::kind.eq(AccountKind::Holder.code()))
        .select((token_accounts::pseudonym, token_accounts::balance))
        .load(&mut conn)?;
    let buffer = store::system_account(&mut conn, p.id, AccountKind::Buffer)?.balance;
    let issuance = store::system_account(&mut conn, p.id, AccountKind::Issuance)?.balance;
    let issued: Vec<(i64, i64)> = token_issuances::table
        .filter(token_issuances::programme_id.eq(p.id))
        .select((
            token_issuances::holder_tokens,
            token_issuances::buffer_tokens,
        ))
        .load(&mut conn)?;
    let transfers: Vec<i64> = token_transfers::table
        .filter(token_transfers::programme_id.eq(p.id))
        .filter(token_transfers::code.eq("transfer"))
        .select(token_transfers::amount)
        .load(&mut conn)?;
    Ok(serde_json::json!({
        "programme": p.slug,
        "holders": holders
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::from(v)))
            .collect::<serde_json::Map<_, _>>(),
        "buffer": buffer,
        "issued": issued.iter().map(|(h, b)| h + b).sum::<i64>(),
        "issuance_account": issuance,
        "transfer_rows": transfers.len(),
        "transfer_tokens": transfers.iter().sum::<i64>(),
    }))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("--balances") => None,
        Some(n) => match n.parse::<usize>() {
            Ok(n) if n > 1 => Some(n),
            _ => {
                eprintln!("usage: seed_holders HOLDERS | seed_holders --balances");
                std::process::exit(2);
            }
        },
        None => {
            eprintln!("usage: seed_holders HOLDERS | seed_holders --balances");
            std::process::exit(2);
        }
    };
    let config = match pactum::config::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("seed_holders: {e}");
            std::process::exit(2);
        }
    };
    let db = match pactum::db::Db::connect(&config.effective_database_url(), 2) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("seed_holders: {e}");
            std::process::exit(1);
        }
    };
    let Some(count) = mode else {
        match balances(&db) {
            Ok(v) => println!("{v}"),
            Err(e) => {
                eprintln!("seed_holders: {e}");
                std::process::exit(1);
            }
        }
        return;
    };
    let t = Instant::now();
    match seed(&db, count, &config) {
        Ok(holders) => {
            eprintln!(
                "seed_holders: {count} holders in {:.1} s",
                t.elapsed().as_secs_f64()
            );
            let list: Vec<serde_json::Value> = holders
                .iter()
                .map(|h| {
                    serde_json::json!({
                        "email": h.email,
                        "account": h.account,
                        "balance": h.balance,
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::json!({
                    "slug": PROGRAMME,
                    "password": PASSWORD,
                    "holders": list,
                })
            );
        }
        Err(e) => {
            eprintln!("seed_holders: {e}");
            std::process::exit(1);
        }
    }
}
