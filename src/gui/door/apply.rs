//! What the Door screen's commands do: scans, overrides and annulments through the one door
//! engine (logged durably before the verdict shows), the name lookup, the evacuation roll,
//! the counters, the PIN and door mode.

use super::{DOOR_MODE_KEY, DoorPrefs, DoorView, LOOKUP_LIMIT, OverrideTarget};
use crate::checkin::{self, Door, ScanContext, Subject, Verdict, pin};
use crate::gui::context::{Command, Screen, Shell, chain};

/// Applies one of the Door screen's commands (others are not its own and are ignored).
pub fn apply(view: &mut DoorView, prefs: &DoorPrefs, sh: &mut Shell<'_>, cmd: Command) {
    match cmd {
        Command::Scan(payload) => scan(view, prefs, sh, payload),
        Command::Override { target, reason } => override_admit(view, prefs, sh, target, reason),
        Command::Annul { scan_id, reason } => annul(view, prefs, sh, scan_id, reason),
        Command::SupervisorPin(p) => match pin::check(sh.reg, &p) {
            Ok(true) => {
                view.supervisor = true;
                refresh(view, sh);
                sh.info(crate::tr!("door-msg-supervisor-open"));
            }
            Ok(false) => sh.error(crate::tr!("door-msg-wrong-pin")),
            Err(e) => sh.error(crate::tr!("door-msg-pin-unreadable", error = chain(&e))),
        },
        Command::FindByName(query) => find_by_name(view, sh, &query),
        Command::PresenceRoll => presence_roll(view, sh),
        Command::RefreshDoor => refresh(view, sh),
        Command::SetPin(p) => match pin::set(sh.reg, &p) {
            Ok(()) => sh.info(crate::tr!("door-msg-pin-set")),
            Err(e) => sh.error(chain(&e)),
        },
        Command::NameStation(name) => name_station(view, sh, &name),
        Command::EnterDoorMode => enter_door_mode(view, sh),
        Command::LeaveDoorMode(p) => leave_door_mode(view, sh, &p),
        _ => {}
    }
}

/// Names this station; the verdicts and the last scans say the name from now on.
fn name_station(view: &mut DoorView, sh: &mut Shell<'_>, name: &str) {
    if name.trim().is_empty() {
        sh.error("Type a name for this station first (for example Door A).");
        return;
    }
    let done = sh
        .reg
        .station_id()
        .and_then(|id| checkin::set_station_name(sh.reg, &id, name));
    match done {
        Ok(()) => {
            // The engine keeps the names it opened with: opened again with the new one.
            view.engine = None;
            refresh(view, sh);
            sh.info(format!("This station is now called {}.", name.trim()));
        }
        Err(e) => sh.error(format!("The station's name was not saved: {}", chain(&e))),
    }
}

/// The screen is shown: the scan field takes the keyboard, the log is read again.
pub fn on_show(view: &mut DoorView, sh: &mut Shell<'_>) {
    view.focus_scan = true;
    refresh(view, sh);
}

fn enter_door_mode(view: &mut DoorView, sh: &mut Shell<'_>) {
    match pin::is_set(sh.reg) {
        Ok(true) => {
            if let Err(e) = sh.reg.set_meta(DOOR_MODE_KEY, "on") {
                sh.error(crate::tr!("door-msg-cannot-enter", error = chain(&e)));
                return;
            }
            *sh.locked = true;
            view.supervisor = false;
            *sh.screen = Screen::Door;
            view.focus_scan = true;
            sh.ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
            sh.info(crate::tr!("door-msg-mode-on"));
        }
        Ok(false) => sh.error(crate::tr!("door-msg-set-pin-first")),
        Err(e) => sh.error(crate::tr!("door-msg-pin-unreadable", error = chain(&e))),
    }
}

fn leave_door_mode(view: &mut DoorView, sh: &mut Shell<'_>, p: &str) {
    match pin::check(sh.reg, p) {
        Ok(true) => {
            if let Err(e) = sh.reg.set_meta(DOOR_MODE_KEY, "off") {
                sh.error(crate::tr!("door-msg-cannot-leave", error = chain(&e)));
                return;
            }
            *sh.locked = false;
            view.supervisor = false;
            sh.ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
            sh.info(crate::tr!("door-msg-mode-off"));
        }
        Ok(false) => sh.error(crate::tr!("door-msg-wrong-pin-stays")),
        Err(e) => sh.error(crate::tr!("door-msg-pin-unreadable", error = chain(&e))),
    }
}

