"""Text ledgers (CSV, TSV, Excel's and WPS's "Unicode text"): encoding, delimiter, rows.

Excel and WPS save text as UTF-8 (with or without a BOM), as the system code page (GBK /
GB18030, Big5), or as "Unicode text": UTF-16 LE with a BOM, tab-separated; some tools
write UTF-16 without a BOM, or a UTF-8 BOM followed by GBK bytes. The encoding is found by
BOM, then strict UTF-8, then charset-normalizer (a maintained detector, not a fixed list),
preferring a Chinese reading when several are plausible (a ledger is Chinese text).

A row whose field count differs from the header's is never dropped without a word: a row
written with another delimiter is split by it when that gives exactly the header's fields
(a ``csv_row_delimiter`` note); any other misfit is a ``csv_row_fields`` finding, and a
row that cannot be placed is left out with the amounts it holds named.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from projtrack.errors import Finding
from projtrack.read.labels import NOTE_LABEL
from projtrack.text import normalize_text

DELIMITERS = (",", "\t", ";", "|")
HEAD_RECORDS = 60
SAMPLE_BYTES = 256 * 1024
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGIT = re.compile(r"\d")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# The csv module refuses a field over 128 KiB ("field larger than field limit"); a 备注 or
# 问题 cell pasted from a report can be longer, and the file size is bounded by the read
# limits anyway. 2**31-1 fits a C long on every platform (sys.maxsize does not on Windows).
csv.field_size_limit(2**31 - 1)


def decode_text(data: bytes, *, partial: bool = False) -> tuple[str, str] | None:
    """``(text, how it was decoded)``, or None when the bytes are not text.

    ``partial``: ``data`` is the head of a file, possibly cut inside a character.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if encoding != "utf-8":
                return _utf16(body, encoding, partial), f"{encoding.upper()} (BOM)"
            text = _strict(body, "utf-8", partial)
            if text is not None:
                return text, "UTF-8 (BOM)"
            found = _detect(body)  # a UTF-8 BOM over GBK bytes
            return (found[0], f"UTF-8 BOM + {found[1]}") if found else None
    sample = data[:4000]
    if max(sample[0::2].count(0), sample[1::2].count(0)) * 10 > len(sample) // 2:
        # Zero bytes on one side of the pairs: UTF-16 (digits, tabs and line ends are ASCII).
        return _utf16_without_bom(data, partial)
    text = _strict(data, "utf-8", partial)
    if text is not None:
        return text, "UTF-8"
    return _detect(data)


def _strict(data: bytes, encoding: str, partial: bool) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if partial and exc.start > len(data) - 4:
            return data[: exc.start].decode(encoding)
        return None


def _utf16(body: bytes, encoding: str, partial: bool) -> str:
    if partial and len(body) % 2:
        body = body[:-1]
    return body.decode(encoding, errors="replace")


