#!/usr/bin/env bash
# Regenerate screenshots/*.svg: every tab of the desk, the reviews and the yearly callbacks at
# 120x36, in English and Chinese, drawn by the program itself (`dutydesk snapshot --format svg`,
# the same code as the terminal UI) from demo data at a fixed clock.
# Usage: screenshots/generate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q
bin=target/debug/dutydesk
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DUTYDESK_DB="$work/desk.db" DUTYDESK_CONFIG="$work/none.toml" DUTYDESK_OPERATOR=alice
export DUTYDESK_NOW=2026-11-25T03:00:00+08:00 TZ=Asia/Shanghai
unset NO_COLOR

if ! "$bin" demo >/dev/null 2>&1; then
  # Without `demo`: a night at the desk, entered through the command line.
  "$bin" add log --category patrol --summary "夜间巡查 1-6号楼, 消防通道畅通, 3号楼楼顶天台门可正常打开" \
    --location 1-6号楼 --at "2026-11-24 21:10" >/dev/null
  "$bin" add log --category note --summary "Key for the pump room lent to 王师傅" --at 00:40 >/dev/null
  "$bin" act L-2026-00002 void --reason "wrong building, entered again" --at 00:45 >/dev/null
  "$bin" add log --category incident --summary "5号楼地下车库积水, 已通知工程部" --location 5号楼车库 --at 02:10 >/dev/null
  "$bin" add call --kind complaint --channel phone --summary "楼上装修噪音, 凌晨还在施工" --room 6-1-502 \
    --name 李先生 --phone 13900139000 --at 01:10 >/dev/null
  "$bin" add call --kind complaint --channel letter --class important \
    --summary "Parking barrier charged twice for one exit" --room 2-1-301 --name "Mr Chen" \
    --at "2026-11-24 16:30" >/dev/null
  "$bin" add call --kind consultation --channel phone --summary "问明天停水时间" --room 3-2-1201 --at 02:40 >/dev/null
  "$bin" add repair --category water_fault --summary "厨房水管爆裂, 水漫到客厅" --room 3-2-1201 \
    --location 3号楼2单元 --phone 13800138000 --reporter 王女士 --at 02:30 >/dev/null
  "$bin" add repair --category elevator_entrapment --summary "电梯停在12楼, 2人被困" \
    --location 5号楼2单元电梯 --at 02:48 >/dev/null
  "$bin" act R-2026-00002 dispatch --to 张师傅 --at 02:50 >/dev/null
  "$bin" add repair --category general --summary "单元门禁刷卡不灵" --room 4-1-101 --location 4号楼1单元 \
    --at "2026-11-24 10:00" >/dev/null
  "$bin" act R-2026-00003 dispatch --to 赵师傅 --at "2026-11-24 10:20" >/dev/null
  "$bin" act R-2026-00003 arrive --at "2026-11-24 10:40" >/dev/null
  "$bin" act R-2026-00003 resolve --at "2026-11-24 11:00" >/dev/null
fi

# The residents directory of a few buildings, for the yearly household callbacks (Ctrl-Y): some
# reached this year already, one tried without an answer, two with notes (✎).
while IFS='|' read -r room owner phone notes; do
  "$bin" residents add "$room" --owner "$owner" --phone "$phone" --occupied yes \
    ${notes:+--notes "$notes"} >/dev/null
done <<'HOUSEHOLDS'
1-1-101|张伟|13800001101|
1-1-202|王芳|13800001202|独居老人, 耳背, 请大声慢讲
1-2-301|李娜|13800001301|
2-1-502|刘洋|13900002502|
2-2-1101|陈静|13900002110|
3-2-1201|王秀英|13800138000|
3-2-1502|杨磊|13700003150|轮椅出入, 需走无障碍通道
5-1-801|赵敏|13600005801|
6-1-502|李建国|13900139000|
6-2-901|孙丽|13500006901|
HOUSEHOLDS
"$bin" residents callback 1-1-101 --result satisfied --words "物业服务不错" >/dev/null
"$bin" residents callback 2-1-502 --form visit --result neutral --words "停车位紧张" >/dev/null
"$bin" residents callback 5-1-801 --result satisfied >/dev/null
"$bin" residents callback 2-2-1101 --result no_answer >/dev/null

for lang in en zh; do
  for tab in log calls repairs handover passes rounds; do
    "$bin" --lang "$lang" snapshot --tab "$tab" --size 120x36 --format svg >"screenshots/$tab-$lang.svg"
  done
  # The views over the tabs, read before they are drawn: the reviews (Ctrl-T, yesterday's
  # figures) and the yearly household callbacks (Ctrl-Y, those still due).
  for view in reviews yearly; do
    "$bin" --lang "$lang" snapshot --view "$view" --size 120x36 --format svg >"screenshots/$view-$lang.svg"
  done
done
ls screenshots/*.svg
