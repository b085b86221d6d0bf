"""Runtime guard: enforces each compute row's maximum runtime, which Databricks has no native cap for.

It owns one sweep over the workspace, run every few minutes by a scheduled serverless job, in this order:
- all-purpose clusters (UI/API) running longer than their limit are terminated;
- active job runs longer than their limit are cancelled (a job cluster ends with its run);
- active DLT pipeline updates longer than their limit are stopped (their clusters are never deleted).
Each page is acted on as it arrives, within a budget below the job's own timeout.

Attribution, identity first: compute that runs as (or was started by) an agent's identity (`--agents`) is that
agent's. It gets the limit of the row its TAG names when the agent may use that row; the strictest limit among the
agent's rows when the tag is missing, unknown or names a row the agent may not use; and an agent's all-purpose
cluster not created from one of that agent's own policies is a breach (strictest limit, or `--off-policy
terminate`). Compute of any other identity is acted on only when its TAG names a row of `--limits` and it carries
every `--match` tag. Standard library only at import time; the Databricks SDK, when installed, only supplies
credentials.

Usage: runtime_guard.py --limits '{"spark-interactive": 240}' | --limits-file PATH  --tag compute [--host URL]
                        [--agents JSON] [--off-policy limit|terminate] [--timeout-seconds 600]
                        [--match project=lakehouse-agents ...] [--owner-tag owner_agent] [--dry-run]
Credentials, first that applies: DATABRICKS_TOKEN (with DATABRICKS_HOST or --host); the Databricks SDK's
default chain (`databricks.sdk.core.Config()`, runtime-native auth in a serverless job); OAuth M2M from
DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET. Exit 0: all went well; 1: an action or listing failed, or the
budget ran out before the sweep ended; 2: usage or credential error, or the guard is not a workspace admin.
"""
import argparse
import base64
import ipaddress
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
REQUEST_TIMEOUT_SECONDS = 30
# The sweep stops this long before the job's timeout, to log what it did not reach and exit 1 itself.
SWEEP_MARGIN_SECONDS = 60
MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS = 120, 86_400
# Go SDK compute.State: these four still hold (or are about to hold) cloud resources.
RUNNING_CLUSTER_STATES = ("PENDING", "RESIZING", "RESTARTING", "RUNNING")
# Go SDK compute.ClusterSource: clusters that belong to a pipeline update or a job run are handled
# through the update (stopped) or the run (cancelled), never terminated directly.
PIPELINE_SOURCES = {"PIPELINE", "PIPELINE_MAINTENANCE"}
JOB_SOURCE = "JOB"
# Go SDK pipelines.UpdateInfoState minus the final states (COMPLETED, FAILED, CANCELED) and STOPPING.
ACTIVE_UPDATE_STATES = {"CREATED", "QUEUED", "INITIALIZING", "RESETTING", "SETTING_UP_TABLES", "WAITING_FOR_RESOURCES", "RUNNING"}
# Go SDK pipelines.PipelineState values in which an update may be in progress.
ACTIVE_PIPELINE_STATES = {"DEPLOYING", "STARTING", "RUNNING", "RECOVERING", "RESETTING"}
# Go SDK jobs.RunLifeCycleState: TERMINATING runs are already ending; the final ones cannot be cancelled.
ENDING_RUN_STATES = {"TERMINATING", "TERMINATED", "SKIPPED", "INTERNAL_ERROR"}
# Go SDK jobs.RunLifeCycleState QUEUED: the run waits for a slot (up to 48 h) and holds no compute yet.
QUEUED = "QUEUED"
# Go SDK jobs.RunType: only JOB_RUN belongs to a job the guard can read; SUBMIT_RUN's job is hidden.
JOB_RUN = "JOB_RUN"
# Go SDK apierr/error_mapping.go: how the API answers an action on an object that has already finished.
FINISHED_ERROR_CODES = {"INVALID_STATE", "RESOURCE_DOES_NOT_EXIST"}
# Page sizes: clusters/list page_size (Go SDK ListClustersRequest; the server may lower it), runs/list limit
# (ListRunsRequest: at most 25), pipelines max_results (ListPipelinesRequest: at most 100).
CLUSTER_PAGE_SIZE, RUN_PAGE_SIZE, PIPELINE_PAGE_SIZE = 100, 25, 100
ADMINS_GROUP = "admins"


