"""The compound schedule as first loaded, each line with its source and confidence
(../shared/reference/enforcement.md). Administrators add lines in the admin site; a new amount
is a new line from its valid_from, so that older compounds keep their figures."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SARAWAK_2015 = (
    "Borneo Post, Sarawak Ops Kesan (2 Sept 2015): 2015 Sarawak schedule by how long an employee "
    "has gone unregistered"
)
RANGE_2019_2022 = (
    "Compounds reported from RM500 up to RM5,000 depending on the offence (Borneo Post, Sarawak, "
    "13 May 2022; The Sun and FOMCA, national, 25 Feb 2019)"
)
ONE_NIGHT = "one night: 34 compounds RM18,500 under Act 4 s.4 (about RM544 each; Malay Mail, 25 June 2022)"
NOT_REPORTED = "band not reported: held at the amount of the band below it (Nforce decision)"
ACT800 = "no Act 800 figures reported: the Act 4 amounts applied to the same offence (Nforce decision)"

# (months from, months below, amount, confidence, source)
BANDS = (
    (0, 1, "500", "medium", SARAWAK_2015 + ": missed within 30 days, RM500"),
    (1, 12, "500", "low", SARAWAK_2015 + "; " + NOT_REPORTED),
    (12, 24, "1500", "medium", SARAWAK_2015 + ": 1 to 2 years, RM1,500"),
    (24, 60, "2000", "medium", SARAWAK_2015 + ": 2 to 5 years, RM2,000"),
    (60, None, "5000", "low", SARAWAK_2015 + ": more than 5 years, higher (not reported); " + RANGE_2019_2022),
)

SCHEDULE = (
    # (section, per worker, valid from, confidence cap, extra source)
    ("act4_s5", True, date(2015, 9, 2), None, ""),
    ("act4_s4", False, date(2015, 9, 2), "low", "Employer offence: the employee bands applied to it; " + ONE_NIGHT),
    ("act800_s16", True, date(2018, 1, 1), "low", ACT800),
    ("act800_s14", False, date(2018, 1, 1), "low", ACT800),
)


def load(apps, schema_editor):
    CompoundRate = apps.get_model("enforcement", "CompoundRate")
    for section, per_worker, valid_from, cap, extra in SCHEDULE:
        for months_from, months_to, amount, confidence, source in BANDS:
            CompoundRate.objects.get_or_create(
                section=section,
                valid_from=valid_from,
                months_from=months_from,
                defaults={
                    "months_to": months_to,
                    "amount_rm": Decimal(amount),
                    "per_worker": per_worker,
                    "confidence": cap or confidence,
                    "source": "; ".join(part for part in (source, extra) if part),
                },
            )


def unload(apps, schema_editor):
    apps.get_model("enforcement", "CompoundRate").objects.filter(
        valid_from__in=[row[2] for row in SCHEDULE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
