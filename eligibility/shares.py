"""Dependants' shares of a survivors' pension (Nforce decision 8). Pure: no ORM, no clock.

Dependants are taken in the order given within each relation: list children eldest first. The
order decides only who receives a spare sen when two dropped fractions are equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import groupby

from .money import round_half_up
from .parameters import Parameters
from .reasons import Reason, reason


class Relation(StrEnum):
    WIDOW = "widow"
    WIDOWER = "widower"
    CHILD = "child"
    PARENT = "parent"


SPOUSES = frozenset({Relation.WIDOW, Relation.WIDOWER})
# Also decision 8's order on a tie for a spare sen: widow(er)s, then children, then parents.
_DISPLAY_ORDER = {Relation.WIDOW: 0, Relation.WIDOWER: 0, Relation.CHILD: 1, Relation.PARENT: 2}


@dataclass(frozen=True)
class Share:
    relation: Relation
    fraction: Fraction  # of the full rate, after any pro-rata reduction
    monthly_sen: int


def dependants_shares(
    *, full_rate_sen: int, dependants: Iterable[Relation], parameters: Parameters
) -> tuple[tuple[Share, ...], tuple[Reason, ...]]:
    """Each dependant's monthly share, with the reasons that fixed it."""
    ordered = sorted(dependants, key=_DISPLAY_ORDER.__getitem__)  # stable: keeps the order given
    if not ordered:
        return (), (reason("no_dependants"),)
    fractions, reasons = _statutory_fractions(ordered, parameters)
    total = sum(fractions, Fraction(0))
    reduced = total > 1
    if reduced:
        fractions = [fraction / total for fraction in fractions]
        reasons.append(reason("shares_pro_rata", total=_text(total)))
    groups = [list(range(len(ordered)))] if reduced else _groups(ordered)
    exact = [fraction * full_rate_sen for fraction in fractions]
    amounts, spare = _apportion(exact, groups)
    shares = tuple(
        Share(relation, fraction, amount)
        for relation, fraction, amount in zip(ordered, fractions, amounts, strict=True)
    )
    if spare:
        reasons.append(
            reason("shares_rounded", spare=spare, total_sen=sum(amounts), full_rate_sen=full_rate_sen)
        )
    return shares, tuple(reasons)


def _groups(ordered: list[Relation]) -> list[list[int]]:
    """Those who share one statutory portion: the widow(er)s, the children, the parents."""
    runs = groupby(range(len(ordered)), key=lambda i: _DISPLAY_ORDER[ordered[i]])
    return [list(run) for _, run in runs]


def _apportion(exact: Sequence[Fraction], groups: Iterable[list[int]]) -> tuple[list[int], int]:
    """Decision 8, so that the sen add up: a group's exact total is rounded half up; each member's
    amount is floored to the sen; the sen left over go one at a time to the largest fractions
    dropped, on a tie to whoever comes first in `exact` (widow(er)s, children eldest first,
    parents). Returns the amounts and how many sen were handed out."""
    amounts = [int(amount) for amount in exact]  # floor: the amounts are never negative
    handed_out = 0
    for group in groups:
        spare = round_half_up(sum((exact[i] for i in group), Fraction(0))) - sum(amounts[i] for i in group)
        for i in sorted(group, key=lambda i: (amounts[i] - exact[i], i))[:spare]:
            amounts[i] += 1
        handed_out += spare
    return amounts, handed_out


def _statutory_fractions(
    ordered: list[Relation], parameters: Parameters
) -> tuple[list[Fraction], list[Reason]]:
    """Shares before any reduction: widow(er)s first, then children, parents only if neither."""
    spouses = sum(1 for relation in ordered if relation in SPOUSES)
    children = ordered.count(Relation.CHILD)
    parents = ordered.count(Relation.PARENT)
    if spouses:
        each = {Relation.CHILD: parameters.child_share, Relation.PARENT: Fraction(0)}
        spouse = parameters.spouse_share / spouses
        each |= {Relation.WIDOW: spouse, Relation.WIDOWER: spouse}
        reasons = [reason("spouse_share", count=spouses, share=_text(parameters.spouse_share))]
        if children:
            reasons.append(reason("child_share", count=children, share=_text(parameters.child_share)))
    elif children:
        each = {
            Relation.CHILD: parameters.children_without_spouse_share / children,
            Relation.PARENT: Fraction(0),
        }
        reasons = [
            reason("children_share", count=children, share=_text(parameters.children_without_spouse_share))
        ]
    else:
        each = {Relation.PARENT: parameters.parents_share / parents}
        reasons = [reason("parents_share", count=parents, share=_text(parameters.parents_share))]
    if parents and (spouses or children):
        reasons.append(reason("parents_excluded", count=parents))
    return [each[relation] for relation in ordered], reasons


def _text(fraction: Fraction) -> str:
    return f"{fraction.numerator}/{fraction.denominator}"
