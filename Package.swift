// swift-tools-version:6.0
import PackageDescription

// Modules, dependencies pointing one way:
// CHiredis -> ValkeyClient -> LanesCore (no I/O) -> LanesStore -> LanesAPI / LanesWorker -> executables
let package = Package(
    name: "lanes",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lanes-api", targets: ["LanesAPIServer"]),
        .executable(name: "lanes-worker", targets: ["LanesWorkerServer"]),
        .executable(name: "example-worker", targets: ["ExampleWorker"]),
        .executable(name: "lanes", targets: ["LanesCLI"]),
        .library(name: "LanesWorker", targets: ["LanesWorker"]),
        .executable(name: "lanes-bench", targets: ["LanesBench"]),
        .executable(name: "chaos-worker", targets: ["ChaosWorker"]),
        .library(name: "LanesStore", targets: ["LanesStore"]),
        .library(name: "ValkeyClient", targets: ["ValkeyClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "ValkeyClient",
            dependencies: [
                "CHiredis",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LanesCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "LanesStore",
            dependencies: ["ValkeyClient", "LanesCore"],
            resources: [.copy("Scripts")]
        ),
        // Prometheus metrics shared by the API and the workers (swift-metrics backed by swift-prometheus).
        .target(
            name: "LanesMetrics",
            dependencies: [
                "LanesCore",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // API: Hummingbird controllers over the store, and the dashboard's static files.
        .target(
            name: "LanesAPI",
            dependencies: [
                "LanesStore", "LanesMetrics",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("OpenAPI/openapi.json"), .copy("Dashboard/Files")]
        ),
        .executableTarget(
            name: "LanesAPIServer",
            dependencies: [
                "LanesAPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Worker runtime (a library teams build their own workers with) and the stock worker.
        .target(
            name: "LanesWorker",
            dependencies: [
                "LanesStore", "LanesMetrics",
                // A tiny listener for the worker's own /metrics (LANES_METRICS_PORT).
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "LanesWorkerServer",
            dependencies: [
                "LanesWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The `lanes` command line: talks to the REST API only.
        .executableTarget(
            name: "LanesCLI",
            dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "ExampleWorker",
            dependencies: ["LanesWorker"],
            path: "Examples/CustomWorker"
        ),
        // The chaos test's worker (chaos/): trial handlers that log every execution to a side channel.
        .executableTarget(
            name: "ChaosWorker",
            dependencies: ["LanesWorker"],
            path: "chaos/Worker"
        ),
        .executableTarget(
            name: "LanesBench",
            dependencies: [
                "LanesStore", "LanesWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "LanesTestSupport", dependencies: ["ValkeyClient", .product(name: "Logging", package: "swift-log")], path: "Tests/Support"),
        .testTarget(name: "ValkeyClientTests", dependencies: ["ValkeyClient", "LanesTestSupport"]),
        .testTarget(name: "LanesCoreTests", dependencies: ["LanesCore"]),
        .testTarget(name: "LanesStoreTests", dependencies: ["LanesStore", "LanesTestSupport"]),
        .testTarget(
            name: "LanesAPITests",
            dependencies: [
                "LanesAPI", "LanesTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "LanesWorkerTests", dependencies: ["LanesWorker", "LanesTestSupport"]),
        .testTarget(name: "LanesCLITests", dependencies: ["LanesTestSupport"]),
        .testTarget(name: "LanesMetricsTests", dependencies: ["LanesMetrics", "LanesStore", "LanesTestSupport"]),
    ]
)
