"""Which open premises the registry now has: by SSM number, or by a similar name registered near.

Read by dispatch's reconciliation (closing premises and assignments) and enforcement's (closing
the registration part of cases).
"""

from django.db import connection

# A signboard name and a registered name this alike (pg_trgm similarity of registry.names
# keys), registered this close, are the same business; a shared SSM number always is.
NAME_SIMILARITY = 0.6
NEAR_METRES = 100

# Two LATERAL look-ups so that each uses its own index: the SSM numbers' b-tree indexes, and the
# employers' GiST location index (ST_DWithin) before any similarity is computed.
MATCHES_SQL = """
SELECT p.id, COALESCE(by_number.id, by_name.id)
FROM detection_premises p
LEFT JOIN LATERAL (
    SELECT e.id FROM registry_employer e
    WHERE e.ceased_on IS NULL
      AND ((p.ssm_new IS NOT NULL AND e.ssm_new = p.ssm_new)
           OR (p.ssm_old IS NOT NULL AND e.ssm_old = p.ssm_old))
    ORDER BY e.ssm_new IS NOT DISTINCT FROM p.ssm_new DESC, e.id
    LIMIT 1
) by_number ON TRUE
LEFT JOIN LATERAL (
    SELECT e.id,
           GREATEST(similarity(e.name_key, p.name_key), similarity(e.trading_name_key, p.name_key)) AS score
    FROM registry_employer e
    WHERE e.ceased_on IS NULL
      AND e.location IS NOT NULL
      AND ST_DWithin(e.location, p.location, %(near)s)
    ORDER BY score DESC, e.id
    LIMIT 1
) by_name ON p.name_key <> '' AND by_name.score >= %(similarity)s
WHERE p.status = 'open' AND (by_number.id IS NOT NULL OR by_name.id IS NOT NULL) {only}
ORDER BY p.id
"""


def registry_matches(*, premises_ids: list[int] | None = None) -> dict[int, int]:
    """premises id -> employer id, for open premises (all, or those given) that now match a live
    employer."""
    only = "AND p.id = ANY(%(ids)s)" if premises_ids is not None else ""
    params = {"near": NEAR_METRES, "similarity": NAME_SIMILARITY, "ids": premises_ids}
    with connection.cursor() as cursor:
        cursor.execute(MATCHES_SQL.format(only=only), params)
        return dict(cursor.fetchall())
