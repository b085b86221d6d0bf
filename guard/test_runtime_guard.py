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
        match = [] if "--match" in extra else ["--match", "project=lakehouse-agents"]
        argv = ["--limits", json.dumps(LIMITS), "--tag", "compute", *(["--host", url] if host else []), *match, *extra]
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
        workspace = FakeWorkspace(runs=[run(1, 61, job_id=5), run(2, 61, job_id=5)], jobs=[job(5, tags("test-jobs"))])
        workspace.script("POST", "/api/2.1/jobs/runs/cancel",
                         (403, {}, {"error_code": "PERMISSION_DENIED", "message": "not allowed"}))
        report = self.enforce(workspace)
        self.assertEqual([a["id"] for a in report.actions], [2])
        self.assertEqual(workspace.posts(), [("/api/2.1/jobs/runs/cancel", {"run_id": 1}), ("/api/2.1/jobs/runs/cancel", {"run_id": 2})])
        self.assertEqual(len(report.failures), 1)
        self.assertIn("FAILED to cancel run 1: HTTP 403 PERMISSION_DENIED: not allowed", self.log_text())
        self.assertEqual(self.sleeps, [])  # a 403 is not retried

    def test_cancel_of_a_run_that_already_finished_is_logged_as_finished_not_as_a_failure(self):
        workspace = FakeWorkspace(runs=[run(1, 61, job_id=5), run(2, 61, job_id=5)], jobs=[job(5, tags("test-jobs"))])
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
        clusters_query = next(q for _, p, q, _ in workspace.calls if p == "/api/2.1/clusters/list")
        self.assertEqual(clusters_query, {"page_size": ["100"], "filter_by.cluster_states": ["PENDING", "RESIZING", "RESTARTING", "RUNNING"]})
        pipelines_query = next(q for _, p, q, _ in workspace.calls if p == "/api/2.0/pipelines")
        self.assertEqual(pipelines_query, {"max_results": ["100"]})
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
            runs=[run(2, 500, job_id=5)], jobs=[job(5, tags("test-jobs"))],
            pipelines=[Pipeline("p1", update_min=500, spec_tags=tags("dlt-etl"))],
        )
        code = self.main(workspace, "--dry-run")
        self.assertEqual(code, 0)
        self.assertEqual([call for call in workspace.calls if call[0] == "POST"], [])
        for line in ("would terminate cluster c1", "would cancel run 2", "would stop pipeline p1",
                     "summary: 3 action(s) (dry run), 0 failure(s)"):
            self.assertIn(line, self.log_text())


AGENTS = runtime_guard.parse_agents(json.dumps({
    "spark-developer": {"identities": ["sp-spark"], "rows": ["spark-interactive", "test-jobs"], "policies": ["pol-spark"]},
    "testing-agent": {"identities": ["sp-testing"], "rows": ["test-jobs"], "policies": ["pol-testing"]},
    "etl-agent": {"identities": ["sp-etl"], "rows": ["dlt-etl"]},
    "sql-agent": {"identities": ["sp-sql"]},
}))


