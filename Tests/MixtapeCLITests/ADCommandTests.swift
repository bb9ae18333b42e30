import Foundation
import Testing

/// `mixtape ad …` through the built binary: what each command prints, its JSON keys, and its
/// pictures. The numbers themselves are tested in ExpressionGraphTests; here the glue.
struct ADCommandTests {
    static func json(_ r: CLI.Result) throws -> [String: Any] {
        try #require(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test func traceOfTheLectureExample() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["ad", "trace", "x1*x2 + sin(x1)", "--at", "x1=1,x2=2", "--seed", "0,1", "--plot", "graph.svg"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        for line in ["  w1 = x1 = 1", "  w2 = x2 = 2", "  w3 = w1·w2 = 2", "  w4 = sin(w1) = 0.8414709848078965",
                     "  w5 = w3 + w4 = 2.8414709848078967", "  ẇ1 = 0", "  ẇ2 = 1", "  ẇ3 = ẇ1·w2 + w1·ẇ2 = 1",
                     "  w̄5 = 1", "  w̄4 = w̄5 = 1", "  w̄3 = w̄5 = 1", "  w̄1 = w̄3·w2 + w̄4·cos(w1) = 2.5403023058681398",
                     "  ∂f/∂x1 = w̄1 = 2.5403023058681398"] {
            #expect(r.stdout.contains(line + "\n"), "missing: \(line)")
        }
        let svg = try String(contentsOf: dir.appendingPathComponent("graph.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == 5)
        #expect(svg.contains("cos(w1) = 0.540302"))
        #expect(r.stderr.contains("graph.svg"))
    }

    @Test func traceJSON() throws {
        let object = try ADCommandTests.json(try CLI.run(["ad", "trace", "x*y", "--at", "x=3,y=4", "--format", "json"]))
        #expect(Set(object.keys) == ["variables", "point", "value", "seed", "tangent", "cotangent", "gradient", "original", "dual", "adjoint"])
        #expect(object["gradient"] as? [String: Double] == ["x": 4, "y": 3])
        #expect(object["value"] as? Double == 12)
    }

    @Test func gradInBothModes() throws {
        for mode in ["forward", "reverse"] {
            let object = try ADCommandTests.json(try CLI.run(["ad", "grad", "x^2*y + exp(y)", "--at", "x=1,y=0.5", "--mode", mode, "--format", "json"]))
            #expect(Set(object.keys) == ["value", "gradient", "variables", "mode", "sweeps", "multiplications"])
            let g = try #require(object["gradient"] as? [String: Double])
            #expect(g["x"] == 1)                                              // 2xy
            #expect(abs(g["y"]! - (1 + exp(0.5))) < 1e-15)                    // x² + eʸ
            #expect(object["sweeps"] as? Int == (mode == "forward" ? 2 : 1))
            #expect(object["variables"] as? [String] == ["x", "y"])
        }
        let text = try CLI.run(["ad", "grad", "x*y", "--at", "3,4"])
        #expect(text.stdout == "f = 12 at x = 3, y = 4\n∂f/∂x = 4\n∂f/∂y = 3\n(reverse mode on the graph: 1 sweep, 2 multiplications)\n")
    }

    @Test func jacobianWithCosts() throws {
        let args = ["ad", "jacobian", "x*cos(x^2*z); y*sin(x^2*z)", "--at", "x=1,y=2,z=3"]
        let object = try ADCommandTests.json(try CLI.run(args + ["--mode", "markowitz", "--show-cost", "--format", "json"]))
        #expect(Set(object.keys) == ["value", "variables", "outputs", "jacobian", "mode", "cost"])
        let J = try #require(object["jacobian"] as? [[Double]])
        #expect(J.count == 2 && J.allSatisfy { $0.count == 3 })
        let cost = try #require(object["cost"] as? [String: Any])
        #expect(cost["elimination"] as? [String: Int] == ["forward": 9, "reverse": 8, "markowitz": 7])
        #expect(cost["forward"] as? [String: Int] == ["sweeps": 3, "multiplications": 27])
        #expect(cost["reverse"] as? [String: Int] == ["sweeps": 2, "multiplications": 18])
        // Without --show-cost only the elimination that was done is counted.
        let plain = try ADCommandTests.json(try CLI.run(args + ["--mode", "markowitz", "--format", "json"]))
        #expect((plain["cost"] as? [String: Any])?["elimination"] as? [String: Int] == ["markowitz": 7])
        let text = try CLI.run(args + ["--show-cost"])
        #expect(text.status == 0)
        for line in ["forward mode (a column per sweep)    3       27", "reverse mode (a row per sweep)       2       18",
                     "vertex elimination, Markowitz order  -       7"] {
            #expect(text.stdout.contains(line), "missing: \(line)\n\(text.stdout)")
        }
        // The three modes print the same Jacobian.
        let rows = try ["forward", "reverse", "markowitz"].map { mode in
            try ADCommandTests.json(try CLI.run(args + ["--mode", mode, "--format", "json"]))["jacobian"] as! [[Double]]
        }
        for (a, b) in zip(rows[0].joined(), rows[2].joined()) { #expect(abs(a - b) <= 1e-14 * max(1, abs(a))) }
        for (a, b) in zip(rows[0].joined(), rows[1].joined()) { #expect(abs(a - b) <= 1e-14 * max(1, abs(a))) }
    }

    @Test func hessianAndDerive() throws {
        let h = try ADCommandTests.json(try CLI.run(["ad", "hessian", "x^2*y", "--at", "x=1,y=2", "--format", "json"]))
        #expect(Set(h.keys) == ["value", "gradient", "hessian", "variables"])
        #expect(h["hessian"] as? [[Double]] == [[4, 2], [2, 0]])
        #expect(h["variables"] as? [String] == ["x", "y"])
        let d = try ADCommandTests.json(try CLI.run(["ad", "derive", "x^3", "--at", "x=2", "--order", "4", "--format", "json"]))
        #expect(d["derivative"] as? [Double] == [8, 12, 12, 6, 0])
        #expect(d["value"] as? Double == 8)
        let text = try CLI.run(["ad", "derive", "x^3", "--at", "2", "--order", "3"])
        #expect(text.stdout.hasPrefix("f(2) = 8\nf′(2) = 12\nf″(2) = 12\nf‴(2) = 6\n"))
    }

    @Test func newtonPrintsIteratesAndJSON() throws {
        let r = try CLI.run(["ad", "newton", "x^2 - 2", "--from", "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  1  1.5 ") && r.stdout.contains("converged"))
        let object = try ADCommandTests.json(try CLI.run(["ad", "newton", "x^2 - 2", "--from", "x=1", "--format", "json"]))
        #expect(Set(object.keys) == ["iterates", "root", "value", "converged", "reason", "iterations"])
        #expect(abs((object["root"] as! Double) - 2.0.squareRoot()) <= 4e-16)
        let iterates = try #require(object["iterates"] as? [[String: Double]])
        #expect(iterates[1]["x"] == 1.5 && iterates[1]["value"] == 0.25 && iterates[1]["derivative"] == 3)
        // A negative start is a value, not an option.
        #expect(try CLI.run(["ad", "newton", "x^2 - 2", "--from", "-1"]).stdout.contains("-1.414213562373095"))
    }

    @Test func dividedDifferencesTableFigureAndJSON() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["ad", "divided-differences", "x^3", "--at", "x=1", "--plot", "err.svg"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 2 + 65 + 3)
        let svg = try String(contentsOf: dir.appendingPathComponent("err.svg"), encoding: .utf8)
        #expect(svg.components(separatedBy: "class=\"series\"").count - 1 == 3)
        let object = try ADCommandTests.json(try CLI.run(["ad", "divided-differences", "x^3", "--at", "1", "--format", "json"]))
        #expect(Set(object.keys) == ["x", "value", "derivative", "rounding_level", "steps"])
        #expect(object["derivative"] as? [Double] == [1, 3])
        #expect((object["steps"] as? [[String: Double]])?.count == 65)
    }

    @Test func codegenPrintsAFunction() throws {
        let c = try CLI.run(["ad", "codegen", "x1*x2 + sin(x1)", "--lang", "c", "--mode", "forward", "--name", "g"])
        #expect(c.status == 0)
        #expect(c.stdout.contains("void g(const double x[2], const double xdot[2], double y[1], double ydot[1]) {"))
        let s = try ADCommandTests.json(try CLI.run(["ad", "codegen", "x*y", "--lang", "swift", "--format", "json"]))
        #expect(Set(s.keys) == ["language", "mode", "name", "variables", "outputs", "source"])
        #expect((s["source"] as? String)?.contains("func f(_ x: [Double], _ ybar: [Double]) -> (value: [Double], adjoint: [Double])") == true)
    }

    @Test func expressionsFromStdinFilesAndWithALeadingMinus() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "x^2\n + y".write(to: dir.appendingPathComponent("f.txt"), atomically: true, encoding: .utf8)
        let file = try CLI.run(["ad", "grad", "@f.txt", "--at", "x=3,y=1"], in: dir)
        #expect(file.stdout.hasPrefix("f = 10 at x = 3, y = 1\n∂f/∂x = 6\n"), "\(file.stderr)")
        let stdin = try CLI.run(["ad", "grad", "-", "--at", "x=3"], stdin: "sin(x)")
        #expect(stdin.status == 0 && stdin.stdout.contains("∂f/∂x = \(cos(3.0))"))
        let minus = try CLI.run(["ad", "grad", " -x^2", "--at", "x=3"])
        #expect(minus.stdout.hasPrefix("f = -9 at x = 3\n∂f/∂x = -6\n"), "\(minus.stderr)")
    }

    /// 100,000 nested parentheses and calls through the binary (from a file: one argument may
    /// not exceed 128 KiB on Linux): no stack overflow.
    @Test func deepNestingFromAFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let depth = 100_000
        try (String(repeating: "(", count: depth) + "x^2" + String(repeating: ")", count: depth))
            .write(to: dir.appendingPathComponent("parens.txt"), atomically: true, encoding: .utf8)
        let parens = try CLI.run(["ad", "grad", "@parens.txt", "--at", "x=3"], in: dir)
        #expect(parens.status == 0 && parens.stdout.hasPrefix("f = 9 at x = 3\n∂f/∂x = 6\n"), "\(parens.stderr)")
        try (String(repeating: "sin(", count: depth) + "x" + String(repeating: ")", count: depth))
            .write(to: dir.appendingPathComponent("calls.txt"), atomically: true, encoding: .utf8)
        let calls = try CLI.run(["ad", "grad", "@calls.txt", "--at", "x=0.5", "--mode", "forward"], in: dir)
        #expect(calls.status == 0, "\(calls.stderr)")
        try (String(repeating: "(", count: depth) + "x").write(to: dir.appendingPathComponent("open.txt"), atomically: true, encoding: .utf8)
        let open = try CLI.run(["ad", "grad", "@open.txt", "--at", "x=1"], in: dir)
        #expect(open.status == 64 && open.stderr.hasPrefix("mixtape: error: expression, column 100000: unbalanced parenthesis"))
    }

    @Test func theGroupListsItsCommands() throws {
        let r = try CLI.run(["ad", "--help"])
        #expect(r.status == 0)
        for command in ["trace", "grad", "jacobian", "hessian", "derive", "newton", "minimize", "solve", "divided-differences",
                        "codegen"] {
            #expect(r.stdout.contains(command), "missing \(command)")
        }
        #expect(try CLI.run(["--help"]).stdout.contains("ad"))
    }
}
