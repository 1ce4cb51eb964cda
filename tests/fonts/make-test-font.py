#!/usr/bin/python3
"""Make ScsTest.ttf, the fixed-advance font the layout goldens use (in the
spirit of the Ahem font): every printable ASCII glyph is a 1em-wide, 0.8em
tall box on the baseline; space is 1em wide and empty; ascent 0.8em, descent
0.2em, no line gap. So every width and position in a layout dump is an exact
multiple of the font size, on every machine.  Needs python3-fonttools."""
import sys
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

UPM = 1000
names = [".notdef", "space"] + ["g%02x" % c for c in range(0x21, 0x7f)]
cmap = {0x20: "space"}
cmap.update({c: "g%02x" % c for c in range(0x21, 0x7f)})

def box():
    pen = TTGlyphPen(None)
    pen.moveTo((0, 0)); pen.lineTo((0, 800)); pen.lineTo((UPM, 800)); pen.lineTo((UPM, 0))
    pen.closePath()
    return pen.glyph()

glyphs = {n: box() for n in names}
glyphs["space"] = TTGlyphPen(None).glyph()
fb = FontBuilder(UPM, isTTF=True)
fb.setupGlyphOrder(names)
fb.setupCharacterMap(cmap)
fb.setupGlyf(glyphs)
fb.setupHorizontalMetrics({n: (UPM, 0) for n in names})
fb.setupHorizontalHeader(ascent=800, descent=-200, lineGap=0)
fb.setupNameTable({"familyName": "ScsTest", "styleName": "Regular"})
fb.setupOS2(sTypoAscender=800, sTypoDescender=-200, sTypoLineGap=0,
            usWinAscent=800, usWinDescent=200, fsSelection=0x40)
fb.setupPost()
fb.save(sys.argv[1] if len(sys.argv) > 1 else "ScsTest.ttf")
