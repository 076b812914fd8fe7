import Logging

/// Wraps the worker's log handler to add a task's metadata to each message as it is written.
/// Setting the metadata on a stream handler itself renders it again on every change, which cost
/// about a tenth of the worker's CPU per task, though most tasks log nothing at the set level.
struct TaskLogHandler: LogHandler {
    var base: any LogHandler
    var metadata: Logger.Metadata

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        base.log(event: event)
    }
}

extension Logger {
    /// This logger with `metadata` added to each message it writes (rendered only when one is).
    func adding(_ metadata: Logger.Metadata) -> Logger {
        var logger = self
        logger.handler = TaskLogHandler(base: handler, metadata: metadata)
        return logger
    }
}
