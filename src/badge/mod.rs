//! Badges: the badge template, part of the event ([`template`], checked as a whole by
//! [`template_check`]), the millimetre geometry shared by the PDF and the GUI preview
//! ([`layout`]), the formats ([`format`](mod@format)), the event's emblem ([`emblem`]), the bundled fonts
//! ([`fonts`]), the QR code ([`qr`]), PDF drawing ([`pdf`], [`sheets`]), batch printing
//! ([`print`](fn@print)) and the list of participants ([`participants`]).
//!
//! Printing is all or nothing: the PDF goes to a temporary file in the output folder and is
//! synced; the badges are marked printed in an open transaction, the file is renamed into
//! place, and only then is the transaction committed. Any failure, or a cancel through
//! [`Progress::cancelled`], marks nothing, leaves no new file and keeps a PDF that was
//! already at the output path (see [`print`](fn@print)).
//!
//! (Longer than most files: the selection, the preview and the all-or-nothing print sequence
//! share their helpers and read best together.)

/// The event's emblem (stored and checked by the registry).
pub use crate::registry::emblem;
pub mod event_save;
pub mod fonts;
/// JPEG headers (the registry checks photos and emblems with them).
pub use crate::registry::jpeg;
/// The badge formats (part of the template, in the registry).
pub use crate::registry::template::format;
pub mod layout;
pub mod output;
pub mod participants;
pub mod pdf;
pub mod qr;
pub mod sheets;
/// The badge template, part of the event (in the registry).
pub use crate::registry::template;
pub mod template_check;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use emblem::Emblem;
pub use layout::{BadgeLayout, Field, Item, Layout, Reason, Sides, badge_layout, badge_sides};

use crate::io_error::IoError;
use crate::progress::Progress;
use crate::registry::{Delegate, Delegation, NameOrder, Status};
use crate::{Registry, RegistryError};
use fonts::Fonts;

/// Errors of badge printing.
#[derive(Debug, thiserror::Error)]
pub enum BadgeError {
    /// The registry failed (including a door copy without signing key).
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// A file could not be read or written (what, why, which file).
    #[error(transparent)]
    Io(#[from] crate::io_error::IoError),
    /// The pass does not fit a QR code on this badge.
    #[error("QR code: {0}")]
    Qr(String),
    /// The PDF could not be produced.
    #[error("PDF: {0}")]
    Pdf(String),
    /// The CSV could not be written.
    #[error("CSV: {0}")]
    Csv(String),
    /// The user cancelled; nothing was written or marked.
    #[error("printing cancelled: no file written, no badge marked printed")]
    Cancelled,
    /// An explicitly chosen delegate may not get a badge.
    #[error("delegate {id} ({name}) is {status}: only accredited delegates get badges")]
    NotAccredited {
        /// The delegate's id.
        id: i64,
        /// "Title Given FAMILY".
        name: String,
        /// The status.
        status: &'static str,
    },
    /// A delegation code that does not exist.
    #[error("unknown delegation {0:?}; see `accredit registry list`")]
    UnknownDelegation(String),
    /// The event requires security vetting and the delegate is not cleared.
    #[error(
        "delegate {id} ({name}) is not cleared by the security vetting ({state}): while the event \
         requires vetting, a badge prints only when cleared (`accredit vetting export`, then `vetting import`)"
    )]
    NotCleared {
        /// The delegate's id.
        id: i64,
        /// "Title Given FAMILY".
        name: String,
        /// The vetting state in words.
        state: &'static str,
    },
}

/// Which badges to print.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Selection {
    /// Accredited delegates whose current badge version has not been printed (the default).
    #[default]
    Unprinted,
    /// The current badge of every accredited delegate.
    All,
    /// These delegates (ids), in this order; each must be accredited. Printed again even if
    /// already printed (the desk's "print this badge").
    Ids(Vec<i64>),
    /// Accredited delegates of these delegations (codes, any case); with `include_printed`
    /// false only those not printed yet.
    Delegations {
        /// Delegation codes.
        codes: Vec<String>,
        /// Also badges already printed.
        include_printed: bool,
    },
}

/// A print run: format and selection.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrintJob {
    /// The badge format.
    pub layout: Layout,
    /// Which delegates.
    pub selection: Selection,
}

