//! What the Records screen's commands do: settings in `meta`, and backups, verification,
//! purge and restore on a worker thread with its own connection; plus the tick, run every
//! frame whatever screen shows, that starts the automatic backups when they are due.
//!
//! What other screens must read again afterwards is returned as [`Effects`].

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{BackupSettings, RecordsView};
use crate::Registry;
use crate::gui::causes::chain as causes;
use crate::gui::context::{RecordsCommand, Shell};
use crate::records::{self, BackupReport, PurgeReport, RestoreReport};
use crate::registry::chain::{self, Broken, Verified};

const FOLDER_KEY: &str = "gui.backup_folder";
const AUTO_KEY: &str = "gui.backup_auto";
const EVERY_KEY: &str = "gui.backup_every_minutes";
const KEEP_KEY: &str = "gui.backup_keep";

/// Work running on the worker thread.
pub struct Work {
    label: String,
    rx: mpsc::Receiver<Done>,
}

impl std::fmt::Debug for Work {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Work").field("label", &self.label).finish()
    }
}

impl Work {
    /// What is being done, for people.
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// The result of finished work.
enum Done {
    Backup {
        auto: bool,
        result: Result<(BackupReport, usize), String>,
    },
    Verify(Result<Result<Verified, Broken>, String>),
    Purge(Result<PurgeReport, String>),
    Restore(Result<RestoreReport, String>),
    /// The restore's check of both files (integrity, counts), for the confirmation.
    RestorePlan(std::path::PathBuf, Result<records::restore::RestorePlan, String>),
}

fn spawn(
    ctx: &egui::Context,
    label: impl Into<String>,
    work: impl FnOnce() -> Done + Send + 'static,
) -> Work {
    let (tx, rx) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let _ = tx.send(work());
        ctx.request_repaint();
    });
    Work {
        label: label.into(),
        rx,
    }
}

/// The folder automatic and one-click backups go to.
fn backup_folder(db: &Path, s: &BackupSettings) -> PathBuf {
    if s.folder.trim().is_empty() {
        crate::atomic_file::folder_of(db).join("backups")
    } else {
        PathBuf::from(s.folder.trim())
    }
}

/// What the app must do for the other screens after a Records command or tick.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct Effects {
    /// The audit chain's head was read again (the Dashboard shows it too).
    pub head_read: bool,
    /// The database was purged or restored: every cache reads it again.
    pub replaced: bool,
}

/// Applies a command of the Records screen.
pub fn apply(view: &mut RecordsView, sh: &mut Shell<'_>, cmd: RecordsCommand) -> Effects {
    let mut effects = Effects::default();
    let Some(db) = sh.reg.path().map(Path::to_path_buf) else {
        // Nothing to read from a file either: said once, not asked again every frame.
        view.loaded = true;
        view.message = Some(Err(crate::tr!("rec-in-memory")));
        return effects;
    };
    let ctx = sh.ctx;
    match cmd {
        RecordsCommand::Refresh => refresh(view, sh, &mut effects),
        RecordsCommand::SaveSettings => save_backup_settings(view, sh),
        RecordsCommand::BackupNow => start_backup(view, ctx, &db, false),
        RecordsCommand::Verify => {
            view.verified = None;
            let work = spawn(ctx, crate::tr!("rec-verifying"), move || {
                Done::Verify(
                    Registry::open(&db)
                        .and_then(|reg| chain::verify(reg.conn()))
                        .map_err(|e| causes(&e)),
                )
            });
            view.work = Some(work);
        }
        RecordsCommand::PlanPurge => match records::purge::plan(sh.reg) {
            Ok(plan) => {
                view.purge = Some(plan);
                view.purge_code.clear();
                view.focus_purge = true;
            }
            Err(e) => view.message = Some(Err(causes(&e))),
        },
        RecordsCommand::Purge(code) => {
            let Some(plan) = &view.purge else { return effects };
            if code != plan.event_code || view.busy() {
                return effects;
            }
            let operator = sh.reg.operator().to_string();
            let work = spawn(ctx, crate::tr!("rec-purging"), move || {
                Done::Purge(
                    Registry::open(&db)
                        .map_err(records::RecordsError::from)
                        .and_then(|mut reg| {
                            reg.set_operator(operator);
                            records::purge::purge(&mut reg)
                        })
                        .map_err(|e| causes(&e)),
                )
            });
            view.work = Some(work);
        }
        RecordsCommand::PlanRestore(file) => {
            if view.busy() {
                return effects;
            }
            // Both files are checked (integrity, counts) on the worker, not while drawing.
            let work = spawn(ctx, crate::tr!("rec-checking-backup"), move || {
                let plan = records::restore::plan(&db, &file).map_err(|e| causes(&e));
                Done::RestorePlan(file, plan)
            });
            view.work = Some(work);
        }
        RecordsCommand::Restore(file) => {
            if view.busy() {
                return effects;
            }
            view.restore = None;
            let work = spawn(ctx, crate::tr!("rec-restoring"), move || {
                Done::Restore(records::restore::restore(&db, &file).map_err(|e| causes(&e)))
            });
            view.work = Some(work);
        }
        RecordsCommand::Cancel => {
            view.purge = None;
            view.purge_code.clear();
            view.restore = None;
        }
    }
    effects
}

