"""Just enough PDF reading to check what text a WeasyPrint PDF shows, without a PDF library.

WeasyPrint writes text as glyph ids in hex strings inside TJ arrays, with one ToUnicode
CMap per embedded font. `pdf_texts` decodes every content stream once with each CMap; a
word set in one font reads right in the decoding with that font's map.
"""

import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
TEXT_ARRAY = re.compile(rb"\[(.*?)\]\s*TJ|<([0-9A-Fa-f]+)>\s*Tj", re.S)
HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for raw in STREAM.findall(pdf):
        try:
            out.append(zlib.decompress(raw))
        except zlib.error:
            out.append(raw)
    return out


def _cmaps(streams: list[bytes]) -> list[tuple[dict[str, str], int]]:
    cmaps = []
    for data in streams:
        if b"begincmap" not in data:
            continue
        mapping: dict[str, str] = {}
        width = 4
        for block in BFCHAR.findall(data):
            for source, target in PAIR.findall(block):
                width = len(source)
                mapping[source.decode().upper()] = bytes.fromhex(target.decode()).decode(
                    "utf-16-be", "replace"
                )
        for block in BFRANGE.findall(data):
            for low, high, target in RANGE.findall(block):
                width = len(low)
                start, end = int(low, 16), int(high, 16)
                first = int(target, 16)
                for offset in range(end - start + 1):
                    mapping[f"{start + offset:0{len(low)}X}"] = chr(first + offset)
        cmaps.append((mapping, width))
    return cmaps


def pdf_texts(pdf: bytes) -> list[str]:
    streams = _streams(pdf)
    cmaps = _cmaps(streams)
    contents = [data for data in streams if b"TJ" in data or b"Tj" in data]
    texts = []
    for mapping, width in cmaps:
        pieces = []
        for data in contents:
            for array, single in TEXT_ARRAY.findall(data):
                hexes = HEX.findall(array) if array else [single]
                glyphs = b"".join(hexes).decode().upper()
                pieces.append(
                    "".join(
                        mapping.get(glyphs[i : i + width], "\ufffd")
                        for i in range(0, len(glyphs), width)
                    )
                )
        texts.append(" ".join(pieces))
    return texts


def pdf_contains(pdf: bytes, text: str) -> bool:
    return any(text in decoded for decoded in pdf_texts(pdf))
