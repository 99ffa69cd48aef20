//! Photos: a JPEG or PNG in, a JPEG of at most 600 px on the long edge out.
//!
//! Bounded and strict: only a regular file of at most [`MAX_FILE_BYTES`] is read, an image of
//! more than [`MAX_PIXELS`] is refused before it is decoded, and the image must decode
//! completely: a truncated or corrupt JPEG (which lenient decoders fill with grey) or PNG is
//! refused.

use std::io::Read;

use super::{RegistryError, Result};

/// Longest edge of a stored photo, in pixels.
pub const MAX_EDGE: u32 = 600;

/// Largest photo file read, in bytes (20 MiB).
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Largest image decoded, in pixels (25 megapixels, e.g. 6000 x 4000 from a 24 MP camera).
pub const MAX_PIXELS: u64 = 25_000_000;

fn refuse(message: impl Into<String>) -> RegistryError {
    RegistryError::Photo(message.into())
}

/// Decodes an image (JPEG or PNG) completely and re-encodes it as a JPEG no larger than
/// [`MAX_EDGE`].
pub fn normalize(bytes: &[u8]) -> Result<Vec<u8>> {
    let img = if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        decode_jpeg(bytes)?
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        decode_png(bytes)?
    } else {
        return Err(refuse(
            "not a readable JPEG or PNG image; save the photo as JPEG (.jpg) or PNG",
        ));
    };
    let img = if img.width().max(img.height()) > MAX_EDGE {
        img.resize(MAX_EDGE, MAX_EDGE, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    rgb.write_with_encoder(enc)
        .map_err(|e| refuse(format!("cannot encode JPEG ({e})")))?;
    Ok(out)
}

fn check_pixels(w: u64, h: u64) -> Result<()> {
    if w == 0 || h == 0 {
        return Err(refuse("the image has no pixels"));
    }
    if w.saturating_mul(h) > MAX_PIXELS {
        return Err(refuse(format!(
            "{w} x {h} pixels is more than {} megapixels; scale the photo down (600 px on the \
             long edge is enough for a badge)",
            MAX_PIXELS / 1_000_000
        )));
    }
    Ok(())
}

fn decode_jpeg(bytes: &[u8]) -> Result<image::DynamicImage> {
    use zune_core::bytestream::ZCursor;
    use zune_core::colorspace::ColorSpace;
    let corrupt = |e: &dyn std::fmt::Display| {
        refuse(format!(
            "the JPEG is truncated or corrupt ({e}); use the original file, or save it again"
        ))
    };
    // A complete JPEG ends with the end-of-image marker (some cameras append data after it).
    let sos = bytes.windows(2).position(|w| w == [0xFF, 0xDA]);
    let eoi = bytes.windows(2).rposition(|w| w == [0xFF, 0xD9]);
    match (sos, eoi) {
        (Some(s), Some(e)) if e > s => {}
        _ => return Err(corrupt(&"no end of image")),
    }
    let options = zune_core::options::DecoderOptions::default()
        .set_strict_mode(true)
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    dec.decode_headers().map_err(|e| corrupt(&e))?;
    let (w, h) = dec.dimensions().ok_or_else(|| corrupt(&"no size"))?;
    check_pixels(w as u64, h as u64)?;
    let pixels = dec.decode().map_err(|e| corrupt(&e))?;
    let rgb = image::RgbImage::from_raw(w as u32, h as u32, pixels)
        .ok_or_else(|| corrupt(&"wrong number of pixels"))?;
    Ok(image::DynamicImage::ImageRgb8(rgb))
}

fn decode_png(bytes: &[u8]) -> Result<image::DynamicImage> {
    let corrupt = |e: &dyn std::fmt::Display| {
        refuse(format!(
            "the PNG is truncated or corrupt ({e}); use the original file, or save it again"
        ))
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Png);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let (w, h) = reader.into_dimensions().map_err(|e| corrupt(&e))?;
    check_pixels(u64::from(w), u64::from(h))?;
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Png);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    reader.decode().map_err(|e| corrupt(&e))
}

/// Reads and normalises a photo file: a regular file of at most [`MAX_FILE_BYTES`].
pub fn load(path: &std::path::Path) -> Result<Vec<u8>> {
    let bytes = read_regular(path, MAX_FILE_BYTES, "photo")
        .map_err(crate::io_error::IoError::at("cannot read the photo", path))?;
    normalize(&bytes)
}

/// Reads a regular file of at most `max` bytes; a FIFO, device or folder, or a larger file,
/// is an error that says so (`what` names the file's role).
pub fn read_regular(path: &std::path::Path, max: u64, what: &str) -> std::io::Result<Vec<u8>> {
    let file = open_regular(path, max, what)?;
    let too_big = || too_big(max, what);
    let len = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_big());
    }
    Ok(bytes)
}

fn too_big(max: u64, what: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::FileTooLarge,
        format!(
            "the file is larger than the limit for a {what} ({} MiB)",
            max / (1024 * 1024)
        ),
    )
}

/// Opens a regular file of at most `max` bytes for reading. The file is opened without
/// waiting (`O_NONBLOCK`: a FIFO with no writer does not hang the open) and its type is read
/// from what was opened; a FIFO, device, socket or folder is refused before one byte is read.
pub fn open_regular(path: &std::path::Path, max: u64, what: &str) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    // The type and size of the file opened, not of whatever the name points to later.
    let meta = file.metadata()?;
    if !meta.is_file() {
        let kind = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, pipe or socket)"
        };
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("it is {kind}; give the path of a {what} file"),
        ));
    }
    if meta.len() > max {
        return Err(too_big(max, what));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90))
            .unwrap();
        out
    }

    #[test]
    fn a_truncated_jpeg_or_png_is_refused() {
        let full = jpeg(200, 150);
        assert!(normalize(&full).is_ok());
        for cut in [400, full.len() / 2, full.len() - 2] {
            let err = normalize(&full[..cut]).unwrap_err().to_string();
            assert!(err.contains("truncated or corrupt"), "{cut}: {err}");
        }
        let img = image::RgbImage::from_fn(64, 64, |x, _| image::Rgb([x as u8, 0, 0]));
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).unwrap();
        let png = png.into_inner();
        assert!(normalize(&png).is_ok());
        let err = normalize(&png[..png.len() - 20]).unwrap_err().to_string();
        assert!(err.contains("truncated or corrupt"), "{err}");
    }

    #[test]
    fn too_many_pixels_are_refused_before_decoding() {
        // A PNG header claiming 100,000 x 100,000 pixels.
        let img = image::GrayImage::new(1, 1);
        let mut png = std::io::Cursor::new(Vec::new());
        img.write_to(&mut png, image::ImageFormat::Png).unwrap();
        let mut png = png.into_inner();
        png[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        let err = normalize(&png).unwrap_err().to_string();
        assert!(err.contains("megapixels"), "{err}");
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
}