/// A string left off a badge or shortened: characters no bundled font has, or no room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlyphWarning {
    /// The delegate's id.
    pub delegate_id: i64,
    /// The delegate's "Title Given FAMILY".
    pub delegate: String,
    /// Which line of the badge.
    pub field: Field,
    /// The string as stored.
    pub text: String,
    /// The characters no bundled font has, each once (empty for [`Reason::NoRoom`]).
    pub missing: Vec<char>,
    /// Whether the line is left off the badge (otherwise printed without those characters).
    pub left_off: bool,
    /// Why.
    pub reason: Reason,
}

impl GlyphWarning {
    fn new(d: &Delegate, u: layout::Unprintable) -> Self {
        Self {
            delegate_id: d.id,
            delegate: d.display_name(),
            field: u.field,
            text: u.text,
            missing: u.missing,
            left_off: u.left_off,
            reason: u.reason,
        }
    }
}

impl std::fmt::Display for GlyphWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let u = layout::Unprintable {
            field: self.field,
            text: self.text.clone(),
            missing: self.missing.clone(),
            left_off: self.left_off,
            reason: self.reason,
        };
        write!(f, "delegate {} {}: {u}", self.delegate_id, self.delegate)
    }
}

/// What a print run did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrintReport {
    /// The PDF written (`None` when there was nothing to print).
    pub path: Option<PathBuf>,
    /// `(delegate id, badge version)` printed, in print order; now marked printed.
    pub printed: Vec<(i64, u32)>,
    /// Pages in the PDF.
    pub pages: usize,
    /// Size of the PDF in bytes.
    pub bytes: u64,
    /// Lines left off or shortened for missing glyphs or for want of room.
    pub warnings: Vec<GlyphWarning>,
}

/// Checks every string the badges of these delegates print against the bundled fonts (the
/// same check as printing, [`layout::check_glyphs`]). Lines left off for want of room show
/// only when laying out ([`print`](fn@print), [`preview`]). Loads no photo.
pub fn glyph_warnings(reg: &Registry, ids: &[i64]) -> Result<Vec<GlyphWarning>, BadgeError> {
    let event = reg.event()?;
    let fonts = Fonts::get();
    let delegations = delegations_by_code(reg)?;
    // Every delegate in one query (a print run of thousands asks once, not once per badge).
    let found: std::collections::HashMap<i64, Delegate> =
        crate::registry::delegates::many_without_photo(reg.conn(), ids)?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
    let mut out = Vec::new();
    for &id in ids {
        let d = found
            .get(&id)
            .cloned()
            .map_or_else(|| delegate_without_photo(reg, id), Ok)?;
        let problems = layout::glyph_problems(&event, &d, delegations.get(&d.delegation), fonts);
        out.extend(problems.into_iter().map(|u| GlyphWarning::new(&d, u)));
    }
    Ok(out)
}

/// Every delegation by code.
fn delegations_by_code(reg: &Registry) -> Result<std::collections::HashMap<String, Delegation>, BadgeError> {
    Ok(reg
        .delegations(NameOrder::En)?
        .into_iter()
        .map(|d| (d.code.clone(), d))
        .collect())
}

/// One delegate without the photo (one query); an unknown id is the registry's "not found".
fn delegate_without_photo(reg: &Registry, id: i64) -> Result<Delegate, BadgeError> {
    crate::registry::delegates::get_without_photo(reg.conn(), id)?.ok_or_else(|| {
        RegistryError::NotFound {
            what: "delegate with id",
            reference: id.to_string(),
        }
        .into()
    })
}

/// The layout of one delegate's current badge, as it would print (for the GUI preview):
/// loads the delegate with photo and delegation and signs the current pass (desk only).
pub fn preview(reg: &Registry, id: i64, kind: Layout) -> Result<BadgeLayout, BadgeError> {
    Ok(preview_sides(reg, id, kind)?.front)
}

/// Both sides of one delegate's current badge, with the event's emblem, as it would print.
pub fn preview_sides(reg: &Registry, id: i64, kind: Layout) -> Result<Sides, BadgeError> {
    let d = reg.delegate(id)?;
    let event = reg.event()?;
    let delegation = reg.delegation(&d.delegation)?;
    let payload = crate::pass::issue(reg, &d)?;
    let emblem = reg.emblem()?;
    badge_sides(
        &event,
        &d,
        delegation.as_ref(),
        &payload,
        kind,
        Fonts::get(),
        emblem.as_ref(),
    )
}

