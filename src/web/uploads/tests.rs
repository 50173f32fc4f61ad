//! Tests of the photo and PDF checks. Long on purpose (about 890 lines): each image
//! format (JPEG, PNG, WebP, animated WebP) gets fixtures built byte by byte and a case
//! for every kind of metadata it can carry, kept together so a format's rules read in
//! one place.

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
