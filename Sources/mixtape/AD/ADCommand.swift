import ArgumentParser

/// `mixtape ad`: automatic differentiation of an expression typed on the command line — the
/// lecture's programs, graphs, Jacobians, higher derivatives, Newton, minimisation, systems and divided differences.
/// Every number comes from `ExpressionGraph`; each subcommand is its own file in this folder
/// (add a new one to `subcommands`).
struct ADCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ad",
        abstract: "Automatic differentiation of an expression: programs, graphs, derivatives, code.",
        discussion: """
            An expression uses numbers, variables (x, x1, theta_2), + - * / ^ (or **), unary minus, \
            parentheses, the functions sin cos tan asin acos atan exp log log1p expm1 sqrt abs tanh \
            sinh cosh atan2 pow hypot min max, the constants pi and e, and ';' between several outputs. \
            Write - to read it from stdin or @file to read it from a file; quote it, and start it with a \
            space if it begins with a minus (" -x^2").

            Examples:
              mixtape ad trace "x1*x2 + sin(x1)" --at x1=1,x2=2 --seed 0,1 --plot graph.svg
              mixtape ad grad "x^2*y + exp(y)" --at x=1,y=0.5 --format json
              mixtape ad jacobian "x*y*z; sin(x*y*z)" --at x=1,y=2,z=3 --show-cost
              mixtape ad derive "exp(sin(x))" --at x=0.5 --order 4
              mixtape ad newton "x^2 - 2" --from 1
              mixtape ad minimize "(1 - x)^2 + 100*(y - x^2)^2" --from x=-1.2,y=1 --method bfgs
              mixtape ad solve "x^2 + y^2 - 4; x - y" --from x=1,y=0.5
              mixtape ad codegen "x1*x2 + sin(x1)" --lang c --mode reverse
              mixtape ad divided-differences "x^3" --at x=1 --plot err.svg
            """,
        subcommands: [
            ADTrace.self, ADGrad.self, ADJacobian.self, ADHessian.self, ADDerive.self, ADNewton.self,
            ADMinimize.self, ADSolve.self, ADDividedDifferences.self, ADCodegen.self,
        ])
}
