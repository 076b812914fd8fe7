import Foundation
import LanesCore
import Testing

@Suite("Task ids")
struct TaskIDTests {
    @Test("a new id is a version-4 UUID as 32 lowercase hex digits, valid, and unique")
    func make() {
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = TaskID.make()
            #expect(id.utf8.count == 32 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) })
            #expect(TaskID.isValid(id))
            let chars = Array(id)
            let dashed = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
            let uuid = UUID(uuidString: dashed)
            #expect(uuid != nil && chars[12] == "4" && "89ab".contains(chars[16]), "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }
}
