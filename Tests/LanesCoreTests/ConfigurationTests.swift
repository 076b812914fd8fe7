import Testing
@testable import LanesCore

@Suite("Configuration and retry policy")
struct ConfigurationTests {
    @Test("the lanes file sets limits, retry policy and operations")
    func parses() throws {
        let config = try LanesConfiguration.parse(yaml: """
            lanes:
              llm:
                concurrency: 1
                global_limit: 1
                timeout_seconds: 120
              operations:
                concurrency: 8
                retry: {max_retries: 5, backoff_base_seconds: 2}
            operations:
              report:
                handler: exec
                command: ["python3", "report.py"]
                timeout_seconds: 30
                max_retries: 1
            """)
        #expect(config.lanes.map(\.name) == ["llm", "operations"])
        #expect(config.lane("llm")?.globalLimit == 1 && config.lane("llm")?.defaultTimeoutSeconds == 120)
        #expect(config.lane("operations")?.retry.maxRetries == 5 && config.lane("operations")?.retry.backoffBaseSeconds == 2)
        #expect(config.operations["report"]?.command == ["python3", "report.py"])
        #expect(config.operations["report"]?.retry?.maxRetries == 1)
        #expect(config.operations["noop"]?.handler == "noop", "trial handlers are there by default")
    }

    @Test("a bad lanes file is refused with the file, the line and the problem", arguments: [
        ("lanes:\n  llm:\n    concurrency: zero\n", "f.yaml:3: lanes.llm.concurrency: expected a whole number"),
        ("operations:\n  x:\n    handler: teleport\n", "f.yaml:3: operations.x.handler: unknown handler 'teleport'"),
        ("operations:\n  x:\n    handler: exec\n", "operations.x: the exec handler needs 'command'"),
        ("lanes: [\n", "f.yaml: line"),
        ("lanes:\n  llm:\n    concurency: 1\n", "unknown setting 'concurency'"),
    ])
    func refuses(yaml: String, fragment: String) {
        #expect {
            _ = try LanesConfiguration.parse(yaml: yaml, file: "f.yaml")
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }

    @Test("schedules declared in the lanes file are read and checked")
    func schedules() throws {
        let config = try LanesConfiguration.parse(yaml: """
            schedules:
              morning:
                cron: "0 6 * * MON-FRI"
                timezone: Europe/Berlin
                task: {queue: operations, operation: noop, data: {source: prices}, priority: 70}
            """)
        #expect(config.schedules.count == 1)
        #expect(config.schedules[0].task.data == #"{"source":"prices"}"# && config.schedules[0].task.priority == 70)
        #expect(throws: LanesConfiguration.Problem.self) {
            _ = try LanesConfiguration.parse(yaml: "schedules:\n  x:\n    cron: \"bad\"\n    task: {queue: operations, operation: noop}\n")
        }
    }

    @Test("back-off grows by its factor up to its cap, with bounded jitter")
    func backoff() {
        let policy = RetryPolicy(maxRetries: 5, backoffBaseSeconds: 1, backoffFactor: 2, backoffMaxSeconds: 5, jitter: 0.5)
        #expect(policy.backoffMs(afterAttempt: 1, random: 0.5) == 1000)
        #expect(policy.backoffMs(afterAttempt: 3, random: 0.5) == 4000)
        #expect(policy.backoffMs(afterAttempt: 10, random: 0.5) == 5000)
        #expect(policy.backoffMs(afterAttempt: 1, random: 0) == 500)
        #expect(policy.backoffMs(afterAttempt: 1, random: 0.999) < 1500)
    }

    @Test("keys of a lane carry its hash tag")
    func keys() {
        let keys = Keys(prefix: "lanes")
        #expect(keys.queued("llm") == "lanes:{llm}:queued")
        #expect(keys.task("llm", "abc") == "lanes:{llm}:task:abc")
        #expect(keys.workers == "lanes:workers")
    }
}
