//! The words of the messages sent to the estate's group robots (`domain::notify`), and of the
//! `notify` commands.

use super::{Label, Lang};
use crate::domain::notify::{Cause, Notice, Step};
use crate::domain::time::Zone;

/// A message's text: a heading line, then id, place, problem and open deadlines, one a line.
pub fn text(lang: Lang, n: &Notice, zone: Zone) -> String {
    let kind = n.kind.label(lang);
    let mut out = match &n.cause {
        Cause::Urgent => format!("{} {}", lang.pick("[URGENT]", "【紧急】"), kind),
        Cause::AtOnce => format!("{} {}", lang.pick("[AT ONCE]", "【立即上报】"), kind),
        Cause::Dispatch { to } => {
            format!("{} {to}", lang.pick("[DISPATCH] sent to", "【派工】派给"))
        }
        Cause::Report { to, role, how } => format!(
            "{} {to} ({role}, {})",
            lang.pick("[REPORTED] to", "【已上报】报告"),
            how.label(lang)
        ),
        Cause::Ladder { step, deadline, .. } => {
            let head = match step {
                Step::Soon => lang.pick("[DUE SOON]", "【即将超时】"),
                Step::Overdue => lang.pick("[OVERDUE]", "【已超时】"),
                Step::Manager => lang.pick("[OVERDUE, ESCALATED]", "【超时升级】"),
            };
            format!("{head} {kind} {}", deadline.label(lang))
        }
    };
    let mut line = |label: &str, value: &str| {
        out.push('\n');
        out.push_str(label);
        out.push_str(value);
    };
    line(lang.pick("No.: ", "编号: "), &n.id);
    line(lang.pick("Type: ", "类别: "), n.category.label(lang));
    if let Some(place) = &n.place {
        line(lang.pick("Place: ", "地点: "), place);
    }
    line(lang.pick("Problem: ", "内容: "), &n.problem);
    for (name, due) in &n.deadlines {
        let due = due.with_timezone(&zone).format("%m-%d %H:%M").to_string();
        line(
            &format!("{}{}: ", name.label(lang), lang.pick(" due", "时限")),
            &due,
        );
    }
    out
}

/// The message for a handover not signed 30 minutes after the shift change at `boundary`.
pub fn handover_unsigned_text(
    lang: Lang,
    boundary: chrono::DateTime<chrono::Utc>,
    zone: Zone,
) -> String {
    let at = boundary.with_timezone(&zone).format("%m-%d %H:%M");
    format!(
        "{} {at} {}",
        lang.pick("[HANDOVER NOT SIGNED] shift change at", "【交接班未签字】"),
        lang.pick("not signed 30 minutes later", "交接班, 30 分钟后仍未签字")
    )
}

/// The text of `notify test CHANNEL`.
pub fn test_text(lang: Lang, channel: &str) -> String {
    format!(
        "{} {channel}",
        lang.pick(
            "dutydesk: a test message to the channel",
            "值班台: 通知渠道测试消息"
        )
    )
}

/// `notify run`'s summary line.
pub fn pass_line(lang: Lang, p: &crate::notify::Pass) -> String {
    if p.busy && p.delivered == 0 && p.failed == 0 {
        return lang
            .pick(
                "another sender is delivering the outbox now; nothing sent",
                "另一个发送进程正在发送, 本次未发送",
            )
            .to_string();
    }
    match lang {
        Lang::En => format!(
            "delivered {}, failed {}, held back by the 20-a-minute limit {}",
            p.delivered, p.failed, p.rate_limited
        ),
        Lang::Zh => format!(
            "已送达 {}, 失败 {}, 因每分钟 20 条限制暂缓 {}",
            p.delivered, p.failed, p.rate_limited
        ),
    }
}

/// `notify status`'s first line.
pub fn status_line(lang: Lang, s: &crate::store::outbox::OutboxStatus) -> String {
    match lang {
        Lang::En => format!(
            "pending {}, failed {}, delivered {}",
            s.pending, s.failed, s.delivered
        ),
        Lang::Zh => format!(
            "待发送 {}, 发送失败 {}, 已送达 {}",
            s.pending, s.failed, s.delivered
        ),
    }
}

/// One waiting message of `notify status`.
pub fn waiting_line(lang: Lang, w: &crate::store::outbox::Waiting) -> String {
    let record = w.record.as_deref().unwrap_or("-");
    let error = w
        .last_error
        .as_deref()
        .map(|e| crate::domain::text::sanitize_line(e).into_owned())
        .unwrap_or_default();
    match lang {
        Lang::En => format!(
            "#{} {} {} {record} tries {} {error}",
            w.id, w.channel, w.event, w.attempts
        ),
        Lang::Zh => format!(
            "#{} {} {} {record} 已试 {} 次 {error}",
            w.id, w.channel, w.event, w.attempts
        ),
    }
}

/// `notify test`: delivered.
pub fn test_sent(lang: Lang, channel: &str) -> String {
    match lang {
        Lang::En => format!("test message delivered to {channel}"),
        Lang::Zh => format!("测试消息已送达 {channel}"),
    }
}

/// `notify test`: the robot or the network refused (the error has no credentials).
pub fn test_failed(lang: Lang, channel: &str, why: &str) -> String {
    match lang {
        Lang::En => format!("test message to {channel} not delivered: {why}"),
        Lang::Zh => format!("测试消息未能送达 {channel}: {why}"),
    }
}

/// `notify run`: some messages were not delivered (exit 1, for cron to mail).
pub fn some_failed(lang: Lang, failed: u32) -> String {
    match lang {
        Lang::En => format!("{failed} message(s) not delivered; see dutydesk notify status"),
        Lang::Zh => format!("{failed} 条消息未能送达; 请查看 dutydesk notify status"),
    }
}

/// No channel of that name in the config.
pub fn no_channel(lang: Lang, name: &str, known: &str) -> String {
    match lang {
        Lang::En => format!("notify: no channel named '{name}' in the config (channels: {known})"),
        Lang::Zh => format!("notify: 配置中没有名为 '{name}' 的通知渠道 (已有: {known})"),
    }
}
