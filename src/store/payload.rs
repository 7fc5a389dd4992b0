//! An action's payload read straight into its variant, picked by the event's action column:
//! serde's internally tagged form buffers every payload into an intermediate tree first
//! (a tenth of `verify`'s time on a million records). The payload's own `action` tag must
//! name the same variant, exactly once; anything else goes the general way.

use crate::domain::kinds::*;
use crate::domain::{Action, NewRecord};
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

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
        b"resolve" => variant!(
            "resolve",
            Resolve {
                #[serde(default)]
                fee: Option<String>,
                #[serde(default)]
                signed: Option<bool>,
                #[serde(default)]
                rating: Option<Rating>,
                #[serde(default)]
                work: Option<String>,
                #[serde(default)]
                materials: Option<String>,
                #[serde(default)]
                result: Option<String>,
                #[serde(default)]
                callback: Option<CallbackOwed>
            }
        ),
        b"callback" => variant!(
            "callback",
            Callback {
                form: CallbackForm,
                satisfaction: Satisfaction,
                #[serde(default)]
                reached: Option<bool>,
                #[serde(default)]
                words: Option<String>,
                #[serde(default)]
                signed: Option<bool>,
                #[serde(default)]
                follow_up: Option<crate::domain::RecordId>,
                #[serde(default)]
                quality: bool
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
                content: serde_json::Value,
                #[serde(default)]
                outgoing: Option<String>
            }
        ),
        b"refuse" => variant!(
            "refuse",
            Refuse {
                by: String,
                reason: String
            }
        ),
        b"report" => variant!(
            "report",
            Report {
                to: String,
                role: String,
                how: ReportHow,
                #[serde(default)]
                answer: Option<String>
            }
        ),
        b"close" => variant!(
            "close",
            Close {
                outcome: String,
                #[serde(default)]
                medical_callback: bool
            }
        ),
        b"propose" => variant!("propose", Propose { text: String }),
        b"notify_developer" => variant!("notify_developer", NotifyDeveloper),
        b"warranty_explained" => variant!("warranty_explained", WarrantyExplained),
        b"notify_heating" => variant!("notify_heating", NotifyHeating),
        b"used" => variant!("used", Used { #[serde(default)] guard: Option<String> }),
        b"notice" => variant!("notice", Notice),
        b"work_order" => variant!(
            "work_order",
            WorkOrder {
                repair: crate::domain::RecordId
            }
        ),
        b"found_problem" => variant!(
            "found_problem",
            FoundProblem {
                item: String,
                repair: crate::domain::RecordId
            }
        ),
        b"follow_up_of" => variant!(
            "follow_up_of",
            FollowUpOf {
                of: crate::domain::RecordId,
                by: FollowUpBy
            }
        ),
        _ => None,
    }
}

/// A creation payload read straight into `NewRecord`, its details into the struct of the kind
/// that `kind` (their first field, as the program writes it) names: serde's tagged form
/// buffers them first. None: take the general way (which gives the same record when this
/// way gives one).
pub(super) fn new_record_of(payload: &[u8]) -> Option<NewRecord> {
    /// `NewRecord`'s fields as it reads them (built below field by field: a new one fails
    /// to compile here until it is added).
    #[derive(Deserialize)]
    struct N {
        details: KindFirst,
        summary: String,
        #[serde(default)]
        room: Option<String>,
        #[serde(default)]
        location: Option<String>,
        #[serde(default)]
        phone: Option<String>,
        #[serde(default)]
        name: Option<String>,
    }
    let n: N = serde_json::from_slice(payload).ok()?;
    Some(NewRecord {
        details: n.details.0,
        summary: n.summary,
        room: n.room,
        location: n.location,
        phone: n.phone,
        name: n.name,
    })
}

/// `Details` whose tag comes first; otherwise an error (the caller then reads the general way).
struct KindFirst(Details);

impl<'de> Deserialize<'de> for KindFirst {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(KindFirstVisitor)
    }
}

struct KindFirstVisitor;

impl<'de> Visitor<'de> for KindFirstVisitor {
    type Value = KindFirst;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("details with their kind first")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KindFirst, A::Error> {
        let first: Option<Cow<'de, str>> = map.next_key_seed(Key)?;
        if first.as_deref() != Some("kind") {
            return Err(de::Error::custom("kind is not first"));
        }
        let kind: Cow<'de, str> = map.next_value_seed(Key)?;
        let rest = MapAccessDeserializer::new(NoMoreKind(map));
        match Details::deserialize_as(&kind, rest) {
            Some(details) => Ok(KindFirst(details?)),
            None => Err(de::Error::custom("another kind")),
        }
    }
}

