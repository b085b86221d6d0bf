"""Runtime guard: enforces each compute row's maximum runtime, which Databricks has no native cap for.

It owns one sweep over the workspace, run every few minutes by a scheduled serverless job:
- all-purpose clusters (UI/API) running longer than their limit are terminated;
- active job runs longer than their limit are cancelled (a job cluster ends with its run);
- active DLT pipeline updates longer than their limit are stopped (their clusters are never deleted).
A resource's limit is `limits[value of tag TAG]`, TAG being e.g. `compute`, whose value the cluster policy,
the job or the pipeline fixes. `--match KEY=VALUE` confines the sweep to one project/environment.
Standard library only at import time; the Databricks SDK, when installed, only supplies credentials.

Usage: runtime_guard.py --limits '{"spark-interactive": 240}' --tag compute [--host URL]
                        [--match project=lakehouse-agents ...] [--owner-tag owner_agent] [--dry-run]
Credentials, first that applies: DATABRICKS_TOKEN (with DATABRICKS_HOST or --host); the Databricks SDK's
default chain (`databricks.sdk.core.Config()`, runtime-native auth in a serverless job); OAuth M2M from
DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET. Exit 0: all went well; 1: an action or listing failed;
2: usage or credential error.
"""
import argparse
import base64
import json
import logging
import math
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Callable, Optional

LOG = logging.getLogger("runtime_guard")

ATTEMPTS = 4
MAX_RETRY_AFTER_SECONDS = 60
TOKEN_EXPIRY_MARGIN_SECONDS = 60
# Go SDK service/compute State: these four still hold (or are about to hold) cloud resources.
RUNNING_CLUSTER_STATES = {"RUNNING", "RESIZING", "PENDING", "RESTARTING"}
# Go SDK compute.ClusterSource: clusters that belong to a pipeline update or a job run are handled
# through the update (stopped) or the run (cancelled), never terminated directly.
PIPELINE_SOURCES = {"PIPELINE", "PIPELINE_MAINTENANCE"}
JOB_SOURCE = "JOB"
# Go SDK pipelines.UpdateInfoState minus the final states (COMPLETED, FAILED, CANCELED) and STOPPING.
ACTIVE_UPDATE_STATES = {"CREATED", "QUEUED", "INITIALIZING", "RESETTING", "SETTING_UP_TABLES", "WAITING_FOR_RESOURCES", "RUNNING"}
# Go SDK pipelines.PipelineState values in which an update may be in progress.
ACTIVE_PIPELINE_STATES = {"DEPLOYING", "STARTING", "RUNNING", "RECOVERING", "RESETTING"}


class ApiError(Exception):
    """A workspace API call failed for good (after retries where retrying makes sense)."""


class CredentialError(Exception):
    """No usable workspace credentials."""


# ---------------------------------------------------------------- credentials


def _post_form(url, form, headers):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode())


class OAuthM2M:
    """Headers from a service principal's OAuth client credentials, token cached until shortly before expiry.

    Same exchange as the SDK's `oauth_service_principal` (databricks/sdk/credentials_provider.py):
    POST {host}/oidc/v1/token, grant_type=client_credentials, scope=all-apis, client id/secret as HTTP basic auth.
    """

    def __init__(self, host, client_id, client_secret, clock=time.time):
        self.url = f"{host.rstrip('/')}/oidc/v1/token"
        self.basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        self.clock = clock
        self.token, self.expires_at = None, 0.0

    def __call__(self):
        if self.token is None or self.clock() >= self.expires_at:
            self._refresh()
        return {"Authorization": f"Bearer {self.token}"}

    def _refresh(self):
        form = {"grant_type": "client_credentials", "scope": "all-apis"}
        try:
            reply = _post_form(self.url, form, {"Authorization": f"Basic {self.basic}"})
            token, lifetime = reply["access_token"], float(reply.get("expires_in", 3600))
        except urllib.error.HTTPError as error:
            error.close()
            raise CredentialError(f"OAuth token request failed: HTTP {error.code}") from None
        except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
            # The message names the failure only: the reply could echo the credentials.
            raise CredentialError(f"OAuth token request failed: {type(error).__name__}") from None
        self.token, self.expires_at = token, self.clock() + lifetime - TOKEN_EXPIRY_MARGIN_SECONDS


