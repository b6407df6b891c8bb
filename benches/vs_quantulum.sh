#!/usr/bin/env bash
# quantulum3 (Python) and crosscheck's `extract` on the same generated text,
# timed in one run: prints both throughputs in MB/s and their ratio.
#
#   benches/vs_quantulum.sh              # 300 articles for quantulum3
#   ARTICLES=500 benches/vs_quantulum.sh
#   INPUT=samples benches/vs_quantulum.sh          # your own articles instead
#   INPUT=news.jsonl benches/vs_quantulum.sh
#
# INPUT is anything crosscheck reads (a folder of articles, a .jsonl, .json
# or .csv dataset), read by crosscheck's own ingest
# (benches/tools/articles_jsonl.rs). Generated text is denser in figures
# than most news, so the ratio on real articles is worth knowing. The first
# $ARTICLES of INPUT's articles are used.
#
# quantulum3 reads the article texts (title + body) of the first $ARTICLES
# generated articles; crosscheck extracts the same articles, repeated until
# the input is large enough to time well (the repeat count is printed, and the
# MB/s is over the bytes of text actually read, so it is comparable).
# quantulum3 is timed twice, each in its own virtual environment: as
# `pip install quantulum3` gives it, and with its `classifier` extra (scikit-
# learn), which its warning at import asks for to tell ambiguous units apart.
# Users install it both ways, and which is faster has changed from run to run
# on the same machine. Set QUANTULUM=plain or QUANTULUM=classifier to time
# one only.
# Both tools keep their fastest run: quantulum3 of QRUNS (3), crosscheck of
# RUNS (5), whose median is printed too. quantulum3's timing leaves its
# start-up out; crosscheck's includes it, and a third ratio takes it out
# (timed as a run over one article).
# The virtual environments live in target/ and are reused on the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-300}
SEED=${SEED:-42}
OUT=${OUT:-target/vs-quantulum}
QUANTULUM=${QUANTULUM:-plain classifier}
mkdir -p "$OUT"

# The virtual environment for one way of installing quantulum3.
venv_for() {
    local variant=$1 venv package
    case "$variant" in
        plain) venv=target/quantulum-venv; package=quantulum3 ;;
        classifier) venv=target/quantulum-clf-venv; package="quantulum3[classifier]" ;;
        *) echo "vs_quantulum.sh: QUANTULUM holds '$variant'; expected plain and/or classifier" >&2; exit 2 ;;
    esac
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install --quiet --upgrade pip >&2
        # quantulum3 needs setuptools (pkg_resources) at import time on new Pythons.
        "$venv/bin/pip" install --quiet "$package" "setuptools<81" >&2
    fi
    # quantulum3 ships its unit classifier pickled by one scikit-learn
    # release, and pip installs the newest, which may not read it: the
    # first ambiguous unit ("pounds") then fails. Generated text has none,
    # so only real articles showed it. quantulum3's own remedy is to train
    # the classifier again with the installed scikit-learn.
    # Loading the model takes a second or two, so a venv is checked once.
    if [ "$variant" = classifier ] && [ ! -e "$venv/.model-loads" ]; then
        local load='from quantulum3.classifier import classifier; classifier("en_US")'
        if ! "$venv/bin/python" -W ignore -c "$load" >/dev/null 2>&1; then
            echo "quantulum3 (classifier): its model does not load with this scikit-learn; training it again (quantulum3-training)" >&2
            "$venv/bin/quantulum3-training" --store >/dev/null 2>&1
        fi
        "$venv/bin/python" -W ignore -c "$load" >/dev/null 2>&1 && touch "$venv/.model-loads"
    fi
    echo "$venv"
}

cargo build --release --quiet --bin crosscheck --example gen_corpus --example articles_jsonl
BIN=target/release/crosscheck
INPUT=${INPUT:-}
if [ -z "$INPUT" ]; then
    target/release/examples/gen_corpus --articles "$ARTICLES" --seed "$SEED" --out "$OUT/sample.jsonl"
else
    target/release/examples/articles_jsonl "$ARTICLES" "$OUT/sample.jsonl" "$INPUT"
fi
# Fewer than $ARTICLES when INPUT holds fewer.
ARTICLES=$(grep -c . "$OUT/sample.jsonl")

# The text both tools read: each record's title and body, as crosscheck joins them.
python3 - "$OUT/sample.jsonl" "$OUT/texts.json" <<'PY'
import json, sys
texts = []
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    title = r.get("title") or ""
    texts.append((title + "\n\n" + r["text"]) if title else r["text"])
json.dump(texts, open(sys.argv[2], "w", encoding="utf-8"))
PY

