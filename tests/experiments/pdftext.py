"""Just enough PDF reading to check what text a WeasyPrint PDF shows, without a PDF library.

WeasyPrint writes text as glyph ids in hex strings inside TJ arrays, with one ToUnicode
CMap per embedded font. `pdf_texts` decodes every content stream once with each CMap; a
word set in one font reads right in the decoding with that font's map.
"""

import re
import zlib

STREAM_START = re.compile(rb"<<((?:(?!<<|>>).)*)>>\s*stream\r?\n", re.S)
DIRECT_LENGTH = re.compile(rb"/Length (\d+)(?!\s+\d+\s+R)")
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
TEXT_ARRAY = re.compile(rb"\[(.*?)\]\s*TJ|<([0-9A-Fa-f]+)>\s*Tj", re.S)
HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _stream_data(pdf: bytes) -> list[bytes]:
    """Each stream's bytes, cut by its dictionary's /Length: compressed data may itself hold
    «endstream» or end in a carriage return, which a search for the end marker would misread."""
    out = []
    for match in STREAM_START.finditer(pdf):
        length = DIRECT_LENGTH.search(match.group(1))
        if length is None:  # an indirect length: fall back to the end marker
            end = pdf.find(b"endstream", match.end())
            out.append(pdf[match.end() : end].rstrip(b"\r\n"))
        else:
            out.append(pdf[match.end() : match.end() + int(length.group(1))])
    return out


def _streams(pdf: bytes) -> list[bytes]:
    out = []
    for raw in _stream_data(pdf):
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
