//! The words of inspection rounds (日常巡检, DOMAIN.md §1): the default areas and their check
//! items, what an item was found to be, a round at a glance. A configured area or item shows
//! the name the config gave (one name, whatever the language; kept with the round, or given
//! by the estate's table the caller holds), else its key.

use super::Lang;
use crate::domain::kinds::inspection::areas::Areas;
use crate::domain::{CheckItem, Finding, Outcome, Record};

type Pair = (&'static str, &'static str);

/// The default areas' names.
fn default_area(slug: &str) -> Option<Pair> {
    Some(match slug {
        "stairwell" => ("Stairwell", "楼梯间"),
        "rooftop" => ("Rooftop", "楼顶天台"),
        "elevator" => ("Elevator", "电梯"),
        "lobby" => ("Lobby, halls, corridors", "大堂门厅走廊"),
        "grounds" => ("Estate grounds", "园区外观"),
        _ => return None,
    })
}

/// The default items' names (by key: the same key reads the same in every area).
fn default_item(key: &str) -> Option<Pair> {
    Some(match key {
        "lights" => ("Corridor and stair lights", "走廊楼梯灯"),
        "doors_windows" => ("Doors and windows", "门窗"),
        "walls_ceiling" => ("Wall and ceiling damage", "墙面天花破损"),
        "hydrant" => ("Fire hydrant labels and parts", "消火栓标识及配件"),
        "extinguisher_expiry" => ("Extinguishers in date", "灭火器有效期"),
        "fire_doors_closed" => ("Fire doors closed", "防火门关闭"),
        "exit_signs" => ("Exit signs", "疏散指示标志"),
        "fire_passage_clear" => ("Fire passages clear", "消防通道畅通"),
        "alarm" => ("Alarm equipment", "报警设备"),
        "cleanliness" => ("Cleanliness", "清洁卫生"),
        "door_opens" => ("Roof door opens (never locked)", "天台门可开启 (不得上锁)"),
        "illegal_structures" => ("Illegal structures", "违章搭建"),
        "railings" => ("Railings", "护栏"),
        "running" => ("Running normally", "运行正常"),
        "graffiti" => ("Graffiti", "乱涂乱画"),
        "safety_signs" => ("Safety signs", "安全标识"),
        "lighting" => ("Public lighting", "公共照明"),
        "bins" => ("Bins", "垃圾桶"),
        "pipe_leaks" => ("Pipes leaking", "管道渗漏"),
        "outdoor_fire_equipment" => ("Outdoor fire equipment", "室外消防设施"),
        "playground" => ("Playground safety", "游乐设施安全"),
        "public_facilities" => ("Damage to public facilities", "公共设施损坏"),
        "noise" => ("Noise", "噪音"),
        "pollution" => ("Pollution", "污染"),
        "thrown_objects" => ("Objects thrown from height", "高空抛物"),
        _ => return None,
    })
}

/// A check item's name from its key alone (an event names only the key): the default's,
/// else the key.
pub fn key_name(key: &str, lang: Lang) -> String {
    default_item(key).map_or(key.to_string(), |(en, zh)| lang.pick(en, zh).into())
}

/// A check item's name where the estate's table is at hand (a round's detail and timeline,
/// `show`): `item_name` (the name kept with the round, else the default's words); a key the
/// round kept no name for is named as the table names that area's item now, and when the table
/// has no such item any more, its key marked as no longer in the config.
pub fn item_label(area: &str, item: &CheckItem, areas: &Areas, lang: Lang) -> String {
    if item.name.is_some() || default_item(&item.key).is_some() {
        return item_name(area, item, lang);
    }
    let now = areas
        .find(area)
        .and_then(|a| a.items.iter().find(|i| i.key == item.key));
    match now {
        Some(spec) => spec.name.clone().unwrap_or_else(|| item.key.clone()),
        None => format!(
            "{} {}",
            item.key,
            lang.pick("(no longer in the config)", "(已不在配置中)")
        ),
    }
}

/// The item `key` of `round` as its timeline names it (the event keeps only the key):
/// `item_label` of the round's own item; a key the round does not have, `key_name`.
pub fn found_item_label(round: &Record, key: &str, areas: &Areas, lang: Lang) -> String {
    round
        .rules()
        .check_items()
        .iter()
        .find(|c| c.item.key == key)
        .map_or_else(
            || key_name(key, lang),
            |c| item_label(&c.area, &c.item, areas, lang),
        )
}

