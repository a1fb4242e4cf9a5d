"""What the workbook reader (calamine, in Rust) says about a broken file, in a user's words.

A bureau user cannot act on ``calamine error: Xlsx error: Zip error: invalid Zip archive:
Could not find EOCD`` or ``memory allocation of 4294967296 bytes failed``; they can act on
"the file is damaged: open it in Excel or WPS and save it again". The table below turns
the reader's wording into that, once, where every error is printed (cli/errors.py); text
it does not know is kept, without the chain of library names in front.
"""

from __future__ import annotations

import re

RESAVE = "open it in Excel or WPS and save it again (文件 → 另存为)"
DETAIL = "{detail}"  # the reader's own words, without library names: where it stopped

# (pattern found in the reader's message, what to say instead), first match wins.
PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (r"memory allocation of \d+ bytes failed|capacity overflow|out of memory",
     "the file asks for more memory than any ledger needs: it is damaged or not a real "
     f"ledger; {RESAVE}"),
    (r"panicked at|PanicException|panic",
     f"the reader stopped on this file: it is damaged or written in a way Excel would not; "
     f"{RESAVE}"),
    (r"Zip error|EOCD|InvalidArchive|invalid Zip archive",
     "the file is damaged or incomplete (often a download or copy cut short): it is not a "
     f"whole .xlsx/.ods package; {RESAVE}"),
    (r"Xml error|XmlError|syntax error",
     "the file is damaged: the data inside the workbook is cut off or malformed "
     f"({DETAIL}); {RESAVE}"),
    (r"Worksheet '([^']*)' not found|File not found '([^']*)'",
     f"the workbook is incomplete: a part it lists is missing; {RESAVE}"),
    (r"Cfb error|Invalid sector|Invalid OLE|not an OLE|CFB",
     "this is not a readable Excel 97-2003 (.xls) file: it is damaged or another kind of "
     f"file renamed to .xls; {RESAVE}"),
    (r"Password protected|encrypted",
     "the workbook is encrypted (password-protected); open it in Excel, remove the password "
     "(文件 → 信息 → 保护工作簿) and save it again"),
)  # fmt: skip

# "calamine error: Xlsx error: Zip error: " — the chain of library names before the text.
_CHAIN = re.compile(r"(?:(?:calamine|Xlsx|Xlsb|Xls|Ods|Cfb|Zip|Xml|Vba|De|Io) error: )+")
_READER = re.compile(r"(cannot read the (?:workbook|sheet|file[^:]*)): (.*)$", re.S)


def plain_words(message: str) -> str:
    """``message`` with what the workbook reader said put in a user's words."""
    found = _READER.search(message)
    if found is None:
        return message
    said = found[2]
    detail = _CHAIN.sub("", said).strip()
    for pattern, words in PLAIN_WORDS:
        if re.search(pattern, said, re.I):
            return message[: found.start(2)] + words.replace(DETAIL, detail)
    return message[: found.start(2)] + detail
