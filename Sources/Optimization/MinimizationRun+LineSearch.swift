extension MinimizationRun {
    /// A strong Wolfe line search (Moré–Thuente) from the current iterate along `d`, evaluating
    /// f and ∇f at each trial. Returns the accepted point with its gradient, or the status.
    mutating func wolfeSearch(direction d: [Double], slope: Double, initialStep: Double)
        -> (x: [Double], value: Double, gradient: [Double], step: Double, status: LineSearchStatus)
    {
        var search = MoreThuenteLineSearch()
        search.sufficientDecrease = options.sufficientDecrease
        search.curvature = options.curvature
        search.maxTrials = options.maxLineSearchSteps
        let x0 = x
        let start = LineSearchPoint(step: 0, value: value, slope: slope, payload: (x0, gradient))
        let (point, status) = search.search(start: start, initialStep: initialStep) { alpha in
            let trial = moved(x0, by: alpha, along: d)
            guard let (f, g) = self.valueAndGradient(trial) else { return nil }
            return (f, dotProduct(g, d), (trial, g))
        }
        return (point.payload.0, point.value, point.payload.1, point.step, status)
    }

    /// Backtracking to the Armijo condition from the current iterate along `d`, evaluating only f.
    mutating func armijoSearch(direction d: [Double], slope: Double, initialStep: Double)
        -> (x: [Double], value: Double, step: Double, status: LineSearchStatus)
    {
        var search = ArmijoBacktracking()
        search.sufficientDecrease = options.sufficientDecrease
        search.maxTrials = Swift.max(options.maxLineSearchSteps, 60)
        let x0 = x
        let start = LineSearchPoint(step: 0, value: value, slope: slope, payload: x0)
        let (point, status) = search.search(start: start, initialStep: initialStep) { alpha in
            let trial = moved(x0, by: alpha, along: d)
            guard let f = self.value(trial) else { return nil }
            return (f, trial)
        }
        return (point.payload, point.value, point.step, status)
    }
}
