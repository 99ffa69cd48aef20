//! The Door screen: a kiosk for the entrance. A USB scanner's bursts are scans whatever
//! field has the keyboard ([`super::wedge`]); the verdict fills the screen in its colour with
//! the guard's words (WELCOME, ALREADY ENTERED 09:12 AT DOOR A, ...), the code small beneath,
//! the scan time and a running number, and returns to "Ready: scan a badge" after a set
//! time. Beside it ([`super::door_side`]): today's counters, who is inside, the last scans
//! (annul), lookup by name for a forgotten badge, override, the station's direction and zone,
//! settings and door mode.

use std::collections::HashMap;

use egui::{Color32, RichText, Ui};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::app::{Command, Cx};
use super::wedge::{Wedge, WedgeSettings};
use super::widgets::{error_colour, photo_ui};
use crate::checkin::{Direction, LogEntry, Match, Presence, TodayCounts, Tone, Verdict, VerdictCode, log};

/// Whom an override would admit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OverrideTarget {
    /// The last scanned payload (correctly signed).
    Payload {
        /// The payload.
        payload: String,
        /// Who, for people.
        who: String,
    },
    /// A delegate found by name.
    Delegate {
        /// The delegate's id.
        id: i64,
        /// Who, for people.
        who: String,
    },
}

/// The station's door settings, remembered between runs (no personal data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DoorPrefs {
    /// Seconds a verdict stays before "Ready: scan a badge" (default 5).
    pub reset_secs: f32,
    /// Longest pause between two characters of a scanner burst, ms (default 50).
    pub burst_gap_ms: u32,
    /// A prefix the scanner sends before each payload (optional).
    pub prefix: String,
    /// Play a sound per verdict tone (where a sound player and device exist).
    pub sound: bool,
    /// Entry or exit.
    pub direction: Direction,
    /// The zone guarded (`None`: the entrance).
    pub zone: Option<String>,
}

impl Default for DoorPrefs {
    fn default() -> Self {
        Self {
            reset_secs: 5.0,
            burst_gap_ms: 50,
            prefix: String::new(),
            sound: false,
            direction: Direction::In,
            zone: None,
        }
    }
}

impl DoorPrefs {
    /// The burst detection settings.
    pub fn wedge(&self) -> WedgeSettings {
        WedgeSettings {
            gap: f64::from(self.burst_gap_ms.clamp(5, 500)) / 1000.0,
            prefix: self.prefix.clone(),
        }
    }
}

/// A scan to annul (the reason dialog is open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnulTarget {
    /// The scan's UUID.
    pub scan_id: String,
    /// What it was, for people ("ADMITTED 09:12 Anna GRUBER").
    pub what: String,
}

/// At most this many delegates are listed by the name lookup.
pub const LOOKUP_LIMIT: usize = 12;

/// State of the Door screen.
#[derive(Debug, Default)]
pub struct DoorView {
    /// The scan field.
    pub scan: String,
    /// The payload of the last scan.
    pub last_payload: String,
    /// The last verdict (shown until the reset time has passed).
    pub verdict: Option<Verdict>,
    /// Frame time (seconds) the last verdict was shown at.
    pub shown_at: f64,
    /// Running number of the verdicts shown since the app started.
    pub seq: u64,
    /// The last scans of today, newest first.
    pub recent: Vec<LogEntry>,
    /// UUIDs among `recent` that were annulled.
    pub annulled: std::collections::HashSet<String>,
    /// Today's counters.
    pub today: TodayCounts,
    /// Who is inside now.
    pub inside: Option<Presence>,
    /// The "who is inside" list is open.
    pub show_inside: bool,
    /// Station names by logged station.
    pub station_names: HashMap<String, String>,
    /// The zone this station guards (`None`: the building entrance).
    pub zone: Option<String>,
    /// Entry or exit.
    pub direction: Direction,
    /// Name lookup text.
    pub lookup: String,
    /// Lookup results.
    pub matches: Vec<Match>,
    /// Photos of lookup results and override candidates (`None`: none on file).
    pub photos: HashMap<i64, Option<Vec<u8>>>,
    /// An override being asked for (the reason dialog is open).
    pub override_target: Option<OverrideTarget>,
    /// The override reason being typed.
    pub reason: String,
    /// An annulment being asked for (the reason dialog is open).
    pub annul_target: Option<AnnulTarget>,
    /// The annulment reason being typed.
    pub annul_reason: String,
    /// PIN typed to leave door mode or to open the supervisor's tools.
    pub pin: String,
    /// In door mode: the supervisor gave the PIN (lookup, override, annul are shown).
    pub supervisor: bool,
    /// New PIN typed at the desk.
    pub new_pin: String,
    /// Give the keyboard back to the scan field on the next frame, even from another field
    /// (after an override, after Escape).
    pub focus_scan: bool,
    /// Rehearsal clock: added to the real time for every scan (set from `ACCREDIT_AT`).
    pub clock_shift: Option<time::Duration>,
    /// The scanner's bursts being received.
    pub wedge: Wedge,
    /// The lookup text and data generation the matches were computed for.
    pub(super) looked_up: (String, u64),
}