/// Reads the settings, the head and the reminder.
/// Reads the retention reminder again (after an import or a purge changed the registry).
pub fn reread_reminder(view: &mut RecordsView, sh: &Shell<'_>) {
    if !view.loaded {
        return;
    }
    let today = (time::OffsetDateTime::now_utc() + view.clock_shift.unwrap_or_default())
        .to_offset(view.offset.0)
        .date();
    view.reminder = records::retention::reminder(sh.reg.conn(), today).ok().flatten();
}

fn refresh(view: &mut RecordsView, sh: &Shell<'_>, effects: &mut Effects) {
    let v = view;
    v.loaded = true;
    let meta = |k: &str| sh.reg.meta(k).ok().flatten();
    let d = BackupSettings::default();
    v.settings = BackupSettings {
        folder: meta(FOLDER_KEY).unwrap_or_default(),
        auto: meta(AUTO_KEY).is_some_and(|a| a == "on"),
        every_minutes: meta(EVERY_KEY)
            .and_then(|m| m.parse().ok())
            .unwrap_or(d.every_minutes),
        keep: meta(KEEP_KEY).and_then(|m| m.parse().ok()).unwrap_or(d.keep),
    };
    v.folder = v.settings.folder.clone();
    v.every = v.settings.every_minutes.to_string();
    v.keep = v.settings.keep.to_string();
    v.auto = v.settings.auto;
    v.head = chain::head(sh.reg.conn())
        .ok()
        .flatten()
        .map(|(id, h)| crate::tr!("dash-entry", id = id.to_string(), hash = chain::hex(&h)));
    // The door's clock (a rehearsal clock too), on the event's calendar.
    let today = (time::OffsetDateTime::now_utc() + v.clock_shift.unwrap_or_default())
        .to_offset(v.offset.0)
        .date();
    v.reminder = records::retention::reminder(sh.reg.conn(), today).ok().flatten();
    effects.head_read = true;
}

fn save_backup_settings(view: &mut RecordsView, sh: &Shell<'_>) {
    let v = &mut *view;
    let every = v
        .every
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|m| (1..=1440).contains(m));
    let keep = v
        .keep
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|k| (1..=1000).contains(k));
    let (Some(every), Some(keep)) = (every, keep) else {
        v.message = Some(Err(crate::tr!("rec-settings-invalid")));
        return;
    };
    let s = BackupSettings {
        folder: v.folder.trim().to_string(),
        auto: v.auto,
        every_minutes: every,
        keep,
    };
    let saved = [
        (FOLDER_KEY, s.folder.clone()),
        (AUTO_KEY, if s.auto { "on" } else { "off" }.to_string()),
        (EVERY_KEY, every.to_string()),
        (KEEP_KEY, keep.to_string()),
    ]
    .iter()
    .try_for_each(|(k, val)| sh.reg.set_meta(k, val));
    let v = view;
    match saved {
        Ok(()) => {
            v.next_auto = s
                .auto
                .then(|| Instant::now() + Duration::from_secs(60 * every as u64));
            v.settings = s;
            v.message = Some(Ok(crate::tr!("rec-settings-saved")));
        }
        Err(e) => v.message = Some(Err(crate::tr!("rec-settings-not-saved", error = causes(&e)))),
    }
}

fn start_backup(view: &mut RecordsView, ctx: &egui::Context, db: &Path, auto: bool) {
    if view.busy() {
        return;
    }
    // One click uses the folder as typed; automatic backups the folder saved.
    let folder = if auto {
        backup_folder(db, &view.settings)
    } else {
        let typed = BackupSettings {
            folder: view.folder.clone(),
            ..BackupSettings::default()
        };
        backup_folder(db, &typed)
    };
    let keep = if auto {
        view.settings.keep as usize
    } else {
        usize::MAX
    };
    let db = db.to_path_buf();
    let offset = view.offset.0;
    let work = spawn(ctx, crate::tr!("rec-backing-up"), move || Done::Backup {
        auto,
        result: records::backup_into(&db, &folder, keep, offset)
            .map(|(r, removed)| (r, removed.len()))
            .map_err(|e| causes(&e)),
    });
    view.work = Some(work);
}

