#!/usr/bin/env python3
"""usage: known_item_qrels.py KNOWN_ITEM.jsonl > QRELS
Known-item queries ({"qid", "target", ...} one a line) as TREC qrels: "qid 0 target 1", for
searcher --queries QUERIES.tsv --qrels QRELS (the figures known_item.py gives for the same run)."""
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            record = json.loads(line)
            print(f"{record['qid']} 0 {record['target']} 1")