impl DoorView {
    /// The time a scan happens now (real time, or the rehearsal clock).
    pub fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        match self.clock_shift {
            Some(d) => now + d,
            None => now,
        }
    }

    /// Runs the rehearsal clock from `at` (scans are logged as if it were `at` now).
    pub fn set_rehearsal_clock(&mut self, at: OffsetDateTime) {
        self.clock_shift = Some(at - OffsetDateTime::now_utc());
    }

    /// Shows a new verdict: restarts the reset time and counts it.
    pub fn show_verdict(&mut self, v: Verdict, now: f64) {
        self.verdict = Some(v);
        self.shown_at = now;
        self.seq += 1;
    }

    /// Whether the verdict is still shown at frame time `now` (else "Ready").
    pub fn showing(&self, now: f64, prefs: &DoorPrefs) -> bool {
        self.verdict.is_some() && (now - self.shown_at) < f64::from(prefs.reset_secs.max(0.5))
    }

    /// The station as people know it.
    pub fn station_name(&self, station: &str) -> String {
        crate::checkin::rules::station_name(&self.station_names, station)
    }
}

/// The colours of a verdict: background and text.
pub fn tone_colours(tone: Tone) -> (Color32, Color32) {
    match tone {
        Tone::Go => (Color32::from_rgb(27, 127, 59), Color32::WHITE),
        Tone::Warn => (Color32::from_rgb(240, 176, 0), Color32::BLACK),
        Tone::Stop => (Color32::from_rgb(198, 40, 40), Color32::WHITE),
    }
}

/// Takes the frame's key and text events before any widget sees them: scanner bursts become
/// scans (sent as commands, in order), typing goes on to the focused field. Call before the
/// widgets are drawn, while the Door screen is shown.
pub fn intercept_scanner(
    view: &mut DoorView,
    prefs: &DoorPrefs,
    ctx: &egui::Context,
    cmds: &mut Vec<Command>,
) {
    let settings = prefs.wedge();
    let frame = ctx.cumulative_frame_nr();
    let filtered = ctx.input_mut(|i| {
        let events = std::mem::take(&mut i.events);
        let f = view.wedge.filter(i.time, frame, events, &settings);
        i.events = f.events;
        (f.scans, f.holding)
    });
    let (scans, holding) = filtered;
    if holding {
        ctx.request_repaint();
    }
    for payload in scans {
        let payload = payload.trim().to_string();
        if !payload.is_empty() {
            cmds.push(Command::Scan(payload));
        }
    }
}

/// The local time of a logged time, `09:12:03`.
pub fn local_clock(at: &str, offset: time::UtcOffset) -> String {
    match log::parse_at(at) {
        Some(t) => {
            let t = t.to_offset(offset);
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
        }
        None => at.to_string(),
    }
}

/// Draws the screen.
pub fn ui(view: &mut DoorView, prefs: &mut DoorPrefs, ui: &mut Ui, cx: &mut Cx<'_>) {
    let side = egui::Panel::right("door_side")
        .exact_size(380.0)
        .resizable(false)
        .show(ui, |ui| super::door_side::side(view, prefs, ui, cx));
    let side_ids = side.inner;
    // The scan and the verdict keep to the space left of the panel, however long a name.
    let mut rect = ui.available_rect_before_wrap();
    rect.max.x = rect.max.x.min(side.response.rect.left() - 4.0);
    ui.scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| {
        ui.set_clip_rect(rect.intersect(ui.clip_rect()));
        scan_field(view, ui, cx, &side_ids);
        verdict_ui(view, prefs, ui, cx);
    });
    override_dialog(view, ui, cx);
    annul_dialog(view, ui, cx);
    super::door_side::inside_window(view, ui, cx);
}

