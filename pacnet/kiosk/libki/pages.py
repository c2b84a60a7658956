"""Pages of a printed PDF, counted without a PDF library: the page objects are counted, in
the file and in its compressed object streams, within fixed bounds."""

from __future__ import annotations

import re
import zlib
from typing import BinaryIO

SCAN_MAX_BYTES = 32 * 1024 * 1024  # larger files count as one page (or the pages sent)
INFLATED_MAX_BYTES = 32 * 1024 * 1024  # all object streams together, once inflated
STREAMS_MAX = 2000

# A page object's type; `/Pages` (the page tree) and names like `/PageLabels` are not pages.
PAGE = re.compile(rb"/Type\s{0,8}/Page(?![A-Za-z0-9])")
OBJECT_STREAM = re.compile(rb"/Type\s{0,8}/ObjStm\b")
STREAM_START = re.compile(rb"stream\r?\n")


def _object_streams_pages(data: bytes) -> int:
    """Pages inside FlateDecode object streams (PDF 1.5 and later may keep them there)."""
    pages, budget = 0, INFLATED_MAX_BYTES
    for found, match in enumerate(OBJECT_STREAM.finditer(data)):
        if found >= STREAMS_MAX or budget <= 0:
            break
        start = STREAM_START.search(data, match.end(), match.end() + 4096)
        if start is None:
            continue
        end = data.find(b"endstream", start.end())
        if end < 0:
            continue
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[start.end() : end], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        pages += len(PAGE.findall(inflated))
    return pages


def pdf_pages(upload: BinaryIO, size: int) -> int:
    """The pages of the PDF in `upload`; 0 when it is not a PDF, too large or has no page."""
    if size > SCAN_MAX_BYTES:
        return 0
    data = upload.read(SCAN_MAX_BYTES + 1)
    if b"%PDF-" not in data[:1024]:
        return 0
    return len(PAGE.findall(data)) + _object_streams_pages(data)
