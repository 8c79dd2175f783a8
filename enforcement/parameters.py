"""Dated parameters of enforcement, each with its source (../shared/reference/enforcement.md).

A change of practice is a new step here; the amounts of compounds are not here but in the
admin-editable schedule (CompoundRate), loaded with their sources by migration 0002.
"""

from datetime import date

from eligibility.parameters import Dated

SINCE_EVER = date(1971, 1, 1)

# "An employer has 30 days from hiring the first employee to register" (enforcement.md, high); the
# notice gives the same period to register (issue 17: a dated parameter, 30 days).
NOTICE_PERIOD_DAYS = Dated("notice_period_days", ((SINCE_EVER, 30),))

# Days to pay a compound offer. Not reported in the press: Nforce decision, low confidence; set by
# the division's practice.
COMPOUND_PAYMENT_DAYS = Dated("compound_payment_days", ((SINCE_EVER, 30),))

# "A compound may be reduced by up to 75% if the employer registers within a set period"
# (The Sun and FOMCA, Ops Kesan 2019 grace period; medium). The set period is the notice's.
REDUCTION_PERCENT = Dated("reduction_percent", ((SINCE_EVER, 75),))

# Act 800 (Employment Insurance System Act 2017) in force from 1 January 2018 (public record,
# high): before that day a finding is under Act 4 alone.
ACT800_IN_FORCE = Dated("act800_in_force", ((SINCE_EVER, False), (date(2018, 1, 1), True)))
