"""A stand-in of the Clusters, Jobs, Pipelines, SCIM and OAuth APIs on 127.0.0.1, for the guard's tests and benchmark.

Payload shapes use the real field names and units (epoch ms timestamps); each builder cites the databricks-sdk-go
v0.175.0 type it follows (service/compute, service/jobs, service/pipelines, service/iam model.go). Lists page on
next_page_token and honour the page size asked for, up to the fake's own maximum (the server may constrain it).
"""
import base64
import json
import re
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NOW = 1_800_000_000_000  # epoch ms
MIN = 60_000
TOKEN = "test-token"
CLIENT_ID, CLIENT_SECRET = "sp-application-id", "sp-secret-value"
GUARD_ID = "guard-application-id"


def tags(compute, owner="spark-developer", environment="dev"):
    """The tags the cluster policy fixes (src/constructs/policy-definition.ts)."""
    return {"owner_agent": owner, "compute": compute, "project": "lakehouse-agents", "environment": environment}


def cluster(cluster_id, tag_map, created_min, restarted_min=None, state="RUNNING", source="UI", single_user=None,
            creator=None, policy_id=None):
    # compute.ClusterDetails: start_time = creation (ms), last_restarted_time (ms), state, cluster_source, custom_tags,
    # single_user_name (SINGLE_USER access mode), creator_user_name, policy_id.
    details = {"cluster_id": cluster_id, "cluster_name": cluster_id, "state": state, "cluster_source": source,
               "start_time": NOW - created_min * MIN, "custom_tags": tag_map,
               "default_tags": {"Vendor": "Databricks", "ClusterId": cluster_id}}
    if restarted_min is not None:
        details["last_restarted_time"] = NOW - restarted_min * MIN
    for key, value in (("single_user_name", single_user), ("creator_user_name", creator), ("policy_id", policy_id)):
        if value is not None:
            details[key] = value
    if single_user is not None:
        details["data_security_mode"] = "SINGLE_USER"
    return details


def run(run_id, minutes, job_id=None, tasks=(), job_clusters=(), cluster_instance=None, cluster_spec=None,
        life_cycle="RUNNING", run_type="JOB_RUN", creator=None, queue_minutes=None, repairs_min=()):
    # jobs.BaseRun (runs/list, expand_tasks=true): run_id, job_id, run_type, start_time (ms), queue_duration (ms),
    # state.life_cycle_state (jobs.RunLifeCycleState), creator_user_name, repair_history[] (jobs.RepairHistoryItem:
    # type ORIGINAL|REPAIR, start_time ms), tasks[], job_clusters[]; no tags.
    body = {"run_id": run_id, "start_time": NOW - minutes * MIN, "run_type": run_type,
            "state": {"life_cycle_state": life_cycle}, "status": {"state": life_cycle},
            "tasks": list(tasks), "job_clusters": list(job_clusters)}
    if job_id is not None:
        body["job_id"] = job_id
    if cluster_instance:
        body["cluster_instance"] = {"cluster_id": cluster_instance}
    if cluster_spec:
        body["cluster_spec"] = cluster_spec
    if creator:
        body["creator_user_name"] = creator
    if queue_minutes is not None:
        body["queue_duration"] = queue_minutes * MIN
    if repairs_min:
        body["repair_history"] = [{"type": "ORIGINAL", "id": run_id, "start_time": body["start_time"]}] + [
            {"type": "REPAIR", "id": run_id * 100 + n, "start_time": NOW - m * MIN} for n, m in enumerate(repairs_min)]
    return body


def job(job_id, tag_map=None, job_clusters=(), tasks=(), run_as=None):
    # jobs.Job (jobs/get): run_as_user_name, settings.tags, settings.run_as (jobs.JobRunAs.service_principal_name),
    # settings.job_clusters[].new_cluster (compute.ClusterSpec), settings.tasks[].
    settings = {"name": f"job-{job_id}", "tags": tag_map or {}, "job_clusters": list(job_clusters), "tasks": list(tasks)}
    body = {"job_id": job_id, "settings": settings}
    if run_as:
        settings["run_as"] = {"service_principal_name": run_as}
        body["run_as_user_name"] = run_as
    return body


