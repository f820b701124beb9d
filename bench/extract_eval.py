#!/usr/bin/env python3
"""Scores HTML extraction (dates, titles, body text) against the labelled development pages.

Two commands:
  extract_eval.py peer PAGE...            run readability-lxml (the peer) on pages, print JSON Lines
                                          (needs Debian's python3-readability: run it with /usr/bin/python3)
  extract_eval.py score --web-dev DIR --orangesum-truth FILE --system NAME=RESULTS.jsonl [...]
                                          print the figures of each system

Results are JSON Lines, one object per page: {"path", "title", "published", "body", ...}, as printed by
`indexer --extract-only`. Pages are matched to labels by file name.

Matching rules (web-dev README): a snippet matches when it is a substring of the body after Unicode NFKC,
folding typographic quotes and dashes to ASCII and collapsing white space. A date matches when the day is
equal. Halves: web-dev is split by site so that rules tuned on one half can be checked on the other. A page's site
is the registrable domain of its canonical URL (rel=canonical, else og:url; an archive.org copy counts as the
page it archives), else of the commonest host its absolute links name (shared services such as CDNs, social
networks and schema.org left out), else its file name; half A holds the sites whose CRC-32 is even.

Token F1: both texts lower-cased and cut into word tokens (runs of Unicode letters/digits, so that
"glued.Paragraphs" still gives two tokens); precision and recall are the multiset overlap of the tokens
divided by the number of extracted, resp. reference, tokens.
"""
import argparse
import collections
import json
import os
import re
import sys
import unicodedata
import zlib