/// A string, borrowed where the text allows.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(v.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// The rest of the details' fields: a second `kind` is an error, as in the tagged form.
struct NoMoreKind<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for NoMoreKind<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.0.next_key_seed(Key)? else {
            return Ok(None);
        };
        if key == "kind" {
            return Err(de::Error::duplicate_field("kind"));
        }
        seed.deserialize(de::value::StrDeserializer::<A::Error>::new(&key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.0.next_value_seed(seed)
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
            Action::Dispatch {
                to: "马师傅".into(),
            },
            Action::Arrive,
            Action::Assess {
                difficulty: Difficulty::Simple,
            },
            Action::Resolve {
                fee: None,
                signed: None,
                rating: None,
                work: None,
                materials: None,
                result: None,
                callback: None,
            },
            Action::Resolve {
                fee: Some("30".into()),
                signed: Some(false),
                rating: Some(Rating::Unrated),
                work: Some("换阀芯".into()),
                materials: Some("阀芯 1 个".into()),
                result: None,
                callback: Some(CallbackOwed::Sample),
            },
            Action::Resolve {
                fee: None,
                signed: None,
                rating: None,
                work: None,
                materials: None,
                result: Some("已协调".into()),
                callback: None,
            },
            Action::Callback {
                form: CallbackForm::Visit,
                satisfaction: Satisfaction::Unsatisfied,
                reached: None,
                words: None,
                signed: None,
                follow_up: None,
                quality: false,
            },
            Action::Callback {
                form: CallbackForm::Phone,
                satisfaction: Satisfaction::NoAnswer,
                reached: Some(false),
                words: None,
                signed: None,
                follow_up: None,
                quality: true,
            },
            Action::Callback {
                form: CallbackForm::Visit,
                satisfaction: Satisfaction::Unsatisfied,
                reached: Some(true),
                words: Some("还是漏".into()),
                signed: Some(true),
                follow_up: crate::domain::RecordId::parse("R-2026-00002"),
                quality: false,
            },
            Action::Notice,
            Action::WorkOrder {
                repair: crate::domain::RecordId::parse("R-2026-00003").unwrap(),
            },
            Action::FollowUpOf {
                of: crate::domain::RecordId::parse("C-2026-00003").unwrap(),
                by: FollowUpBy::WorkOrder,
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
            Action::Report {
                to: "王经理".into(),
                role: "项目经理".into(),
                how: ReportHow::InPerson,
                answer: Some("先疏散".into()),
            },
            Action::Report {
                to: "李总".into(),
                role: "总经理".into(),
                how: ReportHow::Written,
                answer: None,
            },
            Action::Close {
                outcome: "已处理".into(),
                medical_callback: false,
            },
            Action::Sign {
                by: "li".into(),
                content: serde_json::json!({"chain_head": [7, "ab"], "n": 1.5}),
                outgoing: None,
            },
            Action::Sign {
                by: "li".into(),
                content: serde_json::json!({}),
                outgoing: Some("wang".into()),
            },
            Action::Refuse {
                by: "li".into(),
                reason: "no".into(),
            },
            Action::Propose {
                text: "更换存水弯, 明早9点上门".into(),
            },
            Action::NotifyDeveloper,
            Action::WarrantyExplained,
            Action::NotifyHeating,
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
            assert_eq!(
                action_of(action.as_bytes(), payload.as_bytes()),
                None,
                "{payload}"
            );
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

    fn general_new(payload: &str) -> Option<NewRecord> {
        serde_json::from_str::<NewRecord>(payload).ok()
    }

    /// Every kind's creation reads the same both ways, with and without the optional fields.
    #[test]
    fn each_creation_reads_as_the_tagged_form_does() {
        for payload in [
            r#"{"details":{"kind":"repair","category":"water_fault"},"summary":"龙头漏水","room":"9-2-2502","location":"卫生间","phone":"17520002029","name":"罗玉兰"}"#,
            r#"{"details":{"kind":"repair","category":"water_fault","appointment":"2026-11-27T03:00:00Z"},"summary":"x"}"#,
            r#"{"details":{"kind":"call","call_kind":"complaint","channel":"phone","class":"minor"},"summary":"a \"b\"","name":"李"}"#,
            r#"{"details":{"kind":"call","call_kind":"consultation","channel":"visit"},"summary":"x","room":null}"#,
            r#"{"details":{"kind":"log","category":"patrol"},"summary":"x","extra":1}"#,
            r#"{"details":{"kind":"handover","from_shift":"a","to_shift":"b","shift_start":"2026-11-27T00:00:00Z","boundary":"2026-11-27T08:00:00Z"},"summary":"x"}"#,
            r#"{"summary":"x","details":{"kind":"lo\u0067","category":"patrol","more":[1]}}"#,
        ] {
            let direct = new_record_of(payload.as_bytes());
            assert!(direct.is_some(), "{payload}");
            assert_eq!(direct, general_new(payload), "{payload}");
        }
    }

    /// Details whose kind is not first, comes twice or is not a kind's name go the general
    /// way (None here).
    #[test]
    fn other_creations_are_left_to_the_tagged_form() {
        for payload in [
            r#"{"details":{"category":"patrol","kind":"log"},"summary":"x"}"#,
            r#"{"details":{"kind":"log","category":"patrol","kind":"log"},"summary":"x"}"#,
            r#"{"details":{"kind":"log","kind":"repair","category":"patrol"},"summary":"x"}"#,
            r#"{"details":{"kind":0,"category":"patrol"},"summary":"x"}"#,
            r#"{"details":{"kind":"bogus","category":"patrol"},"summary":"x"}"#,
            r#"{"details":{"kind":"log","category":"water_fault"},"summary":"x"}"#,
            r#"{"details":{"kind":"log","category":"patrol"}}"#,
            r#"{"details":{"kind":"log","category":"patrol"},"summary":"x","summary":"y"}"#,
        ] {
            assert_eq!(new_record_of(payload.as_bytes()), None, "{payload}");
        }
    }
}
