//! A supervisor's actions at a door: admitting by override (a signed payload or a delegate
//! found by name) and annulling a mistaken scan, each with a reason and logged with the
//! operator.

use super::{Door, ScanContext, Subject, logged};
use crate::checkin::log::{self, LogEntry};
use crate::checkin::rules::{self, Direction, Ruling};
use crate::checkin::verdict::{Verdict, VerdictCode};
use crate::checkin::{CheckinError, Result};
use crate::i18n::Say;
use crate::pass;
use crate::registry::{Registry, RegistryError};

impl Door {
    /// Admits by a supervisor's override, with a reason (required) and the registry's operator
    /// (see [`Registry::set_operator`]); logged durably as `OVERRIDE`. Refuses an `INVALID`
    /// payload and an unknown delegate id.
    pub fn override_admit(
        &self,
        reg: &mut Registry,
        subject: Subject<'_>,
        reason: &str,
        ctx: &ScanContext,
    ) -> Result<Verdict> {
        let (reason, operator) = self.supervised(reg, reason, ctx)?;
        let day = self.day_of(ctx.at);
        logged(reg, |log| {
            let (serial, version, person) = match subject {
                Subject::Payload(p) => {
                    let claims = pass::verify(p, &self.event.code, &self.key)
                        .map_err(|e| CheckinError::CannotOverride(e.to_string()))?;
                    let serial = i64::try_from(claims.serial).unwrap_or(i64::MAX);
                    let person = self.find(log.main, serial)?.map(|d| self.person(d));
                    (serial, claims.version, person)
                }
                Subject::Delegate(id) => {
                    let d = self.find(log.main, id)?.ok_or_else(|| RegistryError::NotFound {
                        what: "delegate with id",
                        reference: id.to_string(),
                    })?;
                    (id, d.badge_version, Some(self.person(d)))
                }
            };
            let prior = log.badge_day(serial, &day)?;
            let at = log::format_at(ctx.at);
            let checkout = self.checkout_at(&day);
            let zone = ctx.zone.as_deref().unwrap_or("");
            let earlier = rules::standing(&prior, zone, &at, &checkout)
                .first
                .map(|e| rules::earlier_entry(e, self.offset, &self.station_names));
            let mut j = Ruling {
                code: VerdictCode::Override,
                serial: Some(serial),
                version: Some(version),
                headline: String::new(),
                earlier,
                detail: String::new(),
                headline_say: Default::default(),
                detail_say: Default::default(),
            };
            j.set_headline(Say::new(VerdictCode::Override.words_id()));
            j.set_detail(
                Say::new("verdict-detail-override")
                    .arg("operator", &operator)
                    .arg("reason", reason),
            );
            // An override admits: it is an entry whatever the station's direction.
            let ctx = ScanContext {
                direction: Direction::In,
                ..ctx.clone()
            };
            self.record(log, j, person, &ctx, day, Some(reason.to_string()), operator)
        })
    }

    /// Annuls a mistaken admission (or exit) with a supervisor's reason: a new log entry
    /// `ANNULLED` naming the scan, logged durably; nothing is deleted. The badge's next scan
    /// is judged as if that scan had not happened. Refuses an unknown scan, a scan that
    /// neither admitted nor recorded an exit, and a scan already annulled.
    pub fn annul(
        &self,
        reg: &mut Registry,
        scan_uuid: &str,
        reason: &str,
        ctx: &ScanContext,
    ) -> Result<Verdict> {
        let (reason, operator) = self.supervised(reg, reason, ctx)?;
        let uuid = scan_uuid.trim().to_ascii_lowercase();
        logged(reg, |log| {
            let target = log
                .get(&uuid)?
                .ok_or_else(|| CheckinError::NoSuchScan(uuid.clone()))?;
            if !target.verdict.passes() {
                return Err(CheckinError::CannotAnnul {
                    uuid,
                    why: format!("it is {}, not an admission or exit", target.verdict),
                });
            }
            if let Some(by) = log.annulment_of(&uuid)? {
                return Err(CheckinError::CannotAnnul {
                    uuid,
                    why: format!("it was already annulled by scan {by}"),
                });
            }
            let person = match target.serial {
                Some(s) => self.find(log.main, s)?.map(|d| self.person(d)),
                None => None,
            };
            let local = log::local_minute(&target.at, self.offset);
            let mut j = Ruling {
                code: VerdictCode::Annulled,
                serial: target.serial,
                version: target.version,
                headline: String::new(),
                detail: String::new(),
                earlier: None,
                headline_say: Default::default(),
                detail_say: Default::default(),
            };
            j.set_headline(Say::new(VerdictCode::Annulled.words_id()));
            j.set_detail(
                Say::new("verdict-detail-annulled")
                    .arg("code", target.verdict.to_string())
                    .arg("time", local)
                    .arg("station", self.station_name(&target.station))
                    .arg("operator", &operator)
                    .arg("reason", reason),
            );
            let ctx = ScanContext {
                zone: (!target.zone.is_empty()).then(|| target.zone.clone()),
                direction: Direction::parse(&target.direction).unwrap_or_default(),
                ..ctx.clone()
            };
            let entry = LogEntry {
                uuid: uuid::Uuid::new_v4().hyphenated().to_string(),
                station: ctx.station.clone(),
                at: log::format_at(ctx.at),
                // The annulment belongs to the day of the scan it cancels.
                day: target.day.clone(),
                verdict: VerdictCode::Annulled,
                serial: target.serial,
                version: target.version,
                zone: target.zone.clone(),
                override_reason: reason.to_string(),
                operator: operator.clone(),
                direction: target.direction.clone(),
                annuls: uuid.clone(),
            };
            self.log_and_answer(log, entry, j, person, &ctx)
        })
    }

    /// What a supervisor's action (override, annulment) starts with: a valid context and a
    /// reason; returns the trimmed reason and the operator.
    fn supervised<'r>(
        &self,
        reg: &Registry,
        reason: &'r str,
        ctx: &ScanContext,
    ) -> Result<(&'r str, String)> {
        self.check_context(ctx)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(CheckinError::EmptyReason);
        }
        use crate::registry::limits::{MAX_OPERATOR_CHARS, MAX_REASON_CHARS, check_label};
        let invalid = |field: &str, message: String| RegistryError::Invalid {
            field: field.into(),
            message,
        };
        check_label("reason", reason, MAX_REASON_CHARS).map_err(|m| invalid("reason", m))?;
        check_label("operator", reg.operator(), MAX_OPERATOR_CHARS).map_err(|m| invalid("operator", m))?;
        Ok((reason, reg.operator().to_string()))
    }
}
