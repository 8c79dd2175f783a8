"""Machine-readable reasons: a code and its numbers. `presenting.py` turns them into sentences."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    code: str
    values: tuple[tuple[str, object], ...] = ()

    @property
    def data(self) -> dict[str, object]:
        return dict(self.values)


def reason(code: str, **values: object) -> Reason:
    return Reason(code, tuple(values.items()))
