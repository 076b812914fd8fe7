/// The Prometheus text exposition format, as `/metrics` serves it.
public enum Exposition {
    /// The `Content-Type` of a `/metrics` answer.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
}
