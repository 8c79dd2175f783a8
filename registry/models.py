"""Who is registered: employers, insured persons, their employments and contributions.

Contributions are stored one row per person, employer, year and category, with the twelve
monthly wages in an array (sen, NULL = nothing paid for that month). At national scale
(10 million persons x 20 years) that is about 240 million rows instead of 2.4 billion, and
one person's whole record is a single primary-key range read of some 20-30 rows.
"""

from datetime import date

from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.db.models import Func, Q, Value
from django.db.models.functions import Concat, Left, Length
from django.utils.translation import gettext_lazy as _

from nforce.positions import MALAYSIA_BOUNDS as MALAYSIA_BOUNDS  # where imports and demo data look


class Employer(models.Model):
    # Unique through Meta.constraints, not unique=True: that would add a second, pattern-ops index
    # for LIKE 'prefix%', which no lookup does (18 MB at 600k employers).
    employer_code = models.CharField(_("employer code"), max_length=12)
    business_registration_no = models.CharField(_("business registration no."), max_length=40, blank=True)
    # Normalised forms of the SSM number, so that either format finds the employer.
    ssm_new = models.CharField(max_length=12, null=True, blank=True)
    ssm_old = models.CharField(max_length=20, null=True, blank=True)
    name = models.CharField(_("registered name"), max_length=200)
    trading_name = models.CharField(_("trading name"), max_length=200, blank=True)
    # Signboard-matching keys (registry.names.name_key): trigram-indexed.
    name_key = models.CharField(max_length=200, editable=False, default="")
    trading_name_key = models.CharField(max_length=200, editable=False, default="")
    # The words of both keys, kept by PostgreSQL: the inverted index of the name search.
    name_words = models.GeneratedField(
        expression=Func(
            Func(Concat("name_key", Value(" "), "trading_name_key"), Value(" "), function="string_to_array"),
            Value(""),
            function="array_remove",
        ),
        output_field=ArrayField(models.TextField()),
        db_persist=True,
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    state = models.CharField(_("state"), max_length=40, blank=True)
    msic_code = models.CharField(_("MSIC 2008 code"), max_length=5, blank=True)
    location = models.PointField(_("location"), geography=True, srid=4326, null=True, blank=True)
    registered_on = models.DateField(_("registered on"))
    ceased_on = models.DateField(_("ceased on"), null=True, blank=True)
    # Kept current by imports: the newest month any contribution was paid for (first day).
    last_paid_month = models.DateField(_("last paid month"), null=True, blank=True)
    # Set by PostgreSQL (trigger of migration 0007) from one sequence whenever a fact an area
    # pack carries changes: a phone's pack asks only for what changed since its last sync.
    row_version = models.BigIntegerField(editable=False, default=0)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        indexes = [
            # GiST, not GIN: the search wants the k nearest names (ORDER BY key <-> q LIMIT k),
            # which GiST answers from the index however common the words of the query are.
            GistIndex(fields=["name_key"], name="employer_name_trgm", opclasses=["gist_trgm_ops"]),
            GistIndex(fields=["trading_name_key"], name="employer_trading_trgm", opclasses=["gist_trgm_ops"]),
            GinIndex(fields=["name_words"], name="employer_name_words"),
            models.Index(fields=["ssm_old"], name="employer_ssm_old"),
            models.Index(fields=["row_version"], name="employer_row_version"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["employer_code"], name="employer_code_unique"),
            models.UniqueConstraint(fields=["ssm_new"], name="employer_ssm_new_unique"),
            models.CheckConstraint(
                condition=Q(employer_code__regex=r"^[A-Z0-9]{12}$"), name="employer_code_format"
            ),
            models.CheckConstraint(
                condition=Q(ceased_on__isnull=True) | Q(ceased_on__gte=models.F("registered_on")),
                name="employer_ceased_after_registered",
            ),
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^[0-9]{5}$"), name="employer_postcode_format"
            ),
            models.CheckConstraint(
                condition=Q(msic_code="") | Q(msic_code__regex=r"^[0-9]{5}$"), name="employer_msic_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employer_code})"

    @property
    def display_name(self) -> str:
        return self.trading_name or self.name


class NameWord(models.Model):
    """Every word of every employer's name keys: the vocabulary a misspelt word is matched in.

    Filled by triggers on registry_employer (see migration 0005); a word no longer used by any
    employer stays, and matches nothing.
    """

    word = models.TextField(primary_key=True)

    class Meta:
        indexes = [
            # Candidates for a misspelt word: same first letter, similar length.
            models.Index(Left("word", 1), Length("word"), name="nameword_initial_length"),
        ]

    def __str__(self) -> str:
        return self.word


class InsuredPerson(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("male")
        FEMALE = "F", _("female")

    # MyKad (12 digits) for citizens and permanent residents, passport number for foreign workers.
    # Unique through Meta.constraints: no pattern-ops twin (72 MB at 2.4M persons).
    id_number = models.CharField(_("national ID"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    nationality = models.CharField(_("nationality"), max_length=2, default="MY")  # ISO 3166 alpha-2
    registered_on = models.DateField(_("registered on"))

    class Meta:
        verbose_name = _("insured person")
        verbose_name_plural = _("insured persons")
        constraints = [
            models.UniqueConstraint(fields=["id_number"], name="person_id_number_unique"),
            models.CheckConstraint(
                condition=Q(registered_on__gte=models.F("date_of_birth")),
                name="person_registered_after_birth",
            ),
            models.CheckConstraint(
                condition=Q(id_number__regex=r"^[A-Z0-9]{6,20}$"), name="person_id_format"
            ),
        ]

    def __str__(self) -> str:
        return f"insured person #{self.pk}"  # never the ID number or the name: this reaches logs

    @property
    def is_foreign_worker(self) -> bool:
        return self.nationality != "MY"


class Employment(models.Model):
    # Indexed as the first column of employment_unique_start.
    person = models.ForeignKey(
        InsuredPerson, on_delete=models.CASCADE, related_name="employments", db_index=False
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="employments")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "employer", "started_on"], name="employment_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="employment_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(
                fields=["employer"], condition=Q(ended_on__isnull=True), name="employment_current_idx"
            )
        ]


class ContributionYear(models.Model):
    """One person's contributions through one employer in one calendar year, for one category.

    `wages_sen[m - 1]` is the wage of month m in sen, NULL when nothing was paid for it.
    Category 1 covers invalidity + employment injury, category 2 employment injury only.
    Twelve months, none negative: CHECKs added by migration 0002 (raw SQL on the array).
    """

    pk = models.CompositePrimaryKey("person", "year", "employer", "category")
    person = models.ForeignKey(InsuredPerson, on_delete=models.CASCADE, db_index=False)
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, db_index=False)
    year = models.SmallIntegerField()
    category = models.SmallIntegerField(choices=[(1, _("first category")), (2, _("second category"))])
    wages_sen = ArrayField(models.IntegerField(null=True), size=12)

    class Meta:
        verbose_name = _("contributions of a year")
        verbose_name_plural = _("contributions")
        indexes = [models.Index(fields=["employer", "year"], name="contribution_employer_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1971) & Q(year__lte=2100), name="contribution_year_range"
            ),
            models.CheckConstraint(condition=Q(category__in=[1, 2]), name="contribution_category"),
        ]


def month_start(value: date) -> date:
    return value.replace(day=1)
