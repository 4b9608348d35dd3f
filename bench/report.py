#!/usr/bin/python3
"""Turns bench/run's result files into the "Peers" part of docs/BENCHMARKS.md and a PNG.

    report.py WORK [--doc docs/BENCHMARKS.md] [--png docs/benchmarks-scaling.png]
                   [--marker peers]

Without --doc the Markdown goes to stdout. With --doc, the text between the
<!-- MARKER:begin --> and <!-- MARKER:end --> markers is replaced (the markers are appended at
the end of the file the first time); everything else in the file is kept. bench/run writes the
standard run under "peers" and the large one under "peers-large", so each keeps its section.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

ENGINES = ["dateline", "plain-xapian", "sphinx", "postgres", "sqlite"]
# Query rows: first the engines driven by bench/native_client.cpp (the "-c" rows, which the
# ratios are computed from) and plain Xapian, then the second rows: Dateline with wrk and every
# engine with the Python client of bench/peers.py. A work dir from before the C++ client has
# only the second rows; the ratios then fall back to them (wrk and the Python peers).
PRIMARY = ["dateline-c", "plain-xapian", "sphinx-c", "postgres-c", "sqlite-c"]
QUERY_ENGINES = PRIMARY + ["dateline-wrk", "dateline-py", "sphinx", "postgres", "sqlite"]
LABEL = {"dateline": "Dateline", "dateline-wrk": "Dateline (HTTP, wrk)",
         "dateline-py": "Dateline (HTTP, Python client)", "plain-xapian": "plain Xapian (C++)",
         "sphinx": "Sphinx 2.2 (SphinxQL)", "postgres": "PostgreSQL 15 FTS",
         "sqlite": "SQLite FTS5", "sphinx-bm25a": "Sphinx 2.2, ranker=expr(bm25a(1.2,0.75))",
         "dateline-c": "Dateline (HTTP, C++ client)",
         "sphinx-c": "Sphinx 2.2 (SphinxQL, C++ libmariadb)",
         "postgres-c": "PostgreSQL 15 FTS (libpq)", "sqlite-c": "SQLite FTS5 (C API)"}
# The query rows of the Python client (the ingest and relevance rows keep the plain names).
QLABEL = dict(LABEL, **{"sphinx": "Sphinx 2.2 (SphinxQL, Python pymysql)",
                        "postgres": "PostgreSQL 15 FTS (Python psycopg2)",
                        "sqlite": "SQLite FTS5 (Python sqlite3)"})


def base_engine(e):
    """The engine a query row measures: sanity and snippet figures are the engine's own."""
    return "dateline" if e.startswith("dateline") else e[:-2] if e.endswith("-c") else e


def client_cpu(r):
    if not r or failed(r) or r.get("client_cpu_ms_per_query") is None:
        return "—"
    return "%.3f" % r["client_cpu_ms_per_query"]


def load(work, pattern):
    out = {}
    for path in glob.glob(os.path.join(work, "results", pattern)):
        key = tuple(os.path.basename(path)[:-5].split("__")[1:])
        try:
            out[key] = json.load(open(path))
        except ValueError:
            out[key] = {"status": "failed"}
    return out


def corpus_label(c):
    if c == "reuters":
        return "Reuters-21578"
    if c.startswith("gen"):
        return "generated %s" % f"{int(c[3:]):,}"
    return {"time": "TIME", "time-upper": "TIME as distributed (upper case)", "cranfield": "Cranfield", "scifact": "SciFact"}.get(c, c)


def human_bytes(n):
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return ("%.0f %s" if unit in ("B", "KB") else "%.1f %s") % (n, unit)
        n /= 1024.0


def failed(r):
    return not r or r.get("status") not in (None, "ok")


