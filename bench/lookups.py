"""The registry endpoints under a real gunicorn: exact lookup throughput against the bare view,
and the p95 of person checks, fuzzy names and near-me against the exact lookup's p95."""

import json
import statistics
from dataclasses import dataclass

from registry.names import name_key

from . import samples
from .harness import Goal, Row, Server, interleaved, load

SEARCH = "/api/v1/registry/employers/search"
PERSON_CHECK = "/api/v1/registry/persons/check"
BARE = "/bench/bare"
NEAR_RADIUS_M = 1000


@dataclass(frozen=True)
class Effort:
    pairs: int
    throughput_requests: int  # per run, from `clients` threads
    clients: int
    latency_requests: int  # per run, one client: no queueing in the latencies
    labelled_queries: int


EFFORT = {
    "quick": Effort(pairs=3, throughput_requests=600, clients=8, latency_requests=100, labelled_queries=150),
    "full": Effort(pairs=5, throughput_requests=3000, clients=8, latency_requests=300, labelled_queries=400),
}


def lookup_rows(server: Server, token: str, effort: Effort) -> list[Row]:
    exact = [{"q": code} for code in samples.employer_codes(effort.latency_requests)]
    _warm_up(server, token, exact)
    return [
        _exact_throughput(server, token, exact, effort),
        _person_check(server, token, exact, effort),
        *_fuzzy(server, token, exact, effort),
        _near_me(server, token, exact, effort),
    ]


def _warm_up(server: Server, token: str, exact: list[dict]) -> None:
    for path in (BARE, SEARCH):
        load(server.port, path, exact, token=token, requests=200, clients=4)


def _exact_throughput(server: Server, token: str, exact: list[dict], effort: Effort) -> Row:
    def run(path: str):
        return lambda: (
            load(
                server.port,
                path,
                exact,
                token=token,
                requests=effort.throughput_requests,
                clients=effort.clients,
            ).throughput
        )

    paired = interleaved(run(BARE), run(SEARCH), pairs=effort.pairs)
    return paired.row(
        "exact employer lookup endpoint, with audit write: throughput vs bare Django view",
        Goal(">=", 0.6),
        "req/s",
        clients=effort.clients,
        requests_per_run=effort.throughput_requests,
    )


def _p95(server: Server, token: str, path: str, bodies: list[dict], requests: int):
    return lambda: load(server.port, path, bodies, token=token, requests=requests).p95 * 1000


def _person_check(server: Server, token: str, exact: list[dict], effort: Effort) -> Row:
    persons = [{"id_number": number} for number in samples.person_ids(effort.latency_requests)]
    n = effort.latency_requests
    paired = interleaved(
        _p95(server, token, SEARCH, exact, n),
        _p95(server, token, PERSON_CHECK, persons, n),
        pairs=effort.pairs,
    )
    return paired.row(
        "person check p95 vs exact employer lookup p95", Goal("<=", 1.3), "ms", requests_per_run=n
    )


def _fuzzy(server: Server, token: str, exact: list[dict], effort: Effort) -> list[Row]:
    labelled = samples.misspelled_signboards(effort.labelled_queries)
    bodies = [{"q": m.query} for m in labelled]
    n = len(bodies)
    first = load(server.port, SEARCH, bodies, token=token, requests=n, keep_responses=True)
    hits, strict = _recall(labelled, first.responses)
    paired = interleaved(
        _p95(server, token, SEARCH, exact, n), _p95(server, token, SEARCH, bodies, n), pairs=effort.pairs
    )
    examples = [{"query": m.query, "intended": m.name_key, "changes": m.changes} for m in labelled[:5]]
    return [
        paired.row(
            "fuzzy name search p95 (typo query set) vs exact lookup p95", Goal("<=", 10), "ms", queries=n
        ),
        Row(
            "fuzzy name search recall@10 (labelled misspelled signboards)",
            Goal(">=", 0.95),
            subject=hits,
            ratio=hits,
            note=f"{n} queries; strict (the very employer in the top 10): {strict:.3f}",
            detail={"queries": n, "recall_at_10": hits, "strict_recall_at_10": strict, "examples": examples},
        ),
    ]


def _recall(labelled: list[samples.Misspelling], responses: dict[int, bytes]) -> tuple[float, float]:
    """Share of queries with the intended business in the top 10; a registered namesake (same name
    key) counts, since no signboard tells the two apart. Strict: the very employer."""
    hits = strict = 0
    for index, wanted in enumerate(labelled):
        top = json.loads(responses.get(index, b'{"results": []}'))["results"][:10]
        strict += any(r["employer_code"] == wanted.employer_code for r in top)
        hits += any(
            r["employer_code"] == wanted.employer_code
            or wanted.name_key in (name_key(r["name"]), name_key(r["trading_name"] or "-"))
            for r in top
        )
    return hits / len(labelled), strict / len(labelled)


def _near_me(server: Server, token: str, exact: list[dict], effort: Effort) -> Row:
    n = effort.latency_requests
    bodies = [
        {"lat": lat, "lon": lon, "radius_m": NEAR_RADIUS_M}
        for lat, lon in samples.positions_near_employers(n)
    ]
    counted = load(server.port, SEARCH, bodies, token=token, requests=n, keep_responses=True)
    found = [len(json.loads(body)["results"]) for body in counted.responses.values()]
    paired = interleaved(
        _p95(server, token, SEARCH, exact, n), _p95(server, token, SEARCH, bodies, n), pairs=effort.pairs
    )
    return paired.row(
        "near-me top 20 p95 vs exact lookup p95",
        Goal("<=", 3),
        "ms",
        radius_m=NEAR_RADIUS_M,
        mean_results=round(statistics.mean(found), 1),
        positions=n,
    )
