import Foundation
import ValkeyClient

/// The transition scripts, loaded from the `.lua` resources (runnable by hand with `valkey-cli --eval`).
enum Scripts {
    static let enqueue = load("enqueue")
    static let claim = load("claim")
    static let extend = load("extend")
    static let progress = load("progress")
    static let complete = load("complete")
    static let fail = load("fail")
    static let cancel = load("cancel")
    static let requeue = load("requeue")
    static let promote = load("promote")
    static let reconcile = load("reconcile")
    static let execute = load("execute")
    static let depend = load("depend")
    static let resolve = load("resolve")
    static let clear = load("clear")
    static let unlock = load("unlock")
    static let lock = load("lock")
    static let oldest = load("oldest")

    private static func load(_ name: String) -> ValkeyScript {
        guard let url = Bundle.module.url(forResource: name, withExtension: "lua", subdirectory: "Scripts"),
            let source = try? String(contentsOf: url, encoding: .utf8)
        else { fatalError("script \(name).lua is missing from the LanesStore resources") }
        return ValkeyScript(name: name, source: source)
    }
}
