import Testing
@testable import LanesAPI

@Suite("Timestamps")
struct TimestampTests {
    @Test("milliseconds since the epoch print as UTC ISO-8601 and parse back", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(951_782_400_000), "2000-02-29T00:00:00.000Z"),
        (Int64(1_795_398_617_848), "2026-11-23T01:50:17.848Z"),
        (Int64(4_102_444_799_999), "2099-12-31T23:59:59.999Z"),
    ])
    func roundTrip(ms: Int64, text: String) {
        #expect(Timestamp.string(ms) == text)
        #expect(Timestamp.parse(text) == ms)
    }
}