/// The delegates a job prints, in print order: delegations in protocol order (English), then
/// family and given name; explicit ids in the order given. Photos are not loaded.
pub fn selected(reg: &Registry, selection: &Selection) -> Result<Vec<Delegate>, BadgeError> {
    let vetting = crate::registry::vetting::required(reg.conn())?;
    let cleared = |d: &Delegate| !vetting || d.vetting == "cleared";
    if let Selection::Ids(ids) = selection {
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            let d = delegate_without_photo(reg, id)?;
            if d.status != Status::Accredited {
                return Err(BadgeError::NotAccredited {
                    id,
                    name: d.display_name(),
                    status: d.status.as_str(),
                });
            }
            if !cleared(&d) {
                return Err(BadgeError::NotCleared {
                    id,
                    name: d.display_name(),
                    state: crate::registry::vetting::State::of(&d.vetting).label(),
                });
            }
            out.push(d);
        }
        return Ok(out);
    }
    let (codes, include_printed) = match selection {
        Selection::Unprinted => (Vec::new(), false),
        Selection::All => (Vec::new(), true),
        Selection::Delegations {
            codes,
            include_printed,
        } => (codes.clone(), *include_printed),
        Selection::Ids(_) => (Vec::new(), false),
    };
    let mut wanted = Vec::new();
    for c in &codes {
        match reg.delegation(c)? {
            Some(d) => wanted.push(d.code),
            None => return Err(BadgeError::UnknownDelegation(c.clone())),
        }
    }
    let rank: std::collections::HashMap<String, usize> = reg
        .delegations(NameOrder::En)?
        .into_iter()
        .enumerate()
        .map(|(i, d)| (d.code, i))
        .collect();
    let mut all: Vec<Delegate> = reg
        .delegates()?
        .into_iter()
        .filter(|d| d.status == Status::Accredited)
        .filter(|d| cleared(d))
        .filter(|d| include_printed || !d.is_printed())
        .filter(|d| wanted.is_empty() || wanted.contains(&d.delegation))
        .collect();
    all.sort_by_cached_key(|d| {
        (
            rank.get(&d.delegation).copied().unwrap_or(usize::MAX),
            crate::text::fold(&d.family_name),
            crate::text::fold(&d.given_name),
            d.id,
        )
    });
    Ok(all)
}

