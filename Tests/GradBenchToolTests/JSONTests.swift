import Testing
@testable import GradBenchTool

@Suite struct JSONTests {
    @Test func placeholder() { #expect(GradBenchJSON.number(1).serialized == "1") }
}
