@testable import DataIO
import Foundation
import LinearAlgebra
import Mixture
import MixtureIO
import RealModule
import Testing

/// `GaussianMixture.fitStreaming` over files against the in-memory `fit` of the same rows.
struct StreamingFitTests {
    /// Three separated clusters in 3 dimensions (n = 240), from a seeded Box–Muller.
    static let data: Matrix<Double> = {
        var rng = SeededGenerator(seed: 11)
        let centres: [[Double]] = [[0, 0, 0], [4, 1, -2], [-3, 5, 1]]
        var values: [Double] = []
        for i in 0..<240 {
            for j in 0..<3 {
                let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
                values.append(centres[i % 3][j] + (1 + 0.3 * Double(j)) * (-2 * Double.log(u)).squareRoot() * Double.cos(2 * .pi * v))
            }
        }
        return Matrix(rows: 240, columns: 3, elements: values)
    }()

    /// A fresh path in a per-process temporary folder.
    static func path(_ name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mixtape-stream-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    /// The data as CSV text (shortest round-trip numbers, so it reads back to the same bits).
    static func csvText(_ m: Matrix<Double>) -> String {
        var text = (1...m.columns).map { "x\($0)" }.joined(separator: ",") + "\n"
        for i in 0..<m.rows { text += m.row(i).map { "\($0)" }.joined(separator: ",") + "\n" }
        return text
    }

    static func writeCSV(_ m: Matrix<Double>, _ name: String) throws -> String {
        let file = path(name)
        try csvText(m).write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-9) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($0), abs($1)) }
    }

    static func expectSame(_ streamed: GaussianMixtureModel, _ memory: GaussianMixtureModel) {
        #expect(streamed.iterations == memory.iterations)
        #expect(streamed.converged == memory.converged)
        #expect(close(streamed.lowerBounds, memory.lowerBounds))
        #expect(close([streamed.lowerBound], [memory.lowerBound]))
        #expect(close(streamed.weights, memory.weights))
        #expect(close(streamed.means.elements, memory.means.elements))
        #expect(close(streamed.covariances, memory.covariances))
    }

    /// From the same warm start, for every covariance type and block sizes 1, 7 and more than n:
    /// the bounds and parameters are the in-memory fit's to 1e-9.
    @Test(arguments: CovarianceType.allCases)
    func warmStartedStreamEqualsInMemoryFit(_ type: CovarianceType) throws {
        let file = try Self.writeCSV(Self.data, "warm-\(type).csv")
        let rows = try DataFile.read(file)
        let x = Matrix(rows: rows.rowCount, columns: rows.columnCount, elements: rows.values)
        #expect(x == Self.data)
        var settings = GaussianMixture(components: 3, covarianceType: type, tolerance: 1e-8, maxIterations: 40)
        settings.initialization = .random
        let start = try GaussianMixture(components: 3, covarianceType: type, maxIterations: 1).fit(x, seed: 5)
        let memory = try settings.fit(x, seed: 0, warmStart: start)
        let reader = try RowBlockReader(path: file)
        for blockRows in [1, 7, 1000] {
            let streamed = try settings.fitStreaming(reader, blockRows: blockRows, warmStart: start)
            Self.expectSame(streamed.model, memory)
            #expect(streamed.summary.rows == 240)
            #expect(streamed.passes == 1 + memory.iterations + 1)
            let ll = try #require(streamed.logLikelihood)
            #expect(ll.isApproximatelyEqual(to: try memory.logLikelihood(x), relativeTolerance: 1e-12))
        }
    }

    /// Without a warm start, data no larger than the sample is the sample, in order: the starts
    /// are `fit`'s (k-means with the same seed, two of them), and so is the fit.
    @Test(arguments: [CovarianceType.full, .diag])
    func defaultStartOnSmallDataEqualsFit(_ type: CovarianceType) throws {
        let file = try Self.writeCSV(Self.data, "start-\(type).csv")
        let settings = GaussianMixture(components: 3, covarianceType: type, maxIterations: 100, restarts: 2)
        let memory = try settings.fit(Self.data, seed: 9)
        let streamed = try settings.fitStreaming(try RowBlockReader(path: file), blockRows: 50, seed: 9)
        // Both starts reach the same optimum here, so which one is kept turns on the last bits of
        // their bounds (the streamed pass sums in another order): compare up to the components' order.
        #expect(Self.close([streamed.model.lowerBound], [memory.lowerBound]))
        let k = memory.weights.count, d = memory.means.columns
        let perComponent = memory.covariances.count / k
        func sorted(_ m: GaussianMixtureModel) -> [Double] {
            let order = (0..<k).sorted { m.means[$0, 0] < m.means[$1, 0] }
            var out: [Double] = []
            for j in order {
                out.append(m.weights[j])
                for c in 0..<d { out.append(m.means[j, c]) }
                out.append(contentsOf: m.covariances[(j * perComponent)..<((j + 1) * perComponent)])
            }
            return out
        }
        #expect(Self.close(sorted(streamed.model), sorted(memory)))
    }

    /// A `.npy` file (float64, one column left out) streams like the same rows in memory.
    @Test func npyFileWithColumnSelection() throws {
        let file = Self.path("data.npy")
        try NPY.write(NumericTable(rowCount: 240, columnCount: 3, values: Self.data.elements), to: file)
        let reader = try RowBlockReader(path: file, columns: ColumnSelection(parsing: "1,3"))
        #expect(reader.format == .npy && reader.columnNames == ["column1", "column3"])
        let x = Matrix(rows: 240, columns: 2, elements: (0..<240).flatMap { [Self.data[$0, 0], Self.data[$0, 2]] })
        let settings = GaussianMixture(components: 2, covarianceType: .tied)
        let memory = try settings.fit(x, seed: 2)
        let streamed = try settings.fitStreaming(reader, blockRows: 13, seed: 2)
        Self.expectSame(streamed.model, memory)
    }

    /// Blocks are cut by rows, whatever the read window: tiny windows and rows spanning them give
    /// the same blocks; the last block is short.
    @Test func blocksAreCutByRows() throws {
        let file = try Self.writeCSV(Self.data, "blocks.csv")
        var reader = try RowBlockReader(path: file)
        reader.windowBytes = 16
        var seen: [Double] = [], sizes: [Int] = [], firsts: [Int] = []
        let n = try reader.forEachBlock(rows: 100) { block in
            seen += block.values
            sizes.append(block.rows)
            firsts.append(block.firstRow)
        }
        #expect(n == 240 && sizes == [100, 100, 40] && firsts == [0, 100, 200])
        #expect(seen == Self.data.elements)
    }

    /// A sample smaller than the data still gives a fit (k-means on the sample, EM on every row),
    /// and the same one every time; a different seed draws another sample.
    @Test func reservoirSampleStartIsSeeded() throws {
        let file = try Self.writeCSV(Self.data, "sample.csv")
        let reader = try RowBlockReader(path: file)
        let settings = GaussianMixture(components: 3)
        let a = try settings.fitStreaming(reader, blockRows: 64, sampleSize: 30, seed: 4)
        let b = try settings.fitStreaming(reader, blockRows: 7, sampleSize: 30, seed: 4)
        #expect(a.model.converged && a.summary.rows == 240)
        #expect(Self.close(a.model.means.elements, b.model.means.elements))
        // A good fit of three separated clusters: within 1% of the in-memory fit's bound.
        let memory = try settings.fit(Self.data, seed: 4)
        #expect(abs(a.model.lowerBound - memory.lowerBound) < 0.01 * abs(memory.lowerBound))
    }

    /// A file rewritten between passes is an error naming it, not a fit of mixed data.
    @Test func fileChangedBetweenPassesIsAnError() throws {
        let file = try Self.writeCSV(Self.data, "changing.csv")
        let reader = try RowBlockReader(path: file)
        try reader.forEachBlock(rows: 50) { _ in }
        let handle = try #require(FileHandle(forWritingAtPath: file))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("1,2,3\n".utf8))
        try handle.close()
        #expect(throws: DataIOError.changedWhileReading(path: file)) { try reader.forEachBlock(rows: 50) { _ in } }

        let again = try Self.writeCSV(Self.data, "changing-fit.csv")
        let streaming = try RowBlockReader(path: again)
        #expect(throws: DataIOError.changedWhileReading(path: again)) {
            try GaussianMixture(components: 2).fitStreaming(streaming, blockRows: 64) { p in
                // After the first iteration, rewrite the file in place.
                if p.iteration == 1 {
                    let h = FileHandle(forWritingAtPath: again)!
                    h.write(Data("9".utf8))
                    try? h.close()
                }
            }
        }
    }

    /// Standard input cannot be read once per pass; bad cells name their line; bad settings name the setting.
    @Test func refusalsAreNamed() throws {
        #expect(throws: DataIOError.notRereadable(source: "<stdin>")) { try RowBlockReader(path: "-") }
        let bad = Self.path("bad.csv")
        try (Self.csvText(Self.data) + "1,x,3\n").write(toFile: bad, atomically: true, encoding: .utf8)
        var reader = try RowBlockReader(path: bad)
        reader.windowBytes = 64
        #expect(throws: DataIOError.nonNumericCell(source: bad, line: 242, column: 2, columnName: "x2", text: "x")) {
            try GaussianMixture(components: 2).fitStreaming(reader, blockRows: 7)
        }
        let good = try RowBlockReader(path: try Self.writeCSV(Self.data, "good.csv"))
        #expect(throws: MixtureError.self) { try GaussianMixture(components: 2).fitStreaming(good, blockRows: 0) }
        #expect(throws: MixtureError.self) { try GaussianMixture(components: 5).fitStreaming(good, sampleSize: 4) }
        #expect(throws: MixtureError.tooFewSamples(samples: 240, components: 300)) {
            try GaussianMixture(components: 300).fitStreaming(good, sampleSize: 1000)
        }
        let header = Self.path("header.csv")
        try "a,b\n".write(toFile: header, atomically: true, encoding: .utf8)
        #expect(throws: DataIOError.headerOnly(source: header)) {
            try RowBlockReader(path: header).forEachBlock(rows: 3) { _ in }
        }
    }
}