/// A default area's words (`Choice::Area`), else its slug.
pub fn area_name(slug: &'static str, lang: Lang) -> &'static str {
    default_area(slug).map_or(slug, |(en, zh)| lang.pick(en, zh))
}

/// An area's name: the one the config gives it (`name`: kept with the round, or the
/// estate's table), else the default's, else its slug.
pub fn area_text(slug: &str, name: Option<&str>, lang: Lang) -> String {
    match (
        name,
        crate::domain::kinds::inspection::areas::default_slug(slug),
    ) {
        (Some(name), _) => name.to_string(),
        (None, Some(slug)) => area_name(slug, lang).to_string(),
        (None, None) => slug.to_string(),
    }
}

/// A check item's name: the one kept with the round (or the estate's table, for a form's
/// item), else the default's, else its key.
pub fn item_name(_area: &str, item: &CheckItem, lang: Lang) -> String {
    match &item.name {
        Some(name) => name.clone(),
        None => key_name(&item.key, lang),
    }
}

pub fn outcome(o: Option<Outcome>, lang: Lang) -> &'static str {
    match o {
        Some(Outcome::Ok) => lang.pick("ok", "正常"),
        Some(Outcome::Problem) => lang.pick("PROBLEM", "有问题"),
        Some(Outcome::Na) => lang.pick("n/a", "不适用"),
        None => lang.pick("not checked", "未检查"),
    }
}

/// The mark before an item: never colour alone.
pub fn mark(o: Option<Outcome>) -> &'static str {
    match o {
        Some(Outcome::Ok) => "✓",
        Some(Outcome::Problem) => "✗",
        Some(Outcome::Na) => "–",
        None => "·",
    }
}

pub fn finding(f: Finding, lang: Lang) -> &'static str {
    match f {
        Finding::Problem => lang.pick("✗ problem found", "✗ 发现问题"),
        Finding::AllOk => lang.pick("all ok", "全部正常"),
        Finding::Partial => lang.pick("partly checked", "未查完"),
    }
}

/// One item as `show` and the desk's detail print it: "✗ Roof door opens: PROBLEM — locked
/// (→ R-2026-00012)".
pub fn check_text(
    area: &str,
    item: &CheckItem,
    repair: Option<crate::domain::RecordId>,
    areas: &Areas,
    lang: Lang,
) -> String {
    let mut text = format!(
        "{} {}: {}",
        mark(item.result),
        item_label(area, item, areas, lang),
        outcome(item.result, lang)
    );
    if let Some(remark) = &item.remark {
        text.push_str(" — ");
        text.push_str(remark);
    }
    if let Some(id) = repair {
        text.push_str(&format!(" (→ {id})"));
    }
    text
}

/// A repair's summary from a round's problem: "Rooftop · Roof door opens: locked".
pub fn repair_summary(round: &crate::domain::Record, key: &str, lang: Lang) -> String {
    round
        .rules()
        .check_items()
        .iter()
        .find(|c| c.item.key == key)
        .map_or_else(String::new, |c| found_summary(c, lang))
}

/// The summary of the repair of a problem found at an item of a round: the area, the item,
/// the remark ("楼顶天台 · 天台门可开启 (不得上锁): 门被锁").
pub fn found_summary(c: &crate::domain::kinds::CheckedItem, lang: Lang) -> String {
    let item = &c.item;
    let mut text = format!(
        "{} · {}",
        area_text(&c.area, c.area_name.as_deref(), lang),
        item_name(&c.area, item, lang)
    );
    if let Some(remark) = &item.remark {
        text.push_str(": ");
        text.push_str(remark);
    }
    text
}

/// A record's summary as people read it: a round's problems in the reader's words when the
/// stored summary is the one written in keys for a round without a note (the stored text
/// stays as it was written).
pub fn summary_text(record: &crate::domain::Record, lang: Lang) -> std::borrow::Cow<'_, str> {
    let stored = &record.new.summary;
    let name = |area: &str, item: &CheckItem| item_name(area, item, lang);
    match record.rules().summary_in_words(stored, &name) {
        Some(words) => std::borrow::Cow::Owned(words),
        None => std::borrow::Cow::Borrowed(stored),
    }
}
