"""Demo staff and offices: one login per role, known to README and `make run`."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.db import transaction

from nforce.models import Office, User
from nforce.roles import Role

DEMO_PASSWORD = "nforce-demo-2026"  # noqa: S105 - printed by `make run`; never set in production

# Real PERKESO office towns (a subset), with their coordinates.
DEMO_OFFICES = (
    ("KL", "Kuala Lumpur", "W.P. Kuala Lumpur", 101.6869, 3.1390),
    ("PJ", "Petaling Jaya", "Selangor", 101.6067, 3.1073),
    ("KLG", "Klang", "Selangor", 101.4450, 3.0449),
    ("SA", "Shah Alam", "Selangor", 101.5183, 3.0733),
    ("JB", "Johor Bahru", "Johor", 103.7578, 1.4655),
    ("PG", "George Town", "Pulau Pinang", 100.3354, 5.4141),
    ("IPH", "Ipoh", "Perak", 101.0829, 4.5975),
    ("KCH", "Kuching", "Sarawak", 110.3444, 1.5533),
    ("KK", "Kota Kinabalu", "Sabah", 116.0724, 5.9804),
    ("KTN", "Kuantan", "Pahang", 103.3260, 3.8077),
)

DEMO_STAFF = (
    # staff number, full name, office, roles, admin site
    ("OFF001", "Aminah binti Yusof", "KLG", (Role.OFFICER,), False),
    ("OFF002", "Muthu a/l Rajan", "KL", (Role.OFFICER,), False),
    ("INS001", "Rajesh a/l Kumar", "KLG", (Role.INSPECTOR,), False),
    ("INS002", "Nurul Huda binti Ahmad", "KL", (Role.INSPECTOR,), False),
    ("SUP001", "Tan Mei Ling", "KLG", (Role.SUPERVISOR,), False),
    ("ADM001", "Lim Wei Jie", "KL", tuple(Role), True),
)


def demo_password() -> str | None:
    """The published password, except in production: there a demo login gets none (an unusable
    one) until someone sets it with `manage.py changepassword`, so that nobody signs in as ADM001,
    a superuser, with a password printed in the README."""
    return None if settings.PRODUCTION else DEMO_PASSWORD


def retire_published_password(staff_numbers: list[str]) -> int:
    """These logins, if they still hold the published password, lose it (production, where an
    earlier run may have given it)."""
    retired = 0
    for user in User.objects.filter(staff_number__in=staff_numbers):
        if user.check_password(DEMO_PASSWORD):
            user.set_unusable_password()
            user.save(update_fields=["password"])
            retired += 1
    return retired


@transaction.atomic
def ensure_demo_staff() -> int:
    """Create the demo offices and logins that are missing; returns how many logins were made."""
    offices = {}
    for code, name, state, lon, lat in DEMO_OFFICES:
        offices[code], _ = Office.objects.get_or_create(
            code=code, defaults={"name": name, "state": state, "location": Point(lon, lat, srid=4326)}
        )
    made = 0
    for number, name, office, roles, admin in DEMO_STAFF:
        if User.objects.filter(staff_number=number).exists():
            continue
        user = User.objects.create_user(
            number,
            password=demo_password(),
            full_name=name,
            home_office=offices[office],
            is_staff=admin,
            is_superuser=admin,
        )
        user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
        made += 1
    return made


def demo_logins_text() -> str:
    if settings.PRODUCTION:
        return "Demo logins have no password in production: set one with manage.py changepassword."
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for number, name, _office, roles, admin in DEMO_STAFF:
        what = "admin (every role)" if admin else ", ".join(role.value for role in roles)
        lines.append(f"  {number:<8} {what:<22} {name}")
    lines.append("  INS003 … INS012 more inspectors, one or two per office (same password)")
    return "\n".join(lines)
