//! What is wrong with the settings (config file, `TZ`), in English and Chinese.

use super::Lang;
use crate::config::{SettingError, SettingProblem as P, ZoneSource};
use crate::domain::time::{FIRST_DAY, LAST_DAY, Zone};

/// The zone in use, as a TOML comment at the top of `dutydesk config`.
pub fn zone_in_use(lang: Lang, zone: Zone, source: ZoneSource) -> String {
    let from = match (lang, source) {
        (Lang::En, ZoneSource::Config) => "from timezone in the config".to_string(),
        (Lang::Zh, ZoneSource::Config) => "来自配置中的 timezone".to_string(),
        (Lang::En, ZoneSource::Tz) => "from TZ".to_string(),
        (Lang::Zh, ZoneSource::Tz) => "来自 TZ".to_string(),
        (Lang::En, ZoneSource::System) => "the system's".to_string(),
        (Lang::Zh, ZoneSource::System) => "系统时区".to_string(),
    };
    format!(
        "# {}: {} ({from})",
        lang.pick("time zone in use", "使用的时区"),
        zone.name()
    )
}

/// One line naming the key: `config shifts[1].start: '24:00' is not a time of day ...`; a
/// value of the config file with the file and its line first (`config file F, line 7:
/// shifts[0].name: …`).
pub fn setting_error(lang: Lang, error: &SettingError) -> String {
    let key = &error.key;
    // Environment variables and the system are named as they are; config keys as such.
    let place = match &error.problem {
        // A rule's message names its key itself.
        P::InFile {
            file,
            line,
            problem,
        } if matches!(**problem, P::Rules(_)) => file_line(lang, file, *line),
        P::InFile { file, line, .. } => format!("{}: {key}", file_line(lang, file, *line)),
        _ if key == "TZ" || key == "system time zone" => key.clone(),
        _ => format!("{} {key}", lang.pick("config", "配置")),
    };
    explain(lang, key, &place, &error.problem)
}

/// `config file F, line 7` (the line when the file holds the key).
fn file_line(lang: Lang, file: &str, line: Option<usize>) -> String {
    match (lang, line) {
        (Lang::En, Some(line)) => format!("config file {file}, line {line}"),
        (Lang::Zh, Some(line)) => format!("配置文件 {file} 第 {line} 行"),
        (Lang::En, None) => format!("config file {file}"),
        (Lang::Zh, None) => format!("配置文件 {file}"),
    }
}

