import ArgumentParser

/// The `lanes` command line (placeholder until the CLI issue lands).
@main
struct LanesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lanes", abstract: "Talk to a Lanes API server.")
}