def sdk_config(host):
    """The Databricks SDK's default-chain Config, or None if the SDK is absent or finds no credentials.

    In a serverless job the chain ends in runtime-native auth (credentials_provider.runtime_native_auth),
    which needs neither DATABRICKS_TOKEN nor a notebook context.
    """
    try:
        from databricks.sdk.core import Config  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError:
        return None
    try:
        return Config(host=host) if host else Config()
    except Exception as error:  # noqa: BLE001 - the SDK raises ValueError, older ones also runtime errors
        LOG.warning("Databricks SDK found no credentials: %s", error)
        return None


def _sdk_headers(config):
    """Config.authenticate() returns fresh headers (the SDK refreshes tokens); its failures are credential errors."""

    def headers():
        try:
            return config.authenticate()
        except Exception as error:  # noqa: BLE001 - any SDK failure here means no usable credentials
            raise CredentialError(f"Databricks SDK authentication failed: {type(error).__name__}: {error}") from None

    return headers


@dataclass
class Credentials:
    host: str
    headers: Callable[[], dict]  # fresh HTTP headers on every call
    source: str  # named in the log; never the secret itself


def resolve_credentials(host, environ, clock=time.time):
    """--host wins over DATABRICKS_HOST; DATABRICKS_TOKEN, when set, stays the credential."""
    host = host or environ.get("DATABRICKS_HOST")
    token = environ.get("DATABRICKS_TOKEN")
    if token:
        if not host:
            raise CredentialError("DATABRICKS_TOKEN is set but no host: pass --host or set DATABRICKS_HOST")
        return Credentials(host, lambda: {"Authorization": f"Bearer {token}"}, "DATABRICKS_TOKEN")
    config = sdk_config(host)
    if config is not None:
        return Credentials(config.host, _sdk_headers(config), "databricks-sdk")
    client_id, secret = environ.get("DATABRICKS_CLIENT_ID"), environ.get("DATABRICKS_CLIENT_SECRET")
    if host and client_id and secret:
        return Credentials(host, OAuthM2M(host, client_id, secret, clock), "oauth-m2m")
    raise CredentialError(
        "no workspace credentials: set DATABRICKS_HOST (or --host) with DATABRICKS_TOKEN or with "
        "DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET, or run where the Databricks SDK authenticates"
    )


# ---------------------------------------------------------------- HTTP


def _error_detail(error):
    """Databricks error bodies carry error_code and message (never credentials)."""
    try:
        with error:  # closes the connection the error holds
            body = json.loads(error.read().decode() or "{}")
        return f" {body.get('error_code', '')}: {body.get('message', '')}".rstrip(": ")
    except (ValueError, AttributeError, OSError):
        return ""


def _retry_after(error):
    """Seconds from an integer Retry-After header, as the SDK parses it (errors/customizer.py), capped."""
    try:
        return min(max(float(error.headers.get("Retry-After")), 0.0), MAX_RETRY_AFTER_SECONDS)
    except (TypeError, ValueError):
        return None


class Api:
    """JSON calls to one workspace: 429/503 wait for Retry-After, other 5xx and network errors back off."""

    def __init__(self, host, headers, attempts=ATTEMPTS, backoff_seconds=1.0, sleep=time.sleep):
        self.host = host.rstrip("/")
        self.headers = headers
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds
        self.sleep = sleep

    def call(self, method, path, body=None, query=None):
        url = f"{self.host}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(1, self.attempts + 1):
            try:
                return self._once(method, url, data)
            except urllib.error.HTTPError as error:
                failure = f"HTTP {error.code}{_error_detail(error)} on {method} {path}"
                if error.code != 429 and error.code < 500:
                    raise ApiError(failure) from None
                wait = _retry_after(error) if error.code in (429, 503) else None
            except (urllib.error.URLError, OSError) as error:
                failure, wait = f"{type(error).__name__} on {method} {path}: {error}", None
            if attempt == self.attempts:
                raise ApiError(failure)
            wait = self.backoff_seconds * 2 ** (attempt - 1) if wait is None else wait
            LOG.warning("attempt %d/%d failed (%s); retrying in %.0f s", attempt, self.attempts, failure, wait)
            self.sleep(wait)

    def _once(self, method, url, data):
        try:
            headers = {**self.headers(), "Content-Type": "application/json"}
        except CredentialError as error:
            raise ApiError(str(error)) from None
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
        try:
            return json.loads(text or "{}")
        except ValueError:
            raise ApiError(f"no JSON in the answer to {method} {urllib.parse.urlsplit(url).path}") from None

    def pages(self, path, key, query=None):
        """Every item of a list endpoint, following next_page_token (and stopping on has_more=false)."""
        items, query = [], dict(query or {})
        while True:
            page = self.call("GET", path, query=query)
            items += page.get(key) or []
            token = page.get("next_page_token")
            if not token or page.get("has_more") is False:
                return items
            query["page_token"] = token


