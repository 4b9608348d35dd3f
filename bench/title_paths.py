"""Prints /v1/search paths for a load walk: the first two and the first three words (3+ letters)
of the titles of a JSON Lines file of articles, percent-encoded, 600 at most.

    python3 bench/title_paths.py ARTICLES.jsonl > paths
"""
import json
import re
import sys
import urllib.parse

out = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        words = re.findall(r"[a-z]{3,}", json.loads(line).get("title", "").lower())
        for n in (2, 3):
            if len(words) >= n:
                out.append("/v1/search?per_page=10&q=" + urllib.parse.quote(" ".join(words[:n])))
        if len(out) >= 600:
            break
print("\n".join(out))
