//! The document's own tests: the file, its pages, its fonts and encoding.

use super::*;

fn sample() -> SignedPact {
    SignedPact {
        lang: "it".into(),
        title: "Riapertura della serra della Lunetta".into(),
        pact_id: 12,
        protocol_number: Some("PG/2027/0412".into()),
        kind: "Patto complesso".into(),
        office: "Verde urbano".into(),
        commons: "Giardino Lunetta Gamberini (#3)".into(),
        act_number: Some("DG/2027/118".into()),
        version: 2,
        signed_on: "17/11/2025".into(),
        parties: vec![
            (
                "Proponente".into(),
                "Amici della Lunetta (Chiara Romano)".into(),
            ),
            ("Il Comune".into(), "Verde urbano".into()),
        ],
        clauses: vec![
            Clause {
                heading: "Obiettivi".into(),
                text: "Riaprire la serra.\nFare laboratori per le scuole.".into(),
                items: vec![],
            },
            Clause {
                heading: "Cosa dà il Comune".into(),
                text: String::new(),
                items: vec!["Materiali: lastre di vetro (40 lastre), 2027".into()],
            },
        ],
        signatures: vec![SignatureLine {
            party: "Proponente".into(),
            signer: "Chiara Romano (Amici della Lunetta)".into(),
            date: "17/11/2025".into(),
        }],
        text_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        ledger_index: 41,
        ledger_url: "https://pactum.example.org/ledger/entries/41".into(),
        text_url: "https://pactum.example.org/pacts/12/versions/2.txt".into(),
        labels: Labels {
            header: "Bologna · Patti di collaborazione".into(),
            pact_number: "Patto 12".into(),
            protocol: "Numero di protocollo".into(),
            scan: "Inquadra per aprire la voce nel registro civico".into(),
            ..Labels::default()
        },
    }
}

fn pages_of(pdf: &[u8]) -> usize {
    let s = String::from_utf8_lossy(pdf);
    s.matches("/Type /Page\n").count() + s.matches("/Type /Page ").count()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn hex(text: &str) -> String {
    encode(text).iter().map(|b| format!("{b:02X}")).collect()
}

#[test]
fn a_pdf_file_of_one_page_for_a_short_pact() {
    let pdf = render(&sample());
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.ends_with(b"%%EOF") || pdf.ends_with(b"%%EOF\n"));
    assert_eq!(pages_of(&pdf), 1);
    assert!(contains(&pdf, b"/BaseFont /Helvetica"));
    assert!(contains(&pdf, b"/Encoding /WinAnsiEncoding"));
    assert!(contains(&pdf, b"(1/1) Tj"));
}

#[test]
fn the_hash_the_ledger_entry_and_its_address_are_in_the_content() {
    let doc = sample();
    let pdf = render(&doc);
    assert!(contains(
        &pdf,
        format!("({}) Tj", doc.text_sha256).as_bytes()
    ));
    assert!(contains(&pdf, b"(#41) Tj"));
    assert!(contains(
        &pdf,
        format!("({}) Tj", doc.ledger_url).as_bytes()
    ));
    // The QR code and the address are links to the entry.
    assert!(contains(
        &pdf,
        format!("/URI ({})", doc.ledger_url).as_bytes()
    ));
    assert!(contains(&pdf, b"(PG/2027/0412) Tj"));
}

#[test]
fn the_qr_code_is_drawn_as_rectangles_inside_its_square() {
    let ops = qr_ops(
        "https://pactum.example.org/ledger/entries/41",
        100.0,
        200.0,
        96.0,
    );
    assert!(ops.len() > 50, "{} runs", ops.len());
    for op in &ops {
        let Op::Fill { x, y, w, h } = op else {
            panic!("only rectangles")
        };
        assert!(*x >= 100.0 && x + w <= 196.01, "{x} {w}");
        assert!(*y >= 200.0 && y + h <= 296.01, "{y} {h}");
    }
    // The quiet zone stays white: no module in the outer four.
    let module = 96.0
        / (QrCode::new(b"https://pactum.example.org/ledger/entries/41")
            .map(|c| c.width())
            .unwrap_or(0)
            + 8) as f32;
    assert!(
        ops.iter()
            .all(|op| matches!(op, Op::Fill { x, .. } if *x >= 100.0 + 4.0 * module - 0.01))
    );
}

