//! The Badge design screen: the event's badge template edited with a live preview drawn by
//! the same core layout as the PDF. Choose the layout and side, an element in the list or on
//! the badge; drag it (or its corner handle) or type its box in millimetres; change its font
//! range, lines, face, alignment, colour, visibility; add text lines or other elements; undo
//! (Ctrl+Z); the template is checked as a whole as you edit, and saved into the event
//! (audited) only when the check passes.
//!
//! Parts: [`canvas`] (preview with boxes and dragging), [`inspector`] (element list and
//! properties), [`samples`] (the previewed delegates), [`apply`] (loading and saving through
//! the registry).

pub mod apply;

/// An element kind in the app's words ("event title", "Veranstaltungstitel").
pub fn kind_word(k: crate::registry::template::Kind) -> String {
    let id = format!("kind-{}", k.label().replace(' ', "-"));
    if crate::i18n::has(&id) {
        crate::tr!(&id)
    } else {
        k.label().to_string()
    }
}
pub mod canvas;
pub mod inspector;
pub mod samples;

use egui::{RichText, Ui};

use crate::badge::Layout;
use crate::badge::template::{BadgeTemplate, Element, LayoutTemplate};
pub use crate::gui::context::DesignCommand;
use crate::gui::context::{Command, Cx};
use crate::gui::widgets::error_colour;
use crate::registry::Event;

/// Which side is being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    /// The front.
    #[default]
    Front,
    /// The back.
    Back,
}

/// State of the Badge design screen.
#[derive(Debug, Default)]
pub struct DesignView {
    /// The layout being designed.
    pub layout: Layout,
    /// The side being designed.
    pub side: Side,
    /// The working copy (`None` until taken from the event).
    pub template: Option<BadgeTemplate>,
    /// The element selected (index into the side's elements).
    pub selected: Option<usize>,
    /// Earlier versions of the working copy, newest last.
    pub undo: Vec<BadgeTemplate>,
    /// Emblem and selected delegate for the preview.
    pub inputs: samples::Inputs,
    /// Whether the working copy differs from the event's.
    pub dirty: bool,
    /// The template check's verdict on the working copy (`None`: it passes).
    pub refusal: Option<String>,
    /// The last save's outcome, for the screen.
    pub saved: Option<Result<(), String>>,
    /// A change is in progress (drag or typing): one undo step for all of it.
    gesture: bool,
    /// The kind chosen in "Add element".
    add_kind: Option<crate::badge::template::Kind>,
    /// The element being dragged: its index, resizing (else moving), the box "without photo".
    drag: Option<(usize, bool, bool)>,
    /// The previews last laid out, and what from.
    cache: Option<canvas::Cached>,
    /// Bumped when the preview data changes (cache key).
    inputs_generation: u64,
}

impl DesignView {
    /// The elements of the side being edited.
    pub fn elements(&self) -> &[Element] {
        self.template.as_ref().map_or(&[], |t| {
            let l = t.get(self.layout);
            match self.side {
                Side::Front => &l.front,
                Side::Back => &l.back,
            }
        })
    }

    /// The layout template being edited, to change.
    pub fn layout_mut(&mut self) -> Option<&mut LayoutTemplate> {
        let kind = self.layout;
        self.template.as_mut().map(|t| t.get_mut(kind))
    }

    /// The elements of the side being edited, to change.
    pub fn elements_mut(&mut self) -> Option<&mut Vec<Element>> {
        let side = self.side;
        self.layout_mut().map(|l| match side {
            Side::Front => &mut l.front,
            Side::Back => &mut l.back,
        })
    }

    /// Goes back one change.
    pub fn undo(&mut self) {
        if let Some(t) = self.undo.pop() {
            self.template = Some(t);
            self.dirty = true;
            self.gesture = false;
            let n = self.elements().len();
            if self.selected.is_some_and(|i| i >= n) {
                self.selected = None;
            }
        }
    }
}

/// The event with the working template (what the preview and the check use).
fn working_event(view: &DesignView, event: &Event) -> Event {
    let mut ev = event.clone();
    if let Some(t) = &view.template {
        ev.badge = t.clone();
    }
    ev
}

