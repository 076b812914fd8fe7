/// How often and how soon a failed attempt is retried: exponential back-off with jitter, capped.
public struct RetryPolicy: Sendable, Equatable, Codable {
    /// Retries after the first attempt (so `maxRetries + 1` attempts in all).
    public var maxRetries: Int
    /// The first back-off, in seconds.
    public var backoffBaseSeconds: Double
    /// Each later back-off is this many times the previous one.
    public var backoffFactor: Double
    /// No back-off is longer than this, in seconds.
    public var backoffMaxSeconds: Double
    /// Fraction of the back-off drawn at random (0 none, 1 up to +/-100%).
    public var jitter: Double

    public init(maxRetries: Int = 3, backoffBaseSeconds: Double = 1, backoffFactor: Double = 2, backoffMaxSeconds: Double = 300, jitter: Double = 0.2) {
        self.maxRetries = maxRetries
        self.backoffBaseSeconds = backoffBaseSeconds
        self.backoffFactor = backoffFactor
        self.backoffMaxSeconds = backoffMaxSeconds
        self.jitter = jitter
    }

    /// The wait before the next attempt after `attempt` (1-based) failed, in milliseconds.
    /// `random` is a number in 0..<1 (passed in so the result is testable).
    public func backoffMs(afterAttempt attempt: Int, random: Double) -> Int64 {
        let exponent = Double(max(attempt - 1, 0))
        var seconds = min(backoffBaseSeconds * pow(backoffFactor, exponent), backoffMaxSeconds)
        seconds *= 1 + jitter * (random * 2 - 1)
        return Int64(max(seconds, 0) * 1000)
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var remaining = Int(exponent)
    while remaining > 0 && result < 1e12 { result *= base; remaining -= 1 }
    return result
}
