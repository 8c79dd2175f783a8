"""What a user may see on the dashboards: the one place that decides it.

Every dashboard read (rollups, records, map, exports, API) takes a `Filters`, and a `Filters` is
only made by `scoped_filters()`: a supervisor's filters always hold the areas of their own office,
so no view can forget the scope. An area, state or office outside it is a 404, as if unknown.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from nforce.models import Area, User
from nforce.roles import Role, has_role
from nforce.scoping import visible_to

from .periods import Period


@dataclass(frozen=True)
class Filters:
    """A period, the areas in view and optionally one officer. Made by scoped_filters() only.

    `area_ids` None means no area restriction at all (an admin with no filter): rows outside
    every area are included then, and only then.
    """

    period: Period
    area_ids: frozenset[int] | None
    officer: User | None = None
    area: Area | None = None  # the single area filtered on, for headings and links

    def areas_q(self, path: str) -> Q:
        """Restricts any query to the areas in view; `path` leads to an Area FK ("premises__area")."""
        if self.area_ids is None:
            return Q()
        return Q(**{f"{path}__in": self.area_ids})

    def officer_q(self, path: str) -> Q:
        return Q(**{path: self.officer.pk}) if self.officer is not None else Q()

    def for_period(self, period: Period) -> "Filters":
        return Filters(period=period, area_ids=self.area_ids, officer=self.officer, area=self.area)


def visible_areas(*, user) -> QuerySet[Area]:
    """Admins see every area; a supervisor the areas of their home office; anyone else none."""
    if user.is_superuser:
        return Area.objects.all()
    if not has_role(user, Role.SUPERVISOR) or user.home_office_id is None:
        return Area.objects.none()
    return Area.objects.filter(office_id=user.home_office_id)


def scoped_filters(
    *,
    user,
    period: Period,
    area: str = "",
    state: str = "",
    office: str = "",
    officer: str = "",
) -> Filters:
    """Filters for `user`: raises Http404 when an area, state, office or officer is not theirs."""
    areas = visible_areas(user=user)
    narrowed = bool(area or state or office)
    if area:
        areas = areas.filter(code=area)
    if state:
        areas = areas.filter(state=state)
    if office:
        areas = areas.filter(office__code=office)
    found = (
        {row.pk: row for row in areas.only("id", "code", "name")} if narrowed or not user.is_superuser else {}
    )
    if narrowed and not found:
        raise Http404("No such area in your scope.")
    area_ids = None if user.is_superuser and not narrowed else frozenset(found)
    return Filters(
        period=period,
        area_ids=area_ids,
        officer=_officer(officer, user=user),
        area=next(iter(found.values())) if area else None,
    )


def _officer(staff_number: str, *, user) -> User | None:
    """Staff the caller may see (a supervisor: their own office's): anyone else is a 404, as if
    unknown, so that the filter tells nobody who exists elsewhere or what their name is."""
    if not staff_number:
        return None
    staff = visible_to(user, User).only("id", "staff_number", "full_name")
    try:
        return staff.get(staff_number=staff_number)
    except User.DoesNotExist:
        raise Http404("No such officer.") from None
