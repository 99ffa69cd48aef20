#!/usr/bin/env python3
"""ReportLab side of `cargo bench --bench badges`.

Draws the badges exported by the benchmark (one JSON object per line: page size in mm and the
items of accredit's layout: rectangles, text spans with their font file, QR module rectangles,
JPEG photos) with ReportLab's canvas, embedding the same Noto fonts (subset, as ReportLab always
does for TrueType). Prints the seconds spent drawing and saving (interpreter start excluded).

usage: badges_reportlab.py BADGES.jsonl OUT.pdf FONT_DIR
"""
import json
import os
import sys
import time

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas


def main():
    src, out, font_dir = sys.argv[1:4]
    badges = [json.loads(line) for line in open(src, encoding="utf-8")]
    start = time.perf_counter()
    for f in os.listdir(font_dir):
        if f.endswith(".ttf"):
            pdfmetrics.registerFont(TTFont(f, os.path.join(font_dir, f)))
    c = canvas.Canvas(out)
    for b in badges:
        w, h = b["w"], b["h"]
        c.setPageSize((w * mm, h * mm))
        for it in b["items"]:
            t = it["t"]
            if t == "rect":
                c.setFillColorRGB(*[v / 255 for v in it["c"]])
                c.rect(it["x"] * mm, (h - it["y"] - it["h"]) * mm, it["w"] * mm, it["h"] * mm, stroke=0, fill=1)
            elif t == "text":
                c.setFillColorRGB(*[v / 255 for v in it["c"]])
                c.setFont(it["font"], it["size"])
                c.drawString(it["x"] * mm, (h - it["y"]) * mm, it["s"])
            elif t == "qr":
                c.setFillColorRGB(0, 0, 0)
                m = it["m"]
                x0, y0 = it["x"], it["y"]
                p = c.beginPath()
                for (x, y, rw, rh) in it["rects"]:
                    p.rect((x0 + x * m) * mm, (h - y0 - (y + rh) * m) * mm, rw * m * mm, rh * m * mm)
                c.drawPath(p, stroke=0, fill=1)
            elif t == "photo":
                c.drawImage(it["path"], it["x"] * mm, (h - it["y"] - it["h"]) * mm, it["w"] * mm, it["h"] * mm)
        c.showPage()
    c.save()
    print(f"{time.perf_counter() - start:.4f}")


if __name__ == "__main__":
    main()