def ingest_table(ingest, corpora):
    rows = ["| corpus | engine | articles | seconds | articles/s | MB/s | index size | peak RSS |",
            "|---|---|---|---|---|---|---|---|"]
    for c in corpora:
        for e in ENGINES:
            r = ingest.get((e, c))
            if r is None:
                continue
            if failed(r):
                rows.append("| %s | %s | %s | | | | | |" % (corpus_label(c), LABEL[e], r.get("status")))
                continue
            secs = float(r.get("seconds", r.get("wall_seconds", 0))) or 1e-9
            docs = int(r.get("documents", 0))
            rss = "%.0f MB" % (r.get("peak_rss_kb", 0) / 1024)
            if r.get("server_peak_rss_kb"):
                rss += " (client) + %.0f MB (server backend)" % (r["server_peak_rss_kb"] / 1024)
            rows.append("| %s | %s | %s | %.1f | %s | %.2f | %s | %s |" % (
                corpus_label(c), LABEL[e], f"{docs:,}", secs, f"{docs / secs:,.0f}",
                r.get("input_bytes", 0) / 1e6 / secs, human_bytes(r.get("index_bytes", 0)), rss))
    return "\n".join(rows)


def cell(r):
    if r is None:
        return "—"
    if failed(r) or "qps" not in r:
        return r.get("status", "failed") if r else "—"
    return "%s q/s · %.2f / %.2f / %.2f" % (f"{r['qps']:,.0f}", r["p50"], r["p95"], r["p99"])


def query_table(query, sanity, c):
    rows = ["| engine | 1 client, snippets | 2 clients, snippets | 1 client, no snippets | "
            "client CPU, ms/query (2 clients, snippets) | zero-hit queries | mean hits |",
            "|---|---|---|---|---|---|---|"]
    for e in QUERY_ENGINES:
        if not any(k[0] == e and k[1] == c for k in query):
            continue
        s = sanity.get((base_engine(e), c))
        san = ("%.1f%%" % (100 * s["zero_hit_fraction"]), "%.0f" % s["mean_hits"]) \
            if s and "zero_hit_fraction" in s else ("", "")
        nosnip = query.get((e, c, "1", "nosnip"))
        two = query.get((e, c, "2", "snip"))
        rows.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            QLABEL[e], cell(query.get((e, c, "1", "snip"))), cell(two),
            cell(nosnip) if not e.startswith("dateline") else "n/a",
            client_cpu(two) if e != "plain-xapian" else "n/a", san[0], san[1]))
    return "\n".join(rows)


def snippet_table(snips, c):
    rows = ["| engine | hits | snippets with a highlighted query word | phrase-query hits | "
            "snippets showing the whole phrase highlighted | mean length (chars) |",
            "|---|---|---|---|---|---|"]
    for e in ("dateline", "sphinx", "postgres", "sqlite"):
        r = snips.get((e, c))
        if not r or "hits" not in r:
            rows.append("| %s | %s | | | | |" % (LABEL.get(e, e), (r or {}).get("status", "—")))
            continue
        pct = lambda v: "—" if v is None else "%.1f%%" % (100 * v)
        rows.append("| %s | %d | %s | %d | %s | %s |" % (
            LABEL.get(e, e), r["hits"], pct(r["highlighted"]), r["phrase_hits"],
            pct(r["phrase_shown"]), "—" if r["mean_chars"] is None else "%.0f" % r["mean_chars"]))
    return "\n".join(rows)


def scaling(query, gen_sizes, work, png):
    rows = ["| engine | " + " | ".join(f"{int(n):,}" for n in gen_sizes) + " |",
            "|---|" + "---|" * len(gen_sizes)]
    data = {}
    for e in QUERY_ENGINES:
        if not any(k[0] == e and k[1] in ["gen" + n for n in gen_sizes] for k in query):
            continue
        cells = []
        for n in gen_sizes:
            r = query.get((e, "gen" + n, "2", "snip"))
            cells.append(cell(r))
            if r and "qps" in r and (e in PRIMARY or not any(k[0] in PRIMARY for k in query)):
                data.setdefault(e, []).append((int(n), r["qps"], r["p95"]))
        rows.append("| %s | %s |" % (QLABEL[e], " | ".join(cells)))
    if png and data:
        dat = os.path.join(work, "scaling.dat")
        with open(dat, "w") as f:
            for e in QUERY_ENGINES:
                if e in data:
                    f.write('"%s"\n' % QLABEL[e])
                    for n, qps, p95 in data[e]:
                        f.write("%d %.3f %.3f\n" % (n, qps, p95))
                    f.write("\n\n")
        count = sum(1 for e in QUERY_ENGINES if e in data)
        script = """
set terminal pngcairo size 1100,460 font ",10"
set output '%s'
set multiplot layout 1,2 title "Top-10 search with snippets, 2 concurrent clients, by corpus size (generated articles)"
set logscale x
set xlabel "articles"
set grid
set key top left
set format x "%%.0s%%c"
set ylabel "queries/s"
plot for [i=0:%d] '%s' index i using 1:2 with linespoints title columnheader(1)
set logscale y
set ylabel "p95 latency (ms)"
plot for [i=0:%d] '%s' index i using 1:3 with linespoints title columnheader(1)
unset multiplot
""" % (png, count - 1, dat, count - 1, dat)
        try:
            subprocess.run(["gnuplot"], input=script.encode(), check=True)
        except (OSError, subprocess.CalledProcessError) as e:
            print("report.py: gnuplot failed: %s" % e, file=sys.stderr)
    return "\n".join(rows)


