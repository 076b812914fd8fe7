import LanesCore
import LanesStore

extension JSONWriter {
    /// A task as the API shows it; data, metadata and result are the exact stored JSON.
    mutating func task(_ t: TaskRecord) {
        beginObject()
        string("task_id", t.id)
        string("queue", t.queue)
        string("operation", t.operation)
        string("status", t.status.rawValue)
        int("priority", t.priority)
        raw("data", t.data)
        raw("metadata", t.metadata)
        int("attempts", t.attempts)
        int("max_retries", t.maxRetries)
        bool("retry_on_crash", t.retryOnCrash)
        int("timeout_seconds", t.timeoutSeconds)
        string("group", t.group)
        beginArray("depends_on")
        for id in t.dependsOn { element(JSONWriter.quote(id)) }
        endArray()
        string("unique_key", t.uniqueKey)
        string("created_at", Timestamp.string(t.createdAt))
        string("scheduled_for", Timestamp.string(t.scheduledFor))
        string("started_at", Timestamp.string(t.startedAt))
        string("completed_at", Timestamp.string(t.completedAt))
        string("worker", t.worker)
        double("progress", t.progress)
        string("progress_message", t.progressMessage)
        string("error", t.status == .completed ? nil : t.error)
        raw("result", t.result)
        bool("cancel_requested", t.cancelRequested)
        string("callback_url", t.callbackURL)
        endObject()
    }

    static func task(_ t: TaskRecord) -> String {
        var writer = JSONWriter()
        writer.task(t)
        return writer.text
    }
}
