#!/usr/bin/python3
"""Peer search engines for bench/run: SQLite FTS5, PostgreSQL 15 full-text search and Sphinx 2.2.

Every engine gets the same canonical articles (JSON Lines: id, title, body, section, source)
and the same queries ({"q": ..., "section": ..., "source": ...}).

    peers.py start ENGINE --work DIR              start the server (postgres, sphinx) on 127.0.0.1
    peers.py stop ENGINE --work DIR               stop it
    peers.py ingest ENGINE NAME CORPUS --work DIR index CORPUS as NAME; prints JSON
    peers.py query ENGINE NAME QUERIES --work DIR --clients N --seconds S [--no-snippets]
                                                  top 10 (+ a body snippet per hit), N client
                                                  processes with their own connection; JSON
    peers.py render ENGINE NAME QUERIES --work DIR [--no-snippets]
                                                  the SQL `query` sends for each query, one JSON
                                                  line each ({"sql", "params"}, for Sphinx also
                                                  "snippets"), read by bench/native_client.cpp
    peers.py sanity ENGINE NAME QUERIES --work DIR zero-hit fraction and mean hits; JSON
    peers.py snippets ENGINE NAME QUERIES --work DIR
                                                  snippet quality over the top 10 of each query:
                                                  share of hits whose body snippet highlights a
                                                  query word, share of phrase-query hits whose
                                                  snippet shows the whole phrase highlighted; JSON
    peers.py rank ENGINE NAME TOPICS --work DIR [--depth 100]
                                                  qid<TAB>text in, TREC run out (any word)

Query mapping: the words (and "quoted phrases") of q, all required (AND) for query/sanity, any
of them (OR) for rank; section/source become equality filters. Each engine's own English
stemming; each engine's default ranking (FTS5 bm25(), ts_rank_cd over title weight A + body
weight D, Sphinx's default proximity_bm25 ranker).
"""
import argparse
import html
import json
import multiprocessing
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import zlib

PG_PORT = int(os.environ.get("BENCH_PG_PORT", "15439"))
SPHINX_PORT = int(os.environ.get("BENCH_SPHINX_PORT", "19306"))
TOKEN = re.compile(r'"([^"]*)"|([A-Za-z0-9]+)')
WORD = re.compile(r"[A-Za-z0-9]+")


def parse_query(text):
    """[("word", "w"), ("phrase", "a b")] from the query text; punctuation dropped."""
    out = []
    for m in TOKEN.finditer(text):
        if m.group(1) is not None:
            words = WORD.findall(m.group(1))
            if len(words) > 1:
                out.append(("phrase", " ".join(words).lower()))
            elif words:
                out.append(("word", words[0].lower()))
        else:
            out.append(("word", m.group(2).lower()))
    return out


def with_filters(query, where, args, placeholder):
    """The query's section/source equality filters appended to an SQL WHERE clause."""
    for key in ("section", "source"):
        if query.get(key):
            where += " AND %s = %s" % (key, placeholder)
            args = args + [query[key]]
    return where, args


