#!/usr/bin/env python3
"""Realistic synthetic French news, deterministic, streamed: for benchmarks at scales the real corpus does
not reach (issue 10: a million articles).

Each article is made of sentences of 4 to 6 real OrangeSum articles published close together (neighbours in
date order), a new id (synth-N), a date spread over ten years, and a length drawn from the real length
distribution; sentences are drawn apart from each source (never a long copied run), so no article is a
near-duplicate of another or of a source: at most a third of a source's sentences (check measures it). Nothing is stored: the output is written
as it is made (1M articles is about 2.2 GB of JSON Lines).

  bench/synth_news.py articles N > synth.jsonl            N articles, JSON Lines like articles.jsonl
  bench/synth_news.py queries N COUNT > queries.jsonl     COUNT known-item queries for those N articles, in
                                                          the shape of known-item-dev.jsonl
  bench/synth_news.py check N                             shingle Jaccard of the first N against their
                                                          sources and against each other
Options: --source PATH (default ../shared/data/orangesum/articles.jsonl.xz), --seed S (default 1).
"""
import argparse
import datetime
import hashlib
import json
import lzma
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "..", "..", "shared", "data", "orangesum", "articles.jsonl.xz")
FIRST_DAY = datetime.date(2015, 1, 1)
DAYS = 3653  # ten years
NEIGHBOURHOOD = 80  # sources are drawn among this many articles around the base one, in date order

# Sentence ends; the corpus often glues paragraphs ("domestique.Consternant"), which this also splits.
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|(?<=[a-zàâçéèêëîïôûùüÿ][.!?])(?=[A-ZÀÂÇÉÈÊËÎÏÔÛÙÜ])")


def load(source):
    articles = []
    with lzma.open(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            sentences = [s.strip() for s in SENTENCE_END.split(record.get("body", "")) if len(s.strip()) > 20]
            if len(sentences) >= 4:  # a source gives a few of its sentences, never most of it
                articles.append((record.get("date") or "", record["id"], record.get("title", ""), sentences))
    articles.sort(key=lambda a: (a[0], a[1]))
    lengths = sorted(sum(len(s.split()) for s in a[3]) for a in articles)
    return articles, lengths


def rng_for(seed, n, what):
    digest = hashlib.sha256(f"{seed}:{what}:{n}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def make_article(n, articles, lengths, seed):
    rng = rng_for(seed, n, "article")
    base = rng.randrange(len(articles))
    low = max(0, base - NEIGHBOURHOOD // 2)
    high = min(len(articles), low + NEIGHBOURHOOD)
    sources = rng.sample(range(low, high), rng.randint(4, 6))
    target_words = lengths[rng.randrange(len(lengths))]
    # Sentences drawn from each source in turn, each source's kept in its order, none twice.
    pools = [list(articles[s][3]) for s in sources]
    # At most a quarter of any source's words: an article never stands close to one of them.
    order = [rng.sample(range(len(pool)), len(pool)) for pool in pools]
    budget = [sum(len(x.split()) for x in pool) // 4 for pool in pools]
    taken = [[] for _ in pools]
    words = 0
    turn = 0
    while words < target_words and any(order):
        i = turn % len(pools)
        turn += 1
        if not order[i]:
            continue
        index = order[i].pop()
        size = len(pools[i][index].split())
        if size > budget[i]:
            continue
        budget[i] -= size
        taken[i].append(index)
        words += size
    body = []
    # Interleave the sources' sentences (each in its original order), a paragraph of each in turn.
    queues = [sorted(t) for t in taken]
    while any(queues):
        for i, queue in enumerate(queues):
            for _ in range(min(len(queue), rng.randint(1, 3))):
                body.append(pools[i][queue.pop(0)])
    title_source = articles[sources[0]]
    date = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAYS))
    return {"id": f"synth-{n}", "date": date.isoformat(), "title": title_source[2], "body": " ".join(body),
            "sources": [articles[s][1] for s in sources]}


def articles_command(args, articles, lengths):
    out = sys.stdout
    for n in range(args.count):
        record = make_article(n, articles, lengths, args.seed)
        del record["sources"]
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def queries_command(args, articles, lengths):
    # Like the development queries (a summary of the article sought: a sentence or two of its content, in
    # other words): its first sentence or two, a fifth of the words dropped, ids spread over the N.
    step = max(1, args.count // args.queries)
    for q in range(args.queries):
        n = (q * step) % args.count
        record = make_article(n, articles, lengths, args.seed)
        rng = rng_for(args.seed, n, "query")
        sentences = SENTENCE_END.split(record["body"])
        text = " ".join(sentences[: rng.randint(1, 2)]).split()
        kept = [w for w in text if rng.random() > 0.2] or text
        print(json.dumps({"qid": record["id"], "query": " ".join(kept[:60]), "target": record["id"],
                          "date": record["date"]}, ensure_ascii=False))


def shingles(text, size=5):
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + size]) for i in range(max(0, len(words) - size + 1))}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0


def check_command(args, articles, lengths):
    by_id = {a[1]: a for a in articles}
    made = [make_article(n, articles, lengths, args.seed) for n in range(args.count)]
    sets = [shingles(r["body"]) for r in made]
    to_source = max(jaccard(s, shingles(" ".join(by_id[i][3]))) for s, r in zip(sets, made) for i in r["sources"])
    # Pairs that share a source are the only ones that can be close.
    users = {}
    for k, r in enumerate(made):
        for i in r["sources"]:
            users.setdefault(i, []).append(k)
    between = 0.0
    for group in users.values():
        for x in range(len(group)):
            for y in range(x + 1, len(group)):
                between = max(between, jaccard(sets[group[x]], sets[group[y]]))
    words = sorted(len(r["body"].split()) for r in made)
    print(json.dumps({"articles": args.count, "max_jaccard_to_a_source": round(to_source, 3),
                      "max_jaccard_between_articles": round(between, 3),
                      "words_p50": words[len(words) // 2], "source_words_p50": lengths[len(lengths) // 2]}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["articles", "queries", "check"])
    parser.add_argument("count", type=int)
    parser.add_argument("queries", type=int, nargs="?", default=1000)
    parser.add_argument("--source", default=DEFAULT_SOURCE)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not os.path.exists(args.source):
        sys.exit(f"synth_news.py: {args.source}: not found (the OrangeSum articles)")
    articles, lengths = load(args.source)
    {"articles": articles_command, "queries": queries_command, "check": check_command}[args.command](
        args, articles, lengths)


if __name__ == "__main__":
    main()
