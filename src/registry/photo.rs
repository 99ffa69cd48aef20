//! Photos: any common image in, a JPEG of at most 600 px on the long edge out.

use super::{RegistryError, Result};

/// Longest edge of a stored photo, in pixels.
pub const MAX_EDGE: u32 = 600;

/// Decodes an image (JPEG or PNG) and re-encodes it as a JPEG no larger than [`MAX_EDGE`].
pub fn normalize(bytes: &[u8]) -> Result<Vec<u8>> {
    let img = image::load_from_memory(bytes)
        .map_err(|e| RegistryError::Photo(format!("not a readable JPEG or PNG image ({e})")))?;
    let img = if img.width().max(img.height()) > MAX_EDGE {
        img.resize(MAX_EDGE, MAX_EDGE, image::imageops::FilterType::Triangle)
    } else {
        img
    };
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    rgb.write_with_encoder(enc)
        .map_err(|e| RegistryError::Photo(format!("cannot encode JPEG ({e})")))?;
    Ok(out)
}

/// Reads and normalises a photo file.
pub fn load(path: &std::path::Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(|source| RegistryError::Io {
        action: "cannot read the photo",
        source,
        path: path.display().to_string(),
    })?;
    normalize(&bytes)
}
