//! Uploaded photos: type detection by content, metadata removal and content-addressed
//! storage. Pure byte handling, no web types.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The largest photo accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

/// An accepted file format: the three photo formats, and PDF for documents attached
/// to pacts (never accepted as a photo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

impl ImageType {
    /// The MIME type to serve the image with.
    pub fn mime(self) -> &'static str {
        match self {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
            ImageType::Webp => "image/webp",
            ImageType::Pdf => "application/pdf",
        }
    }

    /// The file name extension of stored files (without dot).
    pub fn extension(self) -> &'static str {
        match self {
            ImageType::Jpeg => "jpg",
            ImageType::Png => "png",
            ImageType::Webp => "webp",
            ImageType::Pdf => "pdf",
        }
    }

    /// The type for an extension (without dot, any case; `jpeg` too).
    pub fn parse_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(ImageType::Jpeg),
            "png" => Some(ImageType::Png),
            "webp" => Some(ImageType::Webp),
            "pdf" => Some(ImageType::Pdf),
            _ => None,
        }
    }
}

/// Why an upload was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadError {
    Empty,
    TooLarge,
    NotAnImage,
    Corrupt,
}

impl UploadError {
    /// The translation key of the message shown to the user.
    pub fn key(self) -> &'static str {
        match self {
            UploadError::Empty => "field-photo-empty",
            UploadError::TooLarge => "field-photo-too-large",
            UploadError::NotAnImage => "field-photo-not-image",
            UploadError::Corrupt => "field-photo-corrupt",
        }
    }
}

impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

impl std::error::Error for UploadError {}

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];

/// Detects the type by content (magic bytes), never by the file name.
pub fn sniff(bytes: &[u8]) -> Option<ImageType> {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some(ImageType::Jpeg)
    } else if bytes.starts_with(&PNG_SIGNATURE) {
        Some(ImageType::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(ImageType::Webp)
    } else {
        None
    }
}

/// Checks size and type, then removes metadata that can reveal where, when or with
/// what a photo was taken (Exif, XMP, IPTC, comments, text chunks, timestamps).
/// Returns the detected type and the cleaned bytes.
pub fn clean_photo(bytes: &[u8]) -> Result<(ImageType, Vec<u8>), UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(UploadError::TooLarge);
    }
    let kind = sniff(bytes).ok_or(UploadError::NotAnImage)?;
    let cleaned = match kind {
        ImageType::Jpeg => clean_jpeg(bytes),
        ImageType::Png => clean_png(bytes),
        ImageType::Webp => clean_webp(bytes),
        ImageType::Pdf => None,
    }
    .ok_or(UploadError::Corrupt)?;
    Ok((kind, cleaned))
}

/// Checks a document: a PDF (by its header and end-of-file marker) of at most
/// [`MAX_PHOTO_BYTES`]. PDFs are kept as sent (their metadata is the sender's).
pub fn check_pdf(bytes: &[u8]) -> Result<(), UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(UploadError::TooLarge);
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(UploadError::NotAnImage);
    }
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(UploadError::Corrupt);
    }
    Ok(())
}

/// `len` bytes of `bytes` from `start`, or `None` past the end.
fn slice(bytes: &[u8], start: usize, len: usize) -> Option<&[u8]> {
    bytes.get(start..start.checked_add(len)?)
}

fn be16(bytes: &[u8], at: usize) -> Option<usize> {
    let b = slice(bytes, at, 2)?;
    Some(usize::from(u16::from_be_bytes([b[0], b[1]])))
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = slice(bytes, at, 4)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    let b = slice(bytes, at, 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

// ---- JPEG ----------------------------------------------------------------------

const JPEG_SOI: u8 = 0xd8;
const JPEG_EOI: u8 = 0xd9;
const JPEG_SOS: u8 = 0xda;
const JPEG_APP0: u8 = 0xe0;
const JPEG_APP2: u8 = 0xe2;
const JPEG_APP14: u8 = 0xee;

/// The JFIF header: identifier, version (2), units (1), density (4), thumbnail
/// size (2); the thumbnail pixels that may follow are dropped.
const JFIF_ID: &[u8] = b"JFIF\0";
const JFIF_LEN: usize = 14;
/// The ICC profile, which colours need (it holds no personal data of its own).
const ICC_ID: &[u8] = b"ICC_PROFILE\0";
/// Adobe's colour transform flag, which CMYK and YCCK files need: identifier,
/// version (2), flags (4), transform (1).
const ADOBE_ID: &[u8] = b"Adobe";
const ADOBE_LEN: usize = 12;

/// Segments that decoding needs, kept as they are: frame headers (SOF0-SOF15),
/// Huffman (DHT) and arithmetic (DAC) tables, scan headers (SOS), quantisation tables
/// (DQT), DNL, the restart interval (DRI), and the hierarchical DHP and EXP. The rest
/// is dropped: APPn (but for what [`jpeg_app_kept`] keeps), COM, JPG and reserved
/// markers.
fn jpeg_structural(marker: u8) -> bool {
    matches!(marker, 0xc0..=0xcf | 0xda..=0xdf) && marker != 0xc8
}

/// What to keep of an APPn segment's payload: the JFIF header with its thumbnail
/// size set to 0×0 (the thumbnail pixels, which can show the photo before it was
/// cropped, go), an ICC profile part as it is, the Adobe colour transform header
/// without anything after it. `None`: drop the segment.
fn jpeg_app_kept(marker: u8, payload: &[u8]) -> Option<Cow<'_, [u8]>> {
    match marker {
        JPEG_APP0 if payload.starts_with(JFIF_ID) => {
            let mut header = payload.get(..JFIF_LEN)?.to_vec();
            header[JFIF_LEN - 2..].fill(0);
            Some(Cow::Owned(header))
        }
        JPEG_APP2 if payload.starts_with(ICC_ID) => Some(Cow::Borrowed(payload)),
        JPEG_APP14 if payload.starts_with(ADOBE_ID) => payload.get(..ADOBE_LEN).map(Cow::Borrowed),
        _ => None,
    }
}

/// Walks the segments and keeps only what displaying the image needs (an allow-list:
/// [`jpeg_structural`] segments, scans, and [`jpeg_app_kept`]); Exif, XMP, IPTC,
/// comments, C2PA/JUMBF (APP11), maker data and thumbnails go. Entropy-coded data
/// after each SOS is copied verbatim up to the next marker (so progressive files
/// work); markers are written without fill bytes. The output ends at EOI and anything
/// after it (vendor trailers, embedded secondary images with their own Exif) is
/// dropped. `None` when the structure is broken.
fn clean_jpeg(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xff, JPEG_SOI]) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut pos = 2;
    let mut seen_scan = false;
    loop {
        // A marker: 0xFF, optional 0xFF fill bytes, then the marker code.
        if *bytes.get(pos)? != 0xff {
            return None;
        }
        while *bytes.get(pos)? == 0xff {
            pos += 1;
        }
        let marker = bytes[pos];
        pos += 1;
        match marker {
            0x00 | JPEG_SOI => return None,
            JPEG_EOI => {
                if !seen_scan {
                    return None;
                }
                out.extend_from_slice(&[0xff, JPEG_EOI]);
                return Some(out);
            }
            // TEM and RST0-7 stand alone; outside scans they mean nothing.
            0x01 | 0xd0..=0xd7 => continue,
            _ => {}
        }
        let len = be16(bytes, pos)?;
        if len < 2 {
            return None;
        }
        let end = pos.checked_add(len)?;
        let payload = bytes.get(pos + 2..end)?;
        let kept = if jpeg_structural(marker) {
            Some(Cow::Borrowed(payload))
        } else {
            jpeg_app_kept(marker, payload)
        };
        if let Some(kept) = kept {
            // `kept` is at most as long as `payload`, so the length fits in 16 bits.
            let kept_len = u16::try_from(kept.len() + 2).ok()?;
            out.extend_from_slice(&[0xff, marker]);
            out.extend_from_slice(&kept_len.to_be_bytes());
            out.extend_from_slice(&kept);
        }
        pos = end;
        if marker == JPEG_SOS {
            seen_scan = true;
            let data_end = jpeg_entropy_end(bytes, pos)?;
            out.extend_from_slice(&bytes[pos..data_end]);
            pos = data_end;
        }
    }
}

