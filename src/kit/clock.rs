//! The clock use-cases read "now" from, so that a test or a job can pass its own time
//! instead of the system's (deadlines, reminders, expiries).

use chrono::NaiveDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// The system's time in UTC.
    #[default]
    System,
    /// A fixed instant (tests, replays).
    Fixed(NaiveDateTime),
}

impl Clock {
    /// Now, in UTC, as stored in the database (timestamps without zone).
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System => chrono::Utc::now().naive_utc(),
            Clock::Fixed(t) => *t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stays_put_and_the_system_clock_moves_on() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(9, 30, 0)
            .unwrap();
        assert_eq!(Clock::Fixed(t).now(), t);
        assert!(Clock::System.now() > t);
    }
}