QUOTES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`"}
QUOTES.update({c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"})
DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
FOLD = str.maketrans({**QUOTES, **DASHES})
WORD = re.compile(r"\w+", re.UNICODE)
WORST = int(os.environ.get("EXTRACT_EVAL_WORST", "4"))


def normalize(text):
    text = unicodedata.normalize("NFKC", text or "").translate(FOLD)
    return " ".join(text.split())


def tokens(text):
    return WORD.findall((text or "").lower())


def token_f1(extracted, reference):
    got, want = collections.Counter(tokens(extracted)), collections.Counter(tokens(reference))
    overlap = sum((got & want).values())
    if not got or not want or not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def results_by_file(path):
    return {os.path.basename(r["path"]): r for r in read_jsonl(path)}


def share(hits, total):
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


CANONICAL = [re.compile(p, re.I) for p in (
    rb'<link[^>]+rel=["\']?canonical["\']?[^>]*href=["\']([^"\']+)',
    rb'<link[^>]+href=["\']([^"\']+)["\'][^>]*rel=["\']?canonical',
    rb'<meta[^>]+property=["\']og:url["\'][^>]*content=["\']([^"\']+)',
    rb'<meta[^>]+content=["\']([^"\']+)["\'][^>]*property=["\']og:url')]
HOST = re.compile(rb'https?://([a-z0-9.-]+)', re.I)
ARCHIVE = re.compile(rb'^https?://web\.archive\.org/web/[^/]*/', re.I)
SHARED_SERVICES = {"w3.org", "schema.org", "ogp.me", "googleapis.com", "google.com", "googletagmanager.com",
                   "google-analytics.com", "googleadservices.com", "gstatic.com", "facebook.com", "twitter.com",
                   "instagram.com", "youtube.com", "archive.org", "gravatar.com", "cloudfront.net",
                   "amazonaws.com", "creativecommons.org", "wikipedia.org", "typo3.org", "webflow.com"}
SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "gv", "admin"}


def registrable_domain(host):
    labels = host.lower().strip(".").split(".")
    if labels and labels[0] == "www":
        labels = labels[1:]
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def page_site(path):
    with open(path, "rb") as f:
        page = f.read()
    for pattern in CANONICAL:
        m = pattern.search(page)
        if m:
            url = ARCHIVE.sub(b"", m.group(1).strip())
            host = HOST.match(url)
            if host:
                return registrable_domain(host.group(1).decode("ascii"))
    hosts = collections.Counter(registrable_domain(h.decode("ascii")) for h in HOST.findall(page))
    for domain, _ in hosts.most_common():
        if domain not in SHARED_SERVICES and "." in domain:
            return domain
    return os.path.basename(path)


def site_half(site):
    return "A" if zlib.crc32(site.encode()) % 2 == 0 else "B"


class WebDev:
    def __init__(self, folder, pages_dir):
        self.half = {}
        for name in os.listdir(pages_dir):
            if name.endswith(".html"):
                self.half[name] = site_half(page_site(os.path.join(pages_dir, name)))
        self.dates = [r for r in read_jsonl(os.path.join(folder, "dates.jsonl")) if r["headline"]]
        self.texts = read_jsonl(os.path.join(folder, "text.jsonl"))
        self.bodies = read_jsonl(os.path.join(folder, "body.jsonl"))
        self.lang = {r["file"]: r.get("lang") for r in self.dates + self.texts}

    def score(self, results, has_dates, only_lang=None, half=None):
        def keep(f):
            return (not only_lang or self.lang.get(f) == only_lang) and (not half or self.half.get(f) == half)
        out = {}
        misses = collections.defaultdict(list)
        if has_dates:
            rows = [r for r in self.dates if keep(r["file"])]
            hits = 0
            for r in rows:
                got = results.get(r["file"], {}).get("published")
                if got == r["date"]:
                    hits += 1
                else:
                    source = results.get(r["file"], {}).get("date_source", "")
                    misses["date"].append((1, f'{r["file"]} want {r["date"]} got {got} ({source})'))
            out["date exact"] = share(hits, len(rows))
        else:
            out["date exact"] = "n/a (no dates)"
        found = total_with = absent = total_without = 0
        for r in self.texts:
            if not keep(r["file"]):
                continue
            body = normalize(results.get(r["file"], {}).get("body", ""))
            lost = [s for s, ok in zip(r["with"], r["with_in_page"]) if ok and normalize(s) not in body]
            kept = [s for s, ok in zip(r["without"], r["without_in_page"]) if ok and normalize(s) in body]
            n_with = sum(r["with_in_page"])
            n_without = sum(r["without_in_page"])
            found += n_with - len(lost)
            total_with += n_with
            absent += n_without - len(kept)
            total_without += n_without
            if lost:
                misses["snippet"].append((len(lost), f'{r["file"]} lost {len(lost)}/{n_with}: {lost[0][:60]!r}'))
            if kept:
                misses["boilerplate"].append((len(kept), f'{r["file"]} kept {len(kept)}/{n_without}: {kept[0][:60]!r}'))
        out["snippets found"] = share(found, total_with)
        out["boilerplate absent"] = share(absent, total_without)
        f1s = []
        for r in self.bodies:
            if not keep(r["file"]):
                continue
            f1 = token_f1(results.get(r["file"], {}).get("body", ""), r["body"])
            f1s.append(f1)
            misses["body F1"].append((1 - f1, f'{r["file"]} F1 {f1:.3f}'))
        out["token F1"] = f"{sum(f1s) / len(f1s):.3f} (mean of {len(f1s)})" if f1s else "n/a"
        return out, misses


def score_orangesum(truth_path, results, has_dates):
    truth = read_jsonl(truth_path)
    date_hits = title_hits = 0
    f1s = []
    misses = collections.defaultdict(list)
    for t in truth:
        r = results.get(t["file"], {})
        if r.get("published") == t["date"]:
            date_hits += 1
        elif has_dates:
            misses["date"].append((1, f'{t["file"]} want {t["date"]} got {r.get("published")} ({r.get("date_source", "")})'))
        if normalize(r.get("title")) == normalize(t["title"]):
            title_hits += 1
        else:
            misses["title"].append((1, f'{t["file"]} want {t["title"][:50]!r} got {(r.get("title") or "")[:50]!r}'))
        f1 = token_f1(r.get("body", ""), t["body"])
        f1s.append(f1)
        misses["body F1"].append((1 - f1, f'{t["file"]} F1 {f1:.3f}'))
    out = {
        "date exact": share(date_hits, len(truth)) if has_dates else "n/a (no dates)",
        "title exact": share(title_hits, len(truth)),
        "token F1": f"{sum(f1s) / len(f1s):.3f} (mean of {len(f1s)})",
    }
    return out, misses


def print_figures(heading, figures, misses):
    print(f"  {heading}")
    for name, value in figures.items():
        print(f"    {name:20} {value}")
    for kind, items in misses.items():
        worst = [text for _, text in sorted(items, key=lambda x: -x[0])[:WORST] if _ > 0]
        if worst:
            print(f"    worst ({kind}):")
            for text in worst:
                print(f"      {text}")


def command_score(args):
    web = WebDev(args.web_dev, args.web_dev_pages)
    speeds = dict(s.split("=", 1) for s in args.speed)
    subsets = [("half A", None, "A"), ("half B", None, "B"), ("all", None, None),
               ("French, half A", "fr", "A"), ("French, half B", "fr", "B"), ("French, all", "fr", None)]
    print("web-dev halves by site: " + ", ".join(
        f"{h}: {sum(1 for v in web.half.values() if v == h)} pages" for h in "AB"))
    print()
    for number, spec in enumerate(args.system):
        name, path = spec.split("=", 1)
        results = results_by_file(path)
        has_dates = any(r.get("published") for r in results.values())
        errors = [r for r in results.values() if r.get("error")]
        print(f"== {name} ({len(results)} pages read, {len(errors)} errors)")
        print(f"  {'web-dev':16} {'date exact':20} {'snippets found':20} {'boilerplate absent':20} token F1")
        for label, lang, half in subsets:
            figures, _ = web.score(results, has_dates, only_lang=lang, half=half)
            print(f"  {label:16} {figures['date exact']:20} {figures['snippets found']:20} "
                  f"{figures['boilerplate absent']:20} {figures['token F1']}")
        if WORST and number == 0:  # the misses of the first system only
            for half in "AB":
                _, misses = web.score(results, has_dates, half=half)
                print_figures(f"web-dev half {half}, worst misses", {}, misses)
        if args.orangesum_truth:
            figures, misses = score_orangesum(args.orangesum_truth, results, has_dates)
            print_figures("OrangeSum html-dev", figures, misses if number == 0 else {})
        if name in speeds:
            seconds = float(speeds[name])
            size = sum(os.path.getsize(r["path"]) for r in results.values() if os.path.exists(r["path"]))
            print(f"  speed: {len(results) / seconds:.1f} pages/s, {size / seconds / 1e6:.2f} MB/s "
                  f"({len(results)} pages, {size / 1e6:.1f} MB in {seconds:.2f} s, one thread)")
        print()


def html_to_text(html):
    import lxml.html  # Debian's python3-lxml, only for the peer

    root = lxml.html.fromstring(html)
    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "tr", "br",
              "section", "article", "ul", "ol", "table", "dd", "dt", "figcaption"}
    parts = []

    def walk(el):
        if el.tag in blocks:
            parts.append("\n\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if el.tag in blocks:
            parts.append("\n\n")

    walk(root)
    paragraphs = (" ".join(p.split()) for p in "".join(parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def peer_one(path):
    from readability import Document  # Debian's python3-readability

    out = {"path": path, "published": None, "date_source": "n/a"}
    try:
        with open(path, "rb") as f:
            doc = Document(f.read())
        out["title"] = doc.short_title()
        out["body"] = html_to_text(doc.summary(html_partial=True))
    except Exception as e:  # the peer fails on some pages; it scores nothing there
        out["error"] = str(e)[:200]
    return out


def command_peer(args):
    import multiprocessing

    with multiprocessing.Pool(args.jobs) as pool:
        for result in pool.imap(peer_one, args.pages, chunksize=8):
            print(json.dumps(result, ensure_ascii=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    peer = sub.add_parser("peer", help="run readability-lxml on pages")
    peer.add_argument("pages", nargs="+")
    peer.add_argument("--jobs", type=int, default=os.cpu_count())
    score = sub.add_parser("score", help="print the figures")
    score.add_argument("--web-dev", required=True, help="folder with dates.jsonl, text.jsonl, body.jsonl")
    score.add_argument("--web-dev-pages", required=True, help="folder of the unpacked page-NNNN.html files")
    score.add_argument("--orangesum-truth", help="html-dev.truth.jsonl")
    score.add_argument("--system", action="append", required=True, help="NAME=results.jsonl")
    score.add_argument("--speed", action="append", default=[], help="NAME=seconds taken")
    args = parser.parse_args()
    command_peer(args) if args.command == "peer" else command_score(args)


if __name__ == "__main__":
    sys.exit(main())
