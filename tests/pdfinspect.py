#!/usr/bin/env python3
"""pdfinspect.py — print the document structure of a PDF as JSON, for the
end-to-end tests: document info, catalog entries (Lang, MarkInfo, viewer
preferences), page sizes, link annotations with their targets, the outline,
page labels and a summary of the structure tree (tag counts, /Alt texts).

Standard library only. It reads classic cross-reference tables (with
incremental updates through /Prev), which is what cairo writes; it is a test
tool, not a general PDF parser.

usage: pdfinspect.py FILE.pdf
SPDX-License-Identifier: MIT
"""
import json
import re
import sys

WS = b" \t\r\n\f\0"
DELIM = b"()<>[]{}/%"


class Ref:
    def __init__(self, num, gen):
        self.num, self.gen = num, gen

    def __repr__(self):
        return "%d %d R" % (self.num, self.gen)


class Name(str):
    pass


class Parser:
    def __init__(self, data, pos=0):
        self.d, self.p = data, pos

    def ws(self):
        d = self.d
        while self.p < len(d):
            c = d[self.p:self.p + 1]
            if c in (b"",):
                break
            if c[0] in WS:
                self.p += 1
            elif c == b"%":
                while self.p < len(d) and d[self.p] not in b"\r\n":
                    self.p += 1
            else:
                break

    def value(self):
        self.ws()
        d, p = self.d, self.p
        c = d[p:p + 1]
        if d.startswith(b"<<", p):
            self.p += 2
            out = {}
            while True:
                self.ws()
                if d.startswith(b">>", self.p):
                    self.p += 2
                    return out
                k = self.value()
                out[str(k)] = self.value()
        if c == b"[":
            self.p += 1
            out = []
            while True:
                self.ws()
                if d[self.p:self.p + 1] == b"]":
                    self.p += 1
                    return out
                out.append(self.value())
        if c == b"/":
            m = re.compile(rb"/([^\s()<>\[\]{}/%]*)").match(d, p)
            self.p = m.end()
            raw = re.sub(rb"#([0-9a-fA-F]{2})", lambda x: bytes([int(x.group(1), 16)]), m.group(1))
            return Name(raw.decode("latin-1"))
        if c == b"(":
            return self.literal()
        if c == b"<":
            m = re.compile(rb"<([0-9a-fA-F\s]*)>").match(d, p)
            self.p = m.end()
            h = re.sub(rb"\s", b"", m.group(1))
            if len(h) % 2:
                h += b"0"
            return decode_text(bytes.fromhex(h.decode()))
        m = re.compile(rb"(\d+)\s+(\d+)\s+R(?![A-Za-z])").match(d, p)
        if m:
            self.p = m.end()
            return Ref(int(m.group(1)), int(m.group(2)))
        m = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)").match(d, p)
        if m:
            self.p = m.end()
            s = m.group(0)
            return float(s) if b"." in s else int(s)
        m = re.compile(rb"[A-Za-z]+").match(d, p)
        if m:
            self.p = m.end()
            w = m.group(0)
            return {b"true": True, b"false": False, b"null": None}.get(w, w.decode())
        raise ValueError("bad PDF syntax at %d: %r" % (p, d[p:p + 20]))

    def literal(self):
        d = self.d
        self.p += 1
        depth, out = 1, bytearray()
        esc = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
        while self.p < len(d):
            c = d[self.p]
            self.p += 1
            if c == 0x5C:  # backslash
                n = d[self.p]
                self.p += 1
                if n in esc:
                    out.append(esc[n])
                elif 0x30 <= n <= 0x37:
                    s = bytes([n])
                    while len(s) < 3 and 0x30 <= d[self.p] <= 0x37:
                        s += d[self.p:self.p + 1]
                        self.p += 1
                    out.append(int(s, 8) & 255)
                elif n in b"\r\n":
                    if n == 13 and d[self.p:self.p + 1] == b"\n":
                        self.p += 1
                else:
                    out.append(n)
            elif c == 0x28:
                depth += 1
                out.append(c)
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    break
                out.append(c)
            else:
                out.append(c)
        return decode_text(bytes(out))


def decode_text(b):
    if b.startswith(b"\xfe\xff"):
        return b[2:].decode("utf-16-be", "replace")
    return b.decode("latin-1")


class PDF:
    def __init__(self, data):
        self.d = data
        self.offsets = {}
        m = None
        for m in re.finditer(rb"startxref\s+(\d+)", data):
            pass
        if not m:
            raise ValueError("no startxref")
        pos = int(m.group(1))
        self.trailer = None
        self.revisions = 0
        while pos is not None:
            self.revisions += 1
            trailer = self.read_xref(pos)
            if self.trailer is None:
                self.trailer = trailer
            prev = trailer.get("Prev")
            pos = prev if isinstance(prev, int) else None

    def read_xref(self, pos):
        d = self.d
        if not d.startswith(b"xref", pos):
            raise ValueError("cross-reference streams are not supported")
        p = pos + 4
        while True:
            m = re.compile(rb"\s*(\d+)\s+(\d+)\s*\n").match(d, p)
            if not m:
                break
            first, count = int(m.group(1)), int(m.group(2))
            p = m.end()
            for i in range(count):
                ent = d[p:p + 20]
                p += 20
                off, kind = int(ent[:10]), ent[17:18]
                if kind == b"n" and first + i not in self.offsets:
                    self.offsets[first + i] = off
        m = re.compile(rb"\s*trailer\s*").match(d, p)
        return Parser(d, m.end()).value()

    def obj(self, ref):
        if isinstance(ref, Ref):
            off = self.offsets[ref.num]
            m = re.compile(rb"\d+\s+\d+\s+obj").match(self.d, off)
            return Parser(self.d, m.end()).value()
        return ref

    def get(self, d, key, default=None):
        v = d.get(key, default) if isinstance(d, dict) else default
        return self.obj(v)


