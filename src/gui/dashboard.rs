//! The Dashboard: accredited / printed / checked in per delegation and per category, and
//! arrivals per hour, as tables and plots. The numbers come from [`crate::checkin::stats`],
//! computed when the screen opens or on Refresh, never per frame.

use egui::{Color32, RichText, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::checkin::{Counts, Stats};
use crate::gui::context::{Command, Cx, Shell, chain};

/// State of the Dashboard.
#[derive(Debug, Default)]
pub struct DashboardView {
    /// The latest statistics.
    pub stats: Option<Stats>,
    /// The audit chain's head (`entry N HEX`), to write down or sign.
    pub head: Option<String>,
    /// Who is inside now (computed with the statistics).
    pub inside: Option<crate::checkin::Presence>,
}

const ACCREDITED: Color32 = Color32::from_rgb(70, 110, 200);
const PRINTED: Color32 = Color32::from_rgb(230, 150, 40);
const CHECKED_IN: Color32 = Color32::from_rgb(40, 150, 70);

/// Draws the screen.
pub fn ui(view: &mut DashboardView, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.horizontal(|ui| {
        ui.heading("Dashboard");
        if ui.button("Refresh").clicked() {
            cx.send(Command::RefreshStats);
        }
    });
    ui.horizontal(|ui| {
        ui.label(RichText::new("Audit head:").weak());
        ui.monospace(view.head.as_deref().unwrap_or("none"));
    });
    egui::CollapsingHeader::new(crate::gui::network::headline(cx.network))
        .id_salt("dashboard_network")
        .show(ui, |ui| crate::gui::network::network_ui(ui, cx.network));
    let Some(s) = &view.stats else {
        ui.label("Press Refresh to compute the figures.");
        return;
    };
    let t = &s.total;
    ui.horizontal(|ui| {
        for (label, n) in [
            ("Nominated", t.nominated),
            ("Accredited", t.accredited),
            ("Printed", t.printed),
            ("Checked in", t.checked_in),
            ("Double entries", s.double_entries),
        ] {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.label(label);
                    ui.label(RichText::new(n.to_string()).size(28.0).strong());
                });
            });
        }
        for (day, n) in s.days.iter().zip(&t.by_day) {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.label(format!("In on {day}"));
                    ui.label(RichText::new(n.to_string()).size(28.0).strong());
                });
            });
        }
    });
    if let Some(p) = &view.inside {
        ui.horizontal(|ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.label(format!(
                        "Inside now ({})",
                        crate::gui::widgets::dates_in_words(&p.at_local)
                    ));
                    ui.label(RichText::new(p.total.to_string()).size(28.0).strong());
                });
            });
            for c in &p.per_zone {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.vertical(|ui| {
                        ui.label(format!(
                            "Inside {}",
                            crate::checkin::presence::zone_label(&c.zone)
                        ));
                        ui.label(RichText::new(c.inside.to_string()).size(28.0).strong());
                    });
                });
            }
            if ui.button("Evacuation roll (PDF)").clicked() {
                cx.send(Command::PresenceRoll);
            }
        });
    }
    ui.separator();
    let half = (ui.available_width() - 16.0) / 2.0;
    let plot_h = (ui.available_height() * 0.42).clamp(160.0, 320.0);
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.set_width(half);
            ui.strong("Arrivals per hour");
            arrivals_plot(s, ui, half, plot_h);
        });
        ui.vertical(|ui| {
            ui.set_width(half);
            ui.strong("By category");
            category_plot(s, ui, half, plot_h);
        });
    });
    ui.separator();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(half);
            ui.strong("By delegation");
            lines_table(ui, "by_delegation", &s.by_delegation, &s.days);
        });
        ui.vertical(|ui| {
            ui.set_width(half);
            ui.strong("By category");
            lines_table(ui, "by_category", &s.by_category, &s.days);
        });
    });
}

