//! The signed pact as a PDF document: its text, parties and signatures with their
//! dates, the SHA-256 of the signed text, its entry on the civic ledger with a QR code
//! linking to it, and the protocol number the city registered.
//!
//! Rules: the input is a plain read model whose strings are already in the reader's
//! language ([`SignedPact`]); the output is the file's bytes. The fonts are the PDF
//! standard fonts Helvetica and Courier in WinAnsiEncoding, so nothing is embedded: a
//! character outside that encoding is written as a close equivalent or `?` ([`encode`]).
//! Lines are wrapped with the fonts' own widths (Adobe's AFM metrics), pages break
//! before a heading would be left alone at a page's foot, and every page is numbered
//! "n/total". Content streams are left uncompressed (the web layer compresses the
//! response), so the hash and the ledger address can be found in the file as written.
//!
//! Pure: no web, no database.

use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use qrcode::{Color, EcLevel, QrCode};

mod fonts;

pub use fonts::encode;
use fonts::{Font, wrap};

/// One signed pact, as the document shows it.
#[derive(Debug, Clone, Default)]
pub struct SignedPact {
    /// The reader's language code (`it`), the document's `/Lang`.
    pub lang: String,
    pub title: String,
    pub pact_id: i64,
    /// The number the city's register gave the pact, once registered.
    pub protocol_number: Option<String>,
    /// The pact's type, translated ("Complex pact").
    pub kind: String,
    /// The office that follows the pact for the city.
    pub office: String,
    /// The commons the pact covers, as one line.
    pub commons: String,
    /// The executive act of a complex pact.
    pub act_number: Option<String>,
    /// The signed version's number.
    pub version: i64,
    /// When the last party signed (the date as the reader's language writes it).
    pub signed_on: String,
    /// Each party and who it is: (role, name).
    pub parties: Vec<(String, String)>,
    /// The clauses, in the order of the text.
    pub clauses: Vec<Clause>,
    pub signatures: Vec<SignatureLine>,
    pub text_sha256: String,
    pub ledger_index: i64,
    /// The ledger entry's page, which the QR code opens.
    pub ledger_url: String,
    /// The canonical text whose SHA-256 was signed.
    pub text_url: String,
    pub labels: Labels,
}

/// One clause: its heading, its text, and its items (the city's support lines).
#[derive(Debug, Clone, Default)]
pub struct Clause {
    pub heading: String,
    pub text: String,
    pub items: Vec<String>,
}

/// One signature: the party signed for, who signed (and for which group), the date.
#[derive(Debug, Clone, Default)]
pub struct SignatureLine {
    pub party: String,
    pub signer: String,
    pub date: String,
}

/// The document's own words, translated.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// The line above the title ("Testville · Collaboration pacts").
    pub header: String,
    /// "Pact 12": above the title and at each page's foot.
    pub pact_number: String,
    pub protocol: String,
    pub kind: String,
    pub office: String,
    pub commons: String,
    pub act_number: String,
    pub version: String,
    pub signed_on: String,
    pub parties: String,
    pub text: String,
    pub signatures: String,
    /// The signature table's columns: party, signer, date.
    pub party: String,
    pub signer: String,
    pub date: String,
    pub verification: String,
    pub sha256: String,
    pub ledger: String,
    pub canonical: String,
    /// Under the QR code.
    pub scan: String,
}

/// The PDF file of a signed pact.
pub fn render(doc: &SignedPact) -> Vec<u8> {
    write(doc, layout(doc))
}

// ---- Layout ---------------------------------------------------------------------------

/// A4, in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.7;
const TOP: f32 = PAGE_H - MARGIN;
/// The lowest a line of text may sit; the page number goes below.
const BOTTOM: f32 = MARGIN + 10.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
/// The QR code's side, quiet zone included.
const QR_SIDE: f32 = 96.0;

/// How a line is set: font, size and leading in points, gray level (0 is black).
#[derive(Debug, Clone, Copy)]
struct Style {
    font: Font,
    size: f32,
    leading: f32,
    gray: f32,
}

impl Style {
    const fn new(font: Font, size: f32, leading: f32, gray: f32) -> Style {
        Style {
            font,
            size,
            leading,
            gray,
        }
    }
}