/// The end of the entropy-coded data starting at `pos`: the position of the next
/// marker that is not a stuffed zero (FF 00), a restart marker or fill.
fn jpeg_entropy_end(bytes: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        if *bytes.get(pos)? != 0xff {
            pos += 1;
            continue;
        }
        let mut next = pos + 1;
        while *bytes.get(next)? == 0xff {
            next += 1;
        }
        let code = bytes[next];
        if code == 0x00 || (0xd0..=0xd7).contains(&code) {
            pos = next + 1;
        } else {
            return Some(pos);
        }
    }
}

// ---- PNG -----------------------------------------------------------------------

const CRC_TABLE: [u32; 256] = crc_table();

const fn crc_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
}

/// CRC-32 (ISO-HDLC, as used by PNG and zlib).
fn crc32(parts: &[&[u8]]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for part in parts {
        for &b in *part {
            c = CRC_TABLE[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8);
        }
    }
    c ^ 0xffff_ffff
}

/// The PNG chunks kept: the critical ones and those that decide colours and
/// transparency. Everything else (text, Exif, times, C2PA, private chunks) is dropped.
const PNG_KEPT: [&[u8; 4]; 9] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP",
];

/// Verifies the chunk structure and CRCs (IHDR first, at least one IDAT, IEND last)
/// and keeps only the [`PNG_KEPT`] chunks, copied verbatim. Bytes after IEND are
/// dropped.
fn clean_png(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&PNG_SIGNATURE) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&PNG_SIGNATURE);
    let mut pos = PNG_SIGNATURE.len();
    let mut first = true;
    let mut seen_idat = false;
    loop {
        let len = be32(bytes, pos)?;
        if len > 0x7fff_ffff {
            return None;
        }
        let len = usize::try_from(len).ok()?;
        let kind = slice(bytes, pos + 4, 4)?;
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        let data = slice(bytes, pos + 8, len)?;
        let crc_at = pos + 8 + len;
        if be32(bytes, crc_at)? != crc32(&[kind, data]) {
            return None;
        }
        let end = crc_at + 4;
        let is_ihdr = kind == b"IHDR";
        if first != is_ihdr || (is_ihdr && len != 13) {
            return None;
        }
        first = false;
        if kind == b"IDAT" {
            seen_idat = true;
        }
        if PNG_KEPT.iter().any(|k| k.as_slice() == kind) {
            out.extend_from_slice(&bytes[pos..end]);
        }
        if kind == b"IEND" {
            return (seen_idat && len == 0).then_some(out);
        }
        pos = end;
    }
}

// ---- WebP ----------------------------------------------------------------------

const VP8X_ICC: u8 = 0x20;
const VP8X_ALPHA: u8 = 0x10;
const VP8X_ANIMATION: u8 = 0x02;
/// The VP8X payload: flags (1), reserved (3), canvas width and height (3 + 3).
const VP8X_LEN: usize = 10;
/// The header of an animation frame: position (3 + 3), size (3 + 3), duration (3),
/// flags (1); its sub-chunks follow.
const ANMF_HEADER_LEN: usize = 16;

/// The RIFF chunk at `pos` of `body`: its FourCC, its payload (without the padding
/// byte of odd sizes) and where the next chunk starts. `None` past the end.
fn riff_chunk_at(body: &[u8], pos: usize) -> Option<(&[u8], &[u8], usize)> {
    let fourcc = slice(body, pos, 4)?;
    let size = usize::try_from(le32(body, pos + 4)?).ok()?;
    let data = slice(body, pos + 8, size)?;
    let end = (pos + 8 + size).checked_add(size & 1)?;
    if end > body.len() {
        return None;
    }
    Some((fourcc, data, end))
}

/// Appends a RIFF chunk, with a zero padding byte after an odd-sized payload.
fn push_riff_chunk(out: &mut Vec<u8>, fourcc: &[u8], data: &[u8]) -> Option<()> {
    out.extend_from_slice(fourcc);
    out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    Some(())
}

