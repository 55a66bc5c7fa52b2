#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare what tools/mm/vas-draw says with what it read.

  check.py guest LOG         the DRAW sections of a test boot's console log
                             (scripts/guest/vmsplit-draw), as root and nobody
  check.py fixture DIR JSON  vas-draw --json of fixture DIR against its files
  check.py sizes DIR TEXT    the sizes in the text drawing of fixture DIR
                             against its /proc/vmsplit's size column
  check.py svg FILE          FILE is well-formed and rsvg-convert renders it

Prints one "ok - ..." or "not ok - ..." line per check and exits 1 if any
failed.  The checks: the regions are /proc/vmsplit's, in its order and
nesting, with its bounds (null where the reader may not see them, but for
user space, which task_size bounds), exact sizes; the mappings are the
process's maps, top down, each inside the region that holds it; the nodes
and zones are /proc/vmsplit's physical section.
"""
import json
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

MAPPING_KINDS = {"heap", "stack", "vdso", "vvar", "vsyscall", "special", "file", "anon"}
results = []


def result(ok, what):
    results.append(ok)
    print(("ok" if ok else "not ok") + " - " + what)


def parse_vmsplit(text):
    """Header keys, regions (name, depth, start, end) and physical spans."""
    keys, regions, phys = {}, [], []
    part = 0
    for line in text.splitlines():
        if not line:
            part = min(part + 1, 2)
            continue
        if part == 1:
            m = re.match(r"([0-9a-f]+)-([0-9a-f]+) +~?[0-9.]+ (\S+)( *)(\S+)$", line)
            if not m:
                raise ValueError("bad region line: " + line)
            unit, pad = m.group(3), m.group(4)
            depth = (len(pad) - 1 - (3 - len(unit))) // 2
            regions.append((m.group(5), depth, int(m.group(1), 16), int(m.group(2), 16)))
        elif part == 2 and re.match(r"node \d+$", line):
            phys.append({"node": int(line[5:]), "zone": None})
        elif part == 2 and line.startswith("  zone "):
            phys.append({"node": phys[-1]["node"], "zone": line[7:]})
        else:
            m = re.match(r" *([a-z_]+): +(\S+)$", line)
            if m and part == 2 and phys:
                phys[-1][m.group(1)] = m.group(2)
            elif m:
                keys[m.group(1)] = m.group(2)
    return keys, regions, phys


def parse_maps(text):
    maps = []
    for line in text.splitlines():
        f = line.split(None, 5)
        if len(f) < 5:
            continue
        s, e = (int(x, 16) for x in f[0].split("-"))
        maps.append((s, e, f[1], f[5] if len(f) > 5 else ""))
    return maps


def compare(who, doc, vmsplit, maps_text):
    keys, regions, phys = parse_vmsplit(vmsplit)
    maps = parse_maps(maps_text)
    hidden = int(keys["page_offset"], 16) == 0
    task_size = int(keys["task_size"], 16)
    items = doc["items"]
    ok = lambda c, w: result(c, who + ": " + w)
    addr = lambda v: None if v is None else int(v, 16)

    ok(doc["hidden"] == hidden and doc["arch"] == keys["arch"] and
       doc["va_bits"] == int(keys["va_bits"]) and
       addr(doc["task_size"]) == task_size and
       addr(doc["page_offset"]) == (None if hidden else int(keys["page_offset"], 16)),
       "the header is /proc/vmsplit's (arch, va_bits, task_size, page_offset)")

    got = [(i["name"], i["depth"], addr(i["start"]), addr(i["end"]))
           for i in items if i["kind"] == "region"]
    want = []
    for name, depth, s, e in regions:
        if name == "user":
            s, e = 0, task_size
        elif hidden:
            s = e = None
        want.append((name, depth, s, e))
    ok(got == want, "the regions are /proc/vmsplit's, in order and nesting, "
       "with its bounds (%d regions)" % len(want))
    if got != want:
        for g, w in zip(got, want):
            if g != w:
                print("#   got %s, want %s" % (g, w))
                break

    # sizes: exact, and end - start where the bounds are shown
    bad = [i["name"] for i in items if i["start"] is not None and i["end"] is not None
           and (addr(i["end"]) - addr(i["start"])) % (1 << (4 * len(i["end"]))) != i["size"]]
    ok(not bad, "every size is end - start" + (" (not: %s)" % bad if bad else ""))

    got_maps = [(addr(i["start"]), addr(i["end"])) for i in items
                if i["kind"] in MAPPING_KINDS]
    want_maps = sorted(((s, e) for s, e, _, _ in maps), reverse=True)
    ok(got_maps == want_maps, "the mappings are the process's maps, top down (%d)"
       % len(want_maps))
    # each mapping inside the region (or the user space) drawn around it
    stack, inside = [], True
    for i in items:
        while stack and stack[-1][0] >= i["depth"]:
            stack.pop()
        if i["kind"] in MAPPING_KINDS and stack and stack[-1][1] is not None:
            ps, pe = stack[-1][1], stack[-1][2]
            inside &= ps <= addr(i["start"]) and addr(i["end"]) - 1 <= pe - 1
        stack.append((i["depth"], addr(i["start"]), addr(i["end"])))
    ok(inside, "every mapping lies in the box drawn around it")

    # under every box whose bounds the reader sees, and under the whole
    # address space, its children and the holes between them tile it, top
    # down, with no gap and no overlap (an end of 0 is the top)
    top = 1 << (4 * len(doc["task_size"]))
    end = lambda v: top if v == 0 else v
    root = {"name": "the address space", "start": 0, "end": top, "children": []}
    stack = [(-1, root)]
    for i in items:
        if i["kind"] == "split":
            continue
        while stack[-1][0] >= i["depth"]:
            stack.pop()
        node = {"name": i["name"], "start": addr(i["start"]),
                "end": None if i["end"] is None else end(addr(i["end"])), "children": []}
        stack[-1][1]["children"].append(node)
        stack.append((i["depth"], node))
    gaps = []
    def tile(node):
        ch = node["children"]
        for c in ch:
            tile(c)
        if not ch or node["start"] is None or any(c["start"] is None for c in ch):
            return
        cursor = node["end"]
        for c in ch:
            if c["end"] != cursor:
                gaps.append("%s: %x above %s, %x below" % (node["name"], cursor,
                                                           c["name"], c["end"]))
            cursor = c["start"]
        if cursor != node["start"]:
            gaps.append("%s: bottom %x, last child at %x" % (node["name"], node["start"],
                                                             cursor))
    tile(root)
    ok(not gaps, "boxes and holes tile every box the reader can place" +
       (" (not: %s)" % gaps[:3] if gaps else ""))

    gphys = [(p["node"], p["zone"], p["spanned"], p["present"],
              addr(p["pfn_start"]), addr(p["pfn_end"])) for p in doc["physical"]]
    wphys = []
    for p in phys:
        s, e = (int(x, 16) for x in p["pfn"].split("-"))
        wphys.append((p["node"], p["zone"], int(p["spanned_pages"]),
                      int(p["present_pages"]), None if hidden else s,
                      None if hidden else e))
    ok(gphys == wphys, "the nodes and zones are /proc/vmsplit's (%d)" % len(wphys))
    managed = [p.get("managed") for p in doc["physical"] if p["zone"]]
    want_managed = [None if hidden else int(p["managed_pages"]) for p in phys if p["zone"]]
    ok(managed == want_managed, "managed pages as /proc/vmsplit shows them")
    # each zone's physical, direct-map and struct page ranges
    def ranges(p):
        out = []
        for key in ("phys", "direct_map", "struct_pages"):
            v = p.get(key)
            if hidden or v is None or v == "-":
                out += [None, None]
            else:
                out += [int(x, 16) for x in v.split("-")]
        return out
    gr = [[addr(p.get(k)) for k in ("phys_start", "phys_end", "direct_map_start",
                                    "direct_map_end", "struct_pages_start",
                                    "struct_pages_end")]
          for p in doc["physical"] if p["zone"]]
    wr = [ranges(p) for p in phys if p["zone"]]
    ok(gr == wr, "each zone's physical, direct-map and struct page ranges as "
       "/proc/vmsplit shows them")


def sections(log, name, who):
    m = re.search(r"^### %s %s BEGIN\n(.*?)^### %s %s END$" % (name, who, name, who),
                  log, re.S | re.M)
    return m.group(1) if m else None


def check_svg(what, text):
    try:
        ET.fromstring(text)
        result(True, what + ": the SVG is well-formed XML")
    except ET.ParseError as e:
        result(False, what + ": the SVG is well-formed XML (%s)" % e)
        return
    with tempfile.NamedTemporaryFile(suffix=".png") as png:
        r = subprocess.run(["rsvg-convert", "-o", png.name], input=text.encode(),
                           capture_output=True)
        head = open(png.name, "rb").read(24)
    ok = r.returncode == 0 and head[:8] == b"\x89PNG\r\n\x1a\n"
    result(ok, what + ": rsvg-convert renders the SVG" + (
        " (%dx%d PNG)" % struct.unpack(">II", head[16:24]) if ok else
        " (%s)" % r.stderr.decode().strip()))


def guest(path):
    log = open(path, errors="replace").read().replace("\r", "")
    docs = {}
    for who in ("root", "nobody"):
        j, v, m = (sections(log, "DRAW" + s, who) for s in ("JSON", "VMSPLIT", "MAPS"))
        rc = re.search(r"^### DRAWJSON %s EXIT (\d+)" % who, log, re.M)
        result(j is not None and rc and rc.group(1) == "0",
               who + ": vas-draw --json runs in the guest")
        if j is None:
            continue
        try:
            doc = json.loads(j)
        except ValueError as e:
            result(False, who + ": the JSON parses (%s)" % e)
            continue
        docs[who] = doc
        compare(who, doc, v, m)
        rc = re.search(r"^### DRAWTEXT %s EXIT (\d+)" % who, log, re.M)
        result(rc and rc.group(1) == "0", who + ": the text drawing runs")
    if len(docs) == 2:
        sizes = [{i["name"]: i["size"] for i in docs[w]["items"] if i["kind"] == "region"}
                 for w in ("root", "nobody")]
        result(sizes[0] == sizes[1], "nobody: the regions have root's exact sizes")
    svg = sections(log, "DRAWSVG", "root")
    rc = re.search(r"^### DRAWSVG root EXIT (\d+)", log, re.M)
    result(svg is not None and rc and rc.group(1) == "0", "root: vas-draw --svg runs")
    if svg:
        check_svg("root", svg)


def sizes(root, text_path):
    """Each region's size in the text drawing is /proc/vmsplit's size column."""
    text = open(text_path).read()
    vmsplit = open(root + "/proc/vmsplit").read()
    bad, n = [], 0
    for line in vmsplit.split("\n\n")[1].splitlines():
        m = re.match(r"\S+ +(~?[0-9.]+) (\S+) +(\S+)$", line)
        if not m or m.group(3) == "user":
            continue
        n += 1
        if not re.search(r"\| %s  %s +\|" % (re.escape(m.group(3)),
                                              re.escape(m.group(1) + " " + m.group(2))), text):
            bad.append(m.group(3))
    result(n > 0 and not bad, "%s: every region's size is /proc/vmsplit's size column (%d%s)"
           % (root, n, ", not: %s" % bad if bad else ""))


def fixture(root, json_path):
    doc = json.load(open(json_path))
    compare(root, doc, open(root + "/proc/vmsplit").read(),
            open(root + "/proc/self/maps", errors="replace").read())


if __name__ == "__main__":
    try:
        if len(sys.argv) == 3 and sys.argv[1] == "guest":
            guest(sys.argv[2])
        elif len(sys.argv) == 4 and sys.argv[1] == "fixture":
            fixture(sys.argv[2], sys.argv[3])
        elif len(sys.argv) == 4 and sys.argv[1] == "sizes":
            sizes(sys.argv[2], sys.argv[3])
        elif len(sys.argv) == 3 and sys.argv[1] == "svg":
            check_svg(sys.argv[2], open(sys.argv[2]).read())
        else:
            sys.exit(__doc__)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as e:
        # what it read was not what it should be: that is a failure too
        result(False, "%s: cannot compare: %s: %s" % (sys.argv[-1], type(e).__name__, e))
    sys.exit(0 if all(results) and results else 1)
