//! A strict RFC 4180 reader that knows on which physical line every record starts.
//!
//! Unlike a lenient reader it refuses broken quoting (a quote inside an unquoted field, text
//! after a closing quote, a quote never closed), so that a damaged file is reported rather
//! than silently imported with shifted columns. Accepted: a UTF-8 byte-order mark, LF or CRLF
//! line ends, quoted commas, doubled quotes and line breaks, blanks around a quoted field.
//! Blank lines are skipped. Fields are returned as bytes; UTF-8 is checked by the caller, so
//! that a bad byte can be reported with its column.
//!
//! [`decode`] is the one place where a file's text encoding is decided (before reading):
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

/// One record: its fields and the physical lines it spans (1-based).
#[derive(Debug, Default)]
pub(crate) struct Record {
    /// Line on which the record starts.
    pub line: usize,
    /// Line on which it ends (greater than `line` when a quoted field holds a line break).
    pub last_line: usize,
    buf: Vec<u8>,
    ends: Vec<usize>,
}

impl Record {
    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i`, as bytes.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.buf.get(start..end)
    }

    /// The text read so far of the field after the last complete one (after a syntax
    /// error: the start of the field where it is).
    pub fn partial(&self) -> &[u8] {
        let start = self.ends.last().copied().unwrap_or(0);
        self.buf.get(start..).unwrap_or_default()
    }

    /// Whether every field is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.buf.iter().all(u8::is_ascii_whitespace)
    }

    /// Makes this the record of `fields` on `line` (for sources other than CSV text, such
    /// as a workbook's row).
    pub fn set<'f>(&mut self, line: usize, fields: impl IntoIterator<Item = &'f str>) {
        self.clear(line);
        for f in fields {
            self.buf.extend_from_slice(f.as_bytes());
            self.ends.push(self.buf.len());
        }
    }

    fn clear(&mut self, line: usize) {
        self.line = line;
        self.last_line = line;
        self.buf.clear();
        self.ends.clear();
    }
}

/// A quoting error. The reader resumes at the next line (or stops, for an unclosed quote).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// Line on which the record starts.
    pub line: usize,
    /// Line on which the record (as far as read) ends.
    pub last_line: usize,
    /// Index of the field where the problem is.
    pub field: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Reads records from a complete file in memory.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    line: usize,
    delim: u8,
}

impl<'a> Reader<'a> {
    /// A reader over the bytes of a comma-separated file (a leading UTF-8 BOM is skipped).
    #[cfg(test)]
    pub fn new(data: &'a [u8]) -> Self {
        Self::with_delimiter(data, b',')
    }

    /// A reader whose fields are separated by `delim` (`,` or tab).
    pub fn with_delimiter(data: &'a [u8], delim: u8) -> Self {
        let pos = if data.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        Self {
            data,
            pos,
            line: 1,
            delim,
        }
    }

    fn is_blank(&self, b: u8) -> bool {
        (b == b' ' || b == b'\t') && b != self.delim
    }

    /// How many bytes of the file have been read.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Reads the next non-blank record into `rec`. `None` at the end of the file.
    pub fn read(&mut self, rec: &mut Record) -> Option<Result<(), SyntaxError>> {
        loop {
            if self.pos >= self.data.len() {
                return None;
            }
            rec.clear(self.line);
            let result = self.read_record(rec);
            rec.last_line = self.line_of_record_end();
            match result {
                Ok(()) if rec.len() == 1 && rec.is_blank() => continue,
                Ok(()) => return Some(Ok(())),
                Err(e) => return Some(Err(e)),
            }
        }
    }

    /// The physical line of the last byte consumed (the line end belongs to its line).
    fn line_of_record_end(&self) -> usize {
        if self.pos > 0 && self.data.get(self.pos - 1) == Some(&b'\n') {
            self.line - 1
        } else {
            self.line
        }
    }

    fn read_record(&mut self, rec: &mut Record) -> Result<(), SyntaxError> {
        let d = self.data;
        loop {
            let field = rec.ends.len();
            // Blanks before an opening quote are allowed.
            let mut p = self.pos;
            while p < d.len() && self.is_blank(d[p]) {
                p += 1;
            }
            if p < d.len() && d[p] == b'"' {
                self.pos = p + 1;
                self.read_quoted(rec, field)?;
            } else {
                self.read_unquoted(rec, field)?;
            }
            rec.ends.push(rec.buf.len());
            match d.get(self.pos) {
                None => return Ok(()),
                Some(&b) if b == self.delim => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    self.line += 1;
                    return Ok(());
                }
                Some(b'\r') if d.get(self.pos + 1) == Some(&b'\n') => {
                    self.pos += 2;
                    self.line += 1;
                    return Ok(());
                }
                Some(_) => {
                    return Err(self.fail(
                        rec,
                        field,
                        "text after the closing quote; a quoted field ends at its closing quote \
                         (write a quote inside a quoted field as \"\")",
                    ));
                }
            }
        }
    }

    fn read_unquoted(&mut self, rec: &mut Record, field: usize) -> Result<(), SyntaxError> {
        let d = self.data;
        let start = self.pos;
        let mut p = start;
        while p < d.len() {
            match d[p] {
                b if b == self.delim || b == b'\n' => break,
                b'\r' if d.get(p + 1) == Some(&b'\n') => break,
                b'"' => {
                    // Keep what was read, so that the caller can name the field.
                    rec.buf.extend_from_slice(&d[start..p]);
                    self.pos = p;
                    return Err(self.fail(
                        rec,
                        field,
                        "a quote inside an unquoted field; put the whole field in double quotes and \
                         write the quote as \"\"",
                    ));
                }
                _ => p += 1,
            }
        }
        rec.buf.extend_from_slice(&d[start..p]);
        self.pos = p;
        Ok(())
    }

    fn read_quoted(&mut self, rec: &mut Record, field: usize) -> Result<(), SyntaxError> {
        let d = self.data;
        let opened = self.line;
        loop {
            let rest = &d[self.pos..];
            let Some(q) = rest.iter().position(|&b| b == b'"') else {
                let rest_lines = rest.iter().filter(|&&b| b == b'\n').count();
                self.pos = d.len();
                self.line += rest_lines;
                return Err(SyntaxError {
                    line: rec.line,
                    last_line: self.line_of_record_end(),
                    field,
                    message: format!(
                        "the quote opened on line {opened} is never closed; add the closing quote"
                    ),
                });
            };
            let chunk = &rest[..q];
            self.line += chunk.iter().filter(|&&b| b == b'\n').count();
            rec.buf.extend_from_slice(chunk);
            self.pos += q + 1;
            if d.get(self.pos) == Some(&b'"') {
                rec.buf.push(b'"');
                self.pos += 1;
                continue;
            }
            // Blanks after the closing quote are allowed.
            while self.pos < d.len() && self.is_blank(d[self.pos]) {
                self.pos += 1;
            }
            return Ok(());
        }
    }

    /// Builds an error and skips to the start of the next physical line.
    fn fail(&mut self, rec: &Record, field: usize, message: &str) -> SyntaxError {
        let err = SyntaxError {
            line: rec.line,
            last_line: self.line,
            field,
            message: message.into(),
        };
        let rest = &self.data[self.pos..];
        match rest.iter().position(|&b| b == b'\n') {
            Some(n) => {
                self.pos += n + 1;
                self.line += 1;
            }
            None => self.pos = self.data.len(),
        }
        err
    }
}

/// Where the planner takes its records from: CSV text ([`Reader`]) or a workbook's sheet.
pub(crate) trait Source {
    /// Reads the next non-blank record into `rec`; `None` at the end.
    fn read(&mut self, rec: &mut Record) -> Option<Result<(), SyntaxError>>;
    /// How far into the source the records read so far end (for progress).
    fn position(&self) -> usize;
}

impl Source for Reader<'_> {
    fn read(&mut self, rec: &mut Record) -> Option<Result<(), SyntaxError>> {
        Reader::read(self, rec)
    }
    fn position(&self) -> usize {
        Reader::position(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Parsed = Result<(usize, usize, Vec<String>), SyntaxError>;

    fn all(data: &[u8]) -> Vec<Parsed> {
        let mut r = Reader::new(data);
        let mut rec = Record::default();
        let mut out = Vec::new();
        while let Some(res) = r.read(&mut rec) {
            out.push(res.map(|()| {
                let f = (0..rec.len())
                    .map(|i| String::from_utf8_lossy(rec.get(i).unwrap_or_default()).into_owned())
                    .collect();
                (rec.line, rec.last_line, f)
            }));
        }
        out
    }

    fn ok(line: usize, last: usize, f: &[&str]) -> Parsed {
        Ok((line, last, f.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn bom_crlf_quotes_and_newlines() {
        let data = b"\xEF\xBB\xBFa,b\r\n\"x, \"\"y\"\"\",\"two\r\nlines\"\r\n\r\nlast,\n";
        assert_eq!(
            all(data),
            vec![
                ok(1, 1, &["a", "b"]),
                ok(2, 3, &["x, \"y\"", "two\r\nlines"]),
                ok(5, 5, &["last", ""]),
            ]
        );
    }

    #[test]
    fn no_final_newline_and_blanks_around_quotes() {
        assert_eq!(all(b"a, \"b\" ,c"), vec![ok(1, 1, &["a", "b", "c"])]);
    }

    #[test]
    fn broken_quoting_is_reported_and_reading_resumes() {
        let out = all(b"h1,h2\nab\"c,d\n\"x\"y,z\nok,1\n");
        assert_eq!(out.len(), 4);
        assert!(matches!(&out[1], Err(e) if e.line == 2 && e.field == 0 && e.message.contains("unquoted")));
        assert!(
            matches!(&out[2], Err(e) if e.line == 3 && e.field == 0 && e.message.contains("after the closing"))
        );
        assert_eq!(out[3], ok(4, 4, &["ok", "1"]));
    }

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

    #[test]
    fn unclosed_quote_names_its_line() {
        let out = all(b"h\n\"open\nmore\nstill\n");
        assert!(matches!(&out[1], Err(e) if e.line == 2 && e.last_line == 4 && e.message.contains("line 2")));
        assert_eq!(out.len(), 2);
    }
}
