//! Just enough of JPEG to place a photo in a PDF without decoding it: the frame header.

/// What a PDF image dictionary needs to know about a JPEG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpegInfo {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// Colour components: 1 (grey), 3 (YCbCr/RGB) or 4 (CMYK).
    pub components: u8,
}

impl JpegInfo {
    /// Reads the first frame header (SOF0 to SOF15 except DHT, JPG and DAC); `None` when the
    /// bytes are not a JPEG the PDF DCTDecode filter can read (8-bit, 1/3/4 components).
    pub fn parse(bytes: &[u8]) -> Option<Self> {
        if bytes.get(..2)? != [0xFF, 0xD8] {
            return None;
        }
        let mut i = 2;
        loop {
            // Skip fill bytes before a marker.
            while *bytes.get(i)? == 0xFF && *bytes.get(i + 1)? == 0xFF {
                i += 1;
            }
            if *bytes.get(i)? != 0xFF {
                return None;
            }
            let marker = *bytes.get(i + 1)?;
            i += 2;
            if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
                continue;
            }
            let len = usize::from(u16::from_be_bytes([*bytes.get(i)?, *bytes.get(i + 1)?]));
            if len < 2 {
                return None;
            }
            let is_sof = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
            if is_sof {
                let seg = bytes.get(i + 2..i + len)?;
                let precision = *seg.first()?;
                let height = u32::from(u16::from_be_bytes([*seg.get(1)?, *seg.get(2)?]));
                let width = u32::from(u16::from_be_bytes([*seg.get(3)?, *seg.get(4)?]));
                let components = *seg.get(5)?;
                if precision != 8 || width == 0 || height == 0 || ![1, 3, 4].contains(&components) {
                    return None;
                }
                return Some(Self {
                    width,
                    height,
                    components,
                });
            }
            if marker == 0xDA || marker == 0xD9 {
                return None;
            }
            i += len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_frame_header_of_an_encoded_jpeg() {
        let img = image::RgbImage::from_pixel(30, 40, image::Rgb([200, 10, 10]));
        let mut out = Vec::new();
        img.write_with_encoder(image::codecs::jpeg::JpegEncoder::new(&mut out))
            .unwrap();
        assert_eq!(
            JpegInfo::parse(&out),
            Some(JpegInfo {
                width: 30,
                height: 40,
                components: 3
            })
        );
        assert_eq!(JpegInfo::parse(b"\x89PNG"), None);
        assert_eq!(JpegInfo::parse(&out[..20]), None);
    }
}
