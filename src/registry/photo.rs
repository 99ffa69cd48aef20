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
    let (s, e) = match (sos, eoi) {
        (Some(s), Some(e)) if e > s => (s, e),
        _ => return Err(corrupt(&"no end of image")),
    };
    // Zeros written over the compressed picture decode as valid codes (a grey or green
    // block); an encoder never writes such a run.
    if let Some(at) = zero_run(&bytes[s..e], MAX_ZERO_RUN) {
        return Err(corrupt(&format!(
            "{MAX_ZERO_RUN} or more zero bytes at byte {} of the picture data",
            s + at
        )));
    }
    let options = zune_core::options::DecoderOptions::default()
        .set_strict_mode(true)
        .jpeg_set_out_colorspace(ColorSpace::RGB)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    // Decoded without its end marker: the decoder fills the picture after an early end
    // marker (a file cut short and closed again) with zeros and says nothing, while data
    // that simply ends too early is an error in strict mode.
    // (A progressive JPEG is decoded whole: its decoder needs the end marker; its scans
    // must bring every coefficient of every component to full precision, which a file cut
    // short and closed again does not.)
    let progressive = is_progressive(bytes);
    if progressive && let Some(missing) = progressive_gap(bytes) {
        return Err(corrupt(&missing));
    }
    let data = if progressive { bytes } else { &bytes[..e] };
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), options);
    dec.decode_headers().map_err(|e| corrupt(&e))?;
    let (w, h) = dec.dimensions().ok_or_else(|| corrupt(&"no size"))?;
    check_pixels(w as u64, h as u64)?;
    // The decoder's warnings about the picture data (a bad code, a missing restart marker,
    // data that ends early) are refusals like its errors.
    let (pixels, warnings) = decoder_warnings::collect(|| dec.decode());
    let pixels = pixels.map_err(|e| corrupt(&e))?;
    if let Some(w) = warnings.first() {
        return Err(corrupt(w));
    }
    let rgb = image::RgbImage::from_raw(w as u32, h as u32, pixels)
        .ok_or_else(|| corrupt(&"wrong number of pixels"))?;
    Ok(image::DynamicImage::ImageRgb8(rgb))
}

/// Whether the JPEG's frame header (the first SOF marker before the picture) is progressive
/// (SOF2, SOF6, SOF10, SOF14).
fn is_progressive(bytes: &[u8]) -> bool {
    let mut at = 2;
    while let (Some(&ff), Some(&m)) = (bytes.get(at), bytes.get(at + 1)) {
        if ff != 0xFF {
            return false;
        }
        match m {
            0xC2 | 0xC6 | 0xCA | 0xCE => return true,
            0xC0 | 0xC1 | 0xC3 | 0xC5 | 0xC7 | 0xC9 | 0xCB | 0xCD | 0xCF | 0xDA => return false,
            0xFF => at += 1,
            _ => {
                let len = bytes
                    .get(at + 2..at + 4)
                    .map_or(0, |l| usize::from(u16::from_be_bytes([l[0], l[1]])));
                at += 2 + len;
            }
        }
    }
    false
}

/// What a progressive JPEG's scans leave out, if anything: each component's 64
/// coefficients must each be in a scan that brings them to full precision (Al = 0).
fn progressive_gap(bytes: &[u8]) -> Option<String> {
    let mut components: Vec<u8> = Vec::new();
    let mut done: std::collections::HashMap<u8, [bool; 64]> = std::collections::HashMap::new();
    let mut at = 2;
    let seg = |at: usize| -> Option<&[u8]> {
        let len = usize::from(u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]));
        bytes.get(at + 4..at + 2 + len)
    };
    while let (Some(&0xFF), Some(&m)) = (bytes.get(at), bytes.get(at + 1)) {
        match m {
            0xD9 => break,
            0xFF => {
                at += 1;
                continue;
            }
            0xD0..=0xD7 | 0x01 => {
                at += 2;
                continue;
            }
            _ => {}
        }
        let body = seg(at)?;
        let len = body.len() + 2;
        match m {
            0xC2 | 0xC6 | 0xCA | 0xCE => {
                let n = usize::from(*body.get(5)?);
                components = (0..n).filter_map(|i| body.get(6 + 3 * i).copied()).collect();
            }
            0xDA => {
                let n = usize::from(*body.first()?);
                let ids: Vec<u8> = (0..n).filter_map(|i| body.get(1 + 2 * i).copied()).collect();
                let (ss, se, al) = (
                    usize::from(*body.get(1 + 2 * n)?),
                    usize::from(*body.get(2 + 2 * n)?),
                    body.get(3 + 2 * n)? & 0x0F,
                );
                if al == 0 {
                    for id in ids {
                        let d = done.entry(id).or_insert([false; 64]);
                        for k in ss..=se.min(63) {
                            d[k] = true;
                        }
                    }
                }
                // Skip the scan's data to the next marker.
                at += 2 + len;
                while let (Some(&b), Some(&n)) = (bytes.get(at), bytes.get(at + 1)) {
                    if b == 0xFF && n != 0x00 && !(0xD0..=0xD7).contains(&n) {
                        break;
                    }
                    at += 1;
                }
                continue;
            }
            _ => {}
        }
        at += 2 + len;
    }
    for id in &components {
        let d = done.get(id).copied().unwrap_or([false; 64]);
        if let Some(k) = d.iter().position(|x| !x) {
            return Some(format!(
                "the progressive picture stops early: component {id} lacks coefficient {k}"
            ));
        }
    }
    None
}