class IdentityTest(GuardTestCase):
    def enforce(self, workspace, **kwargs):
        return super().enforce(workspace, agents=AGENTS, **kwargs)

    def test_an_agents_untagged_cluster_gets_the_strictest_of_its_rows(self):
        workspace = FakeWorkspace([
            cluster("untagged-61", {}, created_min=61, single_user="sp-spark", policy_id="pol-spark"),
            cluster("untagged-59", {}, created_min=59, single_user="sp-spark", policy_id="pol-spark"),
            cluster("tagged-239", tags("spark-interactive"), created_min=239, single_user="sp-spark", policy_id="pol-spark"),
        ])
        report = self.enforce(workspace)
        self.assertEqual(report.actions, [{"action": "terminate", "kind": "cluster", "id": "untagged-61", "tag": "test-jobs",
                                           "owner": "spark-developer", "by": "untagged", "minutes": 61, "limit": 60.0}])
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": "untagged-61"})])

    def test_a_row_the_agent_may_not_use_or_an_unknown_row_gets_the_strictest_of_its_rows(self):
        workspace = FakeWorkspace([
            cluster("not-allowed", {"compute": "spark-interactive"}, created_min=61, creator="sp-testing", single_user="sp-testing",
                    policy_id="pol-testing"),
            cluster("unknown", {"compute": "no-such-row"}, created_min=61, single_user="sp-testing", policy_id="pol-testing"),
        ])
        report = self.enforce(workspace)
        self.assertEqual([(a["id"], a["tag"], a["by"]) for a in report.actions],
                         [("not-allowed", "test-jobs", "row not allowed"), ("unknown", "test-jobs", "unknown row")])

    def test_a_cluster_not_from_the_agents_own_policies_is_a_breach(self):
        personal = cluster("personal", {}, created_min=61, single_user="sp-spark", policy_id="personal-vm")
        borrowed = cluster("borrowed", tags("test-jobs"), created_min=30, creator="sp-spark", policy_id="pol-testing")
        own = cluster("own", tags("spark-interactive"), created_min=100, single_user="sp-spark", policy_id="pol-spark")
        report = self.enforce(FakeWorkspace([personal, borrowed, own]))
        self.assertEqual([(a["id"], a["limit"], a["by"]) for a in report.actions], [("personal", 60.0, "off-policy")])

        workspace = FakeWorkspace([personal, borrowed, own])
        report = self.enforce(workspace, off_policy="terminate")
        self.assertEqual([(a["id"], a["limit"], a["by"]) for a in report.actions], [("personal", 0, "off-policy"), ("borrowed", 0, "off-policy")])
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": "personal"}),
                                             ("/api/2.1/clusters/delete", {"cluster_id": "borrowed"})])

    def test_an_agent_without_a_limited_row_gets_the_strictest_limit_of_the_model(self):
        workspace = FakeWorkspace([cluster("sql", {}, created_min=61, single_user="sp-sql")])
        self.assertEqual([(a["id"], a["limit"]) for a in self.enforce(workspace).actions], [("sql", 60.0)])

    def test_without_any_limit_an_agents_compute_is_only_terminated_off_policy(self):
        workspace = FakeWorkspace([cluster("personal", {}, created_min=999, single_user="sp-sql", policy_id="personal-vm")])
        with self.assertLogs("runtime_guard", level=logging.DEBUG):
            runtime_guard.LOG.debug("start")
            api = self.api(workspace)
            self.assertEqual(runtime_guard.enforce(api, {}, tag="compute", now_ms=NOW, agents=[a for a in AGENTS if a.name == "sql-agent"]).actions, [])
            report = runtime_guard.enforce(api, {}, tag="compute", now_ms=NOW, agents=[a for a in AGENTS if a.name == "sql-agent"], off_policy="terminate")
        self.assertEqual([(a["id"], a["by"]) for a in report.actions], [("personal", "off-policy")])

    def test_other_identities_are_left_alone_unless_they_carry_the_projects_tags(self):
        workspace = FakeWorkspace([
            cluster("human", {}, created_min=9999, single_user="someone@example.com", policy_id="personal-vm"),
            cluster("human-tagged", tags("spark-interactive"), created_min=241, creator="someone@example.com"),
        ])
        self.enforce(workspace, match={"project": {"lakehouse-agents"}})
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": "human-tagged"})])

    def test_a_retagged_job_running_as_an_agent_gets_the_strictest_of_its_rows(self):
        # The owner changed the job's compute tag to a looser row (240 min) that testing-agent may not use.
        workspace = FakeWorkspace(
            runs=[run(21, 61, job_id=210), run(22, 61, job_id=211), run(23, 200, job_id=212)],
            jobs=[job(210, tags("spark-interactive", owner="testing-agent"), run_as="sp-testing"),
                  job(211, {"owner_agent": "testing-agent"}, run_as="sp-testing"),
                  job(212, tags("spark-interactive"), run_as="sp-spark")],
        )
        report = self.enforce(workspace)
        self.assertEqual([(a["id"], a["tag"], a["by"]) for a in report.actions],
                         [(21, "test-jobs", "row not allowed"), (22, "test-jobs", "untagged")])
        self.assertEqual(workspace.posts(), [("/api/2.1/jobs/runs/cancel", {"run_id": 21}), ("/api/2.1/jobs/runs/cancel", {"run_id": 22})])

    def test_an_agents_untagged_pipeline_is_attributed_by_its_run_as(self):
        workspace = FakeWorkspace(pipelines=[Pipeline("p-agent", update_min=121, run_as="sp-etl"),
                                             Pipeline("p-other", update_min=999, run_as="someone@example.com")])
        report = self.enforce(workspace)
        self.assertEqual([(a["id"], a["owner"], a["by"]) for a in report.actions], [("p-agent", "etl-agent", "untagged")])
        self.assertEqual(workspace.posts(), [("/api/2.0/pipelines/p-agent/stop", None)])


