"""The fixed records: employers and people that every demo registry holds, with known codes and
histories, for tests, the README and the field demo (demo.field checks these employers)."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DemoEmployer:
    code: str
    name: str  # as registered with SSM
    trading_name: str  # the signboard
    registration_no: str
    address: str
    postcode: str
    state: str
    msic_code: str
    registered_on: date
    lat: float
    lon: float
    ceased_on: date | None = None
    unpaid_months: int = 0  # the most recent months it has not paid for
    note: str = ""


@dataclass(frozen=True)
class DemoJob:
    employer_code: str
    started_on: date
    ended_on: date | None  # None: still there
    wage: int  # RM a month
    category: int = 1


@dataclass(frozen=True)
class DemoPerson:
    id_number: str
    name: str
    born_on: date
    gender: str
    nationality: str
    jobs: tuple[DemoJob, ...]
    note: str = ""

    @property
    def registered_on(self) -> date:
        return self.jobs[0].started_on


FIXED_EMPLOYERS = (
    DemoEmployer(
        "B9900000001S", "RESTORAN SELERA KAMPUNG SDN. BHD.", "Restoran Selera Kampung",
        "201501990001 (1129384-W)", "No. 12, Jalan Meru, Taman Sri Andalas, Klang", "41050", "Selangor",
        "56101", date(2015, 3, 2), 3.0462, 101.4468, note="contributing; employed the E12 person",
    ),
    DemoEmployer(
        "W9900000002K", "KEDAI RUNCIT AH KOW", "Kedai Runcit Ah Kow", "199803990002 (000912345-K)",
        "No. 8, Jalan Petaling, Kuala Lumpur", "50000", "W.P. Kuala Lumpur", "47111", date(1998, 6, 15),
        3.1434, 101.6979, unpaid_months=5, note="registered, no contributions for the last 5 months",
    ),
    DemoEmployer(
        "B9900000003B", "BENGKEL KERETA MUTIARA JAYA ENTERPRISE", "Bengkel Mutiara Jaya",
        "200703990003 (001234567-T)", "Lot 5, Jalan Tembaga 2, Taman Perindustrian, Klang", "41200",
        "Selangor", "45201", date(2007, 4, 1), 3.0214, 101.4571, ceased_on=date(2023, 6, 30), note="ceased",
    ),
    DemoEmployer(
        "B9900000004N", "NASI KANDAR SRI MUTIARA SDN. BHD.", "Nasi Kandar Sri Mutiara",
        "201201990004 (998877-H)", "No. 21, Jalan SS 2/24, Petaling Jaya", "47300", "Selangor", "56101",
        date(2012, 9, 10), 3.1186, 101.6222, note="contributing; foreign workers (category 2)",
    ),
    DemoEmployer(
        "W9900000005D", "DOBI CERIA ENTERPRISE", "Dobi Ceria", "201903990005 (003456789-D)",
        "No. 3, Jalan Cheras Hartamas 2, Cheras, Kuala Lumpur", "56000", "W.P. Kuala Lumpur", "96011",
        date(2019, 2, 1), 3.1048, 101.7361, note="contributing",
    ),
)  # fmt: skip
FIXED_PERSONS = (
    DemoPerson(
        "850707145553", "Hafiz bin Ibrahim", date(1985, 7, 7), "M", "MY",
        (DemoJob("B9900000001S", date(2015, 7, 1), date(2025, 3, 10), 4200),),
        note="socso-rules E12: paid 2015-07..2025-02 at RM4,200; died 2025-03-10",
    ),
    DemoPerson(
        "800510105431", "Azman bin Yusof", date(1980, 5, 10), "M", "MY",
        (DemoJob("W9900000002K", date(2005, 1, 1), date(2024, 12, 31), 3000),),
        note="socso-rules E1: paid 2005-01..2024-12 at RM3,000",
    ),
    DemoPerson(
        "950312105678", "Nurul Aina binti Kamarudin", date(1995, 3, 12), "F", "MY",
        (DemoJob("B9900000001S", date(2018, 4, 16), None, 2100),), note="current worker, contributing",
    ),
    DemoPerson(
        "880921145417", "Tan Wei Ming", date(1988, 9, 21), "M", "MY",
        (DemoJob("W9900000002K", date(2012, 2, 1), None, 2300),),
        note="current worker whose employer stopped paying 5 months ago",
    ),
    DemoPerson(
        "790115086123", "Saravanan a/l Muniandy", date(1979, 1, 15), "M", "MY",
        (
            DemoJob("B9900000003B", date(2010, 1, 4), date(2023, 6, 30), 2800),
            DemoJob("W9900000005D", date(2023, 9, 1), None, 2400),
        ),
        note="changed jobs when his employer ceased",
    ),
    DemoPerson(
        "X0900001", "Agus Setiawan", date(1990, 4, 2), "M", "ID",
        (DemoJob("B9900000004N", date(2019, 1, 2), date(2024, 12, 31), 1800, category=2),),
        note="socso-rules E15: foreign worker, category 2, 2019-01..2024-12",
    ),
    DemoPerson(
        "X0900002", "Md Rahim Uddin", date(1993, 11, 20), "M", "BD",
        (DemoJob("B9900000004N", date(2021, 5, 3), None, 1700, category=2),),
        note="current foreign worker, category 2",
    ),
)  # fmt: skip