def relevance_table(rel):
    rows = ["| dataset | engine | nDCG@10 | MAP@100 | MRR@10 | R@100 |", "|---|---|---|---|---|---|"]
    for s in ("time", "time-upper", "cranfield", "scifact"):
        for e in ENGINES[:3] + ["sphinx-bm25a"] + ENGINES[3:]:
            r = rel.get((e, s))
            if r and "ndcg@10" in r:
                rows.append("| %s | %s | %.3f | %.3f | %.3f | %.3f |" % (
                    corpus_label(s), LABEL[e], r["ndcg@10"], r["map@100"], r["mrr@10"],
                    r["recall@100"]))
        if s == "scifact":
            rows.append("| SciFact | published BM25 baseline (Anserini, flat) | 0.679 | | | "
                        "0.925 |")
    return "\n".join(rows)


def targets(rel):
    def nd(e, s):
        return rel.get((e, s), {}).get("ndcg@10")
    out = []
    sf = nd("dateline", "scifact")
    if sf is not None:
        out.append("SciFact: Dateline %.3f against the 0.70 target and the published BM25 0.679 "
                   "(%s)." % (sf, "met" if sf >= 0.70 else "not met"))
    for s in ("time", "cranfield"):
        peers = [(nd(e, s), e) for e in ENGINES[1:] + ["sphinx-bm25a"] if nd(e, s) is not None]
        d = nd("dateline", s)
        if peers and d is not None:
            best, who = max(peers)
            out.append("%s: Dateline %.3f, best peer %s %.3f (%s)." % (
                corpus_label(s), d, LABEL[who], best, "no worse" if d >= best else "behind by %.3f" % (best - d)))
    return "Targets: " + " ".join(out) if out else ""