/// Prints the badges of `job` to the PDF `out` and marks them printed.
///
/// Refuses on a door copy (no signing key). Writes the PDF to a temporary file in the same
/// folder and syncs it; then, in this order: marks the badges printed inside an open
/// transaction, keeps the file already at `out` (if any) under a second name in the folder
/// (a hard link, or a copy where links are not supported), renames the new PDF to `out`,
/// commits. An existing `out` is replaced, as the CLI promises, but never lost:
/// - marking fails: rolled back, `out` untouched;
/// - the rename fails: rolled back, `out` untouched;
/// - the commit fails: the previous file is put back at `out` (or, if there was none, the
///   new file is removed), so no PDF looks printed while its badges are not marked.
///
/// On any error or cancel, nothing is marked and no temporary file is left. With nothing to
/// print, writes no file and returns a report with `path: None`.
pub fn print(
    reg: &mut Registry,
    job: &PrintJob,
    out: &Path,
    progress: &dyn Progress,
) -> Result<PrintReport, BadgeError> {
    // The event key, or at a desk copy its certified station key (version 2 passes); a door
    // copy has neither.
    let signer = crate::pass::desk::PassSigner::of(reg)?;
    let event = reg.event()?;
    let delegates = selected(reg, &job.selection)?;
    let total = delegates.len();
    progress.set(0, total);
    if total == 0 {
        return Ok(PrintReport::default());
    }
    let display = out.display().to_string();
    let io = |action: &'static str, path: &str| {
        let path = path.to_string();
        move |error| BadgeError::from(IoError { action, error, path })
    };
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    crate::output_guard::check(out).map_err(io(crate::output_guard::ACTION, &display))?;
    // Fail before the work if the folder cannot take the file.
    // Private (0600), removed on SIGINT/SIGTERM and, after a SIGKILL, by the next run.
    let mut tmp = crate::atomic_file::private_temp(&dir, "badges-").map_err(io(
        "cannot create a file in the output folder",
        &dir.display().to_string(),
    ))?;

    let fonts = Fonts::get();
    let delegations = delegations_by_code(reg)?;
    let emblem = reg.emblem()?;
    let mut sheets = pdf::BadgeSheets::new(&event.title, job.layout).with_emblem(emblem.as_ref());
    let mut report = PrintReport::default();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut delegates = delegates;
    let mut done = 0;
    // Chunks bound memory (photos are loaded per chunk) and let a cancel stop promptly;
    // within a chunk, signing and layout (QR encoding dominates) run on every core.
    for chunk in delegates.chunks_mut(CHUNK) {
        if progress.cancelled() {
            return Err(BadgeError::Cancelled);
        }
        for d in chunk.iter_mut() {
            d.photo = crate::registry::delegates::photo(reg.conn(), d.id)?;
        }
        let lay_out = |d: &Delegate| -> Result<(Sides, u32), BadgeError> {
            let claims = crate::pass::claims_for(&event, d);
            let payload = signer.sign(&claims).map_err(|e| RegistryError::Invalid {
                field: format!("delegate {} pass", d.id),
                message: e.to_string(),
            })?;
            let sides = badge_sides(
                &event,
                d,
                delegations.get(&d.delegation),
                &payload,
                job.layout,
                fonts,
                emblem.as_ref(),
            )?;
            Ok((sides, claims.version))
        };
        let laid = parallel_map(chunk, threads, &lay_out);
        for (d, r) in chunk.iter_mut().zip(laid) {
            let (sides, version) = r?;
            report.warnings.extend(
                sides
                    .front
                    .unprintable
                    .iter()
                    .map(|u| GlyphWarning::new(d, u.clone())),
            );
            sheets.add_sides(&sides.front, sides.back.as_ref());
            report.printed.push((d.id, version));
            d.photo = None;
        }
        done += chunk.len();
        progress.set(done, total);
    }
    report.pages = sheets.page_count();
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        sheets.write(&mut w)?;
        w.flush().map_err(io("cannot write the PDF", &display))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(io("cannot write the PDF", &display))?;
    if progress.cancelled() {
        return Err(BadgeError::Cancelled);
    }
    report.bytes = tmp.as_file().metadata().map(|m| m.len()).unwrap_or(0);

    // Mark, inside a transaction that commits only once the file is in place.
    let operator = reg.operator().to_string();
    let tx = reg
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(RegistryError::from)?;
    crate::registry::delegates::mark_printed(&tx, &operator, &report.printed)?;
    // The file being replaced, kept until the commit (deleted when `previous` drops).
    let previous = keep_previous(out, &dir)?;
    // On error `tx` drops here: rolled back; `previous` drops: `out` was never touched.
    tmp.persist(out).map_err(|e| IoError {
        action: "cannot move the finished PDF into place",
        error: e,
        path: display.clone(),
    })?;
    crate::atomic_file::sync_folder(&dir);
    if let Err(e) = tx.commit() {
        // Nothing was marked: put back what was there, leave no file that looks printed.
        match previous {
            Some(prev) => {
                let _ = prev.persist(out);
            }
            None => {
                let _ = std::fs::remove_file(out);
            }
        }
        crate::atomic_file::sync_folder(&dir);
        return Err(RegistryError::from(e).into());
    }
    drop(previous);
    report.path = Some(out.to_path_buf());
    Ok(report)
}

/// A second name in `dir` for the file at `out`, if there is one (not for a folder): a hard
/// link, or a copy where the file system has none. Deleted when dropped unless persisted
/// back to `out`.
fn keep_previous(out: &Path, dir: &Path) -> Result<Option<tempfile::NamedTempFile<()>>, BadgeError> {
    match std::fs::symlink_metadata(out) {
        Ok(m) if !m.is_dir() => {}
        _ => return Ok(None),
    }
    tempfile::Builder::new()
        .prefix(".accredit-badges-")
        .suffix(".pdf.previous")
        .make_in(dir, |path| {
            std::fs::hard_link(out, path).or_else(|e| match e.kind() {
                std::io::ErrorKind::AlreadyExists => Err(e),
                _ => std::fs::copy(out, path).map(|_| ()),
            })
        })
        .map(Some)
        .map_err(|e| IoError::new("cannot keep the previous file while replacing it", out, e).into())
}

/// Badges prepared together (photos in memory at once, cancel granularity).
const CHUNK: usize = 64;

/// Maps `f` over `items` on up to `threads` scoped threads, keeping the order.
fn parallel_map<T: Sync, R: Send>(items: &[T], threads: usize, f: &(dyn Fn(&T) -> R + Sync)) -> Vec<R> {
    if threads <= 1 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                // A panic in a worker is a bug; surface it on this thread.
                Err(p) => std::panic::resume_unwind(p),
            })
            .collect()
    })
}
