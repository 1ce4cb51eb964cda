#!/bin/sh
# Pathological inputs through the binary (issue 8), generated here: 10 000
# slides (and one more than MAX_SLIDES), 10 000-deep Markdown lists,
# blockquotes and HTML (closed and unclosed), a 1 MB line of text and one of
# inline markup, 100 000 CSS rules, a YAML alias bomb, a PNG header claiming
# 50 000 x 50 000, a grid of 100 000 tracks and 5 000 items spanning 64 x 64,
# SVGs that use themselves, include themselves and nest
# 10 000 deep, invalid UTF-8 and NUL bytes (in text, front matter and a
# style block), 1 MB of random bytes, TeX bombs (a \\def bomb, a
# recursive macro, 10 000-deep \\frac, \\sqrt and braces, 1 000 formulas)
# and diagrams: a 5 000-node graph and one whose layout runs past its
# time budget, subgraphs nested 10 000 deep, 5 000-node mermaid flowcharts,
# 10 000-message sequence diagrams and a 20 000-bar tune. Each must finish
# within 5 s (30 s
# when SCS_SANITIZED is true) with a PDF pdfinfo reads, or with a
# documented error status and a `file:line:col: error:` message; never a
# signal. A limit that is hit is named in a diagnostic, and nothing but the
# PDF is left in the output folder. Then SIGINT and SIGTERM during a render
# (one deck and -j 2) leave no file and end the program by that signal, and
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
import os, random, re, signal, struct, subprocess, sys, time, zlib

BIN, T = sys.argv[1], sys.argv[2]
SANITIZED = os.environ.get("SCS_SANITIZED", "").upper() in ("1", "ON", "TRUE", "YES")
LIMIT = 30.0 if SANITIZED else 5.0     # seconds per case
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


def run(args, out_dir, timeout):
    """Run the binary; returns (status or None on timeout, seconds, stderr)."""
    t0 = time.monotonic()
    try:
        p = subprocess.run([BIN] + args, cwd=out_dir, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, time.monotonic() - t0, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        return None, time.monotonic() - t0, (e.stderr or b"").decode("utf-8", "replace")


def pages(pdf):
    p = subprocess.run(["pdfinfo", pdf], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    m = re.search(r"^Pages:\s+(\d+)", p.stdout.decode("utf-8", "replace"), re.M)
    return int(m.group(1)) if p.returncode == 0 and m else None


def bad(name, why, err=""):
    failures.append(name)
    print("FAILED: %s: %s" % (name, why))
    if err:
        print("  " + "\n  ".join(err.strip().splitlines()[:8]))


for name, deck, want_pages, want_diags in CASES:
    out_dir = os.path.join(T, "out-" + deck[:-3])
    os.makedirs(out_dir)
    st, secs, err = run(["--offline", os.path.join(IN, deck), "-o", "deck.pdf"], out_dir, 6 * LIMIT)
    got = "-"
    if st is None:
        bad(name, "still running after %.0f s" % (6 * LIMIT))
    elif st < 0 or st >= 128:
        bad(name, "ended by signal %d" % (-st if st < 0 else st - 128), err)
    else:
        if secs > LIMIT:
            bad(name, "took %.2f s (limit %.0f s)" % (secs, LIMIT))
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
    rows.append((name, "-" if st is None else str(st), "%.2f" % secs, got))


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
                 "%.2f" % secs, "-"))


slow = os.path.join(IN, "slides.md")
interrupted("SIGINT during a render", signal.SIGINT, [slow, "-o", "deck.pdf"])
interrupted("SIGTERM during a render", signal.SIGTERM, [slow, "-o", "deck.pdf"])
interrupted("SIGTERM during -j 2", signal.SIGTERM, ["-j", "2", "-O", ".", slow,
                                                     os.path.join(IN, "slides-b.md")], 2)


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
    rows.append((name, str(st), "%.2f" % secs, "-"))


if os.geteuid() != 0:   # root writes anyway
    ro = os.path.join(T, "read-only")
    os.makedirs(ro)
    os.chmod(ro, 0o555)
    unwritable("read-only output folder", os.path.join(ro, "deck.pdf"))
not_dir = os.path.join(T, "not-a-folder")
open(not_dir, "w").close()
unwritable("output folder is a file", os.path.join(not_dir, "deck.pdf"))

w = max(len(r[0]) for r in rows)
print("%-*s  %-9s  %7s  %s" % (w, "case", "status", "seconds", "pages"))
for r in rows:
    print("%-*s  %-9s  %7s  %s" % (w, r[0], r[1], r[2], r[3]))
print("%d cases, %d failed (limit %.0f s per case)" % (len(rows), len(failures), LIMIT))
sys.exit(1 if failures else 0)
PY