/// The longest run of zero bytes accepted inside a JPEG's picture data.
const MAX_ZERO_RUN: usize = 1024;

/// Where the first run of `n` zero bytes starts, if any.
fn zero_run(data: &[u8], n: usize) -> Option<usize> {
    let mut run = 0;
    for (i, &b) in data.iter().enumerate() {
        run = if b == 0 { run + 1 } else { 0 };
        if run >= n {
            return Some(i + 1 - n);
        }
    }
    None
}

/// Decoded bytes a PNG may need at once before scaling (its rows are read one at a time and
/// scaled down as they come, so only an interlaced PNG is decoded whole).
const MAX_PNG_FRAME_BYTES: u64 = 64 * 1024 * 1024;

/// Decodes a PNG row by row into 8-bit RGBA, averaging blocks of rows and columns as they
/// come so that the image kept is at most about twice [`MAX_EDGE`]: memory stays a few
/// megabytes whatever the PNG's size or depth.
fn decode_png(bytes: &[u8]) -> Result<image::DynamicImage> {
    let corrupt = |e: &dyn std::fmt::Display| {
        refuse(format!(
            "the PNG is truncated or corrupt ({e}); use the original file, or save it again"
        ))
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut limits = png::Limits::default();
    limits.bytes = MAX_PNG_FRAME_BYTES as usize;
    decoder.set_limits(limits);
    let mut reader = decoder.read_info().map_err(|e| corrupt(&e))?;
    let (w, h, interlaced) = {
        let info = reader.info();
        (info.width, info.height, info.interlaced)
    };
    check_pixels(u64::from(w), u64::from(h))?;
    let (color, _) = reader.output_color_type();
    let channels = color.samples();
    // Rows and columns averaged into one pixel.
    let k = (w.max(h) / (2 * MAX_EDGE)).max(1) as usize;
    let (sw, sh) = ((w as usize).div_ceil(k), (h as usize).div_ceil(k));
    let mut out = vec![0u8; sw * sh * 4];
    let mut sums = vec![0u32; sw * 4];
    let mut counts = vec![0u32; sw];
    let mut y = 0usize;
    let mut add_row = |row: &[u8], y: usize, out: &mut Vec<u8>| {
        for x in 0..w as usize {
            let px = &row[x * channels..x * channels + channels];
            let rgba = match channels {
                1 => [px[0], px[0], px[0], 255],
                2 => [px[0], px[0], px[0], px[1]],
                3 => [px[0], px[1], px[2], 255],
                _ => [px[0], px[1], px[2], px[3]],
            };
            let sx = x / k;
            for c in 0..4 {
                sums[sx * 4 + c] += u32::from(rgba[c]);
            }
            counts[sx] += 1;
        }
        if (y + 1) % k == 0 || y + 1 == h as usize {
            let sy = y / k;
            for sx in 0..sw {
                let n = counts[sx].max(1);
                for c in 0..4 {
                    out[(sy * sw + sx) * 4 + c] = (sums[sx * 4 + c] / n) as u8;
                }
            }
            sums.iter_mut().for_each(|v| *v = 0);
            counts.iter_mut().for_each(|v| *v = 0);
        }
    };
    if interlaced {
        let need = u64::from(w) * u64::from(h) * channels as u64;
        if need > MAX_PNG_FRAME_BYTES {
            return Err(refuse(format!(
                "the PNG is interlaced and {w} x {h} pixels: too large to decode at once; save it \
                 without interlacing, or scaled down (600 px on the long edge is enough)"
            )));
        }
        let mut frame = vec![0u8; reader.output_buffer_size().unwrap_or(0)];
        let info = reader.next_frame(&mut frame).map_err(|e| corrupt(&e))?;
        let stride = info.line_size;
        for yy in 0..h as usize {
            add_row(
                &frame[yy * stride..yy * stride + w as usize * channels],
                yy,
                &mut out,
            );
        }
    } else {
        while let Some(row) = reader.next_row().map_err(|e| corrupt(&e))? {
            if y >= h as usize || row.data().len() < w as usize * channels {
                return Err(corrupt(&"a row of the wrong size"));
            }
            add_row(row.data(), y, &mut out);
            y += 1;
        }
        if y != h as usize {
            return Err(corrupt(&format!("{y} of {h} rows")));
        }
    }
    reader.finish().map_err(|e| corrupt(&e))?;
    let rgba = image::RgbaImage::from_raw(sw as u32, sh as u32, out)
        .ok_or_else(|| corrupt(&"wrong number of pixels"))?;
    Ok(image::DynamicImage::ImageRgba8(rgba))
}

/// The JPEG decoder's warnings and errors (through the `log` crate), heard on this thread
/// while a decode runs.
mod decoder_warnings {
    use std::cell::RefCell;

    thread_local! {
        static HEARD: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
    }

    struct Listener;

    impl log::Log for Listener {
        fn enabled(&self, m: &log::Metadata<'_>) -> bool {
            m.level() <= log::Level::Warn && m.target().starts_with("zune")
        }
        fn log(&self, record: &log::Record<'_>) {
            if !self.enabled(record.metadata()) {
                return;
            }
            let _ = HEARD.try_with(|h| {
                if let Ok(mut h) = h.try_borrow_mut()
                    && let Some(v) = h.as_mut()
                    && v.len() < 16
                {
                    v.push(record.args().to_string());
                }
            });
        }
        fn flush(&self) {}
    }

    static LISTENER: Listener = Listener;

    /// Runs `f`, returning its value and the warnings heard meanwhile.
    pub(super) fn collect<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
        static INSTALL: std::sync::Once = std::sync::Once::new();
        INSTALL.call_once(|| {
            if log::set_logger(&LISTENER).is_ok() {
                log::set_max_level(log::LevelFilter::Warn);
            }
        });
        HEARD.with(|h| *h.borrow_mut() = Some(Vec::new()));
        let value = f();
        let heard = HEARD.with(|h| h.borrow_mut().take()).unwrap_or_default();
        (value, heard)
    }
}

