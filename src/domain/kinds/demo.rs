//! What `dutydesk demo` needs from the kinds: each kind's module has a `demo.rs` that says what
//! its random records look like (texts, categories, how often) and how each one's life runs
//! (which steps, when); `src/demo` drives them and writes what they make.
//!
//! Nothing here reads or writes: a kind's demo builds values (a `NewRecord`, an action with its
//! time) and hands each step to the driver through `Steps`, which says whether it happened. The
//! steps cannot be a list made up front: each one's time follows from the record as the
//! previous step left it (its deadlines, its last event), and the driver draws from the same
//! generator between steps, so the draws must come in this order for the same clock to give
//! the same database.
//!
//! The generator lives here, not in `src/demo`, because the kinds draw from it and the domain
//! depends on nothing outside itself.

use super::{CallbackForm, Satisfaction};
use crate::domain::action::Action;
use crate::domain::deadline::{DeadlineName, deadlines};
use crate::domain::record::{NewRecord, Record};
use crate::domain::rules::Policy;
use chrono::{DateTime, Duration, Utc};

/// xorshift64*: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0 <= x < n.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next() >> 32) * n) >> 32
    }

    /// lo <= x <= hi.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// 0 <= x < 1.
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize].clone()
    }

    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.below(u64::from(total)) as u32;
        for (item, w) in items {
            if x < *w {
                return *item;
            }
            x -= w;
        }
        items[items.len() - 1].0
    }
}

/// What a kind's demo records are, and how each one's life runs (`kinds/<kind>/demo.rs`).
pub trait DemoKind: Sized {
    /// What one random record of the kind is, before its texts: a category, a channel.
    type Sample: Copy + std::fmt::Debug + 'static;
    /// The kind's random records: what each is, and how many of every hundred-odd it makes.
    const RANDOM: &'static [(Self::Sample, u32)];
    /// Records written every day at about these local times (hour, minute).
    const DAILY: &'static [(u32, u32, Self::Sample)] = &[];
    /// The `n`th random record of the kind, drawn as `s`: the first few may cover every
    /// category, later ones draw what the table leaves open.
    fn vary(s: Self::Sample, _n: usize, _rng: &mut Rng) -> Self::Sample {
        s
    }
    /// The new record: texts, people, details.
    fn draw(s: Self::Sample, arrival: &Arrival<'_>, rng: &mut Rng) -> NewRecord;
    /// The steps of a random record of the kind, from right after it was written.
    fn life<S: Steps>(&self, r: &mut Record, steps: &mut S) -> Result<(), S::Error>;
}

/// Where and when a random record comes in.
pub struct Arrival<'a> {
    pub at: DateTime<Utc>,
    pub place: &'a Place,
    pub policy: &'a Policy,
}

/// The driver's side of a record's life: the generator, the rules, and the step itself.
pub trait Steps {
    type Error;
    fn rng(&mut self) -> &mut Rng;
    fn policy(&self) -> &Policy;
    /// `action` on `r` at `at`, unless `at` is still in the future; whether it happened.
    fn act(
        &mut self,
        r: &mut Record,
        action: Action,
        at: DateTime<Utc>,
    ) -> Result<bool, Self::Error>;

    /// A time for the step that meets deadline `name`: mostly between `lo` and `hi` of what is
    /// left of its window, late with probability `late`.
    fn toward(
        &mut self,
        record: &Record,
        name: DeadlineName,
        late: f64,
        lo: f64,
        hi: f64,
    ) -> DateTime<Utc> {
        let from = record.last_event_at;
        let Some(d) = deadlines(record, self.policy())
            .into_iter()
            .find(|d| d.name == name)
        else {
            return from + Duration::minutes(self.rng().range(5, 120));
        };
        let window = (d.due - from).num_seconds().max(120) as f64;
        let share = if self.rng().chance(late) {
            1.0 + 0.05 + self.rng().unit() * 0.5
        } else {
            lo + self.rng().unit() * (hi - lo)
        };
        from + Duration::seconds((window * share).max(30.0) as i64)
    }

    /// Between `lo` and `hi` minutes after the record's last event.
    fn minutes(&mut self, record: &Record, lo: i64, hi: i64) -> DateTime<Utc> {
        record.last_event_at + Duration::seconds(self.rng().range(lo * 60, hi * 60))
    }

    /// The callback of a resolved record: most are made the next day; a few run late.
    fn callback(&mut self, record: &mut Record) -> Result<bool, Self::Error> {
        if record.status != crate::domain::record::Status::Resolved {
            return Ok(false);
        }
        let when = self.toward(record, DeadlineName::Callback, 0.04, 0.02, 0.35);
        let form = self.rng().weighted(&[
            (CallbackForm::Phone, 70),
            (CallbackForm::Visit, 25),
            (CallbackForm::Letter, 5),
        ]);
        let satisfaction = self.rng().weighted(&[
            (Satisfaction::Satisfied, 82),
            (Satisfaction::Neutral, 10),
            (Satisfaction::Unsatisfied, 3),
            (Satisfaction::NoAnswer, 5),
        ]);
        self.act(record, Action::callback_closing(form, satisfaction), when)
    }
}

pub fn void(reason: &str) -> Action {
    Action::Void {
        reason: reason.to_string(),
    }
}

pub fn note(text: &str) -> Action {
    Action::Note {
        text: text.to_string(),
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "建国", "秀英", "桂兰", "志强", "海燕", "丽娟", "文博", "子涵", "雨桐", "俊杰", "春梅", "国庆",
    "晓东", "淑珍", "明辉", "婷婷", "德华", "玉兰", "浩然", "欣怡",
];

/// A resident's or caller's name.
pub fn person(rng: &mut Rng) -> String {
    let surname = rng.pick(SURNAMES);
    if rng.chance(0.6) {
        format!("{surname}{}", rng.pick(&["先生", "女士"]))
    } else {
        format!("{surname}{}", rng.pick(GIVEN))
    }
}

/// A mobile number.
pub fn phone(rng: &mut Rng) -> String {
    format!(
        "1{}{:09}",
        rng.pick(&[3, 5, 7, 8, 9]),
        rng.below(1_000_000_000)
    )
}

/// A place in the estate: building 1-18, unit 1-3, floor 1-32, room 1-4 (`3-2-1201`).
#[derive(Debug, Clone)]
pub struct Place {
    pub building: i64,
    pub unit: i64,
    pub floor: i64,
    pub room: String,
}

impl Place {
    pub fn random(r: &mut Rng) -> Self {
        let building = r.range(1, 18);
        let unit = r.range(1, 3);
        let floor = r.range(1, 32);
        let room = format!("{building}-{unit}-{floor}{:02}", r.range(1, 4));
        Self {
            building,
            unit,
            floor,
            room,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_fixed() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let xs: Vec<u64> = (0..5).map(|_| a.next()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next()).collect();
        assert_eq!(xs, ys);
        for _ in 0..1000 {
            let x = a.range(3, 7);
            assert!((3..=7).contains(&x));
            assert!(a.below(10) < 10);
            let u = a.unit();
            assert!((0.0..1.0).contains(&u));
        }
    }

    #[test]
    fn rooms_look_like_building_unit_room() {
        let mut r = Rng::new(7);
        for _ in 0..100 {
            let p = Place::random(&mut r);
            let room = crate::domain::text::room(&p.room).unwrap().unwrap();
            assert_eq!(room, p.room);
            assert!(
                p.room
                    .starts_with(&format!("{}-{}-{}", p.building, p.unit, p.floor))
            );
        }
    }
}