QRUNS=${QRUNS:-3}
# One line per way of installing quantulum3: variant, bytes, best wall, quantities.
QRESULTS=""
for variant in $QUANTULUM; do
    venv=$(venv_for "$variant")
    echo "quantulum3 ($variant): parsing $ARTICLES articles, best of $QRUNS runs ..." >&2
    Q=$("$venv/bin/python" -W ignore - "$OUT/texts.json" "$QRUNS" <<'PY'
import json, sys, time
from quantulum3 import parser
texts = json.load(open(sys.argv[1], encoding="utf-8"))
parser.parse("warm up: 3 people and 5 km")  # loads the models once, outside the timing
size = sum(len(t.encode("utf-8")) for t in texts)
best = None
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    found = 0
    for t in texts:
        found += len(parser.parse(t))
    wall = time.perf_counter() - start
    best = wall if best is None else min(best, wall)
print(size, best, found)
PY
)
    QRESULTS="$QRESULTS$variant $Q
"
done
QBYTES=$(echo "$QRESULTS" | awk 'NF {print $2; exit}')

# crosscheck: the same records, repeated so the run lasts long enough to time.
# About 20 MB, so that start-up is a small part of a run whatever the
# input's size (300 generated articles are repeated some 180 times, the
# 18 bundled samples some 2,600).
REPEAT=${REPEAT:-$(awk -v b="$QBYTES" 'BEGIN { r = int(2e7 / b) + 1; print (r < 1 ? 1 : r) }')}
python3 - "$OUT/sample.jsonl" "$OUT/repeated.jsonl" "$REPEAT" <<'PY'
import json, sys
records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(1, int(sys.argv[3]) + 1):
        for r in records:
            out.write(json.dumps(dict(r, id=f"{r['id']}-r{i}"), ensure_ascii=False) + "\n")
PY
# Best and median of $RUNS runs: a run of a second on a shared machine is
# mostly noise, and the two together show how much. The timed runs write
# their claims to /dev/null, as quantulum3's timing includes no output: every
# line is still built and written, but not copied into the page cache. One
# more run writes them to disk, timed apart, for the line count.
RUNS=${RUNS:-5}
# The wall seconds of $RUNS runs of crosscheck's extract over one input.
extract_walls() {
    local walls="" start end
    for _ in $(seq 1 "$RUNS"); do
        start=$(date +%s.%N)
        "$BIN" extract --format jsonl "$1" >/dev/null
        end=$(date +%s.%N)
        walls="$walls $(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')"
    done
    echo "$walls"
}
WALLS=$(extract_walls "$OUT/repeated.jsonl")
# quantulum3's timing leaves out its start-up (the import, and the models its
# warm-up parse loads); crosscheck's runs include compiling its rules. A run
# over one article is that start-up, timed the same way, so it can be taken
# out for a like-for-like figure.
head -1 "$OUT/sample.jsonl" >"$OUT/one.jsonl"
STARTS=$(extract_walls "$OUT/one.jsonl")
CSTART=$(echo $STARTS | tr ' ' '\n' | sort -g | head -1)
CWALL=$(echo $WALLS | tr ' ' '\n' | sort -g | head -1)
CMEDIAN=$(echo $WALLS | tr ' ' '\n' | sort -g | awk '{w[NR]=$1} END{print w[int((NR+1)/2)]}')
start=$(date +%s.%N)
"$BIN" extract --format jsonl "$OUT/repeated.jsonl" >"$OUT/claims.jsonl"
end=$(date +%s.%N)
CDISK=$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')
CBYTES=$(awk -v q="$QBYTES" -v r="$REPEAT" 'BEGIN{print q*r}')
CFOUND=$(wc -l <"$OUT/claims.jsonl")

echo "$QRESULTS" | awk -v cb="$CBYTES" -v cw="$CWALL" -v cm="$CMEDIAN" -v cd="$CDISK" -v cf="$CFOUND" \
    -v cs="$CSTART" -v n="$ARTICLES" -v r="$REPEAT" -v cores="$(nproc)" '
NF { variant[++k] = $1; qb[k] = $2; qw[k] = $3; qf[k] = $4 }
END {
    c = cb / 1e6 / cw; cmed = cb / 1e6 / cm;
    printf "machine: %s cores\n", cores;
    for (i = 1; i <= k; i++) {
        q[i] = qb[i] / 1e6 / qw[i];
        printf "quantulum3 (%s)%*s %8.2f MB in %7.2f s = %10.4f MB/s  (%d quantities, %d articles)\n", variant[i], 11 - length(variant[i]), "", qb[i]/1e6, qw[i], q[i], qf[i], n;
    }
    printf "crosscheck %14s %8.2f MB in %7.2f s = %10.2f MB/s  (%d claim/date lines, %d articles x %d)\n", "", cb/1e6, cw, c, cf, n, r;
    printf "crosscheck median of its runs: %.2f s = %.2f MB/s; writing the lines to disk: %.2f s = %.2f MB/s\n", cm, cmed, cd, cb / 1e6 / cd;
    cwarm = cb / 1e6 / (cw - cs);
    printf "crosscheck start-up (one article, best of its runs): %.3f s; its best run without it: %.2f MB/s\n", cs, cwarm;
    for (i = 1; i <= k; i++)
        printf "ratio: crosscheck extract is %.0fx the throughput of quantulum3 (%s) (best runs; %.0fx from crosscheck'"'"'s median; %.0fx with both start-ups left out)\n", c / q[i], variant[i], cmed / q[i], cwarm / q[i];
}'