def job_cluster(key, tag_map):
    # jobs.JobCluster: job_cluster_key + new_cluster (compute.ClusterSpec with custom_tags).
    return {"job_cluster_key": key, "new_cluster": {"spark_version": "15.4.x-scala2.12", "custom_tags": tag_map}}


class Pipeline:
    """One pipeline as the three pipeline endpoints show it."""

    def __init__(self, pipeline_id, update_min=None, spec_tags=None, cluster_tags=None, cluster_id=None, state="RUNNING",
                 run_as=None):
        self.id, self.update_id = pipeline_id, f"u-{pipeline_id}"
        active = update_min is not None
        # pipelines.UpdateStateInfo: creation_time is a STRING here, state, update_id; newest first.
        self.latest = [{"update_id": self.update_id, "state": "RUNNING" if active else "COMPLETED",
                        "creation_time": "2027-01-15T08:00:00.000Z"}]
        self.state = state if active else "IDLE"
        spec = {"id": pipeline_id, "name": pipeline_id, "serverless": cluster_id is None, "tags": spec_tags or {}}
        if cluster_tags is not None:
            spec["clusters"] = [{"label": "default", "custom_tags": cluster_tags}]
        # pipelines.GetPipelineResponse: spec (PipelineSpec: tags, clusters[].custom_tags), cluster_id, latest_updates,
        # run_as_user_name, run_as (pipelines.RunAs.service_principal_name).
        self.details = {"pipeline_id": pipeline_id, "state": self.state, "spec": spec, "latest_updates": self.latest}
        if cluster_id:
            self.details["cluster_id"] = cluster_id
        if run_as:
            self.details["run_as_user_name"] = run_as
            self.details["run_as"] = {"service_principal_name": run_as}
        # pipelines.GetUpdateResponse: update (UpdateInfo) with creation_time in epoch ms and cluster_id.
        self.update = {"update": {"pipeline_id": pipeline_id, "update_id": self.update_id, "state": self.latest[0]["state"],
                                  "creation_time": NOW - (update_min or 0) * MIN, "cluster_id": cluster_id}}

    def status(self):
        # pipelines.PipelineStateInfo (GET /api/2.0/pipelines "statuses"): pipeline_id, state, latest_updates.
        return {"pipeline_id": self.id, "name": self.id, "state": self.state, "latest_updates": self.latest}


# Go SDK jobs.RunLifeCycleState values runs/list active_only=true returns (ListRunsRequest.active_only).
ACTIVE_RUN_STATES = {"QUEUED", "PENDING", "RUNNING", "TERMINATING", "BLOCKED", "WAITING_FOR_RETRY"}
ACTIONS = ("/api/2.1/clusters/delete", "/api/2.1/jobs/runs/cancel")


