"""What a reading library raised, said in the user's terms.

calamine's messages name the library and its internals (``calamine error: Xlsx error:
Zip error: invalid Zip archive: Could not find EOCD``), and a Rust panic carries its
source location. The user needs to know that the file is damaged and what to do.
"""

from __future__ import annotations

import re

RESAVE = "ask for the file again, or open it in Excel/WPS, save it as .xlsx and retry"
_PREFIX = re.compile(r"(?i)\b(?:calamine|xlsx|xls|xlsb|ods|xml|zip|io) error:\s*")
_DAMAGED = re.compile(
    r"(?i)zip|eocd|deflate|checksum|file header|unexpected eof|truncat|xml|encoding|expecting"
    r"|shared strings|row component|range is missing"
)


def plain_reason(exc: BaseException) -> str:
    """One short line: why the file (or sheet) cannot be read, and what to do."""
    raw = str(exc).strip()
    if type(exc).__name__ == "PanicException" or "panicked" in raw:
        return "the file is damaged or has a structure the reader cannot handle; " + RESAVE
    if isinstance(exc, MemoryError):
        return "the file needs more memory than this computer has; " + RESAVE
    text = _PREFIX.sub("", raw.splitlines()[0] if raw else type(exc).__name__)[:160]
    if _DAMAGED.search(raw):
        return f"the file is damaged or incomplete ({text}); " + RESAVE
    return text
