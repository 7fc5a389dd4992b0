//! A kind's words, en + zh, in one place: its name, the title of its new-record form, (for
//! a kind with a tab) the tab's title and the help line of the key that opens it, and the help
//! of `add <kind>` (English, as clap's help).

use super::{Label, Lang};
use crate::domain::{Field, RecordKind};

type Pair = (&'static str, &'static str);

struct Words {
    name: Pair,
    /// The title of the desk's new-record form.
    form: Pair,
    /// The tab's title and its number key's help line.
    tab: Option<(Pair, Pair)>,
    /// `add <kind>`'s line in the help and its flags' help (`--at`'s is shared); `None`: the
    /// kind is not written with `add`.
    add: Option<Add>,
}

struct Add {
    about: &'static str,
    /// The help of a flag, by field; a flag not listed says enough by its name.
    flags: &'static [(Field, &'static str)],
}

fn words(kind: RecordKind) -> Words {
    match kind {
        RecordKind::Log => Words {
            name: ("Duty log", "值班记录"),
            form: ("New duty-log entry", "新值班记录"),
            tab: Some((("Duty log", "值班记录"), ("Duty log", "值班记录"))),
            add: Some(Add {
                about: "A duty-log entry (值班记录)",
                flags: &[
                    (
                        Field::Category,
                        "patrol, inspection, key_location, incident, notice, keys_items, note",
                    ),
                    (Field::Location, "Where (inspection area, place)"),
                ],
            }),
        },
        RecordKind::Call => Words {
            name: ("Call/visit", "来电来访"),
            form: ("New call / visit", "新来电来访"),
            tab: Some((("Calls", "来电来访"), ("Calls and visits", "来电来访"))),
            add: Some(Add {
                about: "An incoming call, visit, letter ... (来电来访)",
                flags: &[
                    (
                        Field::CallKind,
                        "consultation, complaint, repair, help, suggestion",
                    ),
                    (Field::Channel, "phone, visit, letter, fax, online"),
                    (Field::Name, "Caller's name"),
                    (Field::Room, "Room, building-unit-room (3-2-1201)"),
                    (Field::Class, "Complaint class: minor, important, major"),
                ],
            }),
        },
        RecordKind::Repair => Words {
            name: ("Repair", "报修"),
            form: ("New repair", "新报修"),
            tab: Some((("Repairs", "急修/报修"), ("Repairs", "急修/报修"))),
            add: Some(Add {
                about: "A repair request / work order (报修/急修)",
                flags: &[
                    (
                        Field::Category,
                        "urgent: elevator_entrapment, structural_danger, power_fault, \
                         water_fault, heating_leak, stairs_railing, falling_hazard, \
                         other_danger; or general, paid",
                    ),
                    (Field::Location, "Where: building, floor, public area ..."),
                    (
                        Field::Room,
                        "Room, building-unit-room (3-2-1201); without a room it is a \
                         public-area repair",
                    ),
                    (Field::Reporter, "Who reported it"),
                    (
                        Field::Appointment,
                        "Agreed appointment (required for paid repairs)",
                    ),
                    (
                        Field::Warranty,
                        "Quality complaint under the developer's warranty: yes, no (alone: yes)",
                    ),
                ],
            }),
        },
        RecordKind::Handover => Words {
            name: ("Handover", "交接班"),
            // A new record on the handover tab is a note on the shift's handover.
            form: ("Note for the handover", "交接班备注"),
            tab: None,
            // Written by signing, not with `add`.
            add: None,
        },
        RecordKind::Incident => Words {
            name: ("Major incident", "重大事项"),
            form: ("New major incident", "新重大事项"),
            tab: None,
            add: Some(Add {
                about: "A major incident to report upward (重大事项)",
                flags: &[
                    (
                        Field::IncidentType,
                        "casualty, fire, flood, explosion, disaster, violence, crowd (report at \
                         once); government, other (report the same day)",
                    ),
                    (Field::Location, "Where it happened"),
                    (
                        Field::Casualties,
                        "How many people hurt or killed (a whole number)",
                    ),
                ],
            }),
        },
        RecordKind::Inspection => Words {
            name: ("Inspection round", "日常巡检"),
            form: ("New inspection round", "新巡检记录"),
            tab: Some((("Rounds", "巡检"), ("Inspection rounds", "日常巡检"))),
            add: Some(Add {
                about: "An inspection round (日常巡检): each check item of the area ok, a problem \
                        or not applicable",
                flags: &[
                    (
                        Field::Area,
                        "stairwell, rooftop, elevator, lobby, grounds, or an area of the config",
                    ),
                    (
                        Field::Location,
                        "Where: the building, floor or place (3号楼)",
                    ),
                    (
                        Field::Item,
                        "KEY=ok|problem|na[:remark], once per item (door_opens=problem:locked); \
                         items not given are not checked",
                    ),
                    (Field::Summary, "A note on the round"),
                ],
            }),
        },
        RecordKind::Pass => Words {
            name: ("Item release pass", "物品放行条"),
            form: ("New item release pass", "新物品放行条"),
            tab: Some((("Passes", "放行条"), ("Item release passes", "物品放行条"))),
            add: Some(Add {
                about: "An item release pass (物品放行条) for a verified owner with the fees settled",
                flags: &[
                    (Field::Room, "Room, building-unit-room (3-2-1201)"),
                    (Field::Owner, "The owner's name"),
                    (Field::Tenant, "The tenant's name, if a tenant lives there"),
                    (
                        Field::VerifiedBy,
                        "How the owner was verified: id_card (in person), phone",
                    ),
                    (
                        Field::Checked,
                        "By phone, every check done: id_number,family,employer",
                    ),
                    (
                        Field::CallerId,
                        "The owner's ID number as the caller states it (whole or its last 4-6), compared with the directory's, never stored",
                    ),
                    (Field::Mover, "Who carries the goods out"),
                    (
                        Field::MoverId,
                        "The mover's 18-character ID number (shown masked)",
                    ),
                    (Field::Items, "The items and their quantities"),
                    (Field::MovingAt, "When the goods leave"),
                    (
                        Field::FeesSettledBy,
                        "Who in finance confirmed every fee settled",
                    ),
                ],
            }),
        },
    }
}