class ApiError(Exception):
    """A workspace API call failed for good (after retries where retrying makes sense)."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code  # the answer's error_code, e.g. INVALID_STATE


class OutOfTime(ApiError):
    """The sweep's budget ran out: no further request is made."""


class CredentialError(Exception):
    """No usable workspace credentials."""


class UsageError(Exception):
    """Arguments the guard cannot work with (exit 2)."""


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


def _error_body(error):
    """Databricks error bodies carry error_code and message (never credentials)."""
    try:
        with error:  # closes the connection the error holds
            body = json.loads(error.read().decode() or "{}")
        return body.get("error_code"), f" {body.get('error_code', '')}: {body.get('message', '')}".rstrip(": ")
    except (ValueError, AttributeError, OSError):
        return None, ""


def _retry_after(error):
    """Seconds from an integer Retry-After header, as the SDK parses it (errors/customizer.py), capped."""
    try:
        return min(max(float(error.headers.get("Retry-After")), 0.0), MAX_RETRY_AFTER_SECONDS)
    except (TypeError, ValueError):
        return None


class Deadline:
    """The sweep's budget on a monotonic clock: no request starts, and no retry waits, past it."""

    def __init__(self, seconds, clock=time.monotonic):
        self.clock = clock
        self.at = clock() + seconds

    def remaining(self):
        return self.at - self.clock()


class Api:
    """JSON calls to one workspace: 429/503 wait for Retry-After, other 5xx and network errors back off."""

    def __init__(self, host, headers, attempts=ATTEMPTS, backoff_seconds=1.0, sleep=time.sleep, deadline=None):
        self.host = host.rstrip("/")
        self.headers = headers
        self.attempts = attempts
        self.backoff_seconds = backoff_seconds
        self.sleep = sleep
        self.deadline = deadline
        self.requests = 0

    def _remaining(self, what):
        remaining = math.inf if self.deadline is None else self.deadline.remaining()
        if remaining <= 0:
            raise OutOfTime(f"the sweep's budget ran out before {what}")
        return remaining

    def call(self, method, path, body=None, query=None):
        url = f"{self.host}{path}" + (f"?{urllib.parse.urlencode(query, doseq=True)}" if query else "")
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(1, self.attempts + 1):
            remaining = self._remaining(f"{method} {path}")
            try:
                return self._once(method, url, data, min(REQUEST_TIMEOUT_SECONDS, remaining))
            except urllib.error.HTTPError as error:
                code, detail = _error_body(error)
                failure = f"HTTP {error.code}{detail} on {method} {path}"
                if error.code != 429 and error.code < 500:
                    raise ApiError(failure, code) from None
                wait = _retry_after(error) if error.code in (429, 503) else None
            except (urllib.error.URLError, OSError) as error:
                code, failure, wait = None, f"{type(error).__name__} on {method} {path}: {error}", None
            if attempt == self.attempts:
                raise ApiError(failure, code)
            wait = self.backoff_seconds * 2 ** (attempt - 1) if wait is None else wait
            if wait >= self._remaining(f"retrying {method} {path}"):
                raise OutOfTime(f"the sweep's budget ran out while retrying {method} {path} ({failure})")
            LOG.warning("attempt %d/%d failed (%s); retrying in %.0f s", attempt, self.attempts, failure, wait)
            self.sleep(wait)

    def _once(self, method, url, data, timeout):
        try:
            headers = {**self.headers(), "Content-Type": "application/json"}
        except CredentialError as error:
            raise ApiError(str(error)) from None
        self.requests += 1
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
        try:
            return json.loads(text or "{}")
        except ValueError:
            raise ApiError(f"no JSON in the answer to {method} {urllib.parse.urlsplit(url).path}") from None

    def pages(self, path, key, query=None):
        """Yields each page's items as it arrives, following next_page_token (and stopping on has_more=false).

        A page that fails raises where it failed: the pages before it have already been handed out.
        """
        query = dict(query or {})
        while True:
            page = self.call("GET", path, query=query)
            yield page.get(key) or []
            token = page.get("next_page_token")
            if not token or page.get("has_more") is False:
                return
            query["page_token"] = token


def is_workspace_admin(api):
    """SCIM Me (Go SDK iam.CurrentUserAPI.Me, GET /api/2.0/preview/scim/v2/Me): iam.User.groups[].display."""
    me = api.call("GET", "/api/2.0/preview/scim/v2/Me")
    return me.get("userName") or me.get("displayName") or "?", any(g.get("display") == ADMINS_GROUP for g in me.get("groups") or [])


