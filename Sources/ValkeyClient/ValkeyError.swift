/// An error from the Valkey client: an opaque code a caller can match, and a message a person can act on.
public struct ValkeyError: Error, Sendable, Equatable, CustomStringConvertible {
    fileprivate enum Kind: Sendable, Equatable {
        case connectionFailed, connectionLost, timeout, server, protocolError, invalidURL, poolClosed
    }

    /// The kind of error; compare with the static members.
    public struct Code: Sendable, Equatable, CustomStringConvertible {
        fileprivate let kind: Kind
        /// Could not connect (refused, unknown host, bad credentials).
        public static let connectionFailed = Code(kind: .connectionFailed)
        /// An established connection broke; the next call reconnects.
        public static let connectionLost = Code(kind: .connectionLost)
        /// The server did not answer within the command timeout.
        public static let timeout = Code(kind: .timeout)
        /// The server answered with an error reply.
        public static let server = Code(kind: .server)
        /// The reply could not be read.
        public static let protocolError = Code(kind: .protocolError)
        /// The connection URL is malformed.
        public static let invalidURL = Code(kind: .invalidURL)
        /// The pool was shut down.
        public static let poolClosed = Code(kind: .poolClosed)
        public var description: String { "\(kind)" }
    }

    /// What went wrong.
    public let code: Code
    /// A sentence naming the server and the cause.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// An error reply from the server, e.g. `NOSCRIPT No matching script`.
    public static func server(_ message: String) -> ValkeyError { ValkeyError(.server, message) }

    /// True when the connection is unusable (failed, lost or timed out): the store is unavailable.
    public var isUnavailable: Bool {
        code == .connectionFailed || code == .connectionLost || code == .timeout || code == .poolClosed
    }

    public var description: String { message }
}
