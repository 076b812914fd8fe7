#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// hiredis writes with `write(2)`: writing to a connection the server has closed (a restart,
/// `CLIENT KILL`, an idle timeout) raises SIGPIPE, whose default action ends the process without a
/// word. The first connection of a process therefore ignores SIGPIPE, as hiredis asks of its users;
/// the write then fails with EPIPE, which the connection reports and recovers from.
enum BrokenPipe {
    static let ignored: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
}