/// What is wrong, after `place` (where: the key, and the file's line).
fn explain(lang: Lang, key: &str, place: &str, problem: &P) -> String {
    match (lang, problem) {
        (_, P::InFile { problem, .. }) => match problem.as_ref() {
            P::Rules(m) => format!("{place}: {m}"),
            problem => explain(lang, key, place, problem),
        },
        (Lang::En, P::UnsafeChar(c)) => format!(
            "{place}: holds {} {}; a name or text in the config may not hold control \
             characters, line breaks or bidi controls",
            char_kind(*c, lang),
            code_point(*c)
        ),
        (Lang::Zh, P::UnsafeChar(c)) => format!(
            "{place}: 含有{} {}; 配置中的名称和文字不能含控制字符、换行或双向控制字符",
            char_kind(*c, lang),
            code_point(*c)
        ),
        (Lang::En, P::Unreadable(e)) => format!("cannot read the config file {key}: {e}"),
        (Lang::Zh, P::Unreadable(e)) => format!("无法读取配置文件 {key}: {e}"),
        (Lang::En, P::Syntax(m)) => format!("config file {key}: {m}"),
        (Lang::Zh, P::Syntax(m)) => format!("配置文件 {key} 有误: {m}"),
        (Lang::En, P::NotAZone(name)) => {
            format!("{place}: '{name}' is not a time zone; name an IANA zone such as Asia/Shanghai")
        }
        (Lang::Zh, P::NotAZone(name)) => {
            format!("{place}: '{name}' 不是时区名称; 请写 IANA 时区名, 如 Asia/Shanghai")
        }
        (Lang::En, P::PosixRule(name)) => format!(
            "{place}: '{name}' is a POSIX rule; only a whole-hour offset such as CST-8 is \
             understood, so name the zone instead, such as Asia/Shanghai"
        ),
        (Lang::Zh, P::PosixRule(name)) => format!(
            "{place}: '{name}' 是 POSIX 时区规则 (只支持整点偏移, 如 CST-8); 请直接写时区名, 如 Asia/Shanghai"
        ),
        (Lang::En, P::NoSystemZone(why)) => format!(
            "TZ is not set and the system's time zone cannot be told ({why}); set TZ, such as \
             TZ=Asia/Shanghai, or timezone in the config"
        ),
        (Lang::Zh, P::NoSystemZone(why)) => format!(
            "未设置 TZ, 也无法确定系统时区 ({why}); 请设置 TZ (如 TZ=Asia/Shanghai) 或在配置中写 timezone"
        ),
        (Lang::En, P::NotAColor(text)) => format!(
            "{place}: '{text}' is not a colour; use a name such as red or light-blue, #rrggbb or 0-255"
        ),
        (Lang::Zh, P::NotAColor(text)) => {
            format!("{place}: '{text}' 不是颜色; 请用颜色名 (如 red、light-blue)、#rrggbb 或 0-255")
        }
        (Lang::En, P::NotAKeyName(text)) => format!(
            "{place}: '{text}' is not a key; use F1-F12, Ctrl-<letter>, Alt-<letter> or one character"
        ),
        (Lang::Zh, P::NotAKeyName(text)) => {
            format!("{place}: '{text}' 不是按键; 请用 F1-F12、Ctrl-<字母>、Alt-<字母> 或单个字符")
        }
        (Lang::En, P::UnknownAction(text)) => format!(
            "{place}: no action '{text}'; `dutydesk config` lists the actions and their keys"
        ),
        (Lang::Zh, P::UnknownAction(text)) => {
            format!("{place}: 没有名为 '{text}' 的操作; `dutydesk config` 列出各操作及其按键")
        }
        (Lang::En, P::KeyTwice(text)) => format!("{place}: '{text}' is set for another action too"),
        (Lang::Zh, P::KeyTwice(text)) => format!("{place}: '{text}' 已设给另一个操作"),
        (Lang::En, P::NotAKey(text)) => format!(
            "{place}: '{text}' is not a key; use lower-case letters, digits and _, starting with a letter"
        ),
        (Lang::Zh, P::NotAKey(text)) => {
            format!("{place}: '{text}' 不是有效的键; 请用小写字母、数字和 _, 以字母开头")
        }
        (Lang::En, P::NotTimeOfDay(text)) => {
            format!("{place}: '{text}' is not a time of day HH:MM (00:00 to 23:59)")
        }
        (Lang::Zh, P::NotTimeOfDay(text)) => {
            format!("{place}: '{text}' 不是 HH:MM 格式的时刻 (00:00 到 23:59)")
        }
        (Lang::En, P::Duplicate(text)) => format!("{place}: '{text}' is given twice"),
        (Lang::Zh, P::Duplicate(text)) => format!("{place}: '{text}' 重复"),
        (Lang::En, P::NoShifts) => format!("{place}: at least one shift is needed"),
        (Lang::Zh, P::NoShifts) => format!("{place}: 至少要有一个班次"),
        (Lang::En, P::Empty) => format!("{place}: must not be empty"),
        (Lang::Zh, P::Empty) => format!("{place}: 不能为空"),
        (Lang::En, P::OutOfRange(date)) => {
            format!("{place}: {date} is outside {FIRST_DAY} to {LAST_DAY}")
        }
        (Lang::Zh, P::OutOfRange(date)) => {
            format!("{place}: {date} 不在 {FIRST_DAY} 到 {LAST_DAY} 之间")
        }
        (Lang::En, P::Rules(m)) => format!("config {m}"),
        (Lang::Zh, P::Rules(m)) => format!("配置 {m}"),
        (Lang::En, P::NotAChannelKind(k)) => {
            format!("{place}: '{k}' is not a channel kind; use wecom, dingtalk or webhook")
        }
        (Lang::Zh, P::NotAChannelKind(k)) => {
            format!("{place}: '{k}' 不是通知渠道类型; 请用 wecom、dingtalk 或 webhook")
        }
        (Lang::En, P::NotHttps(u)) => format!(
            "{place}: '{u}' is not an https URL (plain http only to 127.0.0.1, ::1 or localhost)"
        ),
        (Lang::Zh, P::NotHttps(u)) => {
            format!("{place}: '{u}' 不是 https 地址 (仅 127.0.0.1、::1、localhost 可用 http)")
        }
        (Lang::En, P::NotAnEvent(e)) => format!(
            "{place}: '{e}' is not an event; use urgent, dispatch, incident, soon, overdue, \
             overdue_manager or handover_unsigned"
        ),
        (Lang::Zh, P::NotAnEvent(e)) => format!(
            "{place}: '{e}' 不是事件名; 请用 urgent、dispatch、incident、soon、overdue、\
             overdue_manager 或 handover_unsigned"
        ),
        (Lang::En, P::NotAMobile(m)) => {
            format!("{place}: '{m}' is not a mobile number (digits, optionally a leading +)")
        }
        (Lang::Zh, P::NotAMobile(m)) => format!("{place}: '{m}' 不是手机号 (数字, 可带 +)"),
        (Lang::En, P::NotAPostgresUrl(u, why)) => format!(
            "{place}: '{u}' is not a PostgreSQL URL ({why}); write \
             postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
        ),
        (Lang::Zh, P::NotAPostgresUrl(u, why)) => format!(
            "{place}: '{u}' 不是 PostgreSQL 地址 ({why}); 格式为 \
             postgresql://用户:密码@主机:端口/数据库"
        ),
        (Lang::En, P::NotACaFile(path, why)) => {
            use crate::config_company::CaProblem as C;
            let why = match why {
                C::Unreadable(e) => format!("cannot be read ({e})"),
                C::NoCertificate => "holds no certificate (no BEGIN CERTIFICATE block)".into(),
                C::Garbage(n) => format!("holds a block (#{n}) that is not a certificate"),
            };
            format!(
                "{place}: sslrootcert '{path}' {why}; name the PEM file of the company's CA \
                 certificate (docs/company.md)"
            )
        }
        (Lang::Zh, P::NotACaFile(path, why)) => {
            use crate::config_company::CaProblem as C;
            let why = match why {
                C::Unreadable(e) => format!("无法读取 ({e})"),
                C::NoCertificate => "不含证书 (没有 BEGIN CERTIFICATE 段)".into(),
                C::Garbage(n) => format!("中第 {n} 个证书无效"),
            };
            format!(
                "{place}: sslrootcert '{path}' {why}; 请指向公司 CA 证书的 PEM 文件 (见 docs/company.md)"
            )
        }
        (Lang::En, P::NotAClientCert(why)) => {
            use crate::config_company::ClientCertProblem as C;
            let why = match why {
                C::CertUnreadable(p, e) => format!("sslcert '{}' cannot be read ({e})", clean(p)),
                C::NoCertificate(p) => {
                    format!(
                        "sslcert '{}' holds no certificate (PEM, BEGIN CERTIFICATE)",
                        clean(p)
                    )
                }
                C::KeyUnreadable(p, e) => format!("sslkey '{}' cannot be read ({e})", clean(p)),
                C::NoKey(p) => format!(
                    "sslkey '{}' holds no private key dutydesk can use (PEM: PKCS#8, RSA or EC)",
                    clean(p)
                ),
                C::KeyOpen(p, mode) => format!(
                    "sslkey '{}' may be read by others (mode {mode:o}): chmod 600 it",
                    clean(p)
                ),
                C::Mismatch(c, k) => format!(
                    "sslkey '{}' is not the key of sslcert '{}'",
                    clean(k),
                    clean(c)
                ),
            };
            format!("{place}: {why} (the desk's client certificate, docs/company.md)")
        }
        (Lang::Zh, P::NotAClientCert(why)) => {
            use crate::config_company::ClientCertProblem as C;
            let why = match why {
                C::CertUnreadable(p, e) => format!("sslcert '{}' 无法读取 ({e})", clean(p)),
                C::NoCertificate(p) => {
                    format!("sslcert '{}' 不含证书 (PEM, BEGIN CERTIFICATE)", clean(p))
                }
                C::KeyUnreadable(p, e) => format!("sslkey '{}' 无法读取 ({e})", clean(p)),
                C::NoKey(p) => format!(
                    "sslkey '{}' 不含可用的私钥 (PEM: PKCS#8, RSA 或 EC)",
                    clean(p)
                ),
                C::KeyOpen(p, mode) => {
                    format!(
                        "sslkey '{}' 其他用户可读 (权限 {mode:o}): 请 chmod 600",
                        clean(p)
                    )
                }
                C::Mismatch(c, k) => {
                    format!("sslkey '{}' 不是 sslcert '{}' 的私钥", clean(k), clean(c))
                }
            };
            format!("{place}: {why} (本机的客户端证书, 见 docs/company.md)")
        }
        (Lang::En, P::NotAnEstate(e)) => format!(
            "{place}: '{e}' is not an estate name (at most {} characters, no control characters)",
            crate::config_company::ESTATE_MAX
        ),
        (Lang::Zh, P::NotAnEstate(e)) => format!(
            "{place}: '{e}' 不是有效的项目名 (最多 {} 个字, 不含控制字符)",
            crate::config_company::ESTATE_MAX
        ),
        (Lang::En, P::PasswordTooOpen(mode)) => format!(
            "the config file {key} holds the company server's password and others may read it \
             (mode {mode:03o}); run chmod 600 {key}"
        ),
        (Lang::Zh, P::PasswordTooOpen(mode)) => format!(
            "配置文件 {key} 含有公司服务器的密码, 但其他用户可读 (权限 {mode:03o}); 请执行 chmod 600 {key}"
        ),
        (Lang::En, P::NotADeadline(d)) => format!("{place}: '{d}' is not a deadline name"),
        (Lang::Zh, P::NotADeadline(d)) => format!("{place}: '{d}' 不是时限名"),
        (Lang::En, P::TooOpen(mode)) => format!(
            "the config file {key} holds notification keys and others may read it (mode {mode:03o}); \
             run chmod 600 {key}"
        ),
        (Lang::Zh, P::TooOpen(mode)) => format!(
            "配置文件 {key} 含有通知密钥, 但其他用户可读 (权限 {mode:03o}); 请执行 chmod 600 {key}"
        ),
    }
}

