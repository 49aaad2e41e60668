"""Write data back as TOML that reads like the hand-written files: tables in order, one key a line.

Used for snapshots, changelog entries and the index, so that what e7 writes diffs cleanly in review.
Keys whose value is ``None`` are left out (TOML has no null).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

# what TOML cannot hold raw in a basic string or a comment (control characters but tab: U+0000-U+001F, U+007F),
# and C1 controls (U+0080-U+009F), which TOML allows but no reader can see; written as \uXXXX escapes
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _string(value: str) -> str:
    # JSON escapes are valid TOML basic-string escapes; JSON leaves DEL and C1 raw
    return _UNPRINTABLE.sub(_escape, json.dumps(value, ensure_ascii=False))


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:_}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _string(value)
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items() if v is not None) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return _scalar(value)


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else _string(key)


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        items = [_inline(v) for v in value]
        one_line = "[" + ", ".join(items) + "]"
        if len(one_line) <= 100:
            return one_line
        return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
    if isinstance(value, dict):
        return _inline(value)
    return _scalar(value)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(v, dict) for v in value)


def _emit(table: dict[str, Any], path: str, out: list[str], inline_keys: frozenset[str]) -> None:
    for key, value in table.items():
        if value is None or (isinstance(value, dict) and key not in inline_keys) or _is_table_list(value):
            continue
        out.append(f"{_key(key)} = {_value(value)}")
    for key, value in table.items():
        if isinstance(value, dict) and key not in inline_keys:
            name = f"{path}.{_key(key)}" if path else _key(key)
            out.append("")
            out.append(f"[{name}]")
            _emit(value, name, out, inline_keys)
    for key, value in table.items():
        if _is_table_list(value):
            name = f"{path}.{_key(key)}" if path else _key(key)
            for item in value:
                out.append("")
                out.append(f"[[{name}]]")
                _emit(item, name, out, inline_keys)


def dumps(data: dict[str, Any], header: str = "", inline_keys: frozenset[str] = frozenset()) -> str:
    """TOML text for ``data``; ``header`` lines become comments at the top."""
    # a comment may hold no control character but tab: the header's (it quotes titles) are written as escapes
    out: list[str] = [f"# {_UNPRINTABLE.sub(_escape, line)}".rstrip() for line in header.split("\n")]
    _emit(data, "", out, inline_keys)
    text = "\n".join(out).strip("\n") + "\n"
    return text