fn scan_field(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, other_fields: &[egui::Id]) {
    ui.horizontal(|ui| {
        let (word, colour) = match view.direction {
            Direction::In => ("ENTRY", Color32::from_rgb(27, 127, 59)),
            Direction::Out => ("EXIT", Color32::from_rgb(40, 80, 170)),
        };
        let zone = view
            .zone
            .as_deref()
            .map(|z| format!(" · zone {z}"))
            .unwrap_or_else(|| " · entrance".into());
        ui.label(
            RichText::new(format!("{word}{zone}"))
                .font(super::fonts::bold(22.0))
                .color(colour),
        );
        ui.separator();
        let l = ui.label(RichText::new("Scan badge").size(22.0).strong());
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut view.scan)
                    .font(egui::FontId::monospace(20.0))
                    .hint_text("scan a badge, or type its code and press Enter")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(l.id);
        let submitted = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if submitted {
            let payload = std::mem::take(&mut view.scan);
            if !payload.trim().is_empty() {
                cx.send(Command::Scan(payload.trim().to_string()));
            }
        }
        // The scan field keeps the keyboard unless the user is typing in another field here;
        // scanner bursts never depend on it (they are taken before the widgets see them).
        if ui.input(|i| i.key_pressed(egui::Key::Escape))
            && view.override_target.is_none()
            && view.annul_target.is_none()
        {
            view.focus_scan = true;
        }
        let window_focused = ui.input(|i| i.focused);
        let focused = ui.memory(|m| m.focused());
        let elsewhere = focused.is_some_and(|f| f != r.id && other_fields.contains(&f));
        if window_focused && view.override_target.is_none() && view.annul_target.is_none() {
            if (view.focus_scan || !elsewhere) && !r.has_focus() {
                r.request_focus();
            }
            view.focus_scan = false;
        }
    });
    if view.clock_shift.is_some() {
        let t = view.now();
        ui.label(
            RichText::new(format!(
                "Rehearsal clock: scans are logged at {}",
                log::local_minute(
                    &log::format_at(t),
                    cx.data.event.offset().unwrap_or(time::UtcOffset::UTC)
                )
            ))
            .color(error_colour(ui)),
        );
    }
}

