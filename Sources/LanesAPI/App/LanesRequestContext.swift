import Hummingbird

/// The request context: Hummingbird's core context plus the request's audit note.
protocol LanesRequestContext: RequestContext {
    /// What the request did, for the one log line of a mutating request.
    var audit: AuditNote { get }
}

/// The context every Lanes route gets.
struct APIRequestContext: LanesRequestContext {
    var coreContext: CoreRequestContextStorage
    let audit = AuditNote()

    init(source: Source) {
        coreContext = .init(source: source)
    }
}