# ---------------------------------------------------------------- tags and identities


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


def run_as_names(run_as):
    """Go SDK jobs.JobRunAs / pipelines.RunAs: service_principal_name (application id) or user_name."""
    return [(run_as or {}).get("service_principal_name"), (run_as or {}).get("user_name")]


@dataclass(frozen=True)
class Agent:
    name: str
    identities: frozenset  # application ids (or user names) the agent runs as
    rows: tuple  # rows of --limits the agent may use
    policies: frozenset  # ids of the agent's own cluster policies


class Roster:
    """The agents by identity, and the limits that apply to each."""

    def __init__(self, agents, limits):
        self.limits = limits
        self.by_identity = {identity: agent for agent in agents for identity in agent.identities}
        self.strictest_of_all = min(limits.values(), default=None)

    def agents_of(self, identities):
        found = {self.by_identity[i] for i in identities if i in self.by_identity}
        return sorted(found, key=lambda agent: agent.name)

    def strictest(self, agents):
        """The strictest limit among the agents' rows; an agent without a limited row gets the model's strictest."""
        rows = sorted((self.limits[row], row) for agent in agents for row in agent.rows)
        return rows[0] if rows else (self.strictest_of_all, "strictest row of the model")


# ---------------------------------------------------------------- what the guard looks at


@dataclass(frozen=True)
class Target:
    kind: str  # cluster | run | pipeline
    id: object
    tags: dict  # key -> set of values
    started_ms: Optional[int]  # epoch ms; None when the API gave none (then the target is skipped)
    identities: tuple = ()  # who it runs as or who started it
    policy_id: Optional[str] = None  # all-purpose clusters only: the policy it was created from
    checks_policy: bool = False


# kind -> (verb, endpoint, request body). clusters/delete TERMINATES (Go SDK ClustersAPI.Delete: "Terminates the
# Spark cluster ... in a TERMINATED state"; only clusters/permanent-delete removes it). pipelines/{id}/stop takes no body
# (Go SDK pipelines.StopRequest has only the path parameter).
ACTIONS = {
    "cluster": ("terminate", "/api/2.1/clusters/delete", lambda i: {"cluster_id": i}),
    "run": ("cancel", "/api/2.1/jobs/runs/cancel", lambda i: {"run_id": i}),
    "pipeline": ("stop", "/api/2.0/pipelines/{}/stop", lambda i: None),
}


def cluster_target(cluster):
    """Go SDK compute.ClusterDetails: start_time is the creation (ms), last_restarted_time the latest (re)start;
    single_user_name runs it (SINGLE_USER), creator_user_name started it, policy_id is the policy it came from."""
    return Target("cluster", cluster["cluster_id"], merge_tags(cluster.get("custom_tags")),
                  cluster.get("last_restarted_time") or cluster.get("start_time"),
                  (cluster.get("single_user_name"), cluster.get("creator_user_name")), cluster.get("policy_id"), True)


def run_started_ms(run):
    """Go SDK jobs.BaseRun: a repaired run counts from its latest repair (repair_history[].start_time of type
    REPAIR); otherwise from start_time plus queue_duration (ms spent in the queue, holding no compute)."""
    repairs = [item.get("start_time") for item in run.get("repair_history") or [] if item.get("type") == "REPAIR"]
    repairs = [start for start in repairs if start]
    if repairs:
        return max(repairs)
    start = run.get("start_time")
    return start + (run.get("queue_duration") or 0) if start else None


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


def _active_update(pipeline):
    """The newest update still in progress (latest_updates is ordered newest first, Go SDK pipelines)."""
    return next((u for u in pipeline.get("latest_updates") or [] if u.get("state") in ACTIVE_UPDATE_STATES), None)


@dataclass
class Settings:
    limits: dict
    tag: str = "owner_agent"
    match: dict = field(default_factory=dict)
    owner_tag: str = "owner_agent"
    agents: tuple = ()
    off_policy: str = "limit"  # limit | terminate
    dry_run: bool = False


@dataclass
class Report:
    actions: list = field(default_factory=list)
    failures: list = field(default_factory=list)
    finished: list = field(default_factory=list)  # objects that had already ended when the guard acted
    checked: dict = field(default_factory=dict)
    requests: dict = field(default_factory=dict)  # pages per list, job and pipeline reads, actions
    unreached: list = field(default_factory=list)