def speed_targets(ingest, query, snips, corpora):
    """The issue's speed targets, computed from this run's cells: Dateline over HTTP with the C++
    client, 2 clients, snippets, against each engine's same cell with the same C++ client (a run
    from before that client: wrk and the Python client); ingest against the plain loop."""
    native = any(k[0] == "dateline-c" for k in query)
    key = (lambda e: e + "-c") if native else (lambda e: {"dateline": "dateline-wrk"}.get(e, e))
    out = []
    for c in corpora:
        d = query.get((key("dateline"), c, "2", "snip"))
        if failed(d) or "qps" not in d:
            continue
        parts, p99s, cpus = [], [], []
        for e, goal in (("sphinx", 1.25), ("postgres", 5.0), ("plain-xapian", 0.8)):
            k = e if e == "plain-xapian" else key(e)
            r = query.get((k, c, "2", "snip"))
            if failed(r) or not r.get("qps"):
                continue
            ratio = d["qps"] / r["qps"]
            parts.append("%.2f× %s (target %g×: %s)" % (
                ratio, QLABEL[k], goal, "met" if ratio >= goal else "not met"))
            if e == "sphinx":
                p99s.append("Sphinx %.1f ms: %s" % (
                    r["p99"], "Dateline behind" if d["p99"] > r["p99"] else "Dateline no worse"))
        p99 = "p99 %.1f ms" % d["p99"]
        if p99s:
            p99 += " (%s)" % "; ".join(p99s)
        if c.startswith("gen") and int(c[3:]) >= 1_000_000:
            p99 += " (target ≤ 20 ms: %s)" % ("met" if d["p99"] <= 20 else "not met")
        for e in ("dateline", "sphinx", "postgres", "sqlite"):
            r = query.get((key(e), c, "2", "snip"))
            if r and r.get("client_cpu_ms_per_query") is not None:
                cpus.append("%s %.3f" % (LABEL[e], r["client_cpu_ms_per_query"]))
        cpu = "; client CPU ms/query %s" % ", ".join(cpus) if cpus else ""
        w = query.get(("dateline-wrk", c, "2", "snip"))
        wrk = "; with wrk %s q/s" % f"{w['qps']:,.0f}" if native and w and "qps" in w else ""
        di, pi = ingest.get(("dateline", c)), ingest.get(("plain-xapian", c))
        ing = ""
        if not failed(di) and not failed(pi) and di.get("seconds") and pi.get("seconds"):
            ratio = (di["documents"] / di["seconds"]) / (pi["documents"] / pi["seconds"])
            ing = "; ingest %.2f× the plain Xapian loop (target 2×: %s)" % (
                ratio, "met" if ratio >= 2 else "not met")
        snip = ""
        ds, ss = snips.get(("dateline", c)), snips.get(("sphinx", c))
        if ds and ss and ds.get("phrase_shown") is not None and ss.get("phrase_shown") is not None:
            snip = "; phrases shown whole %.1f%% against Sphinx's %.1f%%, highlighted snippets " \
                   "%.1f%% against %.1f%%" % (100 * ds["phrase_shown"], 100 * ss["phrase_shown"],
                                              100 * ds["highlighted"], 100 * ss["highlighted"])
        out.append("- %s: Dateline %s q/s, %s; %s%s%s%s%s." % (
            corpus_label(c), f"{d['qps']:,.0f}", ", ".join(parts), p99, cpu, wrk, ing, snip))
    if not out:
        return ""
    how = ("Dateline over HTTP and every peer driven by the same C++ client "
           "(`bench/native_client.cpp`), plain Xapian in-process" if native else
           "Dateline over HTTP with wrk, the peers with the Python client")
    return "\n".join(["Speed targets, computed from the cells above (%s; 2 clients, top 10 with "
                      "snippets, against the same cell of each engine):" % how, ""] + out)


