"""Money in sen (integers), rounded the one way the rules allow: half up, to the sen."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

SEN_PER_RINGGIT = 100


def round_half_up(amount_sen: Fraction) -> int:
    """Nforce decisions 5 and 8: amounts are rounded to the sen, half up (never banker's rounding)."""
    whole, rest = divmod(amount_sen.numerator, amount_sen.denominator)
    return whole + (1 if 2 * rest >= amount_sen.denominator else 0)


def ringgit(amount_sen: int) -> Decimal:
    """Sen as a Decimal of ringgit with two places: what the API writes as a decimal string."""
    return (Decimal(amount_sen) / SEN_PER_RINGGIT).quantize(Decimal("0.01"))


def sen(amount: Decimal) -> int:
    """Ringgit (as typed or sent, at most two places) as sen."""
    return int((amount * SEN_PER_RINGGIT).to_integral_value(rounding=ROUND_HALF_UP))


def format_ringgit(amount_sen: int) -> str:
    """`RM1,917.50`: the form an officer reads out."""
    return f"RM{ringgit(amount_sen):,.2f}"
