import ArgumentParser
import Foundation

/// Benchmarks of Lanes against a running Valkey; they print figures and assert nothing.
@main
struct LanesBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lanes-bench",
        abstract: "Benchmarks of the store and the worker against a running Valkey.",
        subcommands: [StoreLifecycle.self, WorkerThroughput.self, PickupLatency.self, ValkeyFloor.self],
        defaultSubcommand: StoreLifecycle.self)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