/// Draws the screen.
pub fn ui(view: &mut DesignView, ui: &mut Ui, cx: &mut Cx<'_>) {
    if view.template.is_none() || (!view.dirty && view.template.as_ref() != Some(&cx.data.event.badge)) {
        view.template = Some(cx.data.event.badge.clone());
        view.undo.clear();
    }
    let before = view.template.clone();
    let undo_pressed = ui.input_mut(|i| {
        i.consume_shortcut(&egui::KeyboardShortcut::new(
            egui::Modifiers::COMMAND,
            egui::Key::Z,
        ))
    });
    if undo_pressed {
        view.undo();
    }
    toolbar(view, ui, cx);
    ui.separator();
    let ev = working_event(view, &cx.data.event);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(210.0);
            inspector::list_ui(view, ui);
        });
        ui.separator();
        let canvas_w = (ui.available_width() - 330.0).max(240.0);
        ui.vertical(|ui| {
            ui.set_width(canvas_w);
            canvas::previews_ui(view, &ev, ui, cx);
        });
        ui.separator();
        ui.vertical(|ui| {
            egui::ScrollArea::vertical()
                .id_salt("design_properties")
                .show(ui, |ui| inspector::properties_ui(view, ui));
        });
    });
    // One undo step per gesture: a drag, or typing in one field.
    let changed = !undo_pressed && view.template != before;
    let busy = ui.input(|i| i.pointer.any_down()) || ui.ctx().egui_wants_keyboard_input();
    if changed {
        if !view.gesture
            && let Some(b) = before
        {
            view.undo.push(b);
            if view.undo.len() > 200 {
                view.undo.remove(0);
            }
        }
        view.dirty = true;
        view.saved = None;
        view.gesture = busy;
    } else if !busy {
        view.gesture = false;
    }
    if changed || view.refusal.is_none() && view.dirty {
        let ev = working_event(view, &cx.data.event);
        view.refusal = crate::badge::template_check::check(&ev)
            .err()
            .map(|r| crate::gui::causes::words(&format!("{}: {}", r.field, r.message)));
    }
}

fn toolbar(view: &mut DesignView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.horizontal(|ui| {
        ui.heading(crate::tr!("screen-design"));
        let l = ui.label(crate::tr!("part-format"));
        egui::ComboBox::from_id_salt("design_layout")
            .selected_text(view.layout.to_string())
            .show_ui(ui, |ui| {
                for k in Layout::ALL {
                    if ui.selectable_value(&mut view.layout, k, k.to_string()).changed() {
                        view.selected = None;
                    }
                }
            })
            .response
            .labelled_by(l.id);
        for (s, label) in [
            (Side::Front, crate::tr!("des-front")),
            (Side::Back, crate::tr!("des-back")),
        ] {
            if ui.add(egui::Button::selectable(view.side == s, label)).clicked() {
                view.side = s;
                view.selected = None;
            }
        }
        let margin_label = ui.label(crate::tr!("des-margin"));
        if let Some(l) = view.layout_mut() {
            ui.add(
                egui::DragValue::new(&mut l.margin_mm)
                    .speed(0.1)
                    .range(0.0..=15.0)
                    .suffix(" mm"),
            )
            .labelled_by(margin_label.id);
        }
        if ui
            .add_enabled(!view.undo.is_empty(), egui::Button::new(crate::tr!("des-undo")))
            .on_hover_text("Ctrl+Z")
            .clicked()
        {
            view.undo();
        }
        if ui
            .button(crate::tr!("des-default"))
            .on_hover_text(crate::tr!("des-default-hint"))
            .clicked()
        {
            let kind = view.layout;
            if let Some(t) = view.template.as_mut() {
                *t.get_mut(kind) = BadgeTemplate::default().get(kind).clone();
            }
            view.selected = None;
        }
        if ui.button(crate::tr!("des-reload")).clicked() {
            cx.send(Command::Design(DesignCommand::Load));
        }
        let can_save = view.dirty && view.refusal.is_none() && !cx.locked;
        if ui
            .add_enabled(can_save, egui::Button::new(crate::tr!("des-save")))
            .clicked()
            && let Some(t) = &view.template
        {
            cx.send(Command::Design(DesignCommand::Save(Box::new(t.clone()))));
        }
    });
    ui.horizontal(|ui| match (&view.refusal, &view.saved) {
        (Some(r), _) => {
            ui.label(
                RichText::new(crate::tr!("des-cannot-save", reason = r.to_string())).color(error_colour(ui)),
            );
        }
        (None, Some(Err(e))) => {
            ui.label(
                RichText::new(crate::tr!("del-msg-not-saved", error = e.to_string())).color(error_colour(ui)),
            );
        }
        (None, Some(Ok(()))) => {
            ui.label(crate::tr!("des-saved"));
        }
        (None, None) if view.dirty => {
            ui.label(crate::tr!("des-passes"));
        }
        (None, None) => {
            ui.label(RichText::new(crate::tr!("des-events-design")).weak());
        }
    });
}
