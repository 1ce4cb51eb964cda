#!/bin/sh
# Pathological inputs through the binary (issue 8), generated here: 10 000
# slides (and one more than MAX_SLIDES), 10 000-deep Markdown lists,
# blockquotes and HTML (closed and unclosed), a 1 MB line of text and one of
# inline markup, 100 000 CSS rules, a YAML alias bomb, a PNG header claiming
# 50 000 x 50 000, a grid of 100 000 tracks and 5 000 items spanning 64 x 64,
# SVGs that use themselves, include themselves and nest
# 10 000 deep, invalid UTF-8 and NUL bytes (in text, front matter and a
# style block), 1 MB of random bytes, TeX bombs (a \\def bomb, a
# recursive macro, 10 000-deep \\frac, \\sqrt and braces, 1 000 formulas);
# diagrams: a 5 000-node graph and one whose layout runs past its
# time budget, subgraphs nested 10 000 deep, 5 000-node mermaid flowcharts,
# 10 000-message sequence diagrams and a 20 000-bar tune;
# issue 16's bombs: inline-blocks
# nested 40 deep, a GFM table of 1 000 columns x 10 000 rows, `![`, `^[` and `![a](` repeated, a PNG whose IDAT inflates past its rows, WebPs whose
# header or frame count exceeds the pixel limit, a progressive JPEG of 5 000
# scans, SVGs that make librsvg run
# away or panic (drawn first in a sandbox: a placeholder and a warning),
# transforms cairo cannot draw (left out with a warning; the deck renders),
# a first heading longer than the old outline buffer (--handout), <ol
# start="2147483647">, 30 000 footnotes, a 640 KB line of emoji, 100 000
# attributes on one tag, --fragments with 1 000 fragments. Each must finish within 5 s (30 s when SCS_SANITIZED is
# true), 10 s of CPU and 1 GiB of peak RSS (measured by the kernel, wait4)
# with a PDF pdfinfo reads, or with a
# documented error status and a `file:line:col: error:` message; never a
# signal. A limit that is hit is named in a diagnostic, and nothing but the
# PDF is left in the output folder. Then SIGINT and SIGTERM during a render
# (one deck and -j 2) leave no file and end the program by that signal, the
# temporary file a SIGKILLed run left is removed by the next run, and
# an output folder that cannot be written gives status 6 and no file.
# Prints the time of each case.
# usage: pathological.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
PY=$(command -v python3 || true)
[ -n "$PY" ] || { echo "python3 missing: skipped"; exit 77; }
command -v pdfinfo >/dev/null || { echo "poppler-utils (pdfinfo) missing: skipped"; exit 77; }
[ -x "$BIN" ] || { echo "no binary $BIN"; exit 1; }
T=$(mktemp -d)
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
export XDG_CACHE_HOME="$T/cache"  # never the user's image cache
"$PY" - "$BIN" "$T" <<'PY'
import os, random, re, signal, struct, subprocess, sys, threading, time, zlib

BIN, T = sys.argv[1], sys.argv[2]
SANITIZED = os.environ.get("SCS_SANITIZED", "").upper() in ("1", "ON", "TRUE", "YES")
LIMIT = 30.0 if SANITIZED else 5.0     # seconds per case
CPU_LIMIT = 6 * LIMIT if SANITIZED else 10.0  # CPU seconds per case, all threads
MEM_LIMIT_MB = 1024                    # peak RSS per case (not under the sanitizers)
IN = os.path.join(T, "in")
os.makedirs(IN)
failures = []
rows = []


