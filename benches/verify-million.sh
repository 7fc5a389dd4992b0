#!/bin/sh
# Measure `dutydesk verify` on a big database (issue 6: at most 5 s on 1,000,000 records).
#
#   benches/verify-million.sh [RECORDS] [DB]
#
# Builds the release binary, fills DB (default target/bench/million-N.db) through the real write
# path if it does not exist yet (tests/reliability.rs `build_big_database`: records over three
# years, half of them with their lifecycle events: 2.5 events per record; about 5 minutes and
# 870 MB for a million), then times `verify` (chain + records + file check; `timings_ms` gives
# each part's wall time: the records check runs in a second thread beside the other two) with
# and without `--read-only`, and `backup`. The database is kept for later runs. Timings are
# only meaningful on an otherwise idle machine: see the load printed at the end.
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000000}
DB=${2:-target/bench/million-$N.db}
mkdir -p "$(dirname "$DB")"
export DUTYDESK_CONFIG=/nonexistent/config.toml DUTYDESK_OPERATOR=bench DUTYDESK_LANG=en
cargo build --release --quiet
if [ ! -s "$DB" ]; then
    echo "building $DB with $N records ..."
    DUTYDESK_BENCH_DB="$PWD/$DB" DUTYDESK_BENCH_RECORDS=$N \
        cargo test --release --quiet --test reliability -- --ignored --exact build_big_database --nocapture
fi
BIN=target/release/dutydesk
ls -l "$DB"
# The first run escalates overdue complaints (a write); time the steady state.
$BIN --db "$DB" stats
for mode in "" "--read-only"; do
    for i in 1 2 3; do
        /usr/bin/time -f "verify $mode: %e s wall, %U s user, %S s sys" $BIN --db "$DB" $mode verify --json \
            | grep -E '"(file_check|events|records|chain|integrity)"' | tr -d '\n '
        echo
    done
done
/usr/bin/time -f "backup (full integrity_check of the copy): %e s wall" $BIN --db "$DB" backup "$(dirname "$DB")/backup.db"
rm -f "$(dirname "$DB")/backup.db"
echo "load while measuring: $(cat /proc/loadavg) on $(nproc) cores"