# ---------------------------------------------------------------- tags


def merge_tags(*tag_maps):
    """Tag maps of every place a resource's tags can come from, as key -> set of values."""
    merged = {}
    for tags in tag_maps:
        for key, value in (tags or {}).items():
            merged.setdefault(key, set()).add(value)
    return merged


def custom_tags(spec):
    return (spec or {}).get("custom_tags")


def matches(tags, match):
    """Each --match key must carry one of the values given for it (repeating a key lists alternatives)."""
    return all(tags.get(key, set()) & values for key, values in match.items())


# ---------------------------------------------------------------- what the guard looks at


@dataclass(frozen=True)
class Target:
    kind: str  # cluster | run | pipeline
    id: object
    tags: dict  # key -> set of values
    started_ms: Optional[int]  # epoch ms; None when the API gave none (then the target is skipped)


# kind -> (verb, endpoint, request body). clusters/delete TERMINATES (Go SDK ClustersAPI.Delete: "Terminates the
# Spark cluster ... in a TERMINATED state"; only clusters/permanent-delete removes it). pipelines/{id}/stop takes no body
# (Go SDK pipelines.StopRequest has only the path parameter).
ACTIONS = {
    "cluster": ("terminate", "/api/2.1/clusters/delete", lambda i: {"cluster_id": i}),
    "run": ("cancel", "/api/2.1/jobs/runs/cancel", lambda i: {"run_id": i}),
    "pipeline": ("stop", "/api/2.0/pipelines/{}/stop", lambda i: None),
}


def cluster_target(cluster):
    """Age counts from the latest (re)start: start_time is when the cluster was created (Go SDK ClusterDetails)."""
    return Target("cluster", cluster["cluster_id"], merge_tags(cluster.get("custom_tags")),
                  cluster.get("last_restarted_time") or cluster.get("start_time"))


def run_tag_maps(run, job_clusters):
    """Tags of a run's own cluster specs and of the job clusters it actually got (policy-fixed tags show there)."""
    specs = [(run.get("cluster_spec") or {}).get("new_cluster")]
    specs += [jc.get("new_cluster") for jc in run.get("job_clusters") or []]
    specs += [task.get("new_cluster") for task in run.get("tasks") or []]
    instances = [run.get("cluster_instance")] + [task.get("cluster_instance") for task in run.get("tasks") or []]
    specs += [job_clusters.get((instance or {}).get("cluster_id")) for instance in instances]
    return [custom_tags(spec) for spec in specs]


def job_tag_maps(settings):
    """A job's tags (forwarded to its job clusters) and its job-cluster and task-cluster custom_tags."""
    maps = [settings.get("tags")]
    maps += [custom_tags(jc.get("new_cluster")) for jc in settings.get("job_clusters") or []]
    maps += [custom_tags(task.get("new_cluster")) for task in settings.get("tasks") or []]
    return maps


