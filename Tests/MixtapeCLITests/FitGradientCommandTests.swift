import Foundation
import Testing

/// `mixtape fit --method gradient`: L-BFGS with reverse-mode gradients from EM's start, the same
/// model file and report as EM. (GradientMixtureFit's numbers are tested in MixtureGradientTests.)
struct FitGradientCommandTests {
    static func model(_ r: CLI.Result) throws -> [String: Any] {
        try #require(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// On Old Faithful, k = 2, each covariance type: the gradient fit and EM run to convergence
    /// (--reg-covar 0, --tol 1e-12) from the same k-means start reach the same optimum, total
    /// log-likelihoods within 1e-4; the model JSON has the same keys.
    @Test(arguments: ["full", "tied", "diag", "spherical"])
    func reachesTheEMOptimumForEachCovarianceType(_ type: String) throws {
        let data = CLI.oldFaithfulCSV.path
        let gradient = try FitGradientCommandTests.model(
            try CLI.run(["fit", data, "-k", "2", "--covariance", type, "--method", "gradient", "--format", "json"]))
        let em = try FitGradientCommandTests.model(
            try CLI.run(["fit", data, "-k", "2", "--covariance", type, "--reg-covar", "0", "--tol", "1e-12",
                         "--max-iter", "100000", "--format", "json"]))
        #expect(Set(gradient.keys) == Set(em.keys))
        let a = try #require(gradient["log_likelihood"] as? Double), b = try #require(em["log_likelihood"] as? Double)
        #expect(abs(a - b) <= 1e-4, "\(type): gradient \(a), EM \(b)")
        #expect(gradient["converged"] as? Bool == true)
        #expect(gradient["covariance_type"] as? String == type)
    }

    /// The text report and model file are EM's; --verbose adds the minimiser's counts on stderr,
    /// --plot-bound draws the log-likelihood per iteration, and --n-init keeps the best start.
    @Test func reportModelFileAndOptions() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = CLI.oldFaithfulCSV.path
        let r = try CLI.run(["fit", data, "--method", "gradient", "--output", "m.json", "--plot-bound", "ll.svg", "--verbose",
                             "--n-init", "2", "--seed", "5"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let em = try CLI.run(["fit", data])
        // The same report lines as EM's (the numbers differ in the last digits: EM stops at --tol 1e-3).
        let labels = { (s: String) in
            s.split(separator: "\n").map { line in line.split(separator: " ").first.map { $0.first!.isLetter ? String($0) : "#" } }
        }
        #expect(labels(r.stdout) == labels(em.stdout), "\(r.stdout)\n---\n\(em.stdout)")
        #expect(r.stderr.contains("gradient fit (lbfgs): ") && r.stderr.contains("evaluations of the likelihood"))
        #expect(r.stderr.contains("iteration    1  mean log-likelihood"))
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("m.json"))) as? [String: Any])
        #expect(file["n_components"] as? Int == 2)
        let svg = try String(contentsOf: dir.appendingPathComponent("ll.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("L-BFGS"))
        // The model file predicts like any other.
        let predicted = try CLI.run(["predict", dir.appendingPathComponent("m.json").path, data])
        #expect(predicted.status == 0, "\(predicted.stderr)")
    }

    /// The README's `$ mixtape fit … --method gradient` block is what the command prints.
    @Test func theReadmeExamplePrintsWhatItShows() throws {
        let readme = try String(contentsOf: ADReadmeTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("$ mixtape fit ") && $0.contains("--method gradient") })
        let end = try #require(lines[start...].firstIndex { $0.hasPrefix("```") })
        let r = try CLI.run(ADReadmeTests.words(String(lines[start].dropFirst(2))), in: ADReadmeTests.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == lines[(start + 1)..<end].map { $0 + "\n" }.joined(), "prints:\n\(r.stdout)")
    }

    /// Options that only EM has are refused with --method gradient; an unknown method is a usage error.
    @Test(arguments: [
        (["--method", "newtonian"], "newtonian"),
        (["--method", "gradient", "--reg-covar", "1e-3"], "--reg-covar"),
        (["--method", "gradient", "--snapshots", "steps"], "--snapshots"),
        (["--method", "gradient", "--tol", "-1"], "--tol"),
        (["--method", "gradient", "--max-iter", "-1"], "--max-iter"),
    ])
    func badOptions(_ extra: [String], _ mention: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["fit", CLI.oldFaithfulCSV.path] + extra, in: dir)
        #expect(r.status == 64)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("mixtape: error: ") && lines[0].contains(mention), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    /// A gradient fit that stops at --max-iter is reported as not converged, like EM's.
    @Test func iterationLimitIsReportedNotConverged() throws {
        let r = try FitGradientCommandTests.model(
            try CLI.run(["fit", CLI.oldFaithfulCSV.path, "--method", "gradient", "--max-iter", "2", "--format", "json"]))
        #expect(r["converged"] as? Bool == false && r["n_iter"] as? Int == 2)
    }
}