const HEADER: Style = Style::new(Font::Regular, 9.0, 13.0, 0.35);
const TITLE: Style = Style::new(Font::Bold, 17.0, 21.0, 0.0);
const HEADING: Style = Style::new(Font::Bold, 13.0, 17.0, 0.0);
const SUBHEADING: Style = Style::new(Font::Bold, 10.5, 14.0, 0.0);
const BODY: Style = Style::new(Font::Regular, 10.0, 13.5, 0.0);
const LABEL: Style = Style::new(Font::Bold, 9.5, 13.5, 0.0);
const HASH: Style = Style::new(Font::Mono, 9.0, 13.0, 0.0);
const SMALL: Style = Style::new(Font::Regular, 8.0, 10.0, 0.35);

/// What a page shows: text, filled rectangles (rules, the QR code's modules), links.
#[derive(Debug, Clone, PartialEq)]
enum Op {
    Text {
        font: Font,
        size: f32,
        gray: f32,
        x: f32,
        y: f32,
        text: Vec<u8>,
    },
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

#[derive(Debug, Clone, Default)]
struct Page {
    ops: Vec<Op>,
    links: Vec<(Rect, String)>,
}

/// Lays the document out top to bottom, page after page.
struct Layout {
    done: Vec<Page>,
    page: Page,
    /// The top of the next line.
    y: f32,
}

impl Layout {
    fn new() -> Layout {
        Layout {
            done: Vec::new(),
            page: Page::default(),
            y: TOP,
        }
    }

    fn pages(mut self) -> Vec<Page> {
        self.done.push(self.page);
        self.done
    }

    fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.page));
        self.y = TOP;
    }

    /// Starts a new page unless `h` points still fit on this one (a page's top always
    /// takes what comes, however tall).
    fn room(&mut self, h: f32) {
        if self.y - h < BOTTOM && self.y < TOP {
            self.new_page();
        }
    }

    /// White space, except at the top of a page.
    fn gap(&mut self, h: f32) {
        if self.y < TOP {
            self.y -= h;
        }
    }

    fn text(&mut self, st: Style, x: f32, baseline: f32, text: Vec<u8>) {
        if !text.is_empty() {
            self.page.ops.push(Op::Text {
                font: st.font,
                size: st.size,
                gray: st.gray,
                x,
                y: baseline,
                text,
            });
        }
    }

    fn line(&mut self, st: Style, x: f32, text: Vec<u8>) {
        self.room(st.leading);
        let baseline = self.y - st.size;
        self.text(st, x, baseline, text);
        self.y -= st.leading;
    }

    fn paragraph(&mut self, st: Style, x: f32, width: f32, text: &str) {
        for l in wrap(st.font, st.size, text, width) {
            self.line(st, x, l);
        }
    }

    fn rule(&mut self, y: f32) {
        self.page.ops.push(Op::Fill {
            x: MARGIN,
            y,
            w: WIDTH,
            h: 0.6,
        });
    }

    /// A section's heading, ruled, never left alone at a page's foot.
    fn heading(&mut self, text: &str) {
        self.gap(14.0);
        self.room(HEADING.leading + 3.0 * BODY.leading);
        self.paragraph(HEADING, MARGIN, WIDTH, text);
        self.rule(self.y + 2.0);
        self.gap(5.0);
    }

    /// A clause's heading, kept with its first lines.
    fn subheading(&mut self, text: &str) {
        self.gap(7.0);
        self.room(SUBHEADING.leading + 2.0 * BODY.leading);
        self.paragraph(SUBHEADING, MARGIN, WIDTH, text);
    }

    /// One row of columns, each cell wrapped in its width; a short row is kept whole.
    fn row(&mut self, cells: &[(Style, f32, &str)]) {
        let mut x = MARGIN;
        let mut columns = Vec::new();
        for (st, w, text) in cells {
            columns.push((*st, x, wrap(st.font, st.size, text, w - 8.0)));
            x += w;
        }
        let leading = cells.iter().map(|c| c.0.leading).fold(0.0, f32::max);
        let lines = columns.iter().map(|c| c.2.len()).max().unwrap_or(0);
        self.room(leading * lines.min(4) as f32);
        for i in 0..lines {
            self.room(leading);
            for (st, x, wrapped) in &columns {
                if let Some(l) = wrapped.get(i) {
                    let baseline = self.y - st.size;
                    self.text(*st, *x, baseline, l.clone());
                }
            }
            self.y -= leading;
        }
    }

    /// A label and its value, side by side.
    fn fact(&mut self, label: &str, value: &str) {
        let lw = 150.0;
        self.row(&[(LABEL, lw, label), (BODY, WIDTH - lw, value)]);
    }

    fn link(&mut self, rect: Rect, uri: &str) {
        self.page.links.push((rect, uri.to_string()));
    }
}