class Sweep:
    """One pass: collects targets per kind, acts on those past their limit, records every failure."""

    def __init__(self, api, limits, tag, match, owner_tag, now_ms, dry_run):
        self.api, self.limits, self.tag, self.match = api, limits, tag, match
        self.owner_tag, self.now_ms, self.dry_run = owner_tag, now_ms, dry_run
        self.actions, self.failures, self.checked = [], [], {}
        self.jobs = {}

    def fail(self, what, error):
        LOG.error("FAILED %s: %s", what, error)
        self.failures.append(f"{what}: {error}")

    def listed(self, what, path, key, query=None):
        try:
            return self.api.pages(path, key, query)
        except ApiError as error:
            self.fail(f"to list {what}", error)
            return []

    # clusters -------------------------------------------------------------

    def clusters(self):
        """Running clusters by source: all-purpose ones are targets; job and pipeline ones lend their tags."""
        running = [c for c in self.listed("clusters", "/api/2.1/clusters/list", "clusters") if c.get("state") in RUNNING_CLUSTER_STATES]
        direct = [cluster_target(c) for c in running if c.get("cluster_source") not in PIPELINE_SOURCES | {JOB_SOURCE}]
        job = {c["cluster_id"]: c for c in running if c.get("cluster_source") == JOB_SOURCE}
        pipeline = {c["cluster_id"]: c for c in running if c.get("cluster_source") in PIPELINE_SOURCES}
        return direct, job, pipeline

    # job runs -------------------------------------------------------------

    def job_settings(self, job_id):
        """jobs/get once per job and sweep: runs/list returns no tags (Go SDK jobs.BaseRun has none).

        API 2.1 returns every task and job cluster; 2.2 would page them past 100 (Go SDK GetJobRequest.page_token).
        """
        if job_id not in self.jobs:
            try:
                self.jobs[job_id] = self.api.call("GET", "/api/2.1/jobs/get", query={"job_id": job_id}).get("settings") or {}
            except ApiError as error:
                self.fail(f"to read job {job_id}", error)
                self.jobs[job_id] = {}
        return self.jobs[job_id]

    def runs(self, job_clusters):
        """Active runs; a one-time run (no job_id) is attributed by its own cluster specs alone."""
        runs = self.listed("job runs", "/api/2.1/jobs/runs/list", "runs", {"active_only": "true", "expand_tasks": "true"})
        targets = []
        for run in runs:
            maps = run_tag_maps(run, job_clusters)
            if run.get("job_id"):
                maps += job_tag_maps(self.job_settings(run["job_id"]))
            targets.append(Target("run", run["run_id"], merge_tags(*maps), run.get("start_time")))
        return targets

    # pipelines ------------------------------------------------------------

    def pipelines(self, pipeline_clusters):
        statuses = self.listed("pipelines", "/api/2.0/pipelines", "statuses", {"max_results": 100})
        targets = []
        for status in statuses:
            if status.get("state") in ACTIVE_PIPELINE_STATES or _active_update(status):
                try:
                    targets += self.pipeline(status["pipeline_id"], pipeline_clusters)
                except ApiError as error:
                    self.fail(f"to read pipeline {status['pipeline_id']}", error)
        return targets

    def pipeline(self, pipeline_id, pipeline_clusters):
        """The active update's start: latest_updates[].creation_time is a string, the update's own is ms."""
        pipeline = self.api.call("GET", f"/api/2.0/pipelines/{pipeline_id}")
        active = _active_update(pipeline)
        if active is None:
            return []
        update = self.api.call("GET", f"/api/2.0/pipelines/{pipeline_id}/updates/{active['update_id']}").get("update") or {}
        spec = pipeline.get("spec") or {}
        cluster_ids = {pipeline.get("cluster_id"), update.get("cluster_id")}
        maps = [spec.get("tags")] + [custom_tags(c) for c in spec.get("clusters") or []]
        maps += [custom_tags(pipeline_clusters.get(cluster_id)) for cluster_id in cluster_ids]
        return [Target("pipeline", pipeline_id, merge_tags(*maps), update.get("creation_time"))]

    # enforcement ----------------------------------------------------------

    def limit_of(self, target):
        """The strictest limit among the TAG values a target carries, with the value it belongs to."""
        known = sorted((self.limits[value], value) for value in target.tags.get(self.tag, ()) if value in self.limits)
        return known[0] if known else (None, None)

    def enforce(self, targets):
        for target in targets:
            limit, value = self.limit_of(target)
            if limit is None or not matches(target.tags, self.match) or not target.started_ms:
                continue
            minutes = (self.now_ms - target.started_ms) / 60000
            if minutes > limit:
                self.act(target, value, minutes, limit)

    def act(self, target, value, minutes, limit):
        verb, endpoint, body = ACTIONS[target.kind]
        owner = ",".join(sorted(target.tags.get(self.owner_tag, ()))) or "unknown"
        what = f"{verb} {target.kind} {target.id}"
        LOG.warning("%s%s (%s=%s, %s=%s): running %d min, limit %g min", "would " if self.dry_run else "", what,
                    self.tag, value, self.owner_tag, owner, minutes, limit)
        action = {"action": verb, "kind": target.kind, "id": target.id, "tag": value, "owner": owner,
                  "minutes": int(minutes), "limit": limit}
        if not self.dry_run:
            try:
                self.api.call("POST", endpoint.format(target.id), body(target.id))
            except ApiError as error:
                self.fail(f"to {what}", error)
                return
        self.actions.append(action)

    def run(self):
        direct, job_clusters, pipeline_clusters = self.clusters()
        for kind, targets in (("clusters", direct), ("runs", self.runs(job_clusters)), ("pipelines", self.pipelines(pipeline_clusters))):
            self.checked[kind] = len(targets)
            self.enforce(targets)
        return self


