//! A closed vote's result as a bar chart, drawn on the server as SVG (no script, no
//! style sheet: it shows with JavaScript off and passes the page's CSP).
//!
//! The bars come from the tally's own report, so the chart shows what was counted:
//! the answers of a yes/no or consent vote, the approvals or total scores of each
//! option, for Schulze the number of options each one beats by its strongest paths,
//! for IRV the last round's votes and for STV the last round's votes (after
//! transfers). A winner's bar carries a star and the word the caller gives, not only a
//! colour. The SVG has a title and a description for screen readers; the page keeps
//! the full report as text beside it.

use serde_json::Value;

use crate::voting::api::Method;

/// One bar: its label, its value, and whether it won.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub winner: bool,
}

/// The bars of a result, or none when the report has nothing to draw (no ballots).
/// `answer` names a fixed answer code (`yes`, `agree`...) in the reader's language;
/// `winners` are the winners as the result lists them.
pub fn bars(
    method: Method,
    report: &Value,
    winners: &[String],
    answer: impl Fn(&str) -> String,
) -> Vec<Bar> {
    let count = &report["count"];
    let won = |label: &str| winners.iter().any(|w| w == label);
    let named = |values: Vec<f64>| -> Vec<Bar> {
        let names = count["options"]
            .as_array()
            .or_else(|| count["candidates"].as_array());
        let names: Vec<String> = names
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default();
        names
            .into_iter()
            .zip(values)
            .map(|(label, value)| Bar {
                winner: won(&label),
                label,
                value,
            })
            .collect()
    };
    let numbers = |v: &Value| -> Vec<f64> {
        v.as_array()
            .map(|a| a.iter().map(number).collect())
            .unwrap_or_default()
    };
    let bars = match method {
        Method::YesNoAbstain | Method::Consent => {
            let codes: &[&str] = if method == Method::YesNoAbstain {
                &["yes", "no", "abstain", "blank"]
            } else {
                &["agree", "abstain", "object", "block", "blank"]
            };
            codes
                .iter()
                .map(|c| Bar {
                    label: answer(c),
                    value: number(&count["counts"][*c]),
                    winner: won(c),
                })
                .collect()
        }
        Method::Approval => named(numbers(&count["approvals"])),
        Method::Score => named(numbers(&count["totals"])),
        Method::Schulze => named(numbers(&count["beats"])),
        Method::Irv | Method::Stv => {
            let last = count["rounds"]
                .as_array()
                .and_then(|r| r.last())
                .cloned()
                .unwrap_or(Value::Null);
            let key = if method == Method::Irv {
                "tallies"
            } else {
                "votes"
            };
            named(numbers(&last[key]))
        }
    };
    if bars.iter().all(|b| b.value == 0.0) {
        Vec::new()
    } else {
        bars
    }
}

