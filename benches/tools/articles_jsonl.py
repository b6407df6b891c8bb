"""A user's articles as one JSONL file for benches/vs_quantulum.sh.

    python3 benches/tools/articles_jsonl.py SOURCE LIMIT OUT

SOURCE is a JSONL dataset (title, and text or its aliases body and content,
as crosscheck reads them) or a folder of .md and .txt articles (YAML front
matter's title and published, then the text). The first LIMIT articles are
written to OUT, each with an id of its own, so that the copies the benchmark
makes of them stay apart. Bad input stops the run with one line naming the
file and what is wrong: a benchmark over part of the input would mislead.
"""

import json
import os
import re
import sys

FRONT_MATTER = re.compile(r"---\r?\n(.*?)\r?\n---\r?\n?(.*)", re.S)
TEXT_FIELDS = ("text", "body", "content")


def fail(message):
    sys.exit(f"articles_jsonl.py: {message}")


def from_markdown(path):
    raw = open(path, encoding="utf-8").read()
    match = FRONT_MATTER.match(raw)
    if not match:
        return {"title": "", "published": None, "text": raw}
    # The fields used here are plain scalars, so "key: value" lines suffice
    # and the benchmark needs nothing beyond Python's standard library.
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip()] = value.strip().strip("\"'")
    return {"title": meta.get("title", ""), "published": meta.get("published"), "text": match.group(2)}


def from_folder(folder):
    paths = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(folder)
        for name in names
        if name.endswith((".md", ".txt"))
    )
    return [from_markdown(path) for path in paths]


def from_jsonl(path):
    records = []
    for number, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            fail(f"{path}:{number}: not a JSON record ({error})")
        if not isinstance(record, dict):
            fail(f"{path}:{number}: not a JSON object")
        text = next((record[k] for k in TEXT_FIELDS if isinstance(record.get(k), str)), None)
        if text is None:
            fail(f"{path}:{number}: no text, body or content field")
        published = record.get("published") or record.get("date")
        records.append({"title": record.get("title") or "", "published": published, "text": text})
    return records


def main():
    if len(sys.argv) != 4:
        fail("usage: articles_jsonl.py SOURCE LIMIT OUT")
    source, limit, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    if os.path.isdir(source):
        records = from_folder(source)
    elif os.path.isfile(source):
        records = from_jsonl(source)
    else:
        fail(f"{source}: no such file or folder")
    if not records:
        fail(f"{source}: no articles (JSONL records, or .md and .txt files in a folder)")
    with open(out, "w", encoding="utf-8") as f:
        for number, record in enumerate(records[:limit]):
            record["id"] = f"input-{number}"
            f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
