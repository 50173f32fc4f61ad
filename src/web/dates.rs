//! Dates and times as each interface language usually writes them, for pages, e-mails
//! and documents: `17 Nov 2025` in English (the month spelled out, so the order of day
//! and month is never in doubt), `17/11/2025` in Italian and French, `17-11-2025` in
//! Dutch; a time follows as `14:30` (`17 Nov 2025, 14:30` in English).
//!
//! Rules: the output depends on the language only, never on the system locale (the
//! English month names are spelled out here). Times are stored in UTC and the
//! configuration names no city time zone, so they are shown in UTC, as stored.
//! Machine-readable outputs (`datetime` attributes, CSV, JSON, the ledger, calendars)
//! stay ISO 8601 and do not use this module.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::i18n::Lang;

const ENGLISH_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A day: `17 Nov 2025`, `17/11/2025` (it, fr), `17-11-2025` (nl).
pub fn date(lang: Lang, d: NaiveDate) -> String {
    let (day, month, year) = (d.day(), d.month(), d.year());
    match lang {
        Lang::En => {
            let name = ENGLISH_MONTHS[d.month0() as usize % 12];
            format!("{day} {name} {year:04}")
        }
        Lang::It | Lang::Fr => format!("{day:02}/{month:02}/{year:04}"),
        Lang::Nl => format!("{day:02}-{month:02}-{year:04}"),
    }
}

/// A day and its hour and minute: `17 Nov 2025, 14:30`, `17/11/2025 14:30` (it, fr),
/// `17-11-2025 14:30` (nl).
pub fn datetime(lang: Lang, t: NaiveDateTime) -> String {
    format!(
        "{}{}{}",
        date(lang, t.date()),
        separator(lang),
        time(lang, t)
    )
}

/// As [`datetime`], with the seconds (the ledger, where entries seconds apart differ).
pub fn datetime_seconds(lang: Lang, t: NaiveDateTime) -> String {
    format!(
        "{}{}{}:{:02}",
        date(lang, t.date()),
        separator(lang),
        time(lang, t),
        t.second()
    )
}

/// The hour and minute alone, on the 24-hour clock in every language: `14:30`.
pub fn time(_lang: Lang, t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn separator(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ", ",
        Lang::It | Lang::Fr | Lang::Nl => " ",
    }
}

/// What a template may hand to `ctx.date(..)`: a day, a moment (its day is shown), a
/// reference to either, or an `Option` of them (`None` shows nothing).
pub trait AsDate {
    fn as_date(&self) -> Option<NaiveDate>;
}

impl AsDate for NaiveDate {
    fn as_date(&self) -> Option<NaiveDate> {
        Some(*self)
    }
}

impl AsDate for NaiveDateTime {
    fn as_date(&self) -> Option<NaiveDate> {
        Some(self.date())
    }
}

impl<T: AsDate> AsDate for Option<T> {
    fn as_date(&self) -> Option<NaiveDate> {
        self.as_ref().and_then(AsDate::as_date)
    }
}

impl<T: AsDate + ?Sized> AsDate for &T {
    fn as_date(&self) -> Option<NaiveDate> {
        (**self).as_date()
    }
}

/// What a template may hand to `ctx.datetime(..)`: a moment, a reference to one, or an
/// `Option` of one (`None` shows nothing).
pub trait AsDateTime {
    fn as_datetime(&self) -> Option<NaiveDateTime>;
}

impl AsDateTime for NaiveDateTime {
    fn as_datetime(&self) -> Option<NaiveDateTime> {
        Some(*self)
    }
}

impl<T: AsDateTime> AsDateTime for Option<T> {
    fn as_datetime(&self) -> Option<NaiveDateTime> {
        self.as_ref().and_then(AsDateTime::as_datetime)
    }
}

impl<T: AsDateTime + ?Sized> AsDateTime for &T {
    fn as_datetime(&self) -> Option<NaiveDateTime> {
        (**self).as_datetime()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 11, 17).unwrap()
    }

    fn moment() -> NaiveDateTime {
        day().and_hms_opt(14, 30, 5).unwrap()
    }

    #[test]
    fn each_language_writes_days_and_moments_its_own_way() {
        for (lang, day_text, minute, second) in [
            (
                Lang::En,
                "17 Nov 2025",
                "17 Nov 2025, 14:30",
                "17 Nov 2025, 14:30:05",
            ),
            (
                Lang::It,
                "17/11/2025",
                "17/11/2025 14:30",
                "17/11/2025 14:30:05",
            ),
            (
                Lang::Fr,
                "17/11/2025",
                "17/11/2025 14:30",
                "17/11/2025 14:30:05",
            ),
            (
                Lang::Nl,
                "17-11-2025",
                "17-11-2025 14:30",
                "17-11-2025 14:30:05",
            ),
        ] {
            assert_eq!(date(lang, day()), day_text);
            assert_eq!(datetime(lang, moment()), minute);
            assert_eq!(datetime_seconds(lang, moment()), second);
            assert_eq!(time(lang, moment()), "14:30");
        }
    }

    #[test]
    fn days_and_months_below_ten_are_padded_except_the_english_day() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        assert_eq!(date(Lang::En, d), "4 Mar 2026");
        assert_eq!(date(Lang::It, d), "04/03/2026");
        assert_eq!(date(Lang::Fr, d), "04/03/2026");
        assert_eq!(date(Lang::Nl, d), "04-03-2026");
    }

    #[test]
    fn every_english_month_has_its_own_name() {
        let names: Vec<String> = (1..=12)
            .map(|m| date(Lang::En, NaiveDate::from_ymd_opt(2025, m, 1).unwrap()))
            .collect();
        assert_eq!(names[0], "1 Jan 2025");
        assert_eq!(names[4], "1 May 2025");
        assert_eq!(names[8], "1 Sep 2025");
        assert_eq!(names[11], "1 Dec 2025");
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), 12);
    }

    #[test]
    fn early_hours_are_padded() {
        let early = day().and_hms_opt(8, 5, 0).unwrap();
        for lang in Lang::ALL {
            assert_eq!(time(lang, early), "08:05");
        }
        assert_eq!(datetime(Lang::Nl, early), "17-11-2025 08:05");
    }

    #[test]
    fn templates_may_pass_days_moments_references_and_options() {
        // As `ctx.date(..)` and `ctx.datetime(..)` take them.
        fn day_of(d: impl AsDate) -> Option<NaiveDate> {
            d.as_date()
        }
        fn moment_of(t: impl AsDateTime) -> Option<NaiveDateTime> {
            t.as_datetime()
        }
        // Askama hands over references where a template binds a variable.
        let (d, m, some_d, some_m) = (day(), moment(), Some(day()), Some(moment()));
        let (d_ref, m_ref): (&NaiveDate, &NaiveDateTime) = (&d, &m);
        let (some_d_ref, some_m_ref) = (&some_d, &some_m);
        assert_eq!(day_of(d), Some(day()));
        assert_eq!(day_of(m), Some(day()));
        assert_eq!(day_of(m_ref), Some(day()));
        let d_ref_ref: &&NaiveDate = &d_ref;
        assert_eq!(day_of(d_ref_ref), Some(day()));
        assert_eq!(day_of(some_m), Some(day()));
        assert_eq!(day_of(some_d_ref), Some(day()));
        assert_eq!(day_of(None::<NaiveDate>), None);
        assert_eq!(moment_of(m), Some(moment()));
        assert_eq!(moment_of(some_m_ref), Some(moment()));
        assert_eq!(moment_of(None::<NaiveDateTime>), None);
    }
}
