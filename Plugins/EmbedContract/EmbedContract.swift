import Foundation
import PackagePlugin

/// Embeds the target's openapi.yaml into the binary as a generated Swift file, so that
/// `GET /openapi.yaml` serves the contract byte for byte wherever the binary runs (a
/// resource bundle cannot hold the symlinked file, and a copy could drift).
@main
struct EmbedContract: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let input = target.directoryURL.appending(path: "openapi.yaml")
        let output = context.pluginWorkDirectoryURL.appending(path: "OpenAPIDocument+Embedded.swift")
        return [
            .buildCommand(
                displayName: "Embedding openapi.yaml into \(target.name)",
                executable: try context.tool(named: "embed-contract").url,
                arguments: [input.path(percentEncoded: false), output.path(percentEncoded: false)],
                inputFiles: [input],
                outputFiles: [output])
        ]
    }
}
