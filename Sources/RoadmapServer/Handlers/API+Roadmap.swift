import Foundation
import OpenAPIRuntime
import Roadmap
import RoadmapAPI

extension API {
    func getRoadmap(_ input: Operations.GetRoadmap.Input) async throws -> Operations.GetRoadmap.Output {
        let body = Components.Schemas.Roadmap(try await services.roadmap.get())
        let tag = ETag.of(body)
        if try ETag.header(input.headers.ifNoneMatch, weaklyMatches: tag) {
            return .notModified(.init(headers: .init(eTag: tag)))
        }
        return .ok(.init(headers: .init(eTag: tag), body: .json(body)))
    }

    func updateRoadmap(_ input: Operations.UpdateRoadmap.Input) async throws -> Operations.UpdateRoadmap.Output {
        let patch =
            switch input.body {
            case .json(let body), .applicationMergePatchJson(let body): body
            }
        let info = try await services.roadmap.update(
            try RoadmapPatch(patch), by: caller,
            ifMatch: try ETag.precondition(ifMatch: input.headers.ifMatch) { Components.Schemas.Roadmap($0) })
        let body = Components.Schemas.Roadmap(info)
        return .ok(.init(headers: .init(eTag: ETag.of(body)), body: .json(body)))
    }
}

extension API {
    func getRoadmapHistory(
        _ input: Operations.GetRoadmapHistory.Input
    ) async throws -> Operations.GetRoadmapHistory.Output {
        .ok(try await history(of: RoadmapRecord.self, RoadmapRecord.singletonId, input.query.limit, input.query.cursor))
    }

    // MARK: The roadmap at any moment, versions, differences

    func getRoadmapSnapshot(
        _ input: Operations.GetRoadmapSnapshot.Input
    ) async throws -> Operations.GetRoadmapSnapshot.Output {
        .ok(.init(body: .json(try .init(try await services.snapshots.snapshot(asOf: input.query.asOf)))))
    }

    func listRoadmapVersions(
        _ input: Operations.ListRoadmapVersions.Input
    ) async throws -> Operations.ListRoadmapVersions.Output {
        .ok(
            .init(
                body: .json(.init(items: try await services.snapshots.versions().map(Components.Schemas.Version.init))))
        )
    }

    func createRoadmapVersion(
        _ input: Operations.CreateRoadmapVersion.Input
    ) async throws -> Operations.CreateRoadmapVersion.Output {
        let create =
            switch input.body {
            case .json(let body): body
            }
        let version = try await services.snapshots.createVersion(label: create.label, asOf: create.asOf, by: caller)
        return .created(
            .init(headers: .init(location: "/roadmap/versions/\(version.id!)"), body: .json(.init(version))))
    }

    func getRoadmapVersion(
        _ input: Operations.GetRoadmapVersion.Input
    ) async throws -> Operations.GetRoadmapVersion.Output {
        .ok(.init(body: .json(try .init(try await services.snapshots.version(id: input.path.versionId)))))
    }

    func getRoadmapDiff(_ input: Operations.GetRoadmapDiff.Input) async throws -> Operations.GetRoadmapDiff.Output {
        let diff = try await services.snapshots.diff(
            from: input.query.from, fromVersion: input.query.fromVersion, to: input.query.to,
            toVersion: input.query.toVersion)
        return .ok(.init(body: .json(try .init(diff))))
    }

    func getRoadmapDiffPage(
        _ input: Operations.GetRoadmapDiffPage.Input
    ) async throws -> Operations.GetRoadmapDiffPage.Output {
        let query = input.query
        let diff = try await services.snapshots.diff(
            from: query.from, fromVersion: query.fromVersion, to: query.to, toVersion: query.toVersion)
        // The same question for the JSON link, percent-encoded as a query string.
        var components = URLComponents()
        components.queryItems = [
            query.from.map { URLQueryItem(name: "from", value: $0) },
            query.fromVersion.map { URLQueryItem(name: "fromVersion", value: String($0)) },
            query.to.map { URLQueryItem(name: "to", value: $0) },
            query.toVersion.map { URLQueryItem(name: "toVersion", value: String($0)) },
        ].compactMap { $0 }
        let page = RoadmapDiffPage(diff: diff, query: components.percentEncodedQuery ?? "")
        return .ok(.init(body: .html(HTTPBody(page.html))))
    }
}
