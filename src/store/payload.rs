//! An action's payload read straight into its variant, picked by the event's action column:
//! serde's internally tagged form buffers every payload into an intermediate tree first
//! (a tenth of `verify`'s time on a million records). The payload's own `action` tag must
//! name the same variant, exactly once; anything else goes the general way.

use crate::domain::Action;
use crate::domain::kinds::*;
use serde::Deserialize;
use std::borrow::Cow;

/// The payload as `Action`, when it is the variant `action` names; None: take the general way.
pub(super) fn action_of(action: &[u8], payload: &[u8]) -> Option<Action> {
    macro_rules! variant {
        ($slug:literal, $name:ident { $($(#[$attr:meta])* $field:ident : $ty:ty),* }) => {{
            #[derive(Deserialize)]
            struct P<'a> {
                #[serde(borrow)]
                action: Cow<'a, str>,
                $($(#[$attr])* $field: $ty,)*
            }
            let p: P<'_> = serde_json::from_slice(payload).ok()?;
            (p.action == $slug).then_some(Action::$name { $($field: p.$field),* })
        }};
        ($slug:literal, $name:ident) => {{
            #[derive(Deserialize)]
            struct P<'a> {
                #[serde(borrow)]
                action: Cow<'a, str>,
            }
            let p: P<'_> = serde_json::from_slice(payload).ok()?;
            (p.action == $slug).then_some(Action::$name)
        }};
    }
    match action {
        b"dispatch" => variant!("dispatch", Dispatch { to: String }),
        b"arrive" => variant!("arrive", Arrive),
        b"assess" => variant!(
            "assess",
            Assess {
                difficulty: Difficulty
            }
        ),
        b"resolve" => variant!("resolve", Resolve { #[serde(default)] fee: Option<String> }),
        b"callback" => variant!(
            "callback",
            Callback {
                form: CallbackForm,
                satisfaction: Satisfaction
            }
        ),
        b"classify" => variant!(
            "classify",
            Classify {
                class: ComplaintClass
            }
        ),
        b"reply" => variant!(
            "reply",
            Reply {
                #[serde(default)]
                written: bool
            }
        ),
        b"note" => variant!("note", Note { text: String }),
        b"void" => variant!("void", Void { reason: String }),
        b"escalate" => variant!("escalate", Escalate { to: ComplaintClass }),
        b"watch" => variant!(
            "watch",
            Watch {
                instruction: String
            }
        ),
        b"unwatch" => variant!("unwatch", Unwatch),
        b"sign" => variant!(
            "sign",
            Sign {
                by: String,
                content: serde_json::Value
            }
        ),
        b"refuse" => variant!(
            "refuse",
            Refuse {
                by: String,
                reason: String
            }
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn general(payload: &str) -> Option<Action> {
        serde_json::from_str::<Action>(payload).ok()
    }

    /// Every action the program writes reads the same both ways.
    #[test]
    fn each_action_reads_as_the_tagged_form_does() {
        let actions = [
            Action::Dispatch { to: "马师傅".into() },
            Action::Arrive,
            Action::Assess {
                difficulty: Difficulty::Simple,
            },
            Action::Resolve { fee: None },
            Action::Resolve {
                fee: Some("30".into()),
            },
            Action::Callback {
                form: CallbackForm::Visit,
                satisfaction: Satisfaction::Unsatisfied,
            },
            Action::Classify {
                class: ComplaintClass::Minor,
            },
            Action::Reply { written: true },
            Action::Note {
                text: "a \"quoted\" \\ line\n".into(),
            },
            Action::Void {
                reason: "重复登记".into(),
            },
            Action::Escalate {
                to: ComplaintClass::Major,
            },
            Action::Watch {
                instruction: "check".into(),
            },
            Action::Unwatch,
            Action::Sign {
                by: "li".into(),
                content: serde_json::json!({"chain_head": [7, "ab"], "n": 1.5}),
            },
            Action::Refuse {
                by: "li".into(),
                reason: "no".into(),
            },
        ];
        for a in actions {
            let payload = serde_json::to_string(&a).unwrap();
            assert_eq!(action_of(a.slug().as_bytes(), payload.as_bytes()), Some(a));
        }
    }

    /// A payload the direct reading does not take as written goes the general way (None here),
    /// whatever that way makes of it.
    #[test]
    fn anything_else_is_left_to_the_tagged_form() {
        let cases: [(&str, &str); 9] = [
            ("note", r#"{"action":"void","reason":"x"}"#),
            ("note", r#"{"action":"note","action":"note","text":"x"}"#),
            ("note", r#"{"action":"note","text":"x","text":"y"}"#),
            ("note", r#"{"text":"x"}"#),
            ("note", r#"{"action":"note"}"#),
            ("arrive", r#"{"action":1}"#),
            ("resolve", r#"{"action":"resolve","fee":3}"#),
            ("bogus", r#"{"action":"bogus"}"#),
            ("note", r#"{"action":"note","text":"x"} x"#),
        ];
        for (action, payload) in cases {
            assert_eq!(action_of(action.as_bytes(), payload.as_bytes()), None, "{payload}");
        }
        // Fields the program does not know are ignored both ways; an escaped tag is the tag.
        for (action, payload) in [
            ("arrive", r#"{"action":"arrive","extra":[1]}"#),
            ("note", r#"{"action":"no\u0074e","text":"x","more":null}"#),
            ("reply", r#"{"action":"reply"}"#),
            ("resolve", r#"{"action":"resolve","fee":null}"#),
        ] {
            let direct = action_of(action.as_bytes(), payload.as_bytes());
            assert!(direct.is_some(), "{payload}");
            assert_eq!(direct, general(payload), "{payload}");
        }
    }
}
