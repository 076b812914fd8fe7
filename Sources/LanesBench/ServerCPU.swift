import ValkeyClient

extension ValkeyPool {
    /// The server's user + system CPU seconds so far (`INFO cpu`).
    func serverCPUSeconds() async throws -> Double {
        let info = try await call("INFO", "cpu").string ?? ""
        return info.split(whereSeparator: \.isNewline).reduce(0) { sum, line in
            let parts = line.split(separator: ":")
            guard parts.count == 2, parts[0] == "used_cpu_sys" || parts[0] == "used_cpu_user" else { return sum }
            return sum + (Double(parts[1].trimmingCharacters(in: .whitespaces)) ?? 0)
        }
    }
}
