import ValkeyClient

/// An error from the store: an opaque code and a message naming the task and the problem.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    fileprivate enum Kind: Sendable, Equatable {
        case notFound, stale, invalidState, unavailable, invalidInput, conflict
    }

    /// The kind of error; compare with the static members.
    public struct Code: Sendable, Equatable {
        fileprivate let kind: Kind
        /// No task (or lane) by that name.
        public static let notFound = Code(kind: .notFound)
        /// The caller's claim token is no longer current: it must write nothing more.
        public static let stale = Code(kind: .stale)
        /// The task is not in a status that allows this.
        public static let invalidState = Code(kind: .invalidState)
        /// Valkey cannot be reached; try again later.
        public static let unavailable = Code(kind: .unavailable)
        /// The request names something that cannot be (unknown lane, unknown dependency).
        public static let invalidInput = Code(kind: .invalidInput)
        /// The id is taken.
        public static let conflict = Code(kind: .conflict)
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Wraps a client error: unavailable for connection trouble, else the server's message.
    static func from(_ error: ValkeyError) -> StoreError {
        StoreError(error.isUnavailable ? .unavailable : .invalidState, error.message)
    }
}
