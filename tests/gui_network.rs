//! The network state on the Door screen and the Dashboard: a single station says so; a
//! station joined to a real hub (a private PostgreSQL server) shows it connected with the
//! stations known, then offline since when after the server stops, and the sync worker runs
//! in the background without holding the UI.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod gui_support;
mod hub_support;

use accredit::gui::Screen;
use accredit::hub::{HubLogin, JoinConfig, config, schema};
use egui_kittest::kittest::Queryable;
use gui_support::{Fixture, wait_until};
use hub_support::PgServer;

fn has_label(h: &egui_kittest::Harness<'static, accredit::gui::AccreditApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn a_single_station_shows_no_hub() {
    let fx = Fixture::new();
    let mut h = fx.harness(Screen::Door);
    h.state_mut().start_sync();
    h.run_ok();
    assert!(h.state().network.is_none());
    assert!(has_label(&h, "Single station (no hub)"));
}

#[test]
fn the_door_and_the_dashboard_show_the_hub_connected_then_offline() {
    let pg = PgServer::start();
    let init = schema::init(&HubLogin::parse(&pg.admin_url()).unwrap(), false).unwrap();
    let fx = Fixture::new();
    {
        let mut reg = fx.reg();
        config::save(
            &mut reg,
            &JoinConfig {
                login: init.desk.login.clone(),
                door_login: Some(init.door.login.clone()),
            },
        )
        .unwrap();
    }
    let mut h = fx.harness(Screen::Door);
    h.state_mut().start_sync();
    wait_until(&mut h, "the hub connected", |app| {
        app.network
            .as_ref()
            .is_some_and(|s| s.connected && !s.stations.is_empty())
    });
    assert!(has_label(&h, "Hub connected"));
    let url = format!("postgres://hub_desk@127.0.0.1:{}/hub", pg.port());
    assert!(has_label(&h, &url), "the hub is shown without password");
    assert!(!has_label(&h, &init.desk.login.password));
    assert!(has_label(&h, "Stations known: 1"));
    assert!(has_label(&h, "Waiting to be sent"));

    pg.stop();
    wait_until(&mut h, "the hub offline", |app| {
        app.network.as_ref().is_some_and(|s| !s.connected)
    });
    assert!(has_label(&h, "Hub offline since"));
    h.state_mut()
        .send(accredit::gui::Command::Show(Screen::Dashboard));
    h.run_ok();
    assert!(has_label(&h, "Hub offline since"));
    // Back online: the worker reconnects by itself.
    pg.start_again();
    wait_until(&mut h, "the hub back", |app| {
        app.network.as_ref().is_some_and(|s| s.connected)
    });
    assert!(has_label(&h, "Hub connected"));
}

#[test]
fn closing_a_desk_that_doors_depend_on_says_revocations_stop() {
    let pg = PgServer::start();
    let init = schema::init(&HubLogin::parse(&pg.admin_url()).unwrap(), false).unwrap();
    let fx = Fixture::new();
    {
        let mut reg = fx.reg();
        config::save(
            &mut reg,
            &JoinConfig {
                login: init.desk.login.clone(),
                door_login: Some(init.door.login.clone()),
            },
        )
        .unwrap();
    }
    // A door station the hub has heard from.
    let mut door = accredit::hub::Hub::connect(&init.door.login).unwrap();
    door.heartbeat("D1", "door", "Door A", "").unwrap();
    let mut h = fx.harness(Screen::Stations);
    h.state_mut().start_sync();
    wait_until(&mut h, "the door in the station list", |app| {
        app.network
            .as_ref()
            .is_some_and(|s| s.stations.iter().any(|st| st.role == "door"))
    });
    assert!(
        has_label(&h, "Hub connected"),
        "the Stations screen shows the network"
    );
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_ok();
    assert!(has_label(
        &h,
        "revocations stop reaching the doors until it runs again"
    ));
    assert!(has_label(&h, "Close anyway"));
}
