import Foundation

/// Runs blocking work (pipe reads and writes, `waitpid`) on a thread of its own. Not on a dispatch
/// queue: on Linux those share their thread budget with Swift's cooperative pool, so a few blocked
/// reads would stall every task of the worker.
func onOwnThread(_ body: @escaping @Sendable () -> Void) {
    let thread = Thread(block: body)
    thread.stackSize = 256 << 10
    thread.start()
}
