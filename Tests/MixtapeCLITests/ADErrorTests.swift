import Foundation
import Testing

/// Bad input to `mixtape ad …`: a one-line error naming where (expression or option, column)
/// and what, the caret under the column for text, exit 64 for usage and 1 for evaluation
/// failures; division by zero and log of a negative number give the IEEE result with a
/// one-line warning and exit 0. Never a trap or a stack trace.
struct ADErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let arguments: [String]
        let status: Int32
        /// Every one of these must appear in stderr's first line.
        let mentions: [String]
        /// The caret line (after the echo of the text), if there must be one.
        var caret: String? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown function", arguments: ["ad", "grad", "x + sinn(x)", "--at", "x=1"], status: 64,
             mentions: ["expression, column 5", "unknown function 'sinn'", "did you mean 'sin'"], caret: "      ^"),
        Case(name: "unbalanced parenthesis", arguments: ["ad", "trace", "x1*(x2 + sin(x1)", "--at", "x1=1,x2=2"], status: 64,
             mentions: ["expression, column 4", "unbalanced parenthesis"], caret: "     ^"),
        Case(name: "closing parenthesis without opening", arguments: ["ad", "derive", "x)", "--at", "x=1"], status: 64,
             mentions: ["column 2", "no matching '('"], caret: "   ^"),
        Case(name: "empty expression", arguments: ["ad", "grad", "", "--at", "x=1"], status: 64, mentions: ["empty expression"]),
        Case(name: "variable without a value", arguments: ["ad", "grad", "x*y", "--at", "x=1"], status: 64,
             mentions: ["expression, column 3", "variable 'y' has no value in --at"], caret: "    ^"),
        Case(name: "unknown variable in --at", arguments: ["ad", "hessian", "x*y", "--at", "x=1,yy=2"], status: 64,
             mentions: ["--at, column 5", "'yy' is not a variable", "did you mean 'y'"], caret: "      ^"),
        Case(name: "value that is not a number", arguments: ["ad", "jacobian", "x; y", "--at", "x=1,y=abc"], status: 64,
             mentions: ["--at, column 7", "'abc' is not a number"], caret: "        ^"),
        Case(name: "no point", arguments: ["ad", "grad", "x"], status: 64, mentions: ["--at", "no point given"]),
        Case(name: "seed of the wrong length", arguments: ["ad", "trace", "x*y", "--at", "x=1,y=2", "--seed", "1"], status: 64,
             mentions: ["--seed", "1 value for 2 variables"]),
        Case(name: "gradient of several outputs", arguments: ["ad", "grad", "x; x^2", "--at", "x=1"], status: 64,
             mentions: ["one output", "jacobian"]),
        Case(name: "derive of two variables", arguments: ["ad", "derive", "x*y", "--at", "x=1,y=2"], status: 64,
             mentions: ["one variable", "x, y"]),
        Case(name: "negative order", arguments: ["ad", "derive", "x", "--at", "x=1", "--order", "-1"], status: 64, mentions: ["--order"]),
        Case(name: "order too high", arguments: ["ad", "derive", "x", "--at", "x=1", "--order", "171"], status: 64, mentions: ["--order", "170"]),
        Case(name: "unknown mode", arguments: ["ad", "jacobian", "x", "--at", "x=1", "--mode", "sideways"], status: 64, mentions: ["sideways"]),
        Case(name: "unknown language", arguments: ["ad", "codegen", "x", "--lang", "fortran"], status: 64, mentions: ["fortran"]),
        Case(name: "unusable function name", arguments: ["ad", "codegen", "x", "--name", "double"], status: 64, mentions: ["--name", "double"]),
        // ad minimize and ad solve: every option.
        Case(name: "minimize: unknown variable in --from", arguments: ["ad", "minimize", "x^2 + y^2", "--from", "x=1,z=2"], status: 64,
             mentions: ["--from, column 5", "'z' is not a variable", "x, y"], caret: "      ^"),
        Case(name: "minimize: variable missing from --from", arguments: ["ad", "minimize", "x^2 + y^2", "--from", "x=1"], status: 64,
             mentions: ["expression, column 7", "variable 'y' has no value in --from"], caret: "        ^"),
        Case(name: "minimize: non-finite start", arguments: ["ad", "minimize", "x^2", "--from", "x=1/0"], status: 64,
             mentions: ["--from, column 3", "not a finite number"], caret: "    ^"),
        Case(name: "minimize: wrong number of values", arguments: ["ad", "minimize", "x^2 + y^2", "--from", "1"], status: 64,
             mentions: ["--from", "1 value for 2 variables"]),
        Case(name: "minimize: no --from", arguments: ["ad", "minimize", "x^2"], status: 64, mentions: ["--from"]),
        Case(name: "minimize: unknown method", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--method", "simplex"], status: 64,
             mentions: ["simplex", "--method"]),
        Case(name: "minimize: parse error", arguments: ["ad", "minimize", "x^2 +* y", "--from", "x=1,y=1"], status: 64,
             mentions: ["expression, column 6", "missing operand"], caret: "       ^"),
        Case(name: "minimize: several outputs", arguments: ["ad", "minimize", "x; y", "--from", "x=1,y=1"], status: 64,
             mentions: ["one output", "ad solve"]),
        Case(name: "minimize: no variables", arguments: ["ad", "minimize", "2 + 3", "--from", "x=1"], status: 64,
             mentions: ["'x' is not a variable", "it has none"], caret: "  ^"),
        Case(name: "minimize: negative --gtol", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--gtol", "-1"], status: 64,
             mentions: ["--gtol"]),
        Case(name: "minimize: NaN --tol", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--tol", "nan"], status: 64,
             mentions: ["--gtol"]),
        Case(name: "minimize: infinite --ftol", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--ftol", "inf"], status: 64,
             mentions: ["--ftol"]),
        Case(name: "minimize: negative --xtol", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--xtol", "-0.5"], status: 64,
             mentions: ["--xtol"]),
        Case(name: "minimize: negative --max-iter", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--max-iter", "-1"], status: 64,
             mentions: ["--max-iter"]),
        Case(name: "minimize: --max-iter not a number", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--max-iter", "many"], status: 64,
             mentions: ["--max-iter", "many"]),
        Case(name: "minimize: zero --max-evals", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--max-evals", "0"], status: 64,
             mentions: ["--max-evals"]),
        Case(name: "minimize: --memory without lbfgs", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--method", "bfgs", "--memory", "5"],
             status: 64, mentions: ["--memory", "lbfgs"]),
        Case(name: "minimize: zero --memory", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--memory", "0"], status: 64,
             mentions: ["--memory"]),
        Case(name: "minimize: unknown format", arguments: ["ad", "minimize", "x^2", "--from", "x=1", "--format", "xml"], status: 64,
             mentions: ["xml"]),
        Case(name: "solve: more equations than unknowns", arguments: ["ad", "solve", "x - 1; x + 1", "--from", "x=0"], status: 64,
             mentions: ["as many equations as unknowns", "2 equations", "1 unknown"]),
        Case(name: "solve: unknown variable in --from", arguments: ["ad", "solve", "x - y; x + y", "--from", "x=0,yy=1"], status: 64,
             mentions: ["--from, column 5", "'yy' is not a variable", "did you mean 'y'"], caret: "      ^"),
        Case(name: "solve: no --from", arguments: ["ad", "solve", "x - 1"], status: 64, mentions: ["--from"]),
        Case(name: "solve: non-finite start", arguments: ["ad", "solve", "x - 1", "--from", "x=-inf"], status: 64, mentions: ["--from, column 4"],
             caret: "     ^"),
        Case(name: "solve: negative --tol", arguments: ["ad", "solve", "x - 1", "--from", "x=0", "--tol", "-1"], status: 64, mentions: ["--tol"]),
        Case(name: "solve: negative --max-iter", arguments: ["ad", "solve", "x - 1", "--from", "x=0", "--max-iter", "-3"], status: 64,
             mentions: ["--max-iter"]),
        Case(name: "solve: unknown mode", arguments: ["ad", "solve", "x - 1", "--from", "x=0", "--mode", "sideways"], status: 64,
             mentions: ["sideways"]),
        Case(name: "solve: parse error", arguments: ["ad", "solve", "x - ; y", "--from", "x=0,y=0"], status: 64,
             mentions: ["expression, column 5", "missing operand"], caret: "      ^"),
        Case(name: "newton without a root", arguments: ["ad", "newton", "x^2 + 1", "--from", "0"], status: 1,
             mentions: ["newton", "no root", "f′(x) = 0"]),
        Case(name: "newton of two variables", arguments: ["ad", "newton", "x*y", "--from", "1"], status: 64, mentions: ["one variable"]),
        Case(name: "plot into a missing directory", arguments: ["ad", "trace", "x", "--at", "x=1", "--plot", "no/such/dir/g.svg"], status: 1,
             mentions: ["--plot", "no/such/dir"]),
        Case(name: "graph too large to draw",
             arguments: ["ad", "trace", (1...120).map { "sin(x + \($0))" }.joined(separator: " + "), "--at", "x=1", "--plot", "g.svg"],
             status: 64, mentions: ["--plot g.svg", "nodes", "limited to 300"]),
        Case(name: "missing expression file", arguments: ["ad", "grad", "@nope.txt", "--at", "x=1"], status: 1, mentions: ["nope.txt"]),
        Case(name: "unknown subcommand", arguments: ["ad", "differentiate", "x"], status: 64, mentions: ["differentiate"]),
    ]

    @Test(arguments: cases)
    func badInputIsOneLineWithTheRightStatus(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(c.arguments, in: dir)
        #expect(r.status == c.status, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.first ?? ""
        #expect(first.hasPrefix("mixtape: error: "), "\(r.stderr)")
        for m in c.mentions { #expect(first.contains(m), "missing '\(m)' in: \(first)") }
        if let caret = c.caret {
            #expect(lines.count >= 3 && lines[2] == caret, "\(r.stderr)")
        } else if c.status == 64 {
            #expect(lines.filter { !$0.isEmpty }.count == 1, "\(r.stderr)")
        }
        for bad in ["Fatal error", "Stack dump", "backtrace", "Illegal instruction"] { #expect(!r.stderr.contains(bad)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "no output file left")
    }

    struct Warned: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let stdout: String
        let warning: [String]
        var testDescription: String { arguments[2] }
    }

    static let warned: [Warned] = [
        Warned(arguments: ["ad", "grad", "1/x", "--at", "x=0"], stdout: "f = inf at x = 0\n∂f/∂x = -inf\n",
               warning: ["column 2", "division by zero"]),
        Warned(arguments: ["ad", "grad", "log(x) + 1", "--at", "x=-2"], stdout: "f = nan at x = -2\n∂f/∂x = -0.5\n",
               warning: ["column 1", "log of a negative number (-2)"]),
        Warned(arguments: ["ad", "derive", "sqrt(x)", "--at", "x=-1"], stdout: "f(-1) = nan\n",
               warning: ["column 1", "square root of a negative number"]),
    ]

    @Test(arguments: warned)
    func ieeeResultWithAOneLineWarning(_ w: Warned) throws {
        let r = try CLI.run(w.arguments)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix(w.stdout), "\(r.stdout)")
        let lines = r.stderr.split(separator: "\n")
        try #require(lines.count == 1, "\(r.stderr)")
        #expect(lines[0].hasPrefix("mixtape: warning: expression, "))
        for m in w.warning { #expect(lines[0].contains(m), "missing \(m) in \(lines[0])") }
        // JSON has null where the number is not finite.
        let json = try CLI.run(w.arguments + ["--format", "json"])
        #expect(json.status == 0 && json.stdout.contains("null"))
        _ = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8))
    }
}
