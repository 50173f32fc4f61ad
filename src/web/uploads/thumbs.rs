//! Photo thumbnails, made once at upload: a small one for lists and a medium one for
//! a commons' page, both JPEG (transparency laid on white), never larger than the
//! photo. Decoding is bounded: a photo whose pixels would need more than
//! [`MAX_DECODE_BYTES`] of memory, or is wider or taller than [`MAX_SIDE`], is
//! refused before it is decoded.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, ImageReader, Limits, Rgb, RgbImage};

use super::{ImageType, UploadError};

/// The longest side of each thumbnail, in pixels.
pub const SMALL: u32 = 320;
pub const MEDIUM: u32 = 960;
/// The widest or tallest photo decoded.
pub const MAX_SIDE: u32 = 12_000;
/// The most memory a decoded photo may take.
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
const QUALITY: u8 = 82;

/// Two thumbnails of a cleaned photo: (small, medium), JPEG bytes.
pub fn thumbnails(kind: ImageType, bytes: &[u8]) -> Result<(Vec<u8>, Vec<u8>), UploadError> {
    let format = match kind {
        ImageType::Jpeg => ImageFormat::Jpeg,
        ImageType::Png => ImageFormat::Png,
        ImageType::Webp => ImageFormat::WebP,
        ImageType::Pdf => return Err(UploadError::NotAnImage),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => UploadError::TooLarge,
        _ => UploadError::Corrupt,
    })?;
    Ok((jpeg(&fit(&image, SMALL))?, jpeg(&fit(&image, MEDIUM))?))
}

/// `image` scaled to fit `side` (never enlarged), on white.
fn fit(image: &DynamicImage, side: u32) -> RgbImage {
    let scaled = if image.width() > side || image.height() > side {
        image.thumbnail(side, side)
    } else {
        image.clone()
    };
    let rgba = scaled.to_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let [r, g, b, a] = p.0;
        let over = |c: u8| -> u8 {
            let v = (u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a)) + 127) / 255;
            u8::try_from(v).unwrap_or(u8::MAX)
        };
        out.put_pixel(x, y, Rgb([over(r), over(g), over(b)]));
    }
    out
}

fn jpeg(image: &RgbImage) -> Result<Vec<u8>, UploadError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(image)
        .map_err(|_| UploadError::Corrupt)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, alpha: u8) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(width, height, image::Rgba([200, 30, 30, alpha]));
        let mut out = Vec::new();
        DynamicImage::ImageRgba8(img)
            .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    fn size(jpeg: &[u8]) -> (u32, u32) {
        let img = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).unwrap();
        (img.width(), img.height())
    }

    #[test]
    fn thumbnails_fit_their_sizes_keep_the_shape_and_never_enlarge() {
        let (small, medium) = thumbnails(ImageType::Png, &png(2000, 1000, 255)).unwrap();
        assert_eq!(size(&small), (320, 160));
        assert_eq!(size(&medium), (960, 480));
        assert!(small.starts_with(&[0xff, 0xd8, 0xff]));
        let (small, medium) = thumbnails(ImageType::Png, &png(100, 400, 255)).unwrap();
        assert_eq!(size(&small), (80, 320));
        assert_eq!(size(&medium), (100, 400), "never enlarged");
    }

    #[test]
    fn transparency_is_laid_on_white() {
        let (small, _) = thumbnails(ImageType::Png, &png(10, 10, 0)).unwrap();
        let img = image::load_from_memory_with_format(&small, ImageFormat::Jpeg)
            .unwrap()
            .to_rgb8();
        let p = img.get_pixel(5, 5).0;
        assert!(p.iter().all(|c| *c > 245), "{p:?}");
    }

    #[test]
    fn huge_and_broken_images_are_refused_before_decoding() {
        // A PNG header claiming 20,000 × 20,000 pixels: refused by the limits.
        let big = png(20_000, 1, 255);
        assert_eq!(thumbnails(ImageType::Png, &big), Err(UploadError::TooLarge));
        assert_eq!(
            thumbnails(ImageType::Jpeg, b"\xff\xd8\xff\xe0 not a jpeg"),
            Err(UploadError::Corrupt)
        );
        assert_eq!(
            thumbnails(ImageType::Pdf, b"%PDF-1.7"),
            Err(UploadError::NotAnImage)
        );
    }
}
