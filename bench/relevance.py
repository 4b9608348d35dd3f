#!/usr/bin/python3
"""Relevance evaluation for bench/run: TIME, Cranfield and SciFact (test split).

    relevance.py prepare OUTDIR [--data DIR]
        writes, for each of time, cranfield, scifact: NAME.jsonl (canonical articles: id, title,
        body), NAME.topics.tsv (qid<TAB>query text) and NAME.qrels (qid docid gain)
    relevance.py dateline URL TOPICS [--depth 100] [--param k=v ...]
        runs every topic through Dateline's HTTP API (GET /v1/search, default settings unless
        --param), prints a TREC run
    relevance.py eval QRELS RUN
        prints {"ndcg@10", "map@100", "mrr@10", "recall@100", "queries"} as JSON

Collection quirks handled (see ../shared/data/MANIFEST.md):
- TIME: qrels use ordinal document positions (1..423); judgments naming docs 424/425 dropped.
  Text is upper case with " . " punctuation; it is lowercased for every engine (see below).
  There is no title: the first sentence becomes the title, the rest the body.
- Cranfield: query ids are ordinal positions 1..225, not the .I numbers; graded gains from
  cranqrel codes 1..4 as gain 4..1 (code 1 = most relevant); the one code -1 line per query is
  left out (QRelsCorrectedforTRECeval turns it into the top grade, 5, which we do not follow).
  Title is .T, body .W.
- SciFact: test qrels (CRLF, header); corpus from the CSV export in the zip, abstract given as a
  numpy-array repr of sentences, joined with spaces. Title -> title, abstract -> body.
Every query is scored over the queries that have at least one relevant document; a query with
no hits scores 0.
"""
import argparse
import ast
import csv
import io
import json
import math
import os
import re
import sys
import urllib.parse
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data"))


def write_set(out, name, docs, topics, qrels):
    with open(os.path.join(out, name + ".jsonl"), "w", encoding="utf-8") as f:
        for doc_id, title, body in docs:
            f.write(json.dumps({"id": doc_id, "title": title, "body": body}, ensure_ascii=False) + "\n")
    with open(os.path.join(out, name + ".topics.tsv"), "w", encoding="utf-8") as f:
        for qid, text in topics:
            f.write("%s\t%s\n" % (qid, " ".join(text.split())))
    with open(os.path.join(out, name + ".qrels"), "w", encoding="utf-8") as f:
        for qid, doc_id, gain in qrels:
            f.write("%s %s %d\n" % (qid, doc_id, gain))
    print("%s: %d documents, %d topics, %d judgments" % (name, len(docs), len(topics), len(qrels)),
          file=sys.stderr)


def tidy_time(text, lowercase=True):
    text = " ".join(text.split())
    if lowercase:
        text = text.lower()
    return re.sub(r" ([.,;:?!])", r"\1", text)  # "U.S . FIRST" -> "u.s. first"


def prepare_time(data, out, lowercase=True):
    base = os.path.join(data, "time-collection")
    raw = open(os.path.join(base, "TIME.ALL"), encoding="latin-1").read()
    docs = []
    for i, chunk in enumerate(re.split(r"^\*TEXT ", raw, flags=re.M)[1:], 1):
        text = chunk.split("\n", 1)[1] if "\n" in chunk else ""
        text = text.replace("*STOP", "")
        text = tidy_time(text, lowercase)
        m = re.match(r"(.{20,}?[a-z0-9]{3}[.?!])\s+(.*)", text, re.S | re.I)
        title, body = (m.group(1), m.group(2)) if m else (text[:120], text)
        docs.append(("time-%d" % i, title, body))
    queries = open(os.path.join(base, "TIME.QUE"), encoding="latin-1").read()
    topics = []
    for chunk in re.split(r"^\*FIND\s+", queries, flags=re.M)[1:]:
        num, _, text = chunk.partition("\n")
        text = text.replace("*STOP", "")
        topics.append((num.strip(), tidy_time(text, lowercase)))
    qrels = []
    for line in open(os.path.join(base, "TIME.REL"), encoding="latin-1"):
        parts = line.split()
        if len(parts) < 2:
            continue
        for d in parts[1:]:
            if 1 <= int(d) <= len(docs):
                qrels.append((parts[0], "time-%d" % int(d), 1))
    write_set(out, "time" if lowercase else "time-upper", docs, topics, qrels)


def prepare_cranfield(data, out):
    base = os.path.join(data, "cranfield")
    raw = open(os.path.join(base, "cran.all.1400"), encoding="latin-1").read()
    docs = []
    for chunk in re.split(r"^\.I ", raw, flags=re.M)[1:]:
        num, _, rest = chunk.partition("\n")
        fields = dict(re.findall(r"^\.([TABW])\n(.*?)(?=^\.[TABW]\n|\Z)", rest, re.S | re.M))
        title = " ".join(fields.get("T", "").split())
        body = " ".join(fields.get("W", "").split())
        if not title and not body:
            continue  # documents 471 and 995 are empty in the source: nothing any engine can find
        docs.append(("cran-%d" % int(num), title or body[:100], body))
    raw = open(os.path.join(base, "cran.qry"), encoding="latin-1").read()
    topics = []
    for i, chunk in enumerate(re.split(r"^\.I ", raw, flags=re.M)[1:], 1):
        text = chunk.split(".W\n", 1)[1] if ".W\n" in chunk else ""
        topics.append((str(i), text))
    qrels = []
    for line in open(os.path.join(base, "cranqrel"), encoding="latin-1"):
        parts = line.split()
        if len(parts) == 3 and 1 <= int(parts[2]) <= 4:
            qrels.append((parts[0], "cran-%d" % int(parts[1]), 5 - int(parts[2])))
    write_set(out, "cranfield", docs, topics, qrels)