fn verdict_ui(view: &mut DoorView, prefs: &DoorPrefs, ui: &mut Ui, cx: &mut Cx<'_>) {
    let rect = ui.available_rect_before_wrap();
    let now = ui.input(|i| i.time);
    let reset = f64::from(prefs.reset_secs.max(0.5));
    // An override of the scanned badge keeps its verdict on screen while the reason is typed.
    let overriding_it = matches!(view.override_target, Some(OverrideTarget::Payload { .. }));
    let showing = view.showing(now, prefs) || overriding_it;
    let Some(v) = view.verdict.as_ref().filter(|_| showing) else {
        ui.painter().rect_filled(rect, 8.0, ui.visuals().faint_bg_color);
        let mut child = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(rect.shrink(24.0))
                .layout(egui::Layout::centered_and_justified(egui::Direction::TopDown)),
        );
        child.label(
            RichText::new("Ready: scan a badge")
                .size(48.0)
                .color(child.visuals().weak_text_color()),
        );
        return;
    };
    let left = (reset - (now - view.shown_at)).max(0.0);
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_secs_f64(left.min(0.25) + 0.01));
    let (bg, fg) = tone_colours(v.code.tone());
    ui.painter().rect_filled(rect, 8.0, bg);
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink(24.0)));
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    let ui = &mut child;
    // Display only: the door does not open with a malformed offset (`Door::open` refuses it).
    let offset = cx.data.event.offset().unwrap_or(time::UtcOffset::UTC);
    // The headline on one line where it fits (72 pt, down to 44 pt), else wrapped.
    let width = ui
        .painter()
        .layout_no_wrap(v.headline.clone(), super::fonts::bold(72.0), fg)
        .size()
        .x;
    let size = if width > ui.available_width() {
        (72.0 * ui.available_width() / width).clamp(44.0, 72.0)
    } else {
        72.0
    };
    ui.add(
        egui::Label::new(
            RichText::new(&v.headline)
                .color(fg)
                .font(super::fonts::bold(size)),
        )
        .wrap(),
    );
    ui.label(
        RichText::new(format!(
            "{} · No. {} · {} · {}",
            v.code.as_str(),
            view.seq,
            local_clock(&v.at, offset),
            view.station_name(&v.station)
        ))
        .size(18.0)
        .color(fg),
    );
    // The time left before "Ready": restarts visibly with every scan.
    ui.add(
        egui::ProgressBar::new((left / reset) as f32)
            .desired_width(rect.width() * 0.5)
            .desired_height(6.0)
            .fill(fg),
    );
    ui.add(egui::Label::new(RichText::new(&v.detail).size(22.0).color(fg)).wrap());
    ui.add_space(12.0);
    let ctx = ui.ctx().clone();
    match &v.person {
        Some(p) => {
            ui.horizontal_top(|ui| {
                let tex = p
                    .photo
                    .as_ref()
                    .and_then(|ph| cx.photos.texture(&ctx, p.delegate_id, ph));
                photo_ui(ui, tex.as_ref(), 260.0);
                ui.add_space(16.0);
                ui.vertical(|ui| {
                    ui.set_max_width(ui.available_width());
                    ui.add(
                        egui::Label::new(
                            RichText::new(&p.display_name)
                                .font(super::fonts::bold(44.0))
                                .color(fg),
                        )
                        .wrap(),
                    );
                    if !p.native_name.is_empty() {
                        ui.add(
                            egui::Label::new(
                                RichText::new(super::fonts::shown(&p.native_name))
                                    .size(34.0)
                                    .color(fg),
                            )
                            .wrap(),
                        );
                    }
                    ui.add(egui::Label::new(RichText::new(&p.delegation_name).size(30.0).color(fg)).wrap());
                    category_chip(ui, &p.category_label, p.category_colour, 26.0, fg);
                    if !p.attention.is_empty() {
                        ui.add_space(8.0);
                        egui::Frame::new()
                            .fill(Color32::from_rgb(255, 244, 200))
                            .inner_margin(egui::Margin::same(10))
                            .corner_radius(4.0)
                            .show(ui, |ui| {
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(format!("ATTENTION: {}", p.attention))
                                            .size(26.0)
                                            .color(Color32::BLACK),
                                    )
                                    .wrap(),
                                );
                            });
                    }
                });
            });
        }
        None if v.code != VerdictCode::Invalid => {
            ui.label(
                RichText::new("Person not in this station's registry")
                    .size(30.0)
                    .color(fg),
            );
        }
        None => {}
    }
    ui.add_space(12.0);
    let may_override = !cx.locked || view.supervisor;
    let can_override = v.serial.is_some() && v.code.refuses() && may_override;
    if can_override
        && ui
            .button(RichText::new("Admit by override…").size(20.0))
            .clicked()
    {
        let who = v
            .person
            .as_ref()
            .map(|p| p.display_name.clone())
            .unwrap_or_else(|| format!("badge {}", v.serial.unwrap_or_default()));
        view.override_target = Some(OverrideTarget::Payload {
            payload: view.last_payload.clone(),
            who,
        });
        view.reason.clear();
    }
}

/// A category label in its band colour.
pub fn category_chip(ui: &mut Ui, label: &str, [r, g, b]: [u8; 3], size: f32, border: Color32) {
    egui::Frame::new()
        .fill(Color32::from_rgb(r, g, b))
        .inner_margin(egui::Margin::symmetric(10, 3))
        .corner_radius(4.0)
        .stroke(egui::Stroke::new(1.5, border))
        .show(ui, |ui| {
            ui.label(
                RichText::new(label)
                    .font(super::fonts::bold(size))
                    .color(contrast(r, g, b)),
            );
        });
}

