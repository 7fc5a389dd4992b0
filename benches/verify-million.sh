#!/bin/sh
# Measure `dutydesk verify` on a big database (issue 6: at most 5 s on 1,000,000 records).
#
#   benches/verify-million.sh [RECORDS] [DB]
#
# Builds the release binary, fills DB (default target/bench/million.db) through the real write
# path if it does not exist yet (tests/reliability.rs `build_big_database`: records over three
# years, most with their lifecycle events), then times `verify` (chain + records + integrity),
# `verify --read-only`, and `backup`. Takes a few minutes the first time; the database is kept
# for later runs.
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
        /usr/bin/time -f "verify $mode: %e s wall, %M KiB max RSS" $BIN --db "$DB" $mode verify
    done
done
/usr/bin/time -f "backup: %e s wall" $BIN --db "$DB" backup "$(dirname "$DB")/backup.db"
rm -f "$(dirname "$DB")/backup.db"
