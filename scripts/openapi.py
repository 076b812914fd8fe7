"""Writes Sources/LanesAPI/OpenAPI/openapi.json, the OpenAPI 3 document lanes-api serves.
Run it after changing a route: python3 scripts/openapi.py > Sources/LanesAPI/OpenAPI/openapi.json
The API replaces "__LANES__" with its configured lanes when it serves the document."""
import json
base = "/api/v1/queue"
def ref(n): return {"$ref": f"#/components/schemas/{n}"}
def err(desc): return {"description": desc, "content": {"application/json": {"schema": ref("Error")}}}
def ok(schema, desc="OK", code="200"): return {code: {"description": desc, "content": {"application/json": {"schema": schema}}}}
def errors(*codes):
    names = {400: "Malformed request", 401: "Missing or wrong API key", 403: "The key's role is too weak", 404: "Not found",
             405: "Method not allowed", 409: "Conflict", 413: "Body too large", 422: "Invalid field", 503: "Valkey unavailable"}
    out = {str(c): err(names[c]) for c in codes}
    out["default"] = err("Any other error")
    return out
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[A-Za-z0-9_-]+$"}}
def q(name, schema, desc=""): return {"name": name, "in": "query", "required": False, "schema": schema, "description": desc}
nstr = {"type": "string", "nullable": True}
task = {"type": "object", "required": ["task_id", "queue", "operation", "status", "priority", "data", "metadata", "attempts", "created_at"],
        "properties": {
            "task_id": {"type": "string"}, "queue": {"type": "string"}, "operation": {"type": "string"},
            "status": {"type": "string", "enum": ["queued", "scheduled", "waiting", "running", "completed", "failed", "cancelled"]},
            "priority": {"type": "integer"}, "data": {"type": "object"}, "metadata": {"type": "object"},
            "attempts": {"type": "integer"}, "max_retries": {"type": "integer"}, "retry_on_crash": {"type": "boolean"},
            "timeout_seconds": {"type": "integer", "nullable": True}, "group": nstr, "depends_on": {"type": "array", "items": {"type": "string"}},
            "unique_key": nstr, "created_at": nstr, "scheduled_for": nstr, "started_at": nstr, "completed_at": nstr, "worker": nstr,
            "progress": {"type": "number", "nullable": True}, "progress_message": nstr, "error": nstr, "result": {"nullable": True},
            "cancel_requested": {"type": "boolean"}, "callback_url": nstr}}
LANE = {"type": "string", "enum": "__LANES__"}
LANE_OR_NULL = {"type": "string", "nullable": True, "enum": "__LANES_OR_NULL__"}
def nullable(schema): return {**schema, "nullable": True}
LINE = {"type": "string", "pattern": "^[^\\r\\n\\u0000\\u2028\\u2029\\u0085]{1,200}$"}
TASKID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}
create = {"type": "object", "required": ["queue", "operation", "data"], "additionalProperties": False, "properties": {
    "queue": {**LANE, "description": "A configured lane, e.g. llm or operations"},
    "operation": LINE,
    "data": {"type": "object"}, "metadata": {"type": "object", "nullable": True},
    "priority": {"type": "integer", "minimum": 0, "maximum": 100, "default": 50, "nullable": True},
    "max_retries": {"type": "integer", "minimum": 0, "maximum": 100, "nullable": True}, "retry_on_crash": {"type": "boolean", "nullable": True},
    "timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 604800, "nullable": True},
    "group": nullable(LINE),
    "depends_on": {"oneOf": [TASKID, {"type": "array", "maxItems": 100, "items": TASKID}], "nullable": True, "description": "ids of existing tasks"},
    "delay_seconds": {"type": "number", "minimum": 0, "maximum": 31536000, "nullable": True},
    "scheduled_for": {"type": "string", "format": "date-time", "nullable": True},
    "unique_key": nullable(LINE),
    "callback_url": {"type": "string", "nullable": True, "pattern": "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$"}}}
lane = {"type": "object", "required": ["queue", "queued", "running", "completed", "failed"], "properties": {
    k: {"type": "integer"} for k in ["queued", "scheduled", "waiting", "running", "completed", "failed", "cancelled", "retried", "recovered", "concurrency"]}}