fn pick(lang: Lang, (en, zh): Pair) -> &'static str {
    lang.pick(en, zh)
}

impl Label for RecordKind {
    fn label(&self, lang: Lang) -> &'static str {
        pick(lang, words(*self).name)
    }
}

/// The title of a kind's tab (the kind's name if it has no tab words).
pub fn tab_title(kind: RecordKind, lang: Lang) -> &'static str {
    let w = words(kind);
    pick(lang, w.tab.map_or(w.name, |(title, _)| title))
}

/// The title of a kind's new-record form.
pub fn form_title(kind: RecordKind, lang: Lang) -> &'static str {
    pick(lang, words(kind).form)
}

/// The help line of the number key that opens a kind's tab.
pub fn tab_key_help(kind: RecordKind, lang: Lang) -> &'static str {
    let w = words(kind);
    pick(lang, w.tab.map_or(w.name, |(_, help)| help))
}

/// `add <kind>`'s line in the help (empty for a kind not written with `add`).
pub fn add_about(kind: RecordKind) -> &'static str {
    words(kind).add.map_or("", |a| a.about)
}

/// The help of `add <kind>`'s flag for `field`; `None`: the flag says enough.
pub fn add_flag_help(kind: RecordKind, field: Field) -> Option<&'static str> {
    if field == Field::At {
        return Some(super::cli::AT_HELP);
    }
    let add = words(kind).add?;
    add.flags
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, h)| *h)
        .or_else(|| common_flag_help(field))
}

/// The help of a flag that says the same for every kind that takes it.
fn common_flag_help(field: Field) -> Option<&'static str> {
    Some(match field {
        Field::Summary => "What happened or was asked, in one line",
        Field::Phone => "Contact phone, 3 to 20 digits (13800138000)",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Slug;

    #[test]
    fn every_kind_written_with_add_has_its_help_and_no_help_for_a_flag_it_lacks() {
        for kind in RecordKind::ALL {
            let intake = kind.intake();
            let add = words(*kind).add;
            assert_eq!(intake.takes_entries(), add.is_some(), "{kind}");
            let Some(add) = add else { continue };
            assert!(!add.about.is_empty(), "{kind}");
            for (field, _) in add.flags {
                assert!(
                    intake.fields.iter().any(|spec| spec.field == *field),
                    "{kind}: help for --{} that `add {kind}` does not take",
                    field.slug()
                );
            }
        }
    }

    #[test]
    fn every_kind_with_a_tab_has_its_words() {
        for kind in RecordKind::ALL {
            assert_eq!(kind.tab().is_some(), words(*kind).tab.is_some(), "{kind}");
        }
    }

    #[test]
    fn a_new_handover_record_is_titled_as_the_handover_note_form() {
        for lang in [Lang::En, Lang::Zh] {
            assert_eq!(
                form_title(RecordKind::Handover, lang),
                super::super::tui::T::FormHandoverNote.s(lang)
            );
        }
    }
}
