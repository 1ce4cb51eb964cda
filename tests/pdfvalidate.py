#!/usr/bin/env python3
"""Read PDFs as independent readers do; print one line per problem.

usage: pdfvalidate.py PDF...

For each PDF: pypdf in strict mode opens it and extracts every page's text,
pikepdf (qpdf) opens it, and the text pypdf, poppler (pdftotext), MuPDF
(mutool) and pdf.js (tests/pdfjs_text.js on Debian's libjs-pdf, in node)
extract must hold the same characters (white space, the order of lines,
ligatures and hyphens aside). Exit status 1 when any PDF has a problem.
"""
import collections
import os
import subprocess
import sys
import unicodedata

PDFJS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pdfjs_text.js")

import pikepdf
import pypdf


def chars(text):
    """The multiset of non-space characters: extractors differ in layout,
    poppler and MuPDF spell ligatures out (NFKC) and poppler joins words
    hyphenated at a line's end, so hyphens are not counted. Variation
    selectors (U+FE00..FE0F) choose a glyph, not a character: poppler keeps
    the one after "↩", MuPDF and pypdf drop it."""
    text = unicodedata.normalize("NFKC", text)
    return collections.Counter(c for c in text if not c.isspace() and c not in "-\u2010\u00ad"
                               and not "\ufe00" <= c <= "\ufe0f")


def run(cmd):
    """A reader's output; its own message when it fails."""
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (os.path.basename(cmd[0]), r.returncode,
                                                r.stderr.decode("utf-8", "replace").strip()[:500]))
    return r.stdout.decode("utf-8", "replace")


def diff(a, b):
    """A short description of how two multisets differ."""
    more, less = a - b, b - a
    return "%d more %r, %d fewer %r" % (sum(more.values()), "".join(sorted(more))[:40],
                                        sum(less.values()), "".join(sorted(less))[:40])


def check(path):
    problems = []
    try:
        r = pypdf.PdfReader(path, strict=True)
        pages = [p.extract_text() for p in r.pages]
        _ = r.metadata
    except Exception as e:   # noqa: BLE001 (any refusal is the finding)
        return ["pypdf strict: %s: %s" % (type(e).__name__, e)]
    try:
        with pikepdf.open(path) as p:
            if len(p.pages) != len(pages):
                problems.append("pikepdf: %d pages, pypdf %d" % (len(p.pages), len(pages)))
    except Exception as e:   # noqa: BLE001
        problems.append("pikepdf: %s" % e)
    try:
        pdfjs = run(["node", PDFJS, path]).split("\f")
        if len(pdfjs) != len(pages) + 1:
            problems.append("pdf.js: %d pages, pypdf %d" % (len(pdfjs) - 1, len(pages)))
    except RuntimeError as e:
        return problems + [str(e)]
    for i in range(len(pages)):
        n = str(i + 1)
        try:
            poppler = run(["pdftotext", "-f", n, "-l", n, "-enc", "UTF-8", path, "-"])
            mupdf = run(["mutool", "draw", "-q", "-F", "txt", "-o", "-", path, n])
        except RuntimeError as e:
            return problems + [str(e)]
        # poppler's own marks, not the file's: it wraps a right-to-left
        # run in U+202B ... U+202C (RLE ... PDF, and U+202A LRE for a
        # left-to-right one inside), which no other reader writes (an
        # Arabic word in tests/decks/readers.md)
        a = chars(poppler.translate({0x202A: None, 0x202B: None, 0x202C: None}))
        for name, text in (("MuPDF", mupdf), ("pypdf", pages[i]),
                           ("pdf.js", pdfjs[i] if i < len(pdfjs) else "")):
            b = chars(text)
            if a != b:
                problems.append("page %d: poppler and %s differ: %s" % (i + 1, name, diff(a, b)))
    return problems


def main():
    bad = 0
    for path in sys.argv[1:]:
        for p in check(path):
            print("%s: %s" % (path, p))
            bad = 1
    sys.exit(bad)


if __name__ == "__main__":
    main()
