//! The one place where an import file's text encoding is decided (before reading):
//! UTF-8 (with or without BOM); UTF-16 with a BOM (what Excel's "Unicode Text" writes), or
//! without one when its zero bytes say so; else, for a file that is not valid UTF-8 but valid
//! Windows-1252 (Excel's "CSV" on Western-European Windows), Windows-1252, with a warning. A
//! file whose first line has tabs and no comma is read as tab-separated (Excel's "Unicode
//! Text" is).

/// The text encoding an import file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (the expected encoding).
    #[default]
    Utf8,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252 (the file was not valid UTF-8).
    Windows1252,
}

impl Encoding {
    /// The encoding's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
            Self::Windows1252 => "Windows-1252",
        }
    }

    /// What to tell the user about a file read in this encoding (`None` for UTF-8).
    pub fn warning(self) -> Option<String> {
        match self {
            Self::Utf8 => None,
            Self::Utf16Le | Self::Utf16Be => Some(format!(
                "the file is {} (Excel's \"Unicode Text\"), not UTF-8; it was read as {}",
                self.name(),
                self.name()
            )),
            Self::Windows1252 => Some(
                "the file is not UTF-8; it was read as Windows-1252 (what Excel's \"CSV (Comma \
                 delimited)\" writes on Western-European Windows): check accented names, or save \
                 the file as \"CSV UTF-8\" to be sure"
                    .into(),
            ),
        }
    }
}

/// A file's text, decoded to UTF-8.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text as UTF-8 (or, for a file that is neither UTF-8 nor Windows-1252, its bytes as
    /// they are, so that the bad bytes are reported per field).
    pub text: Vec<u8>,
    /// What it was read as.
    pub encoding: Encoding,
    /// The field separator: `,`, or tab for a tab-separated file.
    pub delimiter: u8,
}

/// Decodes a file's bytes (see the module documentation). An error says what is wrong and
/// what to do; the file is then not read at all.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<Decoded, String> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (
            utf16(rest, u16::from_le_bytes, Encoding::Utf16Le)?,
            Encoding::Utf16Le,
        )
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (
            utf16(rest, u16::from_be_bytes, Encoding::Utf16Be)?,
            Encoding::Utf16Be,
        )
    } else if let Some(enc) = utf16_without_bom(&bytes) {
        let f = if enc == Encoding::Utf16Le {
            u16::from_le_bytes
        } else {
            u16::from_be_bytes
        };
        (utf16(&bytes, f, enc)?, enc)
    } else if std::str::from_utf8(&bytes).is_ok() {
        let mut bytes = bytes;
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        (bytes, Encoding::Utf8)
    } else if let Some(text) = windows_1252(&bytes) {
        (text.into_bytes(), Encoding::Windows1252)
    } else {
        (bytes, Encoding::Utf8)
    };
    let first_line = text.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b'\t') && !first_line.contains(&b',') {
        b'\t'
    } else {
        b','
    };
    Ok(Decoded {
        text,
        encoding,
        delimiter,
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, enc: Encoding) -> Result<Vec<u8>, String> {
    let units = bytes.chunks(2).map(|c| match c {
        [a, b] => unit([*a, *b]),
        _ => 0xFFFF,
    });
    let mut out = String::with_capacity(bytes.len());
    let mut line = 1;
    for (i, c) in char::decode_utf16(units).enumerate() {
        match c {
            Ok('\u{FFFF}') if bytes.len() % 2 == 1 && i * 2 + 1 == bytes.len() => {
                return Err(format!(
                    "the file is {} but ends in the middle of a character (an odd number of bytes); \
                     save it again, or as \"CSV UTF-8\"",
                    enc.name()
                ));
            }
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                }
                out.push(c);
            }
            Err(_) => {
                return Err(format!(
                    "the file is {} but is not valid {} on line {line} (a lone surrogate); save it \
                     again, or as \"CSV UTF-8\"",
                    enc.name(),
                    enc.name()
                ));
            }
        }
    }
    Ok(out.into_bytes())
}

/// UTF-16 without a byte-order mark, recognised by its zero bytes: in the first 256 bytes,
/// every other byte is zero (text in Latin script) and the others are not.
fn utf16_without_bom(bytes: &[u8]) -> Option<Encoding> {
    let head = bytes.get(..bytes.len().min(256))?;
    if head.len() < 8 {
        return None;
    }
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = head.len() / 2;
    let (even, odd) = (zeros(0), zeros(1));
    if odd * 10 >= half * 9 && even == 0 {
        Some(Encoding::Utf16Le)
    } else if even * 10 >= half * 9 && odd == 0 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Windows-1252 characters for bytes 0x80-0x9F (`None`: not defined).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

/// The text of `bytes` as Windows-1252, or `None` when a byte is not defined in it.
fn windows_1252(bytes: &[u8]) -> Option<String> {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
    for &b in bytes {
        let c = match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)]?,
            _ => char::from(b),
        };
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv_io::reader::{Reader, Record};

    #[test]
    fn utf16_windows_1252_and_tabs_are_decoded() {
        let text = "family_name\tdelegation\r\nM\u{fc}ller\tAT\r\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let d = decode(le).unwrap();
        assert_eq!((d.encoding, d.delimiter), (Encoding::Utf16Le, b'\t'));
        let mut r = Reader::with_delimiter(&d.text, d.delimiter);
        let mut rec = Record::default();
        r.read(&mut rec).unwrap().unwrap();
        r.read(&mut rec).unwrap().unwrap();
        assert_eq!(rec.get(0), Some("M\u{fc}ller".as_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(be).unwrap().text, text.as_bytes());
        let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(no_bom).unwrap().encoding, Encoding::Utf16Le);
        let cp = b"family_name,delegation\nM\xFCller \x80,AT\n".to_vec();
        let d = decode(cp).unwrap();
        assert_eq!(d.encoding, Encoding::Windows1252);
        assert_eq!(
            d.text,
            "family_name,delegation\nM\u{fc}ller \u{20ac},AT\n".as_bytes()
        );
        // 0x81 is not Windows-1252: left for the per-field UTF-8 errors.
        assert_eq!(decode(b"a\x81".to_vec()).unwrap().encoding, Encoding::Utf8);
        let mut odd = vec![0xFF, 0xFE, b'a', 0, b'b'];
        assert!(decode(std::mem::take(&mut odd)).unwrap_err().contains("UTF-16"));
    }
}