/// The file a photo cell names, which must be inside `folder` (the import file's): a
/// relative path without `..`, whose real location (symbolic links followed) is inside the
/// folder. Nothing is opened; a path that leads out is refused with one message whether or
/// not a file is there.
pub fn resolve_inside(
    folder: &std::path::Path,
    cell: &str,
) -> std::result::Result<std::path::PathBuf, String> {
    use std::path::Component;
    let rel = std::path::Path::new(cell);
    let folder = if folder.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        folder
    };
    let outside = || {
        format!(
            "photos are read only from the import file's folder {}: give a file name (or a path below that folder) without \"..\", not an absolute path or a link that leads out of it",
            folder.display()
        )
    };
    if rel
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside());
    }
    let joined = folder.join(rel);
    let Ok(root) = std::fs::canonicalize(folder) else {
        return Ok(joined);
    };
    if let Ok(real) = std::fs::canonicalize(&joined) {
        return if real.starts_with(&root) {
            Ok(real)
        } else {
            Err(outside())
        };
    }
    // Not there: the nearest part of the path that is there must be inside too (a link to
    // a folder out of it, or a link that leads nowhere, is the same answer as out).
    let mut part = folder.to_path_buf();
    for c in rel.components() {
        part.push(c);
        let Ok(meta) = part.symlink_metadata() else {
            continue;
        };
        match std::fs::canonicalize(&part) {
            Ok(real) if real.starts_with(&root) => {}
            Ok(_) => return Err(outside()),
            Err(_) if meta.file_type().is_symlink() => return Err(outside()),
            Err(_) => {}
        }
    }
    Ok(joined)
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
