//! `[[notify.channels]]`: the group robots and webhooks messages go to (issue 18). Their URLs
//! and secrets are credentials: kept in [`Secret`], which never prints them (`Debug` and the
//! `dutydesk config` output show them masked), and a config holding them must not be readable
//! by others.

use crate::config::texts::{ConfigText, map_key};
use crate::config::{SettingError, SettingProblem, problem};
use crate::domain::notify::{NotifyEvent, Route, Routing};
use crate::domain::text::sanitize_line;
use serde::{Deserialize, Serialize, Serializer};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotifyConfig {
    pub channels: Vec<ChannelConfig>,
    /// `[notify.mobiles]`: a technician's name → mobile, mentioned in a dispatch to that name.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub mobiles: std::collections::BTreeMap<String, Mobile>,
    /// `[notify.escalation]`: when an overdue deadline goes on to the manager.
    pub escalation: EscalationConfig,
}

/// `[notify.escalation]`: `manager_after_minutes` for every deadline, and per deadline name
/// (`[notify.escalation.deadlines] resolution = 120`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EscalationConfig {
    pub manager_after_minutes: u32,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub deadlines: std::collections::BTreeMap<String, u32>,
}

impl Default for EscalationConfig {
    fn default() -> Self {
        Self {
            manager_after_minutes: 30,
            deadlines: Default::default(),
        }
    }
}

/// A mobile number from the config: shown only masked (`138****8000`).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Mobile(String);

impl Mobile {
    pub fn reveal(&self) -> &str {
        self.0.trim()
    }

    /// The first three and last four digits kept, the rest `*`.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.reveal().chars().collect();
        if chars.len() < 8 {
            return "***".to_string();
        }
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < 3 || i + 4 >= chars.len() {
                    *c
                } else {
                    '*'
                }
            })
            .collect()
    }

    fn is_valid(&self) -> bool {
        let t = self.reveal();
        let digits = t.strip_prefix('+').unwrap_or(t);
        (5..=20).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    }
}

impl std::fmt::Debug for Mobile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Mobile {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.masked())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelConfig {
    /// Used by the rules and by `notify test NAME`.
    pub name: String,
    /// `wecom`, `dingtalk` or `webhook`.
    pub kind: String,
    /// The robot's webhook URL with its key or access token.
    pub url: Secret,
    /// DingTalk's signing secret (`SEC…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<Secret>,
    /// The events it takes; absent: all of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
}

/// The robots a channel can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelKind {
    Wecom,
    Dingtalk,
    Webhook,
}

impl ChannelKind {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "wecom" => Some(Self::Wecom),
            "dingtalk" => Some(Self::Dingtalk),
            "webhook" => Some(Self::Webhook),
            _ => None,
        }
    }
}

/// A credential from the config: read as text, shown only masked.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The credential itself: only for the request that carries it.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// What may be shown: a URL's scheme and host, then `…`; anything else `***`.
    pub fn masked(&self) -> String {
        match self.0.split_once("://") {
            Some((scheme, rest)) => {
                let host = rest.split(['/', '?', '#']).next().unwrap_or("");
                let host = host.rsplit('@').next().unwrap_or("");
                format!("{}://{}/***", sanitize_line(scheme), sanitize_line(host))
            }
            None => "***".to_string(),
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.masked())
    }
}

/// A channel checked: what the sender needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Channel {
    pub name: String,
    pub kind: ChannelKind,
    pub url: Secret,
    pub secret: Option<Secret>,
    pub events: Vec<NotifyEvent>,
}

impl NotifyConfig {
    pub fn is_empty(&self) -> bool {
        self.channels.is_empty() && self.mobiles.is_empty() && self.escalation == Default::default()
    }

    /// Every channel checked, naming the key of the first wrong value.
    pub fn check(&self) -> Result<Vec<Channel>, SettingError> {
        for (name, mobile) in &self.mobiles {
            if !mobile.is_valid() {
                return Err(problem(
                    format!("notify.mobiles.{}", sanitize_line(name)),
                    SettingProblem::NotAMobile(mobile.masked()),
                ));
            }
        }
        for name in self.escalation.deadlines.keys() {
            if crate::domain::deadline::DeadlineName::parse(name.trim()).is_none() {
                return Err(problem(
                    format!("notify.escalation.deadlines.{}", sanitize_line(name)),
                    SettingProblem::NotADeadline(sanitize_line(name).into_owned()),
                ));
            }
        }
        let mut out: Vec<Channel> = Vec::new();
        for (i, c) in self.channels.iter().enumerate() {
            let key = format!("notify.channels[{i}]");
            let name = c.name.trim();
            if name.is_empty() {
                return Err(problem(format!("{key}.name"), SettingProblem::Empty));
            }
            if !crate::domain::kinds::inspection::areas::is_key(name) {
                return Err(problem(
                    format!("{key}.name"),
                    SettingProblem::NotAKey(sanitize_line(name).into_owned()),
                ));
            }
            if out.iter().any(|o| o.name == name) {
                return Err(problem(
                    format!("{key}.name"),
                    SettingProblem::Duplicate(name.to_string()),
                ));
            }
            let kind = ChannelKind::parse(&c.kind).ok_or_else(|| {
                problem(
                    format!("{key}.kind"),
                    SettingProblem::NotAChannelKind(sanitize_line(c.kind.trim()).into_owned()),
                )
            })?;
            if !url_allowed(c.url.reveal()) {
                return Err(problem(
                    format!("{key}.url"),
                    SettingProblem::NotHttps(c.url.masked()),
                ));
            }
            if c.secret
                .as_ref()
                .is_some_and(|s| s.reveal().trim().is_empty())
            {
                return Err(problem(format!("{key}.secret"), SettingProblem::Empty));
            }
            let events = match &c.events {
                None => NotifyEvent::ALL.to_vec(),
                Some(list) => {
                    let mut events = Vec::new();
                    for (j, e) in list.iter().enumerate() {
                        let event = NotifyEvent::parse(e).ok_or_else(|| {
                            problem(
                                format!("{key}.events[{j}]"),
                                SettingProblem::NotAnEvent(sanitize_line(e.trim()).into_owned()),
                            )
                        })?;
                        if !events.contains(&event) {
                            events.push(event);
                        }
                    }
                    events
                }
            };
            out.push(Channel {
                name: name.to_string(),
                kind,
                url: c.url.clone(),
                secret: c.secret.clone(),
                events,
            });
        }
        Ok(out)
    }

