//! What the Delegates screen's commands do: open a delegate (or a new one) in the form, save
//! it, change a status, load a photo, close the form; one transaction each, in the core.

use super::DelegatesView;
use crate::gui::context::{Command, Screen, Shell, chain};
use crate::registry::{Delegate, Status};

/// Applies one of the Delegates screen's commands (others are not its own and are ignored).
pub fn apply(view: &mut DelegatesView, sh: &mut Shell<'_>, cmd: Command) {
    match cmd {
        Command::FocusSearch => {
            *sh.screen = Screen::Delegates;
            view.focus_search = true;
        }
        Command::OpenDelegation(code) => {
            view.filter.delegation = Some(code);
            *sh.screen = Screen::Delegates;
        }
        Command::OpenDelegate(id) => {
            *sh.screen = Screen::Delegates;
            match sh.reg.delegate(id) {
                Ok(d) => {
                    let history = sh.reg.history("delegate", &id.to_string()).unwrap_or_default();
                    view.open(d, history);
                }
                Err(e) => sh.error(crate::tr!(
                    "del-msg-cannot-open",
                    id = id.to_string(),
                    error = chain(&e)
                )),
            }
        }
        Command::NewDelegate => {
            *sh.screen = Screen::Delegates;
            let mut d = Delegate::default();
            if let Some(code) = &view.filter.delegation {
                d.delegation = code.clone();
                d.category = sh
                    .data
                    .delegation(code)
                    .map(|g| g.default_category.clone())
                    .unwrap_or_default();
            }
            view.open(d, Vec::new());
        }
        Command::SaveDelegate(d) => save(view, sh, *d),
        Command::SetStatus(id, status) => change_status(view, sh, id, status, String::new()),
        Command::ChangeStatus { id, status, reason } => change_status(view, sh, id, status, reason),
        Command::ResolveConflict { serial, field, keep } => resolve(view, sh, serial, &field, &keep),
        Command::CloseForm => {
            view.form = None;
            // Back to the search, on the same row, for the next person.
            view.focus_search = *sh.screen == Screen::Delegates;
        }
        Command::LoadPhoto(path) => match crate::registry::photo::load(&path) {
            Ok(jpeg) => {
                if let Some(form) = &mut view.form {
                    form.set_photo(jpeg, &path);
                }
            }
            Err(e) => {
                if let Some(form) = &mut view.form {
                    form.photo_error = Some(chain(&e));
                }
            }
        },
        _ => {}
    }
}

fn save(view: &mut DelegatesView, sh: &mut Shell<'_>, d: Delegate) {
    let result = if d.id == 0 {
        sh.reg.add_delegate(&d)
    } else {
        sh.reg.update_delegate(&d).map(|()| d.id)
    };
    match result {
        Ok(id) => {
            // One row read again, new or changed (not the whole registry).
            after_change(view, sh, id);
            if let Ok(saved) = sh.reg.delegate(id) {
                let history = sh.reg.history("delegate", &id.to_string()).unwrap_or_default();
                view.open(saved, history);
            }
            sh.info(crate::tr!("del-msg-saved", name = d.display_name()));
        }
        Err(e) => {
            let text = crate::tr!("del-msg-not-saved", error = chain(&e));
            if let Some(form) = &mut view.form {
                form.save_error = Some(text.clone());
            }
            sh.error(text);
        }
    }
}

fn change_status(view: &mut DelegatesView, sh: &mut Shell<'_>, id: i64, status: Status, reason: String) {
    match sh.reg.change_status(id, status, &reason) {
        Ok(()) => {
            after_change(view, sh, id);
            let name = sh.data.row(id).map(|r| r.name.clone()).unwrap_or_default();
            sh.info(crate::tr!(
                "del-msg-status-now",
                name = name.to_string(),
                id = id.to_string(),
                status = crate::gui::widgets::status_word(status)
            ));
        }
        Err(e) => sh.error(crate::tr!("del-msg-status-failed", error = chain(&e))),
    }
}

/// After a delegate changed: its cached row is read again, and the form shows the new record
/// when it is open on that delegate.
pub fn after_change(view: &mut DelegatesView, sh: &mut Shell<'_>, id: i64) {
    if let Err(e) = sh.data.refresh_one(sh.reg, id) {
        sh.error(crate::tr!("door-msg-db-unreadable", error = chain(&e)));
    }
    reopen_form(view, sh, id);
}

/// When the form is open on delegate `id`, it shows the record as stored now (after a
/// reissue on the Badges screen, a save, a status change).
pub fn reopen_form(view: &mut DelegatesView, sh: &mut Shell<'_>, id: i64) {
    if let Some(form) = &view.form
        && form.id == id
        && let Ok(d) = sh.reg.delegate(id)
    {
        let history = sh.reg.history("delegate", &id.to_string()).unwrap_or_default();
        view.open(d, history);
    }
}

/// Resolves the open conflict of `field` of delegate `serial` (found again by delegate and
/// field: the numbers of the list may have moved since it was drawn).
fn resolve(
    view: &mut DelegatesView,
    sh: &mut Shell<'_>,
    serial: i64,
    field: &str,
    keep: &crate::registry::conflicts::Keep,
) {
    let number = crate::registry::conflicts::of_delegate(sh.reg.conn(), serial)
        .ok()
        .and_then(|l| l.into_iter().find(|c| c.field == field))
        .map(|c| c.number);
    let Some(number) = number else {
        sh.error(format!(
            "The conflict of {field} of delegate {serial} is no longer open."
        ));
        return;
    };
    match sh.reg.resolve_conflict(number, keep) {
        Ok(c) => {
            after_change(view, sh, serial);
            let value = match keep {
                crate::registry::conflicts::Keep::Mine => c.mine.value,
                crate::registry::conflicts::Keep::Theirs => c.theirs.value,
                crate::registry::conflicts::Keep::Value(v) => v.clone(),
            };
            sh.info(format!(
                "{field} of {} is now {value:?}; the conflict is resolved.",
                c.name
            ));
        }
        Err(e) => sh.error(format!("Could not resolve the conflict: {}", chain(&e))),
    }
}