/// Runs every frame: takes finished work and starts an automatic backup when it is due.
pub fn tick(view: &mut RecordsView, sh: &mut Shell<'_>) -> Effects {
    let mut effects = Effects::default();
    view.offset = super::Offset(sh.data.event.offset().unwrap_or(time::UtcOffset::UTC));
    if sh.reg.path().is_none() {
        return effects;
    }
    if !view.loaded {
        refresh(view, sh, &mut effects);
    }
    poll(view, sh, &mut effects);
    let ctx = sh.ctx;
    let s = &view.settings;
    if !s.auto {
        view.next_auto = None;
        return effects;
    }
    let every = Duration::from_secs(60 * s.every_minutes.max(1) as u64);
    let next = *view.next_auto.get_or_insert_with(|| Instant::now() + every);
    let now = Instant::now();
    if now >= next && !view.busy() {
        view.next_auto = Some(now + every);
        if let Some(db) = sh.reg.path().map(Path::to_path_buf) {
            start_backup(view, ctx, &db, true);
        }
    } else {
        ctx.request_repaint_after(
            next.saturating_duration_since(now)
                .max(Duration::from_millis(100)),
        );
    }
    effects
}

fn poll(view: &mut RecordsView, sh: &mut Shell<'_>, effects: &mut Effects) {
    let Some(work) = &view.work else { return };
    let done = match work.rx.try_recv() {
        Ok(d) => d,
        Err(mpsc::TryRecvError::Empty) => return,
        Err(mpsc::TryRecvError::Disconnected) => {
            view.work = None;
            view.message = Some(Err(crate::tr!("rec-worker-stopped")));
            return;
        }
    };
    view.work = None;
    match done {
        Done::Backup { auto, result } => {
            let kind = crate::tr!(if auto { "rec-kind-auto" } else { "rec-kind-manual" });
            view.last_backup = Some(match result {
                Ok((r, removed)) => {
                    // The event's local time, the zone named (labelled below, "UTC+02:00", so a
                    // fall-back to UTC for a malformed offset is visible).
                    let offset = sh.data.event.offset().unwrap_or(time::UtcOffset::UTC);
                    let now = time::OffsetDateTime::now_utc().to_offset(offset);
                    let at = format!(
                        "{:02}:{:02}:{:02} (UTC{})",
                        now.hour(),
                        now.minute(),
                        now.second(),
                        sh.data.event.utc_offset
                    );
                    let mut t = crate::tr!(
                        "rec-backup-done",
                        kind = &kind,
                        at = at,
                        path = r.path.display().to_string(),
                        delegates = r.identity.delegates,
                        bytes = r.bytes.to_string()
                    );
                    if removed > 0 {
                        t += &crate::tr!("rec-older-removed", count = removed);
                    }
                    Ok(t)
                }
                Err(e) => Err(crate::tr!(
                    "rec-backup-failed",
                    kind = &kind,
                    error = e.to_string()
                )),
            });
        }
        Done::Verify(r) => {
            view.verified = Some(match r {
                Ok(Ok(v)) => Ok(crate::tr!("rec-verified", entries = v.entries)),
                Ok(Err(b)) => Err(crate::tr!("rec-changed-outside", why = b.to_string())),
                Err(e) => Err(crate::tr!("rec-cannot-verify", error = e.to_string())),
            });
            refresh(view, sh, effects);
        }
        Done::Purge(r) => {
            view.purge = None;
            view.purge_code.clear();
            view.message = Some(match r {
                Ok(p) => Ok(crate::tr!("rec-purged", people = p.people)),
                Err(e) => Err(crate::tr!("rec-purge-failed", error = e.to_string())),
            });
            after_change(view, sh, effects);
        }
        Done::RestorePlan(file, plan) => match plan {
            Ok(plan) => view.restore = Some((file, plan)),
            Err(e) => view.message = Some(Err(crate::tr!("rec-cannot-restore", error = e))),
        },
        Done::Restore(r) => {
            view.message = Some(match r {
                Ok(r) => Ok(crate::tr!(
                    "rec-restored",
                    delegates = r.restored.delegates,
                    kept = r
                        .kept
                        .map(|k| crate::tr!("rec-kept-as", path = k.display().to_string()))
                        .unwrap_or_default()
                )),
                Err(e) => Err(crate::tr!("rec-not-restored", error = e.to_string())),
            });
            after_change(view, sh, effects);
        }
    }
}

/// After a purge or a restore: this screen and the cache read the database again; the app
/// drops the other screens' copies ([`Effects::replaced`]).
fn after_change(view: &mut RecordsView, sh: &mut Shell<'_>, effects: &mut Effects) {
    *sh.photos = Default::default();
    sh.reload();
    refresh(view, sh, effects);
    effects.replaced = true;
}
