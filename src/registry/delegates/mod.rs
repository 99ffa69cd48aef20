//! Delegations and delegates: reads, writes, protocol order. Every write is audited.
//!
//! - `read`: delegates by id, external id or reference; lists; photos.
//! - `checker`: [`Checker`], the event and delegations loaded once to validate and
//!   normalise delegates by the one rule of [`super::validate`].
//! - `write`: insert, update, reissue, mark printed (each audited).
//! - `audit_view`: a delegate as the audit trail records it.
//! - `delegations`: delegations in protocol order.
//! - `drift`: delegates changed behind the application's back (compared with the trail).

mod audit_view;
mod checker;
mod delegations;
mod drift;
mod read;
mod write;

pub use audit_view::{AuditView, created_view};
pub use checker::Checker;
pub use delegations::{delegation, delegations, protocol_key, sort_protocol};
pub use drift::drift;
pub use read::{
    count, external_ids, find, for_each, get, get_without_photo, id_by_external, list, many_without_photo,
    photo,
};
pub use write::{
    PhotoUpdate, insert, insert_checked, insert_unaudited, mark_printed, reissue, update, update_checked,
};