class RunStateTest(GuardTestCase):
    def test_terminating_and_queued_runs_are_left_alone_and_a_run_counts_from_leaving_the_queue(self):
        workspace = FakeWorkspace(
            runs=[run(31, 999, job_id=5, life_cycle="TERMINATING"), run(32, 999, job_id=5, life_cycle="QUEUED"),
                  run(33, 100, job_id=5, queue_minutes=50), run(34, 100, job_id=5, queue_minutes=30)],
            jobs=[job(5, {"compute": "test-jobs"})],
        )
        report = self.enforce(workspace)
        self.assertEqual([(a["id"], a["minutes"]) for a in report.actions], [(34, 70)])
        self.assertEqual(workspace.posts(), [("/api/2.1/jobs/runs/cancel", {"run_id": 34})])
        self.assertEqual(report.checked["runs"], 2)

    def test_a_repaired_run_counts_from_its_latest_repair(self):
        workspace = FakeWorkspace(
            runs=[run(41, 5000, job_id=5, repairs_min=(900, 30)), run(42, 5000, job_id=5, repairs_min=(300, 61))],
            jobs=[job(5, {"compute": "test-jobs"})],
        )
        self.assertEqual([(a["id"], a["minutes"]) for a in self.enforce(workspace).actions], [(42, 61)])

    def test_a_one_time_run_is_attributed_by_identity_without_reading_its_hidden_job(self):
        workspace = FakeWorkspace(runs=[run(51, 61, job_id=999, run_type="SUBMIT_RUN", creator="sp-testing"),
                                        run(52, 999, job_id=998, run_type="SUBMIT_RUN", creator="someone@example.com")])
        report = self.enforce(workspace, agents=AGENTS)
        self.assertEqual([(a["id"], a["owner"]) for a in report.actions], [(51, "testing-agent")])
        self.assertEqual(report.failures, [])
        self.assertEqual(workspace.count("/api/2.1/jobs/get"), 0)


