"""The exceptions e7 raises on purpose.

Every one of them is a user-facing answer, not a crash: the CLI prints its message on one line and exits
with status 2 (bad input or usage). Anything else that escapes is an internal error (status 1).
"""

from __future__ import annotations

from collections.abc import Sequence


class E7Error(Exception):
    """Base class: a problem e7 can explain in one line."""


class InputError(E7Error):
    """A file, field or argument does not hold what was expected.

    The message always names where (file, field path) and what was expected, e.g.
    ``catalogue/2026-06-17.toml: codes[3].list_number: expected an integer, got 'x'``.
    A file with several problems gives them all: the first names the file and field on the first line, each
    further one (``more``: field, expected) follows on a line of its own in the same form.
    """

    def __init__(
        self, where: str, field: str | None, expected: str, more: Sequence[tuple[str | None, str]] = ()
    ) -> None:
        self.where = where
        self.field = None if field is None else _one_line(field)
        self.expected = expected
        self.more = tuple((None if f is None else _one_line(f), e) for f, e in more)
        super().__init__("\n".join(f"{where}: {f}: {e}" if f else f"{where}: {e}" for f, e in self.problems))

    @property
    def problems(self) -> tuple[tuple[str | None, str], ...]:
        """Every problem as (field, expected), the first one first."""
        return ((self.field, self.expected), *self.more)


def _one_line(text: str) -> str:
    """A field path as the user spelt it, with what would break the line or act on a terminal escaped (a key may
    hold U+0085 or U+2028, which end a line for ``str.splitlines``): one problem stays one line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class UnknownCode(E7Error):
    """A code that no snapshot of the catalogue has ever listed."""


class OutOfRange(E7Error):
    """A date outside what the data covers (before the first snapshot, for example)."""
