//! A kind's words, en + zh, in one place: its name, the title of its new-record form, and (for
//! a kind with a tab) the tab's title and the help line of the key that opens it.

use super::{Label, Lang};
use crate::domain::RecordKind;

type Pair = (&'static str, &'static str);

struct Words {
    name: Pair,
    /// The title of the desk's new-record form.
    form: Pair,
    /// The tab's title and its number key's help line.
    tab: Option<(Pair, Pair)>,
}

fn words(kind: RecordKind) -> Words {
    match kind {
        RecordKind::Log => Words {
            name: ("Duty log", "值班记录"),
            form: ("New duty-log entry", "新值班记录"),
            tab: Some((("Duty log", "值班记录"), ("Duty log", "值班记录"))),
        },
        RecordKind::Call => Words {
            name: ("Call/visit", "来电来访"),
            form: ("New call / visit", "新来电来访"),
            tab: Some((("Calls", "来电来访"), ("Calls and visits", "来电来访"))),
        },
        RecordKind::Repair => Words {
            name: ("Repair", "报修"),
            form: ("New repair", "新报修"),
            tab: Some((("Repairs", "急修/报修"), ("Repairs", "急修/报修"))),
        },
        RecordKind::Handover => Words {
            name: ("Handover", "交接班"),
            // A new record on the handover tab is a note on the shift's handover.
            form: ("Note for the handover", "交接班备注"),
            tab: None,
        },
        RecordKind::Incident => Words {
            name: ("Major incident", "重大事项"),
            form: ("New major incident", "新重大事项"),
            tab: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Slug;

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