lane["properties"]["queue"] = {"type": "string"}
lane["properties"]["global_limit"] = {"type": "integer", "nullable": True}
lane["properties"]["finished_per_minute"] = {"type": "array", "items": {"type": "integer"},
                                             "description": "Tasks finished in each of the last 10 minutes, oldest first (from the kept history)"}
lane["properties"]["oldest_queued_age_seconds"] = {"type": "number", "nullable": True, "description": "How long the longest-waiting queued task has been ready; null when none is queued"}
schedule = {"type": "object", "required": ["name", "timezone", "task", "paused"], "properties": {
    "name": {"type": "string"}, "cron": nstr, "interval": nstr, "at": nstr, "timezone": {"type": "string"}, "paused": {"type": "boolean"},
    "task": {"type": "object"}, "next_run_at": nstr, "last_run_at": nstr, "last_task_id": nstr, "last_task_status": nstr}}
schedule_in = {"type": "object", "required": ["name", "task"], "additionalProperties": False, "properties": {
    "name": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,100}$"}, "cron": {"type": "string"}, "interval": {"type": "string"},
    "at": {"type": "string"}, "timezone": {"type": "string"}, "paused": {"type": "boolean"},
    "task": {"type": "object", "required": ["queue", "operation", "data"], "additionalProperties": False, "properties": {
        "queue": LANE, "operation": LINE, "data": {"type": "object"}, "metadata": {"type": "object"},
        "priority": {"type": "integer", "minimum": 0, "maximum": 100}}}}}
sec = [{"bearerAuth": []}]
def op(summary, responses, params=None, body=None, open_=False, tags=None, body_required=True):
    o = {"summary": summary, "responses": responses}
    if params: o["parameters"] = params
    if body: o["requestBody"] = {"required": body_required, "content": {"application/json": {"schema": body}}}
    o["security"] = [] if open_ else sec
    return o
