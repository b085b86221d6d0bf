"""Runtime guard tests against a stand-in of the Clusters, Jobs, Pipelines, SCIM and OAuth APIs on 127.0.0.1.

The stand-in (fake_workspace.py) uses the real field names and units. No workspace is reachable from CI, and no
test reads the wall clock: `now_ms`, the clock and the monotonic clock of the sweep's budget are injected.
"""
import contextlib
import io
import json
import logging
import sys
import types
import unittest
from unittest import mock

import runtime_guard
from fake_workspace import (CLIENT_ID, CLIENT_SECRET, MIN, NOW, TOKEN, FakeWorkspace, Pipeline, cluster, job, job_cluster,
                            run, serve, tags)

LIMITS = {"spark-interactive": 240.0, "test-jobs": 60.0, "dlt-etl": 120.0}


class GuardTestCase(unittest.TestCase):
    def setUp(self):
        # The SDK must not leak in from the machine: None in sys.modules makes its import fail.
        patcher = mock.patch.dict(sys.modules, {"databricks.sdk.core": None})
        patcher.start()
        self.addCleanup(patcher.stop)
        self.sleeps = []

    def start(self, workspace):
        server = serve(workspace)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return f"http://127.0.0.1:{server.server_address[1]}"

    def api(self, workspace):
        return runtime_guard.Api(self.start(workspace), lambda: {"Authorization": f"Bearer {TOKEN}"}, sleep=self.sleeps.append)

    def enforce(self, workspace, **kwargs):
        kwargs = {"tag": "compute", **kwargs}
        with self.assertLogs("runtime_guard", level=logging.DEBUG) as self.logs:
            runtime_guard.LOG.debug("start")  # assertLogs needs one record even when the sweep logs none
            return runtime_guard.enforce(self.api(workspace), LIMITS, now_ms=NOW, **kwargs)

    def main(self, workspace, *extra, environ=None, host=True, **kwargs):
        url = self.start(workspace)
        argv = ["--limits", json.dumps(LIMITS), "--tag", "compute", *(["--host", url] if host else []), *extra]
        environ = {"DATABRICKS_TOKEN": TOKEN} if environ is None else environ
        with self.assertLogs("runtime_guard", level=logging.INFO) as self.logs:
            code = runtime_guard.main(argv, environ=environ, clock=lambda: NOW / 1000, sleep=self.sleeps.append,
                                      monotonic=lambda: workspace.clock[0], **kwargs)
        return code

    def log_text(self):
        return "\n".join(self.logs.output)


class ClusterTest(GuardTestCase):
    def test_restarted_cluster_within_its_limit_is_kept_although_created_long_ago(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=10_000, restarted_min=30)])
        self.assertEqual(self.enforce(workspace).actions, [])
        self.assertEqual(workspace.posts(), [])

    def test_cluster_past_its_limit_is_terminated(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=900, restarted_min=241),
                                   cluster("c2", tags("spark-interactive"), created_min=10)])
        report = self.enforce(workspace)
        self.assertEqual(report.actions, [{"action": "terminate", "kind": "cluster", "id": "c1", "tag": "spark-interactive",
                                           "owner": "spark-developer", "by": "tag", "minutes": 241, "limit": 240.0}])
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": "c1"})])
        self.assertIn("terminate cluster c1 (compute=spark-interactive, owner_agent=spark-developer, by tag): running 241 min, limit 240 min",
                      self.log_text())

    def test_restarting_cluster_past_its_limit_is_terminated(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=300, state="RESTARTING")])
        self.enforce(workspace)
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": "c1"})])

    def test_untagged_unknown_and_stopped_clusters_are_ignored(self):
        workspace = FakeWorkspace([
            cluster("untagged", {}, created_min=9999),
            cluster("unknown-row", tags("someone-else"), created_min=9999),
            cluster("stopped", tags("spark-interactive"), created_min=9999, state="TERMINATED"),
            cluster("no-start", {"compute": "spark-interactive"}, created_min=0),
        ])
        workspace.clusters[-1].pop("start_time")
        self.assertEqual(self.enforce(workspace).actions, [])
        self.assertEqual(workspace.posts(), [])

    def test_match_confines_the_sweep_and_repeated_keys_are_alternatives(self):
        workspace = FakeWorkspace([
            cluster("dev", tags("spark-interactive"), created_min=500),
            cluster("prod", tags("spark-interactive", environment="prod"), created_min=500),
            cluster("test", tags("spark-interactive", environment="test"), created_min=500),
        ])
        self.enforce(workspace, match={"project": {"lakehouse-agents"}, "environment": {"dev", "test"}})
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": "dev"}),
                                             ("/api/2.1/clusters/delete", {"cluster_id": "test"})])

    def test_job_and_pipeline_clusters_are_never_terminated_directly(self):
        workspace = FakeWorkspace([cluster("job-c", tags("test-jobs"), created_min=500, source="JOB"),
                                   cluster("dlt-c", tags("dlt-etl"), created_min=500, source="PIPELINE")])
        self.assertEqual(self.enforce(workspace).actions, [])
        self.assertEqual(workspace.posts(), [])


