//! The procedure's clocks, as pure functions: admissibility (paused while the city
//! waits for documents), the observation window, the review, report due dates, and the
//! default maximum duration of a pact. Days are calendar days.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::procedure::PactType;

/// A city's deadline settings (defaults from the Bologna regulation's practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeadlineRules {
    pub admissibility_days: i64,
    pub observation_days_ordinary: i64,
    pub observation_days_complex: i64,
    pub review_days: i64,
    /// Reminders go out this many days before a report is due.
    pub report_reminder_days: i64,
    /// The longest a pact may last before it must be renewed.
    pub max_duration_years: i32,
}

impl Default for DeadlineRules {
    fn default() -> Self {
        DeadlineRules {
            admissibility_days: 30,
            observation_days_ordinary: 15,
            observation_days_complex: 30,
            review_days: 30,
            report_reminder_days: 14,
            max_duration_years: 3,
        }
    }
}

/// A city's own settings, each replacing the default when set (read from the
/// configuration; the pact area builds its rules from them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeadlineSettings {
    pub admissibility_days: Option<i64>,
    pub observation_days_ordinary: Option<i64>,
    pub observation_days_complex: Option<i64>,
    pub review_days: Option<i64>,
    pub report_reminder_days: Option<i64>,
    pub max_duration_years: Option<i32>,
}

impl DeadlineRules {
    /// The default rules with a city's settings applied.
    pub fn with(s: DeadlineSettings) -> DeadlineRules {
        let d = DeadlineRules::default();
        DeadlineRules {
            admissibility_days: s.admissibility_days.unwrap_or(d.admissibility_days),
            observation_days_ordinary: s
                .observation_days_ordinary
                .unwrap_or(d.observation_days_ordinary),
            observation_days_complex: s
                .observation_days_complex
                .unwrap_or(d.observation_days_complex),
            review_days: s.review_days.unwrap_or(d.review_days),
            report_reminder_days: s.report_reminder_days.unwrap_or(d.report_reminder_days),
            max_duration_years: s.max_duration_years.unwrap_or(d.max_duration_years),
        }
    }
}

/// A stretch of time the admissibility clock stood still (`awaiting_integration`);
/// `end` is `None` while it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub start: NaiveDateTime,
    pub end: Option<NaiveDateTime>,
}

/// When the admissibility check is due: the submission plus the allowed days plus
/// every finished pause. `None` while a pause lasts (the clock is stopped).
pub fn admissibility_due(
    rules: &DeadlineRules,
    submitted_at: NaiveDateTime,
    pauses: &[Pause],
) -> Option<NaiveDateTime> {
    let mut due = submitted_at + Duration::days(rules.admissibility_days);
    for p in pauses {
        let end = p.end?;
        if end > p.start {
            due += end - p.start;
        }
    }
    Some(due)
}

/// When the public observation window closes (15 days ordinary, 30 complex).
pub fn observation_closes(
    rules: &DeadlineRules,
    kind: PactType,
    published_at: NaiveDateTime,
) -> NaiveDateTime {
    let days = match kind {
        PactType::Ordinary => rules.observation_days_ordinary,
        PactType::Complex => rules.observation_days_complex,
    };
    published_at + Duration::days(days)
}

/// When the offices' opinions are due.
pub fn review_due(rules: &DeadlineRules, review_started: NaiveDateTime) -> NaiveDateTime {
    review_started + Duration::days(rules.review_days)
}

/// Whole days spent in the current state (for the officials' queue).
pub fn days_in_state(entered: NaiveDateTime, now: NaiveDateTime) -> i64 {
    (now - entered).num_days().max(0)
}

/// Whether a due date has passed.
pub fn is_overdue(due: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    due.is_some_and(|d| now > d)
}

/// The same day `months` later, or the month's last day if it has fewer days
/// (31 January + 1 month = 28/29 February).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(months))
        .unwrap_or(date)
}

/// The latest end date allowed for a pact starting on `start` (3 years by default,
/// the day before the anniversary).
pub fn max_end(rules: &DeadlineRules, start: NaiveDate) -> NaiveDate {
    let years = u32::try_from(rules.max_duration_years.max(0)).unwrap_or(0);
    add_months(start, years * 12).pred_opt().unwrap_or(start)
}

/// Report due dates: every `every_months` from the start, plus a final report on the
/// end date (not twice if they coincide).
pub fn report_dates(start: NaiveDate, end: NaiveDate, every_months: u32) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    if end < start {
        return out;
    }
    if every_months > 0 {
        let mut n = 1;
        loop {
            let d = add_months(start, every_months * n);
            if d >= end {
                break;
            }
            out.push(d);
            n += 1;
        }
    }
    out.push(end);
    out
}