SENTENCE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", re.S)


def prepare_scifact(data, out, split="test"):
    """The corpus with the test split's queries and judgments ("scifact"), or the train split's
    ("scifact-train": same documents; a development set to choose ranking settings on, so that
    the test figures are not the ones they were tuned on)."""
    base = os.path.join(data, "beir-scifact")
    csv.field_size_limit(1 << 30)
    docs = []
    with zipfile.ZipFile(os.path.join(base, "scifact-corpus-claims-csv.zip")) as z:
        with z.open("corpus_train.csv") as f:
            for row in csv.DictReader(io.TextIOWrapper(f, encoding="utf-8")):
                sentences = [ast.literal_eval(s) for s in SENTENCE.findall(row["abstract"])]
                body = " ".join(" ".join(s.split()) for s in sentences)
                docs.append((row["doc_id"], " ".join(row["title"].split()), body))
    qrels, wanted = [], set()
    with open(os.path.join(base, "qrels", split + ".tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split("\t")
            if len(parts) == 3 and parts[0] != "query-id" and int(parts[2]) > 0:
                qrels.append((parts[0], parts[1], int(parts[2])))
                wanted.add(parts[0])
    topics = []
    with open(os.path.join(base, "queries.jsonl"), encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            if q["_id"] in wanted:
                topics.append((q["_id"], q["text"]))
    topics.sort(key=lambda t: int(t[0]))
    write_set(out, "scifact" if split == "test" else "scifact-" + split, docs, topics, qrels)


def run_dateline(url, topics, depth, params):
    with open(topics, encoding="utf-8") as f:
        for line in f:
            qid, _, text = line.rstrip("\n").partition("\t")
            query = {"q": text, "per_page": str(depth)}
            query.update(params)
            req = url.rstrip("/") + "/v1/search?" + urllib.parse.urlencode(query)
            with urllib.request.urlopen(req, timeout=60) as r:
                hits = json.load(r)["hits"]
            for rank, hit in enumerate(hits, 1):
                sys.stdout.write("%s Q0 %s %d %d dateline\n" % (qid, hit["id"], rank, depth - rank))


def evaluate(qrels_path, run_path):
    qrels = {}
    for line in open(qrels_path, encoding="utf-8"):
        qid, doc_id, gain = line.split()
        qrels.setdefault(qid, {})[doc_id] = int(gain)
    run = {}
    for line in open(run_path, encoding="utf-8"):
        parts = line.split()
        if len(parts) >= 4:
            run.setdefault(parts[0], []).append((int(parts[3]), parts[2]))
    ndcg = ap = rr = recall = 0.0
    for qid, judged in qrels.items():
        ranked, seen = [], set()
        for _, d in sorted(run.get(qid, [])):
            if d not in seen:  # a run may not name a document twice
                seen.add(d)
                ranked.append(d)
        ranked = ranked[:100]
        dcg = sum(judged.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
        ideal = sorted(judged.values(), reverse=True)[:10]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        ndcg += dcg / idcg if idcg else 0
        found, precision_sum = 0, 0.0
        for i, d in enumerate(ranked):
            if judged.get(d, 0) > 0:
                found += 1
                precision_sum += found / (i + 1)
        relevant = sum(1 for g in judged.values() if g > 0)
        ap += precision_sum / relevant
        recall += found / relevant
        for i, d in enumerate(ranked[:10]):
            if judged.get(d, 0) > 0:
                rr += 1 / (i + 1)
                break
    n = len(qrels)
    return {"ndcg@10": round(ndcg / n, 4), "map@100": round(ap / n, 4), "mrr@10": round(rr / n, 4),
            "recall@100": round(recall / n, 4), "queries": n}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("action", choices=["prepare", "dateline", "eval"])
    p.add_argument("args", nargs="*")
    p.add_argument("--data", default=DATA)
    p.add_argument("--depth", type=int, default=100)
    p.add_argument("--param", action="append", default=[])
    a = p.parse_args()
    if a.action == "prepare":
        os.makedirs(a.args[0], exist_ok=True)
        prepare_time(a.data, a.args[0])
        prepare_time(a.data, a.args[0], lowercase=False)
        prepare_cranfield(a.data, a.args[0])
        prepare_scifact(a.data, a.args[0])
        prepare_scifact(a.data, a.args[0], split="train")
    elif a.action == "dateline":
        run_dateline(a.args[0], a.args[1], a.depth, dict(kv.split("=", 1) for kv in a.param))
    else:
        print(json.dumps(evaluate(a.args[0], a.args[1])))


if __name__ == "__main__":
    main()