    /// Which channel takes which events, the technicians' mobiles and the ladder's manager
    /// step, for the store's outbox.
    pub fn routes(&self) -> Routing {
        let routes = self
            .check()
            .unwrap_or_default()
            .into_iter()
            .map(|c| Route {
                channel: c.name,
                events: c.events,
            })
            .collect();
        Routing {
            routes,
            mobiles: self
                .mobiles
                .iter()
                .map(|(k, v)| (k.trim().to_string(), v.reveal().to_string()))
                .collect(),
            manager_after_minutes: self.escalation.manager_after_minutes,
            manager_after: self
                .escalation
                .deadlines
                .iter()
                .filter_map(|(k, v)| {
                    crate::domain::deadline::DeadlineName::parse(k.trim()).map(|n| (n, *v))
                })
                .collect(),
        }
    }
}

impl NotifyConfig {
    /// Every name and text of `[notify]`, with its key (`config::texts` checks them): the
    /// channels' names, kinds, URLs, secrets and events, the technicians' names and mobiles,
    /// the deadlines of the ladder.
    pub fn texts(&self) -> Vec<ConfigText<'_>> {
        let mut out = Vec::new();
        for (i, c) in self.channels.iter().enumerate() {
            let key = format!("notify.channels[{i}]");
            out.push(ConfigText::name(format!("{key}.name"), &c.name));
            out.push(ConfigText::text(format!("{key}.kind"), &c.kind));
            out.push(ConfigText::text(format!("{key}.url"), c.url.reveal()));
            if let Some(secret) = &c.secret {
                out.push(ConfigText::text(format!("{key}.secret"), secret.reveal()));
            }
            for (j, e) in c.events.iter().flatten().enumerate() {
                out.push(ConfigText::text(format!("{key}.events[{j}]"), e));
            }
        }
        for (name, mobile) in &self.mobiles {
            let key = map_key("notify.mobiles", name);
            out.push(ConfigText::name(key.clone(), name));
            out.push(ConfigText::text(key, &mobile.0));
        }
        for name in self.escalation.deadlines.keys() {
            out.push(ConfigText::text(
                map_key("notify.escalation.deadlines", name),
                name,
            ));
        }
        out
    }
}

/// https anywhere; plain http only to this machine (tests, a local relay).
fn url_allowed(url: &str) -> bool {
    let url = url.trim();
    if let Some(rest) = url.strip_prefix("https://") {
        return !rest.is_empty() && !rest.starts_with('/');
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A config holding channel URLs or secrets must be readable by its owner alone.
pub fn check_mode(path: &Path, notify: &NotifyConfig) -> Result<(), SettingError> {
    if notify.channels.is_empty() && notify.mobiles.is_empty() {
        return Ok(());
    }
    match crate::config::open_to_others(path) {
        Some(mode) => Err(problem(
            path.display().to_string(),
            SettingProblem::TooOpen(mode),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_scheme_and_host_only() {
        let s = Secret::new("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc");
        assert_eq!(s.masked(), "https://qyapi.weixin.qq.com/***");
        assert_eq!(format!("{s:?}"), "https://qyapi.weixin.qq.com/***");
        assert_eq!(Secret::new("SECxyz").masked(), "***");
        assert_eq!(Mobile("13800138000".into()).masked(), "138****8000");
        assert_eq!(format!("{:?}", Mobile("13800138000".into())), "138****8000");
        assert_eq!(
            Secret::new("https://u:p@h.example/x").masked(),
            "https://h.example/***"
        );
    }

    #[test]
    fn http_only_to_loopback() {
        assert!(url_allowed(
            "https://oapi.dingtalk.com/robot/send?access_token=x"
        ));
        assert!(url_allowed("http://127.0.0.1:8080/x"));
        assert!(url_allowed("http://localhost/x"));
        assert!(url_allowed("http://[::1]:9/x"));
        assert!(!url_allowed("http://example.com/x"));
        assert!(!url_allowed("http://127.example.com/x"));
        assert!(!url_allowed("ftp://x"));
        assert!(!url_allowed("https://"));
    }
}
