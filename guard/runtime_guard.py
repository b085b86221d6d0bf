"""Runtime guard: enforces each agent's maximum runtime, which Databricks has no native cap for.

Lists running clusters and active job runs through the REST API, reads the owner-agent tag that the
agent's cluster policy fixes, and terminates clusters / cancels runs that have lived longer than that
agent's limit. Standard library only, so it runs on any Databricks runtime without installs.

Usage: runtime_guard.py --limits '{"spark-developer": 240}' [--tag owner_agent] [--host URL] [--dry-run]
Credentials: DATABRICKS_HOST / DATABRICKS_TOKEN, else the notebook context of the job it runs in.
"""
import argparse
import json
import logging
import os
import sys
import time
import urllib.error
import urllib.request

LOG = logging.getLogger("runtime_guard")
RETRIES = 3


class ApiError(Exception):
    """The workspace API kept failing after retries."""


class Api:
    def __init__(self, host, token, retries=RETRIES, backoff_seconds=1.0):
        self.host = host.rstrip("/")
        self.token = token
        self.retries = retries
        self.backoff_seconds = backoff_seconds

    def call(self, method, path, body=None, query=""):
        url = f"{self.host}{path}{'?' + query if query else ''}"
        data = json.dumps(body).encode() if body is not None else None
        last = None
        for attempt in range(1, self.retries + 1):
            request = urllib.request.Request(url, data=data, method=method)
            request.add_header("Authorization", f"Bearer {self.token}")
            request.add_header("Content-Type", "application/json")
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    text = response.read().decode() or "{}"
                    return json.loads(text)
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code} on {method} {path}"
                if error.code < 500 and error.code != 429:
                    break
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                last = f"{type(error).__name__} on {method} {path}: {error}"
            LOG.warning("attempt %d/%d failed: %s", attempt, self.retries, last)
            if attempt < self.retries:
                time.sleep(self.backoff_seconds * attempt)
        raise ApiError(last)


def _tags_of_run(run):
    tags = dict(run.get("tags") or {})
    specs = [run.get("cluster_spec") or {}] + [task.get("new_cluster") and {"new_cluster": task["new_cluster"]} or {} for task in run.get("tasks") or []]
    for spec in specs:
        tags.update((spec.get("new_cluster") or {}).get("custom_tags") or {})
    return tags


def running_clusters(api):
    clusters, token = [], None
    while True:
        page = api.call("GET", "/api/2.1/clusters/list", query=f"page_token={token}" if token else "")
        clusters += [c for c in page.get("clusters", []) if c.get("state") in ("RUNNING", "RESIZING", "PENDING")]
        token = page.get("next_page_token")
        if not token:
            return clusters


def active_runs(api):
    runs, token = [], None
    while True:
        query = "active_only=true&expand_tasks=true" + (f"&page_token={token}" if token else "")
        page = api.call("GET", "/api/2.1/jobs/runs/list", query=query)
        runs += page.get("runs", [])
        token = page.get("next_page_token")
        if not token:
            return runs


def enforce(api, limits, tag="owner_agent", now_ms=None, dry_run=False):
    """Returns the actions taken (or, in a dry run, that would be taken)."""
    now_ms = now_ms if now_ms is not None else int(time.time() * 1000)
    actions = []

    def over(agent, started_ms):
        limit = limits.get(agent)
        if limit is None or not started_ms:
            return None
        minutes = (now_ms - started_ms) / 60000
        return minutes if minutes > limit else None

    targets = [
        ("terminate-cluster", "cluster", c["cluster_id"], (c.get("custom_tags") or {}).get(tag), c.get("start_time"), "/api/2.1/clusters/delete", {"cluster_id": c["cluster_id"]})
        for c in running_clusters(api)
    ] + [
        ("cancel-run", "run", r["run_id"], _tags_of_run(r).get(tag), r.get("start_time"), "/api/2.1/jobs/runs/cancel", {"run_id": r["run_id"]})
        for r in active_runs(api)
    ]
    for kind, noun, target_id, agent, started_ms, endpoint, body in targets:
        minutes = over(agent, started_ms) if agent is not None else None
        if minutes is None:
            continue
        action = {"action": kind, "id": target_id, "agent": agent, "minutes": round(minutes), "limit": limits[agent]}
        verb = {"cluster": ("would terminate", "terminating"), "run": ("would cancel", "cancelling")}[noun][0 if dry_run else 1]
        LOG.warning("%s %s %s of %s: running %d min, limit %d", verb, noun, target_id, agent, action["minutes"], action["limit"])
        if not dry_run:
            api.call("POST", endpoint, body)
        actions.append(action)
    return actions


def _context_credentials():
    """Host and token of the job this runs in (Databricks runtime only)."""
    try:
        from pyspark.dbutils import DBUtils  # type: ignore  # noqa: WPS433 (runtime-provided)
        from pyspark.sql import SparkSession  # type: ignore

        context = DBUtils(SparkSession.builder.getOrCreate()).notebook.entry_point.getDbutils().notebook().getContext()
        return context.apiUrl().get(), context.apiToken().get()
    except Exception:  # noqa: BLE001 - any failure means "not on Databricks"
        return None, None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limits", required=True, help='JSON object: agent -> maximum runtime in minutes')
    parser.add_argument("--tag", default="owner_agent", help="custom tag naming the owner agent")
    parser.add_argument("--host", default=None)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stdout)
    try:
        limits = {str(k): float(v) for k, v in json.loads(args.limits).items()}
    except (ValueError, AttributeError) as error:
        LOG.error("--limits is not a JSON object of minutes: %s", error)
        return 2
    host = os.environ.get("DATABRICKS_HOST") or args.host
    token = os.environ.get("DATABRICKS_TOKEN")
    if not token:
        context_host, token = _context_credentials()
        host = host or context_host
    if not host or not token:
        LOG.error("no workspace credentials: set DATABRICKS_HOST and DATABRICKS_TOKEN, or run as a Databricks job")
        return 2
    try:
        actions = enforce(Api(host, token), limits, tag=args.tag, dry_run=args.dry_run)
    except ApiError as error:
        LOG.error("workspace API failed: %s", error)
        return 1
    LOG.info("%d action(s)%s", len(actions), " (dry run)" if args.dry_run else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