class PartialFailureTest(GuardTestCase):
    def test_a_list_failing_part_way_keeps_and_enforces_the_pages_it_read_and_exits_1(self):
        workspace = FakeWorkspace(
            clusters=[cluster(f"c{i}", tags("spark-interactive"), created_min=300) for i in range(4)],
            runs=[run(1, 61, job_id=5)], jobs=[job(5, tags("test-jobs"))], page_size=2,
        )
        real_route = workspace.route

        def route(method, path, query):  # the second page of clusters fails for good
            if path == "/api/2.1/clusters/list" and query.get("page_token") == ["2"]:
                return 400, {"error_code": "INVALID_PARAMETER_VALUE", "message": "page token expired"}
            return real_route(method, path, query)

        workspace.route = route
        self.assertEqual(self.main(workspace, "--match", "project=lakehouse-agents"), 1)
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": "c0"}), ("/api/2.1/clusters/delete", {"cluster_id": "c1"}),
                                             ("/api/2.1/jobs/runs/cancel", {"run_id": 1})])
        self.assertIn("FAILED to list clusters: HTTP 400 INVALID_PARAMETER_VALUE: page token expired on GET /api/2.1/clusters/list "
                      "(the 1 page(s) before it were enforced)", self.log_text())

    def test_a_deadline_reached_mid_sweep_stops_listing_says_what_it_did_not_reach_and_exits_1(self):
        workspace = FakeWorkspace(
            clusters=[cluster(f"c{i}", tags("spark-interactive"), created_min=300) for i in range(6)],
            runs=[run(1, 61, job_id=5)], jobs=[job(5, {"compute": "test-jobs"})], page_size=2,
        )
        workspace.tick = 100.0  # every request takes 100 s of the budget's clock; the budget is 600 - 60 = 540 s
        self.assertEqual(self.main(workspace), 1)
        # SCIM Me (100 s), page 1 (200), delete c0 (300), c1 (400), page 2 (500), delete c2 (600): out of time.
        self.assertEqual(workspace.posts(), [("/api/2.1/clusters/delete", {"cluster_id": f"c{i}"}) for i in range(3)])
        self.assertEqual(workspace.count("/api/2.1/jobs/runs/list"), 0)
        self.assertIn("FAILED to finish the sweep: the sweep's budget ran out before POST /api/2.1/clusters/delete; "
                      "not reached: the rest of clusters, runs, pipelines", self.log_text())

    def test_a_retry_that_would_outlast_the_budget_is_not_waited_for(self):
        clock = [0.0]
        deadline = runtime_guard.Deadline(30, clock=lambda: clock[0])
        workspace = FakeWorkspace()
        workspace.script("GET", "/api/2.1/clusters/list", (429, {"Retry-After": "45"}, {"error_code": "REQUEST_LIMIT_EXCEEDED"}))
        api = runtime_guard.Api(self.start(workspace), lambda: {"Authorization": f"Bearer {TOKEN}"}, sleep=self.sleeps.append,
                                deadline=deadline)
        with self.assertRaisesRegex(runtime_guard.OutOfTime, "while retrying GET /api/2.1/clusters/list"):
            api.call("GET", "/api/2.1/clusters/list")
        self.assertEqual(self.sleeps, [])

    def test_a_guard_that_is_not_a_workspace_admin_exits_2_before_listing_anything(self):
        workspace = FakeWorkspace([cluster("c1", tags("spark-interactive"), created_min=300)], admin=False)
        self.assertEqual(self.main(workspace), 2)
        self.assertIn("the guard's identity guard-application-id is not in the workspace group 'admins'", self.log_text())
        self.assertEqual([path for _, path, _, _ in workspace.calls], ["/api/2.0/preview/scim/v2/Me"])

    def test_a_guard_that_cannot_read_its_own_groups_exits_1(self):
        workspace = FakeWorkspace()
        workspace.script("GET", "/api/2.0/preview/scim/v2/Me", (403, {}, {"error_code": "PERMISSION_DENIED", "message": "no"}))
        self.assertEqual(self.main(workspace), 1)
        self.assertIn("cannot tell whether the guard is a workspace admin: HTTP 403 PERMISSION_DENIED", self.log_text())


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


    def usage_error(self, *argv, environ=None):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), self.assertLogs("runtime_guard", level=logging.DEBUG) as logs:
            runtime_guard.LOG.debug("start")
            code = runtime_guard.main(list(argv), environ={"DATABRICKS_TOKEN": TOKEN} if environ is None else environ)
        return code, stderr.getvalue() + "\n".join(logs.output)

    def test_bad_agents_budget_host_and_limits_file_exit_2_with_a_message(self):
        limits = ["--limits", json.dumps(LIMITS), "--host", "https://adb-1.2.azuredatabricks.net", "--match", "project=x"]
        cases = [
            ([*limits, "--agents", '{"a": {"identities": ["x"], "rows": ["ghost-row"]}}'], "a names row 'ghost-row', which --limits does not have"),
            ([*limits, "--agents", '{"a": {"identities": ["x"]}, "b": {"identities": ["x"]}}'], "identity 'x' belongs to both a and b"),
            ([*limits, "--agents", '{"a": {"identities": []}}'], "a.identities is empty"),
            ([*limits, "--agents", '{"a": {"identities": "x"}}'], "a.identities must be a list of non-empty strings"),
            ([*limits, "--agents", "[]"], "--agents must be a JSON object"),
            ([*limits, "--agents", "{"], "--agents is not JSON"),
            ([*limits, "--timeout-seconds", "-5"], "--timeout-seconds must be between 120 and 86400"),
            ([*limits, "--timeout-seconds", "1e9"], "--timeout-seconds must be a whole number of seconds"),
            ([*limits, "--timeout-seconds", "999999"], "--timeout-seconds must be between 120 and 86400"),
            (["--limits", "{}", "--host", "http://adb-1.2.azuredatabricks.net", "--match", "project=x"], "is not an https URL"),
            (["--limits", "{}", "--host", "ftp://127.0.0.1", "--match", "project=x"], "is not an https URL"),
            (["--limits-file", "/nonexistent/limits.json", "--match", "project=x"], "--limits-file '/nonexistent/limits.json' cannot be read"),
            (["--limits", "{}"], "the following arguments are required: --match"),
        ]
        for argv, message in cases:
            code, output = self.usage_error(*argv)
            self.assertEqual(code, 2, argv)
            self.assertIn(message, output, argv)

    def test_limits_may_come_from_a_file(self):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            handle.write(json.dumps(LIMITS))
        self.addCleanup(lambda: __import__("os").unlink(handle.name))
        self.assertEqual(runtime_guard.parser().parse_args(["--limits-file", handle.name, "--match", "project=x"]).limits, LIMITS)


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