/// The dark modules of a QR code for `data` as rectangles (one per horizontal run),
/// in a square of side `side` whose lower-left corner is (x, y), quiet zone included.
fn qr_ops(data: &str, x: f32, y: f32, side: f32) -> Vec<Op> {
    let Ok(code) = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M) else {
        return Vec::new();
    };
    let n = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    let module = side / (n + 2 * quiet) as f32;
    let mut ops = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] != Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && colors[row * n + col] == Color::Dark {
                col += 1;
            }
            ops.push(Op::Fill {
                x: x + (quiet + start) as f32 * module,
                y: y + side - (quiet + row + 1) as f32 * module,
                w: (col - start) as f32 * module,
                h: module,
            });
        }
    }
    ops
}

fn layout(doc: &SignedPact) -> Vec<Page> {
    let l = &doc.labels;
    let mut out = Layout::new();
    out.paragraph(
        HEADER,
        MARGIN,
        WIDTH,
        &format!("{} · {}", l.header, l.pact_number),
    );
    out.gap(6.0);
    out.paragraph(TITLE, MARGIN, WIDTH, &doc.title);
    out.gap(8.0);
    if let Some(p) = &doc.protocol_number {
        out.fact(&l.protocol, p);
    }
    out.fact(&l.kind, &doc.kind);
    out.fact(&l.office, &doc.office);
    if let Some(a) = &doc.act_number {
        out.fact(&l.act_number, a);
    }
    out.fact(&l.commons, &doc.commons);
    out.fact(&l.version, &doc.version.to_string());
    out.fact(&l.signed_on, &doc.signed_on);

    out.heading(&l.parties);
    for (role, name) in &doc.parties {
        out.fact(role, name);
    }

    out.heading(&l.text);
    for c in &doc.clauses {
        out.subheading(&c.heading);
        if !c.text.is_empty() {
            out.paragraph(BODY, MARGIN, WIDTH, &c.text);
        }
        for item in &c.items {
            let bullet = 12.0;
            for (i, line) in wrap(BODY.font, BODY.size, item, WIDTH - bullet)
                .into_iter()
                .enumerate()
            {
                out.room(BODY.leading);
                if i == 0 {
                    let baseline = out.y - BODY.size;
                    out.text(BODY, MARGIN, baseline, vec![0x95]);
                }
                out.line(BODY, MARGIN + bullet, line);
            }
        }
    }

    out.heading(&l.signatures);
    let columns = [140.0, WIDTH - 230.0, 90.0];
    out.row(&[
        (LABEL, columns[0], &l.party),
        (LABEL, columns[1], &l.signer),
        (LABEL, columns[2], &l.date),
    ]);
    for s in &doc.signatures {
        out.row(&[
            (BODY, columns[0], &s.party),
            (BODY, columns[1], &s.signer),
            (BODY, columns[2], &s.date),
        ]);
    }

    verification(&mut out, doc);
    out.pages()
}

/// The hash, the ledger entry and the canonical text on the left, the QR code to the
/// ledger entry on the right; kept together on one page.
fn verification(out: &mut Layout, doc: &SignedPact) {
    let l = &doc.labels;
    let left = WIDTH - QR_SIDE - 16.0;
    let mut lines: Vec<(Style, Vec<u8>, Option<String>)> = Vec::new();
    let mut add = |st: Style, text: &str, link: Option<&str>| {
        for w in wrap(st.font, st.size, text, left) {
            lines.push((st, w, link.map(str::to_string)));
        }
    };
    add(LABEL, &l.sha256, None);
    add(HASH, &doc.text_sha256, None);
    add(LABEL, &l.ledger, None);
    add(BODY, &format!("#{}", doc.ledger_index), None);
    add(BODY, &doc.ledger_url, Some(&doc.ledger_url));
    add(LABEL, &l.canonical, None);
    add(BODY, &doc.text_url, Some(&doc.text_url));
    let caption = wrap(SMALL.font, SMALL.size, &l.scan, QR_SIDE);
    let text_h: f32 = lines.iter().map(|(st, _, _)| st.leading).sum();
    let qr_h = QR_SIDE + SMALL.leading * caption.len() as f32;
    // The heading's own space, then the block: all on this page or all on the next.
    out.room(14.0 + HEADING.leading + 5.0 + text_h.max(qr_h));
    out.heading(&l.verification);
    let top = out.y;
    let qr_x = MARGIN + WIDTH - QR_SIDE;
    let qr_y = top - QR_SIDE;
    out.page
        .ops
        .extend(qr_ops(&doc.ledger_url, qr_x, qr_y, QR_SIDE));
    out.link(Rect::new(qr_x, qr_y, qr_x + QR_SIDE, top), &doc.ledger_url);
    let mut y = qr_y;
    for c in caption {
        y -= SMALL.leading;
        out.text(SMALL, qr_x, y + SMALL.leading - SMALL.size, c);
    }
    for (st, text, link) in lines {
        let baseline = out.y - st.size;
        if let Some(uri) = link {
            let w = st.font.width(st.size, &text);
            out.link(
                Rect::new(MARGIN, baseline - 2.0, MARGIN + w, baseline + st.size),
                &uri,
            );
        }
        out.text(st, MARGIN, baseline, text);
        out.y -= st.leading;
    }
    out.y = out.y.min(y);
}

