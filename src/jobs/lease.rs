//! Job leases: which instance runs which background job (see the module above).
//!
//! Times are the instances' clocks (UTC); a skew of a few seconds between hosts only
//! shifts a takeover by as much, far below [`LEASE`].

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Holder, LEASE};
use crate::db::AnyConnection;
use crate::db::schema::job_leases;
use crate::error::AppError;

/// The refusal of a transactional job whose lease another instance holds now.
pub const LOST: &str = "job lease lost";

fn lease_length() -> chrono::Duration {
    chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::seconds(60))
}

/// A lease this instance holds for the current pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub name: &'static str,
    /// When the job last ran, on any instance.
    pub last_run_at: Option<NaiveDateTime>,
}

impl Held {
    /// Whether a job run at most `every` is due at `now`.
    pub fn is_due(&self, every: std::time::Duration, now: NaiveDateTime) -> bool {
        let every = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::MAX);
        self.last_run_at.is_none_or(|at| now - at >= every)
    }
}

/// One lease as stored.
#[derive(Debug, Clone, Queryable)]
pub struct Lease {
    pub name: String,
    pub holder: String,
    pub acquired_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_run_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

/// Every lease (for the operators' views).
pub fn all(conn: &mut AnyConnection) -> Result<Vec<Lease>, AppError> {
    Ok(job_leases::table.order(job_leases::name.asc()).load(conn)?)
}

/// Of the jobs `names`, those `holder` may run now: the ones it holds (renewed when
/// less than half the lease is left) and the ones it could take over (expired or never
/// run); the others are held by live instances. One read, plus one write per lease
/// taken or renewed.
pub fn take_due(
    conn: &mut AnyConnection,
    names: &[&'static str],
    holder: &Holder,
    now: NaiveDateTime,
) -> Result<Vec<Held>, AppError> {
    let stored: Vec<Lease> = job_leases::table
        .filter(job_leases::name.eq_any(names))
        .load(conn)?;
    let until = now + lease_length();
    let mut held = Vec::new();
    for &name in names {
        let lease = stored.iter().find(|l| l.name == name);
        let ours = match lease {
            None => create(conn, name, holder, now)?,
            Some(l) if l.holder == holder.name() => {
                if l.expires_at - now < lease_length() / 2 {
                    diesel::update(
                        job_leases::table
                            .filter(job_leases::name.eq(name))
                            .filter(job_leases::holder.eq(holder.name())),
                    )
                    .set(job_leases::expires_at.eq(until))
                    .execute(conn)?
                        == 1
                } else {
                    true
                }
            }
            Some(l) if l.expires_at <= now => take_over(conn, name, holder, l, now)?,
            Some(_) => false,
        };
        if ours {
            held.push(Held {
                name,
                last_run_at: lease.and_then(|l| l.last_run_at),
            });
        }
    }
    Ok(held)
}

/// The first lease of a job: whoever inserts first holds it.
fn create(
    conn: &mut AnyConnection,
    name: &str,
    holder: &Holder,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let inserted = diesel::insert_into(job_leases::table)
        .values((
            job_leases::name.eq(name),
            job_leases::holder.eq(holder.name()),
            job_leases::acquired_at.eq(now),
            job_leases::expires_at.eq(now + lease_length()),
        ))
        .execute(conn);
    match inserted {
        Ok(n) => Ok(n == 1),
        Err(e) if crate::db::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Takes over an expired lease: only the instance whose update still finds it as it
/// was read wins.
fn take_over(
    conn: &mut AnyConnection,
    name: &str,
    holder: &Holder,
    seen: &Lease,
    now: NaiveDateTime,
) -> Result<bool, AppError> {
    let n = diesel::update(
        job_leases::table
            .filter(job_leases::name.eq(name))
            .filter(job_leases::holder.eq(&seen.holder))
            .filter(job_leases::expires_at.eq(seen.expires_at))
            .filter(job_leases::expires_at.le(now)),
    )
    .set((
        job_leases::holder.eq(holder.name()),
        job_leases::acquired_at.eq(now),
        job_leases::expires_at.eq(now + lease_length()),
    ))
    .execute(conn)?;
    if n == 1 {
        tracing::info!(
            job = name,
            from = seen.holder.as_str(),
            "took over the job from an instance whose lease ended"
        );
    }
    Ok(n == 1)
}

/// Renews `holder`'s lease of `name` inside the caller's transaction, or refuses with
/// [`LOST`] when it is not (or no longer) `holder`'s. On PostgreSQL the lease row stays
/// locked until the transaction ends.
pub fn hold_in(
    conn: &mut AnyConnection,
    name: &str,
    holder: &Holder,
    now: NaiveDateTime,
) -> Result<(), AppError> {
    let n = diesel::update(
        job_leases::table
            .filter(job_leases::name.eq(name))
            .filter(job_leases::holder.eq(holder.name()))
            .filter(job_leases::expires_at.gt(now)),
    )
    .set(job_leases::expires_at.eq(now + lease_length()))
    .execute(conn)?;
    if n == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict(LOST))
    }
}

/// Records a run of `name` by `holder` (and renews its lease).
pub fn ran(
    conn: &mut AnyConnection,
    name: &str,
    holder: &Holder,
    now: NaiveDateTime,
    error: Option<&str>,
) -> Result<(), AppError> {
    diesel::update(
        job_leases::table
            .filter(job_leases::name.eq(name))
            .filter(job_leases::holder.eq(holder.name())),
    )
    .set((
        job_leases::last_run_at.eq(Some(now)),
        job_leases::last_error.eq(error.map(|e| e.chars().take(500).collect::<String>())),
        job_leases::expires_at.eq(now + lease_length()),
    ))
    .execute(conn)?;
    Ok(())
}

/// Ends every lease `holder` has; returns how many.
pub fn release_all(
    conn: &mut AnyConnection,
    holder: &Holder,
    now: NaiveDateTime,
) -> Result<usize, AppError> {
    Ok(diesel::update(
        job_leases::table
            .filter(job_leases::holder.eq(holder.name()))
            .filter(job_leases::expires_at.gt(now)),
    )
    .set(job_leases::expires_at.eq(now))
    .execute(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + s, 0)
            .map(|d| d.naive_utc())
            .unwrap_or_default()
    }

    #[test]
    fn a_job_is_due_when_its_period_has_passed_since_its_last_run_anywhere() {
        let never = Held {
            name: "x",
            last_run_at: None,
        };
        assert!(never.is_due(std::time::Duration::from_secs(60), t(0)));
        let ran = Held {
            name: "x",
            last_run_at: Some(t(0)),
        };
        assert!(ran.is_due(std::time::Duration::ZERO, t(0)));
        assert!(!ran.is_due(std::time::Duration::from_secs(60), t(59)));
        assert!(ran.is_due(std::time::Duration::from_secs(60), t(60)));
        assert!(!ran.is_due(std::time::Duration::MAX, t(1_000_000)));
    }
}
