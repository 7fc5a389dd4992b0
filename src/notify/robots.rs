//! The robots' protocols: WeCom group robot (`msgtype: text`, `mentioned_mobile_list`),
//! DingTalk custom robot (`msgtype: text`, `at.atMobiles`, signed with HMAC-SHA256 of
//! `timestamp_ms + "\n" + secret`, base64, URL-encoded), and a plain JSON webhook. An answer
//! other than 2xx, or a robot's `errcode` other than 0, is a failed attempt.

use super::{TIMEOUT, scrub};
use crate::config_notify::{Channel, ChannelKind};
use crate::domain::notify::clip;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde_json::json;
use sha2::Sha256;

/// WeCom's `text.content` holds at most 2048 bytes; DingTalk's is kept as short.
const MAX_TEXT: usize = 2048;

pub(super) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// DingTalk's `sign` for `timestamp_ms`: base64 of HMAC-SHA256 (key: the secret) of
/// `timestamp_ms + "\n" + secret`, URL-encoded.
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{timestamp_ms}\n{secret}").as_bytes());
    let b64 = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    url_encode(&b64)
}

fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Posts one message; the error (already scrubbed of credentials) when it was not delivered.
pub fn post(
    agent: &ureq::Agent,
    channel: &Channel,
    text: &str,
    mobiles: &[String],
    event: &str,
    record: Option<&str>,
    now_ms: i64,
) -> Result<(), String> {
    let base = channel.url.reveal().trim();
    let (url, payload) = match channel.kind {
        ChannelKind::Wecom => (
            base.to_string(),
            json!({
                "msgtype": "text",
                "text": { "content": clip(text, MAX_TEXT), "mentioned_mobile_list": mobiles },
            }),
        ),
        ChannelKind::Dingtalk => {
            let mut content = clip(text, MAX_TEXT).to_string();
            for m in mobiles {
                content.push_str(&format!(" @{m}"));
            }
            let url = match &channel.secret {
                Some(secret) => format!(
                    "{base}{}timestamp={now_ms}&sign={}",
                    if base.contains('?') { '&' } else { '?' },
                    dingtalk_sign(secret.reveal(), now_ms)
                ),
                None => base.to_string(),
            };
            (
                url,
                json!({
                    "msgtype": "text",
                    "text": { "content": content },
                    "at": { "atMobiles": mobiles, "isAtAll": false },
                }),
            )
        }
        ChannelKind::Webhook => (
            base.to_string(),
            json!({ "event": event, "record": record, "text": text, "mobiles": mobiles }),
        ),
    };
    let answer = agent
        .post(&url)
        .header("Content-Type", "application/json; charset=utf-8")
        .send(payload.to_string());
    let mut answer = answer.map_err(|e| scrub(&failure(&e), channel))?;
    let status = answer.status().as_u16();
    let body = answer.body_mut().read_to_string().unwrap_or_default();
    if !(200..300).contains(&status) {
        return Err(format!("HTTP {status}"));
    }
    let reply: Option<serde_json::Value> = serde_json::from_str(&body).ok();
    let errcode = reply.as_ref().and_then(|v| v["errcode"].as_i64());
    match (channel.kind, errcode) {
        (_, Some(0)) | (ChannelKind::Webhook, None) => Ok(()),
        (_, Some(code)) => {
            let msg = reply
                .as_ref()
                .and_then(|v| v["errmsg"].as_str())
                .unwrap_or("");
            Err(scrub(
                &format!("errcode {code}: {}", clip(msg, 200)),
                channel,
            ))
        }
        (_, None) => Err("the robot's answer has no errcode".to_string()),
    }
}

fn failure(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => "timed out".to_string(),
        ureq::Error::Io(io) => format!("network: {}", io.kind()),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        other => format!("request failed: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_matches_the_documented_recipe() {
        // Python: quote_plus(b64encode(hmac.new(b"SECabc", b"1700000000000\nSECabc",
        // sha256).digest()))
        assert_eq!(
            dingtalk_sign("SECabc", 1_700_000_000_000),
            "jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM%3D"
        );
    }

    #[test]
    fn url_encoding_of_base64() {
        assert_eq!(url_encode("a+b/c="), "a%2Bb%2Fc%3D");
    }
}