fn arrivals_plot(s: &Stats, ui: &mut Ui, w: f32, h: f32) {
    // One bar per hour with arrivals, in time order (nights and empty hours left out).
    let labels: Vec<String> = s
        .arrivals_per_hour
        .iter()
        .map(|a| format!("{} {:02}h", a.day.get(5..).unwrap_or(&a.day), a.hour))
        .collect();
    let bars: Vec<Bar> = s
        .arrivals_per_hour
        .iter()
        .enumerate()
        .map(|(i, a)| {
            Bar::new(i as f64, a.arrivals as f64)
                .name(format!("{} {:02}:00", a.day, a.hour))
                .width(0.7)
                .fill(CHECKED_IN)
        })
        .collect();
    Plot::new("arrivals_plot")
        .width(w)
        .height(h)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .y_axis_label("people")
        .x_axis_formatter(move |m, _| {
            let v = m.value;
            if (v - v.round()).abs() > 0.01 || v < 0.0 {
                return String::new();
            }
            labels.get(v.round() as usize).cloned().unwrap_or_default()
        })
        .show(ui, |p| {
            p.bar_chart(BarChart::new("Arrivals", bars).color(CHECKED_IN))
        });
}

fn category_plot(s: &Stats, ui: &mut Ui, w: f32, h: f32) {
    let series = |name: &str, colour: Color32, offset: f64, pick: fn(&Counts) -> u64| {
        let bars = s
            .by_category
            .iter()
            .enumerate()
            .map(|(i, l)| {
                Bar::new(i as f64 + offset, pick(&l.counts) as f64)
                    .name(&l.code)
                    .width(0.25)
                    .fill(colour)
            })
            .collect();
        BarChart::new(name, bars).color(colour)
    };
    let codes: Vec<String> = s.by_category.iter().map(|l| l.code.clone()).collect();
    let a = series("Accredited", ACCREDITED, -0.27, |c| c.accredited);
    let p = series("Printed", PRINTED, 0.0, |c| c.printed);
    let c = series("Checked in", CHECKED_IN, 0.27, |c| c.checked_in);
    Plot::new("category_plot")
        .width(w)
        .height(h)
        .legend(Legend::default())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_formatter(move |m, _| {
            let v = m.value;
            if (v - v.round()).abs() > 0.01 || v < 0.0 {
                return String::new();
            }
            codes.get(v.round() as usize).cloned().unwrap_or_default()
        })
        .show(ui, |pu| {
            pu.bar_chart(a);
            pu.bar_chart(p);
            pu.bar_chart(c);
        });
}

fn lines_table(ui: &mut Ui, id: &str, lines: &[crate::checkin::Line], days: &[String]) {
    ui.push_id(id, |ui| {
        let mut tb = TableBuilder::new(ui)
            .id_salt(id)
            .striped(true)
            .column(Column::initial(180.0).clip(true));
        for _ in 0..(4 + days.len()) {
            tb = tb.column(Column::auto().at_least(56.0));
        }
        tb.header(20.0, |mut h| {
            for t in ["Name", "Nominated", "Accredited", "Printed", "Checked in"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
            for d in days {
                h.col(|ui| {
                    ui.strong(d.get(5..).unwrap_or(d));
                });
            }
        })
        .body(|body| {
            body.rows(20.0, lines.len(), |mut row| {
                let Some(l) = lines.get(row.index()) else { return };
                row.col(|ui| {
                    ui.label(&l.name);
                });
                let c = &l.counts;
                for n in [c.nominated, c.accredited, c.printed, c.checked_in]
                    .into_iter()
                    .chain(c.by_day.iter().copied())
                {
                    row.col(|ui| {
                        ui.label(n.to_string());
                    });
                }
            });
        });
    });
}

/// Recomputes the figures (when the screen opens, on Refresh); `at` is the door's clock (the
/// rehearsal clock when set), for who is inside.
pub fn refresh(view: &mut DashboardView, sh: &mut Shell<'_>, at: time::OffsetDateTime) {
    match crate::checkin::stats(sh.reg) {
        Ok(s) => view.stats = Some(s),
        Err(e) => sh.error(format!("Cannot compute the figures: {}", chain(&e))),
    }
    view.head = crate::registry::chain::head(sh.reg.conn())
        .ok()
        .flatten()
        .map(|(id, h)| format!("entry {id} {}", crate::registry::chain::hex(&h)));
    match crate::checkin::presence(sh.reg, at, None) {
        Ok(p) => view.inside = Some(p),
        Err(e) => sh.error(format!("Cannot read the scan log: {}", chain(&e))),
    }
}

/// After the database was replaced (a purge, a restore): figures shown are computed again.
pub fn after_replace(view: &mut DashboardView, sh: &mut Shell<'_>) {
    if view.stats.is_some()
        && let Ok(s) = crate::checkin::stats(sh.reg)
    {
        view.stats = Some(s);
    }
}