/// What kind of character a refused one is.
fn char_kind(c: char, lang: Lang) -> &'static str {
    match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => lang.pick("a line break", "换行符"),
        c if c.is_control() => lang.pick("the control character", "控制字符"),
        _ => lang.pick("the bidi control", "双向控制字符"),
    }
}

/// `U+001B (ESC)`: the code point, with the name people know it by for the common ones.
fn code_point(c: char) -> String {
    let known = match c {
        '\u{1b}' => Some("ESC"),
        '\u{7}' => Some("BEL"),
        '\n' => Some("LF"),
        '\r' => Some("CR"),
        '\t' => Some("TAB"),
        '\u{7f}' => Some("DEL"),
        '\u{202e}' => Some("RLO"),
        _ => None,
    };
    match known {
        Some(name) => format!("U+{:04X} ({name})", c as u32),
        None => format!("U+{:04X}", c as u32),
    }
}

/// The heading of the keys in use at the end of `dutydesk config`.
pub fn keys_in_use_title(lang: Lang) -> &'static str {
    lang.pick(
        "keys in use (set one with [keys], e.g. sign = \"Ctrl-S\")",
        "使用中的按键 (可在 [keys] 中设置, 如 sign = \"Ctrl-S\")",
    )
}

/// A path from the config, shown on one line.
fn clean(path: &str) -> String {
    crate::domain::text::sanitize_line(path).into_owned()
}
