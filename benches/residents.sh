#!/bin/sh
# The residents directory's speed targets (issue 15): import of a 5,000-household .xlsx
# (< 2 s) and lookups by room, phone, last 4 digits and pinyin initials with 20,000 households
# in a million-record database (< 16 ms, whole process). Medians from hyperfine.
#   benches/residents.sh [MILLION_RECORD_DB]   (default /work/bench/m1000000.db, never written:
#   a copy is made and removed; BENCH_TMP=DIR puts the copy (1 GB) on a roomier disk)
set -eu
BIN=${BIN:-target/release/dutydesk}
SRC=${1:-/work/bench/m1000000.db}
WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/dutydesk-residents.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export DUTYDESK_NOW=2026-11-27T03:00:00+08:00 TZ=Asia/Shanghai DUTYDESK_OPERATOR=bench
python3 - "$WORK" <<'PY'
import sys, random
random.seed(15)
W = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]; C = "10X98765432"
sur = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
given = "小明红伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀英华"
def idno(i):
    s = "110105%04d%02d%02d%03d" % (1950 + i % 50, 1 + i % 12, 1 + i % 28, i % 1000)
    return s + C[sum(int(a) * b for a, b in zip(s, W)) % 11]
def rows(n):
    out = ["房号,业主,电话,身份证,家庭成员,工作单位,入住日期,租户,备注"]
    for i in range(n):
        b, u, f, r = 1 + i // 400, 1 + (i // 100) % 4, 1 + (i // 4) % 25, 1 + i % 4
        room = "%d-%d-%d%02d" % (b, u, f, r)
        name = random.choice(sur) + random.choice(given) + random.choice(given)
        out.append(",".join([room, name, "13%09d" % (i * 7919 % 10**9), idno(i),
                             random.choice(sur) + random.choice(given), "某公司",
                             "2019-0%d-1%d" % (1 + i % 9, i % 10), "", "独居老人" if i % 50 == 0 else ""]))
    return "\n".join(out) + "\n"
for n in (5000, 20000):
    open(f"{sys.argv[1]}/h{n}.csv", "w", encoding="utf-8").write(rows(n))
PY
# The 5,000-household .xlsx: imported from the CSV, exported as xlsx.
DUTYDESK_DB=$WORK/gen.db $BIN residents import "$WORK/h5000.csv" --apply >/dev/null
DUTYDESK_DB=$WORK/gen.db $BIN residents export --format xlsx --unmasked --output "$WORK/h5000.xlsx"
hyperfine -N --warmup 1 --runs 10 --export-json "$WORK/import.json" --prepare "rm -f $WORK/imp.db $WORK/imp.db-wal $WORK/imp.db-shm" \
  "env DUTYDESK_DB=$WORK/imp.db $BIN residents import $WORK/h5000.xlsx --apply"
cp --reflink=auto "$SRC" "$WORK/m.db"
DUTYDESK_DB=$WORK/m.db $BIN residents import "$WORK/h20000.csv" --apply
export DUTYDESK_DB=$WORK/m.db
hyperfine -N --warmup 3 --runs 30 --export-json "$WORK/lookup.json" \
  "$BIN room 3-2-1201 --json" \
  "$BIN room 13000007919" \
  "$BIN residents list --find 7919" \
  "$BIN residents list --find wxm" \
  "$BIN residents list --find 13000007919" \
  "$BIN residents list --find 3-2-12"
python3 - "$WORK" <<'PY'
import json, sys
for name in ("import", "lookup"):
    for r in json.load(open(f"{sys.argv[1]}/{name}.json"))["results"]:
        print("median %7.1f ms  %s" % (r["median"] * 1000, r["command"].split("dutydesk ", 1)[-1]))
PY
