import Foundation
import LanesCore
import LanesStore
import LanesTestSupport
import ValkeyClient

/// A store under a fresh prefix plus helpers to start real worker processes on it.
struct WorkerFixture {
    let store: TaskStore
    let prefix: String
    let configPath: String
    let valkeyURL: String

    static let config = """
        lanes:
          llm:
            concurrency: 1
            global_limit: 1
            retry: {max_retries: 3, backoff_base_seconds: 0.1, backoff_factor: 2, jitter: 0}
          operations:
            concurrency: 8
            retry: {max_retries: 3, backoff_base_seconds: 0.1, backoff_factor: 2, jitter: 0}
        operations:
          shell:
            handler: exec
            command: ["sh", "-c", "cat >/dev/null; echo '{\\"progress\\": 0.5, \\"message\\": \\"half\\"}'; echo '{\\"log\\": \\"hello\\"}'; echo '{\\"result\\": {\\"ok\\": true}}'"]
          long-shell:
            handler: exec
            command: ["sh", "-c", "cat >/dev/null; sleep 30 & echo \\"$$ $!\\" > \\"$PIDFILE_DIR/$LANES_TASK_ID\\"; wait"]
          crash-worker:
            handler: exec
            command: ["sh", "-c", "kill -9 $PPID"]
          flaky:
            handler: exec
            command: ["sh", "-c", "cat >/dev/null; [ \\"$LANES_ATTEMPT\\" -ge 2 ] || { echo 'first attempt fails' >&2; exit 3; }; echo '{\\"result\\": \\"second time lucky\\"}'"]
        """

    init(valkeyURL: String = TestValkey.url) throws {
        self.valkeyURL = valkeyURL
        prefix = TestValkey.uniquePrefix("worker")
        configPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix).yaml").path
        try Self.config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let env = try StoreEnvironment(environment: ["LANES_VALKEY_URL": valkeyURL, "LANES_PREFIX": prefix, "LANES_CONFIG": configPath])
        var settings = StoreSettings()
        settings.leaseMs = 1_500
        store = env.makeStore(settings: settings)
    }

    /// Starts a `lanes-worker` with short intervals (lease 1.5 s, heartbeat and reconcile 0.3 s, grace 1 s, kill grace 1 s).
    func startWorker(_ extra: [String: String] = [:], executable: String = "lanes-worker") throws -> LanesProcess {
        try LanesProcess(executable, environment: [
            "LANES_VALKEY_URL": valkeyURL, "LANES_PREFIX": prefix, "LANES_CONFIG": configPath,
            "LANES_LEASE_MS": "1500", "LANES_HEARTBEAT_MS": "300", "LANES_RECONCILE_MS": "300", "LANES_GRACE_SECONDS": "1",
            "LANES_KILL_GRACE_SECONDS": "1",
            "LANES_LOG_LEVEL": "info", "PIDFILE_DIR": FileManager.default.temporaryDirectory.path,
        ].merging(extra) { _, new in new })
    }

    /// Starts `lanes-api` on this store (admin key `test-secret-1`) and waits until it answers; returns it and its port.
    func startAPI() async throws -> (LanesProcess, Int) {
        let port = try PrivateValkey.freePort()
        let api = try LanesProcess("lanes-api", environment: [
            "LANES_VALKEY_URL": valkeyURL, "LANES_PREFIX": prefix, "LANES_CONFIG": configPath,
            "LANES_API_KEYS": "t:admin:test-secret-1", "LANES_HTTP_PORT": String(port), "LANES_LOG_LEVEL": "warning",
        ])
        _ = await eventually { (try? Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/healthz")!)) != nil }
        return (api, port)
    }

    @discardableResult
    func enqueue(_ lane: String = "operations", _ operation: String, data: String = "{}", priority: Int = 50, maxRetries: Int? = nil,
                 retryOnCrash: Bool = true, timeout: Int? = nil) async throws -> String {
        try await store.enqueue(NewTask(queue: lane, operation: operation, data: data, priority: priority, maxRetries: maxRetries,
                                        retryOnCrash: retryOnCrash, timeoutSeconds: timeout)).id
    }

    func status(_ id: String) async throws -> TaskStatus? { try await store.task(id: id)?.status }

    /// Waits until the task reaches `status`.
    func waitFor(_ id: String, _ status: TaskStatus, timeout: Duration = .seconds(20)) async throws -> Bool {
        await eventually(timeout: timeout) { (try? await self.status(id)) == status }
    }
}
