//! A strict RFC 4180 reader that knows on which physical line every record starts.
//!
//! Unlike a lenient reader it refuses broken quoting (a quote inside an unquoted field, text
//! after a closing quote, a quote never closed), so that a damaged file is reported rather
//! than silently imported with shifted columns. Accepted: a UTF-8 byte-order mark, LF or CRLF
//! line ends, quoted commas, doubled quotes and line breaks, blanks around a quoted field.
//! Blank lines are skipped. Fields are returned as bytes; UTF-8 is checked by the caller, so
//! that a bad byte can be reported with its column. The text comes from
//! [`super::decode::decode`].

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
    fn unclosed_quote_names_its_line() {
        let out = all(b"h\n\"open\nmore\nstill\n");
        assert!(matches!(&out[1], Err(e) if e.line == 2 && e.last_line == 4 && e.message.contains("line 2")));
        assert_eq!(out.len(), 2);
    }
}