def articles(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                a = json.loads(line)
                yield (a["id"], a.get("title", ""), a.get("body", "") or a.get("summary", ""),
                       a.get("section") or "", a.get("source") or "")


def crc(value):
    return zlib.crc32(value.lower().encode("utf-8"))


def pct(sorted_values, p):
    if not sorted_values:
        return 0.0
    i = int(p / 100.0 * (len(sorted_values) - 1) + 0.5)
    return sorted_values[min(i, len(sorted_values) - 1)]


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


# ------------------------------------------------------------------------------------------
# SQLite FTS5 (in-process: the "server" is the library)

class SQLite:
    def __init__(self, work, name):
        self.path = os.path.join(work, "sqlite", name + ".db")

    def ingest(self, corpus):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        if os.path.exists(self.path):
            os.remove(self.path)
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(aid UNINDEXED, title, body, "
                   "section UNINDEXED, source UNINDEXED, tokenize='porter unicode61')")
        n = 0
        batch = []
        for row in articles(corpus):
            batch.append(row)
            if len(batch) == 10000:
                with db:
                    db.executemany("INSERT INTO docs VALUES (?,?,?,?,?)", batch)
                n += len(batch)
                batch = []
        with db:
            db.executemany("INSERT INTO docs VALUES (?,?,?,?,?)", batch)
        n += len(batch)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        return n, os.path.getsize(self.path)

    def connect(self):
        self.db = sqlite3.connect("file:%s?mode=ro" % self.path, uri=True)

    @staticmethod
    def match(parts, any_word):
        quoted = ['"%s"' % text for _, text in parts]
        return (" OR " if any_word else " ").join(quoted)

    def statement(self, query, snippets, limit=10, any_word=False):
        """(sql, args) for the search, or None when the query has no words."""
        parts = parse_query(query["q"])
        if not parts:
            return None
        where, args = "docs MATCH ?", [self.match(parts, any_word)]
        where, args = with_filters(query, where, args, "?")
        snippet = ", snippet(docs, 2, '<mark>', '</mark>', '…', 24)" if snippets else ""
        return ("SELECT aid, title%s FROM docs WHERE %s ORDER BY rank LIMIT %d"
                % (snippet, where, limit), args)

    def render(self, query, snippets):
        st = self.statement(query, snippets)
        return st and {"sql": st[0], "params": st[1]}

    def search(self, query, snippets, limit=10, any_word=False):
        st = self.statement(query, snippets, limit, any_word)
        if st is None:
            return 0, []
        rows = self.db.execute(*st).fetchall()
        self.last_snippets = [r[2] for r in rows] if snippets else []
        return len(rows), rows

    def count(self, query):
        parts = parse_query(query["q"])
        if not parts:
            return 0
        where, args = "docs MATCH ?", [self.match(parts, False)]
        where, args = with_filters(query, where, args, "?")
        return self.db.execute("SELECT count(*) FROM docs WHERE " + where, args).fetchone()[0]


# ------------------------------------------------------------------------------------------
# PostgreSQL 15: a private cluster in WORK/pg, run as the postgres user when we are root

def pg_bin(tool):
    return "/usr/lib/postgresql/15/bin/" + tool


def as_postgres(cmd):
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + cmd
    return cmd


class Postgres:
    def __init__(self, work, name):
        self.work, self.name = work, name.replace("-", "_")  # an SQL identifier
        self.data = os.path.join(work, "pg", "data")

    def start(self):
        root = os.path.join(self.work, "pg")
        if not os.path.isdir(self.data):
            os.makedirs(root, exist_ok=True)
            if os.geteuid() == 0:
                subprocess.run(["chown", "postgres:postgres", root], check=True)
            subprocess.run(as_postgres([pg_bin("initdb"), "-D", self.data, "-A", "trust", "-U",
                                        "bench", "-E", "UTF8", "--locale=C"]),
                           check=True, stdout=subprocess.DEVNULL)
        if subprocess.run(as_postgres([pg_bin("pg_ctl"), "-D", self.data, "status"]),
                          stdout=subprocess.DEVNULL).returncode == 0:
            return  # already running
        subprocess.run(as_postgres([pg_bin("pg_ctl"), "-D", self.data, "-w", "-l",
                                    os.path.join(self.data, "server.log"), "-o",
                                    "-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories='' "
                                    "-c shared_buffers=512MB -c max_wal_size=4GB -c fsync=on "
                                    "-c maintenance_work_mem=512MB -c jit=off" % PG_PORT,
                                    "start"]), check=True, stdout=subprocess.DEVNULL)

    def stop(self):
        if os.path.isdir(self.data):
            subprocess.run(as_postgres([pg_bin("pg_ctl"), "-D", self.data, "-m", "fast", "-w",
                                        "stop"]), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)

    def connect(self):
        import psycopg2
        self.db = psycopg2.connect(host="127.0.0.1", port=PG_PORT, user="bench", dbname="postgres")
        self.db.autocommit = True
        self.cur = self.db.cursor()

    def ingest(self, corpus):
        import io
        self.connect()
        cur, t = self.cur, self.name
        cur.execute("DROP TABLE IF EXISTS %s" % t)
        cur.execute("CREATE TABLE %s (aid text PRIMARY KEY, title text, body text, section text, "
                    "source text, tsv tsvector GENERATED ALWAYS AS "
                    "(setweight(to_tsvector('english', title), 'A') || "
                    "setweight(to_tsvector('english', body), 'D')) STORED)" % t)
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]

        def esc(v):
            return (v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                    .replace("\r", "\\r"))

        n, buf = 0, []

        def flush():
            if buf:
                self.db.autocommit = False
                cur.copy_expert("COPY %s (aid, title, body, section, source) FROM STDIN" % t,
                                io.StringIO("".join(buf)))
                self.db.commit()
                self.db.autocommit = True
                buf.clear()

        for row in articles(corpus):
            buf.append("\t".join(esc(v.replace("\x00", "")) for v in row) + "\n")
            n += 1
            if len(buf) == 10000:
                flush()
        flush()
        cur.execute("CREATE INDEX %s_tsv ON %s USING gin (tsv)" % (t, t))
        cur.execute("CREATE INDEX %s_section ON %s (section)" % (t, t))
        cur.execute("CREATE INDEX %s_source ON %s (source)" % (t, t))
        cur.execute("VACUUM ANALYZE %s" % t)
        cur.execute("SELECT pg_total_relation_size('%s')" % t)
        size = cur.fetchone()[0]
        rss = 0
        try:
            with open("/proc/%d/status" % backend) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        rss = int(line.split()[1])
        except OSError:
            pass
        return n, size, rss

    @staticmethod
    def tsquery(parts, any_word):
        # A tsquery in to_tsquery syntax: 'word' & 'a' <-> 'b' (words are [a-z0-9]+ only).
        terms = []
        for kind, text in parts:
            words = text.split()
            terms.append("(" + " <-> ".join(words) + ")" if kind == "phrase" else words[0])
        return (" | " if any_word else " & ").join(terms)

    def statement(self, query, snippets, limit=10, any_word=False):
        """(sql with %s placeholders, args) for the search, or None when the query has no
        words."""
        parts = parse_query(query["q"])
        if not parts:
            return None
        where, args = "tsv @@ q", [self.tsquery(parts, any_word)]
        where, args = with_filters(query, where, args, "%s")
        inner = ("SELECT aid, title, body, ts_rank_cd(tsv, q) AS r, q FROM %s, "
                 "to_tsquery('english', %%s) q WHERE %s ORDER BY r DESC LIMIT %d"
                 % (self.name, where, limit))
        if snippets:
            sql = ("SELECT aid, title, ts_headline('english', body, q, 'StartSel=<mark>, "
                   "StopSel=</mark>, MaxWords=35, MinWords=15') FROM (%s) hits ORDER BY r DESC"
                   % inner)
        else:
            sql = "SELECT aid, title, r FROM (%s) hits ORDER BY r DESC" % inner
        return sql, args

    def render(self, query, snippets):
        # libpq numbers its parameters: %s -> $1, $2, ... (no other % in these statements).
        st = self.statement(query, snippets)
        if st is None:
            return None
        pieces = st[0].split("%s")
        sql = pieces[0] + "".join("$%d%s" % (i, p) for i, p in enumerate(pieces[1:], 1))
        return {"sql": sql, "params": st[1]}

    def search(self, query, snippets, limit=10, any_word=False):
        st = self.statement(query, snippets, limit, any_word)
        if st is None:
            return 0, []
        self.cur.execute(*st)
        rows = self.cur.fetchall()
        self.last_snippets = [r[2] for r in rows] if snippets else []
        return len(rows), rows

    def count(self, query):
        parts = parse_query(query["q"])
        if not parts:
            return 0
        where, args = "tsv @@ to_tsquery('english', %s)", [self.tsquery(parts, False)]
        where, args = with_filters(query, where, args, "%s")
        self.cur.execute("SELECT count(*) FROM %s WHERE %s" % (self.name, where), args)
        return self.cur.fetchone()[0]