class RunTest(GuardTestCase):
    def test_run_is_attributed_through_its_jobs_job_clusters_and_cancelled(self):
        workspace = FakeWorkspace(
            runs=[run(7, 61, job_id=70, tasks=[{"task_key": "main", "job_cluster_key": "main"}])],
            jobs=[job(70, {"owner_agent": "testing-agent"}, job_clusters=[job_cluster("main", {"compute": "test-jobs"})])],
        )
        report = self.enforce(workspace)
        self.assertEqual(report.actions, [{"action": "cancel", "kind": "run", "id": 7, "tag": "test-jobs",
                                           "owner": "testing-agent", "by": "tag", "minutes": 61, "limit": 60.0}])
        self.assertEqual(workspace.posts(), [("/api/2.1/jobs/runs/cancel", {"run_id": 7})])

    def test_run_is_attributed_through_the_policy_tags_of_the_job_cluster_it_got(self):
        # GovernedJob puts only the owner tag on the job; the policy fixes compute on the cluster itself.
        workspace = FakeWorkspace(
            clusters=[cluster("job-c", tags("test-jobs", owner="testing-agent"), created_min=90, source="JOB")],
            runs=[run(8, 90, job_id=80, tasks=[{"task_key": "main", "cluster_instance": {"cluster_id": "job-c"}}])],
            jobs=[job(80, {"owner_agent": "testing-agent"}, job_clusters=[job_cluster("main", {})])],
        )
        self.enforce(workspace)
        self.assertEqual(workspace.posts(), [("/api/2.1/jobs/runs/cancel", {"run_id": 8})])

    def test_serverless_task_run_is_attributed_by_job_tags_alone(self):
        # jobs.RunTask of a serverless task: environment_key, no new_cluster, no cluster_instance.
        workspace = FakeWorkspace(
            runs=[run(9, 75, job_id=90, tasks=[{"task_key": "t", "environment_key": "default"}]),
                  run(10, 30, job_id=90, tasks=[{"task_key": "t", "environment_key": "default"}])],
            jobs=[job(90, tags("test-jobs", owner="testing-agent"), tasks=[{"task_key": "t", "environment_key": "default"}])],
        )
        self.assertEqual([a["id"] for a in self.enforce(workspace).actions], [9])
        self.assertEqual(sum(1 for call in workspace.calls if call[1] == "/api/2.1/jobs/get"), 1)  # cached per sweep

    def test_one_time_run_is_attributed_by_its_own_cluster_spec(self):
        # jobs.BaseRun of runs/submit: no job_id; cluster_spec.new_cluster and tasks[].new_cluster carry custom_tags.
        workspace = FakeWorkspace(runs=[
            run(11, 61, cluster_spec={"new_cluster": {"custom_tags": {"compute": "test-jobs"}}}),
            run(12, 61, tasks=[{"task_key": "t", "new_cluster": {"custom_tags": {"compute": "test-jobs"}}}]),
            run(13, 999),
        ])
        self.assertEqual([a["id"] for a in self.enforce(workspace).actions], [11, 12])
        self.assertFalse(any(call[1] == "/api/2.1/jobs/get" for call in workspace.calls))

    def test_a_run_with_several_rows_gets_the_strictest_limit(self):
        workspace = FakeWorkspace(runs=[run(14, 100, job_clusters=[job_cluster("a", {"compute": "spark-interactive"}),
                                                                   job_cluster("b", {"compute": "test-jobs"})])])
        self.assertEqual(self.enforce(workspace).actions[0]["limit"], 60.0)

    def test_failed_cancel_is_logged_and_the_next_action_proceeds(self):
        workspace = FakeWorkspace(runs=[run(1, 61, job_id=5), run(2, 61, job_id=5)], jobs=[job(5, {"compute": "test-jobs"})])
        workspace.script("POST", "/api/2.1/jobs/runs/cancel",
                         (403, {}, {"error_code": "PERMISSION_DENIED", "message": "not allowed"}))
        report = self.enforce(workspace)
        self.assertEqual([a["id"] for a in report.actions], [2])
        self.assertEqual(workspace.posts(), [("/api/2.1/jobs/runs/cancel", {"run_id": 1}), ("/api/2.1/jobs/runs/cancel", {"run_id": 2})])
        self.assertEqual(len(report.failures), 1)
        self.assertIn("FAILED to cancel run 1: HTTP 403 PERMISSION_DENIED: not allowed", self.log_text())
        self.assertEqual(self.sleeps, [])  # a 403 is not retried

    def test_cancel_of_a_run_that_already_finished_is_logged_as_finished_not_as_a_failure(self):
        workspace = FakeWorkspace(runs=[run(1, 61, job_id=5), run(2, 61, job_id=5)], jobs=[job(5, {"compute": "test-jobs"})])
        workspace.script("POST", "/api/2.1/jobs/runs/cancel",
                         (400, {}, {"error_code": "INVALID_STATE", "message": "Run 1 is already terminated"}),
                         (404, {}, {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run 2 does not exist"}))
        self.assertEqual(self.main(workspace), 0)
        self.assertEqual(workspace.posts(), [("/api/2.1/jobs/runs/cancel", {"run_id": 1}), ("/api/2.1/jobs/runs/cancel", {"run_id": 2})])
        self.assertIn("cancel run 1: already finished (HTTP 400 INVALID_STATE: Run 1 is already terminated", self.log_text())
        self.assertIn("summary: 0 action(s), 0 failure(s), 2 already finished", self.log_text())

    def test_unreadable_job_is_a_failure_but_the_run_still_counts_by_its_own_tags(self):
        workspace = FakeWorkspace(runs=[run(3, 61, job_id=404, job_clusters=[job_cluster("m", {"compute": "test-jobs"})])])
        report = self.enforce(workspace)
        self.assertEqual([a["id"] for a in report.actions], [3])
        self.assertIn("FAILED to read job 404: HTTP 400 INVALID_PARAMETER_VALUE: Job does not exist.", self.log_text())


class PipelineTest(GuardTestCase):
    def test_update_past_its_limit_stops_the_pipeline_and_leaves_its_cluster_alone(self):
        workspace = FakeWorkspace(
            clusters=[cluster("dlt-c", tags("dlt-etl", owner="etl-agent"), created_min=200, source="PIPELINE")],
            pipelines=[Pipeline("p1", update_min=121, cluster_tags={}, cluster_id="dlt-c")],
        )
        report = self.enforce(workspace)
        self.assertEqual(report.actions, [{"action": "stop", "kind": "pipeline", "id": "p1", "tag": "dlt-etl",
                                           "owner": "etl-agent", "by": "tag", "minutes": 121, "limit": 120.0}])
        self.assertEqual(workspace.posts(), [("/api/2.0/pipelines/p1/stop", None)])

    def test_serverless_pipeline_is_attributed_by_its_spec_tags(self):
        workspace = FakeWorkspace(pipelines=[Pipeline("p2", update_min=130, spec_tags=tags("dlt-etl")),
                                             Pipeline("p3", update_min=60, spec_tags=tags("dlt-etl"))])
        self.enforce(workspace)
        self.assertEqual(workspace.posts(), [("/api/2.0/pipelines/p2/stop", None)])

    def test_idle_pipelines_are_not_read_and_a_finished_update_is_not_stopped(self):
        finished = Pipeline("p5", update_min=500, cluster_tags={"compute": "dlt-etl"}, cluster_id="c")
        finished.latest[0]["state"] = "COMPLETED"  # listed as RUNNING, done by the time it is read
        workspace = FakeWorkspace(pipelines=[Pipeline("p4", spec_tags=tags("dlt-etl")), finished])
        self.assertEqual(self.enforce(workspace).actions, [])
        read = [call[1] for call in workspace.calls if call[1].startswith("/api/2.0/pipelines/")]
        self.assertEqual(read, ["/api/2.0/pipelines/p5"])

    def test_unreadable_pipeline_is_a_failure_and_the_next_one_proceeds(self):
        workspace = FakeWorkspace(pipelines=[Pipeline("p6", update_min=200, spec_tags=tags("dlt-etl")),
                                             Pipeline("p7", update_min=200, spec_tags=tags("dlt-etl"))])
        workspace.script("GET", "/api/2.0/pipelines/p6", (403, {}, {"error_code": "PERMISSION_DENIED", "message": "no"}))
        report = self.enforce(workspace)
        self.assertEqual([a["id"] for a in report.actions], ["p7"])
        self.assertEqual(report.failures, ["to read pipeline p6: HTTP 403 PERMISSION_DENIED: no on GET /api/2.0/pipelines/p6"])


class SweepTest(GuardTestCase):
    def test_every_list_is_paginated(self):
        workspace = FakeWorkspace(
            clusters=[cluster(f"c{i}", tags("spark-interactive"), created_min=300) for i in range(3)],
            runs=[run(i, 90, job_id=1) for i in range(3)],
            jobs=[job(1, tags("test-jobs"))],
            pipelines=[Pipeline(f"p{i}", update_min=200, spec_tags=tags("dlt-etl")) for i in range(3)],
            page_size=2,
        )
        report = self.enforce(workspace)
        self.assertEqual(report.checked, {"clusters": 3, "runs": 3, "pipelines": 3})
        self.assertEqual(len(report.actions), 9)
        for path in ("/api/2.1/clusters/list", "/api/2.1/jobs/runs/list", "/api/2.0/pipelines"):
            tokens = [query.get("page_token") for _, p, query, _ in workspace.calls if p == path]
            self.assertEqual(tokens, [None, ["2"]], path)
        runs_query = next(q for _, p, q, _ in workspace.calls if p == "/api/2.1/jobs/runs/list")
        self.assertEqual(runs_query, {"active_only": ["true"], "expand_tasks": ["true"], "limit": ["25"]})

    def test_429_waits_for_retry_after_capped_and_5xx_backs_off(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=300)])
        workspace.script("GET", "/api/2.1/clusters/list", (429, {"Retry-After": "7"}, {"error_code": "REQUEST_LIMIT_EXCEEDED"}),
                         (429, {"Retry-After": "3600"}, {}), (503, {}, {}))
        workspace.script("POST", "/api/2.1/clusters/delete", (500, {}, {}), (502, {}, {}))
        report = self.enforce(workspace)
        self.assertEqual(self.sleeps, [7.0, 60.0, 4.0, 1.0, 2.0])
        self.assertEqual(len(report.actions), 1)
        self.assertEqual(report.failures, [])

    def test_a_failing_list_is_reported_and_the_other_kinds_proceed(self):
        workspace = FakeWorkspace(runs=[run(1, 61, job_id=5)], jobs=[job(5, {"compute": "test-jobs"})])
        workspace.script("GET", "/api/2.1/clusters/list", *[(503, {}, {"error_code": "TEMPORARILY_UNAVAILABLE"})] * 4)
        report = self.enforce(workspace)
        self.assertEqual([a["id"] for a in report.actions], [1])
        self.assertEqual(len(report.failures), 1)
        self.assertIn("to list clusters: HTTP 503 TEMPORARILY_UNAVAILABLE", report.failures[0])
        self.assertEqual(self.sleeps, [1.0, 2.0, 4.0])

    def test_an_error_page_that_is_not_json_is_reported_by_status(self):
        workspace = FakeWorkspace()
        workspace.script("GET", "/api/2.1/clusters/list", (404, {}, "<html>Not Found</html>"))
        report = self.enforce(workspace)
        self.assertEqual(report.failures, ["to list clusters: HTTP 404 on GET /api/2.1/clusters/list (the 0 page(s) before it were enforced)"])

    def test_an_answer_that_is_not_json_is_a_failure(self):
        workspace = FakeWorkspace()
        workspace.script("GET", "/api/2.1/clusters/list", (200, {}, "<html>login</html>"))
        report = self.enforce(workspace)
        self.assertEqual(report.failures, ["to list clusters: no JSON in the answer to GET /api/2.1/clusters/list (the 0 page(s) before it were enforced)"])

    def test_network_errors_are_retried_then_reported(self):
        api = runtime_guard.Api("http://127.0.0.1:9", lambda: {}, attempts=2, backoff_seconds=0.5, sleep=self.sleeps.append)
        with self.assertLogs("runtime_guard", level=logging.WARNING):
            with self.assertRaises(runtime_guard.ApiError) as raised:
                api.call("GET", "/api/2.1/clusters/list")
        self.assertIn("on GET /api/2.1/clusters/list", str(raised.exception))
        self.assertEqual(self.sleeps, [0.5])

    def test_dry_run_makes_no_post_request(self):
        workspace = FakeWorkspace(
            clusters=[cluster("c1", tags("spark-interactive"), created_min=500)],
            runs=[run(2, 500, job_id=5)], jobs=[job(5, {"compute": "test-jobs"})],
            pipelines=[Pipeline("p1", update_min=500, spec_tags={"compute": "dlt-etl"})],
        )
        code = self.main(workspace, "--dry-run")
        self.assertEqual(code, 0)
        self.assertEqual([call for call in workspace.calls if call[0] == "POST"], [])
        for line in ("would terminate cluster c1", "would cancel run 2", "would stop pipeline p1",
                     "summary: 3 action(s) (dry run), 0 failure(s)"):
            self.assertIn(line, self.log_text())


class MainTest(GuardTestCase):
    def test_end_to_end_with_match_and_owner_tag(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=300),
                                   cluster("c2", tags("spark-interactive", environment="prod"), created_min=300)])
        code = self.main(workspace, "--match", "project=lakehouse-agents", "--match", "environment=dev", "--owner-tag", "owner_agent")
        self.assertEqual(code, 0)
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": "c1"})])
        self.assertIn("(credentials: DATABRICKS_TOKEN, tag compute, 0 agent(s), off-policy limit, match {'project': ['lakehouse-agents'], 'environment': ['dev']}, budget 540 s)",
                      self.log_text())
        self.assertIn("summary: 1 action(s), 0 failure(s), 0 already finished; checked 2 clusters, 0 runs, 0 pipelines", self.log_text())

    def test_end_to_end_exits_1_when_an_action_failed(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=300)])
        workspace.script("POST", "/api/2.1/clusters/delete", (403, {}, {"error_code": "PERMISSION_DENIED", "message": "not admin"}))
        self.assertEqual(self.main(workspace), 1)
        self.assertIn("summary: 0 action(s), 1 failure(s)", self.log_text())

    def test_invalid_limits_and_match_exit_2_with_a_message(self):
        for limits in ("not json", "[1]", '{"a": -1}', '{"a": 0}', '{"a": NaN}', '{"a": Infinity}', '{"a": true}', '{"a": "60"}'):
            stderr = io.StringIO()
            with contextlib.redirect_stderr(stderr):
                self.assertEqual(runtime_guard.main(["--limits", limits, "--tag", "compute"], environ={}), 2, limits)
            self.assertIn("--limits", stderr.getvalue())
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            self.assertEqual(runtime_guard.main(["--limits", "{}", "--match", "environment"], environ={}), 2)
        self.assertIn("--match expects KEY=VALUE", stderr.getvalue())


