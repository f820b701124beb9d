#!/usr/bin/env python3
"""usage: hurried_queries.py QUERIES.tsv [WORDS] > HURRIED.tsv
The same queries as a hurried user types them: a few rare words (WORDS, default 4), lower case, no accents,
no punctuation. "Rare" is approximated without any index: the longest words that are not function words."""
import sys
import unicodedata

FUNCTION_WORDS = set("""au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me meme mes moi
mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous
c d j l a m n s t y ete etre avoir fait cette ont est sont plus selon apres avant depuis lors entre contre sous
leurs elles ils dont tres aussi encore""".split())


def fold(text):
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def hurried(query, keep=4):
    words = []
    for raw in fold(query).replace("'", " ").replace("\u2019", " ").split():
        word = "".join(c for c in raw if c.isalnum())
        if word and word not in FUNCTION_WORDS and not word.isdigit() and word not in words:
            words.append(word)
    chosen = set(sorted(words, key=lambda w: (-len(w), words.index(w)))[:keep])
    return " ".join(w for w in words if w in chosen)


for line in open(sys.argv[1], encoding="utf-8"):
    qid, query = line.rstrip("\n").split("\t", 1)
    print(f"{qid}\t{hurried(query, int(sys.argv[2]) if len(sys.argv) > 2 else 4)}")
