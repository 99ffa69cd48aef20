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
        ui.heading(crate::tr!("screen-dashboard"));
        if ui.button(crate::tr!("dash-refresh")).clicked() {
            cx.send(Command::RefreshStats);
        }
    });
    ui.horizontal(|ui| {
        ui.label(RichText::new(crate::tr!("dash-audit-head")).weak());
        ui.monospace(view.head.clone().unwrap_or_else(|| crate::tr!("dash-none")));
    });
    egui::CollapsingHeader::new(crate::gui::network::headline(cx.network))
        .id_salt("dashboard_network")
        .show(ui, |ui| crate::gui::network::network_ui(ui, cx.network));
    let Some(s) = &view.stats else {
        ui.label(crate::tr!("dash-press-refresh"));
        return;
    };
    let t = &s.total;
    ui.horizontal(|ui| {
        for (label, n) in [
            ("reg-nominated", t.nominated),
            ("reg-accredited", t.accredited),
            ("reg-printed", t.printed),
            ("reg-checked-in", t.checked_in),
            ("dash-double-entries", s.double_entries),
        ] {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.label(crate::tr!(label));
                    ui.label(
                        RichText::new(crate::i18n::number(crate::i18n::current(), n as i64))
                            .size(28.0)
                            .strong(),
                    );
                });
            });
        }
        for (day, n) in s.days.iter().zip(&t.by_day) {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.label(crate::tr!(
                        "dash-in-on",
                        day = crate::i18n::dates::long_iso(crate::i18n::current(), day)
                    ));
                    ui.label(
                        RichText::new(crate::i18n::number(crate::i18n::current(), *n as i64))
                            .size(28.0)
                            .strong(),
                    );
                });
            });
        }
    });
    if let Some(p) = &view.inside {
        ui.horizontal(|ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.vertical(|ui| {
                    ui.label(crate::tr!(
                        "dash-inside-now",
                        at = crate::gui::clock::local_words(&p.at_local)
                    ));
                    ui.label(RichText::new(p.total.to_string()).size(28.0).strong());
                });
            });
            for c in &p.per_zone {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.vertical(|ui| {
                        ui.label(crate::tr!(
                            "dash-inside-zone",
                            zone = if c.zone.is_empty() {
                                crate::tr!("door-entrance")
                            } else {
                                crate::checkin::presence::zone_label(&c.zone).to_string()
                            }
                        ));
                        ui.label(RichText::new(c.inside.to_string()).size(28.0).strong());
                    });
                });
            }
            if ui.button(crate::tr!("door-evacuation-roll")).clicked() {
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
            ui.strong(crate::tr!("dash-arrivals-per-hour"));
            arrivals_plot(s, ui, half, plot_h);
        });
        ui.vertical(|ui| {
            ui.set_width(half);
            ui.strong(crate::tr!("dash-by-category"));
            category_plot(s, ui, half, plot_h);
        });
    });
    ui.separator();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(half);
            ui.strong(crate::tr!("dash-by-delegation"));
            lines_table(ui, "by_delegation", &s.by_delegation, &s.days);
        });
        ui.vertical(|ui| {
            ui.set_width(half);
            ui.strong(crate::tr!("dash-by-category"));
            lines_table(ui, "by_category", &s.by_category, &s.days);
        });
    });
    not_answered(s, ui, cx);
}

/// The delegations that have not answered (no nominee yet), each opening the Delegates
/// screen on it; and those over a quota.
fn not_answered(s: &Stats, ui: &mut Ui, cx: &mut Cx<'_>) {
    ui.separator();
    let over: Vec<String> = s
        .nominations
        .iter()
        .filter(|n| n.over_quota())
        .map(|n| format!("{} ({})", n.code, n.quota_text()))
        .collect();
    if !over.is_empty() {
        ui.label(crate::tr!("dash-over-quota", list = over.join("; ")));
    }
    egui::CollapsingHeader::new(crate::tr!("dash-not-answered", count = s.not_answered.len()))
        .id_salt("dashboard_not_answered")
        .show(ui, |ui| {
            if s.not_answered.is_empty() {
                ui.label(crate::tr!("dash-all-answered"));
            }
            ui.horizontal_wrapped(|ui| {
                for code in &s.not_answered {
                    if ui
                        .link(cx.data.delegation_name(code))
                        .on_hover_text(code.as_str())
                        .clicked()
                    {
                        cx.send(Command::OpenDelegation(code.clone()));
                    }
                }
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
        .y_axis_label(crate::tr!("dash-people"))
        .x_axis_formatter(move |m, _| {
            let v = m.value;
            if (v - v.round()).abs() > 0.01 || v < 0.0 {
                return String::new();
            }
            labels.get(v.round() as usize).cloned().unwrap_or_default()
        })
        .show(ui, |p| {
            p.bar_chart(BarChart::new(crate::tr!("dash-arrivals"), bars).color(CHECKED_IN))
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
    let a = series(&crate::tr!("reg-accredited"), ACCREDITED, -0.27, |c| c.accredited);
    let p = series(&crate::tr!("reg-printed"), PRINTED, 0.0, |c| c.printed);
    let c = series(&crate::tr!("reg-checked-in"), CHECKED_IN, 0.27, |c| c.checked_in);
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
            for t in [
                "reg-name",
                "reg-nominated",
                "reg-accredited",
                "reg-printed",
                "reg-checked-in",
            ] {
                h.col(|ui| {
                    ui.strong(crate::tr!(t));
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
        Err(e) => sh.error(crate::tr!("dash-msg-no-figures", error = chain(&e))),
    }
    view.head = crate::registry::chain::head(sh.reg.conn())
        .ok()
        .flatten()
        .map(|(id, h)| {
            crate::tr!(
                "dash-entry",
                id = id.to_string(),
                hash = crate::registry::chain::hex(&h)
            )
        });
    match crate::checkin::presence(sh.reg, at, None) {
        Ok(p) => view.inside = Some(p),
        Err(e) => sh.error(crate::tr!("door-msg-log-unreadable", error = chain(&e))),
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