#[test]
fn pages_grow_with_the_text_and_each_is_numbered() {
    let mut doc = sample();
    let short = pages_of(&render(&doc));
    doc.clauses.push(Clause {
        heading: "Attività".into(),
        text: "Pulire e riparare la serra, aprirla due pomeriggi a settimana. ".repeat(400),
        items: vec![],
    });
    let pdf = render(&doc);
    let long = pages_of(&pdf);
    assert!(long > short + 2, "{short} then {long} pages");
    assert!(contains(&pdf, format!("(1/{long}) Tj").as_bytes()));
    assert!(contains(&pdf, format!("({long}/{long}) Tj").as_bytes()));
    assert!(contains(&pdf, format!("/Count {long}").as_bytes()));
}

#[test]
fn accents_of_italian_french_and_dutch_survive() {
    assert_eq!(encode("città perché"), b"citt\xe0 perch\xe9");
    assert_eq!(
        encode("Œuvre « été » naïve"),
        b"\x8cuvre \xab \xe9t\xe9 \xbb na\xefve"
    );
    assert_eq!(
        encode("coöperatie, één, café"),
        b"co\xf6peratie, \xe9\xe9n, caf\xe9"
    );
    assert_eq!(encode("“€ 5” – ok…"), b"\x93\x80 5\x94 \x96 ok\x85");
    let mut doc = sample();
    doc.title = "Perché la città è più bella: œuvre été coöperatie".into();
    let pdf = render(&doc);
    assert!(contains(
        &pdf,
        format!("<{}> Tj", hex(&doc.title)).as_bytes()
    ));
}

#[test]
fn characters_outside_winansi_become_close_equivalents_or_a_question_mark() {
    assert_eq!(encode("Łódź, Dvořák, Ĳssel"), b"L\xf3dz, Dvor\xe1k, IJssel");
    assert_eq!(encode("a\u{202F}: b\u{2011}c \u{2212}1"), b"a\xa0: b-c -1");
    assert_eq!(encode("日本 🌳"), b"?? ?");
    assert_eq!(encode("soft\u{AD}hyphen\u{200B}"), b"softhyphen");
    assert_eq!(encode("tab\there\u{7}"), b"tab here");
    // Whatever comes in, only codes the fonts have go out.
    let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
    assert!(
        encode(&all)
            .iter()
            .all(|b| Font::Regular.advance(*b) > 0 && Font::Bold.advance(*b) > 0)
    );
}

#[test]
fn lines_fit_the_width_with_helvetica_metrics() {
    // "Hello" is 722+556+222+222+556 = 2278 units: 22.78 points at 10 points.
    assert!((Font::Regular.width(10.0, b"Hello") - 22.78).abs() < 0.001);
    assert!((Font::Mono.width(10.0, b"abc") - 18.0).abs() < 0.001);
    let text = "Open to everyone during opening hours, every afternoon of the week. ".repeat(20);
    let lines = wrap(Font::Regular, 10.0, &text, 200.0);
    assert!(lines.len() > 10);
    for l in &lines {
        assert!(
            Font::Regular.width(10.0, l) <= 200.0,
            "{}",
            String::from_utf8_lossy(l)
        );
    }
    // Nothing is lost but the spaces where lines break.
    let joined: Vec<u8> = lines.join(&b' ');
    assert_eq!(joined, encode(text.trim_end()));
    // A word wider than the line is cut; blank lines stay.
    let cut = wrap(Font::Mono, 10.0, &"x".repeat(50), 60.0);
    assert_eq!(cut.len(), 5);
    assert_eq!(wrap(Font::Regular, 10.0, "a\n\nb", 100.0).len(), 3);
}

#[test]
fn a_heading_is_never_the_last_line_of_a_page() {
    let mut doc = sample();
    for i in 0..40 {
        doc.clauses.push(Clause {
            heading: format!("Clausola {i}"),
            text: "Testo della clausola, su più righe. ".repeat(i % 7 + 1),
            items: vec![],
        });
    }
    for page in layout(&doc) {
        let lowest = page
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { y, font, size, .. } => Some((*y, *font, *size)),
                Op::Fill { .. } => None,
            })
            .fold(None, |low: Option<(f32, Font, f32)>, t| match low {
                Some(l) if l.0 <= t.0 => Some(l),
                _ => Some(t),
            });
        if let Some((y, font, size)) = lowest {
            assert!(y >= BOTTOM - BODY.leading, "text below the margin: {y}");
            assert!(
                !(font == Font::Bold && size == SUBHEADING.size),
                "a clause heading ends a page"
            );
        }
    }
}
