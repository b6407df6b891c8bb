#!/usr/bin/env bash
# Builds the release binary, generates 10k, 100k and 1M articles with the
# deterministic generator (seed 42), runs `crosscheck check` on each under
# /usr/bin/time -v, and prints wall time, CPU time (user + system), MB/s and
# peak RSS per size, plus how wall and CPU time grow from 10k to 1M against
# the 100x growth of the input. Sizes up to 100k run three times and keep the
# fastest run, since a short run on a shared machine is mostly noise.
#
#   benches/scale.sh                 # 10k, 100k, 1M
#   SIZES="10000 100000" benches/scale.sh
#   OUT=/tmp/scale benches/scale.sh  # where corpora and outputs go
#   FORMAT=jsonl benches/scale.sh    # the streamed report instead of the JSON one
#   CLUSTER=1 benches/scale.sh       # group by content (--cluster), not by event field
#
# The JSON report puts its `articles` array before `findings`, so both are
# spooled to temporary files (LZ4-compressed) and copied out at the end.
# `--format jsonl` prints each finding once, as its event finishes, which
# shows how much of the time at 1M is the spool and the pretty printing.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"10000 100000 1000000"}
SEED=${SEED:-42}
FORMAT=${FORMAT:-json}
case "$FORMAT" in
    json | jsonl) ;;
    *) echo "scale.sh: FORMAT is '$FORMAT'; expected json or jsonl" >&2; exit 2 ;;
esac
OUT=${OUT:-target/scale}
mkdir -p "$OUT"
# With CLUSTER set, every article waits until the last is read and is then
# clustered by content: the path a dataset without event ids takes.
GROUPING=()
[ -n "${CLUSTER:-}" ] && GROUPING=(--cluster)

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time for /usr/bin/time -v" >&2
    if command -v apt-get >/dev/null; then
        (apt-get install -y time >/dev/null 2>&1 || sudo apt-get install -y time >/dev/null 2>&1) || true
    fi
fi
if [ ! -x /usr/bin/time ]; then
    echo "error: /usr/bin/time (GNU time) is required for peak RSS; install the 'time' package" >&2
    exit 2
fi

cargo build --release --quiet --bin crosscheck --example gen_corpus
BIN=target/release/crosscheck
GEN=target/release/examples/gen_corpus

echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/{print $2}') GB RAM; report: --format $FORMAT${CLUSTER:+, --cluster}"
printf '%-9s %10s %9s %9s %9s %10s %9s %8s\n' articles MB wall_s cpu_s MB/s peak_MB events findings
declare -A WALL CPU
first=""; last=""
for n in $SIZES; do
    corpus="$OUT/corpus-$n.jsonl"
    if [ ! -s "$corpus" ]; then
        "$GEN" --articles "$n" --seed "$SEED" --out "$corpus"
    fi
    bytes=$(stat -L -c %s "$corpus")
    runs=1
    [ "$n" -le 100000 ] && runs=3
    wall=""
    for _ in $(seq "$runs"); do
        # Exit 1 means findings were reported, which is expected here.
        /usr/bin/time -v -o "$OUT/time-$n.run" "$BIN" check --quiet --format "$FORMAT" "${GROUPING[@]}" "$corpus" \
            >"$OUT/report-$n.$FORMAT" || [ $? -eq 1 ]
        this=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$OUT/time-$n.run" \
            | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
        if [ -z "$wall" ] || awk -v a="$this" -v b="$wall" 'BEGIN{exit !(a < b)}'; then
            wall=$this
            cp "$OUT/time-$n.run" "$OUT/time-$n.txt"
        fi
    done
    cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{print s}' "$OUT/time-$n.txt")
    rss_kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$OUT/time-$n.txt")
    if [ "$FORMAT" = json ]; then
        events=$(grep -o '"events": [0-9]*' "$OUT/report-$n.json" | tail -1 | grep -o '[0-9]*$' || echo "?")
        findings=$(grep -o '"findings": [0-9]*' "$OUT/report-$n.json" | tail -1 | grep -o '[0-9]*$' || echo "?")
    else
        # One finding a line; the event count is only in the JSON report.
        events="-"
        findings=$(wc -l <"$OUT/report-$n.jsonl")
    fi
    awk -v n="$n" -v b="$bytes" -v w="$wall" -v c="$cpu" -v r="$rss_kb" -v e="$events" -v f="$findings" \
        'BEGIN { printf "%-9s %10.1f %9.2f %9.2f %9.1f %10.0f %9s %8s\n", n, b/1e6, w, c, b/1e6/w, r/1024, e, f }'
    WALL[$n]=$wall
    CPU[$n]=$cpu
    [ -z "$first" ] && first=$n
    last=$n
done
if [ "$first" != "$last" ]; then
    awk -v a="$first" -v b="$last" -v wa="${WALL[$first]}" -v wb="${WALL[$last]}" \
        -v ca="${CPU[$first]}" -v cb="${CPU[$last]}" \
        'BEGIN { printf "time ratio %s -> %s articles: wall %.1fx, cpu %.1fx, for a %.0fx larger input (linear = %.0fx)\n", a, b, wb/wa, cb/ca, b/a, b/a }'
fi
