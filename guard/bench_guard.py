"""Benchmark: one runtime-guard sweep against a local fake of the API at workspace scale (not a test: it times).

    python3 guard/bench_guard.py          (npm run bench:guard)

The fake (fake_workspace.py) serves 10,000 running clusters (8,000 all-purpose, 2,000 job clusters), 10,000 active
runs over 2,000 jobs and 1,000 pipelines (500 with an update in progress) on 127.0.0.1. One object in ten is past its
row's limit; a quarter of the all-purpose clusters belong to agents by identity only and carry no tags (their strictest
row, 60 min, applies), so 3,500 objects are acted on. The guard runs through its own command line (main), with the
default page sizes it asks for (100 clusters, 25 runs, 100 pipelines a page). Prints the wall time and the requests by
kind; exit 1 if the sweep took longer than 60 s, did not exit 0, or acted on the wrong number of objects. A watchdog
ends the process after 300 s whatever happens.
"""
import json
import logging
import os
import sys
import threading
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runtime_guard  # noqa: E402
from fake_workspace import MIN, NOW, TOKEN, FakeWorkspace, Pipeline, cluster, job, run, serve, tags  # noqa: E402

CLUSTERS, JOB_CLUSTERS, JOBS, RUNS_PER_JOB, PIPELINES = 8_000, 2_000, 2_000, 5, 1_000
LIMITS = {"spark-interactive": 240, "test-jobs": 60, "dlt-etl": 120}
AGENTS = {f"agent-{n}": {"identities": [f"sp-{n}"], "rows": ["spark-interactive", "test-jobs"], "policies": [f"pol-{n}"]}
          for n in range(20)}
WITHIN_SECONDS = 60
WATCHDOG_SECONDS = 300


def workspace():
    """Every tenth object is past its limit; every fourth belongs to an agent by identity, with no tags at all."""
    clusters = []
    for i in range(CLUSTERS):
        age = 300 if i % 10 == 0 else 100
        if i % 4 == 0:  # an agent's own cluster, untagged: its strictest row is test-jobs (60 min)
            clusters.append(cluster(f"c{i}", {}, created_min=age, single_user=f"sp-{i % 20}", policy_id=f"pol-{i % 20}"))
        else:
            clusters.append(cluster(f"c{i}", tags("spark-interactive"), created_min=age, creator="someone@example.com"))
    clusters += [cluster(f"j{i}", tags("test-jobs"), created_min=30, source="JOB") for i in range(JOB_CLUSTERS)]
    # Job ids start at 1: the API omits a zero job_id (Go SDK jobs.BaseRun.job_id, omitempty).
    jobs = [job(j + 1, tags("test-jobs"), run_as=f"sp-{j % 20}" if j % 4 == 0 else None) for j in range(JOBS)]
    runs = [run(j * RUNS_PER_JOB + r + 1, 90 if (j * RUNS_PER_JOB + r) % 10 == 0 else 30, job_id=j + 1,
                tasks=[{"task_key": "main", "cluster_instance": {"cluster_id": f"j{j}"}}])
            for j in range(JOBS) for r in range(RUNS_PER_JOB)]
    pipelines = [Pipeline(f"p{i}", update_min=(150 if i % 10 == 0 else 20) if i % 2 == 0 else None, spec_tags=tags("dlt-etl"))
                 for i in range(PIPELINES)]
    return FakeWorkspace(clusters, runs, jobs, pipelines, page_size=1_000)


def expected_actions():
    # Clusters: every tenth is 300 min old (past 240, and past an agent's 60); the others are 100 min old, past 60
    # only for the agents' untagged ones (i % 4 == 0). Runs: every tenth is 90 min old (past 60). Pipelines: every
    # tenth of the active (even) ones is 150 min into its update (past 120).
    clusters = sum(1 for i in range(CLUSTERS) if i % 10 == 0 or i % 4 == 0)
    runs = sum(1 for n in range(JOBS * RUNS_PER_JOB) if n % 10 == 0)
    pipelines = sum(1 for i in range(PIPELINES) if i % 2 == 0 and i % 10 == 0)
    return clusters + runs + pipelines


class Summary(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        if record.levelno >= logging.ERROR or record.getMessage().startswith("summary:"):
            self.lines.append(record.getMessage())


def main():
    watchdog = threading.Timer(WATCHDOG_SECONDS, lambda: (print("watchdog: the benchmark ran too long"), os._exit(1)))
    watchdog.daemon = True
    watchdog.start()
    built = time.monotonic()
    fake = workspace()
    server = serve(fake)
    host = f"http://127.0.0.1:{server.server_address[1]}"
    summary = Summary()
    runtime_guard.LOG.addHandler(summary)
    runtime_guard.LOG.propagate = False
    runtime_guard.LOG.setLevel(logging.INFO)
    argv = ["--limits", json.dumps(LIMITS), "--tag", "compute", "--host", host, "--agents", json.dumps(AGENTS),
            "--match", "project=lakehouse-agents", "--match", "environment=dev"]
    print(f"fake workspace ready in {time.monotonic() - built:.1f} s: {CLUSTERS + JOB_CLUSTERS:,} clusters, "
          f"{JOBS * RUNS_PER_JOB:,} active runs over {JOBS:,} jobs, {PIPELINES:,} pipelines")
    first_action = []
    route = fake.route

    def timed_route(method, path, query):  # when the first termination reaches the API: acting as it lists
        if method == "POST" and not first_action:
            first_action.append(time.monotonic())
        return route(method, path, query)

    fake.route = timed_route
    started = time.monotonic()
    code = runtime_guard.main(argv, environ={"DATABRICKS_TOKEN": TOKEN}, clock=lambda: NOW / 1000)
    elapsed = time.monotonic() - started
    server.shutdown()
    server.server_close()
    requests = Counter()
    for method, path, _, _ in fake.calls:
        if path.startswith("/api/2.0/pipelines/") and method == "GET":
            path = "/api/2.0/pipelines/{id}" + ("/updates/{id}" if "/updates/" in path else "")
        elif path.endswith("/stop"):
            path = "/api/2.0/pipelines/{id}/stop"
        requests[f"{method} {path}"] += 1
    posts = sum(n for key, n in requests.items() if key.startswith("POST"))
    print(f"one sweep: {elapsed:.1f} s, exit {code}, {sum(requests.values()):,} requests, {posts:,} actions "
          f"(expected {expected_actions():,}); first action after {(first_action or [started])[0] - started:.2f} s")
    for key, n in sorted(requests.items()):
        print(f"  {n:>6,}  {key}")
    for line in summary.lines:
        print(f"  guard: {line}")
    ok = code == 0 and elapsed <= WITHIN_SECONDS and posts == expected_actions()
    if not ok:
        print(f"FAILED: the sweep must exit 0 within {WITHIN_SECONDS} s and act on exactly the expected objects")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