/// A count as the report writes it: an integer, a decimal string (STV), or none.
fn number(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap_or(0.0),
        Value::String(s) => s.parse().unwrap_or(0.0),
        _ => 0.0,
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A label cut to fit beside its bar.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// A value as the chart writes it: whole numbers plainly, others to two places.
fn shown(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

const WIDTH: u32 = 640;
const LABEL_W: u32 = 200;
const BAR_H: u32 = 28;
const GAP: u32 = 10;

/// The chart as an SVG element. `id` makes its title's and description's ids unique
/// on the page; `title` and `desc` are plain text (escaped here); `won` is the word
/// written after a winner's value.
pub fn svg(id: &str, title: &str, desc: &str, bars: &[Bar], won: &str) -> String {
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let room = f64::from(WIDTH - LABEL_W - 150);
    let rows = u32::try_from(bars.len()).unwrap_or(u32::MAX / 64);
    let height = rows * (BAR_H + GAP) + GAP;
    let id = esc(id);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"chart\" \
         viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" \
         aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(desc)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = GAP + u32::try_from(i).unwrap_or(0) * (BAR_H + GAP);
        let w = if max > 0.0 {
            (b.value / max * room)
                .round()
                .max(if b.value > 0.0 { 2.0 } else { 0.0 })
        } else {
            0.0
        };
        let fill = if b.winner { "#1d5c3a" } else { "#5b6b7a" };
        let text_y = y + BAR_H / 2 + 5;
        let value = if b.winner {
            format!("{} ★ {}", shown(b.value), esc(won))
        } else {
            shown(b.value)
        };
        s.push_str(&format!(
            "<text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\" font-size=\"14\" fill=\"#1a1a1a\">{}</text>\
             <rect x=\"{LABEL_W}\" y=\"{y}\" width=\"{w}\" height=\"{BAR_H}\" fill=\"{fill}\"/>\
             <text x=\"{}\" y=\"{text_y}\" font-size=\"14\" fill=\"#1a1a1a\">{value}</text>",
            LABEL_W - 8,
            esc(&short(&b.label, 26)),
            f64::from(LABEL_W) + w + 8.0,
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(c: &str) -> String {
        c.to_uppercase()
    }

    #[test]
    fn a_yes_no_result_draws_each_answer_and_marks_the_one_that_carried() {
        let report = json!({"count": {"counts": {"yes": 3, "no": 1, "abstain": 0, "blank": 1}}});
        let b = bars(Method::YesNoAbstain, &report, &["yes".into()], answer);
        assert_eq!(b.len(), 4);
        assert_eq!(
            b[0],
            Bar {
                label: "YES".into(),
                value: 3.0,
                winner: true
            }
        );
        assert!(!b[1].winner && b[1].value == 1.0);
    }

    #[test]
    fn option_methods_take_their_own_measure() {
        let options = json!(["Parks", "Library <b>", "Pool"]);
        let approval = json!({"count": {"options": options, "approvals": [2, 3, 1]}});
        let b = bars(Method::Approval, &approval, &["Library <b>".into()], answer);
        assert_eq!(
            b.iter().map(|b| b.value).collect::<Vec<_>>(),
            [2.0, 3.0, 1.0]
        );
        assert!(b[1].winner);
        let score = json!({"count": {"options": options, "totals": [6, 7, 2]}});
        assert_eq!(bars(Method::Score, &score, &[], answer)[0].value, 6.0);
        let schulze = json!({"count": {"options": options, "beats": [1, 2, 0]}});
        assert_eq!(bars(Method::Schulze, &schulze, &[], answer)[1].value, 2.0);
        // IRV: the last round, eliminated options at zero.
        let irv = json!({"count": {"options": options, "rounds": [
            {"tallies": [2, 2, 1]}, {"tallies": [3, 2, null]}]}});
        let b = bars(Method::Irv, &irv, &["Parks".into()], answer);
        assert_eq!(
            b.iter().map(|b| b.value).collect::<Vec<_>>(),
            [3.0, 2.0, 0.0]
        );
        // STV: decimal strings of the last round.
        let stv = json!({"count": {"candidates": options, "rounds": [
            {"votes": ["5.000000001", "2.5", "0"]}]}});
        assert_eq!(bars(Method::Stv, &stv, &[], answer)[1].value, 2.5);
        // Nothing to draw without ballots.
        let empty = json!({"count": {"options": options, "approvals": [0, 0, 0]}});
        assert!(bars(Method::Approval, &empty, &[], answer).is_empty());
    }

    #[test]
    fn the_svg_is_labelled_escaped_and_scaled() {
        let b = vec![
            Bar {
                label: "Library <b> & \"more\"".into(),
                value: 4.0,
                winner: true,
            },
            Bar {
                label: "Parks".into(),
                value: 2.0,
                winner: false,
            },
        ];
        let s = svg("v1", "Result <of> vote", "Bars", &b, "elected");
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains("aria-labelledby=\"v1-title v1-desc\""));
        assert!(s.contains("<title id=\"v1-title\">Result &lt;of&gt; vote</title>"));
        assert!(s.contains("Library &lt;b&gt; &amp; &quot;more&quot;"));
        assert!(!s.contains("<b>"));
        assert!(s.contains("4 ★ elected"));
        // The larger value gets the full width; the other half of it.
        assert!(s.contains("width=\"290\""));
        assert!(s.contains("width=\"145\""));
        assert_eq!(shown(2.5), "2.50");
        assert_eq!(short("abcdef", 4), "abc…");
    }
}