def number_tree(pdf, node, out):
    node = pdf.obj(node)
    nums = node.get("Nums", [])
    for i in range(0, len(nums), 2):
        out.append((nums[i], pdf.obj(nums[i + 1])))
    for k in node.get("Kids", []):
        number_tree(pdf, k, out)


def name_tree(pdf, node, out):
    node = pdf.obj(node)
    names = node.get("Names", [])
    for i in range(0, len(names), 2):
        out[names[i]] = pdf.obj(names[i + 1])
    for k in node.get("Kids", []):
        name_tree(pdf, k, out)


def roman(n):
    out = ""
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                 (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out += s
            n -= v
    return out


def main():
    data = open(sys.argv[1], "rb").read()
    pdf = PDF(data)
    tr = pdf.trailer
    cat = pdf.obj(tr["Root"])
    info = pdf.obj(tr.get("Info")) or {}
    out = {"revisions": pdf.revisions, "info": {k: v for k, v in info.items()
                                               if isinstance(v, str)}}
    out["lang"] = pdf.get(cat, "Lang")
    out["marked"] = bool((pdf.get(cat, "MarkInfo") or {}).get("Marked"))
    vp = pdf.get(cat, "ViewerPreferences") or {}
    out["display_doc_title"] = bool(vp.get("DisplayDocTitle"))

    # pages in order
    pages = []

    def walk_pages(node):
        node = pdf.obj(node)
        if node.get("Type") == "Pages":
            for k in node["Kids"]:
                walk_pages(k)
        else:
            pages.append(node)

    page_refs = []

    def walk_refs(ref):
        node = pdf.obj(ref)
        if node.get("Type") == "Pages":
            for k in node["Kids"]:
                walk_refs(k)
        else:
            page_refs.append(ref.num)

    walk_pages(cat["Pages"])
    walk_refs(cat["Pages"])
    page_index = {num: i + 1 for i, num in enumerate(page_refs)}

    dests = {}
    names = pdf.get(cat, "Names")
    if names and "Dests" in names:
        name_tree(pdf, names["Dests"], dests)

    def dest_page(dest):
        dest = pdf.obj(dest)
        if isinstance(dest, str):
            dest = dests.get(dest)
            if isinstance(dest, dict):
                dest = dest.get("D")
        if isinstance(dest, list) and dest and isinstance(dest[0], Ref):
            y = dest[3] if len(dest) > 3 and isinstance(dest[3], (int, float)) else None
            return page_index.get(dest[0].num), y
        return None, None

    out["pages"] = []
    for i, pg in enumerate(pages):
        mb = pdf.obj(pg.get("MediaBox"))
        links = []
        for a in pdf.obj(pg.get("Annots")) or []:
            a = pdf.obj(a)
            if a.get("Subtype") != "Link":
                continue
            ln = {"rect": [round(float(v), 1) for v in a["Rect"]]}
            act = pdf.obj(a.get("A"))
            if act and act.get("S") == "URI":
                ln["uri"] = act["URI"]
            elif "Dest" in a:
                ln["page"], y = dest_page(a["Dest"])
                if y is not None:
                    ln["y"] = round(float(y), 1)
            elif act and act.get("S") == "GoTo":
                ln["page"], y = dest_page(act["D"])
            links.append(ln)
        out["pages"].append({"size": [round(float(mb[2] - mb[0]), 2), round(float(mb[3] - mb[1]), 2)],
                             "links": links})

    # outline
    def outline(node):
        items = []
        node = pdf.obj(node)
        ref = node.get("First")
        while ref is not None:
            it = pdf.obj(ref)
            ent = {"title": it.get("Title")}
            if "Dest" in it:
                ent["page"], _ = dest_page(it["Dest"])
            elif "A" in it:
                ent["page"], _ = dest_page(pdf.obj(it["A"]).get("D"))
            if "First" in it:
                ent["children"] = outline(it)
            items.append(ent)
            ref = it.get("Next")
        return items

    ol = cat.get("Outlines")
    out["outline"] = outline(ol) if ol else []

    # page labels
    labels = []
    if "PageLabels" in cat:
        ranges = []
        number_tree(pdf, cat["PageLabels"], ranges)
        ranges.sort(key=lambda r: r[0])
        for i in range(len(pages)):
            start, d = None, None
            for s, dd in ranges:
                if s <= i:
                    start, d = s, dd
            if d is None:
                labels.append(str(i + 1))
                continue
            n = d.get("St", 1) + i - start
            style = d.get("S")
            num = ""
            if style == "D":
                num = str(n)
            elif style == "r":
                num = roman(n)
            elif style == "R":
                num = roman(n).upper()
            labels.append((d.get("P") or "") + num)
    out["page_labels"] = labels

    # structure tree
    tags, alts = {}, []
    root = pdf.get(cat, "StructTreeRoot")
    order = []

    def walk_struct(k, depth):
        if depth > 200:
            return
        k = pdf.obj(k) if isinstance(k, Ref) else k
        if isinstance(k, list):
            for c in k:
                walk_struct(c, depth)
            return
        if not isinstance(k, dict) or k.get("Type") not in ("StructElem", None) or "S" not in k:
            return
        s = k["S"]
        tags[s] = tags.get(s, 0) + 1
        order.append(s)
        if s == "Figure":
            alts.append(k.get("Alt"))
        if "K" in k:
            walk_struct(k["K"], depth + 1)

    if root:
        walk_struct(root.get("K"), 0)
    out["struct"] = {"tags": tags, "figure_alts": alts, "order": order[:400]}
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