class Sweep:
    """One pass: clusters, then runs, then pipeline updates, each page judged and acted on as it arrives."""

    PHASES = ("clusters", "runs", "pipelines")

    def __init__(self, api, settings, now_ms):
        self.api, self.settings, self.now_ms = api, settings, now_ms
        self.roster = Roster(settings.agents, settings.limits)
        self.report = Report(checked={kind: 0 for kind in self.PHASES},
                             requests={"cluster pages": 0, "run pages": 0, "job reads": 0, "pipeline pages": 0,
                                       "pipeline reads": 0, "actions": 0})
        self.jobs = {}  # job_id -> (settings, identities), read once per sweep
        self.job_clusters, self.pipeline_clusters = {}, {}

    def fail(self, what, error):
        LOG.error("FAILED %s: %s", what, error)
        self.report.failures.append(f"{what}: {error}")

    def each_page(self, what, counter, path, key, query):
        """Pages of a list as they arrive; a page that fails ends the list, keeps what was read, records the failure."""
        read = 0
        try:
            for items in self.api.pages(path, key, query):
                read += 1
                self.report.requests[counter] += 1
                yield items
        except OutOfTime:
            raise
        except ApiError as error:
            self.fail(f"to list {what}", f"{error} (the {read} page(s) before it were enforced)")

    # clusters -------------------------------------------------------------

    def clusters(self):
        """Running clusters: all-purpose ones are judged; job and pipeline ones lend their tags to runs and updates."""
        # Go SDK compute.ListClustersFilterBy.cluster_states, sent as filter_by.cluster_states (httpclient/request.go).
        query = {"page_size": CLUSTER_PAGE_SIZE, "filter_by.cluster_states": RUNNING_CLUSTER_STATES}
        for page in self.each_page("clusters", "cluster pages", "/api/2.1/clusters/list", "clusters", query):
            for cluster in page:
                if cluster.get("state") not in RUNNING_CLUSTER_STATES:
                    continue
                source = cluster.get("cluster_source")
                if source == JOB_SOURCE:
                    self.job_clusters[cluster["cluster_id"]] = {"custom_tags": cluster.get("custom_tags")}
                elif source in PIPELINE_SOURCES:
                    self.pipeline_clusters[cluster["cluster_id"]] = {"custom_tags": cluster.get("custom_tags")}
                else:
                    self.judge(cluster_target(cluster))

    # job runs -------------------------------------------------------------

    def job(self, job_id):
        """jobs/get once per job and sweep: runs/list returns no tags (Go SDK jobs.BaseRun has none).

        Go SDK jobs.Job: settings (tags, job_clusters, tasks, run_as), run_as_user_name, creator_user_name.
        API 2.1 returns every task and job cluster; 2.2 would page them past 100 (Go SDK GetJobRequest.page_token).
        """
        if job_id not in self.jobs:
            self.report.requests["job reads"] += 1
            try:
                found = self.api.call("GET", "/api/2.1/jobs/get", query={"job_id": job_id})
            except OutOfTime:
                raise
            except ApiError as error:
                self.fail(f"to read job {job_id}", error)
                found = {}
            settings = found.get("settings") or {}
            identities = (found.get("run_as_user_name"), *run_as_names(settings.get("run_as")))
            self.jobs[job_id] = (settings, identities)
        return self.jobs[job_id]

    def runs(self):
        """Active runs (QUEUED, PENDING, RUNNING, TERMINATING: Go SDK ListRunsRequest.active_only), 25 a page."""
        query = {"active_only": "true", "expand_tasks": "true", "limit": RUN_PAGE_SIZE}
        for page in self.each_page("job runs", "run pages", "/api/2.1/jobs/runs/list", "runs", query):
            for run in page:
                life_cycle = (run.get("state") or {}).get("life_cycle_state")  # Go SDK jobs.RunState
                if life_cycle in ENDING_RUN_STATES or life_cycle == QUEUED:
                    continue
                maps = run_tag_maps(run, self.job_clusters)
                identities = [run.get("creator_user_name")]  # Go SDK jobs.BaseRun.creator_user_name
                # A one-time run (SUBMIT_RUN) has a hidden job: attributed by its own specs and identity alone.
                if run.get("job_id") and run.get("run_type", JOB_RUN) == JOB_RUN:
                    settings, job_identities = self.job(run["job_id"])
                    maps += job_tag_maps(settings)
                    identities += job_identities
                self.judge(Target("run", run["run_id"], merge_tags(*maps), run_started_ms(run), tuple(identities)))

    # pipelines ------------------------------------------------------------

    def pipelines(self):
        """Go SDK pipelines.PipelineStateInfo (statuses): state, latest_updates; only active ones are read."""
        query = {"max_results": PIPELINE_PAGE_SIZE}
        for page in self.each_page("pipelines", "pipeline pages", "/api/2.0/pipelines", "statuses", query):
            for status in page:
                if status.get("state") in ACTIVE_PIPELINE_STATES or _active_update(status):
                    try:
                        target = self.pipeline(status["pipeline_id"])
                    except OutOfTime:
                        raise
                    except ApiError as error:
                        self.fail(f"to read pipeline {status['pipeline_id']}", error)
                        continue
                    if target:
                        self.judge(target)

    def pipeline(self, pipeline_id):
        """Go SDK pipelines.GetPipelineResponse (spec.tags, spec.clusters[].custom_tags, cluster_id, run_as,
        run_as_user_name, creator_user_name) and GetUpdateResponse.update.creation_time (ms; the string in
        latest_updates is not)."""
        self.report.requests["pipeline reads"] += 1
        pipeline = self.api.call("GET", f"/api/2.0/pipelines/{pipeline_id}")
        active = _active_update(pipeline)
        if active is None:
            return None
        self.report.requests["pipeline reads"] += 1
        update = self.api.call("GET", f"/api/2.0/pipelines/{pipeline_id}/updates/{active['update_id']}").get("update") or {}
        spec = pipeline.get("spec") or {}
        maps = [spec.get("tags")] + [custom_tags(c) for c in spec.get("clusters") or []]
        maps += [custom_tags(self.pipeline_clusters.get(c)) for c in (pipeline.get("cluster_id"), update.get("cluster_id"))]
        identities = (pipeline.get("run_as_user_name"), pipeline.get("creator_user_name"), *run_as_names(pipeline.get("run_as")))
        return Target("pipeline", pipeline_id, merge_tags(*maps), update.get("creation_time"), identities)

    # judgement ------------------------------------------------------------

    def limit_of(self, target):
        """(limit, row, how), or None when the target is nobody's to limit.

        An agent's compute: the strictest limit among the tagged rows that agent may use; the strictest among the
        agent's rows when none qualifies or its cluster did not come from its own policies. Anyone else's: the
        strictest limit among the tagged rows of --limits, when it carries the --match tags.
        """
        limits, tagged = self.settings.limits, target.tags.get(self.settings.tag, set())
        agents = self.roster.agents_of(i for i in target.identities if i)
        if not agents:
            known = sorted((limits[row], row) for row in tagged if row in limits)
            if not known or not matches(target.tags, self.settings.match):
                return None
            return (*known[0], "tag")
        if target.checks_policy and target.policy_id not in {p for agent in agents for p in agent.policies}:
            return (*self.roster.strictest(agents), "off-policy")
        allowed = sorted((limits[row], row) for agent in agents for row in agent.rows if row in tagged)
        if allowed:
            return (*allowed[0], "identity")
        how = "untagged" if not tagged else "row not allowed" if tagged & set(limits) else "unknown row"
        return (*self.roster.strictest(agents), how)

    def judge(self, target):
        self.report.checked[f"{target.kind}s"] += 1
        found = self.limit_of(target)
        if found is None or not target.started_ms:
            return
        limit, row, how = found
        minutes = (self.now_ms - target.started_ms) / 60000
        agents = self.roster.agents_of(i for i in target.identities if i)
        if how == "off-policy" and self.settings.off_policy == "terminate":
            self.act(target, row, minutes, 0, how, agents)
        elif limit is not None and minutes > limit:  # None: --limits is empty, nothing to measure against
            self.act(target, row, minutes, limit, how, agents)

    def act(self, target, row, minutes, limit, how, agents):
        verb, endpoint, body = ACTIONS[target.kind]
        owner = ",".join(a.name for a in agents) or ",".join(sorted(target.tags.get(self.settings.owner_tag, ()))) or "unknown"
        what = f"{verb} {target.kind} {target.id}"
        LOG.warning("%s%s (%s=%s, %s=%s, by %s): running %d min, limit %g min", "would " if self.settings.dry_run else "",
                    what, self.settings.tag, row, self.settings.owner_tag, owner, how, minutes, limit)
        action = {"action": verb, "kind": target.kind, "id": target.id, "tag": row, "owner": owner, "by": how,
                  "minutes": int(minutes), "limit": limit}
        if not self.settings.dry_run:
            self.report.requests["actions"] += 1
            try:
                self.api.call("POST", endpoint.format(target.id), body(target.id))
            except OutOfTime:
                raise
            except ApiError as error:
                if error.code in FINISHED_ERROR_CODES:
                    LOG.info("%s: already finished (%s)", what, error)
                    self.report.finished.append(what)
                else:
                    self.fail(f"to {what}", error)
                return
        self.report.actions.append(action)

    def run(self):
        for index, phase in enumerate(self.PHASES):
            try:
                getattr(self, phase)()
            except OutOfTime as error:
                self.report.unreached = [f"the rest of {phase}", *self.PHASES[index + 1:]]
                self.fail("to finish the sweep", f"{error}; not reached: {', '.join(self.report.unreached)}")
                break
        return self.report