def _utf16_without_bom(data: bytes, partial: bool) -> tuple[str, str] | None:
    """UTF-16 without a BOM: ASCII characters leave a zero byte on one side of each pair."""
    sample = data[:4000]
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    encoding = "utf-16-le" if odd >= even else "utf-16-be"
    text = _utf16(data, encoding, partial)
    if _CONTROL.search(text[:2000]):
        return None
    return text, f"{encoding.upper()} (no BOM)"


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's reading, the first Chinese one among its plausible readings.

    A large file is detected on its first 256 KiB (cut at a line end) and then decoded
    whole with that encoding; only if that fails is the whole file given to the detector.
    """
    if len(data) > SAMPLE_BYTES:
        cut = data.rfind(b"\n", 0, SAMPLE_BYTES) + 1 or SAMPLE_BYTES
        found = _detect_all(data[:cut])
        if found is not None:
            try:
                return data.decode(found[1]), found[1]
            except (UnicodeDecodeError, LookupError):
                pass
    return _detect_all(data)


def _detect_all(data: bytes) -> tuple[str, str] | None:
    import charset_normalizer

    results = list(charset_normalizer.from_bytes(data))
    if not results:
        return None
    ordered = sorted(results, key=lambda r: r.language != "Chinese")  # stable: detector's order
    for match in ordered:
        text = str(match)
        if not _CONTROL.search(text[:2000]):
            return text, match.encoding.upper().replace("_", "-")
    return None


def looks_like_text(head: bytes) -> bool:
    """True when the first bytes of a file decode as text (any encoding the reader takes)."""
    found = decode_text(head, partial=True)
    return found is not None and not _CONTROL.search(found[0])


def pick_delimiter(text: str) -> str:
    """The delimiter that splits most of the first records into the same number of fields."""
    lines = [line for line in text.splitlines()[:HEAD_RECORDS] if line.strip()]
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        common = Counter(c for c in counts if c >= 2).most_common(1)
        score = common[0][1] if common else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def header_width(records: list[list[str]]) -> int:
    """The field count of the header: the commonest count among the first multi-field records."""
    counts = Counter(len(r) for r in records[:HEAD_RECORDS] if len(r) >= 2)
    if not counts:
        return max((len(r) for r in records), default=0)
    top = max(counts.values())
    return max(c for c, n in counts.items() if n == top)


def fits(text: str, delimiter: str) -> bool:
    """Cheap test that every record below the header has the header's field count.

    Without quotes a record is a line, and its fields are its delimiters + 1. A quoted
    field (``"资金不足,融资困难"``, a line break inside) is first replaced by a mark with no
    delimiter in it, so that the test holds for it too; a quote anywhere else, or a record
    that is one quoted field, answers False (the csv module then reads every record).
    """
    if text.count("\r") != text.count("\r\n"):
        return False  # a bare carriage return ends a record for the csv module, not for Polars
    if '"' in text:
        unquoted = _without_quoted_fields(text, delimiter)
        if unquoted is None:
            return False
        text = unquoted
    lines = [line for line in text.splitlines() if line.strip()]
    counts = [line.count(delimiter) + 1 for line in lines]
    width = header_width([[""] * c for c in counts[:HEAD_RECORDS]])
    first = next((i for i, c in enumerate(counts) if c == width), 0)
    if any(c > width for c in counts[:first]):
        return False  # a wider record above the header guessed (",,,," rows below it): unsure
    others = [d for d in DELIMITERS if d != delimiter]
    return all(
        c == width or (c == 1 and not any(d in line for d in others))  # a note line
        for c, line in zip(counts[first:], lines[first:], strict=True)
    )


_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_MARK = "\ue000"  # a private-use character stands for a quoted field


def _without_quoted_fields(text: str, delimiter: str) -> str | None:
    """``text`` with each quoted field replaced by one mark, or None when unsure.

    A quoted field starts right after a delimiter or a line end and closes with a quote
    right before one, as the csv module reads it; any other quote (``5"寸``, a field
    quoted halfway, an unclosed quote) or a mark already in the text gives None.
    """
    if _MARK in text:
        return None
    ends = (delimiter, "\n", "\r")
    pieces: list[str] = []
    last = 0
    for match in _QUOTED.finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else "\n"
        after = text[end] if end < len(text) else "\n"
        if before not in ends or after not in ends:
            return None
        if before in "\r\n" and after in "\r\n":
            return None  # a record that is one quoted field: a note or a misfit, as csv reads it
        pieces += [text[last:start], _MARK]
        last = end
    pieces.append(text[last:])
    out = "".join(pieces)
    return None if '"' in out else out


def fit_records(
    text: str, delimiter: str, sheet: str
) -> tuple[list[list[str]], list[Finding]] | None:
    """Records fitted to the header's width with a finding for each misfit; None if all fit."""
    if fits(text, delimiter):
        return None
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = header_width(records)
    start = next((i for i, r in enumerate(records) if len(r) == width), 0)
    findings: list[Finding] = []
    out: list[list[str]] = []
    stray = _stray_delimiters(records[start + 1 :], width)
    for index, record in enumerate(records):
        row = index + 1
        if stray and len(record) > width and not any(c.strip() for c in record[width:]):
            record = record[:width]  # trailing empty fields (a stray delimiter at the end)
        if index <= start or len(record) == width or not any(c.strip() for c in record):
            out.append(record)
            continue
        raw = delimiter.join(record)
        split = _resplit(raw, delimiter, width)
        if split is not None:
            out.append(split[1])
            used, other = repr(split[0]), repr(delimiter)
            text = f"此行用 {used} 分隔（其他行用 {other}），已按 {used} 拆分"
            findings.append(Finding(sheet, row, None, "csv_row_delimiter", text, "info"))
            continue
        if len(record) == 1 and (
            not any(d in record[0] for d in (*DELIMITERS, "\n")) or not _DIGIT.search(record[0])
        ):
            out.append(record)  # a note line (注:…, 填报人:…): one cell, as in a sheet
            continue
        if _signature(record):
            out.append(record)  # 填报人：…,,审核人：…,,联系电话：…: notes, as in a sheet
            continue
        pieces = [p for line in raw.splitlines() for p in max(
            (_split(line, d) for d in DELIMITERS), key=len)]  # fmt: skip
        amounts = [c.strip() for c in pieces if _NUMBER.match(c.strip())]
        money = f"，其中的数字 {'、'.join(amounts)} 未计入" if amounts else ""
        if 2 <= len(record) < width:
            out.append(record)
            findings.append(
                Finding(sheet, row, None, "csv_row_fields",
                        f"此行有{len(record)}个字段，表头有{width}个；缺少的字段按空值读入，"
                        "请核对此行各列是否错位")
            )  # fmt: skip
            continue
        out.append([])
        findings.append(
            Finding(sheet, row, None, "csv_row_fields",
                    f"此行有{len(record)}个字段，表头有{width}个，无法对齐到各列，整行未读入{money}")
        )  # fmt: skip
    return out, findings


def _signature(record: list[str]) -> bool:
    """A record whose every filled field is a signature or footnote (填报人：…, 审核人：…,
    联系电话：…): the ledger's closing line, spread over a few fields as a sheet spreads it
    over cells; its field count is no sign of a misaligned row."""
    filled = [normalize_text(c).strip() for c in record if c.strip()]
    return bool(filled) and all(re.search(NOTE_LABEL, c) for c in filled)


def _stray_delimiters(records: list[list[str]], width: int) -> bool:
    """Whether the records end in a stray delimiter as a habit (half of them or more): then
    their empty fields past the header's width are nothing. One row alone so (1,234.5
    unquoted, its last column empty) is a row whose fields moved: not cut to fit."""
    data = [r for r in records if any(c.strip() for c in r)]
    over = sum(len(r) > width and not any(c.strip() for c in r[width:]) for r in data)
    return over >= 2 and over * 2 >= len(data)


def _split(raw: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter), [])


def _resplit(raw: str, used: str, width: int) -> tuple[str, list[str]] | None:
    for delimiter in DELIMITERS:
        if delimiter != used:
            fields = _split(raw, delimiter)
            if len(fields) == width:
                return delimiter, fields
    return None