def write(name, data):
    with open(os.path.join(IN, name), "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)


# ---- the inputs ----------------------------------------------------------------

N = 10000
write("slides.md", "\n\n---\n\n".join("# Slide %d\n\ntext %d" % (i + 1, i + 1) for i in range(N)) + "\n")
write("slides-b.md", open(os.path.join(IN, "slides.md")).read())
write("slides-over.md", "\n\n---\n\n".join("# %d" % i for i in range(20001)) + "\n")
write("list.md", "- " * N + "deepest\n")
write("olist.md", "1. " * N + "deepest\n")
write("list-stairs.md", "".join("  " * i + "- item %d\n" % i for i in range(1000)))
write("quote.md", ">" * N + " deepest\n")
write("div.md", "<div>" * N + "deepest" + "</div>" * N + "\n")
write("div-unclosed.md", "<div>" * N + "deepest\n")
write("span-unclosed.md", "<span>" * N + "deepest\n")
write("line.md", "# Long\n\n" + ("word " * 209716)[:1 << 20] + "\n")
write("inline.md", "# Inline\n\n" + "*a* " * (1 << 18) + "\n")
write("grid.md", "<div style=\"display: grid; grid-template-columns: repeat(100000, 1fr) "
      "repeat(auto-fill, 5px)\">" + "<div style=\"grid-row: span 64; grid-column: -99999 / span 64\">x</div>"
      * 5000 + "</div>\n")
write("css.md", "<style>\n" + "".join(".c%d { color: #%06x }\n" % (i, i) for i in range(100000))
      + "</style>\n\n# Styled\n")
laughs = ["a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
for i in range(1, 9):
    p, c = chr(96 + i), chr(97 + i)
    laughs.append("%s: &%s [%s]" % (c, c, ", ".join(["*" + p] * 9)))
write("yaml.md", "---\n" + "\n".join(laughs) + "\ntitle: bomb\n---\n\n# Bomb\n")


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


write("huge.png", b"\x89PNG\r\n\x1a\n"
      + chunk(b"IHDR", struct.pack(">IIBBBBB", 50000, 50000, 8, 6, 0, 0, 0))
      + chunk(b"IDAT", zlib.compress(b"\0" * (1 + 4 * 50000)))
      + chunk(b"IEND", b""))
write("png.md", "# Huge PNG\n\n![](huge.png)\n\n<img src=\"huge.png\" width=\"100\">\n\n---\n\n"
      "<!-- .slide: data-background=\"huge.png\" -->\n# As background\n")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">'
write("use-cycle.svg", SVG + '<defs><g id="a"><use href="#b"/></g><g id="b"><use xlink:href="#a"/></g>'
      '<g id="c"><use href="#c"/></g></defs><use href="#a"/><use href="#c"/>'
      '<rect width="10" height="10"/></svg>\n')
write("self-image.svg", SVG + '<image href="self-image.svg" width="50" height="50"/>'
      '<image xlink:href="self-image.svg#x" width="50" height="50"/><rect width="10" height="10"/></svg>\n')
write("deep.svg", SVG + "<g>" * N + '<rect width="10" height="10"/>' + "</g>" * N + "</svg>\n")
write("svg.md", "".join("# %s\n\n![](%s)\n\n<img src=\"%s\">\n\n---\n\n"
                        "<!-- .slide: data-background=\"%s\" -->\n# background\n\n---\n\n" % (s, s, s, s)
                        for s in ("use-cycle.svg", "self-image.svg", "deep.svg")) + "# end\n")
write("utf8.md", b"---\ntitle: bad \xff\xfe \x00 title\x00\n---\n\n<style>\nh1 { color: red\x00; "
      b"font-family: \"\xc3\x28\" }\n.x\xff { color: blue }\n</style>\n\n# Caf\xe9 \x00 nul "
      b"\xed\xa0\x80 \xf4\x90\x80\x80\n\ntext \x00\x00 more \xc0\xaf *em\xff\x00*\n")
write("garbage.md", random.Random(8).randbytes(1 << 20))
BOMB = "".join("\\def\\%s{%s}" % (chr(98 + i), ("\\" + chr(97 + i)) * 4) for i in range(8))
write("math.md", "# Math bombs\n\n$\\def\\a{xx}" + BOMB + "\\i\\i\\i$\n\n"
      "$\\def\\r{\\r\\r}\\r$\n\n$" + "\\frac{1}{" * N + "$\n\n$"
      + "\\sqrt{\\left(" * N + "$\n\n$$" + "{" * N + "x" + "}" * N + "$$\n\n"
      + " ".join("$x_{%d}^2$" % i for i in range(1000)) + "\n")
# issue 16's bombs
co = zlib.compressobj(6)
idat = b"".join([co.compress(b"\0" * (1 << 24)) for _ in range(16)] + [co.flush()])  # 256 MiB
write("idat.png", b"\x89PNG\r\n\x1a\n"
      + chunk(b"IHDR", struct.pack(">IIBBBBB", 100, 100, 8, 2, 0, 0, 0))
      + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
for name, depth, interlace in (("idat16.png", 16, 0), ("idat-adam7.png", 8, 1)):
    write(name, b"\x89PNG\r\n\x1a\n"     # the ones libpng decodes: checked before it
          + chunk(b"IHDR", struct.pack(">IIBBBBB", 100, 100, depth, 2, 0, 0, interlace))
          + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def riff(body):
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


vp8l = b"\x2f" + struct.pack("<I", 16383 | 16383 << 14) + bytes(10000)   # 16384 x 16384
write("big.webp", riff(b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l))
vp8x = bytes([2, 0, 0, 0]) + (999).to_bytes(3, "little") * 2          # animated 1000 x 1000
write("anim.webp", riff(b"VP8X" + struct.pack("<I", 10) + vp8x
                        + b"".join(b"ANMF" + struct.pack("<I", 16) + bytes(16) for _ in range(300))))
write("brackets.md", "# ![ and ^[\n\n" + "![" * 160000 + "\n\n" + "^[" * 160000 + "\n\n"
      + "![a](" * 60000 + "\n")
write("table.md", "|" + "|".join("h%d" % i for i in range(1000)) + "|\n|" + "-|" * 1000 + "\n"
      + "x\n" * 10000)
B = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
write("turbulence.svg", B + '<filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="1000000"/>'
      '</filter><rect width="400" height="300" filter="url(#f)"/></svg>')
write("blurs.svg", B + "".join('<filter id="f%d"><feGaussianBlur stdDeviation="50"/></filter>'
                               '<rect width="400" height="300" filter="url(#f%d)"/>' % (i, i)
                               for i in range(200)) + "</svg>")
write("panics.svg", B + '<text y="20" font-size="1e9">x</text></svg>')
write("convolve.svg", B + '<filter id="f"><feConvolveMatrix order="40" kernelMatrix="'
      + " ".join(["1"] * 1600) + '"/></filter><rect width="400" height="300" filter="url(#f)"/></svg>')
write("bigtext.svg", B + '<text y="20">' + "word " * 400000 + "</text></svg>")
write("entities.svg", '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "' + "x" * 100 + '">'
      + "".join('<!ENTITY %s "%s">' % (chr(98 + i), ("&%s;" % chr(97 + i)) * 10) for i in range(6))
      + ']>' + B + '<text y="20">&g;</text></svg>')
for svg in ("turbulence", "blurs", "panics", "convolve", "bigtext", "entities"):
    write("svg-%s.md" % svg, "# %s\n\n![](%s.svg)\n" % (svg, svg))
write("transforms.md", "# Transforms\n\n" + "".join(
    '<div style="transform: %s">%s</div>\n\n' % (t, t) for t in (
        "scale(0)", "scale(1e6)", "matrix(1,2,2,4,0,0)", "rotate(1e300deg) translate(1e308px)"))
    + '<div style="transform: scale(100)"><div style="transform: scale(100)">'
      '<div style="transform: scale(100)">nested</div></div></div>\n\nstill drawn\n')
write("heading.md", "# " + "\u00e9" * 300 + "\n\n<ol start=\"2147483647\"><li>a</li><li>b</li>"
      "<li value=\"99999999999\">c</li><li>d</li></ol>\n\n2147483647. x\n2147483648. y\n")
write("footnotes.md", "# Notes\n\n" + "".join("a[^%d] " % i for i in range(30000)) + "\n\n"
      + "".join("[^%d]: n%d\n" % (i, i) for i in range(30000)))
write("emoji.md", "# Emoji\n\n" + "\U0001F600" * 160000 + "\n\n" + ":smile:" * 91000 + "\n")
# data-* attributes pass HedgeDoc's sanitizer, so they reach the HTML parser
write("attributes.md", "# Attributes\n\n<div " + " ".join("data-a%d=x" % i for i in range(100000))
      + ">x</div>\n")
write("fragments.md", "# Fragments\n\n" + "".join(
    "- item %d <!-- .element: class=\"fragment\" -->\n" % i for i in range(1000)))
write("scans.jpg", b"\xff\xd8" + b"\xff\xdb" + struct.pack(">H", 67) + b"\0" + bytes([1] * 64)
      + b"\xff\xc2" + struct.pack(">HBHHB", 11, 8, 16, 16, 1) + b"\x01\x11\x00"
      + b"".join(b"\xff\xc4" + struct.pack(">H", 20) + bytes([t, 1] + [0] * 15) + b"\0" for t in (0, 16))
      + (b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x01\x01\x00\x00") * 5000 + b"\xff\xd9")
write("rasters.md", "# Rasters\n\n![](idat.png)\n\n![](idat16.png)\n\n![](idat-adam7.png)\n\n![](big.webp)\n\n![](anim.webp)\n\n![](scans.jpg)\n\n"
      "![](big.webp)\n\n![](big.webp)\n\n![](big.webp)\n")
write("inline-blocks.md", "# Nested\n\n" + '<span style="display:inline-block">x ' * 40 + "deep"
      + "</span>" * 40 + "\n")
fence = lambda kind, body: "```%s\n%s\n```\n" % (kind, body)
write("dot-5000.md", "# Graph\n\n" + fence("graphviz", "digraph G {\n" + "".join(
    "n%d -> n%d;\n" % (i, (i * 7 + 1) % 5000) for i in range(5000)) + "}"))
rnd = random.Random(12)
write("dot-slow.md", "# Slow\n\n" + fence("graphviz", "digraph G {\n" + "".join(
    "n%d -> n%d;\n" % (rnd.randrange(990), rnd.randrange(990)) for i in range(3900)) + "}"))
write("dot-deep.md", "# Deep\n\n" + fence("graphviz", "digraph G {" + "subgraph { " * N + "a"
                                             + " }" * N + " }"))
write("mermaid-5000.md", "# Flow\n\n" + fence("mermaid", "graph TD\n" + "".join(
    "  n%d --> n%d\n" % (i, i + 1) for i in range(5000))))
write("mermaid-deep.md", "# Deep\n\n" + fence("mermaid", "graph TD\n" + "subgraph s\n" * 1000
                                                 + "a --> b\n" + "end\n" * 1000))
write("abc-long.md", "# Tune\n\n" + fence("abc", "X:1\nT:Long\nK:C\n" + "CDEF GABc|" * 20000))
write("sequence-10000.md", "# Sequence\n\n" + fence("sequence", "".join(
    "A->B: m%d\n" % i for i in range(N))))

# ---- the cases: deck, pages (None: any), diagnostics the limits must name ----------

CASES = [
    ("10 000 slides", "slides.md", N, []),
    ("20 001 slides (MAX_SLIDES)", "slides-over.md", "error", [r"more than 20000 slides"]),
    ("list 10 000 deep", "list.md", 1, [r"nested more than 256 deep"]),
    ("ordered list 10 000 deep", "olist.md", 1, [r"nested more than 256 deep"]),
    ("list 1 000 deep, indented", "list-stairs.md", 1, [r"nested more than 256 deep"]),
    ("blockquote 10 000 deep", "quote.md", 1, [r"nested more than 256 deep"]),
    ("<div> 10 000 deep", "div.md", 1, [r"nested more than 256 deep"]),
    ("<div> 10 000 deep, unclosed", "div-unclosed.md", 1, [r"nested more than 256 deep"]),
    ("<span> 10 000 deep, unclosed", "span-unclosed.md", 1, [r"nested more than 256 deep"]),
    ("1 MB line of text", "line.md", 1, []),
    ("1 MB line of *a*", "inline.md", 1, [r"more than 20000 elements on one slide"]),
    ("grid: 100 000 tracks, 5 000 items spanning 64x64", "grid.md", 1, []),
    ("100 000 CSS rules", "css.md", 1, [r"more than 50000 CSS rules"]),
    ("YAML alias bomb", "yaml.md", 1, [r"more than 10000 YAML nodes"]),
    ("PNG header 50 000 x 50 000", "png.md", 2,
     [r"png\.md:3:1: warning: .*too large \(50000\D50000 px; the limit is",
      r"png\.md:5:\d+: warning: .*too large", r"png\.md:9:1: warning: .*too large"]),
    ("SVG: <use> cycles, itself, 10 000 deep", "svg.md", 7, [r"deep\.svg.*[Ee]xcessive depth"]),
    ("invalid UTF-8 and NUL bytes", "utf8.md", 1,
     [r"utf8\.md:2:12: warning: invalid UTF-8 byte 0xff", r"utf8\.md:7:3: warning: invalid UTF-8",
      r"NUL bytes from here on"]),
    ("1 MB of random bytes", "garbage.md", None, [r"invalid UTF-8"]),
    ("TeX: \\def bomb, recursion, 10 000-deep \\frac, \\sqrt and braces", "math.md", 1,
     [r"math\.md:3:\d+: warning: math: .*macro", r"math\.md:5:\d+: warning: math: more than 10000",
      r"math: nested deeper than 64"]),
    ("inline-blocks 40 deep", "inline-blocks.md", 1, []),
    ("160 000 x ![, ^[ and ![a](", "brackets.md", None, []),
    ("GFM table 1 000 columns x 10 000 rows", "table.md", None,
     [r"table\.md:1:1: warning: a table has more than 100000 cells"]),
    ("SVG feTurbulence numOctaves=1e6", "svg-turbulence.md", 1,
     [r"turbulence\.svg': SVG not drawn: .*child process took more than"]),
    ("SVG with 200 blurs", "svg-blurs.md", 1, [r"blurs\.svg': SVG not drawn: .*took more than"]),
    ("SVG font-size=1e9 (librsvg panics)", "svg-panics.md", 1, [r"panics\.svg': SVG not drawn: .*crashed"]),
    ("SVG feConvolveMatrix order=40 (panics)", "svg-convolve.md", 1,
     [r"convolve\.svg': SVG not drawn: .*crashed"]),
    ("SVG with 2 MB of text", "svg-bigtext.md", 1, [r"bigtext\.svg': SVG not drawn"]),
    ("--safe: SVG panic, every picture tried", "svg-panics.md", 1,
     [r"panics\.svg': SVG not drawn: .*crashed"], ["--safe"]),
    ("SVG text of expanded entities", "svg-entities.md", 1, []),
    ("transforms scale(0), scale(1e6), singular, nested", "transforms.md", 1,
     [r"transforms\.md:\d+:\d+: warning: slide 1: [34] elements not drawn: a transform"]),
    ("600-byte heading in the outline, <ol start=2^31-1>", "heading.md", 1, [], ["--handout", "1"]),
    ("30 000 footnotes", "footnotes.md", None, []),
    ("640 KB line of emoji", "emoji.md", 1, []),
    ("100 000 HTML attributes", "attributes.md", 1,
     [r"attributes\.md:1:1: warning: a tag with more than 1000 attributes; the ones after"]),
    ("--fragments with 1 000 fragments", "fragments.md", 65,
     [r"fragments\.md:1:1: warning: slide 1: 1000 fragment steps; only the first 64"], ["--fragments"]),
    ("PNGs (8-bit, 16-bit, Adam7) inflating to 256 MiB, WebP bombs", "rasters.md", 1,
     [r"big\.webp': image too large \(16384\D16384 px", r"anim\.webp': animation too large \(300 frames",
      r"(?s)(PNG data inflates to more than its image's rows.*){3}", r"scans\.jpg': JPEG of 5000 scans"]),
    ("graphviz: 5 000 nodes", "dot-5000.md", 1,
     [r"dot-5000\.md:3:1: warning: graphviz: 5000 nodes and 5000 edges \(at most 1000"]),
    ("graphviz: layout past its budget", "dot-slow.md", 1,
     [r"dot-slow\.md:3:1: warning: graphviz: not drawn within 3000 ms"]),
    ("graphviz: subgraphs 10 000 deep", "dot-deep.md", 1, [r"dot-deep\.md:\d+:1: warning: graphviz: "]),
    ("mermaid: 5 000 nodes", "mermaid-5000.md", 1, [r"mermaid: more than 1000 nodes"]),
    ("mermaid: subgraphs 1 000 deep", "mermaid-deep.md", 1, [r"more than 64 nested subgraphs"]),
    ("sequence: 10 000 messages", "sequence-10000.md", 1, [r"sequence: more than 4000 messages"]),
    ("abc: 20 000 bars", "abc-long.md", 1, [r"abc-long\.md:3:1: warning: abc: "]),
]


def run(args, out_dir, timeout, usage=None):
    """Run the binary; returns (status or None on timeout, seconds, stderr).
    usage, a list, gets the CPU seconds and peak RSS in MiB of the process
    and of the children it waited for, as the kernel counted them."""
    t0 = time.monotonic()
    with open(os.path.join(T, "stderr"), "w+b") as ef:
        p = subprocess.Popen([BIN] + args, cwd=out_dir, stdout=subprocess.DEVNULL, stderr=ef)
        killed = []
        timer = threading.Timer(timeout, lambda: (killed.append(1), p.kill()))
        timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        ef.seek(0)
        err = ef.read().decode("utf-8", "replace")
    if usage is not None:
        usage[:] = [ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0]
    return (None if killed else p.returncode), time.monotonic() - t0, err


def pages(pdf):
    p = subprocess.run(["pdfinfo", pdf], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    m = re.search(r"^Pages:\s+(\d+)", p.stdout.decode("utf-8", "replace"), re.M)
    return int(m.group(1)) if p.returncode == 0 and m else None


def bad(name, why, err=""):
    failures.append(name)
    print("FAILED: %s: %s" % (name, why))
    if err:
        print("  " + "\n  ".join(err.strip().splitlines()[:8]))


for case in CASES:
    name, deck, want_pages, want_diags = case[:4]
    extra = case[4] if len(case) > 4 else []
    out_dir = os.path.join(T, "out-%d-%s" % (len(rows), deck[:-3]))
    os.makedirs(out_dir)
    usage = [0.0, 0.0]
    st, secs, err = run(["--offline"] + extra + [os.path.join(IN, deck), "-o", "deck.pdf"],
                        out_dir, 6 * LIMIT, usage)
    got = "-"
    if st is None:
        bad(name, "still running after %.0f s" % (6 * LIMIT))
    elif st < 0 or st >= 128:
        bad(name, "ended by signal %d" % (-st if st < 0 else st - 128), err)
    else:
        # wall time stretches with other work on the machine (CPU time,
        # checked next, does not)
        wall = LIMIT * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
        if secs > wall:
            bad(name, "took %.2f s (limit %.1f s)" % (secs, wall))
        if usage[0] > CPU_LIMIT:
            bad(name, "used %.2f s of CPU (limit %.0f s)" % (usage[0], CPU_LIMIT))
        if not SANITIZED and usage[1] > MEM_LIMIT_MB:
            bad(name, "peak RSS %.0f MiB (limit %d MiB)" % (usage[1], MEM_LIMIT_MB))
        if want_pages == "error" or st != 0:
            if not 2 <= st <= 8 or not re.search(r"^\S+:\d+:\d+: error: ", err, re.M):
                bad(name, "status %d without a file:line:col error" % st, err)
            if want_pages != "error":
                bad(name, "status %d, wanted a PDF" % st, err)
        else:
            n = pages(os.path.join(out_dir, "deck.pdf"))
            got = str(n)
            if n is None:
                bad(name, "no PDF that pdfinfo reads")
            elif want_pages is not None and n != want_pages:
                bad(name, "%d pages, wanted %d" % (n, want_pages))
        for d in want_diags:
            if not re.search(d, err, re.M):
                bad(name, "no diagnostic matching /%s/" % d, err)
    left = sorted(f for f in os.listdir(out_dir) if f != "deck.pdf")
    if left:
        bad(name, "left behind: %s" % " ".join(left))
    rows.append((name, "-" if st is None else str(st), "%.2f" % secs, got,
                 "%.2f" % usage[0], "%.0f" % usage[1]))


# ---- signals and unwritable output -----------------------------------------------

def interrupted(name, sig, args, n_outputs=1):
    """Start a render, send sig once it has been writing for 0.3 s (its
    temporary files, named as output.c names them, exist): it must end by
    that signal and leave the output folder empty."""
    out_dir = os.path.join(T, "sig-%d-%d" % (sig, len(rows)))
    os.makedirs(out_dir)
    t0 = time.monotonic()
    # signals the shell ignores in background jobs are ignored by scs-pdf
    # too: start it with the default actions
    p = subprocess.Popen([BIN] + args, cwd=out_dir, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE,
                         preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL)
                                             for s in (signal.SIGINT, signal.SIGTERM)])
    time.sleep(0.3)
    while (p.poll() is None and time.monotonic() - t0 < LIMIT and
           len([f for f in os.listdir(out_dir) if ".pdf.tmp-" in f]) < n_outputs):
        time.sleep(0.01)
    tmp = sorted(f for f in os.listdir(out_dir) if ".pdf.tmp-" in f)
    if len(tmp) < n_outputs:
        bad(name, "no temporary output after %.2f s: %s" % (time.monotonic() - t0,
                                                            " ".join(tmp)))
    p.send_signal(sig)
    try:
        _, err = p.communicate(timeout=6 * LIMIT)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
        bad(name, "still running after the signal")
    secs = time.monotonic() - t0
    err = err.decode("utf-8", "replace")
    if p.returncode != -sig:
        bad(name, "status %s, wanted death by signal %d" % (p.returncode, sig), err)
    left = sorted(os.listdir(out_dir))
    if left:
        bad(name, "left behind: %s" % " ".join(left))
    rows.append((name, "signal %d" % sig if p.returncode == -sig else str(p.returncode),
                 "%.2f" % secs, "-", "-", "-"))


slow = os.path.join(IN, "slides.md")
interrupted("SIGINT during a render", signal.SIGINT, [slow, "-o", "deck.pdf"])
interrupted("SIGTERM during a render", signal.SIGTERM, [slow, "-o", "deck.pdf"])
interrupted("SIGTERM during -j 2", signal.SIGTERM, ["-j", "2", "-O", ".", slow,
                                                     os.path.join(IN, "slides-b.md")], 2)


def stale_temps(name):
    """A run killed with SIGKILL leaves its temporary file; the next run into
    that folder removes it (once it is a minute old and no process holds
    its lock), but not one a live run holds."""
    out_dir = os.path.join(T, "stale")
    os.makedirs(out_dir)
    p = subprocess.Popen([BIN, slow, "-o", "deck.pdf"], cwd=out_dir, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    while p.poll() is None and time.monotonic() - t0 < 6 * LIMIT and \
            not [f for f in os.listdir(out_dir) if ".pdf.tmp-" in f]:
        time.sleep(0.01)
    p.kill()
    p.wait()
    left = [f for f in os.listdir(out_dir) if ".pdf.tmp-" in f]
    if not left:
        bad(name, "the killed run left no temporary file to test with")
    live = os.path.join(out_dir, "other.pdf.tmp-abcdef")
    import fcntl
    held = open(live, "w")
    fcntl.flock(held, fcntl.LOCK_EX)
    for f in os.listdir(out_dir):
        os.utime(os.path.join(out_dir, f), (time.time() - 120, time.time() - 120))
    st, secs, err = run([os.path.join(IN, "utf8.md"), "-q", "-o", "deck.pdf"], out_dir, 6 * LIMIT)
    now = sorted(os.listdir(out_dir))
    if now != ["deck.pdf", "other.pdf.tmp-abcdef"]:
        bad(name, "after the next run: %s" % " ".join(now))
    held.close()
    rows.append((name, str(st), "%.2f" % secs, "-", "-", "-"))


stale_temps("temporary file of a killed run")


def unwritable(name, out):
    """Status 6 and no new file, wherever the temporary file might go."""
    before = {d: set(os.listdir(d)) for d in (T, os.path.dirname(out)) if os.path.isdir(d)}
    st, secs, err = run([os.path.join(IN, "utf8.md"), "-q", "-o", out], T, 6 * LIMIT)
    if st != 6:
        bad(name, "status %s, wanted 6" % st, err)
    if not re.search(r"error: .*deck\.pdf", err):
        bad(name, "no error naming the output", err)
    for d, had in before.items():
        left = sorted(set(os.listdir(d)) - had)
        if left:
            bad(name, "left behind: %s" % " ".join(left))
    rows.append((name, str(st), "%.2f" % secs, "-", "-", "-"))


if os.geteuid() != 0:   # root writes anyway
    ro = os.path.join(T, "read-only")
    os.makedirs(ro)
    os.chmod(ro, 0o555)
    unwritable("read-only output folder", os.path.join(ro, "deck.pdf"))
not_dir = os.path.join(T, "not-a-folder")
open(not_dir, "w").close()
unwritable("output folder is a file", os.path.join(not_dir, "deck.pdf"))

w = max(len(r[0]) for r in rows)
print("%-*s  %-9s  %7s  %7s  %7s  %s" % (w, "case", "status", "seconds", "CPU s", "MiB", "pages"))
for r in rows:
    print("%-*s  %-9s  %7s  %7s  %7s  %s" % (w, r[0], r[1], r[2], r[4], r[5], r[3]))
print("%d cases, %d failed (limit %.0f s per case)" % (len(rows), len(failures), LIMIT))
sys.exit(1 if failures else 0)
PY
