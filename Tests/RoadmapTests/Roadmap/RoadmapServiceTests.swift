import Foundation
import Testing

@testable import Roadmap

@Suite("Roadmap record")
struct RoadmapServiceTests {
    @Test("the seeded roadmap says who signed what, where and when")
    func seededRoadmap() async throws {
        let info = try await makeServices().roadmap.get()
        #expect(info.record.territoryName == "Gers")
        #expect(info.record.territoryCode == "32")
        #expect(info.record.signedOn.description == "2025-01-24")
        #expect(info.record.signingPlace == "Préfecture du Gers")
        #expect(
            info.coSignatories.map(\.title) == [
                "préfet du Gers", "président du Conseil Départemental", "président de Gers Numérique",
            ])
        #expect(info.record.pilotLabel == "État")
        #expect(info.record.pilotRepresentedBy == "sous-préfet de l'arrondissement de Mirande")
        #expect(
            info.supporters.map(\.label) == ["cabinet ONX", "coordinatrice départementale des conseillers numériques"])
        #expect(info.timeline.map(\.period) == ["2023-23", "2024", "2025-01-24"])
        #expect(info.timeline.last?.participantsApprox == 50)
    }

    @Test("a patch changes the fields it names and replaces lists whole")
    func patch() async throws {
        let services = try makeServices()
        var patch = RoadmapPatch()
        patch.signingPlace = .set("Auch")
        patch.supporters = .set([NamedPartnerInput(text: "cabinet ONX", partnerId: nil)])
        patch.sourceUrl = .set(nil)
        let info = try await services.roadmap.update(patch, by: .anonymous)
        #expect(info.record.signingPlace == "Auch")
        #expect(info.supporters.map(\.label) == ["cabinet ONX"])
        #expect(info.record.sourceUrl == nil)
        #expect(info.coSignatories.count == 3)
        #expect(try await services.roadmap.get() == info)
    }

    @Test("invalid values are refused, each field named")
    func invalidPatch() async throws {
        let services = try makeServices()
        var patch = RoadmapPatch()
        patch.signedOn = .set("24/01/2025")
        patch.territory = .set(Territory(name: "Gers", code: "99"))
        patch.timeline = .set([
            MilestoneInput(label: "x", period: "automne", periodLabel: nil, description: nil, participantsApprox: -1)
        ])
        patch.sourceUrl = .set("javascript:alert(1)")
        let error = await roadmapError { _ = try await services.roadmap.update(patch, by: .anonymous) }
        #expect(
            error?.fields == [
                "territory.code", "signedOn", "timeline[0].period", "timeline[0].participantsApprox", "sourceUrl",
            ])
    }

    @Test("an unknown partner is refused as unprocessable")
    func unknownPartner() async throws {
        var patch = RoadmapPatch()
        patch.coSignatories = .set([NamedPartnerInput(text: "préfet", partnerId: 999)])
        let error = await roadmapError { _ = try await makeServices().roadmap.update(patch, by: .anonymous) }
        #expect(error == .unprocessable("coSignatories[0].partnerId", "no partner has id 999"))
    }

    @Test("an empty database has no roadmap until a complete patch creates one")
    func createOnEmptyDatabase() async throws {
        let services = try makeServices(seed: .none)
        #expect(await roadmapError { _ = try await services.roadmap.get() } == .notFound(entity: "roadmap", id: ""))
        var patch = RoadmapPatch()
        patch.title = .set("Feuille de route du Lot")
        let incomplete = await roadmapError { _ = try await services.roadmap.update(patch, by: .anonymous) }
        #expect(incomplete?.fields == ["nationalPlan", "territory", "signedOn", "signingPlace", "pilot"])
        patch.nationalPlan = .set("France Numérique Ensemble")
        patch.territory = .set(Territory(name: "Lot", code: "46"))
        patch.signedOn = .set("2025-03-01")
        patch.signingPlace = .set("Cahors")
        patch.pilot = .set(PilotInput(label: "État", representedBy: nil, partnerId: nil))
        let created = try await services.roadmap.update(patch, by: .anonymous)
        #expect(created.record.territoryCode == "46")
    }
}
