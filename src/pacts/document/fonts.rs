//! The PDF standard fonts the document is set in (Helvetica, Helvetica-Bold, Courier),
//! their widths, the WinAnsiEncoding their text is written in, and line wrapping by
//! those widths.

use pdf_writer::Name;

/// Helvetica's advance widths (1/1000 em) for WinAnsi codes 32 to 255, from Adobe's AFM
/// file (0: no glyph at that code).
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, //
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, //
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, //
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, //
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, //
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0, //
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, //
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667, //
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, //
    400, 584, 333, 333, 333, 578, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, //
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, //
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, //
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, //
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, //
];

/// Helvetica-Bold's advance widths, as [`HELVETICA`].
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, //
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, //
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, //
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, //
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, //
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0, //
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0, //
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667, //
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, //
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, //
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, //
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, //
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, //
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, //
];

/// The characters WinAnsiEncoding places at 128 to 159 (Windows-1252).
const WINANSI_HIGH: [(char, u8); 27] = [
    ('€', 0x80),
    ('‚', 0x82),
    ('ƒ', 0x83),
    ('„', 0x84),
    ('…', 0x85),
    ('†', 0x86),
    ('‡', 0x87),
    ('ˆ', 0x88),
    ('‰', 0x89),
    ('Š', 0x8A),
    ('‹', 0x8B),
    ('Œ', 0x8C),
    ('Ž', 0x8E),
    ('‘', 0x91),
    ('’', 0x92),
    ('“', 0x93),
    ('”', 0x94),
    ('•', 0x95),
    ('–', 0x96),
    ('—', 0x97),
    ('˜', 0x98),
    ('™', 0x99),
    ('š', 0x9A),
    ('›', 0x9B),
    ('œ', 0x9C),
    ('ž', 0x9E),
    ('Ÿ', 0x9F),
];

/// The base letter of each character from U+0100 to U+017F (Latin Extended-A: Czech,
/// Polish, Hungarian, Turkish, Baltic letters), for those WinAnsi lacks.
const LATIN_EXTENDED_A: &[u8; 128] =
    b"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlL\
lLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Font {
    Regular,
    Bold,
    Mono,
}

impl Font {
    pub(super) const ALL: [Font; 3] = [Font::Regular, Font::Bold, Font::Mono];

    pub(super) fn resource(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
            Font::Mono => Name(b"F3"),
        }
    }

    pub(super) fn base(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"Helvetica"),
            Font::Bold => Name(b"Helvetica-Bold"),
            Font::Mono => Name(b"Courier"),
        }
    }

    /// The advance width of a WinAnsi code, in 1/1000 em.
    pub(super) fn advance(self, code: u8) -> u16 {
        let table = match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
            Font::Mono => return 600,
        };
        code.checked_sub(0x20).map_or(0, |i| table[usize::from(i)])
    }

    /// The width of encoded text at `size` points.
    pub(super) fn width(self, size: f32, text: &[u8]) -> f32 {
        let units: u32 = text.iter().map(|c| u32::from(self.advance(*c))).sum();
        units as f32 * size / 1000.0
    }
}

/// Text in WinAnsiEncoding: each character as itself where the encoding has it, else a
/// close equivalent (a letter without its accent, a plain space or dash), else `?`.
/// Line breaks and other control characters are dropped; callers split lines first.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let u = u32::from(c);
        match c {
            // A soft hyphen is a hint, not a character to print.
            '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            ' '..='~' | '\u{A0}'..='\u{FF}' => out.push(u8::try_from(u).unwrap_or(b'?')),
            '\t' => out.push(b' '),
            c if c.is_control() => {}
            'Ĳ' => out.extend_from_slice(b"IJ"),
            'ĳ' => out.extend_from_slice(b"ij"),
            // The non-breaking spaces French puts before ; : ! ? and in numbers.
            '\u{202F}' | '\u{2007}' => out.push(0xA0),
            '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{3000}' => out.push(b' '),
            '\u{2010}'..='\u{2012}' | '\u{2043}' | '\u{2212}' => out.push(b'-'),
            '\u{2015}' => out.push(0x97),
            '\u{2032}' => out.push(b'\''),
            '\u{2033}' => out.push(b'"'),
            '\u{2190}' => out.extend_from_slice(b"<-"),
            '\u{2192}' => out.extend_from_slice(b"->"),
            '\u{2264}' => out.extend_from_slice(b"<="),
            '\u{2265}' => out.extend_from_slice(b">="),
            '\u{1E9E}' => out.extend_from_slice(b"SS"),
            _ => {
                if let Some((_, b)) = WINANSI_HIGH.iter().find(|(w, _)| *w == c) {
                    out.push(*b);
                } else if let Some(i) = u.checked_sub(0x100).filter(|i| *i < 0x80) {
                    out.push(LATIN_EXTENDED_A[i as usize]);
                } else {
                    out.push(b'?');
                }
            }
        }
    }
    out
}

/// Splits text into lines no wider than `max` points: at spaces, and inside a word
/// only when the word alone is wider than a line. Each `\n` starts a new line; a blank
/// line stays blank.
pub(super) fn wrap(font: Font, size: f32, text: &str, max: f32) -> Vec<Vec<u8>> {
    let space = font.width(size, b" ");
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let encoded = encode(paragraph);
        let mut line: Vec<u8> = Vec::new();
        let mut used = 0.0;
        for word in encoded.split(|b| *b == b' ').filter(|w| !w.is_empty()) {
            let w = font.width(size, word);
            if !line.is_empty() && used + space + w <= max {
                line.push(b' ');
                line.extend_from_slice(word);
                used += space + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut rest = word;
            // A word wider than the line (a long address or hash) is cut where it must.
            while font.width(size, rest) > max {
                let mut fit = 0;
                let mut run = 0.0;
                for c in rest {
                    let a = f32::from(font.advance(*c)) * size / 1000.0;
                    if run + a > max {
                        break;
                    }
                    run += a;
                    fit += 1;
                }
                let fit = fit.max(1);
                lines.push(rest[..fit].to_vec());
                rest = &rest[fit..];
            }
            line.extend_from_slice(rest);
            used = font.width(size, rest);
        }
        lines.push(line);
    }
    lines
}
