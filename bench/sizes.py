"""Bytes per insured person on disk (tables, indexes, TOAST), and what 10 million persons need."""

from django.db import connection

# Everything that grows with the number of persons; employers (600k) are a fixed cost.
PER_PERSON_TABLES = ("registry_insuredperson", "registry_employment", "registry_contributionyear")
NATIONAL_PERSONS = 10_000_000


def measured_sizes() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM registry_insuredperson")
        persons = cursor.fetchone()[0]
        tables = {table: _table_size(cursor, table) for table in (*PER_PERSON_TABLES, "registry_employer")}
    per_person = sum(tables[t]["total_bytes"] for t in PER_PERSON_TABLES) / max(persons, 1)
    employer_bytes = tables["registry_employer"]["total_bytes"]
    projected = per_person * NATIONAL_PERSONS + employer_bytes * 600_000 / max(
        tables["registry_employer"]["rows"], 1
    )
    return {
        "persons": persons,
        "tables": tables,
        "bytes_per_person": round(per_person),
        "contribution_rows_per_person": round(
            tables["registry_contributionyear"]["rows"] / max(persons, 1), 2
        ),
        "projected_gb_for_10m_persons_and_600k_employers": round(projected / 1e9, 1),
    }


def _table_size(cursor, table: str) -> dict:
    cursor.execute(
        """SELECT pg_table_size(%(t)s::regclass), pg_indexes_size(%(t)s::regclass),
                  pg_total_relation_size(%(t)s::regclass), (SELECT count(*) FROM """
        + table
        + ")",
        {"t": table},
    )
    heap, indexes, total, rows = cursor.fetchone()
    cursor.execute(
        "SELECT c.relname, pg_relation_size(c.oid) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid "
        "WHERE x.indrelid = %s::regclass ORDER BY 2 DESC",
        [table],
    )
    return {
        "rows": rows,
        "table_bytes": heap,
        "index_bytes": indexes,
        "total_bytes": total,
        "bytes_per_row": round(total / rows, 1) if rows else None,
        "indexes": dict(cursor.fetchall()),
    }


def sizes_text(sizes: dict) -> str:
    if not sizes["persons"]:  # a run of the self-contained rows only: no shared dataset was built
        return "storage: no insured persons in the bench database, not measured"
    lines = [f"storage: {sizes['persons']:,} persons measured"]
    for table, size in sizes["tables"].items():
        lines.append(
            f"  {table:<28} {size['rows']:>12,} rows  table {size['table_bytes'] / 1e6:9.1f} MB  "
            f"indexes {size['index_bytes'] / 1e6:9.1f} MB  {size['bytes_per_row'] or 0:7.1f} B/row"
        )
    lines.append(
        f"  per person (person + employments + {sizes['contribution_rows_per_person']} contribution years): "
        f"{sizes['bytes_per_person']:,} bytes"
    )
    lines.append(
        f"  projected for 10M persons and 600k employers: "
        f"{sizes['projected_gb_for_10m_persons_and_600k_employers']} GB"
    )
    return "\n".join(lines)
