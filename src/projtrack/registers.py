"""Small registers kept in the snapshot store beside ``manifest.json``.

- ``woniu.json`` — the 蜗牛 projects listed in each period, so that a project's second
  listing is known (first 通报批评, then 曝光)::

      {"version": 1, "periods": {"2024-09": ["key", …], …}}

  A project's appearances in a period = the recorded periods up to and including it
  whose list holds its key. Recording a period again replaces that period's list, so a
  re-run of the same period gives the same counts (idempotent per period).
- ``notices.json`` — the numbers of 督办单 (〔2024〕第N号)::

      {"version": 1, "last": {"2024": 7}, "issued": {"2024-09|responsible|县交通局": [2024, 5]}}

  The same period, grouping and unit always get the same number; new ones continue the
  year's sequence; a number is never given twice (not even after a unit's notice is
  no longer needed).

Both files are replaced atomically, and read-modify-written under the store's lock.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from projtrack.outputs import write_atomic
from projtrack.store import Store, StoreError
from projtrack.text import KEY_BRACKETS

WONIU_FILE = "woniu.json"
NOTICES_FILE = "notices.json"
VERSION = 1


def read_register(store: Store, name: str) -> dict[str, Any]:
    """A register's content (empty when the file does not exist); a damaged one stops."""
    path = store.root / name
    if not path.exists():
        return {"version": VERSION}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"{path}: the register cannot be read ({exc}); nothing was changed. Restore it "
            "from a backup: its numbers must never be given twice"
        ) from None
    return data


def _write(store: Store, name: str, data: dict[str, Any]) -> None:
    data["version"] = VERSION
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomic(store.root / name, text)


def woniu_appearances(
    store: Store | None, period: str, keys: list[str], *, record: bool, timeout: float = 300.0
) -> tuple[dict[str, int], list[str]]:
    """How many periods of ``period``'s year up to it list each key (this one included),
    and those periods (oldest first).

    With ``record`` (and a store), ``period``'s list becomes ``keys`` in ``woniu.json``.
    Without a store, every key counts once.
    """
    if store is None or not store.root.is_dir():
        return dict.fromkeys(keys, 1), [period]
    if record:
        with store.locked(timeout=timeout):
            data = read_register(store, WONIU_FILE)
            periods = _periods(data, store)
            periods[period] = sorted(set(keys))
            data["periods"] = periods
            _write(store, WONIU_FILE, data)
    else:
        periods = _periods(read_register(store, WONIU_FILE), store)
        periods[period] = sorted(set(keys))
    # A year's 蜗牛 listings are that year's: 通报批评 and 曝光 start again in January, as
    # the 督办单 numbers do.
    used = sorted(p for p in periods if p <= period and p[:4] == period[:4])
    # Keys recorded before the key left brackets out (康养小镇(一期)) still match.
    listed = {p: {re.sub(KEY_BRACKETS, "", k) for k in periods[p]} for p in used}
    return {k: sum(re.sub(KEY_BRACKETS, "", k) in listed[p] for p in used) for k in keys}, used


def _periods(data: dict[str, Any], store: Store) -> dict[str, list[str]]:
    periods = data.get("periods", {})
    if not isinstance(periods, dict) or not all(isinstance(v, list) for v in periods.values()):
        raise StoreError(f"{store.root / WONIU_FILE}: 'periods' must map periods to lists")
    return periods


def notice_numbers(
    store: Store,
    *,
    period: str,
    per: str,
    year: int,
    units: Iterable[str],
    record: bool,
    timeout: float = 300.0,
) -> dict[str, tuple[int, int, bool]]:
    """Each unit's (year, number, new) in ``units``' order: a number given before for the
    same period, grouping and unit is kept; the others continue ``year``'s sequence.

    With ``record`` the new numbers are written to ``notices.json`` (creating the store
    folder if needed); without it (a dry run) nothing is written.
    """
    if record:
        with store.locked(timeout=timeout):
            data = read_register(store, NOTICES_FILE)
            numbers = _assign(data, store, period, per, year, units)
            _write(store, NOTICES_FILE, data)
        return numbers
    data = read_register(store, NOTICES_FILE) if store.root.is_dir() else {}
    return _assign(data, store, period, per, year, units)


def _assign(
    data: dict[str, Any], store: Store, period: str, per: str, year: int, units: Iterable[str]
) -> dict[str, tuple[int, int, bool]]:
    issued = data.setdefault("issued", {})
    last = data.setdefault("last", {})
    if not isinstance(issued, dict) or not isinstance(last, dict):
        raise StoreError(f"{store.root / NOTICES_FILE}: 'issued' and 'last' must be objects")
    out: dict[str, tuple[int, int, bool]] = {}
    for unit in units:
        key = f"{period}|{per}|{unit}"
        if key in issued:
            y, n = issued[key]
            out[unit] = (int(y), int(n), False)
            continue
        # the next number after every number ever given in that year
        used = [int(n) for y, n in issued.values() if int(y) == year]
        n = max([int(last.get(str(year), 0)), *used]) + 1
        last[str(year)] = n
        issued[key] = [year, n]
        out[unit] = (year, n, True)
    return out
