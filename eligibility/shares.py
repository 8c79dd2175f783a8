"""Dependants' shares of a survivors' pension (Nforce decision 8). Pure: no ORM, no clock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .money import round_half_up
from .parameters import Parameters
from .reasons import Reason, reason


class Relation(StrEnum):
    WIDOW = "widow"
    WIDOWER = "widower"
    CHILD = "child"
    PARENT = "parent"


SPOUSES = frozenset({Relation.WIDOW, Relation.WIDOWER})
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
    ordered = sorted(dependants, key=_DISPLAY_ORDER.__getitem__)
    if not ordered:
        return (), (reason("no_dependants"),)
    fractions, reasons = _statutory_fractions(ordered, parameters)
    total = sum(fractions, Fraction(0))
    if total > 1:
        fractions = [fraction / total for fraction in fractions]
        reasons.append(reason("shares_pro_rata", total=_text(total)))
    shares = tuple(
        Share(relation, fraction, round_half_up(fraction * full_rate_sen))
        for relation, fraction in zip(ordered, fractions, strict=True)
    )
    return shares, (*reasons, *_rounding_reason(shares, full_rate_sen))


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


def _rounding_reason(shares: tuple[Share, ...], full_rate_sen: int) -> tuple[Reason, ...]:
    """Each share is rounded on its own (decision 8), so they may add up to a sen or two more."""
    paid = sum(share.monthly_sen for share in shares)
    exact = sum((share.fraction * full_rate_sen for share in shares), Fraction(0))
    if paid == exact:
        return ()
    return (reason("shares_rounded", total_sen=paid, full_rate_sen=full_rate_sen),)


def _text(fraction: Fraction) -> str:
    return f"{fraction.numerator}/{fraction.denominator}"
