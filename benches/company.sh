#!/usr/bin/env bash
# The company push on a large estate (issue 19): the first push of a whole desk file, then an
# incremental push of one shift's events (the events of an average 12 hours of that file).
# Runs a throwaway PostgreSQL cluster of its own (Debian's server package, as a user made for
# it; run as root), on a copy of the file (the source is never written).
#
#   benches/company.sh [SOURCE_DB]      default /work/bench/m1000000.db
#   benches/company.sh --reports        the company reports over 20 estates of 100,000
#                                       records each, generated on the server
#                                       (benches/company_reports.sql); medians of RUNS (5)
#   DUTYDESK_BIN=target/release/dutydesk (default)
#   BATCH=5000          events per transaction (company push --batch)
#   PGOPTS="-c max_wal_size=4GB"   server settings (default: PostgreSQL's own)
#   NOCHAIN=1           drop the server's chain triggers (schema 4) before the first push, to
#                       measure what they cost
#   KEEPLOG=PATH        keep the server's log there
#   REFOLD=1            time `company push --refold` after the pushes (every row written again,
#                       as an upgrade that raises rows::FOLDED makes the next push do)
#   AFTER_SQL=FILE      run FILE with psql after the first push (experiments on its tables)
#   PLANS=1             with --reports: log each report statement's plan (auto_explain) and
#                       count the indexes the plans use
#   PGLOG=1             log every statement's time on the server and sum them per statement
#                       (events, records, chain end) after the first push: the server's share
set -euo pipefail
cd "$(dirname "$0")/.."
reports=
if [ "${1:-}" = --reports ]; then reports=1; shift; fi
src=${1:-/work/bench/m1000000.db}
bin=$(realpath "${DUTYDESK_BIN:-target/release/dutydesk}")
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/ddbench-XXXXXX)
user=ddbench$$
cleanup() {
  if [ -n "${KEEPLOG:-}" ] && [ -f "$work/log" ]; then cp "$work/log" "$KEEPLOG"; fi
  runuser -u "$user" -- "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  userdel "$user" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"
useradd -M -N -s /bin/sh "$user"
mkdir "$work/data" && chown "$user" "$work" "$work/data"
echo bench-pw >"$work/pw" && chown "$user" "$work/pw"
runuser -u "$user" -- "$pgbin/initdb" -D "$work/data" -U dd --pwfile="$work/pw" \
  --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
logopts=""
if [ -n "${PGLOG:-}" ]; then
  logopts="-c log_min_duration_statement=0 -c log_parameter_max_length=0"
fi
runuser -u "$user" -- "$pgbin/pg_ctl" -D "$work/data" -w -l "$work/log" \
  -o "-c listen_addresses='' -c unix_socket_directories='$work' $logopts ${PGOPTS:-}" start >/dev/null
host=$(printf %s "$work" | sed 's,/,%2F,g')
cat >"$work/config.toml" <<TOML
[company]
url = "postgresql://dd:bench-pw@$host/postgres"
estate = "阳光花园"
TOML
chmod 600 "$work/config.toml"
export DUTYDESK_CONFIG="$work/config.toml" TZ=Asia/Shanghai DUTYDESK_LANG=en

if [ -n "$reports" ]; then
  "$bin" --db "$work/empty.db" company init >/dev/null
  s=$(date +%s.%N)
  PGPASSWORD=bench-pw "$pgbin/psql" -q -h "$work" -U dd -d postgres -v ON_ERROR_STOP=1 \
    -f benches/company_reports.sql
  # The deadlines' rows (schema 8) as the pusher writes them: from the generated JSON, as
  # 008_deadlines.sql fills them for the rows pushed before it.
  PGPASSWORD=bench-pw "$pgbin/psql" -q -h "$work" -U dd -d postgres -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO deadlines (estate, record_id, n, name, due, done_at, late, held_since, held_until,
                       kind, category, received_at, resolved_at, voided)
SELECT r.estate, r.id, d.n - 1, d.name, d.due, d.done_at,
       CASE WHEN d.done_at IS NOT NULL THEN coalesce(d.late, d.done_at > d.due) END,
       d.held_since, d.held_until, r.kind, r.category, r.received_at, r.resolved_at,
       r.voided
  FROM records r,
       ROWS FROM (jsonb_to_recordset(r.deadlines)
                  AS (name text, due timestamptz, done_at timestamptz, late boolean,
                      held_since timestamptz, held_until timestamptz))
           WITH ORDINALITY AS d(name, due, done_at, late, held_since, held_until, n);
UPDATE records SET owes_callback = deadlines @> '[{"name": "callback"}]';
VACUUM ANALYZE records, deadlines;
SQL
  echo "generated 20 × 100,000 records in $(echo "$(date +%s.%N) - $s" | bc) s"
  if [ -n "${PLANS:-}" ]; then
    PGPASSWORD=bench-pw "$pgbin/psql" -q -h "$work" -U dd -d postgres -v ON_ERROR_STOP=1 <<'SQL'
LOAD 'auto_explain';
ALTER SYSTEM SET session_preload_libraries = 'auto_explain';
ALTER SYSTEM SET auto_explain.log_min_duration = 0;
SELECT pg_reload_conf();
SQL
  fi
  export DUTYDESK_NOW=2026-12-01T09:00:00+08:00
  for args in "daily --date 2026-11-24" "weekly --date 2026-11-24" "monthly --date 2026-11-01" \
              "quarterly --quarter 2026Q4" "yearly --year 2026" \
              "monthly --date 2026-11-01 --estate estate-07"; do
    # shellcheck disable=SC2086
    read -r wall cpu _ < <(python3 benches/timeit.py "${RUNS:-5}" "$bin" --db "$work/empty.db" \
      company report $args --json)
    echo "company report $args --json: median ${wall} ms (client CPU ${cpu} ms)"
  done
  if [ -n "${PLANS:-}" ]; then
    "$bin" --db "$work/empty.db" company overdue --json >/dev/null
    "$bin" --db "$work/empty.db" company overdue --estate estate-07 --json >/dev/null
    echo "indexes in the reports' and overdue's plans (scans, all runs):"
    grep -oE '(Index|Index Only|Bitmap Index) Scan( Backward)? (using|on) [a-z_0-9]+' "$work/log" |
      awk '{print $NF}' | sort | uniq -c | sort -rn
  fi
  exit 0
fi

db="$work/desk.db"
cp --reflink=auto "$src" "$db"
read -r events shift < <(sqlite3 -separator ' ' "$db" \
  "SELECT max(seq), CAST(count(*) * 43200.0 / max(1, max(at) - min(at)) AS INTEGER) FROM events")
records=$(sqlite3 "$db" "SELECT count(*) FROM records")
echo "desk: $records records, $events events; one shift ≈ $shift events"

t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
if [ -n "${NOCHAIN:-}" ]; then
  "$bin" --db "$db" company init >/dev/null
  PGPASSWORD=bench-pw "$pgbin/psql" -q -v ON_ERROR_STOP=1 -h "$work" -U dd -d postgres -c \
    "DROP TRIGGER events_continue_the_chain ON events;
     DROP TRIGGER estates_end_moves_forward ON estates;
     DROP TRIGGER estates_end_is_stored ON estates;" >/dev/null
  echo "the server's chain triggers dropped (NOCHAIN)"
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "%e %U %S" -o "$work/time" \
  "$bin" --db "$db" company push --batch "${BATCH:-5000}" --upto $((events - shift)) >/dev/null
read -r first user_s sys_s <"$work/time"
echo "first push of $((events - shift)) events, batches of ${BATCH:-5000}: ${first} s wall, \
client CPU ${user_s} s user + ${sys_s} s sys (target < 120 s); load average after: \
$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${PGLOG:-}" ]; then
  awk '/duration: / {
         ms = $0; sub(/.*duration: /, "", ms); sub(/ ms.*/, "", ms);
         what = "other";
         if ($0 ~ /INSERT INTO events|COPY events/) what = "insert events";
         else if ($0 ~ /INSERT INTO records|COPY records/) what = "upsert records";
         else if ($0 ~ /INSERT INTO deadlines|COPY deadlines/) what = "insert deadlines";
         else if ($0 ~ /DELETE FROM deadlines/) what = "delete deadlines";
         else if ($0 ~ /FROM unnest.*CROSS JOIN LATERAL/) what = "find rows held";
         else if ($0 ~ /FOR NO KEY UPDATE/) what = "lock the estate";
         else if ($0 ~ /UPDATE records/) what = "report columns";
         else if ($0 ~ /UPDATE estates/) what = "move the chain end";
         else if ($0 ~ /COMMIT/) what = "commit";
         sum[what] += ms; n[what]++ }
       END { for (w in sum) printf "server: %-20s %8.1f s in %d statements\n", w, sum[w] / 1000, n[w] }' \
    "$work/log"
fi
if [ -n "${AFTER_SQL:-}" ]; then
  PGPASSWORD=bench-pw "$pgbin/psql" -h "$work" -U dd -d postgres -v ON_ERROR_STOP=1 \
    -f "$AFTER_SQL"
fi
incr=$(t "$bin" --db "$db" company push)
echo "incremental push of $shift events: ${incr} s (target < 1 s)"
again=$(t "$bin" --db "$db" company push)
echo "push with nothing new: ${again} s"
overdue=$(t "$bin" --db "$db" company overdue --limit 0 --json)
if [ -n "${REFOLD:-}" ]; then
  refold=$(t "$bin" --db "$db" company push --refold)
  echo "company push --refold (every row folded and written again): ${refold} s"
fi
echo "company overdue: ${overdue} s"
psql_size=$(runuser -u "$user" -- "$pgbin/../bin/postgres" --version)
echo "server: $psql_size"