/// Whether the reminder for a report due on `due` should go out on `today` (from
/// `report_reminder_days` before, until it is due).
pub fn remind_on(rules: &DeadlineRules, due: NaiveDate, today: NaiveDate) -> bool {
    today <= due && (due - today).num_days() <= rules.report_reminder_days
}

/// A date's year and month, for grouping reports.
pub fn year_month(d: NaiveDate) -> (i32, u32) {
    (d.year(), d.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_city_sets_its_own_deadlines() {
        let r = DeadlineRules::with(DeadlineSettings {
            observation_days_ordinary: Some(20),
            max_duration_years: Some(5),
            ..DeadlineSettings::default()
        });
        assert_eq!(r.observation_days_ordinary, 20);
        assert_eq!(r.max_duration_years, 5);
        assert_eq!(r.admissibility_days, 30);
        assert_eq!(
            DeadlineRules::with(DeadlineSettings::default()),
            DeadlineRules::default()
        );
    }

    #[test]
    fn admissibility_clock_pauses_while_awaiting_integration() {
        let r = DeadlineRules::default();
        let sub = at("2026-03-01 10:00");
        assert_eq!(
            admissibility_due(&r, sub, &[]),
            Some(at("2026-03-31 10:00"))
        );
        // Ten days waiting for documents move the deadline by ten days.
        let pauses = [Pause {
            start: at("2026-03-05 09:00"),
            end: Some(at("2026-03-15 09:00")),
        }];
        assert_eq!(
            admissibility_due(&r, sub, &pauses),
            Some(at("2026-04-10 10:00"))
        );
        // Two pauses add up; a pause still running stops the clock.
        let two = [
            pauses[0],
            Pause {
                start: at("2026-03-20 09:00"),
                end: Some(at("2026-03-22 09:00")),
            },
        ];
        assert_eq!(
            admissibility_due(&r, sub, &two),
            Some(at("2026-04-12 10:00"))
        );
        let open = [Pause {
            start: at("2026-03-05 09:00"),
            end: None,
        }];
        assert_eq!(admissibility_due(&r, sub, &open), None);
        assert!(!is_overdue(None, at("2030-01-01 00:00")));
    }

    #[test]
    fn observation_lasts_15_days_ordinary_and_30_complex() {
        let r = DeadlineRules::default();
        let p = at("2026-05-01 12:00");
        assert_eq!(
            observation_closes(&r, PactType::Ordinary, p),
            at("2026-05-16 12:00")
        );
        assert_eq!(
            observation_closes(&r, PactType::Complex, p),
            at("2026-05-31 12:00")
        );
        let custom = DeadlineRules {
            observation_days_ordinary: 20,
            ..r
        };
        assert_eq!(
            observation_closes(&custom, PactType::Ordinary, p),
            at("2026-05-21 12:00")
        );
        assert_eq!(review_due(&r, p), at("2026-05-31 12:00"));
    }

    #[test]
    fn overdue_and_days_in_state() {
        let due = Some(at("2026-05-16 12:00"));
        assert!(!is_overdue(due, at("2026-05-16 12:00")));
        assert!(is_overdue(due, at("2026-05-16 12:01")));
        assert_eq!(
            days_in_state(at("2026-05-01 12:00"), at("2026-05-03 11:59")),
            1
        );
        assert_eq!(
            days_in_state(at("2026-05-03 12:00"), at("2026-05-01 12:00")),
            0
        );
    }

    #[test]
    fn pacts_last_at_most_three_years_by_default() {
        let r = DeadlineRules::default();
        assert_eq!(max_end(&r, day("2026-06-01")), day("2029-05-31"));
        assert_eq!(max_end(&r, day("2028-02-29")), day("2031-02-27"));
        assert_eq!(add_months(day("2026-01-31"), 1), day("2026-02-28"));
    }

    #[test]
    fn reports_fall_every_period_and_at_the_end() {
        assert_eq!(
            report_dates(day("2026-01-15"), day("2027-01-14"), 6),
            vec![day("2026-07-15"), day("2027-01-14")]
        );
        assert_eq!(
            report_dates(day("2026-01-15"), day("2026-07-15"), 6),
            vec![day("2026-07-15")],
            "a period ending on the end date gives one report"
        );
        assert_eq!(
            report_dates(day("2026-01-15"), day("2026-03-01"), 0),
            vec![day("2026-03-01")]
        );
        assert!(report_dates(day("2026-01-15"), day("2025-01-01"), 6).is_empty());
        let r = DeadlineRules::default();
        assert!(remind_on(&r, day("2026-07-15"), day("2026-07-01")));
        assert!(!remind_on(&r, day("2026-07-15"), day("2026-06-30")));
        assert!(!remind_on(&r, day("2026-07-15"), day("2026-07-16")));
        assert_eq!(year_month(day("2026-07-15")), (2026, 7));
    }
}
