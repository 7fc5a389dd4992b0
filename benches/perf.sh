#!/usr/bin/env bash
# Measures every target of the performance issue on a million-record database.
#   benches/perf.sh [RECORDS]        (default 1000000; needs hyperfine and /usr/bin/time)
# Prints a table of medians, then the desk's key-to-frame times (benches/tui.rs); the database is
# kept in $BENCH_DIR (default /tmp/dutydesk-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
records=${1:-1000000}
dir=${BENCH_DIR:-/tmp/dutydesk-bench}
mkdir -p "$dir"
db="$dir/m$records.db"
export DUTYDESK_DB="$db" DUTYDESK_NOW=2026-11-25T03:00:00+08:00 TZ=Asia/Shanghai \
  DUTYDESK_CONFIG=/nonexistent DUTYDESK_OPERATOR=bench DUTYDESK_LANG=zh
command -v hyperfine >/dev/null || { echo "install hyperfine (apt-get install hyperfine)" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/dutydesk

rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
median() { # hyperfine --export-json file -> median ms
  python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(round(r['median']*1000,1))" "$1"
}

if [ ! -s "$db" ]; then
  rm -f "$db" "$db-wal" "$db-shm"
  start=$(date +%s.%N)
  demo_rss=$(rss "$bin" demo --records "$records")
  demo_s=$(python3 -c "import time,sys; print(round(time.time()-float(sys.argv[1]),1))" "$start")
  echo "demo --records $records: ${demo_s} s, peak RSS ${demo_rss} KB"
fi

count=$("$bin" stats --json | python3 -c "import json,sys; print(json.load(sys.stdin)['records'])")
bytes=$(stat -c %s "$db")
echo "records: $count, file: $bytes bytes, $((bytes / count)) bytes/record"

t=$(mktemp -d)
run() { # name, command...   (RUNS=n to change the number of runs)
  local name=$1; shift
  hyperfine -N -i --warmup 2 --runs "${RUNS:-20}" --export-json "$t/$name.json" "$*" >/dev/null 2>&1
  printf '%-40s %8s ms   RSS %6s KB\n' "$name" "$(median "$t/$name.json")" "$(rss "$@")"
}
# The baseline of the issue. Debian's sqlite3 (3.40) predates contentless_delete FTS5 tables
# and exits with an error after opening the file and reading the schema; -i keeps its time.
run "sqlite3 count(sqlite_master)" sqlite3 "$db" "select count(*) from sqlite_master"
run "snapshot repairs 120x40" "$bin" snapshot --tab repairs --size 120x40 --format text
run "search 电梯" "$bin" search 电梯 --json
run "search 漏" "$bin" search 漏 --json
run "search room 3-2-1201" "$bin" search 3-2-1201 --json
run "search phone 13800138000" "$bin" search 13800138000 --json
run "list --overdue" "$bin" list --overdue --json
run "stats --json" "$bin" stats --json
RUNS=5 run "verify" "$bin" verify
cp "$db" "$t/w.db"
DUTYDESK_DB="$t/w.db" hyperfine -N --warmup 2 --runs 20 --export-json "$t/add.json" \
  "$bin add log --summary 巡查完毕" >/dev/null 2>&1
printf '%-40s %8s ms\n' "add log (whole process)" "$(median "$t/add.json")"
rm -rf "$t"
# The desk itself: paging and filtering each tab on this database, opened read-only.
echo "TUI (cargo bench --bench tui -- existing):"
TUI_PERF_DB="$db" cargo bench --quiet --bench tui -- existing
