//! The Door screen's centre: the scan field, the verdict filling the screen in its colour,
//! the candidates of the lookup and override, and the override and annulment dialogs.

use egui::{Color32, RichText, Ui};

use super::{DoorPrefs, DoorView, OverrideTarget, local_clock, verdict_colours};
use crate::checkin::{Direction, VerdictCode, log};
use crate::gui::context::{Command, Cx};
use crate::gui::widgets::{error_colour, photo_ui};

/// Draws the screen.
pub fn ui(view: &mut DoorView, prefs: &mut DoorPrefs, ui: &mut Ui, cx: &mut Cx<'_>) {
    let side = egui::Panel::right("door_side")
        .exact_size(380.0)
        .resizable(false)
        .show(ui, |ui| super::side::side(view, prefs, ui, cx));
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
    super::side::inside_window(view, ui, cx);
}

fn scan_field(view: &mut DoorView, ui: &mut Ui, cx: &mut Cx<'_>, other_fields: &[egui::Id]) {
    ui.horizontal(|ui| {
        let (word, colour) = match view.direction {
            Direction::In => (crate::tr!("door-entry"), Color32::from_rgb(27, 127, 59)),
            Direction::Out => (crate::tr!("door-exit"), Color32::from_rgb(40, 80, 170)),
        };
        let zone = view
            .zone
            .as_deref()
            .map(|z| format!(" · {}", crate::tr!("door-at-zone", zone = z)))
            .unwrap_or_else(|| format!(" · {}", crate::tr!("door-at-entrance")));
        ui.label(
            RichText::new(format!("{word}{zone}"))
                .font(crate::gui::fonts::bold(22.0))
                .color(colour),
        );
        ui.separator();
        let l = ui.label(RichText::new(crate::tr!("door-scan-badge")).size(22.0).strong());
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut view.scan)
                    .font(egui::FontId::monospace(20.0))
                    .hint_text(crate::tr!("door-scan-hint"))
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
            RichText::new(crate::tr!(
                "door-rehearsal-clock",
                time = crate::gui::clock::local(&log::format_at(t), &cx.data.event)
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
            RichText::new(crate::tr!("door-ready"))
                .size(48.0)
                .color(child.visuals().weak_text_color()),
        );
        return;
    };
    let left = (reset - (now - view.shown_at)).max(0.0);
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_secs_f64(left.min(0.25) + 0.01));
    let (bg, fg) = verdict_colours(v.code);
    ui.painter().rect_filled(rect, 8.0, bg);
    // Everything grows with the panel (a 1920x1080 door screen is read from farther away).
    let k = (rect.width() / 760.0).min(rect.height() / 560.0).clamp(1.0, 2.4);
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink(24.0)));
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    let ui = &mut child;
    // Display only: the door does not open with a malformed offset (`Door::open` refuses it).
    let offset = cx.data.event.offset().unwrap_or(time::UtcOffset::UTC);
    // The guard's words in the door's language (the English ones where the verdict has no
    // message).
    let said = |say: &crate::i18n::Say, english: &str| {
        if say.id.is_empty() {
            english.to_string()
        } else {
            say.text()
        }
    };
    let headline = said(&v.headline_say, &v.headline);
    let detail = said(&v.detail_say, &v.detail);
    // The headline on one line where it fits (72 pt, down to 44 pt, times the scale), else
    // wrapped.
    let width = ui
        .painter()
        .layout_no_wrap(headline.clone(), crate::gui::fonts::bold(72.0 * k), fg)
        .size()
        .x;
    let size = if width > ui.available_width() {
        (72.0 * k * ui.available_width() / width).clamp(44.0 * k, 72.0 * k)
    } else {
        72.0 * k
    };
    ui.add(
        egui::Label::new(
            RichText::new(&headline)
                .color(fg)
                .font(crate::gui::fonts::bold(size)),
        )
        .wrap(),
    );
    ui.label(
        RichText::new(crate::tr!(
            "door-verdict-line",
            seq = view.seq.to_string(),
            time = local_clock(&v.at, offset),
            station = view.station_name(&v.station)
        ))
        .size(18.0 * k)
        .color(fg),
    );
    // The time left before "Ready": restarts visibly with every scan.
    ui.add(
        egui::ProgressBar::new((left / reset) as f32)
            .desired_width(rect.width() * 0.5)
            .desired_height(6.0 * k)
            .fill(fg),
    );
    ui.add(
        egui::Label::new(
            RichText::new(crate::gui::widgets::dates_in_words(&detail))
                .size(22.0 * k)
                .color(fg),
        )
        .wrap(),
    );
    ui.add_space(12.0 * k);
    let ctx = ui.ctx().clone();
    match &v.person {
        Some(p) => {
            ui.horizontal_top(|ui| {
                let tex = p
                    .photo
                    .as_ref()
                    .and_then(|ph| cx.photos.texture(&ctx, p.delegate_id, ph));
                photo_ui(ui, tex.as_ref(), 260.0 * k);
                ui.add_space(16.0 * k);
                ui.vertical(|ui| {
                    ui.set_max_width(ui.available_width());
                    ui.add(
                        egui::Label::new(
                            RichText::new(&p.display_name)
                                .font(crate::gui::fonts::bold(44.0 * k))
                                .color(fg),
                        )
                        .wrap(),
                    );
                    if !p.native_name.is_empty() {
                        ui.add(
                            egui::Label::new(
                                RichText::new(crate::gui::fonts::shown(&p.native_name))
                                    .size(34.0 * k)
                                    .color(fg),
                            )
                            .wrap(),
                        );
                    }
                    // The delegation in the door's language (the registry's English name where
                    // the cache does not know it).
                    let delegation = cx.data.delegation(&p.delegation_code).map_or_else(
                        || p.delegation_name.clone(),
                        |g| g.name(crate::i18n::current()).to_string(),
                    );
                    ui.add(egui::Label::new(RichText::new(delegation).size(30.0 * k).color(fg)).wrap());
                    // On a plate of the text colour: a dark red band stays visible on green.
                    egui::Frame::new()
                        .fill(fg)
                        .inner_margin(egui::Margin::same((4.0 * k) as i8))
                        .corner_radius(6.0)
                        .show(ui, |ui| {
                            category_chip(ui, &p.category_label, p.category_colour, 26.0 * k, bg);
                        });
                    if !p.attention.is_empty() {
                        ui.add_space(8.0);
                        egui::Frame::new()
                            .fill(Color32::from_rgb(255, 244, 200))
                            .inner_margin(egui::Margin::same(10))
                            .corner_radius(4.0)
                            .show(ui, |ui| {
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(crate::tr!("door-attention", text = &p.attention))
                                            .size(26.0 * k)
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
                RichText::new(crate::tr!("door-not-in-registry"))
                    .size(30.0 * k)
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
            .button(RichText::new(crate::tr!("door-admit-override")).size(20.0 * k))
            .clicked()
    {
        let who = v
            .person
            .as_ref()
            .map(|p| p.display_name.clone())
            .unwrap_or_else(|| {
                crate::tr!(
                    "door-badge-number",
                    serial = v.serial.unwrap_or_default().to_string()
                )
            });
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
                    .font(crate::gui::fonts::bold(size))
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
                ui.add(
                    egui::Label::new(RichText::new(crate::gui::fonts::shown(&row.name)).strong()).truncate(),
                );
                ui.add(egui::Label::new(format!("{} {}", row.d.delegation, row.delegation_name)).truncate());
                let (label, colour) = cx
                    .data
                    .event
                    .category(&row.d.category)
                    .map(|c| (c.label.clone(), c.rgb()))
                    .unwrap_or_else(|| (row.d.category.clone(), [128, 128, 128]));
                category_chip(ui, &label, colour, 13.0, ui.visuals().text_color());
                let status = RichText::new(crate::tr!(
                    "door-status-id",
                    status = crate::gui::widgets::status_word(row.d.status),
                    id = id.to_string()
                ));
                if row.d.status == crate::registry::Status::Accredited {
                    ui.label(status.weak());
                } else {
                    // Not accredited (withdrawn, rejected, pending): said, not whispered.
                    ui.label(status.strong().color(error_colour(ui)));
                }
            } else {
                ui.label(crate::tr!("door-badge-number", serial = id.to_string()));
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
        ui.heading(crate::tr!("door-override-title"));
        match &target {
            OverrideTarget::Delegate { id, .. } => {
                let photo = view.photos.get(id).and_then(|p| p.as_deref());
                candidate_ui(ui, cx, *id, photo, 120.0);
            }
            OverrideTarget::Payload { .. } => {
                if let Some(p) = view.verdict.as_ref().and_then(|v| v.person.as_ref()) {
                    candidate_ui(ui, cx, p.delegate_id, p.photo.as_deref(), 120.0);
                }
            }
        }
        ui.label(crate::tr!("door-override-question", who = &who));
        let (_, enter) =
            crate::gui::widgets::reason_field(ui, &crate::tr!("door-reason"), &mut view.reason, "", 420.0);
        let ok = !view.reason.trim().is_empty();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(ok, egui::Button::new(crate::tr!("door-admit")))
                .clicked()
                || (enter && ok)
            {
                cx.send(Command::Override {
                    target: target.clone(),
                    reason: view.reason.trim().to_string(),
                });
                close = true;
            }
            if ui.button(crate::tr!("door-cancel")).clicked() {
                close = true;
            }
        });
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
        ui.heading(crate::tr!("door-annul-title"));
        ui.label(crate::tr!("door-annul-question", what = &target.what));
        let (_, enter) = crate::gui::widgets::reason_field(
            ui,
            &crate::tr!("door-annul-reason"),
            &mut view.annul_reason,
            "",
            420.0,
        );
        let ok = !view.annul_reason.trim().is_empty();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(ok, egui::Button::new(crate::tr!("door-annul-scan")))
                .clicked()
                || (enter && ok)
            {
                cx.send(Command::Annul {
                    scan_id: target.scan_id.clone(),
                    reason: view.annul_reason.trim().to_string(),
                });
                close = true;
            }
            if ui.button(crate::tr!("door-cancel")).clicked() {
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