class CredentialTest(GuardTestCase):
    def test_token_is_sent_as_bearer_and_never_logged(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=300)])
        self.assertEqual(self.main(workspace), 0)
        self.assertNotIn(TOKEN, self.log_text())

    def test_token_host_may_come_from_the_environment_and_is_required(self):
        url = self.start(FakeWorkspace())
        found = runtime_guard.resolve_credentials(None, {"DATABRICKS_TOKEN": TOKEN, "DATABRICKS_HOST": url})
        self.assertEqual((found.host, found.headers()), (url, {"Authorization": f"Bearer {TOKEN}"}))
        with self.assertRaisesRegex(runtime_guard.CredentialError, "no host"):
            runtime_guard.resolve_credentials(None, {"DATABRICKS_TOKEN": TOKEN})

    def test_oauth_m2m_token_from_the_workspace_token_endpoint_cached_until_expiry(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=300)])
        environ = {"DATABRICKS_CLIENT_ID": CLIENT_ID, "DATABRICKS_CLIENT_SECRET": CLIENT_SECRET}
        self.assertEqual(self.main(workspace, environ=environ), 0)
        self.assertEqual(workspace.tokens_issued, 1)  # one exchange for the check and all four calls
        self.assertEqual(len(workspace.posts()), 1)
        self.assertNotIn(CLIENT_SECRET, self.log_text())
        self.assertNotIn("m2m-1", self.log_text())

    def test_oauth_m2m_refreshes_an_expired_token(self):
        url = self.start(workspace := FakeWorkspace())
        now = [1000.0]
        oauth = runtime_guard.OAuthM2M(url, CLIENT_ID, CLIENT_SECRET, clock=lambda: now[0])
        self.assertEqual(oauth(), {"Authorization": "Bearer m2m-1"})
        now[0] += 3600 - runtime_guard.TOKEN_EXPIRY_MARGIN_SECONDS - 1
        self.assertEqual(oauth(), {"Authorization": "Bearer m2m-1"})
        now[0] += 1
        self.assertEqual(oauth(), {"Authorization": "Bearer m2m-2"})
        self.assertEqual(workspace.tokens_issued, 2)

    def test_rejected_or_unreachable_oauth_is_a_credential_error_without_the_secret(self):
        url = self.start(FakeWorkspace())
        with self.assertRaisesRegex(runtime_guard.CredentialError, "HTTP 401") as raised:
            runtime_guard.OAuthM2M(url, CLIENT_ID, "wrong-secret")()
        self.assertNotIn("wrong-secret", str(raised.exception))
        with self.assertRaisesRegex(runtime_guard.CredentialError, "URLError"):
            runtime_guard.OAuthM2M("http://127.0.0.1:9", CLIENT_ID, CLIENT_SECRET)()
        workspace = FakeWorkspace()
        code = self.main(workspace, environ={"DATABRICKS_CLIENT_ID": CLIENT_ID, "DATABRICKS_CLIENT_SECRET": "wrong-secret"})
        self.assertEqual(code, 2)
        self.assertIn("OAuth token request failed: HTTP 401", self.log_text())
        self.assertNotIn("wrong-secret", self.log_text())

    def test_expired_credentials_during_the_sweep_fail_the_call(self):
        broken = iter([{"Authorization": f"Bearer {TOKEN}"}])

        def headers():
            try:
                return next(broken)
            except StopIteration:
                raise runtime_guard.CredentialError("token expired") from None

        api = runtime_guard.Api(self.start(FakeWorkspace()), headers, sleep=self.sleeps.append)
        self.assertEqual(api.call("GET", "/api/2.1/clusters/list"), {"clusters": []})
        with self.assertRaisesRegex(runtime_guard.ApiError, "token expired"):
            api.call("GET", "/api/2.1/clusters/list")

    def fake_sdk(self, config_class):
        core = types.ModuleType("databricks.sdk.core")
        core.Config = config_class
        modules = {"databricks": types.ModuleType("databricks"), "databricks.sdk": types.ModuleType("databricks.sdk"),
                   "databricks.sdk.core": core}
        patcher = mock.patch.dict(sys.modules, modules)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_databricks_sdk_default_credentials_are_used_when_installed(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=300)])
        url = self.start(workspace)
        created = []

        class Config:  # the surface of databricks.sdk.core.Config the guard uses: host, authenticate()
            def __init__(self, **kwargs):
                created.append(kwargs)
                self.host = url

            def authenticate(self):
                return {"Authorization": f"Bearer {TOKEN}"}

        self.fake_sdk(Config)
        self.assertEqual(self.main(workspace, environ={}, host=False), 0)
        self.assertEqual(created, [{}])
        self.assertIn("credentials: databricks-sdk", self.log_text())
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": "c1"})])

    def test_unconfigured_sdk_falls_back_to_oauth_then_fails_with_exit_2(self):
        class Config:
            def __init__(self, **kwargs):
                raise ValueError("default auth: cannot configure default credentials")

        self.fake_sdk(Config)
        workspace = FakeWorkspace()
        environ = {"DATABRICKS_CLIENT_ID": CLIENT_ID, "DATABRICKS_CLIENT_SECRET": CLIENT_SECRET}
        self.assertEqual(self.main(workspace, environ=environ), 0)
        self.assertIn("Databricks SDK found no credentials", self.log_text())
        self.assertIn("credentials: oauth-m2m", self.log_text())
        self.assertEqual(self.main(workspace, environ={}), 2)
        self.assertIn("no workspace credentials", self.log_text())

    def test_sdk_authentication_failure_is_a_credential_error(self):
        class Config:
            host = "https://adb-1.azuredatabricks.net"

            def __init__(self, **kwargs):
                pass

            def authenticate(self):
                raise RuntimeError("runtime token unavailable")

        self.fake_sdk(Config)
        self.assertEqual(self.main(FakeWorkspace(), environ={}), 2)
        self.assertIn("Databricks SDK authentication failed: RuntimeError: runtime token unavailable", self.log_text())

    def test_no_credentials_at_all_exit_2(self):
        self.assertEqual(self.main(FakeWorkspace(), environ={}), 2)
        self.assertIn("no workspace credentials", self.log_text())


if __name__ == "__main__":
    unittest.main()
