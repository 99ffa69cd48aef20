//! The extent of an `.xls` (Excel 97-2003, BIFF) workbook's sheets, read from the file before
//! calamine builds them: calamine reserves rows x columns for a sheet's DIMENSIONS record and
//! fills a dense grid from its first to its last cell, so one cell at `IV65536` (or a record
//! claiming four billion rows) would allocate gigabytes.
//!
//! The file is an OLE compound file: its `Workbook` stream is found through the file
//! allocation table (or the mini stream when small), then its records are walked. The file
//! itself is at most 32 MiB (the import file limit), so the stream is read into memory.

use std::path::Path;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;

fn bad(detail: &str) -> String {
    format!(
        "cannot read the workbook (not a valid Excel 97-2003 file: {detail}); save it from the \
         spreadsheet as .xlsx, .ods or CSV"
    )
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Checks each worksheet's extent (from its DIMENSIONS record and from its cells) against
/// `max_cells` (rows x columns, all sheets together) and `max_rows`.
pub(super) fn check(path: &Path, max_cells: u64, max_rows: u64) -> Result<(), String> {
    let file = crate::registry::photo::read_regular(path, super::MAX_FILE_BYTES, "workbook")
        .map_err(|e| format!("cannot read the workbook ({e})"))?;
    let stream = workbook_stream(&file)?;
    let mut total = 0u64;
    let mut sheet = 0usize;
    let mut ext = Box::new(SheetExtent::default());
    let mut at = 0usize;
    let mut depth = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(&stream, at), u16_at(&stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + len as usize).unwrap_or_default();
        at += 4 + len as usize;
        match typ {
            0x0809 => {
                depth += 1;
                if depth == 1 {
                    ext = Box::default();
                }
            }
            0x000A => {
                if depth == 1 && ext.seen {
                    sheet += 1;
                    let (rows, cells) = ext.size();
                    total = total.saturating_add(cells);
                    if rows > max_rows || total > max_cells {
                        return Err(format!(
                            "sheet {sheet} reaches row {} and column {}: {cells} cells, more than \
                             {max_cells} (or more than {max_rows} rows) for an .xls file; clear the \
                             cells outside the table, or save it as .xlsx or CSV",
                            ext.rows.1.saturating_add(1),
                            super::excel::column_letters(ext.cols.1.min(1 << 20) as usize),
                        ));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            0x0200 if depth == 1 => {
                // DIMENSIONS: first row, last row + 1, first column, last column + 1.
                let (rf, rl, cf, cl) = if data.len() >= 14 {
                    (
                        u32_at(data, 0),
                        u32_at(data, 4),
                        u16_at(data, 8),
                        u16_at(data, 10),
                    )
                } else {
                    (
                        u16_at(data, 0).map(u32::from),
                        u16_at(data, 2).map(u32::from),
                        u16_at(data, 4),
                        u16_at(data, 6),
                    )
                };
                if let (Some(rf), Some(rl), Some(cf), Some(cl)) = (rf, rl, cf, cl) {
                    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                    ext.add(u64::from(rf), u64::from(cf));
                    ext.add(u64::from(rl.saturating_sub(1)), u64::from(cl.saturating_sub(1)));
                }
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if depth == 1 => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    ext.add(u64::from(r), u64::from(c));
                }
            }
            0x00BD if depth == 1 => {
                // MULRK: row, first column, ..., last column.
                if let (Some(r), Some(c), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|p| u16_at(data, p)),
                ) {
                    ext.add(u64::from(r), u64::from(c));
                    ext.add(u64::from(r), u64::from(last));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[derive(Default)]
struct SheetExtent {
    seen: bool,
    rows: (u64, u64),
    cols: (u64, u64),
}

impl SheetExtent {
    fn add(&mut self, r: u64, c: u64) {
        if self.seen {
            self.rows = (self.rows.0.min(r), self.rows.1.max(r));
            self.cols = (self.cols.0.min(c), self.cols.1.max(c));
        } else {
            self.seen = true;
            self.rows = (r, r);
            self.cols = (c, c);
        }
    }

    /// Rows, and rows x columns.
    fn size(&self) -> (u64, u64) {
        let rows = self.rows.1 - self.rows.0 + 1;
        (rows, rows.saturating_mul(self.cols.1 - self.cols.0 + 1))
    }
}

/// The bytes of the `Workbook` (or BIFF5 `Book`) stream of a compound file.
fn workbook_stream(file: &[u8]) -> Result<Vec<u8>, String> {
    if !file.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Err(bad("no compound file header"));
    }
    let head = |at| u32_at(file, at).ok_or_else(|| bad("short header"));
    let shift = u16_at(file, 0x1E).ok_or_else(|| bad("short header"))?;
    let mini_shift = u16_at(file, 0x20).ok_or_else(|| bad("short header"))?;
    if !(7..=16).contains(&shift) || mini_shift >= shift {
        return Err(bad("sector size"));
    }
    let size = 1usize << shift;
    let sectors = file.len() / size;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        file.get(start..start + size)
    };
    // The file allocation table: its sectors listed in the header, then in DIFAT sectors.
    let mut fat_ids: Vec<u32> = (0..109).filter_map(|i| u32_at(file, 0x4C + 4 * i)).collect();
    let mut difat = head(0x44)?;
    let mut hops = 0;
    while difat != END_OF_CHAIN && difat != FREE && hops <= sectors {
        let s = sector(difat).ok_or_else(|| bad("DIFAT"))?;
        fat_ids.extend((0..size / 4 - 1).filter_map(|i| u32_at(s, 4 * i)));
        difat = u32_at(s, size - 4).unwrap_or(END_OF_CHAIN);
        hops += 1;
    }
    let mut fat = Vec::new();
    for id in fat_ids.into_iter().filter(|&id| id != FREE && id != END_OF_CHAIN) {
        if let Some(s) = sector(id) {
            fat.extend((0..size / 4).filter_map(|i| u32_at(s, 4 * i)));
        }
        if fat.len() > sectors + size {
            break;
        }
    }
    let chain = |start: u32, table: &[u32]| -> Vec<u32> {
        let mut ids = Vec::new();
        let mut id = start;
        while (id as usize) < table.len() && ids.len() <= table.len() {
            ids.push(id);
            id = table[id as usize];
        }
        ids
    };
    let read = |start: u32| -> Vec<u8> {
        chain(start, &fat)
            .into_iter()
            .filter_map(sector)
            .flatten()
            .copied()
            .collect()
    };
    let dir = read(head(0x30)?);
    let mut root = None;
    let mut book = None;
    for entry in dir.chunks_exact(128) {
        let name_len = (u16_at(entry, 0x40).unwrap_or(0) as usize).min(64);
        let name: String = char::decode_utf16(
            entry[..name_len.saturating_sub(2)]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]])),
        )
        .map(|c| c.unwrap_or('?'))
        .collect();
        let start = u32_at(entry, 0x74).unwrap_or(END_OF_CHAIN);
        let len = u32_at(entry, 0x78).unwrap_or(0) as usize;
        match (entry[0x42], name.as_str()) {
            (5, _) => root = Some((start, len)),
            (2, "Workbook") => book = Some((start, len)),
            (2, "Book") if book.is_none() => book = Some((start, len)),
            _ => {}
        }
    }
    let (start, len) = book.ok_or_else(|| bad("no Workbook stream"))?;
    let cutoff = head(0x38)? as usize;
    let mut bytes = if len < cutoff {
        let (root_start, _) = root.ok_or_else(|| bad("no root entry"))?;
        let ministream = read(root_start);
        let minifat: Vec<u32> = read(head(0x3C)?)
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let mini = 1usize << mini_shift;
        chain(start, &minifat)
            .into_iter()
            .filter_map(|id| ministream.get(id as usize * mini..(id as usize + 1) * mini))
            .flatten()
            .copied()
            .collect()
    } else {
        read(start)
    };
    bytes.truncate(len);
    Ok(bytes)
}