def _active_update(pipeline):
    """The newest update still in progress (latest_updates is ordered newest first, Go SDK pipelines)."""
    return next((u for u in pipeline.get("latest_updates") or [] if u.get("state") in ACTIVE_UPDATE_STATES), None)


@dataclass
class Report:
    actions: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    checked: dict = field(default_factory=dict)


def enforce(api, limits, tag="owner_agent", match=None, owner_tag="owner_agent", now_ms=None, dry_run=False):
    """One sweep; returns the actions taken (or, in a dry run, that would be taken) and the failures."""
    now_ms = now_ms if now_ms is not None else int(time.time() * 1000)
    sweep = Sweep(api, limits, tag, match or {}, owner_tag, now_ms, dry_run).run()
    return Report(sweep.actions, sweep.failures, sweep.checked)


# ---------------------------------------------------------------- command line


def parse_limits(text):
    """A JSON object mapping tag values to positive, finite minutes."""
    try:
        limits = json.loads(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"--limits is not JSON: {error}") from None
    if not isinstance(limits, dict):
        raise argparse.ArgumentTypeError("--limits must be a JSON object of tag value -> minutes")
    for value, minutes in limits.items():
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not math.isfinite(minutes) or minutes <= 0:
            raise argparse.ArgumentTypeError(f"--limits: the limit of {value!r} must be a positive number of minutes, got {minutes!r}")
    return {value: float(minutes) for value, minutes in limits.items()}


def parse_match(text):
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"--match expects KEY=VALUE, got {text!r}")
    return key, value


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--limits", required=True, type=parse_limits, help="JSON object: value of tag TAG -> maximum runtime in minutes")
    p.add_argument("--tag", default="owner_agent", help="tag whose value keys --limits, e.g. compute")
    p.add_argument("--host", default=None, help="workspace URL (else DATABRICKS_HOST or the SDK's host)")
    p.add_argument("--match", action="append", type=parse_match, default=[], metavar="KEY=VALUE",
                   help="act only on resources also tagged KEY=VALUE (repeatable)")
    p.add_argument("--owner-tag", default="owner_agent", help="tag naming the owner agent in log lines")
    p.add_argument("--dry-run", action="store_true", help="report, change nothing (no POST request)")
    return p


def main(argv=None, environ=None, clock=time.time, sleep=time.sleep):
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage error
        return exit_.code
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stdout)
    match = {}
    for key, value in args.match:
        match.setdefault(key, set()).add(value)
    try:
        credentials = resolve_credentials(args.host, os.environ if environ is None else environ, clock)
        credentials.headers()  # fail here, with exit 2, rather than on every call
    except CredentialError as error:
        LOG.error("%s", error)
        return 2
    LOG.info("sweeping %s (credentials: %s, tag %s, match %s)%s", credentials.host, credentials.source, args.tag,
             {k: sorted(v) for k, v in match.items()}, " - dry run" if args.dry_run else "")
    api = Api(credentials.host, credentials.headers, sleep=sleep)
    report = enforce(api, args.limits, args.tag, match, args.owner_tag, int(clock() * 1000), args.dry_run)
    LOG.info("summary: %d action(s)%s, %d failure(s); checked %s", len(report.actions), " (dry run)" if args.dry_run else "",
             len(report.failures), ", ".join(f"{n} {kind}" for kind, n in report.checked.items()))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
