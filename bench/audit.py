"""The audit trail at 1M events: grow the demo's trail with copies of its budget-line events, time the pages an
auditor opens, then remove the copies.

The copies go into the event table with plain SQL, so the audit index is fed by its trigger as it is for any
write; they carry the label `bench` and are deleted (with their index rows) afterwards.
"""

import statistics
import time

from django.db import connection, transaction
from rest_framework.test import APIClient

LABEL = "bench"
TABLE = "budgeting_budgetlineevent"


def grow(total: int) -> int:
    """Add copies of budget-line events until the trail holds `total` events; returns how many were added."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM organisation_auditentry")
        missing = total - cursor.fetchone()[0]
        if missing <= 0:
            return 0
        cursor.execute(
            "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) FROM information_schema.columns "
            "WHERE table_name = %s AND column_name NOT IN ('pgh_id', 'pgh_label', 'pgh_created_at')",
            [TABLE],
        )
        columns = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        have = cursor.fetchone()[0]
        with transaction.atomic():
            cursor.execute(
                f"INSERT INTO {TABLE} (pgh_label, pgh_created_at, {columns}) "
                f"SELECT %s, now() - (n * interval '1 second'), {columns} "
                f"FROM generate_series(1, %s) AS n "
                f"JOIN (SELECT row_number() OVER () - 1 AS i, * FROM {TABLE}) e ON e.i = n %% %s",
                [LABEL, missing, have],
            )
        cursor.execute(f"ANALYZE {TABLE}; ANALYZE organisation_auditentry")
    return missing


def shrink() -> None:
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute(f"DELETE FROM {TABLE} WHERE pgh_label = %s", [LABEL])
        cursor.execute("DELETE FROM organisation_auditentry WHERE label = %s", [LABEL])


def p95(client: APIClient, url: str, runs: int = 30) -> float:
    assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def bench_audit(total: int = 1_000_000) -> dict[str, float]:
    from organisation.models import User

    auditor = User.objects.get(username="inspektorat")
    admin = User.objects.get(username="admin")
    client = APIClient(SERVER_NAME="127.0.0.1")
    client.force_authenticate(auditor)
    start = time.perf_counter()
    added = grow(total)
    figures = {"events_added": added, "grow_seconds": time.perf_counter() - start}
    try:
        slug = client.get("/api/audit-events/").json()["results"][0]["pgh_slug"]
        figures |= {
            "first page": p95(client, "/api/audit-events/"),
            "page 1,000": p95(client, "/api/audit-events/?page=1000"),
            "one object type": p95(client, "/api/audit-events/?model=organisation.PerangkatDaerah"),
            "one user's changes": p95(client, f"/api/audit-events/?user={admin.pk}"),
            "one event": p95(client, f"/api/audit-events/{slug}/"),
        }
    finally:
        shrink()
    return figures
