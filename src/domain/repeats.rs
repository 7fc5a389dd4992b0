//! When a record repeats an earlier one (DOMAIN.md §2 同一问题多次投诉, §3 二次维修): the same
//! place, the same problem, within `rules.repeat_window_days`, and a kind that repeats
//! (`RecordKind::repeat_by`: repairs, and calls of kind complaint; not other calls, logs or
//! handovers). The store picks the newest such earlier record (`store::repeats`); this module
//! says what "the same place" and "the same problem" are.
//!
//! - **Place**: the room when there is one, else the public location. Both are compared
//!   normalised (`place_text`): full-width letters, digits and signs as half-width, the
//!   ideographic space as a space, lower case, and every space removed ("3号楼 电梯",
//!   "３号楼电梯" and "3号楼电梯" are one place). A room never matches a location.
//! - **Problem**: the same kind, and
//!   - for an urgent repair category (entrapment, power fault, …: `RepeatBy::Category`), the
//!     same category: two entrapments in one lift are a repeat whatever the words;
//!   - otherwise (general and paid repairs, complaints), the same category and at least one
//!     shared word of the summaries (`problem_words`): "门把手松动" does not repeat "水龙头滴水"
//!     from the same room, "水龙头又滴水" does.
//!
//! Words (`problem_words`): Chinese is cut into bigrams (two neighbouring Han characters) after
//! dropping particles (的 了 吗 …) that only glue words together; other text into words of at
//! least 3 letters or digits, lower case. Bigrams and words that name a place or a caller rather
//! than a problem (卫生间, 业主, "owner", "again", …: `STOP_HAN`, `STOP_WORDS`) do not count.

/// Han characters that only glue words together: a bigram never spans them.
const PARTICLES: &str = "的了吗呢吧啊呀很也都又还在是和与及或就给从向到说请您你我他她它";

/// Chinese words that name where, who or how it was reported rather than what is wrong: cut
/// out of the text before it is cut into bigrams.
const STOP_HAN: &[&str] = &[
    "卫生间",
    "洗手间",
    "业主",
    "住户",
    "居民",
    "反映",
    "投诉",
    "报修",
    "来电",
    "来访",
    "师傅",
    "物业",
    "维修",
    "修理",
    "需要",
    "没有",
    "不能",
    "有点",
    "一直",
    "问题",
    "情况",
    "处理",
    "一下",
    "希望",
    "要求",
    "现在",
    "今天",
    "昨天",
    "晚上",
    "早上",
    "上午",
    "下午",
    "已经",
    "可以",
    "我们",
    "他们",
    "家里",
    "房间",
    "厨房",
    "客厅",
    "卧室",
    "阳台",
    "门口",
    "号楼",
    "单元",
    "楼道",
    "楼下",
    "楼上",
    "坏了",
    "出现",
    "发生",
    "一个",
    "不了",
    "再次",
    "多次",
    "几次",
    "一次",
    "两次",
    "第二",
    "二次",
];

/// Words (lower case, 3 letters or more) that carry no problem.
const STOP_WORDS: &[&str] = &[
    "the",
    "and",
    "for",
    "with",
    "not",
    "from",
    "again",
    "still",
    "please",
    "owner",
    "resident",
    "called",
    "calls",
    "call",
    "says",
    "said",
    "there",
    "this",
    "that",
    "has",
    "have",
    "was",
    "were",
    "are",
    "been",
    "into",
    "very",
    "room",
    "flat",
    "unit",
    "floor",
    "building",
    "since",
    "today",
    "yesterday",
    "now",
    "broken",
    "problem",
    "issue",
    "repair",
    "complaint",
    "about",
    "second",
    "time",
    "times",
    "keeps",
    "keep",
];

/// The text of a room or location as compared: half-width, lower case, no spaces.
pub fn place_text(text: &str) -> String {
    folded(text).filter(|c| !c.is_whitespace()).collect()
}

/// Full-width letters, digits and signs as half-width, the ideographic space as a space, lower
/// case.
fn folded(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
}