obj = lambda props, req=None: {"type": "object", "required": req or list(props), "properties": props}
I = {"type": "integer"}
paths = {
    "/healthz": {"get": op("The process is alive", {**ok(obj({"status": {"type": "string"}})), **errors()}, open_=True)},
    "/readyz": {"get": op("Valkey is reachable", {**ok(obj({"status": {"type": "string"}})), **errors(503)}, open_=True)},
    "/api/v1/openapi.json": {"get": op("This document", {**ok({"type": "object"}), **errors()}, open_=True)},
    "/metrics": {"get": op("Prometheus metrics, cluster-wide, read from Valkey at scrape time (role read; open with LANES_METRICS_PUBLIC=1)",
                           {"200": {"description": "Prometheus text exposition format 0.0.4", "content": {"text/plain": {"schema": {"type": "string"}}}},
                            **errors(401, 403, 503)})},
    f"{base}/health": {"get": op("Valkey connectivity (always 200)", {**ok(obj({"status": {"type": "string", "enum": ["healthy", "unavailable"]}, "enabled": {"type": "boolean"}, "connected": {"type": "boolean"}, "system": {"type": "string"}, "note": {"type": "string"}})), **errors()}, open_=True)},
    f"{base}/tasks": {
        "post": op("Create a task (201; 200 with the existing task for a repeated Idempotency-Key or unique_key)",
                   {**ok(obj({"task_id": {"type": "string"}}), "Created", "201"), **ok(obj({"task_id": {"type": "string"}}), "An existing task"), **errors(400, 401, 403, 413, 422, 503)},
                   params=[{"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string", "minLength": 1, "maxLength": 200}}], body=create),
        "get": op("List tasks", {**ok(obj({"tasks": {"type": "array", "items": ref("Task")}, "total": I, "total_in_queue": I, "queues": {"type": "array", "items": {"type": "string"}},
                                          "pagination": obj({"limit": I, "offset": I, "total": I, "total_in_queue": I, "has_more": {"type": "boolean"}})})), **errors(401, 403, 422, 503)},
                  params=[q("limit", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}), q("offset", {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0}),
                          q("queues", LANE, "a lane, or several separated by commas"), q("status", {"type": "string", "enum": ["queued", "scheduled", "waiting", "running", "completed", "failed", "cancelled"]}),
                          q("operation", {"type": "string"}), q("group", {"type": "string"})]),
        "delete": op("Cancel every active task (admin)", {**ok(obj({"cancelled": I, "queue": nstr})), **errors(401, 403, 422, 503)}, params=[q("queue", LANE)]),
    },
    f"{base}/tasks/batch": {"post": op("Create up to 1,000 tasks, all or nothing", {**ok(obj({"task_ids": {"type": "array", "items": {"type": "string"}}, "created": I}), "Created", "201"), **errors(400, 401, 403, 413, 422, 503)},
                                       body={"type": "object", "required": ["tasks"], "additionalProperties": False, "properties": {"tasks": {"type": "array", "minItems": 1, "maxItems": 1000, "items": create}}})},
    f"{base}/tasks/cancel": {"post": op("Cancel by task_ids, or by metadata (+ queue)", {**ok({"type": "object"}), **errors(400, 401, 403, 413, 422, 503)},
                                        body={"oneOf": [{"type": "object", "required": ["task_ids"], "additionalProperties": False, "properties": {"task_ids": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"type": "string"}}}},
                                              {"type": "object", "required": ["metadata"], "additionalProperties": False, "properties": {"metadata": {"type": "object", "minProperties": 1}, "queue": LANE_OR_NULL}}]})},
    f"{base}/tasks/history": {"delete": op("Delete finished tasks (admin)", {**ok(obj({"cleared": I, "queue": nstr})), **errors(401, 403, 422, 503)},
                                           params=[q("queue", LANE), q("older_than_hours", {"type": "number", "minimum": 0, "maximum": 8760})])},
    f"{base}/tasks/{{id}}": {"get": op("One task", {**ok(ref("Task")), **errors(401, 403, 404, 503)}, params=[ID]),
                              "delete": op("Cancel a queued or running task", {**ok(obj({"status": {"type": "string"}, "task_id": {"type": "string"}, "was_running": {"type": "boolean"}})), **errors(400, 401, 403, 404, 503)}, params=[ID])},
    f"{base}/tasks/{{id}}/result": {"get": op("The result: null until the task completed; 404 when the task is unknown or expired", {**ok(obj({"task_id": {"type": "string"}, "status": {"type": "string"}, "result": {"nullable": True}})), **errors(401, 403, 404, 503)}, params=[ID])},
    f"{base}/tasks/{{id}}/logs": {"get": op("Log lines written by the handler", {**ok(obj({"task_id": {"type": "string"}, "lines": {"type": "array", "items": {"type": "string"}}})), **errors(401, 403, 404, 503)}, params=[ID])},
    f"{base}/tasks/{{id}}/wait": {"get": op("Wait until the task is final or the timeout passes", {**ok(ref("Task")), **errors(401, 403, 404, 422, 503)},
                                            params=[ID, q("timeout", {"type": "number", "minimum": 0, "maximum": 300, "default": 30})])},
    f"{base}/tasks/{{id}}/retry": {"post": op("Re-enqueue a failed task as a new task", {**ok(obj({"new_task_id": {"type": "string"}, "original_task_id": {"type": "string"}}), "Created", "201"), **errors(400, 401, 403, 404, 503)}, params=[ID])},
    f"{base}/tasks/{{id}}/execute": {"post": op("Move a queued or scheduled task to the front of its lane", {**ok(ref("Task")), **errors(401, 403, 404, 409, 503)}, params=[ID])},
    f"{base}/next": {"get": op("The task a worker would claim next (204 when none)", {**ok(ref("Task")), "204": {"description": "The queue is empty"}, **errors(401, 403, 422, 503)},
                               params=[{"name": "queue", "in": "query", "required": True, "schema": LANE}])},
    f"{base}/stats": {"get": op("Counts of every queue", {**ok(obj({"queues": {"type": "array", "items": ref("LaneStats")}, "by_status": {"type": "object", "additionalProperties": I}, "total": I, "note": {"type": "string"}})), **errors(401, 403, 503)})},
    f"{base}/stats/{{queue}}": {"get": op("Counts of one queue", {**ok(ref("LaneStats")), **errors(401, 403, 404, 503)}, params=[{"name": "queue", "in": "path", "required": True, "schema": {"type": "string"}}])},
    f"{base}/workers": {"get": op("Live workers", {**ok(obj({"workers": {"type": "array", "items": {"type": "object"}}, "total": I})), **errors(401, 403, 503)})},
    f"{base}/reconcile": {"post": op("One reconciliation pass (admin)", {**ok(obj({"recovered_orphans": I, "recovered_crashed": I, "failed_unrecoverable": I})), **errors(400, 401, 403, 409, 413, 422, 503)},
                                     body={"type": "object", "additionalProperties": False, "properties": {"queue": LANE_OR_NULL}}, body_required=False)},
    f"{base}/groups/{{group}}": {"get": op("Counts by status and progress of a group", {**ok(obj({"group": {"type": "string"}, "total": I, "counts": {"type": "object"}, "progress": {"type": "number"}, "first_created_at": nstr, "last_finished_at": nstr})), **errors(401, 403, 404, 503)},
                                          params=[{"name": "group", "in": "path", "required": True, "schema": {"type": "string"}}]),
                                  "delete": op("Cancel a group's active tasks", {**ok(obj({"group": {"type": "string"}, "cancelled": I})), **errors(401, 403, 503)},
                                               params=[{"name": "group", "in": "path", "required": True, "schema": {"type": "string"}}])},
    f"{base}/schedules": {"get": op("Recurring schedules", {**ok(obj({"schedules": {"type": "array", "items": ref("Schedule")}, "total": I})), **errors(401, 403, 503)}),
                          "post": op("Create or replace a schedule (admin)", {**ok(ref("Schedule"), "Created", "201"), **errors(400, 401, 403, 404, 413, 422, 503)}, body=schedule_in)},
    f"{base}/schedules/{{name}}": {"get": op("One schedule", {**ok(ref("Schedule")), **errors(401, 403, 404, 503)}, params=[{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}]),
                                    "delete": op("Delete a schedule (admin)", {**ok(obj({"deleted": {"type": "string"}})), **errors(401, 403, 404, 503)}, params=[{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}])},
    f"{base}/schedules/{{name}}/pause": {"post": op("Pause a schedule (admin)", {**ok(ref("Schedule")), **errors(401, 403, 404, 503)}, params=[{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}])},
    f"{base}/schedules/{{name}}/resume": {"post": op("Resume a schedule (admin)", {**ok(ref("Schedule")), **errors(401, 403, 404, 503)}, params=[{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}])},
    f"{base}/events": {"get": op("Server-Sent Events of state changes; resumes after Last-Event-ID",
                                 {"200": {"description": "An event stream", "content": {"text/event-stream": {"schema": {"type": "string"}}}}, **errors(400, 401, 403, 422)},
                                 params=[q("queue", LANE), q("group", {"type": "string"}), q("task_id", {"type": "string"}),
                                         {"name": "Last-Event-ID", "in": "header", "required": False, "schema": {"type": "string"}}])},
    f"{base}/whoami": {"get": op("The calling key's name and role (the dashboard shows only the actions the role allows)",
                                 {**ok(obj({"name": nstr, "role": {"type": "string", "enum": ["read", "write", "admin"], "nullable": True}, "auth_disabled": {"type": "boolean"}})), **errors(401, 403)})},
}
# Links from a created task to what can be done with it: schemathesis' stateful phase follows them
# (create, then read, cancel, retry, run now the ids it created).
def pointer(path, method): return "#/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
task_path = f"{base}/tasks/{{id}}"
def task_links(field):
    targets = {"GetTask": (task_path, "get"), "GetResult": (task_path + "/result", "get"), "GetLogs": (task_path + "/logs", "get"),
               "CancelTask": (task_path, "delete"), "RetryTask": (task_path + "/retry", "post"), "RunNow": (task_path + "/execute", "post")}
    return {name: {"operationRef": pointer(path, method), "parameters": {"id": f"$response.body#/{field}"}} for name, (path, method) in targets.items()}
for code in ("201", "200"):
    paths[f"{base}/tasks"]["post"]["responses"][code]["links"] = task_links("task_id")
paths[task_path + "/retry"]["post"]["responses"]["201"]["links"] = task_links("new_task_id")
doc = {"openapi": "3.0.3", "info": {"title": "Lanes", "version": "1.0.0", "description": "Valkey-backed distributed task queue. Errors are {\"error\": {\"code\", \"message\"}}."},
       "servers": [{"url": "/"}], "paths": paths,
       "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
                      "schemas": {"Task": task, "LaneStats": lane, "Schedule": schedule,
                                  "Error": obj({"error": obj({"code": {"type": "string"}, "message": {"type": "string"}})})}}}
print(json.dumps(doc, separators=(",", ":")))
