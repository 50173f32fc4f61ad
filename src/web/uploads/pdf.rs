//! Metadata removal for uploaded PDF documents (evidence such as invoices). Pure byte
//! handling, no web types.
//!
//! [`clean_pdf`] never adds, removes or moves a byte: it overwrites metadata in place,
//! so the file keeps its length and every byte offset (the cross-reference table,
//! `startxref` and the stream `/Length`s stay valid) and opens as before.
//!
//! What is blanked, wherever it appears in the file's bytes as written (in every
//! revision of an incrementally updated file, too):
//!
//! - The document information entries `/Author`, `/Creator`, `/Producer`, `/Title`,
//!   `/Subject`, `/Keywords`, `/CreationDate` and `/ModDate` whose value is a string.
//!   A literal string `( … )` keeps its parentheses and gets spaces for everything
//!   between them (escapes and balanced nested parentheses are followed as the PDF
//!   specification defines literal strings); a hex string `< … >` keeps its brackets
//!   and whitespace and gets `0` for every hex digit. A value that is an indirect
//!   reference (`/Author 12 0 R`) is followed to its uncompressed `12 0 obj`, whose
//!   string is blanked the same way. A key must match whole, after decoding `#xx`
//!   escapes in names: `/Auth#6Fr` is `/Author`, `/Authors` is not.
//! - XMP packets written in UTF-8: the content between `<?xpacket begin … ?>` and
//!   `<?xpacket end`, which leaves an empty but well-formed packet; outside such a
//!   packet, `<x:xmpmeta` … `</x:xmpmeta>` and `<rdf:RDF` … `</rdf:RDF>`, tags
//!   included. A packet has to close within its stream (before the next
//!   `endstream`), so a stray opening tag cannot blank the document after it.
//!
//! What is not reached, plainly:
//!
//! - Anything compressed. Files written with object streams (PDF 1.5 and later,
//!   `/Type /ObjStm`, nearly always Flate-compressed) can keep the information
//!   dictionary there, and a `/Metadata` stream can be compressed as well; those bytes
//!   pass through unchanged, since reaching them would mean decompressing and
//!   rewriting the file with new lengths and offsets. The same goes for XMP in an
//!   encrypted file (unless `/EncryptMetadata false`) and for XMP encoded in UTF-16
//!   or UTF-32. Information strings of an encrypted file are blanked all the same
//!   (they then decrypt to noise rather than to the original).
//! - Personal data kept elsewhere: other or custom information keys (`/Company`,
//!   `/SourceModified`, `/Trapped`, …), annotation authors (`/T`) and comments, form
//!   field values, signature dictionaries (`/Name`, `/ContactInfo`, …), embedded
//!   files, private application data (`/PieceInfo`), the trailer's `/ID`, and of
//!   course the text and images of the pages.
//! - Digital signatures: a signature that covers blanked bytes no longer verifies.
//!
//! The scan is not a full parser: the keys and packet tags are looked for in all of
//! the file's bytes, so a string inside some other string or an uncompressed content
//! stream that happens to spell, say, `/Title (…)` is blanked as well.
//!
//! The work is linear in the input: every byte is looked at a bounded number of times,
//! and nested parentheses are counted, not recursed into. A string or packet that is
//! not terminated makes the file [`UploadError::Corrupt`] rather than leaving its
//! metadata in place; no input makes it panic.

use std::collections::HashSet;

use super::{UploadError, check_pdf};

/// The document information keys whose string values are blanked (without the `/`).
const INFO_KEYS: [&[u8]; 8] = [
    b"Author",
    b"Creator",
    b"Producer",
    b"Title",
    b"Subject",
    b"Keywords",
    b"CreationDate",
    b"ModDate",
];

/// The length of the longest of [`INFO_KEYS`].
const MAX_KEY_LEN: usize = 12;