/// Where a record is, as compared: `room:` or `at:` and the normalised text; None when it has
/// neither (or only spaces).
pub fn place_key(room: Option<&str>, location: Option<&str>) -> Option<String> {
    let norm = |t: Option<&str>| t.map(place_text).filter(|t| !t.is_empty());
    match (norm(room), norm(location)) {
        (Some(room), _) => Some(format!("room:{room}")),
        (None, Some(at)) => Some(format!("at:{at}")),
        (None, None) => None,
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The words of a summary that name its problem, sorted, each once.
pub fn problem_words(summary: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut latin = String::new();
    let flush_han = |han: &mut Vec<char>, out: &mut Vec<String>| {
        out.extend(han.windows(2).map(|pair| pair.iter().collect::<String>()));
        han.clear();
    };
    let flush_latin = |latin: &mut String, out: &mut Vec<String>| {
        if latin.chars().count() >= 3 && !STOP_WORDS.contains(&latin.as_str()) {
            out.push(latin.clone());
        }
        latin.clear();
    };
    let mut text: String = folded(summary).collect();
    for stop in STOP_HAN {
        if text.contains(stop) {
            text = text.replace(stop, " ");
        }
    }
    for c in text.chars() {
        if is_han(c) && !PARTICLES.contains(c) {
            flush_latin(&mut latin, &mut out);
            han.push(c);
        } else if c.is_alphanumeric() && !is_han(c) {
            flush_han(&mut han, &mut out);
            latin.push(c);
        } else {
            flush_han(&mut han, &mut out);
            flush_latin(&mut latin, &mut out);
        }
    }
    flush_han(&mut han, &mut out);
    flush_latin(&mut latin, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

/// How a record of some kind and category is the same problem as an earlier one
/// (`KindDetails::repeat_by`, by category alone so that the store decides it from the row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepeatBy {
    /// It never repeats (other calls, log entries, handovers).
    Never,
    /// The same category is the same problem (the urgent repair categories).
    Category,
    /// The same category and a shared word (`problem_words`): general and paid repairs,
    /// complaints.
    Words,
}

/// How a record of this kind (slug) and category repeats (`RecordKind::repeat_by`).
pub fn repeat_by(kind: &str, category: Option<&str>) -> RepeatBy {
    use super::kinds::{RecordKind, Slug};
    RecordKind::ALL
        .iter()
        .find(|k| k.slug() == kind)
        .map_or(RepeatBy::Never, |k| k.repeat_by(category.unwrap_or("")))
}

/// What a record is about, as far as repeats go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: String,
    pub kind: String,
    pub category: Option<String>,
    pub by: RepeatBy,
    /// `problem_words` of the summary (sorted; only when compared by words).
    pub words: Vec<String>,
}

impl Problem {
    /// None when the record cannot repeat: a kind or category that does not, or no place.
    pub fn of(
        kind: &str,
        category: Option<&str>,
        room: Option<&str>,
        location: Option<&str>,
        summary: &str,
    ) -> Option<Self> {
        let by = repeat_by(kind, category);
        if by == RepeatBy::Never {
            return None;
        }
        Some(Self {
            place: place_key(room, location)?,
            kind: kind.to_string(),
            category: category.map(str::to_string),
            by,
            words: if by == RepeatBy::Words {
                problem_words(summary)
            } else {
                Vec::new()
            },
        })
    }

    /// The same place and the same problem (the window is the caller's).
    pub fn repeats(&self, earlier: &Problem) -> bool {
        if self.place != earlier.place || self.kind != earlier.kind {
            return false;
        }
        if self.category != earlier.category {
            return false;
        }
        self.by == RepeatBy::Category || shares_a_word(&self.words, &earlier.words)
    }
}

fn shares_a_word(a: &[String], b: &[String]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(category: &str, room: Option<&str>, at: Option<&str>, s: &str) -> Problem {
        Problem::of("repair", Some(category), room, at, s).unwrap()
    }

    fn general(room: &str, s: &str) -> Problem {
        repair("general", Some(room), None, s)
    }

    #[test]
    fn same_room_different_problem_is_not_a_repeat() {
        assert!(!general("3-1201", "门把手松动").repeats(&general("3-1201", "水龙头滴水")));
        assert!(!general("3-1201", "卫生间灯不亮").repeats(&general("3-1201", "卫生间漏水")));
        assert!(
            !general("3-1201", "door handle loose").repeats(&general("3-1201", "tap dripping"))
        );
    }

    #[test]
    fn same_room_same_problem_is_a_repeat() {
        assert!(general("3-1201", "水龙头又滴水了").repeats(&general("3-1201", "水龙头滴水")));
        assert!(general("3-1201", "Tap leaking again").repeats(&general("3-1201", "leaking tap")));
    }

    #[test]
    fn same_problem_different_room_is_not_a_repeat() {
        assert!(!general("3-1202", "水龙头滴水").repeats(&general("3-1201", "水龙头滴水")));
    }

    #[test]
    fn urgent_categories_compare_the_category_not_the_words() {
        let lift = |s: &str| repair("elevator_entrapment", None, Some("3号楼 电梯"), s);
        assert!(lift("有人被困").repeats(&lift("电梯困人，两人")));
        let power = repair("power_fault", None, Some("3号楼电梯"), "有人被困");
        assert!(!power.repeats(&lift("有人被困")));
    }

    #[test]
    fn a_public_location_matches_whatever_its_spacing_width_and_case() {
        let at = |l: &str| repair("elevator_entrapment", None, Some(l), "困人");
        assert!(at("３号楼　电梯").repeats(&at(" 3号楼电梯 ")));
        assert!(at("Lift  A").repeats(&at("lift a")));
        assert!(!at("Lift B").repeats(&at("Lift A")));
        // A room never matches a location of the same text.
        let room = repair("elevator_entrapment", Some("lifta"), None, "困人");
        assert!(!room.repeats(&at("lifta")));
    }

    #[test]
    fn words_drop_particles_places_and_short_words() {
        assert_eq!(
            problem_words("门把手松动了"),
            ["手松", "把手", "松动", "门把"]
        );
        assert_eq!(problem_words("卫生间漏水"), ["漏水"]);
        assert!(problem_words("业主来电反映").is_empty());
        assert_eq!(problem_words("The tap is OK"), ["tap"]);
        assert!(problem_words("业主反映").is_empty());
        assert!(problem_words("owner called again").is_empty());
    }

    #[test]
    fn only_repairs_and_complaints_repeat() {
        let p = |kind: &str, cat: &str| Problem::of(kind, Some(cat), Some("1-101"), None, "漏水");
        assert!(p("repair", "general").is_some());
        assert!(p("call", "complaint").is_some());
        assert!(p("call", "consultation").is_none());
        assert!(p("log", "patrol").is_none());
        assert!(p("handover", "").is_none());
        assert!(Problem::of("repair", Some("general"), None, Some("  "), "漏水").is_none());
    }
}