/// Opens the door engine on first use.
fn ensure_engine(view: &mut DoorView, sh: &mut Shell<'_>) -> bool {
    if view.engine.is_none() {
        match Door::open(sh.reg) {
            Ok(d) => view.engine = Some(d),
            Err(e) => {
                sh.error(crate::tr!("door-msg-cannot-start", error = chain(&e)));
                return false;
            }
        }
    }
    true
}

fn scan_context(view: &mut DoorView, sh: &mut Shell<'_>) -> Option<ScanContext> {
    if !ensure_engine(view, sh) {
        return None;
    }
    let door = view.engine.as_ref()?;
    Some(ScanContext {
        station: door.station_id().to_string(),
        zone: view.zone.clone(),
        at: view.now(),
        direction: view.direction,
    })
}

/// Runs the door's housekeeping once the frame showing the last verdict has been drawn: the
/// counters, last scans and who is inside are read again, and the log is checkpointed every
/// so many scans, so neither delays a verdict.
pub fn housekeeping(view: &mut DoorView, sh: &mut Shell<'_>) {
    let Some(due) = view.housekeeping_after else {
        return;
    };
    if sh.ctx.cumulative_frame_nr() < due {
        sh.ctx.request_repaint();
        return;
    }
    view.housekeeping_after = None;
    // The counters, last scans and who is inside, read after the verdict is on screen.
    refresh(view, sh);
    if let Some(door) = &view.engine
        && let Err(e) = door.housekeeping(sh.reg)
    {
        sh.error(crate::tr!("door-msg-checkpoint-failed", error = chain(&e)));
    }
}

/// Shows a verdict that was just logged: restarts the reset time, plays its sound, and asks
/// for housekeeping (the counters read again, the log's checkpoint) after the next frame,
/// the one that shows the verdict, is drawn.
fn show_verdict(view: &mut DoorView, prefs: &DoorPrefs, sh: &mut Shell<'_>, v: Verdict) {
    if v.admits()
        && let Some(s) = v.serial
    {
        sh.data.set_checked_in(s);
    }
    if prefs.sound {
        crate::gui::sound::play(v.code.tone());
    }
    let now = sh.ctx.input(|i| i.time);
    view.show_verdict(v, now);
    view.housekeeping_after = Some(sh.ctx.cumulative_frame_nr() + 2);
    sh.ctx.request_repaint();
}

fn scan(view: &mut DoorView, prefs: &DoorPrefs, sh: &mut Shell<'_>, payload: String) {
    let Some(sctx) = scan_context(view, sh) else {
        return;
    };
    let Some(door) = view.engine.as_ref() else {
        return;
    };
    match door.scan(sh.reg, &payload, &sctx) {
        Ok(v) => {
            // A new badge: a dialog about the previous one no longer applies.
            view.override_target = None;
            view.reason.clear();
            view.last_payload = payload;
            show_verdict(view, prefs, sh, v);
        }
        Err(e) => {
            view.verdict = None;
            sh.error(crate::tr!("door-msg-not-recorded", error = chain(&e)));
        }
    }
}

fn override_admit(
    view: &mut DoorView,
    prefs: &DoorPrefs,
    sh: &mut Shell<'_>,
    target: OverrideTarget,
    reason: String,
) {
    let Some(sctx) = scan_context(view, sh) else {
        return;
    };
    let Some(door) = view.engine.as_ref() else {
        return;
    };
    let subject = match &target {
        OverrideTarget::Payload { payload, .. } => Subject::Payload(payload),
        OverrideTarget::Delegate { id, .. } => Subject::Delegate(*id),
    };
    match door.override_admit(sh.reg, subject, &reason, &sctx) {
        Ok(v) => {
            view.lookup.clear();
            view.matches.clear();
            view.focus_scan = true;
            show_verdict(view, prefs, sh, v);
        }
        Err(e) => {
            view.focus_scan = true;
            sh.error(crate::tr!("door-msg-not-admitted", error = chain(&e)));
        }
    }
}

fn annul(view: &mut DoorView, prefs: &DoorPrefs, sh: &mut Shell<'_>, scan_id: String, reason: String) {
    let Some(sctx) = scan_context(view, sh) else {
        return;
    };
    let Some(door) = view.engine.as_ref() else {
        return;
    };
    match door.annul(sh.reg, &scan_id, &reason, &sctx) {
        Ok(v) => {
            // The desk's "checked in" marks come from the log: read them again.
            if let Some(s) = v.serial
                && let Err(e) = sh.data.refresh_one(sh.reg, s)
            {
                sh.error(crate::tr!("door-msg-db-unreadable", error = chain(&e)));
            }
            view.focus_scan = true;
            sh.info(crate::tr!("door-msg-annulled", detail = v.detail_say.text()));
            show_verdict(view, prefs, sh, v);
        }
        Err(e) => {
            view.focus_scan = true;
            sh.error(crate::tr!("door-msg-not-annulled", error = chain(&e)));
        }
    }
}