/// The XMP packet wrapper, kept: its opening processing instruction ends at `?>`.
const XPACKET_BEGIN: &[u8] = b"<?xpacket begin";
const XPACKET_END: &[u8] = b"<?xpacket end";
const PI_CLOSE: &[u8] = b"?>";
/// XMP outside a packet wrapper, blanked with its tags.
const XMP_ELEMENTS: [(&[u8], &[u8]); 2] = [
    (b"<x:xmpmeta", b"</x:xmpmeta>"),
    (b"<rdf:RDF", b"</rdf:RDF>"),
];
const ENDSTREAM: &[u8] = b"endstream";

/// The most whitespace looked at between the numbers of an object header (`12 0 obj`).
const MAX_HEADER_GAP: usize = 64;
/// The most digits of an object or generation number looked at (any more would not
/// fit in a `u32`).
const MAX_HEADER_DIGITS: usize = 10;

/// An object number and generation, as in `12 0 R` and `12 0 obj`.
type ObjectId = (u32, u32);

/// Checks a document as [`check_pdf`] does, then returns a copy of the same length
/// with its personal metadata blanked in place (see the module documentation for what
/// is and is not reached). [`UploadError::Corrupt`] when a metadata string or packet
/// is not terminated.
pub fn clean_pdf(bytes: &[u8]) -> Result<Vec<u8>, UploadError> {
    check_pdf(bytes)?;
    let mut out = bytes.to_vec();
    blank_xpackets(&mut out)?;
    for (open, close) in XMP_ELEMENTS {
        blank_xmp_elements(&mut out, open, close)?;
    }
    let refs = blank_info_strings(&mut out)?;
    if !refs.is_empty() {
        blank_referenced_strings(&mut out, &refs)?;
    }
    debug_assert_eq!(out.len(), bytes.len());
    Ok(out)
}

// ---- Lexical helpers -----------------------------------------------------------

