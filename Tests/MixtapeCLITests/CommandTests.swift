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
        let select = try CLI.run(["select", data, "--components", "1...3", "--n-init", "5", "--format", "json", "--plot", "bic.svg"], in: dir)
        #expect(select.status == 0, "\(select.stderr)")
        let table = try JSONSerialization.jsonObject(with: Data(select.stdout.utf8)) as! [String: Any]
        #expect((table["candidates"] as! [Any]).count == 12)
        let best = table["best"] as! [String: Any]
        #expect(best["covariance_type"] as! String == "tied" && best["n_components"] as! Int == 3)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("bic.svg").path))
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