/// The lookup for a forgotten badge: the core's person search
/// ([`crate::registry::matching`], the rule `checkin::lookup_by_name` uses too) over the
/// cached registry, then the photos of those found.
fn find_by_name(view: &mut DoorView, sh: &mut Shell<'_>, query: &str) {
    // The cache, not the database: no query on the UI thread while the guard types.
    view.matches = sh.data.lookup(query, LOOKUP_LIMIT);
    let missing: Vec<i64> = view
        .matches
        .iter()
        .map(|m| m.delegate_id)
        .filter(|id| !view.photos.contains_key(id))
        .collect();
    if !missing.is_empty() {
        lookup_photos(view, sh, missing);
    }
}

fn lookup_photos(view: &mut DoorView, sh: &mut Shell<'_>, ids: Vec<i64>) {
    for id in ids {
        let photo = crate::registry::delegates::photo(sh.reg.conn(), id).unwrap_or(None);
        view.photos.insert(id, photo);
    }
    if view.photos.len() > 256 {
        view.photos.clear();
    }
}

/// Writes the evacuation roll (who is inside now) as a PDF beside the database, and opens
/// it at the desk (in door mode the status bar names the file). On a thread of its own with
/// its own connection: the door goes on scanning, and the roll never waits behind an import
/// (an evacuation does not queue).
fn presence_roll(view: &mut DoorView, sh: &mut Shell<'_>) {
    let Some(db) = sh.reg.path().map(std::path::Path::to_path_buf) else {
        sh.error(crate::tr!("door-msg-roll-in-memory"));
        return;
    };
    let at = view.now();
    let open = !*sh.locked;
    sh.info(crate::tr!("door-msg-roll-writing"));
    let lang = crate::i18n::current();
    sh.errand(move || {
        let written = (|| -> Result<(std::path::PathBuf, usize), String> {
            let reg = crate::Registry::open(&db).map_err(|e| chain(&e))?;
            let p = checkin::presence(&reg, at, None).map_err(|e| chain(&e))?;
            let dir = crate::badge::output::beside_db(Some(&db)).unwrap_or_default();
            let stamp = p.at_local.replace([' ', ':'], "-");
            let out = crate::badge::output::reserve(&dir.join(format!("evacuation-roll-{stamp}.pdf")))
                .map_err(|e| chain(&e))?;
            let n = checkin::presence::write_file(&reg, &p, &out).map_err(|e| chain(&e))?;
            Ok((out, n))
        })();
        match written {
            Ok((out, n)) => {
                if open && let Ok(mut child) = std::process::Command::new("xdg-open").arg(&out).spawn() {
                    std::thread::spawn(move || child.wait());
                }
                crate::gui::jobs::Outcome::Info(crate::i18n::with_lang(lang, || {
                    crate::tr!(
                        "door-msg-roll-written",
                        count = n,
                        path = out.display().to_string()
                    )
                }))
            }
            Err(e) => crate::gui::jobs::Outcome::Error(crate::i18n::with_lang(lang, || {
                crate::tr!("door-msg-roll-failed", error = e)
            })),
        }
    });
}

/// Reads the door's log again: the last scans of today, the counters, who is inside.
pub fn refresh(view: &mut DoorView, sh: &mut Shell<'_>) {
    if !ensure_engine(view, sh) {
        return;
    }
    let Some(door) = view.engine.as_ref() else {
        return;
    };
    let at = view.now();
    view.station_names = door.station_names().clone();
    if let Ok(id) = sh.reg.station_id() {
        if view.name_edit.is_empty() {
            view.name_edit = view.station_names.get(&id).cloned().unwrap_or_default();
        }
        view.this_station = id;
    }
    // The last scans of today (a merged log may also hold other days).
    match (
        door.recent(sh.reg, 500),
        door.today_counts(sh.reg, at),
        checkin::presence(sh.reg, at, None),
    ) {
        (Ok(r), Ok(t), Ok(p)) => {
            view.annulled = r
                .iter()
                .filter(|e| e.verdict == checkin::VerdictCode::Annulled)
                .map(|e| e.annuls.clone())
                .collect();
            view.recent = r.into_iter().filter(|e| e.day == t.day).take(10).collect();
            view.today = t;
            view.inside = Some(p);
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
            sh.error(crate::tr!("door-msg-log-unreadable", error = chain(&e)))
        }
    }
}