/// Walks the RIFF chunks and keeps only what displaying the image needs (an
/// allow-list): the bitstreams (`VP8 `, `VP8L`), alpha (`ALPH`), animation (`ANIM`,
/// and `ANMF` frames with only their alpha and bitstream sub-chunks), the ICC profile
/// (`ICCP`) and the `VP8X` header, with only its ICC, alpha and animation flags left
/// and its reserved bytes zeroed. `EXIF`, `XMP `, C2PA and any other chunk go. The
/// RIFF size is rewritten; bytes after the RIFF container are dropped.
fn clean_webp(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(b"RIFF") || slice(bytes, 8, 4)? != b"WEBP" {
        return None;
    }
    let riff_size = usize::try_from(le32(bytes, 4)?).ok()?;
    let riff_end = riff_size.checked_add(8)?;
    if riff_size < 4 || riff_end > bytes.len() {
        return None;
    }
    let body = &bytes[..riff_end];
    let mut out = Vec::with_capacity(riff_end);
    out.extend_from_slice(&bytes[..12]);
    let mut pos = 12;
    let mut first = true;
    while pos < riff_end {
        let (fourcc, data, end) = riff_chunk_at(body, pos)?;
        if first {
            if !matches!(fourcc, b"VP8 " | b"VP8L" | b"VP8X") {
                return None;
            }
            first = false;
        }
        match fourcc {
            b"VP8X" => {
                let mut header: [u8; VP8X_LEN] = data.get(..VP8X_LEN)?.try_into().ok()?;
                header[0] &= VP8X_ICC | VP8X_ALPHA | VP8X_ANIMATION;
                header[1..4].fill(0);
                push_riff_chunk(&mut out, fourcc, &header)?;
            }
            b"ANMF" => push_riff_chunk(&mut out, fourcc, &clean_anmf(data)?)?,
            b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" | b"ICCP" => {
                push_riff_chunk(&mut out, fourcc, data)?;
            }
            _ => {}
        }
        pos = end;
    }
    if first {
        return None;
    }
    let new_size = u32::try_from(out.len() - 8).ok()?;
    out[4..8].copy_from_slice(&new_size.to_le_bytes());
    Some(out)
}

/// An animation frame: its header, then only its alpha and bitstream sub-chunks
/// (the format lets unknown chunks follow them; those go).
fn clean_anmf(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = data.get(..ANMF_HEADER_LEN)?.to_vec();
    let mut pos = ANMF_HEADER_LEN;
    while pos < data.len() {
        let (fourcc, sub, end) = riff_chunk_at(data, pos)?;
        if matches!(fourcc, b"ALPH" | b"VP8 " | b"VP8L") {
            push_riff_chunk(&mut out, fourcc, sub)?;
        }
        pos = end;
    }
    Some(out)
}

// ---- Storage -------------------------------------------------------------------

/// Stores bytes under `<data_dir>/files/<first 2 hex>/<sha256 hex>.<ext>`, atomically
/// (temporary file, then rename); an existing file is left alone. Returns the hash.
pub fn store(data_dir: &Path, kind: ImageType, bytes: &[u8]) -> std::io::Result<String> {
    let hash = crate::util::sha256_hex(bytes);
    let path = stored_path(data_dir, &hash, kind)
        .ok_or_else(|| std::io::Error::other("sha256_hex returned a malformed hash"))?;
    if path.exists() {
        return Ok(hash);
    }
    let dir = path
        .parent()
        .ok_or_else(|| std::io::Error::other("stored path has no parent"))?;
    crate::util::create_private_dir(dir)?;
    let tmp = dir.join(format!(
        ".{hash}.{}.tmp",
        crate::util::hex_encode(&crate::util::random_bytes::<8>())
    ));
    let written = write_new_file(&tmp, bytes).and_then(|()| {
        if path.exists() {
            // Stored concurrently by someone else meanwhile.
            std::fs::remove_file(&tmp)
        } else {
            std::fs::rename(&tmp, &path)
        }
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        if path.exists() {
            return Ok(hash);
        }
        return Err(e);
    }
    sync_dir(dir);
    Ok(hash)
}

fn write_new_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = crate::util::private_file_options().open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes a rename durable (best effort; not possible on every platform).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
}

