//! Uploaded photos: type detection by content, metadata removal and content-addressed
//! storage. Pure byte handling, no web types.

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

mod pdf;
mod thumbs;
pub use pdf::clean_pdf;
pub use thumbs::thumbnails;

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
/// [`MAX_PHOTO_BYTES`]. Only checks: the bytes are not changed; [`clean_pdf`] makes the
/// same checks and also blanks the document's metadata.
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
mod tests;
