import Foundation
import Synchronization

/// A command started with `posix_spawn` as the leader of a new process group, its stdio on pipes.
/// Its exit is learnt with `waitpid` on a dispatch thread, so it is known as soon as the command
/// itself exits, even while something it started still holds its pipes (Foundation's `Process`
/// waits for those too).
struct ChildProcess: Sendable {
    let pid: Int32
    let stdin: FileHandle
    let stdout: FileHandle
    let stderr: FileHandle
    /// Fulfilled when the command exits.
    let exited: Promise<ExitStatus>

    /// Spawns `/usr/bin/env arguments...` (so the command is found on the child's PATH) with
    /// exactly `environment`; only stdin, stdout and stderr are inherited, and signal dispositions
    /// the worker changed (SIGPIPE) are back to their defaults.
    static func spawn(_ arguments: [String], environment: [String: String]) throws -> ChildProcess {
        // Pipes are made and the child spawned under one lock, so no other child inherits them
        // between `pipe` and `FD_CLOEXEC`.
        let (pid, input, output, errors) = try spawnLock.withLock { _ in try spawnLocked(arguments, environment: environment) }
        let exited = Promise<ExitStatus>()
        onOwnThread {
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
            exited.fulfill(ExitStatus(waitStatus: raw))
        }
        return ChildProcess(pid: pid, stdin: FileHandle(fileDescriptor: input, closeOnDealloc: true),
                            stdout: FileHandle(fileDescriptor: output, closeOnDealloc: true),
                            stderr: FileHandle(fileDescriptor: errors, closeOnDealloc: true), exited: exited)
    }

    private static let spawnLock = Mutex(())

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+), looked up at run time.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Returns the child's pid and the parent's ends of its stdin, stdout and stderr.
    private static func spawnLocked(_ arguments: [String], environment: [String: String]) throws -> (Int32, Int32, Int32, Int32) {
        let input = try pipe(), output = try pipe(), errors = try pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        _ = addCloseFrom?(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), empty = sigset_t()
        sigemptyset(&defaults)
        sigemptyset(&empty)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp)
        [input.read, output.write, errors.write].forEach { _ = close($0) }
        guard status == 0 else {
            [input.write, output.read, errors.read].forEach { _ = close($0) }
            throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO)
        }
        return (pid, input.write, output.read, errors.read)
    }

    private static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard Foundation.pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        fds.forEach { _ = fcntl($0, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }
}

/// How a command ended.
struct ExitStatus: Sendable, Equatable, CustomStringConvertible {
    let code: Int32
    let signalled: Bool

    init(code: Int32, signalled: Bool) {
        self.code = code
        self.signalled = signalled
    }

    /// Decodes a `waitpid` status.
    init(waitStatus raw: Int32) {
        if raw & 0x7f == 0 {
            self.init(code: (raw >> 8) & 0xff, signalled: false)
        } else {
            self.init(code: raw & 0x7f, signalled: true)
        }
    }

    var succeeded: Bool { code == 0 && !signalled }
    var description: String { signalled ? "killed by signal \(code)" : "exit code \(code)" }
}
