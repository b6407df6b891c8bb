#!/usr/bin/env bash
# `crosscheck check` on one event that keeps growing: the first N generated
# articles (seed 42, drawn from many of the generator's events) are given one
# event field, as a dataset whose event field names a broad topic does. Prints,
# for each N, wall time, user and system CPU time, peak RSS and the number of
# findings, then how time and findings grow from the smallest N to the
# largest. System time is mostly the kernel handing over zeroed memory, and
# it swings with how much the page cache must give back first, so user time
# is the steadier figure to compare builds by.
#
# Findings are pairs of articles (the contract), so an event's findings grow
# with the square of its articles, and so does the time to write them; this
# benchmark shows how close to that square the rest of the work stays.
#
#   benches/large_event.sh                      # 250, 500, 1000 and 1500 articles
#   SIZES="500 1000" benches/large_event.sh
#   FORMAT=json benches/large_event.sh          # the JSON report instead of JSONL
#   OUT=/tmp/large benches/large_event.sh       # where corpora and reports go
#   BIN=/path/to/crosscheck benches/large_event.sh   # another build, to compare
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"250 500 1000 1500"}
FORMAT=${FORMAT:-jsonl}
OUT=${OUT:-target/large-event}
SEED=${SEED:-42}
mkdir -p "$OUT"
if [ ! -x /usr/bin/time ]; then
    echo "error: /usr/bin/time (GNU time) is required for peak RSS; install the 'time' package" >&2
    exit 2
fi

cargo build --release --quiet --bin crosscheck --example gen_corpus
BIN=${BIN:-target/release/crosscheck}
largest=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
target/release/examples/gen_corpus --articles "$largest" --seed "$SEED" --out "$OUT/corpus.jsonl" >/dev/null

echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p'); report: --format $FORMAT"
printf '%-9s %9s %9s %9s %10s %10s %12s\n' articles wall_s user_s sys_s peak_MB findings report_MB
first=""; last=""
declare -A WALL USER FOUND
for n in $SIZES; do
    event="$OUT/event-$n.jsonl"
    head -n "$n" "$OUT/corpus.jsonl" | python3 -c '
import json, sys
for line in sys.stdin:
    record = json.loads(line)
    record["event"] = "one-big-event"
    print(json.dumps(record))
' >"$event"
    # Exit 1 means findings were reported, which is expected here.
    /usr/bin/time -v -o "$OUT/time-$n.txt" "$BIN" check --quiet --format "$FORMAT" "$event" \
        >"$OUT/report-$n.$FORMAT" || [ $? -eq 1 ]
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$OUT/time-$n.txt" \
        | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    user=$(awk -F': ' '/User time/{print $2}' "$OUT/time-$n.txt")
    sys=$(awk -F': ' '/System time/{print $2}' "$OUT/time-$n.txt")
    rss_kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$OUT/time-$n.txt")
    if [ "$FORMAT" = jsonl ]; then
        found=$(wc -l <"$OUT/report-$n.jsonl")
    else
        found=$(grep -o '"findings": [0-9]*' "$OUT/report-$n.json" | tail -1 | grep -o '[0-9]*$')
    fi
    bytes=$(stat -c %s "$OUT/report-$n.$FORMAT")
    awk -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss_kb" -v f="$found" -v b="$bytes" \
        'BEGIN { printf "%-9s %9.2f %9.2f %9.2f %10.0f %10d %12.1f\n", n, w, u, s, r/1024, f, b/1e6 }'
    WALL[$n]=$wall; USER[$n]=$user; FOUND[$n]=$found
    [ -z "$first" ] && first=$n
    last=$n
done
if [ "$first" != "$last" ]; then
    awk -v a="$first" -v b="$last" -v wa="${WALL[$first]}" -v wb="${WALL[$last]}" \
        -v ua="${USER[$first]}" -v ub="${USER[$last]}" -v fa="${FOUND[$first]}" -v fb="${FOUND[$last]}" \
        'BEGIN { printf "%s -> %s articles (%.0fx; its square %.0fx): findings %.1fx, wall %.1fx, user time %.1fx\n", a, b, b/a, (b/a)^2, fb/fa, wb/wa, ub/ua }'
fi
