"""Runtime guard tests against a fake Clusters and Jobs API on 127.0.0.1 (no workspace is reachable from CI)."""
import json
import logging
import threading
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import runtime_guard

NOW = 10_000_000_000
MIN = 60_000


class FakeWorkspace:
    def __init__(self, clusters=(), runs=(), failures=0):
        self.clusters = list(clusters)
        self.runs = list(runs)
        self.failures = failures
        self.calls = []


def serve(workspace):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _reply(self, code, body):
            payload = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _handle(self, method):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            path = self.path.split("?")[0]
            workspace.calls.append((method, path, body))
            if self.headers.get("Authorization") != "Bearer test-token":
                return self._reply(401, {"error_code": "UNAUTHENTICATED"})
            if workspace.failures:
                workspace.failures -= 1
                return self._reply(503, {"error_code": "TEMPORARILY_UNAVAILABLE"})
            routes = {
                ("GET", "/api/2.1/clusters/list"): lambda: {"clusters": workspace.clusters},
                ("GET", "/api/2.1/jobs/runs/list"): lambda: {"runs": workspace.runs},
                ("POST", "/api/2.1/clusters/delete"): lambda: {},
                ("POST", "/api/2.1/jobs/runs/cancel"): lambda: {},
            }
            route = routes.get((method, path))
            return self._reply(200, route()) if route else self._reply(404, {"error_code": "NOT_FOUND"})

        def do_GET(self):
            self._handle("GET")

        def do_POST(self):
            self._handle("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server


def cluster(cluster_id, agent, minutes, state="RUNNING"):
    tags = {"owner_agent": agent} if agent else {}
    return {"cluster_id": cluster_id, "state": state, "start_time": NOW - minutes * MIN, "custom_tags": tags}


def run(run_id, agent, minutes):
    spec = {"new_cluster": {"custom_tags": {"owner_agent": agent}}} if agent else {}
    return {"run_id": run_id, "start_time": NOW - minutes * MIN, "cluster_spec": spec}


LIMITS = {"spark-developer": 240, "testing-agent": 60}


class RuntimeGuardTest(unittest.TestCase):
    def enforce(self, workspace, **kwargs):
        server = serve(workspace)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        api = runtime_guard.Api(f"http://127.0.0.1:{server.server_address[1]}", "test-token", backoff_seconds=0)
        return runtime_guard.enforce(api, LIMITS, now_ms=NOW, **kwargs)

    def mutations(self, workspace):
        return [call for call in workspace.calls if call[0] == "POST"]

    def test_leaves_clusters_and_runs_under_the_limit_untouched(self):
        workspace = FakeWorkspace([cluster("c1", "spark-developer", 239)], [run(1, "testing-agent", 59)])
        self.assertEqual(self.enforce(workspace), [])
        self.assertEqual(self.mutations(workspace), [])

    def test_terminates_a_cluster_over_its_agents_limit(self):
        workspace = FakeWorkspace([cluster("c1", "spark-developer", 241), cluster("c2", "spark-developer", 10)])
        actions = self.enforce(workspace)
        self.assertEqual([a["id"] for a in actions], ["c1"])
        self.assertEqual(self.mutations(workspace), [("POST", "/api/2.1/clusters/delete", {"cluster_id": "c1"})])

    def test_cancels_a_run_over_its_agents_limit(self):
        workspace = FakeWorkspace(runs=[run(7, "testing-agent", 61)])
        actions = self.enforce(workspace)
        self.assertEqual(actions, [{"action": "cancel-run", "id": 7, "agent": "testing-agent", "minutes": 61, "limit": 60}])
        self.assertEqual(self.mutations(workspace), [("POST", "/api/2.1/jobs/runs/cancel", {"run_id": 7})])

    def test_ignores_untagged_and_unknown_agents_and_stopped_clusters(self):
        workspace = FakeWorkspace(
            [cluster("c1", None, 9999), cluster("c2", "someone-else", 9999), cluster("c3", "spark-developer", 9999, state="TERMINATED")],
            [run(1, None, 9999)],
        )
        self.assertEqual(self.enforce(workspace), [])
        self.assertEqual(self.mutations(workspace), [])

    def test_dry_run_changes_nothing_but_reports(self):
        workspace = FakeWorkspace([cluster("c1", "spark-developer", 500)], [run(2, "testing-agent", 500)])
        with self.assertLogs("runtime_guard", level=logging.WARNING) as logs:
            actions = self.enforce(workspace, dry_run=True)
        self.assertEqual(len(actions), 2)
        self.assertEqual(self.mutations(workspace), [])
        self.assertTrue(any("would terminate cluster c1" in line for line in logs.output))

    def test_retries_a_failing_api_then_succeeds(self):
        workspace = FakeWorkspace([cluster("c1", "spark-developer", 300)], failures=2)
        with self.assertLogs("runtime_guard", level=logging.WARNING):
            actions = self.enforce(workspace)
        self.assertEqual(len(actions), 1)
        self.assertEqual(sum(1 for c in workspace.calls if c[1] == "/api/2.1/clusters/list"), 3)

    def test_reports_an_api_that_keeps_failing(self):
        workspace = FakeWorkspace(failures=100)
        with self.assertLogs("runtime_guard", level=logging.WARNING):
            with self.assertRaises(runtime_guard.ApiError) as raised:
                self.enforce(workspace)
        self.assertIn("HTTP 503", str(raised.exception))
        self.assertEqual(len(workspace.calls), runtime_guard.RETRIES)

    def test_main_rejects_limits_that_are_not_json(self):
        with self.assertLogs("runtime_guard", level=logging.ERROR):
            self.assertEqual(runtime_guard.main(["--limits", "not json"]), 2)


if __name__ == "__main__":
    unittest.main()
