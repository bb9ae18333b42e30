import Foundation
import Mixtape
import Testing

/// The commands' normal behaviour, through the built binary.
struct CommandTests {
    @Test func demoPrintsTheModelAndWritesThePicture() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run([], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        for word in ["weight", "mean", "covariance", "log-likelihood -1130.2641", "BIC 2322.1920", "AIC 2282.5281",
                     "iterations", "converged", "mixtape-demo.svg"] {
            #expect(r.stdout.contains(word), "missing \(word)")
        }
        let svg = try String(contentsOf: dir.appendingPathComponent("mixtape-demo.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
        #expect(svg.components(separatedBy: "<ellipse").count - 1 + svg.components(separatedBy: "<path").count - 1 >= 4)
    }

    @Test func fitJSONHasTheContractKeys() throws {
        let r = try CLI.run(["fit", CLI.oldFaithfulCSV.path, "-k", "2", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        for key in ["n_components", "covariance_type", "n_features", "n_samples", "weights", "means", "covariances",
                    "precisions_cholesky", "converged", "n_iter", "lower_bound", "log_likelihood", "bic", "aic"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(abs((object["log_likelihood"] as! Double) - -1130.2641) < 1e-3)
    }

    @Test(arguments: ["full", "tied", "diag", "spherical"])
    func covarianceShapesInTheModelFile(_ type: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["fit", CLI.oldFaithfulCSV.path, "-k", "3", "--covariance", type, "--output", "m.json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("m.json"))) as! [String: Any]
        let cov = object["covariances"]!
        switch type {
        case "full": #expect((cov as! [[[Double]]]).count == 3)
        case "tied": #expect((cov as! [[Double]]).count == 2)
        case "diag": #expect((cov as! [[Double]]).count == 3)
        default: #expect((cov as! [Double]).count == 3)
        }
    }

    @Test func warmStartAndPredictAndScoreAgree() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = CLI.oldFaithfulCSV.path
        #expect(try CLI.run(["fit", data, "-k", "2", "--output", "m.json", "--labels", "l.csv"], in: dir).status == 0)
        let labels = try String(contentsOf: dir.appendingPathComponent("l.csv"), encoding: .utf8)
        let predicted = try CLI.run(["predict", "m.json", data], in: dir)
        #expect(predicted.stdout == labels)
        let score = try CLI.run(["score", "m.json", data], in: dir)
        #expect(abs(Double(score.stdout.trimmingCharacters(in: .whitespacesAndNewlines))! - -1130.2641 / 272) < 1e-6)
        let perSample = try CLI.run(["score", "m.json", data, "--per-sample"], in: dir)
        #expect(perSample.stdout.split(separator: "\n").count == 273)
        let warm = try CLI.run(["fit", data, "--warm-start", "m.json", "--format", "json"], in: dir)
        #expect(warm.status == 0, "\(warm.stderr)")
        #expect(warm.stdout.contains("\"n_components\": 2"))
    }

    @Test func readsStdinAndSelectsColumns() throws {
        let csv = try String(contentsOf: CLI.oldFaithfulCSV, encoding: .utf8)
        let r = try CLI.run(["fit", "-", "--columns", "waiting", "-k", "2", "--tol", "1e-10", "--n-init", "3"], stdin: csv)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("1 feature") && r.stdout.contains("log-likelihood -1034.00"))
    }

    @Test func readsNumPyFiles() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = NumericTable(rowCount: 272, columnCount: 2, values: OldFaithful.values)
        try NPY.write(table, to: dir.appendingPathComponent("f.npy").path)
        let r = try CLI.run(["fit", "f.npy", "-k", "2"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("log-likelihood -1130.2641"))
    }

    @Test func sampleKMeansAndSelect() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = CLI.oldFaithfulCSV.path
        #expect(try CLI.run(["fit", data, "--output", "m.json"], in: dir).status == 0)
        let sample = try CLI.run(["sample", "m.json", "-n", "50", "--seed", "3"], in: dir)
        let rows = sample.stdout.split(separator: "\n")
        #expect(rows.count == 51 && rows[0] == "x1,x2,component")
        #expect(try CLI.run(["sample", "m.json", "-n", "50", "--seed", "3"], in: dir).stdout == sample.stdout)
        let km = try CLI.run(["kmeans", data, "-k", "2", "--n-init", "10", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(km.stdout.utf8)) as! [String: Any]
        #expect(Set((object["labels"] as! [Int])) == [100, 172])
        #expect(abs((object["inertia"] as! Double) - 8901.7687) < 1e-3)
        // Any thread count prints the same bits.
        for threads in ["1", "3"] {
            #expect(try CLI.run(["kmeans", data, "-k", "2", "--n-init", "10", "--format", "json", "--threads", threads]).stdout == km.stdout)
        }
        let select = try CLI.run(["select", data, "--components", "1...3", "--n-init", "5", "--format", "json", "--plot", "bic.svg"], in: dir)
        #expect(select.status == 0, "\(select.stderr)")
        let table = try JSONSerialization.jsonObject(with: Data(select.stdout.utf8)) as! [String: Any]
        #expect((table["candidates"] as! [Any]).count == 12)
        let best = table["best"] as! [String: Any]
        #expect(best["covariance_type"] as! String == "tied" && best["n_components"] as! Int == 3)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("bic.svg").path))
    }

    /// The loop scikit-learn users write — one iteration at a time with a warm start — converges,
    /// because the model file carries the bound (`lower_bound`), after as many calls as one fit takes.
    @Test func warmStartLoopThroughModelFilesConverges() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = CLI.oldFaithfulCSV.path
        let straight = try CLI.run(["fit", data, "--format", "json"])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(straight.stdout.utf8)) as? [String: Any])
        let iterations = try #require(expected["n_iter"] as? Int)
        #expect(try CLI.run(["fit", data, "--max-iter", "1", "--output", "m.json"], in: dir).status == 0)
        var calls = 1
        while calls < 50 {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("m.json"))) as? [String: Any]
            if object?["converged"] as? Bool == true { break }
            let r = try CLI.run(["fit", data, "--warm-start", "m.json", "--max-iter", "1", "--output", "m.json"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            calls += 1
        }
        #expect(calls == iterations)
        let final = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("m.json"))) as? [String: Any]
        #expect((final?["means"] as? [[Double]]) == (expected["means"] as? [[Double]]))
    }

    /// `select` with its defaults finds mclust's choice for Old Faithful: EEE (tied), G = 3, BIC 2314.30.
    @Test func selectDefaultsFindTiedThree() throws {
        let r = try CLI.run(["select", CLI.oldFaithfulCSV.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let table = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let best = try #require(table["best"] as? [String: Any])
        #expect(best["covariance_type"] as? String == "tied" && best["n_components"] as? Int == 3)
        #expect(abs((best["bic"] as? Double ?? 0) - 2314.296) < 5e-3)
        #expect((table["candidates"] as? [Any])?.count == 32)
    }

    /// A row far from every component gets the exact posterior (1/0 here), not 0.5/0.5.
    @Test func predictProbabilitiesOfFarRows() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["fit", CLI.oldFaithfulCSV.path, "--output", "m.json"], in: dir).status == 0)
        try "a,b\n1e200,1e200\n-1e300,70\n3,1e20\n".write(to: dir.appendingPathComponent("far.csv"), atomically: true, encoding: .utf8)
        let r = try CLI.run(["predict", "m.json", "far.csv", "--proba"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        #expect(rows.count == 3)
        for row in rows { #expect(row.sorted() == [0, 1], "\(row)") }
        let score = try CLI.run(["score", "m.json", "far.csv", "--per-sample"], in: dir)
        #expect(score.stdout.contains("-inf"))
    }

    /// Data whose squares overflow (Old Faithful × 2⁵⁰⁵ ≈ 3e153) fits and clusters; it used to trap.
    @Test func hugeDataFitsAndClusters() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = NumericTable(columnNames: ["a", "b"], rowCount: 272,
                               values: OldFaithful.values.map { Double(sign: .plus, exponent: 505, significand: $0) })
        let text = String(decoding: CSVWriter().encode(big), as: UTF8.self)
        try text.write(to: dir.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let fit = try CLI.run(["fit", "big.csv", "--format", "json"], in: dir)
        #expect(fit.status == 0, "\(fit.stderr)")
        let model = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        #expect(model["converged"] as? Bool == true)
        let kmeans = try CLI.run(["kmeans", "big.csv", "-k", "2", "--n-init", "10", "--format", "json"], in: dir)
        #expect(kmeans.status == 0, "\(kmeans.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(kmeans.stdout.utf8)) as? [String: Any])
        #expect(Set(result["labels"] as? [Int] ?? []) == [100, 172])
    }

    @Test func snapshotsWriteOnePicturePerIterationAndAPage() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["fit", CLI.oldFaithfulCSV.path, "--init", "random-from-data", "--seed", "4", "--snapshots", "snaps",
                             "--plot-bound", "bound.svg", "--verbose"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("snaps").path)
        let iterations = r.stderr.split(separator: "\n").filter { $0.hasPrefix("start ") }.count
        #expect(files.contains("index.html") && files.contains("iteration-000.svg"))
        #expect(files.filter { $0.hasSuffix(".svg") }.count == iterations + 1)
    }

    @Test(arguments: ["fit", "predict", "score", "sample", "select", "kmeans", "demo"])
    func helpReadsWellWithAnExample(_ command: String) throws {
        let r = try CLI.run([command, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE") && r.stdout.contains("Example"))
    }
}