fn contrast(r: u8, g: u8, b: u8) -> Color32 {
    let lum = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
    if lum > 150.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// A candidate as the lookup and the override show them: photo, name, delegation, category.
pub fn candidate_ui(ui: &mut Ui, cx: &mut Cx<'_>, id: i64, photo: Option<&[u8]>, height: f32) {
    let ctx = ui.ctx().clone();
    let tex = photo.and_then(|p| cx.photos.texture(&ctx, id, p));
    ui.horizontal(|ui| {
        photo_ui(ui, tex.as_ref(), height);
        ui.vertical(|ui| {
            ui.set_max_width(ui.available_width());
            if let Some(row) = cx.data.row(id) {
                ui.add(egui::Label::new(RichText::new(super::fonts::shown(&row.name)).strong()).truncate());
                ui.add(egui::Label::new(format!("{} {}", row.d.delegation, row.delegation_name)).truncate());
                let (label, colour) = cx
                    .data
                    .event
                    .category(&row.d.category)
                    .map(|c| (c.label.clone(), c.rgb()))
                    .unwrap_or_else(|| (row.d.category.clone(), [128, 128, 128]));
                category_chip(ui, &label, colour, 13.0, ui.visuals().text_color());
                ui.label(RichText::new(format!("{} · id {id}", row.d.status.as_str())).weak());
            } else {
                ui.label(format!("badge {id}"));
            }
        });
    });
}

fn override_dialog(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(target) = view.override_target.clone() else {
        return;
    };
    let who = match &target {
        OverrideTarget::Payload { who, .. } | OverrideTarget::Delegate { who, .. } => who.clone(),
    };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("override_dialog")).show(ui.ctx(), |ui| {
        ui.set_width(460.0);
        ui.heading("Admit by override");
        match &target {
            OverrideTarget::Delegate { id, .. } => {
                let photo = view.photos.get(id).cloned().flatten();
                candidate_ui(ui, cx, *id, photo.as_deref(), 120.0);
            }
            OverrideTarget::Payload { .. } => {
                if let Some(p) = view.verdict.as_ref().and_then(|v| v.person.clone()) {
                    candidate_ui(ui, cx, p.delegate_id, p.photo.as_deref(), 120.0);
                }
            }
        }
        ui.label(format!("Admit {who}? The reason and your name are logged."));
        let l = ui.label("Reason");
        let r = ui
            .add(egui::TextEdit::singleline(&mut view.reason).desired_width(420.0))
            .labelled_by(l.id);
        if !r.has_focus() && view.reason.is_empty() {
            r.request_focus();
        }
        let ok = !view.reason.trim().is_empty();
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.add_enabled(ok, egui::Button::new("Admit")).clicked() || (enter && ok) {
                cx.send(Command::Override {
                    target: target.clone(),
                    reason: view.reason.trim().to_string(),
                });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
        if enter && !ok {
            r.request_focus();
        }
    });
    // Escape or a click outside cancels.
    if close || modal.should_close() {
        view.override_target = None;
        view.reason.clear();
        view.focus_scan = true;
    }
}

fn annul_dialog(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>) {
    let Some(target) = view.annul_target.clone() else {
        return;
    };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("annul_dialog")).show(ui.ctx(), |ui| {
        ui.set_width(460.0);
        ui.heading("Annul a scan");
        ui.label(format!(
            "Annul {}? It no longer counts: the badge's next scan is judged as if it had not \
             happened. The reason and your name are logged; nothing is deleted.",
            target.what
        ));
        let l = ui.label("Reason for the annulment");
        let r = ui
            .add(egui::TextEdit::singleline(&mut view.annul_reason).desired_width(420.0))
            .labelled_by(l.id);
        if !r.has_focus() && view.annul_reason.is_empty() {
            r.request_focus();
        }
        let ok = !view.annul_reason.trim().is_empty();
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.add_enabled(ok, egui::Button::new("Annul scan")).clicked() || (enter && ok) {
                cx.send(Command::Annul {
                    scan_id: target.scan_id.clone(),
                    reason: view.annul_reason.trim().to_string(),
                });
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if close || modal.should_close() {
        view.annul_target = None;
        view.annul_reason.clear();
        view.focus_scan = true;
    }
}
