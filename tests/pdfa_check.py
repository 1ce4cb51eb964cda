#!/usr/bin/env python3
"""The ISO 19005-2/-3 (PDF/A-2b, -3b) clauses scs-pdf relies on, checked
with pikepdf: one line per violation, exit status 1 when there is any.

usage: pdfa_check.py PDF PART   (PART 2 or 3)

Checked (clause numbers of ISO 19005-2; -3 adds 6.8):
  6.1.2    header: %PDF-1.n and a comment line of four bytes > 127
  6.1.3    trailer /ID of two strings; no /Encrypt
  6.1.7.1  an EOL before every "endstream"
  6.2.2    one sRGB output intent /GTS_PDFA1 with an ICC profile (N 3)
  6.2.8    images: no /Interpolate true, /Alternates or /OPI
  6.2.10   ExtGState: no /TR, /TR2 other than /Default, /HTP; standard /BM
  6.2.11.4 every font but Type 3 embedded
  6.2.11.3.2 CIDFontType2: /CIDToGIDMap
  6.3.2    annotations: print flag set, hidden/invisible/noview not
  6.5.1    actions: only GoTo, GoToR, URI, Named and the like (no Launch,
           JavaScript, ...)
  6.6.2    catalog /Metadata, unfiltered XMP with pdfaid:part and
           conformance B; Info entries equal to their XMP properties
  6.8 (-3) the embedded file is an associated file: in the catalog's /AF,
           /AFRelationship, /F and /UF, /Subtype and /Params /ModDate
"""
import re
import sys

import pikepdf

STD_BLEND = {"/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken",
             "/Lighten", "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight",
             "/Difference", "/Exclusion", "/Hue", "/Saturation", "/Color", "/Luminosity"}
BAD_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript",
               "/Hide", "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}


def xmp_value(xmp, prop):
    m = re.search(r"<%s>(.*?)</%s>" % (prop, prop), xmp, re.S)
    if not m:
        return None
    v = m.group(1)
    li = re.search(r"<rdf:li[^>]*>(.*?)</rdf:li>", v, re.S)
    v = li.group(1) if li else v
    return v.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def pdf_date_to_xmp(d):
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\+(\d\d)'(\d\d)'", d)
    if not m:
        return None
    y, mo, da, h, mi, s, oh, om = m.groups()
    return "%s-%s-%sT%s:%s:%s+%s:%s" % (y, mo, da, h, mi, s, oh, om)


def check(path, part):
    bad = []
    raw = open(path, "rb").read()
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", raw):
        bad.append("6.1.2: header and binary comment")
    if re.search(rb"[^\r\n]endstream", raw):
        bad.append("6.1.7.1: endstream without an EOL before it")
    pdf = pikepdf.open(path)
    tr = pdf.trailer
    if "/Encrypt" in tr:
        bad.append("6.1.3: encrypted")
    ids = tr.get("/ID")
    if ids is None or len(ids) != 2:
        bad.append("6.1.3: trailer /ID")
    root = pdf.Root
    ois = root.get("/OutputIntents")
    if not ois or len(ois) < 1 or ois[0].get("/S") != "/GTS_PDFA1":
        bad.append("6.2.2: no /GTS_PDFA1 output intent")
    else:
        prof = ois[0].get("/DestOutputProfile")
        data = prof.read_bytes() if prof is not None else b""
        if prof is None or prof.get("/N") != 3 or data[36:40] != b"acsp" or data[16:20] != b"RGB ":
            bad.append("6.2.2: output intent profile is not an RGB ICC profile with /N 3")
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        d = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        sub, typ = d.get("/Subtype"), d.get("/Type")
        if sub == "/Image":
            if d.get("/Interpolate") is True or "/Alternates" in d or "/OPI" in d:
                bad.append("6.2.8: image %s interpolates or has alternates" % (obj.objgen,))
        if typ == "/ExtGState":
            if "/TR" in d or "/HTP" in d or ("/TR2" in d and d["/TR2"] != "/Default"):
                bad.append("6.2.10: ExtGState %s has a transfer function" % (obj.objgen,))
            bm = d.get("/BM")
            if bm is not None and str(bm) not in STD_BLEND:
                bad.append("6.2.10: blend mode %s" % bm)
        if typ == "/Font" and sub not in ("/Type3", "/Type0"):
            fd = d.get("/FontDescriptor")
            if fd is None or not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                bad.append("6.2.11.4: font %s not embedded" % d.get("/BaseFont"))
            if sub == "/CIDFontType2" and "/CIDToGIDMap" not in d:
                bad.append("6.2.11.3.2: %s lacks /CIDToGIDMap" % d.get("/BaseFont"))
        if typ == "/Annot" or (sub in ("/Link", "/Widget", "/Text") and "/Rect" in d):
            f = int(d.get("/F", 0))
            if not f & 4 or f & (1 | 2 | 32):
                bad.append("6.3.2: annotation %s flags %d" % (obj.objgen, f))
        if "/S" in d and typ in (None, "/Action") and d.get("/S") in BAD_ACTIONS:
            bad.append("6.5.1: action %s" % d.get("/S"))
    md = root.get("/Metadata")
    if md is None:
        bad.append("6.6.2: no XMP metadata")
        return bad
    if "/Filter" in md.stream_dict:
        bad.append("6.6.2.1: metadata stream filtered")
    xmp = md.read_bytes().decode("utf-8")
    if xmp_value(xmp, "pdfaid:part") != str(part) or xmp_value(xmp, "pdfaid:conformance") != "B":
        bad.append("6.6.4: pdfaid part %s conformance B missing" % part)
    info = tr.get("/Info", {})
    pairs = [("/Title", "dc:title"), ("/Author", "dc:creator"), ("/Subject", "dc:description"),
             ("/Keywords", "pdf:Keywords"), ("/Producer", "pdf:Producer"),
             ("/Creator", "xmp:CreatorTool")]
    for key, prop in pairs:
        if key in info and str(info[key]) != xmp_value(xmp, prop):
            bad.append("6.6.2.3.1: Info %s %r, XMP %s %r" % (key, str(info[key]), prop,
                                                             xmp_value(xmp, prop)))
    for key, prop in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if key in info and pdf_date_to_xmp(str(info[key])) != xmp_value(xmp, prop):
            bad.append("6.6.2.3.1: Info %s and XMP %s differ" % (key, prop))
    if part == 3:
        af = root.get("/AF")
        if not af or len(af) < 1:
            bad.append("6.8: no /AF in the catalog")
        else:
            fs = af[0]
            ef = fs.get("/EF", {}).get("/F")
            if "/AFRelationship" not in fs or "/F" not in fs or "/UF" not in fs:
                bad.append("6.8: file specification lacks /AFRelationship, /F or /UF")
            if ef is None or "/Subtype" not in ef or "/ModDate" not in ef.get("/Params", {}):
                bad.append("6.8: embedded file lacks /Subtype or /Params /ModDate")
    return bad


def main():
    path, part = sys.argv[1], int(sys.argv[2])
    bad = check(path, part)
    for b in bad:
        print("%s: %s" % (path, b))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