# ------------------------------------------------------------------------------------------
# Sphinx 2.2.11: xmlpipe2 source built from the JSON Lines, indexer + searchd, SphinxQL

def xml_text(s):
    s = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", s)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Sphinx:
    def __init__(self, work, name):
        self.work, self.name = work, name.replace("-", "_")  # an SQL identifier
        self.root = os.path.join(work, "sphinx")
        self.conf = os.path.join(self.root, "sphinx.conf")

    def names(self):
        if not os.path.isdir(self.root):
            return []
        return sorted(f[:-4] for f in os.listdir(self.root) if f.endswith(".xml"))

    def write_conf(self):
        parts = []
        for name in self.names():
            parts.append("""
source %(n)s_src
{
    type = xmlpipe2
    xmlpipe_command = cat %(root)s/%(n)s.xml
    xmlpipe_fixup_utf8 = 1
}
index %(n)s
{
    source = %(n)s_src
    path = %(root)s/idx/%(n)s
    docinfo = extern
    morphology = stem_en
    min_word_len = 1
    html_strip = 0
}
""" % {"n": name, "root": self.root})
        parts.append("""
indexer
{
    mem_limit = 512M
}
searchd
{
    listen = 127.0.0.1:%(port)d:mysql41
    log = %(root)s/searchd.log
    query_log = %(root)s/query.log
    pid_file = %(root)s/searchd.pid
    binlog_path =
    workers = threads
    max_children = 16
    read_timeout = 30
}
""" % {"port": SPHINX_PORT, "root": self.root})
        with open(self.conf, "w") as f:
            f.write("".join(parts))

    def pid(self):
        try:
            with open(os.path.join(self.root, "searchd.pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def start(self):
        os.makedirs(os.path.join(self.root, "idx"), exist_ok=True)
        self.write_conf()
        if self.pid():
            self.stop()
        built = [n for n in self.names()
                 if os.path.exists(os.path.join(self.root, "idx", n + ".sph"))]
        if not built:
            return
        subprocess.run(["searchd", "--config", self.conf], check=True, stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                self.connect()
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("searchd did not come up")

    def stop(self):
        pid = self.pid()
        if pid:
            try:
                os.kill(pid, signal.SIGTERM)
                for _ in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.1)
            except ProcessLookupError:
                pass

    def connect(self):
        import pymysql
        self.db = pymysql.connect(host="127.0.0.1", port=SPHINX_PORT, user="", autocommit=None,
                                  charset="utf8")
        self.cur = self.db.cursor()

    def ingest(self, corpus):
        os.makedirs(os.path.join(self.root, "idx"), exist_ok=True)
        self.stop()  # indexer cannot replace an index searchd holds; bench/run restarts it
        n = 0
        with open(os.path.join(self.root, self.name + ".xml"), "w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="utf-8"?>\n<sphinx:docset>\n<sphinx:schema>\n'
                      '<sphinx:field name="title" attr="string"/>\n'
                      '<sphinx:field name="body" attr="string"/>\n'
                      '<sphinx:attr name="aid" type="string"/>\n'
                      '<sphinx:attr name="section_crc" type="int" bits="32"/>\n'
                      '<sphinx:attr name="source_crc" type="int" bits="32"/>\n'
                      '</sphinx:schema>\n')
            for aid, title, body, section, source in articles(corpus):
                n += 1
                out.write('<sphinx:document id="%d"><title>%s</title><body>%s</body>'
                          '<aid>%s</aid><section_crc>%d</section_crc><source_crc>%d</source_crc>'
                          '</sphinx:document>\n'
                          % (n, xml_text(title), xml_text(body), xml_text(aid), crc(section),
                             crc(source)))
            out.write("</sphinx:docset>\n")
        self.write_conf()
        subprocess.run(["indexer", "--config", self.conf, "--quiet", self.name], check=True,
                       stdout=subprocess.DEVNULL)
        size = sum(os.path.getsize(os.path.join(self.root, "idx", f))
                   for f in os.listdir(os.path.join(self.root, "idx"))
                   if f.startswith(self.name + "."))
        return n, size

    @staticmethod
    def match(parts, any_word):
        terms = ['"%s"' % text if kind == "phrase" else text for kind, text in parts]
        return (" | " if any_word else " ").join(terms)

    # CALL SNIPPETS over the hits' bodies: SNIPPETS % "%s, %s, ..." (one per hit), then the
    # bodies, the index name and the query's words as arguments.
    SNIPPETS = ("CALL SNIPPETS((%s), %%s, %%s, '<mark>' AS before_match, "
                "'</mark>' AS after_match, 200 AS limit)")

    def statement(self, query, snippets, limit=10, any_word=False):
        """(sql with %s placeholders, args, snippet words) for the search, or None when the
        query has no words."""
        parts = parse_query(query["q"])
        if not parts:
            return None
        where, args = "MATCH(%s)", [self.match(parts, any_word)]
        for key in ("section", "source"):
            if query.get(key):
                where += " AND %s_crc = %d" % (key, crc(query[key]))
        body = ", body" if snippets else ""
        ranker = os.environ.get("BENCH_SPHINX_RANKER")  # e.g. expr('10000*bm25a(1.2,0.75)')
        return ("SELECT aid, title%s FROM %s WHERE %s LIMIT %d OPTION max_matches=%d%s"
                % (body, self.name, where, limit, max(limit, 1000),
                   ", ranker=" + ranker if ranker else ""), args,
                " ".join(t for _, t in parts))

    def render(self, query, snippets):
        # The C++ client quotes each argument as pymysql does (backslash escapes), and for
        # snippets puts the hits' bodies (the SELECT's third column) where {bodies} stands.
        st = self.statement(query, snippets)
        if st is None:
            return None
        out = {"sql": st[0], "params": st[1]}
        if snippets:
            out["snippets"] = {"sql": self.SNIPPETS % "{bodies}", "params": [self.name, st[2]]}
        return out

    def search(self, query, snippets, limit=10, any_word=False):
        st = self.statement(query, snippets, limit, any_word)
        if st is None:
            return 0, []
        self.cur.execute(st[0], st[1])
        rows = self.cur.fetchall()
        if snippets and rows:
            self.cur.execute(self.SNIPPETS % ", ".join(["%s"] * len(rows)),
                             [r[2] for r in rows] + [self.name, st[2]])
            self.last_snippets = [r[0] for r in self.cur.fetchall()]
        else:
            self.last_snippets = []
        return len(rows), rows

    def count(self, query):
        self.search(query, False, limit=1)
        self.cur.execute("SHOW META LIKE 'total_found'")
        row = self.cur.fetchone()
        return int(row[1]) if row else 0


# ------------------------------------------------------------------------------------------
# Dateline over HTTP (the same Python client as the peers; bench/run also measures it with wrk)

class Dateline:
    def __init__(self, work, name):
        self.url = os.environ.get("DATELINE_URL", "http://127.0.0.1:18383")

    def connect(self):
        import http.client
        host = urllib.parse.urlsplit(self.url)
        self.http = http.client.HTTPConnection(host.hostname, host.port, timeout=60)

    def get(self, query, limit):
        params = dict(query)
        params["per_page"] = str(limit)
        self.http.request("GET", "/v1/search?" + urllib.parse.urlencode(params))
        r = self.http.getresponse()
        body = r.read()
        if r.status != 200:
            raise RuntimeError("HTTP %d: %s" % (r.status, body[:200]))
        return json.loads(body)

    def search(self, query, snippets, limit=10, any_word=False):
        hits = self.get(query, limit)["hits"]
        self.last_snippets = [" … ".join(h.get("highlight", {}).get("body", [])) for h in hits]
        return len(hits), [(h["id"], h.get("title")) for h in hits]

    def count(self, query):
        return self.get(query, 1)["total"]["value"]


ENGINES = {"sqlite": SQLite, "postgres": Postgres, "sphinx": Sphinx, "dateline": Dateline}


MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def marked_words(snippet):
    """[(word, highlighted)] for the words of a snippet with <mark> highlights."""
    out, pos = [], 0
    for m in MARK.finditer(snippet):
        out += [(w.lower(), False) for w in WORD.findall(html.unescape(snippet[pos:m.start()]))]
        out += [(w.lower(), True) for w in WORD.findall(html.unescape(m.group(1)))]
        pos = m.end()
    return out + [(w.lower(), False) for w in WORD.findall(html.unescape(snippet[pos:]))]


def same_word(a, b):
    """Equal, or sharing a 4-letter start (engines stem differently: rate/rates/rated)."""
    return a == b or (len(a) >= 4 and len(b) >= 4 and a[:4] == b[:4])


def shows_phrase(words, phrase):
    """True when the phrase's words appear in a row, every one highlighted."""
    k = len(phrase)
    return any(all(words[i + j][1] and same_word(words[i + j][0], phrase[j]) for j in range(k))
               for i in range(len(words) - k + 1))


def snippet_quality(engine, queries):
    hits = marked = phrase_hits = phrase_shown = chars = 0
    for q in queries:
        engine.search(q, True)
        phrases = [t.split() for kind, t in parse_query(q["q"]) if kind == "phrase"]
        for snippet in engine.last_snippets:
            words = marked_words(snippet or "")
            hits += 1
            chars += len(MARK.sub(r"\1", snippet or ""))
            marked += any(h for _, h in words)
            if phrases:
                phrase_hits += 1
                phrase_shown += all(shows_phrase(words, p) for p in phrases)
    return {"queries": len(queries), "hits": hits,
            "highlighted": round(marked / hits, 4) if hits else None,
            "phrase_hits": phrase_hits,
            "phrase_shown": round(phrase_shown / phrase_hits, 4) if phrase_hits else None,
            "mean_chars": round(chars / hits, 1) if hits else None}


def load_queries(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def client(args):
    engine, name, work, queries, start_at, deadline, snippets = args
    e = ENGINES[engine](work, name)
    e.connect()
    lat, i, hits = [], start_at, 0
    while time.time() < deadline:
        t0 = time.perf_counter()
        n, _ = e.search(queries[i % len(queries)], snippets)
        lat.append((time.perf_counter() - t0) * 1000.0)
        hits += n
        i += 1
    return lat


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("action",
                   choices=["start", "stop", "ingest", "query", "render", "sanity", "snippets",
                            "rank"])
    p.add_argument("engine", choices=sorted(ENGINES))
    p.add_argument("args", nargs="*")
    p.add_argument("--work", required=True)
    p.add_argument("--clients", type=int, default=1)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--no-snippets", action="store_true")
    p.add_argument("--depth", type=int, default=100)
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)

    if a.action in ("start", "stop"):
        e = ENGINES[a.engine](a.work, "")
        if hasattr(e, a.action):
            getattr(e, a.action)()
        return
    name = a.args[0]
    e = ENGINES[a.engine](a.work, name)
    if a.action == "ingest":
        corpus = a.args[1]
        t0 = time.time()
        result = e.ingest(corpus)
        secs = time.time() - t0
        out = {"documents": result[0], "bytes": os.path.getsize(corpus), "seconds": round(secs, 3),
               "index_bytes": result[1]}
        if len(result) > 2:
            out["server_peak_rss_kb"] = result[2]
        print(json.dumps(out))
    elif a.action == "query":
        queries = load_queries(a.args[1])
        deadline = time.time() + a.seconds
        jobs = [(a.engine, name, a.work, queries, c * len(queries) // a.clients, deadline,
                 not a.no_snippets) for c in range(a.clients)]
        t0 = time.time()
        with multiprocessing.Pool(a.clients) as pool:
            lats = pool.map(client, jobs)
        elapsed = time.time() - t0
        all_lat = sorted(x for lat in lats for x in lat)
        print(json.dumps({"requests": len(all_lat), "seconds": round(elapsed, 3),
                          "qps": round(len(all_lat) / max(a.seconds, 1e-9), 1),
                          "p50": round(pct(all_lat, 50), 3), "p95": round(pct(all_lat, 95), 3),
                          "p99": round(pct(all_lat, 99), 3)}))
    elif a.action == "render":
        # The statements `query` would send, one JSON line per query, for bench/native_client;
        # queries without a word (which `query` counts without sending anything) are left out.
        for q in load_queries(a.args[1]):
            r = e.render(q, not a.no_snippets)
            if r is not None:
                sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif a.action == "sanity":
        queries = load_queries(a.args[1])
        e.connect()
        counts = [e.count(q) for q in queries]
        print(json.dumps({"queries": len(counts),
                          "zero_hit_fraction": round(sum(1 for c in counts if c == 0) / len(counts), 4),
                          "mean_hits": round(sum(counts) / len(counts), 1)}))
    elif a.action == "snippets":
        e.connect()
        print(json.dumps(snippet_quality(e, load_queries(a.args[1]))))
    elif a.action == "rank":
        e.connect()
        with open(a.args[1], encoding="utf-8") as f:
            for line in f:
                qid, _, text = line.rstrip("\n").partition("\t")
                _, rows = e.search({"q": text}, False, limit=a.depth, any_word=True)
                for r, row in enumerate(rows, 1):
                    sys.stdout.write("%s Q0 %s %d %d %s\n" % (qid, row[0], r, a.depth - r, a.engine))


if __name__ == "__main__":
    main()