class FakeWorkspace:
    def __init__(self, clusters=(), runs=(), jobs=(), pipelines=(), page_size=100, admin=True):
        self.clusters, self.runs = list(clusters), list(runs)
        self.jobs = {j["job_id"]: j for j in jobs}
        self.pipelines = {p.id: p for p in pipelines}
        self.page_size = page_size  # the most the fake returns in one page, whatever is asked for
        # iam.User (SCIM Me): userName, groups[] of iam.ComplexValue {display, value}.
        groups = [{"display": "users", "value": "1"}] + ([{"display": "admins", "value": "2"}] if admin else [])
        self.me = {"userName": GUARD_ID, "groups": groups}
        self.scripted = {}  # (method, path) -> [(status, headers, body)] answered first
        self.calls = []
        self.tokens_issued = 0
        self.clock = [0.0]  # a monotonic clock the guard may read; each request advances it by `tick` seconds
        self.tick = 0.0
        self.lock = threading.Lock()

    def script(self, method, path, *replies):
        self.scripted.setdefault((method, path), []).extend(replies)

    def posts(self):
        return [(path, body) for method, path, _, body in self.calls if method == "POST" and path != "/oidc/v1/token"]

    def count(self, path):
        return sum(1 for _, p, _, _ in self.calls if p == path)

    def page(self, items, key, query, size_key, has_more=False):
        # compute.ListClustersResponse / jobs.ListRunsResponse / pipelines.ListPipelinesResponse: next_page_token.
        start = int(query.get("page_token", ["0"])[0])
        size = min(int(query.get(size_key, [self.page_size])[0]), self.page_size)
        page = {key: items[start:start + size]}
        if start + size < len(items):
            page["next_page_token"] = str(start + size)
        if has_more:  # jobs.ListRunsResponse also says has_more
            page["has_more"] = "next_page_token" in page
        return page

    def route(self, method, path, query):
        if (method, path) == ("GET", "/api/2.0/preview/scim/v2/Me"):
            return 200, self.me
        if (method, path) == ("GET", "/api/2.1/clusters/list"):
            states = set(query.get("filter_by.cluster_states", []))
            return 200, self.page([c for c in self.clusters if not states or c["state"] in states], "clusters", query, "page_size")
        if (method, path) == ("GET", "/api/2.1/jobs/runs/list"):
            active = query.get("active_only") == ["true"]
            runs = [r for r in self.runs if not active or r["state"]["life_cycle_state"] in ACTIVE_RUN_STATES]
            return 200, self.page(runs, "runs", query, "limit", has_more=True)
        if (method, path) == ("GET", "/api/2.1/jobs/get"):
            found = self.jobs.get(int(query["job_id"][0]))
            return (200, found) if found else (400, {"error_code": "INVALID_PARAMETER_VALUE", "message": "Job does not exist."})
        if (method, path) == ("GET", "/api/2.0/pipelines"):
            return 200, self.page([p.status() for p in self.pipelines.values()], "statuses", query, "max_results")
        found = re.fullmatch(r"/api/2\.0/pipelines/([^/]+)(/updates/([^/]+))?", path)
        if method == "GET" and found and found.group(1) in self.pipelines:
            pipeline = self.pipelines[found.group(1)]
            return 200, pipeline.update if found.group(2) else pipeline.details
        if method == "POST" and (path in ACTIONS or path.endswith("/stop")):
            return 200, {}
        return 404, {"error_code": "ENDPOINT_NOT_FOUND", "message": f"no {method} {path}"}

    def token(self, headers, form):
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if headers.get("Authorization") != expected or form != {"grant_type": ["client_credentials"], "scope": ["all-apis"]}:
            return 401, {"error": "invalid_client", "error_description": "bad client"}
        self.tokens_issued += 1
        return 200, {"access_token": f"m2m-{self.tokens_issued}", "token_type": "Bearer", "expires_in": 3600}


def serve(workspace):
    """Serves `workspace` on a free port of 127.0.0.1 from a daemon thread; the caller shuts it down."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status, body, headers=None):
            payload = body.encode() if isinstance(body, str) else json.dumps(body).encode()  # str: a non-JSON page
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def handle_method(self, method):
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
            with workspace.lock:
                workspace.clock[0] += workspace.tick
            if url.path == "/oidc/v1/token":
                workspace.calls.append((method, url.path, query, raw))
                return self.reply(*workspace.token(self.headers, urllib.parse.parse_qs(raw)))
            body = json.loads(raw) if raw else None
            workspace.calls.append((method, url.path, query, body))
            if self.headers.get("Authorization") not in (f"Bearer {TOKEN}", "Bearer m2m-1", "Bearer m2m-2"):
                return self.reply(401, {"error_code": "UNAUTHENTICATED", "message": "bad token"})
            scripted = workspace.scripted.get((method, url.path))
            if scripted:
                status, headers, answer = scripted.pop(0)
                return self.reply(status, answer, headers)
            return self.reply(*workspace.route(method, url.path, query))

        def do_GET(self):
            self.handle_method("GET")

        def do_POST(self):
            self.handle_method("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server