def lab_table(lab):
    names = sorted({k[0] for k in lab}, key=lambda n: int(n.split()[0]) if n[0].isdigit() else 0)
    sets = ("scifact-train", "time", "cranfield", "scifact")
    rows = ["| variant (Dateline index, query read as the server reads it) | SciFact train (dev) "
            "nDCG@10 | TIME nDCG@10 | Cranfield nDCG@10 | SciFact nDCG@10 | TIME MAP | "
            "Cranfield MAP | SciFact MAP |",
            "|---|---|---|---|---|---|---|---|"]
    for name in names:
        vals = [lab.get((name, s), {}) for s in sets]
        rows.append("| %s | %s | %s |" % (
            re.sub(r"^\d+ ", "", name),
            " | ".join("%.3f" % v["ndcg@10"] if "ndcg@10" in v else "—" for v in vals),
            " | ".join("%.3f" % v["map@100"] if "map@100" in v else "—" for v in vals[1:])))
    return "\n".join(rows)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("work")
    p.add_argument("--doc")
    p.add_argument("--png")
    p.add_argument("--marker", default="peers")
    a = p.parse_args()
    BEGIN, END = "<!-- %s:begin -->" % a.marker, "<!-- %s:end -->" % a.marker
    meta = json.load(open(os.path.join(a.work, "meta.json")))
    ingest, query = load(a.work, "ingest__*.json"), load(a.work, "query__*.json")
    sanity, rel, lab = (load(a.work, "sanity__*.json"), load(a.work, "relevance__*.json"),
                        load(a.work, "lab__*.json"))
    snips = load(a.work, "snippets__*.json")
    gen = meta["gen_sizes"]
    corpora = ["reuters"] + ["gen" + n for n in gen]
    png_name = os.path.basename(a.png) if a.png else None
    v = meta["versions"]
    date = meta["started"][:10]

    md = [BEGIN, "",
          "## Peers: Dateline side by side with Sphinx, PostgreSQL, SQLite and plain Xapian "
          "(%s, %s)" % (date, meta["size"]), "",
          "Generated by `%s` (%d s wall) — do not edit by hand; rerun to refresh. Machine: %s "
          "cores (`nproc`), %s, %s RAM; load average at the end %s (the machine is shared: "
          "compare rows of the same run only). Started %s."
          % (meta["command"], meta["wall_seconds"], meta["nproc"], meta["cpu"], meta["ram"],
             meta["load"], meta["started"]), "",
          "Run it: `bench/run [--size small|standard|large] [--seconds S] [--work DIR]` "
          "(small: Reuters + 5k/20k generated; standard: + 20k/200k; large: + 20k/200k/1M; "
          "peers installed from Debian when missing, servers on 127.0.0.1 only, every step under "
          "`timeout`). Raw results stay in the work dir (`results/*.json`, logs).", "",
          "Engines: Dateline (this build, `dateline index` / `dateline serve --threads 2`, "
          "default settings); Sphinx %s (`indexer` over an xmlpipe2 source, `searchd` on "
          "127.0.0.1, SphinxQL); PostgreSQL %s (private cluster, "
          "`tsvector` column (title weight A, body D) + GIN, `ts_rank_cd`, `ts_headline`); "
          "SQLite %s FTS5 (porter tokenizer, `bm25()`, `snippet()`, the library in the client "
          "process); plain Xapian %s (`bench/plain_xapian.cpp`: "
          "TermGenerator with positions, QueryParser, top 10 with one `MSet::snippet` per hit, "
          "one Database per thread) — the library's own limit." %
          (v["sphinx"], v["postgresql"], v["sqlite"], v["xapian"]), "",
          "### Ingest", "",
          "Each engine reads the same JSON Lines (id, title, body, section, source). Dateline "
          "also indexes summary, authors, tags and dates, keeps spelling and story-clustering "
          "data and stores the whole article. Plain Xapian commits every 10,000; PostgreSQL "
          "loads with COPY in 10,000-row transactions, then builds the GIN index; SQLite "
          "commits every 10,000 rows; Sphinx indexes in one pass. Peak RSS from "
          "`/usr/bin/time` (for PostgreSQL also the server backend's VmHWM).", "",
          ingest_table(ingest, corpora + ["time", "cranfield", "scifact"]), ""]

    md += ["### Query latency and throughput", "",
           "2,000 queries from `bench/generate-queries` per corpus (1–3 content words, ~10%% "
           "quoted phrases, ~5%% with a typo, ~12%% with a section or source filter), walked in "
           "turn for %d s per cell; top 10. Cells: queries/s · p50 / p95 / p99 latency in ms. "
           "The first rows, which the ratios below are computed from, drive every engine with "
           "the same C++ load driver, `bench/native_client.cpp`: one thread and one connection "
           "per client, closed loop, thread k starting at query k·7919; Dateline with "
           "keep-alive HTTP/1.1 over a plain socket, Sphinx with libmariadb%s, PostgreSQL with "
           "libpq%s (`PQexecParams`), SQLite with its C API (a read-only connection per thread, "
           "prepared statements), each sending exactly the SQL of the Python client "
           "(`bench/peers.py render`). Plain Xapian is one C++ thread per client in-process. "
           "The second rows are the older clients, kept for comparison: Dateline with wrk "
           "(`bench/query-walk.lua`) and every engine with the Python client of "
           "`bench/peers.py` (one process per client: python3-pymysql, python3-psycopg2, "
           "python3's sqlite3). Client CPU: the C++ client's own user + system CPU over the "
           "measured window per answered query (for SQLite that is the engine's work, as the "
           "engine is a library in the client). Dateline "
           "has no switch to turn snippets (highlighting) off: n/a. Every engine requires all "
           "words (Dateline relaxes to any word when that finds nothing and corrects typos, so "
           "its zero-hit share is lower and its mean hits higher). Sanity columns: the first "
           "1,000 queries, matches per query as each engine counts (Dateline: `total.value`, "
           "a lower bound past 1,000; Xapian: estimate)." % (
               meta["query_seconds"],
               " " + v["libmariadb"] if v.get("libmariadb") else "",
               " " + v["libpq"] if v.get("libpq") else ""), ""]
    for c in ["reuters", "gen" + meta["main_size"]]:
        if not any(k[1] == c for k in query):
            continue
        md += ["#### %s" % corpus_label(c), "", query_table(query, sanity, c), ""]
        if any(k[1] == c for k in snips):
            md += ["Snippet quality, %s: the first 1,000 queries, top 10 each, the body snippet "
                   "of every hit (Dateline: its `highlight.body` fragments; Sphinx: `CALL "
                   "SNIPPETS`, 200 bytes; PostgreSQL: `ts_headline`, 15–35 words; SQLite: "
                   "`snippet()`, 24 tokens). A phrase counts as shown when its words appear in a "
                   "row, each highlighted (words compared on their first four letters, as the "
                   "engines stem differently). Hits that match only in the title have no "
                   "highlight in any engine's body snippet." % corpus_label(c), "",
                   snippet_table(snips, c), ""]

    md += ["### Scaling", "",
           "Generated corpora of %s articles (each a prefix of the largest); 2 clients, top 10 "
           "with snippets; queries/s · p50 / p95 / p99 ms. The plot shows the C++-client rows "
           "and plain Xapian." % ", ".join(f"{int(n):,}" for n in gen),
           "", scaling(query, gen, a.work, a.png), ""]
    cpu_lines = []
    for e in QUERY_ENGINES:
        vals = [query.get((e, "gen" + n, "2", "snip")) for n in gen]
        if any(r and r.get("client_cpu_ms_per_query") is not None for r in vals):
            cpu_lines.append("%s %s" % (QLABEL[e], " / ".join(client_cpu(r) for r in vals)))
    if cpu_lines:
        md += ["Client CPU, ms/query (%s): %s." % (
            " / ".join(f"{int(n):,}" for n in gen), "; ".join(cpu_lines)), ""]
    if png_name:
        md += ["![queries/s and p95 latency by corpus size](%s)" % png_name, ""]

    st = speed_targets(ingest, query, snips, corpora)
    if st:
        md += [st, ""]

    md += ["### Relevance", "",
           "`bench/relevance.py` (evaluator written for this project): TIME (83 queries, 82 with "
           "judgments), Cranfield (225) and SciFact test (300) from ../shared/data, converted to "
           "articles (title → title, text → body; TIME has no titles, so its first sentence is "
           "the title, and its upper-case text is lowercased for every engine), top 100 per "
           "query. Dateline: `GET /v1/search?q=…&per_page=100`, default settings. Peers: the "
           "query's words OR-ed, each engine's default ranking. nDCG@10 with graded gains "
           "(Cranfield codes 1–4 → gains 4–1, code −1 left out), MAP and recall at depth 100, "
           "MRR@10; binary relevance for TIME and SciFact.", "",
           relevance_table(rel), "", targets(rel), "",
           "#### Ranking variants for Dateline", "",
           "`bench/ranking_lab.cpp` reads each topic as `server/search_service.cpp` does (English "
           "stemmer, STEM_SOME, ≤3 words AND, longer OR without the English stop words of "
           "`query/stopwords.cpp`) on the Dateline index and changes one thing at a time: Xapian "
           "BM25 k1/b (Dateline runs k1=1.2, b=0.9; Xapian's defaults are k1=1, b=0.5), the stop "
           "words, the title weight (an index built with a copy of schema/news.json), or the "
           "weighting scheme (BM25+, DPH). Row 1 reproduces the served ranking (without recency "
           "and story collapse, which move these figures by at most 0.003). The served settings "
           "were chosen on the development set, SciFact's train queries (809 claims over the same "
           "documents, judged like the test split), where the best settings all lie within 0.003 "
           "of each other; TIME, Cranfield and SciFact test are test sets only. Differences of a "
           "few thousandths are noise, not a finding.", "",
           lab_table(lab), "", END]
    text = "\n".join(md) + "\n"
    if not a.doc:
        sys.stdout.write(text)
        return
    doc = open(a.doc, encoding="utf-8").read() if os.path.exists(a.doc) else "# Benchmarks\n"
    if BEGIN in doc and END in doc:
        doc = doc[:doc.index(BEGIN)] + text.rstrip("\n") + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    with open(a.doc, "w", encoding="utf-8") as f:
        f.write(doc)
    print("report.py: wrote %s" % a.doc, file=sys.stderr)


if __name__ == "__main__":
    main()
