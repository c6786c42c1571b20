import Foundation
import Roadmap
import RoadmapAPI

extension API {
    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        .ok(.init(body: .json(.init(items: try await services.tokens.list().map(Components.Schemas.Token.init)))))
    }

    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        let issued = try await services.tokens.create(
            name: body.name, role: AccessRole(mirroring: body.role), by: caller)
        return .created(
            .init(
                headers: .init(location: "/tokens/\(issued.token.id)"),
                body: .json(.init(token: .init(issued.token), secret: issued.secret))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        .ok(.init(body: .json(.init(try await services.tokens.revoke(id: input.path.id, by: caller)))))
    }
}
