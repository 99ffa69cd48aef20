//! The event's emblem or logo: a PNG or JPEG stored in the database, checked by decoding it
//! completely, drawn wherever the badge template shows it. In a PDF it is one image object
//! drawn on every badge (a JPEG passed through as it is, a PNG as its pixels with an alpha
//! mask when it has transparency).

use std::sync::Arc;

use super::jpeg::JpegInfo;

/// The largest emblem file accepted.
pub const MAX_EMBLEM_BYTES: usize = 2 * 1024 * 1024;
/// The largest emblem side accepted, in pixels.
pub const MAX_EMBLEM_PX: u32 = 4000;

/// The file format of an emblem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmblemFormat {
    /// PNG (drawn from its decoded pixels).
    Png,
    /// JPEG (its bytes placed as they are).
    Jpeg,
}

/// Why a file cannot be the emblem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmblemError {
    /// Too large a file.
    #[error("the file is {0} bytes; an emblem may be at most 2 MB (save it smaller)")]
    TooLarge(usize),
    /// Neither PNG nor JPEG.
    #[error("not a PNG or JPEG file")]
    NotAnImage,
    /// Decoding failed.
    #[error("cannot be decoded ({0}); save it again as PNG or JPEG")]
    Broken(String),
    /// Too many pixels.
    #[error("{0} x {1} pixels; an emblem may be at most 4000 pixels on a side")]
    TooManyPixels(u32, u32),
}

/// A decoded, checked emblem.
#[derive(Debug, Clone, PartialEq)]
pub struct Emblem {
    /// The file as stored.
    pub bytes: Arc<[u8]>,
    /// Its format.
    pub format: EmblemFormat,
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// The pixels (sRGB with alpha).
    pub rgba: Arc<image::RgbaImage>,
}

impl Emblem {
    /// Checks a file: at most [`MAX_EMBLEM_BYTES`], PNG or JPEG (a JPEG must be one a PDF can
    /// show: 8 bits, grey, RGB or CMYK), decoded completely, at most [`MAX_EMBLEM_PX`] a side.
    pub fn decode(bytes: &[u8]) -> Result<Self, EmblemError> {
        if bytes.len() > MAX_EMBLEM_BYTES {
            return Err(EmblemError::TooLarge(bytes.len()));
        }
        let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            EmblemFormat::Png
        } else if bytes.starts_with(&[0xFF, 0xD8]) {
            if JpegInfo::parse(bytes).is_none() {
                return Err(EmblemError::Broken("not a baseline 8-bit JPEG".into()));
            }
            EmblemFormat::Jpeg
        } else {
            return Err(EmblemError::NotAnImage);
        };
        let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes));
        reader.set_format(match format {
            EmblemFormat::Png => image::ImageFormat::Png,
            EmblemFormat::Jpeg => image::ImageFormat::Jpeg,
        });
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(MAX_EMBLEM_PX);
        limits.max_image_height = Some(MAX_EMBLEM_PX);
        limits.max_alloc = Some(256 * 1024 * 1024);
        reader.limits(limits);
        let (w, h) = reader.into_dimensions().map_err(|e| size_or_broken(e, bytes))?;
        if w > MAX_EMBLEM_PX || h > MAX_EMBLEM_PX {
            return Err(EmblemError::TooManyPixels(w, h));
        }
        let img = image::load_from_memory_with_format(
            bytes,
            match format {
                EmblemFormat::Png => image::ImageFormat::Png,
                EmblemFormat::Jpeg => image::ImageFormat::Jpeg,
            },
        )
        .map_err(|e| EmblemError::Broken(e.to_string()))?;
        let rgba = img.to_rgba8();
        Ok(Self {
            bytes: Arc::from(bytes),
            format,
            width: rgba.width(),
            height: rgba.height(),
            rgba: Arc::new(rgba),
        })
    }

    /// Whether some pixel is not fully opaque.
    pub fn has_alpha(&self) -> bool {
        self.rgba.pixels().any(|p| p.0[3] < 255)
    }
}

fn size_or_broken(e: image::ImageError, _bytes: &[u8]) -> EmblemError {
    match e {
        image::ImageError::Limits(_) => EmblemError::Broken(format!("{e}; at most 4000 pixels on a side")),
        e => EmblemError::Broken(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, alpha: u8) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 30, 30, alpha]));
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn checks_and_decodes_completely() {
        let e = Emblem::decode(&png(40, 20, 255)).unwrap();
        assert_eq!((e.width, e.height, e.format), (40, 20, EmblemFormat::Png));
        assert!(!e.has_alpha());
        assert!(Emblem::decode(&png(4, 4, 10)).unwrap().has_alpha());
        let full = png(40, 20, 255);
        // A truncated file has a valid header but no complete image.
        assert!(matches!(
            Emblem::decode(&full[..full.len() - 20]),
            Err(EmblemError::Broken(_))
        ));
        assert_eq!(Emblem::decode(b"GIF89a"), Err(EmblemError::NotAnImage));
        assert!(matches!(
            Emblem::decode(&vec![0u8; MAX_EMBLEM_BYTES + 1]),
            Err(EmblemError::TooLarge(_))
        ));
        assert!(Emblem::decode(&png(4001, 1, 255)).is_err());
    }
}
