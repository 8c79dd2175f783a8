"""Demo staff and offices: one login per role, known to README and `make run`."""

from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point
from django.db import transaction

from nforce.models import Office, User
from nforce.roles import Role

DEMO_PASSWORD = "nforce-demo-2026"  # noqa: S105 - printed by `make run`; demo data only

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
            password=DEMO_PASSWORD,
            full_name=name,
            home_office=offices[office],
            is_staff=admin,
            is_superuser=admin,
        )
        user.groups.set([Group.objects.get_or_create(name=role.value)[0] for role in roles])
        made += 1
    return made


def demo_logins_text() -> str:
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for number, name, _office, roles, admin in DEMO_STAFF:
        what = "admin (every role)" if admin else ", ".join(role.value for role in roles)
        lines.append(f"  {number:<8} {what:<22} {name}")
    lines.append("  INS003 … INS012 more inspectors, one or two per office (same password)")
    return "\n".join(lines)