/// PDF whitespace: NUL, tab, line feed, form feed, carriage return, space.
fn is_whitespace(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A byte that continues a name, number or keyword.
fn is_regular(b: u8) -> bool {
    !is_whitespace(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The first occurrence of `needle` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// [`find`] for positions that only grow: a result still ahead is reused, so a long
/// stretch is not searched again for every question about it.
struct Forward {
    needle: &'static [u8],
    /// Where the last search started, and what it found.
    last: Option<(usize, Option<usize>)>,
}

impl Forward {
    fn new(needle: &'static [u8]) -> Self {
        Forward { needle, last: None }
    }

    fn at_or_after(&mut self, haystack: &[u8], from: usize) -> Option<usize> {
        if let Some((searched_from, found)) = self.last
            && searched_from <= from
            && found.is_none_or(|at| at >= from)
        {
            return found;
        }
        let found = find(haystack, self.needle, from);
        self.last = Some((from, found));
        found
    }
}

/// The position of the next token at or after `pos`, past whitespace and comments
/// (`%` to the end of the line); `bytes.len()` at the end.
fn skip_space(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(&b) = bytes.get(pos) {
        if is_whitespace(b) {
            pos += 1;
        } else if b == b'%' {
            while bytes.get(pos).is_some_and(|&c| c != b'\r' && c != b'\n') {
                pos += 1;
            }
        } else {
            break;
        }
    }
    pos
}

/// Past whitespace only (no comments) from `pos`.
fn skip_whitespace(bytes: &[u8], mut pos: usize) -> usize {
    while bytes.get(pos).is_some_and(|&b| is_whitespace(b)) {
        pos += 1;
    }
    pos
}

/// The unsigned integer whose digits start at `pos`, and where it ends. `None` when
/// there are no digits or it does not fit.
fn read_uint(bytes: &[u8], pos: usize) -> Option<(u32, usize)> {
    let mut value = 0u32;
    let mut end = pos;
    while let Some(&b) = bytes.get(end).filter(|b| b.is_ascii_digit()) {
        value = value.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
        end += 1;
    }
    (end > pos).then_some((value, end))
}

/// The name whose characters start at `start` (just after its `/`): where it ends,
/// and whether it is one of [`INFO_KEYS`] once its `#xx` escapes are decoded.
fn read_name(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut decoded = [0u8; MAX_KEY_LEN];
    let mut len = 0;
    let mut pos = start;
    while let Some(&b) = bytes.get(pos).filter(|&&b| is_regular(b)) {
        let escaped = match (
            b,
            bytes.get(pos + 1).and_then(|&h| hex_value(h)),
            bytes.get(pos + 2).and_then(|&l| hex_value(l)),
        ) {
            (b'#', Some(high), Some(low)) => Some((high << 4) | low),
            _ => None,
        };
        if let Some(slot) = decoded.get_mut(len) {
            *slot = escaped.unwrap_or(b);
        }
        len += 1;
        pos += if escaped.is_some() { 3 } else { 1 };
    }
    let matched = len <= MAX_KEY_LEN && INFO_KEYS.contains(&&decoded[..len]);
    (pos, matched)
}

/// The reference `N G R` starting at `pos` (whitespace between its parts, `R` not
/// followed by more of a keyword).
fn read_reference(bytes: &[u8], pos: usize) -> Option<ObjectId> {
    let (num, end) = read_uint(bytes, pos)?;
    let gen_at = skip_whitespace(bytes, end);
    if gen_at == end {
        return None;
    }
    let (generation, end) = read_uint(bytes, gen_at)?;
    let r_at = skip_whitespace(bytes, end);
    if r_at == end || bytes.get(r_at) != Some(&b'R') {
        return None;
    }
    if bytes.get(r_at + 1).is_some_and(|&b| is_regular(b)) {
        return None;
    }
    Some((num, generation))
}

/// The object number and generation written before the `obj` keyword at `obj_at`
/// (`12 0 obj`), looking back a bounded distance.
fn object_header_before(bytes: &[u8], obj_at: usize) -> Option<ObjectId> {
    let gen_end = whitespace_back(bytes, obj_at)?;
    let gen_start = digits_back(bytes, gen_end)?;
    let num_end = whitespace_back(bytes, gen_start)?;
    let num_start = digits_back(bytes, num_end)?;
    if num_start > 0 && is_regular(bytes[num_start - 1]) {
        return None;
    }
    let (num, _) = read_uint(bytes, num_start)?;
    let (generation, _) = read_uint(bytes, gen_start)?;
    Some((num, generation))
}

/// The start of the run of whitespace ending at `end` (at least one byte, at most
/// [`MAX_HEADER_GAP`]).
fn whitespace_back(bytes: &[u8], end: usize) -> Option<usize> {
    let mut pos = end;
    while pos > 0 && end - pos < MAX_HEADER_GAP && is_whitespace(bytes[pos - 1]) {
        pos -= 1;
    }
    (pos < end).then_some(pos)
}

/// The start of the run of digits ending at `end` (at least one, at most
/// [`MAX_HEADER_DIGITS`]).
fn digits_back(bytes: &[u8], end: usize) -> Option<usize> {
    let mut pos = end;
    while pos > 0 && end - pos < MAX_HEADER_DIGITS && bytes[pos - 1].is_ascii_digit() {
        pos -= 1;
    }
    (pos < end).then_some(pos)
}

// ---- Blanking ------------------------------------------------------------------

/// Blanks the literal string whose `(` is at `open`: spaces for everything between its
/// parentheses. Returns the position after its `)`.
fn blank_literal(out: &mut [u8], open: usize) -> Result<usize, UploadError> {
    let mut depth = 1usize;
    let mut pos = open + 1;
    loop {
        match *out.get(pos).ok_or(UploadError::Corrupt)? {
            // The escaped byte (`\(`, `\)`, `\\`, …) is never a parenthesis that counts.
            b'\\' => pos += 2,
            b'(' => {
                depth += 1;
                pos += 1;
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
                pos += 1;
            }
            _ => pos += 1,
        }
    }
    out[open + 1..pos].fill(b' ');
    Ok(pos + 1)
}

/// Blanks the hex string whose `<` is at `open`: `0` for every hex digit, whitespace
/// kept. Returns the position after its `>`.
fn blank_hex(out: &mut [u8], open: usize) -> Result<usize, UploadError> {
    let mut pos = open + 1;
    loop {
        let b = *out.get(pos).ok_or(UploadError::Corrupt)?;
        if b == b'>' {
            return Ok(pos + 1);
        }
        if b.is_ascii_hexdigit() {
            out[pos] = b'0';
        } else if !is_whitespace(b) {
            return Err(UploadError::Corrupt);
        }
        pos += 1;
    }
}

/// Blanks the string starting at `pos`, if one does (`<<` starts a dictionary, not a
/// hex string). Returns the position after it.
fn blank_string_at(out: &mut [u8], pos: usize) -> Result<Option<usize>, UploadError> {
    match out.get(pos) {
        Some(b'(') => blank_literal(out, pos).map(Some),
        Some(b'<') if out.get(pos + 1) != Some(&b'<') => blank_hex(out, pos).map(Some),
        _ => Ok(None),
    }
}

/// Blanks the values of the [`INFO_KEYS`] that are strings, and returns the indirect
/// references given as values instead.
fn blank_info_strings(out: &mut [u8]) -> Result<HashSet<ObjectId>, UploadError> {
    let mut refs = HashSet::new();
    let mut pos = 0;
    while let Some(slash) = out
        .get(pos..)
        .and_then(|rest| rest.iter().position(|&b| b == b'/'))
    {
        let (end, matched) = read_name(out, pos + slash + 1);
        pos = end;
        if !matched {
            continue;
        }
        let value = skip_space(out, end);
        if let Some(after) = blank_string_at(out, value)? {
            pos = after;
        } else {
            if let Some(id) = read_reference(out, value) {
                refs.insert(id);
            }
            // What was skipped is whitespace and comments: not scanned again.
            pos = value;
        }
    }
    Ok(refs)
}

/// Blanks the string that is the whole value of each uncompressed object in `refs`
/// (`12 0 obj (…) endobj`).
fn blank_referenced_strings(out: &mut [u8], refs: &HashSet<ObjectId>) -> Result<(), UploadError> {
    let mut pos = 0;
    while let Some(at) = find(out, b"obj", pos) {
        pos = at + 3;
        if out.get(pos).is_some_and(|&b| is_regular(b)) {
            continue;
        }
        if !object_header_before(out, at).is_some_and(|id| refs.contains(&id)) {
            continue;
        }
        let value = skip_space(out, pos);
        pos = blank_string_at(out, value)?.unwrap_or(value);
    }
    Ok(())
}

/// Blanks the content of every `<?xpacket begin … ?>` … `<?xpacket end` packet,
/// keeping the wrapper.
fn blank_xpackets(out: &mut [u8]) -> Result<(), UploadError> {
    let mut stream_ends = Forward::new(ENDSTREAM);
    let mut pos = 0;
    while let Some(begin) = find(out, XPACKET_BEGIN, pos) {
        let limit = stream_ends.at_or_after(out, begin).unwrap_or(out.len());
        // The opening instruction's attributes (`="…" id="…"`) hold no tag brackets.
        let attributes = begin + XPACKET_BEGIN.len();
        let content = find(out, PI_CLOSE, attributes)
            .filter(|&at| {
                at < limit && !out[attributes..at].iter().any(|&b| b == b'<' || b == b'>')
            })
            .ok_or(UploadError::Corrupt)?
            + PI_CLOSE.len();
        let end = find(out, XPACKET_END, content)
            .filter(|&at| at < limit)
            .ok_or(UploadError::Corrupt)?;
        out[content..end].fill(b' ');
        pos = end + XPACKET_END.len();
    }
    Ok(())
}

/// Blanks every `open` … `close` element, tags included.
fn blank_xmp_elements(out: &mut [u8], open: &[u8], close: &[u8]) -> Result<(), UploadError> {
    let mut stream_ends = Forward::new(ENDSTREAM);
    let mut pos = 0;
    while let Some(start) = find(out, open, pos) {
        let limit = stream_ends.at_or_after(out, start).unwrap_or(out.len());
        let end = find(out, close, start + open.len())
            .filter(|&at| at < limit)
            .ok_or(UploadError::Corrupt)?
            + close.len();
        out[start..end].fill(b' ');
        pos = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::MAX_PHOTO_BYTES;
    use super::*;

    const XMP: &[u8] = b"<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
<rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>giulia.rossi@example.org</dc:creator>\
</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";

    const TITLE: &str = r"a \(nested\) (title)";

    /// A PDF with the given objects (numbered from 1), a classic cross-reference table
    /// and a trailer pointing at object 1 as catalogue and object 3 as information.
    fn build_pdf(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            pdf.extend_from_slice(body);
            pdf.extend_from_slice(b"\nendobj\n");
        }
        let xref = pdf.len();
        pdf.extend_from_slice(format!("xref\n0 {}\n", objects.len() + 1).as_bytes());
        pdf.extend_from_slice(b"0000000000 65535 f\r\n");
        for offset in offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }

    fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
        s.extend_from_slice(data);
        s.extend_from_slice(b"\nendstream");
        s
    }

    fn sample_pdf() -> Vec<u8> {
        build_pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            format!(
                "<< /Author (Giulia Rossi) /Producer <4D7920504446> /Title ({TITLE})\n\
                 /CreationDate (D:20260101) /ModDate 5 0 R /Authors (x) >>"
            )
            .into_bytes(),
            stream("/Type /Metadata /Subtype /XML", XMP),
            b"(D:20260202)".to_vec(),
        ])
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        find(haystack, needle, 0).is_some()
    }

    /// The (object number, offset) entries in use of the cross-reference table that
    /// `startxref` points at.
    fn xref_entries(pdf: &[u8]) -> Vec<(usize, usize)> {
        let at = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
        let tail = std::str::from_utf8(&pdf[at + 9..]).unwrap();
        let xref: usize = tail.split_whitespace().next().unwrap().parse().unwrap();
        let mut lines = std::str::from_utf8(&pdf[xref..]).unwrap().lines();
        assert_eq!(lines.next(), Some("xref"));
        let header: Vec<usize> = lines
            .next()
            .unwrap()
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        let (first, count) = (header[0], header[1]);
        (0..count)
            .filter_map(|i| {
                let entry: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
                (entry[2] == "n").then(|| (first + i, entry[0].parse().unwrap()))
            })
            .collect()
    }

    fn assert_xref_points_at_objects(pdf: &[u8]) {
        let entries = xref_entries(pdf);
        assert_eq!(entries.len(), 5);
        for (num, offset) in entries {
            assert!(
                pdf[offset..].starts_with(format!("{num} 0 obj").as_bytes()),
                "object {num} not at {offset}"
            );
        }
    }

    /// Cleaning changes bytes only to spaces and zeros.
    fn only_blanked(before: &[u8], after: &[u8]) -> bool {
        before.len() == after.len()
            && before
                .iter()
                .zip(after)
                .all(|(b, a)| b == a || *a == b' ' || *a == b'0')
    }

    #[test]
    fn strips_info_and_xmp_keeping_offsets() {
        let pdf = sample_pdf();
        assert_xref_points_at_objects(&pdf);
        for secret in [
            &b"Giulia Rossi"[..],
            b"4D7920504446",
            TITLE.as_bytes(),
            b"D:20260101",
            b"D:20260202",
            b"giulia.rossi@example.org",
        ] {
            assert!(contains(&pdf, secret));
        }

        let clean = clean_pdf(&pdf).unwrap();
        assert_eq!(clean.len(), pdf.len());
        assert!(only_blanked(&pdf, &clean));
        assert_xref_points_at_objects(&clean);
        for secret in [
            &b"Giulia"[..],
            b"Rossi",
            b"giulia",
            b"example.org",
            b"4D7920504446",
            b"nested",
            b"(title)",
            b"2026",
            b"dc:creator",
        ] {
            assert!(
                !contains(&clean, secret),
                "{}",
                String::from_utf8_lossy(secret)
            );
        }
        let blank = |n: usize| " ".repeat(n);
        for kept in [
            format!("/Author ({})", blank(12)),
            "/Producer <000000000000>".to_owned(),
            format!("/Title ({})", blank(TITLE.len())),
            format!("/CreationDate ({})", blank(10)),
            "/ModDate 5 0 R".to_owned(),
            format!("5 0 obj\n({})\nendobj", blank(10)),
            "/Authors (x)".to_owned(),
        ] {
            assert!(contains(&clean, kept.as_bytes()), "{kept}");
        }
        // An empty but well-formed packet is left, of the same length.
        let begin = find(&clean, XPACKET_BEGIN, 0).unwrap();
        let content = find(&clean, PI_CLOSE, begin).unwrap() + 2;
        let end = find(&clean, XPACKET_END, content).unwrap();
        assert!(clean[content..end].iter().all(|&b| b == b' '));
        assert!(clean[end..].starts_with(b"<?xpacket end=\"w\"?>"));
        // Cleaning again changes nothing.
        assert_eq!(clean_pdf(&clean).unwrap(), clean);
    }

    fn with_info(info: &str) -> Vec<u8> {
        build_pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            info.as_bytes().to_vec(),
        ])
    }

    fn cleaned_info(info: &str) -> Result<String, UploadError> {
        let pdf = with_info(info);
        let clean = clean_pdf(&pdf)?;
        assert!(only_blanked(&pdf, &clean));
        let start = find(&clean, b"3 0 obj\n", 0).unwrap() + 8;
        let end = find(&clean, b"\nendobj", start).unwrap();
        Ok(String::from_utf8(clean[start..end].to_vec()).unwrap())
    }

    #[test]
    fn keys_must_match_whole() {
        assert_eq!(INFO_KEYS.iter().map(|k| k.len()).max(), Some(MAX_KEY_LEN));
        let info = "<< /Authors (x) /AuthorX (y) /Author#20 (z) /MyTitle (w) /Titl (v) >>";
        assert_eq!(cleaned_info(info).unwrap(), info);
        // A delimiter right after the key ends it; escapes are decoded.
        assert_eq!(
            cleaned_info("<</Author(ab)/Auth#6Fr<61 62>/Title%c\n(cd)>>").unwrap(),
            "<</Author(  )/Auth#6Fr<00 00>/Title%c\n(  )>>"
        );
    }

    #[test]
    fn values_that_are_not_strings_stay() {
        let info = "<< /Title << /Lang (it) >> /Subject [(a)] /Keywords /Name /Creator 7 >>";
        // `(it)` is the value of `/Lang`, `(a)` is inside an array: not matched.
        assert_eq!(cleaned_info(info).unwrap(), info);
    }

    #[test]
    fn escapes_and_nesting_in_literal_strings() {
        assert_eq!(
            cleaned_info(r"<< /Title (\\) /Subject (\)\() /Keywords ((a)(b\))) /Creator (x) >>")
                .unwrap(),
            r"<< /Title (  ) /Subject (    ) /Keywords (        ) /Creator ( ) >>"
        );
    }

    #[test]
    fn unterminated_metadata_is_corrupt() {
        for info in [
            "<< /Title (open (still open) >>",
            r"<< /Title (escaped end\) >>",
            "<< /Title <4142",
            "<< /Title <41 zz> >>",
        ] {
            assert_eq!(cleaned_info(info), Err(UploadError::Corrupt), "{info}");
        }
        let open_xmp = build_pdf(&[
            b"<< /Type /Catalog >>".to_vec(),
            stream("/Type /Metadata", b"<x:xmpmeta>mario@example.org"),
            stream("/Type /Metadata", b"</x:xmpmeta>"),
        ]);
        assert_eq!(clean_pdf(&open_xmp), Err(UploadError::Corrupt));
        let open_packet = build_pdf(&[stream(
            "/Type /Metadata",
            b"<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>mario@example.org",
        )]);
        assert_eq!(clean_pdf(&open_packet), Err(UploadError::Corrupt));
        let unclosed_begin = build_pdf(&[stream(
            "/Type /Metadata",
            b"<?xpacket begin=\"\" <x:xmpmeta>mario@example.org</x:xmpmeta><?xpacket end=\"w\"?>",
        )]);
        assert_eq!(clean_pdf(&unclosed_begin), Err(UploadError::Corrupt));
    }

    #[test]
    fn xmp_without_packet_wrapper() {
        let pdf = build_pdf(&[
            stream(
                "/Type /Metadata",
                b"<x:xmpmeta x:xmptk=\"Tool 1\">a@b.example</x:xmpmeta>",
            ),
            stream("/Type /Metadata", b"<rdf:RDF>c@d.example</rdf:RDF>"),
        ]);
        let clean = clean_pdf(&pdf).unwrap();
        assert!(only_blanked(&pdf, &clean));
        for gone in [&b"xmpmeta"[..], b"Tool", b"rdf:RDF", b"@"] {
            assert!(!contains(&clean, gone));
        }
        assert!(contains(
            &clean,
            b"stream\n                              \nendstream"
        ));
    }

    #[test]
    fn referenced_strings_only_of_info_keys() {
        let pdf = build_pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R /Lang 4 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
            b"<< /Author 5 0 R /Producer 6 0 R >>".to_vec(),
            b"(it-IT)".to_vec(),
            b"  % a comment\n<4749554C4941>".to_vec(),
            b"<< /Not (a string) >>".to_vec(),
        ]);
        let clean = clean_pdf(&pdf).unwrap();
        assert!(only_blanked(&pdf, &clean));
        assert!(contains(&clean, b"4 0 obj\n(it-IT)"));
        assert!(contains(&clean, b"% a comment\n<000000000000>"));
        assert!(contains(&clean, b"<< /Not (a string) >>"));
    }

    #[test]
    fn refuses_what_check_pdf_refuses() {
        assert_eq!(clean_pdf(b""), Err(UploadError::Empty));
        let mut big = b"%PDF-1.7\n".to_vec();
        big.resize(MAX_PHOTO_BYTES + 1, b' ');
        big.extend_from_slice(b"%%EOF");
        assert_eq!(clean_pdf(&big), Err(UploadError::TooLarge));
        assert_eq!(
            clean_pdf(b"GIF89a /Author (x) %%EOF"),
            Err(UploadError::NotAnImage)
        );
        let mut no_eof = sample_pdf();
        no_eof.truncate(no_eof.len() - 7);
        assert_eq!(clean_pdf(&no_eof), Err(UploadError::Corrupt));
        let mut padded = sample_pdf();
        padded.resize(padded.len() + 2000, b'\n');
        assert_eq!(clean_pdf(&padded), Err(UploadError::Corrupt));
    }

    #[test]
    fn hostile_shapes_are_handled_quickly() {
        let wrap = |body: &[u8]| {
            let mut pdf = b"%PDF-1.7\n".to_vec();
            pdf.extend_from_slice(body);
            pdf.extend_from_slice(b"\n%%EOF\n");
            pdf
        };
        let deep = |n: usize| {
            let mut s = b"/Title ".to_vec();
            s.resize(s.len() + n, b'(');
            s.resize(s.len() + n, b')');
            s
        };
        let n = 250_000;
        let clean = clean_pdf(&wrap(&deep(n))).unwrap();
        assert!(clean[17..15 + 2 * n].iter().all(|&b| b == b' '));
        assert_eq!(clean[15 + 2 * n], b')');
        assert_eq!(
            clean_pdf(&wrap(&deep(n)[..n + 7])),
            Err(UploadError::Corrupt)
        );
        // Each of these is quadratic for a scan that starts over at every match.
        for body in [
            b"/Author%".repeat(n),
            b"/Author 1 %".repeat(n / 2),
            [&b"/Author 1 0 R "[..], &b"1 0 obj %".repeat(n / 2)].concat(),
            [&b"/Author 1 0 R\n"[..], &b"1 0 obj 1 0 obj ".repeat(n / 4)].concat(),
            [
                &b"stream\n"[..],
                &b"<x:xmpmeta></x:xmpmeta>".repeat(n / 4),
                b"\nendstream",
            ]
            .concat(),
            b"/Title <".repeat(n),
        ] {
            let pdf = wrap(&body);
            if let Ok(clean) = clean_pdf(&pdf) {
                assert!(only_blanked(&pdf, &clean));
            }
        }
    }

    /// xorshift64: a small deterministic generator, enough to vary the inputs.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap()
        }
    }

    #[test]
    fn random_and_truncated_input_never_panics() {
        const PIECES: [&[u8]; 20] = [
            b"/Author",
            b"/Title",
            b"/ModDate",
            b"/Auth#6Fr",
            b" ",
            b"\n",
            b"(",
            b")",
            b"\\",
            b"<",
            b">",
            b"<<",
            b"%",
            b"4 0 R",
            b"4 0 obj",
            b"<?xpacket begin",
            b"?>",
            b"<?xpacket end",
            b"<x:xmpmeta",
            b"endstream",
        ];
        let sample = sample_pdf();
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        let mut accepted = 0;
        for case in 0..2000 {
            let input = match case % 4 {
                // A truncated sample, usually still ending with an end-of-file marker.
                0 => {
                    let mut pdf = sample[..rng.below(sample.len() + 1)].to_vec();
                    if rng.below(4) != 0 {
                        pdf.extend_from_slice(b"%%EOF");
                    }
                    pdf
                }
                // The sample with some bytes replaced by syntax.
                1 => {
                    let mut pdf = sample.clone();
                    for _ in 0..=rng.below(8) {
                        let at = rng.below(pdf.len());
                        let piece = PIECES[rng.below(PIECES.len())];
                        let end = (at + piece.len()).min(pdf.len());
                        pdf[at..end].copy_from_slice(&piece[..end - at]);
                    }
                    pdf
                }
                // Syntax pieces and random bytes between a header and a trailer.
                2 => {
                    let mut pdf = b"%PDF-".to_vec();
                    for _ in 0..rng.below(64) {
                        if rng.below(2) == 0 {
                            pdf.extend_from_slice(PIECES[rng.below(PIECES.len())]);
                        } else {
                            pdf.push(rng.next().to_le_bytes()[0]);
                        }
                    }
                    pdf.extend_from_slice(b"%%EOF");
                    pdf
                }
                // Bytes at random.
                _ => (0..rng.below(256))
                    .map(|_| rng.next().to_le_bytes()[0])
                    .collect(),
            };
            if let Ok(clean) = clean_pdf(&input) {
                accepted += 1;
                assert_eq!(clean.len(), input.len());
                assert!(only_blanked(&input, &clean));
            }
        }
        // Enough cases reach the scanning, not only the up-front checks.
        assert!(accepted > 500, "{accepted}");
    }
}