def enforce(api, limits, tag="owner_agent", match=None, owner_tag="owner_agent", now_ms=None, dry_run=False,
            agents=(), off_policy="limit"):
    """One sweep; returns the actions taken (or, in a dry run, that would be taken) and the failures."""
    now_ms = now_ms if now_ms is not None else int(time.time() * 1000)
    settings = Settings(limits, tag, match or {}, owner_tag, tuple(agents), off_policy, dry_run)
    return Sweep(api, settings, now_ms).run()


# ---------------------------------------------------------------- command line


def json_object(text, flag, shape):
    """The argument's JSON object, or a usage error naming the flag and the shape it takes."""
    try:
        value = json.loads(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{flag} is not JSON: {error}") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(f"{flag} must be a JSON object of {shape}")
    return value


def parse_limits(text):
    """A JSON object mapping tag values to positive, finite minutes."""
    limits = json_object(text, "--limits", "tag value -> minutes")
    for value, minutes in limits.items():
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not math.isfinite(minutes) or minutes <= 0:
            raise argparse.ArgumentTypeError(f"--limits: the limit of {value!r} must be a positive number of minutes, got {minutes!r}")
    return {value: float(minutes) for value, minutes in limits.items()}


def read_limits_file(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_limits(handle.read())
    except OSError as error:
        raise argparse.ArgumentTypeError(f"--limits-file {path!r} cannot be read: {error.strerror or error}") from None


def parse_agents(text):
    """JSON object: agent -> {"identities": [application id...], "rows": [row...], "policies": [policy id...]}."""
    agents = json_object(text, "--agents", "agent name -> {identities, rows, policies}")
    parsed = []
    for name, entry in sorted(agents.items()):
        lists = {key: (entry or {}).get(key, []) if isinstance(entry, dict) else None for key in ("identities", "rows", "policies")}
        for key, values in lists.items():
            if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
                raise argparse.ArgumentTypeError(f"--agents: {name}.{key} must be a list of non-empty strings, got {values!r}")
        if not lists["identities"]:
            raise argparse.ArgumentTypeError(f"--agents: {name}.identities is empty: give the agent's application id")
        parsed.append(Agent(name, frozenset(lists["identities"]), tuple(lists["rows"]), frozenset(lists["policies"])))
    return tuple(parsed)


def parse_timeout(text):
    try:
        seconds = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--timeout-seconds must be a whole number of seconds, got {text!r}") from None
    if not MIN_TIMEOUT_SECONDS <= seconds <= MAX_TIMEOUT_SECONDS:
        raise argparse.ArgumentTypeError(f"--timeout-seconds must be between {MIN_TIMEOUT_SECONDS} and {MAX_TIMEOUT_SECONDS} "
                                         f"(the sweep stops {SWEEP_MARGIN_SECONDS} s before it), got {seconds}")
    return seconds


def parse_match(text):
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"--match expects KEY=VALUE, got {text!r}")
    return key, value


def check_agents(agents, limits):
    """Every row an agent names must have a limit, and no identity may belong to two agents."""
    owners = {}
    for agent in agents:
        for row in agent.rows:
            if row not in limits:
                raise UsageError(f"--agents: {agent.name} names row {row!r}, which --limits does not have: "
                                 f"list only rows with a limit ({', '.join(sorted(limits)) or 'none'})")
        for identity in agent.identities:
            if owners.setdefault(identity, agent.name) != agent.name:
                raise UsageError(f"--agents: identity {identity!r} belongs to both {owners[identity]} and {agent.name}")


def check_host(host):
    """https only: the guard sends workspace-admin credentials. Plain http only to a loopback address (a local fake)."""
    parts = urllib.parse.urlsplit(host or "")
    if parts.scheme == "https" and parts.hostname:
        return
    try:
        loopback = parts.scheme == "http" and (parts.hostname == "localhost" or ipaddress.ip_address(parts.hostname or "").is_loopback)
    except ValueError:
        loopback = False
    if not loopback:
        raise UsageError(f"the workspace host {host!r} is not an https URL: give e.g. https://adb-123.4.azuredatabricks.net")


def parser():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    limits = p.add_mutually_exclusive_group(required=True)
    limits.add_argument("--limits", type=parse_limits, help="JSON object: value of tag TAG -> maximum runtime in minutes")
    limits.add_argument("--limits-file", type=read_limits_file, dest="limits", help="the same JSON object, from a file")
    p.add_argument("--tag", default="owner_agent", help="tag whose value keys --limits, e.g. compute")
    p.add_argument("--host", default=None, help="workspace URL (else DATABRICKS_HOST or the SDK's host)")
    p.add_argument("--agents", type=parse_agents, default=(), help="JSON object: agent -> {identities, rows, policies}")
    p.add_argument("--off-policy", choices=("limit", "terminate"), default="limit",
                   help="an agent's all-purpose cluster not from its own policies: strictest limit, or terminate")
    p.add_argument("--timeout-seconds", type=parse_timeout, default=600, help="the job's timeout; the sweep stops 60 s before")
    # Required: without the project's tags every identity's compute tagged with a row name would look like ours.
    p.add_argument("--match", action="append", type=parse_match, required=True, metavar="KEY=VALUE",
                   help="act on other identities' resources only when also tagged KEY=VALUE (repeatable; at least one)")
    p.add_argument("--owner-tag", default="owner_agent", help="tag naming the owner agent in log lines")
    p.add_argument("--dry-run", action="store_true", help="report, change nothing (no POST request)")
    return p


def main(argv=None, environ=None, clock=time.time, sleep=time.sleep, monotonic=time.monotonic):
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:  # argparse has printed the usage error
        return exit_.code
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stdout)
    match = {}
    for key, value in args.match:
        match.setdefault(key, set()).add(value)
    try:
        check_agents(args.agents, args.limits)
        credentials = resolve_credentials(args.host, os.environ if environ is None else environ, clock)
        check_host(credentials.host)
        credentials.headers()  # fail here, with exit 2, rather than on every call
    except (UsageError, CredentialError) as error:
        LOG.error("%s", error)
        return 2
    deadline = Deadline(args.timeout_seconds - SWEEP_MARGIN_SECONDS, monotonic)
    api = Api(credentials.host, credentials.headers, sleep=sleep, deadline=deadline)
    try:
        identity, admin = is_workspace_admin(api)
    except ApiError as error:
        LOG.error("cannot tell whether the guard is a workspace admin: %s", error)
        return 1
    if not admin:
        LOG.error("the guard's identity %s is not in the workspace group %r: it would see only its own clusters, runs and "
                  "pipelines and enforce nothing on the agents'; add it to %r (the stack's admin-membership)", identity,
                  ADMINS_GROUP, ADMINS_GROUP)
        return 2
    LOG.info("sweeping %s as %s (credentials: %s, tag %s, %d agent(s), off-policy %s, match %s, budget %d s)%s",
             credentials.host, identity, credentials.source, args.tag, len(args.agents), args.off_policy,
             {k: sorted(v) for k, v in match.items()}, args.timeout_seconds - SWEEP_MARGIN_SECONDS,
             " - dry run" if args.dry_run else "")
    report = enforce(api, args.limits, args.tag, match, args.owner_tag, int(clock() * 1000), args.dry_run,
                     args.agents, args.off_policy)
    LOG.info("summary: %d action(s)%s, %d failure(s), %d already finished; checked %s; requests: %s",
             len(report.actions), " (dry run)" if args.dry_run else "", len(report.failures), len(report.finished),
             ", ".join(f"{n} {kind}" for kind, n in report.checked.items()),
             ", ".join(f"{n} {kind}" for kind, n in report.requests.items()))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