// ---- The file -------------------------------------------------------------------------

fn write(doc: &SignedPact, pages: Vec<Page>) -> Vec<u8> {
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let tree = next.bump();
    let info = next.bump();
    let fonts: Vec<(Font, Ref)> = Font::ALL.iter().map(|f| (*f, next.bump())).collect();
    let mut pdf = Pdf::new();
    let total = pages.len();
    let mut footer = doc.labels.pact_number.clone();
    if let Some(p) = &doc.protocol_number {
        footer.push_str(&format!(" · {} {p}", doc.labels.protocol));
    }
    let footer = encode(&footer);
    let mut kids = Vec::new();
    for (i, page) in pages.into_iter().enumerate() {
        let page_id = next.bump();
        let content_id = next.bump();
        let annotations: Vec<Ref> = page.links.iter().map(|_| next.bump()).collect();
        kids.push(page_id);
        let mut content = Content::new();
        for op in &page.ops {
            draw(&mut content, op);
        }
        let number = encode(&format!("{}/{total}", i + 1));
        let foot = MARGIN - 20.0;
        for (x, text) in [
            (MARGIN, footer.clone()),
            (
                MARGIN + WIDTH - SMALL.font.width(SMALL.size, &number),
                number,
            ),
        ] {
            draw(
                &mut content,
                &Op::Text {
                    font: SMALL.font,
                    size: SMALL.size,
                    gray: SMALL.gray,
                    x,
                    y: foot,
                    text,
                },
            );
        }
        pdf.stream(content_id, &content.finish());
        let mut p = pdf.page(page_id);
        p.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(content_id);
        if !annotations.is_empty() {
            p.annotations(annotations.iter().copied());
        }
        {
            let mut resources = p.resources();
            let mut dict = resources.fonts();
            for (f, id) in &fonts {
                dict.pair(f.resource(), *id);
            }
        }
        p.finish();
        for (id, (rect, uri)) in annotations.into_iter().zip(page.links) {
            let mut a = pdf.annotation(id);
            a.subtype(AnnotationType::Link).rect(rect);
            a.border(0.0, 0.0, 0.0, None);
            a.action()
                .action_type(ActionType::Uri)
                .uri(Str(&encode(&uri)));
        }
    }
    pdf.pages(tree)
        .kids(kids)
        .count(i32::try_from(total).unwrap_or(i32::MAX));
    pdf.catalog(catalog).pages(tree).lang(TextStr(&doc.lang));
    for (f, id) in &fonts {
        pdf.type1_font(*id)
            .base_font(f.base())
            .encoding_predefined(Name(b"WinAnsiEncoding"));
    }
    pdf.document_info(info)
        .title(TextStr(&doc.title))
        .subject(TextStr(&format!("SHA-256 {}", doc.text_sha256)))
        .producer(TextStr("Pactum"));
    pdf.finish()
}

fn draw(content: &mut Content, op: &Op) {
    match op {
        Op::Text {
            font,
            size,
            gray,
            x,
            y,
            text,
        } => {
            content.set_fill_gray(*gray);
            content
                .begin_text()
                .set_font(font.resource(), *size)
                .next_line(*x, *y)
                .show(Str(text))
                .end_text();
        }
        Op::Fill { x, y, w, h } => {
            content.set_fill_gray(0.0);
            content.rect(*x, *y, *w, *h).fill_nonzero();
        }
    }
}

#[cfg(test)]
mod tests;