/// The path of a stored file, only for a well-formed hash (64 lowercase hex
/// characters); anything else gives `None`.
pub fn stored_path(data_dir: &Path, hash: &str, kind: ImageType) -> Option<PathBuf> {
    let well_formed =
        hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !well_formed {
        return None;
    }
    Some(
        data_dir
            .join("files")
            .join(&hash[..2])
            .join(format!("{hash}.{}", kind.extension())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;

    /// The VP8X flags saying Exif and XMP chunks follow.
    const VP8X_EXIF: u8 = 0x08;
    const VP8X_XMP: u8 = 0x04;

    // ---- helpers building images by hand ----

    fn jpeg_segment(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut s = vec![0xff, marker];
        s.extend_from_slice(&u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
        s.extend_from_slice(payload);
        s
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&crc32(&[kind, data]).to_be_bytes());
        c
    }

    fn riff_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut c = fourcc.to_vec();
        c.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
        c.extend_from_slice(data);
        if data.len() % 2 == 1 {
            c.push(0);
        }
        c
    }

    fn riff(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body: Vec<u8> = chunks.concat();
        let mut f = b"RIFF".to_vec();
        f.extend_from_slice(&u32::try_from(body.len() + 4).unwrap().to_le_bytes());
        f.extend_from_slice(b"WEBP");
        f.extend_from_slice(&body);
        f
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    struct Jpeg {
        file: Vec<u8>,
        expected: Vec<u8>,
    }

    /// A baseline JPEG with every kind of segment, and what cleaning should give.
    fn sample_jpeg() -> Jpeg {
        let soi = vec![0xff, 0xd8];
        let app0 = jpeg_segment(0xe0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let exif = jpeg_segment(
            0xe1,
            b"Exif\0\0MM\0*\0\0\0\x08GPS 45.4642N 9.1900E Canon 2024:05:01",
        );
        let xmp = jpeg_segment(
            0xe1,
            b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude</x:xmpmeta>",
        );
        let icc = jpeg_segment(0xe2, b"ICC_PROFILE\0\x01\x01profile-bytes");
        let iptc = jpeg_segment(0xed, b"Photoshop 3.0\08BIM\x04\x04GPS city");
        let com = jpeg_segment(0xfe, b"taken at home GPS");
        let dqt = jpeg_segment(0xdb, &[0u8; 65]);
        let sof = jpeg_segment(0xc0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
        // Fill bytes before a marker are dropped with the marker's own.
        let dht = jpeg_segment(
            0xc4,
            &[0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        let mut filled_dht = vec![0xff, 0xff];
        filled_dht.extend(&dht);
        let sos = jpeg_segment(0xda, &[1, 1, 0x00, 0, 63, 0]);
        // Entropy data with a stuffed zero, a restart marker and fill bytes.
        let scan = vec![
            0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0xd1, 0x78,
        ];
        let eoi = vec![0xff, 0xd9];
        let mut fill_com = vec![0xff, 0xff, 0xff];
        fill_com.extend(&com[1..]);
        let file = [
            &soi,
            &app0,
            &exif,
            &xmp,
            &icc,
            &iptc,
            &fill_com,
            &dqt,
            &sof,
            &filled_dht,
            &sos,
            &scan,
            &eoi,
        ]
        .map(|s| s.as_slice())
        .concat();
        let expected = [&soi, &app0, &icc, &dqt, &sof, &dht, &sos, &scan, &eoi]
            .map(|s| s.as_slice())
            .concat();
        Jpeg { file, expected }
    }

    const IDAT_1X1_GRAY: [u8; 13] = [
        0x78, 0x01, 0x01, 0x02, 0x00, 0xfd, 0xff, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01,
    ];

    fn ihdr_1x1() -> Vec<u8> {
        png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])
    }

    /// A valid 1x1 grey PNG with metadata chunks, and what cleaning should give.
    fn sample_png() -> (Vec<u8>, Vec<u8>) {
        let ihdr = ihdr_1x1();
        let gama = png_chunk(b"gAMA", &[0, 0, 0xb1, 0x8f]);
        let exif = png_chunk(b"eXIf", b"MM\0*\0\0\0\x08GPS 45.46N 9.19E");
        let text = png_chunk(b"tEXt", b"Author\0Jane Doe GPS");
        let ztxt = png_chunk(b"zTXt", b"Comment\0\0x");
        let itxt = png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0GPS");
        let time = png_chunk(b"tIME", &[0x07, 0xe8, 5, 1, 12, 0, 0]);
        let idat = png_chunk(b"IDAT", &IDAT_1X1_GRAY);
        let iend = png_chunk(b"IEND", &[]);
        let sig = PNG_SIGNATURE.to_vec();
        let file = [
            &sig, &ihdr, &gama, &exif, &text, &ztxt, &itxt, &time, &idat, &iend,
        ]
        .map(|s| s.as_slice())
        .concat();
        let expected = [&sig, &ihdr, &gama, &idat, &iend]
            .map(|s| s.as_slice())
            .concat();
        (file, expected)
    }

    fn vp8x(flags: u8) -> Vec<u8> {
        riff_chunk(b"VP8X", &[flags, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    /// An extended WebP (ICC, EXIF, XMP flags set) with odd-sized chunks.
    fn sample_webp() -> (Vec<u8>, Vec<u8>) {
        let iccp = riff_chunk(b"ICCP", b"icc");
        let vp8l = riff_chunk(b"VP8L", &[0x2f, 0, 0, 0, 0x10, 0x07, 0x10]);
        let exif = riff_chunk(b"EXIF", b"MM\0*\0\0\0\x08GPS 45.46N");
        let xmp = riff_chunk(b"XMP ", b"<x:xmpmeta>GPS</x:xmpmeta>");
        let file = riff(&[
            vp8x(0x20 | 0x10 | 0x08 | 0x04),
            iccp.clone(),
            vp8l.clone(),
            exif,
            xmp,
        ]);
        let expected = riff(&[vp8x(0x20 | 0x10), iccp, vp8l]);
        (file, expected)
    }

    // ---- type detection and errors ----

    #[test]
    fn types_have_mime_and_extension() {
        for t in [ImageType::Jpeg, ImageType::Png, ImageType::Webp] {
            assert_eq!(ImageType::parse_extension(t.extension()), Some(t));
            assert!(t.mime().starts_with("image/"));
        }
        assert_eq!(ImageType::parse_extension("JPEG"), Some(ImageType::Jpeg));
        assert_eq!(ImageType::parse_extension("gif"), None);
        assert_eq!(ImageType::parse_extension(""), None);
    }

    #[test]
    fn error_keys_are_translated() {
        use crate::web::i18n::{Lang, catalog};
        for e in [
            UploadError::Empty,
            UploadError::TooLarge,
            UploadError::NotAnImage,
            UploadError::Corrupt,
        ] {
            assert!(catalog().has(Lang::En, e.key()), "{}", e.key());
        }
    }

    #[test]
    fn the_type_comes_from_the_content() {
        // A PNG whatever it was called: only bytes are looked at.
        let (png, _) = sample_png();
        assert_eq!(sniff(&png), Some(ImageType::Png));
        assert_eq!(clean_photo(&png).unwrap().0, ImageType::Png);
        assert_eq!(sniff(&sample_jpeg().file), Some(ImageType::Jpeg));
        assert_eq!(sniff(&sample_webp().0), Some(ImageType::Webp));
    }

    #[test]
    fn other_files_are_not_images() {
        let mut state = 0x1234_5678u32;
        let random: Vec<u8> = (0..4096)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect();
        let mz = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00PE\0\0".to_vec();
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;".to_vec();
        let svg =
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#.to_vec();
        let xml_svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec();
        let riff_wav = b"RIFF\x24\x00\x00\x00WAVEfmt ".to_vec();
        for bytes in [random, mz, gif, svg, xml_svg, riff_wav, vec![0xff, 0xd8]] {
            assert_eq!(sniff(&bytes), None);
            assert_eq!(clean_photo(&bytes), Err(UploadError::NotAnImage));
        }
    }

    #[test]
    fn empty_and_oversized_uploads_are_refused() {
        assert_eq!(clean_photo(&[]), Err(UploadError::Empty));
        let mut big = vec![0u8; MAX_PHOTO_BYTES + 1];
        big[..3].copy_from_slice(&[0xff, 0xd8, 0xff]);
        assert_eq!(clean_photo(&big), Err(UploadError::TooLarge));
        // At the limit the size is fine; the content decides.
        assert_eq!(
            clean_photo(&vec![0u8; MAX_PHOTO_BYTES]),
            Err(UploadError::NotAnImage)
        );
    }

    /// Every strict prefix of a valid file is refused: not an image while the magic
    /// bytes are incomplete, corrupt after.
    fn assert_truncations_refused(file: &[u8], magic_len: usize) {
        for n in 1..file.len() {
            let expected = if n < magic_len {
                UploadError::NotAnImage
            } else {
                UploadError::Corrupt
            };
            assert_eq!(
                clean_photo(&file[..n]),
                Err(expected),
                "prefix of {n} bytes"
            );
        }
    }

    // ---- JPEG ----

    #[test]
    fn jpeg_metadata_is_removed_and_the_rest_kept() {
        let jpeg = sample_jpeg();
        assert!(contains(&jpeg.file, b"GPS"));
        let (kind, out) = clean_photo(&jpeg.file).unwrap();
        assert_eq!(kind, ImageType::Jpeg);
        assert_eq!(out, jpeg.expected);
        assert!(!contains(&out, b"GPS"));
        assert!(!contains(&out, b"Exif"));
        assert!(contains(&out, b"ICC_PROFILE"));
        // The result still parses and cleaning again changes nothing.
        assert_eq!(clean_photo(&out).unwrap().1, out);
    }

    #[test]
    fn jpeg_progressive_scans_and_trailers() {
        let jpeg = sample_jpeg();
        let eoi_at = jpeg.file.len() - 2;
        let between = [
            jpeg_segment(
                0xc4,
                &[0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            ),
            jpeg_segment(0xfe, b"GPS between scans"),
            jpeg_segment(0xda, &[1, 1, 0x00, 1, 63, 0]),
            vec![0x9a, 0xff, 0x00, 0xbc],
        ];
        let mut file = jpeg.file[..eoi_at].to_vec();
        for part in &between {
            file.extend(part);
        }
        file.extend([0xff, 0xd9]);
        // A trailer after EOI (say, a second image with its own Exif) is dropped.
        file.extend(b"\xff\xd8\xff\xe1\x00\x08Exif GPS");
        let (_, out) = clean_photo(&file).unwrap();
        let mut expected = jpeg.expected[..jpeg.expected.len() - 2].to_vec();
        expected.extend(&between[0]);
        expected.extend(&between[2]);
        expected.extend(&between[3]);
        expected.extend([0xff, 0xd9]);
        assert_eq!(out, expected);
    }

    #[test]
    fn truncated_or_malformed_jpegs_are_corrupt() {
        let jpeg = sample_jpeg();
        assert_truncations_refused(&jpeg.file, 3);
        // No scan at all.
        let no_scan = [
            vec![0xff, 0xd8],
            jpeg_segment(0xe0, b"JFIF\0"),
            vec![0xff, 0xd9],
        ]
        .concat();
        assert_eq!(clean_photo(&no_scan), Err(UploadError::Corrupt));
        // A segment length below 2, and garbage where a marker belongs.
        assert_eq!(
            clean_photo(b"\xff\xd8\xff\xe0\x00\x01\xff\xd9"),
            Err(UploadError::Corrupt)
        );
        assert_eq!(
            clean_photo(b"\xff\xd8\xff\x00\xff\xd9"),
            Err(UploadError::Corrupt)
        );
        // A stray byte between segments (after SOI and the 18-byte APP0).
        let mut garbage = jpeg.file.clone();
        garbage.insert(20, 0x42);
        assert_eq!(clean_photo(&garbage), Err(UploadError::Corrupt));
    }

    // ---- PNG ----

    #[test]
    fn crc32_matches_the_check_value() {
        assert_eq!(crc32(&[b"123456789"]), 0xcbf4_3926);
        assert_eq!(crc32(&[b"1234", b"56789"]), 0xcbf4_3926);
        assert_eq!(crc32(&[b""]), 0);
        // The IEND chunk of every PNG ends with AE 42 60 82.
        assert_eq!(crc32(&[b"IEND"]), 0xae42_6082);
    }

    #[test]
    fn png_metadata_is_removed_and_the_rest_kept() {
        let (file, expected) = sample_png();
        let (kind, out) = clean_photo(&file).unwrap();
        assert_eq!(kind, ImageType::Png);
        assert_eq!(out, expected);
        for gone in [
            &b"eXIf"[..],
            b"tEXt",
            b"zTXt",
            b"iTXt",
            b"tIME",
            b"GPS",
            b"Jane",
        ] {
            assert!(!contains(&out, gone));
        }
        assert_eq!(clean_photo(&out).unwrap().1, out);
        // Bytes after IEND are dropped.
        let mut trailing = file.clone();
        trailing.extend(b"GPS trailer");
        assert_eq!(clean_photo(&trailing).unwrap().1, expected);
    }

    #[test]
    fn broken_pngs_are_corrupt() {
        let (file, _) = sample_png();
        assert_truncations_refused(&file, 8);
        let sig = PNG_SIGNATURE.to_vec();
        let idat = png_chunk(b"IDAT", &IDAT_1X1_GRAY);
        let iend = png_chunk(b"IEND", &[]);
        // A wrong CRC.
        let mut bad_crc = file.clone();
        let last = bad_crc.len() - 1;
        bad_crc[last] ^= 1;
        assert_eq!(clean_photo(&bad_crc), Err(UploadError::Corrupt));
        // A flipped data bit.
        let mut bad_data = file.clone();
        bad_data[20] ^= 0x10;
        assert_eq!(clean_photo(&bad_data), Err(UploadError::Corrupt));
        // IHDR not first, missing, or repeated.
        let late_ihdr = [
            &sig,
            &png_chunk(b"gAMA", &[0, 0, 0xb1, 0x8f]),
            &ihdr_1x1(),
            &idat,
            &iend,
        ]
        .map(|s| s.as_slice())
        .concat();
        assert_eq!(clean_photo(&late_ihdr), Err(UploadError::Corrupt));
        let no_ihdr = [&sig, &idat, &iend].map(|s| s.as_slice()).concat();
        assert_eq!(clean_photo(&no_ihdr), Err(UploadError::Corrupt));
        let two_ihdr = [&sig, &ihdr_1x1(), &ihdr_1x1(), &idat, &iend]
            .map(|s| s.as_slice())
            .concat();
        assert_eq!(clean_photo(&two_ihdr), Err(UploadError::Corrupt));
        // No IEND, no IDAT.
        let no_iend = [&sig, &ihdr_1x1(), &idat].map(|s| s.as_slice()).concat();
        assert_eq!(clean_photo(&no_iend), Err(UploadError::Corrupt));
        let no_idat = [&sig, &ihdr_1x1(), &iend].map(|s| s.as_slice()).concat();
        assert_eq!(clean_photo(&no_idat), Err(UploadError::Corrupt));
        // A huge declared length.
        let huge = [&sig[..], &[0xff, 0xff, 0xff, 0xf0], b"IHDR"].concat();
        assert_eq!(clean_photo(&huge), Err(UploadError::Corrupt));
    }

    // ---- WebP ----

    #[test]
    fn webp_metadata_is_removed_and_the_rest_kept() {
        let (file, expected) = sample_webp();
        assert!(contains(&file, b"GPS"));
        let (kind, out) = clean_photo(&file).unwrap();
        assert_eq!(kind, ImageType::Webp);
        assert_eq!(out, expected);
        assert!(!contains(&out, b"GPS"));
        assert_eq!(out[20] & (VP8X_EXIF | VP8X_XMP), 0);
        assert_eq!(out[20], 0x30);
        assert_eq!(le32(&out, 4).unwrap() as usize, out.len() - 8);
        assert_eq!(out.len() % 2, 0);
        assert_eq!(clean_photo(&out).unwrap().1, out);
    }

    #[test]
    fn simple_webp_is_kept_as_is() {
        let file = riff(&[riff_chunk(
            b"VP8 ",
            b"\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00x",
        )]);
        assert_eq!(clean_photo(&file).unwrap(), (ImageType::Webp, file.clone()));
        // Bytes after the RIFF container are dropped.
        let mut trailing = file.clone();
        trailing.extend(b"EXIF GPS");
        assert_eq!(clean_photo(&trailing).unwrap().1, file);
    }

    #[test]
    fn broken_webps_are_corrupt() {
        let (file, _) = sample_webp();
        assert_truncations_refused(&file, 12);
        // A chunk running past the RIFF size.
        let mut short_riff = file.clone();
        let size = le32(&file, 4).unwrap() - 2;
        short_riff[4..8].copy_from_slice(&size.to_le_bytes());
        assert_eq!(clean_photo(&short_riff), Err(UploadError::Corrupt));
        // First chunk not an image chunk, VP8X too short, no chunks at all.
        let exif_first = riff(&[riff_chunk(b"EXIF", b"GPS!"), vp8x(0x08)]);
        assert_eq!(clean_photo(&exif_first), Err(UploadError::Corrupt));
        let short_vp8x = riff(&[riff_chunk(b"VP8X", &[0x08, 0, 0, 0])]);
        assert_eq!(clean_photo(&short_vp8x), Err(UploadError::Corrupt));
        assert_eq!(clean_photo(&riff(&[])), Err(UploadError::Corrupt));
        // Missing padding byte of an odd-sized last chunk.
        let mut unpadded = riff(&[riff_chunk(b"VP8L", b"abc")]);
        unpadded.pop();
        let size = le32(&unpadded, 4).unwrap() - 1;
        unpadded[4..8].copy_from_slice(&size.to_le_bytes());
        assert_eq!(clean_photo(&unpadded), Err(UploadError::Corrupt));
        // A huge chunk size.
        let huge = [&b"RIFF\x0c\x00\x00\x00WEBPVP8X"[..], &[0xff; 4]].concat();
        assert_eq!(clean_photo(&huge), Err(UploadError::Corrupt));
    }

    // ---- allow-lists: only what displaying the image needs survives ----

    /// C2PA manifests travel in JUMBF boxes: APP11 in JPEG, `caBX` in PNG, `C2PA` in
    /// WebP. They hold who made or edited a photo, with what, where and when.
    const JUMBF: &[u8] = b"JP\0\x01\0\0\0\x2ajumb\0\0\0\x1ejumdc2pa author=Jane GPS 45.46N";

    #[test]
    fn jpeg_keeps_only_what_display_needs() {
        let jpeg = sample_jpeg();
        let after_soi = 2;
        let mut file = jpeg.file[..after_soi].to_vec();
        // A JFIF header carrying a 1x1 thumbnail, a JFXX thumbnail, C2PA, APP3, APP15,
        // FlashPix and MPF in APP2, Adobe's header with bytes after it, a TEM marker.
        let jfif_thumb = jpeg_segment(0xe0, b"JFIF\0\x01\x02\x01\0\x48\0\x48\x01\x01\xaa\xbb\xcc");
        let jfxx = jpeg_segment(0xe0, b"JFXX\0\x13thumbnail GPS");
        let c2pa = jpeg_segment(0xeb, JUMBF);
        let app3 = jpeg_segment(0xe3, b"Meta GPS maker notes");
        let app15 = jpeg_segment(0xef, b"vendor GPS");
        let fpxr = jpeg_segment(0xe2, b"FPXR\0GPS");
        let mpf = jpeg_segment(0xe2, b"MPF\0II*\0GPS");
        let adobe = jpeg_segment(0xee, b"Adobe\0\x64\0\0\0\0\x01GPS trailer");
        let tem = vec![0xff, 0x01];
        for part in [
            &jfif_thumb,
            &jfxx,
            &c2pa,
            &app3,
            &app15,
            &fpxr,
            &mpf,
            &adobe,
            &tem,
        ] {
            file.extend(part);
        }
        file.extend(&jpeg.file[after_soi..]);
        let (_, out) = clean_photo(&file).unwrap();
        for gone in [
            &b"GPS"[..],
            b"jumb",
            b"c2pa",
            b"JFXX",
            b"FPXR",
            b"MPF",
            b"\xaa\xbb\xcc",
        ] {
            assert!(!contains(&out, gone), "{}", String::from_utf8_lossy(gone));
        }
        let mut expected = jpeg.expected[..after_soi].to_vec();
        expected.extend(jpeg_segment(0xe0, b"JFIF\0\x01\x02\x01\0\x48\0\x48\0\0"));
        expected.extend(jpeg_segment(0xee, b"Adobe\0\x64\0\0\0\0\x01"));
        expected.extend(&jpeg.expected[after_soi..]);
        assert_eq!(out, expected);
        assert_eq!(clean_photo(&out).unwrap().1, out);
    }

    #[test]
    fn png_keeps_only_what_display_needs() {
        let (file, expected) = sample_png();
        let iend_at = file.len() - 12;
        let mut with_more = file[..iend_at].to_vec();
        for chunk in [
            png_chunk(b"caBX", JUMBF),
            png_chunk(b"pHYs", &[0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1]),
            png_chunk(b"prVt", b"private GPS"),
            png_chunk(b"vpAg", b"GPS"),
        ] {
            with_more.extend(chunk);
        }
        with_more.extend(&file[iend_at..]);
        let (_, out) = clean_photo(&with_more).unwrap();
        assert!(!contains(&out, b"GPS") && !contains(&out, b"jumb"));
        assert_eq!(out, expected);
        // What colours and transparency need stays.
        let sig = PNG_SIGNATURE.to_vec();
        let kept = [
            sig,
            png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 3, 0, 0, 0]),
            png_chunk(b"iCCP", b"icc\0\0x"),
            png_chunk(b"cHRM", &[0; 32]),
            png_chunk(b"sRGB", &[0]),
            png_chunk(b"gAMA", &[0, 0, 0xb1, 0x8f]),
            png_chunk(b"PLTE", &[0, 0, 0]),
            png_chunk(b"tRNS", &[0]),
            png_chunk(b"IDAT", &IDAT_1X1_GRAY),
            png_chunk(b"IEND", &[]),
        ]
        .concat();
        assert_eq!(clean_photo(&kept).unwrap().1, kept);
    }

    #[test]
    fn webp_keeps_only_what_display_needs() {
        let frame_header = [0u8; 16];
        let alph = riff_chunk(b"ALPH", b"\0alpha");
        let vp8l = riff_chunk(b"VP8L", &[0x2f, 0, 0, 0, 0x10, 0x07, 0x10]);
        let frame = [
            frame_header.to_vec(),
            alph.clone(),
            vp8l.clone(),
            riff_chunk(b"EXIF", b"GPS in a frame"),
        ]
        .concat();
        let anim = riff_chunk(b"ANIM", &[0, 0, 0, 0, 0, 0]);
        // Every flag set (reserved ones too) and data in the reserved bytes.
        let mut header = vp8x(0xff);
        header[9..12].copy_from_slice(b"GPS");
        let file = riff(&[
            header,
            riff_chunk(b"ICCP", b"icc"),
            anim.clone(),
            riff_chunk(b"ANMF", &frame),
            riff_chunk(b"C2PA", JUMBF),
            riff_chunk(b"abcd", b"unknown GPS"),
            riff_chunk(b"XMP ", b"<x:xmpmeta>GPS</x:xmpmeta>"),
        ]);
        let (_, out) = clean_photo(&file).unwrap();
        assert!(!contains(&out, b"GPS") && !contains(&out, b"jumb"));
        let expected = riff(&[
            vp8x(0x20 | 0x10 | 0x02),
            riff_chunk(b"ICCP", b"icc"),
            anim,
            riff_chunk(b"ANMF", &[frame_header.to_vec(), alph, vp8l].concat()),
        ]);
        assert_eq!(out, expected);
        assert_eq!(clean_photo(&out).unwrap().1, out);
        // A frame too short for its header, or whose sub-chunks overrun it, is corrupt.
        let short = riff(&[vp8x(0x02), riff_chunk(b"ANMF", &[0; 15])]);
        assert_eq!(clean_photo(&short), Err(UploadError::Corrupt));
        let overrun = riff(&[
            vp8x(0x02),
            riff_chunk(b"ANMF", &[&frame_header[..], b"VP8L\x09\0\0\0"].concat()),
        ]);
        assert_eq!(clean_photo(&overrun), Err(UploadError::Corrupt));
    }

    // ---- fuzzing: no panic, no growth, cleaning twice changes nothing ----

    /// The properties every input must have: no panic (the call returns), the
    /// output is no larger than the input and of the detected type, and cleaning the
    /// output again gives it back unchanged.
    fn check_clean(bytes: &[u8]) -> Result<(), TestCaseError> {
        if let Ok((kind, out)) = clean_photo(bytes) {
            prop_assert!(out.len() <= bytes.len(), "{} > {}", out.len(), bytes.len());
            prop_assert_eq!(sniff(&out), Some(kind));
            let again = clean_photo(&out);
            prop_assert_eq!(again, Ok((kind, out)));
        }
        Ok(())
    }

    /// A valid image with metadata of each format, to mutate.
    fn seeds() -> Vec<Vec<u8>> {
        let mut progressive = sample_jpeg().file;
        let eoi_at = progressive.len() - 2;
        progressive.splice(
            eoi_at..eoi_at,
            [
                jpeg_segment(0xeb, JUMBF),
                jpeg_segment(0xda, &[1, 1, 0x00, 1, 63, 0]),
                vec![0x9a, 0xff, 0x00, 0xbc],
            ]
            .concat(),
        );
        vec![
            sample_jpeg().file,
            progressive,
            sample_png().0,
            sample_webp().0,
            riff(&[
                vp8x(0xff),
                riff_chunk(b"ANIM", &[0; 6]),
                riff_chunk(
                    b"ANMF",
                    &[
                        &[0u8; 16][..],
                        &riff_chunk(b"VP8L", b"abc"),
                        &riff_chunk(b"EXIF", b"x"),
                    ]
                    .concat(),
                ),
            ]),
        ]
    }

    #[derive(Debug, Clone)]
    enum Mutation {
        Set(usize, u8),
        Insert(usize, Vec<u8>),
        Remove(usize, usize),
        Truncate(usize),
    }

    fn mutation() -> impl Strategy<Value = Mutation> {
        prop_oneof![
            (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
            (
                any::<usize>(),
                proptest::collection::vec(any::<u8>(), 1..12)
            )
                .prop_map(|(i, v)| Mutation::Insert(i, v)),
            (any::<usize>(), 1usize..12).prop_map(|(i, n)| Mutation::Remove(i, n)),
            any::<usize>().prop_map(Mutation::Truncate),
        ]
    }

    fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
        for m in mutations {
            let len = bytes.len();
            match m {
                Mutation::Set(i, b) if len > 0 => bytes[i % len] = *b,
                Mutation::Insert(i, v) => {
                    let at = i % (len + 1);
                    bytes.splice(at..at, v.iter().copied());
                }
                Mutation::Remove(i, n) if len > 0 => {
                    let at = i % len;
                    bytes.drain(at..(at + n).min(len));
                }
                Mutation::Truncate(n) => bytes.truncate(n % (len + 1)),
                _ => {}
            }
        }
        bytes
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn arbitrary_bytes_never_panic_nor_grow(
            magic in prop_oneof![
                Just(&b""[..]),
                Just(&b"\xff\xd8\xff"[..]),
                Just(&PNG_SIGNATURE[..]),
                Just(&b"RIFF"[..]),
            ],
            riff_size in prop_oneof![Just(None), any::<u32>().prop_map(Some)],
            rest in proptest::collection::vec(any::<u8>(), 0..600),
        ) {
            let mut bytes = magic.to_vec();
            if magic == b"RIFF" {
                let exact = u32::try_from(rest.len() + 4).unwrap();
                bytes.extend(riff_size.unwrap_or(exact).to_le_bytes());
                bytes.extend(b"WEBP");
            }
            bytes.extend(rest);
            check_clean(&bytes)?;
        }

        #[test]
        fn mutated_images_never_panic_nor_grow(
            seed in 0usize..5,
            mutations in proptest::collection::vec(mutation(), 1..6),
        ) {
            let bytes = mutate(seeds()[seed].clone(), &mutations);
            check_clean(&bytes)?;
        }
    }

    /// Any chunk type: the kept ones, metadata ones, C2PA's, and made-up ones.
    fn png_chunk_type() -> impl Strategy<Value = [u8; 4]> {
        prop_oneof![
            proptest::sample::select(vec![
                *b"PLTE", *b"IDAT", *b"tRNS", *b"gAMA", *b"cHRM", *b"sRGB", *b"iCCP", *b"tEXt",
                *b"eXIf", *b"caBX", *b"pHYs", *b"tIME",
            ]),
            proptest::array::uniform4(prop_oneof![b'a'..=b'z', b'A'..=b'Z']),
        ]
    }

    /// Any segment with a length: structural ones, every APPn, COM, reserved ones; the
    /// payload sometimes starts as the kept APPn payloads do.
    fn jpeg_segment_strategy() -> impl Strategy<Value = Vec<u8>> {
        let marker =
            (0x02u8..=0xfe).prop_filter("a segment with a length", |m| !(0xd0..=0xd9).contains(m));
        let payload = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..20),
            Just(b"JFIF\0\x01\x02\x01\0\x48\0\x48\x01\x01rgb".to_vec()),
            Just(b"ICC_PROFILE\0\x01\x01icc".to_vec()),
            Just(b"Adobe\0\x64\0\0\0\0\x01more".to_vec()),
            Just(b"Adobe".to_vec()),
        ];
        (marker, payload).prop_map(|(m, p)| jpeg_segment(m, &p))
    }

    /// The markers of a cleaned JPEG's segments, with their payloads (scans skipped).
    fn jpeg_segments_of(out: &[u8]) -> Vec<(u8, Vec<u8>)> {
        let mut segments = Vec::new();
        let mut pos = 2;
        while out[pos + 1] != JPEG_EOI {
            let marker = out[pos + 1];
            let len = be16(out, pos + 2).unwrap();
            segments.push((marker, out[pos + 4..pos + 2 + len].to_vec()));
            pos += 2 + len;
            if marker == JPEG_SOS {
                pos = jpeg_entropy_end(out, pos).unwrap();
            }
        }
        segments
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Well-formed files made of any chunks: what comes out is on the allow-list.
        #[test]
        fn only_allowed_png_chunks_come_out(
            chunks in proptest::collection::vec(
                (png_chunk_type(), proptest::collection::vec(any::<u8>(), 0..16)),
                0..8,
            ),
        ) {
            let mut file = [PNG_SIGNATURE.to_vec(), ihdr_1x1()].concat();
            for (kind, data) in &chunks {
                file.extend(png_chunk(kind, data));
            }
            file.extend(png_chunk(b"IDAT", &IDAT_1X1_GRAY));
            file.extend(png_chunk(b"IEND", &[]));
            check_clean(&file)?;
            let (_, out) = clean_photo(&file).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let mut pos = PNG_SIGNATURE.len();
            while pos < out.len() {
                let len = usize::try_from(be32(&out, pos).unwrap()).unwrap();
                let kind = &out[pos + 4..pos + 8];
                prop_assert!(PNG_KEPT.iter().any(|k| k.as_slice() == kind), "{kind:?}");
                pos += 12 + len;
            }
        }

        #[test]
        fn only_allowed_jpeg_segments_come_out(
            segments in proptest::collection::vec(jpeg_segment_strategy(), 0..10),
        ) {
            let jpeg = sample_jpeg();
            let mut file = jpeg.file[..2].to_vec();
            for s in &segments {
                file.extend(s);
            }
            file.extend(&jpeg.file[2..]);
            check_clean(&file)?;
            let (_, out) = clean_photo(&file).map_err(|e| TestCaseError::fail(e.to_string()))?;
            for (marker, payload) in jpeg_segments_of(&out) {
                let allowed = jpeg_structural(marker)
                    || (marker == JPEG_APP0 && payload.len() == JFIF_LEN && payload.starts_with(JFIF_ID) && payload[12..] == [0, 0])
                    || (marker == JPEG_APP2 && payload.starts_with(ICC_ID))
                    || (marker == JPEG_APP14 && payload.len() == ADOBE_LEN && payload.starts_with(ADOBE_ID));
                prop_assert!(allowed, "{marker:02x} {payload:?}");
            }
        }
    }

    #[test]
    fn every_seed_cleans() {
        for seed in seeds() {
            check_clean(&seed).unwrap();
            assert!(clean_photo(&seed).is_ok());
        }
    }

    // ---- storage ----

    #[test]
    fn store_is_content_addressed_and_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let (_, png) = sample_png();
        let hash = store(dir.path(), ImageType::Png, &png).unwrap();
        assert_eq!(hash, crate::util::sha256_hex(&png));
        let path = stored_path(dir.path(), &hash, ImageType::Png).unwrap();
        assert_eq!(
            path,
            dir.path()
                .join("files")
                .join(&hash[..2])
                .join(format!("{hash}.png"))
        );
        assert_eq!(std::fs::read(&path).unwrap(), png);

        // Storing again does nothing: the existing file is not rewritten.
        std::fs::write(&path, b"marker").unwrap();
        assert_eq!(store(dir.path(), ImageType::Png, &png).unwrap(), hash);
        assert_eq!(std::fs::read(&path).unwrap(), b"marker");
        std::fs::write(&path, &png).unwrap();

        // Other content goes elsewhere; no temporary files are left behind.
        let other = store(dir.path(), ImageType::Jpeg, &sample_jpeg().expected).unwrap();
        assert_ne!(other, hash);
        let other_path = stored_path(dir.path(), &other, ImageType::Jpeg).unwrap();
        assert_eq!(std::fs::read(&other_path).unwrap(), sample_jpeg().expected);
        for p in [&path, &other_path] {
            let entries: Vec<_> = std::fs::read_dir(p.parent().unwrap())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert!(
                entries
                    .iter()
                    .all(|n| !n.to_string_lossy().ends_with(".tmp")),
                "{entries:?}"
            );
        }
    }

    #[test]
    fn stored_path_accepts_only_well_formed_hashes() {
        let dir = Path::new("/data");
        let hash = crate::util::sha256_hex(b"x");
        assert_eq!(
            stored_path(dir, &hash, ImageType::Webp),
            Some(
                dir.join("files")
                    .join(&hash[..2])
                    .join(format!("{hash}.webp"))
            )
        );
        let upper = hash.to_uppercase();
        let dotted = format!("../{}", &hash[3..]);
        let slashed = format!("{}/{}", &hash[..31], &hash[32..]);
        let accented = format!("é{}", &hash[2..]);
        for bad in [
            "",
            "../x",
            "abc",
            &hash[..63],
            &format!("{hash}0"),
            &upper,
            &dotted,
            &slashed,
            &accented,
            &format!("{}g", &hash[..63]),
        ] {
            assert_eq!(stored_path(dir, bad, ImageType::Png), None, "{bad}");
        }
    }
}
