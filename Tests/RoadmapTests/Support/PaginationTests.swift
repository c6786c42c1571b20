import Foundation
import Testing

@testable import Roadmap

@Suite("Keyset pagination")
struct PaginationTests {
    /// Walks every page of the axes in `sort` order.
    private func walk(_ services: RoadmapServices, sort: Sort<AxisSortField>, limit: Int) async throws -> [Int] {
        var numbers: [Int] = []
        var cursor: String?
        repeat {
            let page = try await services.axes.list(
                AxisQuery(sort: sort, page: try PageRequest(limit: limit, cursor: cursor))
            )
            numbers += page.items.map(\.number)
            cursor = page.nextCursor
        } while cursor != nil
        return numbers
    }

    @Test(
        "pages cover every row once, in both directions",
        arguments: [
            Sort<AxisSortField>(.number), Sort(.number, descending: true), Sort(.title), Sort(.title, descending: true),
        ])
    func pagesCoverEveryRow(sort: Sort<AxisSortField>) async throws {
        let services = try makeServices()
        for number in 5...12 {
            _ = try await services.axes.create(AxisInput(number: number, title: "Axe \(number % 3)"), by: .anonymous)
        }
        let numbers = try await walk(services, sort: sort, limit: 3)
        #expect(numbers.count == 12)
        #expect(Set(numbers).count == 12)
    }

    @Test("rows inserted before the cursor neither shift nor repeat the next page")
    func stableUnderInserts() async throws {
        let services = try makeServices()
        for number in [10, 20, 30, 40] {
            _ = try await services.axes.create(AxisInput(number: number, title: "Axe \(number)"), by: .anonymous)
        }
        let first = try await services.axes.list(AxisQuery(sort: Sort(.number), page: try PageRequest(limit: 4)))
        #expect(first.items.map(\.number) == [1, 2, 3, 4])
        _ = try await services.axes.create(AxisInput(number: 5, title: "inserted after the page"), by: .anonymous)
        try await services.axes.delete(id: 4, by: .anonymous)
        let second = try await services.axes.list(
            AxisQuery(sort: Sort(.number), page: try PageRequest(limit: 4, cursor: first.nextCursor)))
        #expect(second.items.map(\.number) == [5, 10, 20, 30])
    }

    @Test("a limit outside 1–500, a forged cursor or a cursor of another sort is refused")
    func invalidPages() async throws {
        let services = try makeServices()
        #expect(throws: RoadmapError.invalid("limit", "must be between 1 and 500")) { try PageRequest(limit: 0) }
        #expect(throws: RoadmapError.self) { try PageRequest(limit: 501) }
        let forged = await roadmapError {
            _ = try await services.axes.list(AxisQuery(page: try PageRequest(cursor: "not-a-cursor")))
        }
        #expect(forged?.fields == ["cursor"])
        let page = try await services.axes.list(AxisQuery(sort: Sort(.title), page: try PageRequest(limit: 1)))
        let mixed = await roadmapError {
            _ = try await services.axes.list(
                AxisQuery(sort: Sort(.number), page: try PageRequest(cursor: page.nextCursor)))
        }
        #expect(mixed?.fields == ["cursor"])
        // An unknown sort cannot reach the service: it is typed (`Sort<AxisSortField>`), and
        // `sort=colour` is a 400 at the HTTP edge (AxesEndpointTests).
    }
}
