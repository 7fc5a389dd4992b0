#!/usr/bin/env bash
# How each screen and command grows with the history: every target of issue 17 §4 measured at
# 10k, 100k and 1M records (medians), as a table.
#
#   benches/growth.sh [SIZES...]        (default: 10000 100000 1000000)
#
# Each database is made once by `dutydesk demo --records N` under the clock the demo of the
# issue used, kept in $BENCH_DIR (default /tmp/dutydesk-growth) as mN.db, and upgraded by one
# write before timing (BENCH_DB_1000000=path uses an existing million-record file instead: it
# is copied, never written). Each cell: median wall ms (median CPU ms, user + system: on a
# machine shared with other work the wall time also waits for a core). RUNS=n changes the
# number of runs (default 10; 3 for verify, 1 for list and export, with their peak RSS). A hot
# path must not grow with the history, only with what is open or asked: compare the columns.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000 1000000)
dir=${BENCH_DIR:-/tmp/dutydesk-growth}
mkdir -p "$dir"
bin=${DUTYDESK_BIN:-target/release/dutydesk}
[ -n "${DUTYDESK_BIN:-}" ] || cargo build --release --quiet
export DUTYDESK_NOW=2026-11-27T03:00:00+08:00 TZ=Asia/Shanghai DUTYDESK_CONFIG=/nonexistent \
  DUTYDESK_OPERATOR=bench DUTYDESK_LANG=zh

declare -A cell
names=()
measure() { # size, name, runs, command...   -> "wall ms (cpu ms)", medians (benches/timeit.py)
  local size=$1 name=$2 runs=$3; shift 3
  [[ " ${names[*]} " == *" $name "* ]] || names+=("$name")
  read -r wall cpu rss < <(python3 benches/timeit.py "$runs" "$@")
  cell["$name|$size"]="$wall ($cpu)"
}
measure_rss() { # as measure, one run, with its peak RSS
  local size=$1 name=$2; shift 2
  [[ " ${names[*]} " == *" $name "* ]] || names+=("$name")
  read -r wall cpu rss < <(python3 benches/timeit.py 1 "$@")
  cell["$name|$size"]="$wall ($cpu) ${rss} MB"
}

for n in "${sizes[@]}"; do
  db="$dir/m$n.db"
  given="BENCH_DB_$n"
  if [ -n "${!given:-}" ]; then
    cp --reflink=auto "${!given}" "$db"
  elif [ ! -s "$db" ]; then
    DUTYDESK_DB="$db" "$bin" demo --records "$n" >/dev/null
  fi
  export DUTYDESK_DB="$db"
  # One write brings the file to this program's schema (and its planner statistics).
  "$bin" add log --summary "基准测试前的一条" >/dev/null
  runs=${RUNS:-10}
  measure "$n" "first screen (snapshot repairs 120x40)" "$runs" "$bin" snapshot --tab repairs --size 120x40 --format text
  measure "$n" "search 电梯" "$runs" "$bin" search 电梯 --json
  measure "$n" "search room 3-2-1201" "$runs" "$bin" search 3-2-1201 --json
  measure "$n" "handover show --json" "$runs" "$bin" handover show --json
  measure "$n" "report daily --json" "$runs" "$bin" report daily --json
  measure "$n" "report monthly --json" "$runs" "$bin" report monthly --json
  measure "$n" "stats --json" "$runs" "$bin" stats --json
  measure "$n" "verify" 3 "$bin" verify
  measure_rss "$n" "list --limit 0 --json" "$bin" list --limit 0 --json
  measure_rss "$n" "export --format csv" "$bin" export --format csv
  cell["file bytes/record|$n"]=$(python3 -c "import os,sys; print(os.path.getsize(sys.argv[1])//int(sys.argv[2]))" "$db" "$n")
  [[ " ${names[*]} " == *" file bytes/record "* ]] || names+=("file bytes/record")
done

printf '| %-40s |' "what"
for n in "${sizes[@]}"; do printf ' %24s |' "$n"; done
printf '\n|%s|' "$(printf -- '-%.0s' {1..42})"
for n in "${sizes[@]}"; do printf '%s|' "$(printf -- '-%.0s' {1..26})"; done
printf '\n'
for name in "${names[@]}"; do
  printf '| %-40s |' "$name"
  for n in "${sizes[@]}"; do printf ' %24s |' "${cell["$name|$n"]:-}"; done
  printf '\n'
done
